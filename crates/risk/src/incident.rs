//! What the model needs of an event — its day, area, category, casualties and
//! severity — and the areas ratings are given for (a country, one of its
//! admin1 regions as the events name it, or a city of 100,000 people or more).

use chrono::NaiveDate;
use sitrep_model::{Category, Event, EventType};

use crate::RiskError;
use crate::severity::TargetClass;

/// One scored occurrence: usually one event; an aggregate row of a monthly series
/// (HDX) is one incident standing for `events` events.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// The event's public id (`acled:NGA1234`), or a made-up id for aggregates.
    pub id: String,
    pub day: NaiveDate,
    /// ISO 3166-1 alpha-2 for events from the store; any stable code otherwise.
    pub country: String,
    pub admin1: Option<String>,
    /// The city the incident counts for, when it lies near one of ≥ 100,000
    /// people (set by [`crate::RiskModel::with_populations`]).
    pub city: Option<CityKey>,
    /// Latitude and longitude, when known; used to find neighbouring admin1 regions.
    pub location: Option<(f64, f64)>,
    pub category: Category,
    /// A short description for explanations: `Battles/Armed clash`.
    pub kind: String,
    pub fatalities: Option<u32>,
    /// How many events this incident stands for (1 for one event).
    pub events: u32,
    pub severity: f64,
}

/// An event's `Type/Sub-type` label (the type alone when it has no sub-type),
/// with the class of its target when that raised its severity
/// (`Battles/Armed clash, against civilians`).
pub(crate) fn kind_label(event: &Event, target: TargetClass) -> String {
    let kind = match event.sub_event_type {
        Some(sub) => format!("{}/{}", event.event_type.label(), sub.label()),
        None => event.event_type.label().to_string(),
    };
    match target {
        TargetClass::Other => kind,
        TargetClass::Civilians if event.event_type == EventType::ViolenceAgainstCivilians => kind,
        class => format!("{kind}, against {}", class.label()),
    }
}

/// An event's position, unless it is missing (non-finite, or the 0,0 placeholder).
pub(crate) fn event_point(event: &Event) -> Option<(f64, f64)> {
    let (lat, lon) = (event.location.lat, event.location.lon);
    (lat.is_finite() && lon.is_finite() && (lat != 0.0 || lon != 0.0)).then_some((lat, lon))
}

/// An event's admin1 region, unless blank.
pub(crate) fn event_admin1(event: &Event) -> Option<String> {
    event
        .location
        .admin1
        .clone()
        .filter(|a| !a.trim().is_empty())
}

impl Incident {
    /// The incident of a stored event; `None` when the event has no country.
    pub fn from_event(event: &Event) -> Option<Incident> {
        let country = event.location.country.clone()?;
        let target = TargetClass::of(event);
        Some(Incident {
            id: event.id.0.clone(),
            day: event.date.start,
            country,
            admin1: event_admin1(event),
            city: None,
            location: event_point(event),
            category: event.category(),
            kind: kind_label(event, target),
            fatalities: event.fatalities,
            events: 1,
            severity: crate::severity::event_severity(event, target),
        })
    }

    /// The area this incident belongs to at a level; `None` at admin1 when the
    /// event names no admin1 (it then counts for its country only).
    pub fn area(&self, level: AreaLevel) -> Option<AreaId> {
        match level {
            AreaLevel::Country => Some(AreaId::country(&self.country)),
            AreaLevel::Admin1 => self.admin1.as_ref().map(|a| AreaId {
                country: self.country.clone(),
                admin1: Some(a.clone()),
                city: None,
            }),
            AreaLevel::City => self.city.as_ref().map(|c| AreaId {
                country: self.country.clone(),
                admin1: c.admin1.clone(),
                city: Some(c.name.clone()),
            }),
        }
    }

    /// Whether this incident lies in `area` (admin1 names compared case-insensitively).
    pub fn is_in(&self, area: &AreaId) -> bool {
        if self.country != area.country {
            return false;
        }
        if let Some(city) = &area.city {
            return self.city.as_ref().is_some_and(|c| {
                c.name.eq_ignore_ascii_case(city)
                    && c.admin1.as_deref().map(str::to_lowercase)
                        == area.admin1.as_deref().map(str::to_lowercase)
            });
        }
        match (&area.admin1, &self.admin1) {
            (None, _) => true,
            (Some(want), Some(have)) => want.eq_ignore_ascii_case(have),
            (Some(_), None) => false,
        }
    }

    /// Whether the incident killed anyone (an aggregate: whether its fatalities > 0).
    pub fn is_fatal(&self) -> bool {
        self.fatalities.is_some_and(|f| f > 0)
    }
}

/// The granularity of a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AreaLevel {
    Country,
    Admin1,
    /// Cities of 100,000 people or more (GeoNames populations), each with the
    /// incidents within a few km of it (see [`crate::Populations::city_of`]).
    City,
}

impl AreaLevel {
    pub fn parse(text: &str) -> Result<Self, RiskError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "country" => Ok(AreaLevel::Country),
            "admin1" => Ok(AreaLevel::Admin1),
            "city" => Ok(AreaLevel::City),
            _ => Err(RiskError::InvalidConfig(format!(
                "level {text:?}: expected country, admin1 or city"
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AreaLevel::Country => "country",
            AreaLevel::Admin1 => "admin1",
            AreaLevel::City => "city",
        }
    }
}

/// A rated area: a country (`NG`), an admin1 region of it (`NG/Borno`), or a
/// city (`NG/Borno/Maiduguri`; `CC//City` when the city names no region).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AreaId {
    pub country: String,
    pub admin1: Option<String>,
    pub city: Option<String>,
}

/// The city an incident counts for: its name and admin1 region as GeoNames
/// gives them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CityKey {
    pub admin1: Option<String>,
    pub name: String,
}

impl AreaId {
    pub fn country(code: &str) -> AreaId {
        AreaId {
            country: code.to_string(),
            admin1: None,
            city: None,
        }
    }

    pub fn level(&self) -> AreaLevel {
        match (&self.city, &self.admin1) {
            (Some(_), _) => AreaLevel::City,
            (None, Some(_)) => AreaLevel::Admin1,
            (None, None) => AreaLevel::Country,
        }
    }

    /// Parses `NG`, `NG/Borno` or `NG/Borno/Maiduguri` (`NG//Maiduguri`
    /// without a region); the country code is upper-cased.
    pub fn parse(text: &str) -> Result<AreaId, RiskError> {
        let mut parts = text.splitn(3, '/').map(str::trim);
        let cc = parts.next().unwrap_or_default();
        let admin1 = parts.next();
        let city = parts.next();
        let cc_ok = cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_alphabetic());
        let admin1_ok = match city {
            Some(c) => !c.is_empty(),
            None => admin1.is_none_or(|a| !a.is_empty()),
        };
        if !cc_ok || !admin1_ok {
            return Err(RiskError::InvalidArea(text.to_string()));
        }
        Ok(AreaId {
            country: cc.to_ascii_uppercase(),
            admin1: admin1.filter(|a| !a.is_empty()).map(str::to_string),
            city: city.map(str::to_string),
        })
    }
}

impl std::fmt::Display for AreaId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.admin1, &self.city) {
            (admin1, Some(city)) => {
                write!(
                    f,
                    "{}/{}/{}",
                    self.country,
                    admin1.as_deref().unwrap_or(""),
                    city
                )
            }
            (Some(a), None) => write!(f, "{}/{}", self.country, a),
            (None, None) => f.write_str(&self.country),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_parse_and_print() {
        let a = AreaId::parse("ng/Borno").unwrap();
        assert_eq!(a.to_string(), "NG/Borno");
        assert_eq!(a.level(), AreaLevel::Admin1);
        assert_eq!(AreaId::parse("NG").unwrap().level(), AreaLevel::Country);
        assert!(AreaId::parse("Nigeria").is_err());
        assert!(AreaId::parse("NG/").is_err());
        let city = AreaId::parse("ng/Borno/Maiduguri").unwrap();
        assert_eq!(
            (city.level(), city.to_string()),
            (AreaLevel::City, "NG/Borno/Maiduguri".into())
        );
        let no_region = AreaId::parse("SG//Singapore").unwrap();
        assert_eq!(
            (no_region.to_string(), no_region.admin1),
            ("SG//Singapore".into(), None)
        );
        assert!(AreaId::parse("NG/Borno/").is_err());
    }
}
