// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Test module of the qemu-arm64 testbed: issues raw SMCs to the EL3
 * firmware and checks its answers against the SMC Calling Convention, PSCI
 * and DEN0147 (unknown calls, SMC32 argument truncation, preserved
 * registers). Prints one line per check and a summary; loading fails with
 * -EIO when any check fails, so "insmod" itself is the verdict.
 */

#define pr_fmt(fmt) "smc_probe: " fmt

#include <linux/arm-smccc.h>
#include <linux/kernel.h>
#include <linux/module.h>

#define NOT_SUPPORTED		((unsigned long)-1L)
#define INVALID_PARAMS		((unsigned long)-2L)
#define ALREADY_ON		((unsigned long)-4L)
/* marks x4..x17 so that clobbered registers show up */
#define MAGIC(n)		(0x5a5a000000000000UL | (n))

struct smc_check {
	const char *name;
	unsigned long fid;
	unsigned long a1;
	unsigned long a2;
	unsigned long want;
	bool preserve;		/* x4..x17 must come back unchanged */
};

static const struct smc_check smc_checks[] = {
	{ "SMCCC_VERSION is 1.2", 0x80000000, 0, 0, 0x10002, true },
	{ "ARCH_FEATURES(VERSION)", 0x80000001, 0x80000000, 0, 0, true },
	{ "ARCH_FEATURES(WORKAROUND_1) unknown", 0x80000001, 0x80008000, 0,
	  NOT_SUPPORTED, true },
	{ "PSCI_VERSION is 1.1", 0x84000000, 0, 0, 0x10001, true },
	{ "PSCI_FEATURES(CPU_ON64)", 0x8400000a, 0xc4000003, 0, 0, true },
	{ "PSCI_FEATURES(SMCCC_VERSION)", 0x8400000a, 0x80000000, 0, 0, true },
	{ "PSCI_FEATURES(unknown)", 0x8400000a, 0x8400001f, 0, NOT_SUPPORTED,
	  true },
	{ "AFFINITY_INFO(cpu0) on", 0xc4000004, 0, 0, 0, true },
	{ "AFFINITY_INFO level 1 refused", 0xc4000004, 0, 1, INVALID_PARAMS,
	  true },
	{ "SMC32 AFFINITY_INFO ignores x1[63:32]", 0x84000004,
	  0xffffffff00000000UL, 0, 0, true },
	{ "CPU_ON(cpu0) already on", 0xc4000003, 0, 0x40000000, ALREADY_ON,
	  true },
	{ "CPU_ON(no such cpu)", 0xc4000003, 0x7, 0x40000000, INVALID_PARAMS,
	  true },
	{ "MIGRATE_INFO_TYPE", 0x84000006, 0, 0, 2, true },
	{ "LFA_VERSION is 1.0", 0xc40002e0, 0, 0, 0x10000, false },
	{ "LFA_FEATURES(ACTIVATE)", 0xc40002e1, 0xc40002e5, 0, 0, false },
	{ "LFA fid past the range", 0xc40002e7, 0, 0, NOT_SUPPORTED, true },
	{ "LFA_VERSION as SMC32 unknown", 0x840002e0, 0, 0, NOT_SUPPORTED,
	  true },
	{ "unknown standard service call", 0xc4000100, 0, 0, NOT_SUPPORTED,
	  true },
	{ "unknown SiP call", 0xc200ffff, 0, 0, NOT_SUPPORTED, true },
	{ "unknown OEN (hypervisor)", 0xc5000000, 0, 0, NOT_SUPPORTED, true },
	{ "unknown trusted OS call", 0xf2000000, 0, 0, NOT_SUPPORTED, true },
	{ "yielding call", 0x04000000, 0, 0, NOT_SUPPORTED, true },
	{ "SiP stage outside the window", 0xc2000100, 0x40000000, 16,
	  INVALID_PARAMS, true },
};

static bool smc_probe_one(const struct smc_check *c)
{
	struct arm_smccc_1_2_regs args = {
		.a0 = c->fid, .a1 = c->a1, .a2 = c->a2,
		.a4 = MAGIC(4), .a5 = MAGIC(5), .a6 = MAGIC(6),
		.a7 = MAGIC(7), .a8 = MAGIC(8), .a9 = MAGIC(9),
		.a10 = MAGIC(10), .a11 = MAGIC(11), .a12 = MAGIC(12),
		.a13 = MAGIC(13), .a14 = MAGIC(14), .a15 = MAGIC(15),
		.a16 = MAGIC(16), .a17 = MAGIC(17),
	};
	struct arm_smccc_1_2_regs res;
	unsigned long got;
	bool ok;

	arm_smccc_1_2_smc(&args, &res);
	got = res.a0;
	/* SMC32 results are 32-bit: compare what the caller may rely on */
	if (!(c->fid & BIT(30)))
		ok = (u32)got == (u32)c->want;
	else
		ok = got == c->want;
	if (ok && c->preserve)
		ok = res.a6 == MAGIC(6) && res.a7 == MAGIC(7) &&
		     res.a8 == MAGIC(8) && res.a12 == MAGIC(12) &&
		     res.a17 == MAGIC(17);
	/* the LFA results end at x5: x6..x17 stay the caller's */
	if (ok && !c->preserve)
		ok = res.a6 == MAGIC(6) && res.a7 == MAGIC(7) &&
		     res.a17 == MAGIC(17);
	pr_info("%s: %s (fid %#lx x0 %#lx, want %#lx)\n", ok ? "ok" : "FAIL",
		c->name, c->fid, got, c->want);
	return ok;
}

static int __init smc_probe_init(void)
{
	unsigned int i, failed = 0;

	if (arm_smccc_1_1_get_conduit() != SMCCC_CONDUIT_SMC) {
		pr_err("no SMC conduit\n");
		return -ENODEV;
	}
	for (i = 0; i < ARRAY_SIZE(smc_checks); i++)
		if (!smc_probe_one(&smc_checks[i]))
			failed++;
	pr_info("%zu checks, %u failed\n", ARRAY_SIZE(smc_checks), failed);
	return failed ? -EIO : 0;
}

static void __exit smc_probe_exit(void)
{
}

module_init(smc_probe_init);
module_exit(smc_probe_exit);

MODULE_DESCRIPTION("SMC conformance probe of the LFA testbed firmware");
MODULE_AUTHOR("The LFA project authors");
MODULE_LICENSE("GPL");
