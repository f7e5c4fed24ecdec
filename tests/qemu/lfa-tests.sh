#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# LFA driver scenarios, run inside a testbed guest (busybox sh, any
# architecture). Prints one line per scenario: "PASS name", "FAIL name: why"
# or "SKIP name: why", then "LFA-RESULT pass=N fail=M skip=K".
#
# Scenarios that need a particular inventory load it through the simulated
# agent's control file /sys/kernel/lfa_sim/scenario; where that file is
# absent (a real agent, e.g. EL3 firmware on arm64) they are skipped and
# only the ABI checks of whatever inventory exists run. Staging images come
# from /lfa/images (see images.list). LFA_TESTS="name ..." runs a subset.

LFA=/sys/firmware/lfa
CTL=/sys/kernel/lfa_sim
FW=/sys/class/firmware
PARAMS=/sys/module/lfa/parameters
IMAGES=/lfa/images

GA=11111111-1111-4111-8111-111111111111
GB=22222222-2222-4222-8222-222222222222
GC=33333333-3333-4333-8333-333333333333
GD=44444444-4444-4444-8444-444444444444
GE=55555555-5555-4555-8555-555555555555
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9

npass=0
nfail=0
nskip=0

# --- helpers (each prints a reason and returns 1 on a mismatch) -----------

# errno name of a failed write, from the shell's strerror() message
errno_name() {
	case "$1" in
	*"Device or resource busy"*) echo EBUSY ;;
	*"Operation canceled"*) echo ECANCELED ;;
	*"Invalid argument"*) echo EINVAL ;;
	*"Cannot allocate memory"*) echo ENOMEM ;;
	*"Operation not supported"*) echo EOPNOTSUPP ;;
	*"Connection timed out"*) echo ETIMEDOUT ;;
	*"No such device"*) echo ENODEV ;;
	*"No such file or directory"*) echo ENOENT ;;
	*"Permission denied"*) echo EACCES ;;
	*"File too large"*) echo EFBIG ;;
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
	echo "writing '$2' to $1 gave $got, want $3"
	return 1
}

want_mode() {
	got=$(stat -c %a "$1" 2>&1)
	[ "$got" = "$2" ] && return 0
	echo "mode of $1 is $got, want $2"
	return 1
}

# wait up to 5 s for a condition (a shell command line)
wait_for() {
	i=0
	while ! eval "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -ge 50 ] && { echo "timed out waiting for: $1"; return 1; }
		sleep 0.1
	done
}

# replace the simulated agent's scenario with stdin
load() {
	text=$(cat)
	got=$(wr "$CTL/scenario" "$text")
	[ "$got" = OK ] && return 0
	echo "scenario rejected ($got)"
	return 1
}

summary_field() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$CTL/scenario"
}

# stage image $2 through the upload directory of GUID $1; prints "error"
stage() {
	up=$FW/lfa-$1
	[ -d "$up" ] || { echo "no $up"; return 1; }
	wr "$up/loading" 1 >/dev/null
	cat "$IMAGES/$2.img" >"$up/data" || { echo "data write failed"; return 1; }
	wr "$up/loading" 0 >/dev/null
	wait_for "[ \"\$(cat $up/status)\" = idle ]" >/dev/null || {
		echo "status stuck at $(cat "$up/status")"
		return 1
	}
	echo "error='$(cat "$up/error")'"
}

have_sim() {
	[ -w "$CTL/scenario" ]
}

# set both budgets (ms)
budgets() {
	echo "$1" >"$PARAMS/prime_budget_ms"
	echo "$2" >"$PARAMS/activate_budget_ms"
}

# --- scenarios -------------------------------------------------------------

# every directory has exactly the v3 file set, modes and formats
t_abi_files() {
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
	[ $n -gt 0 ] || { echo "no image directories in $LFA"; return 1; }
}

# the driver's budgets are module parameters with the documented defaults
t_params() {
	want "$PARAMS/prime_budget_ms" 30000 || return 1
	want "$PARAMS/activate_budget_ms" 10000 || return 1
	want_mode "$PARAMS/prime_budget_ms" 644 || return 1
	want_mode "$PARAMS/activate_budget_ms" 644 || return 1
	want_mode "$PARAMS/last_rendezvous_ns" 444 || return 1
}

# values of every read-only file match the inventory
t_abi_values() {
	load <<EOF || return 1
component $RMM capable=1 rendezvous=required current=1.2 pending=1.3
component $GB capable=1 may_reset_cpu=1 current=0.7
component $GC capable=0 rendezvous=optional current=4294967295.0
EOF
	want "$LFA/$RMM/name" TF-RMM || return 1
	want "$LFA/$GB/name" "$GB" || return 1
	want "$LFA/$RMM/current_version" 1.2 || return 1
	want "$LFA/$RMM/pending_version" 1.3 || return 1
	want "$LFA/$RMM/activation_pending" 1 || return 1
	want "$LFA/$RMM/activation_capable" 1 || return 1
	want "$LFA/$RMM/may_reset_cpu" 0 || return 1
	want "$LFA/$RMM/cpu_rendezvous" 1 || return 1
	want "$LFA/$GB/pending_version" N/A || return 1
	want "$LFA/$GB/activation_pending" 0 || return 1
	want "$LFA/$GB/may_reset_cpu" 1 || return 1
	want "$LFA/$GC/activation_capable" 0 || return 1
	want "$LFA/$GC/cpu_rendezvous" 0 || return 1
	want "$LFA/$GC/current_version" 4294967295.0 || return 1
}

# the admin settings accept booleans only and keep their value
t_settings() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=optional current=1.0
EOF
	want_wr "$LFA/$GA/force_cpu_rendezvous" maybe EINVAL || return 1
	want_wr "$LFA/$GA/force_cpu_rendezvous" 0 OK || return 1
	want "$LFA/$GA/force_cpu_rendezvous" 0 || return 1
	want_wr "$LFA/$GA/auto_activate" y OK || return 1
	want "$LFA/$GA/auto_activate" 1 || return 1
	want_wr "$LFA/$GA/auto_activate" 0 OK || return 1
	# settings belong to the GUID and survive an inventory refresh
	echo 1 >"$CTL/notify"
	sleep 0.3
	want "$LFA/$GA/force_cpu_rendezvous" 0 || return 1
}

# activation with a required rendezvous: every CPU enters the pen
t_activate_rendezvous() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=required current=1.0 pending=1.1
EOF
	before=$(summary_field rendezvous_rounds)
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	want "$LFA/$GA/current_version" 1.1 || return 1
	want "$LFA/$GA/pending_version" N/A || return 1
	want "$LFA/$GA/activation_pending" 0 || return 1
	after=$(summary_field rendezvous_rounds)
	[ "$after" = $((before + 1)) ] ||
		{ echo "rendezvous rounds $before -> $after"; return 1; }
	dmesg | grep -q "$GA: 1 rendezvous round(s) on $(nproc) CPUs" ||
		{ echo "no rendezvous on $(nproc) CPUs in the log"; return 1; }
}

# optional rendezvous: skipped only when the admin opts out
t_activate_optional() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=optional current=1.0 pending=1.1
component $GB capable=1 rendezvous=optional current=1.0 pending=1.1
EOF
	r0=$(summary_field rendezvous_rounds)
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	r1=$(summary_field rendezvous_rounds)
	[ "$r1" = $((r0 + 1)) ] ||
		{ echo "force=1 but no rendezvous ($r0 -> $r1)"; return 1; }
	want_wr "$LFA/$GB/force_cpu_rendezvous" 0 OK || return 1
	want_wr "$LFA/$GB/activate" 1 OK || return 1
	r2=$(summary_field rendezvous_rounds)
	[ "$r2" = "$r1" ] || { echo "force=0 but rendezvous ($r1 -> $r2)"; return 1; }
	want "$LFA/$GB/current_version" 1.1 || return 1
}

# the driver never skips a required rendezvous, whatever the admin says
t_required_not_skipped() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=required current=1.0 pending=1.1
EOF
	want_wr "$LFA/$GA/force_cpu_rendezvous" 0 OK || return 1
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	want "$LFA/$GA/current_version" 1.1 || return 1
}

# refused before any call: may_reset_cpu, not activation capable
t_refused() {
	load <<EOF || return 1
component $GA capable=1 may_reset_cpu=1 current=1.0 pending=1.1
component $GB capable=0 current=1.0
fault $GA prime status=DEVICE_ERROR always
EOF
	# the PRIME fault would turn a call into ECANCELED: EINVAL proves none
	want_wr "$LFA/$GA/activate" 1 EINVAL || return 1
	want "$LFA/$GA/activation_pending" 1 || return 1
	want_wr "$LFA/$GB/activate" 1 EINVAL || return 1
}

# every agent status maps through the errno contract
t_status_map() {
	for pair in NOT_SUPPORTED:EOPNOTSUPP BUSY:EBUSY AUTH_ERROR:ECANCELED \
		NO_MEMORY:ENOMEM CRITICAL_ERROR:ECANCELED \
		DEVICE_ERROR:ECANCELED WRONG_STATE:ECANCELED \
		INVALID_PARAMETERS:EINVAL COMPONENT_WRONG_STATE:ECANCELED \
		INVALID_ADDRESS:ECANCELED ACTIVATION_FAILED:ECANCELED; do
		st=${pair%%:*}
		err=${pair#*:}
		for fn in prime activate; do
			load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
fault $GA $fn status=$st once
EOF
			got=$(wr "$LFA/$GA/activate" 1)
			[ "$got" = "$err" ] ||
				{ echo "$fn $st gave $got, want $err"; return 1; }
			# the previous firmware keeps running
			want "$LFA/$GA/current_version" 1.0 || return 1
			want "$LFA/$GA/activation_pending" 1 || return 1
		done
	done
}

# PRIME and ACTIVATE answering call_again a few times still succeed
t_call_again() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=required current=1.0 pending=1.1
fault $GA prime call_again=5
fault $GA activate call_again=3
EOF
	r0=$(summary_field rendezvous_rounds)
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	want "$LFA/$GA/current_version" 1.1 || return 1
	r1=$(summary_field rendezvous_rounds)
	[ "$r1" = $((r0 + 4)) ] ||
		{ echo "want 4 rendezvous rounds, got $((r1 - r0))"; return 1; }
}

# a PRIME that never finishes: CANCEL after the budget, ETIMEDOUT
t_prime_stall() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
fault $GA prime stall
EOF
	budgets 300 300
	got=$(wr "$LFA/$GA/activate" 1)
	budgets 30000 10000
	[ "$got" = ETIMEDOUT ] || { echo "stalled PRIME gave $got"; return 1; }
	dmesg | grep -q "PRIME of $GA still busy after 300 ms" ||
		{ echo "no budget message"; return 1; }
	# the driver's CANCEL reset the agent
	[ "$(summary_field prime)" = none ] ||
		{ echo "agent PRIME state $(summary_field prime)"; return 1; }
	want "$LFA/$GA/current_version" 1.0 || return 1
}

# an ACTIVATE that never finishes (with rendezvous): ETIMEDOUT
t_activate_stall() {
	load <<EOF || return 1
component $GA capable=1 rendezvous=required current=1.0 pending=1.1
fault $GA activate stall
EOF
	budgets 300 300
	got=$(wr "$LFA/$GA/activate" 1)
	budgets 30000 10000
	[ "$got" = ETIMEDOUT ] || { echo "stalled ACTIVATE gave $got"; return 1; }
	dmesg | grep -q "ACTIVATE of $GA still busy after 300 ms" ||
		{ echo "no budget message"; return 1; }
	[ "$(summary_field activation)" = idle ] ||
		{ echo "agent still activating after CANCEL"; return 1; }
	want "$LFA/$GA/current_version" 1.0 || return 1
}

# a second activation while one runs gets EBUSY; cancel rules meanwhile
t_concurrent_and_cancel() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=1.0 pending=1.1
fault $GA prime stall
EOF
	budgets 2000 10000
	wr "$LFA/$GA/activate" 1 >/tmp/bg.out &
	bg=$!
	wait_for "[ \"\$(summary_field prime)\" = started ]" || return 1
	want_wr "$LFA/$GB/activate" 1 EBUSY || return 1
	want_wr "$LFA/$GA/activate" 1 EBUSY || return 1
	# reading stays possible during an activation
	want "$LFA/$GB/current_version" 1.0 || return 1
	# the agent refuses to cancel another component's PRIME
	want_wr "$LFA/$GB/cancel" 1 EINVAL || return 1
	# cancelling the stalled PRIME is accepted
	want_wr "$LFA/$GA/cancel" 1 OK || return 1
	wait $bg
	budgets 30000 10000
	want /tmp/bg.out ETIMEDOUT || return 1
	# with nothing in progress both activate again
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
fault $GA cancel status=BUSY once
EOF
	want_wr "$LFA/$GA/cancel" 1 EINVAL || return 1
	want_wr "$LFA/$GA/cancel" 1 OK || return 1
	want_wr "$LFA/$GA/activate" 1 OK || return 1
}

# after an activation components vanish and appear, seq ids renumbered
t_appear_vanish() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=2.0
component $GC capable=1 current=3.0 pending=3.1 hidden
component $GE capable=1 current=5.0 pending=5.1
on_activate $GA vanish $GB
on_activate $GA appear $GC
on_activate $GC appear $GB
EOF
	[ ! -d "$LFA/$GC" ] || { echo "hidden $GC is listed"; return 1; }
	want_wr "$LFA/$GB/auto_activate" 1 OK || return 1
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	wait_for "[ ! -d $LFA/$GB ]" || return 1
	[ -d "$LFA/$GC" ] || { echo "$GC did not appear"; return 1; }
	want "$LFA/$GC/current_version" 3.0 || return 1
	# $GE moved from seq id 2 to 1 (or 2): it must still be itself
	want "$LFA/$GE/current_version" 5.0 || return 1
	want_wr "$LFA/$GE/activate" 1 OK || return 1
	want "$LFA/$GE/current_version" 5.1 || return 1
	want_wr "$LFA/$GC/activate" 1 OK || return 1
	want "$LFA/$GC/current_version" 3.1 || return 1
	# $GB comes back under its old name, as a new image
	[ -d "$LFA/$GB" ] || { echo "$GB did not come back"; return 1; }
	want "$LFA/$GB/auto_activate" 0 || return 1
	want "$LFA/$GB/current_version" 2.0 || return 1
}

# a component vanishing while its directory is open: ENODEV, no crash
t_vanished_enodev() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=1.0 pending=1.1
on_activate $GA vanish $GA
EOF
	exec 7<"$LFA/$GB/current_version"
	exec 8>"$LFA/$GB/activate"
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	wait_for "[ ! -d $LFA/$GA ]" || return 1
	load <<EOF || return 1
component $GC capable=1 current=1.0
EOF
	# the old file descriptor of a vanished image answers ENODEV
	if got=$(cat <&7 2>&1); then
		echo "read of a vanished image gave '$got'"
		exec 7<&-
		return 1
	fi
	exec 7<&-
	# and so does activating it through a descriptor opened before
	if msg=$( (echo 1 >&8) 2>&1); then
		echo "activate of a vanished image succeeded"
		exec 8>&-
		return 1
	fi
	exec 8>&-
	[ "$(errno_name "$msg")" = ENODEV ] ||
		{ echo "activate of a vanished image: $msg"; return 1; }
	[ -d "$LFA/$GC" ] && [ ! -d "$LFA/$GB" ] ||
		{ echo "directories do not match the new scenario"; return 1; }
}

# a change uevent for every image after each refresh, add and remove for
# images that appear and vanish
t_uevent() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=1.0
component $GC capable=1 current=1.0 hidden
component $GE capable=1 current=1.0
on_activate $GA appear $GC
on_activate $GA vanish $GE
EOF
	rm -f /tmp/uevents
	uevent /lfa/uevent-log.sh &
	ue=$!
	sleep 0.5
	want_wr "$LFA/$GA/activate" 1 OK || { kill $ue; return 1; }
	sleep 0.5
	kill $ue
	for ev in "change $GA" "change $GB" "add $GC" "change $GC" "remove $GE"; do
		grep -q "^${ev% *} /firmware/lfa/${ev#* }\$" /tmp/uevents || {
			echo "no $ev uevent: $(tr '\n' ' ' </tmp/uevents 2>&1)"
			return 1
		}
	done
}

# staging a good image through firmware upload makes it pending
t_stage_good() {
	load <<EOF || return 1
component $GD capable=1 current=1.0
EOF
	got=$(stage "$GD" good) || { echo "$got"; return 1; }
	[ "$got" = "error=''" ] || { echo "good image: $got"; return 1; }
	want "$FW/lfa-$GD/remaining_size" 0 || return 1
	want "$LFA/$GD/activation_pending" 1 || return 1
	want "$LFA/$GD/pending_version" 2.0 || return 1
	want_wr "$LFA/$GD/activate" 1 OK || return 1
	want "$LFA/$GD/current_version" 2.0 || return 1
}

# rejected images: error file names the reason, nothing is staged
t_stage_rejected() {
	load <<EOF || return 1
component $GA capable=1 current=1.0
component $GD capable=1 current=1.0
EOF
	for case in forA:preparing:firmware-invalid \
		trunc:programming:invalid-file-size \
		badcrc:programming:firmware-invalid \
		unknown:preparing:firmware-invalid; do
		img=${case%%:*}
		err=${case#*:}
		got=$(stage "$GD" "$img") || { echo "$got"; return 1; }
		[ "$got" = "error='$err'" ] ||
			{ echo "$img: $got, want $err"; return 1; }
		want "$LFA/$GD/activation_pending" 0 || return 1
		want "$LFA/$GA/activation_pending" 0 || return 1
	done
	# an injected platform fault comes back as its upload error
	load <<EOF || return 1
component $GD capable=1 current=1.0
fault $GD stage status=busy once
EOF
	got=$(stage "$GD" good)
	[ "$got" = "error='programming:busy'" ] || { echo "busy: $got"; return 1; }
	want "$LFA/$GD/activation_pending" 0 || return 1
}

# upload protocol: cancel while receiving, data outside loading
t_stage_protocol() {
	load <<EOF || return 1
component $GD capable=1 current=1.0
EOF
	up=$FW/lfa-$GD
	want "$up/status" idle || return 1
	want_wr "$up/cancel" 1 ENODEV || return 1
	want_wr "$up/loading" 1 OK || return 1
	want "$up/status" receiving || return 1
	cat "$IMAGES/good.img" >"$up/data" || return 1
	want_wr "$up/cancel" 1 OK || return 1
	want "$up/status" idle || return 1
	want "$up/error" receiving:user-abort || return 1
	want "$LFA/$GD/activation_pending" 0 || return 1
	if cat "$IMAGES/good.img" >"$up/data" 2>/dev/null; then
		echo "data accepted while not loading"
		return 1
	fi
}

# auto_activate: a staged image activates itself on the notification
t_auto_activate() {
	load <<EOF || return 1
component $GD capable=1 rendezvous=required current=1.0
EOF
	want_wr "$LFA/$GD/auto_activate" 1 OK || return 1
	got=$(stage "$GD" good) || { echo "$got"; return 1; }
	wait_for "[ \"\$(cat $LFA/$GD/current_version)\" = 2.0 ]" || return 1
	want "$LFA/$GD/activation_pending" 0 || return 1
	# the notify control file alone triggers it for a pending image
	want_wr "$LFA/$GD/auto_activate" 0 OK || return 1
	got=$(stage "$GD" auto) || { echo "$got"; return 1; }
	sleep 0.5
	want "$LFA/$GD/current_version" 2.0 || return 1
	want_wr "$LFA/$GD/auto_activate" 1 OK || return 1
	want_wr "$CTL/notify" 1 OK || return 1
	wait_for "[ \"\$(cat $LFA/$GD/current_version)\" = 3.0 ]" || return 1
}

# a bad scenario is refused and changes nothing
t_scenario_rejected() {
	load <<EOF || return 1
component $GA capable=1 current=1.0
EOF
	got=$(wr "$CTL/scenario" "component not-a-guid capable=1")
	[ "$got" = EINVAL ] || { echo "bad scenario gave $got"; return 1; }
	[ -d "$LFA/$GA" ] || { echo "$GA vanished"; return 1; }
	want "$LFA/$GA/current_version" 1.0 || return 1
}

# unloading the agent removes the tree; loading it again restores it
t_reload() {
	rmmod lfa_sim || { echo "rmmod lfa_sim failed"; return 1; }
	[ ! -d "$LFA" ] || { echo "$LFA still exists"; return 1; }
	[ ! -d "$FW/lfa-$RMM" ] || { echo "upload directory left behind"; return 1; }
	insmod /lfa/modules/lfa_sim.ko || { echo "insmod failed"; return 1; }
	[ -d "$LFA/$RMM" ] || { echo "default scenario not listed"; return 1; }
	want "$LFA/$RMM/name" TF-RMM || return 1
}

# nothing above made the kernel warn, oops or complain about sysfs names
t_kernel_log() {
	bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|cannot create duplicate|list_(add|del) corruption|refcount_t:' | head -n 3)
	[ -z "$bad" ] && return 0
	echo "kernel log: $bad" | tr '\n' ' '
	return 1
}

# --- runner ----------------------------------------------------------------

run() {
	name=$1
	needs_sim=$2
	if [ -n "${LFA_TESTS:-}" ]; then
		case " $LFA_TESTS " in *" $name "*) ;; *) return 0 ;; esac
	fi
	if [ "$needs_sim" = sim ] && ! have_sim; then
		echo "SKIP $name: no simulated agent"
		nskip=$((nskip + 1))
		return 0
	fi
	# every scenario starts from an empty inventory: no settings carry over
	if [ "$needs_sim" = sim ] && [ "$(wr "$CTL/scenario" "")" != OK ]; then
		echo "FAIL $name: cannot load an empty scenario"
		nfail=$((nfail + 1))
		return 0
	fi
	if reason=$("t_$name" 2>&1); then
		echo "PASS $name"
		npass=$((npass + 1))
	else
		echo "FAIL $name: $(echo "$reason" | tail -n 1)"
		nfail=$((nfail + 1))
	fi
}

if [ ! -d "$LFA" ]; then
	echo "FAIL lfa_present: $LFA does not exist"
	echo "LFA-RESULT pass=0 fail=1 skip=0"
	exit 1
fi
run abi_files any
run params any
run abi_values sim
run settings sim
run activate_rendezvous sim
run activate_optional sim
run required_not_skipped sim
run refused sim
run status_map sim
run call_again sim
run prime_stall sim
run activate_stall sim
run concurrent_and_cancel sim
run appear_vanish sim
run vanished_enodev sim
run uevent sim
run stage_good sim
run stage_rejected sim
run stage_protocol sim
run auto_activate sim
run scenario_rejected sim
run reload sim
run kernel_log any
echo "LFA-RESULT pass=$npass fail=$nfail skip=$nskip"
[ "$nfail" = 0 ]
