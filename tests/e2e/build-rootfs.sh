#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# Build the Debian guest's base root file system with mmdebstrap: systemd as
# PID 1, D-Bus, polkit, udev, kmod and the stock fwupd, installed normally so
# that every maintainer script ran (users, units, D-Bus policy). Nothing of
# this project goes in here: assemble-image.sh adds it per test run, so the
# base can be cached.
#
# The result is cached in .deps/e2e/<arch>-dkms/rootfs-<key>/ where the key
# covers the
# package list, the host's fwupd version, the apt sources and the mmdebstrap
# recipe, and it is reused while they do not change. Prints the directory.
#
# LFA_E2E_ARCH=arm64 builds the arm64 guest instead (cached in
# .deps/e2e/arm64-dkms/): the maintainer scripts then run through qemu-user-static
# and binfmt_misc (scripts/setup.d/51-e2e-arm64.sh sets them up).
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
arch=${LFA_E2E_ARCH:-amd64}
case "$arch" in
amd64) cache="$top/.deps/e2e/amd64-dkms" ;;
arm64) cache="$top/.deps/e2e/arm64-dkms" ;;
*) echo "build-rootfs: LFA_E2E_ARCH must be amd64 or arm64, not '$arch'" >&2; exit 2 ;;
esac
# the guest gets its packages from where the host got its own (the same
# fwupd build matters); Debian 12 keeps them in one of these two files
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list

# kmod: the test loads the project's modules as an admin would; jq: the
# guest checks fwupdmgr's JSON output; systemd-coredump: a crashing daemon
# leaves a backtrace in the journal, which the test prints on failure
packages="systemd,systemd-sysv,dbus,polkitd,udev,kmod,fwupd,jq,systemd-coredump"
# The guest installs the project's packages (assemble-image.sh): dkms and
# the guest kernel's headers let lfa-dkms build lfa.ko in the root at image
# time, as on an admin's machine (arm64: in the chroot under qemu-user).
# The ABI is the one of the kernel the guest boots
# (scripts/setup.d/30-kernels.sh), the same for both architectures.
abi=$(cat "$top/.deps/linux/abi" 2>/dev/null || true)
if [ -z "$abi" ]; then
	echo "build-rootfs: no .deps/linux/abi; run scripts/setup.d/30-kernels.sh" >&2
	exit 1
fi
packages="$packages,dkms,linux-headers-$abi-$arch"

if [ "$(id -u)" != 0 ]; then
	echo "build-rootfs: must run as root (mmdebstrap root mode keeps ownership)" >&2
	exit 1
fi
if [ ! -f "$sources" ]; then
	echo "build-rootfs: no /etc/apt/sources.list.d/debian.sources or $sources;" \
		"the guest must use the host's Debian sources" >&2
	exit 1
fi

# the host's fwupd version too: the plugin is built against it, and the
# guest must get the same one (assemble-image.sh checks)
host_fwupd=$(dpkg-query -W -f '${Version}' fwupd 2>/dev/null || true)
# and the recipe between the markers below (not the rest of this script)
if [ "$arch" = arm64 ] && ! grep -qsx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64; then
	echo "build-rootfs: an arm64 root needs qemu-user-static registered in binfmt_misc;" \
		"run scripts/setup.d/51-e2e-arm64.sh" >&2
	exit 1
fi
key=$( (echo "$packages $host_fwupd"; cat "$sources"
	sed -n '/^# recipe-begin/,/^# recipe-end/p' "$0") | sha256sum | cut -c1-16)
root="$cache/rootfs-$key"
mkdir -p "$cache"

# One build at a time (the set-up and a test may both ask): mmdebstrap
# mounts /proc, /sys and /dev inside its target while it runs, so another
# instance must never clean up under it. The lock is held until exit.
exec 9>"$cache/.rootfs.lock"
if ! flock -w 900 9; then
	echo "build-rootfs: another build of the guest root holds $cache/.rootfs.lock" >&2
	exit 1
fi
if [ -f "$root.done" ] && [ -d "$root" ]; then
	echo "$root"
	exit 0
fi

# remove a directory tree, but never across a mount point left behind
remove_tree() {
	if grep -qF " $1/" /proc/self/mountinfo || grep -qF " $1 " /proc/self/mountinfo; then
		echo "build-rootfs: $1 still has mounts; unmount them first" >&2
		exit 1
	fi
	rm -rf --one-file-system "$1"
}

# older keys are stale, and a previous attempt may have died half way
for old in "$cache"/rootfs-*; do
	[ -e "$old" ] || continue
	case "$old" in
	*.done | *.log) rm -f "$old" ;;
	*) remove_tree "$old" ;;
	esac
done

# recipe-begin: the customize hooks trim start-up work that a test VM does
# not need and that costs seconds under TCG; the fwupd unit stays stock.
if ! mmdebstrap --variant=minbase --architectures="$arch" \
	--include="$packages" \
	--customize-hook='echo lfa-e2e >"$1/etc/hostname"' \
	--customize-hook='printf "/dev/vda / ext4 rw,noatime 0 0\n" >"$1/etc/fstab"' \
	--customize-hook='chroot "$1" systemctl set-default multi-user.target' \
	--customize-hook='chroot "$1" systemctl mask serial-getty@ttyS0.service getty@tty1.service \
		apt-daily.timer apt-daily-upgrade.timer fwupd-refresh.timer \
		e2scrub_all.timer e2scrub_reap.service fstrim.timer \
		systemd-timesyncd.service >/dev/null 2>&1 || true' \
	--customize-hook='rm -rf "$1/var/cache/apt/archives/"*.deb "$1/var/lib/apt/lists/"*_Packages' \
	bookworm "$root" "$sources" >"$root.log" 2>&1; then
# recipe-end
	tail -n 30 "$root.log" >&2
	echo "build-rootfs: mmdebstrap failed, full log in $root.log" >&2
	remove_tree "$root"
	exit 1
fi
touch "$root.done"
echo "$root"
