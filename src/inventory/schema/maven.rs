//! The `android.maven` coordinates of an SDK file and their rules (see `inventory::maven` for
//! matching them against an AAB's declared libraries).

use super::{DbError, SdkDef};

/// `android.maven` entries are `group:artifact`, each part non-empty and made of the characters
/// Maven allows (`A-Z a-z 0-9 . _ -`), listed once.
pub(crate) fn validate(file: &str, def: &SdkDef) -> Result<(), DbError> {
    let maven = &def.android.maven;
    for (i, coordinate) in maven.iter().enumerate() {
        let key = format!("android.maven[{i}]");
        if split(coordinate).is_none() {
            return Err(DbError::invalid(
                file,
                key,
                format!("`{coordinate}` is not a Maven `group:artifact` coordinate"),
            ));
        }
        if maven[..i].contains(coordinate) {
            return Err(DbError::invalid(
                file,
                key,
                format!("`{coordinate}` is listed twice"),
            ));
        }
    }
    Ok(())
}

/// A Maven coordinate belongs to one SDK.
pub(crate) fn check_conflicts(
    file: &str,
    def: &SdkDef,
    other_file: &str,
    other: &SdkDef,
) -> Result<(), DbError> {
    for (i, coordinate) in def.android.maven.iter().enumerate() {
        if other.android.maven.contains(coordinate) {
            return Err(DbError::invalid(
                file,
                format!("android.maven[{i}]"),
                format!(
                    "`{coordinate}` is already claimed by `{}` ({other_file})",
                    other.id
                ),
            ));
        }
    }
    Ok(())
}

/// `group:artifact` split in two, when both parts are well-formed.
pub(crate) fn split(coordinate: &str) -> Option<(&str, &str)> {
    let (group, artifact) = coordinate.split_once(':')?;
    let part_ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    (part_ok(group) && part_ok(artifact)).then_some((group, artifact))
}
