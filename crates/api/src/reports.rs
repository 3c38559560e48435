//! Reports on the wire and into the store: [`ReportReader`] runs the extractor
//! over a document and turns what it finds into a [`NewReport`] and sitrep
//! [`Event`]s, shared by `sitrep ingest --format report` and
//! `POST /api/v1/reports`; the DTOs render stored reports.
//!
//! Mapping decisions, one extracted event to one event:
//! - id: the report id is the first 32 hex digits (128 bits) of the BLAKE3
//!   hash of the plain text, so the same text is the same report whatever its
//!   markup; event `n` (its position in the extractor's output) has the first
//!   source `report` / `<report id>#<n>` with the report's url and title, so
//!   storing a report again leaves its events unchanged;
//! - date: day, month (first of the month) or year (1 January) precision as
//!   extracted; an event without a date gets the report's publication year
//!   (else the retrieval year) at year precision and the tag `date:from-report`;
//! - location: the extractor's place; an event whose coordinates are not valid
//!   is skipped and counted (the extractor only emits resolved places, so this
//!   is a guard, not a filter);
//! - actors: role and claim as extracted, kind from the actor registry
//!   (`unknown` for kinds the model has no word for, e.g. `person`);
//! - notes: the sentences holding the event's evidence; tags: `extracted`,
//!   `claimed` when an actor claimed it.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sitrep_extract::dates::DateValue;
use sitrep_extract::{ExtractedEvent, Extractor, Registry, Report};
use sitrep_geoparse::{Format, Geoparser};
use sitrep_model::{
    ActorKind, DatePrecision, Event, EventActor, EventDate, EventId, Location, Source,
};
use sitrep_store::{NewReport, ReportWrite, StoredReport};
use utoipa::ToSchema;

/// The dataset name of events read from reports.
pub const REPORT_DATASET: &str = "report";

/// The extractor with the actor kinds of its registry.
pub struct ReportReader<'g> {
    extractor: Extractor<'g>,
    kinds: HashMap<String, ActorKind>,
}

/// A document read into a report and the events to store with it.
#[derive(Debug, Clone)]
pub struct ReadReport {
    pub report: NewReport,
    pub events: Vec<Event>,
    /// Events the extractor found.
    pub extracted: usize,
    /// Extracted events left out for want of a valid location.
    pub skipped: usize,
}

/// Where a document came from and what its reader knows beyond its text.
#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    /// Overrides the title read from the document.
    pub title: Option<String>,
    /// Overrides the publication date read from the document.
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
}

impl<'g> ReportReader<'g> {
    pub fn new(geoparser: Geoparser<'g>, registry: Registry) -> ReportReader<'g> {
        let kinds = (0..registry.len())
            .filter_map(|i| registry.get(i))
            .map(|a| {
                let kind = ActorKind::parse(&a.kind).unwrap_or(ActorKind::Unknown);
                (a.name.clone(), kind)
            })
            .collect();
        ReportReader {
            extractor: Extractor::new(geoparser, registry),
            kinds,
        }
    }

    /// Extracts the events of `input` and maps them onto the store's model.
    pub fn read(
        &self,
        input: &str,
        format: Format,
        meta: &ReportMeta,
        retrieved_at: DateTime<Utc>,
    ) -> ReadReport {
        let extracted = self.extractor.extract(input, format, meta.published);
        self.to_store(&extracted, meta, retrieved_at)
    }

    fn to_store(&self, r: &Report, meta: &ReportMeta, retrieved_at: DateTime<Utc>) -> ReadReport {
        let id = report_id(&r.text);
        let title = meta
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| r.title.clone());
        let published = meta.published.or(r.published);
        let fallback_year = published.unwrap_or(retrieved_at.date_naive()).year();
        let sentences = sentence_bounds(&r.text);
        let chars: Vec<char> = r.text.chars().collect();
        let mut events = Vec::with_capacity(r.events.len());
        let mut skipped = 0;
        for (n, x) in r.events.iter().enumerate() {
            let (lat, lon) = (x.location.lat, x.location.lon);
            // NaN and infinities are outside both ranges too.
            if !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)) {
                skipped += 1;
                continue;
            }
            let record_id = format!("{id}#{n}");
            let mut tags = vec!["extracted".to_owned()];
            let date = match x.date.and_then(event_date) {
                Some(d) => d,
                None => {
                    tags.push("date:from-report".to_owned());
                    year_date(fallback_year)
                }
            };
            if x.actors.iter().any(|a| a.claimed) {
                tags.push("claimed".to_owned());
            }
            events.push(Event {
                id: EventId::for_source(REPORT_DATASET, &record_id),
                event_type: x.event_type,
                sub_event_type: Some(x.sub_event_type),
                status: x.status,
                date,
                location: Location {
                    name: x.location.name.clone(),
                    country: x.location.country.clone(),
                    admin1: x.location.admin1.clone(),
                    admin2: None,
                    lat,
                    lon,
                    precision: x.location.precision,
                },
                fatalities: x.fatalities,
                injuries: x.injuries,
                actors: x
                    .actors
                    .iter()
                    .map(|a| EventActor {
                        actor_id: None,
                        name: a.name.clone(),
                        kind: self
                            .kinds
                            .get(&a.name)
                            .copied()
                            .unwrap_or(ActorKind::Unknown),
                        role: a.role,
                        claimed: a.claimed,
                    })
                    .collect(),
                notes: evidence_sentences(x, &chars, &sentences),
                tags,
                sources: vec![Source {
                    dataset: REPORT_DATASET.to_owned(),
                    record_id,
                    url: meta.url.clone(),
                    name: title.clone(),
                    retrieved_at,
                }],
                first_seen: retrieved_at,
                updated: retrieved_at,
            });
        }
        ReadReport {
            report: NewReport {
                id,
                title,
                published,
                url: meta.url.clone(),
                text: r.text.clone(),
                retrieved_at,
                submitted_by: None,
            },
            events,
            extracted: r.events.len(),
            skipped,
        }
    }
}

/// The report id of a plain text: 32 hex digits of its BLAKE3 hash.
pub fn report_id(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..32].to_owned()
}

fn year_date(year: i32) -> EventDate {
    EventDate {
        start: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN),
        precision: DatePrecision::Year,
        end: None,
    }
}

fn event_date(d: DateValue) -> Option<EventDate> {
    let (start, precision) = match d {
        DateValue::Day(day) => (day, DatePrecision::Day),
        DateValue::Month(y, m) => (NaiveDate::from_ymd_opt(y, m, 1)?, DatePrecision::Month),
        DateValue::Year(y) => (NaiveDate::from_ymd_opt(y, 1, 1)?, DatePrecision::Year),
    };
    Some(EventDate {
        start,
        precision,
        end: None,
    })
}

/// Sentence spans (character offsets, end exclusive): a sentence ends after
/// `.`, `!` or `?` followed by white space, or at a line break.
fn sentence_bounds(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let end_here = chars[i] == '\n'
            || (matches!(chars[i], '.' | '!' | '?')
                && chars.get(i + 1).is_none_or(|c| c.is_whitespace()));
        if end_here {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}

/// The sentences holding any of the event's evidence, in text order, joined by a space.
fn evidence_sentences(x: &ExtractedEvent, chars: &[char], sentences: &[(usize, usize)]) -> String {
    let mut picked: Vec<(usize, usize)> = sentences
        .iter()
        .copied()
        .filter(|&(s, e)| {
            x.evidence
                .iter()
                .any(|ev| ev.start < e && ev.end.max(ev.start + 1) > s)
        })
        .collect();
    picked.dedup();
    picked
        .iter()
        .map(|&(s, e)| {
            chars[s.min(chars.len())..e.min(chars.len())]
                .iter()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Markup of a posted report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    #[default]
    Plain,
    Markdown,
    Html,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Format {
        match f {
            ReportFormat::Plain => Format::Plain,
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Html => Format::Html,
        }
    }
}

/// The body of `POST /api/v1/reports`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReportDto {
    /// Overrides the title read from the document.
    pub title: Option<String>,
    /// The document: plain text, Markdown or HTML.
    pub text: String,
    /// Publication date that relative dates resolve against (default: read from the document).
    pub published: Option<NaiveDate>,
    /// Where the document came from.
    pub url: Option<String>,
    /// Markup of `text` (default `plain`).
    #[serde(default)]
    pub format: ReportFormat,
}

/// A stored report: its metadata, the ids of its events, and (for one report) its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportDto {
    /// 32 hex digits of the BLAKE3 hash of the plain text.
    pub id: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    /// When it was first stored.
    pub retrieved_at: DateTime<Utc>,
    /// Who first submitted it: the key that posted it (`label (key N)`) or
    /// `cli:USER`; null for feed items.
    pub submitted_by: Option<String>,
    /// Ids of the events read from it, in the report's order.
    pub events: Vec<String>,
    /// The plain text the events' evidence refers to (omitted in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl ReportDto {
    pub fn new(r: &StoredReport, with_text: bool) -> Self {
        ReportDto {
            id: r.id.clone(),
            title: r.title.clone(),
            published: r.published,
            url: r.url.clone(),
            retrieved_at: r.retrieved_at,
            submitted_by: r.submitted_by.clone(),
            events: r.events.iter().map(|e| e.0.clone()).collect(),
            text: with_text.then(|| r.text.clone()),
        }
    }
}

/// A list of reports, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportListDto {
    pub reports: Vec<ReportDto>,
}

/// What storing a report did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportStoredDto {
    pub report: ReportDto,
    /// False when the same text was stored before.
    pub created: bool,
    /// Events the extractor found.
    pub extracted: usize,
    /// Extracted events not stored for want of a valid location.
    pub skipped: usize,
    pub inserted: u64,
    /// Extracted events that were added as a further source of an event
    /// stored from another source (same incident).
    pub merged: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl ReportStoredDto {
    pub fn new(stored: &StoredReport, read: &ReadReport, write: &ReportWrite) -> Self {
        ReportStoredDto {
            report: ReportDto::new(stored, false),
            created: write.report_inserted,
            extracted: read.extracted,
            skipped: read.skipped,
            inserted: write.events.inserted,
            merged: write.events.merged,
            updated: write.events.updated,
            unchanged: write.events.unchanged,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_stops_and_lines() {
        let text = "One event. Two, at 3.5 km!\nThree";
        let spans = sentence_bounds(text);
        let words: Vec<String> = spans
            .iter()
            .map(|&(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect();
        assert_eq!(words, vec!["One event.", " Two, at 3.5 km!", "\n", "Three"]);
    }

    #[test]
    fn dates_keep_their_precision() {
        let d = event_date(DateValue::Month(2024, 1)).unwrap();
        assert_eq!(d.start, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
        assert_eq!(d.precision, DatePrecision::Month);
        assert_eq!(year_date(2024).precision, DatePrecision::Year);
        assert_eq!(report_id("x").len(), 32);
        assert_eq!(report_id("x"), report_id("x"));
    }
}
