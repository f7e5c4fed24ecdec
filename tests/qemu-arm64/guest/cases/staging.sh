# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Staging through the shared window: a good image becomes pending; broken
# ones are refused with the firmware-upload error names and stage nothing.
. /arm64/lib.sh

load_scenario fvp.lfa
SP1=f07b2a96-1d47-4d17-9ec8-86a64e253e5c
BL33=d6d0eea7-fcea-d54b-9782-9934f234b6e4
expect "bad crc" "$(stage sp1-badcrc.img $SP1)" "programming:firmware-invalid"
expect "truncated" "$(stage sp1-trunc.img $SP1)" "programming:invalid-file-size"
expect "other guid" "$(stage rmm-0.9.img $SP1)" "preparing:firmware-invalid"
expect "not capable" "$(stage bl33-2.14.img $BL33)" "programming:firmware-invalid"
expect "nothing pending" "$(attr $SP1 activation_pending)" 0
expect "no pending version" "$(attr $SP1 pending_version)" "N/A"
expect "empty upload" "$(echo 1 >$FW/lfa-$SP1/loading; echo 0 >$FW/lfa-$SP1/loading; cat $FW/lfa-$SP1/error)" "receiving:invalid-file-size"
expect "good image" "$(stage sp1-big-1.1.img $SP1)" ""
expect "pending" "$(attr $SP1 activation_pending)" 1
expect "pending version" "$(attr $SP1 pending_version)" "1.1"
expect "activate" "$(activate $SP1)" OK
expect "current" "$(attr $SP1 current_version)" "1.1"
pass "$(summary_field stagings) staged"
