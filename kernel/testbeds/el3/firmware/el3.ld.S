/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Code and read-only data run from QEMU virt's secure flash at 0; data,
 * stacks and the staging copy live in the secure-only RAM.
 */
#include "platform_def.h"

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(fw_entry)

MEMORY {
	FLASH (rx) : ORIGIN = 0x0, LENGTH = 0x04000000
	SRAM (rwx) : ORIGIN = PLAT_SEC_RAM_BASE, LENGTH = PLAT_SEC_RAM_SIZE
}

SECTIONS {
	.text : {
		KEEP(*(.text.entry))
		*(.text.vectors)
		*(.text .text.*)
	} > FLASH
	.rodata : ALIGN(16) {
		*(.rodata .rodata.*)
	} > FLASH
	.data : ALIGN(16) {
		__data_start = .;
		*(.data .data.*)
		. = ALIGN(16);
		__data_end = .;
	} > SRAM AT > FLASH
	__data_load = LOADADDR(.data);
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} > SRAM
	.stacks (NOLOAD) : ALIGN(16) {
		__stacks_start = .;
		. += PLAT_STACK_SIZE * PLAT_MAX_CPUS;
	} > SRAM
	.noinit (NOLOAD) : ALIGN(16) {
		*(.noinit)
	} > SRAM
	.stage_buf (NOLOAD) : ALIGN(4096) {
		*(.stage_buf)
	} > SRAM
	/DISCARD/ : {
		*(.comment) *(.note*) *(.eh_frame*)
	}
}
