# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""A private world for the stock fwupd: an emulated /sys, a private D-Bus,
private state and configuration directories, and our module and quirks.

Nothing here touches the machine's own fwupd state, /sys or system bus.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

FWUPDTOOL = "/usr/bin/fwupdtool"
FWUPDMGR = "/usr/bin/fwupdmgr"
FWUPD_DAEMON = "/usr/libexec/fwupd/fwupd"


class TestFailure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise TestFailure(msg)


def wait_for(pred, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.05)
    raise TestFailure(f"timed out after {timeout}s waiting for {what}")


class Paths:
    """Where meson put the pieces; passed in through the environment."""

    def __init__(self):
        self.srcdir = os.environ["LFA_SRCDIR"]
        self.builddir = os.environ["LFA_BUILDDIR"]
        self.emulator = os.path.join(
            self.builddir, "kernel", "testbeds", "emulator", "lfa-sysfs-emulator"
        )
        self.mkimage = os.path.join(self.builddir, "kernel", "testbeds", "tools", "lfa-mkimage")
        self.plugin_dir = os.path.join(self.builddir, "plugins-lfa")
        self.quirk = os.path.join(self.srcdir, "plugins-lfa", "lfa.quirk")
        self.metainfo = os.path.join(
            self.srcdir, "data", "metainfo", "lfa-component.metainfo.xml.in"
        )
        self.inventories = os.path.join(self.srcdir, "data", "inventories")
        for path in (self.emulator, self.mkimage, self.quirk):
            check(os.path.exists(path), f"missing {path}: build the project first")
        check(
            os.path.exists(os.path.join(self.plugin_dir, "libfu_plugin_lfa.so")),
            "missing libfu_plugin_lfa.so: build the project first",
        )


class Sandbox:
    def __init__(self, name, scenario, abi="v3", cpus=4, budgets_ms=None, tree=None):
        self.paths = Paths()
        self.tmp = tempfile.mkdtemp(prefix=f"lfa-host-{name}-")
        self.root = os.path.join(self.tmp, "sys")
        os.makedirs(self.root)
        self.emulator = None
        self.bus = None
        self.daemon = None
        self.daemon_log = os.path.join(self.tmp, "fwupd.log")
        if tree is not None:
            self._write_tree(tree)
        else:
            self._start_emulator(scenario, abi, cpus, budgets_ms)
        self.env = self._fwupd_env()

    def _start_emulator(self, scenario, abi, cpus, budgets_ms):
        scenario_path = os.path.join(self.tmp, "scenario.lfa")
        with open(scenario_path, "w", encoding="utf-8") as f:
            f.write(scenario)
        args = [
            self.paths.emulator,
            "--root", self.root,
            "--scenario", scenario_path,
            "--abi", abi,
            "--cpus", str(cpus),
            "--foreground",
        ]
        if budgets_ms is not None:
            args += ["--prime-budget-ms", str(budgets_ms[0])]
            args += ["--activate-budget-ms", str(budgets_ms[1])]
        self.emulator = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        line = self.emulator.stdout.readline().strip()
        if line != "ready":
            rest = self.emulator.stdout.read() if self.emulator.poll() is not None else ""
            self.close()
            raise TestFailure(f"emulator did not start: {line} {rest}")

    def _write_tree(self, tree):
        """Plain files instead of the emulator: for content no kernel would
        produce (malformed values), written as {guid: {attr: text}}."""
        for guid, attrs in tree.items():
            d = self.lfa_dir(guid)
            os.makedirs(d)
            for attr, text in attrs.items():
                with open(os.path.join(d, attr), "wb") as f:
                    f.write(text if isinstance(text, bytes) else text.encode())

    def _fwupd_env(self):
        etc = os.path.join(self.tmp, "etc", "fwupd")
        var = os.path.join(self.tmp, "var")
        quirks = os.path.join(self.tmp, "quirks.d")
        for d in (etc, var, quirks, os.path.join(self.tmp, "cache"),
                  os.path.join(self.tmp, "lock")):
            os.makedirs(d, exist_ok=True)
        shutil.copy(self.paths.quirk, quirks)
        # a private configuration: never the system's own fwupd.conf; no
        # UEFI capsule and dbx plugins, whose "UEFI ESP partition not
        # detected" warning concerns a disk this sandbox lacks, not LFA
        with open(os.path.join(etc, "fwupd.conf"), "w", encoding="utf-8") as f:
            f.write("[fwupd]\nOnlyTrusted=false\nIdleTimeout=0\n"
                    "DisabledPlugins=uefi_capsule;uefi_dbx\n")
        env = dict(os.environ)
        env.update(
            {
                "FWUPD_SYSFSDIR": self.root,
                "FWUPD_SYSFSFWDIR": os.path.join(self.root, "firmware"),
                "FWUPD_LIBDIR_PKG": self.paths.plugin_dir,
                "FWUPD_DATADIR_QUIRKS": quirks,
                "FWUPD_LOCALSTATEDIR": var,
                "FWUPD_LOCALSTATEDIR_QUIRKS": os.path.join(var, "quirks.d"),
                "FWUPD_SYSCONFDIR": os.path.join(self.tmp, "etc"),
                "CONFIGURATION_DIRECTORY": etc,
                "STATE_DIRECTORY": os.path.join(var, "lib", "fwupd"),
                "CACHE_DIRECTORY": os.path.join(self.tmp, "cache"),
                # fwupdtool takes a machine-wide lock; keep ours private
                "FWUPD_LOCKDIR": os.path.join(self.tmp, "lock"),
                "LANG": "C.UTF-8",
            }
        )
        return env

    def set_config(self, section, key, value):
        """A setting in the private fwupd.conf, as an admin would add it."""
        path = os.path.join(self.env["CONFIGURATION_DIRECTORY"], "fwupd.conf")
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"[{section}]\n{key}={value}\n")

    def add_quirks(self, text):
        """A site's own quirks for its GUIDs, as an admin would add them."""
        path = os.path.join(self.env["FWUPD_DATADIR_QUIRKS"], "lfa-site.quirk")
        with open(path, "a", encoding="utf-8") as f:
            f.write(text)

    # the emulated kernel ABI, read and written as a shell would
    def lfa_dir(self, guid):
        return os.path.join(self.root, "firmware", "lfa", guid)

    def read_attr(self, guid, attr):
        with open(os.path.join(self.lfa_dir(guid), attr), encoding="ascii") as f:
            return f.read().strip()

    def write_attr(self, guid, attr, value):
        """Returns 0 or the errno the kernel (emulator) gave."""
        try:
            with open(os.path.join(self.lfa_dir(guid), attr), "w", encoding="ascii") as f:
                f.write(value)
            return 0
        except OSError as e:
            return e.errno

    def upload_raw(self, guid, image):
        """Stage an image the way an out-of-band agent would, through the
        kernel's firmware-upload files, without fwupd."""
        d = os.path.join(self.root, "class", "firmware", f"lfa-{guid}")
        with open(os.path.join(d, "loading"), "w") as f:
            f.write("1")
        with open(image, "rb") as src, open(os.path.join(d, "data"), "wb") as dst:
            dst.write(src.read())
        with open(os.path.join(d, "loading"), "w") as f:
            f.write("0")
        wait_for(lambda: open(os.path.join(d, "status")).read().strip() == "idle", 10,
                 "firmware upload to finish")
        return open(os.path.join(d, "error")).read().strip()

    def guids(self):
        return sorted(os.listdir(os.path.join(self.root, "firmware", "lfa")))

    def set_scenario(self, text):
        with open(os.path.join(self.root, "kernel", "lfa_sim", "scenario"), "w") as f:
            f.write(text)

    # fwupdtool, without any daemon
    def fwupdtool(self, *args, ok=True, timeout=120):
        cmd = [FWUPDTOOL, "--plugins", "lfa", "--no-reboot-check"] + list(args)
        return self._run(cmd, ok, timeout)

    def _run(self, cmd, ok, timeout):
        p = subprocess.run(
            cmd, env=self.env, capture_output=True, text=True, timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if ok is True and p.returncode != 0:
            raise TestFailure(
                f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}"
            )
        if ok is False and p.returncode == 0:
            raise TestFailure(f"{' '.join(cmd)} unexpectedly succeeded:\n{p.stdout}")
        return p

    def tool_devices(self):
        p = self.fwupdtool("get-devices", "--json")
        return lfa_devices(json.loads(p.stdout))

    # the stock daemon on a private system bus, driven by fwupdmgr
    def start_daemon(self, wrapper=()):
        """wrapper: a command that execs the daemon, e.g. unshare --net."""
        bus_conf = os.path.join(self.tmp, "bus.conf")
        sock = os.path.join(self.tmp, "system_bus_socket")
        with open(bus_conf, "w", encoding="utf-8") as f:
            f.write(BUS_CONF.format(sock=sock))
        self.bus = subprocess.Popen(
            ["dbus-daemon", "--nofork", f"--config-file={bus_conf}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: os.path.exists(sock), 10, "the private D-Bus")
        self.env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={sock}"
        log = open(self.daemon_log, "w", encoding="utf-8")
        self.daemon = subprocess.Popen(
            list(wrapper) + [FWUPD_DAEMON, "--verbose"], env=self.env, stdout=log, stderr=log
        )
        wait_for(self._daemon_ready, 60, "the fwupd daemon")

    def kill_daemon(self):
        """The daemon dies (SIGKILL), as under the OOM killer or a crash."""
        self.daemon.kill()
        self.daemon.wait(10)

    def restart_daemon(self):
        """A new daemon on the same private bus and state directories."""
        log = open(self.daemon_log, "a", encoding="utf-8")
        log.write("\n---- daemon restarted ----\n")
        log.flush()
        start = os.path.getsize(self.daemon_log)
        self.daemon = subprocess.Popen(
            [FWUPD_DAEMON, "--verbose"], env=self.env, stdout=log, stderr=log
        )

        def ready():
            if self.daemon.poll() is not None:
                raise TestFailure(f"fwupd daemon exited:\n{self.daemon_tail()}")
            with open(self.daemon_log, encoding="utf-8", errors="replace") as f:
                f.seek(start)
                return "ready for requests" in f.read()

        wait_for(ready, 60, "the restarted fwupd daemon")

    def _daemon_ready(self):
        if self.daemon.poll() is not None:
            raise TestFailure(f"fwupd daemon exited:\n{self.daemon_tail()}")
        with open(self.daemon_log, encoding="utf-8", errors="replace") as f:
            return "ready for requests" in f.read()

    def daemon_log_text(self):
        with open(self.daemon_log, encoding="utf-8", errors="replace") as f:
            return f.read()

    def daemon_tail(self, lines=40):
        with open(self.daemon_log, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])

    def fwupdmgr(self, *args, ok=True, timeout=120):
        cmd = [FWUPDMGR, "--no-unreported-check", "--no-metadata-check",
               "--no-reboot-check", "--assume-yes"] + list(args)
        return self._run(cmd, ok, timeout)

    def daemon_devices(self):
        p = self.fwupdmgr("get-devices", "--json")
        return lfa_devices(json.loads(p.stdout))

    def mkimage(self, guid, version, *extra):
        out = os.path.join(self.tmp, f"{guid}-{version}{'-'.join(extra)}.img")
        subprocess.run(
            [self.paths.mkimage, "--guid", guid, "--version", version,
             "--size", "4096", "-o", out] + list(extra),
            check=True, capture_output=True,
        )
        return out

    def cabinet(self, guid, version, image=None):
        """A cabinet as a vendor would build it: the project's metainfo
        template (data/metainfo/) packed by the stock fwupdtool."""
        image = image or self.mkimage(guid, version)
        work = tempfile.mkdtemp(dir=self.tmp, prefix="cab-")
        # build-cabinet finds the payload by these two well-known names
        shutil.copy(image, os.path.join(work, "firmware.bin"))
        with open(self.paths.metainfo, encoding="utf-8") as f:
            text = f.read()
        for key, value in (("GUID", guid), ("VERSION", version), ("NAME", f"lfa-{guid[:8]}"),
                           ("ID", f"g{guid.replace('-', '')}"), ("DATE", "2026-12-01")):
            text = text.replace(f"@{key}@", value)
        with open(os.path.join(work, "firmware.metainfo.xml"), "w", encoding="utf-8") as f:
            f.write(text)
        cab = os.path.join(self.tmp, f"{guid}-{version}-{os.path.basename(work)}.cab")
        subprocess.run(
            [FWUPDTOOL, "build-cabinet", cab, "firmware.bin", "firmware.metainfo.xml"],
            check=True, capture_output=True, env=self.env, cwd=work,
        )
        return cab

    def raw_cabinet(self, guid, version, payload):
        """A cabinet around any payload, even one build-cabinet refuses
        (an empty file), packed with gcab."""
        work = tempfile.mkdtemp(dir=self.tmp, prefix="rawcab-")
        with open(os.path.join(work, "firmware.bin"), "wb") as f:
            f.write(payload)
        with open(self.paths.metainfo, encoding="utf-8") as f:
            text = f.read()
        for key, value in (("GUID", guid), ("VERSION", version), ("NAME", f"lfa-{guid[:8]}"),
                           ("ID", f"g{guid.replace('-', '')}"), ("DATE", "2026-12-01")):
            text = text.replace(f"@{key}@", value)
        with open(os.path.join(work, "firmware.metainfo.xml"), "w", encoding="utf-8") as f:
            f.write(text)
        cab = os.path.join(self.tmp, f"{os.path.basename(work)}.cab")
        subprocess.run(["gcab", "-c", cab, "firmware.bin", "firmware.metainfo.xml"],
                       check=True, capture_output=True, cwd=work)
        return cab

    def upload_dir(self, guid):
        return os.path.join(self.root, "class", "firmware", f"lfa-{guid}")

    def upload_attr(self, guid, attr):
        with open(os.path.join(self.upload_dir(guid), attr), encoding="ascii") as f:
            return f.read().strip()

    def close(self):
        for proc in (self.daemon, self.bus):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if self.emulator is not None:
            subprocess.run(["fusermount3", "-u", "-z", self.root], capture_output=True)
            try:
                self.emulator.wait(10)
            except subprocess.TimeoutExpired:
                self.emulator.kill()
        if os.environ.get("LFA_KEEP_TMP") is None:
            shutil.rmtree(self.tmp, ignore_errors=True)


def lfa_devices(doc):
    """GUID -> device dict for the devices the lfa plugin created."""
    out = {}
    for dev in doc.get("Devices", []):
        if dev.get("Plugin") != "lfa":
            continue
        for iid in dev.get("InstanceIds", []):
            if iid.startswith("LFA\\GUID_"):
                out[iid[len("LFA\\GUID_"):].lower()] = dev
    return out


BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={sock}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow own="*"/>
    <allow user="*"/>
  </policy>
</busconfig>
"""


def run_test_main(namespace):
    """The command line of a host test file: run the test_<NAME> function of
    NAMESPACE (a module's globals()) named by argv[1]; print PASS or FAIL."""
    tests = {name[5:]: fn for name, fn in namespace.items() if name.startswith("test_")}
    if len(sys.argv) != 2 or sys.argv[1] not in tests:
        print(f"usage: {sys.argv[0]} {'|'.join(tests)}", file=sys.stderr)
        return 2
    try:
        tests[sys.argv[1]]()
    except TestFailure as e:
        print(f"FAIL {sys.argv[1]}: {e}")
        return 1
    except subprocess.TimeoutExpired as e:
        print(f"FAIL {sys.argv[1]}: timeout: {e}")
        return 1
    print(f"PASS {sys.argv[1]}")
    return 0
