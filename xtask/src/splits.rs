//! Split-set fixtures: `fixtures/src/splits/<name>/` → `fixtures/<name>.apks`, `fixtures/<name>.xapk`
//! and the directory `fixtures/<name>-splits/`.
//!
//! The app is an APK fixture's sources (`app = "<apk fixture>"` in `splits.toml`). One
//! `aapt2 link --split <file>:<config>` run writes the master split (manifest, default resources)
//! and one configuration split per entry of `config_splits` (from `res/` here, e.g. `values-fr`):
//! aapt2 gives each its `split="config.<x>"` manifest, as bundletool does. The master split gets
//! the app's `classes*.dex`; every split is zipaligned and signed like the APK fixtures. Then:
//! - `.apks`: `splits/base-master.apk`, `splits/base-<config>.apk` and a `toc.pb` (bundletool's
//!   `BuildApksResult`, `commands.proto`, written with prost from messages declared below with
//!   bundletool's field numbers; targeting fields are left out);
//! - `.xapk`: `<package>.apk`, `config.<x>.apk` and `xapk-manifest.json` as `manifest.json`;
//! - `<name>-splits/`: `base.apk` and `split_config.<x>.apk`, as `adb install-multiple` takes them.
//!
//! Fixture names on the command line: `splits/<name>`.

use std::fs;
use std::path::Path;
use std::process::Command;

use prost::Message;

use super::{
    AAPT2, APKSIGNER, FRAMEWORK_RES, KEY_ALIAS, KEY_PASS, Paths, Result, ZIP, ZIPALIGN, fresh_dir,
    normalize_tree, run, smali, smali_dirs, subdirs, write_if_changed,
};

// android.bundle.BuildApksResult (commands.proto): only the fields written here.
#[derive(Clone, PartialEq, Message)]
pub struct BuildApksResult {
    #[prost(message, repeated, tag = "1")]
    pub variant: Vec<Variant>,
    #[prost(message, optional, tag = "2")]
    pub bundletool: Option<super::aab::Bundletool>,
    #[prost(string, tag = "4")]
    pub package_name: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct Variant {
    #[prost(message, repeated, tag = "2")]
    pub apk_set: Vec<ApkSet>,
    #[prost(uint32, tag = "3")]
    pub variant_number: u32,
}

#[derive(Clone, PartialEq, Message)]
pub struct ApkSet {
    #[prost(message, optional, tag = "1")]
    pub module_metadata: Option<ModuleMetadata>,
    #[prost(message, repeated, tag = "2")]
    pub apk_description: Vec<ApkDescription>,
}

#[derive(Clone, PartialEq, Message)]
pub struct ModuleMetadata {
    #[prost(string, tag = "1")]
    pub name: String,
    /// DeliveryType: 1 INSTALL_TIME.
    #[prost(int32, tag = "6")]
    pub delivery_type: i32,
    /// FeatureModuleType: 1 FEATURE_MODULE.
    #[prost(int32, tag = "7")]
    pub module_type: i32,
}

#[derive(Clone, PartialEq, Message)]
pub struct ApkDescription {
    #[prost(string, tag = "2")]
    pub path: String,
    #[prost(message, optional, tag = "3")]
    pub split_apk_metadata: Option<SplitApkMetadata>,
}

#[derive(Clone, PartialEq, Message)]
pub struct SplitApkMetadata {
    #[prost(string, tag = "1")]
    pub split_id: String,
    #[prost(bool, tag = "2")]
    pub is_master_split: bool,
}

const PREFIX: &str = "splits/";

/// The tools a split-set build runs.
pub const TOOLS: &[super::Tool] = &[
    super::SMALI,
    AAPT2,
    ZIP,
    ZIPALIGN,
    APKSIGNER,
    super::KEYTOOL,
];

/// `splits/<name>` for every `fixtures/src/splits/<name>/`.
pub fn names(paths: &Paths) -> Result<Vec<String>> {
    Ok(subdirs(&paths.src.join("splits"))?
        .iter()
        .filter_map(|d| d.file_name()?.to_str().map(|n| format!("{PREFIX}{n}")))
        .collect())
}

pub fn build(paths: &Paths, name: &str) -> Result<()> {
    let short = name.strip_prefix(PREFIX).ok_or("not a split-set fixture")?;
    let dir = paths.src.join("splits").join(short);
    let cfg: toml::Table = fs::read_to_string(dir.join("splits.toml"))?.parse()?;
    let text = |key: &str| cfg.get(key).and_then(|v| v.as_str());
    let app = text("app").ok_or("splits.toml: app missing")?;
    let version = text("bundletool_version").unwrap_or("1.16.0");
    let configs: Vec<String> = cfg
        .get("config_splits")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let app_dir = paths.src.join("apk").join(app);
    let work = fresh_dir(&paths.build.join("splits").join(short))?;

    // 1. aapt2: master split + one split per configuration.
    let mut link = Command::new(AAPT2.bin);
    link.args(["link", "-o"])
        .arg(work.join("base-master.unsigned.apk"))
        .args(["-I", FRAMEWORK_RES, "--manifest"])
        .arg(app_dir.join("AndroidManifest.xml"));
    for (i, res) in [app_dir.join("res"), dir.join("res")].iter().enumerate() {
        if res.is_dir() {
            let compiled = work.join(format!("res{i}.zip"));
            run(Command::new(AAPT2.bin)
                .args(["compile", "--dir"])
                .arg(res)
                .arg("-o")
                .arg(&compiled))?;
            link.arg(&compiled);
        }
    }
    for config in &configs {
        let out = work.join(format!("base-{config}.unsigned.apk"));
        link.arg("--split")
            .arg(format!("{}:{config}", out.display()));
    }
    run(&mut link)?;

    // 2. The app's dex files go into the master split.
    let dex_out = fresh_dir(&work.join("dex"))?;
    let mut dex_names = Vec::new();
    for (dex_name, src) in smali_dirs(&app_dir)? {
        smali(&src, &dex_out.join(&dex_name), super::DEFAULT_DEX_API)?;
        dex_names.push(dex_name);
    }
    normalize_tree(&dex_out)?;
    run(Command::new(ZIP.bin)
        .current_dir(&dex_out)
        .args(["-X", "-D", "-q", "-9"])
        .arg(work.join("base-master.unsigned.apk"))
        .args(&dex_names))?;

    // 3. Align and sign every split.
    let mut splits = vec![("base-master".to_string(), None)];
    splits.extend(
        configs
            .iter()
            .map(|c| (format!("base-{c}"), Some(format!("config.{c}")))),
    );
    let signed_dir = fresh_dir(&work.join("signed"))?;
    for (split, _) in &splits {
        let aligned = work.join(format!("{split}.aligned.apk"));
        run(Command::new(ZIPALIGN.bin)
            .args(["-f", "-p", "4"])
            .arg(work.join(format!("{split}.unsigned.apk")))
            .arg(&aligned))?;
        run(Command::new(APKSIGNER.bin)
            .arg("sign")
            .arg("--ks")
            .arg(&paths.keystore)
            .args(["--ks-key-alias", KEY_ALIAS])
            .arg(format!("--ks-pass=pass:{KEY_PASS}"))
            .arg(format!("--key-pass=pass:{KEY_PASS}"))
            .args(["--v1-signer-name", "CERT"])
            .args(["--v4-signing-enabled", "false"])
            .arg("--out")
            .arg(signed_dir.join(format!("{split}.apk")))
            .arg(&aligned))?;
    }
    let signed = |split: &str| fs::read(signed_dir.join(format!("{split}.apk")));

    // 4. .apks: splits/*.apk + toc.pb.
    let package = package_name(&app_dir.join("AndroidManifest.xml"))?;
    let toc = BuildApksResult {
        variant: vec![Variant {
            apk_set: vec![ApkSet {
                module_metadata: Some(ModuleMetadata {
                    name: "base".into(),
                    delivery_type: 1,
                    module_type: 1,
                }),
                apk_description: splits
                    .iter()
                    .map(|(split, id)| ApkDescription {
                        path: format!("splits/{split}.apk"),
                        split_apk_metadata: Some(SplitApkMetadata {
                            split_id: id.clone().unwrap_or_default(),
                            is_master_split: id.is_none(),
                        }),
                    })
                    .collect(),
            }],
            variant_number: 0,
        }],
        bundletool: Some(super::aab::Bundletool {
            version: version.into(),
        }),
        package_name: package.clone(),
    };
    let apks_stage = fresh_dir(&work.join("apks"))?;
    let mut apks_entries = vec!["toc.pb".to_string()];
    fs::write(apks_stage.join("toc.pb"), toc.encode_to_vec())?;
    fs::create_dir_all(apks_stage.join("splits"))?;
    for (split, _) in &splits {
        fs::write(
            apks_stage.join(format!("splits/{split}.apk")),
            signed(split)?,
        )?;
        apks_entries.push(format!("splits/{split}.apk"));
    }
    // bundletool stores the APKs uncompressed.
    zip_stored(&apks_stage, &apks_entries, &work.join("out.apks"))?;
    super::install(
        &work.join("out.apks"),
        &paths.fixtures.join(format!("{short}.apks")),
    )?;

    // 5. .xapk: <package>.apk + config.<x>.apk + manifest.json.
    let xapk_stage = fresh_dir(&work.join("xapk"))?;
    let mut xapk_entries = Vec::new();
    for (split, id) in &splits {
        let file = match id {
            None => format!("{package}.apk"),
            Some(id) => format!("{id}.apk"),
        };
        fs::write(xapk_stage.join(&file), signed(split)?)?;
        xapk_entries.push(file);
    }
    fs::copy(
        dir.join("xapk-manifest.json"),
        xapk_stage.join("manifest.json"),
    )?;
    xapk_entries.push("manifest.json".into());
    zip_stored(&xapk_stage, &xapk_entries, &work.join("out.xapk"))?;
    super::install(
        &work.join("out.xapk"),
        &paths.fixtures.join(format!("{short}.xapk")),
    )?;

    // 6. A directory of split APKs.
    let out_dir = paths.fixtures.join(format!("{short}-splits"));
    for (split, id) in &splits {
        let file = match id {
            None => "base.apk".to_string(),
            Some(id) => format!("split_{id}.apk"),
        };
        write_if_changed(&out_dir.join(file), &signed(split)?)?;
    }
    Ok(())
}

/// Zip `entries` of `stage` in order, stored (no compression), without extra attributes.
fn zip_stored(stage: &Path, entries: &[String], out: &Path) -> Result<()> {
    normalize_tree(stage)?;
    run(Command::new(ZIP.bin)
        .current_dir(stage)
        .args(["-X", "-D", "-q", "-0"])
        .arg(out)
        .args(entries))
}

/// `package="…"` of a text manifest.
fn package_name(manifest: &Path) -> Result<String> {
    let text = fs::read_to_string(manifest)?;
    let start = text.find("package=\"").ok_or("manifest without package")? + 9;
    let end = text[start..].find('"').ok_or("bad package attribute")?;
    Ok(text[start..start + end].to_string())
}
