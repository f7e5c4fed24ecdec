// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The firmware-upload user ABI (/sys/class/firmware/<name>/loading, data,
 * status, error, remaining_size, cancel) for the staging window. Debian's
 * kernels are built without CONFIG_FW_UPLOAD, so this module offers the
 * same files itself: loading=1, write data, loading=0, then status returns
 * to idle and error tells the outcome as "<phase>:<error name>".
 *
 * The upload is handed to the firmware synchronously in the loading=0 write,
 * so status is already idle when that write returns.
 */

#define pr_fmt(fmt) "lfa_stage_shmem: " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "lfa_agent.h"
#include "lfa_shmem.h"

static struct class *lfa_shmem_class;

/* fw_upload error names by -LFA_STAGE_E* code */
static const char * const lfa_shmem_stage_err[] = {
	[-LFA_STAGE_EBAD_MAGIC]		= "firmware-invalid",
	[-LFA_STAGE_ETRUNCATED]		= "invalid-file-size",
	[-LFA_STAGE_EBAD_CRC]		= "firmware-invalid",
	[-LFA_STAGE_EUNKNOWN_GUID]	= "firmware-invalid",
	[-LFA_STAGE_ENOT_CAPABLE]	= "firmware-invalid",
	[-LFA_STAGE_EBUSY]		= "busy",
	[-LFA_STAGE_EBAD_HEADER]	= "firmware-invalid",
	[-LFA_STAGE_ESIZE]		= "invalid-file-size",
	[-LFA_STAGE_EHW]		= "hw-error",
	[-LFA_STAGE_ETIMEOUT]		= "timeout",
	[-LFA_STAGE_EFLASH_WEAROUT]	= "flash-wearout",
	[-LFA_STAGE_EIO]		= "read-write-error",
};

static const char *lfa_shmem_err_name(s64 code)
{
	if (code >= 0 || -code >= ARRAY_SIZE(lfa_shmem_stage_err) ||
	    !lfa_shmem_stage_err[-code])
		return "hw-error";
	return lfa_shmem_stage_err[-code];
}

static void lfa_shmem_set_error(struct lfa_shmem_comp *comp,
				const char *phase, const char *err)
{
	snprintf(comp->error, sizeof(comp->error), "%s:%s", phase, err);
}

/* the upload ends: give the window back (lfa_shmem_lock held) */
static void lfa_shmem_finish(struct lfa_shmem_comp *comp)
{
	comp->phase = LFA_SHMEM_IDLE;
	comp->size = 0;
	if (lfa_shmem_owner == comp)
		lfa_shmem_owner = NULL;
}

/*
 * loading=0: the phases of the kernel's firmware upload, run at once.
 * preparing: is this an image for this component at all; programming: the
 * firmware copies, validates and stages it, or nothing happens.
 */
static void lfa_shmem_stage(struct lfa_shmem_comp *comp)
{
	u8 *image = lfa_shmem_window + LFA_SHMEM_DATA_OFF;
	char msg[128];
	s64 result;

	if (comp->size < LFA_IMAGE_HEADER_SIZE) {
		pr_info("lfa-%pUb: %zu bytes, shorter than an image header\n",
			comp->guid, comp->size);
		lfa_shmem_set_error(comp, "preparing", "invalid-file-size");
		return;
	}
	if (memcmp(image + LFA_IMAGE_OFF_GUID, comp->guid, 16)) {
		pr_info("lfa-%pUb: image is for %pUb\n", comp->guid,
			image + LFA_IMAGE_OFF_GUID);
		lfa_shmem_set_error(comp, "preparing", "firmware-invalid");
		return;
	}
	if (lfa_shmem_fw_stage(comp->size, &result, msg, sizeof(msg))) {
		pr_err("lfa-%pUb: firmware refused the staging call\n",
		       comp->guid);
		lfa_shmem_set_error(comp, "programming", "hw-error");
		return;
	}
	if (result) {
		pr_info("lfa-%pUb: image rejected (%lld): %s\n", comp->guid,
			result, msg);
		lfa_shmem_set_error(comp, "programming",
				    lfa_shmem_err_name(result));
		return;
	}
	pr_info("lfa-%pUb: image staged (%zu bytes)\n", comp->guid,
		comp->size);
}

static struct lfa_shmem_comp *to_comp(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static ssize_t loading_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct lfa_shmem_comp *comp = to_comp(dev);
	int loading;

	mutex_lock(&lfa_shmem_lock);
	loading = comp->phase == LFA_SHMEM_RECEIVING;
	mutex_unlock(&lfa_shmem_lock);
	return sysfs_emit(buf, "%d\n", loading);
}

/* 1 starts receiving, 0 ends it and stages the image, -1 aborts */
static ssize_t loading_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct lfa_shmem_comp *comp = to_comp(dev);
	ssize_t ret = count;
	int val;

	if (kstrtoint(buf, 10, &val))
		return -EINVAL;
	if (val != 1 && val != 0 && val != -1)
		return -EINVAL;
	mutex_lock(&lfa_shmem_lock);
	if (comp->dead) {
		ret = -ENODEV;
	} else if (val == 1) {
		if (comp->phase == LFA_SHMEM_RECEIVING)
			goto out_unlock;
		if (lfa_shmem_owner) {
			ret = -EBUSY;	/* another upload holds the window */
			goto out_unlock;
		}
		lfa_shmem_owner = comp;
		comp->phase = LFA_SHMEM_RECEIVING;
		comp->size = 0;
		comp->error[0] = '\0';
	} else if (comp->phase != LFA_SHMEM_RECEIVING) {
		ret = -EINVAL;
	} else if (val == -1) {
		lfa_shmem_set_error(comp, "receiving", "user-abort");
		lfa_shmem_finish(comp);
	} else if (!comp->size) {
		lfa_shmem_set_error(comp, "receiving", "invalid-file-size");
		lfa_shmem_finish(comp);
	} else {
		lfa_shmem_stage(comp);
		lfa_shmem_finish(comp);
	}
out_unlock:
	mutex_unlock(&lfa_shmem_lock);
	return ret;
}
static DEVICE_ATTR_RW(loading);

static ssize_t status_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct lfa_shmem_comp *comp = to_comp(dev);
	bool receiving;

	mutex_lock(&lfa_shmem_lock);
	receiving = comp->phase == LFA_SHMEM_RECEIVING;
	mutex_unlock(&lfa_shmem_lock);
	return sysfs_emit(buf, "%s\n", receiving ? "receiving" : "idle");
}
static DEVICE_ATTR_RO(status);

/* "<phase>:<error>" after a failed upload, empty otherwise */
static ssize_t error_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct lfa_shmem_comp *comp = to_comp(dev);
	ssize_t ret = 0;

	mutex_lock(&lfa_shmem_lock);
	if (comp->error[0])
		ret = sysfs_emit(buf, "%s\n", comp->error);
	mutex_unlock(&lfa_shmem_lock);
	return ret;
}
static DEVICE_ATTR_RO(error);

/* the transfer happens inside the loading=0 write: nothing is ever left */
static ssize_t remaining_size_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0\n");
}
static DEVICE_ATTR_RO(remaining_size);

static ssize_t cancel_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct lfa_shmem_comp *comp = to_comp(dev);
	ssize_t ret = count;
	bool val;

	if (kstrtobool(buf, &val))
		return -EINVAL;
	if (!val)
		return -EINVAL;
	mutex_lock(&lfa_shmem_lock);
	if (comp->phase != LFA_SHMEM_RECEIVING) {
		ret = -ENODEV;	/* nothing to cancel */
	} else {
		lfa_shmem_set_error(comp, "receiving", "user-abort");
		lfa_shmem_finish(comp);
	}
	mutex_unlock(&lfa_shmem_lock);
	return ret;
}
static DEVICE_ATTR_WO(cancel);

static ssize_t data_write(struct file *filp, struct kobject *kobj,
			  struct bin_attribute *attr, char *buf, loff_t off,
			  size_t count)
{
	struct lfa_shmem_comp *comp = to_comp(kobj_to_dev(kobj));
	ssize_t ret = count;
	u8 *data = lfa_shmem_window + LFA_SHMEM_DATA_OFF;

	mutex_lock(&lfa_shmem_lock);
	if (comp->dead || comp->phase != LFA_SHMEM_RECEIVING ||
	    lfa_shmem_owner != comp) {
		ret = -ENODEV;
	} else if (off < 0 || off > lfa_shmem_data_max ||
		   count > lfa_shmem_data_max - off) {
		ret = -EFBIG;	/* larger than the window */
	} else {
		if (off > comp->size)
			memset(data + comp->size, 0, off - comp->size);
		memcpy(data + off, buf, count);
		comp->size = max_t(size_t, comp->size, off + count);
	}
	mutex_unlock(&lfa_shmem_lock);
	return ret;
}
static BIN_ATTR_WO(data, 0);

static struct attribute *lfa_shmem_attrs[] = {
	&dev_attr_loading.attr,
	&dev_attr_status.attr,
	&dev_attr_error.attr,
	&dev_attr_remaining_size.attr,
	&dev_attr_cancel.attr,
	NULL
};

static struct bin_attribute *lfa_shmem_bin_attrs[] = {
	&bin_attr_data,
	NULL
};

static const struct attribute_group lfa_shmem_group = {
	.attrs = lfa_shmem_attrs,
	.bin_attrs = lfa_shmem_bin_attrs,
};

static const struct attribute_group *lfa_shmem_groups[] = {
	&lfa_shmem_group,
	NULL
};

struct device *lfa_shmem_upload_add(struct lfa_shmem_comp *comp)
{
	return device_create_with_groups(lfa_shmem_class, NULL, MKDEV(0, 0),
					 comp, lfa_shmem_groups, "lfa-%pUb",
					 comp->guid);
}

/* waits for running attribute handlers; @comp may be freed afterwards */
void lfa_shmem_upload_remove(struct lfa_shmem_comp *comp)
{
	device_unregister(comp->dev);
}

int lfa_shmem_upload_init(void)
{
	/* the kernel's own "firmware" class exists only with the user helper */
	lfa_shmem_class = class_create(THIS_MODULE, "firmware");
	if (IS_ERR(lfa_shmem_class)) {
		pr_err("cannot create /sys/class/firmware: %ld\n",
		       PTR_ERR(lfa_shmem_class));
		return PTR_ERR(lfa_shmem_class);
	}
	return 0;
}

void lfa_shmem_upload_exit(void)
{
	class_destroy(lfa_shmem_class);
}
