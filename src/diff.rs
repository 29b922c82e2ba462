//! `sdklint diff OLD NEW`: what changed between two builds of an app.
//!
//! SDKs added, removed or changed (version, confidence); findings new and fixed, matched by the
//! same fingerprint SARIF uses (stable across builds); and changed declarations: permissions and
//! manifest `<meta-data>` (where consent and child-directed switches live), each with old and new
//! value.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::BundleReport;
use crate::finding_id::FindingId;
use crate::rules::Finding;

/// The differences between two bundle reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BundleDiff {
    pub old: String,
    pub new: String,
    /// What each side is: platform, app id, version.
    pub old_app: Side,
    pub new_app: Side,
    /// The two bundles are different apps or platforms: the diff compares unrelated builds.
    pub warnings: Vec<String>,
    pub sdks_added: Vec<SdkChange>,
    pub sdks_removed: Vec<SdkChange>,
    pub sdks_changed: Vec<SdkChange>,
    pub findings_new: Vec<Finding>,
    pub findings_fixed: Vec<Finding>,
    pub declarations: Vec<DeclarationChange>,
}

/// One side of a diff: what app the bundle is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Side {
    pub platform: String,
    pub id: Option<String>,
    pub version: Option<String>,
    pub version_code: Option<String>,
}

impl Side {
    fn of(report: &BundleReport) -> Side {
        let app = &report.facts.app;
        Side {
            platform: match report.facts.platform {
                crate::facts::Platform::Android => "android".to_string(),
                crate::facts::Platform::Ios => "ios".to_string(),
            },
            id: app.id.clone(),
            version: app.version.clone(),
            version_code: app.version_code.clone(),
        }
    }
}

/// Warnings when `old` and `new` are not two builds of one app.
fn warnings(old: &Side, new: &Side) -> Vec<String> {
    let mut out = Vec::new();
    if old.platform != new.platform {
        out.push(format!(
            "different platforms: {} and {}; the comparison is of two different apps",
            old.platform, new.platform
        ));
    }
    if let (Some(a), Some(b)) = (&old.id, &new.id)
        && a != b
    {
        out.push(format!(
            "different apps: {a} and {b}; SDKs and findings are compared all the same"
        ));
    }
    out
}

/// An SDK on one or both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SdkChange {
    pub id: String,
    pub name: String,
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    pub old_confidence: Option<String>,
    pub new_confidence: Option<String>,
}

/// A declaration whose value differs (`None` where it is absent on that side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeclarationChange {
    /// `permission`, `meta-data`, `target-sdk`.
    pub kind: &'static str,
    pub name: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl BundleDiff {
    /// Nothing changed that the diff tracks.
    pub fn is_empty(&self) -> bool {
        self.sdks_added.is_empty()
            && self.sdks_removed.is_empty()
            && self.sdks_changed.is_empty()
            && self.findings_new.is_empty()
            && self.findings_fixed.is_empty()
            && self.declarations.is_empty()
    }
}

/// Compare `old` with `new`.
pub fn diff(old: &BundleReport, new: &BundleReport) -> BundleDiff {
    let (old_app, new_app) = (Side::of(old), Side::of(new));
    let mut out = BundleDiff {
        old: old.facts.path.clone(),
        new: new.facts.path.clone(),
        warnings: warnings(&old_app, &new_app),
        old_app,
        new_app,
        ..BundleDiff::default()
    };

    let old_sdks: BTreeMap<&str, _> = old
        .inventory
        .sdks
        .iter()
        .map(|h| (h.id.as_str(), h))
        .collect();
    let new_sdks: BTreeMap<&str, _> = new
        .inventory
        .sdks
        .iter()
        .map(|h| (h.id.as_str(), h))
        .collect();
    for (id, hit) in &new_sdks {
        let before = old_sdks.get(id);
        let change = SdkChange {
            id: id.to_string(),
            name: hit.name.clone(),
            old_version: before.and_then(|b| b.version.clone()),
            new_version: hit.version.clone(),
            old_confidence: before.map(|b| b.confidence.as_str().to_string()),
            new_confidence: Some(hit.confidence.as_str().to_string()),
        };
        match before {
            None => out.sdks_added.push(change),
            Some(b) if b.version != hit.version || b.confidence != hit.confidence => {
                out.sdks_changed.push(change)
            }
            Some(_) => {}
        }
    }
    for (id, hit) in &old_sdks {
        if !new_sdks.contains_key(id) {
            out.sdks_removed.push(SdkChange {
                id: id.to_string(),
                name: hit.name.clone(),
                old_version: hit.version.clone(),
                new_version: None,
                old_confidence: Some(hit.confidence.as_str().to_string()),
                new_confidence: None,
            });
        }
    }

    let keyed = |report: &BundleReport| -> BTreeMap<FindingId, Finding> {
        report
            .findings
            .iter()
            .filter(|f| !f.suppressed)
            .map(|f| (FindingId::of(f, &report.inventory), f.clone()))
            .collect()
    };
    let old_findings = keyed(old);
    let new_findings = keyed(new);
    out.findings_new = new_findings
        .iter()
        .filter(|(k, _)| !old_findings.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();
    out.findings_fixed = old_findings
        .iter()
        .filter(|(k, _)| !new_findings.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();
    for list in [&mut out.findings_new, &mut out.findings_fixed] {
        list.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(b.rule)));
    }

    let permissions = |r: &BundleReport| -> BTreeSet<String> {
        r.facts.permissions.iter().map(|p| p.name.clone()).collect()
    };
    let (old_perms, new_perms) = (permissions(old), permissions(new));
    for name in new_perms.difference(&old_perms) {
        out.declarations.push(DeclarationChange {
            kind: "permission",
            name: name.clone(),
            old: None,
            new: Some("declared".into()),
        });
    }
    for name in old_perms.difference(&new_perms) {
        out.declarations.push(DeclarationChange {
            kind: "permission",
            name: name.clone(),
            old: Some("declared".into()),
            new: None,
        });
    }
    let meta = |r: &BundleReport| -> BTreeMap<String, Option<String>> {
        r.facts
            .meta_data
            .iter()
            .map(|m| (m.name.clone(), m.value.clone()))
            .collect()
    };
    let (old_meta, new_meta) = (meta(old), meta(new));
    let names: BTreeSet<&String> = old_meta.keys().chain(new_meta.keys()).collect();
    for name in names {
        let (before, after) = (old_meta.get(name), new_meta.get(name));
        if before != after {
            out.declarations.push(DeclarationChange {
                kind: "meta-data",
                name: name.clone(),
                old: before.map(|v| v.clone().unwrap_or_default()),
                new: after.map(|v| v.clone().unwrap_or_default()),
            });
        }
    }
    if old.facts.app.target_os != new.facts.app.target_os {
        out.declarations.push(DeclarationChange {
            kind: "target-sdk",
            name: "targetSdkVersion".into(),
            old: old.facts.app.target_os.clone(),
            new: new.facts.app.target_os.clone(),
        });
    }
    out
}
