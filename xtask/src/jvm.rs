//! `cargo xtask fixtures jvm`: Android library (`.aar`) and Java archive (`.jar`) fixtures from
//! the Java sources under `fixtures/src/jvm/` (see its README), compiled by the real `javac` and
//! zipped by `zip -X` with every file at the fixed timestamp, so that a rebuild changes no byte.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::{Paths, Result, ZIP, collect_files, fresh_dir, normalize_tree, run, write_if_changed};

/// `(source folder, fixture file, source folders compiled against but not packaged)`.
const FIXTURES: &[(&str, &str, &[&str])] = &[
    ("appsflyer-sdk-aar", "appsflyer-sdk.aar", &[]),
    ("adjust-sdk-jar", "adjust-sdk.jar", &[]),
    (
        "shop-analytics-aar",
        "shop-analytics.aar",
        &["appsflyer-sdk-aar"],
    ),
];

/// Native libraries packaged as `jni/<abi>/lib<name>.so` into `shop-analytics.aar`: the ones
/// `cargo xtask fixtures` built from `fixtures/src/native/<name>.c` into `fixtures/native/<abi>/`.
const AAR_JNI: &[(&str, &str)] = &[("shop-analytics.aar", "tracker")];

/// Builds the JVM fixtures when `names` is empty or is `["jvm"]`; returns whether `names` asked
/// for them alone (nothing else to build).
pub fn fixtures(paths: &Paths, names: &[String]) -> Result<bool> {
    let only = names == ["jvm"];
    if !names.is_empty() && !only {
        return Ok(false);
    }
    for (src, out, against) in FIXTURES {
        println!("==> jvm {out}");
        let jvm = paths.src.join("jvm");
        let against: Vec<_> = against.iter().map(|a| jvm.join(a).join("java")).collect();
        let bytes = build(paths, &jvm.join(src), out, &against)?;
        write_if_changed(&paths.fixtures.join(out), &bytes)?;
    }
    Ok(only)
}

fn build(paths: &Paths, src: &Path, out: &str, against: &[std::path::PathBuf]) -> Result<Vec<u8>> {
    let work = fresh_dir(&paths.build.join("jvm").join(out))?;
    let classes = work.join("classes");
    fs::create_dir_all(&classes)?;
    let mut sources = Vec::new();
    collect_files(&src.join("java"), "java", &mut sources)?;
    sources.sort();
    let mut javac = Command::new("javac");
    javac
        .args(["--release", "8", "-encoding", "UTF-8", "-d"])
        .arg(&classes);
    if !against.is_empty() {
        // Another library's sources resolve the calls; `-implicit:none` keeps its classes out.
        let path = std::env::join_paths(against)?;
        javac.arg("-sourcepath").arg(path).arg("-implicit:none");
    }
    run(javac.args(&sources))?;
    normalize_tree(&classes)?;
    let jar = work.join("classes.jar");
    zip_dir(&classes, &jar)?;
    if !out.ends_with(".aar") {
        return Ok(fs::read(&jar)?);
    }
    let aar = work.join("aar");
    fs::create_dir_all(&aar)?;
    fs::copy(
        src.join("AndroidManifest.xml"),
        aar.join("AndroidManifest.xml"),
    )?;
    fs::copy(&jar, aar.join("classes.jar"))?;
    // Other AAR entries as AGP writes them (`R.txt`, `proguard.txt`), from `<src>/aar/`.
    let extra = src.join("aar");
    if extra.is_dir() {
        for entry in fs::read_dir(&extra)? {
            let path = entry?.path();
            if let Some(name) = path.file_name() {
                fs::copy(&path, aar.join(name))?;
            }
        }
    }
    for (_, lib) in AAR_JNI.iter().filter(|(fixture, _)| *fixture == out) {
        for abi in ["arm64-v8a", "armeabi-v7a"] {
            let file = format!("lib{lib}.so");
            let built = paths.fixtures.join("native").join(abi).join(&file);
            let dir = aar.join("jni").join(abi);
            fs::create_dir_all(&dir)?;
            fs::copy(&built, dir.join(&file)).map_err(|e| {
                format!(
                    "{}: {e} (run `cargo xtask fixtures` first)",
                    built.display()
                )
            })?;
        }
    }
    normalize_tree(&aar)?;
    let out = work.join("out.aar");
    zip_dir(&aar, &out)?;
    Ok(fs::read(&out)?)
}

/// `zip -X -r -D` of a directory's content, entries in sorted order.
fn zip_dir(dir: &Path, out: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect_all(dir, dir, &mut files)?;
    files.sort();
    run(Command::new(ZIP.bin)
        .current_dir(dir)
        .args(["-X", "-D", "-q"])
        .arg(out)
        .args(&files))
}

fn collect_all(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_all(root, &path, out)?;
        } else {
            out.push(path.strip_prefix(root)?.to_string_lossy().into_owned());
        }
    }
    Ok(())
}
