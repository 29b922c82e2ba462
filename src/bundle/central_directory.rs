//! A tolerant zip reader: the end-of-central-directory record, the central directory, local
//! headers and data descriptors, parsed from the borrowed bytes of a memory map.
//!
//! # Format
//! PKWARE's APPNOTE.TXT (6.3.10): sections 4.3.7 (local file header), 4.3.9 (data descriptor),
//! 4.3.12 (central directory header), 4.3.14–4.3.16 (zip64 end of central directory record and
//! locator, end of central directory record), 4.5.3 (zip64 extended information extra field).
//!
//! # Reading as Android does
//! Android reads APKs with libziparchive (`system/libziparchive/zip_archive.cc`), and that is the
//! reading this module reproduces, because an APK is whatever Android makes of it:
//! - the end-of-central-directory record is searched backwards over the last 64 KiB + 22 bytes
//!   (the largest comment plus the record); the last signature found wins;
//! - the central directory lists `num_records` entries (not "as many as fit in `cd_size`");
//!   method, CRC and sizes come from the central directory;
//! - the local header is read only to find where the data starts (local name length + local
//!   extra length); its method is never looked at. libziparchive does compare the local name,
//!   sizes and CRC with the central directory (and refuses the entry when they differ, unless
//!   bit 3 defers sizes and CRC to a data descriptor, which it then compares); this reader
//!   reports those differences instead of failing, so that the caller can record them as
//!   anomalies and still analyse what the central directory describes;
//! - CRCs are not verified by Android (`kCrcChecksEnabled = false`); the caller checks them and
//!   reports a mismatch as an anomaly;
//! - offsets in the central directory are absolute in the file. Android requires that (and, since
//!   the Janus fix of December 2017, a local header at offset 0). Info-ZIP's unzip and most
//!   libraries also accept archives whose offsets are relative to a prefix (`cat stub app.zip`
//!   without `zip -A`): the central directory is then found right before the end record rather
//!   than at its recorded offset, and the difference is added to every offset. This reader does
//!   the same, and says so ([`CentralDirectory::shift`]).
//! - zip64 (APPNOTE 4.3.14, 4.5.3): followed when a field of the end record is saturated, and per
//!   entry when a size or offset field is `0xFFFFFFFF`.
//!
//! # Limits
//! Nothing is allocated from a count before it is checked: the entry count against the caller's
//! limit and against the central directory's size (46 bytes per entry at least), names against
//! the central directory's bounds. Every read goes through [`Reader`], which returns an error
//! naming the offset instead of panicking.
//!
//! # Why not the `zip` crate
//! The `zip` crate (9.8) reads well-formed archives well, and tolerates a bogus method or a
//! different name in a local header. But it keys entries by name (a duplicate replaces the first
//! entry: the opposite of what Android's native loaders ran when duplicates were accepted, and
//! hides the first), fails a read when the CRC does not match (Android does not check it), and
//! exposes neither the local-header values nor the prefix it skipped, so the anomalies could not
//! be recorded. `tests/tolerant_zip.rs` pins what the crate does with each tampered fixture.

use std::ops::Range;

pub(crate) const EOCD_SIGNATURE: u32 = 0x0605_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
const DESCRIPTOR_SIGNATURE: u32 = 0x0807_4b50;
const ZIP64_LOCATOR_SIGNATURE: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIGNATURE: u32 = 0x0606_4b50;

const EOCD_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;
const ZIP64_LOCATOR_LEN: usize = 20;
const ZIP64_EOCD_LEN: usize = 56;
/// The largest archive comment, and so the farthest the end record can sit from the end.
const MAX_COMMENT: usize = 0xFFFF;
const ZIP64_EXTRA_ID: u16 = 0x0001;

/// General-purpose flag bit 0: the entry is encrypted.
pub(crate) const FLAG_ENCRYPTED: u16 = 1;
/// General-purpose flag bit 3: CRC and sizes follow the data in a data descriptor.
pub(crate) const FLAG_DESCRIPTOR: u16 = 1 << 3;

pub(crate) const METHOD_STORED: u16 = 0;
pub(crate) const METHOD_DEFLATED: u16 = 8;

/// Why the archive as a whole cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZipError {
    #[error(
        "no end-of-central-directory record in the last {searched} bytes: not a zip archive, or truncated"
    )]
    NoEndRecord { searched: usize },
    #[error("end-of-central-directory record at {eocd:#x}: {source}")]
    EndRecord {
        eocd: usize,
        #[source]
        source: EndRecordError,
    },
    #[error("the zip lists {count} entries, more than the limit of {limit}")]
    TooManyEntries { count: u64, limit: usize },
    #[error(
        "central directory entry #{index} at {offset:#x}: {what} (the central directory is truncated or damaged)"
    )]
    Entry {
        index: u64,
        offset: usize,
        what: String,
    },
}

/// Why an end-of-central-directory record does not lead to a central directory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndRecordError {
    #[error(
        "the central directory ({size} bytes at {offset:#x}) is neither there nor right before the end record: truncated or damaged"
    )]
    DirectoryNotFound { offset: u64, size: u64 },
    #[error(
        "a central directory of {size} bytes cannot hold {count} entries (46 bytes each at least)"
    )]
    DirectoryTooSmall { count: u64, size: u64 },
    #[error("zip64 {what}")]
    Zip64 { what: String },
}

/// A bounds-checked little-endian reader over the file's bytes.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn bytes(&self, offset: usize, len: usize) -> Option<&'a [u8]> {
        self.0.get(offset..offset.checked_add(len)?)
    }

    pub fn u16(&self, offset: usize) -> Option<u16> {
        self.bytes(offset, 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    pub fn u32(&self, offset: usize) -> Option<u32> {
        self.bytes(offset, 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&self, offset: usize) -> Option<u64> {
        self.bytes(offset, 8).map(|b| {
            let mut a = [0u8; 8];
            a.copy_from_slice(b);
            u64::from_le_bytes(a)
        })
    }
}

/// The parsed central directory of one archive.
#[derive(Debug, Clone)]
pub(crate) struct CentralDirectory {
    /// Every record, in central-directory order (duplicates included).
    pub entries: Vec<CentralEntry>,
    /// Where the central directory starts in the file.
    pub directory_offset: usize,
    /// Bytes added to every offset the archive records: 0 when they are absolute in the file
    /// (as Android requires), the length of a prefix when they are relative to the archive.
    pub shift: u64,
    /// Bytes after the end record and its comment.
    pub trailing: usize,
}

/// One central-directory record. Offsets are absolute in the file ([`CentralDirectory::shift`]
/// applied).
#[derive(Debug, Clone)]
pub(crate) struct CentralEntry {
    pub index: u64,
    /// The raw name bytes.
    pub raw_name: Vec<u8>,
    /// The name as text; lossy when the bytes are not valid UTF-8 ([`Self::name_is_valid`]).
    pub name: String,
    pub flags: u16,
    pub method: u16,
    pub crc32: u32,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    pub local_header_offset: u64,
}

impl CentralEntry {
    /// Android accepts only names that are valid UTF-8 without NUL.
    pub fn name_is_valid(&self) -> bool {
        std::str::from_utf8(&self.raw_name).is_ok() && !self.raw_name.contains(&0)
    }
}

/// Find the end record and parse the central directory of `data`, listing at most `max_entries`.
pub(crate) fn parse(data: &[u8], max_entries: usize) -> Result<CentralDirectory, ZipError> {
    let r = Reader(data);
    if data.len() < EOCD_LEN {
        return Err(ZipError::NoEndRecord {
            searched: data.len(),
        });
    }
    let search_start = data.len().saturating_sub(MAX_COMMENT + EOCD_LEN);
    let last = data.len() - EOCD_LEN;
    // The last signature wins, as in libziparchive; an earlier one is tried only when the last
    // does not lead to a central directory (a signature inside a comment, trailing garbage).
    let mut first_error = None;
    for pos in (search_start..=last).rev() {
        if data[pos] != 0x50 || r.u32(pos) != Some(EOCD_SIGNATURE) {
            continue;
        }
        match locate(r, pos) {
            Ok(located) => return read_entries(r, pos, located, max_entries),
            Err(source) => {
                first_error.get_or_insert(ZipError::EndRecord { eocd: pos, source });
            }
        }
    }
    Err(first_error.unwrap_or(ZipError::NoEndRecord {
        searched: data.len() - search_start,
    }))
}

/// Where the central directory is, as the end record at `eocd` describes it.
struct Located {
    count: u64,
    start: usize,
    size: usize,
    shift: u64,
}

fn locate(r: Reader<'_>, eocd: usize) -> Result<Located, EndRecordError> {
    // The caller found the signature with at least EOCD_LEN bytes after it.
    let field16 = |at: usize| r.u16(eocd + at).unwrap_or(0);
    let field32 = |at: usize| r.u32(eocd + at).unwrap_or(0);
    let mut count = u64::from(field16(10));
    let mut size = u64::from(field32(12));
    let mut offset = u64::from(field32(16));
    // Where the directory must end when it is contiguous with the end records.
    let mut directory_end = eocd as u64;
    if (count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF)
        && let Some(zip64) = zip64_end_record(r, eocd)?
    {
        count = zip64.count;
        size = zip64.size;
        offset = zip64.offset;
        directory_end = zip64.record_offset as u64;
    }
    if count.saturating_mul(CENTRAL_LEN as u64) > size {
        return Err(EndRecordError::DirectoryTooSmall { count, size });
    }
    let not_found = EndRecordError::DirectoryNotFound { offset, size };
    let starts_directory = |at: u64| {
        count == 0
            || usize::try_from(at)
                .ok()
                .and_then(|at| r.u32(at))
                .is_some_and(|sig| sig == CENTRAL_SIGNATURE)
    };
    let (start, shift) = if offset
        .checked_add(size)
        .is_some_and(|end| end <= directory_end)
        && starts_directory(offset)
    {
        (offset, 0)
    } else {
        // Offsets relative to a prefix: the directory sits right before the end records.
        let start = directory_end.checked_sub(size).ok_or(not_found.clone())?;
        if start < offset || !starts_directory(start) {
            return Err(not_found);
        }
        (start, start - offset)
    };
    let start = usize::try_from(start).map_err(|_| not_found.clone())?;
    let size = usize::try_from(size).map_err(|_| not_found)?;
    Ok(Located {
        count,
        start,
        size,
        shift,
    })
}

struct Zip64End {
    count: u64,
    size: u64,
    offset: u64,
    record_offset: usize,
}

/// The zip64 end record, if a locator sits right before the end record at `eocd`. `None` when
/// there is no locator: then the saturated values of the end record are taken as they are.
fn zip64_end_record(r: Reader<'_>, eocd: usize) -> Result<Option<Zip64End>, EndRecordError> {
    let Some(locator) = eocd.checked_sub(ZIP64_LOCATOR_LEN) else {
        return Ok(None);
    };
    if r.u32(locator) != Some(ZIP64_LOCATOR_SIGNATURE) {
        return Ok(None);
    }
    let bad = |what: String| EndRecordError::Zip64 { what };
    let recorded = r
        .u64(locator + 8)
        .ok_or_else(|| bad("locator truncated".into()))?;
    // The record normally sits right before the locator; its recorded offset is relative to
    // the archive, like every other offset.
    let record_offset = match usize::try_from(recorded) {
        Ok(at) if r.u32(at) == Some(ZIP64_EOCD_SIGNATURE) => at,
        _ => match locator.checked_sub(ZIP64_EOCD_LEN) {
            Some(at) if r.u32(at) == Some(ZIP64_EOCD_SIGNATURE) => at,
            _ => {
                return Err(bad(format!(
                    "end-of-central-directory record not found at {recorded:#x}"
                )));
            }
        },
    };
    let field = |at: usize| {
        r.u64(record_offset + at)
            .ok_or_else(|| bad(format!("end record at {record_offset:#x} truncated")))
    };
    Ok(Some(Zip64End {
        count: field(32)?,
        size: field(40)?,
        offset: field(48)?,
        record_offset,
    }))
}

fn read_entries(
    r: Reader<'_>,
    eocd: usize,
    located: Located,
    max_entries: usize,
) -> Result<CentralDirectory, ZipError> {
    let Located {
        count,
        start,
        size,
        shift,
    } = located;
    if count > max_entries as u64 {
        return Err(ZipError::TooManyEntries {
            count,
            limit: max_entries,
        });
    }
    // `count` is at most the limit and at most size / 46, so this is bounded by the file size.
    let mut entries = Vec::with_capacity(count as usize);
    let end = start + size;
    let mut at = start;
    for index in 0..count {
        let fail = |what: String| ZipError::Entry {
            index,
            offset: at,
            what,
        };
        if at.checked_add(CENTRAL_LEN).is_none_or(|e| e > end) {
            return Err(fail("runs past the end of the central directory".into()));
        }
        if r.u32(at) != Some(CENTRAL_SIGNATURE) {
            return Err(fail("no central directory header signature".into()));
        }
        let u16_at = |o: usize| r.u16(at + o).unwrap_or(0);
        let u32_at = |o: usize| r.u32(at + o).unwrap_or(0);
        let name_len = usize::from(u16_at(28));
        let extra_len = usize::from(u16_at(30));
        let comment_len = usize::from(u16_at(32));
        let name_start = at + CENTRAL_LEN;
        let extra_start = name_start + name_len;
        let next = extra_start + extra_len + comment_len;
        if next > end {
            return Err(fail(format!(
                "name, extra field and comment ({} bytes) run past the end of the central directory",
                name_len + extra_len + comment_len
            )));
        }
        let raw_name = r.bytes(name_start, name_len).unwrap_or_default().to_vec();
        let extra = r.bytes(extra_start, extra_len).unwrap_or_default();
        let mut compressed_size = u64::from(u32_at(20));
        let mut uncompressed_size = u64::from(u32_at(24));
        let mut local_header_offset = u64::from(u32_at(42));
        if compressed_size == 0xFFFF_FFFF
            || uncompressed_size == 0xFFFF_FFFF
            || local_header_offset == 0xFFFF_FFFF
        {
            let zip64 = zip64_extra(
                extra,
                [
                    &mut uncompressed_size,
                    &mut compressed_size,
                    &mut local_header_offset,
                ],
            );
            if let Err(what) = zip64 {
                return Err(fail(what));
            }
        }
        let local_header_offset = local_header_offset.checked_add(shift).ok_or_else(|| {
            fail(format!(
                "local header offset {local_header_offset:#x} overflows"
            ))
        })?;
        let name = String::from_utf8_lossy(&raw_name).into_owned();
        entries.push(CentralEntry {
            index,
            raw_name,
            name,
            flags: u16_at(8),
            method: u16_at(10),
            crc32: u32_at(16),
            compressed_size,
            uncompressed_size,
            local_header_offset,
        });
        at = next;
    }
    let comment_len = usize::from(r.u16(eocd + 20).unwrap_or(0));
    let trailing = r.len().saturating_sub(eocd + EOCD_LEN + comment_len);
    Ok(CentralDirectory {
        entries,
        directory_offset: start,
        shift,
        trailing,
    })
}

/// Replace the saturated (`0xFFFFFFFF`) values among `fields` (uncompressed size, compressed
/// size, local header offset: the order of APPNOTE 4.5.3) by those of the zip64 extra field.
fn zip64_extra(extra: &[u8], fields: [&mut u64; 3]) -> Result<(), String> {
    let r = Reader(extra);
    let mut at = 0;
    while at + 4 <= extra.len() {
        let id = r.u16(at).unwrap_or(0);
        let len = usize::from(r.u16(at + 2).unwrap_or(0));
        let body = at + 4;
        if id == ZIP64_EXTRA_ID {
            let mut pos = body;
            for field in fields {
                if *field != 0xFFFF_FFFF {
                    continue;
                }
                if pos + 8 > body + len {
                    return Err("zip64 extra field too short".into());
                }
                *field = r
                    .u64(pos)
                    .ok_or_else(|| "zip64 extra field runs past the extra data".to_string())?;
                pos += 8;
            }
            return Ok(());
        }
        at = body + len;
    }
    Err("a size or offset is 0xFFFFFFFF but there is no zip64 extra field".into())
}

/// A local file header, as far as it matters: what it claims, and where the data starts.
#[derive(Debug, Clone)]
pub(crate) struct LocalHeader<'a> {
    pub flags: u16,
    pub method: u16,
    pub crc32: u32,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    pub name: &'a [u8],
    /// Where the entry's data starts: after the local name and the local extra field.
    pub data_start: usize,
}

/// Why an entry's local header or data cannot be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalError {
    #[error("local header offset {offset:#x} lies past the end of the file ({len} bytes)")]
    OutOfBounds { offset: u64, len: usize },
    #[error("no local header signature at offset {offset:#x}")]
    NoSignature { offset: usize },
    #[error("the data ({size} bytes at {start:#x}) runs past the end of the file ({len} bytes)")]
    DataOutOfBounds { start: usize, size: u64, len: usize },
}

/// Read the local header of `entry` and check that its data (the central directory's size of
/// it) lies within the file.
pub(crate) fn local_header<'a>(
    r: Reader<'a>,
    entry: &CentralEntry,
) -> Result<LocalHeader<'a>, LocalError> {
    let out_of_bounds = LocalError::OutOfBounds {
        offset: entry.local_header_offset,
        len: r.len(),
    };
    let at = usize::try_from(entry.local_header_offset).map_err(|_| out_of_bounds.clone())?;
    if at.checked_add(LOCAL_LEN).is_none_or(|end| end > r.len()) {
        return Err(out_of_bounds);
    }
    if r.u32(at) != Some(LOCAL_SIGNATURE) {
        return Err(LocalError::NoSignature { offset: at });
    }
    let u16_at = |o: usize| r.u16(at + o).unwrap_or(0);
    let u32_at = |o: usize| r.u32(at + o).unwrap_or(0);
    let name_len = usize::from(u16_at(26));
    let extra_len = usize::from(u16_at(28));
    let data_start = at + LOCAL_LEN + name_len + extra_len;
    let name = r
        .bytes(at + LOCAL_LEN, name_len)
        .ok_or(LocalError::DataOutOfBounds {
            start: data_start,
            size: entry.compressed_size,
            len: r.len(),
        })?;
    let mut compressed_size = u64::from(u32_at(18));
    let mut uncompressed_size = u64::from(u32_at(22));
    if compressed_size == 0xFFFF_FFFF || uncompressed_size == 0xFFFF_FFFF {
        let extra = r
            .bytes(at + LOCAL_LEN + name_len, extra_len)
            .unwrap_or_default();
        // A damaged local zip64 field leaves the saturated values, which then differ from the
        // central directory's and are reported as a mismatch.
        let _ = zip64_extra(
            extra,
            [&mut uncompressed_size, &mut compressed_size, &mut 0],
        );
    }
    let data = data_range(r, data_start, stored_length(entry));
    if data.is_none() {
        return Err(LocalError::DataOutOfBounds {
            start: data_start,
            size: stored_length(entry),
            len: r.len(),
        });
    }
    Ok(LocalHeader {
        flags: u16_at(6),
        method: u16_at(8),
        crc32: u32_at(14),
        compressed_size,
        uncompressed_size,
        name,
        data_start,
    })
}

/// How many bytes of data follow the local header: the compressed size, except for stored
/// entries, of which libziparchive copies the uncompressed size.
pub(crate) fn stored_length(entry: &CentralEntry) -> u64 {
    if entry.method == METHOD_STORED {
        entry.uncompressed_size
    } else {
        entry.compressed_size
    }
}

/// `start..start + len` if it lies within the file.
pub(crate) fn data_range(r: Reader<'_>, start: usize, len: u64) -> Option<Range<usize>> {
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    (end <= r.len()).then_some(start..end)
}

/// What a data descriptor says, if one can be read at `at`: (crc32, compressed, uncompressed).
/// The signature is optional (APPNOTE 4.3.9.3); sizes are 8 bytes each when either size needs
/// zip64, as libziparchive reads them.
pub(crate) fn data_descriptor(
    r: Reader<'_>,
    at: usize,
    entry: &CentralEntry,
) -> Option<(u32, u64, u64)> {
    let at = if r.u32(at)? == DESCRIPTOR_SIGNATURE {
        at + 4
    } else {
        at
    };
    let crc = r.u32(at)?;
    if entry.compressed_size >= 0xFFFF_FFFF || entry.uncompressed_size >= 0xFFFF_FFFF {
        Some((crc, r.u64(at + 4)?, r.u64(at + 12)?))
    } else {
        Some((crc, u64::from(r.u32(at + 4)?), u64::from(r.u32(at + 8)?)))
    }
}
