use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::{Location, Platform};

declare_rule! {
    /// ## What it checks
    /// An app that has access to health data and also embeds a conversion-tracking SDK. The
    /// health signals are what the platform requires before it hands health data over:
    /// - Android: a Health Connect permission (`android.permission.health.*`, such as
    ///   `READ_HEART_RATE`), or `android.permission.BODY_SENSORS` /
    ///   `BODY_SENSORS_BACKGROUND` (heart rate and other body sensors);
    /// - iOS: the HealthKit entitlement `com.apple.developer.healthkit` set to true (in the
    ///   provisioning profile or the code signature), or an `NSHealthShareUsageDescription`,
    ///   `NSHealthUpdateUsageDescription` or `NSHealthClinicalHealthRecordsShareUsageDescription`
    ///   in the app's Info.plist.
    ///
    /// One finding per bundle, naming every conversion-tracking SDK and every signal.
    /// `ACTIVITY_RECOGNITION` alone does not count: step counts and "in vehicle / on foot" are
    /// fitness and motion data that navigation, transport and game apps ask for too. The rule
    /// does not claim that health data reaches the SDK (static analysis cannot follow it); it says
    /// the two meet in one app, where events and audiences must stay clear of health data.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary):
    /// > 4. No sensitive categories — no conversion events or audiences built on crime, health,
    /// > genetic or biometric data, negative financial status, political views, racial or ethnic
    /// > origin, religion or philosophy, sex life, trade-union membership (US-only data is an
    /// > exception for trade-union membership, and for political views where the advertiser is
    /// > certified for US political ads).
    ///
    /// In an app that reads health data, ordinary-looking conversion events (a subscription, a
    /// completed onboarding) can themselves reveal a health condition, and audiences built from
    /// the app's users are health audiences. Health Connect's and HealthKit's own terms also
    /// forbid using their data for advertising.
    ///
    /// ## How to fix
    /// Check what the conversion-tracking SDKs receive: send no event or parameter derived from
    /// health data, do not build audiences from the app's users on health grounds, and exclude the
    /// app's events from X audiences in the measurement partner's dashboard if they reveal a
    /// condition. If the app does not need the health permission or entitlement, remove it. Once
    /// reviewed, suppress the finding in `sdklint.toml` with the reason.
    ///
    /// ## Example
    /// ```text
    /// warning  SL602  sensitive-data-app-with-tracking  the app has access to health data (android.permission.health.READ_HEART_RATE) and embeds AppsFlyer (conversion tracking)
    ///          AndroidManifest.xml: uses-permission android.permission.health.READ_HEART_RATE
    ///          classes2.dex: class Lcom/appsflyer/AppsFlyerLib;
    /// ```
    pub static SL602 = {
        code: "SL602",
        name: "sensitive-data-app-with-tracking",
        clause: Clause::Sensitive,
        severity: Severity::Warning,
        check: check,
    };
}

/// Health Connect's permission namespace.
const HEALTH_CONNECT_PREFIX: &str = "android.permission.health.";

/// Body-sensor permissions (heart rate and similar), foreground and background.
const BODY_SENSOR_PERMISSIONS: &[&str] = &[
    "android.permission.BODY_SENSORS",
    "android.permission.BODY_SENSORS_BACKGROUND",
];

const HEALTHKIT_ENTITLEMENT: &str = "com.apple.developer.healthkit";

/// Info.plist usage descriptions HealthKit requires before it asks the user.
const HEALTH_USAGE_KEYS: &[&str] = &[
    "NSHealthShareUsageDescription",
    "NSHealthUpdateUsageDescription",
    "NSHealthClinicalHealthRecordsShareUsageDescription",
];

/// Signals shown in the message; the rest are counted.
const MAX_NAMED_SIGNALS: usize = 3;

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let tracking: Vec<_> = cx.inventory.conversion_tracking().collect();
    if tracking.is_empty() {
        return Vec::new();
    }
    let signals = health_signals(cx);
    if signals.is_empty() {
        return Vec::new();
    }
    let mut named: Vec<&str> = signals
        .iter()
        .take(MAX_NAMED_SIGNALS)
        .map(|(s, _)| s.as_str())
        .collect();
    let more = format!("{} more", signals.len().saturating_sub(MAX_NAMED_SIGNALS));
    if signals.len() > MAX_NAMED_SIGNALS {
        named.push(&more);
    }
    let sdk_names: Vec<&str> = tracking.iter().map(|hit| hit.name.as_str()).collect();
    let message = format!(
        "the app has access to health data ({}) and embeds {} (conversion tracking)",
        named.join(", "),
        sdk_names.join(", ")
    );
    let mut evidence: Vec<Location> = signals.into_iter().map(|(_, loc)| loc).collect();
    evidence.extend(
        tracking
            .iter()
            .filter_map(|hit| hit.evidence.first().cloned()),
    );
    vec![rule.finding(
        message,
        tracking.iter().map(|hit| hit.id.clone()).collect(),
        evidence,
    )]
}

/// (what, where) for every health signal, in fact order.
fn health_signals(cx: &Context<'_>) -> Vec<(String, Location)> {
    let facts = cx.facts;
    let mut signals = Vec::new();
    match facts.platform {
        Platform::Android => {
            for p in &facts.permissions {
                if p.name.starts_with(HEALTH_CONNECT_PREFIX)
                    || BODY_SENSOR_PERMISSIONS.contains(&p.name.as_str())
                {
                    signals.push((p.name.clone(), p.location.clone()));
                }
            }
        }
        Platform::Ios => {
            for e in &facts.apple.entitlements {
                if e.key == HEALTHKIT_ENTITLEMENT && e.value.as_bool() == Some(true) {
                    // The same entitlement may be in the profile and the signature: name it once.
                    if !signals.iter().any(|(s, _)| s == HEALTHKIT_ENTITLEMENT) {
                        signals.push((e.key.clone(), e.location.clone()));
                    }
                }
            }
            for k in &facts.apple.info_plist_keys {
                if HEALTH_USAGE_KEYS.contains(&k.key.as_str())
                    && !signals.iter().any(|(s, _)| *s == k.key)
                {
                    signals.push((k.key.clone(), k.location.clone()));
                }
            }
        }
    }
    signals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facts::apple_metadata::{Entitlement, EntitlementSource, InfoPlistKey};
    use crate::facts::plist_value::PlistValue;
    use crate::facts::{BundleFormat, ClassFact, Facts, Permission};
    use crate::inventory::{Inventory, SdkDb};

    fn run(facts: &Facts) -> Vec<Finding> {
        let inventory = Inventory::build(SdkDb::builtin(), facts);
        let config = Config::default();
        let cx = Context {
            facts,
            inventory: &inventory,
            db: SdkDb::builtin(),
            config: &config,
        };
        SL602.check(&cx)
    }

    fn android(permissions: &[&str], appsflyer: bool) -> Facts {
        let mut facts = Facts::new("a.apk", Platform::Android, BundleFormat::Apk);
        facts.permissions = permissions
            .iter()
            .map(|name| Permission {
                name: name.to_string(),
                max_sdk_version: None,
                location: Location::new("AndroidManifest.xml", format!("uses-permission {name}")),
            })
            .collect();
        if appsflyer {
            facts.classes.push(ClassFact {
                name: "com.appsflyer.AppsFlyerLib".into(),
                defined: true,
                location: Location::new("classes.dex", "class Lcom/appsflyer/AppsFlyerLib;"),
            });
        }
        facts
    }

    #[test]
    fn android_signals() {
        let findings = run(&android(
            &[
                "android.permission.INTERNET",
                "android.permission.health.READ_HEART_RATE",
                "android.permission.BODY_SENSORS",
                "android.permission.health.READ_STEPS",
                "android.permission.health.WRITE_WEIGHT",
            ],
            true,
        ));
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "the app has access to health data (android.permission.health.READ_HEART_RATE, \
             android.permission.BODY_SENSORS, android.permission.health.READ_STEPS, 1 more) and \
             embeds AppsFlyer (conversion tracking)"
        );
        assert_eq!(findings[0].sdks, ["appsflyer"]);
        assert_eq!(findings[0].evidence.len(), 5);
        assert_eq!(
            findings[0].evidence[4].locator,
            "class Lcom/appsflyer/AppsFlyerLib;"
        );
    }

    #[test]
    fn android_near_misses() {
        // Health permission, no tracking SDK.
        assert!(run(&android(&["android.permission.health.READ_STEPS"], false)).is_empty());
        // Tracking SDK, only activity recognition or a look-alike permission.
        for p in [
            "android.permission.ACTIVITY_RECOGNITION",
            "android.permission.healthy",
            "com.example.permission.health.READ",
        ] {
            assert!(run(&android(&[p], true)).is_empty(), "{p}");
        }
    }

    #[test]
    fn ios_signals() {
        let mut facts = Facts::new("a.ipa", Platform::Ios, BundleFormat::Ipa);
        facts.classes.push(ClassFact {
            name: "com.appsflyer.AppsFlyerLib".into(),
            defined: true,
            location: Location::new("classes.dex", "class Lcom/appsflyer/AppsFlyerLib;"),
        });
        let entitlement = |source, value| Entitlement {
            owner: "Payload/A.app".into(),
            source,
            key: HEALTHKIT_ENTITLEMENT.into(),
            value,
            location: Location::new("Payload/A.app/embedded.mobileprovision", "entitlement x"),
        };
        facts.apple.entitlements = vec![entitlement(
            EntitlementSource::ProvisioningProfile,
            PlistValue::Bool(false),
        )];
        assert!(run(&facts).is_empty());
        facts.apple.entitlements = vec![
            entitlement(
                EntitlementSource::ProvisioningProfile,
                PlistValue::Bool(true),
            ),
            entitlement(EntitlementSource::CodeSignature, PlistValue::Bool(true)),
        ];
        facts.apple.info_plist_keys = vec![InfoPlistKey {
            owner: "Payload/A.app".into(),
            key: "NSHealthUpdateUsageDescription".into(),
            value: PlistValue::String("Saves your workouts.".into()),
            location: Location::new(
                "Payload/A.app/Info.plist",
                "key NSHealthUpdateUsageDescription",
            ),
        }];
        let findings = run(&facts);
        assert_eq!(
            findings[0].message,
            "the app has access to health data (com.apple.developer.healthkit, \
             NSHealthUpdateUsageDescription) and embeds AppsFlyer (conversion tracking)"
        );
    }
}
