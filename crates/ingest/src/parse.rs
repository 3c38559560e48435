//! Drives one file through its format's parser: reads CSV records as bytes (one
//! reused buffer, no per-row allocation outside the event itself), recognises
//! the header, and hands each row on as an event, a skip or a reject with its
//! physical line number.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use csv::ByteRecord;
use sitrep_model::Event;

use crate::acled::AcledParser;
use crate::gdelt::GdeltParser;
use crate::gtd::GtdParser;
use crate::input::{self, Text};
use crate::row::{Context, Fields, Header, Outcome, RowResult};
use crate::ucdp::UcdpParser;
use crate::{Format, IngestError, Reject};

/// What one data row became.
#[derive(Debug)]
pub enum Row {
    Event(Box<Event>),
    Skipped(&'static str),
    Rejected(Reject),
}

/// Counts for one file (or several, when added up).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileStats {
    /// Data rows read (the header not counted).
    pub read: u64,
    pub events: u64,
    pub rejected: u64,
    pub skipped: u64,
    /// How many rows were skipped for each reason.
    pub skip_reasons: BTreeMap<&'static str, u64>,
}

impl FileStats {
    pub fn add(&mut self, other: &FileStats) {
        self.read += other.read;
        self.events += other.events;
        self.rejected += other.rejected;
        self.skipped += other.skipped;
        for (reason, n) in &other.skip_reasons {
            *self.skip_reasons.entry(reason).or_insert(0) += n;
        }
    }
}

/// A whole file parsed into memory (tests, small files, benchmarks).
#[derive(Debug, Default)]
pub struct Parsed {
    pub events: Vec<Event>,
    pub rejects: Vec<Reject>,
    pub stats: FileStats,
}

enum Parser {
    Acled(AcledParser),
    Ucdp(UcdpParser),
    Gdelt(GdeltParser),
    Gtd(GtdParser),
}

impl Parser {
    /// Recognises the format from the first record, or says why it is not.
    fn new(format: Format, first: &ByteRecord, cp1252: bool) -> Result<Self, String> {
        match format {
            Format::Acled => AcledParser::new(&Header::new(first, cp1252)).map(Parser::Acled),
            Format::UcdpGed => UcdpParser::new(&Header::new(first, cp1252)).map(Parser::Ucdp),
            Format::Gtd => GtdParser::new(&Header::new(first, cp1252)).map(Parser::Gtd),
            Format::Gdelt => GdeltParser::new(&Fields::new(first, cp1252)).map(Parser::Gdelt),
        }
    }

    fn parse(&mut self, fields: &Fields<'_>, ctx: &Context) -> RowResult {
        match self {
            Parser::Acled(p) => p.parse(fields, ctx),
            Parser::Ucdp(p) => p.parse(fields, ctx),
            Parser::Gdelt(p) => p.parse(fields, ctx),
            Parser::Gtd(p) => p.parse(fields, ctx),
        }
    }
}

fn csv_reader<'a>(format: Format, reader: Box<dyn Read + 'a>) -> csv::Reader<Box<dyn Read + 'a>> {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16);
    if format == Format::Gdelt {
        builder.delimiter(b'\t').quoting(false);
    }
    builder.from_reader(reader)
}

/// Reads the first record of each text in the file and checks it is `format`.
/// Nothing but the first record is read.
pub fn check_file(format: Format, path: &Path) -> Result<(), IngestError> {
    let counter = Arc::new(AtomicU64::new(0));
    input::for_each_text(path, &counter, &mut |text| {
        let cp1252 = text.cp1252;
        let name = text.name.clone();
        let mut reader = csv_reader(format, text.reader);
        let mut first = ByteRecord::new();
        let wrong = |reason: String| IngestError::WrongFormat {
            file: path.to_path_buf(),
            reason,
        };
        match reader.read_byte_record(&mut first) {
            Ok(true) => Parser::new(format, &first, cp1252)
                .map(drop)
                .map_err(|reason| wrong(format!("{name}: {reason}"))),
            Ok(false) => Err(wrong(format!("{name} is empty"))),
            Err(e) => Err(wrong(format!("{name}: {e}"))),
        }
    })
}

/// Streams every row of a file (every member of a zip archive) to `on_row`.
/// `counter` grows by the compressed bytes read, for progress reports.
pub fn read_file(
    format: Format,
    path: &Path,
    ctx: &Context,
    counter: &Arc<AtomicU64>,
    on_row: &mut dyn FnMut(Row) -> Result<(), IngestError>,
) -> Result<FileStats, IngestError> {
    let mut stats = FileStats::default();
    input::for_each_text(path, counter, &mut |text| {
        let file_stats = read_text(format, path, text, ctx, on_row)?;
        stats.add(&file_stats);
        Ok(())
    })?;
    Ok(stats)
}

/// Parses any byte stream as `format` (used by tests and fuzzing); `name`
/// stands for the file in messages.
pub fn parse_reader(
    format: Format,
    name: &str,
    reader: impl Read,
    ctx: &Context,
) -> Result<Parsed, IngestError> {
    let text = input::text_from_reader(name.to_owned(), Box::new(reader)).map_err(|reason| {
        IngestError::WrongFormat {
            file: name.into(),
            reason,
        }
    })?;
    let mut parsed = Parsed::default();
    let stats = read_text(format, Path::new(name), text, ctx, &mut |row| {
        collect(&mut parsed, row);
        Ok(())
    })?;
    parsed.stats = stats;
    Ok(parsed)
}

/// Parses a whole file into memory.
pub fn parse_file(format: Format, path: &Path, ctx: &Context) -> Result<Parsed, IngestError> {
    let mut parsed = Parsed::default();
    let counter = Arc::new(AtomicU64::new(0));
    let stats = read_file(format, path, ctx, &counter, &mut |row| {
        collect(&mut parsed, row);
        Ok(())
    })?;
    parsed.stats = stats;
    Ok(parsed)
}

fn collect(parsed: &mut Parsed, row: Row) {
    match row {
        Row::Event(e) => parsed.events.push(*e),
        Row::Rejected(r) => parsed.rejects.push(r),
        Row::Skipped(_) => {}
    }
}

fn read_text(
    format: Format,
    path: &Path,
    text: Text<'_>,
    ctx: &Context,
    on_row: &mut dyn FnMut(Row) -> Result<(), IngestError>,
) -> Result<FileStats, IngestError> {
    let Text {
        name,
        reader,
        cp1252,
    } = text;
    let wrong = |reason: String| IngestError::WrongFormat {
        file: path.to_path_buf(),
        reason: format!("{name}: {reason}"),
    };
    let mut reader = csv_reader(format, reader);
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Err(wrong("empty".to_owned())),
        Err(e) => return Err(wrong(e.to_string())),
    }
    let mut parser = Parser::new(format, &record, cp1252).map_err(&wrong)?;
    let mut stats = FileStats::default();
    // GDELT has no header: its first record is data.
    let mut pending = format == Format::Gdelt;
    loop {
        if !pending {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    if let csv::ErrorKind::Io(source) = e.into_kind() {
                        return Err(IngestError::Read {
                            file: path.to_path_buf(),
                            source,
                        });
                    }
                    stats.read += 1;
                    stats.rejected += 1;
                    on_row(Row::Rejected(Reject {
                        file: name.clone(),
                        line,
                        field: String::new(),
                        reason: "unreadable CSV record".to_owned(),
                    }))?;
                    continue;
                }
            }
        }
        pending = false;
        stats.read += 1;
        let line = record.position().map_or(0, csv::Position::line);
        let fields = Fields::new(&record, cp1252);
        match parser.parse(&fields, ctx) {
            Ok(Outcome::Event(event)) => {
                stats.events += 1;
                on_row(Row::Event(event))?;
            }
            Ok(Outcome::Skip(reason)) => {
                stats.skipped += 1;
                *stats.skip_reasons.entry(reason).or_insert(0) += 1;
                on_row(Row::Skipped(reason))?;
            }
            Err(e) => {
                stats.rejected += 1;
                on_row(Row::Rejected(Reject {
                    file: name.clone(),
                    line,
                    field: e.field,
                    reason: e.reason,
                }))?;
            }
        }
    }
    Ok(stats)
}
