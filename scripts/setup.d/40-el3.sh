#!/bin/sh
# Tools for the EL3 firmware and the qemu-arm64 testbed: the aarch64 cross
# compiler (firmware and the stage-shmem module), QEMU for arm, dtc to patch
# the devicetree QEMU generates, busybox and cpio for the guest initramfs.
set -eu
here=$(dirname "$0")
sh "$here/../apt-install.sh" \
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm \
	device-tree-compiler busybox-static cpio
