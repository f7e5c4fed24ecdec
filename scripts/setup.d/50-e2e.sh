#!/bin/sh
# The e2e testbed (tests/e2e/): mmdebstrap for the Debian guest, QEMU for
# amd64, e2fsprogs for the root image, busybox/cpio/kmod for the initramfs,
# certtool for the test-only signing key; then build and cache the guest's
# root file system in .deps/e2e/amd64-dkms/ (with dkms and the guest
# kernel's headers, for the project's packages; about 2-3 minutes once,
# instant after).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../apt-install.sh" \
	mmdebstrap qemu-system-x86 e2fsprogs busybox-static cpio kmod gzip \
	gnutls-bin fwupd
sh "$here/../../tests/e2e/build-rootfs.sh" >/dev/null
