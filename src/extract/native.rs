//! Native and cross-platform code in an Android bundle: every `lib/<abi>/*.so` (ELF) and every
//! `assets/*.bundle` (React Native: plain JavaScript or Hermes bytecode), read in parallel.
//!
//! An Android library's `jni/<abi>/*.so` are read the same way ([`extract_aar_native`]).
//! Entries are also recognised one directory down (`base/lib/<abi>/…`, `base/assets/…`), as an
//! AAB's modules hold them. Each entry is inflated once and parsed from that buffer; its strings
//! go to `Facts::strings`, libraries to `Facts::native_libraries`, JavaScript calls to
//! `Facts::script_calls`, and whatever could not be read to `Facts::errors` (the rest stands).

use rayon::prelude::*;

use crate::bundle::{BundleError, ZipBundle};
use crate::facts::native::{NativeLibrary, ScriptCall};
use crate::facts::{Facts, Location, ReadError, StringFact};
use crate::native::{elf, hermes, js};

/// What kind of entry, as told by its path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Library { abi: String },
    Script,
}

/// The native libraries and scripts of an APK, read in parallel; [`add_native`] adds them to
/// the facts. Split so that an APK's native code is read while its DEX files are.
pub(super) fn read_native(zip: &ZipBundle) -> NativeEntries {
    NativeEntries(read_all(zip, native_entries(zip.names())))
}

/// What [`read_native`] read, one result per entry in entry order.
pub(super) struct NativeEntries(Vec<Result<EntryFacts, BundleError>>);

/// Add what [`read_native`] read to `facts`. Only a limit that was exceeded (a fatal
/// [`BundleError`]) is returned as an error.
pub(super) fn add_native(facts: &mut Facts, entries: NativeEntries) -> Result<(), BundleError> {
    add_entries(facts, entries.0)
}

/// Read an Android library's (`.aar`) native libraries: `jni/<abi>/*.so`, where AGP packages a
/// library's native code (the app's build moves them to `lib/<abi>/`). Read like an APK's.
pub(super) fn extract_aar_native(zip: &ZipBundle, facts: &mut Facts) -> Result<(), BundleError> {
    let entries = zip
        .names()
        .iter()
        .filter_map(
            |name| match name.split('/').collect::<Vec<_>>().as_slice() {
                ["jni", abi, file]
                    if !abi.is_empty() && file.len() > 3 && file.ends_with(".so") =>
                {
                    Some((
                        name.clone(),
                        Kind::Library {
                            abi: abi.to_string(),
                        },
                    ))
                }
                _ => None,
            },
        )
        .collect();
    read_entries(zip, facts, entries)
}

fn read_entries(
    zip: &ZipBundle,
    facts: &mut Facts,
    entries: Vec<(String, Kind)>,
) -> Result<(), BundleError> {
    add_entries(facts, read_all(zip, entries))
}

fn read_all(zip: &ZipBundle, entries: Vec<(String, Kind)>) -> Vec<Result<EntryFacts, BundleError>> {
    entries
        .par_iter()
        .map(|(name, kind)| {
            let bytes = zip.read_shared(name)?;
            Ok(match kind {
                Kind::Library { abi } => read_library(name, abi, &bytes),
                Kind::Script => read_script(name, &bytes),
            })
        })
        .collect()
}

fn add_entries(
    facts: &mut Facts,
    results: Vec<Result<EntryFacts, BundleError>>,
) -> Result<(), BundleError> {
    for result in results {
        match result {
            Ok(entry) => {
                facts.native_libraries.extend(entry.library);
                facts.strings.extend(entry.strings);
                facts.script_calls.extend(entry.calls);
                facts.errors.extend(entry.errors);
            }
            Err(BundleError::Entry { entry, message, .. }) => facts.errors.push(ReadError {
                file: entry,
                message,
            }),
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

/// `[prefix/]lib/<abi>/<name>.so` and `[prefix/]assets/<name>.bundle`, sorted by name.
fn native_entries(names: &[String]) -> Vec<(String, Kind)> {
    let mut found: Vec<(String, Kind)> = names
        .iter()
        .filter_map(|name| {
            let parts: Vec<&str> = name.split('/').collect();
            let rest = match parts.as_slice() {
                ["lib" | "assets", ..] => &parts[..],
                [_, "lib" | "assets", ..] => &parts[1..],
                _ => return None,
            };
            match rest {
                ["lib", abi, file]
                    if !abi.is_empty() && file.len() > 3 && file.ends_with(".so") =>
                {
                    Some((
                        name.clone(),
                        Kind::Library {
                            abi: abi.to_string(),
                        },
                    ))
                }
                ["assets", file] if file.len() > 7 && file.ends_with(".bundle") => {
                    Some((name.clone(), Kind::Script))
                }
                _ => None,
            }
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    found
}

/// What one entry contributed.
#[derive(Default)]
struct EntryFacts {
    library: Option<NativeLibrary>,
    strings: Vec<StringFact>,
    calls: Vec<ScriptCall>,
    errors: Vec<ReadError>,
}

impl EntryFacts {
    fn error(&mut self, file: &str, message: impl Into<String>) {
        self.errors.push(ReadError {
            file: file.to_string(),
            message: message.into(),
        });
    }
}

fn read_library(file: &str, abi: &str, bytes: &[u8]) -> EntryFacts {
    let mut out = EntryFacts::default();
    let lib = match elf::parse(bytes) {
        Ok(lib) => lib,
        Err(err) => {
            out.error(file, err.to_string());
            return out;
        }
    };
    for problem in &lib.problems {
        out.error(file, problem.to_string());
    }
    let mut strings = lib.strings();
    out.strings = strings
        .by_ref()
        .take(elf::MAX_STRINGS)
        .map(|s| StringFact {
            value: s.text.to_string(),
            location: Location::new(file, format!("{} {:#x}", s.region, s.addr)),
        })
        .collect();
    let strings_truncated = strings.next().is_some();
    out.library = Some(NativeLibrary {
        path: file.to_string(),
        abi: abi.to_string(),
        bits: lib.bits,
        machine: lib.machine.clone(),
        soname: lib.soname.map(str::to_string),
        needed: lib.needed.iter().map(|s| s.to_string()).collect(),
        exported: lib.exported.iter().map(|s| s.to_string()).collect(),
        exported_count: lib.exported_count,
        imported: lib.imported.iter().map(|s| s.to_string()).collect(),
        imported_count: lib.imported_count,
        string_count: out.strings.len(),
        truncated: strings_truncated
            || lib.exported_count > lib.exported.len()
            || lib.imported_count > lib.imported.len(),
        location: Location::new(file, "ELF header"),
    });
    out
}

fn read_script(file: &str, bytes: &[u8]) -> EntryFacts {
    let mut out = EntryFacts::default();
    if hermes::is_hermes(bytes) {
        let hbc = match hermes::parse(bytes) {
            Ok(hbc) => hbc,
            Err(err) => {
                out.error(file, format!("Hermes bytecode: {err}"));
                return out;
            }
        };
        for (index, string) in hbc.strings().enumerate() {
            match string {
                Ok(value) if value.is_empty() => {}
                Ok(value) => out.strings.push(StringFact {
                    value: value.into_owned(),
                    location: Location::new(file, crate::facts::shared_str::string_locator(index)),
                }),
                Err(err) => out.error(file, format!("Hermes bytecode: {err}")),
            }
        }
        return out;
    }
    let scan = js::scan_bytes(bytes);
    out.strings = scan
        .strings
        .into_iter()
        .map(|s| StringFact {
            value: s.value,
            location: Location::new(file, format!("line {}", s.line)),
        })
        .collect();
    out.calls = scan
        .calls
        .into_iter()
        .map(|c| ScriptCall {
            callee: c.callee,
            string_args: c.string_args,
            location: Location::new(file, format!("line {}", c.line)),
        })
        .collect();
    if let Some(err) = scan.error {
        out.error(file, format!("JavaScript bundle: {err}"));
    }
    if scan.truncated {
        out.error(
            file,
            format!(
                "JavaScript bundle: limit reached, kept the first {} strings and {} calls",
                js::MAX_STRINGS,
                js::MAX_CALLS
            ),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_by_path() {
        let names: Vec<String> = [
            "lib/arm64-v8a/libb.so",
            "lib/armeabi-v7a/liba.so",
            "base/lib/x86_64/libc.so",
            "lib/arm64-v8a/sub/libd.so",
            "lib/libe.so",
            "lib/arm64-v8a/.so",
            "assets/index.android.bundle",
            "base/assets/index.android.bundle",
            "assets/fonts/x.bundle",
            "a/b/lib/x86/libf.so",
            "classes.dex",
        ]
        .map(String::from)
        .to_vec();
        let entries = native_entries(&names);
        let found: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            found,
            [
                "assets/index.android.bundle",
                "base/assets/index.android.bundle",
                "base/lib/x86_64/libc.so",
                "lib/arm64-v8a/libb.so",
                "lib/armeabi-v7a/liba.so",
            ]
        );
    }
}
