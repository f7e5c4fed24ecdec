// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * System power: semihosting exit, QEMU virt's secure pl061 power lines.
 */
#include "arch.h"
#include "console.h"
#include "platform_def.h"
#include "power.h"

#define SEMIHOSTING_SYS_EXIT		U(0x18)
#define ADP_STOPPED_APPLICATION_EXIT	ULL(0x20026)

#define GPIO_DIR			U(0x400)
/* PL061 data register: address bits [9:2] select the pins written */
#define GPIO_DATA(pin)			((U(1) << (pin)) << 2)

/* the boot CPU sets it once .data/.bss are ready; see entry.S */
extern volatile u32 el3_coldboot_done;

long semihosting_call(unsigned long op, void *param);

static void gpio_pulse(unsigned int pin)
{
	u32 dir = mmio_read_32(PLAT_SEC_GPIO_BASE + GPIO_DIR);

	mmio_write_32(PLAT_SEC_GPIO_BASE + GPIO_DIR, dir | (U(1) << pin));
	mmio_write_32(PLAT_SEC_GPIO_BASE + GPIO_DATA(pin), U(1) << pin);
}

static void __attribute__((noreturn)) park(void)
{
	for (;;) {
		wfi();
	}
}

void plat_system_off(int status)
{
	u64 block[2] = { ADP_STOPPED_APPLICATION_EXIT, (u64)(s64)status };

	INFO("system off, exit status %d\n", status);
	semihosting_call(SEMIHOSTING_SYS_EXIT, block);
	/* semihosting is off: QEMU exits with 0 on the power-off line */
	if (status != POWER_EXIT_OFF) {
		ERROR("no semihosting: parking the CPU so the error stays visible\n");
		park();
	}
	gpio_pulse(PLAT_GPIO_POWEROFF_PIN);
	park();
}

void plat_system_reset(void)
{
	INFO("system reset\n");
	/* RAM survives a QEMU reset: secondaries must wait for a new cold boot */
	__atomic_store_n(&el3_coldboot_done, 0U, __ATOMIC_RELEASE);
	dsb_sy();
	gpio_pulse(PLAT_GPIO_RESTART_PIN);
	park();
}
