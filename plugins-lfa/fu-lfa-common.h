/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <fwupdplugin.h>

/* sysfs attributes are at most a page; anything longer is not from the kernel */
#define FU_LFA_ATTR_SIZE_MAX 4096

/* what the admin must do when the daemon's sandbox makes /sys read-only */
#define FU_LFA_DROPIN_HINT                                                                         \
	"install the systemd drop-in /etc/systemd/system/fwupd.service.d/lfa.conf "                \
	"(ReadWritePaths=-/sys/firmware/lfa -/sys/class/firmware)"

/* the firmware's reason for a failure is only in the kernel log, which the daemon cannot read */
#define FU_LFA_KERNEL_LOG_HINT "journalctl -k --grep 'lfa: '"

gboolean
fu_lfa_common_parse_bool(const gchar *str, gboolean *value, GError **error);
gboolean
fu_lfa_common_parse_version(const gchar *str, guint64 *value, GError **error);
gboolean
fu_lfa_common_parse_pending_version(const gchar *str,
				    gboolean *has_pending,
				    guint64 *value,
				    GError **error);
gchar *
fu_lfa_common_version_to_string(guint64 value);
gboolean
fu_lfa_common_parse_release_version(const gchar *str, guint64 *value, GError **error);
gboolean
fu_lfa_common_name_is_real(const gchar *name, const gchar *guid);
gchar *
fu_lfa_common_read_attr(const gchar *fn, GError **error);
gchar *
fu_lfa_common_read_attr_at(gint dirfd, const gchar *dir, const gchar *attr, GError **error);
gchar *
fu_lfa_common_attr_to_string(GBytes *blob, GError **error);
gboolean
fu_lfa_common_errno_to_error(GError **error, gint errnum, const gchar *fn);
gboolean
fu_lfa_common_write_all(gint fd, const guint8 *buf, gsize bufsz, gint *errnum);
gboolean
fu_lfa_common_write_attr(const gchar *fn, const gchar *value, GError **error);
gboolean
fu_lfa_common_write_stream(const gchar *fn,
			   gint open_flags,
			   GInputStream *stream,
			   gsize block_size,
			   gsize total,
			   FuProgress *progress,
			   GError **error);
gboolean
fu_lfa_common_map_upload_error(const gchar *str, GError **error);
