/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Firmware log. Every line goes to the secure PL011 (QEMU's second -serial),
 * which the normal world cannot reach, so Linux never garbles it. Until
 * Linux starts, lines are copied to the normal-world PL011 as well.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include "lfa_agent_compat.h"

void console_init(void);
/* stop copying to the normal-world UART (Linux owns it from now on) */
void console_ns_release(void);

/* printf subset: %s %c %d %u %x %p %%, flags 0 and width, l/ll/z sizes */
void el3_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* the same formatter into a buffer; always NUL-terminated when len > 0 */
size_t el3_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define INFO(...)	el3_log("INFO:  " __VA_ARGS__)
#define WARN(...)	el3_log("WARN:  " __VA_ARGS__)
#define ERROR(...)	el3_log("ERROR: " __VA_ARGS__)
#define VERBOSE(...)	el3_log("VERB:  " __VA_ARGS__)

#endif /* CONSOLE_H */
