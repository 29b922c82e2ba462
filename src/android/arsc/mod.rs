//! The Android resource table, `resources.arsc`: every resource an APK defines, with its value in
//! every configuration (locale, density, SDK level, …).
//!
//! # The format
//! One `RES_TABLE_TYPE` (0x0002) chunk: `ResChunk_header` plus `u32 packageCount`, then the global
//! value string pool (`RES_STRING_POOL_TYPE`, see [`super::string_pool`]) and one
//! `RES_TABLE_PACKAGE_TYPE` (0x0200) chunk per package. A package header carries the package id
//! (0x7f for an app), its name (UTF-16, 128 units) and the offsets of two more string pools: the
//! type names (`string`, `layout`, …) and the key names (`app_name`, …). Inside the package come
//! `RES_TABLE_TYPE_SPEC_TYPE` (0x0202) chunks (one per type: per-entry configuration masks, not
//! needed here) and `RES_TABLE_TYPE_TYPE` (0x0201) chunks, one per type and configuration: a
//! `ResTable_config` (the qualifiers: `language[2]`, `country[2]`, `localeScript[4]`, …), a table
//! of entry offsets and the entries. The table is either dense (one u32 offset per entry,
//! `NO_ENTRY` = 0xFFFFFFFF where the configuration has no value; with `FLAG_OFFSET16` one u16
//! offset divided by 4, 0xFFFF for none) or, with `FLAG_SPARSE`, a sorted list of
//! `ResTable_sparseTypeEntry { u16 idx; u16 offset / 4 }`. An entry is `ResTable_entry { u16 size;
//! u16 flags; u32 key }` followed at `size` by a `Res_value { u16 size; u8 res0; u8 dataType; u32
//! data }`; with `FLAG_COMPACT` (aapt2 `--enable-compact-entries`) it is just 8 bytes, `u16 key;
//! u16 flags (dataType in the high byte); u32 data`; with `FLAG_COMPLEX` it is a bag (style,
//! array, plurals) of name/value pairs, which this reader skips. A resource id is `0xPPTTEEEE`:
//! package id, type id (1-based index into the type names), entry index.
//!
//! The authoritative description is AOSP's
//! `frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h` (the structs, and
//! `unpackLanguageOrRegion` in `ResourceTypes.cpp` for packed three-letter codes) and
//! `libs/androidfw/LoadedArsc.cpp` (what the platform accepts).
//!
//! # Tolerated quirks
//! - aapt v1 writes short `ResTable_config`s (28 to 56 bytes): fields past `config.size` read as
//!   zero; fields this reader does not know (past 64 bytes) only matter for telling the default
//!   configuration apart;
//! - three-letter language codes (`fil`, `b+ast`) and three-digit regions (`419`) are packed into
//!   two bytes with the high bit set, as aapt2 writes them;
//! - the type and key pools are found by the header offsets, or failing that as the first and
//!   second string pool in the package (as `LoadedArsc` walks them); the first global string pool
//!   wins (later ones are ignored, as in `LoadedArsc`);
//! - the header's `packageCount` is not trusted; unknown chunk types (library, overlayable, staged
//!   alias, and anything newer) are skipped;
//! - `typeIdOffset` (shared libraries) shifts type names as the platform does;
//! - entry offsets need not be 4-byte aligned (the platform refuses those; reading them does no
//!   harm).
//!
//! Damage is contained where it can be: a chunk whose size runs past its container is cut at the
//! container's end, a package or type chunk that cannot be read is skipped, and each such problem
//! is kept in [`ResourceTable::issues`]; an entry whose offset or size runs past its chunk is
//! skipped and reported once per chunk by [`ResourceTable::string_entries`]. Only a file that is
//! not a resource table at all, or whose global string pool is unreadable, is an error.
//!
//! # Limits
//! Nothing is allocated from a count read from the file: the entry tables are views checked
//! against their chunk, and strings are decoded on demand. Memory grows with the number of
//! chunks (bounded by the file size) and with the strings the caller asks for, which
//! [`ResourceTable::string_entries`] bounds by [`MAX_OUTPUT_BYTES`]. At most [`MAX_ISSUES`]
//! problems are kept. Reference chains are followed at most [`MAX_REFERENCE_DEPTH`] deep.
//!
//! # Why no crate
//! `arsc` 0.1.5 reads the whole table through `Read + Seek` into owned structures, sizing them
//! straight from header counts (`Vec::with_capacity(string_count)`), returns only `io::Error`
//! without offsets, and knows no sparse, offset16 or compact entries; `abxml` 0.8 is unmaintained
//! since 2018 and depends on the deprecated `failure` crate. The string pool decoder is shared
//! with binary XML.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use thiserror::Error;

use super::res_value::{
    TYPE_ATTRIBUTE, TYPE_DYNAMIC_ATTRIBUTE, TYPE_DYNAMIC_REFERENCE, TYPE_FIRST_COLOR, TYPE_FLOAT,
    TYPE_INT_BOOLEAN, TYPE_INT_DEC, TYPE_INT_HEX, TYPE_LAST_COLOR, TYPE_NULL, TYPE_REFERENCE,
    TYPE_STRING,
};
use super::string_pool::{self, StringPool, StringPoolError, u16_at, u32_at};
use super::xml::AttrValue;

/// Most bytes of names and values [`ResourceTable::string_entries`] yields. Many entries may
/// share one pool string, so without this a small crafted table could expand quadratically.
pub const MAX_OUTPUT_BYTES: usize = 256 << 20;
/// Most problems [`ResourceTable::issues`] keeps (later ones are counted, not kept).
pub const MAX_ISSUES: usize = 64;
/// Most references followed from one value (`@string/a` → `@string/b` → …).
pub const MAX_REFERENCE_DEPTH: usize = 16;
/// Most type chunks one [`ResourceTable::resolve`] may visit (a crafted table can hold
/// thousands of chunks for one type; a real one holds one per configuration).
pub const MAX_LOOKUP_WORK: usize = 1 << 16;
/// Most type chunks [`ResourceTable::string_entries`] may visit in all while following
/// references; past it, string entries that are references are skipped (and that is reported
/// once).
pub const MAX_ITERATION_LOOKUP_WORK: usize = 1 << 24;

const RES_TABLE_TYPE: u16 = 0x0002;
const RES_TABLE_PACKAGE_TYPE: u16 = 0x0200;
const RES_TABLE_TYPE_TYPE: u16 = 0x0201;

const CHUNK_HEADER_SIZE: usize = 8;
const TABLE_HEADER_SIZE: usize = 12;
/// `ResTable_package` without the trailing `typeIdOffset` (older producers).
const PACKAGE_HEADER_MIN: usize = 284;
const PACKAGE_HEADER_FULL: usize = 288;
/// `ResTable_type` up to and including `config.size`.
const TYPE_HEADER_MIN: usize = 24;
const CONFIG_OFFSET: usize = 20;
/// The part of `ResTable_config` this reader knows.
const CONFIG_KNOWN: usize = 64;

const FLAG_SPARSE: u8 = 0x01;
const FLAG_OFFSET16: u8 = 0x02;
const ENTRY_FLAG_COMPLEX: u16 = 0x0001;
const ENTRY_FLAG_COMPACT: u16 = 0x0008;
const NO_ENTRY: u32 = 0xFFFF_FFFF;
const ENTRY_HEADER_SIZE: usize = 8;
const VALUE_SIZE: usize = 8;

mod chunk;
mod config;
mod entries;
mod package;
mod type_chunk;

use chunk::*;
pub use config::*;
pub use entries::*;
pub use package::*;
pub use type_chunk::*;

/// Why a resource table, or a part of it, could not be read. Offsets are from the start of the
/// file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ArscError {
    #[error("not a resource table: too short ({len} bytes)")]
    TooShort { len: usize },
    #[error("not a resource table: chunk type 0x{chunk_type:04x} at offset 0x0, expected 0x0002")]
    NotResourceTable { chunk_type: u16 },
    #[error(
        "malformed chunk header (offset 0x{offset:x}, type 0x{chunk_type:04x}, header size {header_size}, size {size})"
    )]
    BadChunkHeader {
        offset: usize,
        chunk_type: u16,
        header_size: u16,
        size: u32,
    },
    #[error(
        "chunk ends past its container (offset 0x{offset:x}, size {size}, container ends at 0x{end:x}); read up to the end"
    )]
    ChunkPastEnd {
        offset: usize,
        size: u32,
        end: usize,
    },
    #[error("truncated chunk header (offset 0x{offset:x}, {remaining} bytes left)")]
    TruncatedChunkHeader { offset: usize, remaining: usize },
    #[error(transparent)]
    StringPool(#[from] StringPoolError),
    #[error("no global string pool (table ends at 0x{end:x})")]
    NoStringPool { end: usize },
    #[error("package header too small (offset 0x{offset:x}, header size {header_size})")]
    PackageHeaderTooSmall { offset: usize, header_size: u16 },
    #[error("package id {id} out of range (offset 0x{offset:x})")]
    BadPackageId { offset: usize, id: u32 },
    #[error("package has no {which} string pool (offset 0x{offset:x})")]
    NoNamePool { offset: usize, which: &'static str },
    #[error("type chunk header too small (offset 0x{offset:x}, header size {header_size})")]
    TypeHeaderTooSmall { offset: usize, header_size: u16 },
    #[error(
        "type chunk configuration does not fit its header (offset 0x{offset:x}, config size {config_size})"
    )]
    BadConfig { offset: usize, config_size: u32 },
    #[error("type chunk has type id 0 (offset 0x{offset:x})")]
    TypeIdZero { offset: usize },
    #[error(
        "type chunk entries start past the chunk (offset 0x{offset:x}, entries start {entries_start})"
    )]
    EntriesStartPastChunk { offset: usize, entries_start: u32 },
    #[error(
        "type chunk entry table runs past the entries (offset 0x{offset:x}, count {count}, entries start {entries_start})"
    )]
    EntryTablePastEntries {
        offset: usize,
        count: u32,
        entries_start: u32,
    },
    #[error(
        "entry {index} runs past its type chunk (chunk offset 0x{offset:x}, entry offset {entry_offset})"
    )]
    EntryPastChunk {
        offset: usize,
        index: u32,
        entry_offset: u32,
    },
    #[error("entry {index} has a bad size {size} (chunk offset 0x{offset:x})")]
    BadEntrySize {
        offset: usize,
        index: u32,
        size: u16,
    },
    #[error("decoded strings exceed {MAX_OUTPUT_BYTES} bytes")]
    OutputTooLarge,
    #[error(
        "references need more than {MAX_ITERATION_LOOKUP_WORK} lookups; the remaining ones are not followed"
    )]
    TooManyLookups,
    #[error("{count} more problems not listed")]
    MoreIssues { count: usize },
}

/// A typed resource value (`Res_value`), strings borrowed from the table where possible.
#[derive(Debug, Clone, PartialEq)]
pub enum ResValue<'a> {
    String(Cow<'a, str>),
    /// `TYPE_REFERENCE` / `TYPE_DYNAMIC_REFERENCE`: another resource id (`@string/x`).
    Reference(u32),
    /// `TYPE_ATTRIBUTE` / `TYPE_DYNAMIC_ATTRIBUTE`: a theme attribute (`?attr/x`).
    Attribute(u32),
    Int(i32),
    Hex(u32),
    Bool(bool),
    Float(f32),
    /// `TYPE_INT_COLOR_*`: `0xaarrggbb`.
    Color(u32),
    /// `TYPE_NULL`: `@null` (data 0) or `@empty` (data 1).
    Null(u32),
    /// A bag (style, array, plurals, attr): `FLAG_COMPLEX`, not decoded.
    Bag,
    /// A string index outside the pool, or a type this reader does not interpret
    /// (dimension, fraction).
    Other {
        data_type: u8,
        data: u32,
    },
}

impl ResValue<'_> {
    /// The same value in the binary-XML attribute model, so that manifest values and resolved
    /// resources render alike; `None` for a bag.
    pub fn to_attr_value(&self) -> Option<AttrValue> {
        Some(match self {
            ResValue::String(s) => AttrValue::String(s.clone().into_owned()),
            ResValue::Reference(id) | ResValue::Attribute(id) => AttrValue::Reference(*id),
            ResValue::Int(n) => AttrValue::Int(*n),
            ResValue::Hex(n) => AttrValue::Hex(*n),
            ResValue::Bool(b) => AttrValue::Bool(*b),
            ResValue::Float(f) => AttrValue::Float(*f),
            ResValue::Color(c) => AttrValue::Other {
                data_type: TYPE_FIRST_COLOR,
                data: *c,
            },
            ResValue::Null(data) => AttrValue::Other {
                data_type: TYPE_NULL,
                data: *data,
            },
            ResValue::Other { data_type, data } => AttrValue::Other {
                data_type: *data_type,
                data: *data,
            },
            ResValue::Bag => return None,
        })
    }
}

/// An entry's value as stored: a bag, or `(data_type, data)` not yet decoded.
#[derive(Debug, Clone, Copy)]
enum RawValue {
    Bag,
    Value(u8, u32),
}

fn is_reference(data_type: u8) -> bool {
    matches!(data_type, TYPE_REFERENCE | TYPE_DYNAMIC_REFERENCE)
}

/// A parsed resource table, borrowing the file's bytes.
#[derive(Debug)]
pub struct ResourceTable<'a> {
    pool: StringPool<'a>,
    packages: Vec<Package<'a>>,
    issues: Vec<ArscError>,
    issues_dropped: usize,
}

/// Reads a resource table. Fails only when the bytes are not a resource table or its global
/// string pool cannot be read; damaged packages and type chunks are skipped and listed in
/// [`ResourceTable::issues`].
pub fn parse(bytes: &[u8]) -> Result<ResourceTable<'_>, ArscError> {
    let header = ChunkHeader::read(bytes, 0).ok_or(ArscError::TooShort { len: bytes.len() })?;
    if header.chunk_type != RES_TABLE_TYPE {
        return Err(ArscError::NotResourceTable {
            chunk_type: header.chunk_type,
        });
    }
    let header_size = usize::from(header.header_size);
    if header_size < TABLE_HEADER_SIZE || (header.size as usize) < header_size {
        return Err(header.malformed(0));
    }
    let mut table = ResourceTable {
        pool: StringPool::empty(),
        packages: Vec::new(),
        issues: Vec::new(),
        issues_dropped: 0,
    };
    let end = if header.size as usize > bytes.len() {
        table.issue(ArscError::ChunkPastEnd {
            offset: 0,
            size: header.size,
            end: bytes.len(),
        });
        bytes.len()
    } else {
        header.size as usize
    };
    if header_size > end {
        return Err(ArscError::TooShort { len: bytes.len() });
    }
    let data = &bytes[..end];

    let mut pool = None;
    let mut pos = header_size;
    loop {
        let chunk = match next_chunk(data, pos) {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(err) => {
                table.issue(err);
                break;
            }
        };
        if let Some(err) = chunk.cut.clone() {
            table.issue(err);
        }
        match chunk.header.chunk_type {
            string_pool::RES_STRING_POOL_TYPE if pool.is_none() => {
                pool = Some(StringPool::parse(
                    &data[chunk.start..chunk.end],
                    usize::from(chunk.header.header_size),
                    chunk.start,
                )?);
            }
            RES_TABLE_PACKAGE_TYPE => match Package::parse(data, &chunk, &mut table) {
                Ok(package) => table.packages.push(package),
                Err(err) => table.issue(err),
            },
            _ => {}
        }
        pos = chunk.end;
    }
    table.pool = pool.ok_or(ArscError::NoStringPool { end })?;
    Ok(table)
}

impl<'a> ResourceTable<'a> {
    fn issue(&mut self, err: ArscError) {
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(err);
        } else {
            self.issues_dropped += 1;
        }
    }

    /// Parts of the table that could not be read and were skipped, in file order (at most
    /// [`MAX_ISSUES`], then one [`ArscError::MoreIssues`]).
    pub fn issues(&self) -> Vec<ArscError> {
        let mut issues = self.issues.clone();
        if self.issues_dropped > 0 {
            issues.push(ArscError::MoreIssues {
                count: self.issues_dropped,
            });
        }
        issues
    }

    /// The packages, in file order.
    pub fn packages(&self) -> &[Package<'a>] {
        &self.packages
    }

    /// Every type chunk that was read: one type in one configuration, in file order.
    pub fn type_chunks(&self) -> impl Iterator<Item = TypeChunkInfo<'_>> {
        self.packages.iter().flat_map(|p| {
            p.types.iter().map(move |t| TypeChunkInfo {
                package_id: p.id,
                type_id: t.id,
                type_name: &t.type_name,
                locale: &t.locale,
                config: t.config,
                sparse: t.flags & FLAG_SPARSE != 0,
                offset16: t.flags & FLAG_SPARSE == 0 && t.flags & FLAG_OFFSET16 != 0,
                slots: t.count,
                offset: t.offset,
            })
        })
    }

    /// `type/name` of a resource id (`string/app_name`), from its first configuration.
    pub fn name(&self, id: u32) -> Option<String> {
        let (package, ty, entry) = self.candidates(id).find_map(|(p, t)| {
            let entry = t.entry(t.find(id as u16)?, id & 0xffff).ok()?;
            Some((p, t, entry))
        })?;
        let key = package.key_strings.get(entry.key)?;
        Some(format!("{}/{}", ty.type_name, key))
    }

    /// The value of resource `id` in the default configuration (or, if it has none there, in the
    /// first configuration without a locale: what a device whose language the app does not
    /// translate gets), with references to other resources of this table followed. `None` if
    /// the table does not define `id` in such a configuration. A reference to a resource the
    /// table does not hold (the framework's `@android:string/ok`) stays a
    /// [`ResValue::Reference`].
    pub fn resolve(&self, id: u32) -> Option<ResValue<'a>> {
        self.resolve_for(id, "")
    }

    /// Like [`resolve`](Self::resolve), but prefers the configuration with locale `locale`.
    pub fn resolve_for(&self, id: u32, locale: &str) -> Option<ResValue<'a>> {
        self.resolve_within(id, locale, &mut MAX_LOOKUP_WORK.clone())
    }

    /// [`resolve_for`](Self::resolve_for), visiting at most `work` type chunks.
    fn resolve_within(&self, id: u32, locale: &str, work: &mut usize) -> Option<ResValue<'a>> {
        self.resolve_raw_within(id, locale, work)
            .map(|raw| self.decode_raw(raw))
    }

    /// [`Self::resolve_within`] without decoding the value it ends at: `(data_type, data)`, or
    /// `None` for a missing entry. String values stay pool indices, so a caller decodes
    /// each pool string once however many entries end at it.
    fn resolve_raw_within(&self, id: u32, locale: &str, work: &mut usize) -> Option<RawValue> {
        let mut value = self.raw_value_for(id, locale, work)?;
        for _ in 0..MAX_REFERENCE_DEPTH {
            match value {
                // A reference to something this table does not hold stays a reference.
                RawValue::Value(t, next) if is_reference(t) => {
                    match self.raw_value_for(next, locale, work) {
                        Some(next_value) => value = next_value,
                        None => return Some(value),
                    }
                }
                other => return Some(other),
            }
        }
        // A reference cycle or a chain too long to follow: keep the last reference.
        Some(value)
    }

    fn decode_raw(&self, raw: RawValue) -> ResValue<'a> {
        match raw {
            RawValue::Bag => ResValue::Bag,
            RawValue::Value(data_type, data) => self.decode(data_type, data),
        }
    }

    /// The value of `id` itself (references not followed) in the best configuration for
    /// `locale`: that locale with no other qualifier, else the default, else the first
    /// configuration without a locale.
    fn raw_value_for(&self, id: u32, locale: &str, work: &mut usize) -> Option<RawValue> {
        let rank = |ty: &TypeChunk<'_>| {
            if !locale.is_empty() && ty.plain_locale && ty.locale == locale {
                0
            } else {
                1 + ty.fallback_rank
            }
        };
        // Best rank first; a damaged entry falls back to the next configuration.
        let first = if locale.is_empty() { 1 } else { 0 };
        let entry = (first..3).find_map(|want| {
            self.candidates(id)
                .filter(|(_, t)| rank(t) == want)
                .find_map(|(_, t)| {
                    *work = work.checked_sub(1)?;
                    t.entry(t.find(id as u16)?, id & 0xffff).ok()
                })
        })?;
        Some(match entry.value {
            None => RawValue::Bag,
            Some((data_type, data)) => RawValue::Value(data_type, data),
        })
    }

    /// The type chunks that may hold `id`, with their package.
    fn candidates(&self, id: u32) -> impl Iterator<Item = (&Package<'a>, &TypeChunk<'a>)> {
        let package_id = (id >> 24) as u8;
        let type_id = (id >> 16) as u8;
        self.packages
            .iter()
            .filter(move |p| p.id == package_id)
            .flat_map(move |p| {
                let start = p.by_type.partition_point(|&(id, _)| id < type_id);
                let end = p.by_type.partition_point(|&(id, _)| id <= type_id);
                p.by_type[start..end]
                    .iter()
                    .map(move |&(_, i)| (p, &p.types[i]))
            })
    }

    fn decode(&self, data_type: u8, data: u32) -> ResValue<'a> {
        match data_type {
            TYPE_STRING => match self.pool.get(data) {
                Some(s) => ResValue::String(s),
                None => ResValue::Other { data_type, data },
            },
            TYPE_REFERENCE | TYPE_DYNAMIC_REFERENCE => ResValue::Reference(data),
            TYPE_ATTRIBUTE | TYPE_DYNAMIC_ATTRIBUTE => ResValue::Attribute(data),
            TYPE_INT_DEC => ResValue::Int(data as i32),
            TYPE_INT_HEX => ResValue::Hex(data),
            TYPE_INT_BOOLEAN => ResValue::Bool(data != 0),
            TYPE_FLOAT => ResValue::Float(f32::from_bits(data)),
            TYPE_FIRST_COLOR..=TYPE_LAST_COLOR => ResValue::Color(data),
            TYPE_NULL => ResValue::Null(data),
            _ => ResValue::Other { data_type, data },
        }
    }

    /// Every entry whose value is a string, in every configuration, in file order (package,
    /// type chunk, entry). A reference to another resource (`@string/b` as the value of
    /// `@string/a`) is followed, in the same locale where that has a value, and yields the
    /// string it ends at. Bags are skipped. An entry that runs past its chunk yields one error
    /// per chunk and is skipped; once the decoded names and values pass [`MAX_OUTPUT_BYTES`],
    /// one [`ArscError::OutputTooLarge`] ends the iteration.
    pub fn string_entries(&self) -> StringEntries<'_, 'a> {
        StringEntries {
            table: self,
            package: 0,
            ty: 0,
            slot: 0,
            chunk_failed: false,
            budget: MAX_OUTPUT_BYTES,
            work: MAX_ITERATION_LOOKUP_WORK,
            work_reported: false,
            done: false,
            value_lens: HashMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_three_letter_codes() {
        // "fil" packed as aapt2's packLanguageOrRegion does: 0x80 | third << 2 | second >> 3,
        // then (second & 7) << 5 | first.
        let (f, i, l) = (b'f' - b'a', b'i' - b'a', b'l' - b'a');
        let packed = [0x80 | (l << 2) | (i >> 3), ((i & 7) << 5) | f];
        assert_eq!(unpack_language_or_region(packed, b'a'), "fil");
        let (a, b, c) = (4u8, 1u8, 9u8); // "419"
        let packed = [0x80 | (c << 2) | (b >> 3), ((b & 7) << 5) | a];
        assert_eq!(unpack_language_or_region(packed, b'0'), "419");
        assert_eq!(unpack_language_or_region(*b"fr", b'a'), "fr");
        assert_eq!(unpack_language_or_region([0, 0], b'a'), "");
    }

    #[test]
    fn locale_tags() {
        let mut raw = [0u8; 64];
        raw[0] = 64;
        assert_eq!(Config::read(&raw).locale(), "");
        assert!(Config::read(&raw).is_default());
        raw[8..10].copy_from_slice(b"pt");
        raw[10..12].copy_from_slice(b"BR");
        assert_eq!(Config::read(&raw).locale(), "pt-BR");
        raw[36..40].copy_from_slice(b"Latn");
        assert_eq!(Config::read(&raw).locale(), "pt-Latn-BR");
        raw[52] = 1; // script computed, not given
        assert_eq!(Config::read(&raw).locale(), "pt-BR");
        assert!(!Config::read(&raw).is_default());
        // A short (aapt v1) config: fields past its size read as zero.
        assert_eq!(Config::read(&raw[..12]).locale(), "pt-BR");
    }
}
