//! iOS bundles: an `.ipa` (zip with `Payload/*.app/`), and the directories Xcode produces — an
//! `.app`, an `.xcarchive` (`Products/Applications/*.app` plus its own Info.plist), a vendor
//! `.framework` and an `.xcframework` (Info.plist `AvailableLibraries`).
//!
//! Recognised by content: a zip with `Payload/` entries is an IPA (it must hold a
//! `Payload/*.app/Info.plist`); a directory is classified by its Info.plist (`CFBundlePackageType`
//! `APPL`/`FMWK`/`XFWK`, `AvailableLibraries`, `ArchiveVersion`) and its layout
//! (`Products/Applications/`), the extension only breaking ties.
//!
//! Directories are walked without following symbolic links out of the bundle: a link whose target
//! (canonicalised) lies inside the bundle and is a file is read through its own path; a link to a
//! directory is not followed (its target is walked under its real path, which also rules out
//! cycles); a link that leaves the bundle is listed in [`IosBundle::skipped`]. The walk is bounded
//! by [`MAX_DIR_DEPTH`] and by [`Limits::max_entries`]; files are memory-mapped when read, checked
//! against [`Limits::max_entry_bytes`] first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{BundleError, FileBytes, Limits, ZipBundle};
use crate::apple::plist;

/// Deepest directory nesting walked inside a bundle directory. Real apps nest about 10 levels
/// (`Frameworks/X.framework/X_Privacy.bundle/…`); macOS-style frameworks inside an xcframework
/// about 8.
pub const MAX_DIR_DEPTH: usize = 32;

/// The bytes of one entry: inflated from a zip, or a memory map of a file.
pub enum EntryBytes {
    Owned(Vec<u8>),
    Mapped(FileBytes),
}

impl AsRef<[u8]> for EntryBytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            EntryBytes::Owned(v) => v,
            EntryBytes::Mapped(m) => m.as_ref(),
        }
    }
}

enum Source {
    Zip(ZipBundle),
    /// Entry name → file on disk.
    Dir(BTreeMap<String, PathBuf>),
}

/// Which iOS bundle a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IosKind {
    Ipa,
    App,
    Xcarchive,
    Framework,
    Xcframework,
}

/// An opened iOS bundle: its kind, its top directory and bounded access to its files.
pub struct IosBundle {
    path: PathBuf,
    kind: IosKind,
    root: String,
    names: Vec<String>,
    source: Source,
    limits: Limits,
    skipped: Vec<(String, String)>,
}

impl IosBundle {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn kind(&self) -> IosKind {
        self.kind
    }

    /// The top bundle directory as entry names spell it: `Payload/Shop.app` for an IPA,
    /// `Shop.app`, `Shop.xcarchive`, `AppsFlyerLib.xcframework` for a directory (whose entries are
    /// named from the directory itself: `Shop.app/Info.plist`).
    pub fn root(&self) -> &str {
        &self.root
    }

    /// File entries, sorted.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Entries not read, and why (symbolic links leaving the bundle, unreadable directories).
    pub fn skipped(&self) -> &[(String, String)] {
        &self.skipped
    }

    /// Read one entry within the limits: inflate it from the zip, or map the file.
    pub fn read(&self, name: &str) -> Result<EntryBytes, BundleError> {
        match &self.source {
            Source::Zip(zip) => zip.read(name).map(EntryBytes::Owned),
            Source::Dir(files) => {
                let entry_error = |message: String| BundleError::Entry {
                    path: self.path.clone(),
                    entry: name.to_string(),
                    message,
                };
                let file = files
                    .get(name)
                    .ok_or_else(|| entry_error("no such entry".into()))?;
                let len = std::fs::metadata(file)
                    .map_err(|e| entry_error(e.to_string()))?
                    .len();
                if len > self.limits.max_entry_bytes {
                    return Err(BundleError::EntryTooLarge {
                        path: self.path.clone(),
                        entry: name.to_string(),
                        limit: self.limits.max_entry_bytes,
                    });
                }
                if len == 0 {
                    return Ok(EntryBytes::Owned(Vec::new()));
                }
                FileBytes::map(file)
                    .map(EntryBytes::Mapped)
                    .map_err(|e| entry_error(e.to_string()))
            }
        }
    }
}

/// Whether a zip looks like an IPA: it has `Payload/` entries.
pub fn is_ipa(zip: &ZipBundle) -> bool {
    zip.names().iter().any(|n| n.starts_with("Payload/"))
}

/// An IPA: the first (sorted) `Payload/*.app` with an Info.plist is the app.
pub fn open_ipa(zip: ZipBundle, limits: &Limits) -> Result<IosBundle, BundleError> {
    let mut apps: Vec<&str> = zip
        .names()
        .iter()
        .filter_map(|n| {
            let rest = n.strip_prefix("Payload/")?;
            let (app, file) = rest.split_once('/')?;
            (app.ends_with(".app") && file == "Info.plist").then_some(&n[..8 + app.len()])
        })
        .collect();
    apps.sort_unstable();
    let Some(root) = apps.first().map(|s| s.to_string()) else {
        return Err(BundleError::Unrecognised {
            path: zip.path().to_path_buf(),
            reason: "a zip with Payload/ but no Payload/*.app/Info.plist: not an IPA".into(),
        });
    };
    let mut names = zip.names().to_vec();
    names.retain(|n| !n.ends_with('/'));
    names.sort();
    Ok(IosBundle {
        path: zip.path().to_path_buf(),
        kind: IosKind::Ipa,
        root,
        names,
        source: Source::Zip(zip),
        limits: *limits,
        skipped: Vec::new(),
    })
}

/// A bundle directory, classified by content; `None` when it has no Info.plist (not an Apple
/// bundle).
pub fn open_dir(path: &Path, limits: &Limits) -> Result<Option<IosBundle>, BundleError> {
    let io = |source| BundleError::Io {
        path: path.to_path_buf(),
        source,
    };
    let canonical = path.canonicalize().map_err(io)?;
    let info = ["Info.plist", "Resources/Info.plist"]
        .iter()
        .map(|p| canonical.join(p))
        .find(|p| p.is_file());
    let ext = canonical
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // Vendor static frameworks (CocoaPods, npm packages) often ship without an Info.plist: a
    // `.framework` holding its binary (`X.framework/X`) is one all the same.
    let bare_framework = ext == "framework"
        && canonical
            .file_stem()
            .is_some_and(|stem| canonical.join(stem).is_file());
    if info.is_none() && !bare_framework {
        return Ok(None);
    }
    let dict = info
        .as_ref()
        .and_then(|info| std::fs::metadata(info).ok().map(|m| (info, m)))
        .filter(|(_, m)| m.len() <= plist::PlistLimits::default().max_bytes as u64)
        .and_then(|(info, _)| std::fs::read(info).ok())
        .and_then(|b| plist::parse_dict(&b).ok())
        .unwrap_or_default();
    let package_type = dict.get("CFBundlePackageType").and_then(|v| v.as_str());
    let kind = if canonical.join("Products/Applications").is_dir()
        || dict.contains_key("ArchiveVersion")
    {
        IosKind::Xcarchive
    } else if dict.contains_key("AvailableLibraries") || package_type == Some("XFWK") {
        IosKind::Xcframework
    } else if package_type == Some("FMWK") || (package_type.is_none() && ext == "framework") {
        IosKind::Framework
    } else {
        IosKind::App
    };
    let top = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    let mut walk = Walk {
        root: &canonical,
        limits,
        files: BTreeMap::new(),
        skipped: Vec::new(),
        path,
    };
    walk.dir(&canonical, &top, 0)?;
    let Walk { files, skipped, .. } = walk;
    Ok(Some(IosBundle {
        path: path.to_path_buf(),
        kind,
        root: top,
        names: files.keys().cloned().collect(),
        source: Source::Dir(files),
        limits: *limits,
        skipped,
    }))
}

struct Walk<'a> {
    root: &'a Path,
    path: &'a Path,
    limits: &'a Limits,
    files: BTreeMap<String, PathBuf>,
    skipped: Vec<(String, String)>,
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path, name: &str, depth: usize) -> Result<(), BundleError> {
        if depth > MAX_DIR_DEPTH {
            self.skipped.push((
                name.to_string(),
                format!("nested deeper than {MAX_DIR_DEPTH} directories: not read"),
            ));
            return Ok(());
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.skipped.push((name.to_string(), e.to_string()));
                return Ok(());
            }
        };
        let mut children: Vec<_> = entries.filter_map(Result::ok).collect();
        children.sort_by_key(|e| e.file_name());
        for child in children {
            let child_name = format!("{name}/{}", child.file_name().to_string_lossy());
            let child_path = child.path();
            let Ok(kind) = child.file_type() else {
                continue;
            };
            if kind.is_dir() {
                self.dir(&child_path, &child_name, depth + 1)?;
                continue;
            }
            if kind.is_symlink() {
                match child_path.canonicalize() {
                    Ok(target) if target.starts_with(self.root) => {
                        if !target.is_file() {
                            // A directory link: its target is walked under its real path.
                            continue;
                        }
                    }
                    Ok(target) => {
                        self.skipped.push((
                            child_name,
                            format!(
                                "a symbolic link out of the bundle ({}): not followed",
                                target.display()
                            ),
                        ));
                        continue;
                    }
                    Err(e) => {
                        self.skipped
                            .push((child_name, format!("a broken symbolic link: {e}")));
                        continue;
                    }
                }
            } else if !kind.is_file() {
                continue;
            }
            if self.files.len() >= self.limits.max_entries {
                return Err(BundleError::TooManyEntries {
                    path: self.path.to_path_buf(),
                    count: self.files.len() + 1,
                    limit: self.limits.max_entries,
                });
            }
            self.files.insert(child_name, child_path);
        }
        Ok(())
    }
}
