# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""Reads the guest's transcript (BENCH lines of lfa-bench-guest.sh) on stdin
and prints min/median/max and the ratios against the baselines measured in
the same boot."""

import statistics
import sys


def fmt(v):
    return f"{min(v):.3f}/{statistics.median(v):.3f}/{max(v):.3f}"


def main():
    staging = {}
    for line in sys.stdin:
        line = line.strip()
        if line.startswith(("BENCH-INFO", "BENCH-NOTE")):
            print("# " + line)
            continue
        if not line.startswith("BENCH "):
            continue
        f = line.split()
        if f[1] == "staging":
            kv = dict(x.split("=") for x in f[2:])
            s = staging.setdefault(int(kv["mib"]), ([], []))
            s[0].append(int(kv["ours_ns"]) / 1e9)
            s[1].append(int(kv["raw_ns"]) / 1e9)
        elif f[1] == "coldplug":
            n = f[2].split("=")[1]
            v = [float(x) for x in f[4:]]
            pw, rw, pc, rc = v[0:3], v[3:6], v[6:9], v[9:12]
            print(f"coldplug N={n:>5}: cpu us/comp plugin {pc[0]:.1f}/{pc[1]:.1f}/{pc[2]:.1f} "
                  f"raw {rc[0]:.1f}/{rc[1]:.1f}/{rc[2]:.1f} ratio {pc[1] / rc[1]:.2f}; "
                  f"wall us/comp plugin {pw[1]:.1f} raw {rw[1]:.1f} ratio {pw[1] / rw[1]:.2f}")
    for mib, (ours, raw) in sorted(staging.items()):
        om, rm = statistics.median(ours), statistics.median(raw)
        print(f"staging {mib:>3} MiB: fwupdmgr install s {fmt(ours)}, raw s {fmt(raw)}, "
              f"{mib / om:.1f} vs {mib / rm:.1f} MiB/s, ratio {rm / om:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
