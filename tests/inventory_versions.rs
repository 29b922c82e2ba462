//! SDK versions, `string` hits and precision on the real fixtures.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use sdklint::Options;
use sdklint::facts::{Facts, Location};
use sdklint::inventory::{Confidence, Inventory, SdkDb, SdkHit};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn inventory(path: &Path) -> Inventory {
    sdklint::lint(path, &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .inventory
}

fn hit<'i>(inventory: &'i Inventory, id: &str) -> &'i SdkHit {
    inventory
        .get(id)
        .unwrap_or_else(|| panic!("{id} not in {:?}", inventory.sdks))
}

/// `(id, confidence, version, version evidence)` of every hit.
fn versions(inventory: &Inventory) -> Vec<(&str, Confidence, Option<&str>, Option<&Location>)> {
    inventory
        .sdks
        .iter()
        .map(|h| {
            (
                h.id.as_str(),
                h.confidence,
                h.version.as_deref(),
                h.version_evidence.as_ref(),
            )
        })
        .collect()
}

#[test]
fn versions_from_version_strings() {
    let inv = inventory(&fixture("appsflyer-adjust.apk"));
    assert_eq!(
        versions(&inv),
        [
            (
                "adjust",
                Confidence::Defined,
                Some("4.38.0"),
                Some(&Location::new(
                    "classes.dex",
                    "string #68 \"android4.38.0\""
                ))
            ),
            (
                "appsflyer",
                Confidence::Defined,
                Some("6.14.0"),
                Some(&Location::new(
                    "classes2.dex",
                    "string #18 \"AppsFlyer_6.14.0\""
                ))
            ),
        ]
    );

    // Play services' SourceFile attribute `<group>:<artifact>@@<version>`.
    let inv = inventory(&fixture("facebook-firebase.apk"));
    let firebase = hit(&inv, "firebase-analytics");
    assert_eq!(firebase.version.as_deref(), Some("21.5.0"));
    let evidence = firebase.version_evidence.as_ref().unwrap();
    assert_eq!(evidence.file, "classes.dex");
    assert!(
        evidence
            .locator
            .ends_with("\"com.google.android.gms:play-services-measurement-api@@21.5.0\""),
        "{evidence:?}"
    );
    // Facebook keeps its version in a bare "16.3.0": no template is specific enough.
    assert_eq!(hit(&inv, "facebook-app-events").version, None);

    let inv = inventory(&fixture("admob-kids.apk"));
    let ads = hit(&inv, "google-mobile-ads");
    assert_eq!(ads.version.as_deref(), Some("23.0.0"));
    assert!(
        ads.version_evidence
            .as_ref()
            .unwrap()
            .locator
            .ends_with("\"com.google.android.gms:play-services-ads-lite@@23.0.0\"")
    );

    // Only referenced, no SDK strings: no version.
    let inv = inventory(&fixture("branch-referenced.apk"));
    assert_eq!(
        versions(&inv),
        [("branch", Confidence::Referenced, None, None)]
    );
}

/// iOS vendor binaries without an Info.plist (`fixtures/ios/bin/`, stand-ins built by clang and
/// llvm-ar from `fixtures/src/ios/macho/`): the version is a string of the SDK's own object file
/// (`[ios] version_strings`). Google Mobile Ads' static framework says `afma-sdk-i-v7.42.1` in
/// GADMobileAds.o (its GADRequest.o holds the bundled Open Measurement SDK's `1.2.12`); Google
/// Analytics' `kGAIVersion` is the bare `3.14` of GAI.o, taken only from that object file: the
/// bare `1.2.5` (zlib's version) of GAICompressionUtil.o comes first in the library and is not.
#[test]
fn ios_versions_from_the_sdks_own_object_file() {
    let inv = inventory(&fixture("ios/bin/GoogleMobileAds.framework"));
    assert_eq!(
        versions(&inv),
        [(
            "google-mobile-ads",
            Confidence::Defined,
            Some("7.42.1"),
            Some(&Location::new(
                "GoogleMobileAds.framework/GoogleMobileAds",
                "x86_64 GADMobileAds.o: __cfstring #0 \"afma-sdk-i-v7.42.1\""
            ))
        )]
    );
    let path = fixture("ios/bin/libGoogleAnalyticsServices.a");
    let facts = sdklint::facts(&path, &Options::default()).unwrap();
    let strings: Vec<(&str, &str)> = facts
        .strings
        .iter()
        .map(|s| (s.value.as_str(), s.location.locator.as_str()))
        .collect();
    assert_eq!(
        strings,
        [
            ("1.2.5", "x86_64 GAICompressionUtil.o: __cstring+0x0"),
            ("3.14", "x86_64 GAI.o: __cfstring #0"),
        ]
    );
    let inv = inventory(&path);
    assert_eq!(
        versions(&inv),
        [(
            "google-analytics-legacy",
            Confidence::Defined,
            Some("3.14"),
            Some(&Location::new(
                "libGoogleAnalyticsServices.a",
                "x86_64 GAI.o: __cfstring #0 \"3.14\""
            ))
        )]
    );
}

/// The same two SDKs statically linked into an app's executable (`ios/bin/AdsApp`, both archives
/// force-loaded by ld64.lld): their strings are the app image's now. GMA's template, specific
/// enough alone, still finds 7.42.1 in the image that defines GMA's classes; GA's bare `3.14`
/// (next to zlib's `1.2.5` in the same `__cstring`/`__cfstring`) is not taken from a linked image.
#[test]
fn ios_versions_of_sdks_linked_into_the_app() {
    let inv = inventory(&fixture("ios/bin/AdsApp"));
    assert_eq!(
        versions(&inv),
        [
            ("google-analytics-legacy", Confidence::Defined, None, None),
            (
                "google-mobile-ads",
                Confidence::Defined,
                Some("7.42.1"),
                Some(&Location::new(
                    "AdsApp",
                    "arm64: __cfstring #0 \"afma-sdk-i-v7.42.1\""
                ))
            ),
        ]
    );
}

#[test]
fn declared_versions_name_dependencies_pb() {
    let inv = inventory(&fixture("appsflyer-adjust.aab"));
    for (id, version, locator) in [
        ("adjust", "4.38.0", "com.adjust.sdk:adjust-android:4.38.0"),
        ("appsflyer", "6.14.0", "com.appsflyer:af-android-sdk:6.14.0"),
    ] {
        let hit = hit(&inv, id);
        // The AAB's DEX defines their classes: defined outweighs the declaring dependencies.pb.
        assert_eq!(hit.confidence, Confidence::Defined);
        assert_eq!(hit.version.as_deref(), Some(version));
        let evidence = hit.version_evidence.as_ref().unwrap();
        assert!(evidence.file.ends_with("dependencies.pb"), "{evidence:?}");
        assert!(evidence.locator.ends_with(locator), "{evidence:?}");
    }
}

/// `source` (a real fixture APK) with extra stored entries appended, the way AGP merges jar
/// resources (`META-INF/*.version`) into an APK. The v2/v3 signature no longer covers the
/// result, which sdklint does not check.
fn with_entries(source: &Path, extra: &[(&str, &[u8])]) -> tempfile::TempPath {
    let bytes = std::fs::read(source).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).unwrap();
        out.raw_copy_file(file).unwrap();
    }
    for (name, content) in extra {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(*name, options).unwrap();
        out.write_all(content).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    let mut file = tempfile::Builder::new().suffix(".apk").tempfile().unwrap();
    file.write_all(&bytes).unwrap();
    file.into_temp_path()
}

#[test]
fn library_version_files_are_declared_versions() {
    let apk = with_entries(
        &fixture("facebook-firebase.apk"),
        &[
            (
                "META-INF/androidx.core_core.version",
                b"1.12.0\n".as_slice(),
            ),
            (
                "META-INF/com.google.firebase_firebase-analytics.version",
                b"21.6.1\n",
            ),
            (
                "META-INF/com.google.firebase_firebase-analytics-ktx.version",
                b"\xff\x00 not a version",
            ),
        ],
    );
    let report = sdklint::lint(&apk, &Options::default()).unwrap();
    let files: Vec<(&str, &str)> = report
        .facts
        .version_files
        .iter()
        .map(|f| (f.stem.as_str(), f.version.as_str()))
        .collect();
    assert_eq!(
        files,
        [
            ("androidx.core_core", "1.12.0"),
            ("com.google.firebase_firebase-analytics", "21.6.1"),
        ]
    );
    let firebase = hit(&report.inventory, "firebase-analytics");
    // Its classes are defined: defined outweighs the declaring version file.
    assert_eq!(firebase.confidence, Confidence::Defined);
    // The version file wins over the SourceFile string (21.5.0).
    assert_eq!(firebase.version.as_deref(), Some("21.6.1"));
    let location = Location::new(
        "META-INF/com.google.firebase_firebase-analytics.version",
        "version 21.6.1",
    );
    assert_eq!(firebase.version_evidence.as_ref(), Some(&location));
    assert!(
        firebase.evidence[0].locator.starts_with("class "),
        "the SDK's code comes first: {:?}",
        firebase.evidence
    );
    // Facebook has no version file: unchanged.
    assert_eq!(
        hit(&report.inventory, "facebook-app-events").confidence,
        Confidence::Defined
    );
}

#[test]
fn a_domain_in_strings_is_a_string_hit() {
    // The React Native fixture has no AppsFlyer classes, only the wrapper's JS and a native
    // library that name `launches.appsflyer.com`.
    let inv = inventory(&fixture("react-native-tracker.apk"));
    // A mention, not an SDK the bundle embeds.
    assert!(inv.sdks.is_empty(), "{:?}", inv.sdks);
    let appsflyer = &inv.mentions[0];
    assert_eq!(
        (appsflyer.id.as_str(), appsflyer.confidence),
        ("appsflyer", Confidence::String)
    );
    assert_eq!(appsflyer.evidence_total, 3);
    assert_eq!(
        appsflyer.evidence[0],
        Location::new(
            "assets/index.android.bundle",
            "line 34 \"https://launches.appsflyer.com/api/\""
        )
    );
    // Where classes show the SDK, its domain ("appsflyersdk.com" in AFb1xSDK) adds nothing.
    let inv = inventory(&fixture("appsflyer-adjust.apk"));
    let appsflyer = hit(&inv, "appsflyer");
    assert_eq!(appsflyer.confidence, Confidence::Defined);
    assert!(
        appsflyer
            .evidence
            .iter()
            .all(|l| l.locator.starts_with("class ") || l.file == "AndroidManifest.xml"),
        "{:?}",
        appsflyer.evidence
    );
}

/// Only the class names of `facts`.
fn classes_only(facts: &Facts) -> Facts {
    let mut only = Facts::new(&facts.path, facts.platform, facts.format);
    only.classes = facts.classes.clone();
    only
}

/// Precision: fixtures without SDKs give no hit, from their class names alone and from
/// everything they hold (strings, resources, manifest).
#[test]
fn fixtures_without_sdks_have_no_hit() {
    for name in [
        "no-sdk.apk",
        "x-share-intent.apk",
        "localized-strings.apk",
        "localized-strings-aapt.apk",
        "localized-strings-sparse.apk",
        "tampered-prefix.apk",
        "tampered-janus.apk",
    ] {
        let report = sdklint::lint(&fixture(name), &Options::default()).unwrap();
        assert!(report.facts.classes.len() >= 3, "{name}");
        let by_class = Inventory::build(SdkDb::builtin(), &classes_only(&report.facts));
        assert!(by_class.sdks.is_empty(), "{name}: {:?}", by_class.sdks);
        assert!(
            report.inventory.sdks.is_empty(),
            "{name}: {:?}",
            report.inventory.sdks
        );
    }
}

/// The same over the large real apps of the corpus:
/// `SDKLINT_CORPUS=<dir> cargo test --test inventory_versions -- --ignored`.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn corpus_apps_without_sdks_have_no_class_hit() {
    let corpus = PathBuf::from(std::env::var_os("SDKLINT_CORPUS").expect("set SDKLINT_CORPUS"));
    let path = corpus.join("android/ApiDemos-debug.apk");
    let facts = sdklint::facts(&path, &Options::default()).unwrap();
    assert!(facts.classes.len() > 5_000);
    let by_class = Inventory::build(SdkDb::builtin(), &classes_only(&facts));
    assert!(by_class.sdks.is_empty(), "{:?}", by_class.sdks);
    let all = Inventory::build(SdkDb::builtin(), &facts);
    assert!(all.sdks.is_empty(), "{:?}", all.sdks);
}
