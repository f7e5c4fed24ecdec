// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * The device the driver binds to, which delivers the platform notification
 * ("a new image was staged") and receives the driver's change uevents:
 *  - ACPI: device ARML0003; any Notify() value is the notification;
 *  - devicetree: compatible = "arm,lfa" with one interrupt, taken by a
 *    threaded, oneshot handler (the trigger comes from the devicetree; the
 *    binding's example is level-high, which the platform must lower);
 *  - neither (a simulated agent, or firmware that describes no device): a
 *    platform device "lfa" the driver registers itself, without any
 *    notification source. Upstream v3 binds to the SMCCC bus instead,
 *    which Debian's 6.1 does not have.
 * The first device bound receives the uevents.
 */

#define pr_fmt(fmt) "lfa: " fmt

#include <linux/acpi.h>
#include <linux/interrupt.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include "lfa_priv.h"

#define LFA_DRIVER_NAME		"lfa"

/* the device whose uevents userspace sees (lfa_platform_lock) */
static struct device *lfa_bound_dev;
static DEFINE_MUTEX(lfa_platform_lock);
/* registered by lfa_platform_init() when no firmware device bound */
static struct platform_device *lfa_fallback_pdev;

static irqreturn_t lfa_irq_thread(int irq, void *data)
{
	lfa_notify_run();
	return IRQ_HANDLED;
}

/* Runs from ACPI's notify work queue, so it may sleep */
static void lfa_acpi_notify(acpi_handle handle, u32 event, void *data)
{
	lfa_notify_run();
}

static int lfa_platform_probe_acpi(struct platform_device *pdev)
{
	acpi_handle handle = ACPI_HANDLE(&pdev->dev);
	acpi_status status;

	status = acpi_install_notify_handler(handle, ACPI_DEVICE_NOTIFY,
					     lfa_acpi_notify, NULL);
	if (ACPI_FAILURE(status))
		return dev_err_probe(&pdev->dev, -EIO,
				     "cannot install the ACPI notify handler\n");
	dev_info(&pdev->dev, "platform notifications by ACPI Notify\n");
	return 0;
}

static int lfa_platform_probe_dt(struct platform_device *pdev)
{
	int irq, ret;

	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	ret = devm_request_threaded_irq(&pdev->dev, irq, NULL, lfa_irq_thread,
					IRQF_ONESHOT, LFA_DRIVER_NAME, NULL);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "cannot request IRQ %d\n",
				     irq);
	dev_info(&pdev->dev, "platform notifications on IRQ %d\n", irq);
	return 0;
}

static int lfa_platform_probe(struct platform_device *pdev)
{
	int ret = 0;

	if (has_acpi_companion(&pdev->dev))
		ret = lfa_platform_probe_acpi(pdev);
	else if (pdev->dev.of_node)
		ret = lfa_platform_probe_dt(pdev);
	if (ret)
		return ret;

	mutex_lock(&lfa_platform_lock);
	if (!lfa_bound_dev) {
		lfa_bound_dev = &pdev->dev;
		lfa_inventory_set_device(&pdev->dev);
	}
	mutex_unlock(&lfa_platform_lock);
	return 0;
}

static int lfa_platform_remove(struct platform_device *pdev)
{
	mutex_lock(&lfa_platform_lock);
	if (lfa_bound_dev == &pdev->dev) {
		lfa_inventory_set_device(NULL);
		lfa_bound_dev = NULL;
	}
	mutex_unlock(&lfa_platform_lock);
	if (has_acpi_companion(&pdev->dev))
		acpi_remove_notify_handler(ACPI_HANDLE(&pdev->dev),
					   ACPI_DEVICE_NOTIFY, lfa_acpi_notify);
	return 0;
}

static const struct of_device_id lfa_of_ids[] = {
	{ .compatible = "arm,lfa" },
	{ }
};
MODULE_DEVICE_TABLE(of, lfa_of_ids);

static const struct acpi_device_id lfa_acpi_ids[] = {
	{ "ARML0003", 0 },
	{ }
};
MODULE_DEVICE_TABLE(acpi, lfa_acpi_ids);

static struct platform_driver lfa_platform_driver = {
	.probe = lfa_platform_probe,
	.remove = lfa_platform_remove,
	.driver = {
		.name = LFA_DRIVER_NAME,
		.of_match_table = lfa_of_ids,
		.acpi_match_table = lfa_acpi_ids,
	},
};

int lfa_platform_init(void)
{
	struct platform_device *pdev;
	bool bound;
	int ret;

	ret = platform_driver_register(&lfa_platform_driver);
	if (ret)
		return ret;
	mutex_lock(&lfa_platform_lock);
	bound = lfa_bound_dev;
	mutex_unlock(&lfa_platform_lock);
	if (bound)
		return 0;
	/* matched by name: the driver binds to it at once */
	pdev = platform_device_register_simple(LFA_DRIVER_NAME,
					       PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(pdev)) {
		platform_driver_unregister(&lfa_platform_driver);
		return PTR_ERR(pdev);
	}
	lfa_fallback_pdev = pdev;
	return 0;
}

void lfa_platform_exit(void)
{
	platform_device_unregister(lfa_fallback_pdev);
	platform_driver_unregister(&lfa_platform_driver);
}
