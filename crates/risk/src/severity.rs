//! How much one event weighs: a base weight per ACLED sub-event type, scaled by
//! its status and by the logarithm of its casualties.
//!
//! ```text
//! severity = w(sub-type) × m(status) × (1 + a·ln(1 + fatalities) + b·ln(1 + injuries))
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

use sitrep_model::{EventType, Status, SubEventType};

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

/// The severity of one event (see the module docs for the formula).
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
