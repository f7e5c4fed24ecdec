# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Agent errors reach userspace with the errno of the driver's contract.
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
expect "activation-fails" "$(activate "$(g 03)")" ECANCELED
expect "activation-fails keeps version" "$(attr "$(g 03)" current_version)" "1.0"
expect "prime-stalls" "$(activate "$(g 04)")" ETIMEDOUT
expect "activate-stalls" "$(activate "$(g 05)")" ETIMEDOUT
expect "slow-prime" "$(activate "$(g 06)")" OK
expect "busy-once" "$(activate "$(g 07)")" EBUSY
expect "busy-once, again" "$(activate "$(g 07)")" OK
expect "resets-cpu" "$(activate "$(g 0a)")" EINVAL
expect "not-capable" "$(activate "$(g 0b)")" EINVAL
expect "no-memory" "$(activate "$(g 0c)")" ENOMEM
expect "stage-hw-error" "$(stage hw-1.1.img "$(g 09)")" "programming:hw-error"
echo 30000 >/sys/module/lfa/parameters/prime_budget_ms
echo 10000 >/sys/module/lfa/parameters/activate_budget_ms
pass
