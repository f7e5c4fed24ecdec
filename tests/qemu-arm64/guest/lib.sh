# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Helpers for the qemu-arm64 guest cases (busybox sh). A case prints exactly
# one verdict line through pass or fail; the host runner reads them.

LFA=/sys/firmware/lfa
FW=/sys/class/firmware
SIM=/sys/kernel/lfa_sim
# the shared helpers (wr, errno_name, summary_field, ...) read CTL
CTL=$SIM
# shellcheck source=tests/contract/lfa-sh-helpers.sh
. /arm64/lfa-sh-helpers.sh
NCPUS_PRESENT=$(cat /sys/devices/system/cpu/present)
# shellcheck disable=SC2034 # used by the cases that source this file
NCPUS=$((${NCPUS_PRESENT#*-} + 1))
CASE=${0##*/}
CASE=${CASE%.sh}

pass() {
	echo "ARM64-RESULT: $CASE PASS${1:+ ($1)}"
	exit 0
}

fail() {
	echo "ARM64-RESULT: $CASE FAIL: $*"
	dmesg | tail -n 15 | sed "s/^/ARM64-DMESG: $CASE: /"
	exit 1
}

# CPUs 0..$1 as the kernel prints them in cpu/online: "0-3", or "0"
cpus_upto() {
	if [ "$1" -eq 0 ]; then
		echo 0
	else
		echo "0-$1"
	fi
}

# expect NAME GOT WANT
expect() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

attr() {
	cat "$LFA/$1/$2" 2>/dev/null || echo "<missing>"
}

# replace the firmware's scenario from a file in /arm64/scenarios
load_scenario() {
	cat "/arm64/scenarios/$1" >"$SIM/scenario" || fail "cannot load scenario $1"
}

activate() {
	wr "$LFA/$1/activate" 1
}

# stage IMAGE GUID: upload through firmware upload; prints the error file
stage() {
	dev="$FW/lfa-$2"
	[ -d "$dev" ] || { echo "no-device"; return; }
	echo 1 >"$dev/loading" || { echo "loading-refused"; return; }
	cat "/arm64/images/$1" >"$dev/data" 2>/dev/null
	echo 0 >"$dev/loading"
	while [ "$(cat "$dev/status")" != idle ]; do
		sleep 0.1
	done
	cat "$dev/error"
}
