//! Opt-in checks on real third-party bundles from `../shared/corpus/fetch.sh`:
//! `SDKLINT_CORPUS=<dir> cargo test --test corpus -- --ignored`. Never committed, never in CI.

use std::path::PathBuf;

use sdklint::Options;

fn corpus() -> PathBuf {
    PathBuf::from(std::env::var_os("SDKLINT_CORPUS").expect("set SDKLINT_CORPUS to the corpus dir"))
}

/// ApiDemos is a large real app without trackers: every class and string must be read, and the
/// matcher must not claim any SDK (a precision check on real class names).
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn api_demos_reads_fully_and_has_no_sdk() {
    let report = sdklint::lint(
        &corpus().join("android/ApiDemos-debug.apk"),
        &Options::default(),
    )
    .expect("ApiDemos reads");
    assert_eq!(
        report.facts.app.id.as_deref(),
        Some("io.appium.android.apis")
    );
    assert!(report.facts.errors.is_empty(), "{:?}", report.facts.errors);
    assert!(report.facts.classes.len() > 5_000);
    assert!(report.facts.strings.len() > 50_000);
    assert!(
        report.inventory.sdks.is_empty(),
        "{:?}",
        report.inventory.sdks
    );
}

/// F-Droid's test APKs (odd manifests, signing schemes, unicode names): each reads or fails
/// with a typed error, never a panic.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn fdroid_test_apks_read() {
    let dir = corpus().join("android/fdroidserver");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "apk") {
            let report = sdklint::lint(&path, &Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(report.facts.app.id.is_some(), "{}", path.display());
            read += 1;
        }
    }
    assert!(read >= 20, "only {read} APKs in {}", dir.display());
}
