#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# check-layout.sh SRCDIR DEBDIR
# A build with meson alone (what a distribution without our debian/ does:
# --prefix=/usr, -Dtestbeds=false, `meson install --destdir`) must install
# exactly the files that the packages in DEBDIR ship, at the same paths.
# Debian's own additions are left out of the comparison: the copyright file
# and changelog in /usr/share/doc/<package>/, and the .gz that dh_compress
# adds to documentation. The dbgsym package is not compared.
set -eu
src=$1
debdir=$2
fwupd_src=${LFA_FWUPD_SOURCE:-$src/.deps/fwupd-2.0.20}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lfa-layout.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

debs=
for deb in "$debdir"/*.deb; do
	case "$deb" in
	*-dbgsym_*) ;;
	*) [ -f "$deb" ] && debs="$debs $deb" ;;
	esac
done
if [ -z "$debs" ]; then
	echo "check-layout: no packages in $debdir (built by the lfa-debs target)" >&2
	exit 1
fi

if ! { meson setup --prefix=/usr -Dtestbeds=false -Dfwupd_source="$fwupd_src" \
	"$tmp/build" "$src" && nice ninja -C "$tmp/build" &&
	meson install -C "$tmp/build" --no-rebuild --destdir "$tmp/dest"; } >"$tmp/meson.log" 2>&1; then
	cat "$tmp/meson.log" >&2
	echo "check-layout: the meson build or install failed" >&2
	exit 1
fi
(cd "$tmp/dest" && find . ! -type d | sed 's|^\.||') | sort >"$tmp/meson.list"

for deb in $debs; do
	dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's|^\.||' | grep -v '/$'
done | grep -v -e '^/usr/share/doc/[^/]*/copyright$' -e '^/usr/share/doc/[^/]*/changelog\(\.Debian\)\?\.gz$' |
	sed 's|^\(/usr/share/doc/.*\)\.gz$|\1|' | sort >"$tmp/debs.list"

echo "meson install: $(wc -l <"$tmp/meson.list") files; packages ($(echo "$debs" | wc -w)): $(wc -l <"$tmp/debs.list") files"
if ! diff -u "$tmp/debs.list" "$tmp/meson.list"; then
	echo "check-layout: meson install (+) and the packages (-) differ" >&2
	exit 1
fi
echo "check-layout: the same $(wc -l <"$tmp/meson.list") files at the same paths"
