//! `sitrep bench`: builds a large store from the real ACLED files (replicated with
//! jittered dates and positions) and measures import throughput, query latency and
//! memory, side by side with PostgreSQL + PostGIS loaded with the same rows and
//! asked the same questions.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::Args;
use sitrep_ingest::{Format, ImportOptions, Progress};
use sitrep_model::EventType;
use sitrep_store::{Aggregate, BBox, EventQuery, Near, SqliteStore, Store};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Number of events in the benchmark store.
    #[arg(long, default_value_t = 1_000_000)]
    events: usize,
    /// Folder with the real datasets (ACLED files are read from its `acled/`).
    #[arg(long, env = "SITREP_SAMPLES", default_value = "../shared/data")]
    samples: PathBuf,
    /// Queries per kind.
    #[arg(long, default_value_t = 300)]
    queries: usize,
    /// PostgreSQL connection string for the peer (needs the PostGIS extension).
    #[arg(
        long,
        env = "SITREP_BENCH_POSTGRES",
        default_value = "host=127.0.0.1 user=postgres dbname=postgres"
    )]
    postgres: String,
    /// Skip the PostgreSQL side.
    #[arg(long)]
    no_postgres: bool,
    /// Where to build the store (default: a temporary directory, removed afterwards).
    #[arg(long)]
    work_dir: Option<PathBuf>,
}

/// The fields of one replicated row that the PostgreSQL peer stores.
struct PeerRow {
    id: String,
    day: NaiveDate,
    event_type: String,
    sub_event_type: String,
    country: String,
    location: String,
    lat: f64,
    lon: f64,
    fatalities: Option<u32>,
    notes: String,
}

/// Deterministic pseudo-random numbers (SplitMix64), so runs are comparable.
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
    fn signed_unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    let temp;
    let work_dir = match &args.work_dir {
        Some(d) => {
            std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
            d.clone()
        }
        None => {
            temp = tempfile::tempdir()?;
            temp.path().to_path_buf()
        }
    };
    println!("sitrep bench: {} events", args.events);
    println!(
        "machine: {} logical cores, {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model()
    );

    // 1. Build the replicated ACLED CSV from the real files.
    let csv_path = work_dir.join("acled-replicated.csv");
    let (real_rows, peer_rows) = replicate_acled(&args.samples, args.events, &csv_path)?;
    println!(
        "data: {real_rows} real ACLED rows (acled/world-2022-dev.csv.gz, acled/argentina-2022.csv) \
         replicated to {} rows with jittered dates (±365 days) and positions (±0.5°)",
        peer_rows.len()
    );

    // 2. Import through the real importer into a fresh store.
    let data_dir = work_dir.join("store");
    let _ = std::fs::remove_dir_all(&data_dir);
    let store = SqliteStore::open(data_dir.join("sitrep.db"))?;
    let options = ImportOptions {
        rejects_dir: data_dir.join("rejects"),
        batch_size: 10_000,
        include_all_cameo: false,
        progress: Progress::Quiet,
        locator: None,
    };
    let started = Instant::now();
    let summary = sitrep_ingest::import_files(
        &store,
        Format::Acled,
        std::slice::from_ref(&csv_path),
        &options,
    )?;
    let import_secs = started.elapsed().as_secs_f64();
    if summary.inserted as usize != peer_rows.len() {
        bail!(
            "import inserted {} of {} rows: {summary}",
            summary.inserted,
            peer_rows.len()
        );
    }
    let sitrep_import = peer_rows.len() as f64 / import_secs;
    let started = Instant::now();
    store.build_search_indexes()?;
    let search_index_secs = started.elapsed().as_secs_f64();

    // 3. The same queries on both sides.
    let workload = Workload::new(&peer_rows, args.queries);
    let sqlite = measure_sitrep(&store, &workload)?;
    drop(store);
    let rss = child_rss(&data_dir)?;

    let peer = if args.no_postgres {
        None
    } else {
        Some(measure_postgres(&args.postgres, &peer_rows, &workload)?)
    };

    // 4. Report.
    println!();
    println!("| measure | sitrep (SQLite + in-memory index) | PostgreSQL 15 + PostGIS | ratio |");
    println!("|---|---|---|---|");
    let ratio = |ours: f64, theirs: Option<f64>, higher_is_better: bool| match theirs {
        Some(t) if ours > 0.0 && t > 0.0 => {
            let r = if higher_is_better { ours / t } else { t / ours };
            format!("{r:.1}× {}", if r >= 1.0 { "faster" } else { "slower" })
        }
        _ => "–".into(),
    };
    let fmt_opt = |v: Option<f64>, unit: &str, digits: usize| {
        v.map_or("–".into(), |v| format!("{v:.digits$} {unit}"))
    };
    println!(
        "| import ACLED CSV (rows/s) | {:.0} | {} (COPY of pre-parsed rows + indexes) | {} |",
        sitrep_import,
        fmt_opt(peer.as_ref().map(|p| p.import_rows_per_sec), "", 0),
        ratio(
            sitrep_import,
            peer.as_ref().map(|p| p.import_rows_per_sec),
            true
        )
    );
    for (name, ours, theirs) in [
        (
            "bbox + dates + type, ≤500 rows",
            &sqlite.bbox,
            peer.as_ref().map(|p| &p.bbox),
        ),
        (
            "25 km radius count",
            &sqlite.radius,
            peer.as_ref().map(|p| &p.radius),
        ),
        (
            "world-zoom grid aggregate",
            &sqlite.aggregate,
            peer.as_ref().map(|p| &p.aggregate),
        ),
    ] {
        for (label, pick) in [("p50", 0.50), ("p99", 0.99)] {
            let o = ms(percentile(ours, pick));
            let t = theirs.map(|t| ms(percentile(t, pick)));
            println!(
                "| {name} {label} | {o:.2} ms | {} | {} |",
                fmt_opt(t, "ms", 2),
                ratio(o, t, false)
            );
        }
    }
    println!(
        "| text and actor search indexes, built after the import | {search_index_secs:.1} s ({:.0} events/s) | – | – |",
        peer_rows.len() as f64 / search_index_secs
    );
    println!(
        "| resident memory of a store process at {} events | {rss:.0} MiB | – | – |",
        peer_rows.len()
    );
    println!();
    println!(
        "queries: {} of each kind; bbox queries returned {:.0} rows on average (sitrep) and {} (PostgreSQL)",
        args.queries,
        sqlite.bbox_rows as f64 / args.queries as f64,
        peer.as_ref().map_or("–".into(), |p| format!(
            "{:.0}",
            p.bbox_rows as f64 / args.queries as f64
        )),
    );
    if let Some(p) = &peer {
        // Both sides use a sphere for distances; sitrep's index keeps positions as f32
        // (about 1 m), so a point within a metre of an edge may fall differently.
        println!(
            "answers agree: bbox rows {} vs {}, radius counts {} vs {} (sitrep vs PostgreSQL)",
            sqlite.bbox_rows, p.bbox_rows, sqlite.radius_total, p.radius_total
        );
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(samples: &[Duration], p: f64) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn open_maybe_gz(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    Ok(if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

/// Writes `target` rows in the current ACLED layout, cycling through the real
/// rows with a replica suffix on the id and jittered date and position.
fn replicate_acled(
    samples: &Path,
    target: usize,
    out: &Path,
) -> anyhow::Result<(usize, Vec<PeerRow>)> {
    let sources = [
        samples.join("acled/world-2022-dev.csv.gz"),
        samples.join("acled/argentina-2022.csv"),
    ];
    let mut header: Option<csv::StringRecord> = None;
    let mut rows: Vec<csv::StringRecord> = Vec::new();
    for path in &sources {
        let mut reader = csv::Reader::from_reader(open_maybe_gz(path)?);
        let h = reader.headers()?.clone();
        if header.as_ref().is_some_and(|prev| prev != &h) {
            bail!(
                "{} has a different header from the other ACLED files",
                path.display()
            );
        }
        header = Some(h);
        for r in reader.records() {
            rows.push(r.with_context(|| format!("reading {}", path.display()))?);
        }
    }
    let header = header.context("no ACLED rows")?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("ACLED column {name} missing"))
    };
    let (c_id, c_date, c_lat, c_lon) = (
        col("event_id_cnty")?,
        col("event_date")?,
        col("latitude")?,
        col("longitude")?,
    );
    let (c_type, c_sub, c_loc, c_country) = (
        col("event_type")?,
        col("sub_event_type")?,
        col("location")?,
        col("iso")?,
    );
    let (c_fat, c_notes) = (col("fatalities")?, col("notes")?);

    // The files overlap (June 2022 in Argentina is in both): keep each event once.
    let mut seen = std::collections::HashSet::new();
    rows.retain(|r| seen.insert(r.get(c_id).unwrap_or_default().to_owned()));

    let mut writer = csv::Writer::from_writer(BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?,
    ));
    writer.write_record(&header)?;
    let mut rng = Rng(0x5172_e9b0);
    let mut peer = Vec::with_capacity(target);
    let mut fields: Vec<String> = Vec::new();
    'outer: for replica in 0.. {
        for row in &rows {
            if peer.len() == target {
                break 'outer;
            }
            fields.clear();
            fields.extend(row.iter().map(str::to_owned));
            let date = NaiveDate::parse_from_str(&fields[c_date], "%Y-%m-%d")
                .with_context(|| format!("bad ACLED date {:?}", fields[c_date]))?;
            let (lat, lon): (f64, f64) = (fields[c_lat].parse()?, fields[c_lon].parse()?);
            if replica > 0 {
                fields[c_id] = format!("{}-r{replica}", fields[c_id]);
                let shift = chrono::Duration::days((rng.signed_unit() * 365.0) as i64);
                fields[c_date] = (date + shift).format("%Y-%m-%d").to_string();
                fields[c_lat] =
                    format!("{:.4}", (lat + rng.signed_unit() * 0.5).clamp(-89.9, 89.9));
                fields[c_lon] = format!(
                    "{:.4}",
                    (lon + rng.signed_unit() * 0.5).clamp(-179.9, 179.9)
                );
            }
            writer.write_record(&fields)?;
            peer.push(PeerRow {
                id: fields[c_id].clone(),
                day: NaiveDate::parse_from_str(&fields[c_date], "%Y-%m-%d")?,
                event_type: fields[c_type].clone(),
                sub_event_type: fields[c_sub].clone(),
                country: fields[c_country].clone(),
                location: fields[c_loc].clone(),
                lat: fields[c_lat].parse()?,
                lon: fields[c_lon].parse()?,
                fatalities: fields[c_fat].parse().ok(),
                notes: fields[c_notes].clone(),
            });
        }
    }
    writer.flush()?;
    Ok((rows.len(), peer))
}

struct BboxQuery {
    bbox: BBox,
    from: NaiveDate,
    to: NaiveDate,
    event_type: EventType,
}

struct Workload {
    bbox: Vec<BboxQuery>,
    radius: Vec<Near>,
    aggregate_runs: usize,
}

impl Workload {
    /// Queries centred on real event positions, so they hit populated areas.
    fn new(rows: &[PeerRow], n: usize) -> Self {
        let mut rng = Rng(42);
        let mut bbox = Vec::with_capacity(n);
        let mut radius = Vec::with_capacity(n);
        for _ in 0..n {
            let r = &rows[rng.below(rows.len())];
            let day = r.day + chrono::Duration::days((rng.signed_unit() * 30.0) as i64);
            bbox.push(BboxQuery {
                bbox: BBox {
                    west: (r.lon - 1.0).max(-180.0),
                    south: (r.lat - 1.0).max(-90.0),
                    east: (r.lon + 1.0).min(180.0),
                    north: (r.lat + 1.0).min(90.0),
                },
                from: day - chrono::Duration::days(45),
                to: day + chrono::Duration::days(45),
                event_type: EventType::parse(&r.event_type).unwrap_or(EventType::Protests),
            });
            let r = &rows[rng.below(rows.len())];
            radius.push(Near {
                lat: r.lat,
                lon: r.lon,
                km: 25.0,
            });
        }
        Workload {
            bbox,
            radius,
            aggregate_runs: n.clamp(10, 100),
        }
    }
}

struct Measured {
    bbox: Vec<Duration>,
    bbox_rows: usize,
    radius: Vec<Duration>,
    radius_total: u64,
    aggregate: Vec<Duration>,
    import_rows_per_sec: f64,
}

fn measure_sitrep(store: &SqliteStore, w: &Workload) -> anyhow::Result<Measured> {
    let mut m = Measured {
        bbox: vec![],
        bbox_rows: 0,
        radius: vec![],
        radius_total: 0,
        aggregate: vec![],
        import_rows_per_sec: 0.0,
    };
    // Warm up the index (first query sorts it) and the page cache.
    store.events(&EventQuery {
        limit: 1,
        ..Default::default()
    })?;
    for q in &w.bbox {
        let query = EventQuery {
            bbox: Some(q.bbox),
            from: Some(q.from),
            to: Some(q.to),
            event_types: vec![q.event_type],
            limit: 500,
            ..Default::default()
        };
        let t = Instant::now();
        let page = store.events(&query)?;
        m.bbox.push(t.elapsed());
        m.bbox_rows += page.events.len();
    }
    for near in &w.radius {
        let query = EventQuery {
            near: Some(*near),
            limit: 1,
            ..Default::default()
        };
        let t = Instant::now();
        let page = store.events(&query)?;
        m.radius.push(t.elapsed());
        m.radius_total += page.total;
    }
    let grid = Aggregate::Grid {
        zoom: 2,
        cells_per_tile: 4,
    };
    for _ in 0..w.aggregate_runs {
        let t = Instant::now();
        let cells = store.aggregate(&EventQuery::default(), &grid)?;
        m.aggregate.push(t.elapsed());
        std::hint::black_box(cells);
    }
    Ok(m)
}

/// Peak resident memory of a separate `sitrep stats` process on the store.
fn child_rss(data_dir: &Path) -> anyhow::Result<f64> {
    let out = std::process::Command::new(std::env::current_exe()?)
        .arg("--data")
        .arg(data_dir)
        .args(["--log", "warn", "stats", "--format", "json"])
        .output()?;
    if !out.status.success() {
        bail!(
            "sitrep stats failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    v["process"]["peak_rss_mib"]
        .as_f64()
        .context("sitrep stats printed no peak_rss_mib")
}

fn measure_postgres(conn: &str, rows: &[PeerRow], w: &Workload) -> anyhow::Result<Measured> {
    let mut client = postgres::Client::connect(conn, postgres::NoTls)
        .with_context(|| format!("connecting to PostgreSQL ({conn})"))?;
    client
        .batch_execute(
            "CREATE EXTENSION IF NOT EXISTS postgis;
             DROP TABLE IF EXISTS sitrep_bench_events;
             CREATE TABLE sitrep_bench_events (
                 seq bigint PRIMARY KEY, id text NOT NULL, day date NOT NULL,
                 event_type text NOT NULL, sub_event_type text NOT NULL, country text,
                 location text, lat double precision NOT NULL, lon double precision NOT NULL,
                 fatalities integer, notes text, geom geometry(Point, 4326), geog geography(Point, 4326));",
        )
        .context("creating the PostGIS table (is postgresql-15-postgis-3 installed?)")?;
    let started = Instant::now();
    {
        let mut copy = client.copy_in(
            "COPY sitrep_bench_events (seq, id, day, event_type, sub_event_type, country, location, lat, lon, fatalities, notes) FROM STDIN",
        )?;
        let mut buf = BufWriter::with_capacity(1 << 20, &mut copy);
        for (seq, r) in rows.iter().enumerate() {
            writeln!(
                buf,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                seq + 1,
                copy_text(&r.id),
                r.day,
                copy_text(&r.event_type),
                copy_text(&r.sub_event_type),
                copy_text(&r.country),
                copy_text(&r.location),
                r.lat,
                r.lon,
                r.fatalities.map_or("\\N".into(), |f| f.to_string()),
                copy_text(&r.notes),
            )?;
        }
        buf.flush()?;
        drop(buf);
        copy.finish()?;
    }
    client.batch_execute(
        "UPDATE sitrep_bench_events SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326), geog = ST_MakePoint(lon, lat)::geography;
         CREATE INDEX ON sitrep_bench_events USING gist (geom);
         CREATE INDEX ON sitrep_bench_events USING gist (geog);
         CREATE INDEX ON sitrep_bench_events (event_type, day);
         CREATE INDEX ON sitrep_bench_events (day);",
    )?;
    client.batch_execute("VACUUM ANALYZE sitrep_bench_events")?;
    let import_rows_per_sec = rows.len() as f64 / started.elapsed().as_secs_f64();

    let bbox_sql = client.prepare(
        "SELECT id, day, event_type, sub_event_type, country, location, lat, lon, fatalities, notes
         FROM sitrep_bench_events
         WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND day BETWEEN $5 AND $6 AND event_type = $7
         ORDER BY day DESC, seq DESC LIMIT 500",
    )?;
    let radius_sql = client.prepare(
        "SELECT count(*) FROM sitrep_bench_events
         WHERE ST_DWithin(geog, ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography, $3, false)",
    )?;
    let grid_sql = client.prepare(
        "WITH p AS (SELECT lon, lat, fatalities, radians(least(greatest(lat, -85.051128), 85.051128)) AS r
                    FROM sitrep_bench_events)
         SELECT least(floor((lon + 180) / 360 * 16), 15)::int AS x,
                least(greatest(floor((1 - ln(tan(r) + 1 / cos(r)) / pi()) / 2 * 16), 0), 15)::int AS y,
                count(*), sum(coalesce(fatalities, 0)), avg(lat), avg(lon)
         FROM p GROUP BY 1, 2",
    )?;
    let mut m = Measured {
        bbox: vec![],
        bbox_rows: 0,
        radius: vec![],
        radius_total: 0,
        aggregate: vec![],
        import_rows_per_sec,
    };
    // Warm-up (plans, caches), as the sitrep side gets one.
    let (first, last) = (
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default(),
    );
    let warm: [&(dyn postgres::types::ToSql + Sync); 7] =
        [&0.0, &0.0, &1.0, &1.0, &first, &last, &"Protests"];
    client.query(&bbox_sql, &warm)?;
    for q in &w.bbox {
        let t = Instant::now();
        let got = client.query(
            &bbox_sql,
            &[
                &q.bbox.west,
                &q.bbox.south,
                &q.bbox.east,
                &q.bbox.north,
                &q.from,
                &q.to,
                &q.event_type.label(),
            ],
        )?;
        m.bbox.push(t.elapsed());
        m.bbox_rows += got.len();
    }
    for near in &w.radius {
        let t = Instant::now();
        let row = client.query_one(&radius_sql, &[&near.lat, &near.lon, &(near.km * 1000.0)])?;
        m.radius.push(t.elapsed());
        m.radius_total += row.get::<_, i64>(0) as u64;
    }
    for _ in 0..w.aggregate_runs {
        let t = Instant::now();
        let cells = client.query(&grid_sql, &[])?;
        m.aggregate.push(t.elapsed());
        std::hint::black_box(cells);
    }
    client.batch_execute("DROP TABLE sitrep_bench_events")?;
    Ok(m)
}

/// Escapes a value for PostgreSQL's COPY text format.
fn copy_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}
