// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Staging of "LFA testbed images": the out-of-band path (firmware upload in
 * Linux, a BMC on a real server) by which a new image reaches the agent's
 * store. The image is checked completely before anything changes.
 */
#include "lfa_agent_internal.h"

static int lfa_stage_fail(char *err, size_t errlen, int code, const char *what,
			  const u8 *guid)
{
	struct lfa_msg m;

	lfa_msg_init(&m, err, errlen);
	lfa_msg_str(&m, what);
	if (guid) {
		lfa_msg_str(&m, " ");
		lfa_msg_guid(&m, guid);
	}
	return code;
}

/* header checks that need no agent state */
static int lfa_image_check(const u8 *p, size_t len, char *err, size_t errlen)
{
	u32 payload, crc, i;

	if (len < 4 || p[0] != LFA_IMAGE_MAGIC_0 || p[1] != LFA_IMAGE_MAGIC_1 ||
	    p[2] != LFA_IMAGE_MAGIC_2 || p[3] != LFA_IMAGE_MAGIC_3)
		return lfa_stage_fail(err, errlen, LFA_STAGE_EBAD_MAGIC,
				      "bad magic: not an LFA testbed image",
				      NULL);
	if (len < LFA_IMAGE_HEADER_SIZE)
		return lfa_stage_fail(err, errlen, LFA_STAGE_ETRUNCATED,
				      "truncated: shorter than the 48-byte header",
				      NULL);
	if (lfa_get_le32(p + LFA_IMAGE_OFF_HEADER_SIZE) != LFA_IMAGE_HEADER_SIZE)
		return lfa_stage_fail(err, errlen, LFA_STAGE_EBAD_HEADER,
				      "bad header: header size is not 48", NULL);
	for (i = LFA_IMAGE_OFF_RESERVED; i < LFA_IMAGE_HEADER_SIZE; i++) {
		if (p[i])
			return lfa_stage_fail(err, errlen, LFA_STAGE_EBAD_HEADER,
					      "bad header: reserved bytes are not zero",
					      NULL);
	}
	payload = lfa_get_le32(p + LFA_IMAGE_OFF_PAYLOAD_SIZE);
	if (len - LFA_IMAGE_HEADER_SIZE < payload)
		return lfa_stage_fail(err, errlen, LFA_STAGE_ETRUNCATED,
				      "truncated: payload shorter than the header says",
				      NULL);
	if (len - LFA_IMAGE_HEADER_SIZE > payload)
		return lfa_stage_fail(err, errlen, LFA_STAGE_ESIZE,
				      "bad size: bytes after the payload", NULL);
	crc = lfa_agent_crc32(0, p, LFA_IMAGE_CRC_COVERED);
	crc = lfa_agent_crc32(crc, p + LFA_IMAGE_HEADER_SIZE, payload);
	if (crc != lfa_get_le32(p + LFA_IMAGE_OFF_CRC))
		return lfa_stage_fail(err, errlen, LFA_STAGE_EBAD_CRC,
				      "bad CRC-32: image is corrupt", NULL);
	return LFA_STAGE_OK;
}

int lfa_agent_stage(struct lfa_agent *agent, const void *image, size_t len,
		    char *err, size_t errlen)
{
	const u8 *p = image;
	const u8 *guid;
	struct lfa_agent_component *c;
	struct lfa_msg m;
	char logbuf[112];
	s32 fault;
	int idx, ret;

	if (err && errlen)
		err[0] = '\0';
	if (!image)
		len = 0;
	ret = lfa_image_check(p, len, err, errlen);
	if (ret)
		return ret;
	guid = p + LFA_IMAGE_OFF_GUID;

	if (agent->plat.lock)
		agent->plat.lock(agent->plat.ctx);
	idx = lfa_agent_find_guid(agent, guid);
	if (idx < 0 || !agent->components[idx].present) {
		ret = lfa_stage_fail(err, errlen, LFA_STAGE_EUNKNOWN_GUID,
				     "unknown component", guid);
		goto out;
	}
	c = &agent->components[idx];
	if (!c->capable) {
		ret = lfa_stage_fail(err, errlen, LFA_STAGE_ENOT_CAPABLE,
				     "component is not activation capable", guid);
		goto out;
	}
	/* the store of a component being primed or activated is in use */
	if (agent->rdv_arrived ||
	    (agent->activating && agent->activate_comp == (unsigned int)idx) ||
	    (agent->prime_state != LFA_PRIME_NONE &&
	     agent->prime_comp == (unsigned int)idx)) {
		ret = lfa_stage_fail(err, errlen, LFA_STAGE_EBUSY,
				     "activation in progress for", guid);
		goto out;
	}
	if (lfa_fault_take_status(agent, idx, LFA_FAULT_FN_STAGE, &fault)) {
		ret = lfa_stage_fail(err, errlen, fault,
				     "injected staging fault for", guid);
		goto out;
	}
	c->pending_version = lfa_get_le64(p + LFA_IMAGE_OFF_VERSION);
	c->pending = true;
	agent->stagings++;
	lfa_msg_init(&m, logbuf, sizeof(logbuf));
	lfa_msg_str(&m, "staged ");
	lfa_msg_guid(&m, guid);
	lfa_msg_str(&m, " version ");
	lfa_msg_version(&m, c->pending_version);
	lfa_agent_log(agent, logbuf);
	ret = LFA_STAGE_OK;
out:
	if (agent->plat.unlock)
		agent->plat.unlock(agent->plat.ctx);
	if (!ret && agent->plat.notify)
		agent->plat.notify(agent->plat.ctx);
	return ret;
}
