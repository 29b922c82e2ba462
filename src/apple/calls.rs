//! Call sites from arm64 code: a register walk over `__TEXT,__text` that finds the Objective-C
//! messages and C / Swift function calls a [`CallFilter`] asks for, with the selector, the
//! receiver's class where it is known and the literal arguments.
//!
//! # What the walk follows
//! Each function (from the symbol table and `LC_FUNCTION_STARTS`) is swept linearly, in parallel
//! over functions. A register holds what the straight-line code before an instruction put there:
//! - an address, from `ADRP` (+ `ADD`) or `ADR`: a `__cfstring` literal or a C string when it is
//!   passed as an argument;
//! - what `LDR xt, [xn, #off]` reads from an address the [`CodeMap`] knows: a selector (from
//!   `__objc_selrefs`), a class (from `__objc_classrefs`, or a GOT slot bound to
//!   `_OBJC_CLASS_$_X`), or an imported symbol (a GOT slot: `___kCFBooleanTrue` is `1`);
//! - a small integer from `MOVZ` / `MOVN` (`mov w2, #1` for `YES`);
//! - a copy (`MOV xd, xm`), and the result of a message to a known class (`[AppsFlyerLib shared]`,
//!   `objc_alloc`, `objc_opt_new`): an object of that class, as far as the walk can tell;
//! - `self` at the entry of an Objective-C method (`-[AppsFlyerLib start]`: an object of that
//!   class), and a constant boxed by `+[NSNumber numberWithBool:]` and its kind (`@YES`, as clang
//!   14 compiles it; newer clang loads `___kCFBooleanTrue`).
//!
//! `nil` is the integer 0, as the code passes it.
//!
//! A call is a `BL` (or a tail-call `B` out of the function) to an `objc_msgSend` stub (the
//! selector is `x1`), to a selector stub (`_objc_msgSend$logEvent:withValues:` of Xcode 14+, whose
//! name or code gives the selector), or to a function symbol the filter names. After a call the
//! caller-saved registers `x0`–`x18` are forgotten, except that `x0` keeps its value through
//! `objc_retain`-style calls and becomes the result of a message to a known class; `x19`–`x28`
//! survive. Every register is forgotten at a branch target inside the function and after an
//! unconditional branch or return, so that no value flows along a path the sweep did not take.
//!
//! # What it does not follow
//! Values through memory (stack spills, instance variables, properties read back), values
//! computed at run time (string formatting, `NSNumber` built by a call), Swift string literals
//! other than the `__cstring` form, blocks and their captured values, and calls through function
//! pointers (`BLR`). A call whose argument is one of those is still recorded, with that argument
//! unknown.
//!
//! # Limits
//! At most [`MAX_WALKED_BYTES`] of text per image (the rest is not walked, and the image reports
//! it) and [`MAX_CALLS`] recorded calls per image.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::arm64::{Insn, Reg, ZR, decode};

/// At most this many bytes of `__text` are walked per image (64 Mi instructions).
pub const MAX_WALKED_BYTES: usize = 256 << 20;
/// At most this many call sites are kept per image.
pub const MAX_CALLS: usize = 100_000;

/// Which calls to record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// Objective-C selectors (`logEvent:withValues:`), whatever the receiver.
    pub selectors: HashSet<String>,
    /// C or Swift function symbols as the symbol table spells them (`_FIRLogEvent`).
    pub functions: HashSet<String>,
}

impl CallFilter {
    pub fn is_empty(&self) -> bool {
        self.selectors.is_empty() && self.functions.is_empty()
    }
}

/// A hasher for addresses: one multiplication (Fibonacci hashing), since the walk looks an
/// address up for every load and call and SipHash's resistance to chosen keys buys nothing here.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A map keyed by address.
pub type AddrMap<V> = HashMap<u64, V, BuildHasherDefault<AddrHasher>>;

/// What calling an address means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// `objc_msgSend` itself: the selector is in `x1`.
    MsgSend,
    /// A selector stub (`_objc_msgSend$sel`): the selector is fixed.
    MsgSendSelector(&'a str),
    /// A function returning its first argument (`objc_retainAutoreleasedReturnValue`).
    PassThrough,
    /// A function returning an object of the class in `x0` (`objc_alloc`, `objc_opt_new`).
    Allocate,
    /// Any other function, by symbol.
    Function(&'a str),
}

/// What an 8-byte slot of the image holds, as a load from it gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot<'a> {
    Selector(&'a str),
    Class(&'a str),
    /// A GOT slot bound to an imported symbol that is not a class.
    Symbol(&'a str),
}

/// The addresses of one image the walk needs: built by `apple::macho` from sections, symbols,
/// bind information and the indirect symbol table.
#[derive(Debug, Clone, Default)]
pub struct CodeMap<'a> {
    /// `__TEXT,__text`: bytes and address.
    pub text: &'a [u8],
    pub text_addr: u64,
    /// Function start addresses inside the text, sorted and unique, with a symbol where one is known.
    /// (Objective-C methods of a stripped image are named from their class's method list.)
    pub functions: Vec<(u64, Option<FunctionName<'a>>)>,
    /// Stubs and named functions: what calling them means.
    pub targets: AddrMap<Target<'a>>,
    /// Data slots: what loading them gives.
    pub slots: AddrMap<Slot<'a>>,
    /// `__cfstring` record addresses and their characters.
    pub cfstrings: AddrMap<Cow<'a, str>>,
    /// C-string sections: address and bytes.
    pub cstrings: Vec<(u64, &'a [u8])>,
}

/// A function's name: its symbol, or for an Objective-C method of a stripped image, its class
/// and selector from the class's method list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionName<'a> {
    Symbol(&'a str),
    Method {
        class: &'a str,
        selector: &'a str,
        /// A class method (`+[…]`).
        meta: bool,
    },
}

impl<'a> FunctionName<'a> {
    /// The class of an Objective-C method (`-[AppsFlyerLib(Private) start]` → `AppsFlyerLib`)
    /// and whether it is a class method.
    pub fn method(self) -> Option<(&'a str, bool)> {
        match self {
            FunctionName::Method { class, meta, .. } => Some((class, meta)),
            FunctionName::Symbol(name) => {
                let meta = match name.get(..2)? {
                    "-[" => false,
                    "+[" => true,
                    _ => return None,
                };
                let (class, _) = name[2..].split_once(' ')?;
                Some((class.split_once('(').map_or(class, |(c, _)| c), meta))
            }
        }
    }
}

impl std::fmt::Display for FunctionName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FunctionName::Symbol(s) => f.write_str(s),
            FunctionName::Method {
                class,
                selector,
                meta,
            } => write!(f, "{}[{class} {selector}]", if *meta { '+' } else { '-' }),
        }
    }
}

/// A literal argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal<'a> {
    Str(Cow<'a, str>),
    Int(i64),
}

/// The receiver of a message, as far as the walk knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver<'a> {
    /// A class object loaded from a class reference: a class method (`+[FIRAnalytics …]`).
    Class(&'a str),
    /// An object returned by a message to that class or its objects (`[AppsFlyerLib shared]`).
    Instance(&'a str),
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callee<'a> {
    Message {
        receiver: Receiver<'a>,
        selector: &'a str,
    },
    Function(&'a str),
}

/// One recorded call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call<'a> {
    /// The calling function's start address and symbol, if known.
    pub function: u64,
    pub function_name: Option<FunctionName<'a>>,
    /// The address of the `BL` / `B`.
    pub address: u64,
    pub callee: Callee<'a>,
    /// Messages: one per selector argument (`x2`, `x3`, …, at most six). Functions: `x0`–`x7`,
    /// trailing unknowns dropped.
    pub args: Vec<Option<Literal<'a>>>,
}

/// What a walk gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk<'a> {
    pub calls: Vec<Call<'a>>,
    /// Bytes of text not walked because of [`MAX_WALKED_BYTES`], calls dropped beyond [`MAX_CALLS`].
    pub skipped_bytes: usize,
    pub dropped_calls: usize,
    /// Instructions decoded.
    pub instructions: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Val<'a> {
    Unknown,
    Addr(u64),
    Int(i64),
    Sel(&'a str),
    Class(&'a str),
    Instance(&'a str),
}

/// Walk every function of `map` and keep the calls `filter` asks for, in address order.
pub fn walk<'a>(map: &CodeMap<'a>, filter: &CallFilter) -> Walk<'a> {
    let mut out = Walk::default();
    if filter.is_empty() || map.text.is_empty() {
        return out;
    }
    let walked = map.text.len().min(MAX_WALKED_BYTES) & !3;
    out.skipped_bytes = map.text.len() - walked;
    let text_end = map.text_addr + walked as u64;
    let mut starts: Vec<(u64, Option<FunctionName<'a>>)> = map
        .functions
        .iter()
        .copied()
        // Instructions are 4-byte aligned: a start between two is not one.
        .filter(|(a, _)| {
            (map.text_addr..text_end).contains(a) && (a - map.text_addr).is_multiple_of(4)
        })
        .collect();
    if starts.first().is_none_or(|(a, _)| *a != map.text_addr) {
        starts.insert(0, (map.text_addr, None));
    }
    let ranges: Vec<(u64, u64, Option<FunctionName<'a>>)> = starts
        .iter()
        .enumerate()
        .map(|(i, &(start, name))| {
            let end = starts.get(i + 1).map_or(text_end, |n| n.0);
            (start, end, name)
        })
        .collect();
    let per_function: Vec<(Vec<Call<'a>>, u64)> = ranges
        .par_iter()
        .map_init(Vec::new, |labels, &(start, end, name)| {
            walk_function(map, filter, start, end, name, labels)
        })
        .collect();
    for (calls, count) in per_function {
        out.instructions += count;
        let room = MAX_CALLS - out.calls.len();
        out.dropped_calls += calls.len().saturating_sub(room);
        out.calls.extend(calls.into_iter().take(room));
    }
    out
}

fn word(text: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([text[at], text[at + 1], text[at + 2], text[at + 3]])
}

fn walk_function<'a>(
    map: &CodeMap<'a>,
    filter: &CallFilter,
    start: u64,
    end: u64,
    name: Option<FunctionName<'a>>,
    labels: &mut Vec<u64>,
) -> (Vec<Call<'a>>, u64) {
    let base = (start - map.text_addr) as usize;
    let len = (end - start) as usize & !3;
    let code = &map.text[base..base + len];
    labels.clear();
    for (i, chunk) in code.chunks_exact(4).enumerate() {
        let pc = start + 4 * i as u64;
        if let Some(target) = super::arm64::branch_target(word(chunk, 0), pc)
            && (start..end).contains(&target)
            && target > start
        {
            labels.push(target);
        }
    }
    labels.sort_unstable();
    labels.dedup();
    let mut next_label = 0usize;
    let entry = entry_registers(name);
    let mut regs = entry;
    let mut calls = Vec::new();
    for (i, chunk) in code.chunks_exact(4).enumerate() {
        let pc = start + 4 * i as u64;
        while labels.get(next_label).is_some_and(|&l| l < pc) {
            next_label += 1;
        }
        if labels.get(next_label) == Some(&pc) {
            regs = [Val::Unknown; 32];
        }
        match decode(word(chunk, 0), pc) {
            Insn::Address { rd, addr } => set(&mut regs, rd, Val::Addr(addr)),
            Insn::AddImm { rd, rn, imm } => {
                let v = match regs[rn as usize] {
                    Val::Addr(a) if rn != ZR => Val::Addr(a.wrapping_add(imm)),
                    _ => Val::Unknown,
                };
                set(&mut regs, rd, v);
            }
            Insn::Load64 { rt, rn, offset } => {
                let v = match regs[rn as usize] {
                    Val::Addr(a) if rn != ZR => match map.slots.get(&a.wrapping_add(offset)) {
                        Some(Slot::Selector(s)) => Val::Sel(s),
                        Some(Slot::Class(c)) => Val::Class(c),
                        Some(Slot::Symbol(s)) => symbol_value(s),
                        None => Val::Unknown,
                    },
                    _ => Val::Unknown,
                };
                set(&mut regs, rt, v);
            }
            Insn::MoveImm { rd, value } => set(&mut regs, rd, Val::Int(value)),
            Insn::MoveReg { rd, rm, wide } => {
                let v = match regs[rm as usize] {
                    _ if rm == ZR => Val::Int(0),
                    Val::Int(i) if !wide => Val::Int(i64::from(i as i32)),
                    v if wide => v,
                    _ => Val::Unknown,
                };
                set(&mut regs, rd, v);
            }
            Insn::Call { target } => {
                call(map, filter, &mut regs, target, start, name, pc, &mut calls);
            }
            Insn::Jump { target } => {
                if !(start..end).contains(&target) {
                    call(map, filter, &mut regs, target, start, name, pc, &mut calls);
                }
                regs = [Val::Unknown; 32];
            }
            Insn::CondJump { .. } => {}
            Insn::CallIndirect => forget_caller_saved(&mut regs),
            Insn::JumpIndirect | Insn::Return => regs = [Val::Unknown; 32],
            Insn::Other { writes } => {
                for r in writes {
                    set(&mut regs, r, Val::Unknown);
                }
            }
        }
    }
    (calls, (len / 4) as u64)
}

/// The registers at a function's entry: an Objective-C method (`-[ShopViewController buy]`)
/// receives `self` in `x0`, an object of its class (`+[…]`: the class itself).
fn entry_registers(name: Option<FunctionName<'_>>) -> [Val<'_>; 32] {
    let mut regs = [Val::Unknown; 32];
    regs[0] = match name.and_then(|n| n.method()) {
        Some((class, false)) => Val::Instance(class),
        Some((class, true)) => Val::Class(class),
        None => Val::Unknown,
    };
    regs
}

/// `+[NSNumber numberWithBool:]` and its kind with a constant: the boxed literal `@YES`, `@(1)`.
fn boxed_constant<'a>(
    receiver: Receiver<'_>,
    selector: &str,
    regs: &[Val<'a>; 32],
) -> Option<Val<'a>> {
    let boxing = matches!(
        selector,
        "numberWithBool:"
            | "numberWithInt:"
            | "numberWithInteger:"
            | "numberWithUnsignedInt:"
            | "numberWithUnsignedInteger:"
            | "numberWithLong:"
            | "numberWithLongLong:"
    );
    match (receiver, regs[2]) {
        (Receiver::Class("NSNumber"), Val::Int(i)) if boxing => Some(Val::Int(i)),
        _ => None,
    }
}

fn set<'a>(regs: &mut [Val<'a>; 32], r: Reg, v: Val<'a>) {
    if r != ZR {
        regs[r as usize] = v;
    }
}

fn forget_caller_saved(regs: &mut [Val<'_>; 32]) {
    for r in regs.iter_mut().take(19) {
        *r = Val::Unknown;
    }
}

/// What loading an imported symbol's GOT slot gives: CoreFoundation's boolean constants are the
/// `@YES` / `@NO` literals.
fn symbol_value(symbol: &str) -> Val<'_> {
    match symbol {
        "___kCFBooleanTrue" => Val::Int(1),
        "___kCFBooleanFalse" => Val::Int(0),
        _ => Val::Unknown,
    }
}

#[allow(clippy::too_many_arguments)]
fn call<'a>(
    map: &CodeMap<'a>,
    filter: &CallFilter,
    regs: &mut [Val<'a>; 32],
    target: u64,
    function: u64,
    function_name: Option<FunctionName<'a>>,
    pc: u64,
    calls: &mut Vec<Call<'a>>,
) {
    let receiver = match regs[0] {
        Val::Class(c) => Receiver::Class(c),
        Val::Instance(c) => Receiver::Instance(c),
        _ => Receiver::Unknown,
    };
    let selector = match map.targets.get(&target) {
        Some(Target::MsgSend) => match regs[1] {
            Val::Sel(s) => Some(s),
            _ => None,
        },
        Some(Target::MsgSendSelector(s)) => Some(*s),
        Some(Target::PassThrough) => {
            let keep = regs[0];
            forget_caller_saved(regs);
            regs[0] = keep;
            return;
        }
        Some(Target::Allocate) => {
            let result = match regs[0] {
                Val::Class(c) => Val::Instance(c),
                _ => Val::Unknown,
            };
            forget_caller_saved(regs);
            regs[0] = result;
            return;
        }
        Some(Target::Function(symbol)) => {
            if filter.functions.contains(*symbol) {
                let mut args: Vec<Option<Literal<'a>>> =
                    (0..8).map(|r| literal(map, regs[r])).collect();
                while args.last().is_some_and(Option::is_none) {
                    args.pop();
                }
                calls.push(Call {
                    function,
                    function_name,
                    address: pc,
                    callee: Callee::Function(symbol),
                    args,
                });
            }
            None
        }
        None => None,
    };
    let mut result = Val::Unknown;
    if let Some(selector) = selector {
        if filter.selectors.contains(selector) {
            let count = selector.bytes().filter(|&b| b == b':').count().min(6);
            calls.push(Call {
                function,
                function_name,
                address: pc,
                callee: Callee::Message { receiver, selector },
                args: (0..count).map(|i| literal(map, regs[2 + i])).collect(),
            });
        }
        if let Some(boxed) = boxed_constant(receiver, selector, regs) {
            result = boxed;
        } else if let Receiver::Class(c) | Receiver::Instance(c) = receiver {
            result = Val::Instance(c);
        }
    }
    forget_caller_saved(regs);
    regs[0] = result;
}

fn literal<'a>(map: &CodeMap<'a>, v: Val<'a>) -> Option<Literal<'a>> {
    match v {
        Val::Int(i) => Some(Literal::Int(i)),
        Val::Addr(a) => {
            if let Some(s) = map.cfstrings.get(&a) {
                return Some(Literal::Str(s.clone()));
            }
            map.cstrings.iter().find_map(|&(start, data)| {
                let off = usize::try_from(a.checked_sub(start)?).ok()?;
                let rest = data.get(off..)?;
                let end = rest.iter().position(|&b| b == 0)?;
                std::str::from_utf8(&rest[..end])
                    .ok()
                    .map(|s| Literal::Str(Cow::Borrowed(s)))
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code map over the given instruction words at 0x1000.
    fn map_of(words: &[u32]) -> (Vec<u8>, CodeMap<'static>) {
        let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let mut map = CodeMap {
            text_addr: 0x1000,
            ..Default::default()
        };
        map.targets.insert(0x9000, Target::MsgSend);
        map.targets.insert(0x9010, Target::MsgSendSelector("stop"));
        map.targets.insert(0x9020, Target::PassThrough);
        map.slots.insert(0x4000, Slot::Class("AppsFlyerLib"));
        map.slots.insert(0x4008, Slot::Selector("shared"));
        map.slots
            .insert(0x4010, Slot::Selector("logEvent:withValues:"));
        map.cfstrings
            .insert(0x5020, Cow::Borrowed("hiv_test_booked"));
        (bytes, map)
    }

    fn filter(selectors: &[&str]) -> CallFilter {
        CallFilter {
            selectors: selectors.iter().map(|s| s.to_string()).collect(),
            functions: HashSet::new(),
        }
    }

    #[test]
    fn follows_a_class_a_selector_and_a_cfstring_to_the_call() {
        // 0x1000 adrp x8, 0x4000 ; ldr x0, [x8] ; ldr x1, [x8, #8] ; bl 0x9000 (shared)
        // 0x1010 mov x19, x0 ; adrp x8, 0x4000 ; ldr x1, [x8, #16] ; adrp x2, 0x5000
        // 0x1020 add x2, x2, #0x20 ; mov x3, #0 ; mov x0, x19 ; bl 0x9000 ; ret
        // (encodings from `llvm-mc-14 -triple arm64-apple-ios -show-encoding`)
        let words = [
            0xf000_0008,
            0xf940_0100,
            0xf940_0501,
            0x9400_1ffd,
            0xaa00_03f3,
            0xf000_0008,
            0xf940_0901,
            0x9000_0022,
            0x9100_8042,
            0xd280_0003,
            0xaa13_03e0,
            0x9400_1ff5,
            0xd65f_03c0,
        ];
        let (bytes, mut map) = map_of(&words);
        map.text = Box::leak(bytes.into_boxed_slice());
        map.functions = vec![(0x1000, Some(FunctionName::Symbol("-[Shop buy]")))];
        let walk = walk(&map, &filter(&["logEvent:withValues:"]));
        assert_eq!(walk.instructions, 13);
        assert_eq!(
            walk.calls,
            [Call {
                function: 0x1000,
                function_name: Some(FunctionName::Symbol("-[Shop buy]")),
                address: 0x102c,
                callee: Callee::Message {
                    receiver: Receiver::Instance("AppsFlyerLib"),
                    selector: "logEvent:withValues:"
                },
                args: vec![
                    Some(Literal::Str(Cow::Borrowed("hiv_test_booked"))),
                    Some(Literal::Int(0))
                ],
            }]
        );
    }

    #[test]
    fn a_branch_target_forgets_registers_and_selector_stubs_name_the_selector() {
        // adrp x0, 0x3000 (no slot) ; cbz x0, 0x100c ; mov w2, #1 ; 0x100c (a label): mov w2, #0 ;
        // bl 0x9010 (the selector stub `stop`) ; b 0x9000 (a tail call to objc_msgSend, x1 unknown)
        let words = [
            0xd000_0000,
            0xb400_0040,
            0x5280_0022,
            0x5280_0002,
            0x9400_2000,
            0x1400_1ffb,
        ];
        let (bytes, mut map) = map_of(&words);
        map.text = Box::leak(bytes.into_boxed_slice());
        let walk = walk(&map, &filter(&["stop"]));
        assert_eq!(walk.calls.len(), 1);
        assert_eq!(walk.calls[0].address, 0x1010);
        assert_eq!(
            walk.calls[0].callee,
            Callee::Message {
                receiver: Receiver::Unknown,
                selector: "stop"
            }
        );
        assert!(walk.calls[0].args.is_empty());
    }

    #[test]
    fn arbitrary_bytes_and_function_starts_never_panic() {
        // A xorshift stream of words and unaligned, out-of-range and duplicate function starts.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let words: Vec<u32> = (0..40_000).map(|_| next() as u32).collect();
        let (bytes, mut map) = map_of(&words);
        map.text = Box::leak(bytes.into_boxed_slice());
        let len = map.text.len() as u64;
        map.functions = (0..500)
            .map(|_| (0x1000 + next() % (len + 64) - 32, None))
            .chain([(0x1000, None), (0x1000, None), (0x1001, None), (0, None)])
            .collect();
        map.functions.sort_unstable_by_key(|f| f.0);
        // Every address a call might land on is a target, so calls are recorded.
        for i in 0..64u64 {
            map.targets.insert(0x1000 + i * 4, Target::MsgSend);
        }
        let walk = walk(&map, &filter(&["logEvent:withValues:", "stop"]));
        assert_eq!(walk.instructions, 40_000);
    }

    #[test]
    fn function_calls_by_symbol_with_their_arguments() {
        // mov w0, #1 ; adrp x1, 0x5000 ; add x1, x1, #0x20 ; bl 0x9030 (from 0x100c) ; ret
        let words = [
            0x5280_0020,
            0x9000_0021,
            0x9100_8021,
            0x9400_2009,
            0xd65f_03c0,
        ];
        let (bytes, mut map) = map_of(&words);
        map.text = Box::leak(bytes.into_boxed_slice());
        map.targets
            .insert(0x9030, Target::Function("_FLYSetChildDirected"));
        let mut filter = filter(&[]);
        filter.functions.insert("_FLYSetChildDirected".into());
        let walk = walk(&map, &filter);
        assert_eq!(walk.calls.len(), 1);
        assert_eq!(
            walk.calls[0].callee,
            Callee::Function("_FLYSetChildDirected")
        );
        assert_eq!(
            walk.calls[0].args,
            [
                Some(Literal::Int(1)),
                Some(Literal::Str(Cow::Borrowed("hiv_test_booked")))
            ]
        );
    }
}
