//! sdklint: find conversion-tracking SDKs in mobile app bundles and check them against X's policy
//! for conversion tracking and custom audiences.
//!
//! The flow is one way: [`bundle::open`] → [`extract`] → [`facts::Facts`] → [`inventory`] →
//! [`rules`] → [`report`]. Each layer is usable and testable on its own; [`lint`] runs them all.

pub mod android;
pub mod apple;
pub mod baseline;
pub mod batch;
pub mod bundle;
pub mod config;
pub mod copy;
pub mod diff;
pub mod extract;
pub mod facts;
pub mod finding_id;
pub mod inventory;
pub mod native;
pub mod registry;
pub mod report;
pub mod rules;

use std::path::Path;

use bundle::{Bundle, FileBytes, Limits};
use config::Config;
use extract::ExtractError;
use facts::Facts;
use inventory::{Inventory, SdkDb};
use rules::Finding;

/// sdklint's version: `tool.version` in every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Settings for analysing bundles.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
    pub config: Config,
    /// The SDK database to match against; the built-in one when `None`.
    pub sdk_db: Option<std::sync::Arc<SdkDb>>,
    /// A tracker list in Exodus Privacy's format (`--exodus-trackers`), matched besides the
    /// database; its trackers are reported as `exodus:<id>` SDKs.
    pub exodus: Option<std::sync::Arc<inventory::exodus::ExodusList>>,
}

impl Options {
    /// The SDK database in use: the one given, else the built-in one.
    pub fn sdk_db(&self) -> &SdkDb {
        self.sdk_db.as_deref().unwrap_or_else(|| SdkDb::builtin())
    }
}

/// Everything sdklint concluded about one bundle.
#[derive(Debug, Clone)]
pub struct BundleReport {
    pub facts: Facts,
    pub inventory: Inventory,
    pub findings: Vec<Finding>,
    /// Whether X's conversion-tracking policy applies, and why.
    pub x_policy: rules::x_policy::XPolicy,
}

/// Open `path` and extract its facts.
pub fn facts(path: &Path, options: &Options) -> Result<Facts, ExtractError> {
    let bundle = bundle::open(path, &options.limits)?;
    // The file's hash on one core while the other starts on its entries.
    let (facts, sha256) = rayon::join(
        || facts_of(path, &bundle, options),
        || path.is_file().then(|| sha256_of(path)),
    );
    let mut facts = facts?;
    if let Some(sha256) = sha256 {
        facts.sha256 = Some(sha256.map_err(|source| {
            ExtractError::Bundle(bundle::BundleError::Io {
                path: path.to_path_buf(),
                source,
            })
        })?);
    }
    Ok(facts)
}

/// Extract the facts of a single-file bundle already in memory (read from object storage, say),
/// without writing it to disk; `name` is its path in reports and errors.
pub fn facts_bytes(
    name: &Path,
    bytes: FileBytes,
    options: &Options,
) -> Result<Facts, ExtractError> {
    let sha256 = hex_sha256(bytes.as_ref());
    let bundle = bundle::open_bytes(name, bytes, &options.limits)?;
    let mut facts = facts_of(name, &bundle, options)?;
    facts.sha256 = Some(sha256);
    Ok(facts)
}

fn facts_of(path: &Path, bundle: &Bundle, options: &Options) -> Result<Facts, ExtractError> {
    let extract_options = extract::ExtractOptions {
        call_filter: extract::code::CallFilter::from_methods(options.sdk_db().api_methods())
            .with_sdk_classes(options.sdk_db().iter().enumerate().flat_map(|(i, sdk)| {
                let android = &sdk.android;
                let prefixes = android
                    .class_prefixes
                    .iter()
                    .map(move |p| (p.clone(), true, i as u32));
                let classes = android
                    .classes
                    .iter()
                    .map(move |c| (c.clone(), false, i as u32));
                prefixes.chain(classes)
            })),
        ios_call_filter: options.sdk_db().ios_api_filter(),
    };
    let mut facts = extract::extract(path, bundle, &extract_options)?;
    facts.ownership = facts::ownership::Ownership::compute_with(
        options.sdk_db(),
        options.exodus.as_deref(),
        &facts,
    );
    Ok(facts)
}

/// SHA-256 of a file, read in chunks, lowercase hex.
fn sha256_of(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// SHA-256 of bytes in memory, lowercase hex.
fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Open `path`, extract its facts, match the SDK database and run every rule.
pub fn lint(path: &Path, options: &Options) -> Result<BundleReport, ExtractError> {
    Ok(report_of(facts(path, options)?, options))
}

/// [`lint`] a single-file bundle already in memory; `name` is its path in reports and errors.
pub fn lint_bytes(
    name: &Path,
    bytes: FileBytes,
    options: &Options,
) -> Result<BundleReport, ExtractError> {
    Ok(report_of(facts_bytes(name, bytes, options)?, options))
}

fn report_of(facts: Facts, options: &Options) -> BundleReport {
    let mut inventory = Inventory::build(options.sdk_db(), &facts);
    if let Some(exodus) = &options.exodus {
        exodus.add_hits(options.sdk_db(), &facts, &mut inventory);
    }
    let mut findings = rules::run(&rules::Context {
        facts: &facts,
        inventory: &inventory,
        db: options.sdk_db(),
        config: &options.config,
    });
    let x_policy = rules::x_policy::assess(&inventory, options.config.x_conversion_tracking);
    rules::x_policy::gate(&mut findings, &x_policy);
    rules::suppress::apply(
        &mut findings,
        &options.config,
        &facts.path,
        config::Date::today(),
    );
    BundleReport {
        facts,
        inventory,
        findings,
        x_policy,
    }
}
