//! The JSON report against its committed JSON Schema (`docs/schema/report.schema.json`), and the
//! fields tools look up first: the bundle's hash, label and signers, permissions, counts and
//! verdict; each SDK's vendor and website; each finding's fingerprint and status.

use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

const FIXTURES: &[&str] = &[
    "fixtures/no-sdk.apk",
    "fixtures/appsflyer-adjust-no-adid.apk",
    "fixtures/appsflyer-adjust.aab",
    "fixtures/appsflyer-adjust.apks",
    "fixtures/appsflyer-adjust-splits",
    "fixtures/health-connect.apk",
    "fixtures/tampered-janus.apk",
    "fixtures/shop.ipa",
    "fixtures/shop-legacy-sdk.ipa",
    "fixtures/dex/tracking-app.dex",
    "fixtures/appsflyer-sdk.aar",
    "fixtures/adjust-sdk.jar",
    "fixtures/shop-analytics.aar",
    "fixtures/calls-events.ipa",
];

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema/report.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the report schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn every_fixture_validates_against_the_committed_schema() {
    let validator = validator();
    let (_, out) = check(&[&["--format", "json"][..], FIXTURES].concat());
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(doc["bundles"].as_array().unwrap().len() >= FIXTURES.len());
    assert_valid(&validator, &doc, "json");
    // A JSON Lines line is a bundle object plus schema_version.
    let (_, lines) = check(&["--format", "jsonl", "fixtures/shop.ipa"]);
    let mut line: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    line.as_object_mut().unwrap().remove("schema_version");
    let wrapped = json!({"schema_version": 2, "tool": doc["tool"], "bundles": [line]});
    assert_valid(&validator, &wrapped, "jsonl");
}

#[test]
fn the_schema_catches_a_field_it_does_not_describe() {
    let validator = validator();
    let (_, out) = check(&["--format", "json", "fixtures/appsflyer-adjust.apk"]);
    let mut doc: Value = serde_json::from_str(&out).unwrap();
    doc["bundles"][0]["findings"][0]["undocumented"] = json!(1);
    assert!(!validator.is_valid(&doc));
    let mut doc: Value = serde_json::from_str(&out).unwrap();
    doc["bundles"][0]["verdict"] = json!("maybe");
    assert!(!validator.is_valid(&doc));
}

#[test]
fn identity_signing_permissions_counts_and_verdict() {
    let (code, out) = check(&["--format", "json", "fixtures/appsflyer-adjust-no-adid.apk"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let bundle = &doc["bundles"][0];
    // The file's hash, as sha256sum computes it (independently, here with the sha2 crate).
    let bytes = std::fs::read("fixtures/appsflyer-adjust-no-adid.apk").unwrap();
    let expected: String = sha2::Digest::finalize(sha2::Digest::chain_update(
        <sha2::Sha256 as sha2::Digest>::new(),
        &bytes,
    ))
    .iter()
    .map(|b| format!("{b:02x}"))
    .collect();
    assert_eq!(bundle["sha256"], expected.as_str());
    assert_eq!(bundle["app"]["label"], "Example Shop");
    // apksigner signs the fixtures with v1, v2 and v3 (fixtures/README.md); the certificate's
    // SHA-256 is what `openssl x509 -fingerprint -sha256` prints for META-INF/CERT.RSA.
    let certificate = "f45938f0223e99b50cfc32b7f4a452785b1a3fa3e1f297a7d63ccc4ab6d4db49";
    assert_eq!(
        bundle["signing"],
        json!({
            "certificates": [
                {"scheme": "v1", "subject": "CN=sdklint-fixtures", "sha256": certificate, "file": "META-INF/CERT.RSA"},
                {"scheme": "v2", "subject": "CN=sdklint-fixtures", "sha256": certificate, "file": "APK Signing Block"},
                {"scheme": "v3", "subject": "CN=sdklint-fixtures", "sha256": certificate, "file": "APK Signing Block"},
            ],
            "team_id": null,
        })
    );
    let dangerous: Vec<(&str, bool)> = bundle["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["dangerous"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dangerous,
        [
            ("android.permission.INTERNET", false),
            ("android.permission.ACCESS_NETWORK_STATE", false),
            ("android.permission.WRITE_EXTERNAL_STORAGE", true),
        ]
    );
    assert_eq!(
        bundle["counts"],
        json!({"error": 1, "warning": 3, "info": 2, "suppressed": 0, "baselined": 0})
    );
    assert_eq!(bundle["verdict"], "fail");
    let adjust = &bundle["sdks"][0];
    assert_eq!(adjust["id"], "adjust");
    assert_eq!(adjust["vendor"], "Adjust GmbH");
    assert_eq!(adjust["website"], "https://dev.adjust.com/en/sdk/android");
    assert_eq!(adjust["conversion_tracking"], true);
    assert_eq!(adjust["x_partner"], true);
    for finding in bundle["findings"].as_array().unwrap() {
        assert_eq!(finding["status"], "active");
        assert_eq!(finding["fingerprint"].as_str().unwrap().len(), 16);
    }
}

/// The fingerprint in the JSON report is the one SARIF carries (the FindingId hash).
#[test]
fn fingerprints_match_sarif() {
    let fixture = "fixtures/appsflyer-adjust.apk";
    let (_, json) = check(&["--format", "json", fixture]);
    let (_, sarif) = check(&["--format", "sarif", fixture]);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let from_json: Vec<&str> = doc["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    let from_sarif: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(from_json, from_sarif);
}

#[test]
fn ios_team_id_and_label() {
    let (_, out) = check(&["--format", "json", "fixtures/shop.ipa"]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let bundle = &doc["bundles"][0];
    assert_eq!(bundle["signing"]["team_id"], "ABCDE12345");
    assert_eq!(bundle["signing"]["certificates"], json!([]));
    assert_eq!(bundle["app"]["label"], "Shop");
    assert_eq!(bundle["permissions"], json!([]));
}

#[test]
fn a_directory_has_no_sha256_and_suppressed_findings_have_their_status() {
    let dir = tempfile::TempDir::new().unwrap();
    let config = dir.path().join("sdklint.toml");
    std::fs::write(&config, "[[ignore]]\nrule = \"SL205\"\nreason = \"r\"\n").unwrap();
    let (_, out) = check(&[
        "--format",
        "json",
        "--config",
        config.to_str().unwrap(),
        "fixtures/appsflyer-adjust-splits",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let bundle = &doc["bundles"][0];
    assert_eq!(bundle["sha256"], Value::Null);
    let statuses: Vec<(&str, &str)> = bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .filter(|(rule, _)| *rule == "SL205")
        .collect();
    assert_eq!(statuses, [("SL205", "suppressed")]);
    assert_eq!(bundle["counts"]["suppressed"], 1);
}
