//! Replaying history to score the ratings as forecasts.
//!
//! Steps start at `from` and advance by the step `s` (default 7 days) while a
//! whole next period of the horizon `h` fits before `to`. At a step `T`, the model
//! sees only incidents dated before `T` (a new [`RiskModel`] is built from that
//! prefix, neighbours included) and rates every area at `T − 1`. Four predictors
//! of the next period `[T, T + h)` per area and stream (overall and each
//! category):
//!
//! - **model**: the forecast derived from the rating ([`crate::forecast`]): the
//!   rating's raw value, its decay applied to fatalities, the last period's
//!   fatalities, the event trend and the long-run fatality rate, mapped to
//!   `P(fatal event)` by a ridge logistic calibration and to expected
//!   fatalities by a hurdle (`P · (e^m − 1)`, `m` a ridge regression of the
//!   toll on the fatal pairs; a category's own fit shrunk toward the one on
//!   the fatal pairs of every category), reported as none below a fitted cut;
//! - **rating**: the rating's score alone (what the first backtest scored);
//! - **persistence**: fatalities in the period just ended, `[T − h, T)`;
//! - **historical mean**: fatalities per period since the first incident.
//!
//! Each is scored against what happened next: ROC AUC for "any fatal incident",
//! Spearman's rank correlation with next-period fatalities, and the Brier score of
//! its probability. Every fitted map — the model's two, and the one-feature
//! logistic calibration that turns each other predictor into a probability — is
//! fitted **walk-forward**: at step `T` on the pairs of the earlier steps whose
//! outcome period had ended by `T` (`T_j + h ≤ T`), never on the pairs it is
//! scored on. Steps before the first one with such an earlier step only train.
//! Every predictor is scored on the same area × step pairs.
//!
//! Whether the model beats a baseline is judged by a paired cluster bootstrap
//! over areas ([`metrics::cluster_bootstrap`]): all steps of an area are drawn
//! together, since with steps shorter than the horizon an area's pairs share
//! outcome days.
//!
//! The area list is every area with an incident in the replayed window (from one
//! horizon before the first step to the end of the last outcome period), so an
//! area that turns violent for the first time counts as a miss for all
//! predictors alike, and areas of other datasets or years do not pad the list
//! with easy negatives.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use chrono::{Days, NaiveDate};
use sitrep_model::Category;

use crate::forecast::{Blend, Calibration, FEATURES, Forecaster, MONOTONE, Signals, shrunk_toll};
use crate::metrics::{self, Interval, Ranked};
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

/// How to step through the replay and how to judge the differences.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Days between steps. Steps shorter than the horizon give overlapping
    /// outcome periods and more pairs. Incidents must be dated when they became
    /// known: a monthly aggregate dated mid-month needs steps of its month
    /// (step = horizon, starting on a 1st), or a step inside the month would see
    /// the rest of the month.
    pub step_days: u32,
    /// Cluster-bootstrap resamples of areas for the intervals (0: none).
    pub resamples: usize,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            step_days: 7,
            resamples: 1000,
            seed: 0x5eed_2024,
        }
    }
}

/// The three scores of one predictor (`None` where undefined, e.g. AUC without
/// any positive).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub auc: Option<f64>,
    pub brier: Option<f64>,
    pub spearman: Option<f64>,
}

/// How much better the model scores than a baseline on the same pairs, with a
/// 95 % cluster-bootstrap interval: AUC and Spearman `model − baseline`, Brier
/// `baseline − model`, so positive is always "the model is better".
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Advantage {
    pub auc: Option<Interval>,
    pub brier: Option<Interval>,
    pub spearman: Option<Interval>,
}

/// The predictors on one stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamResult {
    /// `None` for the overall rating.
    pub category: Option<Category>,
    /// Area × step pairs scored.
    pub pairs: usize,
    /// Pairs with a fatal incident in the next period.
    pub positives: usize,
    /// The forecast derived from the rating: its calibrated probability (AUC,
    /// Brier) and its expected fatalities (Spearman).
    pub model: Scores,
    /// The rating's score alone, calibrated by one-feature logistic for Brier.
    pub rating: Scores,
    pub persistence: Scores,
    pub historical_mean: Scores,
    pub vs_persistence: Advantage,
    pub vs_historical_mean: Advantage,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub horizon_days: u32,
    pub step_days: u32,
    pub level: AreaLevel,
    /// Every step's `T`; those before `scored_from` only train.
    pub steps: Vec<NaiveDate>,
    /// Index in `steps` of the first scored step.
    pub scored_from: usize,
    pub areas: usize,
    /// Bootstrap resamples behind the intervals.
    pub resamples: usize,
    pub streams: Vec<StreamResult>,
}

impl Report {
    /// The steps whose pairs are scored.
    pub fn scored_steps(&self) -> &[NaiveDate] {
        &self.steps[self.scored_from.min(self.steps.len())..]
    }
}

/// One area at one step and stream (index 0 = overall, then `Category::ALL`):
/// what is known before the step and what happened next.
#[derive(Debug, Clone, Copy, Default)]
struct Row {
    score: f64,
    signals: Signals,
    mean: f64,
    fatal_next: bool,
    fatalities_next: f64,
}

impl Row {
    fn persistence(&self) -> f64 {
        self.signals.last_fatalities
    }
}

const STREAMS: usize = 7;

fn stream_of(category: Category) -> usize {
    1 + usize::from(category.code())
}

fn add_days(day: NaiveDate, n: u32) -> Result<NaiveDate, RiskError> {
    day.checked_add_days(Days::new(u64::from(n)))
        .ok_or_else(|| RiskError::InvalidBacktest(format!("date overflow after {day}")))
}

/// Replays `incidents` as `spec` says, with the default [`Options`] (weekly steps,
/// 1,000 bootstrap resamples).
pub fn run(incidents: Vec<Incident>, spec: &Spec) -> Result<Report, RiskError> {
    run_with(incidents, spec, &Options::default())
}

/// Replays `incidents` as `spec` and `options` say.
pub fn run_with(
    incidents: Vec<Incident>,
    spec: &Spec,
    options: &Options,
) -> Result<Report, RiskError> {
    let r = replay(incidents, spec, options)?;
    let pooled = pooled_tolls(&r);
    let streams = (0..STREAMS)
        .map(|st| {
            let category = st
                .checked_sub(1)
                .and_then(|c| Category::ALL.get(c).copied());
            score_stream(&r, st, category, options, &pooled)
        })
        .collect();
    Ok(Report {
        horizon_days: spec.horizon_days,
        step_days: options.step_days,
        level: spec.level,
        steps: r.steps,
        scored_from: r.scored_from,
        areas: r.areas,
        resamples: options.resamples,
        streams,
    })
}

/// The replay before scoring: the steps, the end of each one's outcome period,
/// the first scored step, and `rows[step][area][stream]`.
struct Replay {
    steps: Vec<NaiveDate>,
    ends: Vec<NaiveDate>,
    scored_from: usize,
    areas: usize,
    rows: Vec<Vec<[Row; STREAMS]>>,
}

fn replay(
    mut incidents: Vec<Incident>,
    spec: &Spec,
    options: &Options,
) -> Result<Replay, RiskError> {
    spec.config.validate()?;
    if spec.horizon_days == 0 || options.step_days == 0 {
        return Err(RiskError::InvalidBacktest(
            "the horizon and the step must be at least one day".into(),
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
    let (h, s) = (spec.horizon_days, options.step_days);
    let from = match spec.from {
        Some(d) => d,
        None => add_days(first, h)?,
    };
    let to = spec.to.unwrap_or(last);
    let mut steps = Vec::new();
    let mut ends = Vec::new();
    let mut t = from;
    while add_days(t, h)? <= add_days(to, 1)? {
        steps.push(t);
        ends.push(add_days(t, h)?);
        t = add_days(t, s)?;
    }
    // A step is scored once an earlier step's outcome period has ended.
    let scored_from = match (steps.first(), ends.first()) {
        (Some(_), Some(&end0)) => steps.partition_point(|t| *t < end0),
        _ => 0,
    };
    if scored_from == 0 || scored_from >= steps.len() {
        return Err(RiskError::InvalidBacktest(format!(
            "from {from} to {to} with a {h}-day horizon and {s}-day steps gives {} step(s) and \
             none at least one horizon after the first; a step is scored only when an earlier \
             step's outcome is known to calibrate on",
            steps.len()
        )));
    }
    let last_end = *ends.last().unwrap_or(&from);
    let window_start = from
        .checked_sub_days(Days::new(u64::from(h)))
        .unwrap_or(first);
    let areas: Vec<AreaId> = incidents
        .iter()
        .filter(|i| i.day >= window_start && i.day < last_end)
        .filter_map(|i| i.area(spec.level))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: HashMap<&AreaId, usize> = areas.iter().enumerate().map(|(k, a)| (a, k)).collect();

    // rows[step][area][stream]
    let mut rows: Vec<Vec<[Row; STREAMS]>> = Vec::with_capacity(steps.len());
    for (&step, &next_end) in steps.iter().zip(&ends) {
        let known = incidents.partition_point(|i| i.day < step);
        let mut step_rows = vec![[Row::default(); STREAMS]; areas.len()];
        let Some(day_before) = step.pred_opt() else {
            rows.push(step_rows);
            continue;
        };
        let model = RiskModel::new(spec.config.clone(), incidents[..known].to_vec())?;
        for rating in model.ratings(spec.level, day_before) {
            if let Some(&k) = index.get(&rating.area) {
                let parts = std::iter::once((0, &rating.overall))
                    .chain(rating.categories.iter().map(|(c, r)| (stream_of(*c), r)));
                for (stream, r) in parts {
                    let row = &mut step_rows[k][stream];
                    row.score = r.score;
                    row.signals.raw = r.raw;
                }
            }
        }
        let last_start = step.checked_sub_days(Days::new(u64::from(h)));
        let previous_start = step.checked_sub_days(Days::new(2 * u64::from(h)));
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
            let events = f64::from(incident.events);
            let decay = if incident.day < step {
                spec.config
                    .decay((day_before - incident.day).num_days() as f64)
            } else {
                0.0
            };
            for st in [0, stream_of(incident.category)] {
                let row = &mut step_rows[k][st];
                if incident.day < step {
                    row.mean += fatalities / periods;
                    row.signals.mean_fatalities += fatalities / periods;
                    row.signals.decayed_fatalities += fatalities * decay;
                    if last_start.is_none_or(|d| incident.day >= d) {
                        row.signals.last_fatalities += fatalities;
                        row.signals.last_events += events;
                    } else if previous_start.is_none_or(|d| incident.day >= d) {
                        row.signals.previous_events += events;
                    }
                } else {
                    row.fatalities_next += fatalities;
                    row.fatal_next |= incident.is_fatal();
                }
            }
        }
        for area in &mut step_rows {
            let overall = area[0].signals.mean_fatalities;
            for row in area.iter_mut() {
                row.signals.area_mean_fatalities = overall;
            }
        }
        rows.push(step_rows);
    }

    Ok(Replay {
        steps,
        ends,
        scored_from,
        areas: areas.len(),
        rows,
    })
}

/// A one-feature calibration of `x` by `ln(1 + x)`.
fn calibrate(x: &[f64], labels: &[bool]) -> Option<Calibration> {
    let rows: Vec<[f64; 1]> = x.iter().map(|v| [v.max(0.0).ln_1p()]).collect();
    Calibration::fit(&rows, labels, Calibration::RIDGE, &[true])
}

/// The scored pairs of one stream, one column per predictor.
#[derive(Debug, Default)]
struct Pairs {
    area: Vec<usize>,
    fatal: Vec<bool>,
    fatalities: Vec<f64>,
    model_p: Vec<f64>,
    model_f: Vec<f64>,
    rating_x: Vec<f64>,
    rating_p: Vec<f64>,
    persistence_x: Vec<f64>,
    persistence_p: Vec<f64>,
    mean_x: Vec<f64>,
    mean_p: Vec<f64>,
}

/// The training pairs of stream `st` in the first `m` steps: each one's
/// signals, whether a fatal event followed, and the fatalities that followed.
fn training(r: &Replay, st: usize, m: usize) -> (Vec<Signals>, Vec<bool>, Vec<f64>) {
    let train = r.rows[..m].iter().flatten().map(|a| &a[st]);
    (
        train.clone().map(|r| r.signals).collect(),
        train.clone().map(|r| r.fatal_next).collect(),
        train.map(|r| r.fatalities_next).collect(),
    )
}

/// The toll map of every category at a step whose fits see the first `m` steps:
/// ridge least squares on the fatal pairs of all categories together (the
/// overall stream left out, it counts the same deaths again). A category's own
/// fatal pairs are often a handful; how the toll grows with the signals is
/// much the same across kinds of violence.
fn pooled_toll(r: &Replay, m: usize) -> Option<Blend> {
    let groups: Vec<(Vec<[f64; FEATURES]>, Vec<f64>)> = (1..STREAMS)
        .map(|st| {
            let (signals, fatal, fatalities) = training(r, st, m);
            Forecaster::fit_tolls(&signals, &fatal, &fatalities)
        })
        .collect();
    let slices: Vec<(&[[f64; FEATURES]], &[f64])> = groups
        .iter()
        .map(|(rows, tolls)| (rows.as_slice(), tolls.as_slice()))
        .collect();
    Blend::fit_pooled(&slices, Blend::RIDGE, &MONOTONE)
}

/// The model of stream `st` fitted on the first `m` steps: the overall stream's
/// entirely on its own pairs; a category's probability and cut on its own
/// pairs, its toll map its own fit shrunk toward the one fitted on the fatal
/// pairs of every category ([`pooled_toll`], [`shrunk_toll`]).
fn fit_model(r: &Replay, st: usize, m: usize, pooled: Option<&Blend>) -> Option<Forecaster> {
    let (signals, fatal, fatalities) = training(r, st, m);
    if st == 0 {
        return Forecaster::fit(&signals, &fatal, &fatalities);
    }
    let (rows, tolls) = Forecaster::fit_tolls(&signals, &fatal, &fatalities);
    let own = Blend::fit(&rows, &tolls, Blend::RIDGE, &MONOTONE);
    let toll = shrunk_toll(own, rows.len(), pooled.cloned());
    Forecaster::fit_with_toll(&signals, &fatal, &fatalities, toll)
}

/// The pooled toll map ([`pooled_toll`]) for each number of training steps
/// the walk-forward fits on, fitted once for every stream.
fn pooled_tolls(r: &Replay) -> Vec<Option<Blend>> {
    let mut out = vec![None; r.rows.len() + 1];
    for k in r.scored_from..r.steps.len() {
        let m = r.ends.partition_point(|e| *e <= r.steps[k]);
        if out[m].is_none() {
            out[m] = pooled_toll(r, m);
        }
    }
    out
}

/// Walk-forward: at each scored step, fits on the steps whose outcome period had
/// ended by then and predicts that step's pairs; `pooled` as [`pooled_tolls`].
fn walk_forward(r: &Replay, st: usize, pooled: &[Option<Blend>]) -> Pairs {
    let (rows, steps, ends) = (&r.rows, &r.steps, &r.ends);
    let mut out = Pairs::default();
    let mut trained = usize::MAX;
    let mut fits = None;
    for k in r.scored_from..steps.len() {
        let m = ends.partition_point(|e| *e <= steps[k]);
        if m != trained {
            trained = m;
            let train: Vec<&Row> = rows[..m].iter().flatten().map(|a| &a[st]).collect();
            let fatal: Vec<bool> = train.iter().map(|r| r.fatal_next).collect();
            let column = |f: fn(&Row) -> f64| -> Vec<f64> { train.iter().map(|r| f(r)).collect() };
            fits = Some((
                fit_model(r, st, m, pooled[m].as_ref()),
                calibrate(&column(|r| r.score), &fatal),
                calibrate(&column(Row::persistence), &fatal),
                calibrate(&column(|r| r.mean), &fatal),
            ));
        }
        let Some((model, rating, persistence, mean)) = &fits else {
            continue;
        };
        let p = |c: &Option<Calibration>, x: f64| {
            c.as_ref()
                .map_or(0.5, |c| c.probability(&[x.max(0.0).ln_1p()]))
        };
        for (a, area) in rows[k].iter().enumerate() {
            let r = &area[st];
            out.area.push(a);
            out.fatal.push(r.fatal_next);
            out.fatalities.push(r.fatalities_next);
            let f = model.as_ref().map(|m| m.forecast(&r.signals));
            out.model_p.push(f.map_or(0.5, |f| f.fatal));
            out.model_f
                .push(model.as_ref().zip(f).map_or(0.0, |(m, f)| m.point(&f)));
            out.rating_x.push(r.score);
            out.rating_p.push(p(rating, r.score));
            out.persistence_x.push(r.persistence());
            out.persistence_p.push(p(persistence, r.persistence()));
            out.mean_x.push(r.mean);
            out.mean_p.push(p(mean, r.mean));
        }
    }
    out
}

fn score_stream(
    r: &Replay,
    st: usize,
    category: Option<Category>,
    options: &Options,
    pooled: &[Option<Blend>],
) -> StreamResult {
    let pairs = walk_forward(r, st, pooled);
    let y = &pairs.fatal;
    let scores = |x: &[f64], p: &[f64], f: &[f64]| Scores {
        auc: metrics::auc(x, y),
        brier: metrics::brier(p, y),
        spearman: metrics::spearman(f, &pairs.fatalities),
    };
    let model = scores(&pairs.model_p, &pairs.model_p, &pairs.model_f);
    let rating = scores(&pairs.rating_x, &pairs.rating_p, &pairs.rating_x);
    let persistence = scores(
        &pairs.persistence_x,
        &pairs.persistence_p,
        &pairs.persistence_x,
    );
    let historical_mean = scores(&pairs.mean_x, &pairs.mean_p, &pairs.mean_x);

    // The paired bootstrap: each resample scores all three on the same weights.
    let ranked = |v: &[f64]| Ranked::new(v.to_vec());
    let (fat, m_p, m_f) = (
        ranked(&pairs.fatalities),
        ranked(&pairs.model_p),
        ranked(&pairs.model_f),
    );
    let (b_x, h_x) = (ranked(&pairs.persistence_x), ranked(&pairs.mean_x));
    let n_areas = pairs.area.iter().max().map_or(0, |a| a + 1);
    let intervals = metrics::cluster_bootstrap(
        &pairs.area,
        n_areas,
        options.resamples,
        options.seed,
        6,
        |w| {
            let fat_ranks = fat.weighted_ranks(w);
            let rho = |r: &Ranked| metrics::weighted_pearson(&r.weighted_ranks(w), &fat_ranks, w);
            let (auc_m, brier_m, rho_m) = (
                m_p.weighted_auc(y, w),
                metrics::weighted_brier(&pairs.model_p, y, w),
                rho(&m_f),
            );
            let diff = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
            let mut out = Vec::with_capacity(6);
            for (x, p) in [(&b_x, &pairs.persistence_p), (&h_x, &pairs.mean_p)] {
                out.push(diff(auc_m, x.weighted_auc(y, w)));
                out.push(diff(metrics::weighted_brier(p, y, w), brier_m));
                out.push(diff(rho_m, rho(x)));
            }
            out
        },
    );
    let advantage = |i: usize| Advantage {
        auc: intervals[i],
        brier: intervals[i + 1],
        spearman: intervals[i + 2],
    };
    StreamResult {
        category,
        pairs: pairs.fatal.len(),
        positives: pairs.fatal.iter().filter(|l| **l).count(),
        model,
        rating,
        persistence,
        historical_mean,
        vs_persistence: advantage(0),
        vs_historical_mean: advantage(3),
    }
}

fn stream_label(category: Option<Category>) -> &'static str {
    category.map_or("overall", |c| c.as_str())
}

/// The report as text: the scores of the four predictors per stream, then the
/// model's advantage over each baseline with its interval.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = |d: Option<&NaiveDate>| d.map_or(String::new(), |d| d.to_string());
        let scored = self.scored_steps();
        writeln!(
            f,
            "{} areas ({}), horizon {} days, a step every {} days: {} steps {} … {}, {} scored \
             ({} … {}; the earlier ones only train)",
            self.areas,
            self.level.as_str(),
            self.horizon_days,
            self.step_days,
            self.steps.len(),
            date(self.steps.first()),
            date(self.steps.last()),
            scored.len(),
            date(scored.first()),
            date(scored.last()),
        )?;
        writeln!(
            f,
            "model: forecast from the rating (fitted walk-forward on earlier steps); rating: the \
             score alone; persis: fatalities of the period just ended; hmean: fatalities per \
             period since the first event"
        )?;
        writeln!(
            f,
            "AUC: any fatal event next period (higher is better); Brier: calibrated probability \
             (lower is better); Spearman: with next-period fatalities (higher is better)\n"
        )?;
        let v = |x: Option<f64>| x.map_or("     -".to_string(), |x| format!("{x:>6.3}"));
        let block = |f: &mut fmt::Formatter<'_>, t: &str| write!(f, " | {t:<27}");
        write!(f, "{:<15} {:>6} {:>5}", "", "pairs", "pos")?;
        for t in ["AUC", "Brier", "Spearman"] {
            block(f, t)?;
        }
        writeln!(f)?;
        write!(f, "{:<15} {:>6} {:>5}", "stream", "", "")?;
        for _ in 0..3 {
            write!(
                f,
                " | {:>6} {:>6} {:>6} {:>6}",
                "model", "rating", "persis", "hmean"
            )?;
        }
        writeln!(f)?;
        for s in &self.streams {
            write!(
                f,
                "{:<15} {:>6} {:>5}",
                stream_label(s.category),
                s.pairs,
                s.positives
            )?;
            let p = [&s.model, &s.rating, &s.persistence, &s.historical_mean];
            for get in [
                |s: &Scores| s.auc,
                |s: &Scores| s.brier,
                |s: &Scores| s.spearman,
            ] {
                write!(
                    f,
                    " | {} {} {} {}",
                    v(get(p[0])),
                    v(get(p[1])),
                    v(get(p[2])),
                    v(get(p[3]))
                )?;
            }
            writeln!(f)?;
        }
        if self.resamples == 0 {
            return Ok(());
        }
        writeln!(
            f,
            "\nthe model's advantage (AUC, Spearman: model − baseline; Brier: baseline − model) \
             with its 95 % interval from {} cluster-bootstrap resamples of areas; * the interval \
             lies above 0",
            self.resamples
        )?;
        let iv = |i: Option<Interval>| {
            i.map_or(format!("{:<27}", "     -"), |i| {
                format!(
                    "{:+.3} [{:+.3}, {:+.3}]{:<2}",
                    i.estimate,
                    i.low,
                    i.high,
                    if i.is_positive() { " *" } else { "" }
                )
            })
        };
        for (name, pick) in [
            (
                "vs persistence",
                (|s: &StreamResult| s.vs_persistence) as fn(&StreamResult) -> Advantage,
            ),
            ("vs hist. mean", |s: &StreamResult| s.vs_historical_mean),
        ] {
            writeln!(
                f,
                "{name:<15} | {:<27} | {:<27} | {:<27}",
                "AUC", "Brier", "Spearman"
            )?;
            for s in &self.streams {
                let a = pick(s);
                writeln!(
                    f,
                    "{:<15} | {:<27} | {:<27} | {:<27}",
                    stream_label(s.category),
                    iv(a.auc),
                    iv(a.brier),
                    iv(a.spearman)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::severity;
    use sitrep_model::{EventType, Status, SubEventType};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn clash(id: String, on: NaiveDate, country: &str, fatalities: u32) -> Incident {
        Incident {
            id,
            day: on,
            country: country.to_string(),
            admin1: None,
            city: None,
            location: None,
            category: Category::ArmedConflict,
            kind: "Battles/Armed clash".into(),
            fatalities: Some(fatalities),
            events: 1,
            severity: severity(
                EventType::Battles,
                Some(SubEventType::ArmedClash),
                Status::Occurred,
                Some(fatalities),
                None,
            ),
        }
    }

    fn spec(from: &str, to: &str) -> Spec {
        Spec {
            horizon_days: 30,
            from: Some(day(from)),
            to: Some(day(to)),
            level: AreaLevel::Country,
            config: Config::default(),
        }
    }

    /// A deterministic pseudo-random world: 80 countries, each with a violence
    /// intensity that decays (hot spots cooling down), holds, or flares, and
    /// Poisson-like clashes drawn from it day by day. Persistence sees only last
    /// month's deaths, which are noisy; the rating's decayed sums see months.
    fn decaying_hot_spots() -> Vec<Incident> {
        let mut rng = metrics::SplitMix64::new(42);
        let start = day("2023-01-01");
        let mut out = Vec::new();
        for c in 0..80u32 {
            let cc = format!("C{c:02}");
            // Events per day at the start, and a monthly factor.
            let base = [0.02, 0.05, 0.1, 0.3][(c % 4) as usize];
            let drift = [0.75, 0.9, 1.0, 1.05][(c / 4 % 4) as usize];
            for d in 0..365u32 {
                let rate = base * f64::powf(drift, f64::from(d) / 30.0);
                // One event with probability `rate` (rates stay below 1).
                if (rng.next_u64() as f64 / u64::MAX as f64) < rate {
                    let fatal = rng.below(2) == 0;
                    let deaths = if fatal { 1 + rng.below(5) as u32 } else { 0 };
                    out.push(clash(
                        format!("{cc}-{d}"),
                        start + Days::new(u64::from(d)),
                        &cc,
                        deaths,
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn the_model_beats_persistence_on_decaying_hot_spots() {
        let incidents = decaying_hot_spots();
        let opts = Options {
            resamples: 300,
            ..Options::default()
        };
        let report = run_with(incidents, &spec("2023-03-01", "2023-12-31"), &opts).unwrap();
        assert_eq!(report.step_days, 7);
        assert_eq!(report.areas, 80);
        // Steps whose outcome is not yet known by any later step only train.
        assert_eq!(report.scored_steps()[0], day("2023-04-05"));
        let overall = &report.streams[0];
        assert_eq!(overall.pairs, report.scored_steps().len() * 80);
        let (m, p) = (&overall.model, &overall.persistence);
        assert!(m.auc > p.auc, "{m:?} {p:?}");
        assert!(m.brier < p.brier, "{m:?} {p:?}");
        assert!(m.spearman > p.spearman, "{m:?} {p:?}");
        let adv = overall.vs_persistence;
        for i in [adv.auc, adv.brier, adv.spearman] {
            let i = i.unwrap();
            assert!(i.is_positive(), "{adv:?}");
            assert!(i.low <= i.estimate && i.estimate <= i.high);
        }
        // The estimates are the differences of the scores.
        let d = adv.auc.unwrap().estimate - (m.auc.unwrap() - p.auc.unwrap());
        assert!(d.abs() < 1e-12);
        let d = adv.brier.unwrap().estimate - (p.brier.unwrap() - m.brier.unwrap());
        assert!(d.abs() < 1e-12);
        // A category nobody was killed in has no AUC and no interval.
        let kidnap = &report.streams[stream_of(Category::Kidnap)];
        assert_eq!(kidnap.model.auc, None);
        assert_eq!(kidnap.vs_persistence.auc, None);
        // The text names every stream and the intervals.
        let text = report.to_string();
        assert!(text.contains("armed_conflict") && text.contains("vs persistence"));
    }

    #[test]
    fn a_future_event_cannot_change_an_earlier_forecast() {
        // Scores of a replay ending in June are the same whatever happens after
        // the last outcome period; a massacre in the future changes nothing.
        let incidents = decaying_hot_spots();
        let opts = Options {
            resamples: 50,
            ..Options::default()
        };
        let s = spec("2023-03-01", "2023-06-30");
        let a = run_with(incidents.clone(), &s, &opts).unwrap();
        let mut later = incidents;
        for k in 0..50 {
            later.push(clash(format!("future{k}"), day("2023-07-15"), "C00", 100));
        }
        let b = run_with(later, &s, &opts).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn a_forecast_never_depends_on_events_from_its_step_on() {
        // A massacre on the day of step k (inside its outcome period) changes the
        // outcomes of steps ≤ k, but not one prediction made at steps ≤ k: their
        // inputs are dated before the step and their fits use outcome periods
        // that ended by it.
        let incidents = decaying_hot_spots();
        let s = spec("2023-03-01", "2023-12-31");
        let opts = Options::default();
        let base = replay(incidents.clone(), &s, &opts).unwrap();
        let k = base.scored_from + 6;
        let mut later = incidents;
        for c in 0..80u32 {
            later.push(clash(
                format!("m{c}"),
                base.steps[k],
                &format!("C{c:02}"),
                500,
            ));
        }
        let changed = replay(later, &s, &opts).unwrap();
        assert_eq!(base.steps, changed.steps);
        let n = base.areas * (k + 1 - base.scored_from);
        for st in [0, stream_of(Category::ArmedConflict)] {
            let (a, b) = (
                walk_forward(&base, st, &pooled_tolls(&base)),
                walk_forward(&changed, st, &pooled_tolls(&changed)),
            );
            assert_eq!(a.model_p[..n], b.model_p[..n]);
            assert_eq!(a.model_f[..n], b.model_f[..n]);
            assert_eq!(a.rating_p[..n], b.rating_p[..n]);
            assert_eq!(a.persistence_p[..n], b.persistence_p[..n]);
            assert_eq!(a.mean_p[..n], b.mean_p[..n]);
            // … while the outcomes they are scored on did change, and so do the
            // predictions of the first step whose fit has seen them.
            assert_ne!(a.fatalities[..n], b.fatalities[..n]);
            let after = base.ends.partition_point(|e| *e <= base.steps[k]);
            let first_seen = (k + 1..base.steps.len())
                .find(|&j| base.ends.partition_point(|e| *e <= base.steps[j]) > after)
                .unwrap();
            let from = base.areas * (first_seen - base.scored_from);
            assert_ne!(
                a.model_p[from..from + base.areas],
                b.model_p[from..from + base.areas]
            );
        }
    }

    #[test]
    fn calibration_uses_only_outcomes_known_by_the_step() {
        // Monthly steps: the first step only trains, and the probability given at
        // the second step comes from a fit on the first step's pairs alone. With
        // weekly steps the first scored step is the first one ≥ 30 days after the
        // first step.
        let incidents = decaying_hot_spots();
        let monthly = Options {
            step_days: 30,
            resamples: 0,
            ..Options::default()
        };
        let r = run_with(
            incidents.clone(),
            &spec("2023-03-01", "2023-12-31"),
            &monthly,
        )
        .unwrap();
        assert_eq!(r.scored_from, 1);
        assert_eq!(r.streams[0].vs_persistence, Advantage::default());
        let weekly = Options {
            resamples: 0,
            ..Options::default()
        };
        let w = run_with(incidents, &spec("2023-03-01", "2023-12-31"), &weekly).unwrap();
        assert_eq!(w.scored_from, 5);
        assert!(w.streams[0].pairs > 3 * r.streams[0].pairs);
    }

    #[test]
    fn a_category_learns_its_toll_from_every_categorys_fatal_pairs() {
        // Three steps of 30 areas. Armed conflict kills in half of them, more
        // where more died last period; terrorism kills twice, four each time;
        // the overall stream (the same deaths again) is made absurd to show it
        // is left out of the pool.
        let (terror, war) = (
            stream_of(Category::Terrorism),
            stream_of(Category::ArmedConflict),
        );
        let mut rows = Vec::new();
        for k in 0..3 {
            let mut step = vec![[Row::default(); STREAMS]; 30];
            for (a, area) in step.iter_mut().enumerate() {
                let last = a as f64;
                area[war].signals.last_fatalities = last;
                area[war].fatal_next = a % 2 == 0;
                area[war].fatalities_next = if a % 2 == 0 { 1.0 + 2.0 * last } else { 0.0 };
                area[terror].signals.last_fatalities = (a % 5) as f64;
                area[terror].fatal_next = (k, a) == (0, 3) || (k, a) == (1, 7);
                area[terror].fatalities_next = if area[terror].fatal_next { 4.0 } else { 0.0 };
                area[0].fatal_next = true;
                area[0].fatalities_next = 1000.0;
            }
            rows.push(step);
        }
        let r = Replay {
            steps: vec![day("2023-01-01"), day("2023-02-01"), day("2023-03-01")],
            ends: vec![day("2023-02-01"), day("2023-03-01"), day("2023-04-01")],
            scored_from: 1,
            areas: 30,
            rows,
        };
        // The pool: every category's fatal pairs of the steps seen, not the
        // overall stream's, not a later step's.
        let pooled = pooled_toll(&r, 2).unwrap();
        let mut pool = (Vec::new(), Vec::new());
        for step in &r.rows[..2] {
            for st in 1..STREAMS {
                for area in step {
                    if area[st].fatal_next {
                        pool.0.push(area[st].signals.features());
                        pool.1.push(area[st].fatalities_next.max(1.0).ln_1p());
                    }
                }
            }
        }
        let want = Blend::fit(&pool.0, &pool.1, Blend::RIDGE, &MONOTONE).unwrap();
        assert!(
            (pooled.intercept - want.intercept).abs() < 1e-9,
            "{pooled:?} {want:?}"
        );
        for (w, v) in pooled.weights.iter().zip(&want.weights) {
            assert!((w - v).abs() < 1e-9, "{pooled:?} {want:?}");
        }
        assert!(pooled.weights[2] > 0.3, "{pooled:?}");
        // Terrorism's two fatal pairs alone give a flat toll; its model takes
        // the pool's shape, and keeps its own probability.
        let like = |last: f64| Signals {
            last_fatalities: last,
            ..Signals::default()
        };
        let model = fit_model(&r, terror, 2, Some(&pooled)).unwrap();
        let toll = |last: f64| model.forecast(&like(last)).log_toll_if_fatal;
        assert!(toll(20.0) > toll(0.0) + 1.0, "{model:?}");
        let (signals, fatal, fatalities) = training(&r, terror, 2);
        let alone = Forecaster::fit(&signals, &fatal, &fatalities).unwrap();
        assert!(
            alone
                .toll
                .as_ref()
                .unwrap()
                .weights
                .iter()
                .all(|w| *w == 0.0)
        );
        assert_eq!(model.calibration, alone.calibration);
        // The overall stream keeps a toll of its own: a thousand deaths.
        let overall = fit_model(&r, 0, 2, Some(&pooled)).unwrap();
        let toll = overall.forecast(&like(0.0)).log_toll_if_fatal;
        assert!((toll - 1001f64.ln()).abs() < 1e-6, "{overall:?}");
    }

    #[test]
    fn too_short_a_range_or_a_zero_step_is_refused() {
        let incidents = decaying_hot_spots();
        let short = run(incidents.clone(), &spec("2023-03-01", "2023-04-15"));
        assert!(
            matches!(short, Err(RiskError::InvalidBacktest(_))),
            "{short:?}"
        );
        let zero = Options {
            step_days: 0,
            ..Options::default()
        };
        assert!(run_with(incidents, &spec("2023-03-01", "2023-12-31"), &zero).is_err());
    }
}
