/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <fwupdplugin.h>

#define FU_TYPE_LFA_FIRMWARE (fu_lfa_firmware_get_type())
G_DECLARE_FINAL_TYPE(FuLfaFirmware, fu_lfa_firmware, FU, LFA_FIRMWARE, FuFirmware)

FuFirmware *
fu_lfa_firmware_new(void);
const gchar *
fu_lfa_firmware_get_guid(FuLfaFirmware *self) G_GNUC_NON_NULL(1);
