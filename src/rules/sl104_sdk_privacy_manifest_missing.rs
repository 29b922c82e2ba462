use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::Platform;
use crate::facts::apple_metadata::{AppleBundleKind, FrameworkKind};
use crate::inventory::apple_list;

declare_rule! {
    /// ## What it checks
    /// An embedded framework (`Frameworks/X.framework` of an app, or a vendor `.framework` /
    /// `.xcframework` slice) that is on Apple's list of commonly used third-party SDKs and
    /// carries no `PrivacyInfo.xcprivacy` of its own. The list is
    /// `src/inventory/data/apple_required_frameworks.toml`, all 86 entries by framework name:
    /// those of SDKs in the database (FBSDKCoreKit, FBAEMKit, FBSDKCoreKit_Basics, FBSDKLoginKit,
    /// FBSDKShareKit, FirebaseCrashlytics, GoogleSignIn, OneSignal, OneSignalCore, …; their
    /// `privacy_manifest_required`) and those of no SDK here (Alamofire, AFNetworking, FMDB,
    /// FirebaseCore, GoogleUtilities, nanopb, Flutter, UnityFramework, hermes, the Flutter
    /// plugins, …). A framework of a listed SDK that the list does not name (AppsFlyer's,
    /// the pre-Firebase `Crashlytics`) is not checked.
    /// A manifest anywhere inside the framework counts (including a resource bundle in it), and
    /// so does one in a resource bundle named after the framework elsewhere in the app
    /// (`X.bundle` or `X_Privacy.bundle`, as CocoaPods and SwiftPM package the SDK's resources).
    /// One finding per framework.
    ///
    /// Only the names on Apple's list count: an SDK of the database may ship under other names
    /// too. In particular the Fabric-era `Crashlytics.framework` (3.x, bundle id
    /// `com.twitter.crashlytics.ios`, with its `Fabric.framework` core) is not checked: Apple's
    /// list names `FirebaseCrashlytics`, and the Fabric SDK is neither that SDK nor a repackaging
    /// of it (it predates it and stopped reporting when Fabric shut down in 2020 — a reason to
    /// replace it, but not this rule's).
    ///
    /// Known blind spots: an SDK on the list linked statically into the app executable has no
    /// framework to look in and is not checked; a framework renamed by whoever repackaged it is
    /// checked only under the names the list gives (FirebaseBoringSSL for BoringSSL).
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

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let facts = cx.facts;
    if facts.platform != Platform::Ios {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for fw in facts
        .apple
        .frameworks
        .iter()
        .filter(|f| f.kind == FrameworkKind::Framework)
    {
        let Some(entry) = apple_list::listed(&fw.name) else {
            continue;
        };
        if fw.has_privacy_manifest || in_resource_bundle(facts, &fw.name) {
            continue;
        }
        let version = fw
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        // The SDK of the database that owns the framework, if any, names it; a framework of the
        // list that is no SDK of ours (Alamofire) is named by the list's entry.
        let owner = cx
            .inventory
            .sdks
            .iter()
            .find(|h| h.embedded_frameworks.contains(&fw.path));
        let (what, sdks) = match owner {
            Some(hit) => (format!("{}{version}", hit.name), vec![hit.id.clone()]),
            None => (format!("{}{version}", entry.name), Vec::new()),
        };
        findings.push(rule.finding(
            format!(
                "{}.framework ({what}) has no PrivacyInfo.xcprivacy: Apple requires one for the SDKs on its list of commonly used third-party SDKs",
                fw.name
            ),
            sdks,
            vec![fw.location.clone()],
        ));
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
    use crate::facts::apple_metadata::{EmbeddedFramework, PrivacyManifestFact};
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

    /// Fabric's Crashlytics.framework is the `crashlytics` SDK but not on Apple's list, which
    /// names FirebaseCrashlytics.
    #[test]
    fn fabric_crashlytics_is_not_on_apples_list() {
        assert_eq!(run_framework("FirebaseCrashlytics", None), 1);
        assert_eq!(run_framework("Crashlytics", None), 0);
    }

    #[test]
    fn a_resource_bundle_named_after_the_framework_counts() {
        assert_eq!(run(None), 1);
        assert_eq!(run(Some("FBSDKCoreKit_Privacy.bundle")), 0);
        assert_eq!(run(Some("FBSDKCoreKit.bundle")), 0);
        assert_eq!(run(Some("ShopKit_Privacy.bundle")), 1);
        assert_eq!(run(Some("FBSDKCoreKitX_Privacy.bundle")), 1);
    }

    /// Frameworks of Apple's list that no SDK of the database owns are checked by name; others
    /// are not.
    #[test]
    fn listed_frameworks_of_no_sdk_are_checked_by_name() {
        let mut facts = Facts::new("Shop.ipa", Platform::Ios, BundleFormat::Ipa);
        for (name, version) in [
            ("Alamofire", Some("5.8.1")),
            ("absl", None),
            ("ShopKit", None),
        ] {
            let path = format!("Payload/Shop.app/Frameworks/{name}.framework");
            facts.apple.frameworks.push(EmbeddedFramework {
                owner: "Payload/Shop.app".to_string(),
                name: name.to_string(),
                kind: FrameworkKind::Framework,
                bundle_id: None,
                version: version.map(str::to_string),
                has_privacy_manifest: false,
                location: Location::new(format!("{path}/Info.plist"), "Info.plist"),
                path,
            });
        }
        let inventory = Inventory::build(SdkDb::builtin(), &facts);
        let config = Config::default();
        let findings = SL104.check(&Context {
            facts: &facts,
            inventory: &inventory,
            db: SdkDb::builtin(),
            config: &config,
        });
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Alamofire.framework (Alamofire 5.8.1) has no PrivacyInfo.xcprivacy: Apple requires \
                 one for the SDKs on its list of commonly used third-party SDKs",
                "absl.framework (Abseil) has no PrivacyInfo.xcprivacy: Apple requires one for the \
                 SDKs on its list of commonly used third-party SDKs",
            ]
        );
        assert!(findings.iter().all(|f| f.sdks.is_empty()));
    }
}
