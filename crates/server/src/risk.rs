//! The risk endpoints: ratings per area, one rating explained event by event,
//! an area's daily history, and the areas whose level changed or whose trend
//! turned. Ratings are computed by `sitrep-risk` from the store's events on the
//! blocking pool.
//!
//! Loading every event is the expensive part, so the model is cached with the
//! store's write watermark ([`Store::watermark`]) it reflects. A request that
//! finds the watermark moved reads only the events written since
//! ([`Store::changes_since`]) and applies them to the cached model
//! ([`RiskModel::apply`]: new incidents inserted, re-coded ones replaced, the
//! neighbours of the countries touched recomputed), which then rates exactly
//! as a model rebuilt from every event would. Every event is loaded only on the
//! first request, or when more events changed than applying one by one would
//! pay for ([`reload_after`]). A change of the analysts' overrides (read on
//! every request, a small table) replaces them in the cached model; the events
//! are not read again. One request at a time updates the cache (a mutex);
//! the others wait for it, and requests already holding the previous model
//! keep it (the update copies the model when it is shared).
//!
//! `/api/v1/risk/scores` serves the latest backtest of the store's events
//! (`docs/risk-model.md` §7). It takes seconds to minutes on a large store, so
//! it is never computed in a request: a background job (tokio's blocking pool,
//! or a thread when the router is built outside a runtime) starts when the
//! router is built, and again whenever the scores are asked for — or the
//! ratings listed — after the store's figures changed; requests meanwhile get
//! `202` with the previous scores marked stale.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sitrep_api::risk::{
    ActorReachDto, ActorReachParams, AreaRiskDto, BacktestDto, ExplanationDto, LevelDto,
    OverrideDto, RiskChangeDto, RiskChangesDto, RiskChangesParams, RiskExplainParams,
    RiskHistoryDto, RiskHistoryParams, RiskListDto, RiskListParams, RiskScoresDto, area_name,
    latest_backtest_options, latest_backtest_spec, load_incidents, load_overrides, parse_area,
    parse_category, parse_day, parse_level, stream_name,
};
use sitrep_api::{ApiError, ErrorDto};
use sitrep_risk::ReachConfig;
use sitrep_risk::{
    AreaId, AreaLevel, Change, Config, Direction, Level, Override, Populations, RiskError,
    RiskModel,
};
use sitrep_store::{Store, StoreStats};

use crate::AppState;
use crate::error::{ApiQuery, HttpError};

/// Longest history one request may ask for, in days.
const MAX_HISTORY_DAYS: i64 = 3_660;
const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 10_000;

/// The cached model and what it was built from.
struct Cached {
    /// The store's write watermark the model reflects.
    watermark: u64,
    overrides: Vec<Override>,
    model: Arc<RiskModel>,
}

/// Events per [`Store::changes_since`] page.
const CHANGE_PAGE: usize = 10_000;

/// Past this many writes since the cached model, loading every event again is
/// cheaper than applying them: a quarter of the incidents, at least 100,000.
fn reload_after(incidents: usize) -> u64 {
    (incidents as u64 / 4).max(100_000)
}

/// What [`RiskState::refresh`] did to bring the model up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refresh {
    /// The cached model was current.
    Cached,
    /// Changed events (and possibly overrides) were applied to the cached model.
    Applied,
    /// Every event was loaded.
    Loaded,
}

/// A finished backtest of the store's events.
struct ScoresResult {
    /// The store's write watermark when the computation began: the scores
    /// are current while it has not moved.
    watermark: u64,
    stats: StoreStats,
    computed_at: DateTime<Utc>,
    seconds: f64,
    levels: Vec<BacktestDto>,
}

/// The last finished backtest and the one under way.
#[derive(Default)]
struct ScoresState {
    done: Option<Arc<ScoresResult>>,
    /// Whether a computation is under way.
    running: bool,
    /// Why the last computation failed, until a request has been told.
    failed: Option<String>,
}

/// What the risk endpoints share: populations for the exposure factor (when
/// the gazetteer is installed), the cached model and the backtest scores.
#[derive(Default)]
pub(crate) struct RiskState {
    populations: Option<Arc<Populations>>,
    cache: Mutex<Option<Cached>>,
    scores: Mutex<ScoresState>,
}

impl RiskState {
    pub(crate) fn new(populations: Option<Arc<Populations>>) -> Self {
        RiskState {
            populations,
            cache: Mutex::new(None),
            scores: Mutex::new(ScoresState::default()),
        }
    }

    /// The model over the store's events now, from the cache when the store
    /// has not changed. Concurrent first requests wait for one load.
    pub(crate) fn model(&self, store: &dyn Store) -> Result<Arc<RiskModel>, ApiError> {
        Ok(self.model_and_stats(store)?.0)
    }

    /// [`model`](Self::model) with the store figures it was built for.
    fn model_and_stats(&self, store: &dyn Store) -> Result<(Arc<RiskModel>, StoreStats), ApiError> {
        let (model, _) = self.refresh(store)?;
        Ok((model, store.stats()?))
    }

    /// The model over the store's events now and how it was brought up to date.
    pub(crate) fn refresh(&self, store: &dyn Store) -> Result<(Arc<RiskModel>, Refresh), ApiError> {
        let overrides = load_overrides(store)?;
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        // Read under the lock: no other request moves the cache meanwhile.
        let watermark = store.watermark()?;
        // A watermark behind the model's is another store's (recreated): load it.
        if let Some(c) = cache.as_mut()
            && c.watermark <= watermark
            && watermark - c.watermark <= reload_after(c.model.incidents().len())
        {
            if c.watermark == watermark && c.overrides == overrides {
                return Ok((Arc::clone(&c.model), Refresh::Cached));
            }
            let mut changes = Vec::new();
            let mut at = c.watermark;
            loop {
                let page = store.changes_since(at, CHANGE_PAGE)?;
                changes.extend(page.events.iter().map(Change::of_event));
                at = page.watermark;
                if !page.more {
                    break;
                }
            }
            // Copies the model only while requests still hold the previous one.
            let model = Arc::make_mut(&mut c.model);
            if !changes.is_empty() {
                let applied = model.apply(changes);
                tracing::debug!(
                    ?applied,
                    watermark = at,
                    "applied changed events to the risk model"
                );
            }
            if c.overrides != overrides {
                model.set_overrides(overrides.clone());
                c.overrides = overrides;
            }
            c.watermark = at;
            return Ok((Arc::clone(&c.model), Refresh::Applied));
        }
        // The watermark is read before the events: a write while they load is
        // applied (again) on the next request, which applying twice allows.
        tracing::debug!(watermark, "loading events for risk ratings");
        let incidents = load_incidents(store, &[], None)?;
        let mut model = RiskModel::new(Config::default(), incidents)
            .map_err(risk_error)?
            .with_overrides(overrides.clone());
        if let Some(p) = &self.populations {
            model = model.with_populations(Populations::clone(p));
        }
        let model = Arc::new(model);
        *cache = Some(Cached {
            watermark,
            overrides,
            model: Arc::clone(&model),
        });
        Ok((model, Refresh::Loaded))
    }

    /// The scores of the store as it is now (`true`), or the previous ones
    /// while those are computed (`false`); starts the computation when none
    /// is under way. Reads the store's write watermark only.
    pub(crate) fn scores(
        self: &Arc<Self>,
        store: &Arc<dyn Store>,
    ) -> Result<(bool, RiskScoresDto), ApiError> {
        let watermark = store.watermark()?;
        let (done, start) = {
            let mut state = self.scores.lock().unwrap_or_else(|p| p.into_inner());
            let done = state.done.clone();
            if let Some(done) = &done
                && done.watermark == watermark
            {
                return Ok((true, scores_dto(Some(done), "ready", false)));
            }
            if let Some(error) = state.failed.take() {
                // Told once; the next request tries again.
                return Err(ApiError::Internal(format!(
                    "computing the risk scores failed: {error}"
                )));
            }
            let start = !state.running;
            state.running = true;
            (done, start)
        };
        if start {
            self.spawn_scores(Arc::clone(store));
        }
        Ok((
            false,
            scores_dto(done.as_deref(), "computing", done.is_some()),
        ))
    }

    /// Starts computing the scores unless they are current or under way.
    pub(crate) fn refresh_scores(self: &Arc<Self>, store: &Arc<dyn Store>) {
        if let Err(error) = self.scores(store) {
            tracing::warn!(%error, "cannot check the risk scores");
        }
    }

    fn spawn_scores(self: &Arc<Self>, store: Arc<dyn Store>) {
        let state = Arc::clone(self);
        let job = move || state.compute_scores(store.as_ref());
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(job)),
            Err(_) => {
                if let Err(error) = std::thread::Builder::new()
                    .name("risk-scores".into())
                    .spawn(job)
                {
                    tracing::warn!(%error, "cannot start computing the risk scores");
                    self.scores
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .running = false;
                }
            }
        }
    }

    /// Backtests the store's events at country and admin1 level and keeps the
    /// result; always clears `running`, even when it fails.
    fn compute_scores(&self, store: &dyn Store) {
        /// Hands the outcome over when the job ends, however it ends.
        struct Finish<'a>(&'a Mutex<ScoresState>, Result<ScoresResult, String>);
        impl Drop for Finish<'_> {
            fn drop(&mut self) {
                let mut state = self.0.lock().unwrap_or_else(|p| p.into_inner());
                let outcome = std::mem::replace(&mut self.1, Err(String::new()));
                match outcome {
                    Ok(result) => state.done = Some(Arc::new(result)),
                    Err(error) => state.failed = Some(error),
                }
                state.running = false;
            }
        }
        let mut finish = Finish(&self.scores, Err("the computation stopped".into()));
        let started = Instant::now();
        // Read first: a write while the scores are computed makes them stale.
        let watermark = match store.watermark() {
            Ok(w) => w,
            Err(error) => {
                finish.1 = Err(error.to_string());
                return;
            }
        };
        let (model, stats) = match self.model_and_stats(store) {
            Ok(m) => m,
            Err(error) => {
                tracing::warn!(%error, "cannot load the events for the risk scores");
                finish.1 = Err(error.to_string());
                return;
            }
        };
        // The job keeps its own copy of the incidents, not the model: a
        // request applying changes meanwhile then need not copy the model.
        let incidents = model.incidents().to_vec();
        drop(model);
        let levels = [AreaLevel::Country, AreaLevel::Admin1]
            .into_iter()
            .map(|level| {
                let spec = latest_backtest_spec(&incidents, level);
                let report = sitrep_risk::backtest::run_with(
                    incidents.clone(),
                    &spec,
                    &latest_backtest_options(),
                );
                BacktestDto::new(
                    level,
                    spec.horizon_days,
                    report.as_ref().map_err(ToString::to_string),
                )
            })
            .collect();
        let seconds = started.elapsed().as_secs_f64();
        tracing::info!(events = stats.events, seconds, "risk scores computed");
        finish.1 = Ok(ScoresResult {
            watermark,
            stats,
            computed_at: Utc::now(),
            seconds,
            levels,
        });
    }
}

fn scores_dto(result: Option<&ScoresResult>, status: &str, stale: bool) -> RiskScoresDto {
    RiskScoresDto {
        status: status.to_owned(),
        stale,
        events: result.map(|r| r.stats.events),
        first_date: result.and_then(|r| r.stats.first_date),
        last_date: result.and_then(|r| r.stats.last_date),
        computed_at: result.map(|r| r.computed_at),
        seconds: result.map(|r| (r.seconds * 1000.0).round() / 1000.0),
        levels: result.map(|r| r.levels.clone()).unwrap_or_default(),
    }
}

fn risk_error(e: RiskError) -> ApiError {
    match e {
        RiskError::InvalidArea(_) => ApiError::BadRequest(format!("area: {e}")),
        RiskError::InvalidRange { .. } => ApiError::InvalidQuery(e.to_string()),
        other => ApiError::Internal(other.to_string()),
    }
}

/// `at`, or the newest event's day.
fn day_or_last(model: &RiskModel, at: Option<NaiveDate>) -> Result<NaiveDate, ApiError> {
    match (at, model.span()) {
        (Some(at), _) => Ok(at),
        (None, Some((_, last))) => Ok(last),
        (None, None) => Err(ApiError::NotFound(
            "the store holds no events with a country to rate".into(),
        )),
    }
}

fn area_param(area: Result<Path<String>, PathRejection>) -> Result<AreaId, ApiError> {
    let Path(area) = area.map_err(|e| ApiError::BadRequest(format!("area: {}", e.body_text())))?;
    parse_area(&area)
}

/// An area no event names is 404 (a misspelt admin1 would otherwise rate zero).
pub(crate) fn require_events(model: &RiskModel, area: &AreaId) -> Result<AreaId, ApiError> {
    let area = model.resolve(area);
    if model.incidents().iter().any(|i| i.is_in(&area)) {
        Ok(area)
    } else {
        Err(ApiError::NotFound(format!(
            "no events for {area}; admin1 names are matched as the events spell them"
        )))
    }
}

fn countries(text: Option<&str>) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for cc in text.unwrap_or("").split(',').map(str::trim) {
        if cc.is_empty() {
            continue;
        }
        if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(ApiError::BadRequest(format!(
                "country: expected ISO 3166-1 alpha-2 codes, got {cc:?}"
            )));
        }
        out.push(cc.to_ascii_uppercase());
    }
    Ok(out)
}

/// Risk ratings of every country or admin1 region.
///
/// Each area has the rating of the requested stream (a category, or overall) with its
/// 30- and 90-day trends, and the ratings of every stream. A rating an analyst has
/// overridden carries the override; its `level` is the analyst's, its `score` and
/// `computed_level` the model's.
#[utoipa::path(
    get,
    path = "/api/v1/risk",
    tag = "risk",
    params(RiskListParams),
    responses(
        (status = 200, description = "Ratings, highest score first", body = RiskListDto),
        (status = 400, description = "A parameter is malformed", body = ErrorDto),
        (status = 404, description = "The store holds no events to rate", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn list_risk(
    State(app): State<AppState>,
    ApiQuery(params): ApiQuery<RiskListParams>,
) -> Result<Json<RiskListDto>, HttpError> {
    let level = parse_level(params.level.as_deref())?;
    let category = parse_category(params.category.as_deref())?;
    let at = parse_day("at", params.at.as_deref())?;
    let countries = countries(params.country.as_deref())?;
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadRequest(format!("limit: must be 1..={MAX_LIMIT}")).into());
    }
    let risk = Arc::clone(&app.risk);
    let shared = Arc::clone(&app.store);
    let dto = app
        .run(move |store| {
            let model = risk.model(store)?;
            // New events since the scores were computed: recompute them too.
            risk.refresh_scores(&shared);
            let at = day_or_last(&model, at)?;
            let mut ratings = model.ratings(level, at);
            if !countries.is_empty() {
                ratings.retain(|r| countries.contains(&r.area.country));
            }
            ratings.sort_by(|a, b| {
                b.category(category)
                    .score
                    .total_cmp(&a.category(category).score)
                    .then_with(|| a.area.cmp(&b.area))
            });
            let total = ratings.len();
            ratings.truncate(limit);
            let t30 = model.trends(level, category, at, 30);
            let t90 = model.trends(level, category, at, 90);
            Ok(RiskListDto {
                at,
                level: level.as_str().to_owned(),
                stream: stream_name(category).to_owned(),
                total,
                areas: ratings
                    .iter()
                    .map(|r| AreaRiskDto::new(r, category, t30.get(&r.area), t90.get(&r.area)))
                    .collect(),
                levels: Level::ALL.into_iter().map(LevelDto::from).collect(),
            })
        })
        .await?;
    Ok(Json(dto))
}

/// One rating taken apart: its top contributing events with their contributions in
/// score points, the baseline top-up and the spill-over from neighbours.
///
/// The area is a country code (`NG`), a country and admin1 region as the events spell
/// it (`NG%2FBorno`), or a city of 100,000+ (`NG%2FBorno%2FMaiduguri`), slashes encoded.
#[utoipa::path(
    get,
    path = "/api/v1/risk/{area}/explain",
    tag = "risk",
    params(
        ("area" = String, Path, description = "`CC`, `CC/Admin1` or `CC/Admin1/City` (slashes as %2F)", example = "NG"),
        RiskExplainParams,
    ),
    responses(
        (status = 200, description = "The rating and its parts", body = ExplanationDto),
        (status = 400, description = "A parameter is malformed", body = ErrorDto),
        (status = 404, description = "No event names this area", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn explain_risk(
    State(app): State<AppState>,
    area: Result<Path<String>, PathRejection>,
    ApiQuery(params): ApiQuery<RiskExplainParams>,
) -> Result<Json<ExplanationDto>, HttpError> {
    let area = area_param(area)?;
    let category = parse_category(params.category.as_deref())?;
    let at = parse_day("at", params.at.as_deref())?;
    let top = params.top.unwrap_or(10);
    if top > 1000 {
        return Err(ApiError::BadRequest("top: must be 0..=1000".into()).into());
    }
    let risk = Arc::clone(&app.risk);
    let dto = app
        .run(move |store| {
            let model = risk.model(store)?;
            let area = require_events(&model, &area)?;
            let at = day_or_last(&model, at)?;
            let why = model.explain(&area, category, at, top);
            let t30 = model.trend(&area, category, at, 30);
            let t90 = model.trend(&area, category, at, 90);
            Ok(ExplanationDto::new(&why, &t30, &t90).with_places(store)?)
        })
        .await?;
    Ok(Json(dto))
}

/// An area's daily rating from `from` to `to`, with the causes of each change of level
/// (entering events, decay, baseline, spill-over, overrides).
#[utoipa::path(
    get,
    path = "/api/v1/risk/{area}/history",
    tag = "risk",
    params(
        ("area" = String, Path, description = "`CC`, `CC/Admin1` or `CC/Admin1/City` (slashes as %2F)", example = "NG"),
        RiskHistoryParams,
    ),
    responses(
        (status = 200, description = "The daily series", body = RiskHistoryDto),
        (status = 400, description = "A parameter is malformed or the range invalid", body = ErrorDto),
        (status = 404, description = "No event names this area", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn history_risk(
    State(app): State<AppState>,
    area: Result<Path<String>, PathRejection>,
    ApiQuery(params): ApiQuery<RiskHistoryParams>,
) -> Result<Json<RiskHistoryDto>, HttpError> {
    let area = area_param(area)?;
    let category = parse_category(params.category.as_deref())?;
    let from = parse_day("from", params.from.as_deref())?;
    let to = parse_day("to", params.to.as_deref())?;
    let risk = Arc::clone(&app.risk);
    let dto = app
        .run(move |store| {
            let model = risk.model(store)?;
            let area = require_events(&model, &area)?;
            let to = day_or_last(&model, to)?;
            let from = from.unwrap_or_else(|| to.checked_sub_days(Days::new(365)).unwrap_or(to));
            if (to - from).num_days() > MAX_HISTORY_DAYS {
                return Err(ApiError::InvalidQuery(format!(
                    "from/to: at most {MAX_HISTORY_DAYS} days per request"
                )));
            }
            let history = model
                .history(&area, category, from, to)
                .map_err(risk_error)?;
            Ok(RiskHistoryDto::from(&history))
        })
        .await?;
    Ok(Json(dto))
}

/// The areas whose level changed, or whose 30-day trend turned (rising, falling,
/// stable), between `since` and `at`.
#[utoipa::path(
    get,
    path = "/api/v1/risk/changes",
    tag = "risk",
    params(RiskChangesParams),
    responses(
        (status = 200, description = "Areas that changed", body = RiskChangesDto),
        (status = 400, description = "A parameter is malformed or `since` is not before `at`", body = ErrorDto),
        (status = 404, description = "The store holds no events to rate", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn risk_changes(
    State(app): State<AppState>,
    ApiQuery(params): ApiQuery<RiskChangesParams>,
) -> Result<Json<RiskChangesDto>, HttpError> {
    let level = parse_level(params.level.as_deref())?;
    let category = parse_category(params.category.as_deref())?;
    let since = parse_day("since", params.since.as_deref())?;
    let at = parse_day("at", params.at.as_deref())?;
    let risk = Arc::clone(&app.risk);
    let dto = app
        .run(move |store| {
            let model = risk.model(store)?;
            let at = day_or_last(&model, at)?;
            let since = since.unwrap_or_else(|| at.checked_sub_days(Days::new(30)).unwrap_or(at));
            if since >= at {
                return Err(ApiError::InvalidQuery(format!(
                    "since: {since} must be before at ({at})"
                )));
            }
            let rate = |day: NaiveDate| -> HashMap<AreaId, (Level, f64, Option<Override>)> {
                model
                    .ratings(level, day)
                    .into_iter()
                    .map(|r| {
                        let rating = r.category(category);
                        let value = (rating.level, rating.score, rating.overridden.clone());
                        (r.area, value)
                    })
                    .collect()
            };
            let (before, after) = (rate(since), rate(at));
            let (t_before, t_after) = (
                model.trends(level, category, since, 30),
                model.trends(level, category, at, 30),
            );
            let direction = |t: &HashMap<AreaId, sitrep_risk::Trend>, a: &AreaId| {
                t.get(a).map_or(Direction::Stable, |t| t.direction)
            };
            let areas: BTreeSet<&AreaId> = before.keys().chain(after.keys()).collect();
            let mut out: Vec<RiskChangeDto> = Vec::new();
            for area in areas {
                let (lb, sb, _) =
                    before
                        .get(area)
                        .cloned()
                        .unwrap_or((Level::Negligible, 0.0, None));
                let (la, sa, o) =
                    after
                        .get(area)
                        .cloned()
                        .unwrap_or((Level::Negligible, 0.0, None));
                let (db, da) = (direction(&t_before, area), direction(&t_after, area));
                if lb == la && db == da {
                    continue;
                }
                out.push(RiskChangeDto {
                    area: area.to_string(),
                    name: area_name(area),
                    level_before: lb.number(),
                    level_after: la.number(),
                    score_before: (sb * 10.0).round() / 10.0,
                    score_after: (sa * 10.0).round() / 10.0,
                    trend_before: db.as_str().to_owned(),
                    trend_after: da.as_str().to_owned(),
                    level_changed: lb != la,
                    trend_turned: db != da,
                    override_: o.as_ref().map(OverrideDto::from),
                });
            }
            out.sort_by(|a, b| {
                let rise = |c: &RiskChangeDto| i16::from(c.level_after) - i16::from(c.level_before);
                b.level_changed
                    .cmp(&a.level_changed)
                    .then_with(|| rise(b).cmp(&rise(a)))
                    .then_with(|| b.score_after.total_cmp(&a.score_after))
                    .then_with(|| a.area.cmp(&b.area))
            });
            Ok(RiskChangesDto {
                since,
                at,
                level: level.as_str().to_owned(),
                stream: stream_name(category).to_owned(),
                areas: out,
            })
        })
        .await?;
    Ok(Json(dto))
}

/// How good the ratings are as forecasts: the latest backtest of the store's events.
///
/// At country and admin1 level, 30-day periods stepping over the last twelve periods up to
/// the newest event: per stream, the ROC AUC (any fatal event next period), the Brier score
/// of a calibrated probability and the Spearman correlation with next-period fatalities, of
/// the forecast derived from the rating and of the rating alone, against two baselines (last
/// period's fatalities; fatalities per period since the first event), with the model's
/// advantage and its bootstrap interval. Computed in the background after start and after
/// the store changes; `202` with `status: computing` (and the previous scores, marked
/// `stale`) meanwhile.
#[utoipa::path(
    get,
    path = "/api/v1/risk/scores",
    tag = "risk",
    responses(
        (status = 200, description = "The scores of the store as it is now", body = RiskScoresDto),
        (status = 202, description = "Being computed; poll again. Holds the previous scores, if any, marked stale", body = RiskScoresDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn risk_scores(State(app): State<AppState>) -> Result<Response, HttpError> {
    let risk = Arc::clone(&app.risk);
    let shared = Arc::clone(&app.store);
    let (ready, dto) = app.run(move |_| risk.scores(&shared)).await?;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Ok((status, Json(dto)).into_response())
}

/// The reach of an actor from its events: `ActorReachParams` parsed, the
/// actor's names from the store, its events paged through the store, and the
/// pure computation of `sitrep-risk`. Distances use the mean coordinates of the
/// actor's events in each country as that country's centroid (the server holds
/// no gazetteer centroids); `sitrep actor` uses the gazetteer's.
#[utoipa::path(
    get,
    path = "/api/v1/actors/{name}",
    tag = "risk",
    params(
        ("name" = String, Path, description = "An actor's canonical name or alias (case-insensitive), URL-encoded", example = "Islamic State Khorasan Province"),
        ActorReachParams,
    ),
    responses(
        (status = 200, description = "The actor's aliases, footprint per quarter and expansion signal with its evidence", body = ActorReachDto),
        (status = 400, description = "A parameter is malformed", body = ErrorDto),
        (status = 404, description = "No event names this actor", body = ErrorDto),
        (status = 500, description = "Internal error", body = ErrorDto),
    )
)]
pub(crate) async fn actor_reach(
    State(app): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    ApiQuery(params): ApiQuery<ActorReachParams>,
) -> Result<Json<ActorReachDto>, HttpError> {
    let Path(name) = name.map_err(|e| ApiError::BadRequest(format!("name: {}", e.body_text())))?;
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(ApiError::BadRequest("name: must not be empty".into()).into());
    }
    let at = parse_day("at", params.at.as_deref())?;
    let home = match params.home.as_deref().map(str::trim) {
        Some(h) if h.len() == 2 && h.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(h.to_ascii_uppercase())
        }
        Some(h) => {
            return Err(ApiError::BadRequest(format!(
                "home: expected an ISO 3166-1 alpha-2 code like AF, got {h:?}"
            ))
            .into());
        }
        None => None,
    };
    let mut config = ReachConfig::default();
    if let Some(w) = params.window {
        if !(1..=3_660).contains(&w) {
            return Err(ApiError::BadRequest("window: must be 1..=3660 days".into()).into());
        }
        config.window_days = w;
    }
    let with_affiliates = params.affiliates.unwrap_or(false);
    let dto = app
        .run(move |store| {
            sitrep_api::risk::actor_reach(
                store,
                &name,
                home.as_deref(),
                at,
                &config,
                &HashMap::new(),
                with_affiliates,
            )
        })
        .await?;
    Ok(Json(dto))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_store::SqliteStore;
    use sitrep_store::testing::sample_event;

    #[test]
    fn the_model_is_cached_until_the_events_or_overrides_change() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("sitrep.db")).unwrap();
        let on = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        store
            .upsert_events(&[sample_event(1, on, 9.0, 8.0, "NG")])
            .unwrap();
        let state = RiskState::new(None);
        let first = state.model(&store).unwrap();
        assert!(Arc::ptr_eq(&first, &state.model(&store).unwrap()));
        // A new override: same incidents, new model.
        store
            .add_override(&sitrep_store::NewOverride {
                area: "NG".into(),
                category: None,
                level: 4,
                reason: "r".into(),
                author: "a".into(),
                expires: None,
            })
            .unwrap();
        let second = state.model(&store).unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        assert_eq!(second.overrides().len(), 1);
        assert_eq!(second.incidents(), first.incidents());
        // A new event: applied to the cached model, not loaded again.
        store
            .upsert_events(&[sample_event(2, on, 9.0, 8.0, "NG")])
            .unwrap();
        let (third, how) = state.refresh(&store).unwrap();
        assert_eq!(how, Refresh::Applied);
        assert_eq!(third.incidents().len(), 2);
        assert_eq!(third.overrides().len(), 1);
        assert!(Arc::ptr_eq(&third, &state.model(&store).unwrap()));
        assert_eq!(state.refresh(&store).unwrap().1, Refresh::Cached);
        // A re-code that changes no store figure (count, dates) is seen too,
        // and so is an event moving country.
        let mut recoded = sample_event(1, on, 9.0, 8.0, "NG");
        recoded.fatalities = Some(60);
        let mut moved = sample_event(2, on, 13.5, 2.1, "NE");
        moved.location.admin1 = Some("Tillaberi".into());
        let stats = store.stats().unwrap();
        store.upsert_events(&[recoded, moved]).unwrap();
        assert_eq!(store.stats().unwrap(), stats);
        let (fourth, how) = state.refresh(&store).unwrap();
        assert_eq!(how, Refresh::Applied);
        let fresh = RiskState::new(None);
        let (rebuilt, how) = fresh.refresh(&store).unwrap();
        assert_eq!(how, Refresh::Loaded);
        assert_eq!(fourth.incidents(), rebuilt.incidents());
        assert_eq!(fourth.incidents()[0].fatalities, Some(60));
        for level in [AreaLevel::Country, AreaLevel::Admin1] {
            assert_eq!(fourth.ratings(level, on), rebuilt.ratings(level, on));
        }
        assert_eq!(fourth.ratings(AreaLevel::Country, on).len(), 2);
    }

    #[tokio::test]
    async fn actor_reach_answers_over_http() {
        use axum::body::Body;
        use axum::http::{Request, StatusCode};
        use tower::ServiceExt;
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("sitrep.db")).unwrap();
        let mut events = Vec::new();
        for i in 0..40u32 {
            let on = NaiveDate::from_ymd_opt(2022, 1 + i % 12, 1 + i % 27).unwrap();
            events.push(sample_event(i + 1, on, 34.5, 69.2, "AF"));
        }
        for (i, cc) in ["IR", "RU", "TR", "DE", "AT", "TJ", "IR", "RU"]
            .iter()
            .enumerate()
        {
            let i = u32::try_from(i).unwrap();
            let on = NaiveDate::from_ymd_opt(2023, 1 + i, 10).unwrap();
            events.push(sample_event(100 + i, on, 40.0, 40.0 + f64::from(i), cc));
        }
        store.upsert_events(&events).unwrap();
        let app = crate::router(Arc::new(store));
        let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
        let reply = app
            .clone()
            .oneshot(get(
                "/api/v1/actors/Islamic%20State%20Khorasan%20Province?at=2023-12-31",
            ))
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::OK);
        let body = axum::body::to_bytes(reply.into_body(), 1 << 24)
            .await
            .unwrap();
        let dto: ActorReachDto = serde_json::from_slice(&body).unwrap();
        assert_eq!(dto.home.as_deref(), Some("AF"));
        let signal = dto.signal.unwrap();
        assert!(signal.fires, "{}", signal.reason);
        assert_eq!(signal.evidence.len(), 8);
        // An alias the actor registry knows finds the same actor, with the
        // registry's parent organisation, aliases and home country.
        let reply = app
            .clone()
            .oneshot(get("/api/v1/actors/ISKP?at=2023-12-31"))
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::OK);
        let body = axum::body::to_bytes(reply.into_body(), 1 << 24)
            .await
            .unwrap();
        let by_alias: ActorReachDto = serde_json::from_slice(&body).unwrap();
        assert_eq!(by_alias.name, "Islamic State Khorasan Province");
        assert_eq!(by_alias.parent.as_deref(), Some("Islamic State"));
        assert!(by_alias.aliases.iter().any(|a| a == "Wilayat Khorasan"));
        assert_eq!(
            (by_alias.home.as_deref(), by_alias.home_given),
            (Some("AF"), true)
        );
        assert_eq!(by_alias.events, 48);
        let missing = app
            .clone()
            .oneshot(get("/api/v1/actors/Nobody"))
            .await
            .unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        let bad = app
            .oneshot(get("/api/v1/actors/ISKP?home=Afghanistan"))
            .await
            .unwrap();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    }
}
