#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# The Ansible collection in ansible/ follows Ansible's conventions:
# ansible-lint (Debian's) with the production profile finds nothing, and
# every module compiles and documents itself (ansible-doc).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
coll="$top/ansible/ansible_collections/lfa/live_activation"
for tool in ansible-lint ansible-doc; do
	command -v "$tool" >/dev/null || { echo "fleet-lint: $tool is missing; run scripts/setup.d/60-fleet.sh" >&2; exit 1; }
done
export ANSIBLE_COLLECTIONS_PATH="$top/ansible" ANSIBLE_NOCOLOR=1 ANSIBLE_LOCAL_TEMP="${TMPDIR:-/tmp}"
ansible-doc -t module lfa.live_activation.lfa_firmware >/dev/null
cd "$coll"
ansible-lint --nocolor --profile production
