#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""Coldplug benchmark (not a test): the lfa plugin's coldplug for 1, 100 and
1000 emulated components, next to a plain C loop reading the same sysfs files
in the same process and run (alternating, medians). Prints per-component
costs and their ratio, twice: on the FUSE-emulated sysfs (where file I/O
dominates, as on a real kernel's sysfs) and on a plain-file copy of the same
tree in /tmp (where the plugin's own CPU cost shows)."""

import os
import shutil
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.environ.get("LFA_BUILDDIR", os.path.join(top, "build"))
os.environ.setdefault("LFA_SRCDIR", top)
os.environ.setdefault("LFA_BUILDDIR", build)
sys.path.insert(0, os.path.join(top, "tests", "host"))
from lfa_sandbox import Sandbox  # noqa: E402

BENCH = os.path.join(build, "tests", "bench", "lfa-bench-coldplug")
PLUGIN = os.path.join(build, "plugins-lfa", "libfu_plugin_lfa.so")


def scenario(n):
    lines = []
    for i in range(n):
        pending = " pending=1.1" if i % 2 else ""
        lines.append(f"component 5eed{i:04x}-0000-4000-8000-{i:012x} "
                     f"current=1.0{pending} rendezvous=optional")
    return "\n".join(lines) + "\n"


def main():
    iterations = {1: 201, 100: 21, 1000: 7}
    print(f"{'tree':>6} {'components':>10} {'plugin us':>11} {'raw us':>10} "
          f"{'plugin us/comp':>15} {'raw us/comp':>12} {'ratio':>6}")
    for n, iters in iterations.items():
        sb = Sandbox(f"bench{n}", scenario(n))
        try:
            copy = os.path.join(sb.tmp, "copy")
            # write-only attributes cannot be read, and coldplug never reads them
            shutil.copytree(os.path.join(sb.root, "firmware", "lfa"),
                            os.path.join(copy, "lfa"),
                            ignore=shutil.ignore_patterns("activate", "cancel"))
            for label, fwdir in (("fuse", os.path.join(sb.root, "firmware")), ("plain", copy)):
                env = dict(sb.env, FWUPD_SYSFSFWDIR=fwdir)
                p = subprocess.run([BENCH, PLUGIN, str(iters)], env=env,
                                   capture_output=True, text=True, check=False)
                if p.returncode != 0:
                    print(f"bench failed for {n} ({label}): {p.stderr}", file=sys.stderr)
                    return 1
                cnt, plugin_us, raw_us, plugin_pc, raw_pc = p.stdout.split()
                ratio = float(plugin_pc) / float(raw_pc)
                print(f"{label:>6} {cnt:>10} {float(plugin_us):>11.1f} {float(raw_us):>10.1f} "
                      f"{float(plugin_pc):>15.2f} {float(raw_pc):>12.2f} {ratio:>6.2f}")
        finally:
            sb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
