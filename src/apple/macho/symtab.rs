//! The symbol table of one image (`LC_SYMTAB`), with every name found in one pass over the
//! string table.
//!
//! goblin's `SymbolIterator` reads each entry's name by scanning from its offset to the next NUL
//! and validating what it scanned as UTF-8. A crafted image can point every entry at one long
//! string, or at its successive tails: 10,000 entries naming one 1 MiB string took 6.7 s (release)
//! and up to 8,000,000 entries are allowed ([`super::MAX_SYMBOLS`]). Here the entries are visited
//! in the order of their name offsets, the NUL that ends each name is found by a cursor that only
//! moves forward, and each run of bytes up to a NUL is validated at most once, so the work is the
//! size of the string table plus a sort of the entries. Names keep goblin's meaning: the bytes
//! from `stroff + n_strx` to the next NUL or the end of the file.

/// One symbol-table entry: what sdklint reads of an `nlist` / `nlist_64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Nlist {
    pub n_strx: u32,
    pub n_type: u8,
    pub n_sect: u8,
    pub n_value: u64,
}

/// Why an entry has no name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameError {
    /// `stroff + n_strx` is at or past the end of the file.
    PastEnd,
    /// The bytes up to the NUL are not UTF-8.
    NotUtf8,
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NameError::PastEnd => "its name starts past the end of the file",
            NameError::NotUtf8 => "its name is not UTF-8",
        })
    }
}

/// The entries of a symbol table the caller has checked lies within the file.
pub(super) struct SymbolTable<'a> {
    bytes: &'a [u8],
    symoff: usize,
    little_endian: bool,
    is_64: bool,
    /// `bytes[stroff..]` (empty when `stroff` is past the end).
    names: &'a [u8],
    /// Per entry: the end of its name in `names`, or why it has none.
    ends: Vec<Result<u32, NameError>>,
}

impl<'a> SymbolTable<'a> {
    /// `nsyms` entries at `symoff`; the caller has checked that they lie within `bytes`.
    pub fn new(
        bytes: &'a [u8],
        symoff: u32,
        nsyms: u32,
        stroff: u32,
        is_64: bool,
        little_endian: bool,
    ) -> Self {
        let mut table = Self {
            bytes,
            symoff: symoff as usize,
            little_endian,
            is_64,
            names: bytes.get(stroff as usize..).unwrap_or(&[]),
            ends: Vec::new(),
        };
        table.ends = table.find_ends(nsyms as usize);
        table
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Entry `index` and its name.
    pub fn get(&self, index: usize) -> Option<Result<(&'a str, Nlist), NameError>> {
        let nlist = self.nlist(index)?;
        Some(self.ends[index].map(|end| {
            let name = &self.names[nlist.n_strx as usize..end as usize];
            // Validated by `find_ends`.
            (std::str::from_utf8(name).unwrap_or_default(), nlist)
        }))
    }

    /// Every entry in table order.
    pub fn iter(&self) -> impl Iterator<Item = Result<(&'a str, Nlist), NameError>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    fn nlist(&self, index: usize) -> Option<Nlist> {
        nlist_at(
            self.bytes,
            self.symoff as u32,
            u32::try_from(index).ok()?,
            self.is_64,
            self.little_endian,
        )
    }

    /// The end of every entry's name, visiting entries by name offset (see the module doc).
    fn find_ends(&self, nsyms: usize) -> Vec<Result<u32, NameError>> {
        let names = self.names;
        let strx = |i: usize| self.nlist(i).map_or(u32::MAX, |n| n.n_strx);
        let mut order: Vec<u32> = (0..nsyms as u32).collect();
        order.sort_unstable_by_key(|&i| strx(i as usize));
        let mut ends = vec![Err(NameError::PastEnd); nsyms];
        // The run being read: [.., nul), and what is known of it: valid from `valid_from` to the
        // NUL, or (from an earlier start) valid up to `error_at`, where an invalid sequence starts.
        let mut nul = 0usize;
        let mut in_run = false;
        let mut valid_from: Option<usize> = None;
        let mut error_at: Option<usize> = None;
        for i in order {
            let start = strx(i as usize) as usize;
            if start >= names.len() {
                break; // sorted: every later entry is past the end too
            }
            if !in_run || start > nul {
                nul = start + memchr::memchr(0, &names[start..]).unwrap_or(names.len() - start);
                in_run = true;
                valid_from = None;
                error_at = None;
            }
            let boundary = start == nul || !is_continuation(names[start]);
            let valid = match (valid_from, error_at) {
                (Some(_), _) => boundary,
                (None, Some(e)) if start <= e => false,
                _ => match std::str::from_utf8(&names[start..nul]) {
                    Ok(_) => {
                        valid_from = Some(start);
                        true
                    }
                    Err(err) => {
                        error_at = Some(start + err.valid_up_to());
                        false
                    }
                },
            };
            ends[i as usize] = if valid {
                Ok(nul as u32)
            } else {
                Err(NameError::NotUtf8)
            };
        }
        ends
    }
}

/// Entry `index` of the table at `symoff`, if it lies within `bytes`.
pub(super) fn nlist_at(
    bytes: &[u8],
    symoff: u32,
    index: u32,
    is_64: bool,
    little_endian: bool,
) -> Option<Nlist> {
    let size = if is_64 { 16 } else { 12 };
    let at = (symoff as usize).checked_add((index as usize).checked_mul(size)?)?;
    let entry = bytes.get(at..at.checked_add(size)?)?;
    let u32_at = |i: usize| {
        let b: [u8; 4] = entry[i..i + 4].try_into().unwrap_or_default();
        if little_endian {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    let n_value = if is_64 {
        let (hi, lo) = (u32_at(12), u32_at(8));
        let (hi, lo) = if little_endian { (hi, lo) } else { (lo, hi) };
        (u64::from(hi) << 32) | u64::from(lo)
    } else {
        u64::from(u32_at(8))
    };
    Some(Nlist {
        n_strx: u32_at(0),
        n_type: entry[4],
        n_sect: entry[5],
        n_value,
    })
}

fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian 64-bit table of `strx` entries over `strings`, laid out as
    /// [nlists][strings].
    fn table(strx: &[u32], strings: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, &x) in strx.iter().enumerate() {
            out.extend(x.to_le_bytes());
            out.extend([0x0f, 1, 0, 0]);
            out.extend((0x1000 + i as u64).to_le_bytes());
        }
        out.extend(strings);
        out
    }

    fn names(strx: &[u32], strings: &[u8]) -> Vec<Result<String, NameError>> {
        let bytes = table(strx, strings);
        let stroff = 16 * strx.len() as u32;
        let t = SymbolTable::new(&bytes, 0, strx.len() as u32, stroff, true, true);
        t.iter().map(|r| r.map(|(n, _)| n.to_string())).collect()
    }

    #[test]
    fn names_end_at_their_nul_whatever_the_order() {
        let s = b"\0_b\0_alpha\0tail";
        assert_eq!(
            names(&[4, 1, 0, 6, 11], s),
            [
                Ok("_alpha".into()),
                Ok("_b".into()),
                Ok("".into()),
                Ok("lpha".into()),
                Ok("tail".into()),
            ]
        );
    }

    #[test]
    fn tails_of_one_string_are_read_as_goblin_reads_them() {
        // "é" is two bytes: a tail starting inside it is not UTF-8; an invalid byte ends
        // validity for the tails before it only.
        let s = "xé\u{0}"
            .as_bytes()
            .iter()
            .copied()
            .chain(*b"ab\xffcd\0")
            .collect::<Vec<_>>();
        let got = names(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20], &s);
        let want: Vec<Result<String, NameError>> = (0..=9u32)
            .map(|x| {
                let rest = &s[x as usize..];
                let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
                std::str::from_utf8(&rest[..end])
                    .map(str::to_string)
                    .map_err(|_| NameError::NotUtf8)
            })
            .chain([Err(NameError::PastEnd)])
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn big_endian_32_bit_entries() {
        let mut bytes = Vec::new();
        bytes.extend(1u32.to_be_bytes());
        bytes.extend([0x01, 0, 0, 0]);
        bytes.extend(0x2000u32.to_be_bytes());
        bytes.extend(b"\0_f\0");
        let t = SymbolTable::new(&bytes, 0, 1, 12, false, false);
        let (name, n) = t.get(0).unwrap().unwrap();
        assert_eq!((name, n.n_type, n.n_value), ("_f", 1, 0x2000));
    }
}
