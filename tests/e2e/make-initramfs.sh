#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# make-initramfs.sh MODULES_DIR OUT.cpio
# Pack busybox-static, the virtio-blk and ext4 modules (with their
# dependencies, in load order) and initramfs-init into a newc cpio archive.
# MODULES_DIR is an unpacked kernel's /lib/modules/<release>; Debian's
# package has no modules.dep, so depmod runs on a hard-linked copy.
# For another architecture (arm64: virtio-mmio, the virtio console) set
#   LFA_E2E_BUSYBOX            a static busybox for the guest (default /bin/busybox)
#   LFA_E2E_INITRD_MODULES     the modules to load, dependencies are added
set -eu
here=$(cd "$(dirname "$0")" && pwd)
moddir=$(readlink -f "$1")
out=$2

if [ ! -d "$moddir/kernel" ]; then
	echo "make-initramfs: no kernel modules in $moddir" >&2
	exit 1
fi
release=$(basename "$moddir")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base="$tmp/depmod"
mkdir -p "$base/lib/modules/$release"
cp -al "$moddir/kernel" "$base/lib/modules/$release/kernel"
cp "$moddir"/modules.builtin* "$moddir/modules.order" "$base/lib/modules/$release/"
depmod -b "$base" "$release"
work="$tmp/root"
mkdir -p "$work/bin" "$work/modules"
cp "${LFA_E2E_BUSYBOX:-/bin/busybox}" "$work/bin/busybox"
cp "$here/initramfs-init" "$work/init"
chmod 0755 "$work/init"

: >"$work/modules.list"
for want in ${LFA_E2E_INITRD_MODULES:-virtio_pci virtio_blk crc32c_generic ext4}; do
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
