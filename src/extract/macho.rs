//! Mach-O extraction: [`extract_binary`] turns one file's bytes (thin, fat or a static archive) into
//! [`AppleBinary`] facts plus string facts; the iOS bundle walker calls it for every Mach-O it
//! finds, and `extract_bare` runs it on a binary or `.a` given on the command line.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use super::{ExtractError, bare_entry_name};
use crate::apple::calls::{Call, CallFilter, Callee, Literal, Receiver};
use crate::apple::macho::{self, Image, MachError, Unit};
use crate::facts::apple_binary::{
    AppleBinary, BinaryKind, ByteRange, ClassSource, DylibId, LinkKind, LinkedLibrary, ObjcClass,
    SwiftType, SymbolSummary,
};
use crate::facts::code::{ArgValue, CallSite};
use crate::facts::{BundleFormat, Facts, Location, Platform, ReadError, StringFact};

/// Analyse the Mach-O file `file` (its path inside the bundle) held in `bytes`: every image it
/// contains (`all_slices`, for vendor artifacts) or only the slice a device runs (arm64, for an
/// app's binaries). Each image becomes an [`AppleBinary`] in `facts.apple_binaries`; C strings and
/// CFString literals go to `facts.strings` (a value once per file and archive member, from the
/// first slice that holds it: the slices of a fat file repeat one another, while each object file
/// of a static library is its own compilation unit, whose strings `[ios] version_strings` scope
/// to); whatever cannot be read becomes a `facts.errors` entry naming the file, the slice and the
/// member. With `calls`, the arm64 code of executables and bundles is walked and the calls the
/// filter asks for become `facts.call_sites`. Never panics; memory is bounded by the limits in
/// [`crate::apple::macho`] and [`crate::apple::calls`].
pub fn extract_binary(
    facts: &mut Facts,
    file: &str,
    bytes: &[u8],
    all_slices: bool,
    calls: Option<&CallFilter>,
) {
    let units = match macho::images(bytes, all_slices) {
        Ok(units) => units,
        Err(err) => {
            facts.errors.push(ReadError {
                file: file.to_string(),
                message: err.to_string(),
            });
            return;
        }
    };
    let results: Vec<(Unit<'_>, Result<Image<'_>, MachError>)> = units
        .into_par_iter()
        .map(|unit| {
            let image = match &unit.bytes {
                Ok(b) => Image::parse_with_calls(b, calls),
                Err(e) => Err(e.clone()),
            };
            (unit, image)
        })
        .collect();
    let mut seen_strings: HashSet<(Option<&str>, &str)> = HashSet::new();
    for (unit, image) in &results {
        let prefix = unit_label(unit, image.as_ref().ok());
        match image {
            Err(err) => facts.errors.push(ReadError {
                file: file.to_string(),
                message: if prefix.is_empty() {
                    err.to_string()
                } else {
                    format!("{prefix}: {err}")
                },
            }),
            Ok(image) => {
                for problem in &image.problems {
                    facts.errors.push(ReadError {
                        file: file.to_string(),
                        message: format!("{prefix}: {problem}"),
                    });
                }
                let mut budget = NameBudget::for_image(unit.bytes.as_ref().map_or(0, |b| b.len()));
                let binary = to_fact(file, unit, image, &prefix, &mut budget);
                if budget.exceeded {
                    facts.errors.push(ReadError {
                        file: file.to_string(),
                        message: format!(
                            "{prefix}: symbol, class and selector names add up to more than {} bytes (4 × the image + 1 MiB); the rest are not kept",
                            budget.limit
                        ),
                    });
                }
                facts
                    .call_sites
                    .extend(image.calls.iter().map(|c| call_site(file, c)));
                for s in image.cfstrings.iter().chain(&image.strings) {
                    if seen_strings.insert((unit.member.as_deref(), s.value.as_ref())) {
                        let what = if s.section == "__cfstring" {
                            format!("__cfstring #{}", s.offset)
                        } else {
                            format!("{}+{:#x}", s.section, s.offset)
                        };
                        facts.strings.push(StringFact {
                            value: s.value.to_string(),
                            location: binary.locate(what),
                        });
                    }
                }
                facts.apple_binaries.push(binary);
            }
        }
    }
}

/// A bare Mach-O file or static library given on the command line: a vendor artifact, so every
/// slice is analysed. Fails when not a single image could be read.
pub(super) fn extract_bare(
    path: &Path,
    bytes: &[u8],
    format: BundleFormat,
    options: &super::ExtractOptions,
) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(path.display().to_string(), Platform::Ios, format);
    let entry = bare_entry_name(path);
    extract_binary(
        &mut facts,
        &entry,
        bytes,
        true,
        Some(&options.ios_call_filter),
    );
    if facts.apple_binaries.is_empty() {
        let message = match facts.errors.first() {
            Some(e) if facts.errors.len() == 1 => e.message.clone(),
            Some(e) => format!("{} (and {} more errors)", e.message, facts.errors.len() - 1),
            None => "no Mach-O image inside".to_string(),
        };
        return Err(ExtractError::Unreadable {
            path: path.to_path_buf(),
            entry,
            message,
        });
    }
    Ok(facts)
}

/// `arm64`, `arm64 ADJConfig.o`: which image of the file.
fn unit_label(unit: &Unit<'_>, image: Option<&Image<'_>>) -> String {
    let arch = unit
        .fat_arch
        .clone()
        .or_else(|| image.map(Image::arch))
        .unwrap_or_default();
    match &unit.member {
        Some(member) if arch.is_empty() => member.clone(),
        Some(member) => format!("{arch} {member}"),
        None => arch,
    }
}

/// Bytes of names one image may copy into its facts: 4 × the image plus 1 MiB. The parser
/// borrows every name; a crafted image can point 10^5 symbols, class records or selector
/// references at one long string (or at its tails), and each copy would cost its full length.
/// A real image's names add up to less than its string tables.
struct NameBudget {
    limit: usize,
    left: usize,
    exceeded: bool,
}

impl NameBudget {
    fn for_image(len: usize) -> Self {
        let limit = len.saturating_mul(4).saturating_add(1 << 20);
        Self {
            limit,
            left: limit,
            exceeded: false,
        }
    }

    /// Whether `name` still fits; charges it if so.
    fn keep(&mut self, name: &str) -> bool {
        match self.left.checked_sub(name.len() + 1) {
            Some(left) => {
                self.left = left;
                true
            }
            None => {
                self.exceeded = true;
                false
            }
        }
    }
}

fn to_fact(
    file: &str,
    unit: &Unit<'_>,
    image: &Image<'_>,
    label: &str,
    budget: &mut NameBudget,
) -> AppleBinary {
    let location = Location::new(file, label);
    let at = |what: String| Location::new(file, format!("{label}: {what}"));
    let version = macho::version_string;
    let mut imported: Vec<String> = image
        .imported_symbols
        .iter()
        .filter(|s| budget.keep(s))
        .map(|s| s.to_string())
        .collect();
    imported.sort_unstable();
    let mut exported: Vec<String> = image
        .exported_symbols
        .iter()
        .filter(|s| budget.keep(s))
        .map(|s| s.to_string())
        .collect();
    exported.sort_unstable();
    let size = unit.bytes.as_ref().map_or(0, |b| b.len()) as u64;
    AppleBinary {
        path: file.to_string(),
        member: unit.member.clone(),
        arch: image.arch(),
        kind: BinaryKind::from_filetype(image.filetype),
        image: ByteRange {
            offset: unit.offset as u64,
            size,
        },
        platform: image.platform.map(|p| macho::platform_name(p).into_owned()),
        min_os: image.min_os.map(version),
        sdk: image.sdk.map(version),
        id: image.id.as_ref().map(|id| DylibId {
            install_name: id.install_name.to_string(),
            current_version: macho::dylib_version(id.current_version),
            compatibility_version: macho::dylib_version(id.compatibility_version),
        }),
        linked_libraries: image
            .dylibs
            .iter()
            .map(|d| {
                let kind = match d.kind {
                    macho::LinkKind::Normal => LinkKind::Normal,
                    macho::LinkKind::Weak => LinkKind::Weak,
                    macho::LinkKind::Reexport => LinkKind::Reexport,
                    macho::LinkKind::Upward => LinkKind::Upward,
                    macho::LinkKind::Lazy => LinkKind::Lazy,
                };
                let command = match kind {
                    LinkKind::Normal => "LC_LOAD_DYLIB",
                    LinkKind::Weak => "LC_LOAD_WEAK_DYLIB",
                    LinkKind::Reexport => "LC_REEXPORT_DYLIB",
                    LinkKind::Upward => "LC_LOAD_UPWARD_DYLIB",
                    LinkKind::Lazy => "LC_LAZY_LOAD_DYLIB",
                };
                LinkedLibrary {
                    install_name: d.install_name.to_string(),
                    kind,
                    current_version: macho::dylib_version(d.current_version),
                    location: at(format!("{command} {}", d.install_name)),
                }
            })
            .collect(),
        rpaths: image.rpaths.iter().map(|s| s.to_string()).collect(),
        objc_classes: image
            .objc_classes
            .iter()
            // The name is copied twice: into the class and into its locator.
            .filter(|c| budget.keep(c.name) && budget.keep(c.name))
            .map(|c| {
                let source = match c.source {
                    macho::ClassSource::Symbol => ClassSource::Symbol,
                    macho::ClassSource::ClassList => ClassSource::ClassList,
                    macho::ClassSource::ClassName => ClassSource::ClassName,
                };
                let what = match (source, c.defined) {
                    (ClassSource::Symbol, true) => format!("symbol _OBJC_CLASS_$_{}", c.name),
                    (ClassSource::Symbol, false) => {
                        format!("imported symbol _OBJC_CLASS_$_{}", c.name)
                    }
                    (ClassSource::ClassList, _) => format!("objc class {}", c.name),
                    (ClassSource::ClassName, _) => format!("objc class name {}", c.name),
                };
                ObjcClass {
                    name: c.name.to_string(),
                    defined: c.defined,
                    source,
                    location: at(what),
                }
            })
            .collect(),
        selectors: image
            .selectors
            .iter()
            .filter(|s| budget.keep(s))
            .map(|s| s.to_string())
            .collect(),
        swift_types: image
            .swift_types
            .iter()
            .map(|t| SwiftType {
                module: t.module.clone(),
                name: t.name.clone(),
                defined: t.defined,
                location: at(match &t.name {
                    Some(name) => format!("swift type {}.{name}", t.module),
                    None => format!("swift module {}", t.module),
                }),
            })
            .collect(),
        symbols: SymbolSummary {
            imported_count: image.imported_count,
            exported_count: image.exported_count,
            imported,
            exported,
        },
        calls_walked: image.code_walked,
        code_signature: image.code_signature.map(|(offset, size)| ByteRange {
            offset: unit.offset as u64 + u64::from(offset),
            size: u64::from(size),
        }),
        location,
    }
}

/// A walked call as a [`CallSite`]: the callee in Objective-C notation with the receiver's class
/// as far as known (`+[FIRAnalytics logEventWithName:parameters:]` for a class method,
/// `-[AppsFlyerLib logEvent:withValues:]` for an object obtained from that class,
/// `-[? stop]` for an unknown receiver), or the function symbol; the caller by its symbol
/// (`-[ShopViewController buy]`) or, without one, its address (`sub_100004a20`).
fn call_site(file: &str, call: &Call<'_>) -> CallSite {
    let callee = match &call.callee {
        Callee::Message { receiver, selector } => match receiver {
            Receiver::Class(c) => format!("+[{c} {selector}]"),
            Receiver::Instance(c) => format!("-[{c} {selector}]"),
            Receiver::Unknown => format!("-[? {selector}]"),
        },
        Callee::Function(symbol) => symbol.to_string(),
    };
    let caller = match &call.function_name {
        Some(name) => name.to_string(),
        None => format!("sub_{:x}", call.function),
    };
    CallSite {
        callee: callee.into(),
        args: call
            .args
            .iter()
            .map(|a| {
                a.as_ref().map(|a| match a {
                    Literal::Str(s) => ArgValue::String(s.as_ref().into()),
                    Literal::Int(i) => ArgValue::Int(*i),
                })
            })
            .collect(),
        location: Location::new(file, caller.clone()),
        caller: caller.into(),
    }
}

#[cfg(test)]
mod name_budget_tests {
    use super::NameBudget;

    /// 100,000 references to one 100 KB name keep what fits 4 × a 1 MB image + 1 MiB (50
    /// copies), then nothing more, and say so.
    #[test]
    fn copies_stop_at_four_times_the_image() {
        let long = "A".repeat(100_000);
        let mut budget = NameBudget::for_image(1 << 20);
        let kept = (0..100_000).filter(|_| budget.keep(&long)).count();
        assert_eq!(kept, (5 << 20) / 100_001);
        assert!(budget.exceeded);
        let mut small = NameBudget::for_image(1 << 20);
        assert!((0..10_000).all(|_| small.keep("_OBJC_CLASS_$_AppsFlyerLib")));
        assert!(!small.exceeded);
    }
}
