/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * /sys/kernel/lfa_sim: the test controls of a simulated or testbed agent,
 * with the same paths and meaning whoever provides them (lfa_sim.ko, the
 * arm64 testbed's lfa_stage_shmem.ko, the FUSE emulator).
 *   scenario (0644) write: replace inventory and faults, then the driver
 *                          re-reads its inventory; read: one-line summary
 *   notify   (0200) any write raises the platform notification
 */
#ifndef LFA_SIMCTL_H
#define LFA_SIMCTL_H

#include <linux/types.h>

/* a scenario is at most one page of text (the contract says 4 KiB) */
#define LFA_SIMCTL_SCENARIO_MAX	4096

struct lfa_simctl_ops {
	/*
	 * Replace the agent's scenario with @text (not NUL-terminated) and
	 * make the upload directories match it. 0 or a negative errno
	 * (-EINVAL for a text the agent refuses: then nothing changed).
	 * Calls are serialised.
	 */
	int (*load)(const char *text, size_t len);
	/* one line ending in '\n' into @buf; its length or a negative errno */
	ssize_t (*summary)(char *buf, size_t len);
	/* raise the platform notification; 0 or a negative errno */
	int (*notify)(void);
};

int lfa_simctl_init(const struct lfa_simctl_ops *ops);
void lfa_simctl_exit(void);

#endif /* LFA_SIMCTL_H */
