/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "fu-context-private.h"
#include "fu-lfa-audit.h"
#include "fu-lfa-common.h"
#include "fu-lfa-device.h"
#include "fu-lfa-firmware.h"
#include "fu-lfa-plugin.h"
#include "fu-plugin-private.h"

#define FU_TEST_GUID_RMM      "6c0762a6-12f2-4b56-92cb-ba8f633606d9"
#define FU_TEST_GUID_BL31     "47d4086d-4cfe-9846-9b95-2950cbbd5a00"
#define FU_TEST_GUID_BL33     "d6d0eea7-fcea-d54b-9782-9934f234b6e4"
#define FU_TEST_GUID_SP1      "f07b2a96-1d47-4d17-9ec8-86a64e253e5c"
#define FU_TEST_GUID_SP2      "c3ff2127-7e41-a9f8-05af-24a1afa33474"
#define FU_TEST_GUID_OLD      "0509b633-5734-422f-a681-6096e932d93a"
#define FU_TEST_GUID_PLATFORM "3ab71f81-32b9-496d-841b-e3d0e9fd1a48"
#define FU_TEST_GUID_QUIRK    "11111111-0000-4000-8000-0000000000"
#define FU_TEST_GUID_BAD      "22222222-0000-4000-8000-0000000000"
#define FU_TEST_STAGED_FILE   "/tmp/fwupd-lfa-self-test/staged.bin"

typedef struct {
	FuContext *ctx;
	gchar *tmpdir;
} FuTest;

/* one plugin run over a writable copy of a committed tree */
typedef struct {
	FuPlugin *plugin;
	GPtrArray *added;
	GPtrArray *removed;
	gchar *root;
} FuTestRun;

static void
fu_test_run_free(FuTestRun *run)
{
	g_object_unref(run->plugin);
	g_ptr_array_unref(run->added);
	g_ptr_array_unref(run->removed);
	g_free(run->root);
	g_free(run);
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-function"
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FuTestRun, fu_test_run_free)
#pragma clang diagnostic pop

/* the plugin's journal entries, caught from GLib's structured log */
static GHashTable *fu_test_audit_fields = NULL; /* nocheck:static */
static guint fu_test_audit_count = 0;		/* nocheck:static */

static void
fu_test_audit_reset(void)
{
	fu_test_audit_count = 0;
	g_clear_pointer(&fu_test_audit_fields, g_hash_table_unref);
}

static GLogWriterOutput
fu_test_log_writer_cb(GLogLevelFlags log_level,
		      const GLogField *fields,
		      gsize n_fields,
		      gpointer user_data)
{
	g_autoptr(GHashTable) tmp = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (gsize i = 0; i < n_fields; i++) {
		g_autofree gchar *value = NULL;
		if (fields[i].length < 0)
			value = g_strdup(fields[i].value);
		else
			value = g_strndup(fields[i].value, fields[i].length);
		g_hash_table_insert(tmp, g_strdup(fields[i].key), g_steal_pointer(&value));
	}
	if (g_strcmp0(g_hash_table_lookup(tmp, "MESSAGE_ID"), FU_LFA_AUDIT_MESSAGE_ID) == 0) {
		fu_test_audit_count++;
		g_clear_pointer(&fu_test_audit_fields, g_hash_table_unref);
		fu_test_audit_fields = g_steal_pointer(&tmp);
	}
	return g_log_writer_default(log_level, fields, n_fields, user_data);
}

static void
fu_test_copy_tree(const gchar *src, const gchar *dst)
{
	const gchar *fn;
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_cmpint(g_mkdir_with_parents(dst, 0755), ==, 0);
	dir = g_dir_open(src, 0, &error);
	g_assert_no_error(error);
	while ((fn = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *src_fn = g_build_filename(src, fn, NULL);
		g_autofree gchar *dst_fn = g_build_filename(dst, fn, NULL);
		if (g_file_test(src_fn, G_FILE_TEST_IS_DIR)) {
			fu_test_copy_tree(src_fn, dst_fn);
		} else {
			gboolean ret;
			gsize bufsz = 0;
			g_autofree gchar *buf = NULL;
			ret = g_file_get_contents(src_fn, &buf, &bufsz, &error);
			g_assert_no_error(error);
			g_assert_true(ret);
			ret = g_file_set_contents(dst_fn, buf, bufsz, &error);
			g_assert_no_error(error);
			g_assert_true(ret);
		}
	}
}

static void
fu_test_rmtree(const gchar *path)
{
	gboolean ret;
	g_autoptr(GError) error = NULL;

	ret = fu_path_rmtree(path, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
}

static gchar *
fu_test_read(const gchar *root, const gchar *relpath)
{
	gboolean ret;
	g_autofree gchar *fn = g_build_filename(root, relpath, NULL);
	g_autofree gchar *buf = NULL;
	g_autoptr(GError) error = NULL;

	ret = g_file_get_contents(fn, &buf, NULL, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	return g_strdup(g_strchomp(buf));
}

static void
fu_test_write(const gchar *root, const gchar *relpath, const gchar *value)
{
	gboolean ret;
	g_autofree gchar *fn = g_build_filename(root, relpath, NULL);
	g_autoptr(GError) error = NULL;

	ret = g_file_set_contents(fn, value, -1, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
}

static void
fu_test_device_added_cb(FuPlugin *plugin, FuDevice *device, gpointer user_data)
{
	GPtrArray *devices = (GPtrArray *)user_data;
	g_ptr_array_add(devices, g_object_ref(device));
}

/* copy tests/NAME to a scratch root and point fwupd's sysfs paths at it */
static FuTestRun *
fu_test_run_new(FuTest *self, const gchar *name)
{
	g_autofree gchar *src = g_test_build_filename(G_TEST_DIST, "tests", name, NULL);
	g_autofree gchar *basename = g_strdup_printf("%s-%u", name, g_random_int());
	FuTestRun *run = g_new0(FuTestRun, 1);

	run->root = g_build_filename(self->tmpdir, basename, NULL);
	fu_test_copy_tree(src, run->root);
	(void)g_setenv("FWUPD_SYSFSFWDIR", run->root, TRUE);
	(void)g_setenv("FWUPD_SYSFSDIR", run->root, TRUE);
	run->added = g_ptr_array_new_with_free_func((GDestroyNotify)g_object_unref);
	run->removed = g_ptr_array_new_with_free_func((GDestroyNotify)g_object_unref);
	run->plugin = fu_plugin_new_from_gtype(fu_lfa_plugin_get_type(), self->ctx);
	fu_plugin_runner_init(run->plugin);
	g_signal_connect(run->plugin,
			 "device-added",
			 G_CALLBACK(fu_test_device_added_cb),
			 run->added);
	g_signal_connect(run->plugin,
			 "device-removed",
			 G_CALLBACK(fu_test_device_added_cb),
			 run->removed);
	return run;
}

static void
fu_test_run_coldplug(FuTestRun *run)
{
	gboolean ret;
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	g_autoptr(GError) error = NULL;

	ret = fu_plugin_runner_startup(run->plugin, progress, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	ret = fu_plugin_runner_coldplug(run->plugin, progress, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
}

static FuDevice *
fu_test_find(GPtrArray *devices, const gchar *guid)
{
	for (guint i = 0; i < devices->len; i++) {
		FuDevice *device = g_ptr_array_index(devices, i);
		if (g_strcmp0(fu_lfa_device_get_guid(FU_LFA_DEVICE(device)), guid) == 0)
			return device;
	}
	return NULL;
}

static FuDevice *
fu_test_get(FuTestRun *run, const gchar *guid)
{
	FuDevice *device = fu_test_find(run->added, guid);
	if (device == NULL)
		g_test_message("no device for %s", guid);
	g_assert_nonnull(device);
	return device;
}

static void
fu_test_assert_problem(FuDevice *dev, const gchar *needle)
{
	const gchar *update_error = fu_device_get_update_error(dev);
	g_assert_false(fu_device_has_flag(dev, FWUPD_DEVICE_FLAG_UPDATABLE));
	g_assert_true(fu_device_has_flag(dev, FWUPD_DEVICE_FLAG_UPDATABLE_HIDDEN));
	g_test_message("update error: %s", update_error);
	g_assert_nonnull(update_error);
	g_assert_nonnull(g_strstr_len(update_error, -1, needle));
}

/* an image in the testbed format of docs, for GUID and version MAJOR.MINOR */
static GBytes *
fu_test_build_image(const gchar *guid_str, guint32 major, guint32 minor, gsize payload_size)
{
	fwupd_guid_t guid = {0};
	gboolean ret;
	guint32 crc;
	g_autoptr(GByteArray) buf = g_byte_array_new();
	g_autoptr(GByteArray) crc_input = g_byte_array_new();
	g_autoptr(GError) error = NULL;

	ret = fwupd_guid_from_string(guid_str, &guid, FWUPD_GUID_FLAG_NONE, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	g_byte_array_append(buf, (const guint8 *)"LFAI", 4);
	fu_byte_array_append_uint32(buf, 48, G_LITTLE_ENDIAN);
	g_byte_array_append(buf, guid, sizeof(guid));
	fu_byte_array_append_uint64(buf, ((guint64)major << 32) | minor, G_LITTLE_ENDIAN);
	fu_byte_array_append_uint32(buf, payload_size, G_LITTLE_ENDIAN);
	g_byte_array_append(crc_input, buf->data, buf->len);
	for (gsize i = 0; i < payload_size; i++)
		fu_byte_array_append_uint8(crc_input, (guint8)(i * 7));
	crc = fu_crc32(FU_CRC_KIND_B32_STANDARD, crc_input->data, crc_input->len);
	fu_byte_array_append_uint32(buf, crc, G_LITTLE_ENDIAN);
	fu_byte_array_append_uint64(buf, 0, G_LITTLE_ENDIAN);
	g_byte_array_append(buf, crc_input->data + 36, payload_size);
	return g_bytes_new(buf->data, buf->len);
}

static FuFirmware *
fu_test_prepare(FuDevice *dev, GBytes *blob, const gchar *release, GError **error)
{
	g_autoptr(FuFirmware) firmware = NULL;
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes(blob);

	firmware =
	    fu_device_prepare_firmware(dev, stream, progress, FU_FIRMWARE_PARSE_FLAG_NONE, error);
	if (firmware == NULL)
		return NULL;
	if (release != NULL)
		fu_firmware_set_version(firmware, release);
	return g_steal_pointer(&firmware);
}

static gboolean
fu_test_install(FuTestRun *run,
		FuDevice *device,
		GBytes *blob,
		const gchar *release,
		GError **error)
{
	g_autoptr(FuFirmware) firmware = NULL;
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);

	firmware = fu_test_prepare(device, blob, release, error);
	if (firmware == NULL)
		return FALSE;
	return fu_plugin_runner_write_firmware(run->plugin,
					       device,
					       firmware,
					       progress,
					       FWUPD_INSTALL_FLAG_NONE,
					       error);
}

static void
fu_test_common_parse_func(gconstpointer user_data)
{
	gboolean value = FALSE;
	gboolean has_pending = TRUE;
	guint64 version = 0;
	const gchar *bad_bools[] = {"", "2", "01", "true", " 1", "1 ", "-1", NULL};
	const gchar *bad_versions[] = {"",
				       "1",
				       "1.",
				       ".1",
				       "1.2.3",
				       "a.b",
				       "+1.2",
				       "1.-2",
				       "4294967296.0",
				       "1.99999999999",
				       NULL};
	g_autoptr(GError) error = NULL;

	g_assert_true(fu_lfa_common_parse_bool("0", &value, &error));
	g_assert_no_error(error);
	g_assert_false(value);
	g_assert_true(fu_lfa_common_parse_bool("1", &value, &error));
	g_assert_true(value);
	for (guint i = 0; bad_bools[i] != NULL; i++) {
		g_autoptr(GError) error_local = NULL;
		g_assert_false(fu_lfa_common_parse_bool(bad_bools[i], &value, &error_local));
		g_assert_error(error_local, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA);
	}

	g_assert_true(fu_lfa_common_parse_version("1.2", &version, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(version, ==, ((guint64)1 << 32) | 2);
	g_assert_true(fu_lfa_common_parse_version("4294967295.4294967295", &version, &error));
	g_assert_cmpuint(version, ==, G_MAXUINT64);
	for (guint i = 0; bad_versions[i] != NULL; i++) {
		g_autoptr(GError) error_local = NULL;
		g_assert_false(
		    fu_lfa_common_parse_version(bad_versions[i], &version, &error_local));
		g_assert_error(error_local, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA);
	}

	g_assert_true(fu_lfa_common_parse_pending_version("N/A", &has_pending, &version, &error));
	g_assert_no_error(error);
	g_assert_false(has_pending);
	g_assert_true(fu_lfa_common_parse_pending_version("3.4", &has_pending, &version, &error));
	g_assert_true(has_pending);
	g_assert_cmpuint(version, ==, ((guint64)3 << 32) | 4);
	{
		g_autoptr(GError) error_local = NULL;
		g_assert_false(fu_lfa_common_parse_pending_version("n/a",
								   &has_pending,
								   &version,
								   &error_local));
		g_assert_error(error_local, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA);
	}

	g_assert_true(fu_lfa_common_parse_release_version("1.2", &version, &error));
	g_assert_cmpuint(version, ==, ((guint64)1 << 32) | 2);
	g_assert_true(fu_lfa_common_parse_release_version("4294967298", &version, &error));
	g_assert_cmpuint(version, ==, ((guint64)1 << 32) | 2);
	g_assert_no_error(error);
	{
		g_autofree gchar *str = fu_lfa_common_version_to_string(((guint64)7 << 32) | 65536);
		g_assert_cmpstr(str, ==, "7.65536");
	}

	g_assert_true(fu_lfa_common_name_is_real("TF-RMM", FU_TEST_GUID_RMM));
	g_assert_false(fu_lfa_common_name_is_real(NULL, FU_TEST_GUID_RMM));
	g_assert_false(fu_lfa_common_name_is_real("", FU_TEST_GUID_RMM));
	g_assert_false(fu_lfa_common_name_is_real("   ", FU_TEST_GUID_RMM));
	g_assert_false(fu_lfa_common_name_is_real(FU_TEST_GUID_RMM, FU_TEST_GUID_RMM));
	g_assert_false(
	    fu_lfa_common_name_is_real("6C0762A6-12F2-4B56-92CB-BA8F633606D9", FU_TEST_GUID_RMM));
	g_assert_false(fu_lfa_common_name_is_real("bad\001name", FU_TEST_GUID_RMM));
	g_assert_false(fu_lfa_common_name_is_real("\xff\xfe", FU_TEST_GUID_RMM));
}

static void
fu_test_common_attr_func(gconstpointer user_data)
{
	g_autofree gchar *str = NULL;
	g_autofree gchar *huge = g_strnfill(FU_LFA_ATTR_SIZE_MAX + 1, 'A');
	g_autoptr(GBytes) blob_ok = g_bytes_new_static("1.2\n", 4);
	g_autoptr(GBytes) blob_nl = g_bytes_new_static("1.2\n\n", 5);
	g_autoptr(GBytes) blob_nul = g_bytes_new_static("1\0\n", 3);
	g_autoptr(GBytes) blob_huge = g_bytes_new_static(huge, strlen(huge));
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) error_nl = NULL;
	g_autoptr(GError) error_nul = NULL;
	g_autoptr(GError) error_huge = NULL;

	str = fu_lfa_common_attr_to_string(blob_ok, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(str, ==, "1.2");
	g_assert_null(fu_lfa_common_attr_to_string(blob_nl, &error_nl));
	g_assert_error(error_nl, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA);
	g_assert_null(fu_lfa_common_attr_to_string(blob_nul, &error_nul));
	g_assert_error(error_nul, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA);
	g_assert_null(fu_lfa_common_attr_to_string(blob_huge, &error_huge));
	g_assert_error(error_huge, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA);
}

/* the wording other parts of the project rely on, see common.md */
static void
fu_test_common_errno_func(gconstpointer user_data)
{
	struct {
		gint errnum;
		const gchar *fn;
		gint code;
		const gchar *needle;
	} cases[] = {
	    {EROFS,
	     "/sys/firmware/lfa/x/activate",
	     FWUPD_ERROR_PERMISSION_DENIED,
	     "install the systemd drop-in /etc/systemd/system/fwupd.service.d/lfa.conf "
	     "(ReadWritePaths=-/sys/firmware/lfa -/sys/class/firmware)"},
	    {EACCES, "/sys/firmware/lfa/x/activate", FWUPD_ERROR_PERMISSION_DENIED, "read-only"},
	    {EPERM,
	     "/sys/firmware/lfa/x/force_cpu_rendezvous",
	     FWUPD_ERROR_PERMISSION_DENIED,
	     "ReadWritePaths=-/sys/firmware/lfa"},
	    {EBUSY, "/sys/firmware/lfa/x/activate", FWUPD_ERROR_BUSY, "busy"},
	    {ENOENT, "/sys/firmware/lfa/x/cancel", FWUPD_ERROR_NOT_FOUND, "no longer lists"},
	    {ENODEV, "/sys/firmware/lfa/x/activate", FWUPD_ERROR_NOT_FOUND, "no longer lists"},
	    /* no errno names a firmware failure: the activation path re-reads the component */
	    {ECANCELED, "/sys/firmware/lfa/x/activate", FWUPD_ERROR_WRITE, "cannot write"},
	    {ETIMEDOUT, "/sys/firmware/lfa/x/activate", FWUPD_ERROR_WRITE, "cannot write"},
	    {EINVAL, "/sys/firmware/lfa/x/auto_activate", FWUPD_ERROR_WRITE, "cannot write"},
	    {EIO, "/sys/firmware/lfa/x/activate", FWUPD_ERROR_WRITE, "cannot write"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_assert_false(fu_lfa_common_errno_to_error(&error, cases[i].errnum, cases[i].fn));
		g_assert_error(error, FWUPD_ERROR, cases[i].code);
		g_test_message("errno %d: %s", cases[i].errnum, error->message);
		g_assert_nonnull(g_strstr_len(error->message, -1, cases[i].needle));
		g_assert_null(g_strstr_len(error->message, -1, "still running"));
	}
}

static void
fu_test_common_upload_error_func(gconstpointer user_data)
{
	struct {
		const gchar *str;
		gint code;
		const gchar *needle;
	} cases[] = {
	    {"preparing:firmware-invalid", FWUPD_ERROR_INVALID_FILE, "rejected the image"},
	    {"transferring:hw-error", FWUPD_ERROR_WRITE, "hardware error"},
	    {"programming:timeout", FWUPD_ERROR_TIMED_OUT, "timed out"},
	    {"receiving:user-abort", FWUPD_ERROR_WRITE, "cancelled"},
	    {"preparing:busy", FWUPD_ERROR_BUSY, "busy"},
	    {"preparing:invalid-file-size", FWUPD_ERROR_INVALID_FILE, "size is invalid"},
	    {"programming:read-write-error", FWUPD_ERROR_WRITE, "failed to store"},
	    {"programming:flash-wearout", FWUPD_ERROR_WRITE, "worn out"},
	    {"programming:gremlins", FWUPD_ERROR_WRITE, "unknown error (programming:gremlins)"},
	};
	g_autoptr(GError) error = NULL;

	g_assert_true(fu_lfa_common_map_upload_error("", &error));
	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error_local = NULL;
		g_assert_false(fu_lfa_common_map_upload_error(cases[i].str, &error_local));
		g_assert_error(error_local, FWUPD_ERROR, cases[i].code);
		g_assert_nonnull(g_strstr_len(error_local->message, -1, cases[i].needle));
		g_assert_nonnull(g_strstr_len(error_local->message, -1, "nothing was staged"));
	}
}

static void
fu_test_firmware_func(gconstpointer user_data)
{
	gboolean ret;
	gsize bufsz = 0;
	g_autofree guint8 *buf = NULL;
	g_autoptr(FuFirmware) firmware = fu_lfa_firmware_new();
	g_autoptr(GBytes) blob = fu_test_build_image(FU_TEST_GUID_RMM, 1, 2, 100);
	g_autoptr(GBytes) blob_trunc = g_bytes_new_from_bytes(blob, 0, 120);
	g_autoptr(GBytes) blob_bad = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) error_trunc = NULL;
	g_autoptr(GError) error_bad = NULL;
	g_autoptr(FuFirmware) firmware_trunc = fu_lfa_firmware_new();
	g_autoptr(FuFirmware) firmware_bad = fu_lfa_firmware_new();

	ret = fu_firmware_parse_bytes(firmware, blob, 0x0, FU_FIRMWARE_PARSE_FLAG_NONE, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	g_assert_cmpstr(fu_lfa_firmware_get_guid(FU_LFA_FIRMWARE(firmware)), ==, FU_TEST_GUID_RMM);
	g_assert_cmpuint(fu_firmware_get_version_raw(firmware), ==, ((guint64)1 << 32) | 2);

	ret = fu_firmware_parse_bytes(firmware_trunc,
				      blob_trunc,
				      0x0,
				      FU_FIRMWARE_PARSE_FLAG_NONE,
				      &error_trunc);
	g_assert_error(error_trunc, FWUPD_ERROR, FWUPD_ERROR_INVALID_FILE);
	g_assert_false(ret);

	/* flip one payload byte */
	buf = g_memdup2(g_bytes_get_data(blob, &bufsz), g_bytes_get_size(blob));
	buf[bufsz - 1] ^= 0xff;
	blob_bad = g_bytes_new(buf, bufsz);
	ret = fu_firmware_parse_bytes(firmware_bad,
				      blob_bad,
				      0x0,
				      FU_FIRMWARE_PARSE_FLAG_NONE,
				      &error_bad);
	g_assert_error(error_bad, FWUPD_ERROR, FWUPD_ERROR_INVALID_FILE);
	g_assert_nonnull(g_strstr_len(error_bad->message, -1, "CRC"));
	g_assert_false(ret);
}

static void
fu_test_plugin_coldplug_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "basic");

	fu_test_run_coldplug(run);
	g_assert_cmpint(run->added->len, ==, 6);

	/* quirk name wins over the kernel's, vendor ID from the quirk */
	device = fu_test_get(run, FU_TEST_GUID_RMM);
	g_assert_cmpstr(fu_device_get_name(device), ==, "TF-RMM");
	g_assert_cmpstr(fu_device_get_version(device), ==, "1.0");
	g_assert_cmpint(fu_device_get_version_format(device), ==, FWUPD_VERSION_FORMAT_PAIR);
	g_assert_true(fu_device_has_protocol(device, "com.arm.lfa"));
	g_assert_true(fu_device_has_vendor_id(device, "LFA:ARM"));
	g_assert_true(
	    fu_device_has_instance_id(device, FU_TEST_GUID_RMM, FU_DEVICE_INSTANCE_FLAG_VISIBLE));
	g_assert_true(fu_device_has_instance_id(device,
						"LFA\\GUID_6C0762A6-12F2-4B56-92CB-BA8F633606D9",
						FU_DEVICE_INSTANCE_FLAG_VISIBLE));
	g_assert_true(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_UPDATABLE));
	g_assert_false(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION));
	g_assert_null(fu_device_get_update_error(device));
	g_assert_true(FU_IS_LFA_DEVICE(device));

	/* the kernel's name when it is a real one */
	device = fu_test_get(run, FU_TEST_GUID_PLATFORM);
	g_assert_cmpstr(fu_device_get_name(device), ==, "Platform Controller Firmware");
	g_assert_cmpstr(fu_device_get_version(device), ==, "7.3");

	/* the kernel printed the GUID as the name: quirk name instead */
	device = fu_test_get(run, FU_TEST_GUID_SP1);
	g_assert_cmpstr(fu_device_get_name(device), ==, "Secure Partition 1");
	g_assert_true(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION));
	g_assert_cmpstr(fu_device_get_update_message(device),
			==,
			"Version 2.1 of Secure Partition 1 is staged and waits for activation: run "
			"'fwupdmgr activate' to switch to it without a reboot");
	g_assert_cmpstr(fu_device_get_update_error(device),
			==,
			fu_device_get_update_message(device));
	g_assert_cmpstr(fu_device_get_summary(device),
			==,
			"FF-A secure partition of the Arm FVP reference platform");

	/* early kernel: no version files, empty name, no quirk */
	device = fu_test_get(run, FU_TEST_GUID_OLD);
	g_assert_cmpstr(fu_device_get_name(device), ==, "LFA component " FU_TEST_GUID_OLD);
	g_assert_null(fu_device_get_version(device));
	g_assert_true(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_UPDATABLE));
	g_assert_true(fu_device_has_vendor_id(device, "LFA:0509B633-5734-422F-A681-6096E932D93A"));

	/* refused by the kernel, so not updatable, with a reason */
	device = fu_test_get(run, FU_TEST_GUID_BL31);
	fu_test_assert_problem(device, "may reset the CPUs (may_reset_cpu=1)");
	device = fu_test_get(run, FU_TEST_GUID_BL33);
	fu_test_assert_problem(device, "not activation capable (activation_capable=0)");
}

static void
fu_test_plugin_malformed_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	g_autofree gchar *huge = g_strnfill(64 * 1024, '7');
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "malformed");
	struct {
		const gchar *suffix;
		const gchar *needle;
	} cases[] = {
	    {"01", "current_version is unusable: 'garbage'"},
	    {"02", "activation_pending is unusable: '2'"},
	    {"03", "activation_capable is unusable: cannot open"},
	    {"04", "pending_version is unusable: '1.2.3'"},
	    {"05", "current_version is unusable: '4294967296.0'"},
	    {"06", "may_reset_cpu is unusable: contains a NUL byte"},
	    {"07", "current_version is unusable: contains more than one line"},
	    {"08", "cpu_rendezvous is unusable: 'yes'"},
	    {"0a", "activation_capable is unusable: ' 1'"},
	    {"0b", "current_version is unusable: '1.-2'"},
	    {"0c", "activation_pending is unusable: ''"},
	    {"0d", "current_version is unusable: '+1.0'"},
	    {"0e", "may_reset_cpu is unusable"},
	    {"0f", "current_version is unusable: too large"},
	};

	/* too big to commit */
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_BAD "0f/current_version", huge);
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_BAD "0f/name", huge);

	fu_test_run_coldplug(run);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *guid = g_strdup_printf(FU_TEST_GUID_BAD "%s", cases[i].suffix);
		device = fu_test_get(run, guid);
		fu_test_assert_problem(device, cases[i].needle);
	}

	/* a malformed version is not guessed */
	device = fu_test_get(run, FU_TEST_GUID_BAD "01");
	g_assert_null(fu_device_get_version(device));
	device = fu_test_get(run, FU_TEST_GUID_BAD "0f");
	g_assert_null(fu_device_get_version(device));
	g_assert_cmpstr(fu_device_get_name(device), ==, "LFA component " FU_TEST_GUID_BAD "0f");

	/* binary garbage as the name gives the fallback, nothing else is wrong */
	device = fu_test_get(run, FU_TEST_GUID_BAD "09");
	g_assert_cmpstr(fu_device_get_name(device), ==, "LFA component " FU_TEST_GUID_BAD "09");
	g_assert_cmpstr(fu_device_get_version(device), ==, "1.0");

	/* not components */
	g_assert_cmpint(run->added->len, ==, 15);
}

static void
fu_test_plugin_activate_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	gboolean ret;
	g_autofree gchar *activate = NULL;
	g_autofree gchar *old_dir = NULL;
	g_autofree gchar *rmm_dir = NULL;
	g_autofree gchar *sp2_dir = NULL;
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "basic");
	g_autoptr(GError) error = NULL;

	fu_test_run_coldplug(run);
	device = fu_test_get(run, FU_TEST_GUID_SP1);
	g_assert_true(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION));

	/* what the kernel shows after this activation: SP2 appears, an old one vanishes */
	sp2_dir = g_build_filename(run->root, "lfa", FU_TEST_GUID_SP2, NULL);
	old_dir = g_build_filename(run->root, "lfa", FU_TEST_GUID_OLD, NULL);
	rmm_dir = g_build_filename(run->root, "lfa", FU_TEST_GUID_RMM, NULL);
	fu_test_copy_tree(rmm_dir, sp2_dir);
	fu_test_rmtree(old_dir);

	ret = fu_plugin_runner_activate(run->plugin, device, progress, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	activate = fu_test_read(run->root, "lfa/" FU_TEST_GUID_SP1 "/activate");
	g_assert_cmpstr(activate, ==, "1");
	g_assert_false(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION));
	g_assert_nonnull(fu_test_find(run->added, FU_TEST_GUID_SP2));
	g_assert_nonnull(fu_test_find(run->removed, FU_TEST_GUID_OLD));
	g_assert_cmpint(run->removed->len, ==, 1);
}

static void
fu_test_plugin_activate_errors_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	g_autofree gchar *activate_fn = NULL;
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "basic");
	g_autoptr(GError) error_reset = NULL;
	g_autoptr(GError) error_nothing = NULL;
	g_autoptr(GError) error_ro = NULL;
	g_autoptr(GError) error_failed = NULL;
	g_autoptr(GError) error_gone = NULL;

	fu_test_run_coldplug(run);

	/* refused before anything is written */
	device = fu_test_get(run, FU_TEST_GUID_BL31);
	g_assert_false(fu_device_activate(device, progress, &error_reset));
	g_assert_error(error_reset, FWUPD_ERROR, FWUPD_ERROR_NOT_SUPPORTED);
	g_assert_nonnull(g_strstr_len(error_reset->message, -1, "may reset the CPUs"));
	device = fu_test_get(run, FU_TEST_GUID_RMM);
	g_assert_false(fu_device_activate(device, progress, &error_nothing));
	g_assert_error(error_nothing, FWUPD_ERROR, FWUPD_ERROR_NOTHING_TO_DO);

	/* the kernel refuses the write: /proc/sys files refuse writes even for root */
	device = fu_test_get(run, FU_TEST_GUID_SP1);
	activate_fn = g_build_filename(run->root, "lfa", FU_TEST_GUID_SP1, "activate", NULL);
	g_assert_cmpint(g_unlink(activate_fn), ==, 0);
	g_assert_cmpint(symlink("/proc/sys/kernel/osrelease", activate_fn), ==, 0);
	g_assert_false(fu_device_activate(device, progress, &error_ro));
	g_assert_error(error_ro, FWUPD_ERROR, FWUPD_ERROR_PERMISSION_DENIED);
	g_assert_nonnull(g_strstr_len(error_ro->message, -1, "fwupd.service.d/lfa.conf"));

	/* any other failure: the message says what the kernel reports now, never a guess */
	g_assert_cmpint(g_unlink(activate_fn), ==, 0);
	g_assert_cmpint(symlink("/dev/full", activate_fn), ==, 0);
	fu_test_audit_reset();
	g_assert_false(fu_device_activate(device, progress, &error_failed));
	g_assert_error(error_failed, FWUPD_ERROR, FWUPD_ERROR_WRITE);
	g_assert_cmpstr(
	    error_failed->message,
	    ==,
	    "activation of Secure Partition 1 failed: the kernel reports version 1.1 as "
	    "current with version 2.1 still staged; the firmware's reason is in the "
	    "kernel log (journalctl -k --grep 'lfa: .*" FU_TEST_GUID_SP1 "')");
	g_assert_null(g_strstr_len(error_failed->message, -1, "running"));
	g_assert_cmpint(fu_device_get_update_state(device), ==, FWUPD_UPDATE_STATE_FAILED);
	g_assert_cmpstr(fu_device_get_update_error(device), ==, error_failed->message);

	/* one journal entry with the fields an admin queries */
	g_assert_cmpint(fu_test_audit_count, ==, 1);
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_GUID"),
			==,
			FU_TEST_GUID_SP1);
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_COMPONENT"),
			==,
			"Secure Partition 1");
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_VERSION_OLD"), ==, "1.1");
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_VERSION_NEW"), ==, "2.1");
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_RESULT"), ==, "failed");
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_TRIGGER"),
			==,
			"fwupd-activate");
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_REASON"),
			==,
			error_failed->message);

	/* a rescan that finds nothing new keeps the failure as the update error */
	g_assert_true(fu_device_reload(device, NULL));
	g_assert_cmpstr(fu_device_get_update_error(device), ==, error_failed->message);

	/* the component went away */
	g_assert_cmpint(g_unlink(activate_fn), ==, 0);
	{
		g_autofree gchar *dir = g_path_get_dirname(activate_fn);
		fu_test_rmtree(dir);
	}
	g_assert_false(fu_device_activate(device, progress, &error_gone));
	g_assert_error(error_gone, FWUPD_ERROR, FWUPD_ERROR_NOT_FOUND);
	g_assert_nonnull(g_strstr_len(error_gone->message, -1, "no longer present"));
}

/* the next start after a daemon died during an activation */
static void
fu_test_plugin_interrupted_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	gboolean ret;
	g_autofree gchar *dir = fu_lfa_audit_record_dir();
	g_autofree gchar *fn_sp1 = g_build_filename(dir, "activation-" FU_TEST_GUID_SP1, NULL);
	g_autofree gchar *fn_gone =
	    g_build_filename(dir, "activation-" FU_TEST_GUID_BAD "01", NULL);
	g_autofree gchar *fn_junk = g_build_filename(dir, "junk", NULL);
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "basic");
	g_autoptr(FuTestRun) run_again = NULL;
	g_autoptr(GError) error = NULL;

	/* what the killed daemon had recorded: SP1 from 1.0 to 2.1, and a component now gone */
	ret = fu_lfa_audit_record_write(FU_TEST_GUID_SP1,
					"Secure Partition 1",
					"fwupd-activate",
					(guint64)1 << 32,
					"2.1",
					&error);
	g_assert_no_error(error);
	g_assert_true(ret);
	ret = fu_lfa_audit_record_write(FU_TEST_GUID_BAD "01",
					"Gone",
					"fwupd-install",
					(guint64)1 << 32,
					"1.1",
					&error);
	g_assert_no_error(error);
	g_assert_true(ret);
	fu_test_write(dir, "junk", "not a record\n");

	/* our own PID: no other process is behind these records */
	fu_test_audit_reset();
	fu_test_run_coldplug(run);
	g_assert_cmpint(fu_test_audit_count, ==, 2);
	g_assert_false(g_file_test(fn_sp1, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(fn_gone, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(fn_junk, G_FILE_TEST_EXISTS));

	/* only what the kernel reports: 1.1 runs, 2.1 is still staged */
	device = fu_test_get(run, FU_TEST_GUID_SP1);
	g_assert_true(g_str_has_prefix(fu_device_get_update_message(device),
				       "fwupd stopped while it activated version 2.1 of Secure "
				       "Partition 1 (started "));
	g_assert_cmpstr(fu_device_get_update_error(device),
			==,
			fu_device_get_update_message(device));
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_RESULT"), ==, "interrupted");
	g_assert_nonnull(g_strstr_len(fu_device_get_update_error(device),
				      -1,
				      "so it never recorded the result: the kernel reports version "
				      "1.1 as current with version 2.1 still staged; the kernel "
				      "logged the activation's result itself (journalctl -k --grep "
				      "'lfa: .*" FU_TEST_GUID_SP1 "')"));

	/* a second start finds nothing left */
	fu_test_audit_reset();
	run_again = fu_test_run_new(self, "basic");
	fu_test_run_coldplug(run_again);
	g_assert_cmpint(fu_test_audit_count, ==, 0);
}

static void
fu_test_plugin_install_upload_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	gboolean ret;
	gsize bufsz = 0;
	g_autofree gchar *buf = NULL;
	g_autofree gchar *data_fn = NULL;
	g_autofree gchar *loading = NULL;
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "quirks");
	g_autoptr(GBytes) blob = fu_test_build_image(FU_TEST_GUID_QUIRK "0d", 1, 2, 4000);
	g_autoptr(GError) error = NULL;

	fu_test_run_coldplug(run);
	device = fu_test_get(run, FU_TEST_GUID_QUIRK "0d");
	g_assert_true(G_TYPE_CHECK_INSTANCE_TYPE(device, g_type_from_name("FuLfaUploadDevice")));

	ret = fu_test_install(run, device, blob, "1.2", &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	loading = fu_test_read(run->root, "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/loading");
	g_assert_cmpstr(loading, ==, "0");
	data_fn =
	    g_build_filename(run->root, "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/data", NULL);
	g_assert_true(g_file_get_contents(data_fn, &buf, &bufsz, NULL));
	g_assert_cmpint(bufsz, ==, g_bytes_get_size(blob));
	g_assert_cmpint(memcmp(buf, g_bytes_get_data(blob, NULL), bufsz), ==, 0);
	g_assert_true(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION));
}

/* auto_activate set: the kernel activates the image as soon as it is staged */
static void
fu_test_plugin_install_auto_activated_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	gboolean ret;
	const gchar *guid = FU_TEST_GUID_QUIRK "0d";
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "quirks");
	g_autoptr(GBytes) blob = fu_test_build_image(guid, 1, 2, 64);
	g_autoptr(FuFirmware) firmware = NULL;
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) error_other = NULL;

	fu_test_run_coldplug(run);
	device = fu_test_get(run, guid);
	g_assert_cmpstr(fu_device_get_version(device), ==, "1.0");

	/* what the kernel shows once it activated the image, after the plugin checked it */
	firmware = fu_test_prepare(device, blob, "1.2", &error);
	g_assert_no_error(error);
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_QUIRK "0d/auto_activate", "1\n");
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_QUIRK "0d/activation_pending", "0\n");
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_QUIRK "0d/pending_version", "N/A\n");
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_QUIRK "0d/current_version", "1.2\n");
	ret = fu_plugin_runner_write_firmware(run->plugin,
					      device,
					      firmware,
					      progress,
					      FWUPD_INSTALL_FLAG_NONE,
					      &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	g_assert_cmpstr(fu_device_get_update_message(device),
			==,
			"LFA component " FU_TEST_GUID_QUIRK "0d now runs version 1.2: the kernel "
			"activated it as soon as it was staged (auto_activate=1)");
	g_assert_false(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION));
	g_assert_cmpstr(fu_device_get_version(device), ==, "1.2");

	/* it activated something else than the release */
	g_clear_object(&firmware);
	firmware = fu_test_prepare(device, blob, "1.2", &error);
	g_assert_no_error(error);
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_QUIRK "0d/current_version", "7.7\n");
	g_assert_false(fu_plugin_runner_write_firmware(run->plugin,
						       device,
						       firmware,
						       progress,
						       FWUPD_INSTALL_FLAG_NONE,
						       &error_other));
	g_assert_error(error_other, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA);
	g_assert_nonnull(g_strstr_len(error_other->message, -1, "version 7.7 as running"));
}

/* another writer feeding a firmware upload: a few bytes every 50 ms for a second */
static gpointer
fu_test_feeder_cb(gpointer user_data)
{
	const gchar *fn = (const gchar *)user_data;
	for (guint i = 0; i < 20; i++) {
		FILE *fp = fopen(fn, "ab");
		g_assert_nonnull(fp);
		g_assert_cmpint(fwrite("feed", 1, 4, fp), ==, 4);
		fclose(fp);
		g_usleep(50 * 1000);
	}
	return NULL;
}

static void
fu_test_plugin_install_upload_errors_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	const gchar *guid = FU_TEST_GUID_QUIRK "0d";
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "quirks");
	g_autoptr(GBytes) blob = fu_test_build_image(guid, 1, 2, 64);
	g_autoptr(GBytes) blob_other = fu_test_build_image(FU_TEST_GUID_RMM, 1, 2, 64);
	g_autoptr(GError) error_guid = NULL;
	g_autoptr(GError) error_hdr = NULL;
	g_autoptr(GError) error_rejected = NULL;
	g_autoptr(GError) error_busy = NULL;
	g_autoptr(GError) error_mismatch = NULL;
	g_autoptr(GError) error_missing = NULL;

	fu_test_run_coldplug(run);
	device = fu_test_get(run, guid);

	/* wrong component, refused before staging */
	g_assert_false(fu_test_install(run, device, blob_other, "1.2", &error_guid));
	g_assert_error(error_guid, FWUPD_ERROR, FWUPD_ERROR_INVALID_FILE);
	g_assert_nonnull(g_strstr_len(error_guid->message, -1, "image is for component"));

	/* header and release disagree */
	g_assert_false(fu_test_install(run, device, blob, "1.3", &error_hdr));
	g_assert_error(error_hdr, FWUPD_ERROR, FWUPD_ERROR_INVALID_FILE);
	g_assert_nonnull(g_strstr_len(error_hdr->message, -1, "header says version 1.2"));

	/* the platform rejects the image */
	fu_test_write(run->root,
		      "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/error",
		      "preparing:firmware-invalid\n");
	g_assert_false(fu_test_install(run, device, blob, "1.2", &error_rejected));
	g_assert_error(error_rejected, FWUPD_ERROR, FWUPD_ERROR_INVALID_FILE);
	g_assert_nonnull(g_strstr_len(error_rejected->message, -1, "rejected the image"));
	fu_test_write(run->root, "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/error", "");

	/* another upload in flight, still fed by its writer: never cancelled */
	fu_test_write(run->root,
		      "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/status",
		      "receiving\n");
	fu_test_write(run->root, "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/loading", "1\n");
	{
		g_autofree gchar *data_fn =
		    g_build_filename(run->root,
				     "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/data",
				     NULL);
		GThread *feeder = g_thread_new("feeder", fu_test_feeder_cb, data_fn);
		g_assert_false(fu_test_install(run, device, blob, "1.2", &error_busy));
		g_thread_join(feeder);
	}
	g_assert_error(error_busy, FWUPD_ERROR, FWUPD_ERROR_BUSY);
	g_assert_nonnull(g_strstr_len(error_busy->message, -1, "in use by another writer"));
	{
		g_autofree gchar *loading =
		    fu_test_read(run->root, "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/loading");
		g_assert_cmpstr(loading, ==, "1");
	}
	fu_test_write(run->root, "class/firmware/lfa-" FU_TEST_GUID_QUIRK "0d/status", "idle\n");

	/* the kernel reports another version as pending */
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_QUIRK "0d/pending_version", "9.9\n");
	g_assert_false(fu_test_install(run, device, blob, "1.2", &error_mismatch));
	g_assert_error(error_mismatch, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA);
	g_assert_nonnull(g_strstr_len(error_mismatch->message, -1, "version 9.9 as pending"));

	/* no firmware-upload device */
	{
		g_autofree gchar *upload_dir = g_build_filename(run->root,
								"class",
								"firmware",
								"lfa-" FU_TEST_GUID_QUIRK "0d",
								NULL);
		fu_test_rmtree(upload_dir);
	}
	g_assert_false(fu_test_install(run, device, blob, "1.2", &error_missing));
	g_assert_error(error_missing, FWUPD_ERROR, FWUPD_ERROR_NOT_FOUND);
}

static void
fu_test_plugin_install_nothing_pending_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	const gchar *guid = FU_TEST_GUID_QUIRK "0d";
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "quirks");
	g_autoptr(GBytes) blob = fu_test_build_image(guid, 1, 2, 64);
	g_autoptr(GError) error = NULL;

	fu_test_write(run->root, "lfa/" FU_TEST_GUID_QUIRK "0d/activation_pending", "0\n");
	fu_test_write(run->root, "lfa/" FU_TEST_GUID_QUIRK "0d/pending_version", "N/A\n");
	fu_test_run_coldplug(run);
	device = fu_test_get(run, guid);
	g_assert_false(fu_test_install(run, device, blob, "1.2", &error));
	g_assert_error(error, FWUPD_ERROR, FWUPD_ERROR_WRITE);
	g_assert_nonnull(g_strstr_len(error->message, -1, "reports nothing pending"));
}

static void
fu_test_plugin_quirks_func(gconstpointer user_data)
{
	FuTest *self = (FuTest *)user_data;
	FuDevice *device;
	gboolean ret;
	gsize bufsz = 0;
	g_autofree gchar *buf = NULL;
	g_autofree gchar *str = NULL;
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	g_autoptr(FuTestRun) run = fu_test_run_new(self, "quirks");
	g_autoptr(GBytes) blob1 = fu_test_build_image(FU_TEST_GUID_QUIRK "01", 1, 2, 300);
	g_autoptr(GBytes) blob2 = fu_test_build_image(FU_TEST_GUID_QUIRK "02", 1, 2, 300);
	g_autoptr(GBytes) blob3 = fu_test_build_image(FU_TEST_GUID_QUIRK "03", 1, 2, 300);
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) error_external = NULL;

	g_assert_cmpint(g_mkdir_with_parents("/tmp/fwupd-lfa-self-test", 0755), ==, 0);
	(void)g_unlink(FU_TEST_STAGED_FILE);
	fu_test_run_coldplug(run);
	g_assert_cmpint(run->added->len, ==, 15);

	/* LfaStagingMethod=file + LfaStagingTarget + LfaActivateOnInstall */
	device = fu_test_get(run, FU_TEST_GUID_QUIRK "01");
	g_assert_true(G_TYPE_CHECK_INSTANCE_TYPE(device, g_type_from_name("FuLfaFileDevice")));
	ret = fu_test_install(run, device, blob1, "1.2", &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	g_assert_true(g_file_get_contents(FU_TEST_STAGED_FILE, &buf, &bufsz, NULL));
	g_assert_cmpint(bufsz, ==, g_bytes_get_size(blob1));
	str = fu_test_read(run->root, "lfa/" FU_TEST_GUID_QUIRK "01/activate");
	g_assert_cmpstr(str, ==, "1");
	g_clear_pointer(&str, g_free);
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_TRIGGER"),
			==,
			"fwupd-install");
	g_assert_cmpstr(g_hash_table_lookup(fu_test_audit_fields, "LFA_RESULT"), ==, "success");
	/* a plain file does not clear activation_pending: the kernel's word is kept */
	g_assert_true(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION));

	/* LfaStagingMethod=none: install refused, activation still works */
	device = fu_test_get(run, FU_TEST_GUID_QUIRK "02");
	g_assert_true(G_TYPE_CHECK_INSTANCE_TYPE(device, g_type_from_name("FuLfaExternalDevice")));
	g_assert_false(fu_test_install(run, device, blob2, "1.2", &error_external));
	g_assert_error(error_external, FWUPD_ERROR, FWUPD_ERROR_NOT_SUPPORTED);
	g_assert_nonnull(g_strstr_len(error_external->message, -1, "staging is external"));
	ret = fu_plugin_runner_activate(run->plugin, device, progress, &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	str = fu_test_read(run->root, "lfa/" FU_TEST_GUID_QUIRK "02/activate");
	g_assert_cmpstr(str, ==, "1");
	g_clear_pointer(&str, g_free);

	/* LfaStagingTarget names the firmware-upload device */
	device = fu_test_get(run, FU_TEST_GUID_QUIRK "03");
	ret = fu_test_install(run, device, blob3, "1.2", &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	str = fu_test_read(run->root, "class/firmware/custom-stager/loading");
	g_assert_cmpstr(str, ==, "0");
	g_clear_pointer(&str, g_free);

	/* LfaCpuRendezvous: force, skip where optional, and required despite the policy */
	for (guint i = 4; i <= 6; i++) {
		const gchar *expected[] = {"1", "0", "1"};
		g_autofree gchar *guid = g_strdup_printf(FU_TEST_GUID_QUIRK "%02x", i);
		g_autofree gchar *relpath = g_strdup_printf("lfa/%s/force_cpu_rendezvous", guid);
		g_autofree gchar *force = NULL;
		device = fu_test_get(run, guid);
		ret = fu_plugin_runner_activate(run->plugin, device, progress, &error);
		g_assert_no_error(error);
		g_assert_true(ret);
		force = fu_test_read(run->root, relpath);
		g_assert_cmpstr(force, ==, expected[i - 4]);
	}

	/* LfaAutoActivate written at setup, and tolerated on a kernel without the file */
	str = fu_test_read(run->root, "lfa/" FU_TEST_GUID_QUIRK "07/auto_activate");
	g_assert_cmpstr(str, ==, "1");
	g_clear_pointer(&str, g_free);
	device = fu_test_get(run, FU_TEST_GUID_QUIRK "08");
	g_assert_true(fu_device_has_flag(device, FWUPD_DEVICE_FLAG_UPDATABLE));
	{
		g_autofree gchar *fn = g_build_filename(run->root,
							"lfa",
							FU_TEST_GUID_QUIRK "08",
							"auto_activate",
							NULL);
		g_assert_false(g_file_test(fn, G_FILE_TEST_EXISTS));
	}

	/* invalid values make the device not updatable, with the key in the reason */
	fu_test_assert_problem(fu_test_get(run, FU_TEST_GUID_QUIRK "09"), "LfaCpuRendezvous");
	fu_test_assert_problem(fu_test_get(run, FU_TEST_GUID_QUIRK "0a"), "LfaStagingMethod");
	fu_test_assert_problem(fu_test_get(run, FU_TEST_GUID_QUIRK "0b"), "LfaActivateOnInstall");

	/* LfaStagingTarget: file staging without an absolute path, and a path with '..' */
	{
		g_autoptr(GBytes) blob = fu_test_build_image(FU_TEST_GUID_QUIRK "0e", 1, 2, 16);
		g_autoptr(GError) error_relative = NULL;
		device = fu_test_get(run, FU_TEST_GUID_QUIRK "0e");
		g_assert_false(fu_test_install(run, device, blob, "1.2", &error_relative));
		g_assert_error(error_relative, FWUPD_ERROR, FWUPD_ERROR_NOT_SUPPORTED);
		g_assert_nonnull(g_strstr_len(error_relative->message, -1, "absolute path"));
	}
	fu_test_assert_problem(fu_test_get(run, FU_TEST_GUID_QUIRK "0f"), "LfaStagingTarget");

	/* a section keyed by the LFA\GUID_ instance ID */
	device = fu_test_get(run, FU_TEST_GUID_QUIRK "0c");
	g_assert_cmpstr(fu_device_get_name(device), ==, "Matched By Instance ID");
	g_assert_true(G_TYPE_CHECK_INSTANCE_TYPE(device, g_type_from_name("FuLfaExternalDevice")));
}

static void
fu_test_self_free(FuTest *self)
{
	if (self->ctx != NULL)
		g_object_unref(self->ctx);
	g_free(self->tmpdir);
	g_free(self);
}

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-function"
G_DEFINE_AUTOPTR_CLEANUP_FUNC(FuTest, fu_test_self_free)
#pragma clang diagnostic pop

int
main(int argc, char **argv)
{
	gboolean ret;
	g_autofree gchar *quirksdir_local = NULL;
	g_autoptr(FuPlugin) plugin = NULL;
	g_autoptr(FuProgress) progress = fu_progress_new(G_STRLOC);
	g_autoptr(FuTest) self = g_new0(FuTest, 1);
	g_autoptr(GError) error = NULL;

	(void)g_setenv("G_TEST_SRCDIR", SRCDIR, FALSE);
	g_test_init(&argc, &argv, NULL);

	/* only critical and error are fatal */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
	g_log_set_writer_func(fu_test_log_writer_cb, NULL, NULL);
	g_log_set_fatal_mask(NULL, G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
	(void)g_setenv("G_MESSAGES_DEBUG", "all", FALSE);

	/* the project's quirks, plus one file with a GUID per quirk key */
	quirksdir_local = g_test_build_filename(G_TEST_DIST, "tests", "quirks.d", NULL);
	(void)g_setenv("FWUPD_DATADIR_QUIRKS", QUIRKSDIR, TRUE);
	(void)g_setenv("FWUPD_LOCALSTATEDIR_QUIRKS", quirksdir_local, TRUE);
	self->tmpdir = g_dir_make_tmp("lfa-self-test-XXXXXX", &error);
	g_assert_no_error(error);
	(void)g_setenv("FWUPD_SYSFSFWDIR", self->tmpdir, TRUE);
	/* activation records go to fwupd's state directory: keep them in ours */
	(void)g_setenv("FWUPD_LOCALSTATEDIR", self->tmpdir, TRUE);
	(void)g_unsetenv("STATE_DIRECTORY");

	/* the quirk keys must be known before the quirks are loaded */
	self->ctx = fu_context_new();
	plugin = fu_plugin_new_from_gtype(fu_lfa_plugin_get_type(), self->ctx);
	fu_plugin_runner_init(plugin);
	ret = fu_context_load_quirks(self->ctx,
				     FU_QUIRKS_LOAD_FLAG_NO_CACHE | FU_QUIRKS_LOAD_FLAG_NO_VERIFY,
				     &error);
	g_assert_no_error(error);
	g_assert_true(ret);
	ret = fu_context_load_hwinfo(self->ctx, progress, FU_CONTEXT_HWID_FLAG_NONE, &error);
	g_assert_no_error(error);
	g_assert_true(ret);

	g_test_add_data_func("/lfa/common{parse}", self, fu_test_common_parse_func);
	g_test_add_data_func("/lfa/common{attr}", self, fu_test_common_attr_func);
	g_test_add_data_func("/lfa/common{errno}", self, fu_test_common_errno_func);
	g_test_add_data_func("/lfa/common{upload-error}", self, fu_test_common_upload_error_func);
	g_test_add_data_func("/lfa/firmware", self, fu_test_firmware_func);
	g_test_add_data_func("/lfa/plugin{coldplug}", self, fu_test_plugin_coldplug_func);
	g_test_add_data_func("/lfa/plugin{malformed}", self, fu_test_plugin_malformed_func);
	g_test_add_data_func("/lfa/plugin{activate}", self, fu_test_plugin_activate_func);
	g_test_add_data_func("/lfa/plugin{activate-errors}",
			     self,
			     fu_test_plugin_activate_errors_func);
	g_test_add_data_func("/lfa/plugin{interrupted}", self, fu_test_plugin_interrupted_func);
	g_test_add_data_func("/lfa/plugin{install-upload}",
			     self,
			     fu_test_plugin_install_upload_func);
	g_test_add_data_func("/lfa/plugin{install-auto-activated}",
			     self,
			     fu_test_plugin_install_auto_activated_func);
	g_test_add_data_func("/lfa/plugin{install-upload-errors}",
			     self,
			     fu_test_plugin_install_upload_errors_func);
	g_test_add_data_func("/lfa/plugin{install-nothing-pending}",
			     self,
			     fu_test_plugin_install_nothing_pending_func);
	g_test_add_data_func("/lfa/plugin{quirks}", self, fu_test_plugin_quirks_func);
	ret = g_test_run();

	/* the scratch copies */
	if (self->tmpdir != NULL) {
		g_autoptr(GError) error_rm = NULL;
		if (!fu_path_rmtree(self->tmpdir, &error_rm))
			g_debug("failed to remove %s: %s", self->tmpdir, error_rm->message);
	}
	return ret;
}
