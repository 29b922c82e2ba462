//! SARIF for GitHub code scanning: valid SARIF 2.1.0 (the OASIS schema, and serde-sarif's copy of
//! it), and every property GitHub's "SARIF support for code scanning" says it reads, checked on
//! the output for Android and iOS fixtures, an unreadable bundle, a partly readable one, and a run
//! with suppressions and a baseline.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

const FIXTURES: &[&str] = &[
    "fixtures/no-sdk.apk",
    "fixtures/appsflyer-adjust.apk",
    "fixtures/appsflyer-adjust-no-adid.apk",
    "fixtures/appsflyer-adjust.aab",
    "fixtures/facebook-firebase.apk",
    "fixtures/branch-referenced.apk",
    "fixtures/shop.ipa",
    "fixtures/shop-no-att.ipa",
];

fn sdklint() -> Command {
    Command::cargo_bin("sdklint").unwrap()
}

/// `sdklint check --format sarif ARGS` from the repository root: (exit code, log).
fn sarif(args: &[&str]) -> (i32, Value) {
    let out = sdklint()
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    let log = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), log)
}

fn assert_schema_valid(log: &Value) {
    for (path, validator) in common::sarif_validators() {
        let errors: Vec<String> = validator
            .iter_errors(log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {}",
            path.display(),
            errors.join("\n")
        );
    }
}

fn str_of<'a>(value: &'a Value, what: &str) -> &'a str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {value}"))
}

/// Each property GitHub documents as read (and its limits), on one log.
fn assert_github_requirements(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(str_of(&log["$schema"], "$schema").starts_with("https://"));
    let runs = log["runs"].as_array().expect("runs");
    assert!(!runs.is_empty());
    let mut categories = BTreeSet::new();
    for run in runs {
        // One category per run, unique within the upload (GitHub rejects duplicates).
        let id = str_of(&run["automationDetails"]["id"], "automationDetails.id");
        assert!(id.starts_with("sdklint/") && id.ends_with('/'), "{id}");
        assert!(categories.insert(id.to_string()), "duplicate category {id}");

        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "sdklint");
        let rules = driver["rules"].as_array().expect("rules");
        assert!(rules.len() <= 25_000);
        for rule in rules {
            let id = str_of(&rule["id"], "rule id");
            let short = str_of(&rule["shortDescription"]["text"], "shortDescription");
            assert!(!short.is_empty() && !short.contains('\n'), "{id}: {short}");
            assert!(short.chars().count() <= 1024, "{id}");
            let full = str_of(&rule["fullDescription"]["text"], "fullDescription");
            assert!(!full.is_empty() && full.chars().count() <= 1024, "{id}");
            assert!(full.starts_with(short.trim_end_matches('.')), "{id}");
            let help = str_of(&rule["help"]["text"], "help.text");
            assert!(help.contains("## How to fix"), "{id}");
            assert_eq!(rule["help"]["markdown"], rule["help"]["text"], "{id}");
            let properties = &rule["properties"];
            assert!(
                ["very-high", "high", "medium", "low"]
                    .contains(&str_of(&properties["precision"], "precision")),
                "{id}"
            );
            assert!(
                ["error", "warning", "recommendation"]
                    .contains(&str_of(&properties["problem.severity"], "problem.severity")),
                "{id}"
            );
            let tags: Vec<&str> = properties["tags"]
                .as_array()
                .expect("tags")
                .iter()
                .map(|t| str_of(t, "tag"))
                .collect();
            assert!(!tags.is_empty() && tags.len() <= 20, "{id}");
            assert_eq!(tags.iter().collect::<BTreeSet<_>>().len(), tags.len());
            // Policy findings are not scored as security vulnerabilities.
            assert!(properties.get("security-severity").is_none(), "{id}");
            assert!(!tags.contains(&"security"), "{id}");
            assert!(
                ["error", "warning", "note"]
                    .contains(&str_of(&rule["defaultConfiguration"]["level"], "level")),
                "{id}"
            );
            match env!("CARGO_PKG_REPOSITORY") {
                "" => assert!(rule.get("helpUri").is_none()),
                repository => {
                    let uri = str_of(&rule["helpUri"], "helpUri");
                    assert!(uri.starts_with(repository), "{uri}");
                    let file = uri
                        .rsplit_once("/blob/")
                        .unwrap()
                        .1
                        .split_once('/')
                        .unwrap()
                        .1;
                    assert!(Path::new(file).is_file(), "{uri}: no {file}");
                }
            }
        }

        let invocation = &run["invocations"][0];
        let successful = invocation["executionSuccessful"]
            .as_bool()
            .expect("executionSuccessful");
        let results = run["results"].as_array().expect("results, even if empty");
        assert!(results.len() <= 25_000);
        if !successful {
            assert!(results.is_empty());
            let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
            assert!(notes.iter().any(|n| n["level"] == "error"));
        }
        for result in results {
            let rule_id = str_of(&result["ruleId"], "ruleId");
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], rule_id);
            assert!(["error", "warning", "note"].contains(&str_of(&result["level"], "level")));
            assert!(!str_of(&result["message"]["text"], "message").is_empty());
            let fingerprint = str_of(
                &result["partialFingerprints"]["primaryLocationLineHash"],
                "primaryLocationLineHash",
            );
            assert_eq!(fingerprint.len(), 16, "{fingerprint}");
            let locations = result["locations"].as_array().expect("locations");
            assert!((1..=1000).contains(&locations.len()));
            for location in locations {
                let physical = &location["physicalLocation"];
                assert!(physical["region"]["startLine"].as_u64().unwrap() >= 1);
                let artifact = &physical["artifactLocation"];
                let uri = str_of(&artifact["uri"], "uri");
                match artifact.get("uriBaseId") {
                    Some(base) => {
                        assert_eq!(base, "%SRCROOT%");
                        assert!(!uri.starts_with('/') && !uri.contains(':'), "{uri}");
                    }
                    None => assert!(uri.starts_with("file:///"), "{uri}"),
                }
            }
            if let Some(suppressions) = result.get("suppressions") {
                for s in suppressions.as_array().unwrap() {
                    assert_eq!(s["kind"], "external");
                    assert!(!str_of(&s["justification"], "justification").is_empty());
                }
            }
            if let Some(state) = result.get("baselineState") {
                assert!(["new", "unchanged"].contains(&str_of(state, "baselineState")));
            }
        }
    }
}

#[test]
fn every_fixture_is_valid_sarif_that_github_reads() {
    for fixture in FIXTURES {
        let (_, log) = sarif(&[fixture]);
        assert_schema_valid(&log);
        assert_github_requirements(&log);
    }
}

#[test]
fn the_schema_check_catches_a_broken_log() {
    let (_, mut log) = sarif(&["fixtures/appsflyer-adjust-no-adid.apk"]);
    log["runs"][0]["results"][0]["level"] = json!("fatal");
    for (path, validator) in common::sarif_validators() {
        assert!(!validator.is_valid(&log), "{}", path.display());
    }
}

/// An APK and an IPA of one commit: a run each, with its own category, so that neither upload
/// replaces the other's alerts.
#[test]
fn each_bundle_is_a_run_with_its_own_category() {
    let (code, log) = sarif(&[
        "fixtures/appsflyer-adjust-no-adid.apk",
        "fixtures/appsflyer-adjust.aab",
        "fixtures/shop-no-att.ipa",
    ]);
    assert_eq!(code, 1);
    assert_schema_valid(&log);
    assert_github_requirements(&log);
    let categories: Vec<&str> = log["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["automationDetails"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        categories,
        [
            "sdklint/android/apk/com.example.shop/",
            "sdklint/android/aab/com.example.shop/",
            "sdklint/ios/ipa/com.example.shop/",
        ]
    );
    let uris: Vec<&str> = log["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        [
            "fixtures/appsflyer-adjust-no-adid.apk",
            "fixtures/appsflyer-adjust.aab",
            "fixtures/shop-no-att.ipa",
        ]
    );
}

/// The same bundle twice: the second run's category is made unique.
#[test]
fn a_bundle_given_twice_still_gets_unique_categories() {
    let (_, log) = sarif(&["fixtures/no-sdk.apk", "./fixtures/no-sdk.apk"]);
    assert_github_requirements(&log);
    assert_eq!(log["runs"].as_array().unwrap().len(), 2);
}

#[test]
fn an_unreadable_bundle_is_a_failed_invocation() {
    let (code, log) = sarif(&["fixtures/no-sdk.apk", "fixtures/README.md"]);
    assert_eq!(code, 2);
    assert_schema_valid(&log);
    assert_github_requirements(&log);
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["invocations"][0]["executionSuccessful"], true);
    let failed = &runs[1];
    assert_eq!(
        failed["automationDetails"]["id"],
        "sdklint/unreadable/README.md/"
    );
    let invocation = &failed["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .contains("not a recognised bundle"),
        "{note}"
    );
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/README.md"
    );
    assert_eq!(failed["results"], json!([]));
}

/// Entries that could not be read are warnings of a successful invocation (hand-built report:
/// the reporter only shows what the extractors recorded).
#[test]
fn unreadable_entries_are_execution_notifications() {
    use sdklint::facts::{BundleFormat, Facts, Platform, ReadError};
    let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
    facts.errors.push(ReadError {
        file: "classes2.dex".into(),
        message: "string_ids table ends past the file".into(),
    });
    let inventory = sdklint::inventory::Inventory::default();
    let report = sdklint::BundleReport {
        x_policy: sdklint::rules::x_policy::assess(&inventory, None),
        facts,
        inventory,
        findings: Vec::new(),
    };
    let options = sdklint::report::sarif::SarifOptions {
        srcroot: Some("/checkout".into()),
        baseline: false,
    };
    let out = sdklint::report::sarif::render(&[report], &[], &options);
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_schema_valid(&log);
    assert_github_requirements(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["level"],
        "warning"
    );
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "app.apk: classes2.dex: string_ids table ends past the file"
    );
}

/// With a baseline in use every result has a `baselineState`; a suppressed one carries the
/// config's reason.
#[test]
fn baseline_states_and_suppression_reasons() {
    let dir = tempfile::TempDir::new().unwrap();
    let baseline = dir.path().join("baseline.json");
    let out = sdklint()
        .args(["baseline", "fixtures/appsflyer-adjust.apk"])
        .output()
        .unwrap();
    std::fs::write(&baseline, &out.stdout).unwrap();
    let config = dir.path().join("sdklint.toml");
    std::fs::write(
        &config,
        "[[ignore]]\nrule = \"SL205\"\nreason = \"the notice is in the web onboarding\"\n",
    )
    .unwrap();
    let (_, log) = sarif(&[
        "--baseline",
        baseline.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "fixtures/appsflyer-adjust-no-adid.apk",
    ]);
    assert_schema_valid(&log);
    assert_github_requirements(&log);
    let states: BTreeMap<String, (Value, Value)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = format!(
                "{} {}",
                r["ruleId"].as_str().unwrap(),
                r["properties"]["sdks"]
            );
            (
                key,
                (
                    r["baselineState"].clone(),
                    r["suppressions"][0]["justification"].clone(),
                ),
            )
        })
        .collect();
    let unchanged = (json!("unchanged"), Value::Null);
    assert_eq!(
        states,
        BTreeMap::from([
            (r#"SL101 ["adjust"]"#.to_string(), unchanged.clone()),
            (r#"SL101 ["appsflyer"]"#.to_string(), unchanged.clone()),
            (
                r#"SL103 ["adjust","appsflyer"]"#.to_string(),
                (json!("new"), Value::Null)
            ),
            (
                r#"SL205 ["adjust","appsflyer"]"#.to_string(),
                (Value::Null, json!("the notice is in the web onboarding"))
            ),
            (
                r#"SL301 ["adjust","appsflyer"]"#.to_string(),
                unchanged.clone()
            ),
            (r#"SL401 ["adjust","appsflyer"]"#.to_string(), unchanged),
        ])
    );
}

/// A bundle outside the working directory has an absolute `file:` URI and no `%SRCROOT%`.
#[test]
fn a_bundle_outside_the_working_directory_has_an_absolute_uri() {
    let dir = tempfile::TempDir::new().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/appsflyer-adjust.apk");
    let out = sdklint()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif"])
        .arg(&fixture)
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_github_requirements(&log);
    let artifact =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact.get("uriBaseId"), None);
    assert_eq!(
        artifact["uri"],
        format!("file://{}", fixture.display()).as_str()
    );
}

/// The fingerprint GitHub matches by is the finding identity that survives a rebuild: the two
/// AppsFlyer/Adjust fixtures differ only in the AD_ID permission.
#[test]
fn primary_location_line_hash_is_stable_across_builds() {
    let fingerprints = |fixture: &str| -> BTreeMap<String, String> {
        let (_, log) = sarif(&[fixture]);
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let hash = r["partialFingerprints"]["primaryLocationLineHash"]
                    .as_str()
                    .unwrap()
                    .to_string();
                assert_eq!(r["partialFingerprints"]["sdklintFinding/v2"], hash.as_str());
                (r["message"]["text"].as_str().unwrap().to_string(), hash)
            })
            .collect()
    };
    let old = fingerprints("fixtures/appsflyer-adjust.apk");
    let new = fingerprints("fixtures/appsflyer-adjust-no-adid.apk");
    assert_eq!(old.len(), 5, "SL101 ×2, SL205, SL301, SL401");
    for (message, fingerprint) in &old {
        assert_eq!(new.get(message), Some(fingerprint), "{message}");
    }
    let distinct: BTreeSet<_> = new.values().collect();
    assert_eq!(distinct.len(), new.len(), "fingerprints collide");
}
