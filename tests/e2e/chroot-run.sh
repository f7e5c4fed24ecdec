#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# chroot-run.sh ROOT COMMAND [ARG...]
# Run COMMAND as root inside the guest root ROOT (a copy, never the cached
# base: dpkg and DKMS write in place), with /dev and /proc mounted (DKMS
# runs make and gcc) in a private mount namespace, so that nothing stays
# mounted when it ends, and a clean environment for apt and dpkg.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: $0 ROOT COMMAND [ARG...]" >&2
	exit 2
fi
# shellcheck disable=SC2016 # expanded by the inner shell
exec unshare --mount --propagation private sh -c '
	root=$1
	shift
	mount --rbind /dev "$root/dev" && mount -t proc proc "$root/proc" &&
	exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"' sh "$@"
