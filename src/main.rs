//! The `sdklint` command line: parse arguments, call the library, print, map the outcome to an
//! exit code (0 clean, 1 findings at or above `--fail-on`, 2 usage error or unreadable bundle).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use std::sync::Arc;

use sdklint::Options;
use sdklint::baseline::Baseline;
use sdklint::batch::{self, Batch, BatchOptions, EXIT_TROUBLE};
use sdklint::bundle::Limits;
use sdklint::config::{Config, Date};
use sdklint::inventory::SdkDb;
use sdklint::inventory::exodus::ExodusList;
use sdklint::inventory::user::with_user_files;
use sdklint::report;
use sdklint::rules::{self, Severity};

const EXAMPLES: &str = "\
Examples:
  sdklint check app.apk                      lint one APK, text report
  sdklint check --format json a.apk b.apk    lint two APKs, one JSON document
  sdklint check --fail-on warning app.apk    exit 1 on warnings too (CI gate)
  sdklint check --format sarif -o out.sarif app.apk
                                             SARIF 2.1.0 for code scanning
  sdklint check --output sarif=sdklint.sarif --output html=report.html app.apk App.ipa
                                             one analysis: text on stdout, SARIF and HTML files
  sdklint facts classes.dex                  dump what sdklint read from a bundle
  sdklint facts --section entitlements App.ipa   one section of it
  sdklint explain SL103                      what a rule checks and how to fix it
  sdklint sdks                               the SDKs sdklint knows, with their signatures
  sdklint diff old.apk new.apk               SDKs, findings and declarations that changed
  sdklint check --sdk-db my-sdks/ app.apk    add in-house SDK definitions
  sdklint baseline app.apk > sdklint-baseline.json
  sdklint check --baseline sdklint-baseline.json app.apk   fail only on new findings
  sdklint copy ads.csv campaign.jsonl        ad texts that imply sensitive or personal knowledge

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage error or a
bundle that could not be read.";

/// Find conversion-tracking SDKs in Android and iOS app bundles and check them against X's policy
/// for conversion tracking and custom audiences.
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
        /// Bundles: Android APK, AAB, .apks, .xapk or a directory of split APKs; iOS .ipa, .app,
        /// .xcarchive, .framework, .xcframework, static library or Mach-O; a bare
        /// AndroidManifest.xml or .dex; or directories to search for bundles (by content).
        #[arg(required = true, value_name = "BUNDLE|DIR")]
        bundles: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Bundles linted in parallel (default: all cores).
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
        /// Print nothing but errors: the exit code tells the outcome.
        #[arg(long, short)]
        quiet: bool,
        /// List each file below a directory that was passed over (not a bundle), with why;
        /// without it, only their count is printed.
        #[arg(long, short, conflicts_with = "quiet")]
        verbose: bool,
        /// Colors in the text report: `auto` (on a terminal, unless NO_COLOR is set).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Write the report to FILE instead of standard output; or, as FORMAT=PATH (repeatable),
        /// also write that format to PATH: `--output sarif=sdklint.sarif --output html=report.html`
        /// analyses once, writes both, and prints the `--format` report on standard output.
        #[arg(short, long, value_name = "FILE|FORMAT=PATH")]
        output: Vec<String>,
        /// Lowest severity that makes the exit code 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        #[command(flatten)]
        limits: LimitArgs,
        /// Add in-house SDK definitions: a `.toml` file in the `sdks/` format, or a directory of them.
        #[arg(long, value_name = "FILE|DIR")]
        sdk_db: Vec<PathBuf>,
        /// Also match the trackers of FILE, a list in Exodus Privacy's JSON format
        /// (`{"trackers": {"<id>": {…}}}`); they are reported as `exodus:<id>` SDKs.
        #[arg(long, value_name = "FILE")]
        exodus_trackers: Option<PathBuf>,
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
        /// Add in-house SDK definitions: a `.toml` file in the `sdks/` format, or a directory of them.
        #[arg(long, value_name = "FILE|DIR")]
        sdk_db: Vec<PathBuf>,
        /// Also match the trackers of FILE, a list in Exodus Privacy's JSON format
        /// (`{"trackers": {"<id>": {…}}}`); they are reported as `exodus:<id>` SDKs.
        #[arg(long, value_name = "FILE")]
        exodus_trackers: Option<PathBuf>,
    },
    /// The SDKs one bundle embeds, with evidence; `--format cyclonedx` writes a CycloneDX 1.5 SBOM.
    Inventory {
        #[arg(value_name = "BUNDLE")]
        bundle: PathBuf,
        #[arg(long, value_enum, default_value_t = InventoryFormat::Text)]
        format: InventoryFormat,
        #[command(flatten)]
        limits: LimitArgs,
        /// Add in-house SDK definitions: a `.toml` file in the `sdks/` format, or a directory of them.
        #[arg(long, value_name = "FILE|DIR")]
        sdk_db: Vec<PathBuf>,
        /// Also match the trackers of FILE, a list in Exodus Privacy's JSON format
        /// (`{"trackers": {"<id>": {…}}}`); they are reported as `exodus:<id>` SDKs.
        #[arg(long, value_name = "FILE")]
        exodus_trackers: Option<PathBuf>,
    },
    /// List the SDK database (built in, plus `--sdk-db` files).
    Sdks {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Add in-house SDK definitions: a `.toml` file in the `sdks/` format, or a directory of them.
        #[arg(long, value_name = "FILE|DIR")]
        sdk_db: Vec<PathBuf>,
    },
    /// Print everything sdklint read from one bundle (manifest, classes, strings, Info.plist,
    /// privacy manifests, entitlements, signing, errors).
    Facts {
        #[arg(value_name = "BUNDLE")]
        bundle: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print one section of the text output only: permissions, meta-data, components,
        /// classes, string-resources, call-sites, strings, bundles, privacy-manifests,
        /// entitlements, frameworks, signing, …
        #[arg(long, value_name = "NAME")]
        section: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
        /// Add in-house SDK definitions: a `.toml` file in the `sdks/` format, or a directory of them.
        #[arg(long, value_name = "FILE|DIR")]
        sdk_db: Vec<PathBuf>,
    },
    /// What changed between two builds: SDKs, findings, declarations. Exit code by `--fail-on`
    /// on the new findings only.
    Diff {
        #[arg(value_name = "OLD")]
        old: PathBuf,
        #[arg(value_name = "NEW")]
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Lowest severity of a new finding that makes the exit code 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        #[command(flatten)]
        config: ConfigArgs,
        #[command(flatten)]
        limits: LimitArgs,
        /// Add in-house SDK definitions: a `.toml` file in the `sdks/` format, or a directory of them.
        #[arg(long, value_name = "FILE|DIR")]
        sdk_db: Vec<PathBuf>,
        /// Also match the trackers of FILE, a list in Exodus Privacy's JSON format
        /// (`{"trackers": {"<id>": {…}}}`); they are reported as `exodus:<id>` SDKs.
        #[arg(long, value_name = "FILE")]
        exodus_trackers: Option<PathBuf>,
    },
    /// Check ad texts for what they imply about the reader (SL701, SL702): plain text (one ad
    /// per paragraph), CSV with a header row, or JSON Lines.
    Copy {
        /// Ad files: `.txt`, `.csv`, `.jsonl` / `.ndjson` (or any name with --input-format).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Read every file as this format instead of going by its extension.
        #[arg(long, value_enum, value_name = "FORMAT")]
        input_format: Option<CopyInput>,
        #[arg(long, value_enum, default_value_t = CopyFormat::Text)]
        format: CopyFormat,
        /// Print nothing but errors: the exit code tells the outcome.
        #[arg(long, short)]
        quiet: bool,
        /// Write the report to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Lowest severity that makes the exit code 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        #[command(flatten)]
        config: ConfigArgs,
        /// In-house SDK definitions the configuration's `[[ignore]] sdk` entries may name (the
        /// same `sdklint.toml` serves `check`).
        #[arg(long, value_name = "FILE|DIR")]
        sdk_db: Vec<PathBuf>,
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
    /// Most bytes of inflated entries held in memory at once for one bundle.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_MEMORY)]
    max_memory: u64,
    /// Most bytes an entry above 16 MiB may declare per compressed byte (zip bomb guard).
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_INFLATE_RATIO)]
    max_inflate_ratio: u64,
}

impl LimitArgs {
    fn options(&self) -> Options {
        Options {
            limits: Limits {
                max_entries: self.max_entries,
                max_entry_bytes: self.max_entry_bytes,
                max_total_bytes: self.max_total_bytes,
                max_memory: self.max_memory,
                max_inflate_ratio: self.max_inflate_ratio,
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
    /// The configuration to use, validated against `db`; a broken file is a usage error (exit
    /// 2). Warns on stderr about every expired suppression.
    fn load(&self, db: &SdkDb) -> Result<Config, ExitCode> {
        let path = match &self.config {
            Some(path) => Some(path.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| Config::discover(&dir)),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let config = Config::load_with(&path, db).map_err(|err| {
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
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    /// JSON Lines: one object per bundle, for pipelines.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// Markdown, for pull-request comments and CI step summaries.
    Markdown,
    /// One self-contained HTML page for reviewers (use with -o report.html).
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum CopyFormat {
    Text,
    Json,
    /// SARIF 2.1.0, with the ad's line as the region.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// Markdown, for pull-request comments and CI step summaries.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum CopyInput {
    /// One ad per paragraph (blank-line separated).
    Text,
    /// A header row naming id, headline, body, cta columns.
    Csv,
    /// One JSON object per line with id, headline, body, cta keys.
    Jsonl,
}

impl CopyInput {
    fn format(self) -> sdklint::copy::InputFormat {
        match self {
            CopyInput::Text => sdklint::copy::InputFormat::Text,
            CopyInput::Csv => sdklint::copy::InputFormat::Csv,
            CopyInput::Jsonl => sdklint::copy::InputFormat::Jsonl,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum InventoryFormat {
    Text,
    Json,
    Cyclonedx,
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

/// The built-in SDK database, plus the `--sdk-db` files if any; on error, the exit code.
/// The options a command that lints bundles runs with: the SDK database (`--sdk-db`), the
/// configuration validated against it (`--config` or the discovered `sdklint.toml`) and the limits.
fn load_options(
    sdk_db: &[PathBuf],
    config: &ConfigArgs,
    limits: &LimitArgs,
    exodus_trackers: Option<&Path>,
) -> Result<Options, ExitCode> {
    let db = load_db(sdk_db)?;
    let config = config.load(&db)?;
    Ok(Options {
        config,
        sdk_db: Some(db),
        exodus: load_exodus(exodus_trackers)?,
        ..limits.options()
    })
}

/// The `--exodus-trackers` list, if given; signature parts it cannot use are warnings.
fn load_exodus(path: Option<&Path>) -> Result<Option<Arc<ExodusList>>, ExitCode> {
    let Some(path) = path else { return Ok(None) };
    match ExodusList::load(path) {
        Ok(list) => {
            for s in &list.skipped {
                eprintln!(
                    "warning: {}: tracker {}: signature {:?} skipped: {}",
                    list.source, s.tracker, s.signature, s.reason
                );
            }
            Ok(Some(Arc::new(list)))
        }
        Err(err) => {
            eprintln!("error: {err}");
            Err(ExitCode::from(EXIT_TROUBLE))
        }
    }
}

fn load_db(paths: &[PathBuf]) -> Result<Arc<SdkDb>, ExitCode> {
    if paths.is_empty() {
        return Ok(Arc::new(SdkDb::builtin().clone()));
    }
    with_user_files(paths).map(Arc::new).map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(EXIT_TROUBLE)
    })
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

/// `--output` values sorted out: the plain FILE for `--format`, and the FORMAT=PATH pairs.
type Outputs = (Option<PathBuf>, Vec<(CheckFormat, PathBuf)>);

/// Split the `--output` values into the one plain FILE (for `--format`) and the FORMAT=PATH
/// pairs; a usage error (exit 2) names the value it cannot use.
fn parse_outputs(values: &[String]) -> Result<Outputs, ExitCode> {
    let mut plain = None;
    let mut extra = Vec::new();
    for value in values {
        let pair = value.split_once('=').and_then(|(format, path)| {
            CheckFormat::from_str(format, true)
                .ok()
                .map(|format| (format, path))
        });
        match pair {
            Some((_, "")) => {
                eprintln!("error: --output {value}: no path after `=`");
                return Err(ExitCode::from(EXIT_TROUBLE));
            }
            Some((format, path)) => extra.push((format, PathBuf::from(path))),
            None if plain.is_none() => plain = Some(PathBuf::from(value)),
            None => {
                eprintln!(
                    "error: --output {value}: only one plain FILE (for --format); use FORMAT=PATH \
                     (e.g. sarif=sdklint.sarif) for more reports"
                );
                return Err(ExitCode::from(EXIT_TROUBLE));
            }
        }
    }
    Ok((plain, extra))
}

/// Say on stderr what discovery passed over: each file with `--verbose`, else their count, so a
/// directory of the wrong kind of files does not look like a clean run.
fn report_skipped(skipped: &[batch::Skipped], run: &CheckRun) {
    if run.quiet || skipped.is_empty() {
        return;
    }
    if run.verbose {
        for file in skipped {
            eprintln!("skipped {}: {}", file.path.display(), file.reason);
        }
    } else {
        let what = if skipped.len() == 1 {
            "file that is not a bundle"
        } else {
            "files that are not bundles"
        };
        eprintln!(
            "note: skipped {} {what} (--verbose lists them)",
            skipped.len()
        );
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
    let done = |path: &std::path::Path| {
        if let Some(bar) = &progress {
            bar.set_message(path.display().to_string());
            bar.inc(1);
        }
    };
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
        CopyFormat::Sarif => ad_copy::sarif(&reports),
        CopyFormat::Junit => ad_copy::junit(&reports, &unread, run.fail_on.threshold()),
        CopyFormat::Markdown => ad_copy::markdown(&reports),
    };
    let printed = match (&run.output, run.quiet) {
        (Some(file), _) => write_file(file, &out),
        (None, true) => ExitCode::SUCCESS,
        (None, false) => emit(&out),
    };
    let partly_read = reports.iter().any(|r| !r.errors.is_empty());
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    // A record that could not be read makes the run as untrustworthy as a file that could not.
    let trouble = unreadable.len() + usize::from(partly_read);
    let findings = reports.iter().flat_map(|r| &r.findings).map(|f| &f.finding);
    ExitCode::from(batch::exit_code(findings, trouble, run.fail_on.threshold()))
}

/// The unreadable inputs as the reporters take them.
fn unreadable(analysis: &Batch) -> Vec<report::Unreadable<'_>> {
    analysis
        .unreadable
        .iter()
        .map(|u| report::Unreadable {
            path: &u.path,
            message: &u.message,
        })
        .collect()
}

/// The report in `format` (colored text only for standard output); on a rendering failure, the
/// message is printed and the exit code returned.
fn render(
    analysis: &Batch,
    format: CheckFormat,
    stdout: bool,
    run: &CheckRun,
    options: &Options,
) -> Result<String, ExitCode> {
    let reports = &analysis.reports;
    Ok(match format {
        // Streamed by `write_report`; rendered whole only if a caller asks for the text.
        CheckFormat::Json | CheckFormat::Jsonl => {
            let mut out = Vec::new();
            write_json(analysis, format == CheckFormat::Jsonl, &mut out)
                .expect("writing to a Vec cannot fail");
            String::from_utf8(out).expect("serde_json writes UTF-8")
        }
        CheckFormat::Sarif => {
            let options = report::sarif::SarifOptions {
                srcroot: std::env::current_dir().ok(),
                baseline: run.batch.baseline.is_some(),
            };
            report::sarif::render(reports, &unreadable(analysis), &options)
        }
        CheckFormat::Markdown => report::markdown::render(reports),
        CheckFormat::Html => report::html::render(reports, &unreadable(analysis), options.sdk_db())
            .map_err(|err| {
                eprintln!("error: cannot render the HTML report: {err}");
                ExitCode::from(EXIT_TROUBLE)
            })?,
        CheckFormat::Junit => {
            report::junit::render(reports, &unreadable(analysis), run.fail_on.threshold())
        }
        CheckFormat::Text => {
            use std::io::IsTerminal;
            let width = (stdout && std::io::stdout().is_terminal()).then(textwrap::termwidth);
            let mut text = reports
                .iter()
                .map(|r| report::text::render_styled(r, run.color && stdout, width))
                .collect::<Vec<_>>()
                .join("\n");
            if analysis.order.len() > 1 {
                text.push('\n');
                text.push_str(&report::text::render_totals(
                    reports,
                    analysis.unreadable.len(),
                ));
            }
            text
        }
    })
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

/// The JSON document, or one JSON line per input in the order given, written to `out`.
fn write_json(analysis: &Batch, jsonl: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if !jsonl {
        return report::json::write(&analysis.reports, out);
    }
    for entry in &analysis.order {
        let line = match entry {
            Ok(i) => report::json::render_line(&analysis.reports[*i]),
            Err(i) => {
                let entry = &analysis.unreadable[*i];
                report::json::render_error_line(&entry.path, &entry.message)
            }
        };
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Writes the report in `format` to `file`, or to stdout (colored text where it is a terminal).
/// JSON and JSON Lines are streamed ([`stream_json`]); the other formats are rendered whole.
fn write_report(
    analysis: &Batch,
    format: CheckFormat,
    file: Option<&std::path::Path>,
    run: &CheckRun,
    options: &Options,
) -> ExitCode {
    if matches!(format, CheckFormat::Json | CheckFormat::Jsonl) {
        return stream_json(analysis, format == CheckFormat::Jsonl, file);
    }
    match (render(analysis, format, file.is_none(), run, options), file) {
        (Err(code), _) => code,
        (Ok(out), Some(file)) => write_file(file, &out),
        (Ok(out), None) => emit(&out),
    }
}

/// The JSON or JSON Lines report written as it is serialized, to `file` or stdout: never held in
/// memory whole (for an app with 100,000 events it is tens of megabytes, for a batch of a
/// thousand bundles more).
fn stream_json(analysis: &Batch, jsonl: bool, file: Option<&std::path::Path>) -> ExitCode {
    let write = |out: &mut dyn Write| write_json(analysis, jsonl, out);
    let result = match file {
        Some(file) => std::fs::File::create(file).and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            write(&mut out)?;
            out.flush()
        }),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out).and_then(|()| out.flush())
        }
    };
    match (result, file) {
        (Ok(()), _) => ExitCode::SUCCESS,
        (Err(err), None) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Err(err), None) => {
            eprintln!("error: cannot write the report: {err}");
            ExitCode::from(EXIT_TROUBLE)
        }
        (Err(err), Some(file)) => {
            eprintln!("error: cannot write {}: {err}", file.display());
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

fn write_file(file: &std::path::Path, text: &str) -> ExitCode {
    match std::fs::write(file, text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", file.display());
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

fn facts(
    path: &std::path::Path,
    format: Format,
    section: Option<&str>,
    options: &Options,
) -> ExitCode {
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
