#!/bin/sh
# Debian's own kernels for the QEMU testbeds and the module builds.
#
# Reads the current ABI (e.g. 6.1.0-57) from the linux-image-amd64
# metapackage, downloads the amd64 and arm64 image and header packages into
# .deps/ and unpacks them there (never installed on the host). Layout, used by
# the kernel, EL3 and e2e parts (see kernel/README.md):
#   .deps/linux/abi                    the ABI string, e.g. 6.1.0-57
#   .deps/linux/<arch>/root/           dpkg-deb -x of image + headers
#   .deps/linux/<arch>/headers         -> root/usr/src/linux-headers-<abi>-<arch>
#   .deps/linux/<arch>/modules         -> root/lib/modules/<abi>-<arch>
#   .deps/linux/amd64/vmlinuz          bzImage
#   .deps/linux/amd64/vmlinux          uncompressed ELF (boots via PVH)
#   .deps/linux/arm64/Image            uncompressed arm64 Image
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
deps="$top/.deps/linux"

# host tools: QEMU for both testbeds, the arm64 cross compiler, the kbuild
# helpers (scripts/, tools/) that both header trees point at, busybox and cpio
# for the initramfs, kmod for modinfo/depmod, xz for vmlinux extraction
sh "$here/../apt-install.sh" \
	qemu-system-x86 qemu-system-arm busybox-static cpio kmod xz-utils \
	gcc-aarch64-linux-gnu linux-kbuild-6.1 linux-compiler-gcc-12-x86 \
	libelf-dev bc flex bison

abi=$(apt-cache depends linux-image-amd64 |
	sed -n 's/.*Depends: linux-image-\([0-9.]*-[0-9]*\)-amd64$/\1/p' | head -n 1)
if [ -z "$abi" ]; then
	echo "setup: cannot read the kernel ABI from linux-image-amd64" >&2
	exit 1
fi
stamp="$deps/.prepared-$abi"
# the header trees hold absolute paths: redo them if the checkout moved
if [ -f "$stamp" ] && grep -qs "$deps/amd64/root" "$deps/amd64/headers/Makefile"; then
	exit 0
fi

# the header trees' scripts must come from the same upstream release as the
# host's linux-kbuild-6.1, which apt-get just installed at the newest version
kver=$(apt-cache show "linux-image-$abi-amd64" | sed -n 's/^Version: //p' | head -n 1)
hver=$(dpkg-query -W -f '${Version}' linux-kbuild-6.1)
if [ "$kver" != "$hver" ]; then
	echo "setup: linux-kbuild-6.1 is $hver but the $abi kernel is $kver" >&2
	exit 1
fi

# arm64 packages need the foreign architecture in the package lists
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
	apt-get -o DPkg::Lock::Timeout=600 update -qq
elif ! apt-cache show "linux-image-$abi-arm64:arm64" >/dev/null 2>&1; then
	apt-get -o DPkg::Lock::Timeout=600 update -qq
fi

# The bzImage carries the kernel as an xz stream after the real-mode setup;
# the uncompressed ELF boots through PVH in about half the time under TCG.
extract_vmlinux() {
	for off in $(LC_ALL=C grep -aboP '\xfd7zXZ\x00' "$1" | cut -d: -f1); do
		tail -c "+$((off + 1))" "$1" | xz -dcq >"$2" 2>/dev/null || true
		if [ "$(head -c 4 "$2" | od -An -c | tr -d ' ')" = '177ELF' ]; then
			return 0
		fi
	done
	echo "setup: no xz-compressed ELF found in $1" >&2
	return 1
}

dl="$deps/dl"
rm -rf "$dl"
mkdir -p "$dl"
(cd "$dl" && apt-get download -q -o APT::Sandbox::User=root \
	"linux-image-$abi-amd64" "linux-headers-$abi-amd64" \
	"linux-headers-$abi-common" \
	"linux-image-$abi-arm64:arm64" "linux-headers-$abi-arm64:arm64" >/dev/null)

for arch in amd64 arm64; do
	root="$deps/$arch/root"
	rm -rf "${deps:?}/$arch"
	mkdir -p "$root"
	for deb in "$dl"/linux-image-"$abi"-"$arch"_*.deb \
		"$dl"/linux-headers-"$abi"-"$arch"_*.deb \
		"$dl"/linux-headers-"$abi"-common_*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	hdr="$root/usr/src/linux-headers-$abi-$arch"
	# the packaged links are relative to /usr/lib/linux-kbuild-6.1, which
	# is not inside the unpacked tree: use the host's (same version)
	for dir in "$hdr" "$root/usr/src/linux-headers-$abi-common"; do
		for link in scripts tools; do
			rm -f "$dir/$link"
			ln -s "/usr/lib/linux-kbuild-6.1/$link" "$dir/$link"
		done
	done
	# the flavour's Makefile includes the common tree by absolute path
	sed -i "s|/usr/src/linux-headers-$abi-common|$root&|" "$hdr/Makefile"
	ln -s "root/usr/src/linux-headers-$abi-$arch" "$deps/$arch/headers"
	ln -s "root/lib/modules/$abi-$arch" "$deps/$arch/modules"
done

cp "$deps/amd64/root/boot/vmlinuz-$abi-amd64" "$deps/amd64/vmlinuz"
extract_vmlinux "$deps/amd64/vmlinuz" "$deps/amd64/vmlinux"
# Debian's signed arm64 vmlinuz is the plain Image; older ones were gzipped
img="$deps/arm64/root/boot/vmlinuz-$abi-arm64"
if gzip -t "$img" 2>/dev/null; then
	zcat "$img" >"$deps/arm64/Image"
else
	cp "$img" "$deps/arm64/Image"
fi

rm -rf "$dl"
echo "$abi" >"$deps/abi"
touch "$stamp"
echo "setup: Debian kernels $abi (amd64, arm64) unpacked in $deps"
