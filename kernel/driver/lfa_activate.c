// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Activation of one image: PRIME until the agent stops asking to be called
 * again, then ACTIVATE - on every online CPU at once inside stop_machine()
 * when the image needs a CPU rendezvous - then re-read the inventory. Both
 * loops have a budget; an agent still busy past it gets a CANCEL.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <linux/string.h>

#include "lfa_priv.h"

/* Budgets for call_again loops, in milliseconds */
unsigned int lfa_prime_budget_ms = 30000;
module_param_named(prime_budget_ms, lfa_prime_budget_ms, uint, 0644);
MODULE_PARM_DESC(prime_budget_ms,
		 "Give up PRIME (and CANCEL) after this many ms of call_again");

unsigned int lfa_activate_budget_ms = 10000;
module_param_named(activate_budget_ms, lfa_activate_budget_ms, uint, 0644);
MODULE_PARM_DESC(activate_budget_ms,
		 "Give up ACTIVATE (and CANCEL) after this many ms of call_again");

/* Measurement aid for scripts/bench-stop-machine.sh */
static unsigned long long lfa_last_rendezvous_ns;
module_param_named(last_rendezvous_ns, lfa_last_rendezvous_ns, ullong, 0444);
MODULE_PARM_DESC(last_rendezvous_ns,
		 "Time spent in stop_machine() by the last activation, in ns");

/* Pause between call_again replies of PRIME, in microseconds */
#define LFA_PRIME_POLL_MIN_US	50
#define LFA_PRIME_POLL_MAX_US	200

/* One ACTIVATE round; every CPU of the rendezvous answers into its slot */
struct lfa_round {
	u64 in[LFA_NR_REGS];
	u64 (*out)[LFA_NR_REGS];	/* nr_cpu_ids slots */
	cpumask_var_t answered;		/* CPUs whose slot is filled */
};

/* Tell the agent to drop a PRIME/ACTIVATE that ran out of budget */
static void lfa_cancel_seq(struct lfa_image *img, u64 seq_id)
{
	u64 in[LFA_NR_REGS] = { LFA_FN_CANCEL, seq_id };
	u64 out[LFA_NR_REGS];
	s64 status;

	lfa_call(in, out);
	status = lfa_status(out[0]);
	if (status != LFA_SUCCESS)
		pr_err("CANCEL of %pUb failed: %s\n", &img->guid,
		       lfa_status_name(status));
}

static int lfa_prime(struct lfa_image *img, u64 seq_id)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(lfa_prime_budget_ms);
	u64 in[LFA_NR_REGS] = { LFA_FN_PRIME, seq_id };
	u64 out[LFA_NR_REGS];
	s64 status;

	for (;;) {
		lfa_call(in, out);
		status = lfa_status(out[0]);
		if (status != LFA_SUCCESS) {
			pr_err("PRIME of %pUb failed: %s\n", &img->guid,
			       lfa_status_name(status));
			return lfa_status_to_errno(status);
		}
		if (!(out[1] & LFA_CALL_AGAIN))
			return 0;
		if (time_after(jiffies, deadline)) {
			pr_err("PRIME of %pUb still busy after %u ms\n",
			       &img->guid, lfa_prime_budget_ms);
			lfa_cancel_seq(img, seq_id);
			return -ETIMEDOUT;
		}
		usleep_range(LFA_PRIME_POLL_MIN_US, LFA_PRIME_POLL_MAX_US);
	}
}

/* stop_machine() callback: runs on every online CPU, interrupts off */
static int lfa_activate_cpu(void *data)
{
	struct lfa_round *round = data;
	unsigned int cpu = smp_processor_id();

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

static int lfa_activate(struct lfa_image *img, u64 seq_id, bool rendezvous)
{
	unsigned long deadline =
		jiffies + msecs_to_jiffies(lfa_activate_budget_ms);
	struct lfa_round round = {
		.in = { LFA_FN_ACTIVATE, seq_id,
			rendezvous ? 0 : LFA_SKIP_CPU_RENDEZVOUS },
	};
	u64 out[LFA_NR_REGS];
	unsigned int rounds = 0;
	u64 ns = 0;
	s64 status;
	int ret;

	/* x3/x4 (entry point, context id) stay 0: no CPU-resetting images */
	round.out = kcalloc(nr_cpu_ids, sizeof(*round.out), GFP_KERNEL);
	if (!round.out)
		return -ENOMEM;
	if (!zalloc_cpumask_var(&round.answered, GFP_KERNEL)) {
		kfree(round.out);
		return -ENOMEM;
	}
	for (;;) {
		ret = lfa_activate_round(&round, rendezvous, out, &ns);
		rounds++;
		if (ret)
			break;
		status = lfa_status(out[0]);
		if (status != LFA_SUCCESS) {
			pr_err("ACTIVATE of %pUb failed: %s\n", &img->guid,
			       lfa_status_name(status));
			ret = lfa_status_to_errno(status);
			break;
		}
		if (!(out[1] & LFA_CALL_AGAIN))
			break;
		if (time_after(jiffies, deadline)) {
			pr_err("ACTIVATE of %pUb still busy after %u ms\n",
			       &img->guid, lfa_activate_budget_ms);
			lfa_cancel_seq(img, seq_id);
			ret = -ETIMEDOUT;
			break;
		}
		cond_resched();
	}
	free_cpumask_var(round.answered);
	kfree(round.out);
	if (rendezvous) {
		lfa_last_rendezvous_ns = ns;
		pr_info("%pUb: %u rendezvous round(s) on %u CPUs, %llu ns in stop_machine\n",
			&img->guid, rounds, num_online_cpus(), ns);
	}
	return ret;
}

/*
 * The activate file, or auto-activation. Caller holds lfa_activation_lock,
 * so no refresh can renumber the image meanwhile.
 */
int lfa_activate_locked(struct lfa_image *img)
{
	struct lfa_inv_entry e;
	bool rendezvous;
	u64 seq_id;
	int ret;

	lockdep_assert_held(&lfa_activation_lock);
	mutex_lock(&lfa_inv_lock);
	ret = lfa_image_query(img, &e);
	seq_id = img->seq_id;
	rendezvous = img->force_rendezvous ||
		     !(e.flags & LFA_INV_RENDEZVOUS_OPTIONAL);
	mutex_unlock(&lfa_inv_lock);
	if (ret)
		return ret;

	if (!(e.flags & LFA_INV_ACTIVATION_CAPABLE)) {
		pr_err("%pUb is not activation capable\n", &img->guid);
		return -EINVAL;
	}
	if (e.flags & LFA_INV_MAY_RESET_CPU) {
		pr_err("%pUb may reset CPUs; not supported\n", &img->guid);
		return -EINVAL;
	}

	ret = lfa_prime(img, seq_id);
	if (ret)
		return ret;
	ret = lfa_activate(img, seq_id, rendezvous);
	if (ret)
		return ret;
	pr_info("activated %pUb\n", &img->guid);

	/* the activation happened even if the refresh fails */
	ret = lfa_inventory_refresh();
	if (ret)
		pr_err("inventory refresh after activation failed: %d\n", ret);
	return 0;
}

/* The cancel file: the agent's refusal is -EINVAL */
int lfa_cancel(struct lfa_image *img)
{
	u64 in[LFA_NR_REGS] = { LFA_FN_CANCEL };
	u64 out[LFA_NR_REGS];
	s64 status;

	mutex_lock(&lfa_inv_lock);
	if (img->gone) {
		mutex_unlock(&lfa_inv_lock);
		return -ENODEV;
	}
	in[1] = img->seq_id;
	lfa_call(in, out);
	mutex_unlock(&lfa_inv_lock);

	status = lfa_status(out[0]);
	if (status != LFA_SUCCESS) {
		pr_info("CANCEL of %pUb refused: %s\n", &img->guid,
			lfa_status_name(status));
		return -EINVAL;
	}
	return 0;
}
