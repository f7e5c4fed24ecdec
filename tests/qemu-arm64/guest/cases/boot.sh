# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# The firmware booted Linux with every CPU, SMCCC 1.2 and PSCI 1.1, and the
# driver lists exactly the components of the scenario the QEMU loader put in
# memory for the firmware (/arm64/boot.lfa, the runner's --boot-scenario).
. /arm64/lib.sh

expect "cpus online" "$(cat /sys/devices/system/cpu/online)" "$(cpus_upto $((NCPUS - 1)))"
dmesg | grep -q "psci: PSCIv1.1 detected in firmware" || fail "no PSCI 1.1 in dmesg"
dmesg | grep -q "SMC Calling Convention v1.2" || fail "no SMCCC 1.2 in dmesg"
[ -d "$LFA" ] || fail "no $LFA: the driver did not find the agent"
want=$(sed -n 's/^component \([0-9a-f-]*\) .*/\1/p' /arm64/boot.lfa |
	while read -r g; do
		grep -q "^component $g .*hidden" /arm64/boot.lfa || echo "$g"
	done | sort | tr '\n' ' ')
expect "components" "$(ls "$LFA" | sort | tr '\n' ' ')" "$want"
for g in $want; do
	[ -d "$FW/lfa-$g" ] || fail "no upload device lfa-$g"
done
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9
if [ -d "$LFA/$RMM" ]; then
	expect "rmm name" "$(attr $RMM name)" "TF-RMM"
	expect "rmm cpu_rendezvous" "$(attr $RMM cpu_rendezvous)" 1
fi
pass "cpus $(cat /sys/devices/system/cpu/online), $(ls "$LFA" | wc -l) components"
