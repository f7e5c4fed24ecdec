/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * A freestanding model of an Arm Live Firmware Activation (DEN0147) agent.
 *
 * The same C files run in the simulated-agent kernel module, in the EL3
 * firmware for QEMU virt and on the host (FUSE sysfs emulator, unit tests).
 * They use no libc and no kernel API: everything the model needs from its
 * environment comes through struct lfa_agent_platform, and all storage lives
 * in struct lfa_agent. See README.md in this directory for the scenario text
 * format, the image format and the exact behaviour.
 */
#ifndef LFA_AGENT_H
#define LFA_AGENT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "lfa_agent_compat.h"
#endif

/* function IDs, status codes, flag bits: found next to this header */
#include "lfa_abi.h"

/* Capacities; a build may override them with -D (the emulator uses 1024) */
#ifndef LFA_AGENT_MAX_COMPONENTS
#define LFA_AGENT_MAX_COMPONENTS	32
#endif
#ifndef LFA_AGENT_MAX_FAULTS
#define LFA_AGENT_MAX_FAULTS		64
#endif
#ifndef LFA_AGENT_MAX_CHANGES
#define LFA_AGENT_MAX_CHANGES		64
#endif
#define LFA_AGENT_NAME_LEN		32	/* name hint, NUL included */

/* LFA_VERSION answer: (major << 16) | minor */
#define LFA_VERSION_MAJOR		1U
#define LFA_VERSION_MINOR		0U

/* "LFA testbed image": 48-byte little-endian header, then the payload */
#define LFA_IMAGE_MAGIC_0		0x4cU	/* 'L' */
#define LFA_IMAGE_MAGIC_1		0x46U	/* 'F' */
#define LFA_IMAGE_MAGIC_2		0x41U	/* 'A' */
#define LFA_IMAGE_MAGIC_3		0x49U	/* 'I' */
#define LFA_IMAGE_HEADER_SIZE		48U
#define LFA_IMAGE_OFF_MAGIC		0U
#define LFA_IMAGE_OFF_HEADER_SIZE	4U
#define LFA_IMAGE_OFF_GUID		8U
#define LFA_IMAGE_OFF_VERSION		24U
#define LFA_IMAGE_OFF_PAYLOAD_SIZE	32U
#define LFA_IMAGE_OFF_CRC		36U
#define LFA_IMAGE_OFF_RESERVED		40U
/* the CRC covers bytes 0..35 of the header, then the payload */
#define LFA_IMAGE_CRC_COVERED		36U

/* lfa_agent_stage() errors; lfa_agent_stage_error_name() gives the fw_upload name */
#define LFA_STAGE_OK			0
#define LFA_STAGE_EBAD_MAGIC		(-1)	/* firmware-invalid */
#define LFA_STAGE_ETRUNCATED		(-2)	/* invalid-file-size */
#define LFA_STAGE_EBAD_CRC		(-3)	/* firmware-invalid */
#define LFA_STAGE_EUNKNOWN_GUID		(-4)	/* firmware-invalid */
#define LFA_STAGE_ENOT_CAPABLE		(-5)	/* firmware-invalid */
#define LFA_STAGE_EBUSY			(-6)	/* busy */
#define LFA_STAGE_EBAD_HEADER		(-7)	/* firmware-invalid */
#define LFA_STAGE_ESIZE			(-8)	/* invalid-file-size (trailing bytes) */
#define LFA_STAGE_EHW			(-9)	/* hw-error (injected fault) */
#define LFA_STAGE_ETIMEOUT		(-10)	/* timeout (injected fault) */
#define LFA_STAGE_EFLASH_WEAROUT	(-11)	/* flash-wearout (injected fault) */
#define LFA_STAGE_EIO			(-12)	/* read-write-error (injected fault) */
#define LFA_STAGE_EMIN			LFA_STAGE_EIO

/* Fault injection: which call, what happens, how often */
enum lfa_fault_fn {
	LFA_FAULT_FN_GET_INVENTORY,
	LFA_FAULT_FN_PRIME,
	LFA_FAULT_FN_ACTIVATE,
	LFA_FAULT_FN_CANCEL,
	LFA_FAULT_FN_STAGE,
};

enum lfa_fault_kind {
	LFA_FAULT_STATUS,	/* return a status (or stage error) instead */
	LFA_FAULT_CALL_AGAIN,	/* answer call_again before doing the work */
	LFA_FAULT_STALL,	/* answer call_again forever */
};

struct lfa_agent_fault {
	u16 component;		/* index into lfa_agent.components[] */
	u8 fn;			/* enum lfa_fault_fn */
	u8 kind;		/* enum lfa_fault_kind */
	s32 status;		/* LFA_* status, or LFA_STAGE_E* for stage */
	u32 remaining;		/* hits left (call_again: replies left) */
	bool always;		/* never used up */
};

/* After activating @trigger, @target appears (becomes present) or vanishes */
struct lfa_agent_change {
	u16 trigger;
	u16 target;
	bool appear;
};

struct lfa_agent_component {
	u8 guid[16];		/* textual (%pUb) byte order */
	char name[LFA_AGENT_NAME_LEN];
	u64 current_version;
	u64 pending_version;
	bool pending;
	bool present;		/* currently listed in the inventory */
	bool capable;
	bool may_reset_cpu;
	bool rendezvous_optional;
	u32 prime_steps;	/* call_again replies of every PRIME (scenario) */
	u32 activate_steps;	/* call_again replies of every ACTIVATE */
	u32 activations;	/* successful activations (statistics) */
};

enum lfa_prime_state {
	LFA_PRIME_NONE,
	LFA_PRIME_STARTED,	/* answered call_again, not finished */
	LFA_PRIME_COMPLETE,
};

struct lfa_agent_platform {
	void (*lock)(void *ctx);	/* serialises every entry point */
	void (*unlock)(void *ctx);
	unsigned int (*online_cpus)(void *ctx); /* CPUs that join a rendezvous */
	void (*relax)(void *ctx);	/* called in the pen (cpu_relax/wfe) */
	void (*notify)(void *ctx);	/* an image was staged; may be NULL */
	void (*log)(void *ctx, const char *msg); /* may be NULL */
	void *ctx;
};

struct lfa_agent {
	struct lfa_agent_platform plat;

	/* scenario; everything below is protected by plat.lock */
	struct lfa_agent_component components[LFA_AGENT_MAX_COMPONENTS];
	unsigned int ncomponents;	/* in the scenario, present or not */
	struct lfa_agent_fault faults[LFA_AGENT_MAX_FAULTS];
	unsigned int nfaults;
	struct lfa_agent_change changes[LFA_AGENT_MAX_CHANGES];
	unsigned int nchanges;
	u32 version;			/* LFA_VERSION answer */

	/* PRIME: at most one component at a time (index into components[]) */
	enum lfa_prime_state prime_state;
	unsigned int prime_comp;
	u32 prime_steps_left;

	/* an ACTIVATE that answered call_again and is not finished */
	bool activating;
	unsigned int activate_comp;
	u32 activate_steps_left;

	/*
	 * Rendezvous holding pen. rdv_arrived counts CPUs inside ACTIVATE for
	 * the current round; the last arrival does the work, stores rdv_result
	 * and then increments rdv_generation with release semantics. Waiters
	 * spin (without the lock) until rdv_generation changes, read with
	 * acquire semantics, then copy rdv_result under the lock.
	 */
	unsigned int rdv_arrived;
	unsigned int rdv_expected;
	u64 rdv_seq_id;
	bool rdv_args_mismatch;
	u64 rdv_in[8];			/* arguments of the first arrival */
	u64 rdv_result[8];
	unsigned int rdv_generation;	/* accessed with __atomic builtins */

	/* statistics, for the summary line and tests */
	u32 rendezvous_rounds;
	u32 stagings;
};

void lfa_agent_init(struct lfa_agent *agent,
		    const struct lfa_agent_platform *plat);

/* Replace inventory and faults with a scenario; 0, or -1 with @err filled */
int lfa_agent_load_scenario(struct lfa_agent *agent, const char *text,
			    size_t len, char *err, size_t errlen);

/*
 * One SMC: @in = x0..x7 as the caller passed them (x0 = FID), @out = x0..x7
 * returned. @cpu = caller's CPU index. For ACTIVATE with rendezvous every
 * online CPU calls this concurrently; all but the last wait inside (holding
 * pen, plat->relax), the last does the work, all return the same result.
 */
void lfa_agent_smc(struct lfa_agent *agent, unsigned int cpu,
		   const u64 in[8], u64 out[8]);

/*
 * Stage an image: validate it, mark it pending for its component and call
 * plat->notify. 0, or a negative LFA_STAGE_E* code with a message in @err;
 * nothing is staged on error.
 */
int lfa_agent_stage(struct lfa_agent *agent, const void *image, size_t len,
		    char *err, size_t errlen);

/* Helpers shared by the agent's users (no locking needed) */

/* fw_upload error name for an LFA_STAGE_E* code ("firmware-invalid", ...) */
const char *lfa_agent_stage_error_name(int code);
/* "SUCCESS", "BUSY", ... or "UNKNOWN" */
const char *lfa_agent_status_name(s64 status);
/* CRC-32 (IEEE 802.3, zlib's crc32): start with crc = 0 */
u32 lfa_agent_crc32(u32 crc, const void *buf, size_t len);
/* "47d4086d-4cfe-..." (36 chars + NUL into @out, lowercase) */
void lfa_agent_guid_format(const u8 guid[16], char out[37]);
/* parse the textual form; 0 or -1 */
int lfa_agent_guid_parse(const char *text, size_t len, u8 guid[16]);
/* GUID bytes <-> GET_INVENTORY x1/x2 */
void lfa_agent_guid_to_regs(const u8 guid[16], u64 *x1, u64 *x2);
void lfa_agent_guid_from_regs(u64 x1, u64 x2, u8 guid[16]);
/*
 * One-line summary ending in '\n' (the sim "scenario" file); returns the
 * length written, NUL excluded. Takes the platform lock.
 */
size_t lfa_agent_summary(struct lfa_agent *agent, char *buf, size_t len);

#endif /* LFA_AGENT_H */
