/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Reset entry. QEMU starts every CPU at address 0 in EL3 when the board has
 * its own EL3 firmware (no PSCI emulation), so all CPUs arrive here at once:
 * CPU 0 initialises the firmware and boots Linux, the others wait in the
 * PSCI pen until CPU_ON releases them.
 */
#include "context.h"
#include "platform_def.h"

	.section .text.entry, "ax"
	.global	fw_entry
fw_entry:
	msr	daifset, #0xf
	ldr	x0, =0x30c50830		/* SCTLR_EL3: MMU, caches, align check off */
	msr	sctlr_el3, x0
	isb
	mrs	x0, mpidr_el1
	bl	plat_core_pos_by_mpidr
	cmp	x0, #PLAT_MAX_CPUS
	b.hs	park
	mov	x19, x0
	bl	plat_stack_top
	mov	sp, x0
	ldr	x0, =el3_vectors
	msr	vbar_el3, x0
	isb
	cbnz	x19, secondary_cold

	/* CPU 0: .data from flash to secure RAM, .bss cleared */
	ldr	x0, =__data_start
	ldr	x1, =__data_load
	ldr	x2, =__data_end
1:	cmp	x0, x2
	b.hs	2f
	ldr	x3, [x1], #8
	str	x3, [x0], #8
	b	1b
2:	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
3:	cmp	x0, x1
	b.hs	4f
	str	xzr, [x0], #8
	b	3b
4:	mov	x0, x19
	bl	el3_cold_boot
	b	park

secondary_cold:
	/* wait until CPU 0 has set up .data and .bss (el3_coldboot_done) */
	ldr	x1, =el3_coldboot_done
5:	ldar	w2, [x1]
	cbnz	w2, 6f
	wfe
	b	5b
6:	mov	x0, x19
	bl	psci_cpu_pen
park:
	wfi
	b	park

	.ltorg
