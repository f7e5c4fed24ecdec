#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Boot Debian's amd64 kernel under QEMU (TCG, never KVM) with the LFA
# modules and run the guest scenarios of tests/qemu/lfa-tests.sh.
#   run.sh -k VMLINUX -m MODULE_DIR -t LFA_MKIMAGE -w WORKDIR
#          [-c CPUS] [-M tests|bench] [-T TIMEOUT_S]
# Exit 0 only when the guest finished and no scenario failed. The serial
# log is kept in WORKDIR/console-<cpus>.log.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kernel= moddir= mkimage= work= cpus=2 mode=tests limit=900
while getopts k:m:t:w:c:M:T: opt; do
	case "$opt" in
	k) kernel=$OPTARG ;;
	m) moddir=$OPTARG ;;
	t) mkimage=$OPTARG ;;
	w) work=$OPTARG ;;
	c) cpus=$OPTARG ;;
	M) mode=$OPTARG ;;
	T) limit=$OPTARG ;;
	*) exit 2 ;;
	esac
done
if [ -z "$kernel" ] || [ -z "$moddir" ] || [ -z "$mkimage" ] || [ -z "$work" ]; then
	echo "usage: $0 -k VMLINUX -m MODULE_DIR -t LFA_MKIMAGE -w WORKDIR" \
		"[-c CPUS] [-M tests|bench] [-T TIMEOUT_S]" >&2
	exit 2
fi
if [ ! -f "$kernel" ]; then
	echo "run: no kernel at $kernel; run scripts/setup.sh" >&2
	exit 1
fi

mkdir -p "$work"
initrd="$work/initramfs-$mode.cpio"
log="$work/console-$mode-$cpus.log"
sh "$here/../qemu/mkinitramfs.sh" -o "$initrd" -b /bin/busybox -m "$moddir" \
	-l "lfa.ko;lfa_sim.ko" -k "$mkimage"

# vmlinux (ELF) boots through PVH, about twice as fast as the bzImage
rc=0
timeout "$limit" qemu-system-x86_64 -accel tcg -M pc -cpu max -m 512 \
	-smp "$cpus" -nographic -no-reboot -nodefaults -serial stdio \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=4 lfa.mode=$mode" \
	</dev/null >"$log" 2>&1 || rc=$?

exec sh "$here/../qemu/check-console.sh" "$log" "$mode" "$rc" "$limit"
