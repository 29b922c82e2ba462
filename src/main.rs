//! The `sdklint` command line: parse arguments, call the library, print, map the outcome to an
//! exit code (0 clean, 1 findings at or above `--fail-on`, 2 usage error or unreadable bundle).
//! The arguments and their translation into options are in `cli`; what the commands decide is
//! in the library.

mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use cli::output::{emit, write_file, write_streamed};
use cli::{
    CheckFormat, Cli, Command, CopyFormat, CopyInput, DiffFormat, FailOn, Format, InventoryFormat,
    load_db, load_exodus, load_options, parse_outputs,
};
use sdklint::Options;
use sdklint::baseline::Baseline;
use sdklint::batch::{self, Batch, BatchOptions, EXIT_TROUBLE};
use sdklint::config::Config;
use sdklint::report::{self, check::RenderOptions};
use sdklint::rules;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            bundles,
            format,
            jobs,
            quiet,
            verbose,
            color,
            output,
            fail_on,
            limits,
            sdk_db,
            exodus_trackers,
            config,
            baseline,
        } => {
            let options = match load_options(&sdk_db, &config, &limits, exodus_trackers.as_deref())
            {
                Ok(options) => options,
                Err(code) => return code,
            };
            let baseline = match baseline.or_else(|| options.config.baseline.clone()) {
                Some(path) => match Baseline::load(&path) {
                    Ok(baseline) => Some(baseline),
                    Err(err) => {
                        eprintln!("error: {err}");
                        return ExitCode::from(EXIT_TROUBLE);
                    }
                },
                None => None,
            };
            let (output, extra_outputs) = match parse_outputs(&output) {
                Ok(outputs) => outputs,
                Err(code) => return code,
            };
            let run = CheckRun {
                batch: BatchOptions { jobs, baseline },
                format,
                output,
                extra_outputs,
                fail_on,
                quiet,
                verbose,
                color: color.enabled(),
            };
            check(&bundles, &run, &options)
        }
        Command::Baseline {
            bundles,
            limits,
            config,
            sdk_db,
            exodus_trackers,
        } => {
            let options = match load_options(&sdk_db, &config, &limits, exodus_trackers.as_deref())
            {
                Ok(options) => options,
                Err(code) => return code,
            };
            write_baseline(&bundles, &options)
        }
        Command::Inventory {
            bundle,
            format,
            limits,
            sdk_db,
            exodus_trackers,
        } => {
            let mut options = limits.options();
            let db = match load_db(&sdk_db) {
                Ok(db) => db,
                Err(code) => return code,
            };
            options.sdk_db = Some(db.clone());
            options.exodus = match load_exodus(exodus_trackers.as_deref()) {
                Ok(exodus) => exodus,
                Err(code) => return code,
            };
            match sdklint::lint(&bundle, &options) {
                Ok(report) => emit(&match format {
                    InventoryFormat::Text => report::text::render_inventory(&report),
                    InventoryFormat::Json => {
                        let mut s = serde_json::to_string_pretty(&report.inventory.sdks)
                            .expect("SDK hits always serialize");
                        s.push('\n');
                        s
                    }
                    InventoryFormat::Cyclonedx => report::sbom::render(&report, &db),
                }),
                Err(err) => {
                    eprintln!("error: {err}");
                    ExitCode::from(EXIT_TROUBLE)
                }
            }
        }
        Command::Sdks { format, sdk_db } => {
            let db = match load_db(&sdk_db) {
                Ok(db) => db,
                Err(code) => return code,
            };
            emit(&match format {
                Format::Text => report::text::render_sdks(&db),
                Format::Json => {
                    let sdks: Vec<_> = db.iter().collect();
                    let mut s = serde_json::to_string_pretty(&sdks).expect("SDKs always serialize");
                    s.push('\n');
                    s
                }
            })
        }
        Command::Facts {
            bundle,
            format,
            section,
            limits,
            sdk_db,
        } => {
            let mut options = limits.options();
            match load_db(&sdk_db) {
                Ok(db) => options.sdk_db = Some(db),
                Err(code) => return code,
            }
            facts(&bundle, format, section.as_deref(), &options)
        }
        Command::Diff {
            old,
            new,
            format,
            fail_on,
            config,
            limits,
            sdk_db,
            exodus_trackers,
        } => {
            // Both builds are read with the configuration `check` would use: severities,
            // disabled rules, suppressions and the X-policy switch change what is new or fixed.
            let options = match load_options(&sdk_db, &config, &limits, exodus_trackers.as_deref())
            {
                Ok(options) => options,
                Err(code) => return code,
            };
            let (old, new) = match (sdklint::lint(&old, &options), sdklint::lint(&new, &options)) {
                (Ok(old), Ok(new)) => (old, new),
                (old, new) => {
                    for err in [old.err(), new.err()].into_iter().flatten() {
                        eprintln!("error: {err}");
                    }
                    return ExitCode::from(EXIT_TROUBLE);
                }
            };
            let diff = sdklint::diff::diff(&old, &new);
            let printed = emit(&match format {
                DiffFormat::Text => report::diff::text(&diff),
                DiffFormat::Json => report::diff::json(&diff),
                DiffFormat::Markdown => report::diff::markdown(&diff),
            });
            if printed != ExitCode::SUCCESS {
                return printed;
            }
            ExitCode::from(batch::exit_code(&diff.findings_new, 0, fail_on.threshold()))
        }
        Command::Copy {
            files,
            input_format,
            format,
            quiet,
            output,
            fail_on,
            config,
            sdk_db,
        } => {
            let config = match load_db(&sdk_db).and_then(|db| config.load(&db)) {
                Ok(config) => config,
                Err(code) => return code,
            };
            let run = CopyRun {
                input: input_format.map(CopyInput::format),
                format,
                output,
                fail_on,
                quiet,
            };
            copy(&files, &run, &config)
        }
        Command::Rules { format } => emit(&match format {
            Format::Text => rules::catalog::render_text(),
            Format::Json => rules::catalog::render_json(),
        }),
        Command::Explain { rule } => match rules::find(&rule) {
            Some(rule) => emit(&format!(
                "{} {} ({}, {})\n\n{}\n",
                rule.code,
                rule.name,
                rules::catalog::clause_str(rule.clause),
                rule.default_severity.as_str(),
                rule.explain()
            )),
            None => {
                eprintln!("error: no rule named {rule:?} (see `sdklint rules`)");
                ExitCode::from(EXIT_TROUBLE)
            }
        },
    }
}

/// How `sdklint check` reports.
struct CheckRun {
    /// Jobs, and the baseline whose findings do not count for `--fail-on`.
    batch: BatchOptions,
    format: CheckFormat,
    /// `-o FILE`: where the `--format` report goes instead of standard output.
    output: Option<PathBuf>,
    /// `--output FORMAT=PATH`: further reports of the same analysis.
    extra_outputs: Vec<(CheckFormat, PathBuf)>,
    fail_on: FailOn,
    quiet: bool,
    /// `--verbose`: list the files discovery passed over, not only their count.
    verbose: bool,
    color: bool,
}

/// Say on stderr what discovery passed over (see [`batch::skipped_notes`]).
fn report_skipped(skipped: &[batch::Skipped], run: &CheckRun) {
    if !run.quiet {
        for note in batch::skipped_notes(skipped, run.verbose) {
            eprintln!("{note}");
        }
    }
}

fn check(paths: &[PathBuf], run: &CheckRun, options: &Options) -> ExitCode {
    use std::io::IsTerminal;

    let batch::Expanded { inputs, skipped } = batch::expand(paths, &options.limits);
    report_skipped(&skipped, run);
    let progress = (!run.quiet && inputs.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let done = |path: &Path| {
        if let Some(bar) = &progress {
            bar.set_message(path.display().to_string());
            bar.inc(1);
        }
    };
    if run.format == CheckFormat::Jsonl && run.extra_outputs.is_empty() {
        // One line per bundle as it is done: a store's worth of builds in the memory of a few.
        let (mut streamed, mut failed, threshold) = (None, None, run.fail_on.threshold());
        let written = write_streamed(run.output.as_deref(), run.quiet, &mut |out| {
            use report::check::{StreamError, stream_jsonl};
            match stream_jsonl(&inputs, options, &run.batch, threshold, &done, out) {
                Ok(s) => streamed = Some(s),
                Err(StreamError::Write(err)) => return Err(err),
                Err(StreamError::Batch(err)) => failed = Some(err),
            }
            Ok(())
        });
        progress.iter().for_each(|bar| bar.finish_and_clear());
        if let Some(err) = failed {
            eprintln!("error: {err}");
            return ExitCode::from(EXIT_TROUBLE);
        }
        let Some(streamed) = streamed.filter(|_| written == ExitCode::SUCCESS) else {
            return written;
        };
        streamed
            .unreadable
            .iter()
            .for_each(|u| eprintln!("error: {}", u.message));
        return ExitCode::from(streamed.exit_code);
    }
    let analysis = match batch::run(&inputs, options, &run.batch, &done) {
        Ok(analysis) => analysis,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    for entry in &analysis.unreadable {
        eprintln!("error: {}", entry.message);
    }
    let mut printed = ExitCode::SUCCESS;
    for (format, file) in &run.extra_outputs {
        let written = write_report(&analysis, *format, Some(file), run, options);
        if written != ExitCode::SUCCESS {
            printed = written;
        }
    }
    if run.output.is_some() || !run.quiet {
        let written = write_report(&analysis, run.format, run.output.as_deref(), run, options);
        if written != ExitCode::SUCCESS {
            printed = written;
        }
    }
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    ExitCode::from(analysis.exit_code(run.fail_on.threshold()))
}

/// How `sdklint copy` reads and reports.
struct CopyRun {
    input: Option<sdklint::copy::InputFormat>,
    format: CopyFormat,
    output: Option<PathBuf>,
    fail_on: FailOn,
    quiet: bool,
}

/// `sdklint copy`: exit 2 if a file or one of its records could not be read, else by `--fail-on`.
fn copy(files: &[PathBuf], run: &CopyRun, config: &Config) -> ExitCode {
    use report::ad_copy;

    let mut reports = Vec::with_capacity(files.len());
    let mut unreadable: Vec<(String, String)> = Vec::new();
    for file in files {
        match sdklint::copy::lint_copy(file, run.input, config) {
            Ok(report) => {
                for err in &report.errors {
                    eprintln!("error: {err}");
                }
                reports.push(report);
            }
            Err(err) => {
                eprintln!("error: {err}");
                unreadable.push((file.display().to_string(), err.message.clone()));
            }
        }
    }
    let unread: Vec<ad_copy::Unreadable<'_>> = unreadable
        .iter()
        .map(|(path, message)| ad_copy::Unreadable { path, message })
        .collect();
    let out = match run.format {
        CopyFormat::Text => reports
            .iter()
            .map(ad_copy::text)
            .collect::<Vec<_>>()
            .join("\n"),
        CopyFormat::Json => ad_copy::json(&reports, &unread),
        CopyFormat::Sarif => {
            let options = report::sarif::SarifOptions {
                srcroot: std::env::current_dir().ok(),
                baseline: false,
            };
            ad_copy::sarif(&reports, &unread, &options)
        }
        CopyFormat::Junit => ad_copy::junit(&reports, &unread, run.fail_on.threshold()),
        CopyFormat::Markdown => ad_copy::markdown(&reports),
    };
    let printed = match (&run.output, run.quiet) {
        (Some(file), _) => write_file(file, &out),
        (None, true) => ExitCode::SUCCESS,
        (None, false) => emit(&out),
    };
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    let code = sdklint::copy::exit_code(&reports, unreadable.len(), run.fail_on.threshold());
    ExitCode::from(code)
}

/// `sdklint baseline`: a baseline of every bundle is written only if every bundle could be read.
fn write_baseline(paths: &[PathBuf], options: &Options) -> ExitCode {
    let mut reports = Vec::with_capacity(paths.len());
    for path in paths {
        match sdklint::lint(path, options) {
            Ok(report) => reports.push(report),
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::from(EXIT_TROUBLE);
            }
        }
    }
    emit(&Baseline::of(&reports).to_json())
}

/// Writes the report in `format` to `file`, or to stdout (colored text where it is a terminal).
/// JSON and JSON Lines are streamed ([`stream_json`]); the other formats are rendered whole.
fn write_report(
    analysis: &Batch,
    format: CheckFormat,
    file: Option<&Path>,
    run: &CheckRun,
    options: &Options,
) -> ExitCode {
    use std::io::IsTerminal;

    if matches!(format, CheckFormat::Json | CheckFormat::Jsonl) {
        return stream_json(analysis, format == CheckFormat::Jsonl, file);
    }
    let stdout = file.is_none();
    let render = RenderOptions {
        baseline: run.batch.baseline.is_some(),
        fail_on: run.fail_on.threshold(),
        color: run.color && stdout,
        width: (stdout && std::io::stdout().is_terminal()).then(textwrap::termwidth),
        srcroot: std::env::current_dir().ok(),
    };
    match (
        report::check::render(analysis, format.lib(), &render, options.sdk_db()),
        file,
    ) {
        (Err(err), _) => {
            eprintln!("error: {err}");
            ExitCode::from(EXIT_TROUBLE)
        }
        (Ok(out), Some(file)) => write_file(file, &out),
        (Ok(out), None) => emit(&out),
    }
}

/// The JSON or JSON Lines report written as it is serialized, to `file` or stdout: never held in
/// memory whole.
fn stream_json(analysis: &Batch, jsonl: bool, file: Option<&Path>) -> ExitCode {
    write_streamed(file, false, &mut |out| {
        report::check::write_json(analysis, jsonl, out)
    })
}

fn facts(path: &Path, format: Format, section: Option<&str>, options: &Options) -> ExitCode {
    if section.is_some() && matches!(format, Format::Json) {
        eprintln!("error: --section selects from the text output; use jq on --format json");
        return ExitCode::from(EXIT_TROUBLE);
    }
    match sdklint::facts(path, options) {
        Ok(facts) => emit(&match (format, section) {
            (Format::Text, Some(section)) => {
                match report::text::render_facts_section(&facts, section) {
                    Ok(text) => text,
                    Err(message) => {
                        eprintln!("error: {message}");
                        return ExitCode::from(EXIT_TROUBLE);
                    }
                }
            }
            (Format::Text, None) => report::text::render_facts(&facts),
            (Format::Json, _) => {
                let mut s = serde_json::to_string_pretty(&facts).expect("facts always serialize");
                s.push('\n');
                s
            }
        }),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}
