//! `META-INF/*.version` entries: the version stamps of AndroidX, Firebase and Google Play services
//! libraries.
//!
//! Those artifacts put a one-line text file `META-INF/<group>_<artifact>.version` (content
//! `21.5.0`) into their jar; the Android Gradle plugin merges jar resources into the APK, so a
//! release APK built with Firebase Analytics carries
//! `META-INF/com.google.firebase_firebase-analytics.version`, and shrinking does not remove it
//! (it is not a class). Reading them is cheap and exact: each entry is a few bytes.
//!
//! Only root-level `META-INF/*.version` entries of at most [`MAX_VERSION_BYTES`] bytes whose
//! content is a printable one-line version are kept; anything else (a file that fails to inflate,
//! a binary blob with that name) becomes a `facts.errors` entry or is skipped, and the rest of
//! the bundle stands.

use crate::bundle::{BundleError, ZipBundle};
use crate::facts::versions::LibraryVersionFile;
use crate::facts::{Facts, Location, ReadError};

/// A version stamp longer than this is not one (real ones are 5 to 20 bytes).
pub const MAX_VERSION_BYTES: usize = 64;

/// Adds the APK's `META-INF/*.version` files to `facts.version_files`, in entry-name order.
pub(super) fn add_version_files(facts: &mut Facts, zip: &ZipBundle) -> Result<(), BundleError> {
    let mut names: Vec<&String> = zip.names().iter().filter(|n| is_version_file(n)).collect();
    names.sort();
    names.dedup();
    for name in names {
        let bytes = match zip.read(name) {
            Ok(bytes) => bytes,
            Err(err) if err.is_fatal() => return Err(err),
            Err(err) => {
                facts.errors.push(ReadError {
                    file: name.clone(),
                    message: err.to_string(),
                });
                continue;
            }
        };
        if let Some(version) = parse_version(&bytes) {
            let stem = &name["META-INF/".len()..name.len() - ".version".len()];
            facts.version_files.push(LibraryVersionFile {
                stem: stem.to_string(),
                version: version.to_string(),
                location: Location::new(name, format!("version {version}")),
            });
        }
    }
    Ok(())
}

fn is_version_file(name: &str) -> bool {
    name.strip_prefix("META-INF/")
        .and_then(|rest| rest.strip_suffix(".version"))
        .is_some_and(|stem| !stem.is_empty() && !stem.contains('/'))
}

/// The trimmed content if it is a short, printable, one-line ASCII text.
fn parse_version(bytes: &[u8]) -> Option<&str> {
    if bytes.len() > MAX_VERSION_BYTES {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?.trim();
    let ok = !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic());
    ok.then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_contents() {
        assert!(is_version_file("META-INF/androidx.core_core.version"));
        assert!(!is_version_file("META-INF/.version"));
        assert!(!is_version_file("META-INF/sub/x_y.version"));
        assert!(!is_version_file("assets/META-INF/x_y.version"));
        assert!(!is_version_file("META-INF/x_y.versions"));
        assert_eq!(parse_version(b"21.5.0\n"), Some("21.5.0"));
        assert_eq!(parse_version(b"1.0.0-alpha01"), Some("1.0.0-alpha01"));
        assert_eq!(parse_version(b"1.0 beta"), None);
        assert_eq!(parse_version(b"\xff\xfe"), None);
        assert_eq!(parse_version(b" \n"), None);
        assert_eq!(parse_version(&[b'1'; MAX_VERSION_BYTES + 1]), None);
    }
}
