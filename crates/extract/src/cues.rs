//! Incident cues: the words that say something happened, mapped onto the
//! ACLED taxonomy, with a rank (a clause's lowest-ranked cue decides its type:
//! "suicide bombing" beats "attack") and a strength (a weak cue such as
//! "attack" only refers back to an incident unless a place comes with it).

use sitrep_model::{Status, SubEventType};

use crate::tokens::Token;

/// One cue: token span (end exclusive) and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub first: usize,
    pub last: usize,
    pub sub: SubEventType,
    pub status: Status,
    pub rank: u8,
    pub strong: bool,
}

const FOIL: &[&str] = &[
    "foiled",
    "thwarted",
    "disrupted",
    "prevented",
    "averted",
    "foil",
    "thwart",
    "disrupt",
    "uncovered",
    "dismantled",
    "foiling",
    "thwarting",
    "disrupting",
];
const PLOT: &[&str] = &[
    "plot",
    "plots",
    "plotting",
    "conspiracy",
    "planning",
    "plotted",
];
const ARREST: &[&str] = &[
    "arrest",
    "arrests",
    "arrested",
    "detained",
    "detain",
    "detains",
    "apprehended",
    "custody",
];
const THREAT: &[&str] = &["threatened", "threatens", "vowed", "vows"];

/// (words, sub-type, rank, strong). Multi-word entries come first.
const LEXICON: &[(&[&str], SubEventType, u8, bool)] = {
    use SubEventType as S;
    &[
        (&["drone", "strike"], S::AirDroneStrike, 2, true),
        (&["drone", "strikes"], S::AirDroneStrike, 2, true),
        (&["drone", "attack"], S::AirDroneStrike, 2, true),
        (&["air", "strike"], S::AirDroneStrike, 2, true),
        (&["air", "strikes"], S::AirDroneStrike, 2, true),
        (&["air", "raid"], S::AirDroneStrike, 2, true),
        (&["airstrike"], S::AirDroneStrike, 2, true),
        (&["airstrikes"], S::AirDroneStrike, 2, true),
        (&["warplanes"], S::AirDroneStrike, 2, true),
        (&["bombarded"], S::AirDroneStrike, 2, true),
        (&["opened", "fire"], S::Attack, 7, true),
        (&["tear", "gas"], S::ProtestWithIntervention, 9, true),
        (&["suicide"], S::SuicideBomb, 1, true),
        (&["rocket"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["rockets"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["missile"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["missiles"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["mortar"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["mortars"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["shelling"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["shelled"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["artillery"], S::ShellingArtilleryMissileAttack, 3, true),
        (&["bomb"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["bombs"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["bombing"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["bombings"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["blast"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["blasts"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["explosion"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["explosions"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["ied"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["landmine"], S::RemoteExplosiveLandmineIed, 4, true),
        (&["grenade"], S::Grenade, 5, true),
        (&["grenades"], S::Grenade, 5, true),
        (&["abducted"], S::AbductionForcedDisappearance, 6, true),
        (&["abduction"], S::AbductionForcedDisappearance, 6, true),
        (&["kidnapped"], S::AbductionForcedDisappearance, 6, true),
        (&["kidnapping"], S::AbductionForcedDisappearance, 6, true),
        (&["gunmen"], S::Attack, 7, true),
        (&["gunman"], S::Attack, 7, true),
        (&["shooting"], S::Attack, 7, true),
        (&["stabbing"], S::Attack, 7, true),
        (&["stabbed"], S::Attack, 7, true),
        (&["massacre"], S::Attack, 7, true),
        (&["stormed"], S::Attack, 7, true),
        (&["arson"], S::Attack, 7, true),
        (&["clashes"], S::ArmedClash, 8, true),
        (&["clashed"], S::ArmedClash, 8, true),
        (&["ambush"], S::ArmedClash, 8, true),
        (&["ambushed"], S::ArmedClash, 8, true),
        (&["fighting"], S::ArmedClash, 8, true),
        (&["riot"], S::ViolentDemonstration, 9, true),
        (&["riots"], S::ViolentDemonstration, 9, true),
        (&["rioters"], S::ViolentDemonstration, 9, true),
        (&["rioting"], S::ViolentDemonstration, 9, true),
        (&["mob"], S::MobViolence, 9, true),
        (&["protest"], S::PeacefulProtest, 10, true),
        (&["protests"], S::PeacefulProtest, 10, true),
        (&["protested"], S::PeacefulProtest, 10, true),
        (&["protesters"], S::PeacefulProtest, 10, true),
        (&["demonstrators"], S::PeacefulProtest, 10, true),
        (&["demonstration"], S::PeacefulProtest, 10, true),
        (&["rally"], S::PeacefulProtest, 10, true),
        (&["chemical"], S::ChemicalWeapon, 0, true),
        (&["mustard", "gas"], S::ChemicalWeapon, 0, true),
        (&["chlorine"], S::ChemicalWeapon, 0, true),
        (&["sarin"], S::ChemicalWeapon, 0, true),
        (&["nerve", "agent"], S::ChemicalWeapon, 0, true),
        (&["raped"], S::SexualViolence, 6, true),
        (&["rape"], S::SexualViolence, 6, true),
        (&["sexually"], S::SexualViolence, 6, true),
        (&["sexual"], S::SexualViolence, 6, true),
        (&["recaptured"], S::GovernmentRegainsTerritory, 8, true),
        (&["retook"], S::GovernmentRegainsTerritory, 8, true),
        (&["regained"], S::GovernmentRegainsTerritory, 8, true),
        (&["liberated"], S::GovernmentRegainsTerritory, 8, true),
        (
            &["seized", "control"],
            S::NonStateActorOvertakesTerritory,
            8,
            true,
        ),
        (
            &["took", "control"],
            S::NonStateActorOvertakesTerritory,
            8,
            true,
        ),
        (&["overran"], S::NonStateActorOvertakesTerritory, 8, true),
        (&["looted"], S::LootingPropertyDestruction, 11, true),
        (&["looting"], S::LootingPropertyDestruction, 11, true),
        (&["vandalised"], S::LootingPropertyDestruction, 11, true),
        (&["vandalized"], S::LootingPropertyDestruction, 11, true),
        (&["ransacked"], S::LootingPropertyDestruction, 11, true),
        (
            &["headquarters"],
            S::HeadquartersOrBaseEstablished,
            13,
            false,
        ),
        (
            &["established", "a", "base"],
            S::HeadquartersOrBaseEstablished,
            13,
            false,
        ),
        (&["ceasefire"], S::Agreement, 13, false),
        (&["agreement"], S::Agreement, 13, false),
        (&["agreed"], S::Agreement, 13, false),
        (&["peace", "deal"], S::Agreement, 13, false),
        (&["withdrew"], S::NonViolentTransferOfTerritory, 13, false),
        (
            &["handed", "over"],
            S::NonViolentTransferOfTerritory,
            13,
            false,
        ),
        (&["merged"], S::ChangeToGroupActivity, 14, false),
        (&["disbanded"], S::ChangeToGroupActivity, 14, false),
        (&["attack"], S::Attack, 12, false),
        (&["attacks"], S::Attack, 12, false),
        (&["attacked"], S::Attack, 12, false),
        (&["assault"], S::Attack, 12, false),
    ]
};

const FORCES: &[&str] = &[
    "soldiers",
    "troops",
    "checkpoint",
    "army",
    "convoy",
    "policemen",
    "outpost",
    "base",
];

/// The cues of `tokens`, left to right.
pub fn find_cues(tokens: &[Token]) -> Vec<Cue> {
    let lower: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    let has = |set: &[&str]| lower.iter().position(|w| set.contains(w));
    let mut cues = Vec::new();
    let threatened = has(THREAT).is_some();
    let status = if threatened {
        Status::Threatened
    } else {
        Status::Occurred
    };
    // A foiled plot, or an arrest over a plot.
    if let Some(p) = has(PLOT) {
        let foil = has(FOIL);
        let arrest = has(ARREST);
        if foil.is_some() || arrest.is_some() {
            let sub = if arrest.is_some() {
                SubEventType::Arrests
            } else {
                SubEventType::DisruptedWeaponsUse
            };
            let other = foil.or(arrest).unwrap_or(p);
            cues.push(Cue {
                first: p.min(other),
                last: p.max(other) + 1,
                sub,
                status: Status::Foiled,
                rank: 0,
                strong: true,
            });
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        let found = LEXICON.iter().find(|(words, ..)| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| lower.get(i + k) == Some(w))
        });
        if let Some((words, sub, rank, strong)) = found {
            let mut sub = *sub;
            if sub == SubEventType::Attack && lower.iter().any(|w| FORCES.contains(w)) {
                sub = SubEventType::ArmedClash;
            }
            cues.push(Cue {
                first: i,
                last: i + words.len(),
                sub,
                status,
                rank: *rank,
                strong: *strong,
            });
            i += words.len();
            continue;
        }
        if ARREST.contains(&lower[i]) && lower[i] != "custody" {
            cues.push(Cue {
                first: i,
                last: i + 1,
                sub: SubEventType::Arrests,
                status: Status::Occurred,
                rank: 11,
                strong: true,
            });
        }
        i += 1;
    }
    cues
}

/// The sub-event type a short text describes, if any: its deciding cue,
/// with protests met by force told apart. Used to classify single snippets
/// (CASE 2021 task 2) where no place is needed.
pub fn classify(tokens: &[Token]) -> Option<SubEventType> {
    let cue = primary(&find_cues(tokens))?;
    let protest = tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "protesters" | "demonstrators" | "protest" | "protests" | "demonstration" | "rally"
        )
    });
    let force = tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "fired" | "beat" | "beaten" | "killed" | "shot" | "injured" | "attacked" | "wounded"
        )
    });
    let dispersed = tokens.iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "dispersed" | "arrested" | "detained" | "gas"
        )
    });
    Some(match cue.sub {
        SubEventType::PeacefulProtest if force => SubEventType::ExcessiveForceAgainstProtesters,
        SubEventType::PeacefulProtest if dispersed => SubEventType::ProtestWithIntervention,
        SubEventType::Attack | SubEventType::Arrests if protest && force => {
            SubEventType::ExcessiveForceAgainstProtesters
        }
        sub => sub,
    })
}

/// The cue that decides a clause: the lowest rank, then the first.
pub fn primary(cues: &[Cue]) -> Option<Cue> {
    cues.iter().min_by_key(|c| (c.rank, c.first)).copied()
}
