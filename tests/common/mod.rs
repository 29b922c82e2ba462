//! Helpers shared by integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// Where the third-party schemas are (never copied into the repo): `$SDKLINT_SCHEMAS` when set
/// (`.ci/run` fills it from the registries when `../shared/schemas` is missing), else
/// `../shared/schemas/`, where the team keeps them.
pub fn schema_dir() -> PathBuf {
    match std::env::var_os("SDKLINT_SCHEMAS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas"),
    }
}

/// Resolves a schema's relative `$ref`s (`spdx.schema.json`) to files beside it, offline.
struct SiblingFiles;

impl jsonschema::Retrieve for SiblingFiles {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let text = std::fs::read_to_string(schema_dir().join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// A validator for `../shared/schemas/<file>`. The shared folder is present in CI and on the
/// team's machines; a test that needs a schema fails without it rather than pass unchecked.
pub fn schema_validator(file: &str) -> jsonschema::Validator {
    let path = schema_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "{}: {err}: the third-party schemas live in ../shared/schemas (see its README)",
            path.display()
        )
    });
    compile(&path, &text)
}

/// Validators for SARIF 2.1.0: the OASIS schema of `../shared/schemas/` when present, and the
/// copy of it that the `serde-sarif` crate ships (found through `cargo metadata`, so in the cargo
/// registry of any machine that built sdklint). At least one is always there.
pub fn sarif_validators() -> Vec<(PathBuf, jsonschema::Validator)> {
    let mut paths = vec![schema_dir().join("sarif-schema-2.1.0.json")];
    paths.extend(crate_file("serde-sarif", "src/schema.json"));
    let validators: Vec<_> = paths
        .into_iter()
        .filter_map(|path| {
            // serde-sarif's copy spells the `language` pattern with a stray `]` that ECMA-262
            // rejects (`format: regex` of the metaschema); the OASIS text has the pattern below.
            let text = std::fs::read_to_string(&path).ok()?.replace(
                r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
                r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
            );
            let validator = compile(&path, &text);
            Some((path, validator))
        })
        .collect();
    assert!(
        !validators.is_empty(),
        "no SARIF 2.1.0 schema found (../shared/schemas/ nor serde-sarif's sources)"
    );
    validators
}

/// `<relative>` inside the sources of dependency `name`, as `cargo metadata` locates them.
fn crate_file(name: &str, relative: &str) -> Option<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = std::process::Command::new(cargo)
        // Not `--offline`: metadata resolves every platform's packages (Windows ones too), which a
        // fresh machine's registry cache does not hold; the registry is reachable where tests run.
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let metadata: Value = serde_json::from_slice(&out.stdout).ok()?;
    let manifest = metadata["packages"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)?["manifest_path"]
        .as_str()?
        .to_string();
    Some(PathBuf::from(manifest).parent()?.join(relative))
}

fn compile(path: &std::path::Path, text: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(text)
        .unwrap_or_else(|err| panic!("{}: not JSON: {err}", path.display()));
    jsonschema::options()
        .with_retriever(SiblingFiles)
        .build(&schema)
        .unwrap_or_else(|err| panic!("{}: schema does not compile: {err}", path.display()))
}

/// Assert `doc` is valid under `validator`, listing every violation.
pub fn assert_valid(validator: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

/// What one `sdklint` run printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `sdklint ARGS PATH`.
pub fn run(args: &[&str], path: &std::path::Path) -> Run {
    let out = assert_cmd::Command::cargo_bin("sdklint")
        .unwrap()
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Assert exit 2 and a single `error: <path>: …` line containing every `needle`, no panic.
pub fn assert_clean_failure(run: &Run, path: &std::path::Path, needles: &[&str]) {
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected: {}", run.stderr);
    let expected_prefix = format!("error: {}: ", path.display());
    assert!(lines[0].starts_with(&expected_prefix), "{}", lines[0]);
    for needle in needles {
        assert!(lines[0].contains(needle), "{needle:?} not in {}", lines[0]);
    }
}

/// Every entry of the zip at `path`, inflated, in central-directory order (read with the `zip`
/// crate, independently of sdklint's reader).
pub fn zip_entries(path: &str) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}
