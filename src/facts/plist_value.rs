//! Values of property lists (Info.plist keys, entitlements, privacy manifests) as facts.
//!
//! Defined here, with the facts that hold them, and produced directly by the plist reader
//! (`apple::plist`, which decodes into this type): Facts depends on no parser, and no copy of
//! every decoded value is made.

use std::collections::BTreeMap;

use serde::Serialize;

/// A decoded property-list value. Serialises to JSON as the natural JSON value (dictionaries as
/// objects, dates as their ISO 8601 text, data as `{"data_len": n}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PlistValue {
    Bool(bool),
    Integer(i64),
    /// An unsigned integer above `i64::MAX` (binary plists can store them).
    UnsignedInteger(u64),
    Real(f64),
    String(String),
    /// A date, in the XML form (`2024-01-31T12:00:00Z`).
    Date(String),
    /// Binary data: only its length is kept.
    Data {
        data_len: usize,
    },
    /// A keyed-archiver object reference (binary plists only).
    Uid {
        uid: u64,
    },
    Array(Vec<PlistValue>),
    Dict(BTreeMap<String, PlistValue>),
}

impl PlistValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PlistValue::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_dict(&self) -> Option<&BTreeMap<String, PlistValue>> {
        match self {
            PlistValue::Dict(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[PlistValue]> {
        match self {
            PlistValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The value under `key` when this is a dictionary.
    pub fn get(&self, key: &str) -> Option<&PlistValue> {
        self.as_dict()?.get(key)
    }

    /// A boolean as the platform reads it: `<true/>`/`<false/>`, the integers 0 and 1, and the
    /// strings `YES`/`NO`/`true`/`false`/`1`/`0` (any case), which hand-edited Info.plists use and
    /// `CFPreferences` / `NSUserDefaults boolForKey:` accept.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            PlistValue::Bool(b) => Some(*b),
            PlistValue::Integer(0) => Some(false),
            PlistValue::Integer(1) => Some(true),
            PlistValue::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" => Some(true),
                "no" | "false" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A short name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            PlistValue::Bool(_) => "boolean",
            PlistValue::Integer(_) | PlistValue::UnsignedInteger(_) => "integer",
            PlistValue::Real(_) => "real",
            PlistValue::String(_) => "string",
            PlistValue::Date(_) => "date",
            PlistValue::Data { .. } => "data",
            PlistValue::Uid { .. } => "uid",
            PlistValue::Array(_) => "array",
            PlistValue::Dict(_) => "dictionary",
        }
    }
}
