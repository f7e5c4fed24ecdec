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

/* x0 = MPIDR -> x0 = linear CPU index, or ~0 when out of range */
	.global	plat_core_pos_by_mpidr
plat_core_pos_by_mpidr:
	ubfx	x1, x0, #0, #8		/* Aff0 */
	ubfx	x2, x0, #8, #8		/* Aff1 */
	ubfx	x3, x0, #16, #8		/* Aff2 */
	ubfx	x4, x0, #32, #8		/* Aff3 */
	orr	x3, x3, x4
	cbnz	x3, 7f
	cmp	x1, #PLAT_CPUS_PER_CLUSTER
	b.hs	7f
	mov	x4, #PLAT_CPUS_PER_CLUSTER
	madd	x0, x2, x4, x1
	ret
7:	mov	x0, #-1
	ret

/* x0 = CPU index -> x0 = top of its EL3 stack; clobbers x1, x2 */
	.global	plat_stack_top
plat_stack_top:
	ldr	x1, =__stacks_start
	add	x2, x0, #1
	mov	x0, #PLAT_STACK_SIZE
	madd	x0, x2, x0, x1
	ret

/*
 * el3_enter_normal_world(entry, arg0, spsr, cpu): leave EL3 for good on this
 * call chain. The EL3 stack is reset so that the next SMC starts on an empty
 * stack, and every general register is cleared so that nothing from the
 * secure world leaks; x0 carries arg0 (DTB or PSCI context id).
 */
	.global	el3_enter_normal_world
el3_enter_normal_world:
	msr	elr_el3, x0
	msr	spsr_el3, x2
	mov	x20, x1
	mov	x0, x3
	bl	plat_stack_top
	mov	sp, x0
	mov	x0, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x6, xzr
	mov	x7, xzr
	mov	x8, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x11, xzr
	mov	x12, xzr
	mov	x13, xzr
	mov	x14, xzr
	mov	x15, xzr
	mov	x16, xzr
	mov	x17, xzr
	mov	x18, xzr
	mov	x19, xzr
	mov	x20, xzr
	mov	x21, xzr
	mov	x22, xzr
	mov	x23, xzr
	mov	x24, xzr
	mov	x25, xzr
	mov	x26, xzr
	mov	x27, xzr
	mov	x28, xzr
	mov	x29, xzr
	mov	x30, xzr
	isb
	eret

/*
 * el3_cpu_off_pen(cpu): PSCI CPU_OFF. Abandon the SMC's stack frame and wait
 * in the pen for the next CPU_ON, exactly like a CPU that was never on.
 */
	.global	el3_cpu_off_pen
el3_cpu_off_pen:
	mov	x19, x0
	bl	plat_stack_top
	mov	sp, x0
	mov	x0, x19
	bl	psci_cpu_pen
	b	park

/*
 * long semihosting_call(op, param): Arm semihosting (HLT #0xF000). When QEMU
 * runs without semihosting the HLT is an undefined instruction; the EL3
 * exception handler recognises semihosting_trap and returns -1 instead.
 */
	.global	semihosting_call
	.global	semihosting_trap
semihosting_call:
semihosting_trap:
	hlt	#0xf000
	ret

	.ltorg
