//! Android App Bundle extraction.
//!
//! An AAB is a zip of modules (`base/`, one directory per feature module), each with
//! `manifest/AndroidManifest.xml` (protobuf `XmlNode`), `dex/classes*.dex`, `resources.pb`,
//! `lib/<abi>/*.so`, `res/`, `assets/` and `root/`, plus bundle-wide `BundleConfig.pb` and
//! `BUNDLE-METADATA/`. What is read:
//! - the base manifest → app identity, permissions, meta-data, components (unreadable: exit 2);
//! - every module's manifest → a [`BundleModule`] fact (`<dist:module>` delivery) and the feature's
//!   components and meta-data;
//! - every module's DEX files, in parallel, base first (`base/dex/classes2.dex` names the evidence);
//! - every module's `resources.pb` → string resources;
//! - native library paths (noted per module);
//! - `dependencies.pb` → [`DeclaredDependency`] facts with Maven coordinates and versions.
//!
//! Everything but the base manifest is optional: an unreadable part becomes a `facts.errors` entry.

use std::collections::BTreeMap;
use std::path::Path;

use super::ExtractError;
use super::ExtractOptions;
use super::android::{DexFacts, add_manifest, dex_entries, merge_dex_facts};
use crate::android::aab_proto::{self, AppDependencies};
use crate::android::manifest::Manifest;
use crate::android::xml::XmlElement;
use crate::bundle::{AAB_MANIFEST, BundleError, ZipBundle};
use crate::facts::dependencies::{BundleModule, DeclaredDependency};
use crate::facts::resources::StringResource;
use crate::facts::{
    BundleFormat, ComponentFact, Facts, Location, MetaDataFact, Platform, ReadError,
};

/// Where bundletool and the Android Gradle plugin put the app's library list.
pub const DEPENDENCIES_PB: &str =
    "BUNDLE-METADATA/com.android.tools.build.libraries/dependencies.pb";
/// The `dist:` namespace of `<dist:module>` in module manifests.
pub const DIST_NS: &str = "http://schemas.android.com/apk/distribution";

pub(super) fn extract_aab(
    path: &Path,
    zip: &ZipBundle,
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(
        path.display().to_string(),
        Platform::Android,
        BundleFormat::Aab,
    );
    let unreadable = |entry: &str, message: String| ExtractError::Unreadable {
        path: path.to_path_buf(),
        entry: entry.to_string(),
        message,
    };

    let base_root = aab_proto::parse_xml(&zip.read(AAB_MANIFEST)?)
        .map_err(|err| unreadable(AAB_MANIFEST, err.to_string()))?;
    if base_root.name != "manifest" {
        return Err(unreadable(
            AAB_MANIFEST,
            format!(
                "not an Android manifest: the root element is <{}>, not <manifest>",
                base_root.name
            ),
        ));
    }
    let base = Manifest::from_xml(&base_root);
    add_manifest(&mut facts, &base, AAB_MANIFEST);

    let modules = module_names(zip.names());
    let mut dex_names = Vec::new();
    for module in &modules {
        let manifest_entry = format!("{module}/manifest/AndroidManifest.xml");
        let root = if module == "base" {
            Some(base_root.clone())
        } else {
            match zip
                .read(&manifest_entry)
                .map_err(ReadFailure::from)
                .and_then(|b| {
                    aab_proto::parse_xml(&b).map_err(|e| ReadFailure::Parse(e.to_string()))
                }) {
                Ok(root) => Some(root),
                Err(ReadFailure::Fatal(err)) => return Err(err.into()),
                Err(ReadFailure::Parse(message)) => {
                    facts.errors.push(ReadError {
                        file: manifest_entry.clone(),
                        message,
                    });
                    None
                }
            }
        };
        if let Some(root) = root.as_ref().filter(|_| module != "base") {
            add_feature_components(&mut facts, root, &manifest_entry);
        }
        let dex = module_dex_entries(zip.names(), module);
        let prefix = format!("{module}/lib/");
        let native_libraries = zip
            .names()
            .iter()
            .filter(|n| n.starts_with(&prefix) && n.ends_with(".so"))
            .cloned()
            .collect();
        facts.modules.push(BundleModule {
            name: module.clone(),
            split: None,
            delivery: root.as_ref().and_then(delivery),
            dex_files: dex.clone(),
            native_libraries,
            location: Location::new(&manifest_entry, format!("module {module}")),
        });
        dex_names.extend(dex);
    }

    let dexes = read_dexes(zip, &dex_names, &mut facts.errors, options)?;
    merge_dex_facts(&mut facts, dexes);

    for module in &modules {
        let entry = format!("{module}/resources.pb");
        if !zip.contains(&entry) {
            continue;
        }
        match zip.read(&entry) {
            Ok(bytes) => match aab_proto::string_resources(&bytes) {
                Ok(strings) => {
                    facts
                        .string_resources
                        .extend(strings.into_iter().map(|s| StringResource {
                            location: Location::new(&entry, format!("string/{}", s.name)),
                            locale: aab_proto::locale_qualifier(&s.locale),
                            name: s.name,
                            value: s.value.into(),
                        }))
                }
                Err(err) => facts.errors.push(ReadError {
                    file: entry,
                    message: err.to_string(),
                }),
            },
            Err(err) => push_entry_error(&mut facts.errors, err)?,
        }
    }

    if zip.contains(DEPENDENCIES_PB) {
        match zip.read(DEPENDENCIES_PB) {
            Ok(bytes) => match aab_proto::app_dependencies(&bytes) {
                Ok(deps) => facts.dependencies = declared_dependencies(&deps, DEPENDENCIES_PB),
                Err(err) => facts.errors.push(ReadError {
                    file: DEPENDENCIES_PB.into(),
                    message: err.to_string(),
                }),
            },
            Err(err) => push_entry_error(&mut facts.errors, err)?,
        }
    }
    super::signing::add_signing(&mut facts, zip, false);
    Ok(facts)
}

enum ReadFailure {
    Fatal(BundleError),
    Parse(String),
}

impl From<BundleError> for ReadFailure {
    fn from(err: BundleError) -> Self {
        match err {
            BundleError::Entry { message, .. } => ReadFailure::Parse(message),
            err => ReadFailure::Fatal(err),
        }
    }
}

/// A per-entry read error becomes a `facts.errors` entry; a limit error ends the analysis.
fn push_entry_error(errors: &mut Vec<ReadError>, err: BundleError) -> Result<(), ExtractError> {
    match err {
        BundleError::Entry { entry, message, .. } => {
            errors.push(ReadError {
                file: entry,
                message,
            });
            Ok(())
        }
        err => Err(err.into()),
    }
}

/// Module directories that hold a manifest, `base` first, then by name.
fn module_names(names: &[String]) -> Vec<String> {
    let mut modules: Vec<String> = names
        .iter()
        .filter_map(|n| n.strip_suffix("/manifest/AndroidManifest.xml"))
        .filter(|m| !m.is_empty() && !m.contains('/'))
        .map(str::to_string)
        .collect();
    modules.sort_by(|a, b| (a != "base", a).cmp(&(b != "base", b)));
    modules.dedup();
    modules
}

/// `<module>/dex/classes.dex`, `classes2.dex`, … in load order.
fn module_dex_entries(names: &[String], module: &str) -> Vec<String> {
    let prefix = format!("{module}/dex/");
    let inside: Vec<String> = names
        .iter()
        .filter_map(|n| n.strip_prefix(&prefix))
        .map(str::to_string)
        .collect();
    dex_entries(&inside)
        .into_iter()
        .map(|n| format!("{prefix}{n}"))
        .collect()
}

/// Inflate and parse DEX entries in parallel; unreadable entries become errors, limits are fatal.
pub(super) fn read_dexes(
    zip: &ZipBundle,
    names: &[String],
    errors: &mut Vec<ReadError>,
    options: &ExtractOptions,
) -> Result<Vec<DexFacts>, ExtractError> {
    let results = super::android::read_dexes(zip, names, options);
    let mut dexes = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(dex) => dexes.push(dex),
            Err(err) => push_entry_error(errors, err)?,
        }
    }
    Ok(dexes)
}

/// Components and meta-data a feature module's manifest declares (merged into the app's at
/// install time); relative class names resolve against the feature manifest's `package`.
fn add_feature_components(facts: &mut Facts, root: &XmlElement, file: &str) {
    let manifest = Manifest::from_xml(root);
    for c in manifest.components {
        let tag = serde_json::to_value(c.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        facts.components.push(ComponentFact {
            kind: super::android::component_kind(c.kind),
            location: Location::new(file, format!("{tag} {}", c.name)),
            name: c.name,
        });
    }
    for m in manifest.meta_data {
        // Proto manifests keep references as `@0x…` too; resources.pb does not resolve them yet.
        let reference = m
            .value
            .clone()
            .filter(|v| crate::extract::resources::is_reference(v));
        facts.meta_data.push(MetaDataFact {
            location: Location::new(file, format!("meta-data {}", m.name)),
            name: m.name,
            value: m.value,
            reference,
        });
    }
}

/// The delivery `<dist:module>` declares: `<dist:delivery>` with `<dist:install-time>` (with
/// `<dist:conditions>`: conditional), `<dist:on-demand>` or `<dist:fast-follow>`; or the older
/// `dist:onDemand="true"` attribute.
fn delivery(root: &XmlElement) -> Option<String> {
    let module = root
        .children
        .iter()
        .find(|c| c.name == "module" && c.namespace.as_deref() == Some(DIST_NS))?;
    if let Some(kind) = module
        .children_named("delivery")
        .flat_map(|d| d.children.iter())
        .next()
    {
        return Some(match kind.name.as_str() {
            "install-time" if kind.children_named("conditions").next().is_some() => {
                "conditional".to_string()
            }
            other => other.to_string(),
        });
    }
    let on_demand = module.attributes.iter().any(|a| {
        a.name == "onDemand"
            && crate::android::manifest::render(&a.value).eq_ignore_ascii_case("true")
    });
    Some(
        if on_demand {
            "on-demand"
        } else {
            "install-time"
        }
        .to_string(),
    )
}

/// Every Maven library of `dependencies.pb`, with the modules that use it directly.
pub fn declared_dependencies(deps: &AppDependencies, file: &str) -> Vec<DeclaredDependency> {
    let mut direct: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for module in &deps.module_dependencies {
        let name = module.module_name.clone().unwrap_or_default();
        for &i in &module.dependency_index {
            if let Ok(i) = usize::try_from(i) {
                direct.entry(i).or_default().push(name.clone());
            }
        }
    }
    deps.library
        .iter()
        .enumerate()
        .filter_map(|(i, lib)| {
            let maven = lib.maven_library.as_ref()?;
            let group = maven.group_id.clone().unwrap_or_default();
            let artifact = maven.artifact_id.clone().unwrap_or_default();
            if group.is_empty() && artifact.is_empty() {
                return None;
            }
            let version = maven.version.clone().filter(|v| !v.is_empty());
            let locator = format!(
                "library #{i} {group}:{artifact}{}",
                version
                    .as_deref()
                    .map(|v| format!(":{v}"))
                    .unwrap_or_default()
            );
            Some(DeclaredDependency {
                group,
                artifact,
                version,
                direct_in: direct.remove(&i).unwrap_or_default(),
                location: Location::new(file, locator),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_base_first_and_dex_in_load_order() {
        let names: Vec<String> = [
            "BundleConfig.pb",
            "feature_shop/manifest/AndroidManifest.xml",
            "base/manifest/AndroidManifest.xml",
            "a/b/manifest/AndroidManifest.xml",
            "base/dex/classes2.dex",
            "base/dex/classes.dex",
            "base/dex/sub/classes3.dex",
            "feature_shop/dex/classes.dex",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(module_names(&names), ["base", "feature_shop"]);
        assert_eq!(
            module_dex_entries(&names, "base"),
            ["base/dex/classes.dex", "base/dex/classes2.dex"]
        );
    }
}
