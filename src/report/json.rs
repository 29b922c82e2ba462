//! The JSON report: the stable, versioned contract of DESIGN.md (`schema_version` 2: adds
//! `x_policy`, `mentions`, per SDK `app_calls` and `x_partner`; string-only hits moved from `sdks`
//! to `mentions`), described by the JSON Schema `docs/schema/report.schema.json`.
//!
//! Fields are only ever added to this format, never renamed or removed, within one
//! `schema_version`. Added within version 2 for tools that compare apps (what Exodus and MobSF
//! users look up first): per bundle `sha256`, `app.label`, `signing`, `permissions` (with
//! `dangerous`), `counts` and `verdict`; per SDK `vendor`, `website`, `conversion_tracking`,
//! `exodus_id` (Exodus Privacy's tracker id, null where Exodus lists none); per finding
//! `fingerprint` (SARIF's `partialFingerprints`) and `status`.

use serde::Serialize;

use super::Tally;
use crate::BundleReport;
use crate::android::permissions;
use crate::facts::SigningScheme as Scheme;
use crate::facts::{BundleFormat, Location, Platform, ReadError};
use crate::finding_id::FindingStatus;
use crate::inventory::Inventory;
use crate::inventory::{Category, Confidence};
use crate::rules::suppress::SuppressionNote;
use crate::rules::{Clause, Finding, Severity};

/// The version of the JSON contract this module writes.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    bundles: Bundles<'a>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct BundleJson<'a> {
    path: &'a str,
    platform: Platform,
    format: BundleFormat,
    /// SHA-256 of the bundle file; null for a directory (`.app`, split directory).
    sha256: Option<&'a str>,
    app: AppJson<'a>,
    /// Who signed it: APK v1/v2/v3 certificates, the iOS team id.
    signing: SigningJson<'a>,
    /// Android `uses-permission`s (empty on iOS), `dangerous` for runtime permissions.
    permissions: Vec<PermissionJson<'a>>,
    /// Findings per severity that count (active), and those suppressed or baselined.
    counts: CountsJson,
    /// `fail` (an active error), `warn` (active warnings, no error) or `pass`, whatever
    /// `--fail-on` says.
    verdict: &'static str,
    /// Whether X's conversion-tracking policy applies, why, and the partner SDKs it rests on.
    x_policy: &'a crate::rules::x_policy::XPolicy,
    /// The SDKs the bundle embeds.
    sdks: Vec<SdkJson<'a>>,
    /// SDKs only named by a string (confidence `string`): never embedded, never in a finding.
    mentions: Vec<SdkJson<'a>>,
    events: Events<'a>,
    findings: Vec<FindingJson<'a>>,
    errors: &'a [ReadError],
}

#[derive(Serialize)]
struct SigningJson<'a> {
    certificates: Vec<CertificateJson<'a>>,
    /// The iOS signing team (entitlements); null on Android or when unsigned.
    team_id: Option<&'a str>,
}

#[derive(Serialize)]
struct CertificateJson<'a> {
    scheme: Scheme,
    subject: &'a str,
    sha256: &'a str,
    file: &'a str,
}

#[derive(Serialize)]
struct PermissionJson<'a> {
    name: &'a str,
    dangerous: bool,
    max_sdk_version: Option<u32>,
}

#[derive(Serialize)]
struct CountsJson {
    error: usize,
    warning: usize,
    info: usize,
    suppressed: usize,
    baselined: usize,
}

#[derive(Serialize)]
struct AppJson<'a> {
    id: Option<&'a str>,
    /// The launcher name (Android `android:label`, iOS `CFBundleDisplayName`).
    label: Option<&'a str>,
    version: Option<&'a str>,
    version_code: Option<&'a str>,
    min_os: Option<&'a str>,
    target_os: Option<&'a str>,
}

#[derive(Serialize)]
struct SdkJson<'a> {
    id: &'a str,
    name: &'a str,
    vendor: &'a str,
    /// The vendor's page for the SDK; null when the database has none.
    website: Option<&'a str>,
    /// Reports installs or in-app events to an ad platform (SL101 fires for it).
    conversion_tracking: bool,
    categories: &'a [Category],
    version: Option<&'a str>,
    /// Where the version was found; absent when `version` is null.
    #[serde(skip_serializing_if = "Option::is_none")]
    version_evidence: Option<&'a Location>,
    confidence: Confidence,
    evidence: &'a [Location],
    /// How many pieces of evidence there were in all; `evidence` shows the first few.
    evidence_total: usize,
    /// Calls from the app's own code into the SDK (`Facts::app_calls`: on Android every call to
    /// a listed API and the first call from each app class into each other SDK class; on iOS
    /// the calls to listed APIs); null where unknown.
    app_calls: Option<usize>,
    /// One of X's Mobile Measurement Partners.
    x_partner: bool,
    /// The SDK's tracker id in Exodus Privacy's database; null when Exodus does not list it.
    exodus_id: Option<u32>,
    /// Trackers of the `--exodus-trackers` list that are this SDK; absent when none.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    same_as: &'a [String],
    /// An Exodus tracker's own categories; absent for database SDKs.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    exodus_categories: &'a [String],
}

/// The events of a bundle, each written as it is serialized: a game that logs an event from
/// every level has 100,000 of them, and their JSON views need not exist all at once.
struct Events<'a>(&'a [crate::inventory::apis::TrackingEvent]);

impl Serialize for Events<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|e| EventJson {
            sdk: &e.sdk,
            name: &e.name,
            file: &e.location.file,
            locator: &e.location.locator,
            api: &e.api,
        }))
    }
}

/// The bundles of a run, each viewed as it is written.
struct Bundles<'a>(&'a [BundleReport]);

impl Serialize for Bundles<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(bundle_json))
    }
}

/// A conversion event the app logs with a literal name, and the method that logs it.
#[derive(Serialize)]
struct EventJson<'a> {
    sdk: &'a str,
    name: &'a str,
    file: &'a str,
    locator: &'a str,
    /// The called SDK method, smali form.
    api: &'a str,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'a str,
    name: &'a str,
    severity: Severity,
    clause: Clause,
    message: &'a str,
    /// The main SDK involved (the first of `sdks`), or null for bundle-level findings.
    sdk: Option<&'a str>,
    sdks: &'a [String],
    evidence: &'a [Location],
    suppressed: bool,
    /// The `[[ignore]]` entry that matched (suppressing, or expired: `"expired": true`), or null.
    suppression: Option<&'a SuppressionNote>,
    /// The finding is in the `--baseline` file: known, not new.
    baselined: bool,
    /// The hash of the finding's identity across builds (16 hex digits): the identity baselines
    /// and `sdklint diff` match on, as SARIF `partialFingerprints` carry it.
    fingerprint: String,
    /// `active` (counts for `--fail-on`), `suppressed` or `baselined`.
    status: &'static str,
}

impl<'a> FindingJson<'a> {
    fn of(f: &'a Finding, inventory: &Inventory) -> Self {
        FindingJson {
            fingerprint: f.fingerprint(inventory),
            status: match f.status() {
                FindingStatus::Active => "active",
                FindingStatus::Suppressed { .. } => "suppressed",
                FindingStatus::Baselined => "baselined",
            },
            rule: f.rule,
            name: f.name,
            severity: f.severity,
            clause: f.clause,
            message: &f.message,
            sdk: f.sdks.first().map(String::as_str),
            sdks: &f.sdks,
            evidence: &f.evidence,
            suppressed: f.suppressed,
            suppression: f.suppression.as_ref(),
            baselined: f.baselined,
        }
    }
}

fn sdk_json<'a>(report: &'a BundleReport, hit: &'a crate::inventory::SdkHit) -> SdkJson<'a> {
    SdkJson {
        id: &hit.id,
        name: &hit.name,
        vendor: &hit.vendor,
        website: hit.website.as_deref(),
        conversion_tracking: hit.conversion_tracking,
        categories: &hit.categories,
        version: hit.version.as_deref(),
        version_evidence: hit.version_evidence.as_ref(),
        confidence: hit.confidence,
        evidence: &hit.evidence,
        evidence_total: hit.evidence_total,
        app_calls: report.facts.app_calls(&hit.id).map(|c| c.count),
        x_partner: hit.x_partner,
        exodus_id: hit.exodus_id,
        same_as: &hit.same_as,
        exodus_categories: &hit.exodus_categories,
    }
}

fn bundle_json(report: &BundleReport) -> BundleJson<'_> {
    let facts = &report.facts;
    let tally = Tally::of(report);
    BundleJson {
        path: &facts.path,
        platform: facts.platform,
        format: facts.format,
        sha256: facts.sha256.as_deref(),
        signing: SigningJson {
            certificates: facts
                .signing
                .iter()
                .map(|c| CertificateJson {
                    scheme: c.scheme,
                    subject: &c.subject,
                    sha256: &c.sha256,
                    file: &c.location.file,
                })
                .collect(),
            team_id: facts.apple.team_id(),
        },
        permissions: facts
            .permissions
            .iter()
            .map(|p| PermissionJson {
                name: &p.name,
                dangerous: permissions::is_dangerous(&p.name),
                max_sdk_version: p.max_sdk_version,
            })
            .collect(),
        counts: CountsJson {
            error: tally.errors,
            warning: tally.warnings,
            info: tally.infos,
            suppressed: tally.suppressed,
            baselined: tally.baselined,
        },
        verdict: tally.verdict(),
        app: AppJson {
            id: facts.app.id.as_deref(),
            label: facts.app.label.as_deref(),
            version: facts.app.version.as_deref(),
            version_code: facts.app.version_code.as_deref(),
            min_os: facts.app.min_os.as_deref(),
            target_os: facts.app.target_os.as_deref(),
        },
        x_policy: &report.x_policy,
        sdks: report
            .inventory
            .sdks
            .iter()
            .map(|hit| sdk_json(report, hit))
            .collect(),
        mentions: report
            .inventory
            .mentions
            .iter()
            .map(|hit| sdk_json(report, hit))
            .collect(),
        events: Events(&report.inventory.events),
        findings: report
            .findings
            .iter()
            .map(|f| FindingJson::of(f, &report.inventory))
            .collect(),
        errors: &facts.errors,
    }
}

/// Render the reports of one run as one JSON document, pretty-printed, ending with a newline.
pub fn render(reports: &[BundleReport]) -> String {
    let mut out = Vec::new();
    write(reports, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`render`] straight into `out` (a file, stdout): the document is never held in memory, which
/// for an app with 100,000 events is tens of megabytes. Buffer `out` yourself.
pub fn write(reports: &[BundleReport], mut out: impl std::io::Write) -> std::io::Result<()> {
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "sdklint",
            version: env!("CARGO_PKG_VERSION"),
        },
        bundles: Bundles(reports),
    };
    serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct Line<'a> {
    schema_version: u32,
    #[serde(flatten)]
    bundle: BundleJson<'a>,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    schema_version: u32,
    path: &'a str,
    error: &'a str,
}

/// JSON Lines (`--format jsonl`): one compact object per bundle, the `bundles[]` object of the
/// contract plus `schema_version`, ending with a newline.
pub fn render_line(report: &BundleReport) -> String {
    let line = Line {
        schema_version: SCHEMA_VERSION,
        bundle: bundle_json(report),
    };
    let mut out = serde_json::to_string(&line).expect("report values always serialize");
    out.push('\n');
    out
}

/// The JSON Lines object for a bundle that could not be read: `{schema_version, path, error}`.
pub fn render_error_line(path: &str, error: &str) -> String {
    let mut out = serde_json::to_string(&ErrorLine {
        schema_version: SCHEMA_VERSION,
        path,
        error,
    })
    .expect("strings always serialize");
    out.push('\n');
    out
}
