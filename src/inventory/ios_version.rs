//! SDK versions from Mach-O code: `[ios] version_strings` templates matched against the C strings
//! and CFString literals of the SDK's own images.
//!
//! Many vendor binaries carry no usable Info.plist (a static library, a static `.framework` with
//! only `Headers/` and the binary, a framework whose Info.plist says Xcode's template `1.0`) but
//! keep their version in a string constant: Adjust's `kClientSdk = @"ios4.23.0"` in `ADJUtil.m`,
//! Google Mobile Ads' `"afma-sdk-i-v7.42.1"` in `GADMobileAds.o`. The extractor already puts
//! every `__cstring` and `__cfstring` value of an image into [`Facts::strings`], located as
//! `<slice> [<member>]: <section>…`; this pass reads them, it copies nothing more out of the
//! binary.
//!
//! # Where a string may come from
//! Only from an image that is the SDK's own code, never from another SDK's binary:
//! - The image (a linked binary, or one object file of a static library: each archive member is
//!   an image of its own) must *define* the SDK: one of its `[ios]` classes, Swift modules,
//!   exported symbols or its framework install name (the same test as `inventory::ios`). In a
//!   static library that narrows the search to the SDK's own object files; in an app whose main
//!   binary links several SDKs statically it is that binary, as precise as Android's class
//!   anchor (the DEX file that defines a class).
//! - With `class`, the image must define that Objective-C class instead, and its file must hold an
//!   image that defines the SDK: in a static library, the one object file compiled from the
//!   class's source (`ADJUtil.o`), even when that class alone is no signature of the SDK (Heap
//!   6.5.3's `Heap.o` defines only `Heap`, a name an app may use; Airship 8.5.3's
//!   `UAirshipVersion.o` only `UAirshipVersion`; their libraries' other members define the SDK).
//!   A template that is only `{version}` (allowed with `class` alone) is matched only in such an
//!   object file, never in a linked image, where a bare version could be any library's.
//! - With `symbol` (one of the SDK's `[ios] symbols`), likewise for the object file that exports
//!   it: a version kept in a file of constants that defines no class (Appodeal's `APDDefines.o`
//!   exports `_APDSdkVersionString`).
//! - Never from an image that is another SDK's framework binary (its `X.framework/X` path or
//!   install name is in another SDK's `frameworks`), whatever it defines: an umbrella that
//!   bundles a second SDK's classes still has its own version.
//!
//! Templates are tried in the order listed; for each, strings in bundle order. The extractor
//! keeps a string once per file and archive member (from the first slice that holds it), so in a
//! fat static library the string is found in the first slice's copy of the member.
//!
//! # Precedence
//! Info.plist first: a framework's `CFBundleShortVersionString` (see `inventory::ios`) is build
//! metadata and wins, unless it is Xcode's framework-template placeholder (`1.0` or `1`), which
//! a version string then replaces. Android's sources (`inventory::version`) run after this pass
//! and only for hits still without a version. [`SdkHit::version_evidence`] names the binary, the
//! image and the string: `libX.a` / `armv7 ADJUtil.o: __cfstring #0 "ios4.23.0"`.
//!
//! Cost: for each hit SDK with templates and without a real version, one signature match per
//! image (as `inventory::ios` does) and one pass over the strings with a prefix/suffix test per
//! template.
//!
//! [`Facts::strings`]: crate::facts::Facts::strings
//! [`SdkHit::version_evidence`]: super::SdkHit::version_evidence

use std::collections::HashSet;

use super::ios::{IosEvidence, match_binary};
use super::schema::PLACEHOLDER;
use super::{SdkDb, SdkDef, SdkHit, VersionString};
use crate::facts::apple_binary::{AppleBinary, BinaryKind, framework_of};
use crate::facts::apple_metadata::is_template_version;
use crate::facts::{Facts, Location};

/// Give every hit without a version (or with a placeholder Info.plist version) the version its
/// `[ios] version_strings` find in its own Mach-O images. `hits` stays sorted by id.
pub(super) fn add_versions(db: &SdkDb, facts: &Facts, mut hits: Vec<SdkHit>) -> Vec<SdkHit> {
    if facts.apple_binaries.is_empty() {
        return hits;
    }
    for hit in hits
        .iter_mut()
        .filter(|h| h.version.as_deref().is_none_or(is_template_version))
    {
        let Some(sdk) = db.get(&hit.id) else { continue };
        if let Some((version, location)) = from_binaries(db, sdk, facts) {
            hit.version = Some(version);
            hit.version_evidence = Some(location);
        }
    }
    hits
}

/// An image of `facts` in a file that defines the SDK, and no other SDK's framework binary: where
/// the SDK may take its version from.
struct OwnImage<'f> {
    binary: &'f AppleBinary,
    /// An object file (a static library's member): one compilation unit.
    object: bool,
    /// The image itself defines the SDK (not only another image of its file).
    defines_sdk: bool,
}

impl OwnImage<'_> {
    fn defines_class(&self, class: &str) -> bool {
        let classes = &self.binary.objc_classes;
        classes
            .binary_search_by(|c| c.name.as_str().cmp(class))
            .is_ok_and(|i| classes[i].defined)
    }

    fn exports(&self, symbol: &str) -> bool {
        self.binary.symbols.exported.iter().any(|s| s == symbol)
    }

    /// Whether `hint` may match a string of this image.
    fn admits(&self, hint: &VersionString) -> bool {
        let bare = hint.template == PLACEHOLDER;
        match (&hint.class, &hint.symbol) {
            (Some(class), _) => (!bare || self.object) && self.defines_class(class),
            (None, Some(symbol)) => (!bare || self.object) && self.exports(symbol),
            (None, None) => self.defines_sdk,
        }
    }
}

fn from_binaries(db: &SdkDb, sdk: &SdkDef, facts: &Facts) -> Option<(String, Location)> {
    let ios = sdk.ios.as_ref()?;
    if ios.version_strings.is_empty() {
        return None;
    }
    let candidates: Vec<(&AppleBinary, bool)> = facts
        .apple_binaries
        .iter()
        .filter(|b| !is_other_sdks_framework(db, sdk, b))
        .map(|b| {
            let mut seen = HashSet::new();
            let mut out = IosEvidence::default();
            match_binary(ios, b, &mut seen, &mut out, &mut Vec::new());
            (b, !out.defined.is_empty())
        })
        .collect();
    let own_files: HashSet<&str> = candidates
        .iter()
        .filter(|(_, defines)| *defines)
        .map(|(b, _)| b.path.as_str())
        .collect();
    if own_files.is_empty() {
        return None;
    }
    let images: Vec<OwnImage<'_>> = candidates
        .into_iter()
        .filter(|(b, _)| own_files.contains(b.path.as_str()))
        .map(|(binary, defines_sdk)| OwnImage {
            binary,
            object: binary.member.is_some() || binary.kind == BinaryKind::Object,
            defines_sdk,
        })
        .collect();
    for hint in &ios.version_strings {
        let admitted: Vec<&OwnImage<'_>> = images.iter().filter(|i| i.admits(hint)).collect();
        if admitted.is_empty() {
            continue;
        }
        let found = facts.strings.iter().find_map(|s| {
            let version = hint.extract(&s.value)?;
            let (label, _) = s.location.locator.rsplit_once(": ")?;
            admitted
                .iter()
                .any(|i| i.binary.path == s.location.file && i.binary.location.locator == label)
                .then_some((version, s))
        });
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

/// Whether `binary` is the framework binary of an SDK other than `sdk` (by its path
/// `…/X.framework/X` or its install name).
fn is_other_sdks_framework(db: &SdkDb, sdk: &SdkDef, binary: &AppleBinary) -> bool {
    let names = [
        framework_of(&binary.path),
        binary
            .id
            .as_ref()
            .and_then(|id| framework_of(&id.install_name)),
    ];
    names.into_iter().flatten().any(|name| {
        db.iter().any(|other| {
            other.id != sdk.id
                && other
                    .ios
                    .as_ref()
                    .is_some_and(|o| o.frameworks.iter().any(|f| f == name))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::apple_binary::{ClassSource, ObjcClass};
    use crate::facts::apple_metadata::{EmbeddedFramework, FrameworkKind};
    use crate::facts::{BundleFormat, Platform, StringFact};
    use crate::inventory::{Confidence, Inventory};

    const FLYER: &str = r#"
        id = "flyer"
        name = "Flyer"
        vendor = "Flyer Inc."
        categories = ["attribution"]
        conversion_tracking = true
        [ios]
        frameworks = ["FlyerKit"]
        objc_class_prefixes = ["FLY"]
        version_strings = [
            { template = "ios{version}", class = "FLYUtil" },
            { template = "{version}", class = "FLYChecksum" },
            { template = "FlyerKit/{version}" },
        ]
    "#;

    const OTHER: &str = r#"
        id = "other"
        name = "Other"
        vendor = "Other Inc."
        categories = ["advertising"]
        conversion_tracking = false
        [ios]
        frameworks = ["OtherKit"]
        objc_class_prefixes = ["OTH"]
    "#;

    fn db() -> SdkDb {
        SdkDb::from_sources(&[("flyer.toml", FLYER), ("other.toml", OTHER)]).unwrap()
    }

    /// One image: `(path, member, defined classes, strings)`; its strings are located the way
    /// the extractor locates them (`<label>: __cfstring #i`).
    type Image<'a> = (&'a str, Option<&'a str>, &'a [&'a str], &'a [&'a str]);

    fn facts(images: &[Image<'_>]) -> Facts {
        let mut facts = Facts::new("a.ipa", Platform::Ios, BundleFormat::Ipa);
        for &(path, member, classes, strings) in images {
            let mut binary = AppleBinary::arm64_executable(path);
            if let Some(member) = member {
                binary.member = Some(member.into());
                binary.kind = BinaryKind::Object;
                binary.location = Location::new(path, format!("arm64 {member}"));
            }
            for class in classes {
                binary.objc_classes.push(ObjcClass {
                    name: (*class).into(),
                    defined: true,
                    source: ClassSource::Symbol,
                    location: binary.locate(format_args!("symbol _OBJC_CLASS_$_{class}")),
                });
            }
            binary.objc_classes.sort_by(|a, b| a.name.cmp(&b.name));
            for (i, value) in strings.iter().enumerate() {
                facts.strings.push(StringFact {
                    value: (*value).into(),
                    location: binary.locate(format_args!("__cfstring #{i}")),
                });
            }
            facts.apple_binaries.push(binary);
        }
        facts
    }

    fn flyer(facts: &Facts) -> SdkHit {
        let inventory = Inventory::build(&db(), facts);
        inventory
            .sdks
            .into_iter()
            .find(|h| h.id == "flyer")
            .unwrap()
    }

    #[test]
    fn a_static_librarys_member_that_defines_the_class() {
        let lib = "Payload/A.app/A";
        let f = facts(&[
            // Another member of the same library: defines the SDK, not the anchor class.
            (lib, Some("FLYTracker.o"), &["FLYTracker"], &["ios9.9.9"]),
            (
                lib,
                Some("FLYUtil.o"),
                &["FLYUtil"],
                &["https://x", "ios4.23.0"],
            ),
        ]);
        let hit = flyer(&f);
        assert_eq!(hit.version.as_deref(), Some("4.23.0"));
        assert_eq!(
            hit.version_evidence,
            Some(Location::new(
                lib,
                "arm64 FLYUtil.o: __cfstring #1 \"ios4.23.0\""
            ))
        );
    }

    #[test]
    fn an_anchor_class_that_is_no_signature_in_a_library_that_defines_the_sdk() {
        // `Flyer` is no signature (not `FLY` + an uppercase letter); its member holds the
        // version, another member of the library defines the SDK (Airship 8's
        // UAirshipVersion.o, Heap 6's Heap.o).
        let text = FLYER.replace("class = \"FLYChecksum\"", "class = \"Flyer\"");
        let db = SdkDb::from_sources(&[("flyer.toml", text)]).unwrap();
        let version = |f: &Facts| {
            let inventory = Inventory::build(&db, f);
            let hit = inventory
                .sdks
                .into_iter()
                .find(|h| h.id == "flyer")
                .unwrap();
            hit.version
        };
        let lib = "libFlyer.a";
        let f = facts(&[
            (lib, Some("FLYTracker.o"), &["FLYTracker"], &["9.9.9"]),
            (lib, Some("Flyer.o"), &["Flyer"], &["4.8.10"]),
        ]);
        assert_eq!(version(&f).as_deref(), Some("4.8.10"));
        // The anchor class in a file of no Flyer code gives nothing.
        let f = facts(&[
            ("Payload/A.app/A", None, &["FLYTracker"], &[]),
            ("libOther.a", Some("Flyer.o"), &["Flyer"], &["4.8.10"]),
        ]);
        assert_eq!(version(&f), None);
    }

    #[test]
    fn a_bare_version_only_in_the_object_file_of_its_class() {
        // Linked into the app: the bare template never applies to a whole image.
        let app = "Payload/A.app/A";
        let f = facts(&[(app, None, &["FLYChecksum", "AppDelegate"], &["2.1.0"])]);
        assert_eq!(flyer(&f).version, None);
        // In a static library's member compiled from the class's source, it does.
        let f = facts(&[(
            "libFlyer.a",
            Some("FLYChecksum.o"),
            &["FLYChecksum"],
            &["%f", "4.8.10"],
        )]);
        assert_eq!(flyer(&f).version.as_deref(), Some("4.8.10"));
    }

    /// Flyer with a version constant in an object file that defines no class, anchored by its
    /// exported symbol (one of the SDK's `[ios] symbols`).
    fn flyer_with_symbol(facts: &Facts) -> SdkHit {
        let text = FLYER
            .replace(
                "objc_class_prefixes = [\"FLY\"]",
                "objc_class_prefixes = [\"FLY\"]\n        symbols = [\"_FLYSdkVersionString\"]",
            )
            .replace(
                "{ template = \"FlyerKit/{version}\" },",
                "{ template = \"{version}\", symbol = \"_FLYSdkVersionString\" },",
            );
        let db = SdkDb::from_sources(&[("flyer.toml", text)]).unwrap();
        Inventory::build(&db, facts)
            .sdks
            .into_iter()
            .find(|h| h.id == "flyer")
            .unwrap()
    }

    #[test]
    fn a_bare_version_in_the_object_file_that_exports_the_symbol() {
        let lib = "Flyer.framework/Flyer";
        let mut f = facts(&[
            (lib, Some("FLYTracker.o"), &["FLYTracker"], &["9.9.9"]),
            (lib, Some("FLYDefines.o"), &[], &["44E10CDA", "3.10.0"]),
        ]);
        f.apple_binaries[1]
            .symbols
            .exported
            .push("_FLYSdkVersionString".into());
        let hit = flyer_with_symbol(&f);
        assert_eq!(hit.version.as_deref(), Some("3.10.0"));
        assert_eq!(
            hit.version_evidence,
            Some(Location::new(
                lib,
                "arm64 FLYDefines.o: __cfstring #1 \"3.10.0\""
            ))
        );
        // A linked image that exports the symbol: a bare version could be any library's.
        let app = "Payload/A.app/A";
        let mut f = facts(&[(app, None, &["FLYTracker"], &["3.10.0"])]);
        f.apple_binaries[0]
            .symbols
            .exported
            .push("_FLYSdkVersionString".into());
        assert_eq!(flyer_with_symbol(&f).version, None);
        // Without the symbol, the member is no anchor (nor the SDK's, were it not for it).
        let f = facts(&[
            (lib, Some("FLYTracker.o"), &["FLYTracker"], &[]),
            (lib, Some("FLYDefines.o"), &[], &["3.10.0"]),
        ]);
        assert_eq!(flyer_with_symbol(&f).version, None);
    }

    #[test]
    fn never_from_another_sdks_binary_nor_from_an_image_without_the_sdk() {
        let f = facts(&[
            // The app defines the SDK's classes (statically linked) but the unanchored string
            // sits in another SDK's framework, which even bundles a copy of a Flyer class.
            ("Payload/A.app/A", None, &["FLYTracker"], &[]),
            (
                "Payload/A.app/Frameworks/OtherKit.framework/OtherKit",
                None,
                &["OTHAds", "FLYUtil"],
                &["FlyerKit/3.0.0", "ios3.0.0"],
            ),
            // A library of no SDK.
            (
                "Payload/A.app/Frameworks/Util.framework/Util",
                None,
                &["UTLThing"],
                &["FlyerKit/3.1.0"],
            ),
        ]);
        let hit = flyer(&f);
        assert_eq!(hit.confidence, Confidence::Defined);
        assert_eq!(hit.version, None);
        // The SDK's own framework binary: an unanchored template matches anywhere in it.
        let own = "Payload/A.app/Frameworks/FlyerKit.framework/FlyerKit";
        let f = facts(&[(own, None, &["FLYTracker"], &["FlyerKit/5.2.1"])]);
        let hit = flyer(&f);
        assert_eq!(hit.version.as_deref(), Some("5.2.1"));
        assert_eq!(
            hit.version_evidence,
            Some(Location::new(
                own,
                "arm64: __cfstring #0 \"FlyerKit/5.2.1\""
            ))
        );
    }

    #[test]
    fn templates_in_order_and_a_real_info_plist_wins_over_strings() {
        let own = "Payload/A.app/Frameworks/FlyerKit.framework/FlyerKit";
        let build = |plist_version: &str| {
            let mut f = facts(&[(own, None, &["FLYUtil"], &["FlyerKit/5.2.1", "ios5.2.0"])]);
            f.apple.frameworks.push(EmbeddedFramework {
                owner: "Payload/A.app".into(),
                name: "FlyerKit".into(),
                path: "Payload/A.app/Frameworks/FlyerKit.framework".into(),
                kind: FrameworkKind::Framework,
                bundle_id: Some("com.flyer.kit".into()),
                version: Some(plist_version.into()),
                has_privacy_manifest: false,
                location: Location::new(
                    "Payload/A.app/Frameworks/FlyerKit.framework/Info.plist",
                    "key CFBundleShortVersionString",
                ),
            });
            flyer(&f)
        };
        let hit = build("5.2.2");
        // The binary defines the classes: defined outweighs the declaring Info.plist.
        assert_eq!(hit.confidence, Confidence::Defined);
        assert_eq!(hit.version.as_deref(), Some("5.2.2"));
        assert!(hit.version_evidence.unwrap().file.ends_with("Info.plist"));
        // Xcode's template version is no version: the first template that matches gives it.
        for placeholder in ["1.0", "1"] {
            let hit = build(placeholder);
            assert_eq!(hit.version.as_deref(), Some("5.2.0"), "{placeholder}");
            assert_eq!(hit.version_evidence.unwrap().file, own);
        }
    }

    #[test]
    fn validation() {
        let error = |hints: &str| {
            let text = FLYER.replace(
                "version_strings = [\n            { template = \"ios{version}\", class = \"FLYUtil\" },\n            { template = \"{version}\", class = \"FLYChecksum\" },\n            { template = \"FlyerKit/{version}\" },\n        ]",
                &format!("version_strings = [{hints}]"),
            );
            assert_ne!(text, FLYER);
            SdkDb::from_sources(&[("flyer.toml", text)])
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error("{ template = \"{version}\" }"),
            "flyer.toml: ios.version_strings[0]: `{version}` is only the version: give the text \
             around it, or the class whose constant it is"
        );
        assert_eq!(
            error("{ template = \"ios{version}\" }"),
            "flyer.toml: ios.version_strings[0]: `ios{version}` is too generic without `class`: \
             give the class that holds it or at least 6 characters around `{version}`"
        );
        assert_eq!(
            error("{ template = \"ios{version}\", class = \"com.flyer.Util\" }"),
            "flyer.toml: ios.version_strings[0]: `com.flyer.Util` is not an Objective-C class name"
        );
        assert_eq!(
            error("{ template = \"ios{version}{version}\", class = \"FLYUtil\" }"),
            "flyer.toml: ios.version_strings[0]: `ios{version}{version}` must contain `{version}` once"
        );
        assert_eq!(
            error(
                "{ template = \"{version}\", class = \"FLYA\" }, { template = \"{version}\", class = \"FLYA\" }"
            ),
            "flyer.toml: ios.version_strings[1]: `{version}` is listed twice"
        );
        // The same bare template anchored to two classes is two hints.
        let two = FLYER.replace(
            "{ template = \"FlyerKit/{version}\" },",
            "{ template = \"{version}\", class = \"FLYOther\" },",
        );
        assert!(SdkDb::from_sources(&[("flyer.toml", two)]).is_ok());
        assert_eq!(
            error("{ template = \"{version}\", symbol = \"_FLYVersion\" }"),
            "flyer.toml: ios.version_strings[0]: `_FLYVersion` is not one of this SDK's `[ios] \
             symbols`"
        );
        assert_eq!(
            error("{ template = \"{version}\", class = \"FLYA\", symbol = \"_FLYVersion\" }"),
            "flyer.toml: ios.version_strings[0]: give `class` or `symbol`, not both"
        );
    }
}
