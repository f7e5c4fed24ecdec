#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""The host demo: the stock fwupd daemon with our module, on a private D-Bus,
against the FUSE emulation of /sys/firmware/lfa (TF-A FVP inventory). Shows
what an admin sees: devices, install of a cabinet, pending activation, the
activation itself and the history."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lfa_sandbox import Sandbox, TestFailure  # noqa: E402

RMM = "6c0762a6-12f2-4b56-92cb-ba8f633606d9"
SP1 = "f07b2a96-1d47-4d17-9ec8-86a64e253e5c"


def banner(text):
    print(f"\n==== {text}", flush=True)


def show(sb, *args):
    print(f"$ fwupdmgr {' '.join(args)}", flush=True)
    p = sb.fwupdmgr(*args, ok=None)
    sys.stdout.write(p.stdout)
    if p.returncode != 0:
        sys.stdout.write(p.stderr)
        raise TestFailure(f"fwupdmgr {args[0]} failed")


def sysfs(sb, guid):
    for attr in ("current_version", "pending_version", "activation_pending"):
        print(f"  {attr:20} {sb.read_attr(guid, attr)}")


def main():
    src = os.environ["LFA_SRCDIR"]
    with open(os.path.join(src, "data", "inventories", "fvp.lfa"), encoding="utf-8") as f:
        scenario = f.read()
    sb = Sandbox("demo", scenario)
    try:
        sb.start_daemon()
        # unfiltered: TF-RMM, acted on below, waits for activation and so is
        # not "updatable"; BL31 and BL33 show why they cannot be updated live
        banner("fwupdmgr get-devices: the LFA components of a TF-A FVP platform")
        show(sb, "get-devices")
        banner(f"kernel view of SP1 before the update (/sys/firmware/lfa/{SP1})")
        sysfs(sb, SP1)
        cab = sb.cabinet(SP1, "1.1")
        banner("fwupdmgr install: stage SP1 1.1 through the kernel's firmware upload")
        show(sb, "install", cab)
        sysfs(sb, SP1)
        banner("fwupdmgr get-devices: SP1 waits for activation")
        devs = sb.daemon_devices()
        print(f"  SP1 flags: {', '.join(devs[SP1].get('Flags', []))}")
        banner("fwupdmgr activate: switch SP1 to 1.1 while the OS keeps running")
        show(sb, "activate", devs[SP1]["DeviceId"])
        sysfs(sb, SP1)
        banner("fwupdmgr activate: TF-RMM 0.8 was staged out of band; activate it with every CPU in the rendezvous")
        show(sb, "activate", devs[RMM]["DeviceId"])
        sysfs(sb, RMM)
        banner("fwupdmgr get-history")
        show(sb, "get-history")
        devs = sb.daemon_devices()
        print(f"\nRESULT: SP1 now runs {devs[SP1]['Version']}, TF-RMM now runs {devs[RMM]['Version']}")
    except TestFailure as e:
        print(f"demo failed: {e}\n--- daemon log ---\n{sb.daemon_tail()}", file=sys.stderr)
        return 1
    finally:
        sb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
