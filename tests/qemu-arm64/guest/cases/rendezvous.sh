# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# TF-RMM requires the rendezvous: every online CPU must enter ACTIVATE and
# wait in the firmware's pen until the last one has done the work.
. /arm64/lib.sh

load_scenario fvp.lfa
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9
rounds=$(summary_field rendezvous_rounds)
calls=$(summary_field el3_activate_calls)
expect "activate" "$(activate $RMM)" OK
expect "current" "$(attr $RMM current_version)" "0.8"
expect "pending" "$(attr $RMM pending_version)" "N/A"
expect "activation_pending" "$(attr $RMM activation_pending)" 0
expect "rendezvous rounds" "$(summary_field rendezvous_rounds)" $((rounds + 1))
expect "ACTIVATE calls" "$(summary_field el3_activate_calls)" $((calls + NCPUS))
expect "CPUs in the pen at once" "$(summary_field rendezvous_gathered)" "$NCPUS"
pass "$NCPUS CPUs met in the pen"
