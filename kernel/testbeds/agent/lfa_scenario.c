// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Scenario text parser of the LFA agent model (format: README.md).
 *
 * Loading is all or nothing without a second copy of the (possibly large)
 * tables: a first pass checks the whole text and only a second pass, under
 * the platform lock, writes it into the agent. References to components are
 * resolved by looking at the earlier "component" lines of the text itself,
 * so both passes give the same indexes.
 */
#include "lfa_agent_internal.h"

#define LFA_MAX_TOKENS		16
#define LFA_MAX_STEPS		1000000U
#define LFA_GUID_NODE_MAX	0xffffffffffffULL	/* 48 bits */

struct lfam_tok {
	const char *s;
	size_t n;
};

struct lfam_parse {
	struct lfa_agent *agent;	/* NULL in the checking pass */
	const char *text;
	size_t len;
	size_t line_start;		/* offset of the current line */
	unsigned int line;
	unsigned int ncomponents;
	unsigned int nfaults;
	unsigned int nchanges;
	char *err;
	size_t errlen;
};

static bool lfam_tok_is(const struct lfam_tok *t, const char *word)
{
	size_t n = lfam_strlen(word);

	return t->n == n && lfam_mem_equal(t->s, word, n);
}

static char lfam_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool lfam_tok_is_nocase(const struct lfam_tok *t, const char *word)
{
	size_t i, n = lfam_strlen(word);

	if (t->n != n)
		return false;
	for (i = 0; i < n; i++) {
		if (lfam_lower(t->s[i]) != lfam_lower(word[i]))
			return false;
	}
	return true;
}

/* split "key=value"; false when there is no '=' */
static bool lfam_tok_split(const struct lfam_tok *t, struct lfam_tok *key,
			   struct lfam_tok *val)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->s[i] == '=') {
			key->s = t->s;
			key->n = i;
			val->s = t->s + i + 1;
			val->n = t->n - i - 1;
			return true;
		}
	}
	return false;
}

static int lfam_fail(struct lfam_parse *p, const char *what,
		     const struct lfam_tok *t)
{
	struct lfam_msg m;

	lfam_msg_init(&m, p->err, p->errlen);
	lfam_msg_str(&m, "line ");
	lfam_msg_uint(&m, p->line);
	lfam_msg_str(&m, ": ");
	lfam_msg_str(&m, what);
	if (t) {
		lfam_msg_str(&m, " '");
		lfam_msg_strn(&m, t->s, t->n > 40 ? 40 : t->n);
		lfam_msg_str(&m, t->n > 40 ? "...'" : "'");
	}
	return -1;
}

/* the line starting at *pos (without its newline); false at the end */
static bool lfam_next_line(const char *text, size_t len, size_t *pos,
			   size_t *start, size_t *n)
{
	size_t i = *pos;

	if (i >= len)
		return false;
	*start = i;
	while (i < len && text[i] != '\n')
		i++;
	*n = i - *start;
	*pos = i < len ? i + 1 : i;
	return true;
}

static bool lfam_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* tokens of one line, comments removed; returns LFA_MAX_TOKENS + 1 if too many */
static unsigned int lfam_tokenize(const char *s, size_t n, struct lfam_tok *toks)
{
	unsigned int count = 0;
	size_t i = 0;

	while (i < n) {
		size_t start;

		while (i < n && lfam_is_space(s[i]))
			i++;
		if (i >= n || s[i] == '#')
			break;
		start = i;
		while (i < n && !lfam_is_space(s[i]) && s[i] != '#')
			i++;
		if (count == LFA_MAX_TOKENS)
			return LFA_MAX_TOKENS + 1;
		toks[count].s = s + start;
		toks[count].n = i - start;
		count++;
	}
	return count;
}

static bool lfam_parse_u32(const struct lfam_tok *t, u32 *out)
{
	u64 v = 0;
	size_t i;

	if (!t->n || t->n > 10)
		return false;
	for (i = 0; i < t->n; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return false;
		v = v * 10 + (u64)(t->s[i] - '0');
	}
	if (v > 0xffffffffULL)
		return false;
	*out = (u32)v;
	return true;
}

/* "0x" and 1-16 hex digits */
static bool lfam_parse_hex64(const struct lfam_tok *t, u64 *out)
{
	u64 v = 0;
	size_t i;

	if (t->n < 3 || t->n > 18 || t->s[0] != '0' ||
	    (t->s[1] != 'x' && t->s[1] != 'X'))
		return false;
	for (i = 2; i < t->n; i++) {
		char c = lfam_lower(t->s[i]);

		if (c >= '0' && c <= '9')
			v = v << 4 | (u64)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (u64)(c - 'a' + 10);
		else
			return false;
	}
	*out = v;
	return true;
}

static bool lfam_parse_bool(const struct lfam_tok *t, bool *out)
{
	if (lfam_tok_is(t, "1") || lfam_tok_is(t, "yes") ||
	    lfam_tok_is(t, "true")) {
		*out = true;
		return true;
	}
	if (lfam_tok_is(t, "0") || lfam_tok_is(t, "no") ||
	    lfam_tok_is(t, "false")) {
		*out = false;
		return true;
	}
	return false;
}

/* "M.N" with both parts fitting in 32 bits */
static bool lfam_parse_version(const struct lfam_tok *t, u32 *maj, u32 *min)
{
	struct lfam_tok a, b;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->s[i] == '.')
			break;
	}
	if (i == t->n)
		return false;
	a.s = t->s;
	a.n = i;
	b.s = t->s + i + 1;
	b.n = t->n - i - 1;
	return lfam_parse_u32(&a, maj) && lfam_parse_u32(&b, min);
}

static bool lfam_parse_status(const struct lfam_tok *t, s32 *out)
{
	struct lfam_tok name = *t;
	s32 code;

	if (t->n >= 2 && t->s[0] == '-') {
		struct lfam_tok num = { t->s + 1, t->n - 1 };
		u32 v;

		if (!lfam_parse_u32(&num, &v) || v < 1 || v > -LFA_STATUS_MIN)
			return false;
		*out = -(s32)v;
		return true;
	}
	if (name.n > 4 && lfam_tok_is_nocase(&(struct lfam_tok){ name.s, 4 },
					     "lfa_")) {
		name.s += 4;
		name.n -= 4;
	}
	for (code = -1; code >= LFA_STATUS_MIN; code--) {
		if (lfam_tok_is_nocase(&name, lfa_agent_status_name(code))) {
			*out = code;
			return true;
		}
	}
	return false;
}

/* injectable staging errors, by their fw_upload names */
static bool lfam_parse_stage_error(const struct lfam_tok *t, s32 *out)
{
	static const int codes[] = {
		LFA_STAGE_EBUSY, LFA_STAGE_EHW, LFA_STAGE_ETIMEOUT,
		LFA_STAGE_EFLASH_WEAROUT, LFA_STAGE_EIO, LFA_STAGE_ESIZE,
	};
	unsigned int i;

	for (i = 0; i < LFA_ARRAY_SIZE(codes); i++) {
		if (lfam_tok_is(t, lfa_agent_stage_error_name(codes[i]))) {
			*out = codes[i];
			return true;
		}
	}
	return false;
}

static bool lfam_valid_name(const struct lfam_tok *t)
{
	size_t i;

	if (!t->n || t->n >= LFA_AGENT_NAME_LEN)
		return false;
	for (i = 0; i < t->n; i++) {
		char c = t->s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '.'))
			return false;
	}
	return true;
}

/* the last six GUID bytes as a 48-bit number (the "node" field) */
static u64 lfam_guid_node(const u8 guid[16])
{
	u64 v = 0;
	unsigned int i;

	for (i = 10; i < 16; i++)
		v = v << 8 | guid[i];
	return v;
}

static void lfam_guid_set_node(u8 guid[16], u64 v)
{
	unsigned int i;

	for (i = 16; i > 10; i--) {
		guid[i - 1] = (u8)v;
		v >>= 8;
	}
}

/*
 * A line that declares components: "component GUID ..." (one) or
 * "repeat N component GUID ..." (N). Gives the count and the index of the
 * GUID token; false for other lines and for lines in error.
 */
static bool lfam_component_line(const struct lfam_tok *toks,
				unsigned int count, u32 *times,
				unsigned int *guid_tok)
{
	if (count >= 2 && lfam_tok_is(&toks[0], "component")) {
		*times = 1;
		*guid_tok = 1;
		return true;
	}
	if (count >= 4 && lfam_tok_is(&toks[0], "repeat") &&
	    lfam_tok_is(&toks[2], "component") &&
	    lfam_parse_u32(&toks[1], times) && *times) {
		*guid_tok = 3;
		return true;
	}
	return false;
}

/* "<hint>-<i>" with i < @times: the name of copy i of a repeated line */
static bool lfam_ref_is_copy(const struct lfam_tok *ref,
			     const struct lfam_tok *hint, u32 times, u32 *copy)
{
	struct lfam_tok num;

	if (ref->n < hint->n + 2 || ref->s[hint->n] != '-' ||
	    !lfam_mem_equal(ref->s, hint->s, hint->n))
		return false;
	num.s = ref->s + hint->n + 1;
	num.n = ref->n - hint->n - 1;
	if ((num.n > 1 && num.s[0] == '0') || !lfam_parse_u32(&num, copy))
		return false;
	return *copy < times;
}

/*
 * Find the component a reference (GUID or name hint) means, among the
 * component lines before the current line. Returns its index, -1 if none,
 * -2 if it matches more than one component (a name used twice, or a GUID
 * that the scenario repeats on purpose).
 */
static int lfam_find_ref(const struct lfam_parse *p, const struct lfam_tok *ref)
{
	struct lfam_tok toks[LFA_MAX_TOKENS];
	size_t pos = 0, start, n;
	u8 want[16], guid[16];
	bool by_guid;
	int found = -1, idx = 0;

	by_guid = !lfa_agent_guid_parse(ref->s, ref->n, want);
	while (lfam_next_line(p->text, p->len, &pos, &start, &n) &&
	       start < p->line_start) {
		unsigned int i, gt;
		unsigned int count = lfam_tokenize(p->text + start, n, toks);
		u32 times, copy;

		if (count > LFA_MAX_TOKENS ||
		    !lfam_component_line(toks, count, &times, &gt) ||
		    lfa_agent_guid_parse(toks[gt].s, toks[gt].n, guid))
			continue;	/* errors are reported on their own line */
		if (by_guid) {
			u64 node = lfam_guid_node(guid);
			u64 w = lfam_guid_node(want);

			if (lfam_mem_equal(want, guid, 10) && w >= node &&
			    w - node < times) {
				if (found >= 0)
					return -2;
				found = idx + (int)(w - node);
			}
			idx += (int)times;
			continue;
		}
		for (i = gt + 1; i < count; i++) {
			struct lfam_tok key, val;

			if (!lfam_tok_split(&toks[i], &key, &val) ||
			    !lfam_tok_is(&key, "name"))
				continue;
			if (times == 1 && val.n == ref->n &&
			    lfam_mem_equal(val.s, ref->s, ref->n)) {
				if (found >= 0)
					return -2;
				found = idx;
			} else if (times > 1 &&
				   lfam_ref_is_copy(ref, &val, times, &copy)) {
				if (found >= 0)
					return -2;
				found = idx + (int)copy;
			}
		}
		idx += (int)times;
	}
	return found;
}

static int lfam_ref(struct lfam_parse *p, const struct lfam_tok *ref,
		    unsigned int *out)
{
	int idx = lfam_find_ref(p, ref);

	if (idx == -2)
		return lfam_fail(p, "reference matches several components, use a unique name",
				 ref);
	if (idx < 0)
		return lfam_fail(p, "no component declared before with GUID or name",
				ref);
	*out = (unsigned int)idx;
	return 0;
}

/*
 * One key of a component line (or of an on_activate/on_failure "set"):
 * fills @c and adds the LFA_CHANGE_* bit of the key to @set.
 */
static int lfam_parse_component_key(struct lfam_parse *p,
				    struct lfa_agent_component *c,
				    const struct lfam_tok *t, u32 *set)
{
	struct lfam_tok key, val;
	u32 maj, min;

	if (lfam_tok_is(t, "hidden")) {
		c->present = false;
		*set |= LFA_CHANGE_PRESENT;
		return 0;
	}
	if (!lfam_tok_split(t, &key, &val))
		return lfam_fail(p, "expected key=value or 'hidden', got", t);
	if (lfam_tok_is(&key, "name")) {
		if (!lfam_valid_name(&val))
			return lfam_fail(p, "name must be 1-31 characters of [A-Za-z0-9._-], got",
					 &val);
		lfam_zero(c->name, sizeof(c->name));
		lfam_msg_strn(&(struct lfam_msg){ c->name, sizeof(c->name), 0 },
			      val.s, val.n);
	} else if (lfam_tok_is(&key, "current") || lfam_tok_is(&key, "pending")) {
		if (!lfam_parse_version(&val, &maj, &min))
			return lfam_fail(p, "version must be MAJOR.MINOR (32-bit each), got",
					 &val);
		if (lfam_tok_is(&key, "current")) {
			c->current_version = LFA_VERSION_MAKE(maj, min);
			*set |= LFA_CHANGE_CURRENT;
		} else {
			c->pending_version = LFA_VERSION_MAKE(maj, min);
			c->pending = true;
			*set |= LFA_CHANGE_PENDING_VERSION | LFA_CHANGE_PENDING;
		}
	} else if (lfam_tok_is(&key, "pending_flag")) {
		if (!lfam_parse_bool(&val, &c->pending))
			return lfam_fail(p, "pending_flag must be 0 or 1, got", &val);
		*set |= LFA_CHANGE_PENDING;
	} else if (lfam_tok_is(&key, "reserved_flags")) {
		if (!lfam_parse_hex64(&val, &c->reserved_flags) ||
		    (c->reserved_flags & 0xfULL))
			return lfam_fail(p, "reserved_flags must be 0x... with bits 0-3 clear, got",
					 &val);
		*set |= LFA_CHANGE_RESERVED_FLAGS;
	} else if (lfam_tok_is(&key, "capable")) {
		if (!lfam_parse_bool(&val, &c->capable))
			return lfam_fail(p, "capable must be 0 or 1, got", &val);
		*set |= LFA_CHANGE_CAPABLE;
	} else if (lfam_tok_is(&key, "may_reset_cpu")) {
		if (!lfam_parse_bool(&val, &c->may_reset_cpu))
			return lfam_fail(p, "may_reset_cpu must be 0 or 1, got", &val);
		*set |= LFA_CHANGE_MAY_RESET_CPU;
	} else if (lfam_tok_is(&key, "present")) {
		if (!lfam_parse_bool(&val, &c->present))
			return lfam_fail(p, "present must be 0 or 1, got", &val);
		*set |= LFA_CHANGE_PRESENT;
	} else if (lfam_tok_is(&key, "rendezvous")) {
		if (lfam_tok_is(&val, "required"))
			c->rendezvous_optional = false;
		else if (lfam_tok_is(&val, "optional"))
			c->rendezvous_optional = true;
		else
			return lfam_fail(p, "rendezvous must be 'required' or 'optional', got",
					 &val);
		*set |= LFA_CHANGE_RENDEZVOUS;
	} else if (lfam_tok_is(&key, "prime_steps") ||
		   lfam_tok_is(&key, "activate_steps")) {
		u32 steps;

		if (!lfam_parse_u32(&val, &steps) || steps > LFA_MAX_STEPS)
			return lfam_fail(p, "steps must be a number 0..1000000, got",
					 &val);
		if (lfam_tok_is(&key, "prime_steps"))
			c->prime_steps = steps;
		else
			c->activate_steps = steps;
	} else {
		return lfam_fail(p, "unknown component key", &key);
	}
	return 0;
}

/* copy @i of @times: GUID node + i, name hint "-i" when repeated */
static void lfam_component_copy(struct lfa_agent_component *dst,
				const struct lfa_agent_component *src, u32 i,
				u32 times)
{
	struct lfam_msg m;

	*dst = *src;
	lfam_guid_set_node(dst->guid, lfam_guid_node(src->guid) + i);
	if (!src->name[0] || times == 1)
		return;
	lfam_msg_init(&m, dst->name, sizeof(dst->name));
	lfam_msg_str(&m, src->name);
	lfam_msg_str(&m, "-");
	lfam_msg_uint(&m, i);
}

/* [repeat N] component <GUID> [key=value ...] */
static int lfam_parse_component(struct lfam_parse *p,
				const struct lfam_tok *toks, unsigned int count)
{
	struct lfa_agent_component local;
	unsigned int i, gt;
	u32 times, set = 0;

	if (!lfam_component_line(toks, count, &times, &gt)) {
		if (lfam_tok_is(&toks[0], "repeat"))
			return lfam_fail(p, "usage: repeat N component <GUID> [key=value ...]",
					 NULL);
		return lfam_fail(p, "component needs a GUID", NULL);
	}
	if (times > LFA_AGENT_MAX_COMPONENTS ||
	    p->ncomponents + times > LFA_AGENT_MAX_COMPONENTS)
		return lfam_fail(p, "too many components for LFA_AGENT_MAX_COMPONENTS",
				 NULL);
	lfam_zero(&local, sizeof(local));
	local.capable = true;
	local.present = true;
	if (lfa_agent_guid_parse(toks[gt].s, toks[gt].n, local.guid))
		return lfam_fail(p, "not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
				 &toks[gt]);
	if (LFA_GUID_NODE_MAX - lfam_guid_node(local.guid) < times - 1)
		return lfam_fail(p, "repeat runs past the GUID's last 12 hex digits",
				 &toks[gt]);
	for (i = gt + 1; i < count; i++) {
		if (lfam_parse_component_key(p, &local, &toks[i], &set))
			return -1;
	}
	if (local.pending && !local.capable)
		return lfam_fail(p, "a pending image needs capable=1", NULL);
	/* room for "-<copy>" after a repeated name hint */
	if (times > 1 && local.name[0] &&
	    lfam_strlen(local.name) + 11 > LFA_AGENT_NAME_LEN)
		return lfam_fail(p, "name of repeated components must be at most 20 characters",
				 NULL);
	for (i = 0; i < times && p->agent; i++)
		lfam_component_copy(&p->agent->components[p->ncomponents + i],
				    &local, i, times);
	p->ncomponents += times;
	return 0;
}

static int lfam_parse_fault_fn(struct lfam_parse *p, const struct lfam_tok *t,
			       struct lfa_agent_fault *f)
{
	static const char * const names[] = {
		[LFA_FAULT_FN_GET_INVENTORY] = "get_inventory",
		[LFA_FAULT_FN_PRIME] = "prime",
		[LFA_FAULT_FN_ACTIVATE] = "activate",
		[LFA_FAULT_FN_CANCEL] = "cancel",
		[LFA_FAULT_FN_STAGE] = "stage",
		[LFA_FAULT_FN_VERSION] = "version",
		[LFA_FAULT_FN_FEATURES] = "features",
		[LFA_FAULT_FN_GET_INFO] = "get_info",
	};
	unsigned int i;

	for (i = 0; i < LFA_ARRAY_SIZE(names); i++) {
		if (lfam_tok_is(t, names[i])) {
			f->fn = (u8)i;
			return 0;
		}
	}
	return lfam_fail(p, "function must be an LFA call or stage, got",
			 t);
}

static int lfam_parse_fault_action(struct lfam_parse *p,
				   const struct lfam_tok *t,
				   struct lfa_agent_fault *f)
{
	struct lfam_tok key, val;
	bool steps_fn = f->fn == LFA_FAULT_FN_PRIME ||
			f->fn == LFA_FAULT_FN_ACTIVATE;

	if (lfam_tok_is(t, "stall")) {
		if (!steps_fn)
			return lfam_fail(p, "stall only applies to prime and activate",
					 NULL);
		f->kind = LFA_FAULT_STALL;
		f->always = true;
		return 0;
	}
	if (lfam_tok_is(t, "gone")) {
		if (f->fn == LFA_FAULT_FN_STAGE)
			return lfam_fail(p, "gone applies to SMC calls, not stage",
					 NULL);
		f->kind = LFA_FAULT_GONE;
		return 0;
	}
	if (!lfam_tok_split(t, &key, &val))
		return lfam_fail(p, "action must be status=X, call_again=N, stall or gone, got",
				 t);
	if (lfam_tok_is(&key, "status")) {
		f->kind = LFA_FAULT_STATUS;
		if (f->fn == LFA_FAULT_FN_STAGE) {
			if (!lfam_parse_stage_error(&val, &f->status))
				return lfam_fail(p, "stage status must be e.g. hw-error, got",
						 &val);
		} else if (!lfam_parse_status(&val, &f->status)) {
			return lfam_fail(p, "status must be an LFA status name or -1..-11, got",
					 &val);
		}
		return 0;
	}
	if (lfam_tok_is(&key, "call_again")) {
		if (!steps_fn)
			return lfam_fail(p, "call_again only applies to prime and activate",
					 NULL);
		f->kind = LFA_FAULT_CALL_AGAIN;
		if (!lfam_parse_u32(&val, &f->remaining) || !f->remaining ||
		    f->remaining > LFA_MAX_STEPS)
			return lfam_fail(p, "call_again must be a number 1..1000000, got",
					 &val);
		return 0;
	}
	return lfam_fail(p, "unknown fault action", &key);
}

/* once | always | times=N | after=N, after the action */
static int lfam_parse_fault_option(struct lfam_parse *p,
				   const struct lfam_tok *t,
				   struct lfa_agent_fault *f)
{
	struct lfam_tok key, val;
	bool has_value = lfam_tok_split(t, &key, &val);

	if (has_value && lfam_tok_is(&key, "after")) {
		if (f->fn != LFA_FAULT_FN_PRIME && f->fn != LFA_FAULT_FN_ACTIVATE)
			return lfam_fail(p, "after=N only applies to prime and activate",
					 NULL);
		if (!lfam_parse_u32(&val, &f->after) || f->after > LFA_MAX_STEPS)
			return lfam_fail(p, "after must be a number 0..1000000, got",
					 &val);
		return 0;
	}
	if (f->kind != LFA_FAULT_STATUS && f->kind != LFA_FAULT_GONE)
		return lfam_fail(p, "only status and gone faults take once/always/times=N, got",
				 t);
	if (lfam_tok_is(t, "once")) {
		f->remaining = 1;
		return 0;
	}
	if (lfam_tok_is(t, "always")) {
		f->always = true;
		return 0;
	}
	if (has_value && lfam_tok_is(&key, "times")) {
		if (!lfam_parse_u32(&val, &f->remaining) || !f->remaining)
			return lfam_fail(p, "times must be a positive number, got",
					 &val);
		return 0;
	}
	return lfam_fail(p, "option must be once, always, times=N or after=N, got",
			 t);
}

/* agent-wide calls have no component: only "*" names them */
static bool lfam_fault_fn_agent_wide(u8 fn)
{
	return fn == LFA_FAULT_FN_VERSION || fn == LFA_FAULT_FN_FEATURES ||
	       fn == LFA_FAULT_FN_GET_INFO;
}

/* fault <component>|* <function> <action> [once|always|times=N] [after=N] */
static int lfam_parse_fault(struct lfam_parse *p, const struct lfam_tok *toks,
			    unsigned int count)
{
	struct lfa_agent_fault local, *f;
	unsigned int comp = 0, i;

	if (count < 4 || count > 6)
		return lfam_fail(p, "usage: fault <component>|* <function> <action> [...]",
				 NULL);
	if (p->nfaults >= LFA_AGENT_MAX_FAULTS)
		return lfam_fail(p, "too many faults for LFA_AGENT_MAX_FAULTS", NULL);
	f = p->agent ? &p->agent->faults[p->nfaults] : &local;
	lfam_zero(f, sizeof(*f));
	f->remaining = 1;
	if (lfam_parse_fault_fn(p, &toks[2], f))
		return -1;
	if (lfam_tok_is(&toks[1], "*")) {
		comp = LFA_FAULT_ANY_COMPONENT;
	} else if (lfam_fault_fn_agent_wide(f->fn)) {
		return lfam_fail(p, "version, features and get_info faults take '*' as component",
				 NULL);
	} else if (lfam_ref(p, &toks[1], &comp)) {
		return -1;
	}
	f->component = (u16)comp;
	if (lfam_parse_fault_action(p, &toks[3], f))
		return -1;
	for (i = 4; i < count; i++) {
		if (lfam_parse_fault_option(p, &toks[i], f))
			return -1;
	}
	p->nfaults++;
	return 0;
}

/*
 * on_activate|on_failure <component> appear|vanish <component>
 * on_activate|on_failure <component> set <component> key=value ...
 */
static int lfam_parse_change(struct lfam_parse *p, const struct lfam_tok *toks,
			     unsigned int count)
{
	struct lfa_agent_change local, *ch;
	struct lfa_agent_component values;
	unsigned int trigger = 0, target = 0, i;
	bool set = count >= 5 && lfam_tok_is(&toks[2], "set");

	if (count != 4 && !set)
		return lfam_fail(p, "usage: on_activate <comp> appear|vanish|set <comp> ...",
				 NULL);
	if (p->nchanges >= LFA_AGENT_MAX_CHANGES)
		return lfam_fail(p, "too many changes for LFA_AGENT_MAX_CHANGES",
				 NULL);
	ch = p->agent ? &p->agent->changes[p->nchanges] : &local;
	lfam_zero(ch, sizeof(*ch));
	if (lfam_ref(p, &toks[1], &trigger) || lfam_ref(p, &toks[3], &target))
		return -1;
	ch->on_failure = lfam_tok_is(&toks[0], "on_failure");
	if (lfam_tok_is(&toks[2], "appear") || lfam_tok_is(&toks[2], "vanish")) {
		ch->appear = lfam_tok_is(&toks[2], "appear");
		ch->set = LFA_CHANGE_PRESENT;
	} else if (set) {
		lfam_zero(&values, sizeof(values));
		for (i = 4; i < count; i++) {
			if (lfam_parse_component_key(p, &values, &toks[i],
						     &ch->set))
				return -1;
		}
		if (!ch->set)
			return lfam_fail(p, "set needs inventory keys (current, ...)",
					 NULL);
		ch->current_version = values.current_version;
		ch->pending_version = values.pending_version;
		ch->reserved_flags = values.reserved_flags;
		ch->pending = values.pending;
		ch->capable = values.capable;
		ch->may_reset_cpu = values.may_reset_cpu;
		ch->rendezvous_optional = values.rendezvous_optional;
		ch->appear = values.present;
	} else {
		return lfam_fail(p, "expected appear, vanish or set, got", &toks[2]);
	}
	ch->trigger = (u16)trigger;
	ch->target = (u16)target;
	p->nchanges++;
	return 0;
}

/* lfa_version MAJOR.MINOR: the LFA_VERSION answer */
static int lfam_parse_agent_version(struct lfam_parse *p,
				    const struct lfam_tok *toks,
				    unsigned int count)
{
	u32 maj, min;

	if (count != 2 || !lfam_parse_version(&toks[1], &maj, &min) ||
	    maj > 0x7fff || min > 0xffff)
		return lfam_fail(p, "usage: lfa_version MAJOR.MINOR (major < 32768, minor < 65536)",
				 NULL);
	if (p->agent)
		p->agent->version = (maj << 16) | min;
	return 0;
}

/* versions none|written: whether GET_INVENTORY writes x4/x5 */
static int lfam_parse_versions(struct lfam_parse *p,
			       const struct lfam_tok *toks, unsigned int count)
{
	bool none;

	if (count != 2 || (!lfam_tok_is(&toks[1], "none") &&
			   !lfam_tok_is(&toks[1], "written")))
		return lfam_fail(p, "usage: versions none|written", NULL);
	none = lfam_tok_is(&toks[1], "none");
	if (p->agent)
		p->agent->versions_unwritten = none;
	return 0;
}

static int lfam_parse_line(struct lfam_parse *p, const char *s, size_t n)
{
	struct lfam_tok toks[LFA_MAX_TOKENS];
	unsigned int count = lfam_tokenize(s, n, toks);
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\0')
			return lfam_fail(p, "NUL byte in scenario text", NULL);
	}
	if (!count)
		return 0;
	if (count > LFA_MAX_TOKENS)
		return lfam_fail(p, "too many words on one line", NULL);
	if (lfam_tok_is(&toks[0], "component") ||
	    lfam_tok_is(&toks[0], "repeat"))
		return lfam_parse_component(p, toks, count);
	if (lfam_tok_is(&toks[0], "fault"))
		return lfam_parse_fault(p, toks, count);
	if (lfam_tok_is(&toks[0], "on_activate") ||
	    lfam_tok_is(&toks[0], "on_failure"))
		return lfam_parse_change(p, toks, count);
	if (lfam_tok_is(&toks[0], "lfa_version"))
		return lfam_parse_agent_version(p, toks, count);
	if (lfam_tok_is(&toks[0], "versions"))
		return lfam_parse_versions(p, toks, count);
	return lfam_fail(p, "unknown statement", &toks[0]);
}

static int lfam_parse_all(struct lfam_parse *p)
{
	size_t pos = 0, start, n;

	p->line = 0;
	while (lfam_next_line(p->text, p->len, &pos, &start, &n)) {
		p->line++;
		p->line_start = start;
		if (lfam_parse_line(p, p->text + start, n))
			return -1;
	}
	return 0;
}

int lfa_agent_load_scenario(struct lfa_agent *agent, const char *text,
			    size_t len, char *err, size_t errlen)
{
	struct lfam_parse p;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!text)
		len = 0;
	lfam_zero(&p, sizeof(p));
	p.text = text;
	p.len = len;
	p.err = err;
	p.errlen = errlen;
	if (lfam_parse_all(&p))
		return -1;

	if (agent->plat.lock)
		agent->plat.lock(agent->plat.ctx);
	if (agent->rdv_arrived) {
		struct lfam_msg m;

		lfam_msg_init(&m, err, errlen);
		lfam_msg_str(&m, "busy: CPUs are inside ACTIVATE");
		ret = -1;
	} else {
		lfam_zero(&p, sizeof(p));
		p.agent = agent;
		p.text = text;
		p.len = len;
		p.err = err;
		p.errlen = errlen;
		/* a new scenario is a platform reset: the agent is back */
		agent->version = (LFA_VERSION_MAJOR << 16) | LFA_VERSION_MINOR;
		agent->versions_unwritten = false;
		agent->gone = false;
		agent->rdv_last_gathered = 0;
		lfa_agent_reset_activation(agent);
		/* cannot fail: the same text passed the checking pass */
		ret = lfam_parse_all(&p);
		agent->ncomponents = p.ncomponents;
		agent->nfaults = p.nfaults;
		agent->nchanges = p.nchanges;
		agent->stagings = 0;
		agent->rendezvous_rounds = 0;
	}
	if (agent->plat.unlock)
		agent->plat.unlock(agent->plat.ctx);
	if (!ret)
		lfa_agent_log(agent, "scenario loaded");
	return ret;
}
