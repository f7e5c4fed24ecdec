# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# SP2's rendezvous is optional and the admin opts out: one CPU activates,
# the others keep running Linux.
. /arm64/lib.sh

load_scenario fvp.lfa
SP2=c3ff2127-7e41-a9f8-05af-24a1afa33474
expect "stage" "$(stage sp2-1.1.img $SP2)" ""
echo 0 >"$LFA/$SP2/force_cpu_rendezvous" || fail "cannot clear force_cpu_rendezvous"
rounds=$(summary_field rendezvous_rounds)
calls=$(summary_field el3_activate_calls)
expect "activate" "$(activate $SP2)" OK
expect "current" "$(attr $SP2 current_version)" "1.1"
expect "rendezvous rounds" "$(summary_field rendezvous_rounds)" "$rounds"
expect "ACTIVATE calls" "$(summary_field el3_activate_calls)" $((calls + 1))
expect "CPUs in ACTIVATE at once" "$(summary_field rendezvous_gathered)" 1
pass "one CPU, no pen"
