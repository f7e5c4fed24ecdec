#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# build-node-root.sh: the root file system of a fleet node, printed as a
# directory. It is the e2e guest's base root (tests/e2e/build-rootfs.sh,
# reused as it is) plus what a managed server has on top: sshd for Ansible
# and Python for Ansible's modules, and node/lfa-fleet-node.service (which
# runs the per-run set-up from the node's own disk). No key of any kind is
# in it: ssh_host_* are removed, each run brings its own.
#
# Cached in .deps/fleet/node-<key>/; the key covers the base root's
# directory (itself keyed by its package list and recipe), this recipe and
# the unit. One build at a time (flock).

# the hooks' "$1" is mmdebstrap's target, expanded by mmdebstrap's shell
# shellcheck disable=SC2016
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache="$top/.deps/fleet"
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
packages="openssh-server,python3"

if [ "$(id -u)" != 0 ]; then
	echo "build-node-root: must run as root (mmdebstrap, file ownership)" >&2
	exit 1
fi
base=$(sh "$top/tests/e2e/build-rootfs.sh")
key=$( (echo "$(basename "$base") $packages"; cat "$sources" "$here/node/lfa-fleet-node.service"
	sed -n '/^# recipe-begin/,/^# recipe-end/p' "$0") | sha256sum | cut -c1-16)
root="$cache/node-$key"
mkdir -p "$cache"
exec 9>"$cache/.node.lock"
flock -w 900 9 || { echo "build-node-root: $cache/.node.lock is held" >&2; exit 1; }
if [ -f "$root.done" ] && [ -d "$root" ]; then
	echo "$root"
	exit 0
fi
remove_tree() {
	if grep -qF " $1/" /proc/self/mountinfo || grep -qF " $1 " /proc/self/mountinfo; then
		echo "build-node-root: $1 still has mounts; unmount them first" >&2
		exit 1
	fi
	rm -rf --one-file-system "$1"
}
for old in "$cache"/node-*; do
	[ -e "$old" ] || continue
	case "$old" in
	*.done | *.log) rm -f "$old" ;;
	*) remove_tree "$old" ;;
	esac
done

# recipe-begin: a copy of the base (never hard links: dpkg rewrites files),
# then apt inside it through mmdebstrap's custom variant, which mounts and
# unmounts /proc, /sys and /dev itself and keeps services from starting.
# sshd: keys only, one host key (brought by each run), no DNS lookups (the
# guest has no resolver); systemd-networkd: the QEMU user network's fixed
# address, no DHCP wait, no default route (the guest reaches only the
# loopback forwards the test sets up).
if ! mmdebstrap --variant=custom --architectures=amd64 \
	--setup-hook="cp -a '$base/.' \"\$1\"/" \
	--include="$packages" \
	--customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
	--customize-hook='printf "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nUseDNS no\nHostKey /etc/ssh/ssh_host_ed25519_key\n" >"$1/etc/ssh/sshd_config.d/lfa-fleet.conf"' \
	--customize-hook='printf "[Match]\nName=en* eth*\n\n[Network]\nAddress=10.0.2.15/24\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n" >"$1/etc/systemd/network/10-lfa-fleet.network"' \
	--customize-hook="install -m 0644 '$here/node/lfa-fleet-node.service' \"\$1\"/etc/systemd/system/lfa-fleet-node.service" \
	--customize-hook='chroot "$1" systemctl enable lfa-fleet-node.service ssh.service systemd-networkd.service >/dev/null 2>&1' \
	--customize-hook='rm -rf "$1/var/cache/apt/archives/"*.deb "$1/var/lib/apt/lists/"*_Packages' \
	bookworm "$root" "$sources" >"$root.log" 2>&1; then
# recipe-end
	tail -n 30 "$root.log" >&2
	echo "build-node-root: mmdebstrap failed, full log in $root.log" >&2
	remove_tree "$root"
	exit 1
fi
touch "$root.done"
echo "$root"
