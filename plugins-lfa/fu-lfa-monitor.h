/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <fwupdplugin.h>

#define FU_TYPE_LFA_MONITOR (fu_lfa_monitor_get_type())
G_DECLARE_FINAL_TYPE(FuLfaMonitor, fu_lfa_monitor, FU, LFA_MONITOR, GObject)

FuLfaMonitor *
fu_lfa_monitor_new(void);
gboolean
fu_lfa_monitor_start(FuLfaMonitor *self, GError **error);
gboolean
fu_lfa_monitor_is_inventory_event(const gchar *buf, gsize bufsz);
