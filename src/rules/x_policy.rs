//! Whether X's conversion-tracking policy applies to a bundle, and what that does to the rules
//! that enforce X's clauses.
//!
//! X measures mobile app conversions only through its chosen Mobile Measurement Partners
//! (business.x.com, "Mobile app measurement and attribution": advertisers must integrate with one
//! of X's chosen MMPs); the database marks them `x_partner = true`. So:
//! - *applies*: an X partner SDK is embedded (defined or declared — a string-only mention never
//!   counts), or `sdklint.toml` says `x_conversion_tracking = true`;
//! - *may-apply*: only other conversion-tracking SDKs (Firebase, Meta app events, …) are embedded:
//!   their conversions reach X only if the advertiser forwards them;
//! - *not-applicable*: no conversion-tracking SDK (ad networks, analytics or crash reporting
//!   alone), or `x_conversion_tracking = false`.
//!
//! The rules that enforce X's clauses (notice, consent, opt-out, sensitive categories, children)
//! keep their severity when the policy applies, drop one step when it may apply, and are dropped
//! when it does not apply. Rules for Apple's and Google's own requirements are not touched.

use serde::Serialize;

use crate::inventory::Inventory;
use crate::rules::{Finding, Severity};

/// The rules that enforce a clause of X's policy (the others enforce Apple's or Google's rules,
/// or report the inventory and the bundle's integrity).
pub const X_CLAUSE_RULES: &[&str] = &[
    "SL205", "SL301", "SL302", "SL401", "SL501", "SL502", "SL601", "SL602", "SL603",
];

/// Whether the policy applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum XPolicyStatus {
    Applies,
    MayApply,
    NotApplicable,
}

impl XPolicyStatus {
    /// The name used in reports (`may-apply`).
    pub fn as_str(self) -> &'static str {
        match self {
            XPolicyStatus::Applies => "applies",
            XPolicyStatus::MayApply => "may-apply",
            XPolicyStatus::NotApplicable => "not-applicable",
        }
    }
}

/// The verdict with its reason and the X partner SDKs it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct XPolicy {
    pub status: XPolicyStatus,
    pub reason: String,
    /// Ids of the embedded X measurement partner SDKs.
    pub partners: Vec<String>,
}

/// Assess the policy for `inventory` (whose `sdks` are the embedded ones, mentions apart), with
/// the config's `x_conversion_tracking` answer if it gives one.
pub fn assess(inventory: &Inventory, configured: Option<bool>) -> XPolicy {
    let partners: Vec<String> = inventory
        .sdks
        .iter()
        .filter(|h| h.x_partner)
        .map(|h| h.id.clone())
        .collect();
    let others: Vec<&str> = inventory
        .conversion_tracking()
        .filter(|h| !h.x_partner)
        .map(|h| h.name.as_str())
        .collect();
    match configured {
        Some(true) => XPolicy {
            status: XPolicyStatus::Applies,
            reason: "sdklint.toml says `x_conversion_tracking = true`: the app's conversions reach X"
                .into(),
            partners,
        },
        Some(false) => XPolicy {
            status: XPolicyStatus::NotApplicable,
            reason: "sdklint.toml says `x_conversion_tracking = false`: the app's conversions do not reach X"
                .into(),
            partners,
        },
        None if !partners.is_empty() => {
            let names: Vec<&str> = inventory
                .sdks
                .iter()
                .filter(|h| h.x_partner)
                .map(|h| h.name.as_str())
                .collect();
            XPolicy {
                status: XPolicyStatus::Applies,
                reason: format!(
                    "{} embedded: one of X's Mobile Measurement Partners, through which conversions reach X; \
                     set `x_conversion_tracking = false` if the app does not send them to X",
                    names.join(", ")
                ),
                partners,
            }
        }
        None if !others.is_empty() => XPolicy {
            status: XPolicyStatus::MayApply,
            reason: format!(
                "{} embedded (conversion tracking), but no X Mobile Measurement Partner: X's policy applies \
                 if these conversions reach X; set `x_conversion_tracking = true` or `false` to say",
                others.join(", ")
            ),
            partners,
        },
        None => XPolicy {
            status: XPolicyStatus::NotApplicable,
            reason: "no conversion-tracking SDK in the bundle; set `x_conversion_tracking = true` if the \
                     app's conversions reach X another way, such as X's Conversion API or audience uploads"
                .into(),
            partners,
        },
    }
}

/// Apply the verdict to the findings of X's clauses: kept, one step lower, or dropped.
pub fn gate(findings: &mut Vec<Finding>, policy: &XPolicy) {
    findings.retain_mut(|f| {
        if !X_CLAUSE_RULES.contains(&f.rule) {
            return true;
        }
        match policy.status {
            XPolicyStatus::Applies => true,
            XPolicyStatus::MayApply => {
                f.severity = match f.severity {
                    Severity::Error => Severity::Warning,
                    Severity::Warning | Severity::Info => Severity::Info,
                };
                true
            }
            XPolicyStatus::NotApplicable => false,
        }
    });
    // Keep `rules::run`'s order: severity (highest first), then code.
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(b.rule)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{BundleFormat, Facts, Location, Platform};
    use crate::inventory::SdkDb;
    use crate::rules::Clause;

    fn inventory(classes: &[&str]) -> Inventory {
        let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        for name in classes {
            facts.classes.push(crate::facts::ClassFact {
                name: (*name).into(),
                defined: true,
                location: Location::new("classes.dex", format!("class {name}")),
            });
        }
        facts.classes.sort_by(|a, b| a.name.cmp(&b.name));
        Inventory::build(SdkDb::builtin(), &facts)
    }

    fn finding(rule: &'static str, severity: Severity) -> Finding {
        Finding {
            rule,
            name: "x",
            severity,
            clause: Clause::Consent,
            message: String::new(),
            sdks: Vec::new(),
            evidence: Vec::new(),
            suppressed: false,
            suppression: None,
            baselined: false,
        }
    }

    #[test]
    fn partners_apply_others_may_apply_ad_networks_do_not() {
        let af = assess(&inventory(&["com.appsflyer.AppsFlyerLib"]), None);
        assert_eq!(af.status, XPolicyStatus::Applies);
        assert_eq!(af.partners, ["appsflyer"]);
        let fb = assess(
            &inventory(&["com.facebook.appevents.AppEventsLogger"]),
            None,
        );
        assert_eq!(fb.status, XPolicyStatus::MayApply, "{}", fb.reason);
        assert!(fb.partners.is_empty());
        let ads = assess(&inventory(&["com.google.android.gms.ads.MobileAds"]), None);
        assert_eq!(ads.status, XPolicyStatus::NotApplicable);
        assert!(ads.reason.contains("x_conversion_tracking = true"));
        // The config's answer wins either way.
        let told = assess(
            &inventory(&["com.google.android.gms.ads.MobileAds"]),
            Some(true),
        );
        assert_eq!(told.status, XPolicyStatus::Applies);
        let off = assess(&inventory(&["com.appsflyer.AppsFlyerLib"]), Some(false));
        assert_eq!(off.status, XPolicyStatus::NotApplicable);
    }

    #[test]
    fn gate_keeps_lowers_or_drops_only_x_clause_rules() {
        let all = || {
            vec![
                finding("SL301", Severity::Error),
                finding("SL401", Severity::Warning),
                finding("SL103", Severity::Warning),
                finding("SL101", Severity::Info),
            ]
        };
        let summary = |f: &[Finding]| -> Vec<(&str, Severity)> {
            f.iter().map(|f| (f.rule, f.severity)).collect()
        };
        let policy = |status| XPolicy {
            status,
            reason: String::new(),
            partners: Vec::new(),
        };
        let mut f = all();
        gate(&mut f, &policy(XPolicyStatus::Applies));
        assert_eq!(
            summary(&f),
            [
                ("SL301", Severity::Error),
                ("SL103", Severity::Warning),
                ("SL401", Severity::Warning),
                ("SL101", Severity::Info)
            ]
        );
        let mut f = all();
        gate(&mut f, &policy(XPolicyStatus::MayApply));
        assert_eq!(
            summary(&f),
            [
                ("SL103", Severity::Warning),
                ("SL301", Severity::Warning),
                ("SL101", Severity::Info),
                ("SL401", Severity::Info)
            ]
        );
        let mut f = all();
        gate(&mut f, &policy(XPolicyStatus::NotApplicable));
        assert_eq!(
            summary(&f),
            [("SL103", Severity::Warning), ("SL101", Severity::Info)]
        );
    }
}
