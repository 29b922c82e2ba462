//! SARIF 2.1.0 (`--format sarif`), for code-scanning dashboards.
//!
//! One run per invocation: the driver lists every rule (its explain text as help), each finding is
//! a result whose physical location is the bundle and whose logical locations are the entry and
//! the locator inside it. `partialFingerprints` hash the finding's
//! [`FindingId`] (the identity baselines and `sdklint diff` use too), so that dashboards track one
//! finding across builds.

use serde_json::{Value, json};

use crate::BundleReport;
use crate::finding_id::{FindingId, FindingStatus};
use crate::rules::{self, Finding, Severity};

/// The fingerprint key; bump the suffix if what is hashed ever changes.
pub const FINGERPRINT_KEY: &str = "sdklintFinding/v2";

/// Render one SARIF log for every bundle of the run.
pub fn render(reports: &[BundleReport]) -> String {
    let rules: Vec<Value> = rules::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.summary() },
                "help": { "text": rule.explain(), "markdown": rule.explain() },
                "defaultConfiguration": { "level": level(rule.default_severity) },
                "properties": {
                    "clause": rule.clause,
                    "tags": ["privacy", "policy", clause_tag(rule.clause)],
                },
            })
        })
        .collect();
    let artifacts: Vec<Value> = reports
        .iter()
        .map(|r| json!({ "location": { "uri": uri(&r.facts.path) } }))
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .enumerate()
        .flat_map(|(index, report)| {
            report
                .findings
                .iter()
                .map(move |finding| result(finding, report, index))
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "sdklint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).expect("JSON values always serialize");
    out.push('\n');
    out
}

fn result(finding: &Finding, report: &BundleReport, artifact_index: usize) -> Value {
    let bundle = report.facts.path.as_str();
    let rule_index = rules::ALL
        .iter()
        .position(|r| r.code == finding.rule)
        .unwrap_or(0);
    let logical: Vec<Value> = finding
        .evidence
        .iter()
        .map(|ev| {
            json!({
                "name": ev.locator,
                "fullyQualifiedName": format!("{}!{}", ev.file, ev.locator),
                "kind": "resource",
            })
        })
        .collect();
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(bundle), "index": artifact_index }
        }
    });
    if !logical.is_empty() {
        location["logicalLocations"] = json!(logical);
    }
    let mut result = json!({
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [location],
        "partialFingerprints": {
            FINGERPRINT_KEY: FindingId::of(finding, &report.inventory).hash()
        },
        "properties": { "sdks": finding.sdks, "clause": finding.clause },
    });
    match finding.status() {
        FindingStatus::Suppressed { reason } => {
            result["suppressions"] = json!([{ "kind": "external", "justification": reason }]);
        }
        FindingStatus::Baselined => result["baselineState"] = json!("unchanged"),
        FindingStatus::Active => {}
    }
    result
}

pub(crate) fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn clause_tag(clause: rules::Clause) -> String {
    serde_json::to_value(clause)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A relative URI reference for a path: `/` separators, RFC 3986 percent-encoding of the rest.
pub(crate) fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("build/my app.apk"), "build/my%20app.apk");
        assert_eq!(uri("é.apk"), "%C3%A9.apk");
    }
}
