/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Helpers shared by the agent model's C files; not part of the API.
 */
#ifndef LFA_AGENT_INTERNAL_H
#define LFA_AGENT_INTERNAL_H

#include "lfa_agent.h"

#define LFA_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A bounded, always NUL-terminated text builder (no printf available) */
struct lfam_msg {
	char *buf;
	size_t size;
	size_t pos;
};

void lfam_msg_init(struct lfam_msg *m, char *buf, size_t size);
void lfam_msg_strn(struct lfam_msg *m, const char *s, size_t n);
void lfam_msg_str(struct lfam_msg *m, const char *s);
void lfam_msg_uint(struct lfam_msg *m, u64 v);
void lfam_msg_version(struct lfam_msg *m, u64 v);
void lfam_msg_guid(struct lfam_msg *m, const u8 guid[16]);

size_t lfam_strlen(const char *s);
void lfam_zero(void *p, size_t n);
bool lfam_mem_equal(const void *a, const void *b, size_t n);

/* send a message to plat->log, if there is one */
void lfa_agent_log(struct lfa_agent *agent, const char *msg);

/* index into components[] of a GUID, or -1 */
int lfa_agent_find_guid(const struct lfa_agent *agent, const u8 guid[16]);

/* forget any PRIME and ACTIVATE in progress (lock held) */
void lfa_agent_reset_activation(struct lfa_agent *agent);

/*
 * Fault lookup (lock held). lfam_fault_take_status() fires a status (or
 * "gone") fault of @fn on component @comp and consumes one use;
 * lfam_fault_take_call_again() does the same for call_again and stall
 * faults. @again: call_again replies so far of the PRIME or ACTIVATE
 * (faults with after=N wait for N), 0 for other calls.
 */
bool lfam_fault_take_status(struct lfa_agent *agent, unsigned int comp,
			    enum lfa_fault_fn fn, u32 again, s32 *status);
bool lfam_fault_take_call_again(struct lfa_agent *agent, unsigned int comp,
				enum lfa_fault_fn fn, u32 again);

/* read little-endian integers from a byte buffer */
u32 lfam_get_le32(const u8 *p);
u64 lfam_get_le64(const u8 *p);

#endif /* LFA_AGENT_INTERNAL_H */
