#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# assemble-image.sh BASE_ROOT KMODDIR LFA_KO AGENT_KO PLUGIN_SO WORKDIR
# Make WORKDIR/root.ext4 for one test run: the cached Debian base root plus
# what an administrator installs from this project
#   - lfa.ko and AGENT_KO (amd64: the simulated agent lfa_sim.ko; arm64:
#     lfa_stage_shmem.ko, staging to the EL3 firmware) in
#     /lib/modules/<release>/updates/ (depmod'ed)
#   - the plugin module and its quirks where Debian's fwupd looks for them
#   - the test CA in /etc/pki/fwupd/ (the trust a private remote sets up)
# and the test driver in /usr/local/lib/lfa-e2e/ with its unit enabled,
# writing its transcript to /dev/$LFA_E2E_TTY (default ttyS1). The
# systemd drop-in is NOT installed: the guest shows the failure first and
# installs it itself. Cabinets are expected in WORKDIR/cabs/, the test CA in
# WORKDIR/keys/. The base root is shared through hard links and never
# modified: files are always replaced, never written in place.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ $# -ne 6 ]; then
	echo "usage: $0 BASE_ROOT KMODDIR LFA_KO AGENT_KO PLUGIN_SO WORKDIR" >&2
	exit 2
fi
base=$1 kmoddir=$2 lfa_ko=$3 lfa_sim_ko=$4 plugin=$5 work=$6
release=$(basename "$(readlink -f "$kmoddir")")
stage="$work/stage"

# the module has no ABI check of its own: the guest's fwupd must be the
# exact version it was built against (the host's)
host_fwupd=$(dpkg-query -W -f '${Version}' fwupd)
guest_fwupd=$(dpkg-query --admindir="$base/var/lib/dpkg" -W -f '${Version}' fwupd)
if [ "$host_fwupd" != "$guest_fwupd" ]; then
	echo "assemble-image: the plugin is built for fwupd $host_fwupd but the guest has $guest_fwupd" >&2
	exit 1
fi
for ko in "$lfa_ko" "$lfa_sim_ko"; do
	vermagic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	if [ "$vermagic" != "$release" ]; then
		echo "assemble-image: $ko is built for '$vermagic', the guest kernel is $release" >&2
		exit 1
	fi
done
pkgdir=$(find "$base/usr/lib" -maxdepth 2 -type d -name 'fwupd-2.*' | head -n 1)
if [ -z "$pkgdir" ]; then
	echo "assemble-image: no fwupd plugin directory in $base/usr/lib" >&2
	exit 1
fi
pkgdir=${pkgdir#"$base"}

rm -rf "$stage"
cp -al "$base" "$stage"

# put SRC at DEST inside the stage with MODE, replacing (not overwriting)
# whatever the base has there
put() {
	mkdir -p "$(dirname "$stage$2")"
	rm -f "$stage$2"
	cp "$1" "$stage$2"
	chmod "$3" "$stage$2"
}

# kernel modules: only what the guest loads, to keep the image small
mods="/lib/modules/$release"
mkdir -p "$stage$mods"
for f in modules.builtin modules.builtin.modinfo modules.order; do
	put "$kmoddir/$f" "$mods/$f" 0644
done
put "$lfa_ko" "$mods/updates/lfa/lfa.ko" 0644
put "$lfa_sim_ko" "$mods/updates/lfa/$(basename "$lfa_sim_ko")" 0644
depmod -b "$stage" "$release"

put "$plugin" "$pkgdir/libfu_plugin_lfa.so" 0644
put "$top/plugins-lfa/lfa.quirk" /usr/share/fwupd/quirks.d/lfa.quirk 0644
put "$work/keys/LFA-TEST-ONLY-CA.pem" /etc/pki/fwupd/LFA-TEST-ONLY-CA.pem 0644

lib=/usr/local/lib/lfa-e2e
put "$here/guest/lfa-e2e-guest.sh" "$lib/lfa-e2e-guest.sh" 0755
put "$here/guest/e2e.lfa" "$lib/e2e.lfa" 0644
put "$top/data/systemd/fwupd.service.d/lfa.conf" "$lib/fwupd.service.d/lfa.conf" 0644
for cab in "$work"/cabs/*.cab; do
	put "$cab" "$lib/$(basename "$cab")" 0644
done
tty=${LFA_E2E_TTY:-ttyS1}
sed "s|^TTYPath=/dev/ttyS1\$|TTYPath=/dev/$tty|" "$here/guest/lfa-e2e.service" >"$work/lfa-e2e.service"
grep -qx "TTYPath=/dev/$tty" "$work/lfa-e2e.service" ||
	{ echo "assemble-image: cannot point lfa-e2e.service at /dev/$tty" >&2; exit 1; }
put "$work/lfa-e2e.service" /etc/systemd/system/lfa-e2e.service 0644
# no login prompt on the transcript's port (a virtio console gets one)
ln -sf /dev/null "$stage/etc/systemd/system/serial-getty@$tty.service"
mkdir -p "$stage/etc/systemd/system/multi-user.target.wants"
ln -s /etc/systemd/system/lfa-e2e.service \
	"$stage/etc/systemd/system/multi-user.target.wants/lfa-e2e.service"

rm -f "$work/root.ext4"
truncate -s 1536M "$work/root.ext4"
mke2fs -q -F -t ext4 -L lfa-e2e -d "$stage" "$work/root.ext4"
rm -rf "$stage"
