//! AAB and split sets on the committed fixtures (built by `cargo xtask fixtures aab/appsflyer-adjust
//! splits/appsflyer-adjust` from the sources of `appsflyer-adjust.apk`), and bad input derived from
//! them by mutation.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{assert_clean_failure, run, zip_entries as entries};
use sdklint::facts::{BundleFormat, Facts};
use sdklint::inventory::Confidence;
use sdklint::{BundleReport, Options};
use serde_json::Value;
use tempfile::TempDir;

const APK: &str = "fixtures/appsflyer-adjust.apk";
const AAB: &str = "fixtures/appsflyer-adjust.aab";
const APKS: &str = "fixtures/appsflyer-adjust.apks";
const XAPK: &str = "fixtures/appsflyer-adjust.xapk";
const DIR: &str = "fixtures/appsflyer-adjust-splits";
const DEPS: &str = "BUNDLE-METADATA/com.android.tools.build.libraries/dependencies.pb";
const BASE_MANIFEST: &str = "base/manifest/AndroidManifest.xml";

fn lint(path: impl AsRef<Path>) -> BundleReport {
    sdklint::lint(path.as_ref(), &Options::default()).unwrap()
}

fn facts(path: impl AsRef<Path>) -> Facts {
    sdklint::facts(path.as_ref(), &Options::default()).unwrap()
}

fn sdk_ids(report: &BundleReport) -> Vec<&str> {
    report
        .inventory
        .sdks
        .iter()
        .map(|s| s.id.as_str())
        .collect()
}

fn class_names(facts: &Facts) -> Vec<(&str, bool)> {
    facts
        .classes
        .iter()
        .map(|c| (c.name.as_str(), c.defined))
        .collect()
}

#[test]
fn every_packaging_gives_the_apks_sdk_list() {
    let apk = lint(APK);
    assert_eq!(sdk_ids(&apk), ["adjust", "appsflyer"]);
    for (path, format) in [
        (AAB, BundleFormat::Aab),
        (APKS, BundleFormat::Apks),
        (XAPK, BundleFormat::Xapk),
        (DIR, BundleFormat::ApkDir),
    ] {
        let report = lint(path);
        assert_eq!(report.facts.format, format, "{path}");
        assert_eq!(sdk_ids(&report), sdk_ids(&apk), "{path}");
        let mut app = report.facts.app.clone();
        if format == BundleFormat::Aab {
            // resources.pb references are not resolved yet: the label (a reference) is unknown.
            assert_eq!(app.label, None, "{path}");
            app.label = apk.facts.app.label.clone();
        }
        assert_eq!(app, apk.facts.app, "{path}");
        let permissions: Vec<_> = report.facts.permissions.iter().map(|p| &p.name).collect();
        let apk_permissions: Vec<_> = apk.facts.permissions.iter().map(|p| &p.name).collect();
        assert_eq!(permissions, apk_permissions, "{path}");
        let rules: Vec<_> = report.findings.iter().map(|f| f.rule).collect();
        let apk_rules: Vec<_> = apk.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, apk_rules, "{path}");
        assert!(
            report.facts.errors.is_empty(),
            "{path}: {:?}",
            report.facts.errors
        );
    }
}

#[test]
fn split_sets_hold_the_apks_classes_with_the_split_named() {
    let apk = facts(APK);
    for (path, base) in [
        (APKS, "splits/base-master.apk"),
        (XAPK, "com.example.shop.apk"),
        (DIR, "base.apk"),
    ] {
        let split = facts(path);
        assert_eq!(class_names(&split), class_names(&apk), "{path}");
        assert_eq!(split.strings.len(), apk.strings.len(), "{path}");
        let adjust = split
            .classes
            .iter()
            .find(|c| c.name == "com.adjust.sdk.Adjust")
            .unwrap();
        assert_eq!(adjust.location.file, format!("{base}!/classes.dex"));
        assert_eq!(
            split.manifest_file.as_deref(),
            Some(format!("{base}!/AndroidManifest.xml").as_str())
        );
        let parts: Vec<(&str, Option<&str>)> = split
            .modules
            .iter()
            .map(|m| (m.name.as_str(), m.split.as_deref()))
            .collect();
        assert_eq!(
            parts,
            [("base", None), ("base", Some("config.fr"))],
            "{path}"
        );
        assert_eq!(
            split.modules[0].dex_files,
            [
                format!("{base}!/classes.dex"),
                format!("{base}!/classes2.dex")
            ]
        );
    }
}

#[test]
fn aab_declares_sdks_with_versions() {
    let report = lint(AAB);
    let summary: Vec<_> = report
        .inventory
        .sdks
        .iter()
        .map(|s| (s.id.as_str(), s.confidence, s.version.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            // Their classes are in the DEX: defined outweighs the declaring dependencies.pb.
            ("adjust", Confidence::Defined, Some("4.38.0")),
            ("appsflyer", Confidence::Defined, Some("6.14.0")),
        ]
    );
    let appsflyer = report.inventory.get("appsflyer").unwrap();
    // The SDK's own code explains best and comes first; the build metadata follows.
    assert_eq!(appsflyer.evidence[0].file, "base/dex/classes2.dex");
    let declared = appsflyer.version_evidence.as_ref().unwrap();
    assert_eq!(declared.file, DEPS);
    assert_eq!(
        declared.locator,
        "library #0 com.appsflyer:af-android-sdk:6.14.0"
    );

    let deps: Vec<(String, Option<&str>, Vec<&str>)> = report
        .facts
        .dependencies
        .iter()
        .map(|d| {
            (
                d.coordinates(),
                d.version.as_deref(),
                d.direct_in.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        deps,
        [
            (
                "com.appsflyer:af-android-sdk".to_string(),
                Some("6.14.0"),
                vec!["base", "feature_shop"]
            ),
            (
                "com.adjust.sdk:adjust-android".to_string(),
                Some("4.38.0"),
                vec!["base"]
            ),
            (
                "com.android.installreferrer:installreferrer".to_string(),
                Some("2.2"),
                vec![]
            ),
            (
                "androidx.core:core".to_string(),
                Some("1.12.0"),
                vec!["base"]
            ),
            (
                "org.jetbrains.kotlin:kotlin-stdlib".to_string(),
                Some("1.9.22"),
                vec![]
            ),
        ]
    );
}

#[test]
fn aab_modules_manifests_dex_and_resources() {
    let aab = facts(AAB);
    let apk = facts(APK);
    assert_eq!(aab.manifest_file.as_deref(), Some(BASE_MANIFEST));
    assert_eq!(aab.meta_data, apk.meta_data);

    let modules: Vec<_> = aab
        .modules
        .iter()
        .map(|m| (m.name.as_str(), m.delivery.as_deref(), m.dex_files.clone()))
        .collect();
    assert_eq!(
        modules,
        [
            (
                "base",
                None,
                vec![
                    "base/dex/classes.dex".to_string(),
                    "base/dex/classes2.dex".to_string()
                ]
            ),
            (
                "feature_shop",
                Some("on-demand"),
                vec!["feature_shop/dex/classes.dex".to_string()]
            ),
        ]
    );

    // The APK's classes plus the feature module's.
    let mut expected = class_names(&apk);
    expected.push(("com.example.shop.feature.ShopActivity", true));
    expected.sort();
    assert_eq!(class_names(&aab), expected);
    let shop = aab
        .classes
        .iter()
        .find(|c| c.name == "com.example.shop.feature.ShopActivity")
        .unwrap();
    assert_eq!(shop.location.file, "feature_shop/dex/classes.dex");
    assert!(
        aab.strings
            .iter()
            .any(|s| s.value == "af_content_view"
                && s.location.file == "feature_shop/dex/classes.dex")
    );

    let components: Vec<_> = aab
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.location.file.as_str()))
        .collect();
    assert_eq!(
        components,
        [
            ("com.example.shop.MainActivity", BASE_MANIFEST),
            (
                "com.appsflyer.SingleInstallBroadcastReceiver",
                BASE_MANIFEST
            ),
            (
                "com.example.shop.feature.ShopActivity",
                "feature_shop/manifest/AndroidManifest.xml"
            ),
        ]
    );

    let strings: Vec<_> = aab
        .string_resources
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.locale.as_str(),
                s.value.as_str(),
                s.location.file.as_str(),
            )
        })
        .collect();
    assert_eq!(
        strings,
        [("app_name", "", "Example Shop", "base/resources.pb")]
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

fn check_json(path: &Path) -> Value {
    let out = run(&["check", "--format", "json", "--fail-on", "never"], path);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    doc["bundles"][0].clone()
}

/// `fixture`'s entries with `name` replaced by `f(bytes)`, or dropped when `f` returns None,
/// written to `dir/file`.
fn derive(
    dir: &TempDir,
    fixture: &str,
    file: &str,
    name: &str,
    f: impl Fn(&[u8]) -> Option<Vec<u8>>,
) -> PathBuf {
    let entries: Vec<_> = entries(fixture)
        .into_iter()
        .filter_map(|(n, bytes)| {
            if n == name {
                f(&bytes).map(|b| (n, b))
            } else {
                Some((n, bytes))
            }
        })
        .collect();
    let path = dir.path().join(file);
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &entries {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
    path
}

/// Bytes that are not a valid protobuf message: a field-1 length prefix running past the end.
fn proto_garbage(bytes: &[u8]) -> Vec<u8> {
    let mut bad = vec![0x0a, 0xff, 0xff, 0x03];
    bad.extend_from_slice(&bytes[..bytes.len().min(16)]);
    bad
}

fn error_files(bundle: &Value) -> Vec<String> {
    bundle["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_string())
        .collect()
}

fn json_sdks(bundle: &Value) -> Vec<(String, String)> {
    bundle["sdks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["confidence"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn garbage_proto_manifest_is_exit_2() {
    let dir = TempDir::new().unwrap();
    for (file, f) in [
        ("garbage.aab", proto_garbage as fn(&[u8]) -> Vec<u8>),
        ("truncated.aab", |b: &[u8]| b[..b.len() / 2].to_vec()),
    ] {
        let path = derive(&dir, AAB, file, BASE_MANIFEST, |b| Some(f(b)));
        let out = run(&["check"], &path);
        assert_clean_failure(
            &out,
            &path,
            &[BASE_MANIFEST, "not a valid protobuf message"],
        );
    }
}

#[test]
fn garbage_dependencies_pb_is_a_partial_result() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, AAB, "deps.aab", DEPS, |b| Some(proto_garbage(b)));
    let bundle = check_json(&path);
    assert_eq!(error_files(&bundle), [DEPS]);
    assert!(
        bundle["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("dependencies.pb: not a valid protobuf message"),
        "{}",
        bundle["errors"]
    );
    // The code still shows both SDKs, now without the build metadata.
    assert_eq!(
        json_sdks(&bundle),
        [
            ("adjust".to_string(), "defined".to_string()),
            ("appsflyer".to_string(), "defined".to_string())
        ]
    );
    assert!(
        bundle["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "SL902"),
        "SL902 expected: {}",
        bundle["findings"]
    );
}

#[test]
fn garbage_resources_pb_and_feature_manifest_are_errors_entries() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, AAB, "res.aab", "base/resources.pb", |b| {
        Some(proto_garbage(b))
    });
    let bundle = check_json(&path);
    assert_eq!(error_files(&bundle), ["base/resources.pb"]);
    assert_eq!(json_sdks(&bundle).len(), 2);

    let feature = "feature_shop/manifest/AndroidManifest.xml";
    let path = derive(&dir, AAB, "feature.aab", feature, |b| {
        Some(proto_garbage(b))
    });
    let bundle = check_json(&path);
    assert_eq!(error_files(&bundle), [feature]);
    assert_eq!(json_sdks(&bundle).len(), 2);
}

#[test]
fn split_set_without_base_is_exit_2() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, APKS, "nobase.apks", "splits/base-master.apk", |_| {
        None
    });
    let out = run(&["check"], &path);
    assert_clean_failure(
        &out,
        &path,
        &["split set without a base APK", "splits/base-fr.apk"],
    );

    let path = derive(&dir, XAPK, "nobase.xapk", "com.example.shop.apk", |_| None);
    let out = run(&["check"], &path);
    assert_clean_failure(
        &out,
        &path,
        &["split set without a base APK", "config.fr.apk"],
    );

    let split_dir = dir.path().join("nobase-splits");
    std::fs::create_dir(&split_dir).unwrap();
    std::fs::copy(
        Path::new(DIR).join("split_config.fr.apk"),
        split_dir.join("split_config.fr.apk"),
    )
    .unwrap();
    let out = run(&["check"], &split_dir);
    assert_clean_failure(&out, &split_dir, &["split set without a base APK"]);
}

#[test]
fn nested_apk_that_is_not_a_zip_is_an_errors_entry() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, APKS, "notzip.apks", "splits/base-fr.apk", |b| {
        Some(b[b.len() / 2..].iter().map(|x| x ^ 0x5a).collect())
    });
    let bundle = check_json(&path);
    assert_eq!(error_files(&bundle), ["splits/base-fr.apk"]);
    assert!(
        bundle["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("not a zip archive"),
        "{}",
        bundle["errors"]
    );
    assert_eq!(json_sdks(&bundle).len(), 2);

    // A base that is not a zip leaves no base: exit 2.
    let path = derive(&dir, APKS, "badbase.apks", "splits/base-master.apk", |b| {
        Some(b[..100].to_vec())
    });
    let out = run(&["check"], &path);
    assert_clean_failure(&out, &path, &["split set without a base APK"]);
}

#[test]
fn garbage_toc_falls_back_to_the_split_entries() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, APKS, "toc.apks", "toc.pb", |b| Some(proto_garbage(b)));
    let bundle = check_json(&path);
    assert_eq!(error_files(&bundle), ["toc.pb"]);
    assert_eq!(json_sdks(&bundle).len(), 2);
}

#[test]
fn nested_bytes_count_against_the_bundle_total() {
    // The .apks holds 25 KiB of split APKs whose entries inflate to about 40 KiB more: a total
    // limit between the two fails only if nested entries are charged to the outer bundle.
    let failed = run(&["check", "--max-total-bytes", "40000"], Path::new(APKS));
    assert_eq!(failed.code, 2, "{}", failed.stderr);
    // A nested APK is named after its bundle, then the entry inside it; which entry crosses the
    // limit depends on the order in which the parallel readers finish.
    assert!(
        failed
            .stderr
            .starts_with(&format!("error: {APKS}!/splits/"))
            && failed.stderr.trim_end().ends_with(
                "inflate past the limit of 40000 bytes per bundle (raise it with --max-total-bytes)"
            ),
        "{}",
        failed.stderr
    );
    // `--fail-on never`: the APK has error findings (SL301); only the limit matters here.
    let ok = run(
        &["check", "--fail-on", "never", "--max-total-bytes", "200000"],
        Path::new(APKS),
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}
