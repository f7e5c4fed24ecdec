/*
 * SPDX-License-Identifier: GPL-2.0
 * Copyright 2026 The LFA project authors
 *
 * SSDT for the x86_64 QEMU testbed (qemu -acpitable file=lfa-ssdt.aml):
 * the ACPI device of Arm Live Firmware Activation, as a server's firmware
 * declares it, so that lfa.ko binds to ARML0003 and installs its notify
 * handler. NTFY is testbed-only: the platform would run Notify() itself
 * when a new image is staged; here lfa_acpi_kick.ko evaluates NTFY.
 */
DefinitionBlock ("", "SSDT", 2, "LFAPRJ", "LFATEST", 0x00000001)
{
    Scope (\_SB)
    {
        Device (LFA0)
        {
            Name (_HID, "ARML0003")
            Name (_UID, Zero)
            Method (_STA, 0, NotSerialized)
            {
                Return (0x0F)
            }

            Method (NTFY, 1, Serialized)
            {
                Notify (LFA0, Arg0)
            }
        }
    }
}
