//! Helpers shared by integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// `../shared/schemas/`, where the team keeps third-party schemas (never copied into the repo).
pub fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas")
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

/// A validator for `../shared/schemas/<file>`, or `None` (with a note on stderr) when the shared
/// folder is not there, so the test skips rather than fails on a machine without it.
pub fn schema_validator(file: &str) -> Option<jsonschema::Validator> {
    let path = schema_dir().join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return None;
    };
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    Some(
        jsonschema::options()
            .with_retriever(SiblingFiles)
            .build(&schema)
            .expect("schema compiles"),
    )
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
