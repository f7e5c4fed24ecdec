// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The arm64 conduit: SMCCC 1.2 calls into the LFA agent at EL3 (or a
 * hypervisor). Newer kernels offer arm_smccc_1_2_invoke(); Debian's 6.1 does
 * not, so this file picks arm_smccc_1_2_smc() or arm_smccc_1_2_hvc() from
 * the conduit the SMCCC driver found, which works on both.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/arm-smccc.h>
#include <linux/errno.h>

#include "lfa_priv.h"

/* set once in lfa_smc_probe(), before the conduit is registered */
static enum arm_smccc_conduit lfa_smc_conduit = SMCCC_CONDUIT_NONE;

static void lfa_smccc_1_2_invoke(const struct arm_smccc_1_2_regs *args,
				 struct arm_smccc_1_2_regs *res)
{
	if (lfa_smc_conduit == SMCCC_CONDUIT_HVC)
		arm_smccc_1_2_hvc(args, res);
	else
		arm_smccc_1_2_smc(args, res);
}

static void lfa_smc_invoke(void *ctx, const u64 in[LFA_NR_REGS],
			   u64 out[LFA_NR_REGS])
{
	struct arm_smccc_1_2_regs args = {
		.a0 = in[0], .a1 = in[1], .a2 = in[2], .a3 = in[3],
		.a4 = in[4], .a5 = in[5], .a6 = in[6], .a7 = in[7],
	};
	struct arm_smccc_1_2_regs res;

	lfa_smccc_1_2_invoke(&args, &res);
	out[0] = res.a0;
	out[1] = res.a1;
	out[2] = res.a2;
	out[3] = res.a3;
	out[4] = res.a4;
	out[5] = res.a5;
	out[6] = res.a6;
	out[7] = res.a7;
}

static const struct lfa_conduit_ops lfa_smc_ops = {
	.invoke = lfa_smc_invoke,
};

/* -ENODEV when there is no SMCCC 1.2 conduit or no agent behind it */
int lfa_smc_probe(void)
{
	enum arm_smccc_conduit conduit;

	/* x0-x17 as arguments and results need SMCCC 1.2 */
	if (arm_smccc_get_version() < ARM_SMCCC_VERSION_1_2)
		return -ENODEV;
	conduit = arm_smccc_1_1_get_conduit();
	if (conduit != SMCCC_CONDUIT_SMC && conduit != SMCCC_CONDUIT_HVC)
		return -ENODEV;
	lfa_smc_conduit = conduit;
	return lfa_conduit_register(&lfa_smc_ops);
}

void lfa_smc_remove(void)
{
	if (lfa_smc_conduit != SMCCC_CONDUIT_NONE)
		lfa_conduit_unregister(&lfa_smc_ops);
}
