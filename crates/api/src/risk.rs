//! The wire format of risk ratings: query parameters of the `/api/v1/risk`
//! endpoints and the DTOs of ratings, explanations, daily histories and level
//! or trend changes, converted by hand from `sitrep-risk`'s types. Also the two
//! conversions the CLI and the server share: stored overrides into the model's,
//! and the store's events into the model's incidents. Also the reach of an
//! actor (`/api/v1/actors/{name}`) and the loading of its events, the human
//! names of areas ([`area_name`]), the places of contributing events, and the
//! backtest scores of `/api/v1/risk/scores` ([`BacktestDto`]).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sitrep_extract::Registry;
use sitrep_extract::actors::Actor as RegistryActor;
use sitrep_model::{Actor, Category, Event};
use sitrep_risk::backtest::{Advantage, Report, Scores, StreamResult};
use sitrep_risk::metrics::Interval;
use sitrep_risk::reach::{ActorEvent, ExpansionSignal, PlaceCount, Reach, ReachConfig, reach};
use sitrep_risk::{
    AreaId, AreaLevel, AreaRating, Explanation, History, Incident, Level, Override, Rating, Trend,
};
use sitrep_store::{EventQuery, RiskOverride, Store, StoreError, query::MAX_LIMIT};
use utoipa::{IntoParams, ToSchema};

use crate::ApiError;

/// Parameters of `GET /api/v1/risk`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskListParams {
    /// `country` (default), `admin1` or `city` (cities of 100,000 people or more).
    #[param(example = "country")]
    pub level: Option<String>,
    /// ISO 3166-1 alpha-2 country codes, comma-separated.
    #[param(example = "NG,ML")]
    pub country: Option<String>,
    /// Rank by one category (terrorism, armed_conflict, civil_unrest, crime, kidnap,
    /// political); default the overall rating.
    #[param(example = "terrorism")]
    pub category: Option<String>,
    /// Rate as of this day (YYYY-MM-DD); default the newest event's day.
    #[param(example = "2022-06-30")]
    pub at: Option<String>,
    /// Most areas to return, highest score first (default 100, at most 10000).
    #[param(minimum = 1, maximum = 10000)]
    pub limit: Option<usize>,
}

/// Parameters of `GET /api/v1/risk/{area}/explain`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskExplainParams {
    /// One category; default the overall rating.
    pub category: Option<String>,
    /// Day of the rating (YYYY-MM-DD); default the newest event's day.
    pub at: Option<String>,
    /// Events to list one by one (default 10, at most 1000); the rest are summed.
    #[param(minimum = 0, maximum = 1000)]
    pub top: Option<usize>,
}

/// Parameters of `GET /api/v1/risk/{area}/history`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskHistoryParams {
    /// One category; default the overall rating.
    pub category: Option<String>,
    /// First day (YYYY-MM-DD); default 365 days before `to`.
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD); default the newest event's day.
    pub to: Option<String>,
}

/// Parameters of `GET /api/v1/risk/changes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskChangesParams {
    /// Compare with the ratings of this day (YYYY-MM-DD); default 30 days before `at`.
    #[param(example = "2022-05-31")]
    pub since: Option<String>,
    /// The later day; default the newest event's day.
    pub at: Option<String>,
    /// `country` (default), `admin1` or `city` (cities of 100,000 people or more).
    pub level: Option<String>,
    /// One category; default the overall rating.
    pub category: Option<String>,
}

/// Parses an optional `YYYY-MM-DD` parameter, naming it when it is malformed.
pub fn parse_day(name: &str, text: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    text.map(|t| {
        NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .map_err(|_| ApiError::BadRequest(format!("{name}: expected YYYY-MM-DD, got {t:?}")))
    })
    .transpose()
}

/// Parses an optional category; `overall` or nothing means the overall rating.
pub fn parse_category(text: Option<&str>) -> Result<Option<Category>, ApiError> {
    match text.map(str::trim) {
        None | Some("") | Some("overall") => Ok(None),
        Some(t) => Category::parse(t)
            .map(Some)
            .map_err(|e| ApiError::BadRequest(format!("category: {e}"))),
    }
}

pub fn parse_level(text: Option<&str>) -> Result<AreaLevel, ApiError> {
    text.map_or(Ok(AreaLevel::Country), |t| {
        AreaLevel::parse(t).map_err(|e| ApiError::BadRequest(format!("level: {e}")))
    })
}

pub fn parse_area(text: &str) -> Result<AreaId, ApiError> {
    AreaId::parse(text).map_err(|e| ApiError::BadRequest(format!("area: {e}")))
}

/// A country's name from sitrep's country table, or its code when the table
/// has none.
pub fn country_name(code: &str) -> String {
    sitrep_geo::country(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

/// An area's human name: the country's name (`Nigeria`), or `Admin1, Country`
/// for a region (`Borno, Nigeria`), the region as the events spell it.
pub fn area_name(area: &AreaId) -> String {
    let country = country_name(&area.country);
    match (&area.city, &area.admin1) {
        (Some(city), Some(admin1)) => format!("{city}, {admin1}, {country}"),
        (Some(city), None) => format!("{city}, {country}"),
        (None, Some(admin1)) => format!("{admin1}, {country}"),
        (None, None) => country,
    }
}

/// The stream's name: a category's word, or `overall`.
pub fn stream_name(category: Option<Category>) -> &'static str {
    category.map_or("overall", Category::as_str)
}

/// A stored override as the model takes it.
pub fn model_override(o: &RiskOverride) -> Result<Override, StoreError> {
    let area = AreaId::parse(&o.area)
        .map_err(|e| StoreError::Corrupt(format!("override {}: {e}", o.id)))?;
    let level = Level::ALL
        .into_iter()
        .find(|l| l.number() == o.level)
        .ok_or_else(|| StoreError::Corrupt(format!("override {}: level {}", o.id, o.level)))?;
    Ok(Override {
        id: o.id,
        area,
        category: o.category,
        level,
        reason: o.reason.clone(),
        author: o.author.clone(),
        created: o.created,
        expires: o.expires,
    })
}

/// Every override in the store, as the model takes them.
pub fn load_overrides(store: &dyn Store) -> Result<Vec<Override>, StoreError> {
    store.overrides()?.iter().map(model_override).collect()
}

/// Every event in the store (of `countries` when given, up to `to`) as
/// incidents, paged through [`Store::events`].
pub fn load_incidents(
    store: &dyn Store,
    countries: &[String],
    to: Option<NaiveDate>,
) -> Result<Vec<Incident>, StoreError> {
    let mut query = EventQuery {
        countries: countries.to_vec(),
        to,
        limit: MAX_LIMIT,
        ..EventQuery::default()
    };
    let mut incidents = Vec::new();
    loop {
        let page = store.events(&query)?;
        incidents.extend(page.events.iter().filter_map(Incident::from_event));
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => break,
        }
    }
    Ok(incidents)
}

fn round(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

/// An analyst's override in force on a rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OverrideDto {
    pub id: i64,
    /// `CC` or `CC/Admin1`.
    #[schema(example = "NG/Borno")]
    pub area: String,
    /// A category's word, or `overall`.
    #[schema(example = "terrorism")]
    pub stream: String,
    /// The level the analyst set, 1–5.
    pub level: u8,
    pub level_name: String,
    /// The written justification.
    pub reason: String,
    pub author: String,
    pub created: DateTime<Utc>,
    /// First day it no longer applies; null: until expired.
    pub expires: Option<NaiveDate>,
}

impl From<&Override> for OverrideDto {
    fn from(o: &Override) -> Self {
        OverrideDto {
            id: o.id,
            area: o.area.to_string(),
            stream: stream_name(o.category).to_owned(),
            level: o.level.number(),
            level_name: o.level.name().to_owned(),
            reason: o.reason.clone(),
            author: o.author.clone(),
            created: o.created,
            expires: o.expires,
        }
    }
}

/// The trend of event counts over a window against the window before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TrendDto {
    pub window_days: u32,
    pub events: u64,
    pub events_before: u64,
    pub fatalities: u64,
    pub fatalities_before: u64,
    /// Percentage change of the count; null when there were no events before.
    pub change_pct: Option<f64>,
    /// `large increase`, `moderate increase`, `stable`, `moderate decrease`, `large decrease`.
    pub band: String,
    /// Two-sided p-value of the exact conditional binomial test of equal rates.
    pub p_value: f64,
    /// `rising`, `falling` or `stable` (significant at p < 0.05).
    pub direction: String,
}

impl From<&Trend> for TrendDto {
    fn from(t: &Trend) -> Self {
        TrendDto {
            window_days: t.window_days,
            events: t.current,
            events_before: t.previous,
            fatalities: t.current_fatalities,
            fatalities_before: t.previous_fatalities,
            change_pct: t.change_pct.map(|p| round(p, 1)),
            band: t.band.as_str().to_owned(),
            p_value: t.p_value,
            direction: t.direction.as_str().to_owned(),
        }
    }
}

/// One rating of one stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingDto {
    /// 0–100, as computed from events (overrides do not change it).
    pub score: f64,
    /// 1 Negligible … 5 Extreme: the analyst's when overridden, else the computed one.
    pub level: u8,
    pub level_name: String,
    /// The level the score gives.
    pub computed_level: u8,
    /// Raw = own + baseline + spill (decayed severity units).
    pub raw: f64,
    pub own: f64,
    pub baseline: f64,
    pub spill: f64,
    /// The analyst's override that set `level`, when one is in force.
    #[serde(rename = "override")]
    #[schema(rename = "override")]
    pub override_: Option<OverrideDto>,
}

impl From<&Rating> for RatingDto {
    fn from(r: &Rating) -> Self {
        RatingDto {
            score: round(r.score, 1),
            level: r.level.number(),
            level_name: r.level.name().to_owned(),
            computed_level: r.computed_level.number(),
            raw: round(r.raw, 3),
            own: round(r.own, 3),
            baseline: round(r.baseline, 3),
            spill: round(r.spill, 3),
            override_: r.overridden.as_ref().map(OverrideDto::from),
        }
    }
}

/// An area's rating of the requested stream, its trends, and every stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AreaRiskDto {
    #[schema(example = "NG")]
    pub area: String,
    /// The area's name: `Nigeria`, or `Borno, Nigeria` for a region.
    #[schema(example = "Nigeria")]
    pub name: String,
    /// `country`, `admin1` or `city`.
    pub area_level: String,
    /// The stream of `rating`: a category or `overall`.
    pub stream: String,
    pub rating: RatingDto,
    pub trend_30d: Option<TrendDto>,
    pub trend_90d: Option<TrendDto>,
    pub overall: RatingDto,
    /// Per category, by its word.
    pub categories: std::collections::BTreeMap<String, RatingDto>,
}

impl AreaRiskDto {
    pub fn new(
        r: &AreaRating,
        category: Option<Category>,
        t30: Option<&Trend>,
        t90: Option<&Trend>,
    ) -> Self {
        AreaRiskDto {
            area: r.area.to_string(),
            name: area_name(&r.area),
            area_level: r.area.level().as_str().to_owned(),
            stream: stream_name(category).to_owned(),
            rating: RatingDto::from(r.category(category)),
            trend_30d: t30.map(TrendDto::from),
            trend_90d: t90.map(TrendDto::from),
            overall: RatingDto::from(&r.overall),
            categories: r
                .categories
                .iter()
                .map(|(c, rating)| (c.as_str().to_owned(), RatingDto::from(rating)))
                .collect(),
        }
    }
}

/// The five levels with their definitions and standard advice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LevelDto {
    pub number: u8,
    pub name: String,
    pub definition: String,
    pub advice: String,
}

impl From<Level> for LevelDto {
    fn from(l: Level) -> Self {
        LevelDto {
            number: l.number(),
            name: l.name().to_owned(),
            definition: l.definition().to_owned(),
            advice: l.advice().to_owned(),
        }
    }
}

/// `GET /api/v1/risk`: ratings, highest score of the stream first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RiskListDto {
    pub at: NaiveDate,
    /// `country`, `admin1` or `city`.
    pub level: String,
    pub stream: String,
    /// Areas rated in all, before `limit`.
    pub total: usize,
    pub areas: Vec<AreaRiskDto>,
    pub levels: Vec<LevelDto>,
}

/// One event's part in a rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ContributionDto {
    #[schema(example = "acled:NGA1234")]
    pub id: String,
    pub date: NaiveDate,
    /// `Event type/Sub-event type`.
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub kind: String,
    pub category: String,
    pub fatalities: Option<u32>,
    /// Severity when it happened.
    pub severity: f64,
    /// Severity left after decay (raw units).
    pub decayed: f64,
    /// Score points.
    pub points: f64,
    /// Where it happened; null when the event is no longer in the store.
    pub place: Option<PlaceDto>,
}

/// Where an event happened, as its source names the place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlaceDto {
    /// The location's name (town, village, site).
    #[schema(example = "Maiduguri")]
    pub name: String,
    #[schema(example = "Borno")]
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "NG")]
    pub country: Option<String>,
    #[schema(example = "Nigeria")]
    pub country_name: Option<String>,
}

impl PlaceDto {
    pub fn of(event: &Event) -> Self {
        let l = &event.location;
        PlaceDto {
            name: l.name.clone(),
            admin1: l.admin1.clone(),
            admin2: l.admin2.clone(),
            country: l.country.clone(),
            country_name: l.country.as_deref().map(country_name),
        }
    }

    /// `Maiduguri, Borno, Nigeria`: the parts that are known, most precise first.
    pub fn text(&self) -> String {
        let parts = [
            Some(self.name.as_str()),
            self.admin1.as_deref(),
            self.country_name.as_deref().or(self.country.as_deref()),
        ];
        let mut out: Vec<&str> = Vec::new();
        for p in parts.into_iter().flatten().map(str::trim) {
            if !p.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(p)) {
                out.push(p);
            }
        }
        out.join(", ")
    }
}

/// Points spilled over from a neighbouring region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SpillDto {
    pub area: String,
    /// `Admin1, Country`.
    pub name: String,
    pub points: f64,
}

/// `GET /api/v1/risk/{area}/explain`: a rating taken apart; events, other
/// events, baseline and spill-over points add up to the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExplanationDto {
    pub area: String,
    /// The area's name: `Nigeria`, or `Borno, Nigeria` for a region.
    pub name: String,
    pub stream: String,
    pub at: NaiveDate,
    pub rating: RatingDto,
    /// The definition and advice of the rating's level.
    pub level: LevelDto,
    /// The top contributions, largest first.
    pub events: Vec<ContributionDto>,
    pub other_events: usize,
    pub other_points: f64,
    pub baseline_points: f64,
    pub spill_points: Vec<SpillDto>,
    /// Severity lost to decay by `at` (raw units).
    pub decayed_away_raw: f64,
    pub total_points: f64,
    pub trend_30d: TrendDto,
    pub trend_90d: TrendDto,
}

impl ExplanationDto {
    pub fn new(why: &Explanation, t30: &Trend, t90: &Trend) -> Self {
        ExplanationDto {
            area: why.area.to_string(),
            name: area_name(&why.area),
            stream: stream_name(why.category).to_owned(),
            at: why.at,
            rating: RatingDto::from(&why.rating),
            level: LevelDto::from(why.rating.level),
            events: why
                .events
                .iter()
                .map(|c| ContributionDto {
                    id: c.event_id.clone(),
                    date: c.day,
                    kind: c.kind.clone(),
                    category: c.category.as_str().to_owned(),
                    fatalities: c.fatalities,
                    severity: round(c.severity, 3),
                    decayed: round(c.decayed, 3),
                    points: round(c.points, 3),
                    place: None,
                })
                .collect(),
            other_events: why.other_events,
            other_points: round(why.other_points, 3),
            baseline_points: round(why.baseline_points, 3),
            spill_points: why
                .spill_points
                .iter()
                .map(|(a, p)| SpillDto {
                    area: a.to_string(),
                    name: area_name(a),
                    points: round(*p, 3),
                })
                .collect(),
            decayed_away_raw: round(why.decayed_away, 3),
            total_points: round(why.total_points(), 3),
            trend_30d: TrendDto::from(t30),
            trend_90d: TrendDto::from(t90),
        }
    }

    /// Fills each contribution's place from its stored event (one lookup per
    /// listed event; events past `top` are summed and have none).
    pub fn with_places(mut self, store: &dyn Store) -> Result<Self, StoreError> {
        for c in &mut self.events {
            c.place = store.event(&c.id)?.as_ref().map(PlaceDto::of);
        }
        Ok(self)
    }
}

/// The rating on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RiskDayDto {
    pub day: NaiveDate,
    pub score: f64,
    pub level: u8,
    pub own: f64,
    pub baseline: f64,
    pub spill: f64,
    /// The id of the override that set the level that day.
    pub override_id: Option<i64>,
}

/// An event that entered the rating on the day of a level change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EnteringDto {
    pub id: String,
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub kind: String,
    pub fatalities: Option<u32>,
    pub raw: f64,
}

/// A day the level changed, with its causes in raw units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LevelChangeDto {
    pub day: NaiveDate,
    pub from: u8,
    pub to: u8,
    pub score_before: f64,
    pub score_after: f64,
    pub entering: Vec<EnteringDto>,
    pub decay: f64,
    pub baseline_change: f64,
    pub spill_change: f64,
    pub override_before: Option<i64>,
    pub override_after: Option<i64>,
}

/// `GET /api/v1/risk/{area}/history`: the daily series and its level changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RiskHistoryDto {
    pub area: String,
    /// The area's name: `Nigeria`, or `Borno, Nigeria` for a region.
    pub name: String,
    pub stream: String,
    pub days: Vec<RiskDayDto>,
    pub changes: Vec<LevelChangeDto>,
}

impl From<&History> for RiskHistoryDto {
    fn from(h: &History) -> Self {
        RiskHistoryDto {
            area: h.area.to_string(),
            name: area_name(&h.area),
            stream: stream_name(h.category).to_owned(),
            days: h
                .days
                .iter()
                .map(|d| RiskDayDto {
                    day: d.day,
                    score: round(d.score, 2),
                    level: d.level.number(),
                    own: round(d.own, 3),
                    baseline: round(d.baseline, 3),
                    spill: round(d.spill, 3),
                    override_id: d.override_id,
                })
                .collect(),
            changes: h
                .changes
                .iter()
                .map(|c| LevelChangeDto {
                    day: c.day,
                    from: c.from.number(),
                    to: c.to.number(),
                    score_before: round(c.score_before, 2),
                    score_after: round(c.score_after, 2),
                    entering: c
                        .entering
                        .iter()
                        .map(|e| EnteringDto {
                            id: e.event_id.clone(),
                            kind: e.kind.clone(),
                            fatalities: e.fatalities,
                            raw: round(e.raw, 3),
                        })
                        .collect(),
                    decay: round(c.decay, 3),
                    baseline_change: round(c.baseline_change, 3),
                    spill_change: round(c.spill_change, 3),
                    override_before: c.override_before,
                    override_after: c.override_after,
                })
                .collect(),
        }
    }
}

/// An area whose level changed or whose 30-day trend turned between two days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RiskChangeDto {
    pub area: String,
    /// The area's name: `Nigeria`, or `Borno, Nigeria` for a region.
    pub name: String,
    pub level_before: u8,
    pub level_after: u8,
    pub score_before: f64,
    pub score_after: f64,
    /// 30-day trend direction on each day: `rising`, `falling`, `stable`.
    pub trend_before: String,
    pub trend_after: String,
    pub level_changed: bool,
    pub trend_turned: bool,
    /// The override in force on the later day, when there is one.
    #[serde(rename = "override")]
    #[schema(rename = "override")]
    pub override_: Option<OverrideDto>,
}

/// `GET /api/v1/risk/changes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RiskChangesDto {
    pub since: NaiveDate,
    pub at: NaiveDate,
    pub level: String,
    pub stream: String,
    /// Level changes first (largest rise first), then trend turns.
    pub areas: Vec<RiskChangeDto>,
}

/// Length of a period of the backtest `/api/v1/risk/scores` serves, in days.
pub const SCORES_HORIZON_DAYS: u32 = 30;
/// How many periods back from the newest event that backtest starts (at most).
pub const SCORES_PERIODS: u32 = 12;
/// Bootstrap resamples behind its intervals: fewer than `sitrep backtest`'s
/// 1,000, as it runs on the server after every import.
pub const SCORES_RESAMPLES: usize = 200;

/// How `/api/v1/risk/scores` steps: one step a period (not `sitrep backtest`'s
/// weekly steps, which cost four times the work), [`SCORES_RESAMPLES`].
pub fn latest_backtest_options() -> sitrep_risk::backtest::Options {
    sitrep_risk::backtest::Options {
        step_days: SCORES_HORIZON_DAYS,
        resamples: SCORES_RESAMPLES,
        ..sitrep_risk::backtest::Options::default()
    }
}

/// The backtest `/api/v1/risk/scores` serves: 30-day periods, stepping from
/// twelve periods before the newest incident (or one period after the first,
/// when the store spans less), at `level`, with the default model.
pub fn latest_backtest_spec(
    incidents: &[Incident],
    level: AreaLevel,
) -> sitrep_risk::backtest::Spec {
    let first = incidents.iter().map(|i| i.day).min();
    let last = incidents.iter().map(|i| i.day).max();
    let h = SCORES_HORIZON_DAYS;
    let from = match (first, last) {
        (Some(first), Some(last)) => {
            let after_first = first.checked_add_days(chrono::Days::new(u64::from(h)));
            let recent = last.checked_sub_days(chrono::Days::new(u64::from(h * SCORES_PERIODS)));
            after_first.max(recent)
        }
        _ => None,
    };
    sitrep_risk::backtest::Spec {
        horizon_days: h,
        from,
        to: last,
        level,
        config: sitrep_risk::Config::default(),
    }
}

/// One predictor's scores; null where undefined (AUC without a fatal pair).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PredictorScoresDto {
    /// ROC AUC for "any fatal event next period" (higher is better).
    pub auc: Option<f64>,
    /// Brier score of the calibrated probability (lower is better).
    pub brier: Option<f64>,
    /// Spearman rank correlation with next-period fatalities (higher is better).
    pub spearman: Option<f64>,
}

impl From<&Scores> for PredictorScoresDto {
    fn from(s: &Scores) -> Self {
        let r = |v: Option<f64>| v.map(|x| round(x, 4));
        PredictorScoresDto {
            auc: r(s.auc),
            brier: r(s.brier),
            spearman: r(s.spearman),
        }
    }
}

/// A difference between the model and a baseline with its 95 % bootstrap
/// interval; positive means the model is better (AUC and Spearman: model −
/// baseline; Brier: baseline − model).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IntervalDto {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
    /// Whether the whole interval lies above zero.
    pub better: bool,
}

impl From<&Interval> for IntervalDto {
    fn from(i: &Interval) -> Self {
        IntervalDto {
            estimate: round(i.estimate, 4),
            low: round(i.low, 4),
            high: round(i.high, 4),
            better: i.low > 0.0,
        }
    }
}

/// The model's advantage over one baseline, per metric (null where undefined
/// or without resamples).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdvantageDto {
    pub auc: Option<IntervalDto>,
    pub brier: Option<IntervalDto>,
    pub spearman: Option<IntervalDto>,
}

impl From<&Advantage> for AdvantageDto {
    fn from(a: &Advantage) -> Self {
        AdvantageDto {
            auc: a.auc.as_ref().map(IntervalDto::from),
            brier: a.brier.as_ref().map(IntervalDto::from),
            spearman: a.spearman.as_ref().map(IntervalDto::from),
        }
    }
}

/// The model and the two baselines on one stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StreamScoresDto {
    /// A category's word, or `overall`.
    pub stream: String,
    /// Area × period pairs scored.
    pub pairs: usize,
    /// Pairs with a fatal event in the next period.
    pub positives: usize,
    /// The forecast derived from the rating (fitted walk-forward on earlier periods).
    pub model: PredictorScoresDto,
    /// The rating's score alone.
    pub rating: PredictorScoresDto,
    /// Fatalities of the period just ended.
    pub persistence: PredictorScoresDto,
    /// Fatalities per period since the first event.
    pub historical_mean: PredictorScoresDto,
    pub vs_persistence: AdvantageDto,
    pub vs_historical_mean: AdvantageDto,
}

impl From<&StreamResult> for StreamScoresDto {
    fn from(s: &StreamResult) -> Self {
        StreamScoresDto {
            stream: stream_name(s.category).to_owned(),
            pairs: s.pairs,
            positives: s.positives,
            model: PredictorScoresDto::from(&s.model),
            rating: PredictorScoresDto::from(&s.rating),
            persistence: PredictorScoresDto::from(&s.persistence),
            historical_mean: PredictorScoresDto::from(&s.historical_mean),
            vs_persistence: AdvantageDto::from(&s.vs_persistence),
            vs_historical_mean: AdvantageDto::from(&s.vs_historical_mean),
        }
    }
}

/// A backtest at one level: the ratings scored as forecasts of the next
/// period against persistence and the historical mean (`docs/risk-model.md` §7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BacktestDto {
    /// `country`, `admin1` or `city`.
    pub level: String,
    pub horizon_days: u32,
    /// Days between steps.
    pub step_days: u32,
    /// Every step's first day; those before the scored ones only train.
    pub steps: Vec<NaiveDate>,
    pub scored_steps: usize,
    /// Bootstrap resamples behind the intervals.
    pub resamples: usize,
    /// Areas with an event in the replayed window.
    pub areas: usize,
    pub streams: Vec<StreamScoresDto>,
    /// Why there are no scores (e.g. the store spans too few periods); null otherwise.
    pub error: Option<String>,
}

impl BacktestDto {
    pub fn new(level: AreaLevel, horizon_days: u32, report: Result<&Report, String>) -> Self {
        match report {
            Ok(r) => BacktestDto {
                level: r.level.as_str().to_owned(),
                horizon_days: r.horizon_days,
                step_days: r.step_days,
                steps: r.steps.clone(),
                scored_steps: r.scored_steps().len(),
                resamples: r.resamples,
                areas: r.areas,
                streams: r.streams.iter().map(StreamScoresDto::from).collect(),
                error: None,
            },
            Err(error) => BacktestDto {
                level: level.as_str().to_owned(),
                horizon_days,
                step_days: horizon_days,
                steps: vec![],
                scored_steps: 0,
                resamples: 0,
                areas: 0,
                streams: vec![],
                error: Some(error),
            },
        }
    }
}

/// `GET /api/v1/risk/scores`: the latest backtest of the store's events, per level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RiskScoresDto {
    /// `ready`, or `computing` (answered with 202) while the scores of the
    /// store as it is now are computed; `levels` then holds the previous
    /// scores, if any, with `stale` true.
    #[schema(example = "ready")]
    pub status: String,
    /// Whether `levels` describe an earlier state of the store.
    pub stale: bool,
    /// The store's events when the scores were computed, and their span.
    pub events: Option<u64>,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    pub computed_at: Option<DateTime<Utc>>,
    /// How long the computation took.
    pub seconds: Option<f64>,
    /// Country, then admin1.
    pub levels: Vec<BacktestDto>,
}

/// Parameters of `GET /api/v1/actors/{name}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActorReachParams {
    /// The home country (ISO alpha-2); default: the country of most of its events.
    pub home: Option<String>,
    /// Day of the assessment, `YYYY-MM-DD`; default: the actor's last event.
    pub at: Option<String>,
    /// Length of each of the two compared windows in days (default 365).
    pub window: Option<u32>,
    /// Pool the events of the actor's affiliates in the actor registry (its
    /// provinces and wings, and theirs) into its footprint: the reach of the
    /// whole organisation. Default false.
    pub affiliates: Option<bool>,
}

/// Every event naming the actor (by `query_name`, which the store resolves to
/// the actor and its aliases) in a role that counts for its reach, paged
/// through [`Store::events`]; `names` are the names it is matched by in each
/// event's actor list.
pub fn load_actor_events(
    store: &dyn Store,
    query_name: &str,
    names: &[String],
) -> Result<Vec<ActorEvent>, StoreError> {
    let mut query = EventQuery {
        actor: Some(query_name.to_owned()),
        limit: MAX_LIMIT,
        ..EventQuery::default()
    };
    let mut out = Vec::new();
    loop {
        let page = store.events(&query)?;
        out.extend(
            page.events
                .iter()
                .filter_map(|e| ActorEvent::from_event(e, names)),
        );
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => break,
        }
    }
    Ok(out)
}

/// Events of an actor in one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlaceCountDto {
    /// `CC`, or `CC/Admin1`.
    #[schema(example = "IR")]
    pub place: String,
    pub events: u64,
    /// As perpetrator of an event that occurred.
    pub acted: u64,
    /// As perpetrator of a foiled or threatened attack or disrupted weapons use.
    pub plotted: u64,
    /// As target of arrests or disrupted weapons use.
    pub disrupted: u64,
}

impl From<&PlaceCount> for PlaceCountDto {
    fn from(p: &PlaceCount) -> Self {
        PlaceCountDto {
            place: p.place.clone(),
            events: p.events,
            acted: p.acted,
            plotted: p.plotted,
            disrupted: p.disrupted,
        }
    }
}

/// An actor's footprint in one calendar quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QuarterDto {
    #[schema(example = "2023-Q1")]
    pub quarter: String,
    pub start: NaiveDate,
    pub events: u64,
    pub acted: u64,
    pub plotted: u64,
    pub disrupted: u64,
    /// Events outside the home country.
    pub abroad: u64,
    pub abroad_share: f64,
    pub countries: Vec<PlaceCountDto>,
    pub admin1s: Vec<PlaceCountDto>,
    /// Mean distance of the events abroad from the home country, centroid to centroid, km.
    pub mean_distance_km: Option<f64>,
    pub max_distance_km: Option<f64>,
}

/// One event of the evidence of an expansion signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActorEventDto {
    pub id: String,
    pub date: NaiveDate,
    pub country: String,
    pub admin1: Option<String>,
    /// `acted`, `plotted` or `disrupted`.
    pub involvement: String,
    pub kind: String,
    pub fatalities: Option<u32>,
}

impl From<&ActorEvent> for ActorEventDto {
    fn from(e: &ActorEvent) -> Self {
        ActorEventDto {
            id: e.id.clone(),
            date: e.day,
            country: e.country.clone(),
            admin1: e.admin1.clone(),
            involvement: e.involvement.as_str().to_owned(),
            kind: e.kind.clone(),
            fatalities: e.fatalities,
        }
    }
}

/// The expansion test: events abroad in the later window against the earlier
/// one (one-sided exact binomial test), while activity at home falls or holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExpansionSignalDto {
    pub fires: bool,
    pub reason: String,
    pub window_days: u32,
    pub later_from: NaiveDate,
    pub later_to: NaiveDate,
    pub earlier_from: NaiveDate,
    pub abroad_later: u64,
    pub abroad_earlier: u64,
    pub home_later: u64,
    pub home_earlier: u64,
    /// One-sided p-value that activity abroad rose.
    pub p_abroad: f64,
    /// One-sided p-value that activity at home rose.
    pub p_home_rise: f64,
    pub countries_later: Vec<String>,
    pub new_countries: Vec<String>,
    /// The events abroad in the later window, oldest first.
    pub evidence: Vec<ActorEventDto>,
}

impl From<&ExpansionSignal> for ExpansionSignalDto {
    fn from(s: &ExpansionSignal) -> Self {
        ExpansionSignalDto {
            fires: s.fires,
            reason: s.reason.clone(),
            window_days: s.window_days,
            later_from: s.later_from,
            later_to: s.later_to,
            earlier_from: s.earlier_from,
            abroad_later: s.abroad_later,
            abroad_earlier: s.abroad_earlier,
            home_later: s.home_later,
            home_earlier: s.home_earlier,
            p_abroad: s.p_abroad,
            p_home_rise: s.p_home_rise,
            countries_later: s.countries_later.clone(),
            new_countries: s.new_countries.clone(),
            evidence: s.evidence.iter().map(ActorEventDto::from).collect(),
        }
    }
}

/// The built-in actor registry, read once per process (`None` if the file
/// shipped in the binary does not parse, which its own tests rule out).
pub fn builtin_registry() -> Option<&'static Registry> {
    static REGISTRY: std::sync::OnceLock<Option<Registry>> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| Registry::builtin().ok()).as_ref()
}

/// The reach of actor `name` (a store actor's name or alias, or a name or
/// alias the actor registry knows, such as `ISKP`) over the store's events:
/// its home is `home`, else the registry's, else where most of its events
/// are; `centroids` (country → point) measure distances from home.
pub fn actor_reach(
    store: &dyn Store,
    name: &str,
    home: Option<&str>,
    at: Option<NaiveDate>,
    config: &ReachConfig,
    centroids: &HashMap<String, (f64, f64)>,
    with_affiliates: bool,
) -> Result<ActorReachDto, ApiError> {
    let registry = builtin_registry();
    let entry = registry.and_then(|r| r.entry(name));
    let (actor, query_name, mut events) = named_events(store, name, entry)?;
    let mut pooled = Vec::new();
    if with_affiliates && let (Some(registry), Some(entry)) = (registry, entry) {
        let mut seen: HashSet<String> = events.iter().map(|e| e.id.clone()).collect();
        for member in affiliates_of(registry, &entry.name) {
            let before = events.len();
            let (_, _, theirs) = named_events(store, &member.name, Some(member))?;
            events.extend(theirs.into_iter().filter(|e| seen.insert(e.id.clone())));
            pooled.push(PooledAffiliateDto {
                name: member.name.clone(),
                events: (events.len() - before) as u64,
            });
        }
    }
    if events.is_empty() {
        return Err(ApiError::NotFound(format!(
            "no event names {name:?} as perpetrator, or as target of arrests or disrupted \
             weapons use"
        )));
    }
    let home = home
        .map(str::to_owned)
        .or_else(|| entry.and_then(|e| e.country.clone()));
    let r = reach(&query_name, &events, home.as_deref(), centroids, at, config)
        .map_err(|e| ApiError::InvalidQuery(e.to_string()))?;
    let mut dto = ActorReachDto::new(actor.as_ref(), &r);
    dto.pooled = pooled;
    Ok(match registry {
        Some(registry) => dto.with_registry(entry, registry),
        None => dto,
    })
}

/// The events of the actor `name` names: the store's actor by that name and,
/// with a registry entry, every store actor that goes by one of the entry's
/// names (an import may have created "ISWAP" and "Islamic State West Africa
/// Province" apart), each event once. Also the first of those actors and the
/// name to show.
fn named_events(
    store: &dyn Store,
    name: &str,
    entry: Option<&RegistryActor>,
) -> Result<(Option<Actor>, String, Vec<ActorEvent>), StoreError> {
    let mut spellings = vec![name];
    if let Some(e) = entry {
        spellings.push(&e.name);
        spellings.extend(e.aliases.iter().map(String::as_str));
    }
    let mut actors: Vec<Actor> = Vec::new();
    for spelling in &spellings {
        if let Some(a) = store.actor(spelling)?
            && !actors.iter().any(|known| known.id == a.id)
        {
            actors.push(a);
        }
    }
    let mut names: Vec<String> = spellings.iter().map(|s| (*s).to_owned()).collect();
    for a in &actors {
        names.push(a.name.clone());
        names.extend(a.aliases.iter().cloned());
    }
    let mut events = Vec::new();
    if actors.is_empty() {
        events = load_actor_events(store, name, &names)?;
    } else {
        let mut seen = HashSet::new();
        for a in &actors {
            let theirs = load_actor_events(store, &a.name, &names)?;
            events.extend(theirs.into_iter().filter(|e| seen.insert(e.id.clone())));
        }
    }
    let actor = actors.into_iter().next();
    let shown = actor.as_ref().map_or(name, |a| a.name.as_str()).to_owned();
    Ok((actor, shown, events))
}

/// The registry's affiliates of `name` and theirs, each once, nearest first
/// (parents that loop in an edited registry cannot loop here).
fn affiliates_of<'a>(registry: &'a Registry, name: &'a str) -> Vec<&'a RegistryActor> {
    let mut seen = HashSet::from([name]);
    let mut out: Vec<&RegistryActor> = Vec::new();
    let mut parent = name;
    let mut next = 0;
    loop {
        out.extend(registry.affiliates(parent).filter(|a| seen.insert(&a.name)));
        let Some(a) = out.get(next) else {
            return out;
        };
        parent = &a.name;
        next += 1;
    }
}

/// An affiliate whose events are pooled into an organisation's reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PooledAffiliateDto {
    pub name: String,
    /// Events it brought that the organisation's own did not already hold.
    pub events: u64,
}

/// An actor's reach: names, home, footprint per quarter and expansion signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActorReachDto {
    /// The store's actor id; null when no actor record has the name.
    pub actor_id: Option<i64>,
    pub name: String,
    pub kind: Option<String>,
    pub aliases: Vec<String>,
    /// The parent organisation, from the actor registry
    /// (`crates/extract/data/actors.tsv`): Islamic State for ISKP.
    pub parent: Option<String>,
    /// The registry's actors whose parent this actor is (its provinces,
    /// affiliates, wings).
    pub affiliates: Vec<String>,
    pub home: Option<String>,
    /// Whether the home country was given (by the request or the actor
    /// registry) rather than found from the events.
    pub home_given: bool,
    pub events: u64,
    pub abroad: u64,
    pub abroad_share: f64,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    pub countries: Vec<PlaceCountDto>,
    pub quarters: Vec<QuarterDto>,
    /// Null when the actor has no events.
    pub signal: Option<ExpansionSignalDto>,
    /// With `affiliates=true`: the affiliates whose events are pooled into
    /// this footprint; empty otherwise.
    pub pooled: Vec<PooledAffiliateDto>,
}

impl ActorReachDto {
    pub fn new(actor: Option<&Actor>, reach: &Reach) -> Self {
        let places = |v: &[PlaceCount]| v.iter().map(PlaceCountDto::from).collect();
        ActorReachDto {
            actor_id: actor.map(|a| a.id),
            name: actor.map_or_else(|| reach.actor.clone(), |a| a.name.clone()),
            kind: actor.map(|a| a.kind.as_str().to_owned()),
            aliases: actor.map(|a| a.aliases.clone()).unwrap_or_default(),
            parent: None,
            affiliates: vec![],
            home: reach.home.clone(),
            home_given: reach.home_given,
            events: reach.events,
            abroad: reach.abroad,
            abroad_share: round(reach.abroad_share, 4),
            first_date: reach.first_day,
            last_date: reach.last_day,
            countries: places(&reach.countries),
            quarters: reach
                .quarters
                .iter()
                .map(|q| QuarterDto {
                    quarter: q.quarter.clone(),
                    start: q.start,
                    events: q.events,
                    acted: q.acted,
                    plotted: q.plotted,
                    disrupted: q.disrupted,
                    abroad: q.abroad,
                    abroad_share: round(q.abroad_share, 4),
                    countries: places(&q.countries),
                    admin1s: places(&q.admin1s),
                    mean_distance_km: q.mean_distance_km.map(|d| round(d, 0)),
                    max_distance_km: q.max_distance_km.map(|d| round(d, 0)),
                })
                .collect(),
            signal: reach.signal.as_ref().map(ExpansionSignalDto::from),
            pooled: vec![],
        }
    }

    /// The reach with what the actor registry knows: its canonical name (the
    /// store's spelling kept as an alias) and kind, parent, affiliates and any aliases
    /// the store lacks.
    pub fn with_registry(mut self, entry: Option<&RegistryActor>, registry: &Registry) -> Self {
        if let Some(entry) = entry {
            // The registry's canonical name, whatever spelling the store
            // found first ("Islamic State (Syria)" for Islamic State).
            if self.name != entry.name {
                let found = std::mem::replace(&mut self.name, entry.name.clone());
                if !self.aliases.contains(&found) {
                    self.aliases.insert(0, found);
                }
            }
            self.kind = Some(entry.kind.clone());
            self.parent.clone_from(&entry.parent);
            self.affiliates = registry
                .affiliates(&entry.name)
                .map(|a| a.name.clone())
                .collect();
            for alias in std::iter::once(&entry.name).chain(&entry.aliases) {
                if *alias != self.name && !self.aliases.contains(alias) {
                    self.aliases.push(alias.clone());
                }
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_parse_or_name_the_fault() {
        assert_eq!(parse_category(Some("overall")), Ok(None));
        assert_eq!(
            parse_category(Some("terrorism")),
            Ok(Some(Category::Terrorism))
        );
        let e = parse_category(Some("nope")).unwrap_err();
        assert!(e.to_string().starts_with("category"), "{e}");
        assert!(parse_day("at", Some("2022-13-01")).is_err());
        assert_eq!(parse_level(None), Ok(AreaLevel::Country));
        assert_eq!(parse_level(Some("city")), Ok(AreaLevel::City));
        assert!(parse_level(Some("town")).is_err());
        assert!(parse_area("Nigeria").is_err());
    }

    #[test]
    fn a_rating_with_an_override_serialises_it_as_override() {
        let mut r = RatingDto {
            score: 40.0,
            level: 5,
            level_name: "Extreme".into(),
            computed_level: 3,
            raw: 1.0,
            own: 1.0,
            baseline: 0.0,
            spill: 0.0,
            override_: None,
        };
        let v = serde_json::to_value(&r).unwrap();
        assert!(v.get("override").is_some_and(|o| o.is_null()), "{v}");
        r.override_ = Some(OverrideDto {
            id: 3,
            area: "NG".into(),
            stream: "overall".into(),
            level: 5,
            level_name: "Extreme".into(),
            reason: "r".into(),
            author: "a".into(),
            created: DateTime::from_timestamp(0, 0).unwrap(),
            expires: None,
        });
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["override"]["id"], 3);
    }
}
