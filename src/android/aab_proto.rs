//! Protocol-buffer files of Android App Bundles and bundletool split sets.
//!
//! # The formats
//! - `base/manifest/AndroidManifest.xml` and every `<module>/manifest/AndroidManifest.xml` of an AAB
//!   hold aapt2's `XmlNode` message (`aapt.pb`, `frameworks/base/tools/aapt2/Resources.proto`),
//!   written by `aapt2 link --proto-format`. Attributes keep their source text (`value`) and, when
//!   aapt2 compiled them, a typed `compiled_item` (`Item`: `Reference`, `String`, `RawString`,
//!   `Primitive` with `boolean_value`, `int_decimal_value`, `int_hexadecimal_value`, …) and the
//!   framework `resource_id` of the attribute.
//! - `<module>/resources.pb` holds `ResourceTable` from the same file: packages → types → entries →
//!   one `ConfigValue` per configuration (`Configuration.locale` from `Configuration.proto`, a
//!   BCP-47 tag such as `pt-BR`).
//! - `BUNDLE-METADATA/com.android.tools.build.libraries/dependencies.pb` holds bundletool's
//!   `AppDependencies` (`android.bundle`, `app_dependencies.proto`): every library with its Maven
//!   coordinates, the library graph and each module's direct dependencies. The Android Gradle
//!   plugin writes it into every release AAB unless `includeInBundle` is turned off.
//! - `toc.pb` at the root of an `.apks` holds bundletool's `BuildApksResult` (`commands.proto`):
//!   variants → one `ApkSet` per module → `ApkDescription { path, split_apk_metadata }`.
//!
//! # Why prost and declared messages
//! Protobuf's wire format is simple but its tolerance rules (unknown fields, packed and unpacked
//! repeated scalars, last-one-wins for singular fields, merging of repeated sub-messages) are easy to
//! get subtly wrong; `prost` implements them and is the Rust ecosystem's standard. The messages are
//! declared here with `#[derive(prost::Message)]` and the published field numbers, **only the
//! fields sdklint reads**: decoding skips every other field without allocating, building sdklint
//! needs no `protoc`, and no third-party `.proto` file is copied into the repository.
//!
//! # Limits
//! prost checks every length prefix against the bytes that remain before it allocates, and stops at
//! 100 levels of message nesting (an `XmlNode` → `XmlElement` → `XmlNode` chain of about 50
//! elements), so hostile input ends in a [`ProtoError`], never a stack overflow. Decoded messages
//! are larger than their encoding (an empty `XmlNode` is 2 bytes on the wire and about 130 in
//! memory), so each file is size-checked first against the `MAX_*_BYTES` constants below, which
//! are far above what real builds write (a large app's proto manifest is a few hundred KiB, its
//! `resources.pb` a few MiB).
//!
//! # Producer quirks tolerated
//! aapt2 leaves some attributes uncompiled (`package`, `split`, and every attribute outside the
//! Android namespace, such as `dist:*`): those are read from their `value` text. Text nodes are
//! dropped, as in the binary XML reader.

use prost::Message;
use thiserror::Error;

use super::xml::{AttrValue, MAX_ELEMENT_DEPTH, XmlAttribute, XmlElement};

/// Largest proto manifest accepted (real ones stay below 1 MiB).
pub const MAX_MANIFEST_BYTES: usize = 4 << 20;
/// Largest `resources.pb` accepted (real ones stay below 50 MiB).
pub const MAX_RESOURCES_BYTES: usize = 128 << 20;
/// Largest `dependencies.pb` or `toc.pb` accepted (real ones are a few KiB to a few hundred KiB).
pub const MAX_METADATA_BYTES: usize = 16 << 20;

/// Why a protobuf file could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ProtoError {
    #[error("{what}: {len} bytes, more than the limit of {limit}")]
    TooLarge {
        what: &'static str,
        len: usize,
        limit: usize,
    },
    #[error("{what}: not a valid protobuf message: {message}")]
    Decode { what: &'static str, message: String },
    #[error("proto manifest: the root node is not an element")]
    NoRootElement,
    #[error("proto manifest: elements nest deeper than {MAX_ELEMENT_DEPTH}")]
    TooDeep,
}

fn decode<M: Message + Default>(
    what: &'static str,
    bytes: &[u8],
    limit: usize,
) -> Result<M, ProtoError> {
    if bytes.len() > limit {
        return Err(ProtoError::TooLarge {
            what,
            len: bytes.len(),
            limit,
        });
    }
    M::decode(bytes).map_err(|err| ProtoError::Decode {
        what,
        message: err.to_string(),
    })
}

// ---------------------------------------------------------------------------------------------
// aapt.pb (Resources.proto, Configuration.proto)

/// `aapt.pb.XmlNode`.
#[derive(Clone, PartialEq, Message)]
pub struct XmlNode {
    #[prost(oneof = "xml_node::Node", tags = "1, 2")]
    pub node: Option<xml_node::Node>,
}

pub mod xml_node {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Node {
        #[prost(message, tag = "1")]
        Element(super::XmlElementProto),
        #[prost(string, tag = "2")]
        Text(String),
    }
}

/// `aapt.pb.XmlElement` (namespace declarations, field 1, are not read).
#[derive(Clone, PartialEq, Message)]
pub struct XmlElementProto {
    #[prost(string, tag = "2")]
    pub namespace_uri: String,
    #[prost(string, tag = "3")]
    pub name: String,
    #[prost(message, repeated, tag = "4")]
    pub attribute: Vec<XmlAttributeProto>,
    #[prost(message, repeated, tag = "5")]
    pub child: Vec<XmlNode>,
}

/// `aapt.pb.XmlAttribute` (source position, field 4, is not read).
#[derive(Clone, PartialEq, Message)]
pub struct XmlAttributeProto {
    #[prost(string, tag = "1")]
    pub namespace_uri: String,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub value: String,
    #[prost(uint32, tag = "5")]
    pub resource_id: u32,
    #[prost(message, optional, tag = "6")]
    pub compiled_item: Option<Item>,
}

/// `aapt.pb.Item`: a compiled value.
#[derive(Clone, PartialEq, Message)]
pub struct Item {
    #[prost(oneof = "item::Value", tags = "1, 2, 3, 4, 7")]
    pub value: Option<item::Value>,
}

pub mod item {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Value {
        #[prost(message, tag = "1")]
        Ref(super::Reference),
        #[prost(message, tag = "2")]
        Str(super::StringValue),
        #[prost(message, tag = "3")]
        RawStr(super::StringValue),
        #[prost(message, tag = "4")]
        StyledStr(super::StringValue),
        #[prost(message, tag = "7")]
        Prim(super::Primitive),
    }
}

/// `aapt.pb.Reference` (`type` 0 reference, 1 attribute; `id` the resource id).
#[derive(Clone, PartialEq, Message)]
pub struct Reference {
    #[prost(uint32, tag = "2")]
    pub id: u32,
    #[prost(string, tag = "3")]
    pub name: String,
}

/// `aapt.pb.String`, `aapt.pb.RawString` and `aapt.pb.StyledString`: `value` is field 1 in all three.
#[derive(Clone, PartialEq, Message)]
pub struct StringValue {
    #[prost(string, tag = "1")]
    pub value: String,
}

/// `aapt.pb.Primitive`.
#[derive(Clone, PartialEq, Message)]
pub struct Primitive {
    #[prost(
        oneof = "primitive::Value",
        tags = "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14"
    )]
    pub value: Option<primitive::Value>,
}

pub mod primitive {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Value {
        #[prost(message, tag = "1")]
        Null(super::Empty),
        #[prost(message, tag = "2")]
        Empty(super::Empty),
        #[prost(float, tag = "3")]
        Float(f32),
        #[prost(float, tag = "4")]
        DimensionDeprecated(f32),
        #[prost(float, tag = "5")]
        FractionDeprecated(f32),
        #[prost(int32, tag = "6")]
        IntDecimal(i32),
        #[prost(uint32, tag = "7")]
        IntHexadecimal(u32),
        #[prost(bool, tag = "8")]
        Boolean(bool),
        #[prost(uint32, tag = "9")]
        ColorArgb8(u32),
        #[prost(uint32, tag = "10")]
        ColorRgb8(u32),
        #[prost(uint32, tag = "11")]
        ColorArgb4(u32),
        #[prost(uint32, tag = "12")]
        ColorRgb4(u32),
        #[prost(uint32, tag = "13")]
        Dimension(u32),
        #[prost(uint32, tag = "14")]
        Fraction(u32),
    }
}

/// An empty message (`Primitive.NullType`, `Primitive.EmptyType`).
#[derive(Clone, PartialEq, Message)]
pub struct Empty {}

/// `aapt.pb.ResourceTable` (only `package`, field 2).
#[derive(Clone, PartialEq, Message)]
pub struct ResourceTable {
    #[prost(message, repeated, tag = "2")]
    pub package: Vec<Package>,
}

/// `aapt.pb.Package`.
#[derive(Clone, PartialEq, Message)]
pub struct Package {
    #[prost(string, tag = "2")]
    pub package_name: String,
    #[prost(message, repeated, tag = "3")]
    pub r#type: Vec<ResType>,
}

/// `aapt.pb.Type`.
#[derive(Clone, PartialEq, Message)]
pub struct ResType {
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(message, repeated, tag = "3")]
    pub entry: Vec<Entry>,
}

/// `aapt.pb.Entry`.
#[derive(Clone, PartialEq, Message)]
pub struct Entry {
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(message, repeated, tag = "6")]
    pub config_value: Vec<ConfigValue>,
}

/// `aapt.pb.ConfigValue`.
#[derive(Clone, PartialEq, Message)]
pub struct ConfigValue {
    #[prost(message, optional, tag = "1")]
    pub config: Option<Configuration>,
    #[prost(message, optional, tag = "2")]
    pub value: Option<Value>,
}

/// `aapt.pb.Configuration` (only `locale`, field 3).
#[derive(Clone, PartialEq, Message)]
pub struct Configuration {
    #[prost(string, tag = "3")]
    pub locale: String,
}

/// `aapt.pb.Value` (only `item`, field 4; compound values are not strings).
#[derive(Clone, PartialEq, Message)]
pub struct Value {
    #[prost(message, optional, tag = "4")]
    pub item: Option<Item>,
}

// ---------------------------------------------------------------------------------------------
// android.bundle (bundletool: app_dependencies.proto, commands.proto)

/// `android.bundle.AppDependencies`.
#[derive(Clone, PartialEq, Message)]
pub struct AppDependencies {
    #[prost(message, repeated, tag = "1")]
    pub library: Vec<Library>,
    #[prost(message, repeated, tag = "2")]
    pub library_dependencies: Vec<LibraryDependencies>,
    #[prost(message, repeated, tag = "3")]
    pub module_dependencies: Vec<ModuleDependencies>,
}

/// `android.bundle.Library` (only `maven_library`, field 1 of the `library_oneof`).
#[derive(Clone, PartialEq, Message)]
pub struct Library {
    #[prost(message, optional, tag = "1")]
    pub maven_library: Option<MavenLibrary>,
}

/// `android.bundle.MavenLibrary`.
#[derive(Clone, PartialEq, Message)]
pub struct MavenLibrary {
    #[prost(string, optional, tag = "1")]
    pub group_id: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub artifact_id: Option<String>,
    #[prost(string, optional, tag = "3")]
    pub packaging: Option<String>,
    #[prost(string, optional, tag = "4")]
    pub classifier: Option<String>,
    #[prost(string, optional, tag = "5")]
    pub version: Option<String>,
}

/// `android.bundle.LibraryDependencies`.
#[derive(Clone, PartialEq, Message)]
pub struct LibraryDependencies {
    #[prost(int32, optional, tag = "1")]
    pub library_index: Option<i32>,
    #[prost(int32, repeated, packed = "false", tag = "2")]
    pub library_dep_index: Vec<i32>,
}

/// `android.bundle.ModuleDependencies`.
#[derive(Clone, PartialEq, Message)]
pub struct ModuleDependencies {
    #[prost(string, optional, tag = "1")]
    pub module_name: Option<String>,
    #[prost(int32, repeated, packed = "false", tag = "2")]
    pub dependency_index: Vec<i32>,
}

/// `android.bundle.BuildApksResult` (`toc.pb`).
#[derive(Clone, PartialEq, Message)]
pub struct BuildApksResult {
    #[prost(message, repeated, tag = "1")]
    pub variant: Vec<Variant>,
    #[prost(string, tag = "4")]
    pub package_name: String,
}

/// `android.bundle.Variant`.
#[derive(Clone, PartialEq, Message)]
pub struct Variant {
    #[prost(message, repeated, tag = "2")]
    pub apk_set: Vec<ApkSet>,
    #[prost(uint32, tag = "3")]
    pub variant_number: u32,
}

/// `android.bundle.ApkSet`.
#[derive(Clone, PartialEq, Message)]
pub struct ApkSet {
    #[prost(message, optional, tag = "1")]
    pub module_metadata: Option<ModuleMetadata>,
    #[prost(message, repeated, tag = "2")]
    pub apk_description: Vec<ApkDescription>,
}

/// `android.bundle.ModuleMetadata`.
#[derive(Clone, PartialEq, Message)]
pub struct ModuleMetadata {
    #[prost(string, tag = "1")]
    pub name: String,
}

/// `android.bundle.ApkDescription`.
#[derive(Clone, PartialEq, Message)]
pub struct ApkDescription {
    #[prost(string, tag = "2")]
    pub path: String,
    #[prost(message, optional, tag = "3")]
    pub split_apk_metadata: Option<SplitApkMetadata>,
}

/// `android.bundle.SplitApkMetadata`.
#[derive(Clone, PartialEq, Message)]
pub struct SplitApkMetadata {
    #[prost(string, tag = "1")]
    pub split_id: String,
    #[prost(bool, tag = "2")]
    pub is_master_split: bool,
}

// ---------------------------------------------------------------------------------------------
// Readers

/// Decode a proto manifest (`XmlNode`) into the XML model the binary and text readers share, so
/// that [`Manifest::from_xml`](super::manifest::Manifest::from_xml) reads all three forms alike.
pub fn parse_xml(bytes: &[u8]) -> Result<XmlElement, ProtoError> {
    let node: XmlNode = decode("proto manifest", bytes, MAX_MANIFEST_BYTES)?;
    match node.node {
        Some(xml_node::Node::Element(element)) => convert_element(element, 1),
        _ => Err(ProtoError::NoRootElement),
    }
}

fn convert_element(element: XmlElementProto, depth: usize) -> Result<XmlElement, ProtoError> {
    if depth > MAX_ELEMENT_DEPTH {
        return Err(ProtoError::TooDeep);
    }
    let mut children = Vec::new();
    for child in element.child {
        if let Some(xml_node::Node::Element(child)) = child.node {
            children.push(convert_element(child, depth + 1)?);
        }
    }
    Ok(XmlElement {
        namespace: non_empty(element.namespace_uri),
        name: element.name,
        attributes: element.attribute.into_iter().map(convert_attr).collect(),
        children,
    })
}

fn convert_attr(attr: XmlAttributeProto) -> XmlAttribute {
    use primitive::Value as P;
    let value = match attr.compiled_item.and_then(|item| item.value) {
        Some(item::Value::Ref(r)) => AttrValue::Reference(r.id),
        Some(item::Value::Str(s) | item::Value::RawStr(s) | item::Value::StyledStr(s)) => {
            AttrValue::String(s.value)
        }
        Some(item::Value::Prim(p)) => match p.value {
            Some(P::Boolean(b)) => AttrValue::Bool(b),
            Some(P::IntDecimal(n)) => AttrValue::Int(n),
            Some(P::IntHexadecimal(n)) => AttrValue::Hex(n),
            Some(P::Float(f)) => AttrValue::Float(f),
            // Res_value types: TYPE_NULL 0x00 (data 0 undefined, 1 empty), TYPE_DIMENSION 0x05,
            // TYPE_FRACTION 0x06, TYPE_INT_COLOR_ARGB8 0x1c, RGB8 0x1d, ARGB4 0x1e, RGB4 0x1f.
            Some(P::Null(_)) => AttrValue::Other {
                data_type: 0x00,
                data: 0,
            },
            Some(P::Empty(_)) => AttrValue::Other {
                data_type: 0x00,
                data: 1,
            },
            Some(P::Dimension(data)) => AttrValue::Other {
                data_type: 0x05,
                data,
            },
            Some(P::Fraction(data)) => AttrValue::Other {
                data_type: 0x06,
                data,
            },
            Some(P::DimensionDeprecated(f) | P::FractionDeprecated(f)) => AttrValue::Float(f),
            Some(P::ColorArgb8(data)) => AttrValue::Other {
                data_type: 0x1c,
                data,
            },
            Some(P::ColorRgb8(data)) => AttrValue::Other {
                data_type: 0x1d,
                data,
            },
            Some(P::ColorArgb4(data)) => AttrValue::Other {
                data_type: 0x1e,
                data,
            },
            Some(P::ColorRgb4(data)) => AttrValue::Other {
                data_type: 0x1f,
                data,
            },
            None => AttrValue::String(attr.value),
        },
        None => AttrValue::String(attr.value),
    };
    XmlAttribute {
        namespace: non_empty(attr.namespace_uri),
        name: attr.name,
        resource_id: (attr.resource_id != 0).then_some(attr.resource_id),
        value,
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// One string resource of a `resources.pb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtoString {
    /// Entry name (`app_name`).
    pub name: String,
    /// BCP-47 locale as aapt2 writes it (`fr`, `pt-BR`), empty for the default configuration.
    pub locale: String,
    pub value: String,
}

/// Every `string` resource value of a `resources.pb`, in table order (packages, entries, configs).
pub fn string_resources(bytes: &[u8]) -> Result<Vec<ProtoString>, ProtoError> {
    let table: ResourceTable = decode("resources.pb", bytes, MAX_RESOURCES_BYTES)?;
    let mut out = Vec::new();
    for package in table.package {
        for ty in package.r#type.into_iter().filter(|t| t.name == "string") {
            for entry in ty.entry {
                for cv in entry.config_value {
                    let value = match cv.value.and_then(|v| v.item).and_then(|i| i.value) {
                        Some(
                            item::Value::Str(s)
                            | item::Value::RawStr(s)
                            | item::Value::StyledStr(s),
                        ) => s.value,
                        _ => continue,
                    };
                    out.push(ProtoString {
                        name: entry.name.clone(),
                        locale: cv.config.map(|c| c.locale).unwrap_or_default(),
                        value,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Decode `dependencies.pb`.
pub fn app_dependencies(bytes: &[u8]) -> Result<AppDependencies, ProtoError> {
    decode("dependencies.pb", bytes, MAX_METADATA_BYTES)
}

/// Decode `toc.pb`.
pub fn build_apks_result(bytes: &[u8]) -> Result<BuildApksResult, ProtoError> {
    decode("toc.pb", bytes, MAX_METADATA_BYTES)
}

/// A BCP-47 locale (`pt-BR`, `b+sr+Latn` stays as is) in the resource-qualifier form the
/// [`StringResource`](crate::facts::resources::StringResource) facts use (`pt-rBR`).
pub fn locale_qualifier(bcp47: &str) -> String {
    match bcp47.split_once('-') {
        Some((lang, region))
            if (2..=3).contains(&lang.len())
                && region.len() == 2
                && region.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            format!("{lang}-r{}", region.to_ascii_uppercase())
        }
        Some((lang, rest)) => format!("b+{lang}+{}", rest.replace('-', "+")),
        None => bcp47.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(name: &str, attrs: Vec<XmlAttributeProto>, children: Vec<XmlNode>) -> XmlNode {
        XmlNode {
            node: Some(xml_node::Node::Element(XmlElementProto {
                namespace_uri: String::new(),
                name: name.into(),
                attribute: attrs,
                child: children,
            })),
        }
    }

    #[test]
    fn typed_attributes_convert() {
        let attr = |name: &str, id: u32, prim: primitive::Value| XmlAttributeProto {
            namespace_uri: super::super::xml::ANDROID_NS.into(),
            name: name.into(),
            value: "text".into(),
            resource_id: id,
            compiled_item: Some(Item {
                value: Some(item::Value::Prim(Primitive { value: Some(prim) })),
            }),
        };
        let node = element(
            "manifest",
            vec![
                attr("versionCode", 0x0101_021b, primitive::Value::IntDecimal(42)),
                attr("exported", 0x0101_0010, primitive::Value::Boolean(true)),
                attr("x", 0, primitive::Value::IntHexadecimal(0x10)),
            ],
            vec![XmlNode {
                node: Some(xml_node::Node::Text("ignored".into())),
            }],
        );
        let root = parse_xml(&node.encode_to_vec()).unwrap();
        assert_eq!(root.name, "manifest");
        assert!(root.children.is_empty());
        let values: Vec<_> = root.attributes.iter().map(|a| a.value.clone()).collect();
        assert_eq!(
            values,
            [
                AttrValue::Int(42),
                AttrValue::Bool(true),
                AttrValue::Hex(16)
            ]
        );
        assert_eq!(root.attributes[2].resource_id, None);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut node = element("leaf", vec![], vec![]);
        for _ in 0..200 {
            node = element("e", vec![], vec![node]);
        }
        assert!(matches!(
            parse_xml(&node.encode_to_vec()),
            Err(ProtoError::Decode { .. } | ProtoError::TooDeep)
        ));
    }

    #[test]
    fn locales_become_qualifiers() {
        assert_eq!(locale_qualifier(""), "");
        assert_eq!(locale_qualifier("fr"), "fr");
        assert_eq!(locale_qualifier("pt-BR"), "pt-rBR");
        assert_eq!(locale_qualifier("sr-Latn"), "b+sr+Latn");
    }
}
