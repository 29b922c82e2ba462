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
    let mut facts = Facts::new(
        path.display().to_string(),
        Platform::Android,
        BundleFormat::Apk,
    );

    let manifest_bytes = zip.read(MANIFEST)?;
    let manifest = manifest::parse(&manifest_bytes).map_err(|err| ExtractError::Unreadable {
        path: path.to_path_buf(),
        entry: MANIFEST.into(),
        message: err.to_string(),
    })?;
    add_manifest(&mut facts, &manifest, MANIFEST);
    super::resources::add_apk_resources(&mut facts, zip)?;
    super::version_files::add_version_files(&mut facts, zip)?;

    let dex_names = dex_entries(zip.names());
    let results: Vec<Result<DexFacts, BundleError>> = dex_names
        .par_iter()
        .map(|name| {
            let bytes = zip.read(name)?;
            Ok(DexFacts::read(name, &bytes, options))
        })
        .collect();
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
    merge_dex_facts(&mut facts, dexes);
    facts
        .anomalies
        .extend(super::integrity::facts_of(zip.anomalies()));
    super::native::extract_native(zip, &mut facts)?;
    super::signing::add_signing(&mut facts, zip, true);
    Ok(facts)
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
            location: Location::new(file, format!("string #{index}")),
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

/// What one DEX file contributed, or why it could not be read.
pub(super) struct DexFacts {
    file: SharedStr,
    /// Class descriptors defined here (`Lcom/a/B;`).
    defined: Vec<String>,
    /// Class descriptors named here but defined elsewhere or nowhere.
    referenced: Vec<String>,
    strings: Vec<String>,
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
            defined: Vec::new(),
            referenced: Vec::new(),
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
        self.defined = dex
            .defined_classes()?
            .into_iter()
            .map(|d| d.into_owned())
            .collect();
        self.referenced = dex
            .referenced_classes()?
            .into_iter()
            .map(|d| d.into_owned())
            .collect();
        self.strings = dex
            .strings()
            .map(|s| s.map(|s| s.into_owned()))
            .collect::<Result<_, _>>()?;
        self.code = super::code::scan_dex(&self.file, &dex, &options.call_filter);
        for &(_, t) in &self.code.string_loaders {
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
    // Sized once for all the files rather than grown by doubling (a 70-DEX app).
    facts
        .call_sites
        .reserve(dexes.iter().map(|d| d.code.call_sites.len()).sum());
    facts.classes.reserve(
        dexes
            .iter()
            .map(|d| d.defined.len() + d.referenced.len())
            .sum(),
    );
    facts
        .strings
        .reserve(dexes.iter().map(|d| d.strings.len()).sum());
    for dex in dexes {
        if let Some(message) = dex.error {
            facts.errors.push(ReadError {
                file: dex.file.to_string(),
                message,
            });
            continue;
        }
        let classes = dex
            .defined
            .into_iter()
            .map(|d| (d, true))
            .chain(dex.referenced.into_iter().map(|d| (d, false)));
        for (descriptor, defined) in classes {
            if let Some(name) = dex::descriptor_to_java_name(&descriptor) {
                let location = Location::new(&dex.file, format!("class {descriptor}"));
                facts.classes.push(ClassFact {
                    name,
                    defined,
                    location,
                });
            }
        }
        facts.call_sites.extend(dex.code.call_sites);
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
        facts.strings.extend(
            dex.strings
                .into_iter()
                .enumerate()
                .map(|(i, value)| StringFact {
                    value,
                    location: Location::new(&dex.file, format!("string #{i}")),
                }),
        );
    }
    // One entry per class: defined wins over referenced, then the first DEX in load order.
    facts
        .classes
        .sort_by(|a, b| a.name.cmp(&b.name).then(b.defined.cmp(&a.defined)));
    facts
        .classes
        .dedup_by(|later, first| later.name == first.name);
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
