//! Walking a file's containers down to its Mach-O images: fat (universal) headers, `ar`
//! archives and their members (see the module doc of [`super`]).

use super::*;

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
pub(super) struct FatSlice {
    arch: String,
    cputype: u32,
    cpusubtype: u32,
    offset: usize,
    range: Result<Range<usize>, MachError>,
}

pub(super) fn fat_slices(bytes: &[u8]) -> Result<Vec<FatSlice>, MachError> {
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

pub(super) fn pick_device_slice(slices: &[FatSlice]) -> Option<&FatSlice> {
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
pub(super) fn archive_units<'a>(
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

pub(super) fn classify_member<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a [u8], MachError> {
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
pub(super) fn member_headers(data: &[u8]) -> Result<usize, MachError> {
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

pub(super) fn read_u32_be(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

pub(super) fn read_u64_be(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}
