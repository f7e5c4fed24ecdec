# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# auto_activate: staging makes the firmware raise its notification SPI, the
# driver takes the interrupt and activates by itself.
. /arm64/lib.sh

load_scenario fvp.lfa
SP2=c3ff2127-7e41-a9f8-05af-24a1afa33474
echo 1 >"$LFA/$SP2/auto_activate" || fail "cannot set auto_activate"
irqs_before=$(awk '/ lfa$/ { s = 0; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print s }' /proc/interrupts)
expect "stage" "$(stage sp2-1.1.img $SP2)" ""
n=0
while [ "$(attr $SP2 current_version)" != "1.1" ] && [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
expect "auto-activated" "$(attr $SP2 current_version)" "1.1"
irqs=$(awk '/ lfa$/ { s = 0; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print s }' /proc/interrupts)
[ "${irqs:-0}" -gt "${irqs_before:-0}" ] || fail "no lfa interrupt counted ($irqs_before -> $irqs)"
pass "activated $((n * 100)) ms after staging"
