// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Testbed only: raise the ACPI platform notification of LFA the way real
 * firmware does, by running AML that executes Notify() on the ARML0003
 * device. The x86_64 QEMU guest gets that device from an SSDT
 * (tests/qemu-x86_64/lfa-ssdt.asl) whose method \_SB.LFA0.NTFY(value) does
 * Notify (LFA0, value); writing a value to this module's "notify"
 * parameter evaluates the method through ACPICA, so the notification
 * reaches lfa.ko through ACPICA's own dispatch to the handler lfa.ko
 * installed with acpi_install_notify_handler(), as on a server.
 */

#define pr_fmt(fmt) "lfa_acpi_kick: " fmt

#include <linux/acpi.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#define LFA_KICK_METHOD		"\\_SB.LFA0.NTFY"

static acpi_handle lfa_kick_handle;

static int lfa_kick_set(const char *val, const struct kernel_param *kp)
{
	union acpi_object arg = { .integer.type = ACPI_TYPE_INTEGER };
	struct acpi_object_list args = { .count = 1, .pointer = &arg };
	acpi_status status;
	u32 value;
	int ret;

	ret = kstrtou32(val, 0, &value);
	if (ret)
		return ret;
	arg.integer.value = value;
	status = acpi_evaluate_object(lfa_kick_handle, NULL, &args, NULL);
	if (ACPI_FAILURE(status)) {
		pr_err("%s failed: %s\n", LFA_KICK_METHOD,
		       acpi_format_exception(status));
		return -EIO;
	}
	return 0;
}

static const struct kernel_param_ops lfa_kick_ops = {
	.set = lfa_kick_set,
};
module_param_cb(notify, &lfa_kick_ops, NULL, 0200);
MODULE_PARM_DESC(notify, "Write a value: the SSDT runs Notify (LFA0, value)");

static int __init lfa_kick_init(void)
{
	acpi_status status;

	status = acpi_get_handle(NULL, LFA_KICK_METHOD, &lfa_kick_handle);
	if (ACPI_FAILURE(status)) {
		pr_err("no %s in the ACPI namespace\n", LFA_KICK_METHOD);
		return -ENODEV;
	}
	return 0;
}
module_init(lfa_kick_init);

static void __exit lfa_kick_exit(void)
{
}
module_exit(lfa_kick_exit);

MODULE_DESCRIPTION("LFA testbed: ACPI Notify on the ARML0003 device");
MODULE_AUTHOR("The LFA project authors");
MODULE_LICENSE("GPL");
