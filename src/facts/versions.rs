//! Library version files: the `META-INF/<group>_<artifact>.version` entries that AndroidX, Firebase
//! and Google Play services artifacts carry in their jars and that end up in an APK's
//! `META-INF/` (see `extract::version_files`).

use serde::Serialize;

use super::Location;

/// One `META-INF/<group>_<artifact>.version` entry of an APK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LibraryVersionFile {
    /// The file stem, `<group>_<artifact>` as the library's build wrote it
    /// (`com.google.firebase_firebase-analytics`). The split into group and artifact is ambiguous
    /// (either may contain `_`), so consumers compare whole stems.
    pub stem: String,
    /// The file's content, trimmed (`21.5.0`).
    pub version: String,
    /// `{file: "META-INF/com.google.firebase_firebase-analytics.version", locator: "version 21.5.0"}`.
    pub location: Location,
}

impl LibraryVersionFile {
    /// Whether this file is the one of the Maven coordinate `group:artifact`.
    pub fn is_of(&self, group: &str, artifact: &str) -> bool {
        self.stem.len() == group.len() + 1 + artifact.len()
            && self.stem.starts_with(group)
            && self.stem[group.len()..].starts_with('_')
            && self.stem.ends_with(artifact)
    }
}
