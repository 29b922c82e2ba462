//! Ownership on real fixtures: who owns classes, code strings and call sites, and `app_calls`.

use std::path::Path;

use sdklint::facts::ownership::Owner;
use sdklint::{Options, lint};

fn fixture(name: &str) -> sdklint::BundleReport {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    lint(&path, &Options::default()).expect("fixture lints")
}

/// `app_calls` counts the app's calls into any method of an SDK (each calling method and called
/// method once), not only into the APIs the database lists: appsflyer-adjust's App.onCreate
/// calls AppsFlyerLib.getInstance, init and start, and two MainActivity methods getInstance and
/// logEvent (7); branch-referenced's App.onCreate calls Branch.getAutoInstance, though Branch's
/// code is not in the APK (1; it said "never called" while only listed APIs counted).
#[test]
fn an_app_that_calls_its_sdks_and_one_that_only_embeds_one() {
    let calls = fixture("appsflyer-adjust.apk");
    let af = calls
        .facts
        .app_calls("appsflyer")
        .expect("known on Android");
    assert_eq!(af.count, 7);
    let first = af.first.expect("a first call");
    assert!(first.caller.starts_with("Lcom/example/shop/"), "{first:?}");
    assert!(first.callee.starts_with("Lcom/appsflyer/"), "{first:?}");
    assert_eq!(calls.facts.app_calls("adjust").map(|c| c.count), Some(7));

    let referenced = fixture("branch-referenced.apk");
    let branch = referenced
        .facts
        .app_calls("branch")
        .expect("known on Android");
    assert_eq!(branch.count, 1);
    let first = branch.first.expect("a first call");
    assert_eq!(
        (first.callee, first.caller),
        (
            "Lio/branch/referral/Branch;->getAutoInstance(Landroid/content/Context;)Lio/branch/referral/Branch;",
            "Lcom/example/links/App;->onCreate()V"
        )
    );

    // Without the calls (no bytecode walked into them), none.
    let mut embeds = fixture("appsflyer-adjust.apk");
    embeds.facts.call_sites.clear();
    embeds.facts.sdk_invokes.clear();
    embeds.facts.ownership.call_sites.clear();
    embeds.facts.ownership.callees.clear();
    embeds.facts.ownership.callers_sorted.clear();
    let af = embeds
        .facts
        .app_calls("appsflyer")
        .expect("known on Android");
    assert_eq!(af.count, 0);
    assert!(af.first.is_none());
}

#[test]
fn classes_are_owned_by_their_sdk_and_the_app_package_by_the_app() {
    let report = fixture("appsflyer-adjust.apk");
    let facts = &report.facts;
    let own = &facts.ownership;
    assert_eq!(own.owners[0], Owner::App);
    assert_eq!(own.classes.len(), facts.classes.len());
    assert_eq!(own.strings.len(), facts.strings.len());
    assert_eq!(own.call_sites.len(), facts.call_sites.len());
    for (i, class) in facts.classes.iter().enumerate() {
        let sdk = own.sdk_of(&own.classes, i);
        if class.name.starts_with("com.appsflyer.") {
            assert_eq!(sdk, Some("appsflyer"), "{}", class.name);
        } else if class.name.starts_with("com.example.shop.") {
            assert_eq!(sdk, None, "{}", class.name);
        }
    }
    // Every call site in this app is made by the app's MainActivity.
    assert!((0..facts.call_sites.len()).all(|i| own.call_site_is_app(i)));
    // Some code strings are loaded by SDK classes, so belong to them, not to the app.
    assert!((0..facts.strings.len()).any(|i| !own.string_is_app(i)));
}

#[test]
fn text_and_html_say_whether_the_app_calls_the_sdk() {
    let calls = fixture("appsflyer-adjust.apk");
    let mut embeds = fixture("appsflyer-adjust.apk");
    embeds.facts.call_sites.clear();
    embeds.facts.sdk_invokes.clear();
    embeds.facts.ownership.call_sites.clear();
    embeds.facts.ownership.callees.clear();
    embeds.facts.ownership.callers_sorted.clear();
    let text = sdklint::report::text::render_inventory(&embeds);
    assert!(
        text.contains("embedded, never called from the app's code"),
        "{text}"
    );
    let text = sdklint::report::text::render_inventory(&calls);
    assert!(
        text.contains("called from the app: 7 call sites, e.g. Lcom/appsflyer/AppsFlyerLib;->"),
        "{text}"
    );
    let page =
        sdklint::report::html::render(&[calls, embeds], &[], sdklint::inventory::SdkDb::builtin())
            .unwrap();
    assert_eq!(page.matches("called from the app: 7 call sites").count(), 2);
    assert_eq!(
        page.matches("embedded, never called from the app&#x27;s code")
            .count(),
        2
    );
}

/// `com.appsflyer.sampleapp`: an app whose own package lies under the SDK's prefix. Its classes
/// and components are the app's (not AppsFlyer's evidence), AppsFlyer's evidence starts with its
/// entry class, and the strings AppsFlyer's own TCF reader loads (`IABTCF_*`, an "opt out" log
/// line) are AppsFlyer's.
#[test]
fn an_app_package_under_an_sdk_prefix_is_the_apps() {
    let report = fixture("appsflyer-sampleapp.apk");
    let facts = &report.facts;
    let own = &facts.ownership;
    for (i, class) in facts.classes.iter().enumerate() {
        let sdk = own.sdk_of(&own.classes, i);
        if class.name.starts_with("com.appsflyer.sampleapp.") {
            assert_eq!(sdk, None, "{}", class.name);
        } else if class.name.starts_with("com.appsflyer.") {
            assert_eq!(sdk, Some("appsflyer"), "{}", class.name);
        }
    }
    let af = report.inventory.get("appsflyer").unwrap();
    assert_eq!(af.evidence[0].locator, "class Lcom/appsflyer/AppsFlyerLib;");
    assert!(
        af.evidence.iter().all(|e| !e.locator.contains("sampleapp")),
        "{:?}",
        af.evidence
    );
    // 8 SDK classes and the SDK's receiver; the app's activity and Application are not counted.
    assert_eq!(af.evidence_total, 9);
    let owner_of = |value: &str| {
        let i = facts.strings.iter().position(|s| s.value == value).unwrap();
        own.sdk_of(&own.strings, i)
    };
    assert_eq!(owner_of("IABTCF_TCString"), Some("appsflyer"));
    assert_eq!(
        owner_of("User chose to opt out of data sharing; events are not sent"),
        Some("appsflyer")
    );
    assert_eq!(
        owner_of("af_purchase"),
        None,
        "loaded by the app's MainActivity"
    );
    // The app's call into AppsFlyer is the app's.
    assert_eq!(facts.app_calls("appsflyer").map(|c| c.count), Some(1));
}

/// Play services' base libraries alone (basement with the gen_204 URL on
/// pagead2.googlesyndication.com, ads-identifier's AdvertisingIdClient): Google Mobile Ads is
/// neither embedded nor mentioned — the URL is loaded by Play services' own code, a shared
/// library's (`extract/data/library_namespaces.txt`), as in every app with Play services (real
/// builds: 0Ashwajeet9/GateForFree, Bonkahe/HealthShine-App) — so no SL101 and nothing else;
/// admob-kids.apk, whose GMA classes are there, is the near miss.
#[test]
fn play_services_alone_is_no_google_mobile_ads() {
    let report = fixture("play-services-only.apk");
    assert!(
        report.inventory.sdks.is_empty(),
        "{:?}",
        report.inventory.sdks
    );
    let mentions: Vec<&str> = report
        .inventory
        .mentions
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    assert!(mentions.is_empty(), "{mentions:?}");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(
        report.x_policy.status,
        sdklint::rules::x_policy::XPolicyStatus::NotApplicable
    );
    let near = fixture("admob-kids.apk");
    assert!(near.inventory.get("google-mobile-ads").is_some());
}
