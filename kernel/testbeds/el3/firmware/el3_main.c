// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Cold boot of the LFA testbed firmware and the way into the normal world.
 */
#include "arch.h"
#include "console.h"
#include "el3.h"
#include "gicv2.h"
#include "lfa_svc.h"
#include "platform_def.h"
#include "power.h"
#include "psci.h"

/* outside .bss: secondaries read it before the boot CPU clears .bss */
volatile u32 el3_coldboot_done __attribute__((section(".noinit")));

static bool el2_present(void)
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

	if (el2_present()) {
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
	if (el2_present()) {
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

void el3_cold_boot(unsigned int cpu)
{
	console_init();
	INFO("LFA testbed EL3 firmware for QEMU virt, boot CPU %u\n", cpu);
	gicv2_distributor_init();
	gicv2_cpu_init();
	psci_setup(cpu);
	lfa_svc_setup();

	/* release the secondaries into the PSCI pen */
	__atomic_store_n(&el3_coldboot_done, 1U, __ATOMIC_RELEASE);
	dsb_sy();
	sev();

	INFO("entering Linux at 0x%llx in non-secure EL%u, DTB at 0x%llx\n",
	     (unsigned long long)PLAT_NS_KERNEL_BASE, el2_present() ? 2U : 1U,
	     (unsigned long long)PLAT_NS_DTB_BASE);
	INFO("from now on this log continues on the secure UART only\n");
	console_ns_release();
	el3_enter_normal_world_at(cpu, PLAT_NS_KERNEL_BASE, PLAT_NS_DTB_BASE);
}
