// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Small freestanding helpers of the LFA agent model: text building, GUIDs,
 * CRC-32 and the name tables. No libc: the same file builds for EL3.
 */
#include "lfa_agent_internal.h"

void lfa_msg_init(struct lfa_msg *m, char *buf, size_t size)
{
	m->buf = buf;
	m->size = size;
	m->pos = 0;
	if (buf && size)
		buf[0] = '\0';
}

void lfa_msg_strn(struct lfa_msg *m, const char *s, size_t n)
{
	size_t i;

	if (!m->buf || !m->size)
		return;
	for (i = 0; i < n && s[i] != '\0'; i++) {
		if (m->pos + 1 >= m->size)
			break;
		m->buf[m->pos++] = s[i];
	}
	m->buf[m->pos] = '\0';
}

void lfa_msg_str(struct lfa_msg *m, const char *s)
{
	lfa_msg_strn(m, s, (size_t)-1);
}

void lfa_msg_uint(struct lfa_msg *m, u64 v)
{
	char tmp[21];
	unsigned int i = sizeof(tmp) - 1;

	tmp[i] = '\0';
	do {
		tmp[--i] = (char)('0' + (v % 10));
		v /= 10;
	} while (v && i);
	lfa_msg_str(m, &tmp[i]);
}

void lfa_msg_version(struct lfa_msg *m, u64 v)
{
	lfa_msg_uint(m, LFA_VERSION_MAJOR_OF(v));
	lfa_msg_str(m, ".");
	lfa_msg_uint(m, LFA_VERSION_MINOR_OF(v));
}

void lfa_msg_guid(struct lfa_msg *m, const u8 guid[16])
{
	char text[37];

	lfa_agent_guid_format(guid, text);
	lfa_msg_str(m, text);
}

size_t lfa_strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

void lfa_zero(void *p, size_t n)
{
	u8 *b = p;

	while (n--)
		*b++ = 0;
}

bool lfa_mem_equal(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++) {
		if (x[i] != y[i])
			return false;
	}
	return true;
}

void lfa_agent_log(struct lfa_agent *agent, const char *msg)
{
	if (agent->plat.log)
		agent->plat.log(agent->plat.ctx, msg);
}

int lfa_agent_find_guid(const struct lfa_agent *agent, const u8 guid[16])
{
	unsigned int i;

	for (i = 0; i < agent->ncomponents; i++) {
		if (lfa_mem_equal(agent->components[i].guid, guid, 16))
			return (int)i;
	}
	return -1;
}

u32 lfa_get_le32(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) |
	       ((u32)p[3] << 24);
}

u64 lfa_get_le64(const u8 *p)
{
	return (u64)lfa_get_le32(p) | ((u64)lfa_get_le32(p + 4) << 32);
}

/* reflected polynomial 0xEDB88320, one table entry per nibble */
static const u32 lfa_crc32_nibble[16] = {
	0x00000000U, 0x1db71064U, 0x3b6e20c8U, 0x26d930acU,
	0x76dc4190U, 0x6b6b51f4U, 0x4db26158U, 0x5005713cU,
	0xedb88320U, 0xf00f9344U, 0xd6d6a3e8U, 0xcb61b38cU,
	0x9b64c2b0U, 0x86d3d2d4U, 0xa00ae278U, 0xbdbdf21cU,
};

u32 lfa_agent_crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ lfa_crc32_nibble[crc & 0xf];
		crc = (crc >> 4) ^ lfa_crc32_nibble[crc & 0xf];
	}
	return ~crc;
}

static const char lfa_hex_digits[] = "0123456789abcdef";

void lfa_agent_guid_format(const u8 guid[16], char out[37])
{
	unsigned int i, pos = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[pos++] = '-';
		out[pos++] = lfa_hex_digits[guid[i] >> 4];
		out[pos++] = lfa_hex_digits[guid[i] & 0xf];
	}
	out[pos] = '\0';
}

static int lfa_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int lfa_agent_guid_parse(const char *text, size_t len, u8 guid[16])
{
	unsigned int i, pos = 0;

	if (len != 36)
		return -1;
	for (i = 0; i < 16; i++) {
		int hi, lo;

		if (i == 4 || i == 6 || i == 8 || i == 10) {
			if (text[pos++] != '-')
				return -1;
		}
		hi = lfa_hex_value(text[pos++]);
		lo = lfa_hex_value(text[pos++]);
		if (hi < 0 || lo < 0)
			return -1;
		guid[i] = (u8)(hi << 4 | lo);
	}
	return 0;
}

void lfa_agent_guid_to_regs(const u8 guid[16], u64 *x1, u64 *x2)
{
	*x1 = lfa_get_le64(guid);
	*x2 = lfa_get_le64(guid + 8);
}

void lfa_agent_guid_from_regs(u64 x1, u64 x2, u8 guid[16])
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		guid[i] = (u8)(x1 >> (8 * i));
		guid[i + 8] = (u8)(x2 >> (8 * i));
	}
}

static const char * const lfa_status_names[] = {
	"SUCCESS", "NOT_SUPPORTED", "BUSY", "AUTH_ERROR", "NO_MEMORY",
	"CRITICAL_ERROR", "DEVICE_ERROR", "WRONG_STATE", "INVALID_PARAMETERS",
	"COMPONENT_WRONG_STATE", "INVALID_ADDRESS", "ACTIVATION_FAILED",
};

const char *lfa_agent_status_name(s64 status)
{
	if (status > 0 || status < LFA_STATUS_MIN)
		return "UNKNOWN";
	return lfa_status_names[-status];
}

/* indexed by -code; the names are the kernel's fw_upload error names */
static const char * const lfa_stage_error_names[] = {
	"none", "firmware-invalid", "invalid-file-size", "firmware-invalid",
	"firmware-invalid", "firmware-invalid", "busy", "firmware-invalid",
	"invalid-file-size", "hw-error", "timeout", "flash-wearout",
	"read-write-error",
};

const char *lfa_agent_stage_error_name(int code)
{
	if (code > 0 || code < LFA_STAGE_EMIN)
		return "hw-error";
	return lfa_stage_error_names[-code];
}
