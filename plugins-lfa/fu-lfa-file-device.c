/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <fcntl.h>

#include "fu-lfa-common.h"
#include "fu-lfa-file-device.h"

/*
 * Stages by writing the image to a path the platform watches, for example a
 * store shared with a BMC; the platform then reports it as pending.
 */

struct _FuLfaFileDevice {
	FuLfaDevice parent_instance;
};

G_DEFINE_TYPE(FuLfaFileDevice, fu_lfa_file_device, FU_TYPE_LFA_DEVICE)

/* read from the cabinet and written to the target in blocks this large */
#define FU_LFA_FILE_DEVICE_BLOCK_SIZE (1024 * 1024)

static gboolean
fu_lfa_file_device_write_file(const gchar *fn,
			      GInputStream *stream,
			      gsize total,
			      FuProgress *progress,
			      GError **error)
{
	/* in place: the target may be a device node or a file another agent has open */
	return fu_lfa_common_write_stream(fn,
					  O_CREAT | O_TRUNC,
					  stream,
					  FU_LFA_FILE_DEVICE_BLOCK_SIZE,
					  total,
					  progress,
					  error);
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
	gsize total = 0;
	g_autoptr(GInputStream) stream = NULL;

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

	stream = fu_lfa_device_get_image(self, firmware, &total, error);
	if (stream == NULL)
		return FALSE;
	if (!fu_lfa_file_device_write_file(target,
					   stream,
					   total,
					   fu_progress_get_child(progress),
					   error))
		return FALSE;
	fu_progress_step_done(progress);

	if (!fu_lfa_device_finish_install(self, firmware, fu_progress_get_child(progress), error))
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
