//! `sdklint copy` on the committed ad texts of `fixtures/copy/`: the exact codes of every ad
//! (the table below, with what X's policy calls for where sdklint disagrees), the counts of true
//! and false positives, the report formats and the exit codes.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use sdklint::config::Config;
use sdklint::copy::lint_copy;

/// One ad: its file, its id, the codes sdklint reports, and the codes the policy calls for when
/// they differ (`None`: sdklint is right).
type Row = (
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static [&'static str]>,
);

const EN: &str = "fixtures/copy/ads-en.csv";
const ES: &str = "fixtures/copy/ads-es.jsonl";
const DE: &str = "fixtures/copy/ads-de.txt";
const FR: &str = "fixtures/copy/ads-fr.csv";
/// Everyday English ads, none written to trip a rule: the false-positive check.
const EV: &str = "fixtures/copy/everyday-en.txt";
const NONE: &[&str] = &[];
const S1: &[&str] = &["SL701"];
const S2: &[&str] = &["SL702"];
const BOTH: &[&str] = &["SL701", "SL702"];

#[rustfmt::skip]
const TABLE: &[Row] = &[
    (EN, "en-crime-1", S1, None),
    (EN, "en-crime-2", S1, None),
    (EN, "en-crime-near-1", NONE, None),
    (EN, "en-crime-near-2", NONE, None),
    (EN, "en-health-1", S1, None),
    (EN, "en-health-2", S1, None),
    (EN, "en-health-near-1", NONE, None),
    (EN, "en-health-near-2", NONE, None),
    (EN, "en-health-near-3", NONE, None),
    (EN, "en-genetic-1", S1, None),
    (EN, "en-genetic-near-1", NONE, None),
    (EN, "en-biometric-1", S1, None),
    (EN, "en-biometric-near-1", NONE, None),
    (EN, "en-finance-1", S1, None),
    (EN, "en-finance-2", S1, None),
    (EN, "en-finance-near-1", NONE, None),
    (EN, "en-finance-near-2", NONE, None),
    (EN, "en-political-1", S1, None),
    (EN, "en-political-2", S1, None),
    (EN, "en-political-near-1", NONE, None),
    // "singles near you" says the reader is single: no group word, so no SL702.
    (EN, "en-ethnic-1", S1, Some(BOTH)),
    (EN, "en-ethnic-near-1", NONE, None),
    (EN, "en-religion-1", BOTH, None),
    (EN, "en-religion-2", S1, None),
    (EN, "en-religion-near-1", NONE, None),
    (EN, "en-sex-1", S1, None),
    (EN, "en-sex-near-1", NONE, None),
    (EN, "en-union-1", S1, None),
    (EN, "en-union-near-1", NONE, None),
    (EN, "en-age-1", S2, None),
    (EN, "en-age-2", S2, None),
    (EN, "en-age-near-1", NONE, None),
    (EN, "en-age-near-2", NONE, None),
    (EN, "en-location-1", S2, None),
    (EN, "en-location-2", S2, None),
    (EN, "en-location-near-1", NONE, None),
    (EN, "en-name-1", S2, None),
    (EN, "en-name-near-1", NONE, None),
    (EN, "en-status-1", S2, None),
    (EN, "en-status-near-1", NONE, None),
    (EN, "en-merge-1", S2, None),
    // Implied without a sensitive term ("who you really are" = sexual orientation).
    (EN, "en-miss-1", NONE, Some(S1)),
    // An age as a question without "you".
    (EN, "en-miss-2", NONE, Some(S2)),
    // "your" belongs to the mother's diabetes, not the reader's.
    (EN, "en-false-1", S1, Some(NONE)),
    (ES, "es-crime-1", S1, None),
    (ES, "es-crime-near-1", NONE, None),
    (ES, "es-health-1", S1, None),
    (ES, "es-health-2", S1, None),
    (ES, "es-health-near-1", NONE, None),
    (ES, "es-health-near-2", NONE, None),
    (ES, "es-genetic-1", S1, None),
    (ES, "es-genetic-near-1", NONE, None),
    (ES, "es-biometric-near-1", NONE, None),
    (ES, "es-finance-1", S1, None),
    (ES, "es-finance-near-1", NONE, None),
    (ES, "es-political-1", S1, None),
    (ES, "es-political-near-1", NONE, None),
    // "Solteros … como tú": single, but no group word or copula before "solteros".
    (ES, "es-ethnic-1", S1, Some(BOTH)),
    (ES, "es-ethnic-near-1", NONE, None),
    (ES, "es-religion-1", BOTH, None),
    (ES, "es-religion-near-1", NONE, None),
    (ES, "es-sex-1", S1, None),
    (ES, "es-sex-near-1", NONE, None),
    (ES, "es-union-1", S1, None),
    (ES, "es-union-near-1", NONE, None),
    (ES, "es-age-1", S2, None),
    (ES, "es-age-near-1", NONE, None),
    (ES, "es-name-1", S2, None),
    (ES, "es-name-near-1", NONE, None),
    (ES, "es-status-1", S2, None),
    (ES, "es-location-1", S2, None),
    (DE, "fixtures/copy/ads-de.txt:1", S1, None),
    (DE, "fixtures/copy/ads-de.txt:3", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:5", S1, None),
    (DE, "fixtures/copy/ads-de.txt:7", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:9", S1, None),
    (DE, "fixtures/copy/ads-de.txt:12", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:14", BOTH, None),
    (DE, "fixtures/copy/ads-de.txt:16", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:18", S1, None),
    (DE, "fixtures/copy/ads-de.txt:20", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:22", S1, None),
    (DE, "fixtures/copy/ads-de.txt:24", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:26", S1, None),
    (DE, "fixtures/copy/ads-de.txt:28", S1, None),
    (DE, "fixtures/copy/ads-de.txt:30", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:32", BOTH, None),
    (DE, "fixtures/copy/ads-de.txt:34", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:36", S2, None),
    (DE, "fixtures/copy/ads-de.txt:38", NONE, None),
    (DE, "fixtures/copy/ads-de.txt:40", S2, None),
    (DE, "fixtures/copy/ads-de.txt:42", NONE, None),
    (FR, "fr-finance-1", S1, None),
    (FR, "fr-finance-near-1", NONE, None),
    (FR, "fr-health-1", S1, None),
    (FR, "fr-health-near-1", NONE, None),
    (FR, "fr-health-near-2", NONE, None),
    (FR, "fr-religion-1", BOTH, None),
    (FR, "fr-religion-near-1", NONE, None),
    (FR, "fr-crime-1", S1, None),
    (FR, "fr-crime-near-1", NONE, None),
    (FR, "fr-age-1", S2, None),
    (FR, "fr-age-near-1", NONE, None),
    (FR, "fr-name-1", S2, None),
    (FR, "fr-name-near-1", NONE, None),
    (FR, "fr-union-1", S1, None),
    (FR, "fr-union-near-1", NONE, None),
    (FR, "fr-ethnic-1", S1, None),
    (FR, "fr-ethnic-near-1", NONE, None),
    (FR, "fr-sex-1", S1, None),
    (FR, "fr-sex-near-1", NONE, None),
    (FR, "fr-political-1", S1, None),
    (FR, "fr-political-near-1", NONE, None),
    (FR, "fr-genetic-1", S1, None),
    (FR, "fr-genetic-near-1", NONE, None),
    (FR, "fr-status-1", S2, None),
    (EV, "fixtures/copy/everyday-en.txt:1", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:3", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:5", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:7", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:9", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:11", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:13", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:15", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:17", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:19", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:21", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:23", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:25", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:27", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:29", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:31", NONE, None),
    // "Your church", "Your therapy session": the reader has one; flagged, and the policy
    // agrees (an implied religion, an implied treatment), though a reviewer may differ.
    (EV, "fixtures/copy/everyday-en.txt:33", S1, None),
    (EV, "fixtures/copy/everyday-en.txt:35", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:37", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:39", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:41", S1, None),
    (EV, "fixtures/copy/everyday-en.txt:43", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:45", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:47", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:49", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:51", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:53", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:55", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:57", NONE, None),
    (EV, "fixtures/copy/everyday-en.txt:59", NONE, None),
];

/// Every ad of `file` → the codes sdklint gives it (ads without findings included).
fn codes_of(file: &str) -> BTreeMap<String, BTreeSet<&'static str>> {
    let report =
        lint_copy(Path::new(file), None, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut codes: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for f in &report.findings {
        codes
            .entry(f.ad.clone())
            .or_default()
            .insert(f.finding.rule);
    }
    let listed = TABLE.iter().filter(|row| row.0 == file).count();
    assert_eq!(
        report.ads, listed,
        "{file}: every ad has a row in the table"
    );
    codes
}

#[test]
fn every_fixture_ad_gets_exactly_its_codes() {
    for file in [EN, ES, DE, FR, EV] {
        let codes = codes_of(file);
        for (_, id, expected, _) in TABLE.iter().filter(|row| row.0 == file) {
            let got: Vec<&str> = codes
                .get(*id)
                .map(|c| c.iter().copied().collect())
                .unwrap_or_default();
            assert_eq!(got, *expected, "{file} {id}");
        }
        let unknown: Vec<&String> = codes
            .keys()
            .filter(|id| {
                !TABLE
                    .iter()
                    .any(|row| row.0 == file && row.1 == id.as_str())
            })
            .collect();
        assert!(
            unknown.is_empty(),
            "{file}: findings for ads not in the table: {unknown:?}"
        );
    }
}

/// The counts the closing note gives: per (ad, rule) pair, sdklint against the policy.
#[test]
fn true_and_false_positive_counts_on_the_fixture_set() {
    let (mut tp, mut fp, mut fn_, mut clean) = (0, 0, 0, 0);
    for (_, _, got, truth) in TABLE {
        let truth = truth.unwrap_or(got);
        for code in ["SL701", "SL702"] {
            match (got.contains(&code), truth.contains(&code)) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
        }
        if got.is_empty() && truth.is_empty() {
            clean += 1;
        }
    }
    assert_eq!(TABLE.len(), 146);
    assert_eq!(
        (tp, fp, fn_),
        (66, 1, 4),
        "true positives, false positives, false negatives"
    );
    assert_eq!(clean, 82, "near misses and clean ads with no finding");
}

#[test]
fn every_category_has_a_positive_and_a_near_miss_in_three_languages() {
    let ids: Vec<&str> = TABLE.iter().map(|row| row.1).collect();
    for category in [
        "crime",
        "health",
        "genetic",
        "finance",
        "political",
        "ethnic",
        "religion",
        "sex",
        "union",
    ] {
        for lang in ["en", "es", "fr"] {
            let positive = format!("{lang}-{category}-1");
            let near = format!("{lang}-{category}-near-1");
            assert!(ids.contains(&positive.as_str()), "{positive}");
            assert!(ids.contains(&near.as_str()), "{near}");
        }
    }
    assert!(ids.contains(&"en-biometric-1") && ids.contains(&"en-biometric-near-1"));
}

fn sdklint(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn text_report_snapshot() {
    let (code, out, _) = sdklint(&["copy", "fixtures/copy/campaign.csv"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn sarif_report_snapshot_and_regions() {
    let (code, out, _) = sdklint(&["copy", "--format", "sarif", "fixtures/copy/campaign.csv"]);
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let lines: Vec<(&str, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], "fixtures/copy/campaign.csv");
            (
                r["ruleId"].as_str().unwrap(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, [("SL701", 2), ("SL702", 5)]);
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["SL701", "SL702"]);
    for (_, validator) in common::sarif_validators() {
        common::assert_valid(&validator, &log);
    }
    // The rules' help is their explain text (checked here, kept out of the snapshot).
    let mut log = log;
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        let code = rule["id"].as_str().unwrap().to_string();
        let explain = sdklint::rules::find(&code).unwrap().explain();
        assert_eq!(rule["help"]["text"], explain.as_str());
        rule["help"] = Value::String(format!("[explain {code}]"));
    }
    log["runs"][0]["tool"]["driver"]["version"] = Value::String("[version]".into());
    log["runs"][0]["tool"]["driver"]["semanticVersion"] = Value::String("[version]".into());
    insta::assert_json_snapshot!(log);
}

#[test]
fn sarif_fingerprints_survive_moving_an_ad() {
    let dir = tempfile::tempdir().unwrap();
    let moved = dir.path().join("moved.csv");
    std::fs::write(
        &moved,
        "id,headline\nnew-1,Fresh bread daily\nnew-2,Summer sale\nspring-1,Struggling with your debt?\n",
    )
    .unwrap();
    let fingerprint = |file: &str| -> (String, u64) {
        let (_, out, _) = sdklint(&["copy", "--format", "sarif", file]);
        let log: Value = serde_json::from_str(&out).unwrap();
        let r = &log["runs"][0]["results"][0];
        (
            r["partialFingerprints"]["sdklintFinding/v2"]
                .as_str()
                .unwrap()
                .to_string(),
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap(),
        )
    };
    let (before, line_before) = fingerprint("fixtures/copy/campaign.csv");
    let (after, line_after) = fingerprint(moved.to_str().unwrap());
    assert_eq!((line_before, line_after), (2, 4));
    assert_eq!(before, after);
}

#[test]
fn json_junit_and_markdown_carry_the_findings() {
    let (code, out, _) = sdklint(&["copy", "--format", "json", "fixtures/copy/campaign.csv"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["kind"], "ad-copy");
    let file = &doc["files"][0];
    assert_eq!(
        (file["format"].as_str(), file["ads"].as_u64()),
        (Some("csv"), Some(5))
    );
    let findings: Vec<(&str, &str, &str, u64)> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["ad"].as_str().unwrap(),
                f["field"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("SL701", "spring-1", "headline", 2),
            ("SL702", "spring-3", "headline", 5)
        ]
    );

    let (code, out, _) = sdklint(&["copy", "--format", "junit", "fixtures/copy/campaign.csv"]);
    assert_eq!(code, 1);
    let mut reader = quick_xml::Reader::from_str(&out);
    let mut failures = Vec::new();
    let mut case = String::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) => match e.name().as_ref() {
                "testcase" => {
                    case = e
                        .try_get_attribute("name")
                        .unwrap()
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                        .unwrap_or_default();
                }
                "failure" => failures.push(case.clone()),
                _ => {}
            },
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        failures,
        [
            "SL701 ad-implies-sensitive-knowledge",
            "SL702 ad-asserts-personal-information"
        ]
    );

    let (_, out, _) = sdklint(&["copy", "--format", "markdown", "fixtures/copy/campaign.csv"]);
    assert!(
        out.contains("### `fixtures/copy/campaign.csv`\n\n❌ 5 ads · 2 errors"),
        "{out}"
    );
    assert!(
        out.contains(
            "| 2 | error | `SL701` ad-implies-sensitive-knowledge | `spring-1` headline |"
        ),
        "{out}"
    );
}

#[test]
fn exit_codes_follow_fail_on_and_unreadable_input() {
    // Findings are errors: 1; with --fail-on never: 0; an ad file with nothing to report: 0.
    assert_eq!(sdklint(&["copy", "fixtures/copy/campaign.csv"]).0, 1);
    assert_eq!(
        sdklint(&["copy", "--fail-on", "never", "fixtures/copy/campaign.csv"]).0,
        0
    );
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.txt");
    std::fs::write(
        &clean,
        "Fresh bread every morning.\n\nSummer sale: 30% off.\n",
    )
    .unwrap();
    let (code, out, _) = sdklint(&["copy", clean.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("2 ads (text)") && out.contains("0 errors"),
        "{out}"
    );

    // Records that cannot be read: 2, with one line naming file and line each; the rest checked.
    let (code, out, err) = sdklint(&["copy", "fixtures/copy/broken.jsonl"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: fixtures/copy/broken.jsonl:3: expected a JSON object\n"),
        "{err}"
    );
    assert!(
        out.contains("SL701"),
        "the readable records are still checked: {out}"
    );

    // A missing file, an unknown extension, a CSV without text columns: 2, no panic.
    let no_text = dir.path().join("stats.csv");
    std::fs::write(&no_text, "id,clicks\n1,2\n").unwrap();
    let unknown = dir.path().join("ads.docx");
    std::fs::write(&unknown, "Are you HIV positive?").unwrap();
    for (file, needle) in [
        ("fixtures/copy/missing.csv", "missing.csv: "),
        (
            no_text.to_str().unwrap(),
            "stats.csv:1: no headline, body or cta column",
        ),
        (unknown.to_str().unwrap(), "unknown ad file type"),
    ] {
        let (code, _, err) = sdklint(&["copy", file]);
        assert_eq!(code, 2, "{file}");
        assert!(
            err.contains(needle) && !err.contains("panicked"),
            "{file}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // --input-format reads any name.
    let (code, out, _) = sdklint(&["copy", "--input-format", "text", unknown.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("SL701"), "{out}");
}

#[test]
fn config_suppresses_overrides_and_disables() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sdklint.toml");
    std::fs::write(
        &config,
        "[[ignore]]\nrule = \"SL701\"\nbundle = \"fixtures/copy/*.csv\"\nreason = \"reviewed by legal\"\n\
         [severity]\nSL702 = \"warning\"\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let (code, out, _) = sdklint(&["copy", "--config", config, "fixtures/copy/campaign.csv"]);
    assert_eq!(code, 0, "SL701 suppressed, SL702 only a warning: {out}");
    assert!(
        out.contains("0 errors · 1 warning · 0 info · 1 suppressed"),
        "{out}"
    );
    let (code, _, _) = sdklint(&[
        "copy",
        "--config",
        config,
        "--fail-on",
        "warning",
        "fixtures/copy/campaign.csv",
    ]);
    assert_eq!(code, 1);
    let (_, out, _) = sdklint(&[
        "copy",
        "--config",
        config,
        "--format",
        "sarif",
        "fixtures/copy/campaign.csv",
    ]);
    let log: Value = serde_json::from_str(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results[0]["suppressions"][0]["justification"],
        "reviewed by legal"
    );
    assert_eq!(results[1]["level"], "warning");

    std::fs::write(
        dir.path().join("off.toml"),
        "disable = [\"SL701\", \"ad-asserts-personal-information\"]\n",
    )
    .unwrap();
    let off = dir.path().join("off.toml");
    let (code, out, _) = sdklint(&[
        "copy",
        "--config",
        off.to_str().unwrap(),
        "fixtures/copy/campaign.csv",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("0 errors · 0 warnings · 0 info\n"), "{out}");
}

#[test]
fn explain_and_rules_list_the_ad_copy_rules() {
    let (code, out, _) = sdklint(&["explain", "SL701"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("SL701 ad-implies-sensitive-knowledge (ad-copy, error)"),
        "{out}"
    );
    assert!(out.contains("policies-for-conversion-tracking-and-custom-audiences"));
    let (_, out, _) = sdklint(&["explain", "ad-asserts-personal-information"]);
    assert!(out.starts_with("SL702 "), "{out}");
    let (_, out, _) = sdklint(&["rules"]);
    let codes: Vec<&str> = out.lines().map(|l| &l[..5]).collect();
    let at = codes.iter().position(|c| *c == "SL701").unwrap();
    assert_eq!(&codes[at - 1..at + 3], ["SL603", "SL701", "SL702", "SL901"]);
}

#[test]
fn bundle_reports_do_not_list_the_ad_copy_rules() {
    let (_, out, _) = sdklint(&["check", "--format", "sarif", "fixtures/no-sdk.apk"]);
    let log: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"SL601") && !ids.iter().any(|id| id.starts_with("SL7")),
        "{ids:?}"
    );
    let (_, out, _) = sdklint(&["check", "--format", "junit", "fixtures/no-sdk.apk"]);
    assert!(out.contains("SL601 sensitive-conversion-event"));
    assert!(
        !out.contains("SL701 ad-implies"),
        "JUnit of a bundle has no ad-copy test cases"
    );
}

#[test]
fn odd_text_is_read_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let odd = [
        "",
        "?",
        "¿?",
        "¡!",
        "—",
        " - ",
        "45",
        "45%",
        "$45",
        "you're",
        "YOU'RE 45 YEARS",
        "Sie",
        "{",
        "}",
        "{{}}",
        "{first_name",
        "*|",
        "|*",
        "%%",
        "%",
        "[]",
        "[x",
        "e\u{301}\u{301}\u{301}",
        "שלום, אתה חייב כסף?",
        "😀 your 😀 debt 😀",
        "你的债务?",
        "ﬁnance",
        "İstanbul",
        "Hi",
        "Hi ",
        "Hello\u{a0}Sarah",
        "other",
        "other\n",
        "you\r\nare\r\n45",
        "you are 120",
        "you are 999999999999999999999999",
        "in your 0s",
        "your 40",
        "your 40s",
        "\u{feff}debt",
        "ẞ",
        "a\u{0}b",
        "\u{202e}txet",
    ];
    let jsonl: String = odd
        .iter()
        .map(|t| format!("{}\n", serde_json::json!({ "body": t })))
        .collect();
    let path = dir.path().join("odd.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    let report = lint_copy(&path, None, &Config::default()).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let text = dir.path().join("odd.txt");
    std::fs::write(&text, odd.join("\n\n")).unwrap();
    let (code, _, err) = sdklint(&["copy", text.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "{err}");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"ok\n\xff\xfe debt").unwrap();
    let (code, _, err) = sdklint(&["copy", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.ends_with("bad.txt:2: not UTF-8 text\n"), "{err}");
}

#[test]
fn a_match_on_a_later_line_of_a_paragraph_has_that_line() {
    let dir = tempfile::tempdir().unwrap();
    let ads = dir.path().join("ads.txt");
    std::fs::write(
        &ads,
        "Fresh bread.\n\nNew this spring:\nAre you HIV positive?\n",
    )
    .unwrap();
    let out_file = dir.path().join("out.sarif");
    let (code, out, _) = sdklint(&[
        "copy",
        "--format",
        "sarif",
        "-o",
        out_file.to_str().unwrap(),
        ads.to_str().unwrap(),
    ]);
    assert_eq!(
        (code, out.as_str()),
        (1, ""),
        "-o writes the file, not stdout"
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_eq!(
        result["properties"]["ad"].as_str().unwrap(),
        format!("{}:3", ads.display())
    );
    let (code, out, err) = sdklint(&["copy", "--quiet", ads.to_str().unwrap()]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", ""));
}

/// The ad-copy SARIF goes through the bundle reports' run builder, so serde-sarif's typed model
/// reads it back without losing a property (a misnamed one would be dropped), like the main
/// SARIF; a file that could not be read is a failed run of its own.
#[test]
fn sarif_round_trips_through_the_typed_model() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let (code, out, _) = sdklint(&[
        "copy",
        "--format",
        "sarif",
        "fixtures/copy/campaign.csv",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&out).unwrap();
    let typed: serde_sarif::sarif::Sarif = serde_json::from_str(&out).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), log);
    let runs = &typed.runs;
    assert_eq!(runs.len(), 2);
    let failed = runs[1].invocations.as_ref().unwrap();
    assert!(!failed[0].execution_successful);
    let category = |run: &serde_sarif::sarif::Run| {
        run.automation_details.as_ref().unwrap().id.clone().unwrap()
    };
    assert_eq!(category(&runs[0]), "sdklint/copy/campaign.csv/");
    assert_eq!(category(&runs[1]), "sdklint/unreadable/missing.csv/");
    for (_, validator) in common::sarif_validators() {
        common::assert_valid(&validator, &log);
    }
}
