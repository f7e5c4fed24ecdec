/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fu-lfa-audit.h"
#include "fu-lfa-common.h"

/*
 * The audit trail: one structured journal entry per activation the plugin
 * runs, and a small record per component while an activation is in flight.
 *
 * fwupd 2.0.20 writes a history row only from a daemon that ran an install
 * itself, and at start-up settles a pending row only after a reboot, so a
 * daemon killed while the firmware activates leaves nothing that says how
 * it ended. The record, written before `activate` and removed once the write
 * returns, lets the next start find such an activation and write its entry
 * from what the kernel then reports.
 */

#define FU_LFA_AUDIT_RECORD_PREFIX "activation-"

/**
 * fu_lfa_audit_log:
 *
 * Writes one structured journal entry, queried by an admin with
 * `journalctl MESSAGE_ID=ace33fbf7cf843a9a9acb0f456279a38`. Through GLib's
 * structured logging it reaches journald directly under systemd.
 **/
void
fu_lfa_audit_log(const gchar *guid,
		 const gchar *component,
		 const gchar *trigger,
		 const gchar *version_old,
		 const gchar *version_new,
		 const gchar *version_now,
		 const gchar *result,
		 const gchar *reason)
{
	g_log_structured(G_LOG_DOMAIN,
			 G_LOG_LEVEL_MESSAGE,
			 "MESSAGE_ID",
			 FU_LFA_AUDIT_MESSAGE_ID,
			 "LFA_GUID",
			 guid,
			 "LFA_COMPONENT",
			 component,
			 "LFA_VERSION_OLD",
			 version_old,
			 "LFA_VERSION_NEW",
			 version_new,
			 "LFA_VERSION_NOW",
			 version_now,
			 "LFA_RESULT",
			 result,
			 "LFA_TRIGGER",
			 trigger,
			 "LFA_REASON",
			 reason != NULL ? reason : "",
			 "MESSAGE",
			 "lfa: activation of %s %s: %s, version %s -> %s, now %s",
			 component,
			 guid,
			 result,
			 version_old,
			 version_new,
			 version_now);
}

/**
 * fu_lfa_audit_record_dir:
 *
 * Returns: (transfer full): fwupd's state directory's `lfa`, e.g. `/var/lib/fwupd/lfa`
 **/
gchar *
fu_lfa_audit_record_dir(void)
{
	return fu_path_build(FU_PATH_KIND_LOCALSTATEDIR_PKG, "lfa", NULL);
}

static gchar *
fu_lfa_audit_record_path(const gchar *guid)
{
	g_autofree gchar *dir = fu_lfa_audit_record_dir();
	g_autofree gchar *basename = g_strdup_printf(FU_LFA_AUDIT_RECORD_PREFIX "%s", guid);
	return g_build_filename(dir, basename, NULL);
}

/* the kernel's ID of this boot: a record from another boot has no live writer */
static gchar *
fu_lfa_audit_boot_id(void)
{
	g_autofree gchar *procfs = fu_path_from_kind(FU_PATH_KIND_PROCFS);
	g_autofree gchar *fn = g_build_filename(procfs, "sys", "kernel", "random", "boot_id", NULL);
	gchar *str = NULL;

	if (!g_file_get_contents(fn, &str, NULL, NULL))
		return g_strdup("");
	return g_strchomp(str);
}

/**
 * fu_lfa_audit_record_write:
 * @guid: the component GUID
 * @component: its name
 * @trigger: `fwupd-activate` or `fwupd-install`
 * @version_old: the running version before the activation
 * @version_new: the staged version, or `unknown`
 * @error: (nullable): optional return location for an error
 *
 * Records that an activation is about to start, atomically.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_audit_record_write(const gchar *guid,
			  const gchar *component,
			  const gchar *trigger,
			  guint64 version_old,
			  const gchar *version_new,
			  GError **error)
{
	g_autofree gchar *boot_id = fu_lfa_audit_boot_id();
	g_autofree gchar *data = NULL;
	g_autofree gchar *fn = fu_lfa_audit_record_path(guid);
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree gchar *started = g_date_time_format(now, "%F %T UTC");
	g_autoptr(GKeyFile) kf = g_key_file_new();

	g_key_file_set_string(kf, FU_LFA_AUDIT_RECORD_GROUP, "Component", component);
	g_key_file_set_string(kf, FU_LFA_AUDIT_RECORD_GROUP, "Trigger", trigger);
	g_key_file_set_uint64(kf, FU_LFA_AUDIT_RECORD_GROUP, "VersionOld", version_old);
	g_key_file_set_string(kf, FU_LFA_AUDIT_RECORD_GROUP, "VersionNew", version_new);
	g_key_file_set_string(kf, FU_LFA_AUDIT_RECORD_GROUP, "Started", started);
	g_key_file_set_string(kf, FU_LFA_AUDIT_RECORD_GROUP, "BootId", boot_id);
	g_key_file_set_uint64(kf, FU_LFA_AUDIT_RECORD_GROUP, "Pid", (guint64)getpid());
	if (!fu_path_mkdir_parent(fn, error))
		return FALSE;
	data = g_key_file_to_data(kf, NULL, NULL);
	return g_file_set_contents(fn, data, -1, error);
}

/**
 * fu_lfa_audit_record_remove:
 * @guid: the component GUID
 *
 * The activation's write returned and its journal entry is written.
 **/
void
fu_lfa_audit_record_remove(const gchar *guid)
{
	g_autofree gchar *fn = fu_lfa_audit_record_path(guid);
	if (g_unlink(fn) != 0 && errno != ENOENT)
		g_warning("cannot remove %s: %s", fn, fwupd_strerror(errno));
}

/**
 * fu_lfa_audit_record_load:
 * @fn: a file in fu_lfa_audit_record_dir()
 * @guid: (out): the component GUID it is for
 * @error: (nullable): optional return location for an error
 *
 * Returns: (transfer full): the record, or %NULL if @fn is none
 **/
GKeyFile *
fu_lfa_audit_record_load(const gchar *fn, gchar **guid, GError **error)
{
	g_autofree gchar *basename = g_path_get_basename(fn);
	g_autoptr(GKeyFile) kf = g_key_file_new();

	if (!g_str_has_prefix(basename, FU_LFA_AUDIT_RECORD_PREFIX) ||
	    !fwupd_guid_is_valid(basename + strlen(FU_LFA_AUDIT_RECORD_PREFIX))) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_SUPPORTED,
			    "%s is not an activation record",
			    fn);
		return NULL;
	}
	if (!g_key_file_load_from_file(kf, fn, G_KEY_FILE_NONE, error))
		return NULL;
	if (!g_key_file_has_group(kf, FU_LFA_AUDIT_RECORD_GROUP)) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_DATA,
			    "%s has no [%s] group",
			    fn,
			    FU_LFA_AUDIT_RECORD_GROUP);
		return NULL;
	}
	*guid = g_ascii_strdown(basename + strlen(FU_LFA_AUDIT_RECORD_PREFIX), -1);
	return g_steal_pointer(&kf);
}

/**
 * fu_lfa_audit_record_is_live:
 * @record: a record
 *
 * Whether the process that wrote @record still runs in this boot, for
 * example fwupdtool activating while the daemon starts: its record is not
 * stale and must be left alone.
 *
 * Returns: %TRUE if the writer may still be activating
 **/
gboolean
fu_lfa_audit_record_is_live(GKeyFile *record)
{
	guint64 pid = g_key_file_get_uint64(record, FU_LFA_AUDIT_RECORD_GROUP, "Pid", NULL);
	g_autofree gchar *boot_id = fu_lfa_audit_boot_id();
	g_autofree gchar *boot_id_rec =
	    g_key_file_get_string(record, FU_LFA_AUDIT_RECORD_GROUP, "BootId", NULL);

	if (g_strcmp0(boot_id, boot_id_rec) != 0)
		return FALSE;
	if (pid == 0 || pid > G_MAXINT || (pid_t)pid == getpid())
		return FALSE;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/**
 * fu_lfa_audit_record_get:
 * @record: a record
 * @key: a key of the activation group, e.g. `VersionNew`
 * @fallback: what an older or damaged record without @key stands for
 *
 * Returns: (transfer full): the value, or a copy of @fallback
 **/
gchar *
fu_lfa_audit_record_get(GKeyFile *record, const gchar *key, const gchar *fallback)
{
	gchar *value = g_key_file_get_string(record, FU_LFA_AUDIT_RECORD_GROUP, key, NULL);
	return value != NULL ? value : g_strdup(fallback);
}

/**
 * fu_lfa_audit_record_get_version_old:
 * @record: a record
 *
 * Returns: (transfer full): the version that ran when the activation started
 **/
gchar *
fu_lfa_audit_record_get_version_old(GKeyFile *record)
{
	return fu_lfa_common_version_to_string(
	    g_key_file_get_uint64(record, FU_LFA_AUDIT_RECORD_GROUP, "VersionOld", NULL));
}
