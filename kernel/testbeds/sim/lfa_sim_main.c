// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Simulated LFA agent: the shared agent model (kernel/testbeds/agent) behind the LFA
 * driver's conduit, so the driver runs unchanged on any architecture. Every
 * call goes straight into lfa_agent_smc() with the caller's CPU; during an
 * ACTIVATE rendezvous stop_machine() makes every online CPU call at once,
 * and the model's holding pen does the rest. The firmware-upload staging
 * directories and the /sys/kernel/lfa_sim controls come from kernel/testbeds/common,
 * with the model behind them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "lfa_conduit.h"
#include "lfa_fwu.h"
#include "lfa_sim.h"
#include "lfa_simctl.h"

/* largest image accepted through the upload data file */
#define LFA_SIM_UPLOAD_MAX	(64U << 20)

static char *lfa_sim_scenario_name = "default";
module_param_named(scenario, lfa_sim_scenario_name, charp, 0444);
MODULE_PARM_DESC(scenario,
		 "Built-in scenario loaded at start: default or empty");

/* the one simulated agent; its state is guarded by its platform lock */
static struct lfa_agent lfa_sim_agent;

/*
 * The model's platform lock. The model calls it both in process context and
 * from stop_machine() with interrupts off, so it disables interrupts; the
 * saved flags live here, written only by the holder.
 */
static DEFINE_SPINLOCK(lfa_sim_lock);
static unsigned long lfa_sim_lock_flags;

static void lfa_sim_plat_lock(void *ctx)
{
	unsigned long flags;

	spin_lock_irqsave(&lfa_sim_lock, flags);
	lfa_sim_lock_flags = flags;
}

static void lfa_sim_plat_unlock(void *ctx)
{
	spin_unlock_irqrestore(&lfa_sim_lock, lfa_sim_lock_flags);
}

static unsigned int lfa_sim_plat_online_cpus(void *ctx)
{
	return num_online_cpus();
}

static void lfa_sim_plat_relax(void *ctx)
{
	cpu_relax();
}

/* an image was staged: what ARML0003's Notify() is on real hardware */
static void lfa_sim_plat_notify(void *ctx)
{
	lfa_platform_notify();
}

static void lfa_sim_plat_log(void *ctx, const char *msg)
{
	pr_info("%s\n", msg);
}

static const struct lfa_agent_platform lfa_sim_platform = {
	.lock = lfa_sim_plat_lock,
	.unlock = lfa_sim_plat_unlock,
	.online_cpus = lfa_sim_plat_online_cpus,
	.relax = lfa_sim_plat_relax,
	.notify = lfa_sim_plat_notify,
	.log = lfa_sim_plat_log,
};

static void lfa_sim_invoke(void *ctx, const u64 in[LFA_NR_REGS],
			   u64 out[LFA_NR_REGS])
{
	/* the pen counts arrivals per CPU: stay on this one meanwhile */
	unsigned int cpu = get_cpu();

	lfa_agent_smc(&lfa_sim_agent, cpu, in, out);
	put_cpu();
}

static const struct lfa_conduit_ops lfa_sim_conduit = {
	.invoke = lfa_sim_invoke,
};

/*
 * One upload directory per scenario component, present or hidden (hidden
 * ones may appear after an activation). Only a scenario load changes the
 * GUIDs, and loads are serialised (module init, then lfa_simctl).
 */
static int lfa_sim_sync_uploads(void)
{
	static u8 guids[LFA_AGENT_MAX_COMPONENTS][16];
	unsigned int i;

	for (i = 0; i < lfa_sim_agent.ncomponents; i++)
		memcpy(guids[i], lfa_sim_agent.components[i].guid, 16);
	return lfa_fwu_sync(guids, lfa_sim_agent.ncomponents);
}

/* Replace the scenario; on a parse error nothing changes */
static int lfa_sim_load(const char *text, size_t len)
{
	char err[128];

	if (lfa_agent_load_scenario(&lfa_sim_agent, text, len, err,
				    sizeof(err))) {
		pr_err("scenario rejected: %s\n", err);
		return -EINVAL;
	}
	return lfa_sim_sync_uploads();
}

static ssize_t lfa_sim_summary(char *buf, size_t len)
{
	return lfa_agent_summary(&lfa_sim_agent, buf, len);
}

static int lfa_sim_notify(void)
{
	lfa_platform_notify();
	return 0;
}

static const struct lfa_simctl_ops lfa_sim_controls = {
	.load = lfa_sim_load,
	.summary = lfa_sim_summary,
	.notify = lfa_sim_notify,
};

/* programming: the model validates the image and marks it pending */
static int lfa_sim_stage(const u8 guid[16], const void *image, size_t len,
			 char *err, size_t errlen)
{
	return lfa_agent_stage(&lfa_sim_agent, image, len, err, errlen);
}

static const struct lfa_fwu_ops lfa_sim_uploads = {
	.stage = lfa_sim_stage,
	.max_size = LFA_SIM_UPLOAD_MAX,
};

static int __init lfa_sim_init(void)
{
	const char *text;
	int ret;

	text = lfa_sim_builtin_scenario(lfa_sim_scenario_name);
	if (!text) {
		pr_err("no built-in scenario named '%s'\n",
		       lfa_sim_scenario_name);
		return -EINVAL;
	}
	lfa_agent_init(&lfa_sim_agent, &lfa_sim_platform);
	ret = lfa_fwu_init(&lfa_sim_uploads);
	if (ret)
		return ret;
	ret = lfa_sim_load(text, strlen(text));
	if (ret)
		goto err_upload;
	ret = lfa_simctl_init(&lfa_sim_controls);
	if (ret)
		goto err_upload;
	ret = lfa_conduit_register(&lfa_sim_conduit);
	if (ret) {
		pr_err("cannot register with the LFA driver: %d\n", ret);
		goto err_control;
	}
	pr_info("simulated LFA agent ready, scenario '%s'\n",
		lfa_sim_scenario_name);
	return 0;

err_control:
	lfa_simctl_exit();
err_upload:
	lfa_fwu_exit();
	return ret;
}
module_init(lfa_sim_init);

static void __exit lfa_sim_exit(void)
{
	/* no new calls from the control files or uploads after this */
	lfa_simctl_exit();
	lfa_fwu_exit();
	lfa_conduit_unregister(&lfa_sim_conduit);
}
module_exit(lfa_sim_exit);

MODULE_DESCRIPTION("Simulated Arm LFA agent for testing the LFA driver");
MODULE_AUTHOR("The LFA project authors");
MODULE_LICENSE("GPL");
