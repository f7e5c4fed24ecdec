/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Ending the machine: semihosting SYS_EXIT so QEMU exits with a status,
 * with the secure GPIO power lines of QEMU virt as the fallback.
 */
#ifndef POWER_H
#define POWER_H

/* Exit statuses QEMU reports when semihosting is enabled */
#define POWER_EXIT_OFF		0	/* PSCI SYSTEM_OFF */
#define POWER_EXIT_PANIC	1	/* firmware stopped on an error */

void __attribute__((noreturn)) plat_system_off(int status);
void __attribute__((noreturn)) plat_system_reset(void);

#endif /* POWER_H */
