# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Agent errors reach userspace with the errno of the v3 contract (every
# activation failure is ECANCELED), and the driver CANCELs after each one:
# the firmware latches on a failed PRIME or ACTIVATE as TF-A does, so a
# driver that forgot would see every later PRIME refused.
. /arm64/lib.sh

load_scenario faults.lfa
# short budgets for the stalls (ms); the driver's defaults are 30 s and 10 s
echo 3000 >/sys/module/lfa/parameters/prime_budget_ms
echo 3000 >/sys/module/lfa/parameters/activate_budget_ms
g() {
	echo "00000000-0000-4000-8000-0000000000$1"
}
expect "ok" "$(activate "$(g 01)")" OK
expect "auth-fails" "$(activate "$(g 02)")" ECANCELED
expect "not latched after a failed PRIME" "$(summary_field prime)" none
expect "activation-fails" "$(activate "$(g 03)")" ECANCELED
expect "activation-fails keeps version" "$(attr "$(g 03)" current_version)" "1.0"
expect "not latched after a failed ACTIVATE" "$(summary_field prime)" none
expect "prime-stalls" "$(activate "$(g 04)")" ECANCELED
expect "activate-stalls" "$(activate "$(g 05)")" ECANCELED
expect "slow-prime" "$(activate "$(g 06)")" OK
expect "busy-once" "$(activate "$(g 07)")" ECANCELED
expect "busy-once, again" "$(activate "$(g 07)")" OK
expect "resets-cpu" "$(activate "$(g 0a)")" ECANCELED
expect "not-capable" "$(activate "$(g 0b)")" ECANCELED
expect "no-memory" "$(activate "$(g 0c)")" ECANCELED
expect "nothing latched at the end" "$(summary_field prime)" none
expect "stage-hw-error" "$(stage hw-1.1.img "$(g 09)")" "programming:hw-error"
echo 30000 >/sys/module/lfa/parameters/prime_budget_ms
echo 10000 >/sys/module/lfa/parameters/activate_budget_ms
pass
