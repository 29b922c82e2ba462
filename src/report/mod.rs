//! Rendering: reports never decide anything, they only show what the rules concluded.

pub mod ad_copy;
pub mod diff;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod sbom;
pub mod text;
pub mod text_apple;

use crate::BundleReport;
use crate::finding_id::FindingStatus;
use crate::rules::Severity;

/// A bundle that could not be read at all: reporters show it (a JUnit suite with an `<error>`, a
/// SARIF run whose invocation failed, a line of the HTML page) beside the bundles that could.
#[derive(Debug, Clone, Copy)]
pub struct Unreadable<'a> {
    pub path: &'a str,
    pub message: &'a str,
}

/// Counts of findings per severity, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings an `[[ignore]]` entry suppresses (not in the counts above).
    pub suppressed: usize,
    /// Findings the `--baseline` file holds (not in the counts above).
    pub baselined: usize,
}

impl Tally {
    /// `fail` with an active error, `warn` with active warnings only, else `pass`.
    pub fn verdict(&self) -> &'static str {
        if self.errors > 0 {
            "fail"
        } else if self.warnings > 0 {
            "warn"
        } else {
            "pass"
        }
    }

    pub fn of(report: &BundleReport) -> Self {
        let mut tally = Tally::default();
        for finding in &report.findings {
            match finding.status() {
                FindingStatus::Suppressed { .. } => {
                    tally.suppressed += 1;
                    continue;
                }
                FindingStatus::Baselined => {
                    tally.baselined += 1;
                    continue;
                }
                FindingStatus::Active => {}
            }
            match finding.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Info => tally.infos += 1,
            }
        }
        tally
    }
}
