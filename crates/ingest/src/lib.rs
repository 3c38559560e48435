//! sitrep's dataset importers: ACLED (three layouts), UCDP GED, GDELT 2.0 event
//! exports and the GTD turn into [`sitrep_model::Event`]s and are written to a
//! [`sitrep_store::Store`] in batches.
//!
//! The stages, one module each: [`input`] opens plain, gzip and zip files and
//! decides their text encoding; [`row`] reads fields of one CSV record; the
//! format modules ([`acled`], [`ucdp`], [`gdelt`], [`gtd`]) map a record to an
//! event, a skip or a reject; [`parse`] drives a file through its format's
//! parser; [`pipeline`] checks every file, then imports them batch by batch and
//! writes the rejects.
//!
//! Invariants: a file that is not the named format stops the whole import before
//! anything is written; a bad row never stops a file (it becomes a [`Reject`]);
//! no input makes a parser panic.

pub mod acled;
pub mod gdelt;
pub mod gtd;
pub mod input;
pub mod parse;
pub mod pipeline;
pub mod row;
pub mod ucdp;

use std::path::PathBuf;

pub use parse::{FileStats, Parsed, Row, check_file, parse_file, parse_reader, read_file};
pub use pipeline::{ImportOptions, ImportSummary, Locator, Progress, fill_location, import_files};
pub use row::Context;

/// The dataset formats sitrep imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Acled,
    UcdpGed,
    Gdelt,
    Gtd,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Acled, Format::UcdpGed, Format::Gdelt, Format::Gtd];

    /// The name used on the command line and as the sources' dataset.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Acled => "acled",
            Format::UcdpGed => "ucdp-ged",
            Format::Gdelt => "gdelt",
            Format::Gtd => "gtd",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = IngestError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let key = text.trim().to_ascii_lowercase().replace('_', "-");
        match key.as_str() {
            "ucdp" | "ged" => Ok(Format::UcdpGed),
            _ => Format::ALL
                .into_iter()
                .find(|f| f.as_str() == key)
                .ok_or_else(|| IngestError::UnknownFormat(text.chars().take(40).collect())),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The file as given (for a zip archive, `archive.zip/member.csv`).
    pub file: String,
    /// Physical line number where the record starts (the header is line 1).
    pub line: u64,
    /// The column at fault (empty when the whole row is).
    pub field: String,
    pub reason: String,
}

/// Everything an import can fail with. Bad rows are not errors (see [`Reject`]).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("unknown format {0:?}: expected acled, ucdp-ged, gdelt or gtd")]
    UnknownFormat(String),
    /// The file is not of the format named; `reason` says what was expected.
    #[error("{file}: {reason}")]
    WrongFormat { file: PathBuf, reason: String },
    #[error("cannot read {file}: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write rejects to {file}: {source}")]
    WriteRejects {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("store: {0}")]
    Store(#[from] sitrep_store::StoreError),
    /// Reading stopped because writing failed; the write error is the one reported.
    #[error("import stopped")]
    Stopped,
}
