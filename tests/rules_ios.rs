//! The iOS notice and consent rules (SL104, SL201–SL204, SL302 on iOS, SL303, SL603) on the
//! committed fixtures: the exact set of these codes per fixture, then messages and evidence.

use std::collections::BTreeSet;
use std::path::Path;

use sdklint::facts::Location;
use sdklint::inventory::Confidence;
use sdklint::rules::Finding;
use sdklint::{BundleReport, Options, lint};

/// The codes this file owns; other rules' findings are left out of the table.
const CODES: &[&str] = &[
    "SL104", "SL201", "SL202", "SL203", "SL204", "SL302", "SL303", "SL603",
];

fn report(fixture: &str) -> BundleReport {
    lint(
        Path::new("fixtures").join(fixture).as_path(),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{fixture}: {e}"))
}

fn codes(report: &BundleReport) -> BTreeSet<&'static str> {
    report
        .findings
        .iter()
        .map(|f| f.rule)
        .filter(|c| CODES.contains(c))
        .collect()
}

fn finding<'a>(report: &'a BundleReport, code: &str) -> &'a Finding {
    report
        .findings
        .iter()
        .find(|f| f.rule == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", report.findings))
}

#[test]
fn rule_codes_per_fixture() {
    let table: &[(&str, &[&str])] = &[
        // Near-miss for everything: ATT requested, every manifest in place, Facebook switches off.
        ("shop-att.ipa", &[]),
        ("shop.ipa", &["SL303"]),
        ("shop-no-att.ipa", &["SL201", "SL303"]),
        // The app's manifest says no tracking, AppsFlyer's says yes: SL202 and SL204 stay quiet.
        ("shop-untracked.ipa", &["SL303"]),
        ("shop-health.ipa", &["SL303"]),
        (
            "shop-fb.ipa",
            &["SL104", "SL203", "SL302", "SL303", "SL603"],
        ),
        // AppsFlyer is not on Apple's list: no SL104 although its framework has no manifest.
        ("shop-legacy-sdk.ipa", &["SL202", "SL203", "SL204", "SL303"]),
        // Alamofire (no SDK of the database) and OneSignalCore without their manifests; Kingfisher
        // and the SDKs not on Apple's list (Mintegral) are no SL104.
        ("shop-sdks.ipa", &["SL104", "SL303"]),
        ("ios/Shop.app", &["SL303"]),
        ("ios/Shop.xcarchive", &["SL303"]),
        // Vendor artifacts and bare binaries are not apps: only SL104 / SL603 could apply.
        ("ios/AppsFlyerLib.framework", &[]),
        ("ios/AppsFlyerLib.xcframework", &[]),
        ("ios/bin/App", &[]),
        ("ios/bin/libAdjustSdk.a", &[]),
        // Android bundles never get an iOS rule (SL302 on Android is another file's business).
        ("appsflyer-adjust.apk", &[]),
        ("no-sdk.apk", &[]),
    ];
    for (fixture, expected) in table {
        let r = report(fixture);
        let mut got = codes(&r);
        if r.facts.platform == sdklint::facts::Platform::Android {
            got.remove("SL302");
        }
        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(got, expected, "{fixture}");
    }
}

#[test]
fn framework_versions_and_declared_confidence() {
    let r = report("shop-fb.ipa");
    let fb = r.inventory.get("facebook-app-events").unwrap();
    // The framework's binary defines the SDK's classes: defined outweighs its Info.plist.
    assert_eq!(fb.confidence, Confidence::Defined);
    assert_eq!(fb.version.as_deref(), Some("16.3.1"));
    assert_eq!(
        *fb.version_evidence.as_ref().unwrap(),
        Location::new(
            "Payload/Shop.app/Frameworks/FBSDKCoreKit.framework/Info.plist",
            "key CFBundleShortVersionString"
        )
    );
    let af = r.inventory.get("appsflyer").unwrap();
    assert_eq!(
        (af.confidence, af.version.as_deref()),
        (Confidence::Defined, Some("6.14.3"))
    );
    let r = report("ios/AppsFlyerLib.xcframework");
    let af = r.inventory.get("appsflyer").unwrap();
    assert_eq!(af.version.as_deref(), Some("6.14.3"));
    assert_eq!(af.embedded_frameworks.len(), 2);
}

#[test]
fn sl104_names_the_framework_and_its_version() {
    let r = report("shop-fb.ipa");
    let f = finding(&r, "SL104");
    assert_eq!(
        f.message,
        "FBSDKCoreKit.framework (Meta App Events (Facebook SDK) 16.3.1) has no \
         PrivacyInfo.xcprivacy: Apple requires one for the SDKs on its list of commonly used \
         third-party SDKs"
    );
    assert_eq!(f.sdks, ["facebook-app-events"]);
    assert_eq!(
        f.evidence,
        [Location::new(
            "Payload/Shop.app/Frameworks/FBSDKCoreKit.framework/Info.plist",
            "key CFBundleShortVersionString"
        )]
    );
}

/// Apple's list by framework name: a listed framework that belongs to no SDK of the database is
/// named by the list's entry, one of a listed SDK by the SDK; a listed framework with its manifest
/// (Kingfisher) and unlisted vendor frameworks without one (MTGSDK) are not reported.
#[test]
fn sl104_checks_every_framework_on_apples_list() {
    let r = report("shop-sdks.ipa");
    let sl104: Vec<(&str, &[String])> = r
        .findings
        .iter()
        .filter(|f| f.rule == "SL104")
        .map(|f| (f.message.as_str(), &f.sdks[..]))
        .collect();
    let tail = "has no PrivacyInfo.xcprivacy: Apple requires one for the SDKs on its list of \
                commonly used third-party SDKs";
    assert_eq!(
        sl104,
        [
            (
                format!("Alamofire.framework (Alamofire 5.8.1) {tail}").as_str(),
                &[][..]
            ),
            (
                format!("OneSignalCore.framework (OneSignal 5.2.0) {tail}").as_str(),
                &["onesignal".to_string()][..]
            ),
        ]
    );
}

/// SDKs that gained `[ios]` signatures in issue 11, each found in its framework (a stand-in with the
/// vendor's framework and class names) with the version of the framework's Info.plist.
#[test]
fn new_ios_sdks_are_found_in_their_frameworks_with_versions() {
    let r = report("shop-sdks.ipa");
    for (id, framework, version) in [
        ("braze", "BrazeKit", "9.1.0"),
        ("flurry", "Flurry_iOS_SDK", "12.1.1"),
        ("mintegral", "MTGSDK", "7.7.8"),
        ("onesignal", "OneSignalCore", "5.2.0"),
        ("verve-hybid", "HyBid", "3.7.1"),
        ("yandex-mobile-ads", "YandexMobileAds", "7.4.1"),
    ] {
        let hit = r
            .inventory
            .get(id)
            .unwrap_or_else(|| panic!("{id} not found"));
        assert_eq!(hit.confidence, Confidence::Defined, "{id}");
        assert_eq!(hit.version.as_deref(), Some(version), "{id}");
        assert_eq!(
            hit.version_evidence.as_ref().map(|l| l.file.as_str()),
            Some(format!("Payload/Shop.app/Frameworks/{framework}.framework/Info.plist").as_str()),
            "{id}"
        );
    }
    // Frameworks of Apple's list that are no SDK of the database add no SDK.
    let ids: Vec<&str> = r.inventory.sdks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "appsflyer",
            "braze",
            "flurry",
            "mintegral",
            "onesignal",
            "verve-hybid",
            "yandex-mobile-ads"
        ]
    );
}

#[test]
fn sl201_and_sl303_messages_and_evidence() {
    let r = report("shop-no-att.ipa");
    let f = finding(&r, "SL201");
    assert_eq!(
        f.message,
        "AppsFlyer embedded, but NSUserTrackingUsageDescription is in neither Info.plist nor any \
         InfoPlist.strings"
    );
    assert_eq!(f.sdks, ["appsflyer"]);
    // Where it looked, not AppsFlyer's classes: the SDK is named in the message.
    assert_eq!(
        f.evidence,
        [Location::new(
            "Payload/Shop.app/Info.plist",
            "searched Info.plist and the usage descriptions of 3 InfoPlist.strings files for \
             NSUserTrackingUsageDescription"
        )]
    );
    let r = report("shop-fb.ipa");
    let f = finding(&r, "SL303");
    assert_eq!(
        f.message,
        "AppsFlyer, Meta App Events (Facebook SDK) embedded, but no binary links \
         AppTrackingTransparency"
    );
    assert_eq!(f.sdks, ["appsflyer", "facebook-app-events"]);
    assert_eq!(
        f.evidence,
        [Location::new(
            "Payload/Shop.app/Shop",
            "searched 3 Mach-O images for AppTrackingTransparency and \
             requestTrackingAuthorizationWithCompletionHandler:"
        )]
    );
}

/// The app executable imports `ADJConfig` and `FIRAnalytics` before the frameworks that define
/// them are read: the definitions still make the SDKs `defined` (they came out `declared`, from
/// the frameworks' Info.plists, when the first-seen import hid them).
#[test]
fn an_import_seen_first_does_not_hide_the_definition() {
    for fixture in ["calls-events.ipa", "calls-benign-fat.ipa"] {
        let r = report(fixture);
        for hit in &r.inventory.sdks {
            assert_eq!(hit.confidence, Confidence::Defined, "{fixture}: {}", hit.id);
        }
    }
    let r = report("calls-events.ipa");
    let adjust = r.inventory.get("adjust").unwrap();
    assert_eq!(adjust.version.as_deref(), Some("4.38.0"));
    assert!(
        adjust.evidence[0]
            .file
            .ends_with("AdjustSdk.framework/AdjustSdk"),
        "{:?}",
        adjust.evidence
    );
}

#[test]
fn manifest_rules_on_the_legacy_sdk_app() {
    let r = report("shop-legacy-sdk.ipa");
    assert_eq!(
        finding(&r, "SL202").message,
        "AppsFlyer embedded, but no privacy manifest declares NSPrivacyTracking true (2 manifests read)"
    );
    let f = finding(&r, "SL203");
    assert_eq!(
        f.message,
        "AppsFlyer sends data to appsflyer.com, appsflyersdk.com, but no privacy manifest lists \
         any of them in NSPrivacyTrackingDomains"
    );
    // The SDK's own endpoint string is part of the evidence.
    assert_eq!(
        f.evidence[1].file,
        "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib"
    );
    let f = finding(&r, "SL204");
    assert_eq!(f.sdks, ["appsflyer"]);
    assert_eq!(
        f.evidence[0],
        Location::new(
            "Payload/Shop.app/PrivacyInfo.xcprivacy",
            "PrivacyInfo.xcprivacy"
        )
    );
}

#[test]
fn sl603_and_sl302_on_the_facebook_app() {
    let r = report("shop-fb.ipa");
    let f = finding(&r, "SL603");
    assert_eq!(
        f.message,
        "Payload/Shop.app declares NSPrivacyCollectedDataTypeHealth (health) used for tracking, \
         third-party advertising"
    );
    assert_eq!(f.sdks, ["appsflyer", "facebook-app-events"]);
    assert_eq!(
        f.evidence,
        [Location::new(
            "Payload/Shop.app/PrivacyInfo.xcprivacy",
            "NSPrivacyCollectedDataTypes[1] NSPrivacyCollectedDataTypeHealth"
        )]
    );
    let f = finding(&r, "SL302");
    assert_eq!(
        f.message,
        "Meta App Events (Facebook SDK) collects before consent: \
         FacebookAdvertiserIDCollectionEnabled is true"
    );
    assert_eq!(
        f.evidence[0],
        Location::new(
            "Payload/Shop.app/Info.plist",
            "key FacebookAdvertiserIDCollectionEnabled"
        )
    );
}

#[test]
fn a_damaged_privacy_manifest_is_a_partial_result_not_a_panic() {
    // shop-fb.ipa re-zipped with its app manifest cut in half (the entries are deflated, so the
    // mutation is made on the inflated bytes and the IPA written again).
    let bytes = std::fs::read("fixtures/shop-fb.ipa").unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("damaged.ipa");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        if name == "Payload/Shop.app/PrivacyInfo.xcprivacy" {
            data.truncate(data.len() / 2);
        }
        let options = zip::write::SimpleFileOptions::default();
        if entry.is_dir() {
            w.add_directory(name, options).unwrap();
        } else {
            w.start_file(name, options).unwrap();
            std::io::Write::write_all(&mut w, &data).unwrap();
        }
    }
    w.finish().unwrap();
    let r = lint(&out, &Options::default()).unwrap();
    assert!(
        r.facts
            .errors
            .iter()
            .any(|e| e.file == "Payload/Shop.app/PrivacyInfo.xcprivacy"),
        "{:?}",
        r.facts.errors
    );
    // The Health declaration is gone with the manifest; the framework rules still stand.
    let got = codes(&r);
    assert!(!got.contains("SL603"));
    assert!(got.contains("SL104") && got.contains("SL303"));
}
