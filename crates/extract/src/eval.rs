//! Scoring extracted events against gold events: the measure behind `sitrep
//! eval extract --gold DIR` (sitrep's own gold set, `test_data/gold/`) and
//! `--acled FILE` (ACLED notes against ACLED's coding).
//!
//! Pure: it reads answer files from strings and compares [`Scored`] events,
//! a flat view that both an [`ExtractedEvent`] and a gold answer reduce to,
//! so the matching is tested here without a gazetteer.
//!
//! Matching: a predicted and a gold event of one document may pair when they
//! are in the same country, their dates are compatible (one contains the
//! other, or either is unknown) and their places lie within
//! [`MATCH_RADIUS_KM`]; pairs are taken greedily, best first (most fields
//! agreeing, then nearest). Events are scored by precision, recall and F1;
//! fields by accuracy over the matched pairs, so a wrong field is counted
//! once, not also as a missed event. The match radius is wider than the
//! location tolerance on purpose: an incident found but put at the wrong town
//! of the right region is a location error, not a missed event.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;
use sitrep_geoparse::eval::Prf;
use sitrep_geoparse::resolve::haversine_km;
use sitrep_model::{ActorRole, EventType, Status, SubEventType};

use crate::dates::DateValue;
use crate::{ExtractError, ExtractedEvent, Registry};

/// How far apart a predicted and a gold place may be and still be one
/// incident.
pub const MATCH_RADIUS_KM: f64 = 300.0;
/// Default tolerance for the location field.
pub const LOCATION_TOLERANCE_KM: f64 = 50.0;

/// The fields an event is scored on.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub event_type: EventType,
    pub sub_event_type: SubEventType,
    pub status: Status,
    pub date: Option<DateValue>,
    pub place: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// How far the place may be off (gold only; ignored on predictions).
    pub tolerance_km: f64,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
    pub perpetrator: Option<String>,
}

impl Scored {
    /// The flat view of an extracted event; the perpetrator is the first
    /// actor in that role.
    pub fn from_extracted(e: &ExtractedEvent) -> Scored {
        Scored {
            event_type: e.event_type,
            sub_event_type: e.sub_event_type,
            status: e.status,
            date: e.date,
            place: e.location.name.clone(),
            country: e.location.country.clone(),
            lat: e.location.lat,
            lon: e.location.lon,
            tolerance_km: LOCATION_TOLERANCE_KM,
            fatalities: e.fatalities,
            injuries: e.injuries,
            perpetrator: e
                .actors
                .iter()
                .find(|a| a.role == ActorRole::Perpetrator)
                .map(|a| a.name.clone()),
        }
    }
}

/// One gold document's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldAnswer {
    pub published: Option<NaiveDate>,
    pub events: Vec<Scored>,
}

fn gold_error(reason: impl Into<String>) -> ExtractError {
    ExtractError::Gold {
        line: 0,
        reason: reason.into(),
    }
}

/// Reads an answer file (see `test_data/gold/README.md`).
pub fn parse_answer(json: &str) -> Result<GoldAnswer, ExtractError> {
    let root: Value = serde_json::from_str(json).map_err(|e| ExtractError::Gold {
        line: e.line(),
        reason: e.to_string(),
    })?;
    let published = match root.get("published").and_then(Value::as_str) {
        Some(s) => Some(
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|e| gold_error(format!("published {s:?}: {e}")))?,
        ),
        None => None,
    };
    let events = root
        .get("events")
        .and_then(Value::as_array)
        .ok_or_else(|| gold_error("no \"events\" array"))?;
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let at = |what: &str| format!("event {}: {what}", i + 1);
        let text = |key: &str| e.get(key).and_then(Value::as_str);
        let sub_label =
            text("sub_event_type").ok_or_else(|| gold_error(at("no sub_event_type")))?;
        let sub_event_type = SubEventType::parse(sub_label)
            .map_err(|_| gold_error(at(&format!("unknown sub_event_type {sub_label:?}"))))?;
        let event_type = match text("event_type") {
            Some(t) => EventType::parse(t)
                .map_err(|_| gold_error(at(&format!("unknown event_type {t:?}"))))?,
            None => sub_event_type.event_type(),
        };
        let status = match text("status").unwrap_or("occurred") {
            "occurred" => Status::Occurred,
            "foiled" => Status::Foiled,
            "threatened" => Status::Threatened,
            other => return Err(gold_error(at(&format!("unknown status {other:?}")))),
        };
        let date = match text("date") {
            Some(d) => Some(parse_date_value(d).ok_or_else(|| gold_error(at("bad date")))?),
            None => None,
        };
        let loc = e
            .get("location")
            .ok_or_else(|| gold_error(at("no location")))?;
        let number = |v: Option<&Value>| v.and_then(Value::as_f64);
        let (Some(lat), Some(lon)) = (number(loc.get("lat")), number(loc.get("lon"))) else {
            return Err(gold_error(at("location without lat/lon")));
        };
        let count = |key: &str| {
            e.get(key)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        out.push(Scored {
            event_type,
            sub_event_type,
            status,
            date,
            place: loc
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            country: loc
                .get("country")
                .and_then(Value::as_str)
                .map(str::to_owned),
            lat,
            lon,
            tolerance_km: number(loc.get("tolerance_km")).unwrap_or(LOCATION_TOLERANCE_KM),
            fatalities: count("fatalities"),
            injuries: count("injuries"),
            perpetrator: text("perpetrator").map(str::to_owned),
        });
    }
    Ok(GoldAnswer {
        published,
        events: out,
    })
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn parse_date_value(text: &str) -> Option<DateValue> {
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(DateValue::Day(d));
    }
    let mut parts = text.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    match (parts.next(), parts.next()) {
        (None, _) if text.len() == 4 => Some(DateValue::Year(y)),
        (Some(m), None) => {
            let m: u32 = m.parse().ok()?;
            (1..=12).contains(&m).then_some(DateValue::Month(y, m))
        }
        _ => None,
    }
}

/// Counts of one field over matched pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub right: usize,
    pub total: usize,
}

impl Tally {
    pub fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }

    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// The fields scored on a matched pair, in print order.
pub const FIELDS: &[&str] = &[
    "event_type",
    "sub_event_type",
    "status",
    "date",
    "location",
    "fatalities",
    "injuries",
    "perpetrator",
];

/// Figures over a set of documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub documents: usize,
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    /// Documents whose gold has no event, and of them those with no prediction.
    pub empty_documents: usize,
    pub empty_kept_empty: usize,
    pub fields: BTreeMap<&'static str, Tally>,
}

/// Precision, recall and F1 of `matched` of `predicted` against `gold`, as
/// the geoparsing evaluation computes them.
fn prf(gold: usize, predicted: usize, matched: usize) -> Prf {
    Prf {
        true_positives: matched,
        predicted,
        gold,
    }
}

impl Scores {
    pub fn precision(&self) -> f64 {
        prf(self.gold, self.predicted, self.matched).precision()
    }

    pub fn recall(&self) -> f64 {
        prf(self.gold, self.predicted, self.matched).recall()
    }

    pub fn f1(&self) -> f64 {
        prf(self.gold, self.predicted, self.matched).f1()
    }

    pub fn field(&self, name: &str) -> Tally {
        self.fields.get(name).copied().unwrap_or_default()
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Field agreement of one pair, in [`FIELDS`] order.
pub fn compare(gold: &Scored, predicted: &Scored, registry: Option<&Registry>) -> [bool; 8] {
    let km = haversine_km(gold.lat, gold.lon, predicted.lat, predicted.lon);
    [
        gold.event_type == predicted.event_type,
        gold.sub_event_type == predicted.sub_event_type,
        gold.status == predicted.status,
        gold.date == predicted.date,
        km <= gold.tolerance_km,
        same_count(gold.fatalities, predicted.fatalities),
        same_count(gold.injuries, predicted.injuries),
        same_actor(
            gold.perpetrator.as_deref(),
            predicted.perpetrator.as_deref(),
            registry,
        ),
    ]
}

/// Unknown and zero are one answer: "no casualties reported".
pub fn same_count(a: Option<u32>, b: Option<u32>) -> bool {
    a.unwrap_or(0) == b.unwrap_or(0)
}

/// Whether two actor names (a gold or ACLED name, a predicted name) denote
/// the same actor: equal once normalised ([`actor_key`]), or the same
/// registry entry.
pub fn same_actor(
    gold: Option<&str>,
    predicted: Option<&str>,
    registry: Option<&Registry>,
) -> bool {
    let gold = gold.and_then(|g| actor_key(g, registry));
    let predicted = predicted.and_then(|p| actor_key(p, registry));
    gold == predicted
}

/// A comparable key for an actor name, or None for an unknown actor
/// ("Unidentified Armed Group (Nigeria)"). Dates and countries in brackets
/// go ("Military Forces of Nigeria (2015-2023)" → "military forces of
/// nigeria", "Protesters (Kenya)" → "protesters"); ACLED's "ABBR: Full name"
/// keeps the full name; a name the registry knows becomes its canonical name.
pub fn actor_key(name: &str, registry: Option<&Registry>) -> Option<String> {
    let mut name = name.trim();
    // ACLED's name for an armed group that holds a state's forces:
    // "Military Forces of Yemen (2016-) Supreme Political Council" is the
    // Houthis.
    if name.contains(" (")
        && let Some(actor) = registry.and_then(|r| r.lookup_entry(name))
        && actor.kind != "state"
    {
        return Some(actor.name.to_lowercase());
    }
    if let Some(at) = name.find(" (") {
        name = &name[..at];
    }
    let parts: Vec<&str> = name.splitn(2, ": ").collect();
    let lower = name.to_lowercase();
    if lower.is_empty() || lower.starts_with("unidentified") || lower.starts_with("unknown") {
        return None;
    }
    // "Military Forces of the United States", "Police Forces of Kenya":
    // by the country's code, whatever its name's spelling.
    for kind in ["military forces of ", "police forces of "] {
        if let Some(rest) = lower.strip_prefix(kind) {
            let rest = rest.strip_prefix("the ").unwrap_or(rest);
            if let Some(code) = sitrep_geo::countries::country_code(rest) {
                return Some(format!("{kind}{code}"));
            }
        }
    }
    if let Some(registry) = registry {
        for part in parts.iter().rev().chain(std::iter::once(&name)) {
            if let Some(actor) = registry.lookup(part) {
                return Some(actor.to_lowercase());
            }
        }
    }
    let name = parts.last().copied().unwrap_or(name);
    Some(name.to_lowercase().replace(['-', '\''], " "))
}

/// Pairs gold and predicted events of one document: greedy, best first.
/// Returns (gold index, predicted index) pairs.
pub fn match_events(
    gold: &[Scored],
    predicted: &[Scored],
    registry: Option<&Registry>,
) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, u64, usize, usize)> = Vec::new();
    for (g, ge) in gold.iter().enumerate() {
        for (p, pe) in predicted.iter().enumerate() {
            let country = match (&ge.country, &pe.country) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let date = match (ge.date, pe.date) {
                (Some(a), Some(b)) => a.compatible(b),
                _ => true,
            };
            let km = haversine_km(ge.lat, ge.lon, pe.lat, pe.lon);
            if !country || !date || km > MATCH_RADIUS_KM.max(ge.tolerance_km) {
                continue;
            }
            let agree = compare(ge, pe, registry).iter().filter(|b| **b).count();
            candidates.push((agree, (km * 1000.0) as u64, g, p));
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut gold_used = vec![false; gold.len()];
    let mut predicted_used = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    for (_, _, g, p) in candidates {
        if !gold_used[g] && !predicted_used[p] {
            gold_used[g] = true;
            predicted_used[p] = true;
            pairs.push((g, p));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Adds one document to `scores`.
pub fn score_document(
    scores: &mut Scores,
    gold: &[Scored],
    predicted: &[Scored],
    registry: Option<&Registry>,
) {
    scores.documents += 1;
    scores.gold += gold.len();
    scores.predicted += predicted.len();
    if gold.is_empty() {
        scores.empty_documents += 1;
        scores.empty_kept_empty += usize::from(predicted.is_empty());
    }
    for (g, p) in match_events(gold, predicted, registry) {
        scores.matched += 1;
        let agree = compare(&gold[g], &predicted[p], registry);
        for (field, right) in FIELDS.iter().zip(agree) {
            scores.fields.entry(field).or_default().add(right);
        }
    }
}

/// The table `sitrep eval extract --gold` prints for one half.
pub fn to_table(name: &str, s: &Scores) -> String {
    let mut out = format!(
        "{name}: {} documents, {} gold events, {} predicted, {} matched; \
         {} of {} no-event documents gave no event\n\n",
        s.documents, s.gold, s.predicted, s.matched, s.empty_kept_empty, s.empty_documents
    );
    out.push_str("| measure | value |\n|---|---|\n");
    out.push_str(&format!("| event precision | {:.3} |\n", s.precision()));
    out.push_str(&format!("| event recall | {:.3} |\n", s.recall()));
    out.push_str(&format!("| event F1 | {:.3} |\n", s.f1()));
    for field in FIELDS {
        let t = s.field(field);
        out.push_str(&format!(
            "| {field} accuracy (matched pairs) | {:.3} ({}/{}) |\n",
            t.accuracy(),
            t.right,
            t.total
        ));
    }
    out
}

/// The fields an ACLED row is scored on, in print order, with their targets.
pub const ACLED_FIELDS: &[(&str, f64)] = &[
    ("event_type", 0.8),
    ("sub_event_type", 0.0),
    ("country", 0.95),
    ("date", 0.9),
    ("place_50km", 0.8),
    ("fatalities", 0.85),
    ("actor1", 0.0),
];

/// Figures over ACLED rows: each row is one gold event, scored against the
/// first event extracted from its notes; a row without one is wrong on
/// every field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AcledScores {
    pub rows: usize,
    pub with_event: usize,
    pub fields: BTreeMap<&'static str, Tally>,
}

impl AcledScores {
    pub fn field(&self, name: &str) -> Tally {
        self.fields.get(name).copied().unwrap_or_default()
    }
}

/// Adds one ACLED row. `predicted.fatalities` should count everyone killed
/// (ACLED's fatalities include the attackers).
pub fn score_acled_row(
    scores: &mut AcledScores,
    gold: &Scored,
    predicted: Option<&Scored>,
    registry: Option<&Registry>,
) {
    scores.rows += 1;
    scores.with_event += usize::from(predicted.is_some());
    let agree = match predicted {
        Some(p) => [
            gold.event_type == p.event_type,
            gold.sub_event_type == p.sub_event_type,
            gold.country.is_some() && gold.country == p.country,
            gold.date == p.date,
            haversine_km(gold.lat, gold.lon, p.lat, p.lon) <= gold.tolerance_km,
            same_count(gold.fatalities, p.fatalities),
            same_actor(
                gold.perpetrator.as_deref(),
                p.perpetrator.as_deref(),
                registry,
            ),
        ],
        None => [false; 7],
    };
    for ((field, _), right) in ACLED_FIELDS.iter().zip(agree) {
        scores.fields.entry(field).or_default().add(right);
    }
}

/// The table `sitrep eval extract --acled` prints.
pub fn acled_table(name: &str, s: &AcledScores) -> String {
    let mut out = format!(
        "{name}: {} rows, {} with an extracted event ({:.3})\n\n",
        s.rows,
        s.with_event,
        ratio(s.with_event, s.rows)
    );
    out.push_str("| field | accuracy | target |\n|---|---|---|\n");
    for (field, target) in ACLED_FIELDS {
        let t = s.field(field);
        let target = if *target > 0.0 {
            format!("≥ {target:.2}")
        } else {
            "–".to_owned()
        };
        out.push_str(&format!(
            "| {field} | {:.3} ({}/{}) | {target} |\n",
            t.accuracy(),
            t.right,
            t.total
        ));
    }
    out
}

/// Entity-level precision/recall counts (MUC-4 perpetrator organisations).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityCounts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
}

impl EntityCounts {
    pub fn precision(&self) -> f64 {
        prf(self.gold, self.predicted, self.matched).precision()
    }

    pub fn recall(&self) -> f64 {
        prf(self.gold, self.predicted, self.matched).recall()
    }

    pub fn f1(&self) -> f64 {
        prf(self.gold, self.predicted, self.matched).f1()
    }
}

/// Adds one document's perpetrators: `gold` lists entities, each with the
/// strings that name it; a predicted name matches an unmatched entity when
/// it names the same actor as one of those strings ([`same_actor`]) or
/// one contains the other, case aside ("FMLN" in "FMLN GENERAL COMMAND").
pub fn score_entities(
    counts: &mut EntityCounts,
    gold: &[Vec<String>],
    predicted: &[String],
    registry: Option<&Registry>,
) {
    counts.gold += gold.len();
    counts.predicted += predicted.len();
    let mut used = vec![false; gold.len()];
    for p in predicted {
        let pk = actor_key(p, registry);
        // "Military Forces of El Salvador" is MUC-4's "ARMED FORCES" or
        // "ARMY"; "Police Forces of …" its "POLICE".
        let force = if p.starts_with("Military Forces of") {
            Some(&["ARMED FORCES", "ARMY", "MILITARY", "AIR FORCE", "BATTALION"][..])
        } else if p.starts_with("Police Forces of") {
            Some(&["POLICE"][..])
        } else {
            None
        };
        let hit = gold.iter().enumerate().position(|(i, names)| {
            !used[i]
                && (force.is_some_and(|words| {
                    names.iter().any(|g| {
                        let g = g.to_uppercase();
                        words.iter().any(|w| g.contains(w))
                    })
                }) || names.iter().any(|g| {
                    let gk = actor_key(g, registry);
                    gk.is_some()
                        && (gk == pk
                            || pk
                                .as_deref()
                                .zip(gk.as_deref())
                                .is_some_and(|(a, b)| contains_words(a, b) || contains_words(b, a)))
                }))
        });
        if let Some(i) = hit {
            used[i] = true;
            counts.matched += 1;
        }
    }
}

/// Whether `needle`'s words occur in a row in `hay`.
fn contains_words(hay: &str, needle: &str) -> bool {
    let hay: Vec<&str> = hay.split_whitespace().collect();
    let needle: Vec<&str> = needle.split_whitespace().collect();
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(sub: SubEventType, country: &str, lat: f64, lon: f64, date: &str) -> Scored {
        Scored {
            event_type: sub.event_type(),
            sub_event_type: sub,
            status: Status::Occurred,
            date: parse_date_value(date),
            place: String::new(),
            country: Some(country.to_owned()),
            lat,
            lon,
            tolerance_km: LOCATION_TOLERANCE_KM,
            fatalities: None,
            injuries: None,
            perpetrator: None,
        }
    }

    #[test]
    fn answers_are_read_with_defaults() -> Result<(), ExtractError> {
        let a = parse_answer(
            r#"{"published": "2023-03-14", "events": [
              {"sub_event_type": "Attack", "date": "2023-03",
               "location": {"name": "Konduga", "country": "NG", "lat": 11.65, "lon": 13.42},
               "fatalities": 12, "perpetrator": null}]}"#,
        )?;
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2023, 3, 14));
        let e = &a.events[0];
        assert_eq!(e.event_type, EventType::ViolenceAgainstCivilians);
        assert_eq!(e.date, Some(DateValue::Month(2023, 3)));
        assert_eq!((e.fatalities, e.injuries), (Some(12), None));
        assert_eq!(e.tolerance_km, LOCATION_TOLERANCE_KM);
        assert!(parse_answer(r#"{"events": [{"sub_event_type": "Nope"}]}"#).is_err());
        assert!(parse_answer(r#"{"events": [{"sub_event_type": "Attack"}]}"#).is_err());
        Ok(())
    }

    #[test]
    fn matching_is_greedy_by_agreement_then_distance() {
        let gold = [
            event(SubEventType::Attack, "NG", 11.65, 13.42, "2023-03-12"),
            event(SubEventType::SuicideBomb, "NG", 11.85, 13.16, "2023-03-12"),
        ];
        let predicted = [
            // Maiduguri, a suicide bomb: the second gold event, although
            // it is 35 km from the first as well.
            event(SubEventType::SuicideBomb, "NG", 11.85, 13.16, "2023-03-12"),
            // Konduga, a month-precision date: compatible.
            event(SubEventType::Attack, "NG", 11.65, 13.42, "2023-03"),
            // Another country: no match.
            event(SubEventType::Attack, "CM", 11.0, 14.0, "2023-03-12"),
        ];
        assert_eq!(match_events(&gold, &predicted, None), [(0, 1), (1, 0)]);
        let mut s = Scores::default();
        score_document(&mut s, &gold, &predicted, None);
        assert_eq!((s.gold, s.predicted, s.matched), (2, 3, 2));
        assert!((s.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall() - 1.0).abs() < 1e-9);
        assert_eq!(s.field("date"), Tally { right: 1, total: 2 });
        assert_eq!(s.field("sub_event_type"), Tally { right: 2, total: 2 });
        // Incompatible dates never match.
        let late = [event(
            SubEventType::Attack,
            "NG",
            11.65,
            13.42,
            "2023-04-02",
        )];
        assert!(match_events(&gold[..1], &late, None).is_empty());
    }

    #[test]
    fn no_event_documents_count_false_alarms() {
        let mut s = Scores::default();
        score_document(&mut s, &[], &[], None);
        let stray = [event(SubEventType::Attack, "NG", 11.65, 13.42, "2023")];
        score_document(&mut s, &[], &stray, None);
        assert_eq!((s.empty_documents, s.empty_kept_empty), (2, 1));
        assert_eq!((s.predicted, s.matched), (1, 0));
        assert_eq!(s.f1(), 0.0);
    }

    #[test]
    fn acled_rows_count_missing_events_as_wrong() {
        let gold = Scored {
            fatalities: Some(3),
            perpetrator: Some("Al Shabaab".into()),
            ..event(SubEventType::Attack, "SO", 2.04, 45.34, "2022-03-01")
        };
        let mut s = AcledScores::default();
        let mut p = event(SubEventType::Attack, "SO", 2.3, 45.34, "2022-03-01");
        p.fatalities = Some(3);
        p.perpetrator = Some("al-Shabaab".into());
        score_acled_row(&mut s, &gold, Some(&p), None);
        score_acled_row(&mut s, &gold, None, None);
        assert_eq!((s.rows, s.with_event), (2, 1));
        assert_eq!(s.field("country"), Tally { right: 1, total: 2 });
        assert_eq!(s.field("place_50km"), Tally { right: 1, total: 2 });
        assert_eq!(s.field("fatalities"), Tally { right: 1, total: 2 });
        // Without the registry "Al Shabaab" and "al-Shabaab" still agree.
        assert_eq!(s.field("actor1"), Tally { right: 1, total: 2 });
    }

    #[test]
    fn perpetrator_entities_match_once_each() -> Result<(), ExtractError> {
        let registry = Registry::builtin()?;
        let gold = vec![
            vec![
                "FARABUNDO MARTI NATIONAL LIBERATION FRONT".to_owned(),
                "FMLN".to_owned(),
            ],
            vec!["ARMED FORCES".to_owned()],
        ];
        let mut c = EntityCounts::default();
        score_entities(
            &mut c,
            &gold,
            &[
                "FMLN".to_owned(),
                "FMLN".to_owned(),
                "Shining Path".to_owned(),
            ],
            Some(&registry),
        );
        assert_eq!((c.gold, c.predicted, c.matched), (2, 3, 1));
        Ok(())
    }

    #[test]
    fn actor_names_compare_through_acled_forms_and_the_registry() -> Result<(), ExtractError> {
        let registry = Registry::builtin()?;
        let r = Some(&registry);
        assert!(same_actor(
            Some("Military Forces of Russia (2000-)"),
            Some("Military Forces of Russia"),
            r
        ));
        assert!(same_actor(
            Some("Protesters (Kenya)"),
            Some("Protesters"),
            r
        ));
        assert!(same_actor(
            Some("Military Forces of the United States"),
            Some("Military Forces of United States"),
            r
        ));
        assert!(same_actor(
            Some("Military Forces of Democratic Republic of Congo (2019-)"),
            Some("Military Forces of DR Congo"),
            r
        ));
        assert!(same_actor(Some("Al Shabaab"), Some("al-Shabaab"), r));
        // ACLED's name for the Houthis' hold on Yemen's forces.
        assert!(same_actor(
            Some("Military Forces of Yemen (2016-) Supreme Political Council"),
            Some("Houthis"),
            r
        ));
        assert!(!same_actor(
            Some("Military Forces of Yemen (2016-) Supreme Political Council"),
            Some("Military Forces of Yemen"),
            r
        ));
        assert!(same_actor(
            Some("ISKP: Islamic State Khorasan Province"),
            Some("Islamic State Khorasan Province"),
            r
        ));
        assert!(same_actor(
            Some("Unidentified Armed Group (Nigeria)"),
            None,
            r
        ));
        assert!(!same_actor(Some("Hamas"), None, r));
        assert!(!same_actor(
            Some("Rioters (India)"),
            Some("Protesters (India)"),
            r
        ));
        assert!(same_count(Some(0), None));
        Ok(())
    }
}
