//! Global Terrorism Database CSV, with the codebook's column names (`eventid`,
//! `iyear`, `imonth`, `iday`, `attacktype1_txt`, `gname`, `nkill`…). A day or
//! month of 0 means unknown and lowers the date precision; every event is tagged
//! `terrorism` along with its target and weapon types.

use chrono::NaiveDate;
use sitrep_model::{
    ActorKind, ActorRole, DatePrecision, EventType, Location, LocationPrecision, Status,
    SubEventType,
};

use crate::row::{
    self, Context, Draft, Fields, Header, Outcome, RowError, RowResult, clip, coordinates,
};

const REQUIRED: &[&str] = &[
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "country_txt",
    "latitude",
    "longitude",
    "attacktype1_txt",
    "gname",
];

#[derive(Debug)]
struct Columns {
    id: Option<usize>,
    year: Option<usize>,
    month: Option<usize>,
    day: Option<usize>,
    country: Option<usize>,
    provstate: Option<usize>,
    city: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    specificity: Option<usize>,
    attack: Option<usize>,
    target: Option<usize>,
    weapon: Option<usize>,
    gname: Option<usize>,
    nkill: Option<usize>,
    nwound: Option<usize>,
    suicide: Option<usize>,
    summary: Option<usize>,
}

/// Parses the rows of one GTD file.
#[derive(Debug)]
pub struct GtdParser {
    cols: Columns,
}

impl GtdParser {
    pub fn new(header: &Header) -> Result<Self, String> {
        row::require(header, "a GTD", REQUIRED)?;
        let f = |name: &str| header.find(name);
        Ok(GtdParser {
            cols: Columns {
                id: f("eventid"),
                year: f("iyear"),
                month: f("imonth"),
                day: f("iday"),
                country: f("country_txt"),
                provstate: f("provstate"),
                city: f("city"),
                lat: f("latitude"),
                lon: f("longitude"),
                specificity: f("specificity"),
                attack: f("attacktype1_txt"),
                target: f("targtype1_txt"),
                weapon: f("weaptype1_txt"),
                gname: f("gname"),
                nkill: f("nkill"),
                nwound: f("nwound"),
                suicide: f("suicide"),
                summary: f("summary"),
            },
        })
    }

    pub fn parse(&mut self, fields: &Fields<'_>, ctx: &Context) -> RowResult {
        let c = &self.cols;
        let record_id = fields.string(c.id);
        if record_id.is_empty() {
            return Err(RowError::new("eventid", "missing event id"));
        }
        let suicide = fields.text(c.suicide) == "1";
        let attack = fields.text(c.attack);
        let (event_type, sub_event_type) = classify(&attack, suicide).ok_or_else(|| {
            RowError::new(
                "attacktype1_txt",
                format!("unknown attack type {:?}", clip(&attack)),
            )
        })?;
        let date = gtd_date(
            &fields.text(c.year),
            &fields.text(c.month),
            &fields.text(c.day),
        )?;
        let (lat, lon) = coordinates(&fields.text(c.lat), &fields.text(c.lon), "latitude")?;
        let precision = match fields.text(c.specificity).parse::<u8>() {
            Ok(2 | 3) => LocationPrecision::Admin2,
            Ok(4) => LocationPrecision::Admin1,
            Ok(5) => LocationPrecision::Country,
            _ => LocationPrecision::City,
        };
        let fatalities = row::count(&fields.text(c.nkill), "nkill")?;
        let injuries = row::count(&fields.text(c.nwound), "nwound")?;
        let country_name = fields.string(c.country);
        let city = fields
            .opt_string(c.city)
            .filter(|s| !s.eq_ignore_ascii_case("unknown"));
        let provstate = fields
            .opt_string(c.provstate)
            .filter(|s| !s.eq_ignore_ascii_case("unknown"));
        let name = city
            .clone()
            .or_else(|| provstate.clone())
            .unwrap_or_else(|| country_name.clone());

        let gname = fields.string(c.gname);
        let mut actors = Vec::with_capacity(1);
        if !gname.is_empty() {
            let kind = if gname.eq_ignore_ascii_case("unknown") {
                ActorKind::Unknown
            } else {
                ActorKind::Terrorist
            };
            actors.push(row::actor(gname, kind, ActorRole::Perpetrator));
        }
        let mut tags = vec!["terrorism".to_owned()];
        for (prefix, column) in [("target", c.target), ("weapon", c.weapon)] {
            let value = fields.text(column);
            if !value.is_empty() {
                tags.push(format!("{prefix}:{}", value.to_lowercase()));
            }
        }
        if suicide {
            tags.push("suicide".to_owned());
        }
        let draft = Draft {
            dataset: "gtd",
            record_id,
            event_type,
            sub_event_type: Some(sub_event_type),
            status: Status::Occurred,
            date,
            location: Location {
                name,
                country: row::country(&country_name, None),
                admin1: provstate,
                admin2: None,
                lat,
                lon,
                precision,
            },
            fatalities,
            injuries,
            actors,
            notes: fields.string(c.summary),
            tags,
            source_name: None,
            url: None,
        };
        Ok(Outcome::Event(Box::new(draft.into_event(ctx))))
    }
}

/// The GTD date: month 0 is an unknown month (year precision), day 0 an
/// unknown day (month precision).
fn gtd_date(year: &str, month: &str, day: &str) -> Result<sitrep_model::EventDate, RowError> {
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
        .ok_or_else(|| RowError::new("iyear", format!("{:?} is not a year", clip(year))))?;
    let month: u32 = month
        .parse()
        .ok()
        .filter(|m| *m <= 12)
        .ok_or_else(|| RowError::new("imonth", format!("{:?} is not a month", clip(month))))?;
    let day: u32 = day
        .parse()
        .ok()
        .filter(|d| *d <= 31)
        .ok_or_else(|| RowError::new("iday", format!("{:?} is not a day", clip(day))))?;
    let (m, d, precision) = match (month, day) {
        (0, _) => (1, 1, DatePrecision::Year),
        (m, 0) => (m, 1, DatePrecision::Month),
        (m, d) => (m, d, DatePrecision::Day),
    };
    let start = NaiveDate::from_ymd_opt(year, m, d)
        .ok_or_else(|| RowError::new("iday", format!("{year}-{m:02}-{d:02} is not a date")))?;
    Ok(row::event_date(start, precision, None))
}

/// sitrep's type and sub-type for a GTD attack type.
pub fn classify(attack: &str, suicide: bool) -> Option<(EventType, SubEventType)> {
    use EventType as T;
    use SubEventType as S;
    let key: String = attack
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Some(match key.as_str() {
        "bombingexplosion" if suicide => (T::ExplosionsRemoteViolence, S::SuicideBomb),
        "bombingexplosion" => (T::ExplosionsRemoteViolence, S::RemoteExplosiveLandmineIed),
        "armedassault" | "assassination" | "unarmedassault" | "unknown" => {
            (T::ViolenceAgainstCivilians, S::Attack)
        }
        "hostagetakingkidnapping" | "hostagetakingbarricadeincident" | "hijacking" => {
            (T::ViolenceAgainstCivilians, S::AbductionForcedDisappearance)
        }
        "facilityinfrastructureattack" => (T::StrategicDevelopments, S::LootingPropertyDestruction),
        _ => return None,
    })
}
