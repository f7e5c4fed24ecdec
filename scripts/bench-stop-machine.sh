#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Measurement, not a test: for 1, 2 and 4 vCPUs (QEMU TCG, Debian's amd64
# kernel) the time an LFA activation spends inside stop_machine() (one
# rendezvous round of the simulated agent, lfa.ko's last_rendezvous_ns)
# against a bare stop_machine() of an empty function (lfa_bench.ko), both
# taken alternately 50 times in the same boot (medians and minimums).
#   scripts/bench-stop-machine.sh [BUILD_DIR]   (default: build)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
mods="$build/kernel/modules-amd64"
mkimage="$build/kernel/testbeds/tools/lfa-mkimage"
if [ ! -f "$mods/lfa_bench.ko" ] || [ ! -x "$mkimage" ]; then
	echo "bench: build first (ninja -C $build)" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for cpus in 1 2 4; do
	sh "$top/tests/qemu-x86_64/run.sh" -k "$top/.deps/linux/amd64/vmlinux" \
		-m "$mods" -t "$mkimage" -w "$work" -c "$cpus" -M bench -T 600 |
		grep '^BENCH' || { echo "bench: $cpus vCPUs failed" >&2; exit 1; }
done
