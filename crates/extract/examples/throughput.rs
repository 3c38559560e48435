//! Report extraction speed: articles per second on one core and peak memory.
//!
//! `cargo run --release -p sitrep-extract --example throughput [-- SECONDS]`
//!
//! The articles are real news: the GeoWebNews and LGL texts in
//! `../shared/data/gold/geoparsing`, each cut to about 3 KB at a sentence
//! end (shorter ones are skipped), extracted one after another on one
//! thread with a publication date set, after one warm-up pass. Peak memory
//! is the process's high-water resident set (`VmHWM`), gazetteer included.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use sitrep_extract::{Extractor, Registry};
use sitrep_geoparse::{Admin2Index, Format, Geoparser};

const TARGET_BYTES: usize = 3000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0);
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let dir = shared.join("gold/geoparsing");
    let mut docs = sitrep_geoparse::gold::read_gwn_with_full(&dir)?;
    docs.extend(sitrep_geoparse::gold::read_lgl(&dir.join("lgl.xml"))?);
    let articles: Vec<String> = docs
        .iter()
        .filter_map(|d| d.text.as_deref())
        .filter_map(cut)
        .collect();
    let bytes: usize = articles.iter().map(String::len).sum();
    println!(
        "{} articles of {}–{} bytes (mean {:.0})",
        articles.len(),
        articles.iter().map(String::len).min().unwrap_or(0),
        articles.iter().map(String::len).max().unwrap_or(0),
        bytes as f64 / articles.len().max(1) as f64
    );

    let started = Instant::now();
    let geodata = sitrep_geodata::ensure_installed(&sitrep_geodata::default_dir())?;
    let gazetteer = sitrep_geodata::load_gazetteer(&geodata)?;
    let names = sitrep_geodata::places::read_admin2_names(&geodata)?;
    let admin2 = Admin2Index::build(&gazetteer, &names);
    let extractor = Extractor::new(
        Geoparser::new(&gazetteer).with_admin2(&admin2),
        Registry::builtin()?,
    );
    println!(
        "gazetteer and registry loaded in {:.1} s; type classifier: {}",
        started.elapsed().as_secs_f64(),
        sitrep_extract::classify::model()
            .map_or_else(|| "none".to_owned(), |m| format!("{} features", m.len()))
    );
    let published = chrono::NaiveDate::from_ymd_opt(2018, 4, 10);

    // Warm-up: one pass.
    let mut events = 0;
    for a in &articles {
        events += extractor.extract(a, Format::Plain, published).events.len();
    }
    println!(
        "{events} events in one pass ({:.2} per article)",
        events as f64 / articles.len().max(1) as f64
    );

    let budget = Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut done = 0usize;
    let mut passes = 0;
    while started.elapsed() < budget {
        for a in &articles {
            std::hint::black_box(extractor.extract(a, Format::Plain, published));
            done += 1;
        }
        passes += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{done} articles in {elapsed:.2} s ({passes} passes, one thread): {:.0} articles/s per core, {:.2} MB/s",
        done as f64 / elapsed,
        (bytes * passes) as f64 / elapsed / 1e6
    );
    match peak_rss_mb() {
        Some(mb) => println!("peak resident memory: {mb:.0} MB"),
        None => println!("peak resident memory: unknown (no /proc/self/status)"),
    }
    Ok(())
}

/// The first ~3 KB of `text`, ending at a sentence end; None when the
/// article is shorter.
fn cut(text: &str) -> Option<String> {
    if text.len() < TARGET_BYTES {
        return None;
    }
    let mut end = TARGET_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let stop = head.rfind(". ").map_or(end, |i| i + 1);
    Some(text[..stop].to_owned())
}

/// `VmHWM` of this process in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
