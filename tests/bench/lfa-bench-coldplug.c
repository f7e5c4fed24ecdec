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
#include <time.h>
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

/* seconds of wall time, or of CPU time of the whole process: on a machine
 * shared with other work the CPU time is the figure that does not depend on
 * the neighbours, the wall time the one a user waits for */
static gdouble
lfa_bench_clock(clockid_t id)
{
	struct timespec ts = {0};
	clock_gettime(id, &ts);
	return (gdouble)ts.tv_sec + (gdouble)ts.tv_nsec / 1e9;
}

typedef struct {
	gdouble wall;
	gdouble cpu;
} LfaBenchStamp;

static LfaBenchStamp
lfa_bench_stamp(void)
{
	return (LfaBenchStamp){lfa_bench_clock(CLOCK_MONOTONIC),
			       lfa_bench_clock(CLOCK_PROCESS_CPUTIME_ID)};
}

static void
lfa_bench_record(GArray *wall, GArray *cpu, LfaBenchStamp t0)
{
	LfaBenchStamp t1 = lfa_bench_stamp();
	g_array_append_val(wall, (gdouble){t1.wall - t0.wall});
	g_array_append_val(cpu, (gdouble){t1.cpu - t0.cpu});
}

/* min, median, max per component in microseconds; sorts @times */
static void
lfa_bench_print_stats(GArray *times, guint devices)
{
	gdouble scale = 1e6 / MAX(devices, 1);
	g_array_sort(times, lfa_bench_cmp_double);
	g_print(" %.2f %.2f %.2f",
		g_array_index(times, gdouble, 0) * scale,
		g_array_index(times, gdouble, times->len / 2) * scale,
		g_array_index(times, gdouble, times->len - 1) * scale);
}

static void
lfa_bench_device_added_cb(FuPlugin *plugin, FuDevice *device, gpointer user_data)
{
	guint *cnt = (guint *)user_data;
	(*cnt)++;
}

static gboolean
lfa_bench_plugin_once(FuContext *ctx,
		      const gchar *module,
		      guint *cnt,
		      GArray *wall,
		      GArray *cpu,
		      GError **error)
{
	g_autoptr(FuPlugin) plugin = fu_plugin_new(ctx);
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	LfaBenchStamp t0;

	if (!fu_plugin_open(plugin, module, error))
		return FALSE;
	if (!fu_plugin_runner_startup(plugin, progress, error))
		return FALSE;
	g_signal_connect(plugin, "device-added", G_CALLBACK(lfa_bench_device_added_cb), cnt);
	t0 = lfa_bench_stamp();
	if (!fu_plugin_runner_coldplug(plugin, progress, error))
		return FALSE;
	if (wall != NULL)
		lfa_bench_record(wall, cpu, t0);
	return TRUE;
}

int
main(int argc, char **argv)
{
	const gchar *module;
	guint iterations;
	guint devices = 0;
	guint entries = 0;
	g_autoptr(GArray) plugin_wall = g_array_new(FALSE, FALSE, sizeof(gdouble));
	g_autoptr(GArray) plugin_cpu = g_array_new(FALSE, FALSE, sizeof(gdouble));
	g_autoptr(GArray) raw_wall = g_array_new(FALSE, FALSE, sizeof(gdouble));
	g_autoptr(GArray) raw_cpu = g_array_new(FALSE, FALSE, sizeof(gdouble));
	g_autofree gchar *lfa_dir = NULL;
	g_autoptr(FuContext) ctx = NULL;
	g_autoptr(FuProgress) progress = NULL;
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
	/* as the daemon does before any coldplug: the plugin asks for HWIDs */
	progress = fu_progress_new(G_STRLOC);
	if (!fu_context_load_hwinfo(ctx, progress, FU_CONTEXT_HWID_FLAG_NONE, &error)) {
		g_printerr("hwinfo: %s\n", error->message);
		return EXIT_FAILURE;
	}

	/*
	 * warm both paths once, then alternate them so that both see the same
	 * machine load, and keep min/median/max of each: FUSE round trips on a
	 * shared machine have a long tail
	 */
	if (!lfa_bench_plugin_once(ctx, module, &devices, NULL, NULL, &error)) {
		g_printerr("coldplug: %s\n", error->message);
		return EXIT_FAILURE;
	}
	lfa_bench_raw_once(lfa_dir);
	for (guint i = 0; i < iterations; i++) {
		LfaBenchStamp t0;

		devices = 0;
		if (!lfa_bench_plugin_once(ctx, module, &devices, plugin_wall, plugin_cpu, &error)) {
			g_printerr("coldplug: %s\n", error->message);
			return EXIT_FAILURE;
		}
		t0 = lfa_bench_stamp();
		entries = lfa_bench_raw_once(lfa_dir);
		lfa_bench_record(raw_wall, raw_cpu, t0);
	}
	if (devices != entries) {
		g_printerr("plugin added %u devices but the tree has %u entries\n",
			   devices,
			   entries);
		return EXIT_FAILURE;
	}

	/*
	 * one line: components, then min/median/max us per component of the
	 * plugin's wall time, the loop's wall time, the plugin's CPU time and
	 * the loop's CPU time
	 */
	g_print("%u", devices);
	lfa_bench_print_stats(plugin_wall, devices);
	lfa_bench_print_stats(raw_wall, devices);
	lfa_bench_print_stats(plugin_cpu, devices);
	lfa_bench_print_stats(raw_cpu, devices);
	g_print("\n");
	return EXIT_SUCCESS;
}
