//! Text XML (`AndroidManifest.xml` as written in a source tree, or as some tools ship it) into
//! the shared [`XmlElement`] model, with quick-xml's namespace-resolving reader.
//!
//! Every attribute value becomes [`AttrValue::String`] exactly as written (entities expanded):
//! `"21"`, `"true"` and `"@string/app_name"` stay text and the typed manifest interprets them.
//! Element and attribute prefixes are resolved to namespace URIs; `xmlns` declarations are not
//! kept as attributes. An attribute whose prefix is not declared keeps its qualified name
//! (`tools:replace`) and no namespace, rather than failing the document. Text, comments and
//! processing instructions are dropped, and anything after the root element closes is ignored.
//! Nesting deeper than [`MAX_DEPTH`] is an error.

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use thiserror::Error;

pub use super::xml::MAX_ELEMENT_DEPTH as MAX_DEPTH;
use super::xml::{AttrValue, XmlAttribute, XmlElement};

/// Why a text XML document could not be read. Offsets are byte offsets into the document.
#[derive(Debug, Clone, Error)]
pub enum TextXmlError {
    #[error("malformed XML (offset 0x{offset:x}): {source}")]
    Xml {
        offset: u64,
        #[source]
        source: quick_xml::Error,
    },
    #[error("malformed attribute (offset 0x{offset:x}): {message}")]
    Attribute { offset: u64, message: String },
    #[error("elements nest too deeply (offset 0x{offset:x}, limit {MAX_DEPTH})")]
    TooDeep { offset: u64 },
    #[error("no root element (document ends at 0x{end:x})")]
    NoRootElement { end: u64 },
    #[error("document ends inside <{name}> (offset 0x{offset:x})")]
    Unclosed { name: String, offset: u64 },
}

/// Parses a text XML document and returns its root element.
pub fn parse(bytes: &[u8]) -> Result<XmlElement, TextXmlError> {
    let mut reader = NsReader::from_reader(bytes);
    let mut stack: Vec<XmlElement> = Vec::new();
    loop {
        let offset = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(source) => {
                return Err(TextXmlError::Xml {
                    offset: reader.error_position(),
                    source,
                });
            }
        };
        match event {
            Event::Start(_) | Event::Empty(_) if stack.len() >= MAX_DEPTH => {
                return Err(TextXmlError::TooDeep { offset });
            }
            Event::Start(start) => stack.push(element(&reader, &start, offset)?),
            Event::Empty(start) => {
                let element = element(&reader, &start, offset)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::End(_) => {
                let Some(element) = stack.pop() else {
                    // quick-xml reports unmatched end tags itself; nothing to close here.
                    continue;
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::Eof => {
                return Err(match stack.pop() {
                    Some(open) => TextXmlError::Unclosed {
                        name: open.name,
                        offset,
                    },
                    None => TextXmlError::NoRootElement { end: offset },
                });
            }
            _ => {}
        }
    }
}

fn element(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    offset: u64,
) -> Result<XmlElement, TextXmlError> {
    let (ns, local) = reader.resolver().resolve_element(start.name());
    let (namespace, name) = match ns {
        ResolveResult::Bound(ns) => (Some(ns.0.to_owned()), local.as_ref().to_owned()),
        ResolveResult::Unbound => (None, local.as_ref().to_owned()),
        ResolveResult::Unknown(_) => (None, start.name().0.to_owned()),
    };
    let mut attributes = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| TextXmlError::Attribute {
            offset,
            message: e.to_string(),
        })?;
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| TextXmlError::Attribute {
                offset,
                message: e.to_string(),
            })?
            .into_owned();
        let (ns, local) = reader.resolver().resolve_attribute(attr.key);
        let (namespace, name) = match ns {
            ResolveResult::Bound(ns) => (Some(ns.0.to_owned()), local.as_ref().to_owned()),
            ResolveResult::Unbound => (None, local.as_ref().to_owned()),
            ResolveResult::Unknown(_) => (None, attr.key.0.to_owned()),
        };
        attributes.push(XmlAttribute {
            namespace,
            name,
            resource_id: None,
            value: AttrValue::String(value),
        });
    }
    Ok(XmlElement {
        namespace,
        name,
        attributes,
        children: Vec::new(),
    })
}
