//! CSV rendering of events: one flat row per event with a fixed header
//! ([`CSV_COLUMNS`]), written through the `csv` crate so that commas, quotes
//! and newlines in notes are quoted correctly. Lists (actors, tags, sources)
//! are joined with `"; "`.

use std::io::Write;

use sitrep_model::Event;

use crate::dto::EventDto;

/// The header row, in column order.
pub const CSV_COLUMNS: [&str; 20] = [
    "id",
    "date",
    "date_precision",
    "event_type",
    "sub_event_type",
    "status",
    "category",
    "country",
    "admin1",
    "admin2",
    "location",
    "lat",
    "lon",
    "location_precision",
    "fatalities",
    "injuries",
    "actors",
    "tags",
    "sources",
    "notes",
];

/// Writes events as CSV rows, header first, one at a time.
pub struct CsvEventWriter<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> CsvEventWriter<W> {
    /// Starts the table by writing the header.
    pub fn new(out: W) -> std::io::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(CSV_COLUMNS)?;
        Ok(CsvEventWriter { out })
    }

    pub fn write_event(&mut self, e: &EventDto) -> std::io::Result<()> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let count = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        let actors = e
            .actors
            .iter()
            .map(|a| format!("{} ({})", a.name, a.role))
            .collect::<Vec<_>>()
            .join("; ");
        let sources = e
            .sources
            .iter()
            .map(|s| format!("{}:{}", s.dataset, s.record_id))
            .collect::<Vec<_>>()
            .join("; ");
        let row: [String; 20] = [
            e.id.clone(),
            e.date.start.to_string(),
            e.date.precision.clone(),
            e.event_type.clone(),
            opt(&e.sub_event_type),
            e.status.clone(),
            e.category.clone(),
            opt(&e.location.country),
            opt(&e.location.admin1),
            opt(&e.location.admin2),
            e.location.name.clone(),
            e.location.lat.to_string(),
            e.location.lon.to_string(),
            e.location.precision.clone(),
            count(e.fatalities),
            count(e.injuries),
            actors,
            e.tags.join("; "),
            sources,
            e.notes.clone(),
        ];
        self.out.write_record(&row)?;
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.out
            .into_inner()
            .map_err(|e| std::io::Error::new(e.error().kind(), e.error().to_string()))
    }
}

/// Writes a header and one row per event, exactly as
/// `GET /api/v1/events?format=csv` answers it.
pub fn write_events_csv<W: Write>(out: W, events: &[Event]) -> std::io::Result<()> {
    let mut writer = CsvEventWriter::new(out)?;
    for e in events {
        writer.write_event(&EventDto::from(e))?;
    }
    writer.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sitrep_model::{ActorKind, ActorRole, EventActor};
    use sitrep_store::testing::sample_event;

    #[test]
    fn rows_are_flat_and_quoted() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_else(|| panic!("date"));
        let mut e = sample_event(1, day, 55.82, 37.33, "RU");
        e.notes = "Gunmen, \"four\" of them,\nattacked.".into();
        e.injuries = None;
        e.actors.push(EventActor {
            actor_id: None,
            name: "Civilians (Russia)".into(),
            kind: ActorKind::Civilians,
            role: ActorRole::Target,
            claimed: false,
        });
        let mut out = Vec::new();
        write_events_csv(&mut out, &[e]).unwrap_or_else(|e| panic!("{e}"));
        let mut reader = csv::Reader::from_reader(out.as_slice());
        let header = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
        assert_eq!(header.iter().collect::<Vec<_>>(), CSV_COLUMNS);
        let rows: Vec<csv::StringRecord> = reader
            .records()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows.len(), 1);
        let get = |name: &str| {
            let i = CSV_COLUMNS
                .iter()
                .position(|c| *c == name)
                .unwrap_or_else(|| panic!("{name}"));
            rows[0].get(i).unwrap_or_default().to_owned()
        };
        assert_eq!(get("id"), "test:1");
        assert_eq!(get("date"), "2024-03-22");
        assert_eq!(get("event_type"), "Violence against civilians");
        assert_eq!(get("country"), "RU");
        assert_eq!(get("lat"), "55.82");
        assert_eq!(get("fatalities"), "1");
        assert_eq!(get("injuries"), "");
        assert_eq!(
            get("actors"),
            "Islamic State Khorasan Province (perpetrator); Civilians (Russia) (target)"
        );
        assert_eq!(get("sources"), "test:1");
        assert_eq!(get("notes"), "Gunmen, \"four\" of them,\nattacked.");
    }
}
