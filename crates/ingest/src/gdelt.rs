//! GDELT 2.0 event exports: 61 tab-separated columns, no header, one row per
//! machine-coded news event. Only conflict-relevant CAMEO roots (13 threaten,
//! 14 protest, 15 force posture, 17 coerce, 18 assault, 19 fight, 20 mass
//! violence) are imported unless every root is asked for; the others, and rows
//! without an action location, are skipped (counted, not rejected).

use sitrep_model::{
    ActorKind, ActorRole, DatePrecision, EventType, Location, LocationPrecision, Status,
    SubEventType,
};

use crate::row::{self, Context, Draft, Fields, Outcome, RowError, RowResult, coordinates};

/// Number of columns of a GDELT 2.0 events export.
pub const COLUMNS: usize = 61;

// Column positions (0-based) in the export.
const GLOBALEVENTID: usize = 0;
const SQLDATE: usize = 1;
const ACTOR1_NAME: usize = 6;
const ACTOR2_NAME: usize = 16;
const EVENT_CODE: usize = 26;
const EVENT_ROOT_CODE: usize = 28;
const GOLDSTEIN: usize = 30;
const NUM_MENTIONS: usize = 31;
const ACTION_GEO_TYPE: usize = 51;
const ACTION_GEO_FULLNAME: usize = 52;
const ACTION_GEO_COUNTRY: usize = 53;
const ACTION_GEO_ADM1: usize = 54;
const ACTION_GEO_LAT: usize = 56;
const ACTION_GEO_LONG: usize = 57;
const SOURCEURL: usize = 60;

/// Reason counted for rows of CAMEO roots that are not imported.
pub const SKIP_NOT_CONFLICT: &str = "CAMEO root not conflict-related";
/// Reason counted for rows without action coordinates.
pub const SKIP_NO_PLACE: &str = "no ActionGeo coordinates";

/// Parses the rows of one GDELT events file.
#[derive(Debug)]
pub struct GdeltParser;

impl GdeltParser {
    /// Checks the first record: the right number of tab-separated columns, a
    /// numeric event id and an eight-digit date.
    pub fn new(first: &Fields<'_>) -> Result<Self, String> {
        if first.len() != COLUMNS {
            return Err(format!(
                "not a GDELT 2.0 events file: expected {COLUMNS} tab-separated columns, found {}",
                first.len()
            ));
        }
        let id = first.text(Some(GLOBALEVENTID));
        let date = first.text(Some(SQLDATE));
        if id.parse::<u64>().is_err() || date.len() != 8 || date.parse::<u32>().is_err() {
            return Err(
                "not a GDELT 2.0 events file: the first row does not start with GLOBALEVENTID and SQLDATE (a header row?)"
                    .to_owned(),
            );
        }
        Ok(GdeltParser)
    }

    pub fn parse(&mut self, fields: &Fields<'_>, ctx: &Context) -> RowResult {
        if fields.len() != COLUMNS {
            return Err(RowError::new(
                "",
                format!("expected {COLUMNS} columns, found {}", fields.len()),
            ));
        }
        let at = |i: usize| fields.text(Some(i));
        let record_id = at(GLOBALEVENTID);
        if record_id.parse::<u64>().is_err() {
            return Err(RowError::new(
                "GLOBALEVENTID",
                format!("{:?} is not an event id", row::clip(&record_id)),
            ));
        }
        let code = at(EVENT_CODE);
        let root = match at(EVENT_ROOT_CODE).parse::<u8>() {
            Ok(r) => r,
            Err(_) => code
                .get(..2)
                .and_then(|r| r.parse::<u8>().ok())
                .ok_or_else(|| {
                    RowError::new(
                        "EventCode",
                        format!("{:?} is not a CAMEO code", row::clip(&code)),
                    )
                })?,
        };
        let Some((event_type, sub_event_type, status)) =
            classify(root, &code, ctx.include_all_cameo)
        else {
            return Ok(Outcome::Skip(SKIP_NOT_CONFLICT));
        };
        let day = row::date(&at(SQLDATE), "SQLDATE")?;
        let (lat_text, lon_text) = (at(ACTION_GEO_LAT), at(ACTION_GEO_LONG));
        if lat_text.is_empty() && lon_text.is_empty() {
            return Ok(Outcome::Skip(SKIP_NO_PLACE));
        }
        let (lat, lon) = coordinates(&lat_text, &lon_text, "ActionGeo_Lat")?;
        let precision = match at(ACTION_GEO_TYPE).parse::<u8>() {
            Ok(1) => LocationPrecision::Country,
            Ok(2 | 5) => LocationPrecision::Admin1,
            Ok(3 | 4) => LocationPrecision::City,
            _ => LocationPrecision::City,
        };
        let country = sitrep_geo::from_fips(&at(ACTION_GEO_COUNTRY)).map(str::to_owned);
        let adm1 = at(ACTION_GEO_ADM1);
        // An ADM1 code that is only the two-letter country code says nothing more.
        let admin1 = (adm1.len() > 2).then(|| adm1.into_owned());

        let mut actors = Vec::with_capacity(2);
        for (column, role) in [
            (ACTOR1_NAME, ActorRole::Perpetrator),
            (ACTOR2_NAME, ActorRole::Target),
        ] {
            let name = fields.string(Some(column));
            if !name.is_empty() {
                actors.push(row::actor(name, ActorKind::Unknown, role));
            }
        }
        let mut tags = Vec::with_capacity(3);
        if !code.is_empty() {
            tags.push(format!("cameo:{code}"));
        }
        let goldstein = at(GOLDSTEIN);
        if !goldstein.is_empty() {
            tags.push(format!("goldstein:{goldstein}"));
        }
        let mentions = at(NUM_MENTIONS);
        if !mentions.is_empty() {
            tags.push(format!("mentions:{mentions}"));
        }
        let draft = Draft {
            dataset: "gdelt",
            record_id: record_id.into_owned(),
            event_type,
            sub_event_type,
            status,
            date: row::event_date(day, DatePrecision::Day, None),
            location: Location {
                name: fields.string(Some(ACTION_GEO_FULLNAME)),
                country,
                admin1,
                admin2: None,
                lat,
                lon,
                precision,
            },
            fatalities: None,
            injuries: None,
            actors,
            notes: String::new(),
            tags,
            source_name: None,
            url: fields.opt_string(Some(SOURCEURL)),
        };
        Ok(Outcome::Event(Box::new(draft.into_event(ctx))))
    }
}

/// sitrep's type, sub-type and status for a CAMEO event code, or `None` for a
/// root that is not imported.
pub fn classify(
    root: u8,
    code: &str,
    include_all: bool,
) -> Option<(EventType, Option<SubEventType>, Status)> {
    use EventType as T;
    use SubEventType as S;
    let starts = |prefix: &str| code.starts_with(prefix);
    let occurred = |t: T, s: S| Some((t, Some(s), Status::Occurred));
    match root {
        13 => Some((T::StrategicDevelopments, Some(S::Other), Status::Threatened)),
        14 if starts("145") => occurred(T::Riots, S::ViolentDemonstration),
        14 => occurred(T::Protests, S::PeacefulProtest),
        15 => occurred(T::StrategicDevelopments, S::Other),
        17 if starts("173") => occurred(T::StrategicDevelopments, S::Arrests),
        17 if starts("171") => occurred(T::StrategicDevelopments, S::LootingPropertyDestruction),
        17 => occurred(T::StrategicDevelopments, S::Other),
        18 if starts("181") => {
            occurred(T::ViolenceAgainstCivilians, S::AbductionForcedDisappearance)
        }
        18 if code == "1831" => occurred(T::ExplosionsRemoteViolence, S::SuicideBomb),
        18 if starts("183") => occurred(T::ExplosionsRemoteViolence, S::RemoteExplosiveLandmineIed),
        18 if code == "1821" => occurred(T::ViolenceAgainstCivilians, S::SexualViolence),
        18 => occurred(T::ViolenceAgainstCivilians, S::Attack),
        19 if starts("194") => occurred(
            T::ExplosionsRemoteViolence,
            S::ShellingArtilleryMissileAttack,
        ),
        19 if starts("195") => occurred(T::ExplosionsRemoteViolence, S::AirDroneStrike),
        19 => occurred(T::Battles, S::ArmedClash),
        20 => occurred(T::ViolenceAgainstCivilians, S::Attack),
        _ if include_all => occurred(T::StrategicDevelopments, S::Other),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_codes_map_to_the_taxonomy() {
        use EventType as T;
        use SubEventType as S;
        let t = |root, code: &str| classify(root, code, false).map(|(t, s, _)| (t, s));
        assert_eq!(t(19, "190"), Some((T::Battles, Some(S::ArmedClash))));
        assert_eq!(
            t(19, "194"),
            Some((
                T::ExplosionsRemoteViolence,
                Some(S::ShellingArtilleryMissileAttack)
            ))
        );
        assert_eq!(
            t(19, "195"),
            Some((T::ExplosionsRemoteViolence, Some(S::AirDroneStrike)))
        );
        assert_eq!(
            t(18, "1831"),
            Some((T::ExplosionsRemoteViolence, Some(S::SuicideBomb)))
        );
        assert_eq!(
            t(18, "1833"),
            Some((
                T::ExplosionsRemoteViolence,
                Some(S::RemoteExplosiveLandmineIed)
            ))
        );
        assert_eq!(
            t(18, "183"),
            Some((
                T::ExplosionsRemoteViolence,
                Some(S::RemoteExplosiveLandmineIed)
            ))
        );
        assert_eq!(
            t(18, "181"),
            Some((
                T::ViolenceAgainstCivilians,
                Some(S::AbductionForcedDisappearance)
            ))
        );
        assert_eq!(
            t(17, "173"),
            Some((T::StrategicDevelopments, Some(S::Arrests)))
        );
        assert_eq!(
            t(17, "1711"),
            Some((
                T::StrategicDevelopments,
                Some(S::LootingPropertyDestruction)
            ))
        );
        assert_eq!(
            t(14, "1451"),
            Some((T::Riots, Some(S::ViolentDemonstration)))
        );
        assert_eq!(t(14, "141"), Some((T::Protests, Some(S::PeacefulProtest))));
        assert_eq!(
            t(20, "202"),
            Some((T::ViolenceAgainstCivilians, Some(S::Attack)))
        );
        assert_eq!(
            classify(13, "138", false).map(|x| x.2),
            Some(Status::Threatened)
        );
        assert_eq!(t(4, "042"), None);
        assert_eq!(t(16, "160"), None);
        assert!(classify(4, "042", true).is_some());
    }
}
