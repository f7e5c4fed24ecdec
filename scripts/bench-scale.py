#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""Scale benchmark (not a test): the whole stock `fwupdtool get-devices` for
N components, with this project's module over a plain-file sysfs tree,
against the same fwupdtool holding N bare devices from the test-only
module libfu_plugin_lfabare.so, alternated in the same run.

Prints, per N, min/median/max CPU seconds (user + system of fwupdtool: on
a machine shared with other work, wall time measures the neighbours) of both, the marginal cost per device
(time at N minus time at N=0, over N), the ratio ours/bare, and the growth
of the marginal cost against the smallest N: 1.0 is linear. Then, with perf,
a profile at --profile N naming how much of the run is fwupd's own device
list (fu_engine_add_device and below) and how much the plugin.

The third column, bare-lfa-id, holds bare devices with the identity the
plugin gives its devices (one physical ID shared by all, two GUIDs): the
part of our cost that fwupd's engine charges for that identity alone.

  scripts/bench-scale.py [--sizes 250,500,1000,2000,3000] [--runs 3]
                         [--profile 3000 | --profile 0]
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

# label, module, extra environment: ours, the bare floor, and bare devices
# with the identity our devices have (shared physical ID, two GUIDs)
VARIANTS = (
    ("ours", "lfa", {}),
    ("bare", "lfabare", {}),
    ("bare-lfa-id", "lfabare", {"LFA_BENCH_BARE_SHAPE": "lfa"}),
)
MODULES = ("lfa", "lfabare")

# inclusive shares printed from the profile: fwupd's engine and device list,
# then the plugin's own code
PROFILE_SYMBOLS = (
    ("fu_plugin_runner_coldplug", "coldplug (plugin and everything it calls)"),
    ("fu_engine_add_device", "fwupd: engine adding a device (device list, adoption, history)"),
    ("fu_device_list_add", "fwupd: device list add (linear find by id/connection/guid)"),
    ("fu_device_list_get_active", "fwupd: copy of the active list (per added device)"),
    ("fu_device_list_depsolve_order", "fwupd: order depsolve"),
    ("fu_history_get_device_by_id", "fwupd: history database lookup"),
    ("fu_context_load_quirks", "fwupd: quirk database"),
    ("fu_lfa_plugin_get_device_gtype", "plugin: staging-method quirk lookup"),
    ("fu_lfa_device_probe", "plugin: probe"),
    ("fu_lfa_device_setup", "plugin: setup (attribute reads)"),
    ("fu_lfa_common_read_attr", "plugin: attribute reads"),
    ("fu_bench_bare_coldplug", "bare module: coldplug"),
)


def run_once(env, module, n):
    env = dict(env, LFA_BENCH_BARE_DEVICES=str(n))
    t0 = B.child_cpu()
    p = B.tool(env, module, "get-devices", "--json")
    secs = B.child_cpu() - t0
    got = p.stdout.count(f'"Plugin" : "{module}"')
    if got != n:
        sys.exit(f"bench: {module} listed {got} devices, expected {n}")
    return secs


def profile(tmp, n, template):
    if shutil.which("perf") is None:
        print("# profile: perf is not installed; no profile taken")
        return
    sysroot = os.path.join(tmp, f"sys-prof{n}")
    B.plain_tree(sysroot, n, template)
    for module in MODULES:
        env = dict(B.fwupd_env(tmp, sysroot, module), LFA_BENCH_BARE_DEVICES=str(n))
        data = os.path.join(tmp, f"perf-{module}.data")
        cmd = ["perf", "record", "-q", "-F", "250", "--call-graph", "dwarf,16384",
               "-o", data, "--", B.lfa_sandbox.FWUPDTOOL, "--plugins", module,
               "--no-reboot-check", "get-devices", "--json"]
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if p.returncode not in (0, 2):
            print(f"# profile: perf record failed ({p.returncode}): {p.stderr[-500:]}")
            return
        rep = subprocess.run(["perf", "report", "-i", data, "--children", "--sort", "symbol",
                              "--stdio", "-g", "none", "--percent-limit", "0.5"],
                             capture_output=True, text=True, check=False)
        incl = {}
        for line in rep.stdout.splitlines():
            m = re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+\[\.\]\s+(\S+)", line)
            if m:
                incl.setdefault(m.group(3), float(m.group(1)))
        print(f"# profile of get-devices, {module}, N={n} (perf, inclusive % of samples):")
        for sym, what in PROFILE_SYMBOLS:
            if sym in incl:
                print(f"#   {incl[sym]:5.1f}%  {sym:32} {what}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="250,500,1000,2000,3000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", type=int, default=3000,
                    help="N for the perf profile, 0 for none")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    B.need(B.PLUGIN, "the plugin")
    B.need(os.path.join(B.BARE_DIR, "libfu_plugin_lfabare.so"), "the baseline module")

    B.header("scale: whole `fwupdtool get-devices --json`, ours (plain-file sysfs) "
             "vs N bare devices (lfabare), alternated")
    template = B.template_component()
    with B.TmpDir("lfa-bench-scale-") as tmp:
        results = {}
        for n in [0] + sizes:
            sysroot = os.path.join(tmp, f"sys{n}")
            B.plain_tree(sysroot, n, template)
            envs = {label: dict(B.fwupd_env(tmp, sysroot, m), **extra)
                    for label, m, extra in VARIANTS}
            times = {label: [] for label, _, _ in VARIANTS}
            run_once(envs["ours"], "lfa", n)  # warm the page cache and quirk cache
            for _ in range(args.runs):
                for label, m, _ in VARIANTS:
                    times[label].append(run_once(envs[label], m, n))
            results[n] = times
            shutil.rmtree(sysroot)

        labels = [label for label, _, _ in VARIANTS]
        base = {v: B.stats(results[0][v])[1] for v in labels}
        print("# N=0 (start-up, no device), CPU s medians: "
              + ", ".join(f"{v} {base[v]:.2f}" for v in labels))
        print(f"{'N':>6} " + " ".join(f"{v + ' cpu s':>18}" for v in labels)
              + " " + " ".join(f"{v + ' ms/dev':>18}" for v in labels)
              + f" {'ours/bare':>9} {'ours/bare-lfa-id':>16} {'growth ours':>11} "
              f"{'growth bare':>11}")
        first = {}
        for n in sizes:
            per = {v: (B.stats(results[n][v])[1] - base[v]) * 1e3 / n for v in labels}
            for v in labels:
                first.setdefault(v, per[v])
            print(f"{n:>6} " + " ".join(f"{B.fmt3(results[n][v]):>18}" for v in labels)
                  + " " + " ".join(f"{per[v]:>18.3f}" for v in labels)
                  + f" {per['ours'] / per['bare']:>9.2f} {per['ours'] / per['bare-lfa-id']:>16.2f}"
                  f" {per['ours'] / first['ours']:>11.2f} {per['bare'] / first['bare']:>11.2f}")
        print("# cpu s: min/median/max of fwupdtool's CPU time; ms/dev: (median at N - "
              "median at N=0) / N; growth: ms/dev against the first N "
              f"({sizes[0]}), 1.0 = linear; bare-lfa-id: bare devices with our devices' "
              "identity (one shared physical ID, two GUIDs)")
        if args.profile:
            profile(tmp, args.profile, template)
    return 0


if __name__ == "__main__":
    sys.exit(main())
