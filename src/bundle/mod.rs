//! Opening a bundle: recognise what a path holds by its content and give bounded access to its
//! entries.
//!
//! Recognised by content, not by extension:
//! - a zip archive holding `AndroidManifest.xml` at its root → an APK;
//! - a bare DEX file (`dex\n` magic);
//! - a bare `AndroidManifest.xml`, binary (AXML chunk header `03 00 08 00`) or text (`<`);
//! - a zip holding `base/manifest/AndroidManifest.xml` → an Android App Bundle (AAB);
//! - a zip holding `toc.pb` → a bundletool split set (`.apks`);
//! - a zip holding `manifest.json` and APKs at its root → an `.xapk`;
//! - a directory holding split APKs (`base.apk`, `split_*.apk`, `base-*.apk`, or APKs of one
//!   package of which all but one carry a `split` attribute) → a split set;
//! - a bare Mach-O, thin or fat (`feedfacf`, `cafebabe`, …) → [`Bundle::MachO`]; an `ar` archive
//!   (`!<arch>\n`), or a fat file whose slices are archives → [`Bundle::StaticLibrary`];
//! - a zip holding `classes.jar` and no `classes.dex` → an Android library (`.aar`); a zip of
//!   `.class` files (or of nothing but `META-INF/`) without `AndroidManifest.xml` → a Java archive
//!   (`.jar`), see [`Bundle::Aar`] and [`Bundle::Jar`];
//! - a zip with `Payload/*.app/` → an IPA; an `.app`, `.xcarchive`, `.framework` or `.xcframework`
//!   directory, by its Info.plist (see [`ios`]).
//!
//! APKs inside a split-set zip are opened from memory ([`ZipBundle::open_nested`]) and charged to
//! the outer bundle's inflate budget, as are all the APKs of a split directory.
//!
//! Files are memory-mapped, never copied whole; zip entries are inflated one at a time into a
//! buffer of their own, under [`Limits`]. Nothing from a bundle is written to disk or executed.
//! A bundle already in memory (fetched from object storage by the Python package) is opened with
//! [`open_bytes`], read exactly like a mapped file and under the same limits.

mod anomaly;
mod central_directory;
pub mod ios;
mod limits;
mod split_dir;
mod zip_archive;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use memmap2::Mmap;

pub use anomaly::{Place, ZipAnomaly, ZipAnomalyKind};
pub use ios::{IosBundle, IosKind};
pub use limits::Limits;
pub use split_dir::split_apks_in;
pub use zip_archive::EntryBytes;
pub use zip_archive::ZipBundle;

/// Why a bundle could not be opened or one of its entries could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a recognised bundle: {reason}")]
    Unrecognised { path: PathBuf, reason: String },
    #[error(
        "{path}: zip archive without AndroidManifest.xml, base/manifest/, toc.pb, Payload/*.app, classes.jar or class files: not an APK, AAB, split set, IPA, AAR or JAR"
    )]
    NoManifest { path: PathBuf },
    #[error("{path}: {entry}: {message}")]
    Entry {
        path: PathBuf,
        entry: String,
        message: String,
    },
    #[error(
        "{path}: the zip lists {count} entries, more than the limit of {limit} (raise it with --max-entries)"
    )]
    TooManyEntries {
        path: PathBuf,
        count: usize,
        limit: usize,
    },
    #[error(
        "{path}: {entry}: inflates past the limit of {limit} bytes per entry (raise it with --max-entry-bytes)"
    )]
    EntryTooLarge {
        path: PathBuf,
        entry: String,
        limit: u64,
    },
    #[error(
        "{path}: {entry}: inflating it would take the entries held in memory past the budget of {limit} bytes per bundle (raise it with --max-memory)"
    )]
    MemoryBudget {
        path: PathBuf,
        entry: String,
        limit: u64,
    },
    #[error(
        "{path}: {entry}: inflates to {declared} bytes or more from {compressed} compressed, more than {limit}:1; a zip bomb, not a real entry (raise the ratio with --max-inflate-ratio)"
    )]
    InflateRatio {
        path: PathBuf,
        entry: String,
        declared: u64,
        compressed: u64,
        limit: u64,
    },
    #[error(
        "{path}: {entry}: the entries read so far inflate past the limit of {limit} bytes per bundle (raise it with --max-total-bytes)"
    )]
    TotalTooLarge {
        path: PathBuf,
        entry: String,
        limit: u64,
    },
}

impl BundleError {
    /// Errors that must stop the analysis of the whole bundle, even when they concern one entry:
    /// exceeding a limit means the bundle is hostile or the limits are too low, and either way a
    /// partial result would hide it.
    pub fn is_fatal(&self) -> bool {
        !matches!(self, BundleError::Entry { .. })
    }
}

/// The bytes of a file on disk, memory-mapped, or of a bundle already in memory; cheaply
/// shareable between threads.
#[derive(Clone)]
pub struct FileBytes(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

impl FileBytes {
    /// Bytes already in memory (a nested APK inflated from its split set), copied into an
    /// anonymous read-only map so that they are read exactly like a file. Empty input is refused:
    /// no bundle is empty.
    pub fn from_bytes(bytes: &[u8]) -> std::io::Result<Self> {
        if bytes.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "empty file",
            ));
        }
        let mut map = memmap2::MmapMut::map_anon(bytes.len())?;
        map.copy_from_slice(bytes);
        Ok(Self(Arc::new(map.make_read_only()?)))
    }

    /// Bytes owned by `owner` (a `Vec<u8>`, or a buffer another runtime keeps alive), read in
    /// place without a copy.
    pub fn from_owner(owner: impl AsRef<[u8]> + Send + Sync + 'static) -> Self {
        Self(Arc::new(owner))
    }

    /// Map `path` read-only.
    pub fn map(path: &Path) -> Result<Self, BundleError> {
        let io = |source| BundleError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        // SAFETY: the map is read-only and private to this process. A file truncated by another
        // process while mapped raises SIGBUS, the same hazard every mmap-based reader (ripgrep
        // among them) accepts for the speed of not copying.
        let map = unsafe { Mmap::map(&file) }.map_err(io)?;
        Ok(Self(Arc::new(map)))
    }
}

/// What a path turned out to hold.
pub enum Bundle {
    /// A zip archive with `AndroidManifest.xml` at its root.
    Apk(ZipBundle),
    /// A bare `AndroidManifest.xml`, binary or text.
    Manifest(FileBytes),
    /// An Android library (`.aar`), the form in which Android SDKs ship: a zip with a text
    /// `AndroidManifest.xml`, `classes.jar` (JVM class files) and perhaps `libs/*.jar` and
    /// `jni/<abi>/*.so`, but no DEX.
    Aar(ZipBundle),
    /// A Java archive (`.jar`): a zip of `.class` files.
    Jar(ZipBundle),
    /// A bare DEX file.
    Dex(FileBytes),
    /// An Android App Bundle: a zip with `base/manifest/AndroidManifest.xml` (protobuf XML).
    Aab(ZipBundle),
    /// A bundletool split set (`.apks`): a zip with `toc.pb` and split APKs.
    Apks(ZipBundle),
    /// An `.xapk`: a zip of APKs with a `manifest.json`.
    Xapk(ZipBundle),
    /// A directory holding split APKs (`base.apk`, `split_*.apk`); each is opened by the
    /// extractor under `limits`.
    ApkDir { dir: PathBuf, limits: Limits },
    /// An iOS bundle: IPA, `.app`, `.xcarchive`, `.framework` or `.xcframework`.
    Ios(IosBundle),
    /// A bare Mach-O file, thin or fat (a vendor dylib or framework binary).
    MachO(FileBytes),
    /// A static library: an `ar` archive of Mach-O objects, or a fat file of such archives.
    StaticLibrary(FileBytes),
}

const DEX_MAGIC: &[u8] = b"dex\n";
const AXML_MAGIC: &[u8] = &[0x03, 0x00, 0x08, 0x00];
const ZIP_LOCAL_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
/// The entry that makes a zip an Android App Bundle.
pub const AAB_MANIFEST: &str = "base/manifest/AndroidManifest.xml";

/// Open `path` and recognise its format by content.
pub fn open(path: &Path, limits: &Limits) -> Result<Bundle, BundleError> {
    let meta = std::fs::metadata(path).map_err(|source| BundleError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir()
        && let Some(ios) = ios::open_dir(path, limits)?
    {
        return Ok(Bundle::Ios(ios));
    }
    if meta.is_dir() {
        if split_dir::holds_apks(path, limits) {
            return Ok(Bundle::ApkDir {
                dir: path.to_path_buf(),
                limits: *limits,
            });
        }
        return Err(BundleError::Unrecognised {
            path: path.to_path_buf(),
            reason: "a directory without Info.plist (not an .app, .framework, .xcframework or .xcarchive)"
                .into(),
        });
    }
    if meta.len() == 0 {
        return Err(empty(path));
    }
    open_bytes(path, FileBytes::map(path)?, limits)
}

fn empty(path: &Path) -> BundleError {
    BundleError::Unrecognised {
        path: path.to_path_buf(),
        reason: "the file is empty".into(),
    }
}

/// Recognise the format of a single-file bundle already in memory (an APK, AAB, split set, IPA,
/// DEX, manifest or Mach-O) and open it under `limits`, as [`open`] does a file. `path` names the
/// bundle in reports and errors; nothing is read from it.
pub fn open_bytes(path: &Path, bytes: FileBytes, limits: &Limits) -> Result<Bundle, BundleError> {
    if bytes.as_ref().is_empty() {
        return Err(empty(path));
    }
    let mut head = [0u8; 64];
    let head_len = bytes.as_ref().len().min(head.len());
    head[..head_len].copy_from_slice(&bytes.as_ref()[..head_len]);
    let head = &head[..head_len];
    if head.starts_with(DEX_MAGIC) {
        // A file can be a DEX and an APK at once (the "Janus" trick, CVE-2017-13156: a DEX
        // prepended to a signed APK). The APK its central directory describes is analysed, and
        // the zip reader records the prefix as a `dex-prefix` anomaly (SL901): patched Android
        // refuses such a file, unpatched Android 5-8 ran the prepended DEX.
        return match ZipBundle::open(path, bytes.clone(), limits) {
            Ok(zip) if zip.contains("AndroidManifest.xml") => Ok(Bundle::Apk(zip)),
            _ => Ok(Bundle::Dex(bytes)),
        };
    }
    if head.starts_with(AXML_MAGIC) || looks_like_text_xml(head) {
        return Ok(Bundle::Manifest(bytes));
    }
    if let Some(bundle) = sniff_macho(head, &bytes) {
        return Ok(bundle);
    }
    // Zips may carry bytes before the first local header (self-extracting stubs, packers), so a
    // zip is tried whatever the first bytes are, after the cheaper magics above.
    match ZipBundle::open(path, bytes, limits) {
        Ok(zip) if is_aar(&zip) => Ok(Bundle::Aar(zip)),
        Ok(zip) if zip.contains("AndroidManifest.xml") => Ok(Bundle::Apk(zip)),
        Ok(zip) if zip.contains(AAB_MANIFEST) => Ok(Bundle::Aab(zip)),
        Ok(zip) if zip.contains("toc.pb") => Ok(Bundle::Apks(zip)),
        Ok(zip) if split_dir::is_xapk(&zip) => Ok(Bundle::Xapk(zip)),
        Ok(zip) if ios::is_ipa(&zip) => ios::open_ipa(zip, limits).map(Bundle::Ios),
        Ok(zip) if zip.names().iter().any(|n| n.ends_with(".class")) || is_empty_jar(&zip) => {
            Ok(Bundle::Jar(zip))
        }
        Ok(_) => Err(BundleError::NoManifest {
            path: path.to_path_buf(),
        }),
        Err(err @ BundleError::TooManyEntries { .. }) => Err(err),
        Err(BundleError::Unrecognised { reason, .. })
            if head.starts_with(ZIP_LOCAL_MAGIC) || head.starts_with(ZIP_EMPTY_MAGIC) =>
        {
            Err(BundleError::Unrecognised {
                path: path.to_path_buf(),
                reason: format!("a damaged or truncated zip archive ({reason})"),
            })
        }
        Err(BundleError::Unrecognised { .. }) => Err(BundleError::Unrecognised {
            path: path.to_path_buf(),
            reason: "neither a zip archive (APK, AAB, split set, IPA) nor a DEX file nor an AndroidManifest.xml"
                .into(),
        }),
        Err(err) => Err(err),
    }
}

/// A jar of no class at all: its manifest and nothing outside `META-INF/` (the `classes.jar` of a
/// resource-only AAR, such as React Native's android-jsc r174650 in react-native-fbads@3.1.1).
/// It reads as a jar with nothing in it; an APK that lost its manifest still has its DEX files.
fn is_empty_jar(zip: &ZipBundle) -> bool {
    zip.contains("META-INF/MANIFEST.MF") && zip.names().iter().all(|n| n.starts_with("META-INF/"))
}

/// An `.aar`: `classes.jar` at the root and no DEX (an APK that happens to carry a `classes.jar`
/// asset still has its `classes.dex`).
fn is_aar(zip: &ZipBundle) -> bool {
    zip.contains("classes.jar") && !zip.names().iter().any(|n| n.ends_with(".dex"))
}

/// A bare Mach-O (thin or fat) or a static library (`!<arch>\n`, or a fat file whose first slice
/// is an archive). `0xcafebabe` is also the magic of Java class files, which sdklint does not
/// read: it is taken as a fat Mach-O, whose reader then reports an implausible slice count.
fn sniff_macho(head: &[u8], bytes: &FileBytes) -> Option<Bundle> {
    use crate::apple::macho::{self, Container};
    let container = macho::sniff(head)?;
    let archive = match container {
        Container::Archive => true,
        Container::Thin => false,
        Container::Fat => macho::images(bytes.as_ref(), true)
            .is_ok_and(|units| units.first().is_some_and(|u| u.member.is_some())),
    };
    Some(if archive {
        Bundle::StaticLibrary(bytes.clone())
    } else {
        Bundle::MachO(bytes.clone())
    })
}

/// A text XML document starts, after an optional UTF-8 BOM and whitespace, with `<`.
fn looks_like_text_xml(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}
