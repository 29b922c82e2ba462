//! One `RES_TABLE_TYPE_TYPE` chunk: the entries of one type in one configuration, dense, 16-bit
//! or sparse offsets, full or compact entries.

use super::*;

/// One `RES_TABLE_TYPE_TYPE` chunk: a type in one configuration.
#[derive(Debug)]
pub(super) struct TypeChunk<'a> {
    /// Offset of the chunk in the file.
    pub(super) offset: usize,
    pub(super) id: u8,
    pub(super) flags: u8,
    pub(super) count: u32,
    /// The entry offset table (dense u32, dense u16, or sparse pairs).
    pub(super) table: &'a [u8],
    /// From `entriesStart` to the end of the chunk.
    pub(super) entries: &'a [u8],
    pub(super) config: Config,
    /// The type name (`string`), decoded once per package and shared by its chunks (2,000
    /// chunks naming one 64 K-character UTF-16 name made 2,000 copies of it, 500 MiB), and
    /// the BCP 47 locale, decoded once per chunk.
    pub(super) type_name: Arc<str>,
    pub(super) locale: String,
    /// How good a fallback this configuration is when the wanted locale has no value: 0 the
    /// default configuration, 1 another one without a locale, 2 one with a locale.
    pub(super) fallback_rank: u8,
    /// The configuration has a locale and no other qualifier (`values-fr`).
    pub(super) plain_locale: bool,
}

/// One entry in one configuration, before its value is decoded.
#[derive(Debug, Clone, Copy)]
pub(super) struct RawEntry {
    pub(super) key: u32,
    /// `None` for a bag.
    pub(super) value: Option<(u8, u32)>,
}

/// Entry indices a resource id can hold (its low 16 bits).
pub(super) const MAX_DENSE_SLOTS: u32 = 1 << 16;

impl TypeChunk<'_> {
    /// Slots in the offset table that a resource id can address: the entry index is the id's
    /// low 16 bits, so a dense table past 65,536 slots would alias (`slot as u16`) earlier
    /// entries. A sparse table stores each index, so it needs no cut.
    pub(super) fn slots(&self) -> u32 {
        if self.flags & FLAG_SPARSE != 0 {
            self.count
        } else {
            self.count.min(MAX_DENSE_SLOTS)
        }
    }

    /// Slot `slot`: the entry index it holds and its offset in `entries`, `None` if empty.
    pub(super) fn slot(&self, slot: u32) -> Option<(u16, u32)> {
        let i = slot as usize;
        if self.flags & FLAG_SPARSE != 0 {
            let idx = u16_at(self.table, i * 4)?;
            let off = u16_at(self.table, i * 4 + 2)?;
            Some((idx, u32::from(off) * 4))
        } else if self.flags & FLAG_OFFSET16 != 0 {
            let off = u16_at(self.table, i * 2)?;
            (off != 0xFFFF).then(|| (slot as u16, u32::from(off) * 4))
        } else {
            let off = u32_at(self.table, i * 4)?;
            (off != NO_ENTRY).then_some((slot as u16, off))
        }
    }

    /// The offset of entry `index`, if this configuration has it.
    pub(super) fn find(&self, index: u16) -> Option<u32> {
        if self.flags & FLAG_SPARSE != 0 {
            // Sparse entries are sorted by index; damaged input only makes the search miss.
            let (mut lo, mut hi) = (0u32, self.count);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                let (idx, off) = self.slot(mid)?;
                match idx.cmp(&index) {
                    std::cmp::Ordering::Equal => return Some(off),
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                }
            }
            None
        } else if u32::from(index) < self.count {
            self.slot(u32::from(index)).map(|(_, off)| off)
        } else {
            None
        }
    }

    /// The entry at `off` in the entries area; `index` names it in errors.
    pub(super) fn entry(&self, off: u32, index: u32) -> Result<RawEntry, ArscError> {
        let past = || ArscError::EntryPastChunk {
            offset: self.offset,
            index,
            entry_offset: off,
        };
        let at = off as usize;
        let head = self
            .entries
            .get(at..at.checked_add(ENTRY_HEADER_SIZE).ok_or_else(past)?)
            .ok_or_else(past)?;
        let size = u16::from_le_bytes([head[0], head[1]]);
        let flags = u16::from_le_bytes([head[2], head[3]]);
        let word = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        if flags & ENTRY_FLAG_COMPACT != 0 {
            // `u16 key; u16 flags (dataType << 8); u32 data`.
            return Ok(RawEntry {
                key: u32::from(size),
                value: Some(((flags >> 8) as u8, word)),
            });
        }
        if usize::from(size) < ENTRY_HEADER_SIZE {
            return Err(ArscError::BadEntrySize {
                offset: self.offset,
                index,
                size,
            });
        }
        if flags & ENTRY_FLAG_COMPLEX != 0 {
            return Ok(RawEntry {
                key: word,
                value: None,
            });
        }
        let value_at = at + usize::from(size);
        let value = self
            .entries
            .get(value_at..value_at + VALUE_SIZE)
            .ok_or_else(past)?;
        Ok(RawEntry {
            key: word,
            value: Some((
                value[3],
                u32::from_le_bytes([value[4], value[5], value[6], value[7]]),
            )),
        })
    }
}

/// What [`ResourceTable::type_chunks`] tells about one type chunk.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeChunkInfo<'t> {
    pub package_id: u8,
    pub type_id: u8,
    pub type_name: &'t str,
    /// BCP 47, empty for none.
    pub locale: &'t str,
    pub config: Config,
    /// `FLAG_SPARSE`: a sorted (index, offset) table.
    pub sparse: bool,
    /// `FLAG_OFFSET16`: a dense table of u16 offsets.
    pub offset16: bool,
    /// Entries in the offset table (set or not).
    pub slots: u32,
    /// Offset of the chunk in the file.
    pub offset: usize,
}

/// One string-valued entry, as [`ResourceTable::string_entries`] yields it. Its value is
/// decoded only when [`StringEntry::value`] is called; [`StringEntry::value_index`] names it, so
/// the many entries a table may point at one pool string cost one decoding where the caller
/// keeps the first.
#[derive(Debug, Clone)]
pub struct StringEntry<'t> {
    /// The resource id, `0x7f060002`.
    pub id: u32,
    /// The package name.
    pub package: &'t str,
    /// The type name: `string` for `@string/…`, but any type can hold a string value
    /// (`xml` and `layout` entries hold file paths).
    pub type_name: &'t str,
    /// The key: `privacy_policy_url`.
    pub name: Cow<'t, str>,
    /// The configuration's locale as a BCP 47 tag (`""`, `fr`, `pt-BR`).
    pub locale: &'t str,
    /// Whether the configuration has qualifiers besides the locale (`values-fr-v26`).
    pub other_qualifiers: bool,
    /// The global pool string the value is (after references are followed).
    pub value_index: u32,
    pub(super) pool: &'t StringPool<'t>,
}

impl<'t> StringEntry<'t> {
    /// The value, decoded from the pool (valid UTF-8 is borrowed). The iterator yields only
    /// entries whose string the pool holds.
    pub fn value(&self) -> Cow<'t, str> {
        self.pool.get(self.value_index).unwrap_or_default()
    }
}

impl<'a> TypeChunk<'a> {
    pub(super) fn parse(
        data: &'a [u8],
        chunk: &Chunk,
        type_names: &StringPool<'a>,
        type_id_offset: u32,
        names_by_id: &mut HashMap<u8, Arc<str>>,
    ) -> Result<Self, ArscError> {
        let offset = chunk.start;
        let bytes = &data[chunk.start..chunk.end];
        let header_size = usize::from(chunk.header.header_size);
        if header_size < TYPE_HEADER_MIN {
            return Err(ArscError::TypeHeaderTooSmall {
                offset,
                header_size: chunk.header.header_size,
            });
        }
        // The header is inside the chunk (checked by next_chunk), so these reads succeed.
        let id = bytes[8];
        let flags = bytes[9];
        let count = u32_at(bytes, 12).unwrap_or(0);
        let entries_start = u32_at(bytes, 16).unwrap_or(0);
        let config_size = u32_at(bytes, CONFIG_OFFSET).unwrap_or(0);
        if id == 0 {
            return Err(ArscError::TypeIdZero { offset });
        }
        let config_end = CONFIG_OFFSET as u64 + u64::from(config_size);
        if config_size < 4 || config_end > header_size as u64 {
            return Err(ArscError::BadConfig {
                offset,
                config_size,
            });
        }
        let config = Config::read(&bytes[CONFIG_OFFSET..config_end as usize]);

        let entries_at = entries_start as usize;
        if entries_at > bytes.len() {
            return Err(ArscError::EntriesStartPastChunk {
                offset,
                entries_start,
            });
        }
        let stride: u64 = if flags & FLAG_SPARSE == 0 && flags & FLAG_OFFSET16 != 0 {
            2
        } else {
            4
        };
        let table_end = header_size as u64 + u64::from(count) * stride;
        if table_end > entries_at as u64 {
            return Err(ArscError::EntryTablePastEntries {
                offset,
                count,
                entries_start,
            });
        }
        let table = &bytes[header_size..table_end as usize];
        let entries = &bytes[entries_at..];

        // `typeIdOffset` is read from the file: 0xffffffff must not overflow the `+ 1`.
        let type_name = names_by_id
            .entry(id)
            .or_insert_with(|| {
                type_id_offset
                    .checked_add(1)
                    .and_then(|first| u32::from(id).checked_sub(first))
                    .and_then(|i| type_names.get(i))
                    .map_or_else(|| format!("type{id:02x}").into(), |name| name.into())
            })
            .clone();
        let fallback_rank = if config.is_default() {
            0
        } else if !config.has_locale() {
            1
        } else {
            2
        };
        Ok(TypeChunk {
            offset,
            id,
            flags,
            count,
            table,
            entries,
            locale: config.locale(),
            plain_locale: config.has_locale() && plain_locale(&config),
            fallback_rank,
            config,
            type_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(flags: u8, count: u32, table: &[u8]) -> TypeChunk<'_> {
        TypeChunk {
            offset: 0,
            id: 1,
            flags,
            count,
            table,
            entries: &[],
            config: Config::read(&[]),
            type_name: Arc::from("string"),
            locale: String::new(),
            fallback_rank: 0,
            plain_locale: false,
        }
    }

    /// A dense table longer than a resource id can address stops at 65,536 slots: slot 65,536
    /// would be entry index 0 again (`slot as u16`) and alias the first entry.
    #[test]
    fn dense_tables_stop_where_entry_indices_would_wrap() {
        let count = MAX_DENSE_SLOTS + 10;
        let table: Vec<u8> = (0..count).flat_map(|i| (i * 8).to_le_bytes()).collect();
        let dense = chunk(0, count, &table);
        assert_eq!(dense.slots(), MAX_DENSE_SLOTS);
        let indices: std::collections::BTreeSet<u16> = (0..dense.slots())
            .filter_map(|slot| dense.slot(slot).map(|(index, _)| index))
            .collect();
        assert_eq!(indices.len(), MAX_DENSE_SLOTS as usize, "no index twice");
        assert_eq!(
            dense.slot(MAX_DENSE_SLOTS - 1),
            Some((u16::MAX, (MAX_DENSE_SLOTS - 1) * 8))
        );

        let table16: Vec<u8> = (0..count).flat_map(|i| (i as u16).to_le_bytes()).collect();
        assert_eq!(
            chunk(FLAG_OFFSET16, count, &table16).slots(),
            MAX_DENSE_SLOTS
        );
    }

    /// A sparse table names each entry's index, so all of its pairs are read, in range or not.
    #[test]
    fn sparse_tables_are_not_cut() {
        let count = MAX_DENSE_SLOTS + 10;
        let table: Vec<u8> = (0..count)
            .flat_map(|i| {
                let mut pair = (i as u16).to_le_bytes().to_vec();
                pair.extend(1u16.to_le_bytes());
                pair
            })
            .collect();
        let sparse = chunk(FLAG_SPARSE, count, &table);
        assert_eq!(sparse.slots(), count);
        assert_eq!(sparse.find(7), Some(4));
    }
}
