//! Split sets analysed as one app: a bundletool `.apks`, an `.xapk`, or a directory of split APKs.
//!
//! Which APKs make up the set:
//! - `.apks`: the APKs `toc.pb` lists for the highest-numbered variant made of split APKs (for a
//!   set built with `--mode=universal`, its one standalone APK); if `toc.pb` is unreadable, an
//!   `errors` entry and every `splits/*.apk` (or else every `*.apk`) entry;
//! - `.xapk`: every APK at the root of the zip (`manifest.json` is not needed to find them);
//! - a directory: every `*.apk` file in it.
//!
//! The base is found by content, not by name: the one APK whose manifest has no `split`
//! attribute (configuration and feature splits all carry one). The base gives the app identity;
//! every split is extracted as an APK of its own (DEX in parallel, and whatever else the APK
//! extractor reads), and the results are merged with every Location naming the split:
//! `splits/base-master.apk!/classes.dex`. Nested APKs are inflated into memory and share the
//! outer bundle's inflate budget (see [`ZipBundle::open_nested`]). A set without a base ends
//! with [`ExtractError::SplitSet`]; an APK that is not a zip, or whose manifest is unreadable, is an
//! `errors` entry.

use std::path::Path;

use rayon::prelude::*;

use super::ExtractError;
use super::ExtractOptions;
use super::android::{dex_entries, extract_apk};
use crate::android::{aab_proto, axml, manifest};
use crate::bundle::{BundleError, FileBytes, Limits, ZipBundle, split_apks_in};
use crate::facts::dependencies::BundleModule;
use crate::facts::{BundleFormat, Facts, Location, ReadError, SharedStr};

/// `.apks` and `.xapk`: a zip of APKs.
pub(super) fn extract_split_zip(
    path: &Path,
    zip: &ZipBundle,
    format: BundleFormat,
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    let mut errors = Vec::new();
    let names = match format {
        BundleFormat::Apks => apks_entries(zip, &mut errors)?,
        _ => apk_names(zip.names(), |n| !n.contains('/')),
    };
    let mut splits = Vec::with_capacity(names.len());
    for name in names {
        match zip.open_nested(&name) {
            Ok(nested) => splits.push((name, nested)),
            Err(BundleError::Entry { entry, message, .. }) => errors.push(ReadError {
                file: entry,
                message,
            }),
            Err(err) => return Err(err.into()),
        }
    }
    analyse(path, format, splits, errors, options)
}

/// A directory of split APKs; every APK's inflated bytes count against one budget.
pub(super) fn extract_split_dir(
    dir: &Path,
    limits: &Limits,
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    let mut errors = Vec::new();
    let mut splits: Vec<(String, ZipBundle)> = Vec::new();
    for apk in split_apks_in(dir) {
        let label = apk
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let opened = FileBytes::map(&apk).and_then(|bytes| ZipBundle::open(&apk, bytes, limits));
        match opened {
            Ok(zip) => {
                let zip = match splits.first() {
                    Some((_, first)) => zip.sharing_budget_of(first),
                    None => zip,
                };
                splits.push((label, zip));
            }
            Err(BundleError::Unrecognised { reason, .. }) => errors.push(ReadError {
                file: label,
                message: format!("not a zip archive: {reason}"),
            }),
            Err(BundleError::Io { source, .. }) => errors.push(ReadError {
                file: label,
                message: source.to_string(),
            }),
            Err(err) => return Err(err.into()),
        }
    }
    analyse(dir, BundleFormat::ApkDir, splits, errors, options)
}

/// The APK entries `toc.pb` lists, or every `splits/*.apk` (else `*.apk`) when it is unreadable.
fn apks_entries(zip: &ZipBundle, errors: &mut Vec<ReadError>) -> Result<Vec<String>, ExtractError> {
    let toc = match zip.read("toc.pb") {
        Ok(bytes) => aab_proto::build_apks_result(&bytes).map_err(|e| e.to_string()),
        Err(BundleError::Entry { message, .. }) => Err(message),
        Err(err) => return Err(err.into()),
    };
    let listed = match toc {
        Ok(toc) => {
            let is_split = |v: &&aab_proto::Variant| {
                v.apk_set
                    .iter()
                    .flat_map(|s| &s.apk_description)
                    .any(|d| d.split_apk_metadata.is_some())
            };
            let variant = toc
                .variant
                .iter()
                .filter(is_split)
                .max_by_key(|v| v.variant_number)
                .or_else(|| toc.variant.first());
            let mut paths: Vec<String> = variant
                .into_iter()
                .flat_map(|v| &v.apk_set)
                .flat_map(|s| &s.apk_description)
                .map(|d| d.path.clone())
                .filter(|p| zip.contains(p))
                .collect();
            paths.dedup();
            paths
        }
        Err(message) => {
            errors.push(ReadError {
                file: "toc.pb".into(),
                message,
            });
            Vec::new()
        }
    };
    if !listed.is_empty() {
        return Ok(listed);
    }
    let in_splits = apk_names(zip.names(), |n| n.starts_with("splits/"));
    Ok(if in_splits.is_empty() {
        apk_names(zip.names(), |_| true)
    } else {
        in_splits
    })
}

fn apk_names(names: &[String], keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut apks: Vec<String> = names
        .iter()
        .filter(|n| n.len() > 4 && n.to_ascii_lowercase().ends_with(".apk") && keep(n))
        .cloned()
        .collect();
    apks.sort();
    apks
}

/// The `split` attribute of an APK's manifest: `Ok(None)` for a base APK.
fn split_id(zip: &ZipBundle) -> Result<Option<String>, ReadError> {
    let bytes = zip.read("AndroidManifest.xml").map_err(|err| ReadError {
        file: "AndroidManifest.xml".into(),
        message: err.to_string(),
    })?;
    let root = axml::parse(&bytes).map_err(|err| ReadError {
        file: "AndroidManifest.xml".into(),
        message: err.to_string(),
    })?;
    Ok(root
        .plain_attr("split")
        .map(|a| manifest::render(&a.value))
        .filter(|s| !s.is_empty()))
}

fn analyse(
    path: &Path,
    format: BundleFormat,
    splits: Vec<(String, ZipBundle)>,
    mut errors: Vec<ReadError>,
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    if splits.is_empty() {
        return Err(ExtractError::SplitSet {
            path: path.to_path_buf(),
            message: "no readable APK in the split set".into(),
        });
    }
    let mut parts = Vec::with_capacity(splits.len());
    for (label, zip) in splits {
        match split_id(&zip) {
            Ok(id) => parts.push((label, zip, id)),
            Err(err) => errors.push(ReadError {
                file: format!("{label}!/{}", err.file),
                message: err.message,
            }),
        }
    }
    let Some(base) = parts.iter().position(|(_, _, id)| id.is_none()) else {
        let names: Vec<&str> = parts.iter().map(|(label, _, _)| label.as_str()).collect();
        return Err(ExtractError::SplitSet {
            path: path.to_path_buf(),
            message: format!(
                "split set without a base APK: every readable APK is a split ({})",
                names.join(", ")
            ),
        });
    };
    let base_part = parts.remove(base);
    parts.insert(0, base_part);

    let results: Vec<Result<Facts, ExtractError>> = parts
        .par_iter()
        .map(|(_, zip, _)| extract_apk(zip.path(), zip, options))
        .collect();

    let mut facts: Option<Facts> = None;
    for ((label, zip, id), result) in parts.iter().zip(results) {
        let mut split = match result {
            Ok(split) => split,
            Err(err) if facts.is_none() => return Err(err),
            Err(ExtractError::Unreadable { entry, message, .. }) => {
                errors.push(ReadError {
                    file: format!("{label}!/{entry}"),
                    message,
                });
                continue;
            }
            Err(ExtractError::Bundle(BundleError::Entry { entry, message, .. })) => {
                errors.push(ReadError {
                    file: format!("{label}!/{entry}"),
                    message,
                });
                continue;
            }
            Err(err) => return Err(err),
        };
        relabel(&mut split, label);
        split.modules.push(module_of(label, zip, id.clone()));
        match facts.as_mut() {
            None => {
                split.path = path.display().to_string();
                split.format = format;
                facts = Some(split);
            }
            Some(facts) => merge(facts, split),
        }
    }
    let mut facts = facts.expect("the base was extracted or returned an error");
    errors.append(&mut facts.errors);
    facts.errors = errors;
    facts
        .classes
        .sort_by(|a, b| a.name.cmp(&b.name).then(b.defined.cmp(&a.defined)));
    facts
        .classes
        .dedup_by(|later, first| later.name == first.name);
    Ok(facts)
}

/// The module fact of one split APK. bundletool names a base config split `config.<x>`, a
/// feature `<module>` and its config splits `<module>.config.<x>`.
fn module_of(label: &str, zip: &ZipBundle, split: Option<String>) -> BundleModule {
    let name = match split.as_deref() {
        None => "base".to_string(),
        Some(id) if id.starts_with("config.") => "base".to_string(),
        Some(id) => id.split(".config.").next().unwrap_or(id).to_string(),
    };
    let libs = zip
        .names()
        .iter()
        .filter(|n| n.starts_with("lib/") && n.ends_with(".so"))
        .map(|n| format!("{label}!/{n}"))
        .collect();
    BundleModule {
        name,
        delivery: None,
        dex_files: dex_entries(zip.names())
            .into_iter()
            .map(|n| format!("{label}!/{n}"))
            .collect(),
        native_libraries: libs,
        location: Location::new(
            label,
            match &split {
                Some(id) => format!("split {id}"),
                None => "base split".to_string(),
            },
        ),
        split,
    }
}

/// Name the split in every Location: `classes.dex` → `splits/base-master.apk!/classes.dex`.
fn relabel(facts: &mut Facts, label: &str) {
    let fix = |file: &mut String| *file = format!("{label}!/{file}");
    // One relabelled name per distinct file, shared as the original was (a DEX file's name is
    // held by every class, string and call site of that file).
    let mut relabelled: std::collections::HashMap<SharedStr, SharedStr> = Default::default();
    let mut fix_loc = |loc: &mut Location| {
        loc.file = relabelled
            .entry(loc.file.clone())
            .or_insert_with(|| format!("{label}!/{}", loc.file).into())
            .clone();
    };
    // Destructured so that a new `Facts` field fails to compile here until its locations are
    // relabelled too.
    let Facts {
        path: _,
        platform: _,
        format: _,
        app: _,
        manifest_file,
        permissions,
        meta_data,
        components,
        classes,
        strings,
        errors,
        sha256: _,
        signing,
        string_resources,
        call_sites,
        dependencies,
        modules,
        anomalies,
        native_libraries,
        script_calls,
        apple_binaries,
        apple: _,
        version_files,
        // Only an `.aar` has `R.txt` / `proguard.txt` facts; an APK never does.
        library: _,
        loader_classes: _,
        string_loaders: _,
        // Class and method names, no locations.
        invoked_undefined: _,
        sdk_invokes: _,
        ownership: _,
    } = facts;
    if let Some(file) = manifest_file.as_mut() {
        fix(file);
    }
    permissions
        .iter_mut()
        .for_each(|x| fix_loc(&mut x.location));
    meta_data.iter_mut().for_each(|x| fix_loc(&mut x.location));
    components.iter_mut().for_each(|x| fix_loc(&mut x.location));
    classes.iter_mut().for_each(|x| fix_loc(&mut x.location));
    strings.iter_mut().for_each(|x| fix_loc(&mut x.location));
    errors.iter_mut().for_each(|x| fix(&mut x.file));
    signing.iter_mut().for_each(|x| fix_loc(&mut x.location));
    string_resources
        .iter_mut()
        .for_each(|x| fix_loc(&mut x.location));
    call_sites.iter_mut().for_each(|x| fix_loc(&mut x.location));
    dependencies
        .iter_mut()
        .for_each(|x| fix_loc(&mut x.location));
    modules.iter_mut().for_each(|x| fix_loc(&mut x.location));
    anomalies.iter_mut().for_each(|x| fix_loc(&mut x.location));
    native_libraries
        .iter_mut()
        .for_each(|x| fix_loc(&mut x.location));
    script_calls
        .iter_mut()
        .for_each(|x| fix_loc(&mut x.location));
    apple_binaries
        .iter_mut()
        .for_each(|x| fix_loc(&mut x.location));
    version_files
        .iter_mut()
        .for_each(|x| fix_loc(&mut x.location));
}

/// Add a non-base split's facts to the app's (identity stays the base's).
fn merge(facts: &mut Facts, split: Facts) {
    // Destructured field by field so that a new `Facts` field fails to compile here until it is
    // merged (or deliberately dropped) too.
    let Facts {
        path: _,
        platform: _,
        format: _,
        app: _,
        manifest_file: _,
        permissions,
        meta_data,
        components,
        classes,
        strings,
        errors,
        sha256: _,
        // Every split of a set is signed with the base's certificates.
        signing: _,
        string_resources,
        call_sites,
        dependencies,
        modules,
        anomalies,
        native_libraries,
        script_calls,
        apple_binaries,
        apple: _,
        version_files,
        // Only an `.aar` has `R.txt` / `proguard.txt` facts; a split APK never does.
        library: _,
        loader_classes,
        string_loaders,
        invoked_undefined,
        sdk_invokes,
        ownership: _,
    } = split;
    facts.sdk_invokes.extend(sdk_invokes);
    // Pairs about a class another split defines are harmless: only classes no DEX defines are
    // looked up.
    if let Some(mut more) = invoked_undefined {
        let all = facts.invoked_undefined.get_or_insert_with(Vec::new);
        all.append(&mut more);
        all.sort_unstable();
        all.dedup();
    }
    // Loader indices shift by what the app already has; ownership is computed after merging.
    let string_base = facts.strings.len() as u32;
    let loader_base = facts.loader_classes.len() as u32;
    facts.loader_classes.extend(loader_classes);
    facts.string_loaders.extend(
        string_loaders
            .into_iter()
            .map(|(s, l)| (s + string_base, l + loader_base)),
    );
    facts.permissions.extend(permissions);
    facts.meta_data.extend(meta_data);
    facts.components.extend(components);
    facts.classes.extend(classes);
    facts.strings.extend(strings);
    facts.errors.extend(errors);
    facts.string_resources.extend(string_resources);
    facts.call_sites.extend(call_sites);
    facts.dependencies.extend(dependencies);
    facts.modules.extend(modules);
    facts.anomalies.extend(anomalies);
    facts.native_libraries.extend(native_libraries);
    facts.script_calls.extend(script_calls);
    facts.apple_binaries.extend(apple_binaries);
    facts.version_files.extend(version_files);
}
