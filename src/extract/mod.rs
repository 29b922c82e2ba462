//! Extractors: turn an opened [`Bundle`] into [`Facts`].
//!
//! Each entry that matters is read once; DEX files are inflated and parsed in parallel. An entry
//! that cannot be parsed becomes a [`ReadError`](crate::facts::ReadError) and the rest of the
//! bundle is still analysed; an entry without which nothing can be said (the manifest) or a limit
//! that was exceeded ends the analysis with an error.

mod aab;
mod android;
pub mod code;
mod integrity;
mod ios;
mod jvm;
pub mod macho;
mod native;
pub mod ownership;
pub mod resources;
mod signing;
mod splits;
mod version_files;

use std::path::{Path, PathBuf};

use crate::bundle::{Bundle, BundleError};
use crate::facts::{BundleFormat, Facts};

/// Why a bundle could not be analysed at all.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error("{path}: {entry}: {message}")]
    Unreadable {
        path: PathBuf,
        entry: String,
        message: String,
    },
    /// A split set (`.apks`, `.xapk`, directory of split APKs) without a usable base APK.
    #[error("{path}: {message}")]
    SplitSet { path: PathBuf, message: String },
}

/// What to extract beyond what every bundle gives.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The calls to record as [`call_sites`](crate::facts::Facts::call_sites); empty: none, and
    /// no bytecode is walked.
    pub call_filter: code::CallFilter,
    /// The Objective-C messages and functions to record from the arm64 code of an iOS app's own
    /// binaries (main executable and extensions); empty: no code is walked.
    pub ios_call_filter: crate::apple::calls::CallFilter,
}

/// Extract the facts of `bundle`, opened from `path`.
pub fn extract(
    path: &Path,
    bundle: &Bundle,
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    let mut facts = extract_any(path, bundle, options)?;
    // A label still a resource reference (`@0x7f010000`: an AAB's resources.pb references are
    // not resolved yet, nor framework strings) names nothing a reader could use.
    if facts
        .app
        .label
        .as_deref()
        .is_some_and(resources::is_reference)
    {
        facts.app.label = None;
    }
    Ok(facts)
}

fn extract_any(
    path: &Path,
    bundle: &Bundle,
    options: &ExtractOptions,
) -> Result<Facts, ExtractError> {
    match bundle {
        Bundle::Apk(zip) => android::extract_apk(path, zip, options),
        Bundle::Manifest(bytes) => android::extract_bare_manifest(path, bytes.as_ref()),
        Bundle::Dex(bytes) => android::extract_bare_dex(path, bytes.as_ref(), options),
        Bundle::Aar(zip) => jvm::extract_aar(path, zip, &options.call_filter),
        Bundle::Jar(zip) => jvm::extract_jar(path, zip, &options.call_filter),
        Bundle::Aab(zip) => aab::extract_aab(path, zip, options),
        Bundle::Apks(zip) => splits::extract_split_zip(path, zip, BundleFormat::Apks, options),
        Bundle::Xapk(zip) => splits::extract_split_zip(path, zip, BundleFormat::Xapk, options),
        Bundle::ApkDir { dir, limits } => splits::extract_split_dir(dir, limits, options),
        Bundle::Ios(ios) => ios::extract(path, ios, options),
        Bundle::MachO(bytes) => {
            macho::extract_bare(path, bytes.as_ref(), BundleFormat::MachO, options)
        }
        Bundle::StaticLibrary(bytes) => {
            macho::extract_bare(path, bytes.as_ref(), BundleFormat::StaticLibrary, options)
        }
    }
}

/// The name used for a bare file's entries: its file name.
fn bare_entry_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
