//! Facts of this kind: their shape belongs to the extractor that fills them.

use serde::Serialize;

use super::Location;

/// A string resource: `@string/name` in one locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StringResource {
    /// Resource name (`privacy_policy_url`).
    pub name: String,
    /// Locale qualifier (`fr`, `pt-rBR`), empty for the default configuration.
    pub locale: String,
    pub value: String,
    pub location: Location,
}
