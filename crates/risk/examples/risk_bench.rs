//! The risk model at scale (issue 5 §6): full recompute of every area × category
//! from 1,000,000 incidents, and the incremental update for one new event, side
//! by side with a naive baseline that rescans every incident of the affected
//! area, in one run on one core; then the server's path: 1,000 changed events
//! (new ones and re-codes) applied to the model ([`RiskModel::apply`]) against
//! rebuilding it from every incident.
//!
//! The incidents are the real ACLED rows of `../shared/data/acled/world-2022-dev.csv.gz`
//! (parsed with `sitrep_ingest::parse_file`), replicated to 1,000,000 with dates
//! jittered by up to ±180 days (a fixed-seed generator, so every run builds the
//! same set); areas, categories, severities and coordinates are the real rows'.
//!
//! `cargo run --release -p sitrep-risk --example risk_bench [-- FILE [N]]`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use sitrep_ingest::{Context, Format, parse_file};
use sitrep_risk::{AreaLevel, Change, Config, Incident, RiskModel};

/// A small fixed-seed generator (xorshift64*), enough for jitter.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A jitter in −180..=180 days.
    fn jitter(&mut self) -> i64 {
        (self.next() % 361) as i64 - 180
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

fn replicate(base: &[Incident], n: usize, rng: &mut Rng, tag: &str) -> Vec<Incident> {
    (0..n)
        .map(|i| {
            let src = &base[i % base.len()];
            let mut copy = src.clone();
            copy.id = format!("{}#{tag}{i}", src.id);
            copy.day = shift(src.day, rng.jitter());
            copy
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
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
    let parsed = parse_file(Format::Acled, &path, &ctx)?;
    let base: Vec<Incident> = parsed
        .events
        .iter()
        .filter_map(Incident::from_event)
        .collect();
    if base.is_empty() {
        return Err(format!("{}: no events with a country", path.display()).into());
    }
    println!(
        "source: {} — {} real ACLED events ({} with a country), replicated to {n} incidents \
         with dates jittered by up to ±180 days (fixed seed)",
        path.display(),
        parsed.events.len(),
        base.len()
    );
    let mut rng = Rng(0x5eed_2022_ac1e_d000);
    let incidents = replicate(&base, n, &mut rng, "r");
    let at = incidents
        .iter()
        .map(|i| i.day)
        .max()
        .ok_or("no incidents")?;

    // Full recompute: build the model (sort, admin1 neighbours) and rate every
    // country and admin1 region in every category, three times.
    let mut full = Vec::new();
    let mut model = None;
    let mut rated = (0, 0);
    for _ in 0..3 {
        let copy = incidents.clone();
        let t = Instant::now();
        let m = RiskModel::new(Config::default(), copy)?;
        let countries = m.ratings(AreaLevel::Country, at);
        let admin1s = m.ratings(AreaLevel::Admin1, at);
        full.push(t.elapsed());
        rated = (countries.len(), admin1s.len());
        model = Some(m);
    }
    let model = model.ok_or("no model")?;
    full.sort();
    println!(
        "full recompute of {} countries + {} admin1 regions × 7 streams (6 categories + overall) \
         from {n} incidents, one core: best {:.0} ms, median {:.0} ms (3 runs; includes sorting \
         and finding neighbours)",
        rated.0,
        rated.1,
        ms(full[0]),
        ms(full[1])
    );

    // Incremental: the decayed sums of every area, then 10,000 new events one
    // at a time, each re-rating its country and its admin1 region.
    let t = Instant::now();
    let mut live = model.live(at);
    let build = t.elapsed();
    let fresh: Vec<Incident> = replicate(&base, 10_000, &mut rng, "new")
        .into_iter()
        .map(|mut i| {
            i.day = shift(at, -((rng.next() % 30) as i64));
            i
        })
        .collect();
    let mut times = Vec::with_capacity(fresh.len());
    for incident in &fresh {
        let t = Instant::now();
        let ratings = live.add(incident);
        times.push(t.elapsed());
        std::hint::black_box(ratings);
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "incremental update, one new event (add to its country's and region's decayed sums, \
         re-rate both): mean {:.4} ms, median {:.4} ms, p99 {:.4} ms, max {:.4} ms over {} events \
         (building the sums of every area once: {:.0} ms)",
        ms(mean),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(times[times.len() - 1]),
        times.len(),
        ms(build)
    );

    // Naive baseline: recompute the affected areas from scratch — rescan every
    // incident for the country and the region of the new event.
    let mut naive = Vec::new();
    for incident in fresh.iter().take(50) {
        let t = Instant::now();
        for level in [AreaLevel::Country, AreaLevel::Admin1] {
            if let Some(area) = incident.area(level) {
                std::hint::black_box(model.rating(&area, at));
            }
        }
        naive.push(t.elapsed());
    }
    naive.sort();
    let naive_mean = naive.iter().sum::<Duration>() / naive.len() as u32;
    println!(
        "naive baseline, one new event (rescan all {n} incidents for its country and region): \
         mean {:.2} ms, median {:.2} ms, max {:.2} ms over {} events — {:.0}× the incremental mean",
        ms(naive_mean),
        ms(percentile(&naive, 0.5)),
        ms(naive[naive.len() - 1]),
        naive.len(),
        naive_mean.as_secs_f64() / mean.as_secs_f64().max(1e-12)
    );

    // Sanity: the incremental sums agree with a recompute over the same incidents.
    let check = &fresh[0];
    if let Some(area) = check.area(AreaLevel::Country) {
        let mut all = incidents.clone();
        all.extend(fresh.iter().cloned());
        let end = live.at();
        let full = RiskModel::new(Config::default(), all)?.rating(&area, end);
        let have = live.rating(&area);
        let diff = (full.overall.raw - have.overall.raw).abs();
        println!(
            "check: {area} raw {:.6} incremental vs {:.6} recomputed (|Δ| = {diff:.2e})",
            have.overall.raw, full.overall.raw
        );
    }
    server_path(&model, &incidents, &base, &mut rng, at)
}

/// The server's path when the store moved: 1,000 changed events — 800 new
/// (dated in the last 30 days), 150 re-coded on their day (fatalities up) and
/// 50 re-dated — applied to the model, against building the model again from
/// every incident (sort, centroids, neighbours; the server would also reload
/// every event from the store, which is not counted here).
fn server_path(
    model: &RiskModel,
    incidents: &[Incident],
    base: &[Incident],
    rng: &mut Rng,
    at: NaiveDate,
) -> Result<(), Box<dyn std::error::Error>> {
    const RUNS: usize = 5;
    let mut batches = Vec::new();
    for run in 0..RUNS {
        let mut changes: Vec<Incident> = replicate(base, 800, rng, &format!("srv{run}-"))
            .into_iter()
            .map(|mut i| {
                i.day = shift(at, -((rng.next() % 30) as i64));
                i
            })
            .collect();
        for k in 0..200 {
            let mut old = incidents[(rng.next() % incidents.len() as u64) as usize].clone();
            old.fatalities = Some(old.fatalities.unwrap_or(0) + 10);
            old.severity *= 1.5;
            if k < 50 {
                old.day = shift(old.day, 3);
            }
            changes.push(old);
        }
        batches.push(changes);
    }
    let mut apply_times = Vec::new();
    let mut first_apply = Duration::ZERO;
    let mut clone_time = Duration::ZERO;
    let mut applied_model = None;
    for (run, batch) in batches.iter().enumerate() {
        // Each run from the same model; the first apply also builds the id index.
        let t = Instant::now();
        let mut m = model.clone();
        clone_time = t.elapsed();
        if run > 0 {
            // Warm: the id index exists, as in a server after its first update.
            m.apply(batches[0].iter().cloned().map(Change::Upsert));
        }
        let t = Instant::now();
        let applied = m.apply(batch.iter().cloned().map(Change::Upsert));
        let took = t.elapsed();
        std::hint::black_box(applied);
        if run == 0 {
            first_apply = took;
            applied_model = Some(m);
        } else {
            apply_times.push(took);
        }
    }
    apply_times.sort();
    let applied_model = applied_model.ok_or("no model")?;
    // The rebuild over the same incidents as the first batch gives.
    let mut all: Vec<Incident> = incidents.to_vec();
    let changed: std::collections::HashMap<&str, &Incident> =
        batches[0].iter().map(|i| (i.id.as_str(), i)).collect();
    for i in &mut all {
        if let Some(new) = changed.get(i.id.as_str()) {
            *i = (*new).clone();
        }
    }
    all.extend(batches[0].iter().filter(|i| i.id.contains("#srv")).cloned());
    let mut rebuilds = Vec::new();
    let mut rebuilt = None;
    for _ in 0..3 {
        let copy = all.clone();
        let t = Instant::now();
        let m = RiskModel::new(Config::default(), copy)?;
        rebuilds.push(t.elapsed());
        rebuilt = Some(m);
    }
    rebuilds.sort();
    let rebuilt = rebuilt.ok_or("no model")?;
    let warm = percentile(&apply_times, 0.5);
    println!(
        "server path, 1,000 changed events (800 new, 150 re-coded, 50 re-dated) into the model of \
         {} incidents: apply median {:.1} ms, best {:.1} ms ({} runs; first apply {:.1} ms \
         including the id index) vs rebuild (sort, centroids, neighbours) median {:.0} ms, best \
         {:.0} ms — {:.0}× faster (first apply {:.0}×); copying the model when a request still \
         holds it: {:.0} ms",
        incidents.len(),
        ms(warm),
        ms(apply_times[0]),
        apply_times.len(),
        ms(first_apply),
        ms(rebuilds[1]),
        ms(rebuilds[0]),
        rebuilds[1].as_secs_f64() / warm.as_secs_f64().max(1e-12),
        rebuilds[1].as_secs_f64() / first_apply.as_secs_f64().max(1e-12),
        ms(clone_time)
    );
    let same = applied_model.incidents() == rebuilt.incidents();
    let mut worst: f64 = 0.0;
    for level in [AreaLevel::Country, AreaLevel::Admin1] {
        for (a, b) in applied_model
            .ratings(level, at)
            .iter()
            .zip(&rebuilt.ratings(level, at))
        {
            worst = worst.max((a.overall.raw - b.overall.raw).abs());
        }
    }
    println!(
        "check: applied model's incidents equal the rebuild's: {same}; max |Δ raw| over every \
         country and admin1 rating: {worst:.2e}"
    );
    Ok(())
}
