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

pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("timestamp {text:?}: {e}")))
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

/// The fields of an event that a source can re-code, as (name, rendered value).
/// Timestamps and retrieval times are not content.
pub fn content_fields(e: &Event) -> Vec<(&'static str, String)> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<u32>| v.map_or_else(|| "unknown".to_owned(), |n| n.to_string());
    vec![
        ("event_type", e.event_type.label().to_owned()),
        (
            "sub_event_type",
            e.sub_event_type
                .map(|s| s.label().to_owned())
                .unwrap_or_default(),
        ),
        ("status", e.status.as_str().to_owned()),
        ("date", e.date.start.to_string()),
        ("date_precision", e.date.precision.as_str().to_owned()),
        (
            "date_end",
            e.date.end.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("location", e.location.name.clone()),
        ("country", opt(&e.location.country)),
        ("admin1", opt(&e.location.admin1)),
        ("admin2", opt(&e.location.admin2)),
        ("lat", format!("{:.6}", e.location.lat)),
        ("lon", format!("{:.6}", e.location.lon)),
        (
            "location_precision",
            e.location.precision.as_str().to_owned(),
        ),
        ("fatalities", num(e.fatalities)),
        ("injuries", num(e.injuries)),
        ("actors", render_actors(&e.actors)),
        ("notes", e.notes.clone()),
        ("tags", e.tags.join("; ")),
        ("sources", render_sources(&e.sources)),
    ]
}

fn render_actors(actors: &[EventActor]) -> String {
    actors
        .iter()
        .map(|a| {
            format!(
                "{} ({}, {}{})",
                a.name,
                a.role,
                a.kind,
                if a.claimed { ", claimed" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn render_sources(sources: &[Source]) -> String {
    sources
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
        .join("; ")
}

pub fn content_hash(e: &Event) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    for (name, value) in content_fields(e) {
        h.update(name.as_bytes());
        h.update(&(value.len() as u64).to_le_bytes());
        h.update(value.as_bytes());
    }
    *h.finalize().as_bytes()
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
pub fn search_body(e: &Event) -> String {
    let mut body = String::with_capacity(e.notes.len() + 64);
    body.push_str(&e.notes);
    for part in [
        Some(&e.location.name),
        e.location.admin1.as_ref(),
        e.location.admin2.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        body.push('\n');
        body.push_str(part);
    }
    for a in &e.actors {
        body.push('\n');
        body.push_str(&a.name);
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
    fn fts_query_quotes_words() {
        assert_eq!(
            fts_query("Crocus city-hall").as_deref(),
            Some("\"Crocus\" AND \"city\" AND \"hall\"")
        );
        assert_eq!(fts_query(" \"* "), None);
        assert_eq!(actor_key("  Islamic  State "), "islamic state");
    }
}
