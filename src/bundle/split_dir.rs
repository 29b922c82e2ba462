//! Recognising split sets: a directory of split APKs and an `.xapk` zip.

use std::path::{Path, PathBuf};

use super::{FileBytes, Limits, ZipBundle};
use crate::android::axml;
use crate::android::manifest::render;

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
/// `base-*.apk` (bundletool's `extract-apks`); or, whatever their names, when its manifests say
/// so (see [`one_app_by_content`]). Any other directory of APKs is a folder of separate apps,
/// which `sdklint check DIR` lints one by one.
pub(super) fn holds_apks(dir: &Path, limits: &Limits) -> bool {
    let apks = split_apks_in(dir);
    let named_as_set = apks.iter().any(|apk| {
        let name = apk
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        name == "base.apk" || name.starts_with("base-") || name.starts_with("split_")
    });
    named_as_set || one_app_by_content(&apks, limits)
}

/// Most APKs whose manifests are read to decide whether a directory is one split set; a folder
/// with more is taken for a folder of apps (a real split set has one base, a few dozen
/// configuration splits at most, and is named as such by every tool that writes one).
const MAX_SPLITS_BY_CONTENT: usize = 64;

/// Two or more APKs of one package, exactly one of them without a `split` attribute (the base)
/// and every other with one: what `adb install-multiple` would install as one app, saved under
/// other names (`app.apk`, `app-fr.apk`). Versions of one app side by side have no `split`
/// attribute and stay separate apps. Any APK that cannot be read ends the check with `false`.
fn one_app_by_content(apks: &[PathBuf], limits: &Limits) -> bool {
    if apks.len() < 2 || apks.len() > MAX_SPLITS_BY_CONTENT {
        return false;
    }
    let mut package: Option<String> = None;
    let mut bases = 0;
    for apk in apks {
        let Some((pkg, split)) = identity(apk, limits) else {
            return false;
        };
        if package.get_or_insert_with(|| pkg.clone()) != &pkg {
            return false;
        }
        bases += usize::from(split.is_none());
    }
    bases == 1
}

/// `package` and `split` of an APK's binary manifest, if it has one.
fn identity(apk: &Path, limits: &Limits) -> Option<(String, Option<String>)> {
    let bytes = FileBytes::map(apk).ok()?;
    let zip = ZipBundle::open(apk, bytes, limits).ok()?;
    let manifest = zip.read("AndroidManifest.xml").ok()?;
    let root = axml::parse(&manifest).ok()?;
    let text = |name: &str| {
        root.plain_attr(name)
            .map(|a| render(&a.value))
            .filter(|v| !v.is_empty())
    };
    Some((text("package")?, text("split")))
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
