/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright 2026 The LFA project authors
 *
 * Function IDs of the QEMU virt testbed's IMPDEF SiP calls (SMC64 fast
 * calls): the EL3 firmware serves them (kernel/testbeds/el3/firmware/sip_svc.h documents
 * the registers), lfa_stage_shmem.ko calls them. #defines only.
 */
#ifndef LFA_TESTBED_SIP_H
#define LFA_TESTBED_SIP_H

#define SIP_LFA_TB_STAGE		0xc2000100U
#define SIP_LFA_TB_WINDOW		0xc2000101U
#define SIP_LFA_TB_LOAD_SCENARIO	0xc2000102U
#define SIP_LFA_TB_SUMMARY		0xc2000103U
#define SIP_LFA_TB_NOTIFY		0xc2000104U
#define SIP_LFA_TB_COMPONENT		0xc2000105U

#endif /* LFA_TESTBED_SIP_H */
