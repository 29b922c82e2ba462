//! Packaging anomalies: what the bundle's zip structure shows beyond its content.
//!
//! The tolerant zip reader ([`crate::bundle::ZipBundle`]) reads an APK the way Android's
//! libziparchive does (by its central directory) and records here every place where the
//! structure departs from what build tools (aapt2, zipalign, apksigner, bundletool) write:
//! a local header that disagrees with its central-directory record, two entries with one name,
//! bytes before the archive, and so on. Some of these Android tolerates (and strict zip readers
//! do not: the classic way to hide code from analysis tools); others make Android refuse the
//! APK (a sign of tampering, or of a file that was never meant to be installed as is).
//! [`Anomaly::android_rejects`] says which.

use serde::Serialize;

use super::Location;

/// One packaging anomaly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Anomaly {
    pub kind: AnomalyKind,
    /// One line saying what differs and where, with the values read.
    pub message: String,
    /// Whether Android (libziparchive, Android 14) refuses to open the APK, or to read the entry,
    /// because of this anomaly. `false`: Android reads it anyway, only strict readers choke.
    pub android_rejects: bool,
    /// The entry concerned (or the bundle's file name for the archive as a whole) and where in
    /// the zip structure: `local header at 0x1f40`, `central directory entry #3`.
    pub location: Location,
}

/// The kinds of anomaly, each with a stable kebab-case name (JSON, SL901 messages, tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnomalyKind {
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
    /// A binary XML string without its terminating NUL: sdklint reads it by its length prefix,
    /// the platform's `ResStringPool::stringAt` rejects it and the app sees no value there
    /// (androguard refuses it too), so tools and the device may disagree on the manifest.
    UnterminatedString,
}

impl AnomalyKind {
    /// The stable kebab-case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AnomalyKind::PrefixBytes => "prefix-bytes",
            AnomalyKind::DexPrefix => "dex-prefix",
            AnomalyKind::TrailingBytes => "trailing-bytes",
            AnomalyKind::DuplicateEntry => "duplicate-entry",
            AnomalyKind::LocalHeaderMismatch => "local-header-mismatch",
            AnomalyKind::UnknownLocalMethod => "unknown-local-method",
            AnomalyKind::UnknownMethod => "unknown-method",
            AnomalyKind::BadLocalHeader => "bad-local-header",
            AnomalyKind::DataDescriptorMismatch => "data-descriptor-mismatch",
            AnomalyKind::EncryptionFlag => "encryption-flag",
            AnomalyKind::InvalidEntryName => "invalid-entry-name",
            AnomalyKind::SizeMismatch => "size-mismatch",
            AnomalyKind::CrcMismatch => "crc-mismatch",
            AnomalyKind::UnterminatedString => "unterminated-string",
        }
    }

    /// A short description for a summary line: "entries whose local header disagrees with the
    /// central directory".
    pub fn describe(self) -> &'static str {
        match self {
            AnomalyKind::PrefixBytes => "bytes before the zip archive",
            AnomalyKind::DexPrefix => "a DEX file before the zip archive (Janus, CVE-2017-13156)",
            AnomalyKind::TrailingBytes => "bytes after the end of the zip archive",
            AnomalyKind::DuplicateEntry => "entry names listed twice in the central directory",
            AnomalyKind::LocalHeaderMismatch => {
                "local headers that disagree with the central directory"
            }
            AnomalyKind::UnknownLocalMethod => "unknown compression methods in local headers",
            AnomalyKind::UnknownMethod => "unsupported compression methods",
            AnomalyKind::BadLocalHeader => "missing or out-of-bounds local headers",
            AnomalyKind::DataDescriptorMismatch => {
                "data descriptors that disagree with the central directory"
            }
            AnomalyKind::EncryptionFlag => "encryption flags on unencrypted entries",
            AnomalyKind::InvalidEntryName => "entry names that are not valid UTF-8",
            AnomalyKind::SizeMismatch => "entries whose size differs from the declared size",
            AnomalyKind::CrcMismatch => "entries whose content does not match their CRC-32",
            AnomalyKind::UnterminatedString => "binary XML strings without their terminating NUL",
        }
    }
}

impl std::fmt::Display for AnomalyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
