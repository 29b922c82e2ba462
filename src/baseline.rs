//! Baselines: accept the findings a project has today, fail only on new ones.
//!
//! `sdklint baseline BUNDLE... > sdklint-baseline.json` records a fingerprint per finding;
//! `sdklint check --baseline sdklint-baseline.json` marks the findings it finds there as
//! `baselined` and `--fail-on` counts only the others.
//!
//! ## What a fingerprint holds
//! A fingerprint is the finding's [`FindingId`](crate::finding_id::FindingId), the one identity
//! `sdklint diff` and SARIF `partialFingerprints` use too (see that module for what it holds).
//!
//! Findings with the same fingerprint are counted: if the baseline holds two and the bundle shows
//! three, one is new. Each bundle checked is compared with the whole baseline (a baseline made from
//! several bundles holds, per fingerprint, the largest count any one of them had). Suppressed
//! findings are not recorded: they are accounted for in `sdklint.toml`, and if their suppression
//! expires they must show up as new.
//!
//! ## File format
//! ```json
//! { "sdklint_baseline": 1,
//!   "findings": [ { "rule": "SL103", "sdks": ["adjust", "appsflyer"],
//!                   "evidence": ["uses-sdk targetSdkVersion=#"], "count": 1 } ] }
//! ```
//! Anything else (another version, an unknown key, a missing key) is a corrupt baseline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::BundleReport;
pub use crate::finding_id::FindingId as Fingerprint;

/// The version of the baseline file format this module reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A set of accepted findings, with how many times each fingerprint may occur in one bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    entries: BTreeMap<Fingerprint, usize>,
}

/// Why a baseline file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{}: cannot read the baseline: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: not a sdklint baseline: {message}")]
    Corrupt { file: String, message: String },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileJson {
    sdklint_baseline: u32,
    findings: Vec<EntryJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryJson {
    rule: String,
    sdks: Vec<String>,
    evidence: Vec<String>,
    count: usize,
}

impl Baseline {
    /// The baseline of these reports: every finding that is not suppressed.
    pub fn of(reports: &[BundleReport]) -> Baseline {
        let mut entries: BTreeMap<Fingerprint, usize> = BTreeMap::new();
        for report in reports {
            for (fingerprint, count) in counts(report) {
                let slot = entries.entry(fingerprint).or_default();
                *slot = (*slot).max(count);
            }
        }
        Baseline { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The baseline file, pretty-printed, sorted, ending with a newline.
    pub fn to_json(&self) -> String {
        let file = FileJson {
            sdklint_baseline: FORMAT_VERSION,
            findings: self
                .entries
                .iter()
                .map(|(fp, &count)| EntryJson {
                    rule: fp.rule.clone(),
                    sdks: fp.sdks.clone(),
                    evidence: fp.evidence.clone(),
                    count,
                })
                .collect(),
        };
        let mut out = serde_json::to_string_pretty(&file).expect("baselines always serialize");
        out.push('\n');
        out
    }

    /// Parse a baseline file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Baseline, BaselineError> {
        let corrupt = |message: String| BaselineError::Corrupt {
            file: file.to_string(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| corrupt(e.to_string()))?;
        if !value.is_object() {
            return Err(corrupt(
                "expected a JSON object with `sdklint_baseline` and `findings`".to_string(),
            ));
        }
        // Parsed again from the text so that errors keep their line and column.
        let parsed: FileJson = serde_json::from_str(text).map_err(|e| corrupt(e.to_string()))?;
        if parsed.sdklint_baseline != FORMAT_VERSION {
            return Err(corrupt(format!(
                "format version {} (this sdklint reads {FORMAT_VERSION})",
                parsed.sdklint_baseline
            )));
        }
        let mut entries = BTreeMap::new();
        for entry in parsed.findings {
            if entry.count == 0 {
                return Err(corrupt(format!("{} entry with count 0", entry.rule)));
            }
            let fingerprint = Fingerprint {
                rule: entry.rule,
                sdks: entry.sdks,
                evidence: entry.evidence,
            };
            *entries.entry(fingerprint).or_default() += entry.count;
        }
        Ok(Baseline { entries })
    }

    /// Read a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Baseline::parse(&path.display().to_string(), &text)
    }

    /// Mark the findings of `report` that the baseline holds as `baselined`, in report order, up
    /// to the count recorded for each fingerprint. Suppressed findings are left alone.
    pub fn mark(&self, report: &mut BundleReport) {
        let mut left = self.entries.clone();
        for finding in report.findings.iter_mut().filter(|f| !f.suppressed) {
            let fingerprint = Fingerprint::of(finding, &report.inventory);
            if let Some(n) = left.get_mut(&fingerprint).filter(|n| **n > 0) {
                *n -= 1;
                finding.baselined = true;
            }
        }
    }
}

fn counts(report: &BundleReport) -> BTreeMap<Fingerprint, usize> {
    let mut counts = BTreeMap::new();
    for finding in report.findings.iter().filter(|f| !f.suppressed) {
        *counts
            .entry(Fingerprint::of(finding, &report.inventory))
            .or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_files_say_why() {
        let err = |text: &str| Baseline::parse("b.json", text).unwrap_err().to_string();
        assert_eq!(
            err("{"),
            "b.json: not a sdklint baseline: EOF while parsing an object at line 1 column 1"
        );
        assert_eq!(
            err(r#"{"sdklint_baseline": 2, "findings": []}"#),
            "b.json: not a sdklint baseline: format version 2 (this sdklint reads 1)"
        );
        assert_eq!(
            Baseline::parse("b.json", r#"{"sdklint_baseline": 1, "findings": []}"#).unwrap(),
            Baseline::default()
        );
    }
}
