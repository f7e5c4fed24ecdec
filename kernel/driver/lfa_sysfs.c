// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The files of /sys/firmware/lfa/<GUID>/ (see
 * Documentation/ABI/testing/sysfs-firmware-lfa in this tree).
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "lfa_contract.h"
#include "lfa_priv.h"

/* The v3 built-in name, or the GUID for any other image */
static ssize_t name_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", lfa_image_name(to_lfa_image(kobj)));
}

/* Fresh inventory entry of the image, or a negative errno */
static int lfa_show_query(struct kobject *kobj, struct lfa_inv_entry *e)
{
	int ret;

	mutex_lock(&lfa_inv_lock);
	ret = lfa_image_query(to_lfa_image(kobj), e);
	mutex_unlock(&lfa_inv_lock);
	return ret;
}

/*
 * A field cached from the last inventory refresh, as v3 shows
 * current_version and the static flags; -ENODEV once the image vanished.
 */
static int lfa_show_cached(struct kobject *kobj, struct lfa_inv_entry *e)
{
	struct lfa_image *img = to_lfa_image(kobj);
	int ret = 0;

	mutex_lock(&lfa_inv_lock);
	if (img->gone) {
		ret = -ENODEV;
	} else {
		e->flags = img->flags;
		e->current_version = img->current_version;
		e->pending_version = img->pending_version;
	}
	mutex_unlock(&lfa_inv_lock);
	return ret;
}

static ssize_t current_version_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct lfa_inv_entry e;
	int ret = lfa_show_cached(kobj, &e);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%u.%u\n", upper_32_bits(e.current_version),
			  lower_32_bits(e.current_version));
}

static ssize_t pending_version_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct lfa_inv_entry e;
	int ret = lfa_show_query(kobj, &e);

	if (ret)
		return ret;
	/* v3: a version only if the firmware gave one and it is pending */
	if (!(e.flags & LFA_INV_ACTIVATION_PENDING) || !e.pending_version)
		return sysfs_emit(buf, LFA_NO_VERSION_TEXT "\n");
	return sysfs_emit(buf, "%u.%u\n", upper_32_bits(e.pending_version),
			  lower_32_bits(e.pending_version));
}

static ssize_t lfa_show_flag(struct kobject *kobj, char *buf, u64 flag,
			     bool invert)
{
	struct lfa_inv_entry e;
	/* only activation_pending is asked afresh on every read */
	int ret = flag == LFA_INV_ACTIVATION_PENDING ?
		  lfa_show_query(kobj, &e) : lfa_show_cached(kobj, &e);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%d\n", !!(e.flags & flag) != invert);
}

static ssize_t activation_capable_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	return lfa_show_flag(kobj, buf, LFA_INV_ACTIVATION_CAPABLE, false);
}

static ssize_t activation_pending_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	return lfa_show_flag(kobj, buf, LFA_INV_ACTIVATION_PENDING, false);
}

static ssize_t may_reset_cpu_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return lfa_show_flag(kobj, buf, LFA_INV_MAY_RESET_CPU, false);
}

/* the firmware's flag says "optional"; the file says "required" */
static ssize_t cpu_rendezvous_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return lfa_show_flag(kobj, buf, LFA_INV_RENDEZVOUS_OPTIONAL, true);
}

/* Admin settings: one bool per image, kept across inventory refreshes */
static ssize_t lfa_show_setting(struct kobject *kobj, char *buf,
				const bool *setting)
{
	bool val;

	mutex_lock(&lfa_inv_lock);
	val = *setting;
	mutex_unlock(&lfa_inv_lock);
	return sysfs_emit(buf, "%d\n", val);
}

static ssize_t lfa_store_setting(struct kobject *kobj, const char *buf,
				 size_t count, bool *setting)
{
	struct lfa_image *img = to_lfa_image(kobj);
	bool val;
	int ret;

	if (kstrtobool(buf, &val))
		return -LFA_ERRNO_BAD_BOOL;
	mutex_lock(&lfa_inv_lock);
	if (img->gone) {
		ret = -ENODEV;
	} else {
		*setting = val;
		ret = count;
	}
	mutex_unlock(&lfa_inv_lock);
	return ret;
}

static ssize_t force_cpu_rendezvous_show(struct kobject *kobj,
					 struct kobj_attribute *attr, char *buf)
{
	return lfa_show_setting(kobj, buf,
				&to_lfa_image(kobj)->force_rendezvous);
}

static ssize_t force_cpu_rendezvous_store(struct kobject *kobj,
					  struct kobj_attribute *attr,
					  const char *buf, size_t count)
{
	return lfa_store_setting(kobj, buf, count,
				 &to_lfa_image(kobj)->force_rendezvous);
}

static ssize_t auto_activate_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return lfa_show_setting(kobj, buf, &to_lfa_image(kobj)->auto_activate);
}

static ssize_t auto_activate_store(struct kobject *kobj,
				   struct kobj_attribute *attr,
				   const char *buf, size_t count)
{
	return lfa_store_setting(kobj, buf, count,
				 &to_lfa_image(kobj)->auto_activate);
}

/*
 * Any write activates. A second writer meanwhile gets -EBUSY at once;
 * every failure is -ECANCELED, its reason is in the kernel log.
 */
static ssize_t activate_store(struct kobject *kobj, struct kobj_attribute *attr,
			      const char *buf, size_t count)
{
	int ret;

	if (!mutex_trylock(&lfa_activation_lock))
		return -LFA_ERRNO_ACTIVATE_BUSY;
	ret = lfa_activate_locked(to_lfa_image(kobj));
	mutex_unlock(&lfa_activation_lock);
	return ret ? ret : count;
}

static ssize_t cancel_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	int ret = lfa_cancel(to_lfa_image(kobj));

	return ret ? ret : count;
}

static struct kobj_attribute name_attr = __ATTR_RO(name);
static struct kobj_attribute current_version_attr = __ATTR_RO(current_version);
static struct kobj_attribute pending_version_attr = __ATTR_RO(pending_version);
static struct kobj_attribute activation_capable_attr =
	__ATTR_RO(activation_capable);
static struct kobj_attribute activation_pending_attr =
	__ATTR_RO(activation_pending);
static struct kobj_attribute may_reset_cpu_attr = __ATTR_RO(may_reset_cpu);
static struct kobj_attribute cpu_rendezvous_attr = __ATTR_RO(cpu_rendezvous);
static struct kobj_attribute force_cpu_rendezvous_attr =
	__ATTR_RW(force_cpu_rendezvous);
static struct kobj_attribute auto_activate_attr = __ATTR_RW(auto_activate);
static struct kobj_attribute activate_attr = __ATTR_WO(activate);
static struct kobj_attribute cancel_attr = __ATTR_WO(cancel);

static struct attribute *lfa_image_attrs[] = {
	&name_attr.attr,
	&current_version_attr.attr,
	&pending_version_attr.attr,
	&activation_capable_attr.attr,
	&activation_pending_attr.attr,
	&may_reset_cpu_attr.attr,
	&cpu_rendezvous_attr.attr,
	&force_cpu_rendezvous_attr.attr,
	&auto_activate_attr.attr,
	&activate_attr.attr,
	&cancel_attr.attr,
	NULL,
};

static const struct attribute_group lfa_image_group = {
	.attrs = lfa_image_attrs,
};

const struct attribute_group *lfa_image_groups[] = {
	&lfa_image_group,
	NULL,
};
