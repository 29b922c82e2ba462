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
/// library (react-native-onesignal@3.2.14; no Info.plist, its binary says "020904"),
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
            &[("onesignal", None, "defined")],
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
/// constant is "030400", not a dotted version: none), the wrapper's AAR and classes only
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
            &[("onesignal", None, "defined")],
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
