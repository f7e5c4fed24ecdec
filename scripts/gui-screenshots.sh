#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# gui-screenshots.sh [BUILDDIR]
# Regenerate docs/images/gnome-firmware/ from a run of the gui suite's tests
# (tests/gui/, Debian's GNOME Firmware driven through AT-SPI). The docs'
# images are replaced only when every test passed, and each must stay under
# 100 KB. BUILDDIR defaults to build/ (meson setup build && ninja -C build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
dest=$top/docs/images/gnome-firmware
limit=102400

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for test in device_list install_staged install_refused one_click_quirk cli_activate; do
	echo "gui-screenshots: $test"
	if ! LFA_SRCDIR=$top LFA_BUILDDIR=$build \
		/usr/bin/python3 "$top/tests/gui/lfa_gui_tests.py" "$test" "$work" \
		>"$work/$test.log" 2>&1; then
		cat "$work/$test.log" >&2
		echo "gui-screenshots: $test failed; $dest is unchanged" >&2
		exit 1
	fi
done

# test/step -> the name the admin guide uses
set -- \
	device_list/device-list device-list \
	device_list/staged-component staged-component \
	device_list/main-menu main-menu \
	install_staged/confirm confirm \
	install_staged/installed installed \
	install_staged/staged-message staged-message \
	install_staged/staged-after-restart staged-after-restart \
	install_refused/install-refused install-refused \
	one_click_quirk/live-message one-click-message \
	one_click_quirk/running-after-install one-click-running \
	cli_activate/page-after-cli-activate cli-activated
mkdir -p "$work/out"
while [ $# -gt 0 ]; do
	src=$(ls "$work/$(dirname "$1")/"[0-9][0-9]-"$(basename "$1")".png)
	size=$(stat -c %s "$src")
	if [ "$size" -ge $limit ]; then
		echo "gui-screenshots: $2.png is $size bytes, over $limit" >&2
		exit 1
	fi
	cp "$src" "$work/out/$2.png"
	shift 2
done
mkdir -p "$dest"
rm -f "$dest"/*.png
cp "$work/out/"*.png "$dest/"
du -b "$dest"/*.png
