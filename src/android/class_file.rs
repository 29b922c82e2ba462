//! JVM class files (`.class`, inside an `.aar`'s `classes.jar` or a `.jar`): the class a file
//! defines, the classes its constant pool names, its string constants, and its methods with
//! their `Code` attributes (walked by [`super::jvm_code`]).
//!
//! # The format
//! JVM Specification §4.1: `u4 magic 0xCAFEBABE, u2 minor, u2 major, u2 constant_pool_count`, then
//! `constant_pool_count - 1` entries (a `u1` tag and a body whose size the tag fixes, except
//! `CONSTANT_Utf8`'s `u2` length; `Long` and `Double` take two slots), then `u2 access_flags,
//! this_class, super_class`. Class names are internal names (`com/appsflyer/AppsFlyerLib`, arrays
//! as descriptors `[Lcom/a/B;`), text is modified UTF-8 (§4.4.7), as in DEX.
//!
//! After the pool (§4.1): `u2 interfaces_count` and the interfaces, then `fields` and `methods`,
//! each `u2 access_flags, name_index, descriptor_index, attributes_count` and attributes
//! (`u2 name_index, u4 length`, body). A method's `Code` attribute (§4.7.3) holds `u2 max_stack,
//! max_locals, u4 code_length`, the bytecode, and the exception table (`handler_pc` starts a
//! handler: the walker must not assume straight-line code there).
//!
//! # Why no crate
//! sdklint needs the constant pool and the raw bytecode of each method, read in place: the
//! class-file crates (`cafebabe`, `classfile-parser`, `ristretto_classfile`, `noak`) parse every
//! field, attribute and instruction into owned values (or, for `noak`, lack the `ldc`-before-a-call
//! view sdklint needs), which costs time and memory on the tens of thousands of classes of a
//! large library and is the part most exposed to hostile input. The bytecode is walked by
//! [`super::jvm_code`] over the borrowed bytes.
//!
//! # Limits
//! The pool count is a `u2`, so at most 65,534 entries; each entry is checked against the end of
//! the file before it is read; nothing is allocated from a length field.

use std::borrow::Cow;

use thiserror::Error;

use super::dex::mutf8;

const MAGIC: u32 = 0xCAFE_BABE;

const UTF8: u8 = 1;
const INTEGER: u8 = 3;
const CLASS: u8 = 7;
const STRING: u8 = 8;
const FIELDREF: u8 = 9;
const METHODREF: u8 = 10;
const INTERFACE_METHODREF: u8 = 11;
const NAME_AND_TYPE: u8 = 12;
const INVOKE_DYNAMIC: u8 = 18;

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
    /// Offset of `interfaces_count`, just after `super_class`.
    after_header: usize,
}

/// A method of the class, with its bytecode if it has any (not `abstract` or `native`).
#[derive(Debug, Clone)]
pub struct Method<'a> {
    pub name: Cow<'a, str>,
    pub descriptor: Cow<'a, str>,
    pub code: Option<Code<'a>>,
}

/// A method's `Code` attribute.
#[derive(Debug, Clone)]
pub struct Code<'a> {
    pub bytecode: &'a [u8],
    /// The `handler_pc` of each exception-table entry.
    pub handlers: Vec<u16>,
}

/// A `CONSTANT_Fieldref`, `Methodref` or `InterfaceMethodref`: the class (internal name, or an
/// array descriptor for `clone()` on an array), the member's name and descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRef<'a> {
    pub class: Cow<'a, str>,
    pub name: Cow<'a, str>,
    pub descriptor: Cow<'a, str>,
}

/// What `ldc` / `ldc_w` push, as far as call arguments go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loadable<'a> {
    String(Cow<'a, str>),
    Int(i32),
    /// A float, class, method handle or dynamic constant.
    Other,
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
            after_header: at + 6,
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

    /// The methods, in file order. Fields are skipped over; an attribute or member that runs
    /// past the end of the file is an error (the methods before it are not returned either:
    /// the file is damaged).
    pub fn methods(&self) -> Result<Vec<Method<'a>>, ClassFileError> {
        Ok(self.members()?.1)
    }

    /// The classes named by descriptors (`Lcom/a/B;` inside `(Lcom/a/B;I)V`, arrays included):
    /// of this class's fields and methods, and of every member it refers to (the pool's
    /// `CONSTANT_NameAndType` descriptors). A class only a parameter, return or field type
    /// names is in no `CONSTANT_Class`, but the code depends on it (DEX lists such types in
    /// `type_ids`). Internal names, unsorted, with repeats; a damaged member table gives the
    /// pool's only.
    pub fn descriptor_classes(&self) -> Vec<Cow<'a, str>> {
        let mut out = Vec::new();
        for &(tag, body) in &self.entries {
            if tag == NAME_AND_TYPE
                && let Ok(index) = u16_at(self.data, body as usize + 2, "CONSTANT_NameAndType")
                && let Ok(descriptor) = self.utf8(index)
            {
                descriptor_names(&descriptor, &mut out);
            }
        }
        if let Ok((fields, methods)) = self.members() {
            for descriptor in fields.iter().chain(methods.iter().map(|m| &m.descriptor)) {
                descriptor_names(descriptor, &mut out);
            }
        }
        out
    }

    /// The field descriptors and the methods.
    #[allow(clippy::type_complexity)]
    fn members(&self) -> Result<(Vec<Cow<'a, str>>, Vec<Method<'a>>), ClassFileError> {
        let data = self.data;
        let interfaces = usize::from(u16_at(data, self.after_header, "interfaces_count")?);
        let mut at = self.after_header + 2 + 2 * interfaces;
        let fields = u16_at(data, at, "fields_count")?;
        at += 2;
        if usize::from(fields) * 8 > data.len().saturating_sub(at) {
            return Err(ClassFileError::Truncated {
                what: "fields",
                offset: at,
            });
        }
        let mut field_descriptors = Vec::with_capacity(usize::from(fields));
        for _ in 0..fields {
            field_descriptors.push(self.utf8(u16_at(data, at + 4, "field")?)?);
            at = self.skip_attributes(at + 6, "field")?;
        }
        let count = u16_at(data, at, "methods_count")?;
        at += 2;
        // Each method takes at least 8 bytes: the count cannot claim more than the file holds.
        if usize::from(count) * 8 > data.len().saturating_sub(at) {
            return Err(ClassFileError::Truncated {
                what: "methods",
                offset: at,
            });
        }
        let mut methods = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            let name = self.utf8(u16_at(data, at + 2, "method")?)?;
            let descriptor = self.utf8(u16_at(data, at + 4, "method")?)?;
            let attributes = u16_at(data, at + 6, "method")?;
            at += 8;
            let mut code = None;
            for _ in 0..attributes {
                let (attr_name, body) = self.attribute(at)?;
                if attr_name == "Code" {
                    code = Some(code_attribute(body, at)?);
                }
                at += 6 + body.len();
            }
            methods.push(Method {
                name,
                descriptor,
                code,
            });
        }
        Ok((field_descriptors, methods))
    }

    /// Skips `u2 attributes_count` and the attributes at `at`; the offset after them.
    fn skip_attributes(&self, at: usize, what: &'static str) -> Result<usize, ClassFileError> {
        let count = u16_at(self.data, at, what)?;
        let mut at = at + 2;
        for _ in 0..count {
            let (_, body) = self.attribute(at)?;
            at += 6 + body.len();
        }
        Ok(at)
    }

    /// The attribute at `at`: its name and body.
    fn attribute(&self, at: usize) -> Result<(Cow<'a, str>, &'a [u8]), ClassFileError> {
        let name = self.utf8(u16_at(self.data, at, "attribute")?)?;
        let len = u32_at(self.data, at + 2, "attribute")? as usize;
        let body = self
            .data
            .get(at + 6..)
            .and_then(|rest| rest.get(..len))
            .ok_or(ClassFileError::Truncated {
                what: "attribute",
                offset: at,
            })?;
        Ok((name, body))
    }

    /// The field or method reference at pool slot `index`.
    pub fn member_ref(&self, index: u16) -> Result<MemberRef<'a>, ClassFileError> {
        match self.entries.get(usize::from(index)) {
            Some(&(FIELDREF | METHODREF | INTERFACE_METHODREF, body)) => {
                let body = body as usize;
                let class = self.class_name(u16_at(self.data, body, "member reference")?)?;
                let (name, descriptor) =
                    self.name_and_type(u16_at(self.data, body + 2, "member reference")?)?;
                Ok(MemberRef {
                    class,
                    name,
                    descriptor,
                })
            }
            _ => Err(ClassFileError::BadReference {
                index,
                what: "member reference",
            }),
        }
    }

    /// The descriptor of the `CONSTANT_InvokeDynamic` at `index` (its call site's type).
    pub fn invoke_dynamic_descriptor(&self, index: u16) -> Result<Cow<'a, str>, ClassFileError> {
        match self.entries.get(usize::from(index)) {
            Some(&(INVOKE_DYNAMIC, body)) => {
                let nat = u16_at(self.data, body as usize + 2, "CONSTANT_InvokeDynamic")?;
                Ok(self.name_and_type(nat)?.1)
            }
            _ => Err(ClassFileError::BadReference {
                index,
                what: "CONSTANT_InvokeDynamic",
            }),
        }
    }

    /// What `ldc` of pool slot `index` pushes.
    pub fn loadable(&self, index: u16) -> Result<Loadable<'a>, ClassFileError> {
        match self.entries.get(usize::from(index)) {
            Some(&(STRING, body)) => {
                let target = u16_at(self.data, body as usize, "CONSTANT_String")?;
                Ok(Loadable::String(self.utf8(target)?))
            }
            Some(&(INTEGER, body)) => {
                Ok(Loadable::Int(
                    u32_at(self.data, body as usize, "CONSTANT_Integer")? as i32,
                ))
            }
            Some(&(tag, _)) if tag != 0 && tag != UTF8 => Ok(Loadable::Other),
            _ => Err(ClassFileError::BadReference {
                index,
                what: "loadable constant",
            }),
        }
    }

    fn name_and_type(&self, index: u16) -> Result<(Cow<'a, str>, Cow<'a, str>), ClassFileError> {
        match self.entries.get(usize::from(index)) {
            Some(&(NAME_AND_TYPE, body)) => {
                let body = body as usize;
                let name = self.utf8(u16_at(self.data, body, "CONSTANT_NameAndType")?)?;
                let descriptor = self.utf8(u16_at(self.data, body + 2, "CONSTANT_NameAndType")?)?;
                Ok((name, descriptor))
            }
            _ => Err(ClassFileError::BadReference {
                index,
                what: "CONSTANT_NameAndType",
            }),
        }
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

/// Pushes the internal name of every `L…;` in `descriptor` (borrowed when it is).
// The `Cow` itself is needed, not `&str`: a borrowed descriptor lends its names for `'a`.
#[allow(clippy::ptr_arg)]
fn descriptor_names<'a>(descriptor: &Cow<'a, str>, out: &mut Vec<Cow<'a, str>>) {
    let text: &str = descriptor;
    let mut rest = 0;
    while let Some(start) = text[rest..].find('L') {
        let start = rest + start;
        // Only an `L` at the start of a type: after `(`, `)`, `[`, `;` or a primitive letter.
        let at_type = start == 0
            || matches!(
                text.as_bytes()[start - 1],
                b'(' | b')' | b'[' | b';' | b'B' | b'C' | b'D' | b'F' | b'I' | b'J' | b'S' | b'Z'
            );
        let Some(len) = text[start..].find(';') else {
            return;
        };
        if at_type && len > 1 {
            let range = start + 1..start + len;
            out.push(match descriptor {
                Cow::Borrowed(b) => Cow::Borrowed(&b[range]),
                Cow::Owned(o) => Cow::Owned(o[range].to_string()),
            });
        }
        rest = start + len + 1;
    }
}

/// A `Code` attribute's body (`at` is the attribute's offset, for errors).
fn code_attribute(body: &[u8], at: usize) -> Result<Code<'_>, ClassFileError> {
    let truncated = ClassFileError::Truncated {
        what: "Code attribute",
        offset: at,
    };
    let len = u32_at(body, 4, "Code attribute").map_err(|_| truncated.clone())? as usize;
    let bytecode = body
        .get(8..)
        .and_then(|rest| rest.get(..len))
        .ok_or(truncated.clone())?;
    let table = 8 + len;
    let entries = u16_at(body, table, "Code attribute").map_err(|_| truncated.clone())?;
    let mut handlers = Vec::with_capacity(usize::from(entries).min(body.len() / 8));
    for i in 0..usize::from(entries) {
        // `u2 start_pc, end_pc, handler_pc, catch_type`.
        handlers.push(
            u16_at(body, table + 2 + i * 8 + 4, "Code attribute").map_err(|_| truncated.clone())?,
        );
    }
    Ok(Code { bytecode, handlers })
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
    fn names_in_descriptors() {
        let mut out = Vec::new();
        descriptor_names(
            &Cow::Borrowed("(ILcom/a/B;[Lcom/c/D$E;J)Lcom/f/G;"),
            &mut out,
        );
        descriptor_names(&Cow::Borrowed("[[Ljava/lang/String;"), &mut out);
        descriptor_names(&Cow::Borrowed("(Lbroken"), &mut out);
        assert_eq!(out, ["com/a/B", "com/c/D$E", "com/f/G", "java/lang/String"]);
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
