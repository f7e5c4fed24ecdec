/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "fu-lfa-device.h"

#define FU_TYPE_LFA_EXTERNAL_DEVICE (fu_lfa_external_device_get_type())
G_DECLARE_FINAL_TYPE(FuLfaExternalDevice,
		     fu_lfa_external_device,
		     FU,
		     LFA_EXTERNAL_DEVICE,
		     FuLfaDevice)
