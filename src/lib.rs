//! sdklint: find conversion-tracking SDKs in mobile app bundles and check them against X's policy
//! for conversion tracking and custom audiences.
//!
//! The flow is one way: [`bundle::open`] → [`extract`] → [`facts::Facts`] → [`inventory`] →
//! [`rules`] → [`report`]. Each layer is usable and testable on its own; [`lint`] runs them all.

pub mod android;
pub mod apple;
pub mod bundle;
pub mod config;
pub mod extract;
pub mod facts;
pub mod inventory;
pub mod report;
pub mod rules;

use std::path::Path;

use bundle::Limits;
use config::Config;
use extract::ExtractError;
use facts::Facts;
use inventory::{Inventory, SdkDb};
use rules::Finding;

/// Settings for analysing bundles.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
    pub config: Config,
}

/// Everything sdklint concluded about one bundle.
#[derive(Debug, Clone)]
pub struct BundleReport {
    pub facts: Facts,
    pub inventory: Inventory,
    pub findings: Vec<Finding>,
}

/// Open `path` and extract its facts.
pub fn facts(path: &Path, options: &Options) -> Result<Facts, ExtractError> {
    let bundle = bundle::open(path, &options.limits)?;
    extract::extract(path, &bundle)
}

/// Open `path`, extract its facts, match the SDK database and run every rule.
pub fn lint(path: &Path, options: &Options) -> Result<BundleReport, ExtractError> {
    let facts = facts(path, options)?;
    let inventory = Inventory::build(SdkDb::builtin(), &facts);
    let findings = rules::run(&rules::Context {
        facts: &facts,
        inventory: &inventory,
        config: &options.config,
    });
    Ok(BundleReport {
        facts,
        inventory,
        findings,
    })
}
