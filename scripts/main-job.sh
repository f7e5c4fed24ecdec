#!/bin/sh
# The README's main job (after set-up and build): a Debian guest under QEMU
# with systemd, the stock fwupd daemon and unit, our plugin, drop-in and
# kernel modules; fwupdmgr lists, installs a signed cabinet and activates it
# live. LFA_DEMO=host runs the faster host demo instead (stock daemon on a
# private D-Bus against the FUSE-emulated sysfs, no guest).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${LFA_BUILDDIR:-$top/build}

case "${LFA_DEMO:-guest}" in
guest)
	exec sh "$top/tests/e2e/run-demo.sh" "$build"
	;;
host)
	LFA_SRCDIR=$top LFA_BUILDDIR=$build exec /usr/bin/python3 "$top/tests/host/lfa_demo.py"
	;;
*)
	echo "main-job: LFA_DEMO must be guest or host" >&2
	exit 2
	;;
esac
