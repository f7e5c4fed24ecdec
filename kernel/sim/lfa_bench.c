// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Reference for scripts/bench-stop-machine.sh: the cost of a bare
 * stop_machine() of an empty function on all online CPUs, measured when
 * the module is loaded and printed to the kernel log.
 */

#define pr_fmt(fmt) "lfa_bench: " fmt

#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/stop_machine.h>

static unsigned int lfa_bench_runs = 20;
module_param_named(runs, lfa_bench_runs, uint, 0444);
MODULE_PARM_DESC(runs, "Number of empty stop_machine() calls to time");

static int lfa_bench_empty(void *data)
{
	return 0;
}

static int __init lfa_bench_init(void)
{
	u64 start, ns, total = 0, min = U64_MAX;
	unsigned int i;
	int ret;

	if (!lfa_bench_runs)
		return -EINVAL;
	for (i = 0; i < lfa_bench_runs; i++) {
		start = ktime_get_ns();
		ret = stop_machine(lfa_bench_empty, NULL, cpu_online_mask);
		ns = ktime_get_ns() - start;
		if (ret)
			return ret;
		total += ns;
		min = min(min, ns);
	}
	pr_info("empty stop_machine on %u CPUs: runs=%u avg_ns=%llu min_ns=%llu\n",
		num_online_cpus(), lfa_bench_runs,
		div_u64(total, lfa_bench_runs), min);
	return 0;
}
module_init(lfa_bench_init);

static void __exit lfa_bench_exit(void)
{
}
module_exit(lfa_bench_exit);

MODULE_DESCRIPTION("Time an empty stop_machine() for the LFA benchmark");
MODULE_AUTHOR("The LFA project authors");
MODULE_LICENSE("GPL");
