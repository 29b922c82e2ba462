//! The `android.version_strings` and `ios.version_strings` templates of an SDK file and their
//! rules (see `inventory::version` and `inventory::ios_version` for where versions come from).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{DbError, SdkDef};
use crate::inventory::signature::check_java_name;

/// The placeholder a template must contain once.
pub const PLACEHOLDER: &str = "{version}";

/// A template without `class` needs at least this many literal characters around `{version}`.
const MIN_UNANCHORED_LITERAL: usize = 6;

/// Where an SDK keeps its version as a string constant (`[android] version_strings`,
/// `[ios] version_strings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionString {
    /// The whole string with `{version}` where the version is: `android{version}`.
    pub template: String,
    /// The class whose code must hold the string: on Android the DEX file that defines it (Java
    /// name, `com.adjust.sdk.Constants`); on iOS the Mach-O image, or the object file of a static
    /// library, that defines it (Objective-C name, `ADJUtil`). A bare `{version}` (a
    /// `BuildConfig.VERSION_NAME`, `SDK_VERSION` or `kGAIVersion` constant) needs it, and is read
    /// only from that class's own class file (a `.jar` or `.aar`, never a DEX file, where any
    /// version-like string of any class would match) or, on iOS, its own object file.
    #[serde(default)]
    pub class: Option<String>,
    /// iOS only, instead of `class`: an exported symbol of the SDK's own `[ios] symbols` whose
    /// object file (of a static library) must hold the string, for a version kept in a file
    /// that defines no class (`APDDefines.o` exports `_APDSdkVersionString` and holds Appodeal's
    /// bare `"3.10.0"`). Like `class`, a bare `{version}` is then read only from that object file.
    #[serde(default)]
    pub symbol: Option<String>,
    /// How the version is written where `{version}` stands: dotted (`4.38.0`, the default) or
    /// packed.
    #[serde(default, skip_serializing_if = "VersionFormat::is_dotted")]
    pub format: VersionFormat,
}

/// How a version string writes the version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionFormat {
    /// Dot-separated numbers: `4.38.0`.
    #[default]
    Dotted,
    /// Two digits a part and no dots, three or four parts: OneSignal's `ONESIGNAL_VERSION`
    /// (iOS) and `OneSignal.VERSION` (Android) write 2.9.4 as `"020904"` and 3.4.0 as
    /// `"030400"`. Read as dotted numbers without their leading zeros.
    Packed,
}

impl VersionFormat {
    fn is_dotted(&self) -> bool {
        *self == VersionFormat::Dotted
    }
}

impl VersionString {
    fn parts(&self) -> (&str, &str) {
        self.template
            .split_once(PLACEHOLDER)
            .unwrap_or((&self.template, ""))
    }

    /// The template is `{version}` alone: only the class's own constant pool may hold it.
    pub fn is_bare(&self) -> bool {
        self.template == PLACEHOLDER
    }

    /// The version in `value` if `value` is this template with a version in place of
    /// `{version}`, dotted (a packed version is unpacked: `"020904"` gives `2.9.4`).
    pub fn extract<'v>(&self, value: &'v str) -> Option<Cow<'v, str>> {
        let (prefix, suffix) = self.parts();
        let version = value.strip_prefix(prefix)?.strip_suffix(suffix)?;
        match self.format {
            VersionFormat::Dotted => is_version(version).then_some(Cow::Borrowed(version)),
            VersionFormat::Packed => unpack(version).map(Cow::Owned),
        }
    }
}

/// `"020904"` → `2.9.4`: six or eight ASCII digits, two a part.
fn unpack(packed: &str) -> Option<String> {
    let bytes = packed.as_bytes();
    if !matches!(bytes.len(), 6 | 8) || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let parts: Vec<String> = bytes
        .chunks(2)
        .map(|pair| u32::from((pair[0] - b'0') * 10 + (pair[1] - b'0')).to_string())
        .collect();
    Some(parts.join("."))
}

/// Two to four dot-separated runs of ASCII digits, each at most 9 digits long.
pub fn is_version(s: &str) -> bool {
    let parts = s.split('.');
    let count = parts.clone().count();
    (2..=4).contains(&count)
        && parts
            .into_iter()
            .all(|p| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `android.version_strings`: one `{version}` per template, enough literal text, a well-formed
/// class, each template listed once.
pub(crate) fn validate(file: &str, def: &SdkDef) -> Result<(), DbError> {
    let list = &def.android.version_strings;
    if let Some(i) = list.iter().position(|h| h.symbol.is_some()) {
        return Err(DbError::invalid(
            file,
            format!("android.version_strings[{i}]"),
            "`symbol` is for iOS only: give the class whose constant it is".to_string(),
        ));
    }
    validate_list(file, "android", list, check_java_name)
}

/// `ios.version_strings`: the Android rules, with an Objective-C class name for `class`. A
/// template that is only `{version}` is matched only inside the one object file (of a static
/// library) that defines the class, the vendor's own compilation unit (`AFSDKChecksum.o` holds
/// AppsFlyer 4.x's bare `"4.8.10"`). `symbol` anchors like `class` and must be one of the SDK's
/// `[ios] symbols` (so that its object file is the SDK's own code); not both.
pub(crate) fn validate_ios(
    file: &str,
    list: &[VersionString],
    symbols: &[String],
) -> Result<(), DbError> {
    for (i, hint) in list.iter().enumerate() {
        let Some(symbol) = &hint.symbol else { continue };
        let key = format!("ios.version_strings[{i}]");
        if hint.class.is_some() {
            return Err(DbError::invalid(
                file,
                &key,
                "give `class` or `symbol`, not both".to_string(),
            ));
        }
        if !symbols.contains(symbol) {
            return Err(DbError::invalid(
                file,
                &key,
                format!("`{symbol}` is not one of this SDK's `[ios] symbols`"),
            ));
        }
    }
    validate_list(file, "ios", list, |class| {
        if super::ios::is_identifier(class) {
            Ok(())
        } else {
            Err(format!("`{class}` is not an Objective-C class name"))
        }
    })
}

fn validate_list(
    file: &str,
    table: &str,
    list: &[VersionString],
    check_class: impl Fn(&str) -> Result<(), String>,
) -> Result<(), DbError> {
    for (i, hint) in list.iter().enumerate() {
        let key = format!("{table}.version_strings[{i}]");
        let invalid = |message: String| Err(DbError::invalid(file, &key, message));
        let template = &hint.template;
        if template.matches(PLACEHOLDER).count() != 1 {
            return invalid(format!("`{template}` must contain `{PLACEHOLDER}` once"));
        }
        let literal = template.len() - PLACEHOLDER.len();
        if literal == 0 && hint.class.is_none() && hint.symbol.is_none() {
            return invalid(format!(
                "`{template}` is only the version: give the text around it, or the class whose \
                 constant it is"
            ));
        }
        match &hint.class {
            Some(class) => check_class(class).or_else(&invalid)?,
            None if hint.symbol.is_some() => {}
            None if literal < MIN_UNANCHORED_LITERAL => {
                return invalid(format!(
                    "`{template}` is too generic without `class`: give the class that holds it \
                     or at least {MIN_UNANCHORED_LITERAL} characters around `{PLACEHOLDER}`"
                ));
            }
            None => {}
        }
        if hint.format == VersionFormat::Packed && hint.class.is_none() {
            return invalid(format!(
                "`{template}` is packed digits: give the class whose constant it is"
            ));
        }
        if list[..i].contains(hint) {
            return invalid(format!("`{template}` is listed twice"));
        }
    }
    Ok(())
}
