//! SARIF 2.1.0 (`--format sarif`), for code-scanning dashboards.
//!
//! One run per invocation: the driver lists every rule (its explain text as help), each finding is
//! a result whose physical location is the bundle and whose logical locations are the entry and
//! the locator inside it. `partialFingerprints` hash what stays the same from one build of an app
//! to the next (rule, SDKs, evidence locators; not the bundle path, nor which `classesN.dex` a
//! class landed in) so that dashboards track one finding across builds.

use serde_json::{Value, json};

use crate::BundleReport;
use crate::facts::Location;
use crate::rules::{self, Finding, Severity};

/// The fingerprint key; bump the suffix if what is hashed ever changes.
pub const FINGERPRINT_KEY: &str = "sdklintFinding/v1";

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
                .map(move |finding| result(finding, &report.facts.path, index))
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

fn result(finding: &Finding, bundle: &str, artifact_index: usize) -> Value {
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
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint(finding) },
        "properties": { "sdks": finding.sdks, "clause": finding.clause },
    });
    if finding.suppressed {
        result["suppressions"] = json!([{ "kind": "external" }]);
    }
    result
}

fn level(severity: Severity) -> &'static str {
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

/// A stable hash of what identifies a finding across builds: rule, SDKs and evidence locators.
/// DEX file names are left out (a class moves between `classes2.dex` and `classes3.dex` as an app
/// grows); other entry names (manifest, plist paths) stay in.
pub fn fingerprint(finding: &Finding) -> String {
    let mut hasher = Fnv1a::default();
    hasher.write(finding.rule);
    for sdk in &finding.sdks {
        hasher.write(sdk);
    }
    let mut keys: Vec<String> = finding.evidence.iter().map(evidence_key).collect();
    keys.sort();
    for key in &keys {
        hasher.write(key);
    }
    format!("{:016x}", hasher.0)
}

fn evidence_key(ev: &Location) -> String {
    let is_dex = ev.file.rsplit('/').next().is_some_and(|name| {
        name.strip_prefix("classes")
            .and_then(|n| n.strip_suffix(".dex"))
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
    });
    if is_dex {
        ev.locator.clone()
    } else {
        format!("{}!{}", ev.file, ev.locator)
    }
}

/// 64-bit FNV-1a: tiny, stable across Rust versions and platforms (unlike `DefaultHasher`).
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, text: &str) {
        for byte in text.bytes().chain(std::iter::once(0)) {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A relative URI reference for a path: `/` separators, RFC 3986 percent-encoding of the rest.
fn uri(path: &str) -> String {
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

    #[test]
    fn fingerprints_ignore_which_dex_a_class_is_in() {
        let finding = |file: &str| Finding {
            rule: "SL101",
            name: "conversion-tracking-sdk",
            severity: Severity::Info,
            clause: rules::Clause::Inventory,
            message: "m".into(),
            sdks: vec!["appsflyer".into()],
            evidence: vec![Location::new(file, "class Lcom/appsflyer/AppsFlyerLib;")],
            suppressed: false,
            suppression: None,
            baselined: false,
        };
        assert_eq!(
            fingerprint(&finding("classes2.dex")),
            fingerprint(&finding("classes3.dex"))
        );
        assert_ne!(
            fingerprint(&finding("classes2.dex")),
            fingerprint(&finding("AndroidManifest.xml"))
        );
    }
}
