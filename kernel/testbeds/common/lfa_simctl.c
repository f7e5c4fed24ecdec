// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * /sys/kernel/lfa_sim/{scenario,notify} (see lfa_simctl.h); the module
 * supplies what is behind them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/sysfs.h>

#include "lfa_conduit.h"
#include "lfa_simctl.h"

static const struct lfa_simctl_ops *lfa_simctl_ops;
static struct kobject *lfa_simctl_kobj;
/* one scenario replacement at a time, so the directories follow the last */
static DEFINE_MUTEX(lfa_simctl_load_lock);

static ssize_t scenario_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return lfa_simctl_ops->summary(buf, PAGE_SIZE);
}

static ssize_t scenario_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	int ret;

	if (count > LFA_SIMCTL_SCENARIO_MAX)
		return -EFBIG;
	mutex_lock(&lfa_simctl_load_lock);
	ret = lfa_simctl_ops->load(buf, count);
	mutex_unlock(&lfa_simctl_load_lock);
	if (ret)
		return ret;
	ret = lfa_inventory_changed();
	if (ret)
		pr_err("the driver could not re-read the inventory: %d\n", ret);
	return ret ? ret : count;
}

static ssize_t notify_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	int ret = lfa_simctl_ops->notify();

	return ret ? ret : count;
}

static struct kobj_attribute scenario_attr = __ATTR_RW(scenario);
static struct kobj_attribute notify_attr = __ATTR_WO(notify);

static struct attribute *lfa_simctl_attrs[] = {
	&scenario_attr.attr,
	&notify_attr.attr,
	NULL,
};

static const struct attribute_group lfa_simctl_group = {
	.attrs = lfa_simctl_attrs,
};

int lfa_simctl_init(const struct lfa_simctl_ops *ops)
{
	int ret;

	lfa_simctl_ops = ops;
	lfa_simctl_kobj = kobject_create_and_add("lfa_sim", kernel_kobj);
	if (!lfa_simctl_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(lfa_simctl_kobj, &lfa_simctl_group);
	if (ret) {
		kobject_put(lfa_simctl_kobj);
		lfa_simctl_kobj = NULL;
	}
	return ret;
}

void lfa_simctl_exit(void)
{
	kobject_put(lfa_simctl_kobj);
	lfa_simctl_kobj = NULL;
}
