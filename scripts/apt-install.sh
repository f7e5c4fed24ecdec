#!/bin/sh
# Install Debian packages only when some are missing; used by setup.d steps.
set -eu
missing=""
for pkg in "$@"; do
	if ! dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0
echo "setup: installing$missing"
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	--no-install-recommends $missing >/dev/null
