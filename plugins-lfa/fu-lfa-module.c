/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fu-lfa-plugin.h"

/*
 * Entry point of the external module libfu_plugin_lfa.so, which the stock
 * fwupd loads as a plain FuPlugin; the builtin in fwupd's tree is the
 * FuLfaPlugin subclass instead. Both use the same vfuncs.
 */
G_MODULE_EXPORT void
fu_plugin_init_vfuncs(FuPluginVfuncs *vfuncs) /* nocheck:name */
{
	fu_lfa_plugin_set_vfuncs(vfuncs);
}
