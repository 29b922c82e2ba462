//! The text report, for people: the app, its SDKs with evidence, the findings by severity, and a
//! one-line summary. Short and aligned; everything else is in the JSON report.

use std::fmt::Write;

use super::Tally;
use crate::BundleReport;
use crate::facts::{Facts, Platform};
use crate::inventory::SdkDb;
use crate::rules::Severity;

/// Evidence lines shown per SDK and per finding; the JSON report has them all.
const EVIDENCE_SHOWN: usize = 3;

/// Render one bundle's report, without colors.
pub fn render(report: &BundleReport) -> String {
    render_colored(report, false)
}

/// Render one bundle's report; `color` adds ANSI colors to severities (for a terminal).
pub fn render_colored(report: &BundleReport, color: bool) -> String {
    render_styled(report, color, None)
}

/// `line` wrapped at `width` columns (none: as is), continuation lines indented by `indent`.
fn wrap(line: &str, width: Option<usize>, indent: &str) -> String {
    match width {
        Some(width) if width > indent.len() + 20 => textwrap::fill(
            line,
            textwrap::Options::new(width).subsequent_indent(indent),
        ),
        _ => line.to_string(),
    }
}

/// Render one bundle's report, with colors or not; `columns` (a terminal's) wraps the long lines
/// (the X policy verdict, finding messages) with their continuation indented.
pub fn render_styled(report: &BundleReport, color: bool, columns: Option<usize>) -> String {
    let mut out = String::new();
    let facts = &report.facts;
    let _ = writeln!(out, "{}", facts.path);
    let _ = writeln!(out, "  {}", identity_line(facts));
    let policy = format!(
        "  X's conversion-tracking policy: {} — {}",
        report.x_policy.status.as_str(),
        report.x_policy.reason
    );
    let _ = writeln!(out, "{}", wrap(&policy, columns, "    "));

    write_sdks(&mut out, report);
    write_mentions(&mut out, report);

    let events = super::group_events(&report.inventory.events);
    if !events.is_empty() {
        let _ = writeln!(out, "\n  Events");
        let sdk_w = width(events.iter().map(|g| g.sdk.len()));
        let name_w = width(events.iter().map(|g| g.name.len()));
        let count_w = width(events.iter().map(|g| g.sites.len().to_string().len() + 1));
        for group in &events {
            let count = format!("{}×", group.sites.len());
            for (i, site) in group.sites.iter().take(EVENT_SITES_SHOWN).enumerate() {
                let site = format!("{}: {}", site.file, site.locator);
                if i == 0 {
                    let _ = writeln!(
                        out,
                        "    {:sdk_w$}  {:name_w$}  {count:>count_w$}  {site}",
                        group.sdk, group.name
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "    {:sdk_w$}  {:name_w$}  {:count_w$}  {site}",
                        "", "", ""
                    );
                }
            }
            if group.sites.len() > EVENT_SITES_SHOWN {
                let _ = writeln!(
                    out,
                    "    {:sdk_w$}  {:name_w$}  {:count_w$}  … and {} more",
                    "",
                    "",
                    "",
                    group.sites.len() - EVENT_SITES_SHOWN
                );
            }
        }
    }

    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| !f.suppressed && !f.baselined)
        .collect();
    if shown.is_empty() {
        let _ = writeln!(out, "\n  Findings: none");
    } else {
        let _ = writeln!(out, "\n  Findings");
        for finding in shown {
            let line = format!(
                "    {}  {}  {}  {}",
                paint(finding.severity, color),
                finding.rule,
                finding.name,
                finding.message
            );
            let _ = writeln!(out, "{}", wrap(&line, columns, "             "));
            for ev in finding.evidence.iter().take(EVIDENCE_SHOWN) {
                let _ = writeln!(out, "             {}: {}", ev.file, ev.locator);
            }
            if let Some(note) = finding.suppression.as_ref().filter(|n| n.expired) {
                let expires = note.expires.map(|d| d.to_string()).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "             note: suppression at {} expired on {expires} ({})",
                    note.origin, note.reason
                );
            }
        }
    }

    if !facts.errors.is_empty() {
        let _ = writeln!(out, "\n  Could not read");
        for err in &facts.errors {
            let _ = writeln!(out, "    {}: {}", err.file, err.message);
        }
    }

    let tally = Tally::of(report);
    let _ = write!(
        out,
        "\n  {} · {} · {} · {}",
        plural(report.inventory.sdks.len(), "SDK", "SDKs"),
        plural(tally.errors, "error", "errors"),
        plural(tally.warnings, "warning", "warnings"),
        plural(tally.infos, "info", "info"),
    );
    if tally.suppressed > 0 {
        let _ = write!(out, " · {} suppressed", tally.suppressed);
    }
    if tally.baselined > 0 {
        let _ = write!(out, " · {} baselined", tally.baselined);
    }
    let _ = writeln!(out);
    out
}

/// The SDK section: one line per SDK with confidence, version and categories, then evidence.
fn write_sdks(out: &mut String, report: &BundleReport) {
    if report.inventory.sdks.is_empty() {
        let _ = writeln!(out, "\n  SDKs: none found");
    } else {
        let _ = writeln!(out, "\n  SDKs");
        let id_w = width(report.inventory.sdks.iter().map(|s| s.id.len()));
        let name_w = width(report.inventory.sdks.iter().map(|s| s.name.len()));
        for hit in &report.inventory.sdks {
            let mut categories: Vec<&str> = hit.categories.iter().map(|c| c.as_str()).collect();
            // An Exodus tracker's categories are Exodus's taxonomy, not sdklint's: say so.
            let exodus_categories = format!("exodus: {}", hit.exodus_categories.join(", "));
            if !hit.exodus_categories.is_empty() {
                categories.push(&exodus_categories);
            }
            let version = hit.version.as_deref().unwrap_or("-");
            let _ = writeln!(
                out,
                "    {:id_w$}  {:name_w$}  {:10}  {:8}  {}",
                hit.id,
                hit.name,
                hit.confidence.as_str(),
                version,
                categories.join(", "),
            );
            for ev in hit.evidence.iter().take(EVIDENCE_SHOWN) {
                let _ = writeln!(out, "        {}: {}", ev.file, ev.locator);
            }
            let hidden = hit.evidence_total.saturating_sub(EVIDENCE_SHOWN);
            if hidden > 0 {
                let _ = writeln!(out, "        … and {hidden} more");
            }
            if let Some(line) = app_calls_line(&report.facts, &hit.id) {
                let _ = writeln!(out, "        {line}");
            }
            if !hit.same_as.is_empty() {
                let _ = writeln!(out, "        same as {}", hit.same_as.join(", "));
            }
        }
    }
}

/// SDKs only named by a string: what names them, and that their code is not in the bundle.
fn write_mentions(out: &mut String, report: &BundleReport) {
    if report.inventory.mentions.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n  Mentioned, not embedded");
    for hit in &report.inventory.mentions {
        let what = hit
            .evidence
            .first()
            .map(|ev| format!("{}: {}", ev.file, ev.locator))
            .unwrap_or_default();
        // An Exodus tracker seen by its network signature alone may still be some SDK's host.
        let not_code = if hit.is_exodus() {
            "its code signature matched no class"
        } else {
            "the SDK's code is not in the bundle"
        };
        let _ = writeln!(
            out,
            "    {}  {}: named by {what}; {not_code}",
            hit.id, hit.name
        );
    }
}

/// "called from the app: N call sites, e.g. …" or "embedded, never called from the app's code";
/// nothing where calls are not known (iOS).
pub fn app_calls_line(facts: &crate::facts::Facts, sdk: &str) -> Option<String> {
    let calls = facts.app_calls(sdk)?;
    Some(match calls.first {
        None => "embedded, never called from the app's code".to_string(),
        Some(first) => format!(
            "called from the app: {} call site{}, e.g. {} in {}",
            calls.count,
            if calls.count == 1 { "" } else { "s" },
            first.callee,
            first.caller
        ),
    })
}

/// Render one bundle's SDK inventory alone, for `sdklint inventory`.
pub fn render_inventory(report: &BundleReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.facts.path);
    let _ = writeln!(out, "  {}", identity_line(&report.facts));
    write_sdks(&mut out, report);
    out
}

/// `android apk · com.example 1.2 (code 3) · minSdk 21 · targetSdk 34`
fn identity_line(facts: &Facts) -> String {
    let platform = match facts.platform {
        Platform::Android => "android",
        Platform::Ios => "ios",
    };
    let format = facts.format.as_str();
    let mut parts = vec![format!("{platform} {format}")];
    if let Some(id) = &facts.app.id {
        let mut app = id.clone();
        if let Some(version) = &facts.app.version {
            let _ = write!(app, " {version}");
        }
        if let Some(code) = &facts.app.version_code {
            let _ = write!(app, " (code {code})");
        }
        parts.push(app);
    }
    if let Some(min) = &facts.app.min_os {
        parts.push(match facts.platform {
            Platform::Android => format!("minSdk {min}"),
            Platform::Ios => format!("min iOS {min}"),
        });
    }
    if let Some(target) = &facts.app.target_os {
        parts.push(match facts.platform {
            Platform::Android => format!("targetSdk {target}"),
            Platform::Ios => format!("iOS SDK {target}"),
        });
    }
    parts.join(" · ")
}

fn width(lens: impl Iterator<Item = usize>) -> usize {
    lens.max().unwrap_or(0)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Call sites shown per (SDK, event name); the rest are counted.
const EVENT_SITES_SHOWN: usize = 2;

/// The last line of a batch: bundles, then findings per severity across all of them.
pub fn render_totals(reports: &[BundleReport], unreadable: usize) -> String {
    let mut total = super::Tally::default();
    for report in reports {
        let tally = super::Tally::of(report);
        total.errors += tally.errors;
        total.warnings += tally.warnings;
        total.infos += tally.infos;
        total.suppressed += tally.suppressed;
        total.baselined += tally.baselined;
    }
    let failing = reports
        .iter()
        .filter(|r| super::Tally::of(r).errors > 0)
        .count();
    let mut line = format!(
        "Total: {} · {} · {} · {} info · {} with errors",
        plural(reports.len() + unreadable, "bundle", "bundles"),
        plural(total.errors, "error", "errors"),
        plural(total.warnings, "warning", "warnings"),
        total.infos,
        plural(failing, "bundle", "bundles"),
    );
    if total.suppressed > 0 {
        let _ = write!(line, " · {} suppressed", total.suppressed);
    }
    if total.baselined > 0 {
        let _ = write!(line, " · {} baselined", total.baselined);
    }
    if unreadable > 0 {
        let _ = write!(line, " · {unreadable} unreadable");
    }
    line.push('\n');
    line
}

/// Render the facts of one bundle, for `sdklint facts`.
pub fn render_facts(facts: &Facts) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", facts.path);
    let _ = writeln!(out, "  {}", identity_line(facts));
    if facts.platform == Platform::Android {
        write_android_facts(&mut out, facts);
    }
    let _ = writeln!(out, "\n  strings ({})", facts.strings.len());
    for (i, s) in facts.strings.iter().enumerate() {
        let _ = writeln!(
            out,
            "    {}: {}: {:?}{}",
            s.location.file,
            s.location.locator,
            s.value,
            owner_mark(facts.ownership.sdk_of(&facts.ownership.strings, i))
        );
    }
    super::text_apple::render(&mut out, facts);
    write_library_files(&mut out, facts);
    if !facts.signing.is_empty() {
        let _ = writeln!(out, "\n  signing ({})", facts.signing.len());
        for c in &facts.signing {
            let _ = writeln!(
                out,
                "    {}  {}  SHA-256 {}  ({})",
                c.scheme.as_str(),
                c.subject,
                c.sha256,
                c.location.file
            );
        }
    }
    if !facts.errors.is_empty() {
        let _ = writeln!(out, "\n  could not read ({})", facts.errors.len());
        for err in &facts.errors {
            let _ = writeln!(out, "    {}: {}", err.file, err.message);
        }
    }
    out
}

/// An `.aar`'s `R.txt` resources and `proguard.txt` keep rules.
fn write_library_files(out: &mut String, facts: &Facts) {
    let library = &facts.library;
    if !library.resources.is_empty() {
        let _ = writeln!(out, "\n  library resources ({})", library.resources.len());
        for r in &library.resources {
            let _ = writeln!(
                out,
                "    {} {}  ({} {})",
                r.kind, r.name, r.location.file, r.location.locator
            );
        }
    }
    if !library.keep_rules.is_empty() {
        let _ = writeln!(out, "\n  keep rules ({})", library.keep_rules.len());
        for k in &library.keep_rules {
            let _ = writeln!(
                out,
                "    {} class {}  ({} {})",
                k.directive, k.class, k.location.file, k.location.locator
            );
        }
    }
}

/// One section of `sdklint facts` (`--section call-sites`), after the bundle's two header lines.
/// Section names are the headings, lowercase, with `-` for spaces (`string-resources`); a name
/// the bundle has no section for is an error listing those it has.
pub fn render_facts_section(facts: &Facts, section: &str) -> Result<String, String> {
    let full = render_facts(facts);
    let wanted = section.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    let mut out = String::new();
    let mut names = Vec::new();
    let mut keep = false;
    let mut found = false;
    for (i, line) in full.lines().enumerate() {
        if i < 2 {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(heading) = line.strip_prefix("  ").filter(|h| !h.starts_with(' ')) {
            let name = heading.split(" (").next().unwrap_or(heading).to_string();
            keep = name == wanted;
            found |= keep;
            names.push(name.replace(' ', "-"));
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    if found {
        while out.ends_with("\n\n") {
            out.pop();
        }
        Ok(out)
    } else {
        Err(format!(
            "{}: no section {section:?}; this bundle has: {}",
            facts.path,
            names.join(", ")
        ))
    }
}

/// ` [sdk appsflyer]` after an SDK-owned item of `sdklint facts`; nothing after the app's.
fn owner_mark(sdk: Option<&str>) -> String {
    sdk.map_or_else(String::new, |id| format!("  [sdk {id}]"))
}

/// Render the SDK database, for `sdklint sdks`: one line per SDK, then a count.
pub fn render_sdks(db: &SdkDb) -> String {
    let mut out = String::new();
    let id_w = width(db.iter().map(|s| s.id.len()));
    let name_w = width(db.iter().map(|s| s.name.len()));
    for sdk in db.iter() {
        let categories: Vec<&str> = sdk.categories.iter().map(|c| c.as_str()).collect();
        let mut marks = Vec::new();
        if sdk.conversion_tracking {
            marks.push("conversion tracking");
        }
        if sdk.x_partner {
            marks.push("X partner");
        }
        let _ = writeln!(
            out,
            "{:id_w$}  {:name_w$}  {}{}",
            sdk.id,
            sdk.name,
            categories.join(", "),
            if marks.is_empty() {
                String::new()
            } else {
                format!("  [{}]", marks.join(", "))
            }
        );
    }
    let tracking = db.iter().filter(|s| s.conversion_tracking).count();
    let _ = writeln!(
        out,
        "\n{} SDKs, {tracking} of them conversion tracking",
        db.len()
    );
    out
}

/// A severity padded to a fixed width, in its ANSI color when `color` is set.
fn paint(severity: Severity, color: bool) -> String {
    let word = format!("{:7}", severity.as_str());
    if !color {
        return word;
    }
    let code = match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "36",
    };
    format!("\x1b[{code}m{word}\x1b[0m")
}

/// The Android sections of `sdklint facts`: manifest, classes, resources, call sites.
fn write_android_facts(out: &mut String, facts: &Facts) {
    let _ = writeln!(out, "\n  permissions ({})", facts.permissions.len());
    for p in &facts.permissions {
        match p.max_sdk_version {
            Some(max) => {
                let _ = writeln!(out, "    {} (maxSdkVersion {max})", p.name);
            }
            None => {
                let _ = writeln!(out, "    {}", p.name);
            }
        }
    }
    let _ = writeln!(out, "\n  meta-data ({})", facts.meta_data.len());
    for m in &facts.meta_data {
        let _ = write!(
            out,
            "    {} = {}",
            m.name,
            m.value.as_deref().unwrap_or("-")
        );
        match m.reference.as_deref() {
            Some(reference) if m.value.as_deref() != Some(reference) => {
                let _ = writeln!(out, "  ({reference})");
            }
            _ => out.push('\n'),
        }
    }
    let _ = writeln!(out, "\n  components ({})", facts.components.len());
    for c in &facts.components {
        let _ = writeln!(out, "    {}", c.location.locator);
    }
    let defined = facts.classes.iter().filter(|c| c.defined).count();
    let _ = writeln!(
        out,
        "\n  classes ({} defined, {} referenced)",
        defined,
        facts.classes.len() - defined
    );
    for (i, c) in facts.classes.iter().enumerate() {
        let how = if c.defined { "defined" } else { "referenced" };
        let _ = writeln!(
            out,
            "    {:10}  {}  ({}){}",
            how,
            c.name,
            c.location.file,
            owner_mark(facts.ownership.sdk_of(&facts.ownership.classes, i))
        );
    }
    if !facts.string_resources.is_empty() {
        let _ = writeln!(
            out,
            "\n  string resources ({})",
            facts.string_resources.len()
        );
        for s in &facts.string_resources {
            let _ = writeln!(out, "    {}: {:?}", s.location.locator, s.value);
        }
    }
    let _ = writeln!(out, "\n  call sites ({})", facts.call_sites.len());
    for (i, c) in facts.call_sites.iter().enumerate() {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| match a {
                Some(crate::facts::code::ArgValue::String(s)) => format!("{s:?}"),
                Some(crate::facts::code::ArgValue::Int(i)) => i.to_string(),
                None => "_".to_string(),
            })
            .collect();
        let _ = writeln!(
            out,
            "    {}: {}{}\n        → {} ({})",
            c.location.file,
            c.caller,
            owner_mark(facts.ownership.sdk_of(&facts.ownership.call_sites, i)),
            c.callee,
            args.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Location;
    use crate::inventory::apis::TrackingEvent;

    fn event(sdk: &str, name: &str, locator: &str) -> TrackingEvent {
        TrackingEvent {
            sdk: sdk.into(),
            name: name.into(),
            api: "api".into(),
            location: Location::new("classes.dex", locator),
        }
    }

    #[test]
    fn long_lines_wrap_with_an_indented_continuation() {
        let line = "    error    SL301  no-consent-mechanism  Adjust, AppsFlyer embedded, but the app shows no consent mechanism";
        assert_eq!(wrap(line, None, "  "), line);
        let wrapped = wrap(line, Some(60), "             ");
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1, "{wrapped}");
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{wrapped}");
        assert!(lines[1..].iter().all(|l| l.starts_with("             ")));
        // Words are kept whole.
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn events_group_by_sdk_and_name_in_first_seen_order() {
        let events = [
            event("appsflyer", "af_purchase", "a"),
            event("adjust", "abc", "b"),
            event("appsflyer", "af_purchase", "c"),
            event("appsflyer", "af_purchase", "d"),
        ];
        let groups = crate::report::group_events(&events);
        let summary: Vec<(&str, &str, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                (
                    g.sdk,
                    g.name,
                    g.sites.iter().map(|l| l.locator.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("appsflyer", "af_purchase", vec!["a", "c", "d"]),
                ("adjust", "abc", vec!["b"]),
            ]
        );
    }
}
