#!/bin/sh
# The arm64 cross build of the packages (LFA_DEB_ARCH=arm64
# scripts/build-debs.sh, debian/README.source): dpkg's multiarch gives the
# arm64 libraries the plugin links against as Multi-Arch: same packages
# next to the host's (GLib, json-glib, libxmlb, zlib, libfwupd3; the
# arm64 pkg-config brings the aarch64-linux-gnu-pkg-config wrapper), so
# dpkg-checkbuilddeps and dpkg-shlibdeps work as for any cross build.
# What is not co-installable, fwupd itself (libfwupdplugin.so) and
# libfwupd-dev, build-debs.sh unpacks from the arm64 .debs into a sysroot
# (build profile pkg.lfa.fwupd-sysroot). The cross compilers (debhelper's
# meson cross file names gcc and g++): crossbuild-essential-arm64.
# libzstd-dev: xmlb.pc requires libzstd, but libxmlb-dev does not depend
# on libzstd-dev (the amd64 one is there through other packages).
set -eu
here=$(cd "$(dirname "$0")" && pwd)

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
	apt-get -o DPkg::Lock::Timeout=600 update -qq
elif ! apt-cache show libglib2.0-dev:arm64 >/dev/null 2>&1; then
	apt-get -o DPkg::Lock::Timeout=600 update -qq
fi
sh "$here/../apt-install.sh" \
	crossbuild-essential-arm64 \
	libglib2.0-dev:arm64 libjson-glib-dev:arm64 libxmlb-dev:arm64 \
	zlib1g-dev:arm64 libfwupd3:arm64 pkg-config:arm64 \
	libzstd-dev:arm64

# fwupd, libfwupd3 and libfwupd-dev for arm64, the same version as the
# arm64 libfwupd3 just installed: build-debs.sh unpacks them into the
# sysroot of the cross build. Kept in .deps/fwupd-arm64/<version>/.
ver=$(dpkg-query -W -f '${Version}' libfwupd3:arm64)
dir="$here/../../.deps/fwupd-arm64/$ver"
if [ ! -f "$dir/.done" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && apt-get download -q -o APT::Sandbox::User=root \
		"fwupd:arm64=$ver" "libfwupd3:arm64=$ver" "libfwupd-dev:arm64=$ver" >/dev/null)
	touch "$dir/.done"
fi
