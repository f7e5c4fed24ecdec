#!/bin/sh
# Compilers, meson and the libraries the plugin and the host tests build against
set -eu
here=$(dirname "$0")
sh "$here/../apt-install.sh" \
	build-essential meson ninja-build pkg-config python3 python3-jinja2 \
	dpkg-dev fwupd libfwupd-dev libglib2.0-dev libjson-glib-dev libxmlb-dev \
	libzstd-dev liblzma-dev libusb-1.0-0-dev libgusb-dev libarchive-dev \
	libcbor-dev libgnutls28-dev libfuse3-dev fuse3 dbus gcab
