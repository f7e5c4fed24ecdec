#!/bin/sh
# Fetch the source of the installed fwupd from Debian and generate the
# headers an external plugin module needs (rustgen structs, fwupd-version.h).
# Nothing of fwupd is committed: everything lands in .deps/ (git-ignored).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
deps="$top/.deps"

ver=$(dpkg-query -W -f '${Version}' fwupd 2>/dev/null || true)
if [ -z "$ver" ]; then
	echo "setup: fwupd is not installed; run scripts/setup.sh" >&2
	exit 1
fi
upstream=${ver%%-*}
upstream=${upstream#*:}
want=2.0.20
if [ "$upstream" != "$want" ]; then
	echo "setup: installed fwupd is $ver but this plugin is pinned to $want;" \
		"the module ABI has no version check, so refusing to build" >&2
	exit 1
fi

src="$deps/fwupd-$upstream"
stamp="$src/.lfa-prepared-$ver"
if [ -f "$stamp" ]; then
	exit 0
fi

# apt-get source needs a deb-src entry; add one mirroring Debian's binary
# sources, whichever format (deb822 or one-line) the machine uses
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	out=/etc/apt/sources.list.d/lfa-deb-src
	rm -f "$out.sources" "$out.list"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && grep -q 'debian\.org' "$f" || continue
		sed 's/^Types: deb$/Types: deb-src/' "$f" >>"$out.sources"
		echo >>"$out.sources"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^deb \(.*debian\.org.*\)/deb-src \1/p' "$f" >>"$out.list"
	done
	apt-get -o DPkg::Lock::Timeout=600 update -qq
fi

rm -rf "$src" "$deps/fwupd-dl"
mkdir -p "$deps/fwupd-dl"
if ! (cd "$deps/fwupd-dl" && apt-get source --download-only "fwupd=$ver" >log 2>&1 &&
	dpkg-source --no-check -x fwupd_*.dsc "$src" >>log 2>&1); then
	cat "$deps/fwupd-dl/log" >&2
	echo "setup: could not fetch the source of fwupd $ver from Debian" >&2
	exit 1
fi
rm -rf "$deps/fwupd-dl"

# generated headers go next to the sources so that the include paths used by
# fwupd's own build (libfwupd/, libfwupdplugin/) keep working
cd "$src"
for rs in libfwupdplugin/*.rs; do
	base=${rs%.rs}
	/usr/bin/python3 libfwupdplugin/rustgen.py "$rs" "$base-struct.c" "$base-struct.h" \
		--include fwupd.h --prefix Fu
done
IFS=. read -r major minor micro <<VER
$upstream
VER
sed -e "s/@MAJOR_VERSION@/$major/" -e "s/@MINOR_VERSION@/$minor/" \
	-e "s/@MICRO_VERSION@/$micro/" libfwupd/fwupd-version.h.in >libfwupd/fwupd-version.h
touch "$stamp"
echo "setup: fwupd $ver source prepared in $src"
