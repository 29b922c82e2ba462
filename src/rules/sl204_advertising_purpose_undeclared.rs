use super::apple::{is_ios_app, manifests, sdk_evidence};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::inventory::Category;

/// The purposes that say collected data serves advertising.
pub const ADVERTISING_PURPOSES: &[&str] = &[
    "NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising",
    "NSPrivacyCollectedDataTypePurposeDeveloperAdvertising",
];

declare_rule! {
    /// ## What it checks
    /// An iOS app that embeds an attribution SDK (category `attribution`: AppsFlyer, Adjust,
    /// Branch, …) while no collected data type in any privacy manifest of the bundle (the app's,
    /// the SDKs', resource bundles') has the purpose
    /// `NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising` or
    /// `NSPrivacyCollectedDataTypePurposeDeveloperAdvertising`.
    ///
    /// Blind spot: the rule does not check which data type carries the purpose (an attribution
    /// SDK typically collects the device id and product interaction); any advertising purpose
    /// anywhere satisfies it.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) requires:
    /// > 1. Notice — tell users that third parties collect data for conversion tracking and
    /// > interest-based ads;
    ///
    /// Attribution SDKs collect install and in-app event data to measure and target advertising.
    /// The privacy manifests' purposes become the App Store privacy label's "Third-Party
    /// Advertising" and "Developer's Advertising or Marketing" lines; without one, the label tells
    /// users their data is not used for ads.
    ///
    /// ## How to fix
    /// Declare the data the SDK collects with an advertising purpose in the app's
    /// `PrivacyInfo.xcprivacy`, or update the SDK to a version whose own manifest does:
    /// ```xml
    /// <dict>
    ///     <key>NSPrivacyCollectedDataType</key>
    ///     <string>NSPrivacyCollectedDataTypeDeviceID</string>
    ///     <key>NSPrivacyCollectedDataTypeLinked</key>
    ///     <false/>
    ///     <key>NSPrivacyCollectedDataTypeTracking</key>
    ///     <true/>
    ///     <key>NSPrivacyCollectedDataTypePurposes</key>
    ///     <array>
    ///         <string>NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising</string>
    ///     </array>
    /// </dict>
    /// ```
    ///
    /// ## Example
    /// ```text
    /// warning  SL204  advertising-purpose-undeclared  AppsFlyer (attribution) embedded, but no privacy manifest declares data collected for third-party or developer advertising
    ///          Payload/Shop.app/PrivacyInfo.xcprivacy: PrivacyInfo.xcprivacy
    /// ```
    pub static SL204 = {
        code: "SL204",
        name: "advertising-purpose-undeclared",
        clause: Clause::Notice,
        severity: Severity::Warning,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let facts = cx.facts;
    if !is_ios_app(facts) {
        return Vec::new();
    }
    let attribution: Vec<_> = cx
        .inventory
        .sdks
        .iter()
        .filter(|h| h.categories.contains(&Category::Attribution))
        .collect();
    if attribution.is_empty() {
        return Vec::new();
    }
    let declared = manifests(facts).any(|(_, m)| {
        m.collected_data_types.iter().any(|t| {
            t.purposes
                .iter()
                .any(|p| ADVERTISING_PURPOSES.contains(&p.as_str()))
        })
    });
    if declared {
        return Vec::new();
    }
    let mut evidence: Vec<_> = facts
        .apple
        .privacy_manifests
        .iter()
        .map(|m| m.location.clone())
        .collect();
    evidence.extend(sdk_evidence(attribution.iter().copied()));
    vec![rule.finding(
        format!(
            "{} (attribution) embedded, but no privacy manifest declares data collected for third-party or developer advertising",
            super::sdk_names(&attribution)
        ),
        attribution.iter().map(|h| h.id.clone()).collect(),
        evidence,
    )]
}
