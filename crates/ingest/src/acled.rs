//! ACLED exports in their three layouts, told apart by the header:
//!
//! * current (31 lower-case columns, `event_id_cnty`, `sub_event_type`, ISO numeric `iso`);
//! * legacy (upper case, `GWNO`, no `SUB_EVENT_TYPE`, day-first dates, the
//!   pre-2019 event types such as `Riots/Protests` and `Remote violence`, mapped
//!   here onto today's taxonomy);
//! * the 20-column variant without event ids or notes, whose record id is made
//!   from a hash of the fields that identify an event.
//!
//! Columns are found by name, case-insensitively, so column order and extra
//! columns do not matter.

use std::collections::HashMap;

use sitrep_model::{
    ActorKind, ActorRole, DatePrecision, EventType, Location, LocationPrecision, Status,
    SubEventType,
};

use crate::row::{
    self, Context, Draft, Fields, Header, Outcome, RowError, RowResult, clip, coordinates,
};

/// The three ACLED layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Current,
    Legacy,
    Variant,
}

/// Columns every layout has.
const REQUIRED: &[&str] = &[
    "event_date",
    "event_type",
    "actor1",
    "country",
    "location",
    "latitude",
    "longitude",
];

#[derive(Debug)]
struct Columns {
    id: Option<usize>,
    date: Option<usize>,
    time_precision: Option<usize>,
    event_type: Option<usize>,
    sub_event_type: Option<usize>,
    actor1: Option<usize>,
    assoc1: Option<usize>,
    inter1: Option<usize>,
    actor2: Option<usize>,
    assoc2: Option<usize>,
    inter2: Option<usize>,
    iso: Option<usize>,
    gwno: Option<usize>,
    country: Option<usize>,
    admin1: Option<usize>,
    admin2: Option<usize>,
    location: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    geo_precision: Option<usize>,
    source: Option<usize>,
    notes: Option<usize>,
    fatalities: Option<usize>,
    tags: Option<usize>,
}

/// Parses the rows of one ACLED file.
#[derive(Debug)]
pub struct AcledParser {
    layout: Layout,
    cols: Columns,
    /// Variant layout: how often each synthesised id has been seen in this file.
    seen: HashMap<String, u32>,
}

impl AcledParser {
    /// Recognises the layout, or says which columns are missing.
    pub fn new(header: &Header) -> Result<Self, String> {
        let mut required: Vec<&str> = REQUIRED.to_vec();
        let layout = if header.has("event_id_cnty") {
            if header.has("sub_event_type") {
                Layout::Current
            } else {
                Layout::Legacy
            }
        } else if header.has("sub_event_type") {
            Layout::Variant
        } else {
            required.extend(["event_id_cnty", "sub_event_type"]);
            Layout::Current
        };
        row::require(header, "an ACLED", &required)?;
        let f = |name: &str| header.find(name);
        let cols = Columns {
            id: f("event_id_cnty"),
            date: f("event_date"),
            time_precision: f("time_precision"),
            event_type: f("event_type"),
            sub_event_type: f("sub_event_type"),
            actor1: f("actor1"),
            assoc1: f("assoc_actor_1").or_else(|| f("ally_actor_1")),
            inter1: f("inter1"),
            actor2: f("actor2"),
            assoc2: f("assoc_actor_2").or_else(|| f("ally_actor_2")),
            inter2: f("inter2"),
            iso: f("iso"),
            gwno: f("gwno"),
            country: f("country"),
            admin1: f("admin1"),
            admin2: f("admin2"),
            location: f("location"),
            lat: f("latitude"),
            lon: f("longitude"),
            geo_precision: f("geo_precision"),
            source: f("source"),
            notes: f("notes"),
            fatalities: f("fatalities"),
            tags: f("tags"),
        };
        Ok(AcledParser {
            layout,
            cols,
            seen: HashMap::new(),
        })
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    pub fn parse(&mut self, fields: &Fields<'_>, ctx: &Context) -> RowResult {
        let record_id = match self.layout {
            Layout::Current | Layout::Legacy => {
                let id = fields.string(self.cols.id);
                if id.is_empty() {
                    return Err(RowError::new("event_id_cnty", "missing event id"));
                }
                id
            }
            Layout::Variant => self.synthesise_id(fields),
        };
        let c = &self.cols;
        let inter1 = inter(&fields.text(c.inter1));
        let inter2 = inter(&fields.text(c.inter2));
        let (event_type, sub_event_type) = classify(
            self.layout,
            &fields.text(c.event_type),
            &fields.text(c.sub_event_type),
            inter1,
        )?;
        let day = row::date(&fields.text(c.date), "event_date")?;
        let precision = match row::code(&fields.text(c.time_precision), "time_precision")? {
            None | Some(1) => DatePrecision::Day,
            Some(2) => DatePrecision::Week,
            Some(3) => DatePrecision::Month,
            Some(n) => return Err(RowError::new("time_precision", format!("unknown code {n}"))),
        };
        let (lat, lon) = coordinates(&fields.text(c.lat), &fields.text(c.lon), "latitude")?;
        let location_precision = match row::code(&fields.text(c.geo_precision), "geo_precision")? {
            None | Some(1) => LocationPrecision::City,
            Some(2) => LocationPrecision::Admin2,
            Some(3) => LocationPrecision::Admin1,
            Some(n) => return Err(RowError::new("geo_precision", format!("unknown code {n}"))),
        };
        let fatalities = row::count(&fields.text(c.fatalities), "fatalities")?;
        let code = fields
            .text(c.iso)
            .parse::<u16>()
            .ok()
            .and_then(sitrep_geo::from_numeric)
            .or_else(|| {
                let gw = fields.text(c.gwno).parse::<u32>().ok()?;
                sitrep_geo::from_gw(gw)
            });

        let mut actors = Vec::with_capacity(4);
        row::push_actors(
            &mut actors,
            &fields.text(c.actor1),
            inter1,
            ActorRole::Perpetrator,
        );
        row::push_actors(
            &mut actors,
            &fields.text(c.actor2),
            inter2,
            ActorRole::Target,
        );
        for assoc in [c.assoc1, c.assoc2] {
            row::push_actors(
                &mut actors,
                &fields.text(assoc),
                ActorKind::Unknown,
                ActorRole::Other,
            );
        }
        let tags = fields
            .text(c.tags)
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        let draft = Draft {
            dataset: "acled",
            record_id,
            event_type,
            sub_event_type,
            status: Status::Occurred,
            date: row::event_date(day, precision, None),
            location: Location {
                name: fields.string(c.location),
                country: row::country(&fields.text(c.country), code),
                admin1: fields.opt_string(c.admin1),
                admin2: fields.opt_string(c.admin2),
                lat,
                lon,
                precision: location_precision,
            },
            fatalities,
            injuries: None,
            actors,
            notes: fields.string(c.notes),
            tags,
            source_name: fields.opt_string(c.source),
            url: None,
        };
        Ok(Outcome::Event(Box::new(draft.into_event(ctx))))
    }

    /// A record id for a row without one: a hash of the fields that identify the
    /// event (never the fatalities, so a re-coded toll updates the same event),
    /// with `-2`, `-3`… for identical rows later in the same file.
    fn synthesise_id(&mut self, fields: &Fields<'_>) -> String {
        let c = &self.cols;
        let mut hasher = blake3::Hasher::new();
        for column in [
            c.date,
            c.sub_event_type,
            c.actor1,
            c.assoc1,
            c.actor2,
            c.assoc2,
            c.country,
            c.location,
            c.lat,
            c.lon,
        ] {
            hasher.update(fields.text(column).as_bytes());
            hasher.update(&[0x1f]);
        }
        let hash = hasher.finalize();
        let mut id = String::with_capacity(24);
        id.push('h');
        for byte in &hash.as_bytes()[..8] {
            id.push_str(&format!("{byte:02x}"));
        }
        let n = self.seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id.push_str(&format!("-{n}"));
        }
        id
    }
}

/// ACLED interaction code, as a number (`5`) or, in newer exports, a label.
fn inter(text: &str) -> ActorKind {
    if let Ok(n) = text.parse::<u8>() {
        return ActorKind::from_acled_inter(n);
    }
    match key(text).as_str() {
        "stateforces" => ActorKind::State,
        "rebelgroup" | "rebelgroups" | "rebels" => ActorKind::Rebel,
        "politicalmilitia" | "politicalmilitias" => ActorKind::PoliticalMilitia,
        "identitymilitia" | "identitymilitias" => ActorKind::IdentityMilitia,
        "rioters" => ActorKind::Rioters,
        "protesters" => ActorKind::Protesters,
        "civilians" => ActorKind::Civilians,
        "externalotherforces" | "externalforces" | "otherforces" => ActorKind::External,
        _ => ActorKind::Unknown,
    }
}

fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Today's type and sub-type for an event type written the pre-2019 way.
pub fn legacy_type(
    event_type: &str,
    inter1: ActorKind,
) -> Option<(EventType, Option<SubEventType>)> {
    use EventType as T;
    use SubEventType as S;
    Some(match key(event_type).as_str() {
        "riotsprotests" | "riotprotest" | "protestsriots" => {
            if inter1 == ActorKind::Rioters {
                (T::Riots, Some(S::ViolentDemonstration))
            } else {
                (T::Protests, Some(S::PeacefulProtest))
            }
        }
        "violenceagainstcivilians" | "violenceagainstcivilian" => {
            (T::ViolenceAgainstCivilians, Some(S::Attack))
        }
        "battlenochangeofterritory" => (T::Battles, Some(S::ArmedClash)),
        "battlegovernmentregainsterritory" => (T::Battles, Some(S::GovernmentRegainsTerritory)),
        "battlenonstateactorovertakesterritory" | "battlenonstateactorsovertaketerritory" => {
            (T::Battles, Some(S::NonStateActorOvertakesTerritory))
        }
        "remoteviolence" => (T::ExplosionsRemoteViolence, None),
        "strategicdevelopment" | "strategicdevelopments" => {
            (T::StrategicDevelopments, Some(S::Other))
        }
        "nonviolenttransferofterritory" => (
            T::StrategicDevelopments,
            Some(S::NonViolentTransferOfTerritory),
        ),
        "headquartersorbaseestablished" => (
            T::StrategicDevelopments,
            Some(S::HeadquartersOrBaseEstablished),
        ),
        _ => return None,
    })
}

/// Event type and sub-type of a row. Legacy files try the old labels first;
/// every layout accepts both, so a mixed file still imports.
fn classify(
    layout: Layout,
    event_type: &str,
    sub_event_type: &str,
    inter1: ActorKind,
) -> Result<(EventType, Option<SubEventType>), RowError> {
    if layout == Layout::Legacy
        && let Some(found) = legacy_type(event_type, inter1)
    {
        return Ok(found);
    }
    let sub = if sub_event_type.is_empty() {
        None
    } else {
        Some(SubEventType::parse(sub_event_type).map_err(|_| {
            RowError::new(
                "sub_event_type",
                format!("unknown sub-event type {:?}", clip(sub_event_type)),
            )
        })?)
    };
    match EventType::parse(event_type) {
        Ok(t) => match sub {
            Some(s) if s.event_type() != t => Err(RowError::new(
                "sub_event_type",
                format!("{:?} is not a kind of {:?}", s.label(), t.label()),
            )),
            _ => Ok((t, sub)),
        },
        Err(_) => match legacy_type(event_type, inter1) {
            Some((t, legacy_sub)) => Ok((t, sub.filter(|s| s.event_type() == t).or(legacy_sub))),
            None => Err(RowError::new(
                "event_type",
                format!("unknown event type {:?}", clip(event_type)),
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_types_map_onto_todays_taxonomy() {
        use EventType as T;
        use SubEventType as S;
        let cases = [
            (
                "Riots/Protests",
                ActorKind::Rioters,
                T::Riots,
                Some(S::ViolentDemonstration),
            ),
            (
                "Riots/Protests",
                ActorKind::Protesters,
                T::Protests,
                Some(S::PeacefulProtest),
            ),
            (
                "Violence against civilians",
                ActorKind::State,
                T::ViolenceAgainstCivilians,
                Some(S::Attack),
            ),
            (
                "Battle-No change of territory",
                ActorKind::State,
                T::Battles,
                Some(S::ArmedClash),
            ),
            (
                "Battle-Government regains territory",
                ActorKind::State,
                T::Battles,
                Some(S::GovernmentRegainsTerritory),
            ),
            (
                "Battle-Non-state actor overtakes territory",
                ActorKind::Rebel,
                T::Battles,
                Some(S::NonStateActorOvertakesTerritory),
            ),
            (
                "Remote violence",
                ActorKind::Rebel,
                T::ExplosionsRemoteViolence,
                None,
            ),
            (
                "Strategic development",
                ActorKind::State,
                T::StrategicDevelopments,
                Some(S::Other),
            ),
            (
                "Non-violent transfer of territory",
                ActorKind::Rebel,
                T::StrategicDevelopments,
                Some(S::NonViolentTransferOfTerritory),
            ),
            (
                "Headquarters or base established",
                ActorKind::Rebel,
                T::StrategicDevelopments,
                Some(S::HeadquartersOrBaseEstablished),
            ),
            (
                "RIOTS/PROTESTS ",
                ActorKind::Protesters,
                T::Protests,
                Some(S::PeacefulProtest),
            ),
        ];
        for (text, inter1, t, s) in cases {
            assert_eq!(
                classify(Layout::Legacy, text, "", inter1),
                Ok((t, s)),
                "{text}"
            );
        }
        assert!(classify(Layout::Legacy, "Alien invasion", "", ActorKind::State).is_err());
    }

    #[test]
    fn current_types_must_agree_with_their_sub_types() {
        assert_eq!(
            classify(Layout::Current, "Riots", "Mob violence", ActorKind::Rioters),
            Ok((EventType::Riots, Some(SubEventType::MobViolence)))
        );
        let err = classify(
            Layout::Current,
            "Battles",
            "Mob violence",
            ActorKind::Rioters,
        );
        assert_eq!(err.map_err(|e| e.field), Err("sub_event_type".to_owned()));
        let err = classify(Layout::Current, "Battles", "Skirmish", ActorKind::Rioters);
        assert_eq!(err.map_err(|e| e.field), Err("sub_event_type".to_owned()));
    }

    #[test]
    fn interaction_codes_as_numbers_or_labels() {
        assert_eq!(inter("5"), ActorKind::Rioters);
        assert_eq!(inter("State forces"), ActorKind::State);
        assert_eq!(inter("External/Other forces"), ActorKind::External);
        assert_eq!(inter(""), ActorKind::Unknown);
    }
}
