#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright 2026 The LFA project authors
#
# Proves that plugins-lfa/ also builds as a builtin plugin inside fwupd's own
# tree: copies the prepared fwupd source to a scratch directory, adds the
# plugin as plugins/lfa (with its quirk file), registers it in
# plugins/meson.build, configures with as few optional features as possible,
# builds only the plugin's static library, and runs fwupd's own source checks
# on the copy.
# usage: run-builtin-test.sh FWUPD_SRC PLUGIN_DIR QUIRK_FILE SCRATCH_DIR
set -eu
fwupd_src=$1
plugin_dir=$2
quirk=$3
scratch=$4
python=/usr/bin/python3

if [ ! -f "$fwupd_src/meson.build" ] || [ ! -d "$fwupd_src/plugins" ]; then
	echo "FAIL: no fwupd source in $fwupd_src; run scripts/setup.d/20-fwupd-source.sh" >&2
	exit 1
fi

rm -rf "$scratch"
mkdir -p "$scratch"
cp -a "$fwupd_src" "$scratch/fwupd"
tree="$scratch/fwupd"

# the plugin's sources and quirks, nothing generated
mkdir "$tree/plugins/lfa"
for f in "$plugin_dir"/*.c "$plugin_dir"/*.h "$plugin_dir"/*.rs "$plugin_dir"/meson.build \
	"$plugin_dir"/README.md; do
	[ -f "$f" ] && cp "$f" "$tree/plugins/lfa/"
done
cp -r "$plugin_dir/tests" "$tree/plugins/lfa/tests"
cp "$quirk" "$tree/plugins/lfa/lfa.quirk"

# register it next to the first entry of the plugin dictionary
if ! grep -q "^  'uefi-capsule': false,$" "$tree/plugins/meson.build"; then
	echo "FAIL: plugins/meson.build has an unexpected layout" >&2
	exit 1
fi
sed -i "s/^  'uefi-capsule': false,$/  'uefi-capsule': false,\n  'lfa': false,/" \
	"$tree/plugins/meson.build"

echo "== meson setup (fwupd, builtin lfa)"
meson setup "$scratch/build" "$tree" \
	--auto-features=disabled \
	-Dpython=$python \
	-Dtests=false -Dman=false -Dbash_completion=false -Dfish_completion=false \
	-Dplugin_uefi_capsule_splash=false -Dmetainfo=false -Dfirmware-packager=false \
	-Dlvfs=false -Dudev_hotplug=false >"$scratch/setup.log" 2>&1 || {
	tail -30 "$scratch/setup.log" >&2
	echo "FAIL: meson setup of fwupd with plugins/lfa failed" >&2
	exit 1
}

echo "== ninja plugins/lfa/libfu_plugin_lfa.a"
ninja -C "$scratch/build" -j2 plugins/lfa/libfu_plugin_lfa.a >"$scratch/build.log" 2>&1 || {
	tail -40 "$scratch/build.log" >&2
	echo "FAIL: building the builtin plugin failed" >&2
	exit 1
}
if grep -q "warning:" "$scratch/build.log"; then
	grep -B2 -A4 "warning:" "$scratch/build.log" | grep -v "nonnull" >&2 || true
fi

fail=0
cd "$tree"
echo "== contrib/ci/check-source.py"
$python contrib/ci/check-source.py plugins/lfa/*.c plugins/lfa/*.h 2>/dev/null || fail=1

echo "== contrib/ci/check-headers.py"
$python contrib/ci/check-headers.py >"$scratch/headers.log" 2>&1 || true
if grep "plugins/lfa/" "$scratch/headers.log"; then
	fail=1
fi

echo "== contrib/ci/check-quirks.py"
$python contrib/ci/check-quirks.py >"$scratch/quirks.log" 2>&1 || true
if grep "plugins/lfa/" "$scratch/quirks.log"; then
	fail=1
fi

# its globs only reach libfwupd/ in practice, so point it at the plugin
echo "== contrib/ci/check-license.py"
$python - contrib/ci/check-license.py "$scratch/check-license-lfa.py" <<'PY'
import sys
src = open(sys.argv[1]).read()
out = src.replace('glob.glob("libfwupd/*.[c|h|py|rs]")', 'glob.glob("plugins/lfa/*.[c|h|py|rs]")')
open(sys.argv[2], "w").write(out)
PY
if ! grep -q 'plugins/lfa/' "$scratch/check-license-lfa.py"; then
	echo "FAIL: could not point check-license.py at plugins/lfa" >&2
	fail=1
fi
$python "$scratch/check-license-lfa.py" || fail=1

if [ "$fail" != 0 ]; then
	echo "FAIL: fwupd's checks reported problems in plugins/lfa" >&2
	exit 1
fi
echo "PASS: plugins/lfa builds as a builtin in fwupd's tree and passes its checks"
