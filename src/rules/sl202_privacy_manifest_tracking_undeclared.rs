use super::apple::{is_ios_app, manifests, sdk_evidence};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An iOS app that embeds a tracking SDK (a conversion-tracking SDK, or an advertising SDK)
    /// while no privacy manifest in the bundle — the app's, a framework's or a resource bundle's
    /// `PrivacyInfo.xcprivacy` — declares `NSPrivacyTracking` true. Every readable manifest counts,
    /// since Apple merges the app's and its SDKs' manifests into one privacy report; an unreadable
    /// one counts as not declaring (it is reported as an error, SL902).
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) requires:
    /// > 1. Notice — tell users that third parties collect data for conversion tracking and
    /// > interest-based ads;
    ///
    /// The privacy manifests feed the App Store privacy label ("Data Used to Track You") and the
    /// privacy report: the notice iOS users see before they install. Conversion tracking through
    /// an attribution or ad SDK is tracking in Apple's sense (linking app data with third parties'
    /// for advertising or measurement), so an app whose manifests all deny tracking gives users no
    /// notice of it.
    ///
    /// ## How to fix
    /// Declare tracking in the app's `PrivacyInfo.xcprivacy` (or update the SDK to a version that
    /// ships a manifest that does):
    /// ```xml
    /// <key>NSPrivacyTracking</key>
    /// <true/>
    /// ```
    ///
    /// ## Example
    /// ```text
    /// error  SL202  privacy-manifest-tracking-undeclared  AppsFlyer embedded, but no privacy manifest declares NSPrivacyTracking true (1 manifest read)
    ///        Payload/Shop.app/PrivacyInfo.xcprivacy: PrivacyInfo.xcprivacy
    /// ```
    pub static SL202 = {
        code: "SL202",
        name: "privacy-manifest-tracking-undeclared",
        clause: Clause::Notice,
        severity: Severity::Error,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let facts = cx.facts;
    if !is_ios_app(facts) {
        return Vec::new();
    }
    let tracking = cx.inventory.tracking();
    if tracking.is_empty() || manifests(facts).any(|(_, m)| m.tracking == Some(true)) {
        return Vec::new();
    }
    let all = &facts.apple.privacy_manifests;
    let mut evidence: Vec<_> = all.iter().map(|m| m.location.clone()).collect();
    evidence.extend(sdk_evidence(tracking.iter().copied()));
    let read = match all.len() {
        0 => "the bundle has no privacy manifest".to_string(),
        1 => "1 manifest read".to_string(),
        n => format!("{n} manifests read"),
    };
    vec![rule.finding(
        format!(
            "{} embedded, but no privacy manifest declares NSPrivacyTracking true ({read})",
            super::sdk_names(&tracking)
        ),
        tracking.iter().map(|h| h.id.clone()).collect(),
        evidence,
    )]
}
