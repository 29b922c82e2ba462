use super::consent_data::{self, Binaries, signals};
use super::markets::{self, Reading};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::code::ArgValue;
use crate::facts::{Location, Platform};
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
    /// **Markets** (`markets` in `sdklint.toml`) decide what consent is legally sufficient, and the
    /// message names the market that decided:
    /// - *opt-in consent* for the EEA (`EU` or any member state, plus `IS`, `LI`, `NO`), `GB`,
    ///   `CH` and `BR`, for a market not in this list, and when `markets` is not set (the strict
    ///   reading). The rule then fires as above;
    /// - *notice and opt-out* when every market is `US`: the rule stays silent if the app has no
    ///   consent mechanism but carries both a privacy notice (SL205's signals: a privacy-policy
    ///   URL or notice wording) and an opt-out (SL401's: an opt-out page, opt-out wording, or a
    ///   call to an SDK opt-out API), and fires naming the one that is missing otherwise.
    ///
    /// The mapping and its sources (sdklint's reading, not legal advice):
    /// - EEA: GDPR art. 6(1)(a) and 7 (consent as the basis for ad tracking, per EDPB Guidelines
    ///   05/2020 on consent and 8/2020 on targeting) and the ePrivacy Directive 2002/58/EC
    ///   art. 5(3) (consent before storing or reading information on the device — the
    ///   advertising id included; CJEU C-673/17 *Planet49*: no pre-ticked boxes);
    /// - `GB`: UK GDPR and PECR regulation 6 (the ICO's guidance on storage and access
    ///   technologies: consent for advertising and analytics);
    /// - `CH`: the Telecommunications Act art. 45c alone asks only for information and a right to
    ///   refuse, but the FADP art. 6(6)–(7) asks for explicit consent to high-risk profiling,
    ///   which cross-app ad tracking can be, and the FDPIC's guidelines on cookies and similar
    ///   technologies read it strictly: sdklint takes the strict reading;
    /// - `BR`: LGPD art. 7 I and 8 (consent, free, informed and unambiguous; ANPD's guidance on
    ///   cookies, 2022: consent for advertising cookies);
    /// - `US`: the CCPA as amended by the CPRA (Cal. Civ. Code §1798.100 notice at collection,
    ///   §1798.120 and §1798.135 the right to opt out of sale and sharing, "Do Not Sell or Share
    ///   My Personal Information"), and the state laws modelled on it (Virginia, Colorado,
    ///   Connecticut, …: opt-out of targeted advertising). Their opt-in cases — sensitive data
    ///   and children — are SL602 and SL501's.
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
    /// error  SL301  no-consent-mechanism  Adjust, AppsFlyer embedded, but the app shows no consent mechanism: no consent platform, no IAB consent key, no call to an SDK consent API; opt-in consent is required for DE (EEA: GDPR and the ePrivacy Directive)
    ///        classes.dex: searched 6 SDK API calls from the app's own code (package com.example.shop) for a call to an SDK consent API
    ///        resources.arsc: searched 40 string resources (every locale) for an IAB consent key
    ///        classes.dex: searched 223 strings outside the SDKs' code, in 2 files, for an IAB consent key
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
    let names = super::sdk_names(&tracking);
    let sdks: Vec<String> = tracking.iter().map(|h| h.id.clone()).collect();
    let message = match markets::consent_reading(cx.config) {
        Reading::OptIn { why } => {
            let mut absent = vec![
                "no consent platform",
                "no IAB consent key",
                "no call to an SDK consent API",
            ];
            if facts.platform == Platform::Ios {
                absent.push("no App Tracking Transparency request");
            }
            format!(
                "{names} embedded, but the app shows no consent mechanism: {}; {why}",
                absent.join(", ")
            )
        }
        Reading::NoticeAndOptOut { law } => {
            let notice = super::sl205_no_privacy_notice_surface::has_notice(cx);
            let opt_out = super::sl401_no_opt_out_instructions::has_opt_out(cx);
            let lacks = match (notice, opt_out) {
                (true, true) => return Vec::new(),
                (false, true) => "no privacy notice",
                (true, false) => "no opt-out",
                (false, false) => "no privacy notice, no opt-out",
            };
            format!(
                "{names} embedded, but the app shows neither a consent mechanism nor the notice \
                 and opt-out that {law} accept instead: {lacks}"
            )
        }
    };
    vec![rule.finding(message, sdks, searched(cx))]
}

/// Where a mechanism was looked for: the app's texts and its SDK API calls (on iOS also its
/// binaries, which the texts do not cover).
fn searched(cx: &Context<'_>) -> Vec<Location> {
    let mut out =
        super::searched::api_calls(cx.facts, cx.inventory, "a call to an SDK consent API");
    out.extend(super::searched::resources_and_code(
        cx.facts,
        "an IAB consent key",
    ));
    if cx.facts.platform == Platform::Ios {
        let own = cx
            .facts
            .apple_binaries
            .iter()
            .filter(|b| consent_data::outside_frameworks(&b.path))
            .count();
        if let Some(file) = super::searched::app_binary(cx.facts) {
            out.push(Location::new(
                file,
                format!(
                    "searched {} outside frameworks for an App Tracking Transparency request",
                    super::searched::count(own, "Mach-O image")
                ),
            ));
        }
    }
    out
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
    use super::super::consent_data::test_support::{
        binary, facts_with, push_loaded_string, run, run_with,
    };
    use super::*;
    use crate::config::Config;
    use crate::facts::code::CallSite;
    use crate::facts::resources::StringResource;
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
             consent API; markets unknown (`markets` in sdklint.toml), so the strict reading: \
             opt-in consent"
        );
        // Where it looked, no SDK class.
        assert!(
            findings[0]
                .evidence
                .iter()
                .all(|e| !e.locator.starts_with("class ")),
            "{:?}",
            findings[0].evidence
        );
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
            args: vec![None].into(),
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
            args: vec![None].into(),
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

    fn markets(codes: &[&str]) -> Config {
        Config {
            markets: codes.iter().map(|c| c.to_string()).collect(),
            ..Config::default()
        }
    }

    fn resource(value: &str) -> StringResource {
        StringResource {
            name: "s".into(),
            locale: String::new(),
            value: value.into(),
            location: Location::new("resources.arsc", "string/s"),
        }
    }

    #[test]
    fn opt_in_markets_ask_for_consent_and_name_the_market() {
        // Notice and opt-out are there: enough for the US, not for the EEA, the UK or Brazil.
        let mut f = facts_with(Platform::Android, &[AF]);
        f.string_resources
            .push(resource("Privacy policy: https://shop.example.com/privacy"));
        f.string_resources.push(resource(
            "To opt out of tailored ads, visit x.com/settings/ads_preferences",
        ));
        for (codes, driver) in [
            (&["DE"][..], "for DE (EEA: GDPR and the ePrivacy Directive)"),
            (&["US", "GB"][..], "for GB (UK GDPR and PECR)"),
            (&["BR"][..], "for BR (Brazil: LGPD)"),
            (&["CH"][..], "for CH (Switzerland: FADP)"),
        ] {
            let findings = run_with(&SL301, &f, &markets(codes));
            assert_eq!(findings.len(), 1, "{codes:?}");
            assert!(
                findings[0]
                    .message
                    .ends_with(&format!("; opt-in consent is required {driver}")),
                "{}",
                findings[0].message
            );
        }
        // A market sdklint has no mapping for reads strictly.
        let findings = run_with(&SL301, &f, &markets(&["US", "JP"]));
        assert!(
            findings[0]
                .message
                .contains("no consent-law mapping for JP")
        );
    }

    #[test]
    fn us_only_accepts_notice_and_opt_out() {
        let us = markets(&["US"]);
        let base = facts_with(Platform::Android, &[AF]);
        let findings = run_with(&SL301, &base, &us);
        assert_eq!(
            findings[0].message,
            "AppsFlyer embedded, but the app shows neither a consent mechanism nor the notice \
             and opt-out that US state privacy laws: CCPA/CPRA and the like accept instead: no \
             privacy notice, no opt-out"
        );
        let mut f = base.clone();
        f.string_resources
            .push(resource("Privacy policy: https://shop.example.com/privacy"));
        let findings = run_with(&SL301, &f, &us);
        assert!(findings[0].message.ends_with(": no opt-out"), "notice only");
        f.string_resources
            .push(resource("Do Not Sell or Share My Personal Information"));
        assert!(run_with(&SL301, &f, &us).is_empty(), "notice and opt-out");
        // The same app without markets: the strict reading asks for consent.
        assert_eq!(run(&SL301, &f).len(), 1);
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
                .contains(", no App Tracking Transparency request; ")
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
