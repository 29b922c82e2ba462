//! A zero-copy, bounds-checked reader for DEX files (`classes*.dex`).
//!
//! # The format
//! A DEX file holds the compiled classes of an Android app: a fixed header, then tables of fixed-size
//! records that refer to each other by index (`string_ids`, `type_ids`, `proto_ids`, `field_ids`,
//! `method_ids`, `class_defs`), then a data section with the variable-size items they point at
//! (strings, type lists, class data, code). All integers are little-endian. The authoritative
//! description is "Dalvik Executable format" on source.android.com
//! (<https://source.android.com/docs/core/runtime/dex-format>); ART's `libdexfile` is the reference
//! implementation.
//!
//! # What this reader does
//! [`Dex::parse`] validates the header and checks that every id table lies inside the file, then
//! answers questions by reading the borrowed bytes on demand: strings, type descriptors, class
//! definitions, method references. Nothing is copied or indexed up front. Strings come back as
//! `Cow<'a, str>`: borrowed whenever the stored MUTF-8 is plain UTF-8 (all ASCII strings and most
//! others), decoded only for U+0000, supplementary characters and malformed bytes (see the private
//! `mutf8` module). Every read goes through a bounds-checked helper that returns a [`DexError`]
//! naming the offset and what was being read; counts from the file are checked against the bytes
//! that hold them before anything is allocated from them. No input makes it panic.
//!
//! # Versions and tolerated quirks
//! - Versions `035` to `041` (`dex\n035\0` … `dex\n041\0`). `036` was never produced and ART refuses
//!   it; it is read anyway, the layout being the same. Older (`009`, `013`, pre-release Dalvik) and
//!   newer versions are refused with [`DexError::UnsupportedVersion`]; compact DEX (`cdex`, only
//!   found inside ART's vdex files, never in an APK) with [`DexError::CompactDex`].
//! - `header_size` larger than `0x70` (version 041 writes `0x78`): the extra bytes are skipped.
//! - Bytes after `file_size` (padding from zip alignment or a packer) are ignored.
//! - Version 041 "containers" (several DEX files in one, `container_size` and `header_offset` after
//!   the classic header): offsets there are relative to the start of the container, so tables are
//!   checked against the container; only the first DEX of a container (the one whose header is at
//!   offset 0) is read. A file patched to say `041` with a `0x70` header is read as a plain file.
//! - The checksum and SHA-1 signature are not required to match (obfuscators and repackagers break
//!   them); [`Dex::checksum_matches`] reports whether the Adler-32 checksum does.
//! - Malformed MUTF-8 decodes with U+FFFD rather than failing; the declared UTF-16 length of a
//!   string is not checked against its bytes.
//! - Reverse-endian files (`endian_tag` `0x78563412`) are allowed by the format but produced by no
//!   tool and refused by ART; they are refused here with [`DexError::ReverseEndian`].
//!
//! # Why no crate
//! The `dex` crate (0.5.0, the only DEX reader on crates.io) was checked: it copies every string it
//! reads into an `Rc<String>` behind an LRU cache, allocates `Vec`s straight from counts in the file
//! (`Vec::with_capacity(size)` on an unchecked encoded-array size), slices with unchecked ranges
//! that can panic on a crafted file, and pins old dependencies (scroll 0.9, the unmaintained
//! memmap 0.7). sdklint reads ~100k strings per DEX from untrusted bundles, so it needs neither a
//! per-string allocation nor a panic path; the subset it reads is small enough to own.

pub mod bytecode;
pub mod class_data;
pub(crate) mod mutf8;

use std::borrow::Cow;
use std::fmt;

/// The size of the classic header; `header_size` may be larger, never smaller.
pub const HEADER_SIZE: usize = 0x70;
/// The `endian_tag` of every DEX file in the wild.
pub const ENDIAN_CONSTANT: u32 = 0x1234_5678;
/// The `endian_tag` of a (never produced) reverse-endian file.
pub const REVERSE_ENDIAN_CONSTANT: u32 = 0x7856_3412;
/// "No index" in `superclass_idx`, `source_file_idx` and similar fields.
pub const NO_INDEX: u32 = 0xFFFF_FFFF;
/// The lowest and highest supported format versions.
pub const MIN_VERSION: u16 = 35;
pub const MAX_VERSION: u16 = 41;

const STRING_ID_SIZE: usize = 4;
const TYPE_ID_SIZE: usize = 4;
const PROTO_ID_SIZE: usize = 12;
const FIELD_ID_SIZE: usize = 8;
const METHOD_ID_SIZE: usize = 8;
const CLASS_DEF_SIZE: usize = 32;

/// Why a DEX file, or one item in it, could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DexError {
    #[error("file too short for a DEX header ({len} bytes, need 0x70)")]
    TooShort { len: usize },
    #[error("not a DEX file (magic {magic:02x?}, expected \"dex\\n0NN\\0\")")]
    BadMagic { magic: [u8; 8] },
    #[error("compact DEX (cdex) is not supported; only standard DEX files are read")]
    CompactDex,
    #[error("unsupported DEX version {version:03} (supported: 035 to 041)")]
    UnsupportedVersion { version: u16 },
    #[error("reverse-endian DEX files (endian_tag 0x78563412) are not supported")]
    ReverseEndian,
    #[error("bad endian_tag 0x{tag:08x} (expected 0x12345678)")]
    BadEndianTag { tag: u32 },
    #[error("bad header_size 0x{header_size:x} (at least 0x70 and within file_size {file_size})")]
    BadHeaderSize { header_size: u32, file_size: u32 },
    #[error("file_size {file_size} is past the end of the data ({available} bytes)")]
    FileSizeTooLarge { file_size: u32, available: usize },
    #[error(
        "DEX container_size {container_size} is invalid ({available} bytes, file_size {file_size})"
    )]
    BadContainerSize {
        container_size: u32,
        file_size: u32,
        available: usize,
    },
    #[error(
        "DEX container entry at header_offset 0x{header_offset:x} must be read from its container's start"
    )]
    NotContainerStart { header_offset: u32 },
    #[error("{table} table ends past the file (offset 0x{offset:x}, count {count})")]
    TableOutOfBounds {
        table: &'static str,
        offset: u32,
        count: u32,
    },
    #[error("{what} index {index} out of range (count {count})")]
    IndexOutOfRange {
        what: &'static str,
        index: u32,
        count: u32,
    },
    #[error("{what} at offset 0x{offset:x} ends past the file ({len} bytes needed)")]
    Truncated {
        what: &'static str,
        offset: usize,
        len: usize,
    },
    #[error("bad uleb128 in {what} at offset 0x{offset:x}")]
    BadLeb128 { what: &'static str, offset: usize },
    #[error("string_data_item at offset 0x{offset:x} has no terminating NUL")]
    UnterminatedString { offset: usize },
    /// Reading one table's strings scanned more than [`Dex::string_scan_budget`] bytes: its
    /// entries share or overlap string data, which the format forbids (string_ids are sorted
    /// and unique, class_defs name each type once) and only a crafted file does.
    #[error(
        "{table}: its strings add up to more than {limit} bytes (4 × the file + 1 MiB); they share or overlap string data, which Android's verifier rejects"
    )]
    StringBudget { table: &'static str, limit: u64 },
}

/// The header fields, as stored (offsets relative to the start of the file or container).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub version: u16,
    pub checksum: u32,
    pub signature: [u8; 20],
    pub file_size: u32,
    pub header_size: u32,
    pub link_size: u32,
    pub link_off: u32,
    pub map_off: u32,
    pub string_ids_size: u32,
    pub string_ids_off: u32,
    pub type_ids_size: u32,
    pub type_ids_off: u32,
    pub proto_ids_size: u32,
    pub proto_ids_off: u32,
    pub field_ids_size: u32,
    pub field_ids_off: u32,
    pub method_ids_size: u32,
    pub method_ids_off: u32,
    pub class_defs_size: u32,
    pub class_defs_off: u32,
    pub data_size: u32,
    pub data_off: u32,
    /// Version 041 containers only: the size of the whole container.
    pub container_size: Option<u32>,
}

/// One `class_def_item`. Index fields refer to `type_ids` / `string_ids`; `*_off` fields are
/// offsets into the file (0 = absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassDef {
    pub class_idx: u32,
    pub access_flags: u32,
    pub superclass_idx: Option<u32>,
    pub interfaces_off: u32,
    pub source_file_idx: Option<u32>,
    pub annotations_off: u32,
    pub class_data_off: u32,
    pub static_values_off: u32,
}

/// One `method_id_item`, undecoded: indices into `type_ids`, `proto_ids` and `string_ids`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodId {
    pub class_idx: u16,
    pub proto_idx: u16,
    pub name_idx: u32,
}

/// A method prototype: `shorty` (e.g. `VLLL`), return type and parameter type descriptors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proto<'a> {
    pub shorty: Cow<'a, str>,
    pub return_type: Cow<'a, str>,
    pub parameters: Vec<Cow<'a, str>>,
}

impl Proto<'_> {
    /// The JVM method descriptor, e.g. `(Landroid/content/Context;Ljava/lang/String;)V`.
    pub fn descriptor(&self) -> String {
        let len =
            2 + self.return_type.len() + self.parameters.iter().map(|p| p.len()).sum::<usize>();
        let mut s = String::with_capacity(len);
        s.push('(');
        for p in &self.parameters {
            s.push_str(p);
        }
        s.push(')');
        s.push_str(&self.return_type);
        s
    }
}

/// A resolved method reference. `Display` renders it the smali way, as sdklint's locators do:
/// `Lcom/appsflyer/AppsFlyerLib;->logEvent(Landroid/content/Context;Ljava/lang/String;Ljava/util/Map;)V`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodRef<'a> {
    /// Descriptor of the class (or array type) the method is referenced on.
    pub class: Cow<'a, str>,
    pub name: Cow<'a, str>,
    pub proto: Proto<'a>,
}

impl fmt::Display for MethodRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}->{}(", self.class, self.name)?;
        for p in &self.proto.parameters {
            f.write_str(p)?;
        }
        write!(f, "){}", self.proto.return_type)
    }
}

/// The bytes left for one pass over a table's strings, see [`Dex::string_scan_budget`]. Every
/// loop over a table that reads a string per item goes through one.
pub struct StringBudget {
    table: &'static str,
    limit: u64,
    left: u64,
}

impl StringBudget {
    pub fn new(dex: &Dex<'_>, table: &'static str) -> Self {
        let limit = dex.string_scan_budget();
        Self {
            table,
            limit,
            left: limit,
        }
    }

    /// Passes `s` through, or fails once the table's strings exceed the budget.
    pub fn charge<'s>(&mut self, s: Cow<'s, str>) -> Result<Cow<'s, str>, DexError> {
        // The NUL and the length prefix cost at least one byte, so empty strings count too.
        let cost = s.len() as u64 + 1;
        self.left = self.left.checked_sub(cost).ok_or(DexError::StringBudget {
            table: self.table,
            limit: self.limit,
        })?;
        Ok(s)
    }
}

/// A parsed DEX file: the validated header and the bytes it describes.
#[derive(Debug, Clone, Copy)]
pub struct Dex<'a> {
    header: Header,
    /// The file (or, for a version 041 container, the container), without trailing bytes.
    data: &'a [u8],
}

impl<'a> Dex<'a> {
    /// Validates the header and the bounds of every id table.
    pub fn parse(data: &'a [u8]) -> Result<Dex<'a>, DexError> {
        let magic: [u8; 8] = data
            .get(..8)
            .and_then(|m| m.try_into().ok())
            .ok_or(DexError::TooShort { len: data.len() })?;
        let version = parse_magic(&magic)?;
        if data.len() < HEADER_SIZE {
            return Err(DexError::TooShort { len: data.len() });
        }
        let r = Reader { data };
        let u32_at = |off: usize| r.u32(off, "header");
        let endian_tag = u32_at(0x28)?;
        match endian_tag {
            ENDIAN_CONSTANT => {}
            REVERSE_ENDIAN_CONSTANT => return Err(DexError::ReverseEndian),
            tag => return Err(DexError::BadEndianTag { tag }),
        }
        let mut signature = [0u8; 20];
        signature.copy_from_slice(r.bytes(0x0C, 20, "header")?);
        let mut header = Header {
            version,
            checksum: u32_at(0x08)?,
            signature,
            file_size: u32_at(0x20)?,
            header_size: u32_at(0x24)?,
            link_size: u32_at(0x2C)?,
            link_off: u32_at(0x30)?,
            map_off: u32_at(0x34)?,
            string_ids_size: u32_at(0x38)?,
            string_ids_off: u32_at(0x3C)?,
            type_ids_size: u32_at(0x40)?,
            type_ids_off: u32_at(0x44)?,
            proto_ids_size: u32_at(0x48)?,
            proto_ids_off: u32_at(0x4C)?,
            field_ids_size: u32_at(0x50)?,
            field_ids_off: u32_at(0x54)?,
            method_ids_size: u32_at(0x58)?,
            method_ids_off: u32_at(0x5C)?,
            class_defs_size: u32_at(0x60)?,
            class_defs_off: u32_at(0x64)?,
            data_size: u32_at(0x68)?,
            data_off: u32_at(0x6C)?,
            container_size: None,
        };
        let file_size = header.file_size as usize;
        if file_size > data.len() {
            return Err(DexError::FileSizeTooLarge {
                file_size: header.file_size,
                available: data.len(),
            });
        }
        if (header.header_size as usize) < HEADER_SIZE || header.header_size as usize > file_size {
            return Err(DexError::BadHeaderSize {
                header_size: header.header_size,
                file_size: header.file_size,
            });
        }
        let mut limit = file_size;
        if version >= 41 && header.header_size as usize >= HEADER_SIZE + 8 {
            let container_size = u32_at(0x70)?;
            let header_offset = u32_at(0x74)?;
            if header_offset != 0 {
                return Err(DexError::NotContainerStart { header_offset });
            }
            if (container_size as usize) < file_size || container_size as usize > data.len() {
                return Err(DexError::BadContainerSize {
                    container_size,
                    file_size: header.file_size,
                    available: data.len(),
                });
            }
            header.container_size = Some(container_size);
            limit = container_size as usize;
        }
        let data = data.get(..limit).unwrap_or(data);
        let tables = [
            (
                "string_ids",
                header.string_ids_off,
                header.string_ids_size,
                STRING_ID_SIZE,
            ),
            (
                "type_ids",
                header.type_ids_off,
                header.type_ids_size,
                TYPE_ID_SIZE,
            ),
            (
                "proto_ids",
                header.proto_ids_off,
                header.proto_ids_size,
                PROTO_ID_SIZE,
            ),
            (
                "field_ids",
                header.field_ids_off,
                header.field_ids_size,
                FIELD_ID_SIZE,
            ),
            (
                "method_ids",
                header.method_ids_off,
                header.method_ids_size,
                METHOD_ID_SIZE,
            ),
            (
                "class_defs",
                header.class_defs_off,
                header.class_defs_size,
                CLASS_DEF_SIZE,
            ),
        ];
        for (table, offset, count, item_size) in tables {
            let end = (count as usize)
                .checked_mul(item_size)
                .and_then(|len| len.checked_add(offset as usize));
            if count != 0 && end.is_none_or(|end| end > data.len()) {
                return Err(DexError::TableOutOfBounds {
                    table,
                    offset,
                    count,
                });
            }
        }
        Ok(Dex { header, data })
    }

    /// The header as read.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The bytes of the file (the container, for a version 041 container), trailing bytes excluded.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The format version, 35 to 41.
    pub fn version(&self) -> u16 {
        self.header.version
    }

    /// Whether the stored Adler-32 checksum matches the file. A mismatch means the file was edited
    /// after it was written (or carelessly repackaged); it is still readable.
    pub fn checksum_matches(&self) -> bool {
        let body = self
            .data
            .get(12..self.header.file_size as usize)
            .unwrap_or_default();
        adler32(body) == self.header.checksum
    }

    fn reader(&self) -> Reader<'a> {
        Reader { data: self.data }
    }

    /// The offset of record `idx` of a table validated by `parse`, or an index error.
    fn record(
        &self,
        what: &'static str,
        off: u32,
        count: u32,
        size: usize,
        idx: u32,
    ) -> Result<usize, DexError> {
        if idx >= count {
            return Err(DexError::IndexOutOfRange {
                what,
                index: idx,
                count,
            });
        }
        // Cannot overflow: parse checked off + count * size against the data length.
        Ok(off as usize + idx as usize * size)
    }

    pub fn string_count(&self) -> u32 {
        self.header.string_ids_size
    }

    /// The offset of string `idx`'s `string_data_item`.
    pub fn string_data_off(&self, idx: u32) -> Result<u32, DexError> {
        let h = &self.header;
        let at = self.record(
            "string_ids",
            h.string_ids_off,
            h.string_ids_size,
            STRING_ID_SIZE,
            idx,
        )?;
        self.reader().u32(at, "string_id_item")
    }

    /// String `idx`, borrowed unless it needs decoding (U+0000, supplementary characters, or
    /// malformed bytes, which decode as U+FFFD).
    pub fn string(&self, idx: u32) -> Result<Cow<'a, str>, DexError> {
        let off = self.string_data_off(idx)? as usize;
        let r = self.reader();
        let (_utf16_len, start) = r.uleb128(off, "string_data_item")?;
        let tail = r.data.get(start..).unwrap_or_default();
        let len = memchr::memchr(0, tail).ok_or(DexError::UnterminatedString { offset: off })?;
        Ok(mutf8::decode(tail.get(..len).unwrap_or_default()))
    }

    /// All strings in index order. Reading stops with [`DexError::StringBudget`] once they add
    /// up to more than [`Dex::string_scan_budget`] bytes.
    pub fn strings(&self) -> impl Iterator<Item = Result<Cow<'a, str>, DexError>> + '_ {
        let mut budget = StringBudget::new(self, "string_ids");
        (0..self.string_count()).map(move |i| budget.charge(self.string(i)?))
    }

    /// How many bytes of string data one pass over a table may read: 4 × the file plus 1 MiB.
    ///
    /// In a well-formed file no two ids share string data, so a table's strings add up to less
    /// than the file (decoding a malformed byte as U+FFFD takes 3 bytes, hence the factor). A
    /// crafted file can point 100,000 ids at one 100 KB string; without this budget reading it
    /// took 10 GB.
    pub fn string_scan_budget(&self) -> u64 {
        4 * self.data.len() as u64 + (1 << 20)
    }

    pub fn type_count(&self) -> u32 {
        self.header.type_ids_size
    }

    /// The `string_ids` index of type `idx`'s descriptor.
    pub fn type_descriptor_idx(&self, idx: u32) -> Result<u32, DexError> {
        let h = &self.header;
        let at = self.record(
            "type_ids",
            h.type_ids_off,
            h.type_ids_size,
            TYPE_ID_SIZE,
            idx,
        )?;
        self.reader().u32(at, "type_id_item")
    }

    /// Type `idx`'s descriptor: `I`, `Lcom/a/B;`, `[Ljava/lang/String;`.
    pub fn type_descriptor(&self, idx: u32) -> Result<Cow<'a, str>, DexError> {
        self.string(self.type_descriptor_idx(idx)?)
    }

    pub fn class_def_count(&self) -> u32 {
        self.header.class_defs_size
    }

    pub fn class_def(&self, idx: u32) -> Result<ClassDef, DexError> {
        let h = &self.header;
        let at = self.record(
            "class_defs",
            h.class_defs_off,
            h.class_defs_size,
            CLASS_DEF_SIZE,
            idx,
        )?;
        let r = self.reader();
        let f = |i: usize| r.u32(at + 4 * i, "class_def_item");
        let opt = |v: u32| (v != NO_INDEX).then_some(v);
        Ok(ClassDef {
            class_idx: f(0)?,
            access_flags: f(1)?,
            superclass_idx: opt(f(2)?),
            interfaces_off: f(3)?,
            source_file_idx: opt(f(4)?),
            annotations_off: f(5)?,
            class_data_off: f(6)?,
            static_values_off: f(7)?,
        })
    }

    /// All class definitions in file order.
    pub fn class_defs(&self) -> impl Iterator<Item = Result<ClassDef, DexError>> + '_ {
        (0..self.class_def_count()).map(move |i| self.class_def(i))
    }

    /// Descriptors of the classes this file defines, in `class_defs` order.
    pub fn defined_classes(&self) -> Result<Vec<Cow<'a, str>>, DexError> {
        // Bounded: parse checked class_defs_size * 32 against the data length.
        let mut out = Vec::with_capacity(self.class_def_count() as usize);
        let mut budget = StringBudget::new(self, "class_defs");
        for def in self.class_defs() {
            out.push(budget.charge(self.type_descriptor(def?.class_idx)?)?);
        }
        Ok(out)
    }

    /// Class descriptors (`L…;`) that `type_ids` mentions but this file does not define, array types
    /// reduced to their element class; sorted and deduplicated.
    pub fn referenced_classes(&self) -> Result<Vec<Cow<'a, str>>, DexError> {
        let mut defined = self.defined_classes()?;
        defined.sort_unstable();
        // Bounded: parse checked type_ids_size * 4 against the data length.
        let mut out: Vec<Cow<'a, str>> = Vec::with_capacity(self.type_count() as usize);
        let mut budget = StringBudget::new(self, "type_ids");
        for idx in 0..self.type_count() {
            let desc = budget.charge(self.type_descriptor(idx)?)?;
            let class = match desc {
                Cow::Borrowed(d) => element_class(d).map(Cow::Borrowed),
                Cow::Owned(d) => element_class(&d).map(|c| Cow::Owned(c.to_owned())),
            };
            if let Some(class) = class
                && defined.binary_search(&class).is_err()
            {
                out.push(class);
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    pub fn proto_count(&self) -> u32 {
        self.header.proto_ids_size
    }

    /// Prototype `idx`: shorty, return type and parameter types.
    pub fn proto(&self, idx: u32) -> Result<Proto<'a>, DexError> {
        let h = &self.header;
        let at = self.record(
            "proto_ids",
            h.proto_ids_off,
            h.proto_ids_size,
            PROTO_ID_SIZE,
            idx,
        )?;
        let r = self.reader();
        let shorty_idx = r.u32(at, "proto_id_item")?;
        let return_type_idx = r.u32(at + 4, "proto_id_item")?;
        let parameters_off = r.u32(at + 8, "proto_id_item")? as usize;
        let mut parameters = Vec::new();
        if parameters_off != 0 {
            let size = r.u32(parameters_off, "type_list")?;
            let list_off = parameters_off.saturating_add(4);
            let list = r.bytes(list_off, (size as usize).saturating_mul(2), "type_list")?;
            // `bytes` checked size * 2 against the data, so the capacity is bounded.
            parameters.reserve_exact(size as usize);
            for pair in list.chunks_exact(2) {
                let type_idx = u16::from_le_bytes([pair[0], pair[1]]);
                parameters.push(self.type_descriptor(u32::from(type_idx))?);
            }
        }
        Ok(Proto {
            shorty: self.string(shorty_idx)?,
            return_type: self.type_descriptor(return_type_idx)?,
            parameters,
        })
    }

    pub fn method_count(&self) -> u32 {
        self.header.method_ids_size
    }

    /// `method_id_item` `idx`, undecoded (cheap; for walking call sites).
    pub fn method_id(&self, idx: u32) -> Result<MethodId, DexError> {
        let h = &self.header;
        let at = self.record(
            "method_ids",
            h.method_ids_off,
            h.method_ids_size,
            METHOD_ID_SIZE,
            idx,
        )?;
        let r = self.reader();
        Ok(MethodId {
            class_idx: r.u16(at, "method_id_item")?,
            proto_idx: r.u16(at + 2, "method_id_item")?,
            name_idx: r.u32(at + 4, "method_id_item")?,
        })
    }

    /// Method reference `idx`, resolved: class descriptor, name and prototype.
    pub fn method(&self, idx: u32) -> Result<MethodRef<'a>, DexError> {
        let id = self.method_id(idx)?;
        Ok(MethodRef {
            class: self.type_descriptor(u32::from(id.class_idx))?,
            name: self.string(id.name_idx)?,
            proto: self.proto(u32::from(id.proto_idx))?,
        })
    }

    /// All method references in index order.
    pub fn methods(&self) -> impl Iterator<Item = Result<MethodRef<'a>, DexError>> + '_ {
        (0..self.method_count()).map(move |i| self.method(i))
    }
}

/// Checks `dex\n0NN\0` and returns NN.
fn parse_magic(magic: &[u8; 8]) -> Result<u16, DexError> {
    if magic.starts_with(b"cdex") {
        return Err(DexError::CompactDex);
    }
    match *magic {
        [b'd', b'e', b'x', b'\n', a, b, c, 0] if [a, b, c].iter().all(u8::is_ascii_digit) => {
            let version =
                u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
            if (MIN_VERSION..=MAX_VERSION).contains(&version) {
                Ok(version)
            } else {
                Err(DexError::UnsupportedVersion { version })
            }
        }
        _ => Err(DexError::BadMagic { magic: *magic }),
    }
}

/// Adler-32 as the DEX checksum uses it (over everything after the checksum field).
fn adler32(bytes: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 is the largest n for which the sums cannot overflow u32 before the modulo.
    for chunk in bytes.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// Bounds-checked little-endian reads; every failure names the offset and the item.
#[derive(Clone, Copy)]
struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn bytes(&self, offset: usize, len: usize, what: &'static str) -> Result<&'a [u8], DexError> {
        offset
            .checked_add(len)
            .and_then(|end| self.data.get(offset..end))
            .ok_or(DexError::Truncated { what, offset, len })
    }

    fn u16(&self, offset: usize, what: &'static str) -> Result<u16, DexError> {
        let b = self.bytes(offset, 2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&self, offset: usize, what: &'static str) -> Result<u32, DexError> {
        let b = self.bytes(offset, 4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A uleb128 of at most five bytes; returns the value and the offset after it.
    fn uleb128(&self, offset: usize, what: &'static str) -> Result<(u32, usize), DexError> {
        let mut value = 0u32;
        for i in 0..5 {
            let at = offset.checked_add(i).ok_or(DexError::Truncated {
                what,
                offset,
                len: i + 1,
            })?;
            let byte = *self.data.get(at).ok_or(DexError::Truncated {
                what,
                offset,
                len: i + 1,
            })?;
            value |= u32::from(byte & 0x7F) << (7 * i);
            if byte & 0x80 == 0 {
                return Ok((value, at + 1));
            }
        }
        Err(DexError::BadLeb128 { what, offset })
    }
}

/// The class an array or class descriptor is about: `[[Lcom/a/B;` and `Lcom/a/B;` give
/// `Lcom/a/B;`; primitives, arrays of primitives and malformed descriptors give `None`.
pub fn element_class(desc: &str) -> Option<&str> {
    let class = desc.trim_start_matches('[');
    (class.len() > 2 && class.starts_with('L') && class.ends_with(';')).then_some(class)
}

/// `Lcom/a/B$C;` → `com.a.B$C`. `None` for primitives, arrays and malformed descriptors (no `L…;`,
/// an empty name or package segment, or a stray `;` / `[` inside).
pub fn descriptor_to_java_name(desc: &str) -> Option<String> {
    let inner = desc.strip_prefix('L')?.strip_suffix(';')?;
    if inner.is_empty() || inner.split('/').any(str::is_empty) || inner.contains([';', '[']) {
        return None;
    }
    Some(inner.replace('/', "."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_names() {
        assert_eq!(
            descriptor_to_java_name("Lcom/a/B$C;").as_deref(),
            Some("com.a.B$C")
        );
        assert_eq!(descriptor_to_java_name("LFoo;").as_deref(), Some("Foo"));
        for bad in [
            "I",
            "[Lcom/a/B;",
            "L;",
            "Lcom/a/B",
            "com/a/B;",
            "Lcom//B;",
            "L/a;",
            "La/;",
            "La;b;",
            "",
        ] {
            assert_eq!(descriptor_to_java_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn element_classes() {
        assert_eq!(element_class("[[Lcom/a/B;"), Some("Lcom/a/B;"));
        assert_eq!(element_class("Lcom/a/B;"), Some("Lcom/a/B;"));
        assert_eq!(element_class("[[I"), None);
        assert_eq!(element_class("V"), None);
        assert_eq!(element_class("[L;"), None);
    }

    #[test]
    fn magic() {
        assert_eq!(parse_magic(b"dex\n035\0"), Ok(35));
        assert_eq!(parse_magic(b"dex\n041\0"), Ok(41));
        assert_eq!(
            parse_magic(b"dex\n009\0"),
            Err(DexError::UnsupportedVersion { version: 9 })
        );
        assert_eq!(
            parse_magic(b"dex\n042\0"),
            Err(DexError::UnsupportedVersion { version: 42 })
        );
        assert_eq!(parse_magic(b"cdex001\0"), Err(DexError::CompactDex));
        assert!(matches!(
            parse_magic(b"dex\n03a\0"),
            Err(DexError::BadMagic { .. })
        ));
        assert!(matches!(
            parse_magic(b"dex\n035x"),
            Err(DexError::BadMagic { .. })
        ));
    }

    #[test]
    fn adler32_known_value() {
        // RFC 1950's example value for "Wikipedia".
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(&[0xFF; 20_000]), {
            let (mut a, mut b) = (1u64, 0u64);
            for _ in 0..20_000 {
                a = (a + 255) % 65521;
                b = (b + a) % 65521;
            }
            ((b << 16) | a) as u32
        });
    }

    /// A synthetic file shaped like a large app's: 100k strings, all read without a copy.
    #[test]
    fn many_ascii_strings_are_all_borrowed() {
        const N: usize = 100_000;
        let ids_end = HEADER_SIZE + 4 * N;
        let mut b = vec![0u8; ids_end];
        b[..8].copy_from_slice(b"dex\n035\0");
        b[0x24..0x28].copy_from_slice(&(HEADER_SIZE as u32).to_le_bytes());
        b[0x28..0x2C].copy_from_slice(&ENDIAN_CONSTANT.to_le_bytes());
        b[0x38..0x3C].copy_from_slice(&(N as u32).to_le_bytes());
        b[0x3C..0x40].copy_from_slice(&(HEADER_SIZE as u32).to_le_bytes());
        for i in 0..N {
            let off = b.len() as u32;
            b[HEADER_SIZE + 4 * i..HEADER_SIZE + 4 * i + 4].copy_from_slice(&off.to_le_bytes());
            b.push(14);
            b.extend_from_slice(format!("Lcom/a/C{i:06};\0").as_bytes());
        }
        let file_size = b.len() as u32;
        b[0x20..0x24].copy_from_slice(&file_size.to_le_bytes());
        let dex = Dex::parse(&b).unwrap();
        assert_eq!(dex.string_count() as usize, N);
        let mut count = 0;
        for s in dex.strings() {
            assert!(matches!(s, Ok(Cow::Borrowed(_))));
            count += 1;
        }
        assert_eq!(count, N);
        assert_eq!(dex.string(99_999).unwrap(), "Lcom/a/C099999;");
    }

    #[test]
    fn uleb128_limits() {
        let r = Reader {
            data: &[0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
        };
        assert_eq!(
            r.uleb128(0, "x"),
            Err(DexError::BadLeb128 {
                what: "x",
                offset: 0
            })
        );
        let r = Reader {
            data: &[0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
        };
        assert_eq!(r.uleb128(0, "x"), Ok((u32::MAX, 5)));
        let r = Reader { data: &[0x80] };
        assert!(matches!(r.uleb128(0, "x"), Err(DexError::Truncated { .. })));
        assert!(matches!(
            r.uleb128(usize::MAX, "x"),
            Err(DexError::Truncated { .. })
        ));
    }
}
