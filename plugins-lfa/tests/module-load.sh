#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# The stock fwupdtool loads the external module and lists the committed fake
# tree: names from the quirks and the kernel, versions, and the reasons why
# some components are not updatable.
# usage: module-load.sh MODULE TESTSDIR QUIRKSDIR
set -eu
module=$1
testsdir=$2
quirksdir=$3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/var" "$tmp/cache" "$tmp/state" "$tmp/etc"
cp -r "$testsdir/basic" "$tmp/sysfs"

export FWUPD_LIBDIR_PKG="$(dirname "$module")"
export FWUPD_SYSFSFWDIR="$tmp/sysfs"
export FWUPD_SYSFSDIR="$tmp/sysfs"
export FWUPD_DATADIR_QUIRKS="$quirksdir"
export FWUPD_LOCALSTATEDIR="$tmp/var"
export CACHE_DIRECTORY="$tmp/cache"
export STATE_DIRECTORY="$tmp/state"
export CONFIGURATION_DIRECTORY="$tmp/etc"

fwupdtool get-devices --plugins lfa --json >"$tmp/out.json" 2>"$tmp/err.txt" || {
	cat "$tmp/err.txt" >&2
	echo "FAIL: fwupdtool get-devices failed" >&2
	exit 1
}

fail=0
expect() {
	if ! grep -q -- "$1" "$tmp/out.json"; then
		echo "FAIL: fwupdtool output lacks $1" >&2
		fail=1
	fi
}
expect '"Plugin" : "lfa"'
expect '"Name" : "TF-RMM"'
expect '"Name" : "TF-A BL31"'
expect '"Name" : "Secure Partition 1"'
expect '"Name" : "Platform Controller Firmware"'
expect '"Name" : "LFA component 0509b633-5734-422f-a681-6096e932d93a"'
expect '"Version" : "1.0"'
expect '"Protocols"'
expect 'com.arm.lfa'
expect 'needs-activation'
expect 'may reset the CPUs'
expect 'not activation capable'
if grep -q 'not-a-guid' "$tmp/out.json"; then
	echo "FAIL: a non-GUID directory became a device" >&2
	fail=1
fi
ndev=$(grep -c '"Plugin" : "lfa"' "$tmp/out.json")
if [ "$ndev" != 6 ]; then
	echo "FAIL: expected 6 lfa devices, got $ndev" >&2
	fail=1
fi
if [ "$fail" != 0 ]; then
	cat "$tmp/out.json" >&2
	exit 1
fi
echo "PASS: stock fwupdtool loaded $module and listed $ndev devices"
