//! Reading the fields of one CSV record: columns found by header name, field
//! text decoded (UTF-8 or Windows-1252) and trimmed, and the value parsers every
//! format shares (coordinates, counts, dates) with errors that name the field.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use csv::ByteRecord;
use sitrep_model::{
    ActorKind, ActorRole, DatePrecision, Event, EventActor, EventDate, EventId, EventType,
    Location, Source, Status, SubEventType,
};

/// What a parser makes of one record that is not a reject.
#[derive(Debug)]
pub enum Outcome {
    Event(Box<Event>),
    /// Deliberately not imported (not conflict-related, no place…), with why.
    Skip(&'static str),
}

/// Why one record was rejected, and which column is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub field: String,
    pub reason: String,
}

impl RowError {
    pub fn new(field: &str, reason: impl Into<String>) -> Self {
        RowError {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}

pub type RowResult = Result<Outcome, RowError>;

/// The values shared by every row of one import.
#[derive(Debug, Clone)]
pub struct Context {
    /// Import time: the sources' `retrieved_at` and new events' timestamps.
    pub now: DateTime<Utc>,
    /// GDELT: import every CAMEO root, not only the conflict-related ones.
    pub include_all_cameo: bool,
}

/// A file's header: lower-cased column names.
#[derive(Debug, Clone)]
pub struct Header {
    names: Vec<String>,
}

impl Header {
    pub fn new(record: &ByteRecord, cp1252: bool) -> Self {
        let names = (0..record.len())
            .map(|i| {
                decode(record.get(i).unwrap_or_default(), cp1252)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_ascii_lowercase()
            })
            .collect();
        Header { names }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// The columns of `required` that the header lacks.
    pub fn missing<'n>(&self, required: &[&'n str]) -> Vec<&'n str> {
        required.iter().copied().filter(|n| !self.has(n)).collect()
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// `not an ACLED file: missing columns a, b` for a wrong-format error, or `Ok`;
/// `what` is the format with its article (`an ACLED`).
pub fn require(header: &Header, what: &str, required: &[&str]) -> Result<(), String> {
    let missing = header.missing(required);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "not {what} file: missing column{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ))
    }
}

fn decode(bytes: &[u8], cp1252: bool) -> Cow<'_, str> {
    if !cp1252 && let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
}

/// One record's fields. Absent columns and missing trailing fields read as "".
pub struct Fields<'r> {
    record: &'r ByteRecord,
    cp1252: bool,
}

impl<'r> Fields<'r> {
    pub fn new(record: &'r ByteRecord, cp1252: bool) -> Self {
        Fields { record, cp1252 }
    }

    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// The field's text, trimmed (no-break spaces included).
    pub fn text(&self, column: Option<usize>) -> Cow<'r, str> {
        let bytes = column.and_then(|i| self.record.get(i)).unwrap_or_default();
        match decode(bytes, self.cp1252) {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_owned()),
        }
    }

    /// The field as an owned string with inner no-break spaces made plain.
    pub fn string(&self, column: Option<usize>) -> String {
        let text = self.text(column);
        if text.contains('\u{a0}') {
            text.replace('\u{a0}', " ")
        } else {
            text.into_owned()
        }
    }

    /// `None` when the field is empty.
    pub fn opt_string(&self, column: Option<usize>) -> Option<String> {
        Some(self.string(column)).filter(|s| !s.is_empty())
    }
}

/// Latitude and longitude, both present, numeric and in range.
pub fn coordinates(lat: &str, lon: &str, lat_field: &str) -> Result<(f64, f64), RowError> {
    const REASON: &str = "latitude/longitude missing or out of range";
    let parse = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match (parse(lat), parse(lon)) {
        (Some(y), Some(x)) if (-90.0..=90.0).contains(&y) && (-180.0..=180.0).contains(&x) => {
            Ok((y, x))
        }
        _ => Err(RowError::new(lat_field, REASON)),
    }
}

/// A non-negative count; empty is `None`. Accepts `3.0` (some exports write floats).
pub fn count(text: &str, field: &str) -> Result<Option<u32>, RowError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(n) = text.parse::<u32>() {
        return Ok(Some(n));
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) => {
            Ok(Some(v as u32))
        }
        _ => Err(RowError::new(
            field,
            format!("{:?} is not a count", clip(text)),
        )),
    }
}

/// A small integer code (precision, interaction code…); empty is `None`.
pub fn code(text: &str, field: &str) -> Result<Option<u8>, RowError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u8>()
        .map(Some)
        .map_err(|_| RowError::new(field, format!("{:?} is not a code", clip(text))))
}

/// At most 60 characters of a value, for messages.
pub fn clip(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(60) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// Parses the date spellings datasets use: `2022-01-05` (with or without a time
/// after it), `05/01/2022` (day first), `05-Jan-22`, `05-Jan-2022`,
/// `5 January 2022`, `20220105`.
pub fn date(text: &str, field: &str) -> Result<NaiveDate, RowError> {
    let text = text.trim();
    let bad = || RowError::new(field, format!("{:?} is not a date", clip(text)));
    let bytes = text.as_bytes();
    if bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        return text.get(..10).and_then(iso_date).ok_or_else(bad);
    }
    if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").map_err(|_| bad());
    }
    for format in [
        "%d/%m/%Y", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%d.%m.%Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            // `%y` would take "2022" as year 20; a four-digit year uses `%Y`.
            if format == "%d-%b-%y" && text.rsplit('-').next().is_some_and(|y| y.len() != 2) {
                continue;
            }
            return Ok(d);
        }
    }
    Err(bad())
}

fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

/// An event date with the start moved to the first of its month or year for
/// month and year precision, as the model expects; `end` kept when later.
pub fn event_date(start: NaiveDate, precision: DatePrecision, end: Option<NaiveDate>) -> EventDate {
    let start = match precision {
        DatePrecision::Month => start.with_day(1).unwrap_or(start),
        DatePrecision::Year => NaiveDate::from_ymd_opt(start.year(), 1, 1).unwrap_or(start),
        DatePrecision::Day | DatePrecision::Week => start,
    };
    EventDate {
        start,
        precision,
        end: end.filter(|e| *e > start),
    }
}

pub fn actor(name: String, kind: ActorKind, role: ActorRole) -> EventActor {
    EventActor {
        actor_id: None,
        name,
        kind,
        role,
        claimed: false,
    }
}

/// Adds each `;`-separated name as an actor (empty names are left out).
pub fn push_actors(actors: &mut Vec<EventActor>, names: &str, kind: ActorKind, role: ActorRole) {
    for name in names.split(';').map(str::trim).filter(|n| !n.is_empty()) {
        let name = if name.contains('\u{a0}') {
            name.replace('\u{a0}', " ")
        } else {
            name.to_owned()
        };
        if !actors.iter().any(|a| a.name == name && a.role == role) {
            actors.push(actor(name, kind, role));
        }
    }
}

/// The parts of an event that vary by format; the rest is filled alike.
pub struct Draft {
    pub dataset: &'static str,
    pub record_id: String,
    pub event_type: EventType,
    pub sub_event_type: Option<SubEventType>,
    pub status: Status,
    pub date: EventDate,
    pub location: Location,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
    pub actors: Vec<EventActor>,
    pub notes: String,
    pub tags: Vec<String>,
    pub source_name: Option<String>,
    pub url: Option<String>,
}

impl Draft {
    pub fn into_event(self, ctx: &Context) -> Event {
        Event {
            id: EventId::for_source(self.dataset, &self.record_id),
            event_type: self.event_type,
            sub_event_type: self.sub_event_type,
            status: self.status,
            date: self.date,
            location: self.location,
            fatalities: self.fatalities,
            injuries: self.injuries,
            actors: self.actors,
            notes: self.notes,
            tags: self.tags,
            sources: vec![Source {
                dataset: self.dataset.to_owned(),
                record_id: self.record_id,
                url: self.url,
                name: self.source_name,
                retrieved_at: ctx.now,
            }],
            first_seen: ctx.now,
            updated: ctx.now,
        }
    }
}

/// The alpha-2 code for a country name, falling back to a numeric code.
pub fn country(name: &str, code: Option<&'static str>) -> Option<String> {
    sitrep_geo::country_code(name).or(code).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_spelling() {
        let want = NaiveDate::from_ymd_opt(2022, 1, 5);
        for text in [
            "2022-01-05",
            "2022-01-05T00:00:00",
            "2022-01-05 00:00:00.000",
            "05/01/2022",
            "05-Jan-22",
            "05-Jan-2022",
            "5 January 2022",
            "20220105",
        ] {
            assert_eq!(date(text, "d").ok(), want, "{text}");
        }
        for text in [
            "",
            "2022-13-01",
            "32/01/2022",
            "yesterday",
            "2022-1-5x",
            "９９９９-01-01",
            "2022-01-0é",
        ] {
            assert!(date(text, "d").is_err(), "{text}");
        }
    }

    #[test]
    fn coordinates_and_counts() {
        assert!(coordinates("35.5", "6.1", "lat").is_ok());
        assert!(coordinates("\u{a0}35.5", " 6.1", "lat").is_ok());
        assert!(coordinates("", "6.1", "lat").is_err());
        assert!(coordinates("91", "6.1", "lat").is_err());
        assert!(coordinates("NaN", "6.1", "lat").is_err());
        assert_eq!(count("", "f"), Ok(None));
        assert_eq!(count("3.0", "f"), Ok(Some(3)));
        assert!(count("-1", "f").is_err());
        assert!(count("many", "f").is_err());
    }
}
