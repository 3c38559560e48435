//! Sub-event type accuracy on CASE 2021 task 2 (news snippets, each labelled
//! with one of the 25 ACLED sub-event types or one of five types outside
//! ACLED: organised crime, natural and man-made disasters, diplomacy,
//! attribution). The file is read in place: `id \t EventSnippet \t SubType`.
//! The extractor makes no event of the five outside types; [`classify`]
//! names them from their words for this measure. Figures are given over all
//! rows and over the ACLED rows alone, and for the two halves of the file:
//! rows at even positions, which the rules were tuned against, and rows at
//! odd positions, which were not looked at.

use std::collections::{BTreeMap, BTreeSet};

use sitrep_model::SubEventType;

use crate::ExtractError;
use crate::cues::NATURAL_DISASTERS as NATURAL;
use crate::tokens::tokenize;

/// CASE 2021 code → ACLED sub-event type.
pub fn case_label(code: &str) -> Option<SubEventType> {
    use SubEventType as S;
    Some(match code {
        "ABDUCT_DISSAP" => S::AbductionForcedDisappearance,
        "AGREEMENT" => S::Agreement,
        "AIR_STRIKE" => S::AirDroneStrike,
        "ARMED_CLASH" => S::ArmedClash,
        "ARREST" => S::Arrests,
        "ART_MISS_ATTACK" => S::ShellingArtilleryMissileAttack,
        "ATTACK" => S::Attack,
        "CHANGE_TO_GROUP_ACT" => S::ChangeToGroupActivity,
        "CHEM_WEAP" => S::ChemicalWeapon,
        "DISR_WEAP" => S::DisruptedWeaponsUse,
        "FORCE_AGAINST_PROTEST" => S::ExcessiveForceAgainstProtesters,
        "GOV_REGAINS_TERIT" => S::GovernmentRegainsTerritory,
        "GRENADE" => S::Grenade,
        "HQ_ESTABLISHED" => S::HeadquartersOrBaseEstablished,
        "MOB_VIOL" => S::MobViolence,
        "NON_STATE_ACTOR_OVERTAKES_TER" => S::NonStateActorOvertakesTerritory,
        "NON_VIOL_TERRIT_TRANSFER" => S::NonViolentTransferOfTerritory,
        "OTHER" => S::Other,
        "PEACE_PROTEST" => S::PeacefulProtest,
        "PROPERTY_DISTRUCT" => S::LootingPropertyDestruction,
        "PROTEST_WITH_INTER" => S::ProtestWithIntervention,
        "REM_EXPLOS" => S::RemoteExplosiveLandmineIed,
        "SEX_VIOL" => S::SexualViolence,
        "SUIC_BOMB" => S::SuicideBomb,
        "VIOL_DEMONSTR" => S::ViolentDemonstration,
        _ => return None,
    })
}

/// Words of the five CASE classes outside ACLED's taxonomy (the natural
/// disasters' are [`crate::cues::NATURAL_DISASTERS`]). The extractor makes
/// no event of these; for CASE they are labels to tell apart.
const MAN_MADE: &[&str] = &[
    "blaze",
    "collapsed",
    "collapse",
    "derailed",
    "derailment",
    "crashed",
    "crash",
    "accident",
    "leak",
    "leaked",
    "stampede",
    "capsized",
    "sank",
    "poisoning",
    "toxins",
    "ammonium",
    "factory",
    "plant",
    "refinery",
    "mine",
    "warehouse",
    "pipeline",
    "industrial",
    "fireworks",
    "spill",
    "collision",
    "aground",
    "storage",
];
const CRIME: &[&str] = &[
    "cartel",
    "drug",
    "drugs",
    "trafficking",
    "traffickers",
    "smuggling",
    "smugglers",
    "cocaine",
    "heroin",
    "narcotics",
    "counterfeit",
    "laundering",
    "robbery",
    "robbed",
    "robberies",
    "burglary",
    "theft",
    "stolen",
    "fraud",
    "mafia",
    "steroid",
    "steroids",
    "contraband",
];
const DIPLOMACY: &[&str] = &[
    "sanctions",
    "ambassador",
    "ambassadors",
    "diplomats",
    "diplomat",
    "diplomatic",
    "embassy",
    "summit",
    "talks",
    "bilateral",
    "expels",
    "expelled",
    "envoy",
    "minister",
    "visit",
    "visited",
];

/// The CASE 2021 label of a snippet: a CASE-only class (disaster, crime,
/// diplomacy, attribution) when its words say so and no violent cue does,
/// else the extractor's sub-event type (rules, and the learned classifier
/// where it is confident), else `NONE`.
pub fn classify(snippet: &str) -> String {
    let chars: Vec<char> = snippet.chars().collect();
    let tokens = tokenize(&chars, 0, chars.len());
    let lower: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    let count = |set: &[&str]| lower.iter().filter(|w| set.contains(w)).count();
    // "X claimed responsibility for …", "takes credit for …".
    let attribution = lower.windows(2).any(|w| {
        matches!(
            w,
            [
                "claimed" | "claims" | "claim" | "claiming" | "took" | "takes",
                "responsibility" | "credit"
            ]
        )
    });
    if attribution {
        return "ATTRIB".to_owned();
    }
    let cues = crate::cues::find_cues(&tokens);
    let cue = crate::cues::primary(&cues);
    // An explosion or a chemical at a plant, warehouse or storage site, with
    // no attacker: an industrial accident.
    let attacker = lower.iter().any(|w| {
        matches!(
            *w,
            "attack"
                | "attacks"
                | "attacked"
                | "bomber"
                | "bombers"
                | "bombing"
                | "militants"
                | "terrorist"
                | "terrorists"
                | "insurgents"
                | "rebels"
                | "planted"
                | "gunmen"
        )
    });
    let industrial = count(MAN_MADE) > 0
        && !attacker
        && cue.is_some_and(|c| {
            matches!(
                c.sub,
                SubEventType::RemoteExplosiveLandmineIed | SubEventType::ChemicalWeapon
            )
        });
    if industrial {
        return "MAN_MADE_DISASTER".to_owned();
    }
    if lower.iter().any(|w| {
        matches!(
            *w,
            "sanctions" | "expels" | "expelled" | "ambassador" | "summit"
        )
    }) && !cues.iter().any(|c| c.strong && c.rank <= 7)
    {
        return "DIPLO".to_owned();
    }
    let violent = cues.iter().any(|c| c.strong && c.rank <= 8);
    if !violent {
        if count(NATURAL) > 0 {
            return "NATURAL_DISASTER".to_owned();
        }
        if count(CRIME) > 0 && !cues.iter().any(|c| c.strong && c.rank <= 10) {
            return "ORG_CRIME".to_owned();
        }
        let fire = lower
            .windows(2)
            .any(|w| matches!(w, ["fire", "broke"] | ["caught", "fire"]));
        if count(MAN_MADE) > 0 && (fire || count(MAN_MADE) >= 1 && cue.is_none_or(|c| c.rank >= 4))
        {
            return "MAN_MADE_DISASTER".to_owned();
        }
        if count(DIPLOMACY) > 0 && cue.is_none_or(|c| !c.strong && c.sub != SubEventType::Agreement)
        {
            return "DIPLO".to_owned();
        }
    }
    match cue {
        Some(c) => {
            let rule = crate::cues::refine(&tokens, &c);
            let sub = if c.status == sitrep_model::Status::Occurred {
                crate::classify::decide(&tokens, c.first, rule)
            } else {
                rule
            };
            sub.label().to_owned()
        }
        None => "NONE".to_owned(),
    }
}

/// The figures of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseScores {
    pub rows: usize,
    pub acled_rows: usize,
    pub accuracy: f64,
    pub weighted_f1: f64,
    pub acled_accuracy: f64,
    pub acled_weighted_f1: f64,
    /// Rows with no cue at all (predicted nothing).
    pub unpredicted: usize,
    /// Weighted F1 over all labels of the rows at even positions (the half
    /// the rules were tuned on) and at odd positions (not looked at).
    pub tuned_weighted_f1: f64,
    pub untuned_weighted_f1: f64,
}

/// Classifies every snippet of a CASE 2021 task 2 file's text.
pub fn evaluate(tsv: &str) -> Result<CaseScores, ExtractError> {
    let mut all: Vec<(String, String)> = Vec::new();
    for (n, line) in tsv.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [_, snippet, label] = fields[..] else {
            return Err(ExtractError::Gold {
                line: n + 1,
                reason: format!("expected 3 tab-separated fields, found {}", fields.len()),
            });
        };
        let predicted = classify(snippet);
        let gold = case_label(label.trim())
            .map_or_else(|| label.trim().to_owned(), |s| s.label().to_owned());
        all.push((gold, predicted));
    }
    let acled: Vec<(String, String)> = all
        .iter()
        .filter(|(g, _)| SubEventType::parse(g).is_ok())
        .cloned()
        .collect();
    let (accuracy, weighted_f1) = scores(&all);
    let half = |parity: usize| -> Vec<(String, String)> {
        all.iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == parity)
            .map(|(_, p)| p.clone())
            .collect()
    };
    let (_, tuned_weighted_f1) = scores(&half(0));
    let (_, untuned_weighted_f1) = scores(&half(1));
    let (acled_accuracy, acled_weighted_f1) = scores(&acled);
    Ok(CaseScores {
        rows: all.len(),
        acled_rows: acled.len(),
        accuracy,
        weighted_f1,
        acled_accuracy,
        acled_weighted_f1,
        unpredicted: all.iter().filter(|(_, p)| p == "NONE").count(),
        tuned_weighted_f1,
        untuned_weighted_f1,
    })
}

/// Accuracy and support-weighted F1 over the gold labels.
fn scores(pairs: &[(String, String)]) -> (f64, f64) {
    if pairs.is_empty() {
        return (0.0, 0.0);
    }
    let correct = pairs.iter().filter(|(g, p)| g == p).count();
    let labels: BTreeSet<&str> = pairs.iter().map(|(g, _)| g.as_str()).collect();
    let mut support: BTreeMap<&str, usize> = BTreeMap::new();
    for (g, _) in pairs {
        *support.entry(g.as_str()).or_default() += 1;
    }
    let mut weighted = 0.0;
    for label in labels {
        let tp = pairs
            .iter()
            .filter(|(g, p)| g == label && p == label)
            .count() as f64;
        let predicted = pairs.iter().filter(|(_, p)| p == label).count() as f64;
        let gold = support.get(label).copied().unwrap_or(0) as f64;
        let precision = if predicted > 0.0 { tp / predicted } else { 0.0 };
        let recall = if gold > 0.0 { tp / gold } else { 0.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        weighted += f1 * gold;
    }
    let n = pairs.len() as f64;
    (correct as f64 / n, weighted / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_tiny_file() -> Result<(), ExtractError> {
        let tsv = "id\tEventSnippet\tSubType\n\
                   1\tA suicide bomber blew himself up at a checkpoint.\tSUIC_BOMB\n\
                   2\tThousands protested peacefully against fuel prices.\tPEACE_PROTEST\n\
                   3\tFloods swept away two villages.\tNATURAL_DISASTER\n";
        let s = evaluate(tsv)?;
        assert_eq!((s.rows, s.acled_rows, s.unpredicted), (3, 2, 0));
        assert!((s.accuracy - 1.0).abs() < 1e-9);
        assert!((s.acled_accuracy - 1.0).abs() < 1e-9);
        Ok(())
    }

    #[test]
    fn malformed_rows_are_refused() {
        assert!(evaluate("id\tEventSnippet\tSubType\n1\tonly two\n").is_err());
    }
}
