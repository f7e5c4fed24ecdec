#!/bin/sh
# Run the kernel's checkpatch.pl --strict over kernel source files; any
# error, warning or check fails.
#   checkpatch.sh CHECKPATCH_PL FILE...
set -eu
cp=$1
shift
if [ ! -x "$cp" ]; then
	echo "checkpatch: $cp not found; run scripts/setup.d/31-checkpatch.sh" >&2
	exit 1
fi
# --terse prints a total per file; only the files with findings matter
out=$("$cp" --strict --no-tree --terse --show-types -f "$@" 2>&1 |
	grep -v '^total: 0 errors, 0 warnings, 0 checks' || true)
if [ -n "$out" ]; then
	echo "$out"
	exit 1
fi
echo "checkpatch --strict: $# files clean"
