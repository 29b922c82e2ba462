//! Facts of this kind: their shape belongs to the extractor that fills them.

use serde::Serialize;

use super::Location;

/// One Mach-O image (a slice of it) with what it reveals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppleBinary {
    /// Path inside the bundle.
    pub path: String,
    pub location: Location,
}
