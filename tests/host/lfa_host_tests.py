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
import platform
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lfa_sandbox import Sandbox, check, lfa_devices, run_test_main, wait_for  # noqa: E402

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
fault slow-prime prime call_again=20
fault critical activate status=CRITICAL_ERROR always
"""


def stage(sb, guid, version="1.1"):
    sb.fwupdtool("install", sb.cabinet(guid, version))
    check(sb.read_attr(guid, "activation_pending") == "1", f"{guid}: not staged")
    return sb.tool_devices()[guid]["DeviceId"]


def expect_true_failure(p, guid, still_staged="1.1"):
    """A failed activation names the component, says what the kernel now
    reports and where the firmware's reason is, and asserts nothing the
    platform did not say (on v3 every failure is the same ECANCELED)."""
    expect_error(p, "activation of", "failed:", f"journalctl -k --grep 'lfa: .*{guid}'")
    if still_staged:
        expect_error(p, f"as current with version {still_staged} still staged")
    text = (p.stdout + p.stderr).lower()
    for lie in ("previous firmware", "still running", "budget", "rejected the image"):
        check(lie not in text, f"'{lie}' claimed after a failure:\n{p.stdout}{p.stderr}")


def test_activate_errors():
    """Whatever the firmware's failure (authentication, activation failed,
    critical error after which TF-A's old image is gone, stalls), the message
    states what the kernel now reports, never that the old firmware runs."""
    # the budgets bound the two stalls; the slow PRIME's 20 call_again
    # answers, 10 ms apart as v3 paces them, need a tenth of them
    sb = Sandbox("errors", FAULTS, budgets_ms=(2000, 2000))
    try:
        for guid in (G % 2, G % 3, G % 4, G % 5):
            device_id = stage(sb, guid)
            p = sb.fwupdtool("activate", device_id, ok=False)
            expect_true_failure(p, guid)
            print(f"{guid}: {(p.stderr or p.stdout).strip().splitlines()[-1]}")
            check(sb.read_attr(guid, "current_version") == "1.0",
                  f"{guid}: version changed after a failed activation")
            check(sb.read_attr(guid, "activation_pending") == "1",
                  f"{guid}: the staged update was lost")
        # CRITICAL_ERROR: as on TF-A, the old image is gone and the platform
        # lists the component without a version, not capable, nothing
        # staged; the message repeats exactly that and claims no more
        guid = G % 7
        device_id = stage(sb, guid)
        p = sb.fwupdtool("activate", device_id, ok=False)
        expect_true_failure(p, guid, still_staged=None)
        expect_error(p, "now reports version 0.0 running and nothing staged",
                     "no longer reports it as activation capable")
        print(f"{guid}: {(p.stderr or p.stdout).strip().splitlines()[-1]}")
        check(sb.read_attr(guid, "activation_capable") == "0",
              "a critical error left the component activation capable")
        # call_again 20 times, then success
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
        # v3: every failed activation is ECANCELED; the older emulator gives
        # ETIMEDOUT for an expired budget
        check(errno in ([errno_mod.ECANCELED], [errno_mod.ETIMEDOUT]),
              f"stalled raw write gave errno {errno}, not ECANCELED")
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
        expect_true_failure(p, G % 3)
        # the component vanishes under the daemon's feet
        sb.set_scenario("component %s name=ok current=1.0 pending=1.1\n" % (G % 1))
        p = sb.fwupdmgr("activate", devs[G % 2]["DeviceId"], ok=False)
        check(p.returncode != 0, "activating a vanished component succeeded")
        expect_error(p, "no longer")
        check(sb.daemon.poll() is None, "daemon died")
    finally:
        sb.close()


# --- issue 9: refuse before staging, bad payloads, nothing stuck -----------

def assert_nothing_staged(sb, guid, pending_before):
    check(sb.read_attr(guid, "activation_pending") == pending_before,
          f"{guid}: activation_pending changed")
    if os.path.isdir(sb.upload_dir(guid)):
        check(sb.upload_attr(guid, "status") == "idle", f"{guid}: an upload is running")
        # a started, then aborted upload would leave receiving:user-abort here
        check(sb.upload_attr(guid, "error") == "", f"{guid}: an upload was started: "
              f"{sb.upload_attr(guid, 'error')}")


def test_refuse_before_staging():
    """may_reset_cpu=1 and activation_capable=0: fwupdmgr install fails
    naming the component and the reason, and no upload is even started."""
    sb = Sandbox("refuse", inventory("fvp.lfa"))
    try:
        sb.start_daemon()
        for key, version, words in (
            ("bl31", "9.9", ("TF-A BL31", "may_reset_cpu=1")),
            ("bl33", "9.9", ("BL33", "activation_capable=0")),
        ):
            guid = FVP[key]
            before = sb.read_attr(guid, "activation_pending")
            p = sb.fwupdmgr("install", sb.cabinet(guid, version), ok=False)
            expect_error(p, *words)
            print(f"{key}: {(p.stderr or p.stdout).strip().splitlines()[-1]}")
            assert_nothing_staged(sb, guid, before)
            check("version not updated" not in p.stdout + p.stderr, "staged then failed")
        # fwupd records the attempt; it must read as failed with nothing staged
        hist = json.loads(sb.fwupdmgr("get-history", "--json").stdout)
        for dev in hist.get("Devices", []):
            if FVP["bl31"] in [g.lower() for g in dev.get("Guid", [])]:
                check("nothing was staged" in dev.get("UpdateError", ""),
                      f"history of the refused install: {dev}")
    finally:
        sb.close()


def test_bad_payloads():
    """Empty payloads and header-only testbed images are refused before
    staging, with the component named."""
    sb = Sandbox("payloads", inventory("fvp.lfa"))
    try:
        sb.start_daemon()
        sp1 = FVP["sp1"]
        header_only = os.path.join(sb.tmp, "header-only.img")
        subprocess.run([sb.paths.mkimage, "--guid", sp1, "--version", "1.1", "--size", "0",
                        "-o", header_only], check=True, capture_output=True)
        # fwupd itself refuses an empty payload while it unpacks the cabinet,
        # before any plugin sees it ("stream size 0x0 is smaller than offset
        # 0x0"); the plugin's own check ("the image for X is empty") is the
        # self-test's
        for what, cab, words in (
            ("empty", sb.raw_cabinet(sp1, "1.1", b""), ("stream size 0x0",)),
            ("header-only", sb.cabinet(sp1, "1.1", image=header_only),
             ("Secure Partition 1", "no payload", "nothing was staged")),
        ):
            p = sb.fwupdmgr("install", cab, ok=False)
            expect_error(p, *words)
            print(f"{what}: {(p.stderr or p.stdout).strip().splitlines()[-1]}")
            assert_nothing_staged(sb, sp1, "0")
    finally:
        sb.close()


def test_stale_upload():
    """An upload left receiving by a writer that died is cancelled by the
    next install (with a log line) and the new image is staged whole; an
    upload that another writer still feeds is never cancelled."""
    sb = Sandbox("stale", inventory("fvp.lfa"))
    try:
        sb.start_daemon()
        sp1, sp2 = FVP["sp1"], FVP["sp2"]
        # a daemon killed mid-staging leaves this behind: loading=1, some bytes
        d = sb.upload_dir(sp1)
        with open(os.path.join(d, "loading"), "w") as f:
            f.write("1")
        with open(os.path.join(d, "data"), "wb") as f:
            f.write(b"stale bytes that must never end up in front of an image")
        check(sb.upload_attr(sp1, "status") == "receiving", "stale upload not set up")
        sb.fwupdmgr("install", sb.cabinet(sp1, "1.1"))
        check(sb.read_attr(sp1, "activation_pending") == "1", "nothing staged after recovery")
        check(sb.read_attr(sp1, "pending_version") == "1.1", "wrong image staged")
        check("cancelling that stale upload" in sb.daemon_log_text(),
              "no log line for the cancelled stale upload")

        # another writer that keeps feeding its upload, 64 bytes every 100 ms
        d = sb.upload_dir(sp2)
        with open(sb.mkimage(sp2, "1.7"), "rb") as f:
            image = f.read()
        fed = threading.Event()

        def feed():
            with open(os.path.join(d, "loading"), "w") as f:
                f.write("1")
            with open(os.path.join(d, "data"), "wb", buffering=0) as f:
                for i in range(0, len(image), 64):
                    f.write(image[i:i + 64])
                    fed.set()
                    time.sleep(0.1)
            with open(os.path.join(d, "loading"), "w") as f:
                f.write("0")

        writer = threading.Thread(target=feed)
        writer.start()
        fed.wait(10)
        p = sb.fwupdmgr("install", sb.cabinet(sp2, "1.4"), ok=False)
        expect_error(p, "in use by another writer")
        still = sb.upload_attr(sp2, "status") if writer.is_alive() else "receiving"
        writer.join()
        check(still == "receiving", f"the live upload was disturbed: status {still}")
        wait_for(lambda: sb.upload_attr(sp2, "status") == "idle", 10, "the writer's upload")
        check(sb.upload_attr(sp2, "error") == "", f"writer's upload: {sb.upload_attr(sp2, 'error')}")
        check(sb.read_attr(sp2, "pending_version") == "1.7", "the writer's image was not staged")
    finally:
        sb.close()


def test_history_and_audit():
    """get-history shows the failure reason after a failed activation and
    nothing stale after a completed one; each activation the plugin runs
    leaves a journal line (MESSAGE_ID and fields are checked in the
    self-test, the journal itself in the e2e guest)."""
    scenario = ("component %s name=ok current=1.0 rendezvous=optional\n"
                "component %s name=fails current=1.0 rendezvous=optional\n"
                "fault fails activate status=ACTIVATION_FAILED always\n") % (G % 1, G % 2)
    sb = Sandbox("history", scenario, budgets_ms=(400, 400))
    try:
        sb.start_daemon()
        for guid in (G % 1, G % 2):
            p = sb.fwupdmgr("install", sb.cabinet(guid, "1.1"))
            check("Restarting" not in p.stdout + p.stderr, f"restart step shown:\n{p.stdout}")
            expect_error(p, "Version 1.1 of", "is staged and waits for activation",
                         "run 'fwupdmgr activate'")
        devs = sb.daemon_devices()
        sb.fwupdmgr("activate", devs[G % 1]["DeviceId"])
        p = sb.fwupdmgr("activate", devs[G % 2]["DeviceId"], ok=False)
        expect_true_failure(p, G % 2)
        hist = json.loads(sb.fwupdmgr("get-history", "--json").stdout)
        by_guid = {}
        for dev in hist.get("Devices", []):
            for g in dev.get("Guid", []):
                by_guid[g.lower()] = dev
        ok, failed = by_guid[G % 1], by_guid[G % 2]
        check("staged" not in str(ok.get("UpdateError", "")),
              f"stale pending text in the history of a completed activation: {ok}")
        check("needs-activation" not in ok.get("Flags", []), f"history still pending: {ok}")
        check("activation of" in failed.get("UpdateError", "") and
              "journalctl -k" in failed.get("UpdateError", ""),
              f"history lacks the failure reason: {failed}")
        log = sb.daemon_log_text()
        for guid, result, now in ((G % 1, "success", "1.1"), (G % 2, "failed", "1.0")):
            line = (f"lfa: activation of LFA component {guid} {guid}: {result}, "
                    f"version 1.0 -> 1.1, now {now}")
            check(line in log, f"no journal line '{line}'")
    finally:
        sb.close()


def test_one_click():
    """[lfa] ActivateOnInstall=true in fwupd.conf: install stages then
    activates, with the rendezvous policy applied, and says it switched
    without a reboot. Without it, the install says what is staged and how
    to activate it."""
    sb = Sandbox("one-click", POLICY)
    try:
        sb.add_quirks(policy_quirks(sb.tmp))
        sb.set_config("lfa", "ActivateOnInstall", "true")
        sb.start_daemon()
        guid = G % 1  # LfaCpuRendezvous = skip-if-optional, rendezvous optional
        p = sb.fwupdmgr("install", sb.cabinet(guid, "1.1"))
        expect_error(p, "now runs version 1.1: it was activated live without a reboot")
        check(sb.read_attr(guid, "current_version") == "1.1", "not activated")
        check(sb.read_attr(guid, "force_cpu_rendezvous") == "0", "rendezvous policy not applied")
        dev = sb.daemon_devices()[guid]
        check("needs-activation" not in flags(dev), f"still pending: {flags(dev)}")
        hist = sb.fwupdmgr("get-history", "--json").stdout
        check("staged" not in hist, f"history says staged after a one-click install:\n{hist}")
    finally:
        sb.close()
    sb = Sandbox("two-step", POLICY)
    try:
        sb.start_daemon()
        p = sb.fwupdmgr("install", sb.cabinet(G % 1, "1.1"))
        expect_error(p, "Version 1.1 of", "is staged and waits for activation: run 'fwupdmgr "
                     "activate' to switch to it without a reboot")
        check(sb.read_attr(G % 1, "current_version") == "1.0", "activated without the choice")
    finally:
        sb.close()


def test_pending_shown_alike():
    """An image staged by fwupd and one staged out of band read the same in
    get-devices, text and JSON."""
    sb = Sandbox("alike", inventory("fvp.lfa"))
    try:
        sb.start_daemon()
        sp1, sp2 = FVP["sp1"], FVP["sp2"]
        sb.fwupdmgr("install", sb.cabinet(sp1, "1.1"))
        check(sb.upload_raw(sp2, sb.mkimage(sp2, "1.4")) == "", "raw upload failed")
        # the daemon looks again after an activation (here TF-RMM's 0.8, staged
        # in the scenario) and so learns of the out-of-band image
        sb.fwupdmgr("activate", sb.daemon_devices()[FVP["rmm"]]["DeviceId"])
        devs = sb.daemon_devices()
        text = sb.fwupdmgr("get-devices").stdout
        for guid, name, version in ((sp1, "Secure Partition 1", "1.1"),
                                    (sp2, "Secure Partition 2", "1.4")):
            want = (f"Version {version} of {name} is staged and waits for activation: "
                    "run 'fwupdmgr activate' to switch to it without a reboot")
            dev = devs[guid]
            check(dev.get("UpdateError") == want, f"{name} JSON: {dev}")
            check(want in text, f"{name}: not in the text output")
        check("Live-activatable" not in text, "the summary claims live activation")
    finally:
        sb.close()


def in_activate_write(pid):
    """Whether a thread of pid is inside write() to an LFA activate file:
    the moment the activation has reached the (emulated) kernel."""
    nr = {"x86_64": 1, "aarch64": 64}[platform.machine()]
    fds = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").endswith("/activate"):
                fds.add(int(fd))
        except OSError:
            continue
    for tid in os.listdir(f"/proc/{pid}/task") if fds else ():
        try:
            with open(f"/proc/{pid}/task/{tid}/syscall", encoding="ascii") as f:
                fields = f.read().split()
        except OSError:
            continue
        if len(fields) > 1 and fields[0] == str(nr) and int(fields[1], 16) in fds:
            return True
    return False


def test_daemon_dies_mid_activation():
    """The daemon is killed while the firmware primes (slowly) and the
    activation completes without it: the next daemon reports what the kernel
    reports, with nothing left to activate."""
    guid = G % 1
    scenario = (f"component {guid} name=slow current=1.0 rendezvous=optional\n"
                "fault slow prime call_again=150\n")
    sb = Sandbox("dies", scenario, budgets_ms=(20000, 20000))
    try:
        sb.start_daemon()
        sb.fwupdmgr("install", sb.cabinet(guid, "1.1"))
        device_id = sb.daemon_devices()[guid]["DeviceId"]
        cmd = ["fwupdmgr", "--no-unreported-check", "--no-metadata-check",
               "--no-reboot-check", "--assume-yes", "activate", device_id]
        client = subprocess.Popen(cmd, env=sb.env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        # killed inside its write to activate, which the slow prime holds in the kernel
        wait_for(lambda: in_activate_write(sb.daemon.pid), 30, "the activation to start")
        sb.kill_daemon()
        client.wait(30)
        wait_for(lambda: sb.read_attr(guid, "current_version") == "1.1", 30,
                 "the kernel to finish the activation")
        record = os.path.join(sb.env["FWUPD_LOCALSTATEDIR"], "lib", "fwupd", "lfa",
                              f"activation-{guid}")
        check(os.path.exists(record), f"no record of the activation in flight at {record}")
        sb.restart_daemon()
        dev = sb.daemon_devices()[guid]
        check(dev.get("Version") == "1.1", f"the restarted daemon shows {dev.get('Version')}")
        check("needs-activation" not in flags(dev), f"still needs activation: {flags(dev)}")
        check("waits for activation" not in dev.get("UpdateError", ""),
              f"stale pending text: {dev}")
        # what the next start makes of the record: the journal entry the killed
        # daemon never wrote, and the device says the same, from the kernel
        log = sb.daemon_log_text().split("---- daemon restarted ----")[-1]
        name = dev.get("Name")
        line = f"lfa: activation of {name} {guid}: interrupted, version 1.0 -> 1.1, now 1.1"
        check(line in log, f"no journal line '{line}' after the restart:\n{log[-3000:]}")
        error = dev.get("UpdateError", "")
        check(f"fwupd stopped while it activated version 1.1 of {name}" in error and
              "the kernel now reports version 1.1 running and nothing staged" in error,
              f"get-devices does not say how the activation ended: {dev}")
        p = sb.fwupdmgr("get-devices")
        check("fwupd stopped while it activated" in p.stdout,
              f"get-devices text lacks it:\n{p.stdout}")
        check(not os.path.exists(record), "the record outlived its reconciliation")
        # fwupd keeps the install's history entry pending (state 1) until its
        # first start after a reboot; a plugin cannot edit it (admin guide)
        hist = json.loads(sb.fwupdmgr("get-history", "--json").stdout)
        state = hist["Devices"][0].get("UpdateState")
        check(state in (1, 2), f"history state {state}, expected pending or success")
        print(f"history state after the restart: {state}")
        # a third start has nothing left to reconcile
        sb.kill_daemon()
        sb.restart_daemon()
        log = sb.daemon_log_text().split("---- daemon restarted ----")[-1]
        check("interrupted" not in log, f"reconciled twice:\n{log[-2000:]}")
    finally:
        sb.close()


def test_vendor_guide_example():
    """The metainfo example of docs/vendor-guide.md, as written, with the
    guide's build-cabinet command, installs through the daemon."""
    guide = os.path.join(os.environ["LFA_SRCDIR"], "docs", "vendor-guide.md")
    with open(guide, encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("## The metainfo file"):]
    xml = re.search(r"```xml\n(.*?)```", section, re.S).group(1)
    rmm = FVP["rmm"]
    sb = Sandbox("vendor-guide", f"component {rmm} current=1.0 rendezvous=required\n")
    try:
        sb.start_daemon()
        work = os.path.join(sb.tmp, "vendor")
        os.makedirs(work)
        subprocess.run([sb.paths.mkimage, "--guid", rmm, "--version", "1.1", "--size", "4096",
                        "-o", os.path.join(work, "firmware.bin")], check=True, capture_output=True)
        with open(os.path.join(work, "firmware.metainfo.xml"), "w", encoding="utf-8") as f:
            f.write(xml)
        p = subprocess.run(["fwupdtool", "build-cabinet", "tf-rmm-1.1.cab", "firmware.bin",
                            "firmware.metainfo.xml"], cwd=work, env=sb.env,
                           capture_output=True, text=True)
        check(p.returncode == 0, f"the guide's build-cabinet fails:\n{p.stdout}{p.stderr}")
        sb.fwupdmgr("install", os.path.join(work, "tf-rmm-1.1.cab"))
        check(sb.read_attr(rmm, "pending_version") == "1.1", "the guide's cabinet staged nothing")
    finally:
        sb.close()


if __name__ == "__main__":
    sys.exit(run_test_main(globals()))
