#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# Runs inside the package test's guest (run-upgrade.sh; Debian, systemd,
# the stock fwupd daemon), installed as the e2e test driver. The image has
# this project's packages installed with apt (version N); next to this
# script is fwupd-plugin-lfa of version N+1 (the same tree, rebuilt). It
# checks, as an administrator would see it:
#   1. the daemon runs the packaged plugin (lfa listed, its devices shown,
#      the module file mapped in the daemon);
#   2. `apt-get install` of N+1 restarts the daemon (postinst), which maps
#      the new module file (new inode, nothing "(deleted)") and still lists
#      the plugin and its devices;
#   3. `apt-get remove` leaves none of the package's files, and the running
#      daemon (restarted by postrm) no longer has the plugin or the drop-in;
#      `apt-get purge` then forgets the package;
#   4. purging lfa-testbed-dkms and lfa-dkms removes the DKMS modules.
# The last line is the verdict: E2E-RESULT: PASS or E2E-RESULT: FAIL <why>.
set -u

here=/usr/local/lib/lfa-e2e
out=/run/lfa-pkg
mkdir -p "$out"
pkg=fwupd-plugin-lfa
rmm=6c0762a6-12f2-4b56-92cb-ba8f633606d9

fail() {
	echo
	echo "---- fwupd journal (for debugging) ----"
	journalctl -b -u fwupd.service --no-pager -o cat 2>/dev/null | tail -n 40
	echo "E2E-RESULT: FAIL $*"
	exit 1
}

step() {
	echo
	echo "=== $* ==="
}

# show a command as a user types it, run it, show its output; the exit code
# is kept in $rc and the output in $out/last
show() {
	echo "# $*"
	"$@" >"$out/last" 2>&1
	rc=$?
	cat "$out/last"
	[ $rc -eq 0 ] || echo "(exit code $rc)"
	return 0
}

expect_ok() {
	[ $rc -eq 0 ] || fail "$1 failed with exit code $rc"
}

daemon_pid() {
	systemctl show -p MainPID --value fwupd.service
}

# the plugin module files the process maps, as "inode path[ (deleted)]"
mapped() {
	awk '/libfu_plugin_lfa/ { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print }' \
		"/proc/$1/maps" | sort -u
}

plugin_listed() {
	fwupdmgr get-plugins --json 2>/dev/null | jq -r '.Plugins[].Name' | grep -qx lfa
}

rmm_listed() {
	fwupdmgr get-devices --json 2>/dev/null |
		jq -e --arg g $rmm '[.Devices[] | select(.Plugin == "lfa") |
			select(.Guid | index($g))] | length > 0' >/dev/null
}

# the daemon maps exactly this file (inode) of the module, nothing deleted
check_mapped() {
	pid=$1 module=$2
	inode=$(stat -c %i "$module")
	maps=$(mapped "$pid")
	echo "# grep libfu_plugin_lfa /proc/$pid/maps (inode, path): $maps"
	echo "# stat -c %i $module: $inode"
	[ "$maps" = "$inode $module" ] ||
		fail "the daemon (pid $pid) maps '$maps', not $module with inode $inode"
}

step "The machine: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), up $(cut -d' ' -f1 /proc/uptime) s"
show dpkg-query -W fwupd $pkg lfa-dkms lfa-testbed-dkms
expect_ok "dpkg-query of the installed packages"
show dkms status
show systemctl --no-pager show fwupd.service -p DropInPaths -p ReadWritePaths
module=$(dpkg -L $pkg | grep '/libfu_plugin_lfa\.so$')
[ -n "$module" ] || fail "$pkg lists no libfu_plugin_lfa.so"
v1=$(dpkg-query -W -f '${Version}' $pkg)

step "The driver and the simulated agent, built by DKMS, and the daemon"
show modprobe lfa_sim
expect_ok "modprobe lfa_sim"
show modinfo -F filename lfa lfa_sim
show ls /sys/firmware/lfa/
show systemctl start fwupd.service
expect_ok "starting fwupd"
pid1=$(daemon_pid)
plugin_listed || fail "fwupdmgr get-plugins does not list lfa after the install"
rmm_listed || fail "the daemon does not list TF-RMM"
echo "fwupd (pid $pid1) lists the plugin lfa and TF-RMM; $pkg $v1"
check_mapped "$pid1" "$module"

step "Upgrade $pkg: the daemon restarts and loads the new module"
new_deb=$(ls "$here"/${pkg}_*.deb | head -n 1)
v2=$(dpkg-deb -f "$new_deb" Version)
dpkg --compare-versions "$v2" gt "$v1" || fail "$new_deb ($v2) is not newer than $v1"
show apt-get install -y -q --no-install-recommends "$new_deb"
expect_ok "apt-get install of $pkg $v2"
[ "$(dpkg-query -W -f '${Version}' $pkg)" = "$v2" ] || fail "$pkg is not at $v2 after the upgrade"
pid2=$(daemon_pid)
[ "$pid2" != 0 ] && [ "$pid2" != "$pid1" ] ||
	fail "the upgrade did not restart the daemon (pid $pid1 before, $pid2 after)"
show systemctl is-active fwupd.service
expect_ok "fwupd after the upgrade"
plugin_listed || fail "fwupdmgr get-plugins does not list lfa after the upgrade"
rmm_listed || fail "the daemon does not list TF-RMM after the upgrade"
echo "fwupd restarted (pid $pid1 -> $pid2), lists the plugin lfa and TF-RMM; $pkg $v2"
check_mapped "$pid2" "$module"
show journalctl -b -u fwupd.service --no-pager -o cat -g '^(Started|Stopping|Stopped) '

step "Remove $pkg: no file left, the daemon runs without it"
dpkg -L $pkg >"$out/files"
show apt-get remove -y -q $pkg
expect_ok "apt-get remove $pkg"
# dpkg keeps a removed package with a postrm as config-files until a purge;
# this one has no conffiles, so nothing of it stays on disk either way
status=$(dpkg-query -W -f '${db:Status-Status}' $pkg 2>/dev/null || echo not-installed)
[ "$status" = config-files ] || [ "$status" = not-installed ] ||
	fail "$pkg is '$status' after the removal"
[ -z "$(dpkg-query -W -f '${Conffiles}' $pkg 2>/dev/null)" ] || fail "$pkg has conffiles"
left=
while read -r f; do
	[ -d "$f" ] && continue
	if [ -e "$f" ] || [ -L "$f" ]; then
		left="$left $f"
	fi
done <"$out/files"
[ -z "$left" ] || fail "files left after the removal:$left"
echo "none of the $(wc -l <"$out/files") paths the package listed is left (directories shared with others aside)"
pid3=$(daemon_pid)
[ "$pid3" != 0 ] && [ "$pid3" != "$pid2" ] ||
	fail "the removal did not restart the daemon (pid $pid2 before, $pid3 after)"
show systemctl is-active fwupd.service
expect_ok "fwupd after the removal"
[ -z "$(mapped "$pid3")" ] || fail "the daemon still maps $(mapped "$pid3")"
plugin_listed && fail "fwupdmgr get-plugins still lists lfa after the removal"
show systemctl --no-pager show fwupd.service -p DropInPaths -p ReadWritePaths
grep -q 'lfa\.conf' "$out/last" && fail "the daemon's unit still has the lfa drop-in"
echo "fwupd restarted (pid $pid2 -> $pid3), runs without the plugin and without the drop-in"
# what a daemon killed mid-activation leaves: the plugin's state goes with a purge
mkdir -p /var/lib/fwupd/lfa && : >/var/lib/fwupd/lfa/activation-left-by-a-killed-daemon
show apt-get purge -y -q $pkg
expect_ok "apt-get purge $pkg"
[ ! -e /var/lib/fwupd/lfa ] || fail "the purge left the plugin's state in /var/lib/fwupd/lfa"
status=$(dpkg-query -W -f '${db:Status-Status}' $pkg 2>/dev/null || echo not-installed)
[ "$status" = not-installed ] || fail "$pkg is '$status' after the purge, not not-installed"
show systemctl is-active fwupd.service
expect_ok "fwupd after the purge"

step "Purge the DKMS packages: the modules go with them"
show modprobe -r lfa_sim lfa
expect_ok "unloading lfa_sim and lfa"
dkms_files=$(dpkg -L lfa-dkms lfa-testbed-dkms | sort -u)
show apt-get purge -y -q lfa-testbed-dkms lfa-dkms
expect_ok "apt-get purge of the DKMS packages"
for p in lfa-testbed-dkms lfa-dkms; do
	status=$(dpkg-query -W -f '${db:Status-Status}' $p 2>/dev/null || echo not-installed)
	[ "$status" = not-installed ] || fail "$p is '$status' after the purge"
done
show dkms status
# stdout only: dkms's own check for /proc (`[ -e <(echo) ]`) races with the
# echo and may print "echo: write error: Broken pipe" on stderr
[ -z "$(dkms status 2>/dev/null)" ] || fail "dkms still knows modules after the removal"
for ko in lfa lfa_sim lfa_bench; do
	modinfo "$ko" >/dev/null 2>&1 && fail "$ko.ko is still installed ($(modinfo -F filename $ko))"
done
for f in $dkms_files; do
	[ -d "$f" ] && continue
	[ -e "$f" ] && fail "$f left after the removal"
done
echo "no lfa module and no DKMS source left"
echo
echo "E2E-RESULT: PASS"
