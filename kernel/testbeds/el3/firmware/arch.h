/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * AArch64 system register access and the register bits the firmware uses.
 */
#ifndef ARCH_H
#define ARCH_H

#include "platform_def.h"

/* SCR_EL3 */
#define SCR_NS_BIT		(ULL(1) << 0)
#define SCR_RES1_BITS		((ULL(1) << 4) | (ULL(1) << 5))
#define SCR_SMD_BIT		(ULL(1) << 7)
#define SCR_HCE_BIT		(ULL(1) << 8)
#define SCR_RW_BIT		(ULL(1) << 10)
#define SCR_APK_BIT		(ULL(1) << 16)
#define SCR_API_BIT		(ULL(1) << 17)
#define SCR_ATA_BIT		(ULL(1) << 26)
#define SCR_FGTEN_BIT		(ULL(1) << 27)
#define SCR_HXEN_BIT		(ULL(1) << 38)
#define SCR_ENTP2_BIT		(ULL(1) << 41)

/* CPTR_EL3 */
#define CPTR_EZ_BIT		(ULL(1) << 8)
#define CPTR_ESM_BIT		(ULL(1) << 12)

/* SPSR for entering the normal world: all exceptions masked */
#define SPSR_DAIF_MASKED	(ULL(0xf) << 6)
#define SPSR_M_EL1H		ULL(0x5)
#define SPSR_M_EL2H		ULL(0x9)

/* SCTLR reset-style values with the MMU and caches off */
#define SCTLR_EL1_RES1		ULL(0x30d00800)
#define SCTLR_EL2_RES1		ULL(0x30c50830)
#define HCR_RW_BIT		(ULL(1) << 31)

/* ESR_ELx exception classes */
#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		ULL(0x3f)
#define ESR_EC_SMC64		ULL(0x17)

#ifndef __ASSEMBLER__

#include "lfa_agent_compat.h"

#define read_sysreg(reg) ({						\
	u64 __val;							\
	__asm__ volatile("mrs %0, " #reg : "=r" (__val));		\
	__val;								\
})

#define write_sysreg(val, reg)						\
	__asm__ volatile("msr " #reg ", %0" : : "r" ((u64)(val)))

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline void sev(void)
{
	__asm__ volatile("sev" : : : "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

static inline void mmio_write_32(u64 addr, u32 val)
{
	*(volatile u32 *)addr = val;
}

static inline u32 mmio_read_32(u64 addr)
{
	return *(volatile u32 *)addr;
}

/* 4-bit ID register field */
static inline unsigned int id_field(u64 reg, unsigned int shift)
{
	return (unsigned int)((reg >> shift) & 0xfU);
}

#endif /* __ASSEMBLER__ */

#endif /* ARCH_H */
