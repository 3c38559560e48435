//! Why a rating is what it is: every event's share of the score, plus the
//! baseline and spill-over parts, in score points that add up to the score.
//!
//! The curve from raw to score is not linear, so points are shared out in
//! proportion to raw: a part worth `x` of `raw` gets `score · x / raw` points.
//! Events are listed by contribution; past `top` they are summed into one line.

use chrono::NaiveDate;
use sitrep_model::Category;

use crate::{AreaId, Rating, RiskModel};

/// One event's part in a rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub event_id: String,
    pub day: NaiveDate,
    pub kind: String,
    pub category: Category,
    pub fatalities: Option<u32>,
    /// Severity when it happened.
    pub severity: f64,
    /// Severity left after decay (raw units).
    pub decayed: f64,
    /// Score points.
    pub points: f64,
}

/// A rating taken apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub area: AreaId,
    /// `None` for the overall rating.
    pub category: Option<Category>,
    pub at: NaiveDate,
    pub rating: Rating,
    /// The `top` largest contributions, largest first.
    pub events: Vec<Contribution>,
    /// The remaining events, summed.
    pub other_events: usize,
    pub other_points: f64,
    /// Severity the area's events have lost to decay by `at` (raw units): what the
    /// score would gain if nothing decayed.
    pub decayed_away: f64,
    /// Points of the baseline top-up.
    pub baseline_points: f64,
    /// Points spilled over from each neighbour.
    pub spill_points: Vec<(AreaId, f64)>,
}

impl Explanation {
    /// Events + other events + baseline + spill-over: equals the score.
    pub fn total_points(&self) -> f64 {
        let events = self.events.iter().fold(0.0, |sum, c| sum + c.points);
        let spill = self.spill_points.iter().fold(0.0, |sum, (_, p)| sum + p);
        events + self.other_points + self.baseline_points + spill
    }
}

impl RiskModel {
    /// Explains the rating of `area` (overall with `category` `None`) at `at`.
    pub fn explain(
        &self,
        area: &AreaId,
        category: Option<Category>,
        at: NaiveDate,
        top: usize,
    ) -> Explanation {
        let area = self.resolve(area);
        let rated = self.rating(&area, at);
        let rating = rated.category(category).clone();
        let per_point = if rating.raw > 0.0 {
            rating.score / rating.raw
        } else {
            0.0
        };
        let factor = self.exposure_factor(&area);
        let mut all: Vec<Contribution> = Vec::new();
        let mut decayed_away = 0.0;
        for incident in self.known_at(at) {
            if !incident.is_in(&area) || category.is_some_and(|c| c != incident.category) {
                continue;
            }
            let age = (at - incident.day).num_days() as f64;
            let decayed = incident.severity * self.config.decay(age) * factor;
            decayed_away += incident.severity * factor - decayed;
            all.push(Contribution {
                event_id: incident.id.clone(),
                day: incident.day,
                kind: incident.kind.clone(),
                category: incident.category,
                fatalities: incident.fatalities,
                severity: incident.severity,
                decayed,
                points: decayed * per_point,
            });
        }
        all.sort_by(|a, b| {
            b.decayed
                .total_cmp(&a.decayed)
                .then_with(|| b.day.cmp(&a.day))
                .then_with(|| a.event_id.cmp(&b.event_id))
        });
        let rest = all.split_off(top.min(all.len()));
        Explanation {
            area,
            category,
            at,
            events: all,
            other_events: rest.len(),
            other_points: rest.iter().fold(0.0, |sum, c| sum + c.points),
            decayed_away,
            baseline_points: rating.baseline * per_point,
            spill_points: rating
                .spill_from
                .iter()
                .map(|(n, v)| (n.clone(), v * per_point))
                .collect(),
            rating,
        }
    }
}
