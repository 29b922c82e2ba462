//! The XML tree shared by the binary (AXML) and text manifest parsers.
//!
//! Both `axml::parse` and `text_xml::parse` produce this model, so the typed manifest
//! (`manifest.rs`) is built once from either form.

use serde::Serialize;

/// The Android resource namespace URI.
pub const ANDROID_NS: &str = "http://schemas.android.com/apk/res/android";

/// One element with its attributes and child elements (text nodes are dropped: manifests carry none
/// that matter).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct XmlElement {
    /// Namespace URI of the element name, if any.
    pub namespace: Option<String>,
    /// Local name, e.g. `uses-permission`.
    pub name: String,
    pub attributes: Vec<XmlAttribute>,
    pub children: Vec<XmlElement>,
}

/// One attribute. In binary XML an attribute may be named only by its resource id (the name string
/// can be empty or obfuscated); `resource_id` keeps that id so lookups can match on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct XmlAttribute {
    /// Namespace URI, e.g. [`ANDROID_NS`].
    pub namespace: Option<String>,
    /// Local name, e.g. `name`.
    pub name: String,
    /// The framework resource id of the attribute (`0x01010003` for `android:name`) when known.
    pub resource_id: Option<u32>,
    pub value: AttrValue,
}

/// A typed attribute value, as binary XML stores it (`Res_value`); text XML yields `String` and
/// lets the typed manifest interpret it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum AttrValue {
    String(String),
    /// `TYPE_INT_DEC`.
    Int(i32),
    /// `TYPE_INT_HEX`.
    Hex(u32),
    Bool(bool),
    /// `TYPE_REFERENCE` / `TYPE_ATTRIBUTE`: a resource id such as `0x7f0c001b`.
    Reference(u32),
    Float(f32),
    /// Any other `Res_value` type, kept raw.
    Other { data_type: u8, data: u32 },
}
