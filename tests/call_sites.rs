//! Call sites, events and SDK API calls from the bytecode of the real APK fixtures, and the
//! bytecode walk on inputs derived from them by mutation.

use std::io::Read;
use std::path::Path;

use sdklint::android::dex::Dex;
use sdklint::android::dex::bytecode::{InvokeKind, Value, Walker};
use sdklint::extract::code::{CallFilter, scan_dex};
use sdklint::facts::SharedStr;
use sdklint::facts::code::{ArgValue, CallSite};
use sdklint::inventory::{ApiKind, SdkDb};
use sdklint::{Options, lint};

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn dex_entry(apk: &str, entry: &str) -> Vec<u8> {
    let file = std::fs::File::open(fixture(apk)).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut bytes = Vec::new();
    archive
        .by_name(entry)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

fn builtin_filter() -> CallFilter {
    CallFilter::from_methods(SdkDb::builtin().api_methods())
}

fn s(v: &str) -> Option<ArgValue> {
    Some(ArgValue::String(v.into()))
}

fn i(v: i64) -> Option<ArgValue> {
    Some(ArgValue::Int(v))
}

/// `(caller, callee, args)` of each call site, callee shortened to `Class;->name`.
fn sites(call_sites: &[CallSite]) -> Vec<(&str, String, Vec<Option<ArgValue>>)> {
    call_sites
        .iter()
        .map(|c| {
            assert_eq!(c.location.locator, c.caller);
            let callee = c.callee.split_once('(').unwrap().0.to_string();
            (c.caller.as_str(), callee, c.args.to_vec())
        })
        .collect()
}

/// `(sdk, name, file, locator)` of each event.
fn events(path: &str) -> Vec<(String, String, String, String)> {
    let report = lint(Path::new(&fixture(path)), &Options::default()).unwrap();
    assert!(report.facts.errors.is_empty(), "{:?}", report.facts.errors);
    report
        .inventory
        .events
        .iter()
        .map(|e| {
            (
                e.sdk.to_string(),
                e.name.to_string(),
                e.location.file.to_string(),
                e.location.locator.to_string(),
            )
        })
        .collect()
}

fn owned(v: &[(&str, &str, &str, &str)]) -> Vec<(String, String, String, String)> {
    v.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect()
}

const SHOP_ADD: &str = "Lcom/example/shop/MainActivity;->onAddToCart(Ljava/lang/String;)V";
const SHOP_BUY: &str = "Lcom/example/shop/MainActivity;->onPurchaseCompleted(Ljava/lang/String;D)V";

#[test]
fn appsflyer_adjust_call_sites_and_events() {
    let report = lint(
        Path::new(&fixture("appsflyer-adjust.apk")),
        &Options::default(),
    )
    .unwrap();
    // Every call into a listed API, and the first call from each app class into each other
    // class of an SDK (`getInstance`, the config's constructor, the lifecycle calls).
    let app = "Lcom/example/shop/App;->onCreate()V";
    let pause = "Lcom/example/shop/MainActivity;->onPause()V";
    let site = |caller: &'static str, callee: &str, args: Vec<Option<ArgValue>>| {
        (caller, callee.to_string(), args)
    };
    assert_eq!(
        sites(&report.facts.call_sites),
        [
            site(
                app,
                "Lcom/adjust/sdk/AdjustConfig;-><init>",
                vec![None, s("2fm9gkqubvpc"), s("production")]
            ),
            site(app, "Lcom/adjust/sdk/Adjust;->onCreate", vec![None]),
            site(app, "Lcom/appsflyer/AppsFlyerLib;->getInstance", vec![]),
            site(
                SHOP_ADD,
                "Lcom/appsflyer/AppsFlyerLib;->getInstance",
                vec![]
            ),
            site(
                SHOP_ADD,
                "Lcom/appsflyer/AppsFlyerLib;->logEvent",
                vec![None, s("af_add_to_cart"), None]
            ),
            site(pause, "Lcom/adjust/sdk/Adjust;->onPause", vec![]),
            site(
                SHOP_BUY,
                "Lcom/appsflyer/AppsFlyerLib;->logEvent",
                vec![None, s("af_purchase"), None]
            ),
            site(
                SHOP_BUY,
                "Lcom/adjust/sdk/AdjustEvent;-><init>",
                vec![s("abc123")]
            ),
            site(
                SHOP_BUY,
                "Lcom/adjust/sdk/AdjustEvent;->setRevenue",
                vec![None, s("USD")]
            ),
            site(SHOP_BUY, "Lcom/adjust/sdk/Adjust;->trackEvent", vec![None]),
        ]
    );
    let logged = report
        .facts
        .call_sites
        .iter()
        .find(|c| c.callee.contains("logEvent"))
        .unwrap();
    assert_eq!(
        logged.callee,
        "Lcom/appsflyer/AppsFlyerLib;->logEvent(Landroid/content/Context;Ljava/lang/String;Ljava/util/Map;)V"
    );
    assert_eq!(logged.location.file, "classes.dex");
    assert_eq!(
        events("appsflyer-adjust.apk"),
        owned(&[
            ("appsflyer", "af_add_to_cart", "classes.dex", SHOP_ADD),
            ("appsflyer", "af_purchase", "classes.dex", SHOP_BUY),
            ("adjust", "abc123", "classes.dex", SHOP_BUY),
        ])
    );
    // No consent or opt-out API is called, only event APIs.
    assert!(
        report
            .inventory
            .api_calls
            .iter()
            .all(|c| c.kind == ApiKind::Event)
    );
    assert_eq!(report.inventory.api_calls.len(), 4);
}

#[test]
fn facebook_firebase_events() {
    let social = "Lcom/example/social/MainActivity;";
    let on_create = format!("{social}->onCreate(Landroid/os/Bundle;)V");
    let on_purchase = format!("{social}->onPurchase(Ljava/lang/String;D)V");
    assert_eq!(
        events("facebook-firebase.apk"),
        owned(&[
            (
                "facebook-app-events",
                "fb_mobile_complete_registration",
                "classes.dex",
                &on_create
            ),
            (
                "facebook-app-events",
                "fb_mobile_purchase",
                "classes.dex",
                &on_purchase
            ),
            (
                "firebase-analytics",
                "purchase",
                "classes.dex",
                &on_purchase
            ),
        ])
    );
    let report = lint(
        Path::new(&fixture("facebook-firebase.apk")),
        &Options::default(),
    )
    .unwrap();
    let consent: Vec<(&str, ApiKind, &str)> = report
        .inventory
        .api_calls
        .iter()
        .filter(|c| c.kind != ApiKind::Event)
        .map(|c| (c.sdk.as_str(), c.kind, c.location.locator.as_str()))
        .collect();
    let on_consent = format!("{social}->onConsentChanged(Z)V");
    assert_eq!(
        consent,
        [
            ("firebase-analytics", ApiKind::OptOut, on_consent.as_str()),
            ("facebook-app-events", ApiKind::Consent, on_consent.as_str()),
        ]
    );
    // The SDK stand-in's own logEvent(String) → logEvent(String, Bundle) is a call site, but
    // neither an event nor an API call of the app.
    assert!(report.facts.call_sites.iter().any(|c| {
        c.caller
            .starts_with("Lcom/facebook/appevents/AppEventsLogger;")
    }));
    assert_eq!(report.inventory.api_calls.len(), 5);
}

#[test]
fn consent_and_opt_out_calls() {
    let report = lint(
        Path::new(&fixture("appsflyer-consent.apk")),
        &Options::default(),
    )
    .unwrap();
    assert!(report.facts.errors.is_empty());
    let settings = "Lcom/example/news/SettingsActivity;->onTrackingSwitchChanged(Z)V";
    let calls: Vec<(&str, ApiKind, &str, Vec<Option<ArgValue>>)> = report
        .inventory
        .api_calls
        .iter()
        .map(|c| {
            let name = c.api.split_once("->").unwrap().1.split_once('(').unwrap().0;
            (name, c.kind, c.location.locator.as_str(), c.args.to_vec())
        })
        .collect();
    assert_eq!(
        calls,
        [
            (
                "setConsentData",
                ApiKind::Consent,
                "Lcom/example/news/App;->onCreate()V",
                vec![None]
            ),
            (
                "logEvent",
                ApiKind::Event,
                "Lcom/example/news/MainActivity;->onSubscribe()V",
                // `null` for the Map is not a constant worth reporting.
                vec![None, s("af_subscribe"), None]
            ),
            ("stop", ApiKind::OptOut, settings, vec![i(1), None]),
            ("anonymizeUser", ApiKind::OptOut, settings, vec![i(1)]),
            // The else branch loads its own constant after the branch target.
            ("stop", ApiKind::OptOut, settings, vec![i(0), None]),
        ]
    );
    assert_eq!(
        events("appsflyer-consent.apk"),
        owned(&[(
            "appsflyer",
            "af_subscribe",
            "classes.dex",
            "Lcom/example/news/MainActivity;->onSubscribe()V"
        )])
    );
}

#[test]
fn child_directed_calls() {
    let report = lint(Path::new(&fixture("admob-kids.apk")), &Options::default()).unwrap();
    assert!(report.facts.errors.is_empty(), "{:?}", report.facts.errors);
    assert!(report.inventory.events.is_empty());
    let main = "Lcom/example/kids/MainActivity;";
    let app = "Lcom/example/kids/App;->onCreate()V";
    let age = format!("{main}->onAgeEntered(I)V");
    let parent = format!("{main}->onParentUnlocked()V");
    let calls: Vec<(&str, ApiKind, &str, Vec<Option<ArgValue>>)> = report
        .inventory
        .api_calls
        .iter()
        .map(|c| {
            assert_eq!(c.sdk, "google-mobile-ads");
            let name = c.api.split_once("->").unwrap().1.split_once('(').unwrap().0;
            (name, c.kind, c.location.locator.as_str(), c.args.to_vec())
        })
        .collect();
    assert_eq!(
        calls,
        [
            (
                "setTagForChildDirectedTreatment",
                ApiKind::ChildDirected,
                app,
                vec![i(1)]
            ),
            (
                "setMaxAdContentRating",
                ApiKind::ChildDirected,
                app,
                vec![s("G")]
            ),
            (
                "setTagForUnderAgeOfConsent",
                ApiKind::Age,
                age.as_str(),
                vec![i(1)]
            ),
            (
                "setMaxAdContentRating",
                ApiKind::ChildDirected,
                age.as_str(),
                vec![None]
            ),
            (
                "setTagForChildDirectedTreatment",
                ApiKind::ChildDirected,
                parent.as_str(),
                vec![i(-1)]
            ),
        ]
    );
    // The stand-in's own toBuilder() → setTagForChildDirectedTreatment is the SDK's business:
    // one of 12 sites, with the 5 API calls above and the first call from each app class into
    // each other SDK class (MobileAds.initialize and getRequestConfiguration, toBuilder, build).
    assert_eq!(report.facts.call_sites.len(), 12);
    assert_eq!(
        report.facts.app_calls("google-mobile-ads").unwrap().count,
        11
    );
}

/// The method named `name` of `class`: its method index and code_item offset.
fn find_method(dex: &Dex<'_>, class: &str, name: &str) -> (u32, u32) {
    for def in dex.class_defs() {
        let def = def.unwrap();
        if dex.type_descriptor(def.class_idx).unwrap() != class {
            continue;
        }
        for m in dex.class_methods(&def) {
            let m = m.unwrap();
            if dex.method(m.method_idx).unwrap().name == name {
                return (m.method_idx, m.code_off);
            }
        }
    }
    panic!("{class}->{name} not found");
}

/// The walker steps over a mid-method fill-array-data payload and end-of-method switch payloads
/// at the offsets dexdump shows.
#[test]
fn payloads_are_stepped_over() {
    let bytes = dex_entry("admob-kids.apk", "classes.dex");
    let dex = Dex::parse(&bytes).unwrap();
    let main = "Lcom/example/kids/MainActivity;";
    let (_, off) = find_method(&dex, main, "onAgeEntered");
    let code = dex.code_item(off).unwrap();
    assert_eq!(code.insns_units(), 0x33);
    let mut walker = Walker::new();
    walker.walk(&code, |_, _| true).unwrap();
    // dexdump -d: const/4 at 0, new-array 1, fill-array-data 3, goto 6, nop 7, payload 8..0x12.
    let pcs: Vec<u32> = walker.invokes.iter().map(|i| i.pc).collect();
    assert_eq!(pcs, [0x12, 0x16, 0x1b, 0x1f, 0x23, 0x27, 0x2b, 0x2f]);
    let kinds: Vec<InvokeKind> = walker.invokes.iter().map(|i| i.kind).collect();
    assert_eq!(kinds[0], InvokeKind::Static);
    assert_eq!(kinds[1], InvokeKind::Virtual);
    assert_eq!(walker.ints, [(0, 3), (0x1a, 1)]);
    assert!(walker.strings.is_empty());
    // setTagForUnderAgeOfConsent {v1, v2}: the receiver is unknown, v2 holds 1.
    let args = &walker.args[walker.invokes[2].args.clone()];
    assert_eq!(args, [Value::Unknown, Value::Int(1)]);
    // 2 + 1 + 3 + 1 + 1 (nop) instructions before the payload, 14 after it.
    assert_eq!(walker.stats.instructions, 8 + 14);

    for (name, strings) in [("ratingForBucket", 4), ("bucketForAge", 0)] {
        let (_, off) = find_method(&dex, main, name);
        let mut walker = Walker::new();
        walker
            .walk(&dex.code_item(off).unwrap(), |_, _| true)
            .unwrap();
        assert_eq!(walker.strings.len(), strings, "{name}");
    }
    let (_, off) = find_method(&dex, main, "bucketForAge");
    walker
        .walk(&dex.code_item(off).unwrap(), |_, _| true)
        .unwrap();
    let ints: Vec<i64> = walker.ints.iter().map(|&(_, v)| v).collect();
    assert_eq!(ints, [3, 0, 1, 2]);
}

fn put_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// `App.onCreate`'s two calls, which every mutation of `MainActivity` below leaves readable.
fn app_sites(sites: &[CallSite]) -> usize {
    sites
        .iter()
        .filter(|c| c.caller == "Lcom/example/kids/App;->onCreate()V")
        .count()
}

#[test]
fn an_invalid_opcode_ends_one_method() {
    let mut bytes = dex_entry("admob-kids.apk", "classes.dex");
    let off = {
        let dex = Dex::parse(&bytes).unwrap();
        find_method(&dex, "Lcom/example/kids/MainActivity;", "onAgeEntered").1
    };
    // const/4 at 0x1a (before setTagForUnderAgeOfConsent) becomes the unused opcode 0x3e.
    let at = off as usize + 16 + 2 * 0x1a;
    bytes[at] = 0x3e;
    let dex = Dex::parse(&bytes).unwrap();
    let code = scan_dex("classes.dex", &dex, &builtin_filter());
    assert_eq!(
        code.errors,
        [
            "Lcom/example/kids/MainActivity;->onAgeEntered(I)V: invalid opcode 0x3e at code unit 0x1a"
        ]
    );
    // Everything else is still read: App.onCreate's calls, and onParentUnlocked's.
    assert_eq!(app_sites(&code.call_sites), 2);
    assert!(
        code.call_sites
            .iter()
            .any(|c| c.caller.ends_with("onParentUnlocked()V"))
    );
    assert!(
        !code
            .call_sites
            .iter()
            .any(|c| c.caller.ends_with("onAgeEntered(I)V"))
    );
}

#[test]
fn a_code_item_past_the_end_is_an_error_entry() {
    let mut bytes = dex_entry("admob-kids.apk", "classes.dex");
    let off = {
        let dex = Dex::parse(&bytes).unwrap();
        find_method(&dex, "Lcom/example/kids/MainActivity;", "onAgeEntered").1
    };
    put_u32(&mut bytes, off as usize + 12, 0x7fff_ffff);
    let dex = Dex::parse(&bytes).unwrap();
    let code = scan_dex("classes.dex", &dex, &builtin_filter());
    assert_eq!(code.errors.len(), 1);
    assert!(
        code.errors[0].starts_with(
            "Lcom/example/kids/MainActivity;->onAgeEntered(I)V: code_item insns at offset"
        ),
        "{}",
        code.errors[0]
    );
    assert_eq!(app_sites(&code.call_sites), 2);

    // Through the whole pipeline, as a bare .dex: a partial result with a `facts.errors` entry.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("classes.dex");
    std::fs::write(&path, &bytes).unwrap();
    let report = lint(&path, &Options::default()).unwrap();
    assert_eq!(report.facts.errors.len(), 1);
    assert_eq!(report.facts.errors[0].file, "classes.dex");
    assert!(report.facts.errors[0].message.contains("onAgeEntered"));
    assert_eq!(report.inventory.api_calls.len(), 3);
}

#[test]
fn an_instruction_past_insns_size_is_an_error() {
    let mut bytes = dex_entry("admob-kids.apk", "classes.dex");
    let off = {
        let dex = Dex::parse(&bytes).unwrap();
        find_method(&dex, "Lcom/example/kids/MainActivity;", "onAgeEntered").1
    };
    // insns_size 0x13 cuts invoke-static at 0x12 (3 units) short.
    put_u32(&mut bytes, off as usize + 12, 0x13);
    let dex = Dex::parse(&bytes).unwrap();
    let code = scan_dex("classes.dex", &dex, &builtin_filter());
    assert_eq!(
        code.errors,
        [
            "Lcom/example/kids/MainActivity;->onAgeEntered(I)V: instruction at code unit 0x12 \
          needs 3 code units, 1 left in insns_size"
        ]
    );
    // insns_size 0xc cuts the fill-array-data payload at 8 (10 units) short.
    put_u32(&mut bytes, off as usize + 12, 0xc);
    let dex = Dex::parse(&bytes).unwrap();
    let code = scan_dex("classes.dex", &dex, &builtin_filter());
    assert_eq!(
        code.errors,
        [
            "Lcom/example/kids/MainActivity;->onAgeEntered(I)V: payload at code unit 0x8 needs 10 \
          code units, 4 left in insns_size"
        ]
    );
}

/// Every prefix of a real DEX, and every byte of its data section set to a few values: a result
/// or an error, never a panic or a hang.
#[test]
fn truncation_and_mutation_never_panic() {
    let filter = builtin_filter();
    for (apk, entry) in [
        ("admob-kids.apk", "classes.dex"),
        ("appsflyer-adjust.apk", "classes.dex"),
    ] {
        let bytes = dex_entry(apk, entry);
        for len in 0..bytes.len() {
            let mut cut = bytes[..len].to_vec();
            if cut.len() >= 0x24 {
                // Keep file_size consistent so that parsing gets past the header.
                put_u32(&mut cut, 0x20, len as u32);
            }
            if let Ok(dex) = Dex::parse(&cut) {
                let _ = scan_dex(entry, &dex, &filter);
            }
        }
        let data_off = u32::from_le_bytes(bytes[0x6c..0x70].try_into().unwrap()) as usize;
        for at in data_off..bytes.len() {
            for value in [0x3e, 0xff] {
                let mut mutated = bytes.clone();
                mutated[at] = value;
                if let Ok(dex) = Dex::parse(&mutated) {
                    let code = scan_dex(entry, &dex, &filter);
                    assert!(code.errors.len() <= sdklint::extract::code::MAX_CODE_ERRORS + 1);
                }
            }
        }
    }
}

#[test]
fn an_empty_filter_walks_nothing() {
    let bytes = dex_entry("appsflyer-adjust.apk", "classes.dex");
    let dex = Dex::parse(&bytes).unwrap();
    let code = scan_dex("classes.dex", &dex, &CallFilter::new());
    assert!(code.call_sites.is_empty());
    assert_eq!(code.stats.methods, 0);
    let code = scan_dex("classes.dex", &dex, &builtin_filter());
    assert!(code.errors.is_empty());
    assert!(code.stats.methods > 20);
    assert_eq!(code.stats.code_bytes % 2, 0);
}

/// Call sites, events and API calls hold one copy of each repeated text (the DEX file name, the
/// caller, the callee, the argument list), not one per item: what keeps a game that logs an event
/// from every level within its memory bound (issue 12).
#[test]
fn repeated_texts_are_shared_not_copied() {
    let report = lint(
        Path::new(&fixture("appsflyer-adjust.apk")),
        &Options::default(),
    )
    .unwrap();
    let sites = &report.facts.call_sites;
    assert!(sites.len() >= 2, "{sites:?}");
    let same = |a: &SharedStr, b: &SharedStr| std::ptr::eq(a.as_ptr(), b.as_ptr());
    for site in sites {
        // The locator of a call site is its caller.
        assert!(same(&site.caller, &site.location.locator), "{site:?}");
    }
    for pair in sites.windows(2) {
        if pair[0].location.file == pair[1].location.file {
            assert!(same(&pair[0].location.file, &pair[1].location.file));
        }
        if pair[0].callee == pair[1].callee && pair[0].location.file == pair[1].location.file {
            assert!(same(&pair[0].callee, &pair[1].callee), "{pair:?}");
        }
    }
    let events = &report.inventory.events;
    assert!(!events.is_empty());
    for event in events {
        let site = sites
            .iter()
            .find(|s| s.location == event.location && s.callee == event.api)
            .expect("every event comes from a call site");
        assert!(same(&event.api, &site.callee));
        assert!(same(&event.location.locator, &site.caller));
        let name = site.args.iter().flatten().find_map(|a| match a {
            ArgValue::String(s) if *s == event.name => Some(s),
            _ => None,
        });
        assert!(same(&event.name, name.expect("the name is an argument")));
    }
    for call in &report.inventory.api_calls {
        let site = sites
            .iter()
            .find(|s| s.location == call.location && s.callee == call.api)
            .expect("every API call comes from a call site");
        assert!(std::sync::Arc::ptr_eq(&call.args, &site.args));
    }
}
