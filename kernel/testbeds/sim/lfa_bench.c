// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Reference for scripts/bench-stop-machine.sh: a bare stop_machine() of an
 * empty function on all online CPUs. Writing "run" (any value) times one
 * call, which "last_ns" then shows, so the guest can take it in the same
 * circumstances as an activation (right after a sysfs write), alternating
 * the two.
 */

#define pr_fmt(fmt) "lfa_bench: " fmt

#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/stop_machine.h>

/* written by lfa_bench_run(); module parameter writes are serialised */
static unsigned long long lfa_bench_last_ns;
module_param_named(last_ns, lfa_bench_last_ns, ullong, 0444);
MODULE_PARM_DESC(last_ns, "Duration of the last empty stop_machine(), ns");

static int lfa_bench_empty(void *data)
{
	return 0;
}

static int lfa_bench_run(const char *val, const struct kernel_param *kp)
{
	u64 start;
	int ret;

	start = ktime_get_ns();
	ret = stop_machine(lfa_bench_empty, NULL, cpu_online_mask);
	lfa_bench_last_ns = ktime_get_ns() - start;
	return ret;
}

static const struct kernel_param_ops lfa_bench_run_ops = {
	.set = lfa_bench_run,
};
module_param_cb(run, &lfa_bench_run_ops, NULL, 0200);
MODULE_PARM_DESC(run, "Write anything to time one empty stop_machine()");

MODULE_DESCRIPTION("Time an empty stop_machine() for the LFA benchmark");
MODULE_AUTHOR("The LFA project authors");
MODULE_LICENSE("GPL");
