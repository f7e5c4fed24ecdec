// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Staging path of the QEMU virt LFA testbed: the devicetree describes a
 * no-map reserved-memory window ("lfa-testbed,staging-window") shared with
 * the EL3 firmware. An image is written into the window and an IMPDEF SiP
 * call asks the firmware to copy, validate and stage it. Userspace sees the
 * firmware-upload ABI, one device per component: lfa-<guid>.
 */

#define pr_fmt(fmt) "lfa_stage_shmem: " fmt

#include <linux/arm-smccc.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lfa_shmem.h"

/* SiP function IDs of the testbed firmware (kernel/firmware/sip_svc.h) */
#define SIP_LFA_TB_STAGE		0xc2000100
#define SIP_LFA_TB_WINDOW		0xc2000101
#define SIP_LFA_TB_LOAD_SCENARIO	0xc2000102
#define SIP_LFA_TB_SUMMARY		0xc2000103
#define SIP_LFA_TB_NOTIFY		0xc2000104
#define SIP_LFA_TB_COMPONENT		0xc2000105

/* window, owner, component list and upload states: see lfa_shmem.h */
DEFINE_MUTEX(lfa_shmem_lock);
struct lfa_shmem_comp *lfa_shmem_owner;
LIST_HEAD(lfa_shmem_comps);
void *lfa_shmem_window;
size_t lfa_shmem_data_max;

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

/* the image is in the data area; *result gets the LFA_STAGE_E* code */
int lfa_shmem_fw_stage(size_t len, s64 *result, char *msg, size_t msglen)
{
	struct arm_smccc_1_2_regs res;

	lockdep_assert_held(&lfa_shmem_lock);
	lfa_shmem_clear_msg();
	lfa_shmem_smc(SIP_LFA_TB_STAGE, LFA_SHMEM_DATA_OFF, len,
		      LFA_SHMEM_MSG_OFF, LFA_SHMEM_MSG_SIZE, &res);
	if ((s64)res.a0)
		return -EINVAL;
	*result = (s64)res.a1;
	lfa_shmem_read_msg(msg, msglen);
	return 0;
}

/* the scenario text is in the data area */
int lfa_shmem_fw_load_scenario(size_t len, char *msg, size_t msglen)
{
	struct arm_smccc_1_2_regs res;

	lockdep_assert_held(&lfa_shmem_lock);
	lfa_shmem_clear_msg();
	lfa_shmem_smc(SIP_LFA_TB_LOAD_SCENARIO, LFA_SHMEM_DATA_OFF, len,
		      LFA_SHMEM_MSG_OFF, LFA_SHMEM_MSG_SIZE, &res);
	if ((s64)res.a0)
		return -EINVAL;
	lfa_shmem_read_msg(msg, msglen);
	return (s64)res.a1 ? -EINVAL : 0;
}

int lfa_shmem_fw_summary(char *buf, size_t len)
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

int lfa_shmem_fw_notify(void)
{
	struct arm_smccc_1_2_regs res;

	lfa_shmem_smc(SIP_LFA_TB_NOTIFY, 0, 0, 0, 0, &res);
	return (s64)res.a0 ? -EIO : 0;
}

static struct lfa_shmem_comp *lfa_shmem_find(const u8 guid[16])
{
	struct lfa_shmem_comp *comp;

	list_for_each_entry(comp, &lfa_shmem_comps, node)
		if (!memcmp(comp->guid, guid, 16))
			return comp;
	return NULL;
}

static void lfa_shmem_regs_to_guid(u64 lo, u64 hi, u8 guid[16])
{
	int i;

	for (i = 0; i < 8; i++) {
		guid[i] = (lo >> (8 * i)) & 0xff;
		guid[i + 8] = (hi >> (8 * i)) & 0xff;
	}
}

/*
 * Add a device for every component of the scenario (present or not, so that
 * one that appears after an activation can be staged at once) and remove
 * the devices of components the scenario no longer has. Devices are
 * unregistered without the lock: their attribute handlers take it.
 */
int lfa_shmem_sync_components(void)
{
	struct lfa_shmem_comp *comp, *tmp;
	struct arm_smccc_1_2_regs res;
	LIST_HEAD(gone);
	unsigned long idx;
	u8 guid[16];
	int ret = 0;

	mutex_lock(&lfa_shmem_lock);
	list_for_each_entry(comp, &lfa_shmem_comps, node)
		comp->dead = true;
	for (idx = 0; ; idx++) {
		lfa_shmem_smc(SIP_LFA_TB_COMPONENT, idx, 0, 0, 0, &res);
		if ((s64)res.a0)
			break;
		lfa_shmem_regs_to_guid(res.a1, res.a2, guid);
		comp = lfa_shmem_find(guid);
		if (comp) {
			comp->dead = false;
			continue;
		}
		comp = kzalloc(sizeof(*comp), GFP_KERNEL);
		if (!comp) {
			ret = -ENOMEM;
			break;
		}
		memcpy(comp->guid, guid, 16);
		comp->dev = lfa_shmem_upload_add(comp);
		if (IS_ERR(comp->dev)) {
			ret = PTR_ERR(comp->dev);
			pr_err("cannot register lfa-%pUb: %d\n", guid, ret);
			kfree(comp);
			break;
		}
		list_add_tail(&comp->node, &lfa_shmem_comps);
	}
	list_for_each_entry_safe(comp, tmp, &lfa_shmem_comps, node) {
		if (!comp->dead)
			continue;
		if (lfa_shmem_owner == comp)
			lfa_shmem_owner = NULL;
		list_move(&comp->node, &gone);
	}
	mutex_unlock(&lfa_shmem_lock);

	list_for_each_entry_safe(comp, tmp, &gone, node) {
		list_del(&comp->node);
		lfa_shmem_upload_remove(comp);
		kfree(comp);
	}
	return ret;
}

static void lfa_shmem_remove_all(void)
{
	struct lfa_shmem_comp *comp, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&lfa_shmem_lock);
	list_for_each_entry(comp, &lfa_shmem_comps, node)
		comp->dead = true;
	list_splice_init(&lfa_shmem_comps, &gone);
	lfa_shmem_owner = NULL;
	mutex_unlock(&lfa_shmem_lock);

	list_for_each_entry_safe(comp, tmp, &gone, node) {
		list_del(&comp->node);
		lfa_shmem_upload_remove(comp);
		kfree(comp);
	}
}

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
	ret = lfa_shmem_upload_init();
	if (ret)
		goto err_unmap;
	ret = lfa_shmem_sync_components();
	if (ret)
		goto err_devices;
	ret = lfa_shmem_ctl_init();
	if (ret)
		goto err_devices;
	return 0;

err_devices:
	lfa_shmem_remove_all();
	lfa_shmem_upload_exit();
err_unmap:
	memunmap(lfa_shmem_window);
	return ret;
}

static void __exit lfa_shmem_exit(void)
{
	lfa_shmem_ctl_exit();
	lfa_shmem_remove_all();
	lfa_shmem_upload_exit();
	memunmap(lfa_shmem_window);
}

module_init(lfa_shmem_init);
module_exit(lfa_shmem_exit);

MODULE_DESCRIPTION("LFA image staging through the QEMU testbed firmware's shared window");
MODULE_AUTHOR("The LFA project authors");
MODULE_LICENSE("GPL");
