//! Modified UTF-8 (MUTF-8), the string encoding of DEX `string_data_item`s.
//!
//! MUTF-8 differs from UTF-8 in three ways: U+0000 is written as the two bytes `C0 80`, so no
//! string contains a zero byte; characters above U+FFFF are written as their UTF-16 surrogate pair,
//! each surrogate as its own three-byte sequence (`ED A0..AF xx`, `ED B0..BF xx`); and there are
//! no four-byte sequences. Everything else is byte-for-byte UTF-8.
//!
//! Hence the fast path: bytes that are valid UTF-8 cannot contain `C0 80` or an encoded
//! surrogate (UTF-8 forbids both), so they decode to exactly the same text and are borrowed as is.
//! Only strings holding U+0000, a supplementary character or invalid bytes are decoded into a
//! new `String`. Decoding never fails: an invalid byte or a lone surrogate becomes U+FFFD, as
//! `java.lang.String` would do with malformed input, so one odd string (obfuscators produce them)
//! does not hide the rest of a file. A four-byte UTF-8 sequence, which no dexer writes, is
//! accepted as the character it encodes.

use std::borrow::Cow;

/// Decodes the bytes of one string (without its terminating NUL).
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(
            char::decode_utf16(Units {
                rest: bytes,
                pending: None,
            })
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
        ),
    }
}

/// The UTF-16 code units that MUTF-8 bytes stand for; one U+FFFD unit per invalid byte.
struct Units<'b> {
    rest: &'b [u8],
    /// The low surrogate of a four-byte sequence, returned on the next call.
    pending: Option<u16>,
}

fn cont(b: u8) -> bool {
    b & 0xC0 == 0x80
}

impl Iterator for Units<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        if let Some(unit) = self.pending.take() {
            return Some(unit);
        }
        let (unit, used) = match *self.rest {
            [] => return None,
            [b0, ..] if b0 < 0x80 => (u16::from(b0), 1),
            [b0, b1, ..] if b0 & 0xE0 == 0xC0 && cont(b1) => {
                ((u16::from(b0 & 0x1F) << 6) | u16::from(b1 & 0x3F), 2)
            }
            [b0, b1, b2, ..] if b0 & 0xF0 == 0xE0 && cont(b1) && cont(b2) => (
                (u16::from(b0 & 0x0F) << 12) | (u16::from(b1 & 0x3F) << 6) | u16::from(b2 & 0x3F),
                3,
            ),
            [b0, b1, b2, b3, ..] if b0 & 0xF8 == 0xF0 && cont(b1) && cont(b2) && cont(b3) => {
                let scalar = (u32::from(b0 & 0x07) << 18)
                    | (u32::from(b1 & 0x3F) << 12)
                    | (u32::from(b2 & 0x3F) << 6)
                    | u32::from(b3 & 0x3F);
                match char::from_u32(scalar) {
                    Some(c) => {
                        let mut pair = [0u16; 2];
                        let encoded = c.encode_utf16(&mut pair);
                        if let [high, low] = *encoded {
                            self.pending = Some(low);
                            (high, 4)
                        } else {
                            (pair[0], 4)
                        }
                    }
                    None => (0xFFFD, 4),
                }
            }
            _ => (0xFFFD, 1),
        };
        self.rest = self.rest.get(used..).unwrap_or_default();
        Some(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_plain_utf8_are_borrowed() {
        assert!(matches!(decode(b"Lcom/a/B;"), Cow::Borrowed("Lcom/a/B;")));
        let s = "Grüße, 世界";
        assert!(matches!(decode(s.as_bytes()), Cow::Borrowed(b) if b == s));
    }

    #[test]
    fn nul_and_surrogate_pairs_are_decoded() {
        assert_eq!(decode(b"a\xC0\x80b"), "a\0b");
        // U+1F600 as a surrogate pair, each half a three-byte sequence.
        let d = decode(b"x\xED\xA0\xBD\xED\xB8\x80y");
        assert!(matches!(d, Cow::Owned(_)));
        assert_eq!(d, "x\u{1F600}y");
    }

    #[test]
    fn invalid_input_becomes_replacement_characters() {
        assert_eq!(decode(b"a\xFFb"), "a\u{FFFD}b");
        assert_eq!(decode(b"a\xC3"), "a\u{FFFD}");
        assert_eq!(decode(b"\xE4\xB8"), "\u{FFFD}\u{FFFD}");
        // Lone high surrogate, then lone low surrogate.
        assert_eq!(decode(b"\xED\xA0\xBD!"), "\u{FFFD}!");
        assert_eq!(decode(b"\xED\xB8\x80"), "\u{FFFD}");
        // Four-byte UTF-8 mixed with MUTF-8 NUL: accepted as the character.
        assert_eq!(decode(b"\xF0\x9F\x98\x80\xC0\x80"), "\u{1F600}\0");
        // Out-of-range four-byte sequence.
        assert_eq!(decode(b"\xF7\xBF\xBF\xBF\xC0\x80"), "\u{FFFD}\0");
    }
}
