/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * GICv2 set-up from the secure side: every interrupt goes to group 1
 * (non-secure) so that Linux owns them all; EL3 keeps none.
 */
#ifndef GICV2_H
#define GICV2_H

/* distributor: once, on the boot CPU */
void gicv2_distributor_init(void);
/* banked SGI/PPI group registers and the CPU interface: on every CPU */
void gicv2_cpu_init(void);
/* make an SPI pending (platform notification to the normal world) */
void gicv2_raise_spi(unsigned int spi);

/*
 * Waking CPUs that wait at EL3 with wfi (the PSCI pen): a secure group 0
 * SGI that Linux never uses. gicv2_pen_enter() arms it on the calling CPU
 * and returns this CPU's interface mask, gicv2_pen_wake() sends it,
 * gicv2_pen_ack() consumes it after a wake-up and gicv2_pen_exit() hands
 * the SGI back to group 1 before the CPU enters the normal world.
 */
unsigned int gicv2_pen_enter(void);
void gicv2_pen_wake(unsigned int cpu_if_mask);
void gicv2_pen_ack(void);
void gicv2_pen_exit(void);

#endif /* GICV2_H */
