//! What the reader remembers while it reads one document: the events so far,
//! the date and armed group named last, and how an incident told again
//! (same place, compatible type and date) merges into the event it
//! repeats.

use chrono::{Datelike, NaiveDate};
use sitrep_model::{ActorRole, EventType, LocationPrecision, SubEventType};

use crate::dates::DateValue;
use crate::place::same_region_name;
use crate::{EventActor, ExtractedEvent};

/// The reader's memory of one document.
#[derive(Default)]
pub(crate) struct State {
    pub(crate) events: Vec<ExtractedEvent>,
    /// (paragraph, index) of the event last created or updated.
    pub(crate) last: Option<(usize, usize)>,
    /// The armed group named last, and the paragraph it was named in.
    pub(crate) last_actor: Option<(usize, usize)>,
    /// The sentence being read, and the events the last sentence that made
    /// any created or updated ("plots in Austria and Germany" makes two).
    pub(crate) sentence: usize,
    pub(crate) batch_sentence: usize,
    pub(crate) batch: Vec<usize>,
    /// The paragraph and value of the date the text named last.
    pub(crate) named_date: Option<(usize, DateValue)>,
    /// The events only a weak cue typed so far ("killed").
    pub(crate) weakly_typed: Vec<usize>,
    /// The first incident, placed only by a name told before its sentence
    /// (the dateline's "ALGIERS"): the next incident of its kind in the
    /// same country says where it happened ("… on the edge of Azazga").
    pub(crate) provisional: Option<usize>,
    /// The text is a live blog, its newest update first: a toll told
    /// earlier in the text is the later one.
    pub(crate) newest_first: bool,
    /// Whether the text names a date near its publication, and one long
    /// before it.
    pub(crate) recent_dates: bool,
    pub(crate) old_dates: bool,
}

impl State {
    /// The event last created or updated in this paragraph.
    pub(crate) fn last_in(&self, paragraph: usize) -> Option<&ExtractedEvent> {
        match self.last {
            Some((p, i)) if p == paragraph => self.events.get(i),
            _ => None,
        }
    }

    /// The events the last sentence that made any created or updated, if
    /// it was in this paragraph or one of the two before: what a sentence
    /// without a place of its own ("the toll rose to 59", "ISKP claimed the
    /// attack") is about.
    pub(crate) fn recent(&mut self, paragraph: usize) -> Vec<usize> {
        match self.last {
            Some((p, i)) if p + 2 >= paragraph => {
                self.last = Some((paragraph, i));
                if self.batch.contains(&i) {
                    self.batch.clone()
                } else {
                    vec![i]
                }
            }
            _ => Vec::new(),
        }
    }

    /// The event last created or updated, if recent.
    pub(crate) fn last_recent(&self, paragraph: usize) -> Option<&ExtractedEvent> {
        match self.last {
            Some((p, i)) if p + 2 >= paragraph => self.events.get(i),
            _ => None,
        }
    }

    /// The date of the last event, if recent.
    pub(crate) fn last_date(&self, paragraph: usize) -> Option<DateValue> {
        self.last_recent(paragraph).and_then(|e| e.date)
    }

    /// Whether no event is recent enough for a sentence to refer back to.
    pub(crate) fn recent_is_empty(&self, paragraph: usize) -> bool {
        self.last_recent(paragraph).is_none()
    }

    pub(crate) fn remember(&mut self, paragraph: usize, i: usize) {
        self.last = Some((paragraph, i));
        if self.batch_sentence != self.sentence {
            self.batch.clear();
            self.batch_sentence = self.sentence;
        }
        if !self.batch.contains(&i) {
            self.batch.push(i);
        }
    }

    /// Adds `event`, or merges it into an earlier one of the same incident.
    /// An event only a `weak` cue typed ("three people were killed in Juba")
    /// tells of the violent incident already told at that place, whatever
    /// its type (the mob violence of the sentence before).
    pub(crate) fn add(&mut self, event: ExtractedEvent, paragraph: usize, weak: bool) {
        if let Some(i) = self.provisional.take()
            && i + 1 == self.events.len()
            && let e = &mut self.events[i]
            && e.location.country == event.location.country
            && e.location.gazetteer_id != event.location.gazetteer_id
            && e.event_type == event.event_type
            && e.status == event.status
            && e.date.zip(event.date).is_none_or(|(a, b)| a.compatible(b))
        {
            e.location = event.location.clone();
            e.evidence.retain(|v| v.field != "location");
        }
        let same_incident = |e: &ExtractedEvent| {
            e.location.gazetteer_id == event.location.gazetteer_id
                && e.status == event.status
                && !air_and_ground(e.sub_event_type, event.sub_event_type)
                && match (e.date, event.date) {
                    (Some(a), Some(b)) => a.compatible(b),
                    _ => true,
                }
        };
        let same = self
            .events
            .iter()
            .position(|e| same_incident(e) && e.event_type == event.event_type)
            .or_else(|| {
                // Not into arrests or other developments: deaths come from
                // violence or a crowd.
                weak.then(|| {
                    self.events.iter().position(|e| {
                        same_incident(e) && e.event_type != EventType::StrategicDevelopments
                    })
                })
                .flatten()
            });
        // "14 people were killed in the attack" told first (a live blog's
        // newest entry), "a car packed with explosives" after: the attack
        // a weak cue typed was the bombing the later words name.
        let retyped = same.is_none() && !weak;
        let same = same.or_else(|| {
            retyped
                .then(|| {
                    self.weakly_typed.iter().copied().find(|&i| {
                        same_incident(&self.events[i])
                            && self.events[i].event_type == EventType::ViolenceAgainstCivilians
                            && event.event_type == EventType::ExplosionsRemoteViolence
                    })
                })
                .flatten()
        });
        match same {
            Some(i) => {
                if retyped && self.weakly_typed.contains(&i) {
                    self.weakly_typed.retain(|&w| w != i);
                    self.events[i].event_type = event.event_type;
                    self.events[i].sub_event_type = event.sub_event_type;
                }
                let e = &mut self.events[i];
                // "Security forces fire on march" told first, "opened fire
                // with live rounds" after: the harsher kind of protest.
                if e.event_type == EventType::Protests
                    && event.event_type == EventType::Protests
                    && protest_severity(event.sub_event_type) > protest_severity(e.sub_event_type)
                {
                    e.sub_event_type = event.sub_event_type;
                }
                // A finer date refines the one told, if the text gives it
                // here ("on 12 May" after "in May"), not one carried over
                // from the sentences before.
                let told = event.evidence.iter().any(|v| v.field == "date");
                if event.date.is_some_and(|d| {
                    e.date
                        .is_none_or(|o| told && d.render().len() > o.render().len())
                }) {
                    e.date = event.date;
                }
                let newest_first = self.newest_first;
                let take = |old: Option<u32>, new: Option<u32>| match (old, new) {
                    (Some(old), Some(_)) if newest_first => Some(old),
                    (old, new) => new.or(old),
                };
                e.fatalities = take(e.fatalities, event.fatalities);
                e.injuries = take(e.injuries, event.injuries);
                for a in event.actors {
                    merge_actor(&mut e.actors, a);
                }
                e.evidence.extend(event.evidence);
                self.remember(paragraph, i);
            }
            None => {
                self.events.push(event);
                if weak {
                    self.weakly_typed.push(self.events.len() - 1);
                }
                self.remember(paragraph, self.events.len() - 1);
            }
        }
    }
}

/// How much force met a protest.
fn protest_severity(sub: SubEventType) -> u8 {
    match sub {
        SubEventType::ExcessiveForceAgainstProtesters => 2,
        SubEventType::ProtestWithIntervention => 1,
        _ => 0,
    }
}

/// A drone strike near a town and a car bomb in it are two incidents: one
/// from the air, one planted or driven.
pub(crate) fn air_and_ground(a: SubEventType, b: SubEventType) -> bool {
    let air = |s: SubEventType| s == SubEventType::AirDroneStrike;
    let ground = |s: SubEventType| {
        matches!(
            s,
            SubEventType::RemoteExplosiveLandmineIed | SubEventType::SuicideBomb
        )
    };
    (air(a) && ground(b)) || (ground(a) && air(b))
}

pub(crate) fn merge_actor(actors: &mut Vec<EventActor>, actor: EventActor) {
    match actors.iter_mut().find(|a| a.name == actor.name) {
        Some(a) => {
            a.claimed |= actor.claimed;
            if a.role == ActorRole::Other || actor.claimed {
                a.role = actor.role;
            }
        }
        None => actors.push(actor),
    }
}

/// A roundup's summary ("petrol bombs at an Easter parade in Northern
/// Ireland") tells of an incident its body places finer ("in the Creggan
/// area of Derry"): an event placed only at a region or a country merges
/// into one of the same type, on a compatible date, at a place inside it;
/// an undated one into a dated one of the same type at the same place.
pub(crate) fn merge_coarse_mentions(events: &mut Vec<ExtractedEvent>) {
    let coarse = |e: &ExtractedEvent| {
        matches!(
            e.location.precision,
            LocationPrecision::Admin1 | LocationPrecision::Country | LocationPrecision::Admin2
        )
    };
    let inside = |fine: &ExtractedEvent, area: &ExtractedEvent| {
        let same_admin1 = || {
            fine.location
                .admin1
                .as_deref()
                .zip(area.location.admin1.as_deref())
                .is_some_and(|(a, b)| same_region_name(a, b))
        };
        !coarse(fine)
            && fine.location.country == area.location.country
            && match area.location.precision {
                LocationPrecision::Country => true,
                // "Negros Oriental province" and a town of it: near its
                // centre, in its region.
                LocationPrecision::Admin2 => {
                    same_admin1()
                        && sitrep_geoparse::resolve::haversine_km(
                            fine.location.lat,
                            fine.location.lon,
                            area.location.lat,
                            area.location.lon,
                        ) <= 80.0
                }
                _ => same_admin1(),
            }
    };
    // A brief's key point ("arson attack in Jiribam district, one dead"),
    // undated, tells of the incident its section dates at the same place.
    let undated_at = |fine: &ExtractedEvent, area: &ExtractedEvent| {
        area.date.is_none()
            && fine.date.is_some()
            && fine.location.gazetteer_id == area.location.gazetteer_id
    };
    let mut i = 0;
    while i < events.len() {
        let area = &events[i];
        let into = (coarse(area) || area.date.is_none())
            .then(|| {
                events.iter().position(|fine| {
                    ((coarse(area)
                        && inside(fine, area)
                        && fine.sub_event_type == area.sub_event_type)
                        || (undated_at(fine, area)
                            && (fine.sub_event_type == area.sub_event_type
                                // "the attack on a hotel" and the car bomb
                                // that opened it, dated.
                                || (area.sub_event_type == SubEventType::Attack
                                    && fine.event_type == EventType::ExplosionsRemoteViolence))))
                        && fine.status == area.status
                        && match (fine.date, area.date) {
                            (Some(a), Some(b)) => a.compatible(b),
                            (_, None) => true,
                            (None, Some(_)) => false,
                        }
                })
            })
            .flatten();
        match into {
            Some(j) => {
                let area = events.remove(i);
                let fine = &mut events[if j > i { j - 1 } else { j }];
                fine.fatalities = fine.fatalities.or(area.fatalities);
                fine.injuries = fine.injuries.or(area.injuries);
                for a in area.actors {
                    merge_actor(&mut fine.actors, a);
                }
                fine.evidence
                    .extend(area.evidence.into_iter().filter(|e| e.field != "location"));
            }
            None => i += 1,
        }
    }
}

/// Whether two events are of one kind (same type, both violent, or both a
/// crowd's).
pub(crate) fn same_kind(a: &ExtractedEvent, b: &ExtractedEvent) -> bool {
    // ("Police fire tear gas at march" over a body whose marchers threw
    // bottles: one demonstration.)
    let crowd = |t: EventType| matches!(t, EventType::Protests | EventType::Riots);
    let (a, b) = (a.event_type, b.event_type);
    a == b || (violent(a) && violent(b)) || (crowd(a) && crowd(b))
}

/// Whether incidents of type `t` are armed violence: battles, explosions
/// and remote violence, violence against civilians.
pub(crate) fn violent(t: EventType) -> bool {
    matches!(
        t,
        EventType::ViolenceAgainstCivilians
            | EventType::ExplosionsRemoteViolence
            | EventType::Battles
    )
}

/// Whether `date` is at most two years before `published`: news, not the
/// background a report recalls.
pub(crate) fn recent(date: DateValue, published: NaiveDate) -> bool {
    match date {
        DateValue::Year(y) => published.year() - y < 2,
        DateValue::Month(y, m) => {
            (published.year() - y) * 12 + published.month() as i32 - m as i32 <= 24
        }
        DateValue::Day(d) => (published - d).num_days() <= 731,
    }
}
