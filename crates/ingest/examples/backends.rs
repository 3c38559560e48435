//! The two store backends side by side on the same events and queries: the
//! embedded SQLite store and the PostgreSQL store, both through the `Store`
//! trait, in one process.
//!
//! `cargo run --release -p sitrep-ingest --example backends -- [ROWS]`
//!
//! Reads the real ACLED rows of `../shared/data/acled/world-2022-dev.csv.gz`,
//! replicates them to ROWS events (default 100,000: each copy a new record id
//! with its date moved by up to ±180 days and its point by up to ±0.05°, so
//! copies are distinct events), writes them in batches of 10,000 into a fresh
//! SQLite store (a temporary directory) and a fresh schema of the PostgreSQL
//! server in `SITREP_BENCH_POSTGRES` (default `host=127.0.0.1 user=postgres
//! dbname=postgres`; the schema is dropped at the end), imports them again
//! (every record unchanged), then times the same queries on both and prints
//! the ratios.

use std::path::Path;
use std::time::Instant;

use chrono::{Days, Utc};
use sitrep_ingest::{Context, Format, parse_file};
use sitrep_model::{Event, EventType};
use sitrep_store::{Aggregate, BBox, EventQuery, Near, PgStore, SqliteStore, Store};

const BATCH: usize = 10_000;
const QUERIES: usize = 200;

/// A small deterministic generator (SplitMix64), so both runs see the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
}

fn replicate(base: &[Event], rows: usize) -> Vec<Event> {
    let mut rng = Rng(7);
    (0..rows)
        .map(|i| {
            let mut e = base[i % base.len()].clone();
            let copy = i / base.len();
            if copy > 0 {
                for s in &mut e.sources {
                    s.record_id = format!("{}-r{copy}", s.record_id);
                }
                e.id = sitrep_model::EventId::for_source(
                    &e.sources[0].dataset,
                    &e.sources[0].record_id,
                );
                let shift = (rng.unit() * 180.0).round() as i64;
                let moved = if shift >= 0 {
                    e.date.start.checked_add_days(Days::new(shift as u64))
                } else {
                    e.date
                        .start
                        .checked_sub_days(Days::new(shift.unsigned_abs()))
                };
                e.date.start = moved.unwrap_or(e.date.start);
                e.location.lat = (e.location.lat + rng.unit() * 0.05).clamp(-90.0, 90.0);
                e.location.lon = (e.location.lon + rng.unit() * 0.05).clamp(-180.0, 180.0);
            }
            e
        })
        .collect()
}

/// Milliseconds at the 50th and 99th percentile.
fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

/// Runs the `i`-th query of a workload and returns its answer (a count).
type Query = Box<dyn Fn(&dyn Store, usize) -> u64>;

struct Workload {
    name: &'static str,
    run: Query,
}

fn workloads(events: &[Event]) -> Vec<Workload> {
    let points: Vec<(f64, f64)> = events
        .iter()
        .map(|e| (e.location.lat, e.location.lon))
        .step_by(97)
        .take(QUERIES)
        .collect();
    let days: Vec<chrono::NaiveDate> = events
        .iter()
        .step_by(89)
        .take(QUERIES)
        .map(|e| e.date.start)
        .collect();
    let p1 = points.clone();
    let p2 = points;
    let d1 = days.clone();
    vec![
        Workload {
            name: "bbox 10°×10° + 90 days + type, ≤ 500 rows",
            run: Box::new(move |s, i| {
                let (lat, lon) = p1[i % p1.len()];
                let day = d1[i % d1.len()];
                let q = EventQuery {
                    bbox: Some(BBox {
                        west: (lon - 5.0).max(-180.0),
                        south: (lat - 5.0).max(-90.0),
                        east: (lon + 5.0).min(180.0),
                        north: (lat + 5.0).min(90.0),
                    }),
                    from: day.checked_sub_days(Days::new(45)),
                    to: day.checked_add_days(Days::new(45)),
                    event_types: vec![EventType::Battles, EventType::ViolenceAgainstCivilians],
                    limit: 500,
                    ..EventQuery::default()
                };
                s.events(&q).map_or(0, |p| p.total)
            }),
        },
        Workload {
            name: "25 km radius, count",
            run: Box::new(move |s, i| {
                let (lat, lon) = p2[i % p2.len()];
                let q = EventQuery {
                    near: Some(Near { lat, lon, km: 25.0 }),
                    limit: 1,
                    ..EventQuery::default()
                };
                s.events(&q).map_or(0, |p| p.total)
            }),
        },
        Workload {
            name: "world grid aggregate, zoom 2",
            run: Box::new(|s, _| {
                let grid = Aggregate::Grid {
                    zoom: 2,
                    cells_per_tile: 8,
                };
                s.aggregate(&EventQuery::default(), &grid)
                    .map_or(0, |b| b.len() as u64)
            }),
        },
        Workload {
            name: "text \"killed\" + 30 days, ≤ 100 rows",
            run: Box::new(move |s, i| {
                let day = days[i % days.len()];
                let q = EventQuery {
                    text: Some("killed".into()),
                    from: day.checked_sub_days(Days::new(15)),
                    to: day.checked_add_days(Days::new(15)),
                    limit: 100,
                    ..EventQuery::default()
                };
                s.events(&q).map_or(0, |p| p.total)
            }),
        },
    ]
}

fn import(store: &dyn Store, events: &[Event]) -> Result<f64, Box<dyn std::error::Error>> {
    let started = Instant::now();
    for batch in events.chunks(BATCH) {
        store.upsert_events(batch)?;
    }
    store.build_search_indexes()?;
    Ok(started.elapsed().as_secs_f64())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|r| r.parse())
        .transpose()?
        .unwrap_or(100_000);
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/acled/world-2022-dev.csv.gz");
    let ctx = Context {
        now: Utc::now(),
        include_all_cameo: false,
    };
    let base = parse_file(Format::Acled, &file, &ctx)?.events;
    let events = replicate(&base, rows);
    println!(
        "{} events ({} real ACLED rows replicated), batches of {BATCH}",
        events.len(),
        base.len()
    );

    let dir = tempfile::tempdir()?;
    let sqlite = SqliteStore::open(dir.path().join("sitrep.db"))?;
    let url = std::env::var("SITREP_BENCH_POSTGRES")
        .unwrap_or_else(|_| "host=127.0.0.1 user=postgres dbname=postgres".into());
    let schema = format!("sitrep_bench_{}", std::process::id());
    let pg = PgStore::connect(&url, &schema)?;
    let backends: [(&str, &dyn Store); 2] = [("SQLite", &sqlite), ("PostgreSQL", &pg)];

    let mut imports = Vec::new();
    for (name, store) in backends {
        let seconds = import(store, &events)?;
        println!(
            "import {name:<10} {seconds:>7.2} s  {:>9.0} events/s",
            events.len() as f64 / seconds
        );
        imports.push(seconds);
    }
    println!("import: SQLite {:.1}× PostgreSQL", imports[1] / imports[0]);
    let mut again = Vec::new();
    for (name, store) in backends {
        let seconds = import(store, &events)?;
        println!(
            "re-import (all unchanged) {name:<10} {seconds:>7.2} s  {:>9.0} events/s",
            events.len() as f64 / seconds
        );
        again.push(seconds);
    }
    println!("re-import: SQLite {:.1}× PostgreSQL\n", again[1] / again[0]);

    println!(
        "{:<44} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "query (200 each)", "SQLite p50", "p99", "PG p50", "p99", "p99 ×"
    );
    for w in workloads(&events) {
        let mut p99s = Vec::new();
        let mut line = format!("{:<44}", w.name);
        let mut answers = Vec::new();
        for (_, store) in backends {
            (w.run)(store, 0); // warm-up
            let mut ms = Vec::with_capacity(QUERIES);
            let mut answer = 0;
            for i in 0..QUERIES {
                let t = Instant::now();
                answer += (w.run)(store, i);
                ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            answers.push(answer);
            let (p50, p99) = percentiles(ms);
            line.push_str(&format!(" {p50:>10.2} {p99:>10.2}"));
            p99s.push(p99);
        }
        line.push_str(&format!(" {:>8.1}", p99s[1] / p99s[0]));
        println!("{line}");
        if answers[0] != answers[1] {
            println!(
                "  (answers differ: SQLite {} vs PostgreSQL {})",
                answers[0], answers[1]
            );
        }
    }
    drop(pg);
    let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
    client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))?;
    Ok(())
}
