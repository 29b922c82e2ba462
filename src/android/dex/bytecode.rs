//! Dalvik bytecode: stepping through a method's instructions and what it calls with which constants.
//!
//! # The format
//! A method's `insns` are little-endian 16-bit code units. Each instruction starts with a unit
//! whose low byte is the opcode; the opcode fixes the instruction's *format* (`10x` … `51l`), and
//! the format fixes its width (1 to 5 units) and where its operands sit. Three pseudo-instructions
//! carry data rather than code and have their own variable size: `packed-switch-payload` (unit
//! `0x0100`), `sparse-switch-payload` (`0x0200`) and `fill-array-data-payload` (`0x0300`). They are
//! only reached as the target of `packed-switch`, `sparse-switch` and `fill-array-data`, and are
//! stepped over by their size. Specified in "Dalvik bytecode" and "Dalvik Executable instruction
//! formats" (<https://source.android.com/docs/core/runtime/dalvik-bytecode>,
//! <https://source.android.com/docs/core/runtime/instruction-formats>); ART's
//! `libdexfile/dex/dex_instruction_list.h` is the reference table.
//!
//! # What the walk records
//! [`Walker::walk`] steps through every instruction of one `code_item` and records, per method:
//! every invoke (`invoke-*`, `invoke-*/range`, `invoke-polymorphic[/range]`,
//! `invoke-custom[/range]`) with its method (or call site) index, every `const-string[/jumbo]`
//! and every integer constant (`const/4`, `const/16`, `const`, `const/high16` and the `const-wide`
//! forms). For the invokes a caller asks about (`wanted`), it also records the constant held by
//! each argument register, so that `logEvent(ctx, "af_purchase", map)` gives `"af_purchase"` as
//! argument 1.
//!
//! ## Register tracking, and its approximation
//! The walk is linear, not a data-flow analysis. It remembers the last constant written to each
//! register and forgets it when anything else writes the register (moves copy it). It forgets
//! every register
//! - after an instruction that never falls through (`goto*`, `return*`, `throw`), and
//! - at every *forward* branch target (of `if-*`, `goto*`, `packed-switch`, `sparse-switch`),
//!   since another path merges there.
//!
//! So a constant is only reported when the straight-line code before the invoke loads it. Not
//! handled: backward branch targets (a loop head keeps the value written before the loop, even if
//! the loop body changes it later) and exception handlers (the try/catch tables are not read; a
//! handler usually follows a `return` or `goto`, which already cleared the registers). d8 and R8
//! load a literal argument right before the call, which this catches.
//!
//! # Bad input
//! An unused opcode (`0x3e`–`0x43`, `0x73`, `0x79`, `0x7a`, `0xe3`–`0xf9`) or an instruction or
//! payload that runs past `insns_size` ends the walk of that method with a [`BytecodeError`] naming
//! the code-unit offset; what was recorded before it is kept. A payload found where code was
//! expected (not only after a `goto`/`return`) is stepped over all the same, as a disassembler
//! does, and a `nop` whose high byte is no payload signature is a 1-unit `nop`. Opcodes newer than
//! the file's version (`invoke-polymorphic` in a 035 file) are decoded anyway. No input makes the
//! walk panic or loop: every step advances by at least one unit and is bounds-checked first, and
//! the only allocations are one register slot per `registers_size` and one record per
//! instruction read.
//!
//! # Why no crate
//! There is no maintained Dalvik disassembler crate that works over borrowed bytes (the `dex`
//! crate decodes no instructions; `smali`-like tools are Java). The width table is small and
//! fixed by the specification, and the walk needs only a few operand layouts.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use super::class_data::CodeItem;

/// Why a method's walk stopped early. Offsets are in 16-bit code units from the method's start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BytecodeError {
    #[error("invalid opcode 0x{opcode:02x} at code unit 0x{pc:x}")]
    InvalidOpcode { pc: u32, opcode: u8 },
    #[error("{what} at code unit 0x{pc:x} needs {need} code units, {available} left in insns_size")]
    Truncated {
        what: &'static str,
        pc: u32,
        need: u64,
        available: u32,
    },
}

/// How a method is invoked. `Static` calls have no receiver among their argument registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvokeKind {
    Virtual,
    Super,
    Direct,
    Static,
    Interface,
    /// `invoke-polymorphic`: the method is `MethodHandle.invoke[Exact]`; the prototype differs.
    Polymorphic,
    /// `invoke-custom`: the index is a `call_site_ids` index, not a method.
    Custom,
}

impl InvokeKind {
    /// Whether the first argument register holds the receiver (`this`).
    pub fn has_receiver(self) -> bool {
        !matches!(self, InvokeKind::Static | InvokeKind::Custom)
    }
}

/// A constant known to be in a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Unknown,
    /// A `string_ids` index (`const-string`).
    String(u32),
    /// An integer from a `const*` instruction (`const-wide` values fill a register pair; the
    /// value sits in the first register).
    Int(i64),
}

/// One invoke instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoke {
    /// Code-unit offset in the method.
    pub pc: u32,
    pub kind: InvokeKind,
    /// `method_ids` index, or `call_site_ids` index for [`InvokeKind::Custom`].
    pub index: u32,
    /// For wanted invokes: the range of [`Walker::args`] holding one [`Value`] per argument
    /// register, in order (receiver first, a wide argument taking two). Empty otherwise.
    pub args: Range<usize>,
}

/// Counts over every walk, for benchmarks and reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WalkStats {
    pub methods: u64,
    pub instructions: u64,
    /// Bytes of `insns` stepped through.
    pub code_bytes: u64,
}

/// Steps through methods, one at a time, reusing its buffers between them.
#[derive(Debug, Default)]
pub struct Walker {
    /// The invokes of the last walked method, in code order.
    pub invokes: Vec<Invoke>,
    /// Argument values of the wanted invokes (see [`Invoke::args`]).
    pub args: Vec<Value>,
    /// `(pc, string index)` of every `const-string[/jumbo]`.
    pub strings: Vec<(u32, u32)>,
    /// `(pc, value)` of every integer constant.
    pub ints: Vec<(u32, i64)>,
    pub stats: WalkStats,
    /// Per register: the generation it was written in, and its value.
    regs: Vec<(u32, Value)>,
    generation: u32,
    /// Forward branch targets not reached yet.
    targets: BinaryHeap<Reverse<u32>>,
}

/// Widths in code units by opcode; 0 = unused opcode.
const WIDTH: [u8; 256] = {
    let mut w = [0u8; 256];
    let mut op = 0;
    while op < 256 {
        w[op] = match op {
            0x00 => 1,        // nop (or a payload, sized separately)
            0x01 => 1,        // move 12x
            0x02 => 2,        // move/from16 22x
            0x03 => 3,        // move/16 32x
            0x04 => 1,        // move-wide
            0x05 => 2,        // move-wide/from16
            0x06 => 3,        // move-wide/16
            0x07 => 1,        // move-object
            0x08 => 2,        // move-object/from16
            0x09 => 3,        // move-object/16
            0x0a..=0x0d => 1, // move-result*, move-exception 11x
            0x0e => 1,        // return-void 10x
            0x0f..=0x11 => 1, // return* 11x
            0x12 => 1,        // const/4 11n
            0x13 => 2,        // const/16 21s
            0x14 => 3,        // const 31i
            0x15 => 2,        // const/high16 21h
            0x16 => 2,        // const-wide/16 21s
            0x17 => 3,        // const-wide/32 31i
            0x18 => 5,        // const-wide 51l
            0x19 => 2,        // const-wide/high16 21h
            0x1a => 2,        // const-string 21c
            0x1b => 3,        // const-string/jumbo 31c
            0x1c => 2,        // const-class 21c
            0x1d | 0x1e => 1, // monitor-enter/exit 11x
            0x1f => 2,        // check-cast 21c
            0x20 => 2,        // instance-of 22c
            0x21 => 1,        // array-length 12x
            0x22 => 2,        // new-instance 21c
            0x23 => 2,        // new-array 22c
            0x24 => 3,        // filled-new-array 35c
            0x25 => 3,        // filled-new-array/range 3rc
            0x26 => 3,        // fill-array-data 31t
            0x27 => 1,        // throw 11x
            0x28 => 1,        // goto 10t
            0x29 => 2,        // goto/16 20t
            0x2a => 3,        // goto/32 30t
            0x2b | 0x2c => 3, // packed-switch, sparse-switch 31t
            0x2d..=0x31 => 2, // cmp* 23x
            0x32..=0x37 => 2, // if-test 22t
            0x38..=0x3d => 2, // if-testz 21t
            0x44..=0x51 => 2, // aget/aput 23x
            0x52..=0x5f => 2, // iget/iput 22c
            0x60..=0x6d => 2, // sget/sput 21c
            0x6e..=0x72 => 3, // invoke-kind 35c
            0x74..=0x78 => 3, // invoke-kind/range 3rc
            0x7b..=0x8f => 1, // unop 12x
            0x90..=0xaf => 2, // binop 23x
            0xb0..=0xcf => 1, // binop/2addr 12x
            0xd0..=0xd7 => 2, // binop/lit16 22s
            0xd8..=0xe2 => 2, // binop/lit8 22b
            0xfa | 0xfb => 4, // invoke-polymorphic 45cc, /range 4rcc
            0xfc => 3,        // invoke-custom 35c
            0xfd => 3,        // invoke-custom/range 3rc
            0xfe | 0xff => 2, // const-method-handle, const-method-type 21c
            _ => 0,           // 3e-43, 73, 79-7a, e3-f9: unused
        };
        op += 1;
    }
    w
};

/// Opcodes (other than consts, moves and invokes, handled on their own) that write `vA`, and
/// whether they write a register pair.
#[inline]
fn writes_a(op: u8) -> Option<bool> {
    match op {
        0x0a | 0x0c | 0x0d => Some(false), // move-result, -object, move-exception
        0x0b => Some(true),                // move-result-wide
        0x1c | 0x20 | 0x21 | 0x22 | 0x23 => Some(false),
        0x2d..=0x31 => Some(false),        // cmp* → int
        0x44 | 0x46..=0x4a => Some(false), // aget
        0x45 => Some(true),                // aget-wide
        0x52 | 0x54..=0x58 => Some(false), // iget
        0x53 => Some(true),                // iget-wide
        0x60 | 0x62..=0x66 => Some(false), // sget
        0x61 => Some(true),                // sget-wide
        0x7b..=0x8f => Some(matches!(
            op,
            0x7d | 0x7e | 0x80 | 0x81 | 0x83 | 0x86 | 0x88 | 0x89 | 0x8b
        )),
        0x90..=0xaf => Some(matches!(op, 0x9b..=0xa5 | 0xab..=0xaf)),
        0xb0..=0xcf => Some(matches!(op, 0xbb..=0xc5 | 0xcb..=0xcf)),
        0xd0..=0xe2 => Some(false),
        0xfe | 0xff => Some(false),
        _ => None,
    }
}

/// Whether the opcode's `vA` is a nibble (formats 12x, 11n, 22c, 22s, 22t) rather than the whole
/// high byte of the first unit (11x, 21c, 22x, 23x, 22b, 31i, …).
#[inline]
fn a_is_nibble(op: u8) -> bool {
    matches!(
        op,
        0x01 | 0x04 | 0x07 | 0x12 | 0x20 | 0x21 | 0x23 | 0x32..=0x37 | 0x52..=0x5f | 0x7b..=0x8f | 0xb0..=0xd7
    )
}

/// Bounds-checked code-unit reads over one method's `insns`.
#[derive(Clone, Copy)]
struct Code<'a> {
    bytes: &'a [u8],
    units: u32,
}

impl Code<'_> {
    /// Unit `i`; callers check `i < units` first (a miss reads 0 rather than panicking).
    #[inline]
    fn unit(&self, i: usize) -> u16 {
        match self.bytes.get(2 * i..2 * i + 2) {
            Some(b) => u16::from_le_bytes([b[0], b[1]]),
            None => 0,
        }
    }

    #[inline]
    fn u32_at(&self, i: usize) -> u32 {
        u32::from(self.unit(i)) | (u32::from(self.unit(i + 1)) << 16)
    }
}

/// The width in code units of the payload starting at `pc` (whose first unit is `ident`), or
/// `None` if `ident` is no payload signature.
fn payload_width(code: Code<'_>, pc: u32, ident: u16) -> Result<Option<u64>, BytecodeError> {
    let left = code.units - pc;
    let need_head = |head: u64, what| {
        if u64::from(left) < head {
            Err(BytecodeError::Truncated {
                what,
                pc,
                need: head,
                available: left,
            })
        } else {
            Ok(())
        }
    };
    let p = pc as usize;
    let width = match ident {
        0x0100 => {
            need_head(2, "packed-switch-payload")?;
            4 + 2 * u64::from(code.unit(p + 1))
        }
        0x0200 => {
            need_head(2, "sparse-switch-payload")?;
            2 + 4 * u64::from(code.unit(p + 1))
        }
        0x0300 => {
            need_head(4, "fill-array-data-payload")?;
            let element_width = u64::from(code.unit(p + 1));
            let size = u64::from(code.u32_at(p + 2));
            4 + (size * element_width).div_ceil(2)
        }
        _ => return Ok(None),
    };
    Ok(Some(width))
}

impl Walker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Walks `code` from its first instruction to its end. `wanted(kind, index)` says which
    /// invokes get their argument values recorded. On error, what was recorded before the bad
    /// instruction stays in the buffers.
    pub fn walk(
        &mut self,
        code: &CodeItem<'_>,
        mut wanted: impl FnMut(InvokeKind, u32) -> bool,
    ) -> Result<(), BytecodeError> {
        self.invokes.clear();
        self.args.clear();
        self.strings.clear();
        self.ints.clear();
        self.targets.clear();
        self.regs.clear();
        self.regs
            .resize(usize::from(code.registers_size), (0, Value::Unknown));
        self.generation = 1;
        self.stats.methods += 1;
        let code = Code {
            bytes: code.insns,
            units: code.insns_units(),
        };
        let mut pc: u32 = 0;
        while pc < code.units {
            if let Some(&Reverse(next)) = self.targets.peek()
                && next <= pc
            {
                while self.targets.peek().is_some_and(|&Reverse(t)| t <= pc) {
                    self.targets.pop();
                }
                self.forget_all();
            }
            let unit = code.unit(pc as usize);
            let op = (unit & 0xff) as u8;
            let width = if op == 0x00 {
                match payload_width(code, pc, unit)? {
                    Some(width) => {
                        let left = code.units - pc;
                        if width > u64::from(left) {
                            return Err(BytecodeError::Truncated {
                                what: "payload",
                                pc,
                                need: width,
                                available: left,
                            });
                        }
                        // Data, not code: step over it. Execution never falls into a payload.
                        pc += width as u32;
                        self.forget_all();
                        continue;
                    }
                    None => 1,
                }
            } else {
                let width = WIDTH[usize::from(op)];
                if width == 0 {
                    return Err(BytecodeError::InvalidOpcode { pc, opcode: op });
                }
                u32::from(width)
            };
            let left = code.units - pc;
            if width > left {
                return Err(BytecodeError::Truncated {
                    what: "instruction",
                    pc,
                    need: u64::from(width),
                    available: left,
                });
            }
            self.stats.instructions += 1;
            self.execute(code, pc, unit, op, &mut wanted);
            pc += width;
        }
        self.stats.code_bytes += u64::from(code.units) * 2;
        Ok(())
    }

    /// The effect of one instruction (already bounds-checked: all its units exist).
    #[inline]
    fn execute(
        &mut self,
        code: Code<'_>,
        pc: u32,
        unit: u16,
        op: u8,
        wanted: &mut impl FnMut(InvokeKind, u32) -> bool,
    ) {
        let p = pc as usize;
        let a4 = u32::from((unit >> 8) & 0xf);
        let aa = u32::from(unit >> 8);
        let b4 = u32::from(unit >> 12);
        match op {
            // Moves copy what is known.
            0x01 | 0x07 => self.copy(a4, b4),
            0x02 | 0x08 => self.copy(aa, u32::from(code.unit(p + 1))),
            0x03 | 0x09 => self.copy(u32::from(code.unit(p + 1)), u32::from(code.unit(p + 2))),
            0x04 => self.forget_pair(a4),
            0x05 => self.forget_pair(aa),
            0x06 => self.forget_pair(u32::from(code.unit(p + 1))),
            0x0e..=0x11 | 0x27 | 0x28..=0x2a => {
                // return*, throw, goto*: never fall through.
                if (0x28..=0x2a).contains(&op) {
                    let offset = match op {
                        0x28 => i64::from((aa as u8) as i8),
                        0x29 => i64::from(code.unit(p + 1) as i16),
                        _ => i64::from(code.u32_at(p + 1) as i32),
                    };
                    self.branch(pc, offset);
                }
                self.forget_all();
            }
            0x12 => {
                let value = i64::from(((unit as i16) >> 12) as i8);
                self.int(pc, a4, value, false);
            }
            0x13 => self.int(pc, aa, i64::from(code.unit(p + 1) as i16), false),
            0x14 => self.int(pc, aa, i64::from(code.u32_at(p + 1) as i32), false),
            0x15 => self.int(pc, aa, i64::from(code.unit(p + 1) as i16) << 16, false),
            0x16 => self.int(pc, aa, i64::from(code.unit(p + 1) as i16), true),
            0x17 => self.int(pc, aa, i64::from(code.u32_at(p + 1) as i32), true),
            0x18 => {
                let low = u64::from(code.u32_at(p + 1));
                let high = u64::from(code.u32_at(p + 3));
                self.int(pc, aa, (low | (high << 32)) as i64, true);
            }
            0x19 => self.int(pc, aa, i64::from(code.unit(p + 1) as i16) << 48, true),
            0x1a => self.string(pc, aa, u32::from(code.unit(p + 1))),
            0x1b => self.string(pc, aa, code.u32_at(p + 1)),
            0x2b | 0x2c => self.switch_targets(code, pc, op),
            0x32..=0x37 => self.branch(pc, i64::from(code.unit(p + 1) as i16)),
            0x38..=0x3d => self.branch(pc, i64::from(code.unit(p + 1) as i16)),
            0x6e..=0x72 | 0xfc => {
                let kind = match op {
                    0x6e => InvokeKind::Virtual,
                    0x6f => InvokeKind::Super,
                    0x70 => InvokeKind::Direct,
                    0x71 => InvokeKind::Static,
                    0x72 => InvokeKind::Interface,
                    _ => InvokeKind::Custom,
                };
                self.invoke_35c(code, pc, unit, kind, wanted);
            }
            0xfa => self.invoke_35c(code, pc, unit, InvokeKind::Polymorphic, wanted),
            0x74..=0x78 | 0xfb | 0xfd => {
                let kind = match op {
                    0x74 => InvokeKind::Virtual,
                    0x75 => InvokeKind::Super,
                    0x76 => InvokeKind::Direct,
                    0x77 => InvokeKind::Static,
                    0x78 => InvokeKind::Interface,
                    0xfb => InvokeKind::Polymorphic,
                    _ => InvokeKind::Custom,
                };
                let index = u32::from(code.unit(p + 1));
                let first = u32::from(code.unit(p + 2));
                let regs = (first..first + aa).map(|r| r as usize);
                self.record_invoke(pc, kind, index, regs, wanted);
            }
            _ => {
                if let Some(wide) = writes_a(op) {
                    let a = if a_is_nibble(op) { a4 } else { aa };
                    if wide {
                        self.forget_pair(a);
                    } else {
                        self.forget(a);
                    }
                }
            }
        }
    }

    fn invoke_35c(
        &mut self,
        code: Code<'_>,
        pc: u32,
        unit: u16,
        kind: InvokeKind,
        wanted: &mut impl FnMut(InvokeKind, u32) -> bool,
    ) {
        let p = pc as usize;
        let count = usize::from(unit >> 12).min(5);
        let g = usize::from((unit >> 8) & 0xf);
        let index = u32::from(code.unit(p + 1));
        let fedc = code.unit(p + 2);
        let all = [
            usize::from(fedc & 0xf),
            usize::from((fedc >> 4) & 0xf),
            usize::from((fedc >> 8) & 0xf),
            usize::from(fedc >> 12),
            g,
        ];
        self.record_invoke(pc, kind, index, all.into_iter().take(count), wanted);
    }

    fn record_invoke(
        &mut self,
        pc: u32,
        kind: InvokeKind,
        index: u32,
        regs: impl Iterator<Item = usize>,
        wanted: &mut impl FnMut(InvokeKind, u32) -> bool,
    ) {
        let start = self.args.len();
        if wanted(kind, index) {
            for r in regs {
                let value = self.value(r);
                self.args.push(value);
            }
        }
        self.invokes.push(Invoke {
            pc,
            kind,
            index,
            args: start..self.args.len(),
        });
    }

    fn value(&self, reg: usize) -> Value {
        match self.regs.get(reg) {
            Some(&(generation, value)) if generation == self.generation => value,
            _ => Value::Unknown,
        }
    }

    fn set(&mut self, reg: u32, value: Value) {
        let generation = self.generation;
        if let Some(slot) = self.regs.get_mut(reg as usize) {
            *slot = (generation, value);
        }
    }

    fn forget(&mut self, reg: u32) {
        self.set(reg, Value::Unknown);
    }

    fn forget_pair(&mut self, reg: u32) {
        self.forget(reg);
        self.forget(reg + 1);
    }

    fn forget_all(&mut self) {
        // Bumping the generation invalidates every register at once.
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.regs
                .iter_mut()
                .for_each(|slot| *slot = (0, Value::Unknown));
            self.generation = 1;
        }
    }

    fn copy(&mut self, dst: u32, src: u32) {
        let value = self.value(src as usize);
        self.set(dst, value);
    }

    fn int(&mut self, pc: u32, reg: u32, value: i64, wide: bool) {
        self.ints.push((pc, value));
        self.set(reg, Value::Int(value));
        if wide {
            self.forget(reg + 1);
        }
    }

    fn string(&mut self, pc: u32, reg: u32, idx: u32) {
        self.strings.push((pc, idx));
        self.set(reg, Value::String(idx));
    }

    /// Remembers a forward branch target, where the registers will be forgotten.
    fn branch(&mut self, pc: u32, offset: i64) {
        let target = i64::from(pc) + offset;
        if target > i64::from(pc) && target <= i64::from(u32::MAX) {
            self.targets.push(Reverse(target as u32));
        }
    }

    /// The targets of a switch, read from its payload when the payload is well-formed.
    fn switch_targets(&mut self, code: Code<'_>, pc: u32, op: u8) {
        let payload = i64::from(pc) + i64::from(code.u32_at(pc as usize + 1) as i32);
        let Ok(payload) = u32::try_from(payload) else {
            return;
        };
        let expected = if op == 0x2b { 0x0100 } else { 0x0200 };
        if payload >= code.units || code.unit(payload as usize) != expected {
            return;
        }
        let Ok(Some(width)) = payload_width(code, payload, expected) else {
            return;
        };
        if u64::from(payload) + width > u64::from(code.units) {
            return;
        }
        let p = payload as usize;
        let size = usize::from(code.unit(p + 1));
        let first_target = if op == 0x2b { p + 4 } else { p + 2 + 2 * size };
        for i in 0..size {
            let offset = code.u32_at(first_target + 2 * i) as i32;
            self.branch(pc, i64::from(offset));
        }
    }
}
