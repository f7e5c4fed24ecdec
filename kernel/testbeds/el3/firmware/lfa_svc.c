// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Platform glue for the LFA agent model: the lock, the rendezvous pen, the
 * notification interrupt and the log. The LFA behaviour itself (PRIME,
 * ACTIVATE, CANCEL, the holding pen, faults) lives in kernel/testbeds/agent/.
 */
#include "arch.h"
#include "console.h"
#include "el3.h"
#include "gicv2.h"
#include "lfa_svc.h"
#include "platform_def.h"
#include "psci.h"
#include "spinlock.h"

#define SCENARIO_ERR_MAX	160
#define LFA_RESULT_REGS		6U	/* GET_INVENTORY: x0..x5 */

static struct lfa_agent agent;
/* the model's own lock: serialises every entry point into it */
static struct spinlock agent_lock;

/*
 * Evidence of the rendezvous for tests and developers (atomics, no lock):
 * ACTIVATE calls since boot, CPUs inside ACTIVATE right now, the most CPUs
 * that were inside at the same time during the last round, and how long
 * that round kept CPUs in EL3 (first entry to last exit, in counter ticks).
 */
static u32 activate_calls;
static u32 activate_inside;
static u32 activate_peak;
static u64 activate_round_start;
static u64 activate_round_ticks;
/* per CPU: its last ACTIVATE answered call_again (quiet repeated calls) */
static bool activate_again[PLAT_MAX_CPUS];

static void plat_lfa_lock(void *ctx)
{
	spin_lock(ctx);
}

static void plat_lfa_unlock(void *ctx)
{
	spin_unlock(ctx);
}

static unsigned int plat_lfa_online_cpus(void *ctx)
{
	(void)ctx;
	return psci_cpus_on();
}

/* the pen: the last CPU's unlock issues sev after the generation changes */
static void plat_lfa_relax(void *ctx)
{
	(void)ctx;
	wfe();
}

static void plat_lfa_notify(void *ctx)
{
	(void)ctx;
	INFO("lfa: platform notification on SPI %u\n", PLAT_LFA_NOTIFY_SPI);
	gicv2_raise_spi(PLAT_LFA_NOTIFY_SPI);
}

static void plat_lfa_log(void *ctx, const char *msg)
{
	(void)ctx;
	INFO("lfa: %s\n", msg);
}

static size_t scenario_length(const char *text)
{
	size_t len = 0;

	while (len < PLAT_SCENARIO_MAX && text[len] != '\0') {
		len++;
	}
	return len;
}

void lfa_svc_setup(void)
{
	const struct lfa_agent_platform plat = {
		.lock = plat_lfa_lock,
		.unlock = plat_lfa_unlock,
		.online_cpus = plat_lfa_online_cpus,
		.relax = plat_lfa_relax,
		.notify = plat_lfa_notify,
		.log = plat_lfa_log,
		.ctx = &agent_lock,
	};
	const char *text = (const char *)PLAT_SCENARIO_BASE;
	char err[SCENARIO_ERR_MAX];
	char summary[160];
	size_t len = scenario_length(text);

	lfa_agent_init(&agent, &plat);
	if (len == 0U) {
		WARN("lfa: no scenario at 0x%llx: the inventory is empty\n",
		     (unsigned long long)PLAT_SCENARIO_BASE);
		return;
	}
	if (len == PLAT_SCENARIO_MAX) {
		ERROR("lfa: scenario at 0x%llx is not NUL-terminated within %llu bytes\n",
		      (unsigned long long)PLAT_SCENARIO_BASE,
		      (unsigned long long)PLAT_SCENARIO_MAX);
		el3_panic();
	}
	err[0] = '\0';
	if (lfa_agent_load_scenario(&agent, text, len, err, sizeof(err)) != 0) {
		ERROR("lfa: bad scenario at 0x%llx: %s\n",
		      (unsigned long long)PLAT_SCENARIO_BASE, err);
		el3_panic();
	}
	lfa_agent_summary(&agent, summary, sizeof(summary));
	INFO("lfa: scenario loaded (%llu bytes): %s", (unsigned long long)len,
	     summary);
}

static void activate_enter(unsigned int cpu, const u64 in[8])
{
	u32 inside = __atomic_add_fetch(&activate_inside, 1U, __ATOMIC_ACQ_REL);
	u32 peak = __atomic_load_n(&activate_peak, __ATOMIC_RELAXED);

	__atomic_add_fetch(&activate_calls, 1U, __ATOMIC_RELAXED);
	if (inside == 1U) {
		/* the first CPU in starts a new round */
		__atomic_store_n(&activate_peak, 1U, __ATOMIC_RELAXED);
		__atomic_store_n(&activate_round_start, read_sysreg(cntpct_el0),
				 __ATOMIC_RELAXED);
	} else {
		while (inside > peak &&
		       !__atomic_compare_exchange_n(&activate_peak, &peak, inside,
						    false, __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED)) {
			;
		}
	}
	if (!activate_again[cpu]) {
		VERBOSE("lfa: cpu %u enters ACTIVATE (seq %llu, skip %llu)\n", cpu,
			(unsigned long long)in[1], (unsigned long long)(in[2] & 1U));
	}
}

static void activate_leave(unsigned int cpu, const u64 out[8])
{
	bool again = (out[1] & LFA_CALL_AGAIN) != 0U && (s64)out[0] == LFA_SUCCESS;
	u64 ticks = read_sysreg(cntpct_el0) -
		    __atomic_load_n(&activate_round_start, __ATOMIC_RELAXED);
	u64 freq = read_sysreg(cntfrq_el0);

	activate_again[cpu] = again;
	if (__atomic_sub_fetch(&activate_inside, 1U, __ATOMIC_ACQ_REL) == 0U) {
		__atomic_store_n(&activate_round_ticks, ticks, __ATOMIC_RELAXED);
		if (!again) {
			INFO("lfa: ACTIVATE round done: %u CPU(s) inside at once, %llu us in EL3\n",
			     __atomic_load_n(&activate_peak, __ATOMIC_RELAXED),
			     (unsigned long long)((freq != 0U) ? ticks * 1000000U / freq : 0U));
		}
	}
	if (!again) {
		VERBOSE("lfa: cpu %u leaves ACTIVATE: %s\n", cpu,
			lfa_agent_status_name((s64)out[0]));
	}
}

void lfa_svc_smc_handler(unsigned int cpu, const u64 in[8], u64 *regs)
{
	bool activate = (u32)in[0] == LFA_FN_ACTIVATE;
	u64 out[8];
	unsigned int n;

	if (activate) {
		activate_enter(cpu, in);
	}
	lfa_agent_smc(&agent, cpu, in, out);
	if (activate) {
		activate_leave(cpu, out);
	}
	/* DEN0147 results use x0-x5 at most; SMCCC 1.2 keeps the rest */
	for (n = 0; n < LFA_RESULT_REGS; n++) {
		regs[n] = out[n];
	}
}

int lfa_svc_stage(const void *image, size_t len, char *err, size_t errlen)
{
	return lfa_agent_stage(&agent, image, len, err, errlen);
}

int lfa_svc_load_scenario(const char *text, size_t len, char *err, size_t errlen)
{
	char summary[160];

	if (lfa_agent_load_scenario(&agent, text, len, err, errlen) != 0) {
		WARN("lfa: scenario of %llu bytes refused: %s\n",
		     (unsigned long long)len, err);
		return -1;
	}
	lfa_agent_summary(&agent, summary, sizeof(summary));
	INFO("lfa: scenario replaced (%llu bytes): %s", (unsigned long long)len,
	     summary);
	return 0;
}

void lfa_svc_summary(char *buf, size_t len)
{
	size_t pos = lfa_agent_summary(&agent, buf, len);
	u64 ticks = __atomic_load_n(&activate_round_ticks, __ATOMIC_RELAXED);
	u64 freq = read_sysreg(cntfrq_el0);

	/* the model's line, newline replaced by this firmware's counters */
	if (pos > 0U && buf[pos - 1U] == '\n') {
		pos--;
	}
	el3_snprintf(buf + pos, len - pos,
		     " el3_activate_calls=%u el3_activate_peak=%u el3_activate_round_us=%llu\n",
		     __atomic_load_n(&activate_calls, __ATOMIC_RELAXED),
		     __atomic_load_n(&activate_peak, __ATOMIC_RELAXED),
		     (unsigned long long)((freq != 0U) ? ticks * 1000000U / freq : 0U));
}

void lfa_svc_notify(void)
{
	plat_lfa_notify(NULL);
}

int lfa_svc_component(unsigned int index, u64 *guid_lo, u64 *guid_hi, bool *present)
{
	int ret = -1;

	spin_lock(&agent_lock);
	if (index < agent.ncomponents) {
		lfa_agent_guid_to_regs(agent.components[index].guid, guid_lo, guid_hi);
		*present = agent.components[index].present;
		ret = 0;
	}
	spin_unlock(&agent_lock);
	return ret;
}
