// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The one path from the LFA driver to the agent: whatever conduit is
 * installed (arm64 SMC or a simulated agent), status names, and the two
 * read-only calls GET_INFO and GET_INVENTORY.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>

#include "lfa_contract.h"
#include "lfa_priv.h"

/*
 * The installed conduit. Written with lfa_activation_lock and lfa_inv_lock
 * both held; read with either held (or from the stop_machine() callback of
 * an activation, whose caller holds lfa_activation_lock).
 */
static const struct lfa_conduit_ops *lfa_conduit_cur;

bool lfa_conduit_present(void)
{
	return READ_ONCE(lfa_conduit_cur);
}

bool lfa_conduit_is(const struct lfa_conduit_ops *ops)
{
	return READ_ONCE(lfa_conduit_cur) == ops;
}

void lfa_conduit_set(const struct lfa_conduit_ops *ops)
{
	lockdep_assert_held(&lfa_activation_lock);
	lockdep_assert_held(&lfa_inv_lock);
	WRITE_ONCE(lfa_conduit_cur, ops);
}

/* Caller holds lfa_activation_lock or lfa_inv_lock; may run atomically */
void lfa_call(const u64 in[LFA_NR_REGS], u64 out[LFA_NR_REGS])
{
	const struct lfa_conduit_ops *ops = READ_ONCE(lfa_conduit_cur);
	unsigned int i;

	if (!ops) {
		/* the agent went away: answer as an absent agent would */
		for (i = 0; i < LFA_NR_REGS; i++)
			out[i] = 0;
		out[0] = (u64)(s64)LFA_NOT_SUPPORTED;
		return;
	}
	ops->invoke(ops->ctx, in, out);
}

/* x0 of PRIME, ACTIVATE, ... is a status: a negative 64-bit value is an error */
s64 lfa_status(u64 x0)
{
	return (s64)x0;
}

/* the DEN0147 status names, shared with the emulator (lfa_contract.h) */
static const char * const lfa_status_names[] = LFA_STATUS_NAMES;

const char *lfa_status_name(s64 status)
{
	if (status > 0 || -status >= (s64)ARRAY_SIZE(lfa_status_names))
		return LFA_STATUS_UNKNOWN_NAME;
	return lfa_status_names[-status];
}

/* GET_INFO: the number of components; caller holds one of the two mutexes */
int lfa_get_info(u64 *count)
{
	u64 in[LFA_NR_REGS] = { LFA_FN_GET_INFO, 0 };
	u64 out[LFA_NR_REGS];
	s64 status;

	lfa_call(in, out);
	status = lfa_status(out[0]);
	if (status != LFA_SUCCESS) {
		pr_err("GET_INFO failed: %s (%lld)\n", lfa_status_name(status),
		       status);
		return -EIO;
	}
	*count = out[1];
	return 0;
}

/* GET_INVENTORY for one sequence id; caller holds one of the two mutexes */
int lfa_get_inventory(u64 seq_id, struct lfa_inv_entry *entry)
{
	u64 in[LFA_NR_REGS] = { LFA_FN_GET_INVENTORY, seq_id };
	u64 out[LFA_NR_REGS];
	s64 status;
	unsigned int i;

	lfa_call(in, out);
	status = lfa_status(out[0]);
	if (status != LFA_SUCCESS) {
		pr_debug("GET_INVENTORY(%llu): %s\n", seq_id,
			 lfa_status_name(status));
		/* a sequence id past the end: the inventory shrank */
		return status == LFA_INVALID_PARAMETERS ? -ENOENT : -EIO;
	}
	/* x1 holds GUID bytes 0-7, x2 bytes 8-15, least significant first */
	for (i = 0; i < 8; i++) {
		entry->guid.b[i] = (out[1] >> (8 * i)) & 0xff;
		entry->guid.b[i + 8] = (out[2] >> (8 * i)) & 0xff;
	}
	entry->flags = out[3];
	entry->current_version = out[4];
	entry->pending_version = out[5];
	return 0;
}
