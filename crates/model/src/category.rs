//! The risk category of an event, derived from its type, sub-type, status,
//! perpetrators and tags. Ratings (see the risk issue) are computed per category.
//!
//! The rules, first match wins:
//!
//! | condition | category |
//! |---|---|
//! | sub-type Abduction/forced disappearance, or tag `kidnap`/`hostage` | Kidnap |
//! | tag `terrorism` (GTD rows, curated reports) | Terrorism |
//! | status foiled or threatened, by a non-state armed or unknown perpetrator | Terrorism |
//! | status threatened by a state | Political |
//! | Protests, Riots | CivilUnrest |
//! | Battles | ArmedConflict |
//! | Suicide bomb | Terrorism |
//! | Remote explosive/landmine/IED or Grenade by a non-state armed or unknown perpetrator | Terrorism |
//! | other Explosions/Remote violence (air/drone, shelling, chemical, legacy rows without sub-type) | ArmedConflict |
//! | Violence against civilians by rebels or terrorists | Terrorism |
//! | … by state, external forces or militias | ArmedConflict |
//! | … by rioters, protesters or civilians (mobs) | CivilUnrest |
//! | … by criminals or an unidentified perpetrator | Crime |
//! | Looting/property destruction | Crime |
//! | Disrupted weapons use by a non-state armed or unknown perpetrator | Terrorism |
//! | Disrupted weapons use otherwise | ArmedConflict |
//! | other Strategic developments (arrests, agreements, bases, transfers, other) | Political |
//!
//! "Perpetrator" is the first actor with role perpetrator; with none, the kind is unknown.

use crate::{ActorKind, Event, EventType, Status, SubEventType};

/// Risk category, one per rating stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Terrorism,
    ArmedConflict,
    CivilUnrest,
    Crime,
    Kidnap,
    Political,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Terrorism,
        Category::ArmedConflict,
        Category::CivilUnrest,
        Category::Crime,
        Category::Kidnap,
        Category::Political,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Terrorism => "terrorism",
            Category::ArmedConflict => "armed_conflict",
            Category::CivilUnrest => "civil_unrest",
            Category::Crime => "crime",
            Category::Kidnap => "kidnap",
            Category::Political => "political",
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(usize::from(code)).copied()
    }

    /// Accepts `armed_conflict`, `armed-conflict`, `Armed conflict`, `civil unrest`…
    pub fn parse(text: &str) -> Result<Self, crate::ParseError> {
        let key: String = text
            .trim()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == key)
            .ok_or_else(|| crate::ParseError::new("category", text))
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Applies the table in this module's documentation.
pub fn derive_category(event: &Event) -> Category {
    use SubEventType as S;
    let perpetrator = event
        .perpetrators()
        .next()
        .map_or(ActorKind::Unknown, |a| a.kind);
    let non_state_or_unknown =
        perpetrator.is_non_state_armed() || perpetrator == ActorKind::Unknown;

    if event.sub_event_type == Some(S::AbductionForcedDisappearance)
        || event.has_tag("kidnap")
        || event.has_tag("hostage")
    {
        return Category::Kidnap;
    }
    if event.has_tag("terrorism") {
        return Category::Terrorism;
    }
    match event.status {
        Status::Foiled | Status::Threatened if non_state_or_unknown => {
            return Category::Terrorism;
        }
        Status::Threatened => return Category::Political,
        _ => {}
    }
    match (event.event_type, event.sub_event_type) {
        (EventType::Protests | EventType::Riots, _) => Category::CivilUnrest,
        (EventType::Battles, _) => Category::ArmedConflict,
        (EventType::ExplosionsRemoteViolence, Some(S::SuicideBomb)) => Category::Terrorism,
        (EventType::ExplosionsRemoteViolence, Some(S::RemoteExplosiveLandmineIed | S::Grenade))
            if non_state_or_unknown =>
        {
            Category::Terrorism
        }
        (EventType::ExplosionsRemoteViolence, _) => Category::ArmedConflict,
        (EventType::ViolenceAgainstCivilians, _) => match perpetrator {
            ActorKind::Rebel | ActorKind::Terrorist => Category::Terrorism,
            ActorKind::State
            | ActorKind::External
            | ActorKind::PoliticalMilitia
            | ActorKind::IdentityMilitia => Category::ArmedConflict,
            ActorKind::Rioters | ActorKind::Protesters | ActorKind::Civilians => {
                Category::CivilUnrest
            }
            ActorKind::Criminal | ActorKind::Unknown => Category::Crime,
        },
        (EventType::StrategicDevelopments, Some(S::LootingPropertyDestruction)) => Category::Crime,
        (EventType::StrategicDevelopments, Some(S::DisruptedWeaponsUse))
            if non_state_or_unknown =>
        {
            Category::Terrorism
        }
        (EventType::StrategicDevelopments, Some(S::DisruptedWeaponsUse)) => Category::ArmedConflict,
        (EventType::StrategicDevelopments, _) => Category::Political,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActorRole, EventActor, EventDate, EventId, Location, LocationPrecision};
    use chrono::{NaiveDate, Utc};

    fn event(t: EventType, s: Option<SubEventType>, perp: Option<ActorKind>) -> Event {
        let now = Utc::now();
        Event {
            id: EventId("test:1".into()),
            event_type: t,
            sub_event_type: s,
            status: Status::Occurred,
            date: EventDate::day(NaiveDate::from_ymd_opt(2024, 3, 22).unwrap_or_default()),
            location: Location {
                name: "Krasnogorsk".into(),
                country: Some("RU".into()),
                admin1: Some("Moscow Oblast".into()),
                admin2: None,
                lat: 55.82,
                lon: 37.33,
                precision: LocationPrecision::City,
            },
            fatalities: Some(145),
            injuries: None,
            actors: perp
                .map(|kind| EventActor {
                    actor_id: None,
                    name: "X".into(),
                    kind,
                    role: ActorRole::Perpetrator,
                    claimed: true,
                })
                .into_iter()
                .collect(),
            notes: String::new(),
            tags: vec![],
            sources: vec![],
            first_seen: now,
            updated: now,
        }
    }

    #[test]
    fn violence_against_civilians_depends_on_the_perpetrator() {
        use EventType::ViolenceAgainstCivilians as Vac;
        let attack = Some(SubEventType::Attack);
        assert_eq!(
            event(Vac, attack, Some(ActorKind::Rebel)).category(),
            Category::Terrorism
        );
        assert_eq!(
            event(Vac, attack, Some(ActorKind::State)).category(),
            Category::ArmedConflict
        );
        assert_eq!(
            event(Vac, attack, Some(ActorKind::Rioters)).category(),
            Category::CivilUnrest
        );
        assert_eq!(event(Vac, attack, None).category(), Category::Crime);
        let abduction = Some(SubEventType::AbductionForcedDisappearance);
        assert_eq!(
            event(Vac, abduction, Some(ActorKind::Rebel)).category(),
            Category::Kidnap
        );
    }

    #[test]
    fn explosions_split_between_terrorism_and_conflict() {
        use EventType::ExplosionsRemoteViolence as Erv;
        use SubEventType as S;
        assert_eq!(
            event(Erv, Some(S::SuicideBomb), Some(ActorKind::State)).category(),
            Category::Terrorism
        );
        assert_eq!(
            event(Erv, Some(S::RemoteExplosiveLandmineIed), None).category(),
            Category::Terrorism
        );
        assert_eq!(
            event(
                Erv,
                Some(S::RemoteExplosiveLandmineIed),
                Some(ActorKind::State)
            )
            .category(),
            Category::ArmedConflict
        );
        assert_eq!(
            event(Erv, Some(S::AirDroneStrike), Some(ActorKind::Rebel)).category(),
            Category::ArmedConflict
        );
        assert_eq!(event(Erv, None, None).category(), Category::ArmedConflict);
    }

    #[test]
    fn status_and_tags_take_precedence() {
        let mut plot = event(
            EventType::StrategicDevelopments,
            Some(SubEventType::Arrests),
            Some(ActorKind::Rebel),
        );
        assert_eq!(plot.category(), Category::Political);
        plot.status = Status::Foiled;
        assert_eq!(plot.category(), Category::Terrorism);
        let mut gtd = event(EventType::Battles, Some(SubEventType::ArmedClash), None);
        gtd.tags.push("terrorism".into());
        assert_eq!(gtd.category(), Category::Terrorism);
        assert_eq!(
            event(EventType::Riots, None, None).category(),
            Category::CivilUnrest
        );
        assert_eq!(
            event(
                EventType::StrategicDevelopments,
                Some(SubEventType::LootingPropertyDestruction),
                None
            )
            .category(),
            Category::Crime
        );
    }

    #[test]
    fn category_words_parse_leniently() {
        assert_eq!(
            Category::parse("Armed conflict"),
            Ok(Category::ArmedConflict)
        );
        assert_eq!(Category::parse("civil-unrest"), Ok(Category::CivilUnrest));
        assert!(Category::parse("weather").is_err());
    }
}
