/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "fu-lfa-device.h"

#define FU_TYPE_LFA_FILE_DEVICE (fu_lfa_file_device_get_type())
G_DECLARE_FINAL_TYPE(FuLfaFileDevice, fu_lfa_file_device, FU, LFA_FILE_DEVICE, FuLfaDevice)
