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

/// A directory is a split set when its APKs are named the way split sets are: `base.apk` and
/// `split_*.apk` (as a device stores an installed app and `adb install-multiple` takes it), or
/// `base-*.apk` (bundletool's `extract-apks`). Any other directory of APKs is a folder of separate
/// apps, which `sdklint check DIR` lints one by one.
pub(super) fn holds_apks(dir: &Path) -> bool {
    split_apks_in(dir).iter().any(|apk| {
        let name = apk
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        name == "base.apk" || name.starts_with("base-") || name.starts_with("split_")
    })
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
