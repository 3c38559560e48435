//! An area's daily rating over a date range, computed incrementally: the state of
//! the day before is decayed by one day (`own · 2^(−1/H)`, `history · 2^(−1/H_L)`)
//! and the day's events are added, so a year costs a year of steps plus the events
//! in it, not a recomputation per day. Each change of level records its causes:
//! the events that entered that day, what decay took away, and how the baseline
//! and spill-over moved.

use chrono::{Days, NaiveDate};
use sitrep_model::Category;

use crate::model::Sums;
use crate::{AreaId, Level, Rating, RiskError, RiskModel};

/// The rating on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayRating {
    pub day: NaiveDate,
    pub score: f64,
    pub level: Level,
    pub own: f64,
    pub baseline: f64,
    pub spill: f64,
    /// The id of the analyst's override that set the level that day.
    pub override_id: Option<i64>,
}

/// An event that entered the rating on the day of a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Entering {
    pub event_id: String,
    pub kind: String,
    pub fatalities: Option<u32>,
    /// Raw units added.
    pub raw: f64,
}

/// A day on which the level changed, and why. In raw units:
/// `raw after − raw before = Σ entering − decay + baseline_change + spill_change`.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelChange {
    pub day: NaiveDate,
    pub from: Level,
    pub to: Level,
    pub score_before: f64,
    pub score_after: f64,
    pub entering: Vec<Entering>,
    /// Raw units the area's own events lost to one day of decay.
    pub decay: f64,
    pub baseline_change: f64,
    pub spill_change: f64,
    /// The override in force before and after the change (a change of these,
    /// not of the score, explains a change of level when they differ).
    pub override_before: Option<i64>,
    pub override_after: Option<i64>,
}

/// The daily series of one area × category (overall when `category` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub area: AreaId,
    pub category: Option<Category>,
    pub days: Vec<DayRating>,
    pub changes: Vec<LevelChange>,
}

impl RiskModel {
    /// The daily ratings of `area` from `from` to `to`, inclusive.
    pub fn history(
        &self,
        area: &AreaId,
        category: Option<Category>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<History, RiskError> {
        if from > to {
            return Err(RiskError::InvalidRange { from, to });
        }
        let area = self.resolve(area);
        let neighbours: Vec<AreaId> = self.neighbours_of(&area).to_vec();
        let before = from.pred_opt().unwrap_or(from);
        let mut state: Vec<Sums> = std::iter::once(&area)
            .chain(&neighbours)
            .map(|a| self.area_sums(a, before))
            .collect();
        let (f, f_long) = (self.config.daily_decay(), self.config.daily_decay_long());
        let long_weight = self.config.half_life_days / self.config.baseline_half_life_days;
        let factor = self.exposure_factor(&area);
        let selected = |c: Category| category.is_none_or(|k| k == c);
        let own_total = |s: &Sums| -> f64 {
            Category::ALL
                .iter()
                .filter(|c| selected(**c))
                .map(|c| s.own[usize::from(c.code())])
                .sum::<f64>()
                * factor
        };
        let rate = |state: &[Sums], day: NaiveDate| -> Rating {
            let pairs: Vec<(AreaId, Sums)> = neighbours
                .iter()
                .cloned()
                .zip(state[1..].iter().copied())
                .collect();
            self.rate(&area, &state[0], &pairs, day)
                .category(category)
                .clone()
        };

        let mut previous = rate(&state, before);
        let mut days = Vec::new();
        let mut changes = Vec::new();
        let mut next = self.incidents.partition_point(|i| i.day < from);
        let mut day = from;
        loop {
            let own_before = own_total(&state[0]);
            for sums in state.iter_mut() {
                for k in 0..6 {
                    sums.own[k] *= f;
                    sums.history[k] *= f_long;
                }
            }
            let decay = own_before - own_total(&state[0]);
            let mut entering = Vec::new();
            while let Some(incident) = self.incidents.get(next).filter(|i| i.day == day) {
                next += 1;
                let k = usize::from(incident.category.code());
                for (j, a) in std::iter::once(&area).chain(&neighbours).enumerate() {
                    if incident.is_in(a) {
                        state[j].own[k] += incident.severity;
                        state[j].history[k] += incident.severity * long_weight;
                    }
                }
                if incident.is_in(&area) && selected(incident.category) {
                    entering.push(Entering {
                        event_id: incident.id.clone(),
                        kind: incident.kind.clone(),
                        fatalities: incident.fatalities,
                        raw: incident.severity * factor,
                    });
                }
            }
            let current = rate(&state, day);
            if current.level != previous.level {
                entering.sort_by(|a, b| b.raw.total_cmp(&a.raw));
                changes.push(LevelChange {
                    day,
                    from: previous.level,
                    to: current.level,
                    score_before: previous.score,
                    score_after: current.score,
                    entering,
                    decay,
                    baseline_change: current.baseline - previous.baseline,
                    spill_change: current.spill - previous.spill,
                    override_before: previous.overridden.as_ref().map(|o| o.id),
                    override_after: current.overridden.as_ref().map(|o| o.id),
                });
            }
            days.push(DayRating {
                day,
                score: current.score,
                level: current.level,
                own: current.own,
                baseline: current.baseline,
                spill: current.spill,
                override_id: current.overridden.as_ref().map(|o| o.id),
            });
            previous = current;
            match day.checked_add_days(Days::new(1)) {
                Some(d) if d <= to => day = d,
                _ => break,
            }
        }
        Ok(History {
            area,
            category,
            days,
            changes,
        })
    }
}
