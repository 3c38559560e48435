//! Event queries: the filters shared by the CLI, the HTTP API and every backend,
//! cursor pagination, and the map (grid) and chart (time bucket) aggregates.

use chrono::NaiveDate;
use sitrep_model::{Category, EventType, Status, SubEventType};

use crate::StoreError;

/// A bounding box in degrees: west, south, east, north. `west > east` crosses the antimeridian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    /// Parses `W,S,E,N`.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let v = parse_floats(text, 4, "bbox", "W,S,E,N")?;
        let bbox = BBox {
            west: v[0],
            south: v[1],
            east: v[2],
            north: v[3],
        };
        bbox.validate()?;
        Ok(bbox)
    }

    pub fn validate(&self) -> Result<(), StoreError> {
        let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
        let lat_ok = |y: f64| (-90.0..=90.0).contains(&y);
        if !(lon_ok(self.west) && lon_ok(self.east) && lat_ok(self.south) && lat_ok(self.north)) {
            return Err(StoreError::InvalidQuery(
                "bbox: longitudes must be within -180..180 and latitudes within -90..90".into(),
            ));
        }
        if self.south > self.north {
            return Err(StoreError::InvalidQuery(
                "bbox: south must not be greater than north".into(),
            ));
        }
        Ok(())
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        let lon_in = if self.west <= self.east {
            lon >= self.west && lon <= self.east
        } else {
            lon >= self.west || lon <= self.east
        };
        lon_in && lat >= self.south && lat <= self.north
    }
}

/// Within `km` kilometres of a point (great-circle distance).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub lat: f64,
    pub lon: f64,
    pub km: f64,
}

impl Near {
    /// Parses `LAT,LON,KM`.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let v = parse_floats(text, 3, "near", "LAT,LON,KM")?;
        let near = Near {
            lat: v[0],
            lon: v[1],
            km: v[2],
        };
        let valid = (-90.0..=90.0).contains(&near.lat)
            && (-180.0..=180.0).contains(&near.lon)
            && near.km > 0.0
            && near.km <= 20_000.0;
        if !valid {
            return Err(StoreError::InvalidQuery(
                "near: latitude -90..90, longitude -180..180, radius 0..20000 km".into(),
            ));
        }
        Ok(near)
    }

    /// The bounding box that contains the circle (used to prefilter).
    pub fn bbox(&self) -> BBox {
        let dlat = self.km / 111.195;
        let cos = self.lat.to_radians().cos().max(1e-6);
        let dlon = (self.km / (111.195 * cos)).min(180.0);
        let wrap = |x: f64| {
            if x < -180.0 {
                x + 360.0
            } else if x > 180.0 {
                x - 360.0
            } else {
                x
            }
        };
        if dlon >= 180.0 || self.lat + dlat >= 90.0 || self.lat - dlat <= -90.0 {
            return BBox {
                west: -180.0,
                south: (self.lat - dlat).max(-90.0),
                east: 180.0,
                north: (self.lat + dlat).min(90.0),
            };
        }
        BBox {
            west: wrap(self.lon - dlon),
            south: self.lat - dlat,
            east: wrap(self.lon + dlon),
            north: self.lat + dlat,
        }
    }

    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        haversine_km(self.lat, self.lon, lat, lon) <= self.km
    }
}

/// Great-circle distance in kilometres on a sphere of radius 6371.0088 km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

fn parse_floats(text: &str, n: usize, name: &str, shape: &str) -> Result<Vec<f64>, StoreError> {
    let values: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| StoreError::InvalidQuery(format!("{name}: expected {shape}, got {text:?}")))?;
    if values.len() != n || values.iter().any(|v| !v.is_finite()) {
        return Err(StoreError::InvalidQuery(format!(
            "{name}: expected {shape}, got {text:?}"
        )));
    }
    Ok(values)
}

/// Where a page of results ends: the `(date, internal id)` of its last event.
/// Encoded as an opaque string for clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub day: i32,
    pub seq: u32,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{:x}.{:x}", self.day as u32, self.seq)
    }

    pub fn decode(text: &str) -> Result<Self, StoreError> {
        let bad =
            || StoreError::InvalidQuery(format!("cursor {text:?} is not one this server issued"));
        let (d, s) = text.split_once('.').ok_or_else(bad)?;
        Ok(Cursor {
            day: u32::from_str_radix(d, 16).map_err(|_| bad())? as i32,
            seq: u32::from_str_radix(s, 16).map_err(|_| bad())?,
        })
    }
}

/// Filters for events. Empty lists and `None` mean "any".
#[derive(Debug, Clone, PartialEq)]
pub struct EventQuery {
    pub bbox: Option<BBox>,
    pub near: Option<Near>,
    /// Inclusive: events whose date (start) is on or after this day.
    pub from: Option<NaiveDate>,
    /// Inclusive: events whose date (start) is on or before this day.
    pub to: Option<NaiveDate>,
    pub event_types: Vec<EventType>,
    pub sub_event_types: Vec<SubEventType>,
    pub categories: Vec<Category>,
    pub statuses: Vec<Status>,
    /// ISO 3166-1 alpha-2 codes, upper case.
    pub countries: Vec<String>,
    /// An admin1 region as the events spell it (`Borno`), matched with case
    /// and surrounding spaces ignored. Names repeat across countries (`Central`),
    /// so callers pair it with `countries`.
    pub admin1: Option<String>,
    /// An actor's canonical name or alias (case-insensitive).
    pub actor: Option<String>,
    /// Words that must all occur in the event's notes, location or actors.
    pub text: Option<String>,
    pub min_fatalities: Option<u32>,
    /// Maximum number of events in a page (1..=10_000).
    pub limit: usize,
    pub cursor: Option<Cursor>,
}

impl Default for EventQuery {
    fn default() -> Self {
        EventQuery {
            bbox: None,
            near: None,
            from: None,
            to: None,
            event_types: vec![],
            sub_event_types: vec![],
            categories: vec![],
            statuses: vec![],
            countries: vec![],
            admin1: None,
            actor: None,
            text: None,
            min_fatalities: None,
            limit: 100,
            cursor: None,
        }
    }
}

pub const MAX_LIMIT: usize = 10_000;

impl EventQuery {
    pub fn validate(&self) -> Result<(), StoreError> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(StoreError::InvalidQuery(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        if let Some(b) = &self.bbox {
            b.validate()?;
        }
        if let (Some(f), Some(t)) = (self.from, self.to)
            && f > t
        {
            return Err(StoreError::InvalidQuery(format!(
                "from ({f}) is after to ({t})"
            )));
        }
        for c in &self.countries {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(StoreError::InvalidQuery(format!(
                    "country {c:?} is not an ISO 3166-1 alpha-2 code"
                )));
            }
        }
        if let Some(a) = &self.admin1
            && (a.trim().is_empty() || a.len() > MAX_ADMIN1_LEN)
        {
            return Err(StoreError::InvalidQuery(format!(
                "admin1 must be a region's name of 1 to {MAX_ADMIN1_LEN} bytes"
            )));
        }
        Ok(())
    }
}

/// Longest admin1 name a query may hold.
pub const MAX_ADMIN1_LEN: usize = 200;

/// The key an admin1 name is matched by: trimmed and lower-cased.
pub fn admin1_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// One page of events and where the next starts.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPage {
    pub events: Vec<sitrep_model::Event>,
    /// Number of events matching the filters (all pages).
    pub total: u64,
    pub next_cursor: Option<Cursor>,
}

/// Width of a time bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Day,
    /// ISO weeks, starting Monday.
    Week,
    Month,
}

impl Interval {
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" => Ok(Interval::Day),
            "week" => Ok(Interval::Week),
            "month" => Ok(Interval::Month),
            _ => Err(StoreError::InvalidQuery(format!(
                "interval {text:?}: expected day, week or month"
            ))),
        }
    }
}

/// How to group matching events.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Aggregate {
    /// Square cells in Web-Mercator tile space: at zoom `z` the world is `2^z`
    /// tiles across, each split into `cells_per_tile` cells per side. Each cell
    /// reports the mean position of its events (so clusters sit on their events).
    Grid {
        zoom: u8,
        cells_per_tile: u16,
    },
    Time(Interval),
}

#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// Cell column and row at the grid's resolution.
    pub x: u32,
    pub y: u32,
    /// Mean position of the events in the cell.
    pub lat: f64,
    pub lon: f64,
    /// The cell's extent.
    pub bbox: BBox,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimeBucket {
    pub start: NaiveDate,
}

/// One group: where or when, how many events, and their known fatalities.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateBucket {
    pub cell: Option<GridCell>,
    pub time: Option<TimeBucket>,
    pub events: u64,
    pub fatalities: u64,
}

/// Fixed-point Web-Mercator coordinates (0 = west/north edge, 2^32 = east/south).
pub(crate) fn mercator(lat: f64, lon: f64) -> (u32, u32) {
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    let fixed = |v: f64| (v * 4_294_967_296.0).clamp(0.0, 4_294_967_295.0) as u32;
    (fixed(x), fixed(y))
}

pub(crate) fn cell_bbox(x: u32, y: u32, n: f64) -> BBox {
    let lon = |x: f64| x / n * 360.0 - 180.0;
    let lat = |y: f64| {
        (std::f64::consts::PI * (1.0 - 2.0 * y / n))
            .sinh()
            .atan()
            .to_degrees()
    };
    BBox {
        west: lon(f64::from(x)),
        south: lat(f64::from(y) + 1.0),
        east: lon(f64::from(x) + 1.0),
        north: lat(f64::from(y)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_parses_validates_and_wraps() {
        let b = BBox::parse("170,-10,-170,10").unwrap_or_else(|e| panic!("{e}"));
        assert!(b.contains(0.0, 179.0));
        assert!(b.contains(0.0, -175.0));
        assert!(!b.contains(0.0, 0.0));
        assert!(BBox::parse("1,2,3").is_err());
        assert!(BBox::parse("0,10,1,5").is_err());
        assert!(BBox::parse("0,0,nan,1").is_err());
    }

    #[test]
    fn near_uses_great_circle_distance() {
        let moscow = Near::parse("55.7558,37.6173,25").unwrap_or_else(|e| panic!("{e}"));
        // Krasnogorsk, ~21 km west-north-west of the Kremlin.
        assert!(moscow.contains(55.8204, 37.3302));
        assert!(!moscow.contains(55.0, 37.6));
        let b = moscow.bbox();
        assert!(b.contains(55.8204, 37.3302));
        assert!((haversine_km(0.0, 0.0, 0.0, 1.0) - 111.195).abs() < 0.01);
    }

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor {
            day: 19_000,
            seq: 42,
        };
        assert_eq!(Cursor::decode(&c.encode()).ok(), Some(c));
        assert!(Cursor::decode("zz").is_err());
    }

    #[test]
    fn query_validation() {
        let mut q = EventQuery::default();
        assert!(q.validate().is_ok());
        q.countries = vec!["ru".into()];
        assert!(q.validate().is_err());
        q.countries = vec![];
        q.admin1 = Some("  ".into());
        assert!(q.validate().is_err());
        q.admin1 = Some("Borno".into());
        assert!(q.validate().is_ok());
        q.limit = 0;
        assert!(q.validate().is_err());
    }
}
