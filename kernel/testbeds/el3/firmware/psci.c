// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * PSCI CPU power management. There is no real power control on QEMU: a CPU
 * that is "off" waits in the firmware's pen (wfe loop at EL3) until CPU_ON
 * hands it an entry point.
 */
#include "arch.h"
#include "console.h"
#include "el3.h"
#include "gicv2.h"
#include "platform_def.h"
#include "power.h"
#include "psci.h"
#include "smccc.h"
#include "spinlock.h"

enum cpu_power_state {
	CPU_STATE_OFF,
	CPU_STATE_ON_PENDING,
	CPU_STATE_ON,
};

/*
 * Per-CPU mailbox. @state is changed only with psci_lock held (CPU_ON and
 * CPU_OFF race otherwise) but is read without it by the pen (acquire) and
 * by AFFINITY_INFO; entry and context are written before state is released.
 * @present and @gic_mask are set by the CPU itself when it first reaches
 * the pen (all CPUs do so right after cold boot, long before Linux asks).
 */
struct cpu_mailbox {
	u32 state;
	u32 present;
	u32 gic_mask;		/* GICv2 CPU interface bit, for the wake-up SGI */
	u64 entry;
	u64 context;
};

static struct cpu_mailbox mailboxes[PLAT_MAX_CPUS];
/* serialises state changes of the mailboxes */
static struct spinlock psci_lock;

void psci_setup(unsigned int boot_cpu)
{
	mailboxes[boot_cpu].state = CPU_STATE_ON;
	mailboxes[boot_cpu].present = 1U;
}

unsigned int psci_cpus_on(void)
{
	unsigned int n, count = 0;

	for (n = 0; n < PLAT_MAX_CPUS; n++) {
		if (__atomic_load_n(&mailboxes[n].state, __ATOMIC_ACQUIRE) == CPU_STATE_ON) {
			count++;
		}
	}
	return count;
}

static int mpidr_to_cpu(u64 mpidr)
{
	u64 pos = plat_core_pos_by_mpidr(mpidr);

	return (pos < PLAT_MAX_CPUS) ? (int)pos : -1;
}

static s64 psci_cpu_on(u64 target, u64 entry, u64 context)
{
	int cpu = mpidr_to_cpu(target);
	s64 ret = PSCI_E_SUCCESS;

	/* a CPU QEMU does not have never reached the pen */
	if (cpu < 0 || __atomic_load_n(&mailboxes[cpu].present, __ATOMIC_ACQUIRE) == 0U) {
		return PSCI_E_INVALID_PARAMS;
	}
	if (entry < PLAT_NS_RAM_BASE) {
		return PSCI_E_INVALID_ADDRESS;
	}
	spin_lock(&psci_lock);
	switch (mailboxes[cpu].state) {
	case CPU_STATE_ON:
		ret = PSCI_E_ALREADY_ON;
		break;
	case CPU_STATE_ON_PENDING:
		ret = PSCI_E_ON_PENDING;
		break;
	default:
		mailboxes[cpu].entry = entry;
		mailboxes[cpu].context = context;
		__atomic_store_n(&mailboxes[cpu].state, CPU_STATE_ON_PENDING,
				 __ATOMIC_RELEASE);
		dsb_sy();
		gicv2_pen_wake(mailboxes[cpu].gic_mask);
		break;
	}
	spin_unlock(&psci_lock);
	return ret;
}

static s64 psci_cpu_off(unsigned int cpu)
{
	spin_lock(&psci_lock);
	if (psci_cpus_on() <= 1U) {
		spin_unlock(&psci_lock);
		return PSCI_E_DENIED;
	}
	__atomic_store_n(&mailboxes[cpu].state, CPU_STATE_OFF, __ATOMIC_RELEASE);
	spin_unlock(&psci_lock);
	VERBOSE("cpu %u off\n", cpu);
	el3_cpu_off_pen(cpu);
}

static s64 psci_affinity_info(u64 target, u64 level)
{
	int cpu = mpidr_to_cpu(target);

	if (cpu < 0 || level != 0U) {
		return PSCI_E_INVALID_PARAMS;
	}
	switch (__atomic_load_n(&mailboxes[cpu].state, __ATOMIC_ACQUIRE)) {
	case CPU_STATE_ON:
		return PSCI_AFF_ON;
	case CPU_STATE_ON_PENDING:
		return PSCI_AFF_ON_PENDING;
	default:
		return PSCI_AFF_OFF;
	}
}

/* only standby is offered: wait for an interrupt, return as if woken */
static s64 psci_cpu_suspend(u64 power_state)
{
	(void)power_state;
	dsb_sy();
	wfi();
	return PSCI_E_SUCCESS;
}

static s64 psci_features(u32 fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_AARCH32:
	case PSCI_CPU_ON_AARCH64:
	case PSCI_AFFINITY_INFO_AARCH32:
	case PSCI_AFFINITY_INFO_AARCH64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:	/* how Linux finds out about SMCCC >= 1.1 */
		return PSCI_E_SUCCESS;
	case PSCI_CPU_SUSPEND_AARCH32:
	case PSCI_CPU_SUSPEND_AARCH64:
		return 0;	/* original power_state format, no OS-initiated mode */
	default:
		return PSCI_E_NOT_SUPPORTED;
	}
}

s64 psci_smc_handler(unsigned int cpu, u32 fid, const u64 *x)
{
	switch (fid) {
	case PSCI_VERSION:
		return (s64)((PSCI_MAJOR_VER << 16) | PSCI_MINOR_VER);
	case PSCI_CPU_SUSPEND_AARCH32:
	case PSCI_CPU_SUSPEND_AARCH64:
		return psci_cpu_suspend(x[1]);
	case PSCI_CPU_OFF:
		return psci_cpu_off(cpu);
	case PSCI_CPU_ON_AARCH32:
	case PSCI_CPU_ON_AARCH64:
		return psci_cpu_on(x[1], x[2], x[3]);
	case PSCI_AFFINITY_INFO_AARCH32:
	case PSCI_AFFINITY_INFO_AARCH64:
		return psci_affinity_info(x[1], x[2]);
	case PSCI_MIGRATE_INFO_TYPE:
		return PSCI_TOS_NOT_PRESENT_MP;
	case PSCI_SYSTEM_OFF:
		plat_system_off(POWER_EXIT_OFF);
	case PSCI_SYSTEM_RESET:
		plat_system_reset();
	case PSCI_FEATURES:
		return psci_features((u32)x[1]);
	default:
		return PSCI_E_NOT_SUPPORTED;
	}
}

/*
 * wfi, not wfe: QEMU halts a vCPU in wfi but spins one in wfe, and up to
 * seven spinning pens would slow Linux down on a small host. CPU_ON wakes
 * the CPU with an SGI; one sent between the check and the wfi stays
 * pending, so no wake-up is lost.
 */
void psci_cpu_pen(unsigned int cpu)
{
	struct cpu_mailbox *mb = &mailboxes[cpu];

	mb->gic_mask = gicv2_pen_enter();
	__atomic_store_n(&mb->present, 1U, __ATOMIC_RELEASE);
	while (__atomic_load_n(&mb->state, __ATOMIC_ACQUIRE) != CPU_STATE_ON_PENDING) {
		dsb_sy();
		wfi();
		gicv2_pen_ack();
	}
	gicv2_pen_exit();
	spin_lock(&psci_lock);
	__atomic_store_n(&mb->state, CPU_STATE_ON, __ATOMIC_RELEASE);
	spin_unlock(&psci_lock);
	VERBOSE("cpu %u on at 0x%llx\n", cpu, (unsigned long long)mb->entry);
	el3_enter_normal_world_at(cpu, mb->entry, mb->context);
}
