//! Policy rules: pure functions from [`Facts`] and [`Inventory`] to [`Finding`]s.
//!
//! One rule per file, declared with [`declare_rule!`]: the rule's doc comment is its `explain`
//! text (What it checks / Why / How to fix / Example), kept next to its code. [`ALL`] lists every
//! rule that reads a bundle, [`AD_COPY`] every rule that reads ad texts (`sdklint copy`), each in
//! the order of codes; [`catalog::every`] walks both.

pub mod ad_copy;
mod apple;
pub mod catalog;
mod consent_data;
mod markets;
mod searched;
pub mod sensitive;
mod sl101_conversion_tracking_sdk;
mod sl102_legacy_twitter_sdk;
mod sl103_ad_id_permission_missing;
mod sl104_sdk_privacy_manifest_missing;
mod sl201_att_usage_description_missing;
mod sl202_privacy_manifest_tracking_undeclared;
mod sl203_tracking_domains_undeclared;
mod sl204_advertising_purpose_undeclared;
mod sl205_no_privacy_notice_surface;
mod sl301_no_consent_mechanism;
mod sl302_collection_before_consent;
mod sl303_att_never_requested;
mod sl401_no_opt_out_instructions;
mod sl501_child_directed_with_tracking;
mod sl502_age_collection_with_tracking;
mod sl601_sensitive_conversion_event;
mod sl602_sensitive_data_app_with_tracking;
mod sl603_sensitive_data_declared_for_tracking;
mod sl701_ad_implies_sensitive_knowledge;
mod sl702_ad_asserts_personal_information;
mod sl901_bundle_tampering;
mod sl902_bundle_partly_unreadable;
pub mod suppress;
pub mod x_policy;

use serde::Serialize;

pub use crate::registry::{Clause, Severity};
pub use searched::is_searched;

use crate::config::Config;
use crate::facts::{Facts, Location};
use crate::inventory::Inventory;

/// What a rule sees: the facts of one bundle, its SDK inventory, the SDK database the inventory
/// was built from (the built-in one or `--sdk-db`) and the configuration.
pub struct Context<'a> {
    pub facts: &'a Facts,
    pub inventory: &'a Inventory,
    pub db: &'a crate::inventory::SdkDb,
    pub config: &'a Config,
}

/// What a rule reads, and its check.
#[derive(Clone, Copy)]
pub enum Check {
    /// A bundle's facts (`sdklint check`).
    Bundle(fn(&Rule, &Context<'_>) -> Vec<Finding>),
    /// One ad's texts (`sdklint copy`).
    AdCopy(fn(&Rule, &crate::facts::ad::Ad) -> Vec<AdFinding>),
}

/// A rule: its identity, its documentation and its check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub clause: Clause,
    pub default_severity: Severity,
    /// The rule's doc comment, one space of rustdoc indentation removed per line by [`Rule::explain`].
    doc: &'static str,
    /// The file that declares the rule, relative to the repository root (`src/rules/sl103_….rs`):
    /// its doc comment is the rule's page (SARIF `helpUri`).
    pub source: &'static str,
    check: Check,
}

impl Rule {
    /// The explain text: what the rule checks, why, how to fix it, an example.
    pub fn explain(&self) -> String {
        self.doc
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// The first paragraph of "What it checks": a one-paragraph description for listings.
    pub fn summary(&self) -> String {
        let explain = self.explain();
        let body = explain
            .split_once("## What it checks")
            .map_or(explain.as_str(), |(_, rest)| rest);
        body.trim_start()
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The first sentence of [`Rule::summary`]: one line for titles and listings.
    pub fn headline(&self) -> String {
        let summary = self.summary();
        match summary.find(". ") {
            Some(end) => summary[..=end].to_string(),
            None => summary,
        }
    }

    /// Run the rule on a bundle (nothing for an ad-copy rule).
    pub fn check(&self, cx: &Context<'_>) -> Vec<Finding> {
        match self.check {
            Check::Bundle(check) => check(self, cx),
            Check::AdCopy(_) => Vec::new(),
        }
    }

    /// Run the rule on one ad (nothing for a bundle rule).
    pub fn check_ad(&self, ad: &crate::facts::ad::Ad) -> Vec<AdFinding> {
        match self.check {
            Check::AdCopy(check) => check(self, ad),
            Check::Bundle(_) => Vec::new(),
        }
    }

    /// A finding of this rule at its default severity.
    pub fn finding(&self, message: String, sdks: Vec<String>, evidence: Vec<Location>) -> Finding {
        Finding {
            rule: self.code,
            name: self.name,
            severity: self.default_severity,
            clause: self.clause,
            message,
            sdks,
            evidence,
            suppressed: false,
            suppression: None,
            baselined: false,
        }
    }
}

/// Declare a rule whose doc comment is its explain text.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            clause: $clause:expr,
            severity: $severity:expr,
            check: $check:path $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            clause: $clause,
            default_severity: $severity,
            doc: concat!($($doc, "\n"),*),
            source: file!(),
            check: $crate::rules::Check::Bundle($check),
        };
    };
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            clause: $clause:expr,
            severity: $severity:expr,
            check_ad: $check:path $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            clause: $clause,
            default_severity: $severity,
            doc: concat!($($doc, "\n"),*),
            source: file!(),
            check: $crate::rules::Check::AdCopy($check),
        };
    };
}
pub(crate) use declare_rule;

/// `AppsFlyer, Adjust`: the SDKs of a finding, for its message.
pub(crate) fn sdk_names(hits: &[&crate::inventory::SdkHit]) -> String {
    hits.iter()
        .map(|h| h.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every rule that reads a bundle, in code order.
pub static ALL: &[&Rule] = &[
    &sl101_conversion_tracking_sdk::SL101,
    &sl102_legacy_twitter_sdk::SL102,
    &sl103_ad_id_permission_missing::SL103,
    &sl104_sdk_privacy_manifest_missing::SL104,
    &sl201_att_usage_description_missing::SL201,
    &sl202_privacy_manifest_tracking_undeclared::SL202,
    &sl203_tracking_domains_undeclared::SL203,
    &sl204_advertising_purpose_undeclared::SL204,
    &sl205_no_privacy_notice_surface::SL205,
    &sl301_no_consent_mechanism::SL301,
    &sl302_collection_before_consent::SL302,
    &sl303_att_never_requested::SL303,
    &sl401_no_opt_out_instructions::SL401,
    &sl501_child_directed_with_tracking::SL501,
    &sl502_age_collection_with_tracking::SL502,
    &sl601_sensitive_conversion_event::SL601,
    &sl602_sensitive_data_app_with_tracking::SL602,
    &sl603_sensitive_data_declared_for_tracking::SL603,
    &sl901_bundle_tampering::SL901,
    &sl902_bundle_partly_unreadable::SL902,
];

/// Every rule that reads ad texts (`sdklint copy`), in code order.
pub static AD_COPY: &[&Rule] = &[
    &sl701_ad_implies_sensitive_knowledge::SL701,
    &sl702_ad_asserts_personal_information::SL702,
];

/// Find a rule by code (`SL101`, any case) or name (`conversion-tracking-sdk`), as
/// [`crate::registry::find`] resolves them.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    let code = crate::registry::find(code_or_name)?.code;
    catalog::every().find(|r| r.code == code)
}

/// One finding: a rule that fired, with the SDK(s) involved and the evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub clause: Clause,
    pub message: String,
    /// Ids of the SDKs involved, most relevant first.
    pub sdks: Vec<String>,
    pub evidence: Vec<Location>,
    pub suppressed: bool,
    /// The `[[ignore]]` entry that matched: the one suppressing, or an expired one that no longer does.
    pub suppression: Option<suppress::SuppressionNote>,
    /// The finding is in the baseline given with `--baseline`: known, not new.
    pub baselined: bool,
}

/// A finding of an ad-copy rule, with the ad and the line it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdFinding {
    pub ad: String,
    pub field: String,
    /// The 1-based line of the matched words (SARIF `region.startLine`).
    pub line: usize,
    #[serde(flatten)]
    pub finding: Finding,
}

/// Run every rule the configuration enables over one bundle; findings sorted by severity (highest first), then code.
pub fn run(cx: &Context<'_>) -> Vec<Finding> {
    // A disabled rule does not run at all (its check may be the costly one).
    let mut findings: Vec<Finding> = ALL
        .iter()
        .filter(|rule| {
            cx.config
                .severity_of(rule.code, rule.default_severity)
                .is_some()
        })
        .flat_map(|rule| rule.check(cx))
        .collect();
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(b.rule)));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let codes: Vec<&str> = catalog::every().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for rule in catalog::every() {
            let explain = rule.explain();
            for section in ["## What it checks", "## Why", "## How to fix", "## Example"] {
                assert!(
                    explain.contains(section),
                    "{} explain lacks {section}",
                    rule.code
                );
            }
        }
    }

    /// `disable` keeps a rule from running: `run` itself returns none of its findings.
    #[test]
    fn disabled_rules_do_not_run() {
        let facts = consent_data::test_support::facts_with(
            crate::facts::Platform::Android,
            &["com.appsflyer.AppsFlyerLib"],
        );
        let db = crate::inventory::SdkDb::builtin();
        let inventory = Inventory::build(db, &facts);
        let run_with = |config: &Config| {
            run(&Context {
                facts: &facts,
                inventory: &inventory,
                db,
                config,
            })
            .iter()
            .map(|f| f.rule)
            .collect::<Vec<_>>()
        };
        let all = run_with(&Config::default());
        assert!(all.contains(&"SL101"), "{all:?}");
        let config = Config::parse("sdklint.toml", "disable = [\"SL101\"]").unwrap();
        let some = run_with(&config);
        assert!(!some.contains(&"SL101"), "{some:?}");
        assert_eq!(
            some.len(),
            all.len() - all.iter().filter(|r| **r == "SL101").count()
        );
    }

    /// The registry that configuration checks rule names against lists exactly the declared
    /// rules: adding a rule without its registry line (or the reverse) fails here.
    #[test]
    fn the_registry_lists_every_declared_rule() {
        let declared: Vec<(&str, &str)> = catalog::every().map(|r| (r.code, r.name)).collect();
        let mut registered: Vec<(&str, &str)> = crate::registry::RULES
            .iter()
            .map(|r| (r.code, r.name))
            .collect();
        // `RULES`' doc promises code order.
        let codes: Vec<&str> = registered.iter().map(|(code, _)| *code).collect();
        assert!(
            codes.is_sorted(),
            "registry::RULES is not in code order: {codes:?}"
        );
        registered.sort();
        let mut sorted = declared.clone();
        sorted.sort();
        assert_eq!(registered, sorted);
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find("sl103").map(|r| r.code), Some("SL103"));
        assert_eq!(
            find("conversion-tracking-sdk").map(|r| r.code),
            Some("SL101")
        );
        assert_eq!(find("sl701").map(|r| r.code), Some("SL701"));
        assert!(find("SL999").is_none());
    }
}
