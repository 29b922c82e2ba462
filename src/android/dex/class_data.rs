//! `class_data_item` and `code_item`: a class's methods and their bytecode.
//!
//! # The format
//! A `class_def_item` points (`class_data_off`) at a `class_data_item`: four uleb128 counts (static
//! fields, instance fields, direct methods, virtual methods), then that many `encoded_field`s
//! (`field_idx_diff`, `access_flags`, both uleb128) and `encoded_method`s (`method_idx_diff`,
//! `access_flags`, `code_off`, all uleb128). Method indices are delta-encoded, restarting at the
//! first method of each list. A non-abstract, non-native method's `code_off` points at a 4-aligned
//! `code_item`: `registers_size`, `ins_size`, `outs_size`, `tries_size` (u16 each),
//! `debug_info_off`, `insns_size` (u32, in 16-bit code units), then `insns`. Specified in
//! "Dalvik Executable format" (<https://source.android.com/docs/core/runtime/dex-format>), sections
//! class_data_item and code_item.
//!
//! # Limits and tolerated quirks
//! Counts are never used to allocate: [`ClassMethods`] reads one `encoded_method` per step, and
//! every step consumes at least one byte, so a count of 0xFFFFFFFF ends at the end of the file
//! with a [`DexError`] rather than a long loop. `insns_size` is checked against the bytes that
//! remain before [`CodeItem::insns`] is sliced. A `code_off` that is not 4-aligned (ART rejects
//! it; no dexer writes it) is read anyway. The try/catch tables after `insns` are not read.

use super::{ClassDef, Dex, DexError, Reader};

/// One `encoded_method` of a class, with its method index resolved from the deltas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodedMethod {
    /// Index into `method_ids`.
    pub method_idx: u32,
    pub access_flags: u32,
    /// Offset of the `code_item`, 0 for abstract and native methods.
    pub code_off: u32,
    /// `true` for the direct list (static, private, constructors), `false` for virtual methods.
    pub direct: bool,
}

/// A method's `code_item`: its header and instructions, borrowed from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeItem<'a> {
    /// Offset of the `code_item` in the file.
    pub offset: u32,
    pub registers_size: u16,
    pub ins_size: u16,
    pub outs_size: u16,
    pub tries_size: u16,
    pub debug_info_off: u32,
    /// The instructions: `insns_size` little-endian 16-bit code units (`2 * insns_size` bytes).
    pub insns: &'a [u8],
}

impl CodeItem<'_> {
    /// `insns_size`: the number of 16-bit code units.
    pub fn insns_units(&self) -> u32 {
        (self.insns.len() / 2) as u32
    }
}

/// Size of the fixed part of a `code_item`.
const CODE_ITEM_HEADER: usize = 16;

impl<'a> Dex<'a> {
    /// The methods of a class, direct ones first, as its `class_data_item` lists them. Empty when
    /// the class has no class data (`class_data_off` 0, a marker interface or an empty class).
    pub fn class_methods(&self, def: &ClassDef) -> ClassMethods<'a> {
        ClassMethods::new(self.reader(), def.class_data_off)
    }

    /// The `code_item` at `off` (an [`EncodedMethod::code_off`]).
    pub fn code_item(&self, off: u32) -> Result<CodeItem<'a>, DexError> {
        let r = self.reader();
        let at = off as usize;
        let head = r.bytes(at, CODE_ITEM_HEADER, "code_item")?;
        let u16_at = |i: usize| u16::from_le_bytes([head[i], head[i + 1]]);
        let u32_at =
            |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
        let insns_size = u32_at(12);
        let len = (insns_size as usize)
            .checked_mul(2)
            .ok_or(DexError::Truncated {
                what: "code_item insns",
                offset: at + CODE_ITEM_HEADER,
                len: usize::MAX,
            })?;
        let insns = r.bytes(at + CODE_ITEM_HEADER, len, "code_item insns")?;
        Ok(CodeItem {
            offset: off,
            registers_size: u16_at(0),
            ins_size: u16_at(2),
            outs_size: u16_at(4),
            tries_size: u16_at(6),
            debug_info_off: u32_at(8),
            insns,
        })
    }
}

/// Iterator over a class's `encoded_method`s. After the first error it yields nothing more.
#[derive(Clone)]
pub struct ClassMethods<'a> {
    reader: Reader<'a>,
    /// Offset of the next item to read; `None` once finished or failed.
    pos: Option<usize>,
    /// Whether the four counts (and the fields after them) have been read.
    started: bool,
    direct_left: u32,
    virtual_left: u32,
    /// The previous method index of the current list (deltas restart with each list).
    method_idx: u32,
    /// Whether the virtual list has started.
    in_virtual: bool,
}

impl<'a> ClassMethods<'a> {
    fn new(reader: Reader<'a>, class_data_off: u32) -> Self {
        ClassMethods {
            reader,
            pos: (class_data_off != 0).then_some(class_data_off as usize),
            started: false,
            direct_left: 0,
            virtual_left: 0,
            method_idx: 0,
            in_virtual: false,
        }
    }

    fn uleb(&self, pos: &mut usize, what: &'static str) -> Result<u32, DexError> {
        let (value, next) = self.reader.uleb128(*pos, what)?;
        *pos = next;
        Ok(value)
    }

    fn step(&mut self, mut pos: usize) -> Result<Option<(EncodedMethod, usize)>, DexError> {
        if !self.started {
            self.started = true;
            let statics = self.uleb(&mut pos, "class_data_item")?;
            let instances = self.uleb(&mut pos, "class_data_item")?;
            self.direct_left = self.uleb(&mut pos, "class_data_item")?;
            self.virtual_left = self.uleb(&mut pos, "class_data_item")?;
            // Each field is two uleb128s of at least one byte each: a huge count ends at the end
            // of the data with an error, after at most data.len() / 2 steps.
            for _ in 0..u64::from(statics) + u64::from(instances) {
                self.uleb(&mut pos, "encoded_field")?;
                self.uleb(&mut pos, "encoded_field")?;
            }
        }
        let direct = if self.direct_left > 0 {
            self.direct_left -= 1;
            true
        } else if self.virtual_left > 0 {
            self.virtual_left -= 1;
            if !self.in_virtual {
                self.in_virtual = true;
                self.method_idx = 0;
            }
            false
        } else {
            return Ok(None);
        };
        let diff = self.uleb(&mut pos, "encoded_method")?;
        let access_flags = self.uleb(&mut pos, "encoded_method")?;
        let code_off = self.uleb(&mut pos, "encoded_method")?;
        // Deltas from the previous method of the same list; the first of each list is absolute.
        self.method_idx = self.method_idx.wrapping_add(diff);
        let method = EncodedMethod {
            method_idx: self.method_idx,
            access_flags,
            code_off,
            direct,
        };
        Ok(Some((method, pos)))
    }
}

impl Iterator for ClassMethods<'_> {
    type Item = Result<EncodedMethod, DexError>;

    fn next(&mut self) -> Option<Self::Item> {
        let pos = self.pos.take()?;
        match self.step(pos) {
            Ok(Some((method, next))) => {
                self.pos = Some(next);
                Some(Ok(method))
            }
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}
