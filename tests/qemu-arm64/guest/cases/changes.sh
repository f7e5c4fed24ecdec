# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Activating "loader" makes "payload" appear and "legacy" vanish.
. /arm64/lib.sh

load_scenario changes.lfa
LOADER=11111111-0000-4000-8000-000000000001
expect "before" "$(ls "$LFA" | tr '\n' ' ')" "11111111-0000-4000-8000-000000000001 11111111-0000-4000-8000-000000000002 11111111-0000-4000-8000-000000000004 "
expect "activate" "$(activate $LOADER)" OK
expect "after" "$(ls "$LFA" | tr '\n' ' ')" "11111111-0000-4000-8000-000000000001 11111111-0000-4000-8000-000000000003 11111111-0000-4000-8000-000000000004 "
expect "loader" "$(attr $LOADER current_version)" "2.0"
pass
