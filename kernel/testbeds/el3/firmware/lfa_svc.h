/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * The LFA service: the shared agent model (kernel/testbeds/agent/) behind the
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
/* one LFA call; @regs receives the results in x0..x5 */
void lfa_svc_smc_handler(unsigned int cpu, const u64 in[8], u64 *regs);
/* validate and stage an image (copied into secure memory by the caller) */
int lfa_svc_stage(const void *image, size_t len, char *err, size_t errlen);
/* test controls behind the SiP calls (see sip_svc.h) */
int lfa_svc_load_scenario(const char *text, size_t len, char *err, size_t errlen);
void lfa_svc_summary(char *buf, size_t len);
void lfa_svc_notify(void);
/* component @index of the scenario: 0, or -1 past the last one */
int lfa_svc_component(unsigned int index, u64 *guid_lo, u64 *guid_hi, bool *present);

#endif /* LFA_SVC_H */
