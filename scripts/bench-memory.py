#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""Memory benchmark (not a test): the stock fwupd daemon's memory growth per
component with this project's module (N components in a plain-file sysfs
tree), against the same daemon holding N bare devices from the test-only
module libfu_plugin_lfabare.so. Each daemon runs on a private D-Bus until it
is ready for requests; then its RssAnon (the heap: what devices cost) and
VmRSS are read from /proc. Runs alternate between the two modules, N and
N=0; the growth per component is (median at N - median at 0) / N.

  scripts/bench-memory.py [--sizes 1000,3000] [--runs 3]
"""

import argparse
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "tests", "bench"))
import lfa_bench as B  # noqa: E402

MODULES = ("lfa", "lfabare")
# label -> (module, extra environment); bare-lfa-id: bare devices with the
# identity the plugin gives its devices (shared physical ID, two GUIDs)
VARIANTS = {
    "lfa": ("lfa", {}),
    "lfabare": ("lfabare", {}),
    "bare-lfa-id": ("lfabare", {"LFA_BENCH_BARE_SHAPE": "lfa"}),
}


def status_kib(pid, key):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} for {pid}")


def daemon_memory(env, tmp, n):
    """Starts the daemon, waits until it is ready, returns (RssAnon, VmRSS)
    in KiB and the number of devices it reported adding."""
    log_path = os.path.join(tmp, "fwupd.log")
    env = dict(env, LFA_BENCH_BARE_DEVICES=str(n))
    with open(log_path, "w", encoding="utf-8") as log:
        daemon = subprocess.Popen([B.lfa_sandbox.FWUPD_DAEMON, "--verbose"], env=env,
                                  stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while True:
            if daemon.poll() is not None:
                with open(log_path, encoding="utf-8", errors="replace") as f:
                    sys.exit(f"bench: the daemon exited:\n{f.read()[-2000:]}")
            with open(log_path, encoding="utf-8", errors="replace") as f:
                if "ready for requests" in f.read():
                    break
            if time.monotonic() > deadline:
                sys.exit("bench: the daemon was not ready within 300 s")
            time.sleep(0.1)
        anon = status_kib(daemon.pid, "RssAnon")
        rss = status_kib(daemon.pid, "VmRSS")
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
    return anon, rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,3000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    B.need(B.PLUGIN, "the plugin")
    B.need(os.path.join(B.BARE_DIR, "libfu_plugin_lfabare.so"), "the baseline module")

    B.header("memory: the stock daemon's growth per component, ours (plain-file sysfs) "
             "vs N bare devices (lfabare), alternated")
    template = B.template_component()
    with B.TmpDir("lfa-bench-memory-") as tmp:
        # one private system bus for every daemon in turn
        sock = os.path.join(tmp, "system_bus_socket")
        conf = os.path.join(tmp, "bus.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(B.lfa_sandbox.BUS_CONF.format(sock=sock))
        bus = subprocess.Popen(["dbus-daemon", "--nofork", f"--config-file={conf}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            B.lfa_sandbox.wait_for(lambda: os.path.exists(sock), 10, "the private D-Bus")
            trees = {}
            for n in [0] + sizes:
                trees[n] = os.path.join(tmp, f"sys{n}")
                B.plain_tree(trees[n], n, template)
            anon = {(m, n): [] for m in VARIANTS for n in trees}
            rss = {(m, n): [] for m in VARIANTS for n in trees}
            for _ in range(args.runs):
                for n, root in trees.items():
                    for m, (module, extra) in VARIANTS.items():
                        env = dict(B.fwupd_env(tmp, root, module), **extra)
                        env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={sock}"
                        a, r = daemon_memory(env, tmp, n)
                        anon[(m, n)].append(a)
                        rss[(m, n)].append(r)
        finally:
            bus.terminate()
            bus.wait()

        for label, data in (("RssAnon", anon), ("VmRSS", rss)):
            print(f"# {label} KiB min/median/max at N=0: ours {B.fmt3(data[('lfa', 0)], prec=0)}, "
                  f"bare {B.fmt3(data[('lfabare', 0)], prec=0)}")
        print(f"{'N':>6} {'what':>8} {'ours KiB min/med/max':>26} {'bare KiB min/med/max':>26} "
              f"{'ours KiB/comp':>13} {'bare KiB/dev':>12} {'ratio':>6}")
        for n in sizes:
            for label, data in (("RssAnon", anon), ("VmRSS", rss)):
                per = {m: (B.stats(data[(m, n)])[1] - B.stats(data[(m, 0)])[1]) / n
                       for m in MODULES}
                ratio = per["lfa"] / per["lfabare"] if per["lfabare"] > 0 else float("nan")
                print(f"{n:>6} {label:>8} {B.fmt3(data[('lfa', n)], prec=0):>26} "
                      f"{B.fmt3(data[('lfabare', n)], prec=0):>26} "
                      f"{per['lfa']:>13.2f} {per['lfabare']:>12.2f} {ratio:>6.2f}")
        print("# KiB/comp: (median at N - median at N=0) / N, each module against its own N=0")
        for n in sizes:
            per = (B.stats(anon[("bare-lfa-id", n)])[1] - B.stats(anon[("bare-lfa-id", 0)])[1]) / n
            print(f"# N={n}: bare devices with our devices' identity (shared physical ID, "
                  f"two GUIDs): RssAnon {per:.2f} KiB/dev")
        if len(sizes) >= 2:
            # the slope between the two largest N leaves out the start-up
            # allocations, whose run-to-run noise (about 1 MiB) shows at N=0
            lo, hi = sizes[-2], sizes[-1]
            for label, data in (("RssAnon", anon), ("VmRSS", rss)):
                per = {m: (B.stats(data[(m, hi)])[1] - B.stats(data[(m, lo)])[1]) / (hi - lo)
                       for m in MODULES}
                ratio = per["lfa"] / per["lfabare"] if per["lfabare"] > 0 else float("nan")
                print(f"# slope {lo}->{hi} {label}: ours {per['lfa']:.2f} KiB/comp, "
                      f"bare {per['lfabare']:.2f} KiB/dev, ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
