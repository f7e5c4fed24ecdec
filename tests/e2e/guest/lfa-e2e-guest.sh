#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# Runs inside the e2e guest (Debian, systemd as PID 1, the stock fwupd
# daemon under its stock unit), started by lfa-e2e.service. It does what an
# administrator would do and checks every step; its output goes to the
# host through the second serial port. The last line is the verdict:
#   E2E-RESULT: PASS          or          E2E-RESULT: FAIL <why>
# Everything the host put in for us is in /usr/local/lib/lfa-e2e/.
set -u

here=/usr/local/lib/lfa-e2e
dropin_src=$here/fwupd.service.d/lfa.conf
dropin=/etc/systemd/system/fwupd.service.d/lfa.conf
# installed by the fwupd-plugin-lfa package (both guests install it); an
# image made of copies (assemble-image.sh without --debs) has none, and the
# test installs the drop-in from $dropin_src itself
packaged_dropin=/usr/lib/systemd/system/fwupd.service.d/lfa.conf
# a runtime mask of the packaged drop-in (/run wins over /usr/lib)
dropin_mask=/run/systemd/system/fwupd.service.d/lfa.conf
rmm=6c0762a6-12f2-4b56-92cb-ba8f633606d9
sp1=f07b2a96-1d47-4d17-9ec8-86a64e253e5c
sp2=c3ff2127-7e41-a9f8-05af-24a1afa33474
bl31=47d4086d-4cfe-9846-9b95-2950cbbd5a00
bl33=d6d0eea7-fcea-d54b-9782-9934f234b6e4
out=/run/lfa-e2e
mkdir -p "$out"

# the flags keep fwupdmgr from asking questions or looking for a network
fwupdmgr_flags="--no-unreported-check --no-metadata-check --no-remote-check --no-reboot-check --no-security-fix --assume-yes"

fail() {
	echo
	echo "---- fwupd journal (for debugging) ----"
	journalctl -b -u fwupd.service --no-pager -o cat 2>/dev/null | tail -n "$(grep -qw lfa_e2e.debug=1 /proc/cmdline && echo 400 || echo 40)"
	if coredumpctl --no-pager list >/dev/null 2>&1; then
		echo "---- crashes (coredumpctl) ----"
		coredumpctl --no-pager info 2>/dev/null | grep -v '^ *#[0-9]* *0x[0-9a-f]* n/a' | head -n 60
		# run-e2e.sh --debug: hand the core itself to the host for gdb
		if grep -qw lfa_e2e.debug=1 /proc/cmdline; then
			coredumpctl --no-pager -o "$out/core" dump >/dev/null 2>&1 &&
				{ echo "---- core begin ----"; gzip -c "$out/core" | base64; echo "---- core end ----"; }
		fi
	fi
	echo "---- kernel messages about lfa ----"
	dmesg | grep -i lfa | tail -n 20
	echo "E2E-RESULT: FAIL $*"
	exit 1
}

step() {
	echo
	echo "=== $* ==="
}

# show a command as a user types it, run it, show its output without
# fwupdmgr's progress-bar lines; the exit code is kept in $rc and the
# output in $out/last
show() {
	echo "# $*"
	"$@" >"$out/last" 2>&1
	rc=$?
	grep -v '…: *[0-9]*%$' "$out/last"
	[ $rc -eq 0 ] || echo "(exit code $rc)"
	return 0
}

expect_ok() {
	[ $rc -eq 0 ] || fail "$1 failed with exit code $rc"
}

expect_fail_with() {
	[ $rc -ne 0 ] || fail "$1 succeeded but must fail"
	grep -qF "$2" "$out/last" || fail "$1 failed without saying '$2'"
}

# get-devices --json, one component by GUID: prints the JSON object
device_json() {
	fwupdmgr get-devices --json 2>/dev/null >"$out/devices.json" ||
		fail "fwupdmgr get-devices --json failed"
	jq -c --arg g "$1" '[.Devices[] | select(.Plugin == "lfa") |
		select(.Guid | index($g))][0] // empty' "$out/devices.json"
}

device_field() {
	device_json "$1" | jq -r "$2"
}

sysfs() {
	cat "/sys/firmware/lfa/$1/$2"
}

release=$(uname -r)
# run-e2e.sh with LFA_E2E_DEBUG=1: the daemon logs everything to the journal
if grep -qw lfa_e2e.debug=1 /proc/cmdline; then
	mkdir -p /run/systemd/system/fwupd.service.d
	printf '[Service]\nEnvironment=FWUPD_VERBOSE=*\n' >/run/systemd/system/fwupd.service.d/debug.conf
	systemctl daemon-reload
fi
step "The machine: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $release, $(nproc) CPUs, fwupd $(dpkg-query -W -f '${Version}' fwupd), up $(cut -d' ' -f1 /proc/uptime) s"
show systemctl --no-pager show fwupd.service -p ProtectKernelTunables -p ReadWritePaths
show ls /etc/pki/fwupd/

# amd64: the simulated agent stands in for the platform firmware; arm64:
# the EL3 firmware is the agent (SMC conduit), lfa_stage_shmem stages images
# into its shared window and offers the same control files
if [ "$(uname -m)" = aarch64 ]; then
	agent=lfa_stage_shmem
	step "Load the LFA driver (SMC conduit to the EL3 firmware) and the staging module"
else
	agent=lfa_sim
	step "Load the LFA driver and the simulated agent (the platform firmware)"
fi
show modprobe $agent
expect_ok "modprobe $agent"
[ -d /sys/kernel/lfa_sim ] || fail "$agent loaded but /sys/kernel/lfa_sim is missing"
# the simulated platform's inventory: which components, versions, faults
echo "# cat $here/e2e.lfa >/sys/kernel/lfa_sim/scenario"
cat "$here/e2e.lfa" >/sys/kernel/lfa_sim/scenario || fail "the simulated agent refused the scenario"
show cat /sys/kernel/lfa_sim/scenario
show ls /sys/firmware/lfa/
for g in $rmm $sp1 $sp2 $bl31 $bl33; do
	[ -d "/sys/firmware/lfa/$g" ] || fail "/sys/firmware/lfa/$g is missing"
done
show ls "/sys/class/firmware/lfa-$rmm/"

# D-Bus would start the daemon on the first request, but gives up after
# 25 s; a daemon's first start under TCG can take longer, systemctl waits
step "The daemon (stock unit, started after the driver so that it sees /sys/firmware/lfa)"
show systemctl start fwupd.service
expect_ok "starting fwupd"

step "The daemon sees the components, with names from the quirks"
show fwupdmgr get-devices
expect_ok "fwupdmgr get-devices"
[ "$(device_field $rmm .Name)" = "TF-RMM" ] || fail "TF-RMM is not listed by name"
[ "$(device_field $sp1 .Name)" = "Secure Partition 1" ] || fail "SP1 is not listed by name"
[ "$(device_field $rmm .Version)" = "1.0" ] || fail "TF-RMM version is not 1.0"
device_field $sp1 '.Flags[]' | grep -qx needs-activation ||
	fail "SP1 has 1.1 staged but is not shown as needing activation"
show busctl get-property org.freedesktop.fwupd / org.freedesktop.fwupd OnlyTrusted
[ "$(busctl get-property org.freedesktop.fwupd / org.freedesktop.fwupd OnlyTrusted)" = "b true" ] ||
	fail "the daemon does not run with OnlyTrusted=true"

step "A cabinet without a trusted signature is refused (OnlyTrusted=true)"
show fwupdmgr install $fwupdmgr_flags "$here/tf-rmm-1.1-unsigned.cab"
expect_fail_with "installing an unsigned cabinet" "signature missing or not trusted"

step "Without the drop-in the sandbox keeps /sys read-only: activation fails and says why"
[ ! -e "$dropin" ] || fail "$dropin exists before the test installed it"
if [ -f "$packaged_dropin" ]; then
	# the package installed it: mask it for this step only
	show dpkg -S "$packaged_dropin"
	show mkdir -p "$(dirname "$dropin_mask")"
	show ln -s /dev/null "$dropin_mask"
	show systemctl daemon-reload
	show systemctl restart fwupd.service
	expect_ok "restarting fwupd without the drop-in"
	show systemctl --no-pager show fwupd.service -p ReadWritePaths
fi
sp1_id=$(device_field $sp1 .DeviceId)
show fwupdmgr activate "$sp1_id"
expect_fail_with "activation without the drop-in" "fwupd.service.d/lfa.conf"
[ "$(sysfs $sp1 current_version)" = "1.0" ] || fail "SP1 changed version although activation failed"
show fwupdmgr install $fwupdmgr_flags "$here/tf-rmm-1.1.cab"
expect_fail_with "staging without the drop-in" "fwupd.service.d/lfa.conf"
[ "$(sysfs $rmm activation_pending)" = "0" ] || fail "TF-RMM got staged although install failed"

if [ -f "$packaged_dropin" ]; then
	step "The packaged drop-in again (unmasked), restart the daemon"
	show rm "$dropin_mask"
	show cat "$packaged_dropin"
else
	step "Install the project's drop-in and restart the daemon"
	show install -D -m 0644 "$dropin_src" "$dropin"
	show cat "$dropin"
fi
show systemctl daemon-reload
show systemctl restart fwupd.service
expect_ok "restarting fwupd"
show systemctl --no-pager show fwupd.service -p ReadWritePaths

step "A failed activation says what the kernel reports now, and where the firmware's reason is"
sp2_id=$(device_field $sp2 .DeviceId)
show fwupdmgr activate "$sp2_id"
expect_fail_with "the activation of SP2 (fault injected)" "the kernel reports version 1.0 as current with version 1.1 still staged"
grep -qF "journalctl -k --grep 'lfa: .*$sp2'" "$out/last" || fail "the failure does not say where the firmware's reason is"
grep -qiE "previous firmware|still running" "$out/last" && fail "the failure claims what the platform did not report"
[ "$(sysfs $sp2 current_version)" = "1.0" ] || fail "SP2 runs $(sysfs $sp2 current_version) after a failed activation"
[ "$(sysfs $sp2 activation_pending)" = "1" ] || fail "SP2 lost its staged image in the failed activation"
show journalctl -k --no-pager -o cat --grep "lfa: .*$sp2"
journalctl -k --no-pager -o cat --grep "lfa: .*$sp2" | grep -q . || fail "the kernel log has no 'lfa: ' line for SP2"

step "What cannot be activated live, and a payload-less image, are refused before staging"
show fwupdmgr install $fwupdmgr_flags "$here/bl31-9.9.cab"
expect_fail_with "installing BL31 (may_reset_cpu=1)" "may_reset_cpu=1"
grep -qF "nothing was staged" "$out/last" || fail "the BL31 refusal does not say that nothing was staged"
[ "$(sysfs $bl31 activation_pending)" = "0" ] || fail "BL31 got an image staged"
if [ -e "/sys/class/firmware/lfa-$bl31/error" ]; then
	[ -z "$(cat "/sys/class/firmware/lfa-$bl31/error")" ] || fail "an upload was started for BL31"
fi
show fwupdmgr install $fwupdmgr_flags "$here/tf-rmm-1.2-header-only.cab"
expect_fail_with "installing a header-only image" "no payload"
[ "$(sysfs $rmm activation_pending)" = "0" ] || fail "a header-only image got staged"

step "Install the signed cabinet: the image is staged, activation is pending"
show fwupdmgr install $fwupdmgr_flags "$here/tf-rmm-1.1.cab"
expect_ok "fwupdmgr install of the signed cabinet"
[ "$(sysfs $rmm activation_pending)" = "1" ] || fail "install succeeded but the agent has nothing pending for TF-RMM"
[ "$(sysfs $rmm pending_version)" = "1.1" ] || fail "the agent has $(sysfs $rmm pending_version) pending, not 1.1"
[ "$(sysfs $rmm current_version)" = "1.0" ] || fail "TF-RMM switched version before activation"
show fwupdmgr get-devices
device_field $rmm '.Flags[]' | grep -qx needs-activation ||
	fail "TF-RMM is not shown as needing activation after install"

step "Activate: the new firmware runs, no reboot"
show fwupdmgr activate
expect_ok "fwupdmgr activate"
for g in $rmm $sp1 $sp2; do
	[ "$(sysfs $g current_version)" = "1.1" ] || fail "$g runs $(sysfs $g current_version) after activation, not 1.1"
	[ "$(sysfs $g activation_pending)" = "0" ] || fail "$g still has an activation pending"
done
[ "$(sysfs $bl31 current_version)" = "2.8" ] || fail "BL31 changed although it may reset the CPUs"
show fwupdmgr get-devices
[ "$(device_field $rmm .Version)" = "1.1" ] || fail "the daemon still reports TF-RMM $(device_field $rmm .Version)"
[ "$(device_field $sp1 .Version)" = "1.1" ] || fail "the daemon still reports SP1 $(device_field $sp1 .Version)"
[ "$(device_field $sp2 .Version)" = "1.1" ] || fail "the daemon still reports SP2 $(device_field $sp2 .Version)"
device_field $rmm '.Flags[]' | grep -qx needs-activation && fail "TF-RMM still needs activation"
show grep -H . "/sys/firmware/lfa/$rmm/current_version" "/sys/firmware/lfa/$sp1/current_version" \
	"/sys/firmware/lfa/$sp2/current_version"

step "The history records the update, with nothing left pending"
show fwupdmgr get-history
expect_ok "fwupdmgr get-history"
fwupdmgr get-history --json >"$out/history.json" 2>/dev/null || fail "fwupdmgr get-history --json failed"
jq -e --arg g $rmm '[.Devices[] | select(.Guid | index($g)) |
	.Releases[]? | select(.Version == "1.1")] | length > 0' "$out/history.json" >/dev/null ||
	fail "the history has no TF-RMM 1.1 entry"
jq -e --arg g $rmm '[.Devices[] | select(.Guid | index($g)) | select(.Releases[]?.Version == "1.1") |
	select((.Flags | index("needs-activation")) or ((.UpdateError // "") | test("staged")))] | length == 0' \
	"$out/history.json" >/dev/null || fail "the history still says TF-RMM 1.1 waits for activation"

step "The audit trail: one journal entry per activation the plugin ran"
audit=ace33fbf7cf843a9a9acb0f456279a38
show journalctl --no-pager MESSAGE_ID=$audit -o verbose \
	--output-fields=LFA_COMPONENT,LFA_GUID,LFA_VERSION_OLD,LFA_VERSION_NEW,LFA_VERSION_NOW,LFA_RESULT,LFA_REASON
journalctl --no-pager -o json MESSAGE_ID=$audit LFA_GUID=$rmm LFA_RESULT=success >"$out/audit.json"
jq -se 'map(select(.LFA_VERSION_OLD == "1.0" and .LFA_VERSION_NEW == "1.1" and .LFA_VERSION_NOW == "1.1")) | length == 1' \
	"$out/audit.json" >/dev/null || fail "no journal entry for the TF-RMM activation 1.0 -> 1.1"
journalctl --no-pager -o json MESSAGE_ID=$audit LFA_GUID=$sp2 LFA_RESULT=failed >"$out/audit.json"
jq -se 'map(select(.LFA_REASON | test("journalctl -k"))) | length == 1' "$out/audit.json" >/dev/null ||
	fail "no journal entry for the failed SP2 activation"

step "Nothing stays stuck: an upload that nobody feeds any more is cancelled by the next install"
up=/sys/class/firmware/lfa-$rmm
# what a daemon killed while staging leaves behind: an upload in progress
echo 1 >"$up/loading" && printf 'left behind' >"$up/data" ||
	fail "cannot start an upload by hand in $up"
show cat "$up/status"
[ "$(cat "$up/status")" = receiving ] || fail "the abandoned upload is '$(cat "$up/status")', not receiving"
show fwupdmgr install $fwupdmgr_flags --allow-reinstall "$here/tf-rmm-1.1.cab"
expect_ok "installing over an abandoned upload"
journalctl -b -u fwupd.service --no-pager -o cat --grep "cancelling that stale upload" >"$out/stale" 2>/dev/null
show cat "$out/stale"
grep -qF "lfa-$rmm was left receiving" "$out/stale" || fail "the daemon did not log that it cancelled the stale upload"
[ "$(sysfs $rmm activation_pending)" = "1" ] || fail "the install after the stale upload staged nothing"

step "Nothing stays stuck: the daemon is killed while it activates, the next start says how it ended"
# a PRIME that asks to be called again 400 times (10 ms apart in the
# driver) keeps the activation running long enough to kill the daemon in it
printf 'component %s name=TF-RMM current=1.1 pending=1.2 rendezvous=required\nfault %s prime call_again=400\n' \
	$rmm $rmm >"$out/slow.lfa"
show cat "$out/slow.lfa"
echo "# cat slow.lfa >/sys/kernel/lfa_sim/scenario"
cat "$out/slow.lfa" >/sys/kernel/lfa_sim/scenario || fail "the agent refused the slow scenario"
record=/var/lib/fwupd/lfa/activation-$rmm
n=0
# the daemon learns of the new inventory from the driver's uevent
until device_field $rmm .UpdateError 2>/dev/null | grep -qF "1.2 of TF-RMM is staged"; do
	n=$((n + 1))
	[ $n -lt 60 ] || fail "the daemon did not pick up the staged TF-RMM 1.2"
	sleep 0.5
done
rmm_id=$(device_field $rmm .DeviceId)
echo "# fwupdmgr activate $rmm_id &"
fwupdmgr activate "$rmm_id" >"$out/killed-activate" 2>&1 &
n=0
until [ -e "$record" ]; do
	n=$((n + 1))
	[ $n -lt 300 ] || fail "no activation record $record appeared"
	sleep 0.1
done
show systemctl kill -s SIGKILL fwupd.service
wait
n=0
until [ "$(sysfs $rmm current_version)" = "1.2" ]; do
	n=$((n + 1))
	[ $n -lt 600 ] || fail "the kernel did not finish the activation the daemon left"
	sleep 0.1
done
show cat "$record"
show systemctl start fwupd.service
expect_ok "starting fwupd after the kill"
show fwupdmgr get-devices
[ ! -e "$record" ] || fail "the activation record is still there after the restart"
device_field $rmm .UpdateError >"$out/interrupted"
grep -qF "fwupd stopped while it activated version 1.2 of TF-RMM" "$out/interrupted" ||
	fail "get-devices does not say how the interrupted activation ended: $(cat "$out/interrupted")"
journalctl --no-pager -o json MESSAGE_ID=$audit LFA_GUID=$rmm LFA_RESULT=interrupted >"$out/audit.json"
show journalctl --no-pager MESSAGE_ID=$audit LFA_RESULT=interrupted -o verbose \
	--output-fields=LFA_COMPONENT,LFA_VERSION_OLD,LFA_VERSION_NEW,LFA_VERSION_NOW,LFA_RESULT
jq -se 'map(select(.LFA_VERSION_OLD == "1.1" and .LFA_VERSION_NEW == "1.2" and .LFA_VERSION_NOW == "1.2")) | length == 1' \
	"$out/audit.json" >/dev/null || fail "no journal entry for the interrupted TF-RMM activation 1.1 -> 1.2"

echo
echo "E2E-RESULT: PASS"
