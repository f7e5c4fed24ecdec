#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# Guest side of scripts/bench-guest.sh: runs in the e2e guest (Debian,
# systemd, the stock fwupd daemon under its stock unit, lfa.ko and
# lfa_sim.ko) in place of the e2e test driver, started by lfa-e2e.service.
# Prints BENCH lines (parsed by the host) and ends with the e2e verdict line.
#   staging:  fwupdmgr install of a signed 1 MiB and 32 MiB cabinet against
#             the raw firmware-upload protocol by hand, alternated
#   coldplug: lfa-bench-coldplug (plugin vs a C loop over the same files)
#             at N = 1, 100, 1000 components of the simulated agent
set -u
lib=/usr/local/lib/lfa-e2e
G=5eed0000-0000-4000-8000-000000000000
up=/sys/class/firmware/lfa-$G
runs=$(sed -n 's/.*lfa_bench\.runs=\([0-9]*\).*/\1/p' /proc/cmdline)
runs=${runs:-5}
sizes=$(sed -n 's/.*lfa_bench\.sizes=\([0-9,]*\).*/\1/p' /proc/cmdline | tr , ' ')
sizes=${sizes:-1 32}
plugin=$(find /usr/lib -name libfu_plugin_lfa.so | head -n 1)

fail() {
	echo "---- fwupd journal ----"
	journalctl -b -u fwupd.service --no-pager -o cat 2>/dev/null | tail -n 30
	dmesg | grep -i lfa | tail -n 10
	echo "E2E-RESULT: FAIL $*"
	exit 1
}

# the flags keep fwupdmgr from asking questions or looking for a network
install_cab() {
	fwupdmgr install --no-unreported-check --no-metadata-check --no-remote-check \
		--no-reboot-check --no-security-fix --assume-yes "$1" >/run/bench.log 2>&1 ||
		{ tail -n 5 /run/bench.log; return 1; }
}

now_ns() {
	date +%s%N
}

# the protocol as an administrator types it; `read` polls without a fork
raw_upload() {
	echo 1 >"$up/loading" || return 1
	cat "$1" >"$up/data" || return 1
	echo 0 >"$up/loading" || return 1
	while read -r status <"$up/status" && [ "$status" != idle ]; do
		:
	done
	read -r err <"$up/error" || err=
	[ -z "$err" ] || { echo "raw upload: error '$err'"; return 1; }
}

echo "BENCH-INFO kernel $(uname -r) cpus $(nproc) runs $runs"
modprobe lfa_sim || fail "modprobe lfa_sim"
printf 'component %s current=1.0 rendezvous=optional\n' "$G" >/sys/kernel/lfa_sim/scenario ||
	fail "the simulated agent refused one component"
install -D -m 0644 "$lib/fwupd.service.d/lfa.conf" /etc/systemd/system/fwupd.service.d/lfa.conf
systemctl daemon-reload
systemctl start fwupd.service || fail "starting fwupd"

for mib in $sizes; do
	cab=$lib/bench-$mib.cab
	img=$lib/bench-$mib.img
	# once each first: the daemon's first-use costs, the page cache
	install_cab "$cab" || fail "fwupdmgr install $mib MiB"
	raw_upload "$img" || fail "raw upload $mib MiB"
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now_ns)
		install_cab "$cab" || fail "fwupdmgr install $mib MiB"
		t1=$(now_ns)
		raw_upload "$img" || fail "raw upload $mib MiB"
		t2=$(now_ns)
		echo "BENCH staging mib=$mib ours_ns=$((t1 - t0)) raw_ns=$((t2 - t1))"
		i=$((i + 1))
	done
done

# coldplug: the plugin alone, in-process, with the daemon out of the way
systemctl stop fwupd.service
for n in 1 100 1000; do
	case $n in 1) iters=51 ;; 100) iters=11 ;; *) iters=5 ;; esac
	# the compact form (agent branch: >= 1024 components); else one line
	# per component, which the first simulated agent took up to 32 of
	if ! printf 'repeat %d component %s current=1.0 rendezvous=optional\n' "$n" "$G" \
		>/sys/kernel/lfa_sim/scenario 2>/dev/null; then
		i=0
		while [ $i -lt "$n" ]; do
			printf 'component 5eed%04x-0000-4000-8000-%012x current=1.0 rendezvous=optional\n' "$i" "$i"
			i=$((i + 1))
		done >/run/scenario.lfa
		cat /run/scenario.lfa >/sys/kernel/lfa_sim/scenario 2>/dev/null
	fi
	have=$(find /sys/firmware/lfa -mindepth 1 -maxdepth 1 | wc -l)
	if [ "$have" != "$n" ]; then
		echo "BENCH-NOTE coldplug N=$n not measured: the loaded simulated agent lists $have components (it refused a scenario of $n; kernel: $(dmesg | grep -i lfa_sim | tail -n 1))"
		continue
	fi
	out=$("$lib/lfa-bench-coldplug" "$plugin" "$iters" 2>/run/coldplug.err) ||
		{ cat /run/coldplug.err; fail "lfa-bench-coldplug at N=$n"; }
	echo "BENCH coldplug n=$n $out"
done
echo "E2E-RESULT: PASS"
