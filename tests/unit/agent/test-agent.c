// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Host unit tests of the LFA agent model: the SMC state machine, fault
 * injection, inventory changes, the rendezvous under real threads, the
 * scenario parser and image staging.
 */
#include <glib.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include "lfa_agent.h"

#define GUID_A "11111111-2222-3333-4444-555555555555"
#define GUID_B "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
#define GUID_C "47d4086d-4cfe-9846-9b95-2950cbbd5a00"
#define GUID_D "6c0762a6-12f2-4b56-92cb-ba8f633606d9"

struct test_platform {
	pthread_mutex_t mutex;
	unsigned int cpus;
	unsigned int notifies;
	unsigned int logs;
};

static void
test_lock(void *ctx)
{
	struct test_platform *tp = ctx;
	pthread_mutex_lock(&tp->mutex);
}

static void
test_unlock(void *ctx)
{
	struct test_platform *tp = ctx;
	pthread_mutex_unlock(&tp->mutex);
}

static unsigned int
test_online_cpus(void *ctx)
{
	struct test_platform *tp = ctx;
	return tp->cpus;
}

static void
test_relax(void *ctx G_GNUC_UNUSED)
{
	sched_yield();
}

static void
test_notify(void *ctx)
{
	struct test_platform *tp = ctx;
	tp->notifies++;
}

static void
test_log(void *ctx, const char *msg)
{
	struct test_platform *tp = ctx;
	g_assert_nonnull(msg);
	tp->logs++;
}

struct fixture {
	struct test_platform tp;
	struct lfa_agent agent;
};

static struct fixture *
fixture_new(const char *scenario, unsigned int cpus)
{
	struct fixture *fx = g_new0(struct fixture, 1);
	struct lfa_agent_platform plat = {
	    .lock = test_lock,
	    .unlock = test_unlock,
	    .online_cpus = test_online_cpus,
	    .relax = test_relax,
	    .notify = test_notify,
	    .log = test_log,
	    .ctx = &fx->tp,
	};
	char err[256];

	pthread_mutex_init(&fx->tp.mutex, NULL);
	fx->tp.cpus = cpus;
	lfa_agent_init(&fx->agent, &plat);
	if (scenario != NULL) {
		int rc = lfa_agent_load_scenario(&fx->agent, scenario, strlen(scenario),
						 err, sizeof(err));
		if (rc != 0)
			g_error("scenario failed: %s", err);
	}
	return fx;
}

static void
fixture_free(struct fixture *fx)
{
	pthread_mutex_destroy(&fx->tp.mutex);
	g_free(fx);
}

/* one SMC; returns x0 as a signed status, x1 in *x1 if wanted */
static gint64
smc(struct fixture *fx, guint32 fid, guint64 a1, guint64 a2, guint64 a3, guint64 *x1)
{
	u64 in[8] = {fid, a1, a2, a3, 0, 0, 0, 0};
	u64 out[8];

	lfa_agent_smc(&fx->agent, 0, in, out);
	if (x1 != NULL)
		*x1 = out[1];
	return (gint64)out[0];
}

static gint64
prime(struct fixture *fx, guint64 seq, guint64 *x1)
{
	return smc(fx, LFA_FN_PRIME, seq, 0, 0, x1);
}

static gint64
activate(struct fixture *fx, guint64 seq, gboolean skip, guint64 *x1)
{
	return smc(fx, LFA_FN_ACTIVATE, seq, skip ? LFA_SKIP_CPU_RENDEZVOUS : 0, 0, x1);
}

static gint64
cancel(struct fixture *fx, guint64 seq)
{
	return smc(fx, LFA_FN_CANCEL, seq, 0, 0, NULL);
}

static guint64
info_count(struct fixture *fx)
{
	guint64 n = 0;
	g_assert_cmpint(smc(fx, LFA_FN_GET_INFO, 0, 0, 0, &n), ==, LFA_SUCCESS);
	return n;
}

static void
inventory(struct fixture *fx, guint64 seq, char guid_out[37], u64 *flags, u64 *cur, u64 *pend)
{
	u64 in[8] = {LFA_FN_GET_INVENTORY, seq};
	u64 out[8];
	u8 guid[16];

	lfa_agent_smc(&fx->agent, 0, in, out);
	g_assert_cmpint((gint64)out[0], ==, LFA_SUCCESS);
	lfa_agent_guid_from_regs(out[1], out[2], guid);
	lfa_agent_guid_format(guid, guid_out);
	if (flags != NULL)
		*flags = out[3];
	if (cur != NULL)
		*cur = out[4];
	if (pend != NULL)
		*pend = out[5];
}

static const char *basic_scenario =
    "# two components\n"
    "component " GUID_A " name=alpha current=1.2 pending=1.3 rendezvous=optional\n"
    "component " GUID_B " name=beta current=2.0\n"
    "component " GUID_C " name=bl31 current=3.0 pending=3.1 may_reset_cpu=1\n"
    "component " GUID_D " name=bl33 capable=0 current=4.0\n";

static void
test_discovery(void)
{
	struct fixture *fx = fixture_new(basic_scenario, 1);
	char guid[37];
	u64 flags, cur, pend;
	guint64 x1;

	g_assert_cmpint(smc(fx, LFA_FN_VERSION, 0, 0, 0, NULL), ==, 0x10000);
	for (guint32 fid = LFA_FN_FIRST; fid <= LFA_FN_LAST; fid++)
		g_assert_cmpint(smc(fx, LFA_FN_FEATURES, fid, 0, 0, NULL), ==, LFA_SUCCESS);
	g_assert_cmpint(smc(fx, LFA_FN_FEATURES, 0xC40002E7, 0, 0, NULL), ==, LFA_NOT_SUPPORTED);
	g_assert_cmpint(smc(fx, LFA_FN_FEATURES, 0x840002E0, 0, 0, NULL), ==, LFA_NOT_SUPPORTED);
	g_assert_cmpint(smc(fx, 0xC40002F0, 0, 0, 0, NULL), ==, LFA_NOT_SUPPORTED);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INFO, 1, 0, 0, NULL), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpuint(info_count(fx), ==, 4);

	inventory(fx, 0, guid, &flags, &cur, &pend);
	g_assert_cmpstr(guid, ==, GUID_A);
	g_assert_cmpuint(flags, ==,
			 LFA_INV_ACTIVATION_CAPABLE | LFA_INV_ACTIVATION_PENDING |
			     LFA_INV_RENDEZVOUS_OPTIONAL);
	g_assert_cmpuint(cur, ==, LFA_VERSION_MAKE(1, 2));
	g_assert_cmpuint(pend, ==, LFA_VERSION_MAKE(1, 3));
	inventory(fx, 1, guid, &flags, &cur, &pend);
	g_assert_cmpstr(guid, ==, GUID_B);
	g_assert_cmpuint(flags, ==, LFA_INV_ACTIVATION_CAPABLE);
	g_assert_cmpuint(pend, ==, 0);
	inventory(fx, 2, guid, &flags, NULL, NULL);
	g_assert_cmpuint(flags, ==,
			 LFA_INV_ACTIVATION_CAPABLE | LFA_INV_ACTIVATION_PENDING |
			     LFA_INV_MAY_RESET_CPU);
	inventory(fx, 3, guid, &flags, NULL, NULL);
	g_assert_cmpuint(flags, ==, 0);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 4, 0, 0, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 1ULL << 32, 0, 0, &x1), ==,
			LFA_INVALID_PARAMETERS);
	fixture_free(fx);
}

static void
test_guid_registers(void)
{
	/* the contract: byte i of the textual GUID is (x1 >> 8i) & 0xff */
	u8 guid[16];
	u64 x1, x2;
	char text[37];

	g_assert_cmpint(lfa_agent_guid_parse(GUID_C, 36, guid), ==, 0);
	lfa_agent_guid_to_regs(guid, &x1, &x2);
	g_assert_cmphex(x1, ==, 0x4698fe4c6d08d447ULL);
	g_assert_cmphex(x2, ==, 0x005abdcb5029959bULL);
	lfa_agent_guid_from_regs(x1, x2, guid);
	lfa_agent_guid_format(guid, text);
	g_assert_cmpstr(text, ==, GUID_C);
	g_assert_cmpint(lfa_agent_guid_parse("47D4086D-4CFE-9846-9B95-2950CBBD5A00", 36, guid), ==, 0);
	g_assert_cmpint(lfa_agent_guid_parse("47d4086d-4cfe-9846-9b95-2950cbbd5a0", 35, guid), ==, -1);
	g_assert_cmpint(lfa_agent_guid_parse("47d4086d-4cfe-9846-9b95x2950cbbd5a00", 36, guid), ==, -1);
	g_assert_cmpint(lfa_agent_guid_parse("47d4086d-4cfe-9846-9b95-2950cbbd5a0g", 36, guid), ==, -1);
}

static void
test_crc32(void)
{
	g_assert_cmphex(lfa_agent_crc32(0, "123456789", 9), ==, 0xCBF43926U);
	g_assert_cmphex(lfa_agent_crc32(lfa_agent_crc32(0, "1234", 4), "56789", 5), ==,
			0xCBF43926U);
	g_assert_cmphex(lfa_agent_crc32(0, "", 0), ==, 0);
}

static void
test_prime_activate(void)
{
	struct fixture *fx = fixture_new(basic_scenario, 1);
	u64 cur, pend, flags;
	char guid[37];
	guint64 x1;

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	inventory(fx, 0, guid, &flags, &cur, &pend);
	g_assert_cmpuint(cur, ==, LFA_VERSION_MAKE(1, 3));
	g_assert_cmpuint(pend, ==, 0);
	g_assert_false(flags & LFA_INV_ACTIVATION_PENDING);
	g_assert_cmpuint(fx->agent.components[0].activations, ==, 1);
	/* nothing pending any more: PRIME is in the wrong state */
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_WRONG_STATE);
	/* activation needs a completed PRIME */
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	fixture_free(fx);
}

static void
test_prime_rules(void)
{
	struct fixture *fx =
	    fixture_new("component " GUID_A " pending=1.1 prime_steps=2\n"
			"component " GUID_B " pending=2.1\n"
			"component " GUID_D " capable=0\n",
			1);
	guint64 x1;

	g_assert_cmpint(prime(fx, 3, &x1), ==, LFA_INVALID_PARAMETERS);
	/* TF-A: a component that is not activation capable is in the wrong state */
	g_assert_cmpint(prime(fx, 2, &x1), ==, LFA_WRONG_STATE);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	/* another component while one is in progress */
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_WRONG_STATE);
	/* activating a half-primed component */
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_COMPONENT_WRONG_STATE);
	/* activating a component that was not primed */
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	/* once complete, another PRIME answers SUCCESS but changes nothing */
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	g_assert_cmpuint(fx->agent.prime_comp, ==, 0);
	/* the agent stays latched on the first: the second is refused */
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(cancel(fx, 1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_SUCCESS);
	fixture_free(fx);
}

static void
test_skip_rendezvous(void)
{
	struct fixture *fx = fixture_new(basic_scenario, 4);
	guint64 x1;

	/* beta requires a rendezvous: skipping it is an invalid parameter */
	g_assert_cmpint(cancel(fx, 0), ==, LFA_INVALID_PARAMETERS);
	fx->agent.components[1].pending = true;
	fx->agent.components[1].pending_version = LFA_VERSION_MAKE(2, 1);
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 1, TRUE, &x1), ==, LFA_INVALID_PARAMETERS);
	/* the failed request left the PRIME in place */
	g_assert_cmpint(cancel(fx, 1), ==, LFA_SUCCESS);
	/* a rendezvous-required activation cannot switch to skip on call_again */
	fx->agent.components[1].activate_steps = 1;
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	fx->tp.cpus = 1;
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	g_assert_cmpint(activate(fx, 1, TRUE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	g_assert_cmpuint(fx->agent.components[1].current_version, ==, LFA_VERSION_MAKE(2, 1));
	fx->tp.cpus = 4;
	/* alpha says optional: one caller does it all, no pen involved */
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(fx->agent.rendezvous_rounds, ==, 2);
	g_assert_cmpuint(fx->agent.components[0].current_version, ==, LFA_VERSION_MAKE(1, 3));
	fixture_free(fx);
}

static void
test_may_reset_cpu(void)
{
	struct fixture *fx = fixture_new(basic_scenario, 1);
	guint64 x1;

	g_assert_cmpint(prime(fx, 2, &x1), ==, LFA_SUCCESS);
	/* an image that resets the CPU needs an entry point */
	g_assert_cmpint(activate(fx, 2, FALSE, &x1), ==, LFA_INVALID_ADDRESS);
	g_assert_cmpint(smc(fx, LFA_FN_ACTIVATE, 2, 0, 0x80000000, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(fx->agent.components[2].current_version, ==, LFA_VERSION_MAKE(3, 1));
	fixture_free(fx);
}

static void
test_call_again_counts(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " pending=1.1 prime_steps=3 "
					 "activate_steps=1\n"
					 "fault " GUID_A " activate call_again=2\n",
					 1);
	guint64 x1;
	guint n = 0;

	do {
		g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
		n++;
	} while (x1 & LFA_CALL_AGAIN);
	g_assert_cmpuint(n, ==, 4);
	n = 0;
	do {
		g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_SUCCESS);
		n++;
	} while (x1 & LFA_CALL_AGAIN);
	/* 2 from the fault, 1 from activate_steps, then done */
	g_assert_cmpuint(n, ==, 4);
	g_assert_cmpuint(fx->agent.components[0].current_version, ==, LFA_VERSION_MAKE(1, 1));
	fixture_free(fx);
}

static void
test_stall_forever(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " pending=1.1\n"
					 "component " GUID_B " name=beta pending=1.1\n"
					 "fault " GUID_A " prime stall\n"
					 "fault beta activate stall\n",
					 1);
	guint64 x1;

	for (guint i = 0; i < 1000; i++) {
		g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
		g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	}
	/* the driver gives up and cancels; the agent is usable again */
	g_assert_cmpint(cancel(fx, 0), ==, LFA_SUCCESS);
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	for (guint i = 0; i < 1000; i++) {
		g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_SUCCESS);
		g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	}
	/* an activation in progress keeps PRIME out */
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_BUSY);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(cancel(fx, 1), ==, LFA_SUCCESS);
	/* the old firmware still runs, the image is still pending */
	g_assert_true(fx->agent.components[1].pending);
	g_assert_cmpuint(fx->agent.components[1].current_version, ==, 0);
	/* stall is permanent */
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	fixture_free(fx);
}

static void
test_status_faults(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=a pending=1.1\n"
					 "fault a prime status=AUTH_ERROR\n"
					 "fault a activate status=-11 times=2\n"
					 "fault a cancel status=busy always\n"
					 "fault a get_inventory status=DEVICE_ERROR once\n",
					 1);
	guint64 x1;

	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 0, 0, 0, &x1), ==, LFA_DEVICE_ERROR);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 0, 0, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_AUTH_ERROR);
	/* TF-A does not reset: latched on the failed, unfinished PRIME */
	g_assert_cmpint(fx->agent.prime_state, ==, LFA_PRIME_FAILED);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_COMPONENT_WRONG_STATE);
	/* a new PRIME of the same component starts over */
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	for (guint i = 0; i < 2; i++) {
		g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_ACTIVATION_FAILED);
		/* still latched with the PRIME complete; the image stays pending */
		g_assert_cmpint(fx->agent.prime_state, ==, LFA_PRIME_COMPLETE);
		g_assert_true(fx->agent.components[0].pending);
		g_assert_cmpuint(fx->agent.components[0].current_version, ==, 0);
	}
	for (guint i = 0; i < 3; i++)
		g_assert_cmpint(cancel(fx, 0), ==, LFA_BUSY);
	/* the latched component may try again without a new PRIME */
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(fx->agent.components[0].current_version, ==, LFA_VERSION_MAKE(1, 1));
	fixture_free(fx);
}

static void
test_activate_rules(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " pending=1.1 activate_steps=1\n"
					 "component " GUID_B " pending=1.1\n"
					 "component " GUID_D " capable=0\n",
					 1);
	guint64 x1;

	g_assert_cmpint(activate(fx, 3, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	/* TF-A: not capable, never primed: not the component being activated */
	g_assert_cmpint(activate(fx, 2, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	/* another component while one is between call_again rounds */
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_BUSY);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	g_assert_cmpuint(fx->agent.components[0].current_version, ==, LFA_VERSION_MAKE(1, 1));
	fixture_free(fx);
}

static void
test_cancel_rules(void)
{
	struct fixture *fx = fixture_new(basic_scenario, 1);
	guint64 x1;

	g_assert_cmpint(cancel(fx, 9), ==, LFA_INVALID_PARAMETERS);
	/* TF-A: nothing in progress means no component to cancel */
	g_assert_cmpint(cancel(fx, 0), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(cancel(fx, 2), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	fixture_free(fx);
}

static void
test_inventory_changes(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=a pending=1.1\n"
					 "component " GUID_B " name=b hidden\n"
					 "component " GUID_C " name=c\n"
					 "component " GUID_D " name=d present=0\n"
					 "on_activate a appear b\n"
					 "on_activate a vanish c\n"
					 "on_activate " GUID_B " appear d\n"
					 "on_activate b vanish a\n",
					 1);
	char guid[37];
	guint64 x1;

	g_assert_cmpuint(info_count(fx), ==, 2);
	inventory(fx, 1, guid, NULL, NULL, NULL);
	g_assert_cmpstr(guid, ==, GUID_C);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_SUCCESS);
	/* b appeared in scenario order before c, which vanished */
	g_assert_cmpuint(info_count(fx), ==, 2);
	inventory(fx, 0, guid, NULL, NULL, NULL);
	g_assert_cmpstr(guid, ==, GUID_A);
	inventory(fx, 1, guid, NULL, NULL, NULL);
	g_assert_cmpstr(guid, ==, GUID_B);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 2, 0, 0, &x1), ==, LFA_INVALID_PARAMETERS);
	/* a hidden component cannot be staged until it appears: see staging test */
	fixture_free(fx);
}

/* the rendezvous under real threads */
struct rdv_thread {
	struct fixture *fx;
	unsigned int cpu;
	guint64 seq;
	guint64 skip;
	u64 out[8];
	guint calls;
};

static gpointer
rdv_thread_func(gpointer data)
{
	struct rdv_thread *t = data;
	u64 in[8] = {LFA_FN_ACTIVATE, t->seq, t->skip, 0, 0, 0, 0, 0};

	do {
		lfa_agent_smc(&t->fx->agent, t->cpu, in, t->out);
		t->calls++;
	} while ((gint64)t->out[0] == LFA_SUCCESS && (t->out[1] & LFA_CALL_AGAIN));
	return NULL;
}

static void
run_rendezvous(struct fixture *fx, guint ncpus, guint64 seq, guint64 skip_mask,
	       struct rdv_thread *threads)
{
	GThread *handles[64];

	g_assert_cmpuint(ncpus, <=, G_N_ELEMENTS(handles));
	for (guint i = 0; i < ncpus; i++) {
		threads[i] = (struct rdv_thread){.fx = fx, .cpu = i, .seq = seq};
		threads[i].skip = (skip_mask >> i) & 1;
		handles[i] = g_thread_new("cpu", rdv_thread_func, &threads[i]);
	}
	for (guint i = 0; i < ncpus; i++)
		g_thread_join(handles[i]);
}

static void
rendezvous_repeated(guint ncpus)
{
	struct rdv_thread threads[64];
	struct fixture *fx =
	    fixture_new("component " GUID_A " pending=1.1 activate_steps=2\n", ncpus);
	guint rounds = 0;

	for (guint iter = 0; iter < 200; iter++) {
		guint64 x1;

		fx->agent.components[0].pending = true;
		fx->agent.components[0].pending_version = LFA_VERSION_MAKE(1, iter + 1);
		g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
		run_rendezvous(fx, ncpus, 0, 0, threads);
		for (guint i = 0; i < ncpus; i++) {
			g_assert_cmpint((gint64)threads[i].out[0], ==, LFA_SUCCESS);
			g_assert_cmpuint(threads[i].out[1], ==, 0);
			/* every CPU took part in all 3 rounds */
			g_assert_cmpuint(threads[i].calls, ==, 3);
		}
		rounds += 3;
		g_assert_cmpuint(fx->agent.rendezvous_rounds, ==, rounds);
		g_assert_cmpuint(fx->agent.components[0].current_version, ==,
				 LFA_VERSION_MAKE(1, iter + 1));
		g_assert_false(fx->agent.components[0].pending);
		g_assert_cmpuint(fx->agent.rdv_arrived, ==, 0);
		/* issue 14: the pen held every CPU when the work ran */
		g_assert_cmpuint(fx->agent.rdv_last_gathered, ==, ncpus);
	}
	g_assert_cmpuint(fx->agent.components[0].activations, ==, 200);
	fixture_free(fx);
}

static void
test_rendezvous_4(void)
{
	rendezvous_repeated(4);
}

static void
test_rendezvous_16(void)
{
	rendezvous_repeated(16);
}

static void
test_rendezvous_failure_shared(void)
{
	struct rdv_thread threads[8];
	struct fixture *fx =
	    fixture_new("component " GUID_A " name=a pending=1.1\n"
			"fault a activate status=CRITICAL_ERROR\n",
			8);
	guint64 x1;

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	run_rendezvous(fx, 8, 0, 0, threads);
	for (guint i = 0; i < 8; i++)
		g_assert_cmpint((gint64)threads[i].out[0], ==, LFA_CRITICAL_ERROR);
	/* CRITICAL_ERROR: the image is gone, nothing left to activate */
	g_assert_true(fx->agent.components[0].image_lost);
	run_rendezvous(fx, 8, 0, 0, threads);
	for (guint i = 0; i < 8; i++)
		g_assert_cmpint((gint64)threads[i].out[0], ==, LFA_COMPONENT_WRONG_STATE);
	/* after CANCEL every CPU gets the same refusal */
	g_assert_cmpint(cancel(fx, 0), ==, LFA_SUCCESS);
	run_rendezvous(fx, 8, 0, 0, threads);
	for (guint i = 0; i < 8; i++)
		g_assert_cmpint((gint64)threads[i].out[0], ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpuint(fx->agent.components[0].current_version, ==, 0);
	fixture_free(fx);
}

static void
test_rendezvous_mismatch(void)
{
	struct rdv_thread threads[4];
	struct fixture *fx = fixture_new("component " GUID_A " pending=1.1\n"
					 "component " GUID_B " pending=1.1\n",
					 4);
	GThread *handles[4];
	guint64 x1;

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	/* one CPU asks for another component */
	for (guint i = 0; i < 4; i++) {
		threads[i] = (struct rdv_thread){.fx = fx, .cpu = i, .seq = i == 2 ? 1 : 0};
		handles[i] = g_thread_new("cpu", rdv_thread_func, &threads[i]);
	}
	for (guint i = 0; i < 4; i++) {
		g_thread_join(handles[i]);
	}
	for (guint i = 0; i < 4; i++)
		g_assert_cmpint((gint64)threads[i].out[0], ==, LFA_INVALID_PARAMETERS);
	g_assert_true(fx->agent.components[0].pending);
	fixture_free(fx);
}

static void
test_rendezvous_cancel_busy(void)
{
	struct rdv_thread threads[1];
	struct fixture *fx = fixture_new("component " GUID_A " pending=1.1\n", 2);
	u64 in[8] = {LFA_FN_ACTIVATE, 0, 0, 0, 0, 0, 0, 0};
	u64 out[8];
	GThread *handle;
	guint64 x1;
	char err[128];

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	threads[0] = (struct rdv_thread){.fx = fx, .cpu = 0, .seq = 0};
	handle = g_thread_new("cpu0", rdv_thread_func, &threads[0]);
	/* wait until CPU 0 sits in the pen */
	while (__atomic_load_n(&fx->agent.rdv_arrived, __ATOMIC_ACQUIRE) == 0)
		g_usleep(1000);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_BUSY);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_BUSY);
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_BUSY);
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, "", 0, err, sizeof(err)), ==, -1);
	g_assert_nonnull(strstr(err, "busy"));
	/* CPU 1 arrives and completes the rendezvous */
	lfa_agent_smc(&fx->agent, 1, in, out);
	g_thread_join(handle);
	g_assert_cmpint((gint64)out[0], ==, LFA_SUCCESS);
	g_assert_cmpint((gint64)threads[0].out[0], ==, LFA_SUCCESS);
	g_assert_cmpuint(fx->agent.components[0].current_version, ==, LFA_VERSION_MAKE(1, 1));
	/* the pen's own count of that round: both CPUs were inside */
	g_assert_cmpuint(fx->agent.rdv_last_gathered, ==, 2);
	fixture_free(fx);
}

static GByteArray *
make_image(const char *guid_text, guint32 maj, guint32 min, gsize payload);

/*
 * TF-A's observable behaviour, row by row (facts 5a). Each block fails
 * with the pre-TF-A model, which reset itself after faults and accepted
 * CANCEL with nothing in progress.
 */
static void
test_tfa_latch_after_prime_failure(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=a pending=1.1\n"
					 "component " GUID_B " name=b pending=2.1\n"
					 "fault a prime status=DEVICE_ERROR\n",
					 1);
	guint64 x1;

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_DEVICE_ERROR);
	/* latched: another component's PRIME is in the wrong state ... */
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_WRONG_STATE);
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_WRONG_STATE);
	/* ... its CANCEL is refused, only the failed one's CANCEL releases */
	g_assert_cmpint(cancel(fx, 1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_SUCCESS);
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_SUCCESS);
	fixture_free(fx);
}

static void
test_tfa_latch_after_activate_failure(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=a pending=1.1\n"
					 "component " GUID_B " name=b pending=2.1\n"
					 "fault a activate status=ACTIVATION_FAILED\n",
					 1);
	char guid[37];
	u64 flags;
	guint64 x1;

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_ACTIVATION_FAILED);
	/* pending is not cleared */
	inventory(fx, 0, guid, &flags, NULL, NULL);
	g_assert_true(flags & LFA_INV_ACTIVATION_PENDING);
	/* another PRIME answers SUCCESS, yet its ACTIVATE and CANCEL are refused */
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(cancel(fx, 1), ==, LFA_INVALID_PARAMETERS);
	g_assert_true(fx->agent.components[1].pending);
	/* CANCEL of the failed one releases the agent */
	g_assert_cmpint(cancel(fx, 0), ==, LFA_SUCCESS);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(fx->agent.components[1].current_version, ==, LFA_VERSION_MAKE(2, 1));
	fixture_free(fx);
}

static void
test_tfa_activate_refusals(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=a pending=1.1 prime_steps=1\n"
					 "component " GUID_B " name=b current=2.0\n"
					 "component " GUID_D " name=c capable=0\n",
					 1);
	guint64 x1;

	/* never primed, nothing pending, not capable: not being activated */
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(activate(fx, 1, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(activate(fx, 2, FALSE, &x1), ==, LFA_INVALID_PARAMETERS);
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_WRONG_STATE);
	g_assert_cmpint(prime(fx, 2, &x1), ==, LFA_WRONG_STATE);
	/* PRIME not complete */
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_COMPONENT_WRONG_STATE);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	/* skip asked for a component that requires a rendezvous */
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_INVALID_PARAMETERS);
	/* the image vanished from the store after PRIME: nothing pending */
	fx->agent.components[0].pending = false;
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_COMPONENT_WRONG_STATE);
	fixture_free(fx);
}

static void
test_tfa_skip_busy(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=a pending=1.1 "
					 "rendezvous=optional activate_steps=2\n"
					 "component " GUID_B " name=b pending=2.1\n",
					 2);
	struct rdv_thread threads[1];
	GThread *handle;
	guint64 x1;

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	/* a CPU asks to skip after another started without skipping */
	threads[0] = (struct rdv_thread){.fx = fx, .cpu = 0, .seq = 0};
	handle = g_thread_new("cpu0", rdv_thread_func, &threads[0]);
	while (__atomic_load_n(&fx->agent.rdv_arrived, __ATOMIC_ACQUIRE) == 0)
		g_usleep(1000);
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_BUSY);
	/* CPU 1 joins without skipping; both run the 3 rounds together */
	{
		u64 in[8] = {LFA_FN_ACTIVATE, 0, 0, 0, 0, 0, 0, 0};
		u64 out[8];

		do
			lfa_agent_smc(&fx->agent, 1, in, out);
		while ((gint64)out[0] == LFA_SUCCESS && (out[1] & LFA_CALL_AGAIN));
		g_assert_cmpint((gint64)out[0], ==, LFA_SUCCESS);
	}
	g_thread_join(handle);
	g_assert_cmpint((gint64)threads[0].out[0], ==, LFA_SUCCESS);

	/* a skip activation runs (between call_again): others are BUSY */
	fx->agent.components[0].pending = true;
	fx->agent.components[0].pending_version = LFA_VERSION_MAKE(1, 2);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(fx->agent.rdv_last_gathered, ==, 2);
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	/* no pen: one CPU, not the previous round's count */
	g_assert_cmpuint(fx->agent.rdv_last_gathered, ==, 1);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_BUSY);
	g_assert_cmpint(activate(fx, 1, TRUE, &x1), ==, LFA_BUSY);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_BUSY);
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, 0);
	g_assert_cmpuint(fx->agent.components[0].current_version, ==, LFA_VERSION_MAKE(1, 2));
	g_assert_cmpint(cancel(fx, 0), ==, LFA_INVALID_PARAMETERS);
	fixture_free(fx);
}

static void
test_tfa_critical_error(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=sp current=1.0 pending=1.1 "
					 "rendezvous=optional\n"
					 "fault sp activate status=CRITICAL_ERROR\n",
					 1);
	char guid[37], err[128];
	u64 flags, cur, pend;
	guint64 x1;
	GByteArray *img;

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_CRITICAL_ERROR);
	/* no working image: not capable, nothing pending, version 0.0 */
	inventory(fx, 0, guid, &flags, &cur, &pend);
	g_assert_cmpuint(flags, ==, LFA_INV_RENDEZVOUS_OPTIONAL);
	g_assert_cmpuint(cur, ==, 0);
	g_assert_cmpuint(pend, ==, 0);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_SUCCESS);
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_WRONG_STATE);
	g_assert_cmpint(activate(fx, 0, TRUE, &x1), ==, LFA_INVALID_PARAMETERS);
	/* nothing can be staged for it either, until the next reset */
	img = make_image(GUID_A, 1, 2, 16);
	g_assert_cmpint(lfa_agent_stage(&fx->agent, img->data, img->len, err, sizeof(err)), ==,
			LFA_STAGE_ENOT_CAPABLE);
	g_byte_array_unref(img);
	fixture_free(fx);
}

static void
test_tfa_versions_unwritten(void)
{
	struct fixture *fx = fixture_new("versions none\n"
					 "component " GUID_A " current=1.0 pending=1.1\n",
					 1);
	u64 in[8] = {LFA_FN_GET_INVENTORY, 0, 0, 0, 0x1111, 0x2222, 0, 0};
	u64 out[8];

	/* x4/x5 keep whatever the caller had in them */
	lfa_agent_smc(&fx->agent, 0, in, out);
	g_assert_cmpint((gint64)out[0], ==, LFA_SUCCESS);
	g_assert_cmphex(out[4], ==, 0x1111);
	g_assert_cmphex(out[5], ==, 0x2222);
	g_assert_cmpuint(out[3], ==, LFA_INV_ACTIVATION_CAPABLE | LFA_INV_ACTIVATION_PENDING);
	fixture_free(fx);
}

/* scenario forms of issue 8 point 2 */
static void
test_scenario_agent_faults(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=a pending=1.1 prime_steps=3\n"
					 "component " GUID_B " name=b pending=1.1\n"
					 "fault * get_info status=BUSY\n"
					 "fault * version status=-1\n"
					 "fault * features status=NOT_SUPPORTED\n"
					 "fault a prime status=AUTH_ERROR after=2\n"
					 "fault b cancel status=DEVICE_ERROR\n"
					 "fault * get_inventory status=NO_MEMORY\n",
					 1);
	guint64 x1;
	guint again = 0;

	g_assert_cmpint(smc(fx, LFA_FN_GET_INFO, 0, 0, 0, NULL), ==, LFA_BUSY);
	g_assert_cmpuint(info_count(fx), ==, 2);
	g_assert_cmpint(smc(fx, LFA_FN_VERSION, 0, 0, 0, NULL), ==, -1);
	g_assert_cmpint(smc(fx, LFA_FN_VERSION, 0, 0, 0, NULL), ==, 0x10000);
	g_assert_cmpint(smc(fx, LFA_FN_FEATURES, LFA_FN_PRIME, 0, 0, NULL), ==, LFA_NOT_SUPPORTED);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 1, 0, 0, NULL), ==, LFA_NO_MEMORY);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 0, 0, 0, NULL), ==, LFA_SUCCESS);
	/* the PRIME fault waits for two call_again answers */
	while (prime(fx, 0, &x1) == LFA_SUCCESS && x1 == LFA_CALL_AGAIN)
		again++;
	g_assert_cmpuint(again, ==, 2);
	g_assert_cmpint(fx->agent.prime_state, ==, LFA_PRIME_FAILED);
	g_assert_cmpint(cancel(fx, 0), ==, LFA_SUCCESS);
	/* a CANCEL fault */
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(cancel(fx, 1), ==, LFA_DEVICE_ERROR);
	g_assert_cmpint(cancel(fx, 1), ==, LFA_SUCCESS);
	fixture_free(fx);
}

static void
test_scenario_agent_gone(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " name=a pending=1.1\n"
					 "fault a activate gone\n",
					 1);
	char err[128];
	guint64 x1;

	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_NOT_SUPPORTED);
	for (guint32 fid = LFA_FN_FIRST; fid <= LFA_FN_LAST; fid++)
		g_assert_cmpint(smc(fx, fid, 0, 0, 0, NULL), ==, LFA_NOT_SUPPORTED);
	/* a new scenario is a reset: the agent is back */
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, "component " GUID_A "\n",
						strlen("component " GUID_A "\n"), err, sizeof(err)),
			==, 0);
	g_assert_cmpint(smc(fx, LFA_FN_VERSION, 0, 0, 0, NULL), ==, 0x10000);
	fixture_free(fx);
}

static void
test_scenario_changes_and_flags(void)
{
	struct fixture *fx =
	    fixture_new("component " GUID_A " name=a pending=1.1\n"
			"component " GUID_B " name=b current=2.0 pending=2.5 pending_flag=0 "
			"reserved_flags=0x30\n"
			"component " GUID_C " name=c current=3.0\n"
			"component " GUID_C " name=c2 current=3.1 hidden\n"
			"fault a activate status=ACTIVATION_FAILED\n"
			"on_failure a set b current=2.1 capable=0\n"
			"on_activate a vanish c\n"
			"on_activate a appear c2\n"
			"on_activate a set a rendezvous=optional may_reset_cpu=1 reserved_flags=0x100\n",
			1);
	char guid[37];
	u64 flags, cur, pend;
	guint64 x1;

	/* a pending version with the pending flag clear, reserved bits */
	inventory(fx, 1, guid, &flags, &cur, &pend);
	g_assert_cmpuint(flags, ==, LFA_INV_ACTIVATION_CAPABLE | 0x30);
	g_assert_cmpuint(pend, ==, LFA_VERSION_MAKE(2, 5));
	g_assert_cmpint(prime(fx, 1, &x1), ==, LFA_WRONG_STATE);
	/* changes after a failed activation */
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_ACTIVATION_FAILED);
	inventory(fx, 1, guid, &flags, &cur, NULL);
	g_assert_cmpuint(cur, ==, LFA_VERSION_MAKE(2, 1));
	g_assert_cmpuint(flags & LFA_INV_ACTIVATION_CAPABLE, ==, 0);
	g_assert_cmpuint(info_count(fx), ==, 3);
	/* after success: c is renumbered (same GUID, new entry), a's flags change */
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(info_count(fx), ==, 3);
	inventory(fx, 2, guid, &flags, &cur, NULL);
	g_assert_cmpstr(guid, ==, GUID_C);
	g_assert_cmpuint(cur, ==, LFA_VERSION_MAKE(3, 1));
	inventory(fx, 0, guid, &flags, NULL, NULL);
	g_assert_cmpuint(flags, ==, LFA_INV_ACTIVATION_CAPABLE | LFA_INV_MAY_RESET_CPU |
				       LFA_INV_RENDEZVOUS_OPTIONAL | 0x100);
	fixture_free(fx);
}

static void
test_scenario_repeat(void)
{
	GString *text = g_string_new("repeat 1024 component 12345678-0000-4000-8000-000000000000 "
				     "name=sp current=1.0 pending=1.1 rendezvous=optional\n"
				     "fault sp-1023 activate status=DEVICE_ERROR\n"
				     "fault 12345678-0000-4000-8000-0000000003ff prime call_again=1\n");
	struct fixture *fx;
	char guid[37], err[160];
	guint64 x1;

	/* the whole 1024-component scenario fits one 4096-byte write */
	g_assert_cmpuint(text->len, <=, 4096);
	fx = fixture_new(text->str, 1);
	g_assert_cmpuint(info_count(fx), ==, 1024);
	inventory(fx, 1023, guid, NULL, NULL, NULL);
	g_assert_cmpstr(guid, ==, "12345678-0000-4000-8000-0000000003ff");
	g_assert_cmpstr(fx->agent.components[1023].name, ==, "sp-1023");
	g_assert_cmpint(prime(fx, 1023, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(x1, ==, LFA_CALL_AGAIN);
	g_assert_cmpint(prime(fx, 1023, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(activate(fx, 1023, TRUE, &x1), ==, LFA_DEVICE_ERROR);
	/* errors */
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, "repeat 1025 component " GUID_A "\n",
						strlen("repeat 1025 component " GUID_A "\n"), err,
						sizeof(err)),
			==, -1);
	g_assert_nonnull(strstr(err, "too many components"));
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent,
						"repeat 2 component 11111111-2222-3333-4444-ffffffffffff\n",
						56, err, sizeof(err)),
			==, -1);
	g_assert_nonnull(strstr(err, "runs past"));
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, "repeat 0 component " GUID_A "\n",
						strlen("repeat 0 component " GUID_A "\n"), err,
						sizeof(err)),
			==, -1);
	g_assert_nonnull(strstr(err, "usage: repeat"));
	/* nothing was lost */
	g_assert_cmpuint(info_count(fx), ==, 1024);
	g_string_free(text, TRUE);
	fixture_free(fx);
}

/* scenario parser */
static void
test_scenario_errors(void)
{
	struct {
		const char *text;
		const char *error;
	} cases[] = {
	    {"bogus\n", "line 1: unknown statement 'bogus'"},
	    {"\n\ncomponent 1234\n", "line 3: not a GUID"},
	    {"component " GUID_A "\ncomponent " GUID_A "\nfault " GUID_A " prime stall\n",
	     "line 3: reference matches several components"},
	    {"component " GUID_A " current=1\n", "version must be MAJOR.MINOR"},
	    {"component " GUID_A " current=1.99999999999\n", "version must be MAJOR.MINOR"},
	    {"component " GUID_A " colour=red\n", "unknown component key 'colour'"},
	    {"component " GUID_A " capable=2\n", "capable must be 0 or 1"},
	    {"component " GUID_A " may_reset_cpu=x\n", "may_reset_cpu must be 0 or 1"},
	    {"component " GUID_A " present=\n", "present must be 0 or 1"},
	    {"component " GUID_A " name=a\nfault a prime crash\n", "action must be"},
	    {"component " GUID_A " name=a\nfault a prime explode=1\n", "unknown fault action"},
	    {"component " GUID_A " name=a\nfault a cancel call_again=1\n", "call_again only applies"},
	    {"component " GUID_A " name=a\nfault a prime status=BUSY times=0\n", "times must be"},
	    {"component " GUID_A " rendezvous=maybe\n", "rendezvous must be"},
	    {"component " GUID_A " name=has/slash\n", "name must be"},
	    {"component " GUID_A " name=0123456789012345678901234567890123\n", "name must be"},
	    {"component " GUID_A " capable=0 pending=1.0\n", "a pending image needs capable=1"},
	    {"component " GUID_A " prime_steps=x\n", "steps must be"},
	    {"component " GUID_A " junk\n", "expected key=value"},
	    {"fault " GUID_A " prime stall\n", "line 1: no component declared before"},
	    {"component " GUID_A " name=a\nfault a flash stall\n", "line 2: function must be"},
	    {"component " GUID_A " name=a\nfault a prime status=OOPS\n", "status must be"},
	    {"component " GUID_A " name=a\nfault a prime status=-12\n", "status must be"},
	    {"component " GUID_A " name=a\nfault a prime call_again=0\n", "call_again must be"},
	    {"component " GUID_A " name=a\nfault a cancel stall\n", "stall only applies"},
	    {"component " GUID_A " name=a\nfault a stage status=AUTH_ERROR\n", "stage status must"},
	    {"component " GUID_A " name=a\nfault a prime stall always\n", "only status and gone faults"},
	    {"component " GUID_A " name=a\nfault a prime status=BUSY twice\n", "option must be"},
	    {"component " GUID_A " name=a\nfault a prime\n", "usage: fault"},
	    {"component " GUID_A " name=a\ncomponent " GUID_B " name=a\nfault a prime stall\n",
	     "line 3: reference matches several"},
	    {"component " GUID_A " name=a\non_activate a explode a\n", "expected appear, vanish or set"},
	    {"component " GUID_A " name=a\non_activate a appear zz\n", "no component declared"},
	    {"lfa_version 1\n", "usage: lfa_version"},
	    {"lfa_version 40000.0\n", "usage: lfa_version"},
	    {"component " GUID_A " a b c d e f g h i j k l m n o p\n", "too many words"},
	};
	struct fixture *fx = fixture_new(basic_scenario, 1);
	char err[256];

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		int rc = lfa_agent_load_scenario(&fx->agent, cases[i].text, strlen(cases[i].text),
						 err, sizeof(err));
		g_assert_cmpint(rc, ==, -1);
		if (strstr(err, cases[i].error) == NULL)
			g_error("case %u: got '%s', want '%s'", i, err, cases[i].error);
		/* nothing was lost */
		g_assert_cmpuint(fx->agent.ncomponents, ==, 4);
		g_assert_cmpuint(info_count(fx), ==, 4);
	}
	/* a NUL byte inside the text */
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, "component\0x", 11, err, sizeof(err)),
			==, -1);
	g_assert_nonnull(strstr(err, "NUL"));
	/* a tiny error buffer is still terminated */
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, "bogus", 5, err, 6), ==, -1);
	g_assert_cmpstr(err, ==, "line ");
	fixture_free(fx);
}

static void
test_scenario_capacity(void)
{
	struct fixture *fx = fixture_new(NULL, 1);
	GString *s = g_string_new(NULL);
	char err[256];

	for (guint i = 0; i <= LFA_AGENT_MAX_COMPONENTS; i++)
		g_string_append_printf(s, "component %08x-0000-0000-0000-000000000000\n", i);
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, s->str, s->len, err, sizeof(err)), ==,
			-1);
	g_assert_nonnull(strstr(err, "too many components"));
	g_assert_cmpuint(fx->agent.ncomponents, ==, 0);
	g_string_assign(s, "component " GUID_A " name=a\n");
	for (guint i = 0; i <= LFA_AGENT_MAX_FAULTS; i++)
		g_string_append(s, "fault a prime status=BUSY\n");
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, s->str, s->len, err, sizeof(err)), ==,
			-1);
	g_assert_nonnull(strstr(err, "too many faults"));
	g_string_assign(s, "component " GUID_A " name=a\n");
	for (guint i = 0; i <= LFA_AGENT_MAX_CHANGES; i++)
		g_string_append(s, "on_activate a vanish a\n");
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, s->str, s->len, err, sizeof(err)), ==,
			-1);
	g_assert_nonnull(strstr(err, "too many changes"));
	g_assert_cmpuint(fx->agent.ncomponents, ==, 0);
	g_string_free(s, TRUE);
	fixture_free(fx);
}

static void
test_scenario_syntax(void)
{
	struct fixture *fx = fixture_new(NULL, 1);
	const char *text = "  # comment only\r\n"
			   "lfa_version 1.1\n"
			   "component " GUID_A "\tname=x.y-z current=4294967295.7 # trailing\r\n"
			   "component 6C0762A6-12F2-4B56-92CB-BA8F633606D9 rendezvous=optional "
			   "may_reset_cpu=yes capable=true\n"
			   "fault " GUID_D " activate status=lfa_busy times=3\n"
			   "fault x.y-z stage status=hw-error always";
	char err[256];

	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, text, strlen(text), err, sizeof(err)),
			==, 0);
	g_assert_cmpuint(fx->agent.ncomponents, ==, 2);
	g_assert_cmpstr(fx->agent.components[0].name, ==, "x.y-z");
	g_assert_cmpuint(fx->agent.components[0].current_version, ==,
			 LFA_VERSION_MAKE(4294967295U, 7));
	g_assert_true(fx->agent.components[1].rendezvous_optional);
	g_assert_true(fx->agent.components[1].may_reset_cpu);
	g_assert_cmpuint(fx->agent.nfaults, ==, 2);
	g_assert_cmpint(fx->agent.faults[0].status, ==, LFA_BUSY);
	g_assert_cmpuint(fx->agent.faults[0].remaining, ==, 3);
	g_assert_cmpint(fx->agent.faults[1].status, ==, LFA_STAGE_EHW);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 2, 0, 0, NULL), ==, LFA_INVALID_PARAMETERS);
	g_assert_true(fx->agent.faults[1].always);
	g_assert_cmpint(smc(fx, LFA_FN_VERSION, 0, 0, 0, NULL), ==, 0x10001);
	/* an empty scenario is valid: no components */
	g_assert_cmpint(lfa_agent_load_scenario(&fx->agent, "", 0, err, sizeof(err)), ==, 0);
	g_assert_cmpuint(info_count(fx), ==, 0);
	g_assert_cmpint(smc(fx, LFA_FN_GET_INVENTORY, 0, 0, 0, NULL), ==, LFA_WRONG_STATE);
	g_assert_cmpint(smc(fx, LFA_FN_VERSION, 0, 0, 0, NULL), ==, 0x10000);
	fixture_free(fx);
}

static void
test_summary(void)
{
	struct fixture *fx = fixture_new(basic_scenario, 1);
	char buf[256];
	size_t n = lfa_agent_summary(&fx->agent, buf, sizeof(buf));

	g_assert_cmpuint(n, ==, strlen(buf));
	g_assert_true(g_str_has_prefix(buf, "components=4 present=4 pending=2 faults=0"));
	g_assert_true(g_str_has_suffix(buf, "\n"));
	fixture_free(fx);
}

/* images */
static GByteArray *
make_image(const char *guid_text, guint32 maj, guint32 min, gsize payload)
{
	GByteArray *img = g_byte_array_new();
	guint8 hdr[LFA_IMAGE_HEADER_SIZE] = {'L', 'F', 'A', 'I', 48};
	u8 guid[16];
	u64 version = LFA_VERSION_MAKE(maj, min);
	guint32 crc;

	g_assert_cmpint(lfa_agent_guid_parse(guid_text, 36, guid), ==, 0);
	memcpy(hdr + 8, guid, 16);
	for (guint i = 0; i < 8; i++)
		hdr[24 + i] = (guint8)(version >> (8 * i));
	for (guint i = 0; i < 4; i++)
		hdr[32 + i] = (guint8)(payload >> (8 * i));
	g_byte_array_append(img, hdr, sizeof(hdr));
	for (gsize i = 0; i < payload; i++) {
		guint8 b = (guint8)(i * 7);
		g_byte_array_append(img, &b, 1);
	}
	crc = lfa_agent_crc32(0, img->data, 36);
	crc = lfa_agent_crc32(crc, img->data + 48, payload);
	for (guint i = 0; i < 4; i++)
		img->data[36 + i] = (guint8)(crc >> (8 * i));
	return img;
}

static void
test_stage(void)
{
	struct fixture *fx =
	    fixture_new("component " GUID_A " name=a current=1.0\n"
			"component " GUID_B " name=b hidden\n"
			"component " GUID_D " name=d capable=0\n"
			"component " GUID_C " name=c\n"
			"fault c stage status=hw-error\n",
			1);
	g_autoptr(GByteArray) good = make_image(GUID_A, 1, 5, 1000);
	g_autoptr(GByteArray) hidden = make_image(GUID_B, 1, 0, 0);
	g_autoptr(GByteArray) unknown = make_image("00000000-0000-0000-0000-000000000001", 1, 0, 4);
	g_autoptr(GByteArray) notcap = make_image(GUID_D, 1, 0, 4);
	g_autoptr(GByteArray) faulty = make_image(GUID_C, 1, 0, 4);
	g_autoptr(GByteArray) bad = NULL;
	char err[256];
	guint64 x1;

	/* every refusal: nothing staged, nothing notified */
	bad = g_byte_array_new();
	g_byte_array_append(bad, good->data, good->len);
	bad->data[0] = 'X';
	g_assert_cmpint(lfa_agent_stage(&fx->agent, bad->data, bad->len, err, sizeof(err)), ==,
			LFA_STAGE_EBAD_MAGIC);
	g_assert_nonnull(strstr(err, "magic"));
	g_assert_cmpint(lfa_agent_stage(&fx->agent, good->data, 3, err, sizeof(err)), ==,
			LFA_STAGE_EBAD_MAGIC);
	g_assert_cmpint(lfa_agent_stage(&fx->agent, good->data, 47, err, sizeof(err)), ==,
			LFA_STAGE_ETRUNCATED);
	g_assert_cmpint(lfa_agent_stage(&fx->agent, good->data, good->len - 1, err, sizeof(err)),
			==, LFA_STAGE_ETRUNCATED);
	g_assert_cmpstr(lfa_agent_stage_error_name(LFA_STAGE_ETRUNCATED), ==, "invalid-file-size");
	g_byte_array_append(bad, (const guint8 *)"x", 1);
	bad->data[0] = 'L';
	g_assert_cmpint(lfa_agent_stage(&fx->agent, bad->data, bad->len, err, sizeof(err)), ==,
			LFA_STAGE_ESIZE);
	g_byte_array_set_size(bad, good->len);
	bad->data[100] ^= 1;
	g_assert_cmpint(lfa_agent_stage(&fx->agent, bad->data, bad->len, err, sizeof(err)), ==,
			LFA_STAGE_EBAD_CRC);
	g_assert_nonnull(strstr(err, "CRC"));
	g_assert_cmpstr(lfa_agent_stage_error_name(LFA_STAGE_EBAD_CRC), ==, "firmware-invalid");
	bad->data[100] ^= 1;
	bad->data[4] = 47;
	g_assert_cmpint(lfa_agent_stage(&fx->agent, bad->data, bad->len, err, sizeof(err)), ==,
			LFA_STAGE_EBAD_HEADER);
	bad->data[4] = 48;
	bad->data[44] = 1;
	g_assert_cmpint(lfa_agent_stage(&fx->agent, bad->data, bad->len, err, sizeof(err)), ==,
			LFA_STAGE_EBAD_HEADER);
	g_assert_cmpint(lfa_agent_stage(&fx->agent, unknown->data, unknown->len, err, sizeof(err)),
			==, LFA_STAGE_EUNKNOWN_GUID);
	g_assert_nonnull(strstr(err, "00000000-0000-0000-0000-000000000001"));
	g_assert_cmpint(lfa_agent_stage(&fx->agent, hidden->data, hidden->len, err, sizeof(err)),
			==, LFA_STAGE_EUNKNOWN_GUID);
	g_assert_cmpint(lfa_agent_stage(&fx->agent, notcap->data, notcap->len, err, sizeof(err)),
			==, LFA_STAGE_ENOT_CAPABLE);
	g_assert_cmpint(lfa_agent_stage(&fx->agent, faulty->data, faulty->len, err, sizeof(err)),
			==, LFA_STAGE_EHW);
	g_assert_cmpstr(lfa_agent_stage_error_name(LFA_STAGE_EHW), ==, "hw-error");
	g_assert_cmpint(lfa_agent_stage(&fx->agent, NULL, 0, err, sizeof(err)), ==,
			LFA_STAGE_EBAD_MAGIC);
	g_assert_cmpuint(fx->tp.notifies, ==, 0);
	for (guint i = 0; i < fx->agent.ncomponents; i++)
		g_assert_false(fx->agent.components[i].pending);

	/* the fault was used up: now it stages */
	g_assert_cmpint(lfa_agent_stage(&fx->agent, faulty->data, faulty->len, err, sizeof(err)),
			==, 0);
	g_assert_cmpint(lfa_agent_stage(&fx->agent, good->data, good->len, err, sizeof(err)), ==,
			0);
	g_assert_cmpuint(fx->tp.notifies, ==, 2);
	g_assert_true(fx->agent.components[0].pending);
	g_assert_cmpuint(fx->agent.components[0].pending_version, ==, LFA_VERSION_MAKE(1, 5));
	/* the store of a component being primed is busy */
	g_assert_cmpint(prime(fx, 0, &x1), ==, LFA_SUCCESS);
	g_assert_cmpint(lfa_agent_stage(&fx->agent, good->data, good->len, err, sizeof(err)), ==,
			LFA_STAGE_EBUSY);
	g_assert_cmpstr(lfa_agent_stage_error_name(LFA_STAGE_EBUSY), ==, "busy");
	g_assert_cmpint(activate(fx, 0, FALSE, &x1), ==, LFA_SUCCESS);
	g_assert_cmpuint(fx->agent.components[0].current_version, ==, LFA_VERSION_MAKE(1, 5));
	g_assert_cmpuint(fx->agent.stagings, ==, 2);
	fixture_free(fx);
}

/* random text and random word salad: refused or loaded, never broken */
static void
test_scenario_fuzz(void)
{
	static const char *words[] = {
	    "component", "fault", "on_activate", "lfa_version", GUID_A, GUID_B, GUID_C,
	    "name=a", "name=b", "a", "b", "pending=1.2", "current=3.4", "capable=0",
	    "hidden", "present=1", "rendezvous=optional", "prime_steps=3", "prime",
	    "activate", "cancel", "stage", "get_inventory", "status=BUSY", "status=-3",
	    "status=hw-error", "call_again=2", "stall", "once", "always", "times=2",
	    "appear", "vanish", "1.0", "#", "=", "\n", "\t", "-", "",
	    "repeat", "3", "1025", "on_failure", "set", "versions", "none", "written", "*",
	    "gone", "after=1", "version", "features", "get_info", "pending_flag=0",
	    "reserved_flags=0x10", "reserved_flags=0x1", "a-1", "a-0", "status=CRITICAL_ERROR",
	};
	struct fixture *fx = fixture_new(basic_scenario, 1);
	char err[128];

	for (guint iter = 0; iter < 3000; iter++) {
		g_autoptr(GString) text = g_string_new(NULL);
		guint n = g_test_rand_int_range(0, 40);
		int rc;

		for (guint i = 0; i < n; i++) {
			if (iter % 3 == 0) {
				g_string_append_c(text, (char)g_test_rand_int_range(1, 256));
				continue;
			}
			g_string_append(text, words[g_test_rand_int_range(0, G_N_ELEMENTS(words))]);
			g_string_append_c(text, g_test_rand_int_range(0, 4) == 0 ? '\n' : ' ');
		}
		memset(err, 'x', sizeof(err));
		rc = lfa_agent_load_scenario(&fx->agent, text->str, text->len, err, sizeof(err));
		g_assert_nonnull(memchr(err, '\0', sizeof(err)));
		if (rc != 0) {
			g_assert_cmpint(rc, ==, -1);
			g_assert_true(g_str_has_prefix(err, "line "));
		}
		g_assert_cmpuint(fx->agent.ncomponents, <=, LFA_AGENT_MAX_COMPONENTS);
		for (guint i = 0; i < fx->agent.nfaults; i++) {
			if (fx->agent.faults[i].component == LFA_FAULT_ANY_COMPONENT)
				continue;
			g_assert_cmpuint(fx->agent.faults[i].component, <, fx->agent.ncomponents);
		}
		for (guint i = 0; i < fx->agent.nchanges; i++) {
			g_assert_cmpuint(fx->agent.changes[i].trigger, <, fx->agent.ncomponents);
			g_assert_cmpuint(fx->agent.changes[i].target, <, fx->agent.ncomponents);
		}
		/* whatever loaded answers every call */
		for (guint fid = LFA_FN_FIRST; fid <= LFA_FN_LAST; fid++) {
			for (guint64 seq = 0; seq < 3; seq++)
				smc(fx, fid, seq, 0, 0, NULL);
		}
	}
	fixture_free(fx);
}

/* random images and random bit flips of a good one: refused without change */
static void
test_stage_fuzz(void)
{
	struct fixture *fx = fixture_new("component " GUID_A " current=1.0\n", 1);
	g_autoptr(GByteArray) good = make_image(GUID_A, 2, 0, 64);
	guint8 buf[200];
	char err[96];

	for (guint iter = 0; iter < 5000; iter++) {
		gsize len;
		int rc;

		if (iter % 2 == 0) {
			len = g_test_rand_int_range(0, sizeof(buf));
			for (gsize i = 0; i < len; i++)
				buf[i] = (guint8)g_test_rand_int_range(0, 256);
			if (len >= 4 && iter % 4 == 0)
				memcpy(buf, "LFAI", 4);
		} else {
			len = good->len;
			memcpy(buf, good->data, len);
			buf[g_test_rand_int_range(0, len)] ^= (guint8)(1 << g_test_rand_int_range(0, 8));
		}
		rc = lfa_agent_stage(&fx->agent, buf, len, err, sizeof(err));
		g_assert_cmpint(rc, <, 0);
		g_assert_cmpint(rc, >=, LFA_STAGE_EMIN);
		g_assert_cmpuint(strlen(err), >, 0);
		g_assert_false(fx->agent.components[0].pending);
	}
	g_assert_cmpuint(fx->tp.notifies, ==, 0);
	fixture_free(fx);
}

/* every sample scenario in data/inventories loads, with the expected size */
static void
test_scenario_samples(void)
{
	const char *dir = g_getenv("LFA_INVENTORIES");
	struct {
		const char *file;
		guint components;
		guint present;
	} samples[] = {
	    {"fvp.lfa", 5, 5},
	    {"vera.lfa", 4, 4},
	    {"faults.lfa", 12, 12},
	    {"changes.lfa", 4, 3},
	    {"tfa-upstream.lfa", 5, 5},
	    {"large.lfa", 1024, 1024},
	};
	g_autoptr(GDir) gdir = NULL;
	const char *name;
	guint seen = 0;

	if (dir == NULL) {
		g_test_skip("LFA_INVENTORIES not set");
		return;
	}
	gdir = g_dir_open(dir, 0, NULL);
	g_assert_nonnull(gdir);
	while ((name = g_dir_read_name(gdir)) != NULL) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		g_autofree char *text = NULL;
		struct fixture *fx;
		char err[256];
		gsize len = 0;

		if (!g_str_has_suffix(name, ".lfa"))
			continue;
		g_assert_true(g_file_get_contents(path, &text, &len, NULL));
		fx = fixture_new(NULL, 1);
		if (lfa_agent_load_scenario(&fx->agent, text, len, err, sizeof(err)) != 0)
			g_error("%s: %s", name, err);
		for (guint i = 0; i < G_N_ELEMENTS(samples); i++) {
			if (g_strcmp0(samples[i].file, name) != 0)
				continue;
			g_assert_cmpuint(fx->agent.ncomponents, ==, samples[i].components);
			g_assert_cmpuint(info_count(fx), ==, samples[i].present);
			seen++;
		}
		fixture_free(fx);
	}
	g_assert_cmpuint(seen, ==, G_N_ELEMENTS(samples));
}

static void
test_names(void)
{
	g_assert_cmpstr(lfa_agent_status_name(0), ==, "SUCCESS");
	g_assert_cmpstr(lfa_agent_status_name(-11), ==, "ACTIVATION_FAILED");
	g_assert_cmpstr(lfa_agent_status_name(-12), ==, "UNKNOWN");
	g_assert_cmpstr(lfa_agent_status_name(1), ==, "UNKNOWN");
	g_assert_cmpstr(lfa_agent_stage_error_name(LFA_STAGE_ETIMEOUT), ==, "timeout");
	g_assert_cmpstr(lfa_agent_stage_error_name(LFA_STAGE_EFLASH_WEAROUT), ==, "flash-wearout");
	g_assert_cmpstr(lfa_agent_stage_error_name(LFA_STAGE_EIO), ==, "read-write-error");
	g_assert_cmpstr(lfa_agent_stage_error_name(-100), ==, "hw-error");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/agent/discovery", test_discovery);
	g_test_add_func("/agent/guid-registers", test_guid_registers);
	g_test_add_func("/agent/crc32", test_crc32);
	g_test_add_func("/agent/names", test_names);
	g_test_add_func("/agent/prime-activate", test_prime_activate);
	g_test_add_func("/agent/prime-rules", test_prime_rules);
	g_test_add_func("/agent/skip-rendezvous", test_skip_rendezvous);
	g_test_add_func("/agent/may-reset-cpu", test_may_reset_cpu);
	g_test_add_func("/agent/call-again-counts", test_call_again_counts);
	g_test_add_func("/agent/stall", test_stall_forever);
	g_test_add_func("/agent/status-faults", test_status_faults);
	g_test_add_func("/agent/activate-rules", test_activate_rules);
	g_test_add_func("/agent/cancel-rules", test_cancel_rules);
	g_test_add_func("/agent/inventory-changes", test_inventory_changes);
	g_test_add_func("/agent/rendezvous/4", test_rendezvous_4);
	g_test_add_func("/agent/rendezvous/16", test_rendezvous_16);
	g_test_add_func("/agent/rendezvous/failure-shared", test_rendezvous_failure_shared);
	g_test_add_func("/agent/rendezvous/mismatch", test_rendezvous_mismatch);
	g_test_add_func("/agent/rendezvous/cancel-busy", test_rendezvous_cancel_busy);
	g_test_add_func("/agent/tfa/latch-prime", test_tfa_latch_after_prime_failure);
	g_test_add_func("/agent/tfa/latch-activate", test_tfa_latch_after_activate_failure);
	g_test_add_func("/agent/tfa/activate-refusals", test_tfa_activate_refusals);
	g_test_add_func("/agent/tfa/skip-busy", test_tfa_skip_busy);
	g_test_add_func("/agent/tfa/critical-error", test_tfa_critical_error);
	g_test_add_func("/agent/tfa/versions-unwritten", test_tfa_versions_unwritten);
	g_test_add_func("/agent/scenario/agent-faults", test_scenario_agent_faults);
	g_test_add_func("/agent/scenario/agent-gone", test_scenario_agent_gone);
	g_test_add_func("/agent/scenario/changes-flags", test_scenario_changes_and_flags);
	g_test_add_func("/agent/scenario/repeat", test_scenario_repeat);
	g_test_add_func("/agent/scenario/errors", test_scenario_errors);
	g_test_add_func("/agent/scenario/capacity", test_scenario_capacity);
	g_test_add_func("/agent/scenario/syntax", test_scenario_syntax);
	g_test_add_func("/agent/scenario/samples", test_scenario_samples);
	g_test_add_func("/agent/scenario/fuzz", test_scenario_fuzz);
	g_test_add_func("/agent/stage-fuzz", test_stage_fuzz);
	g_test_add_func("/agent/summary", test_summary);
	g_test_add_func("/agent/stage", test_stage);
	return g_test_run();
}
