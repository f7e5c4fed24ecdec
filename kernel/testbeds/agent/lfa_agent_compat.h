/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * The kernel's fixed-width type names for builds outside the kernel (EL3
 * firmware, host tools and tests). Only freestanding headers are used, so
 * this is fine with -ffreestanding -nostdlib.
 */
#ifndef LFA_AGENT_COMPAT_H
#define LFA_AGENT_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the compiler's own names for the <stdint.h> types */
typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT32_TYPE__ s32;
typedef __INT64_TYPE__ s64;

#endif /* LFA_AGENT_COMPAT_H */
