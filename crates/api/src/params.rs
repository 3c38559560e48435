//! Query parameters for event search and aggregates, exactly as the HTTP API
//! takes them and the CLI's flags fill them, and their validation into a store
//! [`EventQuery`]. Values stay text until [`EventFilterParams::to_query`] so
//! that every error message can name the parameter at fault.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{Category, EventType, Status, SubEventType};
use sitrep_store::query::MAX_LIMIT;
use sitrep_store::{Aggregate, BBox, Cursor, EventQuery, Interval, Near};
use utoipa::{IntoParams, ToSchema};

use crate::ApiError;

/// Default page size when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;
/// Default grid zoom for aggregates.
pub const DEFAULT_ZOOM: u8 = 2;
/// Default grid cells per tile side for aggregates.
pub const DEFAULT_CELLS: u16 = 4;
/// Largest grid zoom.
pub const MAX_ZOOM: u8 = 20;
/// Most grid cells per tile side.
pub const MAX_CELLS: u16 = 64;

/// How a list of events is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Format {
    #[default]
    Json,
    Geojson,
    Csv,
}

impl Format {
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        Self::from_word(text).map_err(|e| ApiError::BadRequest(format!("format: {e}")))
    }

    fn from_word(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "geojson" => Ok(Format::Geojson),
            "csv" => Ok(Format::Csv),
            _ => Err(format!(
                "expected json, geojson or csv, got {:?}",
                text.chars().take(40).collect::<String>()
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Geojson => "geojson",
            Format::Csv => "csv",
        }
    }

    /// The media type of a response in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Geojson => "application/geo+json",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

impl TryFrom<String> for Format {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Format::from_word(&text)
    }
}

/// Filters for events. Every list parameter takes comma-separated values, any
/// of which may match; different parameters must all match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventFilterParams {
    /// Bounding box `W,S,E,N` in degrees; `W > E` crosses the antimeridian.
    #[param(example = "37,55,38,56")]
    pub bbox: Option<String>,
    /// Within a radius of a point: `LAT,LON,KM`.
    #[param(example = "55.75,37.62,25")]
    pub near: Option<String>,
    /// First day, inclusive (YYYY-MM-DD).
    #[param(example = "2024-01-01")]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD).
    #[param(example = "2024-12-31")]
    pub to: Option<String>,
    /// ACLED event types, e.g. `Battles,Explosions/Remote violence` (case and
    /// punctuation are ignored).
    #[serde(rename = "type")]
    #[param(rename = "type", example = "Explosions/Remote violence")]
    pub event_type: Option<String>,
    /// ACLED sub-event types, e.g. `Suicide bomb,Attack`.
    #[param(example = "Suicide bomb")]
    pub sub_type: Option<String>,
    /// Risk categories: terrorism, armed_conflict, civil_unrest, crime, kidnap, political.
    #[param(example = "terrorism,kidnap")]
    pub category: Option<String>,
    /// Statuses: occurred, foiled, threatened.
    #[param(example = "occurred")]
    pub status: Option<String>,
    /// ISO 3166-1 alpha-2 country codes, case-insensitive.
    #[param(example = "RU,UA")]
    pub country: Option<String>,
    /// An admin1 region (state, province) as the events spell it, case-insensitive;
    /// needs `country`, since names repeat across countries.
    #[param(example = "Borno")]
    pub admin1: Option<String>,
    /// An actor's name or alias, case-insensitive.
    pub actor: Option<String>,
    /// Words that must all occur in the notes, location or actors.
    pub text: Option<String>,
    /// Only events with at least this many known fatalities.
    pub min_fatalities: Option<u32>,
    /// Events per page, 1..=10000 (default 100).
    #[param(minimum = 1, maximum = 10000)]
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Response format; overrides the `Accept` header.
    pub format: Option<Format>,
}

/// How `/events/aggregate` groups events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AggregateParams {
    /// `grid` (default), `day`, `week` or `month`.
    #[param(example = "grid")]
    pub by: Option<String>,
    /// Grid zoom 0..=20 (default 2): the world is `2^zoom` tiles across.
    #[param(minimum = 0, maximum = 20)]
    pub zoom: Option<u8>,
    /// Grid cells per tile side, 1..=64 (default 4).
    #[param(minimum = 1, maximum = 64)]
    pub cells: Option<u16>,
}

impl EventFilterParams {
    /// Validates the parameters into a store query.
    pub fn to_query(&self) -> Result<EventQuery, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::InvalidQuery(format!(
                "limit: must be between 1 and {MAX_LIMIT}, got {limit}"
            )));
        }
        let query = EventQuery {
            bbox: present(&self.bbox).map(BBox::parse).transpose()?,
            near: present(&self.near).map(Near::parse).transpose()?,
            from: present(&self.from)
                .map(|t| parse_date("from", t))
                .transpose()?,
            to: present(&self.to).map(|t| parse_date("to", t)).transpose()?,
            event_types: list(&self.event_type, "type", EventType::parse)?,
            sub_event_types: list(&self.sub_type, "sub_type", SubEventType::parse)?,
            categories: list(&self.category, "category", Category::parse)?,
            statuses: list(&self.status, "status", Status::parse)?,
            countries: list(&self.country, "country", parse_country)?,
            admin1: present(&self.admin1).map(str::to_owned),
            actor: present(&self.actor).map(str::to_owned),
            text: present(&self.text).map(str::to_owned),
            min_fatalities: self.min_fatalities,
            limit,
            cursor: present(&self.cursor).map(Cursor::decode).transpose()?,
        };
        if query.admin1.is_some() && query.countries.is_empty() {
            return Err(ApiError::BadRequest(
                "admin1: needs the country too (admin1 names repeat across countries)".into(),
            ));
        }
        if query
            .admin1
            .as_ref()
            .is_some_and(|a| a.len() > sitrep_store::query::MAX_ADMIN1_LEN)
        {
            return Err(ApiError::BadRequest(format!(
                "admin1: at most {} bytes",
                sitrep_store::query::MAX_ADMIN1_LEN
            )));
        }
        query.validate()?;
        Ok(query)
    }
}

impl AggregateParams {
    pub fn to_aggregate(&self) -> Result<Aggregate, ApiError> {
        let by = present(&self.by).unwrap_or("grid");
        if by.eq_ignore_ascii_case("grid") {
            let zoom = self.zoom.unwrap_or(DEFAULT_ZOOM);
            if zoom > MAX_ZOOM {
                return Err(ApiError::InvalidQuery(format!(
                    "zoom: must be between 0 and {MAX_ZOOM}, got {zoom}"
                )));
            }
            let cells = self.cells.unwrap_or(DEFAULT_CELLS);
            if cells == 0 || cells > MAX_CELLS {
                return Err(ApiError::InvalidQuery(format!(
                    "cells: must be between 1 and {MAX_CELLS}, got {cells}"
                )));
            }
            return Ok(Aggregate::Grid {
                zoom,
                cells_per_tile: cells,
            });
        }
        Interval::parse(by).map(Aggregate::Time).map_err(|_| {
            ApiError::BadRequest(format!("by: expected grid, day, week or month, got {by:?}"))
        })
    }
}

/// The trimmed value, or `None` when absent or blank (`country=` means "any").
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn list<T, E: std::fmt::Display>(
    value: &Option<String>,
    name: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Vec<T>, ApiError> {
    let Some(text) = present(value) else {
        return Ok(vec![]);
    };
    text.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| parse(v).map_err(|e| ApiError::BadRequest(format!("{name}: {e}"))))
        .collect()
}

fn parse_date(name: &str, text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        ApiError::BadRequest(format!("{name}: expected a date YYYY-MM-DD, got {text:?}"))
    })
}

fn parse_country(text: &str) -> Result<String, String> {
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(text.to_ascii_uppercase())
    } else {
        Err(format!(
            "{:?} is not an ISO 3166-1 alpha-2 code",
            text.chars().take(40).collect::<String>()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> EventFilterParams {
        EventFilterParams::default()
    }

    fn err(p: EventFilterParams) -> ApiError {
        match p.to_query() {
            Ok(q) => panic!("expected an error, got {q:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn defaults_mean_any_event_a_page_of_100() {
        let q = params().to_query().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q, EventQuery::default());
    }

    #[test]
    fn lists_are_comma_separated_and_lenient_about_case() {
        let q = EventFilterParams {
            event_type: Some("battles, explosions/remote violence".into()),
            sub_type: Some("Suicide bomb".into()),
            category: Some("terrorism,Armed conflict".into()),
            status: Some("occurred,FOILED".into()),
            country: Some("ru, ua,".into()),
            admin1: Some(" Borno ".into()),
            from: Some("2024-01-01".into()),
            to: Some("2024-03-31".into()),
            bbox: Some("37,55,38,56".into()),
            limit: Some(10),
            ..params()
        }
        .to_query()
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            q.event_types,
            [EventType::Battles, EventType::ExplosionsRemoteViolence]
        );
        assert_eq!(q.sub_event_types, [SubEventType::SuicideBomb]);
        assert_eq!(q.categories, [Category::Terrorism, Category::ArmedConflict]);
        assert_eq!(q.statuses, [Status::Occurred, Status::Foiled]);
        assert_eq!(q.countries, ["RU", "UA"]);
        assert_eq!(q.admin1.as_deref(), Some("Borno"));
        assert_eq!(q.limit, 10);
        assert!(q.bbox.is_some() && q.from.is_some() && q.to.is_some());
    }

    #[test]
    fn errors_name_the_parameter() {
        let cases = [
            (
                EventFilterParams {
                    bbox: Some("1,2".into()),
                    ..params()
                },
                "bbox",
            ),
            (
                EventFilterParams {
                    from: Some("22/03/2024".into()),
                    ..params()
                },
                "from",
            ),
            (
                EventFilterParams {
                    to: Some("2024-02-30".into()),
                    ..params()
                },
                "to",
            ),
            (
                EventFilterParams {
                    limit: Some(0),
                    ..params()
                },
                "limit",
            ),
            (
                EventFilterParams {
                    limit: Some(10_001),
                    ..params()
                },
                "limit",
            ),
            (
                EventFilterParams {
                    country: Some("RUS".into()),
                    ..params()
                },
                "country",
            ),
            (
                EventFilterParams {
                    admin1: Some("Borno".into()),
                    ..params()
                },
                "admin1",
            ),
            (
                EventFilterParams {
                    admin1: Some("x".repeat(201)),
                    country: Some("NG".into()),
                    ..params()
                },
                "admin1",
            ),
            (
                EventFilterParams {
                    event_type: Some("Weather".into()),
                    ..params()
                },
                "type",
            ),
            (
                EventFilterParams {
                    near: Some("1,2".into()),
                    ..params()
                },
                "near",
            ),
            (
                EventFilterParams {
                    cursor: Some("garbage".into()),
                    ..params()
                },
                "cursor",
            ),
            (
                EventFilterParams {
                    from: Some("2024-05-01".into()),
                    to: Some("2024-04-01".into()),
                    ..params()
                },
                "from",
            ),
        ];
        for (p, name) in cases {
            let e = err(p);
            assert_eq!(e.status(), 400, "{e}");
            assert!(e.to_string().starts_with(name), "{name}: {e}");
        }
    }

    #[test]
    fn aggregate_params_default_to_a_zoom_2_grid() {
        let a = AggregateParams::default()
            .to_aggregate()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            a,
            Aggregate::Grid {
                zoom: 2,
                cells_per_tile: 4
            }
        );
        let month = AggregateParams {
            by: Some("Month".into()),
            ..Default::default()
        };
        assert_eq!(
            month.to_aggregate().ok(),
            Some(Aggregate::Time(Interval::Month))
        );
        for (p, name) in [
            (
                AggregateParams {
                    zoom: Some(21),
                    ..Default::default()
                },
                "zoom",
            ),
            (
                AggregateParams {
                    cells: Some(0),
                    ..Default::default()
                },
                "cells",
            ),
            (
                AggregateParams {
                    by: Some("year".into()),
                    ..Default::default()
                },
                "by",
            ),
        ] {
            let e = p.to_aggregate().err().unwrap_or_else(|| panic!("{name}"));
            assert!(e.to_string().starts_with(name), "{e}");
        }
    }

    #[test]
    fn format_words() {
        assert_eq!(Format::parse(" GeoJSON").ok(), Some(Format::Geojson));
        assert!(Format::parse("xml").is_err());
    }
}
