# shellcheck shell=sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# fleet-checks.sh: sourced by run-fleet.sh once the nodes are up; the
# checks of the fleet test, in order (see run-fleet.sh). Every failure
# dies with what was expected and what the node reported.

# the variables used here are set by run-fleet.sh (SC2154)
# shellcheck disable=SC2154

export ANSIBLE_COLLECTIONS_PATH="$top/ansible" ANSIBLE_NOCOLOR=1 \
	ANSIBLE_LOCAL_TEMP="$work/ansible-tmp" ANSIBLE_RETRY_FILES_ENABLED=0 \
	ANSIBLE_SSH_CONTROL_PATH_DIR="$work/cp" ANSIBLE_FORKS=5 \
	ANSIBLE_PIPELINING=1 ANSIBLE_HOST_KEY_CHECKING=1
mkdir -p "$work/cp"

# rollout NAME UPDATES...: one ansible-playbook run of the collection's
# rollout playbook with lfa_updates = UPDATES (GUID=VERSION ...); the log
# is work/NAME.log, the exit code in rollout_rc, the seconds in rollout_s
rollout() {
	name=$1
	shift
	{
		echo "lfa_updates:"
		for u in "$@"; do
			printf '  - guid: %s\n    version: "%s"\n' "${u%%=*}" "${u#*=}"
		done
		echo "lfa_health_command: systemctl is-active fwupd.service"
	} >"$work/$name.yml"
	say "ansible-playbook lfa.live_activation.rollout ($name: $*)"
	ts=$(now)
	# every line stamped with the time it arrived: the plays' durations
	# (set -e holds in the group too: keep the exit code, then print it)
	{
		rc=0
		ansible-playbook -i "$work/inventory.yml" -e "@$work/$name.yml" \
			lfa.live_activation.rollout 2>&1 || rc=$?
		echo "LFA-RC $rc"
	} | /usr/bin/python3 -u -c 'import sys, time
for line in sys.stdin:
    sys.stdout.write("%.1f %s" % (time.time(), line))' >"$work/$name.log"
	rollout_rc=$(sed -n 's/^[0-9.]* LFA-RC //p' "$work/$name.log")
	[ -n "$rollout_rc" ] || die "$name: ansible-playbook's exit code is missing from $work/$name.log"
	rollout_s=$(($(now) - ts))
	grep -o 'LFA-[A-Z]*[ :].*[^",]' "$work/$name.log" | grep -v '^LFA-RC' | sed 's/^/    /' >&2 || true
	# the stage play, then each batch of the activation play
	plays=$(awk '/ PLAY \[/ { if (t) printf "%.0f ", $1 - t; t = $1 } END { printf "%.0f", $1 - t }' "$work/$name.log")
	say "$name: exit code $rollout_rc after $rollout_s s (plays: stage, batches..., summary: $plays s)"
	echo "$name $rollout_s s (plays $plays)" >>"$work/timings"
}
rollout_failed() {
	sed -n '/PLAY RECAP/,$p' "$work/$name.log" >&2
	tail -n 40 "$work/$name.log" >&2
	die "$name: $*"
}
# changed=N of HOST in the last run's recap
changed_of() {
	sed -n "s/^[0-9.]* $1 *:.* changed=\([0-9]*\) .*/\1/p" "$work/$name.log"
}
attr() {
	fleet_ssh "$1" cat "/sys/firmware/lfa/$2/$3"
}
expect_attr() {
	v=$(attr "$1" "$2" "$3")
	[ "$v" = "$4" ] || die "node$1: $3 of $2 is '$v', expected '$4' ($5)"
}
flags="--assume-yes --no-unreported-check --no-metadata-check --no-remote-check --no-reboot-check --no-security-fix"

# ---- 1. the signed remote, on node1 -------------------------------------
say "remote: refresh, get-updates --json on node1 (OnlyTrusted=true)"
[ "$(fleet_ssh 1 busctl get-property org.freedesktop.fwupd / org.freedesktop.fwupd OnlyTrusted)" = "b true" ] ||
	die "node1's daemon does not run with OnlyTrusted=true"
ts=$(now)
fleet_ssh 1 fwupdmgr refresh --force >"$work/refresh.log" 2>&1 ||
	{ cat "$work/refresh.log" >&2; die "fwupdmgr refresh from the remote failed"; }
echo "refresh $(($(now) - ts))" >>"$work/timings"
fleet_ssh 1 fwupdmgr get-updates --json >"$work/updates.json" 2>"$work/updates.err" ||
	{ cat "$work/updates.err" >&2; die "fwupdmgr get-updates --json failed"; }
offered() {
	jq -r --arg g "$1" '.Devices[]? | select(.Guid | index($g)) | [.Releases[]?.Version] | join(" ")' "$work/updates.json"
}
why() {
	jq -r --arg g "$1" '.Devices[]? | select(.Guid | index($g)) | .UpdateError // empty' "$work/updates.json"
}
[ "$(offered "$rmm")" = 1.1 ] || die "TF-RMM: the remote's 1.1 is not offered (offered: '$(offered "$rmm")')"
[ "$(offered "$sp1")" = 1.1 ] || die "SP1: the remote's 1.1 is not offered (offered: '$(offered "$sp1")')"
[ -z "$(why "$rmm")$(why "$sp1")" ] || die "TF-RMM or SP1 is offered with an update error: $(why "$rmm") $(why "$sp1")"
# fwupd 2.0.20 lists a release for an inhibited device; the node must then
# say why it will not install it (docs/fleet.md, "What the node offers")
if [ -n "$(offered "$bl31")" ]; then
	why "$bl31" | grep -q 'may reset the CPUs' ||
		die "BL31 (may_reset_cpu=1) is offered with no reason given: $(jq -c . "$work/updates.json")"
	say "BL31 $(offered "$bl31") is listed, with the reason it is not installable: $(why "$bl31")"
fi
# the node says why BL31 is not installable, whether or not it is offered
fleet_ssh 1 fwupdmgr get-devices --json >"$work/devices.json"
bl31_id=$(jq -r --arg g "$bl31" '.Devices[] | select(.Guid | index($g)) | .DeviceId' "$work/devices.json")
bl31_why=$(jq -r --arg g "$bl31" '.Devices[] | select(.Guid | index($g)) | .UpdateError // empty' "$work/devices.json")
case "$bl31_why" in
*"may reset the CPUs"*) ;;
*) die "BL31 (may_reset_cpu=1) has no update error saying why: '$bl31_why'" ;;
esac
rc=0
# shellcheck disable=SC2086
fleet_ssh 1 fwupdmgr install "$bl31_id" 2.9 $flags >"$work/bl31.log" 2>&1 || rc=$?
expect_attr 1 "$bl31" activation_pending 0 "BL31 must not be staged"
say "fwupdmgr install of BL31 2.9: exit code $rc, $(grep -v '…' "$work/bl31.log" | grep -v '^See \|WARNING' | tail -n 1)"

say "remote: tampered metadata is refused"
cp "$work/remote/firmware.xml.gz" "$work/firmware.xml.gz.good"
cp "$work/remote/firmware.xml.gz.jcat" "$work/firmware.xml.gz.jcat.good"
zcat "$work/firmware.xml.gz.good" | sed 's/version="1.1"/version="1.9"/' | gzip -9n >"$work/tampered.xml.gz"
cmp -s "$work/tampered.xml.gz" "$work/firmware.xml.gz.good" && die "the tampering changed nothing"
# (a) the metadata changed, its signature file did not: fwupd compares the
# signature file with the one it verified last and does not even download
# the metadata (libfwupd's refresh, "metadata signature ... is unchanged")
cp "$work/tampered.xml.gz" "$work/remote/firmware.xml.gz"
fleet_ssh 1 fwupdmgr refresh --force >"$work/tampered-metadata-a.log" 2>&1 ||
	say "refresh with an unchanged signature file: exit code $?"
# (b) the metadata changed and re-signed (PKCS#7 and sha256) by a key the
# node does not trust: the daemon must refuse it
sh "$top/data/keys/make-test-keys.sh" "$work/rogue-keys"
rm -f "$work/remote/firmware.xml.gz.jcat"
jcat-tool --basename sign "$work/remote/firmware.xml.gz.jcat" "$work/remote/firmware.xml.gz" \
	"$work/rogue-keys/signer.pem" "$work/rogue-keys/signer.key" >/dev/null
jcat-tool --basename self-sign "$work/remote/firmware.xml.gz.jcat" "$work/remote/firmware.xml.gz" --kind sha256 >/dev/null
rc=0
fleet_ssh 1 fwupdmgr refresh --force >"$work/tampered-metadata.log" 2>&1 || rc=$?
[ $rc -ne 0 ] || { cat "$work/tampered-metadata.log" >&2; die "a refresh of metadata signed by an untrusted key succeeded"; }
say "refused (exit code $rc): $(grep -v '…' "$work/tampered-metadata.log" | grep -v '^See \|WARNING' | tail -n 1)"
fleet_ssh 1 fwupdmgr get-updates --json | jq -e '[.Devices[]?.Releases[]?.Version] | index("1.9") | not' >/dev/null ||
	die "the tampered metadata's release 1.9 is offered"
cp "$work/firmware.xml.gz.good" "$work/remote/firmware.xml.gz"
cp "$work/firmware.xml.gz.jcat.good" "$work/remote/firmware.xml.gz.jcat"

say "remote: a tampered cabinet is refused"
cp "$work/remote/tf-rmm-1.1.cab" "$work/tf-rmm-1.1.cab.good"
printf 'X' | dd of="$work/remote/tf-rmm-1.1.cab" bs=1 seek=200 conv=notrunc 2>/dev/null
rmm_id=$(fleet_ssh 1 fwupdmgr get-devices --json | jq -r --arg g "$rmm" '.Devices[] | select(.Guid | index($g)) | .DeviceId')
rc=0
# shellcheck disable=SC2086
fleet_ssh 1 fwupdmgr install "$rmm_id" 1.1 $flags >"$work/tampered-cab.log" 2>&1 || rc=$?
[ $rc -ne 0 ] || die "installing a tampered cabinet succeeded"
say "refused (exit code $rc): $(grep -v '…' "$work/tampered-cab.log" | grep -v '^See \|WARNING' | tail -n 1)"
expect_attr 1 "$rmm" activation_pending 0 "a tampered cabinet must stage nothing"
cp "$work/tf-rmm-1.1.cab.good" "$work/remote/tf-rmm-1.1.cab"

# ---- 2. the nodes before any rollout --------------------------------------
for n in $nodes; do
	eval "boot_$n=\$(fleet_ssh $n cat /proc/sys/kernel/random/boot_id)"
	eval "up_$n=\$(fleet_ssh $n cut -d. -f1 /proc/uptime)"
done

# ---- 3. a clean rollout -----------------------------------------------
rollout clean "$rmm=1.1"
[ "$rollout_rc" -eq 0 ] || rollout_failed "the clean rollout failed"
grep -q 'LFA-ROLLOUT: complete on 4 node' "$work/clean.log" || rollout_failed "no completion line"
for n in $nodes; do
	expect_attr "$n" "$rmm" current_version 1.1 "after the clean rollout"
	expect_attr "$n" "$rmm" activation_pending 0 "after the clean rollout"
	grep -q "LFA-SUMMARY node$n: TF-RMM 1.0 -> 1.1, activated" "$work/clean.log" ||
		rollout_failed "node$n has no 'TF-RMM 1.0 -> 1.1, activated' summary line"
done

# ---- 4. a fault on node3 (second batch) stops the rollout -------------
rollout fault "$sp1=1.1"
[ "$rollout_rc" -ne 0 ] || rollout_failed "the rollout with a faulty node3 succeeded"
grep -q 'LFA-ROLLOUT: stopped after the batch node2,node3' "$work/fault.log" ||
	rollout_failed "the rollout did not stop after the batch node2,node3"
grep -q 'LFA-UNHEALTHY node3: .*[Aa]ctivation failed' "$work/fault.log" ||
	rollout_failed "node3 is not reported unhealthy with its activation failure"
grep -q 'LFA-SUMMARY node4: staged, not activated' "$work/fault.log" ||
	rollout_failed "node4 is not reported as not activated"
expect_attr 1 "$sp1" current_version 1.1 "node1 is the canary"
expect_attr 2 "$sp1" current_version 1.1 "node2 shares the batch with node3"
expect_attr 3 "$sp1" current_version 1.0 "node3's activation failed"
expect_attr 3 "$sp1" activation_pending 1 "node3 keeps 1.1 staged"
expect_attr 4 "$sp1" current_version 1.0 "node4 is in a later batch"
expect_attr 4 "$sp1" activation_pending 1 "node4 was staged before the batches"

# ---- 5. the fault cleared (it was transient): a rerun completes -------
rollout rerun "$sp1=1.1"
[ "$rollout_rc" -eq 0 ] || rollout_failed "the rerun failed"
for n in $nodes; do
	expect_attr "$n" "$sp1" current_version 1.1 "after the rerun"
	expect_attr "$n" "$sp1" activation_pending 0 "after the rerun"
done
for n in 1 2; do
	[ "$(changed_of "node$n")" = 0 ] || rollout_failed "the rerun changed node$n, which already ran 1.1"
done
for n in 3 4; do
	[ "$(changed_of "node$n")" -gt 0 ] || rollout_failed "the rerun did not activate node$n"
done

# ---- 6. a third run is a no-op ---------------------------------------------
rollout noop "$rmm=1.1" "$sp1=1.1"
[ "$rollout_rc" -eq 0 ] || rollout_failed "the no-op run failed"
for n in $nodes; do
	[ "$(changed_of "node$n")" = 0 ] || rollout_failed "the third run changed node$n"
done

# ---- 7. all of it live: same boot, uptime only grew -------------------------
for n in $nodes; do
	eval "b=\$boot_$n u=\$up_$n"
	[ "$(fleet_ssh "$n" cat /proc/sys/kernel/random/boot_id)" = "$b" ] || die "node$n rebooted"
	u2=$(fleet_ssh "$n" cut -d. -f1 /proc/uptime)
	[ "$u2" -gt "$u" ] || die "node$n's uptime went from $u to $u2 s"
	fleet_ssh "$n" dmesg | grep 'ns in stop_machine' | sed "s/^/    node$n: /" >&2 || true
done

t4=$(now)
say "timings: node root $((t1 - t0)) s, keys+cabinets+remote+images $((t2 - t1)) s," \
	"boot of 4 nodes $((t3 - t2)) s, checks $((t4 - t3)) s, total $((t4 - t0)) s"
say "ansible runs: $(tr '\n' ';' <"$work/timings")"
if [ "${LFA_FLEET_KEEP:-0}" = 1 ]; then
	trap - EXIT
	say "nodes kept running (LFA_FLEET_KEEP=1); inventory $work/inventory.yml"
fi
say "PASS"
