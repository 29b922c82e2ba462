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
    /// Only literal booleans count: a key set to a resource reference sdklint cannot resolve is
    /// neither on nor off, and the rule does not fire on it. `google_analytics_adid_collection_enabled`
    /// = false alone is not enough: Analytics still sends events with its app-instance id.
    /// `com.facebook.sdk.AutoInitEnabled` is not read: the app's own `logEvent` calls and
    /// `fullyInitialize()` start collection whatever it says.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary): an app that ships
    /// a conversion-tracking SDK must "obtain consent before that collection".
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
        // TODO(ios): the same switches live in Info.plist — `FacebookAutoLogAppEventsEnabled`,
        // `FacebookAdvertiserIDCollectionEnabled`, `FIREBASE_ANALYTICS_COLLECTION_DEACTIVATED`,
        // `FIREBASE_ANALYTICS_COLLECTION_ENABLED`, `GOOGLE_ANALYTICS_DEFAULT_ALLOW_AD_STORAGE`,
        // `…_AD_USER_DATA`. Read them here from `Facts::apple` once the iOS metadata extractor
        // fills Info.plist keys; until then the rule checks nothing on iOS.
        Platform::Ios => Vec::new(),
    }
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

    #[test]
    fn ios_is_not_checked_yet() {
        assert!(run(Platform::Ios, &[]).is_empty());
    }
}
