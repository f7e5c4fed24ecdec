/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * IMPDEF SiP calls of the LFA testbed: staging through a shared window.
 *
 * The window is normal-world RAM that the devicetree describes as a no-map
 * reserved-memory region (compatible "lfa-testbed,staging-window"). The OS
 * writes an image into it and asks the firmware to stage it; the firmware
 * copies the image into secure memory first, so the OS cannot change it
 * while it is validated, then hands it to the agent model.
 *
 * SIP_LFA_TB_STAGE (SMC64)
 *   in:  x1 = image offset in the window, x2 = image length,
 *        x3 = message buffer offset in the window, x4 = its length (may be 0)
 *   out: x0 = 0, or SMC_INVALID_PARAMETERS (-2) when a range is outside the
 *        window; x1 = lfa_agent_stage() result: 0 or an LFA_STAGE_E* code.
 *        The message buffer receives a NUL-terminated reason on failure
 *        ("" on success).
 * SIP_LFA_TB_WINDOW (SMC64)
 *   out: x0 = 0, x1 = window base (physical), x2 = window size
 */
#ifndef SIP_SVC_H
#define SIP_SVC_H

#include "lfa_agent_compat.h"

#define SIP_LFA_TB_STAGE	0xc2000100U
#define SIP_LFA_TB_WINDOW	0xc2000101U

static inline bool is_sip_fid(u32 fid)
{
	return fid == SIP_LFA_TB_STAGE || fid == SIP_LFA_TB_WINDOW;
}

void sip_svc_smc_handler(unsigned int cpu, const u64 in[8], u64 *regs);

#endif /* SIP_SVC_H */
