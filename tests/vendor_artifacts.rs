//! Vendor artifacts and batch edge cases: a `.framework` without an Info.plist (as static
//! frameworks often ship), absence rules that speak only for whole apps, directories named like
//! bundles that are not bundles, and the per-platform sections of `sdklint facts`.

mod common;

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

/// Copy the real `AppsFlyerLib.framework` fixture into `dir`, without its Info.plist.
fn bare_framework(dir: &Path) -> std::path::PathBuf {
    let src = Path::new("fixtures/ios/AppsFlyerLib.framework");
    let dst = dir.join("AppsFlyerLib.framework");
    std::fs::create_dir_all(&dst).unwrap();
    for name in ["AppsFlyerLib", "PrivacyInfo.xcprivacy"] {
        std::fs::copy(src.join(name), dst.join(name)).unwrap();
    }
    dst
}

fn json(args: &[&str], path: &Path) -> (i32, Value) {
    let run = common::run(args, path);
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} / {}", run.stdout, run.stderr));
    (run.code, doc)
}

#[test]
fn framework_without_info_plist_is_read_by_its_binary() {
    let dir = TempDir::new().unwrap();
    let framework = bare_framework(dir.path());
    let (code, doc) = json(
        &["check", "--format", "json", "--fail-on", "warning"],
        &framework,
    );
    let bundle = &doc["bundles"][0];
    assert_eq!(bundle["format"], "framework");
    let sdk = &bundle["sdks"][0];
    assert_eq!(sdk["id"], "appsflyer");
    // No Info.plist, so no build metadata: the binary's own classes are the evidence.
    assert_eq!(sdk["confidence"], "defined");
    let evidence: Vec<&str> = sdk["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["locator"].as_str().unwrap())
        .collect();
    assert!(
        evidence
            .iter()
            .any(|l| l.contains("_OBJC_CLASS_$_AppsFlyerLib")),
        "{evidence:?}"
    );
    // A vendor framework is a part of an app: nothing is reported missing from it.
    let rules: Vec<&str> = bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["SL101"]);
    assert_eq!(code, 0);
}

#[test]
fn batch_skips_directories_named_like_bundles_that_are_not() {
    let dir = TempDir::new().unwrap();
    // A stub framework of `.tbd` text files, as SDK build trees hold.
    let stub = dir.path().join("stubs/Foundation.framework");
    std::fs::create_dir_all(&stub).unwrap();
    std::fs::write(stub.join("Foundation.tbd"), "--- !tapi-tbd\n").unwrap();
    std::fs::copy("fixtures/no-sdk.apk", dir.path().join("app.apk")).unwrap();
    let run = common::run(&["check", "--format", "jsonl"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let paths: Vec<String> = run
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("app.apk"));
}

#[test]
fn facts_text_shows_each_platforms_sections() {
    let ios = common::run(&["facts"], Path::new("fixtures/shop.ipa"));
    assert_eq!(ios.code, 0);
    assert!(!ios.stdout.contains("\n  permissions ("), "{}", ios.stdout);
    assert!(!ios.stdout.contains("\n  classes ("));
    let android = common::run(&["facts"], Path::new("fixtures/no-sdk.apk"));
    assert!(
        android.stdout.contains("\n  permissions (1)"),
        "{}",
        android.stdout
    );
}
