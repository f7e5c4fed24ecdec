#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# Guest benchmarks (not a test), one boot of the e2e guest: Debian's amd64
# kernel under TCG, systemd, the stock fwupd daemon under its stock unit,
# lfa.ko on lfa_sim.ko. The guest side (tests/bench/guest/lfa-bench-guest.sh)
# measures, alternated in the same boot:
#   staging   fwupdmgr install of a signed 1 MiB and 32 MiB cabinet against
#             the raw firmware-upload protocol by hand (loading/data/status)
#   coldplug  lfa-bench-coldplug: the plugin against a C loop reading the
#             same sysfs files, at N = 1, 100, 1000 components (N that the
#             loaded simulated agent cannot hold is reported, not measured)
# and this script prints min/median/max and the ratios.
#   scripts/bench-guest.sh [BUILD_DIR]
# Environment: LFA_BENCH_RUNS (default 5), LFA_BENCH_SIZES_MIB (default 1,32),
#              LFA_BENCH_KO_DIR (lfa.ko and lfa_sim.ko from another build,
#              default BUILD_DIR/kernel/modules-amd64)
# The image is the e2e one (tests/e2e/assemble-image.sh) with the bench
# driver, images and harness written into it afterwards with debugfs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
here=$top/tests/e2e
# shellcheck source-path=SCRIPTDIR source=../tests/e2e/e2e-common.sh
. "$here/e2e-common.sh"
e2e_init bench-guest bench 1800 "${1:-$top/build}"
runs=${LFA_BENCH_RUNS:-5}
sizes=${LFA_BENCH_SIZES_MIB:-1,32}
guid=5eed0000-0000-4000-8000-000000000000

linux="$top/.deps/linux/amd64"
kmoddir="$linux/modules"
kernel="$linux/vmlinux"
[ -f "$kernel" ] || kernel="$linux/vmlinuz"
if [ ! -f "$kernel" ] || [ ! -d "$kmoddir/" ]; then
	die "Debian's amd64 kernel is not in $linux; run scripts/setup.sh"
fi
ko=${LFA_BENCH_KO_DIR:-$build/kernel/modules-amd64}
harness="$build/tests/bench/lfa-bench-coldplug"
plugin="$build/plugins-lfa/libfu_plugin_lfa.so"
for f in "$ko/lfa.ko" "$ko/lfa_sim.ko" "$harness" "$plugin"; do
	[ -f "$f" ] || die "$f is not built; run ninja -C $build"
done
command -v debugfs >/dev/null || die "debugfs (e2fsprogs) is missing"
e2e_find_mkimage

e2e_rootfs "" "Debian guest root file system (cached in .deps/e2e/)"
e2e_fresh_work
e2e_keys_and_cabinets

# signed cabinets of the sizes asked for, as a vendor builds them
say "bench cabinets: $sizes MiB"
for mib in $(echo "$sizes" | tr , ' '); do
	c="$work/cab-$mib"
	rm -rf "$c"
	mkdir -p "$c"
	"$mkimage" --guid "$guid" --version 1.1 --size $((mib * 1048576)) -o "$c/firmware.bin" >/dev/null
	sed -e "s|@GUID@|$guid|g" -e "s|@VERSION@|1.1|g" -e "s|@NAME@|bench-$mib|g" \
		-e "s|@ID@|bench_$mib|g" -e "s|@DATE@|$(date -u +%Y-%m-%d)|g" \
		"$top/data/metainfo/lfa-component.metainfo.xml.in" >"$c/firmware.metainfo.xml"
	(
		export FWUPD_LOCALSTATEDIR="$c/state" CACHE_DIRECTORY="$c/cache"
		fwupdtool build-cabinet "$work/cabs/bench-$mib.cab" "$c/firmware.bin" \
			"$c/firmware.metainfo.xml" >"$c/log" 2>&1 &&
			fwupdtool firmware-sign "$work/cabs/bench-$mib.cab" "$work/keys/signer.pem" \
				"$work/keys/signer.key" >>"$c/log" 2>&1
	) || { cat "$c/log" >&2; die "building the $mib MiB cabinet failed"; }
done

say "guest image: the e2e image with the bench driver in place of the e2e one"
sh "$here/assemble-image.sh" "$base" "$kmoddir" "$ko/lfa.ko" "$ko/lfa_sim.ko" "$plugin" "$work"
sh "$here/make-initramfs.sh" "$kmoddir" "$work/initrd.cpio"
lib=/usr/local/lib/lfa-e2e
{
	echo "cd $lib"
	echo "rm lfa-e2e-guest.sh"
	echo "write $top/tests/bench/guest/lfa-bench-guest.sh lfa-e2e-guest.sh"
	echo "write $harness lfa-bench-coldplug"
	for mib in $(echo "$sizes" | tr , ' '); do
		echo "write $work/cab-$mib/firmware.bin bench-$mib.img"
	done
} >"$work/debugfs.cmd"
debugfs -w -f "$work/debugfs.cmd" "$work/root.ext4" >"$work/debugfs.log" 2>&1 ||
	{ cat "$work/debugfs.log" >&2; die "debugfs could not write the bench files"; }
grep -qi "error\|not found\|Could not" "$work/debugfs.log" &&
	{ cat "$work/debugfs.log" >&2; die "debugfs could not write the bench files"; }
t2=$(now)

release=$(basename "$(readlink -f "$kmoddir")")
say "booting $release under qemu-system-x86_64 -accel tcg; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
e2e_run_amd64_guest "lfa_bench.runs=$runs lfa_bench.sizes=$sizes" >"$work/transcript.txt"

e2e_passed() {
	tr -d '\r' <"$work/transcript.log" | python3 "$top/tests/bench/guest/summarize.py"
	say "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}
e2e_failed() {
	cat "$work/transcript.txt" >&2
}
e2e_conclude "$t2" "root fs $((t1 - t0)) s, keys+cabinets+image $((t2 - t1)) s"
