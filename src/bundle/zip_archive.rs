//! Bounded reading of zip entries (APK today; AAB, split sets and IPA later), as Android reads
//! them, with a record of every packaging anomaly.
//!
//! The central directory is parsed once by the tolerant reader in
//! [`central_directory`](super::central_directory) (see there for the format, what Android's
//! libziparchive does, and why the `zip` crate was not enough). Every clone of a [`ZipBundle`]
//! shares that directory, the memory map and the inflate budget, so entries can be read in
//! parallel. Stored entries are sliced from the map without a copy ([`ZipBundle::read_shared`]);
//! deflated ones are inflated into a buffer of their own.
//!
//! # Which entry a name means
//! When two central-directory records carry the same name, the first one is read. Android 4.4
//! and later refuse such an APK outright (libziparchive's `kDuplicateEntry`, the fix for the
//! "Master Key" bug 8219321); before the fix, the native code that loaded `classes.dex` took the
//! first record while the Java signature check took the last, so the first is what ran. Either
//! way the APK gets a `duplicate-entry` anomaly naming both records.
//!
//! # Anomalies
//! Structural ones (prefix, trailing bytes, duplicates, local headers, data descriptors, names,
//! methods, flags) are found when the archive is opened, for every entry, whether or not it is
//! read later; content ones (CRC, inflated size) when an entry is read. [`ZipBundle::anomalies`]
//! returns both, sorted.

use std::io::Read;
use std::ops::{Deref, Range};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::anomaly::{Place, ZipAnomaly, ZipAnomalyKind};
use super::central_directory::{
    self as cd, CentralDirectory, CentralEntry, FLAG_DESCRIPTOR, FLAG_ENCRYPTED, METHOD_DEFLATED,
    METHOD_STORED, Reader, ZipError,
};
use super::{BundleError, FileBytes, Limits};

/// The most bytes deflate can expand one input byte to (a stream of maximal back-references
/// expands about 1032:1); bounds the buffer reserved for an entry whatever size it declares.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// An open zip archive with its entry names and the inflate budget shared by all its readers.
#[derive(Clone)]
pub struct ZipBundle {
    path: PathBuf,
    shared: Arc<Shared>,
    /// Bytes inflated so far, shared with the zips this one is read together with (the outer zip
    /// of a nested APK, the other APKs of a split directory).
    inflated_total: Arc<AtomicU64>,
    /// Bytes of inflated entries alive now (charged before the buffer is allocated, released
    /// when the [`EntryBytes`] is dropped), shared like `inflated_total`; at most
    /// [`Limits::max_memory`].
    held: Arc<AtomicU64>,
}

struct Shared {
    bytes: FileBytes,
    directory: CentralDirectory,
    /// Entry names in central-directory order, each once.
    names: Vec<String>,
    /// Name → index into `directory.entries` of the first record with that name, sorted by name.
    index: Vec<(String, usize)>,
    /// Where each entry's data starts, by index into `directory.entries` (or why it cannot be found).
    data_starts: Vec<Result<usize, cd::LocalError>>,
    /// Anomalies found while opening.
    anomalies: Vec<ZipAnomaly>,
    /// Anomalies found while reading entries.
    read_anomalies: Mutex<Vec<ZipAnomaly>>,
    limits: Limits,
}

/// The bytes of one entry: a slice of the memory map for a stored entry, a buffer of its own
/// for a deflated one.
pub struct EntryBytes(EntryRepr);

enum EntryRepr {
    Mapped(FileBytes, Range<usize>),
    /// `_held` is kept for its `Drop`, which gives the bytes back to the budget.
    Owned {
        bytes: Vec<u8>,
        _held: Held,
    },
}

/// Bytes charged to a bundle's memory budget, given back on drop.
struct Held {
    counter: Arc<AtomicU64>,
    bytes: u64,
}

impl Held {
    fn grow(&mut self, bytes: u64) {
        self.counter.fetch_add(bytes, Ordering::Relaxed);
        self.bytes += bytes;
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.counter.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

impl Deref for EntryBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &self.0 {
            EntryRepr::Mapped(bytes, range) => &bytes.as_ref()[range.clone()],
            EntryRepr::Owned { bytes, .. } => bytes,
        }
    }
}

impl AsRef<[u8]> for EntryBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl EntryBytes {
    /// The bytes as a vector of their own (a copy for stored entries). The vector is no
    /// longer counted against the memory budget.
    pub fn into_vec(self) -> Vec<u8> {
        match self.0 {
            EntryRepr::Mapped(bytes, range) => bytes.as_ref()[range].to_vec(),
            EntryRepr::Owned { bytes, .. } => bytes,
        }
    }
}

impl ZipBundle {
    /// Parse the central directory of `bytes`, the content of `path`, and check every entry's
    /// local header.
    pub fn open(path: &Path, bytes: FileBytes, limits: &Limits) -> Result<Self, BundleError> {
        let directory = cd::parse(bytes.as_ref(), limits.max_entries).map_err(|err| match err {
            ZipError::TooManyEntries { count, limit } => BundleError::TooManyEntries {
                path: path.to_path_buf(),
                count: usize::try_from(count).unwrap_or(usize::MAX),
                limit,
            },
            err => BundleError::Unrecognised {
                path: path.to_path_buf(),
                reason: err.to_string(),
            },
        })?;
        let r = Reader(bytes.as_ref());
        let mut anomalies = Vec::new();
        let bundle_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        archive_anomalies(r, &directory, &bundle_name, &mut anomalies);

        let mut index: Vec<(String, usize)> = Vec::with_capacity(directory.entries.len());
        let mut names = Vec::with_capacity(directory.entries.len());
        let mut by_name = std::collections::HashMap::with_capacity(directory.entries.len());
        let mut data_starts = Vec::with_capacity(directory.entries.len());
        for (i, entry) in directory.entries.iter().enumerate() {
            match by_name.get(entry.name.as_str()) {
                Some(&first) => {
                    let first: &CentralEntry = &directory.entries[first];
                    anomalies.push(ZipAnomaly {
                        kind: ZipAnomalyKind::DuplicateEntry,
                        message: format!(
                            "central directory entries #{} and #{} are both named {}; sdklint reads the first, Android 4.4 and later refuse the APK",
                            first.index, entry.index, entry.name
                        ),
                        android_rejects: true,
                        place: Place::new(
                            &entry.name,
                            format!("central directory entry #{}", entry.index),
                        ),
                    });
                }
                None => {
                    by_name.insert(entry.name.as_str(), i);
                    names.push(entry.name.clone());
                    index.push((entry.name.clone(), i));
                }
            }
            let local = cd::local_header(r, entry);
            entry_anomalies(r, entry, local.as_ref(), &mut anomalies);
            data_starts.push(local.map(|l| l.data_start));
        }
        index.sort();
        Ok(Self {
            path: path.to_path_buf(),
            shared: Arc::new(Shared {
                bytes,
                directory,
                names,
                index,
                data_starts,
                anomalies,
                read_anomalies: Mutex::new(Vec::new()),
                limits: *limits,
            }),
            inflated_total: Arc::new(AtomicU64::new(0)),
            held: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The path the archive was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Entry names in central-directory order, each name once.
    pub fn names(&self) -> &[String] {
        &self.shared.names
    }

    /// The uncompressed size an entry declares (not checked until it is read), for scheduling.
    pub fn declared_size(&self, name: &str) -> Option<u64> {
        self.position(name)
            .map(|i| self.shared.directory.entries[i].uncompressed_size)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Every anomaly found so far: when opening, and while reading entries. Sorted.
    pub fn anomalies(&self) -> Vec<ZipAnomaly> {
        let mut all = self.shared.anomalies.clone();
        all.extend(
            self.shared
                .read_anomalies
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .iter()
                .cloned(),
        );
        all.sort();
        all.dedup();
        all
    }

    /// The archive's bytes up to the start of its central directory, where an APK keeps its
    /// APK Signing Block (read by `android::signing`).
    pub fn bytes_before_directory(&self) -> &[u8] {
        let bytes = self.shared.bytes.as_ref();
        &bytes[..self.shared.directory.directory_offset.min(bytes.len())]
    }

    /// Bytes before the archive's first local header (a prefix), 0 for a plain zip.
    pub fn prefix_len(&self) -> u64 {
        archive_start(&self.shared.directory)
    }

    /// One entry as a vector of its own, within the per-entry and per-bundle limits.
    pub fn read(&self, name: &str) -> Result<Vec<u8>, BundleError> {
        self.read_shared(name).map(EntryBytes::into_vec)
    }

    /// One entry, within the per-entry and per-bundle limits: stored entries are sliced from
    /// the memory map, deflated ones inflated into a buffer of their own.
    ///
    /// The declared size is checked first (cheap rejection), then the actual inflated bytes are
    /// counted while reading, since a hostile archive can declare any size it likes.
    pub fn read_shared(&self, name: &str) -> Result<EntryBytes, BundleError> {
        let shared = &*self.shared;
        let entry_error = |message: String| BundleError::Entry {
            path: self.path.clone(),
            entry: name.to_string(),
            message,
        };
        let too_large = || BundleError::EntryTooLarge {
            path: self.path.clone(),
            entry: name.to_string(),
            limit: shared.limits.max_entry_bytes,
        };
        let i = self
            .position(name)
            .ok_or_else(|| entry_error("no such entry in the zip archive".into()))?;
        let entry = &shared.directory.entries[i];
        let data_start = shared.data_starts[i]
            .clone()
            .map_err(|err| entry_error(err.to_string()))?;
        let declared = entry.uncompressed_size;
        if declared > shared.limits.max_entry_bytes {
            return Err(too_large());
        }
        let r = Reader(shared.bytes.as_ref());
        let bytes = match entry.method {
            METHOD_STORED => {
                self.charge(name, declared)?;
                // `local_header` checked that the data lies within the file.
                let range = cd::data_range(r, data_start, declared).ok_or_else(|| {
                    entry_error(format!(
                        "stored data at {data_start:#x} runs past the end of the file"
                    ))
                })?;
                EntryBytes(EntryRepr::Mapped(shared.bytes.clone(), range))
            }
            METHOD_DEFLATED => {
                self.charge(name, declared)?;
                let range =
                    cd::data_range(r, data_start, entry.compressed_size).ok_or_else(|| {
                        entry_error(format!(
                            "compressed data at {data_start:#x} runs past the end of the file"
                        ))
                    })?;
                let compressed = &shared.bytes.as_ref()[range];
                let limits = &shared.limits;
                let ratio = declared / (compressed.len() as u64).max(1);
                if declared > Limits::RATIO_CHECK_FLOOR && ratio > limits.max_inflate_ratio {
                    return Err(BundleError::InflateRatio {
                        path: self.path.clone(),
                        entry: name.to_string(),
                        declared,
                        compressed: compressed.len() as u64,
                        limit: limits.max_inflate_ratio,
                    });
                }
                let mut held = self.hold(name, declared)?;
                let capacity = declared.min(
                    (compressed.len() as u64)
                        .saturating_mul(MAX_DEFLATE_RATIO)
                        .saturating_add(64),
                );
                // What the data may really inflate to, whatever it declares: the per-entry
                // limit, the memory left in the budget and (above the floor) the ratio limit.
                let by_memory = declared + limits.max_memory.saturating_sub(self.held_now());
                let by_ratio = (compressed.len() as u64)
                    .saturating_mul(limits.max_inflate_ratio)
                    .max(Limits::RATIO_CHECK_FLOOR);
                let most = limits.max_entry_bytes.min(by_memory).min(by_ratio);
                // Safe: at most the per-entry limit, and at most what the data can inflate to.
                let mut buf = Vec::with_capacity(capacity as usize);
                let read = flate2::read::DeflateDecoder::new(compressed)
                    .take(most + 1)
                    .read_to_end(&mut buf)
                    .map_err(|err| entry_error(format!("cannot inflate: {err}")))?;
                if read as u64 > most {
                    return Err(if most == limits.max_entry_bytes {
                        too_large()
                    } else if most == by_ratio {
                        BundleError::InflateRatio {
                            path: self.path.clone(),
                            entry: name.to_string(),
                            declared: read as u64,
                            compressed: compressed.len() as u64,
                            limit: limits.max_inflate_ratio,
                        }
                    } else {
                        BundleError::MemoryBudget {
                            path: self.path.clone(),
                            entry: name.to_string(),
                            limit: limits.max_memory,
                        }
                    });
                }
                if read as u64 > declared {
                    self.charge(name, read as u64 - declared)?;
                    held.grow(read as u64 - declared);
                }
                if read as u64 != declared {
                    self.note(ZipAnomaly {
                        kind: ZipAnomalyKind::SizeMismatch,
                        message: format!(
                            "{name} inflates to {read} bytes, its central directory record declares {declared}; Android refuses to read it"
                        ),
                        android_rejects: true,
                        place: Place::new(name, format!("data at {data_start:#x}")),
                    });
                }
                EntryBytes(EntryRepr::Owned {
                    bytes: buf,
                    _held: held,
                })
            }
            method => {
                return Err(entry_error(format!(
                    "compression method {method} is not supported (Android reads only stored and deflated entries)"
                )));
            }
        };
        let mut crc = flate2::Crc::new();
        crc.update(&bytes);
        if crc.sum() != entry.crc32 {
            self.note(ZipAnomaly {
                kind: ZipAnomalyKind::CrcMismatch,
                message: format!(
                    "{name}: content CRC-32 {:08x}, the central directory declares {:08x}; Android does not check it and loads the content as is",
                    crc.sum(),
                    entry.crc32
                ),
                android_rejects: false,
                place: Place::new(name, format!("data at {data_start:#x}")),
            });
        }
        Ok(bytes)
    }

    /// Index into the directory's entries of the first record named `name`.
    fn position(&self, name: &str) -> Option<usize> {
        let index = &self.shared.index;
        index
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|k| index[k].1)
    }

    fn note(&self, anomaly: ZipAnomaly) {
        self.shared
            .read_anomalies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(anomaly);
    }

    /// Bytes of inflated entries alive now.
    fn held_now(&self) -> u64 {
        self.held.load(Ordering::Relaxed)
    }

    /// Charges `bytes` about to be inflated to the memory budget, or refuses them.
    fn hold(&self, name: &str, bytes: u64) -> Result<Held, BundleError> {
        let before = self.held.fetch_add(bytes, Ordering::Relaxed);
        let held = Held {
            counter: Arc::clone(&self.held),
            bytes,
        };
        if before.saturating_add(bytes) > self.shared.limits.max_memory {
            return Err(BundleError::MemoryBudget {
                path: self.path.clone(),
                entry: name.to_string(),
                limit: self.shared.limits.max_memory,
            });
        }
        Ok(held)
    }

    fn charge(&self, name: &str, bytes: u64) -> Result<(), BundleError> {
        let before = self.inflated_total.fetch_add(bytes, Ordering::Relaxed);
        if before.saturating_add(bytes) > self.shared.limits.max_total_bytes {
            return Err(BundleError::TotalTooLarge {
                path: self.path.clone(),
                entry: name.to_string(),
                limit: self.shared.limits.max_total_bytes,
            });
        }
        Ok(())
    }
}

/// Where the archive starts in the file: its lowest local header (or its central directory when
/// it has no entries).
fn archive_start(directory: &CentralDirectory) -> u64 {
    directory
        .entries
        .iter()
        .map(|e| e.local_header_offset)
        .min()
        .unwrap_or(directory.directory_offset as u64)
        .min(directory.directory_offset as u64)
}

const DEX_MAGIC: &[u8] = b"dex\n";

/// Whether the `len` bytes before the first listed entry are zipflinger's "virtual entries":
/// local file headers with an empty name, no data and an extra field that pads them to the
/// next entry, listed in no central directory record. AGP's zipflinger writes them to fill the
/// space a deleted or realigned entry left (`ApiDemos-debug.apk` starts with one); the file then
/// starts with a local header as Android requires, and libziparchive never reads them.
fn virtual_entries_only(r: Reader<'_>, len: u64) -> bool {
    const LOCAL_HEADER: &[u8] = b"PK\x03\x04";
    let mut at = 0u64;
    while at < len {
        let Ok(pos) = usize::try_from(at) else {
            return false;
        };
        let field = |off: usize| r.u16(pos + off);
        let is_virtual = r.bytes(pos, 4) == Some(LOCAL_HEADER)
            && field(26) == Some(0) // file name length
            && r.u32(pos + 18) == Some(0) // compressed size
            && r.u32(pos + 22) == Some(0); // uncompressed size
        let Some(extra) = field(28).filter(|_| is_virtual) else {
            return false;
        };
        at += 30 + u64::from(extra);
    }
    at == len
}

/// Anomalies of the archive as a whole: a prefix (or a whole DEX file) before it, bytes after it.
fn archive_anomalies(
    r: Reader<'_>,
    directory: &CentralDirectory,
    bundle_name: &str,
    out: &mut Vec<ZipAnomaly>,
) {
    let start = archive_start(directory);
    if start > 0 && !(directory.shift == 0 && virtual_entries_only(r, start)) {
        let offsets = if directory.shift == 0 {
            "the central directory's offsets count from the start of the file".to_string()
        } else {
            format!(
                "the central directory's offsets count from the start of the archive, {} bytes in",
                directory.shift
            )
        };
        let dex = r.bytes(0, DEX_MAGIC.len()) == Some(DEX_MAGIC);
        let (kind, what) = if dex {
            // The DEX header's file_size says how long the DEX claims to be.
            let dex_size = r.u32(0x20).unwrap_or(0);
            (
                ZipAnomalyKind::DexPrefix,
                format!(
                    "a DEX file (its header declares {dex_size} bytes) fills the {start} bytes before the zip archive (Janus, CVE-2017-13156): Android 5.0 to 8.0 without the December 2017 patch would run that DEX instead of classes.dex; patched Android refuses the APK"
                ),
            )
        } else {
            (
                ZipAnomalyKind::PrefixBytes,
                format!(
                    "{start} bytes precede the zip archive's first local header; Android refuses an APK that does not start with a local header"
                ),
            )
        };
        out.push(ZipAnomaly {
            kind,
            message: format!("{what} ({offsets})"),
            android_rejects: true,
            place: Place::new(bundle_name, format!("bytes 0x0..{start:#x}")),
        });
    }
    if directory.trailing > 0 {
        let end = r.len() - directory.trailing;
        out.push(ZipAnomaly {
            kind: ZipAnomalyKind::TrailingBytes,
            message: format!(
                "{} bytes follow the end-of-central-directory record and its comment; Android refuses the APK",
                directory.trailing
            ),
            android_rejects: true,
            place: Place::new(bundle_name, format!("bytes {end:#x}..{:#x}", r.len())),
        });
    }
}

/// Anomalies of one entry: its name, method and flags, and how its local header (and data
/// descriptor) compare with its central-directory record.
fn entry_anomalies(
    r: Reader<'_>,
    entry: &CentralEntry,
    local: Result<&cd::LocalHeader<'_>, &cd::LocalError>,
    out: &mut Vec<ZipAnomaly>,
) {
    let name = entry.name.as_str();
    let record = || Place::new(name, format!("central directory entry #{}", entry.index));
    let at_local = || {
        Place::new(
            name,
            format!("local header at {:#x}", entry.local_header_offset),
        )
    };
    if !entry.name_is_valid() {
        out.push(ZipAnomaly {
            kind: ZipAnomalyKind::InvalidEntryName,
            message: format!(
                "the name of central directory entry #{} is not valid UTF-8 or holds a NUL byte (read as {name:?}); Android refuses the APK",
                entry.index
            ),
            android_rejects: true,
            place: record(),
        });
    }
    if entry.method != METHOD_STORED && entry.method != METHOD_DEFLATED {
        out.push(ZipAnomaly {
            kind: ZipAnomalyKind::UnknownMethod,
            message: format!(
                "{name}: the central directory declares compression method {}; Android reads only stored (0) and deflated (8) entries",
                entry.method
            ),
            android_rejects: true,
            place: record(),
        });
    }
    if entry.flags & FLAG_ENCRYPTED != 0 {
        out.push(ZipAnomaly {
            kind: ZipAnomalyKind::EncryptionFlag,
            message: format!(
                "{name} is flagged as encrypted (general-purpose bit 0); Android ignores the flag and reads it as plain data"
            ),
            android_rejects: false,
            place: record(),
        });
    }
    if entry.method == METHOD_STORED && entry.compressed_size != entry.uncompressed_size {
        out.push(ZipAnomaly {
            kind: ZipAnomalyKind::SizeMismatch,
            message: format!(
                "{name} is stored but declares {} compressed and {} uncompressed bytes; Android copies the uncompressed size",
                entry.compressed_size, entry.uncompressed_size
            ),
            android_rejects: false,
            place: record(),
        });
    }
    let local = match local {
        Ok(local) => local,
        Err(err) => {
            out.push(ZipAnomaly {
                kind: ZipAnomalyKind::BadLocalHeader,
                message: format!("{name}: {err}; Android refuses to read it"),
                android_rejects: true,
                place: at_local(),
            });
            return;
        }
    };

    // Differences Android refuses (name, and sizes or CRC when no data descriptor defers them),
    // then those it tolerates (method, descriptor flag).
    let mut refused = Vec::new();
    let mut tolerated = Vec::new();
    if local.name != entry.raw_name.as_slice() {
        refused.push(format!(
            "name {:?}",
            String::from_utf8_lossy(local.name).into_owned()
        ));
    }
    if local.flags & FLAG_DESCRIPTOR == 0 {
        let mut differs = |what: &str, local: u64, central: u64, hex: bool| {
            if local != central {
                refused.push(if hex {
                    format!("{what} {local:08x} (central {central:08x})")
                } else {
                    format!("{what} {local} (central {central})")
                });
            }
        };
        differs(
            "CRC-32",
            u64::from(local.crc32),
            u64::from(entry.crc32),
            true,
        );
        differs(
            "compressed size",
            local.compressed_size,
            entry.compressed_size,
            false,
        );
        differs(
            "uncompressed size",
            local.uncompressed_size,
            entry.uncompressed_size,
            false,
        );
    } else {
        let at = local.data_start as u64 + cd::stored_length(entry);
        let descriptor = usize::try_from(at)
            .ok()
            .and_then(|at| cd::data_descriptor(r, at, entry));
        let problem = match descriptor {
            None => Some(format!("lies past the end of the file (at {at:#x})")),
            Some((crc, compressed, uncompressed))
                if (crc, compressed, uncompressed)
                    != (entry.crc32, entry.compressed_size, entry.uncompressed_size) =>
            {
                Some(format!(
                    "says CRC-32 {crc:08x}, {compressed} compressed and {uncompressed} uncompressed bytes; the central directory says {:08x}, {} and {}",
                    entry.crc32, entry.compressed_size, entry.uncompressed_size
                ))
            }
            Some(_) => None,
        };
        if let Some(problem) = problem {
            out.push(ZipAnomaly {
                kind: ZipAnomalyKind::DataDescriptorMismatch,
                message: format!(
                    "{name}: the data descriptor {problem}; Android refuses to read it"
                ),
                android_rejects: true,
                place: Place::new(name, format!("data descriptor at {at:#x}")),
            });
        }
    }
    if (local.flags & FLAG_DESCRIPTOR) != (entry.flags & FLAG_DESCRIPTOR) {
        tolerated.push(format!(
            "data-descriptor flag {} (central {})",
            u8::from(local.flags & FLAG_DESCRIPTOR != 0),
            u8::from(entry.flags & FLAG_DESCRIPTOR != 0)
        ));
    }
    let known = |m: u16| m == METHOD_STORED || m == METHOD_DEFLATED;
    if local.method != entry.method {
        if known(local.method) {
            tolerated.push(format!(
                "compression method {} (central {})",
                local.method, entry.method
            ));
        } else {
            out.push(ZipAnomaly {
                kind: ZipAnomalyKind::UnknownLocalMethod,
                message: format!(
                    "{name}: the local header declares compression method {:#06x} (central directory: {}); Android uses the central directory's, strict readers fail",
                    local.method, entry.method
                ),
                android_rejects: false,
                place: at_local(),
            });
        }
    }
    if !refused.is_empty() || !tolerated.is_empty() {
        let android_rejects = !refused.is_empty();
        let verdict = if android_rejects {
            "Android refuses to read it"
        } else {
            "Android reads it by the central directory"
        };
        refused.extend(tolerated);
        out.push(ZipAnomaly {
            kind: ZipAnomalyKind::LocalHeaderMismatch,
            message: format!(
                "{name}: the local header differs from the central directory: {}; {verdict}",
                refused.join(", ")
            ),
            android_rejects,
            place: at_local(),
        });
    }
}

/// Zips inside zips (the split APKs of an `.apks` or `.xapk`) and zips read together (the APKs of
/// a split directory): one inflate budget for the whole bundle.
impl ZipBundle {
    /// Open the zip stored in entry `name` from memory. Inflating it is charged to this bundle,
    /// and so is every entry later read from it (the two share one budget). An entry that is not
    /// a zip is an [`BundleError::Entry`] error (the rest of the bundle stays readable); an entry
    /// listing more entries than the limit is fatal, as for any zip.
    pub fn open_nested(&self, name: &str) -> Result<ZipBundle, BundleError> {
        let entry_error = |message: String| BundleError::Entry {
            path: self.path.clone(),
            entry: name.to_string(),
            message,
        };
        let bytes = self.read(name)?;
        let bytes = FileBytes::from_bytes(&bytes)
            .map_err(|err| entry_error(format!("not a zip archive: {err}")))?;
        let nested_path = PathBuf::from(format!("{}!/{name}", self.path.display()));
        let nested = match ZipBundle::open(&nested_path, bytes, &self.shared.limits) {
            Ok(nested) => nested,
            Err(BundleError::Unrecognised { reason, .. }) => {
                return Err(entry_error(format!("not a zip archive: {reason}")));
            }
            Err(err) => return Err(err),
        };
        Ok(nested.sharing_budget_of(self))
    }

    /// This archive, charging what it inflates to `other`'s budget from now on.
    pub fn sharing_budget_of(mut self, other: &ZipBundle) -> ZipBundle {
        self.inflated_total = Arc::clone(&other.inflated_total);
        self.held = Arc::clone(&other.held);
        self
    }
}
