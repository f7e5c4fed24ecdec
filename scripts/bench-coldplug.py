#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""Coldplug benchmark on the host (not a test): the lfa plugin's coldplug for
1, 100 and 1000 emulated components, next to a plain C loop reading the same
sysfs files in the same process and run (alternated; min/median/max per
component). Twice: on the FUSE-emulated sysfs (where file I/O dominates, as
on a real kernel's sysfs) and on a plain-file copy of the same tree in /tmp
(where the plugin's own CPU cost shows). On the plain copy, the test-only
module libfu_plugin_lfabare.so, which creates the same number of devices
without reading anything, gives the floor that fwupd's FuDevice costs any
plugin: "plugin own" is the plugin minus that floor minus the reads.

The guest figures (the x86_64 guest on lfa.ko + lfa_sim.ko) come from
scripts/bench-guest.sh.

  scripts/bench-coldplug.py [--sizes 1,100,1000]
"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "tests", "bench"))
import lfa_bench as B  # noqa: E402

BARE = os.path.join(B.BARE_DIR, "libfu_plugin_lfabare.so")
ITERATIONS = {1: 201, 100: 21, 1000: 7}


def harness(module, env, iters):
    """lfa-bench-coldplug: the count, then per component (min, median, max)
    in us of the plugin's and the loop's wall time, and of their CPU time."""
    p = subprocess.run([B.COLDPLUG, module, str(iters)], env=env,
                       capture_output=True, text=True, check=False)
    if p.returncode != 0:
        sys.exit(f"bench: lfa-bench-coldplug {module} failed: {p.stderr[-2000:]}")
    f = p.stdout.split()
    v = [float(x) for x in f[1:]]
    return int(f[0]), {"plugin_wall": v[0:3], "raw_wall": v[3:6],
                       "plugin": v[6:9], "raw": v[9:12]}


def fmt(t):
    return f"{t[0]:.2f}/{t[1]:.2f}/{t[2]:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,100,1000")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    B.need(B.COLDPLUG, "the harness")
    B.need(B.PLUGIN, "the plugin")
    B.need(BARE, "the baseline module")

    B.header("coldplug on the host: plugin vs a C loop reading the same files, "
             "alternated in one process; CPU us per component (the process's user + system "
             "time, which the neighbours on a shared machine do not inflate), min/median/max")
    print(f"{'tree':>6} {'N':>5} {'plugin cpu us':>20} {'raw cpu us':>18} {'ratio':>6} "
          f"{'bare cpu us':>18} {'own':>7} {'wall us plugin/raw':>19} {'ratio':>6}")
    for n in sizes:
        iters = ITERATIONS.get(n, 7)
        sb = B.Sandbox(f"bench{n}", B.scenario(n))
        try:
            copy = os.path.join(sb.tmp, "copy")
            # write-only attributes cannot be read, and coldplug never reads them
            shutil.copytree(os.path.join(sb.root, "firmware", "lfa"),
                            os.path.join(copy, "lfa"),
                            ignore=shutil.ignore_patterns("activate", "cancel"))
            for label, fwdir in (("fuse", os.path.join(sb.root, "firmware")),
                                 ("plain", copy)):
                env = dict(sb.env, FWUPD_SYSFSFWDIR=fwdir, LFA_BENCH_BARE_DEVICES=str(n))
                cnt, t = harness(B.PLUGIN, env, iters)
                if cnt != n:
                    sys.exit(f"bench: the plugin added {cnt} devices for {n} components")
                bare_s = own_s = ""
                if label == "plain":
                    _, tb = harness(BARE, env, iters)
                    bare_s = fmt(tb["plugin"])
                    own_s = f"{t['plugin'][1] - tb['plugin'][1] - t['raw'][1]:.2f}"
                wall = f"{t['plugin_wall'][1]:.1f}/{t['raw_wall'][1]:.1f}"
                print(f"{label:>6} {n:>5} {fmt(t['plugin']):>20} {fmt(t['raw']):>18} "
                      f"{t['plugin'][1] / t['raw'][1]:>6.2f} {bare_s:>18} {own_s:>7} "
                      f"{wall:>19} {t['plugin_wall'][1] / t['raw_wall'][1]:>6.2f}")
        finally:
            sb.close()
    print("# ratio: median plugin / median raw; own: plugin - bare - raw (CPU medians, "
          "plain copy); wall: medians of the same runs")
    print("# on FUSE the CPU time leaves out the emulator's own work, which the wall "
          "time holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
