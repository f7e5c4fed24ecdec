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

static void lfam_lock(struct lfa_agent *agent)
{
	if (agent->plat.lock)
		agent->plat.lock(agent->plat.ctx);
}

static void lfam_unlock(struct lfa_agent *agent)
{
	if (agent->plat.unlock)
		agent->plat.unlock(agent->plat.ctx);
}

void lfa_agent_init(struct lfa_agent *agent,
		    const struct lfa_agent_platform *plat)
{
	lfam_zero(agent, sizeof(*agent));
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
	agent->prime_again = 0;
	agent->activating = false;
	agent->activate_skip = false;
	agent->activate_comp = 0;
	agent->activate_steps_left = 0;
	agent->activate_again = 0;
}

/*
 * The first usable fault of @fn on @comp (or on every component) of the
 * given family; @again is the number of call_again replies the current
 * PRIME or ACTIVATE gave so far (a fault with after=N waits for N of them).
 */
static struct lfa_agent_fault *lfam_fault_find(struct lfa_agent *agent,
					       unsigned int comp,
					       enum lfa_fault_fn fn,
					       bool call_again, u32 again)
{
	unsigned int i;

	for (i = 0; i < agent->nfaults; i++) {
		struct lfa_agent_fault *f = &agent->faults[i];
		bool is_call_again = f->kind == LFA_FAULT_CALL_AGAIN ||
				     f->kind == LFA_FAULT_STALL;

		if ((f->component != comp &&
		     f->component != LFA_FAULT_ANY_COMPONENT) ||
		    f->fn != fn || is_call_again != call_again ||
		    f->after > again)
			continue;
		if (f->always || f->remaining)
			return f;
	}
	return NULL;
}

bool lfam_fault_take_status(struct lfa_agent *agent, unsigned int comp,
			    enum lfa_fault_fn fn, u32 again, s32 *status)
{
	struct lfa_agent_fault *f = lfam_fault_find(agent, comp, fn, false,
						    again);

	if (!f)
		return false;
	if (!f->always)
		f->remaining--;
	if (f->kind == LFA_FAULT_GONE) {
		/* from now on nobody answers: the platform lost its agent */
		agent->gone = true;
		lfa_agent_log(agent, "agent gone (injected)");
		*status = LFA_NOT_SUPPORTED;
		return true;
	}
	*status = f->status;
	return true;
}

bool lfam_fault_take_call_again(struct lfa_agent *agent, unsigned int comp,
				enum lfa_fault_fn fn, u32 again)
{
	struct lfa_agent_fault *f = lfam_fault_find(agent, comp, fn, true,
						    again);

	if (!f)
		return false;
	if (f->kind == LFA_FAULT_CALL_AGAIN && !f->always)
		f->remaining--;
	return true;
}

/* seq id -> index into components[]: the index among present components */
static int lfam_seq_to_index(const struct lfa_agent *agent, u64 seq_id)
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

static unsigned int lfam_present_count(const struct lfa_agent *agent)
{
	unsigned int i, n = 0;

	for (i = 0; i < agent->ncomponents; i++) {
		if (agent->components[i].present)
			n++;
	}
	return n;
}

static void lfam_log_event(struct lfa_agent *agent, const char *what,
			   unsigned int comp, s64 status)
{
	char buf[112];
	struct lfam_msg m;

	if (!agent->plat.log)
		return;
	lfam_msg_init(&m, buf, sizeof(buf));
	lfam_msg_str(&m, what);
	lfam_msg_str(&m, " ");
	lfam_msg_guid(&m, agent->components[comp].guid);
	lfam_msg_str(&m, ": ");
	lfam_msg_str(&m, lfa_agent_status_name(status));
	lfa_agent_log(agent, buf);
}

/* an agent-wide fault (VERSION, FEATURES, GET_INFO) */
static bool lfam_agent_fault(struct lfa_agent *agent, enum lfa_fault_fn fn,
			     u64 out[8])
{
	s32 status;

	if (!lfam_fault_take_status(agent, LFA_FAULT_ANY_COMPONENT, fn, 0,
				    &status))
		return false;
	out[0] = (u64)(s64)status;
	return true;
}

static void lfam_get_inventory(struct lfa_agent *agent, const u64 in[8],
			       u64 out[8])
{
	const struct lfa_agent_component *c;
	int idx = lfam_seq_to_index(agent, in[1]);
	s32 status;
	u64 flags = 0;

	/* as TF-A: an empty inventory has no valid ids at all */
	if (!lfam_present_count(agent)) {
		out[0] = (u64)(s64)LFA_WRONG_STATE;
		return;
	}
	if (idx < 0) {
		out[0] = (u64)(s64)LFA_INVALID_PARAMETERS;
		return;
	}
	if (lfam_fault_take_status(agent, idx, LFA_FAULT_FN_GET_INVENTORY, 0,
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
	out[3] = flags | c->reserved_flags;
	/* upstream TF-A returns x0-x3 only: x4/x5 keep what the caller had */
	if (agent->versions_unwritten) {
		out[4] = in[4];
		out[5] = in[5];
		return;
	}
	out[4] = c->current_version;
	out[5] = c->pending_version;
}

/*
 * PRIME, as TF-A: the first PRIME latches the agent on its component;
 * only CANCEL or a successful activation releases it. While that PRIME is
 * unfinished (or failed), another component's PRIME is in the wrong state;
 * once it completed, another component's PRIME answers SUCCESS but the
 * agent stays latched on the first (its ACTIVATE and CANCEL are refused).
 */
static s64 lfam_prime(struct lfa_agent *agent, u64 seq_id, u64 *x1)
{
	struct lfa_agent_component *c;
	int idx = lfam_seq_to_index(agent, seq_id);
	s32 status;

	if (idx < 0)
		return LFA_INVALID_PARAMETERS;
	/* an activation owns the agent (TF-A's lock is held): contention */
	if (agent->activating || agent->rdv_arrived)
		return LFA_BUSY;
	c = &agent->components[idx];
	if (!c->capable || !c->pending)
		return LFA_WRONG_STATE;
	if (agent->prime_state != LFA_PRIME_NONE &&
	    agent->prime_comp != (unsigned int)idx) {
		if (agent->prime_state != LFA_PRIME_COMPLETE)
			return LFA_WRONG_STATE;
		/* latched on the completed one: nothing changes */
		return LFA_SUCCESS;
	}
	/* a new PRIME (also one after completion or failure) starts over */
	if (agent->prime_state != LFA_PRIME_STARTED) {
		agent->prime_state = LFA_PRIME_STARTED;
		agent->prime_comp = idx;
		agent->prime_steps_left = c->prime_steps;
		agent->prime_again = 0;
	}
	if (lfam_fault_take_status(agent, idx, LFA_FAULT_FN_PRIME,
				   agent->prime_again, &status)) {
		/* no reset: the caller must CANCEL */
		agent->prime_state = LFA_PRIME_FAILED;
		return status;
	}
	/* call_again faults answer first, then the component's own steps */
	if (lfam_fault_take_call_again(agent, idx, LFA_FAULT_FN_PRIME,
				       agent->prime_again)) {
		agent->prime_again++;
		*x1 = LFA_CALL_AGAIN;
		return LFA_SUCCESS;
	}
	if (agent->prime_steps_left) {
		agent->prime_steps_left--;
		agent->prime_again++;
		*x1 = LFA_CALL_AGAIN;
		return LFA_SUCCESS;
	}
	agent->prime_state = LFA_PRIME_COMPLETE;
	return LFA_SUCCESS;
}

/* inventory changes after an activation of @idx that ended as @failed */
static void lfam_apply_changes(struct lfa_agent *agent, unsigned int idx,
			       bool failed)
{
	unsigned int i;

	for (i = 0; i < agent->nchanges; i++) {
		const struct lfa_agent_change *ch = &agent->changes[i];
		struct lfa_agent_component *t;

		if (ch->trigger != idx || ch->on_failure != failed)
			continue;
		t = &agent->components[ch->target];
		if (ch->set & LFA_CHANGE_PRESENT)
			t->present = ch->appear;
		if (ch->set & LFA_CHANGE_CURRENT)
			t->current_version = ch->current_version;
		if (ch->set & LFA_CHANGE_PENDING_VERSION)
			t->pending_version = ch->pending_version;
		if (ch->set & LFA_CHANGE_PENDING)
			t->pending = ch->pending;
		if (ch->set & LFA_CHANGE_CAPABLE)
			t->capable = ch->capable;
		if (ch->set & LFA_CHANGE_MAY_RESET_CPU)
			t->may_reset_cpu = ch->may_reset_cpu;
		if (ch->set & LFA_CHANGE_RENDEZVOUS)
			t->rendezvous_optional = ch->rendezvous_optional;
		if (ch->set & LFA_CHANGE_RESERVED_FLAGS)
			t->reserved_flags = ch->reserved_flags;
	}
}

/* the new image runs: versions, statistics, then inventory changes */
static void lfam_activation_done(struct lfa_agent *agent, unsigned int idx)
{
	struct lfa_agent_component *c = &agent->components[idx];

	c->current_version = c->pending_version;
	c->pending_version = 0;
	c->pending = false;
	c->activations++;
	lfa_agent_reset_activation(agent);
	lfam_apply_changes(agent, idx, false);
}

/*
 * A failed activation: the pending image stays pending and the agent stays
 * latched on the component until CANCEL. CRITICAL_ERROR means the old
 * image was already gone (TF-A's secure partitions fail so in the finish
 * step): the component has no working image until the next reset (a
 * scenario load), shown as not capable, nothing pending, version 0.0.
 */
static void lfam_activation_failed(struct lfa_agent *agent, unsigned int idx,
				   s32 status)
{
	struct lfa_agent_component *c = &agent->components[idx];

	agent->activating = false;
	agent->activate_skip = false;
	agent->activate_steps_left = 0;
	if (status == LFA_CRITICAL_ERROR) {
		c->image_lost = true;
		c->capable = false;
		c->pending = false;
		c->current_version = 0;
		c->pending_version = 0;
		lfam_log_event(agent, "image lost", idx, status);
	}
	lfam_apply_changes(agent, idx, true);
}

/*
 * The work of ACTIVATE, done by exactly one caller: the only one when the
 * rendezvous is skipped, else the last CPU to enter the holding pen.
 */
static s64 lfam_activate_work(struct lfa_agent *agent, const u64 in[8],
			      u64 *x1)
{
	struct lfa_agent_component *c;
	bool skip = in[2] & LFA_SKIP_CPU_RENDEZVOUS;
	int idx = lfam_seq_to_index(agent, in[1]);
	s32 status;

	/* only the component the agent is latched on (never primed: none) */
	if (idx < 0 || agent->prime_state == LFA_PRIME_NONE ||
	    agent->prime_comp != (unsigned int)idx)
		return LFA_INVALID_PARAMETERS;
	c = &agent->components[idx];
	/* also checked on every call_again round: no switching to skip */
	if (skip && !c->rendezvous_optional)
		return LFA_INVALID_PARAMETERS;
	if (!agent->activating) {
		if (agent->prime_state != LFA_PRIME_COMPLETE || !c->pending)
			return LFA_COMPONENT_WRONG_STATE;
		/* images that reset the CPU need the NS entry point in x3 */
		if (c->may_reset_cpu && !in[3])
			return LFA_INVALID_ADDRESS;
		agent->activating = true;
		agent->activate_skip = skip;
		agent->activate_comp = idx;
		agent->activate_steps_left = c->activate_steps;
		agent->activate_again = 0;
	}
	if (lfam_fault_take_status(agent, idx, LFA_FAULT_FN_ACTIVATE,
				   agent->activate_again, &status)) {
		lfam_activation_failed(agent, idx, status);
		return status;
	}
	/* call_again faults answer first, then the component's own steps */
	if (lfam_fault_take_call_again(agent, idx, LFA_FAULT_FN_ACTIVATE,
				       agent->activate_again)) {
		agent->activate_again++;
		*x1 = LFA_CALL_AGAIN;
		return LFA_SUCCESS;
	}
	if (agent->activate_steps_left) {
		agent->activate_steps_left--;
		agent->activate_again++;
		*x1 = LFA_CALL_AGAIN;
		return LFA_SUCCESS;
	}
	lfam_activation_done(agent, idx);
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
static void lfam_activate_rendezvous(struct lfa_agent *agent, const u64 in[8],
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
			status = lfam_activate_work(agent, agent->rdv_in, &x1);
		for (i = 0; i < 8; i++)
			agent->rdv_result[i] = 0;
		agent->rdv_result[0] = (u64)status;
		agent->rdv_result[1] = x1;
		/* exact: every CPU counted here is inside, none can leave yet */
		agent->rdv_last_gathered = agent->rdv_arrived;
		agent->rdv_arrived = 0;
		agent->rendezvous_rounds++;
		gen = __atomic_load_n(&agent->rdv_generation, __ATOMIC_RELAXED);
		__atomic_store_n(&agent->rdv_generation, gen + 1,
				 __ATOMIC_RELEASE);
		for (i = 0; i < 8; i++)
			out[i] = agent->rdv_result[i];
		lfam_unlock(agent);
		return;
	}

	gen = __atomic_load_n(&agent->rdv_generation, __ATOMIC_RELAXED);
	lfam_unlock(agent);
	while (__atomic_load_n(&agent->rdv_generation, __ATOMIC_ACQUIRE) == gen) {
		if (agent->plat.relax)
			agent->plat.relax(agent->plat.ctx);
	}
	for (i = 0; i < 8; i++)
		out[i] = agent->rdv_result[i];
}

/*
 * CANCEL, as TF-A: only the component the agent is latched on (with
 * nothing in progress there is none: INVALID_PARAMETERS); too late once
 * CPUs are in the pen or while an activation without rendezvous runs.
 */
static s64 lfam_cancel(struct lfa_agent *agent, u64 seq_id)
{
	int idx = lfam_seq_to_index(agent, seq_id);
	s32 status;

	if (idx < 0 || agent->prime_state == LFA_PRIME_NONE ||
	    agent->prime_comp != (unsigned int)idx)
		return LFA_INVALID_PARAMETERS;
	/*
	 * TF-A refuses once every CPU entered ACTIVATE; here that moment is
	 * inside one call, so the model refuses as soon as one CPU waits: a
	 * partly gathered pen cannot be unwound safely.
	 */
	if (agent->rdv_arrived || (agent->activating && agent->activate_skip))
		return LFA_BUSY;
	if (lfam_fault_take_status(agent, idx, LFA_FAULT_FN_CANCEL, 0, &status))
		return status;
	lfa_agent_reset_activation(agent);
	return LFA_SUCCESS;
}

/* ACTIVATE without rendezvous: one caller does the work */
static s64 lfam_activate_skip(struct lfa_agent *agent, const u64 in[8],
			      u64 *x1)
{
	/* a CPU asking to skip while others started without skipping */
	if (agent->rdv_arrived)
		return LFA_BUSY;
	/* only the skip activation itself may come back while it runs */
	if (agent->activating && agent->activate_skip &&
	    lfam_seq_to_index(agent, in[1]) != (int)agent->activate_comp)
		return LFA_BUSY;
	/* one CPU inside ACTIVATE for this call: exact, like the pen's count */
	agent->rdv_last_gathered = 1;
	return lfam_activate_work(agent, in, x1);
}

static void lfam_smc_locked(struct lfa_agent *agent, const u64 in[8],
			    u64 out[8])
{
	u32 fid = (u32)in[0];
	s64 status;
	u64 x1 = 0;
	int idx;

	switch (fid) {
	case LFA_FN_VERSION:
		if (!lfam_agent_fault(agent, LFA_FAULT_FN_VERSION, out))
			out[0] = agent->version;
		break;
	case LFA_FN_FEATURES:
		if (lfam_agent_fault(agent, LFA_FAULT_FN_FEATURES, out))
			break;
		out[0] = ((u32)in[1] >= LFA_FN_FIRST && (u32)in[1] <= LFA_FN_LAST &&
			  !(in[1] >> 32)) ?
			LFA_SUCCESS : (u64)(s64)LFA_NOT_SUPPORTED;
		break;
	case LFA_FN_GET_INFO:
		if (in[1]) {
			out[0] = (u64)(s64)LFA_INVALID_PARAMETERS;
			break;
		}
		if (lfam_agent_fault(agent, LFA_FAULT_FN_GET_INFO, out))
			break;
		out[0] = LFA_SUCCESS;
		out[1] = lfam_present_count(agent);
		break;
	case LFA_FN_GET_INVENTORY:
		lfam_get_inventory(agent, in, out);
		break;
	case LFA_FN_PRIME:
		status = lfam_prime(agent, in[1], &x1);
		out[0] = (u64)status;
		out[1] = x1;
		idx = lfam_seq_to_index(agent, in[1]);
		if (idx >= 0 && !x1)
			lfam_log_event(agent, "prime", idx, status);
		break;
	case LFA_FN_ACTIVATE:
		idx = lfam_seq_to_index(agent, in[1]);
		status = lfam_activate_skip(agent, in, &x1);
		out[0] = (u64)status;
		out[1] = x1;
		if (idx >= 0 && !x1)
			lfam_log_event(agent, "activate", idx, status);
		break;
	case LFA_FN_CANCEL:
		out[0] = (u64)lfam_cancel(agent, in[1]);
		break;
	default:
		out[0] = (u64)(s64)LFA_NOT_SUPPORTED;	/* SMC_UNK */
		break;
	}
}

void lfa_agent_smc(struct lfa_agent *agent, unsigned int cpu,
		   const u64 in[8], u64 out[8])
{
	unsigned int i;

	(void)cpu;	/* all CPUs are equal to the model */
	for (i = 0; i < 8; i++)
		out[i] = 0;

	lfam_lock(agent);
	if (agent->gone) {
		/* no agent: LFA_VERSION's -1 is NOT_SUPPORTED, as every call */
		out[0] = (u64)(s64)LFA_NOT_SUPPORTED;
	} else if ((u32)in[0] == LFA_FN_ACTIVATE &&
		   !(in[2] & LFA_SKIP_CPU_RENDEZVOUS)) {
		/* others calling while an activation without rendezvous runs */
		if (agent->activating && agent->activate_skip) {
			out[0] = (u64)(s64)LFA_BUSY;
		} else {
			lfam_activate_rendezvous(agent, in, out);
			return;	/* the pen released the lock */
		}
	} else {
		lfam_smc_locked(agent, in, out);
	}
	lfam_unlock(agent);
}

size_t lfa_agent_summary(struct lfa_agent *agent, char *buf, size_t len)
{
	unsigned int i, pending = 0;
	struct lfam_msg m;

	lfam_msg_init(&m, buf, len);
	lfam_lock(agent);
	for (i = 0; i < agent->ncomponents; i++) {
		if (agent->components[i].pending)
			pending++;
	}
	lfam_msg_str(&m, "components=");
	lfam_msg_uint(&m, agent->ncomponents);
	lfam_msg_str(&m, " present=");
	lfam_msg_uint(&m, lfam_present_count(agent));
	lfam_msg_str(&m, " pending=");
	lfam_msg_uint(&m, pending);
	lfam_msg_str(&m, " faults=");
	lfam_msg_uint(&m, agent->nfaults);
	lfam_msg_str(&m, " changes=");
	lfam_msg_uint(&m, agent->nchanges);
	lfam_msg_str(&m, " prime=");
	lfam_msg_str(&m, agent->prime_state == LFA_PRIME_NONE ? "none" :
		     agent->prime_state == LFA_PRIME_STARTED ? "started" :
		     agent->prime_state == LFA_PRIME_FAILED ? "failed" :
		     "complete");
	lfam_msg_str(&m, " activation=");
	lfam_msg_str(&m, agent->activating ? "in-progress" : "idle");
	lfam_msg_str(&m, " stagings=");
	lfam_msg_uint(&m, agent->stagings);
	lfam_msg_str(&m, " rendezvous_rounds=");
	lfam_msg_uint(&m, agent->rendezvous_rounds);
	lfam_msg_str(&m, " rendezvous_gathered=");
	lfam_msg_uint(&m, agent->rdv_last_gathered);
	if (agent->gone)
		lfam_msg_str(&m, " agent=gone");
	lfam_unlock(agent);
	lfam_msg_str(&m, "\n");
	return m.pos;
}
