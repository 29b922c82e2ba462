//! `cargo xtask fuzz [TARGET] [SECONDS]`: seed corpora from the committed fixtures, then run one
//! cargo-fuzz target (or each in turn) for SECONDS (default 60) on the nightly toolchain.
//!
//! Seeds: every fixture file, and every entry of every fixture archive (APK, AAB, split set, IPA,
//! AAR, JAR), goes to the targets that read that kind of bytes (`classes*.dex` to `dex`,
//! `AndroidManifest.xml` to `axml`, Mach-O executables to `macho`, …); whole archives go to `zip`
//! and `lint`. They are written to `fuzz/corpus/<target>/` (not committed), where libFuzzer keeps
//! the inputs it finds. Inputs that crash go to `fuzz/artifacts/<target>/`; each one belongs under
//! `tests/regressions/` with a test in `tests/regressions.rs`.
//!
//! cargo-fuzz is installed with `cargo install cargo-fuzz --locked` when `cargo fuzz` is missing.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Result, run};

/// The targets in `fuzz/fuzz_targets/`, in the order a full run takes them.
pub const TARGETS: &[&str] = &[
    "zip",
    "axml",
    "arsc",
    "dex",
    "macho",
    "apple_plists",
    "elf",
    "hermes_js",
    "aab_proto",
    "lint",
];

/// Seeds larger than this are left out: libFuzzer mutates small inputs far faster.
const MAX_SEED_BYTES: usize = 1 << 20;

pub fn fuzz(args: &[String]) -> Result<()> {
    let (targets, seconds) = match args {
        [] => (TARGETS.to_vec(), 60),
        [t] if t.parse::<u64>().is_ok() => (TARGETS.to_vec(), t.parse()?),
        [t] => (vec![target(t)?], 60),
        [t, s, ..] => (vec![target(t)?], s.parse()?),
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in a workspace")
        .to_path_buf();
    let fuzz = root.join("fuzz");
    let seeded = seed(&root.join("fixtures"), &fuzz.join("corpus"))?;
    println!("==> {seeded} seed inputs in fuzz/corpus/");
    let has_cargo_fuzz = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_cargo_fuzz {
        println!("==> cargo install cargo-fuzz --locked");
        run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    for target in targets {
        println!("==> cargo +nightly fuzz run {target} for {seconds} s");
        // libFuzzer's own lines (executions, coverage, the final stats) are the campaign's
        // figures: shown as they come, not captured like the other tools' output.
        run_shown(
            Command::new("cargo")
                .current_dir(&fuzz)
                .args(["+nightly", "fuzz", "run", target])
                .arg(format!("corpus/{target}"))
                .args([
                    "--",
                    &format!("-max_total_time={seconds}"),
                    "-rss_limit_mb=2048",
                    "-timeout=10",
                    "-print_final_stats=1",
                ]),
        )?;
    }
    Ok(())
}

fn target(name: &str) -> Result<&'static str> {
    TARGETS
        .iter()
        .copied()
        .find(|t| *t == name)
        .ok_or_else(|| format!("unknown fuzz target {name} (one of {})", TARGETS.join(", ")).into())
}

/// Writes the seeds of every fixture under `fixtures` to `corpus/<target>/`; returns how many.
fn seed(fixtures: &Path, corpus: &Path) -> Result<usize> {
    let mut files = Vec::new();
    walk(fixtures, &mut files)?;
    let mut count = 0;
    for path in files {
        let Ok(bytes) = fs::read(&path) else {
            continue;
        };
        let name = path
            .strip_prefix(fixtures)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('/', "_");
        if is_archive(&path) {
            for target in ["zip", "lint"] {
                count += write_seed(corpus, target, &name, &bytes)?;
            }
            let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(&bytes)) else {
                continue;
            };
            for i in 0..archive.len() {
                let Ok(mut entry) = archive.by_index(i) else {
                    continue;
                };
                let Ok(entry_name) = entry.name().map(|n| n.into_owned()) else {
                    continue;
                };
                let targets = targets_for(&entry_name);
                if targets.is_empty() || entry.size() as usize > MAX_SEED_BYTES {
                    continue;
                }
                let mut data = Vec::new();
                if entry.read_to_end(&mut data).is_err() {
                    continue;
                }
                let seed_name = format!("{name}_{}", entry_name.replace('/', "_"));
                for target in targets {
                    count += write_seed(corpus, target, &seed_name, &data)?;
                }
            }
        } else {
            for target in targets_for(&name) {
                count += write_seed(corpus, target, &name, &bytes)?;
            }
        }
    }
    Ok(count)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            // Built intermediates are not fixtures.
            if path.file_name().is_some_and(|n| n == "build") {
                continue;
            }
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn is_archive(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["apk", "aab", "apks", "xapk", "ipa", "aar", "jar"].contains(&e))
}

/// The targets that read bytes named `name` (an entry path or a fixture file name).
fn targets_for(name: &str) -> Vec<&'static str> {
    let base = name.rsplit(['/', '_']).next().unwrap_or(name);
    let lower = name.to_ascii_lowercase();
    let mut out = Vec::new();
    if lower.ends_with(".dex") {
        out.push("dex");
    }
    if lower.ends_with(".axml") || base == "AndroidManifest.xml" {
        out.extend(["axml", "aab_proto"]);
    }
    if lower.ends_with(".arsc") {
        out.push("arsc");
    }
    if lower.ends_with(".pb") {
        out.push("aab_proto");
    }
    if lower.ends_with(".so") {
        out.push("elf");
    }
    if lower.ends_with(".hbc") || lower.ends_with(".bundle") || lower.ends_with(".js") {
        out.push("hermes_js");
    }
    if lower.ends_with(".plist")
        || lower.ends_with(".xcprivacy")
        || lower.ends_with(".strings")
        || lower.ends_with(".mobileprovision")
        || lower.ends_with(".entitlements")
    {
        out.push("apple_plists");
    }
    if lower.ends_with(".a") || lower.ends_with(".dylib") || lower.ends_with(".macho") {
        out.push("macho");
    }
    // An app's main executable and a framework's binary have no extension: `Payload/Shop.app/Shop`,
    // `Frameworks/X.framework/X`.
    let parent = name.rsplit('/').nth(1).unwrap_or("");
    if !base.contains('.') && (parent.ends_with(".app") || parent.ends_with(".framework")) {
        out.push("macho");
    }
    out
}

/// Writes one seed unless it is too large; returns 1 if written.
fn write_seed(corpus: &Path, target: &str, name: &str, bytes: &[u8]) -> Result<usize> {
    if bytes.len() > MAX_SEED_BYTES || bytes.is_empty() {
        return Ok(0);
    }
    let dir = corpus.join(target);
    fs::create_dir_all(&dir)?;
    fs::write(dir.join(name), bytes)?;
    Ok(1)
}

/// Runs `cmd` with its output going straight to ours; an error if it fails.
fn run_shown(cmd: &mut Command) -> Result<()> {
    let status = crate::command_env(cmd)
        .status()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})").into())
    }
}
