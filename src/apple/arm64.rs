//! AArch64 instruction decoding: the few forms the call-site walk ([`super::calls`]) follows, and
//! for every other instruction the general-purpose registers it may write.
//!
//! The encodings are those of the Arm Architecture Reference Manual for A-profile (DDI 0487,
//! "A64 Instruction Set Encoding"). Followed exactly: `ADRP`, `ADR`, `ADD` (immediate, 64-bit),
//! `LDR` (immediate, unsigned offset, 64-bit), `MOVZ` / `MOVN` (32 and 64-bit), `ORR` as a register
//! move (`MOV xd, xm` / `MOV wd, wm`), `BL`, `B`, `B.cond`, `CBZ`/`CBNZ`, `TBZ`/`TBNZ`, `BR`/`BLR`/`RET`
//! (and their pointer-authenticated forms). Everything else is [`Insn::Other`] with the registers
//! it may write, read from the encoding classes (data processing writes `Rd`; loads write `Rt`
//! and, for pairs, `Rt2`; writeback forms write the base register). Over-approximating the written
//! registers only loses values; it never invents one.
//!
//! # Why no crate
//! The walk needs a dozen encodings and must run at hundreds of MB/s; a full decoder such as
//! `yaxpeax-arm` builds an operand structure for every instruction of the text section, nearly
//! all of which are then thrown away, and `bad64` wraps C code. Each form here is one mask test.

/// A register number: 0–30 are `x0`–`x30`; 31 is `sp` or `xzr` depending on the instruction.
pub type Reg = u8;

/// The zero register / stack pointer number.
pub const ZR: Reg = 31;

/// One decoded instruction at `pc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insn {
    /// `ADRP xd, page` or `ADR xd, addr`: `rd` gets the address.
    Address { rd: Reg, addr: u64 },
    /// `ADD xd, xn, #imm` (64-bit).
    AddImm { rd: Reg, rn: Reg, imm: u64 },
    /// `LDR xt, [xn, #offset]` (64-bit, unsigned offset).
    Load64 { rt: Reg, rn: Reg, offset: u64 },
    /// `MOVZ` / `MOVN` of a constant (`mov w2, #1`).
    MoveImm { rd: Reg, value: i64 },
    /// `MOV xd, xm` or `MOV wd, wm` (`ORR` with the zero register); `wide` for the 64-bit form.
    MoveReg { rd: Reg, rm: Reg, wide: bool },
    /// `BL target`.
    Call { target: u64 },
    /// `BLR xn` (and `BLRAA`, …): a call through a register.
    CallIndirect,
    /// `B target`.
    Jump { target: u64 },
    /// `B.cond`, `CBZ`, `CBNZ`, `TBZ`, `TBNZ`.
    CondJump { target: u64 },
    /// `BR xn` (and pointer-authenticated forms): an indirect jump.
    JumpIndirect,
    /// `RET` (and `RETAA`, `RETAB`).
    Return,
    /// Anything else: the registers it may write (31 = none, or sp/xzr).
    Other { writes: [Reg; 3] },
}

fn sign_extend(value: u64, bits: u32) -> i64 {
    let shift = 64 - bits;
    ((value << shift) as i64) >> shift
}

fn rel(pc: u64, imm: u64, bits: u32) -> u64 {
    pc.wrapping_add_signed(sign_extend(imm, bits) * 4)
}

/// Decode the little-endian instruction word `w` found at address `pc`.
#[inline]
pub fn decode(w: u32, pc: u64) -> Insn {
    let rd = (w & 31) as Reg;
    let rn = ((w >> 5) & 31) as Reg;
    match w >> 26 {
        // B / BL: imm26.
        0b000101 => {
            return Insn::Jump {
                target: rel(pc, u64::from(w & 0x03ff_ffff), 26),
            };
        }
        0b100101 => {
            return Insn::Call {
                target: rel(pc, u64::from(w & 0x03ff_ffff), 26),
            };
        }
        _ => {}
    }
    if w & 0x1f00_0000 == 0x1000_0000 {
        // ADR / ADRP: immhi:immlo.
        let imm = (u64::from((w >> 5) & 0x7_ffff) << 2) | u64::from((w >> 29) & 3);
        let addr = if w & 0x8000_0000 != 0 {
            (pc & !0xfff).wrapping_add_signed(sign_extend(imm, 21) << 12)
        } else {
            pc.wrapping_add_signed(sign_extend(imm, 21))
        };
        return Insn::Address { rd, addr };
    }
    if w & 0xff80_0000 == 0x9100_0000 {
        let mut imm = u64::from((w >> 10) & 0xfff);
        if w & 0x0040_0000 != 0 {
            imm <<= 12;
        }
        return Insn::AddImm { rd, rn, imm };
    }
    if w & 0xffc0_0000 == 0xf940_0000 {
        return Insn::Load64 {
            rt: rd,
            rn,
            offset: u64::from((w >> 10) & 0xfff) * 8,
        };
    }
    // MOVZ / MOVN, 32 or 64-bit: sf opc 100101 hw imm16 rd.
    if w & 0x1f80_0000 == 0x1280_0000 {
        let opc = (w >> 29) & 3;
        let wide = w & 0x8000_0000 != 0;
        let shift = ((w >> 21) & 3) * 16;
        if !wide && shift > 16 {
            return Insn::Other {
                writes: [rd, ZR, ZR],
            };
        }
        let imm = u64::from((w >> 5) & 0xffff) << shift;
        let value = match (opc, wide) {
            (0b10, true) => imm as i64,
            (0b10, false) => i64::from(imm as u32),
            (0b00, true) => !imm as i64,
            (0b00, false) => i64::from(!(imm as u32) as i32),
            // MOVK keeps the other bits: the value is no longer a known constant.
            _ => {
                return Insn::Other {
                    writes: [rd, ZR, ZR],
                };
            }
        };
        return Insn::MoveImm { rd, value };
    }
    // ORR (shifted register) with xzr/wzr as the first operand and no shift: MOV.
    if w & 0x7fe0_ffe0 == 0x2a00_03e0 {
        return Insn::MoveReg {
            rd,
            rm: ((w >> 16) & 31) as Reg,
            wide: w & 0x8000_0000 != 0,
        };
    }
    if w & 0xff00_0010 == 0x5400_0000 {
        return Insn::CondJump {
            target: rel(pc, u64::from((w >> 5) & 0x7_ffff), 19),
        };
    }
    if w & 0x7e00_0000 == 0x3400_0000 {
        return Insn::CondJump {
            target: rel(pc, u64::from((w >> 5) & 0x7_ffff), 19),
        };
    }
    if w & 0x7e00_0000 == 0x3600_0000 {
        return Insn::CondJump {
            target: rel(pc, u64::from((w >> 5) & 0x3fff), 14),
        };
    }
    if w & 0xfe00_0000 == 0xd600_0000 {
        return match (w >> 21) & 0xf {
            0b0000 | 0b1000 => Insn::JumpIndirect,
            0b0001 | 0b1001 => Insn::CallIndirect,
            0b0010 => Insn::Return,
            _ => Insn::Other {
                writes: [ZR, ZR, ZR],
            },
        };
    }
    Insn::Other {
        writes: other_writes(w),
    }
}

/// The target of a direct branch (`B`, `B.cond`, `CBZ`/`CBNZ`, `TBZ`/`TBNZ`; not `BL`): what
/// [`decode`] gives as `Jump` or `CondJump`, tested with fewer masks for the walk's label pass.
#[inline]
pub fn branch_target(w: u32, pc: u64) -> Option<u64> {
    if w >> 26 == 0b000101 {
        Some(rel(pc, u64::from(w & 0x03ff_ffff), 26))
    } else if w & 0xff00_0010 == 0x5400_0000 || w & 0x7e00_0000 == 0x3400_0000 {
        Some(rel(pc, u64::from((w >> 5) & 0x7_ffff), 19))
    } else if w & 0x7e00_0000 == 0x3600_0000 {
        Some(rel(pc, u64::from((w >> 5) & 0x3fff), 14))
    } else {
        None
    }
}

/// The general-purpose registers an instruction not decoded above may write.
fn other_writes(w: u32) -> [Reg; 3] {
    let rt = (w & 31) as Reg;
    let rn = ((w >> 5) & 31) as Reg;
    let rt2 = ((w >> 10) & 31) as Reg;
    let rs = ((w >> 16) & 31) as Reg;
    // Loads and stores: op0 bit 27 set, bit 25 clear.
    if w & 0x0a00_0000 == 0x0800_0000 {
        let simd = w & 0x0400_0000 != 0;
        let class = (w >> 27) & 7;
        let load = w & 0x0040_0000 != 0;
        return match class {
            // Pairs: writeback when bits 24:23 are 01 (post) or 11 (pre).
            0b101 => {
                let writeback = matches!((w >> 23) & 3, 0b01 | 0b11);
                let base = if writeback { rn } else { ZR };
                match (load, simd) {
                    (true, false) => [rt, rt2, base],
                    _ => [base, ZR, ZR],
                }
            }
            // Single register: unsigned offset (bit 24), or imm9 forms with writeback in 11:10.
            0b111 => {
                let unsigned = w & 0x0100_0000 != 0;
                let register_or_atomic = w & 0x0020_0000 != 0;
                let writeback = !unsigned && !register_or_atomic && (w >> 10) & 1 == 1;
                let base = if writeback { rn } else { ZR };
                let opc = (w >> 22) & 3;
                if simd {
                    [base, ZR, ZR]
                } else if register_or_atomic && !unsigned && (w >> 10) & 3 == 0 {
                    // Atomic memory operations write Rt.
                    [rt, base, ZR]
                } else if opc == 0 {
                    [base, ZR, ZR]
                } else {
                    [rt, base, ZR]
                }
            }
            // Literal loads write Rt; exclusives may write Rt and the status register Rs.
            0b011 => [if simd { ZR } else { rt }, ZR, ZR],
            _ => [rt, rs, rt2],
        };
    }
    // Data processing, system instructions and the rest: Rd (31 is harmless: sp, xzr or none).
    // System register reads (MRS) and SIMD-to-general moves also name their destination here.
    [rt, ZR, ZR]
}

#[cfg(test)]
mod tests {
    use super::*;

    // Words and addresses from `llvm-objdump-14 -d` of clang 14 `-Os` output for arm64-apple-ios.
    #[test]
    fn decodes_the_followed_forms() {
        // 100003f28: adrp x8, 0x100008000
        assert_eq!(
            decode(0xb000_0028, 0x1_0000_3f28),
            Insn::Address {
                rd: 8,
                addr: 0x1_0000_8000
            }
        );
        // ldr x0, [x8, #0x10]
        assert_eq!(
            decode(0xf940_0900, 0),
            Insn::Load64 {
                rt: 0,
                rn: 8,
                offset: 0x10
            }
        );
        // add x2, x2, #0x28
        assert_eq!(
            decode(0x9100_a042, 0),
            Insn::AddImm {
                rd: 2,
                rn: 2,
                imm: 0x28
            }
        );
        // add x8, x8, #1, lsl #12
        assert_eq!(
            decode(0x9140_0508, 0),
            Insn::AddImm {
                rd: 8,
                rn: 8,
                imm: 0x1000
            }
        );
        // mov x3, #0 ; mov w2, #1 ; mov w0, #-1 ; mov x19, x0 ; mov w1, w20
        assert_eq!(decode(0xd280_0003, 0), Insn::MoveImm { rd: 3, value: 0 });
        assert_eq!(decode(0x5280_0022, 0), Insn::MoveImm { rd: 2, value: 1 });
        assert_eq!(decode(0x1280_0000, 0), Insn::MoveImm { rd: 0, value: -1 });
        assert_eq!(
            decode(0xaa00_03f3, 0),
            Insn::MoveReg {
                rd: 19,
                rm: 0,
                wide: true
            }
        );
        assert_eq!(
            decode(0x2a14_03e1, 0),
            Insn::MoveReg {
                rd: 1,
                rm: 20,
                wide: false
            }
        );
        // 100003f40: bl 0x100003f8c ; b 0x100003f00 (backwards)
        assert_eq!(
            decode(0x9400_0013, 0x1_0000_3f40),
            Insn::Call {
                target: 0x1_0000_3f8c
            }
        );
        assert_eq!(
            decode(0x17ff_fff0, 0x1_0000_3f40),
            Insn::Jump {
                target: 0x1_0000_3f00
            }
        );
        // b.ne +8 ; cbz x0, +0x10 ; tbnz w0, #0, +0x8
        assert_eq!(decode(0x5400_0041, 0x100), Insn::CondJump { target: 0x108 });
        assert_eq!(decode(0xb400_0080, 0x100), Insn::CondJump { target: 0x110 });
        assert_eq!(decode(0x3700_0040, 0x100), Insn::CondJump { target: 0x108 });
        for (w, pc) in [
            (0x1700_0000u32, 0x4000u64),
            (0x5400_0041, 0x100),
            (0xb400_0080, 0x100),
            (0x3700_0040, 0x100),
            (0x9400_0013, 0x100),
            (0xd65f_03c0, 0),
        ] {
            let from_decode = match decode(w, pc) {
                Insn::Jump { target } | Insn::CondJump { target } => Some(target),
                _ => None,
            };
            assert_eq!(branch_target(w, pc), from_decode, "{w:#x}");
        }
        assert_eq!(decode(0xd65f_03c0, 0), Insn::Return);
        assert_eq!(decode(0xd61f_0200, 0), Insn::JumpIndirect); // br x16
        assert_eq!(decode(0xd63f_0100, 0), Insn::CallIndirect); // blr x8
    }

    #[test]
    fn other_instructions_name_what_they_write() {
        // stp x29, x30, [sp, #-16]! writes only sp; ldp x29, x30, [sp], #16 writes x29, x30, sp.
        assert_eq!(
            decode(0xa9bf_7bfd, 0),
            Insn::Other {
                writes: [31, 31, 31]
            }
        );
        assert_eq!(
            decode(0xa8c1_7bfd, 0),
            Insn::Other {
                writes: [29, 30, 31]
            }
        );
        // str x0, [sp, #8] writes nothing; ldr w8, [x8] writes x8; mov x29, sp (add) is AddImm.
        assert_eq!(
            decode(0xf900_07e0, 0),
            Insn::Other {
                writes: [31, 31, 31]
            }
        );
        assert_eq!(
            decode(0xb940_0108, 0),
            Insn::Other {
                writes: [8, 31, 31]
            }
        );
        // movk x0, #1, lsl #16: no longer a constant.
        assert_eq!(
            decode(0xf2a0_0020, 0),
            Insn::Other {
                writes: [0, 31, 31]
            }
        );
        // sub x0, x0, #1
        assert_eq!(
            decode(0xd100_0400, 0),
            Insn::Other {
                writes: [0, 31, 31]
            }
        );
    }
}
