#!/bin/sh
# The arm64 end-to-end test (tests/e2e/run-e2e-arm64.sh): the same Debian
# guest as 50-e2e.sh, built for arm64 on this amd64 host. mmdebstrap runs the
# arm64 maintainer scripts through qemu-user-static, which needs binfmt_misc
# (mounted here if it is not) with qemu-aarch64 registered; QEMU, dtc and the
# EL3 firmware's pieces come from 40-el3.sh. Then builds and caches the
# arm64 guest root (with dkms and the guest kernel's headers: the guest
# installs the project's packages, 53-debs-arm64.sh cross-builds them;
# about 15 minutes once, instant after).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# binfmt_misc: not mounted by default on every machine; mounted before
# qemu-user-static is installed so that its postinst can register itself
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
	mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
sh "$here/../apt-install.sh" \
	mmdebstrap qemu-user-static binfmt-support arch-test e2fsprogs \
	busybox-static cpio kmod gnutls-bin fwupd gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
	qemu-system-arm device-tree-compiler

if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
	update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
	# the same entry binfmt-support registers: ELF64 little-endian, machine
	# 183 (AArch64); F = the interpreter is opened now, so it works in chroots
	printf '%s\n' ':qemu-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/libexec/qemu-binfmt/aarch64-binfmt-P:PF' \
		>/proc/sys/fs/binfmt_misc/register
fi
if ! grep -qx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64; then
	echo "setup: qemu-aarch64 is not enabled in binfmt_misc" >&2
	exit 1
fi

LFA_E2E_ARCH=arm64 sh "$top/tests/e2e/build-rootfs.sh" >/dev/null
