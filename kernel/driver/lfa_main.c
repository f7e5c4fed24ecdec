// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Arm Live Firmware Activation (DEN0147) driver, out-of-tree: module set-up,
 * conduit registration and the platform notification.
 *
 * The agent is reached through exactly one conduit: the SMCCC 1.2 SMC on
 * arm64 (lfa_smc.c) or a simulated agent that registers itself through
 * lfa_conduit_register(). Only lfa_call.c knows there is a choice. As in
 * v3, an agent that lists no component gives no /sys/firmware/lfa at all.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/module.h>

#include "lfa_priv.h"

/* Agents must speak LFA 1.x: x0 of LFA_VERSION is (major << 16) | minor */
#define LFA_MAJOR_SUPPORTED	1

int lfa_conduit_register(const struct lfa_conduit_ops *ops)
{
	u64 in[LFA_NR_REGS] = { LFA_FN_VERSION };
	u64 out[LFA_NR_REGS];
	s64 version;
	u64 count;
	int ret;

	mutex_lock(&lfa_activation_lock);
	if (lfa_conduit_present()) {
		ret = -EBUSY;
		goto out_unlock;
	}
	/* ask before installing: an absent agent answers NOT_SUPPORTED */
	ops->invoke(ops->ctx, in, out);
	version = lfa_status(out[0]);
	if (version < 0 || (version >> 16) != LFA_MAJOR_SUPPORTED) {
		pr_info("no usable LFA agent (LFA_VERSION: %lld)\n", version);
		ret = -ENODEV;
		goto out_unlock;
	}

	mutex_lock(&lfa_inv_lock);
	lfa_conduit_set(ops);
	ret = lfa_get_info(&count);
	if (!ret && !count) {
		pr_info("the LFA agent lists no components\n");
		ret = -ENODEV;
	}
	if (!ret)
		ret = lfa_inventory_start(lfa_image_groups);
	if (ret)
		lfa_conduit_set(NULL);
	mutex_unlock(&lfa_inv_lock);
	if (ret)
		goto out_unlock;

	ret = lfa_inventory_refresh();
	if (ret) {
		lfa_inventory_stop();
		goto out_unlock;
	}
	pr_info("LFA agent %lld.%lld registered\n", version >> 16,
		version & 0xffff);
out_unlock:
	mutex_unlock(&lfa_activation_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lfa_conduit_register);

void lfa_conduit_unregister(const struct lfa_conduit_ops *ops)
{
	mutex_lock(&lfa_activation_lock);
	if (lfa_conduit_is(ops))
		lfa_inventory_stop();
	else
		pr_warn("unregistering a conduit that is not in use\n");
	mutex_unlock(&lfa_activation_lock);
	pr_info("LFA agent unregistered\n");
}
EXPORT_SYMBOL_GPL(lfa_conduit_unregister);

int lfa_inventory_changed(void)
{
	int ret = -ENODEV;

	mutex_lock(&lfa_activation_lock);
	if (lfa_conduit_present())
		ret = lfa_inventory_refresh();
	mutex_unlock(&lfa_activation_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lfa_inventory_changed);

static int __init lfa_init(void)
{
	int ret;

	lfa_activate_debugfs_init();
	ret = lfa_platform_init();
	if (ret)
		goto err_debugfs;
	ret = lfa_smc_probe();
	if (ret == -ENODEV) {
		pr_info("no LFA agent behind SMC; a simulated agent may register\n");
	} else if (ret) {
		lfa_platform_exit();
		goto err_debugfs;
	}
	return 0;

err_debugfs:
	lfa_activate_debugfs_exit();
	return ret;
}
module_init(lfa_init);

static void __exit lfa_exit(void)
{
	lfa_smc_remove();
	lfa_platform_exit();
	lfa_notify_exit();
	lfa_inventory_exit();
	lfa_activate_debugfs_exit();
}
module_exit(lfa_exit);

MODULE_DESCRIPTION("Arm Live Firmware Activation (out-of-tree)");
MODULE_AUTHOR("The LFA project authors");
MODULE_LICENSE("GPL");
