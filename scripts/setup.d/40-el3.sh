#!/bin/sh
# Tools for the EL3 firmware and the qemu-arm64 testbed: the aarch64 cross
# compiler (firmware and the stage-shmem module), QEMU for arm, dtc to patch
# the devicetree QEMU generates, cpio for the guest initramfs, and an arm64
# static busybox for the guest (downloaded into .deps/el3/, not installed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
deps="$top/.deps/el3"

sh "$here/../apt-install.sh" \
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm \
	device-tree-compiler cpio

if [ -x "$deps/busybox" ]; then
	exit 0
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
	apt-get -o DPkg::Lock::Timeout=600 update -qq
elif ! apt-cache show busybox-static:arm64 >/dev/null 2>&1; then
	apt-get -o DPkg::Lock::Timeout=600 update -qq
fi
dl="$deps/dl"
rm -rf "$dl"
mkdir -p "$dl"
(cd "$dl" && apt-get download -q busybox-static:arm64 >/dev/null)
dpkg-deb -x "$dl"/busybox-static_*_arm64.deb "$dl/root"
cp "$dl/root/bin/busybox" "$deps/busybox.tmp"
mv "$deps/busybox.tmp" "$deps/busybox"
rm -rf "$dl"
echo "setup: arm64 busybox for the qemu-arm64 guest in $deps"
