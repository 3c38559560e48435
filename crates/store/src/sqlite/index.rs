//! The in-memory event index: one compact row per event (position, day, type,
//! category, country, fatalities), kept sorted newest first. Spatial, temporal
//! and faceted filters, counts, cursors and aggregates are answered here by a
//! binary search on the date range and a scan of contiguous memory; SQLite is
//! only asked for actor and full-text matches and for the full records of a page.

use std::collections::{HashMap, HashSet};

use sitrep_model::{Event, SubEventType};

use crate::StoreError;
use crate::query::{
    Aggregate, AggregateBucket, BBox, Cursor, EventQuery, GridCell, Interval, TimeBucket,
};
use crate::sqlite::codec::{date_from_day, day_number};

const UNKNOWN_FATALITIES: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexRow {
    pub day: i32,
    pub seq: u32,
    pub lat: f32,
    pub lon: f32,
    pub fatalities: u32,
    pub country: [u8; 2],
    pub event_type: u8,
    pub sub_event_type: u8,
    pub category: u8,
    pub status: u8,
}

impl IndexRow {
    pub fn from_event(seq: u32, e: &Event) -> Self {
        let country = e
            .location
            .country
            .as_deref()
            .map(str::as_bytes)
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .unwrap_or([0, 0]);
        IndexRow {
            day: day_number(e.date.start),
            seq,
            lat: e.location.lat as f32,
            lon: e.location.lon as f32,
            fatalities: e.fatalities.unwrap_or(UNKNOWN_FATALITIES),
            country,
            event_type: e.event_type.code(),
            sub_event_type: e.sub_event_type.map_or(0, SubEventType::code),
            category: e.category().code(),
            status: e.status.code(),
        }
    }

    fn known_fatalities(&self) -> u64 {
        if self.fatalities == UNKNOWN_FATALITIES {
            0
        } else {
            u64::from(self.fatalities)
        }
    }

    /// Sort key: newest first, then highest seq first.
    fn key(&self) -> (std::cmp::Reverse<i32>, std::cmp::Reverse<u32>) {
        (std::cmp::Reverse(self.day), std::cmp::Reverse(self.seq))
    }
}

/// Filters compiled from an [`EventQuery`] into the index's terms.
pub struct Filter<'a> {
    query: &'a EventQuery,
    types: u8,
    subs: u32,
    categories: u8,
    statuses: u8,
    countries: Vec<[u8; 2]>,
    bbox: Option<BBox>,
    /// Events allowed by actor/text matches, when those filters are present.
    pub allowed: Option<HashSet<u32>>,
}

impl<'a> Filter<'a> {
    pub fn new(query: &'a EventQuery) -> Self {
        let bits = |codes: &mut dyn Iterator<Item = u8>| codes.fold(0u32, |m, c| m | 1 << c);
        Filter {
            query,
            types: bits(&mut query.event_types.iter().map(|t| t.code())) as u8,
            subs: bits(&mut query.sub_event_types.iter().map(|s| s.code())),
            categories: bits(&mut query.categories.iter().map(|c| c.code())) as u8,
            statuses: bits(&mut query.statuses.iter().map(|s| s.code())) as u8,
            countries: query
                .countries
                .iter()
                .filter_map(|c| <[u8; 2]>::try_from(c.as_bytes()).ok())
                .collect(),
            bbox: match (query.bbox, query.near) {
                (Some(b), _) => Some(b),
                (None, Some(n)) => Some(n.bbox()),
                (None, None) => None,
            },
            allowed: None,
        }
    }

    #[inline]
    fn matches(&self, r: &IndexRow) -> bool {
        (self.types == 0 || self.types & (1 << r.event_type) != 0)
            && (self.subs == 0 || self.subs & (1 << r.sub_event_type) != 0)
            && (self.categories == 0 || self.categories & (1 << r.category) != 0)
            && (self.statuses == 0 || self.statuses & (1 << r.status) != 0)
            && self
                .query
                .min_fatalities
                .is_none_or(|m| r.fatalities != UNKNOWN_FATALITIES && r.fatalities >= m)
            && (self.countries.is_empty() || self.countries.contains(&r.country))
            && self
                .bbox
                .is_none_or(|b| b.contains(f64::from(r.lat), f64::from(r.lon)))
            && self
                .query
                .near
                .is_none_or(|n| n.contains(f64::from(r.lat), f64::from(r.lon)))
            && self.allowed.as_ref().is_none_or(|s| s.contains(&r.seq))
    }
}

#[derive(Default)]
pub struct EventIndex {
    rows: Vec<IndexRow>,
    /// Position of each seq in `rows`, valid when `sorted`.
    position: HashMap<u32, usize>,
    sorted: bool,
}

impl EventIndex {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn push(&mut self, row: IndexRow) {
        self.rows.push(row);
        self.sorted = false;
    }

    pub fn replace(&mut self, row: IndexRow) {
        self.ensure_sorted();
        if let Some(&i) = self.position.get(&row.seq) {
            self.rows[i] = row;
            self.sorted = false;
        } else {
            self.push(row);
        }
    }

    pub fn is_sorted(&self) -> bool {
        self.sorted
    }

    pub fn ensure_sorted(&mut self) {
        if self.sorted {
            return;
        }
        self.rows.sort_unstable_by_key(IndexRow::key);
        self.position = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.seq, i))
            .collect();
        self.sorted = true;
    }

    pub fn date_range(&self) -> Option<(i32, i32)> {
        Some((self.rows.last()?.day, self.rows.first()?.day))
    }

    /// The slice of rows within the query's dates (and after its cursor). Needs sorted rows.
    fn candidates(&self, query: &EventQuery) -> &[IndexRow] {
        debug_assert!(self.sorted);
        let rows = &self.rows[..];
        let start = match (query.cursor, query.to) {
            (Some(c), _) => rows.partition_point(|r| {
                r.key() <= (std::cmp::Reverse(c.day), std::cmp::Reverse(c.seq))
            }),
            (None, Some(to)) => rows.partition_point(|r| r.day > day_number(to)),
            (None, None) => 0,
        };
        let start = match query.to {
            Some(to) => start.max(rows.partition_point(|r| r.day > day_number(to))),
            None => start,
        };
        let end = match query.from {
            Some(from) => rows.partition_point(|r| r.day >= day_number(from)),
            None => rows.len(),
        };
        &rows[start..end.max(start)]
    }

    /// The seqs of one page (in order), whether more follow, and the total match count
    /// (the total ignores the cursor so every page reports the same figure).
    pub fn page(&self, filter: &Filter<'_>) -> (Vec<IndexRow>, bool, u64) {
        let query = filter.query;
        let mut page = Vec::with_capacity(query.limit.min(1024));
        let mut more = false;
        for r in self.candidates(query) {
            if filter.matches(r) {
                if page.len() == query.limit {
                    more = true;
                    break;
                }
                page.push(*r);
            }
        }
        let uncursored = EventQuery {
            cursor: None,
            ..query.clone()
        };
        let total = if query.cursor.is_none() && !more {
            page.len() as u64
        } else {
            self.candidates(&uncursored)
                .iter()
                .filter(|r| filter.matches(r))
                .count() as u64
        };
        (page, more, total)
    }

    pub fn aggregate(
        &self,
        filter: &Filter<'_>,
        aggregate: &Aggregate,
    ) -> Result<Vec<AggregateBucket>, StoreError> {
        let query = EventQuery {
            cursor: None,
            ..filter.query.clone()
        };
        let rows = self.candidates(&query).iter().filter(|r| filter.matches(r));
        match *aggregate {
            Aggregate::Grid {
                zoom,
                cells_per_tile,
            } => Ok(grid(rows, zoom, cells_per_tile)),
            Aggregate::Time(interval) => time_buckets(rows, interval),
        }
    }
}

#[derive(Default)]
struct Accumulator {
    events: u64,
    fatalities: u64,
    lat: f64,
    lon: f64,
}

/// Web-Mercator cell of a point at `n` cells across the world.
fn mercator_cell(lat: f64, lon: f64, n: f64) -> (u32, u32) {
    let lat = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    let clamp = |v: f64| v.clamp(0.0, n - 1.0) as u32;
    (clamp(x), clamp(y))
}

fn cell_bbox(x: u32, y: u32, n: f64) -> BBox {
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

fn grid<'r>(
    rows: impl Iterator<Item = &'r IndexRow>,
    zoom: u8,
    cells_per_tile: u16,
) -> Vec<AggregateBucket> {
    let n = f64::from(1u32 << zoom.min(24)) * f64::from(cells_per_tile.max(1));
    let mut cells: HashMap<(u32, u32), Accumulator> = HashMap::new();
    for r in rows {
        let (lat, lon) = (f64::from(r.lat), f64::from(r.lon));
        let acc = cells.entry(mercator_cell(lat, lon, n)).or_default();
        acc.events += 1;
        acc.fatalities += r.known_fatalities();
        acc.lat += lat;
        acc.lon += lon;
    }
    let mut out: Vec<AggregateBucket> = cells
        .into_iter()
        .map(|((x, y), a)| AggregateBucket {
            cell: Some(GridCell {
                x,
                y,
                lat: a.lat / a.events as f64,
                lon: a.lon / a.events as f64,
                bbox: cell_bbox(x, y, n),
            }),
            time: None,
            events: a.events,
            fatalities: a.fatalities,
        })
        .collect();
    out.sort_by_key(|b| b.cell.as_ref().map(|c| (c.y, c.x)));
    out
}

fn time_buckets<'r>(
    rows: impl Iterator<Item = &'r IndexRow>,
    interval: Interval,
) -> Result<Vec<AggregateBucket>, StoreError> {
    use chrono::Datelike;
    let mut buckets: HashMap<i32, Accumulator> = HashMap::new();
    for r in rows {
        let start = match interval {
            Interval::Day => r.day,
            // 1970-01-01 was a Thursday: shift so weeks start on Monday.
            Interval::Week => r.day - (r.day + 3).rem_euclid(7),
            Interval::Month => {
                let d = date_from_day(r.day)?;
                day_number(d.with_day(1).unwrap_or(d))
            }
        };
        let acc = buckets.entry(start).or_default();
        acc.events += 1;
        acc.fatalities += r.known_fatalities();
    }
    let mut out = buckets
        .into_iter()
        .map(|(day, a)| {
            Ok(AggregateBucket {
                cell: None,
                time: Some(TimeBucket {
                    start: date_from_day(day)?,
                }),
                events: a.events,
                fatalities: a.fatalities,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    out.sort_by_key(|b| b.time.as_ref().map(|t| t.start));
    Ok(out)
}

pub fn cursor_of(row: &IndexRow) -> Cursor {
    Cursor {
        day: row.day,
        seq: row.seq,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_cells_cover_the_world() {
        assert_eq!(mercator_cell(0.0, -180.0, 1.0), (0, 0));
        assert_eq!(mercator_cell(89.0, 179.9, 4.0), (3, 0));
        assert_eq!(mercator_cell(-89.0, 0.0, 4.0), (2, 3));
        let b = cell_bbox(2, 1, 4.0);
        assert!(b.contains(30.0, 45.0), "{b:?}");
    }
}
