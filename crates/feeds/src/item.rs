//! What a parsed feed is made of, whatever its format, and how parsing fails.

use std::fmt;

use chrono::{DateTime, Utc};

/// The formats [`crate::parse`] recognises (by content, not by what the feed
/// was declared as).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RSS 2.0 (and 0.9x).
    Rss,
    /// RSS 1.0 (RDF).
    Rdf,
    Atom,
    /// A GeoJSON FeatureCollection (USGS, GDACS).
    GeoJson,
    /// JSON Feed 1.x.
    JsonFeed,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Rss => "rss",
            Format::Rdf => "rss 1.0",
            Format::Atom => "atom",
            Format::GeoJson => "geojson",
            Format::JsonFeed => "json feed",
        }
    }
}

/// One item (RSS `item`, Atom `entry`, GeoJSON `Feature`).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The item's identity within its feed: RSS `guid`, Atom `id`, the
    /// feature's id, else its link, else a hash of its title, date and text.
    pub guid: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// The summary or full text as the feed gives it (see `body_is_html`).
    pub body: Option<String>,
    /// Whether `body` is HTML (RSS descriptions, Atom html/xhtml content)
    /// rather than plain text (GeoJSON properties, Atom text).
    pub body_is_html: bool,
    /// (lat, lon) from `georss:point`, `geo:lat`/`geo:long` or a GeoJSON Point.
    pub point: Option<(f64, f64)>,
}

/// A parsed feed: its format, title and items in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub format: Format,
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

/// Where in a feed parsing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// 1-based line and column (in characters) of the document text.
    Text { line: u32, column: u32 },
    /// A path into a JSON document, e.g. `features[3].geometry`.
    Path(String),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Text { line, column } => write!(f, "line {line}, column {column}"),
            Position::Path(path) => f.write_str(path),
        }
    }
}

/// A feed that could not be parsed, with the feed's name (its URL) and the
/// position of the problem when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{feed}: {}{reason}", position.as_ref().map(|p| format!("at {p}: ")).unwrap_or_default())]
pub struct ParseError {
    pub feed: String,
    pub position: Option<Position>,
    pub reason: String,
}

impl ParseError {
    pub(crate) fn new(feed: &str, position: Option<Position>, reason: impl Into<String>) -> Self {
        ParseError {
            feed: feed.to_owned(),
            position,
            reason: reason.into(),
        }
    }
}

/// The 1-based line and column of byte offset `at` in `text`.
pub(crate) fn line_column(text: &[u8], at: usize) -> Position {
    let before = &text[..at.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Position::Text {
        line: line.min(u32::MAX as usize) as u32,
        column: column.min(u32::MAX as usize) as u32,
    }
}

impl FeedItem {
    /// The item with its guid settled: its own `id` (RSS `guid`, Atom `id`,
    /// the feature's id), else its link, else a stable hash of its title,
    /// date and body. `guid` in `self` is ignored.
    pub(crate) fn identified(mut self, id: Option<String>) -> FeedItem {
        self.guid = id.or_else(|| self.link.clone()).unwrap_or_else(|| {
            hashed_guid(&[
                self.title.as_deref(),
                self.published.map(|p| p.to_rfc3339()).as_deref(),
                self.body.as_deref(),
            ])
        });
        self
    }
}

/// A stable guid for an item that has no id or link of its own.
fn hashed_guid(parts: &[Option<&str>]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(part.unwrap_or_default().as_bytes());
        hasher.update(&[0]);
    }
    format!("sha:{}", &hasher.finalize().to_hex()[..32])
}

/// Trims `s` and collapses runs of white space; `None` when nothing is left.
pub(crate) fn clean(s: &str) -> Option<String> {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// `(lat, lon)` when both are finite and in range.
pub(crate) fn valid_point(lat: f64, lon: f64) -> Option<(f64, f64)> {
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_and_columns() {
        let text = "ab\ncdé\nf".as_bytes();
        assert_eq!(line_column(text, 0), Position::Text { line: 1, column: 1 });
        assert_eq!(line_column(text, 4), Position::Text { line: 2, column: 2 });
        // After the two-byte 'é': column counts characters.
        assert_eq!(line_column(text, 7), Position::Text { line: 2, column: 4 });
        assert_eq!(line_column(text, 99), Position::Text { line: 3, column: 2 });
        let e = ParseError::new("http://x/feed", Some(line_column(text, 4)), "boom");
        assert_eq!(e.to_string(), "http://x/feed: at line 2, column 2: boom");
        let e = ParseError::new("http://x/feed", None, "empty");
        assert_eq!(e.to_string(), "http://x/feed: empty");
    }

    #[test]
    fn points_are_checked() {
        assert_eq!(valid_point(-20.2, 168.8), Some((-20.2, 168.8)));
        assert_eq!(valid_point(91.0, 0.0), None);
        assert_eq!(valid_point(f64::NAN, 0.0), None);
        assert_eq!(valid_point(0.0, f64::INFINITY), None);
    }
}
