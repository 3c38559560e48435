//! The event record and its parts: date with precision, location with precision,
//! actors with roles, and the sources an event was learned from.

use chrono::{DateTime, NaiveDate, Utc};

use crate::{Category, EventType, SubEventType, derive_category};

/// A value that is not one of the words sitrep knows for a field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {field} {value:?}")]
pub struct ParseError {
    pub field: &'static str,
    pub value: String,
}

impl ParseError {
    pub fn new(field: &'static str, value: &str) -> Self {
        ParseError {
            field,
            value: value.chars().take(80).collect(),
        }
    }
}

/// Declares a closed set of lowercase words with `as_str`/`parse`/`ALL`.
macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $field:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn parse(text: &str) -> Result<Self, ParseError> {
                let lower = text.trim().to_ascii_lowercase();
                match lower.as_str() {
                    $($word => Ok($name::$variant),)+
                    _ => Err(ParseError::new($field, text)),
                }
            }

            /// Stable numeric code for compact storage (position in `ALL`).
            pub fn code(self) -> u8 {
                self as u8
            }

            pub fn from_code(code: u8) -> Option<Self> {
                Self::ALL.get(usize::from(code)).copied()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum!(
    /// Whether the event happened, was prevented, or was only threatened.
    Status, "status" {
        Occurred => "occurred",
        Foiled => "foiled",
        Threatened => "threatened",
    }
);

word_enum!(
    /// How precisely the event's date is known.
    DatePrecision, "date precision" {
        Day => "day",
        Week => "week",
        Month => "month",
        Year => "year",
    }
);

word_enum!(
    /// How precisely the event's coordinates locate it.
    LocationPrecision, "location precision" {
        Point => "point",
        City => "city",
        Admin2 => "admin2",
        Admin1 => "admin1",
        Country => "country",
    }
);

word_enum!(
    /// The part an actor played in an event.
    ActorRole, "actor role" {
        Perpetrator => "perpetrator",
        Target => "target",
        Other => "other",
    }
);

word_enum!(
    /// What kind of actor this is, following ACLED's interaction codes
    /// (1 state forces … 8 external forces) plus kinds other sources use.
    ActorKind, "actor kind" {
        Unknown => "unknown",
        State => "state",
        Rebel => "rebel",
        PoliticalMilitia => "political_militia",
        IdentityMilitia => "identity_militia",
        Rioters => "rioters",
        Protesters => "protesters",
        Civilians => "civilians",
        External => "external",
        Terrorist => "terrorist",
        Criminal => "criminal",
    }
);

impl ActorKind {
    /// Maps an ACLED interaction code (`inter1`/`inter2`, 0–8) to a kind.
    pub fn from_acled_inter(code: u8) -> ActorKind {
        match code {
            1 => ActorKind::State,
            2 => ActorKind::Rebel,
            3 => ActorKind::PoliticalMilitia,
            4 => ActorKind::IdentityMilitia,
            5 => ActorKind::Rioters,
            6 => ActorKind::Protesters,
            7 => ActorKind::Civilians,
            8 => ActorKind::External,
            _ => ActorKind::Unknown,
        }
    }

    /// Armed actors that are not a state's forces.
    pub fn is_non_state_armed(self) -> bool {
        matches!(
            self,
            ActorKind::Rebel
                | ActorKind::PoliticalMilitia
                | ActorKind::IdentityMilitia
                | ActorKind::Terrorist
        )
    }
}

/// When an event happened: a start day, how precise it is, and for spans an end day.
/// With `Month` precision the start is the first of the month; with `Year`, 1 January.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDate {
    pub start: NaiveDate,
    pub precision: DatePrecision,
    pub end: Option<NaiveDate>,
}

impl EventDate {
    pub fn day(start: NaiveDate) -> Self {
        EventDate {
            start,
            precision: DatePrecision::Day,
            end: None,
        }
    }
}

/// Where an event happened. `country` is ISO 3166-1 alpha-2 (`XK` for Kosovo).
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub precision: LocationPrecision,
}

/// An actor record: one per canonical name, with the other names it goes by.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
}

/// An actor's part in one event. `actor_id` is filled by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct EventActor {
    pub actor_id: Option<i64>,
    pub name: String,
    pub kind: ActorKind,
    pub role: ActorRole,
    /// The actor claimed responsibility (or was credibly said to be behind it).
    pub claimed: bool,
}

/// One place an event was learned from: a dataset row, a feed item or a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// `acled`, `ucdp-ged`, `gdelt`, `gtd`, a feed id or `report`.
    pub dataset: String,
    /// The record's id in that source (ACLED `event_id_cnty`, UCDP `id`, GDELT `GLOBALEVENTID`…).
    pub record_id: String,
    pub url: Option<String>,
    /// Who reported it (publisher names, ACLED `source`).
    pub name: Option<String>,
    pub retrieved_at: DateTime<Utc>,
}

/// The stable public id of an event: `{dataset}:{record_id}` of the source that created it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(pub String);

impl EventId {
    pub fn for_source(dataset: &str, record_id: &str) -> Self {
        EventId(format!("{dataset}:{record_id}"))
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A security event. `fatalities`/`injuries` are `None` when unknown (not zero).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: EventId,
    pub event_type: EventType,
    pub sub_event_type: Option<SubEventType>,
    pub status: Status,
    pub date: EventDate,
    pub location: Location,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
    pub actors: Vec<EventActor>,
    pub notes: String,
    /// Free tags, `word` or `key:value` (`suicide`, `target:religious`, `cameo:190`).
    pub tags: Vec<String>,
    pub sources: Vec<Source>,
    pub first_seen: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

impl Event {
    /// The risk category derived from type, sub-type, status, actors and tags.
    pub fn category(&self) -> Category {
        derive_category(self)
    }

    pub fn perpetrators(&self) -> impl Iterator<Item = &EventActor> {
        self.actors
            .iter()
            .filter(|a| a.role == ActorRole::Perpetrator)
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_enums_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Ok(*s));
            assert_eq!(Status::from_code(s.code()), Some(*s));
        }
        for k in ActorKind::ALL {
            assert_eq!(ActorKind::parse(k.as_str()), Ok(*k));
        }
        assert_eq!(
            LocationPrecision::parse(" City "),
            Ok(LocationPrecision::City)
        );
        let err = DatePrecision::parse("fortnight").unwrap_err();
        assert_eq!(err.to_string(), "unknown date precision \"fortnight\"");
    }

    #[test]
    fn acled_inter_codes_map_to_kinds() {
        assert_eq!(ActorKind::from_acled_inter(2), ActorKind::Rebel);
        assert_eq!(ActorKind::from_acled_inter(6), ActorKind::Protesters);
        assert_eq!(ActorKind::from_acled_inter(0), ActorKind::Unknown);
        assert_eq!(ActorKind::from_acled_inter(42), ActorKind::Unknown);
    }
}
