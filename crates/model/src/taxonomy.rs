//! The ACLED event taxonomy (six event types, twenty-five sub-event types), the
//! canonical classification of every sitrep event whatever its source.
//! Labels and parent relations follow `acled/reference/acled_event_categories.csv`.

use crate::event::ParseError;

/// ACLED event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    Battles,
    ExplosionsRemoteViolence,
    ViolenceAgainstCivilians,
    Protests,
    Riots,
    StrategicDevelopments,
}

impl EventType {
    pub const ALL: [EventType; 6] = [
        EventType::Battles,
        EventType::ExplosionsRemoteViolence,
        EventType::ViolenceAgainstCivilians,
        EventType::Protests,
        EventType::Riots,
        EventType::StrategicDevelopments,
    ];

    /// The label ACLED uses, e.g. `Explosions/Remote violence`.
    pub fn label(self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
        }
    }

    /// Stable numeric code used by compact indexes and storage (1..=6).
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(usize::from(code).checked_sub(1)?).copied()
    }

    /// Parses an ACLED label, case- and punctuation-insensitively
    /// (`explosions/remote violence`, `Explosions-Remote violence`, `violence_against_civilians`).
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        find_label(&Self::ALL, Self::label, text).ok_or_else(|| ParseError::new("event type", text))
    }
}

/// ACLED sub-event type; each belongs to exactly one [`EventType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubEventType {
    ArmedClash,
    GovernmentRegainsTerritory,
    NonStateActorOvertakesTerritory,
    ChemicalWeapon,
    AirDroneStrike,
    SuicideBomb,
    ShellingArtilleryMissileAttack,
    RemoteExplosiveLandmineIed,
    Grenade,
    PeacefulProtest,
    ProtestWithIntervention,
    ExcessiveForceAgainstProtesters,
    ViolentDemonstration,
    MobViolence,
    Agreement,
    Arrests,
    ChangeToGroupActivity,
    DisruptedWeaponsUse,
    HeadquartersOrBaseEstablished,
    LootingPropertyDestruction,
    NonViolentTransferOfTerritory,
    Other,
    SexualViolence,
    Attack,
    AbductionForcedDisappearance,
}

impl SubEventType {
    pub const ALL: [SubEventType; 25] = [
        SubEventType::ArmedClash,
        SubEventType::GovernmentRegainsTerritory,
        SubEventType::NonStateActorOvertakesTerritory,
        SubEventType::ChemicalWeapon,
        SubEventType::AirDroneStrike,
        SubEventType::SuicideBomb,
        SubEventType::ShellingArtilleryMissileAttack,
        SubEventType::RemoteExplosiveLandmineIed,
        SubEventType::Grenade,
        SubEventType::PeacefulProtest,
        SubEventType::ProtestWithIntervention,
        SubEventType::ExcessiveForceAgainstProtesters,
        SubEventType::ViolentDemonstration,
        SubEventType::MobViolence,
        SubEventType::Agreement,
        SubEventType::Arrests,
        SubEventType::ChangeToGroupActivity,
        SubEventType::DisruptedWeaponsUse,
        SubEventType::HeadquartersOrBaseEstablished,
        SubEventType::LootingPropertyDestruction,
        SubEventType::NonViolentTransferOfTerritory,
        SubEventType::Other,
        SubEventType::SexualViolence,
        SubEventType::Attack,
        SubEventType::AbductionForcedDisappearance,
    ];

    pub fn label(self) -> &'static str {
        use SubEventType::*;
        match self {
            ArmedClash => "Armed clash",
            GovernmentRegainsTerritory => "Government regains territory",
            NonStateActorOvertakesTerritory => "Non-state actor overtakes territory",
            ChemicalWeapon => "Chemical weapon",
            AirDroneStrike => "Air/drone strike",
            SuicideBomb => "Suicide bomb",
            ShellingArtilleryMissileAttack => "Shelling/artillery/missile attack",
            RemoteExplosiveLandmineIed => "Remote explosive/landmine/IED",
            Grenade => "Grenade",
            PeacefulProtest => "Peaceful protest",
            ProtestWithIntervention => "Protest with intervention",
            ExcessiveForceAgainstProtesters => "Excessive force against protesters",
            ViolentDemonstration => "Violent demonstration",
            MobViolence => "Mob violence",
            Agreement => "Agreement",
            Arrests => "Arrests",
            ChangeToGroupActivity => "Change to group/activity",
            DisruptedWeaponsUse => "Disrupted weapons use",
            HeadquartersOrBaseEstablished => "Headquarters or base established",
            LootingPropertyDestruction => "Looting/property destruction",
            NonViolentTransferOfTerritory => "Non-violent transfer of territory",
            Other => "Other",
            SexualViolence => "Sexual violence",
            Attack => "Attack",
            AbductionForcedDisappearance => "Abduction/forced disappearance",
        }
    }

    /// The event type this sub-type belongs to.
    pub fn event_type(self) -> EventType {
        use SubEventType::*;
        match self {
            ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => {
                EventType::Battles
            }
            ChemicalWeapon
            | AirDroneStrike
            | SuicideBomb
            | ShellingArtilleryMissileAttack
            | RemoteExplosiveLandmineIed
            | Grenade => EventType::ExplosionsRemoteViolence,
            PeacefulProtest | ProtestWithIntervention | ExcessiveForceAgainstProtesters => {
                EventType::Protests
            }
            ViolentDemonstration | MobViolence => EventType::Riots,
            Agreement
            | Arrests
            | ChangeToGroupActivity
            | DisruptedWeaponsUse
            | HeadquartersOrBaseEstablished
            | LootingPropertyDestruction
            | NonViolentTransferOfTerritory
            | Other => EventType::StrategicDevelopments,
            SexualViolence | Attack | AbductionForcedDisappearance => {
                EventType::ViolenceAgainstCivilians
            }
        }
    }

    /// Stable numeric code (1..=25); 0 is reserved for "no sub-type".
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(usize::from(code).checked_sub(1)?).copied()
    }

    pub fn parse(text: &str) -> Result<Self, ParseError> {
        find_label(&Self::ALL, Self::label, text)
            .ok_or_else(|| ParseError::new("sub-event type", text))
    }
}

/// The value whose label is `text`: exactly as written (the common case, no
/// allocation), else compared after [`normalise_label`].
fn find_label<T: Copy>(all: &[T], label: fn(T) -> &'static str, text: &str) -> Option<T> {
    let text = text.trim();
    if let Some(t) = all.iter().find(|t| label(**t) == text) {
        return Some(*t);
    }
    let key = normalise_label(text);
    all.iter()
        .find(|t| normalise_label(label(**t)) == key)
        .copied()
}

/// Lower-cases and keeps only letters and digits, so that labels compare equal
/// whatever their punctuation, spacing or case.
fn normalise_label(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_through_parse_and_codes() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.label()).ok(), Some(t));
            assert_eq!(EventType::from_code(t.code()), Some(t));
        }
        for s in SubEventType::ALL {
            assert_eq!(SubEventType::parse(s.label()).ok(), Some(s));
            assert_eq!(SubEventType::from_code(s.code()), Some(s));
        }
        assert_eq!(EventType::from_code(0), None);
        assert_eq!(SubEventType::from_code(26), None);
    }

    #[test]
    fn parse_is_lenient_about_case_and_punctuation_but_not_words() {
        assert_eq!(
            EventType::parse("explosions remote-violence").ok(),
            Some(EventType::ExplosionsRemoteViolence)
        );
        assert_eq!(
            SubEventType::parse("remote explosive / landmine / ied").ok(),
            Some(SubEventType::RemoteExplosiveLandmineIed)
        );
        assert!(EventType::parse("Battle-No change of territory").is_err());
    }

    #[test]
    fn taxonomy_matches_the_acled_reference_table() {
        // Ground truth: ../shared/data/acled/reference/acled_event_categories.csv when present.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/acled/reference/acled_event_categories.csv"
        );
        let Ok(table) = std::fs::read_to_string(path) else {
            panic!("reference taxonomy not found at {path}");
        };
        let mut rows = 0;
        for line in table.lines().skip(1) {
            let mut cols = line.split(',');
            let (Some(t), Some(s)) = (cols.next(), cols.next()) else {
                continue;
            };
            let sub = SubEventType::parse(s).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(sub.event_type().label(), t, "{s}");
            rows += 1;
        }
        assert_eq!(rows, SubEventType::ALL.len());
    }
}
