#!/bin/sh
# The kernel's checkpatch.pl (plus the data files it reads) from Debian's
# linux-source-6.1, for the kernel style test. Only these three files are
# kept, in .deps/checkpatch/ (git-ignored); the package is never installed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/.deps/checkpatch"

# checkpatch.pl is perl; it calls git only for commit checks, which we skip
sh "$(dirname "$0")/../apt-install.sh" perl xz-utils

ver=$(apt-cache show linux-source-6.1 | sed -n 's/^Version: //p' | head -n 1)
if [ -z "$ver" ]; then
	echo "setup: linux-source-6.1 is not in the package lists" >&2
	exit 1
fi
stamp="$out/.prepared-$ver"
if [ -f "$stamp" ]; then
	exit 0
fi

dl="$top/.deps/checkpatch-dl"
rm -rf "$dl" "$out"
mkdir -p "$dl" "$out"
(cd "$dl" && apt-get download -q -o APT::Sandbox::User=root \
	"linux-source-6.1=$ver" >/dev/null)
dpkg-deb --fsys-tarfile "$dl"/linux-source-6.1_*.deb |
	tar -x -C "$dl" --wildcards '*/linux-source-6.1.tar.xz'
tar -xJf "$dl"/usr/src/linux-source-6.1.tar.xz -C "$dl" \
	linux-source-6.1/scripts/checkpatch.pl \
	linux-source-6.1/scripts/spelling.txt \
	linux-source-6.1/scripts/const_structs.checkpatch
for f in checkpatch.pl spelling.txt const_structs.checkpatch; do
	cp "$dl/linux-source-6.1/scripts/$f" "$out/$f"
done
chmod +x "$out/checkpatch.pl"
rm -rf "$dl"
touch "$stamp"
echo "setup: checkpatch.pl from linux-source-6.1 $ver in $out"
