//! The import pipeline: check every file's format first (a wrong file stops the
//! import before anything is written), then stream each file's events into the
//! store in batches, one transaction each, so an interrupted import leaves a
//! consistent store and running it again finishes it identically. Rejects go to
//! `<rejects_dir>/<file name>.rejects.csv`, rewritten on every run of that file.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use sitrep_model::Event;
use sitrep_store::{Store, UpsertCounts};

use crate::parse::{self, Row};
use crate::row::Context;
use crate::{Format, IngestError, Reject};

/// How an import reports its progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Progress {
    /// A progress bar on standard error (hidden when it is not a terminal):
    /// rows per second, and the remaining time from the compressed bytes read.
    Bar,
    /// A `tracing` info line about every two seconds.
    Log,
    #[default]
    Quiet,
}

/// Settings of one import.
#[derive(Clone)]
pub struct ImportOptions {
    /// Where `<file name>.rejects.csv` files are written (the CLI passes `<data dir>/rejects`).
    pub rejects_dir: PathBuf,
    /// Events per store transaction.
    pub batch_size: usize,
    /// GDELT: import every CAMEO root as Strategic developments/Other, not only
    /// the conflict-related ones.
    pub include_all_cameo: bool,
    pub progress: Progress,
    /// Fills the country and admin1 of events that lack them from their
    /// coordinates (reverse geocoding); `None` leaves them as the source gave them.
    pub locator: Option<Arc<dyn Locator>>,
}

/// Reverse geocoding as the importer needs it: the country (ISO alpha-2) and
/// admin1 name at a point. Implemented over sitrep's boundaries and gazetteer.
pub trait Locator: Send + Sync {
    fn locate(&self, lat: f64, lon: f64) -> (Option<String>, Option<String>);
}

/// Fills a missing country or admin1 from the coordinates, tagging the event
/// so the provenance of the value is visible (`geo:country-from-coordinates`).
pub fn fill_location(locator: &dyn Locator, event: &mut Event) {
    if event.location.country.is_some() && event.location.admin1.is_some() {
        return;
    }
    let (country, admin1) = locator.locate(event.location.lat, event.location.lon);
    if event.location.country.is_none() && country.is_some() {
        event.location.country = country.clone();
        event.tags.push("geo:country-from-coordinates".into());
    }
    // An admin1 only makes sense inside the event's own country.
    if event.location.admin1.is_none() && admin1.is_some() && event.location.country == country {
        event.location.admin1 = admin1;
        event.tags.push("geo:admin1-from-coordinates".into());
    }
}

impl ImportOptions {
    pub fn new(rejects_dir: impl Into<PathBuf>) -> Self {
        ImportOptions {
            rejects_dir: rejects_dir.into(),
            batch_size: 10_000,
            include_all_cameo: false,
            progress: Progress::Quiet,
            locator: None,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub format: Format,
    pub files: usize,
    /// Data rows read.
    pub read: u64,
    pub inserted: u64,
    /// New records added as a further source of a stored event from another
    /// source describing the same incident.
    pub merged: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub skipped: u64,
    /// Skipped rows per reason.
    pub skip_reasons: BTreeMap<String, u64>,
    /// The rejects files written by this run.
    pub rejects_files: Vec<PathBuf>,
    pub elapsed: Duration,
}

impl ImportSummary {
    fn new(format: Format) -> Self {
        ImportSummary {
            format,
            files: 0,
            read: 0,
            inserted: 0,
            merged: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            skipped: 0,
            skip_reasons: BTreeMap::new(),
            rejects_files: vec![],
            elapsed: Duration::ZERO,
        }
    }
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            self.read as f64 / secs
        } else {
            0.0
        };
        writeln!(
            f,
            "{}: {} row{} read from {} file{} in {:.1} s ({:.0} rows/s)",
            self.format,
            self.read,
            if self.read == 1 { "" } else { "s" },
            self.files,
            if self.files == 1 { "" } else { "s" },
            secs,
            rate
        )?;
        write!(
            f,
            "  {} inserted, {} merged, {} updated, {} unchanged, {} rejected, {} skipped",
            self.inserted, self.merged, self.updated, self.unchanged, self.rejected, self.skipped
        )?;
        for (reason, n) in &self.skip_reasons {
            write!(f, "\n  skipped {n}: {reason}")?;
        }
        for path in &self.rejects_files {
            write!(f, "\n  rejects: {}", path.display())?;
        }
        Ok(())
    }
}

/// Imports `files` of one format into `store`. Every file is checked before any
/// is read in full; a file of the wrong format fails the whole import with
/// [`IngestError::WrongFormat`] and nothing written.
pub fn import_files(
    store: &dyn Store,
    format: Format,
    files: &[PathBuf],
    options: &ImportOptions,
) -> Result<ImportSummary, IngestError> {
    let started = Instant::now();
    for path in files {
        parse::check_file(format, path)?;
    }
    let total_bytes: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let counter = Arc::new(AtomicU64::new(0));
    let mut reporter = Reporter::new(options.progress, total_bytes, Arc::clone(&counter));
    let ctx = Context {
        now: Utc::now(),
        include_all_cameo: options.include_all_cameo,
    };
    let batch_size = options.batch_size.max(1);
    let mut summary = ImportSummary::new(format);
    let mut counts = UpsertCounts::default();

    for path in files {
        let rejects_path = rejects_path(&options.rejects_dir, path);
        let mut rejects = RejectsWriter::new(rejects_path);
        let (stats, file_counts) = import_file(
            store,
            options.locator.as_deref(),
            format,
            path,
            &ctx,
            batch_size,
            &counter,
            &mut reporter,
            &mut rejects,
        )?;
        counts += file_counts;
        if let Some(written) = rejects.finish()? {
            summary.rejects_files.push(written);
        }
        summary.files += 1;
        summary.read += stats.read;
        summary.rejected += stats.rejected;
        summary.skipped += stats.skipped;
        for (reason, n) in stats.skip_reasons {
            *summary.skip_reasons.entry(reason.to_owned()).or_insert(0) += n;
        }
        tracing::debug!(file = %path.display(), read = stats.read, rejected = stats.rejected, "file imported");
    }
    reporter.finish();
    summary.inserted = counts.inserted;
    summary.updated = counts.updated;
    summary.unchanged = counts.unchanged;
    summary.merged = counts.merged;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Reads one file on a second thread while this one writes its batches, so
/// parsing and SQLite work overlap; at most two batches wait between them.
#[allow(clippy::too_many_arguments)]
fn import_file(
    store: &dyn Store,
    locator: Option<&dyn Locator>,
    format: Format,
    path: &Path,
    ctx: &Context,
    batch_size: usize,
    counter: &Arc<AtomicU64>,
    reporter: &mut Reporter,
    rejects: &mut RejectsWriter,
) -> Result<(parse::FileStats, UpsertCounts), IngestError> {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Event>>(2);
        let parser = scope.spawn(move || {
            let mut batch: Vec<Event> = Vec::with_capacity(batch_size.min(100_000));
            let stats = parse::read_file(format, path, ctx, counter, &mut |row| {
                reporter.row();
                match row {
                    Row::Event(mut event) => {
                        if let Some(locator) = locator {
                            fill_location(locator, &mut event);
                        }
                        batch.push(*event);
                        if batch.len() >= batch_size {
                            let full = std::mem::replace(
                                &mut batch,
                                Vec::with_capacity(batch_size.min(100_000)),
                            );
                            sender.send(full).map_err(|_| IngestError::Stopped)?;
                        }
                    }
                    Row::Rejected(reject) => rejects.write(&reject)?,
                    Row::Skipped(_) => {}
                }
                Ok(())
            })?;
            if !batch.is_empty() {
                sender.send(batch).map_err(|_| IngestError::Stopped)?;
            }
            Ok::<_, IngestError>(stats)
        });
        let mut counts = UpsertCounts::default();
        let mut write_error = None;
        for batch in receiver.iter() {
            match store.upsert_events(&batch) {
                Ok(c) => counts += c,
                Err(e) => {
                    write_error = Some(e);
                    break;
                }
            }
        }
        // Dropping the receiver stops the parser at its next batch.
        drop(receiver);
        let parsed = parser
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if let Some(e) = write_error {
            return Err(e.into());
        }
        Ok((parsed?, counts))
    })
}

/// `<rejects_dir>/<file name>.rejects.csv`.
pub fn rejects_path(rejects_dir: &Path, file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map_or_else(|| "input".into(), |n| n.to_string_lossy().into_owned());
    rejects_dir.join(format!("{name}.rejects.csv"))
}

/// Writes a file's rejects, creating the file at the first one; a stale file
/// from an earlier run is removed when this run has none.
struct RejectsWriter {
    path: PathBuf,
    writer: Option<csv::Writer<BufWriter<File>>>,
}

impl RejectsWriter {
    fn new(path: PathBuf) -> Self {
        RejectsWriter { path, writer: None }
    }

    fn error(&self, source: impl Into<std::io::Error>) -> IngestError {
        IngestError::WriteRejects {
            file: self.path.clone(),
            source: source.into(),
        }
    }

    fn write(&mut self, reject: &Reject) -> Result<(), IngestError> {
        if self.writer.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| self.error(e))?;
            }
            let file = File::create(&self.path).map_err(|e| self.error(e))?;
            let mut writer = csv::Writer::from_writer(BufWriter::new(file));
            writer
                .write_record(["file", "line", "field", "reason"])
                .map_err(|e| self.error(e))?;
            self.writer = Some(writer);
        }
        let line = reject.line.to_string();
        let result = match self.writer.as_mut() {
            Some(w) => w.write_record([
                reject.file.as_str(),
                line.as_str(),
                reject.field.as_str(),
                reject.reason.as_str(),
            ]),
            None => Ok(()),
        };
        result.map_err(|e| self.error(e))
    }

    fn finish(self) -> Result<Option<PathBuf>, IngestError> {
        match &self.writer {
            Some(_) => {
                let mut writer = self.writer;
                if let Some(w) = writer.as_mut() {
                    w.flush().map_err(|e| IngestError::WriteRejects {
                        file: self.path.clone(),
                        source: e,
                    })?;
                }
                Ok(Some(self.path))
            }
            None => {
                match std::fs::remove_file(&self.path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(self.error(e)),
                }
                Ok(None)
            }
        }
    }
}

/// Progress output: a bar, periodic log lines, or nothing.
struct Reporter {
    mode: Progress,
    bar: Option<indicatif::ProgressBar>,
    bytes: Arc<AtomicU64>,
    rows: u64,
    started: Instant,
    last: Instant,
}

impl Reporter {
    const EVERY_ROWS: u64 = 4096;

    fn new(mode: Progress, total_bytes: u64, bytes: Arc<AtomicU64>) -> Self {
        let bar = (mode == Progress::Bar).then(|| {
            let bar = indicatif::ProgressBar::new(total_bytes);
            let style =
                indicatif::ProgressStyle::with_template("{bar:40} {percent:>3}% {msg} (eta {eta})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        let now = Instant::now();
        Reporter {
            mode,
            bar,
            bytes,
            rows: 0,
            started: now,
            last: now,
        }
    }

    fn rate(&self) -> f64 {
        let secs = self.started.elapsed().as_secs_f64();
        if secs > 0.0 {
            self.rows as f64 / secs
        } else {
            0.0
        }
    }

    fn row(&mut self) {
        self.rows += 1;
        if self.mode == Progress::Quiet || !self.rows.is_multiple_of(Self::EVERY_ROWS) {
            return;
        }
        match self.mode {
            Progress::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_position(self.bytes.load(Ordering::Relaxed));
                    bar.set_message(format!("{} rows, {:.0} rows/s", self.rows, self.rate()));
                }
            }
            Progress::Log => {
                if self.last.elapsed() >= Duration::from_secs(2) {
                    self.last = Instant::now();
                    tracing::info!(
                        rows = self.rows,
                        rows_per_sec = self.rate() as u64,
                        "importing"
                    );
                }
            }
            Progress::Quiet => {}
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
