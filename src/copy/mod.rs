//! `sdklint copy`: ad texts checked against the clause of X's policy on what ads may say —
//! "Advertisers may not create advertisements which assert or imply knowledge of personally
//! identifiable or sensitive information" (rules SL701, SL702).
//!
//! A separate input from bundles: ads are read from text, CSV or JSON Lines files
//! ([`input`]), each ad's texts go through the ad-copy rules ([`crate::rules::AD_COPY`]), and the
//! findings pass through the same configuration (`disable`, `[severity]`, `[[ignore]]` with the
//! ad file's path as the `bundle` glob) and the same `--fail-on` policy as `sdklint check`.

pub mod input;

use std::path::Path;

use serde::Serialize;

use crate::config::{Config, Date};
use crate::rules::{self, Severity};

pub use crate::facts::ad::{Ad, AdField};
pub use crate::rules::AdFinding;
pub use input::{InputFormat, ReadError};

/// Everything `sdklint copy` concluded about one file.
#[derive(Debug, Clone, Serialize)]
pub struct CopyReport {
    pub path: String,
    pub format: InputFormat,
    /// How many ads were read.
    pub ads: usize,
    /// In line order.
    pub findings: Vec<AdFinding>,
    /// Records that could not be read (the others were checked).
    pub errors: Vec<ReadError>,
}

/// Read the ads of `path` (format from `format`, else from the extension), run every ad-copy
/// rule over them and apply `config`. An error means nothing of the file could be read.
pub fn lint_copy(
    path: &Path,
    format: Option<InputFormat>,
    config: &Config,
) -> Result<CopyReport, ReadError> {
    let read = input::read(path, format)?;
    let display = path.display().to_string();
    let today = Date::today();
    let mut findings = Vec::new();
    for ad in &read.ads {
        for found in check_ad(ad) {
            let AdFinding {
                ad,
                field,
                line,
                finding,
            } = found;
            let mut one = vec![finding];
            rules::suppress::apply(&mut one, config, &display, today);
            findings.extend(one.into_iter().map(|finding| AdFinding {
                ad: ad.clone(),
                field: field.clone(),
                line,
                finding,
            }));
        }
    }
    findings.sort_by(|a, b| a.line.cmp(&b.line).then(a.finding.rule.cmp(b.finding.rule)));
    Ok(CopyReport {
        path: display,
        format: read.format,
        ads: read.ads.len(),
        findings,
        errors: read.errors,
    })
}

/// The exit code of `sdklint copy` ([`batch::exit_code`]'s policy): a record that could not be
/// read makes the run as untrustworthy as a file that could not (`unreadable` files), so either
/// is trouble; otherwise the findings decide by `fail_on`.
///
/// [`batch::exit_code`]: crate::batch::exit_code
pub fn exit_code(reports: &[CopyReport], unreadable: usize, fail_on: Option<Severity>) -> u8 {
    let partly_read = reports.iter().any(|r| !r.errors.is_empty());
    let trouble = unreadable + usize::from(partly_read);
    let findings = reports.iter().flat_map(|r| &r.findings).map(|f| &f.finding);
    crate::batch::exit_code(findings, trouble, fail_on)
}

/// Every ad-copy rule over one ad, before configuration.
pub fn check_ad(ad: &Ad) -> Vec<AdFinding> {
    rules::AD_COPY
        .iter()
        .flat_map(|rule| rule.check_ad(ad))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};

    fn report(text: &str, errors: usize) -> CopyReport {
        let ad = Ad {
            file: "ads.csv".to_string(),
            id: "1".to_string(),
            line: 1,
            fields: vec![AdField {
                name: "headline".to_string(),
                text: text.to_string(),
                line: 1,
            }],
        };
        let error = ReadError {
            file: "ads.csv".to_string(),
            line: Some(2),
            message: "bad record".to_string(),
        };
        CopyReport {
            path: "ads.csv".to_string(),
            format: InputFormat::Csv,
            ads: 1,
            findings: check_ad(&ad),
            errors: vec![error; errors],
        }
    }

    #[test]
    fn a_record_not_read_is_trouble_like_a_file_not_read() {
        let clean = report("Summer sale on shoes", 0);
        assert!(clean.findings.is_empty());
        assert_eq!(
            exit_code(std::slice::from_ref(&clean), 0, Some(Severity::Error)),
            EXIT_CLEAN
        );
        assert_eq!(exit_code(&[clean], 1, Some(Severity::Error)), EXIT_TROUBLE);
        assert_eq!(
            exit_code(&[report("Summer sale", 1)], 0, None),
            EXIT_TROUBLE
        );
        let firing = report("Struggling with your debt?", 0);
        assert!(!firing.findings.is_empty(), "{:?}", firing.findings);
        assert_eq!(
            exit_code(std::slice::from_ref(&firing), 0, Some(Severity::Error)),
            EXIT_FINDINGS
        );
        assert_eq!(exit_code(&[firing], 0, None), EXIT_CLEAN);
    }
}
