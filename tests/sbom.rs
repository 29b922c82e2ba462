//! `sdklint inventory --format cyclonedx`: a CycloneDX 1.5 SBOM, validated against the official
//! JSON schema in `../shared/schemas/`.

mod common;

use assert_cmd::Command;
use serde_json::Value;

fn sbom(fixture: &str) -> Value {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(["inventory", "--format", "cyclonedx"])
        .arg(format!("fixtures/{fixture}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sboms_validate_against_cyclonedx_1_5() {
    let validator = common::schema_validator("bom-1.5.schema.json");
    for fixture in [
        "no-sdk.apk",
        "appsflyer-adjust.apk",
        "facebook-firebase.apk",
        "branch-referenced.apk",
    ] {
        common::assert_valid(&validator, &sbom(fixture));
    }
}

#[test]
fn sbom_lists_each_sdk_with_confidence_and_evidence() {
    let doc = sbom("appsflyer-adjust.apk");
    assert_eq!(doc["bomFormat"], "CycloneDX");
    assert_eq!(doc["specVersion"], "1.5");
    assert_eq!(doc["metadata"]["component"]["name"], "com.example.shop");
    let components = doc["components"].as_array().unwrap();
    let refs: Vec<&str> = components
        .iter()
        .map(|c| c["bom-ref"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["sdk:adjust", "sdk:appsflyer"]);
    let appsflyer = &components[1];
    assert_eq!(appsflyer["publisher"], "AppsFlyer Ltd.");
    assert_eq!(
        appsflyer["purl"],
        "pkg:maven/com.appsflyer/af-android-sdk@6.14.0"
    );
    assert_eq!(
        components[0]["purl"],
        "pkg:maven/com.adjust.sdk/adjust-android@4.38.0"
    );
    let property = |name: &str| -> Vec<String> {
        appsflyer["properties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["name"] == name)
            .map(|p| p["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(property("sdklint:confidence"), ["defined"]);
    assert_eq!(property("sdklint:category"), ["attribution"]);
    assert!(
        property("sdklint:evidence")
            .contains(&"classes2.dex: class Lcom/appsflyer/AppsFlyerLib;".to_string())
    );
    assert_eq!(
        doc["dependencies"][0]["dependsOn"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_schema_check_catches_a_broken_sbom() {
    let validator = common::schema_validator("bom-1.5.schema.json");
    let mut doc = sbom("appsflyer-adjust.apk");
    doc["components"][0]["type"] = "sdk".into();
    assert!(!validator.is_valid(&doc));
}
