# shellcheck shell=sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# e2e-common.sh: sourced (POSIX sh) by run-e2e.sh and run-e2e-arm64.sh, the
# steps that do not depend on the guest's architecture. The runner sets
# `here` (its own directory) before sourcing; what it still does itself is
# what differs: the kernel, the LFA agent and its module, the QEMU machine.
#
# Sequence of a run:
#   e2e_init TAG WORKNAME TIMEOUT "$@"   arguments, say/die, work dir, root
#   e2e_find_mkimage
#   e2e_find_ko NAME                     (amd64 runners, after setting release)
#   e2e_rootfs ARCH MESSAGE              sets base, t0, t1
#   e2e_fresh_work                       clears last run's cabinets and logs
#   e2e_keys_and_cabinets
#   e2e_image_debugfs WHAT               (optional) edit work/root.ext4 after assemble-image.sh
#   e2e_run_guest QEMU ARGS...           streams (--demo) or prints the transcript
#   e2e_run_amd64_guest [WORDS]          the same for the amd64 guest
#   e2e_conclude GUEST_T0 TIMINGS        PASS: e2e_passed, exit 0; else e2e_failed, die
# The runner defines e2e_passed (its PASS line, plus any check of its own
# that may still die) and e2e_failed (extra logs shown after the console's).

# the variables set here are the runner's (SC2034), here is set by it (SC2154)
# shellcheck disable=SC2034,SC2154

say() {
	echo "$e2e_tag: $*" >&2
}
die() {
	echo "$e2e_tag: ERROR: $*" >&2
	exit 1
}
now() {
	date +%s
}

# e2e_init TAG WORKNAME TIMEOUT BUILDDIR [--demo]
# TAG prefixes every message, BUILDDIR/tests/e2e/WORKNAME holds the run,
# TIMEOUT is the guest's default budget in seconds (LFA_E2E_TIMEOUT wins).
# Sets top, build, demo, debug, work, timeout_s.
e2e_init() {
	e2e_tag=$1
	e2e_workname=$2
	e2e_timeout=$3
	shift 3
	top=$(cd "$here/../.." && pwd)
	if [ $# -lt 1 ]; then
		echo "usage: $0 BUILDDIR [--demo]" >&2
		exit 2
	fi
	build=$(cd "$1" && pwd)
	demo=0
	debug=
	[ "${2:-}" = --demo ] && demo=1
	# for a failing run: the guest sends a crashed daemon's core (see
	# guest/lfa-e2e-guest.sh); extract with sed/base64 from the transcript
	[ "${LFA_E2E_DEBUG:-0}" = 1 ] && debug=" lfa_e2e.debug=1"
	# a directory of this run's own: two runs at once (one build folder or
	# two) never share one; removed after a PASS unless LFA_KEEP_WORK=1
	mkdir -p "$build/tests/e2e"
	work=$(mktemp -d "$build/tests/e2e/$e2e_workname.XXXXXX")
	timeout_s=${LFA_E2E_TIMEOUT:-$e2e_timeout}

	[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap, and the root's file ownership)"
}

# sets mkimage: the image tool of the host build (any guest uses its images)
e2e_find_mkimage() {
	mkimage=${LFA_E2E_MKIMAGE:-$build/kernel/testbeds/tools/lfa-mkimage}
	[ -x "$mkimage" ] || die "$mkimage is not built; run ninja -C $build"
}

# e2e_find_ko NAME: the module NAME built for the guest kernel $release
# (amd64 and arm64 builds may sit side by side in the build directory)
e2e_find_ko() {
	if [ -n "${LFA_E2E_KO_DIR:-}" ]; then
		echo "$LFA_E2E_KO_DIR/$1"
		return
	fi
	find "$build" -name "$1" -type f | while read -r ko; do
		# the release names the flavour: 6.1.0-57-amd64, not -arm64
		if [ "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)" = "$release" ]; then
			echo "$ko"
			break
		fi
	done
}

# e2e_rootfs ARCH MESSAGE: the cached Debian guest root in base; ARCH is
# passed to build-rootfs.sh as LFA_E2E_ARCH, "" leaves the environment alone.
# Sets t0 (start of the run) and t1.
e2e_rootfs() {
	t0=$(now)
	say "$2"
	if [ -n "$1" ]; then
		base=$(LFA_E2E_ARCH=$1 sh "$here/build-rootfs.sh")
	else
		base=$(sh "$here/build-rootfs.sh")
	fi
	t1=$(now)
}

# the work directory without the last run's cabinets and logs (keys and
# the image are redone)
e2e_fresh_work() {
	mkdir -p "$work"
	rm -rf "$work/cabs" "$work/console.log" "$work/transcript.log"
	mkdir -p "$work/cabs"
}

# a fresh test CA and signer in work/keys, TF-RMM 1.1 signed and unsigned
e2e_keys_and_cabinets() {
	say "test-only signing key and cabinets"
	sh "$top/data/keys/make-test-keys.sh" "$work/keys"
	sh "$here/make-cabinet.sh" "$mkimage" "$work/keys" \
		6c0762a6-12f2-4b56-92cb-ba8f633606d9 1.1 TF-RMM "$work/cabs/tf-rmm-1.1.cab"
	# the same release without firmware.jcat: what OnlyTrusted=true must refuse
	sh "$here/make-cabinet.sh" "$mkimage" - \
		6c0762a6-12f2-4b56-92cb-ba8f633606d9 1.1 TF-RMM "$work/cabs/tf-rmm-1.1-unsigned.cab"
	# signed, and still refused before staging: BL31 may reset the CPUs, and
	# a testbed image with a header and no payload
	sh "$here/make-cabinet.sh" "$mkimage" "$work/keys" \
		47d4086d-4cfe-9846-9b95-2950cbbd5a00 9.9 BL31 "$work/cabs/bl31-9.9.cab"
	LFA_CAB_PAYLOAD_SIZE=0 sh "$here/make-cabinet.sh" "$mkimage" "$work/keys" \
		6c0762a6-12f2-4b56-92cb-ba8f633606d9 1.2 TF-RMM "$work/cabs/tf-rmm-1.2-header-only.cab"
}

# e2e_image_debugfs WHAT: runs the debugfs commands read from standard input
# on the finished $work/root.ext4 (write, rm, sif, symlink, ...), to swap a
# file of the image without a second kind of image or a loop mount. debugfs
# exits 0 even when a command fails and reports it on stderr after its
# banner: any such line fails the run, naming WHAT was being written.
e2e_image_debugfs() {
	cat >"$work/debugfs.cmd"
	command -v debugfs >/dev/null || die "debugfs (e2fsprogs) is missing"
	debugfs -w -f "$work/debugfs.cmd" "$work/root.ext4" >"$work/debugfs.log" 2>"$work/debugfs.err" ||
		die "debugfs could not write $1: $(cat "$work/debugfs.err")"
	if grep -v '^debugfs [0-9.]* (' "$work/debugfs.err" | grep -q .; then
		die "debugfs could not write $1: $(cat "$work/debugfs.err")"
	fi
}

# e2e_run_guest QEMU ARGS...: runs QEMU under the timeout; the guest writes
# its transcript to work/transcript.log, shown live with --demo (without the
# verdict line) or printed once QEMU ended. Sets qemu_rc and e2e_t_end.
e2e_run_guest() {
	: >"$work/transcript.log"
	timeout --foreground -k 10 "$timeout_s" "$@" &
	qemu=$!
	if [ "$demo" = 1 ]; then
		tail -n +1 -f --pid=$qemu "$work/transcript.log" | grep -v '^E2E-RESULT' || true
	fi
	qemu_rc=0
	wait $qemu || qemu_rc=$?
	e2e_t_end=$(now)

	if [ "$demo" = 0 ]; then
		tr -d '\r' <"$work/transcript.log"
	fi
}

# e2e_run_amd64_guest [WORDS]: Debian's amd64 kernel ($kernel) under TCG
# (KVM hangs here) with $work/initrd.cpio, systemd as PID 1 on the virtio
# disk $work/root.ext4, the console on ttyS0 and the test transcript on
# ttyS1; WORDS are added to the kernel command line. Output as e2e_run_guest.
e2e_run_amd64_guest() {
	e2e_run_guest qemu-system-x86_64 \
		-accel tcg -cpu max -smp 2 -m 1024 \
		-nodefaults -no-reboot -display none -monitor none -nic none \
		-kernel "$kernel" -initrd "$work/initrd.cpio" \
		-append "console=ttyS0 root=/dev/vda rw quiet loglevel=4 panic=-1 systemd.show_status=0${1:+ $1}$debug" \
		-drive "file=$work/root.ext4,format=raw,if=virtio,cache=unsafe" \
		-serial "file:$work/console.log" -serial "file:$work/transcript.log"
}

# e2e_conclude GUEST_T0 TIMINGS: TIMINGS lists the steps before the guest,
# GUEST_T0 is when the guest started. Exits: 0 on the guest's PASS (after
# e2e_passed), otherwise 1 with the guest's verdict and the console's tail.
e2e_conclude() {
	say "timings: $2, guest $((e2e_t_end - $1)) s, total $((e2e_t_end - t0)) s"
	verdict=$(tr -d '\r' <"$work/transcript.log" | grep '^E2E-RESULT:' | tail -n 1 || true)
	if [ "$verdict" = "E2E-RESULT: PASS" ]; then
		e2e_passed
		[ "${LFA_KEEP_WORK:-0}" = 1 ] || rm -rf "$work"
		exit 0
	fi
	if [ "$qemu_rc" = 124 ]; then
		say "the guest did not finish within ${timeout_s}s"
	fi
	say "console (last lines of $work/console.log):"
	tr -d '\r' <"$work/console.log" | tail -n 30 >&2
	e2e_failed
	die "${verdict:-the guest reported no result (qemu exit code $qemu_rc)}"
}
