//! iOS call sites from arm64 code, end to end on the `calls-*.ipa` fixtures (built by
//! `cargo xtask fixtures ios-calls` from `fixtures/src/ios/calls/`): the walk's call sites, the
//! events and API calls the SDK database maps them to, `app_calls`, and the rules that read them.

use std::collections::BTreeSet;
use std::path::Path;

use sdklint::facts::code::{ArgValue, CallSite};
use sdklint::inventory::ApiKind;
use sdklint::{BundleReport, Options};

fn lint(fixture: &str) -> BundleReport {
    sdklint::lint(
        Path::new(&format!("fixtures/{fixture}")),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{fixture}: {e}"))
}

/// `(caller, callee, args)` of every call site, in order.
fn sites(report: &BundleReport) -> Vec<(&str, &str, Vec<Option<ArgValue>>)> {
    report
        .facts
        .call_sites
        .iter()
        .map(|c: &CallSite| (c.caller.as_str(), c.callee.as_str(), c.args.to_vec()))
        .collect()
}

fn s(v: &str) -> Option<ArgValue> {
    Some(ArgValue::String(v.into()))
}

fn int(v: i64) -> Option<ArgValue> {
    Some(ArgValue::Int(v))
}

fn events(report: &BundleReport) -> Vec<(&str, &str, &str)> {
    report
        .inventory
        .events
        .iter()
        .map(|e| (e.sdk.as_str(), e.name.as_str(), e.location.locator.as_str()))
        .collect()
}

fn codes(report: &BundleReport) -> BTreeSet<&str> {
    report.findings.iter().map(|f| f.rule).collect()
}

fn findings<'a>(report: &'a BundleReport, rule: &str) -> Vec<&'a str> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.message.as_str())
        .collect()
}

fn app_calls(report: &BundleReport, sdk: &str) -> Option<usize> {
    report.facts.app_calls(sdk).map(|c| c.count)
}

const EXE: &str = "Payload/Calls.app/Calls";

#[test]
fn classic_objc_msgsend_events_with_their_call_sites() {
    let r = lint("calls-events.ipa");
    const BOOK: &str = "-[ShopViewController bookTest]";
    const CART: &str = "-[ShopViewController addToCart]";
    assert_eq!(
        sites(&r),
        [
            (
                BOOK,
                "-[AppsFlyerLib logEvent:withValues:]",
                vec![s("hiv_test_booked"), int(0)]
            ),
            (
                BOOK,
                "+[FIRAnalytics logEventWithName:parameters:]",
                vec![s("pregnancy_test_ordered"), int(0)]
            ),
            (
                BOOK,
                "+[ADJEvent eventWithEventToken:]",
                vec![s("herpes_test_paid")]
            ),
            (BOOK, "+[Adjust trackEvent:]", vec![None]),
            (
                CART,
                "-[AppsFlyerLib logEvent:withValues:]",
                vec![s("af_add_to_cart"), int(0)]
            ),
            (
                CART,
                "+[FIRAnalytics logEventWithName:parameters:]",
                vec![s("add_to_cart"), int(0)]
            ),
            (CART, "+[ADJEvent eventWithEventToken:]", vec![s("abc123")]),
            (CART, "+[Adjust trackEvent:]", vec![None]),
        ]
    );
    assert!(r.facts.call_sites.iter().all(|c| c.location.file == EXE));
    assert_eq!(
        events(&r),
        [
            ("appsflyer", "hiv_test_booked", BOOK),
            ("firebase-analytics", "pregnancy_test_ordered", BOOK),
            ("adjust", "herpes_test_paid", BOOK),
            ("appsflyer", "af_add_to_cart", CART),
            ("firebase-analytics", "add_to_cart", CART),
            ("adjust", "abc123", CART),
        ]
    );
    assert_eq!(app_calls(&r, "appsflyer"), Some(2));
    assert_eq!(app_calls(&r, "adjust"), Some(4));
    assert_eq!(app_calls(&r, "firebase-analytics"), Some(2));
    // SL601 fires on the three sensitive names from their call sites, not on the benign ones.
    assert_eq!(
        findings(&r, "SL601"),
        [
            "AppsFlyer event \"hiv_test_booked\" is about health (\"hiv\"): literal name passed to \
             logEvent (confidence high)",
            "Google Analytics for Firebase event \"pregnancy_test_ordered\" is about health \
             (\"pregnancy test\"): literal name passed to logEventWithName (confidence high)",
            "Adjust event \"herpes_test_paid\" is about health (\"herpes\"): literal name passed to \
             eventWithEventToken (confidence high)",
        ]
    );
    let sl601 = r.findings.iter().find(|f| f.rule == "SL601").unwrap();
    assert!(
        sl601
            .evidence
            .iter()
            .any(|e| e.file == EXE && e.locator == BOOK),
        "{:?}",
        sl601.evidence
    );
    // No consent call, no opt-out call.
    assert!(codes(&r).is_superset(&BTreeSet::from(["SL301", "SL401", "SL601"])));
}

#[test]
fn consent_and_opt_out_calls_with_benign_events_from_a_fat_binary() {
    let r = lint("calls-benign-fat.ipa");
    // The executable is fat (arm64 + x86_64 simulator): the device slice is walked.
    let exe = r
        .facts
        .apple_binaries
        .iter()
        .find(|b| b.path == EXE)
        .unwrap();
    assert_eq!(exe.arch, "arm64");
    assert!(exe.calls_walked);
    assert_eq!(
        sites(&r),
        [
            ("_main", "-[AppsFlyerLib setConsentData:]", vec![None]),
            ("_main", "+[FIRAnalytics setConsent:]", vec![int(0)]),
            (
                "_main",
                "+[FIRAnalytics setAnalyticsCollectionEnabled:]",
                vec![int(0)]
            ),
            ("_main", "-[AppsFlyerLib setIsStopped:]", vec![int(1)]),
            (
                "_main",
                "-[AppsFlyerLib logEvent:withValues:]",
                vec![s("af_purchase"), int(0)]
            ),
            (
                "_main",
                "+[FIRAnalytics logEventWithName:parameters:]",
                vec![s("purchase"), int(0)]
            ),
        ]
    );
    let kinds: Vec<(&str, ApiKind)> = r
        .inventory
        .api_calls
        .iter()
        .map(|c| (c.sdk.as_str(), c.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("appsflyer", ApiKind::Consent),
            ("firebase-analytics", ApiKind::Consent),
            ("firebase-analytics", ApiKind::OptOut),
            ("appsflyer", ApiKind::OptOut),
            ("appsflyer", ApiKind::Event),
            ("firebase-analytics", ApiKind::Event),
        ]
    );
    let found = codes(&r);
    for rule in ["SL301", "SL401", "SL601"] {
        assert!(!found.contains(rule), "{rule}: {found:?}");
    }
}

#[test]
fn child_directed_calls_are_read_with_their_values() {
    let yes = lint("calls-kids.ipa");
    assert_eq!(
        sites(&yes)[..3],
        [
            (
                "_main",
                "-[GADMobileAds setTagForChildDirectedTreatment:]",
                vec![int(1)]
            ),
            (
                "_main",
                "-[GADMobileAds setTagForUnderAgeOfConsent:]",
                vec![int(0)]
            ),
            (
                "_main",
                "-[ADJConfig setCoppaCompliantEnabled:]",
                vec![int(1)]
            ),
        ]
    );
    assert_eq!(
        findings(&yes, "SL501"),
        [
            "the app is flagged as child-directed (Google Mobile Ads setTagForChildDirectedTreatment(1), \
             Adjust setCoppaCompliantEnabled(1)) and embeds Adjust, Google Mobile Ads (AdMob / Ad Manager)"
        ]
    );
    // `tagForUnderAgeOfConsent = @NO` collects no age.
    assert!(findings(&yes, "SL502").is_empty());

    // The same app built with NO: the selectors are still in the binary, the calls pass 0.
    let no = lint("calls-kids-no.ipa");
    assert_eq!(
        sites(&no)[..3],
        [
            (
                "_main",
                "-[GADMobileAds setTagForChildDirectedTreatment:]",
                vec![int(0)]
            ),
            (
                "_main",
                "-[GADMobileAds setTagForUnderAgeOfConsent:]",
                vec![int(0)]
            ),
            (
                "_main",
                "-[ADJConfig setCoppaCompliantEnabled:]",
                vec![int(0)]
            ),
        ]
    );
    let exe = no
        .facts
        .apple_binaries
        .iter()
        .find(|b| b.path == EXE)
        .unwrap();
    assert!(exe.has_selector("setTagForChildDirectedTreatment:"));
    assert!(findings(&no, "SL501").is_empty());
    assert!(findings(&no, "SL502").is_empty());
}

#[test]
fn selector_stubs_in_a_stripped_executable() {
    let r = lint("calls-stubs.ipa");
    // Stripped: functions are named by address (LC_FUNCTION_STARTS); the selectors come from the
    // `__objc_stubs` code itself, the symbols being gone.
    let exe = r
        .facts
        .apple_binaries
        .iter()
        .find(|b| b.path == EXE)
        .unwrap();
    assert!(
        exe.symbols
            .exported
            .iter()
            .all(|s| !s.contains("objc_msgSend$"))
    );
    assert_eq!(
        sites(&r),
        [
            (
                "sub_100004000",
                "-[AppsFlyerLib logEvent:withValues:]",
                vec![s("hiv_test_booked"), int(0)]
            ),
            // A tail call (`b`) to the stub.
            (
                "sub_100004000",
                "+[FIRAnalytics logEventWithName:parameters:]",
                vec![s("purchase"), int(0)]
            ),
            ("sub_100004040", "+[FIRAnalytics setConsent:]", vec![int(0)]),
        ]
    );
    assert_eq!(
        events(&r),
        [
            ("appsflyer", "hiv_test_booked", "sub_100004000"),
            ("firebase-analytics", "purchase", "sub_100004000"),
        ]
    );
    assert_eq!(findings(&r, "SL601").len(), 1);
    assert!(findings(&r, "SL601")[0].contains("hiv_test_booked"));
    assert!(
        !codes(&r).contains("SL301"),
        "setConsent: is a consent call"
    );
}

#[test]
fn a_static_sdks_own_calls_are_not_the_apps() {
    let r = lint("calls-static.ipa");
    // AppsFlyer's classes are in the app's executable; its `start` logs an event of its own.
    assert_eq!(
        sites(&r),
        [
            (
                "_main",
                "-[AppsFlyerLib logEvent:withValues:]",
                vec![s("af_purchase"), int(0)]
            ),
            (
                "-[AppsFlyerLib start]",
                "-[AppsFlyerLib logEvent:withValues:]",
                vec![s("af_sdk_session_start"), int(0)]
            ),
        ]
    );
    assert_eq!(events(&r), [("appsflyer", "af_purchase", "_main")]);
    assert_eq!(r.inventory.api_calls.len(), 1);
    assert_eq!(app_calls(&r, "appsflyer"), Some(1));
}

#[test]
fn a_stripped_apps_methods_are_named_by_their_class_method_lists() {
    // The same app stripped: `main` has no name left, the SDK's `start` is named by
    // AppsFlyerLib's method list, so its own call is still the SDK's.
    let r = lint("calls-static-stripped.ipa");
    let exe = r
        .facts
        .apple_binaries
        .iter()
        .find(|b| b.path == EXE)
        .unwrap();
    // Only what dyld needs is left.
    assert_eq!(exe.symbols.exported, ["__mh_execute_header"]);
    assert_eq!(
        sites(&r),
        [
            (
                "sub_100004000",
                "-[AppsFlyerLib logEvent:withValues:]",
                vec![s("af_purchase"), int(0)]
            ),
            (
                "-[AppsFlyerLib start]",
                "-[AppsFlyerLib logEvent:withValues:]",
                vec![s("af_sdk_session_start"), int(0)]
            ),
        ]
    );
    assert_eq!(events(&r), [("appsflyer", "af_purchase", "sub_100004000")]);
    assert_eq!(app_calls(&r, "appsflyer"), Some(1));
}

#[test]
fn frameworks_are_not_walked_and_vendor_artifacts_have_no_app_calls() {
    let r = lint("calls-events.ipa");
    for b in &r.facts.apple_binaries {
        assert_eq!(b.calls_walked, b.path == EXE, "{}", b.path);
    }
    // A vendor framework on its own: no app code, so app calls are unknown.
    let fw = sdklint::lint(
        Path::new("fixtures/ios/AppsFlyerLib.framework"),
        &Options::default(),
    )
    .unwrap();
    assert!(fw.facts.call_sites.is_empty());
    assert_eq!(fw.facts.app_calls("appsflyer"), None);
}
