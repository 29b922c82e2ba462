//! `--exodus-trackers`: a tracker list in Exodus Privacy's JSON shape, matched on the committed
//! fixtures. The list (`tests/data/exodus-trackers.json`) is our own, written for these tests:
//! trackers that are database SDKs (merged as `same_as`), trackers that are not (reported as
//! `exodus:<id>`), a regular expression, a network-only tracker, near misses and a signature too
//! broad to use.

mod common;

use std::path::Path;

use serde_json::Value;

const LIST: &str = "tests/data/exodus-trackers.json";

fn check_json(bundle: &str) -> (Value, String) {
    let run = common::run(
        &["check", "--format", "json", "--exodus-trackers", LIST],
        Path::new(bundle),
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    (serde_json::from_str(&run.stdout).unwrap(), run.stderr)
}

/// An SDK entry's `(id, confidence, same_as)`.
type Entry = (String, String, Vec<String>);

/// `(id, confidence, same_as)` of every SDK, and the ids of the mentions.
fn summary(doc: &Value) -> (Vec<Entry>, Vec<String>) {
    let bundle = &doc["bundles"][0];
    let sdks = bundle["sdks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let same_as = s["same_as"].as_array().map_or(Vec::new(), |a| {
                a.iter().map(|v| v.as_str().unwrap().to_string()).collect()
            });
            (
                s["id"].as_str().unwrap().to_string(),
                s["confidence"].as_str().unwrap().to_string(),
                same_as,
            )
        })
        .collect();
    let mentions = bundle["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    (sdks, mentions)
}

fn owned(items: &[(&str, &str, &[&str])]) -> Vec<Entry> {
    items
        .iter()
        .map(|(id, c, same)| {
            (
                id.to_string(),
                c.to_string(),
                same.iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn trackers_of_database_sdks_are_merged_and_near_misses_do_not_match() {
    let (doc, stderr) = check_json("fixtures/appsflyer-adjust.apk");
    let (sdks, mentions) = summary(&doc);
    // exodus:1 (`com.appsflyer.`) and exodus:2 (`com.adjust.sdk`) are these SDKs. exodus:4's
    // `com.appsfly` would match `com/appsflyer/…` as Exodus searches it; package-anchored it does
    // not, nor does its `appsflyer\.com` match the string `appsflyersdk.com`.
    assert_eq!(
        sdks,
        owned(&[
            ("adjust", "defined", &["exodus:2"]),
            ("appsflyer", "defined", &["exodus:1"]),
        ])
    );
    // exodus:6 is network-only: `https://gdpr.adjust.com` is a mention, never embedded.
    assert_eq!(mentions, ["exodus:6"]);
    let mention = &doc["bundles"][0]["mentions"][0];
    assert_eq!(mention["confidence"], "string");
    assert_eq!(
        mention["evidence"][0]["locator"],
        "string #85 \"https://gdpr.adjust.com\""
    );
    assert_eq!(mention["exodus_categories"][0], "Identification");
    // The one signature too broad to use is a warning naming the file and tracker.
    assert_eq!(
        stderr,
        format!(
            "warning: {LIST}: tracker 8: signature \"com.\" skipped: not a package of two \
             segments or more\n"
        )
    );
}

#[test]
fn trackers_beyond_the_database_are_reported_on_their_own() {
    let (doc, _) = check_json("fixtures/facebook-firebase.apk");
    let (sdks, mentions) = summary(&doc);
    // exodus:3 covers classes of facebook-app-events and of no database SDK
    // (`com.facebook.internal.…`): reported on its own. exodus:5, a regular expression, covers
    // only firebase-analytics classes: merged. exodus:7 (a regular expression) covers
    // `com.facebook.FacebookSdk`, which no database SDK claims.
    assert_eq!(
        sdks,
        owned(&[
            ("exodus:3", "defined", &[]),
            ("exodus:7", "defined", &[]),
            ("facebook-app-events", "defined", &[]),
            ("firebase-analytics", "defined", &["exodus:5"]),
        ])
    );
    assert!(mentions.is_empty(), "{mentions:?}");
    let bundle = &doc["bundles"][0];
    let fb = &bundle["sdks"][1];
    assert_eq!(
        fb["name"],
        "Facebook SDK entry point (test list, a regular expression)"
    );
    assert_eq!(
        fb["exodus_categories"],
        serde_json::json!(["Advertisement"])
    );
    assert_eq!(fb["categories"], serde_json::json!([]));
    assert_eq!(fb["conversion_tracking"], false);
    assert_eq!(
        fb["app_calls"],
        Value::Null,
        "unknown for an Exodus tracker"
    );
    let locators: Vec<&str> = fb["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["locator"].as_str().unwrap())
        .collect();
    assert_eq!(
        locators,
        [
            "class Lcom/facebook/FacebookSdk;",
            "class Lcom/facebook/FacebookSdkVersion;",
            "string #128 \"https://graph.facebook.com/v16.0/activities\"",
        ]
    );
    // No rule fires for an Exodus tracker: findings name database SDKs only.
    for finding in bundle["findings"].as_array().unwrap() {
        for sdk in finding["sdks"].as_array().unwrap() {
            assert!(!sdk.as_str().unwrap().starts_with("exodus:"), "{finding}");
        }
    }
    let schema = std::fs::read_to_string("docs/schema/report.schema.json").unwrap();
    let schema: Value = serde_json::from_str(&schema).unwrap();
    common::assert_valid(&jsonschema::validator_for(&schema).unwrap(), &doc);
}

/// The list adds SDKs, never findings: the same rules fire for the same SDKs, and what counts as
/// the app's own code does not change here: the tracker code it names (exodus:3's
/// `com.facebook.internal.…`) is a shared library's without it (`extract/data/
/// library_namespaces.txt`), so its strings are not searched as the app's for a privacy notice
/// either way (SL205's evidence: 156 strings searched; 157 before libraries had owners).
#[test]
fn the_list_changes_no_finding() {
    for bundle in [
        "fixtures/facebook-firebase.apk",
        "fixtures/appsflyer-adjust.apk",
    ] {
        let with = common::run(
            &["check", "--format", "json", "--exodus-trackers", LIST],
            Path::new(bundle),
        );
        let without = common::run(&["check", "--format", "json"], Path::new(bundle));
        assert_eq!(with.code, without.code, "{bundle}");
        let findings = |out: &str| -> Vec<(String, String, Value)> {
            let doc: Value = serde_json::from_str(out).unwrap();
            doc["bundles"][0]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let rule = f["rule"].as_str().unwrap().to_string();
                    let severity = f["severity"].as_str().unwrap().to_string();
                    (rule, severity, f["sdks"].clone())
                })
                .collect()
        };
        let searched = |out: &str| -> Vec<String> {
            let doc: Value = serde_json::from_str(out).unwrap();
            doc["bundles"][0]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|f| f["evidence"].as_array().unwrap().clone())
                .filter_map(|e| e["locator"].as_str().map(str::to_string))
                .filter(|l| l.contains("strings outside the SDKs' code"))
                .collect()
        };
        if bundle.contains("facebook") {
            let count = |out: &str| searched(out)[0].split(' ').nth(1).unwrap().to_string();
            assert_eq!(
                (count(&without.stdout), count(&with.stdout)),
                ("156".to_string(), "156".to_string())
            );
        } else {
            assert_eq!(searched(&with.stdout), searched(&without.stdout));
        }
        assert_eq!(
            findings(&with.stdout),
            findings(&without.stdout),
            "{bundle}"
        );
    }
}

#[test]
fn library_inputs_and_the_text_report() {
    let (doc, _) = check_json("fixtures/adjust-sdk.jar");
    assert_eq!(
        summary(&doc).0,
        owned(&[("adjust", "defined", &["exodus:2"])])
    );
    let run = common::run(
        &["check", "--exodus-trackers", LIST],
        Path::new("fixtures/facebook-firebase.apk"),
    );
    assert!(
        run.stdout.lines().any(|l| l.starts_with("    exodus:7 ")
            && l.contains(" Facebook SDK entry point (test list, a regular expression) ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("exodus: Advertisement"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("        same as exodus:5\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("never called"), "{}", run.stdout);
}

#[test]
fn bad_lists_are_one_line_errors_naming_file_and_tracker() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "broken.json",
            "{\"trackers\": {\"1\": ",
            &["not an Exodus tracker list"],
        ),
        (
            "shape.json",
            "{\"trackers\": [\"com.x\"]}",
            &["not an Exodus tracker list"],
        ),
        (
            "regex.json",
            r#"{"trackers": {"42": {"name": "R", "code_signature": "com\\.x(ads"}}}"#,
            &["tracker 42: code_signature", "is not a regular expression"],
        ),
        (
            "network.json",
            r#"{"trackers": {"43": {"name": "N", "network_signature": "[a-"}}}"#,
            &[
                "tracker 43: network_signature",
                "is not a regular expression",
            ],
        ),
    ];
    for (name, text, needles) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = assert_cmd::Command::cargo_bin("sdklint")
            .unwrap()
            .args(["check", "--exodus-trackers"])
            .arg(&path)
            .arg("fixtures/no-sdk.apk")
            .output()
            .unwrap();
        let run = common::Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        };
        common::assert_clean_failure(&run, &path, needles);
        assert!(run.stdout.is_empty(), "{name}: nothing is reported");
    }
    let missing = dir.path().join("missing.json");
    let run = common::run(
        &["check", "--exodus-trackers", missing.to_str().unwrap()],
        Path::new("fixtures/no-sdk.apk"),
    );
    common::assert_clean_failure(&run, &missing, &[]);
}

#[test]
fn diff_and_baseline_take_the_list() {
    let run = common::run(
        &[
            "diff",
            "--format",
            "json",
            "--exodus-trackers",
            LIST,
            "fixtures/appsflyer-adjust.apk",
        ],
        Path::new("fixtures/facebook-firebase.apk"),
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert!(run.stdout.contains("exodus:7"), "{}", run.stdout);
    let run = common::run(
        &["baseline", "--exodus-trackers", LIST],
        Path::new("fixtures/facebook-firebase.apk"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// With the list, classes no database SDK claims but a tracker covers are that tracker's code in
/// the ownership pass, not the app's: `com.facebook.internal.…` (exodus:3) and
/// `com.facebook.FacebookSdk…` (exodus:7) of facebook-firebase.apk, and so are the strings their
/// code loads. Classes a database SDK owns keep their SDK (`com.facebook.appevents`,
/// also covered by exodus:3, stays facebook-app-events'); the app's own classes stay the app's.
#[test]
fn tracker_classes_are_sdk_code_in_ownership() {
    use sdklint::Options;
    use sdklint::inventory::exodus::ExodusList;
    let path = Path::new("fixtures/facebook-firebase.apk");
    let without = sdklint::facts(path, &Options::default()).unwrap();
    let options = Options {
        exodus: Some(std::sync::Arc::new(
            ExodusList::load(Path::new(LIST)).unwrap(),
        )),
        ..Options::default()
    };
    let with = sdklint::facts(path, &options).unwrap();
    assert_eq!(with.classes, without.classes);
    let owners = |facts: &sdklint::facts::Facts| -> Vec<(String, Option<String>)> {
        facts
            .classes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let owner = facts.ownership.sdk_of(&facts.ownership.classes, i);
                (c.name.clone(), owner.map(str::to_string))
            })
            .collect()
    };
    let (before, after) = (owners(&without), owners(&with));
    let changed: Vec<(&str, Option<&str>)> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, a)| {
            assert_eq!(b.1, None, "{}: a database SDK's class changed owner", b.0);
            (a.0.as_str(), a.1.as_deref())
        })
        .collect();
    assert!(!changed.is_empty());
    for (class, owner) in &changed {
        let expected = if class.starts_with("com.facebook.internal.") {
            "exodus:3"
        } else {
            // The regular expression is anchored at the start only: `FacebookSdkVersion` too.
            assert!(class.starts_with("com.facebook.Facebook"), "{class}");
            "exodus:7"
        };
        assert_eq!(*owner, Some(expected), "{class}");
    }
    assert!(changed.iter().any(|(_, o)| *o == Some("exodus:3")));
    assert!(changed.iter().any(|(_, o)| *o == Some("exodus:7")));
    let appevents = after
        .iter()
        .find(|(c, _)| c.starts_with("com.facebook.appevents."))
        .unwrap();
    assert_eq!(appevents.1.as_deref(), Some("facebook-app-events"));
    assert!(
        after
            .iter()
            .filter(|(c, _)| c.starts_with(with.app.id.as_deref().unwrap()))
            .all(|(_, o)| o.is_none()),
        "the app's own package stays the app's"
    );
    // A string that tracker code loads is the tracker's now, no longer the app's or a shared
    // library's (the fixture's tracker classes make none of the API calls extracted, so no call
    // site changes owner).
    let moved: Vec<(&str, &str)> = (0..with.strings.len())
        .filter(|&i| {
            let before = without.ownership.sdk_of(&without.ownership.strings, i);
            before.is_none() && with.ownership.sdk_of(&with.ownership.strings, i).is_some()
        })
        .map(|i| {
            let owner = with.ownership.sdk_of(&with.ownership.strings, i).unwrap();
            (with.strings[i].value.as_str(), owner)
        })
        .collect();
    assert!(!moved.is_empty());
    assert!(
        moved.iter().all(|(_, o)| o.starts_with("exodus:")),
        "{moved:?}"
    );
    let calls_moved = (0..with.call_sites.len())
        .filter(|&i| with.ownership.call_site_is_app(i) != without.ownership.call_site_is_app(i))
        .count();
    assert_eq!(calls_moved, 0);
}
