#!/bin/sh
# The plugin's live host tests: gdbus monitor watches the daemon's D-Bus
# signals; unshare and nsenter give the daemon a network namespace of its
# own, into which the test sends the driver's uevent; stdbuf keeps gdbus's
# output line by line.
set -eu
sh "$(dirname "$0")/../apt-install.sh" libglib2.0-bin util-linux coreutils dbus
