//! The command line's arguments: the clap definitions of every command, and their translation
//! into the library's [`Options`] (database, configuration, limits), printing any error or
//! warning that translation meets.
//!
//! A module of the binary, not the library: clap and the wording of options are the command
//! line's business, and a library caller builds [`Options`] itself. Everything that decides
//! something (discovery, linting, baseline marking, the exit policy, rendering) is in the
//! library; see `sdklint::batch` and `sdklint::report::check`.

pub mod output;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use sdklint::Options;
use sdklint::batch::EXIT_TROUBLE;
use sdklint::bundle::Limits;
use sdklint::config::{Config, Date};
use sdklint::inventory::SdkDb;
use sdklint::inventory::exodus::ExodusList;
use sdklint::inventory::user::with_user_files;
use sdklint::report::check;
use sdklint::rules::Severity;

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
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
pub(crate) struct LimitArgs {
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
    pub(crate) fn options(&self) -> Options {
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
pub(crate) struct ConfigArgs {
    /// Read this configuration file instead of looking for sdklint.toml from the working
    /// directory up to the repository root.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

impl ConfigArgs {
    /// The configuration to use, validated against `db`; a broken file is a usage error (exit
    /// 2). Warns on stderr about every expired suppression.
    pub(crate) fn load(&self, db: &SdkDb) -> Result<Config, ExitCode> {
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
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub(crate) fn enabled(self) -> bool {
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
pub(crate) enum CheckFormat {
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
pub(crate) enum CopyFormat {
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
pub(crate) enum CopyInput {
    /// One ad per paragraph (blank-line separated).
    Text,
    /// A header row naming id, headline, body, cta columns.
    Csv,
    /// One JSON object per line with id, headline, body, cta keys.
    Jsonl,
}

impl CopyInput {
    pub(crate) fn format(self) -> sdklint::copy::InputFormat {
        match self {
            CopyInput::Text => sdklint::copy::InputFormat::Text,
            CopyInput::Csv => sdklint::copy::InputFormat::Csv,
            CopyInput::Jsonl => sdklint::copy::InputFormat::Jsonl,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiffFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum InventoryFormat {
    Text,
    Json,
    Cyclonedx,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub(crate) fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// The options a command that lints bundles runs with: the SDK database (`--sdk-db`), the
/// configuration validated against it (`--config` or the discovered `sdklint.toml`) and the limits.
pub(crate) fn load_options(
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
pub(crate) fn load_exodus(path: Option<&Path>) -> Result<Option<Arc<ExodusList>>, ExitCode> {
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

/// The built-in SDK database, plus the `--sdk-db` files if any; on error, the exit code.
pub(crate) fn load_db(paths: &[PathBuf]) -> Result<Arc<SdkDb>, ExitCode> {
    if paths.is_empty() {
        return Ok(Arc::new(SdkDb::builtin().clone()));
    }
    with_user_files(paths).map(Arc::new).map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(EXIT_TROUBLE)
    })
}

/// `--output` values sorted out: the plain FILE for `--format`, and the FORMAT=PATH pairs.
pub(crate) type Outputs = (Option<PathBuf>, Vec<(CheckFormat, PathBuf)>);

/// Split the `--output` values into the one plain FILE (for `--format`) and the FORMAT=PATH
/// pairs; a usage error (exit 2) names the value it cannot use.
pub(crate) fn parse_outputs(values: &[String]) -> Result<Outputs, ExitCode> {
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

impl CheckFormat {
    /// The library's name for the format.
    pub(crate) fn lib(self) -> check::CheckFormat {
        match self {
            CheckFormat::Text => check::CheckFormat::Text,
            CheckFormat::Json => check::CheckFormat::Json,
            CheckFormat::Jsonl => check::CheckFormat::Jsonl,
            CheckFormat::Sarif => check::CheckFormat::Sarif,
            CheckFormat::Junit => check::CheckFormat::Junit,
            CheckFormat::Markdown => check::CheckFormat::Markdown,
            CheckFormat::Html => check::CheckFormat::Html,
        }
    }
}
