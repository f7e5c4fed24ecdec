#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# A check, not a test: runs test suites again and again and counts, because a
# suite that fails one run in eight passes most single CI runs.
#   scripts/soak.sh [-C BUILD_DIR] ROUNDS SUITE... [-- MESON_TEST_ARGS...]
# e.g. scripts/soak.sh 30 qemu-x86_64 qemu-arm64
#      scripts/soak.sh 30 e2e -- --no-suite package
# Every round runs each suite once, one test at a time (--num-processes 1,
# as CI does). It keeps going after a failure: the failure rate is the
# finding. One line per run (clock, round, suite, result, seconds, 1-minute
# load: a loaded machine is a harder run, and the line says how loaded), then
# a summary per suite. The output of every run stays in a work folder under
# BUILD_DIR/soak/ (meson's own logs in BUILD_DIR/meson-logs/soak-*); exits 1
# if any run failed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
if [ "${1:-}" = -C ]; then
	build=$2
	shift 2
fi
usage() {
	echo "usage: $0 [-C BUILD_DIR] ROUNDS SUITE... [-- MESON_TEST_ARGS...]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
rounds=$1
shift
case $rounds in '' | *[!0-9]* | 0) usage ;; esac
suites=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	suites="$suites $1"
	shift
done
[ -n "$suites" ] || usage
[ $# -gt 0 ] && shift # the --; what is left goes to meson test
[ -f "$build/build.ninja" ] || { echo "soak: $build is not a configured build folder" >&2; exit 2; }

mkdir -p "$build/soak"
work=$(mktemp -d "$build/soak/$(date +%Y%m%d-%H%M%S).XXXXXX")
echo "soak: $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?'), $rounds rounds of$suites; output in $work"
results=$work/results
: >"$results"
i=1
while [ "$i" -le "$rounds" ]; do
	for suite in $suites; do
		out=$work/$suite-$i.out
		t0=$(date +%s)
		verdict=FAIL
		# a run that selected no test passes nothing (meson exits 0 then)
		if meson test -C "$build" --num-processes 1 --suite "$suite" \
			--logbase "soak-$suite-$i" "$@" >"$out" 2>&1 &&
			grep -Eq '^Ok: +[1-9]' "$out"; then
			verdict=ok
		fi
		secs=$(($(date +%s) - t0))
		load=$(cut -d' ' -f1 /proc/loadavg)
		echo "$suite $verdict $secs" >>"$results"
		printf '%s round %d %s %s %d s load %s %s\n' "$(date +%T)" "$i" "$suite" \
			"$verdict" "$secs" "$load" \
			"$(grep -E '^(Ok|Fail|Timeout):' "$out" | tr -s ' ' | tr '\n' ' ')"
		[ $verdict = ok ] || grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT)|No suitable tests' "$out" | sed 's/^/    /' || true
	done
	i=$((i + 1))
done

# per suite: runs passed, the longest run of passes in a row, fastest/slowest
awk '
{
	n[$1]++; t = $3
	if ($2 == "ok") { ok[$1]++; row[$1]++; if (row[$1] > best[$1]) best[$1] = row[$1] }
	else row[$1] = 0
	if (!($1 in lo) || t < lo[$1]) lo[$1] = t
	if (t > hi[$1]) hi[$1] = t
}
END {
	for (s in n)
		printf "soak: %s: %d of %d runs passed, %d in a row at most, %d-%d s per run\n", s, ok[s], n[s], best[s], lo[s], hi[s]
}' "$results"
! grep -q ' FAIL ' "$results"
