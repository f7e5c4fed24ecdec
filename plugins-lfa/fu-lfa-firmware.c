/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <zlib.h>

#include "fu-lfa-firmware.h"
#include "fu-lfa-struct.h"

/* the CRC skips its own field and the reserved bytes after it */
#define FU_LFA_FIRMWARE_CRC_HEADER_SIZE 36

struct _FuLfaFirmware {
	FuFirmware parent_instance;
	gchar *guid;
};

G_DEFINE_TYPE(FuLfaFirmware, fu_lfa_firmware, FU_TYPE_FIRMWARE)

const gchar *
fu_lfa_firmware_get_guid(FuLfaFirmware *self)
{
	g_return_val_if_fail(FU_IS_LFA_FIRMWARE(self), NULL);
	return self->guid;
}

static void
fu_lfa_firmware_export(FuFirmware *firmware, FuFirmwareExportFlags flags, XbBuilderNode *bn)
{
	FuLfaFirmware *self = FU_LFA_FIRMWARE(firmware);
	fu_xmlb_builder_insert_kv(bn, "guid", self->guid);
}

static gboolean
fu_lfa_firmware_validate(FuFirmware *firmware, GInputStream *stream, gsize offset, GError **error)
{
	return fu_struct_lfa_image_validate_stream(stream, offset, error);
}

/* a running CRC-32 over the stream, skipping header bytes 36..47 */
typedef struct {
	uLong crc;
	gsize offset;
} FuLfaFirmwareCrcHelper;

static void
fu_lfa_firmware_crc_add(FuLfaFirmwareCrcHelper *helper,
			const guint8 *buf,
			gsize bufsz,
			gsize start,
			gsize end)
{
	gsize lo = MAX(helper->offset, start);
	gsize hi = MIN(helper->offset + bufsz, end);
	if (lo < hi)
		helper->crc = crc32(helper->crc, buf + (lo - helper->offset), (uInt)(hi - lo));
}

static gboolean
fu_lfa_firmware_crc_cb(const guint8 *buf, gsize bufsz, gpointer user_data, GError **error)
{
	FuLfaFirmwareCrcHelper *helper = (FuLfaFirmwareCrcHelper *)user_data;
	fu_lfa_firmware_crc_add(helper, buf, bufsz, 0, FU_LFA_FIRMWARE_CRC_HEADER_SIZE);
	fu_lfa_firmware_crc_add(helper, buf, bufsz, FU_STRUCT_LFA_IMAGE_SIZE, G_MAXSIZE);
	helper->offset += bufsz;
	return TRUE;
}

static gboolean
fu_lfa_firmware_parse(FuFirmware *firmware,
		      GInputStream *stream,
		      FuFirmwareParseFlags flags,
		      GError **error)
{
	FuLfaFirmware *self = FU_LFA_FIRMWARE(firmware);
	FuLfaFirmwareCrcHelper helper = {.crc = crc32(0L, Z_NULL, 0), .offset = 0};
	gsize streamsz = 0;
	guint32 payload_size;
	g_autoptr(FuStructLfaImage) st = NULL;

	st = fu_struct_lfa_image_parse_stream(stream, 0x0, error);
	if (st == NULL)
		return FALSE;
	if (!fu_input_stream_size(stream, &streamsz, error))
		return FALSE;
	payload_size = fu_struct_lfa_image_get_payload_size(st);
	if (payload_size == 0) {
		g_set_error_literal(error,
				    FWUPD_ERROR,
				    FWUPD_ERROR_INVALID_FILE,
				    "image has a header but no payload");
		return FALSE;
	}
	if (streamsz != FU_STRUCT_LFA_IMAGE_SIZE + (gsize)payload_size) {
		g_set_error(
		    error,
		    FWUPD_ERROR,
		    FWUPD_ERROR_INVALID_FILE,
		    "image header announces %u payload bytes but the file has %" G_GSIZE_FORMAT,
		    payload_size,
		    streamsz > FU_STRUCT_LFA_IMAGE_SIZE ? streamsz - FU_STRUCT_LFA_IMAGE_SIZE : 0);
		return FALSE;
	}

	/* one pass over the stream, no copy of the image: zlib's table-driven CRC-32 */
	if (!fu_input_stream_chunkify(stream, fu_lfa_firmware_crc_cb, &helper, error))
		return FALSE;
	if ((guint32)helper.crc != fu_struct_lfa_image_get_crc(st)) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_FILE,
			    "image CRC is 0x%08x but the header says 0x%08x",
			    (guint32)helper.crc,
			    fu_struct_lfa_image_get_crc(st));
		return FALSE;
	}

	g_free(self->guid);
	self->guid = fwupd_guid_to_string(fu_struct_lfa_image_get_guid(st), FWUPD_GUID_FLAG_NONE);
	fu_firmware_set_version_raw(firmware, fu_struct_lfa_image_get_version(st));
	return TRUE;
}

static void
fu_lfa_firmware_init(FuLfaFirmware *self)
{
	fu_firmware_add_flag(FU_FIRMWARE(self), FU_FIRMWARE_FLAG_HAS_CHECKSUM);
}

static void
fu_lfa_firmware_finalize(GObject *object)
{
	FuLfaFirmware *self = FU_LFA_FIRMWARE(object);
	g_free(self->guid);
	G_OBJECT_CLASS(fu_lfa_firmware_parent_class)->finalize(object);
}

static void
fu_lfa_firmware_class_init(FuLfaFirmwareClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	FuFirmwareClass *firmware_class = FU_FIRMWARE_CLASS(klass);
	object_class->finalize = fu_lfa_firmware_finalize;
	firmware_class->validate = fu_lfa_firmware_validate;
	firmware_class->parse = fu_lfa_firmware_parse;
	firmware_class->export = fu_lfa_firmware_export;
}

FuFirmware *
fu_lfa_firmware_new(void)
{
	return FU_FIRMWARE(g_object_new(FU_TYPE_LFA_FIRMWARE, NULL));
}
