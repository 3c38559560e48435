//! sitrep's risk model as pure functions: no IO, no storage, no wire format.
//!
//! Events become [`Incident`]s (an event's area, category and [`severity`]); a
//! [`RiskModel`] over a set of incidents answers ratings per area and category at a
//! date ([`RiskModel::ratings`]), explains one rating event by event
//! ([`RiskModel::explain`]), replays an area's daily history incrementally
//! ([`RiskModel::history`]) and tests its trend ([`RiskModel::trend`]).
//! Analysts' [`Override`]s and area [`Populations`] are handed in as data
//! ([`RiskModel::with_overrides`], [`RiskModel::with_populations`]).
//! [`backtest`] replays history to score the ratings as forecasts against two
//! baselines, with the metrics in [`metrics`] and the forecast derived from the
//! ratings in [`forecast`]. [`RiskModel::live`] keeps every
//! area's decayed sums for O(1) updates per new event ([`LiveRatings`]);
//! [`RiskModel::apply`] takes changed events into the model itself (new
//! incidents inserted, re-coded ones replaced) without a rebuild;
//! [`reach`] follows an actor across borders and raises an expansion signal.
//!
//! The model is documented with its equations and defaults in `docs/risk-model.md`;
//! keep the two in step. Callers read events (from the store, a CSV) and print
//! results; this crate only computes, so every number it gives can be re-derived
//! from the incidents it was handed.

pub mod backtest;
mod explain;
pub mod forecast;
mod history;
mod incident;
mod level;
mod live;
pub mod metrics;
mod model;
mod overrides;
pub mod reach;
mod severity;
mod trend;
mod update;

#[cfg(test)]
mod tests;

pub use explain::{Contribution, Explanation};
pub use history::{DayRating, Entering, History, LevelChange};
pub use incident::{AreaId, AreaLevel, CityKey, Incident};
pub use level::{Level, score_from_raw};
pub use live::LiveRatings;
pub use model::{AreaRating, Config, Rating, RiskModel};
pub use overrides::{CITY_POPULATION, City, Override, Populations};
pub use reach::{ActorEvent, ExpansionSignal, Involvement, Reach, ReachConfig, reach};
pub use severity::{TargetClass, event_severity, severity, sub_type_weight, target_weight};
pub use trend::{ChangeBand, Direction, Trend, binomial_rate_test};
pub use update::{Applied, Change};

/// What the risk model refuses.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RiskError {
    #[error("invalid area {0:?}: expected an ISO 3166-1 alpha-2 code like NG or NG/Borno")]
    InvalidArea(String),
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    #[error("invalid date range: {from} is after {to}")]
    InvalidRange {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    #[error("invalid backtest: {0}")]
    InvalidBacktest(String),
}
