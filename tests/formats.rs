//! Machine and review formats of `sdklint check`: SARIF (its GitHub side is in `sarif.rs`),
//! JUnit (parsed back with a real XML parser), Markdown (snapshot), `-o FILE`.

mod common;

use assert_cmd::Command;
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn sarif_results_carry_rule_level_location_and_fingerprint() {
    let (code, out) = run(&[
        "check",
        "--format",
        "sarif",
        "fixtures/appsflyer-adjust-no-adid.apk",
    ]);
    assert_eq!(code, 1, "SL301 is an error");
    let log: Value = serde_json::from_str(&out).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| {
        r["id"] == "SL103"
            && r["defaultConfiguration"]["level"] == "warning"
            && r["help"]["text"]
                .as_str()
                .unwrap()
                .contains("## How to fix")
    }));
    let results = run["results"].as_array().unwrap();
    let sl103 = results.iter().find(|r| r["ruleId"] == "SL103").unwrap();
    assert_eq!(sl103["level"], "warning");
    assert_eq!(
        rules[sl103["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "SL103"
    );
    let location = &sl103["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/appsflyer-adjust-no-adid.apk"
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "AndroidManifest.xml!uses-sdk targetSdkVersion=34"
    );
    let info = results.iter().find(|r| r["ruleId"] == "SL101").unwrap();
    assert_eq!(info["level"], "note");
}

/// `(suite name, tests, failures)` and the failing test case names, read back with quick-xml.
fn parse_junit(xml: &str) -> (Vec<(String, usize, usize)>, Vec<String>) {
    let mut reader = Reader::from_str(xml);
    let mut suites = Vec::new();
    let mut failing = Vec::new();
    let mut case = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| -> String {
                    e.try_get_attribute(name)
                        .unwrap()
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    "testsuite" => suites.push((
                        attr("name"),
                        attr("tests").parse().unwrap(),
                        attr("failures").parse().unwrap(),
                    )),
                    "testcase" => case = attr("name"),
                    "failure" => failing.push(case.clone()),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (suites, failing)
}

#[test]
fn junit_parses_back_with_failures_at_fail_on() {
    let (code, xml) = run(&[
        "check",
        "--format",
        "junit",
        "--fail-on",
        "warning",
        "fixtures/appsflyer-adjust.apk",
        "fixtures/appsflyer-adjust-no-adid.apk",
    ]);
    assert_eq!(code, 1);
    let (suites, failing) = parse_junit(&xml);
    let rules = sdklint::rules::ALL.len();
    assert_eq!(
        suites,
        [
            ("fixtures/appsflyer-adjust.apk".to_string(), rules, 3),
            (
                "fixtures/appsflyer-adjust-no-adid.apk".to_string(),
                rules,
                4
            ),
        ]
    );
    assert_eq!(
        failing,
        [
            "SL205 no-privacy-notice-surface",
            "SL301 no-consent-mechanism",
            "SL401 no-opt-out-instructions",
            "SL103 ad-id-permission-missing",
            "SL205 no-privacy-notice-surface",
            "SL301 no-consent-mechanism",
            "SL401 no-opt-out-instructions",
        ]
    );

    // At --fail-on info the SL101 cases fail too; at never nothing fails.
    let (_, xml) = run(&[
        "check",
        "--format",
        "junit",
        "--fail-on",
        "info",
        "fixtures/appsflyer-adjust.apk",
    ]);
    assert_eq!(
        parse_junit(&xml).1,
        [
            "SL101 conversion-tracking-sdk",
            "SL205 no-privacy-notice-surface",
            "SL301 no-consent-mechanism",
            "SL401 no-opt-out-instructions",
        ]
    );
    let (code, xml) = run(&[
        "check",
        "--format",
        "junit",
        "--fail-on",
        "never",
        "fixtures/appsflyer-adjust-no-adid.apk",
    ]);
    assert_eq!(code, 0);
    assert!(parse_junit(&xml).1.is_empty());
}

#[test]
fn junit_reports_an_unreadable_bundle_as_an_error() {
    let dir = tempfile::TempDir::new().unwrap();
    let bad = dir.path().join("bad.apk");
    std::fs::write(&bad, "not an apk").unwrap();
    let (code, xml) = run(&["check", "--format", "junit", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(xml.contains("errors=\"1\""), "{xml}");
    assert!(xml.contains("not a recognised bundle"), "{xml}");
}

#[test]
fn markdown_snapshot() {
    let (_, md) = run(&[
        "check",
        "--format",
        "markdown",
        "fixtures/appsflyer-adjust-no-adid.apk",
        "fixtures/no-sdk.apk",
    ]);
    insta::assert_snapshot!(md);
}

#[test]
fn output_file_gets_the_report() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("report.json");
    let (code, stdout) = run(&[
        "check",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
        "fixtures/appsflyer-adjust.apk",
    ]);
    assert_eq!(code, 1, "SL301 is an error");
    assert!(stdout.is_empty());
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["bundles"][0]["app"]["id"], "com.example.shop");
}

/// One analysis, several reports: `--output FORMAT=PATH` (repeatable) writes each format, the
/// `--format` report still goes to stdout, and the exit code is the gate's.
#[test]
fn one_run_writes_several_formats() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (code, stdout) = run(&[
        "check",
        "--output",
        &format!("sarif={}", path("sdklint.sarif")),
        "--output",
        &format!("html={}", path("report.html")),
        "--output",
        &format!("JSON={}", path("report.json")),
        "--output",
        &format!("markdown={}", path("summary.md")),
        "--output",
        &format!("jsonl={}", path("report.jsonl")),
        "fixtures/appsflyer-adjust-no-adid.apk",
        "fixtures/README.md",
    ]);
    assert_eq!(code, 2, "README.md is no bundle");
    assert!(
        stdout.starts_with("fixtures/appsflyer-adjust-no-adid.apk\n  android apk"),
        "{stdout}"
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let sarif: Value = serde_json::from_str(&read("sdklint.sarif")).unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 2);
    assert_eq!(
        sarif["runs"][1]["invocations"][0]["executionSuccessful"],
        false
    );
    let json: Value = serde_json::from_str(&read("report.json")).unwrap();
    assert_eq!(json["bundles"][0]["app"]["id"], "com.example.shop");
    let lines: Vec<Value> = read("report.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["path"], "fixtures/README.md");
    assert!(lines[1]["error"].is_string());
    assert!(read("report.html").starts_with("<!DOCTYPE html>"));
    assert!(read("summary.md").contains("SL301"));

    // `--quiet` silences stdout only; the files are still written.
    let (code, stdout) = run(&[
        "check",
        "--quiet",
        "--output",
        &format!("junit={}", path("junit.xml")),
        "fixtures/appsflyer-adjust-no-adid.apk",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(read("junit.xml").contains("<testsuites"));
}

#[test]
fn output_values_it_cannot_use_are_usage_errors() {
    let cases: [(&[&str], &str); 2] = [
        (&["-o", "a.txt", "-o", "b.txt"], "only one plain FILE"),
        (&["--output", "sarif="], "no path after `=`"),
    ];
    for (args, message) in cases {
        let out = Command::cargo_bin("sdklint")
            .unwrap()
            .arg("check")
            .args(args)
            .arg("fixtures/no-sdk.apk")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(message), "{stderr}");
    }
}

/// JSON and JSON Lines are streamed to their file or stdout (never held whole): the bytes are
/// the library's rendering, and a file that cannot be created is one error line and exit 2.
#[test]
fn streamed_json_is_the_rendered_json_and_write_errors_exit_2() {
    let bundle = "fixtures/appsflyer-adjust-no-adid.apk";
    let report = sdklint::lint(std::path::Path::new(bundle), &sdklint::Options::default()).unwrap();
    let (code, stdout) = run(&["check", "--format", "json", bundle]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        sdklint::report::json::render(std::slice::from_ref(&report))
    );

    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args([
            "check",
            "--format",
            "jsonl",
            "--output",
            "/nonexistent-dir/r.jsonl",
            bundle,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot write /nonexistent-dir/r.jsonl"),
        "{stderr}"
    );
}
