// Copyright 2026 The LFA project authors
// SPDX-License-Identifier: LGPL-2.1-or-later

// quirk LfaCpuRendezvous: what to write to force_cpu_rendezvous before activating
#[derive(ToString, FromString)]
enum FuLfaRendezvousPolicy {
    Unknown,
    Default,
    Force,
    SkipIfOptional,
}

// quirk LfaStagingMethod: how an image reaches the platform's firmware store
#[derive(ToString, FromString)]
enum FuLfaStagingMethod {
    Unknown,
    FirmwareUpload,
    File,
    None,
}

// header of the "LFA testbed image", all fields little-endian; the GUID is in
// textual byte order and the CRC-32 covers bytes 0..35 and then the payload
#[derive(ParseStream, ValidateStream, Default)]
#[repr(C, packed)]
struct FuStructLfaImage {
    magic: [char; 4] == "LFAI",
    header_size: u32le == 48,
    guid: Guid,
    version: u64le,
    payload_size: u32le,
    crc: u32le,
    reserved: u64le,
}
