# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# 1024 components, written as one scenario of a few lines: the EL3
# firmware holds them all and the driver lists every one.
. /arm64/lib.sh

load_scenario large.lfa
expect "components in the firmware" "$(summary_field components)" 1024
expect "components listed" "$(ls "$LFA" | wc -l)" 1024
expect "last one" "$(attr 3ab71f81-32b9-496d-841b-0000000002ff current_version)" "2.0"
load_scenario fvp.lfa
# the driver removes vanished entries from a work item: wait for it
# (bounded, so that a driver that never removes them fails here)
n=0
while [ "$(ls "$LFA" | wc -l)" != 5 ] && [ $n -lt 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
expect "back to the FVP set" "$(ls "$LFA" | wc -l)" 5
pass "1024 components"
