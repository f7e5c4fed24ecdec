#!/bin/sh
# The gui suite (tests/gui/): Debian's GNOME Firmware 43.2, driven through
# its accessibility tree (AT-SPI over pyatspi) on a virtual X server; Pillow
# grabs, crops and shrinks the screenshots; certtool signs the test cabinet.
set -eu
here=$(dirname "$0")
sh "$here/../apt-install.sh" \
	gnome-firmware xvfb at-spi2-core python3-pyatspi gir1.2-atspi-2.0 \
	python3-pil python3-gi dbus gnutls-bin fwupd
