# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Unloading and reloading the modules (the arm64 form of the common
# "reload" scenario): the directories go and come back, and the state lives
# in the firmware, so an activation survives a reload of the driver.
. /arm64/lib.sh

load_scenario fvp.lfa
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9
expect "activate" "$(activate $RMM)" OK
rmmod lfa_stage_shmem || fail "rmmod lfa_stage_shmem"
[ ! -e "$SIM" ] || fail "$SIM left behind"
[ -z "$(ls "$FW" 2>/dev/null)" ] || fail "upload devices left behind: $(ls "$FW")"
rmmod lfa || fail "rmmod lfa"
[ ! -d "$LFA" ] || fail "$LFA left behind"
insmod /lfa/modules/lfa.ko || fail "insmod lfa.ko"
insmod /lfa/modules/lfa_stage_shmem.ko || fail "insmod lfa_stage_shmem.ko"
expect "components" "$(ls "$LFA" | wc -l)" 5
expect "rmm current after reload" "$(attr $RMM current_version)" "0.8"
expect "rmm pending after reload" "$(attr $RMM pending_version)" "N/A"
[ -d "$FW/lfa-$RMM" ] || fail "no upload device after reload"
pass
