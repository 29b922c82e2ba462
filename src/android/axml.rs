//! Android binary XML ("AXML"): the compiled form of `AndroidManifest.xml` and of `res/xml/*`
//! inside an APK.
//!
//! # The format
//! A file is one `RES_XML_TYPE` (0x0003) chunk. Every chunk starts with a `ResChunk_header`
//! (`u16 type, u16 headerSize, u32 size`, little endian); its fields follow the header and its
//! payload starts at `headerSize`. Inside the XML chunk come a string pool
//! (`RES_STRING_POOL_TYPE`, UTF-16 or, with flag 0x100, UTF-8 strings), an optional resource map
//! (`RES_XML_RESOURCE_MAP_TYPE`: the framework resource id of string *i*, which is how Android
//! names attributes) and the tree nodes: `START/END_NAMESPACE`, `START/END_ELEMENT` and `CDATA`.
//! Attribute values are typed `Res_value`s (string, decimal or hex integer, boolean, reference,
//! float, …) plus an optional raw string.
//!
//! The authoritative description is AOSP's
//! `frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h` (the structs) and
//! `libs/androidfw/ResourceTypes.cpp` (`ResXMLTree::setTo`, `ResXMLParser::nextNode`,
//! `ResStringPool::stringAt`: what the platform accepts).
//!
//! # Tolerated quirks
//! Packers and obfuscators bend the format to break analysis tools while the platform still
//! installs the app, so this parser follows what `ResourceTypes.cpp` tolerates rather than what
//! aapt writes:
//! - the payload of every chunk is found through its own `headerSize` and the next chunk through
//!   its `size`, so odd header sizes work; if the XML chunk's `headerSize` is below 8 or points
//!   at garbage while a chunk starts right after the 8-byte header, that one is used;
//! - an outer chunk type other than 0x0003 is accepted when the layout is otherwise that of binary
//!   XML (8-byte header followed by a string pool), as malware uses this to fool tools;
//! - bytes after the XML chunk's declared size are ignored; unknown chunk types are skipped;
//! - when several string pools or resource maps precede the first node, the last one wins (as in
//!   `ResXMLTree::setTo`); pools after the first node are ignored;
//! - namespace chunks only declare prefixes, while elements and attributes carry their namespace
//!   URI themselves: extra, duplicated, unbalanced or garbage namespace chunks are ignored;
//! - attributes are named by their resource id, as the platform does: when the resource map gives
//!   a known framework attribute ([`FRAMEWORK_ATTRS`]) that name is used whatever the name string
//!   says (empty, garbage, or missing namespace);
//! - a string index outside the pool, a string offset outside the pool or a string whose length
//!   runs past the pool yields no string (the attribute name becomes empty, the value falls back
//!   to the typed data), as `ResStringPool::stringAt` returns NULL there; a string without its
//!   terminating NUL is accepted (its length prefix is authoritative); UTF-8 pools may encode
//!   characters outside the BMP as two 3-byte surrogates (CESU-8: aapt2 does this, see the
//!   `utf8.aapt2.axml` fixture), which are decoded as the platform's `utf8_to_utf16` does; other
//!   invalid UTF-8/UTF-16 is decoded lossily;
//! - for attributes without a resource id (such as `package`) the raw string wins over the typed
//!   value, since the platform reads those through `XmlPullParser.getAttributeValue`, which
//!   prefers the raw value; for framework attributes the typed value wins (`TypedArray`);
//! - END_ELEMENT tags are not matched by name, a stray END_ELEMENT is ignored, elements still open
//!   at the end of the data are closed, and anything after the root element closes is ignored.
//!
//! Errors name the offset: a chunk that runs past its container, a string pool whose offset table
//! runs past its chunk, an element whose attributes run past its chunk, or a tree deeper or wider
//! than the limits below.
//!
//! # Limits
//! Every count read from a header is checked against the bytes that remain before anything is
//! allocated from it; see [`MAX_STRINGS`], [`MAX_DEPTH`], [`MAX_ATTRIBUTES`] and
//! [`MAX_OUTPUT_BYTES`].
//!
//! # Why no crate
//! `axmldecoder` 0.5 panics on malformed input (`usize::try_from(..).unwrap()`, unchecked
//! `size - HEADER_SIZE` subtraction, `Vec::with_capacity(string_count)` straight from the header)
//! and renders every value to a string, losing the typed values the manifest model needs.
//! `abxml` 0.8 is unmaintained since 2018, depends on the deprecated `failure` crate and pulls in
//! a zip reader. The format is small enough that a bounds-checked reader is the safer choice.

use thiserror::Error;

use super::res_value::{
    TYPE_ATTRIBUTE, TYPE_DYNAMIC_ATTRIBUTE, TYPE_DYNAMIC_REFERENCE, TYPE_FLOAT, TYPE_INT_BOOLEAN,
    TYPE_INT_DEC, TYPE_INT_HEX, TYPE_REFERENCE, TYPE_STRING,
};
use super::string_pool::{StringPool, StringPoolError, u16_at, u32_at};
use super::xml::{AttrValue, XmlAttribute, XmlElement};
pub use super::xml::{FRAMEWORK_ATTRS, MAX_ELEMENT_DEPTH as MAX_DEPTH};

/// Most strings a string pool may declare (see [`super::string_pool`]).
pub use super::string_pool::MAX_STRINGS;

/// Most attributes one element may carry (real elements carry a few dozen at most).
pub const MAX_ATTRIBUTES: usize = 4096;

/// Most bytes of decoded strings (names and values) the whole tree may hold. A string pool entry
/// can be referenced by any number of attributes, so without this a small crafted file could
/// expand quadratically.
pub const MAX_OUTPUT_BYTES: usize = 64 << 20;

use super::string_pool::RES_STRING_POOL_TYPE;
const RES_XML_TYPE: u16 = 0x0003;
const RES_XML_FIRST_CHUNK_TYPE: u16 = 0x0100;
const RES_XML_LAST_CHUNK_TYPE: u16 = 0x017f;
const RES_XML_START_ELEMENT_TYPE: u16 = 0x0102;
const RES_XML_END_ELEMENT_TYPE: u16 = 0x0103;
const RES_XML_CDATA_TYPE: u16 = 0x0104;
const RES_XML_RESOURCE_MAP_TYPE: u16 = 0x0180;

const CHUNK_HEADER_SIZE: usize = 8;
use super::string_pool::HEADER_SIZE as STRING_POOL_HEADER_SIZE;
/// `ResXMLTree_node`: chunk header, line number, comment.
const NODE_HEADER_SIZE: usize = 16;
const ATTR_EXT_SIZE: usize = 20;
const ATTRIBUTE_SIZE: usize = 20;
const NO_INDEX: u32 = 0xFFFF_FFFF;

/// Why a binary XML document could not be read. Offsets are from the start of the document.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AxmlError {
    #[error("not Android binary XML: too short ({len} bytes)")]
    TooShort { len: usize },
    #[error("not Android binary XML: chunk type 0x{chunk_type:04x} at offset 0x0, expected 0x0003")]
    NotBinaryXml { chunk_type: u16 },
    #[error(
        "malformed chunk header (offset 0x{offset:x}, type 0x{chunk_type:04x}, header size {header_size}, size {size})"
    )]
    BadChunkHeader {
        offset: usize,
        chunk_type: u16,
        header_size: u16,
        size: u32,
    },
    #[error(
        "chunk ends past its container (offset 0x{offset:x}, size {size}, container ends at 0x{end:x})"
    )]
    ChunkPastEnd {
        offset: usize,
        size: u32,
        end: usize,
    },
    #[error("truncated chunk header (offset 0x{offset:x}, {remaining} bytes left)")]
    TruncatedChunkHeader { offset: usize, remaining: usize },
    #[error("string pool ends past the chunk (offset 0x{offset:x}, count {count})")]
    StringPoolPastChunk { offset: usize, count: u32 },
    #[error(
        "string pool holds too many strings (offset 0x{offset:x}, count {count}, limit {MAX_STRINGS})"
    )]
    TooManyStrings { offset: usize, count: u32 },
    #[error(
        "string data starts past the string pool chunk (offset 0x{offset:x}, strings start {strings_start})"
    )]
    StringDataPastChunk { offset: usize, strings_start: u32 },
    #[error("no string pool before the first element (offset 0x{offset:x})")]
    NoStringPool { offset: usize },
    #[error("element chunk too small for its header (offset 0x{offset:x}, size {size})")]
    ElementTooSmall { offset: usize, size: u32 },
    #[error(
        "attributes end past the element chunk (offset 0x{offset:x}, count {count}, size {attribute_size} each)"
    )]
    AttributesPastChunk {
        offset: usize,
        count: u16,
        attribute_size: u16,
    },
    #[error(
        "element declares too many attributes (offset 0x{offset:x}, count {count}, limit {MAX_ATTRIBUTES})"
    )]
    TooManyAttributes { offset: usize, count: u16 },
    #[error("elements nest too deeply (offset 0x{offset:x}, limit {MAX_DEPTH})")]
    TooDeep { offset: usize },
    #[error("decoded strings exceed {MAX_OUTPUT_BYTES} bytes (offset 0x{offset:x})")]
    OutputTooLarge { offset: usize },
    #[error("no root element (document ends at 0x{end:x})")]
    NoRootElement { end: usize },
}

/// A parsed binary XML document: its root element and what the platform would read otherwise.
#[derive(Debug, Clone)]
pub struct Document {
    pub root: XmlElement,
    /// Indices of pool strings without their terminating NUL (at most
    /// [`MAX_REPORTED_UNTERMINATED`]): read here by their length prefix, rejected by the
    /// platform's `ResStringPool::stringAt`.
    pub unterminated_strings: Vec<u32>,
}

/// Most unterminated strings a [`Document`] lists.
pub const MAX_REPORTED_UNTERMINATED: usize = 20;

/// Parses a binary XML document and returns its root element.
pub fn parse(bytes: &[u8]) -> Result<XmlElement, AxmlError> {
    parse_document(bytes).map(|d| d.root)
}

/// Parses a binary XML document: its root element and the pool strings the platform would reject.
pub fn parse_document(bytes: &[u8]) -> Result<Document, AxmlError> {
    let outer = ChunkHeader::read(bytes, 0).ok_or(AxmlError::TooShort { len: bytes.len() })?;
    let header_size = usize::from(outer.header_size);
    let size = outer.size as usize;
    if outer.chunk_type != RES_XML_TYPE && !starts_string_pool(bytes, CHUNK_HEADER_SIZE) {
        return Err(AxmlError::NotBinaryXml {
            chunk_type: outer.chunk_type,
        });
    }
    if size > bytes.len() {
        return Err(AxmlError::ChunkPastEnd {
            offset: 0,
            size: outer.size,
            end: bytes.len(),
        });
    }
    let end = size;
    let data = &bytes[..end];
    let header_fits = (CHUNK_HEADER_SIZE..=size).contains(&header_size);
    // The payload starts at headerSize, as in ResXMLTree::setTo; when that points at garbage but a
    // chunk starts right after the 8-byte header, the header size is the lie.
    let mut pos = if header_fits && looks_like_xml_body(data, header_size) {
        header_size
    } else if looks_like_xml_body(data, CHUNK_HEADER_SIZE) {
        CHUNK_HEADER_SIZE
    } else if header_fits {
        header_size
    } else {
        return Err(outer.malformed(0));
    };

    // Prologue: string pool(s) and resource map(s) before the first node.
    let mut pool: Option<StringPool<'_>> = None;
    let mut res_map: &[u8] = &[];
    let first_node = loop {
        let Some(chunk) = next_chunk(data, pos)? else {
            return Err(AxmlError::NoRootElement { end });
        };
        match chunk.header.chunk_type {
            RES_STRING_POOL_TYPE => pool = Some(chunk.string_pool(data)?),
            RES_XML_RESOURCE_MAP_TYPE => res_map = chunk.body(data),
            RES_XML_FIRST_CHUNK_TYPE..=RES_XML_LAST_CHUNK_TYPE => break pos,
            _ => {}
        }
        pos = chunk.end;
    };
    let pool = pool.ok_or(AxmlError::NoStringPool { offset: first_node })?;
    let unterminated_strings = pool.unterminated(MAX_REPORTED_UNTERMINATED);
    let document = |root| Document {
        root,
        unterminated_strings: unterminated_strings.clone(),
    };
    let mut builder = TreeBuilder {
        pool,
        res_map,
        budget: MAX_OUTPUT_BYTES,
        stack: Vec::new(),
        last_namespace: None,
    };

    pos = first_node;
    while let Some(chunk) = next_chunk(data, pos)? {
        match chunk.header.chunk_type {
            RES_XML_START_ELEMENT_TYPE => builder.start_element(data, &chunk)?,
            RES_XML_END_ELEMENT_TYPE => {
                if let Some(root) = builder.end_element() {
                    return Ok(document(root));
                }
            }
            // Namespaces, CDATA (text is dropped by the model), unknown node and other chunks.
            _ => {}
        }
        pos = chunk.end;
    }
    // The data ended with elements still open: close them, as the platform's parser simply
    // reports END_DOCUMENT there.
    while builder.stack.len() > 1 {
        builder.end_element();
    }
    builder
        .stack
        .pop()
        .map(document)
        .ok_or(AxmlError::NoRootElement { end })
}

/// Whether a string pool chunk header starts at `pos`.
fn starts_string_pool(bytes: &[u8], pos: usize) -> bool {
    ChunkHeader::read(bytes, pos).is_some_and(|h| {
        h.chunk_type == RES_STRING_POOL_TYPE
            && usize::from(h.header_size) == STRING_POOL_HEADER_SIZE
    })
}

/// Whether a well-formed string pool, resource map or XML node chunk starts at `pos` and fits.
fn looks_like_xml_body(bytes: &[u8], pos: usize) -> bool {
    ChunkHeader::read(bytes, pos).is_some_and(|h| {
        let header_size = usize::from(h.header_size);
        let known = match h.chunk_type {
            RES_STRING_POOL_TYPE => header_size == STRING_POOL_HEADER_SIZE,
            RES_XML_RESOURCE_MAP_TYPE => header_size == CHUNK_HEADER_SIZE,
            RES_XML_FIRST_CHUNK_TYPE..=RES_XML_CDATA_TYPE => header_size >= NODE_HEADER_SIZE,
            _ => false,
        };
        known
            && h.size as usize >= header_size
            && pos.saturating_add(h.size as usize) <= bytes.len()
    })
}

#[derive(Debug, Clone, Copy)]
struct ChunkHeader {
    chunk_type: u16,
    header_size: u16,
    size: u32,
}

impl ChunkHeader {
    fn read(bytes: &[u8], pos: usize) -> Option<Self> {
        Some(Self {
            chunk_type: u16_at(bytes, pos)?,
            header_size: u16_at(bytes, pos + 2)?,
            size: u32_at(bytes, pos + 4)?,
        })
    }

    fn malformed(&self, offset: usize) -> AxmlError {
        AxmlError::BadChunkHeader {
            offset,
            chunk_type: self.chunk_type,
            header_size: self.header_size,
            size: self.size,
        }
    }
}

/// One chunk whose header and extent have been checked against its container.
struct Chunk {
    header: ChunkHeader,
    start: usize,
    /// Start of the payload (`start + headerSize`), within `start..=end`.
    body: usize,
    end: usize,
}

impl Chunk {
    fn body<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        &data[self.body..self.end]
    }

    /// The string pool in this chunk, its errors mapped to the document's.
    fn string_pool<'a>(&self, data: &'a [u8]) -> Result<StringPool<'a>, AxmlError> {
        let bytes = &data[self.start..self.end];
        StringPool::parse(bytes, usize::from(self.header.header_size), self.start).map_err(|err| {
            match err {
                StringPoolError::HeaderTooSmall { .. } => self.header.malformed(self.start),
                StringPoolError::PastChunk { offset, count } => {
                    AxmlError::StringPoolPastChunk { offset, count }
                }
                StringPoolError::TooManyStrings { offset, count } => {
                    AxmlError::TooManyStrings { offset, count }
                }
                StringPoolError::DataPastChunk {
                    offset,
                    strings_start,
                } => AxmlError::StringDataPastChunk {
                    offset,
                    strings_start,
                },
            }
        })
    }
}

/// The chunk at `pos`, `None` at the end of `data`.
fn next_chunk(data: &[u8], pos: usize) -> Result<Option<Chunk>, AxmlError> {
    if pos >= data.len() {
        return Ok(None);
    }
    let header = ChunkHeader::read(data, pos).ok_or(AxmlError::TruncatedChunkHeader {
        offset: pos,
        remaining: data.len() - pos,
    })?;
    let header_size = usize::from(header.header_size);
    let size = header.size as usize;
    if header_size < CHUNK_HEADER_SIZE || size < header_size {
        return Err(header.malformed(pos));
    }
    let end = pos
        .checked_add(size)
        .filter(|&end| end <= data.len())
        .ok_or(AxmlError::ChunkPastEnd {
            offset: pos,
            size: header.size,
            end: data.len(),
        })?;
    Ok(Some(Chunk {
        header,
        start: pos,
        body: pos + header_size,
        end,
    }))
}

struct TreeBuilder<'a> {
    pool: StringPool<'a>,
    /// Little-endian u32 resource ids, one per string index.
    res_map: &'a [u8],
    /// Bytes of decoded strings still allowed into the tree.
    budget: usize,
    stack: Vec<XmlElement>,
    /// The last namespace string index looked up and its URI.
    last_namespace: Option<(u32, Option<String>)>,
}

impl TreeBuilder<'_> {
    /// String `index`, charged against the output budget.
    fn string(&mut self, index: u32, offset: usize) -> Result<Option<String>, AxmlError> {
        let Some(s) = self.pool.get(index).map(std::borrow::Cow::into_owned) else {
            return Ok(None);
        };
        self.charge(s.len(), offset)?;
        Ok(Some(s))
    }

    /// A namespace URI; the empty string counts as none. Nearly every attribute has the same
    /// one, so the last URI decoded is kept.
    fn namespace(&mut self, index: u32, offset: usize) -> Result<Option<String>, AxmlError> {
        if let Some((cached, uri)) = &self.last_namespace
            && *cached == index
        {
            let uri = uri.clone();
            self.charge(uri.as_deref().map_or(0, str::len), offset)?;
            return Ok(uri);
        }
        let uri = self.string(index, offset)?.filter(|s| !s.is_empty());
        self.last_namespace = Some((index, uri.clone()));
        Ok(uri)
    }

    fn charge(&mut self, len: usize, offset: usize) -> Result<(), AxmlError> {
        self.budget = self
            .budget
            .checked_sub(len)
            .ok_or(AxmlError::OutputTooLarge { offset })?;
        Ok(())
    }

    fn resource_id(&self, name_index: u32) -> Option<u32> {
        let entry = (name_index as usize).checked_mul(4)?;
        u32_at(self.res_map, entry).filter(|&id| id != 0)
    }

    fn start_element(&mut self, data: &[u8], chunk: &Chunk) -> Result<(), AxmlError> {
        let offset = chunk.start;
        if self.stack.len() >= MAX_DEPTH {
            return Err(AxmlError::TooDeep { offset });
        }
        let ext = chunk.body;
        if chunk.end - ext < ATTR_EXT_SIZE {
            return Err(AxmlError::ElementTooSmall {
                offset,
                size: chunk.header.size,
            });
        }
        // ResXMLTree_attrExt: ns, name, attributeStart, attributeSize, attributeCount, ...
        let read32 = |at: usize| u32_at(data, ext + at).unwrap_or(NO_INDEX);
        let read16 = |at: usize| u16_at(data, ext + at).unwrap_or(0);
        let (ns, name) = (read32(0), read32(4));
        let attr_start = usize::from(read16(8));
        let attr_size = read16(10);
        let attr_count = read16(12);

        let count = usize::from(attr_count);
        if count > 0 {
            let stride = usize::from(attr_size);
            // The last attribute must end inside the chunk (checked before allocating).
            // Computed in u64: the three u16 factors cannot overflow it.
            let last_end = (ext + attr_start) as u64
                + stride as u64 * (count as u64 - 1)
                + ATTRIBUTE_SIZE as u64;
            if stride < ATTRIBUTE_SIZE || last_end > chunk.end as u64 {
                return Err(AxmlError::AttributesPastChunk {
                    offset,
                    count: attr_count,
                    attribute_size: attr_size,
                });
            }
            if count > MAX_ATTRIBUTES {
                return Err(AxmlError::TooManyAttributes {
                    offset,
                    count: attr_count,
                });
            }
        }

        let mut attributes = Vec::with_capacity(count);
        for i in 0..count {
            let at = ext + attr_start + usize::from(attr_size) * i;
            attributes.push(self.attribute(data, at)?);
        }
        let element = XmlElement {
            namespace: self.namespace(ns, offset)?,
            name: self.string(name, offset)?.unwrap_or_default(),
            attributes,
            children: Vec::new(),
        };
        self.stack.push(element);
        Ok(())
    }

    /// One `ResXMLTree_attribute` at `at` (bounds already checked by the caller).
    fn attribute(&mut self, data: &[u8], at: usize) -> Result<XmlAttribute, AxmlError> {
        let read32 = |off: usize| u32_at(data, at + off).unwrap_or(NO_INDEX);
        let (ns, name, raw) = (read32(0), read32(4), read32(8));
        let data_type = data.get(at + 15).copied().unwrap_or(0);
        let value = read32(16);

        let resource_id = self.resource_id(name);
        let known = resource_id.and_then(super::xml::framework_attr_name);
        let name = match known {
            Some(known) => known.to_owned(),
            None => self.string(name, at)?.unwrap_or_default(),
        };
        let namespace = self.namespace(ns, at)?;

        // Android reads attributes without a resource id through XmlPullParser, which prefers the
        // raw string; framework attributes go through TypedArray, which reads the typed value.
        let raw_string = if resource_id.is_none() {
            self.string(raw, at)?
        } else {
            None
        };
        let value = match raw_string {
            Some(s) => AttrValue::String(s),
            None => match data_type {
                TYPE_STRING => match self.string(value, at)? {
                    Some(s) => AttrValue::String(s),
                    None => AttrValue::String(self.string(raw, at)?.unwrap_or_default()),
                },
                TYPE_REFERENCE
                | TYPE_ATTRIBUTE
                | TYPE_DYNAMIC_REFERENCE
                | TYPE_DYNAMIC_ATTRIBUTE => AttrValue::Reference(value),
                TYPE_INT_DEC => AttrValue::Int(value as i32),
                TYPE_INT_HEX => AttrValue::Hex(value),
                TYPE_INT_BOOLEAN => AttrValue::Bool(value != 0),
                TYPE_FLOAT => AttrValue::Float(f32::from_bits(value)),
                _ => AttrValue::Other {
                    data_type,
                    data: value,
                },
            },
        };
        Ok(XmlAttribute {
            namespace,
            name,
            resource_id,
            value,
        })
    }

    /// Closes the innermost element; returns the root once it closes.
    fn end_element(&mut self) -> Option<XmlElement> {
        let element = self.stack.pop()?;
        match self.stack.last_mut() {
            Some(parent) => {
                parent.children.push(element);
                None
            }
            None => Some(element),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Unit tests of the string pool decoder on pools built here. The fixtures under
    //! `fixtures/manifests` (tests/manifest.rs) cover real producer output, including UTF-8
    //! pools; these cover the length encodings and the damaged cases byte by byte.
    use super::*;

    use crate::android::string_pool::tests::pool_chunk;

    #[test]
    fn decoded_strings_are_charged_against_the_output_budget() {
        let chunk = pool_chunk(true, &[0], &[2, 2, b'h', b'i', 0]);
        let parsed = next_chunk(&chunk, 0).unwrap().unwrap();
        let mut builder = TreeBuilder {
            pool: parsed.string_pool(&chunk).unwrap(),
            res_map: &[],
            budget: 3,
            stack: Vec::new(),
            last_namespace: None,
        };
        assert_eq!(builder.string(0, 0x40), Ok(Some("hi".to_owned())));
        assert_eq!(
            builder.string(0, 0x40),
            Err(AxmlError::OutputTooLarge { offset: 0x40 })
        );
    }

    #[test]
    fn framework_attribute_table_is_sorted() {
        assert!(FRAMEWORK_ATTRS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(
            super::super::xml::framework_attr_name(0x0101_0003),
            Some("name")
        );
        assert_eq!(super::super::xml::framework_attr_name(0x0101_0004), None);
    }
}
