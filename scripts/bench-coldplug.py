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

  scripts/bench-coldplug.py [--sizes 1,100,1000] [--callgrind N]

--callgrind N counts instructions instead (valgrind's callgrind, exact and
independent of the load): per component for the plugin's coldplug, the C
loop and the bare module at N plain-file components, and which of the
plugin's functions they go to.
"""

import argparse
import os
import re
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


# the functions whose inclusive instruction counts explain the plugin's cost
CALLGRIND_FUNCS = (
    "fu_lfa_plugin_add_device", "fu_lfa_plugin_probe_device", "fu_lfa_plugin_get_device_gtype",
    "g_object_new", "fu_lfa_device_init", "fu_device_register_private_flag",
    "fu_lfa_device_probe", "fu_device_add_instance_id", "fu_device_build_instance_id",
    "fu_lfa_device_setup", "fu_lfa_device_refresh", "fu_lfa_device_read_attr",
    "fu_lfa_common_read_attr", "fu_lfa_common_read_attr_at", "fu_lfa_device_clear_attr_problem",
    "fu_lfa_device_refresh_pending_message", "fu_device_set_version_raw", "fu_plugin_device_add",
    "fwupd_guid_hash_string", "fu_context_lookup_quirk_by_id", "g_object_notify",
)


def callgrind_ir(env, module, toggle, tmp):
    """Instructions inside TOGGLE over the harness's two passes (warm-up and
    one measured), and the inclusive count of each CALLGRIND_FUNCS."""
    out = os.path.join(tmp, f"callgrind-{os.path.basename(module)}-{toggle}.out")
    p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        f"--toggle-collect={toggle}", B.COLDPLUG, module, "1"],
                       env=env, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        sys.exit(f"bench: callgrind failed: {p.stderr[-2000:]}")
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                         capture_output=True, text=True, check=False).stdout
    total = 0
    funcs = {}
    for line in ann.splitlines():
        m = re.match(r"\s*([\d,]+) .*PROGRAM TOTALS", line)
        if m:
            total = int(m.group(1).replace(",", ""))
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+\S*:(\w+)", line)
        if m and m.group(2) in CALLGRIND_FUNCS:
            funcs.setdefault(m.group(2), int(m.group(1).replace(",", "")))
    return total, funcs


def callgrind(n):
    if shutil.which("valgrind") is None or shutil.which("callgrind_annotate") is None:
        sys.exit("bench: --callgrind needs valgrind")
    B.header(f"coldplug instructions per component (callgrind), {n} plain-file components")
    template = B.template_component()
    with B.TmpDir("lfa-bench-callgrind-") as tmp:
        root = os.path.join(tmp, "sys")
        B.plain_tree(root, n, template)
        env = dict(B.fwupd_env(tmp, root, "lfa"), LFA_BENCH_BARE_DEVICES=str(n))
        env["FWUPD_SYSFSFWDIR"] = os.path.join(root, "firmware")
        passes = 2 * n
        plugin, funcs = callgrind_ir(env, B.PLUGIN, "fu_plugin_runner_coldplug", tmp)
        raw, _ = callgrind_ir(env, B.PLUGIN, "lfa_bench_raw_once", tmp)
        bare, _ = callgrind_ir(env, BARE, "fu_plugin_runner_coldplug", tmp)
    print(f"plugin {plugin / passes:10.0f} Ir/comp")
    print(f"raw    {raw / passes:10.0f} Ir/comp   ratio plugin/raw {plugin / raw:.2f}")
    print(f"bare   {bare / passes:10.0f} Ir/dev    (fwupd's floor per device)")
    print(f"own    {(plugin - bare - raw) / passes:10.0f} Ir/comp   (plugin - bare - raw)")
    print("# inclusive per component, plugin run:")
    for f in CALLGRIND_FUNCS:
        if f in funcs:
            print(f"#   {funcs[f] / passes:9.0f}  {100 * funcs[f] / plugin:5.1f}%  {f}")
    return 0


def fmt(t):
    return f"{t[0]:.2f}/{t[1]:.2f}/{t[2]:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,100,1000")
    ap.add_argument("--callgrind", type=int, default=0, metavar="N")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    B.need(B.COLDPLUG, "the harness")
    B.need(B.PLUGIN, "the plugin")
    B.need(BARE, "the baseline module")
    if args.callgrind:
        return callgrind(args.callgrind)

    B.header("coldplug on the host: plugin vs a C loop reading the same files, "
             "alternated in one process; CPU us per component (the process's user + system "
             "time, which the neighbours on a shared machine do not inflate), min/median/max")
    print(f"{'tree':>6} {'N':>5} {'plugin cpu us':>20} {'raw cpu us':>18} {'ratio':>6} "
          f"{'bare cpu us':>18} {'own':>7} {'wall us plugin/raw':>19} {'ratio':>6} "
          f"{'wall us plugin min/med/max':>28} {'wall us raw min/med/max':>26}")
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
                      f"{wall:>19} {t['plugin_wall'][1] / t['raw_wall'][1]:>6.2f} "
                      f"{fmt(t['plugin_wall']):>28} {fmt(t['raw_wall']):>26}")
        finally:
            sb.close()
    print("# ratio: median plugin / median raw; own: plugin - bare - raw (CPU medians, "
          "plain copy); wall: medians of the same runs")
    print("# on FUSE the CPU time leaves out the emulator's own work, which the wall "
          "time holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
