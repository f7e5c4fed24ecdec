#!/bin/sh
# The package test's second kernel (tests/package/check-dkms-kernels.sh):
# the headers of Debian's cloud flavour of the guest kernel's ABI, a kernel
# that "arrives" after lfa-dkms is installed, so that DKMS must build the
# driver for it. Downloaded into .deps/package/, never installed here.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/.deps/package"
abi=$(cat "$top/.deps/linux/abi" 2>/dev/null || true)
if [ -z "$abi" ]; then
	echo "setup: no .deps/linux/abi; run scripts/setup.d/30-kernels.sh first" >&2
	exit 1
fi
pkg="linux-headers-$abi-cloud-amd64"
if ls "$out/${pkg}_"*_amd64.deb >/dev/null 2>&1; then
	exit 0
fi
rm -rf "$out/dl"
mkdir -p "$out/dl"
(cd "$out/dl" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null)
mv "$out/dl/${pkg}_"*_amd64.deb "$out/"
rm -rf "$out/dl"
echo "setup: $pkg for the DKMS test in $out"
