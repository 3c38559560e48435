//! UCDP Georeferenced Event Dataset (GED) CSV: one row per event of organised
//! violence with at least one death. State-based and non-state violence become
//! Battles/Armed clash, one-sided violence Violence against civilians/Attack;
//! UCDP's date and place precision codes map onto sitrep's, and the best
//! estimate of deaths is the fatality count.

use sitrep_model::{
    ActorKind, ActorRole, DatePrecision, EventType, Location, LocationPrecision, Status,
    SubEventType,
};

use crate::row::{self, Context, Draft, Fields, Header, Outcome, RowError, RowResult, coordinates};

const REQUIRED: &[&str] = &[
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "best",
];

#[derive(Debug)]
struct Columns {
    id: Option<usize>,
    type_of_violence: Option<usize>,
    side_a: Option<usize>,
    side_b: Option<usize>,
    where_prec: Option<usize>,
    where_coordinates: Option<usize>,
    where_description: Option<usize>,
    adm_1: Option<usize>,
    adm_2: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    country: Option<usize>,
    country_id: Option<usize>,
    date_prec: Option<usize>,
    date_start: Option<usize>,
    date_end: Option<usize>,
    best: Option<usize>,
    headline: Option<usize>,
    article: Option<usize>,
    source_original: Option<usize>,
}

/// Parses the rows of one UCDP GED file.
#[derive(Debug)]
pub struct UcdpParser {
    cols: Columns,
}

impl UcdpParser {
    pub fn new(header: &Header) -> Result<Self, String> {
        row::require(header, "a UCDP GED", REQUIRED)?;
        let f = |name: &str| header.find(name);
        Ok(UcdpParser {
            cols: Columns {
                id: f("id"),
                type_of_violence: f("type_of_violence"),
                side_a: f("side_a"),
                side_b: f("side_b"),
                where_prec: f("where_prec"),
                where_coordinates: f("where_coordinates"),
                where_description: f("where_description"),
                adm_1: f("adm_1"),
                adm_2: f("adm_2"),
                lat: f("latitude"),
                lon: f("longitude"),
                country: f("country"),
                country_id: f("country_id"),
                date_prec: f("date_prec"),
                date_start: f("date_start"),
                date_end: f("date_end"),
                best: f("best"),
                headline: f("source_headline"),
                article: f("source_article"),
                source_original: f("source_original"),
            },
        })
    }

    pub fn parse(&mut self, fields: &Fields<'_>, ctx: &Context) -> RowResult {
        let c = &self.cols;
        let record_id = fields.string(c.id);
        if record_id.is_empty() {
            return Err(RowError::new("id", "missing event id"));
        }
        let violence = row::code(&fields.text(c.type_of_violence), "type_of_violence")?;
        let (event_type, sub_event_type) = match violence {
            Some(1 | 2) => (EventType::Battles, SubEventType::ArmedClash),
            Some(3) => (EventType::ViolenceAgainstCivilians, SubEventType::Attack),
            _ => {
                return Err(RowError::new(
                    "type_of_violence",
                    format!(
                        "expected 1, 2 or 3, got {:?}",
                        row::clip(&fields.text(c.type_of_violence))
                    ),
                ));
            }
        };
        let start = row::date(&fields.text(c.date_start), "date_start")?;
        let end_text = fields.text(c.date_end);
        let end = if end_text.is_empty() {
            None
        } else {
            Some(row::date(&end_text, "date_end")?)
        };
        if end.is_some_and(|e| e < start) {
            return Err(RowError::new("date_end", "ends before it starts"));
        }
        let precision = match row::code(&fields.text(c.date_prec), "date_prec")? {
            None | Some(1) => DatePrecision::Day,
            Some(2) => DatePrecision::Week,
            Some(3) => DatePrecision::Month,
            Some(4 | 5) => DatePrecision::Year,
            Some(n) => return Err(RowError::new("date_prec", format!("unknown code {n}"))),
        };
        let location_precision = match row::code(&fields.text(c.where_prec), "where_prec")? {
            None | Some(1) => LocationPrecision::Point,
            Some(2) => LocationPrecision::City,
            Some(3) => LocationPrecision::Admin2,
            Some(4 | 5) => LocationPrecision::Admin1,
            Some(6 | 7) => LocationPrecision::Country,
            Some(n) => return Err(RowError::new("where_prec", format!("unknown code {n}"))),
        };
        let (lat, lon) = coordinates(&fields.text(c.lat), &fields.text(c.lon), "latitude")?;
        let fatalities = row::count(&fields.text(c.best), "best")?;

        let side_kind = |name: &str, default: ActorKind| {
            if name.starts_with("Government of") {
                ActorKind::State
            } else {
                default
            }
        };
        let side_a = fields.string(c.side_a);
        let side_b = fields.string(c.side_b);
        let (kind_a, kind_b, role_b) = match violence {
            Some(3) => (
                side_kind(&side_a, ActorKind::Rebel),
                ActorKind::Civilians,
                ActorRole::Target,
            ),
            _ => (
                side_kind(&side_a, ActorKind::Rebel),
                side_kind(&side_b, ActorKind::Rebel),
                ActorRole::Target,
            ),
        };
        let mut actors = Vec::with_capacity(2);
        if !side_a.is_empty() {
            actors.push(row::actor(side_a, kind_a, ActorRole::Perpetrator));
        }
        if !side_b.is_empty() {
            actors.push(row::actor(side_b, kind_b, role_b));
        }

        let notes = [fields.string(c.headline), fields.string(c.article)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let name = fields
            .opt_string(c.where_coordinates)
            .or_else(|| fields.opt_string(c.where_description))
            .unwrap_or_default();
        let code = fields
            .text(c.country_id)
            .parse::<u32>()
            .ok()
            .and_then(sitrep_geo::from_gw);
        let draft = Draft {
            dataset: "ucdp-ged",
            record_id,
            event_type,
            sub_event_type: Some(sub_event_type),
            status: Status::Occurred,
            date: row::event_date(start, precision, end),
            location: Location {
                name,
                country: row::country(&fields.text(c.country), code),
                admin1: fields.opt_string(c.adm_1),
                admin2: fields.opt_string(c.adm_2),
                lat,
                lon,
                precision: location_precision,
            },
            fatalities,
            injuries: None,
            actors,
            notes,
            tags: vec![],
            source_name: fields.opt_string(c.source_original),
            url: None,
        };
        Ok(Outcome::Event(Box::new(draft.into_event(ctx))))
    }
}
