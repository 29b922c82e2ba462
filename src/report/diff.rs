//! Rendering of `sdklint diff` in text, JSON and Markdown.

use std::fmt::Write;

use serde::Serialize;

use crate::diff::{BundleDiff, DeclarationChange, SdkChange, Side};
use crate::rules::Finding;

/// `old → new`, `—` for absent.
fn arrow(old: Option<&str>, new: Option<&str>) -> String {
    format!("{} → {}", old.unwrap_or("—"), new.unwrap_or("—"))
}

/// A changed SDK: old → new for version and confidence.
fn sdk_line(change: &SdkChange) -> String {
    format!(
        "{} ({}): version {}, confidence {}",
        change.id,
        change.name,
        arrow(change.old_version.as_deref(), change.new_version.as_deref()),
        arrow(
            change.old_confidence.as_deref(),
            change.new_confidence.as_deref()
        )
    )
}

/// An SDK on one side only: its version and confidence there, no arrow.
fn one_side_line(id: &str, name: &str, version: Option<&str>, confidence: Option<&str>) -> String {
    format!(
        "{id} ({name}): version {}, confidence {}",
        version.unwrap_or("unknown"),
        confidence.unwrap_or("unknown")
    )
}

/// `android · com.example.shop 2.3.0 (42)`.
fn side_line(side: &Side) -> String {
    let mut line = format!(
        "{} · {}",
        side.platform,
        side.id.as_deref().unwrap_or("(no app id)")
    );
    if let Some(version) = &side.version {
        let _ = write!(line, " {version}");
    }
    if let Some(code) = &side.version_code {
        let _ = write!(line, " ({code})");
    }
    line
}

fn finding_line(f: &Finding) -> String {
    format!(
        "{} {} {}: {}",
        f.severity.as_str(),
        f.rule,
        f.name,
        f.message
    )
}

fn declaration_line(d: &DeclarationChange) -> String {
    format!(
        "{} {}: {}",
        d.kind,
        d.name,
        arrow(d.old.as_deref(), d.new.as_deref())
    )
}

/// The non-empty sections of a diff, titled, one line per change.
fn sections(diff: &BundleDiff) -> Vec<(&'static str, Vec<String>)> {
    [
        (
            "SDKs added",
            diff.sdks_added
                .iter()
                .map(|c| {
                    one_side_line(
                        &c.id,
                        &c.name,
                        c.new_version.as_deref(),
                        c.new_confidence.as_deref(),
                    )
                })
                .collect(),
        ),
        (
            "SDKs removed",
            diff.sdks_removed
                .iter()
                .map(|c| {
                    one_side_line(
                        &c.id,
                        &c.name,
                        c.old_version.as_deref(),
                        c.old_confidence.as_deref(),
                    )
                })
                .collect(),
        ),
        (
            "SDKs changed",
            diff.sdks_changed.iter().map(sdk_line).collect(),
        ),
        (
            "New findings",
            diff.findings_new.iter().map(finding_line).collect(),
        ),
        (
            "Fixed findings",
            diff.findings_fixed.iter().map(finding_line).collect(),
        ),
        (
            "Changed declarations",
            diff.declarations.iter().map(declaration_line).collect(),
        ),
    ]
    .into_iter()
    .filter(|(_, lines): &(&str, Vec<String>)| !lines.is_empty())
    .collect()
}

/// Text, for people.
pub fn text(diff: &BundleDiff) -> String {
    let mut out = format!(
        "old: {}  {}\nnew: {}  {}\n",
        diff.old,
        side_line(&diff.old_app),
        diff.new,
        side_line(&diff.new_app)
    );
    for warning in &diff.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    if diff.is_empty() {
        out.push_str("\n  no changes\n");
        return out;
    }
    for (title, lines) in sections(diff) {
        let _ = writeln!(out, "\n  {title}");
        for line in lines {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    diff: &'a BundleDiff,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// JSON, for programs (`schema_version` as the check report).
pub fn json(diff: &BundleDiff) -> String {
    let doc = Document {
        schema_version: super::json::SCHEMA_VERSION,
        tool: Tool {
            name: "sdklint",
            version: env!("CARGO_PKG_VERSION"),
        },
        diff,
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("diff always serializes");
    out.push('\n');
    out
}

/// Markdown, for pull-request comments.
pub fn markdown(diff: &BundleDiff) -> String {
    let mut out = format!(
        "## sdklint diff\n\n| | bundle | app |\n|---|---|---|\n| old | `{}` | {} |\n| new | `{}` | {} |\n",
        diff.old.replace('|', "\\|"),
        side_line(&diff.old_app).replace('|', "\\|"),
        diff.new.replace('|', "\\|"),
        side_line(&diff.new_app).replace('|', "\\|")
    );
    for warning in &diff.warnings {
        let _ = writeln!(out, "\n> **Warning:** {}", warning.replace('|', "\\|"));
    }
    if diff.is_empty() {
        out.push_str("\nNo changes.\n");
        return out;
    }
    for (title, lines) in sections(diff) {
        let _ = writeln!(out, "\n**{title}**\n");
        for line in lines {
            let _ = writeln!(out, "- {}", line.replace('|', "\\|"));
        }
    }
    out
}
