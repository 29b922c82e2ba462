//! Markdown (`--format markdown`): compact, for pull-request comments and CI step summaries.

use std::fmt::Write;

use super::Tally;
use crate::BundleReport;
use crate::finding_id::FindingStatus;

/// Render every bundle of the run: a heading, the SDK table and the findings table each.
pub fn render(reports: &[BundleReport]) -> String {
    let mut out = String::from("## sdklint\n");
    for report in reports {
        let facts = &report.facts;
        let tally = Tally::of(report);
        let app = match (&facts.app.id, &facts.app.version) {
            (Some(id), Some(v)) => format!("`{id}` {v}"),
            (Some(id), None) => format!("`{id}`"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "\n### `{}` {app}\n\n{} {} · {} · {} · {} info\n",
            escape(&facts.path),
            icon(&tally),
            plural(report.inventory.sdks.len(), "SDK"),
            plural(tally.errors, "error"),
            plural(tally.warnings, "warning"),
            tally.infos
        );
        if !report.inventory.sdks.is_empty() {
            out.push_str("| SDK | confidence | version | evidence |\n|---|---|---|---|\n");
            for hit in &report.inventory.sdks {
                let evidence = hit
                    .evidence
                    .first()
                    .map(|e| format!("`{}`: `{}`", escape(&e.file), escape(&e.locator)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    escape(&hit.name),
                    hit.confidence.as_str(),
                    hit.version.as_deref().unwrap_or("—"),
                    evidence
                );
            }
            out.push('\n');
        }
        let shown: Vec<_> = report
            .findings
            .iter()
            .filter(|f| !matches!(f.status(), FindingStatus::Suppressed { .. }))
            .collect();
        if !shown.is_empty() {
            out.push_str("| severity | rule | finding |\n|---|---|---|\n");
            for f in shown {
                let mark = match f.status() {
                    FindingStatus::Baselined => " *(baselined)*",
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "| {} | `{}` {} | {}{mark} |",
                    f.severity.as_str(),
                    f.rule,
                    f.name,
                    escape(&f.message)
                );
            }
            out.push('\n');
        }
        if !facts.errors.is_empty() {
            let _ = writeln!(out, "Could not read: {}\n", facts.errors.len());
        }
    }
    out
}

fn icon(tally: &Tally) -> &'static str {
    if tally.errors > 0 {
        "❌"
    } else if tally.warnings > 0 {
        "⚠️"
    } else {
        "✅"
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Keep table cells intact: pipes and newlines would break the row.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
