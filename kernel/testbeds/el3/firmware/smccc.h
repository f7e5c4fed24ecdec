/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * SMC Calling Convention (DEN0028) constants.
 */
#ifndef SMCCC_H
#define SMCCC_H

#define SMCCC_VERSION			0x80000000U
#define SMCCC_ARCH_FEATURES		0x80000001U
#define SMCCC_VERSION_1_2		0x10002U

#define SMCCC_FAST_CALL_BIT		(1U << 31)
#define SMCCC_64_BIT			(1U << 30)
#define SMCCC_OEN_SHIFT			24
#define SMCCC_OEN_MASK			0x3fU
#define SMCCC_OEN_ARCH			0U
#define SMCCC_OEN_SIP			2U
#define SMCCC_OEN_STD			4U

#define SMC_UNK				(-1)
#define SMC_INVALID_PARAMETERS		(-2)

#endif /* SMCCC_H */
