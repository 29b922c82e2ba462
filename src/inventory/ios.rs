//! The `[ios]` part of the SDK database: how an SDK shows in Mach-O binaries, the rules its values
//! follow, and the matcher over [`Facts::apple_binaries`].
//!
//! # How matching works
//! - `frameworks`: a framework name (`AppsFlyerLib`) matches an image whose own install name
//!   (`LC_ID_DYLIB`) is `…/AppsFlyerLib.framework/AppsFlyerLib` (the SDK's binary is in the bundle:
//!   `defined`) and a linked library with such an install name (`referenced`).
//! - `objc_class_prefixes`: a prefix (`ADJ`) matches a class whose name starts with it *followed
//!   by an uppercase letter*, Apple's class-prefix convention: `ADJConfig`, never `ADJ`, `ADJust`
//!   or `Adjust`. A prefix still matches any class that happens to follow it with an uppercase
//!   letter, so prefixes must be specific to the vendor (`FIR` would take Firebase Core for
//!   Analytics: name the classes instead).
//!   `exclude_class_prefixes` takes back longer prefixes inside them that are other vendors'
//!   code (`GADMAdapter`: a network's mediation adapter for Google Mobile Ads).
//! - `objc_classes`: exact class names (`Adjust`, `AppsFlyerLib`).
//! - `swift_modules`: the module of a Swift type named by a mangled symbol or type reference.
//! - `symbols`: exact symbol-table names, with the leading underscore (`_ADJEnvironmentProduction`):
//!   exported → `defined`, imported → `referenced`. Only the kept symbols are searched
//!   (`apple::macho::MAX_KEPT_SYMBOLS` per image).
//!
//! A class or Swift type defined in an image, a symbol it exports or the framework's own binary
//! make the hit `defined`; classes and symbols only imported, and linked frameworks, make it
//! `referenced`. Each piece of evidence is listed once per name (a fat vendor library shows the
//! same class in every slice).
//!
//! Embedded frameworks (`Frameworks/AppsFlyerLib.framework`, the framework of a vendor
//! `.framework` or the slices of an `.xcframework`: [`Facts::apple`]`.frameworks`) whose name is one
//! of `frameworks` are matched by [`add_frameworks`]: the framework's Info.plist is build metadata,
//! so the hit becomes `declared`, its evidence starts with that Info.plist, and its version is the
//! framework's `CFBundleShortVersionString` (the first framework that has one). A dylib embedded
//! without a framework directory has no Info.plist and is not matched this way. A `defined` hit
//! that still has no version takes the version of the framework whose binary defines its classes,
//! named in `frameworks` or not.
//!
//! Cost: per SDK and image, one binary search per prefix or class in the image's sorted class list,
//! one per symbol in its sorted symbol lists, and a walk of its (short) linked-library and Swift
//! type lists.
//!
//! [`Facts::apple_binaries`]: crate::facts::Facts::apple_binaries

use std::collections::HashSet;

pub use super::schema::IosSignatures;
pub(crate) use super::schema::covers_class_prefix;
use super::{Confidence, MAX_EVIDENCE, SdkDb, SdkHit};
use crate::facts::apple_binary::{AppleBinary, ObjcClass, framework_of};
use crate::facts::apple_metadata::FrameworkKind;
use crate::facts::{Facts, Location};

/// Add what the embedded frameworks show: each framework directory named in an SDK's `frameworks`
/// makes the SDK `declared`, with the framework's version (see the module docs).
pub(crate) fn add_frameworks(db: &SdkDb, facts: &Facts, mut hits: Vec<SdkHit>) -> Vec<SdkHit> {
    if facts.apple.frameworks.is_empty() {
        return hits;
    }
    // Frameworks the database names.
    for sdk in db.iter() {
        let Some(ios) = &sdk.ios else { continue };
        let frameworks: Vec<_> = facts
            .apple
            .frameworks
            .iter()
            .filter(|fw| fw.kind == FrameworkKind::Framework && ios.frameworks.contains(&fw.name))
            .collect();
        if frameworks.is_empty() {
            continue;
        }
        let version = frameworks.iter().find_map(|fw| fw.version.clone());
        let version_evidence = frameworks
            .iter()
            .find(|fw| fw.version.is_some())
            .map(|fw| fw.location.clone());
        // Only a framework's Info.plist is build metadata; a bare framework directory (no
        // Info.plist) says no more than its binary does.
        let confidence = if frameworks
            .iter()
            .any(|fw| fw.version.is_some() || fw.bundle_id.is_some())
        {
            Confidence::Declared
        } else {
            Confidence::Defined
        };
        let paths: Vec<String> = frameworks.iter().map(|fw| fw.path.clone()).collect();
        let locations = frameworks.iter().map(|fw| fw.location.clone());
        match hits.binary_search_by(|hit| hit.id.as_str().cmp(&sdk.id)) {
            Ok(i) => {
                let hit = &mut hits[i];
                hit.confidence = hit.confidence.max(confidence);
                if hit.version.is_none() && version.is_some() {
                    hit.version = version;
                    hit.version_evidence = version_evidence;
                }
                hit.add_evidence(locations, frameworks.len());
                hit.embedded_frameworks = paths;
            }
            Err(i) => hits.insert(
                i,
                SdkHit {
                    version,
                    version_evidence,
                    embedded_frameworks: paths,
                    ..SdkHit::new(
                        sdk,
                        confidence,
                        locations.take(MAX_EVIDENCE).collect(),
                        frameworks.len(),
                    )
                },
            ),
        }
    }
    version_from_defining_framework(db, facts, &mut hits);
    hits
}

/// A hit still without a version whose classes a framework's own binary defines takes that
/// framework's `CFBundleShortVersionString`: a vendor framework the database's `frameworks` does
/// not name (a renamed or wrapper build, `AppsFlyerLib-Dynamic`, a vendor's umbrella) still says
/// its version in its Info.plist. Only `defined` evidence counts: a framework that merely imports
/// the SDK's classes is another library, with its own version.
fn version_from_defining_framework(db: &SdkDb, facts: &Facts, hits: &mut [SdkHit]) {
    for hit in hits.iter_mut() {
        if hit.version.is_some() || hit.confidence < Confidence::Defined {
            continue;
        }
        let Some(ios) = db.get(&hit.id).and_then(|sdk| sdk.ios.as_ref()) else {
            continue;
        };
        let defines = |fw_path: &str| {
            facts
                .apple_binaries
                .iter()
                .filter(|b| {
                    b.path
                        .strip_prefix(fw_path)
                        .is_some_and(|rest| rest.starts_with('/'))
                })
                .any(|b| {
                    let mut seen = HashSet::new();
                    let mut out = IosEvidence::default();
                    match_binary(ios, b, &mut seen, &mut out, &mut Vec::new());
                    !out.defined.is_empty()
                })
        };
        let found = facts.apple.frameworks.iter().find(|fw| {
            fw.kind == FrameworkKind::Framework && fw.version.is_some() && defines(&fw.path)
        });
        if let Some(fw) = found {
            hit.version = fw.version.clone();
            hit.version_evidence = Some(fw.location.clone());
        }
    }
}

/// What the Mach-O facts show of one SDK, in the order of the facts.
#[derive(Debug, Default)]
pub(crate) struct IosEvidence {
    pub defined: Vec<Location>,
    pub referenced: Vec<Location>,
}

impl IosEvidence {
    pub fn len(&self) -> usize {
        self.defined.len() + self.referenced.len()
    }
}

/// Match `ios` against every Mach-O image of `facts`.
pub(crate) fn evidence(ios: Option<&IosSignatures>, facts: &Facts) -> IosEvidence {
    let mut out = IosEvidence::default();
    let Some(ios) = ios else { return out };
    // (kind, name, defined): one piece of evidence per name and strength, whatever the slice
    // or member. Keyed on strength too, so that the app's import of `ADJConfig`, seen first,
    // never hides the framework that defines it (the hit would come out `referenced`).
    let mut seen: HashSet<(u8, &str, bool)> = HashSet::new();
    let mut referenced: Vec<((u8, &str), Location)> = Vec::new();
    for binary in &facts.apple_binaries {
        match_binary(ios, binary, &mut seen, &mut out, &mut referenced);
    }
    // A name also defined somewhere is shown once, as defined.
    out.referenced = referenced
        .into_iter()
        .filter(|((kind, name), _)| !seen.contains(&(*kind, *name, true)))
        .map(|(_, location)| location)
        .collect();
    out
}

pub(super) fn match_binary<'f>(
    ios: &IosSignatures,
    binary: &'f AppleBinary,
    seen: &mut HashSet<(u8, &'f str, bool)>,
    out: &mut IosEvidence,
    referenced: &mut Vec<((u8, &'f str), Location)>,
) {
    let mut add = |kind: u8, name: &'f str, defined: bool, location: Location| {
        if seen.insert((kind, name, defined)) {
            if defined {
                out.defined.push(location);
            } else {
                referenced.push(((kind, name), location));
            }
        }
    };
    if let Some(id) = &binary.id
        && framework_of(&id.install_name).is_some_and(|f| ios.frameworks.iter().any(|x| x == f))
    {
        let location = binary.locate(format_args!("LC_ID_DYLIB {}", id.install_name));
        add(0, &id.install_name, true, location);
    }
    for lib in &binary.linked_libraries {
        if lib
            .framework()
            .is_some_and(|f| ios.frameworks.iter().any(|x| x == f))
        {
            add(0, &lib.install_name, false, lib.location.clone());
        }
    }
    let classes = &binary.objc_classes;
    let mut hits: Vec<&'f ObjcClass> = Vec::new();
    for prefix in &ios.objc_class_prefixes {
        let start = classes.partition_point(|c| c.name.as_str() < prefix.as_str());
        hits.extend(
            classes[start..]
                .iter()
                .take_while(|c| c.name.starts_with(prefix.as_str()))
                .filter(|c| covers_class_prefix(prefix, &c.name) && !ios.excludes_class(&c.name)),
        );
    }
    for class in &ios.objc_classes {
        if let Ok(i) = classes.binary_search_by(|c| c.name.as_str().cmp(class)) {
            hits.push(&classes[i]);
        }
    }
    hits.sort_by(|a, b| a.name.cmp(&b.name));
    for class in hits {
        add(1, &class.name, class.defined, class.location.clone());
    }
    for ty in &binary.swift_types {
        if ios.swift_modules.contains(&ty.module) {
            add(2, &ty.module, ty.defined, ty.location.clone());
        }
    }
    for symbol in &ios.symbols {
        let find = |list: &'f [String]| {
            list.binary_search_by(|s| s.as_str().cmp(symbol))
                .ok()
                .map(|i| list[i].as_str())
        };
        if let Some(name) = find(&binary.symbols.exported) {
            add(3, name, true, binary.locate(format_args!("symbol {name}")));
        } else if let Some(name) = find(&binary.symbols.imported) {
            add(
                3,
                name,
                false,
                binary.locate(format_args!("imported symbol {name}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::SdkDb;

    const BASE: &str = "id = \"flyer\"\nname = \"Flyer\"\nvendor = \"F\"\ncategories = [\"attribution\"]\n\
                        conversion_tracking = true\n[android]\nclass_prefixes = [\"com.flyer\"]\n[ios]\n";

    fn error(ios: &str) -> String {
        SdkDb::from_sources(&[("flyer.toml", format!("{BASE}{ios}"))])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn validation_names_the_key() {
        assert_eq!(
            error("objc_class_prefixes = [\"F\"]"),
            "flyer.toml: ios.objc_class_prefixes[0]: `F` is too generic: a prefix needs two characters or more"
        );
        assert_eq!(
            error("objc_class_prefixes = [\"fly\"]"),
            "flyer.toml: ios.objc_class_prefixes[0]: `fly` is not a class-name prefix (an identifier starting with an uppercase letter)"
        );
        assert_eq!(
            error("objc_class_prefixes = [\"FLY\"]\nobjc_classes = [\"FLYConfig\"]"),
            "flyer.toml: ios.objc_classes[0]: `FLYConfig` is already covered by the prefix `FLY`"
        );
        assert_eq!(
            error("objc_class_prefixes = [\"FLY\", \"FLYSDK\"]"),
            "flyer.toml: ios.objc_class_prefixes[1]: `FLYSDK` overlaps `FLY` of the same SDK"
        );
        assert_eq!(
            error("frameworks = [\"Flyer.framework\"]"),
            "flyer.toml: ios.frameworks[0]: `Flyer.framework` is not a framework name (write `X` for X.framework)"
        );
        assert_eq!(
            error("symbols = [\"_a\", \"_a\"]"),
            "flyer.toml: ios.symbols[1]: `_a` is listed twice"
        );
        assert_eq!(
            error(""),
            "flyer.toml: ios: no signatures: give frameworks, objc_class_prefixes, objc_classes, swift_modules or symbols"
        );
        assert!(error("colour = 1").starts_with("flyer.toml:9:1: unknown field `colour`"));
        assert_eq!(
            error("objc_class_prefixes = [\"FLY\"]\nexclude_class_prefixes = [\"GADMAdapter\"]"),
            "flyer.toml: ios.exclude_class_prefixes[0]: `GADMAdapter` is not inside any of ios.objc_class_prefixes"
        );
        assert_eq!(
            error(
                "objc_class_prefixes = [\"FLY\"]\nexclude_class_prefixes = [\"FLYAdapter\", \"FLYAdapter\"]"
            ),
            "flyer.toml: ios.exclude_class_prefixes[1]: `FLYAdapter` is listed twice"
        );
    }

    #[test]
    fn excluded_class_prefixes_are_not_the_sdk() {
        let text = format!(
            "{BASE}objc_class_prefixes = [\"FLY\"]\nexclude_class_prefixes = [\"FLYMAdapter\"]\n"
        );
        let db = SdkDb::from_sources(&[("flyer.toml", text)]).unwrap();
        let ios = db.get("flyer").unwrap().ios.as_ref().unwrap();
        assert!(ios.matches_class("FLYTracker"));
        assert!(!ios.matches_class("FLYMAdapterTeads"));
        // Anchored like the prefixes: `FLYMAdapters` is not in `FLYMAdapter`.
        assert!(ios.matches_class("FLYMAdapters"));
    }

    #[test]
    fn privacy_manifest_required_needs_frameworks() {
        let with = |ios: &str| {
            let text = BASE.replace(
                "conversion_tracking = true\n",
                "conversion_tracking = true\nprivacy_manifest_required = true\n",
            );
            SdkDb::from_sources(&[("flyer.toml", format!("{text}{ios}"))])
                .map(|db| db.get("flyer").unwrap().privacy_manifest_required)
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            with("objc_classes = [\"Flyer\"]"),
            Err(
                "flyer.toml: privacy_manifest_required: needs `[ios]` `frameworks`: the \
                 frameworks that must carry the manifest"
                    .to_string()
            )
        );
        assert_eq!(with("frameworks = [\"Flyer\"]"), Ok(true));
        let listed: Vec<&str> = SdkDb::builtin()
            .iter()
            .filter(|sdk| sdk.privacy_manifest_required)
            .map(|sdk| sdk.id.as_str())
            .collect();
        assert_eq!(
            listed,
            [
                "crashlytics",
                "facebook-app-events",
                "facebook-login",
                "facebook-share",
                "google-sign-in",
                "onesignal",
            ]
        );
    }

    #[test]
    fn conflicts_between_sdks() {
        let other = |ios: &str| {
            format!(
                "id = \"other\"\nname = \"O\"\nvendor = \"O\"\ncategories = [\"advertising\"]\n\
                 conversion_tracking = false\n[android]\nclass_prefixes = [\"org.other\"]\n[ios]\n{ios}"
            )
        };
        let pair = |mine: &str, theirs: &str| {
            SdkDb::from_sources(&[
                ("flyer.toml", format!("{BASE}{mine}")),
                ("other.toml", other(theirs)),
            ])
            .map(|_| ())
            .map_err(|e| e.to_string())
        };
        assert_eq!(
            pair("objc_class_prefixes = [\"FLY\"]", "objc_classes = [\"FLYView\"]"),
            Err("other.toml: ios.objc_classes[0]: `FLYView` overlaps `FLY` of `flyer` (flyer.toml); \
                 signatures of different SDKs must not overlap"
                .to_string())
        );
        assert_eq!(
            pair("frameworks = [\"Flyer\"]", "frameworks = [\"Flyer\"]"),
            Err(
                "other.toml: ios.frameworks[0]: `Flyer` overlaps `Flyer` of `flyer` (flyer.toml); \
                 signatures of different SDKs must not overlap"
                    .to_string()
            )
        );
        assert_eq!(
            pair(
                "objc_class_prefixes = [\"FLY\"]",
                "objc_class_prefixes = [\"FLYX\"]"
            )
            .map_err(|e| e.contains("`FLYX` overlaps `FLY`")),
            Err(true)
        );
        // `FL` covers `FLY` (an uppercase letter follows); `Fly` is a different prefix.
        assert!(
            pair(
                "objc_class_prefixes = [\"FL\"]",
                "objc_class_prefixes = [\"FLY\"]"
            )
            .is_err()
        );
        assert_eq!(
            pair(
                "objc_class_prefixes = [\"FLY\"]",
                "objc_class_prefixes = [\"Fly\"]"
            ),
            Ok(())
        );
    }

    #[test]
    fn prefixes_are_anchored_on_an_uppercase_letter() {
        assert!(covers_class_prefix("ADJ", "ADJConfig"));
        assert!(covers_class_prefix("GAD", "GADBannerView"));
        assert!(!covers_class_prefix("ADJ", "ADJ"));
        assert!(!covers_class_prefix("ADJ", "ADJust"));
        assert!(!covers_class_prefix("ADJ", "ADJ_internal"));
        assert!(!covers_class_prefix("ADJ", "Adjust"));
        assert!(!covers_class_prefix("BNC", "BN"));
    }

    /// A framework the database does not name, whose binary defines AppsFlyer's classes and whose
    /// Info.plist has a version: the hit takes that version; a framework that only imports the
    /// classes does not lend its own.
    #[test]
    fn version_from_the_framework_that_defines_the_classes() {
        use crate::facts::apple_binary::ClassSource;
        use crate::facts::apple_metadata::EmbeddedFramework;
        use crate::facts::{BundleFormat, Platform};
        let build = |defined: bool| {
            let dir = "Payload/A.app/Frameworks/AFWrapper.framework";
            let mut facts = Facts::new("a.ipa", Platform::Ios, BundleFormat::Ipa);
            facts.apple.frameworks.push(EmbeddedFramework {
                owner: "Payload/A.app".into(),
                name: "AFWrapper".into(),
                path: dir.into(),
                kind: FrameworkKind::Framework,
                bundle_id: Some("com.example.afwrapper".into()),
                version: Some("6.14.3".into()),
                has_privacy_manifest: false,
                location: Location::new(
                    format!("{dir}/Info.plist"),
                    "key CFBundleShortVersionString",
                ),
            });
            let path = format!("{dir}/AFWrapper");
            let mut binary = AppleBinary::arm64_executable(&path);
            binary.objc_classes.push(ObjcClass {
                name: "AppsFlyerLib".into(),
                defined,
                source: ClassSource::Symbol,
                location: Location::new(path.as_str(), "arm64: symbol _OBJC_CLASS_$_AppsFlyerLib"),
            });
            facts.apple_binaries.push(binary);
            // The app's executable imports it too.
            let mut app = AppleBinary::arm64_executable("Payload/A.app/A");
            app.objc_classes.push(ObjcClass {
                name: "AppsFlyerLib".into(),
                defined: false,
                source: ClassSource::Symbol,
                location: Location::new(
                    "Payload/A.app/A",
                    "arm64: imported _OBJC_CLASS_$_AppsFlyerLib",
                ),
            });
            facts.apple_binaries.push(app);
            crate::inventory::Inventory::build(SdkDb::builtin(), &facts)
        };
        let inventory = build(true);
        let hit = inventory.sdks.iter().find(|h| h.id == "appsflyer").unwrap();
        assert_eq!(hit.confidence, Confidence::Defined);
        assert_eq!(hit.version.as_deref(), Some("6.14.3"));
        assert_eq!(
            hit.version_evidence.as_ref().map(|l| l.file.as_str()),
            Some("Payload/A.app/Frameworks/AFWrapper.framework/Info.plist")
        );
        let inventory = build(false);
        let hit = inventory.sdks.iter().find(|h| h.id == "appsflyer").unwrap();
        assert_eq!(hit.confidence, Confidence::Referenced);
        assert_eq!(hit.version, None);
    }

    /// Classes of Apple's frameworks and of common libraries that share a vendor's letters match no
    /// SDK: the reason several `[ios]` tables name exact classes instead of a prefix.
    #[test]
    fn unrelated_classes_match_no_sdk() {
        for class in [
            "GDTCORTransport",         // GoogleDataTransport, not Tencent's GDT ads
            "GDTCCTUploader",          // GoogleDataTransport
            "PAGView",                 // Tencent's libpag, not Pangle
            "PAGFile",                 // libpag
            "MPMoviePlayerController", // MediaPlayer, not MoPub or mParticle
            "MPMediaItem",             // MediaPlayer
            "CTTelephonyNetworkInfo",  // CoreTelephony, not CleverTap
            "IMKInputController",      // InputMethodKit, not InMobi
            "TAGPlayer",               // an app's own class
            "Heap",                    // an app's own data structure
            "Tune",                    // an app's own model class
            // Real wrappers' own classes (tests/corpus.rs): Teads' adapter for Google Mobile Ads,
            // Solar2D's AdColony and Kidoz plugins.
            "GADMAdapterTeadsBanner",
            "GADMediationAdapterAppLovin",
            "AdColonyCoronaDelegate",
            "KidozBannerDelegate",
        ] {
            let owners: Vec<&str> = SdkDb::builtin()
                .iter()
                .filter(|sdk| sdk.ios.as_ref().is_some_and(|i| i.matches_class(class)))
                .map(|sdk| sdk.id.as_str())
                .collect();
            assert!(owners.is_empty(), "{class} matches {owners:?}");
        }
    }
}
