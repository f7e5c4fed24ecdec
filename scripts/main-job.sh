#!/bin/sh
# The main job: not wired yet
echo "main-job: not implemented yet" >&2
exit 1
