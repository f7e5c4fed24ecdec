# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# The firmware booted Linux with every CPU, SMCCC 1.2 and PSCI 1.1, and the
# driver found the scenario the QEMU loader placed in memory (fvp.lfa).
. /arm64/lib.sh

expect "cpus online" "$(cat /sys/devices/system/cpu/online)" "0-$((NCPUS - 1))"
dmesg | grep -q "psci: PSCIv1.1 detected in firmware" || fail "no PSCI 1.1 in dmesg"
dmesg | grep -q "SMC Calling Convention v1.2" || fail "no SMCCC 1.2 in dmesg"
[ -d "$LFA" ] || fail "no $LFA: the driver did not find the agent"
expect "components" "$(ls "$LFA" | wc -l)" 5
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9
expect "rmm name" "$(attr $RMM name)" "TF-RMM"
expect "rmm current" "$(attr $RMM current_version)" "0.7"
expect "rmm pending" "$(attr $RMM pending_version)" "0.8"
expect "rmm cpu_rendezvous" "$(attr $RMM cpu_rendezvous)" 1
expect "bl31 may_reset_cpu" "$(attr 47d4086d-4cfe-9846-9b95-2950cbbd5a00 may_reset_cpu)" 1
expect "bl33 capable" "$(attr d6d0eea7-fcea-d54b-9782-9934f234b6e4 activation_capable)" 0
for g in $(ls "$LFA"); do
	[ -d "$FW/lfa-$g" ] || fail "no upload device lfa-$g"
done
pass "$(cat /sys/devices/system/cpu/online), $(ls "$LFA" | wc -l) components"
