//! The SDK database and the inventory matcher: which known SDKs a bundle's [`Facts`] show.
//!
//! The database is one TOML file per SDK (`sdks/<id>.toml`, documented in `sdks/README.md`),
//! embedded at build time and validated by [`SdkDb::from_sources`]: ids, categories, well-formed
//! and specific signatures, and no two SDKs whose signatures overlap.
//!
//! # How matching works
//! An SDK's Android signatures are package-anchored *class prefixes* and exact *classes*. A prefix
//! `com.appsflyer` matches the class `com.appsflyer` itself and every class whose name continues
//! with `.` or `$` (`com.appsflyer.AppsFlyerLib`, `com.appsflyer.a.B`), never `com.appsflyerx.Y`.
//! An exact class `com.tiktok.TikTokBusinessSdk` matches itself and its inner classes (`$…`).
//! Classes inside one of the SDK's `exclude_prefixes` never count.
//!
//! [`Facts::classes`] is sorted by name, so every name that starts with a given string forms one
//! contiguous run. For each signature the matcher finds the runs for `sig`, `sig.` and `sig$` with
//! a binary search (`partition_point`) and walks only them: the cost is
//! O(signatures × log classes + matched classes), independent of the size of the rest of the app.
//! Manifest components whose class a signature matches, and `<meta-data>` whose name is one of the
//! SDK's `meta_data_keys`, are checked against every SDK: O(signatures × (components + meta-data)),
//! small since manifests declare hundreds of entries, not hundreds of thousands.
//!
//! # Confidence and evidence
//! A hit is [`Confidence::Defined`] when any matched class is defined in the bundle, otherwise
//! [`Confidence::Referenced`] (classes only referenced, or manifest components and meta-data).
//! Evidence lists defined classes first, then manifest components, meta-data and referenced
//! classes, each group in the order of the facts, capped at [`MAX_EVIDENCE`];
//! [`SdkHit::evidence_total`] counts all of it. Versions: see `version` (build metadata, library
//! version files, version strings). An SDK named only by one of its `domains` in a string is a
//! [`Confidence::String`] hit: see `strings`.
//!
//! [`Facts`]: crate::facts::Facts
//! [`Facts::classes`]: crate::facts::Facts::classes

pub mod apis;
pub mod apple_list;
mod db;
pub mod exodus;
mod hit;
mod ios;
pub mod ios_apis;
mod ios_version;
mod matcher;
mod maven;
mod schema;
mod signature;
mod strings;
pub mod user;
mod version;

pub use apis::{ApiCall, ApiDef, ApiKind, TrackingEvent};
pub use db::{AndroidSignatures, DbError, SdkDb, SdkDef};
pub use hit::{MAX_EVIDENCE, SdkHit};
pub use ios::IosSignatures;
pub use matcher::Inventory;
pub(crate) use signature::covers_package;
pub use version::{VersionFormat, VersionString};

use serde::{Deserialize, Serialize};

/// What an SDK does. The list is fixed; a database file naming anything else is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Attribution,
    Advertising,
    Analytics,
    Consent,
    AgeSignal,
    CrashReporting,
    Login,
    Social,
}

impl Category {
    /// The name used in database files and reports (`age-signal`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Attribution => "attribution",
            Category::Advertising => "advertising",
            Category::Analytics => "analytics",
            Category::Consent => "consent",
            Category::AgeSignal => "age-signal",
            Category::CrashReporting => "crash-reporting",
            Category::Login => "login",
            Category::Social => "social",
        }
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How strongly the bundle shows an SDK, as the JSON contract names it.
///
/// Ordered by strength: `Defined > Declared > Referenced > String` (the JSON contract's order:
/// the SDK's own code in the bundle outweighs build metadata naming it), so `max()` of several
/// confidences is the strongest one, whichever evidence was seen first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Build metadata names the SDK (an AAB's dependencies, a framework's Info.plist).
    Declared,
    /// The SDK's own classes or symbols are in the bundle.
    Defined,
    /// The app only refers to the SDK (referenced classes, manifest components and keys).
    Referenced,
    /// Only a domain, key or string was seen.
    String,
}

impl Confidence {
    /// Strength, higher is stronger: `Defined` 3, `Declared` 2, `Referenced` 1, `String` 0.
    pub fn rank(self) -> u8 {
        match self {
            Confidence::Defined => 3,
            Confidence::Declared => 2,
            Confidence::Referenced => 1,
            Confidence::String => 0,
        }
    }

    /// The name used in reports (`defined`).
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Declared => "declared",
            Confidence::Defined => "defined",
            Confidence::Referenced => "referenced",
            Confidence::String => "string",
        }
    }
}

impl PartialOrd for Confidence {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Confidence {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_orders_by_strength() {
        assert!(Confidence::Defined > Confidence::Declared);
        assert!(Confidence::Declared > Confidence::Referenced);
        assert!(Confidence::Referenced > Confidence::String);
        let strongest = [
            Confidence::Referenced,
            Confidence::Declared,
            Confidence::Defined,
            Confidence::String,
        ]
        .into_iter()
        .max();
        assert_eq!(strongest, Some(Confidence::Defined));
    }

    #[test]
    fn enums_serialize_as_the_json_contract_names_them() {
        let json = serde_json::to_string(&(Category::AgeSignal, Category::CrashReporting)).unwrap();
        assert_eq!(json, r#"["age-signal","crash-reporting"]"#);
        for category in [
            Category::Attribution,
            Category::AgeSignal,
            Category::CrashReporting,
        ] {
            let json = serde_json::to_string(&category).unwrap();
            assert_eq!(json, format!("\"{category}\""));
        }
        let json = serde_json::to_string(&[Confidence::Declared, Confidence::String]).unwrap();
        assert_eq!(json, r#"["declared","string"]"#);
    }
}
