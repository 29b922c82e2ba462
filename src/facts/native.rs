//! Facts of this kind: their shape belongs to the extractor that fills them.

use serde::Serialize;

use super::Location;

/// One native library.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NativeLibrary {
    /// Entry path (`lib/arm64-v8a/libfoo.so`).
    pub path: String,
    /// ABI directory (`arm64-v8a`).
    pub abi: String,
    pub location: Location,
}
