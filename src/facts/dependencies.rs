//! Facts of this kind: their shape belongs to the extractor that fills them.

use serde::Serialize;

use super::Location;

/// A library declared by build metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclaredDependency {
    /// Maven group id.
    pub group: String,
    /// Maven artifact id.
    pub artifact: String,
    pub version: Option<String>,
    pub location: Location,
}
