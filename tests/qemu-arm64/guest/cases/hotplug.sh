# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# PSCI CPU_OFF and CPU_ON: with the last CPU offline the rendezvous waits
# for one CPU less, and the CPU comes back afterwards.
. /arm64/lib.sh

load_scenario fvp.lfa
last=$((NCPUS - 1))
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9
echo 0 >/sys/devices/system/cpu/cpu$last/online || fail "cannot offline cpu$last"
expect "online" "$(cat /sys/devices/system/cpu/online)" "$(cpus_upto $((last - 1)))"
calls=$(summary_field el3_activate_calls)
expect "activate" "$(activate $RMM)" OK
expect "ACTIVATE calls" "$(summary_field el3_activate_calls)" $((calls + last))
expect "CPUs in the pen at once" "$(summary_field rendezvous_gathered)" "$last"
echo 1 >/sys/devices/system/cpu/cpu$last/online || fail "cannot online cpu$last"
expect "online again" "$(cat /sys/devices/system/cpu/online)" "$(cpus_upto $last)"
pass "$last CPUs in the pen while cpu$last was off"
