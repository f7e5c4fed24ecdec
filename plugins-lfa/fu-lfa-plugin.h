/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <fwupdplugin.h>

G_DECLARE_FINAL_TYPE(FuLfaPlugin, fu_lfa_plugin, FU, LFA_PLUGIN, FuPlugin)

void
fu_lfa_plugin_set_vfuncs(FuPluginVfuncs *vfuncs);
