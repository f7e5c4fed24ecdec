/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Internal interfaces between the files of the LFA driver.
 *
 * Locking (outermost first; never take them in another order):
 *  1. lfa_activation_lock (mutex): one PRIME/ACTIVATE sequence or one
 *     inventory refresh at a time. User-triggered activations take it with
 *     mutex_trylock() and fail with -EBUSY. While it is held no refresh can
 *     run, so the sequence ids of the images stay valid.
 *  2. lfa_inv_lock (mutex): the image list, every cached field of struct
 *     lfa_image and the admin settings. Held only for short sections, never
 *     across a PRIME/ACTIVATE loop, so sysfs reads and CANCEL stay possible
 *     during an activation.
 * The conduit (lfa_conduit_cur) changes only with both mutexes held, so
 * holding either one is enough to call it. Image kobjects are never removed
 * with lfa_inv_lock held (a sysfs read may be waiting for it while kernfs
 * drains it): vanished images go to a dead list that a work item reaps.
 */
#ifndef LFA_PRIV_H
#define LFA_PRIV_H

#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include "lfa_abi.h"
#include "lfa_conduit.h"

/* One firmware image (component) and its /sys/firmware/lfa/<GUID>/ */
struct lfa_image {
	struct kobject kobj;
	guid_t guid;			/* identity; constant */
	/* all below: lfa_inv_lock */
	struct list_head node;		/* lfa_images, or lfa_dead_images */
	bool gone;			/* vanished from the inventory */
	u64 seq_id;			/* index in the agent's inventory */
	u64 flags;			/* GET_INVENTORY x3 at the last read */
	u64 current_version;
	u64 pending_version;
	bool force_rendezvous;		/* admin: default true */
	bool auto_activate;		/* admin: default false */
};

/* What GET_INVENTORY says about one sequence id */
struct lfa_inv_entry {
	guid_t guid;
	u64 flags;
	u64 current_version;
	u64 pending_version;
};

static inline struct lfa_image *to_lfa_image(struct kobject *kobj)
{
	return container_of(kobj, struct lfa_image, kobj);
}

extern struct mutex lfa_activation_lock;
extern struct mutex lfa_inv_lock;

/* lfa_call.c: the single path to the agent */
bool lfa_conduit_present(void);
bool lfa_conduit_is(const struct lfa_conduit_ops *ops);
void lfa_conduit_set(const struct lfa_conduit_ops *ops);
void lfa_call(const u64 in[LFA_NR_REGS], u64 out[LFA_NR_REGS]);
s64 lfa_status(u64 x0);
const char *lfa_status_name(s64 status);
int lfa_status_to_errno(s64 status);
int lfa_get_inventory(u64 seq_id, struct lfa_inv_entry *entry);

/* lfa_smc.c (arm64 only): probe the SMCCC 1.2 conduit */
#ifdef CONFIG_ARM64
int lfa_smc_probe(void);
void lfa_smc_remove(void);
#else
static inline int lfa_smc_probe(void)
{
	return -ENODEV;
}

static inline void lfa_smc_remove(void)
{
}
#endif

/* lfa_inventory.c: image list, kset, refresh */
int lfa_inventory_start(void);
void lfa_inventory_stop(void);
void lfa_inventory_exit(void);
int lfa_inventory_refresh(void);
int lfa_image_query(struct lfa_image *img, struct lfa_inv_entry *entry);
int lfa_auto_activate_pending(void);
void lfa_inventory_schedule_refresh(void);

/* lfa_sysfs.c: the attribute files */
extern const struct attribute_group *lfa_image_groups[];

/* lfa_activate.c: PRIME, ACTIVATE, CANCEL */
int lfa_activate_locked(struct lfa_image *img);
int lfa_cancel(struct lfa_image *img);
extern unsigned int lfa_prime_budget_ms;
extern unsigned int lfa_activate_budget_ms;

/* lfa_notify_dt.c: "arm,lfa" devicetree node with one interrupt */
int lfa_notify_dt_register(void);
void lfa_notify_dt_unregister(void);

#endif /* LFA_PRIV_H */
