# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
"""A private desktop for GNOME Firmware: the host tests' sandbox (stock
fwupd daemon on a private system bus over the emulated sysfs) with a
trusting-only configuration, a directory remote of signed cabinets, a
virtual X server, a private session bus (which activates the AT-SPI bus)
and Debian's gnome-firmware, driven through its accessibility tree.

Nothing here touches the machine's own fwupd state, X display or buses.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "host"))
from lfa_sandbox import Sandbox, TestFailure, check  # noqa: E402

GNOME_FIRMWARE = "/usr/bin/gnome-firmware"
SCREEN = (1024, 700)

# pyatspi finds the accessibility bus through the session bus named in the
# environment when it is first used, so it is imported only once ours runs
pyatspi = None


class GuiSession:
    def __init__(self, name, scenario, shots_dir=None, config_extra=""):
        self.sb = Sandbox(f"gui-{name}", scenario)
        self.tmp = self.sb.tmp
        # the sandbox's folder goes when the test ends; the screenshots stay
        # when it fails (or when asked for a directory), to show what broke
        self.own_shots = shots_dir is None
        self.shots_dir = shots_dir or tempfile.mkdtemp(prefix=f"lfa-gui-{name}-screenshots-")
        os.makedirs(self.shots_dir, exist_ok=True)
        self.shot_count = 0
        self.xvfb = None
        self.session_bus = None
        self.app = None
        self.app_log = os.path.join(self.tmp, "gnome-firmware.log")
        self.display = None
        self.keys = os.path.join(self.tmp, "keys")
        self.remote_dir = os.path.join(self.tmp, "remote")
        self._configure(config_extra)

    # --- the daemon's private configuration ----------------------------

    def _configure(self, config_extra):
        etc = os.path.join(self.tmp, "etc")
        # OnlyTrusted=true, fwupd's shipped default; nothing relaxed
        with open(os.path.join(etc, "fwupd", "fwupd.conf"), "w", encoding="utf-8") as f:
            f.write("[fwupd]\nOnlyTrusted=true\nIdleTimeout=0\n" + config_extra)
        subprocess.run(
            ["sh", os.path.join(self.sb.paths.srcdir, "data", "keys", "make-test-keys.sh"),
             self.keys], check=True)
        pki = os.path.join(etc, "pki", "fwupd")
        os.makedirs(pki)
        shutil.copy(os.path.join(self.keys, "LFA-TEST-ONLY-CA.pem"), pki)
        # a directory remote: the daemon builds its metadata from the
        # cabinets it finds there, the way a vendor's private remote offers
        # updates; a file:// URI to a directory makes it that kind. fwupd
        # 2.0.20 trusts such a remote as a whole (an unsigned cabinet there
        # is a "trusted payload" too), so the cabinets are signed as a
        # vendor's would be, but this path does not test the signature:
        # tests/e2e/check-cabinet-trust.sh and the e2e suite do
        os.makedirs(self.remote_dir)
        remotes = os.path.join(etc, "fwupd", "remotes.d")
        os.makedirs(remotes)
        with open(os.path.join(remotes, "lfa-test.conf"), "w", encoding="utf-8") as f:
            f.write("[fwupd Remote]\nEnabled=true\nTitle=LFA test vendor\n"
                    f"MetadataURI=file://{self.remote_dir}\nApprovalRequired=false\n")

    def add_quirks(self, text):
        self.sb.add_quirks(text)

    def offer(self, guid, version, name):
        """A signed cabinet in the remote, built by the e2e script."""
        out = os.path.join(self.remote_dir, f"{name}-{version}.cab")
        subprocess.run(
            ["sh", os.path.join(self.sb.paths.srcdir, "tests", "e2e", "make-cabinet.sh"),
             self.sb.paths.mkimage, self.keys, guid, version, name, out],
            check=True, env=self.sb.env)
        return out

    def offer_cabinet(self, cab):
        """Any cabinet in the remote (a broken one, say): fwupd trusts a
        directory remote as a whole, so the plugin's checks are what stand
        between it and the platform."""
        shutil.copy(cab, self.remote_dir)

    # --- the desktop ----------------------------------------------------

    def start(self):
        self.sb.start_daemon()
        self._start_xvfb()
        self._start_session_bus()
        self.start_app()

    def _start_xvfb(self):
        rfd, wfd = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(wfd), "-screen", "0",
             f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp", "-noreset"],
            pass_fds=(wfd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(wfd)
        # Xvfb writes the display number once it accepts connections
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(rfd, 16)
            if not chunk:
                raise TestFailure("Xvfb exited before it was ready")
            number += chunk
        os.close(rfd)
        self.display = ":" + number.decode().strip()

    def _start_session_bus(self):
        home = os.path.join(self.tmp, "home")
        runtime = os.path.join(self.tmp, "runtime")
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        # no animations: a screenshot never catches a half-open expander
        gtk = os.path.join(home, ".config", "gtk-4.0")
        os.makedirs(gtk, exist_ok=True)
        with open(os.path.join(gtk, "settings.ini"), "w", encoding="utf-8") as f:
            f.write("[Settings]\ngtk-enable-animations=false\n")
        desktop = {"DISPLAY": self.display, "XDG_RUNTIME_DIR": runtime, "HOME": home}
        # services the bus activates (the AT-SPI bus and registry, which
        # injects our pointer clicks through XTest) need the display, and
        # keep their sockets in our runtime directory
        self.session_bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE, text=True, env=dict(os.environ, **desktop))
        address = self.session_bus.stdout.readline().strip()
        check(address.startswith("unix:"), f"session bus did not start: {address!r}")
        desktop["DBUS_SESSION_BUS_ADDRESS"] = address
        self.app_env = dict(self.sb.env)
        self.app_env.update(desktop)
        self.app_env.update({
            # stable labels: the untranslated strings
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "",
            "GSETTINGS_BACKEND": "memory",
            "GTK_A11Y": "atspi",
            "GDK_BACKEND": "x11",
            "NO_AT_BRIDGE": "",
        })
        os.environ.update(desktop)
        global pyatspi
        if pyatspi is None:
            import pyatspi as mod
            pyatspi = mod

    def start_app(self):
        log = open(self.app_log, "a", encoding="utf-8")
        self.app = subprocess.Popen([GNOME_FIRMWARE, "--verbose"], env=self.app_env,
                                    stdout=log, stderr=subprocess.STDOUT)
        # ready once the list is filled and the page shows the device GNOME
        # Firmware opens by itself (the first row, activated from an idle
        # callback): a click before that could be overtaken by it
        self.wait(lambda: self.device_rows() and self.properties().get("Current Version"),
                  60, "the device list and the first device's page")

    def restart_app(self):
        """What a user does when GNOME Firmware 43.2 shows stale data."""
        self.stop_app()
        self.start_app()

    def stop_app(self):
        if self.app is not None and self.app.poll() is None:
            self.app.terminate()
            self.app.wait(10)
        self.app = None

    def close(self, passed=False):
        self.stop_app()
        if passed and self.own_shots and os.environ.get("LFA_KEEP_TMP") is None:
            shutil.rmtree(self.shots_dir, ignore_errors=True)
        for proc in (self.session_bus, self.xvfb):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.sb.close()

    # --- the accessibility tree -----------------------------------------

    def app_root(self):
        if self.app is None:
            return None
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            child = desktop.getChildAtIndex(i)
            try:
                # after a restart the old instance may still be listed
                if child is not None and child.get_process_id() == self.app.pid:
                    return child
            except Exception:
                continue
        return None

    def walk(self, acc=None):
        """Every showing accessible under acc (default: the application)."""
        acc = acc if acc is not None else self.app_root()
        if acc is None:
            return
        stack = [acc]
        while stack:
            node = stack.pop()
            try:
                states = node.getState()
                if node is not acc and not states.contains(pyatspi.STATE_VISIBLE):
                    continue
                yield node
                children = [node.getChildAtIndex(i) for i in range(node.childCount)]
            except Exception:  # a widget destroyed while we look at it
                continue
            stack.extend(c for c in reversed(children) if c is not None)

    def find_all(self, role=None, name=None, under=None, pred=None):
        out = []
        for node in self.walk(under):
            try:
                if role is not None and node.getRoleName() != role:
                    continue
                if name is not None and node.name != name:
                    continue
                if pred is not None and not pred(node):
                    continue
            except Exception:
                continue
            out.append(node)
        return out

    def find(self, role=None, name=None, under=None, pred=None, timeout=30, what=None):
        found = []

        def look():
            found[:] = self.find_all(role, name, under, pred)
            return bool(found)
        self.wait(look, timeout, what or f"{role} {name!r}")
        return found[0]

    def labels(self, under=None):
        return [n.name for n in self.find_all("label", under=under)]

    def device_rows(self):
        """The device list (the window's side bar): row label -> list item."""
        rows = {}
        for lst in self.find_all("list"):
            items = [c for c in (lst.getChildAtIndex(i) for i in range(lst.childCount))
                     if c is not None and c.getRoleName() == "list item"]
            names = [self.labels(item) for item in items]
            # a device row holds one icon and one label, nothing else
            if items and all(len(n) == 1 for n in names):
                sidebar = {n[0]: item for n, item in zip(names, items)}
                if len(sidebar) > len(rows):
                    rows = sidebar
        return rows

    def properties(self):
        """The "Device Properties" rows of the device page: title -> value
        (the labels after the title, joined; GTK shows long values wrapped)."""
        out = {}
        for lst in self.find_all("list", "Device Properties"):
            for i in range(lst.childCount):
                item = lst.getChildAtIndex(i)
                if item is None or item.getRoleName() != "list item" or not item.name:
                    continue
                values = [n for n in self.labels(item) if n != item.name]
                out[item.name] = " ".join(values)
        return out

    def expand(self, title, shows):
        """Open an expander row of the device page (such as "Flags") and
        wait until the label `shows` inside it has a box on the screen."""
        row = self.find("list item", title, what=f"the {title!r} row")
        self.click(row)

        def shown():
            label = self.find_all("label", shows)
            if not label:
                return False
            e = label[0].queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            return e.height > 0 and 0 <= e.y and e.y + e.height <= SCREEN[1]
        self.wait(shown, 10, f"{shows!r} under {title!r}")

    def click(self, acc):
        """A click: the widget's own click action where it has one (buttons),
        else a pointer click in the middle of its box through XTest (list
        rows have no action in GTK 4.8), so the application runs its own
        handlers either way."""
        action = acc.queryAction() if "Action" in pyatspi.listInterfaces(acc) else None
        names = [action.getName(i) for i in range(action.nActions)] if action else []
        for wanted in ("click", "activate", "press"):
            if wanted in names:
                action.doAction(names.index(wanted))
                return
        e = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        check(e.width > 0 and e.height > 0,
              f"{acc.getRoleName()} {acc.name!r} has no box to click")
        # no window manager: every toplevel sits at 0,0, so window
        # coordinates are screen coordinates (GTK 4 reports no others);
        # the pointer moves there first, as a hand would, then clicks
        x, y = e.x + e.width // 2, e.y + e.height // 2
        pyatspi.Registry.generateMouseEvent(x, y, pyatspi.MOUSE_ABS)
        pyatspi.Registry.generateMouseEvent(x, y, pyatspi.MOUSE_B1C)

    def button(self, label, under=None, timeout=30):
        """A push button by its visible label (GTK names it "label label")."""
        return self.find("push button", under=under, timeout=timeout,
                         pred=lambda n: label in self.labels(n),
                         what=f"a {label!r} button")

    def click_button(self, label, under=None, timeout=30):
        self.click(self.button(label, under, timeout))

    def dialogs(self):
        """The application's dialogs, newest last."""
        app = self.app_root()
        out = []
        for i in range(app.childCount if app is not None else 0):
            w = app.getChildAtIndex(i)
            if w is not None and w.getRoleName() in ("dialog", "alert"):
                out.append(w)
        return out

    def dialog(self, timeout=30, what="a dialog", pred=None):
        found = []

        def look():
            found[:] = [d for d in self.dialogs() if pred is None or pred(d)]
            return bool(found)
        self.wait(look, timeout, what)
        return found[-1]

    def open_device(self, row_label):
        rows = self.device_rows()
        check(row_label in rows, f"no device row {row_label!r}; rows: {sorted(rows)}")
        self.click(rows[row_label])
        # the page shows the device once its vendor and version rows are there
        self.find("list", "Device Properties", what=f"the page of {row_label}")

    def wait(self, pred, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.app is not None and self.app.poll() is not None:
                raise TestFailure(f"gnome-firmware exited ({self.app.returncode}) "
                                  f"while waiting for {what}:\n{self.app_tail()}")
            try:
                if pred():
                    return
            except TestFailure:
                raise
            except Exception:  # the tree changed under us: look again
                pass
            time.sleep(0.2)
        raise TestFailure(f"timed out after {timeout}s waiting for {what}")

    def dump_tree(self, acc=None, depth=0, out=None):
        """The showing part of the tree, as text, for failure reports."""
        out = out if out is not None else []
        acc = acc if acc is not None else self.app_root()
        if acc is None:
            return "(gnome-firmware has no accessible application)"
        try:
            states = acc.getState()
            if depth and not states.contains(pyatspi.STATE_VISIBLE):
                return "\n".join(out)
            extra = " [insensitive]" if not states.contains(pyatspi.STATE_SENSITIVE) else ""
            out.append(f"{'  ' * depth}{acc.getRoleName()} {acc.name!r}{extra}")
            for i in range(acc.childCount):
                self.dump_tree(acc.getChildAtIndex(i), depth + 1, out)
        except Exception as e:
            out.append(f"{'  ' * depth}(gone: {e})")
        return "\n".join(out)

    def app_tail(self, lines=30):
        with open(self.app_log, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])

    # --- screenshots -----------------------------------------------------

    def screenshot(self, name, acc=None):
        """The screen (or one accessible's box, a dialog say) as a small
        PNG: 32 colours are enough for GTK's flat widgets."""
        from PIL import ImageGrab
        image = ImageGrab.grab(xdisplay=self.display)
        box = self._visible_box(acc)
        if box is not None:
            image = image.crop(box)
        self.shot_count += 1
        path = os.path.join(self.shots_dir, f"{self.shot_count:02d}-{name}.png")
        image.convert("RGB").quantize(colors=32).save(path, optimize=True)
        print(f"screenshot: {path}")
        return path

    def _visible_box(self, acc):
        """The box of acc, else of the main window with its content."""
        try:
            targets = [acc] if acc is not None else [
                n for n in (self.app_root().getChildAtIndex(i)
                            for i in range(self.app_root().childCount)) if n is not None]
            boxes = []
            for t in targets:
                e = t.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
                if e.width > 0 and e.height > 0:
                    boxes.append((max(e.x, 0), max(e.y, 0),
                                  min(e.x + e.width, SCREEN[0]), min(e.y + e.height, SCREEN[1])))
            if not boxes:
                return None
            return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes))
        except Exception:
            return None
