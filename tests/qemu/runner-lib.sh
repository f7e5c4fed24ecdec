# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# The QEMU runner library of every testbed (x86_64 and arm64 with the
# simulated agent, arm64 with the EL3 firmware): sourced by
# tests/qemu/run-guest.sh and tests/qemu-arm64/run-testbed.sh. POSIX sh.
#
# Every run works in its own new directory, so that two runs of the same
# suite at once (one build folder or two) never share a scratch file.

# lfa_run_workdir PARENT NAME: print a new private directory under PARENT
lfa_run_workdir() {
	mkdir -p "$1" && mktemp -d "$1/$2.XXXXXX"
}

# lfa_run_cleanup WORK STATUS: drop WORK after a success; after a failure
# keep it and say where it is
lfa_run_cleanup() {
	if [ "$2" = 0 ] && [ -z "${LFA_KEEP_WORK:-}" ]; then
		rm -rf "$1"
	else
		echo "testbed: logs and images kept in $1" >&2
	fi
}

# lfa_run_qemu LIMIT_S LOG QEMU ARG...: run QEMU (TCG: the caller passes
# -accel tcg) with no input, its output in LOG; print nothing, return its
# exit status (124: killed after LIMIT_S seconds)
lfa_run_qemu() {
	_limit=$1 _log=$2
	shift 2
	_rc=0
	timeout "$_limit" "$@" </dev/null >"$_log" 2>&1 || _rc=$?
	return "$_rc"
}

# lfa_run_need FILE...: fail with a hint when an input is missing
lfa_run_need() {
	for _f in "$@"; do
		if [ ! -f "$_f" ]; then
			echo "testbed: $_f is missing; run scripts/setup.sh and ninja" >&2
			return 1
		fi
	done
}
