#!/bin/sh
# The agent model's tests: GLib for the unit tests, FUSE 3 for the sysfs
# emulator and its ABI test, and the aarch64 cross compiler that checks the
# model still builds freestanding as the EL3 firmware builds it.
set -eu
sh "$(dirname "$0")/../apt-install.sh" \
	libglib2.0-dev libfuse3-dev fuse3 pkg-config \
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
