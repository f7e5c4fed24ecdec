// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The LFA agent's SMC interface: the DEN0147 state machine with the
 * behaviour of TF-A's services/std_svc/lfa (PRIME serialised with
 * call_again, ACTIVATE after a completed PRIME, the CPU rendezvous holding
 * pen, CANCEL rules), fault injection and inventory changes after an
 * activation. Freestanding: see lfa_agent.h.
 */
#include "lfa_agent_internal.h"

static void lfa_lock(struct lfa_agent *agent)
{
	if (agent->plat.lock)
		agent->plat.lock(agent->plat.ctx);
}

static void lfa_unlock(struct lfa_agent *agent)
{
	if (agent->plat.unlock)
		agent->plat.unlock(agent->plat.ctx);
}

void lfa_agent_init(struct lfa_agent *agent,
		    const struct lfa_agent_platform *plat)
{
	lfa_zero(agent, sizeof(*agent));
	agent->plat.lock = plat->lock;
	agent->plat.unlock = plat->unlock;
	agent->plat.online_cpus = plat->online_cpus;
	agent->plat.relax = plat->relax;
	agent->plat.notify = plat->notify;
	agent->plat.log = plat->log;
	agent->plat.ctx = plat->ctx;
	agent->version = (LFA_VERSION_MAJOR << 16) | LFA_VERSION_MINOR;
	lfa_agent_reset_activation(agent);
}

void lfa_agent_reset_activation(struct lfa_agent *agent)
{
	agent->prime_state = LFA_PRIME_NONE;
	agent->prime_comp = 0;
	agent->prime_steps_left = 0;
	agent->activating = false;
	agent->activate_comp = 0;
	agent->activate_steps_left = 0;
}

static struct lfa_agent_fault *lfa_fault_find(struct lfa_agent *agent,
					      unsigned int comp,
					      enum lfa_fault_fn fn,
					      bool call_again)
{
	unsigned int i;

	for (i = 0; i < agent->nfaults; i++) {
		struct lfa_agent_fault *f = &agent->faults[i];
		bool is_call_again = f->kind != LFA_FAULT_STATUS;

		if (f->component != comp || f->fn != fn ||
		    is_call_again != call_again)
			continue;
		if (f->always || f->remaining)
			return f;
	}
	return NULL;
}

bool lfa_fault_take_status(struct lfa_agent *agent, unsigned int comp,
			   enum lfa_fault_fn fn, s32 *status)
{
	struct lfa_agent_fault *f = lfa_fault_find(agent, comp, fn, false);

	if (!f)
		return false;
	if (!f->always)
		f->remaining--;
	*status = f->status;
	return true;
}

bool lfa_fault_take_call_again(struct lfa_agent *agent, unsigned int comp,
			       enum lfa_fault_fn fn)
{
	struct lfa_agent_fault *f = lfa_fault_find(agent, comp, fn, true);

	if (!f)
		return false;
	if (f->kind == LFA_FAULT_CALL_AGAIN && !f->always)
		f->remaining--;
	return true;
}

/* seq id -> index into components[]: the index among present components */
static int lfa_seq_to_index(const struct lfa_agent *agent, u64 seq_id)
{
	unsigned int i;
	u64 seq = 0;

	for (i = 0; i < agent->ncomponents; i++) {
		if (!agent->components[i].present)
			continue;
		if (seq == seq_id)
			return (int)i;
		seq++;
	}
	return -1;
}

static unsigned int lfa_present_count(const struct lfa_agent *agent)
{
	unsigned int i, n = 0;

	for (i = 0; i < agent->ncomponents; i++) {
		if (agent->components[i].present)
			n++;
	}
	return n;
}

static void lfa_log_event(struct lfa_agent *agent, const char *what,
			  unsigned int comp, s64 status)
{
	char buf[112];
	struct lfa_msg m;

	if (!agent->plat.log)
		return;
	lfa_msg_init(&m, buf, sizeof(buf));
	lfa_msg_str(&m, what);
	lfa_msg_str(&m, " ");
	lfa_msg_guid(&m, agent->components[comp].guid);
	lfa_msg_str(&m, ": ");
	lfa_msg_str(&m, lfa_agent_status_name(status));
	lfa_agent_log(agent, buf);
}

static void lfa_get_inventory(struct lfa_agent *agent, const u64 in[8],
			      u64 out[8])
{
	const struct lfa_agent_component *c;
	int idx = lfa_seq_to_index(agent, in[1]);
	s32 status;
	u64 flags = 0;

	/* as TF-A: an empty inventory has no valid ids at all */
	if (!lfa_present_count(agent)) {
		out[0] = (u64)(s64)LFA_WRONG_STATE;
		return;
	}
	if (idx < 0) {
		out[0] = (u64)(s64)LFA_INVALID_PARAMETERS;
		return;
	}
	if (lfa_fault_take_status(agent, idx, LFA_FAULT_FN_GET_INVENTORY,
				  &status)) {
		out[0] = (u64)(s64)status;
		return;
	}
	c = &agent->components[idx];
	if (c->capable)
		flags |= LFA_INV_ACTIVATION_CAPABLE;
	if (c->pending)
		flags |= LFA_INV_ACTIVATION_PENDING;
	if (c->may_reset_cpu)
		flags |= LFA_INV_MAY_RESET_CPU;
	if (c->rendezvous_optional)
		flags |= LFA_INV_RENDEZVOUS_OPTIONAL;
	out[0] = LFA_SUCCESS;
	lfa_agent_guid_to_regs(c->guid, &out[1], &out[2]);
	out[3] = flags;
	out[4] = c->current_version;
	out[5] = c->pending ? c->pending_version : 0;
}

static s64 lfa_prime(struct lfa_agent *agent, u64 seq_id, u64 *x1)
{
	struct lfa_agent_component *c;
	int idx = lfa_seq_to_index(agent, seq_id);
	s32 status;

	if (idx < 0)
		return LFA_INVALID_PARAMETERS;
	/* an activation owns the agent until it finishes or is cancelled */
	if (agent->activating || agent->rdv_arrived)
		return LFA_BUSY;
	if (agent->prime_state != LFA_PRIME_NONE &&
	    agent->prime_comp != (unsigned int)idx)
		return LFA_WRONG_STATE;
	c = &agent->components[idx];
	if (!c->capable)
		return LFA_NOT_SUPPORTED;
	if (!c->pending)
		return LFA_WRONG_STATE;
	if (lfa_fault_take_status(agent, idx, LFA_FAULT_FN_PRIME, &status)) {
		lfa_agent_reset_activation(agent);
		return status;
	}
	/* a new PRIME (also a repeated one after completion) starts over */
	if (agent->prime_state != LFA_PRIME_STARTED) {
		agent->prime_state = LFA_PRIME_STARTED;
		agent->prime_comp = idx;
		agent->prime_steps_left = c->prime_steps;
	}
	if (lfa_fault_take_call_again(agent, idx, LFA_FAULT_FN_PRIME)) {
		*x1 = LFA_CALL_AGAIN;
		return LFA_SUCCESS;
	}
	if (agent->prime_steps_left) {
		agent->prime_steps_left--;
		*x1 = LFA_CALL_AGAIN;
		return LFA_SUCCESS;
	}
	agent->prime_state = LFA_PRIME_COMPLETE;
	return LFA_SUCCESS;
}

/* the new image runs: versions, statistics, then inventory changes */
static void lfa_activation_done(struct lfa_agent *agent, unsigned int idx)
{
	struct lfa_agent_component *c = &agent->components[idx];
	unsigned int i;

	c->current_version = c->pending_version;
	c->pending_version = 0;
	c->pending = false;
	c->activations++;
	lfa_agent_reset_activation(agent);
	for (i = 0; i < agent->nchanges; i++) {
		const struct lfa_agent_change *ch = &agent->changes[i];

		if (ch->trigger == idx)
			agent->components[ch->target].present = ch->appear;
	}
}

/*
 * The work of ACTIVATE, done by exactly one caller: the only one when the
 * rendezvous is skipped, else the last CPU to enter the holding pen.
 */
static s64 lfa_activate_work(struct lfa_agent *agent, const u64 in[8],
			     u64 *x1)
{
	struct lfa_agent_component *c;
	bool skip = in[2] & LFA_SKIP_CPU_RENDEZVOUS;
	int idx = lfa_seq_to_index(agent, in[1]);
	s32 status;

	if (idx < 0)
		return LFA_INVALID_PARAMETERS;
	c = &agent->components[idx];
	if (agent->activating && agent->activate_comp != (unsigned int)idx)
		return LFA_BUSY;
	/* also checked on every call_again round: no switching to skip */
	if (skip && !c->rendezvous_optional)
		return LFA_INVALID_PARAMETERS;
	if (!agent->activating) {
		if (!c->capable)
			return LFA_NOT_SUPPORTED;
		if (agent->prime_state == LFA_PRIME_STARTED &&
		    agent->prime_comp == (unsigned int)idx)
			return LFA_COMPONENT_WRONG_STATE;
		if (agent->prime_state != LFA_PRIME_COMPLETE ||
		    agent->prime_comp != (unsigned int)idx)
			return LFA_INVALID_PARAMETERS;
		/* images that reset the CPU need the NS entry point in x3 */
		if (c->may_reset_cpu && !in[3])
			return LFA_INVALID_ADDRESS;
	}
	if (lfa_fault_take_status(agent, idx, LFA_FAULT_FN_ACTIVATE, &status)) {
		/* failed: the previous firmware keeps running */
		lfa_agent_reset_activation(agent);
		return status;
	}
	if (!agent->activating) {
		agent->activating = true;
		agent->activate_comp = idx;
		agent->activate_steps_left = c->activate_steps;
	}
	if (lfa_fault_take_call_again(agent, idx, LFA_FAULT_FN_ACTIVATE)) {
		*x1 = LFA_CALL_AGAIN;
		return LFA_SUCCESS;
	}
	if (agent->activate_steps_left) {
		agent->activate_steps_left--;
		*x1 = LFA_CALL_AGAIN;
		return LFA_SUCCESS;
	}
	lfa_activation_done(agent, idx);
	return LFA_SUCCESS;
}

/*
 * ACTIVATE with rendezvous: a holding pen. Called with the lock held;
 * returns with it released.
 *
 * Memory ordering: every field of the pen is written under plat.lock, so
 * arrivals are serialised. The last CPU to arrive stores rdv_result and then
 * bumps rdv_generation with a release store while still holding the lock.
 * Waiters drop the lock and spin on an acquire load of rdv_generation; when
 * it differs from the value they saw on arrival, the release/acquire pair
 * makes rdv_result visible to them. rdv_result cannot be overwritten before
 * every waiter has copied it, because the next round needs every online CPU
 * (including the waiters) to arrive again.
 */
static void lfa_activate_rendezvous(struct lfa_agent *agent, const u64 in[8],
				    u64 out[8])
{
	unsigned int gen, i;

	if (!agent->rdv_arrived) {
		agent->rdv_expected = agent->plat.online_cpus ?
			agent->plat.online_cpus(agent->plat.ctx) : 1;
		if (!agent->rdv_expected)
			agent->rdv_expected = 1;
		agent->rdv_args_mismatch = false;
		for (i = 0; i < 8; i++)
			agent->rdv_in[i] = in[i];
	} else if (in[1] != agent->rdv_in[1] || in[2] != agent->rdv_in[2]) {
		/* every CPU must ask for the same component */
		agent->rdv_args_mismatch = true;
	}
	agent->rdv_arrived++;

	if (agent->rdv_arrived >= agent->rdv_expected) {
		u64 x1 = 0;
		s64 status;

		if (agent->rdv_args_mismatch)
			status = LFA_INVALID_PARAMETERS;
		else
			status = lfa_activate_work(agent, agent->rdv_in, &x1);
		for (i = 0; i < 8; i++)
			agent->rdv_result[i] = 0;
		agent->rdv_result[0] = (u64)status;
		agent->rdv_result[1] = x1;
		agent->rdv_arrived = 0;
		agent->rendezvous_rounds++;
		gen = __atomic_load_n(&agent->rdv_generation, __ATOMIC_RELAXED);
		__atomic_store_n(&agent->rdv_generation, gen + 1,
				 __ATOMIC_RELEASE);
		for (i = 0; i < 8; i++)
			out[i] = agent->rdv_result[i];
		lfa_unlock(agent);
		return;
	}

	gen = __atomic_load_n(&agent->rdv_generation, __ATOMIC_RELAXED);
	lfa_unlock(agent);
	while (__atomic_load_n(&agent->rdv_generation, __ATOMIC_ACQUIRE) == gen) {
		if (agent->plat.relax)
			agent->plat.relax(agent->plat.ctx);
	}
	for (i = 0; i < 8; i++)
		out[i] = agent->rdv_result[i];
}

static s64 lfa_cancel(struct lfa_agent *agent, u64 seq_id)
{
	int idx = lfa_seq_to_index(agent, seq_id);
	s32 status;

	if (idx < 0)
		return LFA_INVALID_PARAMETERS;
	/* CPUs are inside ACTIVATE: too late to cancel */
	if (agent->rdv_arrived)
		return LFA_BUSY;
	if (agent->activating) {
		if (agent->activate_comp != (unsigned int)idx)
			return LFA_WRONG_STATE;
	} else if (agent->prime_state != LFA_PRIME_NONE &&
		   agent->prime_comp != (unsigned int)idx) {
		return LFA_WRONG_STATE;
	}
	if (lfa_fault_take_status(agent, idx, LFA_FAULT_FN_CANCEL, &status))
		return status;
	/* nothing in progress is fine: CANCEL after a timeout is idempotent */
	lfa_agent_reset_activation(agent);
	return LFA_SUCCESS;
}

void lfa_agent_smc(struct lfa_agent *agent, unsigned int cpu,
		   const u64 in[8], u64 out[8])
{
	u32 fid = (u32)in[0];
	unsigned int i;
	s64 status;
	u64 x1 = 0;
	int idx;

	(void)cpu;	/* all CPUs are equal to the model */
	for (i = 0; i < 8; i++)
		out[i] = 0;

	lfa_lock(agent);
	switch (fid) {
	case LFA_FN_VERSION:
		out[0] = agent->version;
		break;
	case LFA_FN_FEATURES:
		out[0] = ((u32)in[1] >= LFA_FN_FIRST && (u32)in[1] <= LFA_FN_LAST &&
			  !(in[1] >> 32)) ?
			LFA_SUCCESS : (u64)(s64)LFA_NOT_SUPPORTED;
		break;
	case LFA_FN_GET_INFO:
		if (in[1]) {
			out[0] = (u64)(s64)LFA_INVALID_PARAMETERS;
			break;
		}
		out[0] = LFA_SUCCESS;
		out[1] = lfa_present_count(agent);
		break;
	case LFA_FN_GET_INVENTORY:
		lfa_get_inventory(agent, in, out);
		break;
	case LFA_FN_PRIME:
		status = lfa_prime(agent, in[1], &x1);
		out[0] = (u64)status;
		out[1] = x1;
		idx = lfa_seq_to_index(agent, in[1]);
		if (idx >= 0 && !x1)
			lfa_log_event(agent, "prime", idx, status);
		break;
	case LFA_FN_ACTIVATE:
		if (!(in[2] & LFA_SKIP_CPU_RENDEZVOUS)) {
			lfa_activate_rendezvous(agent, in, out);
			return;	/* the pen released the lock */
		}
		/* no rendezvous: refused while CPUs wait in the pen */
		idx = lfa_seq_to_index(agent, in[1]);
		status = agent->rdv_arrived ? LFA_BUSY :
			 lfa_activate_work(agent, in, &x1);
		out[0] = (u64)status;
		out[1] = x1;
		if (idx >= 0 && !x1)
			lfa_log_event(agent, "activate", idx, status);
		break;
	case LFA_FN_CANCEL:
		out[0] = (u64)lfa_cancel(agent, in[1]);
		break;
	default:
		out[0] = (u64)(s64)LFA_NOT_SUPPORTED;	/* SMC_UNK */
		break;
	}
	lfa_unlock(agent);
}

size_t lfa_agent_summary(struct lfa_agent *agent, char *buf, size_t len)
{
	unsigned int i, pending = 0;
	struct lfa_msg m;

	lfa_msg_init(&m, buf, len);
	lfa_lock(agent);
	for (i = 0; i < agent->ncomponents; i++) {
		if (agent->components[i].pending)
			pending++;
	}
	lfa_msg_str(&m, "components=");
	lfa_msg_uint(&m, agent->ncomponents);
	lfa_msg_str(&m, " present=");
	lfa_msg_uint(&m, lfa_present_count(agent));
	lfa_msg_str(&m, " pending=");
	lfa_msg_uint(&m, pending);
	lfa_msg_str(&m, " faults=");
	lfa_msg_uint(&m, agent->nfaults);
	lfa_msg_str(&m, " changes=");
	lfa_msg_uint(&m, agent->nchanges);
	lfa_msg_str(&m, " prime=");
	lfa_msg_str(&m, agent->prime_state == LFA_PRIME_NONE ? "none" :
		    agent->prime_state == LFA_PRIME_STARTED ? "started" :
		    "complete");
	lfa_msg_str(&m, " activation=");
	lfa_msg_str(&m, agent->activating ? "in-progress" : "idle");
	lfa_msg_str(&m, " stagings=");
	lfa_msg_uint(&m, agent->stagings);
	lfa_msg_str(&m, " rendezvous_rounds=");
	lfa_msg_uint(&m, agent->rendezvous_rounds);
	lfa_unlock(agent);
	lfa_msg_str(&m, "\n");
	return m.pos;
}
