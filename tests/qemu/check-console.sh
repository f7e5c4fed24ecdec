#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Judge a testbed guest's serial log: print the scenario lines, exit 0 only
# if the guest finished, no line says FAIL and (in tests mode) the result
# line reports no failure.
#   check-console.sh LOG MODE QEMU_EXIT_STATUS TIMEOUT_S
set -eu
log=$1 mode=$2 rc=$3 limit=$4

# the scenario lines, without the console's carriage returns
tr -d '\r' <"$log" | grep -aE '^(PASS|FAIL|SKIP|BENCH|LFA-)' || true
if [ "$rc" = 124 ]; then
	echo "testbed: QEMU timed out after ${limit}s; log: $log" >&2
	exit 1
fi
if ! tr -d '\r' <"$log" | grep -aq '^LFA-GUEST-DONE'; then
	echo "testbed: the guest did not finish (QEMU exit $rc); log: $log" >&2
	tr -d '\r' <"$log" | tail -n 40 >&2
	exit 1
fi
if tr -d '\r' <"$log" | grep -aq '^FAIL'; then
	exit 1
fi
if [ "$mode" = tests ] && ! tr -d '\r' <"$log" | grep -aq '^LFA-RESULT .* fail=0 '; then
	echo "testbed: no result line; log: $log" >&2
	exit 1
fi
exit 0
