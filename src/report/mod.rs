//! Rendering: reports never decide anything, they only show what the rules concluded.

pub mod json;
pub mod text;
pub mod text_apple;

use crate::BundleReport;
use crate::rules::Severity;

/// Counts of findings per severity, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn of(report: &BundleReport) -> Self {
        let mut tally = Tally::default();
        for finding in report.findings.iter().filter(|f| !f.suppressed) {
            match finding.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Info => tally.infos += 1,
            }
        }
        tally
    }
}
