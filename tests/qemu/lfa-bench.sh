#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Guest side of scripts/bench-stop-machine.sh: time an activation's
# stop_machine() (one rendezvous round of the simulated agent) against an
# empty stop_machine() in the same boot. Prints one BENCH line.
RUNS=${LFA_BENCH_RUNS:-20}
G=11111111-1111-4111-8111-111111111111

insmod /lfa/modules/lfa_bench.ko runs="$RUNS" || exit 1
empty=$(dmesg | sed -n 's/.*lfa_bench: .*avg_ns=\([0-9]*\).*/\1/p' | tail -n 1)

total=0
i=0
while [ $i -lt "$RUNS" ]; do
	# a fresh scenario makes the image pending again
	printf 'component %s capable=1 rendezvous=required current=1.0 pending=1.1\n' \
		"$G" >/sys/kernel/lfa_sim/scenario || exit 1
	echo 1 >/sys/firmware/lfa/$G/activate || exit 1
	ns=$(cat /sys/module/lfa/parameters/last_rendezvous_ns)
	total=$((total + ns))
	i=$((i + 1))
done
act=$((total / RUNS))
echo "BENCH cpus=$(nproc) runs=$RUNS empty_stop_machine_ns=$empty" \
	"activate_stop_machine_ns=$act" \
	"ratio=$(awk "BEGIN { printf \"%.2f\", $act / $empty }")"
