#!/bin/sh
# Build lfa.ko, lfa_sim.ko and lfa_bench.ko (and on arm64 the testbed's
# lfa_stage_shmem.ko) with kbuild, out of the source tree, warning-free
# under W=1 (any compiler warning fails the build).
#   kbuild.sh ARCH KDIR OUTDIR [STAMP]
# ARCH is amd64 or arm64 (cross-built with aarch64-linux-gnu-), KDIR the
# unpacked Debian header tree (.deps/linux/<arch>/headers). The modules end
# up in OUTDIR/*.ko; OUTDIR/src mirrors the sources as symlinks, because
# kbuild writes its objects next to them.
set -eu
arch=$1
kdir=$2
out=$3
stamp=${4:-}
src=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$kdir/Makefile" ]; then
	echo "kbuild: no kernel headers in $kdir; run scripts/setup.sh" >&2
	exit 1
fi
case "$arch" in
amd64) set -- ;;
arm64) set -- ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- ;;
*)
	echo "kbuild: unknown architecture $arch" >&2
	exit 1
	;;
esac

mkdir -p "$out/src"
for dir in include driver testbeds/agent testbeds/common testbeds/sim \
	testbeds/el3/stage-shmem; do
	mkdir -p "$out/src/$dir"
	for f in "$src/$dir"/*.c "$src/$dir"/*.h "$src/$dir"/Kbuild; do
		[ -e "$f" ] || continue
		ln -sf "$f" "$out/src/$dir/"
	done
done

log="$out/build.log"
: >"$log"
make -s -C "$kdir" M="$out/src/driver" W=1 "$@" -j2 modules >>"$log" 2>&1 ||
	{ cat "$log" >&2; exit 1; }
make -s -C "$kdir" M="$out/src/testbeds/sim" W=1 "$@" -j2 \
	KBUILD_EXTRA_SYMBOLS="$out/src/driver/Module.symvers" modules \
	>>"$log" 2>&1 || { cat "$log" >&2; exit 1; }
# the staging window of the EL3 firmware exists on QEMU virt (arm64) only
if [ "$arch" = arm64 ]; then
	make -s -C "$kdir" M="$out/src/testbeds/el3/stage-shmem" W=1 "$@" -j2 \
		KBUILD_EXTRA_SYMBOLS="$out/src/driver/Module.symvers" modules \
		>>"$log" 2>&1 || { cat "$log" >&2; exit 1; }
fi
# BTF is skipped without a vmlinux; anything else is a real warning
if grep -v 'Skipping BTF generation' "$log" | grep -qi 'warning'; then
	cat "$log" >&2
	echo "kbuild: warnings in the $arch build" >&2
	exit 1
fi
cp "$out/src/driver/lfa.ko" "$out/src/testbeds/sim/lfa_sim.ko" \
	"$out/src/testbeds/sim/lfa_bench.ko" "$out/"
if [ "$arch" = arm64 ]; then
	cp "$out/src/testbeds/el3/stage-shmem/lfa_stage_shmem.ko" "$out/"
fi
if [ -n "$stamp" ]; then
	touch "$stamp"
fi
