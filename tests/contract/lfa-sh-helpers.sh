# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
# shellcheck shell=sh
#
# Shell helpers shared by every script that checks the LFA sysfs ABI: the
# contract (lfa-contract.sh, on the emulator and in both guests), the x86_64
# guest scenarios (tests/qemu/lfa-tests.sh) and the arm64 guest cases
# (tests/qemu-arm64/guest/lib.sh). POSIX sh: busybox sh and bash. Sourced,
# never run; the caller sets LFA (the sysfs root) and, for summary_field,
# CTL (the agent's control directory). Each want* helper prints a reason and
# returns 1 on a mismatch.

# the errno name of a failed write, from the shell's strerror() text (glibc
# and musl spell some of them differently, hence the partial matches)
errno_name() {
	case "$1" in
	*"resource busy"*) echo EBUSY ;;
	*"peration canceled"* | *"peration cancelled"*) echo ECANCELED ;;
	*"nvalid argument"*) echo EINVAL ;;
	*"Cannot allocate memory"* | *"Out of memory"*) echo ENOMEM ;;
	*"not supported"*) echo EOPNOTSUPP ;;
	*"timed out"*) echo ETIMEDOUT ;;
	*"No such device"*) echo ENODEV ;;
	*"No such file"*) echo ENOENT ;;
	*"Permission denied"*) echo EACCES ;;
	*"File too large"*) echo EFBIG ;;
	*"Read-only"*) echo EROFS ;;
	*) echo "ERR($1)" ;;
	esac
}

# write $2 to $1 in one write(); prints OK or the errno name
wr() {
	if msg=$( (echo "$2" >"$1") 2>&1); then
		echo OK
	else
		errno_name "$msg"
	fi
}

want() {
	got=$(cat "$1" 2>&1)
	[ "$got" = "$2" ] && return 0
	echo "$1 is '$got', want '$2'"
	return 1
}

want_wr() {
	got=$(wr "$1" "$2")
	[ "$got" = "$3" ] && return 0
	echo "writing '$2' to ${1#"$LFA"/} gave $got, want $3"
	return 1
}

want_mode() {
	got=$(stat -c %a "$1" 2>&1)
	[ "$got" = "$2" ] && return 0
	echo "mode of $1 is $got, want $2"
	return 1
}

# wait up to 10 s for a condition (a shell command line); a condition, not a
# time, ends the wait: 10 s only bounds how long a failure takes to show
wait_for() {
	i=0
	while ! eval "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -ge 100 ] && { echo "timed out waiting for: $1"; return 1; }
		sleep 0.1
	done
}

# a key=value field of the agent's scenario summary line
summary_field() {
	tr ' ' '\n' <"$CTL/scenario" | sed -n "s/^$1=//p"
}
