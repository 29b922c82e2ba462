//! Rendering: reports never decide anything, they only show what the rules concluded.

pub mod ad_copy;
pub mod check;
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

/// The events logged with one (SDK, name), in the order first seen: what the text and HTML
/// reports list, one line per name with its call sites, rather than one line per call site (a
/// game that logs `level_N` from every level has 100,000 call sites and a few hundred names).
#[derive(Debug, serde::Serialize)]
pub struct EventGroup<'a> {
    pub sdk: &'a str,
    pub name: &'a str,
    /// The API of the first call site.
    pub api: &'a str,
    pub sites: Vec<&'a crate::facts::Location>,
}

/// [`EventGroup`]s of `events`, in one pass (a hash index, not a scan per event).
pub fn group_events(events: &[crate::inventory::apis::TrackingEvent]) -> Vec<EventGroup<'_>> {
    let mut groups: Vec<EventGroup<'_>> = Vec::new();
    let mut index: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for e in events {
        match index.entry((e.sdk.as_str(), e.name.as_str())) {
            std::collections::hash_map::Entry::Occupied(i) => {
                groups[*i.get()].sites.push(&e.location);
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(groups.len());
                groups.push(EventGroup {
                    sdk: &e.sdk,
                    name: &e.name,
                    api: &e.api,
                    sites: vec![&e.location],
                });
            }
        }
    }
    groups
}
