#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Run the sysfs contract (lfa-contract.sh, unchanged) against the FUSE
# emulator: mount it in a private directory, point the script at it. The
# emulator serves the driver's module parameters (module/lfa/parameters) as
# the kernel does, so the checks set the budgets they need, here as in the
# guests.
#   run-emulator.sh EMULATOR
# Exit 77 (skip) without /dev/fuse or fusermount3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
emu=$1
if [ ! -c /dev/fuse ] || ! command -v fusermount3 >/dev/null; then
	echo "SKIP: no /dev/fuse or no fusermount3 (package fuse3)"
	exit 77
fi
tmp=$(mktemp -d)
mnt=$tmp/mnt
mkdir -p "$mnt" "$tmp/scratch"
pid=
cleanup() {
	if [ -n "$pid" ]; then
		fusermount3 -u "$mnt" 2>/dev/null || true
		wait "$pid" || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# one component to start with: v3 refuses an agent that lists none
printf 'component 6c0762a6-12f2-4b56-92cb-ba8f633606d9 capable=1 current=1.0\n' \
	>"$tmp/boot.lfa"
"$emu" --root "$mnt" --scenario "$tmp/boot.lfa" --cpus 2 --foreground \
	>"$tmp/emu.out" 2>"$tmp/emu.log" &
pid=$!
i=0
until grep -q '^ready$' "$tmp/emu.out" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "emulator did not start:" >&2
		cat "$tmp/emu.log" >&2
		exit 1
	fi
	sleep 0.1
done

rc=0
LFA_ROOT=$mnt/firmware/lfa LFA_CTL=$mnt/kernel/lfa_sim \
	LFA_PARAMS=$mnt/module/lfa/parameters LFA_FW=$mnt/class/firmware LFA_TMP=$tmp/scratch \
	bash "$here/lfa-contract.sh" || rc=$?
exit $rc
