/*
 * Copyright 2026 The LFA project authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "fu-lfa-plugin.h"

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	return g_test_run();
}
