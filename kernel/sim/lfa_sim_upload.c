// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Staging for the simulated agent: /sys/class/firmware/lfa-<guid>/ with the
 * files and behaviour of the kernel's firmware-upload class (loading, data,
 * status, error, remaining_size, cancel), one directory per component.
 *
 * Debian's 6.1 kernels are built without CONFIG_FW_UPLOAD, so
 * firmware_upload_register() is an empty stub there; this file provides the
 * same user interface itself. The directories live in /sys/class/firmware
 * (the firmware loader's class on amd64, a class of our own where the
 * kernel has none, as on arm64). A testbed module only: finding the class
 * directory relies on 6.1's struct class layout (checked at run time).
 */

#define pr_fmt(fmt) "lfa_sim: " fmt

#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "lfa_sim.h"

/* largest image accepted through the data file */
#define LFA_SIM_UPLOAD_MAX	(64U << 20)

/* the phases the firmware-upload class reports in "status" */
enum lfa_sim_phase {
	LFA_SIM_IDLE,
	LFA_SIM_RECEIVING,
	LFA_SIM_PREPARING,
	LFA_SIM_TRANSFERRING,
	LFA_SIM_PROGRAMMING,
};

static const char * const lfa_sim_phase_names[] = {
	[LFA_SIM_IDLE] = "idle",
	[LFA_SIM_RECEIVING] = "receiving",
	[LFA_SIM_PREPARING] = "preparing",
	[LFA_SIM_TRANSFERRING] = "transferring",
	[LFA_SIM_PROGRAMMING] = "programming",
};

struct lfa_sim_upload {
	struct kobject kobj;
	struct list_head node;		/* lfa_sim_uploads; scenario lock */
	u8 guid[16];			/* the component; constant */
	struct work_struct work;	/* preparing .. programming */
	struct mutex lock;		/* everything below */
	enum lfa_sim_phase phase;
	enum lfa_sim_phase err_phase;
	const char *err;		/* fw_upload error name, or NULL */
	bool cancel;			/* user asked to abort */
	/* the image; owned by the work item outside LFA_SIM_RECEIVING */
	u8 *data;
	size_t size;
	size_t cap;
	size_t remaining;
};

/* /sys/class/firmware; reference held while the module is loaded */
static struct kobject *lfa_sim_fw_dir;
/* our own "firmware" class when the kernel has none */
static struct class *lfa_sim_fw_class;
/* upload directories, one per scenario component (lfa_sim_scenario_lock) */
static LIST_HEAD(lfa_sim_uploads);

static struct lfa_sim_upload *to_upload(struct kobject *kobj)
{
	return container_of(kobj, struct lfa_sim_upload, kobj);
}

/* The class directory of @cls: 6.1's subsys_private begins with its kset */
static struct kset *lfa_sim_class_kset(struct class *cls)
{
	struct kset *kset = (struct kset *)cls->p;

	if (!kset || strcmp(kobject_name(&kset->kobj), cls->name)) {
		pr_err("unexpected struct class layout\n");
		return NULL;
	}
	return kset;
}

/* upload lock held; the image is dropped, the phase ends */
static void lfa_sim_upload_fail(struct lfa_sim_upload *up, const char *err)
{
	up->err = err;
	up->err_phase = up->phase;
	up->phase = LFA_SIM_IDLE;
	kvfree(up->data);
	up->data = NULL;
	up->size = 0;
	up->cap = 0;
}

/* Move to @phase unless the user cancelled meanwhile */
static bool lfa_sim_upload_enter(struct lfa_sim_upload *up,
				 enum lfa_sim_phase phase)
{
	bool ok;

	mutex_lock(&up->lock);
	ok = !up->cancel;
	if (ok)
		up->phase = phase;
	else
		lfa_sim_upload_fail(up, "user-abort");
	mutex_unlock(&up->lock);
	return ok;
}

static void lfa_sim_upload_work(struct work_struct *work)
{
	struct lfa_sim_upload *up = container_of(work, struct lfa_sim_upload,
						 work);
	const char *err = NULL;
	char msg[128];
	int ret;

	/* preparing: is this image for this component at all? */
	if (up->size < LFA_IMAGE_HEADER_SIZE) {
		pr_info("lfa-%pUb: %zu bytes, shorter than an image header\n",
			up->guid, up->size);
		err = "invalid-file-size";
	} else if (memcmp(up->data + LFA_IMAGE_OFF_GUID, up->guid, 16)) {
		pr_info("lfa-%pUb: image is for %pUb\n", up->guid,
			up->data + LFA_IMAGE_OFF_GUID);
		err = "firmware-invalid";
	}
	if (err) {
		mutex_lock(&up->lock);
		lfa_sim_upload_fail(up, err);
		mutex_unlock(&up->lock);
		return;
	}

	/* transferring: the buffer already is the simulated store */
	if (!lfa_sim_upload_enter(up, LFA_SIM_TRANSFERRING))
		return;
	mutex_lock(&up->lock);
	up->remaining = 0;
	mutex_unlock(&up->lock);

	/* programming: the agent validates and stages, or nothing happens */
	if (!lfa_sim_upload_enter(up, LFA_SIM_PROGRAMMING))
		return;
	ret = lfa_agent_stage(&lfa_sim_agent, up->data, up->size, msg,
			      sizeof(msg));
	mutex_lock(&up->lock);
	if (ret) {
		pr_info("lfa-%pUb: image rejected: %s\n", up->guid, msg);
		lfa_sim_upload_fail(up, lfa_agent_stage_error_name(ret));
	} else {
		pr_info("lfa-%pUb: image staged\n", up->guid);
		lfa_sim_upload_fail(up, NULL);
	}
	mutex_unlock(&up->lock);
}

static ssize_t loading_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct lfa_sim_upload *up = to_upload(kobj);
	bool loading;

	mutex_lock(&up->lock);
	loading = up->phase == LFA_SIM_RECEIVING;
	mutex_unlock(&up->lock);
	return sysfs_emit(buf, "%d\n", loading);
}

/* 1 starts receiving, 0 ends it and starts the update, -1 aborts */
static ssize_t loading_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct lfa_sim_upload *up = to_upload(kobj);
	int val, ret;

	ret = kstrtoint(buf, 10, &val);
	if (ret)
		return ret;
	if (val != 1 && val != 0 && val != -1)
		return -EINVAL;

	mutex_lock(&up->lock);
	ret = count;
	if (val == 1) {
		if (up->phase == LFA_SIM_RECEIVING) {
			goto out_unlock;
		} else if (up->phase != LFA_SIM_IDLE) {
			ret = -EBUSY;
			goto out_unlock;
		}
		up->err = NULL;
		up->cancel = false;
		up->size = 0;
		up->remaining = 0;
		up->phase = LFA_SIM_RECEIVING;
	} else if (up->phase != LFA_SIM_RECEIVING) {
		ret = -EINVAL;
	} else if (val == -1) {
		lfa_sim_upload_fail(up, "user-abort");
	} else if (!up->size) {
		lfa_sim_upload_fail(up, "invalid-file-size");
	} else {
		up->remaining = up->size;
		up->phase = LFA_SIM_PREPARING;
		schedule_work(&up->work);
	}
out_unlock:
	mutex_unlock(&up->lock);
	return ret;
}

static ssize_t data_write(struct file *file, struct kobject *kobj,
			  struct bin_attribute *attr, char *buf, loff_t off,
			  size_t count)
{
	struct lfa_sim_upload *up = to_upload(kobj);
	size_t end, cap;
	ssize_t ret = count;
	u8 *data;

	mutex_lock(&up->lock);
	if (up->phase != LFA_SIM_RECEIVING) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (off < 0 || off > LFA_SIM_UPLOAD_MAX ||
	    count > LFA_SIM_UPLOAD_MAX - off) {
		ret = -EFBIG;
		goto out_unlock;
	}
	end = off + count;
	if (end > up->cap) {
		cap = min_t(size_t, max_t(size_t, end, 2 * up->cap),
			    LFA_SIM_UPLOAD_MAX);
		data = kvrealloc(up->data, up->cap, cap, GFP_KERNEL);
		if (!data) {
			ret = -ENOMEM;
			goto out_unlock;
		}
		up->data = data;
		up->cap = cap;
	}
	if (off > up->size)
		memset(up->data + up->size, 0, off - up->size);
	memcpy(up->data + off, buf, count);
	up->size = max_t(size_t, up->size, end);
out_unlock:
	mutex_unlock(&up->lock);
	return ret;
}

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct lfa_sim_upload *up = to_upload(kobj);
	enum lfa_sim_phase phase;

	mutex_lock(&up->lock);
	phase = up->phase;
	mutex_unlock(&up->lock);
	return sysfs_emit(buf, "%s\n", lfa_sim_phase_names[phase]);
}

/* "<phase>:<error>" after a failed update, empty otherwise */
static ssize_t error_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct lfa_sim_upload *up = to_upload(kobj);
	ssize_t ret = 0;

	mutex_lock(&up->lock);
	if (up->err)
		ret = sysfs_emit(buf, "%s:%s\n",
				 lfa_sim_phase_names[up->err_phase], up->err);
	mutex_unlock(&up->lock);
	return ret;
}

static ssize_t remaining_size_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	struct lfa_sim_upload *up = to_upload(kobj);
	size_t remaining;

	mutex_lock(&up->lock);
	remaining = up->remaining;
	mutex_unlock(&up->lock);
	return sysfs_emit(buf, "%zu\n", remaining);
}

static ssize_t cancel_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	struct lfa_sim_upload *up = to_upload(kobj);
	bool val;
	int ret;

	ret = kstrtobool(buf, &val);
	if (ret)
		return ret;
	if (!val)
		return -EINVAL;
	mutex_lock(&up->lock);
	ret = count;
	if (up->phase == LFA_SIM_IDLE)
		ret = -ENODEV;
	else if (up->phase == LFA_SIM_RECEIVING)
		lfa_sim_upload_fail(up, "user-abort");
	else if (up->phase == LFA_SIM_PROGRAMMING)
		ret = -EBUSY;	/* the store is being written: too late */
	else
		up->cancel = true;
	mutex_unlock(&up->lock);
	return ret;
}

static struct kobj_attribute loading_attr = __ATTR_RW(loading);
static struct kobj_attribute status_attr = __ATTR_RO(status);
static struct kobj_attribute error_attr = __ATTR_RO(error);
static struct kobj_attribute remaining_size_attr = __ATTR_RO(remaining_size);
static struct kobj_attribute cancel_attr = __ATTR_WO(cancel);
static BIN_ATTR_WO(data, 0);

static struct attribute *lfa_sim_upload_attrs[] = {
	&loading_attr.attr,
	&status_attr.attr,
	&error_attr.attr,
	&remaining_size_attr.attr,
	&cancel_attr.attr,
	NULL,
};

static struct bin_attribute *lfa_sim_upload_bin_attrs[] = {
	&bin_attr_data,
	NULL,
};

static const struct attribute_group lfa_sim_upload_group = {
	.attrs = lfa_sim_upload_attrs,
	.bin_attrs = lfa_sim_upload_bin_attrs,
};

static const struct attribute_group *lfa_sim_upload_groups[] = {
	&lfa_sim_upload_group,
	NULL,
};

static void lfa_sim_upload_release(struct kobject *kobj)
{
	struct lfa_sim_upload *up = to_upload(kobj);

	kvfree(up->data);
	kfree(up);
}

static const struct kobj_type lfa_sim_upload_ktype = {
	.release = lfa_sim_upload_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = lfa_sim_upload_groups,
};

static int lfa_sim_upload_add(const u8 guid[16])
{
	struct lfa_sim_upload *up;
	int ret;

	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	memcpy(up->guid, guid, sizeof(up->guid));
	mutex_init(&up->lock);
	INIT_WORK(&up->work, lfa_sim_upload_work);
	ret = kobject_init_and_add(&up->kobj, &lfa_sim_upload_ktype,
				   lfa_sim_fw_dir, "lfa-%pUb", guid);
	if (ret) {
		kobject_put(&up->kobj);
		return ret;
	}
	list_add_tail(&up->node, &lfa_sim_uploads);
	return 0;
}

static void lfa_sim_upload_remove(struct lfa_sim_upload *up)
{
	list_del(&up->node);
	/* no new writes after kobject_del(), then let the update finish */
	kobject_del(&up->kobj);
	flush_work(&up->work);
	kobject_put(&up->kobj);
}

static bool lfa_sim_component_exists(const u8 guid[16])
{
	unsigned int i;

	for (i = 0; i < lfa_sim_agent.ncomponents; i++)
		if (!memcmp(lfa_sim_agent.components[i].guid, guid, 16))
			return true;
	return false;
}

/*
 * Make the directories match the scenario: one per component, present or
 * hidden (hidden ones may appear after an activation). Directories of
 * components that stay keep any update in progress.
 */
int lfa_sim_upload_sync(void)
{
	struct lfa_sim_upload *up, *tmp;
	unsigned int i;
	bool found;
	int ret;

	lockdep_assert_held(&lfa_sim_scenario_lock);
	list_for_each_entry_safe(up, tmp, &lfa_sim_uploads, node)
		if (!lfa_sim_component_exists(up->guid))
			lfa_sim_upload_remove(up);
	for (i = 0; i < lfa_sim_agent.ncomponents; i++) {
		const u8 *guid = lfa_sim_agent.components[i].guid;

		found = false;
		list_for_each_entry(up, &lfa_sim_uploads, node)
			found |= !memcmp(up->guid, guid, 16);
		if (found)
			continue;
		ret = lfa_sim_upload_add(guid);
		if (ret) {
			pr_err("cannot create lfa-%pUb: %d\n", guid, ret);
			return ret;
		}
	}
	return 0;
}

/* Find /sys/class/firmware, or create it as a class of our own */
int lfa_sim_upload_init(void)
{
	static struct class probe = { .name = "lfa_sim" };
	struct kset *kset;
	int ret;

	ret = class_register(&probe);
	if (ret)
		return ret;
	kset = lfa_sim_class_kset(&probe);
	if (kset)
		lfa_sim_fw_dir = kset_find_obj(kset->kobj.kset, "firmware");
	class_unregister(&probe);
	if (!kset)
		return -ENODEV;
	if (lfa_sim_fw_dir)
		return 0;

	lfa_sim_fw_class = class_create(THIS_MODULE, "firmware");
	if (IS_ERR(lfa_sim_fw_class)) {
		ret = PTR_ERR(lfa_sim_fw_class);
		lfa_sim_fw_class = NULL;
		return ret;
	}
	kset = lfa_sim_class_kset(lfa_sim_fw_class);
	if (!kset) {
		class_destroy(lfa_sim_fw_class);
		lfa_sim_fw_class = NULL;
		return -ENODEV;
	}
	lfa_sim_fw_dir = kobject_get(&kset->kobj);
	return 0;
}

void lfa_sim_upload_exit(void)
{
	struct lfa_sim_upload *up, *tmp;

	mutex_lock(&lfa_sim_scenario_lock);
	list_for_each_entry_safe(up, tmp, &lfa_sim_uploads, node)
		lfa_sim_upload_remove(up);
	mutex_unlock(&lfa_sim_scenario_lock);
	kobject_put(lfa_sim_fw_dir);
	lfa_sim_fw_dir = NULL;
	if (lfa_sim_fw_class)
		class_destroy(lfa_sim_fw_class);
	lfa_sim_fw_class = NULL;
}
