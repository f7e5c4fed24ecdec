/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fu-lfa-common.h"

/* longest name we accept from the kernel before falling back to the GUID */
#define FU_LFA_NAME_LENGTH_MAX 128

/* the kernel prints %u, so ten digits is the most a real value can have */
#define FU_LFA_VERSION_DIGITS_MAX 10

static gboolean
fu_lfa_common_parse_u32(const gchar *str, gsize len, guint64 *value, GError **error)
{
	guint64 tmp = 0;

	if (len == 0 || len > FU_LFA_VERSION_DIGITS_MAX) {
		g_set_error_literal(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_INVALID_DATA,
				    "expected a decimal number");
		return FALSE;
	}
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isdigit(str[i])) {
			g_set_error_literal(error,
					    FWUPD_ERROR,
					    FWUPD_ERROR_INVALID_DATA,
					    "expected a decimal number");
			return FALSE;
		}
		tmp = tmp * 10 + (guint64)(str[i] - '0');
	}
	if (tmp > G_MAXUINT32) {
		g_set_error_literal(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_INVALID_DATA,
				    "number does not fit in 32 bits");
		return FALSE;
	}
	*value = tmp;
	return TRUE;
}

/*
 * Checks that @buf looks like one line printed by the kernel; on success
 * @len is the length without the trailing newline.
 */
static gboolean
fu_lfa_common_check_attr(const gchar *buf, gsize *len, GError **error)
{
	gsize bufsz = *len;

	if (bufsz > FU_LFA_ATTR_SIZE_MAX) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_DATA,
			    "too large (%" G_GSIZE_FORMAT " bytes)",
			    bufsz);
		return FALSE;
	}
	if (bufsz > 0 && buf[bufsz - 1] == '\n')
		bufsz--;
	for (gsize i = 0; i < bufsz; i++) {
		if (buf[i] == '\0') {
			g_set_error_literal(error,
					    FWUPD_ERROR,
					    FWUPD_ERROR_INVALID_DATA,
					    "contains a NUL byte");
			return FALSE;
		}
		if (buf[i] == '\n') {
			g_set_error_literal(error,
					    FWUPD_ERROR,
					    FWUPD_ERROR_INVALID_DATA,
					    "contains more than one line");
			return FALSE;
		}
	}
	*len = bufsz;
	return TRUE;
}

/**
 * fu_lfa_common_attr_to_string:
 * @blob: raw contents of a sysfs attribute
 * @error: (nullable): optional return location for an error
 *
 * Checks that @blob looks like one line printed by the kernel and returns it
 * without the trailing newline.
 *
 * Returns: (transfer full): the value, or %NULL for malformed contents
 **/
gchar *
fu_lfa_common_attr_to_string(GBytes *blob, GError **error)
{
	gsize bufsz = 0;
	const gchar *buf = g_bytes_get_data(blob, &bufsz);

	if (!fu_lfa_common_check_attr(buf, &bufsz, error))
		return NULL;
	/* GBytes hands back NULL data for an empty attribute */
	if (bufsz == 0)
		return g_strdup("");
	return g_strndup(buf, bufsz);
}

/**
 * fu_lfa_common_parse_bool:
 * @str: a value without its newline
 * @value: (out): the result
 * @error: (nullable): optional return location for an error
 *
 * Parses a boolean attribute, which the kernel prints as exactly `0` or `1`.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_common_parse_bool(const gchar *str, gboolean *value, GError **error)
{
	if (g_strcmp0(str, "0") == 0) {
		*value = FALSE;
		return TRUE;
	}
	if (g_strcmp0(str, "1") == 0) {
		*value = TRUE;
		return TRUE;
	}
	g_set_error_literal(error, FWUPD_ERROR, FWUPD_ERROR_INVALID_DATA, "expected 0 or 1");
	return FALSE;
}

/**
 * fu_lfa_common_parse_version:
 * @str: a value without its newline, e.g. `1.2`
 * @value: (out): the version as `(major << 32) | minor`
 * @error: (nullable): optional return location for an error
 *
 * Parses a version the kernel printed with `%u.%u`.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_common_parse_version(const gchar *str, guint64 *value, GError **error)
{
	const gchar *dot;
	guint64 major = 0;
	guint64 minor = 0;

	dot = str != NULL ? strchr(str, '.') : NULL;
	if (dot == NULL) {
		g_set_error_literal(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_INVALID_DATA,
				    "expected MAJOR.MINOR");
		return FALSE;
	}
	if (!fu_lfa_common_parse_u32(str, dot - str, &major, error)) {
		g_prefix_error_literal(error, "invalid major version: ");
		return FALSE;
	}
	if (!fu_lfa_common_parse_u32(dot + 1, strlen(dot + 1), &minor, error)) {
		g_prefix_error_literal(error, "invalid minor version: ");
		return FALSE;
	}
	*value = (major << 32) | minor;
	return TRUE;
}

/**
 * fu_lfa_common_parse_pending_version:
 * @str: a value without its newline, e.g. `1.2` or `N/A`
 * @has_pending: (out): %FALSE when the kernel reports `N/A`
 * @value: (out): the version, or 0 for `N/A`
 * @error: (nullable): optional return location for an error
 *
 * Parses the `pending_version` attribute.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_common_parse_pending_version(const gchar *str,
				    gboolean *has_pending,
				    guint64 *value,
				    GError **error)
{
	if (g_strcmp0(str, "N/A") == 0) {
		*has_pending = FALSE;
		*value = 0;
		return TRUE;
	}
	if (!fu_lfa_common_parse_version(str, value, error)) {
		g_prefix_error_literal(error, "expected MAJOR.MINOR or N/A: ");
		return FALSE;
	}
	*has_pending = TRUE;
	return TRUE;
}

/**
 * fu_lfa_common_parse_release_version:
 * @str: a release version, e.g. `1.2`, or the raw 64-bit number
 * @value: (out): the version as `(major << 32) | minor`
 * @error: (nullable): optional return location for an error
 *
 * Parses the version of a release from the metadata.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_common_parse_release_version(const gchar *str, guint64 *value, GError **error)
{
	if (str != NULL && strchr(str, '.') == NULL)
		return fu_strtoull(str, value, 0, G_MAXUINT64, FU_INTEGER_BASE_10, error);
	return fu_lfa_common_parse_version(str, value, error);
}

/**
 * fu_lfa_common_version_to_string:
 * @value: a version as `(major << 32) | minor`
 *
 * Formats a version the way the kernel prints it.
 *
 * Returns: (transfer full): a string such as `1.2`
 **/
gchar *
fu_lfa_common_version_to_string(guint64 value)
{
	return fu_version_from_uint64(value, FWUPD_VERSION_FORMAT_PAIR);
}

/**
 * fu_lfa_common_name_is_real:
 * @name: (nullable): the kernel's `name` attribute
 * @guid: the component GUID
 *
 * Older kernels print the GUID or nothing for components they do not know.
 *
 * Returns: %TRUE if @name is something a user would recognise
 **/
gboolean
fu_lfa_common_name_is_real(const gchar *name, const gchar *guid)
{
	const gchar *p;
	gboolean has_text = FALSE;

	if (name == NULL || name[0] == '\0')
		return FALSE;
	if (strlen(name) > FU_LFA_NAME_LENGTH_MAX)
		return FALSE;
	if (g_ascii_strcasecmp(name, guid) == 0)
		return FALSE;

	/* the names kernels print are plain ASCII: no Unicode tables for them */
	for (p = name; *p != '\0'; p++) {
		if (!g_ascii_isprint(*p))
			break;
		if (*p != ' ')
			has_text = TRUE;
	}
	if (*p == '\0')
		return has_text;
	has_text = FALSE;
	if (!g_utf8_validate(name, -1, NULL))
		return FALSE;
	for (p = name; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isprint(c))
			return FALSE;
		if (!g_unichar_isspace(c))
			has_text = TRUE;
	}
	return has_text;
}

/**
 * fu_lfa_common_errno_to_error:
 * @error: (nullable): optional return location for an error
 * @errnum: the errno of a failed write
 * @fn: the file that was written
 *
 * Turns the errno of a failed write into an error code a caller can act on.
 * Only the sandbox, EBUSY and a vanished file carry a meaning of their own:
 * on a v3 kernel every failed activation returns ECANCELED whatever the
 * firmware said, so the activation path re-reads the component instead of
 * guessing from the errno (fu_lfa_device_explain_failure()).
 *
 * Returns: %FALSE, always, so that callers can return it
 **/
gboolean
fu_lfa_common_errno_to_error(GError **error, gint errnum, const gchar *fn)
{
	switch (errnum) {
	case EROFS:
	case EACCES:
	case EPERM:
		g_set_error(
		    error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_PERMISSION_DENIED,
		    "cannot write %s: sysfs is read-only for the daemon; " FU_LFA_DROPIN_HINT,
		    fn);
		return FALSE;
	case EBUSY:
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_BUSY,
			    "cannot write %s: the kernel reports it busy",
			    fn);
		return FALSE;
	case ENOENT:
	case ENODEV:
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_NOT_FOUND,
			    "cannot write %s: the kernel no longer lists it (%s)",
			    fn,
			    fwupd_strerror(errnum));
		return FALSE;
	default:
		break;
	}
	g_set_error(error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_WRITE,
		    "cannot write %s: %s",
		    fn,
		    fwupd_strerror(errnum));
	return FALSE;
}

/**
 * fu_lfa_common_write_all:
 * @fd: a file descriptor open for writing
 * @buf: the bytes to write
 * @bufsz: how many
 * @errnum: (out): the errno of the write that failed
 *
 * The one writer of the plugin: attributes, firmware-upload data and staging
 * files all go through it, so the kernel's errno reaches the caller intact.
 * A write that makes no progress counts as EIO.
 *
 * Returns: %TRUE if every byte was written
 **/
gboolean
fu_lfa_common_write_all(gint fd, const guint8 *buf, gsize bufsz, gint *errnum)
{
	gsize done = 0;

	while (done < bufsz) {
		gssize wrote = write(fd, buf + done, bufsz - done);
		if (wrote < 0 && errno == EINTR)
			continue;
		if (wrote <= 0) {
			*errnum = wrote < 0 ? errno : EIO;
			return FALSE;
		}
		done += (gsize)wrote;
	}
	return TRUE;
}

/**
 * fu_lfa_common_write_attr:
 * @fn: full path of a sysfs attribute
 * @value: the string to write
 * @error: (nullable): optional return location for an error
 *
 * Writes an attribute in place. GIO would write a temporary file and rename it,
 * which sysfs does not allow, and would lose the errno the kernel returned.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_common_write_attr(const gchar *fn, const gchar *value, GError **error)
{
	gint errnum = 0;
	gint fd;

	fd = g_open(fn, O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fu_lfa_common_errno_to_error(error, errno, fn);
	if (!fu_lfa_common_write_all(fd, (const guint8 *)value, strlen(value), &errnum)) {
		g_close(fd, NULL);
		return fu_lfa_common_errno_to_error(error, errnum, fn);
	}
	if (close(fd) != 0)
		return fu_lfa_common_errno_to_error(error, errno, fn);
	return TRUE;
}

/**
 * fu_lfa_common_write_stream:
 * @fn: the file to write
 * @open_flags: flags added to `O_WRONLY | O_CLOEXEC`, e.g. `O_CREAT | O_TRUNC`
 * @stream: the image
 * @block_size: bytes per write
 * @total: the size of @stream, for progress
 * @progress: a #FuProgress, set from the bytes written
 * @error: (nullable): optional return location for an error
 *
 * Streams an image into a staging file (firmware-upload data, or a file the
 * platform watches) in large blocks, without a copy of the image, through
 * the one writer, so a refusal reaches the caller with the kernel's errno.
 *
 * Returns: %TRUE for success
 **/
gboolean
fu_lfa_common_write_stream(const gchar *fn,
			   gint open_flags,
			   GInputStream *stream,
			   gsize block_size,
			   gsize total,
			   FuProgress *progress,
			   GError **error)
{
	gint errnum = 0;
	gint fd;
	g_autoptr(FuChunkArray) chunks = NULL;

	chunks = fu_chunk_array_new_from_stream(stream,
						FU_CHUNK_ADDR_OFFSET_NONE,
						FU_CHUNK_PAGESZ_NONE,
						block_size,
						error);
	if (chunks == NULL)
		return FALSE;
	fd = g_open(fn, O_WRONLY | O_CLOEXEC | open_flags, 0600);
	if (fd < 0)
		return fu_lfa_common_errno_to_error(error, errno, fn);
	for (guint i = 0; i < fu_chunk_array_length(chunks); i++) {
		g_autoptr(FuChunk) chk = fu_chunk_array_index(chunks, i, error);
		if (chk == NULL) {
			g_close(fd, NULL);
			return FALSE;
		}
		if (!fu_lfa_common_write_all(fd,
					     fu_chunk_get_data(chk),
					     fu_chunk_get_data_sz(chk),
					     &errnum)) {
			g_close(fd, NULL);
			return fu_lfa_common_errno_to_error(error, errnum, fn);
		}
		fu_progress_set_percentage_full(progress,
						fu_chunk_get_address(chk) +
						    fu_chunk_get_data_sz(chk),
						total);
	}
	if (close(fd) != 0)
		return fu_lfa_common_errno_to_error(error, errno, fn);
	return TRUE;
}

/**
 * fu_lfa_common_read_attr_at:
 * @dirfd: a directory file descriptor, or %AT_FDCWD
 * @dir: (nullable): the path of @dirfd, only for error messages
 * @attr: the attribute's name in @dirfd, or a full path
 * @error: (nullable): optional return location for an error
 *
 * Reads an attribute with one open and one read, as a kernel attribute is
 * produced in one go. Opening it relative to its component's directory means
 * no path is built per attribute, which keeps coldplug close to the cost of
 * raw reads when there are hundreds of components. A missing file gives
 * %FWUPD_ERROR_NOT_FOUND.
 *
 * Returns: (transfer full): the value without its newline, or %NULL
 **/
gchar *
fu_lfa_common_read_attr_at(gint dirfd, const gchar *dir, const gchar *attr, GError **error)
{
	gchar buf[FU_LFA_ATTR_SIZE_MAX + 1];
	gsize len;
	gssize got;
	gint fd;

	fd = openat(dirfd, attr, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		gint errsv = errno;
		g_autofree gchar *fn = g_build_filename(dir != NULL ? dir : "", attr, NULL);
		g_set_error(error,
			    FWUPD_ERROR,
			    errsv == ENOENT ? FWUPD_ERROR_NOT_FOUND : FWUPD_ERROR_READ,
			    "cannot open %s: %s",
			    fn,
			    fwupd_strerror(errsv));
		return NULL;
	}
	do {
		got = read(fd, buf, sizeof(buf));
	} while (got < 0 && errno == EINTR);
	if (got < 0) {
		gint errsv = errno;
		g_autofree gchar *fn = g_build_filename(dir != NULL ? dir : "", attr, NULL);
		g_close(fd, NULL);
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_READ,
			    "cannot read %s: %s",
			    fn,
			    fwupd_strerror(errsv));
		return NULL;
	}
	g_close(fd, NULL);
	len = (gsize)got;
	if (!fu_lfa_common_check_attr(buf, &len, error))
		return NULL;
	return g_strndup(buf, len);
}

/**
 * fu_lfa_common_read_attr:
 * @fn: full path of a sysfs attribute
 * @error: (nullable): optional return location for an error
 *
 * Reads an attribute by its full path, see fu_lfa_common_read_attr_at().
 *
 * Returns: (transfer full): the value without its newline, or %NULL
 **/
gchar *
fu_lfa_common_read_attr(const gchar *fn, GError **error)
{
	return fu_lfa_common_read_attr_at(AT_FDCWD, NULL, fn, error);
}

/* the kernel's fw_upload error names, see enum fw_upload_err */
static const struct {
	const gchar *name;
	FwupdError code;
	const gchar *message;
} fu_lfa_upload_errors[] = {
    {"firmware-invalid", FWUPD_ERROR_INVALID_FILE, "the platform rejected the image as invalid"},
    {"hw-error", FWUPD_ERROR_WRITE, "the platform reported a hardware error while staging"},
    {"timeout", FWUPD_ERROR_TIMED_OUT, "the platform timed out while staging"},
    {"user-abort", FWUPD_ERROR_WRITE, "staging was cancelled"},
    {"busy", FWUPD_ERROR_BUSY, "the staging device is busy with another image"},
    {"invalid-file-size", FWUPD_ERROR_INVALID_FILE, "the image size is invalid"},
    {"read-write-error", FWUPD_ERROR_WRITE, "the platform failed to store the image"},
    {"flash-wearout", FWUPD_ERROR_WRITE, "the firmware store is worn out"},
};

/**
 * fu_lfa_common_map_upload_error:
 * @str: the `error` attribute of a firmware-upload device, without its newline
 * @error: (nullable): optional return location for an error
 *
 * The kernel prints `<status>:<error>` after a failed upload and nothing after
 * a successful one.
 *
 * Returns: %TRUE if the upload succeeded
 **/
gboolean
fu_lfa_common_map_upload_error(const gchar *str, GError **error)
{
	const gchar *name;

	if (str == NULL || str[0] == '\0')
		return TRUE;
	name = strchr(str, ':');
	name = name != NULL ? name + 1 : str;
	for (guint i = 0; i < G_N_ELEMENTS(fu_lfa_upload_errors); i++) {
		if (g_strcmp0(name, fu_lfa_upload_errors[i].name) == 0) {
			g_set_error(error,
				    FWUPD_ERROR,
				    fu_lfa_upload_errors[i].code,
				    "%s (%s); nothing was staged",
				    fu_lfa_upload_errors[i].message,
				    str);
			return FALSE;
		}
	}
	g_set_error(error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_WRITE,
		    "staging failed with an unknown error (%s); nothing was staged",
		    str);
	return FALSE;
}
