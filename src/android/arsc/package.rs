//! One `RES_TABLE_PACKAGE_TYPE` chunk: its header, type and key string pools, and its type
//! chunks.

use super::*;

/// One package (`0x7f` for the app).
#[derive(Debug)]
pub struct Package<'a> {
    pub id: u8,
    /// The package name from its header (`com.example.app`).
    pub name: String,
    pub(super) key_strings: StringPool<'a>,
    pub(super) types: Vec<TypeChunk<'a>>,
    /// `(type id, index into types)`, sorted by type id (file order within one id).
    pub(super) by_type: Vec<(u8, usize)>,
}

impl<'a> Package<'a> {
    pub(super) fn parse(
        data: &'a [u8],
        chunk: &Chunk,
        table: &mut ResourceTable<'a>,
    ) -> Result<Self, ArscError> {
        let start = chunk.start;
        let header_size = usize::from(chunk.header.header_size);
        if header_size < PACKAGE_HEADER_MIN {
            return Err(ArscError::PackageHeaderTooSmall {
                offset: start,
                header_size: chunk.header.header_size,
            });
        }
        let field = |at: usize| u32_at(data, start + at).unwrap_or(0);
        let id = field(8);
        let id = u8::try_from(id).map_err(|_| ArscError::BadPackageId { offset: start, id })?;
        let name_units: Vec<u16> = (0..128)
            .map_while(|i| u16_at(data, start + 12 + 2 * i).filter(|&u| u != 0))
            .collect();
        let name = String::from_utf16_lossy(&name_units);
        let type_strings = field(268) as usize;
        let key_strings = field(276) as usize;
        let type_id_offset = if header_size >= PACKAGE_HEADER_FULL {
            field(284)
        } else {
            0
        };

        let chunk_data = &data[..chunk.end];
        let mut pools: Vec<(usize, StringPool<'a>)> = Vec::new();
        let mut type_chunks: Vec<Chunk> = Vec::new();
        let mut pos = chunk.body;
        loop {
            let mut inner = match next_chunk(chunk_data, pos) {
                Ok(Some(inner)) => inner,
                Ok(None) => break,
                Err(err) => {
                    table.issue(err);
                    break;
                }
            };
            if let Some(err) = inner.cut.take() {
                table.issue(err);
            }
            pos = inner.end;
            match inner.header.chunk_type {
                // Only two pools are ever used; more would only cost memory.
                string_pool::RES_STRING_POOL_TYPE if pools.len() < 2 => {
                    match StringPool::parse(
                        &data[inner.start..inner.end],
                        usize::from(inner.header.header_size),
                        inner.start,
                    ) {
                        Ok(pool) => pools.push((inner.start - start, pool)),
                        Err(err) => table.issue(err.into()),
                    }
                }
                RES_TABLE_TYPE_TYPE => type_chunks.push(inner),
                // Type specs, libraries, overlayables, staged aliases and anything newer.
                _ => {}
            }
        }
        // By the header's offsets, else in order (type names first).
        let pick = |want: usize, fallback: usize| {
            pools
                .iter()
                .find(|(at, _)| *at == want)
                .or_else(|| pools.get(fallback))
                .map(|(_, pool)| *pool)
        };
        let type_names = pick(type_strings, 0).ok_or(ArscError::NoNamePool {
            offset: start,
            which: "type name",
        })?;
        let key_strings = pick(key_strings, 1).ok_or(ArscError::NoNamePool {
            offset: start,
            which: "key name",
        })?;

        let mut types = Vec::new();
        let mut names_by_id = HashMap::new();
        for inner in &type_chunks {
            match TypeChunk::parse(data, inner, &type_names, type_id_offset, &mut names_by_id) {
                Ok(ty) => types.push(ty),
                Err(err) => table.issue(err),
            }
        }
        let mut by_type: Vec<(u8, usize)> =
            types.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        by_type.sort_by_key(|&(id, _)| id);
        Ok(Package {
            id,
            name,
            key_strings,
            types,
            by_type,
        })
    }
}
