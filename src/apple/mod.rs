//! Apple platform formats: Mach-O binaries (thin, fat, static archives) and, from the iOS metadata
//! extractor, property lists, privacy manifests, entitlements and provisioning profiles.
//!
//! Every parser reads a borrowed `&[u8]`, checks each count against the bytes that remain before
//! allocating from it, and returns a typed error naming the offset; none of them panics.

pub mod macho;
