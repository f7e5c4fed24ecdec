/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * The contract between the LFA driver, the firmware agent and userspace,
 * written once: the names of the firmware's status codes, the driver's
 * built-in component names (those of the v3 series), and the errno each
 * sysfs write returns. The driver, the agent model (simulated agent, EL3
 * firmware) and the FUSE emulator all use these tables, so the three
 * cannot drift apart. Like lfa_abi.h it includes nothing; the errno names
 * resolve where the user includes its own errno header.
 */
#ifndef LFA_CONTRACT_H
#define LFA_CONTRACT_H

#include "lfa_abi.h"

/*
 * The names of the DEN0147 status codes, indexed by -code (SUCCESS is 0,
 * ACTIVATION_FAILED is -11): an initializer for a const char * array.
 */
#define LFA_STATUS_NAMES {						\
	"SUCCESS", "NOT_SUPPORTED", "BUSY", "AUTH_ERROR", "NO_MEMORY",	\
	"CRITICAL_ERROR", "DEVICE_ERROR", "WRONG_STATE",		\
	"INVALID_PARAMETERS", "COMPONENT_WRONG_STATE",			\
	"INVALID_ADDRESS", "ACTIVATION_FAILED",				\
}

#define LFA_STATUS_NAME_COUNT		(1 - LFA_STATUS_MIN)

/* the name shown for a status outside the table */
#define LFA_STATUS_UNKNOWN_NAME		"UNKNOWN"

/*
 * The names the v3 driver builds in, as { guid, name } pairs: an
 * initializer for an array of two-string structs. Any other GUID shows the
 * GUID itself in the name file.
 */
#define LFA_V3_NAMES {							\
	{ "47d4086d-4cfe-9846-9b95-2950cbbd5a00", "TF-A BL31 runtime" },	\
	{ "d6d0eea7-fcea-d54b-9782-9934f234b6e4", "BL33 non-secure payload" }, \
	{ "6c0762a6-12f2-4b56-92cb-ba8f633606d9", "TF-RMM" },		\
}

/*
 * The errno of each sysfs write, as v3 and NVIDIA's carry of it return
 * them. activate: every failure (a firmware error, a budget running out,
 * an image that may reset the CPUs) is ECANCELED; another activation
 * holding the driver is EBUSY. cancel: the firmware's refusal is EINVAL,
 * an image no longer listed ENOENT. Bool files: EINVAL for what kstrtobool
 * does not take.
 */
#define LFA_ERRNO_ACTIVATE_FAILED	ECANCELED
#define LFA_ERRNO_ACTIVATE_BUSY		EBUSY
#define LFA_ERRNO_CANCEL_REFUSED	EINVAL
#define LFA_ERRNO_CANCEL_GONE		ENOENT
#define LFA_ERRNO_BAD_BOOL		EINVAL

/* pending_version when nothing is pending or the firmware gives no version */
#define LFA_NO_VERSION_TEXT		"N/A"

#endif /* LFA_CONTRACT_H */
