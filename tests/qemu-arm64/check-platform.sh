#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# The addresses the firmware is built with (kernel/testbeds/el3/firmware/platform_def.h),
# the devicetree fragment (lfa-virt.dtsi) and the QEMU runner
# (run-testbed.sh) must agree; nothing else ties them together.
#   check-platform.sh REPO_ROOT
set -eu
top=$1
def=$top/kernel/testbeds/el3/firmware/platform_def.h
dtsi=$top/kernel/testbeds/el3/firmware/lfa-virt.dtsi
run=$top/tests/qemu-arm64/run-testbed.sh
bad=0

val() {
	v=$(sed -n "s/^#define $1[[:space:]]*ULL\{0,1\}(\(0x[0-9a-fA-F]*\)U\{0,1\}L\{0,2\}).*/\1/p;s/^#define $1[[:space:]]*U(\([0-9]*\)).*/\1/p" "$def")
	if [ -z "$v" ]; then
		echo "check-platform: $1 not found in $def" >&2
		exit 1
	fi
	printf '%d' "$v"
}

same() {
	if [ "$(printf '%d' "$2")" != "$(printf '%d' "$3")" ]; then
		echo "MISMATCH $1: platform_def.h has $(printf '0x%x' "$2"), $4 has $3"
		bad=1
	else
		echo "ok $1 = $(printf '0x%x' "$2")"
	fi
}

reg=$(sed -n 's/.*reg = <0x0 \(0x[0-9a-f]*\) 0x0 \(0x[0-9a-f]*\)>;.*/\1 \2/p' "$dtsi")
same window-base "$(val PLAT_STAGE_WINDOW_BASE)" "${reg% *}" lfa-virt.dtsi
same window-size "$(val PLAT_STAGE_WINDOW_SIZE)" "${reg#* }" lfa-virt.dtsi
spi=$(sed -n 's/.*interrupts = <0 \([0-9]*\) 4>;.*/\1/p' "$dtsi")
same notify-spi "$(val PLAT_LFA_NOTIFY_SPI)" "$spi" lfa-virt.dtsi
for pair in KERNEL_ADDR:PLAT_NS_KERNEL_BASE SCENARIO_ADDR:PLAT_SCENARIO_BASE \
	DTB_ADDR:PLAT_NS_DTB_BASE INITRD_ADDR:PLAT_NS_INITRD_BASE \
	SCENARIO_MAX:PLAT_SCENARIO_MAX; do
	v=$(sed -n "s/^${pair%%:*}=\([0-9a-fx]*\)$/\1/p" "$run")
	same "${pair%%:*}" "$(val "${pair#*:}")" "${v:-<missing>}" run-testbed.sh
done
exit $bad
