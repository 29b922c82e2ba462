//! SDK versions: where an Android bundle reveals the version of an SDK it contains. (iOS
//! versions come from Info.plists, `inventory::ios`, and from `[ios] version_strings`,
//! `inventory::ios_version`; both run before this pass, which only fills what they left.)
//!
//! Three sources, strongest first; the first that gives a version wins, and the hit's
//! [`SdkHit::version_evidence`] names where it came from:
//! 1. **Build metadata**: an AAB's `dependencies.pb` (see `inventory::maven`): the version of the
//!    SDK's first declared Maven coordinate.
//! 2. **Library version files**: `META-INF/<group>_<artifact>.version` entries of an APK
//!    ([`Facts::version_files`]), which AndroidX, Firebase and Play services artifacts ship in
//!    their jars (`META-INF/com.google.firebase_firebase-analytics.version` holds `21.5.0`).
//!    They are mapped through the SDK's `android.maven` coordinates, in the order listed. Like
//!    `dependencies.pb` they are build metadata, so a matching file makes the hit `declared`
//!    (and reports an SDK that was not otherwise seen).
//! 3. **Version strings**: `android.version_strings` templates, matched against whole string
//!    constants of the bundle ([`Facts::strings`]) of an SDK that is already a hit: where real
//!    SDKs keep their version as a constant, e.g. Adjust's `Constants.CLIENT_SDK =
//!    "android4.38.0"` (`{ template = "android{version}", class = "com.adjust.sdk.Constants" }`),
//!    AppsFlyer's build string `"AppsFlyer_6.14.0"`, the `SourceFile` attribute
//!    `"com.google.android.gms:play-services-measurement-api@@21.5.0"` that Play services classes
//!    carry. `{version}` stands for two to four dot-separated numbers (`6.14.0`, `4.38`,
//!    `3.3.0.12`). With `class`, the string must come from the DEX file that defines that class
//!    (the SDK's own constant, not an app's look-alike); without it, any string of the bundle
//!    counts, so the template must be specific enough to name the SDK by itself. A bare
//!    `{version}` (`BuildConfig.VERSION_NAME = "2.1.0"`) needs `class` and counts only in that
//!    class's own class file, so it gives versions for `.jar` and `.aar` inputs and none in a
//!    DEX. Templates are tried in the order listed; for each, strings in bundle order.
//!
//! Cost: for each hit SDK, one pass over its `maven` coordinates × version files (a few dozen),
//! and for each hit SDK *without a version yet* that has templates, one pass over the strings with
//! a `starts_with`/`ends_with` test per template.
//!
//! [`SdkHit::version_evidence`]: super::SdkHit::version_evidence
//! [`Facts::version_files`]: crate::facts::Facts::version_files
//! [`Facts::strings`]: crate::facts::Facts::strings

use super::hit::{MAX_EVIDENCE, SdkHit};
pub use super::schema::{VersionFormat, VersionString};
use super::{Confidence, SdkDb, SdkDef};
use crate::facts::{Facts, Location};

/// Give every hit of `hits` that has no version yet the version its library version files or
/// version strings show, and add the SDKs that only version files show (as `declared`).
/// `hits` and the result are sorted by id.
pub(super) fn add_versions(db: &SdkDb, facts: &Facts, mut hits: Vec<SdkHit>) -> Vec<SdkHit> {
    if !facts.version_files.is_empty() {
        hits = add_version_files(db, facts, hits);
    }
    let mut by_file: Option<FileSpans<'_>> = None;
    for hit in hits.iter_mut().filter(|h| h.version.is_none()) {
        let Some(sdk) = db.get(&hit.id) else { continue };
        if sdk.android.version_strings.is_empty() {
            continue;
        }
        let spans = by_file.get_or_insert_with(|| FileSpans::of(facts));
        if let Some((version, location)) = from_strings(sdk, facts, spans) {
            hit.version = Some(version);
            hit.version_evidence = Some(location);
        }
    }
    hits
}

fn add_version_files(db: &SdkDb, facts: &Facts, mut hits: Vec<SdkHit>) -> Vec<SdkHit> {
    for sdk in db.iter() {
        let files: Vec<_> = sdk
            .android
            .maven
            .iter()
            .filter_map(|c| c.split_once(':'))
            .flat_map(|(group, artifact)| {
                facts
                    .version_files
                    .iter()
                    .filter(move |f| f.is_of(group, artifact))
            })
            .collect();
        let Some(first) = files.first() else { continue };
        let locations = files.iter().map(|f| f.location.clone());
        match hits.binary_search_by(|hit| hit.id.as_str().cmp(&sdk.id)) {
            Ok(i) => {
                let hit = &mut hits[i];
                if hit.version.is_none() {
                    hit.version = Some(first.version.clone());
                    hit.version_evidence = Some(first.location.clone());
                }
                hit.confidence = hit.confidence.max(Confidence::Declared);
                hit.add_evidence(locations, files.len());
            }
            Err(i) => hits.insert(
                i,
                SdkHit {
                    version: Some(first.version.clone()),
                    version_evidence: Some(first.location.clone()),
                    ..SdkHit::new(
                        sdk,
                        Confidence::Declared,
                        locations.take(MAX_EVIDENCE).collect(),
                        files.len(),
                    )
                },
            ),
        }
    }
    hits
}

/// Per file of `facts.strings`, the indexes of its first and last string: a template anchored
/// to one file (the DEX or class file that defines its class) reads that span only, rather than
/// comparing every string's file name (a 159-DEX app has millions of strings, and each hit SDK
/// tries several templates).
struct FileSpans<'f>(std::collections::HashMap<&'f str, (usize, usize)>);

impl<'f> FileSpans<'f> {
    fn of(facts: &'f Facts) -> Self {
        let mut spans: std::collections::HashMap<&str, (usize, usize)> =
            std::collections::HashMap::new();
        let mut current: Option<(&str, usize)> = None;
        for (i, string) in facts.strings.iter().enumerate() {
            let file = string.location.file.as_str();
            // Strings come grouped by file: one lookup per run, not per string.
            if current.is_some_and(|(f, _)| std::ptr::eq(f, file) || f == file) {
                continue;
            }
            if let Some((f, start)) = current {
                spans.entry(f).or_insert((start, i - 1)).1 = i - 1;
            }
            spans.entry(file).or_insert((i, i));
            current = Some((file, i));
        }
        if let Some((f, _)) = current {
            spans.entry(f).or_insert((0, 0)).1 = facts.strings.len() - 1;
        }
        Self(spans)
    }

    /// The strings of `facts` that may belong to `file` (those outside it are filtered out by
    /// the caller's file test).
    fn strings<'s>(&self, facts: &'s Facts, file: &str) -> &'s [crate::facts::StringFact] {
        match self.0.get(file) {
            Some(&(first, last)) => &facts.strings[first..=last],
            None => &[],
        }
    }
}

/// The first version a template of `sdk` finds in `facts.strings`, with the string's location
/// (its locator followed by the string: `string #12 "android4.38.0"`).
fn from_strings(sdk: &SdkDef, facts: &Facts, spans: &FileSpans<'_>) -> Option<(String, Location)> {
    for hint in &sdk.android.version_strings {
        let file = match &hint.class {
            Some(class) => match defining_file(facts, class) {
                // A bare `{version}` only from the class's own class file (a JVM class file
                // holds one class; a DEX file holds thousands, and their version-like strings).
                Some(file) if hint.is_bare() && !file.ends_with(".class") => continue,
                Some(file) => Some(file),
                None => continue,
            },
            None => None,
        };
        let strings = match file {
            Some(f) => spans.strings(facts, f),
            None => &facts.strings,
        };
        let found = strings
            .iter()
            .filter(|s| file.is_none_or(|f| s.location.file == f))
            .find_map(|s| hint.extract(&s.value).map(|v| (v, s)));
        if let Some((version, string)) = found {
            let locator = format!("{} \"{}\"", string.location.locator, string.value);
            return Some((
                version.to_string(),
                Location::new(&string.location.file, locator),
            ));
        }
    }
    None
}

/// The DEX file that defines `class` (`facts.classes` is sorted by name).
fn defining_file<'f>(facts: &'f Facts, class: &str) -> Option<&'f str> {
    let i = facts
        .classes
        .binary_search_by(|c| c.name.as_str().cmp(class))
        .ok()?;
    let fact = &facts.classes[i];
    fact.defined.then_some(fact.location.file.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::versions::LibraryVersionFile;
    use crate::facts::{BundleFormat, ClassFact, Platform, StringFact};
    use crate::inventory::Inventory;

    const FLYER: &str = r#"
        id = "flyer"
        name = "Flyer"
        vendor = "Flyer Inc."
        categories = ["attribution"]
        conversion_tracking = true
        [android]
        class_prefixes = ["com.flyer"]
        maven = ["com.flyer:flyer-sdk", "com.flyer:flyer-core"]
        version_strings = [
            { template = "android{version}", class = "com.flyer.Constants" },
            { template = "FlyerSdk/{version} (Android)" },
        ]
    "#;

    fn db() -> SdkDb {
        SdkDb::from_sources(&[("flyer.toml", FLYER)]).unwrap()
    }

    fn facts(classes: &[(&str, &str)], strings: &[(&str, &str)]) -> Facts {
        let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        for &(name, file) in classes {
            facts.classes.push(ClassFact {
                name: name.into(),
                defined: true,
                location: Location::new(file, format!("class L{};", name.replace('.', "/"))),
            });
        }
        facts.classes.sort();
        for (i, &(value, file)) in strings.iter().enumerate() {
            facts.strings.push(StringFact {
                value: value.into(),
                location: Location::new(file, format!("string #{i}")),
            });
        }
        facts
    }

    fn hint(template: &str) -> VersionString {
        VersionString {
            template: template.into(),
            class: None,
            symbol: None,
            format: VersionFormat::Dotted,
        }
    }

    #[test]
    fn templates_extract_whole_versions() {
        let h = hint("android{version}");
        assert_eq!(h.extract("android4.38.0").as_deref(), Some("4.38.0"));
        assert_eq!(h.extract("android4.38").as_deref(), Some("4.38"));
        assert_eq!(h.extract("android3.3.0.12").as_deref(), Some("3.3.0.12"));
        for miss in [
            "android4",
            "android4.38.0-beta",
            "android4..0",
            "android.4.0",
            "xandroid4.38.0",
            "android1.2.3.4.5",
            "android",
        ] {
            assert_eq!(h.extract(miss).as_deref(), None, "{miss}");
        }
        let h = hint("FlyerSdk/{version} (Android)");
        assert_eq!(
            h.extract("FlyerSdk/6.1.0 (Android)").as_deref(),
            Some("6.1.0")
        );
        assert_eq!(h.extract("FlyerSdk/6.1.0 (iOS)").as_deref(), None);
    }

    #[test]
    fn packed_versions_are_read_two_digits_a_part() {
        let h = VersionString {
            format: VersionFormat::Packed,
            ..hint("{version}")
        };
        assert_eq!(h.extract("020904").as_deref(), Some("2.9.4"));
        assert_eq!(h.extract("030400").as_deref(), Some("3.4.0"));
        assert_eq!(h.extract("05010203").as_deref(), Some("5.1.2.3"));
        for miss in ["2.9.4", "0209", "0209041", "02090a", "", "0209040506"] {
            assert_eq!(h.extract(miss), None, "{miss}");
        }
        // The dotted reading of the same template takes none of them.
        assert_eq!(hint("{version}").extract("020904"), None);
    }

    /// A file's strings need not be contiguous: its span covers every run of them.
    #[test]
    fn a_version_string_in_a_later_run_of_the_defining_dex() {
        let db = db();
        let f = facts(
            &[("com.flyer.Constants", "classes2.dex")],
            &[
                ("hello", "classes2.dex"),
                ("android9.9.9", "classes.dex"),
                ("android1.2.3", "classes2.dex"),
                ("android7.7.7", "classes3.dex"),
            ],
        );
        let spans = FileSpans::of(&f);
        assert_eq!(spans.0.get("classes2.dex"), Some(&(0, 2)));
        assert_eq!(spans.0.get("classes3.dex"), Some(&(3, 3)));
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.version.as_deref(), Some("1.2.3"));
    }

    #[test]
    fn a_version_string_in_the_defining_dex() {
        let db = db();
        let f = facts(
            &[("com.flyer.Constants", "classes2.dex")],
            &[
                ("android9.9.9", "classes.dex"),
                ("android1.2.3", "classes2.dex"),
            ],
        );
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.version.as_deref(), Some("1.2.3"));
        assert_eq!(
            hit.version_evidence,
            Some(Location::new("classes2.dex", "string #1 \"android1.2.3\""))
        );
        assert_eq!(hit.confidence, Confidence::Defined);
    }

    #[test]
    fn an_anchored_template_needs_its_class_and_an_unanchored_one_does_not() {
        let db = db();
        // No `com.flyer.Constants`: the first template does not apply; the second does.
        let f = facts(
            &[("com.flyer.Lib", "classes.dex")],
            &[
                ("android1.2.3", "classes.dex"),
                ("FlyerSdk/6.1.0 (Android)", "lib/arm64-v8a/libflyer.so"),
            ],
        );
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.version.as_deref(), Some("6.1.0"));
        assert_eq!(
            hit.version_evidence.as_ref().unwrap().file,
            "lib/arm64-v8a/libflyer.so"
        );
        // No hit, no version: strings alone never report the SDK.
        let f = facts(&[], &[("FlyerSdk/6.1.0 (Android)", "classes.dex")]);
        assert!(Inventory::build(&db, &f).sdks.is_empty());
    }

    #[test]
    fn a_bare_version_only_from_its_class_file() {
        let text = FLYER.replace(
            "{ template = \"android{version}\", class = \"com.flyer.Constants\" },",
            "{ template = \"{version}\", class = \"com.flyer.BuildConfig\" },",
        );
        assert_ne!(text, FLYER);
        let db = SdkDb::from_sources(&[("flyer.toml", text)]).unwrap();
        // A jar: each class is its own file; the string of another class does not count.
        let f = facts(
            &[
                ("com.flyer.BuildConfig", "com/flyer/BuildConfig.class"),
                ("com.flyer.Lib", "com/flyer/Lib.class"),
            ],
            &[
                ("9.9", "com/flyer/Lib.class"),
                ("release", "com/flyer/BuildConfig.class"),
                ("6.2.1", "com/flyer/BuildConfig.class"),
            ],
        );
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.version.as_deref(), Some("6.2.1"));
        assert_eq!(
            hit.version_evidence,
            Some(Location::new(
                "com/flyer/BuildConfig.class",
                "string #2 \"6.2.1\""
            ))
        );
        // A DEX holds every class's strings: a bare version there is anyone's.
        let f = facts(
            &[("com.flyer.BuildConfig", "classes.dex")],
            &[("6.2.1", "classes.dex")],
        );
        assert_eq!(Inventory::build(&db, &f).sdks[0].version, None);
    }

    #[test]
    fn version_files_are_declared_and_win_over_strings() {
        let db = db();
        let mut f = facts(
            &[("com.flyer.Constants", "classes.dex")],
            &[("android1.2.3", "classes.dex")],
        );
        for (stem, version) in [
            ("com.flyer_flyer-core", "2.0.1"),
            ("com.flyer_flyer-sdk", "2.0.0"),
            ("androidx.core_core", "1.12.0"),
        ] {
            f.version_files.push(LibraryVersionFile {
                stem: stem.into(),
                version: version.into(),
                location: Location::new(
                    format!("META-INF/{stem}.version"),
                    format!("version {version}"),
                ),
            });
        }
        let hit = &Inventory::build(&db, &f).sdks[0];
        // The SDK's class is defined: defined outweighs the declaring version files.
        assert_eq!(hit.confidence, Confidence::Defined);
        // The main artifact (listed first) gives the version.
        assert_eq!(hit.version.as_deref(), Some("2.0.0"));
        assert_eq!(
            hit.version_evidence,
            Some(Location::new(
                "META-INF/com.flyer_flyer-sdk.version",
                "version 2.0.0"
            ))
        );
        assert_eq!(hit.evidence_total, 3);
        assert_eq!(hit.evidence[0].file, "classes.dex", "the code comes first");
        assert_eq!(hit.evidence[1].file, "META-INF/com.flyer_flyer-sdk.version");

        // A version file alone reports the SDK, declared.
        f.classes.clear();
        let hit = &Inventory::build(&db, &f).sdks[0];
        assert_eq!(hit.confidence, Confidence::Declared);
        assert_eq!(hit.evidence_total, 2);
    }

    #[test]
    fn stems_compare_whole() {
        let file = LibraryVersionFile {
            stem: "com.flyer_flyer-sdk".into(),
            version: "1.0".into(),
            location: Location::new("x", "y"),
        };
        assert!(file.is_of("com.flyer", "flyer-sdk"));
        assert!(!file.is_of("com.flyer", "sdk"));
        assert!(!file.is_of("com", "flyer_flyer-sdk"));
        assert!(!file.is_of("com.flyer_flyer", "sdk"));
    }

    #[test]
    fn validation() {
        let error = |hints: &str| {
            let text = FLYER.replace(
                "version_strings = [\n            { template = \"android{version}\", class = \"com.flyer.Constants\" },\n            { template = \"FlyerSdk/{version} (Android)\" },\n        ]",
                &format!("version_strings = [{hints}]"),
            );
            assert_ne!(text, FLYER);
            SdkDb::from_sources(&[("flyer.toml", text)])
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error("{ template = \"android\" }"),
            "flyer.toml: android.version_strings[0]: `android` must contain `{version}` once"
        );
        assert_eq!(
            error("{ template = \"{version}\" }"),
            "flyer.toml: android.version_strings[0]: `{version}` is only the version: give the \
             text around it, or the class whose constant it is"
        );
        assert_eq!(
            error("{ template = \"{version}\", format = \"packed\" }"),
            "flyer.toml: android.version_strings[0]: `{version}` is only the version: give the \
             text around it, or the class whose constant it is"
        );
        assert_eq!(
            error("{ template = \"flyer-sdk-{version}\", format = \"packed\" }"),
            "flyer.toml: android.version_strings[0]: `flyer-sdk-{version}` is packed digits: give \
             the class whose constant it is"
        );
        assert_eq!(
            error("{ template = \"v{version}\" }"),
            "flyer.toml: android.version_strings[0]: `v{version}` is too generic without `class`: \
             give the class that holds it or at least 6 characters around `{version}`"
        );
        assert_eq!(
            error("{ template = \"v{version}\", class = \"com..A\" }"),
            "flyer.toml: android.version_strings[0]: `com..A` has an empty segment"
        );
        assert_eq!(
            error("{ template = \"Flyer_{version}\" }, { template = \"Flyer_{version}\" }"),
            "flyer.toml: android.version_strings[1]: `Flyer_{version}` is listed twice"
        );
        assert!(error("{ template = \"x\", colour = 1 }").contains("unknown field `colour`"));
        assert_eq!(
            error("{ template = \"{version}\", symbol = \"_kFlyerVersion\" }"),
            "flyer.toml: android.version_strings[0]: `symbol` is for iOS only: give the class \
             whose constant it is"
        );
    }
}
