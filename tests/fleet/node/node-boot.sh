#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# Runs inside a fleet node at boot (lfa-fleet-node.service), from the node's
# read-only per-run disk mounted at /run/lfa-fleet, before sshd starts. It
# leaves the node as an administrator would have set it up:
#   - its name, the run's SSH host key and authorised key (made per run by
#     the host, never in the image);
#   - the LFA driver and the simulated platform (lfa_sim.ko, both built by
#     DKMS from the packages) with this node's scenario (node.lfa: its
#     components, versions and faults);
#   - the fleet remote
#     (lfa-fleet.conf) with its CA trusted for metadata, Debian's LVFS
#     remotes disabled (the node reaches nothing else);
#   - the stock fwupd daemon started.
# Messages go to the journal and the console (the host keeps the console).
set -eu
cfg=/run/lfa-fleet
# node.conf sets node_name
# shellcheck source=/dev/null
. "$cfg/node.conf"
# shellcheck disable=SC2154

echo "lfa-fleet-node: $node_name: setting up"
hostname "$node_name"
echo "$node_name" >/etc/hostname

install -m 0600 "$cfg/ssh_host_ed25519_key" /etc/ssh/ssh_host_ed25519_key
install -m 0644 "$cfg/ssh_host_ed25519_key.pub" /etc/ssh/ssh_host_ed25519_key.pub
install -d -m 0700 /root/.ssh
install -m 0600 "$cfg/authorized_keys" /root/.ssh/authorized_keys

modprobe lfa_sim
cat "$cfg/node.lfa" >/sys/kernel/lfa_sim/scenario

# the systemd drop-in for fwupd comes with the fwupd-plugin-lfa package
dropin=/usr/lib/systemd/system/fwupd.service.d/lfa.conf
[ -f "$dropin" ] || { echo "lfa-fleet-node: $node_name: $dropin is missing (fwupd-plugin-lfa not installed?)" >&2; exit 1; }
for r in /etc/fwupd/remotes.d/lvfs.conf /etc/fwupd/remotes.d/lvfs-testing.conf; do
	[ -f "$r" ] && sed -i 's/^Enabled=.*/Enabled=false/' "$r"
done
install -m 0644 "$cfg/lfa-fleet.conf" /etc/fwupd/remotes.d/lfa-fleet.conf
install -D -m 0644 /etc/pki/fwupd/LFA-TEST-ONLY-CA.pem /etc/pki/fwupd-metadata/LFA-TEST-ONLY-CA.pem
systemctl daemon-reload
systemctl start fwupd.service
echo "lfa-fleet-node: $node_name: ready ($(ls /sys/firmware/lfa | wc -l) LFA components, fwupd $(systemctl is-active fwupd.service))"
