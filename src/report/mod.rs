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
