/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Test-and-set spinlock on an exclusive monitor (ldaxr/stxr), released with
 * stlr. A real platform must have its MMU on (normal memory) for exclusives
 * to be architecturally guaranteed; QEMU's TCG honours them regardless.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include "lfa_agent_compat.h"

struct spinlock {
	volatile u32 locked;
};

static inline void spin_lock(struct spinlock *lock)
{
	u32 tmp, one = 1;

	__asm__ volatile(
		"	sevl\n"
		"1:	wfe\n"
		"2:	ldaxr	%w0, [%1]\n"
		"	cbnz	%w0, 1b\n"
		"	stxr	%w0, %w2, [%1]\n"
		"	cbnz	%w0, 2b\n"
		: "=&r" (tmp)
		: "r" (&lock->locked), "r" (one)
		: "memory");
}

/* the sev also wakes CPUs waiting with wfe on state other than the lock */
static inline void spin_unlock(struct spinlock *lock)
{
	__asm__ volatile("stlr	wzr, [%0]\n\tsev"
			 : : "r" (&lock->locked) : "memory");
}

#endif /* SPINLOCK_H */
