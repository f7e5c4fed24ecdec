// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The platform notification (ACPI Notify on ARML0003, the "arm,lfa"
 * interrupt, or a simulated agent): re-read the inventory, then activate
 * every image that is pending, capable and has auto_activate set, one after
 * another, re-reading the list after each, until none is left.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/module.h>
#include <linux/workqueue.h>

#include "lfa_priv.h"

/* From a context that may sleep: the IRQ thread, ACPI's notify queue */
void lfa_notify_run(void)
{
	struct lfa_image *img;
	bool restart = true;

	mutex_lock(&lfa_activation_lock);
	if (!lfa_conduit_present() || lfa_inventory_refresh())
		goto out_unlock;
	/* each image is tried once: a failed one would be picked forever */
	while ((img = lfa_image_next_auto(restart))) {
		restart = false;
		if (!lfa_activate_locked(img))
			pr_info(LFA_IMG_FMT ": auto-activated\n",
				img->name, &img->guid);
		kobject_put(&img->kobj);
	}
out_unlock:
	mutex_unlock(&lfa_activation_lock);
}

static void lfa_notify_fn(struct work_struct *work)
{
	lfa_notify_run();
}

static DECLARE_WORK(lfa_notify_work, lfa_notify_fn);

/* For a simulated agent, from any context */
void lfa_platform_notify(void)
{
	schedule_work(&lfa_notify_work);
}
EXPORT_SYMBOL_GPL(lfa_platform_notify);

void lfa_notify_exit(void)
{
	cancel_work_sync(&lfa_notify_work);
}
