//! Recognising split sets: a directory of split APKs and an `.xapk` zip.

use std::path::{Path, PathBuf};

use super::ZipBundle;

/// The `.apk` files directly inside `dir`, sorted by name (unreadable entries are skipped; the
/// extractor reports a missing base).
pub fn split_apks_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut apks: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_apk_name(&p.to_string_lossy()))
        .collect();
    apks.sort();
    apks
}

/// A directory is a split set when it holds at least one `.apk` file.
pub(super) fn holds_apks(dir: &Path) -> bool {
    !split_apks_in(dir).is_empty()
}

/// An `.xapk`: `manifest.json` and at least one APK at the root of the zip.
pub(super) fn is_xapk(zip: &ZipBundle) -> bool {
    zip.contains("manifest.json")
        && zip
            .names()
            .iter()
            .any(|n| !n.contains('/') && is_apk_name(n))
}

fn is_apk_name(name: &str) -> bool {
    name.len() > 4 && name.to_ascii_lowercase().ends_with(".apk")
}
