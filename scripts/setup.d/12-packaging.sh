#!/bin/sh
# Debian packaging (debian/, scripts/build-debs.sh): debhelper and dh_dkms
# to build the packages, dkms for the DKMS packages' own checks, lintian to
# check them, fakeroot for an unprivileged build. The arm64 cross build
# uses the aarch64 compiler of 15-agent.sh and the arm64 fwupd pieces that
# 51-e2e-arm64.sh unpacks.
set -eu
sh "$(dirname "$0")/../apt-install.sh" \
	debhelper dh-dkms dkms lintian fakeroot dpkg-dev
