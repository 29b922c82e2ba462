//! Swift names: the module and type of a mangled symbol or type reference (the Swift ABI's
//! `docs/ABI/Mangling.rst`), only the leading nominal-type context.

/// Module and type of a Swift symbol (`_$s12AppsFlyerLib0aB0C5startyyF`, `$s…`, Swift 4's `_$S…`):
/// only the leading nominal-type context is read (see [`demangle_nominal`]).
pub(super) fn demangle_swift_symbol(symbol: &str) -> Option<(String, Option<String>)> {
    let mangled = ["_$s", "$s", "_$S", "$S"]
        .iter()
        .find_map(|p| symbol.strip_prefix(p))?;
    demangle_nominal(mangled)
}

/// A small demangler for the common prefix of Swift mangled names: a module (`<len><ident>`, or
/// `s` for Swift, `So` for imported Objective-C, `SC` for synthesized C types) followed by nominal
/// types (`<len><ident>` then `C` class, `V` struct, `O` enum, `P` protocol, `a` alias). Identifiers
/// using word substitutions (`0…`) or other substitutions end the walk: what was read so far is
/// returned. Not a full demangler (swift-demangle is C++ and not available here).
pub fn demangle_nominal(mangled: &str) -> Option<(String, Option<String>)> {
    let mut rest = mangled;
    let module = if let Some(r) = rest.strip_prefix("So") {
        rest = r;
        "__C".to_string()
    } else if let Some(r) = rest.strip_prefix("SC") {
        rest = r;
        "__C_Synthesized".to_string()
    } else if let Some(r) = rest.strip_prefix('s')
        && r.starts_with(|c: char| c.is_ascii_digit())
    {
        rest = r;
        "Swift".to_string()
    } else {
        let (ident, r) = identifier(rest)?;
        rest = r;
        ident.to_string()
    };
    let mut path: Vec<&str> = Vec::new();
    while let Some((ident, r)) = identifier(rest) {
        let Some(kind) = r.chars().next() else { break };
        if !matches!(kind, 'C' | 'V' | 'O' | 'P' | 'a') {
            break;
        }
        path.push(ident);
        rest = &r[1..];
    }
    if module == "__C" || module == "Swift" || module == "__C_Synthesized" {
        // Types of the system's modules say nothing about the SDKs in the image.
        path.first()?;
    }
    let name = (!path.is_empty()).then(|| path.join("."));
    Some((module, name))
}

/// Module and name of a Swift class from its Objective-C runtime name, the legacy mangling
/// `_TtC<len><module><len><class>` that a Swift class not renamed with `@objc(…)` goes by in
/// `_OBJC_CLASS_$_…` symbols and class lists (`_TtC9InMobiSDK5IMSdk`: InMobi SDK 10's `IMSdk`, as
/// ironSource's InMobi adapter imports it). Nested classes (`_TtCC…`) and the standard library's
/// (`_TtCs…`) give `None`.
pub fn objc_runtime_swift_class(name: &str) -> Option<(String, String)> {
    let rest = name.strip_prefix("_TtC")?;
    let (module, rest) = identifier(rest)?;
    let (class, rest) = identifier(rest)?;
    rest.is_empty()
        .then(|| (module.to_string(), class.to_string()))
}

/// `<decimal length><identifier>` with a plain (non-substituted) ASCII identifier.
pub(super) fn identifier(s: &str) -> Option<(&str, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || s.starts_with('0') {
        return None;
    }
    let len: usize = s[..digits].parse().ok()?;
    let ident = s.get(digits..digits.checked_add(len)?)?;
    let valid = ident
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !ident.starts_with(|c: char| c.is_ascii_digit());
    valid.then(|| (ident, &s[digits + len..]))
}

/// The mangled names of a `__swift5_typeref` section, symbolic references (`\x01`–`\x17` plus a
/// 4-byte offset, `\x18`–`\x1f` plus a pointer) cut out: each name is the plain text before the
/// first symbolic reference.
pub(super) fn swift_typerefs(data: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = Vec::new();
    let mut plain = true;
    let mut i = 0usize;
    while i < data.len() {
        match data[i] {
            0 => {
                if !current.is_empty()
                    && let Ok(s) = String::from_utf8(std::mem::take(&mut current))
                {
                    names.push(s);
                }
                current.clear();
                plain = true;
                i += 1;
            }
            0x01..=0x17 => {
                plain = false;
                i += 5;
            }
            0x18..=0x1f => {
                plain = false;
                i += 9;
            }
            b => {
                if plain {
                    current.push(b);
                }
                i += 1;
            }
        }
    }
    names
}
