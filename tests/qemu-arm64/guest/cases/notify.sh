# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# auto_activate: staging makes the firmware raise its notification SPI, the
# driver takes the interrupt and activates by itself. The interrupt is
# level-high, as in the arm,lfa binding, and one staging makes exactly one:
# a oneshot handler that let a level interrupt fire again would count more.
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
[ "${irqs:-0}" -eq $((${irqs_before:-0} + 1)) ] ||
	fail "want one lfa interrupt for one staging, counted $irqs_before -> $irqs"
trigger=$(awk '/ lfa$/ { print $(NF - 1) }' /proc/interrupts)
expect "trigger of the lfa interrupt" "$trigger" "Level"
pass "activated $((n * 100)) ms after staging"
