#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# make-cabinet.sh MKIMAGE KEYDIR GUID VERSION NAME OUT.cab
# Build a signed firmware cabinet for one LFA component, the way a vendor
# would for a private remote or LVFS:
#   1. lfa-mkimage makes the image (firmware.bin) for GUID at VERSION
#   2. data/metainfo/lfa-component.metainfo.xml.in is filled in
#   3. stock fwupdtool build-cabinet packs both
#   4. stock fwupdtool firmware-sign adds firmware.jcat with a PKCS#7
#      signature by KEYDIR/signer.pem (issued by the test CA the guest trusts)
# KEYDIR "-" skips step 4: an unsigned cabinet, for the negative test.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ $# -ne 6 ]; then
	echo "usage: $0 MKIMAGE KEYDIR GUID VERSION NAME OUT.cab" >&2
	exit 2
fi
mkimage=$1 keydir=$2 guid=$3 version=$4 name=$5 out=$6

case "$version" in
*[!0-9.]* | *.*.* | .* | *. | "" ) echo "make-cabinet: version must be MAJOR.MINOR, not '$version'" >&2; exit 2 ;;
*.*) ;;
*) echo "make-cabinet: version must be MAJOR.MINOR, not '$version'" >&2; exit 2 ;;
esac
if ! [ -x "$mkimage" ]; then
	echo "make-cabinet: lfa-mkimage not found at $mkimage (build the project first)" >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$mkimage" --guid "$guid" --version "$version" --size "${LFA_CAB_PAYLOAD_SIZE:-4096}" -o "$work/firmware.bin"

# appstream ids allow letters, digits, dots, dashes and underscores
id=$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_')
sed -e "s|@GUID@|$guid|g" -e "s|@VERSION@|$version|g" -e "s|@NAME@|$name|g" \
	-e "s|@ID@|$id|g" -e "s|@DATE@|$(date -u +%Y-%m-%d)|g" \
	"$top/data/metainfo/lfa-component.metainfo.xml.in" >"$work/firmware.metainfo.xml"

rm -f "$out"
# fwupdtool wants a writable state directory even for offline commands
export FWUPD_LOCALSTATEDIR="$work/state" CACHE_DIRECTORY="$work/cache"
fwupdtool build-cabinet "$out" "$work/firmware.bin" "$work/firmware.metainfo.xml" >"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; echo "make-cabinet: build-cabinet failed" >&2; exit 1; }
[ "$keydir" = - ] && exit 0
fwupdtool firmware-sign "$out" "$keydir/signer.pem" "$keydir/signer.key" >"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; echo "make-cabinet: firmware-sign failed" >&2; exit 1; }
