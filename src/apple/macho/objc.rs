//! Resolving pointers stored in an image (plain addresses or chained-fixup rebases, decoded
//! heuristically) and bind-opcode symbol names: what Objective-C metadata and CFStrings point to.

use super::*;

/// Maps pointers stored in the image to bytes, decoding chained-fixup rebases heuristically
/// (module docs).
pub(super) struct Resolver<'s, 'a> {
    sections: &'s [Sect<'a>],
    base: u64,
    is_64: bool,
    pub(super) le: bool,
}

impl<'s, 'a> Resolver<'s, 'a> {
    pub(super) fn new(sections: &'s [Sect<'a>], macho: &MachO<'a>, is_64: bool, le: bool) -> Self {
        let base = macho
            .segments
            .iter()
            .find(|s| s.name().is_ok_and(|n| n == "__TEXT"))
            .map_or(0, |s| s.vmaddr);
        Self::with_base(sections, base, is_64, le)
    }

    /// A resolver over `sections` whose image starts at `base` (`__TEXT`'s address).
    pub(super) fn with_base(sections: &'s [Sect<'a>], base: u64, is_64: bool, le: bool) -> Self {
        Self {
            sections,
            base,
            is_64,
            le,
        }
    }

    pub(super) fn read_u32(&self, b: &[u8]) -> u32 {
        let b: [u8; 4] = b.try_into().unwrap_or([0; 4]);
        if self.le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    }

    pub(super) fn read_ptr(&self, b: &[u8]) -> u64 {
        if self.is_64 {
            let b: [u8; 8] = b.try_into().unwrap_or([0; 8]);
            if self.le {
                u64::from_le_bytes(b)
            } else {
                u64::from_be_bytes(b)
            }
        } else {
            u64::from(self.read_u32(b))
        }
    }

    /// The addresses a stored pointer may stand for: itself, then the chained-fixup rebase
    /// encodings (`DYLD_CHAINED_PTR_64`, `_64_OFFSET`, arm64e rebase and auth rebase).
    pub(super) fn candidates(&self, raw: u64) -> impl Iterator<Item = u64> + use<> {
        let high8 = (raw >> 36) & 0xff;
        let target36 = raw & 0xf_ffff_ffff;
        let list = if self.is_64 && raw >> 63 == 0 {
            [
                Some(raw),
                Some((high8 << 56) | target36),
                Some(self.base.wrapping_add(target36)),
                Some(raw & 0x7ff_ffff_ffff),
            ]
        } else if self.is_64 {
            // Bit 63 set: an arm64e auth rebase (bit 62 clear; a bind has it set).
            let auth = raw >> 62 & 1 == 0;
            [
                auth.then(|| self.base.wrapping_add(raw & 0xffff_ffff)),
                None,
                None,
                None,
            ]
        } else {
            [Some(raw), None, None, None]
        };
        list.into_iter().flatten()
    }

    /// The section holding `addr`, and the offset of `addr` inside its data.
    pub(super) fn locate(&self, addr: u64) -> Option<(&'s Sect<'a>, usize)> {
        self.sections.iter().find_map(|s| {
            let off = addr.checked_sub(s.addr)?;
            (off < s.size && (off as usize) < s.data.len()).then_some((s, off as usize))
        })
    }

    /// The C string a stored pointer designates, if it lands in a C-string section.
    pub(super) fn c_string_at(&self, raw: u64) -> Option<&'a str> {
        self.candidates(raw).find_map(|addr| {
            let (sect, off) = self.locate(addr)?;
            if !sect.holds_cstrings() {
                return None;
            }
            let data = sect.data.get(off..)?;
            let end = data.iter().position(|&b| b == 0)?;
            std::str::from_utf8(&data[..end])
                .ok()
                .filter(|s| !s.is_empty())
        })
    }

    /// The name of the `class_t` a stored pointer designates.
    pub(super) fn class_name(&self, raw: u64) -> Option<&'a str> {
        self.class_ro(raw).map(|(name, _, _)| name)
    }

    /// `class_t` at `raw` → `class_ro_t` → name, plus the selectors of its method list and of its
    /// metaclass's (`isa`) method list.
    pub(super) fn class_info(&self, raw: u64) -> Option<(&'a str, Vec<&'a str>)> {
        let (name, ro, isa) = self.class_ro(raw)?;
        let mut methods = self.methods(ro);
        if let Some((_, meta_ro, _)) = self.class_ro(isa) {
            methods.extend(self.methods(meta_ro));
        }
        Some((name, methods))
    }

    /// A `class_t`'s name, its `class_ro_t` (section and offset) and its raw `isa`.
    pub(super) fn class_ro(&self, raw: u64) -> Option<(&'a str, (&'s Sect<'a>, usize), u64)> {
        let ptr = if self.is_64 { 8 } else { 4 };
        self.candidates(raw).find_map(|addr| {
            let (sect, off) = self.locate(addr)?;
            if sect.holds_cstrings() {
                return None;
            }
            // class_t: isa, superclass, cache, vtable, data (low bits are flags). objc4's
            // FAST_DATA_MASK keeps 3 flag bits on 64-bit targets but only 2 on 32-bit ones, whose
            // class_ro_t is 4-aligned: clearing bit 2 there read the name 4 bytes early (the real
            // armv7 / i386 slices of Snap Kit 1.0's frameworks listed classes named "\x01", "!").
            let flags = if self.is_64 { 7 } else { 3 };
            let isa = self.read_ptr(sect.data.get(off..off + ptr)?);
            let data_field = sect.data.get(off + 4 * ptr..off + 5 * ptr)?;
            let ro_raw = self.read_ptr(data_field) & !flags;
            let name_offset = if self.is_64 { 24 } else { 16 };
            self.candidates(ro_raw).find_map(|ro| {
                let (ro_sect, ro_off) = self.locate(ro)?;
                if ro_sect.holds_cstrings() {
                    return None;
                }
                let name_field = ro_sect
                    .data
                    .get(ro_off + name_offset..ro_off + name_offset + ptr)?;
                let name = self.c_string_at(self.read_ptr(name_field))?;
                Some((name, (ro_sect, ro_off), isa))
            })
        })
    }

    /// The selector names of a `class_ro_t`'s `baseMethods` list.
    pub(super) fn methods(&self, ro: (&Sect<'a>, usize)) -> Vec<&'a str> {
        self.method_entries(ro)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// A class's name with its instance and class methods: selector and implementation address
    /// (in `__text`), for the methods whose implementation resolves. What the code walk names
    /// functions by when the symbol table is stripped.
    pub(super) fn class_methods(&self, raw: u64) -> Option<ClassMethods<'a>> {
        let (name, ro, isa) = self.class_ro(raw)?;
        let with_imp = |entries: Vec<(&'a str, Option<u64>)>| -> Vec<(&'a str, u64)> {
            entries
                .into_iter()
                .filter_map(|(sel, imp)| Some((sel, imp?)))
                .collect()
        };
        let instance = with_imp(self.method_entries(ro));
        let class = self
            .class_ro(isa)
            .map(|(_, meta_ro, _)| with_imp(self.method_entries(meta_ro)))
            .unwrap_or_default();
        Some((name, instance, class))
    }

    /// The entries of a `class_ro_t`'s `baseMethods` list, selector and implementation address:
    /// classic entries (`name`, `types`, `imp` pointers) or relative ones (flag `0x80000000`:
    /// 32-bit offsets, the name's pointing at a selector reference, the imp's at the code).
    pub(super) fn method_entries(
        &self,
        (sect, ro_off): (&Sect<'a>, usize),
    ) -> Vec<(&'a str, Option<u64>)> {
        let ptr = if self.is_64 { 8 } else { 4 };
        let field = if self.is_64 { 32 } else { 20 };
        let mut out = Vec::new();
        let Some(raw) = sect.data.get(ro_off + field..ro_off + field + ptr) else {
            return out;
        };
        let raw = self.read_ptr(raw);
        if raw == 0 {
            return out;
        }
        let Some((list_sect, list_off)) = self
            .candidates(raw)
            .find_map(|a| self.locate(a).filter(|(s, _)| !s.holds_cstrings()))
        else {
            return out;
        };
        let data = list_sect.data;
        let (Some(head), Some(count)) = (
            data.get(list_off..list_off + 4),
            data.get(list_off + 4..list_off + 8),
        ) else {
            return out;
        };
        let flags = self.read_u32(head);
        let entsize = (flags & 0xfffc) as usize;
        let count = self.read_u32(count) as usize;
        let relative = flags & 0x8000_0000 != 0;
        let first = list_off + 8;
        // Bounded by the section: a count that claims more entries than fit reads none of them.
        if entsize == 0 || count > (data.len().saturating_sub(first)) / entsize {
            return out;
        }
        for i in 0..count {
            let at = first + i * entsize;
            let name = if relative {
                let rel = self.read_u32(&data[at..at + 4]) as i32;
                let target = list_sect
                    .addr
                    .wrapping_add(at as u64)
                    .wrapping_add_signed(i64::from(rel));
                self.locate(target).and_then(|(s, o)| {
                    if s.holds_cstrings() {
                        self.c_string_at(target)
                    } else {
                        self.c_string_at(self.read_ptr(s.data.get(o..o + ptr)?))
                    }
                })
            } else {
                data.get(at..at + ptr)
                    .and_then(|b| self.c_string_at(self.read_ptr(b)))
            };
            let imp = if relative {
                data.get(at + 8..at + 12).and_then(|b| {
                    let rel = self.read_u32(b) as i32;
                    let target = list_sect
                        .addr
                        .wrapping_add(at as u64 + 8)
                        .wrapping_add_signed(i64::from(rel));
                    self.in_text(target)
                })
            } else {
                data.get(at + 2 * ptr..at + 3 * ptr).and_then(|b| {
                    self.candidates(self.read_ptr(b))
                        .find_map(|addr| self.in_text(addr))
                })
            };
            out.extend(name.map(|n| (n, imp)));
        }
        out
    }

    /// `addr` if it lies inside a `__text` section.
    pub(super) fn in_text(&self, addr: u64) -> Option<u64> {
        self.locate(addr)
            .filter(|(s, _)| s.name == "__text")
            .map(|_| addr)
    }

    /// A `__cfstring` record's characters: 8-bit (UTF-8 in practice) or UTF-16 (flags 0x7d0).
    pub(super) fn cf_string(&self, raw: u64, length: u64, flags: u32) -> Option<Cow<'a, str>> {
        let utf16 = flags & 0x10 != 0 && flags & 0x8 == 0;
        let bytes_len = usize::try_from(length)
            .ok()?
            .checked_mul(if utf16 { 2 } else { 1 })?;
        self.candidates(raw).find_map(|addr| {
            let (sect, off) = self.locate(addr)?;
            if !(sect.holds_cstrings() || sect.is("__ustring")) {
                return None;
            }
            let data = sect.data.get(off..off.checked_add(bytes_len)?)?;
            if utf16 {
                let units: Vec<u16> = data
                    .chunks_exact(2)
                    .map(|c| {
                        if self.le {
                            u16::from_le_bytes([c[0], c[1]])
                        } else {
                            u16::from_be_bytes([c[0], c[1]])
                        }
                    })
                    .collect();
                Some(Cow::Owned(String::from_utf16_lossy(&units)))
            } else {
                std::str::from_utf8(data).ok().map(Cow::Borrowed)
            }
        })
    }
}

/// The symbol names of a bind-opcode stream (`BIND_OPCODE_SET_SYMBOL_TRAILING_FLAGS_IMM`
/// operands), skipping every other opcode's operands; stops at the first malformed one.
pub(super) fn bind_symbol_names(ops: &[u8]) -> Vec<&str> {
    pub(super) fn skip_leb(ops: &[u8], i: &mut usize) -> Option<()> {
        loop {
            let b = *ops.get(*i)?;
            *i += 1;
            if b & 0x80 == 0 {
                return Some(());
            }
        }
    }
    let mut names = Vec::new();
    let mut i = 0usize;
    while let Some(&op) = ops.get(i) {
        i += 1;
        let ok = match op & 0xf0 {
            0x00 | 0x10 | 0x30 | 0x50 | 0x90 | 0xb0 => Some(()),
            0x20 | 0x60 | 0x70 | 0x80 | 0xa0 => skip_leb(ops, &mut i),
            0xc0 => skip_leb(ops, &mut i).and_then(|()| skip_leb(ops, &mut i)),
            0xd0 if op & 0x0f == 0x00 => skip_leb(ops, &mut i),
            0xd0 => Some(()),
            0x40 => {
                let rest = ops.get(i..).unwrap_or(&[]);
                match rest.iter().position(|&b| b == 0) {
                    Some(end) => {
                        if let Ok(name) = std::str::from_utf8(&rest[..end]) {
                            names.push(name);
                        }
                        i += end + 1;
                        Some(())
                    }
                    None => None,
                }
            }
            _ => None,
        };
        if ok.is_none() {
            break;
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sect<'a>(name: &'a str, addr: u64, data: &'a [u8]) -> Sect<'a> {
        Sect {
            segname: "__DATA",
            name,
            addr,
            size: data.len() as u64,
            kind: 0,
            data,
            ordinal: 0,
            relocs: &[],
        }
    }

    /// A 32-bit `class_t` whose `class_ro_t` sits at an address that is 4- but not 8-aligned,
    /// with the data pointer's low flag bit set (as a Swift-era or realized class may have it):
    /// the name is read from the `class_ro_t`'s name field, not 4 bytes before it.
    #[test]
    fn class_ro_of_a_32_bit_class_at_a_4_aligned_address() {
        let le = |v: u32| v.to_le_bytes();
        // class_t at 0x1000: isa, superclass, cache, vtable, data = 0x2004 | 1.
        let class: Vec<u8> = [0, 0, 0, 0, 0x2004 | 1]
            .iter()
            .flat_map(|&v| le(v))
            .collect();
        // 4 bytes of another record, then class_ro_t at 0x2004: flags, instanceStart,
        // instanceSize, ivarLayout (a pointer to "\x01"), name (0x3002), baseMethods.
        let ro: Vec<u8> = [0xdead, 0, 0, 8, 0x3000, 0x3002, 0]
            .iter()
            .flat_map(|&v| le(v))
            .collect();
        let names = b"\x01\0GIDSignIn\0";
        let mut cstrings = sect("__objc_classname", 0x3000, names);
        cstrings.segname = "__TEXT";
        let sections = [
            sect("__objc_data", 0x1000, &class),
            sect("__objc_const", 0x2000, &ro),
            cstrings,
        ];
        let resolver = Resolver::with_base(&sections, 0, false, true);
        assert_eq!(resolver.class_name(0x1000), Some("GIDSignIn"));
    }
}
