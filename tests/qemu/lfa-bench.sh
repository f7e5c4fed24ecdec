#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Guest side of scripts/bench-stop-machine.sh: the time an activation spends
# in stop_machine() (one rendezvous round of the simulated agent, lfa.ko's
# debugfs file lfa/last_rendezvous_ns) against an empty stop_machine() (lfa_bench.ko), taken
# alternately in the same boot. Prints one BENCH line with medians (TCG on
# a busy host has long outliers) and minimums.
RUNS=${LFA_BENCH_RUNS:-50}
G=11111111-1111-4111-8111-111111111111
BENCH=/sys/module/lfa_bench/parameters

insmod /lfa/modules/lfa_bench.ko || exit 1
# the measurement aid is in debugfs, not in the module's ABI
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug || exit 1
: >/tmp/empty.ns
: >/tmp/act.ns
i=0
while [ $i -lt "$RUNS" ]; do
	# a fresh scenario makes the image pending again
	printf 'component %s capable=1 rendezvous=required current=1.0 pending=1.1\n' \
		"$G" >/sys/kernel/lfa_sim/scenario || exit 1
	echo 1 >"$BENCH/run" || exit 1
	cat "$BENCH/last_ns" >>/tmp/empty.ns
	echo 1 >/sys/firmware/lfa/$G/activate || exit 1
	cat /sys/kernel/debug/lfa/last_rendezvous_ns >>/tmp/act.ns
	i=$((i + 1))
done

# median and minimum of a file of numbers
median() {
	sort -n "$1" | sed -n "$((RUNS / 2 + 1))p"
}
minimum() {
	sort -n "$1" | head -n 1
}
em=$(median /tmp/empty.ns)
am=$(median /tmp/act.ns)
echo "BENCH cpus=$(nproc) runs=$RUNS" \
	"empty_median_ns=$em empty_min_ns=$(minimum /tmp/empty.ns)" \
	"activate_median_ns=$am activate_min_ns=$(minimum /tmp/act.ns)" \
	"ratio_median=$(awk "BEGIN { printf \"%.2f\", $am / $em }")"
