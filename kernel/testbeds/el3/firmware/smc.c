// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * SMC entry from the normal world: decode the function ID, route it to its
 * service, write the results back into the caller's registers.
 */
#include "arch.h"
#include "console.h"
#include "el3.h"
#include "lfa_svc.h"
#include "psci.h"
#include "sip_svc.h"
#include "smccc.h"

extern const char semihosting_trap[];

static s64 smccc_arch_features(u32 fid)
{
	switch (fid) {
	case SMCCC_VERSION:
	case SMCCC_ARCH_FEATURES:
		return 0;
	default:
		/* no SOC_ID and no Spectre workaround calls */
		return SMC_UNK;
	}
}

static void smc_dispatch(unsigned int cpu, struct el3_ctx *ctx)
{
	u32 fid = (u32)ctx->x[0];
	unsigned int oen = (fid >> SMCCC_OEN_SHIFT) & SMCCC_OEN_MASK;
	u64 in[8];
	unsigned int n;

	/* SMC32 callers only own the low halves of their argument registers */
	for (n = 0; n < 8U; n++) {
		in[n] = ((fid & SMCCC_64_BIT) != 0U) ? ctx->x[n] : (u32)ctx->x[n];
	}

	if ((fid & SMCCC_FAST_CALL_BIT) == 0U) {
		/* yielding calls: none are offered */
		ctx->x[0] = (u64)(s64)SMC_UNK;
		return;
	}
	if (oen == SMCCC_OEN_ARCH && fid == SMCCC_VERSION) {
		ctx->x[0] = SMCCC_VERSION_1_2;
	} else if (oen == SMCCC_OEN_ARCH && fid == SMCCC_ARCH_FEATURES) {
		ctx->x[0] = (u64)smccc_arch_features((u32)in[1]);
	} else if (oen == SMCCC_OEN_STD && is_psci_fid(fid)) {
		ctx->x[0] = (u64)psci_smc_handler(cpu, fid, in);
	} else if (oen == SMCCC_OEN_STD && is_lfa_fid(fid)) {
		lfa_svc_smc_handler(cpu, in, ctx->x);
	} else if (oen == SMCCC_OEN_SIP && is_sip_fid(fid)) {
		sip_svc_smc_handler(cpu, in, ctx->x);
	} else {
		VERBOSE("unknown SMC 0x%x\n", fid);
		ctx->x[0] = (u64)(s64)SMC_UNK;
	}
}

void el3_lower_sync(u64 esr, struct el3_ctx *ctx)
{
	u64 ec = (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	unsigned int cpu = (unsigned int)plat_core_pos_by_mpidr(read_sysreg(mpidr_el1));

	if (ec != ESR_EC_SMC64) {
		ERROR("unexpected exception from the normal world: ESR 0x%llx ELR 0x%llx FAR 0x%llx\n",
		      (unsigned long long)esr, (unsigned long long)ctx->elr,
		      (unsigned long long)read_sysreg(far_el3));
		el3_panic();
	}
	smc_dispatch(cpu, ctx);
}

void el3_unexpected_exception(u64 type, u64 esr, struct el3_ctx *ctx)
{
	/* a semihosting call while QEMU has semihosting off: report failure */
	if (type == EXC_CUR_SPX_SYNC && ctx->elr == (u64)semihosting_trap) {
		ctx->elr += 4U;
		ctx->x[0] = (u64)(s64)-1;
		return;
	}
	ERROR("unexpected exception type %llu in EL3: ESR 0x%llx ELR 0x%llx FAR 0x%llx\n",
	      (unsigned long long)type, (unsigned long long)esr,
	      (unsigned long long)ctx->elr, (unsigned long long)read_sysreg(far_el3));
	el3_panic();
}
