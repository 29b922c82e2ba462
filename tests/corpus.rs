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
            "arm64 GADMobileAds.o: __cfstring #0 \"afma-sdk-i-v7.42.1\""
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
/// multi-DEX builds of real code with no tracker; each reads fully and claims no SDK. The
/// settings app links Play services location, whose base defines GoogleSignInAccount and
/// GoogleSignInOptions: no Google Sign-In (it was reported `defined` before that was fixed).
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
        assert!(
            report.inventory.sdks.is_empty(),
            "{name}: {:?}",
            versions(&report)
        );
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
    // Its x86_64 members' CFString pointers are relocations (stored as 0): they are followed or
    // left unresolved, never read at the stored value (that read 16 bytes from the start of
    // `__cstring`: "adSenseAdMobHitId\01\0mi3.1.4\0appli" and 15 more).
    let garbled: Vec<&str> = report
        .facts
        .strings
        .iter()
        .filter(|s| s.location.locator.contains("__cfstring") && s.value.contains('\0'))
        .map(|s| s.value.as_str())
        .collect();
    assert!(garbled.is_empty(), "{garbled:?}");
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

/// An SDK hit as [`versions`] lists it: id, version, confidence.
type Hit<'a> = (&'a str, Option<&'a str>, &'a str);

/// Each real binary of `tests/corpus/fetch-vendor.sh` (below `npm/`) and exactly the SDKs it
/// holds, with version and confidence; every part of it must read.
fn assert_exact(cases: &[(&str, &[Hit])]) {
    assert_exact_under("npm", cases);
}

/// [`assert_exact`] for the binaries below `root` in the corpus.
fn assert_exact_under(root: &str, cases: &[(&str, &[Hit])]) {
    for &(path, expected) in cases {
        let report = vendor(&format!("{root}/{path}"));
        assert!(
            report.facts.errors.is_empty(),
            "{path}: {:?}",
            report.facts.errors
        );
        assert_eq!(versions(&report), expected, "{path}");
    }
}

/// Kochava's real Android SDKs: Tracker 5.6.0 as five AARs (react-native-kochava-tracker@2.8.2)
/// and Tracker 3.10.1 as two jars (@1.5.1). The version is the tracker's user agent
/// ("AndroidTracker 5.6.0", "AndroidTracker 3.10.1"); the core, events, engagement and network
/// modules alone carry none of their own that is the SDK's (KochavaCore's BuildConfig says 3.1.1).
/// Their proguard.txt (`-keepattributes`, a keep rule over two lines) reads without error, and
/// the Huawei install referrer client the tracker references is no Huawei Ads.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn kochava_android_aars_and_jars() {
    let kochava = |v| [("kochava", v, "defined")];
    let libs = "kochava/package/android/libs";
    assert_exact(&[
        (
            &format!("{libs}/KochavaTracker.aar"),
            &kochava(Some("5.6.0")),
        ),
        (&format!("{libs}/KochavaCore.aar"), &kochava(None)),
        (&format!("{libs}/KochavaTrackerEvents.aar"), &kochava(None)),
        (
            &format!("{libs}/KochavaTrackerEngagement.aar"),
            &kochava(None),
        ),
        (
            &format!("{libs}/KochavaTrackerDatapointNetwork.aar"),
            &kochava(None),
        ),
        (
            "kochava1/package/android/libs/KochavaTracker.jar",
            &kochava(Some("3.10.1")),
        ),
        (
            "kochava1/package/android/libs/KochavaTrackerNetwork.jar",
            &kochava(None),
        ),
    ]);
    let tracker = vendor(&format!("npm/{libs}/KochavaTracker.aar"));
    assert_eq!(tracker.facts.format, sdklint::facts::BundleFormat::Aar);
    assert!(tracker.facts.library.keep_rules.len() > 10);
}

/// Real iOS vendor binaries: Kochava 7.6.0 xcframeworks (their Info.plists) and the static
/// libraries of Kochava 3 (no Info.plist, no version), Branch.framework 0.20.2
/// (branch-cordova-sdk@3.0.1; its binary's version string says 0.20.2 too), OneSignal's static
/// library (react-native-onesignal@3.2.14; no Info.plist, its OneSignal.o says "020904", packed 2.9.4),
/// Sentry.xcframework 8.56.2 (sentry-cordova@1.7.3), and FBAudienceNetwork.framework
/// (cordova-facebook-audnet-sdk@4.26.2), whose Info.plist says 1.0 / 1.0, Xcode's template, while
/// its binary says 4.26.0: the binary's version, not the plist's. It names facebook.com, a
/// mention of app events only.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn more_ios_vendor_binaries_are_exactly_their_sdk() {
    let kochava = |v| [("kochava", v, "defined")];
    let ios = "kochava1/package/ios/KochavaSDK";
    assert_exact(&[
        (
            "kochava/package/ios/Frameworks/KochavaTracker.xcframework",
            &kochava(Some("7.6.0")),
        ),
        (
            "kochava/package/ios/Frameworks/KochavaCore.xcframework",
            &kochava(Some("7.6.0")),
        ),
        (
            &format!("{ios}/libKochavaTrackeriOS/libKochavaTrackeriOS.a"),
            &kochava(None),
        ),
        (
            &format!("{ios}/libKochavaCoreiOS/libKochavaCoreiOS.a"),
            &kochava(None),
        ),
        (
            &format!("{ios}/libKochavaAdNetworkiOS/libKochavaAdNetworkiOS.a"),
            &kochava(None),
        ),
        (
            "branch/package/src/ios/Branch.framework",
            &[("branch", Some("0.20.2"), "defined")],
        ),
        (
            "onesignal/package/ios/libOneSignal.a",
            &[("onesignal", Some("2.9.4"), "defined")],
        ),
        (
            "sentry/package/src/ios/Carthage/Build/Sentry.xcframework",
            &[("sentry", Some("8.56.2"), "defined")],
        ),
        (
            "fban/package/FBAudienceNetwork.framework",
            &[("facebook-audience-network", Some("4.26.0"), "defined")],
        ),
    ]);
    // Facebook SDK 4.7.0 (react-native-facebook-login@1.6.2): Info.plists of `1.0` and an empty
    // CFBundleVersion, the template's. Core's FBSDKSettings.o holds FBSDK_VERSION_STRING "4.7.0";
    // the login and share kits hold none of their own: no version rather than 1.0.
    let fb = "fblogin/package/FacebookSDK";
    let app_events = ("facebook-app-events", None, "referenced");
    assert_exact(&[
        (
            &format!("{fb}/FBSDKCoreKit.framework"),
            &[("facebook-app-events", Some("4.7.0"), "defined")],
        ),
        (
            &format!("{fb}/FBSDKLoginKit.framework"),
            &[app_events, ("facebook-login", None, "defined")],
        ),
        (
            &format!("{fb}/FBSDKShareKit.framework"),
            &[app_events, ("facebook-share", None, "defined")],
        ),
    ]);
    let fan = vendor("npm/fban/package/FBAudienceNetwork.framework");
    let mentions: Vec<&str> = fan
        .inventory
        .mentions
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(mentions, ["facebook-app-events"]);
}

/// Real Android SDK jars: Branch 2.17.1 (branch-cordova-sdk@3.0.1, whose CHANGELOG says "updated
/// Android SDK to 2.17.1"; it refers to the Answers shim, which is no Crashlytics: no
/// Crashlytics either), and the mediated networks Appodeal 2.1.5 for React Native vendors, each
/// at the version its own constant holds (BuildConfig.VERSION_NAME, AppLovinSdk.VERSION, …).
/// InMobi, Tapjoy and Vungle each embed a renamed Moat (com.moat.analytics.mobile.inm/.tjy/.vng),
/// which is Moat's code: defined. Audience Network 4.25's adapters reference Flurry, AdMob and
/// InMobi. Appodeal's own jar embeds MoPub and Amazon's ad SDK and references every network it
/// mediates; its Vungle adapter's "VungleDroid/5.1.0" does not version Vungle. The helper
/// libraries (RxJava, Dagger, EventBus, RecyclerView) and the networks the database does not
/// have (Appnext, Avocarrot) are no SDK.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn android_vendor_jars_are_exactly_their_sdks() {
    let libs = "appodeal/package/android/libs";
    let jar = |name: &str| format!("{libs}/{name}.jar");
    let defined = |id, v| (id, v, "defined");
    let referenced = |id| (id, None, "referenced");
    let moat = defined("moat", None);
    assert_exact(&[
        (
            "branch/package/src/android/dependencies/Branch.jar",
            &[defined("branch", Some("2.17.1"))],
        ),
        (
            &jar("applovin-7.3.2"),
            &[defined("applovin", Some("7.3.2"))],
        ),
        (
            &jar("chartboost-6.6.3"),
            &[defined("chartboost", Some("6.6.3"))],
        ),
        (
            &jar("facebook-4.25.0"),
            &[
                defined("facebook-audience-network", Some("4.25.0")),
                referenced("flurry"),
                referenced("google-mobile-ads"),
                referenced("inmobi"),
            ],
        ),
        (&jar("inmobi-6.2.3"), &[defined("inmobi", None), moat]),
        (
            &jar("ironsource-6.6.2.1"),
            &[defined("ironsource", Some("6.6.2.1"))],
        ),
        (
            &jar("mailru-4.6.17"),
            &[defined("mytarget", Some("4.6.17"))],
        ),
        (&jar("startapp-3.6.2"), &[defined("start-io", None)]),
        (
            &jar("tapjoy-11.11.0"),
            &[moat, defined("tapjoy", Some("11.11.0"))],
        ),
        (
            &jar("unity_ads-2.1.0"),
            &[defined("unity-ads", Some("2.1.0"))],
        ),
        (
            &jar("vungle-sdk-android-5.1.0"),
            &[defined("liftoff-monetize", Some("5.1.0")), moat],
        ),
        (
            &jar("yandex-metrica-2.73"),
            &[defined("appmetrica", Some("2.73"))],
        ),
        (
            &jar("yandex-mobileads-2.60"),
            &[referenced("appmetrica"), defined("yandex-mobile-ads", None)],
        ),
        (
            &jar("appodeal-2.1.4"),
            &[
                referenced("adcolony"),
                defined("amazon-publisher-services", None),
                referenced("applovin"),
                referenced("appmetrica"),
                defined("appodeal", Some("2.1.4")),
                referenced("chartboost"),
                referenced("facebook-audience-network"),
                referenced("flurry"),
                referenced("google-mobile-ads"),
                referenced("inmobi"),
                referenced("ironsource"),
                referenced("liftoff-monetize"),
                defined("mopub", None),
                referenced("mytarget"),
                referenced("start-io"),
                referenced("tapjoy"),
                referenced("unity-ads"),
                referenced("yandex-mobile-ads"),
            ],
        ),
    ]);
    for name in [
        "rxjava-1.2.0",
        "dagger-2.7",
        "eventbus-2.2.1",
        "android-support-v7-recyclerview-23.1.1",
        "appnext-2.0.3.459",
        "avocarrot-3.8.2",
    ] {
        assert_exact(&[(&jar(name), &[])]);
    }
}

/// react-native-fbads@3.1.1 shipped its Gradle build directory: its own AARs and classes.jar
/// only reference Audience Network; the classes.jar of each AAR it was built against is exactly
/// its SDK, at the version its constants hold (Audience Network's BuildConfig, the Facebook SDK's
/// FacebookSdkVersion.BUILD: the 4.15.0 jar still holds app events, login and share in one).
/// Play services 8.4's basement defines Google Sign-In's data classes (GoogleSignInAccount, …)
/// for every Play services library: no SDK. React Native, Fresco, SoLoader and ExoPlayer are no
/// SDK, and android-jsc's classes.jar of nothing but a manifest is an empty jar.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn react_native_fbads_build_directory() {
    let build = "fbads/package/src/android/build";
    let aar = |name: &str| format!("{build}/intermediates/exploded-aar/{name}/jars/classes.jar");
    let fan = |v| {
        [
            ("facebook-audience-network", Some(v), "defined"),
            ("flurry", None, "referenced"),
            ("google-mobile-ads", None, "referenced"),
            ("inmobi", None, "referenced"),
        ]
    };
    let wrapper = [("facebook-audience-network", None, "referenced")];
    assert_exact(&[
        (
            &format!("{build}/outputs/aar/react-native-fbads-release.aar"),
            &wrapper,
        ),
        (
            &format!("{build}/intermediates/bundles/release/classes.jar"),
            &wrapper,
        ),
        (
            &aar("com.facebook.android/audience-network-sdk/4.15.0"),
            &fan("4.15.0"),
        ),
        (
            &aar("com.facebook.android/audience-network-sdk/4.18.0"),
            &fan("4.18.0"),
        ),
        (
            &aar("com.facebook.android/facebook-android-sdk/4.15.0"),
            &[
                ("facebook-app-events", Some("4.15.0"), "defined"),
                ("facebook-login", Some("4.15.0"), "defined"),
                ("facebook-share", Some("4.15.0"), "defined"),
            ],
        ),
        (
            &aar("com.google.android.gms/play-services-ads/8.4.0"),
            &[("google-mobile-ads", None, "defined")],
        ),
        (
            &aar("com.google.android.gms/play-services-basement/8.4.0"),
            &[],
        ),
        (&aar("com.facebook.react/react-native/0.39.1"), &[]),
        (&aar("com.facebook.fresco/imagepipeline/0.11.0"), &[]),
        (&aar("com.facebook.soloader/soloader/0.1.0"), &[]),
        (&aar("com.google.android.exoplayer/exoplayer/r1.5.8"), &[]),
        (&aar("org.webkit/android-jsc/r174650"), &[]),
    ]);
}

/// react-native-onesignal@3.0.0's Gradle build directory: OneSignal Android 3.4.0 (its version
/// constant OneSignal.VERSION is "030400", packed 3.4.0), the wrapper's AAR and classes only
/// referencing it, and Play services 9.8.0: legacy Analytics in play-services-analytics and
/// -impl, whose impl also carries Tag Manager's 196 classes (com.google.android.gms.tagmanager,
/// Container, …: that code is there); base (Google Sign-In's data classes, as in 8.4's basement),
/// basement (a Google ad host among its strings: a mention), GCM, IID, location and tasks are no
/// SDK. Branch 2.15.0's jar (react-native-branch@2.2.5) is versioned as 2.17.1's is; AppsFlyer
/// 4.7.4's jar ("AppsFlyer_4.7.4") and Adjust 4.12.4's ("android4.12.4", in react-native-adjust
/// 4.12.3) as the database says.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn react_native_onesignal_build_directory_and_more_mmp_jars() {
    let build = "onesignal3/package/android/build";
    let aar = |name: &str| format!("{build}/intermediates/exploded-aar/{name}/jars/classes.jar");
    let gms = |name: &str| {
        aar(&format!(
            "com.google.android.gms/play-services-{name}/9.8.00"
        ))
    };
    let wrapper = [("onesignal", None, "referenced")];
    let legacy = ("google-analytics-legacy", None, "defined");
    assert_exact(&[
        (
            &aar("com.onesignal/OneSignal/3.4.0"),
            &[("onesignal", Some("3.4.0"), "defined")],
        ),
        (
            &format!("{build}/outputs/aar/react-native-onesignal-release.aar"),
            &wrapper,
        ),
        (
            &format!("{build}/intermediates/bundles/release/classes.jar"),
            &wrapper,
        ),
        (&gms("analytics"), &[legacy]),
        (
            &gms("analytics-impl"),
            &[legacy, ("google-tag-manager", None, "defined")],
        ),
        (&gms("base"), &[]),
        (&gms("basement"), &[]),
        (&gms("gcm"), &[]),
        (&gms("iid"), &[]),
        (&gms("location"), &[]),
        (&gms("tasks"), &[]),
        (&aar("com.facebook.react/react-native/0.20.1"), &[]),
        (
            "appsflyer-rn/package/android/src/main/libs/AF-Android-SDK.jar",
            &[("appsflyer", Some("4.7.4"), "defined")],
        ),
        (
            "adjust-rn/package/android/libs/adjust-android.jar",
            &[("adjust", Some("4.12.4"), "defined")],
        ),
        (
            "branch2/package/android/libs/Branch-2.15.0.jar",
            // It refers to the Answers shim only, which is no Crashlytics.
            &[("branch", Some("2.15.0"), "defined")],
        ),
    ]);
    let basement = vendor(&format!("npm/{}", gms("basement")));
    let mentions: Vec<&str> = basement
        .inventory
        .mentions
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(mentions, ["google-mobile-ads"]);
    assert!(basement.findings.is_empty(), "{:?}", basement.findings);
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

/// Like [`assert_exact`], for the binaries `tests/corpus/fetch-vendor.sh` copies from vendors'
/// GitHub repositories (below `github/`; only when the search tool's mirror of the repository
/// was there when it ran).
fn assert_exact_github(cases: &[(&str, &[Hit])]) {
    assert_exact_under("github", cases);
}

/// Real iOS binaries of SDKs no npm package ships, from the vendors' (or their partners') GitHub
/// repositories at the commits fetch-vendor.sh pins:
/// - Tenjin 1.19.0's TenjinSDK.xcframework (tenjin/tenjin-ios-sdk@6f4b174, "Release 1.19.0"; the
///   binary says 1.19.0) keeps a stale Info.plist that says 1.12.24: that is what is reported.
///   libTenjinSDK.a (@0e8cb39, "Release 1.12.23") has no Info.plist: 1.12.23 from the bare
///   CFString of its one pre-linked object, which defines TenjinSDK (`[ios] version_strings`).
/// - Singular.xcframework 12.14.0 (singular-labs/Singular-iOS-SDK@c9bed32): short version `1.0`,
///   bundle version and binary `12.14.0`.
/// - Flurry_iOS_SDK.xcframework 12.4.0 (flurry/flurry-ios-sdk@da049b6) and VungleSDK.framework
///   3.2.0 (Vungle/iOS-SDK@8a046a0) say Xcode's template `1.0` / `1`: no version from the plist
///   (was `1.0`); Vungle's 3.2.0 comes from the bare CFString of VungleSDK.o, Flurry has none.
///   Flurry_Config.xcframework defines only `FConfig`: Flurry by its framework's Info.plist;
///   Flurry_Messaging.xcframework defines `FlurryMessaging` (was only referenced, by its import
///   of `Flurry`).
/// - Mintegral 5.9.0's MTGSDKReward/MTGSDKBanner frameworks (MTGSDK/MintegralAdSDK-iOS@4bb3db9,
///   versioned bundles without an Info.plist), AirBridge.framework 0.4.1
///   (teamab180/AirBridgeCordovaPlugin@fdd55c3, no Info.plist either): no version.
/// - From dankinsoid/IronSourceSPM: InMobiSDK.xcframework 10.7.2, Google's
///   UserMessagingPlatform.xcframework 2.4.0, VungleAdsSDK.xcframework (template `1.0` / `1`),
///   and ironSource's ISInMobiAdapter, which imports InMobi 10's Swift classes by their runtime
///   names (`_TtC9InMobiSDK5IMSdk`): InMobi referenced. It imports ironSource's `ISBaseAdapter`
///   family too, none of which the database names: no ironSource.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn github_ios_vendor_binaries_are_exactly_their_sdk() {
    let defined = |id, v| [(id, v, "defined")];
    assert_exact_github(&[
        (
            "tenjin/TenjinSDK.xcframework",
            &defined("tenjin", Some("1.12.24")),
        ),
        ("tenjin/libTenjinSDK.a", &defined("tenjin", Some("1.12.23"))),
        (
            "singular/Singular.xcframework",
            &defined("singular", Some("12.14.0")),
        ),
        (
            "flurry/Flurry_iOS_SDK.xcframework",
            &defined("flurry", None),
        ),
        (
            "flurry/Flurry_Config.xcframework",
            &[("flurry", None, "declared")],
        ),
        (
            "flurry/Flurry_Messaging.xcframework",
            &defined("flurry", None),
        ),
        (
            "mintegral/MTGSDKReward.framework",
            &defined("mintegral", None),
        ),
        (
            "mintegral/MTGSDKBanner.framework",
            &defined("mintegral", None),
        ),
        (
            "vungle/VungleSDK.framework",
            &defined("liftoff-monetize", Some("3.2.0")),
        ),
        (
            "vungle/VungleAdsSDK.xcframework",
            &defined("liftoff-monetize", None),
        ),
        ("airbridge/AirBridge.framework", &defined("airbridge", None)),
        (
            "inmobi/InMobiSDK.xcframework",
            &defined("inmobi", Some("10.7.2")),
        ),
        (
            "google-ump/UserMessagingPlatform.xcframework",
            &defined("google-ump", Some("2.4.0")),
        ),
        (
            "ironsource/ISInMobiAdapter.xcframework",
            &[("inmobi", None, "referenced")],
        ),
        // ironSource's Xamarin.iOS demo app (ironsource-mobile/Mediation-Demo-Apps@d2b54e0):
        // ironSource iOS 6.17.0 linked into the main executable; no Info.plist of its own, so no
        // version (the binary holds "6.17.0").
        ("ironsource/DemoApp_iOS.app", &defined("ironsource", None)),
    ]);
}

/// Real Android binaries from vendors' GitHub repositories: Tenjin 1.23.0's release/tenjin.aar
/// (tenjin/tenjin-android-sdk@eaefcd6; TenjinConsts.sdkVersion "1.23.0"), ironSource LevelPlay
/// 9.0.0's mediationsdk-9.0.0.aar (ironsource-mobile/Mediation-Demo-Apps@8679bc6), Vungle 6.12.1's AAR
/// (Vungle/Android-SDK@1b70f54; com.vungle.warren.BuildConfig.VERSION_NAME), and Pangle 3.1.0.1's
/// open_ad_sdk.aar (bytedance/pangle-sdk-demo@da5d8f9): its version is only a bare "3.1.0.1" in
/// obfuscated classes, so none. This demo's build of the AAR (with an `adapter` package and
/// `PangleAdInterstitialActivity` of its own) declares Google's
/// `com.google.android.gms.ads.AD_MANAGER_APP` meta-data in its manifest: a key alone, so Google
/// Mobile Ads is only a mention. Its only Google code reference is the ad id client, which is no
/// GMA.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn github_android_vendor_binaries_are_exactly_their_sdk() {
    assert_exact_github(&[
        (
            "tenjin/tenjin.aar",
            &[("tenjin", Some("1.23.0"), "defined")],
        ),
        (
            "ironsource/mediationsdk-9.0.0.aar",
            &[("ironsource", Some("9.0.0"), "defined")],
        ),
        (
            "vungle/vungle-android-sdk-6.12.1.aar",
            &[("liftoff-monetize", Some("6.12.1"), "defined")],
        ),
        ("pangle/open_ad_sdk.aar", &[("pangle", None, "defined")]),
    ]);
}

// --- branch i11-ads: ad networks' real binaries ---

/// Real iOS binaries of ad networks, from the vendors' own repositories and from the Solar2D
/// (Corona) plugins that commit the binaries they link (pinned in fetch-vendor.sh; those builds
/// drop Headers and most Info.plists, so most carry no version but their code's):
/// - Unity Ads 1.5.2 (Applifier/unity-ads-sdk@16055d6): Info.plist `1.0` / `1`, the binary only a
///   build number ("1502"): no version.
/// - Amazon Publisher Services DTBiOSSDK.framework (binary only; its "3.3.0" is a bare string of
///   a linked image): no version. Appodeal's Appodeal.framework and BidMachine's keep their
///   version in a `…Defines.o` that defines no class: 3.10.0 and 1.7.3.0 by the symbol that
///   object exports (`_APDSdkVersionString`, `_kBDMVersion`; were none). BidMachine 1.x is
///   defined by `BDMSdk` (was by its framework directory alone).
/// - MoPub's Moat (MPUBMoatMobileAppKit.framework): 3.2.1 from MPUBMoatAnalytics.o (was none).
///   IAS's Avid for MoPub 3.6.1 is no SDK of the database.
/// - Ogury's OgurySdk 5.0.2, OguryAds 3.6.0, OguryCore 1.4.1 and OguryChoiceManager 4.3.0: each
///   its own Info.plist version; defined by their `Ogury…` classes (were declared only).
/// - Smaato 21's static banner, rich media and video frameworks (no Info.plist); Smaato 23's
///   SmaatoSDKCore.xcframework imports HyBid (referenced), and Smaato_HyBid.xcframework is HyBid
///   3.6.1 linking OMSDK_Smaato (Smaato referenced).
/// - Criteo 4.9.0, Digital Turbine IASDKCore 8.2.4.4 (short version 8.2.4, bundle version one
///   part past it), HyprMX 6.4.2 by their Info.plists; Tapjoy
///   12.7.0's simulator build (its one pre-linked object holds other libraries' versions too):
///   no version.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn ad_network_ios_binaries_are_exactly_their_sdk() {
    let defined = |id, v| [(id, v, "defined")];
    assert_exact_github(&[
        ("unity-ads/UnityAds.framework", &defined("unity-ads", None)),
        (
            "amazon-publisher-services/DTBiOSSDK.framework",
            &defined("amazon-publisher-services", None),
        ),
        (
            "appodeal/Appodeal.framework",
            &defined("appodeal", Some("3.10.0")),
        ),
        (
            "bidmachine/BidMachine.framework",
            &defined("bidmachine", Some("1.7.3.0")),
        ),
        (
            "criteo/CriteoPublisherSdk.framework",
            &defined("criteo", Some("4.9.0")),
        ),
        (
            "digital-turbine-exchange/IASDKCore.framework",
            &defined("digital-turbine-exchange", Some("8.2.4.4")),
        ),
        ("hyprmx/HyprMX.framework", &defined("hyprmx", Some("6.4.2"))),
        (
            "moat/MPUBMoatMobileAppKit.framework",
            &defined("moat", Some("3.2.1")),
        ),
        ("avid/libAvid-mopub-3.6.1.a", &[]),
        ("ogury/OgurySdk.framework", &defined("ogury", Some("5.0.2"))),
        ("ogury/OguryAds.framework", &defined("ogury", Some("3.6.0"))),
        (
            "ogury/OguryCore.framework",
            &defined("ogury", Some("1.4.1")),
        ),
        (
            "ogury/OguryChoiceManager.framework",
            &defined("ogury", Some("4.3.0")),
        ),
        ("smaato/SmaatoSDKBanner.framework", &defined("smaato", None)),
        (
            "smaato/SmaatoSDKRichMedia.framework",
            &defined("smaato", None),
        ),
        ("smaato/SmaatoSDKVideo.framework", &defined("smaato", None)),
        (
            "smaato/SmaatoSDKCore.xcframework",
            &[
                ("smaato", Some("23.0.0"), "defined"),
                ("verve-hybid", None, "referenced"),
            ],
        ),
        (
            "verve-hybid/Smaato_HyBid.xcframework",
            &[
                ("smaato", None, "referenced"),
                ("verve-hybid", Some("3.6.1"), "defined"),
            ],
        ),
        ("tapjoy/Tapjoy.framework", &defined("tapjoy", None)),
    ]);
}

/// Android binaries found on the way: Unity Ads 1.5.6's unity-ads.aar (BuildConfig's
/// VERSION_NAME is empty, the version only a code "1506": none), myTarget 5.4.7
/// (com.my.target.common.MyTargetVersion; was none), AppLovin 9.9.2 and Kidoz 9.0.0
/// (BuildConfig.SDK_VERSION; was none); from cranberrygame's Appodeal plugin Chartboost 5.2.0
/// (CBUtility's constant; was none), AppLovin 5.4.3, and Appodeal 1.12.2, whose jar carries
/// MoPub's and Amazon's ad code (defined) and Appodeal's own custom event for Google Mobile Ads
/// in `com.google.ads.mediation.appodeal` (was Google Mobile Ads defined; now referenced, by the
/// GMA classes it calls). Its version is only in an obfuscated class: none. AdColony 3.3.4's
/// AdColony.jar (AdColony-Engineering/Unity-Plugin@119bb03) keeps its version in obfuscated
/// classes too, and its BuildConfig says `1.0`: none; the IAS Avid copy inside is no SDK of ours.
/// From react-native-anythink-module@49e72ae: TopOn core 5.8.11 (its BuildConfig holds "1.0"
/// first: none), which references Adjust's and AppsFlyer's APIs; TopOn's Pangle China adapter
/// (TopOn's code, Pangle referenced); Baidu Mobads 9.183 and Tencent GDT 4.441.1311, whose
/// versions are in obfuscated classes or split ("4.441" in SDKStatus): none. Sigmob 4.25.14
/// (Sigmob/WindDemo-Android@fd6fd88): its version from WindAds' constant (was none); Kuaishou
/// 3.3.28 (Sigmob/ToBidDemo-Android@74698ee): from KsAdSDK's constant (was none).
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn ad_network_android_binaries_are_exactly_their_sdk() {
    assert_exact_github(&[
        ("unity-ads/unity-ads.aar", &[("unity-ads", None, "defined")]),
        (
            "mytarget/mytarget-5.4.7.aar",
            &[("mytarget", Some("5.4.7"), "defined")],
        ),
        (
            "applovin/applovin-9.9.2.aar",
            &[("applovin", Some("9.9.2"), "defined")],
        ),
        (
            "kidoz/net.kidoz.sdk.kidoz-android-native-9.0.0.aar",
            &[("kidoz", Some("9.0.0"), "defined")],
        ),
        ("adcolony/AdColony.jar", &[("adcolony", None, "defined")]),
        (
            "topon/anythink_core.aar",
            &[
                ("adjust", None, "referenced"),
                ("appsflyer", None, "referenced"),
                ("topon", None, "defined"),
            ],
        ),
        (
            "topon/anythink_network_pangle_china.aar",
            &[("pangle", None, "referenced"), ("topon", None, "defined")],
        ),
        (
            "topon/Baidu_MobAds_SDK-release_v9.183.aar",
            &[("baidu-mobads", None, "defined")],
        ),
        (
            "topon/GDTSDK.unionNormal.4.441.1311.aar",
            &[("tencent-ads", None, "defined")],
        ),
        (
            "sigmob/wind-sdk-4.25.14.aar",
            &[("sigmob", Some("4.25.14"), "defined")],
        ),
        (
            "kuaishou/kssdk-ad-3.3.28-publishRelease.aar",
            &[("kuaishou-ads", Some("3.3.28"), "defined")],
        ),
        (
            "chartboost/chartboost-5.2.0.jar",
            &[("chartboost", Some("5.2.0"), "defined")],
        ),
        (
            "applovin/applovin-sdk-5.4.3.jar",
            &[("applovin", Some("5.4.3"), "defined")],
        ),
        (
            "appodeal/appodeal-1.12.2.jar",
            &[
                ("amazon-publisher-services", None, "defined"),
                ("applovin", None, "referenced"),
                ("appodeal", None, "defined"),
                ("chartboost", None, "referenced"),
                ("google-mobile-ads", None, "referenced"),
                ("mopub", None, "defined"),
                ("unity-ads", None, "referenced"),
            ],
        ),
    ]);
}

/// More ad networks from their vendors' GitHub repositories: Teads 6.1.0 (TeadsSDK.xcframework,
/// teads/TeadsSDK-iOS@7a18b9c), Outbrain's Swift OutbrainSDK.xcframework 5.4.2 (Info.plist `1.0`,
/// no version string: none) and 2015's static OutbrainSDK.framework (1.5.2 from Outbrain.o; was
/// none), KidozSDK.xcframework (Info.plist `1.0`; the linked image's bare strings are not read:
/// none) and the static KidozSDK.framework of Kidoz's Unity sample (was declared only: Kidoz's
/// classes now sign it; its DeviceUtils.o holds "1.0.1" before "9.0.0": none), and TopOn's own
/// Pangle adapter, which imports TopOn's `ATAPI` and Pangle's
/// `BUAdSDKManager`: both referenced, neither defined. TopOn 5.7.85's static AnyThinkBanner and
/// AnyThinkSplash frameworks (mogafa/anythinkads-toponad-ofm-core-unity@5489cc7) define
/// ATBannerView / ATSplashManager: defined, with their Info.plist's version (were referenced).
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn more_ad_network_ios_binaries_from_vendors_repositories() {
    let defined = |id, v| [(id, v, "defined")];
    assert_exact_github(&[
        (
            "teads/TeadsSDK.xcframework",
            &defined("teads", Some("6.1.0")),
        ),
        (
            "outbrain/OutbrainSDK.xcframework",
            &defined("outbrain", None),
        ),
        (
            "outbrain/OutbrainSDK.framework",
            &defined("outbrain", Some("1.5.2")),
        ),
        ("kidoz/KidozSDK.xcframework", &defined("kidoz", None)),
        ("kidoz/KidozSDK.framework", &defined("kidoz", None)),
        (
            "topon/AnyThinkPangleAdapter.framework",
            &[
                ("pangle", None, "referenced"),
                ("topon", None, "referenced"),
            ],
        ),
        (
            "topon/AnyThinkBanner.framework",
            &defined("topon", Some("5.7.85")),
        ),
        (
            "topon/AnyThinkSplash.framework",
            &defined("topon", Some("5.7.85")),
        ),
    ]);
}

/// Wrappers of ad networks are not the networks (precision checks on real code): Teads' Google
/// Mobile Ads adapter defines only `GADMAdapterTeads…` classes (was Google Mobile Ads defined:
/// `[ios] exclude_class_prefixes`); Solar2D's AdColony plugin defines `AdColonyCoronaDelegate`
/// (was AdColony defined: AdColony's exact classes now) and its Kidoz plugin
/// `KidozBannerDelegate`…, importing Kidoz 8's `KidozSDK`; Appodeal's Chartboost adapter and
/// Sigmob's adapter for Tencent's GDT import the networks' classes: referenced only. Yandex's own
/// adapters for AdColony, Bigo (by `BigoAdSdk` and its loaders; was nothing), Start.io and Google
/// are Yandex's code (`YMA…MediatedBannerAdapter`: Yandex Mobile Ads defined) and reference the
/// network; Yandex's adapter for ironSource imports only ironSource's `ISBase…` classes and
/// Yandex's `MAC…` core, which the database names neither: nothing.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn ad_network_wrappers_only_reference_the_networks() {
    let referenced = |id| (id, None, "referenced");
    let yandex = ("yandex-mobile-ads", None, "defined");
    assert_exact_github(&[
        (
            "wrappers/TeadsAdMobAdapter.framework",
            &[referenced("google-mobile-ads"), referenced("teads")],
        ),
        ("wrappers/libAdColonyPlugin.a", &[referenced("adcolony")]),
        ("wrappers/libKidozPlugin.a", &[referenced("kidoz")]),
        (
            "wrappers/libAPDChartboostAdapter.a",
            &[referenced("chartboost")],
        ),
        (
            "wrappers/libSigmobGDTAdapter.a",
            &[referenced("sigmob"), referenced("tencent-ads")],
        ),
        (
            "wrappers/AdColonyYandexMobileAdsAdapters.xcframework",
            &[referenced("adcolony"), yandex],
        ),
        (
            "wrappers/BigoADSYandexMobileAdsAdapters.xcframework",
            &[referenced("bigo-ads"), yandex],
        ),
        (
            "wrappers/StartAppYandexMobileAdsAdapters.xcframework",
            &[referenced("start-io"), yandex],
        ),
        (
            "wrappers/GoogleYandexMobileAdsAdapters.xcframework",
            &[referenced("google-mobile-ads"), yandex],
        ),
        (
            "wrappers/YandexMobileAdsIronSourceAdapters.xcframework",
            &[],
        ),
    ]);
}

// --- i11-source: consent and login SDK binaries (helper f) ---

/// Real login and consent SDK binaries (tests/corpus/fetch-vendor.sh, block "i11-source"), each
/// exactly its SDK. Static libraries and frameworks without an Info.plist are versioned by the
/// bare CFString of the object that defines the SDK's class (`[ios] version_strings`):
/// - Naver Login iOS 4.0.7 (react-native-naver-login@1.4.0, libNaverLogin.a:
///   NaverThirdPartyLoginConnection.o "4.0.7") and Android 4.2.5 (its AAR: OAuthLoginDefine).
/// - Twitter Kit 3.3.0 / TwitterCore 3.1.0 (react-native-twitter-signin@1.1.1; Info.plists).
/// - Google Sign-In 4.0.0 (cordova-plugin-googleplus@5.3.2) and 3.0.0
///   (react-native-google-signin@0.5.1): GIDSignIn.o's "4.0.0" / "3.0.0"; the Google*Utilities
///   frameworks shipped with it are no SDK.
/// - Kakao's legacy SDK 1.x: the five 1.10.0 frameworks of react-native-kakao-links@1.0.3
///   (Info.plists; KakaoCommon and KakaoMessageTemplate define none of the listed classes:
///   declared by their framework) and KakaoOpenSDK 1.8.2 (react-native-kakao-logins@1.4.0,
///   no Info.plist, its "1.8.2" only in a category object: no version). Both were missed.
/// - Kakao's legacy Android SDK 1.1.21 (react-native-kakao-login@1.0.1's example build): its
///   com.kakao.auth / usermgmt / network / util classes (was missed); util's SystemInfo holds
///   the version.
/// - TikTok's Open SDK 5.0.0 (login / share, react-native-tiktok@1.1.2): no TikTok Business.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn login_sdk_binaries_are_exactly_their_sdk() {
    let kakao = "kakaolinks/package/ios";
    let kakao_at = |v| [("kakao-sdk", Some(v), "defined")];
    let gsi = |v| [("google-sign-in", Some(v), "defined")];
    let libs = "googleplus/package/src/ios/libs";
    assert_exact(&[
        (
            "naver/package/ios/NaverAuth/thirdPartyModule/libNaverLogin.a",
            &[("naver-login", Some("4.0.7"), "defined")],
        ),
        (
            "naver/package/android/src/main/libs/naveridlogin_android_sdk_4.2.5.aar",
            &[("naver-login", Some("4.2.5"), "defined")],
        ),
        (
            "twitter/package/ios/dependencies/TwitterKit.framework",
            &[("twitter-kit", Some("3.3.0"), "defined")],
        ),
        (
            "twitter/package/ios/dependencies/TwitterCore.framework",
            &[("twitter-kit", Some("3.1.0"), "defined")],
        ),
        // The React Native wrapper's own Android build only references Twitter Kit.
        (
            "twitter/package/android/build/outputs/aar/react-native-twitter-signin-release.aar",
            &[("twitter-kit", None, "referenced")],
        ),
        (&format!("{libs}/GoogleSignIn.framework"), &gsi("4.0.0")),
        (
            "gsignin/package/RNGoogleSignin/GoogleSignIn.framework",
            &gsi("3.0.0"),
        ),
        (&format!("{libs}/GoogleAppUtilities.framework"), &[]),
        (&format!("{libs}/GoogleAuthUtilities.framework"), &[]),
        (&format!("{libs}/GoogleNetworkingUtilities.framework"), &[]),
        (&format!("{libs}/GoogleSymbolUtilities.framework"), &[]),
        (&format!("{libs}/GoogleUtilities.framework"), &[]),
        (
            &format!("{kakao}/KakaoOpenSDK.framework"),
            &kakao_at("1.10.0"),
        ),
        (&format!("{kakao}/KakaoLink.framework"), &kakao_at("1.10.0")),
        (
            &format!("{kakao}/KakaoPlusFriend.framework"),
            &kakao_at("1.10.0"),
        ),
        (
            &format!("{kakao}/KakaoCommon.framework"),
            &[("kakao-sdk", Some("1.10.0"), "declared")],
        ),
        (
            &format!("{kakao}/KakaoMessageTemplate.framework"),
            &[("kakao-sdk", Some("1.10.0"), "declared")],
        ),
        (
            "kakaologin/package/ios/Frameworks/KakaoOpenSDK.framework",
            &[("kakao-sdk", None, "defined")],
        ),
        (
            "tiktokopen/package/ios/Pods/TikTokOpenSDK/TikTokOpenSDK.framework",
            &[],
        ),
    ]);
    let legacy = |m: &str| {
        format!(
            "kakaologin1/package/exampleKakaoLogin/android/app/build/intermediates/exploded-aar/\
             com.kakao.sdk/{m}/1.1.21/jars/classes.jar"
        )
    };
    let kakao = [("kakao-sdk", None, "defined")];
    assert_exact(&[
        (&legacy("auth"), &kakao),
        (&legacy("usermgmt"), &kakao),
        (&legacy("network"), &kakao),
        (&legacy("util"), &[("kakao-sdk", Some("1.1.21"), "defined")]),
    ]);
}

/// Real consent and Snap Kit binaries from GitHub repositories (fetch-vendor.sh, "i11-source"):
/// - Snap Kit 1.0.0's Login, Creative and Bitmoji kits (kboy-silvergym/SnapKitSample-iOS@a1a333c;
///   Info.plists `1.0` / `1.0.0`). Their armv7 and i386 slices list `SCSDK…` classes by their real
///   names (they were read 4 bytes early: classes named "\x01", "!"). Snap Kit 1.1.5's Core and
///   Creative kits (an app's Pods/, EmilyMattlin/SnapCreativeKitSDK@70d4cb9; Podfile.lock
///   `SnapSDK (1.1.5)`) say `1.1` / `1.1.5`: 1.1.5, the bundle version one patch past the short
///   one (was 1.1).
/// - Didomi 1.36.1's simulator slice (didomi/unity@5497187, its Info.plist).
/// - consentmanager's CmpSdk.xcframework (iubenda/cm-sdk-xcframework@ce1dadd, podspec 2.5.4):
///   its Info.plist says 0.1.0, and that is what is reported (the binary's own "2.5.3" is a bare
///   string of a dylib, which no `{version}` template may read).
/// - TikTok Business SDK 1.6.0's static xcframework (coltonswapp/nest-note@a06014a): Info.plist
///   `1.0` / `1`, the template's; TikTokBusiness.o's "1.6.0" (was no version). Its embedded
///   crash reporter (`TTSDKCrash…`, a renamed KSCrash) is no SDK of ours.
/// - UsercentricsUI 2.18.1 (iOS and tvOS slices; an app's committed Pods/ folder,
///   tsginacio/UsercentricsAppChallenge@ae42950): its Info.plists.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn consent_and_snap_kit_github_binaries_are_exactly_their_sdk() {
    let snap = [("snap-kit", Some("1.0.0"), "defined")];
    assert_exact_github(&[
        ("snap-kit/SCSDKLoginKit.framework", &snap),
        ("snap-kit/SCSDKCreativeKit.framework", &snap),
        ("snap-kit/SCSDKBitmojiKit.framework", &snap),
        (
            "snap-kit2/SCSDKCoreKit.framework",
            &[("snap-kit", Some("1.1.5"), "defined")],
        ),
        (
            "snap-kit2/SCSDKCreativeKit.framework",
            &[("snap-kit", Some("1.1.5"), "defined")],
        ),
        (
            "didomi/Didomi.xcframework",
            &[("didomi", Some("1.36.1"), "defined")],
        ),
        (
            "consentmanager/CmpSdk.xcframework",
            &[("consentmanager", Some("0.1.0"), "defined")],
        ),
        (
            "tiktok-business/TikTokBusinessSDK.xcframework",
            &[("tiktok-business", Some("1.6.0"), "defined")],
        ),
        (
            "usercentrics/UsercentricsUI.xcframework",
            &[("usercentrics", Some("2.18.1"), "defined")],
        ),
    ]);
    let login = vendor("github/snap-kit/SCSDKLoginKit.framework");
    let odd: Vec<&str> = login
        .facts
        .classes
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| !n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
        .collect();
    assert!(odd.is_empty(), "{odd:?}");
}

/// The open-source iOS SDKs that ship to apps as source (SwiftPM / CocoaPods), so no vendor-built
/// binary exists to test their `[ios]` signatures on: each SDK's repository (or repositories) and
/// the commit its source is checked at, in the search tool's mirrors (`fetch github:<owner>/<name>`
/// → `$SDKLINT_GITHUB_MIRROR/<owner>+<name>/repo`, default `/work/.mirror`).
#[rustfmt::skip]
const SOURCE_REPOS: &[(&str, &str, &str)] = &[
    ("mixpanel", "mixpanel+mixpanel-swift", "8399b37fca5717ba8701e0d2af26b98ce48bcaf3"),
    // The Objective-C SDK (class `Mixpanel`, `MixpanelPeople`).
    ("mixpanel", "mixpanel+mixpanel-iphone", "b75007a964aa51bf31b31d0ace41f091a999ac7a"),
    ("amplitude", "amplitude+Amplitude-Swift", "17ca168cfe6bc6400e0fd7d0287fb2c742ed0d21"),
    ("amplitude", "amplitude+Amplitude-iOS", "f1cfd38cf2c08903e9677b09c916f307b05c12ca"),
    // AmplitudeCore, the Swift SDK's dependency.
    ("amplitude", "amplitude+AmplitudeCore-Swift", "bf7afcc808ff9ed66c9e0f99c1d65ba8fca8caa3"),
    ("segment", "segmentio+analytics-swift", "c9a0d6305ac44dcacffeb450534ee8af214b6607"),
    ("segment", "segmentio+analytics-ios", "4b0968947eb916b3a29d56bd5e17d620ff29a220"),
    ("posthog", "PostHog+posthog-ios", "64c7dd0e09dce10c55ac737ef2615af812a37950"),
    ("rudderstack", "rudderlabs+rudder-sdk-ios", "dcf152d5e7b8a0a715d20dbf813168cdbf46f99c"),
    ("countly", "Countly+countly-sdk-ios", "7b29bb61c816c74d09fce6940f68a4d3146af0d9"),
    ("tiktok-business", "tiktok+tiktok-business-ios-sdk", "0c7bb476fad0ec4db2265ae9d7bd5d0dccbe75d8"),
    // 1.3.2 (2024), whose TikTokBusinessSDK/AppEvents still declares TikTokAppEventStore.
    ("tiktok-business", "tiktok+tiktok-business-ios-sdk", "927e5c81b2801f78054e5654e13a5fcb7c5361d3"),
    ("appmetrica", "appmetrica+appmetrica-sdk-ios", "76c61ccfdf0b7c75b6a2668fee823d8e48fc1db9"),
    // The closed-source YandexMobileMetrica 3.x/4.x: its Package.swift names the binary targets.
    ("appmetrica", "yandexmobile+metrica-sdk-ios", "8f90c1a7f0b9ba9cf7ef8e95767f35bf39aa7a75"),
    ("app-center", "microsoft+appcenter-sdk-apple", "307caacd16cd010ea3c8fca851584ba4815af667"),
    ("bugsnag", "bugsnag+bugsnag-cocoa", "84fb011abff7e4fc873bf6bc52bf7f88b510583b"),
    ("clevertap", "CleverTap+clevertap-ios-sdk", "3af43fc7e213b35d830f48023d9d2ae9fa958e84"),
    ("iterable", "Iterable+swift-sdk", "4e08441ced56815df874871cc3655321e6adc0a3"),
    ("datadog", "DataDog+dd-sdk-ios", "2b6a3fb084a9532d694de5f0b523b78ccc6717a8"),
    // The parent of "RUM-9496: Remove `DatadogObjc` module" (2025-05; SDK 2.x ships it).
    ("datadog", "DataDog+dd-sdk-ios", "009c4e05efc0cb7861517617443f1a4ea28f063f"),
    ("swrve", "Swrve+swrve-ios-sdk", "7cba8abef42d0c6f2ab3d3c72917d7960a94291c"),
    ("tealium", "Tealium+tealium-swift", "0dad26baa86977fa9464494beac4c82f75c1b1ff"),
    // MoEngage's podspecs (the SDK itself is closed source: binary xcframeworks they download).
    ("moengage", "moengage+apple-sdk", "4611df08a4ce3e991dd508863f3ab032d9da306e"),
    // Before 10.00.0 dropped the MoEngageAnalytics pod (moengage/apple-sdk@b387699, 2025-05).
    ("moengage", "moengage+apple-sdk", "b321bbc58e3a38107f06a78f8409f0c085b7c71b"),
    ("mparticle", "mParticle+mparticle-apple-sdk", "86fa64756c4eb3c916d1fe72caf07d73bd089e3a"),
    ("leanplum", "Leanplum+Leanplum-iOS-SDK", "0a1f2142bab6db644bb96b7b474e42c1285b1001"),
    ("kakao-sdk", "kakao+kakao-ios-sdk", "32626459f03d9a3622f91cfc001c6dc97cae33a9"),
    ("sourcepoint", "SourcePointUSA+ios-cmp-app", "6e45fd8d29b6c1cd03b0e46681927c3b75944be6"),
    ("cookie-information", "cookie-information+ios-release", "ceb2d948ab34b1170d5c0ab1ba6151c9b94acb90"),
    ("embrace", "embrace-io+embrace-apple-sdk", "70c13f9ac60d1689ea473d13e1849e6e50a11ae0"),
    ("adobe-experience-platform", "adobe+aepsdk-core-ios", "22f4cd2af843047d3d6e979da359b16000f3369f"),
    // The extensions the database names, each in its own repository, and the legacy ACP SDK
    // (binary xcframeworks with public headers).
    ("adobe-experience-platform", "adobe+aepsdk-edge-ios", "d0d3e0d74ff8999ab8d6bbd30f921610ee1e6dd1"),
    ("adobe-experience-platform", "adobe+aepsdk-edgeidentity-ios", "21016589882907c503803f71aa326a7ae39f3017"),
    ("adobe-experience-platform", "adobe+aepsdk-edgeconsent-ios", "595c1b8f912f69655dbf047d4b3a1a63364d12fe"),
    ("adobe-experience-platform", "adobe+aepsdk-analytics-ios", "69835581e2f1351d39f6f5d25030857b1f79354d"),
    ("adobe-experience-platform", "adobe+aepsdk-assurance-ios", "b8f0cc1aacc64b5ff7ec86460c5df7405b446044"),
    ("adobe-experience-platform", "Adobe-Marketing-Cloud+acp-sdks", "eeae18e7b01005d46981d6eb7a11be7ff9d62d2e"),
];

/// `[ios]` names the pinned source cannot show, each with the reason it stays in the database
/// (an older generation of the SDK, a module kept in another repository, a real binary).
const NOT_IN_SOURCE: &[(&str, &str, &str)] = &[
    // Names of older releases, confirmed on real binaries (analytics_binaries_from_github_are_…,
    // more_analytics_binaries_from_github_are_…), that the pinned current source no longer has.
    (
        "app-center",
        "MSAppCenter",
        "App Center < 4.0 named its classes MS*, MSAC* since (appcenter-sdk-unity@b30ce96's 1.x frameworks)",
    ),
    (
        "app-center",
        "MSAnalytics",
        "App Center < 4.0 (appcenter-sdk-unity@b30ce96's AppCenterAnalytics.framework)",
    ),
    (
        "app-center",
        "MSCrashes",
        "App Center < 4.0 class name (renamed MSACCrashes in 4.0)",
    ),
    (
        "app-center",
        "MSDistribute",
        "App Center < 4.0 class name (renamed MSACDistribute in 4.0)",
    ),
    (
        "app-center",
        "MSPush",
        "App Center Push, retired in 4.0 (appcenter-sdk-unity@b30ce96's AppCenterPush.framework)",
    ),
    (
        "app-center",
        "AppCenterPush",
        "App Center Push, retired in 4.0 (appcenter-sdk-unity@b30ce96)",
    ),
    (
        "rudderstack",
        "RudderClient",
        "the 2019 SDK's names (rudder-sdk-unity@bb82fc4's iOS library)",
    ),
    (
        "rudderstack",
        "RudderMessageBuilder",
        "the 2019 SDK's names (rudder-sdk-unity@bb82fc4's iOS library)",
    ),
    (
        "tealium",
        "Tealium",
        "Tealium's Objective-C SDK tealium-ios 5.x (Tealium/tealium-ios@c357c5b), not tealium-swift",
    ),
    (
        "tealium",
        "TEAL",
        "tealium-ios 5.x's class prefix (Tealium/tealium-ios@c357c5b)",
    ),
    (
        "tealium",
        "TealiumIOS",
        "tealium-ios 5.x's framework (Tealium/tealium-ios@c357c5b)",
    ),
    (
        "tealium",
        "TealiumIOSLifecycle",
        "tealium-ios 5.x's lifecycle framework (Tealium/tealium-ios@50504df)",
    ),
    // Kakao's legacy Objective-C SDK 1.x, closed source, found in real binaries
    // (login_sdk_binaries_are_exactly_their_sdk); kakao/kakao-ios-sdk is the Swift SDK 2.x.
    (
        "kakao-sdk",
        "KOSession",
        "legacy 1.x binary (react-native-kakao-logins@1.4.0)",
    ),
    (
        "kakao-sdk",
        "KLKTalkLinkCenter",
        "legacy 1.x binary (react-native-kakao-links@1.0.3)",
    ),
    (
        "kakao-sdk",
        "KPFPlusFriend",
        "legacy 1.x binary (react-native-kakao-links@1.0.3)",
    ),
    (
        "kakao-sdk",
        "KakaoLink",
        "legacy 1.x binary (react-native-kakao-links@1.0.3)",
    ),
    (
        "kakao-sdk",
        "KakaoCommon",
        "legacy 1.x binary (react-native-kakao-links@1.0.3)",
    ),
    (
        "kakao-sdk",
        "KakaoMessageTemplate",
        "legacy 1.x binary (react-native-kakao-links@1.0.3)",
    ),
    (
        "kakao-sdk",
        "KakaoPlusFriend",
        "legacy 1.x binary (react-native-kakao-links@1.0.3)",
    ),
    (
        "kakao-sdk",
        "KakaoOpenSDK",
        "legacy 1.x binary (react-native-kakao-logins@1.4.0)",
    ),
    // AppMetrica's predecessor YandexMobileMetrica 3.x/4.x is closed source: its repository
    // (yandexmobile/metrica-sdk-ios) publishes binaries only, absent from the mirror.
    (
        "appmetrica",
        "YMM",
        "YandexMobileMetrica 3.x/4.x classes, closed source",
    ),
    (
        "appmetrica",
        "YMMYandexMetricaConfiguration",
        "YandexMobileMetrica 3.x/4.x, closed source",
    ),
    (
        "appmetrica",
        "setAppForKids:",
        "YandexMobileMetrica 3.x/4.x, closed source",
    ),
    // mParticle's release script builds a variant without location services under this name
    // (Scripts/xcframework.sh at mParticle/mparticle-apple-sdk@1336d48); no target or pod has it.
    (
        "mparticle",
        "mParticle_Apple_SDK_NoLocation",
        "release xcframework variant",
    ),
    // Embrace 5.x (pod EmbraceIO, closed source, Objective-C): Embrace.framework, class
    // `Embrace`; embrace-apple-sdk is 6.x, whose `Embrace` is a Swift class of EmbraceCore. Not
    // verified on a real 5.x binary.
    ("embrace", "Embrace", "Embrace 5.x, closed source"),
    // MoEngage is closed source (apple-sdk holds podspecs of binary xcframeworks, not in the
    // mirror): its classes cannot be checked; MoEngage (the umbrella framework) and MOInApp are
    // the 5.x-7.x modules its CHANGELOG-old.md names ("split into 5 modules now i.e,
    // `MoEngageCore`, `MOAnalytics`, `MOMessaging`, `MOInApp` and `MoEngage`").
    (
        "moengage",
        "MoEngage",
        "closed source; the pre-8 umbrella framework (CHANGELOG-old.md)",
    ),
    (
        "moengage",
        "MOInApp",
        "the pre-8 in-app module (CHANGELOG-old.md)",
    ),
    ("moengage", "MoEngageSDKAnalytics", "closed source"),
];

/// One pinned source tree, read with `git` (no work tree needed).
struct SourceTree {
    git: PathBuf,
    commit: &'static str,
}

impl SourceTree {
    fn git(&self, args: &[&str]) -> (bool, String) {
        let out = std::process::Command::new("git")
            .arg("--git-dir")
            .arg(&self.git)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("git: {e}"));
        // `git grep` exits 1 when nothing matches; anything else is a failure.
        let code = out.status.code();
        assert!(
            code == Some(0) || (args[0] == "grep" && code == Some(1)),
            "git {args:?} in {}: {}",
            self.git.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        (
            code == Some(0),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }

    /// The source files (ObjC, Swift, C) matching a Perl-style pattern.
    fn grep(&self, pattern: &str) -> Vec<String> {
        let (_, out) = self.git(&[
            "grep",
            "-I",
            "-l",
            "-P",
            "-e",
            pattern,
            self.commit,
            "--",
            "*.h",
            "*.m",
            "*.mm",
            "*.swift",
            "*.c",
            // Generated Swift headers declare Swift classes as `@interface Name :` under their
            // mangled runtime name (`SWIFT_CLASS("_TtC…")`): not an Objective-C declaration.
            ":!*-Swift.h",
        ]);
        out.lines()
            .map(|l| l.split_once(':').map_or(l, |(_, p)| p).to_string())
            .collect()
    }

    /// Every file path at the commit.
    fn files(&self) -> Vec<String> {
        let (_, out) = self.git(&["ls-tree", "-r", "--name-only", self.commit]);
        out.lines().map(str::to_string).collect()
    }

    fn show(&self, path: &str) -> String {
        self.git(&["show", &format!("{}:{path}", self.commit)]).1
    }

    /// Module and product names: SwiftPM `name: "X"` (targets, products, binary targets) in every
    /// Package.swift, CocoaPods pod names (a podspec's file stem, `name =`, `module_name =`), and
    /// Xcode framework products (`X.framework` in a project.pbxproj).
    fn module_names(&self) -> std::collections::BTreeSet<String> {
        let mut names = std::collections::BTreeSet::new();
        let quoted = |text: &str, key: &str, names: &mut std::collections::BTreeSet<String>| {
            for part in text.split(key).skip(1) {
                let part = part.trim_start_matches([' ', '\t', ':', '=']).trim_start();
                let Some(q) = part.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                    continue;
                };
                if let Some(end) = part[1..].find(q) {
                    names.insert(part[1..1 + end].to_string());
                }
            }
        };
        for path in self.files() {
            // A vendored framework in the tree (a binary target's or a closed-source pod's).
            for dir in path.split('/') {
                if let Some(stem) = dir
                    .strip_suffix(".xcframework")
                    .or_else(|| dir.strip_suffix(".framework"))
                {
                    names.insert(stem.to_string());
                }
            }
            let file = path.rsplit('/').next().unwrap_or(&path);
            if file == "Package.swift" || file.starts_with("Package@swift") {
                quoted(&self.show(&path), "name:", &mut names);
            } else if let Some(stem) = file.strip_suffix(".podspec") {
                names.insert(stem.to_string());
                let text = self.show(&path);
                quoted(&text, ".name", &mut names);
                quoted(&text, "module_name", &mut names);
            } else if file == "project.pbxproj" {
                for word in self.show(&path).split([' ', '\t', '\n', '"', '/', ';']) {
                    if let Some(stem) = word.strip_suffix(".framework") {
                        names.insert(stem.to_string());
                    }
                }
            }
        }
        names
    }
}

/// Where an Objective-C class name is declared in source: `@interface Name :` (a class, not a
/// category or extension) or Swift's `@objc(Name)`.
fn objc_declaration(trees: &[SourceTree], class: &str) -> bool {
    let pattern = format!(r"@interface\s+{class}\s*:|@objc\s*\(\s*{class}\s*\)");
    trees.iter().any(|t| !t.grep(&pattern).is_empty())
}

/// For each open-source SDK of [`SOURCE_REPOS`], its `[ios]` entry of the built-in database
/// against its source at the pinned commit:
/// - every `objc_classes` name is declared as an Objective-C class (`@interface Name :` or
///   `@objc(Name)`; a Swift class without `@objc(Name)` has the runtime name `_TtC…`, which
///   counts for its Swift module only);
/// - every `objc_class_prefixes` entry begins at least one such declared class, followed by an
///   uppercase letter;
/// - every `frameworks` and `swift_modules` name is a SwiftPM target or product, a pod's name or
///   module name, or an Xcode framework product of the repository;
/// - every `version_strings` template's literal text appears in the source, and a bare
///   `{version}` template's `class` is declared and implemented in a file holding a version
///   literal or naming a macro or constant defined as one;
/// - every `[[ios.apis]]` class is declared (Objective-C, or a Swift class of the SDK), and its
///   selector's first keyword is a method name (`name:` or `name(`) in a file that names every
///   other keyword too.
///
/// Names the source cannot show are listed in [`NOT_IN_SOURCE`] with a reason. A repository
/// whose mirror is absent is skipped; none present fails.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn open_source_ios_sdks_match_their_source() {
    let mirror = std::env::var_os("SDKLINT_GITHUB_MIRROR")
        .map_or_else(|| PathBuf::from("/work/.mirror"), PathBuf::from);
    let db = sdklint::inventory::SdkDb::builtin();
    let mut checked = Vec::new();
    let mut problems = Vec::new();
    let mut sdks: Vec<&str> = SOURCE_REPOS.iter().map(|r| r.0).collect();
    sdks.sort_unstable();
    sdks.dedup();
    for sdk in sdks {
        let trees: Vec<SourceTree> = SOURCE_REPOS
            .iter()
            .filter(|r| r.0 == sdk)
            .map(|r| SourceTree {
                git: mirror.join(r.1).join("repo"),
                commit: r.2,
            })
            .filter(|t| t.git.is_dir())
            .collect();
        if trees.is_empty() {
            continue;
        }
        for t in &trees {
            t.git(&["cat-file", "-e", &format!("{}^{{commit}}", t.commit)]);
        }
        checked.push(sdk);
        let ios = db
            .get(sdk)
            .and_then(|d| d.ios.as_ref())
            .unwrap_or_else(|| panic!("{sdk}: no [ios] entry"));
        let excused = |name: &str| NOT_IN_SOURCE.iter().any(|e| e.0 == sdk && e.1 == name);
        let mut fail = |what: String| problems.push(format!("{sdk}: {what}"));
        for class in &ios.objc_classes {
            if !objc_declaration(&trees, class) && !excused(class) {
                let swift = format!(r"\b(class|actor)\s+{class}\b");
                let how = if trees.iter().any(|t| !t.grep(&swift).is_empty()) {
                    "only a Swift class without @objc(Name) (its runtime name is _TtC…)"
                } else {
                    "not declared"
                };
                fail(format!("objc_classes `{class}`: {how}"));
            }
        }
        for prefix in &ios.objc_class_prefixes {
            let pattern = format!(r"@interface\s+{prefix}[A-Z]\w*\s*:|@objc\s*\(\s*{prefix}[A-Z]");
            if trees.iter().all(|t| t.grep(&pattern).is_empty()) && !excused(prefix) {
                fail(format!("objc_class_prefixes `{prefix}`: no class declared"));
            }
        }
        let modules: std::collections::BTreeSet<String> =
            trees.iter().flat_map(|t| t.module_names()).collect();
        for name in ios.frameworks.iter().chain(&ios.swift_modules) {
            if !modules.contains(name) && !excused(name) {
                fail(format!(
                    "framework / Swift module `{name}`: no such target, pod or product"
                ));
            }
        }
        for v in &ios.version_strings {
            let literal: String = v.template.replace("{version}", "");
            if !literal.is_empty() {
                let pattern = regex_escape(&literal);
                if trees.iter().all(|t| t.grep(&pattern).is_empty()) && !excused(&v.template) {
                    fail(format!(
                        "version_strings `{}`: literal not in the source",
                        v.template
                    ));
                }
            }
            if let Some(class) = &v.class
                && !excused(class)
            {
                if !objc_declaration(&trees, class) {
                    fail(format!("version_strings class `{class}`: not declared"));
                } else if literal.is_empty() && !version_in_implementation(&trees, class) {
                    fail(format!(
                        "version_strings `{{version}}` of `{class}`: its @implementation holds no \
                         version literal or version macro"
                    ));
                }
            }
        }
        for api in &ios.apis {
            let (Some(class), Some(selector)) = (&api.class, &api.selector) else {
                continue;
            };
            let swift = format!(r"\b(class|actor|protocol|extension)\s+{class}\b");
            if !objc_declaration(&trees, class)
                && trees.iter().all(|t| t.grep(&swift).is_empty())
                && !excused(class)
            {
                fail(format!("apis class `{class}`: not declared"));
            }
            let parts: Vec<&str> = selector.split(':').filter(|p| !p.is_empty()).collect();
            let first = format!(r"\b{}\s*[:(]", parts[0]);
            let found = trees.iter().any(|t| {
                t.grep(&first).iter().any(|file| {
                    let text = t.show(file);
                    parts[1..].iter().all(|p| {
                        text.match_indices(p).any(|(i, _)| {
                            let before = text[..i].chars().next_back();
                            let after = text[i + p.len()..].chars().next();
                            !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                                && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        })
                    })
                })
            });
            if !found && !excused(selector) {
                fail(format!(
                    "apis selector `{class} {selector}`: not in the source"
                ));
            }
        }
    }
    assert!(
        !checked.is_empty(),
        "no mirror of {SOURCE_REPOS:?} in {}",
        mirror.display()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Whether a file that implements `class` holds a bare version literal (`@"1.6.1"`) or names a
/// macro or constant defined as one elsewhere (`#define SDK_VERSION @"1.6.1"`): where a bare
/// `{version}` template's string comes from.
fn version_in_implementation(trees: &[SourceTree], class: &str) -> bool {
    let version = r#""[0-9]+(\.[0-9]+){1,3}""#;
    trees.iter().any(|t| {
        let (_, defs) = t.git(&[
            "grep",
            "-h",
            "-o",
            "-P",
            "-e",
            &format!(r"(#define\s+\w+|NSString\s*\*\s*(const\s+)?\w+\s*=)\s*@?{version}"),
            t.commit,
            "--",
            "*.h",
            "*.m",
        ]);
        let names: Vec<&str> = defs
            .lines()
            .filter_map(|l| {
                let l = l.split_once(':').map_or(l, |(_, r)| r);
                let l = l.trim_start_matches("#define").trim_start();
                let l = l.split_once('*').map_or(l, |(_, r)| r).trim_start();
                let l = l.trim_start_matches("const").trim_start();
                l.split(|c: char| !(c.is_alphanumeric() || c == '_')).next()
            })
            .filter(|n| !n.is_empty())
            .collect();
        t.grep(&format!(r"@implementation\s+{class}\b"))
            .iter()
            .any(|file| {
                let text = t.show(file);
                let has_literal = text.split('"').skip(1).step_by(2).any(|q| {
                    let parts: Vec<&str> = q.split('.').collect();
                    (2..=4).contains(&parts.len())
                        && parts
                            .iter()
                            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                });
                has_literal || names.iter().any(|n| text.contains(n))
            })
    })
}

/// `text` as a Perl-style pattern matching itself.
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = r"\^$.|?*+()[]{}".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

// --- branch i11-analytics: analytics / engagement SDKs in their real vendor binaries ---

/// Analytics and engagement SDKs in real iOS binaries that npm packages vendor (fetch-vendor.sh):
/// - Instabug.framework 8.0.6 (instabug-reactnative@8.0.10; its Info.plist).
/// - Heap's classic libHeap.a 6.5.3 (@heap/react-native-heap@0.9.1): `HeapEventVisualizer`,
///   `HIBailer`, … (not `Heap` alone, a word); the version is the bare first CFString of Heap.o,
///   the object of class `Heap`, which is no signature (was: nothing).
/// - Airship's libUAirship-6.2.2.a and -8.5.3.a (urbanairship-cordova@3.4.1, @6.9.1): the bare
///   version of UAirship.o, and of UAirshipVersion.o in 8.x (was: no version).
/// - ACP, Adobe's Experience Platform SDK before AEP (@adobe/react-native-acpcore@1.1.1): the core
///   and its Identity, Lifecycle and Signal extensions, each a static library (the extensions
///   were missed); ACPCore's version is a C string of a C++ object, no class's: none.
/// - CleverTapSDK.framework 3.8.0 (clevertap-cordova@2.2.1): Xcode's template `1.0` in its plist
///   and "30800" in its binary, no dotted version: none. SDWebImage.framework beside it: no SDK.
/// - Batch.framework 1.12.0 (com.batch.cordova@2.0.2).
/// - Umeng's UMMobClick.framework 4.0.4 (react-native-umeng-analytics@0.1.6; was: no version).
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn analytics_ios_binaries_from_npm_are_exactly_their_sdk() {
    let defined = |id, v| [(id, v, "defined")];
    let acp = defined("adobe-experience-platform", None);
    let libs = "acpcore/package/ios/libs";
    assert_exact(&[
        (
            "instabug/package/ios/Instabug.framework",
            &defined("instabug", Some("8.0.6")),
        ),
        (
            "heap/package/ios/Vendor/libHeap.a",
            &defined("heap", Some("6.5.3")),
        ),
        (
            "airship3/package/src/ios/Airship/libUAirship-6.2.2.a",
            &defined("airship", Some("6.2.2")),
        ),
        (
            "airship6/package/src/ios/Airship/libUAirship-8.5.3.a",
            &defined("airship", Some("8.5.3")),
        ),
        (&format!("{libs}/libACPCore_iOS.a"), &acp),
        (&format!("{libs}/libACPIdentity_iOS.a"), &acp),
        (&format!("{libs}/libACPLifecycle_iOS.a"), &acp),
        (&format!("{libs}/libACPSignal_iOS.a"), &acp),
        (
            "clevertap/package/src/ios/CleverTapSDK.framework",
            &defined("clevertap", None),
        ),
        ("clevertap/package/src/ios/SDWebImage.framework", &[]),
        (
            "batch/package/src/ios/Batch.framework",
            &defined("batch", Some("1.12.0")),
        ),
        (
            "umeng/package/ios/umsdk_IOS_analyics_idfa_v4.0.4/UMMobClick.framework",
            &defined("umeng", Some("4.0.4")),
        ),
    ]);
    let heap = vendor("npm/heap/package/ios/Vendor/libHeap.a");
    assert_eq!(
        heap.inventory.sdks[0].version_evidence,
        Some(sdklint::facts::Location::new(
            "libHeap.a",
            "armv7 Heap.o: __cfstring #0 \"6.5.3\""
        ))
    );
}

/// Analytics and engagement SDKs in real binaries from the vendors' GitHub repositories:
/// - Braze: Appboy's tvOS AppboyTVOSKit.framework 4.7.0 and AppboyPushStory.framework
///   (Appboy/appboy-ios-sdk@2afdd54, @b5cc6d7): template plists; their bare "4.7.0" is in a
///   linked image, where a bare version is never taken: none. Braze Android 24.2.0's base AAR
///   (braze-inc/braze-xamarin-sdk@18dc42a): its version is only in obfuscated `bo.app` classes.
/// - SmartlookAnalytics.xcframework 2.2.12 (smartlook/cordova-smartlook@e2ff669, device slice) and
///   Smartlook Android 1.8.7's AAR (smartlook/UnityPackage@263c08b, obfuscated: no version), whose
///   integrations reference Amplitude, Bugsnag, Crashlytics, Firebase Analytics, Heap, Mixpanel
///   and Segment.
/// - UXCam.framework 2.0.0 (2015; the bare CFString of its one pre-linked object, was: none),
///   UXCam.xcframework 3.3.9 and UXCam.jar (uxcam/cordova-uxcam).
/// - Tealium's Objective-C SDK (Tealium/tealium-ios): TealiumIOS.framework 5.4.1, the
///   xcframework 5.8.3 and TealiumIOSLifecycle.framework (template plist, no string): all three
///   were missed (the database knew only tealium-swift).
/// - Leanplum.xcframework 6.4.1 (Leanplum/Leanplum-Unity-SDK@7e1fb10), which links CleverTapSDK
///   (CleverTap referenced), and 4.1.0 (@26336c3): template plists, bare versions in linked
///   images: none.
/// - App Center 1.x's static AppCenterAnalytics and AppCenterPush frameworks
///   (microsoft/appcenter-sdk-unity@b30ce96): `MSAnalytics`, `MSPush` (were: Analytics by its
///   bare framework directory only, Push missed).
/// - Swrve iOS 4.4.1 compiled into an OpenFL extension (flowplay/extension-swrve@68e9e66): class
///   `Swrve` (was: missed).
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn analytics_binaries_from_github_are_exactly_their_sdk() {
    let defined = |id, v| (id, v, "defined");
    assert_exact_github(&[
        ("braze/AppboyTVOSKit.framework", &[defined("braze", None)]),
        ("braze/AppboyPushStory.framework", &[defined("braze", None)]),
        (
            "braze/android-sdk-base-24.2.0.aar",
            &[defined("braze", None)],
        ),
        (
            "smartlook/SmartlookAnalytics.xcframework",
            &[defined("smartlook", Some("2.2.12"))],
        ),
        (
            "smartlook/app-1.8.7-unity-lite-support.aar",
            &[
                ("amplitude", None, "referenced"),
                ("bugsnag", None, "referenced"),
                ("crashlytics", None, "referenced"),
                ("firebase-analytics", None, "referenced"),
                ("heap", None, "referenced"),
                ("mixpanel", None, "referenced"),
                ("segment", None, "referenced"),
                defined("smartlook", None),
            ],
        ),
        ("uxcam/UXCam.framework", &[defined("uxcam", Some("2.0.0"))]),
        (
            "uxcam/UXCam.xcframework",
            &[defined("uxcam", Some("3.3.9"))],
        ),
        ("uxcam/UXCam.jar", &[defined("uxcam", None)]),
        (
            "tealium/TealiumIOS.framework",
            &[defined("tealium", Some("5.4.1"))],
        ),
        (
            "tealium/TealiumIOS.xcframework",
            &[defined("tealium", Some("5.8.3"))],
        ),
        (
            "tealium/TealiumIOSLifecycle.framework",
            &[defined("tealium", None)],
        ),
        (
            "leanplum/Leanplum.xcframework",
            &[("clevertap", None, "referenced"), defined("leanplum", None)],
        ),
        (
            "leanplum4/Leanplum.xcframework",
            &[defined("leanplum", None)],
        ),
        (
            "app-center/AppCenterAnalytics.framework",
            &[defined("app-center", None)],
        ),
        (
            "app-center/AppCenterPush.framework",
            &[defined("app-center", None)],
        ),
        (
            "swrve/libextension_swrve.iphoneos-64.a",
            &[defined("swrve", None)],
        ),
    ]);
}

/// More analytics, APM and engagement SDKs in real binaries from vendors' GitHub repositories
/// (their Unity, Unreal, Xamarin, Cocos2d-x and SwiftPM distributions):
/// - MyTrackerSDK.xcframework 3.0.4 (myTrackerSDK/mytracker-ios-spm@37cad6e): template plists;
///   3.0.4 from MRMyTracker.o (was: none).
/// - Localytics Android 5.1.1 and 4.5.1 jars: Constants' "androida_<version>" (was: none), and
///   Localytics AMP iOS 2.23.0's static library (myell0w/Localytics-iOS@6f469dc): its
///   `LocalyticsSession` / `LocalyticsAmpSession` (was: missed) and LocalyticsSession.o's version.
/// - Embrace.framework 4.1.5 (embrace-ios-eap) and 6.x's EmbraceIO / EmbraceCore (template plists).
/// - MoEngageCore 10.2.2, MoEngageAnalytics 4.17.5 (each module's own Info.plist version) and
///   MoEngageInApps 6.00.2 (was: only referenced, by its links to the other modules).
/// - NewRelic.xcframework 7.4.12 (newrelic-unreal-plugin) and the Android agent 7.6.1 jar
///   (Agent.VERSION; was: none).
/// - bugsnag-cocoa 5.22.10 in the vendor's macOS Cocos2d-x build (BugsnagNotifier.o) and
///   bugsnag-android-core 4.22.2 (Notifier; both were: none).
/// - mParticle_Apple_SDK.framework 8.21.0 and mParticle Android core 5.36.2 (BuildConfig; was:
///   none); mParticle's 2017 framework vendors Kochava's tracker as libTrackAndAd.a: Kochava, and
///   PLCrashReporter's CrashReporter: no SDK.
/// - RudderStack's 2019 Unity bridge RudderSDKUnity.framework: `RudderClient` (was: missed).
/// - Countly 17.05 as LibCountlyiOSSdk.a and sdk.aar (Countly/countly-sdk-xamarin; were: none).
/// - mixpanel-iphone 2.0.1 as libMixpanel.a (stelapps/xamarin-mixpanel; was: none).
/// - Amplitude-iOS 4.0.3 as libAmplitude.a (its version is in AMPConstants.o, which defines no
///   class: none) and 8.2.1 as an xcframework (a bare string in a linked image: none); Amplitude
///   Android 2.15.0 (Constants; was: none).
/// - CleverTapSDK.xcframework 6.2.1 (beside Leanplum 6 in Leanplum-Unity-SDK).
/// - ContentsquareModule.xcframework 4.11.0 (ContentSquare/iOS-sample-app@dae7208).
/// - Microsoft Clarity's Clarity.xcframework (Kebechet/Maui.MicrosoftClarity@b63e0b9): its Swift
///   classes by their runtime names `_TtC7Clarity10ClaritySDK`, … (was: missed; a template plist,
///   no version), and Clarity Android 3.8.2's AAR (obfuscated: no version).
/// - TUNE Android 4.7.0 and MobileAppTracker 3.11.3 jars (sdkbox/sdkbox-sample-tune): their
///   SDK_VERSION constants (were: none).
/// - AppMetrica's legacy crash module YandexMobileMetricaCrashes.framework
///   (VitalyArt/metrica-plugin-cordova@99a5abc): `YMM*` classes, a template plist.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn more_analytics_binaries_from_github_are_exactly_their_sdk() {
    let defined = |id, v| [(id, v, "defined")];
    let mparticle2017 = "mparticle2017/mParticle.framework/Versions/A";
    assert_exact_github(&[
        (
            "mytracker/MyTrackerSDK.xcframework",
            &defined("mytracker", Some("3.0.4")),
        ),
        (
            "localytics/localytics-51.1.jar",
            &defined("localytics", Some("5.1.1")),
        ),
        (
            "localytics/localytics.jar",
            &defined("localytics", Some("4.5.1")),
        ),
        (
            "localytics/libLocalyticsAMP_x64.a",
            &defined("localytics", Some("2.23.0")),
        ),
        (
            "embrace/Embrace.framework",
            &defined("embrace", Some("4.1.5")),
        ),
        ("embrace/EmbraceIO.xcframework", &defined("embrace", None)),
        ("embrace/EmbraceCore.xcframework", &defined("embrace", None)),
        (
            "moengage/MoEngageCore.xcframework",
            &defined("moengage", Some("10.2.2")),
        ),
        (
            "moengage/MoEngageAnalytics.xcframework",
            &defined("moengage", Some("4.17.5")),
        ),
        (
            "moengage/MoEngageInApps.xcframework",
            &defined("moengage", Some("6.00.2")),
        ),
        (
            "new-relic/NewRelic.xcframework",
            &defined("new-relic", Some("7.4.12")),
        ),
        (
            "new-relic/android-agent-static-7.6.1.jar",
            &defined("new-relic", Some("7.6.1")),
        ),
        (
            "bugsnag/libbugsnag-cocos2dx-macosx.a",
            &defined("bugsnag", Some("5.22.10")),
        ),
        (
            "bugsnag/bugsnag-android-core.aar",
            &defined("bugsnag", Some("4.22.2")),
        ),
        (
            "mparticle/mParticle_Apple_SDK.framework",
            &defined("mparticle", Some("8.21.0")),
        ),
        (
            "mparticle/mparticle-core.jar",
            &defined("mparticle", Some("5.36.2")),
        ),
        (
            &format!("{mparticle2017}/libTrackAndAd.a"),
            &defined("kochava", None),
        ),
        (&format!("{mparticle2017}/CrashReporter"), &[]),
        (
            "rudderstack/RudderSDKUnity.framework",
            &defined("rudderstack", None),
        ),
        (
            "countly/LibCountlyiOSSdk.a",
            &defined("countly", Some("17.05")),
        ),
        ("countly/sdk.aar", &defined("countly", Some("17.05"))),
        (
            "mixpanel/libMixpanel.a",
            &defined("mixpanel", Some("2.0.1")),
        ),
        ("amplitude/libAmplitude.a", &defined("amplitude", None)),
        (
            "amplitude/Amplitude.xcframework",
            &defined("amplitude", None),
        ),
        (
            "amplitude/amplitude-android-2.15.0.jar",
            &defined("amplitude", Some("2.15.0")),
        ),
        (
            "clevertap/CleverTapSDK.xcframework",
            &defined("clevertap", Some("6.2.1")),
        ),
        (
            "contentsquare/ContentsquareModule.xcframework",
            &defined("contentsquare", Some("4.11.0")),
        ),
        (
            "microsoft-clarity/Clarity.xcframework",
            &defined("microsoft-clarity", None),
        ),
        (
            "microsoft-clarity/clarity-3.8.2.aar",
            &defined("microsoft-clarity", None),
        ),
        (
            "tune/TuneMarketingConsoleSDK-4.7.0.jar",
            &defined("tune", Some("4.7.0")),
        ),
        (
            "tune/MobileAppTracker.jar",
            &defined("tune", Some("3.11.3")),
        ),
        (
            "appmetrica/YandexMobileMetricaCrashes.framework",
            &defined("appmetrica", None),
        ),
    ]);
}
