#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Boot Debian's arm64 kernel on plain QEMU virt (TCG, cortex-a57, no EL3
# firmware, so no SMC agent) with the cross-built lfa.ko and lfa_sim.ko and
# run the same guest scenarios as on x86_64: the simulated-agent path of the
# arm64 build, including the sim's own /sys/class/firmware class.
#   run-arm64-sim.sh -k IMAGE -b BUSYBOX_ARM64 -m MODULE_DIR -t LFA_MKIMAGE
#                    -w WORKDIR [-c CPUS] [-T TIMEOUT_S]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kernel= busybox= moddir= mkimage= work= cpus=2 limit=900
while getopts k:b:m:t:w:c:T: opt; do
	case "$opt" in
	k) kernel=$OPTARG ;;
	b) busybox=$OPTARG ;;
	m) moddir=$OPTARG ;;
	t) mkimage=$OPTARG ;;
	w) work=$OPTARG ;;
	c) cpus=$OPTARG ;;
	T) limit=$OPTARG ;;
	*) exit 2 ;;
	esac
done
if [ -z "$kernel" ] || [ -z "$busybox" ] || [ -z "$moddir" ] ||
	[ -z "$mkimage" ] || [ -z "$work" ]; then
	echo "usage: $0 -k IMAGE -b BUSYBOX -m MODULE_DIR -t LFA_MKIMAGE -w WORKDIR" \
		"[-c CPUS] [-T TIMEOUT_S]" >&2
	exit 2
fi
for f in "$kernel" "$busybox"; do
	if [ ! -f "$f" ]; then
		echo "run-arm64-sim: $f is missing; run scripts/setup.sh" >&2
		exit 1
	fi
done

mkdir -p "$work"
initrd="$work/initramfs.cpio"
log="$work/console-$cpus.log"
sh "$here/mkinitramfs.sh" -o "$initrd" -b "$busybox" -m "$moddir" \
	-l "lfa.ko;lfa_sim.ko" -k "$mkimage"

# cortex-a57: -cpu max is several times slower under TCG (pointer auth)
rc=0
timeout "$limit" qemu-system-aarch64 -accel tcg -M virt -cpu cortex-a57 \
	-m 512 -smp "$cpus" -nographic -no-reboot -kernel "$kernel" \
	-initrd "$initrd" \
	-append "console=ttyAMA0 panic=-1 oops=panic loglevel=4 lfa.mode=tests" \
	</dev/null >"$log" 2>&1 || rc=$?
exec sh "$here/check-console.sh" "$log" tests "$rc" "$limit"
