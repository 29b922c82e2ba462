//! In-house SDK definitions: `--sdk-db FILE|DIR` adds the user's `*.toml` files to the built-in
//! database, in the same format and under the same validation (a clash with a built-in SDK is
//! reported on the user's file).

use std::path::{Path, PathBuf};

use super::{DbError, SdkDb};

/// Most files one `--sdk-db` directory may hold: a guard against pointing it at the wrong tree.
pub const MAX_USER_FILES: usize = 10_000;
/// Most bytes one user SDK file may have.
pub const MAX_USER_FILE_BYTES: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum UserDbError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Unusable { path: PathBuf, message: String },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The built-in database plus every SDK file named by `paths` (a `.toml` file, or a directory
/// whose `*.toml` files are read in name order, not recursively).
pub fn with_user_files(paths: &[PathBuf]) -> Result<SdkDb, UserDbError> {
    let mut sources: Vec<(String, String)> = SdkDb::builtin_sources()
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    for path in paths {
        for file in toml_files(path)? {
            let io = |source| UserDbError::Io {
                path: file.clone(),
                source,
            };
            let len = std::fs::metadata(&file).map_err(io)?.len();
            if len > MAX_USER_FILE_BYTES {
                return Err(UserDbError::Unusable {
                    path: file,
                    message: format!("larger than {MAX_USER_FILE_BYTES} bytes"),
                });
            }
            let text = std::fs::read_to_string(&file).map_err(io)?;
            sources.push((file.display().to_string(), text));
        }
    }
    Ok(SdkDb::from_sources(&sources)?)
}

fn toml_files(path: &Path) -> Result<Vec<PathBuf>, UserDbError> {
    let io = |source| UserDbError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !std::fs::metadata(path).map_err(io)?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let file = entry.map_err(io)?.path();
        if file.extension().is_some_and(|e| e == "toml") {
            files.push(file);
            if files.len() > MAX_USER_FILES {
                return Err(UserDbError::Unusable {
                    path: path.to_path_buf(),
                    message: format!("more than {MAX_USER_FILES} .toml files"),
                });
            }
        }
    }
    if files.is_empty() {
        return Err(UserDbError::Unusable {
            path: path.to_path_buf(),
            message: "no .toml SDK definitions in this directory".into(),
        });
    }
    files.sort();
    Ok(files)
}
