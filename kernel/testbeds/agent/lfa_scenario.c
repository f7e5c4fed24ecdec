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

#define LFA_MAX_TOKENS		12
#define LFA_MAX_STEPS		1000000U

struct lfa_tok {
	const char *s;
	size_t n;
};

struct lfa_parse {
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

static bool lfa_tok_is(const struct lfa_tok *t, const char *word)
{
	size_t n = lfa_strlen(word);

	return t->n == n && lfa_mem_equal(t->s, word, n);
}

static char lfa_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool lfa_tok_is_nocase(const struct lfa_tok *t, const char *word)
{
	size_t i, n = lfa_strlen(word);

	if (t->n != n)
		return false;
	for (i = 0; i < n; i++) {
		if (lfa_lower(t->s[i]) != lfa_lower(word[i]))
			return false;
	}
	return true;
}

/* split "key=value"; false when there is no '=' */
static bool lfa_tok_split(const struct lfa_tok *t, struct lfa_tok *key,
			  struct lfa_tok *val)
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

static int lfa_fail(struct lfa_parse *p, const char *what,
		    const struct lfa_tok *t)
{
	struct lfa_msg m;

	lfa_msg_init(&m, p->err, p->errlen);
	lfa_msg_str(&m, "line ");
	lfa_msg_uint(&m, p->line);
	lfa_msg_str(&m, ": ");
	lfa_msg_str(&m, what);
	if (t) {
		lfa_msg_str(&m, " '");
		lfa_msg_strn(&m, t->s, t->n > 40 ? 40 : t->n);
		lfa_msg_str(&m, t->n > 40 ? "...'" : "'");
	}
	return -1;
}

/* the line starting at *pos (without its newline); false at the end */
static bool lfa_next_line(const char *text, size_t len, size_t *pos,
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

static bool lfa_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* tokens of one line, comments removed; returns LFA_MAX_TOKENS + 1 if too many */
static unsigned int lfa_tokenize(const char *s, size_t n, struct lfa_tok *toks)
{
	unsigned int count = 0;
	size_t i = 0;

	while (i < n) {
		size_t start;

		while (i < n && lfa_is_space(s[i]))
			i++;
		if (i >= n || s[i] == '#')
			break;
		start = i;
		while (i < n && !lfa_is_space(s[i]) && s[i] != '#')
			i++;
		if (count == LFA_MAX_TOKENS)
			return LFA_MAX_TOKENS + 1;
		toks[count].s = s + start;
		toks[count].n = i - start;
		count++;
	}
	return count;
}

static bool lfa_parse_u32(const struct lfa_tok *t, u32 *out)
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

static bool lfa_parse_bool(const struct lfa_tok *t, bool *out)
{
	if (lfa_tok_is(t, "1") || lfa_tok_is(t, "yes") ||
	    lfa_tok_is(t, "true")) {
		*out = true;
		return true;
	}
	if (lfa_tok_is(t, "0") || lfa_tok_is(t, "no") ||
	    lfa_tok_is(t, "false")) {
		*out = false;
		return true;
	}
	return false;
}

/* "M.N" with both parts fitting in 32 bits */
static bool lfa_parse_version(const struct lfa_tok *t, u32 *maj, u32 *min)
{
	struct lfa_tok a, b;
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
	return lfa_parse_u32(&a, maj) && lfa_parse_u32(&b, min);
}

static bool lfa_parse_status(const struct lfa_tok *t, s32 *out)
{
	struct lfa_tok name = *t;
	s32 code;

	if (t->n >= 2 && t->s[0] == '-') {
		struct lfa_tok num = { t->s + 1, t->n - 1 };
		u32 v;

		if (!lfa_parse_u32(&num, &v) || v < 1 || v > -LFA_STATUS_MIN)
			return false;
		*out = -(s32)v;
		return true;
	}
	if (name.n > 4 && lfa_tok_is_nocase(&(struct lfa_tok){ name.s, 4 },
					    "lfa_")) {
		name.s += 4;
		name.n -= 4;
	}
	for (code = -1; code >= LFA_STATUS_MIN; code--) {
		if (lfa_tok_is_nocase(&name, lfa_agent_status_name(code))) {
			*out = code;
			return true;
		}
	}
	return false;
}

/* injectable staging errors, by their fw_upload names */
static bool lfa_parse_stage_error(const struct lfa_tok *t, s32 *out)
{
	static const int codes[] = {
		LFA_STAGE_EBUSY, LFA_STAGE_EHW, LFA_STAGE_ETIMEOUT,
		LFA_STAGE_EFLASH_WEAROUT, LFA_STAGE_EIO, LFA_STAGE_ESIZE,
	};
	unsigned int i;

	for (i = 0; i < LFA_ARRAY_SIZE(codes); i++) {
		if (lfa_tok_is(t, lfa_agent_stage_error_name(codes[i]))) {
			*out = codes[i];
			return true;
		}
	}
	return false;
}

static bool lfa_valid_name(const struct lfa_tok *t)
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

/*
 * Find the component a reference (GUID or name hint) means, among the
 * component lines before the current line. Returns its index, -1 if none,
 * -2 if a name matches more than one component.
 */
static int lfa_find_ref(const struct lfa_parse *p, const struct lfa_tok *ref)
{
	struct lfa_tok toks[LFA_MAX_TOKENS];
	size_t pos = 0, start, n;
	u8 want[16], guid[16];
	bool by_guid;
	int found = -1, idx = 0;

	by_guid = !lfa_agent_guid_parse(ref->s, ref->n, want);
	while (lfa_next_line(p->text, p->len, &pos, &start, &n) &&
	       start < p->line_start) {
		unsigned int i, count = lfa_tokenize(p->text + start, n, toks);

		if (count < 2 || count > LFA_MAX_TOKENS ||
		    !lfa_tok_is(&toks[0], "component"))
			continue;
		if (lfa_agent_guid_parse(toks[1].s, toks[1].n, guid))
			continue;	/* reported on its own line */
		if (by_guid) {
			if (lfa_mem_equal(want, guid, 16))
				return idx;
			idx++;
			continue;
		}
		for (i = 2; i < count; i++) {
			struct lfa_tok key, val;

			if (lfa_tok_split(&toks[i], &key, &val) &&
			    lfa_tok_is(&key, "name") && val.n == ref->n &&
			    lfa_mem_equal(val.s, ref->s, ref->n)) {
				if (found >= 0)
					return -2;
				found = idx;
			}
		}
		idx++;
	}
	return found;
}

static int lfa_ref(struct lfa_parse *p, const struct lfa_tok *ref,
		   unsigned int *out)
{
	int idx = lfa_find_ref(p, ref);

	if (idx == -2)
		return lfa_fail(p, "name hint matches several components, use the GUID",
				ref);
	if (idx < 0)
		return lfa_fail(p, "no component declared before with GUID or name",
				ref);
	*out = (unsigned int)idx;
	return 0;
}

static int lfa_parse_component_key(struct lfa_parse *p,
				   struct lfa_agent_component *c,
				   const struct lfa_tok *t)
{
	struct lfa_tok key, val;
	u32 maj, min;

	if (lfa_tok_is(t, "hidden")) {
		c->present = false;
		return 0;
	}
	if (!lfa_tok_split(t, &key, &val))
		return lfa_fail(p, "expected key=value or 'hidden', got", t);
	if (lfa_tok_is(&key, "name")) {
		if (!lfa_valid_name(&val))
			return lfa_fail(p, "name must be 1-31 characters of [A-Za-z0-9._-], got",
					&val);
		lfa_zero(c->name, sizeof(c->name));
		lfa_msg_strn(&(struct lfa_msg){ c->name, sizeof(c->name), 0 },
			     val.s, val.n);
	} else if (lfa_tok_is(&key, "current") || lfa_tok_is(&key, "pending")) {
		if (!lfa_parse_version(&val, &maj, &min))
			return lfa_fail(p, "version must be MAJOR.MINOR (32-bit each), got",
					&val);
		if (lfa_tok_is(&key, "current")) {
			c->current_version = LFA_VERSION_MAKE(maj, min);
		} else {
			c->pending_version = LFA_VERSION_MAKE(maj, min);
			c->pending = true;
		}
	} else if (lfa_tok_is(&key, "capable")) {
		if (!lfa_parse_bool(&val, &c->capable))
			return lfa_fail(p, "capable must be 0 or 1, got", &val);
	} else if (lfa_tok_is(&key, "may_reset_cpu")) {
		if (!lfa_parse_bool(&val, &c->may_reset_cpu))
			return lfa_fail(p, "may_reset_cpu must be 0 or 1, got", &val);
	} else if (lfa_tok_is(&key, "present")) {
		if (!lfa_parse_bool(&val, &c->present))
			return lfa_fail(p, "present must be 0 or 1, got", &val);
	} else if (lfa_tok_is(&key, "rendezvous")) {
		if (lfa_tok_is(&val, "required"))
			c->rendezvous_optional = false;
		else if (lfa_tok_is(&val, "optional"))
			c->rendezvous_optional = true;
		else
			return lfa_fail(p, "rendezvous must be 'required' or 'optional', got",
					&val);
	} else if (lfa_tok_is(&key, "prime_steps") ||
		   lfa_tok_is(&key, "activate_steps")) {
		u32 steps;

		if (!lfa_parse_u32(&val, &steps) || steps > LFA_MAX_STEPS)
			return lfa_fail(p, "steps must be a number 0..1000000, got",
					&val);
		if (lfa_tok_is(&key, "prime_steps"))
			c->prime_steps = steps;
		else
			c->activate_steps = steps;
	} else {
		return lfa_fail(p, "unknown component key", &key);
	}
	return 0;
}

static int lfa_parse_component(struct lfa_parse *p, const struct lfa_tok *toks,
			       unsigned int count)
{
	struct lfa_agent_component local, *c;
	unsigned int i;

	if (count < 2)
		return lfa_fail(p, "component needs a GUID", NULL);
	if (p->ncomponents >= LFA_AGENT_MAX_COMPONENTS)
		return lfa_fail(p, "too many components for LFA_AGENT_MAX_COMPONENTS",
				NULL);
	c = p->agent ? &p->agent->components[p->ncomponents] : &local;
	lfa_zero(c, sizeof(*c));
	c->capable = true;
	c->present = true;
	if (lfa_agent_guid_parse(toks[1].s, toks[1].n, c->guid))
		return lfa_fail(p, "not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
				&toks[1]);
	if (!p->agent && lfa_find_ref(p, &toks[1]) >= 0)
		return lfa_fail(p, "duplicate component", &toks[1]);
	for (i = 2; i < count; i++) {
		if (lfa_parse_component_key(p, c, &toks[i]))
			return -1;
	}
	if (c->pending && !c->capable)
		return lfa_fail(p, "a pending version needs capable=1", NULL);
	p->ncomponents++;
	return 0;
}

static int lfa_parse_fault_fn(struct lfa_parse *p, const struct lfa_tok *t,
			      struct lfa_agent_fault *f)
{
	static const char * const names[] = {
		[LFA_FAULT_FN_GET_INVENTORY] = "get_inventory",
		[LFA_FAULT_FN_PRIME] = "prime",
		[LFA_FAULT_FN_ACTIVATE] = "activate",
		[LFA_FAULT_FN_CANCEL] = "cancel",
		[LFA_FAULT_FN_STAGE] = "stage",
	};
	unsigned int i;

	for (i = 0; i < LFA_ARRAY_SIZE(names); i++) {
		if (lfa_tok_is(t, names[i])) {
			f->fn = (u8)i;
			return 0;
		}
	}
	return lfa_fail(p, "function must be get_inventory, prime, activate, cancel or stage, got",
			t);
}

static int lfa_parse_fault_action(struct lfa_parse *p, const struct lfa_tok *t,
				  struct lfa_agent_fault *f)
{
	struct lfa_tok key, val;
	bool steps_fn = f->fn == LFA_FAULT_FN_PRIME ||
			f->fn == LFA_FAULT_FN_ACTIVATE;

	if (lfa_tok_is(t, "stall")) {
		if (!steps_fn)
			return lfa_fail(p, "stall only applies to prime and activate",
					NULL);
		f->kind = LFA_FAULT_STALL;
		f->always = true;
		return 0;
	}
	if (!lfa_tok_split(t, &key, &val))
		return lfa_fail(p, "action must be status=X, call_again=N or stall, got",
				t);
	if (lfa_tok_is(&key, "status")) {
		f->kind = LFA_FAULT_STATUS;
		if (f->fn == LFA_FAULT_FN_STAGE) {
			if (!lfa_parse_stage_error(&val, &f->status))
				return lfa_fail(p, "stage status must be e.g. hw-error, got",
						&val);
		} else if (!lfa_parse_status(&val, &f->status)) {
			return lfa_fail(p, "status must be an LFA status name or -1..-11, got",
					&val);
		}
		return 0;
	}
	if (lfa_tok_is(&key, "call_again")) {
		if (!steps_fn)
			return lfa_fail(p, "call_again only applies to prime and activate",
					NULL);
		f->kind = LFA_FAULT_CALL_AGAIN;
		if (!lfa_parse_u32(&val, &f->remaining) || !f->remaining ||
		    f->remaining > LFA_MAX_STEPS)
			return lfa_fail(p, "call_again must be a number 1..1000000, got",
					&val);
		return 0;
	}
	return lfa_fail(p, "unknown fault action", &key);
}

static int lfa_parse_fault_repeat(struct lfa_parse *p, const struct lfa_tok *t,
				  struct lfa_agent_fault *f)
{
	struct lfa_tok key, val;

	if (f->kind != LFA_FAULT_STATUS)
		return lfa_fail(p, "only status faults take once/always/times=N, got",
				t);
	if (lfa_tok_is(t, "once")) {
		f->remaining = 1;
		return 0;
	}
	if (lfa_tok_is(t, "always")) {
		f->always = true;
		return 0;
	}
	if (lfa_tok_split(t, &key, &val) && lfa_tok_is(&key, "times")) {
		if (!lfa_parse_u32(&val, &f->remaining) || !f->remaining)
			return lfa_fail(p, "times must be a positive number, got",
					&val);
		return 0;
	}
	return lfa_fail(p, "repeat must be once, always or times=N, got", t);
}

/* fault <component> <function> <action> [once|always|times=N] */
static int lfa_parse_fault(struct lfa_parse *p, const struct lfa_tok *toks,
			   unsigned int count)
{
	struct lfa_agent_fault local, *f;
	unsigned int comp = 0;

	if (count < 4 || count > 5)
		return lfa_fail(p, "usage: fault <component> <function> <action> [repeat]",
				NULL);
	if (p->nfaults >= LFA_AGENT_MAX_FAULTS)
		return lfa_fail(p, "too many faults for LFA_AGENT_MAX_FAULTS", NULL);
	f = p->agent ? &p->agent->faults[p->nfaults] : &local;
	lfa_zero(f, sizeof(*f));
	f->remaining = 1;
	if (lfa_ref(p, &toks[1], &comp))
		return -1;
	f->component = (u16)comp;
	if (lfa_parse_fault_fn(p, &toks[2], f) ||
	    lfa_parse_fault_action(p, &toks[3], f))
		return -1;
	if (count == 5 && lfa_parse_fault_repeat(p, &toks[4], f))
		return -1;
	p->nfaults++;
	return 0;
}

/* on_activate <component> appear|vanish <component> */
static int lfa_parse_change(struct lfa_parse *p, const struct lfa_tok *toks,
			    unsigned int count)
{
	struct lfa_agent_change local, *ch;
	unsigned int trigger = 0, target = 0;

	if (count != 4)
		return lfa_fail(p, "usage: on_activate <component> appear|vanish <component>",
				NULL);
	if (p->nchanges >= LFA_AGENT_MAX_CHANGES)
		return lfa_fail(p, "too many on_activate lines for LFA_AGENT_MAX_CHANGES",
				NULL);
	ch = p->agent ? &p->agent->changes[p->nchanges] : &local;
	if (lfa_ref(p, &toks[1], &trigger) || lfa_ref(p, &toks[3], &target))
		return -1;
	if (lfa_tok_is(&toks[2], "appear"))
		ch->appear = true;
	else if (lfa_tok_is(&toks[2], "vanish"))
		ch->appear = false;
	else
		return lfa_fail(p, "expected appear or vanish, got", &toks[2]);
	ch->trigger = (u16)trigger;
	ch->target = (u16)target;
	p->nchanges++;
	return 0;
}

/* lfa_version MAJOR.MINOR: the LFA_VERSION answer */
static int lfa_parse_agent_version(struct lfa_parse *p,
				   const struct lfa_tok *toks,
				   unsigned int count)
{
	u32 maj, min;

	if (count != 2 || !lfa_parse_version(&toks[1], &maj, &min) ||
	    maj > 0x7fff || min > 0xffff)
		return lfa_fail(p, "usage: lfa_version MAJOR.MINOR (major < 32768, minor < 65536)",
				NULL);
	if (p->agent)
		p->agent->version = (maj << 16) | min;
	return 0;
}

static int lfa_parse_line(struct lfa_parse *p, const char *s, size_t n)
{
	struct lfa_tok toks[LFA_MAX_TOKENS];
	unsigned int count = lfa_tokenize(s, n, toks);
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\0')
			return lfa_fail(p, "NUL byte in scenario text", NULL);
	}
	if (!count)
		return 0;
	if (count > LFA_MAX_TOKENS)
		return lfa_fail(p, "too many words on one line", NULL);
	if (lfa_tok_is(&toks[0], "component"))
		return lfa_parse_component(p, toks, count);
	if (lfa_tok_is(&toks[0], "fault"))
		return lfa_parse_fault(p, toks, count);
	if (lfa_tok_is(&toks[0], "on_activate"))
		return lfa_parse_change(p, toks, count);
	if (lfa_tok_is(&toks[0], "lfa_version"))
		return lfa_parse_agent_version(p, toks, count);
	return lfa_fail(p, "unknown statement", &toks[0]);
}

static int lfa_parse_all(struct lfa_parse *p)
{
	size_t pos = 0, start, n;

	p->line = 0;
	while (lfa_next_line(p->text, p->len, &pos, &start, &n)) {
		p->line++;
		p->line_start = start;
		if (lfa_parse_line(p, p->text + start, n))
			return -1;
	}
	return 0;
}

int lfa_agent_load_scenario(struct lfa_agent *agent, const char *text,
			    size_t len, char *err, size_t errlen)
{
	struct lfa_parse p;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!text)
		len = 0;
	lfa_zero(&p, sizeof(p));
	p.text = text;
	p.len = len;
	p.err = err;
	p.errlen = errlen;
	if (lfa_parse_all(&p))
		return -1;

	if (agent->plat.lock)
		agent->plat.lock(agent->plat.ctx);
	if (agent->rdv_arrived) {
		struct lfa_msg m;

		lfa_msg_init(&m, err, errlen);
		lfa_msg_str(&m, "busy: CPUs are inside ACTIVATE");
		ret = -1;
	} else {
		lfa_zero(&p, sizeof(p));
		p.agent = agent;
		p.text = text;
		p.len = len;
		p.err = err;
		p.errlen = errlen;
		agent->version = (LFA_VERSION_MAJOR << 16) | LFA_VERSION_MINOR;
		lfa_agent_reset_activation(agent);
		/* cannot fail: the same text passed the checking pass */
		ret = lfa_parse_all(&p);
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
