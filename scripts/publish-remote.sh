#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# publish-remote.sh OUTDIR BASEURL KEYDIR CAB...
# Publish signed cabinets as a firmware remote the way LVFS serves one, for
# stock fwupd with OnlyTrusted=true:
#   OUTDIR/firmware.xml.gz        the metadata (remote-metadata.py): every
#                                 release with its <location> under BASEURL
#                                 and the sha1/sha256 of its cabinet
#   OUTDIR/firmware.xml.gz.jcat   a PKCS#7 signature of it by KEYDIR/signer.pem
#                                 plus its sha256 (jcat-tool, as LVFS does)
#   OUTDIR/<cabinet>.cab          the cabinets, unchanged (each already
#                                 carries its own firmware.jcat)
#   OUTDIR/lfa-fleet.conf         the remote's configuration for the nodes'
#                                 /etc/fwupd/remotes.d/
# The nodes must trust the CA that issued signer.pem for metadata
# (/etc/pki/fwupd-metadata/) and for firmware (/etc/pki/fwupd/). OUTDIR is
# rewritten as a whole; serve it read-only (any static HTTP server).
set -eu
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -lt 4 ]; then
	echo "usage: $0 OUTDIR BASEURL KEYDIR CAB..." >&2
	exit 2
fi
out=$1 url=${2%/} keydir=$3
shift 3
for f in "$keydir/signer.pem" "$keydir/signer.key"; do
	[ -f "$f" ] || { echo "publish-remote: $f is missing" >&2; exit 1; }
done
case "$url" in
http://* | https://* | file://*) ;;
*) echo "publish-remote: BASEURL must be http://, https:// or file://, not '$url'" >&2; exit 2 ;;
esac

tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
for cab in "$@"; do
	[ -f "$cab" ] || { echo "publish-remote: no cabinet $cab" >&2; exit 1; }
	cp "$cab" "$tmp/"
done
/usr/bin/python3 "$here/remote-metadata.py" "$url" "$tmp/firmware.xml" "$tmp"/*.cab
gzip -9n "$tmp/firmware.xml"
# --basename: the nodes look the signature up by the file's name, not path
jcat-tool --basename sign "$tmp/firmware.xml.gz.jcat" "$tmp/firmware.xml.gz" \
	"$keydir/signer.pem" "$keydir/signer.key" >/dev/null
jcat-tool --basename self-sign "$tmp/firmware.xml.gz.jcat" "$tmp/firmware.xml.gz" \
	--kind sha256 >/dev/null
cat >"$tmp/lfa-fleet.conf" <<CONF
[fwupd Remote]
# published by scripts/publish-remote.sh
Enabled=true
Title=LFA fleet remote
MetadataURI=$url/firmware.xml.gz
ApprovalRequired=false
AutomaticReports=false
AutomaticSecurityReports=false
CONF
rm -rf "$out"
mv "$tmp" "$out"
echo "publish-remote: $(ls "$out"/*.cab | wc -l) cabinet(s) in $out, metadata for $url" >&2
