#!/bin/sh
# The README's two commands:
#   scripts/quickstart.sh demo   set up, build, run the main job
#   scripts/quickstart.sh test   set up, build, run every test suite
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

what=${1:-}
case "$what" in
demo | test) ;;
*)
	echo "usage: $0 demo|test" >&2
	exit 2
	;;
esac

sh scripts/setup.sh
if [ ! -f build/build.ninja ]; then
	meson setup build
fi
ninja -C build

if [ "$what" = demo ]; then
	exec sh scripts/main-job.sh
fi
# every suite; --print-errorlogs puts the log of a failing test on stdout
exec meson test -C build --print-errorlogs --num-processes 1 ${LFA_TEST_ARGS:-}
