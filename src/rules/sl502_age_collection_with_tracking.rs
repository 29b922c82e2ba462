use super::consent_data::{self, Binaries, Phrases, signals};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::Location;
use crate::facts::code::ArgValue;
use crate::inventory::{ApiKind, Category};

/// At most this many age prompts are reported as evidence.
const MAX_PROMPTS: usize = 5;

declare_rule! {
    /// ## What it checks
    /// An app that collects its users' age and also embeds a conversion-tracking or advertising
    /// SDK. The age signals:
    /// - a date-of-birth or age prompt in the app's text — string resources of every locale,
    ///   strings in DEX, native, JavaScript and Mach-O code, Info.plist values — in English,
    ///   French, German or Portuguese ("date of birth", "Geburtsdatum", "date de naissance", "data
    ///   de nascimento", "how old are you", …: the `age_prompt` phrases of
    ///   `src/rules/data/consent_phrases.toml`, matched on whole words);
    /// - an age-signal SDK (category `age-signal`: Play Age Signals);
    /// - the `com.apple.developer.declared-age-range` entitlement (iOS Declared Age Range);
    /// - a call to an SDK `age` API (Google Mobile Ads / UMP `setTagForUnderAgeOfConsent`) unless
    ///   its constant argument is false (`0`) or unspecified (`-1`) — on iOS from the app's own arm64
    ///   code too (`tagForUnderAgeOfConsent = @NO` is no signal) —, or on iOS an age selector in an
    ///   app binary whose code was not walked (`setTagForUnderAgeOfConsent:`).
    ///
    /// Blind spots: an age gate drawn from images or a date picker with no label, or whose text
    /// is downloaded, is not seen. Code strings and age calls count only when the app's code owns
    /// them (a DEX string is owned by the class whose method loads it, a call by its caller's
    /// class): an SDK's own strings and calls neither trigger nor clear the rule; string resources
    /// merged from an SDK's library count as the app's.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) says an app that
    /// ships a conversion-tracking SDK must:
    /// > 5. No children — not in apps directed to children under 13, nor in apps that collect or
    /// > store the age of users under 13.
    ///
    /// An app that asks for the age of its users may collect or store that of users under 13.
    ///
    /// ## How to fix
    /// If the app turns away users under 13 without storing their age, or starts tracking SDKs only
    /// for users who are 13 or older, say so in a suppression with the reason:
    /// ```toml
    /// [[ignore]]
    /// rule = "SL502"
    /// reason = "age gate: under-13 users are refused and their answer is not stored; AppsFlyer starts after the gate"
    /// ```
    /// Otherwise remove the tracking SDKs, or stop collecting the age.
    ///
    /// ## Example
    /// ```text
    /// warning  SL502  age-collection-with-tracking  the app collects age (age prompt "date of birth" (en)) and embeds AppsFlyer
    ///          resources.arsc: string/age_prompt
    ///          classes2.dex: class Lcom/appsflyer/AppsFlyerLib;
    /// ```
    pub static SL502 = {
        code: "SL502",
        name: "age-collection-with-tracking",
        clause: Clause::Children,
        severity: Severity::Warning,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let tracking = cx.inventory.tracking();
    if tracking.is_empty() {
        return Vec::new();
    }
    let facts = cx.facts;
    let mut whats: Vec<String> = Vec::new();
    let mut evidence: Vec<Location> = Vec::new();
    let mut add = |what: String, location: Location| {
        if !whats.contains(&what) {
            whats.push(what);
        }
        if !evidence.contains(&location) {
            evidence.push(location);
        }
    };
    for m in consent_data::find_phrases(facts, Phrases::AgePrompt, MAX_PROMPTS) {
        add(
            format!("age prompt \"{}\" ({})", m.matched, m.language),
            m.location,
        );
    }
    for hit in cx
        .inventory
        .sdks
        .iter()
        .filter(|h| h.categories.contains(&Category::AgeSignal))
    {
        if let Some(location) = hit.evidence.first() {
            add(format!("{} SDK", hit.name), location.clone());
        }
    }
    for e in &facts.apple.entitlements {
        if signals().age_entitlements.contains(&e.key) && e.value.as_bool() != Some(false) {
            add(format!("entitlement {}", e.key), e.location.clone());
        }
    }
    for call in
        consent_data::app_api_calls(cx.facts, cx.inventory).filter(|c| c.kind == ApiKind::Age)
    {
        let value = match call.args.first() {
            Some(Some(ArgValue::Int(0 | -1))) => continue,
            Some(Some(ArgValue::Int(v))) => format!("({v})"),
            _ => String::new(),
        };
        add(
            format!("{}{value}", consent_data::method_name(call)),
            call.location.clone(),
        );
    }
    let selectors = consent_data::sdk_selectors(cx, ApiKind::Age);
    for (selector, location) in consent_data::selectors(cx, &selectors, Binaries::AppOwn) {
        add(format!("selector {selector}"), location);
    }
    if whats.is_empty() {
        return Vec::new();
    }
    evidence.extend(consent_data::first_evidence(&tracking));
    vec![rule.finding(
        format!(
            "the app collects age ({}) and embeds {}",
            whats.join(", "),
            super::sdk_names(&tracking)
        ),
        tracking.iter().map(|h| h.id.clone()).collect(),
        evidence,
    )]
}

#[cfg(test)]
mod tests {
    use super::super::consent_data::test_support::{facts_with, run};
    use super::*;
    use crate::facts::Platform;
    use crate::facts::apple_metadata::{Entitlement, EntitlementSource};
    use crate::facts::code::CallSite;
    use crate::facts::plist_value::PlistValue;
    use crate::facts::resources::StringResource;

    const AF: &str = "com.appsflyer.AppsFlyerLib";

    #[test]
    fn prompts_in_each_language() {
        for (text, expected) in [
            (
                "Enter your date of birth",
                "age prompt \"date of birth\" (en)",
            ),
            (
                "Saisissez votre date de naissance",
                "age prompt \"date de naissance\" (fr)",
            ),
            (
                "Gib dein Geburtsdatum ein",
                "age prompt \"geburtsdatum\" (de)",
            ),
            (
                "Informe sua data de nascimento",
                "age prompt \"data de nascimento\" (pt)",
            ),
        ] {
            let mut f = facts_with(Platform::Android, &[AF]);
            f.string_resources.push(StringResource {
                name: "age_prompt".into(),
                locale: String::new(),
                value: text.into(),
                location: Location::new("resources.arsc", "string/age_prompt"),
            });
            let findings = run(&SL502, &f);
            assert_eq!(
                findings[0].message,
                format!("the app collects age ({expected}) and embeds AppsFlyer")
            );
        }
        // Everyday words are no prompt; no tracking SDK, no finding.
        let mut f = facts_with(Platform::Android, &[AF]);
        f.string_resources.push(StringResource {
            name: "s".into(),
            locale: String::new(),
            value: "Happy birthday! Level up to the next age".into(),
            location: Location::new("resources.arsc", "string/s"),
        });
        assert!(run(&SL502, &f).is_empty());
        let mut f = facts_with(
            Platform::Android,
            &["com.google.android.play.agesignals.AgeSignalsManagerFactory"],
        );
        assert!(run(&SL502, &f).is_empty());
        f = facts_with(
            Platform::Android,
            &[
                AF,
                "com.google.android.play.agesignals.AgeSignalsManagerFactory",
            ],
        );
        assert_eq!(
            run(&SL502, &f)[0].message,
            "the app collects age (Play Age Signals API SDK) and embeds AppsFlyer"
        );
    }

    #[test]
    fn entitlement_and_under_age_tag() {
        let mut f = facts_with(Platform::Ios, &[AF]);
        f.apple.entitlements.push(Entitlement {
            owner: "Payload/A.app".into(),
            source: EntitlementSource::ProvisioningProfile,
            key: "com.apple.developer.declared-age-range".into(),
            value: PlistValue::Bool(true),
            location: Location::new(
                "Payload/A.app/embedded.mobileprovision",
                "entitlement com.apple.developer.declared-age-range",
            ),
        });
        assert_eq!(
            run(&SL502, &f)[0].message,
            "the app collects age (entitlement com.apple.developer.declared-age-range) and embeds \
             AppsFlyer"
        );
        let tag = "Lcom/google/android/gms/ads/RequestConfiguration$Builder;->setTagForUnderAgeOfConsent(I)Lcom/google/android/gms/ads/RequestConfiguration$Builder;";
        for (arg, fires) in [
            (Some(ArgValue::Int(1)), true),
            (Some(ArgValue::Int(-1)), false),
            (None, true),
        ] {
            let mut f = facts_with(Platform::Android, &[AF]);
            f.call_sites.push(CallSite {
                callee: tag.into(),
                caller: "Lcom/example/A;->b()V".into(),
                args: vec![arg.clone()].into(),
                location: Location::new("classes.dex", "Lcom/example/A;->b()V"),
            });
            assert_eq!(run(&SL502, &f).len(), usize::from(fires), "{arg:?}");
        }
    }
}
