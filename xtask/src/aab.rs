//! Android App Bundle fixtures: `fixtures/src/aab/<name>/` → `fixtures/<name>.aab`.
//!
//! The base module reuses an APK fixture's sources (`app = "<apk fixture>"` in `aab.toml`): its
//! manifest and `res/` go through `aapt2 link --proto-format` (the real producer of the protobuf
//! `AndroidManifest.xml` and `resources.pb` that AGP puts in an AAB), its smali folders become
//! `base/dex/classes*.dex`. Every sub-directory with an `AndroidManifest.xml` is a feature module
//! (proto manifest from aapt2, `smali/` → `<module>/dex/classes.dex`). `BundleConfig.pb` and
//! `BUNDLE-METADATA/com.android.tools.build.libraries/dependencies.pb` are written with prost from
//! messages declared below with bundletool's field numbers (`config.proto`,
//! `app_dependencies.proto`, read in google/bundletool's `src/main/proto/`).
//!
//! Fixture names on the command line: `aab/<name>`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use prost::Message;

use super::{
    AAPT2, FRAMEWORK_RES, Paths, Result, UNZIP, ZIP, fresh_dir, normalize_tree, run, smali,
    smali_dirs, subdirs, unzip_entry,
};

// android.bundle.BundleConfig (config.proto): only the fields written here.
#[derive(Clone, PartialEq, Message)]
pub struct BundleConfig {
    #[prost(message, optional, tag = "1")]
    pub bundletool: Option<Bundletool>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Bundletool {
    #[prost(string, tag = "2")]
    pub version: String,
}

// android.bundle.AppDependencies (app_dependencies.proto, proto2).
#[derive(Clone, PartialEq, Message)]
pub struct AppDependencies {
    #[prost(message, repeated, tag = "1")]
    pub library: Vec<Library>,
    #[prost(message, repeated, tag = "2")]
    pub library_dependencies: Vec<LibraryDependencies>,
    #[prost(message, repeated, tag = "3")]
    pub module_dependencies: Vec<ModuleDependencies>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Library {
    #[prost(message, optional, tag = "1")]
    pub maven_library: Option<MavenLibrary>,
}

#[derive(Clone, PartialEq, Message)]
pub struct MavenLibrary {
    #[prost(string, optional, tag = "1")]
    pub group_id: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub artifact_id: Option<String>,
    #[prost(string, optional, tag = "3")]
    pub packaging: Option<String>,
    #[prost(string, optional, tag = "4")]
    pub classifier: Option<String>,
    #[prost(string, optional, tag = "5")]
    pub version: Option<String>,
}

#[derive(Clone, PartialEq, Message)]
pub struct LibraryDependencies {
    #[prost(int32, optional, tag = "1")]
    pub library_index: Option<i32>,
    #[prost(int32, repeated, packed = "false", tag = "2")]
    pub library_dep_index: Vec<i32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ModuleDependencies {
    #[prost(string, optional, tag = "1")]
    pub module_name: Option<String>,
    #[prost(int32, repeated, packed = "false", tag = "2")]
    pub dependency_index: Vec<i32>,
}

const PREFIX: &str = "aab/";

/// `aab/<name>` for every `fixtures/src/aab/<name>/`.
pub fn names(paths: &Paths) -> Result<Vec<String>> {
    Ok(subdirs(&paths.src.join("aab"))?
        .iter()
        .filter_map(|d| d.file_name()?.to_str().map(|n| format!("{PREFIX}{n}")))
        .collect())
}

/// Build `aab/<name>`.
pub fn build(paths: &Paths, name: &str) -> Result<()> {
    let short = name.strip_prefix(PREFIX).ok_or("not an AAB fixture")?;
    let dir = paths.src.join("aab").join(short);
    let cfg: toml::Table = fs::read_to_string(dir.join("aab.toml"))?.parse()?;
    let app = cfg
        .get("app")
        .and_then(|v| v.as_str())
        .ok_or("aab.toml: app missing")?;
    let app_dir = paths.src.join("apk").join(app);
    let work = fresh_dir(&paths.build.join("aab").join(short))?;
    let stage = fresh_dir(&work.join("stage"))?;
    let mut entries: Vec<String> = Vec::new();

    // BundleConfig.pb and dependencies.pb.
    let version = cfg
        .get("bundletool_version")
        .and_then(|v| v.as_str())
        .unwrap_or("1.16.0");
    let config = BundleConfig {
        bundletool: Some(Bundletool {
            version: version.into(),
        }),
    };
    put(
        &stage,
        "BundleConfig.pb",
        &config.encode_to_vec(),
        &mut entries,
    )?;
    let deps = dependencies(&cfg)?;
    put(
        &stage,
        "BUNDLE-METADATA/com.android.tools.build.libraries/dependencies.pb",
        &deps.encode_to_vec(),
        &mut entries,
    )?;

    // base: proto manifest + resources.pb from aapt2, dex from the app's smali.
    let base_apk = work.join("base-proto.apk");
    let mut modules = vec![("base".to_string(), app_dir.clone(), base_apk.clone())];
    aapt2_proto_link(
        &work,
        &app_dir.join("AndroidManifest.xml"),
        &app_dir.join("res"),
        &base_apk,
    )?;
    for sub in subdirs(&dir)? {
        if sub.join("AndroidManifest.xml").is_file() {
            let module = super::file_name(&sub)?;
            let out = work.join(format!("{module}-proto.apk"));
            aapt2_proto_link(
                &work,
                &sub.join("AndroidManifest.xml"),
                &sub.join("res"),
                &out,
            )?;
            modules.push((module, sub, out));
        }
    }
    for (module, src, proto_apk) in &modules {
        let manifest = unzip_entry(proto_apk, "AndroidManifest.xml")?;
        put(
            &stage,
            &format!("{module}/manifest/AndroidManifest.xml"),
            &manifest,
            &mut entries,
        )?;
        for (dex_name, smali_dir) in smali_dirs(src)? {
            let rel = format!("{module}/dex/{dex_name}");
            let out = stage.join(&rel);
            fs::create_dir_all(out.parent().expect("has a parent"))?;
            smali(&smali_dir, &out, super::DEFAULT_DEX_API)?;
            entries.push(rel);
        }
        // aapt2 writes resources.pb even for a module without resources; AGP keeps it only
        // when the module has resources.
        if src.join("res").is_dir() {
            let table = unzip_entry(proto_apk, "resources.pb")?;
            put(
                &stage,
                &format!("{module}/resources.pb"),
                &table,
                &mut entries,
            )?;
        }
    }

    // Zip in a fixed order (as listed), deflated, no extra attributes.
    normalize_tree(&stage)?;
    let unsigned = work.join(format!("{short}.aab"));
    run(Command::new(ZIP.bin)
        .current_dir(&stage)
        .args(["-X", "-D", "-q", "-9"])
        .arg(&unsigned)
        .args(&entries))?;
    super::install(&unsigned, &paths.fixtures.join(format!("{short}.aab")))
}

/// The tools an AAB build runs.
pub const TOOLS: &[super::Tool] = &[super::SMALI, AAPT2, ZIP, UNZIP];

fn aapt2_proto_link(work: &Path, manifest: &Path, res: &Path, out: &Path) -> Result<()> {
    let mut link = Command::new(AAPT2.bin);
    link.args(["link", "--proto-format", "-o"])
        .arg(out)
        .args(["-I", FRAMEWORK_RES, "--manifest"])
        .arg(manifest);
    if res.is_dir() {
        let compiled = work.join(format!(
            "{}-res.zip",
            out.file_stem().and_then(|s| s.to_str()).unwrap_or("res")
        ));
        run(Command::new(AAPT2.bin)
            .args(["compile", "--dir"])
            .arg(res)
            .arg("-o")
            .arg(&compiled))?;
        link.arg(&compiled);
    }
    run(&mut link)
}

fn put(stage: &Path, rel: &str, bytes: &[u8], entries: &mut Vec<String>) -> Result<()> {
    let path = stage.join(rel);
    fs::create_dir_all(path.parent().expect("has a parent"))?;
    fs::write(&path, bytes)?;
    entries.push(rel.to_string());
    Ok(())
}

/// `[[library]]`, `[library_dependencies]` and `[module_dependencies]` of `aab.toml`.
fn dependencies(cfg: &toml::Table) -> Result<AppDependencies> {
    let mut deps = AppDependencies::default();
    for lib in cfg
        .get("library")
        .and_then(|v| v.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let coordinates = lib
            .get("coordinates")
            .and_then(|v| v.as_str())
            .ok_or("library without coordinates")?;
        let parts: Vec<&str> = coordinates.split(':').collect();
        let [group, artifact, version] = parts[..] else {
            return Err(format!("{coordinates}: expected group:artifact:version").into());
        };
        let packaging = lib.get("packaging").and_then(|v| v.as_str());
        deps.library.push(Library {
            maven_library: Some(MavenLibrary {
                group_id: Some(group.into()),
                artifact_id: Some(artifact.into()),
                packaging: packaging.map(String::from),
                classifier: None,
                version: Some(version.into()),
            }),
        });
    }
    let indices = |v: &toml::Value| -> Result<Vec<i32>> {
        v.as_array()
            .ok_or("expected a list of indices")?
            .iter()
            .map(|i| {
                i.as_integer()
                    .and_then(|i| i32::try_from(i).ok())
                    .ok_or_else(|| "bad index".into())
            })
            .collect()
    };
    let table = |key: &str| -> BTreeMap<String, toml::Value> {
        cfg.get(key)
            .and_then(|v| v.as_table())
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let mut libs: Vec<(i32, Vec<i32>)> = Vec::new();
    for (k, v) in table("library_dependencies") {
        libs.push((k.parse()?, indices(&v)?));
    }
    libs.sort();
    for (library_index, library_dep_index) in libs {
        deps.library_dependencies.push(LibraryDependencies {
            library_index: Some(library_index),
            library_dep_index,
        });
    }
    // Base first, as AGP writes them.
    let mut modules: Vec<(String, toml::Value)> =
        table("module_dependencies").into_iter().collect();
    modules.sort_by(|a, b| (a.0 != "base", &a.0).cmp(&(b.0 != "base", &b.0)));
    for (module_name, v) in modules {
        deps.module_dependencies.push(ModuleDependencies {
            module_name: Some(module_name),
            dependency_index: indices(&v)?,
        });
    }
    Ok(deps)
}

/// The multi-part fixtures (`aab/<name>`, `splits/<name>`), hooked into `cargo xtask fixtures`:
/// with no names, build them all (before the others) and return `false` so the other fixtures are
/// built too; with names that are all multi-part fixtures, build those and return `true`; names
/// of both kinds must be given in separate runs.
pub fn fixtures(paths: &Paths, names: &[String]) -> Result<bool> {
    let ours: Vec<String> = self::names(paths)?
        .into_iter()
        .chain(super::splits::names(paths)?)
        .collect();
    let selected: Vec<&String> = if names.is_empty() {
        ours.iter().collect()
    } else {
        let (mine, others): (Vec<&String>, Vec<&String>) =
            names.iter().partition(|n| ours.contains(n));
        match (mine.is_empty(), others.is_empty()) {
            (true, _) => return Ok(false),
            (false, true) => mine,
            (false, false) => {
                return Err("build aab/… and splits/… fixtures in a run of their own".into());
            }
        }
    };
    super::check_tools(TOOLS.iter().chain(super::splits::TOOLS).copied())?;
    if !Path::new(FRAMEWORK_RES).is_file() {
        return Err(
            format!("{FRAMEWORK_RES} not found: apt-get install android-framework-res").into(),
        );
    }
    super::ensure_keystore(paths)?;
    for name in &selected {
        println!("==> {name}");
        let result = if name.starts_with(PREFIX) {
            build(paths, name)
        } else {
            super::splits::build(paths, name)
        };
        result.map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(!names.is_empty())
}
