//! Iterating the string entries of a table, configuration by configuration.

use super::*;

/// Locale only, nothing else: `values-fr`, not `values-fr-v26`.
pub(super) fn plain_locale(config: &Config) -> bool {
    let mut only_locale = *config;
    for i in [8, 9, 10, 11] {
        only_locale.raw[i] = 0;
    }
    only_locale.raw[36..48].fill(0);
    only_locale.raw[52..61].fill(0);
    only_locale.is_default()
}

/// The iterator behind [`ResourceTable::string_entries`].
pub struct StringEntries<'t, 'a> {
    pub(super) table: &'t ResourceTable<'a>,
    pub(super) package: usize,
    pub(super) ty: usize,
    pub(super) slot: u32,
    /// An error was already reported for the current chunk.
    pub(super) chunk_failed: bool,
    pub(super) budget: usize,
    /// Type chunks reference lookups may still visit.
    pub(super) work: usize,
    /// [`ArscError::TooManyLookups`] was already reported.
    pub(super) work_reported: bool,
    pub(super) done: bool,
    /// Decoded length of each pool string met so far (at most one per distinct value index,
    /// which the budget bounds).
    pub(super) value_lens: HashMap<u32, usize>,
}

impl<'t, 'a> Iterator for StringEntries<'t, 'a> {
    type Item = Result<StringEntry<'t>, ArscError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let package = self.table.packages.get(self.package)?;
            let Some(ty) = package.types.get(self.ty) else {
                self.package += 1;
                self.ty = 0;
                continue;
            };
            if self.slot >= ty.slots() {
                self.ty += 1;
                self.slot = 0;
                self.chunk_failed = false;
                continue;
            }
            let slot = self.slot;
            self.slot += 1;
            let Some((index, off)) = ty.slot(slot) else {
                continue;
            };
            let entry = match ty.entry(off, u32::from(index)) {
                Ok(entry) => entry,
                Err(err) if !self.chunk_failed => {
                    self.chunk_failed = true;
                    return Some(Err(err));
                }
                Err(_) => continue,
            };
            let Some((data_type, data)) = entry.value else {
                continue;
            };
            let id = (u32::from(package.id) << 24) | (u32::from(ty.id) << 16) | u32::from(index);
            let value_index = match data_type {
                TYPE_STRING => data,
                TYPE_REFERENCE | TYPE_DYNAMIC_REFERENCE => {
                    match self
                        .table
                        .resolve_raw_within(data, &ty.locale, &mut self.work)
                    {
                        Some(RawValue::Value(TYPE_STRING, index)) => index,
                        _ if self.work == 0 && !self.work_reported => {
                            self.work_reported = true;
                            return Some(Err(ArscError::TooManyLookups));
                        }
                        _ => continue,
                    }
                }
                _ => continue,
            };
            // Each pool string's length is measured once; a string the pool cannot give is
            // skipped, as an undecodable value always was.
            let value_len = match self.value_lens.get(&value_index) {
                Some(&len) => len,
                None => {
                    let Some(len) = self.table.pool.decoded_len(value_index) else {
                        continue;
                    };
                    self.value_lens.insert(value_index, len);
                    len
                }
            };
            let Some(name) = package.key_strings.get(entry.key) else {
                continue;
            };
            let cost = name.len() + value_len + ty.type_name.len() + ty.locale.len();
            let Some(left) = self.budget.checked_sub(cost) else {
                self.done = true;
                return Some(Err(ArscError::OutputTooLarge));
            };
            self.budget = left;
            return Some(Ok(StringEntry {
                id,
                package: &package.name,
                type_name: &ty.type_name,
                name,
                locale: &ty.locale,
                other_qualifiers: !plain_locale(&ty.config),
                value_index,
                pool: &self.table.pool,
            }));
        }
        None
    }
}
