#!/bin/sh
# Debian packaging (debian/, scripts/build-debs.sh): debhelper and dh_dkms
# to build the packages, dkms for the DKMS packages' own checks, lintian to
# check them, fakeroot for an unprivileged build. The arm64 cross build
# needs what 53-debs-arm64.sh installs and fetches.
set -eu
sh "$(dirname "$0")/../apt-install.sh" \
	debhelper dh-dkms dkms lintian fakeroot dpkg-dev
