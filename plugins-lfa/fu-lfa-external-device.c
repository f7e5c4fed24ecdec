/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fu-lfa-external-device.h"

/*
 * The platform's store is filled out of band (BMC, secure storage); fwupd
 * cannot stage, but activating what was staged works as for any component.
 */

struct _FuLfaExternalDevice {
	FuLfaDevice parent_instance;
};

G_DEFINE_TYPE(FuLfaExternalDevice, fu_lfa_external_device, FU_TYPE_LFA_DEVICE)

static gboolean
fu_lfa_external_device_write_firmware(FuDevice *device,
				      FuFirmware *firmware,
				      FuProgress *progress,
				      FwupdInstallFlags flags,
				      GError **error)
{
	g_set_error(error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_NOT_SUPPORTED,
		    "staging is external for %s: the image must reach the platform's firmware "
		    "store out of band (for example through the BMC); once it is pending, "
		    "run 'fwupdmgr activate'",
		    fu_device_get_name(device));
	return FALSE;
}

static void
fu_lfa_external_device_init(FuLfaExternalDevice *self)
{
}

static void
fu_lfa_external_device_class_init(FuLfaExternalDeviceClass *klass)
{
	FuDeviceClass *device_class = FU_DEVICE_CLASS(klass);
	device_class->write_firmware = fu_lfa_external_device_write_firmware;
}
