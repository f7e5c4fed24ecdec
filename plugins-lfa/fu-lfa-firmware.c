/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

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

static gboolean
fu_lfa_firmware_parse(FuFirmware *firmware,
		      GInputStream *stream,
		      FuFirmwareParseFlags flags,
		      GError **error)
{
	FuLfaFirmware *self = FU_LFA_FIRMWARE(firmware);
	gsize bufsz = 0;
	gsize streamsz = 0;
	guint32 crc;
	guint32 payload_size;
	const guint8 *buf;
	g_autoptr(FuStructLfaImage) st = NULL;
	g_autoptr(GByteArray) crc_input = g_byte_array_new();
	g_autoptr(GBytes) blob = NULL;

	st = fu_struct_lfa_image_parse_stream(stream, 0x0, error);
	if (st == NULL)
		return FALSE;
	if (!fu_input_stream_size(stream, &streamsz, error))
		return FALSE;
	payload_size = fu_struct_lfa_image_get_payload_size(st);
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

	/* CRC-32 over the first 36 header bytes, then the payload */
	blob = fu_input_stream_read_bytes(stream, 0x0, streamsz, NULL, error);
	if (blob == NULL)
		return FALSE;
	buf = g_bytes_get_data(blob, &bufsz);
	g_byte_array_append(crc_input, buf, FU_LFA_FIRMWARE_CRC_HEADER_SIZE);
	g_byte_array_append(crc_input,
			    buf + FU_STRUCT_LFA_IMAGE_SIZE,
			    bufsz - FU_STRUCT_LFA_IMAGE_SIZE);
	crc = fu_crc32(FU_CRC_KIND_B32_STANDARD, crc_input->data, crc_input->len);
	if (crc != fu_struct_lfa_image_get_crc(st)) {
		g_set_error(error,
			    FWUPD_ERROR,
			    FWUPD_ERROR_INVALID_FILE,
			    "image CRC is 0x%08x but the header says 0x%08x",
			    crc,
			    fu_struct_lfa_image_get_crc(st));
		return FALSE;
	}

	g_free(self->guid);
	self->guid = fwupd_guid_to_string(fu_struct_lfa_image_get_guid(st), FWUPD_GUID_FLAG_NONE);
	fu_firmware_set_version_raw(firmware, fu_struct_lfa_image_get_version(st));
	fu_firmware_set_bytes(firmware, blob);
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
