//! `cargo xtask bench --corpus DIR`: sdklint on a large multi-DEX APK made of real apps' code,
//! against the floor of reading the bytes it needs.
//!
//! Every `classes*.dex` of every APK under DIR (for instance the cache of
//! `../shared/corpus/fetch.sh`) goes, in path order, into one APK with the manifest and the
//! resource table of the first APK: `classes.dex`, `classes2.dex`, … deflated as a build tool
//! writes them. The APK is written to `fixtures/build/bench/corpus-merged.apk` (not committed),
//! afresh on every run.
//!
//! In the same run it measures:
//! - the *floor*: single-threaded `unzip -p` of the entries sdklint reads (the manifest, the
//!   resource table, every DEX), output discarded;
//! - `sdklint check --format json` on the APK: wall time, CPU time (user + system) and peak RSS,
//!   the median of RUNS runs, next to the largest entry.

use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::{Cost, cost};
use crate::{Paths, Result};

pub fn bench_corpus(corpus: &Path, runs: usize, sdklint: &Path) -> Result<String> {
    let paths = Paths::new();
    let (apk, summary) = merge(corpus, &paths.build.join("bench"))?;
    let mut entries = vec!["AndroidManifest.xml".to_string(), "resources.arsc".into()];
    entries.extend((1..=summary.dex_count).map(dex_name));

    let mut floors = Vec::new();
    let mut checks = Vec::new();
    for _ in 0..runs {
        floors.push(cost(
            Command::new("unzip").arg("-p").arg(&apk).args(&entries),
        )?);
        checks.push(cost(
            Command::new(sdklint)
                .args(["check", "--format", "json"])
                .arg(&apk),
        )?);
    }
    let floor = median(floors);
    let check = median(checks);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} DEX files, {:.1} MB of DEX from {} APKs, largest entry {:.1} MB)",
        apk.display(),
        summary.dex_count,
        summary.dex_bytes as f64 / 1e6,
        summary.apks,
        summary.largest as f64 / 1e6
    );
    let _ = writeln!(
        out,
        "  floor (unzip -p of the manifest, resources and DEX, one thread): {:.3} s",
        floor.wall.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "  sdklint check: median {:.3} s wall ({:.2} × the floor), {:.3} s CPU, peak RSS {:.1} MiB (2 × largest entry + 64 MiB = {:.1} MiB)",
        check.wall.as_secs_f64(),
        check.wall.as_secs_f64() / floor.wall.as_secs_f64().max(1e-9),
        check.cpu.as_secs_f64(),
        check.peak_kib as f64 / 1024.0,
        (2 * summary.largest) as f64 / (1 << 20) as f64 + 64.0
    );
    Ok(out)
}

struct Summary {
    apks: usize,
    dex_count: usize,
    dex_bytes: u64,
    largest: u64,
}

fn dex_name(n: usize) -> String {
    if n == 1 {
        "classes.dex".into()
    } else {
        format!("classes{n}.dex")
    }
}

/// The merged APK.
fn merge(corpus: &Path, dir: &Path) -> Result<(PathBuf, Summary)> {
    let mut apks = Vec::new();
    find_apks(corpus, &mut apks)?;
    apks.sort();
    if apks.is_empty() {
        return Err(format!("no .apk under {}", corpus.display()).into());
    }
    fs::create_dir_all(dir)?;
    let out = dir.join("corpus-merged.apk");
    let mut writer = zip::ZipWriter::new(fs::File::create(&out)?);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut summary = Summary {
        apks: 0,
        dex_count: 0,
        dex_bytes: 0,
        largest: 0,
    };
    for (i, apk) in apks.iter().enumerate() {
        let Ok(mut archive) = zip::ZipArchive::new(fs::File::open(apk)?) else {
            continue;
        };
        let names: Vec<String> = archive
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect();
        let wanted = |name: &str| {
            (i == 0 && (name == "AndroidManifest.xml" || name == "resources.arsc"))
                || (name.starts_with("classes") && name.ends_with(".dex") && !name.contains('/'))
        };
        let mut took = false;
        for name in names.iter().filter(|n| wanted(n)) {
            let mut bytes = Vec::new();
            archive.by_name(name)?.read_to_end(&mut bytes)?;
            let target = if name.ends_with(".dex") {
                summary.dex_count += 1;
                summary.dex_bytes += bytes.len() as u64;
                dex_name(summary.dex_count)
            } else {
                name.clone()
            };
            summary.largest = summary.largest.max(bytes.len() as u64);
            writer.start_file(target, deflated)?;
            writer.write_all(&bytes)?;
            took = true;
        }
        summary.apks += usize::from(took);
    }
    writer.finish()?;
    Ok((out, summary))
}

fn find_apks(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            find_apks(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "apk") {
            out.push(path);
        }
    }
    Ok(())
}

fn median(mut costs: Vec<Cost>) -> Cost {
    costs.sort_by_key(|c| c.wall);
    let mid = costs.len() / 2;
    costs.swap_remove(mid)
}
