#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# run-upgrade.sh BUILDDIR [--demo]
# The package test in a guest: the e2e guest root with this project's
# packages installed by apt (tests/e2e/assemble-image.sh --debs), plus the
# same tree rebuilt as the next Debian version (scripts/build-debs.sh OUT
# VERSION+upgrade1). guest-upgrade.sh upgrades fwupd-plugin-lfa, checks
# the daemon picked up the new module, then removes the packages and checks
# nothing is left. Exit code 0 only when the guest reported PASS.
#
# Environment: LFA_E2E_DEBS, LFA_E2E_MKIMAGE, LFA_E2E_TIMEOUT as run-e2e.sh
set -eu
pkgtest=$(cd "$(dirname "$0")" && pwd)
here=$(cd "$pkgtest/../e2e" && pwd)
# shellcheck source-path=SCRIPTDIR source=../e2e/e2e-common.sh
. "$here/e2e-common.sh"
e2e_init package-upgrade work-upgrade 1200 "$@"

linux="$top/.deps/linux/amd64"
kmoddir="$linux/modules"
kernel="$linux/vmlinux"
[ -f "$kernel" ] || kernel="$linux/vmlinuz"
[ -f "$kernel" ] && [ -d "$kmoddir/" ] ||
	die "Debian's amd64 kernel is not in $linux; run scripts/setup.sh"
release=$(basename "$(readlink -f "$kmoddir")")
debs=${LFA_E2E_DEBS:-$build/tests/package/debs}
deb1=$(ls "$debs"/fwupd-plugin-lfa_*.deb 2>/dev/null | head -n 1)
[ -n "$deb1" ] || die "no packages in $debs; run meson test (target lfa-debs)"
e2e_find_mkimage

e2e_rootfs "" "Debian guest root file system (cached in .deps/e2e/amd64-dkms/)"
e2e_fresh_work
e2e_keys_and_cabinets

v1=$(dpkg-deb -f "$deb1" Version)
v2="$v1+upgrade1"
say "the same tree as version $v2 (dpkg-buildpackage)"
rm -rf "$work/debs-v2" "$work/guest-files"
sh "$top/scripts/build-debs.sh" "$work/debs-v2" "$v2"
mkdir -p "$work/guest-files"
cp "$work/debs-v2/fwupd-plugin-lfa_${v2}_"*.deb "$work/guest-files/"
t2=$(now)

say "guest image: base root + apt install of the packages $v1, $v2 of the plugin beside the test"
LFA_E2E_GUEST="$pkgtest/guest-upgrade.sh" LFA_E2E_GUEST_FILES="$work/guest-files" \
	sh "$here/assemble-image.sh" "$base" "$kmoddir" "$work" --debs "$debs"
sh "$here/make-initramfs.sh" "$kmoddir" "$work/initrd.cpio"
t3=$(now)

say "booting $release under qemu-system-x86_64 -accel tcg (timeout ${timeout_s}s)"
e2e_run_amd64_guest

e2e_passed() {
	say "PASS"
}
e2e_failed() {
	:
}
e2e_conclude "$t3" "root fs $((t1 - t0)) s, second package build $((t2 - t1)) s, image with apt install $((t3 - t2)) s"
