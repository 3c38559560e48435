//! GeoJSON (RFC 7946) renderings: events as Point features, and grid
//! aggregates as points at each cell's mean position. A feature's properties
//! are the event's JSON minus `location.lat`/`location.lon` (they are the
//! geometry), so the CLI and the HTTP API print identical features.
//!
//! [`GeoJsonWriter`] streams a FeatureCollection one event at a time, so the
//! CLI can write any number of events to stdout without holding them.

use std::io::Write;

use serde_json::{Map, Value, json};

use sitrep_store::EventPage;

use crate::dto::{EventDto, GridAggregateDto};

/// The Point feature of one event: geometry `[lon, lat]`, id the event id.
pub fn event_feature(event: &EventDto) -> Result<Value, serde_json::Error> {
    let mut properties = serde_json::to_value(event)?;
    if let Some(location) = properties
        .get_mut("location")
        .and_then(Value::as_object_mut)
    {
        location.remove("lat");
        location.remove("lon");
    }
    Ok(json!({
        "type": "Feature",
        "id": event.id,
        "geometry": {
            "type": "Point",
            "coordinates": [event.location.lon, event.location.lat],
        },
        "properties": properties,
    }))
}

/// Writes a FeatureCollection of events incrementally: [`GeoJsonWriter::new`]
/// opens it, [`GeoJsonWriter::write_event`] adds a feature, and
/// [`GeoJsonWriter::finish`] closes it, optionally with paging members.
pub struct GeoJsonWriter<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> GeoJsonWriter<W> {
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all(br#"{"type":"FeatureCollection","features":["#)?;
        Ok(GeoJsonWriter { out, first: true })
    }

    pub fn write_event(&mut self, event: &EventDto) -> std::io::Result<()> {
        if !self.first {
            self.out.write_all(b",")?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.out, &event_feature(event)?)?;
        Ok(())
    }

    /// Closes the collection. With `page = Some((total, next_cursor))` the
    /// collection also carries `total` and `next_cursor` members, as in the
    /// JSON page. Returns the writer, flushed.
    pub fn finish(mut self, page: Option<(u64, Option<&str>)>) -> std::io::Result<W> {
        self.out.write_all(b"]")?;
        if let Some((total, next_cursor)) = page {
            write!(self.out, r#","total":{total},"next_cursor":"#)?;
            serde_json::to_writer(&mut self.out, &next_cursor)?;
        }
        self.out.write_all(b"}")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A page of events as a FeatureCollection with `total` and `next_cursor`
/// members, exactly as `GET /api/v1/events?format=geojson` answers it.
pub fn write_page_geojson<W: Write>(out: W, page: &EventPage) -> std::io::Result<()> {
    let mut writer = GeoJsonWriter::new(out)?;
    for event in &page.events {
        writer.write_event(&EventDto::from(event))?;
    }
    let next_cursor = page.next_cursor.map(|c| c.encode());
    writer.finish(Some((page.total, next_cursor.as_deref())))?;
    Ok(())
}

/// A grid aggregate as a FeatureCollection: one Point per cell at the mean
/// position of its events, with `x`, `y`, `bbox`, `events` and `fatalities`.
pub fn grid_geojson(grid: &GridAggregateDto) -> Value {
    let features: Vec<Value> = grid
        .cells
        .iter()
        .map(|c| {
            json!({
                "type": "Feature",
                "id": format!("{}/{}/{}", grid.zoom, c.x, c.y),
                "geometry": { "type": "Point", "coordinates": [c.lon, c.lat] },
                "properties": {
                    "x": c.x,
                    "y": c.y,
                    "bbox": c.bbox,
                    "events": c.events,
                    "fatalities": c.fatalities,
                },
            })
        })
        .collect();
    let mut collection = Map::new();
    collection.insert("type".into(), "FeatureCollection".into());
    collection.insert("features".into(), Value::Array(features));
    collection.insert("zoom".into(), grid.zoom.into());
    collection.insert("cells_per_tile".into(), grid.cells_per_tile.into());
    Value::Object(collection)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sitrep_store::testing::sample_event;

    fn dto(n: u32, lat: f64, lon: f64) -> EventDto {
        EventDto::from(&event(n, lat, lon))
    }

    fn event(n: u32, lat: f64, lon: f64) -> sitrep_model::Event {
        let day = NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_else(|| panic!("date"));
        sample_event(n, day, lat, lon, "RU")
    }

    #[test]
    fn page_is_a_feature_collection_of_points_without_duplicated_coordinates() {
        let page = EventPage {
            events: vec![event(1, 55.82, 37.33), event(2, -33.9, 18.4)],
            total: 7,
            next_cursor: Some(sitrep_store::Cursor { day: 10, seq: 1 }),
        };
        let mut bytes = Vec::new();
        write_page_geojson(&mut bytes, &page).unwrap_or_else(|e| panic!("{e}"));
        let v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v["type"], "FeatureCollection");
        assert_eq!(v["total"], 7);
        assert_eq!(v["next_cursor"], "a.1");
        let f = &v["features"][0];
        assert_eq!(f["id"], "test:1");
        assert_eq!(f["geometry"]["type"], "Point");
        assert_eq!(f["geometry"]["coordinates"], json!([37.33, 55.82]));
        assert_eq!(f["properties"]["location"]["name"], "Place 1");
        assert!(f["properties"]["location"].get("lat").is_none());
        assert!(f["properties"]["location"].get("lon").is_none());
        assert_eq!(f["properties"]["sources"][0]["record_id"], "1");
        assert_eq!(event_feature(&dto(1, 55.82, 37.33)).ok().as_ref(), Some(f));
        assert_eq!(
            v["features"][1]["geometry"]["coordinates"],
            json!([18.4, -33.9])
        );
    }

    #[test]
    fn empty_collection_without_paging_is_valid() {
        let out = GeoJsonWriter::new(Vec::new())
            .and_then(|w| w.finish(None))
            .unwrap_or_else(|e| panic!("{e}"));
        let v: Value = serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v, json!({"type": "FeatureCollection", "features": []}));
    }
}
