/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Memory map and fixed addresses of the LFA testbed firmware on QEMU's
 * "virt" board with secure=on (GICv2, up to 8 CPUs). The boot addresses are
 * a contract with the scripts that start QEMU (tests/qemu-arm64/) and with
 * the devicetree fragment lfa-virt.dtsi; docs/el3-firmware.md lists them.
 */
#ifndef PLATFORM_DEF_H
#define PLATFORM_DEF_H

#ifdef __ASSEMBLER__
#define U(x)	x
#define ULL(x)	x
#else
#define U(x)	(x##U)
#define ULL(x)	(x##ULL)
#endif

/* CPUs: MPIDR Aff0 is the CPU number inside a cluster of 8 (GICv2 virt) */
#define PLAT_MAX_CPUS			U(8)
#define PLAT_CPUS_PER_CLUSTER		U(8)
#define PLAT_STACK_SIZE			U(0x2000)

/* Secure-only memory: the firmware's data, stacks and staging copy */
#define PLAT_SEC_RAM_BASE		ULL(0x0e000000)
#define PLAT_SEC_RAM_SIZE		ULL(0x01000000)

/* Devices */
#define PLAT_GICD_BASE			ULL(0x08000000)
#define PLAT_GICC_BASE			ULL(0x08010000)
#define PLAT_NS_UART_BASE		ULL(0x09000000)	/* Linux's console */
#define PLAT_SEC_UART_BASE		ULL(0x09040000)	/* firmware log */
#define PLAT_SEC_GPIO_BASE		ULL(0x090b0000)	/* pl061: power */
#define PLAT_GPIO_POWEROFF_PIN		U(0)
#define PLAT_GPIO_RESTART_PIN		U(1)

/* Platform notification "a new image was staged": SPI 100 (INTID 132) */
#define PLAT_LFA_NOTIFY_SPI		U(100)

/* Non-secure RAM and what the QEMU loader devices put there */
#define PLAT_NS_RAM_BASE		ULL(0x40000000)
#define PLAT_NS_KERNEL_BASE		ULL(0x40200000)	/* arm64 Image */
#define PLAT_STAGE_WINDOW_BASE		ULL(0x46000000)	/* reserved-memory */
#define PLAT_STAGE_WINDOW_SIZE		ULL(0x00400000)
#define PLAT_SCENARIO_BASE		ULL(0x47f00000)	/* NUL-terminated */
#define PLAT_SCENARIO_MAX		ULL(0x00010000)
#define PLAT_NS_DTB_BASE		ULL(0x48000000)
#define PLAT_NS_INITRD_BASE		ULL(0x48200000)

#endif /* PLATFORM_DEF_H */
