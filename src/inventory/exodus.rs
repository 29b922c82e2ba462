//! Exodus interop: a tracker list in the JSON shape of Exodus Privacy's public trackers API
//! (`GET https://reports.exodus-privacy.eu.org/api/trackers`, documented in the `exodus`
//! repository's `doc/api.md`), supplied by the user with `--exodus-trackers FILE`, matched against
//! a bundle's [`Facts`] and reported as SDKs with id `exodus:<id>`.
//!
//! ```json
//! {"trackers": {"69": {"name": "Facebook Places", "code_signature": "com.facebook.places",
//!   "network_signature": "\\.facebook\\.com", "website": "https://…", "categories": ["Analytics"]}}}
//! ```
//! Other fields (`creation_date`, `description`, `id`) are ignored. Nothing of Exodus's own list
//! is part of sdklint: the user brings the file.
//!
//! # How matching differs from Exodus's
//! Exodus (`exodus_core.analysis.static_analysis`) compiles every `code_signature` as a Python
//! regular expression and *searches* it, unanchored, in class names written with slashes
//! (`com/facebook/places/Place`); an unescaped `.` there matches any character. So `com.dv`
//! matches `com/dvd/…` and `xcom/dv…`. sdklint matches more exactly:
//! - A **plain** code signature — alternatives separated by `|`, each only letters, digits, `_`
//!   and `.` (or `\.`) — is a list of packages, anchored like the SDK database's `class_prefixes`:
//!   `com.dv` matches the class `com.dv` and every class whose name continues with `.` or `$`
//!   (`com.dv.Ad`, `com.dv$1`), never `com.dvd.X` nor `org.com.dv.X`; `com.dv.` (a trailing dot)
//!   matches the classes inside the package only. An alternative of one segment (`com`, `ads.`)
//!   would match whole ecosystems: it is skipped, with a warning (Exodus itself skips signatures
//!   of three characters or fewer).
//! - Any other code signature is a **regular expression** (the `regex` crate's syntax, which for
//!   the signatures Exodus publishes is Python's): it is anchored at the start of the class name
//!   (`^(?:…)`) and matched against dotted names (`com.dv.Ad`), where `\.` is a package separator.
//! - A **network signature** names hosts. A plain one (alternatives of host names, dots written
//!   `.` or `\.`) matches a host equal to the name or a subdomain of it, case-insensitively:
//!   `example.com` matches `api.example.com`, never `notexample.com` nor `example.com.evil.net`;
//!   a leading dot (`\.example\.com`) matches subdomains only. Any other network signature is a
//!   regular expression anchored at the host's end (`(?:…)$`, case-insensitive) whose match must
//!   start at a label. Hosts are the host-shaped words (`[A-Za-z0-9._-]` with a dot) of the
//!   bundle's string constants and string resources. A network match is a mention
//!   ([`Confidence::String`]): never "embedded", never the basis of a finding.
//!
//! # Confidence, merging with sdklint's own SDKs
//! A tracker whose code signature covers a class defined in the bundle is `defined`, one that
//! covers only referenced classes is `referenced`, one seen only by its network signature is
//! `string` (listed with the mentions). A tracker whose id is an embedded SDK's `exodus_id` in the
//! database is that SDK. Otherwise, when every class a tracker covers belongs to one SDK of
//! sdklint's database (by that SDK's class signatures), the tracker *is* that SDK: it is not
//! reported on its own, and the SDK's hit lists `exodus:<id>` in [`SdkHit::same_as`] — sdklint's
//! entry wins because it carries the version, the APIs and the rules. A tracker that covers
//! classes of no SDK, or of several, is reported on its own.
//!
//! Ownership (`extract::ownership`) reads the list too ([`ExodusList::class_owners`]): a class
//! no database SDK owns but a tracker covers is that tracker's code, under the id the tracker is
//! reported with, so app-level rules do not take its strings or call sites for the app's.
//!
//! Exodus trackers have no sdklint categories (Exodus's taxonomy — Advertisement, Analytics,
//! Identification, Location, Profiling, Crash reporting — is kept as given in
//! [`SdkHit::exodus_categories`]) and are not conversion tracking, so no rule fires for them:
//! the rules speak for the SDKs whose APIs and policies sdklint's database describes.
//!
//! # Limits
//! A file of at most [`MAX_FILE_BYTES`] with at most [`MAX_TRACKERS`] trackers; every regular
//! expression is compiled with a [`REGEX_SIZE_LIMIT`]. Bad JSON, a bad tracker id or a regular
//! expression that does not compile is an error naming the file and the tracker.
//!
//! # Cost
//! Plain code signatures: two binary searches per package in the sorted class table (as the SDK
//! matcher). Regular expressions: one [`RegexSet`] pass over the class names (only when some
//! signature is one). Network: each string is split into host words once; each word is looked
//! up by its label suffixes in a hash map, and run through one [`RegexSet`] if any.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use super::hit::{MAX_EVIDENCE, SdkHit};
use super::{Confidence, Inventory, SdkDb};
use crate::facts::{ClassFact, Facts, Location};

/// Largest tracker file read (Exodus's list of ~450 trackers is about 200 KB).
pub const MAX_FILE_BYTES: u64 = 8 << 20;
/// Most trackers one file may list.
pub const MAX_TRACKERS: usize = 10_000;
/// Compiled size limit of each regular expression (the `regex` crate's `size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Longest host word considered (a DNS name has at most 253 characters).
const MAX_HOST: usize = 253;
/// The id prefix of Exodus trackers in reports.
pub use crate::facts::ownership::EXODUS_ID_PREFIX as ID_PREFIX;

#[derive(Debug, thiserror::Error)]
pub enum ExodusError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: larger than {max} bytes, too large for a tracker list", max = MAX_FILE_BYTES)]
    TooLarge { path: PathBuf },
    #[error(
        "{path}: not an Exodus tracker list ({{\"trackers\": {{\"<id>\": {{…}}}}}}): {message}"
    )]
    Json { path: PathBuf, message: String },
    #[error("{path}: more than {max} trackers", max = MAX_TRACKERS)]
    TooMany { path: PathBuf },
    #[error("{path}: tracker {id}: {message}")]
    Tracker {
        path: PathBuf,
        id: String,
        message: String,
    },
}

/// One tracker of the list, as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracker {
    /// The key in `trackers` (`"69"`); reports show `exodus:69`.
    pub id: String,
    pub name: String,
    pub website: Option<String>,
    /// Exodus's categories, as given.
    pub categories: Vec<String>,
    pub code_signature: String,
    pub network_signature: String,
}

/// A signature part that was not used, and why (the CLI prints these as warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub tracker: String,
    pub signature: String,
    pub reason: &'static str,
}

/// A loaded tracker list, its signatures compiled.
#[derive(Debug)]
pub struct ExodusList {
    /// Where it was read from (for messages).
    pub source: String,
    /// Sorted by id.
    pub trackers: Vec<Tracker>,
    /// Plain code packages: `(package, inside_only, tracker index)`.
    packages: Vec<(String, bool, usize)>,
    /// Regex code signatures, one per tracker that has one, parallel to `code_regex_owner`.
    code_regex: Option<RegexSet>,
    code_regex_owner: Vec<usize>,
    /// Plain hosts, lowercase: host → `(tracker index, subdomains only)`.
    hosts: HashMap<String, Vec<(usize, bool)>>,
    /// Regex network signatures: the set, each one alone (to find where it matched), owners.
    net_regex: Option<RegexSet>,
    net_regexes: Vec<Regex>,
    net_regex_owner: Vec<usize>,
    /// Signature parts not used.
    pub skipped: Vec<Skipped>,
}

#[derive(Deserialize)]
struct RawList {
    trackers: std::collections::BTreeMap<String, RawTracker>,
}

#[derive(Deserialize)]
struct RawTracker {
    name: String,
    #[serde(default)]
    code_signature: Option<String>,
    #[serde(default)]
    network_signature: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
}

impl ExodusList {
    /// Read and compile the tracker list at `path`.
    pub fn load(path: &Path) -> Result<ExodusList, ExodusError> {
        let io = |source| ExodusError::Io {
            path: path.to_path_buf(),
            source,
        };
        let len = std::fs::metadata(path).map_err(io)?.len();
        if len > MAX_FILE_BYTES {
            return Err(ExodusError::TooLarge {
                path: path.to_path_buf(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        ExodusList::parse(path, &text)
    }

    /// Compile the tracker list `text`; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<ExodusList, ExodusError> {
        let raw: RawList = serde_json::from_str(text).map_err(|e| ExodusError::Json {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if raw.trackers.len() > MAX_TRACKERS {
            return Err(ExodusError::TooMany {
                path: path.to_path_buf(),
            });
        }
        let mut list = ExodusList {
            source: path.display().to_string(),
            trackers: Vec::with_capacity(raw.trackers.len()),
            packages: Vec::new(),
            code_regex: None,
            code_regex_owner: Vec::new(),
            hosts: HashMap::new(),
            net_regex: None,
            net_regexes: Vec::new(),
            net_regex_owner: Vec::new(),
            skipped: Vec::new(),
        };
        let mut code_patterns = Vec::new();
        let mut net_patterns = Vec::new();
        for (id, t) in raw.trackers {
            let bad = |message: String| ExodusError::Tracker {
                path: path.to_path_buf(),
                id: id.clone(),
                message,
            };
            if id.is_empty()
                || id.len() > 64
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(bad(
                    "a tracker id is 1 to 64 letters, digits, `-` or `_`".into()
                ));
            }
            let index = list.trackers.len();
            let code = t.code_signature.unwrap_or_default();
            let network = t.network_signature.unwrap_or_default();
            match plain_alternatives(&code, is_class_byte) {
                Some(alternatives) => {
                    for alt in alternatives {
                        let (package, inside_only) = match alt.strip_suffix('.') {
                            Some(p) => (p, true),
                            None => (alt.as_str(), false),
                        };
                        if package.split('.').filter(|s| !s.is_empty()).count() < 2
                            || package.starts_with('.')
                            || package.contains("..")
                        {
                            list.skip(&id, &alt, "not a package of two segments or more");
                            continue;
                        }
                        list.packages
                            .push((package.to_string(), inside_only, index));
                    }
                }
                None => {
                    let pattern = format!("^(?:{code})");
                    compile(&pattern, false).map_err(|e| {
                        bad(format!(
                            "code_signature {code:?} is not a regular expression: {e}"
                        ))
                    })?;
                    code_patterns.push(pattern);
                    list.code_regex_owner.push(index);
                }
            }
            match plain_alternatives(&network, is_host_byte) {
                Some(alternatives) => {
                    for alt in alternatives {
                        let (host, subdomains_only) = match alt.strip_prefix('.') {
                            Some(h) => (h, true),
                            None => (alt.as_str(), false),
                        };
                        let host = host.trim_end_matches('.').to_ascii_lowercase();
                        if host.split('.').filter(|s| !s.is_empty()).count() < 2
                            || host.contains("..")
                        {
                            list.skip(&id, &alt, "not a host name of two labels or more");
                            continue;
                        }
                        list.hosts
                            .entry(host)
                            .or_default()
                            .push((index, subdomains_only));
                    }
                }
                None => {
                    let pattern = format!("(?:{network})$");
                    let regex = compile(&pattern, true).map_err(|e| {
                        bad(format!(
                            "network_signature {network:?} is not a regular expression: {e}"
                        ))
                    })?;
                    net_patterns.push(pattern);
                    list.net_regexes.push(regex);
                    list.net_regex_owner.push(index);
                }
            }
            list.trackers.push(Tracker {
                id,
                name: t.name,
                website: t.website.filter(|w| !w.is_empty()),
                categories: t.categories,
                code_signature: code,
                network_signature: network,
            });
        }
        list.code_regex = compile_set(&code_patterns, false, path)?;
        list.net_regex = compile_set(&net_patterns, true, path)?;
        // Packages sorted so that evidence comes out in class order per tracker.
        list.packages.sort();
        Ok(list)
    }

    fn skip(&mut self, tracker: &str, signature: &str, reason: &'static str) {
        self.skipped.push(Skipped {
            tracker: tracker.to_string(),
            signature: signature.to_string(),
            reason,
        });
    }

    /// Match every tracker against `facts` and add the hits to `inventory`: on their own (in
    /// `sdks` or `mentions`, sorted by id), or as `same_as` of the database SDK they are.
    pub fn add_hits(&self, db: &SdkDb, facts: &Facts, inventory: &mut Inventory) {
        let mut found: Vec<Found> = (0..self.trackers.len()).map(|_| Found::default()).collect();
        self.match_classes(&facts.classes, &mut found);
        self.match_hosts(facts, &mut found);

        for (tracker, f) in self.trackers.iter().zip(found) {
            let id = format!("{ID_PREFIX}{}", tracker.id);
            let classes: Vec<&ClassFact> = {
                let mut idx = f.classes;
                idx.sort_unstable();
                idx.dedup();
                idx.into_iter().map(|i| &facts.classes[i]).collect()
            };
            if classes.is_empty() && f.strings.is_empty() {
                continue;
            }
            // The database says which Exodus tracker an SDK is (`exodus_id`): that tracker is the
            // SDK when it is embedded, whatever part of its code the signature covers.
            let by_id = inventory.sdks.iter().position(|h| {
                h.exodus_id
                    .is_some_and(|e| tracker.id.parse::<u32>() == Ok(e))
            });
            if let Some(i) = by_id {
                inventory.sdks[i].same_as.push(id);
                continue;
            }
            if let Some(sdk) = sole_owner(db, &classes)
                && let Some(hit) = inventory.sdks.iter_mut().find(|h| h.id == sdk)
            {
                hit.same_as.push(id);
                continue;
            }
            let (defined, referenced): (Vec<&ClassFact>, Vec<&ClassFact>) =
                classes.iter().partition(|c| c.defined);
            let confidence = if !defined.is_empty() {
                Confidence::Defined
            } else if !referenced.is_empty() {
                Confidence::Referenced
            } else {
                Confidence::String
            };
            let evidence_total = classes.len() + f.strings_total;
            let evidence = defined
                .iter()
                .chain(&referenced)
                .map(|c| c.location.clone())
                .chain(f.strings)
                .take(MAX_EVIDENCE)
                .collect();
            let hit = SdkHit {
                id,
                name: tracker.name.clone(),
                categories: Vec::new(),
                conversion_tracking: false,
                version: None,
                version_evidence: None,
                confidence,
                evidence,
                evidence_total,
                domains: Vec::new(),
                privacy_manifest_required: false,
                embedded_frameworks: Vec::new(),
                x_partner: false,
                vendor: String::new(),
                website: tracker.website.clone(),
                exodus_id: None,
                same_as: Vec::new(),
                exodus_categories: tracker.categories.clone(),
            };
            let list = if confidence == Confidence::String {
                &mut inventory.mentions
            } else {
                &mut inventory.sdks
            };
            let at = list.partition_point(|h| h.id < hit.id);
            list.insert(at, hit);
        }
        for hit in inventory.sdks.iter_mut() {
            hit.same_as.sort_by(|a, b| natural(a).cmp(&natural(b)));
        }
    }

    /// For each class of `facts.classes` (sorted by name), the id of the tracker whose code
    /// signature covers it, as the inventory reports that tracker: the database SDK whose
    /// `exodus_id` is the tracker's, else `exodus:<id>`; `None` for classes no tracker covers.
    /// Ownership reads it (`extract::ownership`), for classes no database SDK owns: code of an
    /// Exodus tracker is SDK code, not the app's. The first tracker by id wins a class two cover.
    pub fn class_owners(&self, db: &SdkDb, facts: &Facts) -> Vec<Option<String>> {
        let mut found: Vec<Found> = (0..self.trackers.len()).map(|_| Found::default()).collect();
        self.match_classes(&facts.classes, &mut found);
        let mut owners: Vec<Option<String>> = vec![None; facts.classes.len()];
        for (tracker, f) in self.trackers.iter().zip(found) {
            if f.classes.is_empty() {
                continue;
            }
            let id = db
                .iter()
                .find(|sdk| {
                    sdk.exodus_id
                        .is_some_and(|e| tracker.id.parse::<u32>() == Ok(e))
                })
                .map_or_else(
                    || format!("{ID_PREFIX}{}", tracker.id),
                    |sdk| sdk.id.clone(),
                );
            for i in f.classes {
                if let Some(slot @ None) = owners.get_mut(i) {
                    *slot = Some(id.clone());
                }
            }
        }
        owners
    }

    fn match_classes(&self, classes: &[ClassFact], found: &mut [Found]) {
        for (package, inside_only, tracker) in &self.packages {
            let f = &mut found[*tracker];
            if !inside_only {
                f.classes.extend(run(classes, package, |n| n == package));
            }
            f.classes
                .extend(run(classes, &format!("{package}."), |_| true));
            if !inside_only {
                f.classes
                    .extend(run(classes, &format!("{package}$"), |_| true));
            }
        }
        if let Some(set) = &self.code_regex {
            for (i, class) in classes.iter().enumerate() {
                for m in set.matches(&class.name).iter() {
                    found[self.code_regex_owner[m]].classes.push(i);
                }
            }
        }
    }

    fn match_hosts(&self, facts: &Facts, found: &mut [Found]) {
        if self.hosts.is_empty() && self.net_regex.is_none() {
            return;
        }
        let strings = facts
            .strings
            .iter()
            .map(|s| (s.value.as_str(), &s.location));
        let resources = facts
            .string_resources
            .iter()
            .map(|r| (r.value.as_str(), &r.location));
        let mut trackers_here: Vec<usize> = Vec::new();
        for (value, location) in strings.chain(resources) {
            trackers_here.clear();
            for word in host_words(value) {
                let word = word.to_ascii_lowercase();
                self.plain_host_matches(&word, &mut trackers_here);
                self.regex_host_matches(&word, &mut trackers_here);
            }
            trackers_here.sort_unstable();
            trackers_here.dedup();
            for &t in &trackers_here {
                let f = &mut found[t];
                f.strings_total += 1;
                if f.strings.len() < MAX_EVIDENCE {
                    f.strings.push(Location::new(
                        &location.file,
                        format!("{} \"{}\"", location.locator, shorten(value)),
                    ));
                }
            }
        }
    }

    /// Trackers whose plain host is `host` or a parent domain of it.
    fn plain_host_matches(&self, host: &str, out: &mut Vec<usize>) {
        let mut suffix = host;
        let mut is_self = true;
        loop {
            if let Some(entries) = self.hosts.get(suffix) {
                out.extend(
                    entries
                        .iter()
                        .filter(|(_, subdomains_only)| !(is_self && *subdomains_only))
                        .map(|(t, _)| *t),
                );
            }
            match suffix.split_once('.') {
                Some((_, rest)) if rest.contains('.') => suffix = rest,
                _ => break,
            }
            is_self = false;
        }
    }

    /// Trackers whose network regex matches the end of `host`, starting at a label.
    fn regex_host_matches(&self, host: &str, out: &mut Vec<usize>) {
        let Some(set) = &self.net_regex else { return };
        for m in set.matches(host).iter() {
            let at_label = self.net_regexes[m].find(host).is_some_and(|found| {
                let start = found.start();
                start == 0 || host.as_bytes()[start - 1] == b'.' || host[start..].starts_with('.')
            });
            if at_label {
                out.push(self.net_regex_owner[m]);
            }
        }
    }
}

#[derive(Default)]
struct Found {
    classes: Vec<usize>,
    strings: Vec<Location>,
    strings_total: usize,
}

/// The database SDK that every class of `classes` belongs to, if there is exactly one.
fn sole_owner<'a>(db: &'a SdkDb, classes: &[&ClassFact]) -> Option<&'a str> {
    let mut owner: Option<&str> = None;
    for class in classes {
        let sdk = db
            .iter()
            .find(|sdk| sdk.android.matches_class(&class.name))?;
        match owner {
            Some(o) if o != sdk.id => return None,
            _ => owner = Some(&sdk.id),
        }
    }
    owner
}

/// `exodus:9` before `exodus:10`.
fn natural(id: &str) -> (usize, &str) {
    let tail = id.strip_prefix(ID_PREFIX).unwrap_or(id);
    match tail.parse::<u64>() {
        Ok(_) => (tail.len(), tail),
        Err(_) => (usize::MAX, tail),
    }
}

fn is_class_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'
}

/// The `|`-separated alternatives of `signature` with `\.` read as `.`, when each is made of
/// `allowed` bytes only (a plain signature); `None` when the signature uses other regex syntax.
/// Empty alternatives (`a||b`, a trailing `|`) are dropped; an empty signature has none.
fn plain_alternatives(signature: &str, allowed: fn(u8) -> bool) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for alt in signature.split('|') {
        let alt = alt.trim().replace("\\.", ".");
        if !alt.bytes().all(allowed) {
            return None;
        }
        if !alt.is_empty() {
            out.push(alt);
        }
    }
    Some(out)
}

fn compile(pattern: &str, case_insensitive: bool) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(one_line)
}

fn compile_set(
    patterns: &[String],
    case_insensitive: bool,
    path: &Path,
) -> Result<Option<RegexSet>, ExodusError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    RegexSetBuilder::new(patterns)
        .case_insensitive(case_insensitive)
        .size_limit(REGEX_SIZE_LIMIT.saturating_mul(4))
        .build()
        .map(Some)
        .map_err(|e| ExodusError::Json {
            path: path.to_path_buf(),
            message: format!(
                "the regular expressions together are too large: {}",
                one_line(e)
            ),
        })
}

/// The `regex` crate's messages span lines (the pattern, a caret); keep the last, the reason.
fn one_line(err: regex::Error) -> String {
    let text = err.to_string();
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    last.trim().trim_start_matches("error: ").to_string()
}

/// The host-shaped words of `value`: maximal runs of `[A-Za-z0-9._-]` holding a dot, without
/// leading or trailing dots, at most [`MAX_HOST`] long.
fn host_words(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .map(|w| w.trim_matches('.'))
        .filter(|w| w.contains('.') && w.len() <= MAX_HOST)
}

/// Indices of the classes whose name starts with `needle` and satisfies `keep`.
fn run(classes: &[ClassFact], needle: &str, keep: impl Fn(&str) -> bool) -> std::ops::Range<usize> {
    let start = classes.partition_point(|c| c.name.as_str() < needle);
    let len = classes[start..].partition_point(|c| c.name.starts_with(needle) && keep(&c.name));
    start..start + len
}

fn shorten(value: &str) -> String {
    match value.char_indices().nth(super::strings::MAX_SHOWN) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{BundleFormat, Platform, StringFact};

    fn list(json: &str) -> ExodusList {
        ExodusList::parse(Path::new("t.json"), json).unwrap()
    }

    fn facts(classes: &[(&str, bool)], strings: &[&str]) -> Facts {
        let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        facts.classes = classes
            .iter()
            .map(|&(name, defined)| ClassFact {
                name: name.into(),
                defined,
                location: Location::new("classes.dex", format!("class {name}")),
            })
            .collect();
        facts.classes.sort();
        facts.strings = strings
            .iter()
            .enumerate()
            .map(|(i, s)| StringFact {
                value: s.to_string(),
                location: Location::new("classes.dex", format!("string #{i}")),
            })
            .collect();
        facts
    }

    fn hits(list: &ExodusList, facts: &Facts) -> Inventory {
        let db = SdkDb::from_sources::<&str, &str>(&[]).unwrap();
        let mut inventory = Inventory::default();
        list.add_hits(&db, facts, &mut inventory);
        inventory
    }

    #[test]
    fn plain_code_signatures_are_package_anchored() {
        let l = list(r#"{"trackers": {"1": {"name": "DV", "code_signature": "com.dv"}}}"#);
        for miss in ["com.dvd.Ad", "org.com.dv.Ad", "com.d.v", "com.dvx"] {
            assert!(
                hits(&l, &facts(&[(miss, true)], &[])).sdks.is_empty(),
                "{miss}"
            );
        }
        for hit in ["com.dv", "com.dv.Ad", "com.dv$1", "com.dv.a.b.C"] {
            let inv = hits(&l, &facts(&[(hit, true)], &[]));
            assert_eq!(inv.sdks.len(), 1, "{hit}");
            assert_eq!(inv.sdks[0].id, "exodus:1");
        }
        let inside = list(r#"{"trackers": {"1": {"name": "DV", "code_signature": "com.dv."}}}"#);
        assert!(
            hits(&inside, &facts(&[("com.dv", true)], &[]))
                .sdks
                .is_empty()
        );
        assert_eq!(
            hits(&inside, &facts(&[("com.dv.A", true)], &[])).sdks.len(),
            1
        );
    }

    #[test]
    fn escaped_dots_and_alternatives_stay_plain() {
        let l = list(
            r#"{"trackers": {"2": {"name": "X", "code_signature": "com\\.x\\.ads|org.y.|"}}}"#,
        );
        assert_eq!(l.packages.len(), 2);
        assert!(l.code_regex.is_none());
        assert_eq!(
            hits(&l, &facts(&[("org.y.Z", false)], &[])).sdks[0].confidence,
            Confidence::Referenced
        );
    }

    #[test]
    fn one_segment_signatures_are_skipped() {
        let l = list(r#"{"trackers": {"3": {"name": "Broad", "code_signature": "ads.|com"}}}"#);
        assert!(l.packages.is_empty());
        assert_eq!(l.skipped.len(), 2);
        assert!(
            hits(&l, &facts(&[("ads.X", true), ("com.a.B", true)], &[]))
                .sdks
                .is_empty()
        );
    }

    #[test]
    fn regex_code_signatures_are_anchored_at_the_start() {
        let l = list(
            r#"{"trackers": {"4": {"name": "R", "code_signature": "com\\.ad(s|x)\\.[a-z]+\\.Core"}}}"#,
        );
        assert!(l.code_regex.is_some());
        assert_eq!(
            hits(&l, &facts(&[("com.adx.sdk.Core", true)], &[]))
                .sdks
                .len(),
            1
        );
        assert!(
            hits(&l, &facts(&[("org.com.ads.sdk.Core", true)], &[]))
                .sdks
                .is_empty()
        );
    }

    #[test]
    fn hosts_match_as_domains() {
        let l = list(
            r#"{"trackers": {"5": {"name": "N", "network_signature": "track\\.example\\.com|\\.ex\\.io"}}}"#,
        );
        for hit in [
            "https://track.example.com/v1",
            "eu.TRACK.example.com",
            "x@track.example.com",
            "https://a.ex.io/",
        ] {
            let inv = hits(&l, &facts(&[], &[hit]));
            assert_eq!(inv.mentions.len(), 1, "{hit}");
            assert_eq!(inv.mentions[0].confidence, Confidence::String);
            assert!(inv.sdks.is_empty());
        }
        for miss in [
            "nottrack.example.com",
            "track.example.com.evil.net",
            "ex.io",
            "track-example.com",
        ] {
            assert!(hits(&l, &facts(&[], &[miss])).mentions.is_empty(), "{miss}");
        }
    }

    #[test]
    fn regex_hosts_start_at_a_label() {
        let l = list(
            r#"{"trackers": {"6": {"name": "N", "network_signature": "ads[0-9]+\\.example\\.net"}}}"#,
        );
        assert_eq!(
            hits(&l, &facts(&[], &["https://ads12.example.net/x"]))
                .mentions
                .len(),
            1
        );
        assert_eq!(
            hits(&l, &facts(&[], &["eu.ads1.example.net"]))
                .mentions
                .len(),
            1
        );
        assert!(
            hits(&l, &facts(&[], &["myads1.example.net"]))
                .mentions
                .is_empty()
        );
        assert!(
            hits(&l, &facts(&[], &["ads1.example.network"]))
                .mentions
                .is_empty()
        );
    }

    #[test]
    fn bad_input_names_the_file_and_tracker() {
        let err = |json: &str| {
            ExodusList::parse(Path::new("t.json"), json)
                .unwrap_err()
                .to_string()
        };
        let bad_regex = err(r#"{"trackers": {"7": {"name": "B", "code_signature": "com.(x"}}}"#);
        assert!(
            bad_regex.starts_with("t.json: tracker 7: code_signature \"com.(x\""),
            "{bad_regex}"
        );
        assert!(!bad_regex.contains('\n'), "{bad_regex}");
        let bad_json = err(r#"{"trackers": [1, 2]}"#);
        assert!(
            bad_json.starts_with("t.json: not an Exodus tracker list"),
            "{bad_json}"
        );
        assert!(!bad_json.contains('\n'));
        let bad_id = err(r#"{"trackers": {"a b": {"name": "B"}}}"#);
        assert!(bad_id.starts_with("t.json: tracker a b:"), "{bad_id}");
    }

    #[test]
    fn same_sdk_is_merged_into_the_database_hit() {
        let db = SdkDb::from_sources(&[(
            "flyer.toml",
            r#"
            id = "flyer"
            name = "Flyer"
            vendor = "Flyer Inc."
            categories = ["attribution"]
            conversion_tracking = true
            [android]
            class_prefixes = ["com.flyer"]
            "#,
        )])
        .unwrap();
        let l = list(
            r#"{"trackers": {
                "10": {"name": "Flyer", "code_signature": "com.flyer."},
                "9": {"name": "Flyer too", "code_signature": "com.flyer.core"},
                "11": {"name": "Flyer and more", "code_signature": "com.flyer.|com.other"}}}"#,
        );
        let f = facts(&[("com.flyer.core.A", true), ("com.other.B", true)], &[]);
        let mut inventory = Inventory::build(&db, &f);
        l.add_hits(&db, &f, &mut inventory);
        let ids: Vec<&str> = inventory.sdks.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["exodus:11", "flyer"]);
        assert_eq!(inventory.sdks[1].same_as, ["exodus:9", "exodus:10"]);
    }

    /// A tracker the database names as an SDK's `exodus_id` is that SDK even when its signature
    /// also covers other code; without the id, such a tracker stands on its own.
    #[test]
    fn the_database_exodus_id_names_the_sdk() {
        let source = |exodus_id: &str| {
            format!(
                r#"
                id = "flyer"
                name = "Flyer"
                vendor = "Flyer Inc."
                categories = ["attribution"]
                conversion_tracking = true
                {exodus_id}
                [android]
                class_prefixes = ["com.flyer"]
                "#
            )
        };
        let l = list(
            r#"{"trackers": {"11": {"name": "Flyer and more", "code_signature": "com.flyer.|com.other"}}}"#,
        );
        let f = facts(&[("com.flyer.core.A", true), ("com.other.B", true)], &[]);
        for (line, ids, same_as) in [
            ("exodus_id = 11", vec!["flyer"], vec!["exodus:11"]),
            ("exodus_id = 12", vec!["exodus:11", "flyer"], vec![]),
        ] {
            let db = SdkDb::from_sources(&[("flyer.toml", source(line).as_str())]).unwrap();
            let mut inventory = Inventory::build(&db, &f);
            l.add_hits(&db, &f, &mut inventory);
            let got: Vec<&str> = inventory.sdks.iter().map(|h| h.id.as_str()).collect();
            assert_eq!(got, ids, "{line}");
            let flyer = inventory.sdks.iter().find(|h| h.id == "flyer").unwrap();
            assert_eq!(flyer.same_as, same_as, "{line}");
        }
    }

    /// Ownership's view of the list: each class a tracker covers gets the id the inventory
    /// reports the tracker under (the SDK whose `exodus_id` it is, else `exodus:<id>`); the
    /// first tracker by id wins a class two cover; uncovered classes get none.
    #[test]
    fn class_owners_name_the_tracker_as_reported() {
        let l = list(
            r#"{"trackers": {
                "11": {"name": "Flyer", "code_signature": "com.flyer.|com.shared"},
                "12": {"name": "Other", "code_signature": "com.other|com.shared"}}}"#,
        );
        let f = facts(
            &[
                ("com.flyer.core.A", true),
                ("com.other.B", false),
                ("com.shared.C", true),
                ("com.example.Main", true),
            ],
            &[],
        );
        let source = r#"
            id = "flyer"
            name = "Flyer"
            vendor = "Flyer Inc."
            categories = ["attribution"]
            conversion_tracking = true
            exodus_id = 11
            [android]
            class_prefixes = ["com.flyer.api"]
        "#;
        let db = SdkDb::from_sources(&[("flyer.toml", source)]).unwrap();
        let owners = l.class_owners(&db, &f);
        let named: Vec<(&str, Option<&str>)> = f
            .classes
            .iter()
            .zip(&owners)
            .map(|(c, o)| (c.name.as_str(), o.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                ("com.example.Main", None),
                ("com.flyer.core.A", Some("flyer")),
                ("com.other.B", Some("exodus:12")),
                ("com.shared.C", Some("flyer")),
            ]
        );
    }
}
