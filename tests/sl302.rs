//! SL302 collection-before-consent on the committed fixtures: which SDKs it names, with which
//! evidence, and its near miss.

use assert_cmd::Command;
use serde_json::{Value, json};

/// (sdk, message, evidence locators) of every SL302 finding of `fixture`.
fn sl302(fixture: &str) -> Vec<(String, String, Vec<String>)> {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(format!("fixtures/{fixture}"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "SL302")
        .map(|f| {
            // Meta and Firebase are no X measurement partners: X's policy may apply, so SL302
            // runs one step below its default (warning).
            assert_eq!(f["severity"], "info");
            assert_eq!(f["clause"], "consent");
            assert_eq!(f["sdks"], json!([f["sdk"]]));
            (
                f["sdk"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        format!(
                            "{}: {}",
                            e["file"].as_str().unwrap(),
                            e["locator"].as_str().unwrap()
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn facebook_firebase_fires_for_meta_only() {
    // AutoLogAppEventsEnabled=false but AdvertiserIDCollectionEnabled=true; Firebase is off
    // (firebase_analytics_collection_enabled=false, and ad_storage denied by default).
    assert_eq!(
        sl302("facebook-firebase.apk"),
        [(
            s("facebook-app-events"),
            s(
                "Meta App Events (Facebook SDK) collects before consent: com.facebook.sdk.AdvertiserIDCollectionEnabled is true"
            ),
            vec![
                s("AndroidManifest.xml: meta-data com.facebook.sdk.AdvertiserIDCollectionEnabled"),
                s("classes.dex: class Lcom/facebook/appevents/AppEventsLogger;"),
            ],
        )]
    );
}

#[test]
fn collect_fires_for_both() {
    assert_eq!(
        sl302("facebook-firebase-collect.apk"),
        [
            (
                s("facebook-app-events"),
                s(
                    "Meta App Events (Facebook SDK) collects before consent: com.facebook.sdk.AutoLogAppEventsEnabled is not set (defaults to true); com.facebook.sdk.AdvertiserIDCollectionEnabled is not set (defaults to true)"
                ),
                vec![s(
                    "classes.dex: class Lcom/facebook/appevents/AppEventsLogger;"
                )],
            ),
            (
                s("firebase-analytics"),
                s(
                    "Google Analytics for Firebase collects before consent: firebase_analytics_collection_enabled is true and no consent-mode default denies ad storage or ad user data"
                ),
                vec![
                    s("AndroidManifest.xml: meta-data firebase_analytics_collection_enabled"),
                    s("classes.dex: class Lcom/google/android/gms/measurement/AppMeasurement;"),
                ],
            ),
        ]
    );
}

#[test]
fn consent_first_is_the_near_miss() {
    assert_eq!(sl302("facebook-firebase-consent-first.apk"), []);
}

#[test]
fn apps_without_those_sdks_never_get_it() {
    for fixture in [
        "no-sdk.apk",
        "appsflyer-adjust.apk",
        "branch-referenced.apk",
    ] {
        assert_eq!(sl302(fixture), [], "{fixture}");
    }
}
