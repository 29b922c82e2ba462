//! The SDK database's schema: the types an `sdks/<id>.toml` file deserializes into and the rules
//! its values follow, for one file ([`validate`]) and between two files ([`check_conflicts`]).
//!
//! A leaf of `inventory`: the database (`db`) loads sources through it and the matching passes
//! (`apis`, `ios`, `ios_apis`, `maven`, `version`) read its types, but it names neither, so the
//! arrows point one way: passes → db → schema. The schema is documented field by field in
//! `sdks/README.md`. Unknown keys are errors, so a typo never silently disables a signature.

mod apis;
mod ios;
mod ios_apis;
mod maven;
mod version;

pub use apis::{ApiDef, ApiKind};
pub use ios::IosSignatures;
pub(crate) use ios::covers_class_prefix;
pub use ios_apis::IosApiDef;
pub(crate) use maven::split as split_maven;
pub use version::{PLACEHOLDER, VersionFormat, VersionString};

use serde::{Deserialize, Serialize};

use super::Category;
use super::signature::{
    check_java_name, check_specific, covers_class, covers_package, covers_prefix,
};

/// One SDK as its `sdks/<id>.toml` file describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkDef {
    /// Stable lowercase kebab-case id, equal to the file stem (`appsflyer`).
    pub id: String,
    /// Display name (`AppsFlyer`).
    pub name: String,
    pub vendor: String,
    pub categories: Vec<Category>,
    /// The SDK reports installs or in-app events to an ad platform (SL101 fires for it).
    pub conversion_tracking: bool,
    /// One of X's documented mobile measurement partners.
    #[serde(default)]
    pub x_partner: bool,
    /// The vendor's integration documentation.
    #[serde(default)]
    pub docs: Option<String>,
    /// Hosts the SDK sends data to, as domain names (`appsflyer.com` covers every subdomain):
    /// tracking domains a privacy manifest should declare, and `string` evidence when a bundle
    /// names them.
    #[serde(default)]
    pub domains: Vec<String>,
    /// On Apple's list of commonly used third-party SDKs: each of its embedded frameworks must
    /// carry its own `PrivacyInfo.xcprivacy` (SL104). Needs `[ios]` `frameworks`.
    #[serde(default)]
    pub privacy_manifest_required: bool,
    /// The SDK's tracker id in Exodus Privacy's database
    /// (`https://reports.exodus-privacy.eu.org/en/trackers/<id>/`), where Exodus lists it.
    #[serde(default)]
    pub exodus_id: Option<u32>,
    /// The platforms the vendor ships the SDK for. Optional; when given, each platform needs its
    /// signature table (`ios` → `[ios]`, `android` → `[android]`), so an iOS SDK cannot be left
    /// without iOS signatures by accident.
    #[serde(default)]
    pub platforms: Vec<SdkPlatform>,
    #[serde(default)]
    pub android: AndroidSignatures,
    /// How the SDK shows in iOS binaries (`[ios]`; see `inventory::ios`).
    #[serde(default)]
    pub ios: Option<IosSignatures>,
}

/// A platform an SDK ships for (`platforms = ["android", "ios"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SdkPlatform {
    Android,
    Ios,
}

/// How the SDK shows in an Android bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AndroidSignatures {
    /// Packages (or classes) whose whole subtree belongs to the SDK, without a trailing dot.
    #[serde(default)]
    pub class_prefixes: Vec<String>,
    /// Exact classes (and their `$` inner classes), for SDKs living in a shared package.
    #[serde(default)]
    pub classes: Vec<String>,
    /// Sub-packages of `class_prefixes` that belong to something else.
    #[serde(default)]
    pub exclude_prefixes: Vec<String>,
    /// Manifest `<meta-data>` names that only this SDK uses.
    #[serde(default)]
    pub meta_data_keys: Vec<String>,
    /// Maven coordinates `group:artifact` of the SDK's artifacts, matched against the libraries
    /// an AAB declares (`dependencies.pb`).
    #[serde(default)]
    pub maven: Vec<String>,
    /// Where the SDK keeps its version as a string constant (see `inventory::version`).
    #[serde(default)]
    pub version_strings: Vec<VersionString>,
    /// Event, consent, opt-out, child-directed and age APIs (`[[android.apis]]`).
    #[serde(default)]
    pub apis: Vec<ApiDef>,
}

impl AndroidSignatures {
    /// Whether the class `name` (Java dotted form) belongs to this SDK.
    /// Whether class `name` (Java form) is the app's rather than this SDK's: it lies in the
    /// app's own package (the manifest package of a whole Android app), which is the app's even
    /// under an SDK prefix (`com.appsflyer.sampleapp.MainActivity`) — unless the SDK names that
    /// package or a part of it itself (an in-house SDK of `--sdk-db` with
    /// `class_prefixes = ["com.example.shop.tracking"]` means those classes). Ownership and the
    /// matcher both ask this, so they agree on whose a class is.
    pub fn app_owns(&self, facts: &crate::facts::Facts, name: &str) -> bool {
        let Some(app) = facts.app.id.as_deref().filter(|p| {
            !p.is_empty() && facts.is_app() && facts.platform == crate::facts::Platform::Android
        }) else {
            return false;
        };
        covers_package(app, name)
            && !self
                .class_prefixes
                .iter()
                .chain(&self.classes)
                .any(|sig| covers_package(app, sig) && covers_package(sig, name))
    }

    pub fn matches_class(&self, name: &str) -> bool {
        let hit = self.class_prefixes.iter().any(|p| covers_prefix(p, name))
            || self.classes.iter().any(|c| covers_class(c, name));
        hit && !self.excludes(name)
    }

    /// Whether `name` lies in one of the `exclude_prefixes`.
    pub fn excludes(&self, name: &str) -> bool {
        self.exclude_prefixes.iter().any(|p| covers_prefix(p, name))
    }

    /// Class signatures (`class_prefixes`, then `classes`) with their key paths.
    fn class_signatures(&self) -> impl Iterator<Item = (String, &str)> {
        let prefixes = self.class_prefixes.iter().enumerate();
        let classes = self.classes.iter().enumerate();
        prefixes
            .map(|(i, s)| (format!("android.class_prefixes[{i}]"), s.as_str()))
            .chain(classes.map(|(i, s)| (format!("android.classes[{i}]"), s.as_str())))
    }
}

/// Why a database source was rejected: the file, and the line or key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbError {
    /// Not TOML, or not the schema (unknown key, wrong type, unknown category, missing field).
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed TOML whose content breaks a rule of the database.
    #[error("{file}: {key}: {message}")]
    Invalid {
        file: String,
        key: String,
        message: String,
    },
}

impl DbError {
    pub(super) fn invalid(file: &str, key: impl Into<String>, message: impl Into<String>) -> Self {
        DbError::Invalid {
            file: file.to_string(),
            key: key.into(),
            message: message.into(),
        }
    }
}

/// Rules that concern one file alone.
pub(super) fn validate(file: &str, def: &SdkDef) -> Result<(), DbError> {
    let invalid = |key: &str, message: String| Err(DbError::invalid(file, key, message));

    let id = def.id.as_str();
    if !is_kebab_id(id) {
        return invalid(
            "id",
            format!("`{id}` is not a lowercase kebab-case id (a-z, 0-9, single hyphens)"),
        );
    }
    let file_name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    if file_name.strip_suffix(".toml") != Some(id) {
        return invalid(
            "id",
            format!("`{id}` does not match the file name `{file_name}` (expected `{id}.toml`)"),
        );
    }
    if def.name.trim().is_empty() {
        return invalid("name", "must not be empty".to_string());
    }
    if def.vendor.trim().is_empty() {
        return invalid("vendor", "must not be empty".to_string());
    }
    if def.categories.is_empty() {
        return invalid("categories", "must name at least one category".to_string());
    }
    for (i, category) in def.categories.iter().enumerate() {
        if def.categories[..i].contains(category) {
            return invalid(
                &format!("categories[{i}]"),
                format!("`{category}` is listed twice"),
            );
        }
    }
    if let Some(docs) = &def.docs
        && !docs.starts_with("https://")
    {
        return invalid("docs", format!("`{docs}` is not an https:// URL"));
    }
    if def.exodus_id == Some(0) {
        return invalid("exodus_id", "Exodus tracker ids start at 1".to_string());
    }
    for (i, domain) in def.domains.iter().enumerate() {
        let valid = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !valid {
            return invalid(
                &format!("domains[{i}]"),
                format!("`{domain}` is not a lowercase domain name such as `appsflyer.com`"),
            );
        }
    }

    let android = &def.android;
    let signatures: Vec<(String, &str)> = android.class_signatures().collect();
    for (j, (key, sig)) in signatures.iter().enumerate() {
        check_java_name(sig)
            .and_then(|()| check_specific(sig))
            .or_else(|m| invalid(key, m))?;
        for (earlier_key, earlier) in &signatures[..j] {
            if covers_prefix(earlier, sig) || covers_prefix(sig, earlier) {
                return invalid(
                    key,
                    format!("`{sig}` overlaps `{earlier}` ({earlier_key}) of the same SDK"),
                );
            }
        }
    }
    for (i, excluded) in android.exclude_prefixes.iter().enumerate() {
        let key = format!("android.exclude_prefixes[{i}]");
        check_java_name(excluded).or_else(|m| invalid(&key, m))?;
        let inside = android
            .class_prefixes
            .iter()
            .any(|p| p != excluded && covers_prefix(p, excluded));
        if !inside {
            return invalid(
                &key,
                format!("`{excluded}` is not inside any of android.class_prefixes"),
            );
        }
    }
    for (i, key_name) in android.meta_data_keys.iter().enumerate() {
        let key = format!("android.meta_data_keys[{i}]");
        if key_name.is_empty() || key_name.chars().any(char::is_whitespace) {
            return invalid(&key, format!("`{key_name}` is not a meta-data name"));
        }
        if android.meta_data_keys[..i].contains(key_name) {
            return invalid(&key, format!("`{key_name}` is listed twice"));
        }
    }
    maven::validate(file, def)?;
    version::validate(file, def)?;
    if signatures.is_empty() && android.meta_data_keys.is_empty() {
        // An iOS-only SDK (Apple's Declared Age Range) has no `[android]` table at all; an
        // `[android]` table that is there must say how to find the SDK.
        if *android != AndroidSignatures::default() {
            return invalid(
                "android",
                "no signatures: give class_prefixes, classes or meta_data_keys".to_string(),
            );
        }
        if def.ios.is_none() {
            return invalid(
                "android",
                "no signatures: give [android] class_prefixes, classes or meta_data_keys, \
                 or an [ios] table"
                    .to_string(),
            );
        }
    }
    apis::validate(file, def)?;
    ios_apis::validate(file, def)?;
    validate_platforms(file, def)?;
    if let Some(sigs) = &def.ios {
        ios::validate(file, sigs)?;
    }
    ios::validate_privacy_manifest_required(file, def)?;
    Ok(())
}

/// `platforms`, when given, names each platform once and agrees with the signature tables.
fn validate_platforms(file: &str, def: &SdkDef) -> Result<(), DbError> {
    if def.platforms.is_empty() {
        return Ok(());
    }
    let invalid = |key: String, message: &str| Err(DbError::invalid(file, key, message));
    for (i, platform) in def.platforms.iter().enumerate() {
        if def.platforms[..i].contains(platform) {
            return invalid(format!("platforms[{i}]"), "listed twice");
        }
    }
    let has_android = def.android != AndroidSignatures::default();
    let lists = |p: SdkPlatform| def.platforms.contains(&p);
    if lists(SdkPlatform::Ios) && def.ios.is_none() {
        return invalid(
            "platforms".to_string(),
            "names `ios` but there is no [ios] table: give the SDK's iOS signatures",
        );
    }
    if lists(SdkPlatform::Android) && !has_android {
        return invalid(
            "platforms".to_string(),
            "names `android` but there is no [android] table: give the SDK's Android signatures",
        );
    }
    if def.ios.is_some() && !lists(SdkPlatform::Ios) {
        return invalid(
            "platforms".to_string(),
            "does not name `ios` but there is an [ios] table",
        );
    }
    if has_android && !lists(SdkPlatform::Android) {
        return invalid(
            "platforms".to_string(),
            "does not name `android` but there is an [android] table",
        );
    }
    Ok(())
}

/// Rules between two files: signatures of different SDKs must not contain one another (unless the
/// outer SDK excludes the inner signature), and a meta-data key belongs to one SDK.
pub(super) fn check_conflicts(
    file: &str,
    def: &SdkDef,
    other_file: &str,
    other: &SdkDef,
) -> Result<(), DbError> {
    if def.id == other.id {
        return Err(DbError::invalid(
            file,
            "id",
            format!("`{}` is already defined by {other_file}", def.id),
        ));
    }
    for (key, sig) in def.android.class_signatures() {
        for (_, other_sig) in other.android.class_signatures() {
            let inside_other = covers_prefix(other_sig, sig) && !other.android.excludes(sig);
            let contains_other = covers_prefix(sig, other_sig) && !def.android.excludes(other_sig);
            if inside_other || contains_other {
                let message = format!(
                    "`{sig}` overlaps `{other_sig}` of `{}` ({other_file}); signatures of different SDKs must not contain one another",
                    other.id
                );
                return Err(DbError::invalid(file, key, message));
            }
        }
    }
    maven::check_conflicts(file, def, other_file, other)?;
    for (i, key_name) in def.android.meta_data_keys.iter().enumerate() {
        if other.android.meta_data_keys.contains(key_name) {
            let message = format!(
                "`{key_name}` is already claimed by `{}` ({other_file})",
                other.id
            );
            return Err(DbError::invalid(
                file,
                format!("android.meta_data_keys[{i}]"),
                message,
            ));
        }
    }
    if let Some(id) = def.exodus_id
        && other.exodus_id == Some(id)
    {
        let message = format!("{id} is already claimed by `{}` ({other_file})", other.id);
        return Err(DbError::invalid(file, "exodus_id", message));
    }
    apis::check_conflicts(file, def, other_file, other)?;
    ios_apis::check_conflicts(file, def, other_file, other)?;
    if let (Some(mine), Some(theirs)) = (&def.ios, &other.ios) {
        ios::check_conflicts(file, mine, other_file, &other.id, theirs)?;
    }
    Ok(())
}

fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
