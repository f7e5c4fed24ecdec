// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Firmware upload (/class/firmware/lfa-<guid>/) as the kernel presents it:
 * write 1 to loading, the image to data, 0 to loading; then status goes
 * back to idle and error tells how it ended. The image is handed to the
 * agent model's staging, which validates it; a valid one becomes pending
 * and raises the platform notification. The emulator stages synchronously
 * inside the loading=0 write, so status is idle again when it returns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

/* far above any test image; a larger upload fails like a full buffer */
#define EMU_UPLOAD_MAX	(64 * 1024 * 1024)

const char *const emu_upload_attrs[] = {
	"loading", "data", "status", "error", "remaining_size", "cancel", NULL,
};

int
emu_upload_attr_mode(const char *attr)
{
	if (!strcmp(attr, "loading"))
		return 0644;
	if (!strcmp(attr, "data"))
		return 0600;
	if (!strcmp(attr, "cancel"))
		return 0200;
	return 0444;
}

void
emu_upload_free(gpointer data)
{
	struct emu_upload *up = data;

	if (up->data != NULL)
		g_byte_array_unref(up->data);
	g_free(up);
}

char *
emu_upload_show(struct emu *emu, const char *guid, const char *attr, int *err)
{
	struct emu_upload *up;
	char *result = NULL;

	pthread_mutex_lock(&emu->lock);
	up = g_hash_table_lookup(emu->uploads, guid);
	if (up == NULL) {
		*err = -ENODEV;
	} else if (!strcmp(attr, "loading")) {
		result = g_strdup_printf("%d\n", up->receiving);
	} else if (!strcmp(attr, "status")) {
		result = g_strdup(up->receiving ? "receiving\n" : "idle\n");
	} else if (!strcmp(attr, "error")) {
		result = g_strdup_printf("%s\n", up->receiving ? "" : up->error);
	} else if (!strcmp(attr, "remaining_size")) {
		/* staging is synchronous: nothing is ever left to transfer */
		result = g_strdup("0\n");
	} else {
		*err = -EACCES;
	}
	pthread_mutex_unlock(&emu->lock);
	return result;
}

static void
emu_upload_set_error(struct emu_upload *up, const char *progress, const char *err)
{
	g_snprintf(up->error, sizeof(up->error), "%s:%s", progress, err);
}

/* where a staging error shows up: checks while preparing, device errors later */
static const char *
emu_upload_error_progress(int code)
{
	switch (code) {
	case LFA_STAGE_EHW:
	case LFA_STAGE_ETIMEOUT:
	case LFA_STAGE_EFLASH_WEAROUT:
	case LFA_STAGE_EIO:
		return "programming";
	default:
		return "preparing";
	}
}

/* loading=0: hand the received image to the agent (emu->lock held) */
static void
emu_upload_finish(struct emu *emu, const char *guid, struct emu_upload *up)
{
	char err[160];
	int code;

	up->receiving = false;
	if (up->cancelled) {
		emu_upload_set_error(up, "preparing", "user-abort");
	} else if (up->data == NULL || up->data->len == 0) {
		emu_upload_set_error(up, "preparing", "invalid-file-size");
	} else {
		code = lfa_agent_stage(emu->agent, up->data->data, up->data->len, err,
				       sizeof(err));
		if (code == 0) {
			g_debug("upload %s: staged", guid);
			up->error[0] = '\0';
		} else {
			g_message("upload %s refused: %s", guid, err);
			emu_upload_set_error(up, emu_upload_error_progress(code),
					     lfa_agent_stage_error_name(code));
		}
	}
	up->cancelled = false;
	g_clear_pointer(&up->data, g_byte_array_unref);
}

int
emu_upload_store(struct emu *emu, const char *guid, const char *attr, const char *buf,
		 size_t len, off_t offset)
{
	struct emu_upload *up;
	int ret = (int)len;

	pthread_mutex_lock(&emu->lock);
	up = g_hash_table_lookup(emu->uploads, guid);
	if (up == NULL) {
		ret = -ENODEV;
	} else if (!strcmp(attr, "loading")) {
		/* the kernel parses an integer: 1 starts, 0 ends, anything else aborts */
		g_autofree char *text = g_strndup(buf, len);
		long value = strtol(text, NULL, 10);

		if (value == 1) {
			up->receiving = true;
			up->cancelled = false;
			up->error[0] = '\0';
			g_clear_pointer(&up->data, g_byte_array_unref);
			up->data = g_byte_array_new();
		} else if (value == 0) {
			if (up->receiving)
				emu_upload_finish(emu, guid, up);
		} else if (up->receiving) {
			up->receiving = false;
			g_clear_pointer(&up->data, g_byte_array_unref);
			emu_upload_set_error(up, "receiving", "user-abort");
		}
	} else if (!strcmp(attr, "data")) {
		if (!up->receiving) {
			ret = -ENODEV;
		} else if (offset < 0 || (size_t)offset + len > EMU_UPLOAD_MAX) {
			ret = -ENOMEM;
		} else {
			guint old_len = up->data->len;

			/* a write past the end leaves a hole: zero it, like a new page */
			if (old_len < (size_t)offset + len) {
				g_byte_array_set_size(up->data, (guint)(offset + len));
				if ((size_t)offset > old_len)
					memset(up->data->data + old_len, 0, offset - old_len);
			}
			memcpy(up->data->data + offset, buf, len);
		}
	} else if (!strcmp(attr, "cancel")) {
		bool value;

		if (!emu_kstrtobool(buf, len, &value) || !value)
			ret = -EINVAL;
		else if (!up->receiving)
			ret = -ENODEV;	/* nothing in progress */
		else
			up->cancelled = true;
	} else {
		ret = -EACCES;
	}
	pthread_mutex_unlock(&emu->lock);
	return ret;
}

int
emu_upload_read_data(struct emu *emu, const char *guid, char *buf, size_t size, off_t offset)
{
	struct emu_upload *up;
	int ret = 0;

	pthread_mutex_lock(&emu->lock);
	up = g_hash_table_lookup(emu->uploads, guid);
	if (up == NULL || !up->receiving) {
		ret = -ENODEV;
	} else if (offset >= 0 && (size_t)offset < up->data->len) {
		size_t n = MIN(size, up->data->len - (size_t)offset);

		memcpy(buf, up->data->data + offset, n);
		ret = (int)n;
	}
	pthread_mutex_unlock(&emu->lock);
	return ret;
}
