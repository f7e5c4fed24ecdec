/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * How an LFA agent that is not reached by a real SMC (the simulated agent
 * module) plugs into the LFA driver. The driver sees only "a conduit": the
 * arm64 SMCCC 1.2 SMC, or the callback registered here.
 */
#ifndef LFA_CONDUIT_H
#define LFA_CONDUIT_H

#include <linux/types.h>

/* x0..x7 of one SMCCC 1.2 call; x0 holds the function ID */
#define LFA_NR_REGS	8

struct lfa_conduit_ops {
	/*
	 * One LFA call. Runs in process context, or from stop_machine() on
	 * every online CPU at once with interrupts disabled (the ACTIVATE
	 * rendezvous): it must not sleep.
	 */
	void (*invoke)(void *ctx, const u64 in[LFA_NR_REGS],
		       u64 out[LFA_NR_REGS]);
	void *ctx;
};

/*
 * Install @ops as the conduit and read the inventory; -EBUSY if another
 * conduit (a real SMC agent, another simulated agent) is in use.
 */
int lfa_conduit_register(const struct lfa_conduit_ops *ops);
/* Remove every image directory, then forget @ops; waits for running calls */
void lfa_conduit_unregister(const struct lfa_conduit_ops *ops);
/* Platform notification (a new image was staged); any context */
void lfa_platform_notify(void);
/* The inventory was replaced behind the driver's back: re-read it now */
int lfa_inventory_changed(void);

#endif /* LFA_CONDUIT_H */
