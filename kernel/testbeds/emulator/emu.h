/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * lfa-sysfs-emulator: the LFA kernel driver's sysfs ABI in userspace, on top
 * of the agent model. This header joins its parts: the "driver" (inventory,
 * attributes, activation), firmware upload and the FUSE front end.
 */
#ifndef EMU_H
#define EMU_H

#include <glib.h>
#include <pthread.h>
#include <stdbool.h>

#include "lfa_agent.h"

enum emu_abi {
	EMU_ABI_V1 = 1,	/* no auto_activate, force_cpu_rendezvous, versions */
	EMU_ABI_V2,	/* no auto_activate */
	EMU_ABI_V3,
};

/* one directory /firmware/lfa/<GUID>, as the driver's kobject */
struct emu_image {
	char guid[37];
	u64 seq_id;
	u64 current_version;	/* cached at inventory refresh, like the driver */
	bool capable;
	bool pending;
	bool may_reset_cpu;
	bool rendezvous_required;
	bool force_rendezvous;	/* admin's choice, default true */
	bool auto_activate;	/* admin's choice, default false */
	bool present;		/* seen in the last refresh */
};

/* firmware upload state of /class/firmware/lfa-<guid> */
struct emu_upload {
	u8 guid[16];		/* the component this directory stages for */
	bool receiving;		/* between loading=1 and loading=0 */
	GByteArray *data;
	char error[64];		/* "<phase>:<err>" or empty */
};

struct emu {
	enum emu_abi abi;
	unsigned int cpus;
	unsigned int prime_budget_ms;
	unsigned int activate_budget_ms;

	struct lfa_agent *agent;
	pthread_mutex_t agent_lock;	/* the agent's platform lock */

	/*
	 * lock protects images (guid -> struct emu_image), order (GUIDs in
	 * inventory order), uploads (guid -> struct emu_upload, one per
	 * scenario component, hidden ones included, as the kernel sim has) and
	 * upload_order (their GUIDs in scenario order). Never held while
	 * waiting for an activation; taken before the agent lock.
	 */
	pthread_mutex_t lock;
	GHashTable *images;
	GPtrArray *order;
	GHashTable *uploads;
	GPtrArray *upload_order;

	/* one activation (or scenario change) at a time; trylock -> EBUSY */
	pthread_mutex_t activation;

	/* platform notifications, handled by a worker thread */
	pthread_mutex_t notify_lock;
	pthread_cond_t notify_cond;
	unsigned int notify_count;
	bool notify_stop;
	pthread_t notify_thread;
	bool notify_started;
};

/* emu-driver.c */
int emu_init(struct emu *emu, const char *scenario, size_t len, GError **error);
void emu_refresh(struct emu *emu);
void emu_sync_uploads(struct emu *emu);
int emu_activate(struct emu *emu, const char *guid, bool wait);
int emu_cancel(struct emu *emu, const char *guid);
int emu_load_scenario(struct emu *emu, const char *text, size_t len);
void emu_raise_notification(struct emu *emu);
int emu_notify_start(struct emu *emu);
void emu_notify_stop(struct emu *emu);

/* attribute files of /firmware/lfa/<GUID>: NULL-terminated, per ABI */
const char *const *emu_image_attrs(const struct emu *emu);
int emu_image_attr_mode(const char *attr);
/* show: a newly allocated string or NULL with -errno in *err */
char *emu_image_show(struct emu *emu, const char *guid, const char *attr, int *err);
/* store: count or -errno */
int emu_image_store(struct emu *emu, const char *guid, const char *attr,
		    const char *buf, size_t len);
char *emu_sim_show(struct emu *emu, const char *attr, int *err);
/* /module/lfa/parameters: the driver's budgets, as module_param(uint, 0644) */
extern const char *const emu_param_names[];
char *emu_param_show(struct emu *emu, const char *name, int *err);
int emu_param_store(struct emu *emu, const char *name, const char *buf, size_t len);
int emu_sim_store(struct emu *emu, const char *attr, const char *buf, size_t len);

/* emu-upload.c */
extern const char *const emu_upload_attrs[];
int emu_upload_attr_mode(const char *attr);
char *emu_upload_show(struct emu *emu, const char *guid, const char *attr, int *err);
int emu_upload_store(struct emu *emu, const char *guid, const char *attr,
		     const char *buf, size_t len, off_t offset);
int emu_upload_read_data(struct emu *emu, const char *guid, char *buf, size_t size,
			 off_t offset);
struct emu_upload *emu_upload_new(const u8 guid[16]);
void emu_upload_free(gpointer data);

/* emu-kstrto.c: the kernel's parsing of sysfs writes */
bool emu_kstrtobool(const char *buf, size_t len, bool *out);
bool emu_kstrtoint(const char *buf, size_t len, int *out);
bool emu_kstrtouint(const char *buf, size_t len, unsigned int *out);

/* emu-fuse.c */
int emu_fuse_run(struct emu *emu, const char *root, bool foreground);

#endif /* EMU_H */
