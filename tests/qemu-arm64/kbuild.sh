#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Cross-build an out-of-tree module for arm64 in the build tree: the sources
# are copied to OUT so that Kbuild's objects never land in the source tree.
#
# usage: kbuild.sh HEADERS SRC_DIR OUT_DIR KERNEL_SRC_ROOT [EXTRA_SYMBOLS]
set -eu
headers=$1 src=$2 out=$3 kroot=$4 extra=${5:-}

if [ ! -d "$headers" ]; then
	echo "kbuild: no arm64 kernel headers in $headers (run scripts/setup.sh)" >&2
	exit 1
fi
mkdir -p "$out"
cp "$src"/Kbuild "$src"/*.c "$src"/*.h "$out"/
rm -f "$out"/*.ko
if ! make -s -C "$headers" M="$out" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	LFA_KERNEL_SRC="$kroot" ${extra:+KBUILD_EXTRA_SYMBOLS="$extra"} \
	-j2 modules >"$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	exit 1
fi
grep -v 'Skipping BTF generation' "$out/build.log" >&2 || true
for ko in "$out"/*.ko; do
	[ -f "$ko" ] || { echo "kbuild: no module built in $out" >&2; exit 1; }
done
