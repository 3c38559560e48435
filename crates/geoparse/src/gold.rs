//! Readers for the geoparsing gold standards, read in place (never copied):
//! GeoWebNews (`GWN.xml`, with `gwn_full.txt` holding its toponyms that have a
//! GeoNames entry), LGL (`lgl.xml`) and WikToR: `WikToR.xml` (the articles
//! with their text) when present, else `wiki_gold.txt` (mentions and
//! coordinates without the text, so resolution sees the bare names only).
//!
//! The XML files are regular enough that a small tag scanner reads them: no
//! XML dependency. Offsets in both files are character offsets into the
//! article text (GWN after entity decoding; LGL's text is CDATA).

use std::path::{Path, PathBuf};

use crate::text::decode_entities;

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Format { path: PathBuf, reason: String },
}

/// One annotated toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    /// Character offsets into the article text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    /// GeoWebNews' type (Literal, Metonymic, Demonym, …); none elsewhere.
    pub kind: Option<String>,
    /// Coordinates, when the toponym was resolved by the annotators.
    pub coordinates: Option<(f64, f64)>,
    /// Counts as a place mention for recognition.
    pub is_place: bool,
    /// The annotators' gazetteer name ("Republic of Turkey") and GeoNames
    /// feature code (`PCLI`, `ADM1`, `PPL`), when the file gives them. For
    /// error analysis only: resolution never sees them.
    pub gazetteer_name: Option<String>,
    pub feature_code: Option<String>,
}

/// One article and its toponyms.
#[derive(Debug, Clone)]
pub struct GoldDocument {
    pub id: String,
    /// The article text; WikToR has none.
    pub text: Option<String>,
    pub toponyms: Vec<GoldToponym>,
}

/// GeoWebNews types that are place mentions (the literal and associative
/// toponyms of Gritta et al.'s taxonomy). Expressions ("the city"),
/// homonyms, non-toponyms and language names are not.
pub const GWN_PLACE_TYPES: &[&str] = &[
    "Literal",
    "Mixed",
    "Coercion",
    "Embedded_Literal",
    "Literal_Modifier",
    "Metonymic",
    "Non_Literal_Modifier",
    "Embedded_Non_Lit",
    "Demonym",
];

fn read(path: &Path) -> Result<String, GoldError> {
    std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn format_error(path: &Path, reason: impl Into<String>) -> GoldError {
    GoldError::Format {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// The blocks between `<tag ...>` and `</tag>`, in order.
fn blocks<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        // `<toponyms` is not `<toponym`.
        if !after.starts_with(['>', ' ', '\t', '\n', '/']) {
            rest = after;
            continue;
        }
        let Some(end) = after.find(&close) else { break };
        out.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    out
}

/// The text of the first `<tag>…</tag>` (attributes allowed), entity-decoded;
/// CDATA is returned as is.
fn field(block: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}");
    let mut rest = block;
    loop {
        let at = rest.find(&open)?;
        let after = &rest[at + open.len()..];
        if after.starts_with('/') || after.starts_with(" />") {
            return Some(String::new());
        }
        if after.starts_with(['>', ' ']) {
            let gt = after.find('>')?;
            if after[..gt].ends_with('/') {
                return Some(String::new());
            }
            let body = &after[gt + 1..];
            let end = body.find(&format!("</{tag}>"))?;
            let inner = &body[..end];
            let inner = inner.trim_start();
            return Some(match inner.strip_prefix("<![CDATA[") {
                Some(cdata) => cdata.trim_end().trim_end_matches("]]>").to_owned(),
                None => decode_entities(&body[..end]),
            });
        }
        rest = after;
    }
}

fn attribute(block: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let at = block.find(&key)? + key.len();
    let end = block[at..].find('"')?;
    Some(block[at..at + end].to_owned())
}

fn number<T: std::str::FromStr>(block: &str, tag: &str) -> Option<T> {
    field(block, tag)?.trim().parse().ok()
}

/// Reads GeoWebNews. Toponyms with negative or out-of-range offsets (a few)
/// are skipped.
pub fn read_gwn(path: &Path) -> Result<Vec<GoldDocument>, GoldError> {
    let xml = read(path)?;
    let mut docs = Vec::new();
    for article in blocks(&xml, "article") {
        let id = article
            .split('>')
            .next()
            .and_then(|head| attribute(head, "file"))
            .unwrap_or_default();
        let text =
            field(article, "text").ok_or_else(|| format_error(path, "an article has no text"))?;
        let length = text.chars().count();
        let mut toponyms = Vec::new();
        for t in blocks(article, "toponym") {
            let (Some(start), Some(end)) = (number::<i64>(t, "start"), number::<i64>(t, "end"))
            else {
                continue;
            };
            if start < 0 || end <= start || end as usize > length {
                continue;
            }
            let kind = field(t, "type");
            let coordinates = match (number::<f64>(t, "latitude"), number::<f64>(t, "longitude")) {
                (Some(lat), Some(lon)) if field(t, "geonamesID").is_some_and(|g| !g.is_empty()) => {
                    Some((lat, lon))
                }
                _ => None,
            };
            let is_place = kind
                .as_deref()
                .is_some_and(|k| GWN_PLACE_TYPES.contains(&k));
            toponyms.push(GoldToponym {
                start: start as usize,
                end: end as usize,
                surface: field(t, "extractedName").unwrap_or_default(),
                kind,
                coordinates,
                is_place,
                gazetteer_name: field(t, "normalisedName").filter(|n| !n.is_empty()),
                feature_code: None,
            });
        }
        toponyms.sort_by_key(|t| (t.start, t.end));
        docs.push(GoldDocument {
            id,
            text: Some(text),
            toponyms,
        });
    }
    if docs.is_empty() {
        return Err(format_error(path, "no articles"));
    }
    Ok(docs)
}

/// Reads LGL. Every toponym is a place mention; those with a gazetteer tag
/// have coordinates.
pub fn read_lgl(path: &Path) -> Result<Vec<GoldDocument>, GoldError> {
    let xml = read(path)?;
    let mut docs = Vec::new();
    for article in blocks(&xml, "article") {
        let id = article
            .split('>')
            .next()
            .and_then(|head| attribute(head, "docid"))
            .unwrap_or_default();
        let text =
            field(article, "text").ok_or_else(|| format_error(path, "an article has no text"))?;
        let length = text.chars().count();
        let mut toponyms = Vec::new();
        for t in blocks(article, "toponym") {
            let (Some(start), Some(end)) = (number::<usize>(t, "start"), number::<usize>(t, "end"))
            else {
                continue;
            };
            if end <= start || end > length {
                continue;
            }
            let coordinates = match (number::<f64>(t, "lat"), number::<f64>(t, "lon")) {
                (Some(lat), Some(lon)) => Some((lat, lon)),
                _ => None,
            };
            toponyms.push(GoldToponym {
                start,
                end,
                surface: field(t, "phrase").unwrap_or_default(),
                kind: None,
                coordinates,
                is_place: true,
                gazetteer_name: field(t, "name").filter(|n| !n.is_empty()),
                feature_code: field(t, "fcode").filter(|n| !n.is_empty()),
            });
        }
        toponyms.sort_by_key(|t| (t.start, t.end));
        docs.push(GoldDocument {
            id,
            text: Some(text),
            toponyms,
        });
    }
    if docs.is_empty() {
        return Err(format_error(path, "no articles"));
    }
    Ok(docs)
}

/// Reads WikToR's own `WikToR.xml`: one `<page>` an article, with
/// `pageTitle`, `toponymName`, `lat`, `lon`, `text` and the mentions'
/// offsets in `toponymIndices`. The title (the answer: "Lima, Ohio") is
/// kept as [`GoldToponym::gazetteer_name`] for error analysis only.
/// Mentions outside the text are skipped.
pub fn read_wiktor_xml(path: &Path) -> Result<Vec<GoldDocument>, GoldError> {
    let xml = read(path)?;
    let mut docs = Vec::new();
    for page in blocks(&xml, "page") {
        let text = field(page, "text").ok_or_else(|| format_error(path, "a page has no text"))?;
        let length = text.chars().count();
        let surface = field(page, "toponymName").unwrap_or_default();
        let coordinates = match (number::<f64>(page, "lat"), number::<f64>(page, "lon")) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            _ => None,
        };
        let title = field(page, "pageTitle").filter(|t| !t.is_empty());
        let mut toponyms = Vec::new();
        for t in blocks(page, "toponym") {
            let (Some(start), Some(end)) = (number::<usize>(t, "start"), number::<usize>(t, "end"))
            else {
                continue;
            };
            if end <= start || end > length {
                continue;
            }
            toponyms.push(GoldToponym {
                start,
                end,
                surface: surface.clone(),
                kind: None,
                coordinates,
                is_place: true,
                gazetteer_name: title.clone(),
                feature_code: None,
            });
        }
        toponyms.sort_by_key(|t| (t.start, t.end));
        docs.push(GoldDocument {
            id: docs.len().to_string(),
            text: Some(text),
            toponyms,
        });
    }
    if docs.is_empty() {
        return Err(format_error(path, "no pages"));
    }
    Ok(docs)
}

/// Reads a `name,,mention,,lat,,lon,,start,,end||…` file (WikToR's
/// `wiki_gold.txt`, GeoWebNews' `gwn_full.txt`): one line per article. The
/// first field (the annotated entity's full title) is kept as
/// [`GoldToponym::gazetteer_name`] for error analysis; resolution never uses
/// it, as it would give the answer away.
pub fn read_mentions_file(path: &Path) -> Result<Vec<GoldDocument>, GoldError> {
    let content = read(path)?;
    let mut docs = Vec::new();
    for (n, line) in content.lines().enumerate() {
        let mut toponyms = Vec::new();
        for entry in line.split("||").filter(|e| !e.trim().is_empty()) {
            let fields: Vec<&str> = entry.split(",,").collect();
            let [name, mention, lat, lon, start, end] = fields.as_slice() else {
                return Err(format_error(
                    path,
                    format!("line {}: entry {entry:?} has not 6 fields", n + 1),
                ));
            };
            let parse = |s: &str| s.trim().parse::<f64>().ok();
            let (Some(lat), Some(lon)) = (parse(lat), parse(lon)) else {
                continue;
            };
            let (Ok(start), Ok(end)) = (start.trim().parse(), end.trim().parse()) else {
                continue;
            };
            toponyms.push(GoldToponym {
                start,
                end,
                surface: (*mention).to_owned(),
                kind: None,
                coordinates: Some((lat, lon)),
                is_place: true,
                gazetteer_name: Some((*name).to_owned()).filter(|n| !n.is_empty()),
                feature_code: None,
            });
        }
        toponyms.sort_by_key(|t| (t.start, t.end));
        docs.push(GoldDocument {
            id: n.to_string(),
            text: None,
            toponyms,
        });
    }
    Ok(docs)
}

/// GeoWebNews with resolution gold from `gwn_full.txt` (its toponyms with a
/// GeoNames entry, the set other geoparsers report on), recognition gold from
/// `GWN.xml`. `dir` holds both files.
pub fn read_gwn_with_full(dir: &Path) -> Result<Vec<GoldDocument>, GoldError> {
    let mut docs = read_gwn(&dir.join("GWN.xml"))?;
    let full_path = dir.join("gwn_full.txt");
    let full = read_mentions_file(&full_path)?;
    if full.len() != docs.len() {
        return Err(format_error(
            &full_path,
            format!("{} lines for {} articles", full.len(), docs.len()),
        ));
    }
    for (doc, resolved) in docs.iter_mut().zip(full) {
        for t in &mut doc.toponyms {
            let full = resolved
                .toponyms
                .iter()
                .find(|r| r.start == t.start && r.end == t.end);
            t.coordinates = full.and_then(|r| r.coordinates);
            if let Some(r) = full {
                t.gazetteer_name = r.gazetteer_name.clone();
            }
        }
        // Entries of gwn_full.txt that GWN.xml lacks stay resolution gold.
        for r in resolved.toponyms {
            if !doc
                .toponyms
                .iter()
                .any(|t| t.start == r.start && t.end == r.end)
            {
                doc.toponyms.push(GoldToponym {
                    is_place: false,
                    ..r
                });
            }
        }
        doc.toponyms.sort_by_key(|t| (t.start, t.end));
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiktor_pages_keep_their_text_and_offsets() {
        let xml = "<pages><page number=\"1\"><pageTitle>Lima, Ohio</pageTitle>\
<toponymName>Lima</toponymName><lat>40.74</lat><lon>-84.11</lon>\
<url>https://en.wikipedia.org/wiki/Lima,_Ohio</url>\
<text>Lima is a city in Allen County, Ohio. Lima lies on I-75.</text>\
<toponymIndices><toponym><start>0</start><end>4</end></toponym>\
<toponym><start>38</start><end>42</end></toponym>\
<toponym><start>90</start><end>94</end></toponym></toponymIndices></page></pages>";
        let dir = std::env::temp_dir().join(format!("wiktor-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("WikToR.xml");
        std::fs::write(&path, xml).unwrap();
        let docs = read_wiktor_xml(&path).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        let text = doc.text.as_deref().unwrap();
        // The third offset lies past the text and is dropped.
        assert_eq!(doc.toponyms.len(), 2);
        for t in &doc.toponyms {
            let s: String = text.chars().skip(t.start).take(t.end - t.start).collect();
            assert_eq!(s, "Lima");
            assert_eq!(t.coordinates, Some((40.74, -84.11)));
            assert_eq!(t.gazetteer_name.as_deref(), Some("Lima, Ohio"));
        }
    }

    #[test]
    fn fields_and_blocks() {
        let xml = "<a><toponyms><toponym><start>3</start><name/><x>A &amp; B</x><t><![CDATA[x < y]]></t></toponym></toponyms></a>";
        let t = blocks(xml, "toponym");
        assert_eq!(t.len(), 1);
        assert_eq!(field(t[0], "start").as_deref(), Some("3"));
        assert_eq!(field(t[0], "name").as_deref(), Some(""));
        assert_eq!(field(t[0], "x").as_deref(), Some("A & B"));
        assert_eq!(field(t[0], "t").as_deref(), Some("x < y"));
    }
}
