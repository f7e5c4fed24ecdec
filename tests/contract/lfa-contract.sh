#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# The sysfs contract of the v3 LFA driver, checked the same way on every
# backend: the FUSE emulator on the host, lfa.ko with the simulated agent
# (x86_64 guest), lfa.ko with the EL3 firmware (arm64 guest). POSIX sh;
# runs unchanged under busybox sh and bash. Files, modes, formats, names,
# the errno of every write, and what the agent visibly does (CANCEL after
# every failure, so the agent is never left latched).
#
# Environment (defaults are a kernel's paths):
#   LFA_ROOT    /sys/firmware/lfa
#   LFA_CTL     /sys/kernel/lfa_sim  (scenario and notify files of the agent)
#   LFA_PARAMS  /sys/module/lfa/parameters (the driver's budgets, 0644)
#   LFA_FW      /sys/class/firmware (the firmware-upload devices lfa-<GUID>)
#   LFA_TMP     a private scratch directory (default: mktemp -d)
#   LFA_CONTRACT_TESTS  names of the checks to run (default: all)
# Prints "PASS contract/<name>", "FAIL contract/<name>: why" or
# "SKIP contract/<name>: why" per check, then
# "CONTRACT-RESULT pass=N fail=M skip=K"; exits 1 if any check failed.

LFA=${LFA_ROOT:-/sys/firmware/lfa}
CTL=${LFA_CTL:-/sys/kernel/lfa_sim}
PARAMS=${LFA_PARAMS:-/sys/module/lfa/parameters}
FW=${LFA_FW:-/sys/class/firmware}
own_tmp=
if [ -z "${LFA_TMP:-}" ]; then
	LFA_TMP=$(mktemp -d) || exit 1
	own_tmp=1
fi

GA=11111111-1111-4111-8111-111111111111
GB=22222222-2222-4222-8222-222222222222
GC=33333333-3333-4333-8333-333333333333
BL31=47d4086d-4cfe-9846-9b95-2950cbbd5a00
BL33=d6d0eea7-fcea-d54b-9782-9934f234b6e4
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9

npass=0
nfail=0
nskip=0

# --- helpers (errno_name, wr, want*, wait_for, summary_field are shared) -----

# shellcheck source=tests/contract/lfa-sh-helpers.sh
. "$(dirname "$0")/lfa-sh-helpers.sh"

# replace the agent's scenario with stdin (one write)
load() {
	cat >"$LFA_TMP/scenario"
	if ! msg=$( (cat "$LFA_TMP/scenario" >"$CTL/scenario") 2>&1); then
		echo "scenario rejected: $(errno_name "$msg")"
		return 1
	fi
}

# budgets of PRIME and ACTIVATE in ms: every backend serves the driver's
# module parameters (the emulator too), so a failed write fails the check
budgets() {
	echo "$1" >"$PARAMS/prime_budget_ms" && echo "$2" >"$PARAMS/activate_budget_ms" &&
		return 0
	echo "cannot set the budgets in $PARAMS"
	return 1
}

# --- checks ------------------------------------------------------------------

# every directory: exactly the v3 files, modes and formats
c_files() {
	load <<EOF || return 1
component $RMM capable=1 rendezvous=required current=1.2 pending=1.3
component $GA capable=1 rendezvous=optional current=0.0
EOF
	n=0
	for d in "$LFA"/*/; do
		[ -d "$d" ] || continue
		n=$((n + 1))
		files=$(cd "$d" && ls | tr '\n' ' ')
		want_files="activate activation_capable activation_pending auto_activate cancel cpu_rendezvous current_version force_cpu_rendezvous may_reset_cpu name pending_version "
		[ "$files" = "$want_files" ] || { echo "$d has: $files"; return 1; }
		for f in name current_version pending_version activation_capable \
			activation_pending may_reset_cpu cpu_rendezvous; do
			want_mode "$d$f" 444 || return 1
		done
		for f in force_cpu_rendezvous auto_activate; do
			want_mode "$d$f" 644 || return 1
		done
		for f in activate cancel; do
			want_mode "$d$f" 200 || return 1
		done
		grep -Eqx '[0-9]+\.[0-9]+' "${d}current_version" ||
			{ echo "bad ${d}current_version"; return 1; }
		grep -Eqx '[0-9]+\.[0-9]+|N/A' "${d}pending_version" ||
			{ echo "bad ${d}pending_version"; return 1; }
		for f in activation_capable activation_pending may_reset_cpu \
			cpu_rendezvous force_cpu_rendezvous auto_activate; do
			grep -Eqx '[01]' "$d$f" || { echo "bad $d$f"; return 1; }
		done
		want "${d}force_cpu_rendezvous" 1 || return 1
		want "${d}auto_activate" 0 || return 1
	done
	[ $n = 2 ] || { echo "$n image directories in $LFA, want 2"; return 1; }
}

# v3's built-in names; any other GUID shows the GUID
c_names() {
	load <<EOF || return 1
component $BL31 capable=1 may_reset_cpu=1 current=1.0
component $BL33 capable=0 current=1.0
component $RMM capable=1 current=1.0
component $GA capable=1 current=1.0
EOF
	want "$LFA/$BL31/name" "TF-A BL31 runtime" || return 1
	want "$LFA/$BL33/name" "BL33 non-secure payload" || return 1
	want "$LFA/$RMM/name" "TF-RMM" || return 1
	want "$LFA/$GA/name" "$GA" || return 1
}

# read-only values, pending_version as v3: N/A unless pending with x5 != 0
c_values() {
	load <<EOF || return 1
component $RMM capable=1 rendezvous=required current=1.2 pending=1.3
component $GA capable=1 may_reset_cpu=1 current=0.7
component $GB capable=0 rendezvous=optional current=4294967295.0
component $GC capable=1 current=0.0 pending=0.0
EOF
	want "$LFA/$RMM/current_version" 1.2 || return 1
	want "$LFA/$RMM/pending_version" 1.3 || return 1
	want "$LFA/$RMM/activation_pending" 1 || return 1
	want "$LFA/$RMM/activation_capable" 1 || return 1
	want "$LFA/$RMM/may_reset_cpu" 0 || return 1
	want "$LFA/$RMM/cpu_rendezvous" 1 || return 1
	want "$LFA/$GA/pending_version" N/A || return 1
	want "$LFA/$GA/activation_pending" 0 || return 1
	want "$LFA/$GA/may_reset_cpu" 1 || return 1
	want "$LFA/$GB/activation_capable" 0 || return 1
	want "$LFA/$GB/cpu_rendezvous" 0 || return 1
	want "$LFA/$GB/current_version" 4294967295.0 || return 1
	# pending, but the firmware gives no version (upstream TF-A)
	want "$LFA/$GC/activation_pending" 1 || return 1
	want "$LFA/$GC/pending_version" N/A || return 1
	want "$LFA/$GC/current_version" 0.0 || return 1
}

# the bool files take what kstrtobool takes, EINVAL otherwise
c_bools() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=optional current=1.0
EOF
	for f in force_cpu_rendezvous auto_activate; do
		want_wr "$LFA/$GA/$f" maybe EINVAL || return 1
		want_wr "$LFA/$GA/$f" "" EINVAL || return 1
		for v in 0 n N off; do
			want_wr "$LFA/$GA/$f" "$v" OK || return 1
			want "$LFA/$GA/$f" 0 || return 1
		done
		for v in 1 y Y on; do
			want_wr "$LFA/$GA/$f" "$v" OK || return 1
			want "$LFA/$GA/$f" 1 || return 1
		done
	done
}

# a successful activation: 0, new version, nothing pending
c_activate() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=required current=1.0 pending=1.1
component $GB capable=1 rendezvous=optional current=2.0 pending=2.1
EOF
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	want "$LFA/$GA/current_version" 1.1 || return 1
	want "$LFA/$GA/pending_version" N/A || return 1
	want "$LFA/$GA/activation_pending" 0 || return 1
	want_wr "$LFA/$GB/force_cpu_rendezvous" 0 OK || return 1
	want_wr "$LFA/$GB/activate" 1 OK || return 1
	want "$LFA/$GB/current_version" 2.1 || return 1
	# nothing pending any more: the agent refuses PRIME
	want_wr "$LFA/$GA/activate" 1 ECANCELED || return 1
}

# refused: may_reset_cpu, not activation capable; nothing left in progress
c_refused() {
	load <<EOF || return 1
component $GA capable=1 may_reset_cpu=1 current=1.0 pending=1.1
component $GB capable=0 current=1.0
component $GC capable=1 current=1.0 pending=1.1
EOF
	want_wr "$LFA/$GA/activate" 1 ECANCELED || return 1
	want "$LFA/$GA/activation_pending" 1 || return 1
	want_wr "$LFA/$GB/activate" 1 ECANCELED || return 1
	want_wr "$LFA/$GC/activate" 1 OK || return 1
}

# every agent error, from PRIME and from ACTIVATE, is ECANCELED; the
# driver CANCELs, so another component activates right after
c_errors() {
	for st in NOT_SUPPORTED AUTH_ERROR NO_MEMORY CRITICAL_ERROR \
		DEVICE_ERROR WRONG_STATE INVALID_PARAMETERS \
		COMPONENT_WRONG_STATE INVALID_ADDRESS ACTIVATION_FAILED; do
		for fn in prime activate; do
			load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=2.0 pending=2.1
fault $GA $fn status=$st once
EOF
			got=$(wr "$LFA/$GA/activate" 1)
			[ "$got" = ECANCELED ] ||
				{ echo "$fn $st gave $got, want ECANCELED"; return 1; }
			# after CRITICAL_ERROR the image may be gone: the
			# files show what the firmware now lists, whatever it is
			if [ "$st" != CRITICAL_ERROR ]; then
				want "$LFA/$GA/current_version" 1.0 || return 1
				want "$LFA/$GA/activation_pending" 1 || return 1
			fi
			got=$(wr "$LFA/$GB/activate" 1)
			[ "$got" = OK ] || {
				echo "after $fn $st another activation gave $got (agent left latched)"
				return 1
			}
		done
	done
}

# BUSY from PRIME is an error; from ACTIVATE it is retried
c_busy() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
fault $GA prime status=BUSY once
EOF
	want_wr "$LFA/$GA/activate" 1 ECANCELED || return 1
	load <<EOF || return 1
component $GA capable=1 rendezvous=required current=1.0 pending=1.1
fault $GA activate status=BUSY once
EOF
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	want "$LFA/$GA/current_version" 1.1 || return 1
}

# call_again from PRIME and ACTIVATE is followed until done
c_call_again() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=required current=1.0 pending=1.1
fault $GA prime call_again=5
fault $GA activate call_again=3
EOF
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	want "$LFA/$GA/current_version" 1.1 || return 1
}

# a PRIME or ACTIVATE that never finishes: ECANCELED after the budget, and
# the driver's CANCEL leaves the agent idle
c_budget() {
	for fn in prime activate; do
		load <<EOF || return 1
component $GA capable=1 rendezvous=required current=1.0 pending=1.1
fault $GA $fn stall
EOF
		budgets 300 300 || return 1
		got=$(wr "$LFA/$GA/activate" 1)
		budgets 30000 10000
		[ "$got" = ECANCELED ] || { echo "stalled $fn gave $got"; return 1; }
		[ "$(summary_field prime)" = none ] ||
			{ echo "after $fn: agent PRIME state $(summary_field prime)"; return 1; }
		[ "$(summary_field activation)" = idle ] ||
			{ echo "after $fn: agent still activating"; return 1; }
		want "$LFA/$GA/current_version" 1.0 || return 1
	done
}

# a second writer while an activation runs gets EBUSY at once (to another
# image's file: FUSE in libfuse 3.14 serialises writes to one file, so the
# emulator cannot show a second writer of the same file EBUSY; the kernel
# guest checks that in tests/qemu/lfa-tests.sh, "same_file_busy")
c_concurrent() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=1.0 pending=1.1
fault $GA prime stall
EOF
	budgets 5000 5000 || return 1
	wr "$LFA/$GA/activate" 1 >"$LFA_TMP/bg.out" &
	bg=$!
	r=0
	wait_for "[ \"\$(summary_field prime)\" = started ]" || r=1
	[ $r = 1 ] || want_wr "$LFA/$GB/activate" 1 EBUSY || r=1
	# answered while the first writer still runs: nobody waited
	if [ $r = 0 ] && ! kill -0 $bg 2>/dev/null; then
		echo "the first activation ended before EBUSY came"
		r=1
	fi
	# reads stay possible during an activation
	[ $r = 1 ] || want "$LFA/$GB/current_version" 1.0 || r=1
	[ $r = 1 ] || want_wr "$LFA/$GA/cancel" 1 OK || r=1
	wait $bg
	budgets 30000 10000
	[ $r = 0 ] || return 1
	want "$LFA_TMP/bg.out" ECANCELED || return 1
}

# cancel: refused (nothing in progress; another component's PRIME) with
# EINVAL, accepted during the component's own PRIME
c_cancel() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=1.0 pending=1.1
fault $GA prime stall
EOF
	# TF-A: CANCEL with nothing in progress is INVALID_PARAMETERS
	want_wr "$LFA/$GA/cancel" 1 EINVAL || return 1
	budgets 5000 5000 || return 1
	wr "$LFA/$GA/activate" 1 >"$LFA_TMP/bg.out" &
	bg=$!
	r=0
	wait_for "[ \"\$(summary_field prime)\" = started ]" || r=1
	[ $r = 1 ] || want_wr "$LFA/$GB/cancel" 1 EINVAL || r=1
	[ $r = 1 ] || want_wr "$LFA/$GA/cancel" 1 OK || r=1
	wait $bg
	budgets 30000 10000
	[ $r = 0 ] || return 1
	want "$LFA_TMP/bg.out" ECANCELED || return 1
}

# an image no longer listed: once its directory is gone, writes through
# descriptors opened before fail with ENODEV (kernfs answers for a removed
# file; v3's -ENOENT from cancel exists only until the directory goes)
c_vanished() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=1.0 pending=1.1
EOF
	exec 8>"$LFA/$GB/activate"
	exec 9>"$LFA/$GB/cancel"
	load <<EOF || { exec 8>&- 9>&-; return 1; }
component $GA capable=1 current=1.0 pending=1.1
EOF
	wait_for "[ ! -d $LFA/$GB ]" || { exec 8>&- 9>&-; return 1; }
	m8=$( (echo 1 >&8) 2>&1) && m8=OK
	m9=$( (echo 1 >&9) 2>&1) && m9=OK
	exec 8>&- 9>&-
	[ "$(errno_name "$m8")" = ENODEV ] ||
		{ echo "activate of a vanished image: $m8"; return 1; }
	[ "$(errno_name "$m9")" = ENODEV ] ||
		{ echo "cancel of a vanished image: $m9"; return 1; }
	want_wr "$LFA/$GA/activate" 1 OK || return 1
}

# --- runner ----------------------------------------------------------------

run() {
	name=$1
	if [ -n "${LFA_CONTRACT_TESTS:-}" ]; then
		case " $LFA_CONTRACT_TESTS " in *" $name "*) ;; *) return 0 ;; esac
	fi
	if reason=$("c_$name" 2>&1); then
		echo "PASS contract/$name"
		npass=$((npass + 1))
	else
		echo "FAIL contract/$name: $(echo "$reason" | tail -n 1)"
		nfail=$((nfail + 1))
	fi
}

# the firmware-upload files of a component (where fwupd stages images):
# modes as in the kernel's firmware loader; data reads back what arrived,
# and only while an upload is received
c_upload() {
	load <<EOF || return 1
component $GA capable=1 current=1.0
EOF
	up=$FW/lfa-$GA
	wait_for "[ -d $up ]" || return 1
	for f in loading:644 data:644 status:444 error:444 remaining_size:444 cancel:200; do
		want_mode "$up/${f%%:*}" "${f#*:}" || return 1
	done
	want "$up/status" idle || return 1
	m=$( (cat "$up/data" >/dev/null) 2>&1) && m=OK
	[ "$(errno_name "$m")" = ENODEV ] || { echo "reading data while idle: $m"; return 1; }
	want_wr "$up/loading" 1 OK || return 1
	printf 'abc' >"$up/data" || { echo "writing to data failed"; return 1; }
	want "$up/status" receiving || return 1
	want "$up/data" abc || return 1
	want_wr "$up/loading" -1 OK || return 1
	wait_for "[ \"\$(cat $up/status)\" = idle ]" || return 1
}

if [ ! -d "$LFA" ] || [ ! -w "$CTL/scenario" ]; then
	echo "SKIP contract: needs $LFA and a scenario file at $CTL/scenario"
	echo "CONTRACT-RESULT pass=0 fail=0 skip=1"
	exit 0
fi
for c in files names values bools activate refused errors busy call_again \
	budget concurrent cancel vanished upload; do
	run $c
done
[ -n "$own_tmp" ] && rm -rf "$LFA_TMP"
echo "CONTRACT-RESULT pass=$npass fail=$nfail skip=$nskip"
[ "$nfail" = 0 ]
