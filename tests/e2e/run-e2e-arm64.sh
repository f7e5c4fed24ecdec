#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# run-e2e-arm64.sh BUILDDIR [--demo]
# The end-to-end test of run-e2e.sh on arm64, with the EL3 firmware as the
# LFA agent: the arm64 Debian root (systemd, dbus, polkit, the stock fwupd),
# the plugin cross-compiled against that root's fwupd 2.0.20, Debian's arm64
# kernel with lfa.ko on the real SMC conduit and lfa_stage_shmem.ko staging
# through the firmware's shared window, booted on
# qemu-system-aarch64 -M virt,secure=on -bios el3.bin (TCG, cortex-a57) with
# the devicetree and loader layout of tests/qemu-arm64/. The guest runs the
# same guest/lfa-e2e-guest.sh as on amd64 (transcript on a virtio console).
# Exit code 0 only when the guest reported E2E-RESULT: PASS.
#
# Environment: LFA_E2E_KO_DIR      directory with the arm64 lfa.ko and
#                                  lfa_stage_shmem.ko (default BUILDDIR/kernel/modules-arm64)
#              LFA_E2E_EL3         the firmware (default BUILDDIR/kernel/firmware/el3.bin)
#              LFA_E2E_MKIMAGE     lfa-mkimage (default BUILDDIR/kernel/tools/...)
#              LFA_E2E_PLUGIN_GEN  config.h, fu-lfa-struct.{c,h} (default BUILDDIR/plugins-lfa)
#              LFA_E2E_SMP         vCPUs (default 2)
#              LFA_E2E_TIMEOUT     seconds the guest may run (default 1500)
#              LFA_E2E_DEBUG=1     a crashing daemon's core ends up in the transcript
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILDDIR [--demo]" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
demo=0
debug=
[ "${2:-}" = --demo ] && demo=1
[ "${LFA_E2E_DEBUG:-0}" = 1 ] && debug=" lfa_e2e.debug=1"
work="$build/tests/e2e/work-arm64"
timeout_s=${LFA_E2E_TIMEOUT:-1500}
smp=${LFA_E2E_SMP:-2}
machine=virt,secure=on
cpu=cortex-a57
mem=1024
# the addresses of kernel/firmware/platform_def.h (as tests/qemu-arm64/
# run-testbed.sh; check-platform.sh keeps them in step with the firmware)
KERNEL_ADDR=0x40200000
SCENARIO_ADDR=0x47f00000
DTB_ADDR=0x48000000
INITRD_ADDR=0x48200000

say() {
	echo "e2e-arm64: $*" >&2
}
die() {
	echo "e2e-arm64: ERROR: $*" >&2
	exit 1
}
now() {
	date +%s
}

[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap, and the root's file ownership)"

# the pieces the other parts build; a missing one is an error, not a skip
linux="$top/.deps/linux/arm64"
kmoddir="$linux/modules"
kernel="$linux/Image"
busybox="$top/.deps/el3/busybox"
[ -f "$kernel" ] && [ -d "$kmoddir/" ] || die "Debian's arm64 kernel is not in $linux; run scripts/setup.sh"
[ -x "$busybox" ] || die "no arm64 busybox in $busybox; run scripts/setup.sh"
kodir=${LFA_E2E_KO_DIR:-$build/kernel/modules-arm64}
lfa_ko="$kodir/lfa.ko"
stage_ko="$kodir/lfa_stage_shmem.ko"
[ -f "$lfa_ko" ] && [ -f "$stage_ko" ] || die "no arm64 lfa.ko and lfa_stage_shmem.ko in $kodir; run ninja -C $build"
fw=${LFA_E2E_EL3:-$build/kernel/firmware/el3.bin}
[ -f "$fw" ] || die "the EL3 firmware $fw is not built; run ninja -C $build"
mkimage=${LFA_E2E_MKIMAGE:-$build/kernel/tools/lfa-mkimage}
[ -x "$mkimage" ] || die "$mkimage is not built; run ninja -C $build"
gen=${LFA_E2E_PLUGIN_GEN:-$build/plugins-lfa}
release=$(basename "$(readlink -f "$kmoddir")")

t0=$(now)
say "arm64 Debian guest root file system (cached in .deps/e2e/arm64/)"
base=$(LFA_E2E_ARCH=arm64 sh "$here/build-rootfs.sh")
t1=$(now)

mkdir -p "$work"
rm -rf "$work/cabs" "$work/console.log" "$work/transcript.log" "$work/el3.log"
mkdir -p "$work/cabs"
say "the plugin, cross-compiled for arm64 against the guest's fwupd"
# the module's sources as plugins-lfa/meson.build lists them: lfa_sources
# plus the module entry point
sources=$(sed -n "/^lfa_sources = files(/,/^)/s|^[[:space:]]*'\([a-z-]*\.c\)',*\$|$top/plugins-lfa/\1|p" \
	"$top/plugins-lfa/meson.build")
[ -n "$sources" ] || die "cannot read lfa_sources from plugins-lfa/meson.build"
# shellcheck disable=SC2086 # one word per source file
sh "$here/build-plugin-arm64.sh" "$base" "$gen" "$work/libfu_plugin_lfa.so" \
	$sources "$top/plugins-lfa/fu-lfa-module.c"
t2=$(now)

say "test-only signing key and cabinets"
sh "$top/data/keys/make-test-keys.sh" "$work/keys"
sh "$here/make-cabinet.sh" "$mkimage" "$work/keys" \
	6c0762a6-12f2-4b56-92cb-ba8f633606d9 1.1 TF-RMM "$work/cabs/tf-rmm-1.1.cab"
sh "$here/make-cabinet.sh" "$mkimage" - \
	6c0762a6-12f2-4b56-92cb-ba8f633606d9 1.1 TF-RMM "$work/cabs/tf-rmm-1.1-unsigned.cab"

say "guest image: base root + lfa.ko, lfa_stage_shmem.ko, plugin, quirks, test CA"
LFA_E2E_TTY=hvc0 sh "$here/assemble-image.sh" "$base" "$kmoddir" "$lfa_ko" "$stage_ko" \
	"$work/libfu_plugin_lfa.so" "$work"
# virt's disks are virtio-mmio; the transcript goes out on a virtio console
LFA_E2E_BUSYBOX="$busybox" \
	LFA_E2E_INITRD_MODULES="virtio_mmio virtio_blk virtio_console crc32c_generic ext4" \
	sh "$here/make-initramfs.sh" "$kmoddir" "$work/initrd.cpio"

# the platform the firmware boots with: the scenario the guest loads again
# (the same text, so the firmware's inventory matches from the start)
{ cat "$here/guest/e2e.lfa"; printf '\0'; } >"$work/scenario.bin"
sh "$top/tests/qemu-arm64/mkdtb.sh" qemu-system-aarch64 "$machine" "$cpu" "$fw" "$smp" "$mem" \
	"$top/kernel/firmware/lfa-virt.dtsi" $((INITRD_ADDR)) "$(stat -c %s "$work/initrd.cpio")" \
	"console=ttyAMA0 root=/dev/vda rw quiet loglevel=4 panic=-1 systemd.show_status=0$debug" \
	"$work/lfa.dtb"
t3=$(now)

say "booting $release with the EL3 firmware under qemu-system-aarch64 -accel tcg -cpu $cpu -smp $smp (timeout ${timeout_s}s)"
: >"$work/transcript.log"
timeout --foreground -k 10 "$timeout_s" qemu-system-aarch64 \
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
	-device virtconsole,chardev=transcript &
qemu=$!
if [ $demo = 1 ]; then
	tail -n +1 -f --pid=$qemu "$work/transcript.log" | grep -v '^E2E-RESULT' || true
fi
qemu_rc=0
wait $qemu || qemu_rc=$?
t4=$(now)

if [ $demo = 0 ]; then
	tr -d '\r' <"$work/transcript.log"
fi
say "timings: root fs $((t1 - t0)) s, plugin $((t2 - t1)) s, keys+cabinets+image $((t3 - t2)) s, guest $((t4 - t3)) s, total $((t4 - t0)) s"
verdict=$(tr -d '\r' <"$work/transcript.log" | grep '^E2E-RESULT:' | tail -n 1 || true)
if [ "$verdict" = "E2E-RESULT: PASS" ]; then
	# the guest's view is confirmed by the firmware's own log: the image
	# fwupd staged reached EL3, and activations were real rendezvous with
	# every CPU inside EL3 (SP2's failed one, then TF-RMM, SP1, SP2)
	el3=$(tr -d '\r' <"$work/el3.log")
	rounds=$(printf '%s\n' "$el3" | grep -c "ACTIVATE round done: $smp CPU(s) inside at once" || true)
	printf '%s\n' "$el3" | grep -q 'lfa: staged 6c0762a6-12f2-4b56-92cb-ba8f633606d9 version 1.1' ||
		die "the guest passed but the EL3 firmware never staged TF-RMM 1.1 (see $work/el3.log)"
	[ "$rounds" -eq 4 ] ||
		die "the guest passed but the EL3 firmware logged $rounds rendezvous of $smp CPUs, not 4 (see $work/el3.log)"
	say "PASS (the EL3 firmware staged TF-RMM 1.1 and ran $rounds rendezvous of $smp CPUs, see $work/el3.log)"
	exit 0
fi
if [ $qemu_rc = 124 ]; then
	say "the guest did not finish within ${timeout_s}s"
fi
say "console (last lines of $work/console.log):"
tr -d '\r' <"$work/console.log" | tail -n 30 >&2
say "EL3 firmware log (last lines of $work/el3.log):"
tr -d '\r' <"$work/el3.log" | tail -n 10 >&2
die "${verdict:-the guest reported no result (qemu exit code $qemu_rc)}"
