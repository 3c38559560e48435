//! The learned half of event typing: a multinomial logistic regression over
//! word and word-pair features ([`crate::features`]) that `build.rs` trains
//! from ACLED notes and their coded sub-event types. It answers "which of
//! ACLED's sub-event types does this description read like"; the rules in
//! [`crate::cues`] still decide whether a sentence reports an incident at
//! all, and a few unambiguous cues (a suicide bombing, a foiled plot)
//! overrule it. When the build found no training data the model is empty
//! and [`model`] returns None.

use std::sync::LazyLock;

use sitrep_model::{EventType, SubEventType};

static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/type_model.bin"));

/// The trained model.
pub struct TypeModel {
    labels: Vec<Option<SubEventType>>,
    hashes: Vec<u64>,
    weights: Vec<f32>,
    bias: Vec<f32>,
}

static MODEL: LazyLock<Option<TypeModel>> = LazyLock::new(|| TypeModel::read(BYTES));

/// The model built into this binary, if the build had training data.
pub fn model() -> Option<&'static TypeModel> {
    MODEL.as_ref()
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let out = self.bytes.get(self.at..self.at + n)?;
        self.at += n;
        Some(out)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

impl TypeModel {
    fn read(bytes: &[u8]) -> Option<TypeModel> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != b"STM1" {
            return None;
        }
        let k = r.u32()? as usize;
        let mut labels = Vec::with_capacity(k);
        for _ in 0..k {
            let n = r.u16()? as usize;
            let label = std::str::from_utf8(r.take(n)?).ok()?;
            labels.push(SubEventType::parse(label).ok());
        }
        let n = r.u32()? as usize;
        let hashes = (0..n).map(|_| r.u64()).collect::<Option<Vec<_>>>()?;
        let weights = (0..n * k).map(|_| r.f32()).collect::<Option<Vec<_>>>()?;
        let bias = (0..k).map(|_| r.f32()).collect::<Option<Vec<_>>>()?;
        (k > 0 && n > 0).then_some(TypeModel {
            labels,
            hashes,
            weights,
            bias,
        })
    }

    /// Probabilities of each sub-event type for a text's features, highest
    /// first.
    pub fn probabilities(&self, features: &[u64]) -> Vec<(SubEventType, f32)> {
        let k = self.bias.len();
        let mut logits = self.bias.clone();
        for h in features {
            if let Ok(i) = self.hashes.binary_search(h) {
                for (l, w) in logits.iter_mut().zip(&self.weights[i * k..(i + 1) * k]) {
                    *l += w;
                }
            }
        }
        let max = logits.iter().copied().fold(f32::MIN, f32::max);
        let mut sum = 0.0;
        for l in logits.iter_mut() {
            *l = (*l - max).exp();
            sum += *l;
        }
        let mut out: Vec<(SubEventType, f32)> = self
            .labels
            .iter()
            .zip(&logits)
            .filter_map(|(label, p)| label.map(|s| (s, p / sum)))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// The most likely sub-event type of `text` with its probability.
    pub fn predict(&self, text: &str) -> Option<(SubEventType, f32)> {
        self.probabilities(&crate::features::features(text))
            .into_iter()
            .next()
    }

    /// How many features the model knows.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

/// How sure the model must be to overrule the rules' reading of an
/// incident.
pub const CONFIDENT: f32 = 0.9;

/// Sub-types the rules name unambiguously; the model does not overrule them.
const RULE_DECIDES: &[SubEventType] = &[
    SubEventType::SuicideBomb,
    SubEventType::ChemicalWeapon,
    SubEventType::DisruptedWeaponsUse,
    SubEventType::Grenade,
];

/// Words that name a planted or placed explosive: the rules' reading of a
/// remote explosive stands ("a bus struck an explosive device on the road
/// between Kaya and Dori" is no armed clash, whatever the model has learned
/// of those towns).
const DEVICES: &[&str] = &[
    "device",
    "devices",
    "ied",
    "ieds",
    "vbied",
    "landmine",
    "landmines",
    "roadside",
];

fn names_a_planted_device(tokens: &[crate::tokens::Token], rule: SubEventType) -> bool {
    rule == SubEventType::RemoteExplosiveLandmineIed
        && tokens.iter().any(|t| DEVICES.contains(&t.lower.as_str()))
}

/// The sub-event type of an incident the rules read as `rule` in `tokens`
/// (its sentence): the model's most likely type when it is at least
/// [`CONFIDENT`], else the rule's.
pub fn decide(tokens: &[crate::tokens::Token], cue: usize, rule: SubEventType) -> SubEventType {
    let Some(model) = model() else {
        return rule;
    };
    // "an attack with explosive-laden drones on an army base": the weapon
    // says how, whatever the model learned of bases and soldiers.
    let drone = rule == SubEventType::AirDroneStrike
        && tokens
            .iter()
            .any(|t| matches!(t.lower.as_str(), "drone" | "drones"));
    if RULE_DECIDES.contains(&rule) || drone || names_a_planted_device(tokens, rule) {
        return rule;
    }
    // "Riot police" say nothing of a riot; the model learned the word.
    let lower: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    let text: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| !(t.lower == "riot" && crate::cues::riot_force(&lower, *i)))
        .map(|(_, t)| t.text.as_str())
        .collect();
    let features = crate::features::features(&text.join(" "));

    // A protest or riot needs a crowd: the model does not turn "jets",
    // "agreement" or "rape" into one (texts unlike ACLED's notes).
    // Nor "residents say the gunmen arrived firing into the air": armed
    // men attacking are no crowd.
    let crowd = || {
        let named = if rule == SubEventType::Arrests
            || rule.event_type() == EventType::ViolenceAgainstCivilians
        {
            crate::cues::names_a_crowd_acting(tokens, cue)
        } else {
            crate::cues::names_a_crowd(tokens)
        };
        named
            && !(rule.event_type() == EventType::ViolenceAgainstCivilians
                && crate::cues::names_armed_men(tokens))
    };
    // A protest the police broke up is a riot only when the crowd did
    // violence ("smashed", "set fire"): tear gas on striking teachers is not.
    let calm_protest = |s: SubEventType| {
        matches!(
            rule,
            SubEventType::ProtestWithIntervention | SubEventType::ExcessiveForceAgainstProtesters
        ) && s.event_type() == EventType::Riots
            && !crate::cues::any_crowd_violence(tokens)
    };
    // "the killing of three girls … at a dance class": a killing is no
    // peaceful protest, whatever else the sentence tells.
    let peaceful_killing = |s: SubEventType| {
        rule.event_type() == EventType::ViolenceAgainstCivilians
            && s == SubEventType::PeacefulProtest
            && !crate::cues::names_a_protest(tokens)
            && !crate::cues::find_cues(tokens)
                .iter()
                .any(|c| c.sub.event_type() == EventType::Protests)
    };
    // "two men on a motorcycle opened fire on a bus": gunmen shooting
    // civilians fight no battle.
    let battle_on_civilians = |s: SubEventType| {
        rule == SubEventType::Attack
            && s.event_type() == EventType::Battles
            && crate::cues::only_civilians_harmed(tokens)
    };
    match model.probabilities(&features).first() {
        Some(&(s, p))
            if p >= CONFIDENT
                && !calm_protest(s)
                && !peaceful_killing(s)
                && !battle_on_civilians(s)
                && (!matches!(s.event_type(), EventType::Protests | EventType::Riots)
                    || rule.event_type() == s.event_type()
                    || crowd()) =>
        {
            s
        }
        _ => rule,
    }
}
