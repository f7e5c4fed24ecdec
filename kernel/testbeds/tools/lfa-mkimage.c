// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * lfa-mkimage: make an "LFA testbed image" (48-byte header + payload, see
 * kernel/testbeds/agent/README.md) for one component, optionally corrupted on purpose
 * so that testbeds can check that staging refuses it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lfa_agent.h"

#define MAX_PAYLOAD	(256U * 1024 * 1024)

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: lfa-mkimage --guid GUID --version MAJOR.MINOR\n"
		"                   [--payload FILE | --size N]\n"
		"                   [--corrupt crc|truncate] -o OUTPUT\n"
		"Makes an LFA testbed image. --size N makes a payload of N\n"
		"deterministic bytes (default 0). --corrupt crc flips the stored\n"
		"CRC-32; --corrupt truncate drops the end of the image.\n");
}

static int parse_u32(const char *s, unsigned long long max, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_version(const char *s, uint64_t *out)
{
	char buf[32];
	char *dot;
	uint32_t maj, min;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	dot = strchr(buf, '.');
	if (!dot)
		return -1;
	*dot = '\0';
	if (parse_u32(buf, 0xffffffffULL, &maj) ||
	    parse_u32(dot + 1, 0xffffffffULL, &min))
		return -1;
	*out = LFA_VERSION_MAKE(maj, min);
	return 0;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	unsigned char *buf = NULL;
	size_t size = 0, cap = 0;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "lfa-mkimage: cannot open %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t n;

		if (size == cap) {
			unsigned char *tmp;

			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_PAYLOAD + 1)
				cap = MAX_PAYLOAD + 1;
			tmp = realloc(buf, cap);
			if (!tmp) {
				fprintf(stderr, "lfa-mkimage: out of memory\n");
				goto fail;
			}
			buf = tmp;
		}
		n = fread(buf + size, 1, cap - size, f);
		size += n;
		if (size > MAX_PAYLOAD) {
			fprintf(stderr, "lfa-mkimage: %s is larger than 256 MiB\n",
				path);
			goto fail;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "lfa-mkimage: cannot read %s\n", path);
		goto fail;
	}
	fclose(f);
	*len = size;
	return buf ? buf : calloc(1, 1);
fail:
	fclose(f);
	free(buf);
	return NULL;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "guid", required_argument, NULL, 'g' },
		{ "version", required_argument, NULL, 'v' },
		{ "payload", required_argument, NULL, 'p' },
		{ "size", required_argument, NULL, 's' },
		{ "corrupt", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *guid_text = NULL, *version_text = NULL, *payload_path = NULL;
	const char *size_text = NULL, *corrupt = NULL, *output = NULL;
	unsigned char *image, *payload = NULL;
	size_t payload_len = 0, image_len;
	uint64_t version;
	uint8_t guid[16];
	uint32_t crc;
	FILE *f;
	int c;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'g': guid_text = optarg; break;
		case 'v': version_text = optarg; break;
		case 'p': payload_path = optarg; break;
		case 's': size_text = optarg; break;
		case 'c': corrupt = optarg; break;
		case 'o': output = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !guid_text || !version_text || !output) {
		fprintf(stderr, "lfa-mkimage: --guid, --version and -o are required\n");
		usage(stderr);
		return 2;
	}
	if (lfa_agent_guid_parse(guid_text, strlen(guid_text), guid)) {
		fprintf(stderr, "lfa-mkimage: invalid GUID '%s' (want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)\n",
			guid_text);
		return 2;
	}
	if (parse_version(version_text, &version)) {
		fprintf(stderr, "lfa-mkimage: invalid version '%s' (want MAJOR.MINOR, 32-bit each)\n",
			version_text);
		return 2;
	}
	if (payload_path && size_text) {
		fprintf(stderr, "lfa-mkimage: --payload and --size exclude each other\n");
		return 2;
	}
	if (corrupt && strcmp(corrupt, "crc") && strcmp(corrupt, "truncate")) {
		fprintf(stderr, "lfa-mkimage: --corrupt takes crc or truncate, not '%s'\n",
			corrupt);
		return 2;
	}
	if (payload_path) {
		payload = read_file(payload_path, &payload_len);
		if (!payload)
			return 1;
	} else if (size_text) {
		uint32_t n;

		if (parse_u32(size_text, MAX_PAYLOAD, &n)) {
			fprintf(stderr, "lfa-mkimage: invalid --size '%s' (0..268435456)\n",
				size_text);
			return 2;
		}
		payload_len = n;
		payload = malloc(payload_len ? payload_len : 1);
		if (!payload) {
			fprintf(stderr, "lfa-mkimage: out of memory\n");
			return 1;
		}
		/* deterministic filler so that equal arguments give equal images */
		for (size_t i = 0; i < payload_len; i++)
			payload[i] = (unsigned char)((i * 131 + 7) ^ (i >> 8));
	}

	image_len = LFA_IMAGE_HEADER_SIZE + payload_len;
	image = calloc(1, image_len);
	if (!image) {
		fprintf(stderr, "lfa-mkimage: out of memory\n");
		free(payload);
		return 1;
	}
	image[0] = LFA_IMAGE_MAGIC_0;
	image[1] = LFA_IMAGE_MAGIC_1;
	image[2] = LFA_IMAGE_MAGIC_2;
	image[3] = LFA_IMAGE_MAGIC_3;
	put_le32(image + LFA_IMAGE_OFF_HEADER_SIZE, LFA_IMAGE_HEADER_SIZE);
	for (int i = 0; i < 16; i++)
		image[LFA_IMAGE_OFF_GUID + i] = guid[i];
	put_le64(image + LFA_IMAGE_OFF_VERSION, version);
	put_le32(image + LFA_IMAGE_OFF_PAYLOAD_SIZE, (uint32_t)payload_len);
	if (payload_len)
		memcpy(image + LFA_IMAGE_HEADER_SIZE, payload, payload_len);
	crc = lfa_agent_crc32(0, image, LFA_IMAGE_CRC_COVERED);
	crc = lfa_agent_crc32(crc, image + LFA_IMAGE_HEADER_SIZE, payload_len);
	if (corrupt && !strcmp(corrupt, "crc"))
		crc ^= 0xffffffffU;
	put_le32(image + LFA_IMAGE_OFF_CRC, crc);
	if (corrupt && !strcmp(corrupt, "truncate")) {
		/* lose half the payload, or part of the header if there is none */
		image_len -= payload_len ? (payload_len + 1) / 2 : 8;
	}

	f = fopen(output, "wb");
	if (!f) {
		fprintf(stderr, "lfa-mkimage: cannot create %s: %s\n", output,
			strerror(errno));
		free(image);
		free(payload);
		return 1;
	}
	if ((fwrite(image, 1, image_len, f) != image_len) | (fclose(f) != 0)) {
		fprintf(stderr, "lfa-mkimage: cannot write %s\n", output);
		remove(output);
		free(image);
		free(payload);
		return 1;
	}
	free(image);
	free(payload);
	return 0;
}
