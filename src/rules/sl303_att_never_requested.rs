use super::apple::{is_ios_app, main_executable};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};

/// The framework that holds `ATTrackingManager`.
pub const ATT_FRAMEWORK: &str = "AppTrackingTransparency";
/// The selector that shows the App Tracking Transparency prompt (Swift's async
/// `requestTrackingAuthorization()` compiles to it too).
pub const ATT_REQUEST: &str = "requestTrackingAuthorizationWithCompletionHandler:";

declare_rule! {
    /// ## What it checks
    /// An iOS app that embeds a tracking SDK (conversion tracking or advertising) but never asks
    /// for App Tracking Transparency permission: no binary of the bundle (the app, its
    /// extensions, its frameworks) links `AppTrackingTransparency.framework`, or none sends the
    /// selector `requestTrackingAuthorizationWithCompletionHandler:`.
    ///
    /// The link counts whether normal or weak; the selector counts in any binary, so an SDK that
    /// shows the prompt itself satisfies the rule. A selector built at run time from a string
    /// (`NSSelectorFromString`) counts when that string is among the bundle's strings. Known
    /// blind spot: a request made from JavaScript or another runtime that reaches ATT only
    /// through a plugin binary the bundle does not contain.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) requires:
    /// > 2. Consent — obtain consent before that collection;
    ///
    /// On iOS the App Tracking Transparency prompt is how an app obtains consent to track. An
    /// app that never shows it has not obtained consent, whatever its SDKs collect.
    ///
    /// ## How to fix
    /// Link `AppTrackingTransparency` and request permission before starting the SDK (or let the
    /// SDK wait for the answer, e.g. AppsFlyer's `waitForATTUserAuthorizationWithTimeoutInterval:`):
    /// ```swift
    /// ATTrackingManager.requestTrackingAuthorization { status in
    ///     AppsFlyerLib.shared().start()
    /// }
    /// ```
    ///
    /// ## Example
    /// ```text
    /// error  SL303  att-never-requested  AppsFlyer embedded, but no binary links AppTrackingTransparency
    ///        Payload/Shop.app/Shop: searched 2 Mach-O images for AppTrackingTransparency and requestTrackingAuthorizationWithCompletionHandler:
    /// ```
    pub static SL303 = {
        code: "SL303",
        name: "att-never-requested",
        clause: Clause::Consent,
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
    if tracking.is_empty() {
        return Vec::new();
    }
    let binaries = &facts.apple_binaries;
    let linked = binaries.iter().any(|b| {
        b.linked_libraries
            .iter()
            .any(|l| l.framework() == Some(ATT_FRAMEWORK))
    });
    let requested = binaries.iter().any(|b| b.has_selector(ATT_REQUEST))
        || facts.strings.iter().any(|s| s.value == ATT_REQUEST);
    let why = match (linked, requested) {
        (true, true) => return Vec::new(),
        (false, _) => format!("no binary links {ATT_FRAMEWORK}"),
        (true, false) => format!("no binary sends {ATT_REQUEST}"),
    };
    // The SDKs are named in the message; the evidence is where the request was looked for.
    let mut evidence: Vec<_> = main_executable(facts).into_iter().collect();
    if let Some(main) = evidence.first_mut() {
        main.locator = format!(
            "searched {} for {ATT_FRAMEWORK} and {ATT_REQUEST}",
            super::searched::count(binaries.len(), "Mach-O image")
        )
        .into();
    }
    vec![rule.finding(
        format!("{} embedded, but {why}", super::sdk_names(&tracking)),
        tracking.iter().map(|h| h.id.clone()).collect(),
        evidence,
    )]
}
