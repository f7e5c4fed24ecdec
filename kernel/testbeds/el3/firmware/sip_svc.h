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
 *
 * Test controls (what /sys/kernel/lfa_sim/ offers with the simulated agent;
 * a real platform would not expose them):
 * SIP_LFA_TB_LOAD_SCENARIO (SMC64)
 *   in:  x1, x2 = scenario text (offset, length), x3, x4 = message buffer
 *   out: x0 = 0 or -2 as above; x1 = 0, or -1 with the reason in the buffer.
 *        Replaces the agent's inventory and faults.
 * SIP_LFA_TB_SUMMARY (SMC64)
 *   in:  x1, x2 = buffer (offset, length)
 *   out: x0 = 0 or -2; the buffer receives the agent's one-line summary
 * SIP_LFA_TB_NOTIFY (SMC64)
 *   out: x0 = 0; the platform notification interrupt is raised
 * SIP_LFA_TB_COMPONENT (SMC64)
 *   in:  x1 = index into the scenario's components, present or hidden
 *   out: x0 = 0, or -2 past the last one; x1, x2 = GUID as GET_INVENTORY
 *        returns it; x3 bit 0 = listed in the inventory now
 */
#ifndef SIP_SVC_H
#define SIP_SVC_H

#include "lfa_agent_compat.h"
/* the function IDs, shared with Linux */
#include "lfa_testbed_sip.h"

static inline bool is_sip_fid(u32 fid)
{
	return fid >= SIP_LFA_TB_STAGE && fid <= SIP_LFA_TB_COMPONENT;
}

void sip_svc_smc_handler(unsigned int cpu, const u64 in[8], u64 *regs);

#endif /* SIP_SVC_H */
