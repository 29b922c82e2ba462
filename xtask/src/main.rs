//! Developer tasks for sdklint.
//!
//! `cargo xtask fixtures [NAME...]` rebuilds the committed test fixtures from their sources under
//! `fixtures/src/` with the real Android tools (smali, aapt2, aapt, zipalign, apksigner). Scratch
//! files go to `fixtures/build/` (ignored by git); outputs are written into `fixtures/`. Every input
//! gets a fixed timestamp and mode and every zip is written in a fixed order, so rebuilding gives
//! identical bytes. See `fixtures/README.md`.

mod bench;
mod bench_corpus;
mod fuzz;
mod ios_binaries;
mod ios_calls;
mod jvm;

use std::collections::BTreeSet;
use std::env;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, SystemTime};

mod aab;
mod ios_bundles;
mod native;
mod splits;
mod tampered;

type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

/// 2020-01-01T00:00:00Z: the timestamp every file gets before it is packed into a zip.
const SOURCE_DATE_EPOCH: u64 = 1_577_836_800;
/// Stands in for `android.jar` as the `-I` include of aapt and aapt2 (API 29 resources).
const FRAMEWORK_RES: &str = "/usr/share/android-framework-res/framework-res.apk";
/// The dex API level smali targets unless a fixture says otherwise (minSdk 21 → dex 035, as d8 writes).
const DEFAULT_DEX_API: u32 = 21;
const KEY_ALIAS: &str = "androiddebugkey";
const KEY_PASS: &str = "android";

/// An external program and the Debian package that provides it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Tool {
    bin: &'static str,
    package: &'static str,
}

const SMALI: Tool = Tool {
    bin: "smali",
    package: "libsmali-java",
};
const AAPT: Tool = Tool {
    bin: "aapt",
    package: "aapt",
};
const AAPT2: Tool = Tool {
    bin: "aapt2",
    package: "aapt",
};
const ZIPALIGN: Tool = Tool {
    bin: "zipalign",
    package: "zipalign",
};
const APKSIGNER: Tool = Tool {
    bin: "apksigner",
    package: "apksigner",
};
const ZIP: Tool = Tool {
    bin: "zip",
    package: "zip",
};
const UNZIP: Tool = Tool {
    bin: "unzip",
    package: "unzip",
};
const KEYTOOL: Tool = Tool {
    bin: "keytool",
    package: "default-jdk-headless",
};

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("fixtures") => match fixtures(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Some("bench") => report(bench::bench(&args[1..])),
        Some("bench-walk") => report(bench::bench_walk(&args[1..])),
        Some("bench-matcher") => report(bench::bench_matcher(&args[1..])),
        Some("bench-arm64") => report(bench::bench_arm64(&args[1..])),
        Some("fuzz") => report(fuzz::fuzz(&args[1..])),
        _ => {
            eprintln!(
                "usage: cargo xtask fixtures [NAME...] | bench [RUNS] [--corpus DIR] | fuzz [TARGET] [SECONDS]\n\n\
                 fixtures   rebuild every fixture from fixtures/src/ (or only those named: an APK\n\
                 \x20          fixture, a manifest stem or a dex directory name)"
            );
            ExitCode::from(2)
        }
    }
}

fn report(result: Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Paths {
    fixtures: PathBuf,
    src: PathBuf,
    build: PathBuf,
    keystore: PathBuf,
}

impl Paths {
    fn new() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives in a workspace")
            .to_path_buf();
        let fixtures = root.join("fixtures");
        Self {
            src: fixtures.join("src"),
            build: fixtures.join("build"),
            keystore: fixtures.join("src/keystore/debug.keystore"),
            fixtures,
        }
    }
}

/// One output (or pair of outputs) to build.
enum Job {
    /// `fixtures/src/dex/<name>/` → `fixtures/dex/<name>.dex`.
    Dex {
        name: String,
        dir: PathBuf,
        api: u32,
    },
    /// `fixtures/src/manifests/<stem>.xml` → `fixtures/manifests/<stem>.{aapt2,aapt}.axml`.
    Manifest { stem: String, src: PathBuf },
    /// `fixtures/src/apk/<name>/` → `fixtures/<name>.apk`.
    Apk { name: String, dir: PathBuf },
}

impl Job {
    fn name(&self) -> &str {
        match self {
            Job::Dex { name, .. } | Job::Apk { name, .. } => name,
            Job::Manifest { stem, .. } => stem,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Job::Dex { .. } => "dex",
            Job::Manifest { .. } => "manifest",
            Job::Apk { .. } => "apk",
        }
    }

    fn tools(&self) -> &'static [Tool] {
        match self {
            Job::Dex { .. } => &[SMALI],
            Job::Manifest { .. } => &[AAPT2, AAPT, UNZIP],
            Job::Apk { .. } => &[SMALI, AAPT2, AAPT, ZIP, ZIPALIGN, APKSIGNER, KEYTOOL],
        }
    }
}

fn fixtures(names: &[String]) -> Result<()> {
    let Some(names) = &ios_bundles::fixtures(names)? else {
        return Ok(());
    };
    let paths = Paths::new();
    if aab::fixtures(&paths, names)?
        || ios_binaries::fixtures(&paths, names)?
        || ios_calls::fixtures(&paths, names)?
        || jvm::fixtures(&paths, names)?
    {
        return Ok(());
    }
    let mut jobs = discover(&paths)?;
    if !names.is_empty() {
        let known: BTreeSet<&str> = jobs.iter().map(Job::name).collect();
        let unknown: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !known.contains(n))
            .collect();
        if !unknown.is_empty() {
            let known: Vec<&str> = known.into_iter().collect();
            return Err(format!(
                "no fixture named {}; known: {}",
                unknown.join(", "),
                known.join(", ")
            )
            .into());
        }
        jobs.retain(|j| names.iter().any(|n| n == j.name()));
    }
    if jobs.is_empty() {
        println!("nothing to build under {}", paths.src.display());
        return Ok(());
    }

    check_tools(jobs.iter().flat_map(|j| j.tools().iter().copied()))?;
    if jobs.iter().any(|j| !matches!(j, Job::Dex { .. })) && !Path::new(FRAMEWORK_RES).is_file() {
        return Err(
            format!("{FRAMEWORK_RES} not found: apt-get install android-framework-res").into(),
        );
    }
    if names.is_empty() && paths.build.exists() {
        fs::remove_dir_all(&paths.build)?;
    }
    if jobs.iter().any(|j| matches!(j, Job::Apk { .. })) {
        ensure_keystore(&paths)?;
    }

    for job in &jobs {
        println!("==> {} {}", job.kind(), job.name());
        let result = match job {
            Job::Dex { name, dir, api } => build_dex(&paths, name, dir, *api),
            Job::Manifest { stem, src } => build_manifest(&paths, stem, src),
            Job::Apk { name, dir } => build_apk(&paths, name, dir),
        };
        result.map_err(|e| format!("{} {}: {e}", job.kind(), job.name()))?;
    }
    tampered::build(&paths, names)?;
    println!("built {} fixture(s)", jobs.len());
    Ok(())
}

/// Every buildable source under `fixtures/src/`, dex first, then manifests, then APKs (an APK may
/// not depend on the others, but this order keeps the log readable), each sorted by name.
fn discover(paths: &Paths) -> Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for dir in subdirs(&paths.src.join("dex"))? {
        let name = file_name(&dir)?;
        let api = match name.rsplit_once("-api") {
            Some((_, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.parse()?,
            _ => DEFAULT_DEX_API,
        };
        jobs.push(Job::Dex { name, dir, api });
    }
    for src in files_with_ext(&paths.src.join("manifests"), "xml")? {
        let stem = src
            .file_stem()
            .and_then(OsStr::to_str)
            .ok_or_else(|| format!("bad file name {}", src.display()))?
            .to_owned();
        jobs.push(Job::Manifest { stem, src });
    }
    for dir in subdirs(&paths.src.join("apk"))? {
        let name = file_name(&dir)?;
        jobs.push(Job::Apk { name, dir });
    }
    Ok(jobs)
}

fn build_dex(paths: &Paths, name: &str, dir: &Path, api: u32) -> Result<()> {
    let work = fresh_dir(&paths.build.join("dex").join(name))?;
    let out = work.join(format!("{name}.dex"));
    smali(dir, &out, api)?;
    install(
        &out,
        &paths.fixtures.join("dex").join(format!("{name}.dex")),
    )
}

/// The manifest stem whose link provides the UTF-8 `res/xml` fixtures.
const UTF8_FIXTURE_LINK: &str = "rich";

fn build_manifest(paths: &Paths, stem: &str, src: &Path) -> Result<()> {
    let work = fresh_dir(&paths.build.join("manifests").join(stem))?;
    let res = paths.src.join("manifests/res");
    let res = res.is_dir().then_some(res);
    let out_dir = paths.fixtures.join("manifests");

    let aapt2_apk = work.join("aapt2.apk");
    aapt2_link(&work, src, res.as_deref(), None, &[], &aapt2_apk)?;
    let axml = unzip_entry(&aapt2_apk, "AndroidManifest.xml")?;
    write_if_changed(&out_dir.join(format!("{stem}.aapt2.axml")), &axml)?;

    // aapt v1 insists on a manifest file named AndroidManifest.xml.
    let staged = work.join("aapt").join("AndroidManifest.xml");
    fs::create_dir_all(staged.parent().expect("has a parent"))?;
    fs::copy(src, &staged)?;
    let aapt_apk = work.join("aapt.apk");
    aapt_package(&staged, res.as_deref(), None, &aapt_apk)?;
    let axml = unzip_entry(&aapt_apk, "AndroidManifest.xml")?;
    write_if_changed(&out_dir.join(format!("{stem}.aapt.axml")), &axml)?;

    // Both producers write `res/xml/*` with a UTF-8 string pool (manifests get UTF-16), so
    // `res/xml/<name>_manifest.xml` becomes the UTF-8 fixture `<name>.{aapt2,aapt}.axml`. The
    // compiled file's bytes depend on the manifest it is linked with, so it is taken from one
    // named link only.
    if stem != UTF8_FIXTURE_LINK {
        return Ok(());
    }
    for name in xml_resource_manifests(res.as_deref())? {
        let entry = format!("res/xml/{name}_manifest.xml");
        for (apk, producer) in [(&aapt2_apk, "aapt2"), (&aapt_apk, "aapt")] {
            let axml = unzip_entry(apk, &entry)?;
            write_if_changed(&out_dir.join(format!("{name}.{producer}.axml")), &axml)?;
        }
    }
    Ok(())
}

/// `<name>` of every `res/xml/<name>_manifest.xml` under the manifests' resource directory.
fn xml_resource_manifests(res: Option<&Path>) -> Result<Vec<String>> {
    let Some(dir) = res.map(|r| r.join("xml")).filter(|d| d.is_dir()) else {
        return Ok(Vec::new());
    };
    let mut names = Vec::new();
    for entry in fs::read_dir(&dir)? {
        let file_name = entry?.file_name();
        if let Some(name) = file_name
            .to_str()
            .and_then(|f| f.strip_suffix("_manifest.xml"))
        {
            names.push(name.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// `fixture.toml` in an APK fixture directory. Every key is optional.
struct FixtureConfig {
    /// `producer = "aapt2"` (default) or `"aapt"`: which tool writes the binary XML and resources.
    producer: Producer,
    /// `smali_from = "<other fixture>"`: take the smali folders of another APK fixture.
    smali_from: Option<String>,
    /// `dex_api = 26`: the API level smali assembles for (default 21).
    dex_api: u32,
    /// `res_from = "<other fixture>"`: take the `res/` folder of another APK fixture.
    res_from: Option<String>,
    /// `link_flags = ["--enable-sparse-encoding"]`: extra `aapt2 link` arguments.
    link_flags: Vec<String>,
    /// `native_libs`, `js_bundle`, `hermes`: see `native.rs`.
    native: native::NativeConfig,
}

#[derive(Clone, Copy)]
enum Producer {
    Aapt2,
    Aapt,
}

impl FixtureConfig {
    fn load(dir: &Path) -> Result<Self> {
        let mut cfg = Self {
            producer: Producer::Aapt2,
            smali_from: None,
            dex_api: DEFAULT_DEX_API,
            res_from: None,
            link_flags: Vec::new(),
            native: native::NativeConfig::default(),
        };
        let path = dir.join("fixture.toml");
        if !path.exists() {
            return Ok(cfg);
        }
        let table: toml::Table = fs::read_to_string(&path)?
            .parse()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        for (key, value) in &table {
            let bad = || format!("{}: bad value for {key}: {value}", path.display());
            match (key.as_str(), value) {
                ("producer", toml::Value::String(s)) if s == "aapt2" => {
                    cfg.producer = Producer::Aapt2
                }
                ("producer", toml::Value::String(s)) if s == "aapt" => {
                    cfg.producer = Producer::Aapt
                }
                ("smali_from", toml::Value::String(s)) => cfg.smali_from = Some(s.clone()),
                ("dex_api", toml::Value::Integer(n)) => {
                    cfg.dex_api = u32::try_from(*n).map_err(|_| bad())?
                }
                ("res_from", toml::Value::String(s)) => cfg.res_from = Some(s.clone()),
                ("link_flags", toml::Value::Array(flags)) => {
                    cfg.link_flags = flags
                        .iter()
                        .map(|f| f.as_str().map(str::to_owned).ok_or_else(bad))
                        .collect::<Result<_, _>>()?
                }
                ("producer" | "smali_from" | "dex_api", _) => return Err(bad().into()),
                ("res_from" | "link_flags", _) => return Err(bad().into()),
                (k, v) if native::NativeConfig::KEYS.contains(&k) => cfg.native.set(k, v)?,
                _ => return Err(format!("{}: unknown key {key}", path.display()).into()),
            }
        }
        Ok(cfg)
    }
}

fn build_apk(paths: &Paths, name: &str, dir: &Path) -> Result<()> {
    let cfg = FixtureConfig::load(dir)?;
    let work = fresh_dir(&paths.build.join("apk").join(name))?;
    let manifest = dir.join("AndroidManifest.xml");
    if !manifest.is_file() {
        return Err(format!("{} missing", manifest.display()).into());
    }
    let res = match &cfg.res_from {
        Some(other) if dir.join("res").exists() => {
            return Err(format!("has res/ and also res_from = {other:?}").into());
        }
        Some(other) => paths.src.join("apk").join(other).join("res"),
        None => dir.join("res"),
    };
    let res = res.is_dir().then_some(res);
    // Stage assets so that their timestamps and modes are fixed before a packer reads them.
    let assets = dir.join("assets");
    let assets = if assets.is_dir() {
        let staged = work.join("assets");
        copy_tree(&assets, &staged)?;
        normalize_tree(&staged)?;
        Some(staged)
    } else {
        None
    };
    let assets = native::stage_assets(paths, &cfg.native, &work, assets)?;

    // 1. Binary manifest, resources and assets.
    let unsigned = work.join("unsigned.apk");
    match cfg.producer {
        Producer::Aapt2 => aapt2_link(
            &work,
            &manifest,
            res.as_deref(),
            assets.as_deref(),
            &cfg.link_flags,
            &unsigned,
        )?,
        Producer::Aapt if !cfg.link_flags.is_empty() => {
            return Err("link_flags apply to aapt2 only".into());
        }
        Producer::Aapt => aapt_package(&manifest, res.as_deref(), assets.as_deref(), &unsigned)?,
    }

    // 2. classes.dex, classes2.dex, … from smali/, smali_classes2/, …
    let smali_root = match &cfg.smali_from {
        Some(other) => {
            if !smali_dirs(dir)?.is_empty() {
                return Err(format!("has smali folders and also smali_from = {other:?}").into());
            }
            paths.src.join("apk").join(other)
        }
        None => dir.to_path_buf(),
    };
    let dex_dirs = smali_dirs(&smali_root)?;
    if dex_dirs.is_empty() {
        return Err(format!("no smali/ folder in {}", smali_root.display()).into());
    }
    let dex_out = fresh_dir(&work.join("dex"))?;
    let mut dex_names = Vec::new();
    for (dex_name, src) in &dex_dirs {
        smali(src, &dex_out.join(dex_name), cfg.dex_api)?;
        dex_names.push(dex_name.as_str());
    }
    normalize_tree(&dex_out)?;
    // Deflated, as a release build stores them; appended after the resources, as AGP does.
    run(Command::new(ZIP.bin)
        .current_dir(&dex_out)
        .args(["-X", "-D", "-q", "-9"])
        .arg(&unsigned)
        .args(&dex_names))?;
    native::add_libs(paths, &cfg.native, &work, &unsigned)?;

    // 3. Align (with 4 KiB page alignment of stored .so files) and sign v1+v2+v3.
    let aligned = work.join("aligned.apk");
    run(Command::new(ZIPALIGN.bin)
        .args(["-f", "-p", "4"])
        .arg(&unsigned)
        .arg(&aligned))?;
    let signed = work.join("signed.apk");
    run(Command::new(APKSIGNER.bin)
        .arg("sign")
        .arg("--ks")
        .arg(&paths.keystore)
        .args(["--ks-key-alias", KEY_ALIAS])
        .arg(format!("--ks-pass=pass:{KEY_PASS}"))
        .arg(format!("--key-pass=pass:{KEY_PASS}"))
        // AGP names the v1 signature files CERT.SF / CERT.RSA.
        .args(["--v1-signer-name", "CERT"])
        .args(["--v4-signing-enabled", "false"])
        .arg("--out")
        .arg(&signed)
        .arg(&aligned))?;
    install(&signed, &paths.fixtures.join(format!("{name}.apk")))
}

/// `smali/` → `classes.dex`, `smali_classes2/` → `classes2.dex`, …, in dex order. The numbering
/// must be contiguous, as Android loads `classesN.dex` only while N counts up without a gap.
fn smali_dirs(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    for sub in subdirs(dir)? {
        let name = file_name(&sub)?;
        let index = if name == "smali" {
            1
        } else if let Some(n) = name.strip_prefix("smali_classes") {
            match n.parse::<u32>() {
                Ok(n) if n >= 2 => n,
                _ => return Err(format!("bad smali folder name {name}").into()),
            }
        } else {
            continue;
        };
        found.push((index, sub));
    }
    found.sort();
    for (expected, (index, _)) in (1..).zip(&found) {
        if *index != expected {
            return Err(format!(
                "smali folders in {} skip classes{expected}.dex",
                dir.display()
            )
            .into());
        }
    }
    Ok(found
        .into_iter()
        .map(|(i, p)| {
            let dex = if i == 1 {
                "classes.dex".to_owned()
            } else {
                format!("classes{i}.dex")
            };
            (dex, p)
        })
        .collect())
}

/// Assemble every `.smali` file under `src` into one dex. smali's output depends on the order in
/// which its worker threads finish and on the order it is given files, so it runs with one thread
/// and gets the files as a sorted list rather than a directory (whose listing order varies).
fn smali(src: &Path, out: &Path, api: u32) -> Result<()> {
    let mut files = Vec::new();
    collect_files(src, "smali", &mut files)?;
    if files.is_empty() {
        return Err(format!("no .smali files under {}", src.display()).into());
    }
    files.sort();
    run(Command::new(SMALI.bin)
        .args(["assemble", "--jobs", "1", "--api", &api.to_string(), "-o"])
        .arg(out)
        .args(&files))
}

fn collect_files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in sorted_entries(dir)? {
        if entry.is_dir() {
            collect_files(&entry, ext, out)?;
        } else if entry.extension() == Some(OsStr::new(ext)) {
            out.push(entry);
        }
    }
    Ok(())
}

/// `aapt2 compile` the resources (if any), then `aapt2 link` them with the manifest.
fn aapt2_link(
    work: &Path,
    manifest: &Path,
    res: Option<&Path>,
    assets: Option<&Path>,
    extra: &[String],
    out: &Path,
) -> Result<()> {
    let mut link = Command::new(AAPT2.bin);
    link.arg("link")
        .arg("-o")
        .arg(out)
        .args(["-I", FRAMEWORK_RES, "--manifest"])
        .arg(manifest);
    if let Some(res) = res {
        let compiled = work.join("res.zip");
        run(Command::new(AAPT2.bin)
            .args(["compile", "--dir"])
            .arg(res)
            .arg("-o")
            .arg(&compiled))?;
        link.arg(&compiled);
    }
    if let Some(assets) = assets {
        link.arg("-A").arg(assets);
    }
    link.args(extra);
    run(&mut link)
}

/// `aapt package`: the older (v1) producer of binary XML and resources.arsc.
fn aapt_package(
    manifest: &Path,
    res: Option<&Path>,
    assets: Option<&Path>,
    out: &Path,
) -> Result<()> {
    let mut cmd = Command::new(AAPT.bin);
    cmd.args(["package", "-f", "-M"])
        .arg(manifest)
        .args(["-I", FRAMEWORK_RES, "-F"])
        .arg(out);
    if let Some(res) = res {
        cmd.arg("-S").arg(res);
    }
    if let Some(assets) = assets {
        cmd.arg("-A").arg(assets);
    }
    run(&mut cmd)
}

fn unzip_entry(zip: &Path, entry: &str) -> Result<Vec<u8>> {
    let output = command_env(Command::new(UNZIP.bin).arg("-p").arg(zip).arg(entry)).output()?;
    if !output.status.success() || output.stdout.is_empty() {
        return Err(format!(
            "unzip -p {} {entry} failed: {}",
            zip.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    Ok(output.stdout)
}

/// Generate the throw-away debug keystore once; it is committed, and never regenerated if present.
fn ensure_keystore(paths: &Paths) -> Result<()> {
    if paths.keystore.is_file() {
        return Ok(());
    }
    println!("==> generating {}", paths.keystore.display());
    fs::create_dir_all(paths.keystore.parent().expect("keystore has a parent"))?;
    run(Command::new(KEYTOOL.bin)
        .args(["-genkeypair", "-keystore"])
        .arg(&paths.keystore)
        .args([
            "-storetype",
            "PKCS12",
            "-storepass",
            KEY_PASS,
            "-keypass",
            KEY_PASS,
        ])
        .args([
            "-alias",
            KEY_ALIAS,
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "36500",
        ])
        .args(["-dname", "CN=sdklint-fixtures"]))
}

fn check_tools(tools: impl Iterator<Item = Tool>) -> Result<()> {
    let path = env::var_os("PATH").unwrap_or_default();
    let missing: Vec<String> = tools
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|t| !env::split_paths(&path).any(|dir| is_executable(&dir.join(t.bin))))
        .map(|t| format!("{} not found: apt-get install {}", t.bin, t.package))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join("\n").into())
    }
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The environment every tool runs in: UTC (zip stores local DOS times), C locale, fixed epoch.
fn command_env(cmd: &mut Command) -> &mut Command {
    cmd.env("TZ", "UTC")
        .env("LC_ALL", "C")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH.to_string())
}

fn run(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let output = command_env(cmd)
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{shown} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
    .into())
}

/// Copy a finished output from the build directory into `fixtures/`.
fn install(built: &Path, dest: &Path) -> Result<()> {
    write_if_changed(dest, &fs::read(built)?)
}

/// Write only when the bytes differ, so that an unchanged fixture keeps its file untouched.
fn write_if_changed(dest: &Path, bytes: &[u8]) -> Result<()> {
    if fs::read(dest).is_ok_and(|old| old == bytes) {
        println!("    {} (unchanged, {} bytes)", dest.display(), bytes.len());
        return Ok(());
    }
    if let Some(parent) = dest.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(dest, bytes)?;
    println!("    {} ({} bytes)", dest.display(), bytes.len());
    Ok(())
}

fn fresh_dir(dir: &Path) -> Result<PathBuf> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    Ok(dir.to_path_buf())
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in sorted_entries(from)? {
        let target = to.join(entry.file_name().ok_or("bad entry")?);
        if entry.is_dir() {
            copy_tree(&entry, &target)?;
        } else {
            fs::copy(&entry, &target)?;
        }
    }
    Ok(())
}

/// Give every file under `dir` mode 0644 and the fixed timestamp (directories 0755).
fn normalize_tree(dir: &Path) -> Result<()> {
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(SOURCE_DATE_EPOCH);
    for entry in sorted_entries(dir)? {
        if entry.is_dir() {
            normalize_tree(&entry)?;
            fs::set_permissions(&entry, fs::Permissions::from_mode(0o755))?;
        } else {
            fs::set_permissions(&entry, fs::Permissions::from_mode(0o644))?;
            fs::File::options()
                .write(true)
                .open(&entry)?
                .set_modified(time)?;
        }
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut entries = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}

fn subdirs(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(sorted_entries(dir)?
        .into_iter()
        .filter(|p| p.is_dir())
        .collect())
}

fn files_with_ext(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    Ok(sorted_entries(dir)?
        .into_iter()
        .filter(|p| p.is_file() && p.extension() == Some(OsStr::new(ext)))
        .collect())
}

fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(OsStr::to_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("non-UTF-8 file name {}", path.display()).into())
}
