//! iOS metadata facts: Info.plist, usage descriptions, privacy manifests, entitlements and
//! embedded frameworks. Their shape belongs to the iOS extractor.

use serde::Serialize;

/// Everything the iOS metadata extractors found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AppleMetadata {}
