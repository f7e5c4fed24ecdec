#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Cross-build an out-of-tree module for arm64 in the build tree, warning-free
# under W=1: the sources are copied to OUT so that Kbuild's objects never
# land in the source tree. With COPY_TO, the single module built is copied
# there (the meson target's output).
#
# usage: kbuild.sh HEADERS SRC_DIR OUT_DIR KERNEL_SRC_ROOT [EXTRA_SYMBOLS [COPY_TO]]
set -eu
headers=$1 src=$2 out=$3 kroot=$4 extra=${5:-} copy_to=${6:-}

if [ ! -d "$headers" ]; then
	echo "kbuild: no arm64 kernel headers in $headers (run scripts/setup.sh)" >&2
	exit 1
fi
mkdir -p "$out"
for f in "$src"/Kbuild "$src"/*.c "$src"/*.h; do
	[ -e "$f" ] && cp "$f" "$out"/
done
rm -f "$out"/*.ko
if ! make -s -C "$headers" M="$out" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	LFA_KERNEL_SRC="$kroot" ${extra:+KBUILD_EXTRA_SYMBOLS="$extra"} \
	W=1 -j2 modules >"$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	exit 1
fi
# BTF is skipped without a vmlinux; anything else is a real warning
if grep -v 'Skipping BTF generation' "$out/build.log" | grep -qi 'warning'; then
	cat "$out/build.log" >&2
	echo "kbuild: warnings in the build of $src" >&2
	exit 1
fi
set -- "$out"/*.ko
if [ ! -f "$1" ]; then
	echo "kbuild: no module built in $out" >&2
	exit 1
fi
if [ -n "$copy_to" ]; then
	cp "$1" "$copy_to"
fi
