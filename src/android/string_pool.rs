//! `ResStringPool`: the string table of Android binary XML (`axml`) and of the resource table
//! (`arsc`: the global value pool, and each package's type and key name pools).
//!
//! # The format
//! A `RES_STRING_POOL_TYPE` (0x0001) chunk: `ResChunk_header`, then `u32 stringCount,
//! styleCount, flags, stringsStart, stylesStart` (28 bytes in all), then `stringCount` u32 offsets
//! (relative to `stringsStart`) and `styleCount` style offsets, the string data and the style
//! spans. With flag `UTF8_FLAG` (0x100) each string is a UTF-16 length and a UTF-8 byte length
//! (each one byte, or two with the high bit set) followed by the bytes and a NUL; otherwise a
//! UTF-16 unit count (one unit, or two with the high bit set) followed by the units and a NUL
//! unit. Described in AOSP's `frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h`
//! (`ResStringPool_header`); `ResStringPool::setTo` and `stringAt` in `ResourceTypes.cpp` say
//! what the platform accepts.
//!
//! # Tolerated quirks
//! Strings are decoded lazily, one at a time, so a damaged string only loses itself:
//! - a string offset outside the pool, or a string whose length runs past the string data, yields
//!   no string (as `stringAt` returns NULL there); a missing terminating NUL is accepted (the
//!   length prefix is authoritative);
//! - UTF-8 pools may encode characters outside the BMP as two 3-byte surrogates (CESU-8, as aapt2
//!   writes them), decoded as the platform's `utf8_to_utf16` does; other invalid UTF-8 or UTF-16
//!   is decoded lossily;
//! - a bogus `stylesStart` just means the string data runs to the end of the chunk.
//!
//! # Limits
//! `stringCount` is checked against the chunk (4 bytes of offset each) and against
//! [`MAX_STRINGS`] before anything is read; nothing is allocated from it, since strings are
//! decoded on demand.
//!
//! # Why no crate
//! The same reasons as for binary XML (see `axml`): the crates that read this table panic on
//! malformed input or decode the whole pool eagerly.

use std::borrow::Cow;

use thiserror::Error;

/// Most strings a string pool may declare. Real resource tables hold up to a few hundred
/// thousand; the count must also fit the chunk (4 bytes of offset each) before this applies.
pub const MAX_STRINGS: u32 = 1 << 20;

/// The chunk type of a string pool.
pub const RES_STRING_POOL_TYPE: u16 = 0x0001;
/// Size of `ResStringPool_header`, chunk header included.
pub const HEADER_SIZE: usize = 28;
const UTF8_FLAG: u32 = 0x100;
/// The "no string" index (`ResStringPool_ref.index == -1`).
pub const NO_INDEX: u32 = 0xFFFF_FFFF;

/// Why a string pool chunk could not be read. Offsets are those of the chunk in its document.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StringPoolError {
    #[error("string pool header too small (offset 0x{offset:x}, header size {header_size})")]
    HeaderTooSmall { offset: usize, header_size: usize },
    #[error("string pool ends past the chunk (offset 0x{offset:x}, count {count})")]
    PastChunk { offset: usize, count: u32 },
    #[error(
        "string pool holds too many strings (offset 0x{offset:x}, count {count}, limit {MAX_STRINGS})"
    )]
    TooManyStrings { offset: usize, count: u32 },
    #[error(
        "string data starts past the string pool chunk (offset 0x{offset:x}, strings start {strings_start})"
    )]
    DataPastChunk { offset: usize, strings_start: u32 },
}

pub(crate) fn u16_at(bytes: &[u8], pos: usize) -> Option<u16> {
    let b = bytes.get(pos..pos.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

pub(crate) fn u32_at(bytes: &[u8], pos: usize) -> Option<u32> {
    let b = bytes.get(pos..pos.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A string pool, decoded lazily: only the strings asked for are ever decoded.
#[derive(Debug, Clone, Copy)]
pub struct StringPool<'a> {
    /// `count` little-endian u32 offsets into `strings`.
    offsets: &'a [u8],
    /// The string data, from `stringsStart` to the styles or the end of the chunk.
    strings: &'a [u8],
    utf8: bool,
}

impl<'a> StringPool<'a> {
    /// An empty pool: every lookup yields no string.
    pub fn empty() -> Self {
        Self {
            offsets: &[],
            strings: &[],
            utf8: true,
        }
    }

    /// Reads the pool in `chunk`, the whole chunk from its header to its declared size (already
    /// checked against its container), whose header is `header_size` bytes long. `offset` is the
    /// chunk's position in its document, for errors.
    pub fn parse(
        chunk: &'a [u8],
        header_size: usize,
        offset: usize,
    ) -> Result<Self, StringPoolError> {
        if header_size < HEADER_SIZE || header_size > chunk.len() {
            return Err(StringPoolError::HeaderTooSmall {
                offset,
                header_size,
            });
        }
        let field = |at: usize| u32_at(chunk, at).unwrap_or(0);
        let count = field(8);
        let style_count = field(12);
        let flags = field(16);
        let strings_start = field(20);
        let styles_start = field(24);

        // Check the offset table against the chunk before trusting `count` for anything.
        let table_len = u64::from(count) * 4;
        if header_size as u64 + table_len > chunk.len() as u64 {
            return Err(StringPoolError::PastChunk { offset, count });
        }
        if count > MAX_STRINGS {
            return Err(StringPoolError::TooManyStrings { offset, count });
        }
        let offsets = &chunk[header_size..header_size + table_len as usize];
        let strings = if count == 0 {
            &[][..]
        } else {
            let start = strings_start as usize;
            if start > chunk.len() {
                return Err(StringPoolError::DataPastChunk {
                    offset,
                    strings_start,
                });
            }
            // Styles follow the strings; a bogus styles offset just means "to the chunk end".
            let styles = styles_start as usize;
            let end = if style_count > 0 && styles > start && styles <= chunk.len() {
                styles
            } else {
                chunk.len()
            };
            &chunk[start..end]
        };
        Ok(Self {
            offsets,
            strings,
            utf8: flags & UTF8_FLAG != 0,
        })
    }

    /// How many strings the pool declares.
    pub fn len(&self) -> u32 {
        (self.offsets.len() / 4) as u32
    }

    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// String `index`, or `None` for [`NO_INDEX`], an index past the pool or a string that runs
    /// past the string data. Valid UTF-8 is borrowed from the pool.
    pub fn get(&self, index: u32) -> Option<Cow<'a, str>> {
        if index == NO_INDEX {
            return None;
        }
        let entry = (index as usize).checked_mul(4)?;
        let offset = u32_at(self.offsets, entry)? as usize;
        if self.utf8 {
            self.utf8_at(offset)
        } else {
            self.utf16_at(offset).map(Cow::Owned)
        }
    }

    /// The length in UTF-8 bytes of string `index` as [`StringPool::get`] gives it, or `None`
    /// where `get` gives none; a UTF-16 string is measured without being decoded.
    pub fn decoded_len(&self, index: u32) -> Option<usize> {
        if self.utf8 || index == NO_INDEX {
            return self.get(index).map(|s| s.len());
        }
        let offset = u32_at(self.offsets, (index as usize).checked_mul(4)?)? as usize;
        let units = self.utf16_units(offset)?;
        Some(
            char::decode_utf16(units)
                .map(|c| c.map_or(char::REPLACEMENT_CHARACTER.len_utf8(), char::len_utf8))
                .sum(),
        )
    }

    /// Indices of the strings whose terminating NUL is missing (the length prefix says where it
    /// should be): [`StringPool::get`] reads them by their length, as sdklint always has, while
    /// the platform's `stringAt` rejects them ("Bad string block: string #N is not
    /// null-terminated") and the app sees no string there. At most `limit` are returned.
    pub fn unterminated(&self, limit: usize) -> Vec<u32> {
        (0..self.len())
            .filter(|&i| !self.terminated(i))
            .take(limit)
            .collect()
    }

    /// Whether string `index` ends with its NUL (a string that cannot be read at all counts as
    /// terminated: it is missing, not unterminated).
    fn terminated(&self, index: u32) -> bool {
        let s = self.strings;
        let Some(offset) = u32_at(self.offsets, index as usize * 4).map(|o| o as usize) else {
            return true;
        };
        if self.utf8 {
            let Some((_, pos)) = utf8_len(s, offset) else {
                return true;
            };
            let Some((len, pos)) = utf8_len(s, pos) else {
                return true;
            };
            match s.get(pos + len) {
                Some(0) => true,
                Some(_) => false,
                None => pos + len > s.len(),
            }
        } else {
            let Some(first) = u16_at(s, offset) else {
                return true;
            };
            let (len, pos) = if first & 0x8000 != 0 {
                let Some(second) = u16_at(s, offset + 2) else {
                    return true;
                };
                (
                    (usize::from(first & 0x7fff) << 16) | usize::from(second),
                    offset + 4,
                )
            } else {
                (usize::from(first), offset + 2)
            };
            let end = pos + len * 2;
            match u16_at(s, end) {
                Some(0) => true,
                Some(_) => false,
                None => end + 2 > s.len() && end > s.len(),
            }
        }
    }

    fn utf16_at(&self, offset: usize) -> Option<String> {
        let units = self.utf16_units(offset)?;
        let mut out = String::with_capacity(units.len());
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
        Some(out)
    }

    /// The UTF-16 code units of the string at `offset`, read in place.
    fn utf16_units(
        &self,
        offset: usize,
    ) -> Option<impl ExactSizeIterator<Item = u16> + Clone + 'a> {
        let s = self.strings;
        let first = u16_at(s, offset)?;
        let (len, pos) = if first & 0x8000 != 0 {
            let second = u16_at(s, offset + 2)?;
            (
                (usize::from(first & 0x7fff) << 16) | usize::from(second),
                offset + 4,
            )
        } else {
            (usize::from(first), offset + 2)
        };
        // The slice is bounded by the pool, so `len` cannot drive an oversized allocation.
        let bytes = s.get(pos..pos.checked_add(len.checked_mul(2)?)?)?;
        Some(
            bytes
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]])),
        )
    }

    fn utf8_at(&self, offset: usize) -> Option<Cow<'a, str>> {
        let s = self.strings;
        // The UTF-16 length (unused) then the UTF-8 byte length, each 1 or 2 bytes.
        let (_, pos) = utf8_len(s, offset)?;
        let (len, pos) = utf8_len(s, pos)?;
        let bytes = s.get(pos..pos.checked_add(len)?)?;
        Some(match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(decode_cesu8(bytes)),
        })
    }
}

/// Decodes UTF-8 that may encode UTF-16 surrogates one by one (CESU-8, Java's "modified
/// UTF-8"): aapt2 writes characters outside the BMP that way (`👋` as `ED A0 BD ED B1 8B`), and
/// the platform's `utf8_to_utf16` turns each 3-byte surrogate back into one UTF-16 unit.
/// Anything else that is invalid becomes U+FFFD.
fn decode_cesu8(bytes: &[u8]) -> String {
    let mut units: Vec<u16> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (len, init) = match b {
            0x00..=0x7f => (1, u32::from(b)),
            0xc0..=0xdf => (2, u32::from(b & 0x1f)),
            0xe0..=0xef => (3, u32::from(b & 0x0f)),
            0xf0..=0xf7 => (4, u32::from(b & 0x07)),
            _ => (0, 0),
        };
        let tail = bytes.get(i + 1..i + len.max(1));
        match tail {
            Some(tail) if len > 0 && tail.iter().all(|&c| c & 0xc0 == 0x80) => {
                let cp = tail
                    .iter()
                    .fold(init, |acc, &c| (acc << 6) | u32::from(c & 0x3f));
                match u16::try_from(cp) {
                    Ok(unit) => units.push(unit),
                    Err(_) => match char::from_u32(cp) {
                        Some(c) => units.extend_from_slice(c.encode_utf16(&mut [0; 2])),
                        None => units.push(0xfffd),
                    },
                }
                i += len;
            }
            _ => {
                units.push(0xfffd);
                i += 1;
            }
        }
    }
    String::from_utf16_lossy(&units)
}

fn utf8_len(s: &[u8], pos: usize) -> Option<(usize, usize)> {
    let first = *s.get(pos)?;
    if first & 0x80 != 0 {
        let second = *s.get(pos + 1)?;
        Some((
            (usize::from(first & 0x7f) << 8) | usize::from(second),
            pos + 2,
        ))
    } else {
        Some((usize::from(first), pos + 1))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Unit tests of the decoder on pools built here. The fixtures under `fixtures/manifests`
    //! (tests/manifest.rs) and the resource tables of the APK fixtures (tests/resources.rs) cover
    //! real producer output; these cover the length encodings and the damaged cases byte by byte.
    use super::*;

    /// A string pool chunk with `entries` as the raw string data and `offsets` into it.
    pub(crate) fn pool_chunk(utf8: bool, offsets: &[u32], entries: &[u8]) -> Vec<u8> {
        let strings_start = HEADER_SIZE + 4 * offsets.len();
        let size = strings_start + entries.len();
        let mut b = Vec::new();
        b.extend_from_slice(&RES_STRING_POOL_TYPE.to_le_bytes());
        b.extend_from_slice(&(HEADER_SIZE as u16).to_le_bytes());
        b.extend_from_slice(&(size as u32).to_le_bytes());
        b.extend_from_slice(&(offsets.len() as u32).to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&(if utf8 { UTF8_FLAG } else { 0 }).to_le_bytes());
        b.extend_from_slice(&(strings_start as u32).to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        for o in offsets {
            b.extend_from_slice(&o.to_le_bytes());
        }
        b.extend_from_slice(entries);
        b
    }

    fn pool(chunk: &[u8]) -> StringPool<'_> {
        StringPool::parse(chunk, HEADER_SIZE, 0).unwrap()
    }

    #[test]
    fn utf8_pool_one_and_two_byte_lengths() {
        let long = "é".repeat(200); // 200 UTF-16 units, 400 bytes: both lengths need 2 bytes
        let mut entries = vec![2, 2, b'h', b'i', 0];
        let second = entries.len() as u32;
        entries.extend_from_slice(&[0x80, 200, 0x81, 0x90]);
        entries.extend_from_slice(long.as_bytes());
        entries.push(0);
        let chunk = pool_chunk(true, &[0, second], &entries);
        let pool = pool(&chunk);
        assert_eq!(pool.len(), 2);
        assert_eq!(pool.get(0).as_deref(), Some("hi"));
        assert!(matches!(pool.get(0), Some(Cow::Borrowed(_))));
        assert_eq!(pool.get(1).as_deref(), Some(long.as_str()));
        assert_eq!(pool.get(2), None);
        assert_eq!(pool.get(NO_INDEX), None);
    }

    #[test]
    fn utf8_pool_cesu8_surrogates_and_invalid_bytes() {
        // aapt2 writes U+1F44B as two 3-byte surrogates; 0xFF is never valid UTF-8.
        let entries = [2, 6, 0xED, 0xA0, 0xBD, 0xED, 0xB1, 0x8B, 0, 1, 1, 0xFF, 0];
        let chunk = pool_chunk(true, &[0, 9], &entries);
        let pool = pool(&chunk);
        assert_eq!(pool.get(0).as_deref(), Some("👋"));
        assert_eq!(pool.get(1).as_deref(), Some("\u{fffd}"));
    }

    #[test]
    fn utf16_pool_short_and_long_lengths() {
        let mut entries: Vec<u8> = Vec::new();
        for unit in [2u16, 0x68, 0xd83d, 0] {
            entries.extend_from_slice(&unit.to_le_bytes());
        }
        // A 0x8000-unit string needs the two-unit length form (high bit set).
        let second = entries.len() as u32;
        entries.extend_from_slice(&0x8000u16.to_le_bytes());
        entries.extend_from_slice(&0x8000u16.to_le_bytes());
        entries.extend(std::iter::repeat_n([b'a', 0], 0x8000).flatten());
        entries.extend_from_slice(&[0, 0]);
        let chunk = pool_chunk(false, &[0, second], &entries);
        let pool = pool(&chunk);
        // A lone surrogate is decoded lossily.
        assert_eq!(pool.get(0).as_deref(), Some("h\u{fffd}"));
        assert_eq!(pool.get(1).map(|s| s.len()), Some(0x8000));
    }

    #[test]
    fn damaged_strings_yield_none_or_are_accepted() {
        // #0 is unterminated but its length fits: accepted. #1 claims 0x7fff units past the
        // pool: no string (as ResStringPool::stringAt). #2's offset is past the pool.
        let mut entries: Vec<u8> = Vec::new();
        for unit in [1u16, 0x41, 0x7fff, 0x42] {
            entries.extend_from_slice(&unit.to_le_bytes());
        }
        let chunk = pool_chunk(false, &[0, 4, 0x1000], &entries);
        let pool = pool(&chunk);
        assert_eq!(pool.get(0).as_deref(), Some("A"));
        assert_eq!(pool.get(1), None);
        assert_eq!(pool.get(2), None);
    }

    #[test]
    fn count_past_chunk_is_an_error_before_allocation() {
        let mut chunk = pool_chunk(true, &[0], &[1, 1, b'x', 0]);
        chunk[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = StringPool::parse(&chunk, HEADER_SIZE, 0x40).err().unwrap();
        assert_eq!(
            err.to_string(),
            "string pool ends past the chunk (offset 0x40, count 4294967295)"
        );
    }

    #[test]
    fn short_header_and_strings_start_past_chunk_are_errors() {
        let chunk = pool_chunk(true, &[0], &[1, 1, b'x', 0]);
        assert_eq!(
            StringPool::parse(&chunk, 20, 0).err(),
            Some(StringPoolError::HeaderTooSmall {
                offset: 0,
                header_size: 20
            })
        );
        let mut bad = chunk.clone();
        bad[20..24].copy_from_slice(&0x1000u32.to_le_bytes());
        assert_eq!(
            StringPool::parse(&bad, HEADER_SIZE, 0).err(),
            Some(StringPoolError::DataPastChunk {
                offset: 0,
                strings_start: 0x1000
            })
        );
    }
}
