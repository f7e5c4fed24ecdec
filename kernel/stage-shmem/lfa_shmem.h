/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Staging LFA images through the EL3 firmware's shared-memory window on the
 * QEMU virt testbed (kernel/firmware/sip_svc.h has the SiP calls).
 */
#ifndef LFA_SHMEM_H
#define LFA_SHMEM_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

/* window layout: a message area for the firmware's answers, then data */
#define LFA_SHMEM_MSG_OFF	0
#define LFA_SHMEM_MSG_SIZE	4096
#define LFA_SHMEM_DATA_OFF	4096

/* "<phase>:<fw_upload error name>" */
#define LFA_SHMEM_ERR_LEN	48

enum lfa_shmem_phase {
	LFA_SHMEM_IDLE,
	LFA_SHMEM_RECEIVING,	/* loading = 1: data writes go to the window */
};

/* One firmware-upload device "lfa-<guid>" per component of the scenario */
struct lfa_shmem_comp {
	struct list_head node;		/* in lfa_shmem_comps */
	u8 guid[16];			/* textual (%pUb) byte order */
	struct device *dev;
	bool dead;			/* being removed: refuse everything */
	enum lfa_shmem_phase phase;
	size_t size;			/* bytes received so far */
	char error[LFA_SHMEM_ERR_LEN];	/* "" when the last upload worked */
};

/*
 * Protects the window (one user at a time), lfa_shmem_owner, the component
 * list and every lfa_shmem_comp's upload state.
 */
extern struct mutex lfa_shmem_lock;
/* the component whose upload holds the window between loading=1 and 0 */
extern struct lfa_shmem_comp *lfa_shmem_owner;
extern struct list_head lfa_shmem_comps;

/* the mapped window and its data capacity */
extern void *lfa_shmem_window;
extern size_t lfa_shmem_data_max;

/* Firmware calls (lfa_shmem_lock held); message copied into @msg */
int lfa_shmem_fw_stage(size_t len, s64 *result, char *msg, size_t msglen);
int lfa_shmem_fw_load_scenario(size_t len, char *msg, size_t msglen);
int lfa_shmem_fw_summary(char *buf, size_t len);
int lfa_shmem_fw_notify(void);
/* make the upload devices match the firmware's scenario (takes the lock) */
int lfa_shmem_sync_components(void);

/* lfa_shmem_upload.c */
int lfa_shmem_upload_init(void);
void lfa_shmem_upload_exit(void);
struct device *lfa_shmem_upload_add(struct lfa_shmem_comp *comp);
void lfa_shmem_upload_remove(struct lfa_shmem_comp *comp);

/* lfa_shmem_ctl.c: /sys/kernel/lfa_sim/{scenario,notify} */
int lfa_shmem_ctl_init(void);
void lfa_shmem_ctl_exit(void);

#endif /* LFA_SHMEM_H */
