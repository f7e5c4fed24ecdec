// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * /sys/kernel/lfa_sim: the test controls of the simulated agent.
 *   scenario (0644) write: replace inventory and faults, then the driver
 *                          re-reads its inventory; read: one-line summary
 *   notify   (0200) any write raises the platform notification
 */

#define pr_fmt(fmt) "lfa_sim: " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "lfa_conduit.h"
#include "lfa_sim.h"

/* a scenario is at most one page of text (the contract says 4 KiB) */
#define LFA_SIM_SCENARIO_MAX	4096

static struct kobject *lfa_sim_kobj;

static ssize_t scenario_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return lfa_agent_summary(&lfa_sim_agent, buf, PAGE_SIZE);
}

static ssize_t scenario_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	int ret;

	if (count > LFA_SIM_SCENARIO_MAX)
		return -EFBIG;
	ret = lfa_sim_load(buf, count);
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
	lfa_platform_notify();
	return count;
}

static struct kobj_attribute scenario_attr = __ATTR_RW(scenario);
static struct kobj_attribute notify_attr = __ATTR_WO(notify);

static struct attribute *lfa_sim_attrs[] = {
	&scenario_attr.attr,
	&notify_attr.attr,
	NULL,
};

static const struct attribute_group lfa_sim_group = {
	.attrs = lfa_sim_attrs,
};

int lfa_sim_control_init(void)
{
	int ret;

	lfa_sim_kobj = kobject_create_and_add("lfa_sim", kernel_kobj);
	if (!lfa_sim_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(lfa_sim_kobj, &lfa_sim_group);
	if (ret) {
		kobject_put(lfa_sim_kobj);
		lfa_sim_kobj = NULL;
	}
	return ret;
}

void lfa_sim_control_exit(void)
{
	kobject_put(lfa_sim_kobj);
	lfa_sim_kobj = NULL;
}
