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
    Other {
        data_type: u8,
        data: u32,
    },
}

/// The deepest element nesting either parser accepts (a real manifest nests about six deep:
/// `manifest/application/activity/intent-filter/data`). Deeper input is an error, not a stack
/// overflow or an unbounded allocation.
pub const MAX_ELEMENT_DEPTH: usize = 128;

/// Framework attribute resource ids (`android:attr/*`, package 0x01) that sdklint reads or that
/// commonly appear in manifests. The ids are part of the public platform API and never change.
pub mod attr {
    pub const THEME: u32 = 0x0101_0000;
    pub const LABEL: u32 = 0x0101_0001;
    pub const ICON: u32 = 0x0101_0002;
    pub const NAME: u32 = 0x0101_0003;
    pub const PERMISSION: u32 = 0x0101_0006;
    pub const DEBUGGABLE: u32 = 0x0101_000f;
    pub const ENABLED: u32 = 0x0101_000e;
    pub const EXPORTED: u32 = 0x0101_0010;
    pub const PROCESS: u32 = 0x0101_0011;
    pub const AUTHORITIES: u32 = 0x0101_0018;
    pub const VALUE: u32 = 0x0101_0024;
    pub const RESOURCE: u32 = 0x0101_0025;
    pub const SCHEME: u32 = 0x0101_0027;
    pub const HOST: u32 = 0x0101_0028;
    pub const TARGET_ACTIVITY: u32 = 0x0101_0202;
    pub const MIN_SDK_VERSION: u32 = 0x0101_020c;
    pub const VERSION_CODE: u32 = 0x0101_021b;
    pub const VERSION_NAME: u32 = 0x0101_021c;
    pub const TARGET_SDK_VERSION: u32 = 0x0101_0270;
    pub const MAX_SDK_VERSION: u32 = 0x0101_0271;
    pub const ALLOW_BACKUP: u32 = 0x0101_0280;
    pub const REQUIRED: u32 = 0x0101_028e;
    pub const USES_CLEARTEXT_TRAFFIC: u32 = 0x0101_04ec;
    pub const NETWORK_SECURITY_CONFIG: u32 = 0x0101_0527;
    pub const COMPILE_SDK_VERSION: u32 = 0x0101_0572;
    pub const COMPILE_SDK_VERSION_CODENAME: u32 = 0x0101_0573;
}

/// `(resource id, attribute name)` for the framework attributes in [`attr`], sorted by id, so a
/// binary attribute whose name string is empty or obfuscated can still be named.
pub const FRAMEWORK_ATTRS: &[(u32, &str)] = &[
    (attr::THEME, "theme"),
    (attr::LABEL, "label"),
    (attr::ICON, "icon"),
    (attr::NAME, "name"),
    (attr::PERMISSION, "permission"),
    (attr::ENABLED, "enabled"),
    (attr::DEBUGGABLE, "debuggable"),
    (attr::EXPORTED, "exported"),
    (attr::PROCESS, "process"),
    (attr::AUTHORITIES, "authorities"),
    (attr::VALUE, "value"),
    (attr::RESOURCE, "resource"),
    (attr::SCHEME, "scheme"),
    (attr::HOST, "host"),
    (attr::TARGET_ACTIVITY, "targetActivity"),
    (attr::MIN_SDK_VERSION, "minSdkVersion"),
    (attr::VERSION_CODE, "versionCode"),
    (attr::VERSION_NAME, "versionName"),
    (attr::TARGET_SDK_VERSION, "targetSdkVersion"),
    (attr::MAX_SDK_VERSION, "maxSdkVersion"),
    (attr::ALLOW_BACKUP, "allowBackup"),
    (attr::REQUIRED, "required"),
    (attr::USES_CLEARTEXT_TRAFFIC, "usesCleartextTraffic"),
    (attr::NETWORK_SECURITY_CONFIG, "networkSecurityConfig"),
    (attr::COMPILE_SDK_VERSION, "compileSdkVersion"),
    (
        attr::COMPILE_SDK_VERSION_CODENAME,
        "compileSdkVersionCodename",
    ),
];

/// The name of a framework attribute known to [`FRAMEWORK_ATTRS`].
pub fn framework_attr_name(resource_id: u32) -> Option<&'static str> {
    FRAMEWORK_ATTRS
        .binary_search_by_key(&resource_id, |&(id, _)| id)
        .ok()
        .map(|i| FRAMEWORK_ATTRS[i].1)
}

impl XmlElement {
    /// The attribute Android itself would read as `android:<name>`: matched by its framework
    /// resource id when the attribute carries one (binary XML; this is how the platform looks
    /// attributes up, so it survives blanked or obfuscated names), otherwise by the Android
    /// namespace and local name (text XML).
    pub fn android_attr(&self, name: &str, resource_id: u32) -> Option<&XmlAttribute> {
        self.attributes
            .iter()
            .find(|a| a.resource_id == Some(resource_id))
            .or_else(|| {
                self.attributes.iter().find(|a| {
                    a.resource_id.is_none()
                        && a.name == name
                        && a.namespace.as_deref() == Some(ANDROID_NS)
                })
            })
    }

    /// An attribute without a namespace, such as `package` on `<manifest>`.
    pub fn plain_attr(&self, name: &str) -> Option<&XmlAttribute> {
        self.attributes
            .iter()
            .find(|a| a.namespace.is_none() && a.name == name)
    }

    /// Child elements with this local name, in document order.
    pub fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a XmlElement> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}
