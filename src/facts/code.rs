//! Facts of this kind: their shape belongs to the extractor that fills them.

use serde::Serialize;

use super::Location;

/// A call from app code into an API that the SDK database lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallSite {
    /// The called method, smali form: `Lcom/appsflyer/AppsFlyerLib;->logEvent(...)V`.
    pub callee: String,
    /// The calling method, smali form.
    pub caller: String,
    pub location: Location,
}
