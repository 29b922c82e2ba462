//! The rule listing `sdklint rules` prints, as text or JSON.

use serde::Serialize;

use super::{AD_COPY, ALL, Clause, Rule, Severity};

/// One rule as `sdklint rules --format json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub clause: Clause,
    pub default_severity: Severity,
    /// The first paragraph of the explain text (its "What it checks"), on one line.
    pub summary: String,
}

impl RuleInfo {
    pub fn of(rule: &Rule) -> Self {
        RuleInfo {
            code: rule.code,
            name: rule.name,
            clause: rule.clause,
            default_severity: rule.default_severity,
            summary: summary(rule),
        }
    }
}

/// Every rule, bundle and ad-copy rules together, in code order.
pub fn every() -> impl Iterator<Item = &'static Rule> {
    let mut rules: Vec<&'static Rule> = ALL.iter().chain(AD_COPY).copied().collect();
    rules.sort_by_key(|r| r.code);
    rules.into_iter()
}

/// The clause as reports spell it (`opt-out`).
pub fn clause_str(clause: Clause) -> String {
    serde_json::to_value(clause)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The first paragraph of the explain text that is not a heading, its lines joined by spaces.
pub fn summary(rule: &Rule) -> String {
    rule.summary()
}

/// Every rule, one aligned line each: code, name, clause, default severity, summary.
pub fn render_text() -> String {
    let name_w = every().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in every() {
        out.push_str(&format!(
            "{}  {:name_w$}  {:12}  {:7}  {}\n",
            rule.code,
            rule.name,
            clause_str(rule.clause),
            rule.default_severity.as_str(),
            summary(rule)
        ));
    }
    out
}

/// Every rule as a JSON array of [`RuleInfo`], pretty-printed, ending with a newline.
pub fn render_json() -> String {
    let rules: Vec<RuleInfo> = every().map(RuleInfo::of).collect();
    let mut out = serde_json::to_string_pretty(&rules).expect("rule info always serializes");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_the_first_paragraph() {
        let sl103 = super::super::find("SL103").unwrap();
        assert_eq!(
            summary(sl103),
            "An Android app that targets API 33 or later and embeds an attribution or advertising \
             SDK, but does not declare `com.google.android.gms.permission.AD_ID` in its manifest. \
             This is Google's requirement (Google Play services), not a clause of X's policy. An \
             app that tags itself child-directed (the child-directed signals of SL501, from the \
             app's own code) is never told to add the permission: Google Play's Families policy \
             forbids it for children."
        );
        assert_eq!(clause_str(Clause::OptOut), "opt-out");
    }
}
