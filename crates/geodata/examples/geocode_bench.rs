//! Gazetteer benchmark: load time and memory of the full GeoNames gazetteer,
//! forward geocoding throughput on names sampled from the gazetteer itself
//! (deterministic), reverse `nearest_place` throughput on random points, each
//! side by side with a linear scan doing the same comparison.
//!
//! ```text
//! cargo run --release -p sitrep-geodata --example geocode_bench -- \
//!     [--queries 100000] [--linear-queries 200] [--points 100000] [--linear-points 500]
//! ```

use std::hint::black_box;
use std::time::Instant;

use sitrep_geo::gazetteer::{Gazetteer, Hints, haversine_km, normalise};
use sitrep_geodata::{default_dir, ensure_installed, load_gazetteer};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Args {
    queries: usize,
    linear_queries: usize,
    points: usize,
    linear_points: usize,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        queries: 100_000,
        linear_queries: 200,
        points: 100_000,
        linear_points: 500,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value: usize = it.next().ok_or(format!("{flag} needs a value"))?.parse()?;
        match flag.as_str() {
            "--queries" => args.queries = value,
            "--linear-queries" => args.linear_queries = value,
            "--points" => args.points = value,
            "--linear-points" => args.linear_points = value,
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    Ok(args)
}

/// xorshift64*: a fixed sequence, so every run samples the same names and points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// (VmRSS, VmHWM) in MiB from /proc/self/status.
fn rss_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |kib| kib / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let dir = ensure_installed(&default_dir())?;

    let started = Instant::now();
    let gazetteer = load_gazetteer(&dir)?;
    let load = started.elapsed().as_secs_f64();
    let (rss, peak) = rss_mib();
    println!(
        "load: {load:.2} s, {} places, {} admin-1 regions, {} indexed (name, entry) pairs; \
         RSS {rss:.0} MiB (peak {peak:.0} MiB)",
        gazetteer.len(),
        gazetteer.admin1s().len(),
        gazetteer.name_count(),
    );

    forward(&gazetteer, &args);
    reverse(&gazetteer, &args);
    let (rss, peak) = rss_mib();
    println!("end: RSS {rss:.0} MiB (peak {peak:.0} MiB)");
    Ok(())
}

fn forward(gazetteer: &Gazetteer, args: &Args) {
    let places = gazetteer.places();
    let mut rng = Rng(0x5175_7265_7000_0001);
    // Two in three queries are a primary name, the rest an alternate name.
    let queries: Vec<(&str, u32)> = (0..args.queries)
        .map(|_| {
            let p = &places[rng.below(places.len())];
            let name = if rng.below(3) < 2 || p.alternate_names.is_empty() {
                p.name.as_str()
            } else {
                p.alternate_names[rng.below(p.alternate_names.len())].as_str()
            };
            (name, p.geonames_id)
        })
        .collect();

    let hints = Hints::default();
    let started = Instant::now();
    let mut found = 0usize;
    let mut candidates = 0usize;
    for (name, id) in &queries {
        let result = gazetteer.geocode(name, &hints);
        candidates += result.len();
        let gn = format!("gn:{id}");
        found += usize::from(result.iter().any(|c| c.gazetteer_id == gn));
        black_box(&result);
    }
    let secs = started.elapsed().as_secs_f64();
    let indexed_rate = queries.len() as f64 / secs;
    println!(
        "forward geocode: {} queries in {secs:.2} s = {indexed_rate:.0} lookups/s \
         ({:.1} candidates per query, the sampled place among them in {found}/{})",
        queries.len(),
        candidates as f64 / queries.len().max(1) as f64,
        queries.len(),
    );

    let started = Instant::now();
    for (name, _) in &queries {
        black_box(gazetteer.geocode_top(name, &hints, 5));
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "forward geocode, top 5: {:.0} lookups/s",
        queries.len() as f64 / secs
    );

    // The baseline: every name normalised once up front (the fair version of
    // a scan), then each query compared with all of them.
    let started = Instant::now();
    let mut keys: Vec<(String, u32)> = Vec::new();
    for p in places {
        keys.push((normalise(&p.name), p.geonames_id));
        keys.push((normalise(&p.ascii_name), p.geonames_id));
        for alt in &p.alternate_names {
            keys.push((normalise(alt), p.geonames_id));
        }
    }
    let prep = started.elapsed().as_secs_f64();
    let subset = &queries[..args.linear_queries.min(queries.len())];
    let started = Instant::now();
    let mut agree = 0usize;
    for (name, id) in subset {
        let key = normalise(name);
        let hits: Vec<u32> = keys
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, id)| *id)
            .collect();
        agree += usize::from(hits.contains(id));
        black_box(hits);
    }
    let secs = started.elapsed().as_secs_f64();
    let linear_rate = subset.len() as f64 / secs;
    println!(
        "linear scan over {} pre-normalised names (built in {prep:.2} s): {} queries in \
         {secs:.2} s = {linear_rate:.1} lookups/s (found {agree}/{}); index is {:.0}x faster",
        keys.len(),
        subset.len(),
        subset.len(),
        indexed_rate / linear_rate,
    );
}

fn reverse(gazetteer: &Gazetteer, args: &Args) {
    let mut rng = Rng(0x7265_7665_7273_6501);
    let points: Vec<(f64, f64)> = (0..args.points)
        .map(|_| (rng.unit() * 140.0 - 60.0, rng.unit() * 360.0 - 180.0))
        .collect();
    let started = Instant::now();
    let mut total_km = 0.0;
    for (lat, lon) in &points {
        if let Some((_, km)) = gazetteer.nearest_place(*lat, *lon) {
            total_km += km;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let indexed_rate = points.len() as f64 / secs;
    println!(
        "reverse nearest_place: {} points in {secs:.2} s = {indexed_rate:.0} lookups/s \
         (mean distance {:.0} km)",
        points.len(),
        total_km / points.len().max(1) as f64,
    );

    let subset = &points[..args.linear_points.min(points.len())];
    let started = Instant::now();
    let mut agree = 0usize;
    for (lat, lon) in subset {
        let mut best = (f64::INFINITY, 0u32);
        for p in gazetteer.places() {
            let d = haversine_km(*lat, *lon, p.lat, p.lon);
            if d < best.0 {
                best = (d, p.geonames_id);
            }
        }
        let indexed = gazetteer.nearest_place(*lat, *lon);
        agree += usize::from(indexed.is_some_and(|(_, km)| (km - best.0).abs() < 1e-6));
    }
    let secs = started.elapsed().as_secs_f64();
    let linear_rate = subset.len() as f64 / secs;
    println!(
        "linear scan (haversine to every place): {} points in {secs:.2} s = {linear_rate:.1} \
         lookups/s; same distance as the index for {agree}/{}; index is {:.0}x faster",
        subset.len(),
        subset.len(),
        indexed_rate / linear_rate,
    );
}
