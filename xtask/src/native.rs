//! Native and cross-platform parts of APK fixtures: `lib/<abi>/*.so` built with clang/lld from C
//! under `fixtures/src/native/`, and a React Native `assets/index.android.bundle`, as JavaScript or
//! compiled to Hermes bytecode by the real `hermesc` of the `hermes-compiler` npm package.
//!
//! An APK fixture opts in through its `fixture.toml`:
//!
//! ```toml
//! native_libs = ["tracker"]               # fixtures/src/native/tracker.c → lib/<abi>/libtracker.so
//! js_bundle = "index.android.js"          # fixtures/src/native/index.android.js → assets/index.android.bundle
//! hermes = ["0.14.0", "250829098.0.17"]   # hermes-compiler versions: the first compiles the APK's
//!                                         # bundle; each also writes fixtures/native/<stem>.hermes-<ver>.hbc
//! ```
//!
//! Every built library is also written to `fixtures/native/<abi>/lib<name>.so` (unit tests read
//! them there). clang and lld write the same bytes for the same input (no timestamps; the build id
//! is a hash of the content); hermesc's output is a pure function of the source.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Paths, Result, Tool, ZIP, check_tools, command_env, normalize_tree, run};

const CLANG: Tool = Tool {
    bin: "clang",
    package: "clang",
};
const LLD: Tool = Tool {
    bin: "ld.lld",
    package: "lld",
};
const NPM: Tool = Tool {
    bin: "npm",
    package: "npm",
};
const TAR: Tool = Tool {
    bin: "tar",
    package: "tar",
};

/// The ABIs every library is built for: (APK directory, clang target at API 21).
const ABIS: &[(&str, &str)] = &[
    ("arm64-v8a", "aarch64-linux-android21"),
    ("armeabi-v7a", "armv7a-linux-androideabi21"),
];

/// Stub system libraries the fixtures link against (never packaged): `stubs/lib<name>.c`.
const STUBS: &[&str] = &["log", "c"];

/// The keys of `fixture.toml` this module owns.
#[derive(Default)]
pub struct NativeConfig {
    libs: Vec<String>,
    js_bundle: Option<String>,
    hermes: Vec<String>,
}

impl NativeConfig {
    pub const KEYS: &'static [&'static str] = &["native_libs", "js_bundle", "hermes"];

    /// Read one of [`Self::KEYS`]; the error says what was expected.
    pub fn set(&mut self, key: &str, value: &toml::Value) -> Result<()> {
        let strings = |v: &toml::Value| -> Result<Vec<String>> {
            v.as_array()
                .and_then(|a| {
                    a.iter()
                        .map(|s| s.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| format!("{key} must be a list of strings").into())
        };
        match key {
            "native_libs" => self.libs = strings(value)?,
            "hermes" => self.hermes = strings(value)?,
            "js_bundle" => {
                self.js_bundle = Some(
                    value
                        .as_str()
                        .ok_or("js_bundle must be a string")?
                        .to_owned(),
                )
            }
            _ => return Err(format!("unknown native key {key}").into()),
        }
        Ok(())
    }
}

/// Put the JS bundle (plain or compiled) into the staged assets, creating them if needed.
/// Returns the assets directory to hand to the packer.
pub fn stage_assets(
    paths: &Paths,
    cfg: &NativeConfig,
    work: &Path,
    assets: Option<PathBuf>,
) -> Result<Option<PathBuf>> {
    let Some(js_name) = &cfg.js_bundle else {
        if !cfg.hermes.is_empty() {
            return Err("hermes is set but js_bundle is not".into());
        }
        return Ok(assets);
    };
    let js = paths.src.join("native").join(js_name);
    if !js.is_file() {
        return Err(format!("{} missing", js.display()).into());
    }
    let assets = match assets {
        Some(dir) => dir,
        None => {
            let dir = work.join("assets");
            fs::create_dir_all(&dir)?;
            dir
        }
    };
    let bundle = assets.join("index.android.bundle");
    let stem = js_name.strip_suffix(".js").unwrap_or(js_name);
    let mut compiled_first = false;
    for version in &cfg.hermes {
        let hermesc = hermesc(version)?;
        let out = work.join(format!("{stem}.hermes-{version}.hbc"));
        // The flags React Native's Gradle plugin passes for a release build.
        run(Command::new(&hermesc)
            .args(["-emit-binary", "-O", "-out"])
            .arg(&out)
            .arg(&js))?;
        super::write_if_changed(
            &paths
                .fixtures
                .join("native")
                .join(format!("{stem}.hermes-{version}.hbc")),
            &fs::read(&out)?,
        )?;
        if !compiled_first {
            fs::copy(&out, &bundle)?;
            compiled_first = true;
        }
    }
    if !compiled_first {
        fs::copy(&js, &bundle)?;
    }
    normalize_tree(&assets)?;
    Ok(Some(assets))
}

/// Build `lib<name>.so` for every ABI and append them to `apk` as `lib/<abi>/lib<name>.so`,
/// stored (not deflated), as AGP packages native libraries for `extractNativeLibs=false`;
/// zipalign later page-aligns them.
pub fn add_libs(paths: &Paths, cfg: &NativeConfig, work: &Path, apk: &Path) -> Result<()> {
    if cfg.libs.is_empty() {
        return Ok(());
    }
    check_tools([CLANG, LLD, ZIP].into_iter())?;
    let root = super::fresh_dir(&work.join("native"))?;
    let src = paths.src.join("native");
    let mut entries = Vec::new();
    for (abi, target) in ABIS {
        let stubs = root.join("stubs").join(abi);
        fs::create_dir_all(&stubs)?;
        for stub in STUBS {
            clang(
                &src,
                target,
                &format!("stubs/lib{stub}.c"),
                &stubs.join(format!("lib{stub}.so")),
                &[],
            )?;
        }
        let lib_dir = root.join("lib").join(abi);
        fs::create_dir_all(&lib_dir)?;
        for name in &cfg.libs {
            let file = format!("lib{name}.so");
            let out = lib_dir.join(&file);
            let mut link = vec![
                "-fvisibility=hidden".to_owned(),
                format!("-L{}", stubs.display()),
            ];
            link.extend(STUBS.iter().map(|s| format!("-l{s}")));
            clang(&src, target, &format!("{name}.c"), &out, &link)?;
            super::write_if_changed(
                &paths.fixtures.join("native").join(abi).join(&file),
                &fs::read(&out)?,
            )?;
            entries.push(format!("lib/{abi}/{file}"));
        }
    }
    normalize_tree(&root.join("lib"))?;
    run(Command::new(ZIP.bin)
        .current_dir(&root)
        .args(["-X", "-D", "-q", "-0"])
        .arg(apk)
        .args(&entries))
}

/// `clang --target=<target> -shared -nostdlib -fuse-ld=lld -fPIC -O2`, run from the source
/// directory with a relative source path, so that no absolute path reaches the output.
fn clang(src_dir: &Path, target: &str, source: &str, out: &Path, extra: &[String]) -> Result<()> {
    let soname = out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("bad output name")?;
    run(Command::new(CLANG.bin)
        .current_dir(src_dir)
        .arg(format!("--target={target}"))
        .args(["-shared", "-nostdlib", "-fuse-ld=lld", "-fPIC", "-O2"])
        .arg(format!("-Wl,-soname,{soname}"))
        .arg("-o")
        .arg(out)
        .arg(source)
        .args(extra))
}

/// The `hermesc` of `hermes-compiler@<version>` from the npm registry, fetched once with
/// `npm pack` into `~/.cache/sdklint-fixtures/` (or `$SDKLINT_FIXTURE_CACHE`).
fn hermesc(version: &str) -> Result<PathBuf> {
    let cache = match std::env::var_os("SDKLINT_FIXTURE_CACHE") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").ok_or("HOME is not set")?)
            .join(".cache/sdklint-fixtures"),
    };
    let dir = cache.join(format!("hermes-compiler-{version}"));
    let bin = dir.join("package/hermesc/linux64-bin/hermesc");
    if bin.is_file() {
        return Ok(bin);
    }
    check_tools([NPM, TAR].into_iter())?;
    println!("    fetching hermes-compiler@{version} with npm pack");
    fs::create_dir_all(&dir)?;
    let output = command_env(
        Command::new(NPM.bin)
            .current_dir(&dir)
            .args(["pack", "--silent"])
            .arg(format!("hermes-compiler@{version}")),
    )
    .output()?;
    if !output.status.success() {
        return Err(format!(
            "npm pack hermes-compiler@{version} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let tarball = String::from_utf8(output.stdout)?.trim().to_owned();
    run(Command::new(TAR.bin)
        .current_dir(&dir)
        .arg("xzf")
        .arg(&tarball)
        .arg("package/hermesc/linux64-bin/hermesc"))?;
    if !bin.is_file() {
        return Err(format!("{} missing after unpacking {tarball}", bin.display()).into());
    }
    Ok(bin)
}
