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
