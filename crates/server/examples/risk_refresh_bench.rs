//! The server's risk-model refresh at scale (issue 5 §6), store included: a
//! SQLite store of 1,000,000 events (the real ACLED rows of
//! `../shared/data/acled/world-2022-dev.csv.gz` replicated with dates
//! jittered by up to ±180 days, fixed seed), then batches of 1,000 changed
//! events (800 new, 200 re-coded with more fatalities) written to it. After
//! each batch the model is brought up to date the way the server does it —
//! `Store::changes_since` from the last watermark and `RiskModel::apply` — and
//! compared with what the server did before: load every event
//! (`sitrep_api::risk::load_incidents`) and build the model again.
//!
//! `cargo run --release -p sitrep-server --example risk_refresh_bench [-- FILE [N]]`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use sitrep_ingest::{Context, Format, parse_file};
use sitrep_model::{Event, EventId};
use sitrep_risk::{AreaLevel, Change, Config, RiskModel};
use sitrep_store::{SqliteStore, Store};

/// A small fixed-seed generator (xorshift64*), enough for jitter.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn shift(day: NaiveDate, by: i64) -> NaiveDate {
    if by >= 0 {
        day.checked_add_days(Days::new(by.unsigned_abs()))
    } else {
        day.checked_sub_days(Days::new(by.unsigned_abs()))
    }
    .unwrap_or(day)
}

/// Event `src` as record `tag` of its dataset, on `day`.
fn copy(src: &Event, tag: &str, day: NaiveDate) -> Event {
    let mut e = src.clone();
    let record_id = format!("{}#{tag}", src.sources[0].record_id);
    e.id = EventId::for_source(&src.sources[0].dataset, &record_id);
    e.sources.truncate(1);
    e.sources[0].record_id = record_id;
    e.date.start = day;
    e.date.end = None;
    e
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Every event loaded and the model built, as the server did on every change.
fn full_load(store: &dyn Store) -> Result<RiskModel, Box<dyn std::error::Error>> {
    let incidents = sitrep_api::risk::load_incidents(store, &[], None)?;
    Ok(RiskModel::new(Config::default(), incidents)?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/acled/world-2022-dev.csv.gz")
    });
    let n: usize = match args.next() {
        Some(text) => text.parse()?,
        None => 1_000_000,
    };
    let ctx = Context {
        now: chrono::Utc::now(),
        include_all_cameo: false,
    };
    let base: Vec<Event> = parse_file(Format::Acled, &path, &ctx)?
        .events
        .into_iter()
        .filter(|e| !e.sources.is_empty())
        .collect();
    if base.is_empty() {
        return Err(format!("{}: no events", path.display()).into());
    }
    let dir = tempfile::tempdir()?;
    let store = SqliteStore::open(dir.path().join("sitrep.db"))?;
    let mut rng = Rng(0x5eed_2022_ac1e_d000);
    let t = Instant::now();
    let mut last = NaiveDate::MIN;
    for start in (0..n).step_by(10_000) {
        let batch: Vec<Event> = (start..(start + 10_000).min(n))
            .map(|i| {
                let src = &base[i % base.len()];
                let day = shift(src.date.start, (rng.next() % 361) as i64 - 180);
                last = last.max(day);
                copy(src, &format!("r{i}"), day)
            })
            .collect();
        store.upsert_events(&batch)?;
    }
    println!(
        "store: {n} events ({} real ACLED rows replicated, dates jittered ±180 days) imported \
         in {:.1} s",
        base.len(),
        t.elapsed().as_secs_f64()
    );

    // The first request: every event loaded.
    let mut watermark = store.watermark()?;
    let t = Instant::now();
    let mut model = full_load(&store)?;
    let first = t.elapsed();
    println!(
        "first request: load {} incidents and build the model: {:.0} ms",
        model.incidents().len(),
        ms(first)
    );

    const BATCHES: usize = 5;
    let (mut applies, mut reloads) = (Vec::new(), Vec::new());
    for b in 0..BATCHES {
        // 1,000 changed events: 800 new (last 30 days), 200 re-coded.
        let mut batch: Vec<Event> = (0..800)
            .map(|i| {
                let src = &base[(rng.next() % base.len() as u64) as usize];
                copy(
                    src,
                    &format!("b{b}n{i}"),
                    shift(last, -((rng.next() % 30) as i64)),
                )
            })
            .collect();
        for _ in 0..200 {
            let i = (rng.next() % n as u64) as usize;
            let src = &base[i % base.len()];
            let id = EventId::for_source(
                &src.sources[0].dataset,
                &format!("{}#r{i}", src.sources[0].record_id),
            );
            if let Some(mut e) = store.event(&id.0)? {
                e.fatalities = Some(e.fatalities.unwrap_or(0) + 10);
                e.actors.iter_mut().for_each(|a| a.actor_id = None);
                batch.push(e);
            }
        }
        store.upsert_events(&batch)?;

        let t = Instant::now();
        let mut changes = Vec::new();
        loop {
            let page = store.changes_since(watermark, 10_000)?;
            changes.extend(page.events.iter().map(Change::of_event));
            watermark = page.watermark;
            if !page.more {
                break;
            }
        }
        let count = changes.len();
        let applied = model.apply(changes);
        applies.push(t.elapsed());
        println!(
            "batch {b}: {count} changed events read and applied in {:.1} ms ({applied:?})",
            ms(applies[b])
        );
        if b == 0 || b == BATCHES - 1 {
            let t = Instant::now();
            let rebuilt = full_load(&store)?;
            reloads.push(t.elapsed());
            println!(
                "batch {b}: full reload instead: {:.0} ms",
                ms(reloads[reloads.len() - 1])
            );
            let same = rebuilt.incidents() == model.incidents();
            let at = rebuilt.span().map_or(last, |s| s.1);
            let equal = [AreaLevel::Country, AreaLevel::Admin1]
                .into_iter()
                .all(|level| rebuilt.ratings(level, at) == model.ratings(level, at));
            println!(
                "check: incidents equal: {same}; every country and admin1 rating equal: {equal}"
            );
        }
    }
    let mut warm = applies[1..].to_vec();
    warm.sort();
    let median_apply = warm[warm.len() / 2];
    let mean_reload = reloads.iter().sum::<Duration>() / reloads.len() as u32;
    println!(
        "refresh after 1,000 changed events: changes_since + apply median {:.1} ms (batches 2–{BATCHES}; \
         first {:.1} ms, building the id index) vs full reload {:.0} ms — {:.0}× faster",
        ms(median_apply),
        ms(applies[0]),
        ms(mean_reload),
        mean_reload.as_secs_f64() / median_apply.as_secs_f64().max(1e-12)
    );
    Ok(())
}
