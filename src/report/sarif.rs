//! SARIF 2.1.0 (`--format sarif`), shaped for GitHub code scanning as its documentation
//! ("SARIF support for code scanning") describes what it reads.
//!
//! Written through `serde-sarif`'s types, so every property has the name and shape the schema
//! gives it. What GitHub uses, and how sdklint fills it:
//! - **One run per bundle**, each with its own `automationDetails.id`
//!   (`sdklint/<platform>/<format>/<app id>/`): code scanning treats a run's category as the unit
//!   an upload replaces, so an APK and an IPA analysed for one commit do not overwrite each other's
//!   alerts, and it rejects one upload holding two runs of the same tool and category.
//! - **`partialFingerprints.primaryLocationLineHash`**: [`Finding::fingerprint`], the identity the
//!   baseline and `sdklint diff` use. Code scanning matches alerts across uploads by this key; for a
//!   binary bundle its own fallback (a hash of the text around the line) would change with every
//!   build. The same value is kept under [`FINGERPRINT_KEY`] for readers of earlier versions.
//! - **Locations**: every result has one physical location, the bundle, with a `region`
//!   (`startLine` 1: a bundle is binary, the entry and the locator inside it are the logical
//!   locations). The bundle's URI is relative to `%SRCROOT%` (`uriBaseId`) when it lies under the
//!   working directory, which is the checkout in CI, else an absolute `file:` URI.
//! - **Rules**: a one-line `shortDescription` (the first sentence of "What it checks"), the whole
//!   first paragraph as `fullDescription` (both within GitHub's 1024 characters), the explain text
//!   as `help` (text and Markdown), `helpUri` to the rule's source file in the repository (when
//!   `Cargo.toml` names one), `precision`, `problem.severity` and tags.
//!   `security-severity` is left out on purpose: it marks a result as a security vulnerability
//!   scored like a CVE, and a missing consent prompt or privacy notice is a policy finding, not a
//!   vulnerability; `problem.severity` is code scanning's property for the rest.
//! - **Status**: suppressed findings carry `suppressions[]` with the config's reason as
//!   `justification`; with a baseline in use, `baselineState` is `unchanged` for baselined findings
//!   and `new` for the others.
//! - **Failures**: entries that could not be read are `toolExecutionNotifications` (warnings) of
//!   the bundle's invocation; a bundle that could not be read at all is a run of its own, with an
//!   empty `results` array and an invocation whose `executionSuccessful` is false.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, RunAutomationDetails, Sarif,
    Suppression, Tool, ToolComponent,
};

use super::Unreadable;
use crate::BundleReport;
use crate::facts::Facts;
use crate::finding_id::FindingStatus;
use crate::rules::{self, Finding, Rule, Severity};

/// sdklint's own fingerprint key, kept beside `primaryLocationLineHash`; bump the suffix if what
/// is hashed ever changes.
pub const FINGERPRINT_KEY: &str = "sdklintFinding/v2";

/// The fingerprint key GitHub code scanning matches alerts by.
pub const GITHUB_FINGERPRINT_KEY: &str = "primaryLocationLineHash";

/// The longest `shortDescription` and `fullDescription` GitHub documents.
pub const MAX_DESCRIPTION_CHARS: usize = 1024;

/// The `uriBaseId` of bundles under the working directory.
pub const SRCROOT: &str = "%SRCROOT%";

/// How a run was made, beyond the reports themselves.
#[derive(Debug, Clone, Default)]
pub struct SarifOptions {
    /// The directory bundle paths are relative to and `%SRCROOT%` stands for: the working
    /// directory. `None` writes every URI as given.
    pub srcroot: Option<PathBuf>,
    /// A baseline file was in use, so every result gets a `baselineState`.
    pub baseline: bool,
}

/// Render one SARIF log: a run per bundle, and one per bundle that could not be read.
pub fn render(
    reports: &[BundleReport],
    unreadable: &[Unreadable<'_>],
    options: &SarifOptions,
) -> String {
    let mut runs: Vec<Run> = reports.iter().map(|r| bundle_run(r, options)).collect();
    runs.extend(
        unreadable
            .iter()
            .map(|u| unreadable_run(u, rules::ALL, options)),
    );
    render_runs(runs)
}

/// Render runs as one log (categories made unique): the runs of bundles, or, with
/// [`findings_run`] and [`unreadable_run`], of other inputs (the ad files of `sdklint copy`).
pub fn render_runs(mut runs: Vec<Run>) -> String {
    dedupe_categories(&mut runs);
    let log = Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(json!("2.1.0"))
        .runs(runs)
        .build();
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF values always serialize");
    out.push('\n');
    out
}

/// One finding as a SARIF result: where in its file it is, and its fingerprint
/// ([`Finding::fingerprint`]).
pub struct Located<'a> {
    pub finding: &'a Finding,
    pub fingerprint: String,
    /// `region.startLine`: the finding's line in a text file; 1 for a bundle, which is binary
    /// (the entry and locator inside it are the logical locations).
    pub line: usize,
    /// A named place in the file (`spring-1 headline`: an ad's field) as the one logical location
    /// (`kind` `member`); `None` lists the finding's evidence instead.
    pub member: Option<String>,
    /// Result properties beside `sdks` and `clause`.
    pub properties: BTreeMap<String, Value>,
}

impl<'a> Located<'a> {
    /// A finding about a bundle: line 1, its evidence as the logical locations.
    pub fn in_bundle(finding: &'a Finding, fingerprint: String) -> Self {
        Located {
            finding,
            fingerprint,
            line: 1,
            member: None,
            properties: BTreeMap::new(),
        }
    }
}

/// The run of any findings about the file at `path`, under `category`
/// (`sdklint/<kind>/<name>/`), its driver listing `rules`, with `warnings` as tool
/// notifications.
pub fn findings_run<'a>(
    path: &str,
    category: String,
    rules: &[&Rule],
    findings: impl IntoIterator<Item = Located<'a>>,
    warnings: &[String],
    options: &SarifOptions,
) -> Run {
    let artifact = artifact_location(path, options);
    let results: Vec<SarifResult> = findings
        .into_iter()
        .map(|located| result(located, rules, &artifact, options.baseline))
        .collect();
    let notifications: Vec<Notification> = warnings
        .iter()
        .map(|w| notification("warning", w.clone(), &artifact))
        .collect();
    let mut invocation = Invocation::builder().execution_successful(true).build();
    invocation.tool_execution_notifications = (!notifications.is_empty()).then_some(notifications);
    Run::builder()
        .tool(tool(rules))
        .automation_details(automation_details(category))
        .invocations(vec![invocation])
        .column_kind(json!("unicodeCodePoints"))
        .results(results)
        .build()
}

/// The run of one bundle: its findings as results.
fn bundle_run(report: &BundleReport, options: &SarifOptions) -> Run {
    let facts = &report.facts;
    let warnings: Vec<String> = facts
        .errors
        .iter()
        .map(|err| format!("{}: {}: {}", facts.path, err.file, err.message))
        .collect();
    findings_run(
        &facts.path,
        category(facts),
        rules::ALL,
        report
            .findings
            .iter()
            .map(|f| Located::in_bundle(f, f.fingerprint(&report.inventory))),
        &warnings,
        options,
    )
}

/// The run of an input that could not be read: no results, a failed invocation; its driver
/// lists `rules`.
pub fn unreadable_run(unreadable: &Unreadable<'_>, rules: &[&Rule], options: &SarifOptions) -> Run {
    let artifact = artifact_location(unreadable.path, options);
    let invocation = Invocation::builder()
        .execution_successful(false)
        .tool_execution_notifications(vec![notification(
            "error",
            unreadable.message.to_string(),
            &artifact,
        )])
        .build();
    Run::builder()
        .tool(tool(rules))
        .automation_details(automation_details(format!(
            "sdklint/unreadable/{}/",
            file_name(unreadable.path)
        )))
        .invocations(vec![invocation])
        // Present and empty: code scanning's upload rejects a run without `results`.
        .results(Vec::new())
        .build()
}

fn tool(rules: &[&Rule]) -> Tool {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let mut driver = ToolComponent::builder()
        .name("sdklint")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(
            rules
                .iter()
                .map(|rule| descriptor(rule))
                .collect::<Vec<_>>(),
        )
        .build();
    driver.information_uri = (!repository.is_empty()).then(|| repository.to_string());
    Tool::builder().driver(driver).build()
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let explain = rule.explain();
    let mut properties = BTreeMap::new();
    properties.insert("precision".to_string(), json!(precision(rule.code)));
    properties.insert(
        "problem.severity".to_string(),
        json!(problem_severity(rule.default_severity)),
    );
    properties.insert("clause".to_string(), json!(clause_str(rule.clause)));
    let mut descriptor = ReportingDescriptor::builder().id(rule.code).build();
    descriptor = ReportingDescriptor {
        name: Some(rule.name.to_string()),
        short_description: Some(text(truncate(&rule.headline(), MAX_DESCRIPTION_CHARS))),
        full_description: Some(text(truncate(&rule.summary(), MAX_DESCRIPTION_CHARS))),
        help: Some(
            MultiformatMessageString::builder()
                .text(explain.clone())
                .markdown(explain)
                .build(),
        ),
        help_uri: help_uri(rule),
        default_configuration: Some(ReportingConfiguration {
            level: Some(json!(level_str(rule.default_severity))),
            ..ReportingConfiguration::default()
        }),
        properties: Some(PropertyBag {
            tags: Some(vec![
                "privacy".to_string(),
                "x-policy".to_string(),
                clause_str(rule.clause),
            ]),
            additional_properties: properties,
        }),
        ..descriptor
    };
    descriptor
}

/// The rule's page: its source file, whose doc comment is its explain text, at this version's tag.
fn help_uri(rule: &Rule) -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repository.is_empty()).then(|| {
        format!(
            "{repository}/blob/v{}/{}",
            env!("CARGO_PKG_VERSION"),
            rule.source.replace('\\', "/")
        )
    })
}

fn result(
    located: Located<'_>,
    rules: &[&Rule],
    artifact: &ArtifactLocation,
    baseline: bool,
) -> SarifResult {
    let Located {
        finding,
        fingerprint,
        line,
        member,
        properties: extra,
    } = located;
    let rule_index = rules.iter().position(|r| r.code == finding.rule);
    let logical: Vec<LogicalLocation> = match member {
        Some(name) => vec![LogicalLocation {
            name: Some(name),
            kind: Some("member".to_string()),
            ..LogicalLocation::default()
        }],
        None => finding
            .evidence
            .iter()
            .map(|ev| LogicalLocation {
                name: Some(ev.locator.to_string()),
                fully_qualified_name: Some(format!("{}!{}", ev.file, ev.locator)),
                kind: Some("resource".to_string()),
                ..LogicalLocation::default()
            })
            .collect(),
    };
    let location = Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(artifact.clone()),
            region: Some(Region {
                start_line: Some(line as i64),
                ..Region::default()
            }),
            ..PhysicalLocation::default()
        }),
        logical_locations: (!logical.is_empty()).then_some(logical),
        ..Location::default()
    };
    let mut properties = extra;
    properties.insert("sdks".to_string(), json!(finding.sdks));
    properties.insert("clause".to_string(), json!(clause_str(finding.clause)));
    let message = Message {
        text: Some(finding.message.clone()),
        ..Message::default()
    };
    let mut result = SarifResult {
        rule_id: Some(finding.rule.to_string()),
        rule_index: rule_index.map(|i| i as i64),
        level: Some(level(finding.severity)),
        locations: Some(vec![location]),
        partial_fingerprints: Some(BTreeMap::from([
            (GITHUB_FINGERPRINT_KEY.to_string(), fingerprint.clone()),
            (FINGERPRINT_KEY.to_string(), fingerprint),
        ])),
        properties: Some(PropertyBag {
            additional_properties: properties,
            ..PropertyBag::default()
        }),
        ..SarifResult::builder().message(message).build()
    };
    match finding.status() {
        FindingStatus::Suppressed { reason } => {
            result.suppressions = Some(vec![
                Suppression::builder()
                    .kind(json!("external"))
                    .justification(reason)
                    .build(),
            ]);
        }
        FindingStatus::Baselined => result.baseline_state = Some(json!("unchanged")),
        FindingStatus::Active if baseline => result.baseline_state = Some(json!("new")),
        FindingStatus::Active => {}
    }
    result
}

fn notification(level: &str, message: String, artifact: &ArtifactLocation) -> Notification {
    let text = Message {
        text: Some(message),
        ..Message::default()
    };
    Notification {
        level: Some(json!(level)),
        locations: Some(vec![Location {
            physical_location: Some(PhysicalLocation {
                artifact_location: Some(artifact.clone()),
                ..PhysicalLocation::default()
            }),
            ..Location::default()
        }]),
        ..Notification::builder().message(text).build()
    }
}

fn automation_details(id: String) -> RunAutomationDetails {
    RunAutomationDetails {
        id: Some(id),
        ..RunAutomationDetails::default()
    }
}

/// `sdklint/android/apk/com.example.shop/`: the trailing `/` makes it all category (no run id),
/// so that each new upload for the same bundle replaces the last one.
fn category(facts: &Facts) -> String {
    let name = facts
        .app
        .id
        .clone()
        .unwrap_or_else(|| file_name(&facts.path));
    format!(
        "sdklint/{}/{}/{}/",
        enum_str(&facts.platform),
        enum_str(&facts.format),
        name
    )
}

/// Two runs of one log must not share a category: a second one gets its bundle's position.
fn dedupe_categories(runs: &mut [Run]) {
    let mut seen = std::collections::BTreeSet::new();
    for (index, run) in runs.iter_mut().enumerate() {
        let Some(details) = run.automation_details.as_mut() else {
            continue;
        };
        let id = details.id.clone().unwrap_or_default();
        if !seen.insert(id.clone()) {
            let unique = format!("{}{}/", id, index + 1);
            seen.insert(unique.clone());
            details.id = Some(unique);
        }
    }
}

/// The last component of `path` (`ads/spring.csv` → `spring.csv`).
pub(crate) fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The bundle as an artifact location: relative to `%SRCROOT%` when under it, else a `file:` URI.
fn artifact_location(path: &str, options: &SarifOptions) -> ArtifactLocation {
    let Some(root) = options.srcroot.as_deref() else {
        return ArtifactLocation {
            uri: Some(uri(path)),
            ..ArtifactLocation::default()
        };
    };
    let absolute = normalize(&root.join(path));
    match absolute.strip_prefix(normalize(root)) {
        Ok(relative) => ArtifactLocation {
            uri: Some(uri(&relative.to_string_lossy())),
            uri_base_id: Some(SRCROOT.to_string()),
            ..ArtifactLocation::default()
        },
        Err(_) => ArtifactLocation {
            uri: Some(format!("file://{}", uri(&absolute.to_string_lossy()))),
            ..ArtifactLocation::default()
        },
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system (the bundle may be gone).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Which rules may fire on a bundle that complies: those that conclude from an absence (no consent
/// call, no notice text, no opt-out wording) see only what the bundle holds, so a server-side
/// notice or a consent screen built from web content is invisible to them.
fn precision(code: &str) -> &'static str {
    match code {
        "SL205" | "SL301" | "SL302" | "SL303" | "SL401" | "SL502" | "SL602" => "medium",
        _ => "high",
    }
}

fn problem_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "recommendation",
    }
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

pub(crate) fn level_str(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn text(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

fn clause_str(clause: rules::Clause) -> String {
    enum_str(&clause)
}

fn enum_str(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A URI reference for a path: `/` separators, RFC 3986 percent-encoding of the rest.
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

    #[test]
    fn bundles_under_the_working_directory_are_relative_to_srcroot() {
        let options = SarifOptions {
            srcroot: Some(PathBuf::from("/ci/checkout")),
            baseline: false,
        };
        let inside = artifact_location("build/./out/../app.apk", &options);
        assert_eq!(inside.uri.as_deref(), Some("build/app.apk"));
        assert_eq!(inside.uri_base_id.as_deref(), Some(SRCROOT));
        let absolute_inside = artifact_location("/ci/checkout/app.apk", &options);
        assert_eq!(absolute_inside.uri.as_deref(), Some("app.apk"));
        let outside = artifact_location("../elsewhere/my app.apk", &options);
        assert_eq!(
            outside.uri.as_deref(),
            Some("file:///ci/elsewhere/my%20app.apk")
        );
        assert_eq!(outside.uri_base_id, None);
    }

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("one two three four", 10), "one two…");
        assert!(
            truncate(&"word ".repeat(400), MAX_DESCRIPTION_CHARS)
                .chars()
                .count()
                <= 1024
        );
    }
}
