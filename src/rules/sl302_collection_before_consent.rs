use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::{Facts, Location, MetaDataFact, Platform};
use crate::inventory::SdkHit;

declare_rule! {
    /// ## What it checks
    /// A conversion-tracking SDK that starts collecting as soon as the app launches, because its
    /// manifest switches are left at their defaults: Meta app events with
    /// `com.facebook.sdk.AutoLogAppEventsEnabled` or `com.facebook.sdk.AdvertiserIDCollectionEnabled`
    /// not set to `false` (both default to true), or Google Analytics for Firebase with neither
    /// `firebase_analytics_collection_deactivated` = true, `firebase_analytics_collection_enabled` =
    /// false, nor a consent-mode default that denies ad collection
    /// (`google_analytics_default_allow_ad_storage` or `google_analytics_default_allow_ad_user_data` =
    /// false). One finding per SDK, naming the keys that leave collection on.
    ///
    /// On iOS (an `.ipa`, `.app` or `.xcarchive`) the same switches are the main app's
    /// Info.plist keys `FacebookAutoLogAppEventsEnabled` and `FacebookAdvertiserIDCollectionEnabled`
    /// (both default to true), and `FIREBASE_ANALYTICS_COLLECTION_DEACTIVATED` = true,
    /// `FIREBASE_ANALYTICS_COLLECTION_ENABLED` = false, `GOOGLE_ANALYTICS_DEFAULT_ALLOW_AD_STORAGE`
    /// or `GOOGLE_ANALYTICS_DEFAULT_ALLOW_AD_USER_DATA` = false. Booleans are read as iOS reads
    /// them (`<false/>`, and the strings `NO` / `false` / `0`); any other value is neither on nor off.
    ///
    /// Only literal booleans count: a key set to a resource reference sdklint cannot resolve is
    /// neither on nor off, and the rule does not fire on it. `google_analytics_adid_collection_enabled`
    /// = false alone is not enough: Analytics still sends events with its app-instance id.
    /// `com.facebook.sdk.AutoInitEnabled` is not read: the app's own `logEvent` calls and
    /// `fullyInitialize()` start collection whatever it says.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) requires:
    /// > 2. Consent — obtain consent before that collection;
    ///
    /// Consent for collecting is only consent if it comes before the collection (the ePrivacy
    /// Directive and GDPR require prior consent for this kind of tracking). An SDK that logs
    /// install and app events and reads the advertising id at launch has collected before any
    /// consent dialog can be shown; turning it on from the consent callback is the order that holds.
    ///
    /// ## How to fix
    /// Switch automatic collection off in `AndroidManifest.xml` and turn it on from your consent
    /// callback:
    /// ```xml
    /// <meta-data android:name="com.facebook.sdk.AutoLogAppEventsEnabled" android:value="false" />
    /// <meta-data android:name="com.facebook.sdk.AdvertiserIDCollectionEnabled" android:value="false" />
    /// <meta-data android:name="firebase_analytics_collection_enabled" android:value="false" />
    /// ```
    /// then, once the user agrees: `FacebookSdk.setAutoLogAppEventsEnabled(true)`,
    /// `FacebookSdk.setAdvertiserIDCollectionEnabled(true)`,
    /// `FirebaseAnalytics.getInstance(ctx).setAnalyticsCollectionEnabled(true)` (or Firebase consent
    /// mode: default `google_analytics_default_allow_ad_storage` = false and `setConsent(…)`).
    /// On iOS, in Info.plist: `FacebookAutoLogAppEventsEnabled` and
    /// `FacebookAdvertiserIDCollectionEnabled` `<false/>`, `FIREBASE_ANALYTICS_COLLECTION_ENABLED`
    /// `<false/>`; then `Settings.shared.isAutoLogAppEventsEnabled = true`,
    /// `Settings.shared.isAdvertiserIDCollectionEnabled = true`,
    /// `Analytics.setAnalyticsCollectionEnabled(true)` once the user agrees.
    /// If consent is collected before the SDK starts in some other way, suppress the finding in
    /// `sdklint.toml` with the reason.
    ///
    /// ## Example
    /// ```text
    /// warning  SL302  collection-before-consent  Meta App Events (Facebook SDK) collects before consent: com.facebook.sdk.AdvertiserIDCollectionEnabled is true
    ///          AndroidManifest.xml: meta-data com.facebook.sdk.AdvertiserIDCollectionEnabled
    /// ```
    pub static SL302 = {
        code: "SL302",
        name: "collection-before-consent",
        clause: Clause::Consent,
        severity: Severity::Warning,
        check: check,
    };
}

const FACEBOOK: &str = "facebook-app-events";
const FIREBASE: &str = "firebase-analytics";

/// Facebook keys that each, left on, mean collection before consent.
const FACEBOOK_SWITCHES: &[&str] = &[
    "com.facebook.sdk.AutoLogAppEventsEnabled",
    "com.facebook.sdk.AdvertiserIDCollectionEnabled",
];

/// Firebase keys, and the value of each that keeps collection off until the app decides.
const FIREBASE_OFF: &[(&str, bool)] = &[
    ("firebase_analytics_collection_deactivated", true),
    ("firebase_analytics_collection_enabled", false),
    ("google_analytics_default_allow_ad_storage", false),
    ("google_analytics_default_allow_ad_user_data", false),
];

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    match cx.facts.platform {
        Platform::Android => android(rule, cx),
        Platform::Ios => ios(rule, cx),
    }
}

/// The iOS switches, read from the main app's Info.plist.
const FACEBOOK_SWITCHES_IOS: &[&str] = &[
    "FacebookAutoLogAppEventsEnabled",
    "FacebookAdvertiserIDCollectionEnabled",
];

/// Firebase's Info.plist keys, and the value of each that keeps collection off.
const FIREBASE_OFF_IOS: &[(&str, bool)] = &[
    ("FIREBASE_ANALYTICS_COLLECTION_DEACTIVATED", true),
    ("FIREBASE_ANALYTICS_COLLECTION_ENABLED", false),
    ("GOOGLE_ANALYTICS_DEFAULT_ALLOW_AD_STORAGE", false),
    ("GOOGLE_ANALYTICS_DEFAULT_ALLOW_AD_USER_DATA", false),
];

fn ios(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    // Only an app has the Info.plist the SDKs read; a vendor framework is not judged.
    if !super::apple::is_ios_app(cx.facts) {
        return Vec::new();
    }
    let apple = &cx.facts.apple;
    let mut findings = Vec::new();
    if let Some(hit) = cx.inventory.sdks.iter().find(|h| h.id == FACEBOOK) {
        let mut on = Vec::new();
        let mut evidence = Vec::new();
        for &key in FACEBOOK_SWITCHES_IOS {
            match apple.main_info_key(key) {
                None => on.push(format!("{key} is not set (defaults to true)")),
                Some(k) if k.as_bool() == Some(true) => {
                    on.push(format!("{key} is true"));
                    evidence.push(k.location.clone());
                }
                Some(_) => {}
            }
        }
        if !on.is_empty() {
            findings.push(finding(rule, hit, &on, evidence));
        }
    }
    if let Some(hit) = cx.inventory.sdks.iter().find(|h| h.id == FIREBASE) {
        let mut off = false;
        let mut evidence = Vec::new();
        for &(key, off_value) in FIREBASE_OFF_IOS {
            if let Some(k) = apple.main_info_key(key) {
                match k.as_bool() {
                    Some(v) if v == off_value => off = true,
                    Some(_) => evidence.push(k.location.clone()),
                    // Not a boolean iOS would read: not evidence of either.
                    None => off = true,
                }
            }
        }
        if !off {
            let enabled = apple
                .main_info_key("FIREBASE_ANALYTICS_COLLECTION_ENABLED")
                .is_some_and(|k| k.as_bool() == Some(true));
            let why = if enabled {
                "FIREBASE_ANALYTICS_COLLECTION_ENABLED is true"
            } else {
                "FIREBASE_ANALYTICS_COLLECTION_ENABLED is not set (defaults to true)"
            };
            let why =
                format!("{why} and no consent-mode default denies ad storage or ad user data");
            findings.push(finding(rule, hit, &[why], evidence));
        }
    }
    findings
}

/// A manifest boolean: `Some` only for a literal `true` / `false`.
fn boolean(meta: &MetaDataFact) -> Option<bool> {
    match meta.value.as_deref().map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case("true") => Some(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The last `<meta-data>` of that name (the one Android's `Bundle` keeps).
fn meta<'a>(facts: &'a Facts, name: &str) -> Option<&'a MetaDataFact> {
    facts.meta_data.iter().rev().find(|m| m.name == name)
}

fn android(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(hit) = cx.inventory.sdks.iter().find(|h| h.id == FACEBOOK) {
        let mut on = Vec::new();
        let mut evidence = Vec::new();
        for &key in FACEBOOK_SWITCHES {
            match meta(cx.facts, key) {
                None => on.push(format!("{key} is not set (defaults to true)")),
                Some(m) if boolean(m) == Some(true) => {
                    on.push(format!("{key} is true"));
                    evidence.push(m.location.clone());
                }
                Some(_) => {}
            }
        }
        if !on.is_empty() {
            findings.push(finding(rule, hit, &on, evidence));
        }
    }
    if let Some(hit) = cx.inventory.sdks.iter().find(|h| h.id == FIREBASE) {
        let mut off = false;
        let mut evidence = Vec::new();
        for &(key, off_value) in FIREBASE_OFF {
            if let Some(m) = meta(cx.facts, key) {
                match boolean(m) {
                    Some(v) if v == off_value => off = true,
                    // Explicitly on: evidence of the choice. Unresolvable: not evidence of either.
                    Some(_) => evidence.push(m.location.clone()),
                    None => off = true,
                }
            }
        }
        if !off {
            let enabled = meta(cx.facts, "firebase_analytics_collection_enabled")
                .is_some_and(|m| boolean(m) == Some(true));
            let why = if enabled {
                "firebase_analytics_collection_enabled is true"
            } else {
                "firebase_analytics_collection_enabled is not set (defaults to true)"
            };
            let why =
                format!("{why} and no consent-mode default denies ad storage or ad user data");
            findings.push(finding(rule, hit, &[why], evidence));
        }
    }
    findings
}

fn finding(rule: &Rule, hit: &SdkHit, on: &[String], mut evidence: Vec<Location>) -> Finding {
    evidence.extend(hit.evidence.first().cloned());
    rule.finding(
        format!("{} collects before consent: {}", hit.name, on.join("; ")),
        vec![hit.id.clone()],
        evidence,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facts::plist_value::PlistValue;
    use crate::facts::{BundleFormat, ClassFact};
    use crate::inventory::{Inventory, SdkDb};

    /// An app with both SDKs' classes and the given `<meta-data>` (name, value).
    fn run(platform: Platform, meta: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut facts = Facts::new("a.apk", platform, BundleFormat::Apk);
        for class in [
            "com.facebook.appevents.AppEventsLogger",
            "com.google.firebase.analytics.FirebaseAnalytics",
        ] {
            facts.classes.push(ClassFact {
                name: class.to_string(),
                defined: true,
                location: Location::new("classes.dex", format!("class {class}")),
            });
        }
        facts.meta_data = meta
            .iter()
            .map(|(name, value)| MetaDataFact {
                name: name.to_string(),
                value: Some(value.to_string()),
                reference: None,
                location: Location::new("AndroidManifest.xml", format!("meta-data {name}")),
            })
            .collect();
        let inventory = Inventory::build(SdkDb::builtin(), &facts);
        let config = Config::default();
        let cx = Context {
            facts: &facts,
            inventory: &inventory,
            db: SdkDb::builtin(),
            config: &config,
        };
        SL302
            .check(&cx)
            .into_iter()
            .map(|f| (f.sdks[0].clone(), f.message))
            .collect()
    }

    fn sdks(findings: &[(String, String)]) -> Vec<&str> {
        findings.iter().map(|(sdk, _)| sdk.as_str()).collect()
    }

    const FB_OFF: [(&str, &str); 2] = [
        ("com.facebook.sdk.AutoLogAppEventsEnabled", "false"),
        ("com.facebook.sdk.AdvertiserIDCollectionEnabled", "FALSE"),
    ];

    #[test]
    fn defaults_fire_for_both() {
        let findings = run(Platform::Android, &[]);
        assert_eq!(
            findings,
            [
                (
                    "facebook-app-events".to_string(),
                    "Meta App Events (Facebook SDK) collects before consent: \
                     com.facebook.sdk.AutoLogAppEventsEnabled is not set (defaults to true); \
                     com.facebook.sdk.AdvertiserIDCollectionEnabled is not set (defaults to true)"
                        .to_string()
                ),
                (
                    "firebase-analytics".to_string(),
                    "Google Analytics for Firebase collects before consent: \
                     firebase_analytics_collection_enabled is not set (defaults to true) and no \
                     consent-mode default denies ad storage or ad user data"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn each_firebase_off_switch_is_enough() {
        for (key, value) in [
            ("firebase_analytics_collection_deactivated", "true"),
            ("firebase_analytics_collection_enabled", "false"),
            ("google_analytics_default_allow_ad_storage", "false"),
            ("google_analytics_default_allow_ad_user_data", "false"),
        ] {
            let meta = [FB_OFF[0], FB_OFF[1], (key, value)];
            assert_eq!(
                sdks(&run(Platform::Android, &meta)),
                [] as [&str; 0],
                "{key}"
            );
        }
    }

    #[test]
    fn switches_that_do_not_stop_collection() {
        for (key, value) in [
            ("google_analytics_adid_collection_enabled", "false"),
            ("google_analytics_default_allow_analytics_storage", "false"),
            ("firebase_analytics_collection_deactivated", "false"),
            ("firebase_analytics_collection_enabled", "true"),
        ] {
            let meta = [FB_OFF[0], FB_OFF[1], (key, value)];
            assert_eq!(
                sdks(&run(Platform::Android, &meta)),
                ["firebase-analytics"],
                "{key}"
            );
        }
        // One Facebook switch left on is enough to fire.
        let meta = [
            FB_OFF[0],
            ("firebase_analytics_collection_enabled", "false"),
        ];
        let findings = run(Platform::Android, &meta);
        assert_eq!(sdks(&findings), ["facebook-app-events"]);
        assert!(findings[0].1.ends_with(
            "com.facebook.sdk.AdvertiserIDCollectionEnabled is not set (defaults to true)"
        ));
    }

    #[test]
    fn unresolved_values_are_not_evidence() {
        let meta = [
            ("com.facebook.sdk.AutoLogAppEventsEnabled", "@0x7f020001"),
            ("com.facebook.sdk.AdvertiserIDCollectionEnabled", "false"),
            ("firebase_analytics_collection_enabled", "@0x7f020002"),
        ];
        assert_eq!(sdks(&run(Platform::Android, &meta)), [] as [&str; 0]);
    }

    #[test]
    fn the_last_meta_data_of_a_name_wins() {
        let meta = [
            FB_OFF[0],
            ("com.facebook.sdk.AdvertiserIDCollectionEnabled", "false"),
            ("com.facebook.sdk.AdvertiserIDCollectionEnabled", "true"),
            ("firebase_analytics_collection_enabled", "false"),
        ];
        let findings = run(Platform::Android, &meta);
        assert_eq!(sdks(&findings), ["facebook-app-events"]);
        assert!(
            findings[0]
                .1
                .ends_with("AdvertiserIDCollectionEnabled is true")
        );
    }

    /// An iOS app embedding FBSDKCoreKit and FirebaseAnalytics with the given Info.plist keys.
    fn run_ios(format: BundleFormat, keys: &[(&str, PlistValue)]) -> Vec<(String, String)> {
        use crate::facts::apple_metadata::{
            AppleBundle, AppleBundleKind, EmbeddedFramework, FrameworkKind, InfoPlistKey,
        };
        let mut facts = Facts::new("Shop.ipa", Platform::Ios, format);
        let app = "Payload/Shop.app";
        facts.apple.bundles.push(AppleBundle {
            path: app.to_string(),
            kind: AppleBundleKind::App,
            bundle_id: Some("com.example.shop".to_string()),
            version: None,
            build: None,
            executable: None,
            location: Location::new(format!("{app}/Info.plist"), "Info.plist"),
        });
        for name in ["FBSDKCoreKit", "FirebaseAnalytics"] {
            let path = format!("{app}/Frameworks/{name}.framework");
            facts.apple.frameworks.push(EmbeddedFramework {
                owner: app.to_string(),
                name: name.to_string(),
                kind: FrameworkKind::Framework,
                bundle_id: None,
                version: None,
                has_privacy_manifest: true,
                location: Location::new(format!("{path}/Info.plist"), "Info.plist"),
                path,
            });
        }
        facts.apple.info_plist_keys = keys
            .iter()
            .map(|(key, value)| InfoPlistKey {
                owner: app.to_string(),
                key: key.to_string(),
                value: value.clone(),
                location: Location::new(format!("{app}/Info.plist"), format!("key {key}")),
            })
            .collect();
        let inventory = Inventory::build(SdkDb::builtin(), &facts);
        let config = Config::default();
        let cx = Context {
            facts: &facts,
            inventory: &inventory,
            db: SdkDb::builtin(),
            config: &config,
        };
        SL302
            .check(&cx)
            .into_iter()
            .map(|f| (f.sdks[0].clone(), f.message))
            .collect()
    }

    #[test]
    fn ios_defaults_fire_for_both() {
        let findings = run_ios(BundleFormat::Ipa, &[]);
        assert_eq!(
            findings,
            [
                (
                    "facebook-app-events".to_string(),
                    "Meta App Events (Facebook SDK) collects before consent: \
                     FacebookAutoLogAppEventsEnabled is not set (defaults to true); \
                     FacebookAdvertiserIDCollectionEnabled is not set (defaults to true)"
                        .to_string()
                ),
                (
                    "firebase-analytics".to_string(),
                    "Google Analytics for Firebase collects before consent: \
                     FIREBASE_ANALYTICS_COLLECTION_ENABLED is not set (defaults to true) and no \
                     consent-mode default denies ad storage or ad user data"
                        .to_string()
                ),
            ]
        );
        // A vendor framework has no app Info.plist to judge.
        assert!(run_ios(BundleFormat::Framework, &[]).is_empty());
    }

    #[test]
    fn ios_switches_read_as_ios_reads_booleans() {
        let fb_off = [
            ("FacebookAutoLogAppEventsEnabled", PlistValue::Bool(false)),
            (
                "FacebookAdvertiserIDCollectionEnabled",
                PlistValue::String("NO".to_string()),
            ),
        ];
        for (key, value) in [
            (
                "FIREBASE_ANALYTICS_COLLECTION_DEACTIVATED",
                PlistValue::Bool(true),
            ),
            (
                "FIREBASE_ANALYTICS_COLLECTION_ENABLED",
                PlistValue::String("NO".to_string()),
            ),
            (
                "GOOGLE_ANALYTICS_DEFAULT_ALLOW_AD_STORAGE",
                PlistValue::Bool(false),
            ),
            (
                "GOOGLE_ANALYTICS_DEFAULT_ALLOW_AD_USER_DATA",
                PlistValue::Integer(0),
            ),
            // Not a boolean: neither on nor off, so not evidence of collection.
            (
                "FIREBASE_ANALYTICS_COLLECTION_ENABLED",
                PlistValue::String("maybe".to_string()),
            ),
        ] {
            let keys = [fb_off[0].clone(), fb_off[1].clone(), (key, value)];
            assert_eq!(
                sdks(&run_ios(BundleFormat::Ipa, &keys)),
                [] as [&str; 0],
                "{key}"
            );
        }
        let keys = [
            fb_off[0].clone(),
            (
                "FacebookAdvertiserIDCollectionEnabled",
                PlistValue::Bool(true),
            ),
            (
                "FIREBASE_ANALYTICS_COLLECTION_ENABLED",
                PlistValue::Bool(true),
            ),
        ];
        let findings = run_ios(BundleFormat::Ipa, &keys);
        assert_eq!(
            sdks(&findings),
            ["facebook-app-events", "firebase-analytics"]
        );
        assert!(
            findings[0]
                .1
                .ends_with("FacebookAdvertiserIDCollectionEnabled is true")
        );
        assert!(
            findings[1]
                .1
                .contains("FIREBASE_ANALYTICS_COLLECTION_ENABLED is true")
        );
    }
}
