//! Android resources: `resources.arsc` → the string resources of every locale, and the manifest's
//! `<meta-data>` values that reference a resource (`@0x7f060006`) resolved to their value in the
//! default configuration.
//!
//! A resource table that cannot be read, or parts of one, become `facts.errors` entries; the rest
//! of the bundle is analysed as usual. An APK without `resources.arsc` (possible when it has no
//! resources at all) simply contributes none.

use std::collections::{HashMap, HashSet};

use super::ExtractError;
use crate::android::arsc::{self, ResourceTable};
use crate::android::manifest::render;
use crate::bundle::{BundleError, ZipBundle};
use crate::facts::resources::StringResource;
use crate::facts::{Facts, Location, ReadError, SharedStr};

/// The resource table's entry name in an APK.
pub(super) const ARSC: &str = "resources.arsc";

/// Reads `resources.arsc` from `zip` (if present) into `facts`. Only a bundle-level failure
/// (a limit exceeded) is an error; a damaged table is recorded in `facts.errors`.
pub(super) fn add_apk_resources(facts: &mut Facts, zip: &ZipBundle) -> Result<(), ExtractError> {
    if !zip.contains(ARSC) {
        return Ok(());
    }
    match zip.read(ARSC) {
        Ok(bytes) => add_resources(facts, ARSC, &bytes),
        Err(err) if err.is_fatal() => return Err(err.into()),
        Err(BundleError::Entry { entry, message, .. }) => facts.errors.push(ReadError {
            file: entry,
            message,
        }),
        Err(err) => return Err(err.into()),
    }
    Ok(())
}

/// Adds the string resources of the table in `bytes` (the entry `file`) to `facts` and resolves
/// the meta-data references already in `facts`.
pub fn add_resources(facts: &mut Facts, file: &str, bytes: &[u8]) {
    let error = |message: String| ReadError {
        file: file.to_string(),
        message,
    };
    let table = match arsc::parse(bytes) {
        Ok(table) => table,
        Err(err) => {
            facts.errors.push(error(err.to_string()));
            return;
        }
    };
    facts
        .errors
        .extend(table.issues().into_iter().map(|e| error(e.to_string())));
    add_string_resources(facts, file, &table);
    resolve_meta_data(facts, &table);
}

fn add_string_resources(facts: &mut Facts, file: &str, table: &ResourceTable<'_>) {
    // Each pool string decoded once (`by_index`) and each distinct value held once (`values`:
    // a crafted pool can point many indices at one string), shared by the entries that hold it.
    // The duplicate check keys on that shared copy's address, never hashing the text again.
    let mut by_index: HashMap<u32, SharedStr> = HashMap::new();
    let mut values: HashSet<SharedStr> = HashSet::new();
    let mut seen: HashSet<(u32, &str, *const u8)> = HashSet::new();
    for entry in table.string_entries() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                facts.errors.push(ReadError {
                    file: file.to_string(),
                    message: err.to_string(),
                });
                continue;
            }
        };
        if entry.type_name != "string" {
            continue;
        }
        let value = by_index
            .entry(entry.value_index)
            .or_insert_with(|| {
                let decoded = entry.value();
                match values.get(decoded.as_ref()) {
                    Some(value) => value.clone(),
                    None => {
                        let value = SharedStr::from(decoded);
                        values.insert(value.clone());
                        value
                    }
                }
            })
            .clone();
        if !seen.insert((entry.id, entry.locale, value.as_str().as_ptr())) {
            continue;
        }
        let locator = if entry.locale.is_empty() {
            format!("string/{}", entry.name)
        } else {
            format!("string/{} ({})", entry.name, entry.locale)
        };
        facts.string_resources.push(StringResource {
            name: entry.name.into_owned(),
            locale: entry.locale.to_string(),
            value,
            location: Location::new(file, locator),
        });
    }
}

/// The app's label and meta-data whose value is a reference (`@0x7f060006`, as the manifest model renders it, kept
/// in `reference` by the manifest step) gets the resolved value, rendered the way the manifest
/// renders typed values. A reference the table cannot resolve (a framework resource, a missing
/// entry, a bag) keeps its text as the value.
fn resolve_meta_data(facts: &mut Facts, table: &ResourceTable<'_>) {
    if let Some(id) = facts.app.label.as_deref().and_then(reference_id)
        && let Some(value) = table.resolve(id).and_then(|v| v.to_attr_value())
    {
        facts.app.label = Some(render(&value));
    }
    for meta in &mut facts.meta_data {
        let Some(id) = meta.reference.as_deref().and_then(reference_id) else {
            continue;
        };
        if let Some(value) = table.resolve(id).and_then(|v| v.to_attr_value()) {
            meta.value = Some(render(&value));
        }
    }
}

/// Whether a rendered manifest value is a resource reference (`@0x7f060006`).
pub(crate) fn is_reference(value: &str) -> bool {
    reference_id(value).is_some()
}

/// `@0x7f060006` → `0x7f060006`.
fn reference_id(value: &str) -> Option<u32> {
    let hex = value.strip_prefix("@0x")?;
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_ids() {
        assert_eq!(reference_id("@0x7f060006"), Some(0x7f06_0006));
        assert_eq!(reference_id("@0x7f06"), None);
        assert_eq!(reference_id("0x7f060006"), None);
        assert_eq!(reference_id("@0xzzzzzzzz"), None);
        assert_eq!(reference_id("@0x+7f06000"), None);
    }
}
