#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# run-e2e.sh BUILDDIR [--demo]
# The full stack in a QEMU guest: build (or reuse) the Debian root, install
# this project's Debian packages in it (DKMS builds the driver and the
# simulated agent against the guest kernel's headers), sign cabinets with a
# fresh test key, boot Debian's amd64 kernel under TCG with systemd as PID 1,
# and let guest/lfa-e2e-guest.sh do and check what an administrator would.
# Without --demo the guest's transcript is printed at the end (meson test);
# with --demo it is streamed while the guest runs.
# Exit code 0 only when the guest reported E2E-RESULT: PASS.
# The steps shared with run-e2e-arm64.sh are in e2e-common.sh.
#
# Environment: LFA_E2E_DEBS        directory with fwupd-plugin-lfa, lfa-dkms and
#                                  lfa-testbed-dkms .debs (default
#                                  BUILDDIR/tests/package/debs, meson target lfa-debs)
#              LFA_E2E_MKIMAGE     lfa-mkimage (default BUILDDIR/kernel/testbeds/tools/...)
#              LFA_E2E_TIMEOUT     seconds the guest may run (default 1200)
#              LFA_E2E_DEBUG=1     a crashing daemon's core ends up in the transcript
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
. "$here/e2e-common.sh"
e2e_init e2e work 1200 "$@"

# the pieces the other parts build; a missing one is an error, not a skip
linux="$top/.deps/linux/amd64"
kmoddir="$linux/modules"
kernel="$linux/vmlinux"
[ -f "$kernel" ] || kernel="$linux/vmlinuz"
[ -f "$kernel" ] && [ -d "$kmoddir/" ] ||
	die "Debian's amd64 kernel is not in $linux; run scripts/setup.sh"
release=$(basename "$(readlink -f "$kmoddir")")
debs=${LFA_E2E_DEBS:-$build/tests/package/debs}
ls "$debs"/fwupd-plugin-lfa_*.deb >/dev/null 2>&1 ||
	die "no packages in $debs; run meson test (target lfa-debs) or scripts/build-debs.sh $debs"
e2e_find_mkimage

e2e_rootfs "" "Debian guest root file system (cached in .deps/e2e/)"
e2e_fresh_work
e2e_keys_and_cabinets

say "guest image: base root + apt install of the project's packages (DKMS builds lfa.ko, lfa_sim.ko), test CA"
sh "$here/assemble-image.sh" "$base" "$kmoddir" "$work" --debs "$debs"
sh "$here/make-initramfs.sh" "$kmoddir" "$work/initrd.cpio"
t2=$(now)

say "booting $release under qemu-system-x86_64 -accel tcg (timeout ${timeout_s}s)"
e2e_run_amd64_guest

e2e_passed() {
	say "PASS"
}
e2e_failed() {
	:
}
e2e_conclude "$t2" "root fs $((t1 - t0)) s, keys+cabinets+image $((t2 - t1)) s"
