//! JUnit XML (`--format junit`), for CI systems that show test reports (GitLab, Jenkins, Azure).
//!
//! A test suite per bundle and a test case per rule: a rule with findings at or above
//! `--fail-on` is a failed test case listing them; findings below it are in `<system-out>`; a
//! bundle that could not be read at all is a suite with one errored case.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::BundleReport;
use crate::rules::{self, Finding, Severity};

pub use super::Unreadable;

/// Render the run. `threshold` is `--fail-on` (`None` for `never`).
pub fn render(
    reports: &[BundleReport],
    unreadable: &[Unreadable<'_>],
    threshold: Option<Severity>,
) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let failing = |f: &&Finding| f.counts_toward_fail_on(threshold);
    let total_tests = reports.len() * rules::ALL.len() + unreadable.len();
    let total_failures: usize = reports
        .iter()
        .map(|r| {
            rules::ALL
                .iter()
                .filter(|rule| {
                    r.findings
                        .iter()
                        .filter(failing)
                        .any(|f| f.rule == rule.code)
                })
                .count()
        })
        .sum();
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut suites = BytesStart::new("testsuites");
    suites.push_attribute(("name", "sdklint"));
    suites.push_attribute(("tests", total_tests.to_string().as_str()));
    suites.push_attribute(("failures", total_failures.to_string().as_str()));
    suites.push_attribute(("errors", unreadable.len().to_string().as_str()));
    let _ = w.write_event(Event::Start(suites));

    for report in reports {
        let failures = rules::ALL
            .iter()
            .filter(|rule| {
                report
                    .findings
                    .iter()
                    .filter(failing)
                    .any(|f| f.rule == rule.code)
            })
            .count();
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", report.facts.path.as_str()));
        suite.push_attribute(("tests", rules::ALL.len().to_string().as_str()));
        suite.push_attribute(("failures", failures.to_string().as_str()));
        suite.push_attribute(("errors", "0"));
        let _ = w.write_event(Event::Start(suite));
        for rule in rules::ALL {
            let findings: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.rule == rule.code && !f.suppressed)
                .collect();
            let mut case = BytesStart::new("testcase");
            let name = format!("{} {}", rule.code, rule.name);
            case.push_attribute(("name", name.as_str()));
            case.push_attribute(("classname", report.facts.path.as_str()));
            let _ = w.write_event(Event::Start(case));
            let (failed, passed): (Vec<&Finding>, Vec<&Finding>) =
                findings.iter().partition(|f| failing(f));
            if !failed.is_empty() {
                let mut failure = BytesStart::new("failure");
                let message = failed
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                failure.push_attribute(("message", message.as_str()));
                failure.push_attribute(("type", failed[0].severity.as_str()));
                let _ = w.write_event(Event::Start(failure));
                let _ = w.write_event(Event::Text(BytesText::new(&details(&failed))));
                let _ = w.write_event(Event::End(BytesEnd::new("failure")));
            }
            if !passed.is_empty() {
                let _ = w.write_event(Event::Start(BytesStart::new("system-out")));
                let _ = w.write_event(Event::Text(BytesText::new(&details(&passed))));
                let _ = w.write_event(Event::End(BytesEnd::new("system-out")));
            }
            let _ = w.write_event(Event::End(BytesEnd::new("testcase")));
        }
        let _ = w.write_event(Event::End(BytesEnd::new("testsuite")));
    }

    for bundle in unreadable {
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(("name", bundle.path));
        suite.push_attribute(("tests", "1"));
        suite.push_attribute(("failures", "0"));
        suite.push_attribute(("errors", "1"));
        let _ = w.write_event(Event::Start(suite));
        let mut case = BytesStart::new("testcase");
        case.push_attribute(("name", "read bundle"));
        case.push_attribute(("classname", bundle.path));
        let _ = w.write_event(Event::Start(case));
        let mut error = BytesStart::new("error");
        error.push_attribute(("message", bundle.message));
        let _ = w.write_event(Event::Empty(error));
        let _ = w.write_event(Event::End(BytesEnd::new("testcase")));
        let _ = w.write_event(Event::End(BytesEnd::new("testsuite")));
    }

    let _ = w.write_event(Event::End(BytesEnd::new("testsuites")));
    let mut out = String::from_utf8(w.into_inner()).expect("quick-xml writes UTF-8");
    out.push('\n');
    out
}

/// One block per finding: severity, message, evidence lines.
fn details(findings: &[&Finding]) -> String {
    let mut text = String::new();
    for f in findings {
        text.push_str(&format!("{}: {}\n", f.severity.as_str(), f.message));
        for ev in &f.evidence {
            text.push_str(&format!("  {}: {}\n", ev.file, ev.locator));
        }
    }
    text
}
