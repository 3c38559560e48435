//! Cross-source deduplication, the rules every backend applies: when a new
//! record describes an incident the store already holds from another source
//! (a dataset row, a feed item, a report), and which value of each field the
//! merged event shows when its sources disagree.
//!
//! **Same incident**: the same status, the same event type or risk category,
//! both placed at a point or town (never a region or country centroid),
//! within [`MATCH_KM`] of each other, dated within [`MATCH_DAYS`] of each
//! other (a month-precision date matches within its month), fatalities not
//! contradicting each other beyond [`fatalities_compatible`], and the
//! candidate holding no record of the same origin — one dataset never merges
//! with itself (two ACLED rows are two events by ACLED's own coding), nor one
//! report. The nearest candidate in km/[`MATCH_KM`] + days wins.
//!
//! **Shown value**: each source's claims are kept. Per field, the value the
//! most sources state wins; ties go to the more trusted kind of source
//! ([`source_rank`]: curated datasets, then reports and feeds, then GDELT's
//! machine coding), then to the most recently retrieved. A source that gives
//! no count (`None`) makes no claim. Date and place prefer precision first:
//! a day beats a month, a point beats a town.

use chrono::{Datelike, NaiveDate};
use sitrep_model::{
    DatePrecision, Event, EventDate, EventType, Location, LocationPrecision, Source, Status,
    SubEventType,
};

/// Farthest apart two records of one incident may be placed.
pub const MATCH_KM: f64 = 10.0;
/// Most days apart two records of one incident may be dated.
pub const MATCH_DAYS: i64 = 1;

/// The dataset of the reports sitrep extracts events from.
pub(crate) const REPORT_DATASET: &str = "report";

/// Where a record comes from: its dataset, or for reports the report itself
/// (record ids are `<report id>#<n>`).
pub fn origin(source: &Source) -> (&str, &str) {
    if source.dataset == REPORT_DATASET {
        let report = source.record_id.split('#').next().unwrap_or_default();
        (&source.dataset, report)
    } else {
        (&source.dataset, "")
    }
}

/// How far a source is trusted when sources tie: 3 curated event datasets,
/// 2 reports, feeds and anything else, 1 GDELT's automated coding.
pub fn source_rank(dataset: &str) -> u8 {
    match dataset {
        "acled" | "ucdp" | "ucdp-ged" | "gtd" => 3,
        "gdelt" => 1,
        _ => 2,
    }
}

/// Whether an event's place is precise enough to be matched by distance.
pub fn placed_precisely(precision: LocationPrecision) -> bool {
    matches!(
        precision,
        LocationPrecision::Point | LocationPrecision::City
    )
}

/// The days an event's date may stand for, widened by [`MATCH_DAYS`]; `None`
/// when it is too vague to match (a year, or no usable end).
pub fn match_window(date: &EventDate) -> Option<(NaiveDate, NaiveDate)> {
    let (start, end) = period(date)?;
    let widen = chrono::Duration::days(MATCH_DAYS);
    Some((start - widen, end + widen))
}

/// The first and last day a date stands for; `None` for a year.
fn period(date: &EventDate) -> Option<(NaiveDate, NaiveDate)> {
    let end = match date.precision {
        DatePrecision::Day | DatePrecision::Week => date.end.unwrap_or(date.start),
        DatePrecision::Month => date.end.unwrap_or_else(|| last_of_month(date.start)),
        DatePrecision::Year => return None,
    };
    Some((date.start, end))
}

fn last_of_month(day: NaiveDate) -> NaiveDate {
    let (y, m) = (day.year(), day.month());
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).unwrap_or(day)
}

/// Two fatality counts can describe one incident: either is unknown, or they
/// differ by at most 5 or by at most half of the larger (137 vs 145 agree;
/// 2 vs 40 do not).
pub fn fatalities_compatible(a: Option<u32>, b: Option<u32>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (lo, hi) = (a.min(b), a.max(b));
            hi - lo <= 5 || lo * 2 >= hi
        }
        _ => true,
    }
}

/// What the matcher knows of a stored candidate.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub event_type: EventType,
    pub status: Status,
    pub day: NaiveDate,
    pub lat: f64,
    pub lon: f64,
    pub fatalities: Option<u32>,
    pub precision: LocationPrecision,
    pub category: sitrep_model::Category,
    pub sources: &'a [Source],
}

/// How far `candidate` is from being the incident `e` describes
/// (km/[`MATCH_KM`] + days outside the date), or `None` when it is not.
pub fn match_distance(e: &Event, candidate: &Candidate<'_>) -> Option<f64> {
    if candidate.status != e.status
        || (candidate.event_type != e.event_type && candidate.category != e.category())
        || !placed_precisely(candidate.precision)
        || !placed_precisely(e.location.precision)
        || !fatalities_compatible(candidate.fatalities, e.fatalities)
    {
        return None;
    }
    let (from, to) = match_window(&e.date)?;
    if candidate.day < from || candidate.day > to {
        return None;
    }
    let km = haversine_km(e.location.lat, e.location.lon, candidate.lat, candidate.lon);
    if km > MATCH_KM {
        return None;
    }
    let mine: Vec<_> = e.sources.iter().map(origin).collect();
    if candidate.sources.iter().any(|s| mine.contains(&origin(s))) {
        return None;
    }
    let (start, end) = period(&e.date)?;
    let days = if candidate.day < start {
        (start - candidate.day).num_days()
    } else if candidate.day > end {
        (candidate.day - end).num_days()
    } else {
        0
    };
    Some(km / MATCH_KM + days as f64)
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// One source's version of the fields that can conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceClaim {
    /// `dataset:record_id`.
    pub source: String,
    pub retrieved_at: chrono::DateTime<chrono::Utc>,
    pub event_type: EventType,
    pub sub_event_type: Option<SubEventType>,
    pub status: Status,
    pub date: EventDate,
    pub location: Location,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
}

impl SourceClaim {
    /// The claims `e` makes, attributed to its first source.
    pub fn of(e: &Event) -> Self {
        let first = e.sources.first();
        SourceClaim {
            source: e.id.0.clone(),
            retrieved_at: first.map_or(e.updated, |s| s.retrieved_at),
            event_type: e.event_type,
            sub_event_type: e.sub_event_type,
            status: e.status,
            date: e.date,
            location: e.location.clone(),
            fatalities: e.fatalities,
            injuries: e.injuries,
        }
    }

    fn dataset(&self) -> &str {
        self.source.split(':').next().unwrap_or_default()
    }
}

/// The value shown for one field and who says so; the other values with theirs.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProvenance {
    pub field: &'static str,
    pub shown: String,
    pub sources: Vec<String>,
    pub alternatives: Vec<(String, Vec<String>)>,
}

/// Picks, per field, the value to show from the sources' claims (see the
/// module docs), writes it into `event`, and returns each field's provenance.
pub fn resolve(event: &mut Event, claims: &[SourceClaim]) -> Vec<FieldProvenance> {
    let mut provenance = Vec::new();
    if claims.is_empty() {
        return provenance;
    }
    let type_key = |c: &SourceClaim| {
        format!(
            "{} / {}",
            c.event_type.label(),
            c.sub_event_type.map_or("", |s| s.label())
        )
    };
    let (best, p) = pick("event_type", claims, type_key, |_| 0);
    event.event_type = best.event_type;
    event.sub_event_type = best.sub_event_type;
    provenance.push(p);
    let (best, p) = pick("status", claims, |c| c.status.as_str().to_owned(), |_| 0);
    event.status = best.status;
    provenance.push(p);
    let date_key = |c: &SourceClaim| match c.date.end {
        Some(end) if end != c.date.start => format!("{}..{}", c.date.start, end),
        _ => format!("{} ({})", c.date.start, c.date.precision.as_str()),
    };
    let (best, p) = pick("date", claims, date_key, |c| {
        date_precision_rank(c.date.precision)
    });
    event.date = best.date;
    provenance.push(p);
    let place_key = |c: &SourceClaim| {
        format!(
            "{}, {} ({:.4}, {:.4})",
            c.location.name,
            c.location.country.as_deref().unwrap_or("?"),
            c.location.lat,
            c.location.lon
        )
    };
    let (best, p) = pick("location", claims, place_key, |c| {
        place_precision_rank(c.location.precision)
    });
    event.location = best.location.clone();
    provenance.push(p);
    let counted: Vec<SourceClaim> = claims
        .iter()
        .filter(|c| c.fatalities.is_some())
        .cloned()
        .collect();
    if !counted.is_empty() {
        let (best, p) = pick("fatalities", &counted, |c| count_key(c.fatalities), |_| 0);
        event.fatalities = best.fatalities;
        provenance.push(p);
    }
    let counted: Vec<SourceClaim> = claims
        .iter()
        .filter(|c| c.injuries.is_some())
        .cloned()
        .collect();
    if !counted.is_empty() {
        let (best, p) = pick("injuries", &counted, |c| count_key(c.injuries), |_| 0);
        event.injuries = best.injuries;
        provenance.push(p);
    }
    provenance
}

fn count_key(n: Option<u32>) -> String {
    n.map_or_else(String::new, |n| n.to_string())
}

fn date_precision_rank(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 3,
        DatePrecision::Week => 2,
        DatePrecision::Month => 1,
        DatePrecision::Year => 0,
    }
}

fn place_precision_rank(p: LocationPrecision) -> u8 {
    match p {
        LocationPrecision::Point => 4,
        LocationPrecision::City => 3,
        LocationPrecision::Admin2 => 2,
        LocationPrecision::Admin1 => 1,
        LocationPrecision::Country => 0,
    }
}

/// Groups the claims by `key`, orders the groups by (`precision` of their
/// best claim, support, best source rank, latest retrieval), and returns the
/// winning group's most trusted claim with the field's provenance.
fn pick<'c>(
    field: &'static str,
    claims: &'c [SourceClaim],
    key: impl Fn(&SourceClaim) -> String,
    precision: impl Fn(&SourceClaim) -> u8,
) -> (&'c SourceClaim, FieldProvenance) {
    let mut groups: Vec<(String, Vec<&SourceClaim>)> = Vec::new();
    for c in claims {
        let k = key(c);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, members)) => members.push(c),
            None => groups.push((k, vec![c])),
        }
    }
    let strength = |members: &[&SourceClaim]| {
        (
            members.iter().map(|c| precision(c)).max().unwrap_or(0),
            members.len(),
            members
                .iter()
                .map(|c| source_rank(c.dataset()))
                .max()
                .unwrap_or(0),
            members.iter().map(|c| c.retrieved_at).max(),
        )
    };
    groups.sort_by_key(|g| std::cmp::Reverse(strength(&g.1)));
    let mut groups = groups.into_iter();
    let (shown, members) = groups.next().unwrap_or_default();
    let best = members
        .iter()
        .copied()
        .max_by_key(|c| (source_rank(c.dataset()), c.retrieved_at))
        .unwrap_or(&claims[0]);
    let names = |m: &[&SourceClaim]| m.iter().map(|c| c.source.clone()).collect::<Vec<_>>();
    let provenance = FieldProvenance {
        field,
        shown,
        sources: names(&members),
        alternatives: groups.map(|(value, m)| (value, names(&m))).collect(),
    };
    (best, provenance)
}

/// `current` with what `incoming` adds: its sources, actors and tags (union),
/// its notes when `current` has none; then every field the sources disagree
/// on as [`resolve`] picks from `claims`.
pub fn combine(current: &Event, incoming: &Event, claims: &[SourceClaim]) -> Event {
    let mut merged = current.clone();
    for s in &incoming.sources {
        let known = merged
            .sources
            .iter()
            .any(|m| m.dataset == s.dataset && m.record_id == s.record_id);
        if !known {
            merged.sources.push(s.clone());
        }
    }
    for a in &incoming.actors {
        let known = merged
            .actors
            .iter()
            .any(|m| m.role == a.role && m.name.eq_ignore_ascii_case(&a.name));
        if !known {
            merged.actors.push(a.clone());
        }
    }
    for t in &incoming.tags {
        if !merged.tags.contains(t) {
            merged.tags.push(t.clone());
        }
    }
    if merged.notes.trim().is_empty() {
        merged.notes.clone_from(&incoming.notes);
    }
    resolve(&mut merged, claims);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn tolls_agree_within_five_or_half() {
        assert!(fatalities_compatible(Some(137), Some(145)));
        assert!(fatalities_compatible(Some(0), Some(5)));
        assert!(fatalities_compatible(None, Some(300)));
        assert!(!fatalities_compatible(Some(2), Some(40)));
        assert!(!fatalities_compatible(Some(0), Some(6)));
    }

    #[test]
    fn windows_widen_by_a_day_and_months_cover_the_month() {
        let d = EventDate::day(day(2024, 3, 22));
        assert_eq!(match_window(&d), Some((day(2024, 3, 21), day(2024, 3, 23))));
        let month = EventDate {
            start: day(2024, 1, 1),
            precision: DatePrecision::Month,
            end: None,
        };
        assert_eq!(
            match_window(&month),
            Some((day(2023, 12, 31), day(2024, 2, 1)))
        );
        let year = EventDate {
            precision: DatePrecision::Year,
            ..month
        };
        assert_eq!(match_window(&year), None);
    }

    #[test]
    fn reports_are_each_their_own_origin() {
        let source = |dataset: &str, record_id: &str| Source {
            dataset: dataset.into(),
            record_id: record_id.into(),
            url: None,
            name: None,
            retrieved_at: chrono::DateTime::default(),
        };
        assert_eq!(origin(&source("report", "abc#3")), ("report", "abc"));
        assert_ne!(
            origin(&source("report", "abc#3")),
            origin(&source("report", "def#0"))
        );
        assert_eq!(
            origin(&source("acled", "X1")),
            origin(&source("acled", "X2"))
        );
    }
}
