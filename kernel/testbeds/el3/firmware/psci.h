/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * PSCI 1.1 subset: enough for Linux to bring CPUs up and down and to power
 * the machine off or reset it.
 */
#ifndef PSCI_H
#define PSCI_H

#include "lfa_agent_compat.h"

#define PSCI_VERSION			0x84000000U
#define PSCI_CPU_SUSPEND_AARCH32	0x84000001U
#define PSCI_CPU_SUSPEND_AARCH64	0xc4000001U
#define PSCI_CPU_OFF			0x84000002U
#define PSCI_CPU_ON_AARCH32		0x84000003U
#define PSCI_CPU_ON_AARCH64		0xc4000003U
#define PSCI_AFFINITY_INFO_AARCH32	0x84000004U
#define PSCI_AFFINITY_INFO_AARCH64	0xc4000004U
#define PSCI_MIGRATE_INFO_TYPE		0x84000006U
#define PSCI_SYSTEM_OFF			0x84000008U
#define PSCI_SYSTEM_RESET		0x84000009U
#define PSCI_FEATURES			0x8400000aU

#define PSCI_MAJOR_VER			1U
#define PSCI_MINOR_VER			1U

#define PSCI_E_SUCCESS			0
#define PSCI_E_NOT_SUPPORTED		(-1)
#define PSCI_E_INVALID_PARAMS		(-2)
#define PSCI_E_DENIED			(-3)
#define PSCI_E_ALREADY_ON		(-4)
#define PSCI_E_ON_PENDING		(-5)
#define PSCI_E_INVALID_ADDRESS		(-9)

/* AFFINITY_INFO answers */
#define PSCI_AFF_ON			0
#define PSCI_AFF_OFF			1
#define PSCI_AFF_ON_PENDING		2

/* MIGRATE_INFO_TYPE: no Trusted OS that would need migrating */
#define PSCI_TOS_NOT_PRESENT_MP		2

static inline bool is_psci_fid(u32 fid)
{
	return (fid & 0xbfffffe0U) == PSCI_VERSION;
}

/* cold boot: the boot CPU is on, all others off */
void psci_setup(unsigned int boot_cpu);
/* CPUs currently on (they must all join an LFA rendezvous) */
unsigned int psci_cpus_on(void);
/* one PSCI call; returns x0 (CPU_OFF, SYSTEM_OFF/RESET do not return) */
s64 psci_smc_handler(unsigned int cpu, u32 fid, const u64 *x);
/* the pen: wait for CPU_ON, then enter the normal world (never returns) */
void __attribute__((noreturn)) psci_cpu_pen(unsigned int cpu);

#endif /* PSCI_H */
