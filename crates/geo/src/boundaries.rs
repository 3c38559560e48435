//! Country boundaries: which country a point lies in, by exact point-in-polygon
//! over the polygons, not by the nearest city (which is wrong for every point
//! close to a border: Kehl is nearer Strasbourg than any German city).
//!
//! [`CountryBoundaries`] answers [`country_at`](CountryBoundaries::country_at)
//! through a uniform grid over the globe (default 0.25°). Each cell lists, for
//! every polygon that touches it, either "the whole cell is inside" (no edge
//! crosses the cell) or the polygon's edges that cross the cell together with
//! whether a fixed reference point of the cell is inside. A lookup then only
//! counts how many of those few edges the segment from the point to the
//! reference point crosses: an odd count flips the reference's answer. The
//! reference points' answers are computed once at build time, row by row, with
//! one horizontal ray per row. So the cost of a lookup depends on how many
//! edges cross its cell (a handful on land, a few dozen on intricate coasts),
//! not on the size of the country.
//!
//! Polygons are tried smallest first, so where imperfect data overlaps, the
//! enclave or island wins over the country around it. Points exactly on an
//! edge may go either way, but always the same way. Coordinates are plain
//! longitude/latitude degrees; the data is expected to be cut at the
//! antimeridian (Natural Earth is), so no ring wraps around ±180°.

use crate::countries::country;

/// A longitude/latitude position in degrees, `[lon, lat]` (GeoJSON order).
pub type Position = [f64; 2];

/// One polygon: an exterior ring and its holes, each closed (first position
/// repeated last). Orientation does not matter: inside is decided even–odd.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Polygon {
    pub exterior: Vec<Position>,
    pub holes: Vec<Vec<Position>>,
}

impl Polygon {
    pub fn new(exterior: Vec<Position>, holes: Vec<Vec<Position>>) -> Self {
        Polygon { exterior, holes }
    }

    /// The exterior ring, then the holes.
    pub fn rings(&self) -> impl Iterator<Item = &[Position]> {
        std::iter::once(self.exterior.as_slice()).chain(self.holes.iter().map(Vec::as_slice))
    }

    /// `[min_lon, min_lat, max_lon, max_lat]` of every ring. (Holes normally
    /// lie inside the exterior, but a ring around a pole, as Natural Earth's
    /// 1:50m Antarctica, has its coast as the "hole" of a sliver at -90°.)
    pub fn bbox(&self) -> [f64; 4] {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for p in self.rings().flatten() {
            b[0] = b[0].min(p[0]);
            b[1] = b[1].min(p[1]);
            b[2] = b[2].max(p[0]);
            b[3] = b[3].max(p[1]);
        }
        b
    }

    /// Area in square degrees (exterior minus holes), for ordering only.
    pub fn area(&self) -> f64 {
        let exterior = ring_area(&self.exterior);
        let holes: f64 = self.holes.iter().map(|h| ring_area(h)).sum();
        (exterior - holes).abs()
    }

    /// Whether the point is inside, by ray casting over every edge of every
    /// ring (no index): the reference the grid is checked against.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let mut inside = false;
        for ring in self.rings() {
            for edge in ring.windows(2) {
                let (a, b) = (edge[0], edge[1]);
                if (a[1] > lat) != (b[1] > lat) {
                    let x = a[0] + (lat - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
                    if x > lon {
                        inside = !inside;
                    }
                }
            }
        }
        inside
    }
}

fn ring_area(ring: &[Position]) -> f64 {
    let twice: f64 = ring
        .windows(2)
        .map(|e| e[0][0] * e[1][1] - e[1][0] * e[0][1])
        .sum();
    twice.abs() / 2.0
}

/// One country's shape: its ISO 3166-1 alpha-2 code, name and polygons.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryShape {
    pub iso2: String,
    /// The name from sitrep's country table, else the code.
    pub name: String,
    pub polygons: Vec<Polygon>,
}

impl CountryShape {
    /// A representative point: the area centroid of the country's largest
    /// polygon (its mainland), as `(lat, lon)`. Used where a country must be
    /// placed on a map or measured from, instead of a mean of its towns.
    pub fn label_point(&self) -> Option<(f64, f64)> {
        label_point(&self.polygons)
    }
}

/// The area centroid of the largest of `polygons` (a country's mainland, a
/// region's main part), as `(lat, lon)`.
pub fn label_point(polygons: &[Polygon]) -> Option<(f64, f64)> {
    let largest = polygons
        .iter()
        .max_by(|a, b| a.area().total_cmp(&b.area()))?;
    let ring = &largest.exterior;
    let (mut a2, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for e in ring.windows(2) {
        let cross = e[0][0] * e[1][1] - e[1][0] * e[0][1];
        a2 += cross;
        cx += (e[0][0] + e[1][0]) * cross;
        cy += (e[0][1] + e[1][1]) * cross;
    }
    if a2.abs() < 1e-12 {
        return ring.first().map(|p| (p[1], p[0]));
    }
    let (lon, lat) = (cx / (3.0 * a2), cy / (3.0 * a2));
    // Rings unwrapped across the antimeridian may reach past ±180°.
    let lon = if lon > 180.0 {
        lon - 360.0
    } else if lon < -180.0 {
        lon + 360.0
    } else {
        lon
    };
    Some((lat, lon))
}

/// Figures about the index, for benchmarks and logs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexStats {
    pub countries: usize,
    pub polygons: usize,
    pub vertices: usize,
    pub cell_deg: f64,
    pub cells: usize,
    /// Cells with at least one polygon.
    pub cells_used: usize,
    /// (polygon, cell) entries.
    pub parts: usize,
    /// Edges stored in cells (an edge crossing several cells counts once per cell).
    pub cell_edges: usize,
    /// The most edges any cell holds.
    pub max_cell_edges: usize,
}

/// Country polygons with a point-in-polygon index. See the module docs.
#[derive(Debug, Clone)]
pub struct CountryBoundaries {
    countries: Vec<CountryShape>,
    /// Every polygon as (country index, polygon index in that country),
    /// smallest area first: the order in which overlaps are resolved.
    order: Vec<(u32, u32)>,
    /// The bounding box of each polygon of `order`, for the linear scan.
    bboxes: Vec<[f64; 4]>,
    grid: Grid,
}

/// Default grid cell size in degrees.
pub const DEFAULT_CELL_DEG: f64 = 0.25;

impl CountryBoundaries {
    /// Builds the index over `(alpha-2 code, polygons)` pairs. Codes are
    /// upper-cased; pairs with the same code are merged.
    pub fn new(countries: Vec<(String, Vec<Polygon>)>) -> Self {
        Self::with_cell_size(countries, DEFAULT_CELL_DEG)
    }

    /// As [`new`](Self::new) with a grid of `cell_deg`-degree cells (clamped
    /// to 0.01°..=10°).
    pub fn with_cell_size(countries: Vec<(String, Vec<Polygon>)>, cell_deg: f64) -> Self {
        let mut merged: std::collections::BTreeMap<String, Vec<Polygon>> = Default::default();
        for (code, polygons) in countries {
            let polygons = polygons
                .into_iter()
                .filter(|p| p.exterior.len() >= 4)
                .flat_map(split_at_antimeridian);
            merged
                .entry(code.trim().to_ascii_uppercase())
                .or_default()
                .extend(polygons);
        }
        let countries: Vec<CountryShape> = merged
            .into_iter()
            .map(|(iso2, polygons)| CountryShape {
                name: country(&iso2).map_or_else(|| iso2.clone(), |c| c.name.to_owned()),
                iso2,
                polygons,
            })
            .collect();
        let mut order: Vec<(u32, u32, f64)> = countries
            .iter()
            .enumerate()
            .flat_map(|(c, shape)| {
                shape
                    .polygons
                    .iter()
                    .enumerate()
                    .map(move |(p, polygon)| (c as u32, p as u32, polygon.area()))
            })
            .collect();
        order.sort_by(|a, b| a.2.total_cmp(&b.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        let order: Vec<(u32, u32)> = order.into_iter().map(|(c, p, _)| (c, p)).collect();
        let cell_deg = if cell_deg.is_finite() {
            cell_deg.clamp(0.01, 10.0)
        } else {
            DEFAULT_CELL_DEG
        };
        let grid = Grid::build(&countries, &order, cell_deg);
        let bboxes = order
            .iter()
            .map(|&(c, p)| countries[c as usize].polygons[p as usize].bbox())
            .collect();
        CountryBoundaries {
            countries,
            order,
            bboxes,
            grid,
        }
    }

    /// The alpha-2 code of the country whose polygon contains the point, or
    /// `None` at sea, in Antarctica's absence, or for invalid coordinates.
    /// Longitudes outside ±180 are wrapped.
    pub fn country_at(&self, lat: f64, lon: f64) -> Option<&str> {
        let (lon, lat) = normalise(lat, lon)?;
        let country = self.grid.lookup(lon, lat)?;
        Some(self.countries[country as usize].iso2.as_str())
    }

    /// [`country_at`](Self::country_at) without the index: every polygon in
    /// turn, skipping those whose bounding box misses the point. Same answers,
    /// far slower; kept as the reference for tests and benchmarks.
    pub fn country_at_linear(&self, lat: f64, lon: f64) -> Option<&str> {
        let (lon, lat) = normalise(lat, lon)?;
        self.order
            .iter()
            .zip(&self.bboxes)
            .find_map(|(&(c, p), b)| {
                let shape = &self.countries[c as usize];
                let polygon = &shape.polygons[p as usize];
                (lon >= b[0]
                    && lon <= b[2]
                    && lat >= b[1]
                    && lat <= b[3]
                    && polygon.contains(lon, lat))
                .then_some(shape.iso2.as_str())
            })
    }

    /// Every country, in code order.
    pub fn countries(&self) -> &[CountryShape] {
        &self.countries
    }

    /// One country's shape.
    pub fn get(&self, iso2: &str) -> Option<&CountryShape> {
        self.countries
            .binary_search_by(|c| c.iso2.as_str().cmp(iso2))
            .ok()
            .map(|i| &self.countries[i])
    }

    pub fn len(&self) -> usize {
        self.countries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }

    /// Every country with its rings simplified by Douglas–Peucker to within
    /// `tolerance_deg` degrees; rings that collapse are dropped, and with their
    /// exterior, polygons. Rings are simplified one by one, so a border shared
    /// by two countries may move by up to the tolerance differently on each
    /// side: fine for drawing, not for lookups.
    pub fn simplified(&self, tolerance_deg: f64) -> Vec<CountryShape> {
        self.countries
            .iter()
            .map(|shape| CountryShape {
                iso2: shape.iso2.clone(),
                name: shape.name.clone(),
                polygons: shape
                    .polygons
                    .iter()
                    .filter_map(|p| {
                        let exterior = simplify_ring(&p.exterior, tolerance_deg)?;
                        let holes = p
                            .holes
                            .iter()
                            .filter_map(|h| simplify_ring(h, tolerance_deg))
                            .collect();
                        Some(Polygon { exterior, holes })
                    })
                    .collect(),
            })
            .filter(|shape| !shape.polygons.is_empty())
            .collect()
    }

    pub fn stats(&self) -> IndexStats {
        let g = &self.grid;
        IndexStats {
            countries: self.countries.len(),
            polygons: self.order.len(),
            vertices: self
                .countries
                .iter()
                .flat_map(|c| &c.polygons)
                .flat_map(|p| p.rings())
                .map(<[Position]>::len)
                .sum(),
            cell_deg: g.cell,
            cells: (g.cols * g.rows) as usize,
            cells_used: g.offsets.windows(2).filter(|w| w[1] > w[0]).count(),
            parts: g.parts.len(),
            cell_edges: g.edges.len(),
            max_cell_edges: g
                .offsets
                .windows(2)
                .map(|w| {
                    g.parts[w[0] as usize..w[1] as usize]
                        .iter()
                        .map(|p| p.edges_len as usize)
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0),
        }
    }
}

/// Makes a ring drawn on the sphere usable in plain longitude/latitude:
///
/// - a vertex on the antimeridian between two neighbours on the same side
///   takes that side (Natural Earth's TopoJSON writes -180 for some vertices
///   of rings east of it, e.g. Russia's main polygon, which would make their
///   edges wrap around the globe);
/// - a ring that still crosses the antimeridian an odd number of times goes
///   around a pole (Antarctica): the crossing gets a detour along the
///   antimeridian to the pole and back, so the ring encloses the polar cap.
///
/// Rings that do neither are left alone.
pub fn unwrap_antimeridian(ring: &mut Vec<Position>) {
    let n = ring.len();
    if n < 4 {
        return;
    }
    let off_line = |x: &f64| x.abs() != 180.0;
    for i in 0..n {
        if ring[i][0].abs() != 180.0 {
            continue;
        }
        // The nearest vertices before and after that are not on the line
        // (the ring is closed: its last vertex repeats the first).
        let before = (1..n)
            .map(|k| ring[(i + n - 1 - k) % (n - 1)][0])
            .find(off_line);
        let after = (1..n).map(|k| ring[(i + k) % (n - 1)][0]).find(off_line);
        if let (Some(b), Some(a)) = (before, after)
            && b.abs() > 90.0
            && (b > 0.0) == (a > 0.0)
        {
            ring[i][0] = 180.0f64.copysign(b);
        }
    }
    let crossings: Vec<usize> = (0..n - 1)
        .filter(|&i| (ring[i][0] - ring[i + 1][0]).abs() > 180.0)
        .collect();
    if crossings.len() % 2 == 1 {
        let i = crossings[0];
        let (a, b) = (ring[i], ring[i + 1]);
        let east = a[0] > 0.0;
        let side = if east { 180.0 } else { -180.0 };
        let b_unwrapped = if east { b[0] + 360.0 } else { b[0] - 360.0 };
        let t = if b_unwrapped == a[0] {
            0.0
        } else {
            (side - a[0]) / (b_unwrapped - a[0])
        };
        let y = a[1] + t * (b[1] - a[1]);
        let mean_lat = ring.iter().map(|p| p[1]).sum::<f64>() / n as f64;
        let pole = if mean_lat < 0.0 { -90.0 } else { 90.0 };
        ring.splice(
            i + 1..i + 1,
            [[side, y], [side, pole], [-side, pole], [-side, y]],
        );
    }
}

/// A polygon made usable in plain longitude/latitude (see
/// [`unwrap_antimeridian`]). A polygon that straddles the antimeridian
/// (coarser Natural Earth scales do not cut Fiji's islands there) becomes two:
/// one continuous across ±180 and its copy shifted by 360°, each covering the
/// part of the island on its side.
fn split_at_antimeridian(mut polygon: Polygon) -> Vec<Polygon> {
    unwrap_antimeridian(&mut polygon.exterior);
    polygon.holes.iter_mut().for_each(unwrap_antimeridian);
    let straddles = polygon.exterior.windows(2).any(|e| {
        (e[0][0] - e[1][0]).abs() > 180.0 && !(e[0][1].abs() == 90.0 && e[0][1] == e[1][1])
    });
    if !straddles {
        return vec![polygon];
    }
    let east = polygon.exterior[0][0] >= 0.0;
    for ring in std::iter::once(&mut polygon.exterior).chain(polygon.holes.iter_mut()) {
        for v in ring.iter_mut() {
            if east && v[0] < -90.0 {
                v[0] += 360.0;
            } else if !east && v[0] > 90.0 {
                v[0] -= 360.0;
            }
        }
    }
    let shift = if east { -360.0 } else { 360.0 };
    let copy = Polygon {
        exterior: polygon
            .exterior
            .iter()
            .map(|v| [v[0] + shift, v[1]])
            .collect(),
        holes: polygon
            .holes
            .iter()
            .map(|h| h.iter().map(|v| [v[0] + shift, v[1]]).collect())
            .collect(),
    };
    vec![polygon, copy]
}

/// `(lon, lat)` with the longitude wrapped into ±180, or `None` when not a
/// coordinate.
fn normalise(lat: f64, lon: f64) -> Option<(f64, f64)> {
    if !lat.is_finite() || !lon.is_finite() || !(-90.0..=90.0).contains(&lat) {
        return None;
    }
    let lon = if (-180.0..=180.0).contains(&lon) {
        lon
    } else {
        (lon + 180.0).rem_euclid(360.0) - 180.0
    };
    Some((lon, lat))
}

/// Douglas–Peucker on a closed ring: keeps the vertices farther than
/// `tolerance` from the simplified outline. Returns `None` when fewer than
/// three distinct vertices remain. A non-positive tolerance keeps the ring.
pub fn simplify_ring(ring: &[Position], tolerance: f64) -> Option<Vec<Position>> {
    if ring.len() < 4 {
        return None;
    }
    if tolerance.is_nan() || tolerance <= 0.0 {
        return Some(ring.to_vec());
    }
    // Split the closed ring at the vertex farthest from its first one, so
    // that both halves are open polylines with distinct ends.
    let last = ring.len() - 1;
    let far = (1..last)
        .max_by(|&a, &b| dist2(ring[0], ring[a]).total_cmp(&dist2(ring[0], ring[b])))
        .unwrap_or(1);
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[far] = true;
    keep[last] = true;
    let tol2 = tolerance * tolerance;
    let mut stack = vec![(0, far), (far, last)];
    while let Some((start, end)) = stack.pop() {
        if end <= start + 1 {
            continue;
        }
        let (mut best, mut best_d) = (start, -1.0);
        for i in start + 1..end {
            let d = segment_dist2(ring[i], ring[start], ring[end]);
            if d > best_d {
                (best, best_d) = (i, d);
            }
        }
        if best_d > tol2 {
            keep[best] = true;
            stack.push((start, best));
            stack.push((best, end));
        }
    }
    let out: Vec<Position> = ring
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect();
    (out.len() >= 4).then_some(out)
}

fn dist2(a: Position, b: Position) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// Squared distance from `p` to the segment `a`–`b`.
fn segment_dist2(p: Position, a: Position, b: Position) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return dist2(p, a);
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    dist2(p, [a[0] + t * dx, a[1] + t * dy])
}

/// One polygon's share of one cell.
#[derive(Debug, Clone, Copy)]
struct Part {
    country: u32,
    /// Whether the cell's reference point is inside the polygon.
    ref_inside: bool,
    edges_start: u32,
    /// 0: no edge crosses the cell, so the whole cell is `ref_inside`.
    edges_len: u32,
}

/// The uniform grid: cells in row-major order from (-180, -90), each with a
/// run of parts (compressed rows: `offsets[cell]..offsets[cell + 1]`).
#[derive(Debug, Clone)]
struct Grid {
    cell: f64,
    cols: u32,
    rows: u32,
    offsets: Vec<u32>,
    parts: Vec<Part>,
    /// `[ax, ay, bx, by]`.
    edges: Vec<[f64; 4]>,
}

/// How far beyond its ends an edge is listed in cells.
const MARGIN: f64 = 1e-9;

/// Offsets of the reference point from the cell's centre, as fractions of a
/// cell: odd values, so that it does not fall on the round numbers data uses.
const REF_DX: f64 = 0.000_137_931;
const REF_DY: f64 = 0.000_271_828;

impl Grid {
    fn cols_rows(cell: f64) -> (u32, u32) {
        ((360.0 / cell).ceil() as u32, (180.0 / cell).ceil() as u32)
    }

    fn col(&self, lon: f64) -> u32 {
        (((lon + 180.0) / self.cell).floor().max(0.0) as u32).min(self.cols - 1)
    }

    fn row(&self, lat: f64) -> u32 {
        (((lat + 90.0) / self.cell).floor().max(0.0) as u32).min(self.rows - 1)
    }

    fn ref_point(&self, col: u32, row: u32) -> Position {
        [
            -180.0 + (f64::from(col) + 0.5 + REF_DX) * self.cell,
            -90.0 + (f64::from(row) + 0.5 + REF_DY) * self.cell,
        ]
    }

    fn build(countries: &[CountryShape], order: &[(u32, u32)], cell: f64) -> Grid {
        let (cols, rows) = Self::cols_rows(cell);
        let mut grid = Grid {
            cell,
            cols,
            rows,
            offsets: Vec::new(),
            parts: Vec::new(),
            edges: Vec::new(),
        };
        // (cell, part) pairs in polygon order; sorted by cell (stably) below.
        let mut pairs: Vec<(u32, Part)> = Vec::new();
        let mut edges: Vec<[f64; 4]> = Vec::new();
        let mut cell_edges: Vec<(u32, [f64; 4])> = Vec::new();
        for &(c, p) in order {
            let polygon = &countries[c as usize].polygons[p as usize];
            // Widened by the margin `add_edge` lists edges with.
            let b = polygon.bbox();
            if !(b[0].is_finite() && b[1].is_finite() && b[2].is_finite() && b[3].is_finite()) {
                continue;
            }
            let (c0, c1) = (grid.col(b[0] - MARGIN), grid.col(b[2] + MARGIN));
            let (r0, r1) = (grid.row(b[1] - MARGIN), grid.row(b[3] + MARGIN));
            let width = (c1 - c0 + 1) as usize;
            // Crossings of each row's reference latitude, for the reference answers.
            let mut crossings: Vec<Vec<f64>> = vec![Vec::new(); (r1 - r0 + 1) as usize];
            cell_edges.clear();
            for ring in polygon.rings() {
                for e in ring.windows(2) {
                    let (a, z) = (e[0], e[1]);
                    if a == z {
                        continue;
                    }
                    grid.add_edge(a, z, &mut cell_edges);
                    let (lo, hi) = (grid.row(a[1].min(z[1])), grid.row(a[1].max(z[1])));
                    for row in lo.max(r0)..=hi.min(r1) {
                        let y = grid.ref_point(0, row)[1];
                        if (a[1] > y) != (z[1] > y) {
                            let x = a[0] + (y - a[1]) * (z[0] - a[0]) / (z[1] - a[1]);
                            crossings[(row - r0) as usize].push(x);
                        }
                    }
                }
            }
            for xs in &mut crossings {
                xs.sort_by(f64::total_cmp);
            }
            cell_edges.sort_by_key(|(cell, _)| *cell);
            // Cells of the bbox crossed by edges, then the rest of the bbox.
            let mut has_edges = vec![false; width * (r1 - r0 + 1) as usize];
            let inside_ref = |col: u32, row: u32| {
                let xs = &crossings[(row - r0) as usize];
                let x = grid.ref_point(col, row)[0];
                (xs.len() - xs.partition_point(|&v| v <= x)) % 2 == 1
            };
            let mut i = 0;
            while i < cell_edges.len() {
                let cell_id = cell_edges[i].0;
                let start = edges.len();
                while i < cell_edges.len() && cell_edges[i].0 == cell_id {
                    edges.push(cell_edges[i].1);
                    i += 1;
                }
                let (col, row) = (cell_id % cols, cell_id / cols);
                has_edges[(row - r0) as usize * width + (col - c0) as usize] = true;
                pairs.push((
                    cell_id,
                    Part {
                        country: c,
                        ref_inside: inside_ref(col, row),
                        edges_start: start as u32,
                        edges_len: (edges.len() - start) as u32,
                    },
                ));
            }
            for row in r0..=r1 {
                for col in c0..=c1 {
                    if !has_edges[(row - r0) as usize * width + (col - c0) as usize]
                        && inside_ref(col, row)
                    {
                        pairs.push((
                            row * cols + col,
                            Part {
                                country: c,
                                ref_inside: true,
                                edges_start: 0,
                                edges_len: 0,
                            },
                        ));
                    }
                }
            }
        }
        pairs.sort_by_key(|(cell, _)| *cell);
        let ncells = (cols * rows) as usize;
        let mut offsets = Vec::with_capacity(ncells + 1);
        let mut next = 0;
        for cell_id in 0..ncells as u32 {
            offsets.push(next as u32);
            while next < pairs.len() && pairs[next].0 == cell_id {
                next += 1;
            }
        }
        offsets.push(pairs.len() as u32);
        grid.offsets = offsets;
        grid.parts = pairs.into_iter().map(|(_, part)| part).collect();
        grid.edges = edges;
        grid
    }

    /// Lists the edge `a`–`z` in every cell it crosses (with a hair of margin,
    /// so an edge along a cell border is in both cells).
    fn add_edge(&self, a: Position, z: Position, out: &mut Vec<(u32, [f64; 4])>) {
        let edge = [a[0], a[1], z[0], z[1]];
        let (ylo, yhi) = (a[1].min(z[1]), a[1].max(z[1]));
        for row in self.row(ylo - MARGIN)..=self.row(yhi + MARGIN) {
            let band0 = -90.0 + f64::from(row) * self.cell - MARGIN;
            let band1 = band0 + self.cell + 2.0 * MARGIN;
            // The part of the edge within this row's band of latitudes.
            let (x0, x1) = if z[1] == a[1] {
                (a[0], z[0])
            } else {
                let at = |y: f64| {
                    let t = ((y - a[1]) / (z[1] - a[1])).clamp(0.0, 1.0);
                    a[0] + t * (z[0] - a[0])
                };
                (at(band0), at(band1))
            };
            let (xlo, xhi) = (x0.min(x1), x0.max(x1));
            for col in self.col(xlo - MARGIN)..=self.col(xhi + MARGIN) {
                out.push((row * self.cols + col, edge));
            }
        }
    }

    /// The country of the first polygon containing `(lon, lat)`.
    #[inline]
    fn lookup(&self, lon: f64, lat: f64) -> Option<u32> {
        let (col, row) = (self.col(lon), self.row(lat));
        let cell = (row * self.cols + col) as usize;
        let parts = &self.parts[self.offsets[cell] as usize..self.offsets[cell + 1] as usize];
        if parts.is_empty() {
            return None;
        }
        let r = self.ref_point(col, row);
        let (dx, dy) = (r[0] - lon, r[1] - lat);
        for part in parts {
            let mut inside = part.ref_inside;
            let start = part.edges_start as usize;
            for e in &self.edges[start..start + part.edges_len as usize] {
                // Do the edge's ends lie on different sides of the line
                // point → reference? (A vertex on the line counts as left,
                // consistently for both edges that share it.)
                let sa = dx * (e[1] - lat) - dy * (e[0] - lon) >= 0.0;
                let sb = dx * (e[3] - lat) - dy * (e[2] - lon) >= 0.0;
                if sa == sb {
                    continue;
                }
                // And do the point and the reference lie on different sides
                // of the edge? A point on the edge counts as on the
                // reference's side, so a point on a border shared by two
                // polygons goes to the one holding the reference.
                let (ex, ey) = (e[2] - e[0], e[3] - e[1]);
                let sp = ex * (lat - e[1]) - ey * (lon - e[0]);
                let sr = ex * (r[1] - e[1]) - ey * (r[0] - e[0]);
                if sp != 0.0 && (sp > 0.0) != (sr > 0.0) {
                    inside = !inside;
                }
            }
            if inside {
                return Some(part.country);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Position> {
        vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    }

    /// A country with a hole holding another country, a neighbour sharing an
    /// edge, and a jagged country spanning many cells.
    fn sample(cell: f64) -> CountryBoundaries {
        let jagged: Vec<Position> = (0..=200)
            .map(|i| {
                let t = f64::from(i) / 200.0 * std::f64::consts::TAU;
                let r = 7.0 + 2.5 * (7.0 * t).sin();
                [60.0 + r * t.cos(), -20.0 + r * t.sin()]
            })
            .collect();
        CountryBoundaries::with_cell_size(
            vec![
                (
                    "za".into(),
                    vec![Polygon::new(
                        square(10.0, -30.0, 20.0, -20.0),
                        vec![square(14.0, -26.0, 16.0, -24.0)],
                    )],
                ),
                (
                    "LS".into(),
                    vec![Polygon::new(square(14.0, -26.0, 16.0, -24.0), vec![])],
                ),
                (
                    "NA".into(),
                    vec![Polygon::new(square(5.0, -30.0, 10.0, -20.0), vec![])],
                ),
                ("MG".into(), vec![Polygon::new(jagged, vec![])]),
            ],
            cell,
        )
    }

    #[test]
    fn holes_enclaves_neighbours_and_sea() {
        for cell in [0.1, 0.25, 1.0, 5.0] {
            let b = sample(cell);
            assert_eq!(b.country_at(-25.0, 15.0), Some("LS"), "cell {cell}");
            assert_eq!(b.country_at(-22.0, 12.0), Some("ZA"));
            assert_eq!(b.country_at(-22.0, 7.0), Some("NA"));
            assert_eq!(b.country_at(-22.0, 25.0), None);
            assert_eq!(b.country_at(-35.0, 15.0), None);
            assert_eq!(b.country_at(f64::NAN, 15.0), None);
            assert_eq!(b.country_at(95.0, 15.0), None);
            assert_eq!(b.country_at(-25.0, 15.0 + 360.0), Some("LS"));
            assert_eq!(b.get("ZA").map(|c| c.name.as_str()), Some("South Africa"));
        }
    }

    #[test]
    fn grid_agrees_with_plain_ray_casting() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for cell in [0.07, 0.25, 1.3] {
            let b = sample(cell);
            for _ in 0..20_000 {
                let lon = 0.0 + next() * 75.0;
                let lat = -35.0 + next() * 30.0;
                assert_eq!(
                    b.country_at(lat, lon),
                    b.country_at_linear(lat, lon),
                    "cell {cell} at {lat},{lon}"
                );
            }
        }
    }

    #[test]
    fn points_on_cell_borders_and_vertices() {
        let b = sample(1.0);
        // On the grid lines, and on a row's reference latitude.
        for lat in [-29.0, -25.5, -21.0] {
            for lon in [11.0, 12.0, 13.5, 17.0] {
                assert_eq!(b.country_at(lat, lon), Some("ZA"), "{lat},{lon}");
            }
        }
        // Exactly on the shared edge: either, but the same every time.
        let on_border = b.country_at(-25.0, 10.0);
        assert!(matches!(on_border, Some("ZA" | "NA")));
        assert_eq!(b.country_at(-25.0, 10.0), on_border);
    }

    #[test]
    fn douglas_peucker_keeps_corners_and_drops_noise() {
        let mut ring = vec![];
        for i in 0..=100 {
            let x = f64::from(i) / 10.0;
            ring.push([x, if i % 2 == 0 { 0.0 } else { 0.001 }]);
        }
        ring.extend([[10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]);
        let simple = simplify_ring(&ring, 0.01).unwrap_or_default();
        assert_eq!(
            simple,
            vec![
                [0.0, 0.0],
                [10.0, 0.0],
                [10.0, 10.0],
                [0.0, 10.0],
                [0.0, 0.0]
            ]
        );
        assert_eq!(simplify_ring(&ring, 0.0).map(|r| r.len()), Some(ring.len()));
        assert_eq!(simplify_ring(&square(0.0, 0.0, 0.001, 0.001), 1.0), None);
        let b = sample(0.25);
        let simplified = b.simplified(100.0);
        assert!(simplified.is_empty());
        let kept = b.simplified(0.001);
        assert_eq!(kept.len(), 4);
        assert_eq!(kept[3].polygons[0].holes.len(), 1, "{:?}", kept[3].iso2);
    }
}
