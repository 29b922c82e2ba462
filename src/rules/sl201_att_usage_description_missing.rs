use super::apple::{is_ios_app, main_info_plist};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};

/// The Info.plist key whose text the App Tracking Transparency prompt shows.
pub const ATT_USAGE_KEY: &str = "NSUserTrackingUsageDescription";

declare_rule! {
    /// ## What it checks
    /// An iOS app (`.ipa`, `.app`, `.xcarchive`) that embeds a conversion-tracking SDK but has no
    /// `NSUserTrackingUsageDescription`: neither in its Info.plist nor in any
    /// `<locale>.lproj/InfoPlist.strings`. A description that is empty or only whitespace counts
    /// as missing. Any bundle of the app counts (the app and its extensions).
    ///
    /// Blind spot: the description must be the one the app ships; a text the app sets some other
    /// way (there is none on iOS) or one in an `InfoPlist.strings` that could not be read is not
    /// seen (an unreadable file is reported as an error, SL902).
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) requires:
    /// > 1. Notice — tell users that third parties collect data for conversion tracking and
    /// > interest-based ads;
    ///
    /// On iOS the App Tracking Transparency prompt is where that notice reaches the user before
    /// tracking starts, and its text is `NSUserTrackingUsageDescription`. Without it the prompt
    /// cannot be shown: iOS terminates an app that calls
    /// `requestTrackingAuthorizationWithCompletionHandler:` without the key, the SDK never gets the
    /// advertising id, and App Review rejects the build.
    ///
    /// ## How to fix
    /// Add the key to Info.plist, saying who collects what and why, and localize it in each
    /// `InfoPlist.strings`:
    /// ```xml
    /// <key>NSUserTrackingUsageDescription</key>
    /// <string>We and our partners use your device's advertising identifier to measure which ads brought you to the app.</string>
    /// ```
    ///
    /// ## Example
    /// ```text
    /// error  SL201  att-usage-description-missing  AppsFlyer embedded, but NSUserTrackingUsageDescription is in neither Info.plist nor any InfoPlist.strings
    ///        Payload/Shop.app/Info.plist: searched Info.plist and the usage descriptions of 2 InfoPlist.strings files for NSUserTrackingUsageDescription
    /// ```
    pub static SL201 = {
        code: "SL201",
        name: "att-usage-description-missing",
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
    let tracking: Vec<_> = cx.inventory.conversion_tracking().collect();
    if tracking.is_empty() {
        return Vec::new();
    }
    let described = facts
        .apple
        .usage_description(ATT_USAGE_KEY)
        .any(|u| !u.value.trim().is_empty());
    if described {
        return Vec::new();
    }
    // The SDKs are named in the message; the evidence is where the key was looked for.
    let mut evidence: Vec<_> = main_info_plist(facts).into_iter().collect();
    let strings = facts
        .apple
        .usage_descriptions
        .iter()
        .filter(|u| u.location.file.ends_with(".strings"))
        .map(|u| u.location.file.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if let Some(plist) = evidence.first_mut() {
        plist.locator = format!(
            "searched Info.plist and the usage descriptions of {strings} InfoPlist.strings files for {ATT_USAGE_KEY}"
        ).into();
    }
    vec![rule.finding(
        format!(
            "{} embedded, but {ATT_USAGE_KEY} is in neither Info.plist nor any InfoPlist.strings",
            super::sdk_names(&tracking)
        ),
        tracking.iter().map(|h| h.id.clone()).collect(),
        evidence,
    )]
}
