/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Entry points shared between the assembly and the C parts of the firmware.
 */
#ifndef EL3_H
#define EL3_H

#include "context.h"
#include "lfa_agent_compat.h"

/* set by the boot CPU once .data and .bss are ready (secondaries wait) */
extern volatile u32 el3_coldboot_done;

/* entry.S */
u64 plat_core_pos_by_mpidr(u64 mpidr);
void __attribute__((noreturn)) el3_enter_normal_world(u64 entry, u64 arg0,
						      u64 spsr, u64 cpu);
void __attribute__((noreturn)) el3_cpu_off_pen(unsigned int cpu);

/* el3_main.c */
void __attribute__((noreturn)) el3_cold_boot(unsigned int cpu);
/* program EL3 and EL2/EL1 controls for this CPU, then eret to @entry */
void __attribute__((noreturn)) el3_enter_normal_world_at(unsigned int cpu,
							 u64 entry, u64 arg0);
void __attribute__((noreturn)) el3_panic(void);

/* smc.c */
void el3_lower_sync(u64 esr, struct el3_ctx *ctx);
void el3_unexpected_exception(u64 type, u64 esr, struct el3_ctx *ctx);

#endif /* EL3_H */
