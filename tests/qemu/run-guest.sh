#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Boot Debian's kernel under QEMU (TCG, never KVM) with lfa.ko and the
# simulated agent, run the guest scenarios of tests/qemu/lfa-tests.sh (or
# the benchmark) and judge the serial log.
#   run-guest.sh -a amd64|arm64 -k KERNEL -m MODULE_DIR -t LFA_MKIMAGE
#                -w WORK_PARENT [-b BUSYBOX] [-s SSDT_AML] [-c CPUS]
#                [-M tests|bench] [-T TIMEOUT_S]
# amd64: the uncompressed vmlinux through PVH on "pc"; with -s the SSDT
# declaring the ACPI ARML0003 device is added (-acpitable) and
# lfa_acpi_kick.ko loaded, so the driver binds to it and the ACPI Notify
# path runs. arm64: the Image on plain "virt" with cortex-a57 (no EL3
# agent: the simulated one registers; lfa.ko binds to its own platform
# device). Each run works in a new directory under WORK_PARENT, removed
# after a success.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/runner-lib.sh"
arch='' kernel='' moddir='' mkimage='' parent='' busybox=/bin/busybox ssdt='' cpus=2
mode=tests limit=900
while getopts a:k:m:t:w:b:s:c:M:T: opt; do
	case "$opt" in
	a) arch=$OPTARG ;;
	k) kernel=$OPTARG ;;
	m) moddir=$OPTARG ;;
	t) mkimage=$OPTARG ;;
	w) parent=$OPTARG ;;
	b) busybox=$OPTARG ;;
	s) ssdt=$OPTARG ;;
	c) cpus=$OPTARG ;;
	M) mode=$OPTARG ;;
	T) limit=$OPTARG ;;
	*) exit 2 ;;
	esac
done
if [ -z "$arch" ] || [ -z "$kernel" ] || [ -z "$moddir" ] ||
	[ -z "$mkimage" ] || [ -z "$parent" ]; then
	echo "usage: $0 -a amd64|arm64 -k KERNEL -m MODULE_DIR -t LFA_MKIMAGE" \
		"-w WORK_PARENT [-b BUSYBOX] [-s SSDT_AML] [-c CPUS]" \
		"[-M tests|bench] [-T TIMEOUT_S]" >&2
	exit 2
fi
lfa_run_need "$kernel" "$busybox" || exit 1

work=$(lfa_run_workdir "$parent" "$arch-$mode-$cpus")
initrd="$work/initramfs.cpio"
log="$work/console.log"
load="lfa.ko;lfa_sim.ko"
if [ -n "$ssdt" ]; then
	lfa_run_need "$ssdt" || exit 1
	load="$load;lfa_acpi_kick.ko"
fi
sh "$here/mkinitramfs.sh" -o "$initrd" -b "$busybox" -m "$moddir" \
	-l "$load" -k "$mkimage"

append="panic=-1 oops=panic loglevel=4 lfa.mode=$mode"
rc=0
case "$arch" in
amd64)
	# vmlinux (ELF) boots through PVH, about twice as fast as the bzImage
	set -- -M pc -cpu max
	[ -z "$ssdt" ] || set -- "$@" -acpitable "file=$ssdt"
	lfa_run_qemu "$limit" "$log" qemu-system-x86_64 -accel tcg "$@" \
		-m 512 -smp "$cpus" -nographic -no-reboot -nodefaults \
		-serial stdio -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 $append" || rc=$?
	;;
arm64)
	# cortex-a57: -cpu max is several times slower under TCG (pointer auth)
	lfa_run_qemu "$limit" "$log" qemu-system-aarch64 -accel tcg -M virt \
		-cpu cortex-a57 -m 512 -smp "$cpus" -nographic -no-reboot \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyAMA0 $append" || rc=$?
	;;
*)
	echo "run-guest: unknown architecture $arch" >&2
	exit 2
	;;
esac

status=0
sh "$here/check-console.sh" "$log" "$mode" "$rc" "$limit" || status=$?
lfa_run_cleanup "$work" "$status"
exit "$status"
