//! The reports of `sdklint copy`: the formats of `sdklint check` (text, JSON, SARIF, JUnit,
//! Markdown) for ad files instead of bundles.
//!
//! Kept apart from the bundle reports because an ad file has no app, SDKs or policy status, but
//! built from the same parts: [`Finding`] and its [`FindingStatus`], [`Finding::fingerprint`]
//! under the same SARIF keys, one SARIF run builder, the SARIF level and URI helpers, and `--fail-on` through
//! [`Finding::counts_toward_fail_on`]. Findings carry a line, so every format shows
//! `file:line` and SARIF gives it as `region.startLine`.

use std::collections::BTreeMap;
use std::fmt::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Serialize;
use serde_json::json;
use serde_sarif::sarif::Run;

use crate::copy::{AdFinding, CopyReport};
use crate::finding_id::FindingStatus;
use crate::inventory::Inventory;
use crate::rules::{self, Severity};

use super::sarif::{self, Located, SarifOptions};

/// A file that could not be read at all, for the reports that list it.
pub use super::Unreadable;

/// Counts of active findings per severity, and of suppressed and baselined ones.
fn tally(report: &CopyReport) -> (usize, usize, usize, usize) {
    let (mut errors, mut warnings, mut infos, mut suppressed) = (0, 0, 0, 0);
    for f in &report.findings {
        match (f.finding.status(), f.finding.severity) {
            (FindingStatus::Active, Severity::Error) => errors += 1,
            (FindingStatus::Active, Severity::Warning) => warnings += 1,
            (FindingStatus::Active, Severity::Info) => infos += 1,
            _ => suppressed += 1,
        }
    }
    (errors, warnings, infos, suppressed)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The text report: one line per active finding, `file:line  severity  code  name  message`,
/// then the records that could not be read and a summary.
pub fn text(report: &CopyReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({})",
        report.path,
        plural(report.ads, "ad", "ads"),
        report.format.as_str()
    );
    let shown: Vec<&AdFinding> = report
        .findings
        .iter()
        .filter(|f| f.finding.status() == FindingStatus::Active)
        .collect();
    let place_w = shown
        .iter()
        .map(|f| report.path.len() + 1 + f.line.to_string().len())
        .max()
        .unwrap_or(0);
    for f in &shown {
        let place = format!("{}:{}", report.path, f.line);
        // Ads without an id are named by their place, which the line already shows.
        let ad = if f.ad.starts_with(&format!("{}:", report.path)) {
            String::new()
        } else {
            format!("ad {} ", f.ad)
        };
        let _ = writeln!(
            out,
            "  {place:place_w$}  {:7}  {}  {}  {ad}{}: {}",
            f.finding.severity.as_str(),
            f.finding.rule,
            f.finding.name,
            f.field,
            f.finding.message
        );
        if let Some(note) = f.finding.suppression.as_ref().filter(|n| n.expired) {
            let expires = note.expires.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:place_w$}  note: suppression at {} expired on {expires} ({})",
                "", note.origin, note.reason
            );
        }
    }
    for err in &report.errors {
        let _ = writeln!(out, "  could not read {err}");
    }
    let (errors, warnings, infos, suppressed) = tally(report);
    let _ = write!(
        out,
        "  {} · {} · {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(infos, "info", "info")
    );
    if suppressed > 0 {
        let _ = write!(out, " · {suppressed} suppressed");
    }
    let _ = writeln!(out);
    out
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    /// `ad-copy`: this is the report of `sdklint copy`, not of `sdklint check`.
    kind: &'static str,
    files: Vec<FileJson<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    /// Null for a file that could not be read at all.
    format: Option<crate::copy::InputFormat>,
    ads: usize,
    findings: &'a [AdFinding],
    errors: Vec<ErrorJson<'a>>,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    line: Option<usize>,
    message: &'a str,
}

/// The JSON report: `{schema_version, tool, kind: "ad-copy", files: [{path, format, ads,
/// findings: [{ad, field, line, rule, name, severity, clause, message, evidence, suppressed, …}],
/// errors: [{line, message}]}]}`; a file that could not be read at all has its own entry with
/// `format: null`, `ads: 0` and the reason in `errors`.
pub fn json(reports: &[CopyReport], unreadable: &[Unreadable<'_>]) -> String {
    let mut files: Vec<FileJson<'_>> = reports
        .iter()
        .map(|r| FileJson {
            path: &r.path,
            format: Some(r.format),
            ads: r.ads,
            findings: &r.findings,
            errors: r
                .errors
                .iter()
                .map(|e| ErrorJson {
                    line: e.line,
                    message: &e.message,
                })
                .collect(),
        })
        .collect();
    let unread: Vec<FileJson<'_>> = unreadable
        .iter()
        .map(|u| FileJson {
            path: u.path,
            format: None,
            ads: 0,
            findings: &[],
            errors: vec![ErrorJson {
                line: None,
                message: u.message,
            }],
        })
        .collect();
    files.extend(unread);
    let doc = Document {
        schema_version: 1,
        tool: Tool {
            name: "sdklint",
            version: env!("CARGO_PKG_VERSION"),
        },
        kind: "ad-copy",
        files,
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("report values always serialize");
    out.push('\n');
    out
}

/// SARIF 2.1.0, through the run builder of the bundle reports (`report::sarif`): a run per ad
/// file (category `sdklint/copy/<file name>/`) whose driver lists the ad-copy rules, each result
/// at the finding's line as `region.startLine`, the ad's field as its logical location, and the
/// finding's fingerprint ([`Finding::fingerprint`]: rule, ad id, field and text with digits
/// folded; not the line, so moving an ad keeps it). Records that could not be read are tool
/// notifications; a file that could not be read at all is a failed run.
pub fn sarif(
    reports: &[CopyReport],
    unreadable: &[Unreadable<'_>],
    options: &SarifOptions,
) -> String {
    let no_sdks = Inventory::default();
    let mut runs: Vec<Run> = reports
        .iter()
        .map(|report| {
            let warnings: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
            let findings = report.findings.iter().map(|f| Located {
                finding: &f.finding,
                fingerprint: f.finding.fingerprint(&no_sdks),
                line: f.line,
                member: Some(format!("{} {}", f.ad, f.field)),
                properties: BTreeMap::from([
                    ("ad".to_string(), json!(f.ad)),
                    ("field".to_string(), json!(f.field)),
                ]),
            });
            let category = format!("sdklint/copy/{}/", sarif::file_name(&report.path));
            sarif::findings_run(
                &report.path,
                category,
                rules::AD_COPY,
                findings,
                &warnings,
                options,
            )
        })
        .collect();
    runs.extend(
        unreadable
            .iter()
            .map(|u| sarif::unreadable_run(u, rules::AD_COPY, options)),
    );
    sarif::render_runs(runs)
}

/// JUnit XML: a test suite per file and a test case per ad-copy rule, failed when it has
/// findings at or above `--fail-on` (`threshold`, `None` for `never`); a file that could not be
/// read, or has records that could not be, has an errored case.
pub fn junit(
    reports: &[CopyReport],
    unreadable: &[Unreadable<'_>],
    threshold: Option<Severity>,
) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let failing = |f: &&AdFinding| f.finding.counts_toward_fail_on(threshold);
    let failed_rules = |r: &CopyReport| {
        rules::AD_COPY
            .iter()
            .filter(|rule| {
                r.findings
                    .iter()
                    .filter(failing)
                    .any(|f| f.finding.rule == rule.code)
            })
            .count()
    };
    let read_errors = |r: &CopyReport| usize::from(!r.errors.is_empty());
    let tests: usize = reports
        .iter()
        .map(|r| rules::AD_COPY.len() + read_errors(r))
        .sum::<usize>()
        + unreadable.len();
    let failures: usize = reports.iter().map(failed_rules).sum();
    let errors: usize = reports.iter().map(read_errors).sum::<usize>() + unreadable.len();
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", "sdklint copy"));
    suites.push_attribute(("tests", tests.to_string().as_str()));
    suites.push_attribute(("failures", failures.to_string().as_str()));
    suites.push_attribute(("errors", errors.to_string().as_str()));
    let _ = w.write_event(Event::Start(suites));
    for report in reports {
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", report.path.as_str()));
        let count = rules::AD_COPY.len() + read_errors(report);
        suite.push_attribute(("tests", count.to_string().as_str()));
        suite.push_attribute(("failures", failed_rules(report).to_string().as_str()));
        suite.push_attribute(("errors", read_errors(report).to_string().as_str()));
        let _ = w.write_event(Event::Start(suite));
        for rule in rules::AD_COPY {
            let findings: Vec<&AdFinding> = report
                .findings
                .iter()
                .filter(|f| f.finding.rule == rule.code && !f.finding.suppressed)
                .collect();
            let mut case = BytesStart::new("testcase");
            let name = format!("{} {}", rule.code, rule.name);
            case.push_attribute(("name", name.as_str()));
            case.push_attribute(("classname", report.path.as_str()));
            let _ = w.write_event(Event::Start(case));
            let (failed, passed): (Vec<&AdFinding>, Vec<&AdFinding>) =
                findings.iter().partition(|f| failing(f));
            if let Some(first) = failed.first() {
                let mut failure = BytesStart::new("failure");
                let message = format!(
                    "{} in {}",
                    plural(failed.len(), "finding", "findings"),
                    report.path
                );
                failure.push_attribute(("message", message.as_str()));
                failure.push_attribute(("type", first.finding.severity.as_str()));
                let _ = w.write_event(Event::Start(failure));
                let _ = w.write_event(Event::Text(BytesText::new(&details(report, &failed))));
                let _ = w.write_event(Event::End(BytesEnd::new("failure")));
            }
            if !passed.is_empty() {
                let _ = w.write_event(Event::Start(BytesStart::new("system-out")));
                let _ = w.write_event(Event::Text(BytesText::new(&details(report, &passed))));
                let _ = w.write_event(Event::End(BytesEnd::new("system-out")));
            }
            let _ = w.write_event(Event::End(BytesEnd::new("testcase")));
        }
        if !report.errors.is_empty() {
            let message = report
                .errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            error_case(&mut w, &report.path, &message);
        }
        let _ = w.write_event(Event::End(BytesEnd::new("testsuite")));
    }
    for file in unreadable {
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", file.path));
        suite.push_attribute(("tests", "1"));
        suite.push_attribute(("failures", "0"));
        suite.push_attribute(("errors", "1"));
        let _ = w.write_event(Event::Start(suite));
        error_case(&mut w, file.path, file.message);
        let _ = w.write_event(Event::End(BytesEnd::new("testsuite")));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("testsuites")));
    let mut out = String::from_utf8(w.into_inner()).expect("quick-xml writes UTF-8");
    out.push('\n');
    out
}

fn error_case(w: &mut Writer<Vec<u8>>, path: &str, message: &str) {
    let mut case = BytesStart::new("testcase");
    case.push_attribute(("name", "read ad file"));
    case.push_attribute(("classname", path));
    let _ = w.write_event(Event::Start(case));
    let mut error = BytesStart::new("error");
    error.push_attribute(("message", message));
    let _ = w.write_event(Event::Empty(error));
    let _ = w.write_event(Event::End(BytesEnd::new("testcase")));
}

/// One line per finding: `file:line: severity: ad field: message`.
fn details(report: &CopyReport, findings: &[&AdFinding]) -> String {
    let mut text = String::new();
    for f in findings {
        let _ = writeln!(
            text,
            "{}:{}: {}: ad {} {}: {}",
            report.path,
            f.line,
            f.finding.severity.as_str(),
            f.ad,
            f.field,
            f.finding.message
        );
    }
    text
}

/// Markdown: a heading per file with its counts, and a table of the findings not suppressed.
pub fn markdown(reports: &[CopyReport]) -> String {
    let escape = |t: &str| t.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from("## sdklint copy\n");
    for report in reports {
        let (errors, warnings, infos, _) = tally(report);
        let icon = if errors > 0 {
            "❌"
        } else if warnings > 0 {
            "⚠️"
        } else {
            "✅"
        };
        let _ = writeln!(
            out,
            "\n### `{}`\n\n{icon} {} · {} · {} · {} info\n",
            escape(&report.path),
            plural(report.ads, "ad", "ads"),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            infos
        );
        let shown: Vec<&AdFinding> = report
            .findings
            .iter()
            .filter(|f| !matches!(f.finding.status(), FindingStatus::Suppressed { .. }))
            .collect();
        if !shown.is_empty() {
            out.push_str("| line | severity | rule | ad | finding |\n|---|---|---|---|---|\n");
            for f in shown {
                let _ = writeln!(
                    out,
                    "| {} | {} | `{}` {} | `{}` {} | {} |",
                    f.line,
                    f.finding.severity.as_str(),
                    f.finding.rule,
                    f.finding.name,
                    escape(&f.ad),
                    f.field,
                    escape(&f.finding.message)
                );
            }
            out.push('\n');
        }
        if !report.errors.is_empty() {
            let _ = writeln!(out, "Could not read: {}\n", report.errors.len());
        }
    }
    out
}
