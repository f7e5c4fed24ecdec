// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright 2026 The LFA project authors
 *
 * Minimal GICv2 driver for the secure side of QEMU virt's GIC.
 */
#include "arch.h"
#include "gicv2.h"
#include "platform_def.h"

#define GICD_CTLR		U(0x000)
#define GICD_TYPER		U(0x004)
#define GICD_IGROUPR(n)		(U(0x080) + 4U * (n))
#define GICD_ISENABLER(n)	(U(0x100) + 4U * (n))
#define GICD_ICENABLER(n)	(U(0x180) + 4U * (n))
#define GICD_ISPENDR(n)		(U(0x200) + 4U * (n))
#define GICD_IPRIORITYR(n)	(U(0x400) + 4U * (n))
#define GICD_ITARGETSR(n)	(U(0x800) + 4U * (n))
#define GICD_SGIR		U(0xf00)
#define GICD_SGIR_TARGETS_SHIFT	16
#define GICD_ICFGR(n)		(U(0xc00) + 4U * (n))
#define GICD_CTLR_GRP0		U(1)
#define GICD_CTLR_GRP1		U(2)

#define GICC_CTLR		U(0x000)
#define GICC_PMR		U(0x004)
#define GICC_CTLR_GRP0		U(1)
#define GICC_CTLR_GRP1		U(2)
#define GICC_IAR		U(0x00c)
#define GICC_EOIR		U(0x010)
#define GICC_IAR_ID_MASK	U(0x3ff)

/* Linux 6.1 uses SGIs 0-7 for IPIs; the firmware takes the last one */
#define PEN_SGI			U(15)

#define GIC_SPI_BASE		U(32)

void gicv2_distributor_init(void)
{
	unsigned int lines = ((mmio_read_32(PLAT_GICD_BASE + GICD_TYPER) & 0x1fU) + 1U) * 32U;
	unsigned int intid = PLAT_LFA_NOTIFY_SPI + GIC_SPI_BASE;
	unsigned int n;
	u32 cfg;

	mmio_write_32(PLAT_GICD_BASE + GICD_CTLR, 0U);
	/* register 0 (SGIs, PPIs) is banked per CPU: see gicv2_cpu_init() */
	for (n = 1U; n < lines / 32U; n++) {
		mmio_write_32(PLAT_GICD_BASE + GICD_IGROUPR(n), 0xffffffffU);
	}
	/*
	 * the notification is level-sensitive, as the devicetree says; the
	 * firmware sets it pending through GICD_ISPENDR (there is no line to
	 * hold high), a latch that the GIC clears when Linux acknowledges it
	 */
	cfg = mmio_read_32(PLAT_GICD_BASE + GICD_ICFGR(intid / 16U));
	cfg &= ~(2U << (2U * (intid % 16U)));
	mmio_write_32(PLAT_GICD_BASE + GICD_ICFGR(intid / 16U), cfg);
	mmio_write_32(PLAT_GICD_BASE + GICD_CTLR, GICD_CTLR_GRP0 | GICD_CTLR_GRP1);
}

void gicv2_cpu_init(void)
{
	mmio_write_32(PLAT_GICD_BASE + GICD_IGROUPR(0U), 0xffffffffU);
	/* open the priority mask; Linux narrows it through its own view */
	mmio_write_32(PLAT_GICC_BASE + GICC_PMR, 0xffU);
	mmio_write_32(PLAT_GICC_BASE + GICC_CTLR, GICC_CTLR_GRP1);
}

void gicv2_raise_spi(unsigned int spi)
{
	unsigned int intid = spi + GIC_SPI_BASE;

	mmio_write_32(PLAT_GICD_BASE + GICD_ISPENDR(intid / 32U), U(1) << (intid % 32U));
}

unsigned int gicv2_pen_enter(void)
{
	u32 grp = mmio_read_32(PLAT_GICD_BASE + GICD_IGROUPR(0U));
	u32 prio = mmio_read_32(PLAT_GICD_BASE + GICD_IPRIORITYR(PEN_SGI / 4U));

	/* group 0, highest priority, enabled, signalled to this CPU */
	mmio_write_32(PLAT_GICD_BASE + GICD_IGROUPR(0U), grp & ~(U(1) << PEN_SGI));
	prio &= ~(0xffU << (8U * (PEN_SGI % 4U)));
	mmio_write_32(PLAT_GICD_BASE + GICD_IPRIORITYR(PEN_SGI / 4U), prio);
	mmio_write_32(PLAT_GICD_BASE + GICD_ISENABLER(0U), U(1) << PEN_SGI);
	mmio_write_32(PLAT_GICC_BASE + GICC_PMR, 0xffU);
	/* only group 0: a Linux IPI still pending for an offlined CPU must not keep waking it */
	mmio_write_32(PLAT_GICC_BASE + GICC_CTLR, GICC_CTLR_GRP0);
	/* the SGI target registers read as this CPU's own interface bit */
	return mmio_read_32(PLAT_GICD_BASE + GICD_ITARGETSR(0U)) & 0xffU;
}

void gicv2_pen_wake(unsigned int cpu_if_mask)
{
	/* a secure write with NSATT = 0 sends the SGI as group 0 */
	mmio_write_32(PLAT_GICD_BASE + GICD_SGIR,
		      ((cpu_if_mask & 0xffU) << GICD_SGIR_TARGETS_SHIFT) | PEN_SGI);
}

void gicv2_pen_ack(void)
{
	u32 iar = mmio_read_32(PLAT_GICC_BASE + GICC_IAR);

	if ((iar & GICC_IAR_ID_MASK) == PEN_SGI) {
		mmio_write_32(PLAT_GICC_BASE + GICC_EOIR, iar);
	}
}

void gicv2_pen_exit(void)
{
	mmio_write_32(PLAT_GICD_BASE + GICD_ICENABLER(0U), U(1) << PEN_SGI);
	/* back to group 1 (Linux owns every interrupt), group 0 off */
	gicv2_cpu_init();
}
