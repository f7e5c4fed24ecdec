#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# build-plugin-arm64.sh GUEST_ROOT GENERATED_DIR OUT.so SOURCE.c...
# Cross-compile the plugin module for the arm64 guest with
# aarch64-linux-gnu-gcc from the same sources and fwupd 2.0.20 headers as the
# host's build (plugins-lfa/meson.build), linked against the arm64 libraries
# of the guest root itself: libfwupdplugin.so from its fwupd package,
# libfwupd, GLib, json-glib, libxmlb and zlib (crc32() for the testbed
# image). Headers are architecture independent
# except GLib's glibconfig.h, taken from the arm64 libglib2.0-dev that
# scripts/setup.d/51-e2e-arm64.sh unpacked into .deps/e2e-arm64/glib/.
# GENERATED_DIR holds the host build's config.h and fu-lfa-struct.{c,h}
# (generated from fu-lfa.rs, the same for every architecture).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ $# -lt 4 ]; then
	echo "usage: $0 GUEST_ROOT GENERATED_DIR OUT.so SOURCE.c..." >&2
	exit 2
fi
root=$1 gen=$2 out=$3
shift 3
cc=aarch64-linux-gnu-gcc
triplet=aarch64-linux-gnu
fwupd_src=${LFA_FWUPD_SOURCE:-$top/.deps/fwupd-2.0.20}
glibconfig_dir="$top/.deps/e2e-arm64/glib/usr/lib/$triplet/glib-2.0/include"
libdir="$root/usr/lib/$triplet"

die() {
	echo "build-plugin-arm64: $*" >&2
	exit 1
}
command -v $cc >/dev/null || die "$cc not found; run scripts/setup.sh"
[ -f "$glibconfig_dir/glibconfig.h" ] ||
	die "no arm64 glibconfig.h in $glibconfig_dir; run scripts/setup.d/51-e2e-arm64.sh"
[ -f "$fwupd_src/libfwupdplugin/fu-crc-struct.h" ] ||
	die "no prepared fwupd source in $fwupd_src; run scripts/setup.sh"
[ -f "$gen/fu-lfa-struct.h" ] && [ -f "$gen/config.h" ] ||
	die "no generated fu-lfa-struct.h and config.h in $gen; run ninja"

# the module has no ABI check: the headers, the guest's fwupd and the
# libfwupdplugin it links against must all be 2.0.20
plugin_lib=$(find "$libdir" -maxdepth 2 -name libfwupdplugin.so -path '*/fwupd-2.0.20/*' | head -n 1)
[ -n "$plugin_lib" ] || die "the guest root has no $libdir/fwupd-2.0.20/libfwupdplugin.so"
guest_fwupd=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Version}' fwupd)
case "$guest_fwupd" in
2.0.20-*) ;;
*) die "the guest has fwupd $guest_fwupd, the headers in $fwupd_src are 2.0.20" ;;
esac

# the host build's flags (warning_level=2, gnu11, the plugin's c_args);
# every include directory is named: /usr/include itself would bring in the
# host's amd64 libc headers
cflags="-std=gnu11 -O2 -g -fPIC -pthread -Wall -Wextra -Werror=implicit-function-declaration
	-Wno-unused-parameter -Wno-missing-field-initializers -Wno-unknown-pragmas
	-DFWUPD_COMPILATION
	-I$gen -I$fwupd_src -I$fwupd_src/libfwupd -I$fwupd_src/libfwupdplugin
	-I/usr/include/glib-2.0 -I$glibconfig_dir -I/usr/include/gio-unix-2.0
	-I/usr/include/json-glib-1.0 -I/usr/include/libxmlb-2"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
objs=""
for src in "$@" "$gen/fu-lfa-struct.c"; do
	obj="$work/$(basename "$src" .c).o"
	extra=
	# rustgen's accessors g_return_if_fail() on arguments GLib marks
	# nonnull, which gcc flags at -O2 (the host build is -O0)
	[ "$src" = "$gen/fu-lfa-struct.c" ] && extra=-Wno-nonnull-compare
	# shellcheck disable=SC2086 # cflags is a word list on purpose
	$cc $cflags $extra '-DG_LOG_DOMAIN="FuPluginLfa"' -c "$src" -o "$obj" ||
		die "compiling $src failed"
	objs="$objs $obj"
done

# full paths: the guest root has the runtime libraries, not the -dev links;
# -z defs as on the host: every symbol must resolve against these
# shellcheck disable=SC2086
$cc -shared -o "$out.tmp" $objs -pthread \
	-Wl,-z,defs -Wl,--as-needed \
	-Wl,-rpath,/usr/lib/$triplet/fwupd-2.0.20 \
	-Wl,-rpath-link,"$libdir" -Wl,-rpath-link,"$root/lib/$triplet" \
	"$plugin_lib" "$libdir/libfwupd.so.3" "$libdir/libxmlb.so.2" \
	"$libdir/libjson-glib-1.0.so.0" "$libdir/libgio-2.0.so.0" \
	"$libdir/libgmodule-2.0.so.0" "$libdir/libgobject-2.0.so.0" \
	"$libdir/libglib-2.0.so.0" "$libdir/libz.so.1" || die "linking $out failed"
mv "$out.tmp" "$out"
