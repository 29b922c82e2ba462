//! [`SdkHit`]: one SDK found in a bundle, as the matching passes (classes, Maven coordinates,
//! frameworks, versions, strings) build it up. A leaf of `inventory`: the passes and the matcher
//! that runs them import it, and it imports none of them.

use serde::Serialize;

use super::{Category, Confidence};
use crate::facts::Location;

/// At most this many evidence locations are kept per SDK; [`SdkHit::evidence_total`] counts all.
pub const MAX_EVIDENCE: usize = 5;

/// One SDK found in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SdkHit {
    pub id: String,
    pub name: String,
    pub categories: Vec<Category>,
    pub conversion_tracking: bool,
    /// The SDK's version, when the bundle shows it (see `inventory::version`).
    pub version: Option<String>,
    /// Where the version was found, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_evidence: Option<Location>,
    pub confidence: Confidence,
    /// The strongest evidence first, at most [`MAX_EVIDENCE`] locations.
    pub evidence: Vec<Location>,
    /// How many evidence locations were found in all.
    pub evidence_total: usize,
    /// The SDK's `domains` from the database (for rules; not part of the JSON report).
    #[serde(skip)]
    pub domains: Vec<String>,
    /// The SDK's `privacy_manifest_required` from the database (for rules).
    #[serde(skip)]
    pub privacy_manifest_required: bool,
    /// Paths of the embedded frameworks (`Facts::apple::frameworks`) that are this SDK's.
    #[serde(skip)]
    pub embedded_frameworks: Vec<String>,
    /// One of X's Mobile Measurement Partners (the database's `x_partner`).
    pub x_partner: bool,
    /// The database's `vendor` (for reports).
    #[serde(skip)]
    pub vendor: String,
    /// The database's `docs`: the vendor's page for the SDK (for reports).
    #[serde(skip)]
    pub website: Option<String>,
    /// The database's `exodus_id`: the SDK's tracker in Exodus Privacy's database (for reports).
    #[serde(skip)]
    pub exodus_id: Option<u32>,
    /// Trackers of the `--exodus-trackers` list that are this SDK (`exodus:69`), reported here
    /// instead of on their own (see `inventory::exodus`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    /// An Exodus tracker's own categories, as its list gives them; empty for database SDKs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exodus_categories: Vec<String>,
}

impl SdkHit {
    /// Whether this hit is a tracker of an `--exodus-trackers` list rather than a database SDK.
    pub fn is_exodus(&self) -> bool {
        self.id
            .starts_with(crate::facts::ownership::EXODUS_ID_PREFIX)
    }

    /// Add `count` pieces of further evidence (build metadata), of which `locations` are shown
    /// after what is already there: the SDK's own code, where found, explains best and stays first.
    pub(super) fn add_evidence(&mut self, locations: impl Iterator<Item = Location>, count: usize) {
        self.evidence_total += count;
        let room = MAX_EVIDENCE.saturating_sub(self.evidence.len());
        self.evidence.extend(locations.take(room));
    }
}
