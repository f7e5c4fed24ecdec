#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# Run by busybox "uevent" for each kernel uevent: keep action, path,
# subsystem and driver.
echo "$ACTION $DEVPATH $SUBSYSTEM $DRIVER" >>/tmp/uevents
