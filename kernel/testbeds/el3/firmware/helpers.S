/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Leaf routines in assembly: CPU index and stack of a CPU, the final eret
 * into the normal world, the semihosting trap. They call nothing, so the C
 * services and the reset entry can both use them without a cycle.
 */
#include "context.h"
#include "platform_def.h"

	.text
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

/*
 * el3_cpu_off_pen(cpu, pen): PSCI CPU_OFF. Abandon the SMC's stack frame and
 * continue in @pen(cpu) on an empty stack, exactly like a CPU that was never
 * on. The pen comes as an argument so that this file calls no C code.
 */
	.global	el3_cpu_off_pen
el3_cpu_off_pen:
	mov	x19, x0
	mov	x20, x1
	bl	plat_stack_top
	mov	sp, x0
	mov	x0, x19
	blr	x20
1:	wfi
	b	1b

	.ltorg
