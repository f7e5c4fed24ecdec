# shellcheck shell=sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# fleet-nodes.sh: sourced by run-fleet.sh after tests/e2e/e2e-common.sh.
# Makes and boots the fleet's nodes: the e2e guest image (assemble-image.sh
# over the node root of build-node-root.sh) booted once per node from one
# read-only root image (each QEMU writes to its own snapshot), plus a small
# per-node disk with the node's name, scenario, SSH host key and the run's
# authorised key. Each node's only network is QEMU's user network with
# restrict=on: a loopback forward of its sshd (127.0.0.1:PORT on the host)
# and a guestfwd of 10.0.2.100:80 to the remote's HTTP server on the
# host's loopback. Nothing else is reachable from a node.

# the variables set here are the runner's (SC2034), the rest is set by it (SC2154)
# shellcheck disable=SC2034,SC2154

# free loopback TCP ports, one per line
fleet_free_ports() {
	/usr/bin/python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# fleet_serve_remote DIR: a read-only static HTTP server for DIR on
# 127.0.0.1; sets http_port and http_pid
fleet_serve_remote() {
	http_port=$(fleet_free_ports 1)
	(cd "$1" && exec /usr/bin/python3 -m http.server --bind 127.0.0.1 "$http_port") \
		>"$work/http.log" 2>&1 &
	http_pid=$!
	echo "$http_pid" >"$work/http.pid"
	i=0
	until curl -fsS -o /dev/null "http://127.0.0.1:$http_port/firmware.xml.gz" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || die "the remote's HTTP server did not come up (see $work/http.log)"
		kill -0 "$http_pid" 2>/dev/null || die "the remote's HTTP server exited: $(cat "$work/http.log")"
		sleep 0.1
	done
}

# fleet_node_disk N NAME SCENARIO: work/nodeN.ext4 with what node-boot.sh reads
fleet_node_disk() {
	d="$work/node$1"
	rm -rf "$d" "$d.ext4"
	mkdir -p "$d"
	printf 'node_name=%s\n' "$2" >"$d/node.conf"
	cp "$3" "$d/node.lfa"
	cp "$here_fleet/node/node-boot.sh" "$d/node-boot.sh"
	cp "$work/remote/lfa-fleet.conf" "$d/lfa-fleet.conf"
	cp "$work/ssh/id_ed25519.pub" "$d/authorized_keys"
	ssh-keygen -q -t ed25519 -N '' -C "$2" -f "$d/ssh_host_ed25519_key"
	truncate -s 8M "$d.ext4"
	mke2fs -q -F -t ext4 -L lfa-node -d "$d" "$d.ext4"
}

# fleet_boot N NAME SSHPORT: starts the node's QEMU in the background
# (its pid in work/nodeN.pid, console in work/nodeN.console).
# no_timer_check: on a host loaded with other TCG guests the kernel's early
# IO-APIC timer check can miss its ticks and panic ("IO-APIC + timer
# doesn't work!"); the check is meaningless for an emulated board.
fleet_boot() {
	net="user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:$3-10.0.2.15:22"
	net="$net,guestfwd=tcp:10.0.2.100:80-cmd:socat STDIO TCP:127.0.0.1:$http_port"
	timeout -k 10 "$timeout_s" qemu-system-x86_64 \
		-accel tcg -cpu max -smp "$fleet_smp" -m 768 \
		-nodefaults -no-reboot -display none -monitor none \
		-kernel "$kernel" -initrd "$work/initrd.cpio" \
		-append "console=ttyS0 root=/dev/vda rw quiet loglevel=4 panic=-1 no_timer_check systemd.show_status=0 systemd.mask=lfa-e2e.service" \
		-drive "file=$work/root.ext4,format=raw,if=virtio,snapshot=on,cache=unsafe" \
		-drive "file=$work/node$1.ext4,format=raw,if=virtio,readonly=on" \
		-netdev "$net" -device virtio-net-pci,netdev=net0 \
		-serial "file:$work/node$1.console" \
		</dev/null >"$work/node$1.qemu.log" 2>&1 &
	echo $! >"$work/node$1.pid"
}

# fleet_ssh N CMD...: run CMD on node N as root
fleet_ssh() {
	n=$1
	shift
	eval "port=\$port_$n"
	ssh -q -i "$work/ssh/id_ed25519" -p "$port" -o BatchMode=yes \
		-o UserKnownHostsFile="$work/ssh/known_hosts" -o StrictHostKeyChecking=yes \
		-o ConnectTimeout=10 root@127.0.0.1 "$@"
}

# fleet_wait_ready N DEADLINE: until node N's sshd answers and its set-up
# finished, at the latest by DEADLINE (seconds since the epoch)
fleet_wait_ready() {
	deadline=$2
	while :; do
		if fleet_ssh "$1" systemctl is-active --quiet lfa-fleet-node.service 2>/dev/null; then
			return 0
		fi
		kill -0 "$(cat "$work/node$1.pid")" 2>/dev/null ||
			{ tail -n 30 "$work/node$1.console" >&2; die "node$1's QEMU exited during boot"; }
		[ "$(now)" -lt "$deadline" ] ||
			{ tail -n 30 "$work/node$1.console" >&2; die "node$1 not ready within ${fleet_boot_budget}s of the boot"; }
		sleep 2
	done
}

# stop every QEMU and the HTTP server this run started (by pid)
fleet_stop() {
	for f in "$work"/node*.pid; do
		[ -f "$f" ] || continue
		kill "$(cat "$f")" 2>/dev/null || true
		rm -f "$f"
	done
	if [ -f "$work/http.pid" ]; then
		kill "$(cat "$work/http.pid")" 2>/dev/null || true
		rm -f "$work/http.pid"
	fi
}
