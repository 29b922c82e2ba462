//! The reports of one `sdklint check` run: a [`Batch`] rendered in any of the check formats.
//!
//! Here rather than in the binary so that a library caller (and a test) gets the same report the
//! command line prints: the format choice, the totals line of a multi-bundle text report, the
//! baseline flag SARIF carries, JUnit's `--fail-on` threshold. Where the report goes (stdout, a
//! file, streamed or whole) stays the binary's job.

use std::io::Write;
use std::path::PathBuf;

use crate::batch::Batch;
use crate::inventory::SdkDb;
use crate::rules::Severity;

/// A report format of `sdklint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    Text,
    Json,
    /// JSON Lines: one object per input, in the order given.
    Jsonl,
    Sarif,
    Junit,
    Markdown,
    Html,
}

/// How a check report is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// The run compared against a baseline (SARIF then sets `baselineState`).
    pub baseline: bool,
    /// `--fail-on`: which findings JUnit counts as failures; `None` for `never`.
    pub fail_on: Option<Severity>,
    /// ANSI colors in the text report.
    pub color: bool,
    /// Wrap the text report to this width.
    pub width: Option<usize>,
    /// SARIF's `%SRCROOT%`: the directory artifact paths are relative to.
    pub srcroot: Option<PathBuf>,
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot render the HTML report: {0}")]
    Html(#[from] minijinja::Error),
}

/// The unreadable inputs as the reporters take them.
pub fn unreadable(analysis: &Batch) -> Vec<super::Unreadable<'_>> {
    analysis
        .unreadable
        .iter()
        .map(|u| super::Unreadable {
            path: &u.path,
            message: &u.message,
        })
        .collect()
}

/// The report of `analysis` in `format`, whole. JSON and JSON Lines can also be streamed with
/// [`write_json`], which this uses.
pub fn render(
    analysis: &Batch,
    format: CheckFormat,
    options: &RenderOptions,
    db: &SdkDb,
) -> Result<String, RenderError> {
    let reports = &analysis.reports;
    Ok(match format {
        CheckFormat::Json | CheckFormat::Jsonl => {
            let mut out = Vec::new();
            write_json(analysis, format == CheckFormat::Jsonl, &mut out)
                .expect("writing to a Vec cannot fail");
            String::from_utf8(out).expect("serde_json writes UTF-8")
        }
        CheckFormat::Sarif => {
            let sarif = super::sarif::SarifOptions {
                srcroot: options.srcroot.clone(),
                baseline: options.baseline,
            };
            super::sarif::render(reports, &unreadable(analysis), &sarif)
        }
        CheckFormat::Markdown => super::markdown::render(reports),
        CheckFormat::Html => super::html::render(reports, &unreadable(analysis), db)?,
        CheckFormat::Junit => super::junit::render(reports, &unreadable(analysis), options.fail_on),
        CheckFormat::Text => {
            let mut text = reports
                .iter()
                .map(|r| super::text::render_styled(r, options.color, options.width))
                .collect::<Vec<_>>()
                .join("\n");
            if analysis.order.len() > 1 {
                text.push('\n');
                text.push_str(&super::text::render_totals(
                    reports,
                    analysis.unreadable.len(),
                ));
            }
            text
        }
    })
}

/// The JSON document, or one JSON line per input in the order given, written to `out` as it is
/// serialized: never held in memory whole (for an app with 100,000 events it is tens of
/// megabytes, for a batch of a thousand bundles more).
pub fn write_json(analysis: &Batch, jsonl: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if !jsonl {
        return super::json::write(&analysis.reports, out);
    }
    for entry in &analysis.order {
        let line = match entry {
            Ok(i) => super::json::render_line(&analysis.reports[*i]),
            Err(i) => {
                let entry = &analysis.unreadable[*i];
                super::json::render_error_line(&entry.path, &entry.message)
            }
        };
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// What [`stream_jsonl`] leaves once every line is written: the inputs that could not be read
/// (for the error lines on stderr) and the run's exit code.
#[derive(Debug)]
pub struct Streamed {
    pub unreadable: Vec<crate::batch::Unreadable>,
    pub exit_code: u8,
}

/// Why [`stream_jsonl`] stopped.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error(transparent)]
    Batch(#[from] crate::batch::BatchError),
    #[error("cannot write the report: {0}")]
    Write(#[from] std::io::Error),
}

/// `check --format jsonl` over many inputs with the memory of a few: each input's line is written
/// as soon as its window of bundles is done ([`crate::batch::run_each`]) and its report dropped;
/// only the findings that count toward `fail_on` and the unreadable inputs are kept, for the exit
/// code ([`crate::batch::exit_code`], the one exit policy). The lines are those of
/// [`write_json`], in input order.
pub fn stream_jsonl(
    inputs: &[crate::batch::Input],
    options: &crate::Options,
    batch: &crate::batch::BatchOptions,
    fail_on: Option<Severity>,
    done: &(dyn Fn(&std::path::Path) + Sync),
    out: &mut dyn Write,
) -> Result<Streamed, StreamError> {
    let mut unreadable = Vec::new();
    let mut counting = Vec::new();
    let mut written = Ok(());
    crate::batch::run_each(inputs, options, batch, done, &mut |input, result| {
        let line = match result {
            Ok(report) => {
                counting.extend(
                    report
                        .findings
                        .iter()
                        .filter(|f| f.counts_toward_fail_on(fail_on))
                        .cloned(),
                );
                super::json::render_line(&report)
            }
            Err(message) => {
                let path = input.path().display().to_string();
                let line = super::json::render_error_line(&path, &message);
                unreadable.push(crate::batch::Unreadable { path, message });
                line
            }
        };
        written = out.write_all(line.as_bytes());
        match written {
            Ok(()) => std::ops::ControlFlow::Continue(()),
            Err(_) => std::ops::ControlFlow::Break(()),
        }
    })?;
    written.and_then(|()| out.flush())?;
    let exit_code = crate::batch::exit_code(&counting, unreadable.len(), fail_on);
    Ok(Streamed {
        unreadable,
        exit_code,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::Options;
    use crate::batch::{self, Input};

    /// One bundle that fires SL301 (an error) and one input that cannot be read, in that order.
    fn analysis() -> Batch {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let inputs = [
            Input::Bundle(root.join("fixtures/appsflyer-adjust-no-adid.apk")),
            Input::Empty(root.join("fixtures/no-such-dir")),
        ];
        batch::run(&inputs, &Options::default(), &Default::default(), &|_| {}).unwrap()
    }

    fn render_as(analysis: &Batch, format: CheckFormat, options: &RenderOptions) -> String {
        render(analysis, format, options, SdkDb::builtin()).unwrap()
    }

    /// Streaming gives the lines `write_json` gives for the whole batch, and the batch's exit code.
    #[test]
    fn streamed_json_lines_are_the_batch_lines() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let inputs = [
            Input::Bundle(root.join("fixtures/appsflyer-adjust-no-adid.apk")),
            Input::Empty(root.join("fixtures/no-such-dir")),
            Input::Bundle(root.join("fixtures/no-sdk.apk")),
        ];
        let options = Options::default();
        let whole = batch::run(&inputs, &options, &Default::default(), &|_| {}).unwrap();
        let mut expected = Vec::new();
        write_json(&whole, true, &mut expected).unwrap();
        let mut streamed = Vec::new();
        let fail_on = Some(Severity::Warning);
        let outcome = stream_jsonl(
            &inputs,
            &options,
            &Default::default(),
            fail_on,
            &|_| {},
            &mut streamed,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        assert_eq!(outcome.exit_code, whole.exit_code(fail_on));
        assert_eq!(outcome.unreadable, whole.unreadable);
    }

    #[test]
    fn every_format_renders_the_batch_as_its_reporter_does() {
        let analysis = analysis();
        assert_eq!((analysis.reports.len(), analysis.unreadable.len()), (1, 1));
        let options = RenderOptions::default();
        assert_eq!(
            render_as(&analysis, CheckFormat::Markdown, &options),
            super::super::markdown::render(&analysis.reports)
        );
        let json: serde_json::Value =
            serde_json::from_str(&render_as(&analysis, CheckFormat::Json, &options)).unwrap();
        assert_eq!(json["bundles"].as_array().map(Vec::len), Some(1));
        // JSON Lines: one line per input, in order, the unreadable one included.
        let jsonl = render_as(&analysis, CheckFormat::Jsonl, &options);
        let lines: Vec<serde_json::Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2, "{jsonl}");
        assert!(lines[1].to_string().contains("no-such-dir"), "{}", lines[1]);
        // Text of more than one input ends with the totals line.
        let text = render_as(&analysis, CheckFormat::Text, &options);
        let totals = super::super::text::render_totals(&analysis.reports, 1);
        assert!(text.ends_with(&totals), "{text}");
        assert!(render_as(&analysis, CheckFormat::Html, &options).contains("<html"));
    }

    #[test]
    fn options_reach_the_reporters() {
        let analysis = analysis();
        let gate = |fail_on| RenderOptions {
            fail_on,
            ..RenderOptions::default()
        };
        // JUnit counts SL301 as a failure only when --fail-on reaches errors.
        let strict = render_as(&analysis, CheckFormat::Junit, &gate(Some(Severity::Error)));
        let never = render_as(&analysis, CheckFormat::Junit, &gate(None));
        assert_ne!(strict, never);
        let sarif = |baseline| {
            let options = RenderOptions {
                baseline,
                ..RenderOptions::default()
            };
            render_as(&analysis, CheckFormat::Sarif, &options)
        };
        assert!(sarif(true).contains("baselineState"));
        assert!(!sarif(false).contains("baselineState"));
        let colored = RenderOptions {
            color: true,
            ..RenderOptions::default()
        };
        assert!(render_as(&analysis, CheckFormat::Text, &colored).contains('\u{1b}'));
    }
}
