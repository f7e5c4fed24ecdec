/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Internal interfaces of the simulated LFA agent module.
 */
#ifndef LFA_SIM_H
#define LFA_SIM_H

#include <linux/mutex.h>
#include <linux/types.h>

#include "lfa_agent.h"

/* the one simulated agent; its state is guarded by its platform lock */
extern struct lfa_agent lfa_sim_agent;
/*
 * Serialises scenario replacement against itself and against the upload
 * directories, which mirror the scenario's components.
 */
extern struct mutex lfa_sim_scenario_lock;

/* lfa_sim_main.c: replace the scenario, then let the driver re-read it */
int lfa_sim_load(const char *text, size_t len);

/* lfa_sim_scenarios.c: built-in samples by name */
const char *lfa_sim_builtin_scenario(const char *name);

/* lfa_sim_control.c: /sys/kernel/lfa_sim/{scenario,notify} */
int lfa_sim_control_init(void);
void lfa_sim_control_exit(void);

/* lfa_sim_upload.c: /sys/class/firmware/lfa-<guid>/ staging files */
int lfa_sim_upload_init(void);
void lfa_sim_upload_exit(void);
/* one directory per scenario component; lfa_sim_scenario_lock held */
int lfa_sim_upload_sync(void);

#endif /* LFA_SIM_H */
