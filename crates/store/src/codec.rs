//! Conversions between events and their stored form: day numbers, tag lists,
//! the content hash that decides "unchanged", and the field-by-field diff that
//! becomes an event's revision history.

use chrono::{DateTime, NaiveDate, Utc};
use sitrep_model::{Event, EventActor, Source};

use crate::{FieldChange, StoreError};

const EPOCH_CE_DAYS: i32 = 719_163; // 1970-01-01 as days from 0001-01-01 (CE day 1)

pub fn day_number(date: NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce() - EPOCH_CE_DAYS
}

pub fn date_from_day(day: i32) -> Result<NaiveDate, StoreError> {
    NaiveDate::from_num_days_from_ce_opt(day + EPOCH_CE_DAYS)
        .ok_or_else(|| StoreError::Corrupt(format!("day number {day} out of range")))
}

/// Timestamps are stored as milliseconds since the Unix epoch.
pub fn timestamp(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn from_timestamp(ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {ms} out of range")))
}

/// Tags are stored one per line; tags never contain line breaks (they are
/// replaced by spaces on the way in).
pub fn join_tags(tags: &[String]) -> String {
    let mut out = String::new();
    for (i, t) in tags.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.extend(
            t.chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
    }
    out
}

pub fn split_tags(text: &str) -> Vec<String> {
    if text.is_empty() {
        return vec![];
    }
    text.split('\n').map(str::to_owned).collect()
}

/// One content field's value, borrowed from the event.
pub enum FieldValue<'a> {
    Text(&'a str),
    Count(Option<u32>),
    Degrees(f64),
    Date(Option<NaiveDate>),
    Actors(&'a [EventActor]),
    Tags(&'a [String]),
    Sources(&'a [Source]),
}

impl FieldValue<'_> {
    /// How the value reads in an event's revision history.
    fn render(&self) -> String {
        match self {
            FieldValue::Text(t) => (*t).to_owned(),
            FieldValue::Count(n) => n.map_or_else(|| "unknown".to_owned(), |n| n.to_string()),
            FieldValue::Degrees(d) => format!("{d:.6}"),
            FieldValue::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            FieldValue::Actors(actors) => actors
                .iter()
                .map(|a| {
                    let claimed = if a.claimed { ", claimed" } else { "" };
                    format!("{} ({}, {}{claimed})", a.name, a.role, a.kind)
                })
                .collect::<Vec<_>>()
                .join("; "),
            FieldValue::Tags(tags) => tags.join("; "),
            FieldValue::Sources(sources) => sources
                .iter()
                .map(|s| {
                    format!(
                        "{}:{} {} {}",
                        s.dataset,
                        s.record_id,
                        s.name.as_deref().unwrap_or(""),
                        s.url.as_deref().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// Appends the value's bytes (length-prefixed, so fields cannot run together).
    fn write(&self, out: &mut Vec<u8>) {
        fn text(out: &mut Vec<u8>, t: &str) {
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(t.as_bytes());
        }
        fn opt_text(out: &mut Vec<u8>, t: Option<&str>) {
            match t {
                Some(t) => {
                    out.push(1);
                    text(out, t);
                }
                None => out.push(0),
            }
        }
        match self {
            FieldValue::Text(t) => text(out, t),
            FieldValue::Count(n) => {
                out.extend_from_slice(&n.map_or(u64::MAX, u64::from).to_le_bytes())
            }
            // Six decimals, as rendered: sub-centimetre noise is not a change.
            FieldValue::Degrees(d) => {
                out.extend_from_slice(&((d * 1e6).round() as i64).to_le_bytes())
            }
            FieldValue::Date(d) => {
                out.extend_from_slice(&d.map_or(i32::MIN, day_number).to_le_bytes())
            }
            FieldValue::Actors(actors) => {
                out.extend_from_slice(&(actors.len() as u32).to_le_bytes());
                for a in *actors {
                    text(out, &a.name);
                    out.extend_from_slice(&[a.role.code(), a.kind.code(), u8::from(a.claimed)]);
                }
            }
            FieldValue::Tags(tags) => {
                out.extend_from_slice(&(tags.len() as u32).to_le_bytes());
                for t in *tags {
                    text(out, t);
                }
            }
            FieldValue::Sources(sources) => {
                out.extend_from_slice(&(sources.len() as u32).to_le_bytes());
                for s in *sources {
                    text(out, &s.dataset);
                    text(out, &s.record_id);
                    opt_text(out, s.name.as_deref());
                    opt_text(out, s.url.as_deref());
                }
            }
        }
    }
}

/// Calls `visit` with every field a source can re-code. Timestamps and
/// retrieval times are not content.
fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

pub fn visit_content(e: &Event, visit: &mut dyn FnMut(&'static str, FieldValue<'_>)) {
    use FieldValue as V;
    visit("event_type", V::Text(e.event_type.label()));
    visit(
        "sub_event_type",
        V::Text(e.sub_event_type.map_or("", |s| s.label())),
    );
    visit("status", V::Text(e.status.as_str()));
    visit("date", V::Date(Some(e.date.start)));
    visit("date_precision", V::Text(e.date.precision.as_str()));
    visit("date_end", V::Date(e.date.end));
    visit("location", V::Text(&e.location.name));
    visit("country", V::Text(opt(&e.location.country)));
    visit("admin1", V::Text(opt(&e.location.admin1)));
    visit("admin2", V::Text(opt(&e.location.admin2)));
    visit("lat", V::Degrees(e.location.lat));
    visit("lon", V::Degrees(e.location.lon));
    visit("location_precision", V::Text(e.location.precision.as_str()));
    visit("fatalities", V::Count(e.fatalities));
    visit("injuries", V::Count(e.injuries));
    visit("actors", V::Actors(&e.actors));
    visit("notes", V::Text(&e.notes));
    visit("tags", V::Tags(&e.tags));
    visit("sources", V::Sources(&e.sources));
}

/// A hash of the event's content; `buffer` is scratch space reused between calls.
pub fn content_hash(e: &Event, buffer: &mut Vec<u8>) -> [u8; 16] {
    buffer.clear();
    visit_content(e, &mut |name, value| {
        buffer.extend_from_slice(name.as_bytes());
        value.write(buffer);
    });
    xxhash_rust::xxh3::xxh3_128(buffer).to_le_bytes()
}

fn content_fields(e: &Event) -> Vec<(&'static str, String)> {
    let mut fields = Vec::with_capacity(19);
    visit_content(e, &mut |name, value| fields.push((name, value.render())));
    fields
}

pub fn diff(old: &Event, new: &Event) -> Vec<FieldChange> {
    content_fields(old)
        .into_iter()
        .zip(content_fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange {
            field: field.to_owned(),
            old,
            new,
        })
        .collect()
}

const FIELD: char = '\u{1f}';
const RECORD: char = '\u{1e}';

/// Separator characters never occur inside stored values.
fn clean(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains([FIELD, RECORD]) {
        value.replace([FIELD, RECORD], " ").into()
    } else {
        value.into()
    }
}

/// One actor link as stored inline: actor id, role code, claimed.
pub type ActorLink = (i64, u8, bool);

/// An event's actors as stored inline: `actor_id,role,claimed` separated by `;`.
pub fn encode_actors(actors: &[ActorLink]) -> String {
    actors
        .iter()
        .map(|(id, role, claimed)| format!("{id},{role},{}", u8::from(*claimed)))
        .collect::<Vec<_>>()
        .join(";")
}

pub fn decode_actors(text: &str) -> Result<Vec<ActorLink>, StoreError> {
    if text.is_empty() {
        return Ok(vec![]);
    }
    text.split(';')
        .map(|item| {
            let mut parts = item.split(',');
            let bad = || StoreError::Corrupt(format!("actor link {item:?}"));
            let id = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
            let role = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
            let claimed = parts.next().ok_or_else(bad)? == "1";
            Ok((id, role, claimed))
        })
        .collect()
}

/// An event's sources as stored inline: fields separated by U+001F, sources by U+001E.
pub fn encode_sources(sources: &[Source]) -> String {
    let mut out = String::new();
    for (i, s) in sources.iter().enumerate() {
        if i > 0 {
            out.push(RECORD);
        }
        for (j, field) in [
            clean(&s.dataset),
            clean(&s.record_id),
            clean(s.url.as_deref().unwrap_or("")),
            clean(s.name.as_deref().unwrap_or("")),
        ]
        .iter()
        .enumerate()
        {
            if j > 0 {
                out.push(FIELD);
            }
            out.push_str(field);
        }
        out.push(FIELD);
        out.push_str(&timestamp(s.retrieved_at).to_string());
    }
    out
}

pub fn decode_sources(text: &str) -> Result<Vec<Source>, StoreError> {
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    text.split(RECORD)
        .filter(|r| !r.is_empty())
        .map(|record| {
            let f: Vec<&str> = record.split(FIELD).collect();
            let [dataset, record_id, url, name, retrieved] = f[..] else {
                return Err(StoreError::Corrupt(format!("source {record:?}")));
            };
            let ms = retrieved
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("source time {retrieved:?}")))?;
            Ok(Source {
                dataset: dataset.to_owned(),
                record_id: record_id.to_owned(),
                url: non_empty(url),
                name: non_empty(name),
                retrieved_at: from_timestamp(ms)?,
            })
        })
        .collect()
}

/// Revision changes are stored one per line as `field \t old \t new`, with
/// backslash, tab and newline escaped.
pub fn encode_changes(changes: &[FieldChange]) -> String {
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
    };
    changes
        .iter()
        .map(|c| format!("{}\t{}\t{}", esc(&c.field), esc(&c.old), esc(&c.new)))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn decode_changes(text: &str) -> Result<Vec<FieldChange>, StoreError> {
    fn unesc(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('t') => out.push('\t'),
                    Some('n') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    }
    if text.is_empty() {
        return Ok(vec![]);
    }
    text.split('\n')
        .map(|line| {
            let mut parts = line.split('\t');
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(f), Some(o), Some(n), None) => Ok(FieldChange {
                    field: unesc(f),
                    old: unesc(o),
                    new: unesc(n),
                }),
                _ => Err(StoreError::Corrupt(format!("revision change {line:?}"))),
            }
        })
        .collect()
}

/// Text indexed for `--text` search: notes, place names and actor names.
pub fn search_body<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut body = String::new();
    for part in parts {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(part);
    }
    body
}

/// Turns user words into an FTS5 query: each word quoted, all required.
pub fn fts_query(words: &str) -> Option<String> {
    let terms: Vec<String> = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// The case-insensitive key actors are matched by: lower case, single spaces.
pub fn actor_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_default();
        assert_eq!(
            day_number(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()),
            0
        );
        assert_eq!(date_from_day(day_number(d)).ok(), Some(d));
    }

    #[test]
    fn changes_survive_escaping() {
        let changes = vec![FieldChange {
            field: "notes".into(),
            old: "a\tb\\c\nd".into(),
            new: String::new(),
        }];
        let decoded = decode_changes(&encode_changes(&changes)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(decoded, changes);
    }

    #[test]
    fn inline_sources_and_actors_round_trip() {
        let t = from_timestamp(1_711_065_600_123).unwrap_or_else(|e| panic!("{e}"));
        let sources = vec![
            Source {
                dataset: "acled".into(),
                record_id: "RUS1".into(),
                url: None,
                name: Some("Meduza; TASS\u{1f}x".into()),
                retrieved_at: t,
            },
            Source {
                dataset: "report".into(),
                record_id: "r-2".into(),
                url: Some("https://example.org/a?b=c".into()),
                name: None,
                retrieved_at: t,
            },
        ];
        let decoded = decode_sources(&encode_sources(&sources)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(decoded.len(), 2);
        assert_eq!(decoded[0].name.as_deref(), Some("Meduza; TASS x"));
        assert_eq!(decoded[1], sources[1]);
        let actors = vec![(7, 0, true), (12, 1, false)];
        assert_eq!(decode_actors(&encode_actors(&actors)).ok(), Some(actors));
        assert_eq!(decode_actors("").ok(), Some(vec![]));
        assert!(decode_actors("x,1").is_err());
    }

    #[test]
    fn fts_query_quotes_words() {
        assert_eq!(
            fts_query("Crocus city-hall").as_deref(),
            Some("\"Crocus\" AND \"city\" AND \"hall\"")
        );
        assert_eq!(fts_query(" \"* "), None);
        assert_eq!(actor_key("  Islamic  State "), "islamic state");
    }
}
