#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# LFA driver scenarios, run inside a testbed guest (busybox sh, any
# architecture). Prints one line per scenario: "PASS name", "FAIL name: why"
# or "SKIP name: why", then "LFA-RESULT pass=N fail=M skip=K". The first,
# "contract", runs tests/contract/lfa-contract.sh (files, modes, formats,
# errnos and agent behaviour: the same script the emulator and the arm64
# firmware are checked with) and prints its lines; the others cover what
# only a kernel has: rendezvous, uevents, notification, staging, logs.
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

# --- helpers (errno_name, wr, want*, wait_for, summary_field are shared) -----

# shellcheck source=tests/contract/lfa-sh-helpers.sh
. /lfa/lfa-sh-helpers.sh

# replace the simulated agent's scenario with stdin
load() {
	text=$(cat)
	got=$(wr "$CTL/scenario" "$text")
	[ "$got" = OK ] && return 0
	echo "scenario rejected ($got)"
	return 1
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

# the driver's budgets are module parameters with the documented defaults
t_params() {
	want "$PARAMS/prime_budget_ms" 30000 || return 1
	want "$PARAMS/activate_budget_ms" 10000 || return 1
	want_mode "$PARAMS/prime_budget_ms" 644 || return 1
	want_mode "$PARAMS/activate_budget_ms" 644 || return 1
	# the measurement aid lives in debugfs, not in the module's ABI
	[ ! -e "$PARAMS/last_rendezvous_ns" ] ||
		{ echo "last_rendezvous_ns is a module parameter"; return 1; }
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

# the device the driver is bound to, as a uevent's DEVPATH
bound_devpath() {
	for l in /sys/bus/platform/drivers/lfa/*; do
		[ -L "$l" ] || continue
		case "$(readlink "$l")" in */devices/*)
			readlink -f "$l" | sed 's|^/sys||'
			return 0
			;;
		esac
	done
	return 1
}

# one change uevent on the bound device per settled refresh, none for the
# image directories (they are not devices)
t_uevent() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=1.0 pending=1.1
component $GC capable=1 current=1.0 hidden
on_activate $GA appear $GC
EOF
	dev=$(bound_devpath) || { echo "lfa is bound to no platform device"; return 1; }
	rm -f /tmp/uevents
	uevent /lfa/uevent-log.sh &
	ue=$!
	# the listener is up once it reports a uevent we cause ourselves
	wait_for "echo change >/sys/module/lfa/uevent; grep -q ' /module/lfa ' /tmp/uevents" ||
		{ kill $ue; return 1; }
	want_wr "$LFA/$GA/activate" 1 OK || { kill $ue; return 1; }
	wait_for "[ \$(grep -c '^change $dev ' /tmp/uevents) -ge 1 ]" || { kill $ue; return 1; }
	want_wr "$LFA/$GB/activate" 1 OK || { kill $ue; return 1; }
	wait_for "[ \$(grep -c '^change $dev ' /tmp/uevents) -ge 2 ]" || { kill $ue; return 1; }
	kill $ue
	n=$(grep -c "^change $dev platform lfa\$" /tmp/uevents)
	[ "$n" = 2 ] || {
		echo "$n events 'change $dev platform lfa': $(tr '\n' ';' </tmp/uevents)"
		return 1
	}
	if grep -q '/firmware/lfa' /tmp/uevents; then
		echo "uevents for image directories: $(grep /firmware/lfa /tmp/uevents | tr '\n' ';')"
		return 1
	fi
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

# a second writer of the same activate file gets EBUSY at once (kernfs
# does not serialise writers; the FUSE emulator cannot show this)
t_same_file_busy() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
fault $GA prime stall
EOF
	budgets 5000 5000
	wr "$LFA/$GA/activate" 1 >/tmp/bg.out &
	bg=$!
	r=0
	wait_for "[ \"\$(summary_field prime)\" = started ]" || r=1
	[ $r = 1 ] || want_wr "$LFA/$GA/activate" 1 EBUSY || r=1
	if [ $r = 0 ] && ! kill -0 $bg 2>/dev/null; then
		echo "the first activation ended before EBUSY came"
		r=1
	fi
	[ $r = 1 ] || want_wr "$LFA/$GA/cancel" 1 OK || r=1
	wait $bg
	budgets 30000 10000
	[ $r = 0 ] || return 1
	want /tmp/bg.out ECANCELED || return 1
}

# the reason of a failure and every success in the kernel log, as
# docs/admin-guide.md lists them
t_log_lines() {
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 may_reset_cpu=1 current=2.0 pending=2.1
component $RMM capable=1 rendezvous=required current=3.0 pending=3.1
component $GC capable=1 current=0.0 pending=0.0
fault $GA prime status=DEVICE_ERROR once
fault $RMM activate status=CRITICAL_ERROR once
fault $GC prime stall
EOF
	dmesg -c >/dev/null
	want_wr "$LFA/$GA/activate" 1 ECANCELED || return 1
	want_wr "$LFA/$GB/activate" 1 ECANCELED || return 1
	want_wr "$LFA/$RMM/activate" 1 ECANCELED || return 1
	budgets 300 300
	got=$(wr "$LFA/$GC/activate" 1)
	budgets 30000 10000
	[ "$got" = ECANCELED ] || { echo "stalled PRIME gave $got"; return 1; }
	# after the failure and the driver's CANCEL it activates
	want_wr "$LFA/$GA/activate" 1 OK || return 1
	dmesg >/tmp/log
	for line in \
		"lfa: $GA $GA: activation failed in PRIME: LFA_DEVICE_ERROR (-6), version 1.0, pending 1.1" \
		"lfa: $GB $GB: activation failed in PRIME: may_reset_cpu images are not activated live, version 2.0, pending 2.1" \
		"lfa: TF-RMM $RMM: activation failed in ACTIVATE: LFA_CRITICAL_ERROR (-5), version 3.0, pending 3.1" \
		"lfa: TF-RMM $RMM: firmware reports a critical error: the component may provide no service until the next reset" \
		"lfa: $GC $GC: activation failed in PRIME: no answer within 300 ms, version 0.0, pending N/A" \
		"lfa: $GA $GA: version 1.0 -> 1.1"; do
		grep -qF "] $line" /tmp/log || { echo "no log line '$line'"; return 1; }
	done
}

# ACPI: the SSDT's ARML0003 device is the one lfa.ko binds to, and AML
# Notify() on it (run by lfa_acpi_kick.ko) activates the images with
# auto_activate set, and only those
t_acpi_notify() {
	kick=/sys/module/lfa_acpi_kick/parameters/notify
	[ -e /sys/bus/platform/drivers/lfa/ARML0003:00 ] ||
		{ echo "lfa is not bound to ARML0003:00"; return 1; }
	load <<EOF || return 1
component $GA capable=1 current=1.0 pending=1.1
component $GB capable=1 current=2.0 pending=2.1
component $GC capable=1 current=3.0 pending=3.1
EOF
	want_wr "$LFA/$GA/auto_activate" 1 OK || return 1
	want_wr "$LFA/$GC/auto_activate" 1 OK || return 1
	dmesg -c >/dev/null
	want_wr "$kick" 0x80 OK || return 1
	wait_for "[ \"\$(cat $LFA/$GC/current_version)\" = 3.1 ]" || return 1
	want "$LFA/$GA/current_version" 1.1 || return 1
	want "$LFA/$GB/current_version" 2.0 || return 1
	dmesg | grep -q "lfa: $GA $GA: auto-activated" ||
		{ echo "no auto-activation logged"; return 1; }
}

# an agent listing no component gives no /sys/firmware/lfa (as v3)
t_zero_components() {
	rmmod lfa_sim || { echo "rmmod lfa_sim failed"; return 1; }
	if insmod /lfa/modules/lfa_sim.ko scenario=empty 2>/dev/null; then
		[ -d "$LFA" ] && echo "$LFA exists with no components"
		rmmod lfa_sim
		insmod /lfa/modules/lfa_sim.ko
		echo "the simulated agent registered with no components"
		return 1
	fi
	[ ! -d "$LFA" ] || { echo "$LFA exists"; return 1; }
	insmod /lfa/modules/lfa_sim.ko || { echo "insmod failed"; return 1; }
	[ -d "$LFA/$RMM" ] || { echo "default scenario not listed"; return 1; }
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
	if [ "$name" = contract ]; then
		t_contract
		return 0
	fi
	if [ "$needs_sim" = acpi ] && [ ! -d /sys/module/lfa_acpi_kick ]; then
		echo "SKIP $name: no ACPI testbed device (lfa_acpi_kick.ko)"
		nskip=$((nskip + 1))
		return 0
	fi
	if [ "$needs_sim" = acpi ] && ! have_sim; then
		echo "SKIP $name: no simulated agent"
		nskip=$((nskip + 1))
		return 0
	fi
	if [ "$needs_sim" = sim ] && ! have_sim; then
		echo "SKIP $name: no simulated agent"
		nskip=$((nskip + 1))
		return 0
	fi
	# every scenario starts from an empty inventory: no settings carry over
	if [ "$needs_sim" != any ] && [ "$(wr "$CTL/scenario" "")" != OK ]; then
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

# the contract script prints its own lines; its counts join ours
t_contract() {
	out=/tmp/contract.out
	LFA_TMP=$(mktemp -d) sh /lfa/lfa-contract.sh >$out
	grep -E '^(PASS|FAIL|SKIP) ' $out
	npass=$((npass + $(grep -c '^PASS ' $out)))
	nfail=$((nfail + $(grep -c '^FAIL ' $out)))
	nskip=$((nskip + $(grep -c '^SKIP ' $out)))
	if ! grep -q '^CONTRACT-RESULT ' $out; then
		echo "FAIL contract: the script gave no result"
		nfail=$((nfail + 1))
	fi
}

if [ ! -d "$LFA" ]; then
	echo "FAIL lfa_present: $LFA does not exist"
	echo "LFA-RESULT pass=0 fail=1 skip=0"
	exit 1
fi
run contract any
run params any
run activate_rendezvous sim
run activate_optional sim
run required_not_skipped sim
run appear_vanish sim
run uevent sim
run same_file_busy sim
run log_lines sim
run acpi_notify acpi
run stage_good sim
run stage_rejected sim
run stage_protocol sim
run auto_activate sim
run scenario_rejected sim
run reload sim
run zero_components sim
run kernel_log any
echo "LFA-RESULT pass=$npass fail=$nfail skip=$nskip"
[ "$nfail" = 0 ]
