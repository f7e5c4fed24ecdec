#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# check-dkms-kernels.sh DEBDIR
# DKMS in a Debian root, no guest boot: in a copy of the cached e2e root
# (which has the amd64 headers of the guest kernel), `apt install` of
# lfa-dkms and lfa-testbed-dkms must build their modules for that kernel;
# installing the headers of a second kernel afterwards (the cloud flavour,
# as a kernel upgrade brings them; scripts/setup.d/52-package-test.sh)
# must build them again for it, through DKMS's kernel hook; purging the
# packages must remove the modules from both. Prints the build times.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
e2e=$(cd "$here/../e2e" && pwd)
top=$(cd "$here/../.." && pwd)
debdir=$1

die() {
	echo "check-dkms-kernels: $*" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || die "must run as root (chroot)"
abi=$(cat "$top/.deps/linux/abi" 2>/dev/null) || die "no .deps/linux/abi; run scripts/setup.sh"
k1="$abi-amd64"
k2="$abi-cloud-amd64"
headers=$(ls "$top/.deps/package/linux-headers-${k2}_"*_amd64.deb 2>/dev/null | head -n 1)
[ -n "$headers" ] || die "no linux-headers-$k2 in .deps/package; run scripts/setup.d/52-package-test.sh"

base=$(sh "$e2e/build-rootfs.sh")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lfa-dkms.XXXXXX")
trap 'rm -rf --one-file-system "$tmp"' EXIT
root="$tmp/root"
cp -a "$base" "$root"
mkdir -p "$root/tmp/lfa"
debs=
for pkg in lfa-dkms lfa-testbed-dkms; do
	deb=$(ls "$debdir/${pkg}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || die "no ${pkg}_*.deb in $debdir"
	cp "$deb" "$root/tmp/lfa/"
	debs="$debs /tmp/lfa/$(basename "$deb")"
done
cp "$headers" "$root/tmp/lfa/"
chmod -R a+rX "$root/tmp/lfa"

run() {
	echo "# $*"
	sh "$e2e/chroot-run.sh" "$root" "$@" >"$tmp/last" 2>&1 || {
		cat "$tmp/last"
		die "'$*' failed in the root"
	}
}

# "lfa/0.1.0, 6.1.0-57-amd64, x86_64: installed" for each module and kernel
check_built() {
	kernel=$1
	sh "$e2e/chroot-run.sh" "$root" dkms status >"$tmp/status"
	cat "$tmp/status"
	for m in lfa lfa-testbed; do
		grep -q "^$m/[^,]*, $kernel, x86_64: installed" "$tmp/status" ||
			die "dkms has not installed $m for $kernel"
	done
	for ko in lfa lfa_sim lfa_bench; do
		f="$root/lib/modules/$kernel/updates/dkms/$ko.ko"
		[ -f "$f" ] || die "no $ko.ko for $kernel"
		v=$(modinfo -F vermagic "$f" | cut -d' ' -f1)
		[ "$v" = "$kernel" ] || die "$ko.ko for $kernel is built for $v"
	done
}

t0=$(date +%s)
# shellcheck disable=SC2086 # debs is a word list on purpose
run apt-get install -y -q --no-install-recommends $debs
t1=$(date +%s)
check_built "$k1"
[ ! -e "$root/lib/modules/$k2" ] || die "$k2 exists before its headers were installed"
echo "apt install of lfa-dkms and lfa-testbed-dkms, DKMS builds for $k1: $((t1 - t0)) s"

run apt-get install -y -q --no-install-recommends "/tmp/lfa/$(basename "$headers")"
t2=$(date +%s)
grep -i "dkms\|lfa" "$tmp/last" || true
check_built "$k2"
echo "a new kernel's headers ($k2), DKMS builds for it: $((t2 - t1)) s"

run apt-get purge -y -q lfa-testbed-dkms lfa-dkms
left=$(find "$root/lib/modules" "$root/var/lib/dkms" "$root/usr/src" -name 'lfa*' 2>/dev/null || true)
[ -z "$left" ] || die "left after the purge: $left"
echo "check-dkms-kernels: PASS (built for $k1 at install, for $k2 when its headers came, nothing left after the purge)"
