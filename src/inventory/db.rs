//! The SDK database: loading `sdks/*.toml` sources into [`SdkDb`] and validating them.
//!
//! The schema is documented field by field in `sdks/README.md`. Unknown keys are errors, so a typo
//! never silently disables a signature.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Category;
use super::ios::{self, IosSignatures};
use super::signature::{check_java_name, check_specific, covers_class, covers_prefix};

include!(concat!(env!("OUT_DIR"), "/builtin_sdks.rs"));

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
    pub version_strings: Vec<super::version::VersionString>,
    /// Event, consent, opt-out, child-directed and age APIs (`[[android.apis]]`).
    #[serde(default)]
    pub apis: Vec<super::apis::ApiDef>,
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

/// The validated SDK database, sorted by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkDb {
    sdks: Vec<SdkDef>,
}

impl SdkDb {
    /// The database embedded from `sdks/*.toml`, parsed on first use.
    pub fn builtin() -> &'static SdkDb {
        static DB: OnceLock<SdkDb> = OnceLock::new();
        DB.get_or_init(|| {
            SdkDb::from_sources(BUILTIN_SOURCES)
                .unwrap_or_else(|e| panic!("the built-in SDK database is invalid: {e}"))
        })
    }

    /// The embedded `(file name, TOML text)` sources, sorted by file name; a user database can be
    /// these plus its own files, validated together by [`SdkDb::from_sources`].
    pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
        BUILTIN_SOURCES
    }

    /// Parses and validates `(file name, TOML text)` sources, one SDK each. The file name's stem
    /// must equal the id. Conflicts between two files are reported on the later one.
    pub fn from_sources<N: AsRef<str>, T: AsRef<str>>(
        sources: &[(N, T)],
    ) -> Result<SdkDb, DbError> {
        let mut files: Vec<(&str, SdkDef)> = Vec::with_capacity(sources.len());
        for (file, text) in sources {
            let (file, text) = (file.as_ref(), text.as_ref());
            let def = parse(file, text)?;
            validate(file, &def)?;
            files.push((file, def));
        }
        for (j, (file, def)) in files.iter().enumerate() {
            for (earlier_file, earlier) in &files[..j] {
                check_conflicts(file, def, earlier_file, earlier)?;
            }
        }
        let mut sdks: Vec<SdkDef> = files.into_iter().map(|(_, def)| def).collect();
        sdks.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(SdkDb { sdks })
    }

    pub fn get(&self, id: &str) -> Option<&SdkDef> {
        self.sdks
            .binary_search_by(|sdk| sdk.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.sdks[i])
    }

    /// Every SDK, by id.
    pub fn iter(&self) -> impl Iterator<Item = &SdkDef> {
        self.sdks.iter()
    }

    pub fn len(&self) -> usize {
        self.sdks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sdks.is_empty()
    }
}

fn parse(file: &str, text: &str) -> Result<SdkDef, DbError> {
    toml::from_str(text).map_err(|e| {
        // A byte offset; `get` keeps a span that is not on a char boundary from panicking.
        let start = e.span().map_or(0, |span| span.start);
        let before = text.get(..start).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        DbError::Syntax {
            file: file.to_string(),
            line,
            column,
            message: e.message().trim_end().to_string(),
        }
    })
}

/// Rules that concern one file alone.
fn validate(file: &str, def: &SdkDef) -> Result<(), DbError> {
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
    super::maven::validate(file, def)?;
    super::version::validate(file, def)?;
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
    super::apis::validate(file, def)?;
    super::ios_apis::validate(file, def)?;
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
fn check_conflicts(
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
    super::maven::check_conflicts(file, def, other_file, other)?;
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
    super::apis::check_conflicts(file, def, other_file, other)?;
    super::ios_apis::check_conflicts(file, def, other_file, other)?;
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

/// `com.example` covers `com.example` and `com.example.x.Y`, not `com.examples`.
fn covers_package(prefix: &str, name: &str) -> bool {
    name.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

impl super::hit::SdkHit {
    /// A hit on `sdk` with no version yet; the database's fields rules need are copied in.
    pub fn new(
        sdk: &SdkDef,
        confidence: super::Confidence,
        evidence: Vec<crate::facts::Location>,
        evidence_total: usize,
    ) -> Self {
        Self {
            id: sdk.id.clone(),
            name: sdk.name.clone(),
            categories: sdk.categories.clone(),
            conversion_tracking: sdk.conversion_tracking,
            version: None,
            version_evidence: None,
            confidence,
            evidence,
            evidence_total,
            domains: sdk.domains.clone(),
            privacy_manifest_required: sdk.privacy_manifest_required,
            embedded_frameworks: Vec::new(),
            x_partner: sdk.x_partner,
            vendor: sdk.vendor.clone(),
            website: sdk.docs.clone(),
            exodus_id: sdk.exodus_id,
            same_as: Vec::new(),
            exodus_categories: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"id = "flyer"
name = "Flyer"
vendor = "Flyer Inc."
categories = ["attribution"]
conversion_tracking = true
[android]
class_prefixes = ["com.flyer"]
"#;

    /// `GOOD` with `from` replaced by `to` (which must occur), as the only source `flyer.toml`.
    fn error_for(from: &str, to: &str) -> String {
        assert!(GOOD.contains(from), "{from}");
        let text = GOOD.replace(from, to);
        SdkDb::from_sources(&[("sdks/flyer.toml", text)])
            .unwrap_err()
            .to_string()
    }

    /// The error for `GOOD` followed by a second SDK `other.toml`.
    fn conflict(other_android: &str) -> String {
        let other = format!(
            "id = \"other\"\nname = \"Other\"\nvendor = \"O\"\ncategories = [\"advertising\"]\n\
             conversion_tracking = false\n[android]\n{other_android}\n"
        );
        SdkDb::from_sources(&[
            ("sdks/flyer.toml", GOOD.to_string()),
            ("sdks/other.toml", other),
        ])
        .unwrap_err()
        .to_string()
    }

    #[test]
    fn builtin_database_is_valid() {
        let db = SdkDb::from_sources(SdkDb::builtin_sources()).unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = db.iter().map(|sdk| sdk.id.as_str()).collect();
        for id in [
            "adjust",
            "appsflyer",
            "branch",
            "facebook-app-events",
            "firebase-analytics",
            "google-mobile-ads",
            "kochava",
            "singular",
        ] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        assert!(ids.is_sorted());
        assert_eq!(SdkDb::builtin(), &db);
        let partners: Vec<&str> = db
            .iter()
            .filter(|sdk| sdk.x_partner)
            .map(|sdk| sdk.id.as_str())
            .collect();
        assert_eq!(
            partners,
            ["adjust", "appsflyer", "branch", "kochava", "singular"]
        );
        for sdk in db.iter() {
            assert!(sdk.docs.is_some(), "{} has no docs link", sdk.id);
            // Every built-in SDK says which platforms its vendor ships for, so that the
            // `platforms` check (an iOS SDK needs `[ios]`, and the reverse) covers all of them.
            assert!(
                !sdk.platforms.is_empty(),
                "sdks/{}.toml: give `platforms`",
                sdk.id
            );
        }
    }

    #[test]
    fn platforms_must_agree_with_the_signature_tables() {
        let platforms = |list: &str| format!("platforms = [{list}]\n[android]");
        assert_eq!(
            error_for("[android]", &platforms(r#""android", "ios""#)),
            "sdks/flyer.toml: platforms: names `ios` but there is no [ios] table: give the SDK's \
             iOS signatures"
        );
        assert_eq!(
            error_for("[android]", &platforms(r#""ios""#)),
            "sdks/flyer.toml: platforms: names `ios` but there is no [ios] table: give the SDK's \
             iOS signatures"
        );
        assert_eq!(
            error_for("[android]", &platforms(r#""android", "android""#)),
            "sdks/flyer.toml: platforms[1]: listed twice"
        );
        let with_ios = format!("{GOOD}[ios]\nframeworks = [\"Flyer\"]\n");
        let text = with_ios.replace("[android]", &platforms(r#""android""#));
        assert_eq!(
            SdkDb::from_sources(&[("sdks/flyer.toml", text)])
                .unwrap_err()
                .to_string(),
            "sdks/flyer.toml: platforms: does not name `ios` but there is an [ios] table"
        );
        assert!(error_for("[android]", &platforms(r#""web""#)).contains("unknown variant `web`"));
        let text = with_ios.replace("[android]", &platforms(r#""android", "ios""#));
        let db = SdkDb::from_sources(&[("sdks/flyer.toml", text)]).unwrap();
        assert_eq!(
            db.get("flyer").unwrap().platforms,
            [SdkPlatform::Android, SdkPlatform::Ios]
        );
    }

    #[test]
    fn loads_a_good_file() {
        let db = SdkDb::from_sources(&[("flyer.toml", GOOD)]).unwrap();
        let sdk = db.get("flyer").unwrap();
        assert_eq!(sdk.categories, [Category::Attribution]);
        assert!(!sdk.x_partner);
        assert_eq!(sdk.docs, None);
        assert_eq!(sdk.android.class_prefixes, ["com.flyer"]);
        assert!(sdk.android.classes.is_empty());
        assert!(db.get("other").is_none());
        assert_eq!(db.len(), 1);
    }

    #[test]
    fn schema_errors_name_file_and_line() {
        assert_eq!(
            error_for(
                "conversion_tracking = true\n",
                "conversion_tracking = true\ncolour = 1\n"
            ),
            "sdks/flyer.toml:6:1: unknown field `colour`, expected one of `id`, `name`, `vendor`, \
             `categories`, `conversion_tracking`, `x_partner`, `docs`, `domains`, \
             `privacy_manifest_required`, `exodus_id`, `platforms`, `android`, `ios`"
        );
        assert_eq!(
            error_for("class_prefixes", "class_prefix"),
            "sdks/flyer.toml:7:1: unknown field `class_prefix`, expected one of `class_prefixes`, \
             `classes`, `exclude_prefixes`, `meta_data_keys`, `maven`, `version_strings`, `apis`"
        );
        assert_eq!(
            error_for("[\"attribution\"]", "[\"tracking\"]"),
            "sdks/flyer.toml:4:15: unknown variant `tracking`, expected one of `attribution`, \
             `advertising`, `analytics`, `consent`, `age-signal`, `crash-reporting`, `login`, `social`"
        );
        assert_eq!(
            error_for("conversion_tracking = true\n", ""),
            "sdks/flyer.toml:1:1: missing field `conversion_tracking`"
        );
        assert_eq!(
            error_for(
                "conversion_tracking = true",
                "conversion_tracking = \"yes\""
            ),
            "sdks/flyer.toml:5:23: invalid type: string \"yes\", expected a boolean"
        );
    }

    #[test]
    fn exodus_ids() {
        let text = GOOD.replace(
            "conversion_tracking = true\n",
            "conversion_tracking = true\nexodus_id = 12\n",
        );
        let db = SdkDb::from_sources(&[("flyer.toml", text.as_str())]).unwrap();
        assert_eq!(db.get("flyer").unwrap().exodus_id, Some(12));
        assert_eq!(
            error_for(
                "conversion_tracking = true\n",
                "conversion_tracking = true\nexodus_id = 0\n"
            ),
            "sdks/flyer.toml: exodus_id: Exodus tracker ids start at 1"
        );
        let other = text
            .replace("\"flyer\"", "\"other\"")
            .replace("com.flyer", "com.other");
        let error = SdkDb::from_sources(&[("flyer.toml", text.as_str()), ("other.toml", &other)]);
        assert_eq!(
            error.unwrap_err().to_string(),
            "other.toml: exodus_id: 12 is already claimed by `flyer` (flyer.toml)"
        );
    }

    #[test]
    fn id_rules() {
        assert_eq!(
            error_for("id = \"flyer\"", "id = \"Flyer\""),
            "sdks/flyer.toml: id: `Flyer` is not a lowercase kebab-case id (a-z, 0-9, single hyphens)"
        );
        assert_eq!(
            error_for("id = \"flyer\"", "id = \"fly--er\""),
            "sdks/flyer.toml: id: `fly--er` is not a lowercase kebab-case id (a-z, 0-9, single hyphens)"
        );
        assert_eq!(
            error_for("id = \"flyer\"", "id = \"flyer-two\""),
            "sdks/flyer.toml: id: `flyer-two` does not match the file name `flyer.toml` \
             (expected `flyer-two.toml`)"
        );
        let twice = SdkDb::from_sources(&[("a/flyer.toml", GOOD), ("b/flyer.toml", GOOD)]);
        assert_eq!(
            twice.unwrap_err().to_string(),
            "b/flyer.toml: id: `flyer` is already defined by a/flyer.toml"
        );
    }

    #[test]
    fn field_rules() {
        assert_eq!(
            error_for("name = \"Flyer\"", "name = \" \""),
            "sdks/flyer.toml: name: must not be empty"
        );
        assert_eq!(
            error_for("vendor = \"Flyer Inc.\"", "vendor = \"\""),
            "sdks/flyer.toml: vendor: must not be empty"
        );
        assert_eq!(
            error_for("[\"attribution\"]", "[]"),
            "sdks/flyer.toml: categories: must name at least one category"
        );
        assert_eq!(
            error_for("[\"attribution\"]", "[\"attribution\", \"attribution\"]"),
            "sdks/flyer.toml: categories[1]: `attribution` is listed twice"
        );
        assert_eq!(
            error_for(
                "name = \"Flyer\"",
                "name = \"Flyer\"\ndocs = \"flyer.example\""
            ),
            "sdks/flyer.toml: docs: `flyer.example` is not an https:// URL"
        );
        assert_eq!(
            error_for("class_prefixes = [\"com.flyer\"]", ""),
            "sdks/flyer.toml: android: no signatures: give [android] class_prefixes, classes or \
             meta_data_keys, or an [ios] table"
        );
        assert_eq!(
            error_for(
                "class_prefixes = [\"com.flyer\"]",
                "maven = [\"com.flyer:sdk\"]"
            ),
            "sdks/flyer.toml: android: no signatures: give class_prefixes, classes or meta_data_keys"
        );
    }

    #[test]
    fn an_ios_only_sdk_needs_no_android_table() {
        let text = GOOD.replace(
            "[android]\nclass_prefixes = [\"com.flyer\"]\n",
            "[ios]\nframeworks = [\"Flyer\"]\n",
        );
        let db = SdkDb::from_sources(&[("flyer.toml", text)]).unwrap();
        let sdk = db.get("flyer").unwrap();
        assert_eq!(sdk.android, AndroidSignatures::default());
        assert_eq!(sdk.ios.as_ref().unwrap().frameworks, ["Flyer"]);
    }

    #[test]
    fn signature_rules() {
        let prefix = "[\"com.flyer\"]";
        assert_eq!(
            error_for(prefix, "[\"com\"]"),
            "sdks/flyer.toml: android.class_prefixes[0]: `com` is too generic: a signature needs at \
             least two segments"
        );
        assert_eq!(
            error_for(prefix, "[\"com.flyer.\"]"),
            "sdks/flyer.toml: android.class_prefixes[0]: `com.flyer.` ends with a dot; write the \
             package without it"
        );
        assert_eq!(
            error_for(prefix, "[\"com.flyer\", \"com..flyer\"]"),
            "sdks/flyer.toml: android.class_prefixes[1]: `com..flyer` has an empty segment"
        );
        assert_eq!(
            error_for(prefix, "[\"com.fly-er\"]"),
            "sdks/flyer.toml: android.class_prefixes[0]: `com.fly-er` is not a Java package or class \
             name (segment `fly-er`)"
        );
        assert_eq!(
            error_for(prefix, "[\"com.google\"]"),
            "sdks/flyer.toml: android.class_prefixes[0]: `com.google` is too generic: unrelated SDKs \
             share it; name the SDK's own package"
        );
        assert_eq!(
            error_for(prefix, "[\"com.flyer\"]\nclasses = [\"com.facebook\"]"),
            "sdks/flyer.toml: android.classes[0]: `com.facebook` is too generic: unrelated SDKs share \
             it; name the SDK's own package"
        );
        assert_eq!(
            error_for(prefix, "[\"com.flyer\", \"com.flyer.core\"]"),
            "sdks/flyer.toml: android.class_prefixes[1]: `com.flyer.core` overlaps `com.flyer` \
             (android.class_prefixes[0]) of the same SDK"
        );
        assert_eq!(
            error_for(
                prefix,
                "[\"com.flyer\"]\nexclude_prefixes = [\"com.other.x\"]"
            ),
            "sdks/flyer.toml: android.exclude_prefixes[0]: `com.other.x` is not inside any of \
             android.class_prefixes"
        );
        assert_eq!(
            error_for(
                prefix,
                "[\"com.flyer\"]\nexclude_prefixes = [\"com.flyer\"]"
            ),
            "sdks/flyer.toml: android.exclude_prefixes[0]: `com.flyer` is not inside any of \
             android.class_prefixes"
        );
        assert_eq!(
            error_for(prefix, "[\"com.flyer\"]\nmeta_data_keys = [\"a key\"]"),
            "sdks/flyer.toml: android.meta_data_keys[0]: `a key` is not a meta-data name"
        );
        assert_eq!(
            error_for(prefix, "[\"com.flyer\"]\nmeta_data_keys = [\"k\", \"k\"]"),
            "sdks/flyer.toml: android.meta_data_keys[1]: `k` is listed twice"
        );
    }

    #[test]
    fn sdks_must_not_overlap() {
        let overlap = "signatures of different SDKs must not contain one another";
        assert_eq!(
            conflict("class_prefixes = [\"com.flyer.ads\"]"),
            format!(
                "sdks/other.toml: android.class_prefixes[0]: `com.flyer.ads` overlaps `com.flyer` of \
                 `flyer` (sdks/flyer.toml); {overlap}"
            )
        );
        assert_eq!(
            conflict("class_prefixes = [\"com.other\"]\nclasses = [\"com.flyer\"]"),
            format!(
                "sdks/other.toml: android.classes[0]: `com.flyer` overlaps `com.flyer` of `flyer` \
                 (sdks/flyer.toml); {overlap}"
            )
        );
        // A later SDK that contains an earlier one is reported on the later file too.
        let inner = GOOD
            .replace("\"flyer\"", "\"shared\"")
            .replace("\"com.flyer\"", "\"com.flyer.shared\"");
        let error = SdkDb::from_sources(&[("shared.toml", inner.as_str()), ("flyer.toml", GOOD)]);
        assert_eq!(
            error.unwrap_err().to_string(),
            format!(
                "flyer.toml: android.class_prefixes[0]: `com.flyer` overlaps `com.flyer.shared` of \
                 `shared` (shared.toml); {overlap}"
            )
        );
        // Not an overlap: a different package that merely starts with the same letters.
        let db = SdkDb::from_sources(&[
            ("flyer.toml", GOOD.to_string()),
            (
                "other.toml",
                GOOD.replace("flyer", "other")
                    .replace("com.other", "com.flyerx"),
            ),
        ]);
        assert_eq!(db.map(|db| db.len()), Ok(2));
    }

    #[test]
    fn an_excluded_package_may_belong_to_another_sdk() {
        let outer = GOOD.replace(
            "class_prefixes = [\"com.flyer\"]",
            "class_prefixes = [\"com.flyer\"]\nexclude_prefixes = [\"com.flyer.shared\"]",
        );
        let inner = GOOD
            .replace("\"flyer\"", "\"shared\"")
            .replace("\"com.flyer\"", "\"com.flyer.shared\"");
        let db = SdkDb::from_sources(&[("flyer.toml", outer), ("shared.toml", inner)]).unwrap();
        assert_eq!(db.len(), 2);
    }

    #[test]
    fn meta_data_keys_belong_to_one_sdk() {
        let flyer = GOOD.replace(
            "class_prefixes = [\"com.flyer\"]",
            "class_prefixes = [\"com.flyer\"]\nmeta_data_keys = [\"k\"]",
        );
        let other = GOOD.replace("\"flyer\"", "\"other\"").replace(
            "class_prefixes = [\"com.flyer\"]",
            "meta_data_keys = [\"k\"]",
        );
        let error =
            SdkDb::from_sources(&[("flyer.toml", flyer), ("other.toml", other)]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "other.toml: android.meta_data_keys[0]: `k` is already claimed by `flyer` (flyer.toml)"
        );
    }
}
