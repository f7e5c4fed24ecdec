// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Activation of one image, as the v3 driver does it: PRIME, polled every
 * 10 ms while the agent asks to be called again; then ACTIVATE - on every
 * online CPU at once inside stop_machine() when the image needs a CPU
 * rendezvous - retried every 10 ms on call_again or BUSY; then re-read the
 * inventory. Both loops have a budget. After any failure the driver sends
 * CANCEL, because TF-A stays latched on a failed component until someone
 * does. Every failure is -ECANCELED for the writer; the reason goes to the
 * kernel log, the only place an admin finds it.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/nmi.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <linux/string.h>

#include "lfa_contract.h"
#include "lfa_priv.h"

/* Budgets for call_again loops, in milliseconds (v3: 30 s and 10 s) */
static unsigned int lfa_prime_budget_ms = 30000;
module_param_named(prime_budget_ms, lfa_prime_budget_ms, uint, 0644);
MODULE_PARM_DESC(prime_budget_ms,
		 "Give up PRIME (and CANCEL) after this many ms of call_again");

static unsigned int lfa_activate_budget_ms = 10000;
module_param_named(activate_budget_ms, lfa_activate_budget_ms, uint, 0644);
MODULE_PARM_DESC(activate_budget_ms,
		 "Give up ACTIVATE (and CANCEL) after this many ms of retries");

/* Pause between two calls of a PRIME or ACTIVATE loop, as v3 */
#define LFA_POLL_MS		10

/*
 * Internal result of PRIME/ACTIVATE: the firmware reported CRITICAL_ERROR,
 * so the component's inventory entry has changed (its image may be gone).
 * The writer still gets -ECANCELED.
 */
#define LFA_ERR_CRITICAL	(-ENXIO)

/*
 * Measurement aid for scripts/bench-stop-machine.sh, not ABI: the time the
 * last rendezvous activation spent in stop_machine(), in debugfs.
 */
static u64 lfa_last_rendezvous_ns;
static struct dentry *lfa_debugfs_dir;

/* One ACTIVATE round; every CPU of the rendezvous answers into its slot */
struct lfa_round {
	u64 in[LFA_NR_REGS];
	u64 (*out)[LFA_NR_REGS];	/* nr_cpu_ids slots */
	cpumask_var_t answered;		/* CPUs whose slot is filled */
};

/* What the log says about the versions: pending only if the file shows it */
static void lfa_log_failure(struct lfa_image *img, const char *stage,
			    const char *reason, const struct lfa_inv_entry *e)
{
	char pending[24] = LFA_NO_VERSION_TEXT;

	if ((e->flags & LFA_INV_ACTIVATION_PENDING) && e->pending_version)
		snprintf(pending, sizeof(pending), "%u.%u",
			 upper_32_bits(e->pending_version),
			 lower_32_bits(e->pending_version));
	pr_err(LFA_IMG_FMT ": activation failed in %s: %s, version %u.%u, pending %s\n",
	       img->name, &img->guid, stage, reason,
	       upper_32_bits(e->current_version),
	       lower_32_bits(e->current_version), pending);
}

/* Log an agent error; the internal result for it */
static int lfa_log_status(struct lfa_image *img, const char *stage,
			  s64 status, const struct lfa_inv_entry *e)
{
	char reason[48];

	snprintf(reason, sizeof(reason), "LFA_%s (%lld)",
		 lfa_status_name(status), status);
	lfa_log_failure(img, stage, reason, e);
	if (status != LFA_CRITICAL_ERROR)
		return -ECANCELED;
	pr_crit(LFA_IMG_FMT ": firmware reports a critical error: the component may provide no service until the next reset\n",
		img->name, &img->guid);
	return LFA_ERR_CRITICAL;
}

static void lfa_log_budget(struct lfa_image *img, const char *stage,
			   unsigned int budget_ms, const struct lfa_inv_entry *e)
{
	char reason[48];

	snprintf(reason, sizeof(reason), "no answer within %u ms", budget_ms);
	lfa_log_failure(img, stage, reason, e);
}

/*
 * Release the agent from a failed or abandoned PRIME/ACTIVATE of this
 * image. A refusal is logged; the writer gets -ECANCELED either way.
 */
static void lfa_cancel_after_failure(struct lfa_image *img, u64 seq_id)
{
	u64 in[LFA_NR_REGS] = { LFA_FN_CANCEL, seq_id };
	u64 out[LFA_NR_REGS];
	s64 status;

	lfa_call(in, out);
	status = lfa_status(out[0]);
	if (status != LFA_SUCCESS)
		pr_err(LFA_IMG_FMT ": CANCEL after the failure refused: LFA_%s (%lld)\n",
		       img->name, &img->guid, lfa_status_name(status), status);
}

static int lfa_prime(struct lfa_image *img, u64 seq_id,
		     const struct lfa_inv_entry *e)
{
	unsigned int budget_ms = READ_ONCE(lfa_prime_budget_ms);
	unsigned long deadline = jiffies + msecs_to_jiffies(budget_ms);
	u64 in[LFA_NR_REGS] = { LFA_FN_PRIME, seq_id };
	u64 out[LFA_NR_REGS];
	s64 status;
	int ret;

	for (;;) {
		touch_nmi_watchdog();
		lfa_call(in, out);
		status = lfa_status(out[0]);
		if (status != LFA_SUCCESS) {
			ret = lfa_log_status(img, "PRIME", status, e);
			lfa_cancel_after_failure(img, seq_id);
			return ret;
		}
		if (!(out[1] & LFA_CALL_AGAIN))
			return 0;
		if (time_after(jiffies, deadline)) {
			lfa_log_budget(img, "PRIME", budget_ms, e);
			lfa_cancel_after_failure(img, seq_id);
			return -ECANCELED;
		}
		msleep_interruptible(LFA_POLL_MS);
	}
}

/* stop_machine() callback: runs on every online CPU, interrupts off */
static int lfa_activate_cpu(void *data)
{
	struct lfa_round *round = data;
	unsigned int cpu = smp_processor_id();

	/* the holding pen may keep this CPU for long with interrupts off */
	touch_nmi_watchdog();
	lfa_call(round->in, round->out[cpu]);
	cpumask_set_cpu(cpu, round->answered);
	return 0;
}

/*
 * One ACTIVATE call, or one round of it on all CPUs. A round is one
 * stop_machine(): the agent's holding pen releases every CPU with the same
 * answer, so the decision to call again (or to give up) is taken here, by
 * one thread, and no CPU can be left waiting in the pen.
 */
static int lfa_activate_round(struct lfa_round *round, bool rendezvous,
			      u64 out[LFA_NR_REGS], u64 *ns)
{
	unsigned int cpu, first;
	int ret = 0;
	u64 start;

	if (!rendezvous) {
		touch_nmi_watchdog();
		lfa_call(round->in, out);
		return 0;
	}

	cpumask_clear(round->answered);
	start = ktime_get_ns();
	/* every CPU in the mask runs the callback, all at once */
	ret = stop_machine(lfa_activate_cpu, round, cpu_online_mask);
	*ns += ktime_get_ns() - start;
	if (ret)
		return ret;
	first = cpumask_first(round->answered);
	if (first >= nr_cpu_ids)
		return -EIO;
	memcpy(out, round->out[first], sizeof(round->out[first]));
	for_each_cpu(cpu, round->answered) {
		if (round->out[cpu][0] != out[0] ||
		    round->out[cpu][1] != out[1]) {
			pr_err("CPUs %u and %u got different ACTIVATE answers\n",
			       first, cpu);
			ret = -EIO;
		}
	}
	return ret;
}

/* ACTIVATE until it neither asks to be called again nor answers BUSY */
static int lfa_activate_loop(struct lfa_image *img, struct lfa_round *round,
			     bool rendezvous, const struct lfa_inv_entry *e)
{
	unsigned int budget_ms = READ_ONCE(lfa_activate_budget_ms);
	unsigned long deadline = jiffies + msecs_to_jiffies(budget_ms);
	u64 out[LFA_NR_REGS];
	unsigned int rounds = 0;
	u64 ns = 0;
	s64 status;
	int ret;

	for (;;) {
		ret = lfa_activate_round(round, rendezvous, out, &ns);
		rounds++;
		if (ret) {
			lfa_log_failure(img, "ACTIVATE",
					"CPUs disagree or stop_machine failed",
					e);
			ret = -ECANCELED;
			break;
		}
		status = lfa_status(out[0]);
		if (status == LFA_SUCCESS && !(out[1] & LFA_CALL_AGAIN))
			break;
		if (status != LFA_SUCCESS && status != LFA_BUSY) {
			ret = lfa_log_status(img, "ACTIVATE", status, e);
			break;
		}
		if (time_after(jiffies, deadline)) {
			if (status == LFA_BUSY)
				lfa_log_status(img, "ACTIVATE", status, e);
			else
				lfa_log_budget(img, "ACTIVATE", budget_ms, e);
			ret = -ECANCELED;
			break;
		}
		msleep_interruptible(LFA_POLL_MS);
	}
	if (rendezvous) {
		WRITE_ONCE(lfa_last_rendezvous_ns, ns);
		pr_info(LFA_IMG_FMT ": %u rendezvous round(s) on %u CPUs, %llu ns in stop_machine\n",
			img->name, &img->guid, rounds, num_online_cpus(), ns);
	}
	return ret;
}

static int lfa_activate(struct lfa_image *img, u64 seq_id, bool rendezvous,
			const struct lfa_inv_entry *e)
{
	struct lfa_round round = {
		.in = { LFA_FN_ACTIVATE, seq_id,
			rendezvous ? 0 : LFA_SKIP_CPU_RENDEZVOUS },
	};
	int ret;

	/* x3/x4 (entry point, context id) stay 0: no CPU-resetting images */
	round.out = kcalloc(nr_cpu_ids, sizeof(*round.out), GFP_KERNEL);
	if (!round.out ||
	    !zalloc_cpumask_var(&round.answered, GFP_KERNEL)) {
		kfree(round.out);
		lfa_log_failure(img, "ACTIVATE", "out of memory", e);
		lfa_cancel_after_failure(img, seq_id);
		return -ECANCELED;
	}
	ret = lfa_activate_loop(img, &round, rendezvous, e);
	free_cpumask_var(round.answered);
	kfree(round.out);
	if (ret)
		lfa_cancel_after_failure(img, seq_id);
	return ret;
}

/*
 * The activate file, or auto-activation. Caller holds lfa_activation_lock,
 * so no refresh can renumber the image meanwhile. 0 or -ECANCELED.
 */
int lfa_activate_locked(struct lfa_image *img)
{
	struct lfa_inv_entry e = { 0 };
	u64 seq_id, old, new;
	bool rendezvous;
	int ret;

	lockdep_assert_held(&lfa_activation_lock);
	mutex_lock(&lfa_inv_lock);
	ret = lfa_image_query(img, &e);
	seq_id = img->seq_id;
	rendezvous = img->force_rendezvous ||
		     !(e.flags & LFA_INV_RENDEZVOUS_OPTIONAL);
	mutex_unlock(&lfa_inv_lock);
	if (ret) {
		e.current_version = img->current_version;
		lfa_log_failure(img, "PRIME", ret == -ENODEV ?
				"no longer listed by the firmware" :
				"GET_INVENTORY failed", &e);
		return -ECANCELED;
	}
	if (e.flags & LFA_INV_MAY_RESET_CPU) {
		lfa_log_failure(img, "PRIME",
				"may_reset_cpu images are not activated live",
				&e);
		return -ECANCELED;
	}
	if (!(e.flags & LFA_INV_ACTIVATION_CAPABLE)) {
		lfa_log_failure(img, "PRIME", "not activation capable", &e);
		return -ECANCELED;
	}

	old = e.current_version;
	ret = lfa_prime(img, seq_id, &e);
	if (!ret)
		ret = lfa_activate(img, seq_id, rendezvous, &e);
	if (ret == LFA_ERR_CRITICAL) {
		/* show what the firmware now lists for the component */
		if (lfa_inventory_refresh())
			pr_err("inventory refresh after a critical error failed\n");
	}
	if (ret)
		return -ECANCELED;

	/* the activation happened even if the refresh fails */
	ret = lfa_inventory_refresh();
	if (ret)
		pr_err("inventory refresh after activation failed: %d\n", ret);
	mutex_lock(&lfa_inv_lock);
	new = img->current_version;
	mutex_unlock(&lfa_inv_lock);
	pr_info(LFA_IMG_FMT ": version %u.%u -> %u.%u\n", img->name, &img->guid,
		upper_32_bits(old), lower_32_bits(old), upper_32_bits(new),
		lower_32_bits(new));
	return 0;
}

/* The cancel file: refusal -EINVAL, an image no longer listed -ENOENT */
int lfa_cancel(struct lfa_image *img)
{
	u64 in[LFA_NR_REGS] = { LFA_FN_CANCEL };
	u64 out[LFA_NR_REGS];
	s64 status;

	mutex_lock(&lfa_inv_lock);
	if (img->gone) {
		mutex_unlock(&lfa_inv_lock);
		return -LFA_ERRNO_CANCEL_GONE;
	}
	in[1] = img->seq_id;
	lfa_call(in, out);
	mutex_unlock(&lfa_inv_lock);

	status = lfa_status(out[0]);
	if (status != LFA_SUCCESS) {
		pr_info(LFA_IMG_FMT ": CANCEL refused: LFA_%s (%lld)\n",
			img->name, &img->guid, lfa_status_name(status), status);
		return -LFA_ERRNO_CANCEL_REFUSED;
	}
	return 0;
}

static int lfa_last_rendezvous_get(void *data, u64 *val)
{
	*val = READ_ONCE(lfa_last_rendezvous_ns);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(lfa_last_rendezvous_fops, lfa_last_rendezvous_get,
			 NULL, "%llu\n");

/* /sys/kernel/debug/lfa/last_rendezvous_ns; failures only lose the aid */
void lfa_activate_debugfs_init(void)
{
	lfa_debugfs_dir = debugfs_create_dir("lfa", NULL);
	debugfs_create_file_unsafe("last_rendezvous_ns", 0444, lfa_debugfs_dir,
				   NULL, &lfa_last_rendezvous_fops);
}

void lfa_activate_debugfs_exit(void)
{
	debugfs_remove_recursive(lfa_debugfs_dir);
}
