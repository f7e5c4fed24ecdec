/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * The firmware-upload user ABI for the testbed's staging paths:
 * /sys/class/firmware/lfa-<guid>/{loading,data,status,error,remaining_size,
 * cancel}, one directory per component. Debian's 6.1 kernels are built
 * without CONFIG_FW_UPLOAD, so these files are emulated here, once, for
 * every module that stages images (lfa_sim.ko, lfa_stage_shmem.ko); each
 * module only supplies the backend that takes a received image.
 */
#ifndef LFA_FWU_H
#define LFA_FWU_H

#include <linux/types.h>

struct lfa_fwu_ops {
	/*
	 * "programming": hand @image (@len bytes, at least an image header
	 * and for component @guid) to the platform, which validates and
	 * stages it, or stages nothing. Returns 0 or a negative LFA_STAGE_E*
	 * code with a reason in @err. Runs in a work item and may sleep.
	 */
	int (*stage)(const u8 guid[16], const void *image, size_t len,
		     char *err, size_t errlen);
	/* the largest image the data file accepts (larger: EFBIG) */
	size_t max_size;
};

/* Find /sys/class/firmware, or create it as a class of our own */
int lfa_fwu_init(const struct lfa_fwu_ops *ops);
/* Remove every directory (updates in progress finish first) */
void lfa_fwu_exit(void);
/*
 * One directory per GUID of @guids, no other: directories of GUIDs that
 * stay keep any update in progress.
 */
int lfa_fwu_sync(const u8 guids[][16], unsigned int count);

#endif /* LFA_FWU_H */
