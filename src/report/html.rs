//! HTML (`--format html -o report.html`): one self-contained page for reviewers.
//!
//! A reviewer reads top down, so each bundle opens with the verdict: whether X's
//! conversion-tracking policy applies and why (with a link to X's policy page), and pass / fail
//! per policy clause with its counts, failing clauses first. Then the findings, grouped by clause
//! in the same order and errors first, each with its evidence and the rule's explain text in a
//! `<details>`; the SDK inventory (vendor and its page, confidence, version, whether the app calls
//! it, an X-partner badge); the identity (app name and id, version, SHA-256 of the bundle, APK
//! signing certificates, the iOS signing team); the permissions (dangerous ones marked); the
//! tracking call sites with their event names; the consent, opt-out, child-directed and age API
//! calls; for iOS the privacy-manifest matrix; the parts that could not be read and the packaging
//! anomalies. Long symbols (class names, paths) get a `<wbr>` after each `/`, `.`, `$` or `;`
//! (the `breakable` filter), so they wrap there and not mid-word.
//!
//! # How it is built
//! This module only turns a [`BundleReport`] into a plain, serializable view (strings, lists,
//! counts); the markup lives in `templates/report.html`, embedded with `include_str!` and rendered
//! by [minijinja](https://docs.rs/minijinja) with HTML auto-escaping (chosen from the template's
//! `.html` name): every value from the bundle — app ids, class names, event names, messages — is
//! untrusted and reaches the page escaped. Nothing is marked safe. minijinja was chosen for having
//! no proc macros and escaping by default; the template stays a file a reviewer can read.
//!
//! The page needs no network: inline CSS, system fonts, no images. A small inline script adds a
//! severity filter; without it everything is shown (the `<details>` elements are native HTML).

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use super::Tally;
use super::Unreadable;
use crate::BundleReport;
use crate::android::permissions;
use crate::facts::apple_metadata::AppleBundleKind;
use crate::facts::{Location, Platform};
use crate::finding_id::FindingStatus;
use crate::inventory::{ApiKind, SdkDb};
use crate::rules::{self, Clause, Finding, Severity};

/// The page template; `.html` in its name turns auto-escaping on.
const TEMPLATE_NAME: &str = "report.html";
const TEMPLATE: &str = include_str!("templates/report.html");

/// The policy clauses in report order, with a heading and one line on what they cover.
const CLAUSES: &[(Clause, &str, &str)] = &[
    (
        Clause::Inventory,
        "Inventory",
        "Conversion-tracking and legacy X SDKs the app embeds.",
    ),
    (
        Clause::Integration,
        "Integration",
        "How the SDKs are wired in: permissions and settings they need.",
    ),
    (
        Clause::Notice,
        "Notice",
        "Telling users that third parties collect data: usage strings, privacy manifests, notices.",
    ),
    (
        Clause::Consent,
        "Consent",
        "Obtaining consent before collecting: consent platforms, ATT, collection at launch.",
    ),
    (
        Clause::OptOut,
        "Opt-out",
        "Letting users opt out of tracking and targeted ads.",
    ),
    (
        Clause::Children,
        "Children",
        "No tracking in apps directed at children.",
    ),
    (
        Clause::Sensitive,
        "Sensitive categories",
        "No conversion events or audiences built on sensitive categories.",
    ),
    (
        Clause::Integrity,
        "Integrity",
        "Whether the bundle could be read completely and is packaged as build tools write it.",
    ),
];

/// Render the run as one HTML page: every report, then the bundles that could not be read.
/// `db` supplies what the inventory does not carry (the X-partner mark).
///
/// Fails only if the embedded template is broken, which the tests rule out.
pub fn render(
    reports: &[BundleReport],
    unreadable: &[Unreadable<'_>],
    db: &SdkDb,
) -> Result<String, minijinja::Error> {
    let page = Page {
        tool_version: env!("CARGO_PKG_VERSION"),
        x_policy_url: X_POLICY_URL,
        bundles: reports
            .iter()
            .enumerate()
            .map(|(i, r)| bundle_view(i, r, db))
            .collect(),
        unreadable: unreadable
            .iter()
            .map(|u| UnreadableView {
                path: u.path,
                message: u.message,
            })
            .collect(),
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("breakable", breakable);
    env.add_template(TEMPLATE_NAME, TEMPLATE)?;
    let mut out = env
        .get_template(TEMPLATE_NAME)?
        .render(Value::from(Serde(&page)))?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// X's policy page, linked from every verdict.
const X_POLICY_URL: &str = "https://business.x.com/en/help/ads-policies/campaign-considerations/policies-for-conversion-tracking-and-custom-audiences";

/// `Lcom/appsflyer/AppsFlyerLib;` → `["Lcom/", "appsflyer/", "AppsFlyerLib;"]`: the template puts
/// a `<wbr>` after each piece, so long symbols wrap at `/`, `.`, `$` or `;`, never mid-word.
fn breakable(text: String) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        if matches!(c, '/' | '.' | '$' | ';') {
            parts.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

#[derive(Serialize)]
struct Page<'a> {
    tool_version: &'static str,
    x_policy_url: &'static str,
    bundles: Vec<BundleView<'a>>,
    unreadable: Vec<UnreadableView<'a>>,
}

#[derive(Serialize)]
struct UnreadableView<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct BundleView<'a> {
    /// Fragment id of the bundle's section (`bundle-0`).
    anchor: String,
    path: &'a str,
    platform: &'static str,
    format: &'static str,
    /// `com.example.shop`, or the path when the bundle names no app.
    title: &'a str,
    /// Does X's policy apply, and pass / fail per clause: the first thing on the page.
    verdict: VerdictView<'a>,
    identity: Vec<(&'static str, &'a str)>,
    /// APK signing certificates.
    certificates: Vec<CertificateView<'a>>,
    /// Android permissions (none on iOS).
    permissions: Vec<PermissionView<'a>>,
    /// `error`, `warning` or `ok`: the worst unsuppressed finding.
    status: &'static str,
    tally: TallyView,
    sdks: Vec<SdkView<'a>>,
    clauses: Vec<ClauseView<'a>>,
    findings_total: usize,
    events: Vec<EventView<'a>>,
    /// Call sites behind `events`.
    event_sites: usize,
    api_calls: Vec<ApiCallView<'a>>,
    /// iOS only: one row per privacy manifest, then one per embedded framework without one.
    privacy_manifests: Vec<ManifestView<'a>>,
    /// Privacy manifests present (the matrix also lists frameworks without one).
    manifest_count: usize,
    is_ios: bool,
    errors: Vec<(&'a str, &'a str)>,
    anomalies: Vec<AnomalyView<'a>>,
}

#[derive(Serialize)]
struct VerdictView<'a> {
    /// `applies`, `may-apply` or `not-applicable`.
    x_status: &'static str,
    x_reason: &'a str,
    /// Every clause, failing ones first.
    clauses: Vec<ClauseVerdict>,
}

#[derive(Serialize)]
struct ClauseVerdict {
    id: String,
    title: &'static str,
    /// `fail` (active errors), `warn` (active warnings), `pass`, or `not checked`.
    result: &'static str,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Suppressed or baselined findings of the clause.
    accepted: usize,
}

#[derive(Serialize)]
struct CertificateView<'a> {
    scheme: &'static str,
    subject: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct PermissionView<'a> {
    name: &'a str,
    dangerous: bool,
}

#[derive(Serialize)]
struct TallyView {
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
    baselined: usize,
}

#[derive(Serialize)]
struct SdkView<'a> {
    id: &'a str,
    name: &'a str,
    vendor: &'a str,
    website: Option<&'a str>,
    /// Exodus Privacy's tracker page for the SDK, when Exodus lists it.
    exodus_url: Option<String>,
    categories: Vec<&'static str>,
    version: Option<&'a str>,
    confidence: &'static str,
    conversion_tracking: bool,
    x_partner: bool,
    evidence: &'a [Location],
    /// Evidence found but not listed (the inventory keeps the first few).
    evidence_more: usize,
    /// "called from the app: N call sites, e.g. …" or "embedded, never called …"; none on iOS.
    app_calls: Option<String>,
}

#[derive(Serialize)]
struct ClauseView<'a> {
    id: String,
    title: &'static str,
    description: &'static str,
    findings: Vec<FindingView<'a>>,
    /// Codes of the rules that check this clause (none: the clause is not checked yet).
    rules: Vec<&'static str>,
}

#[derive(Serialize)]
struct FindingView<'a> {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    /// Display names of the SDKs involved.
    sdks: Vec<&'a str>,
    evidence: &'a [Location],
    suppressed: bool,
    baselined: bool,
    /// The `[[ignore]]` reason and where it is (`sdklint.toml:12`), if an entry matched.
    suppression: Option<String>,
    /// The suppression expired: the finding counts again.
    suppression_expired: bool,
    explain: Vec<Block>,
}

#[derive(Serialize)]
struct EventView<'a> {
    sdk: &'a str,
    name: &'a str,
    api: &'a str,
    /// Call sites logging this name, the first [`EVENT_SITES_SHOWN`] of them shown.
    count: usize,
    sites: Vec<&'a Location>,
    more: usize,
}

/// Call sites shown per event name; the rest are counted.
const EVENT_SITES_SHOWN: usize = 3;

#[derive(Serialize)]
struct ApiCallView<'a> {
    kind: &'static str,
    sdk: &'a str,
    api: &'a str,
    /// The constant arguments, `—` for one not known: `(1)`, `("GDPR", —)`.
    args: String,
    location: &'a Location,
}

#[derive(Serialize)]
struct ManifestView<'a> {
    owner: &'a str,
    /// The owner's last path component (`AppsFlyerLib.framework`).
    owner_name: &'a str,
    owner_kind: &'static str,
    file: Option<&'a str>,
    /// `yes`, `no`, `not declared`, or `no manifest`.
    tracking: &'static str,
    tracking_domains: Vec<&'a str>,
    data_types: Vec<DataTypeView<'a>>,
    error: Option<&'a str>,
    missing: bool,
}

#[derive(Serialize)]
struct DataTypeView<'a> {
    data_type: &'a str,
    /// Without the `NSPrivacyCollectedDataType` prefix (`DeviceID`).
    short: &'a str,
    linked: &'static str,
    tracking: &'static str,
    /// `(short, full)`: without the `NSPrivacyCollectedDataTypePurpose` prefix, and as written.
    purposes: Vec<(&'a str, &'a str)>,
}

#[derive(Serialize)]
struct AnomalyView<'a> {
    kind: &'static str,
    message: &'a str,
    android_rejects: bool,
    location: &'a Location,
}

/// One block of a rule's explain text (Markdown, as `sdklint explain` prints it).
#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Block {
    Heading { text: String },
    Paragraph { spans: Vec<Span> },
    Code { text: String },
}

/// A run of paragraph text; `code` for a `` `code span` ``.
#[derive(Debug, PartialEq, Eq, Serialize)]
struct Span {
    text: String,
    code: bool,
}

fn bundle_view<'a>(index: usize, report: &'a BundleReport, db: &SdkDb) -> BundleView<'a> {
    let facts = &report.facts;
    let ios = facts.platform == Platform::Ios;
    let app = &facts.app;
    let mut identity: Vec<(&'static str, &'a str)> = Vec::new();
    let labels: [(&'static str, &Option<String>); 5] = if ios {
        [
            ("bundle id", &app.id),
            ("version", &app.version),
            ("build", &app.version_code),
            ("min iOS", &app.min_os),
            ("iOS SDK", &app.target_os),
        ]
    } else {
        [
            ("package", &app.id),
            ("version", &app.version),
            ("version code", &app.version_code),
            ("minSdk", &app.min_os),
            ("targetSdk", &app.target_os),
        ]
    };
    if let Some(label) = &app.label {
        identity.push(("app name", label));
    }
    for (label, value) in labels {
        if let Some(value) = value {
            identity.push((label, value));
        }
    }
    if let Some(sha256) = &facts.sha256 {
        identity.push(("SHA-256", sha256));
    }
    if let Some(team) = facts.apple.team_id() {
        identity.push(("signing team", team));
    }
    let tally = Tally::of(report);
    let status = if tally.errors > 0 {
        "error"
    } else if tally.warnings > 0 {
        "warning"
    } else {
        "ok"
    };
    let sdk_name = |id: &'a str| -> &'a str {
        report
            .inventory
            .sdks
            .iter()
            .find(|s| s.id == id)
            .map_or(id, |s| s.name.as_str())
    };
    BundleView {
        anchor: format!("bundle-{index}"),
        path: &facts.path,
        platform: match facts.platform {
            Platform::Android => "android",
            Platform::Ios => "ios",
        },
        format: facts.format.as_str(),
        title: app.id.as_deref().unwrap_or(&facts.path),
        verdict: verdict_view(index, report),
        identity,
        certificates: facts
            .signing
            .iter()
            .map(|c| CertificateView {
                scheme: c.scheme.as_str(),
                subject: &c.subject,
                sha256: &c.sha256,
            })
            .collect(),
        permissions: facts
            .permissions
            .iter()
            .map(|p| PermissionView {
                name: &p.name,
                dangerous: permissions::is_dangerous(&p.name),
            })
            .collect(),
        status,
        tally: TallyView {
            errors: tally.errors,
            warnings: tally.warnings,
            infos: tally.infos,
            suppressed: tally.suppressed,
            baselined: tally.baselined,
        },
        sdks: report
            .inventory
            .sdks
            .iter()
            .map(|hit| SdkView {
                id: &hit.id,
                name: &hit.name,
                vendor: &hit.vendor,
                website: hit.website.as_deref(),
                exodus_url: hit
                    .exodus_id
                    .map(|id| format!("https://reports.exodus-privacy.eu.org/en/trackers/{id}/")),
                categories: hit.categories.iter().map(|c| c.as_str()).collect(),
                version: hit.version.as_deref(),
                confidence: hit.confidence.as_str(),
                conversion_tracking: hit.conversion_tracking,
                x_partner: db.get(&hit.id).is_some_and(|sdk| sdk.x_partner),
                evidence: &hit.evidence,
                evidence_more: hit.evidence_total.saturating_sub(hit.evidence.len()),
                app_calls: super::text::app_calls_line(&report.facts, &hit.id),
            })
            .collect(),
        clauses: clauses_worst_first(report)
            .into_iter()
            .map(|(clause, title, description)| ClauseView {
                id: format!("{}-{}", index, rules::catalog::clause_str(clause)),
                title,
                description,
                findings: findings_worst_first(report, clause)
                    .into_iter()
                    .map(|f| finding_view(f, &sdk_name))
                    .collect(),
                rules: rules::ALL
                    .iter()
                    .filter(|r| r.clause == clause)
                    .map(|r| r.code)
                    .collect(),
            })
            .collect(),
        findings_total: report.findings.len(),
        events: super::group_events(&report.inventory.events)
            .into_iter()
            .map(|g| EventView {
                sdk: sdk_name(g.sdk),
                name: g.name,
                api: g.api,
                count: g.sites.len(),
                more: g.sites.len().saturating_sub(EVENT_SITES_SHOWN),
                sites: g.sites.into_iter().take(EVENT_SITES_SHOWN).collect(),
            })
            .collect(),
        event_sites: report.inventory.events.len(),
        api_calls: report
            .inventory
            .api_calls
            .iter()
            .filter(|c| c.kind != ApiKind::Event)
            .map(|c| ApiCallView {
                kind: c.kind.as_str(),
                sdk: sdk_name(&c.sdk),
                api: &c.api,
                args: args_text(&c.args),
                location: &c.location,
            })
            .collect(),
        manifest_count: facts.apple.privacy_manifests.len(),
        privacy_manifests: if ios {
            manifest_views(report)
        } else {
            Vec::new()
        },
        is_ios: ios,
        errors: facts
            .errors
            .iter()
            .map(|e| (e.file.as_str(), e.message.as_str()))
            .collect(),
        anomalies: facts
            .anomalies
            .iter()
            .map(|a| AnomalyView {
                kind: a.kind.as_str(),
                message: &a.message,
                android_rejects: a.android_rejects,
                location: &a.location,
            })
            .collect(),
    }
}

/// The clauses, those with active errors first, then with active warnings, then the rest (each
/// group in policy order).
fn clauses_worst_first(report: &BundleReport) -> Vec<(Clause, &'static str, &'static str)> {
    let mut clauses = CLAUSES.to_vec();
    clauses.sort_by_key(|&(clause, _, _)| {
        std::cmp::Reverse(
            report
                .findings
                .iter()
                .filter(|f| f.clause == clause && f.status() == FindingStatus::Active)
                .map(|f| f.severity)
                .max(),
        )
    });
    clauses
}

/// A clause's findings: active ones first, by severity (errors first), then the accepted ones.
fn findings_worst_first(report: &BundleReport, clause: Clause) -> Vec<&Finding> {
    let mut findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.clause == clause)
        .collect();
    findings.sort_by_key(|f| {
        (
            f.status() != FindingStatus::Active,
            std::cmp::Reverse(f.severity),
        )
    });
    findings
}

fn verdict_view<'a>(index: usize, report: &'a BundleReport) -> VerdictView<'a> {
    let clauses = clauses_worst_first(report)
        .into_iter()
        .map(|(clause, title, _)| {
            let of_clause = || report.findings.iter().filter(move |f| f.clause == clause);
            let active = |severity: Severity| {
                of_clause()
                    .filter(|f| f.status() == FindingStatus::Active && f.severity == severity)
                    .count()
            };
            let (errors, warnings, infos) = (
                active(Severity::Error),
                active(Severity::Warning),
                active(Severity::Info),
            );
            let checked = rules::ALL.iter().any(|r| r.clause == clause);
            ClauseVerdict {
                id: format!("{}-{}", index, rules::catalog::clause_str(clause)),
                title,
                result: if errors > 0 {
                    "fail"
                } else if warnings > 0 {
                    "warn"
                } else if checked {
                    "pass"
                } else {
                    "not checked"
                },
                errors,
                warnings,
                infos,
                accepted: of_clause()
                    .filter(|f| f.status() != FindingStatus::Active)
                    .count(),
            }
        })
        .collect();
    VerdictView {
        x_status: report.x_policy.status.as_str(),
        x_reason: &report.x_policy.reason,
        clauses,
    }
}

fn finding_view<'a>(f: &'a Finding, sdk_name: &impl Fn(&'a str) -> &'a str) -> FindingView<'a> {
    FindingView {
        rule: f.rule,
        name: f.name,
        severity: f.severity.as_str(),
        message: &f.message,
        sdks: f.sdks.iter().map(|id| sdk_name(id)).collect(),
        evidence: &f.evidence,
        suppressed: f.suppressed,
        baselined: f.baselined,
        suppression: f
            .suppression
            .as_ref()
            .map(|s| format!("{} ({})", s.reason, s.origin)),
        suppression_expired: f.suppression.as_ref().is_some_and(|s| s.expired),
        explain: rules::find(f.rule)
            .map(|rule| explain_blocks(&rule.explain()))
            .unwrap_or_default(),
    }
}

/// `(1)`, `("GDPR", —)`: the constant arguments of a call, `—` where none is known.
fn args_text(args: &[Option<crate::facts::code::ArgValue>]) -> String {
    use crate::facts::code::ArgValue;
    let parts: Vec<String> = args
        .iter()
        .map(|a| match a {
            Some(ArgValue::String(s)) => format!("{s:?}"),
            Some(ArgValue::Int(i)) => i.to_string(),
            None => "—".to_string(),
        })
        .collect();
    format!("({})", parts.join(", "))
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not declared",
    }
}

fn kind_name(kind: AppleBundleKind) -> &'static str {
    match kind {
        AppleBundleKind::App => "app",
        AppleBundleKind::Extension => "extension",
        AppleBundleKind::Framework => "framework",
        AppleBundleKind::ResourceBundle => "resource bundle",
        AppleBundleKind::Archive => "archive",
        AppleBundleKind::Xcframework => "xcframework",
    }
}

/// The privacy-manifest matrix: every manifest (readable or not), then every embedded framework
/// that has none.
fn manifest_views(report: &BundleReport) -> Vec<ManifestView<'_>> {
    let apple = &report.facts.apple;
    let mut rows: Vec<ManifestView<'_>> = apple
        .privacy_manifests
        .iter()
        .map(|m| {
            let manifest = m.manifest.as_ref();
            ManifestView {
                owner: &m.owner,
                owner_name: last_component(&m.owner),
                owner_kind: kind_name(m.owner_kind),
                file: Some(&m.location.file),
                tracking: manifest.map_or("unreadable", |p| yes_no(p.tracking)),
                tracking_domains: manifest
                    .map(|p| p.tracking_domains.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
                data_types: manifest
                    .map(|p| {
                        p.collected_data_types
                            .iter()
                            .map(|d| DataTypeView {
                                data_type: &d.data_type,
                                short: strip(&d.data_type, "NSPrivacyCollectedDataType"),
                                linked: yes_no(d.linked),
                                tracking: yes_no(d.tracking),
                                purposes: d
                                    .purposes
                                    .iter()
                                    .map(|p| {
                                        (strip(p, "NSPrivacyCollectedDataTypePurpose"), p.as_str())
                                    })
                                    .collect(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                error: m.error.as_deref(),
                missing: false,
            }
        })
        .collect();
    // Frameworks sorted by path, so the page is the same for the same bundle.
    let missing: BTreeMap<&str, &str> = apple
        .frameworks
        .iter()
        .filter(|f| !f.has_privacy_manifest)
        .map(|f| (f.path.as_str(), f.name.as_str()))
        .collect();
    rows.extend(missing.into_keys().map(|path| ManifestView {
        owner: path,
        owner_name: last_component(path),
        owner_kind: "framework",
        file: None,
        tracking: "no manifest",
        tracking_domains: Vec::new(),
        data_types: Vec::new(),
        error: None,
        missing: true,
    }));
    rows
}

fn last_component(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `text` without `prefix`, unless that leaves nothing.
fn strip<'a>(text: &'a str, prefix: &str) -> &'a str {
    match text.strip_prefix(prefix) {
        Some(rest) if !rest.is_empty() => rest,
        _ => text,
    }
}

/// Split a rule's explain text (Markdown: `## ` headings, paragraphs, fenced code) into blocks;
/// inline `` `code` `` spans are kept apart so the template can set them in monospace.
fn explain_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph {
                spans: spans(&paragraph.join(" ")),
            });
            paragraph.clear();
        }
    };
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                blocks.push(Block::Code {
                    text: lines.join("\n"),
                });
                code = None;
            } else {
                lines.push(line);
            }
        } else if line.trim_start().starts_with("```") {
            flush(&mut paragraph, &mut blocks);
            code = Some(Vec::new());
        } else if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Heading {
                text: heading.trim().to_string(),
            });
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else {
            paragraph.push(line.trim());
        }
    }
    // An unclosed fence keeps its lines as code.
    if let Some(lines) = code {
        blocks.push(Block::Code {
            text: lines.join("\n"),
        });
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

fn spans(text: &str) -> Vec<Span> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| Span {
            text: part.to_string(),
            code: i % 2 == 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{BundleFormat, Facts, ReadError};
    use crate::inventory::Inventory;

    #[test]
    fn explain_text_becomes_headings_paragraphs_and_code() {
        let blocks =
            explain_blocks("## What it checks\nOne `key`\nline two.\n\n```xml\n<a/>\n```\n");
        assert_eq!(
            blocks,
            vec![
                Block::Heading {
                    text: "What it checks".into()
                },
                Block::Paragraph {
                    spans: vec![
                        Span {
                            text: "One ".into(),
                            code: false
                        },
                        Span {
                            text: "key".into(),
                            code: true
                        },
                        Span {
                            text: " line two.".into(),
                            code: false
                        },
                    ]
                },
                Block::Code {
                    text: "<a/>".into()
                },
            ]
        );
    }

    #[test]
    fn every_rule_explain_renders() {
        for rule in rules::ALL {
            let blocks = explain_blocks(&rule.explain());
            let headings = blocks
                .iter()
                .filter(|b| matches!(b, Block::Heading { .. }))
                .count();
            assert!(headings >= 4, "{}: {headings} headings", rule.code);
        }
    }

    /// Untrusted text from a bundle (an app id, a finding message, an unreadable entry) reaches
    /// the page escaped: no element, attribute or script comes from it.
    #[test]
    fn bundle_text_is_escaped() {
        let evil = "<script>alert(1)</script>\"'&";
        let mut facts = Facts::new("evil.apk", Platform::Android, BundleFormat::Apk);
        facts.app.id = Some(evil.to_string());
        facts.errors.push(ReadError {
            file: evil.to_string(),
            message: evil.to_string(),
        });
        let finding = rules::find("SL902").unwrap().finding(
            evil.to_string(),
            vec![evil.to_string()],
            vec![Location::new(evil, evil)],
        );
        let report = BundleReport {
            facts,
            inventory: Inventory::default(),
            findings: vec![finding],
            x_policy: crate::rules::x_policy::assess(&Inventory::default(), None),
        };
        let unreadable = [Unreadable {
            path: evil,
            message: evil,
        }];
        let html = render(&[report], &unreadable, SdkDb::builtin()).unwrap();
        assert!(
            !html.contains("<script>alert"),
            "raw markup from the bundle"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;&quot;&#x27;&amp;"));
        // The page's own script is the only one.
        assert_eq!(html.matches("<script>").count(), 1);
    }
}
