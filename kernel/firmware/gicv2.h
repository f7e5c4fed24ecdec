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

#endif /* GICV2_H */
