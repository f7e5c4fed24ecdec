#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# check-cabinet-trust.sh MKIMAGE
# Fast host check of the signing chain the e2e guest relies on, with the
# stock fwupdtool and a private configuration directory (the pki lookup
# follows FWUPD_SYSCONFDIR): a cabinet from make-cabinet.sh verifies against
# the test CA, and is not trusted without it, with another CA, or unsigned.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
mkimage=$1
guid=6c0762a6-12f2-4b56-92cb-ba8f633606d9

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sh "$top/data/keys/make-test-keys.sh" "$work/keys"
sh "$top/data/keys/make-test-keys.sh" "$work/other-keys"
sh "$here/make-cabinet.sh" "$mkimage" "$work/keys" $guid 1.1 TF-RMM "$work/signed.cab"
sh "$here/make-cabinet.sh" "$mkimage" - $guid 1.1 TF-RMM "$work/unsigned.cab"

# details CAB CA: fwupdtool's verdict on the payload of CAB when only CA
# (or nothing, for "-") is in pki/fwupd/
details() {
	conf="$work/conf-$(basename "$1" .cab)-$(basename "$(dirname "$2")")"
	mkdir -p "$conf/pki/fwupd" "$conf/fwupd"
	[ "$2" = - ] || cp "$2" "$conf/pki/fwupd/"
	FWUPD_SYSCONFDIR="$conf" FWUPD_LOCALSTATEDIR="$conf/state" CACHE_DIRECTORY="$conf/cache" \
		fwupdtool get-details "$1" --verbose 2>&1 | grep -a 'payload firmware.bin' || true
}

failures=0
expect() {
	verdict=$(details "$2" "$3")
	case "$verdict" in
	*"verified payload firmware.bin"*) got=trusted ;;
	*) got=untrusted ;;
	esac
	if [ "$got" = "$1" ]; then
		echo "ok: $(basename "$2") with CA $3: $got"
	else
		echo "FAIL: $(basename "$2") with CA $3: $got, expected $1 (${verdict:-no verdict})"
		failures=$((failures + 1))
	fi
}

expect trusted "$work/signed.cab" "$work/keys/LFA-TEST-ONLY-CA.pem"
expect untrusted "$work/signed.cab" -
expect untrusted "$work/signed.cab" "$work/other-keys/LFA-TEST-ONLY-CA.pem"
expect untrusted "$work/unsigned.cab" "$work/keys/LFA-TEST-ONLY-CA.pem"
[ $failures -eq 0 ]
