#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# build-debs.sh OUTDIR [VERSION]
# Build the Debian packages of this tree (debian/) with
# `dpkg-buildpackage -us -uc -b` in a scratch copy (dpkg-buildpackage
# writes next to the source and into debian/), then check them with
# lintian. OUTDIR gets the .deb files, the .changes and .buildinfo, the
# build log (build.log) and lintian's output (lintian.log).
# VERSION (optional) builds the same tree as another Debian version (a
# changelog entry is added in the copy only): the package tests use it to
# upgrade a guest. Nothing built is ever committed.
#
# Environment: LFA_FWUPD_SOURCE  the prepared fwupd source with generated
#                                headers (default .deps/fwupd-2.0.20)
#              LFA_DEB_ARCH      a Debian architecture to cross-build for
#                                (dpkg-buildpackage -a); unset: native.
#                                A cross build uses the build profile
#                                pkg.lfa.fwupd-sysroot with that
#                                architecture's fwupd .debs from
#                                .deps/fwupd-<arch>/ unpacked into a
#                                sysroot (scripts/setup.d/53-debs-arm64.sh)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 OUTDIR [VERSION]" >&2
	exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
version=${2:-}
fwupd_src=${LFA_FWUPD_SOURCE:-$top/.deps/fwupd-2.0.20}
if [ ! -f "$fwupd_src/libfwupdplugin/fu-crc-struct.h" ]; then
	echo "build-debs: no prepared fwupd source in $fwupd_src; run scripts/setup.d/20-fwupd-source.sh" >&2
	exit 1
fi
for tool in dpkg-buildpackage dh dh_dkms lintian; do
	command -v $tool >/dev/null ||
		{ echo "build-debs: $tool not found; run scripts/setup.d/12-packaging.sh" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/lfa-debs.XXXXXX")
trap 'rm -rf "$work"' EXIT
# the tree as it is now (committed or not), without build outputs or .deps
src="$work/lfa"
mkdir -p "$src"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# (files deleted but not yet committed are left out)
	# shellcheck disable=SC2016 # the inner shell expands $f
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		cpio -0 -pdm --quiet "$src")
else
	(cd "$top" && tar -c --exclude=./.deps --exclude='./build*' --exclude=./.git . |
		tar -x -C "$src")
fi

if [ -n "$version" ]; then
	old=$(cd "$src" && dpkg-parsechangelog -SVersion)
	{
		echo "lfa ($version) unstable; urgency=medium"
		echo
		echo "  * Rebuild of $old as $version (package upgrade test)."
		echo
		echo " -- The LFA project authors <lfa@example.org>  $(date -R)"
		echo
		cat "$src/debian/changelog"
	} >"$src/debian/changelog.new"
	mv "$src/debian/changelog.new" "$src/debian/changelog"
fi

set -- -us -uc -b
sysroot=
if [ -n "${LFA_DEB_ARCH:-}" ] && [ "$LFA_DEB_ARCH" != "$(dpkg --print-architecture)" ]; then
	# fwupd and libfwupd-dev of another architecture cannot be installed
	# here: unpack them (and libfwupd3) into a sysroot, the same version
	# as the multiarch libfwupd3 (debian/rules checks)
	arch=$LFA_DEB_ARCH
	ver=$(dpkg-query -W -f '${Version}' "libfwupd3:$arch" 2>/dev/null) ||
		{ echo "build-debs: libfwupd3:$arch is not installed; run scripts/setup.d/53-debs-arm64.sh" >&2; exit 1; }
	debs="$top/.deps/fwupd-$arch/$ver"
	[ -f "$debs/.done" ] ||
		{ echo "build-debs: no fwupd $ver .debs for $arch in $debs; run scripts/setup.d/53-debs-arm64.sh" >&2; exit 1; }
	sysroot="$work/fwupd-sysroot"
	mkdir -p "$sysroot/DEBIAN"
	for pkg in fwupd libfwupd3 libfwupd-dev; do
		deb="$debs/${pkg}_$(echo "$ver" | sed 's/^[0-9]*://')_$arch.deb"
		dpkg-deb -x "$deb" "$sysroot"
		dpkg-deb -f "$deb" >"$sysroot/DEBIAN/$pkg.control"
	done
	# the unit tests run in the native build; DEB_BUILD_OPTIONS=nocheck
	# as dh_auto_test cannot run arm64 binaries linked against a sysroot
	set -- "$@" -a"$arch" -Ppkg.lfa.fwupd-sysroot
elif [ -n "${LFA_DEB_ARCH:-}" ]; then
	set -- "$@" -a"$LFA_DEB_ARCH"
fi
t0=$(date +%s)
if ! (cd "$src" && LFA_FWUPD_SOURCE="$fwupd_src" LFA_FWUPD_SYSROOT="$sysroot" \
	DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }${sysroot:+nocheck}" \
	nice dpkg-buildpackage "$@") >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	echo "build-debs: dpkg-buildpackage failed, full log in $out/build.log" >&2
	exit 1
fi
t1=$(date +%s)
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out/"

# lintian: no errors allowed; the warnings we keep are explained in
# debian/README.source
lintian --fail-on error --info --no-tag-display-limit "$out"/*.changes \
	>"$out/lintian.log" 2>&1 || {
	cat "$out/lintian.log" >&2
	echo "build-debs: lintian reports errors (above)" >&2
	exit 1
}
t2=$(date +%s)
echo "build-debs: $(cd "$out" && ls ./*.deb | tr '\n' ' ')in $out; dpkg-buildpackage $((t1 - t0)) s, lintian $((t2 - t1)) s" >&2
