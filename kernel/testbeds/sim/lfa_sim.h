/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Internal interfaces of the simulated LFA agent module.
 */
#ifndef LFA_SIM_H
#define LFA_SIM_H

#include "lfa_agent.h"

/* lfa_sim_scenarios.c: built-in samples by name */
const char *lfa_sim_builtin_scenario(const char *name);

#endif /* LFA_SIM_H */
