//! The inventory through the public API: the embedded database, a user database layered on it, and
//! a match over hand-built facts.

use sdklint::facts::{BundleFormat, ClassFact, Facts, Location, Platform};
use sdklint::inventory::{Category, Confidence, Inventory, SdkDb};

fn class(name: &str, defined: bool) -> ClassFact {
    ClassFact {
        name: name.to_string(),
        defined,
        location: Location::new("classes.dex", format!("class L{};", name.replace('.', "/"))),
    }
}

#[test]
fn builtin_database_finds_mmps() {
    let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
    facts.classes = vec![
        class("com.appsflyer.AppsFlyerLib", true),
        class("com.appsflyer.internal.AFa1a", true),
        class("com.example.Main", true),
        class("io.branch.referral.Branch", false),
    ];
    let inventory = Inventory::build(SdkDb::builtin(), &facts);
    let found: Vec<(&str, Confidence)> = inventory
        .sdks
        .iter()
        .map(|hit| (hit.id.as_str(), hit.confidence))
        .collect();
    assert_eq!(
        found,
        [
            ("appsflyer", Confidence::Defined),
            ("branch", Confidence::Referenced)
        ]
    );
    assert!(inventory.has_category(Category::Attribution));
    assert_eq!(inventory.get("appsflyer").unwrap().evidence_total, 2);
}

#[test]
fn user_database_extends_the_builtin_one() {
    let user = r#"
id = "acme-attribution"
name = "Acme Attribution (in-house)"
vendor = "Acme Corp."
categories = ["attribution"]
conversion_tracking = true
[android]
class_prefixes = ["com.acme.attribution"]
"#;
    let mut sources: Vec<(&str, &str)> = SdkDb::builtin_sources().to_vec();
    sources.push(("my-sdks/acme-attribution.toml", user));
    let db = SdkDb::from_sources(&sources).unwrap();
    assert_eq!(db.len(), SdkDb::builtin().len() + 1);
    assert_eq!(
        db.get("acme-attribution").unwrap().name,
        "Acme Attribution (in-house)"
    );

    // A user signature that overlaps a built-in SDK is rejected, naming the user's file.
    let clash = user.replace("com.acme.attribution", "com.appsflyer.acme");
    let last = sources.len() - 1;
    sources[last].1 = &clash;
    let error = SdkDb::from_sources(&sources).unwrap_err().to_string();
    assert!(
        error.starts_with(
            "my-sdks/acme-attribution.toml: android.class_prefixes[0]: `com.appsflyer.acme` overlaps \
             `com.appsflyer` of `appsflyer` (sdks/appsflyer.toml)"
        ),
        "{error}"
    );
}

fn android_ids(classes: &[&str]) -> Vec<String> {
    let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
    facts.classes = classes.iter().map(|c| class(c, true)).collect();
    ids(&facts)
}

/// Classes that shared helper libraries ship claim no SDK: Fabric's core (legacy Crashlytics),
/// the Analytics connector (FCM), Play services' measurement facade (AdMob), facebook-common's
/// login and share classes, Huawei's OAID and install referrer clients, the Google sign-in data
/// classes of Play services' base.
#[test]
fn shared_helper_libraries_claim_no_sdk() {
    let shared = [
        "io.fabric.sdk.android.Fabric",
        "com.google.firebase.analytics.connector.AnalyticsConnector",
        "com.google.android.gms.measurement.api.AppMeasurementSdk",
        "com.google.android.gms.measurement.internal.zzfr",
        "com.facebook.login.LoginManager",
        "com.facebook.login.LoginClient",
        "com.facebook.share.widget.ShareDialog",
        "com.facebook.share.model.ShareLinkContent",
        "com.huawei.hms.ads.identifier.AdvertisingIdClient",
        "com.huawei.hms.ads.installreferrer.api.InstallReferrerClient",
        "com.google.android.gms.auth.api.signin.GoogleSignInAccount",
        "com.google.android.gms.auth.api.signin.zza",
        "com.my.trackerx.Foo",
        "com.startapp.o6",
    ];
    for class in shared {
        assert_eq!(android_ids(&[class]), Vec::<String>::new(), "{class}");
    }
}

/// The SDKs' own classes still find them.
#[test]
fn own_classes_still_find_the_sdks() {
    for (class, id) in [
        (
            "com.google.firebase.analytics.FirebaseAnalytics",
            "firebase-analytics",
        ),
        (
            "com.google.android.gms.measurement.AppMeasurementService",
            "firebase-analytics",
        ),
        ("com.facebook.login.widget.LoginButton", "facebook-login"),
        ("com.facebook.share.widget.MessageDialog", "facebook-share"),
        ("com.huawei.hms.ads.banner.BannerView", "huawei-ads"),
        ("com.ironsource.mediationsdk.IronSource", "ironsource"),
        ("com.unity3d.mediation.LevelPlay", "ironsource"),
        ("com.twitter.sdk.android.core.TwitterCore", "twitter-kit"),
        (
            "com.google.android.libraries.ads.mobile.sdk.MobileAds",
            "google-mobile-ads",
        ),
        ("com.kochava.measurement.Measurement", "kochava"),
        ("com.flurry.android.FlurryAgent", "flurry"),
        ("com.uxcam.UXCam", "uxcam"),
        ("com.moloco.sdk.publisher.Banner", "moloco"),
        ("net.pubnative.lite.sdk.HyBid", "verve-hybid"),
        ("sg.bigo.ads.BigoAdSdk", "bigo-ads"),
        ("com.startapp.sdk.adsbase.StartAppSDK", "start-io"),
        (
            "com.startapp.android.publish.adsCommon.StartAppSDK",
            "start-io",
        ),
        ("com.appodeal.ads.Appodeal", "appodeal"),
        (
            "com.google.android.gms.auth.api.signin.GoogleSignIn",
            "google-sign-in",
        ),
        (
            "com.google.android.gms.auth.api.signin.internal.SignInHubActivity",
            "google-sign-in",
        ),
        ("com.hyprmx.android.sdk.core.HyprMX", "hyprmx"),
        ("com.my.tracker.MyTracker", "mytracker"),
        (
            "com.rudderstack.android.sdk.core.RudderClient",
            "rudderstack",
        ),
        ("com.moat.analytics.mobile.tjy.MoatFactory", "moat"),
        (
            "com.google.android.gms.tagmanager.DataLayer",
            "google-tag-manager",
        ),
        (
            "com.adobe.marketing.mobile.MobileCore",
            "adobe-experience-platform",
        ),
        ("com.tealium.library.Tealium", "tealium"),
        ("com.ogury.sdk.Ogury", "ogury"),
        ("com.quantcast.choicemobile.ChoiceCmp", "quantcast-choice"),
    ] {
        assert_eq!(android_ids(&[class]), [id], "{class}");
    }
}

#[test]
fn snap_kit_is_not_conversion_tracking_and_meta_declares_ep1() {
    let db = SdkDb::builtin();
    assert!(!db.get("snap-kit").unwrap().conversion_tracking);
    assert!(
        db.get("facebook-app-events")
            .unwrap()
            .domains
            .iter()
            .any(|d| d == "ep1.facebook.com")
    );
}

/// An iOS executable that imports `classes` and names the Swift `modules`.
fn ios_ids(classes: &[&str], modules: &[&str]) -> Vec<String> {
    use sdklint::facts::apple_binary::{AppleBinary, ClassSource, ObjcClass, SwiftType};
    let path = "Payload/Shop.app/Shop";
    let mut classes: Vec<ObjcClass> = classes
        .iter()
        .map(|name| ObjcClass {
            name: name.to_string(),
            defined: false,
            source: ClassSource::Symbol,
            location: Location::new(path, format!("_OBJC_CLASS_$_{name}")),
        })
        .collect();
    classes.sort_by(|a, b| a.name.cmp(&b.name));
    let swift_types = modules
        .iter()
        .map(|module| SwiftType {
            module: module.to_string(),
            name: None,
            defined: false,
            location: Location::new(path, format!("swift module {module}")),
        })
        .collect();
    let mut facts = Facts::new("Shop.ipa", Platform::Ios, BundleFormat::Ipa);
    facts.apple_binaries.push(AppleBinary {
        objc_classes: classes,
        swift_types,
        ..AppleBinary::arm64_executable(path)
    });
    ids(&facts)
}

/// The ids of the SDKs the built-in database finds embedded in `facts`.
fn ids(facts: &Facts) -> Vec<String> {
    Inventory::build(SdkDb::builtin(), facts)
        .sdks
        .iter()
        .map(|hit| hit.id.clone())
        .collect()
}

/// The `[ios]` signatures of the SDKs that ship an iOS SDK find them in an app's executable.
#[test]
fn ios_signatures_find_the_sdks() {
    for (class, id) in [
        ("TenjinSDK", "tenjin"),
        ("AirBridge", "airbridge"),
        ("AMAAppMetrica", "appmetrica"),
        ("YMMYandexMetrica", "appmetrica"),
        ("TikTokBusiness", "tiktok-business"),
        ("UMPConsentInformation", "google-ump"),
        ("FBAdView", "facebook-audience-network"),
        ("ALSdk", "applovin"),
        ("UADSMetaData", "unity-ads"),
        ("LevelPlay", "ironsource"),
        ("SentrySDK", "sentry"),
        ("GAIDictionaryBuilder", "google-analytics-legacy"),
        ("AdColonyAppOptions", "adcolony"),
        ("CHBInterstitial", "chartboost"),
    ] {
        assert_eq!(ios_ids(&[class], &[]), [id], "{class}");
    }
    for (module, id) in [
        ("Airbridge", "airbridge"),
        ("AppMetricaCore", "appmetrica"),
        ("FirebaseAnalytics", "firebase-analytics"),
        // OneTrust's `OTPublishersHeadlessSDK` is a Swift class without `@objc(Name)`: its
        // runtime name is `_TtC23OTPublishersHeadlessSDK23OTPublishersHeadlessSDK`, a Swift type
        // of its module, not an Objective-C class name.
        ("OTPublishersHeadlessSDK", "onetrust"),
    ] {
        assert_eq!(ios_ids(&[], &[module]), [id], "{module}");
    }
    // Prefixes need an uppercase letter after them; lookalikes claim nothing.
    assert_eq!(
        ios_ids(&["UMP", "CHBx", "Sentryish", "AMAzing"], &[]),
        Vec::<String>::new()
    );
}
