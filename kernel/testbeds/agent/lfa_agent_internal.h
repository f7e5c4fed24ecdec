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
struct lfa_msg {
	char *buf;
	size_t size;
	size_t pos;
};

void lfa_msg_init(struct lfa_msg *m, char *buf, size_t size);
void lfa_msg_strn(struct lfa_msg *m, const char *s, size_t n);
void lfa_msg_str(struct lfa_msg *m, const char *s);
void lfa_msg_uint(struct lfa_msg *m, u64 v);
void lfa_msg_version(struct lfa_msg *m, u64 v);
void lfa_msg_guid(struct lfa_msg *m, const u8 guid[16]);

size_t lfa_strlen(const char *s);
void lfa_zero(void *p, size_t n);
bool lfa_mem_equal(const void *a, const void *b, size_t n);

/* send a message to plat->log, if there is one */
void lfa_agent_log(struct lfa_agent *agent, const char *msg);

/* index into components[] of a GUID, or -1 */
int lfa_agent_find_guid(const struct lfa_agent *agent, const u8 guid[16]);

/* forget any PRIME and ACTIVATE in progress (lock held) */
void lfa_agent_reset_activation(struct lfa_agent *agent);

/*
 * Fault lookup (lock held). lfa_fault_take_status() fires a status fault of
 * @fn on component @comp and consumes one use; lfa_fault_take_call_again()
 * does the same for call_again and stall faults.
 */
bool lfa_fault_take_status(struct lfa_agent *agent, unsigned int comp,
			   enum lfa_fault_fn fn, s32 *status);
bool lfa_fault_take_call_again(struct lfa_agent *agent, unsigned int comp,
			       enum lfa_fault_fn fn);

/* read little-endian integers from a byte buffer */
u32 lfa_get_le32(const u8 *p);
u64 lfa_get_le64(const u8 *p);

#endif /* LFA_AGENT_INTERNAL_H */
