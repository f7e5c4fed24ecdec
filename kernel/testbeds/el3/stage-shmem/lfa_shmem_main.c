// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Staging path of the QEMU virt LFA testbed: the devicetree describes a
 * no-map reserved-memory window ("lfa-testbed,staging-window") shared with
 * the EL3 firmware. An image is written into the window and an IMPDEF SiP
 * call asks the firmware to copy, validate and stage it. Userspace sees the
 * firmware-upload ABI, one directory per component (lfa-<guid>), and the
 * simulated agent's test controls in /sys/kernel/lfa_sim, backed by the
 * firmware's SiP test calls; both come from kernel/testbeds/common.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lfa_agent.h"
#include "lfa_fwu.h"
#include "lfa_simctl.h"
#include "lfa_testbed_sip.h"

/* window layout: a message area for the firmware's answers, then data */
#define LFA_SHMEM_MSG_OFF	0
#define LFA_SHMEM_MSG_SIZE	4096
#define LFA_SHMEM_DATA_OFF	4096

/* the window is one buffer: one firmware call that uses it at a time */
static DEFINE_MUTEX(lfa_shmem_lock);
/* the mapped window and its data capacity */
static void *lfa_shmem_window;
static size_t lfa_shmem_data_max;

static void lfa_shmem_smc(unsigned long fid, unsigned long a1,
			  unsigned long a2, unsigned long a3, unsigned long a4,
			  struct arm_smccc_1_2_regs *res)
{
	struct arm_smccc_1_2_regs args = {
		.a0 = fid, .a1 = a1, .a2 = a2, .a3 = a3, .a4 = a4,
	};

	arm_smccc_1_2_smc(&args, res);
}

/* the firmware's NUL-terminated answer, bounded even if it is not */
static void lfa_shmem_read_msg(char *msg, size_t msglen)
{
	if (!msglen)
		return;
	memcpy(msg, lfa_shmem_window + LFA_SHMEM_MSG_OFF,
	       min_t(size_t, msglen, LFA_SHMEM_MSG_SIZE));
	msg[msglen - 1] = '\0';
}

static void lfa_shmem_clear_msg(void)
{
	memset(lfa_shmem_window + LFA_SHMEM_MSG_OFF, 0, LFA_SHMEM_MSG_SIZE);
}

/*
 * STAGE or LOAD_SCENARIO: copy @data into the window's data area and pass
 * it to the firmware, which answers with @result (x1) and a message. 0, or
 * -EINVAL when the firmware refused the call itself.
 */
static int lfa_shmem_fw_data_call(unsigned long fid, const void *data,
				  size_t len, s64 *result, char *msg,
				  size_t msglen)
{
	struct arm_smccc_1_2_regs res;

	mutex_lock(&lfa_shmem_lock);
	memcpy(lfa_shmem_window + LFA_SHMEM_DATA_OFF, data, len);
	lfa_shmem_clear_msg();
	lfa_shmem_smc(fid, LFA_SHMEM_DATA_OFF, len, LFA_SHMEM_MSG_OFF,
		      LFA_SHMEM_MSG_SIZE, &res);
	*result = (s64)res.a1;
	if (!(s64)res.a0)
		lfa_shmem_read_msg(msg, msglen);
	mutex_unlock(&lfa_shmem_lock);
	return (s64)res.a0 ? -EINVAL : 0;
}

static int lfa_shmem_fw_summary(char *buf, size_t len)
{
	struct arm_smccc_1_2_regs res;

	lockdep_assert_held(&lfa_shmem_lock);
	lfa_shmem_clear_msg();
	lfa_shmem_smc(SIP_LFA_TB_SUMMARY, LFA_SHMEM_MSG_OFF,
		      LFA_SHMEM_MSG_SIZE, 0, 0, &res);
	if ((s64)res.a0)
		return -EIO;
	lfa_shmem_read_msg(buf, len);
	return 0;
}

static int lfa_shmem_fw_notify(void)
{
	struct arm_smccc_1_2_regs res;

	lfa_shmem_smc(SIP_LFA_TB_NOTIFY, 0, 0, 0, 0, &res);
	return (s64)res.a0 ? -EIO : 0;
}

/*
 * One upload directory for every component of the firmware's scenario,
 * present or not, so that one that appears after an activation can be
 * staged at once. The firmware's agent holds at most
 * LFA_AGENT_MAX_COMPONENTS.
 */
static int lfa_shmem_sync_uploads(void)
{
	struct arm_smccc_1_2_regs res;
	unsigned int count;
	u8 (*guids)[16];
	int ret;

	guids = kcalloc(LFA_AGENT_MAX_COMPONENTS, sizeof(*guids), GFP_KERNEL);
	if (!guids)
		return -ENOMEM;
	for (count = 0; ; count++) {
		lfa_shmem_smc(SIP_LFA_TB_COMPONENT, count, 0, 0, 0, &res);
		if ((s64)res.a0)
			break;
		if (count == LFA_AGENT_MAX_COMPONENTS) {
			pr_err("the firmware lists more than %u components\n",
			       LFA_AGENT_MAX_COMPONENTS);
			kfree(guids);
			return -E2BIG;
		}
		lfa_agent_guid_from_regs(res.a1, res.a2, guids[count]);
	}
	ret = lfa_fwu_sync(guids, count);
	kfree(guids);
	return ret;
}

/* programming: copy the image into the window, the firmware stages it */
static int lfa_shmem_stage(const u8 guid[16], const void *image, size_t len,
			   char *err, size_t errlen)
{
	s64 result;

	if (lfa_shmem_fw_data_call(SIP_LFA_TB_STAGE, image, len, &result, err,
				   errlen)) {
		snprintf(err, errlen, "the firmware refused the staging call");
		return LFA_STAGE_EHW;
	}
	if (result > 0 || result < LFA_STAGE_EMIN)
		return LFA_STAGE_EHW;	/* not a code the model gives */
	return (int)result;
}

/* .max_size: the window's data area, set once it is mapped */
static struct lfa_fwu_ops lfa_shmem_uploads = {
	.stage = lfa_shmem_stage,
};

/* replace the firmware's scenario; the upload directories follow it */
static int lfa_shmem_load(const char *text, size_t len)
{
	char msg[160] = "";
	s64 result;
	int ret;

	if (len > lfa_shmem_data_max)
		return -EFBIG;
	ret = lfa_shmem_fw_data_call(SIP_LFA_TB_LOAD_SCENARIO, text, len,
				     &result, msg, sizeof(msg));
	if (!ret && result)
		ret = -EINVAL;
	if (ret) {
		pr_err("scenario refused by the firmware: %s\n", msg);
		return ret;
	}
	return lfa_shmem_sync_uploads();
}

static ssize_t lfa_shmem_summary(char *buf, size_t len)
{
	char line[256];
	int ret;

	mutex_lock(&lfa_shmem_lock);
	ret = lfa_shmem_fw_summary(line, sizeof(line));
	mutex_unlock(&lfa_shmem_lock);
	if (ret)
		return ret;
	/* the firmware's line ends in a newline already */
	line[strcspn(line, "\n")] = '\0';
	return scnprintf(buf, len, "%s\n", line);
}

static const struct lfa_simctl_ops lfa_shmem_controls = {
	.load = lfa_shmem_load,
	.summary = lfa_shmem_summary,
	.notify = lfa_shmem_fw_notify,
};

/* the window from the devicetree; the firmware must agree on it */
static int lfa_shmem_map_window(void)
{
	struct arm_smccc_1_2_regs res;
	struct device_node *np;
	struct resource r;
	int ret;

	if (arm_smccc_get_version() < ARM_SMCCC_VERSION_1_2 ||
	    arm_smccc_1_1_get_conduit() != SMCCC_CONDUIT_SMC) {
		pr_err("needs an SMCCC 1.2 firmware reached by SMC\n");
		return -ENODEV;
	}
	np = of_find_compatible_node(NULL, NULL, "lfa-testbed,staging-window");
	if (!np) {
		pr_err("no lfa-testbed,staging-window node in the devicetree\n");
		return -ENODEV;
	}
	ret = of_address_to_resource(np, 0, &r);
	of_node_put(np);
	if (ret) {
		pr_err("staging window without a usable reg: %d\n", ret);
		return ret;
	}
	lfa_shmem_smc(SIP_LFA_TB_WINDOW, 0, 0, 0, 0, &res);
	if ((s64)res.a0 || res.a1 != r.start || res.a2 != resource_size(&r)) {
		pr_err("firmware window (x0 %ld, %#lx+%#lx) does not match the devicetree %pR\n",
		       (long)res.a0, res.a1, res.a2, &r);
		return -ENODEV;
	}
	if (resource_size(&r) <= LFA_SHMEM_DATA_OFF) {
		pr_err("staging window %pR is too small\n", &r);
		return -ENODEV;
	}
	/* non-cacheable: the firmware reads it with its MMU off */
	lfa_shmem_window = memremap(r.start, resource_size(&r), MEMREMAP_WC);
	if (!lfa_shmem_window) {
		pr_err("cannot map the staging window %pR\n", &r);
		return -ENOMEM;
	}
	lfa_shmem_data_max = resource_size(&r) - LFA_SHMEM_DATA_OFF;
	pr_info("staging window %pR, images up to %zu bytes\n", &r,
		lfa_shmem_data_max);
	return 0;
}

static int __init lfa_shmem_init(void)
{
	int ret;

	ret = lfa_shmem_map_window();
	if (ret)
		return ret;
	lfa_shmem_uploads.max_size = lfa_shmem_data_max;
	ret = lfa_fwu_init(&lfa_shmem_uploads);
	if (ret)
		goto err_unmap;
	ret = lfa_shmem_sync_uploads();
	if (ret)
		goto err_uploads;
	ret = lfa_simctl_init(&lfa_shmem_controls);
	if (ret)
		goto err_uploads;
	return 0;

err_uploads:
	lfa_fwu_exit();
err_unmap:
	memunmap(lfa_shmem_window);
	return ret;
}

static void __exit lfa_shmem_exit(void)
{
	/* no new calls from the control files or uploads after this */
	lfa_simctl_exit();
	lfa_fwu_exit();
	memunmap(lfa_shmem_window);
}

module_init(lfa_shmem_init);
module_exit(lfa_shmem_exit);

MODULE_DESCRIPTION("LFA image staging through the QEMU testbed firmware's shared window");
MODULE_AUTHOR("The LFA project authors");
MODULE_LICENSE("GPL");
