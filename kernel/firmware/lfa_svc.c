// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Platform glue for the LFA agent model: the lock, the rendezvous pen, the
 * notification interrupt and the log. The LFA behaviour itself (PRIME,
 * ACTIVATE, CANCEL, the holding pen, faults) lives in kernel/agent/.
 */
#include "arch.h"
#include "console.h"
#include "gicv2.h"
#include "lfa_svc.h"
#include "platform_def.h"
#include "power.h"
#include "psci.h"
#include "spinlock.h"
#include "el3.h"

#define SCENARIO_ERR_MAX	160

static struct lfa_agent agent;
/* the model's own lock: serialises every entry point into it */
static struct spinlock agent_lock;

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
	INFO("lfa: image staged, raising SPI %u\n", PLAT_LFA_NOTIFY_SPI);
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

void lfa_svc_smc_handler(unsigned int cpu, const u64 in[8], u64 *regs)
{
	u64 out[8];
	unsigned int n;

	lfa_agent_smc(&agent, cpu, in, out);
	for (n = 0; n < 8U; n++) {
		regs[n] = out[n];
	}
}

int lfa_svc_stage(const void *image, size_t len, char *err, size_t errlen)
{
	return lfa_agent_stage(&agent, image, len, err, errlen);
}
