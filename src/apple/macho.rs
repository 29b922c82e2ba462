//! Mach-O: thin images, fat (universal) binaries and static archives, read through goblin.
//!
//! # The format
//! A Mach-O image is a header, `ncmds` load commands and the segments they describe (Apple's
//! `<mach-o/loader.h>`, `<mach-o/nlist.h>` and `<mach-o/fat.h>` in the open-source cctools and
//! dyld trees are the authoritative description). A fat binary is a big-endian header
//! (`0xcafebabe`, or `0xcafebabf` with 64-bit offsets) followed by one `fat_arch` record per slice;
//! each slice is a Mach-O image or, for a static library, an `ar` archive (`!<arch>\n`, BSD
//! variant with `#1/NN` long names and a `__.SYMDEF` index) of Mach-O object files.
//! Objective-C metadata follows the modern runtime's layout (`objc4`'s `objc-runtime-new.h`:
//! `class_t` → `class_ro_t` → `name`); Swift names follow the Swift ABI's mangling document
//! (`docs/ABI/Mangling.rst` in the Swift repository).
//!
//! # What is read
//! [`images`] walks the container (fat → slices, archive → members) and returns one [`Unit`] per
//! Mach-O image; [`Image::parse`] reads one image: CPU type, file type, load commands (dylibs with
//! their link kind, rpaths, `LC_ID_DYLIB`, `LC_BUILD_VERSION` / `LC_VERSION_MIN_*`,
//! `LC_CODE_SIGNATURE`), the symbol table (imported and exported symbols, `_OBJC_CLASS_$_X`,
//! Swift symbols), Objective-C classes and selectors, Swift type names, C strings (`__cstring`)
//! and CFString literals (`__cfstring`).
//!
//! # Producer quirks tolerated
//! - **Objective-C classes.** Linked images list their classes in `__objc_classlist`; each entry
//!   is a pointer to a `class_t`, whose `data` points to a `class_ro_t` holding the name pointer.
//!   Those pointers are stored the way the linker wrote them: plain unslid addresses (ld64 before
//!   chained fixups, ld64.lld 14), or *chained-fixup* rebases (ld64 for iOS 13.4+ targets:
//!   `DYLD_CHAINED_PTR_64` with a 36-bit target, `DYLD_CHAINED_PTR_64_OFFSET` with an offset from
//!   the image base, arm64e with 43-bit or 32-bit targets). Rather than interpret
//!   `LC_DYLD_CHAINED_FIXUPS`, a pointer is decoded by trying each encoding in turn and keeping the
//!   first that lands inside a section of the right kind (`class_t` in a data section, the name in
//!   a C-string section). When no class resolves that way (relocatable objects, whose pointers are
//!   relocations; unknown encodings), the class names come from the `__objc_classname` C strings
//!   instead, which also hold protocol and category names: [`ClassSource`] says which way each
//!   class was found. Classes named by symbols (`_OBJC_CLASS_$_X`, kept in objects and unstripped
//!   images) are always exact.
//! - **Selectors.** ld64 keeps `__objc_methname`; ld64.lld 14 merges it into `__cstring`. So
//!   selectors come from `__objc_methname` where present, and in linked images also from the
//!   `__objc_selrefs` pointers (decoded as above).
//! - **CFStrings.** `__cfstring` records point to their characters; the pointer is decoded as above
//!   and must land in a C-string (`__cstring`) or `__ustring` section. In relocatable objects the
//!   pointer is often a relocation (stored as 0): such literals stay unresolved, but their
//!   characters are still in `__cstring`.
//! - **Archive members** that are not Mach-O (LLVM bitcode from `-embed-bitcode` builds, stray
//!   text files) are reported as units with an error and skipped.
//!
//! # Limits
//! Checked before anything is allocated from the count they guard: [`MAX_ARCHS`] slices,
//! [`MAX_LOAD_COMMANDS`] load commands, [`MAX_SYMBOLS`] symbols, [`MAX_ARCHIVE_MEMBERS`] archive
//! members; at most [`MAX_KEPT_SYMBOLS`] imported and exported symbol names are kept per image
//! (all are counted). A slice that overlaps another or runs past the end of the file, and an
//! archive member that runs past the end of its archive, is an error for that unit only.
//!
//! # Why goblin
//! goblin parses Mach-O headers, load commands, segments, nlist symbol tables and `ar` archives
//! over borrowed bytes with bounds-checked reads, and is fuzzed. What it does not do is done here:
//! fat headers are walked by hand (goblin's `MultiArch` neither reads `0xcafebabf` nor checks
//! overlaps, and it silently returns an empty slice for one past the end), as are the
//! Objective-C, Swift and CFString structures, which goblin does not model.

use std::borrow::Cow;
use std::ops::Range;

use goblin::archive::Archive;
use goblin::mach::MachO;
use goblin::mach::constants::cputype::get_arch_name_from_types;
use goblin::mach::load_command::CommandVariant;

/// At most this many slices in a fat binary (real ones have 1–4; Apple's tools cap at a few more).
pub const MAX_ARCHS: u32 = 16;
/// At most this many load commands in one image (large apps have about a hundred).
pub const MAX_LOAD_COMMANDS: u32 = 16_384;
/// At most this many symbol-table entries in one image.
pub const MAX_SYMBOLS: u32 = 8_000_000;
/// At most this many members in one static archive (large vendor archives have a few thousand).
pub const MAX_ARCHIVE_MEMBERS: usize = 100_000;
/// At most this many imported and this many exported symbol names are kept per image.
pub const MAX_KEPT_SYMBOLS: usize = 10_000;

const FAT_MAGIC: u32 = 0xcafe_babe;
const FAT_MAGIC_64: u32 = 0xcafe_babf;
const MH_MAGIC: u32 = 0xfeed_face;
const MH_CIGAM: u32 = 0xcefa_edfe;
const MH_MAGIC_64: u32 = 0xfeed_facf;
const MH_CIGAM_64: u32 = 0xcffa_edfe;
/// The magic of a Unix `ar` archive (static library).
pub const AR_MAGIC: &[u8] = b"!<arch>\n";
const AR_HEADER_LEN: usize = 60;

const CPU_TYPE_ARM64: u32 = 0x0100_000c;
const CPU_SUBTYPE_ARM64E: u32 = 2;
const MH_OBJECT: u32 = 0x1;

const N_STAB: u8 = 0xe0;
const N_PEXT: u8 = 0x10;
const N_TYPE: u8 = 0x0e;
const N_EXT: u8 = 0x01;
const N_UNDF: u8 = 0x0;

const S_ZEROFILL: u32 = 0x1;
const S_CSTRING_LITERALS: u32 = 0x2;
const S_GB_ZEROFILL: u32 = 0xc;
const S_THREAD_LOCAL_ZEROFILL: u32 = 0x12;

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// One Mach-O image.
    Thin,
    /// A fat (universal) binary.
    Fat,
    /// An `ar` archive (a thin static library).
    Archive,
}

/// Recognise a Mach-O image, a fat binary or an `ar` archive by its magic.
pub fn sniff(head: &[u8]) -> Option<Container> {
    if head.starts_with(AR_MAGIC) {
        return Some(Container::Archive);
    }
    let magic = u32::from_be_bytes(head.get(..4)?.try_into().ok()?);
    match magic {
        FAT_MAGIC | FAT_MAGIC_64 => Some(Container::Fat),
        MH_MAGIC | MH_CIGAM | MH_MAGIC_64 | MH_CIGAM_64 => Some(Container::Thin),
        _ => None,
    }
}

/// Why a file, a slice, an archive member or part of an image could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MachError {
    #[error("not a Mach-O file, fat binary or ar archive (first bytes {magic:#010x})")]
    BadMagic { magic: u32 },
    #[error("file ends at {len} bytes, inside the {what} at offset {offset:#x}")]
    Truncated {
        what: &'static str,
        offset: usize,
        len: usize,
    },
    #[error("fat header claims {count} architectures, more than the limit of {limit}")]
    TooManyArchs { count: u32, limit: u32 },
    #[error(
        "fat slice {index} ({arch}) at offset {offset:#x}, size {size}, runs past the end of the file ({len} bytes)"
    )]
    SlicePastEnd {
        index: usize,
        arch: String,
        offset: u64,
        size: u64,
        len: usize,
    },
    #[error("fat slice {index} ({arch}) at offset {offset:#x} overlaps slice {other}")]
    SliceOverlap {
        index: usize,
        arch: String,
        offset: u64,
        other: usize,
    },
    #[error("{count} load commands, more than the limit of {limit}")]
    TooManyLoadCommands { count: u32, limit: u32 },
    #[error(
        "load commands end past the end of the image (offset {offset:#x} + sizeofcmds {size} > {len} bytes)"
    )]
    LoadCommandsPastEnd {
        offset: usize,
        size: u32,
        len: usize,
    },
    #[error("symbol table claims {count} symbols, more than the limit of {limit}")]
    TooManySymbols { count: u32, limit: u32 },
    #[error(
        "symbol table at offset {offset:#x} ({count} symbols) ends past the end of the image ({len} bytes)"
    )]
    SymbolsPastEnd { offset: u32, count: u32, len: usize },
    #[error("archive holds more than {limit} members")]
    TooManyMembers { limit: usize },
    #[error(
        "archive member {name} at offset {offset:#x}, size {size}, runs past the end of the archive ({len} bytes)"
    )]
    MemberPastEnd {
        name: String,
        offset: usize,
        size: usize,
        len: usize,
    },
    #[error("archive member header at offset {offset:#x} is malformed: {reason}")]
    BadMemberHeader { offset: usize, reason: String },
    #[error("archive member {name} is {what}, not a Mach-O object: not analysed")]
    NotMachO { name: String, what: &'static str },
    #[error("code walk stopped at the limit: {message}")]
    CodeWalkLimit { message: String },
    #[error("{what} at offset {offset:#x}: {message}")]
    Malformed {
        what: &'static str,
        offset: usize,
        message: String,
    },
}

/// One Mach-O image inside a file: a thin file, a fat slice, or an archive member (of a fat slice
/// or of a thin archive). `bytes` is `Err` when the unit could not be located.
#[derive(Debug)]
pub struct Unit<'a> {
    /// The architecture the fat header names (`arm64`), when there is a fat header.
    pub fat_arch: Option<String>,
    /// The archive member's name (`ADJConfig.o`), for members of a static library.
    pub member: Option<String>,
    /// Offset of the image in the file.
    pub offset: usize,
    pub bytes: Result<&'a [u8], MachError>,
}

/// Walk `bytes` (a thin image, a fat binary or an archive) down to its Mach-O images. With
/// `all_slices` false, only the slice an iPhone would run is taken from a fat binary: `arm64`,
/// else `arm64e`, else the first slice. An error here means nothing could be located at all.
pub fn images(bytes: &[u8], all_slices: bool) -> Result<Vec<Unit<'_>>, MachError> {
    match sniff(bytes) {
        Some(Container::Thin) => Ok(vec![Unit {
            fat_arch: None,
            member: None,
            offset: 0,
            bytes: Ok(bytes),
        }]),
        Some(Container::Archive) => archive_units(bytes, 0, None),
        Some(Container::Fat) => {
            let slices = fat_slices(bytes)?;
            let chosen: Vec<&FatSlice> = if all_slices {
                slices.iter().collect()
            } else {
                pick_device_slice(&slices).into_iter().collect()
            };
            let mut units = Vec::new();
            for slice in chosen {
                let arch = Some(slice.arch.clone());
                match &slice.range {
                    Err(e) => units.push(Unit {
                        fat_arch: arch,
                        member: None,
                        offset: slice.offset,
                        bytes: Err(e.clone()),
                    }),
                    Ok(range) => {
                        let data = &bytes[range.clone()];
                        if data.starts_with(AR_MAGIC) {
                            match archive_units(data, range.start, arch.clone()) {
                                Ok(members) => units.extend(members),
                                Err(e) => units.push(Unit {
                                    fat_arch: arch,
                                    member: None,
                                    offset: range.start,
                                    bytes: Err(e),
                                }),
                            }
                        } else {
                            units.push(Unit {
                                fat_arch: arch,
                                member: None,
                                offset: range.start,
                                bytes: Ok(data),
                            });
                        }
                    }
                }
            }
            Ok(units)
        }
        None => Err(MachError::BadMagic {
            magic: read_u32_be(bytes, 0).unwrap_or(0),
        }),
    }
}

/// One `fat_arch` record, checked against the file and the other slices.
struct FatSlice {
    arch: String,
    cputype: u32,
    cpusubtype: u32,
    offset: usize,
    range: Result<Range<usize>, MachError>,
}

fn fat_slices(bytes: &[u8]) -> Result<Vec<FatSlice>, MachError> {
    let len = bytes.len();
    let truncated = |offset| MachError::Truncated {
        what: "fat header",
        offset,
        len,
    };
    let magic = read_u32_be(bytes, 0).ok_or_else(|| truncated(0))?;
    let count = read_u32_be(bytes, 4).ok_or_else(|| truncated(4))?;
    if count > MAX_ARCHS {
        return Err(MachError::TooManyArchs {
            count,
            limit: MAX_ARCHS,
        });
    }
    let is_64 = magic == FAT_MAGIC_64;
    let record = if is_64 { 32 } else { 20 };
    let table_end = 8 + count as usize * record;
    if table_end > len {
        return Err(truncated(table_end));
    }
    let mut slices: Vec<FatSlice> = Vec::with_capacity(count as usize);
    for index in 0..count as usize {
        let at = 8 + index * record;
        let field = |o| read_u32_be(bytes, at + o).unwrap_or(0);
        let (cputype, cpusubtype) = (field(0), field(4));
        let (offset, size) = if is_64 {
            let wide = |o| read_u64_be(bytes, at + o).unwrap_or(0);
            (wide(8), wide(16))
        } else {
            (u64::from(field(8)), u64::from(field(12)))
        };
        let arch = arch_name(cputype, cpusubtype);
        let end = offset.checked_add(size);
        let range = match end {
            Some(end) if end <= len as u64 && offset >= table_end as u64 => {
                Ok(offset as usize..end as usize)
            }
            _ => Err(MachError::SlicePastEnd {
                index,
                arch: arch.clone(),
                offset,
                size,
                len,
            }),
        };
        let range = match range {
            Ok(r) => match slices.iter().enumerate().find(|(_, s)| {
                s.range
                    .as_ref()
                    .is_ok_and(|o| o.start < r.end && r.start < o.end)
            }) {
                Some((other, _)) => Err(MachError::SliceOverlap {
                    index,
                    arch: arch.clone(),
                    offset,
                    other,
                }),
                None => Ok(r),
            },
            Err(e) => Err(e),
        };
        slices.push(FatSlice {
            arch,
            cputype,
            cpusubtype,
            offset: usize::try_from(offset).unwrap_or(usize::MAX),
            range,
        });
    }
    Ok(slices)
}

fn pick_device_slice(slices: &[FatSlice]) -> Option<&FatSlice> {
    let arm64 = |s: &&FatSlice| s.cputype == CPU_TYPE_ARM64;
    let subtype = |s: &FatSlice| s.cpusubtype & 0x00ff_ffff;
    slices
        .iter()
        .filter(arm64)
        .find(|s| subtype(s) != CPU_SUBTYPE_ARM64E)
        .or_else(|| slices.iter().find(arm64))
        .or_else(|| slices.first())
}

/// The members of an archive that lies at `base` in the file. Member boundaries are walked here
/// first (to enforce [`MAX_ARCHIVE_MEMBERS`] before goblin allocates and to catch members that
/// run past the end), then goblin resolves names (`#1/NN`, the GNU name table) and skips the
/// symbol index.
fn archive_units<'a>(
    data: &'a [u8],
    base: usize,
    fat_arch: Option<String>,
) -> Result<Vec<Unit<'a>>, MachError> {
    let headers = member_headers(data)?;
    let archive = Archive::parse(data).map_err(|e| MachError::Malformed {
        what: "archive",
        offset: base,
        message: e.to_string(),
    })?;
    let mut units = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let Some(member) = archive.get_at(index) else {
            continue;
        };
        let name = member.extended_name().to_string();
        let start = usize::try_from(member.offset).unwrap_or(usize::MAX);
        let size = member.size();
        let bytes = match start.checked_add(size).and_then(|end| data.get(start..end)) {
            Some(b) => classify_member(&name, b),
            None => Err(MachError::MemberPastEnd {
                name: name.clone(),
                offset: base + usize::try_from(member.header_offset).unwrap_or(0),
                size,
                len: data.len(),
            }),
        };
        units.push(Unit {
            fat_arch: fat_arch.clone(),
            member: Some(name),
            offset: base.saturating_add(start),
            bytes,
        });
    }
    debug_assert!(units.len() <= headers);
    Ok(units)
}

fn classify_member<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a [u8], MachError> {
    let not = |what| {
        Err(MachError::NotMachO {
            name: name.to_string(),
            what,
        })
    };
    match sniff(bytes) {
        Some(Container::Thin) => Ok(bytes),
        Some(_) => not("a nested fat binary or archive"),
        None if bytes.starts_with(b"BC\xc0\xde")
            || bytes.starts_with(&[0xde, 0xc0, 0x17, 0x0b]) =>
        {
            not("LLVM bitcode")
        }
        None => not("an unknown format"),
    }
}

/// Count the archive's members by walking their 60-byte headers; fails on a member that runs past
/// the end only if it is not the last (goblin stops there; the unit then reports it).
fn member_headers(data: &[u8]) -> Result<usize, MachError> {
    let mut offset = AR_MAGIC.len();
    let mut count = 0usize;
    while offset + 1 < data.len() {
        if offset % 2 == 1 {
            offset += 1;
        }
        let header = data
            .get(offset..offset + AR_HEADER_LEN)
            .ok_or(MachError::Truncated {
                what: "archive member header",
                offset,
                len: data.len(),
            })?;
        let size_field = std::str::from_utf8(&header[48..58]).unwrap_or("");
        let size: usize =
            size_field
                .trim_end()
                .parse()
                .map_err(|_| MachError::BadMemberHeader {
                    offset,
                    reason: format!("size field {size_field:?} is not a decimal number"),
                })?;
        if &header[58..60] != b"`\n" {
            return Err(MachError::BadMemberHeader {
                offset,
                reason: "missing the `\\n terminator".to_string(),
            });
        }
        count += 1;
        if count > MAX_ARCHIVE_MEMBERS {
            return Err(MachError::TooManyMembers {
                limit: MAX_ARCHIVE_MEMBERS,
            });
        }
        offset = offset.saturating_add(AR_HEADER_LEN).saturating_add(size);
    }
    Ok(count)
}

/// How a dylib is linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `LC_LOAD_DYLIB`.
    Normal,
    /// `LC_LOAD_WEAK_DYLIB`: the image runs without it.
    Weak,
    /// `LC_REEXPORT_DYLIB`.
    Reexport,
    /// `LC_LOAD_UPWARD_DYLIB`.
    Upward,
    /// `LC_LAZY_LOAD_DYLIB`.
    Lazy,
}

/// A dylib reference (`LC_*_DYLIB`) or identity (`LC_ID_DYLIB`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dylib<'a> {
    pub install_name: &'a str,
    pub kind: LinkKind,
    /// `xxxx.yy.zz` packed in nibbles, as the load command stores it.
    pub current_version: u32,
    pub compatibility_version: u32,
}

/// How an Objective-C class was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClassSource {
    /// An `_OBJC_CLASS_$_X` symbol (defined here, or undefined: imported).
    Symbol,
    /// `__objc_classlist` → `class_t` → `class_ro_t` → name.
    ClassList,
    /// A `__objc_classname` string (also holds protocol and category names).
    ClassName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjcClass<'a> {
    pub name: &'a str,
    /// Implemented in this image; otherwise only imported.
    pub defined: bool,
    pub source: ClassSource,
}

/// A Swift nominal type (or only its module) named by a mangled symbol or a type reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SwiftType {
    pub module: String,
    /// The type's name (nested types joined with `.`), when the demangler could read it.
    pub name: Option<String>,
    /// Named by a symbol defined in this image.
    pub defined: bool,
}

/// A C string with its place: the section (`__TEXT,__cstring`) and the offset inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionString<'a> {
    pub section: &'static str,
    pub offset: u64,
    pub value: Cow<'a, str>,
}

/// Everything read from one Mach-O image. Parts that could not be read are in `problems`.
#[derive(Debug, Clone, Default)]
pub struct Image<'a> {
    pub cputype: u32,
    pub cpusubtype: u32,
    pub filetype: u32,
    pub is_64: bool,
    /// `LC_BUILD_VERSION` platform number, or the platform an `LC_VERSION_MIN_*` implies.
    pub platform: Option<u32>,
    /// Minimum OS and SDK, `xxxx.yy.zz` packed in nibbles.
    pub min_os: Option<u32>,
    pub sdk: Option<u32>,
    pub id: Option<Dylib<'a>>,
    pub dylibs: Vec<Dylib<'a>>,
    pub rpaths: Vec<&'a str>,
    /// `LC_CODE_SIGNATURE` data offset and size, relative to the image.
    pub code_signature: Option<(u32, u32)>,
    pub imported_symbols: Vec<&'a str>,
    pub exported_symbols: Vec<&'a str>,
    pub imported_count: usize,
    pub exported_count: usize,
    /// Sorted by name; one entry per name, defined over imported.
    pub objc_classes: Vec<ObjcClass<'a>>,
    /// Sorted and unique.
    pub selectors: Vec<&'a str>,
    /// Sorted and unique.
    pub swift_types: Vec<SwiftType>,
    /// `__cstring` and `__swift5_reflstr` strings, in section order.
    pub strings: Vec<SectionString<'a>>,
    /// `__cfstring` literals, in section order (offset = record index).
    pub cfstrings: Vec<SectionString<'a>>,
    /// Call sites found by the arm64 code walk ([`Image::parse_with_calls`] only), in address order.
    pub calls: Vec<super::calls::Call<'a>>,
    /// Whether the code walk ran (an arm64 executable or bundle with a `__text` and a filter).
    pub code_walked: bool,
    pub problems: Vec<MachError>,
}

/// A class's name, its instance methods and its class methods: `(selector, implementation address)`.
pub(super) type ClassMethods<'a> = (&'a str, Vec<(&'a str, u64)>, Vec<(&'a str, u64)>);

/// A section with its bytes in the image (empty for zero-fill sections).
pub(super) struct Sect<'a> {
    pub(super) segname: &'a str,
    pub(super) name: &'a str,
    pub(super) addr: u64,
    size: u64,
    kind: u32,
    pub(super) data: &'a [u8],
    /// 1-based position among all the image's sections, as a symbol's `n_sect` counts them.
    pub(super) ordinal: usize,
}

impl Sect<'_> {
    fn is(&self, name: &str) -> bool {
        self.name == name
    }
    pub(super) fn holds_cstrings(&self) -> bool {
        self.kind == S_CSTRING_LITERALS
            || matches!(
                self.name,
                "__cstring" | "__objc_classname" | "__objc_methname"
            )
    }
}

impl<'a> Image<'a> {
    /// Read the Mach-O image `bytes`. Fails only when nothing can be said (a bad header, load
    /// commands past the end); a damaged symbol table or section is a `problem` of a partial result.
    pub fn parse(bytes: &'a [u8]) -> Result<Image<'a>, MachError> {
        Self::parse_with_calls(bytes, None)
    }

    /// [`Image::parse`], and when `calls` is given and the image is an arm64 executable or
    /// bundle, walk its `__text` for the calls the filter asks for ([`super::calls`]).
    pub fn parse_with_calls(
        bytes: &'a [u8],
        calls: Option<&super::calls::CallFilter>,
    ) -> Result<Image<'a>, MachError> {
        let magic = read_u32_be(bytes, 0).ok_or(MachError::Truncated {
            what: "Mach-O header",
            offset: 0,
            len: bytes.len(),
        })?;
        let (is_64, le) = match magic {
            MH_MAGIC_64 => (true, false),
            MH_CIGAM_64 => (true, true),
            MH_MAGIC => (false, false),
            MH_CIGAM => (false, true),
            _ => return Err(MachError::BadMagic { magic }),
        };
        let header_len = if is_64 { 32 } else { 28 };
        let field = |o| {
            let b: [u8; 4] = bytes.get(o..o + 4)?.try_into().ok()?;
            Some(if le {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            })
        };
        let (Some(ncmds), Some(sizeofcmds)) = (field(16), field(20)) else {
            return Err(MachError::Truncated {
                what: "Mach-O header",
                offset: 0,
                len: bytes.len(),
            });
        };
        if bytes.len() < header_len {
            return Err(MachError::Truncated {
                what: "Mach-O header",
                offset: 0,
                len: bytes.len(),
            });
        }
        if ncmds > MAX_LOAD_COMMANDS {
            return Err(MachError::TooManyLoadCommands {
                count: ncmds,
                limit: MAX_LOAD_COMMANDS,
            });
        }
        if header_len as u64 + u64::from(sizeofcmds) > bytes.len() as u64 {
            return Err(MachError::LoadCommandsPastEnd {
                offset: header_len,
                size: sizeofcmds,
                len: bytes.len(),
            });
        }
        precheck_segments(bytes, header_len, ncmds, is_64, le)?;
        let mut image = Image::default();
        let macho = match MachO::parse(bytes, 0) {
            Ok(m) => m,
            Err(strict) => {
                // Lossy mode skips a symbol table or segment that lies past the end; keep what
                // remains and say what was lost.
                let m = MachO::parse_lossy(bytes, 0).map_err(|e| MachError::Malformed {
                    what: "load commands",
                    offset: header_len,
                    message: e.to_string(),
                })?;
                image.problems.push(MachError::Malformed {
                    what: "image",
                    offset: 0,
                    message: format!("read partly: {strict}"),
                });
                m
            }
        };
        image.cputype = macho.header.cputype;
        image.cpusubtype = macho.header.cpusubtype;
        image.filetype = macho.header.filetype;
        image.is_64 = macho.is_64;
        image.read_load_commands(bytes, &macho);
        let sections = sections(bytes, &macho, &mut image.problems);
        let resolver = Resolver::new(&sections, &macho, image.is_64, le);
        image.read_symbols(bytes, &macho);
        image.read_objc(&sections, &resolver);
        image.read_strings(&sections, &resolver);
        if let Some(filter) = calls.filter(|f| !f.is_empty())
            && image.cputype == CPU_TYPE_ARM64
            && le
            // Executables (apps and their extensions) and loadable bundles: the app's own code.
            && matches!(image.filetype, 0x2 | 0x8)
            && let Some(map) = super::code_map::build(bytes, &macho, &sections, &resolver)
        {
            let walk = super::calls::walk(&map, filter);
            image.code_walked = true;
            if walk.skipped_bytes > 0 {
                image.problems.push(MachError::CodeWalkLimit {
                    message: format!(
                        "{} of {} bytes of __text walked",
                        map.text.len() - walk.skipped_bytes,
                        map.text.len()
                    ),
                });
            }
            if walk.dropped_calls > 0 {
                image.problems.push(MachError::CodeWalkLimit {
                    message: format!(
                        "{} call sites kept, {} more dropped",
                        walk.calls.len(),
                        walk.dropped_calls
                    ),
                });
            }
            image.calls = walk.calls;
        }
        image.finish();
        Ok(image)
    }

    /// The architecture name (`arm64`, `x86_64`, `arm64e`, `armv7`).
    pub fn arch(&self) -> String {
        arch_name(self.cputype, self.cpusubtype)
    }

    pub fn is_object(&self) -> bool {
        self.filetype == MH_OBJECT
    }

    fn read_load_commands(&mut self, bytes: &'a [u8], macho: &MachO<'a>) {
        for lc in &macho.load_commands {
            let dylib = |cmd: &goblin::mach::load_command::DylibCommand, kind| {
                let at = lc.offset.checked_add(cmd.dylib.name as usize)?;
                Some(Dylib {
                    install_name: c_str(bytes, at)?,
                    kind,
                    current_version: cmd.dylib.current_version,
                    compatibility_version: cmd.dylib.compatibility_version,
                })
            };
            let linked = match &lc.command {
                CommandVariant::LoadDylib(c) => dylib(c, LinkKind::Normal),
                CommandVariant::LoadWeakDylib(c) => dylib(c, LinkKind::Weak),
                CommandVariant::ReexportDylib(c) => dylib(c, LinkKind::Reexport),
                CommandVariant::LoadUpwardDylib(c) => dylib(c, LinkKind::Upward),
                CommandVariant::LazyLoadDylib(c) => dylib(c, LinkKind::Lazy),
                CommandVariant::IdDylib(c) => {
                    self.id = dylib(c, LinkKind::Normal);
                    None
                }
                CommandVariant::Rpath(c) => {
                    if let Some(path) = lc
                        .offset
                        .checked_add(c.path as usize)
                        .and_then(|at| c_str(bytes, at))
                    {
                        self.rpaths.push(path);
                    }
                    None
                }
                CommandVariant::BuildVersion(c) => {
                    self.platform = Some(c.platform);
                    self.min_os = Some(c.minos);
                    self.sdk = (c.sdk != 0).then_some(c.sdk);
                    None
                }
                CommandVariant::VersionMinIphoneos(c)
                | CommandVariant::VersionMinMacosx(c)
                | CommandVariant::VersionMinTvos(c)
                | CommandVariant::VersionMinWatchos(c) => {
                    // LC_BUILD_VERSION wins when both are present.
                    if self.platform.is_none() {
                        self.platform = Some(match lc.command {
                            CommandVariant::VersionMinMacosx(_) => 1,
                            CommandVariant::VersionMinTvos(_) => 3,
                            CommandVariant::VersionMinWatchos(_) => 4,
                            _ => 2,
                        });
                        self.min_os = Some(c.version);
                        self.sdk = (c.sdk != 0).then_some(c.sdk);
                    }
                    None
                }
                CommandVariant::CodeSignature(c) => {
                    self.code_signature = Some((c.dataoff, c.datasize));
                    None
                }
                _ => None,
            };
            if let Some(d) = linked {
                self.dylibs.push(d);
            }
        }
    }

    fn read_symbols(&mut self, bytes: &'a [u8], macho: &MachO<'a>) {
        let symtab = macho.load_commands.iter().find_map(|lc| match &lc.command {
            CommandVariant::Symtab(c) => Some(*c),
            _ => None,
        });
        let Some(symtab) = symtab else { return };
        if symtab.nsyms > MAX_SYMBOLS {
            self.problems.push(MachError::TooManySymbols {
                count: symtab.nsyms,
                limit: MAX_SYMBOLS,
            });
            return;
        }
        let entry = if self.is_64 { 16u64 } else { 12 };
        if u64::from(symtab.symoff) + u64::from(symtab.nsyms) * entry > bytes.len() as u64 {
            self.problems.push(MachError::SymbolsPastEnd {
                offset: symtab.symoff,
                count: symtab.nsyms,
                len: bytes.len(),
            });
            return;
        }
        let mut classes = Vec::new();
        for (index, symbol) in macho.symbols().enumerate() {
            let (name, nlist) = match symbol {
                Ok(s) => s,
                Err(e) => {
                    self.problems.push(MachError::Malformed {
                        what: "symbol",
                        offset: symtab.symoff as usize + index * entry as usize,
                        message: e.to_string(),
                    });
                    break;
                }
            };
            if nlist.n_type & N_STAB != 0 || name.is_empty() {
                continue;
            }
            let undefined = nlist.n_type & N_TYPE == N_UNDF && nlist.n_value == 0;
            let external = nlist.n_type & N_EXT != 0;
            if undefined {
                if external {
                    self.imported_count += 1;
                    if self.imported_symbols.len() < MAX_KEPT_SYMBOLS {
                        self.imported_symbols.push(name);
                    }
                }
            } else if external && nlist.n_type & N_PEXT == 0 {
                self.exported_count += 1;
                if self.exported_symbols.len() < MAX_KEPT_SYMBOLS {
                    self.exported_symbols.push(name);
                }
            }
            if let Some(class) = name.strip_prefix("_OBJC_CLASS_$_")
                && !class.is_empty()
            {
                classes.push(ObjcClass {
                    name: class,
                    defined: !undefined,
                    source: ClassSource::Symbol,
                });
            } else if let Some((module, ty)) = demangle_swift_symbol(name) {
                self.swift_types.push(SwiftType {
                    module,
                    name: ty,
                    defined: !undefined,
                });
            }
        }
        self.objc_classes.extend(classes);
        self.read_bound_imports(bytes, macho);
    }

    /// Stripped images keep the names of what they import in their bind opcodes (`LC_DYLD_INFO`)
    /// even when the symbol table has lost them: add those not already seen. (goblin's
    /// `MachO::imports` indexes its tables with unchecked ordinals from the opcodes and panics on
    /// a bad one, so the opcodes are walked here, for the names only.)
    fn read_bound_imports(&mut self, bytes: &'a [u8], macho: &MachO<'a>) {
        let Some(info) = macho.load_commands.iter().find_map(|lc| match &lc.command {
            CommandVariant::DyldInfo(c) | CommandVariant::DyldInfoOnly(c) => Some(*c),
            _ => None,
        }) else {
            return;
        };
        let mut seen: std::collections::HashSet<&str> =
            self.imported_symbols.iter().copied().collect();
        let mut added: Vec<&'a str> = Vec::new();
        for (off, size) in [
            (info.bind_off, info.bind_size),
            (info.weak_bind_off, info.weak_bind_size),
            (info.lazy_bind_off, info.lazy_bind_size),
        ] {
            let Some(opcodes) = (off as usize)
                .checked_add(size as usize)
                .and_then(|end| bytes.get(off as usize..end))
            else {
                if size != 0 {
                    self.problems.push(MachError::Malformed {
                        what: "bind opcodes",
                        offset: off as usize,
                        message: format!("{size} bytes run past the end of the image"),
                    });
                }
                continue;
            };
            for name in bind_symbol_names(opcodes) {
                if seen.insert(name) {
                    added.push(name);
                }
            }
        }
        for name in &added {
            if let Some(class) = name.strip_prefix("_OBJC_CLASS_$_")
                && !class.is_empty()
            {
                self.objc_classes.push(ObjcClass {
                    name: class,
                    defined: false,
                    source: ClassSource::Symbol,
                });
            }
        }
        self.imported_count += added.len();
        let room = MAX_KEPT_SYMBOLS.saturating_sub(self.imported_symbols.len());
        self.imported_symbols.extend(added.into_iter().take(room));
    }

    fn read_objc(&mut self, sections: &[Sect<'a>], resolver: &Resolver<'_, 'a>) {
        let ptr = if self.is_64 { 8 } else { 4 };
        for sect in sections.iter().filter(|s| s.is("__objc_methname")) {
            self.selectors
                .extend(split_c_strings(sect.data).map(|(_, s)| s));
        }
        if !self.is_object() {
            for sect in sections.iter().filter(|s| s.is("__objc_selrefs")) {
                for chunk in sect.data.chunks_exact(ptr) {
                    if let Some(name) = resolver.c_string_at(resolver.read_ptr(chunk)) {
                        self.selectors.push(name);
                    }
                }
            }
        }
        let mut from_list = 0usize;
        let mut list_entries = 0usize;
        if !self.is_object() {
            for sect in sections.iter().filter(|s| s.is("__objc_classlist")) {
                for chunk in sect.data.chunks_exact(ptr) {
                    list_entries += 1;
                    if let Some((name, methods)) = resolver.class_info(resolver.read_ptr(chunk)) {
                        from_list += 1;
                        self.selectors.extend(methods);
                        self.objc_classes.push(ObjcClass {
                            name,
                            defined: true,
                            source: ClassSource::ClassList,
                        });
                    }
                }
            }
        }
        // A class list whose pointers resolve nowhere (an unknown encoding): fall back to the
        // class name strings. Objects need no fallback: their symbol table always names the
        // classes they define (the linker resolves references through it), and their
        // `__objc_classname` holds category and protocol names besides.
        if list_entries > 0 && from_list == 0 {
            for sect in sections.iter().filter(|s| s.is("__objc_classname")) {
                self.objc_classes
                    .extend(split_c_strings(sect.data).map(|(_, name)| ObjcClass {
                        name,
                        defined: true,
                        source: ClassSource::ClassName,
                    }));
            }
        }
        for sect in sections.iter().filter(|s| s.is("__swift5_typeref")) {
            for name in swift_typerefs(sect.data) {
                if let Some((module, ty)) = demangle_nominal(&name) {
                    self.swift_types.push(SwiftType {
                        module,
                        name: ty,
                        defined: false,
                    });
                }
            }
        }
    }

    fn read_strings(&mut self, sections: &[Sect<'a>], resolver: &Resolver<'_, 'a>) {
        for sect in sections {
            let label = match (sect.segname, sect.name) {
                (_, "__cstring") => "__cstring",
                (_, "__swift5_reflstr") => "__swift5_reflstr",
                _ => continue,
            };
            self.strings.extend(
                split_c_strings(sect.data).map(|(offset, value)| SectionString {
                    section: label,
                    offset: offset as u64,
                    value: Cow::Borrowed(value),
                }),
            );
        }
        let (record, ptr) = if self.is_64 { (32, 8) } else { (16, 4) };
        for sect in sections.iter().filter(|s| s.is("__cfstring")) {
            for (index, rec) in sect.data.chunks_exact(record).enumerate() {
                let flags = resolver.read_u32(&rec[ptr..ptr + 4]);
                let target = resolver.read_ptr(&rec[2 * ptr..3 * ptr]);
                let length = resolver.read_ptr(&rec[3 * ptr..4 * ptr]);
                if let Some(value) = resolver.cf_string(target, length, flags) {
                    self.cfstrings.push(SectionString {
                        section: "__cfstring",
                        offset: index as u64,
                        value,
                    });
                }
            }
        }
    }

    fn finish(&mut self) {
        self.objc_classes.sort_by(|a, b| {
            a.name
                .cmp(b.name)
                .then(b.defined.cmp(&a.defined))
                .then(a.source.cmp(&b.source))
        });
        self.objc_classes
            .dedup_by(|later, first| later.name == first.name);
        self.selectors.sort_unstable();
        self.selectors.dedup();
        self.swift_types.sort_by(|a, b| {
            (&a.module, &a.name)
                .cmp(&(&b.module, &b.name))
                .then(b.defined.cmp(&a.defined))
        });
        self.swift_types
            .dedup_by(|later, first| later.module == first.module && later.name == first.name);
    }
}

/// What goblin assumes without checking: a `__TEXT` segment mapped at or above its file offset
/// (it subtracts one from the other to place `LC_MAIN`'s entry point, which overflows otherwise).
fn precheck_segments(
    bytes: &[u8],
    header_len: usize,
    ncmds: u32,
    is_64: bool,
    le: bool,
) -> Result<(), MachError> {
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let u64_at = |at: usize| -> Option<u64> {
        let b: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
        Some(if le {
            u64::from_le_bytes(b)
        } else {
            u64::from_be_bytes(b)
        })
    };
    let mut at = header_len;
    for _ in 0..ncmds {
        let (Some(cmd), Some(size)) = (u32_at(at), u32_at(at + 4)) else {
            return Ok(()); // goblin reports the truncation
        };
        let segment = match (cmd, is_64) {
            (0x19, true) => u64_at(at + 24).zip(u64_at(at + 40)),
            (0x1, false) => u32_at(at + 24)
                .zip(u32_at(at + 32))
                .map(|(v, f)| (u64::from(v), u64::from(f))),
            _ => None,
        };
        if let Some((vmaddr, fileoff)) = segment
            && bytes.get(at + 8..at + 15) == Some(b"__TEXT\0")
            && vmaddr < fileoff
        {
            return Err(MachError::Malformed {
                what: "__TEXT segment",
                offset: at,
                message: format!("mapped at {vmaddr:#x}, below its file offset {fileoff:#x}"),
            });
        }
        if size < 8 {
            return Ok(());
        }
        at = at.saturating_add(size as usize);
    }
    Ok(())
}

/// Every section of the image with its bytes; a section whose bytes lie past the end is a problem
/// and is left out.
fn sections<'a>(
    bytes: &'a [u8],
    macho: &MachO<'a>,
    problems: &mut Vec<MachError>,
) -> Vec<Sect<'a>> {
    let mut out = Vec::new();
    let mut ordinal = 0usize;
    let (command_len, header_len) = if macho.is_64 {
        (72u64, 80u64)
    } else {
        (56, 68)
    };
    for segment in macho.segments.iter() {
        // The section headers follow the segment command inside its cmdsize: a count that does
        // not fit is not iterated (goblin would read on through the file).
        let room = u64::from(segment.cmdsize).saturating_sub(command_len) / header_len;
        if u64::from(segment.nsects) > room {
            problems.push(MachError::Malformed {
                what: "segment",
                offset: 0,
                message: format!(
                    "{} claims {} sections, more than its load command holds ({room})",
                    fixed_name(&segment.segname),
                    segment.nsects
                ),
            });
            ordinal += segment.nsects as usize;
            continue;
        }
        for section in segment {
            ordinal += 1;
            let Ok((section, _)) = section else {
                problems.push(MachError::Malformed {
                    what: "section header",
                    offset: 0,
                    message: format!("in segment {} is unreadable", fixed_name(&segment.segname)),
                });
                break;
            };
            let kind = section.flags & 0xff;
            let zerofill = matches!(kind, S_ZEROFILL | S_GB_ZEROFILL | S_THREAD_LOCAL_ZEROFILL);
            let start = section.offset as usize;
            let data = if zerofill {
                &[][..]
            } else {
                match usize::try_from(section.size)
                    .ok()
                    .and_then(|size| bytes.get(start..start.checked_add(size)?))
                {
                    Some(d) => d,
                    None => {
                        problems.push(MachError::Malformed {
                            what: "section",
                            offset: start,
                            message: format!(
                                "{},{} ({} bytes) runs past the end of the image ({} bytes)",
                                fixed_name(&section.segname),
                                fixed_name(&section.sectname),
                                section.size,
                                bytes.len()
                            ),
                        });
                        continue;
                    }
                }
            };
            out.push(Sect {
                segname: fixed_name_ref(bytes, &section.segname),
                name: fixed_name_ref(bytes, &section.sectname),
                addr: section.addr,
                size: section.size,
                kind,
                data,
                ordinal,
            });
        }
    }
    out
}

/// Section and segment names are 16-byte fields; the known ones map to `'static` strings, others
/// are lost (they are not used).
fn fixed_name_ref<'a>(_bytes: &'a [u8], raw: &[u8; 16]) -> &'a str {
    const KNOWN: &[&str] = &[
        "__TEXT",
        "__DATA",
        "__text",
        "__stubs",
        "__auth_stubs",
        "__objc_stubs",
        "__got",
        "__auth_got",
        "__la_symbol_ptr",
        "__DATA_CONST",
        "__DATA_DIRTY",
        "__cstring",
        "__objc_classname",
        "__objc_methname",
        "__objc_methtype",
        "__objc_selrefs",
        "__objc_classlist",
        "__objc_classrefs",
        "__objc_const",
        "__objc_data",
        "__cfstring",
        "__ustring",
        "__swift5_typeref",
        "__swift5_reflstr",
    ];
    let name = fixed_name(raw);
    KNOWN.iter().find(|k| **k == name).copied().unwrap_or("")
}

fn fixed_name(raw: &[u8; 16]) -> String {
    let end = raw.iter().position(|&b| b == 0).unwrap_or(16);
    String::from_utf8_lossy(&raw[..end]).into_owned()
}

/// Maps pointers stored in the image to bytes, decoding chained-fixup rebases heuristically
/// (module docs).
pub(super) struct Resolver<'s, 'a> {
    sections: &'s [Sect<'a>],
    base: u64,
    is_64: bool,
    le: bool,
}

impl<'s, 'a> Resolver<'s, 'a> {
    fn new(sections: &'s [Sect<'a>], macho: &MachO<'a>, is_64: bool, le: bool) -> Self {
        let base = macho
            .segments
            .iter()
            .find(|s| s.name().is_ok_and(|n| n == "__TEXT"))
            .map_or(0, |s| s.vmaddr);
        Self {
            sections,
            base,
            is_64,
            le,
        }
    }

    pub(super) fn read_u32(&self, b: &[u8]) -> u32 {
        let b: [u8; 4] = b.try_into().unwrap_or([0; 4]);
        if self.le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    }

    pub(super) fn read_ptr(&self, b: &[u8]) -> u64 {
        if self.is_64 {
            let b: [u8; 8] = b.try_into().unwrap_or([0; 8]);
            if self.le {
                u64::from_le_bytes(b)
            } else {
                u64::from_be_bytes(b)
            }
        } else {
            u64::from(self.read_u32(b))
        }
    }

    /// The addresses a stored pointer may stand for: itself, then the chained-fixup rebase
    /// encodings (`DYLD_CHAINED_PTR_64`, `_64_OFFSET`, arm64e rebase and auth rebase).
    fn candidates(&self, raw: u64) -> impl Iterator<Item = u64> + use<> {
        let high8 = (raw >> 36) & 0xff;
        let target36 = raw & 0xf_ffff_ffff;
        let list = if self.is_64 && raw >> 63 == 0 {
            [
                Some(raw),
                Some((high8 << 56) | target36),
                Some(self.base.wrapping_add(target36)),
                Some(raw & 0x7ff_ffff_ffff),
            ]
        } else if self.is_64 {
            // Bit 63 set: an arm64e auth rebase (bit 62 clear; a bind has it set).
            let auth = raw >> 62 & 1 == 0;
            [
                auth.then(|| self.base.wrapping_add(raw & 0xffff_ffff)),
                None,
                None,
                None,
            ]
        } else {
            [Some(raw), None, None, None]
        };
        list.into_iter().flatten()
    }

    /// The section holding `addr`, and the offset of `addr` inside its data.
    fn locate(&self, addr: u64) -> Option<(&'s Sect<'a>, usize)> {
        self.sections.iter().find_map(|s| {
            let off = addr.checked_sub(s.addr)?;
            (off < s.size && (off as usize) < s.data.len()).then_some((s, off as usize))
        })
    }

    /// The C string a stored pointer designates, if it lands in a C-string section.
    pub(super) fn c_string_at(&self, raw: u64) -> Option<&'a str> {
        self.candidates(raw).find_map(|addr| {
            let (sect, off) = self.locate(addr)?;
            if !sect.holds_cstrings() {
                return None;
            }
            let data = sect.data.get(off..)?;
            let end = data.iter().position(|&b| b == 0)?;
            std::str::from_utf8(&data[..end])
                .ok()
                .filter(|s| !s.is_empty())
        })
    }

    /// The name of the `class_t` a stored pointer designates.
    pub(super) fn class_name(&self, raw: u64) -> Option<&'a str> {
        self.class_ro(raw).map(|(name, _, _)| name)
    }

    /// `class_t` at `raw` → `class_ro_t` → name, plus the selectors of its method list and of its
    /// metaclass's (`isa`) method list.
    fn class_info(&self, raw: u64) -> Option<(&'a str, Vec<&'a str>)> {
        let (name, ro, isa) = self.class_ro(raw)?;
        let mut methods = self.methods(ro);
        if let Some((_, meta_ro, _)) = self.class_ro(isa) {
            methods.extend(self.methods(meta_ro));
        }
        Some((name, methods))
    }

    /// A `class_t`'s name, its `class_ro_t` (section and offset) and its raw `isa`.
    fn class_ro(&self, raw: u64) -> Option<(&'a str, (&'s Sect<'a>, usize), u64)> {
        let ptr = if self.is_64 { 8 } else { 4 };
        self.candidates(raw).find_map(|addr| {
            let (sect, off) = self.locate(addr)?;
            if sect.holds_cstrings() {
                return None;
            }
            // class_t: isa, superclass, cache, vtable, data (low bits are flags).
            let isa = self.read_ptr(sect.data.get(off..off + ptr)?);
            let data_field = sect.data.get(off + 4 * ptr..off + 5 * ptr)?;
            let ro_raw = self.read_ptr(data_field) & !7;
            let name_offset = if self.is_64 { 24 } else { 16 };
            self.candidates(ro_raw).find_map(|ro| {
                let (ro_sect, ro_off) = self.locate(ro)?;
                if ro_sect.holds_cstrings() {
                    return None;
                }
                let name_field = ro_sect
                    .data
                    .get(ro_off + name_offset..ro_off + name_offset + ptr)?;
                let name = self.c_string_at(self.read_ptr(name_field))?;
                Some((name, (ro_sect, ro_off), isa))
            })
        })
    }

    /// The selector names of a `class_ro_t`'s `baseMethods` list.
    fn methods(&self, ro: (&Sect<'a>, usize)) -> Vec<&'a str> {
        self.method_entries(ro)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// A class's name with its instance and class methods: selector and implementation address
    /// (in `__text`), for the methods whose implementation resolves. What the code walk names
    /// functions by when the symbol table is stripped.
    pub(super) fn class_methods(&self, raw: u64) -> Option<ClassMethods<'a>> {
        let (name, ro, isa) = self.class_ro(raw)?;
        let with_imp = |entries: Vec<(&'a str, Option<u64>)>| -> Vec<(&'a str, u64)> {
            entries
                .into_iter()
                .filter_map(|(sel, imp)| Some((sel, imp?)))
                .collect()
        };
        let instance = with_imp(self.method_entries(ro));
        let class = self
            .class_ro(isa)
            .map(|(_, meta_ro, _)| with_imp(self.method_entries(meta_ro)))
            .unwrap_or_default();
        Some((name, instance, class))
    }

    /// The entries of a `class_ro_t`'s `baseMethods` list, selector and implementation address:
    /// classic entries (`name`, `types`, `imp` pointers) or relative ones (flag `0x80000000`:
    /// 32-bit offsets, the name's pointing at a selector reference, the imp's at the code).
    fn method_entries(&self, (sect, ro_off): (&Sect<'a>, usize)) -> Vec<(&'a str, Option<u64>)> {
        let ptr = if self.is_64 { 8 } else { 4 };
        let field = if self.is_64 { 32 } else { 20 };
        let mut out = Vec::new();
        let Some(raw) = sect.data.get(ro_off + field..ro_off + field + ptr) else {
            return out;
        };
        let raw = self.read_ptr(raw);
        if raw == 0 {
            return out;
        }
        let Some((list_sect, list_off)) = self
            .candidates(raw)
            .find_map(|a| self.locate(a).filter(|(s, _)| !s.holds_cstrings()))
        else {
            return out;
        };
        let data = list_sect.data;
        let (Some(head), Some(count)) = (
            data.get(list_off..list_off + 4),
            data.get(list_off + 4..list_off + 8),
        ) else {
            return out;
        };
        let flags = self.read_u32(head);
        let entsize = (flags & 0xfffc) as usize;
        let count = self.read_u32(count) as usize;
        let relative = flags & 0x8000_0000 != 0;
        let first = list_off + 8;
        // Bounded by the section: a count that claims more entries than fit reads none of them.
        if entsize == 0 || count > (data.len().saturating_sub(first)) / entsize {
            return out;
        }
        for i in 0..count {
            let at = first + i * entsize;
            let name = if relative {
                let rel = self.read_u32(&data[at..at + 4]) as i32;
                let target = list_sect
                    .addr
                    .wrapping_add(at as u64)
                    .wrapping_add_signed(i64::from(rel));
                self.locate(target).and_then(|(s, o)| {
                    if s.holds_cstrings() {
                        self.c_string_at(target)
                    } else {
                        self.c_string_at(self.read_ptr(s.data.get(o..o + ptr)?))
                    }
                })
            } else {
                data.get(at..at + ptr)
                    .and_then(|b| self.c_string_at(self.read_ptr(b)))
            };
            let imp = if relative {
                data.get(at + 8..at + 12).and_then(|b| {
                    let rel = self.read_u32(b) as i32;
                    let target = list_sect
                        .addr
                        .wrapping_add(at as u64 + 8)
                        .wrapping_add_signed(i64::from(rel));
                    self.in_text(target)
                })
            } else {
                data.get(at + 2 * ptr..at + 3 * ptr).and_then(|b| {
                    self.candidates(self.read_ptr(b))
                        .find_map(|addr| self.in_text(addr))
                })
            };
            out.extend(name.map(|n| (n, imp)));
        }
        out
    }

    /// `addr` if it lies inside a `__text` section.
    fn in_text(&self, addr: u64) -> Option<u64> {
        self.locate(addr)
            .filter(|(s, _)| s.name == "__text")
            .map(|_| addr)
    }

    /// A `__cfstring` record's characters: 8-bit (UTF-8 in practice) or UTF-16 (flags 0x7d0).
    pub(super) fn cf_string(&self, raw: u64, length: u64, flags: u32) -> Option<Cow<'a, str>> {
        let utf16 = flags & 0x10 != 0 && flags & 0x8 == 0;
        let bytes_len = usize::try_from(length)
            .ok()?
            .checked_mul(if utf16 { 2 } else { 1 })?;
        self.candidates(raw).find_map(|addr| {
            let (sect, off) = self.locate(addr)?;
            if !(sect.holds_cstrings() || sect.is("__ustring")) {
                return None;
            }
            let data = sect.data.get(off..off.checked_add(bytes_len)?)?;
            if utf16 {
                let units: Vec<u16> = data
                    .chunks_exact(2)
                    .map(|c| {
                        if self.le {
                            u16::from_le_bytes([c[0], c[1]])
                        } else {
                            u16::from_be_bytes([c[0], c[1]])
                        }
                    })
                    .collect();
                Some(Cow::Owned(String::from_utf16_lossy(&units)))
            } else {
                std::str::from_utf8(data).ok().map(Cow::Borrowed)
            }
        })
    }
}

/// The symbol names of a bind-opcode stream (`BIND_OPCODE_SET_SYMBOL_TRAILING_FLAGS_IMM`
/// operands), skipping every other opcode's operands; stops at the first malformed one.
fn bind_symbol_names(ops: &[u8]) -> Vec<&str> {
    fn skip_leb(ops: &[u8], i: &mut usize) -> Option<()> {
        loop {
            let b = *ops.get(*i)?;
            *i += 1;
            if b & 0x80 == 0 {
                return Some(());
            }
        }
    }
    let mut names = Vec::new();
    let mut i = 0usize;
    while let Some(&op) = ops.get(i) {
        i += 1;
        let ok = match op & 0xf0 {
            0x00 | 0x10 | 0x30 | 0x50 | 0x90 | 0xb0 => Some(()),
            0x20 | 0x60 | 0x70 | 0x80 | 0xa0 => skip_leb(ops, &mut i),
            0xc0 => skip_leb(ops, &mut i).and_then(|()| skip_leb(ops, &mut i)),
            0xd0 if op & 0x0f == 0x00 => skip_leb(ops, &mut i),
            0xd0 => Some(()),
            0x40 => {
                let rest = ops.get(i..).unwrap_or(&[]);
                match rest.iter().position(|&b| b == 0) {
                    Some(end) => {
                        if let Ok(name) = std::str::from_utf8(&rest[..end]) {
                            names.push(name);
                        }
                        i += end + 1;
                        Some(())
                    }
                    None => None,
                }
            }
            _ => None,
        };
        if ok.is_none() {
            break;
        }
    }
    names
}

/// The NUL-terminated UTF-8 strings of a C-string section with their offsets; empty strings and
/// invalid UTF-8 are skipped.
fn split_c_strings(data: &[u8]) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0usize;
    data.split(|&b| b == 0).filter_map(move |chunk| {
        let at = offset;
        offset += chunk.len() + 1;
        if chunk.is_empty() {
            return None;
        }
        std::str::from_utf8(chunk).ok().map(|s| (at, s))
    })
}

/// A NUL-terminated UTF-8 string at `at`.
pub(super) fn c_str(bytes: &[u8], at: usize) -> Option<&str> {
    let data = bytes.get(at..)?;
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    std::str::from_utf8(&data[..end]).ok()
}

fn read_u32_be(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn read_u64_be(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// `arm64`, `x86_64`, `arm64e`, … or `cputype 0x… subtype 0x…` for unknown pairs.
pub fn arch_name(cputype: u32, cpusubtype: u32) -> String {
    let subtype = cpusubtype & 0x00ff_ffff;
    get_arch_name_from_types(cputype, subtype)
        .map(str::to_string)
        .unwrap_or_else(|| format!("cputype {cputype:#x} subtype {subtype:#x}"))
}

/// The platform name of an `LC_BUILD_VERSION` platform number (`<mach-o/loader.h>` `PLATFORM_*`).
pub fn platform_name(platform: u32) -> Cow<'static, str> {
    Cow::Borrowed(match platform {
        1 => "macos",
        2 => "ios",
        3 => "tvos",
        4 => "watchos",
        5 => "bridgeos",
        6 => "mac-catalyst",
        7 => "ios-simulator",
        8 => "tvos-simulator",
        9 => "watchos-simulator",
        10 => "driverkit",
        11 => "visionos",
        12 => "visionos-simulator",
        n => return Cow::Owned(format!("platform {n}")),
    })
}

/// A dylib version, `xxxx.yy.zz` packed in nibbles → `6.9.0`.
pub fn dylib_version(v: u32) -> String {
    format!("{}.{}.{}", v >> 16, (v >> 8) & 0xff, v & 0xff)
}

/// An OS version, `xxxx.yy.zz` packed in nibbles → `14.0` or `14.0.1`.
pub fn version_string(v: u32) -> String {
    let (major, minor, patch) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
    if patch == 0 {
        format!("{major}.{minor}")
    } else {
        format!("{major}.{minor}.{patch}")
    }
}

// ---- Swift names -------------------------------------------------------------------------------

/// Module and type of a Swift symbol (`_$s12AppsFlyerLib0aB0C5startyyF`, `$s…`, Swift 4's `_$S…`):
/// only the leading nominal-type context is read (see [`demangle_nominal`]).
fn demangle_swift_symbol(symbol: &str) -> Option<(String, Option<String>)> {
    let mangled = ["_$s", "$s", "_$S", "$S"]
        .iter()
        .find_map(|p| symbol.strip_prefix(p))?;
    demangle_nominal(mangled)
}

/// A small demangler for the common prefix of Swift mangled names: a module (`<len><ident>`, or
/// `s` for Swift, `So` for imported Objective-C, `SC` for synthesized C types) followed by nominal
/// types (`<len><ident>` then `C` class, `V` struct, `O` enum, `P` protocol, `a` alias). Identifiers
/// using word substitutions (`0…`) or other substitutions end the walk: what was read so far is
/// returned. Not a full demangler (swift-demangle is C++ and not available here).
pub fn demangle_nominal(mangled: &str) -> Option<(String, Option<String>)> {
    let mut rest = mangled;
    let module = if let Some(r) = rest.strip_prefix("So") {
        rest = r;
        "__C".to_string()
    } else if let Some(r) = rest.strip_prefix("SC") {
        rest = r;
        "__C_Synthesized".to_string()
    } else if let Some(r) = rest.strip_prefix('s')
        && r.starts_with(|c: char| c.is_ascii_digit())
    {
        rest = r;
        "Swift".to_string()
    } else {
        let (ident, r) = identifier(rest)?;
        rest = r;
        ident.to_string()
    };
    let mut path: Vec<&str> = Vec::new();
    while let Some((ident, r)) = identifier(rest) {
        let Some(kind) = r.chars().next() else { break };
        if !matches!(kind, 'C' | 'V' | 'O' | 'P' | 'a') {
            break;
        }
        path.push(ident);
        rest = &r[1..];
    }
    if module == "__C" || module == "Swift" || module == "__C_Synthesized" {
        // Types of the system's modules say nothing about the SDKs in the image.
        path.first()?;
    }
    let name = (!path.is_empty()).then(|| path.join("."));
    Some((module, name))
}

/// `<decimal length><identifier>` with a plain (non-substituted) ASCII identifier.
fn identifier(s: &str) -> Option<(&str, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || s.starts_with('0') {
        return None;
    }
    let len: usize = s[..digits].parse().ok()?;
    let ident = s.get(digits..digits.checked_add(len)?)?;
    let valid = ident
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !ident.starts_with(|c: char| c.is_ascii_digit());
    valid.then(|| (ident, &s[digits + len..]))
}

/// The mangled names of a `__swift5_typeref` section, symbolic references (`\x01`–`\x17` plus a
/// 4-byte offset, `\x18`–`\x1f` plus a pointer) cut out: each name is the plain text before the
/// first symbolic reference.
fn swift_typerefs(data: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = Vec::new();
    let mut plain = true;
    let mut i = 0usize;
    while i < data.len() {
        match data[i] {
            0 => {
                if !current.is_empty()
                    && let Ok(s) = String::from_utf8(std::mem::take(&mut current))
                {
                    names.push(s);
                }
                current.clear();
                plain = true;
                i += 1;
            }
            0x01..=0x17 => {
                plain = false;
                i += 5;
            }
            0x18..=0x1f => {
                plain = false;
                i += 9;
            }
            b => {
                if plain {
                    current.push(b);
                }
                i += 1;
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demangles_common_nominal_prefixes() {
        let d = |s| demangle_swift_symbol(s);
        assert_eq!(
            d("_$s14KochavaTracker0B0C6sharedACvpZ"),
            Some(("KochavaTracker".to_string(), None))
        );
        assert_eq!(
            d("$s12FBSDKCoreKit13AppEventsUtilC6sharedACvpZ"),
            Some((
                "FBSDKCoreKit".to_string(),
                Some("AppEventsUtil".to_string())
            ))
        );
        assert_eq!(
            d("_$s4main3FooC3BarV4bazzyyF"),
            Some(("main".to_string(), Some("Foo.Bar".to_string())))
        );
        assert_eq!(
            d("_$s8Singular6ConfigVMn"),
            Some(("Singular".to_string(), Some("Config".to_string())))
        );
        assert_eq!(
            d("_$sSo8NSObjectCMa"),
            Some(("__C".to_string(), Some("NSObject".to_string())))
        );
        assert_eq!(d("_$sSS"), None);
        assert_eq!(d("_OBJC_CLASS_$_Adjust"), None);
        assert_eq!(d("_$s"), None);
        assert_eq!(d("_$s99999999999999999999999x"), None);
    }

    #[test]
    fn typerefs_skip_symbolic_references() {
        let data = b"12AppsFlyerLib6LoggerC\0\x01\x10\x00\x00\x00\0So8NSObjectC\0";
        assert_eq!(
            swift_typerefs(data),
            ["12AppsFlyerLib6LoggerC", "So8NSObjectC"]
        );
        assert_eq!(
            demangle_nominal("12AppsFlyerLib6LoggerC"),
            Some(("AppsFlyerLib".to_string(), Some("Logger".to_string())))
        );
    }

    #[test]
    fn versions_and_platforms() {
        assert_eq!(version_string(0x000e_0000), "14.0");
        assert_eq!(version_string(0x0006_0900), "6.9");
        assert_eq!(version_string(0x000e_0501), "14.5.1");
        assert_eq!(platform_name(2), "ios");
        assert_eq!(platform_name(7), "ios-simulator");
        assert_eq!(platform_name(99), "platform 99");
    }

    #[test]
    fn sniffs_containers() {
        assert_eq!(sniff(b"!<arch>\nxx"), Some(Container::Archive));
        assert_eq!(
            sniff(&[0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]),
            Some(Container::Fat)
        );
        assert_eq!(sniff(&[0xcf, 0xfa, 0xed, 0xfe]), Some(Container::Thin));
        assert_eq!(sniff(b"dex\n035\0"), None);
        assert_eq!(sniff(b"ab"), None);
    }
}
