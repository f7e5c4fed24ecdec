#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# run-e2e-shutdown.sh reboot|poweroff BUILDDIR [--demo]
# What fwupd's shutdown hook does with a staged LFA image. fwupd.shutdown
# runs "fwupdtool activate" from systemd-shutdown whenever fwupd's history
# database exists; live activation must not happen then (the platform runs
# the staged image from its store at the next boot anyway).
#
# The same guest as run-e2e.sh (Debian, systemd, the stock fwupd unit and
# hook, lfa.ko with the simulated agent) with guest/lfa-e2e-shutdown.sh in
# place of the full scenario: it stages TF-RMM 1.1 with fwupdmgr (SP1 1.1 is
# staged out of band), raises the console log level and runs systemctl
# reboot or poweroff. Nothing in the guest survives that, so the host reads
# the console, which shows the kernel's log to the end:
#   - the guest's marker, then the kernel's last line ("reboot: Restarting
#     system" / "reboot: Power down"): the shutdown ran to its end;
#   - systemd-shutdown's own debug line that fwupd.shutdown finished, and
#     the plugin's notice in the kernel log that it declined (the hook's own
#     output goes nowhere): the hook did run and did ask the plugin, so the
#     check below can fail (without the plugin's guard it does: TF-RMM and SP1 are activated
#     after the file systems were unmounted);
#   - after the marker, no PRIME reaching the simulated agent ("lfa_sim:
#     prime <GUID>", the firmware side) and no "lfa: activated <GUID>" or
#     "<GUID>: version A -> B" line of the driver: nothing was activated.
# Exit code 0 only when all three hold.
#
# Environment: as run-e2e.sh (LFA_E2E_KO_DIR, LFA_E2E_PLUGIN,
# LFA_E2E_MKIMAGE, LFA_E2E_TIMEOUT).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-}
case "$mode" in
reboot | poweroff) shift ;;
*)
	echo "usage: $0 reboot|poweroff BUILDDIR [--demo]" >&2
	exit 2
	;;
esac
# shellcheck source-path=SCRIPTDIR source=e2e-common.sh
. "$here/e2e-common.sh"
e2e_init "e2e-$mode" "work-$mode" 900 "$@"

linux="$top/.deps/linux/amd64"
kmoddir="$linux/modules"
kernel="$linux/vmlinux"
[ -f "$kernel" ] || kernel="$linux/vmlinuz"
[ -f "$kernel" ] && [ -d "$kmoddir/" ] ||
	die "Debian's amd64 kernel is not in $linux; run scripts/setup.sh"
release=$(basename "$(readlink -f "$kmoddir")")
plugin=${LFA_E2E_PLUGIN:-$build/plugins-lfa/libfu_plugin_lfa.so}
[ -f "$plugin" ] || die "the plugin $plugin is not built; run ninja -C $build"
e2e_find_mkimage
lfa_ko=$(e2e_find_ko lfa.ko)
lfa_sim_ko=$(e2e_find_ko lfa_sim.ko)
[ -n "$lfa_ko" ] && [ -f "$lfa_ko" ] || die "no lfa.ko for $release (amd64) in $build; run ninja -C $build"
[ -n "$lfa_sim_ko" ] && [ -f "$lfa_sim_ko" ] || die "no lfa_sim.ko for $release (amd64) in $build"

e2e_rootfs "" "Debian guest root file system (cached in .deps/e2e/)"
e2e_fresh_work
e2e_keys_and_cabinets

say "guest image: the e2e image with lfa-e2e-shutdown.service in place of lfa-e2e.service"
sh "$here/assemble-image.sh" "$base" "$kmoddir" "$lfa_ko" "$lfa_sim_ko" "$plugin" "$work"
# the image is built by assemble-image.sh; only the test driver differs, so
# swap it in the finished ext4 rather than build a second kind of image
lib=/usr/local/lib/lfa-e2e
units=/etc/systemd/system
e2e_image_debugfs "the shutdown test driver" <<EOF
cd $lib
write $here/guest/lfa-e2e-shutdown.sh lfa-e2e-shutdown.sh
sif lfa-e2e-shutdown.sh mode 0100755
sif lfa-e2e-shutdown.sh uid 0
sif lfa-e2e-shutdown.sh gid 0
cd $units
write $here/guest/lfa-e2e-shutdown.service lfa-e2e-shutdown.service
sif lfa-e2e-shutdown.service mode 0100644
sif lfa-e2e-shutdown.service uid 0
sif lfa-e2e-shutdown.service gid 0
cd $units/multi-user.target.wants
rm lfa-e2e.service
symlink lfa-e2e-shutdown.service $units/lfa-e2e-shutdown.service
EOF
sh "$here/make-initramfs.sh" "$kmoddir" "$work/initrd.cpio"
t2=$(now)

say "booting $release under qemu-system-x86_64 -accel tcg, then systemctl $mode (timeout ${timeout_s}s)"
e2e_run_amd64_guest "lfa_e2e.shutdown=$mode"

rmm=6c0762a6-12f2-4b56-92cb-ba8f633606d9
sp1=f07b2a96-1d47-4d17-9ec8-86a64e253e5c
case "$mode" in
reboot) last="reboot: Restarting system" ;;
poweroff) last="reboot: Power down" ;;
esac

e2e_passed() {
	tr -d '\r' <"$work/console.log" | sed -n '/lfa-e2e: systemctl /,$p' >"$work/shutdown.log"
	say "the console from the guest's marker to the end, without systemd's unit debugging:"
	grep -v -e '^ *$' -e 'systemd\[1\]: ' "$work/shutdown.log" >&2
	[ -s "$work/shutdown.log" ] || die "the guest's marker is not on the console"
	grep -qF "$last" "$work/shutdown.log" ||
		die "the $mode did not run to its end (no '$last' on the console)"
	# "(sd-executor)[248]: /usr/lib/systemd/system-shutdown/fwupd.shutdown succeeded."
	hook=$(grep -E '/system-shutdown/fwupd\.shutdown (succeeded|failed)' "$work/shutdown.log" | head -n 1)
	[ -n "$hook" ] || die "systemd-shutdown did not say that it ran fwupd's shutdown hook"
	say "the hook ran: ${hook#*]: }"
	# the plugin's notice: the hook's fwupdtool did ask it to activate
	notice=$(grep -E 'fwupdtool: lfa: .* is not activated live while the system shuts down' \
		"$work/shutdown.log" | head -n 1)
	[ -n "$notice" ] || die "no notice from the plugin: the hook did not ask it to activate"
	say "the plugin declined: ${notice#*] }"
	if grep -E "lfa_sim: prime|lfa: .*(activated ($rmm|$sp1)|($rmm|$sp1): version [^ ]+ -> )" \
		"$work/shutdown.log" >&2; then
		die "a component was activated live during the $mode"
	fi
	say "PASS: fwupd's shutdown hook ran during $mode and nothing was activated live"
}
e2e_failed() {
	:
}
e2e_conclude "$t2" "root fs $((t1 - t0)) s, keys+cabinets+image $((t2 - t1)) s"
