#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# make-initramfs.sh MODULES_DIR OUT.cpio
# Pack busybox-static, the virtio-blk and ext4 modules (with their
# dependencies, in load order) and initramfs-init into a newc cpio archive.
# MODULES_DIR is a kernel's /lib/modules/<release> with a modules.dep.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
moddir=$1
out=$2

if [ ! -f "$moddir/modules.dep" ]; then
	echo "make-initramfs: $moddir/modules.dep missing (run depmod first)" >&2
	exit 1
fi
release=$(basename "$moddir")
base=$(dirname "$(dirname "$(dirname "$moddir")")")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/modules"
cp /bin/busybox "$work/bin/busybox"
cp "$here/initramfs-init" "$work/init"
chmod 0755 "$work/init"

: >"$work/modules.list"
for want in virtio_pci virtio_blk crc32c_generic ext4; do
	modprobe -d "$base" -S "$release" --show-depends "$want" | while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		name=$(basename "$path")
		grep -qx "$name" "$work/modules.list" && continue
		cp "$path" "$work/modules/$name"
		echo "$name" >>"$work/modules.list"
	done
done

(cd "$work" && find . | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
