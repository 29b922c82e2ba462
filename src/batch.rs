//! Batch runs (`sdklint check A B DIR …`): find the bundles below directories by their content,
//! lint them in parallel, mark findings a baseline knows, and decide the exit code.
//!
//! Discovery ([`discover`]) walks a directory without following symbolic links, at most
//! [`MAX_DEPTH`] levels below it and over at most [`MAX_ENTRIES`] directory entries (more is an
//! error, not a silent cut: a run that skipped half a tree would pass a CI gate it should fail).
//! What counts as a bundle:
//! - a directory that [`bundle::open`] opens is one bundle and is not descended into: an `.app`,
//!   `.framework`, `.xcframework` or `.xcarchive` by its Info.plist, and a directory of split
//!   APKs of one app (by name or by their manifests), so the APKs of a split set are one app;
//! - a file with a bundle extension (`.apk`, `.aab`, `.apks`, `.xapk`, `.ipa`, `.dex`, `.aar`,
//!   `.jar`, `.a`), whatever it holds, so a broken one is reported rather than passed over;
//! - any other file whose first bytes say it is one: a DEX, a Mach-O (thin or fat) or an `ar`
//!   static library whose images sdklint can list, a manifest (binary AXML, or text XML, whose
//!   root element is `<manifest>`), and a zip (`PK` magic) that opens as a bundle (an APK, AAB,
//!   split set, IPA, AAR or JAR under an odd name).
//!
//! Everything else is skipped with the reason ([`Discovery::skipped`]): an ELF library (read inside
//! an APK, not alone), a Java class file (`cafebabe` with a class-file version), a zip that is not
//! a bundle, any file with no bundle magic. Limits of discovery by content: a zip with bytes before
//! its first entry (a self-extracting stub, the Janus trick) is found only under a bundle
//! extension; a directory of more than 64 APKs is never taken for one split set by content.

use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::apple::macho::{self, Container};
use crate::baseline::Baseline;
use crate::bundle::{self, FileBytes, Limits};
use crate::rules::{Finding, Severity};
use crate::{BundleReport, Options};

/// How deep below the starting directory the walk goes.
pub const MAX_DEPTH: usize = 16;
/// Most directory entries the walk looks at.
pub const MAX_ENTRIES: usize = 200_000;

/// Exit code: no finding at or above `--fail-on`.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: a usage error, or a bundle that could not be read at all.
pub const EXIT_TROUBLE: u8 = 2;

/// Files that are bundles by name: a file so named is reported even when it does not open.
const FILE_EXTENSIONS: &[&str] = &[
    "apk", "aab", "apks", "xapk", "ipa", "dex", "aar", "jar", "a",
];

/// Bytes read from the start of a file to recognise it.
const HEAD_LEN: usize = 4096;

const DEX_MAGIC: &[u8] = b"dex\n";
const AXML_MAGIC: &[u8] = &[0x03, 0x00, 0x08, 0x00];
const ELF_MAGIC: &[u8] = b"\x7fELF";
const ZIP_MAGICS: &[&[u8]] = &[b"PK\x03\x04", b"PK\x05\x06"];

/// What a walk below a directory found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Bundles, sorted by path.
    pub bundles: Vec<PathBuf>,
    /// Files passed over, sorted by path, each with why.
    pub skipped: Vec<Skipped>,
}

/// A file discovery passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The bundles below `dir`, recognised by content (see the module doc).
pub fn discover(dir: &Path, limits: &Limits) -> std::io::Result<Discovery> {
    let mut found = Discovery::default();
    let mut seen = 0usize;
    walk(dir, 0, &mut seen, limits, &mut found)?;
    found.bundles.sort();
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

fn walk(
    dir: &Path,
    depth: usize,
    seen: &mut usize,
    limits: &Limits,
    found: &mut Discovery,
) -> std::io::Result<()> {
    if depth > MAX_DEPTH {
        found.skipped.push(Skipped {
            path: dir.to_path_buf(),
            reason: format!("more than {MAX_DEPTH} directories deep; not searched"),
        });
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        *seen += 1;
        if *seen > MAX_ENTRIES {
            return Err(std::io::Error::other(format!(
                "more than {MAX_ENTRIES} entries below the directory"
            )));
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if bundle::open(&path, limits).is_ok() {
                found.bundles.push(path);
            } else {
                walk(&path, depth + 1, seen, limits, found)?;
            }
        } else if kind.is_file() {
            match recognise(&path, limits) {
                Ok(()) => found.bundles.push(path),
                Err(reason) => found.skipped.push(Skipped { path, reason }),
            }
        }
        // Symbolic links are not followed: a link out of the tree, or in a loop, is not the
        // tree's content.
    }
    Ok(())
}

/// `Ok` if the file at `path` is to be linted, else why not.
fn recognise(path: &Path, limits: &Limits) -> Result<(), String> {
    if has_bundle_extension(path) {
        return Ok(());
    }
    let head = read_head(path).map_err(|err| format!("cannot read it: {err}"))?;
    if head.starts_with(DEX_MAGIC) {
        return Ok(());
    }
    if head.starts_with(AXML_MAGIC) {
        return binary_manifest(path);
    }
    if head.starts_with(ELF_MAGIC) {
        return Err("an ELF file: native libraries are read inside an APK, not alone".into());
    }
    if let Some(container) = macho::sniff(&head) {
        return mach_o(path, &head, container);
    }
    if ZIP_MAGICS.iter().any(|m| head.starts_with(m)) {
        return bundle::open(path, limits)
            .map(drop)
            .map_err(|err| format!("a zip archive but not a bundle ({err})"));
    }
    if let Some(root) = xml_root(&head) {
        return if root == "manifest" {
            Ok(())
        } else {
            Err(format!(
                "an XML document whose root is <{root}>, not <manifest>"
            ))
        };
    }
    Err("not a bundle: no DEX, Mach-O, ar, zip or manifest content".into())
}

fn has_bundle_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FILE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    std::fs::File::open(path)?
        .take(HEAD_LEN as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// Binary XML is also what every compiled layout and drawable of an unpacked APK is: only a
/// document whose root element is `<manifest>` is a manifest.
fn binary_manifest(path: &Path) -> Result<(), String> {
    let bytes = FileBytes::map(path).map_err(|err| err.to_string())?;
    match crate::android::axml::parse(bytes.as_ref()) {
        Ok(root) if root.name == "manifest" => Ok(()),
        Ok(root) => Err(format!(
            "binary XML whose root is <{}>, not <manifest>",
            root.name
        )),
        Err(err) => Err(format!("binary XML that does not parse ({err})")),
    }
}

/// `0xcafebabe` opens both fat Mach-O files and Java class files; a class file's version (45 and
/// up, where a fat header has its slice count) tells them apart, as `file(1)` does. An `ar` archive
/// is a static library only if sdklint can list its Mach-O images (not a `.deb`, not ELF objects).
fn mach_o(path: &Path, head: &[u8], container: Container) -> Result<(), String> {
    if container == Container::Fat {
        let count = head
            .get(4..8)
            .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        if count >= 45 {
            return Err("a Java class file (0xcafebabe with a class-file version)".into());
        }
    }
    if container == Container::Thin {
        return Ok(());
    }
    let bytes = FileBytes::map(path).map_err(|err| err.to_string())?;
    match macho::images(bytes.as_ref(), true) {
        Ok(units) if units.iter().any(|u| u.bytes.is_ok()) => Ok(()),
        Ok(_) => Err("an archive without Mach-O images".into()),
        Err(err) => Err(format!(
            "an archive or fat file sdklint cannot list ({err})"
        )),
    }
}

/// The name of the root element of a text XML document, from its first bytes.
fn xml_root(head: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'<') {
        return None;
    }
    let mut reader = quick_xml::Reader::from_reader(head);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return Some(e.local_name().into_inner().to_string());
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// One path to lint: a bundle, or a directory below which no bundle was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Bundle(PathBuf),
    /// A directory given on the command line that holds no bundle: reported as unreadable.
    Empty(PathBuf),
}

impl Input {
    pub fn path(&self) -> &Path {
        match self {
            Input::Bundle(path) | Input::Empty(path) => path,
        }
    }
}

/// The inputs of a run, and the files passed over on the way to them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// What to lint, in the order of the paths given.
    pub inputs: Vec<Input>,
    /// Files below the directories given that are not bundles, each with why: the CLI counts
    /// them, so a tree that holds no bundle of the expected kind does not pass unnoticed.
    pub skipped: Vec<Skipped>,
}

/// The inputs of a run: each path as given, except a directory that is not itself a bundle, which
/// stands for the bundles [`discover`] finds below it (or [`Input::Empty`] if none).
pub fn expand(paths: &[PathBuf], limits: &Limits) -> Expanded {
    let mut out = Expanded::default();
    for path in paths {
        let plain_dir = path.is_dir() && bundle::open(path, limits).is_err();
        match plain_dir.then(|| discover(path, limits)) {
            Some(Ok(found)) => {
                if found.bundles.is_empty() {
                    out.inputs.push(Input::Empty(path.clone()));
                } else {
                    out.inputs
                        .extend(found.bundles.into_iter().map(Input::Bundle));
                }
                out.skipped.extend(found.skipped);
            }
            // Unreadable, or not a plain directory: lint the path itself for its error message.
            Some(Err(_)) | None => out.inputs.push(Input::Bundle(path.clone())),
        }
    }
    out
}

/// How to run a batch.
#[derive(Debug, Default)]
pub struct BatchOptions {
    /// Bundles linted at once; all cores when `None`.
    pub jobs: Option<usize>,
    /// Findings recorded here are marked baselined and do not count for `--fail-on`.
    pub baseline: Option<Baseline>,
}

/// A bundle that could not be linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
}

/// What a batch found, in the order of its inputs.
#[derive(Debug, Default)]
pub struct Batch {
    /// Reports of the bundles that could be read.
    pub reports: Vec<BundleReport>,
    /// The inputs that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// Every input in order: `Ok(i)` is `reports[i]`, `Err(i)` is `unreadable[i]`.
    pub order: Vec<Result<usize, usize>>,
}

/// Why a batch could not run at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {jobs} jobs: {source}")]
pub struct BatchError {
    jobs: usize,
    #[source]
    source: rayon::ThreadPoolBuildError,
}

/// Lint every input in parallel; `done` is called once per input as it finishes (for a progress
/// bar). One unreadable bundle stops nothing: it becomes an [`Unreadable`] entry. Holds every
/// report; a run over many bundles that only writes each one out should use [`run_each`].
pub fn run(
    inputs: &[Input],
    options: &Options,
    batch: &BatchOptions,
    done: &(dyn Fn(&Path) + Sync),
) -> Result<Batch, BatchError> {
    let mut out = Batch::default();
    run_each(inputs, options, batch, done, &mut |input, result| {
        match result {
            Ok(report) => {
                out.order.push(Ok(out.reports.len()));
                out.reports.push(report);
            }
            Err(message) => {
                out.order.push(Err(out.unreadable.len()));
                out.unreadable.push(Unreadable {
                    path: input.path().display().to_string(),
                    message,
                });
            }
        }
        ControlFlow::Continue(())
    })?;
    Ok(out)
}

/// Where [`run_each`] hands each input's report (or why it could not be read); `Break` ends the run.
pub type Sink<'a> = dyn FnMut(&Input, Result<BundleReport, String>) -> ControlFlow<()> + 'a;

/// Reports in flight per job in [`run_each`]: enough to keep every core busy across bundles of
/// uneven size, few enough that memory stays that of a handful of bundles.
pub const WINDOW_PER_JOB: usize = 2;

/// Lint every input in parallel and hand each result, baseline-marked, to `sink` in input order.
/// Inputs go in windows of [`WINDOW_PER_JOB`] × jobs, so at most one window of reports is held
/// at once, whatever the number of inputs: a store's worth of builds streamed to JSON Lines needs
/// the memory of a few bundles, not of all of them. A sink that returns `Break` (its output
/// is gone: a closed pipe) ends the run after the current window.
pub fn run_each(
    inputs: &[Input],
    options: &Options,
    batch: &BatchOptions,
    done: &(dyn Fn(&Path) + Sync),
    sink: &mut Sink<'_>,
) -> Result<(), BatchError> {
    use rayon::prelude::*;

    let pool = match batch.jobs {
        Some(jobs) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs)
                .build()
                .map_err(|source| BatchError { jobs, source })?,
        ),
        None => None,
    };
    let threads = pool
        .as_ref()
        .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let window = (threads * WINDOW_PER_JOB).max(1);
    for chunk in inputs.chunks(window) {
        let lint_chunk = || -> Vec<Result<BundleReport, String>> {
            chunk
                .par_iter()
                .map(|input| {
                    let result = lint_one(input, options);
                    done(input.path());
                    result
                })
                .collect()
        };
        let results = match &pool {
            Some(pool) => pool.install(lint_chunk),
            None => lint_chunk(),
        };
        for (input, mut result) in chunk.iter().zip(results) {
            if let (Ok(report), Some(baseline)) = (&mut result, &batch.baseline) {
                baseline.mark(report);
            }
            if sink(input, result).is_break() {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn lint_one(input: &Input, options: &Options) -> Result<BundleReport, String> {
    match input {
        Input::Empty(dir) => Err(format!("no bundles found in {}", dir.display())),
        Input::Bundle(path) => crate::lint(path, options).map_err(|err| err.to_string()),
    }
}

impl Batch {
    /// The exit code of this batch under `--fail-on` (`None`: never fail on findings).
    pub fn exit_code(&self, fail_on: Option<Severity>) -> u8 {
        exit_code(
            self.reports.iter().flat_map(|r| &r.findings),
            self.unreadable.len(),
            fail_on,
        )
    }
}

/// The exit policy, one place for every command: [`EXIT_TROUBLE`] if any input could not be read,
/// else [`EXIT_FINDINGS`] if a finding counts toward `--fail-on`
/// ([`Finding::counts_toward_fail_on`]: active, at or above the threshold), else [`EXIT_CLEAN`].
pub fn exit_code<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    unreadable: usize,
    fail_on: Option<Severity>,
) -> u8 {
    if unreadable > 0 {
        EXIT_TROUBLE
    } else if findings
        .into_iter()
        .any(|f| f.counts_toward_fail_on(fail_on))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// What to say about the files discovery passed over: one line per file (`verbose`), else one
/// line with their count; nothing when there were none. Said so that a directory of the wrong
/// kind of files does not look like a clean run.
pub fn skipped_notes(skipped: &[Skipped], verbose: bool) -> Vec<String> {
    if skipped.is_empty() {
        return Vec::new();
    }
    if verbose {
        return skipped
            .iter()
            .map(|file| format!("skipped {}: {}", file.path.display(), file.reason))
            .collect();
    }
    let what = if skipped.len() == 1 {
        "file that is not a bundle"
    } else {
        "files that are not bundles"
    };
    vec![format!(
        "note: skipped {} {what} (--verbose lists them)",
        skipped.len()
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped(name: &str) -> Skipped {
        Skipped {
            path: PathBuf::from(name),
            reason: "not a bundle".to_string(),
        }
    }

    #[test]
    fn skipped_notes_count_or_list() {
        assert!(skipped_notes(&[], true).is_empty());
        assert_eq!(
            skipped_notes(&[skipped("a.txt")], false),
            ["note: skipped 1 file that is not a bundle (--verbose lists them)"]
        );
        let two = [skipped("a.txt"), skipped("b.png")];
        assert_eq!(
            skipped_notes(&two, false),
            ["note: skipped 2 files that are not bundles (--verbose lists them)"]
        );
        assert_eq!(
            skipped_notes(&two, true),
            ["skipped a.txt: not a bundle", "skipped b.png: not a bundle"]
        );
    }
}
