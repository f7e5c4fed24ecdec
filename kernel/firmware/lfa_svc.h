/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * The LFA service: the shared agent model (kernel/agent/) behind the
 * standard-service function IDs, with this platform's hooks.
 */
#ifndef LFA_SVC_H
#define LFA_SVC_H

#include "lfa_agent.h"

static inline bool is_lfa_fid(u32 fid)
{
	return fid >= LFA_FN_FIRST && fid <= LFA_FN_LAST;
}

/* cold boot: initialise the model and load the scenario the loader placed */
void lfa_svc_setup(void);
/* one LFA call; @regs receives x0..x7 */
void lfa_svc_smc_handler(unsigned int cpu, const u64 in[8], u64 *regs);
/* validate and stage an image (copied into secure memory by the caller) */
int lfa_svc_stage(const void *image, size_t len, char *err, size_t errlen);

#endif /* LFA_SVC_H */
