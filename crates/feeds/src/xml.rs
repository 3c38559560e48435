//! RSS 2.0, RSS 1.0 (RDF) and Atom over roxmltree. roxmltree builds a
//! read-only tree with byte ranges and reports errors with line and column;
//! it never fetches external entities and bounds entity expansion, so a
//! hostile feed cannot reach the network or blow up memory through XML
//! features. Feeds are small (kilobytes to a few megabytes), so a tree is
//! cheaper to get right than a streaming reader.
//!
//! Core RSS elements are matched by local name with no namespace (RSS 2.0)
//! or RSS 1.0's, so `media:title` is never taken for `title`; extensions
//! (Dublin Core dates, `content:encoded`, GeoRSS and W3C geo points) by
//! their namespace.

use roxmltree::{Document, Node, ParsingOptions};

use crate::date::parse_date;
use crate::item::{FeedItem, Format, ParseError, ParsedFeed, Position, clean, valid_point};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const RSS1: &str = "http://purl.org/rss/1.0/";
const RSS090: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const GEORSS: &str = "http://www.georss.org/georss";
const GEO: &str = "http://www.w3.org/2003/01/geo/wgs84_pos#";

/// Bound on the nodes of one document (a feed of a few thousand items has
/// well under a million).
const NODES_LIMIT: u32 = 2_000_000;

/// Parses an RSS or Atom document (already decoded to text).
pub fn parse_xml(feed: &str, text: &str) -> Result<ParsedFeed, ParseError> {
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: NODES_LIMIT,
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        ParseError::new(
            feed,
            Some(Position::Text {
                line: pos.row,
                column: pos.col,
            }),
            format!("not well-formed XML: {e}"),
        )
    })?;
    let root = doc.root_element();
    let at = |node: Node<'_, '_>| {
        let pos = doc.text_pos_at(node.range().start);
        Some(Position::Text {
            line: pos.row,
            column: pos.col,
        })
    };
    match (root.tag_name().namespace(), root.tag_name().name()) {
        (None, "rss") => {
            let channel = root
                .children()
                .find(|n| is_core(*n, "channel"))
                .ok_or_else(|| ParseError::new(feed, at(root), "RSS without a <channel>"))?;
            Ok(ParsedFeed {
                format: Format::Rss,
                title: core_text(channel, "title"),
                items: channel
                    .children()
                    .filter(|n| is_core(*n, "item"))
                    .map(rss_item)
                    .collect(),
            })
        }
        (Some(RDF), "RDF") => {
            let channel = root.children().find(|n| is_core(*n, "channel"));
            Ok(ParsedFeed {
                format: Format::Rdf,
                title: channel.and_then(|c| core_text(c, "title")),
                items: root
                    .children()
                    .filter(|n| is_core(*n, "item"))
                    .map(rss_item)
                    .collect(),
            })
        }
        (Some(ATOM), "feed") => Ok(ParsedFeed {
            format: Format::Atom,
            title: atom_child(root, "title").and_then(|t| atom_text(t).0),
            items: root
                .children()
                .filter(|n| n.is_element() && n.has_tag_name((ATOM, "entry")))
                .map(atom_entry)
                .collect(),
        }),
        (ns, name) => Err(ParseError::new(
            feed,
            at(root),
            format!(
                "not an RSS or Atom feed: the root element is <{name}>{}",
                ns.map(|n| format!(" in namespace {n}")).unwrap_or_default()
            ),
        )),
    }
}

/// An element of RSS itself (no namespace, or RSS 1.0's / 0.90's).
fn is_core(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && matches!(
            node.tag_name().namespace(),
            None | Some(RSS1) | Some(RSS090)
        )
}

/// All the text inside `node` (CDATA included), as written.
fn raw_text(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn non_empty(s: String) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.trim().to_owned())
}

fn core_text(parent: Node<'_, '_>, name: &str) -> Option<String> {
    parent
        .children()
        .find(|n| is_core(*n, name))
        .and_then(|n| clean(&raw_text(n)))
}

fn ns_child<'a, 'i>(parent: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    parent
        .children()
        .find(|n| n.is_element() && n.has_tag_name((ns, name)))
}

/// A point from GeoRSS (`<georss:point>lat lon</georss:point>`) or W3C geo
/// (`<geo:lat>`, `<geo:long>`, possibly inside `<geo:Point>`).
fn point(item: Node<'_, '_>) -> Option<(f64, f64)> {
    if let Some(p) = item
        .descendants()
        .find(|n| n.is_element() && n.has_tag_name((GEORSS, "point")))
    {
        let text = raw_text(p);
        let mut numbers = text.split_whitespace().map(str::parse::<f64>);
        if let (Some(Ok(lat)), Some(Ok(lon)), None) =
            (numbers.next(), numbers.next(), numbers.next())
            && let Some(point) = valid_point(lat, lon)
        {
            return Some(point);
        }
    }
    let number = |name: &str| {
        item.descendants()
            .find(|n| n.is_element() && n.has_tag_name((GEO, name)))
            .and_then(|n| raw_text(n).trim().parse::<f64>().ok())
    };
    valid_point(number("lat")?, number("long").or_else(|| number("lon"))?)
}

fn rss_item(item: Node<'_, '_>) -> FeedItem {
    let title = core_text(item, "title");
    let link = core_text(item, "link").or_else(|| {
        ns_child(item, ATOM, "link")
            .and_then(|l| l.attribute("href"))
            .and_then(clean)
    });
    let published = core_text(item, "pubDate")
        .or_else(|| ns_child(item, DC, "date").and_then(|n| clean(&raw_text(n))))
        .and_then(|d| parse_date(&d));
    let body = ns_child(item, CONTENT, "encoded")
        .and_then(|n| non_empty(raw_text(n)))
        .or_else(|| {
            item.children()
                .find(|n| is_core(*n, "description"))
                .and_then(|n| non_empty(raw_text(n)))
        });
    let id = core_text(item, "guid").or_else(|| item.attribute((RDF, "about")).and_then(clean));
    FeedItem {
        guid: String::new(),
        title,
        link,
        published,
        body,
        body_is_html: true,
        point: point(item),
    }
    .identified(id)
}

fn atom_child<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    ns_child(parent, ATOM, name)
}

/// An Atom text construct: its text and whether it is HTML. `xhtml` content
/// is the markup inside its wrapping element, taken from the source.
fn atom_text(node: Node<'_, '_>) -> (Option<String>, bool) {
    match node.attribute("type").map(str::trim) {
        Some("html") | Some("text/html") => (non_empty(raw_text(node)), true),
        Some("xhtml") | Some("application/xhtml+xml") => {
            let inner = node.children().find(|n| n.is_element()).unwrap_or(node);
            let source = node.document().input_text();
            let markup = match (inner.first_child(), inner.last_child()) {
                (Some(first), Some(last)) => source
                    .get(first.range().start..last.range().end)
                    .map(str::to_owned),
                _ => None,
            };
            (markup.and_then(non_empty), true)
        }
        _ => (non_empty(raw_text(node)), false),
    }
}

/// Markup removed and the common entities decoded: titles are plain text.
fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => in_tag = false,
            (false, c) => text.push(c),
            (true, _) => {}
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let entity = rest[1..]
            .find(';')
            .map(|j| &rest[1..=j])
            .filter(|e| e.len() <= 10);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => {
                let n = e.strip_prefix('#')?;
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => n.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn atom_entry(entry: Node<'_, '_>) -> FeedItem {
    let title = atom_child(entry, "title").and_then(|t| match atom_text(t) {
        (Some(html), true) => clean(&html_to_text(&html)),
        (text, _) => text.and_then(|s| clean(&s)),
    });
    let link = entry
        .children()
        .filter(|n| n.is_element() && n.has_tag_name((ATOM, "link")))
        .find(|l| matches!(l.attribute("rel"), None | Some("alternate")))
        .and_then(|l| l.attribute("href"))
        .and_then(clean);
    let published = atom_child(entry, "published")
        .or_else(|| atom_child(entry, "updated"))
        .and_then(|n| parse_date(&raw_text(n)));
    let (body, body_is_html) = atom_child(entry, "content")
        .map(atom_text)
        .filter(|(b, _)| b.is_some())
        .or_else(|| atom_child(entry, "summary").map(atom_text))
        .unwrap_or((None, false));
    let id = atom_child(entry, "id").and_then(|n| clean(&raw_text(n)));
    FeedItem {
        guid: String::new(),
        title,
        link,
        published,
        body,
        body_is_html,
        point: point(entry),
    }
    .identified(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedFeed {
        parse_xml("test", text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn rss_items_with_extensions() {
        let feed = parse(
            r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:georss="http://www.georss.org/georss">
<channel><title>Desk</title>
<item>
  <media:title>not this</media:title>
  <title>Attack in <![CDATA[Maiduguri]]></title>
  <link>https://example.org/a</link>
  <dc:date>2024-05-02T08:00:00Z</dc:date>
  <description>short</description>
  <content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded>
  <georss:point>11.85 13.16</georss:point>
</item>
<item><description>no title, no link</description></item>
</channel></rss>"#,
        );
        assert_eq!(feed.format, Format::Rss);
        assert_eq!(feed.title.as_deref(), Some("Desk"));
        let a = &feed.items[0];
        assert_eq!(a.title.as_deref(), Some("Attack in Maiduguri"));
        assert_eq!(a.guid, "https://example.org/a");
        assert_eq!(a.body.as_deref(), Some("<p>Full <b>text</b></p>"));
        assert_eq!(a.point, Some((11.85, 13.16)));
        assert_eq!(
            a.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2024-05-02T08:00:00+00:00")
        );
        let b = &feed.items[1];
        assert!(b.guid.starts_with("sha:"), "{}", b.guid);
        assert_eq!(b.body.as_deref(), Some("no title, no link"));
    }

    #[test]
    fn rss_1_0() {
        let feed = parse(
            r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/"><title>RDF desk</title></channel>
  <item rdf:about="https://example.org/1"><title>One</title><dc:date>2024-01-02</dc:date></item>
</rdf:RDF>"#,
        );
        assert_eq!(feed.format, Format::Rdf);
        assert_eq!(feed.title.as_deref(), Some("RDF desk"));
        assert_eq!(feed.items[0].guid, "https://example.org/1");
        assert!(feed.items[0].published.is_some());
    }

    #[test]
    fn atom_entries() {
        let feed = parse(
            r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#">
  <title type="text">Atom desk</title>
  <entry>
    <id>tag:example.org,2024:1</id>
    <title type="html">Blast &lt;b&gt;near&lt;/b&gt; Kabul &amp;amp; &amp;#233;</title>
    <link rel="self" href="https://example.org/self"/>
    <link href="https://example.org/1"/>
    <updated>2024-05-02T08:00:00+04:30</updated>
    <summary>Plain summary</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Rich <i>body</i></p></div></content>
    <geo:Point><geo:lat>34.5</geo:lat><geo:long>69.2</geo:long></geo:Point>
  </entry>
  <entry><title>Only a title</title><summary type="text">s</summary></entry>
</feed>"#,
        );
        assert_eq!(feed.format, Format::Atom);
        let e = &feed.items[0];
        assert_eq!(e.guid, "tag:example.org,2024:1");
        assert_eq!(e.title.as_deref(), Some("Blast near Kabul & é"));
        assert_eq!(e.link.as_deref(), Some("https://example.org/1"));
        assert_eq!(e.body.as_deref(), Some("<p>Rich <i>body</i></p>"));
        assert!(e.body_is_html);
        assert_eq!(e.point, Some((34.5, 69.2)));
        assert_eq!(
            e.published.map(|p| p.to_rfc3339()).as_deref(),
            Some("2024-05-02T03:30:00+00:00")
        );
        let plain = &feed.items[1];
        assert_eq!(plain.body.as_deref(), Some("s"));
        assert!(!plain.body_is_html);
    }

    #[test]
    fn errors_name_the_position() {
        let err = parse_xml("http://x/rss", "<rss>\n  <channel>\n  <item></chanel>")
            .err()
            .unwrap_or_else(|| panic!("parsed"));
        assert_eq!(err.feed, "http://x/rss");
        assert!(
            matches!(err.position, Some(Position::Text { line: 3, .. })),
            "{err}"
        );
        let err = parse_xml("f", "<html><body/></html>")
            .err()
            .unwrap_or_else(|| panic!("parsed"));
        assert!(err.to_string().contains("<html>"), "{err}");
        let err = parse_xml("f", "<rss/>")
            .err()
            .unwrap_or_else(|| panic!("parsed"));
        assert!(err.to_string().contains("channel"), "{err}");
    }
}
