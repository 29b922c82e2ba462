//! Bad input, derived from the real fixtures: every case ends with exit code 2 and a one-line
//! message naming the bundle and the entry at fault (or, for one bad DEX among good ones, a
//! partial result with an `errors` entry). Never a panic.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{assert_clean_failure, run, zip_entries as entries};
use serde_json::Value;
use tempfile::TempDir;

const GOOD: &str = "fixtures/appsflyer-adjust.apk";

fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut writer = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// The fixture's entries with `name` replaced by `f(bytes)`, or dropped when `f` returns None.
fn derive(dir: &TempDir, file: &str, name: &str, f: impl Fn(&[u8]) -> Option<Vec<u8>>) -> PathBuf {
    let entries: Vec<_> = entries(GOOD)
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
    write_zip(&path, &entries);
    path
}

fn dex_of_good(name: &str) -> Vec<u8> {
    entries(GOOD)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap()
        .1
}

/// A DEX whose `string_ids_size` claims 0xFFFFFFFF strings: the table ends far past the file.
fn huge_string_count(dex: &[u8]) -> Vec<u8> {
    let mut bad = dex.to_vec();
    bad[0x38..0x3c].copy_from_slice(&u32::MAX.to_le_bytes());
    bad
}

#[test]
fn not_a_zip() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("notes.apk");
    std::fs::write(&path, "these are release notes, not an APK\n").unwrap();
    assert_clean_failure(&run(&["check"], &path), &path, &["not a recognised bundle"]);
}

#[test]
fn empty_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("empty.apk");
    std::fs::write(&path, "").unwrap();
    assert_clean_failure(&run(&["check"], &path), &path, &["empty"]);
}

#[test]
fn truncated_apk() {
    let dir = TempDir::new().unwrap();
    let bytes = std::fs::read(GOOD).unwrap();
    let path = dir.path().join("truncated.apk");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert_clean_failure(&run(&["check"], &path), &path, &["truncated"]);
}

#[test]
fn zip_without_manifest() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, "nomanifest.apk", "AndroidManifest.xml", |_| None);
    assert_clean_failure(
        &run(&["check"], &path),
        &path,
        &["without AndroidManifest.xml"],
    );
}

#[test]
fn manifest_that_is_not_axml() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, "badmanifest.apk", "AndroidManifest.xml", |_| {
        Some(b"\x89PNG\r\n\x1a\n not a manifest".to_vec())
    });
    assert_clean_failure(&run(&["check"], &path), &path, &["AndroidManifest.xml"]);
}

#[test]
fn manifest_axml_truncated() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, "cutmanifest.apk", "AndroidManifest.xml", |bytes| {
        Some(bytes[..bytes.len() / 3].to_vec())
    });
    assert_clean_failure(&run(&["check"], &path), &path, &["AndroidManifest.xml"]);
}

#[test]
fn bare_dex_with_bad_magic() {
    let dir = TempDir::new().unwrap();
    let mut dex = dex_of_good("classes.dex");
    dex[..4].copy_from_slice(b"dey\n");
    let path = dir.path().join("classes.dex");
    std::fs::write(&path, dex).unwrap();
    assert_clean_failure(&run(&["check"], &path), &path, &["not a recognised bundle"]);
}

#[test]
fn bare_dex_with_offset_past_end() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("classes.dex");
    std::fs::write(&path, huge_string_count(&dex_of_good("classes.dex"))).unwrap();
    assert_clean_failure(
        &run(&["check"], &path),
        &path,
        &["classes.dex", "string_ids"],
    );
}

#[test]
fn entry_inflating_past_the_limit() {
    let path = Path::new(GOOD);
    let run = run(&["check", "--max-entry-bytes", "1000"], path);
    assert_clean_failure(&run, path, &["inflates past the limit of 1000 bytes"]);
}

#[test]
fn bundle_inflating_past_the_total_limit() {
    let path = Path::new(GOOD);
    let manifest_len = entries(GOOD)
        .into_iter()
        .find(|(n, _)| n == "AndroidManifest.xml")
        .unwrap()
        .1
        .len();
    let limit = (manifest_len + 10).to_string();
    let run = run(&["check", "--max-total-bytes", &limit], path);
    assert_clean_failure(&run, path, &["per bundle", "--max-total-bytes"]);
}

#[test]
fn too_many_entries() {
    let path = Path::new(GOOD);
    let run = run(&["check", "--max-entries", "3"], path);
    assert_clean_failure(&run, path, &["more than the limit of 3"]);
}

#[test]
fn one_bad_dex_among_good_ones_gives_a_partial_result() {
    let dir = TempDir::new().unwrap();
    let path = derive(&dir, "partly.apk", "classes2.dex", |dex| {
        Some(huge_string_count(dex))
    });
    let run = run(&["check", "--format", "json"], &path);
    // 1: Adjust without a consent mechanism is an error (SL301); the point is that it is not 2.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let bundle = &doc["bundles"][0];
    // Adjust lives in classes.dex, which is intact; AppsFlyer's classes were in classes2.dex.
    let ids: Vec<&str> = bundle["sdks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"adjust"), "{ids:?}");
    let errors = bundle["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["file"], "classes2.dex");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("string_ids")
    );
    assert!(
        bundle["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "SL902" && f["severity"] == "warning")
    );
}

#[test]
fn missing_file() {
    let path = Path::new("fixtures/does-not-exist.apk");
    assert_clean_failure(&run(&["check"], path), path, &["No such file"]);
}
