//! Applying changed events to a [`RiskModel`] without rebuilding it
//! (`docs/risk-model.md` §5b): new incidents are inserted and changed ones
//! replaced (same id) in the model's (day, id) order, and the per-area
//! structures follow — the admin1 position sums behind the neighbours, and
//! the neighbours of every country whose sums moved.
//!
//! Every answer of the model (ratings at any day, explanations, histories,
//! trends) reads its sorted incidents and neighbours, and after [`RiskModel::apply`]
//! both are exactly what [`RiskModel::new`] builds from the same incidents
//! (the centroids are fixed-point sums, so the order of arrival does not
//! matter): the ratings are bit-identical to a rebuild's.
//!
//! Cost: a change is found by the hash of its id (a map of id hash → day
//! built on the first call, then a binary search on (day, id)); a re-code on
//! the same day is replaced in place; a re-dated one moves, shifting only the
//! incidents between its old and new place; removals and new incidents are
//! merged in one pass over the incidents from the earliest position touched —
//! for new events, near the end. A country whose admin1 positions moved (a new region
//! among them) has its neighbours recomputed from the centroids of its own
//! regions only (pairs within one country; O(regions²) for that country).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

use chrono::NaiveDate;
use sitrep_model::Event;

use crate::model::{centroid_key, find_neighbours, incident_order};
use crate::{Incident, RiskModel};

/// One changed event as the model sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new or changed incident: it replaces the model's incident with its id, if any.
    Upsert(Incident),
    /// The incident with this id is gone (its event no longer names a country).
    Remove(String),
}

impl Change {
    /// The change a written event makes: its incident, or its removal when
    /// it has none ([`Incident::from_event`]).
    pub fn of_event(event: &Event) -> Change {
        match Incident::from_event(event) {
            Some(incident) => Change::Upsert(incident),
            None => Change::Remove(event.id.0.clone()),
        }
    }

    fn id(&self) -> &str {
        match self {
            Change::Upsert(i) => &i.id,
            Change::Remove(id) => id,
        }
    }
}

/// What one [`RiskModel::apply`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub inserted: usize,
    pub replaced: usize,
    pub removed: usize,
    /// Countries whose admin1 neighbours were recomputed.
    pub countries_reneighboured: usize,
}

fn id_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// Hashes the map's keys, which are hashes already, as themselves.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Incident id hash → day (see `RiskModel::id_days`).
pub(crate) type IdDays = HashMap<u64, NaiveDate, BuildHasherDefault<PassThrough>>;

impl RiskModel {
    /// Applies changed events: each [`Change::Upsert`] inserts its incident or
    /// replaces the one with the same id, each [`Change::Remove`] drops one; of
    /// several changes to one id the last counts. Afterwards the model equals
    /// [`RiskModel::new`] over the changed set of incidents (with the same
    /// overrides and populations; incident ids are taken to be unique, as
    /// event ids are). A new incident gets its city from the model's populations.
    pub fn apply(&mut self, changes: impl IntoIterator<Item = Change>) -> Applied {
        let mut latest: HashMap<String, Change> = HashMap::new();
        for change in changes {
            latest.insert(change.id().to_owned(), change);
        }
        let mut applied = Applied::default();
        if latest.is_empty() {
            return applied;
        }
        self.ensure_id_days();
        // (old day, new incident) of re-dated incidents; (day, id) of removed
        // ones; new ones.
        let mut moves: Vec<(NaiveDate, Incident)> = Vec::new();
        let mut removals: Vec<(NaiveDate, String)> = Vec::new();
        let mut inserts: Vec<Incident> = Vec::new();
        let mut moved: HashSet<String> = HashSet::new();
        for (id, change) in latest {
            let old = self.position_of(&id);
            let new = match change {
                Change::Upsert(mut incident) => {
                    if self.populations.is_some() {
                        incident.city = self.city_key(&incident);
                    }
                    Some(incident)
                }
                Change::Remove(_) => None,
            };
            let old_key = old.and_then(|p| centroid_key(&self.incidents[p]));
            let new_key = new.as_ref().and_then(centroid_key);
            if old_key != new_key {
                for (key, sign) in [(old_key, -1), (new_key, 1)] {
                    let Some((area, point)) = key else { continue };
                    moved.insert(area.country.clone());
                    let centroid = self.centroids.entry(area.clone()).or_default();
                    centroid.add(point, sign);
                    if centroid.is_empty() {
                        self.centroids.remove(&area);
                    }
                }
            }
            match (old, new) {
                // Same day (and id): the order holds, replace in place.
                (Some(p), Some(incident)) if self.incidents[p].day == incident.day => {
                    self.incidents[p] = incident;
                    applied.replaced += 1;
                }
                (Some(p), Some(incident)) => {
                    moves.push((self.incidents[p].day, incident));
                    applied.replaced += 1;
                }
                (Some(p), None) => {
                    removals.push((self.incidents[p].day, id));
                    applied.removed += 1;
                }
                (None, Some(incident)) => {
                    inserts.push(incident);
                    applied.inserted += 1;
                }
                (None, None) => {}
            }
        }
        if let Some(days) = self.id_days.as_mut() {
            for incident in inserts.iter().chain(moves.iter().map(|(_, i)| i)) {
                days.insert(id_hash(&incident.id), incident.day);
            }
        }
        for (day, incident) in moves {
            self.move_incident(day, incident);
        }
        self.splice(removals, inserts);
        if !moved.is_empty() {
            self.neighbours
                .retain(|area, _| !moved.contains(&area.country));
            self.neighbours.extend(find_neighbours(
                &self.centroids,
                self.config.spill_radius_km,
                Some(&moved),
            ));
            applied.countries_reneighboured = moved.len();
        }
        applied
    }

    /// Builds the id hash → day map on first use. Every incident's hash is
    /// in it; the day is a hint (hashes may collide, and a removed
    /// incident's entry stays), checked by [`Self::position_of`].
    fn ensure_id_days(&mut self) {
        if self.id_days.is_none() {
            let mut days =
                IdDays::with_capacity_and_hasher(self.incidents.len(), Default::default());
            for incident in &self.incidents {
                days.insert(id_hash(&incident.id), incident.day);
            }
            self.id_days = Some(days);
        }
    }

    /// The position of the incident `(day, id)` if the model holds it there.
    fn exact(&self, day: NaiveDate, id: &str) -> Option<usize> {
        let p = self
            .incidents
            .partition_point(|i| (i.day, i.id.as_str()) < (day, id));
        self.incidents
            .get(p)
            .is_some_and(|i| i.day == day && i.id == id)
            .then_some(p)
    }

    /// Where the incident with `id` is, if the model holds it.
    fn position_of(&self, id: &str) -> Option<usize> {
        let day: NaiveDate = *self.id_days.as_ref()?.get(&id_hash(id))?;
        // A stale or colliding hint: look everywhere (rare).
        self.exact(day, id)
            .or_else(|| self.incidents.iter().position(|i| i.id == id))
    }

    /// Moves the incident now on `day` with `new`'s id to `new`'s place,
    /// shifting only the incidents between its old and new place by one.
    fn move_incident(&mut self, day: NaiveDate, new: Incident) {
        let Some(from) = self.exact(day, &new.id) else {
            // Not where it was found a moment ago: cannot happen; insert it.
            self.splice(vec![], vec![new]);
            return;
        };
        let to = self
            .incidents
            .partition_point(|i| incident_order(i, &new).is_lt());
        if to > from {
            self.incidents[from..to].rotate_left(1);
            self.incidents[to - 1] = new;
        } else {
            self.incidents[to..=from].rotate_right(1);
            self.incidents[to] = new;
        }
    }

    /// Removes the incidents `(day, id)` and inserts `insert` in order, in
    /// one pass over the incidents from the first position either touches
    /// (for new events, near the end).
    fn splice(&mut self, removals: Vec<(NaiveDate, String)>, mut insert: Vec<Incident>) {
        let mut remove: Vec<usize> = removals
            .iter()
            .filter_map(|(day, id)| self.exact(*day, id))
            .collect();
        if remove.is_empty() && insert.is_empty() {
            return;
        }
        remove.sort_unstable();
        insert.sort_by(incident_order);
        let first_insert = insert.first().map(|first| {
            self.incidents
                .partition_point(|i| incident_order(i, first).is_lt())
        });
        let start = match (remove.first(), first_insert) {
            (Some(&r), Some(i)) => r.min(i),
            (Some(&r), None) => r,
            (None, Some(i)) => i,
            (None, None) => return,
        };
        let tail = self.incidents.split_off(start);
        self.incidents.reserve(tail.len() + insert.len());
        let mut remove = remove.into_iter().map(|p| p - start).peekable();
        let mut insert = insert.into_iter().peekable();
        for (i, incident) in tail.into_iter().enumerate() {
            if remove.peek() == Some(&i) {
                remove.next();
                continue;
            }
            while let Some(new) = insert.next_if(|n| incident_order(n, &incident).is_lt()) {
                self.incidents.push(new);
            }
            self.incidents.push(incident);
        }
        self.incidents.extend(insert);
    }
}

#[cfg(test)]
mod tests {
    use chrono::Days;
    use sitrep_model::{EventType, Status, SubEventType};

    use super::*;
    use crate::{AreaId, AreaLevel, Config, severity};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A clash in `area` at `(lat, lon)`.
    fn clash(id: &str, on: NaiveDate, area: &str, at: (f64, f64), fatalities: u32) -> Incident {
        Incident {
            location: Some(at),
            ..crate::tests::clash(id, on, area, fatalities)
        }
    }

    /// Regions of two countries, some within 300 km of each other.
    const REGIONS: &[(&str, (f64, f64))] = &[
        ("NG/Borno", (11.8, 13.1)),
        ("NG/Yobe", (12.3, 11.4)),
        ("NG/Adamawa", (9.3, 12.4)),
        ("NG/Lagos", (6.5, 3.4)),
        ("ML/Mopti", (14.5, -4.2)),
        ("ML/Gao", (16.3, -0.0)),
        ("ML", (12.6, -8.0)),
    ];

    fn base() -> Vec<Incident> {
        let start = day(2023, 1, 1);
        (0..400u64)
            .map(|i| {
                let (area, (lat, lon)) = REGIONS[(i % REGIONS.len() as u64) as usize];
                let jitter = (i % 11) as f64 * 0.05;
                clash(
                    &format!("e{i:03}"),
                    start.checked_add_days(Days::new(i * 7 % 500)).unwrap(),
                    area,
                    (lat + jitter, lon - jitter),
                    (i % 9) as u32,
                )
            })
            .collect()
    }

    /// The model `apply` gave equals one built from `all`, answer for answer.
    fn assert_same(applied: &RiskModel, all: Vec<Incident>) {
        let rebuilt = RiskModel::new(Config::default(), all).unwrap();
        assert_eq!(applied.incidents(), rebuilt.incidents());
        assert_eq!(applied.neighbours, rebuilt.neighbours);
        assert_eq!(applied.centroids, rebuilt.centroids);
        for at in [day(2023, 6, 30), day(2024, 5, 20), day(2024, 9, 1)] {
            for level in [AreaLevel::Country, AreaLevel::Admin1] {
                let (want, have) = (rebuilt.ratings(level, at), applied.ratings(level, at));
                assert_eq!(want.len(), have.len());
                for (w, h) in want.iter().zip(&have) {
                    assert_eq!(w.area, h.area);
                    assert!((w.overall.raw - h.overall.raw).abs() < 1e-9);
                    assert!((w.overall.score - h.overall.score).abs() < 1e-9);
                    for ((_, wc), (_, hc)) in w.categories.iter().zip(&h.categories) {
                        assert!((wc.raw - hc.raw).abs() < 1e-9);
                        assert_eq!(wc.spill_from, hc.spill_from);
                    }
                }
            }
            let area = AreaId::parse("NG/Borno").unwrap();
            assert_eq!(
                applied.explain(&area, None, at, 5),
                rebuilt.explain(&area, None, at, 5)
            );
        }
        let area = AreaId::parse("NG").unwrap();
        assert_eq!(
            applied
                .history(&area, None, day(2024, 1, 1), day(2024, 9, 1))
                .unwrap(),
            rebuilt
                .history(&area, None, day(2024, 1, 1), day(2024, 9, 1))
                .unwrap()
        );
    }

    #[test]
    fn applied_changes_give_the_ratings_of_a_rebuild() {
        let mut all = base();
        let mut model = RiskModel::new(Config::default(), all.clone()).unwrap();
        let mut changes = Vec::new();
        // New events: recent ones, an old one, one in a region no event named
        // yet (NG/Gombe, near Borno and Adamawa: new neighbours) and one in a
        // new country.
        for (i, (area, at, on)) in [
            ("NG/Borno", (11.9, 13.0), day(2024, 5, 19)),
            ("NG/Yobe", (12.2, 11.5), day(2024, 5, 20)),
            ("ML/Mopti", (14.4, -4.1), day(2023, 2, 3)),
            ("NG/Gombe", (10.3, 11.2), day(2024, 5, 1)),
            ("BF/Sahel", (14.0, -0.5), day(2024, 4, 1)),
        ]
        .into_iter()
        .enumerate()
        {
            let incident = clash(&format!("new{i}"), on, area, at, 12);
            all.push(incident.clone());
            changes.push(Change::Upsert(incident));
        }
        // A re-code on the same day with more fatalities: replaced in place.
        let mut recoded = all[17].clone();
        recoded.fatalities = Some(85);
        recoded.severity = severity(
            EventType::Battles,
            Some(SubEventType::ArmedClash),
            Status::Occurred,
            Some(85),
            None,
        );
        all[17] = recoded.clone();
        changes.push(Change::Upsert(recoded));
        // Re-codes to a later and to an earlier day.
        let mut redated = all[40].clone();
        redated.day = day(2024, 5, 18);
        all[40] = redated.clone();
        changes.push(Change::Upsert(redated));
        let mut earlier = all[300].clone();
        earlier.day = day(2023, 1, 2);
        all[300] = earlier.clone();
        changes.push(Change::Upsert(earlier));
        // An event that moved country (NG/Lagos → ML/Gao, new place).
        let lagos = all
            .iter()
            .position(|i| i.admin1.as_deref() == Some("Lagos"))
            .unwrap();
        let mut moved = clash(&all[lagos].id, all[lagos].day, "ML/Gao", (16.0, 0.1), 3);
        moved.fatalities = Some(3);
        all[lagos] = moved.clone();
        changes.push(Change::Upsert(moved));
        // An event that lost its country: removed.
        let gone = all.remove(100);
        changes.push(Change::Remove(gone.id.clone()));
        // Two changes to one id: the last counts.
        let mut twice = all[200].clone();
        twice.fatalities = Some(1);
        changes.push(Change::Upsert(twice.clone()));
        twice.fatalities = Some(2);
        all[200] = twice.clone();
        changes.push(Change::Upsert(twice));

        let applied = model.apply(changes);
        assert_eq!(
            (applied.inserted, applied.replaced, applied.removed),
            (5, 5, 1)
        );
        assert!(applied.countries_reneighboured >= 3);
        assert!(
            model
                .neighbours_of(&AreaId::parse("NG/Gombe").unwrap())
                .contains(&AreaId::parse("NG/Borno").unwrap())
        );
        assert_same(&model, all.clone());

        // Applying the same changes again changes nothing.
        let again: Vec<Change> = all.iter().take(20).cloned().map(Change::Upsert).collect();
        let applied = model.apply(again);
        assert_eq!((applied.inserted, applied.replaced), (0, 20));
        assert_same(&model, all.clone());

        // A removed id coming back is inserted again (its stale hint is checked).
        all.push(gone.clone());
        let applied = model.apply([Change::Upsert(gone)]);
        assert_eq!(applied.inserted, 1);
        assert_same(&model, all);
    }

    #[test]
    fn an_event_without_a_country_is_a_removal() {
        let event = sitrep_model::Event {
            location: sitrep_model::Location {
                country: None,
                ..sample().location
            },
            ..sample()
        };
        assert_eq!(Change::of_event(&event), Change::Remove(event.id.0.clone()));
        assert!(matches!(Change::of_event(&sample()), Change::Upsert(_)));
    }

    fn sample() -> sitrep_model::Event {
        use sitrep_model::{EventDate, EventId, Location, LocationPrecision};
        let t = chrono::DateTime::<chrono::Utc>::default();
        sitrep_model::Event {
            id: EventId("test:1".into()),
            event_type: EventType::Battles,
            sub_event_type: Some(SubEventType::ArmedClash),
            status: Status::Occurred,
            date: EventDate::day(day(2024, 1, 1)),
            location: Location {
                name: "x".into(),
                country: Some("NG".into()),
                admin1: Some("Borno".into()),
                admin2: None,
                lat: 11.8,
                lon: 13.1,
                precision: LocationPrecision::City,
            },
            fatalities: Some(3),
            injuries: None,
            actors: vec![],
            notes: String::new(),
            tags: vec![],
            sources: vec![],
            first_seen: t,
            updated: t,
        }
    }
}
