//! Plain JavaScript (a React Native `index.android.bundle` as Metro writes it): its string
//! literals, and calls that look like tracking calls, with the string literals passed to them.
//!
//! Format: ECMAScript source text (ECMA-262, "Lexical Grammar"), UTF-8. This is a tokenizer, not
//! a parser and not an engine: it recognises comments, string literals (with every escape form:
//! `\n`, `\xHH`, `\uHHHH`, `\u{…}`, legacy octal, line continuations; surrogate pairs are joined),
//! template literals (nested `${…}` included; each literal piece counts as a string), regular
//! expression literals (told apart from division by the previous token, as tokenizers do without a
//! parser), identifiers, numbers and punctuators, and tracks brackets to find calls.
//!
//! A call is recorded when the called name is `track`, or starts with `log` or `track` followed by
//! an upper-case letter (`logEvent`, `logPurchase`, `trackEvent`, …): `appsFlyer.logEvent('af_purchase', …)`,
//! `Adjust.trackEvent(new AdjustEvent('abc123'))`, `analytics().logEvent('purchase')`,
//! `(0, _analytics.default)().logEvent(…)` (Babel's interop form, read as `_analytics.default().logEvent`).
//! The callee is written as its member chain with `()` for intermediate calls. Its `string_args`
//! are the string literals anywhere inside the argument list (so the token of a `new AdjustEvent('…')`
//! argument is there), at most [`MAX_CALL_ARGS`]. A method definition with the same shape
//! (`logEvent(name) { … }`, `function logEvent(…)`) is not a call and is skipped. Which SDK a
//! call belongs to is for the inventory to decide; this is evidence with lower confidence than
//! bytecode, since names in JavaScript are not bound to any class.
//!
//! Limits: at most [`MAX_STRINGS`] distinct strings and [`MAX_CALLS`] calls per bundle, and
//! bracket nesting up to [`MAX_DEPTH`]. Bytes that are not UTF-8, or hold NUL, are not JavaScript
//! and end the scan at once; an unterminated string, comment or template ends it where it starts,
//! keeping what came before.
//!
//! No crate was used: full JavaScript parsers (swc, oxc, boa) are large dependencies for reading
//! string literals, and would reject the partial or odd input that a tolerant scan still reads.

/// Distinct string literals kept per bundle.
pub const MAX_STRINGS: usize = 500_000;
/// Calls kept per bundle.
pub const MAX_CALLS: usize = 100_000;
/// String literals kept per call.
pub const MAX_CALL_ARGS: usize = 8;
/// Bracket nesting depth.
pub const MAX_DEPTH: usize = 10_000;
/// The longest callee text kept; longer chains are not recorded.
const MAX_CALLEE_LEN: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsError {
    #[error("not JavaScript text: {what} at offset {offset:#x}")]
    NotText { what: &'static str, offset: usize },
    #[error("unterminated string literal starting on line {line}")]
    UnterminatedString { line: u32 },
    #[error("unterminated template literal starting on line {line}")]
    UnterminatedTemplate { line: u32 },
    #[error("unterminated comment starting on line {line}")]
    UnterminatedComment { line: u32 },
    #[error("brackets nested deeper than {MAX_DEPTH} on line {line}")]
    TooDeep { line: u32 },
}

/// A string literal and the line (1-based) of its first occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsString {
    pub value: String,
    pub line: u32,
}

/// A tracking-style call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsCall {
    /// `appsFlyer.logEvent`, `analytics().logEvent`.
    pub callee: String,
    pub string_args: Vec<String>,
    /// The line of the called name.
    pub line: u32,
}

/// What a scan found. `error` says why it stopped early, if it did; the rest still stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsScan {
    /// Distinct strings in order of first occurrence.
    pub strings: Vec<JsString>,
    pub calls: Vec<JsCall>,
    /// More strings or calls were found than the limits keep.
    pub truncated: bool,
    pub error: Option<JsError>,
}

/// Scan bytes that should be UTF-8 JavaScript.
pub fn scan_bytes(bytes: &[u8]) -> JsScan {
    let checked = match memchr::memchr(0, bytes) {
        Some(offset) => Err(JsError::NotText {
            what: "a NUL byte",
            offset,
        }),
        None => std::str::from_utf8(bytes).map_err(|err| JsError::NotText {
            what: "invalid UTF-8",
            offset: err.valid_up_to(),
        }),
    };
    match checked {
        Ok(text) => scan(text),
        Err(err) => JsScan {
            error: Some(err),
            ..JsScan::default()
        },
    }
}

/// Scan JavaScript source text.
pub fn scan(src: &str) -> JsScan {
    let mut scanner = Scanner {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        line: 1,
        last: Last::Start,
        stack: Vec::new(),
        chain: None,
        after_function: false,
        pending: None,
        open_calls: Vec::new(),
        strings: Vec::new(),
        calls: Vec::new(),
        truncated: false,
    };
    let error = scanner.run().err();
    scanner.flush_pending(false);
    // Keep the first occurrence of each value, then restore source order.
    let mut found: Vec<(usize, JsString)> = std::mem::take(&mut scanner.strings)
        .into_iter()
        .enumerate()
        .collect();
    found.sort_by(|(i, a), (j, b)| a.value.cmp(&b.value).then(i.cmp(j)));
    found.dedup_by(|(_, later), (_, first)| later.value == first.value);
    found.sort_by_key(|(i, _)| *i);
    let mut strings: Vec<JsString> = found.into_iter().map(|(_, s)| s).collect();
    let mut truncated = scanner.truncated;
    if strings.len() > MAX_STRINGS {
        strings.truncate(MAX_STRINGS);
        truncated = true;
    }
    JsScan {
        strings,
        calls: scanner.calls,
        truncated,
        error,
    }
}

/// What the previous token was, as far as telling a regex from a division needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    /// An identifier, number, string, template, regex, `)` or `]`: a `/` after it divides.
    Value,
    /// A punctuator or a keyword after which an expression starts: a `/` starts a regex.
    Operator,
}

/// An open bracket.
struct Open {
    kind: u8,
    /// For a `(` that calls something: the callee text.
    callee: Option<String>,
    /// For a `(` that calls a tracking name: the call is the last of `open_calls`.
    capture: bool,
}

#[derive(Debug, Clone)]
struct Chain {
    text: String,
    /// The last name of the chain (`logEvent`).
    last_start: usize,
    line: u32,
}

impl Chain {
    fn last(&self) -> &str {
        &self.text[self.last_start..]
    }
}

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    last: Last,
    stack: Vec<Open>,
    chain: Option<Chain>,
    after_function: bool,
    /// A call whose `)` was just read: a call unless the next token is `{` (a method definition).
    pending: Option<JsCall>,
    /// Calls whose argument list is open, innermost last.
    open_calls: Vec<JsCall>,
    strings: Vec<JsString>,
    calls: Vec<JsCall>,
    truncated: bool,
}

/// Keywords after which an expression (so possibly a regex) starts, and that start no chain.
const EXPRESSION_KEYWORDS: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];
/// Other keywords that never start a member chain.
const STATEMENT_KEYWORDS: &[&str] = &[
    "function", "var", "let", "const", "if", "while", "for", "switch", "catch", "with", "class",
    "extends", "try", "finally", "import", "export", "async",
];

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_part(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

fn is_tracking_name(name: &str) -> bool {
    if name == "track" {
        return true;
    }
    ["log", "track"].iter().any(|prefix| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.bytes().next())
            .is_some_and(|b| b.is_ascii_uppercase())
    })
}

impl<'a> Scanner<'a> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn run(&mut self) -> Result<(), JsError> {
        if self.src.starts_with("#!") {
            self.skip_line();
        }
        while let Some(b) = self.peek(0) {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' | 0x0B | 0x0C => self.pos += 1,
                b'/' if self.peek(1) == Some(b'/') => self.skip_line(),
                b'/' if self.peek(1) == Some(b'*') => self.skip_block_comment()?,
                b'/' if self.last != Last::Value && self.try_regex() => {
                    self.token_value();
                }
                b'\'' | b'"' => {
                    let line = self.line;
                    let value = self.string_literal(b)?;
                    self.string_token(value, line);
                }
                b'`' => {
                    self.pos += 1;
                    self.template_piece()?;
                }
                b'0'..=b'9' => {
                    self.number();
                    self.token_value();
                }
                b'.' if self.peek(1).is_some_and(|c| c.is_ascii_digit()) => {
                    self.number();
                    self.token_value();
                }
                b'?' if self.peek(1) == Some(b'.')
                    && !self.peek(2).is_some_and(|c| c.is_ascii_digit()) =>
                {
                    self.pos += 2;
                    self.dot();
                }
                b'.' if self.peek(1) == Some(b'.') && self.peek(2) == Some(b'.') => {
                    self.pos += 3;
                    self.punct(b'.');
                }
                b'.' => {
                    self.pos += 1;
                    self.dot();
                }
                _ if is_ident_start(b) => self.identifier(),
                b'(' | b'[' | b'{' => {
                    self.pos += 1;
                    self.open(b)?;
                }
                b')' | b']' | b'}' => {
                    self.pos += 1;
                    self.close(b)?;
                }
                _ => {
                    self.pos += 1;
                    self.punct(b);
                }
            }
        }
        if self.stack.iter().any(|o| o.kind == b'$') {
            return Err(JsError::UnterminatedTemplate { line: self.line });
        }
        Ok(())
    }

    fn skip_line(&mut self) {
        while let Some(b) = self.peek(0) {
            if b == b'\n' {
                break;
            }
            self.pos += 1;
        }
    }

    fn skip_block_comment(&mut self) -> Result<(), JsError> {
        let line = self.line;
        self.pos += 2;
        loop {
            match self.peek(0) {
                None => return Err(JsError::UnterminatedComment { line }),
                Some(b'*') if self.peek(1) == Some(b'/') => {
                    self.pos += 2;
                    return Ok(());
                }
                Some(b) => {
                    if b == b'\n' {
                        self.line += 1;
                    }
                    self.pos += 1;
                }
            }
        }
    }

    /// At a `/` where a regex may start: skip it if it is one (ends on the same line).
    fn try_regex(&mut self) -> bool {
        let mut i = self.pos + 1;
        let mut in_class = false;
        loop {
            match self.bytes.get(i) {
                None | Some(b'\n') | Some(b'\r') => return false,
                Some(b'\\') => i += 2,
                Some(b'[') => {
                    in_class = true;
                    i += 1;
                }
                Some(b']') => {
                    in_class = false;
                    i += 1;
                }
                Some(b'/') if !in_class => {
                    i += 1;
                    break;
                }
                Some(_) => i += 1,
            }
        }
        while self.bytes.get(i).is_some_and(|&b| is_ident_part(b)) {
            i += 1;
        }
        self.pos = i;
        true
    }

    fn number(&mut self) {
        while let Some(b) = self.peek(0) {
            if is_ident_part(b) || b == b'.' {
                self.pos += 1;
                if matches!(b, b'e' | b'E') && matches!(self.peek(0), Some(b'+' | b'-')) {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A quoted string literal; `self.pos` is at the quote.
    fn string_literal(&mut self, quote: u8) -> Result<String, JsError> {
        let line = self.line;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek(0) {
                if b == quote || b == b'\\' || b == b'\n' || b == b'\r' {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.src[start..self.pos]);
            match self.peek(0) {
                Some(b) if b == quote => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out),
                _ => return Err(JsError::UnterminatedString { line }),
            }
        }
    }

    /// A template piece after a backtick or a closing `}` of `${…}`: up to the closing backtick
    /// (the template ends) or `${` (an expression starts).
    fn template_piece(&mut self) -> Result<(), JsError> {
        let line = self.line;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek(0) {
                if b == b'`' || b == b'\\' || (b == b'$' && self.peek(1) == Some(b'{')) {
                    break;
                }
                if b == b'\n' {
                    self.line += 1;
                }
                self.pos += 1;
            }
            out.push_str(&self.src[start..self.pos]);
            match self.peek(0) {
                Some(b'`') => {
                    self.pos += 1;
                    self.string_token(out, line);
                    return Ok(());
                }
                Some(b'\\') => self.escape(&mut out),
                Some(b'$') => {
                    self.pos += 2;
                    self.string_token(out, line);
                    self.push_open(b'$', None, false)?;
                    self.last = Last::Operator;
                    self.chain = None;
                    return Ok(());
                }
                _ => return Err(JsError::UnterminatedTemplate { line }),
            }
        }
    }

    /// An escape sequence; `self.pos` is at the backslash.
    fn escape(&mut self, out: &mut String) {
        self.pos += 1;
        let Some(b) = self.peek(0) else { return };
        self.pos += 1;
        match b {
            b'n' => out.push('\n'),
            b't' => out.push('\t'),
            b'r' => out.push('\r'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'v' => out.push('\u{b}'),
            b'\r' => {
                if self.peek(0) == Some(b'\n') {
                    self.pos += 1;
                }
                self.line += 1;
            }
            b'\n' => self.line += 1,
            b'0'..=b'7' => {
                // Legacy octal (`\0` alone is NUL): up to three digits, at most 0o377.
                let mut value = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.peek(0) {
                        Some(d @ b'0'..=b'7') if value * 8 + u32::from(d - b'0') <= 0o377 => {
                            value = value * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            b'x' => match self.hex_digits(2) {
                Some(v) => out.push(char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER)),
                None => out.push('x'),
            },
            b'u' => {
                let Some(unit) = self.unicode_escape() else {
                    out.push('u');
                    return;
                };
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate: join it with a following `\uDC00`–`\uDFFF`.
                    let save = self.pos;
                    if self.peek(0) == Some(b'\\') && self.peek(1) == Some(b'u') {
                        self.pos += 2;
                        if let Some(low) = self
                            .unicode_escape()
                            .filter(|l| (0xDC00..0xE000).contains(l))
                        {
                            let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                            return;
                        }
                    }
                    self.pos = save;
                    out.push(char::REPLACEMENT_CHARACTER);
                } else {
                    out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
            }
            _ => {
                // Any other character stands for itself (`\'`, `\\`, `\/`, or a non-ASCII one).
                let start = self.pos - 1;
                let len = self.src[start..].chars().next().map_or(1, char::len_utf8);
                self.pos = start + len;
                out.push_str(&self.src[start..start + len]);
            }
        }
    }

    /// After `\u`: `HHHH` or `{H…}`.
    fn unicode_escape(&mut self) -> Option<u32> {
        if self.peek(0) == Some(b'{') {
            let start = self.pos + 1;
            let end = start
                + self.bytes[start..]
                    .iter()
                    .take(7)
                    .position(|&b| b == b'}')?;
            let value = u32::from_str_radix(&self.src[start..end], 16).ok()?;
            self.pos = end + 1;
            return Some(value);
        }
        self.hex_digits(4)
    }

    fn hex_digits(&mut self, n: usize) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + n)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let value = u32::from_str_radix(&self.src[self.pos..self.pos + n], 16).ok()?;
        self.pos += n;
        Some(value)
    }

    fn identifier(&mut self) {
        let start = self.pos;
        while self.peek(0).is_some_and(is_ident_part) {
            self.pos += 1;
        }
        // Identifiers start and end at ASCII bytes or the end, so these are char boundaries.
        let name = &self.src[start..self.pos];
        self.before_token(false);
        let line = self.line;
        let after_dot = self.last == Last::Operator
            && self.chain.as_ref().is_some_and(|c| c.text.ends_with('.'));
        if after_dot {
            if let Some(chain) = self.chain.as_mut() {
                chain.last_start = chain.text.len();
                chain.text.push_str(name);
                chain.line = line;
                if chain.text.len() > MAX_CALLEE_LEN {
                    self.chain = None;
                }
            }
            self.last = Last::Value;
            self.after_function = false;
            return;
        }
        let is_expression_keyword = EXPRESSION_KEYWORDS.contains(&name);
        let is_keyword = is_expression_keyword || STATEMENT_KEYWORDS.contains(&name);
        self.chain = if is_keyword || self.after_function {
            None
        } else {
            Some(Chain {
                text: name.to_string(),
                last_start: 0,
                line,
            })
        };
        self.after_function = name == "function";
        self.last = if is_expression_keyword {
            Last::Operator
        } else {
            Last::Value
        };
    }

    fn dot(&mut self) {
        self.before_token(false);
        match self.chain.as_mut() {
            Some(chain) if self.last == Last::Value => chain.text.push('.'),
            _ => self.chain = None,
        }
        self.last = Last::Operator;
    }

    fn punct(&mut self, _b: u8) {
        self.before_token(false);
        self.chain = None;
        self.after_function = false;
        self.last = Last::Operator;
    }

    fn token_value(&mut self) {
        self.before_token(false);
        self.chain = None;
        self.after_function = false;
        self.last = Last::Value;
    }

    fn string_token(&mut self, value: String, line: u32) {
        self.before_token(false);
        self.chain = None;
        self.after_function = false;
        self.last = Last::Value;
        if value.is_empty() {
            return;
        }
        for call in &mut self.open_calls {
            if call.string_args.len() < MAX_CALL_ARGS {
                call.string_args.push(value.clone());
            }
        }
        // Bounded memory: past the limit (with room for duplicates), stop keeping strings.
        if self.strings.len() < MAX_STRINGS * 2 {
            self.strings.push(JsString { value, line });
        } else {
            self.truncated = true;
        }
    }

    /// Every token first settles a pending call: a `{` right after `)` makes it a definition.
    fn before_token(&mut self, is_open_brace: bool) {
        self.flush_pending(is_open_brace);
    }

    fn flush_pending(&mut self, is_definition: bool) {
        if let Some(call) = self.pending.take() {
            if is_definition {
                return;
            }
            if self.calls.len() < MAX_CALLS {
                self.calls.push(call);
            } else {
                self.truncated = true;
            }
        }
    }

    fn push_open(
        &mut self,
        kind: u8,
        callee: Option<String>,
        capture: bool,
    ) -> Result<(), JsError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(JsError::TooDeep { line: self.line });
        }
        self.stack.push(Open {
            kind,
            callee,
            capture,
        });
        Ok(())
    }

    fn open(&mut self, b: u8) -> Result<(), JsError> {
        self.before_token(b == b'{');
        let chain = self.chain.take();
        let is_call = b == b'(' && self.last == Last::Value && chain.is_some();
        let mut capture = false;
        let callee = if is_call {
            let chain = chain.expect("checked above");
            if is_tracking_name(chain.last()) {
                capture = true;
                self.open_calls.push(JsCall {
                    callee: chain.text.clone(),
                    string_args: Vec::new(),
                    line: chain.line,
                });
            }
            Some(chain.text)
        } else {
            None
        };
        self.push_open(b, callee, capture)?;
        self.after_function = false;
        self.last = Last::Operator;
        Ok(())
    }

    fn close(&mut self, b: u8) -> Result<(), JsError> {
        let inner = self.chain.take().filter(|_| self.last == Last::Value);
        self.before_token(false);
        let opener = match b {
            b')' => b'(',
            b']' => b'[',
            _ => b'{',
        };
        match self.stack.last() {
            Some(top) if b == b'}' && top.kind == b'$' => {
                self.stack.pop();
                return self.template_piece();
            }
            Some(top) if top.kind == opener => {}
            // An unbalanced closer: ignore it rather than unwind unrelated brackets.
            _ => {
                self.last = Last::Value;
                return Ok(());
            }
        }
        let open = self.stack.pop().expect("checked above");
        if open.capture
            && let Some(call) = self.open_calls.pop()
        {
            self.pending = Some(call);
        }
        self.chain = match (b, open.callee, inner) {
            (b')', Some(callee), _) if callee.len() + 2 <= MAX_CALLEE_LEN => {
                let last_start = callee.len();
                Some(Chain {
                    text: callee + "()",
                    last_start,
                    line: self.line,
                })
            }
            // `(0, a.b)` and `(a.b)` continue as `a.b`.
            (b')', None, Some(inner)) => Some(inner),
            _ => None,
        };
        self.last = if b == b'}' {
            Last::Operator
        } else {
            Last::Value
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(src: &str) -> Vec<String> {
        let scan = scan(src);
        assert_eq!(scan.error, None);
        scan.strings.into_iter().map(|s| s.value).collect()
    }

    fn calls(src: &str) -> Vec<(String, Vec<String>, u32)> {
        scan(src)
            .calls
            .into_iter()
            .map(|c| (c.callee, c.string_args, c.line))
            .collect()
    }

    #[test]
    fn escapes() {
        assert_eq!(
            strings(
                r#"x = 'it\'s' + "a\"b" + '\x41\u00e9\u{1F600}\uD83D\uDE00\uD800x' + '\101\0' + 'a\
b'"#
            ),
            ["it's", "a\"b", "Aé😀😀\u{FFFD}x", "A\0", "ab"]
        );
    }

    #[test]
    fn comments_regexes_and_division_hide_nothing() {
        let src = "a = b / c / d; // it's 'not' a string\n\
                   /* \"nor\n this\" */ r = /['\"]+/g.test(s) ? 'yes' : `no`;\n\
                   x = (y) / 2 + '/';";
        assert_eq!(strings(src), ["yes", "no", "/"]);
    }

    #[test]
    fn templates_nest() {
        assert_eq!(
            strings("t = `a${`b${'c'}d`}e${f}` + 'g'"),
            ["a", "b", "c", "d", "e", "g"]
        );
    }

    #[test]
    fn tracking_calls() {
        let src = "appsFlyer.logEvent('af_purchase', {af_revenue: '9.99'}, ok, err);\n\
                   Adjust.trackEvent(new AdjustEvent('abc123'));\n\
                   analytics().logEvent('purchase');\n\
                   (0, _a.default)().logEvent(`x`);\n\
                   r(d[0]).default.track(\"Order Completed\");\n\
                   console.log('not me'); logger.logs('nor me'); x.logevent('nor');\n\
                   const o = { logEvent(name) { return native.logEvent(name) } };\n\
                   function logEvent(e) {}";
        assert_eq!(
            calls(src),
            [
                (
                    "appsFlyer.logEvent".into(),
                    vec!["af_purchase".into(), "9.99".into()],
                    1
                ),
                ("Adjust.trackEvent".into(), vec!["abc123".into()], 2),
                ("analytics().logEvent".into(), vec!["purchase".into()], 3),
                ("_a.default().logEvent".into(), vec!["x".into()], 4),
                (
                    "r().default.track".into(),
                    vec!["Order Completed".into()],
                    5
                ),
                ("native.logEvent".into(), vec![], 7),
            ]
        );
    }

    #[test]
    fn errors_keep_what_came_before() {
        let scan = scan("a('one');\nb('two\n");
        assert_eq!(scan.error, Some(JsError::UnterminatedString { line: 2 }));
        assert_eq!(scan.strings.len(), 1);
        assert_eq!(
            super::scan("x /* open").error,
            Some(JsError::UnterminatedComment { line: 1 })
        );
        assert_eq!(
            super::scan("`a${b").error,
            Some(JsError::UnterminatedTemplate { line: 1 })
        );
        assert_eq!(
            scan_bytes(b"ok\xff").error,
            Some(JsError::NotText {
                what: "invalid UTF-8",
                offset: 2
            })
        );
        assert_eq!(
            super::scan(&"(".repeat(MAX_DEPTH + 1)).error,
            Some(JsError::TooDeep { line: 1 })
        );
    }
}
