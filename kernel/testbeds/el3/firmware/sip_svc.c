// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Staging window service (see sip_svc.h for the calling convention).
 */
#include "arch.h"
#include "console.h"
#include "lfa_svc.h"
#include "platform_def.h"
#include "sip_svc.h"
#include "smccc.h"
#include "spinlock.h"

#define STAGE_ERR_MAX	160
#define SUMMARY_MAX	256

/* private copy of an image or scenario text; protected by stage_lock */
static u8 stage_copy[PLAT_STAGE_WINDOW_SIZE]
	__attribute__((section(".stage_buf"), aligned(16)));
static struct spinlock stage_lock;

static bool window_range_ok(u64 off, u64 len)
{
	return off <= PLAT_STAGE_WINDOW_SIZE && len <= PLAT_STAGE_WINDOW_SIZE - off;
}

static void copy_from_window(u8 *dst, u64 off, u64 len)
{
	const volatile u8 *src = (const volatile u8 *)(PLAT_STAGE_WINDOW_BASE + off);
	u64 n = 0;

	if (((u64)src & 7U) == 0U) {
		for (; n + 8U <= len; n += 8U) {
			*(u64 *)(dst + n) = *(const volatile u64 *)(src + n);
		}
	}
	for (; n < len; n++) {
		dst[n] = src[n];
	}
}

static void write_message(u64 off, u64 len, const char *msg)
{
	volatile char *dst = (volatile char *)(PLAT_STAGE_WINDOW_BASE + off);
	u64 n;

	if (len == 0U) {
		return;
	}
	for (n = 0; n + 1U < len && msg[n] != '\0'; n++) {
		dst[n] = msg[n];
	}
	dst[n] = '\0';
}

static void sip_stage(const u64 in[8], u64 *regs)
{
	u64 img_off = in[1], img_len = in[2];
	u64 msg_off = in[3], msg_len = in[4];
	char err[STAGE_ERR_MAX];
	int ret;

	if (!window_range_ok(img_off, img_len) || !window_range_ok(msg_off, msg_len)) {
		WARN("sip: stage request outside the window (image 0x%llx+0x%llx, message 0x%llx+0x%llx)\n",
		     (unsigned long long)img_off, (unsigned long long)img_len,
		     (unsigned long long)msg_off, (unsigned long long)msg_len);
		regs[0] = (u64)(s64)SMC_INVALID_PARAMETERS;
		return;
	}

	spin_lock(&stage_lock);
	copy_from_window(stage_copy, img_off, img_len);
	err[0] = '\0';
	ret = lfa_svc_stage(stage_copy, img_len, err, sizeof(err));
	spin_unlock(&stage_lock);

	if (ret == 0) {
		INFO("sip: staged an image of %llu bytes\n", (unsigned long long)img_len);
		err[0] = '\0';
	} else {
		INFO("sip: image of %llu bytes refused (%d, %s): %s\n",
		     (unsigned long long)img_len, ret,
		     lfa_agent_stage_error_name(ret), err);
	}
	write_message(msg_off, msg_len, err);
	regs[0] = 0;
	regs[1] = (u64)(s64)ret;
}

static void sip_load_scenario(const u64 in[8], u64 *regs)
{
	u64 txt_off = in[1], txt_len = in[2];
	u64 msg_off = in[3], msg_len = in[4];
	char err[STAGE_ERR_MAX];
	int ret;

	if (!window_range_ok(txt_off, txt_len) || !window_range_ok(msg_off, msg_len)) {
		regs[0] = (u64)(s64)SMC_INVALID_PARAMETERS;
		return;
	}
	spin_lock(&stage_lock);
	copy_from_window(stage_copy, txt_off, txt_len);
	err[0] = '\0';
	ret = lfa_svc_load_scenario((const char *)stage_copy, txt_len, err, sizeof(err));
	spin_unlock(&stage_lock);
	if (ret == 0) {
		err[0] = '\0';
	}
	write_message(msg_off, msg_len, err);
	regs[0] = 0;
	regs[1] = (u64)(s64)ret;
}

static void sip_summary(const u64 in[8], u64 *regs)
{
	char line[SUMMARY_MAX];

	if (!window_range_ok(in[1], in[2])) {
		regs[0] = (u64)(s64)SMC_INVALID_PARAMETERS;
		return;
	}
	line[0] = '\0';
	lfa_svc_summary(line, sizeof(line));
	write_message(in[1], in[2], line);
	regs[0] = 0;
}

static void sip_component(const u64 in[8], u64 *regs)
{
	u64 lo, hi;
	bool present;

	if (in[1] > 0xffffffffULL ||
	    lfa_svc_component((unsigned int)in[1], &lo, &hi, &present) != 0) {
		regs[0] = (u64)(s64)SMC_INVALID_PARAMETERS;
		return;
	}
	regs[0] = 0;
	regs[1] = lo;
	regs[2] = hi;
	regs[3] = present ? 1U : 0U;
}

void sip_svc_smc_handler(unsigned int cpu, const u64 in[8], u64 *regs)
{
	(void)cpu;
	switch ((u32)in[0]) {
	case SIP_LFA_TB_STAGE:
		sip_stage(in, regs);
		break;
	case SIP_LFA_TB_LOAD_SCENARIO:
		sip_load_scenario(in, regs);
		break;
	case SIP_LFA_TB_SUMMARY:
		sip_summary(in, regs);
		break;
	case SIP_LFA_TB_NOTIFY:
		lfa_svc_notify();
		regs[0] = 0;
		break;
	case SIP_LFA_TB_COMPONENT:
		sip_component(in, regs);
		break;
	case SIP_LFA_TB_WINDOW:
		regs[0] = 0;
		regs[1] = PLAT_STAGE_WINDOW_BASE;
		regs[2] = PLAT_STAGE_WINDOW_SIZE;
		break;
	default:
		regs[0] = (u64)(s64)SMC_UNK;
		break;
	}
}
