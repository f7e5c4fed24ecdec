#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# make-test-keys.sh OUTDIR
# Generate a fresh TEST-ONLY certificate authority and a signing certificate
# issued by it, with GnuTLS's certtool:
#   OUTDIR/LFA-TEST-ONLY-CA.pem    goes into the guest's /etc/pki/fwupd/
#   OUTDIR/signer.pem, signer.key  sign cabinets (fwupdtool firmware-sign)
# Keys are made per build and never committed. Reuses existing keys.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1

if [ -f "$out/LFA-TEST-ONLY-CA.pem" ] && [ -f "$out/signer.pem" ] && [ -f "$out/signer.key" ]; then
	exit 0
fi
mkdir -p "$out"
tmp=$(mktemp -d "$out/.keys.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# serial numbers must differ between the two certificates
{ cat "$here/test-ca.tmpl"; echo "serial = 1"; } >"$tmp/ca.tmpl"
{ cat "$here/test-signer.tmpl"; echo "serial = 2"; } >"$tmp/signer.tmpl"

certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$tmp/ca.key" 2>/dev/null
certtool --generate-self-signed --load-privkey "$tmp/ca.key" \
	--template "$tmp/ca.tmpl" --outfile "$tmp/LFA-TEST-ONLY-CA.pem" 2>/dev/null
certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$tmp/signer.key" 2>/dev/null
certtool --generate-certificate --load-privkey "$tmp/signer.key" \
	--load-ca-certificate "$tmp/LFA-TEST-ONLY-CA.pem" --load-ca-privkey "$tmp/ca.key" \
	--template "$tmp/signer.tmpl" --outfile "$tmp/signer.pem" 2>/dev/null

# the CA's private key is not needed any more: drop it with the temp dir
mv "$tmp/LFA-TEST-ONLY-CA.pem" "$tmp/signer.pem" "$tmp/signer.key" "$out/"
