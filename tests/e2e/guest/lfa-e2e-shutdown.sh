#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# Runs inside the e2e guest for run-e2e-shutdown.sh, started by
# lfa-e2e-shutdown.service instead of the full scenario. It stages TF-RMM
# 1.1 through the stock daemon (so that fwupd's history database, pending.db,
# exists and fwupd's shutdown hook will run "fwupdtool activate"), leaves SP1
# with 1.1 staged out of band, and then reboots or powers off as the kernel
# command line says (lfa_e2e.shutdown=reboot|poweroff). What happens during
# the shutdown is judged by the host from the console: the kernel's lfa lines
# are shown there, as nothing in the guest survives the reboot.
# Transcript on the second serial port; its verdict covers the staging only.
set -u

here=/usr/local/lib/lfa-e2e
dropin=/etc/systemd/system/fwupd.service.d/lfa.conf
rmm=6c0762a6-12f2-4b56-92cb-ba8f633606d9
sp1=f07b2a96-1d47-4d17-9ec8-86a64e253e5c
flags="--no-unreported-check --no-metadata-check --no-remote-check --no-reboot-check --no-security-fix --assume-yes"

fail() {
	echo "---- fwupd journal ----"
	journalctl -b -u fwupd.service --no-pager -o cat 2>/dev/null | tail -n 30
	echo "E2E-RESULT: FAIL $*"
	exit 1
}

run() {
	echo "# $*"
	"$@" 2>&1 | grep -v '…: *[0-9]*%$'
}

sysfs() {
	cat "/sys/firmware/lfa/$1/$2"
}

mode=$(sed -n 's/.*lfa_e2e\.shutdown=\([a-z]*\).*/\1/p' /proc/cmdline)
case "$mode" in
reboot | poweroff) ;;
*) fail "no lfa_e2e.shutdown=reboot|poweroff on the kernel command line" ;;
esac

echo "=== Stage, then systemctl $mode: fwupd's shutdown hook must not activate live ==="
modprobe lfa_sim || fail "modprobe lfa_sim"
cat >/sys/kernel/lfa_sim/scenario <<EOF || fail "the simulated agent refused the scenario"
component $rmm name=TF-RMM current=1.0 rendezvous=required
component $sp1 name=SP1 current=1.0 pending=1.1 rendezvous=optional
EOF
install -D -m 0644 "$here/fwupd.service.d/lfa.conf" "$dropin"
systemctl daemon-reload
systemctl start fwupd.service || fail "starting fwupd"
run fwupdmgr install $flags "$here/tf-rmm-1.1.cab"
[ "$(sysfs $rmm activation_pending)" = 1 ] || fail "TF-RMM 1.1 is not staged"
[ "$(sysfs $rmm current_version)" = 1.0 ] || fail "TF-RMM is not at 1.0"
[ "$(sysfs $sp1 activation_pending)" = 1 ] || fail "SP1 1.1 is not staged"
[ -f /var/lib/fwupd/pending.db ] || fail "no /var/lib/fwupd/pending.db: the hook would not run"
run ls -l /usr/lib/systemd/system-shutdown/
run fwupdmgr get-devices --filter needs-activation

# the kernel's lfa lines (info level) must reach the console until the end,
# and systemd-shutdown (which inherits the manager's log level) must say that
# it ran fwupd's hook: the hook's own output goes nowhere
dmesg -n 8
systemctl log-level debug
echo "lfa-e2e: systemctl $mode with TF-RMM 1.1 and SP1 1.1 staged" >/dev/kmsg
echo "staged; the host checks the $mode on the console"
echo "E2E-RESULT: PASS"
systemctl --no-block "$mode"
