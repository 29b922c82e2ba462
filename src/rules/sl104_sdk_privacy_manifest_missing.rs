use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::Platform;
use crate::facts::apple_metadata::AppleBundleKind;

declare_rule! {
    /// ## What it checks
    /// An embedded framework (`Frameworks/X.framework` of an app, or a vendor `.framework` /
    /// `.xcframework` slice) of an SDK that is on Apple's list of commonly used third-party SDKs
    /// (`privacy_manifest_required` in the SDK database: FBSDKCoreKit, FBAEMKit, FBSDKLoginKit,
    /// FBSDKShareKit, FirebaseCrashlytics) that carries no `PrivacyInfo.xcprivacy` of its own.
    /// A manifest anywhere inside the framework counts (including a resource bundle in it), and
    /// so does one in a resource bundle named after the framework elsewhere in the app
    /// (`X.bundle` or `X_Privacy.bundle`, as CocoaPods and SwiftPM package the SDK's resources).
    /// One finding per framework.
    ///
    /// Only the frameworks Apple's list names count ([`APPLE_LISTED`]): an SDK of the database
    /// may ship under other names too, and those are not on the list. In particular the
    /// Fabric-era `Crashlytics.framework` (3.x, bundle id `com.twitter.crashlytics.ios`, with its
    /// `Fabric.framework` core) is not checked: Apple's list names `FirebaseCrashlytics`, and the
    /// Fabric SDK is neither that SDK nor a repackaging of it (it predates it and stopped
    /// reporting when Fabric shut down in 2020 — a reason to replace it, but not this rule's).
    ///
    /// Known blind spot: an SDK on the list linked statically into the app executable has no
    /// framework to look in and is not checked.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) requires:
    /// > 1. Notice — tell users that third parties collect data for conversion tracking and
    /// > interest-based ads;
    ///
    /// The SDK's privacy manifest is what declares its tracking, tracking domains and collected
    /// data in the privacy report and label users see. Since 2024-05-01 App Store Connect rejects
    /// new apps and updates that add an SDK from Apple's list without its manifest (and, for
    /// binary SDKs, its signature).
    ///
    /// ## How to fix
    /// Update the SDK to a version that ships its privacy manifest (Facebook SDK 17.0.0 and
    /// later, Firebase 10.22.0 and later), and make sure the build copies the manifest into the
    /// framework (or its `_Privacy.bundle`).
    ///
    /// ## Example
    /// ```text
    /// error  SL104  sdk-privacy-manifest-missing  FBSDKCoreKit.framework (Meta App Events (Facebook SDK) 16.3.1) has no PrivacyInfo.xcprivacy: Apple requires one for the SDKs on its list of commonly used third-party SDKs
    ///        Payload/Shop.app/Frameworks/FBSDKCoreKit.framework/Info.plist: key CFBundleShortVersionString
    /// ```
    pub static SL104 = {
        code: "SL104",
        name: "sdk-privacy-manifest-missing",
        clause: Clause::Notice,
        severity: Severity::Error,
        check: check,
    };
}

/// The framework names of the database's `privacy_manifest_required` SDKs that Apple's list of
/// commonly used third-party SDKs names (https://developer.apple.com/support/third-party-SDK-requirements/,
/// read 2026-12): the list goes by SDK name, so `Crashlytics` (Fabric) is not `FirebaseCrashlytics`.
pub const APPLE_LISTED: &[&str] = &[
    "FBAEMKit",
    "FBSDKCoreKit",
    "FBSDKLoginKit",
    "FBSDKShareKit",
    "FirebaseCrashlytics",
];

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let facts = cx.facts;
    if facts.platform != Platform::Ios {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for hit in cx
        .inventory
        .sdks
        .iter()
        .filter(|h| h.privacy_manifest_required)
    {
        for path in &hit.embedded_frameworks {
            let Some(fw) = facts.apple.frameworks.iter().find(|f| &f.path == path) else {
                continue;
            };
            if !APPLE_LISTED.contains(&fw.name.as_str()) {
                continue;
            }
            if fw.has_privacy_manifest || in_resource_bundle(facts, &fw.name) {
                continue;
            }
            let version = fw
                .version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default();
            findings.push(rule.finding(
                format!(
                    "{}.framework ({}{version}) has no PrivacyInfo.xcprivacy: Apple requires one for the SDKs on its list of commonly used third-party SDKs",
                    fw.name, hit.name
                ),
                vec![hit.id.clone()],
                vec![fw.location.clone()],
            ));
        }
    }
    findings
}

/// A privacy manifest in a resource bundle `NAME.bundle` or `NAME_Privacy.bundle`.
fn in_resource_bundle(facts: &crate::facts::Facts, name: &str) -> bool {
    facts.apple.privacy_manifests.iter().any(|m| {
        m.owner_kind == AppleBundleKind::ResourceBundle
            && m.owner
                .rsplit('/')
                .next()
                .and_then(|dir| dir.strip_suffix(".bundle"))
                .is_some_and(|stem| stem == name || stem.strip_suffix("_Privacy") == Some(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facts::apple_metadata::{EmbeddedFramework, FrameworkKind, PrivacyManifestFact};
    use crate::facts::{BundleFormat, Facts, Location};
    use crate::inventory::{Inventory, SdkDb};

    /// An app embedding FBSDKCoreKit without a manifest inside it, plus a resource bundle.
    fn run(bundle: Option<&str>) -> usize {
        run_framework("FBSDKCoreKit", bundle)
    }

    /// An app embedding framework `name` without a manifest inside it, plus a resource bundle.
    fn run_framework(name: &str, bundle: Option<&str>) -> usize {
        let mut facts = Facts::new("Shop.ipa", Platform::Ios, BundleFormat::Ipa);
        let path = format!("Payload/Shop.app/Frameworks/{name}.framework");
        facts.apple.frameworks.push(EmbeddedFramework {
            owner: "Payload/Shop.app".to_string(),
            name: name.to_string(),
            kind: FrameworkKind::Framework,
            bundle_id: None,
            version: None,
            has_privacy_manifest: false,
            location: Location::new(format!("{path}/Info.plist"), "Info.plist"),
            path,
        });
        if let Some(dir) = bundle {
            let owner = format!("Payload/Shop.app/{dir}");
            facts.apple.privacy_manifests.push(PrivacyManifestFact {
                owner_kind: AppleBundleKind::ResourceBundle,
                manifest: Some(Default::default()),
                error: None,
                location: Location::new(
                    format!("{owner}/PrivacyInfo.xcprivacy"),
                    "PrivacyInfo.xcprivacy",
                ),
                owner,
            });
        }
        let inventory = Inventory::build(SdkDb::builtin(), &facts);
        let config = Config::default();
        SL104
            .check(&Context {
                facts: &facts,
                inventory: &inventory,
                db: SdkDb::builtin(),
                config: &config,
            })
            .len()
    }

    #[test]
    fn a_resource_bundle_named_after_the_framework_counts() {
        assert_eq!(run(None), 1);
        assert_eq!(run(Some("FBSDKCoreKit_Privacy.bundle")), 0);
        assert_eq!(run(Some("FBSDKCoreKit.bundle")), 0);
        assert_eq!(run(Some("ShopKit_Privacy.bundle")), 1);
        assert_eq!(run(Some("FBSDKCoreKitX_Privacy.bundle")), 1);
    }

    /// Fabric's Crashlytics.framework is the `crashlytics` SDK but not on Apple's list, which
    /// names FirebaseCrashlytics.
    #[test]
    fn fabric_crashlytics_is_not_on_apples_list() {
        assert_eq!(run_framework("FirebaseCrashlytics", None), 1);
        assert_eq!(run_framework("Crashlytics", None), 0);
    }

    /// Every SDK flagged `privacy_manifest_required` ships at least one framework Apple lists:
    /// otherwise the flag could never fire.
    #[test]
    fn every_required_sdk_has_a_listed_framework() {
        for sdk in SdkDb::builtin()
            .iter()
            .filter(|s| s.privacy_manifest_required)
        {
            let frameworks = &sdk.ios.as_ref().unwrap().frameworks;
            assert!(
                frameworks
                    .iter()
                    .any(|f| APPLE_LISTED.contains(&f.as_str())),
                "{}: {frameworks:?}",
                sdk.id
            );
        }
    }
}
