//! JSON feeds: GeoJSON FeatureCollections whose features are items (USGS
//! earthquakes, GDACS events) and JSON Feed 1.x. GeoJSON has no item schema,
//! so the fields are looked up under the names the real feeds use, in order:
//! the first present wins.

use serde_json::{Map, Value};

use crate::date::{from_millis, parse_date};
use crate::item::{
    FeedItem, Format, ParseError, ParsedFeed, Position, clean, line_column, valid_point,
};

/// Parses a JSON document (UTF-8, BOM already removed).
pub fn parse_json(feed: &str, bytes: &[u8]) -> Result<ParsedFeed, ParseError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        let position = (e.line() > 0).then(|| Position::Text {
            line: e.line().min(u32::MAX as usize) as u32,
            column: e.column().min(u32::MAX as usize) as u32,
        });
        ParseError::new(feed, position, format!("not valid JSON: {e}"))
    })?;
    let Some(root) = value.as_object() else {
        return Err(ParseError::new(
            feed,
            Some(line_column(bytes, 0)),
            "not a JSON feed: the document is not an object",
        ));
    };
    let path = |p: String| Some(Position::Path(p));
    // The objects of the array under `key`, each read by `read`.
    let items_of =
        |key: &str, missing: &str, not_object: &str, read: fn(&Map<String, Value>) -> FeedItem| {
            let array = root
                .get(key)
                .and_then(Value::as_array)
                .ok_or_else(|| ParseError::new(feed, path(key.into()), missing))?;
            array
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_object().map(read).ok_or_else(|| {
                        ParseError::new(feed, path(format!("{key}[{i}]")), not_object)
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        };
    if root.get("type").and_then(Value::as_str) == Some("FeatureCollection") {
        let items = items_of(
            "features",
            "a FeatureCollection needs a \"features\" array",
            "a feature must be an object",
            feature,
        )?;
        let title = root
            .get("metadata")
            .and_then(|m| m.get("title"))
            .and_then(Value::as_str)
            .and_then(clean);
        return Ok(ParsedFeed {
            format: Format::GeoJson,
            title,
            items,
        });
    }
    if root
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/"))
    {
        let items = items_of(
            "items",
            "a JSON Feed needs an \"items\" array",
            "an item must be an object",
            json_feed_item,
        )?;
        return Ok(ParsedFeed {
            format: Format::JsonFeed,
            title: root.get("title").and_then(Value::as_str).and_then(clean),
            items,
        });
    }
    Err(ParseError::new(
        feed,
        Some(line_column(bytes, 0)),
        "not a GeoJSON FeatureCollection or a JSON Feed",
    ))
}

/// A string, or a number written as one (GDACS event ids are numbers).
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => clean(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn first_text(props: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| text(props.get(*n)))
}

fn feature(f: &Map<String, Value>) -> FeedItem {
    let empty = Map::new();
    let props = f
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let title = first_text(props, &["title", "name", "headline", "place", "eventname"]);
    // USGS: `url` is a string; GDACS: an object of links, `report` the page.
    let link = match props.get("url") {
        Some(Value::Object(links)) => text(links.get("report")),
        other => text(other),
    }
    .or_else(|| first_text(props, &["link", "href"]));
    let published = match props.get("time") {
        Some(Value::Number(ms)) => ms.as_i64().and_then(from_millis),
        _ => None,
    }
    .or_else(|| {
        [
            "published",
            "date",
            "pubDate",
            "fromdate",
            "updated",
            "datemodified",
        ]
        .iter()
        .find_map(|n| match props.get(*n) {
            Some(Value::String(s)) => parse_date(s),
            Some(Value::Number(ms)) => ms.as_i64().and_then(from_millis),
            _ => None,
        })
    });
    let body = first_text(
        props,
        &["htmldescription", "description", "summary", "body", "place"],
    );
    let gdacs = match (text(props.get("eventtype")), text(props.get("eventid"))) {
        (Some(kind), Some(id)) => Some(format!("{kind}{id}")),
        _ => None,
    };
    let id = text(f.get("id"))
        .or(gdacs)
        .or_else(|| first_text(props, &["guid", "id", "code"]));
    FeedItem {
        guid: String::new(),
        title,
        link,
        published,
        body,
        body_is_html: false,
        point: geometry_point(f.get("geometry")),
    }
    .identified(id)
}

/// A Point's position, or a MultiPoint's first: GeoJSON writes `[lon, lat]`.
fn geometry_point(geometry: Option<&Value>) -> Option<(f64, f64)> {
    let g = geometry?.as_object()?;
    let coords = g.get("coordinates")?.as_array()?;
    let position = match g.get("type")?.as_str()? {
        "Point" => coords,
        "MultiPoint" => coords.first()?.as_array()?,
        _ => return None,
    };
    let lon = position.first()?.as_f64()?;
    let lat = position.get(1)?.as_f64()?;
    valid_point(lat, lon)
}

fn json_feed_item(item: &Map<String, Value>) -> FeedItem {
    let title = first_text(item, &["title"]);
    let link = first_text(item, &["url", "external_url"]);
    let published = ["date_published", "date_modified"]
        .iter()
        .find_map(|n| item.get(*n).and_then(Value::as_str).and_then(parse_date));
    let (body, body_is_html) = match first_text(item, &["content_html"]) {
        Some(html) => (Some(html), true),
        None => (first_text(item, &["content_text", "summary"]), false),
    };
    let id = first_text(item, &["id"]);
    FeedItem {
        guid: String::new(),
        title,
        link,
        published,
        body,
        body_is_html,
        point: None,
    }
    .identified(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_feed_items() {
        let feed = parse_json(
            "jf",
            br#"{"version": "https://jsonfeed.org/version/1.1", "title": "Desk",
                "items": [{"id": 7, "title": "One", "content_html": "<p>x</p>",
                           "date_published": "2024-05-02T08:00:00Z"},
                          {"id": "b", "content_text": "plain"}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(feed.format, Format::JsonFeed);
        assert_eq!(feed.items[0].guid, "7");
        assert!(feed.items[0].body_is_html);
        assert_eq!(feed.items[1].body.as_deref(), Some("plain"));
        assert!(!feed.items[1].body_is_html);
    }

    #[test]
    fn malformed_json_names_the_position() {
        let err = parse_json(
            "f",
            b"{\n  \"type\": \"FeatureCollection\",\n  \"features\": [1,]\n}",
        )
        .err()
        .unwrap_or_else(|| panic!("parsed"));
        assert!(
            matches!(err.position, Some(Position::Text { line: 3, .. })),
            "{err}"
        );
        let err = parse_json(
            "f",
            br#"{"type": "FeatureCollection", "features": [{}, 3]}"#,
        )
        .err()
        .unwrap_or_else(|| panic!("parsed"));
        assert_eq!(err.position, Some(Position::Path("features[1]".into())));
        assert_eq!(
            err.to_string(),
            "f: at features[1]: a feature must be an object"
        );
        assert!(parse_json("f", b"[1, 2]").is_err());
        assert!(parse_json("f", br#"{"type": "Feature"}"#).is_err());
        assert!(parse_json("f", br#"{"type": "FeatureCollection"}"#).is_err());
    }

    #[test]
    fn geometry() {
        let p = |v: serde_json::Value| geometry_point(Some(&v));
        assert_eq!(
            p(serde_json::json!({"type": "Point", "coordinates": [13.1, 11.8, 10.0]})),
            Some((11.8, 13.1))
        );
        assert_eq!(
            p(serde_json::json!({"type": "MultiPoint", "coordinates": [[1.0, 2.0]]})),
            Some((2.0, 1.0))
        );
        assert_eq!(
            p(serde_json::json!({"type": "Point", "coordinates": [200.0, 0.0]})),
            None
        );
        assert_eq!(
            p(serde_json::json!({"type": "Polygon", "coordinates": []})),
            None
        );
        assert_eq!(p(serde_json::json!(null)), None);
    }
}
