//! Measures import speed into a fresh store: wall time, and the CPU time of
//! the whole process (parse and write threads together), which is what "rows
//! per second on one core" means when both threads share one core.
//!
//! `cargo run --release -p sitrep-ingest --example import_speed -- FILE [WORK_DIR]`
//! (an ACLED CSV, e.g. the 1M-row replica `sitrep bench --work-dir DIR` leaves
//! in `DIR/acled-replicated.csv`). The search indexes are not built.

use std::path::PathBuf;
use std::time::Instant;

use sitrep_ingest::{Format, ImportOptions, Progress};
use sitrep_store::SqliteStore;

/// User + system CPU seconds this process has used so far (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(args.next().ok_or("usage: import_speed FILE [WORK_DIR]")?);
    let work = args.next().map_or_else(
        || std::env::temp_dir().join("sitrep-import-speed"),
        PathBuf::from,
    );
    let _ = std::fs::remove_dir_all(&work);
    let store = SqliteStore::open(work.join("sitrep.db"))?;
    let options = ImportOptions {
        rejects_dir: work.join("rejects"),
        batch_size: std::env::var("BATCH")
            .ok()
            .and_then(|b| b.parse().ok())
            .unwrap_or(10_000),
        include_all_cameo: false,
        progress: Progress::Quiet,
        locator: None,
    };
    let (cpu0, started) = (cpu_seconds(), Instant::now());
    let summary = sitrep_ingest::import_files(&store, Format::Acled, &[file], &options)?;
    let (wall, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
    let rows = summary.read as f64;
    println!("{summary}");
    println!(
        "wall {wall:.2} s = {:.0} rows/s; CPU {cpu:.2} s = {:.0} rows per CPU-second",
        rows / wall,
        rows / cpu
    );
    Ok(())
}
