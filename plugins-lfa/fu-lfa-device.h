/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <fwupdplugin.h>

#include "fu-lfa-struct.h"

#define FU_TYPE_LFA_DEVICE (fu_lfa_device_get_type())
G_DECLARE_DERIVABLE_TYPE(FuLfaDevice, fu_lfa_device, FU, LFA_DEVICE, FuDevice)

struct _FuLfaDeviceClass {
	FuDeviceClass parent_class;
};

/* inhibit IDs, so that a refresh can lift exactly the reasons it set */
#define FU_LFA_DEVICE_INHIBIT_MAY_RESET_CPU "lfa-may-reset-cpu"
#define FU_LFA_DEVICE_INHIBIT_NOT_CAPABLE   "lfa-not-activation-capable"
#define FU_LFA_DEVICE_INHIBIT_QUIRK	    "lfa-invalid-quirk"
#define FU_LFA_DEVICE_INHIBIT_ATTR_PREFIX   "lfa-attr-"
#define FU_LFA_DEVICE_INHIBIT_STAGED	    "lfa-staged-not-live"
/* private flag: fwupdmgr install also activates (quirk Flags, LfaActivateOnInstall, fwupd.conf) */
#define FU_LFA_DEVICE_FLAG_ACTIVATE_ON_INSTALL "activate-on-install"

/* the ID fwupd itself uses for FWUPD_DEVICE_FLAG_NEEDS_ACTIVATION */
#define FU_LFA_DEVICE_INHIBIT_NEEDS_ACTIVATION "needs-activation"

const gchar *
fu_lfa_device_get_guid(FuLfaDevice *self) G_GNUC_NON_NULL(1);
const gchar *
fu_lfa_device_get_staging_target(FuLfaDevice *self) G_GNUC_NON_NULL(1);
FuLfaStagingMethod
fu_lfa_device_get_staging_method(FuLfaDevice *self) G_GNUC_NON_NULL(1);
gboolean
fu_lfa_device_get_activate_on_install(FuLfaDevice *self) G_GNUC_NON_NULL(1);
gboolean
fu_lfa_device_refresh(FuLfaDevice *self, GError **error) G_GNUC_NON_NULL(1);
gboolean
fu_lfa_device_finish_install(FuLfaDevice *self,
			     FuFirmware *firmware,
			     FuProgress *progress,
			     GError **error) G_GNUC_NON_NULL(1, 2, 3);
void
fu_lfa_device_reconcile_interrupted(FuLfaDevice *self, GKeyFile *record) G_GNUC_NON_NULL(1, 2);
GInputStream *
fu_lfa_device_get_image(FuLfaDevice *self, FuFirmware *firmware, gsize *size, GError **error)
    G_GNUC_NON_NULL(1, 2, 3);
