//! Packaging anomalies as the zip reader reports them: where an archive's structure departs from
//! what build tools write (see [`ZipAnomalyKind`]). bundle's own type, so that opening a bundle
//! needs nothing of the layers above it; extraction turns each into a fact
//! (`facts::integrity::Anomaly`, which SL901 reads).

/// One anomaly of a zip archive's structure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ZipAnomaly {
    pub kind: ZipAnomalyKind,
    /// One line saying what differs and where, with the values read.
    pub message: String,
    /// Whether Android (libziparchive, Android 14) refuses to open the APK, or to read the entry,
    /// because of this anomaly. `false`: Android reads it anyway, only strict readers choke.
    pub android_rejects: bool,
    /// The entry concerned (or the bundle's file name for the archive as a whole) and where in
    /// the zip structure.
    pub place: Place,
}

/// Where in an archive: an entry (or the archive's own name) and a position in the zip
/// structure: `local header at 0x1f40`, `central directory entry #3`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    pub locator: String,
}

impl Place {
    pub fn new(file: impl Into<String>, locator: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            locator: locator.into(),
        }
    }
}

/// The kinds of zip-structure anomaly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ZipAnomalyKind {
    /// Bytes before the first local header (a self-extractor stub, a packer's loader).
    PrefixBytes,
    /// A whole DEX file before the zip: the Janus trick (CVE-2017-13156).
    DexPrefix,
    /// Bytes after the end-of-central-directory record and its comment.
    TrailingBytes,
    /// Two central-directory entries with the same name (the "Master Key" trick, bug 8219321).
    DuplicateEntry,
    /// A local header that disagrees with its central-directory record on the name, the sizes,
    /// the CRC, the compression method (both known) or the data-descriptor flag.
    LocalHeaderMismatch,
    /// A local header that declares a compression method no reader knows; Android ignores it.
    UnknownLocalMethod,
    /// A central-directory record with a compression method other than stored or deflated:
    /// Android cannot read the entry.
    UnknownMethod,
    /// A local header that is missing, out of bounds or whose data runs past the file.
    BadLocalHeader,
    /// A data descriptor (general-purpose flag bit 3) whose CRC or sizes disagree with the
    /// central directory, or that lies past the end of the file. A data descriptor as such is
    /// not an anomaly: stream writers (Java's `ZipOutputStream`, `zip` to a pipe) write them.
    DataDescriptorMismatch,
    /// The encryption flag (bit 0) set on an entry that is not encrypted: Android ignores the
    /// flag, while analysis tools give up on the "encrypted" entry.
    EncryptionFlag,
    /// An entry name that is not valid UTF-8 or holds a NUL byte.
    InvalidEntryName,
    /// An entry that inflates to another size than its central-directory record declares, or a
    /// stored entry whose two sizes differ.
    SizeMismatch,
    /// An entry whose content does not match the CRC-32 its central-directory record declares.
    /// Android does not check CRCs, so altered content is still loaded.
    CrcMismatch,
}
