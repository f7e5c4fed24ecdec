#!/bin/sh
# Refresh the package lists once per boot of the set-up
set -eu
apt-get -o DPkg::Lock::Timeout=600 update -qq
