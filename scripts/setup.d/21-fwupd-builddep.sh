#!/bin/sh
# What configuring fwupd's own tree needs for the builtin-plugin test
# (tests/builtin/): fwupd's required dependencies only, as the test turns
# every optional feature off. Cheaper than a full `apt-get build-dep fwupd`.
# fwupd refuses to configure without usb.ids (its vendor-id table).
set -eu
here=$(dirname "$0")
sh "$here/../apt-install.sh" \
	meson ninja-build pkg-config gettext python3-jinja2 \
	libglib2.0-dev libjson-glib-dev libxmlb-dev libjcat-dev libcurl4-gnutls-dev \
	libsqlite3-dev zlib1g-dev liblzma-dev libusb-1.0-0-dev \
	usb.ids
