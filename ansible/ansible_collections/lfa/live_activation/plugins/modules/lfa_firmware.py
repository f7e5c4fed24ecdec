#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""Stage and live-activate one Arm LFA firmware component through fwupd."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: lfa_firmware
short_description: Stage and live-activate an Arm LFA firmware component
description:
  - Reads the component's state from C(/sys/firmware/lfa/<GUID>/) (the
    Linux LFA driver) and from the fwupd daemon (C(fwupdmgr --json)).
  - C(state=staged) installs the requested release from the node's fwupd
    remotes (C(fwupdmgr install DEVICE-ID VERSION)), which stages it; the
    running firmware does not change.
  - C(state=active) activates the staged release (C(fwupdmgr activate
    DEVICE-ID)) and checks the result the way an operator would; the kernel
    reports the requested version running and nothing pending, the daemon
    agrees, and the kernel log has no C(lfa:) error since the activation
    began.
  - C(state=info) only reports.
  - The module is idempotent. A component already running the requested version, or
    already holding it staged, is left alone.
version_added: "1.0.0"
author: The LFA project authors
options:
  guid:
    description: The component's image GUID, as listed under C(/sys/firmware/lfa/).
    type: str
    required: true
  version:
    description: The release to stage or run, C(MAJOR.MINOR). Required unless C(state=info).
    type: str
  state:
    description: What to make true.
    type: str
    choices: [info, staged, active]
    default: info
  sysfs_root:
    description: Where the kernel lists the components.
    type: path
    default: /sys/firmware/lfa
"""

EXAMPLES = r"""
- name: Stage TF-RMM 1.1 from the fleet remote
  lfa.live_activation.lfa_firmware:
    guid: 6c0762a6-12f2-4b56-92cb-ba8f633606d9
    version: "1.1"
    state: staged

- name: Switch to it live
  lfa.live_activation.lfa_firmware:
    guid: 6c0762a6-12f2-4b56-92cb-ba8f633606d9
    version: "1.1"
    state: active
"""

RETURN = r"""
name:
  description: The component's name as the daemon shows it.
  type: str
  returned: always
device_id:
  description: fwupd's device id of the component.
  type: str
  returned: always
previous_version:
  description: The version running when the module started.
  type: str
  returned: always
current_version:
  description: The version the kernel reports running now.
  type: str
  returned: always
pending:
  description: Whether the platform has an image staged for activation.
  type: bool
  returned: always
pending_version:
  description: The staged version as the kernel reports it (C(N/A) if the platform does not say).
  type: str
  returned: always
duration:
  description: Seconds the stage or activation took (0 when nothing was done).
  type: float
  returned: always
boot_id:
  description: The kernel's boot id (C(/proc/sys/kernel/random/boot_id)); it changes only with a reboot.
  type: str
  returned: always
uptime:
  description: Seconds since the node booted.
  type: float
  returned: always
kernel_errors:
  description: Kernel log lines from the LFA driver at error level since the activation began.
  type: list
  elements: str
  returned: when state=active
"""

import errno
import json
import os
import re
import time

from ansible.module_utils.basic import AnsibleModule

# fwupdmgr must never prompt nor look for anything but the node's remotes
FWUPDMGR_FLAGS = [
    "--assume-yes",
    "--no-unreported-check",
    "--no-metadata-check",
    "--no-remote-check",
    "--no-reboot-check",
    "--no-security-fix",
]


def read_attr(module, path, name, required=True):
    fn = os.path.join(path, name)
    try:
        with open(fn) as f:
            return f.read().strip()
    except OSError as exc:
        if not required and exc.errno == errno.ENOENT:
            return None
        module.fail_json(msg="cannot read %s: %s" % (fn, exc.strerror))


def sysfs_state(module, path):
    state = {
        "current_version": read_attr(module, path, "current_version", required=False) or "unknown",
        "pending": read_attr(module, path, "activation_pending") == "1",
        "pending_version": read_attr(module, path, "pending_version", required=False) or "N/A",
    }
    return state


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def fwupd_message(out, err):
    """What fwupdmgr said, without progress lines, colours and the ESP warning."""
    lines = []
    for line in ANSI.sub("", (err or "") + "\n" + (out or "")).splitlines():
        line = line.strip()
        if not line or "\u2026:" in line or line.startswith(("WARNING: UEFI ESP", "See https://")):
            continue
        lines.append(line)
    return "; ".join(lines)[-400:] or "no message"


def boot_state(module):
    boot_id = read_attr(module, "/proc/sys/kernel/random", "boot_id")
    uptime = float(read_attr(module, "/proc", "uptime").split()[0])
    return {"boot_id": boot_id, "uptime": uptime}


def fwupd_json(module, *args):
    rc, out, err = module.run_command(["fwupdmgr"] + list(args) + ["--json"])
    if rc != 0:
        return rc, None, fwupd_message(out, err)
    try:
        return 0, json.loads(out), ""
    except ValueError:
        module.fail_json(msg="fwupdmgr %s --json printed no JSON: %s" % (" ".join(args), out[:200]))


def fwupd_device(module, guid):
    rc, data, err = fwupd_json(module, "get-devices")
    if rc != 0:
        module.fail_json(msg="fwupdmgr get-devices failed: %s" % err)
    for dev in data.get("Devices", []):
        if dev.get("Plugin") == "lfa" and guid in dev.get("Guid", []):
            return dev
    module.fail_json(msg="fwupd lists no LFA device for %s (is the lfa plugin loaded?)" % guid)


def offered_versions(module, dev):
    """The releases fwupd offers for the device, or the reason it offers none."""
    rc, data, err = fwupd_json(module, "get-updates", dev["DeviceId"])
    if rc != 0:
        return [], err
    versions = []
    for d in data.get("Devices", []):
        for rel in d.get("Releases", []):
            versions.append(rel.get("Version"))
    return versions, ""


class Kmsg(object):
    """The kernel log from now on (/dev/kmsg records: prio,seq,usec,flags;text)."""

    def __init__(self):
        self.fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.fd, 0, os.SEEK_END)

    def lfa_errors(self):
        lines = []
        while True:
            try:
                rec = os.read(self.fd, 8192).decode("utf-8", "replace")
            except OSError as exc:
                if exc.errno == errno.EAGAIN:
                    break
                if exc.errno == errno.EPIPE:  # overwritten records: keep reading
                    continue
                raise
            head, _, text = rec.partition(";")
            text = text.split("\n", 1)[0]
            prio = int(head.split(",")[0]) & 7
            if text.startswith("lfa: ") and (prio <= 3 or "failed" in text):
                lines.append(text)
        os.close(self.fd)
        return lines


def main():
    module = AnsibleModule(
        argument_spec=dict(
            guid=dict(type="str", required=True),
            version=dict(type="str"),
            state=dict(type="str", default="info", choices=["info", "staged", "active"]),
            sysfs_root=dict(type="path", default="/sys/firmware/lfa"),
        ),
        required_if=[("state", "staged", ["version"]), ("state", "active", ["version"])],
        supports_check_mode=True,
    )
    guid = module.params["guid"].lower()
    want = module.params["version"]
    state = module.params["state"]
    path = os.path.join(module.params["sysfs_root"], guid)
    if not os.path.isdir(path):
        module.fail_json(msg="the kernel lists no LFA component %s under %s" % (guid, module.params["sysfs_root"]))

    before = sysfs_state(module, path)
    dev = fwupd_device(module, guid)
    result = dict(changed=False, name=dev.get("Name", guid), device_id=dev["DeviceId"],
                  previous_version=before["current_version"], duration=0.0)

    def finish(**extra):
        result.update(sysfs_state(module, path))
        result.update(boot_state(module))
        result.update(extra)
        module.exit_json(**result)

    if state == "info":
        finish()
    if before["current_version"] == want and not before["pending"]:
        finish(msg="%s already runs %s" % (result["name"], want))

    if state == "staged":
        if before["pending"] and before["pending_version"] == want:
            finish(msg="%s %s is already staged" % (result["name"], want))
        if before["pending"]:
            module.fail_json(msg="%s has %s staged, not %s: activate or cancel it first"
                             % (result["name"], before["pending_version"], want), **result)
        # fwupd offers releases for a device it has inhibited (UpdateError
        # set, "updatable-hidden"), then `fwupdmgr update` skips it silently:
        # say why here instead of trying
        if "updatable" not in dev.get("Flags", []):
            module.fail_json(msg="%s %s is not offered: %s" % (
                result["name"], want, dev.get("UpdateError") or "fwupd does not mark it updatable"), **result)
        versions, why = offered_versions(module, dev)
        if want not in versions:
            reason = dev.get("UpdateError") or why or "the remotes offer %s" % (", ".join(versions) or "nothing")
            module.fail_json(msg="%s %s is not offered: %s" % (result["name"], want, reason), **result)
        if module.check_mode:
            result["changed"] = True
            finish()
        t0 = time.monotonic()
        rc, out, err = module.run_command(["fwupdmgr", "install", dev["DeviceId"], want] + FWUPDMGR_FLAGS)
        result["duration"] = round(time.monotonic() - t0, 2)
        after = sysfs_state(module, path)
        if rc != 0:
            module.fail_json(msg="staging %s %s failed: %s" % (result["name"], want, fwupd_message(out, err)),
                             **dict(result, **after))
        if not after["pending"] or after["pending_version"] not in (want, "N/A"):
            module.fail_json(msg="fwupdmgr install succeeded but the platform has %s staged"
                             % (after["pending_version"] if after["pending"] else "nothing"), **dict(result, **after))
        result["changed"] = True
        finish(msg="%s %s staged" % (result["name"], want))

    # state == active
    if not before["pending"]:
        module.fail_json(msg="%s runs %s and has nothing staged: stage %s first"
                         % (result["name"], before["current_version"], want), **result)
    if before["pending_version"] not in (want, "N/A"):
        module.fail_json(msg="%s has %s staged, not %s" % (result["name"], before["pending_version"], want), **result)
    if module.check_mode:
        result["changed"] = True
        finish()
    kmsg = Kmsg()
    t0 = time.monotonic()
    rc, out, err = module.run_command(["fwupdmgr", "activate", dev["DeviceId"]] + FWUPDMGR_FLAGS[:1])
    result["duration"] = round(time.monotonic() - t0, 2)
    result["kernel_errors"] = kmsg.lfa_errors()
    result["changed"] = True
    after = sysfs_state(module, path)
    result.update(after)
    result.update(boot_state(module))
    problems = []
    if rc != 0:
        problems.append("fwupdmgr activate failed: %s" % fwupd_message(out, err))
    if after["current_version"] != want:
        problems.append("the kernel reports %s running, not %s" % (after["current_version"], want))
    if after["pending"]:
        problems.append("an activation is still pending")
    if result["kernel_errors"]:
        problems.append("kernel log: %s" % "; ".join(result["kernel_errors"]))
    if not problems:
        daemon = fwupd_device(module, guid)
        if daemon.get("Version") != want:
            problems.append("fwupd still reports %s" % daemon.get("Version"))
    if problems:
        module.fail_json(msg="%s: %s" % (result["name"], "; ".join(problems)), **result)
    finish(msg="%s %s -> %s live in %.1f s" % (result["name"], before["current_version"], want, result["duration"]))


if __name__ == "__main__":
    main()
