//! Apple formats: property lists, `.strings` tables, privacy manifests, entitlements (provisioning
//! profiles and code signatures).

pub mod entitlements;
pub mod plist;
pub mod privacy_manifest;
pub mod strings_file;
