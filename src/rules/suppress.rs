//! Applying `sdklint.toml` to the findings of one bundle: disabled rules, severity overrides and
//! `[[ignore]]` suppressions (see [`crate::config`] for the file and its semantics).
//!
//! Rules always run with their default severity; this pass runs after [`super::run`], so a rule
//! never needs to know about configuration it does not read for its own logic (markets, say).

use serde::Serialize;

use super::Finding;
use crate::config::{Config, Date, Suppression};

/// Which `[[ignore]]` entry matched a finding, kept on the finding so that reports show why it is
/// hidden, or that the entry has expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressionNote {
    pub reason: String,
    /// Where the entry is: `sdklint.toml:12`.
    pub origin: String,
    pub expires: Option<Date>,
    /// The entry has expired, so the finding is no longer suppressed.
    pub expired: bool,
}

impl SuppressionNote {
    fn of(entry: &Suppression, today: Date) -> Self {
        SuppressionNote {
            reason: entry.reason.clone(),
            origin: entry.origin.clone(),
            expires: entry.expires,
            expired: entry.is_expired(today),
        }
    }
}

/// Does `entry` apply to `finding` of the bundle at `bundle_path` (expiry aside)? Every key the
/// entry gives must match: the rule, an SDK the finding names, the bundle glob.
pub fn matches(entry: &Suppression, finding: &Finding, bundle_path: &str) -> bool {
    entry.rule == finding.rule
        && entry
            .sdk
            .as_ref()
            .is_none_or(|sdk| finding.sdks.iter().any(|s| s == sdk))
        && entry.matches_bundle(bundle_path)
}

/// Drop the findings of disabled rules, apply severity overrides, mark suppressed findings and
/// sort again (severity first, then code), as [`super::run`] does.
///
/// A live entry without `sdk` that matches suppresses a finding; entries with `sdk` suppress it
/// only when together they cover every SDK the finding names. When no live entry suppresses it
/// and an expired one matches, the first of those is recorded (with `expired: true`) and the
/// finding stays active.
pub fn apply(findings: &mut Vec<Finding>, config: &Config, bundle_path: &str, today: Date) {
    findings.retain_mut(
        |finding| match config.severity_of(finding.rule, finding.severity) {
            Some(severity) => {
                finding.severity = severity;
                true
            }
            None => false,
        },
    );
    for finding in findings.iter_mut() {
        let matching: Vec<&Suppression> = config
            .ignore
            .iter()
            .filter(|entry| matches(entry, finding, bundle_path))
            .collect();
        let live = |entry: &&&Suppression| !entry.is_expired(today);
        // An entry without `sdk` covers the whole finding; entries with one cover only their SDK,
        // so a finding that also names another SDK stays active (`sdk = "adjust"` does not hide
        // what SL301 says about AppsFlyer).
        let whole = matching.iter().find(|e| e.sdk.is_none() && live(e));
        let per_sdk = || {
            let covering: Vec<&&Suppression> = finding
                .sdks
                .iter()
                .map(|sdk| {
                    matching
                        .iter()
                        .find(|e| e.sdk.as_deref() == Some(sdk.as_str()) && live(e))
                })
                .collect::<Option<_>>()?;
            covering.first().copied()
        };
        let suppressing = whole.or_else(|| {
            if finding.sdks.is_empty() {
                None
            } else {
                per_sdk()
            }
        });
        if let Some(entry) = suppressing {
            finding.suppression = Some(SuppressionNote::of(entry, today));
            finding.suppressed = true;
        } else if let Some(entry) = matching.iter().find(|e| e.is_expired(today)) {
            // Only expired entries match: recorded, and the finding stays active.
            finding.suppression = Some(SuppressionNote::of(entry, today));
        }
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(b.rule)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Clause, Severity};

    fn finding(rule: &'static str, severity: Severity, sdks: &[&str]) -> Finding {
        Finding {
            rule,
            name: "",
            severity,
            clause: Clause::Inventory,
            message: String::new(),
            sdks: sdks.iter().map(|s| s.to_string()).collect(),
            evidence: Vec::new(),
            suppressed: false,
            suppression: None,
            baselined: false,
        }
    }

    const TODAY: Date = Date {
        year: 2026,
        month: 6,
        day: 1,
    };

    fn config(text: &str) -> Config {
        Config::parse("sdklint.toml", text).unwrap()
    }

    /// `sdk = "adjust"` hides a finding about Adjust alone, not one that also names AppsFlyer;
    /// entries for both SDKs together hide it.
    #[test]
    fn per_sdk_entries_cover_only_their_sdk() {
        let one = config("[[ignore]]\nrule = \"SL301\"\nsdk = \"adjust\"\nreason = \"r\"\n");
        let mut findings = vec![
            finding("SL301", Severity::Error, &["adjust", "appsflyer"]),
            finding("SL301", Severity::Error, &["adjust"]),
        ];
        apply(&mut findings, &one, "app.apk", Date::today());
        let suppressed: Vec<bool> = findings.iter().map(|f| f.suppressed).collect();
        assert_eq!(suppressed, [false, true]);
        assert!(findings[0].suppression.is_none());

        let both = config(
            "[[ignore]]\nrule = \"SL301\"\nsdk = \"adjust\"\nreason = \"r\"\n\
             [[ignore]]\nrule = \"SL301\"\nsdk = \"appsflyer\"\nreason = \"r\"\n",
        );
        let mut findings = vec![finding("SL301", Severity::Error, &["adjust", "appsflyer"])];
        apply(&mut findings, &both, "app.apk", Date::today());
        assert!(findings[0].suppressed);
    }

    #[test]
    fn overrides_disable_and_resort() {
        let mut findings = vec![
            finding("SL103", Severity::Warning, &["adjust"]),
            finding("SL101", Severity::Info, &["adjust"]),
            finding("SL902", Severity::Warning, &[]),
        ];
        let cfg = config("disable = [\"SL902\"]\n[severity]\nSL101 = \"error\"\n");
        apply(&mut findings, &cfg, "a.apk", TODAY);
        let got: Vec<_> = findings.iter().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(
            got,
            [("SL101", Severity::Error), ("SL103", Severity::Warning)]
        );
    }

    #[test]
    fn expired_entry_is_noted_and_a_later_live_one_still_suppresses() {
        let cfg = config(
            "[[ignore]]\nrule = \"SL101\"\nreason = \"old\"\nexpires = 2026-06-01\n\
             [[ignore]]\nrule = \"SL101\"\nsdk = \"adjust\"\nreason = \"new\"\n",
        );
        let mut findings = vec![
            finding("SL101", Severity::Info, &["adjust"]),
            finding("SL101", Severity::Info, &["appsflyer"]),
        ];
        apply(&mut findings, &cfg, "a.apk", TODAY);
        assert!(findings[0].suppressed);
        assert_eq!(findings[0].suppression.as_ref().unwrap().reason, "new");
        assert!(!findings[1].suppressed);
        let note = findings[1].suppression.as_ref().unwrap();
        assert_eq!((note.reason.as_str(), note.expired), ("old", true));
        assert_eq!(note.origin, "sdklint.toml:1");
    }
}
