#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# assemble-image.sh BASE_ROOT KMODDIR WORKDIR --debs DEBDIR
# assemble-image.sh BASE_ROOT KMODDIR LFA_KO AGENT_KO PLUGIN_SO WORKDIR
# Make WORKDIR/root.ext4 for one test run: the cached Debian base root plus
# what an administrator installs from this project. Two ways:
#   --debs DEBDIR  (the e2e guests) `apt install` of the project's
#       packages from DEBDIR (fwupd-plugin-lfa of the guest's architecture,
#       lfa-dkms, lfa-testbed-dkms; built by scripts/build-debs.sh) inside
#       the root, in a chroot (an arm64 root runs under qemu-user through
#       binfmt_misc): their maintainer scripts run and DKMS builds lfa.ko,
#       lfa_sim.ko and lfa_bench.ko (arm64: also lfa_stage_shmem.ko)
#       against the guest kernel's headers (in the base root) into
#       /lib/modules/<release>/updates/dkms/. The plugin, its quirks and
#       the systemd drop-in come from the package.
#   copies (amd64 only: the shutdown runs and the guest benchmark): lfa.ko
#       and AGENT_KO in /lib/modules/<release>/updates/ (depmod'ed), the
#       plugin module and its quirks where Debian's fwupd looks for them;
#       the systemd drop-in is NOT installed: the guest shows the failure
#       first and installs it itself.
# Both add the test CA in /etc/pki/fwupd/ (the trust a private remote sets
# up) and the test driver in /usr/local/lib/lfa-e2e/ with its unit enabled,
# writing its transcript to /dev/$LFA_E2E_TTY (default ttyS1). Cabinets are
# expected in WORKDIR/cabs/, the test CA in WORKDIR/keys/.
# LFA_E2E_GUEST names another test driver (default guest/lfa-e2e-guest.sh),
# installed as lfa-e2e-guest.sh; every file in LFA_E2E_GUEST_FILES (a
# directory, optional) goes next to it.
# The base root is never modified: the copies mode shares it through hard
# links and always replaces files, never writes in place; the packages
# mode works on a full copy, since dpkg and DKMS write in place.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

debdir=
if [ $# -eq 5 ] && [ "$4" = --debs ]; then
	base=$1 kmoddir=$2 work=$3 debdir=$5
elif [ $# -eq 6 ]; then
	base=$1 kmoddir=$2 lfa_ko=$3 lfa_sim_ko=$4 plugin=$5 work=$6
else
	echo "usage: $0 BASE_ROOT KMODDIR WORKDIR --debs DEBDIR" >&2
	echo "       $0 BASE_ROOT KMODDIR LFA_KO AGENT_KO PLUGIN_SO WORKDIR" >&2
	exit 2
fi
release=$(basename "$(readlink -f "$kmoddir")")
stage="$work/stage"
guest=${LFA_E2E_GUEST:-$here/guest/lfa-e2e-guest.sh}

# the module has no ABI check of its own: the guest's fwupd must be the
# exact version it was built against (the host's)
host_fwupd=$(dpkg-query -W -f '${Version}' fwupd)
guest_fwupd=$(dpkg-query --admindir="$base/var/lib/dpkg" -W -f '${Version}' fwupd)
if [ "$host_fwupd" != "$guest_fwupd" ]; then
	echo "assemble-image: the plugin is built for fwupd $host_fwupd but the guest has $guest_fwupd" >&2
	exit 1
fi
# a module must be built for the guest's kernel
check_vermagic() {
	vermagic=$(modinfo -F vermagic "$1" | cut -d' ' -f1)
	if [ "$vermagic" != "$release" ]; then
		echo "assemble-image: $1 is built for '$vermagic', the guest kernel is $release" >&2
		exit 1
	fi
}
if [ -z "$debdir" ]; then
	check_vermagic "$lfa_ko"
	check_vermagic "$lfa_sim_ko"
fi
pkgdir=$(find "$base/usr/lib" -maxdepth 2 -type d -name 'fwupd-2.*' | head -n 1)
if [ -z "$pkgdir" ]; then
	echo "assemble-image: no fwupd plugin directory in $base/usr/lib" >&2
	exit 1
fi
pkgdir=${pkgdir#"$base"}

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
# the kernel's module lists (depmod, and DKMS's depmod, read them) in ROOT
put_module_lists() {
	mkdir -p "$1$mods"
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		rm -f "$1$mods/$f"
		cp "$kmoddir/$f" "$1$mods/$f"
		chmod 0644 "$1$mods/$f"
	done
}

# apt_install ROOT LOG PACKAGE...: apt install of the project's packages
# from DEBDIR inside ROOT, as root in a chroot (chroot-run.sh); the time is
# mostly DKMS's builds
apt_install() {
	root=$1 log=$2
	shift 2
	debs=
	mkdir -p "$root/tmp/lfa-debs"
	for pkg in "$@"; do
		deb=$(ls "$debdir/${pkg}_"*.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || { echo "assemble-image: no ${pkg}_*.deb in $debdir" >&2; exit 1; }
		cp "$deb" "$root/tmp/lfa-debs/"
		debs="$debs /tmp/lfa-debs/$(basename "$deb")"
	done
	chmod -R a+rX "$root/tmp/lfa-debs"
	t_apt0=$(date +%s)
	# shellcheck disable=SC2086 # debs is a word list on purpose
	if ! sh "$here/chroot-run.sh" "$root" apt-get install -y -q --no-install-recommends \
		$debs >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		echo "assemble-image: apt install of the packages failed; log in $log" >&2
		exit 1
	fi
	t_apt1=$(date +%s)
	rm -rf "$root/tmp/lfa-debs"
	echo "assemble-image: apt install$debs: $((t_apt1 - t_apt0)) s" >&2
}

# LFA_E2E_DKMS_CACHE=DIR (the arm64 runner: DKMS under qemu-user takes
# minutes): the DKMS packages are installed with apt once per base root and
# .deb contents (the package build is reproducible) into
# DIR/installed-<key>/, which later runs copy; fwupd-plugin-lfa is
# installed with apt in every run. The cache is never written after it is
# done; a new key replaces older entries under an exclusive lock, copies
# hold it shared. Sets cached and leaves fd 8 locked shared.
dkms_cached_root() {
	cache=$LFA_E2E_DKMS_CACHE
	mkdir -p "$cache"
	key=$( (basename "$base"
		for pkg in lfa-dkms lfa-testbed-dkms; do
			deb=$(ls "$debdir/${pkg}_"*.deb 2>/dev/null | head -n 1)
			[ -n "$deb" ] || { echo "assemble-image: no ${pkg}_*.deb in $debdir" >&2; exit 1; }
			sha256sum <"$deb"
		done) | sha256sum | cut -c1-16)
	cached="$cache/installed-$key"
	exec 8>"$cache/.installed.lock"
	flock -w 1800 -x 8 || { echo "assemble-image: $cache/.installed.lock is held" >&2; exit 1; }
	if [ ! -f "$cached.done" ]; then
		for old in "$cache"/installed-*; do
			[ -e "$old" ] && rm -rf --one-file-system "$old"
		done
		echo "assemble-image: DKMS packages not cached for this root and these .debs; installing them into $cached" >&2
		cp -a "$base" "$cached"
		put_module_lists "$cached"
		apt_install "$cached" "$cache/installed-$key.log" lfa-dkms lfa-testbed-dkms
		touch "$cached.done"
	else
		echo "assemble-image: the DKMS packages as installed (apt, DKMS) before: $cached" >&2
	fi
	flock -s 8
}

lib=/usr/local/lib/lfa-e2e
rm -rf "$stage"
if [ -n "$debdir" ]; then
	if [ -n "${LFA_E2E_DKMS_CACHE:-}" ]; then
		dkms_cached_root
		cp -a "$cached" "$stage"
		flock -u 8
		apt_install "$stage" "$work/apt-install.log" fwupd-plugin-lfa
	else
		cp -a "$base" "$stage"
		put_module_lists "$stage"
		apt_install "$stage" "$work/apt-install.log" fwupd-plugin-lfa lfa-dkms lfa-testbed-dkms
	fi
	# what DKMS must have built for the guest's kernel
	case "$release" in
	*-arm64) dkms_modules="lfa lfa_sim lfa_bench lfa_stage_shmem" ;;
	*) dkms_modules="lfa lfa_sim lfa_bench" ;;
	esac
	for ko in $dkms_modules; do
		[ -f "$stage$mods/updates/dkms/$ko.ko" ] ||
			{ echo "assemble-image: DKMS did not install $ko.ko for $release (see the apt logs)" >&2; exit 1; }
		check_vermagic "$stage$mods/updates/dkms/$ko.ko"
	done
else
	cp -al "$base" "$stage"
	put_module_lists "$stage"
	put "$lfa_ko" "$mods/updates/lfa/lfa.ko" 0644
	put "$lfa_sim_ko" "$mods/updates/lfa/$(basename "$lfa_sim_ko")" 0644
	put "$plugin" "$pkgdir/libfu_plugin_lfa.so" 0644
	put "$top/plugins-lfa/lfa.quirk" /usr/share/fwupd/quirks.d/lfa.quirk 0644
	put "$top/data/systemd/fwupd.service.d/lfa.conf" "$lib/fwupd.service.d/lfa.conf" 0644
fi
depmod -b "$stage" "$release"

put "$work/keys/LFA-TEST-ONLY-CA.pem" /etc/pki/fwupd/LFA-TEST-ONLY-CA.pem 0644
# the guest boots without UEFI (SeaBIOS, or the EL3 firmware straight into
# Linux): fwupd's UEFI capsule and dbx plugins would only warn that there is
# no EFI system partition, which has nothing to do with LFA
# (docs/admin-guide.md)
printf '[fwupd]\nDisabledPlugins=uefi_capsule;uefi_dbx\n' >"$work/fwupd.conf"
put "$work/fwupd.conf" /etc/fwupd/fwupd.conf 0644

put "$guest" "$lib/lfa-e2e-guest.sh" 0755
put "$here/guest/e2e.lfa" "$lib/e2e.lfa" 0644
if [ -n "${LFA_E2E_GUEST_FILES:-}" ]; then
	for f in "$LFA_E2E_GUEST_FILES"/*; do
		[ -f "$f" ] && put "$f" "$lib/$(basename "$f")" 0644
	done
fi
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
