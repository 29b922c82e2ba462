use std::sync::OnceLock;

use super::apple::{domains_overlap, host, is_ios_app, manifests};
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::Location;

/// SKAdNetwork postback endpoints: data, one domain per line (see the file).
const POSTBACK_DOMAINS: &str = include_str!("data/skadnetwork_postback_domains.txt");

declare_rule! {
    /// ## What it checks
    /// An iOS app that embeds a tracking SDK (conversion tracking or advertising) with known
    /// domains (`domains` in the SDK database) while none of those domains is covered by any
    /// `NSPrivacyTrackingDomains` entry of any privacy manifest in the bundle (the app's, the
    /// SDK's own, a resource bundle's). One finding per SDK.
    ///
    /// Covering is subdomain-aware both ways: the declared `att-launches.appsflyersdk.com` covers
    /// the SDK domain `appsflyersdk.com` and the other way round. Entries written as URLs
    /// (`https://host/path`, as some vendors ship them) count by their host. SKAdNetwork postback
    /// endpoints (`src/rules/data/skadnetwork_postback_domains.txt`) are left out: Apple, not the
    /// app, contacts them.
    ///
    /// Known blind spots: an SDK is satisfied as soon as one of its domains is declared, so a
    /// manifest that lists some of its hosts but not others passes (database domains span SDK
    /// generations, and requiring all of them would flag vendors' own current manifests); hosts
    /// not in the database, or configured at run time (CNAME / custom domains), are not seen.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) requires:
    /// > 1. Notice — tell users that third parties collect data for conversion tracking and
    /// > interest-based ads;
    ///
    /// `NSPrivacyTrackingDomains` is how the bundle tells iOS (and through the privacy report, the
    /// user) which hosts receive tracking data. iOS blocks connections to declared tracking
    /// domains until the user allows tracking in the App Tracking Transparency prompt; an
    /// undeclared domain receives data with no notice and whatever the user answered.
    ///
    /// ## How to fix
    /// Update the SDK to a version whose own privacy manifest lists its tracking domains, or list
    /// them in the app's `PrivacyInfo.xcprivacy`:
    /// ```xml
    /// <key>NSPrivacyTrackingDomains</key>
    /// <array>
    ///     <string>att-launches.appsflyersdk.com</string>
    /// </array>
    /// ```
    ///
    /// ## Example
    /// ```text
    /// warning  SL203  tracking-domains-undeclared  AppsFlyer sends data to appsflyer.com, appsflyersdk.com, but no privacy manifest lists any of them in NSPrivacyTrackingDomains
    ///          Payload/Shop.app/Frameworks/AppsFlyerLib.framework/Info.plist: key CFBundleShortVersionString
    ///          Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib: arm64: __cstring+0xe3
    /// ```
    pub static SL203 = {
        code: "SL203",
        name: "tracking-domains-undeclared",
        clause: Clause::Notice,
        severity: Severity::Warning,
        check: check,
    };
}

fn postback_domains() -> &'static [String] {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        POSTBACK_DOMAINS
            .lines()
            .map(|l| {
                l.split('#')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .filter(|l| !l.is_empty())
            .collect()
    })
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let facts = cx.facts;
    if !is_ios_app(facts) {
        return Vec::new();
    }
    let declared: Vec<String> = manifests(facts)
        .flat_map(|(_, m)| m.tracking_domains.iter().map(|d| host(d)))
        .filter(|d| !d.is_empty())
        .collect();
    let mut findings = Vec::new();
    for hit in cx.inventory.tracking() {
        let domains: Vec<&str> = hit
            .domains
            .iter()
            .map(String::as_str)
            .filter(|d| !postback_domains().iter().any(|p| domains_overlap(d, p)))
            .collect();
        if domains.is_empty() {
            continue;
        }
        let covered = domains
            .iter()
            .any(|d| declared.iter().any(|t| domains_overlap(t, d)));
        if covered {
            continue;
        }
        let mut evidence: Vec<Location> = hit.evidence.first().cloned().into_iter().collect();
        // A string in the bundle naming one of the hosts: the SDK's own endpoint, when present.
        if let Some(s) = facts
            .strings
            .iter()
            .find(|s| domains.iter().any(|d| domains_overlap(&host(&s.value), d)))
        {
            evidence.push(s.location.clone());
        }
        findings.push(rule.finding(
            format!(
                "{} sends data to {}, but no privacy manifest lists any of them in NSPrivacyTrackingDomains",
                hit.name,
                domains.join(", ")
            ),
            vec![hit.id.clone()],
            evidence,
        ));
    }
    findings
}
