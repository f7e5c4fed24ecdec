// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Cold boot of the LFA testbed firmware: set up the devices and services,
 * release the secondaries, enter Linux (el3_world.c).
 */
#include "arch.h"
#include "console.h"
#include "el3.h"
#include "gicv2.h"
#include "lfa_svc.h"
#include "platform_def.h"
#include "psci.h"

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
	     (unsigned long long)PLAT_NS_KERNEL_BASE, el3_el2_present() ? 2U : 1U,
	     (unsigned long long)PLAT_NS_DTB_BASE);
	INFO("from now on this log continues on the secure UART only\n");
	console_ns_release();
	el3_enter_normal_world_at(cpu, PLAT_NS_KERNEL_BASE, PLAT_NS_DTB_BASE);
}
