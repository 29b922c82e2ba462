//! What the iOS rules (SL104, SL201–SL204, SL303, SL603, SL302's Info.plist keys) share: which
//! bundles count as an app, which SDKs count as tracking, privacy-manifest and domain helpers.

use crate::facts::apple_binary::BinaryKind;
use crate::facts::apple_metadata::PrivacyManifest;
use crate::facts::apple_metadata::{AppleBundleKind, PrivacyManifestFact};
use crate::facts::{Facts, Location, Platform};
use crate::inventory::SdkHit;

/// An iOS app (`.ipa`, `.app`, `.xcarchive`): the bundles the app-level rules judge. A vendor
/// `.framework`, `.xcframework`, static library or bare Mach-O has no app Info.plist, no app
/// privacy manifest and no app executable to judge.
pub(crate) fn is_ios_app(facts: &Facts) -> bool {
    facts.platform == Platform::Ios && facts.is_app()
}

/// The readable privacy manifests of the bundle, with their facts.
pub(crate) fn manifests(
    facts: &Facts,
) -> impl Iterator<Item = (&PrivacyManifestFact, &PrivacyManifest)> {
    facts
        .apple
        .privacy_manifests
        .iter()
        .filter_map(|m| m.manifest.as_ref().map(|manifest| (m, manifest)))
}

/// The main app bundle's Info.plist, when the bundle has one.
pub(crate) fn main_info_plist(facts: &Facts) -> Option<Location> {
    facts
        .apple
        .bundles
        .iter()
        .find(|b| b.kind == AppleBundleKind::App)
        .map(|b| b.location.clone())
}

/// The main app's executable image (its first slice), else the first executable of the bundle.
pub(crate) fn main_executable(facts: &Facts) -> Option<Location> {
    let main = facts
        .apple
        .bundles
        .iter()
        .find(|b| b.kind == AppleBundleKind::App)
        .and_then(|b| b.executable.as_ref());
    let executables = || {
        facts
            .apple_binaries
            .iter()
            .filter(|b| b.kind == BinaryKind::Executable)
    };
    executables()
        .find(|b| Some(&b.path) == main)
        .or_else(|| executables().next())
        .map(|b| b.location.clone())
}

/// The first evidence of each SDK, in order.
pub(crate) fn sdk_evidence<'a>(hits: impl IntoIterator<Item = &'a SdkHit>) -> Vec<Location> {
    hits.into_iter()
        .filter_map(|h| h.evidence.first().cloned())
        .collect()
}

/// The host of an `NSPrivacyTrackingDomains` entry or URL, lowercase: a scheme (`https://`), a
/// path, a port, a leading `*.` or `.` and a trailing `.` are dropped. Real manifests write
/// `https://att-launches.appsflyersdk.com` as often as the bare host Apple documents.
pub(crate) fn host(entry: &str) -> String {
    let s = entry.trim();
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let s = s.split(['/', '?', '#']).next().unwrap_or("");
    let s = s.rsplit_once('@').map_or(s, |(_, host)| host);
    let s = s.split(':').next().unwrap_or("");
    let s = s.trim_start_matches("*.").trim_matches('.');
    s.to_ascii_lowercase()
}

/// Whether a declared tracking domain and an SDK domain name the same hosts: equal, or one a
/// subdomain of the other (`att-launches.appsflyersdk.com` and `appsflyersdk.com` both ways).
pub(crate) fn domains_overlap(declared: &str, sdk_domain: &str) -> bool {
    let sub = |a: &str, b: &str| {
        a.len() > b.len() && a.ends_with(b) && a[..a.len() - b.len()].ends_with('.')
    };
    !declared.is_empty()
        && (declared == sdk_domain || sub(declared, sdk_domain) || sub(sdk_domain, declared))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_tracking_domain_entries() {
        assert_eq!(
            host("https://att-launches.appsflyersdk.com"),
            "att-launches.appsflyersdk.com"
        );
        assert_eq!(host("app.adjust.com"), "app.adjust.com");
        assert_eq!(
            host("HTTPS://Graph.Facebook.com/v17.0/"),
            "graph.facebook.com"
        );
        assert_eq!(host("*.branch.io"), "branch.io");
        assert_eq!(host("user@host.example.com:443"), "host.example.com");
        assert_eq!(host(""), "");
    }

    #[test]
    fn subdomain_aware_overlap() {
        assert!(domains_overlap(
            "att-launches.appsflyersdk.com",
            "appsflyersdk.com"
        ));
        assert!(domains_overlap("appsflyersdk.com", "appsflyersdk.com"));
        assert!(domains_overlap("adjust.com", "app.adjust.com"));
        assert!(!domains_overlap("notappsflyersdk.com", "appsflyersdk.com"));
        assert!(!domains_overlap(
            "appsflyersdk.com.evil",
            "appsflyersdk.com"
        ));
        assert!(!domains_overlap("", "appsflyersdk.com"));
    }
}
