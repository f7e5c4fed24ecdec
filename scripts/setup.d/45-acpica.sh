#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# iasl (Debian acpica-tools) compiles the SSDT that gives the x86_64 QEMU
# guest an ACPI ARML0003 device (tests/qemu-x86_64/lfa-ssdt.asl), so the
# driver's ACPI Notify path runs under test.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
sh "$root/scripts/apt-install.sh" acpica-tools
