#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# run-demo.sh [BUILDDIR]     (default: build)
# The README's main job: boot the Debian guest and show, as the admin would
# see it, fwupdmgr listing the LFA components, refusing an unsigned cabinet,
# failing to activate without the systemd drop-in (and saying how to fix
# it), a failed activation that keeps the old firmware, then installing the
# signed cabinet and activating the new firmware live, and the history
# recording it. Needs scripts/setup.sh and a built
# BUILDDIR (meson setup build && ninja -C build).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-$top/build}

if [ ! -f "$build/build.ninja" ]; then
	echo "run-demo: $build is not a meson build directory; run meson setup $build && ninja -C $build" >&2
	exit 1
fi
# the guest installs the project's Debian packages, as the e2e test's
# guest does: build them (once; again only when an input changed)
meson compile -C "$build" lfa-debs >/dev/null

cat <<'EOF'
LFA demo: a Debian 12 guest under QEMU (TCG) with systemd, the stock fwupd
daemon and its stock unit, Debian's kernel with the LFA driver and a
simulated LFA agent standing in for the platform firmware. Everything below
is the guest's own output; lines starting with "#" are the commands typed.
This takes a few minutes.
EOF
if sh "$here/run-e2e.sh" "$build" --demo; then
	echo
	echo "LFA demo: TF-RMM, SP1 and SP2 went from 1.0 to 1.1 while the guest kept running."
	exit 0
fi
echo "LFA demo: FAILED (the guest's console log is in $build/tests/e2e/work.*/console.log)" >&2
exit 1
