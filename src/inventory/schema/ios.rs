//! The `[ios]` table of an SDK file: how the SDK shows in Mach-O binaries, and the rules its
//! values follow (see `inventory::ios` for the matcher).

use serde::{Deserialize, Serialize};

use super::{DbError, SdkDef};

/// How the SDK shows in an iOS bundle or vendor binary. Every list defaults to empty; a `[ios]`
/// table needs at least one entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IosSignatures {
    /// Framework names (`AppsFlyerLib` for `AppsFlyerLib.framework`).
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// Objective-C class-name prefixes, matched only when an uppercase letter follows.
    #[serde(default)]
    pub objc_class_prefixes: Vec<String>,
    /// Exact Objective-C class names.
    #[serde(default)]
    pub objc_classes: Vec<String>,
    /// Longer prefixes inside `objc_class_prefixes` that name other vendors' code: the
    /// `GADMAdapter…` classes of a network's Google Mobile Ads mediation adapter are `GAD…` but
    /// no part of Google's SDK. Like `[android] exclude_prefixes`.
    #[serde(default)]
    pub exclude_class_prefixes: Vec<String>,
    /// Swift module names.
    #[serde(default)]
    pub swift_modules: Vec<String>,
    /// Exact symbol names as the symbol table spells them (`_ADJEnvironmentProduction`).
    #[serde(default)]
    pub symbols: Vec<String>,
    /// Where the SDK keeps its version as a string constant in its Mach-O code:
    /// `{ template = "ios{version}", class = "ADJUtil" }` (`inventory::ios_version`).
    #[serde(default)]
    pub version_strings: Vec<super::VersionString>,
    /// Event, consent, opt-out, child-directed and age entry points (`[[ios.apis]]`,
    /// `inventory::ios_apis`).
    #[serde(default)]
    pub apis: Vec<super::ios_apis::IosApiDef>,
}

impl IosSignatures {
    /// Whether the Objective-C class `name` belongs to this SDK.
    pub fn matches_class(&self, name: &str) -> bool {
        self.objc_class_prefixes
            .iter()
            .any(|p| covers_class_prefix(p, name))
            && !self.excludes_class(name)
            || self.objc_classes.iter().any(|c| c == name)
    }

    /// Whether the class `name` lies in one of the `exclude_class_prefixes`.
    pub fn excludes_class(&self, name: &str) -> bool {
        self.exclude_class_prefixes
            .iter()
            .any(|p| covers_class_prefix(p, name))
    }
}

/// `prefix` followed by an uppercase ASCII letter: `ADJ` covers `ADJConfig`, not `ADJ`,
/// `ADJust` … nor `ADJ_x`.
pub(crate) fn covers_class_prefix(prefix: &str, name: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.bytes().next())
        .is_some_and(|b| b.is_ascii_uppercase())
}

pub(super) fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A check of one value: the problem, if any.
type Check = fn(&str) -> Option<String>;

/// Rules for one file's `[ios]` table.
pub(crate) fn validate(file: &str, ios: &IosSignatures) -> Result<(), DbError> {
    let invalid = |key: String, message: String| {
        Err(DbError::Invalid {
            file: file.to_string(),
            key,
            message,
        })
    };
    let lists: [(&str, &Vec<String>, Check); 5] = [
        ("frameworks", &ios.frameworks, |s| {
            let ok = is_identifier(&s.replace('-', "_"));
            (!ok).then(|| format!("`{s}` is not a framework name (write `X` for X.framework)"))
        }),
        ("objc_class_prefixes", &ios.objc_class_prefixes, |s| {
            if !is_identifier(s) || !s.starts_with(|c: char| c.is_ascii_uppercase()) {
                Some(format!(
                    "`{s}` is not a class-name prefix (an identifier starting with an uppercase letter)"
                ))
            } else if s.len() < 2 {
                Some(format!(
                    "`{s}` is too generic: a prefix needs two characters or more"
                ))
            } else {
                None
            }
        }),
        ("objc_classes", &ios.objc_classes, |s| {
            (!is_identifier(s)).then(|| format!("`{s}` is not an Objective-C class name"))
        }),
        ("swift_modules", &ios.swift_modules, |s| {
            (!is_identifier(s)).then(|| format!("`{s}` is not a Swift module name"))
        }),
        ("symbols", &ios.symbols, |s| {
            (s.is_empty() || s.contains(char::is_whitespace))
                .then(|| format!("`{s}` is not a symbol name"))
        }),
    ];
    for (name, values, check) in lists {
        for (i, value) in values.iter().enumerate() {
            let key = format!("ios.{name}[{i}]");
            if let Some(message) = check(value) {
                return invalid(key, message);
            }
            if values[..i].contains(value) {
                return invalid(key, format!("`{value}` is listed twice"));
            }
        }
    }
    for (i, prefix) in ios.objc_class_prefixes.iter().enumerate() {
        if let Some(other) = ios.objc_class_prefixes[..i]
            .iter()
            .find(|p| covers_class_prefix(p, prefix) || covers_class_prefix(prefix, p))
        {
            return invalid(
                format!("ios.objc_class_prefixes[{i}]"),
                format!("`{prefix}` overlaps `{other}` of the same SDK"),
            );
        }
    }
    for (i, excluded) in ios.exclude_class_prefixes.iter().enumerate() {
        let key = format!("ios.exclude_class_prefixes[{i}]");
        if !is_identifier(excluded) {
            return invalid(key, format!("`{excluded}` is not a class-name prefix"));
        }
        if !ios
            .objc_class_prefixes
            .iter()
            .any(|p| covers_class_prefix(p, excluded))
        {
            return invalid(
                key,
                format!("`{excluded}` is not inside any of ios.objc_class_prefixes"),
            );
        }
        if ios.exclude_class_prefixes[..i].contains(excluded) {
            return invalid(key, format!("`{excluded}` is listed twice"));
        }
    }
    for (i, class) in ios.objc_classes.iter().enumerate() {
        if let Some(prefix) = ios
            .objc_class_prefixes
            .iter()
            .find(|p| covers_class_prefix(p, class))
        {
            return invalid(
                format!("ios.objc_classes[{i}]"),
                format!("`{class}` is already covered by the prefix `{prefix}`"),
            );
        }
    }
    super::version::validate_ios(file, &ios.version_strings, &ios.symbols)?;
    let empty = lists_len(ios) == 0;
    if empty {
        return invalid(
            "ios".to_string(),
            "no signatures: give frameworks, objc_class_prefixes, objc_classes, swift_modules or symbols"
                .to_string(),
        );
    }
    Ok(())
}

fn lists_len(ios: &IosSignatures) -> usize {
    ios.frameworks.len()
        + ios.objc_class_prefixes.len()
        + ios.objc_classes.len()
        + ios.swift_modules.len()
        + ios.symbols.len()
}

/// Rules between two files: no framework, class, Swift module or symbol belongs to two SDKs, and
/// no class signature of one covers another's.
pub(crate) fn check_conflicts(
    file: &str,
    ios: &IosSignatures,
    other_file: &str,
    other_id: &str,
    other: &IosSignatures,
) -> Result<(), DbError> {
    let conflict = |key: String, value: &str, theirs: &str| {
        Err(DbError::Invalid {
            file: file.to_string(),
            key,
            message: format!(
                "`{value}` overlaps `{theirs}` of `{other_id}` ({other_file}); signatures of different SDKs must not overlap"
            ),
        })
    };
    let same: [(&str, &Vec<String>, &Vec<String>); 3] = [
        ("frameworks", &ios.frameworks, &other.frameworks),
        ("swift_modules", &ios.swift_modules, &other.swift_modules),
        ("symbols", &ios.symbols, &other.symbols),
    ];
    for (name, mine, theirs) in same {
        for (i, value) in mine.iter().enumerate() {
            if theirs.contains(value) {
                return conflict(format!("ios.{name}[{i}]"), value, value);
            }
        }
    }
    for (i, prefix) in ios.objc_class_prefixes.iter().enumerate() {
        let key = format!("ios.objc_class_prefixes[{i}]");
        for theirs in &other.objc_class_prefixes {
            if prefix == theirs
                || covers_class_prefix(prefix, theirs)
                || covers_class_prefix(theirs, prefix)
            {
                return conflict(key, prefix, theirs);
            }
        }
        for theirs in &other.objc_classes {
            if covers_class_prefix(prefix, theirs) {
                return conflict(key, prefix, theirs);
            }
        }
    }
    for (i, class) in ios.objc_classes.iter().enumerate() {
        let key = format!("ios.objc_classes[{i}]");
        if other.objc_classes.contains(class) {
            return conflict(key, class, class);
        }
        if let Some(theirs) = other
            .objc_class_prefixes
            .iter()
            .find(|p| covers_class_prefix(p, class))
        {
            return conflict(key, class, theirs);
        }
    }
    Ok(())
}

/// `privacy_manifest_required` needs a framework to look in: SL104 checks embedded frameworks.
pub(crate) fn validate_privacy_manifest_required(file: &str, def: &SdkDef) -> Result<(), DbError> {
    let has_frameworks = def
        .ios
        .as_ref()
        .is_some_and(|ios| !ios.frameworks.is_empty());
    if def.privacy_manifest_required && !has_frameworks {
        return Err(DbError::Invalid {
            file: file.to_string(),
            key: "privacy_manifest_required".to_string(),
            message: "needs `[ios]` `frameworks`: the frameworks that must carry the manifest"
                .to_string(),
        });
    }
    Ok(())
}
