// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Scenarios built into the simulated agent, chosen with the "scenario"
 * module parameter. Tests replace them through /sys/kernel/lfa_sim/scenario;
 * the format is described in kernel/testbeds/agent/README.md.
 */

#include <linux/kernel.h>
#include <linux/string.h>

#include "lfa_sim.h"

static const struct {
	const char *name;
	const char *text;
} lfa_sim_scenarios[] = {
	{
		/* one image of each kind TF-A knows */
		"default",
		"component 6c0762a6-12f2-4b56-92cb-ba8f633606d9 name=TF-RMM capable=1 rendezvous=required current=1.0\n"
		"component 47d4086d-4cfe-9846-9b95-2950cbbd5a00 name=BL31 capable=1 may_reset_cpu=1 current=2.8\n"
		"component d6d0eea7-fcea-d54b-9782-9934f234b6e4 name=BL33 capable=0 current=1.0\n"
		"component f07b2a96-1d47-4d17-9ec8-86a64e253e5c name=SP1 capable=1 rendezvous=optional current=1.0\n"
	},
	{
		/* an agent with nothing to activate */
		"empty",
		"",
	},
};

const char *lfa_sim_builtin_scenario(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lfa_sim_scenarios); i++)
		if (!strcmp(lfa_sim_scenarios[i].name, name))
			return lfa_sim_scenarios[i].text;
	return NULL;
}
