//! Hermes bytecode (HBC): the string table of a React Native bundle compiled by `hermesc`.
//!
//! Format: Hermes' `include/hermes/BCGen/HBC/BytecodeFileFormat.h` (the `BytecodeFileHeader`
//! struct and `visitBytecodeSegmentsInOrder`). The file starts with a 128-byte header:
//!
//! | offset | field |
//! |---|---|
//! | 0 | magic `0x1F1903C103BC1FC6` (u64 LE) |
//! | 8 | bytecode version (u32) |
//! | 12 | source hash (20 bytes, SHA-1) |
//! | 32 | fileLength, globalCodeIndex, functionCount, stringKindCount, identifierCount, stringCount, overflowStringCount, stringStorageSize (u32 each) |
//!
//! followed, each table aligned to 4 bytes, by the function headers (`functionCount` ×
//! 16 bytes up to version 96, × 12 bytes in version 98), the string kinds (`stringKindCount` × 4:
//! run-length entries, count in bits 0–30, kind in bit 31), identifier hashes
//! (`identifierCount` × 4), the small string table (`stringCount` × 4: bit 0 UTF-16, bits 1–23
//! offset, bits 24–31 length, 255 meaning "see the overflow table at index offset"), the overflow
//! table (`overflowStringCount` × 8: offset, length) and the string storage (`stringStorageSize`
//! bytes; UTF-16 strings take two bytes per unit, the others one byte per Latin-1 character).
//!
//! Verified against hermesc's own `-dump-bytecode` string table for version 96
//! (`hermes-compiler` 0.14.0, React Native 0.8x) and version 98 (`hermes-compiler`
//! 250829098.0.17, Hermes 1.0). Versions up to 96 are read with the version-96 layout (the fields
//! above have not moved since the early public releases, but only 96 was checked); version 97 and
//! versions above 98 are refused rather than guessed. Two consistency checks guard the layout:
//! the header's file length must equal the file's, and the string kinds must add up to the string
//! count.
//!
//! No crate reads HBC string tables (the `hermes` crates on crates.io are unrelated or bind the
//! VM), and only the string table is needed, so this is a small reader of its own.

use std::borrow::Cow;

/// The first 8 bytes of every HBC file, little-endian.
pub const MAGIC: u64 = 0x1F19_03C1_03BC_1FC6;
/// The size of the file header in every supported version.
const HEADER_SIZE: usize = 128;
/// Versions this reader accepts, with the size of a small function header.
const LAST_VERSION_WITH_16_BYTE_FUNCTIONS: u32 = 96;
const VERSION_WITH_12_BYTE_FUNCTIONS: u32 = 98;
/// Small-string length value meaning "look in the overflow table".
const OVERFLOW_LENGTH: u32 = 0xFF;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HermesError {
    #[error("not Hermes bytecode (no magic at offset 0x0)")]
    NotHermes,
    #[error("truncated Hermes header: the file has {len} bytes, the header needs {HEADER_SIZE}")]
    TruncatedHeader { len: usize },
    #[error(
        "Hermes bytecode version {version} is not supported (read: up to 96, and 98; at offset 0x8)"
    )]
    UnsupportedVersion { version: u32 },
    #[error("the header says the file has {declared} bytes, it has {actual} (offset 0x20)")]
    LengthMismatch { declared: u32, actual: usize },
    #[error("the {what} runs past the end of the file (offset {offset:#x}, count {count})")]
    TablePastEnd {
        what: &'static str,
        offset: usize,
        count: u32,
    },
    #[error(
        "the string kinds count {counted} strings, the header says {declared} (offset {offset:#x})"
    )]
    KindsMismatch {
        counted: u64,
        declared: u32,
        offset: usize,
    },
    #[error(
        "string #{index} lies past the end of the string storage (offset {offset:#x}, length {length})"
    )]
    StringPastEnd {
        index: u32,
        offset: u32,
        length: u32,
    },
    #[error("string #{index} names overflow entry {entry}, but there are {count}")]
    BadOverflowIndex { index: u32, entry: u32, count: u32 },
    /// The strings read so far add up to more than [`Hermes::string_scan_budget`] bytes: the
    /// table points many entries at the same storage, which only a crafted file does that much.
    #[error(
        "the string table adds up to more than {limit} bytes (4 × the file + 1 MiB) at string #{index}; its entries share storage far beyond what hermesc's packing does"
    )]
    StringBudget { index: u32, limit: u64 },
}

/// A parsed HBC file, borrowing its string table.
#[derive(Debug, Clone)]
pub struct Hermes<'a> {
    pub version: u32,
    pub string_count: u32,
    small: &'a [u8],
    overflow: &'a [u8],
    storage: &'a [u8],
    file_len: usize,
}

/// Whether `bytes` start with the HBC magic.
pub fn is_hermes(bytes: &[u8]) -> bool {
    bytes
        .get(..8)
        .is_some_and(|m| u64::from_le_bytes(m.try_into().unwrap_or_default()) == MAGIC)
}

/// Read the header and locate the string table.
pub fn parse(bytes: &[u8]) -> Result<Hermes<'_>, HermesError> {
    if !is_hermes(bytes) {
        return Err(HermesError::NotHermes);
    }
    if bytes.len() < HEADER_SIZE {
        return Err(HermesError::TruncatedHeader { len: bytes.len() });
    }
    let field = |offset: usize| u32_at(bytes, offset).unwrap_or(0);
    let version = field(8);
    let function_header_size = match version {
        v if v <= LAST_VERSION_WITH_16_BYTE_FUNCTIONS => 16,
        VERSION_WITH_12_BYTE_FUNCTIONS => 12,
        _ => return Err(HermesError::UnsupportedVersion { version }),
    };
    let file_length = field(32);
    if file_length as usize != bytes.len() {
        return Err(HermesError::LengthMismatch {
            declared: file_length,
            actual: bytes.len(),
        });
    }
    let function_count = field(40);
    let kind_count = field(44);
    let identifier_count = field(48);
    let string_count = field(52);
    let overflow_count = field(56);
    let storage_size = field(60);

    let mut offset = HEADER_SIZE;
    let mut table = |what: &'static str, count: u32, entry: usize| {
        let start = offset;
        let len = (count as usize).checked_mul(entry);
        let end = len.and_then(|l| start.checked_add(l));
        match end {
            Some(end) if end <= bytes.len() => {
                offset = end.next_multiple_of(4);
                Ok(&bytes[start..end])
            }
            _ => Err(HermesError::TablePastEnd {
                what,
                offset: start,
                count,
            }),
        }
    };
    table("function headers", function_count, function_header_size)?;
    let kinds = table("string kinds", kind_count, 4)?;
    table("identifier hashes", identifier_count, 4)?;
    let small = table("small string table", string_count, 4)?;
    let overflow = table("overflow string table", overflow_count, 8)?;
    let storage = table("string storage", storage_size, 1)?;

    let counted: u64 = kinds
        .chunks_exact(4)
        .map(|e| u64::from(u32::from_le_bytes([e[0], e[1], e[2], e[3]]) & 0x7FFF_FFFF))
        .sum();
    if counted != u64::from(string_count) {
        return Err(HermesError::KindsMismatch {
            counted,
            declared: string_count,
            offset: HEADER_SIZE + function_count as usize * function_header_size,
        });
    }
    Ok(Hermes {
        version,
        string_count,
        small,
        overflow,
        storage,
        file_len: bytes.len(),
    })
}

impl<'a> Hermes<'a> {
    /// Every string of the table, in table order (`string #0` first). Latin-1 strings are
    /// borrowed when they are ASCII; UTF-16 strings are decoded (unpaired surrogates become
    /// U+FFFD).
    ///
    /// Reading ends with [`HermesError::StringBudget`] once the strings add up to more than
    /// [`Hermes::string_scan_budget`] bytes: 100,000 entries naming one 100 KB overflow string
    /// would otherwise be 10 GB of copies.
    pub fn strings(&self) -> impl Iterator<Item = Result<Cow<'a, str>, HermesError>> + '_ {
        let limit = self.string_scan_budget();
        let mut left = limit;
        let mut over = false;
        (0..self.string_count).map_while(move |index| {
            if over {
                return None;
            }
            let string = self.string(index);
            if let Ok(s) = &string {
                // An empty string costs its table entry.
                match left.checked_sub(s.len() as u64 + 1) {
                    Some(rest) => left = rest,
                    None => {
                        over = true;
                        return Some(Err(HermesError::StringBudget { index, limit }));
                    }
                }
            }
            Some(string)
        })
    }

    /// How many bytes one pass over the string table may yield: 4 × the file plus 1 MiB.
    /// hermesc packs strings into shared storage (one string may be the tail of another), but
    /// the strings of a real file add up to little more than its storage; decoding UTF-16 takes
    /// at most 1.5 × its bytes.
    pub fn string_scan_budget(&self) -> u64 {
        4 * self.file_len as u64 + (1 << 20)
    }

    fn string(&self, index: u32) -> Result<Cow<'a, str>, HermesError> {
        let entry = u32_at(self.small, index as usize * 4).unwrap_or(0);
        let utf16 = entry & 1 != 0;
        let mut offset = (entry >> 1) & 0x7F_FFFF;
        let mut length = entry >> 24;
        if length == OVERFLOW_LENGTH {
            let overflow_count = (self.overflow.len() / 8) as u32;
            if offset >= overflow_count {
                return Err(HermesError::BadOverflowIndex {
                    index,
                    entry: offset,
                    count: overflow_count,
                });
            }
            let at = offset as usize * 8;
            offset = u32_at(self.overflow, at).unwrap_or(0);
            length = u32_at(self.overflow, at + 4).unwrap_or(0);
        }
        let past_end = || HermesError::StringPastEnd {
            index,
            offset,
            length,
        };
        let byte_len = if utf16 {
            (length as usize).checked_mul(2).ok_or_else(past_end)?
        } else {
            length as usize
        };
        let start = offset as usize;
        let data = start
            .checked_add(byte_len)
            .and_then(|end| self.storage.get(start..end))
            .ok_or_else(past_end)?;
        Ok(if utf16 {
            let units = data
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]));
            Cow::Owned(
                char::decode_utf16(units)
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect(),
            )
        } else if data.is_ascii() {
            Cow::Borrowed(std::str::from_utf8(data).unwrap_or_default())
        } else {
            Cow::Owned(data.iter().map(|&b| char::from(b)).collect())
        })
    }
}

fn u32_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let b = bytes.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}
