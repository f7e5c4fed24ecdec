/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fu-lfa-audit.h"
#include "fu-lfa-common.h"
#include "fu-lfa-device.h"
#include "fu-lfa-external-device.h"
#include "fu-lfa-file-device.h"
#include "fu-lfa-firmware.h"
#include "fu-lfa-monitor.h"
#include "fu-lfa-plugin.h"
#include "fu-lfa-struct.h"
#include "fu-lfa-upload-device.h"

/*
 * The plugin keeps no state of its own: the external module is a plain
 * FuPlugin, so everything lives in the devices and the plugin's cache, which
 * maps the lower-case GUID to its device.
 *
 * Changes made outside fwupd (an image staged by a BMC, an auto-activation by
 * the kernel, components appearing or vanishing) reach the daemon through the
 * kernel's uevent: the lfa driver emits one change uevent on the platform
 * device it is bound to after each settled inventory refresh, and the monitor
 * (kept in the cache, so it lives as long as the plugin) makes us rescan.
 */

struct _FuLfaPlugin {
	FuPlugin parent_instance;
};

G_DEFINE_TYPE(FuLfaPlugin, fu_lfa_plugin, FU_TYPE_PLUGIN)

static gchar *
fu_lfa_plugin_get_lfa_path(void)
{
	return fu_path_build(FU_PATH_KIND_SYSFSDIR_FW, "lfa", NULL);
}

/* the staging method picks the device subclass */
static GType
fu_lfa_plugin_get_device_gtype(FuLfaStagingMethod method)
{
	switch (method) {
	case FU_LFA_STAGING_METHOD_FILE:
		return FU_TYPE_LFA_FILE_DEVICE;
	case FU_LFA_STAGING_METHOD_NONE:
		return FU_TYPE_LFA_EXTERNAL_DEVICE;
	default:
		/* an invalid value is reported by the device itself when it sees the quirk */
		return FU_TYPE_LFA_UPLOAD_DEVICE;
	}
}

static FuDevice *
fu_lfa_plugin_probe_device(FuPlugin *plugin,
			   GType gtype,
			   const gchar *path,
			   gboolean activate_on_install,
			   GError **error)
{
	g_autoptr(FuDevice) device = NULL;

	device = g_object_new(gtype, "context", fu_plugin_get_context(plugin), NULL);
	fu_device_set_backend_id(device, path);
	/* the machine-wide one-click choice, [lfa] ActivateOnInstall in fwupd.conf */
	if (activate_on_install)
		fu_device_add_private_flag(device, FU_LFA_DEVICE_FLAG_ACTIVATE_ON_INSTALL);
	if (!fu_device_probe(device, error))
		return NULL;
	return g_steal_pointer(&device);
}

static gboolean
fu_lfa_plugin_add_device(FuPlugin *plugin,
			 const gchar *path,
			 const gchar *guid,
			 gboolean activate_on_install,
			 GError **error)
{
	GType gtype;
	g_autoptr(FuDevice) device = NULL;

	/*
	 * Most components use the default staging method; the quirks that may
	 * choose another are applied by the probe, so only a component that has
	 * one is probed a second time, as the subclass for it. This keeps the
	 * quirk queries and the SHA-1 of the instance ID to one per component.
	 */
	device = fu_lfa_plugin_probe_device(plugin,
					    FU_TYPE_LFA_UPLOAD_DEVICE,
					    path,
					    activate_on_install,
					    error);
	if (device == NULL)
		return FALSE;
	gtype =
	    fu_lfa_plugin_get_device_gtype(fu_lfa_device_get_staging_method(FU_LFA_DEVICE(device)));
	if (gtype != FU_TYPE_LFA_UPLOAD_DEVICE) {
		g_clear_object(&device);
		device =
		    fu_lfa_plugin_probe_device(plugin, gtype, path, activate_on_install, error);
		if (device == NULL)
			return FALSE;
	}
	if (!fu_device_setup(device, error))
		return FALSE;
	fu_plugin_cache_add(plugin, guid, device);
	fu_plugin_device_add(plugin, device);
	return TRUE;
}

/*
 * Brings the device list in line with the kernel's LFA directory: used for
 * coldplug, and again after each activation because the firmware may add,
 * remove or renumber components then.
 */
static gboolean
fu_lfa_plugin_rescan(FuPlugin *plugin, GError **error)
{
	DIR *dir = NULL;
	struct dirent *ent;
	gboolean activate_on_install;
	g_autofree gchar *lfa_path = fu_lfa_plugin_get_lfa_path();
	g_autoptr(GHashTable) present = NULL;
	g_autoptr(GPtrArray) devices = NULL;

	/* at coldplug there is nothing to remove, so nothing to remember */
	if (fu_plugin_get_devices(plugin)->len > 0)
		present = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	/* the kernel removes the directory with its last component */
	dir = opendir(lfa_path);
	if (dir == NULL) {
		gint errsv = errno;
		if (errsv != ENOENT && errsv != ENOTDIR) {
			g_set_error(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_READ,
				    "cannot open %s: %s",
				    lfa_path,
				    fwupd_strerror(errsv));
			return FALSE;
		}
		g_info("%s is gone: the kernel lists no LFA components", lfa_path);
	}

	/* the same for every component: looked up once */
	activate_on_install = fu_plugin_get_config_value_boolean(plugin, "ActivateOnInstall");
	while (dir != NULL && (ent = readdir(dir)) != NULL) {
		const gchar *fn = ent->d_name;
		FuDevice *device;
		g_autofree gchar *guid = NULL;
		g_autofree gchar *path = NULL;
		g_autoptr(GError) error_local = NULL;

		if (fn[0] == '.')
			continue;
		if (!fwupd_guid_is_valid(fn)) {
			g_debug("ignoring %s in %s: not a GUID", fn, lfa_path);
			continue;
		}
		path = g_strconcat(lfa_path, G_DIR_SEPARATOR_S, fn, NULL);
		/* sysfs and FUSE give the type; ask only a file system that does not */
		if (ent->d_type != DT_DIR &&
		    (ent->d_type != DT_UNKNOWN || !g_file_test(path, G_FILE_TEST_IS_DIR))) {
			g_debug("ignoring %s in %s: not a directory", fn, lfa_path);
			continue;
		}
		guid = g_ascii_strdown(fn, -1);
		if (present != NULL)
			g_hash_table_add(present, g_strdup(guid));

		device = fu_plugin_cache_lookup(plugin, guid);
		if (device != NULL) {
			if (!fu_lfa_device_refresh(FU_LFA_DEVICE(device), &error_local))
				g_info("failed to refresh %s: %s", guid, error_local->message);
			continue;
		}

		/* one broken component must not hide the others */
		if (!fu_lfa_plugin_add_device(plugin,
					      path,
					      guid,
					      activate_on_install,
					      &error_local))
			g_warning("failed to add LFA component %s: %s", fn, error_local->message);
	}
	if (dir != NULL)
		closedir(dir);

	/* components the firmware no longer lists */
	if (present == NULL)
		return TRUE;
	devices = g_ptr_array_new_with_free_func((GDestroyNotify)g_object_unref);
	for (guint i = 0; i < fu_plugin_get_devices(plugin)->len; i++)
		g_ptr_array_add(devices,
				g_object_ref(g_ptr_array_index(fu_plugin_get_devices(plugin), i)));
	for (guint i = 0; i < devices->len; i++) {
		FuDevice *device = g_ptr_array_index(devices, i);
		const gchar *guid = fu_lfa_device_get_guid(FU_LFA_DEVICE(device));
		if (g_hash_table_contains(present, guid))
			continue;
		g_info("LFA component %s is no longer present", guid);
		fu_plugin_cache_remove(plugin, guid);
		fu_plugin_device_remove(plugin, device);
	}
	return TRUE;
}

/* the kernel re-read the inventory for a reason of its own: bring the devices in line */
static void
fu_lfa_plugin_monitor_changed_cb(FuLfaMonitor *monitor, FuPlugin *plugin)
{
	g_autoptr(GError) error_local = NULL;
	if (!fu_lfa_plugin_rescan(plugin, &error_local))
		g_warning("failed to rescan the LFA components: %s", error_local->message);
}

/*
 * An activation record left by a process that is gone: it died while the
 * firmware activated, and never wrote how that ended. Write it now, from
 * what the kernel reports, and drop the record.
 */
static void
fu_lfa_plugin_reconcile_record(FuPlugin *plugin, const gchar *fn)
{
	FuDevice *device;
	g_autofree gchar *guid = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GKeyFile) record = NULL;

	record = fu_lfa_audit_record_load(fn, &guid, &error_local);
	if (record == NULL) {
		g_debug("ignoring %s: %s", fn, error_local->message);
		return;
	}
	if (fu_lfa_audit_record_is_live(record)) {
		g_info("%s: the process that activates %s still runs", fn, guid);
		return;
	}
	device = fu_plugin_cache_lookup(plugin, guid);
	if (device != NULL) {
		fu_lfa_device_reconcile_interrupted(FU_LFA_DEVICE(device), record);
	} else {
		g_autofree gchar *component = fu_lfa_audit_record_get(record, "Component", guid);
		g_autofree gchar *trigger = fu_lfa_audit_record_get(record, "Trigger", "unknown");
		g_autofree gchar *version_new =
		    fu_lfa_audit_record_get(record, "VersionNew", "unknown");
		g_autofree gchar *version_old = fu_lfa_audit_record_get_version_old(record);
		g_autofree gchar *msg =
		    g_strdup_printf("fwupd stopped while it activated version %s of component %s, "
				    "so it never recorded the result: the platform no longer lists "
				    "the component",
				    version_new,
				    guid);
		fu_lfa_audit_log(guid,
				 component,
				 trigger,
				 version_old,
				 version_new,
				 "none",
				 FU_LFA_AUDIT_RESULT_INTERRUPTED,
				 msg);
		g_warning("%s", msg);
	}
	if (g_unlink(fn) != 0)
		g_warning("cannot remove %s: %s", fn, fwupd_strerror(errno));
}

/* one directory read at start-up; it is empty unless a process died mid-activation */
static void
fu_lfa_plugin_reconcile_records(FuPlugin *plugin)
{
	const gchar *name;
	g_autofree gchar *dir_path = fu_lfa_audit_record_dir();
	g_autoptr(GDir) dir = NULL;

	dir = g_dir_open(dir_path, 0, NULL);
	if (dir == NULL)
		return;
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *fn = g_build_filename(dir_path, name, NULL);
		fu_lfa_plugin_reconcile_record(plugin, fn);
	}
}

static gboolean
fu_lfa_plugin_coldplug(FuPlugin *plugin, FuProgress *progress, GError **error)
{
	if (!fu_lfa_plugin_rescan(plugin, error))
		return FALSE;
	fu_lfa_plugin_reconcile_records(plugin);
	return TRUE;
}

/*
 * fwupd's shutdown hook (fwupd.shutdown) runs "fwupdtool activate" from
 * systemd-shutdown whenever its history database exists, so without this a
 * staged image would be activated live while the system goes down, although
 * the platform runs it from its store at the next boot anyway. systemd
 * replaces PID 1 with systemd-shutdown for that last phase, and the hook runs
 * nowhere else, so PID 1's name is what tells; /proc stays mounted until the
 * end.
 */
static gboolean
fu_lfa_plugin_system_is_going_down(void)
{
	g_autofree gchar *procfs = fu_path_from_kind(FU_PATH_KIND_PROCFS);
	g_autofree gchar *fn = g_build_filename(procfs, "1", "comm", NULL);
	g_autofree gchar *comm = NULL;

	if (!g_file_get_contents(fn, &comm, NULL, NULL))
		return FALSE;
	g_strchomp(comm);

	/* the kernel keeps the first 15 characters of "systemd-shutdown" */
	return g_strcmp0(comm, "systemd-shutdow") == 0 || g_strcmp0(comm, "systemd-shutdown") == 0;
}

/*
 * During systemd-shutdown the hook's output goes nowhere and journald has
 * stopped: the kernel log, shown on the console, is the only place where an
 * admin can read why nothing was activated. Best effort, like systemd's own.
 */
static void
fu_lfa_plugin_log_to_kmsg(const gchar *msg)
{
	g_autofree gchar *devfs = fu_path_from_kind(FU_PATH_KIND_DEVFS);
	g_autofree gchar *fn = g_build_filename(devfs, "kmsg", NULL);
	g_autofree gchar *line = NULL;
	g_autofree gchar *prgname =
	    g_path_get_basename(g_get_prgname() != NULL ? g_get_prgname() : "fwupd");
	g_autoptr(FuIOChannel) io = NULL;
	g_autoptr(GError) error_local = NULL;

	/* <5> is KERN_NOTICE, shown on the console whatever the quiet level */
	line = g_strdup_printf("<5>%s: lfa: %s\n", prgname, msg);
	io = fu_io_channel_new_file(fn, FU_IO_CHANNEL_OPEN_FLAG_WRITE, &error_local);
	if (io == NULL) {
		g_debug("cannot open %s: %s", fn, error_local->message);
		return;
	}
	/* blocking: /dev/kmsg never polls as writable, and one write() is one record */
	if (!fu_io_channel_write_raw(io,
				     (const guint8 *)line,
				     strlen(line),
				     0,
				     FU_IO_CHANNEL_FLAG_USE_BLOCKING_IO,
				     &error_local))
		g_debug("cannot write to %s: %s", fn, error_local->message);
}

static gboolean
fu_lfa_plugin_activate(FuPlugin *plugin, FuDevice *device, FuProgress *progress, GError **error)
{
	g_autoptr(GError) error_local = NULL;

	/* nothing to do now: the hook treats this code as "no update to activate" */
	if (fu_lfa_plugin_system_is_going_down()) {
		g_autofree gchar *msg =
		    g_strdup_printf("%s is not activated live while the system shuts down; the "
				    "platform runs the staged image from its firmware store at the "
				    "next boot",
				    fu_device_get_name(device));
		fu_lfa_plugin_log_to_kmsg(msg);
		g_set_error_literal(error, FWUPD_ERROR, FWUPD_ERROR_NOTHING_TO_DO, msg);
		return FALSE;
	}

	if (!fu_device_activate(device, progress, error)) {
		/* a failed activation may still have changed what the kernel lists */
		if (!fu_lfa_plugin_rescan(plugin, &error_local))
			g_info("failed to rescan: %s", error_local->message);
		return FALSE;
	}
	return fu_lfa_plugin_rescan(plugin, error);
}

static gboolean
fu_lfa_plugin_write_firmware(FuPlugin *plugin,
			     FuDevice *device,
			     FuFirmware *firmware,
			     FuProgress *progress,
			     FwupdInstallFlags flags,
			     GError **error)
{
	if (!fu_device_write_firmware(device, firmware, progress, flags, error))
		return FALSE;

	/* activated already (auto_activate or activate-on-install): the inventory may differ */
	if (!fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION))
		return fu_lfa_plugin_rescan(plugin, error);
	return TRUE;
}

static gboolean
fu_lfa_plugin_startup(FuPlugin *plugin, FuProgress *progress, GError **error)
{
	g_autofree gchar *lfa_path = fu_lfa_plugin_get_lfa_path();
	g_autoptr(FuLfaMonitor) monitor = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!g_file_test(lfa_path, G_FILE_TEST_IS_DIR)) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_SUPPORTED,
			    "%s not found: no LFA driver in the kernel or no LFA agent in the "
			    "firmware",
			    lfa_path);
		return FALSE;
	}

	/* without it the devices are only re-read when fwupd itself acts on them */
	monitor = fu_lfa_monitor_new();
	if (!fu_lfa_monitor_start(monitor, &error_local)) {
		g_warning("changes made outside fwupd are not seen until the next restart: %s",
			  error_local->message);
		return TRUE;
	}
	g_signal_connect(monitor, "changed", G_CALLBACK(fu_lfa_plugin_monitor_changed_cb), plugin);
	fu_plugin_cache_add(plugin, "uevent-monitor", monitor);
	return TRUE;
}

static void
fu_lfa_plugin_constructed(GObject *obj)
{
	FuPlugin *plugin = FU_PLUGIN(obj);
	FuContext *ctx = fu_plugin_get_context(plugin);
	fu_context_add_quirk_key(ctx, "LfaCpuRendezvous");
	fu_context_add_quirk_key(ctx, "LfaStagingMethod");
	fu_context_add_quirk_key(ctx, "LfaStagingTarget");
	fu_context_add_quirk_key(ctx, "LfaAutoActivate");
	fu_context_add_quirk_key(ctx, "LfaActivateOnInstall");
	fu_plugin_set_config_default(plugin, "ActivateOnInstall", "false");
	fu_plugin_add_device_gtype(plugin, FU_TYPE_LFA_UPLOAD_DEVICE);
	fu_plugin_add_device_gtype(plugin, FU_TYPE_LFA_FILE_DEVICE);
	fu_plugin_add_device_gtype(plugin, FU_TYPE_LFA_EXTERNAL_DEVICE);
	fu_plugin_add_firmware_gtype(plugin, NULL, FU_TYPE_LFA_FIRMWARE);
}

/**
 * fu_lfa_plugin_set_vfuncs:
 * @vfuncs: the plugin class, or the vfunc table of a modular plugin
 *
 * Wires up the vfuncs shared by the builtin plugin and the external module.
 **/
void
fu_lfa_plugin_set_vfuncs(FuPluginVfuncs *vfuncs)
{
	vfuncs->constructed = fu_lfa_plugin_constructed;
	vfuncs->startup = fu_lfa_plugin_startup;
	vfuncs->coldplug = fu_lfa_plugin_coldplug;
	vfuncs->activate = fu_lfa_plugin_activate;
	vfuncs->write_firmware = fu_lfa_plugin_write_firmware;
}

static void
fu_lfa_plugin_init(FuLfaPlugin *self)
{
}

static void
fu_lfa_plugin_class_init(FuLfaPluginClass *klass)
{
	fu_lfa_plugin_set_vfuncs(FU_PLUGIN_CLASS(klass));
}
