//! Printable runs in binary data, as `strings(1)` finds them, but UTF-8 aware: a run is a
//! sequence of printable ASCII characters (0x20–0x7E and tab) and well-formed UTF-8 sequences
//! that decode to non-control characters. Runs shorter than a minimum number of characters are
//! dropped; longer runs than [`MAX_RUN_BYTES`] are cut at a character boundary.

/// The longest string kept, in bytes; the rest of a longer run is skipped.
pub const MAX_RUN_BYTES: usize = 4096;

/// A printable run: its byte offset in the scanned slice and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    pub offset: usize,
    pub text: &'a str,
}

/// Iterate over the printable runs of at least `min_chars` characters in `bytes`.
pub fn printable_runs(bytes: &[u8], min_chars: usize) -> PrintableRuns<'_> {
    PrintableRuns {
        bytes,
        pos: 0,
        min_chars: min_chars.max(1),
    }
}

pub struct PrintableRuns<'a> {
    bytes: &'a [u8],
    pos: usize,
    min_chars: usize,
}

impl<'a> Iterator for PrintableRuns<'a> {
    type Item = Run<'a>;

    fn next(&mut self) -> Option<Run<'a>> {
        let bytes = self.bytes;
        while self.pos < bytes.len() {
            let start = self.pos;
            let mut chars = 0usize;
            let mut end = start;
            // `kept` is where the run is cut if it grows past MAX_RUN_BYTES.
            let mut kept = start;
            while let Some(len) = printable_char_len(&bytes[end..]) {
                end += len;
                chars += 1;
                if end - start <= MAX_RUN_BYTES {
                    kept = end;
                }
            }
            // Skip the byte that ended the run (or the unprintable byte at `start`).
            self.pos = if end == start { start + 1 } else { end };
            if chars >= self.min_chars {
                // Every byte in start..kept was checked to be part of a well-formed character.
                let text = std::str::from_utf8(&bytes[start..kept]).unwrap_or_default();
                return Some(Run {
                    offset: start,
                    text,
                });
            }
        }
        None
    }
}

/// The length of the printable character at the start of `bytes`, if there is one.
fn printable_char_len(bytes: &[u8]) -> Option<usize> {
    let &first = bytes.first()?;
    let len = match first {
        b'\t' | 0x20..=0x7E => return Some(1),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(bytes.get(..len)?).ok()?;
    let c = s.chars().next()?;
    (!c.is_control()).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(bytes: &[u8], min: usize) -> Vec<(usize, &str)> {
        printable_runs(bytes, min)
            .map(|r| (r.offset, r.text))
            .collect()
    }

    #[test]
    fn ascii_and_utf8_runs() {
        let bytes = b"\0\0af_purchase\0ab\0d\xc3\xa9j\xc3\xa0 vu\x01\xffhttps://x.io\x80";
        assert_eq!(
            runs(bytes, 5),
            [(2, "af_purchase"), (17, "déjà vu"), (28, "https://x.io")]
        );
        assert_eq!(runs(bytes, 2).len(), 4);
    }

    #[test]
    fn malformed_utf8_ends_a_run() {
        // A lead byte without its continuation, an overlong form, a surrogate, a C1 control.
        let bytes = b"abcde\xc3(fghij\xc0\xafklmno\xed\xa0\x80pqrst\xc2\x85uvwxy";
        assert_eq!(
            runs(bytes, 5),
            [
                (0, "abcde"),
                (6, "(fghij"),
                (14, "klmno"),
                (22, "pqrst"),
                (29, "uvwxy")
            ]
        );
    }

    #[test]
    fn long_runs_are_cut_at_a_char_boundary() {
        let mut bytes = vec![b'a'; MAX_RUN_BYTES - 1];
        bytes.extend_from_slice("é".as_bytes()); // would end at MAX_RUN_BYTES + 1
        bytes.extend_from_slice(b"tail\0next!");
        let found = runs(&bytes, 5);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1.len(), MAX_RUN_BYTES - 1);
        assert_eq!(found[1], (MAX_RUN_BYTES + 1 + 4 + 1, "next!"));
    }
}
