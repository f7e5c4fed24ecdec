# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# SP1's rendezvous is optional but force_cpu_rendezvous defaults to 1, so
# the driver still brings every CPU into the pen.
. /arm64/lib.sh

load_scenario fvp.lfa
SP1=f07b2a96-1d47-4d17-9ec8-86a64e253e5c
expect "cpu_rendezvous" "$(attr $SP1 cpu_rendezvous)" 0
expect "force_cpu_rendezvous" "$(attr $SP1 force_cpu_rendezvous)" 1
expect "stage" "$(stage sp1-1.1.img $SP1)" ""
expect "pending" "$(attr $SP1 pending_version)" "1.1"
rounds=$(summary_field rendezvous_rounds)
calls=$(summary_field el3_activate_calls)
expect "activate" "$(activate $SP1)" OK
expect "current" "$(attr $SP1 current_version)" "1.1"
expect "rendezvous rounds" "$(summary_field rendezvous_rounds)" $((rounds + 1))
expect "ACTIVATE calls" "$(summary_field el3_activate_calls)" $((calls + NCPUS))
expect "CPUs in the pen at once" "$(summary_field rendezvous_gathered)" "$NCPUS"
pass "$NCPUS CPUs met in the pen"
