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

#include "fu-lfa-file-device.h"

/*
 * Stages by writing the image to a path the platform watches, for example a
 * store shared with a BMC; the platform then reports it as pending.
 */

struct _FuLfaFileDevice {
	FuLfaDevice parent_instance;
};

G_DEFINE_TYPE(FuLfaFileDevice, fu_lfa_file_device, FU_TYPE_LFA_DEVICE)

static gboolean
fu_lfa_file_device_write_file(const gchar *fn, GBytes *blob, GError **error)
{
	const guint8 *buf;
	gsize bufsz = 0;
	gsize done = 0;
	gint fd;

	/* in place: the target may be a device node or a file another agent has open */
	fd = g_open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		gint errsv = errno;
		g_set_error(error,
			    FWUPD_ERROR,
			    errsv == EROFS || errsv == EACCES ? FWUPD_ERROR_PERMISSION_DENIED
							      : FWUPD_ERROR_WRITE,
			    "cannot open %s: %s",
			    fn,
			    fwupd_strerror(errsv));
		return FALSE;
	}
	buf = g_bytes_get_data(blob, &bufsz);
	while (done < bufsz) {
		gssize wrote = write(fd, buf + done, bufsz - done);
		if (wrote < 0 && errno == EINTR)
			continue;
		if (wrote <= 0) {
			gint errsv = wrote < 0 ? errno : EIO;
			g_close(fd, NULL);
			g_set_error(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_WRITE,
				    "cannot write %s: %s",
				    fn,
				    fwupd_strerror(errsv));
			return FALSE;
		}
		done += (gsize)wrote;
	}
	if (close(fd) != 0) {
		gint errsv = errno;
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_WRITE,
			    "cannot write %s: %s",
			    fn,
			    fwupd_strerror(errsv));
		return FALSE;
	}
	return TRUE;
}

static gboolean
fu_lfa_file_device_write_firmware(FuDevice *device,
				  FuFirmware *firmware,
				  FuProgress *progress,
				  FwupdInstallFlags flags,
				  GError **error)
{
	FuLfaDevice *self = FU_LFA_DEVICE(device);
	const gchar *target = fu_lfa_device_get_staging_target(self);
	g_autoptr(GBytes) blob = NULL;

	if (target == NULL || !g_path_is_absolute(target)) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_SUPPORTED,
			    "LfaStagingMethod=file needs LfaStagingTarget set to an absolute path, "
			    "got '%s'",
			    target != NULL ? target : "");
		return FALSE;
	}

	fu_progress_set_id(progress, G_STRLOC);
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_WRITE, 90, "write");
	fu_progress_add_step(progress, FWUPD_STATUS_DEVICE_VERIFY, 10, "check");

	blob = fu_lfa_device_get_image(self, firmware, error);
	if (blob == NULL)
		return FALSE;
	if (!fu_lfa_file_device_write_file(target, blob, error))
		return FALSE;
	fu_progress_step_done(progress);

	if (!fu_lfa_device_check_staged(self, firmware, fu_progress_get_child(progress), error))
		return FALSE;
	fu_progress_step_done(progress);
	return TRUE;
}

static void
fu_lfa_file_device_init(FuLfaFileDevice *self)
{
}

static void
fu_lfa_file_device_class_init(FuLfaFileDeviceClass *klass)
{
	FuDeviceClass *device_class = FU_DEVICE_CLASS(klass);
	device_class->write_firmware = fu_lfa_file_device_write_firmware;
}
