//! Entitlements: the capabilities an app is signed with (`com.apple.developer.healthkit`,
//! `aps-environment`, …), from its two sources.
//!
//! **Provisioning profiles** (`embedded.mobileprovision`) are a CMS `SignedData` (RFC 5652,
//! PKCS#7) whose encapsulated content is an XML property list with an `Entitlements`
//! dictionary. Apple writes them in BER with indefinite lengths and the content as a
//! *constructed* OCTET STRING (chunks); `openssl cms -sign -nodetach -outform DER` writes definite
//! DER with a primitive OCTET STRING; both are read. Only the path to the content is walked
//! (`ContentInfo → [0] → SignedData → encapContentInfo → [0] → OCTET STRING`); the signature is
//! not verified (sdklint reports what the bundle claims, and has no Apple trust roots). A small
//! bounded BER walker is used rather than a crate: the RustCrypto `cms` crate accepts DER only
//! (Apple's profiles are BER), and `cryptographic-message-syntax` brings a certificate stack for
//! a 100-line walk. Limits: nesting depth [`MAX_BER_DEPTH`], lengths checked against the bytes
//! that remain before any slice or copy.
//!
//! **Code signatures**: a Mach-O's `LC_CODE_SIGNATURE` points at an embedded-signature
//! *SuperBlob* (big-endian; magic `0xfade0cc0`, length, count, then `count` × {slot type, offset})
//! whose blobs each start with {magic, length}: the CodeDirectory (`0xfade0c02`), requirements
//! (`0xfade0c01`), XML entitlements (`0xfade7171`, an XML plist), DER entitlements (`0xfade7172`)
//! and the CMS signature (`0xfade0b01`). Described by Apple's open-source `cs_blobs.h` (xnu) and
//! `codesign` documentation. The count is checked against the blob length before the index is
//! read; every blob must lie inside the superblob.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::plist::{self, PlistError, PlistValue};

/// Deepest BER nesting walked (a profile nests 6 levels to its content).
pub const MAX_BER_DEPTH: usize = 32;

/// `1.2.840.113549.1.7.2` (id-signedData), DER content octets.
const OID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

const SUPERBLOB_MAGIC: u32 = 0xfade_0cc0;
const CODE_DIRECTORY_MAGIC: u32 = 0xfade_0c02;
const ENTITLEMENTS_MAGIC: u32 = 0xfade_7171;
const DER_ENTITLEMENTS_MAGIC: u32 = 0xfade_7172;
const CPU_TYPE_ARM64: u32 = 0x0100_000c;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CmsError {
    #[error("offset {offset}: {what} ends past the end of the data ({len} bytes)")]
    Truncated {
        offset: usize,
        what: &'static str,
        len: usize,
    },
    #[error("offset {offset}: expected {expected}, found tag 0x{found:02x}")]
    UnexpectedTag {
        offset: usize,
        expected: &'static str,
        found: u8,
    },
    #[error("offset {offset}: {message}")]
    Malformed { offset: usize, message: String },
    #[error("not a CMS SignedData envelope (content type is not id-signedData)")]
    NotSignedData,
    #[error("the CMS envelope has no encapsulated content (a detached signature)")]
    NoContent,
    #[error("offset {offset}: nested deeper than {MAX_BER_DEPTH} levels")]
    TooDeep { offset: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("{0}")]
    Cms(#[from] CmsError),
    #[error("the signed content is not a property list: {0}")]
    Plist(#[from] PlistError),
}

/// The parts of a provisioning profile that matter.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisioningProfile {
    pub name: Option<String>,
    pub team_identifier: Option<String>,
    pub app_id_name: Option<String>,
    /// The `Entitlements` dictionary (empty when the profile has none).
    pub entitlements: BTreeMap<String, PlistValue>,
}

/// Read a provisioning profile: its CMS content, decoded as a property list.
pub fn parse_provisioning_profile(der: &[u8]) -> Result<ProvisioningProfile, ProfileError> {
    let content = cms_content(der)?;
    let mut dict = plist::parse_dict(&content)?;
    let text = |dict: &BTreeMap<String, PlistValue>, k: &str| {
        dict.get(k).and_then(PlistValue::as_str).map(str::to_owned)
    };
    let team_identifier = dict
        .get("TeamIdentifier")
        .and_then(PlistValue::as_array)
        .and_then(|a| a.first())
        .and_then(PlistValue::as_str)
        .map(str::to_owned);
    Ok(ProvisioningProfile {
        name: text(&dict, "Name"),
        app_id_name: text(&dict, "AppIDName"),
        team_identifier,
        entitlements: match dict.remove("Entitlements") {
            Some(PlistValue::Dict(d)) => d,
            _ => BTreeMap::new(),
        },
    })
}

/// One BER element header.
#[derive(Debug, Clone, Copy)]
struct Header {
    offset: usize,
    tag: u8,
    /// Start of the content.
    start: usize,
    /// Definite content length; `None` for indefinite (ends with `00 00`).
    len: Option<usize>,
}

fn header(buf: &[u8], offset: usize) -> Result<Header, CmsError> {
    let truncated = |what| CmsError::Truncated {
        offset,
        what,
        len: buf.len(),
    };
    let tag = *buf.get(offset).ok_or(truncated("a tag"))?;
    if tag & 0x1f == 0x1f {
        return Err(CmsError::Malformed {
            offset,
            message: format!("multi-byte tag 0x{tag:02x} (none occur in CMS)"),
        });
    }
    let first = *buf.get(offset + 1).ok_or(truncated("a length"))?;
    let (len, start) = match first {
        0..=0x7f => (Some(first as usize), offset + 2),
        0x80 => {
            if tag & 0x20 == 0 {
                return Err(CmsError::Malformed {
                    offset,
                    message: "indefinite length on a primitive element".into(),
                });
            }
            (None, offset + 2)
        }
        0x81..=0x84 => {
            let n = (first & 0x7f) as usize;
            let bytes = buf
                .get(offset + 2..offset + 2 + n)
                .ok_or(truncated("a length"))?;
            let len = bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
            (Some(len), offset + 2 + n)
        }
        _ => {
            return Err(CmsError::Malformed {
                offset,
                message: format!("length of {} bytes", first & 0x7f),
            });
        }
    };
    if let Some(len) = len
        && start.checked_add(len).is_none_or(|end| end > buf.len())
    {
        return Err(truncated("an element"));
    }
    Ok(Header {
        offset,
        tag,
        start,
        len,
    })
}

/// The offset just past the element at `h` (after the `00 00` of an indefinite one).
fn end_of(buf: &[u8], h: Header, depth: usize) -> Result<usize, CmsError> {
    if let Some(len) = h.len {
        return Ok(h.start + len);
    }
    if depth >= MAX_BER_DEPTH {
        return Err(CmsError::TooDeep { offset: h.offset });
    }
    let mut pos = h.start;
    loop {
        match buf.get(pos..pos + 2) {
            Some([0, 0]) => return Ok(pos + 2),
            Some(_) => {
                let child = header(buf, pos)?;
                pos = end_of(buf, child, depth + 1)?;
            }
            None => {
                return Err(CmsError::Truncated {
                    offset: h.offset,
                    what: "an indefinite-length element",
                    len: buf.len(),
                });
            }
        }
    }
}

/// The headers of the children of the constructed element `h`.
fn children(buf: &[u8], h: Header, depth: usize) -> Result<Vec<Header>, CmsError> {
    if depth >= MAX_BER_DEPTH {
        return Err(CmsError::TooDeep { offset: h.offset });
    }
    let limit = h.len.map(|l| h.start + l);
    let mut pos = h.start;
    let mut out = Vec::new();
    loop {
        match limit {
            Some(end) if pos >= end => return Ok(out),
            None if buf.get(pos..pos + 2) == Some(&[0, 0]) => return Ok(out),
            _ => {}
        }
        let child = header(buf, pos)?;
        let end = end_of(buf, child, depth + 1)?;
        if limit.is_some_and(|l| end > l) {
            return Err(CmsError::Malformed {
                offset: pos,
                message: "an element runs past its parent".into(),
            });
        }
        out.push(child);
        pos = end;
    }
}

fn expect(
    h: Option<&Header>,
    tag: u8,
    expected: &'static str,
    at: usize,
) -> Result<Header, CmsError> {
    match h {
        Some(h) if h.tag == tag => Ok(*h),
        Some(h) => Err(CmsError::UnexpectedTag {
            offset: h.offset,
            expected,
            found: h.tag,
        }),
        None => Err(CmsError::Malformed {
            offset: at,
            message: format!("{expected} is missing"),
        }),
    }
}

/// The encapsulated content of a CMS `SignedData` (BER or DER), without verifying anything.
pub fn cms_content(buf: &[u8]) -> Result<Cow<'_, [u8]>, CmsError> {
    match buf.first() {
        Some(0x30) => {}
        Some(&found) => {
            return Err(CmsError::UnexpectedTag {
                offset: 0,
                expected: "a SEQUENCE (ContentInfo)",
                found,
            });
        }
        None => {
            return Err(CmsError::Truncated {
                offset: 0,
                what: "a tag",
                len: 0,
            });
        }
    }
    let content_info = header(buf, 0)?;
    let parts = children(buf, content_info, 0)?;
    let oid = expect(parts.first(), 0x06, "the content type OID", 0)?;
    if oid.len.and_then(|l| buf.get(oid.start..oid.start + l)) != Some(OID_SIGNED_DATA) {
        return Err(CmsError::NotSignedData);
    }
    let explicit = expect(parts.get(1), 0xa0, "[0] content", oid.offset)?;
    let signed_data = children(buf, explicit, 1)?;
    let signed_data = expect(
        signed_data.first(),
        0x30,
        "a SEQUENCE (SignedData)",
        explicit.start,
    )?;
    let fields = children(buf, signed_data, 2)?;
    // version INTEGER, digestAlgorithms SET, encapContentInfo SEQUENCE, …
    let encap = expect(
        fields.get(2),
        0x30,
        "a SEQUENCE (EncapsulatedContentInfo)",
        signed_data.start,
    )?;
    let encap_fields = children(buf, encap, 3)?;
    let Some(econtent) = encap_fields.get(1) else {
        return Err(CmsError::NoContent);
    };
    let econtent = expect(Some(econtent), 0xa0, "[0] eContent", encap.start)?;
    let inner = children(buf, econtent, 4)?;
    let octets = inner.first().copied().ok_or(CmsError::NoContent)?;
    octet_string(buf, octets, 5)
}

/// An OCTET STRING's bytes: borrowed when primitive, joined when constructed (BER chunks).
fn octet_string(buf: &[u8], h: Header, depth: usize) -> Result<Cow<'_, [u8]>, CmsError> {
    match (h.tag, h.len) {
        (0x04, Some(len)) => Ok(Cow::Borrowed(&buf[h.start..h.start + len])),
        (0x24, _) => {
            let mut joined = Vec::new();
            for chunk in children(buf, h, depth)? {
                joined.extend_from_slice(&octet_string(buf, chunk, depth + 1)?);
            }
            Ok(Cow::Owned(joined))
        }
        (found, _) => Err(CmsError::UnexpectedTag {
            offset: h.offset,
            expected: "an OCTET STRING",
            found,
        }),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeSignatureError {
    #[error("offset {offset}: {what} ends past the end of the signature ({len} bytes)")]
    Truncated {
        offset: usize,
        what: &'static str,
        len: usize,
    },
    #[error("not an embedded-signature superblob (magic 0x{magic:08x}, expected 0xfade0cc0)")]
    BadMagic { magic: u32 },
    #[error("the superblob lists {count} blobs, more than its {len} bytes can index")]
    BadCount { count: u32, len: usize },
    #[error("not a Mach-O binary: {0}")]
    MachO(String),
}

/// One blob of a superblob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blob<'a> {
    /// Slot type (0 CodeDirectory, 2 requirements, 5 entitlements, 7 DER entitlements,
    /// 0x10000 CMS signature).
    pub slot: u32,
    pub magic: u32,
    /// Offset of the blob inside the superblob.
    pub offset: usize,
    /// The blob's payload, after its 8-byte header.
    pub data: &'a [u8],
}

/// A parsed embedded-signature superblob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuperBlob<'a> {
    pub blobs: Vec<Blob<'a>>,
}

fn be32(buf: &[u8], offset: usize, what: &'static str) -> Result<u32, CodeSignatureError> {
    buf.get(offset..offset + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(CodeSignatureError::Truncated {
            offset,
            what,
            len: buf.len(),
        })
}

/// Parse the superblob at the start of `bytes` (the range `LC_CODE_SIGNATURE` names).
pub fn parse_superblob(bytes: &[u8]) -> Result<SuperBlob<'_>, CodeSignatureError> {
    let magic = be32(bytes, 0, "the superblob magic")?;
    if magic != SUPERBLOB_MAGIC {
        return Err(CodeSignatureError::BadMagic { magic });
    }
    let length = be32(bytes, 4, "the superblob length")? as usize;
    let sb = bytes.get(..length).ok_or(CodeSignatureError::Truncated {
        offset: 0,
        what: "the superblob",
        len: bytes.len(),
    })?;
    let count = be32(sb, 8, "the blob count")?;
    if (count as usize).saturating_mul(8) > sb.len().saturating_sub(12) {
        return Err(CodeSignatureError::BadCount {
            count,
            len: sb.len(),
        });
    }
    let mut blobs = Vec::with_capacity(count as usize);
    for i in 0..count as usize {
        let slot = be32(sb, 12 + i * 8, "a blob index entry")?;
        let offset = be32(sb, 16 + i * 8, "a blob index entry")? as usize;
        let magic = be32(sb, offset, "a blob header")?;
        let len = be32(sb, offset + 4, "a blob header")? as usize;
        let data = offset
            .checked_add(len)
            .filter(|_| len >= 8)
            .and_then(|end| sb.get(offset + 8..end))
            .ok_or(CodeSignatureError::Truncated {
                offset,
                what: "a blob",
                len: sb.len(),
            })?;
        blobs.push(Blob {
            slot,
            magic,
            offset,
            data,
        });
    }
    Ok(SuperBlob { blobs })
}

impl<'a> SuperBlob<'a> {
    fn by_magic(&self, magic: u32) -> Option<&Blob<'a>> {
        self.blobs.iter().find(|b| b.magic == magic)
    }

    /// The XML entitlements plist, if the binary was signed with entitlements.
    pub fn entitlements_xml(&self) -> Option<&'a [u8]> {
        self.by_magic(ENTITLEMENTS_MAGIC).map(|b| b.data)
    }

    /// Whether a DER entitlements blob is present (iOS 15+ signatures carry both forms).
    pub fn has_der_entitlements(&self) -> bool {
        self.by_magic(DER_ENTITLEMENTS_MAGIC).is_some()
    }

    /// The signing identifier from the CodeDirectory (usually the bundle id).
    pub fn identifier(&self) -> Option<String> {
        let cd = self.by_magic(CODE_DIRECTORY_MAGIC)?;
        // identOffset is at +20 of the blob, i.e. +12 of its payload, counted from the blob start.
        let ident = be32(cd.data, 12, "identOffset").ok()? as usize;
        let rest = cd.data.get(ident.checked_sub(8)?..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        std::str::from_utf8(&rest[..end]).ok().map(str::to_owned)
    }
}

/// The code-signature bytes of a Mach-O (the arm64 slice of a fat binary, else its first
/// slice), or `None` when it is unsigned.
///
/// Only the fat header goes through goblin; a slice's load commands are walked here for
/// `LC_CODE_SIGNATURE` alone. goblin's full image parse computes `vmaddr - fileoff` of `__TEXT`
/// for an `LC_MAIN` unchecked (goblin 0.10.7, `mach/mod.rs:280`), which panics with overflow
/// checks on a crafted header (found by the `macho` fuzz target), and a signature needs nothing
/// else from the image.
pub fn code_signature(macho: &[u8]) -> Result<Option<&[u8]>, CodeSignatureError> {
    let err = |e: goblin::error::Error| CodeSignatureError::MachO(e.to_string());
    let magic = macho
        .get(..4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let slice = if matches!(magic, Some(0xcafe_babe | 0xbeba_feca)) {
        let fat = goblin::mach::MultiArch::new(macho).map_err(err)?;
        // The header's count is the file's word: walking 0xffffffff records takes seconds
        // (a fuzzer's 8-byte `cafebabe ffffffff`), so it is capped as in `macho`.
        let limit = super::macho::MAX_ARCHS as usize;
        if fat.narches > limit {
            return Err(CodeSignatureError::MachO(format!(
                "fat header claims {} architectures, more than the limit of {limit}",
                fat.narches
            )));
        }
        let arches: Vec<_> = fat.iter_arches().filter_map(Result::ok).collect();
        let Some(arch) = arches
            .iter()
            .find(|a| a.cputype == CPU_TYPE_ARM64)
            .or(arches.first())
        else {
            return Ok(None);
        };
        arch.slice(macho)
    } else {
        macho
    };
    let Some((dataoff, datasize)) = find_code_signature(slice)? else {
        return Ok(None);
    };
    let start = dataoff as usize;
    start
        .checked_add(datasize as usize)
        .and_then(|end| slice.get(start..end))
        .map(Some)
        .ok_or(CodeSignatureError::Truncated {
            offset: start,
            what: "LC_CODE_SIGNATURE's data",
            len: slice.len(),
        })
}

/// `(dataoff, datasize)` of a thin image's `LC_CODE_SIGNATURE`, walking at most
/// [`super::macho::MAX_LOAD_COMMANDS`] load commands within `sizeofcmds`.
fn find_code_signature(image: &[u8]) -> Result<Option<(u32, u32)>, CodeSignatureError> {
    const LC_CODE_SIGNATURE: u32 = 0x1d;
    let magic = image
        .get(..4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let (header_len, le) = match magic {
        Some(0xfeed_facf) => (32usize, true),
        Some(0xfeed_face) => (28, true),
        Some(0xcffa_edfe) => (32, false),
        Some(0xcefa_edfe) => (28, false),
        _ => {
            return Err(CodeSignatureError::MachO(format!(
                "not a Mach-O image (magic {:#010x})",
                magic.unwrap_or(0)
            )));
        }
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = image.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let truncated = |offset| CodeSignatureError::Truncated {
        offset,
        what: "Mach-O load commands",
        len: image.len(),
    };
    let (Some(ncmds), Some(sizeofcmds)) = (u32_at(16), u32_at(20)) else {
        return Err(truncated(0));
    };
    if ncmds > super::macho::MAX_LOAD_COMMANDS {
        return Err(CodeSignatureError::MachO(format!(
            "{ncmds} load commands, more than the limit of {}",
            super::macho::MAX_LOAD_COMMANDS
        )));
    }
    let end = header_len.saturating_add(sizeofcmds as usize);
    if end > image.len() {
        return Err(truncated(header_len));
    }
    let mut at = header_len;
    for _ in 0..ncmds {
        let (Some(cmd), Some(size)) = (u32_at(at), u32_at(at + 4)) else {
            return Err(truncated(at));
        };
        if size < 8 || at + size as usize > end {
            return Err(truncated(at));
        }
        if cmd == LC_CODE_SIGNATURE {
            return match (u32_at(at + 8), u32_at(at + 12)) {
                (Some(off), Some(len)) => Ok(Some((off, len))),
                _ => Err(truncated(at)),
            };
        }
        at += size as usize;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superblob_count_is_checked_before_allocating() {
        let mut sb = Vec::new();
        sb.extend(SUPERBLOB_MAGIC.to_be_bytes());
        sb.extend(20u32.to_be_bytes());
        sb.extend(u32::MAX.to_be_bytes());
        sb.extend([0; 8]);
        assert_eq!(
            parse_superblob(&sb),
            Err(CodeSignatureError::BadCount {
                count: u32::MAX,
                len: 20
            })
        );
    }

    #[test]
    fn ber_indefinite_and_constructed_octets() {
        // ContentInfo { signedData, [0] { SignedData { 1, {}, { data, [0] { OCTET STRING
        // (constructed, indefinite) { "ab", "c" } } } } } }, all indefinite, as Apple writes.
        let mut b = vec![0x30, 0x80, 0x06, 0x09];
        b.extend(OID_SIGNED_DATA);
        b.extend([0xa0, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0x31, 0x00]);
        b.extend([0x30, 0x80, 0x06, 0x01, 0x00, 0xa0, 0x80, 0x24, 0x80]);
        b.extend([0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0, 0]);
        b.extend([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(cms_content(&b).unwrap().as_ref(), b"abc");
        // Truncated anywhere: an error, never a panic.
        for n in 0..b.len() {
            assert!(cms_content(&b[..n]).is_err(), "prefix {n}");
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut b = Vec::new();
        for _ in 0..10_000 {
            b.extend([0x30, 0x80]);
        }
        assert!(cms_content(&b).is_err());
    }
}
