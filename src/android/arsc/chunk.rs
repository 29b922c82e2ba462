//! `ResChunk_header` walking: the next chunk inside a container, cut at the container's end.

use super::*;

#[derive(Debug, Clone, Copy)]
pub(super) struct ChunkHeader {
    pub(super) chunk_type: u16,
    pub(super) header_size: u16,
    pub(super) size: u32,
}

impl ChunkHeader {
    pub(super) fn read(bytes: &[u8], pos: usize) -> Option<Self> {
        Some(Self {
            chunk_type: u16_at(bytes, pos)?,
            header_size: u16_at(bytes, pos.checked_add(2)?)?,
            size: u32_at(bytes, pos.checked_add(4)?)?,
        })
    }

    pub(super) fn malformed(&self, offset: usize) -> ArscError {
        ArscError::BadChunkHeader {
            offset,
            chunk_type: self.chunk_type,
            header_size: self.header_size,
            size: self.size,
        }
    }
}

/// One chunk whose header has been checked and whose extent is within its container.
#[derive(Debug)]
pub(super) struct Chunk {
    pub(super) header: ChunkHeader,
    pub(super) start: usize,
    /// Start of the payload (`start + headerSize`), within `start..=end`.
    pub(super) body: usize,
    pub(super) end: usize,
    /// Set when the declared size ran past the container and the chunk was cut at its end.
    pub(super) cut: Option<ArscError>,
}

/// The chunk at `pos` of `data` (its container), `None` at the end. A chunk whose size runs past
/// the container is cut at the container's end (and says so); one whose header does not fit or
/// is inconsistent is an error, after which the container cannot be walked further.
pub(super) fn next_chunk(data: &[u8], pos: usize) -> Result<Option<Chunk>, ArscError> {
    if pos >= data.len() {
        return Ok(None);
    }
    let header = ChunkHeader::read(data, pos).ok_or(ArscError::TruncatedChunkHeader {
        offset: pos,
        remaining: data.len() - pos,
    })?;
    let header_size = usize::from(header.header_size);
    let size = header.size as usize;
    if header_size < CHUNK_HEADER_SIZE || size < header_size || header_size > data.len() - pos {
        return Err(header.malformed(pos));
    }
    let (end, cut) = match pos.checked_add(size).filter(|&end| end <= data.len()) {
        Some(end) => (end, None),
        None => (
            data.len(),
            Some(ArscError::ChunkPastEnd {
                offset: pos,
                size: header.size,
                end: data.len(),
            }),
        ),
    };
    Ok(Some(Chunk {
        header,
        start: pos,
        body: pos + header_size,
        end,
        cut,
    }))
}
