/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Register frame saved on the EL3 stack on every exception taken to EL3.
 */
#ifndef CONTEXT_H
#define CONTEXT_H

#define CTX_GPREGS		31	/* x0..x30 */
#define CTX_ELR			(CTX_GPREGS * 8)
#define CTX_SPSR		(CTX_ELR + 8)
#define CTX_SIZE		(CTX_SPSR + 16)	/* keeps sp 16-byte aligned */

/* Exception types handed to el3_unexpected_exception() */
#define EXC_CUR_SP0		0
#define EXC_CUR_SPX_SYNC	1
#define EXC_CUR_SPX_ASYNC	2
#define EXC_LOWER_ASYNC		3
#define EXC_LOWER_AARCH32	4

#ifndef __ASSEMBLER__

#include "lfa_agent_compat.h"

struct el3_ctx {
	u64 x[CTX_GPREGS];
	u64 elr;
	u64 spsr;
	u64 pad;
};

_Static_assert(sizeof(struct el3_ctx) == CTX_SIZE, "frame layout");

#endif /* __ASSEMBLER__ */

#endif /* CONTEXT_H */
