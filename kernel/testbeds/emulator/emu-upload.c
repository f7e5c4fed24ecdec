// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Firmware upload (/class/firmware/lfa-<guid>/) as the kernel sim module
 * presents it: write 1 to loading, the image to data, 0 to loading; then
 * status goes back to idle and error tells how it ended ("<phase>:<err>",
 * empty on success). Preparing checks the size and that the image is for
 * this directory's component; programming hands it to the agent model's
 * staging, which validates it and, if valid, makes it pending and raises
 * the platform notification. Unlike the kernel, the phases run
 * synchronously inside the loading=0 write, so status is idle again when
 * that write returns and a cancel can only hit the receiving phase.
 */
#include <errno.h>
#include <string.h>

#include "emu.h"

/* the kernel sim's limit for one image */
#define EMU_UPLOAD_MAX	(64 * 1024 * 1024)

const char *const emu_upload_attrs[] = {
	"loading", "data", "status", "error", "remaining_size", "cancel", NULL,
};

int
emu_upload_attr_mode(const char *attr)
{
	/* data is 0644 as in the kernel's firmware loader */
	if (!strcmp(attr, "loading") || !strcmp(attr, "data"))
		return 0644;
	if (!strcmp(attr, "cancel"))
		return 0200;
	return 0444;
}

struct emu_upload *
emu_upload_new(const u8 guid[16])
{
	struct emu_upload *up = g_new0(struct emu_upload, 1);

	memcpy(up->guid, guid, sizeof(up->guid));
	return up;
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
		result = up->error[0] != '\0' ? g_strdup_printf("%s\n", up->error) : g_strdup("");
	} else if (!strcmp(attr, "remaining_size")) {
		/* staging is synchronous: nothing is ever left to transfer */
		result = g_strdup("0\n");
	} else {
		*err = -EACCES;
	}
	pthread_mutex_unlock(&emu->lock);
	return result;
}

/* the upload ends in @phase with @err (NULL: success); the image is dropped */
static void
emu_upload_end(struct emu_upload *up, const char *phase, const char *err)
{
	if (err != NULL)
		g_snprintf(up->error, sizeof(up->error), "%s:%s", phase, err);
	else
		up->error[0] = '\0';
	up->receiving = false;
	g_clear_pointer(&up->data, g_byte_array_unref);
}

/* loading=0 with data: preparing, transferring, programming (emu->lock held) */
static void
emu_upload_run(struct emu *emu, const char *guid, struct emu_upload *up)
{
	char err[160];
	int code;

	if (up->data->len < LFA_IMAGE_HEADER_SIZE) {
		g_message("upload %s: %u bytes, shorter than an image header", guid,
			  up->data->len);
		emu_upload_end(up, "preparing", "invalid-file-size");
		return;
	}
	if (memcmp(up->data->data + LFA_IMAGE_OFF_GUID, up->guid, sizeof(up->guid)) != 0) {
		g_message("upload %s: the image is for another component", guid);
		emu_upload_end(up, "preparing", "firmware-invalid");
		return;
	}
	code = lfa_agent_stage(emu->agent, up->data->data, up->data->len, err, sizeof(err));
	if (code != 0) {
		g_message("upload %s: image rejected: %s", guid, err);
		emu_upload_end(up, "programming", lfa_agent_stage_error_name(code));
		return;
	}
	g_debug("upload %s: image staged", guid);
	emu_upload_end(up, "programming", NULL);
}

/* 1 starts receiving, 0 ends it and runs the update, -1 aborts */
static int
emu_upload_loading(struct emu *emu, const char *guid, struct emu_upload *up, const char *buf,
		   size_t len)
{
	int value;

	if (!emu_kstrtoint(buf, len, &value) || value < -1 || value > 1)
		return -EINVAL;
	if (value == 1) {
		if (!up->receiving) {
			up->receiving = true;
			up->error[0] = '\0';
			up->data = g_byte_array_new();
		}
		return 0;
	}
	if (!up->receiving)
		return -EINVAL;
	if (value == -1)
		emu_upload_end(up, "receiving", "user-abort");
	else if (up->data->len == 0)
		emu_upload_end(up, "receiving", "invalid-file-size");
	else
		emu_upload_run(emu, guid, up);
	return 0;
}

static int
emu_upload_data(struct emu_upload *up, const char *buf, size_t len, off_t offset)
{
	guint old_len;

	if (!up->receiving)
		return -ENODEV;
	if (offset < 0 || offset > EMU_UPLOAD_MAX || len > (size_t)(EMU_UPLOAD_MAX - offset))
		return -EFBIG;
	old_len = up->data->len;
	if (old_len < (size_t)offset + len) {
		g_byte_array_set_size(up->data, (guint)(offset + len));
		/* a write past the end leaves a hole: zero it */
		if ((size_t)offset > old_len)
			memset(up->data->data + old_len, 0, offset - old_len);
	}
	memcpy(up->data->data + offset, buf, len);
	return 0;
}

int
emu_upload_store(struct emu *emu, const char *guid, const char *attr, const char *buf,
		 size_t len, off_t offset)
{
	struct emu_upload *up;
	bool value;
	int ret;

	pthread_mutex_lock(&emu->lock);
	up = g_hash_table_lookup(emu->uploads, guid);
	if (up == NULL) {
		ret = -ENODEV;
	} else if (!strcmp(attr, "loading")) {
		ret = emu_upload_loading(emu, guid, up, buf, len);
	} else if (!strcmp(attr, "data")) {
		ret = emu_upload_data(up, buf, len, offset);
	} else if (!strcmp(attr, "cancel")) {
		if (!emu_kstrtobool(buf, len, &value) || !value)
			ret = -EINVAL;
		else if (!up->receiving)
			ret = -ENODEV;	/* nothing in progress */
		else
			ret = 0;
		if (ret == 0)
			emu_upload_end(up, "receiving", "user-abort");
	} else {
		ret = -EACCES;
	}
	pthread_mutex_unlock(&emu->lock);
	return ret == 0 ? (int)len : ret;
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
