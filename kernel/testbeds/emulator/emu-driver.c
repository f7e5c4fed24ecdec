// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The "driver" half of lfa-sysfs-emulator: what the kernel LFA driver does
 * with the agent (inventory refresh keyed by GUID, attribute show/store,
 * PRIME/ACTIVATE with budgets, CANCEL), plus the simulated platform: a
 * pthread lock, N CPU threads for the rendezvous and the notification.
 * Names, errnos and "N/A" come from kernel/include/lfa_contract.h, the
 * tables lfa.ko uses, and the activation follows lfa.ko step by step
 * (10 ms pacing, ACTIVATE retried on BUSY, CANCEL after every failure).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emu.h"
#include "lfa_contract.h"

/* between two calls of a PRIME or ACTIVATE loop, as lfa.ko (v3) */
#define EMU_RETRY_DELAY_US	10000
/* internal: CRITICAL_ERROR, the inventory changed (as lfa_activate.c) */
#define EMU_ERR_CRITICAL	(-ENXIO)

static int
emu_failure(s64 status)
{
	return status == LFA_CRITICAL_ERROR ? EMU_ERR_CRITICAL : -LFA_ERRNO_ACTIVATE_FAILED;
}
/* the kernel sim's limit for the scenario control file */
#define EMU_SCENARIO_MAX	4096

/* the driver's built-in names (kernel LFA series v3) */
static const struct {
	const char *guid;
	const char *name;
} emu_known_names[] = LFA_V3_NAMES;

static const char *const emu_attrs_v3[] = {
	"name", "current_version", "pending_version", "activation_capable",
	"activation_pending", "may_reset_cpu", "cpu_rendezvous",
	"force_cpu_rendezvous", "auto_activate", "activate", "cancel", NULL,
};

static const char *const emu_attrs_v2[] = {
	"name", "current_version", "pending_version", "activation_capable",
	"activation_pending", "may_reset_cpu", "cpu_rendezvous",
	"force_cpu_rendezvous", "activate", "cancel", NULL,
};

static const char *const emu_attrs_v1[] = {
	"name", "activation_capable", "activation_pending", "may_reset_cpu",
	"cpu_rendezvous", "activate", "cancel", NULL,
};

const char *const *
emu_image_attrs(const struct emu *emu)
{
	if (emu->abi == EMU_ABI_V1)
		return emu_attrs_v1;
	if (emu->abi == EMU_ABI_V2)
		return emu_attrs_v2;
	return emu_attrs_v3;
}

int
emu_image_attr_mode(const char *attr)
{
	if (!strcmp(attr, "activate") || !strcmp(attr, "cancel"))
		return 0200;
	if (!strcmp(attr, "force_cpu_rendezvous") || !strcmp(attr, "auto_activate"))
		return 0644;
	return 0444;
}

/* the platform the agent runs on */
static void
emu_plat_lock(void *ctx)
{
	struct emu *emu = ctx;
	pthread_mutex_lock(&emu->agent_lock);
}

static void
emu_plat_unlock(void *ctx)
{
	struct emu *emu = ctx;
	pthread_mutex_unlock(&emu->agent_lock);
}

static unsigned int
emu_plat_online_cpus(void *ctx)
{
	struct emu *emu = ctx;
	return emu->cpus;
}

static void
emu_plat_relax(void *ctx)
{
	(void)ctx;
	sched_yield();
}

static void
emu_plat_notify(void *ctx)
{
	emu_raise_notification(ctx);
}

static void
emu_plat_log(void *ctx, const char *msg)
{
	(void)ctx;
	g_debug("agent: %s", msg);
}

static void
emu_smc(struct emu *emu, u32 fid, u64 a1, u64 a2, u64 out[8])
{
	u64 in[8] = { fid, a1, a2, 0, 0, 0, 0, 0 };

	lfa_agent_smc(emu->agent, 0, in, out);
}

int
emu_init(struct emu *emu, const char *scenario, size_t len, GError **error)
{
	struct lfa_agent_platform plat = {
		.lock = emu_plat_lock,
		.unlock = emu_plat_unlock,
		.online_cpus = emu_plat_online_cpus,
		.relax = emu_plat_relax,
		.notify = emu_plat_notify,
		.log = emu_plat_log,
		.ctx = emu,
	};
	char err[256];

	pthread_mutex_init(&emu->agent_lock, NULL);
	pthread_mutex_init(&emu->lock, NULL);
	pthread_mutex_init(&emu->activation, NULL);
	pthread_mutex_init(&emu->notify_lock, NULL);
	pthread_cond_init(&emu->notify_cond, NULL);
	emu->images = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	emu->uploads = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					     emu_upload_free);
	emu->order = g_ptr_array_new();
	emu->upload_order = g_ptr_array_new_with_free_func(g_free);
	emu->agent = g_new0(struct lfa_agent, 1);
	lfa_agent_init(emu->agent, &plat);
	if (lfa_agent_load_scenario(emu->agent, scenario, len, err, sizeof(err))) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", err);
		return -1;
	}
	emu_sync_uploads(emu);
	emu_refresh(emu);
	return 0;
}

/*
 * One upload directory per scenario component, as the kernel sim registers
 * them: kept (with their state) for GUIDs still in the scenario.
 */
void
emu_sync_uploads(struct emu *emu)
{
	g_autoptr(GHashTable) old = NULL;
	struct lfa_agent *agent = emu->agent;

	pthread_mutex_lock(&emu->lock);
	old = emu->uploads;
	emu->uploads = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					     emu_upload_free);
	g_ptr_array_set_size(emu->upload_order, 0);
	pthread_mutex_lock(&emu->agent_lock);
	for (unsigned int i = 0; i < agent->ncomponents; i++) {
		gpointer key = NULL, value = NULL;
		char guid[37];

		lfa_agent_guid_format(agent->components[i].guid, guid);
		if (g_hash_table_contains(emu->uploads, guid))
			continue;
		if (!g_hash_table_steal_extended(old, guid, &key, &value)) {
			key = g_strdup(guid);
			value = emu_upload_new(agent->components[i].guid);
		}
		g_hash_table_insert(emu->uploads, key, value);
		g_ptr_array_add(emu->upload_order, g_strdup(guid));
	}
	pthread_mutex_unlock(&emu->agent_lock);
	pthread_mutex_unlock(&emu->lock);
}

static gboolean
emu_image_is_stale(gpointer key G_GNUC_UNUSED, gpointer value, gpointer user_data G_GNUC_UNUSED)
{
	struct emu_image *img = value;

	return !img->present;
}

/* re-read the inventory, as the driver does at load and after activation */
void
emu_refresh(struct emu *emu)
{
	GHashTableIter iter;
	gpointer value;
	u64 out[8];
	u64 count, i;

	pthread_mutex_lock(&emu->lock);
	g_hash_table_iter_init(&iter, emu->images);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		((struct emu_image *)value)->present = false;
	g_ptr_array_set_size(emu->order, 0);

	emu_smc(emu, LFA_FN_GET_INFO, 0, 0, out);
	count = (s64)out[0] == LFA_SUCCESS ? out[1] : 0;
	for (i = 0; i < count; i++) {
		struct emu_image *img;
		char guid[37];
		u8 bytes[16];

		emu_smc(emu, LFA_FN_GET_INVENTORY, i, 0, out);
		if ((s64)out[0] != LFA_SUCCESS) {
			g_debug("GET_INVENTORY %u: %s", (unsigned int)i,
				lfa_agent_status_name((s64)out[0]));
			continue;
		}
		lfa_agent_guid_from_regs(out[1], out[2], bytes);
		lfa_agent_guid_format(bytes, guid);
		img = g_hash_table_lookup(emu->images, guid);
		if (img == NULL) {
			img = g_new0(struct emu_image, 1);
			memcpy(img->guid, guid, sizeof(img->guid));
			img->force_rendezvous = true;
			g_hash_table_insert(emu->images, img->guid, img);
		}
		if (img->present)
			continue;	/* a duplicate GUID: the first one wins */
		img->present = true;
		img->seq_id = i;
		img->capable = out[3] & LFA_INV_ACTIVATION_CAPABLE;
		img->pending = out[3] & LFA_INV_ACTIVATION_PENDING;
		img->may_reset_cpu = out[3] & LFA_INV_MAY_RESET_CPU;
		img->rendezvous_required = !(out[3] & LFA_INV_RENDEZVOUS_OPTIONAL);
		img->current_version = out[4];
		g_ptr_array_add(emu->order, img->guid);
	}
	g_hash_table_foreach_remove(emu->images, emu_image_is_stale, emu);
	pthread_mutex_unlock(&emu->lock);
}

struct emu_cpu {
	struct emu *emu;
	unsigned int cpu;
	u64 in[8];
	u64 out[8];
};

static void *
emu_cpu_thread(void *data)
{
	struct emu_cpu *c = data;

	lfa_agent_smc(c->emu->agent, c->cpu, c->in, c->out);
	return NULL;
}

/*
 * Every CPU calls ACTIVATE at once, like stop_machine() in the kernel; 0 with
 * the common answer, or -EIO if the CPUs were told different things.
 */
static int
emu_activate_rendezvous(struct emu *emu, u64 seq_id, s64 *status, u64 *x1)
{
	g_autofree struct emu_cpu *cpus = g_new0(struct emu_cpu, emu->cpus);
	g_autofree pthread_t *threads = g_new0(pthread_t, emu->cpus);
	unsigned int i;

	for (i = 0; i < emu->cpus; i++) {
		cpus[i].emu = emu;
		cpus[i].cpu = i;
		cpus[i].in[0] = LFA_FN_ACTIVATE;
		cpus[i].in[1] = seq_id;
	}
	for (i = 1; i < emu->cpus; i++) {
		/* without every CPU the pen would never open: give up loudly */
		if (pthread_create(&threads[i], NULL, emu_cpu_thread, &cpus[i]) != 0)
			g_error("cannot start CPU thread %u", i);
	}
	emu_cpu_thread(&cpus[0]);
	for (i = 1; i < emu->cpus; i++)
		pthread_join(threads[i], NULL);
	for (i = 1; i < emu->cpus; i++) {
		if (cpus[i].out[0] != cpus[0].out[0] || cpus[i].out[1] != cpus[0].out[1]) {
			g_warning("rendezvous: CPU %u got another answer than CPU 0", i);
			return -EIO;
		}
	}
	*x1 = cpus[0].out[1];
	*status = (s64)cpus[0].out[0];
	return 0;
}

static gint64
emu_deadline(unsigned int budget_ms)
{
	return g_get_monotonic_time() + (gint64)budget_ms * 1000;
}

static int
emu_prime(struct emu *emu, u64 seq_id)
{
	gint64 deadline = emu_deadline(__atomic_load_n(&emu->prime_budget_ms, __ATOMIC_RELAXED));
	u64 out[8];

	for (;;) {
		emu_smc(emu, LFA_FN_PRIME, seq_id, 0, out);
		if ((s64)out[0] != LFA_SUCCESS) {
			g_message("PRIME: %s", lfa_agent_status_name((s64)out[0]));
			s64 status = (s64)out[0];

			/* the agent stays latched on a failed PRIME until CANCEL */
			emu_smc(emu, LFA_FN_CANCEL, seq_id, 0, out);
			return emu_failure(status);
		}
		if (!(out[1] & LFA_CALL_AGAIN))
			return 0;
		if (g_get_monotonic_time() >= deadline) {
			emu_smc(emu, LFA_FN_CANCEL, seq_id, 0, out);
			g_message("PRIME: budget exceeded, CANCEL: %s",
				  lfa_agent_status_name((s64)out[0]));
			return -LFA_ERRNO_ACTIVATE_FAILED;
		}
		g_usleep(EMU_RETRY_DELAY_US);
	}
}

static int
emu_activate_steps(struct emu *emu, u64 seq_id, bool rendezvous)
{
	gint64 deadline = emu_deadline(__atomic_load_n(&emu->activate_budget_ms, __ATOMIC_RELAXED));
	u64 out[8];

	for (;;) {
		u64 x1 = 0;
		s64 status;

		if (rendezvous) {
			int ret = emu_activate_rendezvous(emu, seq_id, &status, &x1);

			if (ret) {
				emu_smc(emu, LFA_FN_CANCEL, seq_id, 0, out);
				return -LFA_ERRNO_ACTIVATE_FAILED;
			}
		} else {
			emu_smc(emu, LFA_FN_ACTIVATE, seq_id, LFA_SKIP_CPU_RENDEZVOUS, out);
			status = (s64)out[0];
			x1 = out[1];
		}
		if (status != LFA_SUCCESS && status != LFA_BUSY) {
			g_message("ACTIVATE: %s", lfa_agent_status_name(status));
			emu_smc(emu, LFA_FN_CANCEL, seq_id, 0, out);
			return emu_failure(status);
		}
		/* v3 retries ACTIVATE on call_again and on BUSY */
		if (status == LFA_SUCCESS && !(x1 & LFA_CALL_AGAIN))
			return 0;
		if (g_get_monotonic_time() >= deadline) {
			emu_smc(emu, LFA_FN_CANCEL, seq_id, 0, out);
			g_message("ACTIVATE: budget exceeded, CANCEL: %s",
				  lfa_agent_status_name((s64)out[0]));
			return -LFA_ERRNO_ACTIVATE_FAILED;
		}
		g_usleep(EMU_RETRY_DELAY_US);
	}
}

/* a write to activate: 0 or -errno (the activate errno contract) */
int
emu_activate(struct emu *emu, const char *guid, bool wait)
{
	struct emu_image *img;
	bool refuse, rendezvous;
	u64 seq_id;
	int ret;

	if (wait)
		pthread_mutex_lock(&emu->activation);
	else if (pthread_mutex_trylock(&emu->activation) != 0)
		return -LFA_ERRNO_ACTIVATE_BUSY;

	pthread_mutex_lock(&emu->lock);
	img = g_hash_table_lookup(emu->images, guid);
	if (img == NULL) {
		pthread_mutex_unlock(&emu->lock);
		pthread_mutex_unlock(&emu->activation);
		/* kernfs answers for a removed file before the driver does */
		return -ENODEV;
	}
	seq_id = img->seq_id;
	/* the v3 driver refuses images that reset the CPU, and not-capable ones */
	refuse = img->may_reset_cpu || !img->capable;
	/* an ABI without force_cpu_rendezvous always does the rendezvous */
	rendezvous = img->rendezvous_required || img->force_rendezvous ||
		     emu->abi == EMU_ABI_V1;
	pthread_mutex_unlock(&emu->lock);

	if (refuse) {
		ret = -LFA_ERRNO_ACTIVATE_FAILED;
	} else {
		ret = emu_prime(emu, seq_id);
		if (ret == 0)
			ret = emu_activate_steps(emu, seq_id, rendezvous);
		/* after success, and after a critical error, as lfa.ko */
		if (ret == 0 || ret == EMU_ERR_CRITICAL)
			emu_refresh(emu);
		if (ret == EMU_ERR_CRITICAL)
			ret = -LFA_ERRNO_ACTIVATE_FAILED;
	}
	g_debug("activate %s: %s", guid, ret ? g_strerror(-ret) : "done");
	pthread_mutex_unlock(&emu->activation);
	return ret;
}

int
emu_cancel(struct emu *emu, const char *guid)
{
	struct emu_image *img;
	u64 seq_id, out[8];

	pthread_mutex_lock(&emu->lock);
	img = g_hash_table_lookup(emu->images, guid);
	if (img == NULL) {
		pthread_mutex_unlock(&emu->lock);
		return -ENODEV;
	}
	seq_id = img->seq_id;
	pthread_mutex_unlock(&emu->lock);

	emu_smc(emu, LFA_FN_CANCEL, seq_id, 0, out);
	if ((s64)out[0] != LFA_SUCCESS) {
		g_debug("CANCEL %s: %s", guid, lfa_agent_status_name((s64)out[0]));
		return -LFA_ERRNO_CANCEL_REFUSED;
	}
	return 0;
}

int
emu_load_scenario(struct emu *emu, const char *text, size_t len)
{
	char err[256];
	int ret = 0;

	if (len > EMU_SCENARIO_MAX)
		return -EFBIG;
	if (pthread_mutex_trylock(&emu->activation) != 0)
		return -EBUSY;
	if (lfa_agent_load_scenario(emu->agent, text, len, err, sizeof(err))) {
		g_message("scenario refused: %s", err);
		ret = -EINVAL;
	} else {
		emu_sync_uploads(emu);
		emu_refresh(emu);
	}
	pthread_mutex_unlock(&emu->activation);
	return ret;
}

void
emu_raise_notification(struct emu *emu)
{
	pthread_mutex_lock(&emu->notify_lock);
	emu->notify_count++;
	pthread_cond_signal(&emu->notify_cond);
	pthread_mutex_unlock(&emu->notify_lock);
}

/* the driver's notification handler: refresh, then auto_activate */
static void *
emu_notify_thread(void *data)
{
	struct emu *emu = data;

	for (;;) {
		g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func(g_free);

		pthread_mutex_lock(&emu->notify_lock);
		while (emu->notify_count == 0 && !emu->notify_stop)
			pthread_cond_wait(&emu->notify_cond, &emu->notify_lock);
		if (emu->notify_stop) {
			pthread_mutex_unlock(&emu->notify_lock);
			return NULL;
		}
		emu->notify_count = 0;
		pthread_mutex_unlock(&emu->notify_lock);

		emu_refresh(emu);
		pthread_mutex_lock(&emu->lock);
		for (guint i = 0; i < emu->order->len; i++) {
			struct emu_image *img =
				g_hash_table_lookup(emu->images, g_ptr_array_index(emu->order, i));
			if (emu->abi == EMU_ABI_V3 && img->auto_activate && img->pending)
				g_ptr_array_add(todo, g_strdup(img->guid));
		}
		pthread_mutex_unlock(&emu->lock);
		for (guint i = 0; i < todo->len; i++) {
			const char *guid = g_ptr_array_index(todo, i);
			int ret = emu_activate(emu, guid, true);

			g_message("auto_activate %s: %s", guid, ret ? g_strerror(-ret) : "done");
		}
	}
}

int
emu_notify_start(struct emu *emu)
{
	if (pthread_create(&emu->notify_thread, NULL, emu_notify_thread, emu) != 0)
		return -1;
	emu->notify_started = true;
	return 0;
}

void
emu_notify_stop(struct emu *emu)
{
	if (!emu->notify_started)
		return;
	pthread_mutex_lock(&emu->notify_lock);
	emu->notify_stop = true;
	pthread_cond_signal(&emu->notify_cond);
	pthread_mutex_unlock(&emu->notify_lock);
	pthread_join(emu->notify_thread, NULL);
	emu->notify_started = false;
}

static bool
emu_attr_known(const struct emu *emu, const char *attr)
{
	const char *const *attrs = emu_image_attrs(emu);

	for (guint i = 0; attrs[i] != NULL; i++) {
		if (!strcmp(attrs[i], attr))
			return true;
	}
	return false;
}

static char *
emu_version_string(u64 v)
{
	return g_strdup_printf("%u.%u\n", LFA_VERSION_MAJOR_OF(v), LFA_VERSION_MINOR_OF(v));
}

char *
emu_image_show(struct emu *emu, const char *guid, const char *attr, int *err)
{
	struct emu_image *img;
	char *result = NULL;
	u64 seq_id, out[8];

	if (!emu_attr_known(emu, attr) || emu_image_attr_mode(attr) == 0200) {
		*err = -EACCES;
		return NULL;
	}
	pthread_mutex_lock(&emu->lock);
	img = g_hash_table_lookup(emu->images, guid);
	if (img == NULL) {
		pthread_mutex_unlock(&emu->lock);
		*err = -ENODEV;
		return NULL;
	}
	seq_id = img->seq_id;
	if (!strcmp(attr, "name")) {
		const char *name = guid;	/* v3: unknown images show the GUID */

		for (guint i = 0; i < G_N_ELEMENTS(emu_known_names); i++) {
			if (!strcmp(emu_known_names[i].guid, guid))
				name = emu_known_names[i].name;
		}
		result = g_strdup_printf("%s\n", name);
	} else if (!strcmp(attr, "current_version")) {
		result = emu_version_string(img->current_version);
	} else if (!strcmp(attr, "activation_capable")) {
		result = g_strdup_printf("%d\n", img->capable);
	} else if (!strcmp(attr, "may_reset_cpu")) {
		result = g_strdup_printf("%d\n", img->may_reset_cpu);
	} else if (!strcmp(attr, "cpu_rendezvous")) {
		result = g_strdup_printf("%d\n", img->rendezvous_required);
	} else if (!strcmp(attr, "force_cpu_rendezvous")) {
		result = g_strdup_printf("%d\n", img->force_rendezvous);
	} else if (!strcmp(attr, "auto_activate")) {
		result = g_strdup_printf("%d\n", img->auto_activate);
	}
	if (result != NULL) {
		pthread_mutex_unlock(&emu->lock);
		return result;
	}

	/* activation_pending and pending_version are asked afresh every time */
	emu_smc(emu, LFA_FN_GET_INVENTORY, seq_id, 0, out);
	if ((s64)out[0] == LFA_SUCCESS)
		img->pending = out[3] & LFA_INV_ACTIVATION_PENDING;
	if (!strcmp(attr, "activation_pending")) {
		result = g_strdup_printf("%d\n", img->pending);
	} else if ((s64)out[0] == LFA_SUCCESS && out[5] != 0 && img->pending) {
		result = emu_version_string(out[5]);
	} else {
		result = g_strdup(LFA_NO_VERSION_TEXT "\n");
	}
	pthread_mutex_unlock(&emu->lock);
	return result;
}

int
emu_image_store(struct emu *emu, const char *guid, const char *attr, const char *buf,
		size_t len)
{
	struct emu_image *img;
	bool value;
	int ret;

	if (!emu_attr_known(emu, attr) || emu_image_attr_mode(attr) == 0444)
		return -EACCES;
	if (!strcmp(attr, "activate")) {
		ret = emu_activate(emu, guid, false);
		return ret ? ret : (int)len;
	}
	if (!strcmp(attr, "cancel")) {
		ret = emu_cancel(emu, guid);
		return ret ? ret : (int)len;
	}
	if (!emu_kstrtobool(buf, len, &value))
		return -LFA_ERRNO_BAD_BOOL;
	pthread_mutex_lock(&emu->lock);
	img = g_hash_table_lookup(emu->images, guid);
	if (img == NULL) {
		pthread_mutex_unlock(&emu->lock);
		return -ENODEV;
	}
	if (!strcmp(attr, "force_cpu_rendezvous"))
		img->force_rendezvous = value;
	else
		img->auto_activate = value;
	pthread_mutex_unlock(&emu->lock);
	return (int)len;
}

const char *const emu_param_names[] = { "activate_budget_ms", "prime_budget_ms", NULL };

static unsigned int *
emu_param(struct emu *emu, const char *name)
{
	if (!strcmp(name, "prime_budget_ms"))
		return &emu->prime_budget_ms;
	if (!strcmp(name, "activate_budget_ms"))
		return &emu->activate_budget_ms;
	return NULL;
}

/* a budget is read once at the start of each PRIME or ACTIVATE loop */
char *
emu_param_show(struct emu *emu, const char *name, int *err)
{
	unsigned int *param = emu_param(emu, name);

	if (param == NULL) {
		*err = -ENOENT;
		return NULL;
	}
	return g_strdup_printf("%u\n", __atomic_load_n(param, __ATOMIC_RELAXED));
}

int
emu_param_store(struct emu *emu, const char *name, const char *buf, size_t len)
{
	unsigned int *param = emu_param(emu, name);
	unsigned int value;

	if (param == NULL)
		return -ENOENT;
	if (!emu_kstrtouint(buf, len, &value))
		return -EINVAL;
	__atomic_store_n(param, value, __ATOMIC_RELAXED);
	return (int)len;
}

char *
emu_sim_show(struct emu *emu, const char *attr, int *err)
{
	char buf[256];

	if (strcmp(attr, "scenario") != 0) {
		*err = -EACCES;
		return NULL;
	}
	lfa_agent_summary(emu->agent, buf, sizeof(buf));
	return g_strdup(buf);
}

int
emu_sim_store(struct emu *emu, const char *attr, const char *buf, size_t len)
{
	int ret;

	if (!strcmp(attr, "notify")) {
		emu_raise_notification(emu);
		return (int)len;
	}
	ret = emu_load_scenario(emu, buf, len);
	return ret ? ret : (int)len;
}
