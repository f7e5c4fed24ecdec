/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * The firmware ABI of Arm Live Firmware Activation (DEN0147): function IDs,
 * status codes and flag bits. One copy for the LFA driver, the agent model
 * (kernel module, EL3 firmware, host tools and tests) alike, so it holds
 * #defines only and includes nothing.
 */
#ifndef LFA_ABI_H
#define LFA_ABI_H

/* SMC64 fast-call function IDs */
#define LFA_FN_VERSION			0xC40002E0U
#define LFA_FN_FEATURES			0xC40002E1U
#define LFA_FN_GET_INFO			0xC40002E2U
#define LFA_FN_GET_INVENTORY		0xC40002E3U
#define LFA_FN_PRIME			0xC40002E4U
#define LFA_FN_ACTIVATE			0xC40002E5U
#define LFA_FN_CANCEL			0xC40002E6U
#define LFA_FN_FIRST			LFA_FN_VERSION
#define LFA_FN_LAST			LFA_FN_CANCEL

/* Status codes (x0), sign-extended to 64 bits in registers */
#define LFA_SUCCESS			0
#define LFA_NOT_SUPPORTED		(-1)
#define LFA_BUSY			(-2)
#define LFA_AUTH_ERROR			(-3)
#define LFA_NO_MEMORY			(-4)
#define LFA_CRITICAL_ERROR		(-5)
#define LFA_DEVICE_ERROR		(-6)
#define LFA_WRONG_STATE			(-7)
#define LFA_INVALID_PARAMETERS		(-8)
#define LFA_COMPONENT_WRONG_STATE	(-9)
#define LFA_INVALID_ADDRESS		(-10)
#define LFA_ACTIVATION_FAILED		(-11)
#define LFA_STATUS_MIN			LFA_ACTIVATION_FAILED

#define LFA_BIT(n)			(1ULL << (n))

/* GET_INVENTORY x3 flags */
#define LFA_INV_ACTIVATION_CAPABLE	LFA_BIT(0)
#define LFA_INV_ACTIVATION_PENDING	LFA_BIT(1)
#define LFA_INV_MAY_RESET_CPU		LFA_BIT(2)
#define LFA_INV_RENDEZVOUS_OPTIONAL	LFA_BIT(3)

/* PRIME/ACTIVATE x1 */
#define LFA_CALL_AGAIN			LFA_BIT(0)
/* ACTIVATE x2 */
#define LFA_SKIP_CPU_RENDEZVOUS		LFA_BIT(0)

/* Versions are (major << 32) | minor; the macros need u32 and u64 */
#define LFA_VERSION_MAKE(maj, min)	(((u64)(maj) << 32) | (u32)(min))
#define LFA_VERSION_MAJOR_OF(v)		((u32)((v) >> 32))
#define LFA_VERSION_MINOR_OF(v)		((u32)(v))

#endif /* LFA_ABI_H */
