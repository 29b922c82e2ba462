use super::consent_data::{self, Binaries, signals};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::Platform;
use crate::facts::code::ArgValue;
use crate::inventory::{ApiCall, ApiKind, Category};

declare_rule! {
    /// ## What it checks
    /// An app that embeds a conversion-tracking or advertising SDK but shows no consent mechanism
    /// at all. Any one of these counts as a mechanism, and the rule stays silent:
    /// - a consent-platform SDK (category `consent`: Google UMP, OneTrust, Didomi, Usercentrics,
    ///   Sourcepoint, consentmanager);
    /// - an IAB consent key as a string in the app's own code or in resources (`IABTCF_TCString`,
    ///   `IABTCF_gdprApplies`, `IABGPP_HDR_GppString`, `IABUSPrivacy_String`, … — the `iab_keys` of
    ///   `src/rules/data/consent_signals.toml`): the app reads a consent platform's signal. A key
    ///   that an SDK's own class loads (AppsFlyer, Adjust and AdMob read `IABTCF_*` themselves)
    ///   is no mechanism: without a CMP writing them there is nothing to read;
    /// - a call from the app's code (the caller's class is the app's, not an SDK's) to an SDK
    ///   consent API (the `consent` APIs of the SDK database:
    ///   AppsFlyer `setConsentData`, Adjust `trackThirdPartySharing`, Firebase `setConsent`, Meta
    ///   `setAutoLogAppEventsEnabled`, …), or a React Native call to one (`script_consent_calls`);
    /// - on iOS, an App Tracking Transparency request
    ///   (`requestTrackingAuthorizationWithCompletionHandler:` in the main executable or an app
    ///   extension — not in a vendor framework: Adjust and Google Mobile Ads carry that selector
    ///   in their own code whether or not the app ever asks), a call from the app's own arm64 code
    ///   to an SDK consent API (`[[ios.apis]]`), or an SDK consent selector (`setConsentData:`,
    ///   `trackThirdPartySharing:`, …) in an app binary whose code was not walked.
    ///
    /// The check is for presence, not for order or correctness: SL302 looks at collection that
    /// starts before consent, SL303 at ATT. Blind spots: a consent flow built on the app's own
    /// server, or an SDK consent API the database does not list, is not seen (suppress with the
    /// reason, or add the API to `sdks/<id>.toml`). On iOS "the app's own binaries" are those
    /// outside `*.framework/` that define no SDK class: a binary with an SDK linked statically
    /// carries that SDK's selectors whether or not the app calls them, so its consent calls are not
    /// seen there (the ATT request still is).
    ///
    /// Only whole apps are checked (APK, AAB, split sets, IPA, `.app`, `.xcarchive`): a vendor
    /// framework, a library or a bare DEX is a part of an app, and what it lacks the app may have.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) says an app that
    /// ships a conversion-tracking SDK must:
    /// > 2. Consent — obtain consent before that collection;
    ///
    /// An app with no consent platform, no consent signal and no call that passes consent to its
    /// SDKs has no way to obtain it. Ad networks that collect the advertising id need the same
    /// consent (sdklint applies the consent and children rules to them too).
    ///
    /// ## How to fix
    /// Ask for consent before the SDKs collect and pass the answer to them: a consent platform
    /// (Google UMP and other IAB TCF CMPs write the `IABTCF_*` keys the SDKs read), or the SDKs' own
    /// consent APIs:
    /// ```java
    /// AppsFlyerLib.getInstance().setConsentData(AppsFlyerConsent.forGDPRUser(hasConsent, hasConsent));
    /// Adjust.trackThirdPartySharing(new AdjustThirdPartySharing(hasConsent));
    /// ```
    /// On iOS, also request App Tracking Transparency authorization before reading the IDFA.
    ///
    /// ## Example
    /// ```text
    /// error  SL301  no-consent-mechanism  Adjust, AppsFlyer embedded, but the app shows no consent mechanism: no consent platform, no IAB consent key, no call to an SDK consent API
    ///        classes.dex: class Lcom/adjust/sdk/Adjust;
    /// ```
    pub static SL301 = {
        code: "SL301",
        name: "no-consent-mechanism",
        clause: Clause::Consent,
        severity: Severity::Error,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    // Something missing is only missing from a whole app, not from a vendor SDK or a bare file.
    if !cx.facts.is_app() {
        return Vec::new();
    }
    let facts = cx.facts;
    let tracking = cx.inventory.tracking();
    if tracking.is_empty() || has_mechanism(cx) {
        return Vec::new();
    }
    let mut absent = vec![
        "no consent platform",
        "no IAB consent key",
        "no call to an SDK consent API",
    ];
    if facts.platform == Platform::Ios {
        absent.push("no App Tracking Transparency request");
    }
    vec![rule.finding(
        format!(
            "{} embedded, but the app shows no consent mechanism: {}",
            super::sdk_names(&tracking),
            absent.join(", ")
        ),
        tracking.iter().map(|h| h.id.clone()).collect(),
        consent_data::first_evidence(&tracking).collect(),
    )]
}

fn has_mechanism(cx: &Context<'_>) -> bool {
    let facts = cx.facts;
    let signals = signals();
    cx.inventory.has_category(Category::Consent)
        || consent_data::app_api_calls(facts, cx.inventory)
            .any(|c| c.kind == ApiKind::Consent || keyed_consent(c))
        || (0..facts.strings.len()).any(|i| consent_data::app_iab_key(facts, i))
        || facts
            .string_resources
            .iter()
            .any(|s| consent_data::iab_key(&s.value).is_some())
        || facts.script_calls.iter().any(|c| {
            let method = c.callee.rsplit('.').next().unwrap_or(&c.callee);
            signals.script_consent_calls.iter().any(|m| m == method)
        })
        || consent_data::selectors(
            cx,
            &signals.att_request_selectors,
            Binaries::OutsideFrameworks,
        )
        .next()
        .is_some()
        || consent_data::selectors(
            cx,
            &consent_data::sdk_selectors(cx, ApiKind::Consent),
            Binaries::AppOwn,
        )
        .next()
        .is_some()
}

/// Unity Ads `MetaData.set("gdpr.consent" | "privacy.consent", …)`: a consent call whose meaning
/// is in its key (the database lists `MetaData.set` once, as `child-directed`).
fn keyed_consent(call: &ApiCall) -> bool {
    consent_data::class_name(call) == "MetaData"
        && matches!(call.args.first(), Some(Some(ArgValue::String(k))) if k == "gdpr.consent" || k == "privacy.consent")
}

#[cfg(test)]
mod tests {
    use super::super::consent_data::test_support::{binary, facts_with, push_loaded_string, run};
    use super::*;
    use crate::facts::code::CallSite;
    use crate::facts::{Location, StringFact};

    const AF: &str = "com.appsflyer.AppsFlyerLib";

    #[test]
    fn fires_for_tracking_and_ad_sdks() {
        let facts = facts_with(
            Platform::Android,
            &[AF, "com.google.android.gms.ads.MobileAds"],
        );
        let findings = run(&SL301, &facts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].sdks, ["appsflyer", "google-mobile-ads"]);
        assert_eq!(
            findings[0].message,
            "AppsFlyer, Google Mobile Ads (AdMob / Ad Manager) embedded, but the app shows no \
             consent mechanism: no consent platform, no IAB consent key, no call to an SDK \
             consent API"
        );
        assert_eq!(findings[0].evidence.len(), 2);
        // Nothing that tracks: nothing to consent to.
        let facts = facts_with(Platform::Android, &["com.twitter.sdk.android.core.Twitter"]);
        assert!(run(&SL301, &facts).is_empty());
    }

    #[test]
    fn each_mechanism_is_enough() {
        let base = facts_with(Platform::Android, &[AF]);
        let f = facts_with(
            Platform::Android,
            &[AF, "com.google.android.ump.UserMessagingPlatform"],
        );
        assert!(run(&SL301, &f).is_empty(), "consent platform");
        let mut f = base.clone();
        f.strings.push(StringFact {
            value: "IABTCF_PurposeConsents".into(),
            location: Location::new("classes.dex", "string #3"),
        });
        assert!(run(&SL301, &f).is_empty(), "IAB key");
        let mut f = base.clone();
        f.call_sites.push(CallSite {
            callee:
                "Lcom/appsflyer/AppsFlyerLib;->setConsentData(Lcom/appsflyer/AppsFlyerConsent;)V"
                    .into(),
            caller: "Lcom/example/App;->onCreate()V".into(),
            args: vec![None],
            location: Location::new("classes.dex", "Lcom/example/App;->onCreate()V"),
        });
        assert!(run(&SL301, &f).is_empty(), "consent API call");
        // AppsFlyer's own code calling its consent API is no consent from the app.
        let mut f = base.clone();
        f.call_sites.push(CallSite {
            callee:
                "Lcom/appsflyer/AppsFlyerLib;->setConsentData(Lcom/appsflyer/AppsFlyerConsent;)V"
                    .into(),
            caller: "Lcom/appsflyer/internal/AFb1;->run()V".into(),
            args: vec![None],
            location: Location::new("classes.dex", "Lcom/appsflyer/internal/AFb1;->run()V"),
        });
        assert_eq!(run(&SL301, &f).len(), 1, "the SDK's own consent call");
        // A key that only looks like one.
        let mut f = base;
        f.strings.push(StringFact {
            value: "IABTCF".into(),
            location: Location::new("classes.dex", "string #3"),
        });
        assert_eq!(run(&SL301, &f).len(), 1);
    }

    #[test]
    fn iab_keys_read_by_an_sdk_itself_are_no_consent_mechanism() {
        // AppsFlyer reads IABTCF_ keys itself, in an app with no consent platform.
        let mut f = facts_with(Platform::Android, &[AF, "com.example.shop.MainActivity"]);
        f.app.id = Some("com.example.shop".into());
        push_loaded_string(&mut f, "IABTCF_TCString", "com.appsflyer.internal.AFa1");
        push_loaded_string(&mut f, "IABTCF_gdprApplies", "com.appsflyer.internal.AFa1");
        assert_eq!(run(&SL301, &f).len(), 1);
        // The app's own code reading a key is a mechanism.
        push_loaded_string(
            &mut f,
            "IABTCF_PurposeConsents",
            "com.example.shop.MainActivity",
        );
        assert!(run(&SL301, &f).is_empty());
    }

    #[test]
    fn ios_att_request_and_app_consent_selectors() {
        let framework = "Payload/A.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib";
        let mut base = facts_with(Platform::Ios, &[AF]);
        base.apple_binaries
            .push(binary(framework, &["setConsentData:", "start"]));
        let findings = run(&SL301, &base);
        assert_eq!(
            findings.len(),
            1,
            "the SDK implementing its consent API is no call"
        );
        assert!(
            findings[0]
                .message
                .ends_with(", no App Tracking Transparency request")
        );
        let mut f = base.clone();
        f.apple_binaries.push(binary(
            "Payload/A.app/A",
            &["requestTrackingAuthorizationWithCompletionHandler:"],
        ));
        assert!(run(&SL301, &f).is_empty(), "ATT request");
        let mut f = base.clone();
        f.apple_binaries.push(binary(
            "Payload/A.app/Frameworks/AdjustSdk.framework/AdjustSdk",
            &["requestTrackingAuthorizationWithCompletionHandler:"],
        ));
        assert_eq!(
            run(&SL301, &f).len(),
            1,
            "a vendor framework's own ATT wrapper is no request by the app"
        );
        let mut f = base;
        f.apple_binaries
            .push(binary("Payload/A.app/A", &["setConsentData:"]));
        assert!(run(&SL301, &f).is_empty(), "the app calls the consent API");
    }
}
