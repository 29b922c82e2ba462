//! A bundle already in memory (`lint_bytes`, used by the Python package for object-storage
//! reads) gives the same report as the same bytes read from disk, and the same errors.

use std::path::{Path, PathBuf};

use sdklint::bundle::FileBytes;
use sdklint::{Options, report};

/// Every single-file bundle among the fixtures: the formats a byte buffer can hold.
fn file_bundles() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "fixtures",
        "fixtures/dex",
        "fixtures/manifests",
        "fixtures/ios/bin",
    ] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() && path.extension().is_none_or(|e| e != "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn bytes_and_file_give_the_same_json() {
    let options = Options::default();
    let bundles = file_bundles();
    assert!(bundles.len() > 40, "{} fixture files", bundles.len());
    for path in bundles {
        let from_file = sdklint::lint(&path, &options).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let from_memory =
            sdklint::lint_bytes(&path, FileBytes::from_owner(bytes), &options).unwrap();
        assert_eq!(
            report::json::render(&[from_memory]),
            report::json::render(&[from_file]),
            "{}",
            path.display()
        );
    }
}

#[test]
fn bad_bytes_fail_with_the_messages_of_files() {
    let options = Options::default();
    let name = Path::new("upload.apk");
    let empty = sdklint::lint_bytes(name, FileBytes::from_owner(Vec::new()), &options);
    assert_eq!(
        empty.unwrap_err().to_string(),
        "upload.apk: not a recognised bundle: the file is empty"
    );
    let garbage = sdklint::lint_bytes(name, FileBytes::from_owner(b"garbage".to_vec()), &options);
    assert_eq!(
        garbage.unwrap_err().to_string(),
        "upload.apk: not a recognised bundle: neither a zip archive (APK, AAB, split set, IPA) nor a DEX file nor an AndroidManifest.xml"
    );
    let mut truncated = std::fs::read("fixtures/no-sdk.apk").unwrap();
    truncated.truncate(truncated.len() / 2);
    let err = sdklint::lint_bytes(name, FileBytes::from_owner(truncated), &options).unwrap_err();
    assert!(err.to_string().starts_with("upload.apk: "), "{err}");
}
