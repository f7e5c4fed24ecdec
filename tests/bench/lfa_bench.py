# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""What the scripts/bench-*.py benchmarks share: the build's paths, the
emulator's scenarios, plain-file sysfs trees of any size, the test-only
baseline module (libfu_plugin_lfabare.so) and min/median/max statistics.

Benchmarks print numbers and ratios against a baseline measured in the same
run; they never assert a time."""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.abspath(os.environ.get("LFA_BUILDDIR", os.path.join(TOP, "build")))
os.environ.setdefault("LFA_SRCDIR", TOP)
os.environ.setdefault("LFA_BUILDDIR", BUILD)
sys.path.insert(0, os.path.join(TOP, "tests", "host"))

import lfa_sandbox  # noqa: E402

# LFA_BENCH_PLUGIN_DIR measures another build of the plugin (before/after)
PLUGIN_DIR = os.path.abspath(os.environ.get("LFA_BENCH_PLUGIN_DIR",
                                            os.path.join(BUILD, "plugins-lfa")))
PLUGIN = os.path.join(PLUGIN_DIR, "libfu_plugin_lfa.so")
BARE_DIR = os.path.join(BUILD, "tests", "bench", "bare")
COLDPLUG = os.path.join(BUILD, "tests", "bench", "lfa-bench-coldplug")
MKIMAGE = os.path.join(BUILD, "kernel", "testbeds", "tools", "lfa-mkimage")

# the attributes a v3 component directory holds that can be read
READABLE = ("name", "current_version", "pending_version", "activation_capable",
            "activation_pending", "may_reset_cpu", "cpu_rendezvous",
            "force_cpu_rendezvous", "auto_activate")


class BenchPaths(lfa_sandbox.Paths):
    """lfa_sandbox.Paths with the plugin from PLUGIN_DIR."""

    def __init__(self):
        super().__init__()
        self.plugin_dir = PLUGIN_DIR


lfa_sandbox.Paths = BenchPaths
Sandbox = lfa_sandbox.Sandbox


def need(path, what):
    if not os.path.exists(path):
        sys.exit(f"bench: {what} {path} is missing: build first (ninja -C {BUILD})")


def guid(i):
    return f"5eed{i:04x}-0000-4000-8000-{i:012x}"


def scenario(n):
    """n components for the emulator or lfa_sim, every other one pending."""
    lines = []
    for i in range(n):
        pending = " pending=1.1" if i % 2 else ""
        lines.append(f"component {guid(i)} current=1.0{pending} rendezvous=optional")
    return "\n".join(lines) + "\n"


def template_component():
    """The readable attributes of one component as the emulator presents
    them, {attr: bytes} for a pending and for a non-pending one."""
    sb = Sandbox("template", scenario(2))
    try:
        out = []
        for i in range(2):
            d = sb.lfa_dir(guid(i))
            attrs = {}
            for a in READABLE:
                with open(os.path.join(d, a), "rb") as f:
                    attrs[a] = f.read()
            out.append(attrs)
        return out
    finally:
        sb.close()


def plain_tree(root, n, template):
    """root/firmware/lfa/GUID/attr and root/class/firmware/lfa-GUID for n
    components, as plain files: trees larger than any agent holds today."""
    lfa = os.path.join(root, "firmware", "lfa")
    os.makedirs(lfa, exist_ok=True)
    for i in range(n):
        d = os.path.join(lfa, guid(i))
        os.makedirs(d)
        for a, text in template[i % 2].items():
            with open(os.path.join(d, a), "wb") as f:
                f.write(text)
        up = os.path.join(root, "class", "firmware", f"lfa-{guid(i)}")
        os.makedirs(up)
        for a, text in (("loading", b"0\n"), ("status", b"idle\n"), ("error", b"\n"),
                        ("remaining_size", b"0\n")):
            with open(os.path.join(up, a), "wb") as f:
                f.write(text)


def fwupd_env(tmp, sysroot, module):
    """A private fwupd world over sysroot, loading only module: "lfa"
    (this project's) or "lfabare" (the baseline). The environment is the
    one lfa_sandbox gives the host tests (private state, configuration,
    quirks and lock), built without starting its FUSE emulator."""
    sb = Sandbox.__new__(Sandbox)
    sb.paths = BenchPaths()
    sb.tmp = tmp
    sb.root = sysroot
    env = sb._fwupd_env()
    env["FWUPD_LIBDIR_PKG"] = PLUGIN_DIR if module == "lfa" else BARE_DIR
    return env


def tool(env, module, *args, timeout=600):
    cmd = [lfa_sandbox.FWUPDTOOL, "--plugins", module, "--no-reboot-check"] + list(args)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout,
                       stdin=subprocess.DEVNULL, check=False)
    # fwupdtool exits 2 when it finds no device at all
    if p.returncode not in (0, 2):
        sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return p


def child_cpu():
    """User + system CPU seconds of all waited-for children so far: the
    difference around one run is that run's CPU time, which the other work
    on a shared machine does not inflate as it does wall time."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def self_cpu():
    """User + system CPU seconds of this process so far."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def proc_cpu(pid):
    """User + system CPU seconds of a running process (all its threads)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields 14 and 15 of proc(5), counted after the command name
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stats(values):
    return min(values), statistics.median(values), max(values)


def fmt3(values, scale=1.0, prec=2):
    lo, med, hi = stats(values)
    return f"{lo * scale:.{prec}f}/{med * scale:.{prec}f}/{hi * scale:.{prec}f}"


def load():
    """The machine's load average now, for the printed record."""
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def header(title):
    print(f"# {title}")
    print(f"# {os.uname().nodename}: {os.cpu_count()} cores, load {load()}")


class TmpDir:
    def __init__(self, prefix):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        if os.environ.get("LFA_KEEP_TMP") is None:
            shutil.rmtree(self.path, ignore_errors=True)
