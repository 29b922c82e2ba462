//! `sdklint.toml` (parsing, discovery, severity, disable, suppressions, expiry), baselines and the
//! rule listing, end to end on the committed fixtures.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};

use sdklint::config::{Config, Date};

fn sdklint() -> Command {
    Command::cargo_bin("sdklint").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn parse_err(text: &str) -> String {
    Config::parse("sdklint.toml", text).unwrap_err().to_string()
}

/// A temp dir holding `sdklint.toml` with `text`; returns (dir, path of the file).
fn config_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sdklint.toml");
    std::fs::write(&path, without_consent_rules(text)).unwrap();
    (dir, path)
}

/// The notice, consent, opt-out and children rules (tested in `rules_consent.rs`) fire on these
/// fixtures too; they are switched off at the end of every config written here, so that these
/// tests see the findings they are about and keep their line numbers.
const CONSENT_RULES: [&str; 5] = ["SL205", "SL301", "SL401", "SL501", "SL502"];

fn without_consent_rules(text: &str) -> String {
    let off: String = CONSENT_RULES
        .iter()
        .map(|code| format!("{code} = \"off\"\n"))
        .collect();
    let last_table = text.lines().rev().find(|l| l.trim_start().starts_with('['));
    if last_table.is_some_and(|l| l.trim() == "[severity]") {
        format!("{text}{off}")
    } else if text.contains("[severity]") {
        panic!("put [severity] last in a test config: {text}")
    } else {
        format!("{text}\n[severity]\n{off}")
    }
}

struct Run {
    code: i32,
    bundle: Value,
    stderr: String,
}

/// `check --format json --config <file with text> [extra] fixture`.
fn check_with(text: &str, fixture_name: &str, extra: &[&str]) -> Run {
    let (_dir, path) = config_file(text);
    let out = sdklint()
        .args(["check", "--format", "json", "--config"])
        .arg(&path)
        .args(extra)
        .arg(fixture(fixture_name))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Run {
        code: out.status.code().unwrap(),
        bundle: doc["bundles"][0].clone(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// (rule, main sdk, severity, suppressed, baselined) per finding, in report order.
fn summary(bundle: &Value) -> Vec<(String, String, String, bool, bool)> {
    bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["sdk"].as_str().unwrap_or("-").to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["suppressed"].as_bool().unwrap(),
                f["baselined"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn row(
    rule: &str,
    sdk: &str,
    sev: &str,
    sup: bool,
    base: bool,
) -> (String, String, String, bool, bool) {
    (rule.into(), sdk.into(), sev.into(), sup, base)
}

// ---- parsing ----------------------------------------------------------------------------------

#[test]
fn a_full_config_parses() {
    let config = Config::parse(
        "sdklint.toml",
        r#"
markets = ["US", "EU", "US"]
political_certified = true
disable = ["SL902"]
baseline = "base.json"

[severity]
SL103 = "error"
conversion-tracking-sdk = "off"

[[ignore]]
rule = "collection-before-consent"
sdk = "facebook-app-events"
bundle = "**/*-debug.apk"
reason = "  consent collected by the host app  "
expires = 2027-01-31
"#,
    )
    .unwrap();
    assert_eq!(config.markets, ["US", "EU"]);
    assert!(!config.us_only());
    assert!(config.political_certified);
    assert_eq!(
        config.disabled.iter().copied().collect::<Vec<_>>(),
        ["SL902"]
    );
    assert_eq!(config.baseline, Some(PathBuf::from("base.json")));
    use sdklint::rules::Severity;
    assert_eq!(
        config.severity_of("SL103", Severity::Warning),
        Some(Severity::Error)
    );
    assert_eq!(config.severity_of("SL101", Severity::Info), None);
    assert_eq!(config.severity_of("SL902", Severity::Warning), None);
    assert_eq!(
        config.severity_of("SL302", Severity::Warning),
        Some(Severity::Warning)
    );
    let entry = &config.ignore[0];
    assert_eq!(entry.rule, "SL302");
    assert_eq!(entry.sdk.as_deref(), Some("facebook-app-events"));
    assert_eq!(entry.reason, "consent collected by the host app");
    assert_eq!(entry.origin, "sdklint.toml:11");
    assert_eq!(entry.expires.unwrap().to_string(), "2027-01-31");
    assert!(entry.matches_bundle("build/outputs/app-debug.apk"));
    assert!(!entry.matches_bundle("build/outputs/app-release.apk"));
    assert!(!entry.is_expired(Date {
        year: 2027,
        month: 1,
        day: 30
    }));
    assert!(entry.is_expired(Date {
        year: 2027,
        month: 1,
        day: 31
    }));

    let us = Config::parse("f", "markets = [\"US\"]").unwrap();
    assert!(us.us_only());
    assert_eq!(Config::parse("f", "").unwrap(), Config::default());
}

#[test]
fn parse_errors_name_file_line_and_key() {
    let cases: &[(&str, &str)] = &[
        (
            "markets = [\"US\"]\ncolour = \"red\"\n",
            "sdklint.toml:2:1: unknown field `colour`, expected one of `markets`, `political_certified`, `x_conversion_tracking`, `severity`, `disable`, `ignore`, `baseline`",
        ),
        (
            "[severity]\nSL103 = \"fatal\"\n",
            "sdklint.toml:2:9: severity.SL103: \"fatal\" is not a severity (error, warning, info, off)",
        ),
        (
            "[severity]\nSL999 = \"error\"\n",
            "sdklint.toml:2:1: severity.SL999: \"SL999\" is not a rule code or name (see `sdklint rules`)",
        ),
        (
            "[[ignore]]\nrule = \"SL103\"\nsdk = \"adjust\"\n",
            "sdklint.toml:1:1: missing field `reason`",
        ),
        (
            "[[ignore]]\nrule = \"SL103\"\nreason = \"  \"\n",
            "sdklint.toml:3:10: ignore[0].reason: is empty: say why the finding does not apply",
        ),
        (
            "[[ignore]]\nrule = \"SL103\"\nreason = \"r\"\nexpires = \"2027-01-31\"\n",
            "sdklint.toml:4:11: invalid type: string \"2027-01-31\", expected a TOML datetime",
        ),
        (
            "[[ignore]]\nrule = \"SL103\"\nreason = \"r\"\nexpires = 2027-02-30\n",
            "sdklint.toml:4:11: invalid date, expected day between 01 and 28",
        ),
        (
            "[[ignore]]\nrule = \"SL103\"\nreason = \"r\"\nexpires = 2027-01-31T10:00:00Z\n",
            "sdklint.toml:4:11: ignore[0].expires: 2027-01-31T10:00:00Z is not a date: write a bare date such as 2027-01-31",
        ),
        (
            "[[ignore]]\nrule = \"SL103\"\nsdk = \"adjsut\"\nreason = \"r\"\n",
            "sdklint.toml:3:7: ignore[0].sdk: \"adjsut\" is not an SDK id (see sdks/)",
        ),
        (
            "[[ignore]]\nrule = \"SL103\"\nbundle = \"a[\"\nreason = \"r\"\n",
            "sdklint.toml:3:10: ignore[0].bundle: bad glob: unclosed character class; missing ']'",
        ),
        (
            "[[ignore]]\nrule = \"SL103\"\nreason = \"r\"\n[[ignore]]\nrule = \"sl-nope\"\nreason = \"r\"\n",
            "sdklint.toml:5:8: ignore[1].rule: \"sl-nope\" is not a rule code or name (see `sdklint rules`)",
        ),
        (
            "markets = [\"US\", \"usa\"]\n",
            "sdklint.toml:1:18: markets[1]: \"usa\" is not an ISO 3166-1 alpha-2 code such as \"US\" or \"EU\"",
        ),
        (
            "political_certified = \"yes\"\n",
            "sdklint.toml:1:23: invalid type: string \"yes\", expected a boolean",
        ),
        (
            "disable = [\"SL205x\"]\n",
            "sdklint.toml:1:12: disable[0]: \"SL205x\" is not a rule code or name (see `sdklint rules`)",
        ),
        (
            "markets = [\n",
            "sdklint.toml:1:12: unclosed array, expected `]`",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_err(text), *expected, "{text}");
    }
}

#[test]
fn a_bad_config_is_exit_2_with_one_line() {
    let (_dir, path) = config_file("[severity]\nSL103 = \"fatal\"\n");
    let out = sdklint()
        .args(["check", "--config"])
        .arg(&path)
        .arg(fixture("no-sdk.apk"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {}:2:9: severity.SL103: \"fatal\" is not a severity (error, warning, info, off)\n",
            path.display()
        )
    );
    let out = sdklint()
        .args(["check", "--config", "/nonexistent/sdklint.toml"])
        .arg(fixture("no-sdk.apk"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: /nonexistent/sdklint.toml: cannot read: "),
        "{stderr}"
    );
}

// ---- discovery --------------------------------------------------------------------------------

#[test]
fn discovery_walks_up_and_stops_at_the_repository_root() {
    let root = tempfile::tempdir().unwrap();
    let deep = root.path().join("a/b/c");
    std::fs::create_dir_all(&deep).unwrap();
    assert_eq!(Config::discover(&deep), None);

    let found = root.path().join("a/sdklint.toml");
    std::fs::write(&found, "").unwrap();
    assert_eq!(Config::discover(&deep), Some(found.clone()));
    // The nearest file wins.
    let nearer = root.path().join("a/b/sdklint.toml");
    std::fs::write(&nearer, "").unwrap();
    assert_eq!(Config::discover(&deep), Some(nearer.clone()));
    std::fs::remove_file(&nearer).unwrap();

    // A `.git` in b (a file, as in a worktree) makes b the root: a/sdklint.toml is outside.
    std::fs::write(root.path().join("a/b/.git"), "gitdir: elsewhere\n").unwrap();
    assert_eq!(Config::discover(&deep), None);
    // ... but a file in the root itself is found.
    std::fs::write(&nearer, "").unwrap();
    assert_eq!(Config::discover(&deep), Some(nearer));
}

#[test]
fn the_cli_uses_the_discovered_file() {
    let root = tempfile::tempdir().unwrap();
    let deep = root.path().join("app/src");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(
        root.path().join("sdklint.toml"),
        without_consent_rules("disable = [\"SL103\"]\n"),
    )
    .unwrap();
    let out = sdklint()
        .current_dir(&deep)
        .args(["check", "--format", "json", "--fail-on", "warning"])
        .arg(fixture("appsflyer-adjust-no-adid.apk"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary(&doc["bundles"][0]),
        [
            row("SL101", "adjust", "info", false, false),
            row("SL101", "appsflyer", "info", false, false),
        ]
    );
    // A broken discovered file is an error too.
    std::fs::write(root.path().join("sdklint.toml"), "disable = 3\n").unwrap();
    let out = sdklint()
        .current_dir(&deep)
        .args(["check"])
        .arg(fixture("no-sdk.apk"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.ends_with("sdklint.toml:1:11: invalid type: integer `3`, expected a sequence\n"),
        "{stderr}"
    );
}

// ---- severity and disable ---------------------------------------------------------------------

#[test]
fn severity_overrides_and_disable_change_findings_and_exit_code() {
    let fx = "appsflyer-adjust-no-adid.apk";
    let run = check_with("", fx, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        summary(&run.bundle),
        [
            row("SL103", "adjust", "warning", false, false),
            row("SL101", "adjust", "info", false, false),
            row("SL101", "appsflyer", "info", false, false),
        ]
    );

    let run = check_with("[severity]\nSL103 = \"error\"\n", fx, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.bundle["findings"][0]["severity"], "error");

    // Raised above the others, SL101 now sorts first.
    let run = check_with(
        "[severity]\nconversion-tracking-sdk = \"warning\"\nSL103 = \"info\"\n",
        fx,
        &["--fail-on", "warning"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        summary(&run.bundle),
        [
            row("SL101", "adjust", "warning", false, false),
            row("SL101", "appsflyer", "warning", false, false),
            row("SL103", "adjust", "info", false, false),
        ]
    );

    let run = check_with(
        "disable = [\"ad-id-permission-missing\"]\n",
        fx,
        &["--fail-on", "warning"],
    );
    assert_eq!(run.code, 0);
    assert_eq!(summary(&run.bundle).len(), 2);

    let run = check_with("[severity]\nSL101 = \"off\"\n", fx, &["--fail-on", "info"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        summary(&run.bundle),
        [row("SL103", "adjust", "warning", false, false)]
    );
}

// ---- suppressions -----------------------------------------------------------------------------

#[test]
fn suppression_by_rule_stays_in_json_and_does_not_fail() {
    let text = "[[ignore]]\nrule = \"SL103\"\nreason = \"kids build: no ad id on purpose\"\n";
    let run = check_with(
        text,
        "appsflyer-adjust-no-adid.apk",
        &["--fail-on", "warning"],
    );
    assert_eq!(run.code, 0);
    let sl103 = &run.bundle["findings"][0];
    assert_eq!(sl103["rule"], "SL103");
    assert_eq!(sl103["suppressed"], true);
    let origin = sl103["suppression"]["origin"].as_str().unwrap();
    assert_eq!(
        sl103["suppression"],
        json!({"reason": "kids build: no ad id on purpose", "origin": origin, "expires": null, "expired": false})
    );
    assert!(
        sl103["suppression"]["origin"]
            .as_str()
            .unwrap()
            .ends_with("sdklint.toml:1")
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn the_text_report_counts_suppressed_findings() {
    let (_dir, path) = config_file("[[ignore]]\nrule = \"SL103\"\nreason = \"r\"\n");
    let out = sdklint()
        .args(["check", "--config"])
        .arg(&path)
        .arg(fixture("appsflyer-adjust-no-adid.apk"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("SL103"), "{text}");
    assert!(
        text.ends_with("  2 SDKs · 0 errors · 0 warnings · 2 info · 1 suppressed\n"),
        "{text}"
    );
}

#[test]
fn suppression_by_sdk() {
    let text = "[[ignore]]\nrule = \"SL101\"\nsdk = \"appsflyer\"\nreason = \"r\"\n";
    let run = check_with(text, "appsflyer-adjust-no-adid.apk", &["--fail-on", "info"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        summary(&run.bundle),
        [
            row("SL103", "adjust", "warning", false, false),
            row("SL101", "adjust", "info", false, false),
            row("SL101", "appsflyer", "info", true, false),
        ]
    );
    // SL103 names both SDKs: an entry for one of them leaves it active (it still speaks for
    // the other), entries for both suppress it.
    let text = "[[ignore]]\nrule = \"SL103\"\nsdk = \"appsflyer\"\nreason = \"r\"\n";
    let run = check_with(text, "appsflyer-adjust-no-adid.apk", &[]);
    assert_eq!(run.bundle["findings"][0]["rule"], "SL103");
    assert_eq!(run.bundle["findings"][0]["suppressed"], false);
    let text = "[[ignore]]\nrule = \"SL103\"\nsdk = \"appsflyer\"\nreason = \"r\"\n\
                [[ignore]]\nrule = \"SL103\"\nsdk = \"adjust\"\nreason = \"r\"\n";
    let run = check_with(text, "appsflyer-adjust-no-adid.apk", &[]);
    assert_eq!(run.bundle["findings"][0]["suppressed"], true);
}

#[test]
fn suppression_by_bundle_glob() {
    let cases: &[(&str, &str, bool)] = &[
        ("*-no-adid.apk", "appsflyer-adjust-no-adid.apk", true),
        ("*-no-adid.apk", "appsflyer-adjust.apk", false),
        (
            "**/fixtures/appsflyer-*.apk",
            "appsflyer-adjust-no-adid.apk",
            true,
        ),
        ("**/fixtures/appsflyer-*.apk", "appsflyer-adjust.apk", true),
        (
            "**/fixtures/appsflyer-*.apk",
            "facebook-firebase.apk",
            false,
        ),
        // `*` does not cross `/`: the fixtures are given as absolute paths.
        ("*/appsflyer-*.apk", "appsflyer-adjust.apk", false),
    ];
    for (glob, fx, suppressed) in cases {
        let text = format!("[[ignore]]\nrule = \"SL101\"\nbundle = \"{glob}\"\nreason = \"r\"\n");
        let run = check_with(&text, fx, &["--fail-on", "info"]);
        let findings = run.bundle["findings"].as_array().unwrap();
        let sl101: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "SL101").collect();
        assert!(!sl101.is_empty());
        for f in sl101 {
            assert_eq!(f["suppressed"], *suppressed, "{glob} on {fx}");
        }
    }
}

#[test]
fn an_expired_suppression_stops_suppressing_and_says_so() {
    let text = "[[ignore]]\nrule = \"SL103\"\nreason = \"until the kids build ships\"\nexpires = 2020-01-31\n";
    let (_dir, path) = config_file(text);
    let run = check_with(
        text,
        "appsflyer-adjust-no-adid.apk",
        &["--fail-on", "warning"],
    );
    assert_eq!(run.code, 1);
    let sl103 = &run.bundle["findings"][0];
    assert_eq!(sl103["suppressed"], false);
    assert_eq!(sl103["suppression"]["expired"], true);
    assert_eq!(sl103["suppression"]["expires"], "2020-01-31");
    assert_eq!(sl103["suppression"]["reason"], "until the kids build ships");
    assert!(
        run.stderr.starts_with("warning: ")
            && run.stderr.ends_with(
                "sdklint.toml:1: suppression of SL103 expired on 2020-01-31 and no longer applies (until the kids build ships)\n"
            ),
        "{}",
        run.stderr
    );

    let out = sdklint()
        .args(["check", "--config"])
        .arg(&path)
        .arg(fixture("appsflyer-adjust-no-adid.apk"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let note = format!(
        "             note: suppression at {}:1 expired on 2020-01-31 (until the kids build ships)\n",
        path.display()
    );
    assert!(text.contains(&note), "{text}");
    assert!(text.ends_with("· 1 warning · 2 info\n"), "{text}");

    // Far in the future it still suppresses.
    let text = text_with_expiry("2999-12-31");
    let run = check_with(
        &text,
        "appsflyer-adjust-no-adid.apk",
        &["--fail-on", "warning"],
    );
    assert_eq!(run.code, 0);
    assert_eq!(run.bundle["findings"][0]["suppressed"], true);
    assert_eq!(run.stderr, "");
}

fn text_with_expiry(date: &str) -> String {
    format!("[[ignore]]\nrule = \"SL103\"\nreason = \"r\"\nexpires = {date}\n")
}

// ---- baseline ---------------------------------------------------------------------------------

fn baseline_of(fixtures: &[&str]) -> String {
    let out = sdklint()
        .arg("baseline")
        .args(fixtures.iter().map(|f| fixture(f)))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn baseline_file_holds_fingerprints() {
    let text = baseline_of(&["appsflyer-adjust-no-adid.apk", "facebook-firebase.apk"]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc,
        json!({
            "sdklint_baseline": 1,
            "findings": [
                {"rule": "SL101", "sdks": ["adjust"], "evidence": [], "count": 1},
                {"rule": "SL101", "sdks": ["appsflyer"], "evidence": [], "count": 1},
                {"rule": "SL101", "sdks": ["facebook-app-events"], "evidence": [], "count": 1},
                {"rule": "SL101", "sdks": ["firebase-analytics"], "evidence": [], "count": 1},
                {"rule": "SL103", "sdks": ["adjust", "appsflyer"], "evidence": ["uses-sdk targetSdkVersion=#"], "count": 1},
                {"rule": "SL205", "sdks": ["adjust", "appsflyer"], "evidence": [], "count": 1},
                {"rule": "SL205", "sdks": ["facebook-app-events", "firebase-analytics"], "evidence": [], "count": 1},
                {"rule": "SL301", "sdks": ["adjust", "appsflyer"], "evidence": [], "count": 1},
                {"rule": "SL302", "sdks": ["facebook-app-events"], "evidence": ["meta-data com.facebook.sdk.AdvertiserIDCollectionEnabled"], "count": 1},
                {"rule": "SL401", "sdks": ["adjust", "appsflyer"], "evidence": [], "count": 1},
            ]
        })
    );
    // Deterministic: the same bundles give the same bytes, in any order.
    assert_eq!(
        baseline_of(&["facebook-firebase.apk", "appsflyer-adjust-no-adid.apk"]),
        text
    );
}

#[test]
fn baseline_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sdklint-baseline.json");
    std::fs::write(&file, baseline_of(&["appsflyer-adjust-no-adid.apk"])).unwrap();
    let base = file.to_str().unwrap();

    // The same bundle: every finding is known, nothing fails.
    let run = check_with(
        "",
        "appsflyer-adjust-no-adid.apk",
        &["--baseline", base, "--fail-on", "info"],
    );
    assert_eq!(run.code, 0);
    assert!(
        summary(&run.bundle).iter().all(|r| r.4),
        "{:?}",
        summary(&run.bundle)
    );

    // Another bundle: its SL101s for adjust and appsflyer are known, its SL103 would be too.
    let run = check_with(
        "",
        "appsflyer-adjust.apk",
        &["--baseline", base, "--fail-on", "info"],
    );
    assert_eq!(run.code, 0);

    // A different app: its findings are new and fail.
    let run = check_with(
        "",
        "facebook-firebase.apk",
        &["--baseline", base, "--fail-on", "info"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        summary(&run.bundle),
        [
            row("SL101", "facebook-app-events", "info", false, false),
            row("SL101", "firebase-analytics", "info", false, false),
            // No X measurement partner: X's policy may apply, so SL302 is one step lower.
            row("SL302", "facebook-app-events", "info", false, false),
        ]
    );

    // A severity override does not make a known finding new.
    let run = check_with(
        "[severity]\nSL103 = \"error\"\n",
        "appsflyer-adjust-no-adid.apk",
        &["--baseline", base],
    );
    assert_eq!(run.code, 0);

    // The text report hides known findings and counts them.
    let out = sdklint()
        .args(["check", "--baseline", base])
        .arg(fixture("appsflyer-adjust-no-adid.apk"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("  Findings: none\n"), "{text}");
    assert!(
        text.ends_with("  2 SDKs · 0 errors · 0 warnings · 0 info · 6 baselined\n"),
        "{text}"
    );

    // The config's `baseline` key, relative to the config file, does the same.
    let config = dir.path().join("sdklint.toml");
    std::fs::write(&config, "baseline = \"sdklint-baseline.json\"\n").unwrap();
    let out = sdklint()
        .args(["check", "--fail-on", "info", "--config"])
        .arg(&config)
        .arg(fixture("appsflyer-adjust-no-adid.apk"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// With SL101 baselined and SL103 suppressed, nothing counts toward `--fail-on info`: the exit
/// code, JUnit, Markdown and SARIF all say so, each in its own way.
#[test]
fn reporters_and_exit_code_agree_on_baselined_and_suppressed_findings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sdklint-baseline.json");
    std::fs::write(&file, baseline_of(&["appsflyer-adjust-no-adid.apk"])).unwrap();
    let (_cfg_dir, config) = config_file("[[ignore]]\nrule = \"SL103\"\nreason = \"known\"\n");
    let run = |format: &str| {
        let out = sdklint()
            .args([
                "check",
                "--fail-on",
                "info",
                "--format",
                format,
                "--baseline",
            ])
            .arg(&file)
            .arg("--config")
            .arg(&config)
            .arg(fixture("appsflyer-adjust-no-adid.apk"))
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };

    let (code, json) = run("json");
    assert_eq!(code, 0, "{json}");
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        summary(&doc["bundles"][0]),
        [
            row("SL103", "adjust", "warning", true, false),
            row("SL101", "adjust", "info", false, true),
            row("SL101", "appsflyer", "info", false, true),
        ]
    );

    let (code, junit) = run("junit");
    assert_eq!(code, 0);
    assert!(
        junit.contains(r#"<testsuites name="sdklint" tests="#),
        "{junit}"
    );
    assert!(!junit.contains("<failure"), "{junit}");
    assert!(junit.contains(r#"failures="0""#), "{junit}");

    let (code, markdown) = run("markdown");
    assert_eq!(code, 0);
    assert_eq!(markdown.matches("*(baselined)*").count(), 2, "{markdown}");
    assert!(!markdown.contains("`SL103`"), "{markdown}");

    let (code, sarif) = run("sarif");
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let states: Vec<(String, Value, Value)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["baselineState"].clone(),
                r["suppressions"].clone(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            (
                "SL103".to_string(),
                Value::Null,
                json!([{"kind": "external", "justification": "known"}])
            ),
            ("SL101".to_string(), json!("unchanged"), Value::Null),
            ("SL101".to_string(), json!("unchanged"), Value::Null),
        ]
    );

    // Without the baseline and the config, the same findings fail the run.
    let out = sdklint()
        .args(["check", "--fail-on", "info", "--format", "junit"])
        .arg(fixture("appsflyer-adjust-no-adid.apk"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout).unwrap().contains("<failure"));
}

#[test]
fn suppressed_findings_stay_out_of_the_baseline() {
    let (_dir, path) = config_file("[[ignore]]\nrule = \"SL103\"\nreason = \"r\"\n");
    let out = sdklint()
        .args(["baseline", "--config"])
        .arg(&path)
        .arg(fixture("appsflyer-adjust-no-adid.apk"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["SL101", "SL101"]);
}

#[test]
fn a_corrupt_baseline_is_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "{\"sdklint_baseline\": 1, \"findings\": [",
            "EOF while parsing a list at line 1 column 37",
        ),
        (
            "[]",
            "expected a JSON object with `sdklint_baseline` and `findings`",
        ),
        (
            "{\"schema_version\": 1, \"bundles\": []}",
            "unknown field `schema_version`, expected `sdklint_baseline` or `findings` at line 1 column 17",
        ),
        (
            "{\"sdklint_baseline\": 1, \"findings\": [{\"rule\": \"SL101\", \"sdks\": [], \"evidence\": [], \"count\": 0}]}",
            "SL101 entry with count 0",
        ),
    ];
    for (i, (text, message)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("b{i}.json"));
        std::fs::write(&file, text).unwrap();
        let out = sdklint()
            .args(["check", "--baseline"])
            .arg(&file)
            .arg(fixture("no-sdk.apk"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "error: {}: not a sdklint baseline: {message}\n",
                file.display()
            )
        );
    }
    let out = sdklint()
        .args(["check", "--baseline", "/nonexistent/b.json"])
        .arg(fixture("no-sdk.apk"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---- rule listing -----------------------------------------------------------------------------

#[test]
fn rules_lists_as_json() {
    let out = sdklint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    let codes: Vec<&str> = rules.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert!(codes.is_sorted() && codes.contains(&"SL302"), "{codes:?}");
    let sl302 = rules.iter().find(|r| r["code"] == "SL302").unwrap();
    assert_eq!(sl302["name"], "collection-before-consent");
    assert_eq!(sl302["clause"], "consent");
    assert_eq!(sl302["default_severity"], "warning");
    assert!(sl302["summary"].as_str().unwrap().starts_with(
        "A conversion-tracking SDK that starts collecting as soon as the app launches"
    ));
    for rule in rules {
        let keys: Vec<&String> = rule.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["clause", "code", "default_severity", "name", "summary"]
        );
        assert!(!rule["summary"].as_str().unwrap().contains('#'));
    }

    let out = sdklint().args(["rules"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Columns are padded to the longest name, which grows as rules are added.
    assert!(
        text.lines().any(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            words.starts_with(&[
                "SL302",
                "collection-before-consent",
                "consent",
                "warning",
                "A",
                "conversion-tracking",
            ])
        }),
        "{text}"
    );
}
