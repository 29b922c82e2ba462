//! `sdklint.toml`: the project's settings for the rules.
//!
//! ```toml
//! markets = ["US"]                 # ISO 3166-1 alpha-2 codes (plus "EU"); ["US"] alone = US-only data
//!                                  # (SL301: opt-in consent or notice + opt-out, by market)
//! political_certified = false      # the advertiser is certified for political ads (SL601 exception)
//! x_conversion_tracking = true      # the app's conversions reach X (default: judged by the SDKs)
//! disable = ["SL205"]              # rules that do not run (code or name)
//! baseline = "sdklint-baseline.json"   # relative to this file; `--baseline` overrides it
//!
//! [severity]                       # per-rule severity: "error", "warning", "info" or "off"
//! SL103 = "error"
//! conversion-tracking-sdk = "off"
//!
//! [[ignore]]                       # a suppression: every given key must match the finding
//! rule = "SL302"                   # code or name (required)
//! sdk = "facebook-app-events"      # only this SDK: a finding naming others too stays (optional)
//! bundle = "**/*-debug.apk"        # a glob over the bundle path (optional)
//! reason = "consent is collected by the host app before the SDK starts"   # required
//! expires = 2027-01-31             # a TOML date (optional); from that day on it stops suppressing
//! ```
//!
//! **Discovery.** Without `--config FILE`, sdklint looks for `sdklint.toml` in the working directory,
//! then in each parent, and stops after the first directory that holds a `.git` entry (the
//! repository root; a file for worktrees and submodules) or at the filesystem root. A configuration
//! above the repository (say in `$HOME`) never changes what CI sees.
//!
//! **Validation.** Unknown keys and bad values are errors naming the file, the line and column, and
//! the key: `sdklint.toml:4:9: severity.SL103: "fatal" is not a severity (error, warning, info, off)`.
//! Rule codes and names are checked against the rule registry and SDK ids against the built-in SDK
//! database, so a typo can never silently stop a suppression from matching (or make one match
//! nothing).
//!
//! **Expiry.** An `[[ignore]]` entry whose `expires` date is today or earlier (UTC) no longer
//! suppresses. The CLI prints one `warning:` line per expired entry on stderr when it loads the
//! file, and each finding it would have suppressed carries the entry with `"expired": true` (JSON
//! `suppression`; a `note:` line in the text report), so the reason stays visible where it matters.
//!
//! **Bundle globs** (globset syntax) match the bundle path as given on the command line, with a
//! leading `./` removed; `*` does not cross `/`, `**` does. A glob without a `/` matches the file name
//! alone, as in `.gitignore`: `*-debug.apk` matches `build/app-debug.apk`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::inventory::SdkDb;
use crate::registry::{self, Severity};

/// The file name [`Config::discover`] looks for.
pub const FILE_NAME: &str = "sdklint.toml";

/// Settings for one run. `Config::default()` is what runs without a file: every rule at its
/// default severity, nothing suppressed, markets unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file this configuration came from, if any.
    pub source: Option<PathBuf>,
    /// Markets the app's data comes from (ISO 3166-1 alpha-2, plus `EU`), in file order.
    /// Empty: unknown, so no market exception applies.
    pub markets: Vec<String>,
    /// The advertiser is certified to run political ads.
    pub political_certified: bool,
    /// Whether the app's conversions reach X (`x_conversion_tracking`); `None`: judge by the SDKs
    /// embedded (see `rules::x_policy`).
    pub x_conversion_tracking: Option<bool>,
    /// Per-rule severity overrides by rule code; `None` is `"off"`.
    pub severity: BTreeMap<&'static str, Option<Severity>>,
    /// Codes of the rules listed in `disable`.
    pub disabled: BTreeSet<&'static str>,
    /// `[[ignore]]` entries, in file order.
    pub ignore: Vec<Suppression>,
    /// The baseline file named by the `baseline` key, resolved against the config file's directory.
    pub baseline: Option<PathBuf>,
}

/// One `[[ignore]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rule code (a name in the file is resolved to its code).
    pub rule: &'static str,
    pub sdk: Option<String>,
    pub bundle: Option<Glob>,
    pub reason: String,
    pub expires: Option<Date>,
    /// Where the entry is: `sdklint.toml:12`.
    pub origin: String,
}

impl Suppression {
    /// The entry stops suppressing on its `expires` day.
    pub fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|d| d <= today)
    }

    /// Whether the entry's `bundle` glob (if any) matches `path`, as the module doc describes.
    pub fn matches_bundle(&self, path: &str) -> bool {
        let Some(glob) = &self.bundle else {
            return true;
        };
        let path = path.strip_prefix("./").unwrap_or(path);
        let candidate = if glob.glob().contains('/') {
            path
        } else {
            path.rsplit(['/', '\\']).next().unwrap_or(path)
        };
        glob.compile_matcher().is_match(candidate)
    }
}

/// A calendar date (proleptic Gregorian, UTC), as TOML writes it: `2027-01-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(0, i64::from(u16::MAX)) as u16,
            month,
            day,
        }
    }
}

/// As the TOML file writes it: `"2027-01-31"`.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Bad TOML, an unknown key, a value of the wrong type or a missing required key.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A well-typed value that means nothing: an unknown rule, SDK or market, a bad glob or date.
    #[error("{file}:{line}:{column}: {key}: {message}")]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        key: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    markets: Vec<Spanned<String>>,
    #[serde(default)]
    political_certified: bool,
    x_conversion_tracking: Option<bool>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<RawIgnore>>,
    baseline: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    rule: Spanned<String>,
    sdk: Option<Spanned<String>>,
    bundle: Option<Spanned<String>>,
    reason: Spanned<String>,
    expires: Option<Spanned<toml::value::Datetime>>,
}

impl Config {
    /// Find `sdklint.toml` from `start` upward, as the module doc describes.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            if dir.join(".git").exists() {
                return None;
            }
        }
        None
    }

    /// Read and validate a configuration file against the built-in SDK database.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::load_with(path, SdkDb::builtin())
    }

    /// Read and validate a configuration file; `[[ignore]] sdk` must name an SDK of `db` (the
    /// database in use, `--sdk-db` files included).
    pub fn load_with(path: &Path, db: &SdkDb) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::parse_with(&path.display().to_string(), &text, db)?;
        if let Some(baseline) = &config.baseline {
            let dir = path.parent().unwrap_or(Path::new(""));
            config.baseline = Some(dir.join(baseline));
        }
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parse configuration text against the built-in SDK database; `file` names it in errors. A
    /// `baseline` stays as written.
    pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
        Config::parse_with(file, text, SdkDb::builtin())
    }

    /// Parse configuration text; `[[ignore]] sdk` must name an SDK of `db`.
    pub fn parse_with(file: &str, text: &str, db: &SdkDb) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = line_col(text, e.span().map_or(0, |s| s.start));
            ConfigError::Syntax {
                file: file.to_string(),
                line,
                column,
                message: e.message().trim_end().to_string(),
            }
        })?;
        let invalid = |span: std::ops::Range<usize>, key: String, message: String| {
            let (line, column) = line_col(text, span.start);
            ConfigError::Invalid {
                file: file.to_string(),
                line,
                column,
                key,
                message,
            }
        };
        let rule = |value: &Spanned<String>, key: String| {
            registry::find(value.get_ref())
                .map(|r| r.code)
                .ok_or_else(|| {
                    invalid(
                        value.span(),
                        key,
                        format!(
                            "{:?} is not a rule code or name (see `sdklint rules`)",
                            value.get_ref()
                        ),
                    )
                })
        };

        let mut config = Config {
            political_certified: raw.political_certified,
            x_conversion_tracking: raw.x_conversion_tracking,
            ..Config::default()
        };
        for (i, market) in raw.markets.iter().enumerate() {
            let code = market.get_ref();
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(invalid(
                    market.span(),
                    format!("markets[{i}]"),
                    format!("{code:?} is not an ISO 3166-1 alpha-2 code such as \"US\" or \"EU\""),
                ));
            }
            if !config.markets.contains(code) {
                config.markets.push(code.clone());
            }
        }
        for (key, level) in &raw.severity {
            let name = format!("severity.{}", key.get_ref());
            let code = rule(key, name.clone())?;
            let severity = match level.get_ref().as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                "off" => None,
                other => {
                    return Err(invalid(
                        level.span(),
                        name,
                        format!("{other:?} is not a severity (error, warning, info, off)"),
                    ));
                }
            };
            config.severity.insert(code, severity);
        }
        for (i, entry) in raw.disable.iter().enumerate() {
            config
                .disabled
                .insert(rule(entry, format!("disable[{i}]"))?);
        }
        for (i, entry) in raw.ignore.iter().enumerate() {
            let span = entry.span();
            let entry = entry.get_ref();
            let key = |field: &str| format!("ignore[{i}].{field}");
            let code = rule(&entry.rule, key("rule"))?;
            let sdk = match &entry.sdk {
                Some(sdk) if db.get(sdk.get_ref()).is_none() => {
                    return Err(invalid(
                        sdk.span(),
                        key("sdk"),
                        format!("{:?} is not an SDK id (see sdks/)", sdk.get_ref()),
                    ));
                }
                Some(sdk) => Some(sdk.get_ref().clone()),
                None => None,
            };
            let bundle = match &entry.bundle {
                Some(glob) => Some(
                    GlobBuilder::new(glob.get_ref())
                        .literal_separator(true)
                        .build()
                        .map_err(|e| {
                            invalid(
                                glob.span(),
                                key("bundle"),
                                format!("bad glob: {}", e.kind()),
                            )
                        })?,
                ),
                None => None,
            };
            let reason = entry.reason.get_ref().trim();
            if reason.is_empty() {
                return Err(invalid(
                    entry.reason.span(),
                    key("reason"),
                    "is empty: say why the finding does not apply".to_string(),
                ));
            }
            let expires = match &entry.expires {
                Some(value) => match value.get_ref() {
                    toml::value::Datetime {
                        date: Some(d),
                        time: None,
                        offset: None,
                    } => Some(Date {
                        year: d.year,
                        month: d.month,
                        day: d.day,
                    }),
                    other => {
                        return Err(invalid(
                            value.span(),
                            key("expires"),
                            format!("{other} is not a date: write a bare date such as 2027-01-31"),
                        ));
                    }
                },
                None => None,
            };
            let (line, _) = line_col(text, span.start);
            config.ignore.push(Suppression {
                rule: code,
                sdk,
                bundle,
                reason: reason.to_string(),
                expires,
                origin: format!("{file}:{line}"),
            });
        }
        config.baseline = raw.baseline.map(|b| PathBuf::from(b.into_inner()));
        Ok(config)
    }

    /// The severity a rule's findings get: the override if any, else `default`; `None` when the
    /// rule is disabled (`disable` or `"off"`).
    pub fn severity_of(&self, code: &str, default: Severity) -> Option<Severity> {
        if self.disabled.contains(code) {
            return None;
        }
        match self.severity.get(code) {
            Some(level) => *level,
            None => Some(default),
        }
    }

    /// The app's data comes from the US alone (`markets = ["US"]`).
    pub fn us_only(&self) -> bool {
        self.markets == ["US"]
    }

    /// `[[ignore]]` entries that have expired by `today`.
    pub fn expired(&self, today: Date) -> impl Iterator<Item = &Suppression> {
        self.ignore.iter().filter(move |s| s.is_expired(today))
    }
}

/// 1-based line and column (in chars) of a byte offset; an offset off a char boundary or past the
/// end counts as the end of the text.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(19_782).to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_484).to_string(),
            "2026-01-31"
        );
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("a\nbé = 1", 5), (2, 3));
        assert_eq!(line_col("ab", 99), (1, 3));
    }
}
