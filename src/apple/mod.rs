//! Apple formats: Mach-O binaries (thin, fat, static archives), property lists, `.strings` tables,
//! privacy manifests, entitlements (provisioning profiles and code signatures).
//!
//! Every parser reads a borrowed `&[u8]`, checks each count against the bytes that remain before
//! allocating from it, and returns a typed error naming the offset; none of them panics.

pub mod arm64;
pub mod calls;

pub mod entitlements;
pub mod macho;
pub mod plist;
pub mod privacy_manifest;
pub mod strings_file;
