/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * EL3 exception vectors. SMCs from the normal world (AArch64) are the only
 * expected exception; everything else is reported by
 * el3_unexpected_exception(), which stops the machine (or recovers the one
 * known case, a semihosting call without semihosting).
 */
#include "context.h"

	.macro	save_frame
	sub	sp, sp, #CTX_SIZE
	stp	x0, x1, [sp, #0x00]
	stp	x2, x3, [sp, #0x10]
	stp	x4, x5, [sp, #0x20]
	stp	x6, x7, [sp, #0x30]
	stp	x8, x9, [sp, #0x40]
	stp	x10, x11, [sp, #0x50]
	stp	x12, x13, [sp, #0x60]
	stp	x14, x15, [sp, #0x70]
	stp	x16, x17, [sp, #0x80]
	stp	x18, x19, [sp, #0x90]
	stp	x20, x21, [sp, #0xa0]
	stp	x22, x23, [sp, #0xb0]
	stp	x24, x25, [sp, #0xc0]
	stp	x26, x27, [sp, #0xd0]
	stp	x28, x29, [sp, #0xe0]
	str	x30, [sp, #0xf0]
	mrs	x0, elr_el3
	mrs	x1, spsr_el3
	stp	x0, x1, [sp, #CTX_ELR]
	.endm

	.macro	restore_frame_eret
	ldp	x0, x1, [sp, #CTX_ELR]
	msr	elr_el3, x0
	msr	spsr_el3, x1
	ldp	x0, x1, [sp, #0x00]
	ldp	x2, x3, [sp, #0x10]
	ldp	x4, x5, [sp, #0x20]
	ldp	x6, x7, [sp, #0x30]
	ldp	x8, x9, [sp, #0x40]
	ldp	x10, x11, [sp, #0x50]
	ldp	x12, x13, [sp, #0x60]
	ldp	x14, x15, [sp, #0x70]
	ldp	x16, x17, [sp, #0x80]
	ldp	x18, x19, [sp, #0x90]
	ldp	x20, x21, [sp, #0xa0]
	ldp	x22, x23, [sp, #0xb0]
	ldp	x24, x25, [sp, #0xc0]
	ldp	x26, x27, [sp, #0xd0]
	ldp	x28, x29, [sp, #0xe0]
	ldr	x30, [sp, #0xf0]
	add	sp, sp, #CTX_SIZE
	eret
	.endm


	.section .text.vectors, "ax"
	.balign	2048
	.global	el3_vectors
el3_vectors:
	/* current EL with SP_EL0: never used */
	.balign	128
	b	unexpected_sp0
	.balign	128
	b	unexpected_sp0
	.balign	128
	b	unexpected_sp0
	.balign	128
	b	unexpected_sp0
	/* current EL with SP_EL3 */
	.balign	128
	b	cur_spx_sync
	.balign	128
	b	cur_spx_async
	.balign	128
	b	cur_spx_async
	.balign	128
	b	cur_spx_async
	/* lower EL, AArch64 */
	.balign	128
	b	lower_a64_sync
	.balign	128
	b	lower_async
	.balign	128
	b	lower_async
	.balign	128
	b	lower_async
	/* lower EL, AArch32 */
	.balign	128
	b	lower_a32
	.balign	128
	b	lower_a32
	.balign	128
	b	lower_a32
	.balign	128
	b	lower_a32

	.text
lower_a64_sync:
	save_frame
	mrs	x0, esr_el3
	mov	x1, sp
	bl	el3_lower_sync
	restore_frame_eret

	.macro	report type
	save_frame
	mov	x0, #\type
	mrs	x1, esr_el3
	mov	x2, sp
	bl	el3_unexpected_exception
	restore_frame_eret
	.endm

unexpected_sp0:
	report	EXC_CUR_SP0
cur_spx_sync:
	report	EXC_CUR_SPX_SYNC
cur_spx_async:
	report	EXC_CUR_SPX_ASYNC
lower_async:
	report	EXC_LOWER_ASYNC
lower_a32:
	report	EXC_LOWER_AARCH32
