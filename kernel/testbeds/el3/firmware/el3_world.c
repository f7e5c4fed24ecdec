// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Leaving EL3: into the normal world (cold boot, PSCI CPU_ON) or, on a
 * fatal error, out of QEMU. Kept apart from el3_main.c so that the
 * services (PSCI, LFA, SMC dispatch) depend on this file only, and the
 * cold boot depends on them: no cycle between boot and services.
 */
#include "arch.h"
#include "console.h"
#include "el3.h"
#include "platform_def.h"
#include "power.h"

bool el3_el2_present(void)
{
	return id_field(read_sysreg(id_aa64pfr0_el1), 8) != 0U;
}

/*
 * SCR_EL3 and CPTR_EL3 for the normal world: AArch64 below EL3, SMC
 * enabled, and no traps to EL3 for the features this CPU model has (Linux
 * uses them without asking, and this firmware would not handle the trap).
 */
static void setup_el3_controls(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);
	u64 pfr1 = read_sysreg(id_aa64pfr1_el1);
	u64 isar1 = read_sysreg(id_aa64isar1_el1);
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	u64 mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	u64 scr = SCR_RES1_BITS | SCR_NS_BIT | SCR_RW_BIT;
	u64 cptr = 0;

	if (el3_el2_present()) {
		scr |= SCR_HCE_BIT;
	}
	/* pointer authentication: APA, API, GPA, GPI */
	if (id_field(isar1, 4) != 0U || id_field(isar1, 8) != 0U ||
	    id_field(isar1, 24) != 0U || id_field(isar1, 28) != 0U) {
		scr |= SCR_API_BIT | SCR_APK_BIT;
	}
	if (id_field(pfr1, 8) >= 2U) {		/* MTE2 */
		scr |= SCR_ATA_BIT;
	}
	if (id_field(mmfr0, 56) != 0U) {	/* FGT */
		scr |= SCR_FGTEN_BIT;
	}
	if (id_field(mmfr1, 40) != 0U) {	/* HCX */
		scr |= SCR_HXEN_BIT;
	}
	if (id_field(pfr0, 32) != 0U) {		/* SVE */
		cptr |= CPTR_EZ_BIT;
	}
	if (id_field(pfr1, 24) != 0U) {		/* SME */
		cptr |= CPTR_ESM_BIT;
		scr |= SCR_ENTP2_BIT;
	}
	write_sysreg(scr, scr_el3);
	write_sysreg(cptr, cptr_el3);
	write_sysreg(0, mdcr_el3);
	isb();
}

void el3_enter_normal_world_at(unsigned int cpu, u64 entry, u64 arg0)
{
	u64 spsr;

	setup_el3_controls();
	if (el3_el2_present()) {
		write_sysreg(SCTLR_EL2_RES1, sctlr_el2);
		write_sysreg(HCR_RW_BIT, hcr_el2);
		spsr = SPSR_DAIF_MASKED | SPSR_M_EL2H;
	} else {
		write_sysreg(SCTLR_EL1_RES1, sctlr_el1);
		spsr = SPSR_DAIF_MASKED | SPSR_M_EL1H;
	}
	el3_enter_normal_world(entry, arg0, spsr, cpu);
}

void el3_panic(void)
{
	ERROR("firmware stopped\n");
	plat_system_off(POWER_EXIT_PANIC);
}
