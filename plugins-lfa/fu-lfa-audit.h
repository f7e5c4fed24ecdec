/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <fwupdplugin.h>

/* MESSAGE_ID of the plugin's journal entry for each activation it runs */
#define FU_LFA_AUDIT_MESSAGE_ID "ace33fbf7cf843a9a9acb0f456279a38"

/* the group of an activation record, see fu_lfa_audit_record_write() */
#define FU_LFA_AUDIT_RECORD_GROUP "activation"

/* LFA_RESULT of an activation whose daemon died before it could say how it ended */
#define FU_LFA_AUDIT_RESULT_INTERRUPTED "interrupted"

void
fu_lfa_audit_log(const gchar *guid,
		 const gchar *component,
		 const gchar *trigger,
		 const gchar *version_old,
		 const gchar *version_new,
		 const gchar *version_now,
		 const gchar *result,
		 const gchar *reason) G_GNUC_NON_NULL(1, 2, 3, 4, 5, 6, 7);

gchar *
fu_lfa_audit_record_dir(void);
gboolean
fu_lfa_audit_record_write(const gchar *guid,
			  const gchar *component,
			  const gchar *trigger,
			  guint64 version_old,
			  const gchar *version_new,
			  GError **error) G_GNUC_NON_NULL(1, 2, 3, 5);
void
fu_lfa_audit_record_remove(const gchar *guid) G_GNUC_NON_NULL(1);
GKeyFile *
fu_lfa_audit_record_load(const gchar *fn, gchar **guid, GError **error) G_GNUC_NON_NULL(1, 2);
gboolean
fu_lfa_audit_record_is_live(GKeyFile *record) G_GNUC_NON_NULL(1);
gchar *
fu_lfa_audit_record_get(GKeyFile *record, const gchar *key, const gchar *fallback)
    G_GNUC_NON_NULL(1, 2, 3);
gchar *
fu_lfa_audit_record_get_version_old(GKeyFile *record) G_GNUC_NON_NULL(1);
