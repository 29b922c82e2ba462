//! `rust-version` in Cargo.toml is at least what every locked dependency declares: a lower claim
//! would promise builds on a toolchain that cannot compile the lock file.

use std::path::{Path, PathBuf};

/// `1.85` and `1.85.0` are the same version: missing parts are 0.
fn version(text: &str) -> [u64; 3] {
    let mut out = [0; 3];
    for (slot, part) in out.iter_mut().zip(text.split('.')) {
        *slot = part.parse().unwrap();
    }
    out
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .expect("neither CARGO_HOME nor HOME is set")
}

#[test]
fn rust_version_covers_every_locked_dependency() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let ours = version(manifest["package"]["rust-version"].as_str().unwrap());
    let lock: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.lock")).unwrap()).unwrap();
    let registries: Vec<PathBuf> = std::fs::read_dir(cargo_home().join("registry/src"))
        .expect("the registry sources cargo built this crate from")
        .map(|e| e.unwrap().path())
        .collect();

    let mut read = Vec::new();
    let mut too_new = Vec::new();
    for package in lock["package"].as_array().unwrap() {
        if package.get("source").is_none() {
            continue; // this workspace's own crates
        }
        let dir = format!(
            "{}-{}",
            package["name"].as_str().unwrap(),
            package["version"].as_str().unwrap()
        );
        // Crates only other targets use (windows-sys …) are never downloaded here.
        let Some(text) = registries
            .iter()
            .find_map(|r| std::fs::read_to_string(r.join(&dir).join("Cargo.toml")).ok())
        else {
            continue;
        };
        let theirs: toml::Table = toml::from_str(&text).unwrap();
        read.push(dir.clone());
        if let Some(rv) = theirs
            .get("package")
            .and_then(|p| p.get("rust-version"))
            .and_then(|v| v.as_str())
            && version(rv) > ours
        {
            too_new.push(format!("{dir} needs {rv}"));
        }
    }
    // The crates this one links are certainly on disk: the check read them.
    for direct in ["zip-", "serde-", "toml-"] {
        assert!(
            read.iter().any(|d| d.starts_with(direct)),
            "{direct}* not found under {registries:?}"
        );
    }
    assert!(
        too_new.is_empty(),
        "Cargo.toml claims rust-version {ours:?}: {too_new:?}"
    );
}
