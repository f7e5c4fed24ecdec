/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "fu-lfa-common.h"
#include "fu-lfa-upload-device.h"

/*
 * Stages through the kernel's firmware-upload class, as Intel's TDX module
 * update does: write 1 to loading, the image to data, 0 to loading, then wait
 * for status to return to idle and read error.
 */

struct _FuLfaUploadDevice {
	FuLfaDevice parent_instance;
	gboolean retry_recovery_added;
};

G_DEFINE_TYPE(FuLfaUploadDevice, fu_lfa_upload_device, FU_TYPE_LFA_DEVICE)

/* read from the cabinet and written to data in blocks this large */
#define FU_LFA_UPLOAD_DEVICE_BLOCK_SIZE (1024 * 1024)
/*
 * status is polled this often while the platform works on the image, with
 * fu_device_retry_full(), for at least this long (the reads add to it)
 */
#define FU_LFA_UPLOAD_DEVICE_POLL_MS	5
#define FU_LFA_UPLOAD_DEVICE_TIMEOUT_MS (5 * 60 * 1000)
/*
 * An upload left in "receiving" is stale when nothing about it moves for
 * this long: no byte received, remaining_size and status unchanged. A writer
 * that still feeds it moves within that time, and is never cancelled.
 */
#define FU_LFA_UPLOAD_DEVICE_STALE_MS	   2000
#define FU_LFA_UPLOAD_DEVICE_STALE_POLL_MS 100

/* what the upload looks like from outside, to tell a live writer from a stale one */
typedef struct {
	gchar *status;
	gchar *remaining_size;
	gsize received;
} FuLfaUploadSnapshot;

static void
fu_lfa_upload_device_snapshot_clear(FuLfaUploadSnapshot *snap)
{
	g_clear_pointer(&snap->status, g_free);
	g_clear_pointer(&snap->remaining_size, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(FuLfaUploadSnapshot, fu_lfa_upload_device_snapshot_clear)

static gchar *
fu_lfa_upload_device_get_class_path(FuLfaUploadDevice *self, GError **error)
{
	FuLfaDevice *device_lfa = FU_LFA_DEVICE(self);
	const gchar *target = fu_lfa_device_get_staging_target(device_lfa);
	g_autofree gchar *name = NULL;

	if (target != NULL && g_strstr_len(target, -1, "/") != NULL) {
		g_set_error(
		    error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_NOT_SUPPORTED,
		    "LfaStagingTarget '%s' must be a firmware-upload device name, not a path",
		    target);
		return NULL;
	}
	if (target != NULL)
		name = g_strdup(target);
	else
		name = g_strdup_printf("lfa-%s", fu_lfa_device_get_guid(device_lfa));
	return fu_path_build(FU_PATH_KIND_SYSFSDIR, "class", "firmware", name, NULL);
}

static gchar *
fu_lfa_upload_device_read(const gchar *dir, const gchar *attr, GError **error)
{
	g_autofree gchar *fn = g_build_filename(dir, attr, NULL);
	gchar *str = fu_lfa_common_read_attr(fn, error);
	if (str == NULL) {
		g_prefix_error(error, "failed to read %s: ", attr);
		return NULL;
	}
	return str;
}

static gboolean
fu_lfa_upload_device_write(const gchar *dir, const gchar *attr, const gchar *value, GError **error)
{
	g_autofree gchar *fn = g_build_filename(dir, attr, NULL);
	return fu_lfa_common_write_attr(fn, value, error);
}

/*
 * How many bytes an upload in progress holds. The data file has no size in
 * sysfs, and reading it returns nothing past the end of what was received,
 * so the end is found by probing single bytes: a few dozen reads, no copy.
 */
static gsize
fu_lfa_upload_device_get_received(const gchar *dir)
{
	gsize lo = 0;
	gsize hi = 1;
	guint8 tmp = 0;
	gint fd;
	g_autofree gchar *fn = g_build_filename(dir, "data", NULL);

	fd = g_open(fn, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	/* lo bytes are known to be there; find an hi that is not */
	while (hi < G_MAXUINT32 && pread(fd, &tmp, 1, (off_t)hi - 1) == 1) {
		lo = hi;
		hi *= 2;
	}
	while (hi - lo > 1) {
		gsize mid = lo + (hi - lo) / 2;
		if (pread(fd, &tmp, 1, (off_t)mid - 1) == 1)
			lo = mid;
		else
			hi = mid;
	}
	g_close(fd, NULL);
	return lo;
}

static gboolean
fu_lfa_upload_device_snapshot(const gchar *dir, FuLfaUploadSnapshot *snap, GError **error)
{
	fu_lfa_upload_device_snapshot_clear(snap);
	snap->status = fu_lfa_upload_device_read(dir, "status", error);
	if (snap->status == NULL)
		return FALSE;
	snap->remaining_size = fu_lfa_upload_device_read(dir, "remaining_size", NULL);
	snap->received = fu_lfa_upload_device_get_received(dir);
	return TRUE;
}

/*
 * Before a new upload: an earlier one that nobody feeds any more (a daemon
 * killed while staging, say) would keep the device busy for ever, so it is
 * cancelled; one that is still fed, or that the platform still works on, is
 * left alone and the install fails as busy. Aborting also guarantees that the
 * new image never lands on top of stale data.
 */
static gboolean
fu_lfa_upload_device_ensure_idle(FuLfaUploadDevice *self, const gchar *dir, GError **error)
{
	gboolean moved = FALSE;
	g_auto(FuLfaUploadSnapshot) first = {NULL};
	g_auto(FuLfaUploadSnapshot) now = {NULL};

	if (!fu_lfa_upload_device_snapshot(dir, &first, error))
		return FALSE;
	if (g_strcmp0(first.status, "idle") == 0)
		return TRUE;

	/* watch it: a live writer or a working platform changes something */
	for (guint i = 0; i < FU_LFA_UPLOAD_DEVICE_STALE_MS / FU_LFA_UPLOAD_DEVICE_STALE_POLL_MS;
	     i++) {
		fu_device_sleep(FU_DEVICE(self), FU_LFA_UPLOAD_DEVICE_STALE_POLL_MS);
		if (!fu_lfa_upload_device_snapshot(dir, &now, error))
			return FALSE;
		if (g_strcmp0(now.status, "idle") == 0)
			return TRUE;
		if (g_strcmp0(now.status, first.status) != 0 ||
		    g_strcmp0(now.remaining_size, first.remaining_size) != 0 ||
		    now.received != first.received) {
			moved = TRUE;
			break;
		}
	}
	if (moved || g_strcmp0(first.status, "receiving") != 0) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_BUSY,
			    "firmware-upload device %s is in use by another writer (status %s, "
			    "%" G_GSIZE_FORMAT " bytes received); try again once it has finished",
			    dir,
			    now.status != NULL ? now.status : first.status,
			    now.status != NULL ? now.received : first.received);
		return FALSE;
	}
	g_warning("firmware-upload device %s was left receiving with %" G_GSIZE_FORMAT
		  " bytes and nothing fed it for %u ms: cancelling that stale upload",
		  dir,
		  first.received,
		  (guint)FU_LFA_UPLOAD_DEVICE_STALE_MS);
	if (!fu_lfa_upload_device_write(dir, "loading", "-1", error)) {
		g_prefix_error_literal(error, "failed to cancel a stale upload: ");
		return FALSE;
	}
	return TRUE;
}

/* streams the image to data in large blocks, progress from the bytes written */
static gboolean
fu_lfa_upload_device_write_data(const gchar *dir,
				GInputStream *stream,
				gsize total,
				FuProgress *progress,
				GError **error)
{
	g_autofree gchar *fn = g_build_filename(dir, "data", NULL);
	return fu_lfa_common_write_stream(fn,
					  0,
					  stream,
					  FU_LFA_UPLOAD_DEVICE_BLOCK_SIZE,
					  total,
					  progress,
					  error);
}

/* what fu_lfa_upload_device_status_cb() polls, and what it found */
typedef struct {
	const gchar *dir;
	gsize total;
	FuProgress *progress;
	GError *error; /* a failure that no further poll can change */
} FuLfaUploadWaitHelper;

/*
 * One poll of status for fu_device_retry_full(): TRUE when the platform is
 * done, or when something went wrong that waiting cannot fix (kept in the
 * helper, so that the retry helper neither repeats it nor rewords it);
 * FWUPD_ERROR_BUSY while it still works on the image, which is retried.
 */
static gboolean
fu_lfa_upload_device_status_cb(FuDevice *device, gpointer user_data, GError **error)
{
	FuLfaUploadWaitHelper *helper = (FuLfaUploadWaitHelper *)user_data;
	/* what the kernel's firmware-upload class prints while it works */
	const gchar *busy_states[] = {"receiving",
				      "preparing",
				      "transferring",
				      "programming",
				      NULL};
	guint64 remaining = 0;
	g_autofree gchar *status = NULL;
	g_autofree gchar *remaining_str = NULL;

	status = fu_lfa_upload_device_read(helper->dir, "status", &helper->error);
	if (status == NULL)
		return TRUE;
	if (g_strcmp0(status, "idle") == 0)
		return TRUE;
	if (!g_strv_contains(busy_states, status)) {
		g_set_error(&helper->error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_DATA,
			    "firmware-upload device %s reports an unknown status '%s'",
			    helper->dir,
			    status);
		return TRUE;
	}

	/* the bytes the platform still has to take over */
	remaining_str = fu_lfa_upload_device_read(helper->dir, "remaining_size", NULL);
	if (remaining_str != NULL && helper->total > 0 &&
	    g_ascii_string_to_unsigned(remaining_str, 10, 0, helper->total, &remaining, NULL)) {
		fu_progress_set_percentage_full(helper->progress,
						helper->total - remaining,
						helper->total);
	}
	g_set_error(error, FWUPD_ERROR, FWUPD_ERROR_BUSY, "status is %s", status);
	return FALSE;
}

/* registered for FWUPD_ERROR_BUSY: polling on is the recovery, and it is not worth a log line */
static gboolean
fu_lfa_upload_device_still_busy_cb(FuDevice *device, gpointer user_data, GError **error)
{
	return TRUE;
}

/* the platform works on the image after loading=0; status is idle again when done */
static gboolean
fu_lfa_upload_device_wait_idle(FuLfaUploadDevice *self,
			       const gchar *dir,
			       gsize total,
			       FuProgress *progress,
			       GError **error)
{
	FuLfaUploadWaitHelper helper = {.dir = dir, .total = total, .progress = progress};
	g_autoptr(GError) error_local = NULL;

	/* once per device, and only for the devices that stage */
	if (!self->retry_recovery_added) {
		fu_device_retry_add_recovery(FU_DEVICE(self),
					     FWUPD_ERROR,
					     FWUPD_ERROR_BUSY,
					     fu_lfa_upload_device_still_busy_cb);
		self->retry_recovery_added = TRUE;
	}
	if (fu_device_retry_full(FU_DEVICE(self),
				 fu_lfa_upload_device_status_cb,
				 FU_LFA_UPLOAD_DEVICE_TIMEOUT_MS / FU_LFA_UPLOAD_DEVICE_POLL_MS,
				 FU_LFA_UPLOAD_DEVICE_POLL_MS,
				 &helper,
				 &error_local)) {
		if (helper.error != NULL) {
			g_propagate_error(error, helper.error);
			return FALSE;
		}
		return TRUE;
	}
	g_debug("%s", error_local->message);

	/* give up, and do not leave a half-staged image behind */
	if (!fu_lfa_upload_device_write(dir, "cancel", "1", NULL))
		g_debug("failed to cancel the upload");
	g_set_error(error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_TIMED_OUT,
		    "the platform did not finish staging within %u s; the upload was cancelled",
		    (guint)FU_LFA_UPLOAD_DEVICE_TIMEOUT_MS / 1000);
	return FALSE;
}

static gboolean
fu_lfa_upload_device_write_firmware(FuDevice *device,
				    FuFirmware *firmware,
				    FuProgress *progress,
				    FwupdInstallFlags flags,
				    GError **error)
{
	FuLfaUploadDevice *self = FU_LFA_UPLOAD_DEVICE(device);
	gsize total = 0;
	g_autofree gchar *dir = NULL;
	g_autofree gchar *upload_error = NULL;
	g_autoptr(GInputStream) stream = NULL;
	g_autoptr(GError) error_local = NULL;

	fu_progress_set_id(progress, G_STRLOC);
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_WRITE, 90, "data");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_BUSY, 8, "programming");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_VERIFY, 2, "check");

	stream = fu_lfa_device_get_image(FU_LFA_DEVICE(self), firmware, &total, error);
	if (stream == NULL)
		return FALSE;
	dir = fu_lfa_upload_device_get_class_path(self, error);
	if (dir == NULL)
		return FALSE;
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_FOUND,
			    "no firmware-upload device %s: the platform's staging driver is not "
			    "loaded, or the component needs another LfaStagingMethod",
			    dir);
		return FALSE;
	}

	/* another upload must not be interleaved with ours, a stale one must not block us */
	if (!fu_lfa_upload_device_ensure_idle(self, dir, error))
		return FALSE;

	if (!fu_lfa_upload_device_write(dir, "loading", "1", error)) {
		g_prefix_error_literal(error, "failed to start the upload: ");
		return FALSE;
	}
	if (!fu_lfa_upload_device_write_data(dir,
					     stream,
					     total,
					     fu_progress_get_child(progress),
					     error)) {
		if (!fu_lfa_upload_device_write(dir, "loading", "-1", &error_local))
			g_debug("failed to abort the upload: %s", error_local->message);
		g_prefix_error_literal(error, "failed to write the image: ");
		return FALSE;
	}
	if (!fu_lfa_upload_device_write(dir, "loading", "0", error)) {
		g_prefix_error_literal(error, "failed to finish the upload: ");
		return FALSE;
	}
	fu_progress_step_done(progress);

	if (!fu_lfa_upload_device_wait_idle(self,
					    dir,
					    total,
					    fu_progress_get_child(progress),
					    error))
		return FALSE;
	upload_error = fu_lfa_upload_device_read(dir, "error", error);
	if (upload_error == NULL)
		return FALSE;
	if (!fu_lfa_common_map_upload_error(upload_error, error))
		return FALSE;
	fu_progress_step_done(progress);

	/* the kernel must now report the image as pending */
	if (!fu_lfa_device_finish_install(FU_LFA_DEVICE(self),
					  firmware,
					  fu_progress_get_child(progress),
					  error))
		return FALSE;
	fu_progress_step_done(progress);
	return TRUE;
}

static void
fu_lfa_upload_device_init(FuLfaUploadDevice *self)
{
}

static void
fu_lfa_upload_device_class_init(FuLfaUploadDeviceClass *klass)
{
	FuDeviceClass *device_class = FU_DEVICE_CLASS(klass);
	device_class->write_firmware = fu_lfa_upload_device_write_firmware;
}
