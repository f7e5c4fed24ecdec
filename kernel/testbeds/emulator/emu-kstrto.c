// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * How the kernel parses what userspace writes to sysfs (kstrtoint,
 * kstrtouint, kstrtobool), for every part of the emulator: the LFA driver's
 * files, its module parameters and the firmware-upload files.
 */

#include <glib.h>

#include "emu.h"

/* the kernel's kstrtoint (base 10): digits, an optional sign and newline */
bool
emu_kstrtoint(const char *buf, size_t len, int *out)
{
	gint64 value = 0;
	bool negative = false;
	size_t i = 0;

	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (i < len && (buf[i] == '+' || buf[i] == '-'))
		negative = buf[i++] == '-';
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return false;
		value = value * 10 + (buf[i] - '0');
		if (value > (gint64)G_MAXINT + 1)
			return false;
	}
	if (negative)
		value = -value;
	if (value > G_MAXINT || value < G_MININT)
		return false;
	*out = (int)value;
	return true;
}

/*
 * the kernel's kstrtouint with base 0, as param_set_uint() calls it: "0x"
 * for hex, a leading 0 for octal, an optional '+' and newline, no '-'
 */
bool
emu_kstrtouint(const char *buf, size_t len, unsigned int *out)
{
	guint64 value = 0;
	unsigned int base = 10;
	size_t i = 0;

	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (i < len && buf[i] == '+')
		i++;
	if (i + 1 < len && buf[i] == '0' && (buf[i + 1] == 'x' || buf[i + 1] == 'X')) {
		base = 16;
		i += 2;
	} else if (i + 1 < len && buf[i] == '0') {
		base = 8;
		i++;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		unsigned int digit;

		if (g_ascii_isdigit(buf[i]))
			digit = (unsigned int)(buf[i] - '0');
		else if (g_ascii_isxdigit(buf[i]))
			digit = (unsigned int)(g_ascii_tolower(buf[i]) - 'a' + 10);
		else
			return false;
		if (digit >= base)
			return false;
		value = value * base + digit;
		if (value > G_MAXUINT)
			return false;
	}
	*out = (unsigned int)value;
	return true;
}

/* the kernel's kstrtobool: only the first one or two characters count */
bool
emu_kstrtobool(const char *buf, size_t len, bool *out)
{
	if (len == 0)
		return false;
	switch (buf[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*out = true;
		return true;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*out = false;
		return true;
	case 'o': case 'O':
		if (len < 2)
			return false;
		if (buf[1] == 'n' || buf[1] == 'N') {
			*out = true;
			return true;
		}
		if (buf[1] == 'f' || buf[1] == 'F') {
			*out = false;
			return true;
		}
		return false;
	default:
		return false;
	}
}
