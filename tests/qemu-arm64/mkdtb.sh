#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Build the devicetree for the LFA testbed firmware: dump the tree QEMU
# generates for the same machine (with -bios QEMU builds a different board
# than without), then add kernel/testbeds/el3/firmware/lfa-virt.dtsi, a PSCI enable-method
# for every CPU, and /chosen (command line, initrd range).
#
# usage: mkdtb.sh QEMU MACHINE CPU FIRMWARE SMP MEM DTSI INITRD_START INITRD_SIZE
#                 BOOTARGS OUT
set -eu
qemu=$1 machine=$2 cpu=$3
shift 3
fw=$1 smp=$2 mem=$3 dtsi=$4 initrd_start=$5 initrd_size=$6 bootargs=$7 out=$8

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$qemu" -M "$machine,dumpdtb=$tmp/qemu.dtb" -cpu "$cpu" -smp "$smp" \
	-m "$mem" -bios "$fw" -display none -monitor none -serial none >/dev/null 2>&1
dtc -q -I dtb -O dts -o "$tmp/qemu.dts" "$tmp/qemu.dtb"

initrd_end=$((initrd_start + initrd_size))
{
	cat "$tmp/qemu.dts"
	cat "$dtsi"
	for cpu in $(sed -n 's/^[[:space:]]*\(cpu@[0-9a-f]*\) {$/\1/p' "$tmp/qemu.dts"); do
		printf '&{/cpus/%s} { enable-method = "psci"; };\n' "$cpu"
	done
	printf '/ { chosen {\n'
	printf '\tbootargs = "%s";\n' "$bootargs"
	if [ "$initrd_size" -gt 0 ]; then
		printf '\tlinux,initrd-start = /bits/ 64 <%s>;\n' "$(printf '0x%x' "$initrd_start")"
		printf '\tlinux,initrd-end = /bits/ 64 <%s>;\n' "$(printf '0x%x' "$initrd_end")"
	fi
	printf '}; };\n'
} >"$tmp/lfa.dts"
dtc -q -I dts -O dtb -o "$out" "$tmp/lfa.dts"
