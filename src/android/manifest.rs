//! The typed `AndroidManifest.xml` model, built from either binary (AXML) or text XML.
//!
//! [`parse`] sniffs the form (binary XML starts with the chunk type 0x0003; text XML with `<`
//! after an optional byte-order mark and whitespace) and [`Manifest::from_xml`] reads the tree.
//! Android attributes are looked up the way the platform does: by framework resource id when
//! the binary attribute carries one (so blanked or obfuscated attribute names do not hide
//! anything), otherwise by the Android namespace and local name (text XML). Values are taken as
//! declared: a missing `targetSdkVersion` stays `None` even though Android would default it to
//! `minSdkVersion`.

use serde::Serialize;
use thiserror::Error;

use super::axml::{self, AxmlError};
use super::text_xml::{self, TextXmlError};
use super::xml::{AttrValue, XmlElement, attr};

/// What sdklint needs from a manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Manifest {
    pub package: Option<String>,
    pub version_code: Option<String>,
    pub version_name: Option<String>,
    /// `<uses-sdk android:minSdkVersion>` when numeric.
    pub min_sdk: Option<u32>,
    /// `<uses-sdk android:targetSdkVersion>` when numeric.
    pub target_sdk: Option<u32>,
    /// `minSdkVersion` when it is a preview codename (e.g. `Tiramisu`) rather than a number.
    pub min_sdk_codename: Option<String>,
    /// `targetSdkVersion` when it is a preview codename (e.g. `Tiramisu`) rather than a number.
    pub target_sdk_codename: Option<String>,
    /// `<application android:label>`: text, or a resource reference (`@0x7f0b0001`).
    pub label: Option<String>,
    /// `<uses-permission>`, `<uses-permission-sdk-23>` and its old name `<uses-permission-sdk-m>`,
    /// in document order.
    pub permissions: Vec<UsesPermission>,
    /// `<meta-data>` under `<application>`, in document order.
    pub meta_data: Vec<MetaData>,
    /// activities, activity-aliases, services, receivers and providers.
    pub components: Vec<Component>,
    /// Binary XML only: string pool indices without their terminating NUL, which sdklint reads
    /// by their length and the platform rejects (see [`axml::Document`]).
    pub unterminated_strings: Vec<u32>,
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

/// Why bytes could not be read as a manifest.
#[derive(Debug, Clone, Error)]
pub enum ManifestError {
    #[error("not an Android manifest: neither binary XML nor text XML")]
    NotManifest,
    #[error(transparent)]
    Binary(#[from] AxmlError),
    #[error(transparent)]
    Text(#[from] TextXmlError),
    #[error("not an Android manifest: the root element is <{name}>, not <manifest>")]
    WrongRoot { name: String },
}

/// Reads `AndroidManifest.xml` in binary (AXML) or text form.
pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
    let mut unterminated = Vec::new();
    let root = if is_binary_xml(bytes) {
        let document = axml::parse_document(bytes)?;
        unterminated = document.unterminated_strings;
        document.root
    } else if let Some(text) = utf16_text(bytes) {
        text_xml::parse(text.as_bytes())?
    } else if is_text_xml(bytes) {
        text_xml::parse(bytes)?
    } else {
        return Err(ManifestError::NotManifest);
    };
    if root.name != "manifest" {
        return Err(ManifestError::WrongRoot { name: root.name });
    }
    let mut manifest = Manifest::from_xml(&root);
    manifest.unterminated_strings = unterminated;
    Ok(manifest)
}

/// Binary XML: chunk type 0x0003 first, or (a packer trick the platform tolerates) another type
/// with an 8-byte header directly followed by a string pool chunk.
fn is_binary_xml(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0x03, 0x00, ..] | [_, _, 0x08, 0x00, _, _, _, _, 0x01, 0x00, 0x1c, 0x00, ..]
    )
}

/// Text XML: optional UTF-8 byte-order mark, optional whitespace, then `<`.
fn is_text_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

/// A UTF-16 text document (with its byte-order mark) re-encoded as UTF-8 for the XML reader.
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let from: fn([u8; 2]) -> u16 = match bytes {
        [0xFF, 0xFE, ..] => u16::from_le_bytes,
        [0xFE, 0xFF, ..] => u16::from_be_bytes,
        _ => return None,
    };
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|b| from([b[0], b[1]]))
        .collect();
    let text = String::from_utf16_lossy(&units);
    is_text_xml(text.as_bytes()).then_some(text)
}

impl Manifest {
    /// Reads the typed manifest from a parsed `<manifest>` element (binary or text).
    pub fn from_xml(root: &XmlElement) -> Manifest {
        let package = root
            .plain_attr("package")
            .map(|a| render(&a.value))
            .filter(|p| !p.is_empty());
        let mut manifest = Manifest {
            version_code: android_value(root, "versionCode", attr::VERSION_CODE),
            version_name: android_value(root, "versionName", attr::VERSION_NAME),
            ..Manifest::default()
        };
        for child in &root.children {
            match child.name.as_str() {
                // Each <uses-sdk> replaces what an earlier one set, as in the platform's
                // package parser.
                "uses-sdk" => {
                    (manifest.min_sdk, manifest.min_sdk_codename) =
                        sdk_version(child, "minSdkVersion", attr::MIN_SDK_VERSION);
                    (manifest.target_sdk, manifest.target_sdk_codename) =
                        sdk_version(child, "targetSdkVersion", attr::TARGET_SDK_VERSION);
                }
                "uses-permission" | "uses-permission-sdk-23" | "uses-permission-sdk-m" => {
                    if let Some(name) = android_value(child, "name", attr::NAME) {
                        let max_sdk_version = child
                            .android_attr("maxSdkVersion", attr::MAX_SDK_VERSION)
                            .and_then(|a| as_u32(&a.value));
                        manifest.permissions.push(UsesPermission {
                            name,
                            max_sdk_version,
                        });
                    }
                }
                "application" => read_application(child, package.as_deref(), &mut manifest),
                _ => {}
            }
        }
        manifest.package = package;
        manifest
    }
}

fn read_application(app: &XmlElement, package: Option<&str>, manifest: &mut Manifest) {
    manifest.label = android_value(app, "label", attr::LABEL).filter(|l| !l.is_empty());
    for child in &app.children {
        let kind = match child.name.as_str() {
            "meta-data" => {
                if let Some(name) = android_value(child, "name", attr::NAME) {
                    let value = android_value(child, "value", attr::VALUE)
                        .or_else(|| android_value(child, "resource", attr::RESOURCE));
                    manifest.meta_data.push(MetaData { name, value });
                }
                continue;
            }
            "activity" => ComponentKind::Activity,
            "activity-alias" => ComponentKind::ActivityAlias,
            "service" => ComponentKind::Service,
            "receiver" => ComponentKind::Receiver,
            "provider" => ComponentKind::Provider,
            _ => continue,
        };
        if let Some(name) = android_value(child, "name", attr::NAME).filter(|n| !n.is_empty()) {
            manifest.components.push(Component {
                kind,
                name: class_name(package, name),
            });
        }
    }
}

/// Resolves a component class name against the package the way Android's `buildClassName`
/// does: `.Foo` becomes `package.Foo`, a name without any dot becomes `package.Foo`, anything
/// else is already qualified. Without a package the name is kept as written.
pub fn class_name(package: Option<&str>, name: String) -> String {
    match package {
        Some(package) if name.starts_with('.') => format!("{package}{name}"),
        Some(package) if !name.contains('.') => format!("{package}.{name}"),
        _ => name,
    }
}

/// An Android attribute rendered as text (see [`render`]).
fn android_value(element: &XmlElement, name: &str, resource_id: u32) -> Option<String> {
    element
        .android_attr(name, resource_id)
        .map(|a| render(&a.value))
}

/// `minSdkVersion` / `targetSdkVersion`: a number, or a preview codename.
fn sdk_version(
    element: &XmlElement,
    name: &str,
    resource_id: u32,
) -> (Option<u32>, Option<String>) {
    match element.android_attr(name, resource_id).map(|a| &a.value) {
        None => (None, None),
        Some(value) => match as_u32(value) {
            Some(n) => (Some(n), None),
            None => (None, Some(render(value)).filter(|s| !s.is_empty())),
        },
    }
}

/// A non-negative integer value: typed (binary) or decimal text.
fn as_u32(value: &AttrValue) -> Option<u32> {
    match value {
        AttrValue::Int(n) => u32::try_from(*n).ok(),
        AttrValue::Hex(n) => Some(*n),
        AttrValue::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Renders a value as text, the rule [`MetaData::value`] documents: strings as is, booleans
/// `true`/`false`, integers (decimal or hex in the binary) in decimal, floats as Rust prints
/// them, references `@0x7f0c001b`, colors `#aarrggbb`, any other typed value `0x` and its data.
pub fn render(value: &AttrValue) -> String {
    match value {
        AttrValue::String(s) => s.clone(),
        AttrValue::Int(n) => n.to_string(),
        AttrValue::Hex(n) => n.to_string(),
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Reference(id) => format!("@0x{id:08x}"),
        AttrValue::Float(f) => f.to_string(),
        AttrValue::Other {
            data_type: 0x1c..=0x1f,
            data,
        } => format!("#{data:08x}"),
        AttrValue::Other { data, .. } => format!("0x{data:08x}"),
    }
}
