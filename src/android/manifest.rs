//! The typed `AndroidManifest.xml` model, built from either binary (AXML) or text XML.

use serde::Serialize;

use super::xml::XmlElement;

/// What sdklint needs from a manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Manifest {
    pub package: Option<String>,
    pub version_code: Option<String>,
    pub version_name: Option<String>,
    pub min_sdk: Option<u32>,
    pub target_sdk: Option<u32>,
    pub permissions: Vec<UsesPermission>,
    /// `<meta-data>` under `<application>`, in document order.
    pub meta_data: Vec<MetaData>,
    /// activities, activity-aliases, services, receivers and providers.
    pub components: Vec<Component>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsesPermission {
    pub name: String,
    pub max_sdk_version: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetaData {
    pub name: String,
    /// The value rendered as text: strings as is, booleans `true`/`false`, integers in decimal,
    /// resource references as `@0x7f0c001b` until resources are resolved. `android:resource`
    /// is rendered the same way when `android:value` is absent.
    pub value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentKind {
    Activity,
    ActivityAlias,
    Service,
    Receiver,
    Provider,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    pub kind: ComponentKind,
    /// Fully qualified class name (relative names such as `.Main` resolved against the package).
    pub name: String,
}
