//! Facts of this kind: their shape belongs to the extractor that fills them.

use serde::Serialize;

use super::Location;

/// Something about the packaging that a strict reader would reject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anomaly {
    /// A short stable kind (`local-header-mismatch`).
    pub kind: String,
    pub message: String,
    pub location: Location,
}
