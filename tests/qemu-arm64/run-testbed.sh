#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# The qemu-arm64 LFA testbed: boot Debian's arm64 kernel on QEMU virt with
# the EL3 firmware, load the LFA driver (real SMC conduit) and the staging
# module, run guest cases, print one line per case. Exit 0 only when every
# case passed, the guest powered off by itself and nothing timed out.
#
# usage: run-testbed.sh --firmware el3.bin --driver lfa.ko --stage lfa_stage_shmem.ko
#          --mkimage lfa-mkimage --work PARENT [--smp N] [--timeout S]
#          [--boot-scenario FILE] [--cpu MODEL] [--driver-args "k=v ..."]
#          [--no-common] [--el2] [--shell] [--probe smc_probe.ko] CASE...
# --no-common leaves out the common scenarios of tests/qemu/lfa-tests.sh;
# --el2 gives the CPUs EL2 (virtualization=on), so Linux starts in EL2;
# --shell boots the same guest to an interactive shell on this terminal
# (modules loaded, images in /lfa/images, firmware log in WORK/el3.log).
# Each run works in a new directory under PARENT (tests/qemu/runner-lib.sh),
# removed after a success and kept, with its logs, after a failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=../qemu/runner-lib.sh
. "$top/tests/qemu/runner-lib.sh"
smp=4
mem=1024
cpu=cortex-a57
timeout_s=300
boot_scenario=$top/data/inventories/fvp.lfa
driver_args=""
kernel=$top/.deps/linux/arm64/Image
busybox=$top/.deps/el3/busybox
fw="" driver="" stage="" mkimage="" work="" common_tests=1 shell=0 probe=""
machine=virt,secure=on

while [ $# -gt 0 ]; do
	case "$1" in
	--firmware) fw=$2; shift 2 ;;
	--driver) driver=$2; shift 2 ;;
	--stage) stage=$2; shift 2 ;;
	--mkimage) mkimage=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--boot-scenario) boot_scenario=$2; shift 2 ;;
	--driver-args) driver_args=$2; shift 2 ;;
	--no-common) common_tests=0; shift ;;
	--el2) machine=virt,secure=on,virtualization=on; shift ;;
	--shell) shell=1; shift ;;
	--probe) probe=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "run-testbed: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
cases=("$@")
for f in "$fw" "$driver" "$stage" "$mkimage" "$kernel" "$busybox"; do
	if [ -z "$f" ] || [ ! -f "$f" ]; then
		echo "run-testbed: missing input '${f:-<unset>}' (scripts/setup.sh, ninja)" >&2
		exit 2
	fi
done
if [ ${#cases[@]} -eq 0 ] && [ $shell = 0 ]; then
	echo "run-testbed: no cases given" >&2
	exit 2
fi

# the addresses of kernel/testbeds/el3/firmware/platform_def.h
KERNEL_ADDR=0x40200000
SCENARIO_ADDR=0x47f00000
SCENARIO_MAX=65536
DTB_ADDR=0x48000000
INITRD_ADDR=0x48200000

work=$(lfa_run_workdir "$work" "arm64-$smp")
mkdir -p "$work/modules" "$work/overlay/arm64"/{cases,scenarios,images}
ov=$work/overlay

# the common guest (tests/qemu/): busybox, its images, the modules to load
common=$top/tests/qemu
if [ ! -f "$common/mkinitramfs.sh" ] || [ ! -f "$common/lfa-tests.sh" ]; then
	echo "run-testbed: the common guest scripts of tests/qemu/ are missing" >&2
	exit 2
fi
cp "$driver" "$work/modules/lfa.ko"
cp "$stage" "$work/modules/lfa_stage_shmem.ko"
sh "$common/mkinitramfs.sh" -o "$work/common.cpio" -b "$busybox" -m "$work/modules" \
	-l "lfa.ko $driver_args;lfa_stage_shmem.ko" -k "$mkimage"

# every common scenario except those that load or unload the x86 simulated
# agent module (today "reload"); here the agent is the firmware, and the
# arm64 case "reload" unloads the driver and the staging module instead
: >"$ov/common-tests.list"
if [ $common_tests = 1 ]; then
	for t in $(sed -n 's/^run \([a-z_0-9]*\) .*/\1/p' "$common/lfa-tests.sh"); do
		body=$(sed -n "/^t_$t() {/,/^}/p" "$common/lfa-tests.sh")
		case "$body" in
		*"lfa_sim.ko"* | *"rmmod lfa_sim"*)
			echo "SKIP common/$t: uses the x86 simulated agent module"
			;;
		*) printf '%s ' "$t" >>"$ov/common-tests.list" ;;
		esac
	done
fi

# arm64 cases and their images, made with the project's lfa-mkimage
mk() {
	local out=$1
	shift
	"$mkimage" "$@" -o "$ov/arm64/images/$out"
}
SP1=f07b2a96-1d47-4d17-9ec8-86a64e253e5c
SP2=c3ff2127-7e41-a9f8-05af-24a1afa33474
RMM=6c0762a6-12f2-4b56-92cb-ba8f633606d9
BL33=d6d0eea7-fcea-d54b-9782-9934f234b6e4
mk sp1-1.1.img --guid $SP1 --version 1.1 --size 4096
mk sp1-big-1.1.img --guid $SP1 --version 1.1 --size 1048576
mk sp1-badcrc.img --guid $SP1 --version 1.1 --size 4096 --corrupt crc
mk sp1-trunc.img --guid $SP1 --version 1.1 --size 4096 --corrupt truncate
mk sp2-1.1.img --guid $SP2 --version 1.1 --size 512
mk rmm-0.9.img --guid $RMM --version 0.9 --size 512
mk bl33-2.14.img --guid $BL33 --version 2.14 --size 512
mk hw-1.1.img --guid 00000000-0000-4000-8000-000000000009 --version 1.1 --size 64

cp "$here/guest/init" "$ov/init"
cp "$here/guest/lib.sh" "$ov/arm64/lib.sh"
cp "$top/tests/contract/lfa-sh-helpers.sh" "$ov/arm64/lfa-sh-helpers.sh"
if [ -n "$probe" ]; then
	cp "$probe" "$ov/arm64/smc_probe.ko"
fi
cp "$here"/guest/cases/*.sh "$ov/arm64/cases/"
cp "$top"/data/inventories/*.lfa "$ov/arm64/scenarios/"
if [ -n "$boot_scenario" ]; then
	cp "$boot_scenario" "$ov/arm64/boot.lfa"
else
	: >"$ov/arm64/boot.lfa"
fi
chmod +x "$ov/init"
mkdir -p "$ov/lfa"
mv "$ov/common-tests.list" "$ov/lfa/common-tests.list"
printf '%s\n' "${cases[@]+"${cases[@]}"}" >"$ov/arm64/cases.list"
for c in "${cases[@]+"${cases[@]}"}"; do
	[ -f "$ov/arm64/cases/$c.sh" ] || { echo "run-testbed: no case $c" >&2; exit 2; }
done
# the kernel unpacks concatenated archives in order: ours overrides /init
(cd "$ov" && find . | cpio -o -H newc --quiet) >"$work/overlay.cpio"
if [ $shell = 1 ]; then
	# the common /init, which starts a shell for lfa.mode=shell
	cp "$work/common.cpio" "$work/initrd.cpio"
else
	cat "$work/common.cpio" "$work/overlay.cpio" >"$work/initrd.cpio"
fi

# the scenario the firmware loads at boot: NUL-terminated text
: >"$work/scenario.bin"
if [ -n "$boot_scenario" ]; then
	cat "$boot_scenario" >"$work/scenario.bin"
	if [ "$(stat -c %s "$work/scenario.bin")" -ge $SCENARIO_MAX ]; then
		echo "run-testbed: $boot_scenario is larger than the firmware's 64 KiB" >&2
		exit 2
	fi
fi
printf '\0' >>"$work/scenario.bin"

sh "$here/mkdtb.sh" qemu-system-aarch64 "$machine" "$cpu" "$fw" "$smp" "$mem" \
	"$top/kernel/testbeds/el3/firmware/lfa-virt.dtsi" $((INITRD_ADDR)) \
	"$(stat -c %s "$work/initrd.cpio")" \
	"console=ttyAMA0 earlycon=pl011,0x9000000 panic=-1 quiet loglevel=4$([ $shell = 1 ] && echo ' lfa.mode=shell')" \
	"$work/lfa.dtb"

if [ $shell = 1 ]; then
	echo "run-testbed: firmware log in $work/el3.log; 'poweroff -f' ends QEMU" >&2
	exec qemu-system-aarch64 \
		-M "$machine" -accel tcg -cpu "$cpu" -smp "$smp" -m "$mem" \
		-bios "$fw" -display none -serial mon:stdio -serial "file:$work/el3.log" \
		-semihosting-config enable=on,target=native -no-reboot \
		-device loader,file="$kernel",addr=$KERNEL_ADDR,force-raw=on \
		-device loader,file="$work/lfa.dtb",addr=$DTB_ADDR,force-raw=on \
		-device loader,file="$work/initrd.cpio",addr=$INITRD_ADDR,force-raw=on \
		-device loader,file="$work/scenario.bin",addr=$SCENARIO_ADDR,force-raw=on
fi

start=$(date +%s.%N)
set +e
lfa_run_qemu "$timeout_s" "$work/qemu.log" qemu-system-aarch64 \
	-M "$machine" -accel tcg -cpu "$cpu" -smp "$smp" -m "$mem" \
	-bios "$fw" -display none -monitor none \
	-serial "file:$work/console.log" -serial "file:$work/el3.log" \
	-semihosting-config enable=on,target=native -no-reboot \
	-device loader,file="$kernel",addr=$KERNEL_ADDR,force-raw=on \
	-device loader,file="$work/lfa.dtb",addr=$DTB_ADDR,force-raw=on \
	-device loader,file="$work/initrd.cpio",addr=$INITRD_ADDR,force-raw=on \
	-device loader,file="$work/scenario.bin",addr=$SCENARIO_ADDR,force-raw=on
qemu_rc=$?
set -e
end=$(date +%s.%N)
tr -d '\r' <"$work/console.log" >"$work/console.txt"

# one line per scenario: the common ones print PASS/FAIL/SKIP themselves
failed=0
while read -r line; do
	case "$line" in
	"PASS "*) echo "PASS common/${line#PASS }" ;;
	"SKIP "*) echo "SKIP common/${line#SKIP }" ;;
	"FAIL "*) echo "FAIL common/${line#FAIL }"; failed=1 ;;
	esac
done < <(grep -E '^(PASS|FAIL|SKIP) ' "$work/console.txt" || true)
common_result=$(grep -m1 '^LFA-RESULT ' "$work/console.txt" || true)
if [ -s "$ov/lfa/common-tests.list" ] && [ -z "$common_result" ]; then
	echo "FAIL common: no LFA-RESULT line from tests/qemu/lfa-tests.sh"
	failed=1
fi
for c in "${cases[@]}"; do
	line=$(grep -m1 "^ARM64-RESULT: $c " "$work/console.txt" || true)
	verdict=${line#"ARM64-RESULT: $c "}
	if [ -z "$line" ]; then
		echo "FAIL arm64/$c: no result (see $work/console.txt)"
		failed=1
	elif [ "${verdict#PASS}" != "$verdict" ]; then
		echo "PASS arm64/$c${verdict#PASS}"
	else
		echo "FAIL arm64/$c${verdict#FAIL}"
		grep "^ARM64-DMESG: $c: " "$work/console.txt" | sed 's/^ARM64-DMESG: /    dmesg /' | head -n 15
		failed=1
	fi
done
up=$(sed -n 's/^LFA-GUEST-START .*up=\([0-9.]*\).*/\1/p' "$work/console.txt")
done_at=$(sed -n 's/^LFA-GUEST-DONE up=\([0-9.]*\).*/\1/p' "$work/console.txt")
printf 'arm64 testbed: %s vCPUs (%s), Linux userspace %s s after reset, cases done at %s s, whole run %.1f s, QEMU exit %d\n' \
	"$smp" "$cpu" "${up:-?}" "${done_at:-?}" "$(awk "BEGIN { print $end - $start }")" "$qemu_rc"
if [ $qemu_rc -eq 124 ]; then
	echo "FAIL: timeout after $timeout_s s; last console lines:"
	tail -n 20 "$work/console.txt" | sed 's/^/    /'
	failed=1
elif [ $qemu_rc -ne 0 ]; then
	echo "FAIL: QEMU exited with $qemu_rc (firmware log: $work/el3.log)"
	tail -n 5 "$work/el3.log" | sed 's/^/    /'
	failed=1
elif [ -z "$done_at" ]; then
	echo "FAIL: the guest did not finish its cases"
	failed=1
fi
lfa_run_cleanup "$work" "$failed"
exit $failed
