// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * lfa-sysfs-emulator: mounts, with FUSE, what the kernel LFA driver and the
 * simulated agent present in sysfs, driven by the agent model and a
 * scenario, so that userspace (fwupd) can be tested without a kernel.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

static void
emu_usage(FILE *out)
{
	fprintf(out,
		"Usage: lfa-sysfs-emulator --root DIR --scenario FILE [--abi v1|v2|v3]\n"
		"         [--cpus N] [--prime-budget-ms N] [--activate-budget-ms N]\n"
		"         [--foreground]\n"
		"Mounts DIR/firmware/lfa, DIR/class/firmware/lfa-* and DIR/kernel/lfa_sim\n"
		"as the LFA kernel driver would present them. In the foreground it prints\n"
		"\"ready\" once mounted; otherwise it returns once mounted. Unmount with\n"
		"fusermount3 -u DIR. G_MESSAGES_DEBUG=all logs every agent call.\n");
}

static bool
emu_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned int *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = (unsigned int)v;
	return true;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "scenario", required_argument, NULL, 's' },
		{ "abi", required_argument, NULL, 'a' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "prime-budget-ms", required_argument, NULL, 'p' },
		{ "activate-budget-ms", required_argument, NULL, 'A' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct emu emu = {
		.abi = EMU_ABI_V3,
		.cpus = 4,
		.prime_budget_ms = 30000,
		.activate_budget_ms = 10000,
	};
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;
	const char *root = NULL, *scenario = NULL;
	bool foreground = false;
	gsize len = 0;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 's':
			scenario = optarg;
			break;
		case 'a':
			if (!strcmp(optarg, "v1")) {
				emu.abi = EMU_ABI_V1;
			} else if (!strcmp(optarg, "v2")) {
				emu.abi = EMU_ABI_V2;
			} else if (!strcmp(optarg, "v3")) {
				emu.abi = EMU_ABI_V3;
			} else {
				fprintf(stderr, "lfa-sysfs-emulator: --abi takes v1, v2 or v3\n");
				return 2;
			}
			break;
		case 'c':
			if (!emu_parse_uint(optarg, 1, 256, &emu.cpus)) {
				fprintf(stderr, "lfa-sysfs-emulator: --cpus takes 1..256\n");
				return 2;
			}
			break;
		case 'p':
		case 'A':
			if (!emu_parse_uint(optarg, 0, 3600000,
					    c == 'p' ? &emu.prime_budget_ms :
						       &emu.activate_budget_ms)) {
				fprintf(stderr, "lfa-sysfs-emulator: budgets take 0..3600000 ms\n");
				return 2;
			}
			break;
		case 'f':
			foreground = true;
			break;
		case 'h':
			emu_usage(stdout);
			return 0;
		default:
			emu_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || root == NULL || scenario == NULL) {
		fprintf(stderr, "lfa-sysfs-emulator: --root and --scenario are required\n");
		emu_usage(stderr);
		return 2;
	}
	if (!g_file_test(root, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, "lfa-sysfs-emulator: %s is not a directory\n", root);
		return 1;
	}
	if (!g_file_get_contents(scenario, &text, &len, &error)) {
		fprintf(stderr, "lfa-sysfs-emulator: %s\n", error->message);
		return 1;
	}
	if (emu_init(&emu, text, len, &error) != 0) {
		fprintf(stderr, "lfa-sysfs-emulator: %s: %s\n", scenario, error->message);
		return 1;
	}
	return emu_fuse_run(&emu, root, foreground);
}
