//! Bounded reading of zip entries (APK today; AAB, split sets and IPA later).
//!
//! The central directory is parsed once; each reader thread clones the archive handle, which
//! shares that parsed directory and the memory map, so entries can be inflated in parallel.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use zip::ZipArchive;

use super::{BundleError, FileBytes, Limits};

/// An open zip archive with its entry names and the inflate budget shared by all its readers.
#[derive(Clone)]
pub struct ZipBundle {
    path: PathBuf,
    archive: ZipArchive<Cursor<FileBytes>>,
    names: Arc<[String]>,
    limits: Limits,
    inflated_total: Arc<AtomicU64>,
}

impl ZipBundle {
    /// Parse the central directory of `bytes`, the content of `path`.
    pub fn open(path: &Path, bytes: FileBytes, limits: &Limits) -> Result<Self, BundleError> {
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|err| BundleError::Unrecognised {
                path: path.to_path_buf(),
                reason: err.to_string(),
            })?;
        if archive.len() > limits.max_entries {
            return Err(BundleError::TooManyEntries {
                path: path.to_path_buf(),
                count: archive.len(),
                limit: limits.max_entries,
            });
        }
        let names: Arc<[String]> = archive
            .file_names()
            .filter_map(Result::ok)
            .map(|name| name.into_owned())
            .collect();
        Ok(Self {
            path: path.to_path_buf(),
            archive,
            names,
            limits: *limits,
            inflated_total: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The path the archive was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Entry names in central-directory order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Inflate one entry into a buffer of its own, within the per-entry and per-bundle limits.
    ///
    /// The declared size is checked first (cheap rejection), then the actual inflated bytes are
    /// counted while reading, since a hostile archive can declare any size it likes.
    pub fn read(&self, name: &str) -> Result<Vec<u8>, BundleError> {
        let entry_error = |message: String| BundleError::Entry {
            path: self.path.clone(),
            entry: name.to_string(),
            message,
        };
        let too_large = || BundleError::EntryTooLarge {
            path: self.path.clone(),
            entry: name.to_string(),
            limit: self.limits.max_entry_bytes,
        };
        let mut archive = self.archive.clone();
        let file = archive
            .by_name(name)
            .map_err(|err| entry_error(err.to_string()))?;
        let declared = file.size();
        if declared > self.limits.max_entry_bytes {
            return Err(too_large());
        }
        self.charge(name, declared)?;
        // Capacity from the declared size is safe: it was just checked against the limit.
        let mut buf = Vec::with_capacity(declared as usize);
        let read = file
            .take(self.limits.max_entry_bytes + 1)
            .read_to_end(&mut buf)
            .map_err(|err| entry_error(format!("cannot inflate: {err}")))?;
        if read as u64 > self.limits.max_entry_bytes {
            return Err(too_large());
        }
        if read as u64 > declared {
            self.charge(name, read as u64 - declared)?;
        }
        Ok(buf)
    }

    fn charge(&self, name: &str, bytes: u64) -> Result<(), BundleError> {
        let before = self.inflated_total.fetch_add(bytes, Ordering::Relaxed);
        if before.saturating_add(bytes) > self.limits.max_total_bytes {
            return Err(BundleError::TotalTooLarge {
                path: self.path.clone(),
                entry: name.to_string(),
                limit: self.limits.max_total_bytes,
            });
        }
        Ok(())
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
        let nested = match ZipBundle::open(&nested_path, bytes, &self.limits) {
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
        self
    }
}
