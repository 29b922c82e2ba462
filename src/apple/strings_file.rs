//! `.strings` files: the localized string tables of an Apple bundle (`fr.lproj/InfoPlist.strings`
//! localizes the Info.plist's usage descriptions).
//!
//! Three encodings occur in shipped apps:
//! - a binary property list (`bplist00`): what Xcode writes by default (`STRINGS_FILE_OUTPUT_ENCODING
//!   = binary`); decoded by [`super::plist`];
//! - the text format `"key" = "value";` (the OpenStep property-list syntax of a dictionary without
//!   its braces, described in Apple's "String Resources" / "Old-Style ASCII Property Lists"
//!   documentation) in UTF-16 with a byte-order mark (Xcode's historical output, and what
//!   `genstrings` writes), or UTF-8 with or without a BOM;
//! - an XML property list (rare; some localization tools write it).
//!
//! The text reader is hand-written: the `plist` crate's ASCII reader needs the surrounding braces
//! and has no UTF-16 decoding, and no crate parses `.strings` files over borrowed bytes. Tolerated:
//! `/* */` and `//` comments anywhere, unquoted keys and values (`key = value;` with letters,
//! digits and `_.$:/-`), a key without a value (`"key";` means the value is the key), the escapes
//! `\n \t \r \" \\ \' \a \b \f \v`, `\Uxxxx`/`\uxxxx` (UTF-16 code units, surrogate pairs joined),
//! octal `\ooo`, UTF-16 without a BOM when every other byte is zero, lone surrogates (replaced by
//! U+FFFD, as Foundation does), a missing final `;`. The input size is bounded by
//! [`MAX_STRINGS_BYTES`] before it is decoded.

use super::plist::{self, PlistError, PlistValue};

/// Most bytes a `.strings` file may have (real ones hold a few hundred strings: tens of KB).
pub const MAX_STRINGS_BYTES: usize = 16 << 20;

/// One `key = value` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringsEntry {
    pub key: String,
    pub value: String,
    /// 1-based line of the key in a text file; `None` in a binary or XML plist.
    pub line: Option<usize>,
}

/// The encoding the file was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringsEncoding {
    BinaryPlist,
    XmlPlist,
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// A decoded `.strings` file, entries in file order (a repeated key appears each time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringsFile {
    pub encoding: StringsEncoding,
    pub entries: Vec<StringsEntry>,
}

impl StringsFile {
    /// The value of `key` (the last one if repeated, as Foundation reads it).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| e.value.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StringsError {
    #[error("{len} bytes, more than the limit of {limit} bytes for a .strings file")]
    TooLarge { len: usize, limit: usize },
    #[error("{0}")]
    Plist(#[from] PlistError),
    #[error("the property list's value for {key:?} is a {found}, not a string")]
    NotAString { key: String, found: &'static str },
    #[error("not UTF-8 text (invalid byte at offset {offset}) and no UTF-16 byte-order mark")]
    Encoding { offset: usize },
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
}

/// Decode a `.strings` file in any of its encodings.
pub fn parse(bytes: &[u8]) -> Result<StringsFile, StringsError> {
    if bytes.len() > MAX_STRINGS_BYTES {
        return Err(StringsError::TooLarge {
            len: bytes.len(),
            limit: MAX_STRINGS_BYTES,
        });
    }
    if bytes.starts_with(b"bplist") {
        return from_plist(bytes, StringsEncoding::BinaryPlist);
    }
    let (text, encoding) = decode_text(bytes)?;
    let trimmed = text.trim_start();
    if trimmed.starts_with("<?xml") || trimmed.starts_with("<plist") {
        return from_plist(text.as_bytes(), StringsEncoding::XmlPlist);
    }
    Ok(StringsFile {
        encoding,
        entries: Parser::new(&text).entries()?,
    })
}

fn from_plist(bytes: &[u8], encoding: StringsEncoding) -> Result<StringsFile, StringsError> {
    let dict = plist::parse_dict(bytes)?;
    let mut entries = Vec::with_capacity(dict.len());
    for (key, value) in dict {
        match value {
            PlistValue::String(value) => entries.push(StringsEntry {
                key,
                value,
                line: None,
            }),
            other => {
                return Err(StringsError::NotAString {
                    key,
                    found: other.type_name(),
                });
            }
        }
    }
    Ok(StringsFile { encoding, entries })
}

fn decode_text(bytes: &[u8]) -> Result<(String, StringsEncoding), StringsError> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((utf16(rest, u16::from_le_bytes), StringsEncoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((utf16(rest, u16::from_be_bytes), StringsEncoding::Utf16Be));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 without a BOM: ASCII punctuation (`"`, `=`, `;`) leaves a zero byte beside it.
    if body.len() >= 4 && body.len().is_multiple_of(2) {
        if body[0] == 0 && body[1] != 0 && body[2] == 0 {
            return Ok((utf16(body, u16::from_be_bytes), StringsEncoding::Utf16Be));
        }
        if body[0] != 0 && body[1] == 0 && body[3] == 0 {
            return Ok((utf16(body, u16::from_le_bytes), StringsEncoding::Utf16Le));
        }
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_owned(), StringsEncoding::Utf8)),
        Err(e) => Err(StringsError::Encoding {
            offset: bytes.len() - body.len() + e.valid_up_to(),
        }),
    }
}

/// Decode UTF-16 code units; an odd trailing byte is dropped and lone surrogates become U+FFFD.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            chars: text.chars().peekable(),
            line: 1,
        }
    }

    fn error(&self, message: impl Into<String>) -> StringsError {
        StringsError::Syntax {
            line: self.line,
            message: message.into(),
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    /// Skip whitespace and comments.
    fn skip(&mut self) -> Result<(), StringsError> {
        loop {
            match self.chars.peek() {
                Some(c) if c.is_whitespace() || *c == '\u{FEFF}' => {
                    self.bump();
                }
                Some('/') => {
                    let mut ahead = self.chars.clone();
                    ahead.next();
                    match ahead.next() {
                        Some('/') => {
                            while let Some(c) = self.bump() {
                                if c == '\n' {
                                    break;
                                }
                            }
                        }
                        Some('*') => {
                            let start = self.line;
                            self.bump();
                            self.bump();
                            let mut prev = '\0';
                            loop {
                                match self.bump() {
                                    Some('/') if prev == '*' => break,
                                    Some(c) => prev = c,
                                    None => {
                                        return Err(StringsError::Syntax {
                                            line: start,
                                            message: "comment never closed".into(),
                                        });
                                    }
                                }
                            }
                        }
                        _ => return Ok(()),
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn entries(mut self) -> Result<Vec<StringsEntry>, StringsError> {
        let mut entries = Vec::new();
        loop {
            self.skip()?;
            if self.chars.peek().is_none() {
                return Ok(entries);
            }
            let line = self.line;
            let key = self.token("a key")?;
            self.skip()?;
            let value = match self.chars.peek() {
                Some('=') => {
                    self.bump();
                    self.skip()?;
                    let value = self.token("a value")?;
                    self.skip()?;
                    value
                }
                _ => key.clone(),
            };
            match self.chars.peek() {
                Some(';') => {
                    self.bump();
                }
                None => {}
                Some(c) => {
                    let c = *c;
                    return Err(self.error(format!("expected ';' after {key:?}, found {c:?}")));
                }
            }
            entries.push(StringsEntry {
                key,
                value,
                line: Some(line),
            });
        }
    }

    fn token(&mut self, what: &str) -> Result<String, StringsError> {
        match self.chars.peek().copied() {
            Some('"') => {
                self.bump();
                self.quoted()
            }
            Some(c) if is_unquoted(c) => {
                let mut s = String::new();
                while let Some(&c) = self.chars.peek() {
                    if !is_unquoted(c) {
                        break;
                    }
                    s.push(c);
                    self.bump();
                }
                Ok(s)
            }
            Some(c) => Err(self.error(format!("expected {what}, found {c:?}"))),
            None => Err(self.error(format!("expected {what}, found the end of the file"))),
        }
    }

    fn quoted(&mut self) -> Result<String, StringsError> {
        let start = self.line;
        let mut s = String::new();
        let mut units: Vec<u16> = Vec::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(StringsError::Syntax {
                    line: start,
                    message: "string never closed".into(),
                });
            };
            if c != '\\' || !matches!(self.chars.peek(), Some('U' | 'u')) {
                flush_units(&mut units, &mut s);
            }
            match c {
                '"' => return Ok(s),
                '\\' => {
                    let Some(e) = self.bump() else { continue };
                    match e {
                        'n' => s.push('\n'),
                        't' => s.push('\t'),
                        'r' => s.push('\r'),
                        'a' => s.push('\u{7}'),
                        'b' => s.push('\u{8}'),
                        'f' => s.push('\u{c}'),
                        'v' => s.push('\u{b}'),
                        'U' | 'u' => {
                            let mut v = 0u16;
                            for _ in 0..4 {
                                match self.chars.peek().and_then(|c| c.to_digit(16)) {
                                    Some(d) => {
                                        v = v * 16 + d as u16;
                                        self.bump();
                                    }
                                    None => break,
                                }
                            }
                            units.push(v);
                        }
                        '0'..='7' => {
                            let mut v = e.to_digit(8).unwrap_or(0);
                            for _ in 0..2 {
                                match self.chars.peek().and_then(|c| c.to_digit(8)) {
                                    Some(d) => {
                                        v = v * 8 + d;
                                        self.bump();
                                    }
                                    None => break,
                                }
                            }
                            s.push(char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER));
                        }
                        other => s.push(other),
                    }
                }
                c => s.push(c),
            }
        }
    }
}

fn flush_units(units: &mut Vec<u16>, s: &mut String) {
    if !units.is_empty() {
        s.extend(
            char::decode_utf16(units.drain(..)).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)),
        );
    }
}

fn is_unquoted(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$' | ':' | '/' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(f: &StringsFile) -> Vec<(&str, &str, Option<usize>)> {
        f.entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.line))
            .collect()
    }

    #[test]
    fn text_with_comments_and_escapes() {
        let text = "/* Tracking */\n\"NSUserTrackingUsageDescription\" = \"We \\\"track\\\"\\nyou\";\n// x\nCFBundleName = Shop; \"k\";\n\"e\" = \"\\U00e9\\UD83D\\UDE00 \\101\"";
        let f = parse(text.as_bytes()).unwrap();
        assert_eq!(f.encoding, StringsEncoding::Utf8);
        assert_eq!(
            entries(&f),
            vec![
                (
                    "NSUserTrackingUsageDescription",
                    "We \"track\"\nyou",
                    Some(2)
                ),
                ("CFBundleName", "Shop", Some(4)),
                ("k", "k", Some(4)),
                ("e", "é😀 A", Some(5)),
            ]
        );
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "\"a\" = \"ç\";";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        let mut bare = Vec::new();
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
            bare.extend(u.to_le_bytes());
        }
        for (bytes, enc) in [
            (le, StringsEncoding::Utf16Le),
            (be, StringsEncoding::Utf16Be),
            (bare, StringsEncoding::Utf16Le),
        ] {
            let f = parse(&bytes).unwrap();
            assert_eq!(f.encoding, enc);
            assert_eq!(f.get("a"), Some("ç"));
        }
    }

    #[test]
    fn syntax_errors_name_the_line() {
        assert_eq!(
            parse(b"\"a\" = \"b\";\n\"c\" = ;"),
            Err(StringsError::Syntax {
                line: 2,
                message: "expected a value, found ';'".into()
            })
        );
        assert_eq!(
            parse(b"\"a\" = \"b"),
            Err(StringsError::Syntax {
                line: 1,
                message: "string never closed".into()
            })
        );
        assert!(matches!(
            parse(b"/* open"),
            Err(StringsError::Syntax { line: 1, .. })
        ));
        assert_eq!(
            parse(b"\"a\" = \"\xff\";"),
            Err(StringsError::Encoding { offset: 7 })
        );
    }
}
