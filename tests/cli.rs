//! The command line beyond `check` on APKs: bare manifests and DEX files, `facts`, `rules`,
//! `explain`, `--version`.

use assert_cmd::Command;
use serde_json::Value;

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

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = sdklint(args);
    // `check` exits 1 when a policy rule reports an error (SL301 on most tracking fixtures).
    assert!(code == 0 || (code == 1 && args[0] == "check"), "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn bare_binary_and_text_manifests_give_the_same_identity() {
    for path in [
        "fixtures/manifests/rich.aapt2.axml",
        "fixtures/manifests/rich.aapt.axml",
        "fixtures/src/manifests/rich.xml",
    ] {
        let facts = json(&["facts", "--format", "json", path]);
        assert_eq!(facts["format"], "manifest", "{path}");
        assert_eq!(facts["app"]["id"], "com.example.shop", "{path}");
        assert_eq!(facts["app"]["target_os"], "34", "{path}");
        let permissions: Vec<&str> = facts["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(
            permissions.contains(&"com.google.android.gms.permission.AD_ID"),
            "{path}: {permissions:?}"
        );
        let receiver = facts["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == "receiver")
            .unwrap();
        assert_eq!(
            receiver["name"],
            "com.appsflyer.SingleInstallBroadcastReceiver"
        );
    }
}

#[test]
fn manifest_components_and_keys_count_as_referenced() {
    let doc = json(&[
        "check",
        "--format",
        "json",
        "fixtures/manifests/rich.aapt2.axml",
    ]);
    let appsflyer = doc["bundles"][0]["sdks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "appsflyer")
        .unwrap()
        .clone();
    assert_eq!(appsflyer["confidence"], "referenced");
    assert_eq!(
        appsflyer["evidence"][0]["locator"],
        "receiver com.appsflyer.SingleInstallBroadcastReceiver"
    );
}

#[test]
fn bare_dex_defined_and_referenced() {
    let doc = json(&["check", "--format", "json", "fixtures/dex/tracking-app.dex"]);
    let bundle = &doc["bundles"][0];
    assert_eq!(bundle["format"], "dex");
    let confidence = |id: &str| {
        bundle["sdks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["confidence"].as_str().unwrap().to_string())
    };
    assert_eq!(confidence("appsflyer").as_deref(), Some("defined"));
    assert_eq!(confidence("branch").as_deref(), Some("referenced"));
    assert_eq!(bundle["sdks"].as_array().unwrap().len(), 2);
}

#[test]
fn facts_lists_defined_and_referenced_classes_per_dex() {
    let facts = json(&["facts", "--format", "json", "fixtures/appsflyer-adjust.apk"]);
    let class = |name: &str| {
        facts["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone()
    };
    let lib = class("com.appsflyer.AppsFlyerLib");
    assert_eq!(lib["defined"], true);
    assert_eq!(lib["location"]["file"], "classes2.dex");
    // The app in classes.dex calls AppsFlyer, but the class is defined in classes2.dex: one entry.
    let count = facts["classes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "com.appsflyer.AppsFlyerLib")
        .count();
    assert_eq!(count, 1);
    assert_eq!(class("android.app.Activity")["defined"], false);
    let write_storage = facts["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "android.permission.WRITE_EXTERNAL_STORAGE")
        .unwrap()
        .clone();
    assert_eq!(write_storage["max_sdk_version"], 28);
    assert!(
        facts["strings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["value"] == "af_purchase")
    );
}

#[test]
fn explain_every_rule() {
    let (code, stdout, _) = sdklint(&["rules"]);
    assert_eq!(code, 0);
    let codes: Vec<String> = stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert!(codes.contains(&"SL103".to_string()));
    for code in codes {
        let (status, text, _) = sdklint(&["explain", &code]);
        assert_eq!(status, 0);
        assert!(text.starts_with(&code), "{text}");
        assert!(text.contains("## How to fix"), "{code}");
    }
    let (status, text, _) = sdklint(&["explain", "ad-id-permission-missing"]);
    assert_eq!(status, 0);
    assert!(text.starts_with("SL103 ad-id-permission-missing (integration, warning)"));
}

#[test]
fn explain_unknown_rule_is_a_usage_error() {
    let (code, _, stderr) = sdklint(&["explain", "SL999"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no rule named \"SL999\""), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(sdklint(&["check"]).0, 2);
    assert_eq!(sdklint(&["check", "--format", "xml", "x.apk"]).0, 2);
    assert_eq!(sdklint(&["frobnicate"]).0, 2);
}

#[test]
fn version() {
    let (code, stdout, _) = sdklint(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout.trim(),
        format!("sdklint {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn sdks_lists_the_database_vocabulary() {
    let list = json(&["sdks", "--format", "json"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 40, "{}", ids.len());
    // Every id of DESIGN.md's vocabulary ("SDK ids").
    for id in [
        "appsflyer",
        "adjust",
        "branch",
        "kochava",
        "singular",
        "tenjin",
        "airbridge",
        "appmetrica",
        "facebook-app-events",
        "firebase-analytics",
        "tiktok-business",
        "snap-kit",
        "google-mobile-ads",
        "facebook-audience-network",
        "applovin",
        "ironsource",
        "unity-ads",
        "pangle",
        "facebook-login",
        "facebook-share",
        "crashlytics",
        "sentry",
        "google-ump",
        "onetrust",
        "didomi",
        "usercentrics",
        "sourcepoint",
        "consentmanager",
        "play-age-signals",
        "declared-age-range",
        "twitter-kit",
        "mopub",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    let (code, text, _) = sdklint(&["sdks"]);
    assert_eq!(code, 0);
    assert!(text.contains("appsflyer"));
    assert!(text.contains("[conversion tracking, X partner]"));
}

#[test]
fn in_house_sdk_definitions_are_matched() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("acme-track.toml"),
        r#"id = "acme-track"
name = "Acme Track"
vendor = "Acme"
categories = ["attribution"]
conversion_tracking = true

[android]
class_prefixes = ["com.example.shop"]
"#,
    )
    .unwrap();
    let db = dir.path().to_str().unwrap();
    let doc = json(&[
        "check",
        "--format",
        "json",
        "--sdk-db",
        db,
        "fixtures/appsflyer-adjust.apk",
    ]);
    let acme = doc["bundles"][0]["sdks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "acme-track")
        .expect("in-house SDK found")
        .clone();
    assert_eq!(acme["confidence"], "defined");
    let list = json(&["sdks", "--format", "json", "--sdk-db", db]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "acme-track")
    );
}

#[test]
fn bad_in_house_sdk_file_is_a_clear_error() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("acme.toml");
    std::fs::write(&file, "id = \"acme\"\nname = \"Acme\"\ncolour = \"red\"\n").unwrap();
    let (code, _, stderr) = sdklint(&[
        "check",
        "--sdk-db",
        file.to_str().unwrap(),
        "fixtures/no-sdk.apk",
    ]);
    assert_eq!(code, 2);
    let expected = format!("error: {}:3:1: unknown field `colour`", file.display());
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// Every command that reads SDK definitions (`copy`: to check the configuration's `[[ignore]]
/// sdk` entries) takes `--sdk-db` and loads it (a broken file is a clear error from each), and `baseline` matches the in-house SDK like `check` does.
#[test]
fn every_command_accepts_sdk_db() {
    let dir = tempfile::TempDir::new().unwrap();
    let bad = dir.path().join("acme.toml");
    std::fs::write(&bad, "id = \"acme\"\nname = \"Acme\"\ncolour = \"red\"\n").unwrap();
    let bad = bad.to_str().unwrap();
    let apk = "fixtures/appsflyer-adjust.apk";
    let commands: [&[&str]; 7] = [
        &["check", apk],
        &["copy", "fixtures/copy/ads-en.csv"],
        &["baseline", apk],
        &["inventory", apk],
        &["facts", apk],
        &["diff", apk, apk],
        &["sdks"],
    ];
    for args in commands {
        let mut args = args.to_vec();
        args.extend(["--sdk-db", bad]);
        let (code, _, stderr) = sdklint(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains("unknown field `colour`"),
            "{args:?}: {stderr}"
        );
    }

    let good = dir.path().join("good");
    std::fs::create_dir(&good).unwrap();
    std::fs::write(
        good.join("acme-track.toml"),
        "id = \"acme-track\"\nname = \"Acme Track\"\nvendor = \"Acme\"\n\
         categories = [\"attribution\"]\nconversion_tracking = true\n\n\
         [android]\nclass_prefixes = [\"com.example.shop\"]\n",
    )
    .unwrap();
    let good = good.to_str().unwrap();
    let with = json(&["baseline", "--sdk-db", good, apk]);
    let without = json(&["baseline", apk]);
    let names_acme = |doc: &Value| {
        doc["findings"].as_array().unwrap().iter().any(|f| {
            f["sdks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == "acme-track")
        })
    };
    assert!(names_acme(&with), "{with}");
    assert!(!names_acme(&without), "{without}");
    for args in [
        &["facts", "--sdk-db", good, apk][..],
        &["diff", "--sdk-db", good, apk, apk][..],
    ] {
        let (code, _, stderr) = sdklint(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

/// `[[ignore]] sdk` is checked against the database in use: an in-house SDK from `--sdk-db` may
/// be named, and is unknown without it.
#[test]
fn ignore_entries_may_name_in_house_sdks() {
    let dir = tempfile::TempDir::new().unwrap();
    let sdks = dir.path().join("sdks");
    std::fs::create_dir(&sdks).unwrap();
    std::fs::write(
        sdks.join("acme-track.toml"),
        "id = \"acme-track\"\nname = \"Acme Track\"\nvendor = \"Acme\"\n\
         categories = [\"attribution\"]\nconversion_tracking = true\n\n\
         [android]\nclass_prefixes = [\"com.example.shop\"]\n",
    )
    .unwrap();
    let config = dir.path().join("sdklint.toml");
    std::fs::write(
        &config,
        "[[ignore]]\nrule = \"SL101\"\nsdk = \"acme-track\"\nreason = \"in-house\"\n",
    )
    .unwrap();
    let (db, config) = (sdks.to_str().unwrap(), config.to_str().unwrap());
    let apk = "fixtures/appsflyer-adjust.apk";

    let (code, _, stderr) = sdklint(&["check", "--config", config, apk]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("\"acme-track\" is not an SDK id"),
        "{stderr}"
    );

    for command in ["check", "baseline"] {
        let (code, _, stderr) = sdklint(&[command, "--config", config, "--sdk-db", db, apk]);
        assert_ne!(code, 2, "{command}: {stderr}");
    }
    // `sdklint copy` reads the same file: with the database that names the SDK it is valid, and
    // without it the same usage error.
    let ads = "fixtures/copy/ads-en.csv";
    let (code, _, stderr) = sdklint(&["copy", "--config", config, ads]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("\"acme-track\" is not an SDK id"),
        "{stderr}"
    );
    let (code, _, stderr) = sdklint(&["copy", "--config", config, "--sdk-db", db, ads]);
    assert_ne!(code, 2, "{stderr}");
    let doc = json(&[
        "check", "--format", "json", "--config", config, "--sdk-db", db, apk,
    ]);
    let acme: Vec<&Value> = doc["bundles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "SL101" && f["sdk"] == "acme-track")
        .collect();
    assert_eq!(acme.len(), 1, "{doc}");
    assert_eq!(acme[0]["suppressed"], true);
}
