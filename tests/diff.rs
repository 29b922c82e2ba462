//! `sdklint diff OLD NEW` between fixtures: exactly the differences, and the exit code by
//! `--fail-on` on new findings.

use assert_cmd::Command;
use serde_json::{Value, json};

fn diff(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn diff_json(old: &str, new: &str) -> Value {
    let (_, out) = diff(&["--format", "json", old, new]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema_version"], 2);
    doc["diff"].clone()
}

fn rules(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn dropping_ad_id_is_one_new_finding_and_one_declaration() {
    let d = diff_json(
        "fixtures/appsflyer-adjust.apk",
        "fixtures/appsflyer-adjust-no-adid.apk",
    );
    assert_eq!(d["sdks_added"], json!([]));
    assert_eq!(d["sdks_removed"], json!([]));
    assert_eq!(d["sdks_changed"], json!([]));
    assert_eq!(rules(&d["findings_new"]), ["SL103"]);
    assert_eq!(d["findings_fixed"], json!([]));
    assert_eq!(
        d["declarations"],
        json!([{
            "kind": "permission",
            "name": "com.google.android.gms.permission.AD_ID",
            "old": "declared",
            "new": null
        }])
    );
    // And back again: the finding is fixed.
    let back = diff_json(
        "fixtures/appsflyer-adjust-no-adid.apk",
        "fixtures/appsflyer-adjust.apk",
    );
    assert_eq!(rules(&back["findings_fixed"]), ["SL103"]);
    assert_eq!(back["findings_new"], json!([]));
}

#[test]
fn swapping_sdks() {
    let d = diff_json(
        "fixtures/appsflyer-adjust.apk",
        "fixtures/facebook-firebase.apk",
    );
    let ids = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&d["sdks_added"]),
        ["facebook-app-events", "firebase-analytics"]
    );
    assert_eq!(ids(&d["sdks_removed"]), ["adjust", "appsflyer"]);
    assert_eq!(d["sdks_added"][0]["new_confidence"], "defined");
    assert_eq!(d["sdks_added"][0]["old_confidence"], Value::Null);
    assert_eq!(
        rules(&d["findings_new"]),
        // Firebase and Meta are no X partners: X's policy may apply, SL205 and SL302 drop to info.
        ["SL101", "SL101", "SL205", "SL302"]
    );
    assert_eq!(
        rules(&d["findings_fixed"]),
        ["SL301", "SL205", "SL401", "SL101", "SL101"]
    );
}

#[test]
fn same_bundle_has_no_changes() {
    let (code, out) = diff(&[
        "--fail-on",
        "info",
        "fixtures/appsflyer-adjust.apk",
        "fixtures/appsflyer-adjust.apk",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
}

#[test]
fn exit_code_counts_only_new_findings() {
    let cases = [
        (
            "warning",
            "fixtures/appsflyer-adjust.apk",
            "fixtures/appsflyer-adjust-no-adid.apk",
            1,
        ),
        (
            "error",
            "fixtures/appsflyer-adjust.apk",
            "fixtures/appsflyer-adjust-no-adid.apk",
            0,
        ),
        // The SL103 of the old build is fixed, not new: nothing fails.
        (
            "warning",
            "fixtures/appsflyer-adjust-no-adid.apk",
            "fixtures/appsflyer-adjust.apk",
            0,
        ),
    ];
    for (fail_on, old, new, expected) in cases {
        let (code, _) = diff(&["--fail-on", fail_on, old, new]);
        assert_eq!(code, expected, "{fail_on} {old} {new}");
    }
}

#[test]
fn unreadable_side_exits_2() {
    let (code, _) = diff(&["fixtures/no-sdk.apk", "fixtures/missing.apk"]);
    assert_eq!(code, 2);
}

#[test]
fn markdown_lists_sections() {
    let (_, md) = diff(&[
        "--format",
        "markdown",
        "fixtures/no-sdk.apk",
        "fixtures/branch-referenced.apk",
    ]);
    assert!(md.starts_with("## sdklint diff"));
    assert!(md.contains("**SDKs added**\n\n- branch (Branch)"), "{md}");
    assert!(md.contains("**New findings**"), "{md}");
}

/// The header names both apps; builds of two different apps or platforms get a warning; an SDK on
/// one side only is shown with its own version, not as `— → —`.
#[test]
fn header_warnings_and_one_sided_sdks() {
    let (_, out) = diff(&[
        "fixtures/appsflyer-adjust.apk",
        "fixtures/appsflyer-adjust-no-adid.apk",
    ]);
    let head: Vec<&str> = out.lines().take(3).collect();
    assert_eq!(
        head,
        [
            "old: fixtures/appsflyer-adjust.apk  android · com.example.shop 2.3.0 (42)",
            "new: fixtures/appsflyer-adjust-no-adid.apk  android · com.example.shop 2.3.0 (42)",
            "",
        ]
    );

    let (_, out) = diff(&["fixtures/no-sdk.apk", "fixtures/appsflyer-adjust.apk"]);
    assert!(
        out.contains(
            "warning: different apps: com.example.nosdk and com.example.shop; SDKs and findings are compared all the same"
        ),
        "{out}"
    );
    assert!(
        out.contains("    adjust (Adjust): version 4.38.0, confidence defined\n"),
        "{out}"
    );
    assert!(!out.contains("— → —"), "{out}");

    let (_, out) = diff(&["fixtures/appsflyer-adjust.apk", "fixtures/shop.ipa"]);
    assert!(
        out.contains("new: fixtures/shop.ipa  ios · com.example.shop"),
        "{out}"
    );
    assert!(
        out.contains("warning: different platforms: android and ios"),
        "{out}"
    );

    let d = diff_json("fixtures/appsflyer-adjust.apk", "fixtures/shop.ipa");
    assert_eq!(
        d["new_app"],
        json!({"platform": "ios", "id": "com.example.shop", "version": "2.3.0", "version_code": "42"})
    );
    assert_eq!(d["warnings"].as_array().unwrap().len(), 1);

    let (_, md) = diff(&[
        "--format",
        "markdown",
        "fixtures/no-sdk.apk",
        "fixtures/appsflyer-adjust.apk",
    ]);
    assert!(
        md.contains("| old | `fixtures/no-sdk.apk` | android · com.example.nosdk 1.0.2 (3) |"),
        "{md}"
    );
    assert!(md.contains("> **Warning:** different apps"), "{md}");
}

/// `diff` reads the configuration as `check` does: a rule disabled there is neither new nor fixed.
#[test]
fn diff_applies_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sdklint.toml");
    std::fs::write(&config, "disable = [\"SL103\"]\n").unwrap();
    let (code, out) = diff(&[
        "--format",
        "json",
        "--config",
        config.to_str().unwrap(),
        "fixtures/appsflyer-adjust.apk",
        "fixtures/appsflyer-adjust-no-adid.apk",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["diff"]["findings_new"], json!([]), "{out}");
    assert_eq!(code, 0);
}
