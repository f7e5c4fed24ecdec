// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The image list behind /sys/firmware/lfa: one kobject per GUID, re-read
 * from the agent after every activation. Sequence ids are not stable across
 * an activation, so images are matched by GUID; vanished ones are removed
 * by a work item, because the activation that made them vanish may be
 * running in one of their own sysfs files. After each settled refresh one
 * KOBJ_CHANGE goes to the device the driver is bound to: the image
 * directories are not devices, so udev could not match them.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "lfa_contract.h"
#include "lfa_priv.h"

/* an inventory larger than this is treated as a broken agent */
#define LFA_MAX_COMPONENTS	1024

/* one activation or refresh at a time; see lfa_priv.h for the order */
DEFINE_MUTEX(lfa_activation_lock);
/* image list and cached image fields; taken after lfa_activation_lock */
DEFINE_MUTEX(lfa_inv_lock);

/* /sys/firmware/lfa; exists while a conduit is installed (lfa_inv_lock) */
static struct kset *lfa_kset;
/* live images, in inventory order (lfa_inv_lock) */
static LIST_HEAD(lfa_images);
/* vanished images waiting for lfa_reap_work (lfa_inv_lock) */
static LIST_HEAD(lfa_dead_images);
/* the platform device the driver is bound to, for uevents (lfa_inv_lock) */
static struct device *lfa_uevent_dev;

/* the v3 driver's built-in names; any other image is named by its GUID */
static const struct {
	const char *guid;
	const char *name;
} lfa_v3_names[] = LFA_V3_NAMES;

static void lfa_image_release(struct kobject *kobj)
{
	kfree(to_lfa_image(kobj));
}

/* default_groups is set by lfa_inventory_start(): the files live above */
static struct kobj_type lfa_image_ktype = {
	.release = lfa_image_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

static const char *lfa_v3_name(const guid_t *guid)
{
	uuid_t known;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lfa_v3_names); i++) {
		/* the table is in byte order, as %pUb prints: uuid_parse */
		if (!uuid_parse(lfa_v3_names[i].guid, &known) &&
		    !memcmp(known.b, guid->b, sizeof(known.b)))
			return lfa_v3_names[i].name;
	}
	return NULL;
}

/* The name file's text and the log prefix: built-in name, else the GUID */
const char *lfa_image_name(const struct lfa_image *img)
{
	return img->name;
}

static void lfa_image_set_name(struct lfa_image *img)
{
	const char *name = lfa_v3_name(&img->guid);

	if (name)
		strscpy(img->name, name, sizeof(img->name));
	else
		snprintf(img->name, sizeof(img->name), "%pUb", &img->guid);
}

static void lfa_reap(struct work_struct *work)
{
	struct lfa_image *img, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&lfa_inv_lock);
	list_splice_init(&lfa_dead_images, &dead);
	mutex_unlock(&lfa_inv_lock);

	/* kobject_del() waits for running sysfs callbacks of the image */
	list_for_each_entry_safe(img, tmp, &dead, node) {
		list_del(&img->node);
		kobject_del(&img->kobj);
		kobject_put(&img->kobj);
	}
}

static DECLARE_WORK(lfa_reap_work, lfa_reap);

static void lfa_refresh_work_fn(struct work_struct *work)
{
	mutex_lock(&lfa_activation_lock);
	if (lfa_conduit_present())
		lfa_inventory_refresh();
	mutex_unlock(&lfa_activation_lock);
}

static DECLARE_WORK(lfa_refresh_work, lfa_refresh_work_fn);

/* From contexts that cannot take lfa_activation_lock (sysfs reads) */
void lfa_inventory_schedule_refresh(void)
{
	schedule_work(&lfa_refresh_work);
}

static struct lfa_image *lfa_image_find(struct list_head *list,
					const guid_t *guid)
{
	struct lfa_image *img;

	lockdep_assert_held(&lfa_inv_lock);
	list_for_each_entry(img, list, node)
		if (guid_equal(&img->guid, guid))
			return img;
	return NULL;
}

static void lfa_image_update(struct lfa_image *img, u64 seq_id,
			     const struct lfa_inv_entry *e)
{
	img->seq_id = seq_id;
	img->flags = e->flags;
	img->current_version = e->current_version;
	img->pending_version = e->pending_version;
}

/* A new image directory; lfa_inv_lock held, appended to the live list */
static int lfa_image_add(u64 seq_id, const struct lfa_inv_entry *e)
{
	struct lfa_image *img;
	int ret;

	img = kzalloc(sizeof(*img), GFP_KERNEL);
	if (!img)
		return -ENOMEM;
	img->guid = e->guid;
	lfa_image_set_name(img);
	img->force_rendezvous = true;
	lfa_image_update(img, seq_id, e);
	img->kobj.kset = lfa_kset;
	ret = kobject_init_and_add(&img->kobj, &lfa_image_ktype, NULL, "%pUb",
				   &img->guid);
	if (ret) {
		pr_err("cannot create the directory of %pUb: %d\n", &img->guid,
		       ret);
		kobject_put(&img->kobj);
		return ret;
	}
	/* no KOBJ_ADD (nor, hence, a remove event): not a device */
	list_add_tail(&img->node, &lfa_images);
	return 0;
}

/* Read the whole inventory; lfa_activation_lock held, so it cannot change */
static int lfa_read_inventory(struct lfa_inv_entry **entries, u64 *count)
{
	struct lfa_inv_entry *e;
	u64 i, n;
	int ret;

	ret = lfa_get_info(&n);
	if (ret)
		return ret;
	if (n > LFA_MAX_COMPONENTS) {
		pr_err("agent reports %llu components, more than %d\n", n,
		       LFA_MAX_COMPONENTS);
		return -EIO;
	}
	e = kcalloc(max_t(u64, n, 1), sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ret = lfa_get_inventory(i, &e[i]);
		if (ret) {
			pr_err("GET_INVENTORY(%llu) failed: %d\n", i, ret);
			kfree(e);
			return -EIO;
		}
	}
	*entries = e;
	*count = n;
	return 0;
}

/*
 * Re-read the inventory and make the directories match it: update images
 * found by GUID, add new ones, retire vanished ones, then send one change
 * uevent on the bound device. On a read error nothing changes.
 */
int lfa_inventory_refresh(void)
{
	struct device *dev = NULL;
	struct lfa_inv_entry *entries;
	struct lfa_image *img, *tmp;
	LIST_HEAD(seen);
	bool reap = false;
	u64 i, n;
	int ret;

	lockdep_assert_held(&lfa_activation_lock);
	/*
	 * Directories retired by an earlier refresh must be gone before a GUID
	 * that comes back reuses the name. Safe here: the reap only waits for
	 * sysfs callbacks of retired images, and those never wait for
	 * lfa_activation_lock (activate uses a trylock).
	 */
	flush_work(&lfa_reap_work);
	ret = lfa_read_inventory(&entries, &n);
	if (ret)
		return ret;

	mutex_lock(&lfa_inv_lock);
	if (!lfa_kset) {
		ret = -ENODEV;
		goto out_unlock;
	}
	for (i = 0; i < n; i++) {
		const guid_t *guid = &entries[i].guid;

		/* duplicates are skipped: a GUID names one image */
		if (lfa_image_find(&seen, guid)) {
			pr_warn("duplicate GUID %pUb in inventory\n", guid);
			continue;
		}
		img = lfa_image_find(&lfa_images, guid);
		if (img) {
			lfa_image_update(img, i, &entries[i]);
		} else {
			if (lfa_image_add(i, &entries[i]))
				continue;
			img = list_last_entry(&lfa_images, struct lfa_image,
					      node);
			pr_info(LFA_IMG_FMT ": listed by the firmware\n",
				img->name, &img->guid);
		}
		list_move_tail(&img->node, &seen);
	}
	/* whatever was not seen has vanished */
	list_for_each_entry_safe(img, tmp, &lfa_images, node) {
		pr_info(LFA_IMG_FMT ": no longer listed by the firmware\n",
			img->name, &img->guid);
		img->gone = true;
		list_move_tail(&img->node, &lfa_dead_images);
		reap = true;
	}
	list_splice_init(&seen, &lfa_images);
	dev = get_device(lfa_uevent_dev);
out_unlock:
	mutex_unlock(&lfa_inv_lock);
	if (dev) {
		kobject_uevent(&dev->kobj, KOBJ_CHANGE);
		put_device(dev);
	}
	if (reap)
		schedule_work(&lfa_reap_work);
	kfree(entries);
	return ret;
}

/*
 * Fresh GET_INVENTORY of @img, checked against its GUID. If the agent now
 * lists another image at that sequence id, the inventory changed without
 * a notification: schedule a refresh and report the image as gone.
 */
int lfa_image_query(struct lfa_image *img, struct lfa_inv_entry *entry)
{
	int ret;

	lockdep_assert_held(&lfa_inv_lock);
	if (img->gone)
		return -ENODEV;
	ret = lfa_get_inventory(img->seq_id, entry);
	if (ret == -ENOENT || (!ret && !guid_equal(&entry->guid, &img->guid))) {
		lfa_inventory_schedule_refresh();
		return -ENODEV;
	}
	if (ret)
		return ret;
	lfa_image_update(img, img->seq_id, entry);
	return 0;
}

/*
 * The next image a platform notification activates: pending, capable,
 * auto_activate set and not yet tried by this notification (@restart
 * forgets the earlier tries). Returned with a reference, as the activation
 * may retire it; NULL when none is left. lfa_activation_lock held.
 */
struct lfa_image *lfa_image_next_auto(bool restart)
{
	const u64 want = LFA_INV_ACTIVATION_CAPABLE | LFA_INV_ACTIVATION_PENDING;
	struct lfa_image *img, *found = NULL;

	lockdep_assert_held(&lfa_activation_lock);
	mutex_lock(&lfa_inv_lock);
	list_for_each_entry(img, &lfa_images, node) {
		if (restart)
			img->auto_tried = false;
		if (!found && !img->auto_tried && img->auto_activate &&
		    (img->flags & want) == want) {
			img->auto_tried = true;
			kobject_get(&img->kobj);
			found = img;
		}
	}
	mutex_unlock(&lfa_inv_lock);
	return found;
}

/* The platform device that receives the change uevents, or NULL */
void lfa_inventory_set_device(struct device *dev)
{
	mutex_lock(&lfa_inv_lock);
	lfa_uevent_dev = dev;
	mutex_unlock(&lfa_inv_lock);
}

/* A conduit is being installed: create /sys/firmware/lfa. */
int lfa_inventory_start(const struct attribute_group **groups)
{
	lockdep_assert_held(&lfa_inv_lock);
	lfa_image_ktype.default_groups = groups;
	lfa_kset = kset_create_and_add("lfa", NULL, firmware_kobj);
	return lfa_kset ? 0 : -ENOMEM;
}

/*
 * The conduit goes away: forget it, retire every image and remove the
 * directory. lfa_activation_lock held, so no activation or refresh runs;
 * sysfs callbacks still running get -ENODEV or an absent agent's answer.
 */
void lfa_inventory_stop(void)
{
	struct lfa_image *img;
	struct kset *kset;

	lockdep_assert_held(&lfa_activation_lock);
	mutex_lock(&lfa_inv_lock);
	lfa_conduit_set(NULL);
	list_for_each_entry(img, &lfa_images, node)
		img->gone = true;
	list_splice_tail_init(&lfa_images, &lfa_dead_images);
	kset = lfa_kset;
	lfa_kset = NULL;
	mutex_unlock(&lfa_inv_lock);

	/* queue again: a reap already running may have missed these */
	schedule_work(&lfa_reap_work);
	flush_work(&lfa_reap_work);
	kset_unregister(kset);
}

/* Module exit: no work item may outlive the module */
void lfa_inventory_exit(void)
{
	cancel_work_sync(&lfa_refresh_work);
	flush_work(&lfa_reap_work);
}
