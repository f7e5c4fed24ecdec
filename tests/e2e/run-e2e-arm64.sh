#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# run-e2e-arm64.sh BUILDDIR [--demo]
# The end-to-end test of run-e2e.sh on arm64, with the EL3 firmware as the
# LFA agent: the arm64 Debian root (systemd, dbus, polkit, the stock fwupd,
# dkms and the guest kernel's headers), `apt install` of this project's
# packages in it (fwupd-plugin-lfa for arm64, cross-built; lfa-dkms and
# lfa-testbed-dkms, whose DKMS builds lfa.ko and lfa_stage_shmem.ko in the
# root's chroot under qemu-user), Debian's arm64 kernel with lfa.ko on the
# real SMC conduit and lfa_stage_shmem.ko staging through the firmware's
# shared window, booted on
# qemu-system-aarch64 -M virt,secure=on -bios el3.bin (TCG, cortex-a57) with
# the devicetree and loader layout of tests/qemu-arm64/. The guest runs the
# same guest/lfa-e2e-guest.sh as on amd64 (transcript on a virtio console).
# Exit code 0 only when the guest reported E2E-RESULT: PASS.
# The steps shared with run-e2e.sh are in e2e-common.sh.
#
# Environment: LFA_E2E_DEBS_ARM64  directory with the arm64 fwupd-plugin-lfa
#                                  and the lfa-dkms, lfa-testbed-dkms .debs
#                                  (default BUILDDIR/tests/package/debs-arm64,
#                                  meson target lfa-debs-arm64)
#              LFA_E2E_EL3         the firmware (default BUILDDIR/kernel/testbeds/el3/firmware/el3.bin)
#              LFA_E2E_MKIMAGE     lfa-mkimage (default BUILDDIR/kernel/testbeds/tools/...)
#              LFA_E2E_SMP         vCPUs (default 2)
#              LFA_E2E_TIMEOUT     seconds the guest may run (default 1500)
#              LFA_E2E_DEBUG=1     a crashing daemon's core ends up in the transcript
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
. "$here/e2e-common.sh"
e2e_init e2e-arm64 work-arm64 1500 "$@"
smp=${LFA_E2E_SMP:-2}
machine=virt,secure=on
cpu=cortex-a57
mem=1024
# the addresses of kernel/testbeds/el3/firmware/platform_def.h (as tests/qemu-arm64/
# run-testbed.sh; check-platform.sh keeps them in step with the firmware)
KERNEL_ADDR=0x40200000
SCENARIO_ADDR=0x47f00000
DTB_ADDR=0x48000000
INITRD_ADDR=0x48200000

# the pieces the other parts build; a missing one is an error, not a skip
linux="$top/.deps/linux/arm64"
kmoddir="$linux/modules"
kernel="$linux/Image"
busybox="$top/.deps/el3/busybox"
[ -f "$kernel" ] && [ -d "$kmoddir/" ] || die "Debian's arm64 kernel is not in $linux; run scripts/setup.sh"
[ -x "$busybox" ] || die "no arm64 busybox in $busybox; run scripts/setup.sh"
debs=${LFA_E2E_DEBS_ARM64:-$build/tests/package/debs-arm64}
ls "$debs"/fwupd-plugin-lfa_*_arm64.deb >/dev/null 2>&1 ||
	die "no arm64 packages in $debs; run meson test (target lfa-debs-arm64) or LFA_DEB_ARCH=arm64 scripts/build-debs.sh $debs"
fw=${LFA_E2E_EL3:-$build/kernel/testbeds/el3/firmware/el3.bin}
[ -f "$fw" ] || die "the EL3 firmware $fw is not built; run ninja -C $build"
e2e_find_mkimage
release=$(basename "$(readlink -f "$kmoddir")")

e2e_rootfs arm64 "arm64 Debian guest root file system (cached in .deps/e2e/arm64-dkms/)"
e2e_fresh_work
rm -f "$work/el3.log"

e2e_keys_and_cabinets

say "guest image: base root + apt install of the project's packages (DKMS builds lfa.ko, lfa_stage_shmem.ko under qemu-user), test CA"
# DKMS under qemu-user takes minutes: the root with the DKMS packages
# installed is kept per root and .debs in .deps/e2e/arm64-dkms/installed-*
# (assemble-image.sh); fwupd-plugin-lfa is installed with apt every run
LFA_E2E_TTY=hvc0 LFA_E2E_DKMS_CACHE="$top/.deps/e2e/arm64-dkms" \
	sh "$here/assemble-image.sh" "$base" "$kmoddir" "$work" --debs "$debs"
# virt's disks are virtio-mmio; the transcript goes out on a virtio console
LFA_E2E_BUSYBOX="$busybox" \
	LFA_E2E_INITRD_MODULES="virtio_mmio virtio_blk virtio_console crc32c_generic ext4" \
	sh "$here/make-initramfs.sh" "$kmoddir" "$work/initrd.cpio"

# the platform the firmware boots with: the scenario the guest loads again
# (the same text, so the firmware's inventory matches from the start)
{ cat "$here/guest/e2e.lfa"; printf '\0'; } >"$work/scenario.bin"
sh "$top/tests/qemu-arm64/mkdtb.sh" qemu-system-aarch64 "$machine" "$cpu" "$fw" "$smp" "$mem" \
	"$top/kernel/testbeds/el3/firmware/lfa-virt.dtsi" $((INITRD_ADDR)) "$(stat -c %s "$work/initrd.cpio")" \
	"console=ttyAMA0 root=/dev/vda rw quiet loglevel=4 panic=-1 systemd.show_status=0$debug" \
	"$work/lfa.dtb"
t3=$(now)

say "booting $release with the EL3 firmware under qemu-system-aarch64 -accel tcg -cpu $cpu -smp $smp (timeout ${timeout_s}s)"
e2e_run_guest qemu-system-aarch64 \
	-M "$machine" -accel tcg -cpu "$cpu" -smp "$smp" -m "$mem" \
	-bios "$fw" -display none -monitor none -nic none -no-reboot \
	-serial "file:$work/console.log" -serial "file:$work/el3.log" \
	-semihosting-config enable=on,target=native \
	-device loader,file="$kernel",addr=$KERNEL_ADDR,force-raw=on \
	-device loader,file="$work/lfa.dtb",addr=$DTB_ADDR,force-raw=on \
	-device loader,file="$work/initrd.cpio",addr=$INITRD_ADDR,force-raw=on \
	-device loader,file="$work/scenario.bin",addr=$SCENARIO_ADDR,force-raw=on \
	-drive "file=$work/root.ext4,format=raw,if=none,id=root,cache=unsafe" \
	-device virtio-blk-device,drive=root \
	-device virtio-serial-device \
	-chardev "file,id=transcript,path=$work/transcript.log" \
	-device virtconsole,chardev=transcript

# the guest's view is confirmed by the firmware's own log: the image
# fwupd staged reached EL3, and activations were real rendezvous with
# every CPU inside EL3 (SP2's failed one, then TF-RMM, SP1, SP2, and the
# TF-RMM 1.2 activation whose daemon the guest kills halfway)
e2e_passed() {
	el3=$(tr -d '\r' <"$work/el3.log")
	rounds=$(printf '%s\n' "$el3" | grep -c "ACTIVATE round done: $smp CPU(s) inside at once" || true)
	printf '%s\n' "$el3" | grep -q 'lfa: staged 6c0762a6-12f2-4b56-92cb-ba8f633606d9 version 1.1' ||
		die "the guest passed but the EL3 firmware never staged TF-RMM 1.1 (see $work/el3.log)"
	[ "$rounds" -eq 5 ] ||
		die "the guest passed but the EL3 firmware logged $rounds rendezvous of $smp CPUs, not 5 (see $work/el3.log)"
	say "PASS (the EL3 firmware staged TF-RMM 1.1 and ran $rounds rendezvous of $smp CPUs, see $work/el3.log)"
}
e2e_failed() {
	say "EL3 firmware log (last lines of $work/el3.log):"
	tr -d '\r' <"$work/el3.log" | tail -n 10 >&2
}
e2e_conclude "$t3" "root fs $((t1 - t0)) s, keys+cabinets+image $((t3 - t1)) s"
