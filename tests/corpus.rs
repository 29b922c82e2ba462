//! Opt-in checks on real third-party bundles from `../shared/corpus/fetch.sh`:
//! `SDKLINT_CORPUS=<dir> cargo test --test corpus -- --ignored`. Never committed, never in CI.

use std::path::PathBuf;

use sdklint::Options;

fn corpus() -> PathBuf {
    PathBuf::from(std::env::var_os("SDKLINT_CORPUS").expect("set SDKLINT_CORPUS to the corpus dir"))
}

/// ApiDemos is a large real app without trackers: every class and string must be read, and the
/// matcher must not claim any SDK (a precision check on real class names).
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn api_demos_reads_fully_and_has_no_sdk() {
    let report = sdklint::lint(
        &corpus().join("android/ApiDemos-debug.apk"),
        &Options::default(),
    )
    .expect("ApiDemos reads");
    assert_eq!(
        report.facts.app.id.as_deref(),
        Some("io.appium.android.apis")
    );
    assert!(report.facts.errors.is_empty(), "{:?}", report.facts.errors);
    assert!(report.facts.classes.len() > 5_000);
    assert!(report.facts.strings.len() > 50_000);
    assert!(
        report.inventory.sdks.is_empty(),
        "{:?}",
        report.inventory.sdks
    );
}

/// F-Droid's test APKs (odd manifests, signing schemes, unicode names): each reads or fails
/// with a typed error, never a panic.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn fdroid_test_apks_read() {
    let dir = corpus().join("android/fdroidserver");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "apk") {
            let report = sdklint::lint(&path, &Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(report.facts.app.id.is_some(), "{}", path.display());
            read += 1;
        }
    }
    assert!(read >= 20, "only {read} APKs in {}", dir.display());
}

/// The real vendor frameworks of `tests/corpus/fetch-vendor.sh`, alone and in one app.
fn vendor(path: &str) -> sdklint::BundleReport {
    let path = corpus().join(path);
    sdklint::lint(&path, &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e} (run tests/corpus/fetch-vendor.sh)", path.display()))
}

fn embedded(report: &sdklint::BundleReport) -> Vec<(&str, &str)> {
    report
        .inventory
        .sdks
        .iter()
        .map(|h| (h.id.as_str(), h.confidence.as_str()))
        .collect()
}

/// GoogleUtilities names app-measurement.com but is no Firebase Analytics: a mention, no finding.
/// FirebaseAnalytics' binary defines FIRAnalytics: defined, and a non-partner, so X may apply.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn firebase_frameworks_by_their_code_not_their_strings() {
    let utilities = vendor("npm/fb/package/src/ios/Firebase/Analytics/GoogleUtilities.framework");
    assert!(
        utilities.inventory.sdks.is_empty(),
        "{:?}",
        embedded(&utilities)
    );
    assert_eq!(utilities.inventory.mentions[0].id, "firebase-analytics");
    // The mention makes no finding. GoogleUtilities is on Apple's list and this 2018 build ships
    // no privacy manifest: SL104, by framework name, for no SDK of the database.
    let rules: Vec<(&str, &[String])> = utilities
        .findings
        .iter()
        .map(|f| (f.rule, &f.sdks[..]))
        .collect();
    assert_eq!(rules, [("SL104", &[][..])], "{:?}", utilities.findings);
    for name in [
        "FirebaseCore",
        "FirebaseInstanceID",
        "nanopb",
        "FirebaseMessaging",
    ] {
        let dir = if name == "FirebaseMessaging" {
            "Messaging"
        } else {
            "Analytics"
        };
        let report = vendor(&format!(
            "npm/fb/package/src/ios/Firebase/{dir}/{name}.framework"
        ));
        assert!(
            report.inventory.sdks.is_empty(),
            "{name}: {:?}",
            embedded(&report)
        );
    }
    let analytics = vendor("npm/fb/package/src/ios/Firebase/Analytics/FirebaseAnalytics.framework");
    assert_eq!(embedded(&analytics), [("firebase-analytics", "defined")]);
    assert_eq!(
        analytics.x_policy.status,
        sdklint::rules::x_policy::XPolicyStatus::MayApply
    );
}

/// An app of real SDK frameworks (Adjust 4.23, Firebase 5, GMA, Fabric Crashlytics 3.10.7): X's
/// policy applies through Adjust; the SDKs' own ATT wrappers and opt-out strings satisfy nothing.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn real_sdk_frameworks_in_one_app() {
    let app = vendor("synthetic/RealSdks.app");
    assert_eq!(
        embedded(&app),
        [
            ("adjust", "defined"),
            ("crashlytics", "defined"),
            ("firebase-analytics", "defined"),
            ("google-mobile-ads", "defined"),
        ]
    );
    assert_eq!(app.x_policy.partners, ["adjust"]);
    let codes: Vec<&str> = app.findings.iter().map(|f| f.rule).collect();
    for code in ["SL201", "SL301", "SL303", "SL401"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let crashlytics = app.inventory.get("crashlytics").unwrap();
    assert_eq!(crashlytics.version.as_deref(), Some("3.10.7"));
    // Adjust and GMA have no Info.plist: their versions come from their own binaries' strings;
    // FirebaseAnalytics 5's binary carries none.
    assert_eq!(
        versions(&app),
        [
            ("adjust", Some("4.23.0"), "defined"),
            ("crashlytics", Some("3.10.7"), "defined"),
            ("firebase-analytics", None, "defined"),
            ("google-mobile-ads", Some("7.42.1"), "defined"),
        ]
    );
    let gma = app.inventory.get("google-mobile-ads").unwrap();
    assert_eq!(
        gma.version_evidence,
        Some(sdklint::facts::Location::new(
            "RealSdks.app/Frameworks/GoogleMobileAds.framework/GoogleMobileAds",
            // An app's binaries are read for the arm64 slice only.
            "arm64 GADMobileAds.o: __cstring+0x0 \"afma-sdk-i-v7.42.1\""
        ))
    );
    // Apple's list by framework name: Firebase 5's FirebaseCore, FirebaseCoreDiagnostics,
    // GoogleUtilities and nanopb ship no manifest; GoogleMobileAds, FirebaseAnalytics, AdjustSdk
    // and Fabric's Crashlytics are not on the list.
    let mut sl104: Vec<&str> = app
        .findings
        .iter()
        .filter(|f| f.rule == "SL104")
        .filter_map(|f| f.message.split(".framework").next())
        .collect();
    sl104.sort_unstable();
    assert_eq!(
        sl104,
        [
            "FirebaseCore",
            "FirebaseCoreDiagnostics",
            "GoogleUtilities",
            "nanopb"
        ]
    );
}

/// Adjust's real Android SDK jar (from the com.adjust.sdk 4.23 npm package): read as a jar of
/// class files, Adjust defined by its own classes, every class file readable, no app-level rule.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn adjust_android_jar_is_read_as_class_files() {
    let report = vendor("vendor/adjust-4.23.0/android/adjust-android.jar");
    assert_eq!(report.facts.format, sdklint::facts::BundleFormat::Jar);
    assert!(report.facts.errors.is_empty(), "{:?}", report.facts.errors);
    assert_eq!(embedded(&report), [("adjust", "defined")]);
    assert!(report.facts.classes.iter().filter(|c| c.defined).count() > 100);
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["SL101"]);
}

/// Every method of Adjust's real jar (javac output of a real SDK: switches, wide locals,
/// exception handlers, lambdas) walks to its end; the call sites and the string literals passed
/// to them are many. None of them is into an API the database lists (the SDK calls its own
/// internals, not its public entry points), so the report has no call site.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn adjust_android_jar_bytecode_walks_fully() {
    use sdklint::android::class_file::ClassFile;
    use sdklint::android::jvm_code::{self, Value};
    use std::io::Read;
    let path = corpus().join("vendor/adjust-4.23.0/android/adjust-android.jar");
    let mut jar = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let (mut methods, mut calls, mut with_string) = (0, 0, 0);
    for i in 0..jar.len() {
        let mut entry = jar.by_index(i).unwrap();
        if !entry.name().unwrap().ends_with(".class") {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let class = ClassFile::parse(&bytes).unwrap();
        for method in class.methods().unwrap() {
            let Some(code) = &method.code else { continue };
            methods += 1;
            let mut out = Vec::new();
            jvm_code::walk(&class, code, |_| true, &mut out)
                .unwrap_or_else(|e| panic!("{}: {e}", method.name));
            calls += out.len();
            with_string += out
                .iter()
                .filter(|c| c.args.iter().any(|a| matches!(a, Value::String(_))))
                .count();
        }
    }
    // Measured on 4.23.0: 1,066 methods with code, 4,043 calls, 1,154 with a literal string.
    assert!(methods > 1000, "{methods}");
    assert!(calls > 4000, "{calls}");
    assert!(with_string > 1000, "{with_string}");
    let report = vendor("vendor/adjust-4.23.0/android/adjust-android.jar");
    assert!(report.facts.call_sites.is_empty());
}

/// The real Appium APKs that npm packages ship (appium-uiautomator2-server, io.appium.settings):
/// multi-DEX builds of real code with no tracker; each reads fully and claims no SDK.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn appium_apks_read_fully_and_have_no_tracker() {
    for name in [
        "android/appium/appium-uiautomator2-server-v10.6.6.apk",
        "android/appium/settings_apk-debug.apk",
    ] {
        let report = vendor(name);
        assert!(
            report.facts.errors.is_empty(),
            "{name}: {:?}",
            report.facts.errors
        );
        let tracking: Vec<&str> = report
            .inventory
            .conversion_tracking()
            .map(|h| h.id.as_str())
            .collect();
        assert!(tracking.is_empty(), "{name}: {tracking:?}");
    }
}

/// SDK id and version of each hit, for precision checks: the list must be exactly what the
/// artifact ships, no other SDK.
fn versions(report: &sdklint::BundleReport) -> Vec<(&str, Option<&str>, &str)> {
    report
        .inventory
        .sdks
        .iter()
        .map(|h| (h.id.as_str(), h.version.as_deref(), h.confidence.as_str()))
        .collect()
}

/// Facebook's real iOS SDK 4.22.1 frameworks (cordova-plugin-facebook4@1.9.1): each kit is its
/// own SDK at 4.22.1 (the Info.plists say `1.0` short and `4.22.1` bundle version); Login and Share
/// import app events without shipping them; Bolts and the Messenger kit are no SDK of ours.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn facebook_ios_sdk_4_frameworks() {
    let dir = "npm/fb4/package/src/ios";
    let core = vendor(&format!("{dir}/FBSDKCoreKit.framework"));
    assert_eq!(
        versions(&core),
        [("facebook-app-events", Some("4.22.1"), "defined")]
    );
    for (kit, id) in [
        ("FBSDKLoginKit", "facebook-login"),
        ("FBSDKShareKit", "facebook-share"),
    ] {
        let report = vendor(&format!("{dir}/{kit}.framework"));
        assert_eq!(
            versions(&report),
            [
                ("facebook-app-events", None, "referenced"),
                (id, Some("4.22.1"), "defined")
            ],
            "{kit}"
        );
    }
    for kit in ["Bolts", "FBSDKMessengerShareKit"] {
        let report = vendor(&format!("{dir}/{kit}.framework"));
        assert!(
            report.inventory.sdks.is_empty(),
            "{kit}: {:?}",
            versions(&report)
        );
    }
}

/// Google Analytics Services 3 for iOS (cordova-plugin-google-analytics@1.8.3): one fat static
/// library that defines both legacy Analytics (`GAI…`) and Tag Manager v3 (`TAGManager`,
/// `TAGContainer`); a static library has no Info.plist: Analytics' version is `kGAIVersion`, the
/// bare CFString "3.14" of GAI.o (GAI.h: `@version 3.14`); Tag Manager's is not known. Its IDFA helper
/// libAdIdAccess.a is no SDK.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn google_analytics_services_static_library() {
    let report = vendor("npm/ga/package/ios/libGoogleAnalyticsServices.a");
    assert_eq!(
        versions(&report),
        [
            ("google-analytics-legacy", Some("3.14"), "defined"),
            ("google-tag-manager", None, "defined")
        ]
    );
    let analytics = report.inventory.get("google-analytics-legacy").unwrap();
    assert_eq!(
        analytics.version_evidence,
        Some(sdklint::facts::Location::new(
            "libGoogleAnalyticsServices.a",
            "armv7 GAI.o: __cfstring #1 \"3.14\""
        ))
    );
    let idfa = vendor("npm/ga/package/ios/libAdIdAccess.a");
    assert!(idfa.inventory.sdks.is_empty(), "{:?}", versions(&idfa));
}

/// The other real vendor binaries, alone: exactly their SDK. Adjust's Cordova plugin 4.23.0 ships
/// the native Android SDK 4.24.0 (its CHANGELOG: "Native SDKs: iOS@v4.23.0, Android@v4.24.0";
/// Constants.class holds `android4.24.0`), so 4.24.0 is right for the jar. The iOS binaries have no
/// Info.plist; their versions are strings of their own object files (`[ios] version_strings`):
/// Adjust's `kClientSdk` "ios4.23.0" (ADJUtil.o), AppsFlyer's "4.8.10" (AFSDKChecksum.o; the
/// Cordova plugin 4.4.14 ships iOS SDK 4.8.10, its AppsFlyerTracker.h says so), GMA's
/// "afma-sdk-i-v7.42.1" (GADMobileAds.o).
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn vendor_binaries_alone_are_exactly_their_sdk() {
    for (path, expected, locator) in [
        (
            "vendor/adjust-4.23.0/android/adjust-android.jar",
            ("adjust", Some("4.24.0"), "defined"),
            "\"android4.24.0\"",
        ),
        (
            "vendor/adjust-4.23.0/ios/AdjustSdk.framework",
            ("adjust", Some("4.23.0"), "defined"),
            "armv7 ADJUtil.o: __cfstring #0 \"ios4.23.0\"",
        ),
        (
            "ios/appsflyer-4.4.14/libAppsFlyerLib.a",
            ("appsflyer", Some("4.8.10"), "defined"),
            "armv7 AFSDKChecksum.o: __cfstring #3 \"4.8.10\"",
        ),
        (
            "npm/gma/package/src/ios/GoogleMobileAds.framework",
            ("google-mobile-ads", Some("7.42.1"), "defined"),
            "armv7 GADMobileAds.o: __cfstring #0 \"afma-sdk-i-v7.42.1\"",
        ),
    ] {
        let report = vendor(path);
        assert_eq!(versions(&report), [expected], "{path}");
        let hit = &report.inventory.sdks[0];
        assert!(
            hit.version_evidence
                .as_ref()
                .is_some_and(|l| l.locator.ends_with(locator)),
            "{path}: {:?}",
            hit.version_evidence
        );
    }
}

/// Facebook Audience Network 4.26 for iOS (cordova-facebook-audnet-sdk@4.26.2, `npm/fban`, fetched
/// with the vendor corpus): a static framework whose Info.plist says Xcode's placeholder `1.0`.
/// The placeholder is no version: `FB_AD_SDK_VERSION`, the bare "4.26.0" of
/// FBAdEnvironmentData.m.o, replaces it (`[ios] version_strings`).
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn audience_network_placeholder_plist_version_gives_way_to_the_binary() {
    let report = vendor("npm/fban/package/FBAudienceNetwork.framework");
    assert_eq!(
        versions(&report),
        [("facebook-audience-network", Some("4.26.0"), "defined")]
    );
    let hit = &report.inventory.sdks[0];
    assert_eq!(
        hit.version_evidence,
        Some(sdklint::facts::Location::new(
            "FBAudienceNetwork.framework/FBAudienceNetwork",
            "i386 FBAdEnvironmentData.m.o: __cfstring #57 \"4.26.0\""
        ))
    );
}
