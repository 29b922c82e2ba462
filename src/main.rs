//! The `sdklint` command line: parse arguments, call the library, print, map the outcome to an
//! exit code (0 clean, 1 findings at or above `--fail-on`, 2 usage error or unreadable bundle).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use sdklint::baseline::Baseline;
use sdklint::bundle::Limits;
use sdklint::config::{Config, Date};
use sdklint::report;
use sdklint::rules::{self, Severity};
use sdklint::{BundleReport, Options};

const EXAMPLES: &str = "\
Examples:
  sdklint check app.apk                      lint one APK, text report
  sdklint check --format json a.apk b.apk    lint two APKs, one JSON document
  sdklint check --fail-on warning app.apk    exit 1 on warnings too (CI gate)
  sdklint facts classes.dex                  dump what sdklint read from a bundle
  sdklint explain SL103                      what a rule checks and how to fix it
  sdklint baseline app.apk > sdklint-baseline.json
  sdklint check --baseline sdklint-baseline.json app.apk   fail only on new findings

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage error or a
bundle that could not be read.";

/// Find conversion-tracking SDKs in Android app bundles and check them against X's policy for
/// conversion tracking and custom audiences.
#[derive(Parser)]
#[command(name = "sdklint", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint bundles: SDK inventory and policy findings.
    Check {
        /// APK files, bare AndroidManifest.xml files or bare .dex files.
        #[arg(required = true, value_name = "BUNDLE")]
        bundles: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Lowest severity that makes the exit code 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        #[command(flatten)]
        limits: LimitArgs,
        #[command(flatten)]
        config: ConfigArgs,
        /// Findings recorded in this baseline file (`sdklint baseline`) do not count for
        /// --fail-on; overrides the config's `baseline` key.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
    },
    /// Write the fingerprints of the bundles' current findings (a baseline) to stdout.
    Baseline {
        #[arg(required = true, value_name = "BUNDLE")]
        bundles: Vec<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print everything sdklint read from one bundle (manifest, classes, strings, errors).
    Facts {
        #[arg(value_name = "BUNDLE")]
        bundle: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print what a rule checks, why, how to fix it, with an example.
    Explain {
        /// A rule code (SL103) or name (ad-id-permission-missing).
        rule: String,
    },
}

#[derive(Args)]
struct LimitArgs {
    /// Most entries a zip may list.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_ENTRIES)]
    max_entries: usize,
    /// Most bytes one entry may inflate to.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_ENTRY_BYTES)]
    max_entry_bytes: u64,
    /// Most bytes all entries read from one bundle may inflate to.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_TOTAL_BYTES)]
    max_total_bytes: u64,
}

impl LimitArgs {
    fn options(&self) -> Options {
        Options {
            limits: Limits {
                max_entries: self.max_entries,
                max_entry_bytes: self.max_entry_bytes,
                max_total_bytes: self.max_total_bytes,
            },
            ..Options::default()
        }
    }
}

#[derive(Args)]
struct ConfigArgs {
    /// Read this configuration file instead of looking for sdklint.toml from the working
    /// directory up to the repository root.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

impl ConfigArgs {
    /// The configuration to use; a broken file is a usage error (exit 2). Warns on stderr about
    /// every expired suppression.
    fn load(&self) -> Result<Config, ExitCode> {
        let path = match &self.config {
            Some(path) => Some(path.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| Config::discover(&dir)),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let config = Config::load(&path).map_err(|err| {
            eprintln!("error: {err}");
            ExitCode::from(EXIT_TROUBLE)
        })?;
        for entry in config.expired(Date::today()) {
            eprintln!(
                "warning: {}: suppression of {} expired on {} and no longer applies ({})",
                entry.origin,
                entry.rule,
                entry.expires.map(|d| d.to_string()).unwrap_or_default(),
                entry.reason
            );
        }
        Ok(config)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

const EXIT_FINDINGS: u8 = 1;
const EXIT_TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            bundles,
            format,
            fail_on,
            limits,
            config,
            baseline,
        } => {
            let config = match config.load() {
                Ok(config) => config,
                Err(code) => return code,
            };
            let baseline = match baseline.or_else(|| config.baseline.clone()) {
                Some(path) => match Baseline::load(&path) {
                    Ok(baseline) => Some(baseline),
                    Err(err) => {
                        eprintln!("error: {err}");
                        return ExitCode::from(EXIT_TROUBLE);
                    }
                },
                None => None,
            };
            let options = Options {
                config,
                ..limits.options()
            };
            check(&bundles, format, fail_on, &options, baseline.as_ref())
        }
        Command::Baseline {
            bundles,
            limits,
            config,
        } => {
            let config = match config.load() {
                Ok(config) => config,
                Err(code) => return code,
            };
            let options = Options {
                config,
                ..limits.options()
            };
            write_baseline(&bundles, &options)
        }
        Command::Facts {
            bundle,
            format,
            limits,
        } => facts(&bundle, format, &limits.options()),
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

fn check(
    paths: &[PathBuf],
    format: Format,
    fail_on: FailOn,
    options: &Options,
    baseline: Option<&Baseline>,
) -> ExitCode {
    let (mut reports, unreadable) = lint_all(paths, options);
    if let Some(baseline) = baseline {
        reports.iter_mut().for_each(|r| baseline.mark(r));
    }
    let out = match format {
        Format::Json => report::json::render(&reports),
        Format::Text => reports
            .iter()
            .map(report::text::render)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let printed = emit(&out);
    if printed != ExitCode::SUCCESS || unreadable {
        return ExitCode::from(EXIT_TROUBLE);
    }
    let failing = fail_on.threshold().is_some_and(|threshold| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| !f.suppressed && !f.baselined && f.severity >= threshold)
    });
    if failing {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Lint every bundle; an unreadable one is reported on stderr and skipped (the flag says so).
fn lint_all(paths: &[PathBuf], options: &Options) -> (Vec<BundleReport>, bool) {
    let mut reports: Vec<BundleReport> = Vec::with_capacity(paths.len());
    let mut unreadable = false;
    for path in paths {
        match sdklint::lint(path, options) {
            Ok(report) => reports.push(report),
            Err(err) => {
                eprintln!("error: {err}");
                unreadable = true;
            }
        }
    }
    (reports, unreadable)
}

/// `sdklint baseline`: a baseline of every bundle is written only if every bundle could be read.
fn write_baseline(paths: &[PathBuf], options: &Options) -> ExitCode {
    let (reports, unreadable) = lint_all(paths, options);
    if unreadable {
        return ExitCode::from(EXIT_TROUBLE);
    }
    emit(&Baseline::of(&reports).to_json())
}

fn facts(path: &std::path::Path, format: Format, options: &Options) -> ExitCode {
    match sdklint::facts(path, options) {
        Ok(facts) => emit(&match format {
            Format::Text => report::text::render_facts(&facts),
            Format::Json => {
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

/// Write to stdout; a closed pipe (`sdklint … | head`) is not an error worth a message.
fn emit(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot write the report: {err}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}
