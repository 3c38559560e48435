//! Measures parse-only speed (rows per second on one core): decompresses each
//! file into memory once, then parses it repeatedly without a store.
//!
//! `cargo run --release -p sitrep-ingest --example parse_speed -- [FORMAT FILE]...`
//! (by default the shared ACLED files).

use std::io::Read;
use std::time::Instant;

use chrono::Utc;
use sitrep_ingest::{Context, Format, parse_reader};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/");
    let jobs: Vec<(Format, String)> = if args.is_empty() {
        [
            "acled/world-2022-dev.csv.gz",
            "acled/argentina-2022.csv",
            "acled/africa-2016-legacy.csv",
            "acled/mideast-2022-variant.csv",
        ]
        .iter()
        .map(|p| (Format::Acled, format!("{base}{p}")))
        .collect()
    } else {
        args.chunks(2)
            .map(|pair| match pair {
                [format, file] => Ok((format.parse::<Format>()?, file.clone())),
                _ => Err("arguments come in pairs: FORMAT FILE".into()),
            })
            .collect::<Result<_, Box<dyn std::error::Error>>>()?
    };
    let ctx = Context {
        now: Utc::now(),
        include_all_cameo: false,
    };
    for (format, file) in jobs {
        let raw = std::fs::read(&file)?;
        let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
            out
        } else {
            raw
        };
        let mut rows = 0u64;
        let started = Instant::now();
        let mut rounds = 0;
        while started.elapsed().as_secs_f64() < 2.0 {
            let parsed = parse_reader(format, &file, bytes.as_slice(), &ctx)?;
            rows += parsed.stats.read;
            rounds += 1;
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "{format} {}: {rounds} rounds, {rows} rows in {secs:.2} s = {:.0} rows/s ({:.1} MB/s)",
            file.rsplit('/').next().unwrap_or(&file),
            rows as f64 / secs,
            (bytes.len() as f64 * f64::from(rounds)) / secs / 1e6,
        );
    }
    Ok(())
}
