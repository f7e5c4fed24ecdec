#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Build the initramfs of an LFA testbed guest (any architecture).
#   mkinitramfs.sh -o OUT.cpio -b BUSYBOX -m MODULE_DIR -l "mod.ko [args] ..."
#                  -k LFA_MKIMAGE
# BUSYBOX is a static busybox for the guest's architecture (the host's
# /bin/busybox for amd64). MODULE_DIR holds the .ko files, all of which are
# copied; -l lists the ones /init loads, in order, separated by ';'
# (e.g. "lfa.ko;lfa_sim.ko"). LFA_MKIMAGE builds the images of images.list.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out= busybox= moddir= load= mkimage=
while getopts o:b:m:l:k: opt; do
	case "$opt" in
	o) out=$OPTARG ;;
	b) busybox=$OPTARG ;;
	m) moddir=$OPTARG ;;
	l) load=$OPTARG ;;
	k) mkimage=$OPTARG ;;
	*) exit 2 ;;
	esac
done
if [ -z "$out" ] || [ -z "$busybox" ] || [ -z "$moddir" ] || [ -z "$mkimage" ]; then
	echo "usage: $0 -o OUT -b BUSYBOX -m MODULE_DIR -l LOAD_LIST -k LFA_MKIMAGE" >&2
	exit 2
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/proc" "$root/sys" "$root/dev" \
	"$root/tmp" "$root/lfa/modules" "$root/lfa/images"
cp "$busybox" "$root/bin/busybox"
cp "$here/init" "$root/init"
cp "$here/lfa-tests.sh" "$here/lfa-bench.sh" "$here/uevent-log.sh" \
	"$here/../contract/lfa-contract.sh" "$here/../contract/lfa-sh-helpers.sh" "$root/lfa/"
chmod +x "$root/init" "$root/lfa/"*.sh
cp "$moddir"/*.ko "$root/lfa/modules/"
echo "$load" | tr ';' '\n' >"$root/lfa/modules.list"

grep -v '^#' "$here/images.list" | while read -r name guid version size corrupt; do
	[ -n "$name" ] || continue
	set -- --guid "$guid" --version "$version" --size "$size"
	[ "$corrupt" = - ] || set -- "$@" --corrupt "$corrupt"
	"$mkimage" "$@" -o "$root/lfa/images/$name.img"
done

(cd "$root" && find . | cpio -o -H newc --quiet) >"$out"
