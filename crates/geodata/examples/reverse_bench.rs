//! Reverse-geocoding benchmark: `country_at` lookups per second on one core
//! over random points in land-ish boxes, side by side with a linear scan of
//! every polygon (no index) and with PostGIS answering the same question over
//! the same polygons (one row per polygon, GiST index; raw and ST_Subdivide'd),
//! and the agreement between them.
//!
//! ```text
//! cargo run --release -p sitrep-geodata --example reverse_bench -- \
//!     [--resolution 10m] [--points 1000000] [--linear-points 5000] \
//!     [--pg-points 20000] [--pg "host=127.0.0.1 user=postgres dbname=postgres" | --no-pg] \
//!     [--probe LAT,LON ...]
//! ```
//!
//! `--probe` prints, for each point, the answer of sitrep at every resolution,
//! of the linear scan and of PostGIS, and exits: the way the expected answers
//! of the border tests were checked.

use std::time::{Duration, Instant};

use postgres::{Client, NoTls};
use sitrep_geo::boundaries::{CountryBoundaries, Polygon, Position};
use sitrep_geodata::{Resolution, default_dir, ensure_installed, load_country_polygons};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

struct Args {
    resolution: Resolution,
    points: usize,
    linear_points: usize,
    pg_points: usize,
    pg: Option<String>,
    probes: Vec<(f64, f64)>,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        resolution: Resolution::Fine,
        points: 1_000_000,
        linear_points: 5_000,
        pg_points: 20_000,
        pg: Some("host=127.0.0.1 user=postgres dbname=postgres".to_owned()),
        probes: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--resolution" => args.resolution = value()?.parse()?,
            "--points" => args.points = value()?.parse()?,
            "--linear-points" => args.linear_points = value()?.parse()?,
            "--pg-points" => args.pg_points = value()?.parse()?,
            "--pg" => args.pg = Some(value()?),
            "--no-pg" => args.pg = None,
            "--probe" => {
                let v = value()?;
                let (lat, lon) = v.split_once(',').ok_or("--probe takes LAT,LON")?;
                args.probes.push((lat.trim().parse()?, lon.trim().parse()?));
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    Ok(args)
}

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

/// `[min_lon, min_lat, max_lon, max_lat]` boxes over the inhabited continents
/// (with their coasts, so some points fall at sea), weighted equally.
const BOXES: &[[f64; 4]] = &[
    [-10.0, 35.0, 40.0, 70.0],    // Europe
    [-17.0, -35.0, 51.0, 37.0],   // Africa
    [25.0, 12.0, 75.0, 45.0],     // Middle East, Central Asia
    [60.0, 5.0, 145.0, 55.0],     // South and East Asia
    [95.0, -10.0, 141.0, 20.0],   // South-East Asia
    [-125.0, 15.0, -65.0, 55.0],  // North and Central America
    [-82.0, -55.0, -35.0, 12.0],  // South America
    [113.0, -39.0, 154.0, -11.0], // Australia
    [30.0, 45.0, 180.0, 75.0],    // Russia
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

fn main() -> Result<()> {
    let args = parse_args()?;
    let dir = ensure_installed(&default_dir())?;
    if !args.probes.is_empty() {
        return probe(&dir, &args);
    }

    println!(
        "# reverse geocoding: Natural Earth {} countries",
        args.resolution
    );
    let t = Instant::now();
    let polygons = load_country_polygons(&dir, args.resolution)?;
    let decoded = t.elapsed();
    let t = Instant::now();
    let boundaries = CountryBoundaries::new(polygons);
    let built = t.elapsed();
    // PostGIS gets the polygons as the index holds them (merged per country,
    // antimeridian vertices snapped to their ring's side).
    let polygons: Vec<(String, Vec<Polygon>)> = boundaries
        .countries()
        .iter()
        .map(|c| (c.iso2.clone(), c.polygons.clone()))
        .collect();
    let s = boundaries.stats();
    println!(
        "load: read+decode {:.0} ms, index {:.0} ms ({} countries, {} polygons, {} vertices; \
         {}° grid: {} of {} cells used, {} parts, {} cell edges, max {} edges in a cell)",
        ms(decoded),
        ms(built),
        s.countries,
        s.polygons,
        s.vertices,
        s.cell_deg,
        s.cells_used,
        s.cells,
        s.parts,
        s.cell_edges,
        s.max_cell_edges
    );

    let t = Instant::now();
    let simple = boundaries.simplified(0.02);
    let simplified_vertices: usize = simple
        .iter()
        .flat_map(|c| &c.polygons)
        .flat_map(|p| p.rings())
        .map(<[Position]>::len)
        .sum();
    println!(
        "simplified(0.02°) for /api/v1/areas: {simplified_vertices} vertices in {:.0} ms",
        ms(t.elapsed())
    );

    let points = random_points(args.points, 0x5172_e920_2400);
    let t = Instant::now();
    let mut answers: Vec<Option<&str>> = Vec::with_capacity(points.len());
    for &(lat, lon) in &points {
        answers.push(boundaries.country_at(lat, lon));
    }
    let indexed = t.elapsed();
    let on_land = answers.iter().filter(|a| a.is_some()).count();
    println!(
        "sitrep grid:    {:>10.0} lookups/s  ({} points in {:.0} ms, {:.2} µs each; {:.1}% in a country)",
        rate(points.len(), indexed),
        points.len(),
        ms(indexed),
        indexed.as_secs_f64() * 1e6 / points.len() as f64,
        100.0 * on_land as f64 / points.len() as f64
    );

    let n = args.linear_points.min(points.len());
    let t = Instant::now();
    let linear: Vec<Option<&str>> = points[..n]
        .iter()
        .map(|&(lat, lon)| boundaries.country_at_linear(lat, lon))
        .collect();
    let scanned = t.elapsed();
    let same = linear.iter().zip(&answers).filter(|(a, b)| a == b).count();
    println!(
        "linear scan:    {:>10.0} lookups/s  ({n} points, bbox check then ray casting per polygon); \
         grid is {:.0}× faster; agreement {:.3}%",
        rate(n, scanned),
        rate(points.len(), indexed) / rate(n, scanned),
        100.0 * same as f64 / n as f64
    );
    report_disagreements("linear", &points[..n], &answers[..n], &linear);

    if let Some(conn) = &args.pg {
        match postgis(conn, &polygons, &points[..args.pg_points.min(points.len())]) {
            Ok(runs) => {
                let m = args.pg_points.min(points.len());
                for run in runs {
                    let same = run
                        .answers
                        .iter()
                        .zip(&answers)
                        .filter(|(a, b)| a.as_deref() == **b)
                        .count();
                    println!(
                        "{:<15} {:>10.0} lookups/s  ({m} points, {}; agreement with sitrep {:.3}%)",
                        run.label,
                        rate(m, run.elapsed),
                        run.detail,
                        100.0 * same as f64 / m as f64
                    );
                    let theirs: Vec<Option<&str>> =
                        run.answers.iter().map(|a| a.as_deref()).collect();
                    report_disagreements(&run.label, &points[..m], &answers[..m], &theirs);
                }
            }
            Err(e) => println!("postgis: skipped ({e:?})"),
        }
    }
    Ok(())
}

fn report_disagreements(
    label: &str,
    points: &[(f64, f64)],
    ours: &[Option<&str>],
    theirs: &[Option<&str>],
) {
    for ((p, a), b) in points
        .iter()
        .zip(ours)
        .zip(theirs)
        .filter(|(x, y)| x.1 != *y)
        .take(5)
    {
        println!(
            "  {label} differs at {:.5},{:.5}: sitrep {a:?}, {label} {b:?}",
            p.0, p.1
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

struct PgRun {
    label: String,
    detail: String,
    elapsed: Duration,
    answers: Vec<Option<String>>,
}

fn wkt(polygon: &Polygon) -> String {
    let ring = |r: &[Position]| {
        let coords: Vec<String> = r.iter().map(|p| format!("{} {}", p[0], p[1])).collect();
        format!("({})", coords.join(","))
    };
    let rings: Vec<String> = polygon.rings().map(ring).collect();
    format!("POLYGON({})", rings.join(","))
}

/// Loads the polygons into PostGIS (once; reused while the vertex count
/// matches) and times one query per point against the raw and the
/// subdivided table.
fn postgis(
    conn: &str,
    polygons: &[(String, Vec<Polygon>)],
    points: &[(f64, f64)],
) -> Result<Vec<PgRun>> {
    let mut client = Client::connect(conn, NoTls)?;
    // What the table was loaded from: vertex count and coordinate sum.
    let (mut vertices, mut sum) = (0usize, 0.0f64);
    for v in polygons
        .iter()
        .flat_map(|(_, ps)| ps)
        .flat_map(|p| p.rings())
        .flatten()
    {
        vertices += 1;
        sum += v[0] + 2.0 * v[1];
    }
    let key = format!("{vertices}:{sum:.6}");
    let table = "sitrep_bench_countries";
    let loaded: Option<String> = client
        .query_opt(
            "SELECT obj_description(to_regclass($1), 'pg_class')",
            &[&table],
        )
        .ok()
        .flatten()
        .and_then(|row| row.get(0));
    if loaded.as_deref() != Some(key.as_str()) {
        let t = Instant::now();
        client.batch_execute(&format!(
            "CREATE EXTENSION IF NOT EXISTS postgis;
             DROP TABLE IF EXISTS {table}, {table}_sub;
             CREATE TABLE {table} (iso2 text NOT NULL, area float8 NOT NULL, geom geometry(Polygon, 4326) NOT NULL);"
        ))?;
        let insert = client.prepare(&format!(
            "INSERT INTO {table} (iso2, area, geom) SELECT $1::text, ST_Area(g), g FROM ST_GeomFromText($2::text, 4326) AS g"
        ))?;
        let mut tx = client.transaction()?;
        for (iso2, ps) in polygons {
            for p in ps {
                tx.execute(&insert, &[iso2, &wkt(p)])?;
            }
        }
        tx.commit()?;
        client.batch_execute(&format!(
            "CREATE INDEX ON {table} USING gist (geom);
             CREATE TABLE {table}_sub AS SELECT iso2, area, ST_Subdivide(ST_MakeValid(geom), 255) AS geom FROM {table};
             CREATE INDEX ON {table}_sub USING gist (geom);
             ANALYZE {table}; ANALYZE {table}_sub;
             COMMENT ON TABLE {table} IS '{key}';"
        ))?;
        println!(
            "postgis: loaded {} polygons in {:.1} s",
            polygons.iter().map(|(_, p)| p.len()).sum::<usize>(),
            t.elapsed().as_secs_f64()
        );
    }
    let mut runs = Vec::new();
    for (suffix, label, detail) in [
        ("", "postgis", "ST_Intersects, GiST, one query a point"),
        (
            "_sub",
            "postgis subdiv",
            "ST_Subdivide(ST_MakeValid, 255) pieces, ST_Intersects, GiST, one query a point",
        ),
    ] {
        // Smallest polygon first, as sitrep resolves overlaps.
        let query = client.prepare(&format!(
            "SELECT iso2 FROM {table}{suffix} \
             WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) \
             ORDER BY area LIMIT 1"
        ))?;
        // Warm the cache with a few queries.
        for &(lat, lon) in points.iter().take(200) {
            client.query_opt(&query, &[&lon, &lat])?;
        }
        let mut latencies = Vec::with_capacity(points.len());
        let mut answers = Vec::with_capacity(points.len());
        let t = Instant::now();
        for &(lat, lon) in points {
            let q = Instant::now();
            let row = client.query_opt(&query, &[&lon, &lat])?;
            latencies.push(q.elapsed());
            answers.push(row.map(|r| r.get::<_, String>(0)));
        }
        let elapsed = t.elapsed();
        latencies.sort();
        let pct = |p: f64| {
            latencies
                .get(((latencies.len() as f64 - 1.0) * p) as usize)
                .map_or(0.0, |d| d.as_secs_f64() * 1e6)
        };
        runs.push(PgRun {
            label: label.to_owned(),
            detail: format!(
                "{detail}; latency p50 {:.0} µs, p99 {:.0} µs",
                pct(0.5),
                pct(0.99)
            ),
            elapsed,
            answers,
        });
    }
    Ok(runs)
}

fn probe(dir: &std::path::Path, args: &Args) -> Result<()> {
    let mut all = Vec::new();
    for r in Resolution::ALL {
        all.push((r, CountryBoundaries::new(load_country_polygons(dir, r)?)));
    }
    let mut client = args
        .pg
        .as_deref()
        .and_then(|c| Client::connect(c, NoTls).ok());
    for &(lat, lon) in &args.probes {
        let mut line = format!("{lat},{lon}:");
        for (r, b) in &all {
            line += &format!(
                " {r}={:?}/linear={:?}",
                b.country_at(lat, lon),
                b.country_at_linear(lat, lon)
            );
        }
        if let Some(client) = client.as_mut() {
            let row = client.query_opt(
                "SELECT iso2 FROM sitrep_bench_countries \
                 WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY area LIMIT 1",
                &[&lon, &lat],
            );
            if let Ok(row) = row {
                line += &format!(" postgis(10m)={:?}", row.map(|r| r.get::<_, String>(0)));
            }
        }
        println!("{line}");
    }
    Ok(())
}
