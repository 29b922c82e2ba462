//! The SDK database: loading `sdks/*.toml` sources into [`SdkDb`], each validated by the schema
//! (`inventory::schema`) alone and against the files before it.

use std::sync::OnceLock;

pub use super::schema::{AndroidSignatures, DbError, SdkDef};
use super::schema::{check_conflicts, validate};

include!(concat!(env!("OUT_DIR"), "/builtin_sdks.rs"));

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
    use crate::inventory::Category;
    use crate::inventory::schema::SdkPlatform;

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
