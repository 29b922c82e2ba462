//! Android extraction: the manifest and every `classes*.dex`.

use std::path::Path;

use rayon::prelude::*;

use super::{ExtractError, ExtractOptions, bare_entry_name};
use crate::android::dex::{self, Dex};
use crate::android::manifest::{self, ComponentKind, Manifest};
use crate::bundle::{BundleError, ZipBundle};
use crate::facts::{
    BundleFormat, ClassFact, ComponentFact, Facts, Location, MetaDataFact, Permission, Platform,
    ReadError, SharedStr, StringFact,
};

const MANIFEST: &str = "AndroidManifest.xml";

pub(super) fn extract_apk(
    path: &Path,
    zip: &ZipBundle,
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    // Three independent reads on both cores: the manifest and resources, the DEX files and the
    // native code. Each is parallel inside, so neither core waits for the other's tail.
    let dex_names = dex_entries(zip.names());
    let (head, (dexes, native)) = rayon::join(
        || read_head(path, zip),
        || {
            rayon::join(
                || read_dexes(zip, &dex_names, options),
                || super::native::read_native(zip),
            )
        },
    );
    let mut facts = head?;
    let dexes = dexes_or_errors(&mut facts, dexes)?;
    merge_dex_facts(&mut facts, dexes);
    facts
        .anomalies
        .extend(super::integrity::facts_of(zip.anomalies()));
    super::native::add_native(&mut facts, native)?;
    super::signing::add_signing(&mut facts, zip, true);
    Ok(facts)
}

/// The manifest, resources and version files of an APK.
fn read_head(path: &Path, zip: &ZipBundle) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(
        path.display().to_string(),
        Platform::Android,
        BundleFormat::Apk,
    );
    let manifest_bytes = zip.read_shared(MANIFEST)?;
    let manifest = manifest::parse(&manifest_bytes).map_err(|err| ExtractError::Unreadable {
        path: path.to_path_buf(),
        entry: MANIFEST.into(),
        message: err.to_string(),
    })?;
    drop(manifest_bytes);
    add_manifest(&mut facts, &manifest, MANIFEST);
    super::resources::add_apk_resources(&mut facts, zip)?;
    super::version_files::add_version_files(&mut facts, zip)?;
    Ok(facts)
}

/// Read `names` (in load order) in parallel, largest first so that no core is left alone with a
/// big file at the end; the results come back in load order.
pub(super) fn read_dexes(
    zip: &ZipBundle,
    names: &[String],
    options: &ExtractOptions,
) -> Vec<Result<DexFacts, BundleError>> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(zip.declared_size(&names[i]).unwrap_or(0)));
    let mut results: Vec<(usize, Result<DexFacts, BundleError>)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&i| {
            let name = &names[i];
            let read = zip
                .read_shared(name)
                .map(|bytes| DexFacts::read(name, &bytes, options));
            (i, read)
        })
        .collect();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, result)| result).collect()
}

/// The DEX files read, with entries that could not be inflated recorded as read errors (a fatal
/// error, such as the memory budget, ends the extraction).
pub(super) fn dexes_or_errors(
    facts: &mut Facts,
    results: Vec<Result<DexFacts, BundleError>>,
) -> Result<Vec<DexFacts>, ExtractError> {
    let mut dexes = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(dex) => dexes.push(dex),
            Err(err) if err.is_fatal() => return Err(err.into()),
            Err(BundleError::Entry { entry, message, .. }) => facts.errors.push(ReadError {
                file: entry,
                message,
            }),
            Err(err) => return Err(err.into()),
        }
    }
    Ok(dexes)
}

pub(super) fn extract_bare_manifest(path: &Path, bytes: &[u8]) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(
        path.display().to_string(),
        Platform::Android,
        BundleFormat::Manifest,
    );
    let entry = bare_entry_name(path);
    let manifest = manifest::parse(bytes).map_err(|err| ExtractError::Unreadable {
        path: path.to_path_buf(),
        entry: entry.clone(),
        message: err.to_string(),
    })?;
    add_manifest(&mut facts, &manifest, &entry);
    Ok(facts)
}

/// A bare DEX file is the whole bundle: if it cannot be read, nothing can be said.
pub(super) fn extract_bare_dex(
    path: &Path,
    bytes: &[u8],
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(
        path.display().to_string(),
        Platform::Android,
        BundleFormat::Dex,
    );
    let entry = bare_entry_name(path);
    let mut dex = DexFacts::read(&entry, bytes, options);
    if let Some(message) = dex.error.take() {
        return Err(ExtractError::Unreadable {
            path: path.to_path_buf(),
            entry,
            message,
        });
    }
    merge_dex_facts(&mut facts, vec![dex]);
    Ok(facts)
}

/// Root-level `classes.dex`, `classes2.dex`, … in the order the runtime loads them.
pub(super) fn dex_entries(names: &[String]) -> Vec<String> {
    let mut found: Vec<(u32, &String)> = names
        .iter()
        .filter_map(|name| {
            let n = name.strip_prefix("classes")?.strip_suffix(".dex")?;
            match n {
                "" => Some((1, name)),
                _ if n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0') => {
                    n.parse().ok().map(|i| (i, name))
                }
                _ => None,
            }
        })
        .collect();
    found.sort();
    found.dedup_by(|a, b| a.1 == b.1);
    found.into_iter().map(|(_, name)| name.clone()).collect()
}

pub(super) fn add_manifest(facts: &mut Facts, manifest: &Manifest, file: &str) {
    for &index in &manifest.unterminated_strings {
        facts.anomalies.push(crate::facts::integrity::Anomaly {
            kind: crate::facts::integrity::AnomalyKind::UnterminatedString,
            message: format!(
                "{file}: string #{index} of the string pool has no terminating NUL; sdklint reads it by its length, Android reads no string there"
            ),
            // The platform drops the string, not the bundle.
            android_rejects: false,
            location: Location::new(file, crate::facts::shared_str::string_locator(index as usize)),
        });
    }
    facts.manifest_file = Some(file.to_string());
    facts.app.id = manifest.package.clone();
    facts.app.version = manifest.version_name.clone();
    facts.app.label = manifest.label.clone();
    facts.app.version_code = manifest.version_code.clone();
    facts.app.min_os = manifest.min_sdk.map(|v| v.to_string());
    facts.app.target_os = manifest.target_sdk.map(|v| v.to_string());
    facts
        .permissions
        .extend(manifest.permissions.iter().map(|p| Permission {
            name: p.name.clone(),
            max_sdk_version: p.max_sdk_version,
            location: Location::new(file, format!("uses-permission {}", p.name)),
        }));
    facts.meta_data.extend(manifest.meta_data.iter().map(|m| {
        MetaDataFact {
            name: m.name.clone(),
            value: m.value.clone(),
            location: Location::new(file, format!("meta-data {}", m.name)),
            reference: m
                .value
                .clone()
                .filter(|v| super::resources::is_reference(v)),
        }
    }));
    facts
        .components
        .extend(manifest.components.iter().map(|c| ComponentFact {
            kind: component_kind(c.kind),
            name: c.name.clone(),
            location: Location::new(file, format!("{} {}", component_tag(c.kind), c.name)),
        }));
}

/// The manifest element name of a component kind.
/// The manifest reader's component kind as a fact.
pub(super) fn component_kind(kind: ComponentKind) -> crate::facts::ComponentKind {
    use crate::facts::ComponentKind as Fact;
    match kind {
        ComponentKind::Activity => Fact::Activity,
        ComponentKind::ActivityAlias => Fact::ActivityAlias,
        ComponentKind::Service => Fact::Service,
        ComponentKind::Receiver => Fact::Receiver,
        ComponentKind::Provider => Fact::Provider,
    }
}

fn component_tag(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::Activity => "activity",
        ComponentKind::ActivityAlias => "activity-alias",
        ComponentKind::Service => "service",
        ComponentKind::Receiver => "receiver",
        ComponentKind::Provider => "provider",
    }
}

/// What one DEX file contributed, or why it could not be read: its facts already in their final
/// form, built on the worker that parsed the file, so that merging is only moving vectors.
pub(super) struct DexFacts {
    file: SharedStr,
    /// Classes defined here, then those named here but defined elsewhere or nowhere; not sorted.
    classes: Vec<ClassFact>,
    strings: Vec<StringFact>,
    /// Java names by type_ids index, for the classes that load strings.
    type_names: std::collections::HashMap<u32, String>,
    error: Option<String>,
    /// Call sites and the methods whose bytecode could not be walked.
    code: super::code::DexCode,
}

impl DexFacts {
    pub(super) fn read(file: &str, bytes: &[u8], options: &ExtractOptions) -> Self {
        let mut out = DexFacts {
            file: file.into(),
            classes: Vec::new(),
            strings: Vec::new(),
            type_names: Default::default(),
            error: None,
            code: Default::default(),
        };
        if let Err(err) = out.fill(bytes, options) {
            out.error = Some(err.to_string());
        }
        out
    }

    fn fill(&mut self, bytes: &[u8], options: &ExtractOptions) -> Result<(), dex::DexError> {
        let dex = Dex::parse(bytes)?;
        let defined = dex.defined_classes()?;
        let referenced = dex.referenced_classes()?;
        self.classes.reserve(defined.len() + referenced.len());
        let classes = defined
            .iter()
            .map(|d| (d, true))
            .chain(referenced.iter().map(|d| (d, false)));
        for (descriptor, defined) in classes {
            if let Some(name) = dex::descriptor_to_java_name(descriptor) {
                self.classes.push(ClassFact {
                    name,
                    defined,
                    location: Location::new(&self.file, format!("class {descriptor}")),
                });
            }
        }
        for (i, value) in dex.strings().enumerate() {
            self.strings.push(StringFact {
                value: value?.into_owned(),
                location: Location::new(&self.file, crate::facts::shared_str::string_locator(i)),
            });
        }
        self.code = super::code::scan_dex(&self.file, &dex, &options.call_filter);
        let invoked = self
            .code
            .invoked_undefined
            .iter()
            .flat_map(|&(callee, caller)| [callee, caller]);
        for t in self
            .code
            .string_loaders
            .iter()
            .map(|&(_, t)| t)
            .chain(invoked)
        {
            if let std::collections::hash_map::Entry::Vacant(slot) = self.type_names.entry(t)
                && let Some(name) = dex
                    .type_descriptor(t)
                    .ok()
                    .and_then(|d| dex::descriptor_to_java_name(&d))
            {
                slot.insert(name);
            }
        }
        Ok(())
    }
}

/// Merge per-DEX results into the sorted class table, the string list and the error list.
pub(super) fn merge_dex_facts(facts: &mut Facts, dexes: Vec<DexFacts>) {
    use rayon::slice::ParallelSliceMut;
    // Sized once for all the files rather than grown by doubling (a 70-DEX app).
    facts
        .call_sites
        .reserve(dexes.iter().map(|d| d.code.call_sites.len()).sum());
    facts
        .classes
        .reserve(dexes.iter().map(|d| d.classes.len()).sum());
    facts
        .strings
        .reserve(dexes.iter().map(|d| d.strings.len()).sum());
    for mut dex in dexes {
        if let Some(message) = dex.error {
            facts.errors.push(ReadError {
                file: dex.file.to_string(),
                message,
            });
            continue;
        }
        facts.classes.append(&mut dex.classes);
        facts.call_sites.append(&mut dex.code.call_sites);
        let walked = dex.code.is_walked();
        facts.sdk_invokes.append(&mut dex.code.sdk_invokes);
        let invoked_undefined = std::mem::take(&mut dex.code.invoked_undefined);
        facts
            .errors
            .extend(dex.code.errors.into_iter().map(|message| ReadError {
                file: dex.file.to_string(),
                message,
            }));
        let base = facts.strings.len();
        let mut loader_ids = std::collections::HashMap::new();
        for (string_idx, class_idx) in dex.code.string_loaders.iter().copied() {
            if string_idx as usize >= dex.strings.len() {
                continue;
            }
            let Some(class) = dex.type_names.get(&class_idx).cloned() else {
                continue;
            };
            let id = *loader_ids
                .entry(class)
                .or_insert_with_key(|class: &String| {
                    facts.loader_classes.push(class.clone());
                    (facts.loader_classes.len() - 1) as u32
                });
            facts
                .string_loaders
                .push(((base + string_idx as usize) as u32, id));
        }
        facts.strings.append(&mut dex.strings);
        if !walked {
            continue;
        }
        let invokers = facts.invoked_undefined.get_or_insert_with(Vec::new);
        for &(callee, caller) in &invoked_undefined {
            if let (Some(callee), Some(caller)) =
                (dex.type_names.get(&callee), dex.type_names.get(&caller))
            {
                invokers.push((callee.clone(), caller.clone()));
            }
        }
    }
    if let Some(invokers) = facts.invoked_undefined.as_mut() {
        invokers.sort_unstable();
        invokers.dedup();
    }
    // One entry per class: defined wins over referenced, then the first DEX in load order (the
    // sort is stable).
    facts
        .classes
        .par_sort_by(|a, b| a.name.cmp(&b.name).then(b.defined.cmp(&a.defined)));
    facts
        .classes
        .dedup_by(|later, first| later.name == first.name);
    // A class one DEX invokes and another defines is not undefined.
    if let Some(invokers) = facts.invoked_undefined.as_mut() {
        let classes = &facts.classes;
        invokers.retain(|(callee, _)| {
            classes
                .binary_search_by(|c| c.name.as_str().cmp(callee))
                .map_or(true, |i| !classes[i].defined)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dex_entries_in_load_order() {
        let names: Vec<String> = [
            "classes10.dex",
            "classes2.dex",
            "lib/classes3.dex",
            "classes.dex",
            "classes02.dex",
            "classesX.dex",
            "AndroidManifest.xml",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            dex_entries(&names),
            ["classes.dex", "classes2.dex", "classes10.dex"]
        );
    }
}
