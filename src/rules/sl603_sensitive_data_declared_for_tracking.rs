use super::sl204_advertising_purpose_undeclared::ADVERTISING_PURPOSES;
use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::{Location, Platform};

/// Apple's collected data types that fall in the policy's sensitive categories (health, genetic
/// or biometric data, negative financial status), without their `NSPrivacyCollectedDataType`
/// prefix.
pub const SENSITIVE_TYPES: &[(&str, &str)] = &[
    ("Health", "health"),
    ("Fitness", "health"),
    ("SensitiveInfo", "sensitive information"),
    ("CreditInfo", "financial"),
    ("OtherFinancialInfo", "financial"),
];

declare_rule! {
    /// ## What it checks
    /// A privacy manifest (the app's, an SDK framework's, a resource bundle's; also in a vendor
    /// `.framework` or `.xcframework`) that declares a sensitive collected data type —
    /// `NSPrivacyCollectedDataTypeHealth`, `…Fitness`, `…SensitiveInfo` (racial or ethnic
    /// origin, sexual orientation, pregnancy, disability, religious or philosophical beliefs,
    /// trade-union membership, political opinion, genetic or biometric data), `…CreditInfo` or
    /// `…OtherFinancialInfo` — with `NSPrivacyCollectedDataTypeTracking` true or with an
    /// advertising purpose (`…PurposeThirdPartyAdvertising`, `…PurposeDeveloperAdvertising`).
    /// One finding per declaration. It names the SDK whose framework holds the manifest, or, for
    /// the app's own manifest, the tracking SDKs the app embeds.
    ///
    /// The manifest is the app's own statement; the rule does not judge whether the data really
    /// reaches an ad platform. Apple's `…SensitiveInfo` lumps several policy categories together,
    /// so the message names it as is.
    ///
    /// ## Why
    /// X's conversion tracking and custom audiences policy (sdklint's summary) requires:
    /// > 4. No sensitive categories — no conversion events or audiences built on crime, health,
    /// > genetic or biometric data, negative financial status, political views, racial or ethnic
    /// > origin, religion or philosophy, sex life, trade-union membership (US-only data is an
    /// > exception for trade-union membership, and for political views where the advertiser is
    /// > certified for US political ads);
    ///
    /// Data declared as used for tracking or advertising is data the app lets SDKs turn into
    /// conversion events and audiences.
    ///
    /// ## How to fix
    /// Stop sending the sensitive data to tracking and advertising SDKs, then correct the
    /// manifest: `NSPrivacyCollectedDataTypeTracking` false and only non-advertising purposes
    /// (such as `NSPrivacyCollectedDataTypePurposeAppFunctionality`) for that data type. If the
    /// declaration is in an SDK's manifest, configure the SDK not to collect it or replace it.
    ///
    /// ## Example
    /// ```text
    /// error  SL603  sensitive-data-declared-for-tracking  Payload/Shop.app declares NSPrivacyCollectedDataTypeHealth (health) used for tracking, third-party advertising
    ///        Payload/Shop.app/PrivacyInfo.xcprivacy: NSPrivacyCollectedDataTypes[1] NSPrivacyCollectedDataTypeHealth
    /// ```
    pub static SL603 = {
        code: "SL603",
        name: "sensitive-data-declared-for-tracking",
        clause: Clause::Sensitive,
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
    for fact in &facts.apple.privacy_manifests {
        let Some(manifest) = &fact.manifest else {
            continue;
        };
        for (i, t) in manifest.collected_data_types.iter().enumerate() {
            let Some(short) = t.data_type.strip_prefix("NSPrivacyCollectedDataType") else {
                continue;
            };
            let Some(&(_, category)) = SENSITIVE_TYPES.iter().find(|(s, _)| *s == short) else {
                continue;
            };
            let mut uses = Vec::new();
            if t.tracking == Some(true) {
                uses.push("tracking".to_string());
            }
            for p in &t.purposes {
                if ADVERTISING_PURPOSES.contains(&p.as_str()) {
                    let purpose = p.trim_start_matches("NSPrivacyCollectedDataTypePurpose");
                    uses.push(match purpose {
                        "ThirdPartyAdvertising" => "third-party advertising".to_string(),
                        "DeveloperAdvertising" => "developer advertising".to_string(),
                        other => other.to_string(),
                    });
                }
            }
            if uses.is_empty() {
                continue;
            }
            let owner_sdk = cx.inventory.sdks.iter().find(|h| {
                h.embedded_frameworks
                    .iter()
                    .any(|p| fact.owner.starts_with(p.as_str()))
            });
            let sdks: Vec<String> = match owner_sdk {
                Some(hit) => vec![hit.id.clone()],
                None => cx
                    .inventory
                    .tracking()
                    .iter()
                    .map(|h| h.id.clone())
                    .collect(),
            };
            let mut evidence = vec![Location::new(
                fact.location.file.as_str(),
                format!("NSPrivacyCollectedDataTypes[{i}] {}", t.data_type),
            )];
            if let Some(hit) = owner_sdk {
                evidence.extend(hit.evidence.first().cloned());
            }
            findings.push(rule.finding(
                format!(
                    "{} declares {} ({category}) used for {}",
                    fact.owner,
                    t.data_type,
                    uses.join(", ")
                ),
                sdks,
                evidence,
            ));
        }
    }
    findings
}
