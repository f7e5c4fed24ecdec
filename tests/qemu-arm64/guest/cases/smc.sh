# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Raw SMCs against the firmware (smc_probe.ko): SMCCC and PSCI answers,
# NOT_SUPPORTED for unknown calls, SMC32 truncation, preserved registers.
. /arm64/lib.sh

[ -f /arm64/smc_probe.ko ] || fail "smc_probe.ko is not in the initramfs"
out=$(insmod /arm64/smc_probe.ko 2>&1) || {
	dmesg | grep "smc_probe: FAIL" | sed "s/^/ARM64-DMESG: $CASE: /"
	fail "insmod smc_probe: $out"
}
summary=$(dmesg | sed -n 's/.*smc_probe: \([0-9]* checks, 0 failed\)$/\1/p' | tail -n 1)
[ -n "$summary" ] || fail "no summary from smc_probe"
rmmod smc_probe
pass "$summary"
