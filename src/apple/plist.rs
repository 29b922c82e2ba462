//! Property lists: Apple's serialisation of dictionaries, arrays, strings, numbers, booleans,
//! dates and data, in three encodings.
//!
//! - binary (`bplist00` magic): CoreFoundation's format, what Xcode writes for an app's
//!   `Info.plist` and `InfoPlist.strings` (documented in Apple's open-source `CFBinaryPList.c`);
//! - XML (`<plist version="1.0">`, DTD `PropertyList-1.0.dtd`): what privacy manifests,
//!   entitlements and provisioning profiles use;
//! - ASCII / OpenStep (`{ key = value; }`), still accepted by `plutil`.
//!
//! Decoding is done by the [`plist`] crate (well kept, used by cargo-bundle and tauri; it handles
//! all three encodings, binary object-reference cycles and offsets past the end). sdklint does not
//! use its `Value` tree: that is built without a nesting bound and dropped recursively, so a
//! hostile plist nested a million levels deep would overflow the stack. Instead the crate's event
//! stream is folded here into a [`PlistValue`] with explicit limits ([`PlistLimits`]): the input
//! size is checked before anything is read, the nesting depth and the number of values while
//! reading. Producer quirks tolerated: duplicate dictionary keys (the last one wins, as
//! CoreFoundation does), a UTF-8 BOM before XML, integers above `i64::MAX` (binary plists store
//! unsigned 64-bit values), booleans written as strings (`"YES"`, `"true"`, `1`; see
//! [`PlistValue::as_bool`]).

use std::collections::BTreeMap;
use std::io::Cursor;

use plist::stream::{Event, Reader};

pub use crate::facts::plist_value::PlistValue;

/// Bounds applied while decoding one property list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlistLimits {
    /// Most bytes a plist may have. Real Info.plists are a few KB; provisioning profiles with
    /// device lists stay under 1 MB.
    pub max_bytes: usize,
    /// Deepest nesting of arrays and dictionaries. Real Info.plists nest 5 or 6 levels
    /// (`UIApplicationSceneManifest`); privacy manifests 4.
    pub max_depth: usize,
    /// Most values (scalars and collections) in one plist.
    pub max_values: usize,
}

impl Default for PlistLimits {
    fn default() -> Self {
        Self {
            max_bytes: 16 << 20,
            max_depth: 64,
            max_values: 1_000_000,
        }
    }
}

/// Why a property list could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlistError {
    #[error("empty file: not a property list")]
    Empty,
    #[error("{len} bytes, more than the limit of {limit} bytes for a property list")]
    TooLarge { len: usize, limit: usize },
    #[error("not a property list (binary, XML or ASCII): {message}")]
    Malformed { message: String },
    #[error("nested deeper than the limit of {limit} levels (value #{value})")]
    TooDeep { limit: usize, value: usize },
    #[error("more than the limit of {limit} values")]
    TooManyValues { limit: usize },
    #[error("the top-level value is {found}, not a dictionary")]
    NotADictionary { found: &'static str },
}

/// Decode `bytes` (binary, XML or ASCII) under the default [`PlistLimits`].
pub fn parse(bytes: &[u8]) -> Result<PlistValue, PlistError> {
    parse_with(bytes, &PlistLimits::default())
}

/// Decode `bytes` and require a dictionary at the top, as Info.plists, privacy manifests and
/// entitlements have.
pub fn parse_dict(bytes: &[u8]) -> Result<BTreeMap<String, PlistValue>, PlistError> {
    match parse(bytes)? {
        PlistValue::Dict(d) => Ok(d),
        other => Err(PlistError::NotADictionary {
            found: other.type_name(),
        }),
    }
}

/// A collection being built.
enum Open {
    Array(Vec<PlistValue>),
    Dict(BTreeMap<String, PlistValue>, Option<String>),
}

/// Decode `bytes` (binary, XML or ASCII) under `limits`.
pub fn parse_with(bytes: &[u8], limits: &PlistLimits) -> Result<PlistValue, PlistError> {
    if bytes.is_empty() {
        return Err(PlistError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(PlistError::TooLarge {
            len: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let malformed = |message: String| PlistError::Malformed { message };
    // The crate's ASCII reader takes any text as an unquoted string; a real ASCII plist starts
    // with a dictionary, an array, a quoted string or a comment.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if !bytes.starts_with(b"bplist") && !matches!(first, Some(b'<' | b'{' | b'(' | b'"' | b'/')) {
        return Err(malformed(
            "neither binary (bplist00), XML (<plist>) nor ASCII ({…}) content".into(),
        ));
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<PlistValue> = None;
    let mut values = 0usize;
    for event in Reader::new(Cursor::new(bytes)) {
        let event = event.map_err(|e| malformed(e.to_string()))?;
        if root.is_some() {
            return Err(malformed("more than one top-level value".into()));
        }
        values += 1;
        if values > limits.max_values {
            return Err(PlistError::TooManyValues {
                limit: limits.max_values,
            });
        }
        let done = match event {
            Event::StartArray(_) | Event::StartDictionary(_) => {
                if stack.len() >= limits.max_depth {
                    return Err(PlistError::TooDeep {
                        limit: limits.max_depth,
                        value: values,
                    });
                }
                // The length hints are not trusted: collections grow as values arrive.
                stack.push(match event {
                    Event::StartArray(_) => Open::Array(Vec::new()),
                    _ => Open::Dict(BTreeMap::new(), None),
                });
                None
            }
            Event::EndCollection => match stack.pop() {
                Some(Open::Array(a)) => Some(PlistValue::Array(a)),
                Some(Open::Dict(d, None)) => Some(PlistValue::Dict(d)),
                Some(Open::Dict(_, Some(key))) => {
                    return Err(malformed(format!("key {key:?} without a value")));
                }
                None => return Err(malformed("a collection ends that never started".into())),
            },
            Event::Boolean(b) => Some(PlistValue::Bool(b)),
            Event::Data(d) => Some(PlistValue::Data { data_len: d.len() }),
            Event::Date(d) => Some(PlistValue::Date(d.to_xml_format())),
            Event::Integer(i) => Some(match (i.as_signed(), i.as_unsigned()) {
                (Some(s), _) => PlistValue::Integer(s),
                (None, Some(u)) => PlistValue::UnsignedInteger(u),
                (None, None) => return Err(malformed("an integer out of range".into())),
            }),
            Event::Real(r) => Some(PlistValue::Real(r)),
            Event::String(s) => Some(PlistValue::String(s.into_owned())),
            Event::Uid(u) => Some(PlistValue::Uid { uid: u.get() }),
            _ => return Err(malformed("an unknown kind of value".into())),
        };
        let Some(value) = done else { continue };
        match stack.last_mut() {
            None => root = Some(value),
            Some(Open::Array(a)) => a.push(value),
            Some(Open::Dict(d, key @ Some(_))) => {
                let key = key.take().unwrap_or_default();
                d.insert(key, value);
            }
            Some(Open::Dict(_, key @ None)) => match value {
                PlistValue::String(s) => *key = Some(s),
                other => {
                    return Err(malformed(format!(
                        "a dictionary key that is a {}, not a string",
                        other.type_name()
                    )));
                }
            },
        }
    }
    if !stack.is_empty() {
        return Err(malformed("ends inside an array or dictionary".into()));
    }
    root.ok_or_else(|| malformed("no value".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>a</key><array><integer>1</integer><true/></array><key>b</key><string>x</string></dict></plist>"#;

    #[test]
    fn xml_dict() {
        let v = parse(XML.as_bytes()).unwrap();
        assert_eq!(
            v.get("a").unwrap(),
            &PlistValue::Array(vec![PlistValue::Integer(1), PlistValue::Bool(true)])
        );
        assert_eq!(v.get("b").and_then(PlistValue::as_str), Some("x"));
    }

    #[test]
    fn depth_limit_is_an_error_not_a_stack_overflow() {
        let deep = format!(
            "<plist><dict><key>k</key>{}{}</dict></plist>",
            "<array>".repeat(100_000),
            "</array>".repeat(100_000)
        );
        assert_eq!(
            parse(deep.as_bytes()),
            Err(PlistError::TooDeep {
                limit: 64,
                value: 66
            })
        );
    }

    #[test]
    fn size_and_count_limits() {
        let limits = PlistLimits {
            max_bytes: 10,
            ..PlistLimits::default()
        };
        assert!(matches!(
            parse_with(XML.as_bytes(), &limits),
            Err(PlistError::TooLarge { limit: 10, .. })
        ));
        let limits = PlistLimits {
            max_values: 3,
            ..PlistLimits::default()
        };
        assert_eq!(
            parse_with(XML.as_bytes(), &limits),
            Err(PlistError::TooManyValues { limit: 3 })
        );
    }

    #[test]
    fn not_a_plist() {
        let r = parse(b"\x00\x01\x02garbage{");
        assert!(matches!(r, Err(PlistError::Malformed { .. })), "{r:?}");
        assert_eq!(parse(b""), Err(PlistError::Empty));
        assert!(matches!(
            parse_dict(b"bplist00"),
            Err(PlistError::Malformed { .. })
        ));
    }

    #[test]
    fn lenient_booleans() {
        for (v, b) in [
            (PlistValue::String("YES".into()), Some(true)),
            (PlistValue::String("false".into()), Some(false)),
            (PlistValue::Integer(1), Some(true)),
            (PlistValue::String("maybe".into()), None),
        ] {
            assert_eq!(v.as_bool(), b);
        }
    }
}
