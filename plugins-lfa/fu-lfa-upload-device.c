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
};

G_DEFINE_TYPE(FuLfaUploadDevice, fu_lfa_upload_device, FU_TYPE_LFA_DEVICE)

#define FU_LFA_UPLOAD_DEVICE_CHUNK_SIZE 0x8000
#define FU_LFA_UPLOAD_DEVICE_POLL_MS	50
#define FU_LFA_UPLOAD_DEVICE_TIMEOUT_MS (5 * 60 * 1000)

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

static gboolean
fu_lfa_upload_device_write_data(const gchar *dir,
				GBytes *blob,
				FuProgress *progress,
				GError **error)
{
	gint fd;
	g_autofree gchar *fn = g_build_filename(dir, "data", NULL);
	g_autoptr(FuChunkArray) chunks = NULL;

	fd = g_open(fn, O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fu_lfa_common_errno_to_error(error, errno, fn);
	chunks = fu_chunk_array_new_from_bytes(blob,
					       FU_CHUNK_ADDR_OFFSET_NONE,
					       FU_CHUNK_PAGESZ_NONE,
					       FU_LFA_UPLOAD_DEVICE_CHUNK_SIZE);
	fu_progress_set_id(progress, G_STRLOC);
	fu_progress_set_steps(progress, fu_chunk_array_length(chunks));
	for (guint i = 0; i < fu_chunk_array_length(chunks); i++) {
		const guint8 *buf;
		gsize bufsz;
		gsize done = 0;
		g_autoptr(FuChunk) chk = fu_chunk_array_index(chunks, i, error);

		if (chk == NULL) {
			g_close(fd, NULL);
			return FALSE;
		}
		buf = fu_chunk_get_data(chk);
		bufsz = fu_chunk_get_data_sz(chk);
		while (done < bufsz) {
			gssize wrote = write(fd, buf + done, bufsz - done);
			if (wrote < 0 && errno == EINTR)
				continue;
			if (wrote <= 0) {
				gint errsv = wrote < 0 ? errno : EIO;
				g_close(fd, NULL);
				return fu_lfa_common_errno_to_error(error, errsv, fn);
			}
			done += (gsize)wrote;
		}
		fu_progress_step_done(progress);
	}
	if (close(fd) != 0)
		return fu_lfa_common_errno_to_error(error, errno, fn);
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
	/* what the kernel's firmware-upload class prints while it works */
	const gchar *busy_states[] = {"receiving",
				      "preparing",
				      "transferring",
				      "programming",
				      NULL};

	for (guint i = 0; i < FU_LFA_UPLOAD_DEVICE_TIMEOUT_MS / FU_LFA_UPLOAD_DEVICE_POLL_MS; i++) {
		guint64 remaining = 0;
		g_autofree gchar *status = NULL;
		g_autofree gchar *remaining_str = NULL;

		status = fu_lfa_upload_device_read(dir, "status", error);
		if (status == NULL)
			return FALSE;
		if (g_strcmp0(status, "idle") == 0)
			return TRUE;
		if (!g_strv_contains(busy_states, status)) {
			g_set_error(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_INVALID_DATA,
				    "firmware-upload device %s reports an unknown status '%s'",
				    dir,
				    status);
			return FALSE;
		}

		/* remaining_size is optional for the progress bar, nothing more */
		remaining_str = fu_lfa_upload_device_read(dir, "remaining_size", NULL);
		if (remaining_str != NULL && total > 0 &&
		    fu_strtoull(remaining_str, &remaining, 0, total, FU_INTEGER_BASE_10, NULL)) {
			fu_progress_set_percentage_full(progress, total - remaining, total);
		}
		fu_device_sleep(FU_DEVICE(self), FU_LFA_UPLOAD_DEVICE_POLL_MS);
	}

	/* give up, and do not leave a half-staged image behind */
	if (!fu_lfa_upload_device_write(dir, "cancel", "1", NULL))
		g_debug("failed to cancel the upload");
	g_set_error(error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_TIMED_OUT,
		    "the platform did not finish staging within %u s",
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
	g_autofree gchar *dir = NULL;
	g_autofree gchar *status = NULL;
	g_autofree gchar *upload_error = NULL;
	g_autoptr(GBytes) blob = NULL;
	g_autoptr(GError) error_local = NULL;

	fu_progress_set_id(progress, G_STRLOC);
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_WRITE, 70, "data");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_BUSY, 25, "programming");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_VERIFY, 5, "check");

	blob = fu_lfa_device_get_image(FU_LFA_DEVICE(self), firmware, error);
	if (blob == NULL)
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

	/* another upload must not be interleaved with ours */
	status = fu_lfa_upload_device_read(dir, "status", error);
	if (status == NULL)
		return FALSE;
	if (g_strcmp0(status, "idle") != 0) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_BUSY,
			    "firmware-upload device %s is busy (status %s)",
			    dir,
			    status);
		return FALSE;
	}

	if (!fu_lfa_upload_device_write(dir, "loading", "1", error)) {
		g_prefix_error_literal(error, "failed to start the upload: ");
		return FALSE;
	}
	if (!fu_lfa_upload_device_write_data(dir, blob, fu_progress_get_child(progress), error)) {
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
					    g_bytes_get_size(blob),
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
	if (!fu_lfa_device_check_staged(FU_LFA_DEVICE(self),
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
