use super::consent_data::{self, Binaries};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::Location;
use crate::facts::code::ArgValue;
use crate::inventory::{ApiCall, ApiKind};

declare_rule! {
    /// ## What it checks
    /// An app that says it is directed to children and also embeds a conversion-tracking or
    /// advertising SDK. The child-directed signals, from the app's own calls (Android bytecode, iOS
    /// arm64 code: `src/apple/calls.rs`) and, on iOS, binaries:
    /// - Google Mobile Ads `RequestConfiguration.Builder.setTagForChildDirectedTreatment(1)`
    ///   (`TAG_FOR_CHILD_DIRECTED_TREATMENT_TRUE`; `0` false and `-1` unspecified are no signal);
    /// - Google Mobile Ads `setMaxAdContentRating("G")` — a weaker signal, since general-audience
    ///   apps choose G too: when it is the only one, the finding is a warning and says so;
    /// - Adjust `setCoppaCompliantEnabled` / `enableCoppaCompliance` /
    ///   `setPlayStoreKidsAppEnabled` / `enablePlayStoreKidsCompliance`, Singular `trackingUnder13`,
    ///   and any other `child-directed` API of the SDK database, unless its constant argument is
    ///   false (`0`) or unspecified (`-1`);
    /// - ironSource `IronSource.setMetaData("is_child_directed", "true")`;
    /// - Unity Ads `MetaData.set("privacy.mode", "mixed")` (a mixed audience that includes children);
    /// - on iOS, the same APIs (`[[ios.apis]]`) called from the app's own code, with the value read
    ///   where the code passes a constant (`tagForChildDirectedTreatment = @YES` is `1`, `@NO` no
    ///   signal); and a child-directed selector (`setTagForChildDirectedTreatment:`, Adjust
    ///   `setCoppaCompliantEnabled:`, AppMetrica `setAppForKids:`: the `child-directed`
    ///   `[[ios.apis]]` of the SDK database marked `presence = true`) in an app binary whose code
    ///   was not walked: there the selector is the signal.
    ///
    /// Blind spots: a binary with an SDK linked statically (it defines the SDK's classes) is not
    /// read for these selectors, since it carries the SDK's own implementation of them. Google
    /// Play's "Designed for Families" programme and the App Store's Kids category are
    /// store-listing declarations, not part of the bundle. A child-directed flag set from a
    /// non-constant value (a remote config) is taken as set.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) says an app that
    /// ships a conversion-tracking SDK must:
    /// > 5. No children — not in apps directed to children under 13, nor in apps that collect or
    /// > store the age of users under 13.
    ///
    /// An app that flags itself as child-directed to one SDK is directed to children; conversion
    /// tracking and the advertising ids ad networks collect must not be in it.
    ///
    /// ## How to fix
    /// Remove conversion-tracking SDKs from apps directed to children, and build ad SDKs in their
    /// child-directed mode only. If only part of the audience is under 13, keep tracking out of the
    /// sessions of those users (age gate first, tracking SDKs started only for adults) and suppress
    /// the finding in `sdklint.toml` with that reason.
    ///
    /// ## Example
    /// ```text
    /// error  SL501  child-directed-with-tracking  the app is flagged as child-directed (Google Mobile Ads setTagForChildDirectedTreatment(1)) and embeds AppsFlyer, Google Mobile Ads (AdMob / Ad Manager)
    ///        classes.dex: Lcom/example/kids/App;->onCreate()V
    ///        classes.dex: class Lcom/appsflyer/AppsFlyerLib;
    /// ```
    pub static SL501 = {
        code: "SL501",
        name: "child-directed-with-tracking",
        clause: Clause::Children,
        severity: Severity::Error,
        check: check,
    };
}

/// One child-directed signal: a description, whether it is only a weak one, and where.
pub(super) struct Signal {
    what: String,
    /// A signal that alone does not make an app child-directed (a G content rating).
    pub(super) weak: bool,
    location: Location,
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let tracking = cx.inventory.tracking();
    if tracking.is_empty() {
        return Vec::new();
    }
    let found = child_directed(cx);
    if found.is_empty() {
        return Vec::new();
    }
    let weak_only = found.iter().all(|s| s.weak);
    let mut evidence: Vec<Location> = Vec::new();
    for location in found
        .iter()
        .map(|s| s.location.clone())
        .chain(consent_data::first_evidence(&tracking))
    {
        if !evidence.contains(&location) {
            evidence.push(location);
        }
    }
    let mut whats: Vec<&str> = found.iter().map(|s| s.what.as_str()).collect();
    whats.dedup();
    let mut finding = rule.finding(
        format!(
            "the app is flagged as child-directed ({}){} and embeds {}",
            whats.join(", "),
            if weak_only {
                ", a weak signal on its own"
            } else {
                ""
            },
            super::sdk_names(&tracking)
        ),
        tracking.iter().map(|h| h.id.clone()).collect(),
        evidence,
    );
    if weak_only {
        finding.severity = Severity::Warning;
    }
    vec![finding]
}

/// The app's own signals that it is child-directed: calls with a child-directed value, and on iOS
/// child-directed selectors in the app's own binaries. Also read by SL103 (no AD_ID advice to an
/// app for children).
pub(super) fn child_directed(cx: &Context<'_>) -> Vec<Signal> {
    let mut found: Vec<Signal> = consent_data::app_api_calls(cx.facts, cx.inventory)
        .filter_map(|call| signal(call, cx))
        .collect();
    let selectors = consent_data::sdk_selectors(cx, ApiKind::ChildDirected);
    found.extend(
        consent_data::selectors(cx, &selectors, Binaries::AppOwn).map(|(selector, location)| {
            Signal {
                what: format!("selector {selector}"),
                weak: false,
                location,
            }
        }),
    );
    found
}

fn signal(call: &ApiCall, cx: &Context<'_>) -> Option<Signal> {
    let method = consent_data::method_name(call);
    // The SDK whose API was called need not be in the inventory (a stand-in without its classes).
    let sdk = match cx.inventory.get(&call.sdk) {
        Some(hit) => hit.name.as_str(),
        None => cx
            .db
            .get(&call.sdk)
            .map_or(call.sdk.as_str(), |def| def.name.as_str()),
    };
    let sdk = sdk.split(" (").next().unwrap_or(sdk);
    let arg = |i: usize| call.args.get(i).cloned().flatten();
    let string = |i: usize| match arg(i) {
        Some(ArgValue::String(s)) => Some(s),
        _ => None,
    };
    let (what, weak) = match method {
        "setTagForChildDirectedTreatment" => {
            (arg(0) == Some(ArgValue::Int(1))).then(|| (format!("{method}(1)"), false))?
        }
        "setMaxAdContentRating" => {
            (string(0).as_deref() == Some("G")).then(|| (format!("{method}(\"G\")"), true))?
        }
        "setMetaData" => {
            let on = string(0).as_deref() == Some("is_child_directed")
                && string(1).is_some_and(|v| v.eq_ignore_ascii_case("true"));
            on.then(|| (format!("{method}(\"is_child_directed\", \"true\")"), false))?
        }
        "set" if consent_data::class_name(call) == "MetaData" => {
            let mixed = string(0).as_deref() == Some("privacy.mode")
                && string(1).as_deref() == Some("mixed");
            mixed.then(|| {
                (
                    "MetaData.set(\"privacy.mode\", \"mixed\")".to_string(),
                    false,
                )
            })?
        }
        _ if call.kind == ApiKind::ChildDirected => match arg(0) {
            Some(ArgValue::Int(0 | -1)) => return None,
            Some(ArgValue::Int(v)) => (format!("{method}({v})"), false),
            _ => (method.to_string(), false),
        },
        _ => return None,
    };
    Some(Signal {
        what: format!("{sdk} {what}"),
        weak,
        location: call.location.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::consent_data::test_support::{binary, facts_with, run};
    use super::*;
    use crate::facts::code::CallSite;
    use crate::facts::{Facts, Platform};

    const AF: &str = "com.appsflyer.AppsFlyerLib";
    const CHILD: &str = "Lcom/google/android/gms/ads/RequestConfiguration$Builder;->setTagForChildDirectedTreatment(I)Lcom/google/android/gms/ads/RequestConfiguration$Builder;";
    const RATING: &str = "Lcom/google/android/gms/ads/RequestConfiguration$Builder;->setMaxAdContentRating(Ljava/lang/String;)Lcom/google/android/gms/ads/RequestConfiguration$Builder;";

    fn call(facts: &mut Facts, callee: &str, args: Vec<Option<ArgValue>>) {
        facts.call_sites.push(CallSite {
            callee: callee.into(),
            caller: "Lcom/example/App;->onCreate()V".into(),
            args: args.into(),
            location: Location::new("classes.dex", "Lcom/example/App;->onCreate()V"),
        });
    }

    #[test]
    fn tag_values() {
        for (value, fires) in [(1, true), (0, false), (-1, false)] {
            let mut f = facts_with(Platform::Android, &[AF]);
            call(&mut f, CHILD, vec![Some(ArgValue::Int(value))]);
            assert_eq!(run(&SL501, &f).len(), usize::from(fires), "{value}");
        }
        let mut f = facts_with(Platform::Android, &[AF]);
        call(&mut f, CHILD, vec![Some(ArgValue::Int(1))]);
        let findings = run(&SL501, &f);
        assert_eq!(
            findings[0].message,
            "the app is flagged as child-directed (Google Mobile Ads \
             setTagForChildDirectedTreatment(1)) and embeds AppsFlyer"
        );
        assert_eq!(findings[0].severity, Severity::Error);
        assert_eq!(findings[0].sdks, ["appsflyer"]);
        assert_eq!(
            findings[0].evidence,
            [
                Location::new("classes.dex", "Lcom/example/App;->onCreate()V"),
                Location::new("classes.dex", "class com.appsflyer.AppsFlyerLib"),
            ]
        );
    }

    #[test]
    fn rating_g_alone_is_a_warning() {
        let mut f = facts_with(Platform::Android, &[AF]);
        call(&mut f, RATING, vec![Some(ArgValue::String("G".into()))]);
        let findings = run(&SL501, &f);
        assert_eq!(findings[0].severity, Severity::Warning);
        assert!(findings[0].message.contains("a weak signal on its own"));
        let mut f = facts_with(Platform::Android, &[AF]);
        call(&mut f, RATING, vec![Some(ArgValue::String("T".into()))]);
        assert!(run(&SL501, &f).is_empty());
    }

    #[test]
    fn other_sdks_signals() {
        let cases: [(&str, Vec<Option<ArgValue>>, bool); 6] = [
            (
                "Lcom/singular/sdk/Singular;->trackingUnder13()V",
                vec![],
                true,
            ),
            (
                "Lcom/adjust/sdk/AdjustConfig;->setCoppaCompliantEnabled(Z)V",
                vec![Some(ArgValue::Int(0))],
                false,
            ),
            (
                "Lcom/adjust/sdk/AdjustConfig;->setCoppaCompliantEnabled(Z)V",
                vec![None],
                true,
            ),
            (
                "Lcom/ironsource/mediationsdk/IronSource;->setMetaData(Ljava/lang/String;Ljava/lang/String;)V",
                vec![
                    Some(ArgValue::String("is_child_directed".into())),
                    Some(ArgValue::String("TRUE".into())),
                ],
                true,
            ),
            (
                "Lcom/ironsource/mediationsdk/IronSource;->setMetaData(Ljava/lang/String;Ljava/lang/String;)V",
                vec![
                    Some(ArgValue::String("do_not_sell".into())),
                    Some(ArgValue::String("true".into())),
                ],
                false,
            ),
            (
                "Lcom/unity3d/ads/metadata/MetaData;->set(Ljava/lang/String;Ljava/lang/Object;)Z",
                vec![
                    Some(ArgValue::String("privacy.mode".into())),
                    Some(ArgValue::String("mixed".into())),
                ],
                true,
            ),
        ];
        for (callee, args, fires) in cases {
            let mut f = facts_with(Platform::Android, &[AF]);
            call(&mut f, callee, args);
            assert_eq!(run(&SL501, &f).len(), usize::from(fires), "{callee}");
        }
    }

    #[test]
    fn no_tracking_sdk_no_finding_and_ios_selectors() {
        let mut f = facts_with(Platform::Android, &[]);
        call(&mut f, CHILD, vec![Some(ArgValue::Int(1))]);
        assert!(run(&SL501, &f).is_empty());
        let mut f = facts_with(Platform::Ios, &[AF]);
        f.apple_binaries.push(binary(
            "Payload/A.app/Frameworks/GoogleMobileAds.framework/GoogleMobileAds",
            &["setTagForChildDirectedTreatment:"],
        ));
        assert!(run(&SL501, &f).is_empty(), "the SDK's own implementation");
        f.apple_binaries
            .push(binary("Payload/A.app/A", &["setAppForKids:"]));
        let findings = run(&SL501, &f);
        assert_eq!(
            findings[0].evidence[0],
            Location::new("Payload/A.app/A", "arm64: selector setAppForKids:")
        );
    }
}
