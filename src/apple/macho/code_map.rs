//! The [`CodeMap`] of one linked arm64 image: what the call-site walk ([`super::calls`]) needs to
//! know about the addresses its code names.
//!
//! - **Stubs** (`__stubs`, `__auth_stubs`): entry `i` calls the symbol of indirect-symbol-table
//!   entry `reserved1 + i` (`<mach-o/loader.h>`, `LC_DYSYMTAB`), so `bl` to a stub names the
//!   imported function (`_objc_msgSend`) whether the image binds through opcodes or chained fixups.
//! - **Selector stubs** (`__objc_stubs`, ld64 for Xcode 14+): each begins
//!   `adrp x1, selref@PAGE; ldr x1, [x1, selref@PAGEOFF]`, which names the selector; a local symbol
//!   `_objc_msgSend$<selector>` names it too where the symbol table is kept.
//! - **Slots**: `__objc_selrefs` entries point to selector names; `__objc_classrefs` entries
//!   point to a class defined in the image (its `class_ro_t` name) or are bound to an imported
//!   `_OBJC_CLASS_$_X`; `__got` / `__auth_got` entries are bound to the symbol of their indirect
//!   entry. Binds are read from the bind opcodes (`LC_DYLD_INFO`) or, for chained fixups
//!   (`LC_DYLD_CHAINED_FIXUPS`, ld64 for iOS 13.4+), from the bind encoded in the slot itself and
//!   the fixups' imports table (`<mach-o/fixup-chains.h>`).
//! - **Functions**: defined symbols of `__text` and `LC_FUNCTION_STARTS`.
//!
//! Counts read from the image are bounded by the bytes that hold them; unreadable parts leave
//! the map smaller, never fail it.

use std::collections::HashMap;

use goblin::mach::MachO;
use goblin::mach::load_command::CommandVariant;

use super::symtab::SymbolTable;
use super::{MAX_SYMBOLS, Resolver, Sect};
use crate::apple::arm64::{Insn, decode};
use crate::apple::calls::{AddrMap, CodeMap, FunctionName, Slot, Target};

/// At most this many binds are read from bind opcodes (a repeat count can claim billions), and
/// never more than the image has 8-byte slots.
const MAX_BINDS: usize = 4_000_000;

const N_STAB: u8 = 0xe0;
const N_TYPE: u8 = 0x0e;
const N_SECT: u8 = 0x0e;
const INDIRECT_SYMBOL_LOCAL: u32 = 0x8000_0000;
const INDIRECT_SYMBOL_ABS: u32 = 0x4000_0000;

/// Raw section header fields goblin does not keep: `(segname, sectname, addr) → (reserved1, reserved2)`.
fn reserved_fields(bytes: &[u8], macho: &MachO<'_>) -> HashMap<(String, String, u64), (u32, u32)> {
    let mut out = HashMap::new();
    for lc in &macho.load_commands {
        if !matches!(lc.command, CommandVariant::Segment64(_)) {
            continue;
        }
        let Some(nsects) = read_u32(bytes, lc.offset + 64) else {
            continue;
        };
        let room = (lc.command.cmdsize().saturating_sub(72)) / 80;
        for i in 0..(nsects as usize).min(room) {
            let at = lc.offset + 72 + i * 80;
            let (Some(sect), Some(seg), Some(addr), Some(r1), Some(r2)) = (
                bytes.get(at..at + 16),
                bytes.get(at + 16..at + 32),
                read_u64(bytes, at + 32),
                read_u32(bytes, at + 68),
                read_u32(bytes, at + 72),
            ) else {
                break;
            };
            out.insert((fixed(seg), fixed(sect), addr), (r1, r2));
        }
    }
    out
}

fn fixed(raw: &[u8]) -> String {
    let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
    String::from_utf8_lossy(&raw[..end]).into_owned()
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        bytes.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// What calling the symbol `name` means.
fn target_of(name: &str) -> Target<'_> {
    match name {
        "_objc_msgSend" => Target::MsgSend,
        "_objc_retain"
        | "_objc_retainAutoreleasedReturnValue"
        | "_objc_claimAutoreleasedReturnValue"
        | "_objc_unsafeClaimAutoreleasedReturnValue"
        | "_objc_autoreleaseReturnValue"
        | "_objc_retainAutoreleaseReturnValue"
        | "_objc_retainAutorelease"
        | "_objc_autorelease" => Target::PassThrough,
        "_objc_alloc" | "_objc_alloc_init" | "_objc_opt_new" => Target::Allocate,
        _ => match name.strip_prefix("_objc_msgSend$") {
            Some(selector) if !selector.is_empty() => Target::MsgSendSelector(selector),
            _ => Target::Function(name),
        },
    }
}

/// Build the code map of a linked little-endian arm64 image; `None` when it has no `__text`.
pub(super) fn build<'a>(
    bytes: &'a [u8],
    macho: &MachO<'a>,
    sections: &[Sect<'a>],
    resolver: &Resolver<'_, 'a>,
) -> Option<CodeMap<'a>> {
    let text_index = sections
        .iter()
        .position(|s| s.segname == "__TEXT" && s.name == "__text")?;
    let text = &sections[text_index];
    let mut map = CodeMap {
        text: text.data,
        text_addr: text.addr,
        ..Default::default()
    };
    let symbols = symbol_names(bytes, macho);
    let indirect = indirect_symbols(bytes, macho);
    let reserved = reserved_fields(bytes, macho);
    let binds = bind_map(bytes, macho);
    let imports = chained_imports(bytes, macho);

    // Functions and named targets from the symbol table.
    let text_ordinal = text.ordinal;
    for sym in &symbols {
        let Some((name, n_type, n_sect, value)) = *sym else {
            continue;
        };
        if n_type & N_STAB != 0 || n_type & N_TYPE != N_SECT || name.is_empty() {
            continue;
        }
        if let Target::MsgSendSelector(s) = target_of(name) {
            map.targets.insert(value, Target::MsgSendSelector(s));
        } else if usize::from(n_sect) == text_ordinal {
            map.functions
                .push((value, Some(FunctionName::Symbol(name))));
            map.targets.entry(value).or_insert(Target::Function(name));
        }
    }
    // Objective-C methods by their class's method lists (after the symbols, which win).
    for sect in sections.iter().filter(|s| s.name == "__objc_classlist") {
        for chunk in sect.data.chunks_exact(8) {
            let Some((class, instance, class_methods)) =
                resolver.class_methods(resolver.read_ptr(chunk))
            else {
                continue;
            };
            for (meta, methods) in [(false, instance), (true, class_methods)] {
                for (selector, imp) in methods {
                    let name = FunctionName::Method {
                        class,
                        selector,
                        meta,
                    };
                    map.functions.push((imp, Some(name)));
                }
            }
        }
    }
    for start in function_starts(bytes, macho) {
        map.functions.push((start, None));
    }
    // Named before unnamed at the same address, then one per address.
    map.functions
        .sort_by(|a, b| a.0.cmp(&b.0).then(b.1.is_some().cmp(&a.1.is_some())));
    map.functions.dedup_by_key(|f| f.0);

    let symbol_of_indirect = |i: usize| -> Option<&'a str> {
        let index = *indirect.get(i)?;
        if index & (INDIRECT_SYMBOL_LOCAL | INDIRECT_SYMBOL_ABS) != 0 {
            return None;
        }
        symbols.get(index as usize).copied().flatten().map(|s| s.0)
    };
    let slot_of_symbol = |name: &'a str| match name.strip_prefix("_OBJC_CLASS_$_") {
        Some(class) if !class.is_empty() => Slot::Class(class),
        _ => Slot::Symbol(name),
    };
    for sect in sections {
        let (r1, r2) = reserved
            .get(&(sect.segname.to_string(), sect.name.to_string(), sect.addr))
            .copied()
            .unwrap_or((0, 0));
        match sect.name {
            "__stubs" | "__auth_stubs" => {
                let size = if r2 != 0 {
                    r2 as usize
                } else if sect.name == "__stubs" {
                    12
                } else {
                    16
                };
                for i in 0..sect.data.len() / size {
                    if let Some(name) = symbol_of_indirect(r1 as usize + i) {
                        map.targets
                            .insert(sect.addr + (i * size) as u64, target_of(name));
                    }
                }
            }
            "__got" | "__auth_got" | "__la_symbol_ptr" => {
                for i in 0..sect.data.len() / 8 {
                    let addr = sect.addr + 8 * i as u64;
                    let name =
                        symbol_of_indirect(r1 as usize + i).or_else(|| binds.get(&addr).copied());
                    if let Some(name) = name {
                        map.slots.insert(addr, slot_of_symbol(name));
                    }
                }
            }
            "__objc_selrefs" => {
                for (i, chunk) in sect.data.chunks_exact(8).enumerate() {
                    if let Some(name) = resolver.c_string_at(resolver.read_ptr(chunk)) {
                        map.slots
                            .insert(sect.addr + 8 * i as u64, Slot::Selector(name));
                    }
                }
            }
            "__objc_classrefs" => {
                for (i, chunk) in sect.data.chunks_exact(8).enumerate() {
                    let addr = sect.addr + 8 * i as u64;
                    let raw = resolver.read_ptr(chunk);
                    let bound = binds
                        .get(&addr)
                        .copied()
                        .or_else(|| imports.as_ref().and_then(|im| im.bind_name(raw)));
                    let slot = match bound {
                        Some(name) => Some(slot_of_symbol(name)),
                        None => resolver.class_name(raw).map(Slot::Class),
                    };
                    if let Some(slot) = slot {
                        map.slots.insert(addr, slot);
                    }
                }
            }
            "__cfstring" => {}
            _ if sect.holds_cstrings() => map.cstrings.push((sect.addr, sect.data)),
            _ => {}
        }
    }
    // Selector stubs: `adrp x1, …; ldr x1, [x1, …]` at the stub's start.
    for sect in sections.iter().filter(|s| s.name == "__objc_stubs") {
        let words: Vec<u32> = sect
            .data
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        for (i, pair) in words.windows(2).enumerate() {
            let pc = sect.addr + 4 * i as u64;
            if let (
                Insn::Address { rd: 1, addr },
                Insn::Load64 {
                    rt: 1,
                    rn: 1,
                    offset,
                },
            ) = (decode(pair[0], pc), decode(pair[1], pc + 4))
                && let Some(Slot::Selector(s)) = map.slots.get(&(addr + offset))
            {
                let s = *s;
                map.targets.insert(pc, Target::MsgSendSelector(s));
            }
        }
    }
    for sect in sections.iter().filter(|s| s.name == "__cfstring") {
        for (i, rec) in sect.data.chunks_exact(32).enumerate() {
            let flags = resolver.read_u32(&rec[8..12]);
            let target = resolver.read_ptr(&rec[16..24]);
            let length = resolver.read_ptr(&rec[24..32]);
            if let Some(value) = resolver.cf_string(target, length, flags) {
                map.cfstrings.insert(sect.addr + 32 * i as u64, value);
            }
        }
    }
    Some(map)
}

/// Every symbol-table entry by index: name, type, section ordinal, value (`None` if unreadable).
#[allow(clippy::type_complexity)]
fn symbol_names<'a>(bytes: &'a [u8], macho: &MachO<'a>) -> Vec<Option<(&'a str, u8, u8, u64)>> {
    let Some(symtab) = macho.load_commands.iter().find_map(|lc| match &lc.command {
        CommandVariant::Symtab(c) => Some(*c),
        _ => None,
    }) else {
        return Vec::new();
    };
    // The image reader reported a table too large or past the end; nothing is named from it.
    let entry = if macho.is_64 { 16 } else { 12 };
    if symtab.nsyms > MAX_SYMBOLS
        || u64::from(symtab.symoff) + u64::from(symtab.nsyms) * entry > bytes.len() as u64
    {
        return Vec::new();
    }
    let table = SymbolTable::new(
        bytes,
        symtab.symoff,
        symtab.nsyms,
        symtab.stroff,
        macho.is_64,
        macho.little_endian,
    );
    table
        .iter()
        .map(|s| {
            s.ok()
                .map(|(name, n)| (name, n.n_type, n.n_sect, n.n_value))
        })
        .collect()
}

/// The indirect symbol table (`LC_DYSYMTAB`), bounded by the image.
fn indirect_symbols(bytes: &[u8], macho: &MachO<'_>) -> Vec<u32> {
    let Some((off, count)) = macho.load_commands.iter().find_map(|lc| match &lc.command {
        CommandVariant::Dysymtab(c) => Some((c.indirectsymoff as usize, c.nindirectsyms as usize)),
        _ => None,
    }) else {
        return Vec::new();
    };
    let count = count.min(bytes.len().saturating_sub(off) / 4);
    (0..count)
        .filter_map(|i| read_u32(bytes, off + 4 * i))
        .collect()
}

/// `LC_FUNCTION_STARTS`: ULEB128 deltas from the `__TEXT` segment's address.
fn function_starts(bytes: &[u8], macho: &MachO<'_>) -> Vec<u64> {
    let Some(data) = macho.load_commands.iter().find_map(|lc| match &lc.command {
        CommandVariant::FunctionStarts(c) => {
            let start = c.dataoff as usize;
            bytes.get(start..start.checked_add(c.datasize as usize)?)
        }
        _ => None,
    }) else {
        return Vec::new();
    };
    let mut addr = macho
        .segments
        .iter()
        .find(|s| s.name().is_ok_and(|n| n == "__TEXT"))
        .map_or(0, |s| s.vmaddr);
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < data.len() {
        let Some(delta) = uleb(data, &mut i) else {
            break;
        };
        if delta == 0 {
            break;
        }
        addr = addr.wrapping_add(delta);
        out.push(addr);
    }
    out
}

fn uleb(data: &[u8], i: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0u32;
    loop {
        let b = *data.get(*i)?;
        *i += 1;
        if shift < 64 {
            value |= u64::from(b & 0x7f) << shift;
        }
        if b & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
    }
}

/// Address → symbol of every bind in the bind, weak-bind and lazy-bind opcode streams
/// (`LC_DYLD_INFO`; `<mach-o/loader.h>` `BIND_OPCODE_*`).
fn bind_map<'a>(bytes: &'a [u8], macho: &MachO<'a>) -> AddrMap<&'a str> {
    let mut out = AddrMap::default();
    let Some(info) = macho.load_commands.iter().find_map(|lc| match &lc.command {
        CommandVariant::DyldInfo(c) | CommandVariant::DyldInfoOnly(c) => Some(*c),
        _ => None,
    }) else {
        return out;
    };
    let segments: Vec<u64> = macho.segments.iter().map(|s| s.vmaddr).collect();
    // A bind fills an 8-byte slot of the image: no more binds than slots.
    let limit = MAX_BINDS.min(bytes.len() / 8);
    for (off, size) in [
        (info.bind_off, info.bind_size),
        (info.weak_bind_off, info.weak_bind_size),
        (info.lazy_bind_off, info.lazy_bind_size),
    ] {
        let Some(ops) = (off as usize)
            .checked_add(size as usize)
            .and_then(|end| bytes.get(off as usize..end))
        else {
            continue;
        };
        read_binds(ops, &segments, limit, &mut out);
    }
    out
}

fn read_binds<'a>(ops: &'a [u8], segments: &[u64], limit: usize, out: &mut AddrMap<&'a str>) {
    let mut i = 0usize;
    let mut addr = 0u64;
    let mut symbol: Option<&'a str> = None;
    let bind = |out: &mut AddrMap<&'a str>, addr: u64, symbol: Option<&'a str>| {
        if let Some(s) = symbol
            && out.len() < limit
        {
            out.insert(addr, s);
        }
    };
    while let Some(&op) = ops.get(i) {
        i += 1;
        let imm = u64::from(op & 0x0f);
        let ok = match op & 0xf0 {
            0x00 | 0x10 | 0x30 | 0x50 => Some(()),
            0x20 => uleb(ops, &mut i).map(drop),
            0x60 => uleb(ops, &mut i).map(drop),
            0x40 => {
                let rest = &ops[i..];
                rest.iter().position(|&b| b == 0).map(|end| {
                    symbol = std::str::from_utf8(&rest[..end]).ok();
                    i += end + 1;
                })
            }
            0x70 => uleb(ops, &mut i).and_then(|offset| {
                addr = segments.get(imm as usize)?.wrapping_add(offset);
                Some(())
            }),
            0x80 => uleb(ops, &mut i).map(|d| addr = addr.wrapping_add(d)),
            0x90 => {
                bind(out, addr, symbol);
                addr = addr.wrapping_add(8);
                Some(())
            }
            0xa0 => uleb(ops, &mut i).map(|d| {
                bind(out, addr, symbol);
                addr = addr.wrapping_add(8).wrapping_add(d);
            }),
            0xb0 => {
                bind(out, addr, symbol);
                addr = addr.wrapping_add(8 + imm * 8);
                Some(())
            }
            0xc0 => uleb(ops, &mut i)
                .zip(uleb(ops, &mut i))
                .map(|(count, skip)| {
                    for _ in 0..count.min(limit as u64) {
                        bind(out, addr, symbol);
                        addr = addr.wrapping_add(8).wrapping_add(skip);
                    }
                }),
            _ => None,
        };
        if ok.is_none() {
            break;
        }
    }
}

/// The imports table of `LC_DYLD_CHAINED_FIXUPS` and the pointer format of its chains.
struct ChainedImports<'a> {
    names: Vec<&'a str>,
    /// `DYLD_CHAINED_PTR_ARM64E*` formats keep the bind flag in bit 62, the others in bit 63.
    arm64e: bool,
    /// Bits of the import ordinal in a bind pointer.
    ordinal_bits: u32,
}

impl<'a> ChainedImports<'a> {
    fn bind_name(&self, raw: u64) -> Option<&'a str> {
        let is_bind = if self.arm64e {
            raw >> 62 & 1 == 1
        } else {
            raw >> 63 == 1
        };
        if !is_bind {
            return None;
        }
        let ordinal = (raw & ((1u64 << self.ordinal_bits) - 1)) as usize;
        self.names.get(ordinal).copied()
    }
}

fn chained_imports<'a>(bytes: &'a [u8], macho: &MachO<'a>) -> Option<ChainedImports<'a>> {
    let data = macho
        .load_commands
        .iter()
        .find_map(|lc| match &lc.command {
            CommandVariant::DyldChainedFixups(c) => {
                let start = c.dataoff as usize;
                bytes.get(start..start.checked_add(c.datasize as usize)?)
            }
            _ => None,
        })?;
    parse_chained_imports(data)
}

/// The `dyld_chained_fixups_header` blob: its imports table and the chains' pointer format.
fn parse_chained_imports(data: &[u8]) -> Option<ChainedImports<'_>> {
    let starts_offset = read_u32(data, 4)? as usize;
    let imports_offset = read_u32(data, 8)? as usize;
    let symbols_offset = read_u32(data, 12)? as usize;
    let count = read_u32(data, 16)? as usize;
    let format = read_u32(data, 20)?;
    let entry = match format {
        1 => 4,
        2 => 8,
        3 => 16,
        _ => return None,
    };
    let count = count.min(data.len().saturating_sub(imports_offset) / entry);
    let names = (0..count)
        .map(|i| {
            let at = imports_offset + i * entry;
            let name_offset = if format == 3 {
                (read_u64(data, at).unwrap_or(0) >> 32) as usize
            } else {
                (read_u32(data, at).unwrap_or(0) >> 9) as usize
            };
            symbols_offset
                .checked_add(name_offset)
                .and_then(|o| super::c_str(data, o))
                .unwrap_or("")
        })
        .collect();
    // The first segment with chain starts says the pointer format.
    let seg_count = read_u32(data, starts_offset)? as usize;
    let mut pointer_format = 0u16;
    for s in 0..seg_count.min(64) {
        let seg_info = read_u32(data, starts_offset + 4 + 4 * s)? as usize;
        if seg_info != 0 {
            let at = starts_offset + seg_info + 6;
            pointer_format = u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?);
            break;
        }
    }
    let (arm64e, ordinal_bits) = match pointer_format {
        1 | 9 => (true, 16),
        12 => (true, 24),
        _ => (false, 24),
    };
    Some(ChainedImports {
        names,
        arm64e,
        ordinal_bits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_opcodes_give_addresses() {
        // SET_SEGMENT_AND_OFFSET_ULEB seg 2 +0x10; SET_SYMBOL "_a"; DO_BIND;
        // SET_SYMBOL "_b"; DO_BIND_ADD_ADDR_IMM_SCALED 1; DO_BIND;
        // DO_BIND_ULEB_TIMES_SKIPPING_ULEB 2, 8.
        let ops = [
            0x72, 0x10, 0x40, b'_', b'a', 0, 0x90, 0x40, b'_', b'b', 0, 0xb1, 0x90, 0xc0, 2, 8,
        ];
        let mut out = AddrMap::default();
        read_binds(&ops, &[0, 0x1000, 0x2000], 100, &mut out);
        let mut got: Vec<(u64, &str)> = out.into_iter().collect();
        got.sort();
        assert_eq!(
            got,
            [
                (0x2010, "_a"),
                (0x2018, "_b"),
                (0x2028, "_b"),
                (0x2030, "_b"),
                (0x2040, "_b")
            ]
        );
    }

    #[test]
    fn a_bad_opcode_or_a_huge_repeat_stops_safely() {
        // A repeat count of 2^32 - 1 binds only up to the limit.
        let mut out = AddrMap::default();
        let ops = [0x40, b'_', b'a', 0, 0xc0, 0xff, 0xff, 0xff, 0xff, 0x0f, 0];
        read_binds(&ops, &[0], 1000, &mut out);
        assert_eq!(out.len(), 1000);
        // An unknown opcode, a segment that does not exist, a ULEB cut short: nothing bound.
        let mut out = AddrMap::default();
        read_binds(&[0x40, b'_', b'a', 0, 0xe0, 0x90], &[0], 10, &mut out);
        read_binds(&[0x40, b'_', b'a', 0, 0x75, 0x00, 0x90], &[0], 10, &mut out);
        read_binds(&[0x70, 0x80], &[0], 10, &mut out);
        assert!(out.is_empty());
    }

    /// A `dyld_chained_fixups_header` with one segment of `pointer_format` and two imports
    /// (`DYLD_CHAINED_IMPORT`: lib ordinal 8 bits, weak 1, name offset 23).
    fn fixups_blob(pointer_format: u16) -> Vec<u8> {
        let symbols = b"\0_OBJC_CLASS_$_FIRAnalytics\0_objc_msgSend\0";
        let (starts, imports, names) = (28u32, 44u32, 52u32);
        let mut b = Vec::new();
        for v in [0, starts, imports, names, 2, 1, 0] {
            b.extend(u32::to_le_bytes(v));
        }
        // dyld_chained_starts_in_image: one segment, its info at +8.
        b.extend(1u32.to_le_bytes());
        b.extend(8u32.to_le_bytes());
        // dyld_chained_starts_in_segment: size, page_size, pointer_format.
        b.extend(24u32.to_le_bytes());
        b.extend(0x4000u16.to_le_bytes());
        b.extend(pointer_format.to_le_bytes());
        assert_eq!(b.len(), imports as usize);
        b.extend((2u32 | (1 << 9)).to_le_bytes());
        b.extend((2u32 | (28 << 9)).to_le_bytes());
        b.extend_from_slice(symbols);
        b
    }

    #[test]
    fn chained_fixup_binds_name_their_imports() {
        let blob = fixups_blob(6); // DYLD_CHAINED_PTR_64_OFFSET
        let imports = parse_chained_imports(&blob).unwrap();
        assert_eq!(
            imports.names,
            ["_OBJC_CLASS_$_FIRAnalytics", "_objc_msgSend"]
        );
        // A bind: bit 63, the ordinal in the low 24 bits (a `next` field in bits 51..62).
        assert_eq!(
            imports.bind_name((1 << 63) | (3 << 51) | 1),
            Some("_objc_msgSend")
        );
        assert_eq!(imports.bind_name(0x1_0000_8000), None, "a rebase");
        assert_eq!(imports.bind_name((1 << 63) | 7), None, "no such import");
        // arm64e: the bind flag is bit 62 (63 is auth), the ordinal 16 bits.
        let blob = fixups_blob(1);
        let imports = parse_chained_imports(&blob).unwrap();
        assert_eq!(
            imports.bind_name((1 << 63) | (1 << 62)),
            Some("_OBJC_CLASS_$_FIRAnalytics")
        );
        assert_eq!(imports.bind_name(1 << 63), None, "an auth rebase");
        // Truncated blobs and unknown import formats give nothing, and never panic.
        assert!(parse_chained_imports(&blob[..20]).is_none());
        let mut odd = fixups_blob(6);
        odd[20] = 9;
        assert!(parse_chained_imports(&odd).is_none());
    }

    #[test]
    fn symbol_names_mean_targets() {
        assert_eq!(target_of("_objc_msgSend"), Target::MsgSend);
        assert_eq!(
            target_of("_objc_msgSend$logEvent:withValues:"),
            Target::MsgSendSelector("logEvent:withValues:")
        );
        assert_eq!(
            target_of("_objc_msgSend$"),
            Target::Function("_objc_msgSend$")
        );
        assert_eq!(target_of("_objc_opt_new"), Target::Allocate);
        assert_eq!(
            target_of("_objc_claimAutoreleasedReturnValue"),
            Target::PassThrough
        );
    }
}
