#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copyright 2026 The LFA project authors
#
# The agent model must build for EL3: aarch64, -ffreestanding -nostdlib, no
# FP/SIMD registers, warnings as errors, and need nothing from outside but
# the four functions GCC may emit calls to (memcpy, memmove, memset, memcmp).
# Usage: freestanding.sh AGENT-SOURCE-DIR
set -eu
src=$1
cc=aarch64-linux-gnu-gcc
if ! command -v $cc >/dev/null; then
	echo "SKIP: $cc not installed (package gcc-aarch64-linux-gnu)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for opt in -O0 -O2 -Os; do
	for f in lfa_agent lfa_image lfa_scenario lfa_util; do
		$cc $opt -std=gnu11 -ffreestanding -nostdlib -mgeneral-regs-only \
			-fno-builtin -Wall -Wextra -Werror -Wshadow \
			-Wmissing-prototypes -Wstrict-prototypes \
			-I "$src/../../include" -c "$src/$f.c" -o "$tmp/$f.o"
	done
	aarch64-linux-gnu-ld -r -o "$tmp/agent.o" "$tmp"/lfa_*.o
	undefined=$(aarch64-linux-gnu-nm -u "$tmp/agent.o" |
		awk '{print $2}' | grep -v -x -e memcpy -e memmove -e memset -e memcmp || true)
	if [ -n "$undefined" ]; then
		echo "FAIL ($opt): the model needs $undefined"
		exit 1
	fi
	# no floating point or SIMD register in the code
	if aarch64-linux-gnu-objdump -d "$tmp/agent.o" | grep -E '\s(d|s|q|v)[0-9]+[,.]' >/dev/null; then
		echo "FAIL ($opt): FP/SIMD registers used"
		exit 1
	fi
	echo "ok $opt: $(aarch64-linux-gnu-size "$tmp/agent.o" | awk 'NR==2 {print $1 " text, " $2 " data, " $3 " bss"}')"
done
