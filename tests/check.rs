//! End-to-end: `sdklint check` on the committed APK fixtures (built by `cargo xtask fixtures`).

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

fn sdklint() -> Command {
    Command::cargo_bin("sdklint").unwrap()
}

/// Run `check --format json` and return (exit code, the single bundle object).
fn check_json(fixture: &str, extra: &[&str]) -> (i32, Value) {
    let out = sdklint()
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(format!("fixtures/{fixture}"))
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{fixture}: bad JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    assert_eq!(doc["schema_version"], 2);
    assert_eq!(doc["tool"]["name"], "sdklint");
    let bundles = doc["bundles"].as_array().unwrap();
    assert_eq!(bundles.len(), 1);
    (code, bundles[0].clone())
}

fn rule_codes(bundle: &Value) -> BTreeSet<String> {
    bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn sdk<'a>(bundle: &'a Value, id: &str) -> &'a Value {
    bundle["sdks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {}", bundle["sdks"]))
}

fn sdk_ids(bundle: &Value) -> Vec<String> {
    bundle["sdks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn rule_codes_per_fixture() {
    let table: &[(&str, &[&str])] = &[
        ("no-sdk.apk", &[]),
        (
            "appsflyer-adjust.apk",
            &["SL101", "SL205", "SL301", "SL401"],
        ),
        (
            "appsflyer-adjust-no-adid.apk",
            &["SL101", "SL103", "SL205", "SL301", "SL401"],
        ),
        ("facebook-firebase.apk", &["SL101", "SL205", "SL302"]),
        (
            "facebook-firebase-collect.apk",
            &["SL101", "SL205", "SL302"],
        ),
        ("facebook-firebase-consent-first.apk", &["SL101", "SL205"]),
        (
            "branch-referenced.apk",
            &["SL101", "SL103", "SL205", "SL301", "SL401"],
        ),
        ("twitter-kit.apk", &["SL102"]),
        ("x-share-intent.apk", &[]),
    ];
    for (fixture, expected) in table {
        let (_, bundle) = check_json(fixture, &[]);
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(rule_codes(&bundle), expected, "{fixture}");
    }
}

#[test]
fn appsflyer_and_adjust_are_defined_with_class_evidence() {
    let (code, bundle) = check_json("appsflyer-adjust.apk", &[]);
    assert_eq!(code, 1, "SL301 (no consent mechanism) is an error");
    assert_eq!(sdk_ids(&bundle), ["adjust", "appsflyer"]);
    assert_eq!(bundle["platform"], "android");
    assert_eq!(bundle["format"], "apk");
    assert_eq!(bundle["app"]["target_os"], "34");
    let appsflyer = sdk(&bundle, "appsflyer");
    assert_eq!(appsflyer["confidence"], "defined");
    assert_eq!(appsflyer["categories"], serde_json::json!(["attribution"]));
    let evidence = appsflyer["evidence"].as_array().unwrap();
    assert!(
        evidence
            .iter()
            .any(|e| e["file"] == "classes2.dex"
                && e["locator"] == "class Lcom/appsflyer/AppsFlyerLib;"),
        "{evidence:?}"
    );
    let adjust = sdk(&bundle, "adjust");
    assert_eq!(adjust["confidence"], "defined");
    assert!(
        adjust["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["file"] == "classes.dex" && e["locator"] == "class Lcom/adjust/sdk/Adjust;")
    );
    // Every SL101 finding names its SDK and carries evidence.
    for finding in bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "SL101")
    {
        assert_eq!(finding["rule"], "SL101");
        assert_eq!(finding["severity"], "info");
        assert_eq!(finding["clause"], "inventory");
        assert!(finding["sdk"].is_string());
        assert!(!finding["evidence"].as_array().unwrap().is_empty());
        assert_eq!(finding["suppressed"], false);
    }
}

#[test]
fn exit_code_follows_fail_on() {
    let cases: &[(&str, &str, i32)] = &[
        ("appsflyer-adjust.apk", "error", 1),
        ("appsflyer-adjust.apk", "warning", 1),
        ("appsflyer-adjust.apk", "info", 1),
        ("appsflyer-adjust.apk", "never", 0),
        ("appsflyer-adjust-no-adid.apk", "error", 1),
        ("appsflyer-adjust-no-adid.apk", "warning", 1),
        ("appsflyer-adjust-no-adid.apk", "info", 1),
        ("appsflyer-adjust-no-adid.apk", "never", 0),
        ("no-sdk.apk", "info", 0),
        // Warnings only (SL102): the threshold between error and warning.
        ("twitter-kit.apk", "error", 0),
        ("twitter-kit.apk", "warning", 1),
    ];
    for (fixture, fail_on, expected) in cases {
        let status = sdklint()
            .args(["check", "--fail-on", fail_on])
            .arg(format!("fixtures/{fixture}"))
            .output()
            .unwrap()
            .status;
        assert_eq!(
            status.code(),
            Some(*expected),
            "{fixture} --fail-on {fail_on}"
        );
    }
}

#[test]
fn sl103_names_the_sdks_and_the_target() {
    let (_, bundle) = check_json("appsflyer-adjust-no-adid.apk", &[]);
    let sl103 = bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "SL103")
        .unwrap();
    assert_eq!(sl103["severity"], "warning");
    assert_eq!(sl103["sdks"], serde_json::json!(["adjust", "appsflyer"]));
    assert_eq!(sl103["evidence"][0]["file"], "AndroidManifest.xml");
    assert_eq!(
        sl103["evidence"][0]["locator"],
        "uses-sdk targetSdkVersion=34"
    );
}

#[test]
fn branch_only_referenced() {
    let (_, bundle) = check_json("branch-referenced.apk", &[]);
    assert_eq!(sdk_ids(&bundle), ["branch"]);
    let branch = sdk(&bundle, "branch");
    assert_eq!(branch["confidence"], "referenced");
    assert!(
        branch["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["locator"] == "class Lio/branch/referral/Branch;")
    );
}

#[test]
fn facebook_and_firebase_with_meta_data() {
    let (_, bundle) = check_json("facebook-firebase.apk", &[]);
    assert_eq!(
        sdk_ids(&bundle),
        ["facebook-app-events", "firebase-analytics"]
    );
    for id in ["facebook-app-events", "firebase-analytics"] {
        assert_eq!(sdk(&bundle, id)["confidence"], "defined", "{id}");
    }
}

#[test]
fn no_sdk_app_is_clean() {
    let (code, bundle) = check_json("no-sdk.apk", &["--fail-on", "info"]);
    assert_eq!(code, 0);
    assert!(bundle["sdks"].as_array().unwrap().is_empty());
    assert!(bundle["findings"].as_array().unwrap().is_empty());
    assert!(bundle["errors"].as_array().unwrap().is_empty());
}

#[test]
fn several_bundles_in_one_document() {
    let out = sdklint()
        .args(["check", "--format", "json"])
        .args([
            "fixtures/no-sdk.apk",
            "fixtures/appsflyer-adjust-no-adid.apk",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = doc["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "fixtures/no-sdk.apk",
            "fixtures/appsflyer-adjust-no-adid.apk"
        ]
    );
}

#[test]
fn text_report_snapshot() {
    let out = sdklint()
        .args(["check", "fixtures/appsflyer-adjust-no-adid.apk"])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_report_snapshot() {
    let out = sdklint()
        .args(["check", "--format", "json", "fixtures/appsflyer-adjust.apk"])
        .output()
        .unwrap();
    let mut doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["tool"]["version"] = "[version]".into();
    insta::assert_json_snapshot!(doc);
}
