//! sitrep's events read as the binary labels of two corpora it was not
//! built on, and scored per label (precision, recall, F1):
//!
//! - IndiaPoliceEvents (sentences of Indian news; "did the police …?").
//!   Each document's sentences are joined and extracted as one text (as a
//!   user would submit the article); an event belongs to the sentence its
//!   type cue is in. Police took part when an actor of the event is a
//!   police force (`Police Forces of …`). KILL: police are a perpetrator
//!   and the event has fatalities (victims or attackers killed) or is a
//!   killing attack. ARREST: an `Arrests` event (arrests are police work in
//!   this news). FORCE: police are a perpetrator of a violent event (a
//!   battle, an attack on civilians, an explosion), or the event is
//!   `Excessive force against protesters` / `Protest with intervention`.
//!   ANY_ACTION: any of these, or any event police take part in. FAIL
//!   (police failed to act) has no counterpart in the ACLED taxonomy and
//!   is not scored.
//! - SATP (South Asia Terrorism Portal reports, a report each): a label is
//!   predicted when any event of the report maps to it. armed_assault:
//!   `Armed clash` or `Attack`; bombing: any `Explosions/Remote violence`;
//!   kidnapping: `Abduction/forced disappearance`; other:
//!   `Looting/property destruction`.
//! - GLOCON (South African Press Association news, a document each; "does
//!   it report a contentious political event that happened?" — protests,
//!   strikes and riots, and political violence by non-state groups, which
//!   the corpus labels too): predicted when any event of the
//!   document happened and is a protest, riot or bombing, or a battle or
//!   attack by a non-state perpetrator (see [`glocon_label`]). Most documents are about something else (courts,
//!   markets, sport, politics), so this also measures false alarms on real
//!   general news.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sitrep_geoparse::Format;
use sitrep_model::{ActorRole, EventType, Status, SubEventType};

use crate::corpora::{GloconDocument, IpeLabels, IpeSentence, SATP_LABELS, SatpReport};
use crate::eval::EntityCounts;
use crate::{ExtractedEvent, Extractor};

/// The IndiaPoliceEvents labels sitrep's output can be read as, in order.
pub const IPE_SCORED: [&str; 4] = ["KILL", "ARREST", "FORCE", "ANY_ACTION"];

/// Counts per label: `gold` positives, `predicted` positives, `matched`
/// (both), over `items` items.
#[derive(Debug, Clone, Default)]
pub struct LabelScores {
    pub items: usize,
    pub labels: Vec<(&'static str, EntityCounts)>,
}

impl LabelScores {
    fn new(names: &[&'static str]) -> LabelScores {
        LabelScores {
            items: 0,
            labels: names
                .iter()
                .map(|n| (*n, EntityCounts::default()))
                .collect(),
        }
    }

    fn add(&mut self, gold: &[bool], predicted: &[bool]) {
        self.items += 1;
        for ((_, c), (&g, &p)) in self.labels.iter_mut().zip(gold.iter().zip(predicted)) {
            c.gold += usize::from(g);
            c.predicted += usize::from(p);
            c.matched += usize::from(g && p);
        }
    }

    /// A Markdown table, one row per label.
    pub fn to_table(&self) -> String {
        let mut out = String::from(
            "| label | gold | predicted | matched | precision | recall | F1 |\n|---|---|---|---|---|---|---|\n",
        );
        for (name, c) in &self.labels {
            out.push_str(&format!(
                "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} |\n",
                c.gold,
                c.predicted,
                c.matched,
                c.precision(),
                c.recall(),
                c.f1()
            ));
        }
        out
    }
}

/// Whether a police force is among the event's actors, in `role` when
/// given.
fn police(event: &ExtractedEvent, role: Option<ActorRole>) -> bool {
    event
        .actors
        .iter()
        .any(|a| a.name.starts_with("Police Forces") && role.is_none_or(|r| a.role == r))
}

/// The IndiaPoliceEvents labels one event gives (FAIL always false).
pub fn ipe_labels(event: &ExtractedEvent) -> IpeLabels {
    use SubEventType as S;
    let by_police = police(event, Some(ActorRole::Perpetrator));
    let deaths = event.fatalities.unwrap_or(0) + event.attackers_killed.unwrap_or(0) > 0;
    let violent = matches!(
        event.event_type,
        EventType::Battles
            | EventType::ViolenceAgainstCivilians
            | EventType::ExplosionsRemoteViolence
    ) && event.sub_event_type != S::AbductionForcedDisappearance;
    let kill = by_police && violent && deaths;
    let arrest = event.sub_event_type == S::Arrests;
    let force = (by_police && violent)
        || matches!(
            event.sub_event_type,
            S::ExcessiveForceAgainstProtesters | S::ProtestWithIntervention
        );
    let any_action = kill || arrest || force || police(event, None);
    IpeLabels {
        kill,
        arrest,
        fail: false,
        force,
        any_action,
    }
}

/// The SATP labels one event gives ([`SATP_LABELS`] order).
pub fn satp_labels(event: &ExtractedEvent) -> [bool; 4] {
    use SubEventType as S;
    [
        matches!(event.sub_event_type, S::ArmedClash | S::Attack),
        event.event_type == EventType::ExplosionsRemoteViolence,
        event.sub_event_type == S::AbductionForcedDisappearance,
        event.sub_event_type == S::LootingPropertyDestruction,
    ]
}

fn ipe_flags(l: &IpeLabels) -> [bool; 4] {
    [l.kill, l.arrest, l.force, l.any_action]
}

/// "this story is from march 10, 2002": the date IndiaPoliceEvents'
/// documents open with, as their publication date.
pub fn ipe_published(first: &str) -> Option<NaiveDate> {
    let lower = first.trim().to_lowercase();
    let rest = lower.strip_prefix("this story is from ")?;
    let rest: String = rest
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(',', "");
    NaiveDate::parse_from_str(&rest, "%B %d %Y").ok()
}

/// One IndiaPoliceEvents document as extracted: the joined text and, for
/// each of its sentences, the labels predicted for it.
pub fn ipe_predict(extractor: &Extractor<'_>, sentences: &[&IpeSentence]) -> Vec<IpeLabels> {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sentences.len());
    for s in sentences {
        // The opening "this story is from …" is the date, not text.
        if ipe_published(&s.text).is_some() {
            spans.push((0, 0));
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.chars().count();
        // Sentences are cut mid-phrase at times; a full stop keeps the
        // pieces apart only where the corpus put one.
        text.push_str(&s.text.replace(['\n', '\r'], " "));
        spans.push((start, text.chars().count()));
    }
    let published = sentences.first().and_then(|s| ipe_published(&s.text));
    let report = extractor.extract(&text, Format::Plain, published);
    let mut out = vec![IpeLabels::default(); sentences.len()];
    for event in &report.events {
        let at = event
            .evidence
            .iter()
            .find(|e| e.field == "event_type")
            .or_else(|| event.evidence.first())
            .map_or(0, |e| e.start);
        let Some(i) = spans
            .iter()
            .position(|&(a, b)| a <= at && at < b.max(a + 1))
        else {
            continue;
        };
        let l = ipe_labels(event);
        let o = &mut out[i];
        o.kill |= l.kill;
        o.arrest |= l.arrest;
        o.force |= l.force;
        o.any_action |= l.any_action;
    }
    out
}

/// Scores the IndiaPoliceEvents sentences `keep` selects; every document
/// is extracted whole, in file order.
pub fn evaluate_ipe(
    extractor: &Extractor<'_>,
    sentences: &[IpeSentence],
    keep: impl Fn(&IpeSentence) -> bool,
) -> LabelScores {
    let mut scores = LabelScores::new(&IPE_SCORED);
    let mut documents: BTreeMap<&str, Vec<&IpeSentence>> = BTreeMap::new();
    for s in sentences {
        documents.entry(s.doc_id.as_str()).or_default().push(s);
    }
    for (_, mut doc) in documents {
        doc.sort_by_key(|s| s.sent_id);
        if !doc.iter().any(|s| keep(s)) {
            continue;
        }
        let predicted = ipe_predict(extractor, &doc);
        for (s, p) in doc.iter().zip(&predicted) {
            if keep(s) {
                scores.add(&ipe_flags(&s.labels), &ipe_flags(p));
            }
        }
    }
    scores
}

/// The SATP labels a report's events give.
pub fn satp_predict(extractor: &Extractor<'_>, text: &str) -> [bool; 4] {
    let report = extractor.extract(text, Format::Plain, None);
    let mut out = [false; 4];
    for event in &report.events {
        for (o, l) in out.iter_mut().zip(satp_labels(event)) {
            *o |= l;
        }
    }
    out
}

/// Scores SATP reports.
pub fn evaluate_satp(extractor: &Extractor<'_>, reports: &[SatpReport]) -> LabelScores {
    let mut scores = LabelScores::new(&SATP_LABELS);
    for r in reports {
        scores.add(&r.labels, &satp_predict(extractor, &r.text));
    }
    scores
}

/// Whether an event is contentious politics that happened, GLOCON's
/// positive label: a protest or riot; a bombing, IED, grenade or suicide
/// attack; a battle or an attack on civilians by a perpetrator who is not a
/// state's own force. The corpus counts political violence by non-state
/// groups with protests but not military operations (air strikes,
/// shelling, an army's fighting) nor ordinary crime (an attack on civilians
/// by nobody named: murders and rapes before the courts, in this news).
pub fn glocon_label(event: &ExtractedEvent) -> bool {
    // A perpetrator that is not a state's own force.
    let non_state = || {
        event
            .actors
            .iter()
            .any(|a| a.role == ActorRole::Perpetrator && !crate::generic::is_state_force(&a.name))
    };
    event.status == Status::Occurred
        && match event.event_type {
            EventType::Protests | EventType::Riots => true,
            EventType::ExplosionsRemoteViolence => !matches!(
                event.sub_event_type,
                SubEventType::AirDroneStrike | SubEventType::ShellingArtilleryMissileAttack
            ),
            EventType::Battles | EventType::ViolenceAgainstCivilians => non_state(),
            EventType::StrategicDevelopments => false,
        }
}

/// Scores GLOCON documents (those with a decided label) for which `keep`
/// holds: one label, `protest`.
pub fn evaluate_glocon(
    extractor: &Extractor<'_>,
    documents: &[GloconDocument],
    keep: impl Fn(&GloconDocument) -> bool,
) -> LabelScores {
    let mut scores = LabelScores::new(&["protest"]);
    for d in documents.iter().filter(|d| keep(d)) {
        let Some(gold) = d.protest else { continue };
        let report = extractor.extract(&d.text, Format::Plain, None);
        let predicted = report.events.iter().any(glocon_label);
        scores.add(&[gold], &[predicted]);
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EventActor, Place};
    use sitrep_model::LocationPrecision;

    fn event(
        sub: SubEventType,
        fatalities: Option<u32>,
        actor: Option<(&str, ActorRole)>,
    ) -> ExtractedEvent {
        ExtractedEvent {
            event_type: sub.event_type(),
            sub_event_type: sub,
            status: Status::Occurred,
            date: None,
            location: Place {
                name: "Somewhere".into(),
                admin1: None,
                country: Some("IN".into()),
                lat: 0.0,
                lon: 0.0,
                precision: LocationPrecision::City,
                gazetteer_id: String::new(),
            },
            fatalities,
            injuries: None,
            attackers_killed: None,
            actors: actor
                .into_iter()
                .map(|(n, r)| EventActor {
                    name: n.into(),
                    role: r,
                    claimed: false,
                })
                .collect(),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn police_killing_is_kill_force_and_action() {
        let e = event(
            SubEventType::Attack,
            Some(1),
            Some(("Police Forces of India", ActorRole::Perpetrator)),
        );
        let l = ipe_labels(&e);
        assert!(l.kill && l.force && l.any_action && !l.arrest);
    }

    #[test]
    fn police_as_victims_is_not_a_police_killing() {
        let e = event(
            SubEventType::Attack,
            Some(3),
            Some(("Police Forces of India", ActorRole::Target)),
        );
        let l = ipe_labels(&e);
        assert!(!l.kill && !l.force);
        assert!(l.any_action, "police took part");
    }

    #[test]
    fn arrests_need_no_named_actor() {
        let l = ipe_labels(&event(SubEventType::Arrests, None, None));
        assert!(l.arrest && l.any_action && !l.kill);
    }

    #[test]
    fn satp_labels_follow_the_sub_event_type() {
        let bomb = event(SubEventType::RemoteExplosiveLandmineIed, Some(2), None);
        assert_eq!(satp_labels(&bomb), [false, true, false, false]);
        let fire = event(SubEventType::LootingPropertyDestruction, None, None);
        assert_eq!(satp_labels(&fire), [false, false, false, true]);
        let raid = event(SubEventType::ArmedClash, Some(4), None);
        assert_eq!(satp_labels(&raid), [true, false, false, false]);
    }

    #[test]
    fn glocon_counts_contentious_events_that_happened() {
        assert!(glocon_label(&event(
            SubEventType::PeacefulProtest,
            None,
            None
        )));
        assert!(glocon_label(&event(
            SubEventType::ViolentDemonstration,
            None,
            None
        )));
        assert!(glocon_label(&event(
            SubEventType::SuicideBomb,
            Some(3),
            None
        )));
        assert!(!glocon_label(&event(SubEventType::Arrests, None, None)));
        // Crime by nobody named, and a state's own operations, are not.
        assert!(!glocon_label(&event(SubEventType::Attack, Some(1), None)));
        assert!(!glocon_label(&event(
            SubEventType::AirDroneStrike,
            Some(9),
            Some(("Military Forces of Russia", ActorRole::Perpetrator))
        )));
        assert!(!glocon_label(&event(
            SubEventType::ArmedClash,
            Some(2),
            Some(("Military Forces of Myanmar", ActorRole::Perpetrator))
        )));
        assert!(glocon_label(&event(
            SubEventType::Attack,
            Some(16),
            Some(("Allied Democratic Forces", ActorRole::Perpetrator))
        )));
        let mut planned = event(SubEventType::PeacefulProtest, None, None);
        planned.status = Status::Threatened;
        assert!(!glocon_label(&planned));
    }

    #[test]
    fn published_date_from_the_opening_line() {
        assert_eq!(
            ipe_published("This story is from  April 2, 2013\n"),
            NaiveDate::from_ymd_opt(2013, 4, 2)
        );
        assert_eq!(ipe_published("lucknow:"), None);
    }
}
