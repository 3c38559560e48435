//! How much one event weighs: a base weight per ACLED sub-event type, scaled by
//! its status, by whom it struck and by the logarithm of its casualties.
//!
//! ```text
//! severity = w(sub-type) × m(status) × t(target) × (1 + a·ln(1 + fatalities) + b·ln(1 + injuries))
//! ```
//!
//! The base weights rank what an event says about danger to people in the area:
//! a suicide bombing or a chemical attack more than a shelling, an armed clash more
//! than a riot, a riot more than a peaceful protest, a peaceful protest or an
//! agreement hardly at all. Logarithms keep one massacre from drowning a year of
//! steady violence while still counting it far above a clash without deaths.
//! Unknown fatalities or injuries count as none (the store keeps them unknown).
//! Foiled attacks and threats weigh less than attacks that happened, but they
//! still count — towards terrorism, mostly, as the model's category rule says.
//!
//! The target factor reads who an event was aimed at ([`TargetClass`]): an
//! attack on civilians says more about danger to a visitor than a clash between
//! armed men, and an attack on the people sitrep's users send abroad — aid and
//! health workers, journalists, teachers and students, foreigners, diplomats,
//! tourists, worshippers, travellers — more still.

use sitrep_model::{ActorKind, ActorRole, Event, EventType, Status, SubEventType};

/// Weight of `ln(1 + fatalities)` in the severity (the default `a`).
pub const FATALITY_WEIGHT: f64 = 1.0;
/// Weight of `ln(1 + injuries)` in the severity (the default `b`).
pub const INJURY_WEIGHT: f64 = 0.3;

/// The base weight of a sub-event type, or of an event type when a legacy row
/// has no sub-type.
pub fn sub_type_weight(event_type: EventType, sub_type: Option<SubEventType>) -> f64 {
    use SubEventType as S;
    let Some(sub) = sub_type else {
        return match event_type {
            EventType::Battles => 2.0,
            EventType::ExplosionsRemoteViolence => 2.0,
            EventType::ViolenceAgainstCivilians => 2.0,
            EventType::Protests => 0.2,
            EventType::Riots => 1.0,
            EventType::StrategicDevelopments => 0.3,
        };
    };
    match sub {
        S::SuicideBomb | S::ChemicalWeapon => 3.0,
        S::NonStateActorOvertakesTerritory => 2.5,
        S::ArmedClash
        | S::AirDroneStrike
        | S::ShellingArtilleryMissileAttack
        | S::RemoteExplosiveLandmineIed
        | S::Attack
        | S::AbductionForcedDisappearance => 2.0,
        S::GovernmentRegainsTerritory
        | S::Grenade
        | S::SexualViolence
        | S::ExcessiveForceAgainstProtesters => 1.5,
        S::ViolentDemonstration | S::MobViolence => 1.0,
        S::DisruptedWeaponsUse => 0.8,
        S::LootingPropertyDestruction => 0.7,
        S::NonViolentTransferOfTerritory => 0.5,
        S::ProtestWithIntervention
        | S::Arrests
        | S::ChangeToGroupActivity
        | S::HeadquartersOrBaseEstablished => 0.3,
        S::Other => 0.2,
        S::PeacefulProtest | S::Agreement => 0.05,
    }
}

/// The multiplier for an event's status: foiled plots and threats show intent and
/// capability, not harm done.
pub fn status_weight(status: Status) -> f64 {
    match status {
        Status::Occurred => 1.0,
        Status::Foiled => 0.5,
        Status::Threatened => 0.25,
    }
}

/// Who an event struck, as far as the danger to a team's people goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TargetClass {
    /// Armed men, state forces, property, or not known.
    Other,
    /// Civilians: ACLED's violence against civilians, a civilian target actor,
    /// GTD's private citizens and businesses.
    Civilians,
    /// The people and places of organisations like sitrep's users: aid and
    /// health workers, journalists, schools, foreigners, diplomats, tourists,
    /// places of worship, airports and transport.
    Exposed,
}

impl TargetClass {
    /// The class of an event, from its target and associated actors and its
    /// `target:` tags (GTD's target types).
    pub fn of(event: &Event) -> TargetClass {
        let exposed_actor = event.actors.iter().any(|a| {
            a.role != ActorRole::Perpetrator && {
                let name = a.name.to_lowercase();
                EXPOSED_ACTOR_WORDS.iter().any(|w| name.contains(w))
            }
        });
        // Only GTD rows carry these; the others allocate nothing here.
        let tags: Vec<String> = event
            .tags
            .iter()
            .filter(|t| {
                t.get(..7)
                    .is_some_and(|p| p.eq_ignore_ascii_case("target:"))
            })
            .map(|t| t[7..].to_lowercase())
            .collect();
        if exposed_actor
            || tags
                .iter()
                .any(|t| EXPOSED_TARGET_TYPES.iter().any(|e| t.contains(e)))
        {
            return TargetClass::Exposed;
        }
        let civilian_actor = event
            .actors
            .iter()
            .any(|a| a.role == ActorRole::Target && a.kind == ActorKind::Civilians);
        if civilian_actor
            || event.event_type == EventType::ViolenceAgainstCivilians
            || tags
                .iter()
                .any(|t| CIVILIAN_TARGET_TYPES.iter().any(|c| t.contains(c)))
        {
            return TargetClass::Civilians;
        }
        TargetClass::Other
    }

    /// Who was struck, in words for explanations.
    pub fn label(self) -> &'static str {
        match self {
            TargetClass::Other => "armed actors or property",
            TargetClass::Civilians => "civilians",
            TargetClass::Exposed => "aid workers, press, foreigners or public sites",
        }
    }
}

/// Words of target and associated actor names (ACLED's `Aid Workers
/// (Nigeria)`, `Journalists (Mexico)`, `Civilians (International)`) that mark
/// an [`TargetClass::Exposed`] target.
const EXPOSED_ACTOR_WORDS: &[&str] = &[
    "aid worker",
    "health worker",
    "journalist",
    "teacher",
    "student",
    "(international)",
    "foreign",
    "diplomat",
    "tourist",
    "united nations",
    "christian group",
    "muslim group",
    "hindu group",
    "jewish group",
    "religious group",
];

/// GTD target types (`target:<type>` tags, lower case) of the same class.
const EXPOSED_TARGET_TYPES: &[&str] = &[
    "ngo",
    "journalists",
    "educational",
    "religious",
    "tourists",
    "diplomatic",
    "airports",
    "transportation",
];

/// GTD target types that are civilians.
const CIVILIAN_TARGET_TYPES: &[&str] = &["private citizens", "business", "civilians"];

/// The multiplier for whom an event struck (see [`TargetClass`]).
pub fn target_weight(target: TargetClass) -> f64 {
    match target {
        TargetClass::Other => 1.0,
        TargetClass::Civilians => 1.25,
        TargetClass::Exposed => 1.5,
    }
}

/// The severity of a stored event: [`severity`] of its type, status and
/// casualties, times the weight of its target class (`TargetClass::of(event)`).
pub fn event_severity(event: &Event, target: TargetClass) -> f64 {
    severity(
        event.event_type,
        event.sub_event_type,
        event.status,
        event.fatalities,
        event.injuries,
    ) * target_weight(target)
}

/// The severity of one event of a target class [`TargetClass::Other`] (see
/// the module docs for the formula).
pub fn severity(
    event_type: EventType,
    sub_type: Option<SubEventType>,
    status: Status,
    fatalities: Option<u32>,
    injuries: Option<u32>,
) -> f64 {
    let casualties = FATALITY_WEIGHT * f64::from(fatalities.unwrap_or(0)).ln_1p()
        + INJURY_WEIGHT * f64::from(injuries.unwrap_or(0)).ln_1p();
    sub_type_weight(event_type, sub_type) * status_weight(status) * (1.0 + casualties)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Utc};
    use sitrep_model::{EventActor, EventDate, EventId, Location, LocationPrecision};

    fn actor(name: &str, kind: ActorKind, role: ActorRole) -> EventActor {
        EventActor {
            actor_id: None,
            name: name.into(),
            kind,
            role,
            claimed: false,
        }
    }

    fn event(t: EventType, s: SubEventType, actors: Vec<EventActor>, tags: &[&str]) -> Event {
        let now = Utc::now();
        Event {
            id: EventId("test:1".into()),
            event_type: t,
            sub_event_type: Some(s),
            status: Status::Occurred,
            date: EventDate::day(NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_default()),
            location: Location {
                name: "Maiduguri".into(),
                country: Some("NG".into()),
                admin1: Some("Borno".into()),
                admin2: None,
                lat: 11.85,
                lon: 13.16,
                precision: LocationPrecision::City,
            },
            fatalities: Some(3),
            injuries: None,
            actors,
            notes: String::new(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            sources: vec![],
            first_seen: now,
            updated: now,
        }
    }

    #[test]
    fn the_target_raises_severity_for_civilians_and_more_for_exposed_people() {
        use ActorKind::{Civilians, Rebel, State, Unknown};
        use ActorRole::{Other, Perpetrator, Target};
        let iswap = || actor("ISWAP", Rebel, Perpetrator);
        let base = severity(
            EventType::Battles,
            Some(SubEventType::ArmedClash),
            Status::Occurred,
            Some(3),
            None,
        );
        let clash = event(
            EventType::Battles,
            SubEventType::ArmedClash,
            vec![iswap(), actor("Military Forces of Nigeria", State, Target)],
            &[],
        );
        assert_eq!(TargetClass::of(&clash), TargetClass::Other);
        assert_eq!(event_severity(&clash, TargetClass::of(&clash)), base);

        let on_civilians = event(
            EventType::Battles,
            SubEventType::ArmedClash,
            vec![iswap(), actor("Civilians (Nigeria)", Civilians, Target)],
            &[],
        );
        assert_eq!(TargetClass::of(&on_civilians), TargetClass::Civilians);
        assert_eq!(
            event_severity(&on_civilians, TargetClass::of(&on_civilians)),
            base * 1.25
        );

        // ACLED names aid workers as the victims' associated actor.
        let on_aid_workers = event(
            EventType::Battles,
            SubEventType::ArmedClash,
            vec![
                iswap(),
                actor("Civilians (Nigeria)", Civilians, Target),
                actor("Aid Workers (Nigeria)", Unknown, Other),
            ],
            &[],
        );
        assert_eq!(TargetClass::of(&on_aid_workers), TargetClass::Exposed);
        assert_eq!(
            event_severity(&on_aid_workers, TargetClass::of(&on_aid_workers)),
            base * 1.5
        );

        // GTD's target types; a perpetrator's name never counts.
        let gtd = |tag: &str| {
            let e = event(
                EventType::ExplosionsRemoteViolence,
                SubEventType::RemoteExplosiveLandmineIed,
                vec![actor("Foreign fighters", Rebel, Perpetrator)],
                &["terrorism", tag],
            );
            TargetClass::of(&e)
        };
        assert_eq!(gtd("target:journalists & media"), TargetClass::Exposed);
        assert_eq!(
            gtd("target:private citizens & property"),
            TargetClass::Civilians
        );
        assert_eq!(gtd("target:military"), TargetClass::Other);
        let vac = event(
            EventType::ViolenceAgainstCivilians,
            SubEventType::Attack,
            vec![iswap()],
            &[],
        );
        assert_eq!(TargetClass::of(&vac), TargetClass::Civilians);
    }

    #[test]
    fn deaths_and_type_raise_severity_and_plots_weigh_less() {
        let clash = |f| {
            severity(
                EventType::Battles,
                Some(SubEventType::ArmedClash),
                Status::Occurred,
                f,
                None,
            )
        };
        assert_eq!(clash(None), 2.0);
        assert_eq!(clash(Some(0)), 2.0);
        assert!((clash(Some(10)) - 2.0 * (1.0 + 11f64.ln())).abs() < 1e-12);
        let protest = severity(
            EventType::Protests,
            Some(SubEventType::PeacefulProtest),
            Status::Occurred,
            None,
            None,
        );
        assert!(protest < clash(None) / 5.0);
        let foiled = severity(
            EventType::ExplosionsRemoteViolence,
            Some(SubEventType::SuicideBomb),
            Status::Foiled,
            None,
            None,
        );
        assert_eq!(foiled, 1.5);
    }
}
