#!/bin/sh
# The fleet testbed (tests/fleet/, ansible/): Ansible and ansible-lint to
# drive and check the collection, the OpenSSH client to reach the nodes,
# jcat-tool to sign the remote's metadata as LVFS does, socat to hand each
# guest's connection to the remote's HTTP server on the loopback address
# (QEMU guestfwd), then the node's root file system (the e2e base plus sshd
# and Python for Ansible), cached in .deps/fleet/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../apt-install.sh" \
	ansible-core ansible-lint openssh-client jcat socat python3
sh "$here/../../tests/fleet/build-node-root.sh" >/dev/null
