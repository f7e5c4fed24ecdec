#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# run-fleet.sh BUILDDIR
# The fleet test (meson suite `fleet`): four nodes, each the e2e guest
# (Debian, systemd, the stock fwupd daemon, the project installed with apt
# from its packages: plugin, quirks, drop-in, and lfa.ko and the simulated
# agent built by DKMS) plus sshd, booted from one image with
# their own scenario; a signed remote made by scripts/publish-remote.sh and
# served read-only on the host's loopback; the Ansible collection in
# ansible/ drives them over SSH on loopback forwards. It checks:
#   1. the remote: refresh, get-updates --json and install work with
#      OnlyTrusted=true; tampered metadata and a tampered cabinet are
#      refused; BL31 (may_reset_cpu) is not offered;
#   2. a clean rollout (TF-RMM 1.1) switches every node live, no reboot;
#   3. a fault on node3 (second batch) stops the SP1 rollout there, node4
#      (third batch) is not activated, the summary says so;
#   4. the fault was transient: a rerun completes;
#   5. a third run changes nothing.
# Exit code 0 only if all of it held. Timings are printed at the end.
#
# Environment: LFA_E2E_DEBS, LFA_E2E_MKIMAGE as for
#              tests/e2e/run-e2e.sh; LFA_FLEET_TIMEOUT (s, default 3000)
#              bounds each QEMU; LFA_FLEET_BOOT_BUDGET (s, default 1500)
#              bounds the nodes' boot; LFA_FLEET_KEEP=1 leaves the nodes running
#              after the checks (stop them with the pids in the work dir).

# t1..t3 are read by fleet-checks.sh, sourced at the end
# shellcheck disable=SC2034
set -eu
here_fleet=$(cd "$(dirname "$0")" && pwd)
# e2e-common.sh expects `here` to be the e2e directory (make-cabinet.sh, ...)
here=$(cd "$here_fleet/../e2e" && pwd)
# shellcheck source-path=SCRIPTDIR source=../e2e/e2e-common.sh
. "$here/e2e-common.sh"
# shellcheck source-path=SCRIPTDIR source=fleet-nodes.sh
. "$here_fleet/fleet-nodes.sh"
e2e_init fleet fleet "${LFA_FLEET_TIMEOUT:-3000}" "$@"
# the fleet's own directory for this run (e2e_init made one under tests/e2e)
rmdir "$work"
mkdir -p "$build/tests/fleet"
work=$(mktemp -d "$build/tests/fleet/work.XXXXXX")
timeout_s=${LFA_FLEET_TIMEOUT:-3000}
fleet_smp=2
# a node's boot plus the daemon's first start: 2-3 minutes on a quiet host,
# over 10 when the 2 cores are shared with other TCG guests
fleet_boot_budget=${LFA_FLEET_BOOT_BUDGET:-1500}
nodes="1 2 3 4"
rmm=6c0762a6-12f2-4b56-92cb-ba8f633606d9
sp1=f07b2a96-1d47-4d17-9ec8-86a64e253e5c
bl31=47d4086d-4cfe-9846-9b95-2950cbbd5a00

for tool in ansible-playbook ssh ssh-keygen jcat-tool socat curl; do
	command -v "$tool" >/dev/null || die "$tool is missing; run scripts/setup.d/60-fleet.sh"
done
linux="$top/.deps/linux/amd64"
kmoddir="$linux/modules"
kernel="$linux/vmlinux"
[ -f "$kernel" ] || kernel="$linux/vmlinuz"
[ -f "$kernel" ] && [ -d "$kmoddir/" ] || die "Debian's amd64 kernel is not in $linux; run scripts/setup.sh"
debs=${LFA_E2E_DEBS:-$build/tests/package/debs}
ls "$debs"/fwupd-plugin-lfa_*_amd64.deb >/dev/null 2>&1 ||
	die "no packages in $debs; run meson test (target lfa-debs) or scripts/build-debs.sh $debs"
e2e_find_mkimage

t0=$(now)
say "node root: the e2e base root plus sshd and Python (cached in .deps/fleet/)"
noderoot=$(sh "$here_fleet/build-node-root.sh")
t1=$(now)

rm -rf "$work"
mkdir -p "$work/cabs" "$work/ssh"
trap 'fleet_stop' EXIT
trap 'exit 1' INT TERM

say "test-only keys, signed cabinets, the remote"
sh "$top/data/keys/make-test-keys.sh" "$work/keys"
mkcab() {
	sh "$here/make-cabinet.sh" "$mkimage" "$work/keys" "$1" "$2" "$3" "$work/cabs/$4"
}
mkcab $rmm 1.1 TF-RMM tf-rmm-1.1.cab
mkcab $sp1 1.1 SP1 sp1-1.1.cab
mkcab $bl31 2.9 BL31 bl31-2.9.cab
sh "$top/scripts/publish-remote.sh" "$work/remote" http://10.0.2.100 "$work/keys" "$work"/cabs/*.cab
fleet_serve_remote "$work/remote"

say "guest image (assemble-image.sh over the node root: apt install of the packages, DKMS) and initramfs with virtio-net"
sh "$here/assemble-image.sh" "$noderoot" "$kmoddir" "$work" --debs "$debs"
LFA_E2E_INITRD_MODULES="virtio_pci virtio_blk crc32c_generic ext4 virtio_net" \
	sh "$here/make-initramfs.sh" "$kmoddir" "$work/initrd.cpio"
ssh-keygen -q -t ed25519 -N '' -C lfa-fleet-test -f "$work/ssh/id_ed25519"
ports=$(fleet_free_ports 4)
: >"$work/ssh/known_hosts"
for n in $nodes; do
	port=$(echo "$ports" | sed -n "${n}p")
	eval "port_$n=$port"
	scenario="$here_fleet/node.lfa"
	[ "$n" = 3 ] && scenario="$here_fleet/node-fault.lfa"
	fleet_node_disk "$n" "node$n" "$scenario"
	echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/node$n/ssh_host_ed25519_key.pub")" >>"$work/ssh/known_hosts"
done
t2=$(now)

say "booting ${nodes} under qemu-system-x86_64 -accel tcg (restrict=on: only the loopback forwards)"
for n in $nodes; do
	eval "fleet_boot $n node$n \$port_$n"
done
boot_deadline=$(($(now) + fleet_boot_budget))
for n in $nodes; do
	fleet_wait_ready "$n" "$boot_deadline"
	say "node$n ready: $(fleet_ssh "$n" journalctl -b -u lfa-fleet-node.service -o cat | grep ': ready' | tail -n 1)"
done
t3=$(now)

# the inventory Ansible uses, as an operator would write it
cat >"$work/inventory.yml" <<INV
lfa_nodes:
  vars:
    ansible_host: 127.0.0.1
    ansible_user: root
    ansible_python_interpreter: /usr/bin/python3
    ansible_ssh_private_key_file: $work/ssh/id_ed25519
    ansible_ssh_common_args: -o UserKnownHostsFile=$work/ssh/known_hosts -o StrictHostKeyChecking=yes
  hosts:
INV
for n in $nodes; do
	eval "printf '    node%s:\n      ansible_port: %s\n' $n \$port_$n" >>"$work/inventory.yml"
done

if [ "${LFA_FLEET_KEEP:-0}" = 1 ] && [ "${LFA_FLEET_STOP_AFTER:-}" = boot ]; then
	trap - EXIT
	say "nodes kept running (LFA_FLEET_STOP_AFTER=boot); inventory $work/inventory.yml"
	exit 0
fi
. "$here_fleet/fleet-checks.sh"
