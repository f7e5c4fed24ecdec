#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# remote-metadata.py BASEURL OUT.xml CAB...
# The metadata of a firmware remote in the shape LVFS publishes
# (<components origin=... version="0.9">): one <component> per cabinet,
# taken from the cabinet's own firmware.metainfo.xml, with each release
# told where its cabinet is (<location> under BASEURL) and what it must
# hash to (sha1 and sha256 of the whole cabinet, target="container").
# Cabinets that carry the same component are merged into one component
# with several releases. publish-remote.sh compresses and signs the result.
import hashlib
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def die(msg):
    print(f"remote-metadata: {msg}", file=sys.stderr)
    sys.exit(1)


def metainfo_of(cab):
    """The component element of the cabinet's metainfo (extracted by gcab)."""
    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run(["gcab", "-x", "-C", tmp, cab], capture_output=True, text=True)
        if res.returncode != 0:
            die(f"{cab} is not a cabinet: {res.stderr.strip()}")
        found = [f for f in os.listdir(tmp) if f.endswith(".metainfo.xml")]
        if len(found) != 1:
            die(f"{cab} must hold exactly one *.metainfo.xml, it holds {len(found)}")
        tree = ET.parse(os.path.join(tmp, found[0]))
        payload = 0
        for f in os.listdir(tmp):
            if not f.endswith((".metainfo.xml", ".jcat")):
                payload += os.path.getsize(os.path.join(tmp, f))
        if not any(f.endswith(".jcat") for f in os.listdir(tmp)):
            die(f"{cab} has no firmware.jcat: an unsigned cabinet would be refused by every node")
    return tree.getroot(), payload


def main():
    if len(sys.argv) < 4:
        print("usage: remote-metadata.py BASEURL OUT.xml CAB...", file=sys.stderr)
        sys.exit(2)
    base, out, cabs = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3:]
    root = ET.Element("components", {"origin": "lfa-fleet", "version": "0.9"})
    by_id = {}
    for cab in cabs:
        comp, installed = metainfo_of(cab)
        if comp.tag != "component" or comp.get("type") != "firmware":
            die(f"{cab}: the metainfo is not a firmware component")
        cid = comp.findtext("id")
        rels = comp.find("releases")
        if not cid or rels is None or len(rels) != 1:
            die(f"{cab}: the metainfo needs an <id> and exactly one <release>")
        rel = rels[0]
        data = open(cab, "rb").read()
        name = os.path.basename(cab)
        ET.SubElement(rel, "location").text = f"{base}/{name}"
        ET.SubElement(rel, "checksum", {"type": "sha1", "filename": name,
                                        "target": "container"}).text = hashlib.sha1(data).hexdigest()
        ET.SubElement(rel, "checksum", {"type": "sha256", "filename": name,
                                        "target": "container"}).text = hashlib.sha256(data).hexdigest()
        ET.SubElement(rel, "size", {"type": "installed"}).text = str(installed)
        ET.SubElement(rel, "size", {"type": "download"}).text = str(len(data))
        if cid in by_id:
            if any(r.get("version") == rel.get("version") for r in by_id[cid].find("releases")):
                die(f"{cab}: {cid} {rel.get('version')} is published twice")
            by_id[cid].find("releases").append(rel)
        else:
            by_id[cid] = comp
            root.append(comp)
    ET.indent(root)
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)


main()
