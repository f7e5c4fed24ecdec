/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fu-lfa-audit.h"
#include "fu-lfa-common.h"
#include "fu-lfa-device.h"
#include "fu-lfa-firmware.h"
#include "fu-lfa-struct.h"

/* bit fields: one of these per component, a thousand components per machine */
typedef struct {
	/* the attributes whose problem is set as an inhibit, see fu_lfa_device_attrs */
	guint attr_problems : 6;
	/* last state read from the kernel */
	guint capable_known : 1;
	guint capable : 1;
	guint may_reset_known : 1;
	guint may_reset : 1;
	guint activatable : 1;
	guint rendezvous_required : 1;
	guint has_pending : 1;
	guint pending_version_valid : 1;
	/* from quirks */
	guint auto_activate_set : 1;
	guint auto_activate : 1;
	/* set while activate-on-install runs, for the journal entry */
	guint activating_from_install : 1;
	/* the handler that restores the pending text after fwupd clears it is connected */
	guint notify_connected : 1;
	guint8 rendezvous_policy; /* FuLfaRendezvousPolicy */
	guint8 staging_method;	  /* FuLfaStagingMethod */
	/*
	 * g_str_hash() of the text shown while an image is staged, 0 for none:
	 * fwupd's inhibit changes only with it. The text itself is kept by fwupd
	 * as the inhibit reason, the update error and the update message already.
	 */
	guint pending_msg_hash;
	guint64 pending_version;
	gchar *staging_target;
} FuLfaDevicePrivate;

G_DEFINE_TYPE_WITH_PRIVATE(FuLfaDevice, fu_lfa_device, FU_TYPE_DEVICE)
#define GET_PRIVATE(o) (fu_lfa_device_get_instance_private(o))

/* how long a staged image may take to show up as pending, and how often to look */
#define FU_LFA_DEVICE_PENDING_TIMEOUT_MS 5000
#define FU_LFA_DEVICE_PENDING_POLL_MS	 100

/* with auto_activate the kernel primes and activates: its budgets are 30 s + 10 s */
#define FU_LFA_DEVICE_AUTO_ACTIVATE_TIMEOUT_MS 45000

/* the lower-case component GUID, which is also the logical ID: kept once */
const gchar *
fu_lfa_device_get_guid(FuLfaDevice *self)
{
	g_return_val_if_fail(FU_IS_LFA_DEVICE(self), NULL);
	return fu_device_get_logical_id(FU_DEVICE(self));
}

FuLfaStagingMethod
fu_lfa_device_get_staging_method(FuLfaDevice *self)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	g_return_val_if_fail(FU_IS_LFA_DEVICE(self), FU_LFA_STAGING_METHOD_UNKNOWN);
	return priv->staging_method;
}

const gchar *
fu_lfa_device_get_staging_target(FuLfaDevice *self)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	g_return_val_if_fail(FU_IS_LFA_DEVICE(self), NULL);
	return priv->staging_target;
}

gboolean
fu_lfa_device_get_activate_on_install(FuLfaDevice *self)
{
	g_return_val_if_fail(FU_IS_LFA_DEVICE(self), FALSE);
	return fu_device_has_private_flag(FU_DEVICE(self), FU_LFA_DEVICE_FLAG_ACTIVATE_ON_INSTALL);
}

static gchar *
fu_lfa_device_build_attr_path(FuLfaDevice *self, const gchar *attr)
{
	return g_build_filename(fu_device_get_backend_id(FU_DEVICE(self)), attr, NULL);
}

static gchar *
fu_lfa_device_read_attr(FuLfaDevice *self, const gchar *attr, GError **error)
{
	g_autofree gchar *fn = fu_lfa_device_build_attr_path(self, attr);
	return fu_lfa_common_read_attr(fn, error);
}

/* the attributes a refresh reads, in the order of the bits of attr_problems */
static const gchar *fu_lfa_device_attrs[] = {
    "activation_capable",
    "may_reset_cpu",
    "activation_pending",
    "cpu_rendezvous",
    "current_version",
    "pending_version",
};

static guint
fu_lfa_device_attr_bit(const gchar *attr)
{
	for (guint i = 0; i < G_N_ELEMENTS(fu_lfa_device_attrs); i++) {
		if (g_strcmp0(attr, fu_lfa_device_attrs[i]) == 0)
			return 1u << i;
	}
	return 0;
}

static void
fu_lfa_device_set_attr_problem(FuLfaDevice *self, const gchar *attr, const GError *error)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	g_autofree gchar *inhibit_id =
	    g_strdup_printf(FU_LFA_DEVICE_INHIBIT_ATTR_PREFIX "%s", attr);
	g_autofree gchar *reason =
	    g_strdup_printf("kernel attribute %s is unusable: %s", attr, error->message);
	fu_device_inhibit(FU_DEVICE(self), inhibit_id, reason);
	priv->attr_problems |= fu_lfa_device_attr_bit(attr);
}

/* only when it was set: every refresh of every component goes through here */
static void
fu_lfa_device_clear_attr_problem(FuLfaDevice *self, const gchar *attr)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	guint bit = fu_lfa_device_attr_bit(attr);
	g_autofree gchar *inhibit_id = NULL;

	if ((priv->attr_problems & bit) == 0)
		return;
	inhibit_id = g_strdup_printf(FU_LFA_DEVICE_INHIBIT_ATTR_PREFIX "%s", attr);
	fu_device_uninhibit(FU_DEVICE(self), inhibit_id);
	priv->attr_problems &= ~bit;
}

/* the value as it can be shown to a user, even if it is binary garbage */
static gchar *
fu_lfa_device_safe_value(const gchar *str)
{
	g_autofree gchar *safe = fu_strsafe(str, 32);
	return g_strdup(safe != NULL ? safe : "");
}

/*
 * Reads a 0/1 attribute. Returns TRUE only when @value was set: a missing
 * optional file returns FALSE quietly, anything else that is wrong returns
 * FALSE and adds a problem to the device that names the file and the value.
 */
static gboolean
fu_lfa_device_read_bool(FuLfaDevice *self,
			gint dirfd,
			const gchar *attr,
			gboolean required,
			gboolean *value)
{
	g_autofree gchar *str = NULL;
	g_autoptr(GError) error_local = NULL;

	str = fu_lfa_common_read_attr_at(dirfd,
					 fu_device_get_backend_id(FU_DEVICE(self)),
					 attr,
					 &error_local);
	if (str == NULL) {
		if (!required && g_error_matches(error_local, FWUPD_ERROR, FWUPD_ERROR_NOT_FOUND)) {
			g_debug("no %s, kernel predates it", attr);
			fu_lfa_device_clear_attr_problem(self, attr);
			return FALSE;
		}
		fu_lfa_device_set_attr_problem(self, attr, error_local);
		return FALSE;
	}
	if (!fu_lfa_common_parse_bool(str, value, &error_local)) {
		g_autofree gchar *safe = fu_lfa_device_safe_value(str);
		g_prefix_error(&error_local, "'%s': ", safe);
		fu_lfa_device_set_attr_problem(self, attr, error_local);
		return FALSE;
	}
	fu_lfa_device_clear_attr_problem(self, attr);
	return TRUE;
}

static void
fu_lfa_device_refresh_current_version(FuLfaDevice *self, gint dirfd)
{
	guint64 version = 0;
	g_autofree gchar *str = NULL;
	g_autoptr(GError) error_local = NULL;

	str = fu_lfa_common_read_attr_at(dirfd,
					 fu_device_get_backend_id(FU_DEVICE(self)),
					 "current_version",
					 &error_local);
	if (str == NULL) {
		if (g_error_matches(error_local, FWUPD_ERROR, FWUPD_ERROR_NOT_FOUND)) {
			g_debug("no current_version, kernel predates it");
			fu_lfa_device_clear_attr_problem(self, "current_version");
			return;
		}
		fu_lfa_device_set_attr_problem(self, "current_version", error_local);
		return;
	}
	if (!fu_lfa_common_parse_version(str, &version, &error_local)) {
		g_autofree gchar *safe = fu_lfa_device_safe_value(str);
		g_prefix_error(&error_local, "'%s': ", safe);
		fu_lfa_device_set_attr_problem(self, "current_version", error_local);
		return;
	}
	fu_lfa_device_clear_attr_problem(self, "current_version");
	/* unchanged: no notify, no version string built again */
	if (fu_device_get_version(FU_DEVICE(self)) != NULL &&
	    fu_device_get_version_raw(FU_DEVICE(self)) == version)
		return;
	fu_device_set_version_raw(FU_DEVICE(self), version);
}

static void
fu_lfa_device_refresh_pending_version(FuLfaDevice *self, gint dirfd)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	gboolean has_pending = FALSE;
	guint64 version = 0;
	g_autofree gchar *str = NULL;
	g_autoptr(GError) error_local = NULL;

	priv->pending_version_valid = FALSE;
	priv->pending_version = 0;
	str = fu_lfa_common_read_attr_at(dirfd,
					 fu_device_get_backend_id(FU_DEVICE(self)),
					 "pending_version",
					 &error_local);
	if (str == NULL) {
		if (g_error_matches(error_local, FWUPD_ERROR, FWUPD_ERROR_NOT_FOUND)) {
			g_debug("no pending_version, kernel predates it");
			fu_lfa_device_clear_attr_problem(self, "pending_version");
			return;
		}
		fu_lfa_device_set_attr_problem(self, "pending_version", error_local);
		return;
	}
	if (!fu_lfa_common_parse_pending_version(str, &has_pending, &version, &error_local)) {
		g_autofree gchar *safe = fu_lfa_device_safe_value(str);
		g_prefix_error(&error_local, "'%s': ", safe);
		fu_lfa_device_set_attr_problem(self, "pending_version", error_local);
		return;
	}
	fu_lfa_device_clear_attr_problem(self, "pending_version");
	priv->pending_version_valid = has_pending;
	priv->pending_version = version;
}

/* "version 1.2", or what the kernel says when the platform gives no version */
static gchar *
fu_lfa_device_pending_to_string(FuLfaDevice *self)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	g_autofree gchar *version = NULL;

	if (!priv->pending_version_valid)
		return g_strdup("a new image (the platform reports no version for it)");
	version = fu_lfa_common_version_to_string(priv->pending_version);
	return g_strdup_printf("version %s", version);
}

/*
 * fwupd inhibits a device that needs activation with a generic reason; the
 * reason is what fwupdmgr shows, so it names the staged version instead. The
 * same text is the update message, so that an image staged by fwupd and one
 * staged out of band read the same in get-devices, text and JSON alike.
 */
static void
fu_lfa_device_refresh_pending_message(FuLfaDevice *self)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	FuDevice *device = FU_DEVICE(self);
	guint msg_hash;
	g_autofree gchar *pending = NULL;
	g_autofree gchar *msg = NULL;

	if (!priv->has_pending) {
		if (fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION))
			fu_device_remove_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION);
		/* nothing of ours to take back: the common case, on every refresh */
		if (priv->pending_msg_hash == 0)
			return;
		fu_device_uninhibit(device, FU_LFA_DEVICE_INHIBIT_STAGED);
		if (fu_device_get_update_message(device) != NULL &&
		    g_str_hash(fu_device_get_update_message(device)) == priv->pending_msg_hash)
			fu_device_set_update_message(device, NULL);
		priv->pending_msg_hash = 0;
		return;
	}
	pending = fu_lfa_device_pending_to_string(self);
	if (priv->activatable) {
		msg = g_strdup_printf("%s of %s is staged and waits for activation: run "
				      "'fwupdmgr activate' to switch to it without a reboot",
				      pending,
				      fu_device_get_name(device));
	} else {
		msg = g_strdup_printf("%s of %s is staged but the platform does not allow this "
				      "component to be activated live",
				      pending,
				      fu_device_get_name(device));
	}
	msg[0] = g_ascii_toupper(msg[0]);
	msg_hash = g_str_hash(msg);

	/* unchanged: leave fwupd's state, and any failure recorded since, alone */
	if (msg_hash == priv->pending_msg_hash &&
	    fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION) == priv->activatable)
		return;
	if (priv->activatable) {
		fu_device_uninhibit(device, FU_LFA_DEVICE_INHIBIT_STAGED);
		/* an older text, ours or fwupd's generic one, is replaced */
		fu_device_uninhibit(device, FU_LFA_DEVICE_INHIBIT_NEEDS_ACTIVATION);
		/* before the flag, so that fwupd finds this ID taken and adds no text of its own */
		fu_device_inhibit(device, FU_LFA_DEVICE_INHIBIT_NEEDS_ACTIVATION, msg);
		fu_device_add_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION);
	} else {
		fu_device_remove_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION);
		fu_device_uninhibit(device, FU_LFA_DEVICE_INHIBIT_STAGED);
		fu_device_inhibit(device, FU_LFA_DEVICE_INHIBIT_STAGED, msg);
	}
	fu_device_set_update_message(device, msg);
	priv->pending_msg_hash = msg_hash;
}

/**
 * fu_lfa_device_refresh:
 * @self: a #FuLfaDevice
 * @error: (nullable): optional return location for an error
 *
 * Re-reads the component's state from the kernel. A malformed or unreadable
 * attribute becomes a problem on the device that names it, never a guessed
 * value.
 *
 * Returns: %FALSE only if the component is no longer present
 **/
gboolean
fu_lfa_device_refresh(FuLfaDevice *self, GError **error)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	const gchar *path = fu_device_get_backend_id(FU_DEVICE(self));
	gboolean capable = FALSE;
	gboolean capable_ok;
	gboolean may_reset = TRUE;
	gboolean may_reset_ok;
	gboolean pending = FALSE;
	gboolean rendezvous = TRUE;
	gint dirfd;

	g_return_val_if_fail(FU_IS_LFA_DEVICE(self), FALSE);

	/* one open for the directory, the attributes relative to it */
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		gint errsv = errno;
		if (errsv == ENOENT || errsv == ENOTDIR) {
			g_set_error(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_NOT_FOUND,
				    "component %s is no longer present",
				    fu_lfa_device_get_guid(self));
			return FALSE;
		}
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_READ,
			    "cannot open %s: %s",
			    path,
			    fwupd_strerror(errsv));
		return FALSE;
	}

	/* required by every kernel revision */
	capable_ok = fu_lfa_device_read_bool(self, dirfd, "activation_capable", TRUE, &capable);
	may_reset_ok = fu_lfa_device_read_bool(self, dirfd, "may_reset_cpu", TRUE, &may_reset);
	if (!fu_lfa_device_read_bool(self, dirfd, "activation_pending", TRUE, &pending))
		pending = FALSE;

	/* if we cannot tell, the firmware needs the rendezvous: the safe assumption */
	if (!fu_lfa_device_read_bool(self, dirfd, "cpu_rendezvous", FALSE, &rendezvous))
		rendezvous = TRUE;
	priv->rendezvous_required = rendezvous;

	fu_lfa_device_refresh_current_version(self, dirfd);
	fu_lfa_device_refresh_pending_version(self, dirfd);
	g_close(dirfd, NULL);

	/* what the kernel would refuse anyway */
	if (capable_ok && !capable) {
		fu_device_inhibit(FU_DEVICE(self),
				  FU_LFA_DEVICE_INHIBIT_NOT_CAPABLE,
				  "The platform reports this component as not activation capable "
				  "(activation_capable=0)");
	} else {
		fu_device_uninhibit(FU_DEVICE(self), FU_LFA_DEVICE_INHIBIT_NOT_CAPABLE);
	}
	if (may_reset_ok && may_reset) {
		fu_device_inhibit(
		    FU_DEVICE(self),
		    FU_LFA_DEVICE_INHIBIT_MAY_RESET_CPU,
		    "The platform reports that activating this component may reset the "
		    "CPUs (may_reset_cpu=1) and Linux does not activate such images live");
	} else {
		fu_device_uninhibit(FU_DEVICE(self), FU_LFA_DEVICE_INHIBIT_MAY_RESET_CPU);
	}
	priv->capable_known = capable_ok;
	priv->capable = capable;
	priv->may_reset_known = may_reset_ok;
	priv->may_reset = may_reset;
	priv->activatable = capable_ok && capable && may_reset_ok && !may_reset;
	priv->has_pending = pending;
	fu_lfa_device_refresh_pending_message(self);
	return TRUE;
}

/* apply LfaAutoActivate, writing only when the kernel's value differs */
static gboolean
fu_lfa_device_ensure_auto_activate(FuLfaDevice *self, GError **error)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	gboolean current = FALSE;
	g_autofree gchar *fn = NULL;
	g_autofree gchar *str = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!priv->auto_activate_set)
		return TRUE;
	str = fu_lfa_device_read_attr(self, "auto_activate", &error_local);
	if (str == NULL) {
		if (g_error_matches(error_local, FWUPD_ERROR, FWUPD_ERROR_NOT_FOUND)) {
			g_info("kernel has no auto_activate, ignoring LfaAutoActivate for %s",
			       fu_lfa_device_get_guid(self));
			return TRUE;
		}
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (fu_lfa_common_parse_bool(str, &current, NULL) && current == priv->auto_activate)
		return TRUE;
	fn = fu_lfa_device_build_attr_path(self, "auto_activate");
	return fu_lfa_common_write_attr(fn, priv->auto_activate ? "1" : "0", error);
}

/* apply LfaCpuRendezvous just before activating */
static gboolean
fu_lfa_device_ensure_rendezvous(FuLfaDevice *self, GError **error)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	const gchar *value;
	gboolean exists = FALSE;
	g_autofree gchar *fn = NULL;

	if (priv->rendezvous_policy == FU_LFA_RENDEZVOUS_POLICY_FORCE)
		value = "1";
	else if (priv->rendezvous_policy == FU_LFA_RENDEZVOUS_POLICY_SKIP_IF_OPTIONAL)
		value = priv->rendezvous_required ? "1" : "0";
	else
		return TRUE;

	fn = fu_lfa_device_build_attr_path(self, "force_cpu_rendezvous");
	if (!fu_device_query_file_exists(FU_DEVICE(self), fn, &exists, error))
		return FALSE;
	if (!exists) {
		g_info("kernel has no force_cpu_rendezvous and always uses the rendezvous");
		return TRUE;
	}
	if (!fu_lfa_common_write_attr(fn, value, error)) {
		g_prefix_error_literal(error, "failed to set the CPU rendezvous policy: ");
		return FALSE;
	}
	return TRUE;
}

/* why the platform does not allow a live activation now, or %NULL if it does */
static gchar *
fu_lfa_device_get_live_blocker(FuLfaDevice *self)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	const gchar *problem = fu_device_get_update_error(FU_DEVICE(self));

	if (priv->may_reset_known && priv->may_reset)
		return g_strdup("the platform reports that activating it may reset the CPUs "
				"(may_reset_cpu=1) and Linux does not activate such images live");
	if (priv->capable_known && !priv->capable)
		return g_strdup("the platform reports it as not activation capable "
				"(activation_capable=0)");
	if (!priv->activatable)
		return g_strdup_printf("the kernel's view of it is unusable: %s",
				       problem != NULL ? problem : "unknown problem");
	return NULL;
}

/* re-reads the component and refuses what the platform cannot activate live */
static gboolean
fu_lfa_device_ensure_live(FuLfaDevice *self, GError **error)
{
	g_autofree gchar *blocker = NULL;

	if (!fu_lfa_device_refresh(self, error))
		return FALSE;
	blocker = fu_lfa_device_get_live_blocker(self);
	if (blocker != NULL) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_SUPPORTED,
			    "%s cannot be activated live: %s",
			    fu_device_get_name(FU_DEVICE(self)),
			    blocker);
		return FALSE;
	}
	return TRUE;
}

static gchar *
fu_lfa_device_get_version_display(FuLfaDevice *self)
{
	const gchar *version = fu_device_get_version(FU_DEVICE(self));
	return g_strdup(version != NULL ? version : "unknown");
}

static const gchar *
fu_lfa_device_get_trigger(FuLfaDevice *self)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	return priv->activating_from_install ? "fwupd-install" : "fwupd-activate";
}

/*
 * One structured journal entry per activation the plugin runs, so that an
 * admin can list them later: journalctl MESSAGE_ID=<FU_LFA_AUDIT_MESSAGE_ID>.
 * The firmware's own reason for a failure is in the kernel's log line.
 */
static void
fu_lfa_device_audit(FuLfaDevice *self,
		    const gchar *version_old,
		    const gchar *version_new,
		    const gchar *result,
		    const gchar *reason)
{
	g_autofree gchar *version_now = fu_lfa_device_get_version_display(self);
	fu_lfa_audit_log(fu_lfa_device_get_guid(self),
			 fu_device_get_name(FU_DEVICE(self)),
			 fu_lfa_device_get_trigger(self),
			 version_old,
			 version_new,
			 version_now,
			 result,
			 reason);
}

/*
 * What the kernel reports about the component after an activation that
 * started from @version_before, re-read now: only what the platform says.
 */
static gchar *
fu_lfa_device_describe_now(FuLfaDevice *self, guint64 version_before)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	FuDevice *device = FU_DEVICE(self);
	g_autofree gchar *now = NULL;
	g_autofree gchar *current = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!fu_lfa_device_refresh(self, &error_local)) {
		if (g_error_matches(error_local, FWUPD_ERROR, FWUPD_ERROR_NOT_FOUND))
			return g_strdup("the platform no longer lists the component");
		return g_strdup_printf("the kernel's view of the component cannot be read (%s)",
				       error_local->message);
	}
	current = fu_lfa_device_get_version_display(self);
	if (!priv->has_pending && fu_device_get_version_raw(device) != version_before) {
		now = g_strdup_printf("the kernel now reports version %s running and "
				      "nothing staged",
				      current);
	} else if (priv->has_pending) {
		g_autofree gchar *pending = fu_lfa_device_pending_to_string(self);
		now = g_strdup_printf("the kernel reports version %s as current with %s "
				      "still staged",
				      current,
				      pending);
	} else {
		now = g_strdup_printf("the kernel reports version %s as current and "
				      "nothing staged any more",
				      current);
	}
	if (priv->capable_known && !priv->capable) {
		g_autofree gchar *tmp = g_steal_pointer(&now);
		now = g_strdup_printf("%s; the platform no longer reports it as "
				      "activation capable",
				      tmp);
	}
	return g_steal_pointer(&now);
}

/*
 * On a v3 kernel every failed activation is ECANCELED, whatever the firmware
 * said, so the errno tells nothing: re-read the component and report what
 * the platform says now. The firmware's reason is only in the kernel log.
 */
static void
fu_lfa_device_explain_failure(FuLfaDevice *self, guint64 version_before, GError **error)
{
	g_autofree gchar *now = fu_lfa_device_describe_now(self, version_before);
	g_set_error(error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_WRITE,
		    "activation of %s failed: %s; the firmware's reason is in the kernel log "
		    "(journalctl -k --grep 'lfa: .*%s')",
		    fu_device_get_name(FU_DEVICE(self)),
		    now,
		    fu_lfa_device_get_guid(self));
}

/**
 * fu_lfa_device_reconcile_interrupted:
 * @self: a #FuLfaDevice
 * @record: what fu_lfa_audit_record_write() recorded before an activation
 *
 * At start-up, for an activation whose daemon died before the write to
 * `activate` returned: writes the journal entry it never wrote, with what
 * the kernel reports now, and says the same as the device's update error.
 * fwupd's history keeps such an install's row pending until the next boot or
 * the next install, so this is where an admin learns how it ended.
 **/
void
fu_lfa_device_reconcile_interrupted(FuLfaDevice *self, GKeyFile *record)
{
	FuDevice *device = FU_DEVICE(self);
	guint64 version_before =
	    g_key_file_get_uint64(record, FU_LFA_AUDIT_RECORD_GROUP, "VersionOld", NULL);
	g_autofree gchar *msg = NULL;
	g_autofree gchar *now = NULL;
	g_autofree gchar *started =
	    fu_lfa_audit_record_get(record, "Started", "at an unknown time");
	g_autofree gchar *trigger = fu_lfa_audit_record_get(record, "Trigger", "unknown");
	g_autofree gchar *version_new = fu_lfa_audit_record_get(record, "VersionNew", "unknown");
	g_autofree gchar *version_now = NULL;
	g_autofree gchar *version_old = fu_lfa_common_version_to_string(version_before);

	g_return_if_fail(FU_IS_LFA_DEVICE(self));

	now = fu_lfa_device_describe_now(self, version_before);
	version_now = fu_lfa_device_get_version_display(self);
	msg = g_strdup_printf("fwupd stopped while it activated version %s of %s (started %s), "
			      "so it never recorded the result: %s; the kernel logged the "
			      "activation's result itself (journalctl -k --grep 'lfa: .*%s')",
			      version_new,
			      fu_device_get_name(device),
			      started,
			      now,
			      fu_lfa_device_get_guid(self));
	fu_lfa_audit_log(fu_lfa_device_get_guid(self),
			 fu_device_get_name(device),
			 trigger,
			 version_old,
			 version_new,
			 version_now,
			 FU_LFA_AUDIT_RESULT_INTERRUPTED,
			 msg);
	g_warning("%s", msg);
	fu_device_set_update_error(device, msg);
	fu_device_set_update_message(device, msg);
}

/*
 * The write to activate failed with @error_write: says what the admin is
 * told, and records it as the update error and in the journal.
 */
static gboolean
fu_lfa_device_activate_failed(FuLfaDevice *self,
			      guint64 version_before,
			      const gchar *version_old,
			      const gchar *version_new,
			      const GError *error_write,
			      GError **error)
{
	FuDevice *device = FU_DEVICE(self);
	g_autoptr(GError) error_local = NULL;

	/* the sandbox stopped the write: nothing reached the kernel */
	if (g_error_matches(error_write, FWUPD_ERROR, FWUPD_ERROR_PERMISSION_DENIED)) {
		fu_device_set_update_error(device, error_write->message);
		fu_device_set_update_state(device, FWUPD_UPDATE_STATE_FAILED);
		g_propagate_error(error, g_error_copy(error_write));
		return FALSE;
	}

	/* the kernel holds another activation and did not start this one */
	if (g_error_matches(error_write, FWUPD_ERROR, FWUPD_ERROR_BUSY)) {
		g_set_error(&error_local,
			    FWUPD_ERROR,
			    FWUPD_ERROR_BUSY,
			    "another activation is in progress, so the kernel did not "
			    "start one for %s; try again once it has finished",
			    fu_device_get_name(device));
		fu_device_set_update_error(device, error_local->message);
		fu_device_set_update_state(device, FWUPD_UPDATE_STATE_FAILED_TRANSIENT);
		fu_lfa_device_audit(self, version_old, version_new, "busy", error_local->message);
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	g_debug("activate: %s", error_write->message);
	fu_lfa_device_explain_failure(self, version_before, &error_local);
	fu_device_set_update_error(device, error_local->message);
	fu_device_set_update_state(device, FWUPD_UPDATE_STATE_FAILED);
	fu_lfa_device_audit(self, version_old, version_new, "failed", error_local->message);
	g_propagate_error(error, g_steal_pointer(&error_local));
	return FALSE;
}

/* the write to activate succeeded */
static void
fu_lfa_device_activate_done(FuLfaDevice *self, const gchar *version_old, const gchar *version_new)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	g_autoptr(GError) error_local = NULL;

	/* the kernel re-read the inventory; the component may have gone with it */
	if (!fu_lfa_device_refresh(self, &error_local)) {
		g_info("%s: %s", fu_lfa_device_get_guid(self), error_local->message);
		fu_lfa_device_audit(self,
				    version_old,
				    version_new,
				    "success",
				    error_local->message);
		fu_device_set_update_state(FU_DEVICE(self), FWUPD_UPDATE_STATE_SUCCESS);
		return;
	}
	if (priv->has_pending) {
		g_info("%s still reports a pending image after activation",
		       fu_lfa_device_get_guid(self));
	}
	fu_lfa_device_audit(self, version_old, version_new, "success", NULL);
	fu_device_set_update_state(FU_DEVICE(self), FWUPD_UPDATE_STATE_SUCCESS);
}

static gboolean
fu_lfa_device_activate(FuDevice *device, FuProgress *progress, GError **error)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	gboolean ok;
	guint64 version_before;
	g_autofree gchar *fn = NULL;
	g_autofree gchar *version_new = NULL;
	g_autofree gchar *version_old = NULL;
	g_autoptr(GError) error_local = NULL;

	/* the state may have changed since we last looked */
	if (!fu_lfa_device_ensure_live(self, error))
		return FALSE;
	if (!priv->has_pending) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOTHING_TO_DO,
			    "nothing is staged for %s: the kernel reports activation_pending=0",
			    fu_device_get_name(device));
		return FALSE;
	}
	if (!fu_lfa_device_ensure_rendezvous(self, error))
		return FALSE;

	version_before = fu_device_get_version_raw(device);
	version_old = fu_lfa_device_get_version_display(self);
	version_new = priv->pending_version_valid
			  ? fu_lfa_common_version_to_string(priv->pending_version)
			  : g_strdup("unknown");
	/*
	 * the engine writes the update state to the history of an install this
	 * daemon ran: pending while the firmware switches, then success or failure
	 */
	fu_device_set_update_state(device, FWUPD_UPDATE_STATE_PENDING);
	fu_progress_set_status(progress, FWUPD_STATUS_DEVICE_WRITE);

	/* if we die while the firmware switches, the next start tells how it ended */
	if (!fu_lfa_audit_record_write(fu_lfa_device_get_guid(self),
				       fu_device_get_name(device),
				       fu_lfa_device_get_trigger(self),
				       version_before,
				       version_new,
				       &error_local)) {
		g_warning("cannot record the activation of %s in progress: %s",
			  fu_lfa_device_get_guid(self),
			  error_local->message);
		g_clear_error(&error_local);
	}
	fn = fu_lfa_device_build_attr_path(self, "activate");
	ok = fu_lfa_common_write_attr(fn, "1", &error_local);
	if (ok) {
		fu_lfa_device_activate_done(self, version_old, version_new);
	} else {
		ok = fu_lfa_device_activate_failed(self,
						   version_before,
						   version_old,
						   version_new,
						   error_local,
						   error);
	}
	fu_lfa_audit_record_remove(fu_lfa_device_get_guid(self));
	return ok;
}

/**
 * fu_lfa_device_get_image:
 * @self: a #FuLfaDevice
 * @firmware: the prepared firmware
 * @size: (out): the size of the image
 * @error: (nullable): optional return location for an error
 *
 * Gets the image to stage as a stream, without copying it, refusing a testbed
 * image whose header carries a different version than the release it came with.
 *
 * Returns: (transfer full): the whole image, or %NULL
 **/
GInputStream *
fu_lfa_device_get_image(FuLfaDevice *self, FuFirmware *firmware, gsize *size, GError **error)
{
	const gchar *release_str = fu_firmware_get_version(firmware);
	guint64 release = 0;
	g_autoptr(GInputStream) stream = NULL;

	g_return_val_if_fail(FU_IS_LFA_DEVICE(self), NULL);
	g_return_val_if_fail(FU_IS_FIRMWARE(firmware), NULL);

	if (FU_IS_LFA_FIRMWARE(firmware) && release_str != NULL &&
	    fu_lfa_common_parse_release_version(release_str, &release, NULL) &&
	    release != fu_firmware_get_version_raw(firmware)) {
		g_autofree gchar *image_str =
		    fu_lfa_common_version_to_string(fu_firmware_get_version_raw(firmware));
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_FILE,
			    "image header says version %s but the release is version %s; nothing "
			    "was staged",
			    image_str,
			    release_str);
		return NULL;
	}
	stream = fu_firmware_get_stream(firmware, error);
	if (stream == NULL)
		return NULL;
	if (!fu_input_stream_size(stream, size, error))
		return NULL;
	return g_steal_pointer(&stream);
}

/*
 * The engine marks a finished install a success, which clears the update
 * error where fwupd clients read the staged version; nothing of the plugin
 * runs after that, so say it again right when it is cleared: an image fwupd
 * staged then reads as one staged out of band does.
 *
 * Connected by fu_lfa_device_finish_install() only, to the devices fwupd
 * staged an image for: a class notify handler would make GLib emit the
 * notify signal for every property set on every device from the first
 * one on, which was a seventh of the coldplug's instructions.
 */
static void
fu_lfa_device_notify_update_error_cb(FuDevice *device, GParamSpec *pspec, gpointer user_data)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);

	if (fu_device_get_update_state(device) == FWUPD_UPDATE_STATE_SUCCESS && priv->has_pending &&
	    priv->pending_msg_hash != 0 && fu_device_get_update_error(device) == NULL) {
		priv->pending_msg_hash = 0;
		fu_device_uninhibit(device, FU_LFA_DEVICE_INHIBIT_NEEDS_ACTIVATION);
		fu_device_uninhibit(device, FU_LFA_DEVICE_INHIBIT_STAGED);
		fu_lfa_device_refresh_pending_message(self);
	}
}

static gboolean
fu_lfa_device_check_staged(FuLfaDevice *self,
			   FuFirmware *firmware,
			   FuProgress *progress,
			   GError **error);

/**
 * fu_lfa_device_finish_install:
 * @self: a #FuLfaDevice
 * @firmware: the firmware that was staged
 * @progress: a #FuProgress
 * @error: (nullable): optional return location for an error
 *
 * Called by the staging subclasses once the image was handed over: checks
 * that the kernel reports it, then activates it if the admin chose
 * activate-on-install, and leaves a message saying what is now true.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_device_finish_install(FuLfaDevice *self,
			     FuFirmware *firmware,
			     FuProgress *progress,
			     GError **error)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	FuDevice *device = FU_DEVICE(self);
	g_autofree gchar *msg = NULL;
	g_autofree gchar *version = NULL;
	gboolean ok;

	g_return_val_if_fail(FU_IS_LFA_DEVICE(self), FALSE);

	if (!fu_lfa_device_check_staged(self, firmware, progress, error))
		return FALSE;

	/* the kernel activated it already because auto_activate is set */
	if (!priv->has_pending) {
		version = fu_lfa_device_get_version_display(self);
		msg = g_strdup_printf("%s now runs version %s: the kernel activated it as soon as "
				      "it was staged (auto_activate=1)",
				      fu_device_get_name(device),
				      version);
		fu_device_set_update_message(device, msg);
		return TRUE;
	}

	/* the pending message, set by the refresh, says what is staged and how to activate it */
	if (!fu_device_has_private_flag(device, FU_LFA_DEVICE_FLAG_ACTIVATE_ON_INSTALL)) {
		if (!priv->notify_connected) {
			g_signal_connect(device,
					 "notify::update-error",
					 G_CALLBACK(fu_lfa_device_notify_update_error_cb),
					 NULL);
			priv->notify_connected = TRUE;
		}
		return TRUE;
	}
	priv->activating_from_install = TRUE;
	ok = fu_device_activate(device, progress, error);
	priv->activating_from_install = FALSE;
	if (!ok) {
		g_prefix_error_literal(error, "the image was staged, then: ");
		return FALSE;
	}

	/* the kernel said success yet still lists an image: its pending message stays */
	if (priv->has_pending)
		return TRUE;
	version = fu_lfa_device_get_version_display(self);
	msg = g_strdup_printf("%s now runs version %s: it was activated live without a reboot",
			      fu_device_get_name(device),
			      version);
	fu_device_set_update_message(device, msg);
	return TRUE;
}

/* the kernel's auto_activate, whoever set it; FALSE when absent or unreadable */
static gboolean
fu_lfa_device_get_kernel_auto_activate(FuLfaDevice *self)
{
	gboolean value = FALSE;
	g_autofree gchar *str = fu_lfa_device_read_attr(self, "auto_activate", NULL);
	if (str == NULL || !fu_lfa_common_parse_bool(str, &value, NULL))
		return FALSE;
	return value;
}

static gboolean
fu_lfa_device_check_version(FuLfaDevice *self,
			    const gchar *what,
			    guint64 version,
			    const gchar *release_str,
			    GError **error)
{
	guint64 release = 0;
	g_autofree gchar *version_str = NULL;
	g_autoptr(GError) error_local = NULL;

	/* upstream TF-A reports 0.0 for every version, which tells us nothing */
	if (version == 0) {
		g_info("kernel does not report a %s version for %s",
		       what,
		       fu_lfa_device_get_guid(self));
		return TRUE;
	}
	if (release_str == NULL) {
		g_info("no release version to compare the %s version with", what);
		return TRUE;
	}
	if (!fu_lfa_common_parse_release_version(release_str, &release, &error_local)) {
		g_info("cannot compare release version %s: %s", release_str, error_local->message);
		return TRUE;
	}
	if (release != version) {
		version_str = fu_lfa_common_version_to_string(version);
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_DATA,
			    "the kernel reports version %s as %s for %s but the release is "
			    "version %s; do not activate it before checking what was staged",
			    version_str,
			    what,
			    fu_lfa_device_get_guid(self),
			    release_str);
		return FALSE;
	}
	return TRUE;
}

/*
 * Once the image was handed over: waits for
 * the kernel to report it as pending and checks it is the release's version.
 * With the kernel's auto_activate set, the platform may activate the image
 * straight away; then the new running version is checked instead.
 */
static gboolean
fu_lfa_device_check_staged(FuLfaDevice *self,
			   FuFirmware *firmware,
			   FuProgress *progress,
			   GError **error)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	const gchar *release_str = fu_firmware_get_version(firmware);
	guint64 version_before = fu_device_get_version_raw(FU_DEVICE(self));
	gboolean auto_activate = fu_lfa_device_get_kernel_auto_activate(self);
	guint timeout_ms = auto_activate ? FU_LFA_DEVICE_AUTO_ACTIVATE_TIMEOUT_MS
					 : FU_LFA_DEVICE_PENDING_TIMEOUT_MS;

	fu_progress_set_status(progress, FWUPD_STATUS_DEVICE_VERIFY);
	for (guint i = 0; i <= timeout_ms / FU_LFA_DEVICE_PENDING_POLL_MS; i++) {
		if (!fu_lfa_device_refresh(self, error))
			return FALSE;

		/* activated by the kernel as soon as the platform reported the image */
		if (!priv->has_pending &&
		    fu_device_get_version_raw(FU_DEVICE(self)) != version_before) {
			g_info("%s was activated automatically", fu_lfa_device_get_guid(self));
			return fu_lfa_device_check_version(
			    self,
			    "running",
			    fu_device_get_version_raw(FU_DEVICE(self)),
			    release_str,
			    error);
		}
		if (priv->has_pending && !auto_activate)
			break;
		fu_device_sleep(FU_DEVICE(self), FU_LFA_DEVICE_PENDING_POLL_MS);
	}
	if (!priv->has_pending) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_WRITE,
			    "the image was handed over but the kernel reports nothing pending "
			    "for %s after %u ms",
			    fu_lfa_device_get_guid(self),
			    timeout_ms);
		return FALSE;
	}
	if (auto_activate)
		g_info("%s has auto_activate set but the image is still pending",
		       fu_lfa_device_get_guid(self));
	if (!priv->pending_version_valid) {
		g_info("kernel does not report a pending version for %s",
		       fu_lfa_device_get_guid(self));
		return TRUE;
	}
	return fu_lfa_device_check_version(self,
					   "pending",
					   priv->pending_version,
					   release_str,
					   error);
}

static gboolean
fu_lfa_device_probe(FuDevice *device, GError **error)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	FuContext *ctx = fu_device_get_context(device);
	const gchar *path = fu_device_get_backend_id(device);
	const gchar *basename;
	g_autofree gchar *dirname = NULL;
	g_autofree gchar *guid = NULL;
	g_autofree gchar *instance_id = NULL;
	g_autofree gchar *name = NULL;

	if (path == NULL) {
		g_set_error_literal(error, FWUPD_ERROR, FWUPD_ERROR_INTERNAL, "no sysfs path set");
		return FALSE;
	}
	basename = strrchr(path, '/');
	basename = basename != NULL ? basename + 1 : path;
	if (!fwupd_guid_is_valid(basename)) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_SUPPORTED,
			    "%s is not a GUID",
			    basename);
		return FALSE;
	}
	guid = g_ascii_strdown(basename, -1);
	dirname = g_path_get_dirname(path);
	fu_device_set_physical_id(device, dirname);
	fu_device_set_logical_id(device, guid);

	/* before the instance IDs, so that a quirk Name wins */
	name = fu_lfa_device_read_attr(self, "name", NULL);
	if (fu_lfa_common_name_is_real(name, guid)) {
		fu_device_set_name(device, name);
	} else {
		g_autofree gchar *fallback = g_strdup_printf("LFA component %s", guid);
		fu_device_set_name(device, fallback);
	}

	/*
	 * The two IDs that carry meaning, and no other: the component GUID itself
	 * (what a release's metadata targets, and a quirk section named after it)
	 * and LFA\GUID_<GUID>, the readable form quirk files may use. Each costs a
	 * quirk query; only the second a SHA-1. Built directly, as
	 * fu_device_build_instance_id() would keep a hash table per device for it.
	 */
	fu_device_add_instance_id(device, guid);
	instance_id = g_strdup_printf("LFA\\GUID_%s", basename);
	for (gchar *p = instance_id + strlen("LFA\\GUID_"); *p != '\0'; p++)
		*p = g_ascii_toupper(*p);
	fu_device_add_instance_id(device, instance_id);

	/* platform firmware belongs to the platform vendor, as with UEFI capsules */
	if (fu_device_get_vendor_ids(device)->len == 0) {
		const gchar *vendor = fu_context_get_hwid_value(ctx, FU_HWIDS_KEY_BIOS_VENDOR);
		if (vendor == NULL)
			vendor = fu_context_get_hwid_value(ctx, FU_HWIDS_KEY_MANUFACTURER);
		fu_device_build_vendor_id(device, "DMI", vendor);
	}

	/* no SMBIOS or devicetree vendor: only whoever was granted the GUID itself */
	if (fu_device_get_vendor_ids(device)->len == 0)
		fu_device_build_vendor_id(device, "LFA", instance_id + strlen("LFA\\GUID_"));
	return TRUE;
}

static gboolean
fu_lfa_device_setup(FuDevice *device, GError **error)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	g_autoptr(GError) error_local = NULL;

	if (!fu_lfa_device_refresh(self, error))
		return FALSE;
	if (!fu_lfa_device_ensure_auto_activate(self, &error_local)) {
		g_warning("failed to apply LfaAutoActivate to %s: %s",
			  fu_lfa_device_get_guid(self),
			  error_local->message);
	}
	return TRUE;
}

static gboolean
fu_lfa_device_reload(FuDevice *device, GError **error)
{
	return fu_lfa_device_refresh(FU_LFA_DEVICE(device), error);
}

static FuFirmware *
fu_lfa_device_prepare_firmware(FuDevice *device,
			       GInputStream *stream,
			       FuProgress *progress,
			       FuFirmwareParseFlags flags,
			       GError **error)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	gsize streamsz = 0;
	g_autoptr(FuFirmware) firmware = NULL;

	/*
	 * fwupdmgr asks the daemon to show problems, which lets an install reach a
	 * device fwupd marked not updatable: refuse here, before anything is staged
	 */
	if (!fu_lfa_device_ensure_live(self, error)) {
		g_prefix_error_literal(error, "nothing was staged: ");
		return NULL;
	}
	if (!fu_input_stream_size(stream, &streamsz, error))
		return NULL;
	if (streamsz == 0) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_FILE,
			    "the image for %s is empty; nothing was staged",
			    fu_device_get_name(device));
		return NULL;
	}

	/* opaque platform images are passed through as they are */
	if (!fu_struct_lfa_image_validate_stream(stream, 0x0, NULL)) {
		firmware = fu_firmware_new();
	} else {
		firmware = fu_lfa_firmware_new();
	}
	if (!fu_firmware_parse_stream(firmware, stream, 0x0, flags, error)) {
		g_prefix_error(error,
			       "refusing the image for %s (nothing was staged): ",
			       fu_device_get_name(device));
		return NULL;
	}

	/* our testbed format carries the target GUID: refuse a mismatch before staging */
	if (FU_IS_LFA_FIRMWARE(firmware) &&
	    g_strcmp0(fu_lfa_firmware_get_guid(FU_LFA_FIRMWARE(firmware)),
		      fu_lfa_device_get_guid(self)) != 0) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_FILE,
			    "image is for component %s, not %s; nothing was staged",
			    fu_lfa_firmware_get_guid(FU_LFA_FIRMWARE(firmware)),
			    fu_lfa_device_get_guid(self));
		return NULL;
	}

	/* staged straight from the stream, never from a copy */
	if (!fu_firmware_set_stream(firmware, stream, error))
		return NULL;
	return g_steal_pointer(&firmware);
}

static gboolean
fu_lfa_device_parse_quirk_kv(FuLfaDevice *self,
			     const gchar *key,
			     const gchar *value,
			     GError **error)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);

	if (g_strcmp0(key, "LfaCpuRendezvous") == 0) {
		FuLfaRendezvousPolicy policy = fu_lfa_rendezvous_policy_from_string(value);
		if (policy == FU_LFA_RENDEZVOUS_POLICY_UNKNOWN) {
			g_set_error(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_INVALID_DATA,
				    "invalid LfaCpuRendezvous '%s', expected default, force or "
				    "skip-if-optional",
				    value);
			return FALSE;
		}
		priv->rendezvous_policy = policy;
		return TRUE;
	}
	if (g_strcmp0(key, "LfaStagingMethod") == 0) {
		FuLfaStagingMethod method = fu_lfa_staging_method_from_string(value);
		if (method == FU_LFA_STAGING_METHOD_UNKNOWN) {
			g_set_error(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_INVALID_DATA,
				    "invalid LfaStagingMethod '%s', expected firmware-upload, file "
				    "or none",
				    value);
			return FALSE;
		}
		priv->staging_method = method;
		return TRUE;
	}
	if (g_strcmp0(key, "LfaStagingTarget") == 0) {
		if (value == NULL || value[0] == '\0' || g_strstr_len(value, -1, "..") != NULL) {
			g_set_error(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_INVALID_DATA,
				    "invalid LfaStagingTarget '%s', expected a name or an absolute "
				    "path without '..'",
				    value != NULL ? value : "");
			return FALSE;
		}
		g_free(priv->staging_target);
		priv->staging_target = g_strdup(value);
		return TRUE;
	}
	if (g_strcmp0(key, "LfaAutoActivate") == 0) {
		gboolean auto_activate = FALSE;
		if (!fu_strtobool(value, &auto_activate, error)) {
			g_prefix_error_literal(error, "invalid LfaAutoActivate: ");
			return FALSE;
		}
		priv->auto_activate = auto_activate;
		priv->auto_activate_set = TRUE;
		return TRUE;
	}
	if (g_strcmp0(key, "LfaActivateOnInstall") == 0) {
		gboolean activate_on_install = FALSE;
		if (!fu_strtobool(value, &activate_on_install, error)) {
			g_prefix_error_literal(error, "invalid LfaActivateOnInstall: ");
			return FALSE;
		}
		if (activate_on_install) {
			fu_device_add_private_flag(FU_DEVICE(self),
						   FU_LFA_DEVICE_FLAG_ACTIVATE_ON_INSTALL);
		} else {
			fu_device_remove_private_flag(FU_DEVICE(self),
						      FU_LFA_DEVICE_FLAG_ACTIVATE_ON_INSTALL);
		}
		return TRUE;
	}
	g_set_error_literal(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_SUPPORTED,
			    "quirk key not supported");
	return FALSE;
}

static gboolean
fu_lfa_device_set_quirk_kv(FuDevice *device, const gchar *key, const gchar *value, GError **error)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	g_autoptr(GError) error_local = NULL;

	if (!fu_lfa_device_parse_quirk_kv(self, key, value, &error_local)) {
		/* a policy we cannot honour must not be replaced by a guess */
		if (!g_error_matches(error_local, FWUPD_ERROR, FWUPD_ERROR_NOT_SUPPORTED))
			fu_device_inhibit(device,
					  FU_LFA_DEVICE_INHIBIT_QUIRK,
					  error_local->message);
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	return TRUE;
}

static void
fu_lfa_device_to_string(FuDevice *device, guint idt, GString *str)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	fwupd_codec_string_append(str, idt, "Guid", fu_lfa_device_get_guid(self));
	fwupd_codec_string_append_bool(str, idt, "Activatable", priv->activatable);
	fwupd_codec_string_append_bool(str,
				       idt,
				       "CpuRendezvousRequired",
				       priv->rendezvous_required);
	fwupd_codec_string_append_bool(str, idt, "ActivationPending", priv->has_pending);
	if (priv->pending_version_valid) {
		g_autofree gchar *version = fu_lfa_common_version_to_string(priv->pending_version);
		fwupd_codec_string_append(str, idt, "PendingVersion", version);
	}
	fwupd_codec_string_append(str,
				  idt,
				  "CpuRendezvousPolicy",
				  fu_lfa_rendezvous_policy_to_string(priv->rendezvous_policy));
	fwupd_codec_string_append(str,
				  idt,
				  "StagingMethod",
				  fu_lfa_staging_method_to_string(priv->staging_method));
	fwupd_codec_string_append(str, idt, "StagingTarget", priv->staging_target);
	if (priv->auto_activate_set)
		fwupd_codec_string_append_bool(str, idt, "AutoActivate", priv->auto_activate);
}

static void
fu_lfa_device_report_metadata_pre(FuDevice *device, GHashTable *metadata)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	g_hash_table_insert(metadata,
			    g_strdup("LfaStagingMethod"),
			    g_strdup(fu_lfa_staging_method_to_string(priv->staging_method)));
	g_hash_table_insert(metadata,
			    g_strdup("LfaCpuRendezvous"),
			    g_strdup(fu_lfa_rendezvous_policy_to_string(priv->rendezvous_policy)));
	g_hash_table_insert(metadata,
			    g_strdup("LfaCpuRendezvousRequired"),
			    g_strdup(priv->rendezvous_required ? "true" : "false"));
}

static gchar *
fu_lfa_device_convert_version(FuDevice *device, guint64 version_raw)
{
	return fu_version_from_uint64(version_raw, fu_device_get_version_format(device));
}

static void
fu_lfa_device_set_progress(FuDevice *device, FuProgress *progress)
{
	fu_progress_set_id(progress, G_STRLOC);
	/* nothing detaches or restarts: the component keeps running while it is staged */
	fu_progress_add_step(progress, FWUPD_STATUS_DECOMPRESSING, 0, "prepare-fw");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_WRITE, 0, "detach");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_WRITE, 98, "write");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_VERIFY, 0, "attach");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_READ, 2, "reload");
}

static void
fu_lfa_device_init(FuLfaDevice *self)
{
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	priv->rendezvous_policy = FU_LFA_RENDEZVOUS_POLICY_DEFAULT;
	priv->staging_method = FU_LFA_STAGING_METHOD_FIRMWARE_UPLOAD;
	priv->rendezvous_required = TRUE;
	fu_device_add_protocol(FU_DEVICE(self), "com.arm.lfa");
	fu_device_set_version_format(FU_DEVICE(self), FWUPD_VERSION_FORMAT_PAIR);
	fu_device_add_icon(FU_DEVICE(self), FU_DEVICE_ICON_COMPUTER);
	/* neutral: whether it can be activated live is what the platform reports */
	fu_device_set_summary(FU_DEVICE(self),
			      "Firmware component listed by Arm Live Firmware Activation");
	fu_device_register_private_flag(FU_DEVICE(self), FU_LFA_DEVICE_FLAG_ACTIVATE_ON_INSTALL);
	fu_device_add_flag(FU_DEVICE(self), FWUPD_DEVICE_FLAG_INTERNAL);
	fu_device_add_flag(FU_DEVICE(self), FWUPD_DEVICE_FLAG_UPDATABLE);
	fu_device_add_flag(FU_DEVICE(self), FWUPD_DEVICE_FLAG_SIGNED_PAYLOAD);
	fu_device_add_flag(FU_DEVICE(self), FWUPD_DEVICE_FLAG_USABLE_DURING_UPDATE);
}

static void
fu_lfa_device_finalize(GObject *object)
{
	FuLfaDevice *self = FU_LFA_DEVICE(object);
	FuLfaDevicePrivate *priv = GET_PRIVATE(self);
	g_free(priv->staging_target);
	G_OBJECT_CLASS(fu_lfa_device_parent_class)->finalize(object);
}

static void
fu_lfa_device_class_init(FuLfaDeviceClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	FuDeviceClass *device_class = FU_DEVICE_CLASS(klass);
	object_class->finalize = fu_lfa_device_finalize;
	device_class->probe = fu_lfa_device_probe;
	device_class->setup = fu_lfa_device_setup;
	device_class->reload = fu_lfa_device_reload;
	device_class->activate = fu_lfa_device_activate;
	device_class->prepare_firmware = fu_lfa_device_prepare_firmware;
	device_class->set_quirk_kv = fu_lfa_device_set_quirk_kv;
	device_class->to_string = fu_lfa_device_to_string;
	device_class->report_metadata_pre = fu_lfa_device_report_metadata_pre;
	device_class->convert_version = fu_lfa_device_convert_version;
	device_class->set_progress = fu_lfa_device_set_progress;
}
