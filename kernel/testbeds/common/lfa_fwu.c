// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Staging through firmware upload: /sys/class/firmware/lfa-<guid>/ with the
 * files and behaviour of the kernel's firmware-upload class (loading, data,
 * status, error, remaining_size, cancel), one directory per component.
 *
 * Debian's 6.1 kernels are built without CONFIG_FW_UPLOAD, so
 * firmware_upload_register() is an empty stub there; this file provides the
 * same user interface itself. The directories live in /sys/class/firmware
 * (the firmware loader's class on amd64, a class of our own where the
 * kernel has none, as on arm64). Testbed modules only: finding the class
 * directory relies on 6.1's struct class layout (checked at run time).
 *
 * An update runs as the class does it: loading=0 queues a work item that
 * goes through preparing (is this an image for this component at all?),
 * transferring and programming (the module's stage backend), then idle.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/fs.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "lfa_agent.h"
#include "lfa_fwu.h"

/* the phases the firmware-upload class reports in "status" */
enum lfa_fwu_phase {
	LFA_FWU_IDLE,
	LFA_FWU_RECEIVING,
	LFA_FWU_PREPARING,
	LFA_FWU_TRANSFERRING,
	LFA_FWU_PROGRAMMING,
};

static const char * const lfa_fwu_phase_names[] = {
	[LFA_FWU_IDLE] = "idle",
	[LFA_FWU_RECEIVING] = "receiving",
	[LFA_FWU_PREPARING] = "preparing",
	[LFA_FWU_TRANSFERRING] = "transferring",
	[LFA_FWU_PROGRAMMING] = "programming",
};

struct lfa_fwu {
	struct kobject kobj;
	struct list_head node;		/* lfa_fwu_list; lfa_fwu_lock */
	u8 guid[16];			/* the component; constant */
	struct work_struct work;	/* preparing .. programming */
	struct mutex lock;		/* everything below */
	enum lfa_fwu_phase phase;
	enum lfa_fwu_phase err_phase;
	const char *err;		/* fw_upload error name, or NULL */
	bool cancel;			/* user asked to abort */
	/* the image; owned by the work item outside LFA_FWU_RECEIVING */
	u8 *data;
	size_t size;
	size_t cap;
	size_t remaining;
};

/* the module's staging backend */
static const struct lfa_fwu_ops *lfa_fwu_ops;
/* /sys/class/firmware; reference held while the module is loaded */
static struct kobject *lfa_fwu_dir;
/* our own "firmware" class when the kernel has none */
static struct class *lfa_fwu_class;
/* upload directories, one per component */
static LIST_HEAD(lfa_fwu_list);
/* the list; never taken by the attribute handlers or the work item */
static DEFINE_MUTEX(lfa_fwu_lock);

static struct lfa_fwu *to_fwu(struct kobject *kobj)
{
	return container_of(kobj, struct lfa_fwu, kobj);
}

/* The class directory of @cls: 6.1's subsys_private begins with its kset */
static struct kset *lfa_fwu_class_kset(struct class *cls)
{
	struct kset *kset = (struct kset *)cls->p;

	if (!kset || strcmp(kobject_name(&kset->kobj), cls->name)) {
		pr_err("unexpected struct class layout\n");
		return NULL;
	}
	return kset;
}

/* upload lock held; the image is dropped, the phase ends */
static void lfa_fwu_fail(struct lfa_fwu *up, const char *err)
{
	up->err = err;
	up->err_phase = up->phase;
	up->phase = LFA_FWU_IDLE;
	kvfree(up->data);
	up->data = NULL;
	up->size = 0;
	up->cap = 0;
}

/* Move to @phase unless the user cancelled meanwhile */
static bool lfa_fwu_enter(struct lfa_fwu *up, enum lfa_fwu_phase phase)
{
	bool ok;

	mutex_lock(&up->lock);
	ok = !up->cancel;
	if (ok)
		up->phase = phase;
	else
		lfa_fwu_fail(up, "user-abort");
	mutex_unlock(&up->lock);
	return ok;
}

static void lfa_fwu_work(struct work_struct *work)
{
	struct lfa_fwu *up = container_of(work, struct lfa_fwu, work);
	const char *err = NULL;
	char msg[128] = "";
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
		lfa_fwu_fail(up, err);
		mutex_unlock(&up->lock);
		return;
	}

	/* transferring: the backend takes the whole buffer in programming */
	if (!lfa_fwu_enter(up, LFA_FWU_TRANSFERRING))
		return;
	mutex_lock(&up->lock);
	up->remaining = 0;
	mutex_unlock(&up->lock);

	/* programming: the backend validates and stages, or nothing happens */
	if (!lfa_fwu_enter(up, LFA_FWU_PROGRAMMING))
		return;
	ret = lfa_fwu_ops->stage(up->guid, up->data, up->size, msg,
				 sizeof(msg));
	mutex_lock(&up->lock);
	if (ret) {
		pr_info("lfa-%pUb: image rejected: %s\n", up->guid, msg);
		lfa_fwu_fail(up, lfa_agent_stage_error_name(ret));
	} else {
		pr_info("lfa-%pUb: image staged (%zu bytes)\n", up->guid,
			up->size);
		lfa_fwu_fail(up, NULL);
	}
	mutex_unlock(&up->lock);
}

static ssize_t loading_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct lfa_fwu *up = to_fwu(kobj);
	bool loading;

	mutex_lock(&up->lock);
	loading = up->phase == LFA_FWU_RECEIVING;
	mutex_unlock(&up->lock);
	return sysfs_emit(buf, "%d\n", loading);
}

/* 1 starts receiving, 0 ends it and starts the update, -1 aborts */
static ssize_t loading_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct lfa_fwu *up = to_fwu(kobj);
	int val, ret;

	ret = kstrtoint(buf, 10, &val);
	if (ret)
		return ret;
	if (val != 1 && val != 0 && val != -1)
		return -EINVAL;

	mutex_lock(&up->lock);
	ret = count;
	if (val == 1) {
		if (up->phase == LFA_FWU_RECEIVING) {
			goto out_unlock;
		} else if (up->phase != LFA_FWU_IDLE) {
			ret = -EBUSY;
			goto out_unlock;
		}
		up->err = NULL;
		up->cancel = false;
		up->size = 0;
		up->remaining = 0;
		up->phase = LFA_FWU_RECEIVING;
	} else if (up->phase != LFA_FWU_RECEIVING) {
		ret = -EINVAL;
	} else if (val == -1) {
		lfa_fwu_fail(up, "user-abort");
	} else if (!up->size) {
		lfa_fwu_fail(up, "invalid-file-size");
	} else {
		up->remaining = up->size;
		up->phase = LFA_FWU_PREPARING;
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
	struct lfa_fwu *up = to_fwu(kobj);
	size_t end, cap;
	ssize_t ret = count;
	u8 *data;

	mutex_lock(&up->lock);
	if (up->phase != LFA_FWU_RECEIVING) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (off < 0 || off > lfa_fwu_ops->max_size ||
	    count > lfa_fwu_ops->max_size - off) {
		ret = -EFBIG;
		goto out_unlock;
	}
	end = off + count;
	if (end > up->cap) {
		cap = min_t(size_t, max_t(size_t, end, 2 * up->cap),
			    lfa_fwu_ops->max_size);
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

/*
 * As the firmware loader's data file (0644): while an upload is received, a
 * read returns what has arrived so far; at any other time -ENODEV.
 */
static ssize_t data_read(struct file *file, struct kobject *kobj,
			 struct bin_attribute *attr, char *buf, loff_t off,
			 size_t count)
{
	struct lfa_fwu *up = to_fwu(kobj);
	ssize_t ret;

	mutex_lock(&up->lock);
	if (up->phase != LFA_FWU_RECEIVING)
		ret = -ENODEV;
	else
		ret = memory_read_from_buffer(buf, count, &off, up->data,
					      up->size);
	mutex_unlock(&up->lock);
	return ret;
}

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct lfa_fwu *up = to_fwu(kobj);
	enum lfa_fwu_phase phase;

	mutex_lock(&up->lock);
	phase = up->phase;
	mutex_unlock(&up->lock);
	return sysfs_emit(buf, "%s\n", lfa_fwu_phase_names[phase]);
}

/* "<phase>:<error>" after a failed update, empty otherwise */
static ssize_t error_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct lfa_fwu *up = to_fwu(kobj);
	ssize_t ret = 0;

	mutex_lock(&up->lock);
	if (up->err)
		ret = sysfs_emit(buf, "%s:%s\n",
				 lfa_fwu_phase_names[up->err_phase], up->err);
	mutex_unlock(&up->lock);
	return ret;
}

static ssize_t remaining_size_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	struct lfa_fwu *up = to_fwu(kobj);
	size_t remaining;

	mutex_lock(&up->lock);
	remaining = up->remaining;
	mutex_unlock(&up->lock);
	return sysfs_emit(buf, "%zu\n", remaining);
}

static ssize_t cancel_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	struct lfa_fwu *up = to_fwu(kobj);
	bool val;
	int ret;

	ret = kstrtobool(buf, &val);
	if (ret)
		return ret;
	if (!val)
		return -EINVAL;
	mutex_lock(&up->lock);
	ret = count;
	if (up->phase == LFA_FWU_IDLE)
		ret = -ENODEV;
	else if (up->phase == LFA_FWU_RECEIVING)
		lfa_fwu_fail(up, "user-abort");
	else if (up->phase == LFA_FWU_PROGRAMMING)
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
static BIN_ATTR_RW(data, 0);

static struct attribute *lfa_fwu_attrs[] = {
	&loading_attr.attr,
	&status_attr.attr,
	&error_attr.attr,
	&remaining_size_attr.attr,
	&cancel_attr.attr,
	NULL,
};

static struct bin_attribute *lfa_fwu_bin_attrs[] = {
	&bin_attr_data,
	NULL,
};

static const struct attribute_group lfa_fwu_group = {
	.attrs = lfa_fwu_attrs,
	.bin_attrs = lfa_fwu_bin_attrs,
};

static const struct attribute_group *lfa_fwu_groups[] = {
	&lfa_fwu_group,
	NULL,
};

static void lfa_fwu_release(struct kobject *kobj)
{
	struct lfa_fwu *up = to_fwu(kobj);

	kvfree(up->data);
	kfree(up);
}

static const struct kobj_type lfa_fwu_ktype = {
	.release = lfa_fwu_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = lfa_fwu_groups,
};

static int lfa_fwu_add(const u8 guid[16])
{
	struct lfa_fwu *up;
	int ret;

	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	memcpy(up->guid, guid, sizeof(up->guid));
	mutex_init(&up->lock);
	INIT_WORK(&up->work, lfa_fwu_work);
	ret = kobject_init_and_add(&up->kobj, &lfa_fwu_ktype,
				   lfa_fwu_dir, "lfa-%pUb", guid);
	if (ret) {
		kobject_put(&up->kobj);
		return ret;
	}
	list_add_tail(&up->node, &lfa_fwu_list);
	return 0;
}

static void lfa_fwu_remove(struct lfa_fwu *up)
{
	list_del(&up->node);
	/* no new writes after kobject_del(), then let the update finish */
	kobject_del(&up->kobj);
	flush_work(&up->work);
	kobject_put(&up->kobj);
}

static bool lfa_fwu_listed(const u8 guid[16], const u8 guids[][16],
			   unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		if (!memcmp(guids[i], guid, 16))
			return true;
	return false;
}

int lfa_fwu_sync(const u8 guids[][16], unsigned int count)
{
	struct lfa_fwu *up, *tmp;
	unsigned int i;
	bool found;
	int ret = 0;

	mutex_lock(&lfa_fwu_lock);
	list_for_each_entry_safe(up, tmp, &lfa_fwu_list, node)
		if (!lfa_fwu_listed(up->guid, guids, count))
			lfa_fwu_remove(up);
	for (i = 0; i < count; i++) {
		found = false;
		list_for_each_entry(up, &lfa_fwu_list, node)
			found |= !memcmp(up->guid, guids[i], 16);
		if (found)
			continue;
		ret = lfa_fwu_add(guids[i]);
		if (ret) {
			pr_err("cannot create lfa-%pUb: %d\n", guids[i], ret);
			break;
		}
	}
	mutex_unlock(&lfa_fwu_lock);
	return ret;
}

/* Find /sys/class/firmware, or create it as a class of our own */
int lfa_fwu_init(const struct lfa_fwu_ops *ops)
{
	static struct class probe = { .name = KBUILD_MODNAME };
	struct kset *kset;
	int ret;

	lfa_fwu_ops = ops;
	ret = class_register(&probe);
	if (ret)
		return ret;
	kset = lfa_fwu_class_kset(&probe);
	if (kset)
		lfa_fwu_dir = kset_find_obj(kset->kobj.kset, "firmware");
	class_unregister(&probe);
	if (!kset)
		return -ENODEV;
	if (lfa_fwu_dir)
		return 0;

	lfa_fwu_class = class_create(THIS_MODULE, "firmware");
	if (IS_ERR(lfa_fwu_class)) {
		ret = PTR_ERR(lfa_fwu_class);
		lfa_fwu_class = NULL;
		return ret;
	}
	kset = lfa_fwu_class_kset(lfa_fwu_class);
	if (!kset) {
		class_destroy(lfa_fwu_class);
		lfa_fwu_class = NULL;
		return -ENODEV;
	}
	lfa_fwu_dir = kobject_get(&kset->kobj);
	return 0;
}

void lfa_fwu_exit(void)
{
	struct lfa_fwu *up, *tmp;

	mutex_lock(&lfa_fwu_lock);
	list_for_each_entry_safe(up, tmp, &lfa_fwu_list, node)
		lfa_fwu_remove(up);
	mutex_unlock(&lfa_fwu_lock);
	kobject_put(lfa_fwu_dir);
	lfa_fwu_dir = NULL;
	if (lfa_fwu_class)
		class_destroy(lfa_fwu_class);
	lfa_fwu_class = NULL;
}
