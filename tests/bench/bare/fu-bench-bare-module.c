/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * libfu_plugin_lfabare.so: a test-only fwupd module for the benchmarks, never
 * installed. Its coldplug adds LFA_BENCH_BARE_DEVICES plain devices that read
 * nothing, so the same daemon or fwupdtool can be measured holding N devices
 * that cost fwupd only what any updatable device costs: the baseline against
 * which the lfa plugin's memory and get-devices time are compared.
 *
 * Each device carries what every updatable device must have and nothing
 * more: an id, a name, a version, one instance ID (one GUID) and a protocol.
 * With LFA_BENCH_BARE_SHAPE=lfa it has the identity the lfa plugin gives its
 * devices instead: one physical ID shared by all (the lfa directory), the
 * GUID as logical ID, and two instance IDs (two GUIDs). Comparing both shows
 * how much of fwupd's cost per device follows from that identity alone.
 */

#include "config.h"

#include <fwupdplugin.h>

#define FU_BENCH_BARE_MAX_DEVICES 100000

static gboolean
fu_bench_bare_coldplug(FuPlugin *plugin, FuProgress *progress, GError **error)
{
	FuContext *ctx = fu_plugin_get_context(plugin);
	const gchar *str = g_getenv("LFA_BENCH_BARE_DEVICES");
	gboolean lfa_shape = g_strcmp0(g_getenv("LFA_BENCH_BARE_SHAPE"), "lfa") == 0;
	guint64 n = 0;

	if (str == NULL) {
		g_set_error_literal(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_NOT_SUPPORTED,
				    "LFA_BENCH_BARE_DEVICES is not set");
		return FALSE;
	}
	if (!fu_strtoull(str, &n, 0, FU_BENCH_BARE_MAX_DEVICES, FU_INTEGER_BASE_10, error)) {
		g_prefix_error_literal(error, "LFA_BENCH_BARE_DEVICES: ");
		return FALSE;
	}
	for (guint64 i = 0; i < n; i++) {
		g_autoptr(FuDevice) device = fu_device_new(ctx);
		g_autofree gchar *physical_id = g_strdup_printf("lfabare-%" G_GUINT64_FORMAT, i);
		g_autofree gchar *instance_id =
		    g_strdup_printf("LFABARE\\ID_%06" G_GUINT64_FORMAT, i);

		if (lfa_shape) {
			g_autofree gchar *guid = g_strdup_printf(
			    "5eed%04x-0000-4000-8000-%012" G_GINT64_MODIFIER "x",
			    (guint)(i & 0xffff),
			    i);
			g_autofree gchar *lfa_dir =
			    fu_path_build(FU_PATH_KIND_SYSFSDIR_FW, "lfa", NULL);
			fu_device_set_physical_id(device, lfa_dir);
			fu_device_set_logical_id(device, guid);
			fu_device_add_instance_id(device, guid);
		} else {
			fu_device_set_physical_id(device, physical_id);
		}
		fu_device_set_name(device, "Bare benchmark device");
		fu_device_set_version_format(device, FWUPD_VERSION_FORMAT_PLAIN);
		fu_device_set_version(device, "1.0");
		fu_device_add_protocol(device, "org.lfa.bench.bare");
		fu_device_add_flag(device, FWUPD_DEVICE_FLAG_INTERNAL);
		fu_device_add_flag(device, FWUPD_DEVICE_FLAG_UPDATABLE);
		fu_device_add_instance_id(device, instance_id);
		if (!fu_device_setup(device, error))
			return FALSE;
		fu_plugin_device_add(plugin, device);
	}
	return TRUE;
}

G_MODULE_EXPORT void
fu_plugin_init_vfuncs(FuPluginVfuncs *vfuncs) /* nocheck:name */
{
	vfuncs->coldplug = fu_bench_bare_coldplug;
}
