use super::consent_data::{self, Phrases};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::code::ArgValue;
use crate::inventory::{ApiCall, ApiKind, SdkHit};

declare_rule! {
    /// ## What it checks
    /// An app that embeds a conversion-tracking SDK but gives no opt-out instructions and has no
    /// opt-out switch. Any one of these counts, and the rule stays silent:
    /// - one of X's opt-out pages (`x.com/settings/ads_preferences`,
    ///   `x.com/settings/off_twitter_activity`, `x.com/settings/data_sharing_with_business_partners`,
    ///   the same on `twitter.com`, help.x.com's privacy-controls-for-tailored-ads and
    ///   about-ios-tracking) or an industry opt-out page (`optout.aboutads.info`,
    ///   `youradchoices.com/appchoices`, `networkadvertising.org/choices`, `youronlinechoices.eu`)
    ///   anywhere in the app's text — the list is `src/rules/data/opt_out_urls.txt`;
    /// - opt-out wording ("opt out", "Do Not Sell or Share My Personal Information", "refuser la
    ///   publicité ciblée", …: the `opt_out` phrases of `src/rules/data/consent_phrases.toml`);
    /// - a call from the app's code to an SDK opt-out API (the database's `opt-out` APIs: AppsFlyer
    ///   `stop` / `anonymizeUser`, Adjust `gdprForgetMe` / `setEnabled`, Firebase
    ///   `setAnalyticsCollectionEnabled`, Singular `stopAllTracking`, …), or ironSource
    ///   `setMetaData("do_not_sell", "true")`.
    ///
    /// The app's text is every string resource (every locale), `<meta-data>` value, string in DEX,
    /// native, JavaScript and Mach-O code, and Info.plist value. A call whose constant argument
    /// keeps tracking on (`stop(false, …)`, `setEnabled(true)`, `setAnalyticsCollectionEnabled(true)`)
    /// is no opt-out; a call with a non-constant argument is a switch the user can flip, and counts.
    /// Code strings and opt-out calls count only when the app's code owns them (a DEX string is
    /// owned by the class whose method loads it, a call by its caller's class): an SDK's own log
    /// line "opt out" or its own `stop()` call is no instruction.
    /// Blind spots: instructions that live only on a web page the app opens, and React Native
    /// opt-out calls, are not seen; string resources merged from an SDK's library count as the
    /// app's, and so does code of a library the SDK database does not know.
    ///
    /// Only whole apps are checked (APK, AAB, split sets, IPA, `.app`, `.xcarchive`): a vendor
    /// framework, a library or a bare DEX is a part of an app, and what it lacks the app may have.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) says an app that
    /// ships a conversion-tracking SDK must:
    /// > 3. Opt-out — give instructions for opting out of X's interest-based advertising;
    ///
    /// ## How to fix
    /// Tell users how to opt out, in the app or in the privacy policy it links to, with X's page and
    /// an industry page, and give them a switch that stops the SDKs:
    /// ```xml
    /// <string name="ads_opt_out">To stop X from using your activity in this app for ads, visit
    /// https://x.com/settings/ads_preferences. To opt out of interest-based ads from other
    /// companies, visit https://optout.aboutads.info.</string>
    /// ```
    /// ```java
    /// AppsFlyerLib.getInstance().stop(optedOut, context);
    /// ```
    ///
    /// ## Example
    /// ```text
    /// warning  SL401  no-opt-out-instructions  Adjust, AppsFlyer embedded (conversion tracking), but the app has no opt-out instructions (no X or industry opt-out page, no opt-out wording) and calls no SDK opt-out API
    ///          classes.dex: searched 4 SDK API calls from the app's own code (package com.example.shop) for a call to an SDK opt-out API
    ///          resources.arsc: searched 1 string resource (every locale) for an X or industry opt-out page or opt-out wording
    /// ```
    pub static SL401 = {
        code: "SL401",
        name: "no-opt-out-instructions",
        clause: Clause::OptOut,
        severity: Severity::Warning,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    // Something missing is only missing from a whole app, not from a vendor SDK or a bare file.
    if !cx.facts.is_app() {
        return Vec::new();
    }
    let tracking: Vec<&SdkHit> = cx.inventory.conversion_tracking().collect();
    if tracking.is_empty() || has_opt_out(cx) {
        return Vec::new();
    }
    vec![rule.finding(
        format!(
            "{} embedded (conversion tracking), but the app has no opt-out instructions (no X or \
             industry opt-out page, no opt-out wording) and calls no SDK opt-out API",
            super::sdk_names(&tracking)
        ),
        tracking.iter().map(|h| h.id.clone()).collect(),
        searched(cx),
    )]
}

/// Whether the app gives opt-out instructions or calls an SDK opt-out API from its own code
/// (SL301 reads it too: notice and opt-out is what US state laws ask for).
pub(super) fn has_opt_out(cx: &Context<'_>) -> bool {
    consent_data::app_api_calls(cx.facts, cx.inventory).any(is_opt_out)
        || !consent_data::find_opt_out_urls(cx.facts, 1).is_empty()
        || !consent_data::find_phrases(cx.facts, Phrases::OptOut, 1).is_empty()
}

/// Where an opt-out was looked for: the app's texts, then its SDK API calls.
pub(super) fn searched(cx: &Context<'_>) -> Vec<crate::facts::Location> {
    let mut out =
        super::searched::api_calls(cx.facts, cx.inventory, "a call to an SDK opt-out API");
    out.extend(super::searched::texts(
        cx.facts,
        "an X or industry opt-out page or opt-out wording",
    ));
    out
}

/// An opt-out call, unless a constant argument keeps tracking on.
fn is_opt_out(call: &ApiCall) -> bool {
    let method = consent_data::method_name(call);
    let first = call.args.first().cloned().flatten();
    match call.kind {
        // ironSource's key-value switch: `setMetaData("do_not_sell", "true")`.
        _ if method == "setMetaData" => matches!(
            (call.args.first(), call.args.get(1)),
            (Some(Some(ArgValue::String(k))), Some(Some(ArgValue::String(v))))
                if k == "do_not_sell" && v.eq_ignore_ascii_case("true")
        ),
        ApiKind::OptOut => {
            // `setEnabled(true)`, `setAnalyticsCollectionEnabled(true)` enable; `stop(false, …)`,
            // `anonymizeUser(false)` do not stop.
            let enables = method.ends_with("Enabled");
            let keeps_on = if enables { 1 } else { 0 };
            first != Some(ArgValue::Int(keeps_on))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::consent_data::test_support::{facts_with, push_loaded_string, run};
    use super::*;
    use crate::facts::code::CallSite;
    use crate::facts::resources::StringResource;
    use crate::facts::{Facts, Location, Platform};

    const AF: &str = "com.appsflyer.AppsFlyerLib";

    fn call(facts: &mut Facts, callee: &str, args: Vec<Option<ArgValue>>) {
        facts.call_sites.push(CallSite {
            callee: callee.into(),
            caller: "Lcom/example/Settings;->onToggle(Z)V".into(),
            args: args.into(),
            location: Location::new("classes.dex", "Lcom/example/Settings;->onToggle(Z)V"),
        });
    }

    #[test]
    fn fires_without_instructions() {
        let facts = facts_with(Platform::Android, &[AF]);
        let findings = run(&SL401, &facts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].sdks, ["appsflyer"]);
    }

    #[test]
    fn an_sdk_log_string_is_no_instruction() {
        let mut f = facts_with(Platform::Android, &[AF]);
        push_loaded_string(
            &mut f,
            "User opted out: opt out of tracking",
            "com.appsflyer.internal.AFc1",
        );
        assert_eq!(run(&SL401, &f).len(), 1, "AppsFlyer's own log line");
        push_loaded_string(
            &mut f,
            "Tap here to opt out of tracking",
            "com.example.Settings",
        );
        assert!(run(&SL401, &f).is_empty(), "the app's own string");
    }

    #[test]
    fn text_is_enough() {
        for text in [
            "Opt out at https://twitter.com/settings/ads_preferences",
            "https://www.youronlinechoices.eu/",
            "Do Not Sell or Share My Personal Information",
            "Refuser la publicité ciblée",
        ] {
            let mut f = facts_with(Platform::Android, &[AF]);
            f.string_resources.push(StringResource {
                name: "s".into(),
                locale: String::new(),
                value: text.into(),
                location: Location::new("resources.arsc", "string/s"),
            });
            assert!(run(&SL401, &f).is_empty(), "{text}");
        }
    }

    #[test]
    fn opt_out_calls_and_their_constants() {
        let stop = "Lcom/appsflyer/AppsFlyerLib;->stop(ZLandroid/content/Context;)V";
        let collection =
            "Lcom/google/firebase/analytics/FirebaseAnalytics;->setAnalyticsCollectionEnabled(Z)V";
        for (callee, arg, opts_out) in [
            (stop, Some(ArgValue::Int(1)), true),
            (stop, None, true),
            (stop, Some(ArgValue::Int(0)), false),
            (collection, Some(ArgValue::Int(0)), true),
            (collection, None, true),
            (collection, Some(ArgValue::Int(1)), false),
        ] {
            let mut f = facts_with(Platform::Android, &[AF]);
            call(&mut f, callee, vec![arg.clone(), None]);
            assert_eq!(run(&SL401, &f).is_empty(), opts_out, "{callee} {arg:?}");
        }
    }
}
