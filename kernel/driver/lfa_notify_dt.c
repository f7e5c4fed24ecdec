// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Platform notification from the devicetree: a node with
 * compatible = "arm,lfa" and one interrupt that the platform raises when a
 * new image was staged. The interrupt must be edge-triggered, or cleared by
 * the platform, as the driver has no register to acknowledge it.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/interrupt.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include "lfa_priv.h"

static irqreturn_t lfa_notify_irq(int irq, void *data)
{
	lfa_platform_notify();
	return IRQ_HANDLED;
}

static int lfa_notify_dt_probe(struct platform_device *pdev)
{
	int irq, ret;

	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	ret = devm_request_irq(&pdev->dev, irq, lfa_notify_irq, 0, "lfa",
			       NULL);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "cannot request IRQ %d\n",
				     irq);
	dev_info(&pdev->dev, "platform notifications on IRQ %d\n", irq);
	return 0;
}

static const struct of_device_id lfa_notify_dt_ids[] = {
	{ .compatible = "arm,lfa" },
	{ }
};
MODULE_DEVICE_TABLE(of, lfa_notify_dt_ids);

static struct platform_driver lfa_notify_dt_driver = {
	.probe = lfa_notify_dt_probe,
	.driver = {
		.name = "lfa-notify",
		.of_match_table = lfa_notify_dt_ids,
	},
};

int lfa_notify_dt_register(void)
{
	return platform_driver_register(&lfa_notify_dt_driver);
}

void lfa_notify_dt_unregister(void)
{
	platform_driver_unregister(&lfa_notify_dt_driver);
}
