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

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#endif /* LFA_AGENT_COMPAT_H */
