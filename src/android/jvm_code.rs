//! JVM bytecode (a method's `Code` attribute, JVM Specification §6.5): the `invoke*` call sites
//! and the constants the straight-line code before each call pushed as its arguments.
//!
//! # How
//! Two passes over the borrowed bytecode. The first decodes every instruction's length — fixed
//! per opcode, except `tableswitch` and `lookupswitch` (padding to a 4-byte boundary from the
//! start of the code, then a table whose size they state, checked against the code's end) and
//! `wide` (4 or, for `iinc`, 6 bytes) — and marks every branch target. The second keeps a small
//! symbolic operand stack: `aconst_null`, `iconst_*`, `bipush`, `sipush` and `ldc`/`ldc_w`
//! push known constants, every other instruction pushes and pops unknown values by its stack
//! effect, and `invoke*` pops its declared parameters (and receiver) by its descriptor. The stack
//! is forgotten where straight-line reasoning ends: at a branch target, an exception handler,
//! after `goto`, a switch, a return or `athrow`, and at the instructions whose effect depends
//! on value categories (`dup_x*`, `dup2*`, `pop2`, `swap`) or on subroutines (`jsr`, `ret`). A
//! value popped from a forgotten stack is unknown. The result: what `javac` (and d8-free Kotlin
//! output) loads for a call such as `lib.logEvent(ctx, "af_purchase", values)` is seen, and a
//! constant is never attributed to a call it does not reach on every path.
//!
//! # Limits
//! An unused opcode or an instruction past the end stops the method with an error (the calls
//! before it are kept); the symbolic stack is capped at [`MAX_STACK`] entries.

use std::borrow::Cow;

use thiserror::Error;

use super::class_file::{ClassFile, ClassFileError, Code, Loadable, MemberRef};

/// Most entries the symbolic stack holds; beyond that it is forgotten (the JVM's own limit is
/// `max_stack`, at most 65,535 slots).
pub const MAX_STACK: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodeError {
    #[error("bytecode offset {pc}: unused opcode {opcode:#04x}")]
    BadOpcode { pc: usize, opcode: u8 },
    #[error("bytecode offset {pc}: instruction runs past the end of the code")]
    Truncated { pc: usize },
    #[error("bytecode offset {pc}: {source}")]
    Pool {
        pc: usize,
        #[source]
        source: ClassFileError,
    },
}

/// A value on the symbolic stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    Unknown,
    Null,
    Int(i64),
    String(Cow<'a, str>),
}

/// An `invoke*` whose callee the caller wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call<'a> {
    /// Offset of the instruction in the bytecode.
    pub pc: usize,
    pub callee: MemberRef<'a>,
    /// One per declared parameter (the receiver is not counted).
    pub args: Vec<Value<'a>>,
}

/// Walks `code` of a method of `class`; calls to members for which `want` is true are pushed
/// to `out` with their arguments. Calls found before an error are kept.
pub fn walk<'a>(
    class: &ClassFile<'a>,
    code: &Code<'a>,
    mut want: impl FnMut(&MemberRef<'a>) -> bool,
    out: &mut Vec<Call<'a>>,
) -> Result<(), CodeError> {
    let bytes = code.bytecode;
    let targets = branch_targets(bytes, &code.handlers)?;
    let mut stack: Vec<Value<'a>> = Vec::new();
    let mut pc = 0usize;
    while pc < bytes.len() {
        if targets[pc] {
            stack.clear();
        }
        let op = bytes[pc];
        let len = instruction_len(bytes, pc)?;
        let s1 = || bytes[pc + 1] as i8 as i64;
        let u1 = || bytes[pc + 1];
        let u2 = || u16::from_be_bytes([bytes[pc + 1], bytes[pc + 2]]);
        let pool = |source| CodeError::Pool { pc, source };
        match op {
            0x00 => {}
            0x01 => stack.push(Value::Null),
            0x02..=0x08 => stack.push(Value::Int(i64::from(op) - 3)),
            0x09..=0x0f => stack.push(Value::Unknown),
            0x10 => stack.push(Value::Int(s1())),
            0x11 => stack.push(Value::Int(i64::from(u2() as i16))),
            0x12 | 0x13 => {
                let index = if op == 0x12 { u16::from(u1()) } else { u2() };
                stack.push(match class.loadable(index).map_err(pool)? {
                    Loadable::String(s) => Value::String(s),
                    Loadable::Int(v) => Value::Int(i64::from(v)),
                    Loadable::Other => Value::Unknown,
                });
            }
            0x14 => stack.push(Value::Unknown),
            // Loads.
            0x15..=0x2d => stack.push(Value::Unknown),
            // Array loads: array, index → value.
            0x2e..=0x35 => effect(&mut stack, 2, 1),
            // Stores.
            0x36..=0x4e => effect(&mut stack, 1, 0),
            // Array stores: array, index, value.
            0x4f..=0x56 => effect(&mut stack, 3, 0),
            0x57 => effect(&mut stack, 1, 0),
            0x59 => {
                let top = stack.last().cloned().unwrap_or(Value::Unknown);
                stack.push(top);
            }
            // pop2, dup_x1, dup_x2, dup2, dup2_x1, dup2_x2, swap: effects that depend on the
            // values' categories (long and double take two slots).
            0x58 | 0x5a..=0x5f => stack.clear(),
            // Binary arithmetic, shifts and bitwise operations.
            0x60..=0x73 | 0x78..=0x83 => effect(&mut stack, 2, 1),
            // Negation.
            0x74..=0x77 => effect(&mut stack, 1, 1),
            0x84 => {}
            // Conversions.
            0x85..=0x93 => effect(&mut stack, 1, 1),
            // Comparisons.
            0x94..=0x98 => effect(&mut stack, 2, 1),
            // if<cond>, ifnull, ifnonnull.
            0x99..=0x9e | 0xc6 | 0xc7 => effect(&mut stack, 1, 0),
            // if_icmp<cond>, if_acmp<cond>.
            0x9f..=0xa6 => effect(&mut stack, 2, 0),
            // goto, jsr, ret, switches, returns, athrow, goto_w, jsr_w: nothing after them is
            // reached by falling through with this stack.
            0xa7..=0xb1 | 0xbf | 0xc8 | 0xc9 => stack.clear(),
            0xb2 => stack.push(Value::Unknown),
            0xb3 => effect(&mut stack, 1, 0),
            0xb4 => effect(&mut stack, 1, 1),
            0xb5 => effect(&mut stack, 2, 0),
            0xb6..=0xb9 => {
                let callee = class.member_ref(u2()).map_err(pool)?;
                let Some((params, returns)) = parameters(&callee.descriptor) else {
                    stack.clear();
                    pc += len;
                    continue;
                };
                let mut args = pop(&mut stack, params.len());
                if op != 0xb8 {
                    pop(&mut stack, 1);
                }
                if want(&callee) {
                    // `null` for a reference parameter is no constant worth reporting.
                    for (arg, reference) in args.iter_mut().zip(&params) {
                        if *reference && *arg == Value::Null {
                            *arg = Value::Unknown;
                        }
                    }
                    out.push(Call {
                        pc,
                        callee,
                        args: std::mem::take(&mut args),
                    });
                }
                if returns {
                    stack.push(Value::Unknown);
                }
            }
            0xba => {
                let descriptor = class.invoke_dynamic_descriptor(u2()).map_err(pool)?;
                match parameters(&descriptor) {
                    Some((params, returns)) => {
                        pop(&mut stack, params.len());
                        if returns {
                            stack.push(Value::Unknown);
                        }
                    }
                    None => stack.clear(),
                }
            }
            0xbb => stack.push(Value::Unknown),
            // newarray, anewarray, arraylength, instanceof: one value in, one out.
            0xbc..=0xbe | 0xc1 => effect(&mut stack, 1, 1),
            // checkcast leaves the value as it is.
            0xc0 => {}
            0xc2 | 0xc3 => effect(&mut stack, 1, 0),
            0xc4 => match bytes[pc + 1] {
                0x15..=0x19 => stack.push(Value::Unknown),
                0x36..=0x3a => effect(&mut stack, 1, 0),
                0x84 => {}
                _ => stack.clear(),
            },
            0xc5 => effect(&mut stack, usize::from(bytes[pc + 3]), 1),
            _ => return Err(CodeError::BadOpcode { pc, opcode: op }),
        }
        if stack.len() > MAX_STACK {
            stack.clear();
        }
        pc += len;
    }
    Ok(())
}

/// Pops `n` values (unknown where the stack is forgotten), in push order.
fn pop<'a>(stack: &mut Vec<Value<'a>>, n: usize) -> Vec<Value<'a>> {
    let known = n.min(stack.len());
    let mut values = vec![Value::Unknown; n - known];
    values.extend(stack.drain(stack.len() - known..));
    values
}

fn effect(stack: &mut Vec<Value<'_>>, pops: usize, pushes: usize) {
    let keep = stack.len().saturating_sub(pops);
    stack.truncate(keep);
    for _ in 0..pushes {
        stack.push(Value::Unknown);
    }
}

/// Per declared parameter of a method descriptor `(…)R`: whether it is a reference; and whether
/// the method returns a value. `None` for a malformed descriptor.
pub fn parameters(descriptor: &str) -> Option<(Vec<bool>, bool)> {
    let rest = descriptor.strip_prefix('(')?;
    let (params, ret) = rest.split_once(')')?;
    let bytes = params.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while bytes.get(i) == Some(&b'[') {
            i += 1;
        }
        match bytes.get(i)? {
            b'L' => i += params[i..].find(';')? + 1,
            b'B' | b'C' | b'D' | b'F' | b'I' | b'J' | b'S' | b'Z' => i += 1,
            _ => return None,
        }
        out.push(bytes[start] == b'[' || bytes[start] == b'L');
    }
    Some((out, ret != "V"))
}

/// The length of the instruction at `pc`, checked against the end of the code.
fn instruction_len(code: &[u8], pc: usize) -> Result<usize, CodeError> {
    let op = code[pc];
    let len = match op {
        0x10 | 0x12 | 0x15..=0x19 | 0x36..=0x3a | 0xa9 | 0xbc => 2,
        0x11
        | 0x13
        | 0x14
        | 0x84
        | 0x99..=0xa8
        | 0xb2..=0xb8
        | 0xbb
        | 0xbd
        | 0xc0
        | 0xc1
        | 0xc6
        | 0xc7 => 3,
        0xc5 => 4,
        0xb9 | 0xba | 0xc8 | 0xc9 => 5,
        0xc4 => match code.get(pc + 1) {
            Some(0x84) => 6,
            Some(0x15..=0x19 | 0x36..=0x3a | 0xa9) => 4,
            Some(&opcode) => return Err(CodeError::BadOpcode { pc: pc + 1, opcode }),
            None => return Err(CodeError::Truncated { pc }),
        },
        0xaa | 0xab => {
            // Padding: the table starts at a multiple of 4 from the start of the code.
            let table = (pc + 4) & !3;
            let word = |i: usize| -> Result<i32, CodeError> {
                code.get(table + 4 * i..table + 4 * i + 4)
                    .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
                    .ok_or(CodeError::Truncated { pc })
            };
            let entries = if op == 0xaa {
                let (low, high) = (word(1)?, word(2)?);
                if high < low {
                    return Err(CodeError::Truncated { pc });
                }
                3 + (i64::from(high) - i64::from(low) + 1) as usize
            } else {
                let pairs = word(1)?;
                if pairs < 0 {
                    return Err(CodeError::Truncated { pc });
                }
                2 + 2 * pairs as usize
            };
            // Checked below against the end of the code, before anything is read from it.
            table - pc + 4 * entries
        }
        0x00..=0x0f
        | 0x1a..=0x35
        | 0x3b..=0x83
        | 0x85..=0x98
        | 0xac..=0xb1
        | 0xbe
        | 0xbf
        | 0xc2
        | 0xc3 => 1,
        _ => return Err(CodeError::BadOpcode { pc, opcode: op }),
    };
    if pc + len > code.len() {
        return Err(CodeError::Truncated { pc });
    }
    Ok(len)
}

/// Per bytecode offset: whether a branch, a switch or an exception handler jumps there.
fn branch_targets(code: &[u8], handlers: &[u16]) -> Result<Vec<bool>, CodeError> {
    let mut targets = vec![false; code.len()];
    let mark = |targets: &mut Vec<bool>, pc: usize, offset: i64| {
        let target = pc as i64 + offset;
        if let Some(slot) = usize::try_from(target)
            .ok()
            .and_then(|t| targets.get_mut(t))
        {
            *slot = true;
        }
    };
    for &h in handlers {
        mark(&mut targets, usize::from(h), 0);
    }
    let mut pc = 0;
    while pc < code.len() {
        let len = instruction_len(code, pc)?;
        let op = code[pc];
        let s2 = || i64::from(i16::from_be_bytes([code[pc + 1], code[pc + 2]]));
        let s4 = |at: usize| {
            i64::from(i32::from_be_bytes([
                code[at],
                code[at + 1],
                code[at + 2],
                code[at + 3],
            ]))
        };
        match op {
            0x99..=0xa8 | 0xc6 | 0xc7 => mark(&mut targets, pc, s2()),
            0xc8 | 0xc9 => mark(&mut targets, pc, s4(pc + 1)),
            0xaa | 0xab => {
                let table = (pc + 4) & !3;
                mark(&mut targets, pc, s4(table));
                let offsets: Vec<usize> = if op == 0xaa {
                    (table + 12..pc + len).step_by(4).collect()
                } else {
                    (table + 12..pc + len).step_by(8).collect()
                };
                for at in offsets {
                    mark(&mut targets, pc, s4(at));
                }
            }
            _ => {}
        }
        // The instruction after an unconditional jump is reached only by a jump.
        if matches!(
            op,
            0xa7 | 0xa8 | 0xaa | 0xab | 0xac..=0xb1 | 0xbf | 0xc8 | 0xc9
        ) && let Some(next) = targets.get_mut(pc + len)
        {
            *next = true;
        }
        pc += len;
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors() {
        assert_eq!(
            parameters("(Ljava/lang/Object;Ljava/lang/String;Ljava/util/Map;)V"),
            Some((vec![true, true, true], false))
        );
        assert_eq!(
            parameters("(IJ[I[[Ljava/lang/String;Z)Ljava/lang/Object;"),
            Some((vec![false, false, true, true, false], true))
        );
        assert_eq!(parameters("()V"), Some((vec![], false)));
        assert_eq!(parameters("(L)V"), None);
        assert_eq!(parameters("(Q)V"), None);
        assert_eq!(parameters("V"), None);
    }

    #[test]
    fn lengths_of_switches_and_wide() {
        // nop, then tableswitch at 1: padding to 4, default, low 0, high 1, two offsets.
        let mut code = vec![0x00, 0xaa, 0, 0];
        for word in [20i32, 0, 1, 20, 20] {
            code.extend(word.to_be_bytes());
        }
        assert_eq!(instruction_len(&code, 1), Ok(3 + 5 * 4));
        // lookupswitch at 0: padding 3, default, npairs 1, one pair.
        let mut code = vec![0xab, 0, 0, 0];
        for word in [8i32, 1, 7, 8] {
            code.extend(word.to_be_bytes());
        }
        assert_eq!(instruction_len(&code, 0), Ok(4 + 4 * 4));
        // A table that claims more than the code holds.
        let mut code = vec![0xaa, 0, 0, 0];
        for word in [0i32, 0, i32::MAX] {
            code.extend(word.to_be_bytes());
        }
        assert_eq!(
            instruction_len(&code, 0),
            Err(CodeError::Truncated { pc: 0 })
        );
        assert_eq!(instruction_len(&[0xc4, 0x84, 0, 1, 0, 1], 0), Ok(6));
        assert_eq!(instruction_len(&[0xc4, 0x19, 0, 1], 0), Ok(4));
        assert!(matches!(
            instruction_len(&[0xc4, 0x00, 0, 1], 0),
            Err(CodeError::BadOpcode { pc: 1, .. })
        ));
        assert!(matches!(
            instruction_len(&[0xcb], 0),
            Err(CodeError::BadOpcode {
                pc: 0,
                opcode: 0xcb
            })
        ));
        assert_eq!(
            instruction_len(&[0xb6, 0], 0),
            Err(CodeError::Truncated { pc: 0 })
        );
    }

    #[test]
    fn branch_targets_forget_the_stack() {
        // iconst_1; ifeq +4 (to 5); iconst_2; ... 5: nop
        let code = [0x04, 0x99, 0x00, 0x04, 0x05, 0x00];
        let targets = branch_targets(&code, &[]).unwrap();
        assert!(targets[5]);
        assert!(!targets[4]);
        // goto +3: the next instruction is reached only by a jump.
        let targets = branch_targets(&[0xa7, 0x00, 0x03, 0x00], &[]).unwrap();
        assert!(targets[3]);
    }

    #[test]
    fn popping_a_forgotten_stack_gives_unknowns() {
        let mut stack = vec![Value::Int(1)];
        assert_eq!(
            pop(&mut stack, 3),
            [Value::Unknown, Value::Unknown, Value::Int(1)]
        );
        assert!(stack.is_empty());
    }
}
