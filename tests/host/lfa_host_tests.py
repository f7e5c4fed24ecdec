#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""Host tests: the stock Debian fwupd (fwupdtool, and the daemon driven by
fwupdmgr on a private D-Bus) with our module, against the FUSE emulation of
the kernel's LFA sysfs ABI. Run one test: lfa_host_tests.py NAME."""

import configparser
import errno as errno_mod
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lfa_sandbox import Sandbox, TestFailure, check, lfa_devices, wait_for  # noqa: E402

FVP = {
    "bl31": "47d4086d-4cfe-9846-9b95-2950cbbd5a00",
    "bl33": "d6d0eea7-fcea-d54b-9782-9934f234b6e4",
    "rmm": "6c0762a6-12f2-4b56-92cb-ba8f633606d9",
    "sp1": "f07b2a96-1d47-4d17-9ec8-86a64e253e5c",
    "sp2": "c3ff2127-7e41-a9f8-05af-24a1afa33474",
}
G = "00000000-0000-4000-8000-0000000000%02x"


def inventory(name):
    path = os.path.join(os.environ["LFA_SRCDIR"], "data", "inventories", name)
    with open(path, encoding="utf-8") as f:
        return f.read()


def quirk_names():
    """GUID -> Name from the shipped quirk file, whatever the section form."""
    path = os.path.join(os.environ["LFA_SRCDIR"], "plugins-lfa", "lfa.quirk")
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    out = {}
    for section in parser.sections():
        m = re.search(r"[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}", section)
        if m and "Name" in parser[section]:
            out[m.group(0).lower()] = parser[section]["Name"]
    return out


def flags(dev):
    return set(dev.get("Flags", []))


def device_text(dev):
    """Everything a user can read about a device, for wording checks."""
    parts = [str(dev.get(k, "")) for k in ("Summary", "Description", "UpdateError",
                                            "UpdateMessage", "Problems")]
    return " ".join(parts)


def expect_error(proc, *words):
    text = (proc.stdout + proc.stderr).lower()
    for w in words:
        check(w.lower() in text, f"expected '{w}' in the error, got:\n{proc.stdout}{proc.stderr}")


# --- enumeration ---------------------------------------------------------

def test_enumerate_fvp():
    sb = Sandbox("enum", inventory("fvp.lfa"))
    try:
        devs = sb.tool_devices()
        check(sorted(devs) == sorted(FVP.values()),
              f"expected the 5 FVP components, got {sorted(devs)}")
        names = quirk_names()
        for guid, dev in devs.items():
            check(guid in [g.lower() for g in dev.get("Guid", [])] or
                  guid in [i.lower() for i in dev.get("InstanceIds", [])],
                  f"{guid}: the GUID itself is not an instance id/GUID: {dev}")
            check("com.arm.lfa" in dev.get("Protocols", [dev.get("Protocol")]),
                  f"{guid}: protocol missing: {dev}")
            if guid in names:
                check(dev.get("Name") == names[guid],
                      f"{guid}: name {dev.get('Name')!r}, quirk says {names[guid]!r}")
        rmm = devs[FVP["rmm"]]
        check(rmm.get("Version") == "0.7", f"RMM version {rmm.get('Version')}")
        check("needs-activation" in flags(rmm), f"RMM has 0.8 pending: {flags(rmm)}")
        check("0.8" in device_text(rmm), f"pending version not shown: {rmm}")
        check("updatable" in flags(devs[FVP["sp1"]]), "SP1 should be updatable")
        for key, why in (("bl31", "reset"), ("bl33", "capable")):
            dev = devs[FVP[key]]
            check("updatable" not in flags(dev), f"{key} must not be updatable")
            check(why in device_text(dev).lower(),
                  f"{key}: no readable reason mentioning '{why}': {dev}")
    finally:
        sb.close()


def test_enumerate_old_kernels():
    """v1 kernels lack auto_activate, force_cpu_rendezvous and the version
    files; v2 lacks auto_activate. Devices must still appear, without a
    made-up version."""
    for abi in ("v1", "v2"):
        sb = Sandbox(f"abi-{abi}", inventory("fvp.lfa"), abi=abi)
        try:
            check(not os.path.exists(os.path.join(sb.lfa_dir(FVP["sp1"]), "auto_activate")),
                  f"{abi}: emulator still has auto_activate")
            devs = sb.tool_devices()
            check(len(devs) == 5, f"{abi}: {len(devs)} devices")
            if abi == "v1":
                check(devs[FVP["rmm"]].get("Version") in (None, ""),
                      f"v1 has no version files but got {devs[FVP['rmm']].get('Version')}")
            else:
                check(devs[FVP["rmm"]].get("Version") == "0.7", f"{abi}: version")
        finally:
            sb.close()


def good_attrs(version="1.0"):
    return {"name": "", "current_version": f"{version}\n", "pending_version": "N/A\n",
            "activation_capable": "1\n", "activation_pending": "0\n",
            "may_reset_cpu": "0\n", "cpu_rendezvous": "1\n",
            "force_cpu_rendezvous": "1\n", "auto_activate": "0\n"}


def test_malformed_tree():
    """Content no correct kernel produces: every device still appears (or
    is skipped), with a readable problem, never a crash or a wrong version;
    the healthy neighbour is unaffected."""
    bad = {
        "current_version": "1.x\n",
        "pending_version": "-1.2\n",
        "activation_capable": "yes\n",
        "activation_pending": "2\n",
        "may_reset_cpu": "",
        "cpu_rendezvous": "\x00\xff\n",
    }
    tree = {G % 1: good_attrs("3.4")}
    for i, (attr, value) in enumerate(bad.items(), start=2):
        attrs = good_attrs()
        attrs[attr] = value
        tree[G % i] = attrs
    tree[G % 20] = dict(good_attrs(), current_version="1." + "9" * 5000 + "\n")
    tree[G % 21] = {}  # an empty directory: every file missing
    tree["not-a-guid"] = good_attrs()
    sb = Sandbox("malformed", None, tree=tree)
    try:
        p = sb.fwupdtool("get-devices", "--json", ok=None)
        check(p.returncode in (0, 2), f"fwupdtool crashed or failed: {p.returncode}\n{p.stderr}")
        devs = lfa_devices(json.loads(p.stdout))
        check(devs.get(G % 1, {}).get("Version") == "3.4", "healthy device lost or wrong")
        check("updatable" in flags(devs[G % 1]), "healthy device not updatable")
        for i, attr in enumerate(bad, start=2):
            dev = devs.get(G % i)
            if dev is None:
                continue  # skipped with a debug message: acceptable
            check("updatable" not in flags(dev) or attr in ("name",),
                  f"{attr} garbage but the device is updatable: {dev}")
            if attr == "current_version":
                check(dev.get("Version") in (None, ""), f"invented version {dev.get('Version')}")
            print(f"{attr}: {device_text(dev).strip()}")
        check(devs.get(G % 20, {}).get("Version") in (None, ""), "huge version accepted")
        check(not any("not-a-guid" in k for k in devs), "a non-GUID directory became a device")
    finally:
        sb.close()


# --- install then activate -------------------------------------------------

def install_and_activate(sb, guid, version):
    cab = sb.cabinet(guid, version)
    sb.fwupdtool("install", cab)
    check(sb.read_attr(guid, "activation_pending") == "1", "nothing pending after install")
    check(sb.read_attr(guid, "pending_version") == version, "pending version after install")
    dev = sb.tool_devices()[guid]
    check("needs-activation" in flags(dev), f"not marked needs-activation: {flags(dev)}")
    sb.fwupdtool("activate", dev["DeviceId"])
    check(sb.read_attr(guid, "current_version") == version, "version did not change")
    check(sb.read_attr(guid, "activation_pending") == "0", "still pending")
    dev = sb.tool_devices()[guid]
    check(dev.get("Version") == version, f"device shows {dev.get('Version')}")
    check("needs-activation" not in flags(dev), "still needs activation")


def test_install_activate_fwupdtool():
    sb = Sandbox("install", inventory("fvp.lfa"))
    try:
        install_and_activate(sb, FVP["sp1"], "1.1")
        # the rendezvous-required component, staged out of band (0.8 is
        # pending in the scenario), through the emulator's holding pen
        rmm = sb.tool_devices()[FVP["rmm"]]
        sb.fwupdtool("activate", rmm["DeviceId"])
        check(sb.read_attr(FVP["rmm"], "current_version") == "0.8", "RMM not activated")
        install_and_activate(sb, FVP["rmm"], "0.9")
    finally:
        sb.close()


# fwupdtool activates only what its own history recorded as installed, so the
# fwupdtool error tests stage through fwupd first: nothing pending at boot
FAULTS = "".join(
    f"component {G % i} name={n} current=1.0 rendezvous=optional\n"
    for i, n in enumerate(("ok", "auth-fails", "activation-fails", "prime-stalls",
                           "activate-stalls", "slow-prime", "critical"), start=1)
) + """fault auth-fails prime status=AUTH_ERROR always
fault activation-fails activate status=ACTIVATION_FAILED always
fault prime-stalls prime stall
fault activate-stalls activate stall
fault slow-prime prime call_again=50
fault critical activate status=CRITICAL_ERROR always
"""


def stage(sb, guid, version="1.1"):
    sb.fwupdtool("install", sb.cabinet(guid, version))
    check(sb.read_attr(guid, "activation_pending") == "1", f"{guid}: not staged")
    return sb.tool_devices()[guid]["DeviceId"]


def test_activate_errors():
    """Each firmware failure mode gives its own clear message, and the
    previous firmware keeps running with the update still pending."""
    sb = Sandbox("errors", FAULTS, budgets_ms=(400, 400))
    try:
        cases = (
            (G % 2, ("previous firmware", "still running")),        # AUTH_ERROR
            (G % 3, ("previous firmware", "still running")),        # ACTIVATION_FAILED
            (G % 7, ("previous firmware", "still running")),        # CRITICAL_ERROR
            (G % 4, ("budget",)),                                   # PRIME stalls
            (G % 5, ("budget",)),                                   # ACTIVATE stalls
        )
        for guid, words in cases:
            device_id = stage(sb, guid)
            p = sb.fwupdtool("activate", device_id, ok=False)
            expect_error(p, *words)
            print(f"{guid}: {(p.stderr or p.stdout).strip().splitlines()[-1]}")
            check(sb.read_attr(guid, "current_version") == "1.0",
                  f"{guid}: version changed after a failed activation")
            check(sb.read_attr(guid, "activation_pending") == "1",
                  f"{guid}: the staged update was lost")
        # call_again 50 times, then success
        device_id = stage(sb, G % 6)
        sb.fwupdtool("activate", device_id)
        check(sb.read_attr(G % 6, "current_version") == "1.1", "slow PRIME did not finish")
    finally:
        sb.close()


def test_activate_busy():
    """A second activation while one is running gets the kernel's EBUSY."""
    sb = Sandbox("busy", FAULTS, budgets_ms=(4000, 4000))
    try:
        ok_id = stage(sb, G % 1)
        stage(sb, G % 4)
        # an admin's raw write that stalls in PRIME for the whole budget
        errno = []
        writer = threading.Thread(
            target=lambda: errno.append(sb.write_attr(G % 4, "activate", "1")))
        writer.start()
        time.sleep(0.5)
        p = sb.fwupdtool("activate", ok_id, ok=False)
        expect_error(p, "another activation is in progress")
        writer.join()
        check(errno == [errno_mod.ETIMEDOUT], f"stalled raw write gave errno {errno}, not ETIMEDOUT")
        check(sb.read_attr(G % 1, "current_version") == "1.0", "busy activation changed things")
        sb.fwupdtool("activate", ok_id)
        check(sb.read_attr(G % 1, "current_version") == "1.1", "retry after busy failed")
    finally:
        sb.close()


def test_staging_errors():
    """Corrupt or mismatched images are refused with a clear error and
    nothing is staged."""
    sb = Sandbox("stage", inventory("fvp.lfa") +
                 "component 00000000-0000-4000-8000-000000000009 name=hw current=1.0 "
                 "rendezvous=optional\nfault hw stage status=hw-error always\n")
    try:
        sp1 = FVP["sp1"]
        bad = (
            ("wrong-guid", sb.mkimage(FVP["sp2"], "1.1")),
            ("crc", sb.mkimage(sp1, "1.1", "--corrupt", "crc")),
            ("truncated", sb.mkimage(sp1, "1.1", "--corrupt", "truncate")),
        )
        for what, image in bad:
            cab = sb.cabinet(sp1, "1.1", image=image)
            p = sb.fwupdtool("install", cab, ok=False)
            check(p.returncode != 0, f"{what}: accepted")
            check(sb.read_attr(sp1, "activation_pending") == "0", f"{what}: something was staged")
            print(f"{what}: {(p.stderr or p.stdout).strip().splitlines()[-1]}")
        hw = G % 9
        p = sb.fwupdtool("install", sb.cabinet(hw, "1.1"), ok=False)
        expect_error(p, "hw-error")
        check(sb.read_attr(hw, "activation_pending") == "0", "hw-error staged something")
        # a version other than the release's is caught after staging
        cab = sb.cabinet(sp1, "1.2", image=sb.mkimage(sp1, "1.3"))
        p = sb.fwupdtool("install", cab, ok=False)
        expect_error(p, "1.3")
    finally:
        sb.close()


# --- quirk-selected policy ---------------------------------------------------

POLICY = "".join(
    f"component {G % i} name={n} current=1.0 {extra}\n"
    for i, n, extra in (
        (1, "skip-optional", "rendezvous=optional"),
        (2, "skip-required", "rendezvous=required"),
        (3, "on-install", "rendezvous=optional"),
        (4, "external", "rendezvous=optional"),
        (5, "to-file", "rendezvous=optional"),
        (6, "auto", "rendezvous=optional"),
    )
)


def policy_quirks(tmp):
    q = ""
    for i, keys in (
        (1, "LfaCpuRendezvous = skip-if-optional"),
        (2, "LfaCpuRendezvous = skip-if-optional"),
        (3, "LfaActivateOnInstall = true"),
        (4, "LfaStagingMethod = none"),
        (5, f"LfaStagingMethod = file\nLfaStagingTarget = {tmp}/bmc-share/image.bin"),
        (6, "LfaAutoActivate = true"),
    ):
        q += f"[{G % i}]\nPlugin = lfa\nVendorId = LFA:TEST\n{keys}\n\n"
    return q


def test_quirk_policies():
    sb = Sandbox("policy", POLICY)
    try:
        sb.add_quirks(policy_quirks(sb.tmp))
        os.makedirs(os.path.join(sb.tmp, "bmc-share"))

        # rendezvous skipped only where the firmware says it is optional
        for i, want in ((1, "0"), (2, "1")):
            install_and_activate(sb, G % i, "1.1")
            got = sb.read_attr(G % i, "force_cpu_rendezvous")
            check(got == want, f"{G % i}: force_cpu_rendezvous {got}, policy wants {want}")

        # install activates at once
        sb.fwupdtool("install", sb.cabinet(G % 3, "1.2"))
        check(sb.read_attr(G % 3, "current_version") == "1.2", "LfaActivateOnInstall ignored")
        check("needs-activation" not in flags(sb.tool_devices()[G % 3]), "still pending")

        # staging is external: install refused, activation of what is staged works
        p = sb.fwupdtool("install", sb.cabinet(G % 4, "1.6"), ok=False)
        expect_error(p, "extern")
        check(sb.upload_raw(G % 4, sb.mkimage(G % 4, "1.5")) == "", "raw upload failed")
        sb.start_daemon()
        dev = sb.daemon_devices()[G % 4]
        sb.fwupdmgr("activate", dev["DeviceId"])
        check(sb.read_attr(G % 4, "current_version") == "1.5", "external image not activated")

        # staging to a file path (a BMC share, say): the image lands there
        image = sb.mkimage(G % 5, "1.1")
        p = sb.fwupdmgr("install", sb.cabinet(G % 5, "1.1", image=image), ok=None)
        with open(image, "rb") as a, open(os.path.join(sb.tmp, "bmc-share", "image.bin"), "rb") as b:
            check(a.read() == b.read(), "file staging wrote something else")
        # nothing watches that share in the emulator, so the plugin must say
        # the kernel never saw the image rather than claim success
        check(p.returncode != 0, "file staging claimed success with nothing pending")
        expect_error(p, "nothing pending")

        # auto-activation: the plugin turns it on, the kernel activates on notify
        check(sb.read_attr(G % 6, "auto_activate") == "1", "LfaAutoActivate not written")
        sb.fwupdmgr("install", sb.cabinet(G % 6, "1.1"), ok=None)
        wait_for(lambda: sb.read_attr(G % 6, "current_version") == "1.1", 10,
                 "the kernel to auto-activate the staged image")
    finally:
        sb.close()


# --- the daemon, as fwupdmgr users meet it -----------------------------------

def test_daemon_install_activate_history():
    sb = Sandbox("daemon", inventory("fvp.lfa"))
    try:
        sb.start_daemon()
        devs = sb.daemon_devices()
        check(len(devs) == 5, f"daemon lists {len(devs)} LFA devices")
        sp2 = FVP["sp2"]
        sb.fwupdmgr("install", sb.cabinet(sp2, "1.4"))
        dev = sb.daemon_devices()[sp2]
        check("needs-activation" in flags(dev), f"daemon: not pending: {flags(dev)}")
        sb.fwupdmgr("activate", dev["DeviceId"])
        dev = sb.daemon_devices()[sp2]
        check(dev.get("Version") == "1.4", f"daemon shows {dev.get('Version')}")
        check(sb.read_attr(sp2, "current_version") == "1.4", "kernel version")
        hist = sb.fwupdmgr("get-history", "--json").stdout
        check("1.4" in hist and sp2 in hist.lower(), f"history lacks the update:\n{hist}")
    finally:
        if os.environ.get("LFA_VERBOSE"):
            print(sb.daemon_tail())
        sb.close()


def test_daemon_inventory_changes():
    """Components that appear or vanish after an activation are added to or
    removed from the running daemon's device list."""
    sb = Sandbox("changes", inventory("changes.lfa"))
    try:
        sb.start_daemon()
        loader = "11111111-0000-4000-8000-000000000001"
        legacy = "11111111-0000-4000-8000-000000000002"
        payload = "11111111-0000-4000-8000-000000000003"
        devs = sb.daemon_devices()
        check(legacy in devs and payload not in devs, f"before: {sorted(devs)}")
        sb.fwupdmgr("activate", devs[loader]["DeviceId"])
        wait_for(lambda: set(sb.daemon_devices()) ==
                 {loader, payload, "11111111-0000-4000-8000-000000000004"},
                 20, "payload to appear and legacy to vanish")
        check(sb.daemon_devices()[loader].get("Version") == "2.0", "loader version")
    finally:
        sb.close()


def test_daemon_errors():
    sb = Sandbox("daemon-errors", inventory("faults.lfa"), budgets_ms=(400, 400))
    try:
        sb.start_daemon()
        devs = sb.daemon_devices()
        p = sb.fwupdmgr("activate", devs[G % 3]["DeviceId"], ok=False)
        expect_error(p, "previous firmware")
        # the component vanishes under the daemon's feet
        sb.set_scenario("component %s name=ok current=1.0 pending=1.1\n" % (G % 1))
        p = sb.fwupdmgr("activate", devs[G % 2]["DeviceId"], ok=False)
        check(p.returncode != 0, "activating a vanished component succeeded")
        check(sb.daemon.poll() is None, "daemon died")
    finally:
        sb.close()


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
        print(f"usage: {sys.argv[0]} {'|'.join(TESTS)}", file=sys.stderr)
        return 2
    try:
        TESTS[sys.argv[1]]()
    except TestFailure as e:
        print(f"FAIL {sys.argv[1]}: {e}")
        return 1
    except subprocess.TimeoutExpired as e:
        print(f"FAIL {sys.argv[1]}: timeout: {e}")
        return 1
    print(f"PASS {sys.argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
