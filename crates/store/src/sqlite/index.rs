//! The in-memory event index: one compact row per event (position, day, type,
//! category, country, admin1 key, fatalities), kept sorted newest first, plus a spatial
//! grid of quarter-degree cells over the same rows. Spatial, temporal and
//! faceted filters, counts, cursors and aggregates are answered here: a small
//! area is read through the grid cells it covers, anything else by a binary
//! search on the date range and a scan of contiguous memory. SQLite is only
//! asked for actor and full-text matches and for the full records of a page.

use std::collections::{HashMap, HashSet};

use sitrep_model::{Event, SubEventType};

use crate::StoreError;
use crate::codec::{date_from_day, day_number};
use crate::query::{
    Aggregate, AggregateBucket, BBox, Cursor, EventQuery, GridCell, Interval, TimeBucket,
    cell_bbox, mercator,
};

const UNKNOWN_FATALITIES: u32 = u32::MAX;
/// The admin1 key of an event that names no admin1 region.
const NO_ADMIN1: u32 = 0;
/// The admin1 key of a row built without its admin1 ([`IndexRow::new`] alone):
/// it matches no admin1 filter.
const ADMIN1_NOT_LOADED: u32 = u32::MAX;

/// An admin1 name as the index keeps it: a 32-bit FNV-1a hash of its
/// [`admin1_key`](crate::query::admin1_key) (trimmed, lower-cased), never
/// one of the two reserved values. Four bytes a row instead of a string;
/// two names of one country collide with odds of about n²/2³³ (a country of
/// a thousand spellings: 1 in 9,000), and only a query naming one of them
/// would see the other's events.
pub fn admin1_hash(name: Option<&str>) -> u32 {
    let Some(name) = name.map(crate::query::admin1_key).filter(|n| !n.is_empty()) else {
        return NO_ADMIN1;
    };
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    match h {
        NO_ADMIN1 | ADMIN1_NOT_LOADED => 1,
        h => h,
    }
}

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
    /// [`admin1_hash`] of the event's admin1 region.
    pub admin1: u32,
    /// Web-Mercator position as fractions of the world, in 32-bit fixed point:
    /// the grid cell at any zoom is a multiply and a shift.
    pub merc_x: u32,
    pub merc_y: u32,
}

impl IndexRow {
    /// A row from the stored columns, without its admin1 region: add it with
    /// [`with_admin1`](Self::with_admin1), or the row matches no admin1 filter.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        seq: u32,
        day: i32,
        lat: f64,
        lon: f64,
        fatalities: Option<u32>,
        country: Option<&str>,
        codes: [u8; 4],
    ) -> Self {
        let (merc_x, merc_y) = mercator(lat, lon);
        let [event_type, sub_event_type, category, status] = codes;
        IndexRow {
            day,
            seq,
            lat: lat as f32,
            lon: lon as f32,
            fatalities: fatalities.unwrap_or(UNKNOWN_FATALITIES),
            country: country
                .and_then(|c| <[u8; 2]>::try_from(c.as_bytes()).ok())
                .unwrap_or([0, 0]),
            event_type,
            sub_event_type,
            category,
            status,
            admin1: ADMIN1_NOT_LOADED,
            merc_x,
            merc_y,
        }
    }

    /// The row with the event's admin1 region (`None`: it names none).
    pub fn with_admin1(mut self, admin1: Option<&str>) -> Self {
        self.admin1 = admin1_hash(admin1);
        self
    }

    pub fn from_event(seq: u32, e: &Event) -> Self {
        IndexRow::new(
            seq,
            day_number(e.date.start),
            e.location.lat,
            e.location.lon,
            e.fatalities,
            e.location.country.as_deref(),
            [
                e.event_type.code(),
                e.sub_event_type.map_or(0, SubEventType::code),
                e.category().code(),
                e.status.code(),
            ],
        )
        .with_admin1(e.location.admin1.as_deref())
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
    admin1: Option<u32>,
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
            admin1: query.admin1.as_deref().map(|a| admin1_hash(Some(a))),
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
            && self.admin1.is_none_or(|a| r.admin1 == a)
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

/// Rows are appended as events arrive and sorted lazily, once, before the next
/// query; replacements for re-coded events wait in `pending` until then, so a
/// bulk import never sorts more than once.
#[derive(Default)]
pub struct EventIndex {
    rows: Vec<IndexRow>,
    pending: HashMap<u32, IndexRow>,
    sorted: bool,
    grid: SpatialGrid,
    /// Rows built without their admin1 region (see [`IndexRow::new`]),
    /// counted at each sort.
    without_admin1: usize,
}

/// Rows a query reads: a contiguous date slice, or positions from the grid.
enum Candidates {
    /// `rows[start..end]`, all of which must be filtered.
    Slice { start: usize, end: usize },
    /// Ascending positions of rows that already passed the filter.
    Matched(Vec<u32>),
}

impl EventIndex {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn push(&mut self, row: IndexRow) {
        self.rows.push(row);
        self.sorted = false;
    }

    /// Replaces the row of an event already in the index.
    pub fn replace(&mut self, row: IndexRow) {
        self.pending.insert(row.seq, row);
        self.sorted = false;
    }

    pub fn is_sorted(&self) -> bool {
        self.sorted
    }

    pub fn ensure_sorted(&mut self) {
        if self.sorted {
            return;
        }
        if !self.pending.is_empty() {
            for row in &mut self.rows {
                if let Some(new) = self.pending.remove(&row.seq) {
                    *row = new;
                }
            }
            // Replacements of events the index did not hold yet.
            self.rows.extend(self.pending.drain().map(|(_, r)| r));
        }
        self.rows.sort_unstable_by_key(IndexRow::key);
        self.grid = SpatialGrid::build(&self.rows);
        self.without_admin1 = self
            .rows
            .iter()
            .filter(|r| r.admin1 == ADMIN1_NOT_LOADED)
            .count();
        self.sorted = true;
    }

    /// Warns (once per process) when an admin1 filter meets rows whose
    /// admin1 the index was not given: those events cannot match it.
    fn check_admin1(&self, filter: &Filter<'_>) {
        static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if filter.admin1.is_some()
            && self.without_admin1 > 0
            && !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            tracing::warn!(
                rows = self.without_admin1,
                "admin1 filter: the index holds events loaded without their admin1 region; \
                 they cannot match it"
            );
        }
    }

    pub fn date_range(&self) -> Option<(i32, i32)> {
        Some((self.rows.last()?.day, self.rows.first()?.day))
    }

    /// Positions `[start, end)` of the rows within the query's dates. Needs sorted rows.
    fn date_slice(&self, query: &EventQuery) -> (usize, usize) {
        debug_assert!(self.sorted);
        let rows = &self.rows[..];
        let start = query
            .to
            .map_or(0, |to| rows.partition_point(|r| r.day > day_number(to)));
        let end = query.from.map_or(rows.len(), |from| {
            rows.partition_point(|r| r.day >= day_number(from))
        });
        (start, end.max(start))
    }

    /// Position of the first row after a cursor.
    fn after_cursor(&self, cursor: Option<Cursor>) -> usize {
        cursor.map_or(0, |c| {
            let cursor_key = (std::cmp::Reverse(c.day), std::cmp::Reverse(c.seq));
            self.rows.partition_point(|r| r.key() <= cursor_key)
        })
    }

    /// Chooses between the grid and a scan: the grid when the query's area holds
    /// far fewer rows than its date range.
    fn candidates(&self, filter: &Filter<'_>) -> Candidates {
        let (start, end) = self.date_slice(filter.query);
        if let Some(bbox) = filter.bbox
            && let Some(ranges) = self.grid.ranges(&bbox)
        {
            let in_area: usize = ranges.iter().map(|r| r.len()).sum();
            if in_area < (end - start) / 4 {
                let mut matched: Vec<u32> = ranges
                    .into_iter()
                    .flat_map(|r| self.grid.entries[r].iter().copied())
                    .filter(|&p| {
                        let p = p as usize;
                        p >= start && p < end && filter.matches(&self.rows[p])
                    })
                    .collect();
                matched.sort_unstable();
                return Candidates::Matched(matched);
            }
        }
        Candidates::Slice { start, end }
    }

    /// One page of rows (in order), whether more follow, and the total match count
    /// (the total ignores the cursor so every page reports the same figure).
    pub fn page(&self, filter: &Filter<'_>) -> (Vec<IndexRow>, bool, u64) {
        self.check_admin1(filter);
        let limit = filter.query.limit;
        let first = self.after_cursor(filter.query.cursor);
        match self.candidates(filter) {
            Candidates::Matched(positions) => {
                let from = positions.partition_point(|&p| (p as usize) < first);
                let page: Vec<IndexRow> = positions[from..]
                    .iter()
                    .take(limit)
                    .map(|&p| self.rows[p as usize])
                    .collect();
                let more = positions.len() - from > limit;
                (page, more, positions.len() as u64)
            }
            Candidates::Slice { start, end } => {
                let rows = &self.rows[start..end];
                let mut page = Vec::with_capacity(limit.min(1024));
                let mut more = false;
                let mut total = 0u64;
                for (i, r) in rows.iter().enumerate() {
                    if !filter.matches(r) {
                        continue;
                    }
                    total += 1;
                    if start + i < first {
                        continue;
                    }
                    if page.len() < limit {
                        page.push(*r);
                    } else {
                        more = true;
                    }
                }
                (page, more, total)
            }
        }
    }

    pub fn aggregate(
        &self,
        filter: &Filter<'_>,
        aggregate: &Aggregate,
    ) -> Result<Vec<AggregateBucket>, StoreError> {
        self.check_admin1(filter);
        let candidates = self.candidates(filter);
        let rows: Box<dyn Iterator<Item = &IndexRow>> = match &candidates {
            Candidates::Matched(positions) => {
                Box::new(positions.iter().map(|&p| &self.rows[p as usize]))
            }
            Candidates::Slice { start, end } => {
                Box::new(self.rows[*start..*end].iter().filter(|r| filter.matches(r)))
            }
        };
        match *aggregate {
            Aggregate::Grid {
                zoom,
                cells_per_tile,
            } => Ok(grid(rows, zoom, cells_per_tile)),
            Aggregate::Time(interval) => time_buckets(rows, interval),
        }
    }
}

/// Quarter-degree cells over latitude and longitude, each listing the positions
/// (in the sorted rows) of its events in ascending order, stored compactly:
/// cell `c` holds `entries[start[c]..start[c + 1]]`, and the cells of one
/// latitude band are contiguous, so a bounding box reads one range per band.
#[derive(Default)]
struct SpatialGrid {
    start: Vec<u32>,
    entries: Vec<u32>,
}

impl SpatialGrid {
    const CELLS_PER_DEGREE: f64 = 4.0;
    const COLUMNS: usize = 360 * 4;
    const BANDS: usize = 180 * 4;

    fn column(lon: f64) -> usize {
        (((lon + 180.0) * Self::CELLS_PER_DEGREE) as usize).min(Self::COLUMNS - 1)
    }

    fn band(lat: f64) -> usize {
        (((lat + 90.0) * Self::CELLS_PER_DEGREE) as usize).min(Self::BANDS - 1)
    }

    fn cell(lat: f64, lon: f64) -> usize {
        Self::band(lat) * Self::COLUMNS + Self::column(lon)
    }

    fn build(rows: &[IndexRow]) -> Self {
        let cells = Self::COLUMNS * Self::BANDS;
        let cell_of: Vec<u32> = rows
            .iter()
            .map(|r| Self::cell(f64::from(r.lat), f64::from(r.lon)) as u32)
            .collect();
        let mut start = vec![0u32; cells + 1];
        for &c in &cell_of {
            start[c as usize + 1] += 1;
        }
        for c in 0..cells {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut entries = vec![0u32; rows.len()];
        for (position, &c) in cell_of.iter().enumerate() {
            entries[fill[c as usize] as usize] = position as u32;
            fill[c as usize] += 1;
        }
        SpatialGrid { start, entries }
    }

    /// The entry ranges covering a bounding box (one per latitude band and
    /// longitude span), or `None` before the grid is built.
    fn ranges(&self, bbox: &BBox) -> Option<Vec<std::ops::Range<usize>>> {
        if self.start.is_empty() {
            return None;
        }
        let spans = if bbox.west <= bbox.east {
            vec![(Self::column(bbox.west), Self::column(bbox.east))]
        } else {
            vec![
                (Self::column(bbox.west), Self::COLUMNS - 1),
                (0, Self::column(bbox.east)),
            ]
        };
        let mut ranges = Vec::new();
        for band in Self::band(bbox.south)..=Self::band(bbox.north) {
            for &(first, last) in &spans {
                let a = self.start[band * Self::COLUMNS + first] as usize;
                let b = self.start[band * Self::COLUMNS + last + 1] as usize;
                if a < b {
                    ranges.push(a..b);
                }
            }
        }
        Some(ranges)
    }
}

#[derive(Default)]
struct Accumulator {
    events: u64,
    fatalities: u64,
    lat: f64,
    lon: f64,
}

fn grid<'r>(
    rows: impl Iterator<Item = &'r IndexRow>,
    zoom: u8,
    cells_per_tile: u16,
) -> Vec<AggregateBucket> {
    let n = (1u64 << zoom.min(24)) * u64::from(cells_per_tile.max(1));
    let cell = |r: &IndexRow| {
        let x = (u64::from(r.merc_x) * n) >> 32;
        let y = (u64::from(r.merc_y) * n) >> 32;
        (x as u32, y as u32)
    };
    let add = |acc: &mut Accumulator, r: &IndexRow| {
        acc.events += 1;
        acc.fatalities += r.known_fatalities();
        acc.lat += f64::from(r.lat);
        acc.lon += f64::from(r.lon);
    };
    // World and continent zooms: a dense array of cells; closer: a map.
    let cells: Vec<((u32, u32), Accumulator)> = if n <= 256 {
        let mut dense: Vec<Accumulator> = (0..n * n).map(|_| Accumulator::default()).collect();
        for r in rows {
            let (x, y) = cell(r);
            add(&mut dense[(y as u64 * n + x as u64) as usize], r);
        }
        dense
            .into_iter()
            .enumerate()
            .filter(|(_, a)| a.events > 0)
            .map(|(i, a)| (((i as u64 % n) as u32, (i as u64 / n) as u32), a))
            .collect()
    } else {
        let mut sparse: HashMap<(u32, u32), Accumulator> = HashMap::new();
        for r in rows {
            add(sparse.entry(cell(r)).or_default(), r);
        }
        sparse.into_iter().collect()
    };
    let n = n as f64;
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

    fn cell_at(lat: f64, lon: f64, n: u64) -> (u64, u64) {
        let (x, y) = mercator(lat, lon);
        ((u64::from(x) * n) >> 32, (u64::from(y) * n) >> 32)
    }

    #[test]
    fn mercator_cells_cover_the_world() {
        assert_eq!(cell_at(0.0, -180.0, 1), (0, 0));
        assert_eq!(cell_at(89.0, 179.9, 4), (3, 0));
        assert_eq!(cell_at(-89.0, 0.0, 4), (2, 3));
        assert_eq!(cell_at(30.0, 45.0, 4), (2, 1));
        let b = cell_bbox(2, 1, 4.0);
        assert!(b.contains(30.0, 45.0), "{b:?}");
    }

    fn row(seq: u32, day: i32, lat: f64, lon: f64) -> IndexRow {
        IndexRow::new(seq, day, lat, lon, Some(seq), Some("RU"), [1, 1, 0, 0])
    }

    #[test]
    fn admin1_keys_ignore_case_and_spaces_and_rows_stay_small() {
        assert_eq!(admin1_hash(Some("Borno")), admin1_hash(Some(" BORNO ")));
        assert_ne!(admin1_hash(Some("Borno")), admin1_hash(Some("Yobe")));
        assert_eq!(admin1_hash(None), NO_ADMIN1);
        assert_eq!(admin1_hash(Some("  ")), NO_ADMIN1);
        assert_eq!(std::mem::size_of::<IndexRow>(), 40);
        // A row loaded without its admin1 matches no admin1 filter, not even an empty one.
        let bare = row(1, 0, 0.0, 0.0);
        let query = EventQuery {
            admin1: Some("Region".into()),
            ..Default::default()
        };
        assert!(!Filter::new(&query).matches(&bare));
        assert!(Filter::new(&query).matches(&bare.with_admin1(Some("region"))));
    }

    /// The grid path and the scan path must give the same pages and totals.
    #[test]
    fn grid_and_scan_agree() {
        let mut index = EventIndex::default();
        let mut seq = 0;
        for i in 0..4000 {
            seq += 1;
            let lat = -60.0 + f64::from(i % 120);
            let lon = -179.5 + f64::from((i * 37) % 359);
            index.push(row(seq, i % 50, lat, lon));
        }
        // A dense cluster around Moscow, and points on the antimeridian.
        for i in 0..300 {
            seq += 1;
            index.push(row(seq, i % 50, 55.7 + f64::from(i % 10) * 0.01, 37.6));
            seq += 1;
            index.push(row(
                seq,
                i % 50,
                0.0,
                if i % 2 == 0 { 179.9 } else { -179.9 },
            ));
        }
        index.ensure_sorted();
        for bbox in [
            "37,55,38,56",
            "179,-1,-179,1",
            "-10,-10,10,10",
            "-180,-90,180,90",
        ] {
            let bbox = BBox::parse(bbox).unwrap_or_else(|e| panic!("{e}"));
            let query = EventQuery {
                bbox: Some(bbox),
                limit: 7,
                ..Default::default()
            };
            let filter = Filter::new(&query);
            let scan = {
                let rows = &index.rows;
                let all: Vec<u32> = rows
                    .iter()
                    .filter(|r| filter.matches(r))
                    .map(|r| r.seq)
                    .collect();
                all
            };
            let (page, more, total) = index.page(&filter);
            assert_eq!(total as usize, scan.len(), "{bbox:?}");
            assert_eq!(
                page.iter().map(|r| r.seq).collect::<Vec<_>>(),
                scan.iter().take(7).copied().collect::<Vec<_>>()
            );
            assert_eq!(more, scan.len() > 7);
            if let Some(last) = page.last() {
                let next = EventQuery {
                    cursor: Some(cursor_of(last)),
                    ..query.clone()
                };
                let (page2, _, total2) = index.page(&Filter::new(&next));
                assert_eq!(total2, total);
                assert_eq!(
                    page2.iter().map(|r| r.seq).collect::<Vec<_>>(),
                    scan.iter().skip(7).take(7).copied().collect::<Vec<_>>()
                );
            }
        }
    }
}
