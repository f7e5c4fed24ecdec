#!/bin/sh
# Set up a fresh Debian 12 machine (as root) for building and testing the
# project: Debian packages, then every step in scripts/setup.d/ in order.
# Each step is idempotent and owns one part (fwupd headers, kernels, ...).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" != 0 ]; then
	echo "setup: run as root (it installs Debian packages)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
for step in "$top"/scripts/setup.d/*.sh; do
	echo "setup: $(basename "$step")"
	sh "$step"
done
