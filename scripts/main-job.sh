#!/bin/sh
# The README's main job (after set-up and build): the stock fwupd daemon with
# the lfa module, driven by fwupdmgr, against the emulated LFA platform,
# ending in a firmware activation.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${LFA_BUILDDIR:-$top/build}
LFA_SRCDIR=$top LFA_BUILDDIR=$build exec /usr/bin/python3 "$top/tests/host/lfa_demo.py"
