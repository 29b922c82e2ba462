//! JVM class files (`.class`, inside an `.aar`'s `classes.jar` or a `.jar`): the class a file
//! defines, the classes its constant pool names and its string constants.
//!
//! # The format
//! JVM Specification §4.1: `u4 magic 0xCAFEBABE, u2 minor, u2 major, u2 constant_pool_count`, then
//! `constant_pool_count - 1` entries (a `u1` tag and a body whose size the tag fixes, except
//! `CONSTANT_Utf8`'s `u2` length; `Long` and `Double` take two slots), then `u2 access_flags,
//! this_class, super_class`. Class names are internal names (`com/appsflyer/AppsFlyerLib`, arrays
//! as descriptors `[Lcom/a/B;`), text is modified UTF-8 (§4.4.7), as in DEX.
//!
//! # Why no crate
//! sdklint needs the constant pool only, read in place: the class-file crates (`cafebabe`,
//! `classfile-parser`, `ristretto_classfile`) parse every field, method, attribute and bytecode
//! body into owned values, which costs time and memory on the tens of thousands of classes of a
//! large library and is the part most exposed to hostile input.
//!
//! # Limits
//! The pool count is a `u2`, so at most 65,534 entries; each entry is checked against the end of
//! the file before it is read; nothing is allocated from a length field.

use std::borrow::Cow;

use thiserror::Error;

use super::dex::mutf8;

const MAGIC: u32 = 0xCAFE_BABE;

const UTF8: u8 = 1;
const CLASS: u8 = 7;
const STRING: u8 = 8;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ClassFileError {
    #[error("not a class file (magic {magic:#010x}, expected 0xcafebabe)")]
    BadMagic { magic: u32 },
    #[error("{what} at offset {offset:#x} runs past the end of the file")]
    Truncated { what: &'static str, offset: usize },
    #[error("constant pool entry #{index}: unknown tag {tag}")]
    BadTag { index: u16, tag: u8 },
    #[error("constant pool entry #{index} is not a {what}")]
    BadReference { index: u16, what: &'static str },
}

/// A parsed class file: the constant pool's entries by slot, borrowing the file.
#[derive(Debug, Clone)]
pub struct ClassFile<'a> {
    data: &'a [u8],
    /// Per pool slot (index 0 unused): the entry's tag and the offset of its body.
    entries: Vec<(u8, u32)>,
    this_class: u16,
}

impl<'a> ClassFile<'a> {
    pub fn parse(data: &'a [u8]) -> Result<Self, ClassFileError> {
        let magic = u32_at(data, 0, "header")?;
        if magic != MAGIC {
            return Err(ClassFileError::BadMagic { magic });
        }
        let count = u16_at(data, 8, "header")?;
        let mut entries = Vec::with_capacity(usize::from(count));
        entries.push((0, 0));
        let mut at = 10usize;
        let mut index = 1u16;
        while index < count {
            let tag = *data.get(at).ok_or(ClassFileError::Truncated {
                what: "constant pool entry",
                offset: at,
            })?;
            let body = at + 1;
            let size = match tag {
                UTF8 => 2 + usize::from(u16_at(data, body, "CONSTANT_Utf8")?),
                3 | 4 => 4,
                5 | 6 => 8,
                CLASS | STRING | 16 | 19 | 20 => 2,
                9..=12 | 17 | 18 => 4,
                15 => 3,
                _ => return Err(ClassFileError::BadTag { index, tag }),
            };
            if body + size > data.len() {
                return Err(ClassFileError::Truncated {
                    what: "constant pool entry",
                    offset: at,
                });
            }
            entries.push((tag, body as u32));
            // Long and Double take two slots; the second is unusable.
            if matches!(tag, 5 | 6) {
                entries.push((0, 0));
                index = index.saturating_add(1);
            }
            index = index.saturating_add(1);
            at = body + size;
        }
        let this_class = u16_at(data, at + 2, "this_class")?;
        let file = ClassFile {
            data,
            entries,
            this_class,
        };
        file.class_name(this_class)?;
        Ok(file)
    }

    /// The internal name of the class this file defines (`com/appsflyer/AppsFlyerLib`).
    pub fn this_class(&self) -> Cow<'a, str> {
        // Checked by `parse`.
        self.class_name(self.this_class).unwrap_or_default()
    }

    /// The internal names (or array descriptors) of every `CONSTANT_Class` in the pool, the
    /// defined class included; unreadable entries are skipped.
    pub fn classes(&self) -> impl Iterator<Item = Cow<'a, str>> + '_ {
        (1..self.entries.len() as u16).filter_map(|i| {
            (self.entries[usize::from(i)].0 == CLASS)
                .then(|| self.class_name(i).ok())
                .flatten()
        })
    }

    /// The `CONSTANT_String` constants, the literals the code loads with `ldc`.
    pub fn strings(&self) -> impl Iterator<Item = Cow<'a, str>> + '_ {
        self.entries.iter().filter_map(|&(tag, body)| {
            (tag == STRING)
                .then(|| {
                    let target = u16_at(self.data, body as usize, "CONSTANT_String").ok()?;
                    self.utf8(target).ok()
                })
                .flatten()
        })
    }

    fn class_name(&self, index: u16) -> Result<Cow<'a, str>, ClassFileError> {
        match self.entries.get(usize::from(index)) {
            Some(&(CLASS, body)) => {
                let name = u16_at(self.data, body as usize, "CONSTANT_Class")?;
                self.utf8(name)
            }
            _ => Err(ClassFileError::BadReference {
                index,
                what: "CONSTANT_Class",
            }),
        }
    }

    fn utf8(&self, index: u16) -> Result<Cow<'a, str>, ClassFileError> {
        match self.entries.get(usize::from(index)) {
            Some(&(UTF8, body)) => {
                let body = body as usize;
                let len = usize::from(u16_at(self.data, body, "CONSTANT_Utf8")?);
                // `parse` checked the entry against the end of the file.
                let bytes = self.data.get(body + 2..body + 2 + len).unwrap_or_default();
                Ok(mutf8::decode(bytes))
            }
            _ => Err(ClassFileError::BadReference {
                index,
                what: "CONSTANT_Utf8",
            }),
        }
    }
}

fn u16_at(data: &[u8], offset: usize, what: &'static str) -> Result<u16, ClassFileError> {
    data.get(offset..offset + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or(ClassFileError::Truncated { what, offset })
}

fn u32_at(data: &[u8], offset: usize, what: &'static str) -> Result<u32, ClassFileError> {
    data.get(offset..offset + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(ClassFileError::Truncated { what, offset })
}

/// `com/a/B` or `[Lcom/a/B;` → `com.a.B`; `None` for arrays of primitives.
pub fn java_name(internal: &str) -> Option<String> {
    match internal.strip_prefix('[') {
        // An array's name is a field descriptor, as in DEX.
        Some(element) => super::dex::descriptor_to_java_name(element.trim_start_matches('[')),
        None => super::dex::descriptor_to_java_name(&format!("L{internal};")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_names_and_arrays() {
        assert_eq!(java_name("com/a/B$C").as_deref(), Some("com.a.B$C"));
        assert_eq!(java_name("[[Lcom/a/B;").as_deref(), Some("com.a.B"));
        assert_eq!(java_name("[I"), None);
        assert_eq!(java_name(""), None);
    }

    #[test]
    fn not_a_class_file() {
        assert!(matches!(
            ClassFile::parse(b"PK\x03\x04...."),
            Err(ClassFileError::BadMagic { .. })
        ));
        assert!(matches!(
            ClassFile::parse(&[0xca, 0xfe, 0xba, 0xbe, 0, 0]),
            Err(ClassFileError::Truncated { .. })
        ));
    }
}
