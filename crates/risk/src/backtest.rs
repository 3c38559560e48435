//! Replaying history to score the ratings as forecasts.
//!
//! Steps start at `from` and advance by the horizon `h` while a whole next period
//! fits before `to`. At a step `T`, the model sees only incidents dated before `T`
//! (a new [`RiskModel`] is built from that prefix, neighbours included) and rates
//! every area at `T − 1`. Three predictors of the next period `[T, T + h)` per
//! area and stream (overall and each category):
//!
//! - **model**: the rating's score;
//! - **persistence**: fatalities in the period just ended, `[T − h, T)`;
//! - **historical mean**: fatalities per period since the first incident.
//!
//! Each is scored against what happened next: ROC AUC for "any fatal incident",
//! Spearman's rank correlation with next-period fatalities, and the Brier score of
//! a probability from a logistic calibration of the predictor fitted on the
//! earlier steps only (outcomes of step `k − 1` are known at step `k`). The first
//! step has nothing to calibrate on and is not scored; every predictor is scored on
//! the same area × step pairs. The area list is every area with an incident in the
//! replayed window (from one horizon before the first step to the end of the last
//! outcome period), so an area that turns violent for the first time counts as a
//! miss for all three predictors alike, and areas of other datasets or years do
//! not pad the list with easy negatives.

use std::collections::{BTreeSet, HashMap};

use chrono::{Days, NaiveDate};
use sitrep_model::Category;

use crate::metrics::{self, Logistic};
use crate::{AreaId, AreaLevel, Config, Incident, RiskError, RiskModel};

/// What to replay.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub horizon_days: u32,
    /// First step; default: one horizon after the first incident.
    pub from: Option<NaiveDate>,
    /// Last day an outcome period may reach; default: the last incident's day.
    pub to: Option<NaiveDate>,
    pub level: AreaLevel,
    pub config: Config,
}

/// The three scores of one predictor (`None` where undefined, e.g. AUC without
/// any positive).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub auc: Option<f64>,
    pub brier: Option<f64>,
    pub spearman: Option<f64>,
}

/// The three predictors on one stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamResult {
    /// `None` for the overall rating.
    pub category: Option<Category>,
    /// Area × step pairs scored.
    pub pairs: usize,
    /// Pairs with a fatal incident in the next period.
    pub positives: usize,
    pub model: Scores,
    pub persistence: Scores,
    pub historical_mean: Scores,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub horizon_days: u32,
    pub level: AreaLevel,
    /// Every step's `T`; the first is used for calibration only.
    pub steps: Vec<NaiveDate>,
    pub areas: usize,
    pub streams: Vec<StreamResult>,
}

/// One area at one step: the predictors and the outcome, per stream (index 0 =
/// overall, then `Category::ALL`).
#[derive(Debug, Clone, Copy, Default)]
struct Row {
    model: f64,
    persistence: f64,
    mean: f64,
    fatal_next: bool,
    fatalities_next: f64,
}

const STREAMS: usize = 7;

fn stream_of(category: Category) -> usize {
    1 + usize::from(category.code())
}

fn add_days(day: NaiveDate, n: u32) -> Result<NaiveDate, RiskError> {
    day.checked_add_days(Days::new(u64::from(n)))
        .ok_or_else(|| RiskError::InvalidBacktest(format!("date overflow after {day}")))
}

/// Replays `incidents` as `spec` says.
pub fn run(mut incidents: Vec<Incident>, spec: &Spec) -> Result<Report, RiskError> {
    spec.config.validate()?;
    if spec.horizon_days == 0 {
        return Err(RiskError::InvalidBacktest(
            "the horizon must be at least one day".into(),
        ));
    }
    incidents.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.id.cmp(&b.id)));
    let (Some(first), Some(last)) = (
        incidents.first().map(|i| i.day),
        incidents.last().map(|i| i.day),
    ) else {
        return Err(RiskError::InvalidBacktest(
            "there are no incidents to replay".into(),
        ));
    };
    let h = spec.horizon_days;
    let from = match spec.from {
        Some(d) => d,
        None => add_days(first, h)?,
    };
    let to = spec.to.unwrap_or(last);
    let mut steps = Vec::new();
    let mut t = from;
    while add_days(t, h)? <= add_days(to, 1)? {
        steps.push(t);
        t = add_days(t, h)?;
    }
    if steps.len() < 2 {
        return Err(RiskError::InvalidBacktest(format!(
            "from {from} to {to} with a {h}-day horizon gives {} step(s); at least 2 are needed \
             (one to calibrate on, one to score)",
            steps.len()
        )));
    }
    // `t` is now the end of the last outcome period.
    let window_start = from
        .checked_sub_days(Days::new(u64::from(h)))
        .unwrap_or(first);
    let areas: Vec<AreaId> = incidents
        .iter()
        .filter(|i| i.day >= window_start && i.day < t)
        .filter_map(|i| i.area(spec.level))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: HashMap<&AreaId, usize> = areas.iter().enumerate().map(|(k, a)| (a, k)).collect();

    // rows[step][area][stream]
    let mut rows: Vec<Vec<[Row; STREAMS]>> = Vec::with_capacity(steps.len());
    for &step in &steps {
        let known = incidents.partition_point(|i| i.day < step);
        let model = RiskModel::new(spec.config.clone(), incidents[..known].to_vec())?;
        let mut step_rows = vec![[Row::default(); STREAMS]; areas.len()];
        if let Some(day_before) = step.pred_opt() {
            for rating in model.ratings(spec.level, day_before) {
                if let Some(&k) = index.get(&rating.area) {
                    step_rows[k][0].model = rating.overall.score;
                    for (c, r) in &rating.categories {
                        step_rows[k][stream_of(*c)].model = r.score;
                    }
                }
            }
        }
        let period_start = step
            .checked_sub_days(Days::new(u64::from(h)))
            .unwrap_or(first);
        let next_end = add_days(step, h)?;
        let periods = ((step - first).num_days().max(1) as f64 / f64::from(h))
            .ceil()
            .max(1.0);
        for incident in &incidents {
            if incident.day >= next_end {
                break;
            }
            let Some(k) = incident
                .area(spec.level)
                .and_then(|a| index.get(&a).copied())
            else {
                continue;
            };
            let fatalities = f64::from(incident.fatalities.unwrap_or(0));
            for s in [0, stream_of(incident.category)] {
                let row = &mut step_rows[k][s];
                if incident.day < step {
                    row.mean += fatalities / periods;
                    if incident.day >= period_start {
                        row.persistence += fatalities;
                    }
                } else {
                    row.fatalities_next += fatalities;
                    row.fatal_next |= incident.is_fatal();
                }
            }
        }
        rows.push(step_rows);
    }

    let streams = (0..STREAMS)
        .map(|s| {
            let category = s.checked_sub(1).and_then(|c| Category::ALL.get(c).copied());
            score_stream(&rows, s, category)
        })
        .collect();
    Ok(Report {
        horizon_days: h,
        level: spec.level,
        steps,
        areas: areas.len(),
        streams,
    })
}

fn score_stream(
    rows: &[Vec<[Row; STREAMS]>],
    s: usize,
    category: Option<Category>,
) -> StreamResult {
    let pick: [fn(&Row) -> f64; 3] = [|r| r.model, |r| r.persistence, |r| r.mean];
    let mut scores = [Scores::default(); 3];
    let mut labels = Vec::new();
    let mut fatalities = Vec::new();
    for step in rows.iter().skip(1) {
        for area in step {
            labels.push(area[s].fatal_next);
            fatalities.push(area[s].fatalities_next);
        }
    }
    for (p, get) in pick.iter().enumerate() {
        let mut x = Vec::new();
        let mut probabilities = Vec::new();
        for k in 1..rows.len() {
            let (past_x, past_y): (Vec<f64>, Vec<bool>) = rows[..k]
                .iter()
                .flatten()
                .map(|a| (get(&a[s]), a[s].fatal_next))
                .unzip();
            let fit = Logistic::fit(&past_x, &past_y);
            for area in &rows[k] {
                let v = get(&area[s]);
                x.push(v);
                probabilities.push(fit.map_or(0.5, |f| f.predict(v)));
            }
        }
        scores[p] = Scores {
            auc: metrics::auc(&x, &labels),
            brier: metrics::brier(&probabilities, &labels),
            spearman: metrics::spearman(&x, &fatalities),
        };
    }
    StreamResult {
        category,
        pairs: labels.len(),
        positives: labels.iter().filter(|l| **l).count(),
        model: scores[0],
        persistence: scores[1],
        historical_mean: scores[2],
    }
}
