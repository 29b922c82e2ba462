//! `ResTable_config`: the qualifiers of one configuration (locale, density, SDK level, …) and
//! the packed language and region codes (see the module doc of [`super`]).

use super::*;

/// A `ResTable_config`: the qualifiers of one configuration. Only the locale is interpreted;
/// the rest is kept to tell the default configuration apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The first 64 bytes of the struct, zero past its declared size.
    pub(super) raw: [u8; CONFIG_KNOWN],
    /// Whether bytes past the known 64 are set (a qualifier newer than this reader).
    pub(super) unknown_set: bool,
}

impl Config {
    pub(super) fn read(bytes: &[u8]) -> Self {
        let mut raw = [0u8; CONFIG_KNOWN];
        let known = bytes.len().min(CONFIG_KNOWN);
        raw[..known].copy_from_slice(&bytes[..known]);
        Self {
            raw,
            unknown_set: bytes
                .get(CONFIG_KNOWN..)
                .is_some_and(|b| b.iter().any(|&x| x != 0)),
        }
    }

    /// No qualifier at all: the configuration every device falls back to.
    pub fn is_default(&self) -> bool {
        !self.unknown_set && self.raw[4..].iter().all(|&b| b == 0)
    }

    /// Whether a language (and so a locale) is set.
    pub fn has_locale(&self) -> bool {
        self.raw[8..10] != [0, 0]
    }

    /// The language: `fr`, `fil` (packed three-letter codes unpacked), empty if none.
    pub fn language(&self) -> String {
        unpack_language_or_region([self.raw[8], self.raw[9]], b'a')
    }

    /// The region: `BR`, `419`, empty if none.
    pub fn region(&self) -> String {
        unpack_language_or_region([self.raw[10], self.raw[11]], b'0')
    }

    /// The locale as a BCP 47 tag (`fr`, `pt-BR`, `sr-Latn`, `fil`), empty for none: language,
    /// script (unless the producer computed it rather than the developer giving it), region,
    /// variant.
    pub fn locale(&self) -> String {
        let language = self.language();
        let region = self.region();
        let script_computed = self.raw[52] != 0;
        let script = if script_computed {
            String::new()
        } else {
            ascii_field(&self.raw[36..40])
        };
        let variant = ascii_field(&self.raw[40..48]);
        if language.is_empty() && region.is_empty() && script.is_empty() && variant.is_empty() {
            return String::new();
        }
        let mut tag = if language.is_empty() {
            "und".to_owned()
        } else {
            language
        };
        for part in [script, region, variant] {
            if !part.is_empty() {
                tag.push('-');
                tag.push_str(&part);
            }
        }
        tag
    }
}

/// `unpackLanguageOrRegion`: two ASCII letters, or with the high bit set three 5-bit letters
/// (`base` is `a` for languages, `0` for regions).
pub(super) fn unpack_language_or_region(packed: [u8; 2], base: u8) -> String {
    if packed[0] & 0x80 != 0 {
        let first = packed[1] & 0x1f;
        let second = ((packed[1] & 0xe0) >> 5) | ((packed[0] & 0x03) << 3);
        let third = (packed[0] & 0x7c) >> 2;
        return [first, second, third]
            .iter()
            .map(|&c| sanitize(base.wrapping_add(c)))
            .collect();
    }
    ascii_field(&packed)
}

/// A NUL-padded ASCII field; anything that is not a letter or digit shows as `?`.
pub(super) fn ascii_field(bytes: &[u8]) -> String {
    bytes
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| sanitize(b))
        .collect()
}

pub(super) fn sanitize(b: u8) -> char {
    if b.is_ascii_alphanumeric() {
        char::from(b)
    } else {
        '?'
    }
}
