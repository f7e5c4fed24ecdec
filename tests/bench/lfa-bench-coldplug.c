/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Coldplug cost of the lfa plugin against a plain C loop that reads the same
 * sysfs files, both in one process and against the same tree, so the ratio
 * is independent of how fast the emulated sysfs is.
 */

#include "config.h"

#include <fwupdplugin.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fu-context-private.h"
#include "fu-plugin-private.h"

/* every readable attribute of the v3 ABI: what a coldplug must look at */
static const gchar *lfa_bench_attrs[] = {"name",
					 "current_version",
					 "pending_version",
					 "activation_capable",
					 "activation_pending",
					 "may_reset_cpu",
					 "cpu_rendezvous",
					 "force_cpu_rendezvous",
					 "auto_activate",
					 NULL};

static guint
lfa_bench_raw_once(const gchar *lfa_dir)
{
	guint cnt = 0;
	DIR *dir = opendir(lfa_dir);
	struct dirent *ent;

	if (dir == NULL)
		return 0;
	while ((ent = readdir(dir)) != NULL) {
		if (ent->d_name[0] == '.')
			continue;
		for (guint i = 0; lfa_bench_attrs[i] != NULL; i++) {
			gchar path[4096];
			gchar buf[64];
			int fd;

			g_snprintf(path,
				   sizeof(path),
				   "%s/%s/%s",
				   lfa_dir,
				   ent->d_name,
				   lfa_bench_attrs[i]);
			fd = open(path, O_RDONLY);
			if (fd < 0)
				continue;
			if (read(fd, buf, sizeof(buf)) < 0)
				g_printerr("read %s failed\n", path);
			close(fd);
		}
		cnt++;
	}
	closedir(dir);
	return cnt;
}

static gint
lfa_bench_cmp_double(gconstpointer a, gconstpointer b)
{
	gdouble da = *(const gdouble *)a;
	gdouble db = *(const gdouble *)b;
	return (da > db) - (da < db);
}

static gdouble
lfa_bench_median(GArray *times)
{
	g_array_sort(times, lfa_bench_cmp_double);
	return g_array_index(times, gdouble, times->len / 2);
}

static void
lfa_bench_device_added_cb(FuPlugin *plugin, FuDevice *device, gpointer user_data)
{
	guint *cnt = (guint *)user_data;
	(*cnt)++;
}

static gboolean
lfa_bench_plugin_once(FuContext *ctx, const gchar *module, guint *cnt, gdouble *secs, GError **error)
{
	g_autoptr(FuPlugin) plugin = fu_plugin_new(ctx);
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	g_autoptr(GTimer) timer = NULL;

	if (!fu_plugin_open(plugin, module, error))
		return FALSE;
	if (!fu_plugin_runner_startup(plugin, progress, error))
		return FALSE;
	g_signal_connect(plugin, "device-added", G_CALLBACK(lfa_bench_device_added_cb), cnt);
	timer = g_timer_new();
	if (!fu_plugin_runner_coldplug(plugin, progress, error))
		return FALSE;
	*secs = g_timer_elapsed(timer, NULL);
	return TRUE;
}

int
main(int argc, char **argv)
{
	const gchar *module;
	guint iterations;
	guint devices = 0;
	guint entries = 0;
	gdouble plugin_secs;
	gdouble raw_secs;
	g_autoptr(GArray) plugin_times = NULL;
	g_autoptr(GArray) raw_times = NULL;
	g_autofree gchar *lfa_dir = NULL;
	g_autoptr(FuContext) ctx = NULL;
	g_autoptr(GError) error = NULL;

	if (argc != 3) {
		g_printerr("usage: %s PLUGIN.so ITERATIONS\n"
			   "(FWUPD_SYSFSFWDIR and FWUPD_DATADIR_QUIRKS choose the tree)\n",
			   argv[0]);
		return EXIT_FAILURE;
	}
	module = argv[1];
	iterations = (guint)g_ascii_strtoull(argv[2], NULL, 10); /* nocheck:blocked */
	if (iterations == 0)
		iterations = 1;
	lfa_dir = fu_path_build(FU_PATH_KIND_SYSFSDIR_FW, "lfa", NULL);

	ctx = fu_context_new();
	if (!fu_context_load_quirks(ctx, FU_QUIRKS_LOAD_FLAG_NO_CACHE, &error)) {
		g_printerr("quirks: %s\n", error->message);
		return EXIT_FAILURE;
	}

	/*
	 * warm both paths once, then alternate them so that both see the same
	 * machine load, and keep the median of each: FUSE round trips on a
	 * shared machine have a long tail
	 */
	lfa_bench_raw_once(lfa_dir);
	plugin_times = g_array_sized_new(FALSE, FALSE, sizeof(gdouble), iterations);
	raw_times = g_array_sized_new(FALSE, FALSE, sizeof(gdouble), iterations);
	for (guint i = 0; i <= iterations; i++) {
		guint cnt = 0;
		gdouble secs = 0.f;
		g_autoptr(GTimer) timer = NULL;

		if (!lfa_bench_plugin_once(ctx, module, &cnt, &secs, &error)) {
			g_printerr("coldplug: %s\n", error->message);
			return EXIT_FAILURE;
		}
		timer = g_timer_new();
		entries = lfa_bench_raw_once(lfa_dir);
		if (i == 0)
			continue;
		g_array_append_val(raw_times, (gdouble){g_timer_elapsed(timer, NULL)});
		g_array_append_val(plugin_times, secs);
		devices = cnt;
	}
	plugin_secs = lfa_bench_median(plugin_times);
	raw_secs = lfa_bench_median(raw_times);
	if (devices != entries) {
		g_printerr("plugin added %u devices but the tree has %u entries\n",
			   devices,
			   entries);
		return EXIT_FAILURE;
	}

	/* one line: components, median plugin us, raw us, per-component plugin us, raw us */
	g_print("%u %.1f %.1f %.2f %.2f\n",
		devices,
		plugin_secs * 1e6,
		raw_secs * 1e6,
		plugin_secs * 1e6 / MAX(devices, 1),
		raw_secs * 1e6 / MAX(devices, 1));
	return EXIT_SUCCESS;
}
