//! Reading ad texts: plain text (one ad per paragraph), CSV (a header row) and JSON Lines.
//!
//! Ad exports differ in how they name their columns (`headline`, `Title`, `Primary text`,
//! `call_to_action`, `CTA`), so names are compared folded to lower-case letters and digits and
//! looked up in [`FIELD_NAMES`]; unknown columns are ignored. A record that cannot be read (a
//! JSON line that is not an object, a CSV row with an unterminated quote) is reported with its
//! line and the others are still checked; a file that has no text column at all, is not UTF-8 or
//! is larger than [`MAX_FILE_BYTES`] is not read.

use std::path::Path;

use serde::Serialize;

use super::{Ad, AdField};
use crate::rules::ad_copy::merge_key;

/// Larger files are refused: ad sets are kilobytes; a mistaken path should not fill memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The formats `sdklint copy` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// One ad per paragraph, paragraphs separated by blank lines.
    Text,
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl InputFormat {
    /// The format a file extension stands for: `.txt`, `.csv`, `.jsonl` / `.ndjson`.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "csv" => Some(InputFormat::Csv),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Csv => "csv",
            InputFormat::Jsonl => "jsonl",
        }
    }
}

/// A file, or one record of it, that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ReadError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// What [`read`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadAds {
    pub format: InputFormat,
    pub ads: Vec<Ad>,
    pub errors: Vec<ReadError>,
}

/// Column and key names (folded to letters and digits) → the field they hold.
pub const FIELD_NAMES: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "id",
            "adid",
            "creativeid",
            "tweetid",
            "postid",
            "key",
            "ref",
            "reference",
        ],
    ),
    (
        "headline",
        &[
            "headline",
            "title",
            "heading",
            "header",
            "adheadline",
            "headlinetext",
            "titre",
            "titulo",
            "titular",
            "uberschrift",
            "schlagzeile",
            "titel",
        ],
    ),
    (
        "body",
        &[
            "body",
            "text",
            "description",
            "copy",
            "primarytext",
            "adtext",
            "adcopy",
            "tweettext",
            "tweet",
            "posttext",
            "message",
            "bodytext",
            "texte",
            "corps",
            "texto",
            "cuerpo",
            "descripcion",
            "anzeigentext",
            "beschreibung",
        ],
    ),
    (
        "cta",
        &[
            "cta",
            "calltoaction",
            "ctatext",
            "button",
            "buttontext",
            "buttonlabel",
            "action",
            "boton",
            "bouton",
            "schaltflache",
        ],
    ),
];

/// The field a column or key name stands for.
pub fn field_of(name: &str) -> Option<&'static str> {
    let key = merge_key(name);
    FIELD_NAMES
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(field, _)| *field)
}

/// Read the ads of one file.
pub fn read(path: &Path, format: Option<InputFormat>) -> Result<ReadAds, ReadError> {
    let file = path.display().to_string();
    let fail = |line: Option<usize>, message: String| ReadError {
        file: file.clone(),
        line,
        message,
    };
    let format = format
        .or_else(|| InputFormat::from_path(path))
        .ok_or_else(|| {
            fail(
                None,
                "unknown ad file type (use .txt, .csv, .jsonl or .ndjson, or --input-format)"
                    .into(),
            )
        })?;
    let size = std::fs::metadata(path)
        .map_err(|e| fail(None, e.to_string()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(
            None,
            format!("{size} bytes is more than the {MAX_FILE_BYTES} an ad file may have"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(None, e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        fail(Some(line), "not UTF-8 text".into())
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (ads, errors) = match format {
        InputFormat::Text => (paragraphs(&file, text), Vec::new()),
        InputFormat::Csv => csv_ads(&file, text)?,
        InputFormat::Jsonl => jsonl_ads(&file, text),
    };
    Ok(ReadAds {
        format,
        ads,
        errors,
    })
}

/// Plain text: every run of non-blank lines is one ad, id `file:line`.
fn paragraphs(file: &str, text: &str) -> Vec<Ad> {
    let mut ads = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut push = |current: &mut Option<(usize, String)>| {
        if let Some((line, text)) = current.take() {
            ads.push(Ad {
                file: file.to_string(),
                id: format!("{file}:{line}"),
                line,
                fields: vec![AdField {
                    name: "text".into(),
                    text,
                    line,
                }],
            });
        }
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            push(&mut current);
            continue;
        }
        match &mut current {
            Some((_, text)) => {
                text.push('\n');
                text.push_str(line);
            }
            None => current = Some((i + 1, line.to_string())),
        }
    }
    push(&mut current);
    ads
}

/// Builds an ad from `(name, value, line)` fields; `None` when it has no text.
fn ad_of(file: &str, line: usize, fields: Vec<(&'static str, String, usize)>) -> Option<Ad> {
    let mut id = None;
    let mut texts = Vec::new();
    for (name, value, at) in fields {
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        if name == "id" {
            id.get_or_insert(value);
        } else {
            texts.push(AdField {
                name: name.to_string(),
                text: value,
                line: at,
            });
        }
    }
    (!texts.is_empty()).then(|| Ad {
        file: file.to_string(),
        id: id.unwrap_or_else(|| format!("{file}:{line}")),
        line,
        fields: texts,
    })
}

/// CSV with a header row; `;` separates fields when the header has more `;` than `,`.
fn csv_ads(file: &str, text: &str) -> Result<(Vec<Ad>, Vec<ReadError>), ReadError> {
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let fail = |line: Option<usize>, message: String| ReadError {
        file: file.to_string(),
        line,
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| fail(Some(1), e.to_string()))?
        .clone();
    let columns: Vec<Option<&'static str>> = headers.iter().map(field_of).collect();
    if !columns.iter().any(|c| matches!(c, Some(f) if *f != "id")) {
        let names: Vec<&str> = headers.iter().collect();
        return Err(fail(
            Some(1),
            format!(
                "no headline, body or cta column in the header ({})",
                names.join(", ")
            ),
        ));
    }
    let mut ads = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map(|p| p.line() as usize);
                errors.push(fail(line, err.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let fields = columns
            .iter()
            .zip(record.iter())
            .filter_map(|(column, value)| column.map(|c| (c, value.to_string(), line)))
            .collect();
        ads.extend(ad_of(file, line, fields));
    }
    Ok((ads, errors))
}

/// JSON Lines: one object per non-blank line; string (or number, for ids) values.
fn jsonl_ads(file: &str, text: &str) -> (Vec<Ad>, Vec<ReadError>) {
    let mut ads = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fail = |message: String| ReadError {
            file: file.to_string(),
            line: Some(number),
            message,
        };
        let object = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(object)) => object,
            Ok(_) => {
                errors.push(fail("expected a JSON object".into()));
                continue;
            }
            Err(err) => {
                errors.push(fail(format!("invalid JSON: {err}")));
                continue;
            }
        };
        let fields = object
            .iter()
            .filter_map(|(key, value)| {
                let field = field_of(key)?;
                let value = match value {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) if field == "id" => n.to_string(),
                    _ => return None,
                };
                Some((field, value, number))
            })
            .collect();
        ads.extend(ad_of(file, number, fields));
    }
    (ads, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_tolerated() {
        for (name, field) in [
            ("Headline", "headline"),
            ("call_to_action", "cta"),
            ("Call To Action", "cta"),
            ("Primary text", "body"),
            ("ad_id", "id"),
            ("CTA", "cta"),
        ] {
            assert_eq!(field_of(name), Some(field), "{name}");
        }
        assert_eq!(field_of("impressions"), None);
    }

    #[test]
    fn paragraphs_are_ads_with_their_first_line() {
        let ads = paragraphs("a.txt", "One ad\nstill one\n\n  \nTwo\n");
        let got: Vec<(&str, usize, &str)> = ads
            .iter()
            .map(|a| (a.id.as_str(), a.line, a.fields[0].text.as_str()))
            .collect();
        assert_eq!(
            got,
            [("a.txt:1", 1, "One ad\nstill one"), ("a.txt:5", 5, "Two")]
        );
    }

    #[test]
    fn csv_keeps_ids_and_lines_and_reports_a_missing_text_column() {
        let (ads, errors) = csv_ads(
            "a.csv",
            "id;Headline;Body;clicks\nx1;Hi;\"two\nlines\";3\n;No id;;\n",
        )
        .unwrap();
        assert!(errors.is_empty());
        assert_eq!((ads[0].id.as_str(), ads[0].line), ("x1", 2));
        assert_eq!(ads[0].fields[1].text, "two\nlines");
        assert_eq!((ads[1].id.as_str(), ads[1].line), ("a.csv:4", 4));
        let err = csv_ads("b.csv", "id,clicks\n1,2\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.csv:1: no headline, body or cta column in the header (id, clicks)"
        );
    }

    #[test]
    fn bad_json_lines_are_reported_and_the_rest_read() {
        let (ads, errors) = jsonl_ads(
            "a.jsonl",
            "{\"id\": 7, \"headline\": \"Hi\"}\n[1]\n{oops\n\n{\"body\": \"B\"}\n",
        );
        assert_eq!(ads.len(), 2);
        assert_eq!((ads[0].id.as_str(), ads[1].id.as_str()), ("7", "a.jsonl:5"));
        let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(2), Some(3)]);
        assert_eq!(errors[0].to_string(), "a.jsonl:2: expected a JSON object");
    }
}
