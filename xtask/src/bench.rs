//! `cargo xtask bench [RUNS] [--corpus DIR]`: how fast sdklint walks DEX bytecode, and how much memory it needs.
//!
//! 1. Builds sdklint and this xtask in release mode.
//! 2. Generates, once, a multidex APK holding at least [`TARGET_DEX_BYTES`] of DEX: smali written
//!    by this module (classes with long methods mixing constants, arithmetic, branches, switches
//!    with payloads, array data and SDK calls), assembled by the real `smali`, zipped into a copy
//!    of the `appsflyer-adjust` fixture. It is cached in `fixtures/build/bench/` (not committed;
//!    delete the directory to regenerate).
//! 3. For each bundle (the generated APK, the largest committed fixture, and
//!    `$SDKLINT_CORPUS/android/ApiDemos-debug.apk` when present):
//!    - *walk*: inflates every `classes*.dex`, then times `Dex::parse` + `scan_dex` over all of them
//!      in parallel (rayon), median of RUNS runs → MB/s of DEX, in total and per core;
//!    - *end to end*: `sdklint check --format json` as a child process, RUNS times → median wall
//!      time and the peak RSS the kernel reports for the child (`wait4`'s `ru_maxrss`), next to the
//!      largest inflated entry.
//! 4. with `--corpus DIR`, a multi-DEX APK merged from the real APKs in DIR against the unzip
//!    floor (see [`crate::bench_corpus`]).
//! 5. *matcher*: `Inventory::build` of the whole SDK database over 200,000 generated class names
//!    (see [`bench_matcher`]), median of RUNS runs on one core; target < 20 ms.
//! 5. *arm64 walk*: the iOS call-site walk over a generated 100 MB arm64 `__text` (see
//!    [`bench_arm64`]), on every core and on one; target ≥ 200 MB/s per core.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::{Paths, Result, ZIP, run};

/// The generated APK holds at least this much DEX.
const TARGET_DEX_BYTES: u64 = 50 * 1024 * 1024;
/// Classes per generated DEX file and methods per class.
const CLASSES_PER_DEX: usize = 320;
const METHODS_PER_CLASS: usize = 12;
/// Blocks of instructions per generated method (each block is ~30 code units).
const BLOCKS_PER_METHOD: usize = 48;
const DEFAULT_RUNS: usize = 5;

pub fn bench(args: &[String]) -> Result<()> {
    let mut runs = DEFAULT_RUNS;
    let mut corpus = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--corpus" {
            corpus = Some(PathBuf::from(
                args.next().ok_or("--corpus needs a directory")?,
            ));
        } else {
            runs = arg.parse().map_err(|_| format!("bad run count {arg}"))?;
        }
    }
    let paths = Paths::new();
    let root = paths
        .fixtures
        .parent()
        .expect("fixtures has a parent")
        .to_path_buf();
    println!("==> cargo build --release");
    run(Command::new(env!("CARGO")).current_dir(&root).args([
        "build",
        "--release",
        "-p",
        "sdklint",
        "-p",
        "xtask",
    ]))?;

    let generated = generate(&paths)?;
    let mut bundles = vec![generated, largest_fixture(&paths.fixtures)?];
    if let Ok(corpus) = std::env::var("SDKLINT_CORPUS") {
        let apk = Path::new(&corpus).join("android/ApiDemos-debug.apk");
        if apk.is_file() {
            bundles.push(apk);
        } else {
            println!("note: {} not found, skipped", apk.display());
        }
    }

    let sdklint = root.join("target/release/sdklint");
    let xtask = root.join("target/release/xtask");
    let mut report = String::new();
    // The matcher over generated class names, in a release child process.
    let out = Command::new(&xtask)
        .arg("bench-matcher")
        .arg(runs.to_string())
        .output()?;
    if !out.status.success() {
        return Err(format!("bench-matcher: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    report.push_str(&String::from_utf8_lossy(&out.stdout));
    // The iOS arm64 call-site walk over a generated 100 MB text section.
    let out = Command::new(&xtask)
        .arg("bench-arm64")
        .arg(runs.to_string())
        .output()?;
    if !out.status.success() {
        return Err(format!("bench-arm64: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    report.push_str(&String::from_utf8_lossy(&out.stdout));
    for bundle in &bundles {
        println!("==> {}", bundle.display());
        // The walk runs in a release child process (this xtask may be a debug build).
        let out = Command::new(&xtask)
            .arg("bench-walk")
            .arg(runs.to_string())
            .arg(bundle)
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "bench-walk {}: {}",
                bundle.display(),
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let walk = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut times = Vec::new();
        let mut peak_kib = 0;
        for _ in 0..runs {
            let run = cost(
                Command::new(&sdklint)
                    .args(["check", "--format", "json"])
                    .arg(bundle),
            )?;
            times.push(run.wall);
            peak_kib = peak_kib.max(run.peak_kib);
        }
        let wall = median(&mut times);
        let _ = writeln!(report, "{}", bundle.display());
        report.push_str(&walk);
        let _ = writeln!(
            report,
            "  end to end (sdklint check --format json): median {:.3} s of {runs}, peak RSS {:.1} MiB",
            wall.as_secs_f64(),
            peak_kib as f64 / 1024.0
        );
        // Issue 12's memory bound: twice the largest inflated entry plus 64 MiB.
        let largest = largest_entry(bundle)?;
        let bound_kib = (2 * largest / 1024) + 64 * 1024;
        let _ = writeln!(
            report,
            "  memory bound (2 × largest entry {:.1} MiB + 64 MiB): {:.1} MiB, {}",
            largest as f64 / (1024.0 * 1024.0),
            bound_kib as f64 / 1024.0,
            if u64::try_from(peak_kib).is_ok_and(|kib| kib <= bound_kib) {
                "within"
            } else {
                "OVER"
            }
        );
    }
    if let Some(corpus) = corpus {
        println!("==> corpus {}", corpus.display());
        report.push_str(&crate::bench_corpus::bench_corpus(&corpus, runs, &sdklint)?);
    }
    println!("\n{report}");
    Ok(())
}

/// `xtask bench-walk RUNS BUNDLE`: the in-process walk measurement, printed for `bench`.
pub fn bench_walk(args: &[String]) -> Result<()> {
    let [runs, bundle] = args else {
        return Err("usage: xtask bench-walk RUNS BUNDLE".into());
    };
    let runs: usize = runs.parse()?;
    let path = Path::new(bundle);
    let limits = sdklint::bundle::Limits::default();
    let t0 = Instant::now();
    let sdklint::bundle::Bundle::Apk(zip) = sdklint::bundle::open(path, &limits)? else {
        return Err(format!("{bundle}: not an APK").into());
    };
    let names: Vec<&String> = zip
        .names()
        .iter()
        .filter(|n| n.starts_with("classes") && n.ends_with(".dex") && !n.contains('/'))
        .collect();
    let dexes: Vec<Vec<u8>> = names
        .par_iter()
        .map(|n| zip.read(n))
        .collect::<Result<_, _>>()?;
    let inflate = t0.elapsed();
    let total: u64 = dexes.iter().map(|d| d.len() as u64).sum();
    let largest = dexes.iter().map(Vec::len).max().unwrap_or(0);

    let filter = sdklint::extract::code::CallFilter::from_methods(
        sdklint::inventory::SdkDb::builtin().api_methods(),
    );
    let mut times = Vec::new();
    let mut last = (0u64, 0u64, 0usize, 0usize);
    for _ in 0..runs {
        let t = Instant::now();
        let results: Vec<(u64, u64, usize, usize)> = dexes
            .par_iter()
            .zip(names.par_iter())
            .map(
                |(bytes, name)| match sdklint::android::dex::Dex::parse(bytes) {
                    Ok(dex) => {
                        let code = sdklint::extract::code::scan_dex(name, &dex, &filter);
                        (
                            code.stats.code_bytes,
                            code.stats.instructions,
                            code.call_sites.len(),
                            code.errors.len(),
                        )
                    }
                    Err(_) => (0, 0, 0, 1),
                },
            )
            .collect();
        times.push(t.elapsed());
        last = results.iter().fold((0, 0, 0, 0), |a, r| {
            (a.0 + r.0, a.1 + r.1, a.2 + r.2, a.3 + r.3)
        });
    }
    let walk = median(&mut times).as_secs_f64();
    let threads = rayon::current_num_threads();
    let mb = total as f64 / 1e6;
    println!(
        "  DEX: {} files, {:.1} MB inflated (largest {:.1} MB) in {:.3} s; {:.1} MB of bytecode, {} instructions, {} call sites, {} errors",
        dexes.len(),
        mb,
        largest as f64 / 1e6,
        inflate.as_secs_f64(),
        last.0 as f64 / 1e6,
        last.1,
        last.2,
        last.3
    );
    println!(
        "  walk (parse + scan_dex, {threads} threads): median {:.3} s of {runs} → {:.0} MB/s of DEX, {:.0} MB/s per core",
        walk,
        mb / walk,
        mb / walk / threads as f64
    );
    Ok(())
}

/// What one child process cost.
pub(crate) struct Cost {
    pub wall: Duration,
    pub cpu: Duration,
    pub peak_kib: i64,
}

/// Runs `cmd` with its output discarded: wall time, CPU time and peak RSS from `wait4`.
pub(crate) fn cost(cmd: &mut Command) -> Result<Cost> {
    let start = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills; pid is our own child, reaped exactly once.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let ret = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if ret != pid {
        return Err(std::io::Error::last_os_error().into());
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) > 1 {
        return Err(format!("{cmd:?} failed (status {status})").into());
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok(Cost {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak_kib: usage.ru_maxrss,
    })
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The largest uncompressed size among the entries of the zip at `bundle` (0 for a directory).
fn largest_entry(bundle: &Path) -> Result<u64> {
    if bundle.is_dir() {
        return Ok(0);
    }
    let mut zip = zip::ZipArchive::new(fs::File::open(bundle)?)?;
    let mut largest = 0;
    for i in 0..zip.len() {
        largest = largest.max(zip.by_index_raw(i)?.size());
    }
    Ok(largest)
}

fn largest_fixture(fixtures: &Path) -> Result<PathBuf> {
    let mut best: Option<(u64, PathBuf)> = None;
    for entry in fs::read_dir(fixtures)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "apk") {
            let len = fs::metadata(&path)?.len();
            if best.as_ref().is_none_or(|(l, _)| len > *l) {
                best = Some((len, path));
            }
        }
    }
    best.map(|(_, p)| p).ok_or_else(|| "no APK fixture".into())
}

/// The cached multidex APK, generated if missing.
fn generate(paths: &Paths) -> Result<PathBuf> {
    let dir = paths.build.join("bench");
    let apk = dir.join("multidex.apk");
    if apk.is_file() {
        println!("==> using cached {}", apk.display());
        return Ok(apk);
    }
    fs::create_dir_all(&dir)?;
    let mut total = 0u64;
    let mut dex_names = Vec::new();
    let mut n = 1;
    while total < TARGET_DEX_BYTES {
        let name = if n == 1 {
            "classes.dex".to_string()
        } else {
            format!("classes{n}.dex")
        };
        let src = dir.join(format!("smali{n}"));
        if src.exists() {
            fs::remove_dir_all(&src)?;
        }
        write_smali(&src, n)?;
        let out = dir.join(&name);
        println!("==> smali {name}");
        let mut files = Vec::new();
        crate::collect_files(&src, "smali", &mut files)?;
        files.sort();
        run(Command::new(crate::SMALI.bin)
            .args(["assemble", "--jobs", "2", "--api", "21", "-o"])
            .arg(&out)
            .args(&files))?;
        fs::remove_dir_all(&src)?;
        total += fs::metadata(&out)?.len();
        dex_names.push(name);
        n += 1;
    }
    let partial = dir.join("partial.apk");
    fs::copy(paths.fixtures.join("appsflyer-adjust.apk"), &partial)?;
    run(Command::new(ZIP.bin)
        .arg("-q")
        .arg("-d")
        .arg(&partial)
        .args(["classes.dex", "classes2.dex", "META-INF/*"]))?;
    run(Command::new(ZIP.bin)
        .current_dir(&dir)
        .args(["-q", "-X", "-D"])
        .arg(&partial)
        .args(&dex_names))?;
    for name in &dex_names {
        fs::remove_file(dir.join(name))?;
    }
    fs::rename(&partial, &apk)?;
    println!(
        "    {} ({:.1} MB of DEX in {} files)",
        apk.display(),
        total as f64 / 1e6,
        dex_names.len()
    );
    Ok(apk)
}

/// Smali for one DEX: `CLASSES_PER_DEX` classes of `METHODS_PER_CLASS` long methods.
fn write_smali(dir: &Path, dex: usize) -> Result<()> {
    let pkg = format!("com/bench/d{dex}");
    fs::create_dir_all(dir.join(&pkg))?;
    for c in 0..CLASSES_PER_DEX {
        let class = format!("L{pkg}/C{c};");
        let mut s = format!(".class public {class}\n.super Ljava/lang/Object;\n\n");
        for m in 0..METHODS_PER_CLASS {
            let _ = writeln!(
                s,
                ".method public static m{m}(Landroid/content/Context;I)I\n    .registers 8\n"
            );
            for b in 0..BLOCKS_PER_METHOD {
                block(&mut s, c, m, b);
            }
            s.push_str("    return p1\n.end method\n\n");
        }
        fs::write(dir.join(&pkg).join(format!("C{c}.smali")), s)?;
    }
    Ok(())
}

/// One block of ~30 code units: constants, arithmetic, a branch, a call, and every fourth block a
/// packed-switch or array data with its payload, every eighth an AppsFlyer `logEvent`.
fn block(s: &mut String, c: usize, m: usize, b: usize) {
    let label = format!("c{c}_m{m}_b{b}");
    let _ = writeln!(
        s,
        "    const-string v0, \"event_{}\"\n    const/4 v1, 0x{:x}\n    const/16 v2, 0x{:x}\n    \
         add-int/lit8 v1, v1, 0x7\n    mul-int v2, v1, v2\n    if-lez v2, :skip_{label}\n    \
         invoke-static {{v0, v2}}, Landroid/util/Log;->println(Ljava/lang/String;I)I\n    \
         move-result v3\n    add-int/2addr p1, v3\n    :skip_{label}\n    const-wide/16 v4, 0x64\n    \
         long-to-int v3, v4\n    add-int p1, p1, v3",
        (c * 7 + m * 3 + b) % 2000,
        b % 8,
        (c + b) % 1000
    );
    match b % 8 {
        3 => {
            let _ = writeln!(
                s,
                "    packed-switch p1, :pswitch_{label}\n    goto :after_{label}\n    :pcase0_{label}\n    \
                 add-int/lit8 p1, p1, 0x1\n    goto :after_{label}\n    :pcase1_{label}\n    \
                 add-int/lit8 p1, p1, 0x2\n    goto :after_{label}\n    :pswitch_{label}\n    \
                 .packed-switch 0x0\n        :pcase0_{label}\n        :pcase1_{label}\n    \
                 .end packed-switch\n    :after_{label}"
            );
        }
        5 => {
            let _ = writeln!(
                s,
                "    const/4 v1, 0x4\n    new-array v1, v1, [I\n    fill-array-data v1, :array_{label}\n    \
                 goto :after_{label}\n    :array_{label}\n    .array-data 4\n        0x1\n        0x2\n        \
                 0x3\n        0x4\n    .end array-data\n    :after_{label}"
            );
        }
        7 => {
            let _ = writeln!(
                s,
                "    invoke-static {{}}, Lcom/appsflyer/AppsFlyerLib;->getInstance()Lcom/appsflyer/AppsFlyerLib;\n    \
                 move-result-object v1\n    const-string v0, \"af_level_{}\"\n    const/4 v2, 0x0\n    \
                 invoke-virtual {{v1, p0, v0, v2}}, Lcom/appsflyer/AppsFlyerLib;->logEvent(Landroid/content/Context;Ljava/lang/String;Ljava/util/Map;)V",
                b % 50
            );
        }
        _ => {}
    }
}

/// Class names in the matcher benchmark.
const MATCHER_CLASSES: usize = 200_000;

/// `xtask bench-matcher RUNS`: [`sdklint::inventory::Inventory::build`] of the whole built-in
/// database over [`MATCHER_CLASSES`] generated class names, median of RUNS runs, on one core
/// (the matcher is single-threaded). Printed for `bench`; the target is < 20 ms.
///
/// The names mimic a large app: AndroidX, Kotlin, Material, OkHttp and other libraries, the app's
/// own packages, R8-renamed classes (`a.b.c`), inner classes, the classes of the SDKs a tracking app
/// embeds, and look-alikes just next to SDK prefixes (`com.appsflyerx.*`, `com.adjust.sdkx.*`,
/// `io.branchx.*`) that must not match. A fixed-seed generator makes every run identical.
pub fn bench_matcher(args: &[String]) -> Result<()> {
    use sdklint::facts::{BundleFormat, ClassFact, Facts, Location, Platform};
    use sdklint::inventory::{Inventory, SdkDb};

    let runs: usize = match args.first() {
        Some(n) => n.parse().map_err(|_| format!("bad run count {n}"))?,
        None => DEFAULT_RUNS,
    };
    let mut facts = Facts::new("bench.apk", Platform::Android, BundleFormat::Apk);
    facts.classes = matcher_class_names(MATCHER_CLASSES)
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let location = Location::new(
                format!("classes{}.dex", i % 8 + 1),
                format!("class L{};", name.replace('.', "/")),
            );
            ClassFact {
                name,
                defined: i % 5 != 0,
                location,
            }
        })
        .collect();
    facts
        .classes
        .sort_by(|a, b| a.name.cmp(&b.name).then(b.defined.cmp(&a.defined)));
    facts
        .classes
        .dedup_by(|later, first| later.name == first.name);

    let db = SdkDb::builtin();
    let mut times = Vec::with_capacity(runs);
    let mut hits = Vec::new();
    for _ in 0..runs.max(1) {
        let t0 = Instant::now();
        let inventory = Inventory::build(db, &facts);
        times.push(t0.elapsed());
        hits = inventory.sdks.iter().map(|h| h.id.clone()).collect();
    }
    let med = median(&mut times);
    println!(
        "  matcher: {} class names × {} SDKs: median {:.2} ms of {} (one core; target < 20 ms); {} hits: {}",
        facts.classes.len(),
        db.len(),
        med.as_secs_f64() * 1000.0,
        times.len(),
        hits.len(),
        hits.join(", ")
    );
    Ok(())
}

/// `count` distinct class names, deterministic.
fn matcher_class_names(count: usize) -> Vec<String> {
    // (package, share of the names in per-mille)
    const PACKAGES: &[(&str, u32)] = &[
        ("androidx.compose.ui.platform", 90),
        ("androidx.core.view", 40),
        ("androidx.recyclerview.widget", 30),
        ("androidx.lifecycle", 30),
        ("kotlin.collections", 50),
        ("kotlinx.coroutines.flow", 60),
        ("com.google.android.material.button", 30),
        ("com.google.protobuf", 40),
        ("com.google.android.gms.common.internal", 30),
        ("com.google.android.gms.ads.identifier", 5),
        ("okhttp3.internal.http2", 30),
        ("retrofit2.converter", 10),
        ("com.squareup.moshi", 20),
        ("io.reactivex.rxjava3.internal.operators", 40),
        ("com.example.shop.ui.checkout", 60),
        ("com.example.shop.data", 40),
        // R8-renamed classes: handled below.
        ("", 250),
        // SDKs a tracking app embeds.
        ("com.appsflyer.internal", 15),
        ("com.adjust.sdk", 10),
        ("com.facebook.appevents", 10),
        ("com.google.firebase.analytics", 5),
        ("com.google.android.gms.measurement.internal", 15),
        ("io.branch.referral", 10),
        // Look-alikes next to SDK prefixes: must not match.
        ("com.appsflyerx.tools", 20),
        ("com.adjust.sdkx", 10),
        ("com.adjustments.photo", 10),
        ("io.branchx.util", 10),
        ("com.facebookx.share", 10),
        ("com.kochavax", 10),
        ("com.singular.sdkx", 10),
    ];
    let total: u32 = PACKAGES.iter().map(|(_, w)| w).sum();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let letters = |mut n: u64, len: usize| -> String {
        (0..len)
            .map(|_| {
                let c = (b'a' + (n % 26) as u8) as char;
                n /= 26;
                c
            })
            .collect()
    };
    let mut names = std::collections::HashSet::with_capacity(count);
    while names.len() < count {
        let r = next();
        let mut pick = (r % u64::from(total)) as u32;
        let package = PACKAGES
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .map_or("", |(p, _)| *p);
        let r = next();
        let name = if package.is_empty() {
            // a.b.C style, two or three segments.
            let depth = 2 + (r % 2) as usize;
            let mut segs: Vec<String> = (0..depth)
                .map(|i| letters(r >> (i * 8), 1 + (r >> (40 + i)) as usize % 2))
                .collect();
            segs.push(letters(r >> 24, 1 + (r >> 50) as usize % 3).to_uppercase());
            segs.join(".")
        } else {
            let class = format!("C{}", letters(r, 2 + (r >> 60) as usize % 6)).replace('c', "C");
            match r >> 58 & 3 {
                0 => format!("{package}.{class}$1"),
                1 => format!("{package}.{}.{class}", letters(r >> 30, 4)),
                _ => format!("{package}.{class}"),
            }
        };
        names.insert(name);
    }
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort_unstable();
    names
}

/// The generated arm64 text section of `bench-arm64` is this large.
const TARGET_ARM64_BYTES: usize = 100 * 1024 * 1024;
/// One block in this many sends an SDK API selector; the others send app selectors.
const ARM64_API_EVERY: usize = 40;

/// `xtask bench-arm64 [RUNS]`: the iOS call-site walk (`sdklint::apple::calls::walk`) over a
/// generated [`TARGET_ARM64_BYTES`] arm64 `__text` of functions shaped like clang `-Os` output
/// (prologue, class and selector loads through ADRP + LDR, `bl` to an objc_msgSend stub,
/// CFString arguments through ADRP + ADD, register moves, stack loads and stores, arithmetic,
/// conditional branches, epilogue), median of RUNS runs on every core and on one core.
/// Target: ≥ 200 MB/s per core.
pub fn bench_arm64(args: &[String]) -> Result<()> {
    use sdklint::apple::calls::{CodeMap, Slot, Target, walk};
    let runs: usize = match args.first() {
        Some(n) => n.parse().map_err(|_| format!("bad run count {n}"))?,
        None => DEFAULT_RUNS,
    };
    let text_addr = 0x1_0000_4000u64;
    let data = 0x1_1000_0000u64;
    // Within a `bl`'s ±128 MiB of every call: just past the text, where ld64 puts `__stubs`.
    let stub = text_addr + TARGET_ARM64_BYTES as u64 + 0x10_0000;
    let (text, functions) = arm64_text(text_addr, data, stub);
    let mut map = CodeMap {
        text: &text,
        text_addr,
        functions,
        ..Default::default()
    };
    map.targets.insert(stub, Target::MsgSend);
    map.slots.insert(data, Slot::Class("AppsFlyerLib"));
    map.slots.insert(data + 8, Slot::Selector("shared"));
    map.slots
        .insert(data + 16, Slot::Selector("logEvent:withValues:"));
    map.slots.insert(data + 24, Slot::Selector("viewDidLoad:"));
    map.cfstrings
        .insert(data + 0x1000, std::borrow::Cow::Borrowed("af_purchase"));
    let filter = sdklint::inventory::SdkDb::builtin().ios_api_filter();
    let mb = text.len() as f64 / 1e6;
    let measure = |label: &str, threads: usize| -> Result<()> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        let mut found = (0usize, 0u64);
        for _ in 0..runs.max(1) {
            let (t, c) = (Instant::now(), cpu_time());
            let w = pool.install(|| walk(&map, &filter));
            times.push(t.elapsed());
            cpu.push(cpu_time().saturating_sub(c));
            found = (w.calls.len(), w.instructions);
        }
        let secs = median(&mut times).as_secs_f64();
        let cpu_secs = median(&mut cpu).as_secs_f64();
        println!(
            "  arm64 walk, {label} ({threads} threads): {:.1} MB of __text, {} functions, {} instructions, {} call sites: median {:.3} s wall of {} → {:.0} MB/s; {:.3} s of CPU → {:.0} MB per CPU-second (target ≥ 200 per core)",
            mb,
            map.functions.len(),
            found.1,
            found.0,
            secs,
            times.len(),
            mb / secs,
            cpu_secs,
            mb / cpu_secs
        );
        Ok(())
    };
    measure("all cores", rayon::current_num_threads())?;
    measure("one core", 1)?;
    Ok(())
}

use sdklint::apple::calls::FunctionName;

/// Generated arm64 code at `base`: functions of clang `-Os` shape whose loads name the slots at
/// `data` and whose calls go to the objc_msgSend stub at `stub`.
fn arm64_text(
    base: u64,
    data: u64,
    stub: u64,
) -> (Vec<u8>, Vec<(u64, Option<FunctionName<'static>>)>) {
    fn adrp(rd: u32, pc: u64, target: u64) -> u32 {
        let pages = ((target >> 12) as i64 - (pc >> 12) as i64) as u32;
        0x9000_0000 | ((pages & 3) << 29) | (((pages >> 2) & 0x7_ffff) << 5) | rd
    }
    fn add(rd: u32, rn: u32, imm: u32) -> u32 {
        0x9100_0000 | (imm << 10) | (rn << 5) | rd
    }
    fn ldr(rt: u32, rn: u32, off: u32) -> u32 {
        0xf940_0000 | ((off / 8) << 10) | (rn << 5) | rt
    }
    fn bl(pc: u64, target: u64) -> u32 {
        0x9400_0000 | ((((target as i64 - pc as i64) / 4) as u32) & 0x03ff_ffff)
    }
    let mut words: Vec<u32> = Vec::with_capacity(TARGET_ARM64_BYTES / 4 + 256);
    let mut functions = Vec::new();
    let mut block = 0usize;
    while words.len() * 4 < TARGET_ARM64_BYTES {
        let start = base + 4 * words.len() as u64;
        functions.push((start, None));
        words.extend([0xa9be_4ff4, 0xa901_7bfd, 0x9100_43fd]); // stp; stp; add x29, sp, #16
        for _ in 0..6 {
            let pc = |w: &Vec<u32>| base + 4 * w.len() as u64;
            let selector = if block.is_multiple_of(ARM64_API_EVERY) {
                16
            } else {
                24
            };
            block += 1;
            let p = pc(&words);
            words.push(adrp(8, p, data));
            words.push(ldr(0, 8, 0)); // class
            let p = pc(&words);
            words.push(adrp(8, p, data));
            words.push(ldr(1, 8, 8)); // shared
            let p = pc(&words);
            words.push(bl(p, stub));
            words.push(0xaa00_03f3); // mov x19, x0
            let p = pc(&words);
            words.push(adrp(8, p, data));
            words.push(ldr(1, 8, selector));
            let p = pc(&words);
            words.push(adrp(2, p, data + 0x1000));
            words.push(add(2, 2, 0));
            words.push(0xd280_0003); // mov x3, #0
            words.push(0xaa13_03e0); // mov x0, x19
            let p = pc(&words);
            words.push(bl(p, stub));
            words.extend([
                0xb400_0040, // cbz x0, +8
                0xf940_07e8, // ldr x8, [sp, #8]
                0x9100_0508, // add x8, x8, #1
                0xf900_07e8, // str x8, [sp, #8]
                0x5100_0d09, // sub w9, w8, #3
                0x7100_153f, // cmp w9, #5
                0x5400_0041, // b.ne +8
                0x5280_0022, // mov w2, #1
            ]);
        }
        words.extend([0xa941_7bfd, 0xa8c2_4ff4, 0xd65f_03c0]); // ldp; ldp; ret
    }
    let bytes = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    (bytes, functions)
}

/// User + system CPU time of this process so far (`getrusage(RUSAGE_SELF)`): on a shared machine
/// the wall time counts other processes' turns, the CPU time only this walk's.
fn cpu_time() -> Duration {
    // SAFETY: getrusage writes one `rusage` into the zeroed value it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
