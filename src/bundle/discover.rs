//! Finding bundles inside a directory, for batch runs (`sdklint check DIR`).
//!
//! A file or directory whose name ends in a bundle extension is a bundle and is not descended
//! into; everything else is walked, without following symbolic links, to a bounded depth and
//! entry count.

use std::path::{Path, PathBuf};

/// How deep below the starting directory the walk goes.
pub const MAX_DEPTH: usize = 16;
/// Most directory entries the walk looks at.
pub const MAX_ENTRIES: usize = 200_000;

const FILE_EXTENSIONS: &[&str] = &["apk", "aab", "apks", "xapk", "ipa", "dex"];
const DIR_EXTENSIONS: &[&str] = &["app", "xcarchive", "framework", "xcframework"];

/// Bundles below `dir`, sorted by path.
pub fn discover(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut seen = 0usize;
    walk(dir, 0, &mut seen, &mut found)?;
    found.sort();
    Ok(found)
}

fn walk(
    dir: &Path,
    depth: usize,
    seen: &mut usize,
    found: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    if depth > MAX_DEPTH {
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
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let ext = ext.as_deref().unwrap_or("");
        if kind.is_dir() {
            if DIR_EXTENSIONS.contains(&ext) {
                found.push(path);
            } else {
                walk(&path, depth + 1, seen, found)?;
            }
        } else if kind.is_file() && FILE_EXTENSIONS.contains(&ext) {
            found.push(path);
        }
    }
    Ok(())
}
