use super::consent_data::{self, Phrases};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::inventory::SdkHit;

declare_rule! {
    /// ## What it checks
    /// An app that embeds a conversion-tracking SDK but carries no privacy-policy link and no notice
    /// text anywhere sdklint can read: string resources in every locale, `<meta-data>` values,
    /// strings in DEX, native, JavaScript and Mach-O code, Info.plist values and localized usage
    /// descriptions.
    ///
    /// A privacy-policy link is an `http(s)://` URL whose host or path contains `privacy`, `policy`,
    /// `datenschutz`, `confidentialite`, `privacidade`, … (the `privacy_url` words of
    /// `src/rules/data/consent_phrases.toml`). Notice text is one of that file's `notice` phrases in
    /// English, French, German or Portuguese ("privacy policy", "politique de confidentialité",
    /// "Datenschutzerklärung", "conversion tracking", "interest-based ads", …), matched
    /// case-insensitively on whole words. Blind spots: a notice that lives only on a web page the
    /// app loads at run time, or in an image, is not seen (suppress the finding with the reason);
    /// a DEX or Mach-O string counts only when the app owns it (a DEX string is owned by the class
    /// whose method loads it, a framework's strings by its SDK: `sdklint facts` shows owners), so
    /// an SDK's own privacy URL is no notice; but string resources merged from an SDK's library
    /// count as the app's, and so does code of a library the SDK database does not know.
    ///
    /// Only whole apps are checked (APK, AAB, split sets, IPA, `.app`, `.xcarchive`): a vendor
    /// framework, a library or a bare DEX is a part of an app, and what it lacks the app may have.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) says an app that
    /// ships a conversion-tracking SDK must:
    /// > 1. Notice — tell users that third parties collect data for conversion tracking and
    /// > interest-based ads;
    ///
    /// An app with no privacy policy link and no notice text has nowhere to tell them.
    ///
    /// ## How to fix
    /// Link your privacy policy from the app (settings or about screen, sign-up flow) and say in it,
    /// or in the app, that third parties such as X and your measurement partner collect data for
    /// conversion tracking and interest-based ads:
    /// ```xml
    /// <string name="privacy_policy_url" translatable="false">https://example.com/privacy</string>
    /// <string name="ads_notice">We work with X and AppsFlyer, who collect data about your use of
    /// this app for conversion tracking and interest-based ads.</string>
    /// ```
    ///
    /// ## Example
    /// ```text
    /// warning  SL205  no-privacy-notice-surface  Adjust, AppsFlyer embedded (conversion tracking), but the app carries no privacy-policy link or notice text
    ///          resources.arsc: searched 1 string resource (every locale) for a privacy-policy URL or notice wording
    ///          classes.dex: searched 223 strings outside the SDKs' code, in 2 files, for a privacy-policy URL or notice wording
    /// ```
    pub static SL205 = {
        code: "SL205",
        name: "no-privacy-notice-surface",
        clause: Clause::Notice,
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
    if tracking.is_empty() || has_notice(cx) {
        return Vec::new();
    }
    vec![rule.finding(
        format!(
            "{} embedded (conversion tracking), but the app carries no privacy-policy link or \
             notice text",
            super::sdk_names(&tracking)
        ),
        tracking.iter().map(|h| h.id.clone()).collect(),
        super::searched::texts(cx.facts, "a privacy-policy URL or notice wording"),
    )]
}

/// Whether the app carries a privacy-policy link or notice text of its own (SL301 reads it too:
/// notice and opt-out is what US state laws ask for).
pub(super) fn has_notice(cx: &Context<'_>) -> bool {
    !consent_data::find_privacy_urls(cx.facts, 1).is_empty()
        || !consent_data::find_phrases(cx.facts, Phrases::Notice, 1).is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::consent_data::test_support::{facts_with, push_loaded_string, run};
    use super::*;
    use crate::facts::apple_metadata::InfoPlistKey;
    use crate::facts::plist_value::PlistValue;
    use crate::facts::resources::StringResource;
    use crate::facts::{Location, Platform, StringFact};

    fn resource(locale: &str, value: &str) -> StringResource {
        StringResource {
            name: "s".into(),
            locale: locale.into(),
            value: value.into(),
            location: Location::new("resources.arsc", format!("string/s ({locale})")),
        }
    }

    #[test]
    fn fires_without_any_surface() {
        let facts = facts_with(Platform::Android, &["com.appsflyer.AppsFlyerLib"]);
        let findings = run(&SL205, &facts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].sdks, ["appsflyer"]);
        assert_eq!(
            findings[0].message,
            "AppsFlyer embedded (conversion tracking), but the app carries no privacy-policy \
             link or notice text"
        );
        // Where it looked, not an AppsFlyer class: the SDK is named once, in the message.
        assert_eq!(
            findings[0].evidence,
            [Location::new(
                "app",
                "searched nothing for a privacy-policy URL or notice wording: the app has no \
                 string resources and no strings in its own code"
            )]
        );
    }

    #[test]
    fn an_sdks_own_privacy_url_is_no_surface() {
        let mut f = facts_with(Platform::Android, &["com.appsflyer.AppsFlyerLib"]);
        push_loaded_string(
            &mut f,
            "https://www.appsflyer.com/privacy-policy/",
            "com.appsflyer.internal.AFd1",
        );
        assert_eq!(run(&SL205, &f).len(), 1);
        push_loaded_string(&mut f, "https://example.com/privacy", "com.example.About");
        assert!(run(&SL205, &f).is_empty());
    }

    #[test]
    fn no_tracking_sdk_no_finding() {
        let facts = facts_with(Platform::Android, &["com.google.android.gms.ads.MobileAds"]);
        assert!(run(&SL205, &facts).is_empty());
    }

    #[test]
    fn each_surface_is_enough() {
        let base = facts_with(Platform::Android, &["com.appsflyer.AppsFlyerLib"]);
        let mut f = base.clone();
        f.string_resources
            .push(resource("de", "Unsere Datenschutzerklärung"));
        assert!(run(&SL205, &f).is_empty(), "German phrase");
        let mut f = base.clone();
        f.strings.push(StringFact {
            value: "https://example.pt/privacidade".into(),
            location: Location::new("classes.dex", "string #1"),
        });
        assert!(run(&SL205, &f).is_empty(), "URL in code");
        let mut f2 = base.clone();
        f2.platform = Platform::Ios;
        f2.apple.info_plist_keys.push(InfoPlistKey {
            owner: "Payload/A.app".into(),
            key: "PrivacyPolicyURL".into(),
            value: PlistValue::String("https://a.example/legal/privacy-policy".into()),
            location: Location::new("Payload/A.app/Info.plist", "key PrivacyPolicyURL"),
        });
        assert!(run(&SL205, &f2).is_empty(), "Info.plist");
        // Words that are not a notice.
        let mut f = base;
        f.string_resources.push(resource("", "Privacy"));
        f.string_resources
            .push(resource("", "https://app.example.com/settings"));
        assert_eq!(run(&SL205, &f).len(), 1);
    }
}
