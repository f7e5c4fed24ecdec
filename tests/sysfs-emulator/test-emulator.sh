#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Mounts lfa-sysfs-emulator and checks what is the emulator's own: its tree
# and control files, firmware upload, inventory changes, older ABIs, scale
# and its command line. The v3 contract itself (files, names, formats, the
# errno of every write, CANCEL after failures) is checked by
# tests/contract/lfa-contract.sh, the same script the kernel guests run.
# Usage: test-emulator.sh EMULATOR LFA-MKIMAGE INVENTORIES-DIR
set -u

EMU=$1
MKIMAGE=$2
INV=$3
if [ ! -c /dev/fuse ] || ! command -v fusermount3 >/dev/null; then
	echo "SKIP: no /dev/fuse or no fusermount3 (package fuse3) on this machine"
	exit 77
fi
TMP=$(mktemp -d /tmp/lfa-emu-test.XXXXXX)
MNT=$TMP/mnt
EMU_PID=
FAILS=0
CHECKS=0

cleanup() {
	stop_emu
	[ -n "${KEEP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
}

check_eq() { # what expected actual
	CHECKS=$((CHECKS + 1))
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

start_emu() { # scenario [options...]
	local scenario=$1
	shift
	mkdir -p "$MNT"
	# the last run's "ready" must not be mistaken for this one's: the
	# background job may truncate emu.out only after the loop below looks
	rm -f "$TMP/emu.out"
	"$EMU" --root "$MNT" --scenario "$scenario" --foreground "$@" \
		>"$TMP/emu.out" 2>>"$TMP/emu.log" &
	EMU_PID=$!
	for _ in $(seq 100); do
		grep -q '^ready$' "$TMP/emu.out" 2>/dev/null && return 0
		kill -0 "$EMU_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "emulator did not start:"; cat "$TMP/emu.log"
	exit 1
}

stop_emu() {
	[ -n "$EMU_PID" ] || return 0
	fusermount3 -u "$MNT" 2>/dev/null
	wait "$EMU_PID"
	local rc=$?
	EMU_PID=
	[ "$rc" -eq 0 ] || fail "emulator exited with $rc"
}

# write VALUE to FILE; prints the shell's complaint (empty on success)
write_err() {
	( printf '%s' "$2" >"$1" ) 2>&1 | sed -e 's/.*: //'
}

expect_write() { # file value expected-error-text-or-empty
	check_eq "write '$2' to ${1#$MNT/}" "$3" "$(write_err "$1" "$2")"
}

# a whole file in one write(2): the shell's printf writes line by line
expect_write_file() { # file source expected-error-text-or-empty
	check_eq "write $2 to ${1#$MNT/}" "$3" \
		"$( ( cat "$2" >"$1" ) 2>&1 | sed -e 's/.*: //')"
}

rd() {
	cat "$1" 2>&1
}

lfa=$MNT/firmware/lfa
fw=$MNT/class/firmware
sim=$MNT/kernel/lfa_sim
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9
BL31=47d4086d-4cfe-9846-9b95-2950cbbd5a00
BL33=d6d0eea7-fcea-d54b-9782-9934f234b6e4
SP1=f07b2a96-1d47-4d17-9ec8-86a64e253e5c

# --- the v3 tree, modes and formats ---------------------------------------
start_emu "$INV/fvp.lfa" --cpus 4
check_eq "lfa directories" \
	"$BL31 $RMM c3ff2127-7e41-a9f8-05af-24a1afa33474 $BL33 $SP1" \
	"$(ls "$lfa" | tr '\n' ' ' | sed 's/ $//')"
check_eq "v3 file set and modes" \
"activate:200 activation_capable:444 activation_pending:444 auto_activate:644 cancel:200 cpu_rendezvous:444 current_version:444 force_cpu_rendezvous:644 may_reset_cpu:444 name:444 pending_version:444" \
	"$(cd "$lfa/$RMM" && stat -c '%n:%a' * | tr '\n' ' ' | sed 's/ $//')"
check_eq "upload file set and modes" \
	"cancel:200 data:644 error:444 loading:644 remaining_size:444 status:444" \
	"$(cd "$fw/lfa-$RMM" && stat -c '%n:%a' * | tr '\n' ' ' | sed 's/ $//')"
check_eq "sim files" "notify:200 scenario:644" \
	"$(cd "$sim" && stat -c '%n:%a' * | tr '\n' ' ' | sed 's/ $//')"
check_eq "RMM name" "TF-RMM" "$(rd $lfa/$RMM/name)"
check_eq "BL31 name" "TF-A BL31 runtime" "$(rd $lfa/$BL31/name)"
check_eq "unknown name is the GUID" "$SP1" "$(rd $lfa/$SP1/name)"
check_eq "name file ends in a newline" "1" "$(wc -l <$lfa/$SP1/name)"
check_eq "RMM current_version" "0.7" "$(rd $lfa/$RMM/current_version)"
check_eq "RMM pending_version" "0.8" "$(rd $lfa/$RMM/pending_version)"
check_eq "SP1 pending_version" "N/A" "$(rd $lfa/$SP1/pending_version)"
check_eq "RMM flags" "1 1 0 1 1 0" "$(cd $lfa/$RMM && cat activation_capable activation_pending may_reset_cpu cpu_rendezvous force_cpu_rendezvous auto_activate | tr '\n' ' ' | sed 's/ $//')"
check_eq "BL31 may_reset_cpu" "1" "$(rd $lfa/$BL31/may_reset_cpu)"
check_eq "BL33 not capable" "0" "$(rd $lfa/$BL33/activation_capable)"
check_eq "SP1 rendezvous optional" "0" "$(rd $lfa/$SP1/cpu_rendezvous)"
check_eq "read of activate" "cat: $lfa/$RMM/activate: Permission denied" "$(rd $lfa/$RMM/activate)"
expect_write "$lfa/$RMM/name" 1 "Permission denied"
expect_write "$lfa/$RMM/no_such_file" 1 "Permission denied"
expect_write "$lfa/00000000-0000-0000-0000-000000000000/activate" 1 "No such file or directory"

# --- activation ---------------------------------------------------------
expect_write "$lfa/$RMM/activate" 1 ""
check_eq "RMM activated" "0.8 N/A 0" "$(cd $lfa/$RMM && cat current_version pending_version activation_pending | tr '\n' ' ' | sed 's/ $//')"
check_eq "rendezvous rounds after RMM" "rendezvous_rounds=1" "$(grep -o 'rendezvous_rounds=[0-9]*' $sim/scenario)"
check_eq "read of notify" "cat: $sim/notify: Permission denied" "$(rd $sim/notify)"

# --- staging through firmware upload --------------------------------------
stage() { # guid image
	local d=$fw/lfa-$1
	printf 1 >"$d/loading" && cat "$2" >"$d/data" && printf 0 >"$d/loading"
}
"$MKIMAGE" --guid $SP1 --version 1.1 --size 3000 -o "$TMP/sp1.img" || fail "mkimage"
"$MKIMAGE" --guid $SP1 --version 1.2 --size 100 --corrupt crc -o "$TMP/crc.img" || fail "mkimage crc"
"$MKIMAGE" --guid $SP1 --version 1.2 --size 100 --corrupt truncate -o "$TMP/trunc.img" || fail "mkimage truncate"
"$MKIMAGE" --guid $BL33 --version 9.0 -o "$TMP/bl33.img" || fail "mkimage bl33"
"$MKIMAGE" --guid 12345678-0000-0000-0000-000000000000 --version 1.0 -o "$TMP/unknown.img" || fail "mkimage unknown"
head -c 777 /dev/urandom >"$TMP/payload.bin"
"$MKIMAGE" --guid $SP1 --version 7.8 --payload "$TMP/payload.bin" -o "$TMP/p.img" || fail "mkimage payload"
check_eq "payload image size" "825" "$(stat -c %s "$TMP/p.img")"
check_eq "payload carried" "ok" "$(tail -c +49 "$TMP/p.img" | cmp -s - "$TMP/payload.bin" && echo ok)"
# magic, header size, GUID in textual order, version 7.8 as (7 << 32) | 8, 777
check_eq "header" "4c46414930000000f07b2a961d474d179ec886a64e253e5c080000000700000009030000" \
	"$(head -c 36 "$TMP/p.img" | od -An -tx1 | tr -d ' \n')"
check_eq "truncated payload size" "436" "$("$MKIMAGE" --guid $SP1 --version 1.0 --payload "$TMP/payload.bin" --corrupt truncate -o "$TMP/t.img"; stat -c %s "$TMP/t.img")"
check_eq "mkimage refuses a missing payload" "1" "$("$MKIMAGE" --guid $SP1 --version 1.0 --payload "$TMP/none" -o "$TMP/x" 2>/dev/null; echo $?)"
check_eq "mkimage refuses payload and size" "2" "$("$MKIMAGE" --guid $SP1 --version 1.0 --payload "$TMP/payload.bin" --size 3 -o "$TMP/x" 2>/dev/null; echo $?)"
check_eq "mkimage refuses a bad GUID" "2" "$("$MKIMAGE" --guid nope --version 1.0 -o "$TMP/x" 2>/dev/null; echo $?)"
check_eq "mkimage refuses a bad version" "2" "$("$MKIMAGE" --guid $SP1 --version 1 -o "$TMP/x" 2>/dev/null; echo $?)"

stage $SP1 "$TMP/crc.img"
check_eq "bad CRC" "idle programming:firmware-invalid" "$(cat $fw/lfa-$SP1/status $fw/lfa-$SP1/error | tr '\n' ' ' | sed 's/ $//')"
stage $SP1 "$TMP/trunc.img"
check_eq "truncated" "programming:invalid-file-size" "$(rd $fw/lfa-$SP1/error)"
stage $SP1 "$TMP/unknown.img"
check_eq "foreign GUID" "preparing:firmware-invalid" "$(rd $fw/lfa-$SP1/error)"
stage $BL33 "$TMP/bl33.img"
check_eq "not capable" "programming:firmware-invalid" "$(rd $fw/lfa-$BL33/error)"
check_eq "nothing staged" "N/A 0" "$(cat $lfa/$SP1/pending_version $lfa/$SP1/activation_pending | tr '\n' ' ' | sed 's/ $//')"
expect_write "$fw/lfa-$SP1/data" x "No such device"
expect_write "$fw/lfa-$SP1/cancel" 1 "No such device"
printf 1 >"$fw/lfa-$SP1/loading"
check_eq "receiving" "receiving 1" "$(cat $fw/lfa-$SP1/status $fw/lfa-$SP1/loading | tr '\n' ' ' | sed 's/ $//')"
cat "$TMP/sp1.img" >"$fw/lfa-$SP1/data"
check_eq "data reads back while receiving" "$(md5sum <"$TMP/sp1.img")" "$(md5sum <"$fw/lfa-$SP1/data")"
expect_write "$fw/lfa-$SP1/cancel" 0 "Invalid argument"
expect_write "$fw/lfa-$SP1/cancel" 1 ""
check_eq "cancelled upload" "idle receiving:user-abort" "$(cat $fw/lfa-$SP1/status $fw/lfa-$SP1/error | tr '\n' ' ' | sed 's/ $//')"
expect_write "$fw/lfa-$SP1/loading" 0 "Invalid argument"
printf 1 >"$fw/lfa-$SP1/loading"
expect_write "$fw/lfa-$SP1/loading" 2 "Invalid argument"
expect_write "$fw/lfa-$SP1/loading" x "Invalid argument"
printf -- '-1\n' >"$fw/lfa-$SP1/loading"
check_eq "aborted upload" "receiving:user-abort" "$(rd $fw/lfa-$SP1/error)"
printf 1 >"$fw/lfa-$SP1/loading"
printf '0\n' >"$fw/lfa-$SP1/loading"
check_eq "empty upload" "receiving:invalid-file-size" "$(rd $fw/lfa-$SP1/error)"
printf 1 >"$fw/lfa-$SP1/loading"
printf 'LFAI' >"$fw/lfa-$SP1/data"
printf 0 >"$fw/lfa-$SP1/loading"
check_eq "short upload" "preparing:invalid-file-size" "$(rd $fw/lfa-$SP1/error)"
stage $SP1 "$TMP/sp1.img"
check_eq "staged" "idle 0" "$(cat $fw/lfa-$SP1/status $fw/lfa-$SP1/error $fw/lfa-$SP1/remaining_size | tr '\n' ' ' | sed 's/ $//')"
check_eq "pending after staging" "1.1 1" "$(cat $lfa/$SP1/pending_version $lfa/$SP1/activation_pending | tr '\n' ' ' | sed 's/ $//')"
# skip the rendezvous: optional for SP1 and the admin opts out
expect_write "$lfa/$SP1/force_cpu_rendezvous" 0 ""
expect_write "$lfa/$SP1/activate" 1 ""
check_eq "SP1 activated" "1.1" "$(rd $lfa/$SP1/current_version)"
check_eq "no rendezvous for SP1" "rendezvous_rounds=1" "$(grep -o 'rendezvous_rounds=[0-9]*' $sim/scenario)"

# auto_activate: staging raises the notification, the driver activates
expect_write "$lfa/$SP1/auto_activate" 1 ""
"$MKIMAGE" --guid $SP1 --version 1.5 --size 10 -o "$TMP/sp1b.img"
stage $SP1 "$TMP/sp1b.img"
for _ in $(seq 50); do
	[ "$(rd $lfa/$SP1/current_version)" = "1.5" ] && break
	sleep 0.1
done
check_eq "auto-activated after staging" "1.5 N/A" "$(cat $lfa/$SP1/current_version $lfa/$SP1/pending_version | tr '\n' ' ' | sed 's/ $//')"
stop_emu

# --- faults at staging (scenario written through lfa_sim) -----------------
cat >"$TMP/one.lfa" <<'EOS'
component 99999999-0000-4000-8000-000000000001 current=1.0
EOS
start_emu "$TMP/one.lfa" --cpus 3 --prime-budget-ms 1500 --activate-budget-ms 1500
expect_write_file "$sim/scenario" "$INV/faults.lfa" ""
check_eq "scenario summary" "components=12 present=12" "$(cut -d' ' -f1-2 $sim/scenario)"
g() { echo "00000000-0000-4000-8000-0000000000$1"; }
stage $(g 09) "$TMP/sp1.img"
check_eq "wrong image for 09" "preparing:firmware-invalid" "$(rd $fw/lfa-$(g 09)/error)"
"$MKIMAGE" --guid $(g 09) --version 2.0 --size 10 -o "$TMP/09.img"
stage $(g 09) "$TMP/09.img"
check_eq "injected hw-error" "programming:hw-error" "$(rd $fw/lfa-$(g 09)/error)"

# bad scenario: refused, nothing lost
expect_write "$sim/scenario" "component nonsense" "Invalid argument"
check_eq "inventory kept" "12" "$(ls $lfa | wc -l)"
head -c 5000 /dev/zero | tr '\0' '#' >"$TMP/big.lfa"
expect_write_file "$sim/scenario" "$TMP/big.lfa" "File too large"

# inventory changes after activation
expect_write_file "$sim/scenario" "$INV/changes.lfa" ""
L1=11111111-0000-4000-8000-00000000000
check_eq "before" "${L1}1 ${L1}2 ${L1}4" "$(ls $lfa | tr '\n' ' ' | sed 's/ $//')"
"$MKIMAGE" --guid ${L1}3 --version 2.0 -o "$TMP/payload.img"
stage ${L1}3 "$TMP/payload.img"
check_eq "hidden component refuses staging" "programming:firmware-invalid" "$(rd $fw/lfa-${L1}3/error)"
expect_write "$lfa/${L1}1/force_cpu_rendezvous" 0 ""
check_eq "legacy readable before" "" "$(rd $lfa/${L1}2/name | tr -d '0-9a-f-')"
expect_write "$lfa/${L1}1/activate" 1 ""
check_eq "vanished directory" "gone" "$([ -e $lfa/${L1}2 ] && echo there || echo gone)"
check_eq "vanished file" "cat: $lfa/${L1}2/name: No such file or directory" "$(rd $lfa/${L1}2/name)"
expect_write "$lfa/${L1}2/activate" 1 "No such file or directory"
check_eq "after" "${L1}1 ${L1}3 ${L1}4" "$(ls $lfa | tr '\n' ' ' | sed 's/ $//')"
check_eq "upload dirs: every scenario component" "lfa-${L1}1 lfa-${L1}2 lfa-${L1}3 lfa-${L1}4" "$(ls $fw | tr '\n' ' ' | sed 's/ $//')"
check_eq "renumbered monitor still activates" "" "$(write_err $lfa/${L1}4/activate 1)"
check_eq "monitor version" "3.1" "$(rd $lfa/${L1}4/current_version)"
stage ${L1}3 "$TMP/payload.img"
check_eq "appeared component stages" "2.0" "$(rd $lfa/${L1}3/pending_version)"
check_eq "force kept over refresh" "0" "$(rd $lfa/${L1}1/force_cpu_rendezvous)"

# notify: auto_activate picks up a pending image
expect_write "$sim/scenario" "component ${L1}7 current=1.0 pending=1.7" ""
expect_write "$lfa/${L1}7/auto_activate" 1 ""
expect_write "$sim/notify" 1 ""
for _ in $(seq 50); do
	[ "$(rd $lfa/${L1}7/current_version)" = "1.7" ] && break
	sleep 0.1
done
check_eq "auto-activated on notify" "1.7" "$(rd $lfa/${L1}7/current_version)"

# garbage into every writable file: errors are fine, a crash is not
head -c 3000 /dev/urandom >"$TMP/junk"
for f in $lfa/*/force_cpu_rendezvous $lfa/*/auto_activate $lfa/*/cancel \
	 $fw/*/loading $fw/*/cancel $sim/scenario $sim/notify; do
	cat "$TMP/junk" >"$f" 2>/dev/null
	printf '\0\0\n' >"$f" 2>/dev/null
done
printf 1 >"$fw/lfa-${L1}7/loading"
cat "$TMP/junk" >"$fw/lfa-${L1}7/data"
printf 0 >"$fw/lfa-${L1}7/loading"
check_eq "junk image" "preparing:firmware-invalid" "$(rd $fw/lfa-${L1}7/error)"
check_eq "alive after garbage" "0" "$(cat $sim/scenario >/dev/null; echo $?)"
stop_emu

# --- older ABIs ----------------------------------------------------------
start_emu "$INV/fvp.lfa" --abi v1
check_eq "v1 file set" "activate activation_capable activation_pending cancel cpu_rendezvous may_reset_cpu name" \
	"$(ls $lfa/$RMM | tr '\n' ' ' | sed 's/ $//')"
expect_write "$lfa/$RMM/activate" 1 ""
stop_emu
start_emu "$INV/fvp.lfa" --abi v2
check_eq "v2 file set" "activate activation_capable activation_pending cancel cpu_rendezvous current_version force_cpu_rendezvous may_reset_cpu name pending_version" \
	"$(ls $lfa/$RMM | tr '\n' ' ' | sed 's/ $//')"
stop_emu

# --- scale: 1000 components ----------------------------------------------
for i in $(seq 1000); do
	printf 'component %08x-0000-4000-8000-000000000000 current=1.%d\n' "$i" "$i"
done >"$TMP/big-inventory.lfa"
start_emu "$TMP/big-inventory.lfa"
t0=$(date +%s%N)
n=$(ls "$lfa" | wc -l)
sum=$(cat "$lfa"/*/current_version | wc -l)
t1=$(date +%s%N)
check_eq "1000 directories" "1000" "$n"
check_eq "1000 versions" "1000" "$sum"
echo "scale: listing and reading 1000 current_version files took $(( (t1 - t0) / 1000000 )) ms"
stop_emu

# --- bad command lines ---------------------------------------------------
check_eq "missing scenario" "2" "$("$EMU" --root "$MNT" 2>/dev/null; echo $?)"
check_eq "bad abi" "2" "$("$EMU" --root "$MNT" --scenario "$INV/fvp.lfa" --abi v9 2>/dev/null; echo $?)"
echo "bogus" >"$TMP/bad.lfa"
check_eq "bad scenario file" "1" "$("$EMU" --root "$MNT" --scenario "$TMP/bad.lfa" 2>"$TMP/err"; echo $?)"
grep -q "line 1: unknown statement" "$TMP/err" || fail "scenario error message: $(cat "$TMP/err")"

# SIGTERM ends the foreground daemon cleanly and unmounts
start_emu "$INV/vera.lfa"
kill -TERM "$EMU_PID"
wait "$EMU_PID"
check_eq "exit status after SIGTERM" "0" "$?"
EMU_PID=
check_eq "unmounted after SIGTERM" "0" "$(ls "$MNT" | wc -l)"
check_eq "ready is the only output" "ready" "$(cat "$TMP/emu.out")"

# background mode: returns once mounted
"$EMU" --root "$MNT" --scenario "$INV/vera.lfa" || fail "background start"
check_eq "mounted in background" "4" "$(ls $lfa | wc -l)"
fusermount3 -u "$MNT" || fail "unmount background"

echo "$CHECKS checks, $FAILS failures"
[ "$FAILS" -eq 0 ]
