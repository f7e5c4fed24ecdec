// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Test controls with the same paths and meaning as the simulated agent's:
 * /sys/kernel/lfa_sim/scenario replaces the firmware's scenario (inventory
 * and faults) and makes the LFA driver re-read its inventory; notify raises
 * the firmware's platform notification interrupt.
 */

#define pr_fmt(fmt) "lfa_stage_shmem: " fmt

#include <linux/kobject.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "lfa_conduit.h"
#include "lfa_shmem.h"

/* the simulated agent's limit, so that the same scenario files work */
#define LFA_SHMEM_SCENARIO_MAX	4096

static struct kobject *lfa_shmem_ctl_kobj;

static ssize_t scenario_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	char line[256];
	int ret;

	mutex_lock(&lfa_shmem_lock);
	ret = lfa_shmem_fw_summary(line, sizeof(line));
	mutex_unlock(&lfa_shmem_lock);
	if (ret)
		return ret;
	/* the firmware's line ends in a newline already */
	line[strcspn(line, "\n")] = '\0';
	return sysfs_emit(buf, "%s\n", line);
}

static ssize_t scenario_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	char msg[160];
	int ret;

	if (count > LFA_SHMEM_SCENARIO_MAX || count > lfa_shmem_data_max)
		return -EFBIG;
	mutex_lock(&lfa_shmem_lock);
	if (lfa_shmem_owner) {
		mutex_unlock(&lfa_shmem_lock);
		return -EBUSY;	/* an upload is using the window */
	}
	memcpy(lfa_shmem_window + LFA_SHMEM_DATA_OFF, buf, count);
	ret = lfa_shmem_fw_load_scenario(count, msg, sizeof(msg));
	mutex_unlock(&lfa_shmem_lock);
	if (ret) {
		pr_err("scenario refused by the firmware: %s\n", msg);
		return ret;
	}
	ret = lfa_shmem_sync_components();
	if (ret)
		return ret;
	ret = lfa_inventory_changed();
	if (ret)
		return ret;
	return count;
}

static struct kobj_attribute scenario_attr = __ATTR_RW(scenario);

static ssize_t notify_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	int ret = lfa_shmem_fw_notify();

	return ret ? ret : count;
}

static struct kobj_attribute notify_attr = __ATTR_WO(notify);

static struct attribute *lfa_shmem_ctl_attrs[] = {
	&scenario_attr.attr,
	&notify_attr.attr,
	NULL
};

static const struct attribute_group lfa_shmem_ctl_group = {
	.attrs = lfa_shmem_ctl_attrs,
};

int lfa_shmem_ctl_init(void)
{
	int ret;

	lfa_shmem_ctl_kobj = kobject_create_and_add("lfa_sim", kernel_kobj);
	if (!lfa_shmem_ctl_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(lfa_shmem_ctl_kobj, &lfa_shmem_ctl_group);
	if (ret)
		kobject_put(lfa_shmem_ctl_kobj);
	return ret;
}

void lfa_shmem_ctl_exit(void)
{
	kobject_put(lfa_shmem_ctl_kobj);
}
