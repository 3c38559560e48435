//! sitrep's feeds: RSS, Atom and JSON feeds turned into reports with their
//! extracted events, and GDELT 2.0's 15-minute exports as a built-in feed.
//!
//! - [`parse`] reads a feed document into [`FeedItem`]s whatever its format
//!   (sniffed from the content: `xml.rs` for RSS 2.0/1.0 and Atom, `json.rs`
//!   for GeoJSON and JSON Feed). A malformed feed is an error naming the feed
//!   and the position (line and column, or a JSON path), never a panic.
//! - [`Poller`] (`poll.rs`) polls feeds through the guarded fetcher with
//!   conditional GETs, stores each new item as a report linked to the events
//!   the extractor finds in it (reports are keyed by a hash of their text, so
//!   storing one twice changes nothing), remembers items by guid, records
//!   each feed's health, and raises an admin alert when a feed fails
//!   `alert_after` polls in a row (cleared by the next success). Each new
//!   item's [`ItemDocument`] goes to a [`DocumentSink`]: [`ExtractSink`]
//!   reads and stores it in the polling thread (the default), a queue sink
//!   (the CLI's, over `sitrep-bus`) publishes it for extraction workers.
//! - `gdelt.rs`: a GDELT feed polls `lastupdate.txt` and imports the events
//!   export it lists through `sitrep-ingest` when its name changed.
//!
//! The crate knows no paths of its own and no environment: the CLI passes the
//! fetch policy (with `allow_private` from `SITREP_ALLOW_PRIVATE_FETCH`), the
//! download folder, the extractor and the reverse geocoder.

mod date;
pub mod gdelt;
mod item;
mod json;
mod poll;
mod xml;

pub use date::parse_date;
pub use item::{FeedItem, Format, ParseError, ParsedFeed, Position};
pub use poll::{
    DocumentSink, ExtractSink, Handled, ItemDocument, PollError, PollResult, Polled, Poller,
    PollerOptions, ReaderSource,
};

use std::borrow::Cow;

/// Parses a feed document. `feed` names it in errors (its URL or name). The
/// format is read from the content: XML (RSS, RSS 1.0, Atom) or JSON
/// (GeoJSON FeatureCollection, JSON Feed); UTF-8 with or without a BOM,
/// UTF-16 with a BOM, or the encoding an XML declaration names.
pub fn parse(feed: &str, bytes: &[u8]) -> Result<ParsedFeed, ParseError> {
    let text = decode(feed, bytes)?;
    let start = text.char_indices().find(|(_, c)| !c.is_whitespace());
    match start {
        None => Err(ParseError::new(feed, None, "the document is empty")),
        Some((_, '<')) => xml::parse_xml(feed, &text),
        Some((_, '{' | '[')) => json::parse_json(feed, text.as_bytes()),
        Some((i, c)) => Err(ParseError::new(
            feed,
            Some(item::line_column(text.as_bytes(), i)),
            format!("neither XML nor JSON: the document starts with {c:?}"),
        )),
    }
}

/// The document as text: BOMs removed, UTF-16 and declared legacy encodings
/// decoded, anything else required to be UTF-8.
fn decode<'b>(feed: &str, bytes: &'b [u8]) -> Result<Cow<'b, str>, ParseError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
            return Ok(text);
        }
        return utf8(feed, &bytes[bom..]);
    }
    if let Some(label) = declared_encoding(bytes)
        && let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes())
        && encoding != encoding_rs::UTF_8
    {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Ok(text);
    }
    utf8(feed, bytes)
}

fn utf8<'b>(feed: &str, bytes: &'b [u8]) -> Result<Cow<'b, str>, ParseError> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        ParseError::new(
            feed,
            Some(item::line_column(bytes, e.valid_up_to())),
            "not valid UTF-8 (and no other encoding declared)",
        )
    })
}

/// The `encoding` of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_and_decoding() {
        assert!(matches!(
            parse("f", b"   ").err().map(|e| e.reason),
            Some(r) if r.contains("empty")
        ));
        let err = parse("f", b"\n  hello")
            .err()
            .unwrap_or_else(|| panic!("parsed"));
        assert_eq!(
            err.to_string(),
            "f: at line 2, column 3: neither XML nor JSON: the document starts with 'h'"
        );
        // Latin-1 declared, é as one byte.
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\
            <rss><channel><item><title>Caf\xe9</title></item></channel></rss>";
        let feed = parse("f", latin1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(feed.items[0].title.as_deref(), Some("Café"));
        // The same byte without a declaration is an error with its position.
        let err = parse("f", b"<rss>\n<x>Caf\xe9</x></rss>")
            .err()
            .unwrap_or_else(|| panic!("parsed"));
        assert_eq!(err.position, Some(Position::Text { line: 2, column: 7 }));
        // UTF-16 with a BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "<rss><channel><item><title>Ω</title></item></channel></rss>".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let feed = parse("f", &utf16).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(feed.items[0].title.as_deref(), Some("Ω"));
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding = 'windows-1252' ?><a/>").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(declared_encoding(b"<rss/>"), None);
    }
}
