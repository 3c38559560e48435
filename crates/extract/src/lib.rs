//! sitrep's report reader: turns an analyst report, news article or feed item
//! (plain text, Markdown or HTML) into structured events in the ACLED
//! taxonomy, with evidence offsets for every field.
//!
//! No event model ships in any package sitrep can use, so whether and where
//! an incident happened is decided by rules over three resources: the
//! gazetteer (through `sitrep-geoparse`), the actor registry
//! (`data/actors.tsv`, data users may edit) and small word lists in the
//! modules below. A classifier trained at build time from ACLED notes
//! ([`classify`]) retypes an incident only when it is sure. The pipeline,
//! one sentence at a time:
//!
//! 1. drop historical, generic, hypothetical and trend sentences ("between
//!    2014 and 2017", "often", "could attempt", "have surged since July");
//!    heading lines at the top are read apart and only fill in what the
//!    body leaves out;
//! 2. find the clause's incident cue ([`cues`]): type, sub-type and status,
//!    read in context ([`cues::refine`]) and by the classifier; a weak cue
//!    ("killed", "agreed") needs a day, a toll or a strong cue beside it;
//! 3. find the incident's places: the places of the same clause nearest the
//!    cue, minus origins ("from Afghanistan"), qualifiers ("near Moscow",
//!    "(Irumu, Ituri)"), modifiers ("a US drone strike"), words inside actor
//!    names ("Kurdistan Workers' Party") and containing regions ("Kerman,
//!    Iran"), resolved again with the names that qualify them; a list of
//!    places ("in Austria, Germany and Turkey") gives one event each; "the
//!    Afghan capital" is the country's capital (GeoNames PPLC);
//! 4. date ([`dates`]), casualties ([`casualties`]) and actors with their
//!    role and claim ([`actors`], ACLED-style generic actors in [`generic`])
//!    from the same clause or sentence;
//! 5. an event at the same place with a compatible type, status and date
//!    merges into the earlier one; a sentence without a place of its own
//!    ("ISKP claimed the attack", "the toll rose to 145") updates the events
//!    of the last sentence that made any, the latest toll winning; an
//!    incident after the first that is neither dated, counted nor
//!    attributed is dropped as context.
//!
//! Every offset is a character offset into the plain text of [`Report::text`].

pub mod actors;
pub mod case2021;
pub mod casualties;
pub mod classify;
pub mod corpora;
pub mod cues;
pub mod dates;
pub mod eval;
pub mod features;
pub mod generic;
pub mod grow;
pub mod html;
pub mod labels;
pub mod recase;
pub mod split;
pub mod tokens;
pub mod wrap;

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};
use sitrep_geoparse::{Format, Gazetteer, Geoparser, Mention, MentionKind};
use sitrep_model::{ActorRole, EventType, LocationPrecision, Status, SubEventType};

pub use actors::Registry;
use casualties::Count;
use cues::Cue;
use dates::{DateKind, DateValue};
use tokens::Token;

/// What can go wrong before extraction starts (extraction itself never fails
/// on odd text: it finds fewer events).
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("actor registry line {line}: {reason}")]
    Registry { line: usize, reason: String },
    #[error("gold file line {line}: {reason}")]
    Gold { line: usize, reason: String },
}

/// The place of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub admin1: Option<String>,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub precision: LocationPrecision,
    pub gazetteer_id: String,
}

/// An actor of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventActor {
    pub name: String,
    pub role: ActorRole,
    pub claimed: bool,
}

impl EventActor {
    /// The incident's attacker, named without a claim.
    fn perpetrator(name: String) -> EventActor {
        EventActor {
            name,
            role: ActorRole::Perpetrator,
            claimed: false,
        }
    }
}

/// Where in the plain text a field was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub field: &'static str,
    pub start: usize,
    pub end: usize,
}

/// One extracted event.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedEvent {
    pub event_type: EventType,
    pub sub_event_type: SubEventType,
    pub status: Status,
    pub date: Option<DateValue>,
    pub location: Place,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
    /// Attackers killed, kept apart from the victims.
    pub attackers_killed: Option<u32>,
    pub actors: Vec<EventActor>,
    pub evidence: Vec<Evidence>,
}

/// The result of reading one document.
#[derive(Debug, Clone)]
pub struct Report {
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The plain text every evidence offset refers to.
    pub text: String,
    pub events: Vec<ExtractedEvent>,
}

impl ExtractedEvent {
    /// The wire shape of issue 4 (`location`, `actors`, `evidence` nested).
    pub fn to_json(&self) -> Value {
        json!({
            "event_type": self.event_type.label(),
            "sub_event_type": self.sub_event_type.label(),
            "status": self.status.as_str(),
            "date": self.date.map(DateValue::render),
            "location": {
                "name": self.location.name,
                "admin1": self.location.admin1,
                "country": self.location.country,
                "lat": (self.location.lat * 10_000.0).round() / 10_000.0,
                "lon": (self.location.lon * 10_000.0).round() / 10_000.0,
                "precision": self.location.precision.as_str(),
            },
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "attackers_killed": self.attackers_killed,
            "actors": self.actors.iter().map(|a| json!({
                "name": a.name, "role": a.role.as_str(), "claimed": a.claimed,
            })).collect::<Vec<_>>(),
            "evidence": self.evidence.iter().map(|e| json!({
                "field": e.field, "start": e.start, "end": e.end,
            })).collect::<Vec<_>>(),
        })
    }
}

impl Report {
    pub fn to_json(&self) -> Value {
        json!({
            "title": self.title,
            "published": self.published.map(|d| d.format("%Y-%m-%d").to_string()),
            "events": self.events.iter().map(ExtractedEvent::to_json).collect::<Vec<_>>(),
        })
    }

    /// The words of the plain text between two character offsets.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.text
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect()
    }
}

/// The extractor over one gazetteer and one actor registry.
pub struct Extractor<'g> {
    geoparser: Geoparser<'g>,
    gazetteer: &'g Gazetteer,
    registry: Registry,
    /// Country (alpha-2) → index of its capital in the gazetteer's places.
    capitals: HashMap<String, usize>,
}

const HYPOTHETICAL: &[&str] = &["could", "might", "would", "should", "if", "unless", "may"];
/// Words of a forecast: what follows them has not happened, whatever
/// threat the sentence also reports ("we expect ambushes and abductions to
/// continue, … which separatists have vowed to disrupt").
const FORECAST: &[&str] = &[
    "expect",
    "expects",
    "anticipate",
    "anticipates",
    "forecast",
    "predict",
    "predicts",
];
const GENERIC: &[&str] = &[
    "often",
    "frequently",
    "regularly",
    "routinely",
    "typically",
    "usually",
    "generally",
    "tend",
    "tends",
];
const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "-",
    "the",
    "restive",
];
const LOCATIVE: &[&str] = &[
    "in",
    "into",
    "at",
    "on",
    "near",
    "across",
    "to",
    "from",
    "outside",
    "inside",
    "around",
    "throughout",
    "within",
    ",",
    "and",
    "or",
    "of",
];
const LIST_GLUE: &[&str] = &[
    ",", "and", "or", "the", "into", "in", "to", "as", "well", "both", "also",
];
/// Words for an area that a place name can stand before as a noun
/// ("Ar Raqqa countryside", "Idlib province").
const AREA_WORDS: &[&str] = &[
    "countryside",
    "province",
    "governorate",
    "region",
    "district",
    "area",
    "outskirts",
    "desert",
    "suburbs",
    "department",
    "prefecture",
    "county",
    "state",
    "oblast",
];
/// How far from its city a part of it named after a dash may lie ("New
/// York - Manhattan"); a namesake farther off is another place.
const SUBDIVISION_KM: f64 = 30.0;
/// Words after "X - Y" that make it a road between two places ("the Sucre
/// - Oruro highway"), not a city and its part.
const ROUTE_WORDS: &[&str] = &[
    "road", "highway", "motorway", "axis", "route", "railway", "line", "border", "corridor",
];
/// Lower-case words inside place names ("Deir ez Zor", "Rio de Janeiro").
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "ez", "ed", "es", "ad", "ar", "as", "ash", "an", "de", "del", "da", "do", "dos",
    "das", "di", "du", "des", "la", "le", "les", "van", "von",
];
/// The last words of organisations' names ("Phoenix Special Guerrilla
/// Force").
const ORGANISATION_WORDS: &[&str] = &[
    "force",
    "forces",
    "group",
    "army",
    "front",
    "union",
    "party",
    "committee",
    "movement",
    "alliance",
    "brigade",
    "brigades",
    "militia",
    "battalion",
    "regiment",
    "association",
    "federation",
    "coalition",
    // "Officers of the Liberia National Police".
    "police",
    "guard",
    // "the Kenya Red Cross", "the Syrian Arab Red Crescent".
    "cross",
    "crescent",
];
/// Weapons that carry a place's name ("Grad missiles").
const WEAPON_WORDS: &[&str] = &[
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "launcher",
    "launchers",
    "mlrs",
    "cocktail",
    "cocktails",
];
const KILL: &[&str] = &[
    "killed",
    "killing",
    "kill",
    "kills",
    "assassinated",
    "targeting",
    "against",
];
const GROUP_WORDS: &[&str] = &[
    "group",
    "branch",
    "organisation",
    "organization",
    "network",
    "militants",
];

/// How an actor was tied to an incident by a claim word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    Claimed,
    Blamed,
    /// "holds the front responsible for", "the army was responsible for":
    /// the actor before the word did it; nobody claimed it.
    Responsible,
    Allegiance,
}

/// A place chosen for an incident, with the span that named it.
struct Chosen {
    place: Place,
    start: usize,
    end: usize,
}

/// What one sentence says about actors.
struct ActorFinding {
    actor: EventActor,
    start: usize,
    end: usize,
    person: bool,
}

impl<'g> Extractor<'g> {
    pub fn new(geoparser: Geoparser<'g>, registry: Registry) -> Extractor<'g> {
        let gazetteer = geoparser.gazetteer();
        let mut capitals: HashMap<String, usize> = HashMap::new();
        for (i, p) in gazetteer.places().iter().enumerate() {
            if p.feature_code != "PPLC" {
                continue;
            }
            let better = capitals
                .get(&p.country)
                .and_then(|&j| gazetteer.places().get(j))
                .is_none_or(|q| q.population < p.population);
            if better {
                capitals.insert(p.country.clone(), i);
            }
        }
        Extractor {
            geoparser,
            gazetteer,
            registry,
            capitals,
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Whether a lower-case name is a country, a first-level region or a
    /// town of at least 10,000 people in the gazetteer (for [`recase`]).
    fn known_place(&self, name: &str) -> bool {
        self.gazetteer
            .lookup(name)
            .iter()
            .any(|c| c.kind != sitrep_geo::gazetteer::Kind::Place || c.population >= 10_000)
    }

    /// Reads `input` written in `format`; `published` overrides the date the
    /// document states.
    pub fn extract(&self, input: &str, format: Format, published: Option<NaiveDate>) -> Report {
        let text = match format {
            Format::Html => sitrep_geoparse::text::to_plain(&html::strip_furniture(input), format),
            _ => sitrep_geoparse::text::to_plain(input, format),
        };
        let mut chars: Vec<char> = text.chars().collect();
        // Lines broken inside sentences: joined, letter for letter ([`wrap`]).
        let wrapped = wrap::is_hard_wrapped(&chars);
        if wrapped {
            wrap::unwrap_lines(&mut chars);
        }
        // All lower case: put back the capitals the rules read, letter for
        // letter ([`recase`]).
        let text = if wrapped || recase::is_case_folded(&chars) {
            if recase::is_case_folded(&chars) {
                recase::recase(&mut chars, |name| self.known_place(name));
            }
            chars.iter().collect()
        } else {
            text
        };
        let published = published.or_else(|| detect_published(input, &chars));
        let title = detect_title(&chars);
        let mentions = lone_foreign_guesses_dropped(self.geoparser.parse_plain(&text), &chars);
        let mut state = State {
            newest_first: newest_first(&text),
            ..State::default()
        };
        let mut headlines = State::default();
        // Key points and a summary paragraph, read apart from the headlines
        // (a key point without a place of its own is not the title's
        // incident told again).
        let mut key_points = State::default();
        let mut body_started = false;
        let mut first_body: Option<usize> = None;
        // Under a heading of scenarios ("Scenarios to July 2026", "2.
        // Contested result (35%)"): what might happen, until a heading of
        // another kind.
        let mut in_scenarios = false;
        // Under a heading of key points ("KEY POINTS", "Highlights"): the
        // incidents the body tells, each in a line like a headline, in one
        // paragraph (its number, once the first line is read).
        let mut in_summary = false;
        let mut summary_paragraph: Option<usize> = None;
        // The span of the latest heading, and whether it heads a section
        // of the body.
        let mut heading: Option<(usize, usize, bool)> = None;
        // Where each live-blog entry starts, and the day it is stamped with.
        let mut stamps: Vec<(usize, NaiveDate)> = Vec::new();
        let sentences = tokens::sentences(&chars);
        for &(start, end, paragraph) in &sentences {
            let mut tokens = tokens::tokenize(&chars, start, end);
            if let Some(day) = published.and_then(|p| dates::entry_day(&tokens, p)) {
                stamps.push((start, day));
            }
            // The day relative dates count from: the one the live blog's
            // entry is stamped with, else the publication's.
            let reference = stamps.last().map(|&(_, day)| day).or(published);
            if in_summary && summary_paragraph.is_some_and(|p| p != paragraph) {
                in_summary = false;
            }
            if is_headline(&chars, start, end, &tokens) && !in_summary {
                in_summary = opens_summary(&tokens);
                summary_paragraph = None;
                in_scenarios = opens_scenarios(&chars[start..end], &tokens);
            } else if in_summary && summary_paragraph.is_none() {
                summary_paragraph = Some(paragraph);
            }
            if in_scenarios || caption_line(&chars, start) {
                continue;
            }
            // "DAMASCUS, Feb 4 -": where and when the story was filed, not
            // where and when the incident happened; its place stays the
            // fallback below.
            let filed = dateline_len(&tokens, |at| {
                mentions
                    .iter()
                    .any(|m| m.start == at && m.kind == MentionKind::Country)
            });
            let told_from = tokens.get(filed).map_or(start, |t| t.start);
            tokens.drain(..filed);
            let here: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.start >= told_from && m.end <= end)
                .collect();
            let heading_line = is_headline(&chars, start, end, &tokens);
            // ("**Summary:** A long weekend of street violence …": the
            // body's incidents summed up, like key points.)
            let summary_line =
                tokens.len() > 2 && tokens[0].lower == "summary" && tokens[1].text == ":";
            let key_point = in_summary && summary_paragraph.is_some();
            let headline = (!body_started && heading_line) || key_point || summary_line;
            body_started |= !headline && tokens.len() >= 6;
            let target = if key_point || summary_line {
                &mut key_points
            } else if headline {
                &mut headlines
            } else {
                &mut state
            };
            // Found only when a clause needs it.
            let from = start.min(first_body.unwrap_or(start));
            let above = heading;
            let fallback = || {
                (!heading_line || key_point)
                    .then(|| self.fallback_place(&chars, &mentions, (from, end), above))
                    .flatten()
            };
            // A byline ("By our correspondent in Bol") tells where the story
            // was filed.
            if heading_line && tokens.first().is_none_or(|t| t.lower != "by") {
                heading = Some((start, end, body_started && !headline));
            }
            if !headline && first_body.is_none() {
                first_body = Some(start);
            }
            let before = target.events.len();
            self.sentence(&tokens, &here, paragraph, reference, &fallback, target);
            // "LIBREVILLE, Feb 17 - Police in Gabon fired tear gas on …":
            // the country the story's first sentence names is the one its
            // dateline's town is in, and the town is where it happened
            // (not "in northern Gabon", "across Gabon").
            if filed > 0
                && let Some(town) = mentions.iter().find(|m| {
                    m.start >= start
                        && m.end <= told_from
                        && matches!(m.kind, MentionKind::Place | MentionKind::Admin2)
                        && self.trusted(m)
                })
            {
                for e in &mut target.events[before..] {
                    let at = e.evidence.iter_mut().find(|v| v.field == "location");
                    if e.location.precision == LocationPrecision::Country
                        && e.location.country == town.country
                        && let Some(at) = at
                        && !names_part_of_country(&chars, at.start)
                    {
                        e.location = place_of(town);
                        (at.start, at.end) = (town.start, town.end);
                    }
                }
            }
        }
        let sentence_of = |at: usize| sentences.partition_point(|&(s, ..)| s <= at);
        // A headline names the story's main incident: it adds what the body
        // lacks to the body's event in the same country, or stands alone.
        for h in headlines.events.into_iter().chain(key_points.events) {
            // The body's event at the headline's place, else of its kind in
            // its country, else any in its country on a date that fits.
            let same = state
                .events
                .iter()
                .position(|e| e.location.name == h.location.name && same_kind(e, &h))
                .or_else(|| {
                    state
                        .events
                        .iter()
                        .position(|e| e.location.country == h.location.country && same_kind(e, &h))
                });
            // (Not one of another kind far from the headline's own town:
            // "Police use tear gas on protest in Ulaanbaatar" over a riot
            // in Darkhan.)
            let near = |e: &ExtractedEvent| {
                h.location.precision == LocationPrecision::Country
                    || (h.location.precision == LocationPrecision::Admin1
                        && e.location.admin1.as_deref().is_some_and(|a| {
                            same_region_name(
                                a,
                                h.location.admin1.as_deref().unwrap_or(&h.location.name),
                            )
                        }))
                    || sitrep_geoparse::resolve::haversine_km(
                        e.location.lat,
                        e.location.lon,
                        h.location.lat,
                        h.location.lon,
                    ) <= 50.0
            };
            // (Not an arrest for a headline of violence: "Three dead after
            // gunman opens fire" over "the suspect was arrested".)
            let same = same.or_else(|| {
                state.events.iter().position(|e| {
                    e.location.country == h.location.country
                        && (e.event_type != EventType::StrategicDevelopments
                            || h.event_type == EventType::StrategicDevelopments)
                        && near(e)
                        && e.date.zip(h.date).is_none_or(|(a, b)| a.compatible(b))
                })
            });
            match same {
                Some(i) => {
                    let weakly_typed = state.weakly_typed.contains(&i);
                    let e = &mut state.events[i];
                    // "At least 14 killed as fighting flares near Nasir" over
                    // a body that only says "were killed": the headline's
                    // kind.
                    if weakly_typed && h.event_type != e.event_type && same_kind(e, &h) {
                        e.event_type = h.event_type;
                        e.sub_event_type = h.sub_event_type;
                    }
                    // "JNIM claims suicide attack on army camp in Timbuktu"
                    // over a body that placed it only by the story's first
                    // place ("By the newsroom in Bamako").
                    let field = |e: &ExtractedEvent, f: &str| {
                        e.evidence.iter().find(|v| v.field == f).map(|v| v.start)
                    };
                    let placed_by_context = field(e, "location")
                        .zip(field(e, "event_type"))
                        .is_some_and(|(l, t)| sentence_of(l) != sentence_of(t));
                    if placed_by_context
                        && matches!(
                            h.location.precision,
                            LocationPrecision::City | LocationPrecision::Point
                        )
                    {
                        e.location = h.location.clone();
                        e.evidence.retain(|v| v.field != "location");
                        e.evidence
                            .extend(h.evidence.iter().filter(|v| v.field == "location").cloned());
                    }
                    // "Suicide car bomb targets army camp" over a body that
                    // only says "an explosives-laden vehicle" (or only
                    // "14 people were killed in last night's attack").
                    if (e.event_type == h.event_type || e.sub_event_type == SubEventType::Attack)
                        && matches!(
                            h.sub_event_type,
                            SubEventType::SuicideBomb | SubEventType::ChemicalWeapon
                        )
                    {
                        e.event_type = h.event_type;
                        e.sub_event_type = h.sub_event_type;
                    }
                    if e.date.is_none() {
                        e.date = h.date;
                    }
                    if e.fatalities.is_none() {
                        e.fatalities = h.fatalities;
                    }
                    if e.injuries.is_none() {
                        e.injuries = h.injuries;
                    }
                    for a in h.actors {
                        merge_actor(&mut e.actors, a);
                    }
                }
                None => state.events.push(h),
            }
        }
        for e in &mut state.events {
            // "two militants had been killed" by an air strike: its dead,
            // whoever they were.
            if matches!(
                e.sub_event_type,
                SubEventType::AirDroneStrike | SubEventType::ShellingArtilleryMissileAttack
            ) && e.fatalities.is_none()
            {
                e.fatalities = e.attackers_killed.take();
            }
            // Houses set on fire with a man found dead in one: an attack
            // on people, not only on property (ACLED keeps looting and
            // property destruction for incidents nobody died in).
            if e.sub_event_type == SubEventType::LootingPropertyDestruction
                && e.fatalities.is_some_and(|k| k > 0)
            {
                e.sub_event_type = SubEventType::Attack;
                e.event_type = EventType::ViolenceAgainstCivilians;
            }
        }
        merge_coarse_mentions(&mut state.events);
        for e in &mut state.events {
            prefer_children(&mut e.actors, &self.registry);
            plotters_not_police(e);
            provincial_branch(e, &self.registry);
        }
        // An incident after the first that the text neither dates, counts
        // nor attributes is context ("federal forces have recaptured several
        // towns"), not news; the first too when another is dated (a
        // summary's "protests are disrupting road travel" before the
        // incidents it sums up).
        let told = |e: &ExtractedEvent| {
            e.date.is_some()
                || e.fatalities.is_some()
                || e.injuries.is_some()
                || e.status != Status::Occurred
                || e.actors.iter().any(|a| {
                    a.role == ActorRole::Perpetrator
                        && !a.name.starts_with("Protesters")
                        && !a.name.starts_with("Rioters")
                })
        };
        let any_dated = state.events.iter().any(|e| e.date.is_some());
        // (Not one only a practice names: "kidnapping by armed gangs
        // affects the roads around Garoua-Boulai".)
        let a_practice = |e: &ExtractedEvent| {
            e.evidence
                .iter()
                .filter(|v| v.field == "event_type")
                .all(|v| names_a_practice(&chars, v.start, v.end))
        };
        let mut index = 0;
        state.events.retain(|e| {
            index += 1;
            (index == 1 && !any_dated && !a_practice(e)) || told(e)
        });
        // An incident a live blog's entry tells without a date happened on
        // the day the entry is stamped with ("21:15").
        for e in &mut state.events {
            let at = e.evidence.iter().map(|v| v.start).min().unwrap_or(0);
            if e.date.is_none()
                && let Some(&(_, day)) = stamps.iter().rev().find(|(start, _)| *start <= at)
            {
                e.date = Some(DateValue::Day(day));
            }
        }
        // "Imamoglu was detained in a dawn raid": the police arrested.
        for e in &mut state.events {
            if e.sub_event_type == SubEventType::Arrests
                && e.status == Status::Occurred
                && !e.actors.iter().any(|a| a.role == ActorRole::Perpetrator)
                && let Some(police) = e.location.country.as_deref().and_then(generic::police_of)
            {
                e.actors.push(EventActor::perpetrator(police));
            }
        }
        // "the market was the target of a shooting in 2018": background a
        // report mentions, not news it reports.
        if let Some(p) = published {
            state
                .events
                .retain(|e| e.date.is_none_or(|date| recent(date, p)));
        }
        // A text whose every date is long past ("In March 1998 …", "by
        // 2004 …") is history: what it tells without a date is history too.
        if state.old_dates && !state.recent_dates {
            state.events.retain(|e| e.date.is_some());
        }
        Report {
            title,
            published,
            text,
            events: state.events,
        }
    }

    /// Reads one sentence's incidents into `state`. `fallback` finds, when
    /// a clause needs it, the place for an incident the sentence tells
    /// without one, and where the section's heading names its place, if it
    /// comes from one (which may place the first incident of its section,
    /// not only the first of the text).
    fn sentence<'m>(
        &self,
        tokens: &[Token],
        mentions: &[&Mention],
        paragraph: usize,
        published: Option<NaiveDate>,
        fallback: &dyn Fn() -> Option<(&'m Mention, Option<usize>)>,
        state: &mut State,
    ) {
        state.sentence += 1;
        let actor_hits: Vec<actors::ActorHit> = self
            .registry
            .find(tokens)
            .into_iter()
            .filter(|h| {
                self.registry
                    .get(h.actor)
                    .is_some_and(|a| a.kind != "media")
                    && !country_as_modifier(tokens, h)
            })
            .collect();
        let date_hits = dates::find_dates(tokens, published);
        for h in &date_hits {
            match (h.kind, published) {
                (DateKind::Date(Some(v)), Some(p)) if recent(v, p) => state.recent_dates = true,
                (DateKind::Date(Some(_)) | DateKind::Historical, Some(_)) => state.old_dates = true,
                _ => {}
            }
        }
        // A sentence without a date of its own, after one more than two
        // years old in its paragraph or the one before, is in that time
        // ("The shadow of January 2022" — "That month, a rise in prices
        // brought people into the streets. The unrest turned violent…").
        let own_date = date_hits.iter().rev().find_map(|h| match h.kind {
            DateKind::Date(Some(v)) => Some(v),
            _ => None,
        });
        let in_the_past = match own_date {
            Some(value) => {
                state.named_date = Some((paragraph, value));
                false
            }
            None => state.named_date.is_some_and(|(p, value)| {
                p + 1 >= paragraph && published.is_some_and(|d| !recent(value, d))
            }),
        };
        let cues = cues::find_cues(tokens);
        let threatened = cues.iter().any(|c| c.status == Status::Threatened);
        let historical = in_the_past || date_hits.iter().any(|h| h.kind == DateKind::Historical);
        // A modal before the incident's cue makes it hypothetical ("the
        // group could attempt an attack", "if the truce fails, rockets …");
        // one after it does not ("a bill that would raise taxes").
        let modals: Vec<usize> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| HYPOTHETICAL.contains(&t.lower.as_str()) && t.text != "May")
            .map(|(i, _)| i)
            .collect();
        let conditional = tokens
            .iter()
            .any(|t| matches!(t.lower.as_str(), "if" | "unless"));
        let hypothetical_at = |cue: usize| conditional || modals.iter().any(|&m| m < cue);
        // "we expect attacks", and "retaliatory attacks on US bases are
        // likely within days": the cue as the subject of a prediction, no
        // other incident between.
        let predicted_after = |cue: usize| {
            (cue + 1..tokens.len()).any(|j| {
                matches!(
                    tokens[j].lower.as_str(),
                    "likely" | "expected" | "possible" | "probable" | "imminent"
                ) && matches!(
                    tokens[j - 1].lower.as_str(),
                    "is" | "are" | "remain" | "remains" | "seem" | "seems" | "appear" | "appears"
                ) && !cues.iter().any(|c| c.first > cue && c.first < j)
            })
        };
        // "Opposition groups called for another rally on Wednesday": a
        // protest asked for, not held.
        // So is "separatists who have been enforcing a boycott of state
        // schools": a standing order, not a protest held.
        // ("called for a march", "called a general strike for Monday".)
        let called_for = |cue: usize| {
            (cue.saturating_sub(5)..cue).any(|i| {
                matches!(tokens[i].lower.as_str(), "called" | "calls" | "call")
                    && (tokens.get(i + 1).is_some_and(|t| t.lower == "for")
                        || tokens[i + 1..cue].iter().all(|t| {
                            matches!(
                                t.lower.as_str(),
                                "a" | "an"
                                    | "the"
                                    | "general"
                                    | "nationwide"
                                    | "national"
                                    | "new"
                                    | "another"
                                    | "indefinite"
                            )
                        }))
                    || matches!(
                        tokens[i].lower.as_str(),
                        "urged" | "urges" | "enforcing" | "enforce" | "enforced"
                    )
            })
        };
        let forecast_at = |cue: usize| {
            tokens[..cue]
                .iter()
                .any(|t| FORECAST.contains(&t.lower.as_str()))
                || predicted_after(cue)
                // "the threat of militant attacks on police remains
                // severe": a danger, not an incident; nor is "evidence of
                // kidnapping for ransom" among indicators to watch.
                || (cue.saturating_sub(4)..cue).any(|i| {
                    matches!(
                        tokens[i].lower.as_str(),
                        "threat"
                            | "threats"
                            | "risk"
                            | "risks"
                            | "danger"
                            | "possibility"
                            | "likelihood"
                            | "evidence"
                            | "signs"
                    ) && tokens[i + 1].lower == "of"
                })
                // "Our weekly digest of political violence and unrest
                // across the region": what the publication covers.
                || (cue.saturating_sub(5)..cue).any(|i| {
                    matches!(
                        tokens[i].lower.as_str(),
                        "digest" | "roundup" | "overview" | "coverage" | "newsletter"
                    ) && tokens[i + 1..cue].iter().any(|t| t.lower == "of")
                })
                // "unions are threatening to join the protests next week":
                // not yet.
                || (cue.saturating_sub(8)..(cue + 6).min(tokens.len())).any(|j| {
                    tokens[j].lower == "tomorrow"
                        || (tokens[j].lower == "next"
                            && tokens
                                .get(j + 1)
                                .is_some_and(|t| matches!(t.lower.as_str(), "week" | "month")))
                })
                // "the handling of any unsanctioned rallies": none in
                // particular.
                || tokens[cue.saturating_sub(2)..cue]
                    .iter()
                    .any(|t| t.lower == "any")
                || (called_for(cue)
                    && cues
                        .iter()
                        .any(|c| c.first == cue && c.sub.event_type() == EventType::Protests))
        };
        // "has been under bombardment since the spring": a state of
        // affairs, not an incident, unless a date pins it down.
        let dated = date_hits
            .iter()
            .any(|h| matches!(h.kind, DateKind::Date(Some(_))));
        let dated_to_the_day = date_hits
            .iter()
            .any(|h| matches!(h.kind, DateKind::Date(Some(DateValue::Day(_)))));
        let generic = tokens.iter().enumerate().any(|(i, t)| {
            GENERIC.contains(&t.lower.as_str())
                // "attacks on Chinese-funded projects continue to worry
                // Beijing": a state of affairs, unless a day pins it down.
                || (!dated_to_the_day
                    && matches!(t.lower.as_str(), "continue" | "continues")
                    && tokens.get(i + 1).is_some_and(|n| n.lower == "to"))
                // "in several past cycles", "in previous elections", unless a
                // date pins the sentence down.
                || (!dated
                    && matches!(t.lower.as_str(), "past" | "previous")
                    && i > 0
                    && matches!(tokens[i - 1].lower.as_str(), "in" | "during" | "several")
                    && tokens.get(i + 1).is_some_and(|n| {
                        matches!(
                            n.lower.as_str(),
                            "cycles" | "elections" | "campaigns" | "decades" | "years"
                        )
                    }))
                || (t.lower == "long"
                    && i > 0
                    && matches!(tokens[i - 1].lower.as_str(), "has" | "have" | "had"))
                // "the conflict has killed more than 6,000 people": its
                // whole toll, not an incident's.
                || (matches!(
                    t.lower.as_str(),
                    "conflict" | "war" | "insurgency" | "violence" | "fighting"
                ) && tokens.get(i + 1).is_some_and(|n| matches!(n.lower.as_str(), "has" | "have"))
                    && tokens.get(i + 2).is_some_and(|n| n.lower == "killed"))
                // "consistent with a steady tempo of IS-linked arrests": a
                // rate, unless a date pins the sentence down.
                || (!dated
                    && matches!(t.lower.as_str(), "tempo" | "pattern" | "trend" | "cadence")
                    && tokens.get(i + 1).is_some_and(|n| n.lower == "of"))
                // "the growing number of large-scale attacks": a trend.
                || (matches!(
                    t.lower.as_str(),
                    "growing" | "rising" | "increasing" | "mounting"
                ) && tokens.get(i + 1).is_some_and(|n| n.lower == "number")
                    && tokens.get(i + 2).is_some_and(|n| n.lower == "of"))
                // (Not in a relative clause: "separatist fighters who have
                // been enforcing a boycott".)
                || (!dated
                    && matches!(t.lower.as_str(), "has" | "have")
                    && !tokens[i.saturating_sub(1)..i]
                        .iter()
                        .any(|t| matches!(t.lower.as_str(), "who" | "which" | "that"))
                    && {
                        // "have mostly contended with kidnapping …".
                        let adverb = tokens.get(i + 1).is_some_and(|n| n.lower.ends_with("ly"));
                        // (Not "23 people have been treated for injuries":
                        // victims counted.)
                        let counted = tokens.get(i + 2 + usize::from(adverb)).is_some_and(|n| {
                            matches!(
                                n.lower.as_str(),
                                "treated"
                                    | "killed"
                                    | "injured"
                                    | "wounded"
                                    | "hurt"
                                    | "hospitalised"
                                    | "hospitalized"
                                    | "admitted"
                            )
                        });
                        !counted
                            && tokens.get(i + 1 + usize::from(adverb)).is_some_and(|n| {
                            matches!(
                                n.lower.as_str(),
                                "been"
                                    | "seen"
                                    | "faced"
                                    | "suffered"
                                    | "witnessed"
                                    | "experienced"
                                    | "contended"
                                    | "grappled"
                                    | "endured"
                            )
                        })
                    })
        });
        // "Kidnappings have surged since July", "has seen attacks since
        // 2017": a trend, not an incident.
        let perfect = (0..tokens.len().saturating_sub(1)).any(|i| {
            matches!(tokens[i].lower.as_str(), "has" | "have")
                && tokens[i + 1].is_word()
                && !tokens[i.saturating_sub(2)..i]
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "that" | "which" | "who"))
        });
        let within = |i: usize, spans: &[&str]| {
            tokens[i + 1..(i + 4).min(tokens.len())]
                .iter()
                .any(|n| spans.contains(&n.lower.as_str()))
        };
        // "... since 2017", "for weeks"; "has become deadlier over the past
        // decade" (but "have foiled plots over the past two years" are
        // incidents of unknown date).
        let changed = tokens
            .iter()
            .any(|t| CHANGE_VERBS.contains(&t.lower.as_str()));
        let lasting = tokens.iter().enumerate().any(|(i, t)| {
            t.lower == "since"
                // "has stepped up drone attacks this year".
                || (changed
                    && t.lower == "this"
                    && tokens
                        .get(i + 1)
                        .is_some_and(|n| matches!(n.lower.as_str(), "year" | "month")))
                || (matches!(t.lower.as_str(), "for" | "recent")
                    && within(
                        i,
                        &["decade", "decades", "years", "months", "weeks", "days"],
                    ))
                || (changed
                    && matches!(t.lower.as_str(), "past" | "last")
                    && within(i, &["decade", "decades", "years", "months", "year"]))
        });
        let trend = perfect && lasting;
        let skip = historical || generic || trend;
        if !skip {
            let blocked: Vec<bool> = (0..tokens.len())
                .map(|i| date_hits.iter().any(|h| h.first <= i && i < h.last))
                .collect();
            let mut casualties = casualties::find_casualties(tokens, &blocked);
            // "Earlier, officials had said four were dead", "the governor's
            // office had spoken of six dead": a superseded toll.
            let told_before = tokens.windows(2).any(|w| {
                w[0].lower == "had"
                    && matches!(
                        w[1].lower.as_str(),
                        "spoken" | "said" | "put" | "given" | "reported" | "announced" | "cited"
                    )
            });
            // "Seven people died at the scene": those who died first, a
            // part of the toll told before.
            let at_the_scene = tokens.windows(3).any(|w| {
                matches!(
                    [
                        w[0].lower.as_str(),
                        w[1].lower.as_str(),
                        w[2].lower.as_str()
                    ],
                    ["at", "the", "scene"] | ["on", "the", "spot"]
                )
            });
            if told_before
                || at_the_scene
                || tokens.iter().any(|t| {
                    matches!(
                        t.lower.as_str(),
                        "earlier" | "initially" | "originally" | "first"
                    )
                })
            {
                for c in &mut casualties {
                    c.weak = true;
                }
            }
            let claim = find_claim(tokens);
            // Clauses: split at semicolons, and before "in response to" /
            // "in retaliation for", which tell of another incident.
            let mut bounds = vec![0];
            // "condemns the arrest of 27 activists in Harare last Sunday and
            // the abduction of a union leader in Chitungwiza on Tuesday": two
            // incidents of two kinds, each with its own words.
            // So are "… blocked main roads in San Pedro Sula on Monday, and
            // police used tear gas … in the Honduran capital": after a comma,
            // each part naming its own place.
            let placed = |a: usize, b: usize| {
                mentions
                    .iter()
                    .any(|m| token_span(tokens, m).is_some_and(|(f, _)| f >= a && f < b))
            };
            let another_kind = |i: usize| {
                let article = tokens
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.lower.as_str(), "the" | "a" | "an"));
                let comma =
                    i > 0 && tokens[i - 1].text == "," && placed(0, i) && placed(i, tokens.len());
                let reach = if comma { i + 1..=i + 6 } else { i + 2..=i + 3 };
                (article || comma)
                    && cues.iter().any(|c| {
                        reach.contains(&c.first)
                            && cues.iter().any(|b| b.first < i && b.sub != c.sub)
                    })
            };
            let kind_splits: Vec<usize> = (0..tokens.len())
                .filter(|&i| tokens[i].lower == "and" && another_kind(i))
                .map(|i| i + 1)
                .collect();
            // After a comma, each part is typed by its own words (the
            // tear gas in Tegucigalpa is not San Pedro Sula's).
            let comma_splits: Vec<usize> = kind_splits
                .iter()
                .copied()
                .filter(|&b| b >= 2 && tokens[b - 2].text == ",")
                .collect();
            bounds.extend(tokens.iter().enumerate().filter_map(|(i, t)| {
                if (kind_splits.contains(&(i + 1)) && t.lower == "and") || t.text == ";" {
                    Some(i + 1)
                } else if t.lower == "in"
                    && tokens
                        .get(i + 1)
                        .is_some_and(|n| matches!(n.lower.as_str(), "response" | "retaliation"))
                {
                    Some(i)
                } else {
                    None
                }
            }));
            bounds.push(tokens.len());
            for w in bounds.windows(2) {
                let (from, to) = (w[0], w[1]);
                let in_clause = |a: usize| a >= from && a < to;
                // "Police in Gusau confirmed the abduction", "the second car
                // bombing in three days": the incident told before, not one
                // of its own.
                let clause_cues: Vec<Cue> = cues
                    .iter()
                    .filter(|c| {
                        in_clause(c.first)
                            && (!refers_back(tokens, c.first) || state.recent_is_empty(paragraph))
                            && (!describes_told(tokens, c.first) || state.events.is_empty())
                    })
                    .copied()
                    .collect();
                // "The attack took place at around 8:30 p.m. on Sunday": when
                // the incident told happened, said again. It corrects a day
                // read from a later death ("died in hospital on Monday").
                if let Some(c) = cues
                    .iter()
                    .find(|c| in_clause(c.first) && retells_when(tokens, c.first))
                    && let Some((_, i)) = state.last
                    && let Some((Some(DateValue::Day(day)), s, e)) =
                        pick_date(&date_hits, tokens, c.first, (from, to), &cues)
                    && let Some(event) = state.events.get_mut(i)
                    && event.event_type == c.sub.event_type()
                    && event.date.is_none_or(|d| {
                        matches!(d, DateValue::Day(told) if told > day && (told - day).num_days() <= 3)
                    })
                {
                    event.date = Some(DateValue::Day(day));
                    event.evidence.retain(|v| v.field != "date");
                    event.evidence.push(Evidence {
                        field: "date",
                        start: tokens[s].start,
                        end: tokens[e - 1].end,
                    });
                }
                let clause_casualties: Vec<casualties::Casualty> = casualties
                    .iter()
                    .filter(|c| in_clause(c.first))
                    .copied()
                    .collect();
                // A weak cue ("agreed", "killed", "gathered") makes an event
                // only with something that says an incident happened: a day,
                // a toll, a strong cue in the sentence.
                let supported = cues.iter().any(|c| c.strong)
                    || !clause_casualties.is_empty()
                    || date_hits.iter().any(|h| {
                        dates::pins_a_day_or_week(tokens, h)
                            && !tokens[h.first.saturating_sub(2)..h.first]
                                .iter()
                                .any(|t| matches!(t.lower.as_str(), "said" | "says" | "told"))
                    });
                let cue = cues::primary(&clause_cues)
                    .filter(|c| (threatened || !hypothetical_at(c.first)) && !forecast_at(c.first))
                    .filter(|c| c.strong || supported || !state.recent_is_empty(paragraph));
                // "the cell was preparing a suicide attack on a mosque": the
                // plot of the arrests told before, which it makes foiled.
                // ("… preparing to commit a terrorist act … using an
                // improvised explosive device": the device is the plot's.)
                let (cue, plotted) = match cue {
                    Some(c)
                        if clause_cues
                            .iter()
                            .any(|k| k.first <= c.first && plotted_at(tokens, k.first)) =>
                    {
                        let recent = state.recent(paragraph);
                        let arrests: Vec<usize> = recent
                            .into_iter()
                            .filter(|&i| state.events[i].sub_event_type == SubEventType::Arrests)
                            .collect();
                        for &i in &arrests {
                            self.foil(state, i, paragraph);
                        }
                        if arrests.is_empty() {
                            (Some(c), false)
                        } else {
                            (None, true)
                        }
                    }
                    other => (other, false),
                };
                if plotted {
                    continue;
                }
                let anchor = cue.map_or(from, |c| c.first);
                let clause_hits: Vec<actors::ActorHit> = actor_hits
                    .iter()
                    .filter(|h| in_clause(h.first))
                    .copied()
                    .collect();
                let found = self.actor_findings(tokens, &clause_hits, anchor, claim, state);
                let mut places: Vec<Chosen> = match cue {
                    Some(c) => self
                        .select_places(tokens, (from, to), mentions, &c, &actor_hits)
                        .into_iter()
                        .map(|chosen| self.refine_place(chosen, tokens, mentions))
                        .map(|chosen| self.home_place(chosen, tokens, mentions))
                        .map(|chosen| self.finer_place(chosen, mentions))
                        .collect(),
                    None => Vec::new(),
                };
                // Places the clause names as places: not demonyms, not
                // words inside an actor's name ("Kurdistan Workers' Party").
                let clause_places: Vec<&&Mention> = mentions
                    .iter()
                    .filter(|m| {
                        self.trusted(m)
                            && sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name)
                            && token_span(tokens, m).is_some_and(|(a, b)| {
                                in_clause(a)
                                    && !(actor_hits.iter().any(|h| h.first < b && a < h.last)
                                        || not_the_incidents_place(tokens, mentions, m, a, b)
                                        // "According to the Rwanda Defence
                                        // Force", "The Kenya Red Cross said".
                                        || in_organisation_name(tokens, b)
                                        || country_as_speaker(tokens, m, b))
                            })
                    })
                    .collect();
                let mut clause_has_places = !clause_places.is_empty();
                let mut provisional = false;
                if places.is_empty() && !clause_has_places && cue.is_some() {
                    let fallback = fallback();
                    // The first incident told, or the first of a new section.
                    let fresh = state.events.is_empty()
                        || fallback.is_some_and(|(_, section)| {
                            section.is_some_and(|at| {
                                state
                                    .events
                                    .iter()
                                    .all(|e| e.evidence.iter().all(|v| v.start < at))
                            })
                        });
                    let fallback = fallback.map(|(m, _)| m);
                    if fresh {
                        // Names the geoparser did not take: those in brackets
                        // after a name ("Bukumbirwa (Walikale, North Kivu)"),
                        // the most specific one it knows; then a name after
                        // "in", "at" or "near" that the gazetteer spells so ("in
                        // Nice", "in Deir ez Zor"). They come before a place
                        // only a later sentence names ("… an agreement with the
                        // US"), not before one an earlier sentence gave.
                        let own = || {
                            self.bracketed_place(tokens, (from, to))
                                .or_else(|| self.locative_name(tokens, (from, to)))
                        };
                        let later = |m: &Mention| tokens.last().is_some_and(|t| m.start >= t.end);
                        let found = match fallback {
                            Some(m) if later(m) => own().or_else(|| {
                                Some(Chosen {
                                    place: place_of(m),
                                    start: m.start,
                                    end: m.end,
                                })
                            }),
                            Some(m) => {
                                provisional = tokens.first().is_some_and(|t| m.end <= t.start);
                                Some(Chosen {
                                    place: place_of(m),
                                    start: m.start,
                                    end: m.end,
                                })
                            }
                            None => own(),
                        };
                        if let Some(chosen) = found {
                            places.push(chosen);
                            clause_has_places = true;
                        }
                    } else if let Some(c) = cue
                        && let Some(e) = state.last_recent(paragraph)
                        && let Some(at) = e.evidence.iter().find(|v| v.field == "location")
                    {
                        // A new incident where the last one was: "Imamoglu
                        // was detained in a dawn raid on Wednesday" after
                        // Thursday's protest (an arrest on another day);
                        // "Within an hour of the stabbing … some threw bricks
                        // at officers" (a crowd's riot after an attack; after
                        // "youths clashed", the rioters are the clash's).
                        let arrest_another_day = c.sub == SubEventType::Arrests
                            && clause_casualties.is_empty()
                            && e.sub_event_type != SubEventType::Arrests
                            && matches!(
                                (pick_date(&date_hits, tokens, c.first, (from, to), &cues), e.date),
                                (Some((Some(DateValue::Day(day)), ..)), Some(d))
                                    if d != DateValue::Day(day)
                            );
                        let riot_after_attack = c.sub.event_type() == EventType::Riots
                            && e.event_type == EventType::ViolenceAgainstCivilians;
                        // "On Monday evening several hundred residents
                        // marched peacefully to the police station" after
                        // the killings: the neighbourhood's own protest.
                        let protest_after_violence = c.sub.event_type() == EventType::Protests
                            && c.strong
                            && matches!(
                                pick_date(&date_hits, tokens, c.first, (from, to), &cues),
                                Some((Some(DateValue::Day(_)), ..))
                            )
                            && violent(e.event_type);
                        if arrest_another_day || riot_after_attack || protest_after_violence {
                            places.push(Chosen {
                                place: e.location.clone(),
                                start: at.start,
                                end: at.end,
                            });
                            clause_has_places = true;
                        }
                    }
                }
                // "… abducted while travelling in the Pool department", then
                // "Our team was stopped … about 20 kilometres north of
                // Kinkala": the town of the region told says where.
                if cue.is_none()
                    && let [m] = clause_places.as_slice()
                    && matches!(m.kind, MentionKind::Place | MentionKind::Admin2)
                    && token_span(tokens, m).is_some_and(|(a, _)| {
                        a == 0 || !matches!(tokens[a - 1].lower.as_str(), "to" | "from" | "towards")
                    })
                    && let Some((p, i)) = state.last
                    && p + 1 >= paragraph
                    && let Some(e) = state.events.get_mut(i)
                    && e.location.precision == LocationPrecision::Admin1
                    && e.location.country == m.country
                    && m.admin1.as_deref().is_some_and(|a| {
                        same_region_name(
                            a,
                            e.location.admin1.as_deref().unwrap_or(&e.location.name),
                        )
                    })
                {
                    e.location = place_of(m);
                    e.evidence.retain(|v| v.field != "location");
                    e.evidence.push(Evidence {
                        field: "location",
                        start: m.start,
                        end: m.end,
                    });
                }
                // "Fighters of the SPLA-IO … advanced on the garrison from
                // the east": the group that moved on the place attacked.
                let advancing = cue
                    .is_none()
                    .then(|| self.assailant(tokens, &clause_hits))
                    .flatten();
                match cue {
                    // "We see a moderate likelihood of such protests in the
                    // first quarter of 2027": a time still to come.
                    Some(c)
                        if c.status == Status::Occurred
                            && pick_date(&date_hits, tokens, c.first, (from, to), &cues)
                                .and_then(|(v, ..)| v)
                                .zip(published)
                                .is_some_and(|(v, p)| v.after(p)) => {}
                    Some(c) if !places.is_empty() => {
                        let date = pick_date(&date_hits, tokens, c.first, (from, to), &cues);
                        let sub = if c.status == Status::Occurred {
                            // Two incidents of two kinds: each typed by its
                            // own words.
                            let (words, c) =
                                if comma_splits.contains(&from) || comma_splits.contains(&to) {
                                    let shifted = Cue {
                                        first: c.first - from,
                                        last: c.last - from,
                                        ..c
                                    };
                                    (&tokens[from..to], shifted)
                                } else {
                                    (tokens, c)
                                };
                            classify::decide(words, c.first, cues::refine(words, &c))
                        } else {
                            c.sub
                        };
                        for chosen in &places {
                            let mut event = ExtractedEvent {
                                event_type: sub.event_type(),
                                sub_event_type: sub,
                                status: c.status,
                                date: match date {
                                    Some((v, _, _)) => v,
                                    // No date at all: the story's, as told so far.
                                    None if date_hits.is_empty() => {
                                        // "… also clashed in the Al-Abdiyah
                                        // district": the same day as the
                                        // incident before (but "has also
                                        // claimed rocket fire" dates nothing).
                                        let also =
                                            c.first > 0 && tokens[c.first - 1].lower == "also";
                                        let similar =
                                            also || tokens.iter().any(|t| {
                                                matches!(t.lower.as_str(), "similar" | "similarly")
                                            }) || same_day_as_before(tokens);
                                        match state.last_in(paragraph) {
                                            Some(e) => e.date,
                                            // The date of the incident told
                                            // before when the words say so;
                                            // else, or when it has none ("Both
                                            // defendants were detained … on
                                            // the same day" after searches "On
                                            // 10 November"), the paragraph's:
                                            // "Last week, armed men attacked
                                            // homes in Kinigi. Three civilians
                                            // were killed".
                                            None => similar
                                                .then(|| state.last_date(paragraph))
                                                .flatten()
                                                .or_else(|| {
                                                    state
                                                        .named_date
                                                        .filter(|&(p, _)| p == paragraph)
                                                        .map(|(_, v)| v)
                                                }),
                                        }
                                    }
                                    None => None,
                                },
                                location: chosen.place.clone(),
                                fatalities: None,
                                injuries: None,
                                attackers_killed: None,
                                actors: Vec::new(),
                                evidence: vec![
                                    Evidence {
                                        field: "event_type",
                                        start: tokens[c.first].start,
                                        end: tokens[c.last - 1].end,
                                    },
                                    Evidence {
                                        field: "location",
                                        start: chosen.start,
                                        end: chosen.end,
                                    },
                                ],
                            };
                            if c.status != Status::Occurred {
                                event.evidence.push(Evidence {
                                    field: "status",
                                    start: tokens[c.first].start,
                                    end: tokens[c.last - 1].end,
                                });
                            }
                            if let Some((Some(_), s, e)) = date {
                                event.evidence.push(Evidence {
                                    field: "date",
                                    start: tokens[s].start,
                                    end: tokens[e - 1].end,
                                });
                            }
                            if places.len() == 1 {
                                apply_casualties(&mut event, tokens, &clause_casualties);
                            }
                            apply_actors(&mut event, &found, tokens, c.first);
                            // "Israeli settlers hurled stones at passing
                            // cars": rioters ACLED names after their home
                            // ("Rioters (Israel)"), not after the place.
                            let home = event
                                .actors
                                .iter()
                                .filter(|a| a.role == ActorRole::Perpetrator)
                                .filter_map(|a| self.registry.by_name(&a.name))
                                .find(|r| r.kind == "identity_militia")
                                .and_then(|r| r.country.clone());
                            add_generic_actors(&mut event, tokens, c.first, home.as_deref());
                            // "members of the same cell placed the explosive
                            // device": the group of the cell told before.
                            if !event
                                .actors
                                .iter()
                                .any(|a| a.role == ActorRole::Perpetrator)
                                && tokens.windows(2).any(|w| {
                                    w[0].lower == "same"
                                        && matches!(
                                            w[1].lower.as_str(),
                                            "cell" | "group" | "network"
                                        )
                                })
                                && let Some(group) =
                                    state.last_actor.and_then(|(a, _)| self.registry.get(a))
                            {
                                event
                                    .actors
                                    .push(EventActor::perpetrator(group.name.clone()));
                            }
                            state.add(event, paragraph, !c.strong);
                            if provisional {
                                state.provisional = Some(state.events.len() - 1);
                            }
                        }
                    }
                    // A claim or a blame with no incident of its own is about
                    // the incident told before, whatever places it names ("the
                    // minister blamed the ELN, which is strong along the border
                    // with Venezuela").
                    // ("… the Manzini government hospital said it had
                    // treated 17 people": the place of the incident told.)
                    // ("… and was planning to strike a shopping centre in
                    // the Jordanian capital": the target of the plot told.)
                    _ if ((!clause_has_places
                        || (cue.is_none()
                            && cues::tells_of_plot(tokens)
                            && state
                                .last_recent(paragraph)
                                .is_some_and(|e| e.sub_event_type == SubEventType::Arrests))
                        || (cue.is_none()
                            && !clause_casualties.is_empty()
                            && clause_places.iter().all(|m| {
                                state
                                    .last_recent(paragraph)
                                    .is_some_and(|e| e.location.gazetteer_id == m.gazetteer_id)
                            })))
                        && (cue.is_some()
                            || !clause_casualties.is_empty()
                            || claim.is_some()
                            || cues::tells_of_plot(tokens)
                            || tells_of_impact(&tokens[from..to])
                            || police_moved_in(&tokens[from..to], state, paragraph)
                            || crowd_turned(&tokens[from..to], state, paragraph)))
                        || (cue.is_none()
                            && (claim.is_some()
                                || members_of_group(tokens, &clause_hits, state, paragraph)
                                || advancing.is_some())) =>
                    {
                        let date = pick_date(&date_hits, tokens, anchor, (from, to), &cues);
                        let mut recent = state.recent(paragraph);
                        // "nine were killed in the market bombing" after a
                        // drone strike told: the bombing told before it.
                        if let Some(c) = cue
                            && !recent.is_empty()
                            && recent
                                .iter()
                                .all(|&i| air_and_ground(state.events[i].sub_event_type, c.sub))
                            && let Some(i) = state.events.iter().rposition(|e| {
                                e.event_type == c.sub.event_type()
                                    && !air_and_ground(e.sub_event_type, c.sub)
                            })
                        {
                            recent = vec![i];
                        }
                        let single = recent.len() == 1;
                        // In a live blog told newest first, a toll further
                        // down is an older one: it fills only a gap.
                        let mut counts = clause_casualties.clone();
                        if state.newest_first {
                            counts.iter_mut().for_each(|c| c.weak = true);
                        }
                        for i in recent {
                            let Some(event) = state.events.get_mut(i) else {
                                continue;
                            };
                            // ("Jordanian army kills four smugglers in border
                            // clash" after an arrest: another incident's dead.)
                            let violence_of_its_own = cue.is_some_and(|c| {
                                c.sub.event_type() != EventType::StrategicDevelopments
                            }) && event.event_type
                                == EventType::StrategicDevelopments;
                            // ("… and a soldier was shot dead in one such
                            // ambush in 2024": an earlier incident's dead.)
                            let earlier = matches!(
                                (date, event.date),
                                (Some((Some(d), ..)), Some(e)) if d.before(e)
                            );
                            if single && !violence_of_its_own && !earlier {
                                apply_casualties(event, tokens, &counts);
                            }
                            if event.event_type == EventType::Protests
                                && cues::crowd_violence(tokens)
                            {
                                turn_to_riot(event, tokens);
                            } else if event.sub_event_type == SubEventType::PeacefulProtest
                                && cues::police_intervened(tokens)
                            {
                                event.sub_event_type = SubEventType::ProtestWithIntervention;
                            }
                            // "The members of the cell were preparing to carry
                            // out an attack": the arrests told before foiled it.
                            let foiled = event.sub_event_type == SubEventType::Arrests
                                && event.status == Status::Occurred
                                && cues::tells_of_plot(tokens);
                            if foiled {
                                event.status = Status::Foiled;
                            }
                            // "… saying two of its members detonated explosive
                            // belts": the explosions were suicide bombings.
                            if let Some(c) = cue
                                && c.sub == SubEventType::SuicideBomb
                                && event.event_type == EventType::ExplosionsRemoteViolence
                            {
                                event.sub_event_type = c.sub;
                            }
                            apply_actors(event, &found, tokens, anchor);
                            if let Some(name) = &advancing
                                && !event
                                    .actors
                                    .iter()
                                    .any(|a| a.role == ActorRole::Perpetrator)
                            {
                                for a in &mut event.actors {
                                    if &a.name == name {
                                        a.role = ActorRole::Perpetrator;
                                    }
                                }
                            }
                            // "Local officials attributed the strike to the
                            // Ethiopian National Defence Force".
                            if !event
                                .actors
                                .iter()
                                .any(|a| a.role == ActorRole::Perpetrator)
                                && let Some(force) = claimed_state_force(
                                    tokens,
                                    claim,
                                    event.location.country.as_deref(),
                                )
                                .or_else(|| {
                                    blamed_separatists(
                                        &self.registry,
                                        tokens,
                                        claim,
                                        event.location.country.as_deref(),
                                    )
                                })
                            {
                                push_perpetrator(event, tokens, force);
                            }
                            if let (None, Some((Some(d), s, e))) = (event.date, date) {
                                event.date = Some(d);
                                event.evidence.push(Evidence {
                                    field: "date",
                                    start: tokens[s].start,
                                    end: tokens[e - 1].end,
                                });
                            }
                            if foiled {
                                self.foil(state, i, paragraph);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        // Remember the last armed group named, for "the group" in a later claim.
        for h in &actor_hits {
            if let Some(a) = self.registry.get(h.actor)
                && !matches!(a.kind.as_str(), "state" | "person" | "media")
            {
                state.last_actor = Some((h.actor, paragraph));
            }
        }
    }

    /// The armed group a clause without an incident word tells moving on
    /// its target ("Fighters of the SPLA-IO advanced on the garrison",
    /// "al-Shabaab stormed the base"): a non-state actor before such a
    /// verb.
    fn assailant(&self, tokens: &[Token], hits: &[actors::ActorHit]) -> Option<String> {
        let verb = tokens.iter().position(|t| {
            matches!(
                t.lower.as_str(),
                "advanced" | "stormed" | "overran" | "assaulted" | "besieged"
            )
        })?;
        hits.iter()
            .filter(|h| h.last <= verb)
            .filter_map(|h| self.registry.get(h.actor))
            .find(|a| !matches!(a.kind.as_str(), "state" | "person" | "media"))
            .map(|a| a.name.clone())
    }

    /// Marks the arrests `i` as a plot foiled. Without a group of their
    /// own, the plotters are the armed group the text named last, in this
    /// paragraph or the one before ("a cell of … Islamic State Khorasan
    /// Province has been suppressed. On 20 April five members were
    /// detained").
    fn foil(&self, state: &mut State, i: usize, paragraph: usize) {
        let group = state
            .last_actor
            .filter(|&(_, p)| p + 1 >= paragraph)
            .and_then(|(a, _)| self.registry.get(a));
        let event = &mut state.events[i];
        event.status = Status::Foiled;
        // "four members of a cell of the Islamic State were detained": the
        // group arrested is the group that plotted.
        let named = event
            .actors
            .iter()
            .position(|a| !generic::is_state_force(&a.name));
        if let Some(k) = named
            && event.actors[k].role != ActorRole::Perpetrator
        {
            for a in &mut event.actors {
                if a.role == ActorRole::Perpetrator {
                    a.role = ActorRole::Other;
                }
            }
            event.actors[k].role = ActorRole::Perpetrator;
        }
        if let Some(group) = group
            && named.is_none()
        {
            event
                .actors
                .push(EventActor::perpetrator(group.name.clone()));
        }
    }

    /// The actors of a sentence with their role and claim, relative to the
    /// incident cue at `cue`.
    fn actor_findings(
        &self,
        tokens: &[Token],
        hits: &[actors::ActorHit],
        cue: usize,
        claim: Option<(Claim, usize, usize)>,
        state: &State,
    ) -> Vec<ActorFinding> {
        // "the Farabundo Marti National Liberation Front (FMLN)": the name
        // in brackets repeats the one before it, whose place in the
        // sentence decides the role.
        let repeated = |h: &actors::ActorHit| {
            hits.iter().any(|p| {
                p.actor == h.actor
                    && p.last + 1 == h.first
                    && tokens.get(p.last).is_some_and(|t| t.text == "(")
            })
        };
        let mut spans: Vec<(usize, usize, usize)> = hits
            .iter()
            .filter(|h| !repeated(h))
            .map(|h| (h.first, h.last, h.actor))
            .collect();
        // "the group said it was behind …": the last group named before.
        if let (Some(_), Some((last, _))) = (claim, state.last_actor) {
            let armed = hits.iter().any(|h| {
                self.registry
                    .get(h.actor)
                    .is_some_and(|a| !matches!(a.kind.as_str(), "state" | "person"))
            });
            if !armed
                && let Some(i) = (1..tokens.len()).find(|&i| {
                    tokens[i - 1].lower == "the" && GROUP_WORDS.contains(&tokens[i].lower.as_str())
                })
            {
                spans.push((i - 1, i + 1, last));
            }
        }
        let mut out = Vec::new();
        for (first, last, actor) in spans {
            let Some(entry) = self.registry.get(actor) else {
                continue;
            };
            let (role, claimed) = match claim {
                Some((Claim::Claimed, s, _)) if last <= s || agent_by(tokens, first) => {
                    (ActorRole::Perpetrator, true)
                }
                // "attributed the strike to the Turkish military and said
                // the two men were members of the PKK": who the dead were.
                Some((Claim::Blamed, _, e)) if first >= e && membership_before(tokens, first) => {
                    (ActorRole::Target, false)
                }
                // "attributed the strike to the army, … in its campaign
                // against Fano militias": the blamed, not their target.
                Some((Claim::Blamed, _, e)) if first >= e && !target_after(tokens, first) => {
                    (ActorRole::Perpetrator, false)
                }
                Some((Claim::Blamed, s, _)) if last <= s => (ActorRole::Other, false),
                Some((Claim::Responsible, s, _)) if last <= s => (ActorRole::Perpetrator, false),
                Some((Claim::Allegiance, _, e)) if first >= e => (ActorRole::Perpetrator, false),
                // "ISKP-linked plots", "an IS-inspired attack".
                _ if tokens.get(last).is_some_and(|t| t.text == "-")
                    && tokens.get(last + 1).is_some_and(|t| {
                        matches!(
                            t.lower.as_str(),
                            "linked" | "inspired" | "affiliated" | "directed" | "backed"
                        )
                    }) =>
                {
                    (ActorRole::Perpetrator, false)
                }
                _ if target_after(tokens, first) => (ActorRole::Target, false),
                // "fighting between rival factions of the Sinaloa Cartel",
                // "clashes between al-Shabaab and the army": the side named
                // first is actor 1, as ACLED lists it.
                _ if first > cue && generic::first_side_after_between(tokens, cue, first) => {
                    (ActorRole::Perpetrator, false)
                }
                // "were killed on Wednesday when Maoist rebels blew up
                // their van": the subject of the clause that tells how.
                _ if first > cue && subject_of_how(tokens, cue, first) => {
                    (ActorRole::Perpetrator, false)
                }
                _ if first > cue
                    && (cue..first).any(|j| KILL.contains(&tokens[j].lower.as_str())) =>
                {
                    (ActorRole::Target, false)
                }
                // "the front issued a communique denying that it directed
                // an attack".
                _ if last <= cue
                    && (last..cue).any(|j| {
                        matches!(
                            tokens[j].lower.as_str(),
                            "denied" | "denies" | "deny" | "denying" | "rejected" | "rejects"
                        )
                    }) =>
                {
                    (ActorRole::Other, false)
                }
                _ if speaks_for(tokens, first, last) || tells_of(tokens, last, cue) => {
                    (ActorRole::Other, false)
                }
                _ if last <= cue && passive_subject(tokens, last, cue) => {
                    (ActorRole::Target, false)
                }
                _ if last <= cue || agent_by(tokens, first) => (ActorRole::Perpetrator, false),
                _ => (ActorRole::Other, false),
            };
            out.push(ActorFinding {
                actor: EventActor {
                    name: entry.name.clone(),
                    role,
                    claimed,
                },
                start: tokens[first].start,
                end: tokens[last - 1].end,
                person: entry.kind == "person",
            });
        }
        out
    }

    /// The places of the incident whose cue is `cue` in the clause `range`.
    fn select_places(
        &self,
        tokens: &[Token],
        range: (usize, usize),
        mentions: &[&Mention],
        cue: &Cue,
        actor_hits: &[actors::ActorHit],
    ) -> Vec<Chosen> {
        struct Cand {
            first: usize,
            last: usize,
            chosen: Chosen,
            kind: MentionKind,
            qualifier: bool,
            bracket: Option<usize>,
            /// Introduced by "in", "at", "near" and the like.
            locative: bool,
            /// A word of a longer name the gazetteer lacks ("San Pya
            /// village" → "San").
            fragment: bool,
            /// A city named with its subdivision ("Tehran - District 3").
            subdivided: bool,
        }
        impl Cand {
            /// A country's capital the words name ("the Afghan capital").
            fn capital(first: usize, last: usize, chosen: Chosen) -> Cand {
                Cand {
                    first,
                    last,
                    chosen,
                    kind: MentionKind::Place,
                    qualifier: false,
                    bracket: None,
                    locative: true,
                    fragment: false,
                    subdivided: false,
                }
            }
        }
        let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
        let mut cands: Vec<Cand> = Vec::new();
        // The end of the last mention dropped for "from", so the rest of
        // its list goes too ("migrants from Cuba, Haiti and Peru").
        let mut from_end: Option<usize> = None;
        for m in mentions {
            let Some((first, last)) = token_span(tokens, m) else {
                continue;
            };
            if first < range.0
                || last > range.1
                || m.kind == MentionKind::Region
                || !self.trusted(m)
            {
                continue;
            }
            // Inside an actor's name: "Kurdistan Workers' Party", "US
            // military", "Fano militia".
            if actor_hits.iter().any(|h| h.first < last && first < h.last) {
                continue;
            }
            // Part of a hyphenated word: "Port" of "Port-au-Prince", "US" of
            // "US-based". The whole word may be a place the geoparser missed.
            let joined = |a: usize, b: usize| {
                tokens
                    .get(a)
                    .zip(tokens.get(b))
                    .is_some_and(|(x, y)| x.end == y.start)
            };
            let mut whole: Option<(Place, usize, usize)> = None;
            if (lower(last) == "-" && joined(last - 1, last) && joined(last, last + 1))
                || (first >= 2
                    && lower(first - 1) == "-"
                    && joined(first - 2, first - 1)
                    && joined(first - 1, first))
            {
                let mut a = first;
                while a >= 2 && lower(a - 1) == "-" && joined(a - 2, a - 1) && joined(a - 1, a) {
                    a -= 2;
                }
                let mut b = last;
                while lower(b) == "-" && joined(b - 1, b) && joined(b, b + 1) {
                    b += 2;
                }
                let surface: String = tokens[a..b.min(tokens.len())]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect();
                whole = self
                    .geoparser
                    .candidates_for_text(&surface)
                    .into_iter()
                    .filter(|c| c.exact && c.kind != MentionKind::Region)
                    .max_by_key(|c| c.population)
                    .map(|c| (place_of_cand(c), tokens[a].start, tokens[b - 1].end));
                if whole.is_none() {
                    continue;
                }
            }
            // "Niger's Tillaberi region": the country only says whose — but
            // "South Sudan's capital" is the capital.
            let possessive = m.kind == MentionKind::Country && possessive_at(tokens, last);
            let capital_word = if possessive { last + 2 } else { last };
            if possessive && lower(capital_word) != "capital" {
                continue;
            }
            // The word before, past direction words: "from northern Afghanistan".
            let mut k = first;
            while k > 0 && DIRECTIONS.contains(&lower(k - 1)) {
                k -= 1;
            }
            let prev = if k > 0 { lower(k - 1) } else { "" };
            let raw_prev = if first > 0 { lower(first - 1) } else { "" };
            let next = tokens.get(last);
            let listed_after_from = m.kind == MentionKind::Country
                && from_end.is_some_and(|e| {
                    e < first && (e..first).all(|j| matches!(lower(j), "," | "and" | "or"))
                });
            if not_the_incidents_place(tokens, mentions, m, first, last) {
                continue;
            }
            // "the neighbourhoods of Bello Horizonte, Altagracia and Villa
            // Venezuela in Managua": parts of the city named after them.
            if listed_as_parts(tokens, first)
                && mentions.iter().any(|n| {
                    token_span(tokens, n)
                        .is_some_and(|(f, _)| f > last && f <= last + 12 && lower(f - 1) == "in")
                })
            {
                continue;
            }
            if prev == "from" || listed_after_from {
                if m.kind == MentionKind::Country {
                    from_end = Some(last);
                }
                continue;
            }
            // "the Afghan capital", "South Sudan's capital" → the capital.
            if m.kind == MentionKind::Country
                && lower(capital_word) == "capital"
                && let Some(place) = m.country.as_deref().and_then(|c| self.capital(c))
            {
                let start = if raw_prev == "the" {
                    tokens[first - 1].start
                } else {
                    m.start
                };
                cands.push(Cand::capital(
                    first,
                    capital_word + 1,
                    Chosen {
                        place,
                        start,
                        end: tokens[capital_word].end,
                    },
                ));
                continue;
            }
            if prev == "from" || (prev == "outside" && m.kind == MentionKind::Country) {
                continue;
            }
            // "Military forces of Russia", "the government of Iraq": an actor.
            if prev == "of"
                && k >= 2
                && matches!(
                    lower(k - 2),
                    "forces"
                        | "army"
                        | "police"
                        | "government"
                        | "ministry"
                        | "president"
                        | "embassy"
                        | "consulate"
                        | "military"
                        | "navy"
                        | "troops"
                        | "republic"
                )
            {
                continue;
            }
            // "the Lesotho High Commission", "Greece's embassy": an institution.
            if matches!(m.kind, MentionKind::Country)
                && next.is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "high"
                            | "embassy"
                            | "consulate"
                            | "ministry"
                            | "government"
                            | "army"
                            | "airlines"
                            | "navy"
                            | "parliament"
                            | "foreign"
                            | "coast"
                    )
                })
            {
                continue;
            }
            // "on the border with Venezuela": a landmark, not the place.
            if prev == "with" && k >= 2 && matches!(lower(k - 2), "border" | "frontier") {
                continue;
            }
            // An adjective use: "a US drone strike", "German police",
            // "Russian forces shelled …"; a demonym never names the place
            // itself (but "the Afghan capital" did above).
            let demonym = sitrep_geoparse::demonyms::lookup(&m.text).is_some_and(|h| !h.is_name);
            // "Ar Raqqa countryside", "the Idlib province": a word for an
            // area after the name makes it a place, not an adjective.
            let area_after = next.is_some_and(|t| AREA_WORDS.contains(&t.lower.as_str()));
            let modifier = matches!(m.kind, MentionKind::Country | MentionKind::Admin1)
                && (demonym
                    || (!LOCATIVE.contains(&raw_prev)
                        && !area_after
                        && next.is_some_and(|t| t.is_word() && !t.is_capitalised())));
            if modifier {
                continue;
            }
            // "the Phoenix Special Guerrilla Force", "the Ye Ogre Group": a
            // word of an organisation's name the registry lacks.
            if in_organisation_name(tokens, last) {
                continue;
            }
            // "Tehran - District 3", "Rio de Janeiro - North Zone": the name
            // after a spaced dash is a part of the city before it; read
            // abroad ("Zone", Italy), it is a misreading, and the city is
            // the place. A part the gazetteer knows in the city's country
            // ("New York - Manhattan") is the finer place.
            let mut subdivision = false;
            if spaced_dash_before(tokens, first)
                && let Some(city) = cands.last_mut().filter(|c| c.last + 1 == first)
            {
                // A city read as its region ("New York"): a part inside it;
                // a country and a city of its ("SOMALIA - Mogadishu", a
                // brief's heading): the city.
                let coarse = (!matches!(city.kind, MentionKind::Place | MentionKind::Admin2)
                    && city.chosen.place.admin1.is_some()
                    && city.chosen.place.admin1 == m.admin1)
                    || (city.kind == MentionKind::Country
                        && city.chosen.place.country == m.country);
                let near = city.chosen.place.country == m.country
                    && (coarse
                        || sitrep_geoparse::resolve::haversine_km(
                            city.chosen.place.lat,
                            city.chosen.place.lon,
                            m.lat,
                            m.lon,
                        ) <= SUBDIVISION_KM);
                if !near {
                    continue;
                }
                city.subdivided = false;
                subdivision = true;
            }
            // "Kerman, Iran", "Baranivka, Sumy": the region only qualifies
            // the town (and helps resolve it, see `refine_place`).
            if let Some(prev_cand) = cands.last()
                && prev_cand.last + 1 == first
                && lower(prev_cand.last) == ","
                && prev_cand.kind != MentionKind::Country
                && (matches!(m.kind, MentionKind::Country | MentionKind::Admin1)
                    && prev_cand.chosen.place.country == m.country
                    || prev_cand.chosen.place.admin1.as_deref().is_some_and(|a| {
                        sitrep_geo::gazetteer::normalise(a)
                            .starts_with(&sitrep_geo::gazetteer::normalise(&m.text))
                    })
                    || (m.kind == MentionKind::Place
                        && self.geoparser.candidates_for_text(&m.text).iter().any(|c| {
                            c.kind == MentionKind::Admin1
                                && c.country == prev_cand.chosen.place.country
                        })))
            {
                continue;
            }
            // "on the road between Kaya and Dori": one route, placed at its
            // first end, as ACLED does.
            if raw_prev == "and"
                && let Some(prev_cand) = cands.last()
                && prev_cand.last + 1 == first
                && prev_cand.first > 0
                && lower(prev_cand.first - 1) == "between"
            {
                continue;
            }
            // "X (Irumu, Ituri)": names in brackets after a name qualify it;
            // the first is the most specific.
            let bracket = (range.0..first)
                .rev()
                .take_while(|&j| lower(j) != ")")
                .find(|&j| lower(j) == "(")
                .filter(|&j| j > 0 && tokens[j - 1].is_capitalised());
            if let Some(b) = bracket
                && cands.iter().any(|c| c.bracket == Some(b))
            {
                continue;
            }
            // "the Tillaberi region": the region, whatever the gazetteer found.
            let region_word = matches!(
                lower(last),
                "region"
                    | "province"
                    | "state"
                    | "governorate"
                    | "oblast"
                    | "department"
                    | "prefecture"
            );
            let kind = match m.kind {
                MentionKind::Place | MentionKind::Admin2 if region_word => MentionKind::Admin1,
                k => k,
            };
            // "Novopil, Donetsk", "Donetsk region": a name that qualifies an
            // unknown one, or carries a region's kind word, names the region
            // when the town it was read as lies in another country.
            let after_unknown = first >= 2
                && lower(first - 1) == ","
                && tokens[first - 2].is_capitalised()
                && !mentions.iter().any(|o| {
                    token_span(tokens, o).is_some_and(|(a, b)| a <= first - 2 && first - 2 < b)
                });
            let region = if whole.is_none()
                && m.kind == MentionKind::Place
                && (region_word || after_unknown)
            {
                self.region_instead(m)
            } else {
                None
            };
            let fragment = whole.is_none() && self.fragment_of_longer_name(tokens, first, last);
            cands.push(Cand {
                first,
                last,
                chosen: match (whole, region) {
                    (Some((place, start, end)), _) => Chosen { place, start, end },
                    (None, Some(place)) => Chosen {
                        place,
                        start: m.start,
                        end: m.end,
                    },
                    (None, None) => Chosen {
                        place: place_of(m),
                        start: m.start,
                        end: m.end,
                    },
                },
                kind,
                // "in Fairfield, in Sydney's west": the city's part says
                // where the place named before it lies.
                qualifier: matches!(prev, "near" | "outside")
                    || bracket.is_some()
                    || (possessive_at(tokens, last)
                        && matches!(
                            lower(last + 2),
                            "west"
                                | "east"
                                | "north"
                                | "south"
                                | "northwest"
                                | "northeast"
                                | "southwest"
                                | "southeast"
                                | "outskirts"
                                | "suburbs"
                        )),
                bracket,
                locative: matches!(
                    prev,
                    "in" | "at"
                        | "near"
                        | "inside"
                        | "outside"
                        | "across"
                        | "throughout"
                        | "within"
                        | "into"
                        | "on"
                        | "around"
                ),
                fragment,
                // The geoparser may take the dash and the part's first word
                // into the city's mention ("Tehran - District").
                subdivided: subdivision
                    || (first + 1..=last + 1).any(|k| spaced_dash_before(tokens, k)),
            });
            // ACLED's "(coded to X)": X is the place.
            if first >= 2
                && lower(first - 2) == "coded"
                && matches!(lower(first - 1), "to" | "as")
                && let Some(last) = cands.pop()
            {
                cands.clear();
                cands.push(last);
                break;
            }
        }
        // "LEBANON - … a strike in the southern suburbs of the capital":
        // the capital of the one country the clause names.
        let capital_at = (range.0 + 1..range.1).find(|&i| {
            lower(i) == "capital"
                && lower(i - 1) == "the"
                && !tokens
                    .get(i + 1)
                    .is_some_and(|t| t.is_capitalised() || t.lower == "of")
        });
        // Countries named anywhere in the clause, "Ecuador's presidential
        // race" too (looked for only when the clause says "the capital").
        let countries = || {
            let mut found: Vec<&str> = mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Country)
                .filter(|m| {
                    token_span(tokens, m).is_some_and(|(a, b)| a >= range.0 && b <= range.1)
                })
                .filter_map(|m| m.country.as_deref())
                .collect();
            found.dedup();
            found
        };
        if let Some(i) = capital_at
            && cands.iter().all(|c| matches!(c.kind, MentionKind::Country))
            && let [country] = countries().as_slice()
            && let Some(place) = self.capital(country)
        {
            cands = vec![Cand::capital(
                i - 1,
                i + 1,
                Chosen {
                    place,
                    start: tokens[i - 1].start,
                    end: tokens[i].end,
                },
            )];
        }
        // A word of a longer name ("San" of "San Pya village") names some
        // other place; the clause's other places tell where.
        // One name, one sense: "based in Moe Bye at 8 pm" after "in Moe
        // Bye town" is the same fragment.
        let fragment_names: Vec<String> = cands
            .iter()
            .filter(|c| c.fragment)
            .map(|c| c.chosen.place.gazetteer_id.clone())
            .collect();
        for c in &mut cands {
            c.fragment |= fragment_names.contains(&c.chosen.place.gazetteer_id);
        }
        // Only when they disagree: a fragment in the others' country is
        // more likely a shorter spelling of the place ("Rabkavi" for
        // "Rabkavi Banhatti town").
        // So is one in the others' region: "Pyay" of "Pan Tha Pyay
        // village, Lashio township (…, Shan State)" lies in Bago, another
        // region of the country, and goes.
        let same_region = |a: Option<&str>, b: Option<&str>| match (a, b) {
            (Some(a), Some(b)) => same_region_name(a, b),
            _ => true,
        };
        let whole: Vec<Place> = cands
            .iter()
            .filter(|c| !c.fragment)
            .map(|c| c.chosen.place.clone())
            .collect();
        cands.retain(|c| {
            let p = &c.chosen.place;
            !c.fragment
                || whole.is_empty()
                || whole.iter().any(|w| {
                    w.country == p.country
                        && (w.precision == LocationPrecision::Country
                            || same_region(w.admin1.as_deref(), p.admin1.as_deref()))
                })
        });
        // A name before the noun of what it names ("Carnot middle school
        // in Grasse", "the Mercedes plant", "the Progresso neighborhood",
        // "Hamza Brigade") gives way to a place the clause names plainly.
        let names_a_thing = |c: &Cand| {
            tokens
                .get(c.last)
                .is_some_and(|t| NAMED_THINGS.contains(&t.lower.as_str()))
        };
        if cands.iter().any(|c| !names_a_thing(c)) {
            cands.retain(|c| !names_a_thing(c));
        }
        // "In Kherson, … shelled a market in the Dniprovskyi district": a
        // part of a town the sentence names, so not a namesake far off (a
        // district of Kyiv).
        let part_elsewhere = |c: &Cand| {
            matches!(c.kind, MentionKind::Place | MentionKind::Admin2)
                && tokens.get(c.last).is_some_and(|t| {
                    matches!(
                        t.lower.as_str(),
                        "district" | "neighbourhood" | "neighborhood" | "quarter" | "suburb"
                    )
                })
                && mentions.iter().any(|m| {
                    m.kind == MentionKind::Place
                        && m.country == c.chosen.place.country
                        && m.gazetteer_id != c.chosen.place.gazetteer_id
                        && sitrep_geoparse::resolve::haversine_km(
                            m.lat,
                            m.lon,
                            c.chosen.place.lat,
                            c.chosen.place.lon,
                        ) > SUBDIVISION_KM
                })
        };
        cands.retain(|c| !part_elsewhere(c));
        // "protesters against the invasion of Ukraine marched in Athens",
        // "migrants bound to Greece were detained off Datca": a country the
        // clause names other than after "in", "at" or "near" is not where
        // an incident happened that a town of another country names.
        let town_countries: Vec<Option<String>> = cands
            .iter()
            .filter(|c| matches!(c.kind, MentionKind::Place | MentionKind::Admin2))
            .map(|c| c.chosen.place.country.clone())
            .collect();
        // Nor is a country named before the cue, in the subject ("relatives
        // of Kazakhs in China protested … in Almaty"), when a town of
        // another country follows the cue.
        let towns_after: Vec<Option<String>> = cands
            .iter()
            .filter(|c| {
                matches!(c.kind, MentionKind::Place | MentionKind::Admin2) && c.first >= cue.last
            })
            .map(|c| c.chosen.place.country.clone())
            .collect();
        cands.retain(|c| {
            c.kind != MentionKind::Country
                || ((c.locative
                    || town_countries.is_empty()
                    || town_countries.contains(&c.chosen.place.country))
                    && (c.last > cue.first
                        || towns_after.is_empty()
                        || towns_after.contains(&c.chosen.place.country)))
        });
        // "struck the centre of Sumy …, in the deadliest attack in Ukraine
        // this year": a country the clause names beside a town of its own
        // adds nothing; the town is where.
        cands.retain(|c| {
            c.kind != MentionKind::Country || !town_countries.contains(&c.chosen.place.country)
        });
        // "near Moscow" qualifies a place named beside it; alone, "near X"
        // is X.
        let fine = |k: MentionKind| matches!(k, MentionKind::Place | MentionKind::Admin2);
        if cands.iter().any(|c| !c.qualifier && fine(c.kind)) {
            cands.retain(|c| !c.qualifier);
        }
        // Strikes land where they are aimed: "militants in Gaza fired rockets
        // at Sderot".
        let remote = matches!(
            cue.sub,
            SubEventType::ShellingArtilleryMissileAttack | SubEventType::AirDroneStrike
        );
        if remote && cands.iter().any(|c| c.first >= cue.last) {
            cands.retain(|c| c.first >= cue.last);
        }
        let all: Vec<(MentionKind, Option<String>, Option<String>, usize)> = cands
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    c.kind,
                    c.chosen.place.country.clone(),
                    c.chosen.place.admin1.clone(),
                    i,
                )
            })
            .collect();
        // Lists: places joined by commas and "and".
        let mut groups: Vec<Vec<Cand>> = Vec::new();
        for c in cands {
            let joined = groups.last().and_then(|g| g.last()).is_some_and(|p| {
                p.last <= c.first && (p.last..c.first).all(|j| LIST_GLUE.contains(&lower(j)))
            });
            // "on the Sariab Road in Quetta": the second contains the first,
            // not a list; keep the first unless it was resolved abroad.
            let within = groups.last().and_then(|g| g.last()).is_some_and(|p| {
                let gap: Vec<&str> = (p.last..c.first).map(lower).collect();
                gap.contains(&"in") && !gap.iter().any(|w| matches!(*w, "and" | "or" | ","))
            });
            match groups.last_mut() {
                Some(g) if joined && within => {
                    let same = g
                        .last()
                        .is_some_and(|p| p.chosen.place.country == c.chosen.place.country);
                    if !same {
                        g.pop();
                        g.push(c);
                    }
                }
                Some(g) if joined => g.push(c),
                _ => groups.push(vec![c]),
            }
        }
        // "near Tera, in the Tillaberi region": the region qualifies the
        // town listed beside it.
        for g in &mut groups {
            // "near Boni, in the Mopti region" with Boni resolved abroad:
            // the town is misread, the region is not.
            let coarse_countries: Vec<Option<String>> = g
                .iter()
                .filter(|c| !fine(c.kind))
                .map(|c| c.chosen.place.country.clone())
                .collect();
            if !coarse_countries.is_empty() {
                g.retain(|c| !fine(c.kind) || coarse_countries.contains(&c.chosen.place.country));
            }
            let fine_countries: Vec<Option<String>> = g
                .iter()
                .filter(|c| fine(c.kind))
                .map(|c| c.chosen.place.country.clone())
                .collect();
            g.retain(|c| fine(c.kind) || !fine_countries.contains(&c.chosen.place.country));
        }
        let distance = |g: &Vec<Cand>| {
            g.iter()
                .map(|c| {
                    if c.first >= cue.last {
                        (c.first - cue.last, 0)
                    } else if c.last <= cue.first {
                        (cue.first - c.last, 1)
                    } else {
                        (0, 0)
                    }
                })
                .min()
                .unwrap_or((usize::MAX, 1))
        };
        // A city named with its subdivision is where ACLED's notes place
        // the incident ("fans protested at Ararat Sports Complex in Tehran -
        // District 3").
        let best_index = groups
            .iter()
            .enumerate()
            .min_by_key(|(_, g)| (!g.iter().any(|c| c.subdivided), distance(g)))
            .map(|(i, _)| i);
        let Some(best_index) = best_index else {
            return Vec::new();
        };
        // A region or country alone, with a town inside it named in the
        // same clause ("in Konduga … of Borno State", "X (Zhengzhou,
        // Henan)"): the town.
        let best = &groups[best_index];
        if best.len() == 1 && !fine(best[0].kind) {
            let coarse = &best[0].chosen.place;
            let inside = all.iter().find(|(kind, country, admin1, _)| {
                fine(*kind)
                    && *country == coarse.country
                    && (best[0].kind == MentionKind::Country || *admin1 == coarse.admin1)
            });
            if let Some(&(_, _, _, i)) = inside {
                let flat: Vec<&Cand> = groups.iter().flatten().collect();
                if let Some(c) = flat.get(i) {
                    return vec![Chosen {
                        place: c.chosen.place.clone(),
                        start: c.chosen.start,
                        end: c.chosen.end,
                    }];
                }
            }
        }
        groups
            .swap_remove(best_index)
            .into_iter()
            .map(|c| c.chosen)
            .collect()
    }

    /// The perpetrators a text names for any incident it tells of, whether
    /// or not the incident has a place: registry actors in the role of
    /// perpetrator of a sentence's incident cue, and state forces named as
    /// its actor. Used to score MUC-4, whose answers are per document.
    pub fn perpetrators(&self, input: &str, format: Format) -> Vec<String> {
        let text = sitrep_geoparse::text::to_plain(input, format);
        let mut chars: Vec<char> = text.chars().collect();
        if wrap::is_hard_wrapped(&chars) {
            wrap::unwrap_lines(&mut chars);
        }
        let country = Self::main_country(&chars.iter().collect::<String>());
        let state = State::default();
        let mut out: Vec<String> = Vec::new();
        for (start, end, _) in tokens::sentences(&chars) {
            let tokens = tokens::tokenize(&chars, start, end);
            // Only violence has a perpetrator: not a truce, a march or an
            // arrest.
            // Nor does a campaign ("the offensive launched by the rebels",
            // "fighting in 11 departments"): it is no one incident.
            let violent: Vec<Cue> = cues::find_cues(&tokens)
                .into_iter()
                .filter(|c| {
                    has_perpetrator(c.sub)
                        && !matches!(
                            tokens[c.first].lower.as_str(),
                            "offensive" | "offensives" | "fighting"
                        )
                })
                .collect();
            let claim = find_claim(&tokens);
            // "… who said they were responsible for the action": a claim of
            // responsibility is about an incident even when it names none.
            let cue = match cues::primary(&violent) {
                Some(cue) => cue.first,
                None => match claim {
                    Some((_, s, _)) if claims_responsibility(&tokens, s) => s,
                    _ => continue,
                },
            };
            let hits: Vec<actors::ActorHit> = self
                .registry
                .find(&tokens)
                .into_iter()
                .filter(|h| {
                    self.registry
                        .get(h.actor)
                        .is_some_and(|a| !matches!(a.kind.as_str(), "media" | "person"))
                        && !country_as_modifier(&tokens, h)
                })
                .collect();
            let mut names: Vec<String> = self
                .actor_findings(&tokens, &hits, cue, claim, &state)
                .into_iter()
                .filter(|f| f.actor.role == ActorRole::Perpetrator)
                .map(|f| f.actor.name)
                .collect();
            // State forces named by role alone ("the armed forces") are the
            // text's own country's when a blame names them.
            if names.is_empty()
                && let Some((name, _, _)) = claimed_state_force(&tokens, claim, country.as_deref())
                    .or_else(|| generic::state_force(&tokens, cue, None))
            {
                names.push(name);
            }
            for n in names {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// The country `text` names most often, by its name ("El Salvador",
    /// one to three words of four letters or more, so no code such as "IN"
    /// or "CAN") or its demonym ("Salvadoran"); ties go to the first in
    /// alphabetical order. The gazetteer is not asked: in text written all
    /// in capitals it finds villages in common words.
    fn main_country(text: &str) -> Option<String> {
        let mut counts: HashMap<&'static str, usize> = HashMap::new();
        let chars: Vec<char> = text.chars().collect();
        let words: Vec<Token> = tokens::tokenize(&chars, 0, chars.len());
        let mut i = 0;
        while i < words.len() {
            let name = (1..=3).rev().find_map(|n| {
                let span = words.get(i..i + n)?;
                if !span.iter().all(|t| t.text.chars().all(char::is_alphabetic)) {
                    return None;
                }
                let joined = span
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if joined.chars().filter(|c| c.is_alphabetic()).count() < 4 {
                    return None;
                }
                sitrep_geo::countries::country_code(&joined).map(|c| (c, n))
            });
            let demonym = || {
                sitrep_geoparse::demonyms::lookup(&words[i].text).and_then(|hit| match hit.target {
                    sitrep_geoparse::demonyms::Target::Country(c) if !hit.is_name => Some((c, 1)),
                    _ => None,
                })
            };
            match name.or_else(demonym) {
                Some((c, n)) => {
                    *counts.entry(c).or_default() += 1;
                    i += n;
                }
                None => i += 1,
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(c, _)| c.to_owned())
    }

    /// Resolves a chosen place again with what the sentence says about it:
    /// the names in brackets or after a comma right behind it ("Baranivka,
    /// Sumy", "Granada (Andalucia)", "Ndimo (Irumu, Ituri)") should contain
    /// it, and the other places of the sentence share its country more often
    /// than not. The geoparser's own choice wins ties.
    fn refine_place(&self, chosen: Chosen, tokens: &[Token], mentions: &[&Mention]) -> Chosen {
        let surface: String = {
            let mut surface = String::new();
            let mut end = None;
            for t in tokens
                .iter()
                .filter(|t| t.start >= chosen.start && t.end <= chosen.end)
            {
                if end.is_some_and(|e| e < t.start) {
                    surface.push(' ');
                }
                surface.push_str(&t.text);
                end = Some(t.end);
            }
            surface
        };
        if surface.is_empty() || chosen.place.gazetteer_id.starts_with("country:") {
            return chosen;
        }
        let Some(after) = tokens.iter().position(|t| t.start >= chosen.end) else {
            return chosen;
        };
        let norm = sitrep_geo::gazetteer::normalise;
        // A bracket repeating the name ("Pama (Pama, Kompienga)", ACLED's
        // town and its namesake district) says nothing about which namesake
        // is meant: its candidates are the name's own, and would vote for
        // whichever country holds most of them (Parma and Palmer, US).
        let hints: Vec<String> = qualifier_names(tokens, after)
            .into_iter()
            .filter(|h| norm(h) != norm(&surface))
            .collect();
        let hint_cands: Vec<Vec<sitrep_geoparse::resolve::Cand>> = hints
            .iter()
            .map(|h| {
                let mut c = self.geoparser.candidates_for_text(h);
                c.extend(self.geoparser.region_candidates(h));
                c
            })
            .collect();
        let context: Vec<&str> = mentions
            .iter()
            .filter(|m| m.end <= chosen.start || m.start >= chosen.end)
            .filter(|m| sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name))
            .filter_map(|m| m.country.as_deref())
            .collect();
        if hint_cands.iter().all(Vec::is_empty) && context.is_empty() {
            return chosen;
        }
        let score = |country: Option<&str>, admin1: Option<&str>, id: &str| -> f64 {
            let mut s = 0.0;
            for hc in &hint_cands {
                let best = hc
                    .iter()
                    .map(|h| {
                        let same_country = h.country.as_deref() == country && country.is_some();
                        let admin_match = admin1
                            .zip(h.admin1.as_deref())
                            .is_some_and(|(a, b)| same_region_name(a, b));
                        match h.kind {
                            _ if h.id == id => 0.0,
                            MentionKind::Admin1 if admin_match => 4.0,
                            MentionKind::Place | MentionKind::Admin2 if admin_match => 3.0,
                            MentionKind::Country if same_country => 2.0,
                            _ if same_country => 1.0,
                            _ => 0.0,
                        }
                    })
                    .fold(0.0, f64::max);
                s += best;
            }
            s + context.iter().filter(|c| Some(**c) == country).count() as f64 * 0.5
        };
        let current = score(
            chosen.place.country.as_deref(),
            chosen.place.admin1.as_deref(),
            &chosen.place.gazetteer_id,
        ) + 0.6;
        let candidates = self.geoparser.candidates_for_text(&surface);
        let largest_exact = candidates
            .iter()
            .filter(|c| c.exact && c.kind == MentionKind::Place)
            .map(|c| c.population)
            .max()
            .unwrap_or(0);
        let best = candidates
            .into_iter()
            .filter(|c| !variant_hamlet(c, largest_exact))
            .map(|c| {
                let s = score(c.country.as_deref(), c.admin1.as_deref(), &c.id)
                    + (c.population as f64 + 1.0).ln() / 40.0
                    + if c.exact { 0.2 } else { 0.0 };
                (s, c)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        // A city named like the region it lies in ("Rio de Janeiro") means
        // the city (as in the geoparser's own prior).
        let namesake_region = |c: &sitrep_geoparse::resolve::Cand| {
            c.kind == MentionKind::Admin1
                && chosen.place.precision == LocationPrecision::City
                && c.country == chosen.place.country
                && chosen
                    .place
                    .admin1
                    .as_deref()
                    .is_some_and(|a| norm(a) == norm(&c.name))
        };
        let chosen = match best {
            Some((s, c))
                if s > current && c.id != chosen.place.gazetteer_id && !namesake_region(&c) =>
            {
                Chosen {
                    place: place_of_cand(c),
                    ..chosen
                }
            }
            _ => chosen,
        };
        // "Baranivka, Sumy" where the gazetteer's only Baranivka lies in
        // another region: a smaller place it lacks; the region is right.
        let region = hint_cands.iter().flatten().find(|h| {
            h.kind == MentionKind::Admin1
                && h.country == chosen.place.country
                && chosen
                    .place
                    .admin1
                    .as_deref()
                    .is_some_and(|a| !same_region_name(a, &h.name))
        });
        match region {
            Some(h) if chosen.place.precision != LocationPrecision::Admin1 => Chosen {
                place: place_of_cand(h.clone()),
                ..chosen
            },
            _ => chosen,
        }
    }

    /// A town resolved abroad while the rest of its sentence agrees on one
    /// other country ("in Loikaw town (Loikaw district, Kayah State), a
    /// bomb exploded in Daw U Khu Ward", where the gazetteer's only "Daw U"
    /// is in China): the gazetteer lacks the place, so the sentence's most
    /// specific place in that country stands in for it. Countries and
    /// regions the text names are kept; so is a town whose country any other
    /// place of the sentence shares.
    fn home_place(&self, chosen: Chosen, tokens: &[Token], mentions: &[&Mention]) -> Chosen {
        if !matches!(
            chosen.place.precision,
            LocationPrecision::City | LocationPrecision::Admin2
        ) {
            return chosen;
        }
        let others: Vec<&&Mention> = mentions
            .iter()
            .filter(|m| {
                (m.end <= chosen.start || m.start >= chosen.end)
                    && m.kind != MentionKind::Region
                    && m.country.is_some()
                    && self.trusted(m)
            })
            .collect();
        let mut votes: HashMap<&str, f64> = HashMap::new();
        for m in &others {
            let adjective = sitrep_geoparse::demonyms::lookup(&m.text).is_some_and(|h| !h.is_name);
            // "Saida town in Ar Raqqa countryside": a region named right
            // after the town says where it lies, as much as two places do.
            let container = matches!(m.kind, MentionKind::Admin1 | MentionKind::Admin2)
                && contains_place(tokens, &chosen, m);
            *votes
                .entry(m.country.as_deref().unwrap_or_default())
                .or_default() += if container {
                2.0
            } else if adjective {
                0.5
            } else {
                1.0
            };
        }
        let own = chosen.place.country.as_deref().unwrap_or_default();
        if votes.get(own).copied().unwrap_or(0.0) > 0.0 {
            return chosen;
        }
        let Some((home, &top)) = votes
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        else {
            return chosen;
        };
        // A town the gazetteer knows only by another spelling of a name
        // ("Khar" → Haar, Bavaria; "Sindian" → Xindian, Taiwan) is a weaker
        // reading than one it knows by the name itself: one place of another
        // country beside it ("(Bajaur, KPK)") outweighs it.
        let needed = if by_other_spelling(tokens, &chosen) {
            1.0
        } else {
            2.0
        };
        if top < needed {
            return chosen;
        }
        let rank = |k: MentionKind| match k {
            MentionKind::Place | MentionKind::Admin2 => 0,
            MentionKind::Admin1 => 1,
            _ => 2,
        };
        // Only a place or a division stands in: a country the sentence
        // names ("in solidarity with Ukraine") is rarely where a town it
        // names lies, and would lose the town's precision.
        let best = others
            .iter()
            .filter(|m| {
                m.country.as_deref() == Some(*home)
                    && m.kind != MentionKind::Country
                    && sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name)
            })
            .min_by_key(|m| (rank(m.kind), m.start.abs_diff(chosen.start)));
        match best {
            Some(m) => Chosen {
                place: place_of(m),
                ..chosen
            },
            None => chosen,
        }
    }

    /// A first-level region chosen where the sentence also names a town
    /// or district inside it ("in Pang Sit village of Pindaya township
    /// (…, Shan-South state)", where the gazetteer lacks the village and
    /// the bracket's region stood in): the town is the most specific place
    /// the sentence gives, nearest the region's mention first.
    fn finer_place(&self, chosen: Chosen, mentions: &[&Mention]) -> Chosen {
        if chosen.place.precision != LocationPrecision::Admin1 {
            return chosen;
        }
        let norm = sitrep_geo::gazetteer::normalise;
        let region = norm(chosen.place.admin1.as_deref().unwrap_or(&chosen.place.name));
        let inside = |m: &&&Mention| {
            matches!(m.kind, MentionKind::Place | MentionKind::Admin2)
                && (m.end <= chosen.start || m.start >= chosen.end)
                && m.country == chosen.place.country
                && m.admin1.as_deref().is_some_and(|a| same_region_name(a, &region))
                // The region's namesake city ("Luhansk" in "…, Luhansk
                // region") is the region named again, not a finer place.
                && !region.starts_with(&norm(&m.name))
                && !norm(&m.name).starts_with(&region)
                && self.trusted(m)
                && sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name)
        };
        match mentions
            .iter()
            .filter(inside)
            .min_by_key(|m| m.start.abs_diff(chosen.start))
        {
            Some(m) => Chosen {
                place: place_of(m),
                ..chosen
            },
            None => chosen,
        }
    }

    /// The first-level region a mention read as a town abroad may name
    /// instead: one of its name in another country ("Donetsk": a town in
    /// Russia's Rostov oblast, and Ukraine's Donetsk oblast). None when the
    /// town's own country has a region of that name, or none has.
    fn region_instead(&self, m: &Mention) -> Option<Place> {
        let mut found: Vec<sitrep_geoparse::resolve::Cand> = self
            .geoparser
            .candidates_for_text(&m.text)
            .into_iter()
            .filter(|c| c.kind == MentionKind::Admin1)
            .collect();
        found.extend(self.geoparser.region_candidates(&m.text));
        if found.is_empty() || found.iter().any(|c| c.country == m.country) {
            return None;
        }
        found
            .into_iter()
            .max_by_key(|c| c.population)
            .map(place_of_cand)
    }

    /// Whether tokens `first..last` are part of a longer capitalised name
    /// that goes on to a settlement word or a bracket ("San Pya village",
    /// "Moe Bye town (…)", "Jurf Al Nasr area", "Chamkar Mon (Phnom
    /// Penh)"), which the gazetteer does not know as a whole.
    fn fragment_of_longer_name(&self, tokens: &[Token], first: usize, last: usize) -> bool {
        const STOP: &[&str] = &[
            // Kind and facility words name a place by the mention itself.
            "city",
            "town",
            "village",
            "district",
            "province",
            "region",
            "state",
            "township",
            "county",
            "governorate",
            "oblast",
            "municipality",
            "division",
            "camp",
            "airport",
            "air",
            "base",
            "university",
            "hospital",
            "market",
            "road",
            "street",
            "bridge",
            "prison",
            "stadium",
            "square",
            "park",
            "station",
            "mosque",
            "church",
            "school",
            "port",
            "border",
            "highway",
            "river",
            "lake",
            "mountains",
            "valley",
            "forest",
            "high",
            "court",
            "office",
            "offices",
            "hall",
            "house",
            "palace",
            "centre",
            "center",
            "embassy",
            "consulate",
            "headquarters",
            "ministry",
            "police",
            "army",
            "barracks",
            "college",
            "academy",
            "mall",
            "hotel",
            "lga",
            "lgas",
            "zone",
            "north",
            "south",
            "east",
            "west",
            "central",
            "northern",
            "southern",
            "eastern",
            "western",
            "upper",
            "lower",
            "greater",
            "new",
            "old",
        ];
        const SETTLEMENT: &[&str] = &[
            "village",
            "villages",
            "town",
            "area",
            "township",
            "ward",
            "tract",
            "neighbourhood",
            "neighborhood",
            "locality",
            "kebele",
            "hill",
            "quarter",
            "sector",
            "suburb",
            "hamlet",
            "settlement",
        ];
        let name_word = |i: usize| {
            tokens.get(i).is_some_and(|t| {
                t.is_capitalised()
                    && t.is_word()
                    && !STOP.contains(&t.lower.as_str())
                    && !features::MONTHS.contains(&t.lower.as_str())
                    && dates::weekday_named(&t.lower).is_none()
                    && sitrep_geoparse::demonyms::lookup(&t.text).is_none()
            })
        };
        let glued = |a: usize, b: usize| tokens[a].end + 1 == tokens[b].start;
        let mut a = first;
        while a > 1 && name_word(a - 1) && glued(a - 1, a) {
            a -= 1;
        }
        let mut b = last;
        while b < tokens.len() && name_word(b) && glued(b - 1, b) {
            b += 1;
        }
        if (a, b) == (first, last) {
            return false;
        }
        // So do the kind words of towns and districts ("Ranbir Singh Pura
        // city", "Qalat Sukkar district").
        const DIVISION: &[&str] = &["city", "district", "municipality", "tehsil", "county"];
        // ("Cerro Norte, a poor neighbourhood on the western edge of …": a
        // settlement word in the apposition after it.)
        let settlement = |t: &Token| {
            SETTLEMENT.contains(&t.lower.as_str()) || DIVISION.contains(&t.lower.as_str())
        };
        let apposition = tokens.get(b).is_some_and(|t| t.text == ",")
            && tokens
                .get(b + 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the"))
            && tokens[(b + 2).min(tokens.len())..(b + 5).min(tokens.len())]
                .iter()
                .any(settlement);
        let ends_name = apposition
            || tokens
                .get(b)
                .is_some_and(|t| t.text == "(" || settlement(t));
        if !ends_name {
            return false;
        }
        let surface = tokens[a..b]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        self.gazetteer.lookup(&surface).is_empty()
    }

    /// The first name in brackets after a capitalised word of the clause
    /// that the gazetteer knows, as a place (see [`qualifier_names`]).
    fn bracketed_place(&self, tokens: &[Token], clause: (usize, usize)) -> Option<Chosen> {
        let end = clause.1.min(tokens.len());
        // "People Power Party (PPP)": an acronym in brackets is no place;
        // the next bracket may hold one.
        let acronym = |name: &str| {
            name.len() <= 6
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        };
        (clause.0 + 1..end)
            .filter(|&i| tokens[i].text == "(" && tokens[i - 1].is_capitalised())
            .find_map(|open| self.bracketed_names_place(tokens, open, &acronym))
    }

    /// The first of the names in the brackets opening at `open` that the
    /// gazetteer knows, as a place (see [`Self::bracketed_place`]).
    fn bracketed_names_place(
        &self,
        tokens: &[Token],
        open: usize,
        acronym: &dyn Fn(&str) -> bool,
    ) -> Option<Chosen> {
        let names = qualifier_names(tokens, open);
        names.iter().filter(|n| !acronym(n)).find_map(|name| {
            let mut found = self.geoparser.candidates_for_text(name);
            if found.is_empty() {
                found = self.geoparser.region_candidates(name);
            }
            let best = found
                .into_iter()
                .filter(|c| c.kind != MentionKind::Region)
                .max_by_key(|c| (c.exact, c.population))?;
            let start = tokens.iter().position(|t| t.start >= tokens[open].end)?;
            Some(Chosen {
                place: place_of_cand(best),
                start: tokens[start].start,
                end: tokens[start].end,
            })
        })
    }

    /// The first name of the clause introduced by "in", "at", "near" (and
    /// the like) that the gazetteer holds under exactly that spelling,
    /// though the geoparser passed it by: common words ("in Nice", "in
    /// Split") and names with lower-case particles ("in Deir ez Zor"). The
    /// name runs over capitalised words and the particles between them.
    fn locative_name(&self, tokens: &[Token], clause: (usize, usize)) -> Option<Chosen> {
        let end = clause.1.min(tokens.len());
        let glued = |a: usize, b: usize| tokens[a].end + 1 == tokens[b].start;
        let name_word = |t: &Token| {
            t.is_word()
                && t.is_capitalised()
                && !features::MONTHS.contains(&t.lower.as_str())
                && dates::weekday_named(&t.lower).is_none()
        };
        for start in clause.0 + 1..end {
            // "the countryside of Deir ez Zor", "the village of X".
            let of_area = tokens[start - 1].lower == "of"
                && start >= 2
                && (AREA_WORDS.contains(&tokens[start - 2].lower.as_str())
                    || matches!(
                        tokens[start - 2].lower.as_str(),
                        "village" | "town" | "city" | "countryside"
                    ));
            if !(of_area
                || matches!(
                    tokens[start - 1].lower.as_str(),
                    "in" | "at" | "near" | "around" | "outside"
                ))
                || !name_word(&tokens[start])
            {
                continue;
            }
            let mut last = start + 1;
            while last < end && glued(last - 1, last) {
                if name_word(&tokens[last]) {
                    last += 1;
                } else if NAME_PARTICLES.contains(&tokens[last].text.as_str())
                    && last + 1 < end
                    && glued(last, last + 1)
                    && name_word(&tokens[last + 1])
                {
                    last += 2;
                } else {
                    break;
                }
            }
            let surface = tokens[start..last]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            // The whole name, not a word of it ("Bab Silo" is not Silo).
            let norm = sitrep_geo::gazetteer::normalise;
            let named: Vec<String> = self
                .gazetteer
                .lookup(&surface)
                .iter()
                .map(|c| c.gazetteer_id.clone())
                .collect();
            let best = self
                .geoparser
                .candidates_for_text(&surface)
                .into_iter()
                .filter(|c| {
                    c.exact
                        && c.kind != MentionKind::Region
                        && (norm(&c.name) == norm(&surface) || named.contains(&c.id))
                })
                .max_by_key(|c| c.population);
            if let Some(c) = best {
                return Some(Chosen {
                    place: place_of_cand(c),
                    start: tokens[start].start,
                    end: tokens[last - 1].end,
                });
            }
        }
        None
    }

    /// Whether a mention names its place by one of the gazetteer's names for
    /// it, rather than by a near spelling the geoparser guessed ("Boni" →
    /// Bonn, "Bostan" → Boston) or a fragment ("Al", "Ar").
    fn trusted(&self, m: &Mention) -> bool {
        if m.kind != MentionKind::Place {
            return true;
        }
        // "Tehran - District": the geoparser may run a city's mention into
        // the name of its part; the city's own name is what to check.
        let city = m.text.split(" - ").next().unwrap_or(&m.text);
        let letters = city.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 2 {
            return false;
        }
        let norm = sitrep_geo::gazetteer::normalise;
        [m.text.as_str(), city].iter().any(|text| {
            norm(text) == norm(&m.name)
                || self
                    .gazetteer
                    .lookup(text)
                    .iter()
                    .any(|c| c.gazetteer_id == m.gazetteer_id)
        })
    }

    /// The place of an incident a sentence ending at char `end` tells
    /// without one, and where the section heading names its place when it
    /// comes from one: the place of a
    /// section's heading in the body ("UNITED KINGDOM - Sunderland"); else
    /// the first place the body names from char `from`, if named by the end
    /// of the sentence; else the place of the heading just above; else the
    /// body's first place, named later. A country is narrowed by the city
    /// right after it ("SOMALIA - Mogadishu").
    fn fallback_place<'m>(
        &self,
        chars: &[char],
        mentions: &'m [Mention],
        (from, end): (usize, usize),
        heading: Option<(usize, usize, bool)>,
    ) -> Option<(&'m Mention, Option<usize>)> {
        // "Russia struck the centre of Sumy": who struck.
        let strikes = |m: &Mention| {
            m.kind == MentionKind::Country
                && word_after(chars, m.end).is_some_and(|w| generic::is_strike_verb(&w))
        };
        let weapon = |m: &Mention| {
            word_after(chars, m.end)
                .is_some_and(|w| WEAPON_WORDS.contains(&w.to_lowercase().as_str()))
        };
        let fitting = |m: &&Mention| {
            m.kind != MentionKind::Region
                && self.trusted(m)
                && !weapon(m)
                && !aside_at(chars, m.start)
                && !names_a_firm(chars, m.end)
                && !self.inside_actor_name(chars, m)
                && !strikes(m)
                && sitrep_geoparse::demonyms::lookup(&m.text).is_none_or(|h| h.is_name)
        };
        let in_heading = |m: &&Mention| {
            heading.is_some_and(|(a, b, _)| a <= m.start && m.end <= b) && fitting(m)
        };
        let section = heading
            .is_some_and(|(.., in_body)| in_body)
            .then(|| mentions.iter().find(in_heading))
            .flatten();
        let (m, section) = match section {
            Some(m) => (m, true),
            None => {
                let body_first = mentions.iter().find(|m| m.start >= from && fitting(m));
                let m = body_first
                    .filter(|m| m.start < end)
                    .or_else(|| mentions.iter().find(in_heading))
                    .or(body_first)?;
                (m, false)
            }
        };
        let city = mentions.iter().find(|n| {
            m.kind == MentionKind::Country
                && !matches!(n.kind, MentionKind::Country | MentionKind::Region)
                && n.country == m.country
                && n.start > m.end
                && n.start <= m.end + 3
                && chars[m.end..n.start]
                    .iter()
                    .all(|c| matches!(c, ' ' | '-' | '/' | ':' | '–'))
                && fitting(n)
        });
        // A country found ahead ("Somalia's health ministry") gives way to
        // a town of it the text named before ("… beach restaurant in
        // Mogadishu"): the story's place, not a country's institution.
        let named_before = || {
            mentions.iter().rev().find(|n| {
                m.kind == MentionKind::Country
                    && m.start >= from
                    && n.end <= from
                    && matches!(n.kind, MentionKind::Place | MentionKind::Admin2)
                    && n.country == m.country
                    && fitting(n)
            })
        };
        // "## Spain" then "**Barcelona.** Several thousand tenants gathered
        // …": the section's country gives way to the last town of it named
        // under the heading.
        let under_heading = || {
            mentions.iter().rev().find(|n| {
                section
                    && m.kind == MentionKind::Country
                    && n.start >= m.end
                    && n.end <= end
                    && matches!(n.kind, MentionKind::Place | MentionKind::Admin2)
                    && n.country == m.country
                    && fitting(n)
            })
        };
        // (The section's own place, not a town named under it, tells
        // whether an incident comes first in the section.)
        Some((
            city.or_else(named_before)
                .or_else(under_heading)
                .unwrap_or(m),
            section.then_some(m.start),
        ))
    }

    /// Whether mention `m` is part of a longer actor's name ("Boko" of
    /// "Boko Haram"): the few words around it are enough to tell.
    fn inside_actor_name(&self, chars: &[char], m: &Mention) -> bool {
        let from = m.start.saturating_sub(40);
        let to = (m.end + 40).min(chars.len());
        let tokens = tokens::tokenize(chars, from, to);
        self.registry.find(&tokens).iter().any(|h| {
            let (a, b) = (tokens[h.first].start, tokens[h.last - 1].end);
            a <= m.start && m.end <= b && b - a > m.end - m.start
        })
    }

    /// The capital of `country` (GeoNames PPLC).
    fn capital(&self, country: &str) -> Option<Place> {
        let p = self.gazetteer.places().get(*self.capitals.get(country)?)?;
        Some(Place {
            name: p.name.clone(),
            admin1: self.gazetteer.admin1_name(p).map(str::to_owned),
            country: Some(p.country.clone()),
            lat: p.lat,
            lon: p.lon,
            precision: LocationPrecision::City,
            gazetteer_id: format!("gn:{}", p.geonames_id),
        })
    }
}

#[derive(Default)]
struct State {
    events: Vec<ExtractedEvent>,
    /// (paragraph, index) of the event last created or updated.
    last: Option<(usize, usize)>,
    /// The armed group named last, and the paragraph it was named in.
    last_actor: Option<(usize, usize)>,
    /// The sentence being read, and the events the last sentence that made
    /// any created or updated ("plots in Austria and Germany" makes two).
    sentence: usize,
    batch_sentence: usize,
    batch: Vec<usize>,
    /// The paragraph and value of the date the text named last.
    named_date: Option<(usize, DateValue)>,
    /// The events only a weak cue typed so far ("killed").
    weakly_typed: Vec<usize>,
    /// The first incident, placed only by a name told before its sentence
    /// (the dateline's "ALGIERS"): the next incident of its kind in the
    /// same country says where it happened ("… on the edge of Azazga").
    provisional: Option<usize>,
    /// The text is a live blog, its newest update first: a toll told
    /// earlier in the text is the later one.
    newest_first: bool,
    /// Whether the text names a date near its publication, and one long
    /// before it.
    recent_dates: bool,
    old_dates: bool,
}

impl State {
    /// The event last created or updated in this paragraph.
    fn last_in(&self, paragraph: usize) -> Option<&ExtractedEvent> {
        match self.last {
            Some((p, i)) if p == paragraph => self.events.get(i),
            _ => None,
        }
    }

    /// The events the last sentence that made any created or updated, if
    /// it was in this paragraph or one of the two before: what a sentence
    /// without a place of its own ("the toll rose to 59", "ISKP claimed the
    /// attack") is about.
    fn recent(&mut self, paragraph: usize) -> Vec<usize> {
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
    fn last_recent(&self, paragraph: usize) -> Option<&ExtractedEvent> {
        match self.last {
            Some((p, i)) if p + 2 >= paragraph => self.events.get(i),
            _ => None,
        }
    }

    /// The date of the last event, if recent.
    fn last_date(&self, paragraph: usize) -> Option<DateValue> {
        self.last_recent(paragraph).and_then(|e| e.date)
    }

    /// Whether no event is recent enough for a sentence to refer back to.
    fn recent_is_empty(&self, paragraph: usize) -> bool {
        self.last_recent(paragraph).is_none()
    }

    fn remember(&mut self, paragraph: usize, i: usize) {
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
    fn add(&mut self, event: ExtractedEvent, paragraph: usize, weak: bool) {
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
                if event
                    .date
                    .is_some_and(|d| e.date.is_none_or(|o| d.render().len() > o.render().len()))
                {
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
fn air_and_ground(a: SubEventType, b: SubEventType) -> bool {
    let air = |s: SubEventType| s == SubEventType::AirDroneStrike;
    let ground = |s: SubEventType| {
        matches!(
            s,
            SubEventType::RemoteExplosiveLandmineIed | SubEventType::SuicideBomb
        )
    };
    (air(a) && ground(b)) || (ground(a) && air(b))
}

fn merge_actor(actors: &mut Vec<EventActor>, actor: EventActor) {
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

fn apply_casualties(event: &mut ExtractedEvent, tokens: &[Token], found: &[casualties::Casualty]) {
    for c in found {
        let (slot, field) = match c.count {
            Count::Killed => (&mut event.fatalities, "fatalities"),
            Count::Wounded => (&mut event.injuries, "injuries"),
            Count::AttackersKilled => (&mut event.attackers_killed, "attackers_killed"),
        };
        if c.weak && slot.is_some() {
            continue;
        }
        *slot = Some(c.value);
        event.evidence.retain(|e| e.field != field);
        event.evidence.push(Evidence {
            field,
            start: tokens[c.first].start,
            end: tokens[c.last - 1].end,
        });
    }
}

fn apply_actors(event: &mut ExtractedEvent, found: &[ActorFinding], tokens: &[Token], cue: usize) {
    for f in found {
        merge_actor(&mut event.actors, f.actor.clone());
        event.evidence.push(Evidence {
            field: "actors",
            start: f.start,
            end: f.end,
        });
        // "a drone strike killed al-Zawahiri": one death the text names.
        let killed = tokens
            .iter()
            .skip(cue)
            .take_while(|t| t.start < f.start)
            .any(|t| matches!(t.lower.as_str(), "killed" | "killing" | "assassinated"));
        if f.person && f.actor.role == ActorRole::Target && killed && event.fatalities.is_none() {
            event.fatalities = Some(1);
            event.evidence.push(Evidence {
                field: "fatalities",
                start: f.start,
                end: f.end,
            });
        }
    }
}

/// The claim word of a sentence: (kind, first token, end token).
fn find_claim(tokens: &[Token]) -> Option<(Claim, usize, usize)> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    // "no group has claimed", "denied … any responsibility": no claim.
    let negated = |i: usize| {
        (i.saturating_sub(4)..i).any(|k| matches!(lower(k), "no" | "not" | "never"))
            || (i.saturating_sub(15)..i).any(|k| {
                matches!(
                    lower(k),
                    "denied" | "denies" | "deny" | "denying" | "rejected"
                )
            })
    };
    for i in 0..tokens.len() {
        match lower(i) {
            "claimed" | "claims" | "claiming" | "claim" | "responsibility" if negated(i) => {}
            "claimed" | "claims" | "claiming" | "claim"
                if !matches!(lower(i + 1), "lives" | "the") || lower(i + 2) != "lives" =>
            {
                if lower(i + 1) == "lives" {
                    continue;
                }
                return Some((Claim::Claimed, i, i + 1));
            }
            "responsibility" => return Some((Claim::Claimed, i, i + 1)),
            "behind" if matches!(lower(i.wrapping_sub(1)), "was" | "were") => {
                let start = (i.saturating_sub(3)..i)
                    .find(|&k| lower(k) == "said")
                    .unwrap_or(i);
                return Some((Claim::Claimed, start, i + 1));
            }
            // "said it had fired the rockets", "said one of its fighters
            // carried out the attack", "confirmed that its forces had
            // carried out a drone strike".
            "said" | "says" | "stated" | "confirmed" => {
                // "said in a message carried by its radio station that its
                // fighters had planted the device": the deed after the
                // group's own word.
                let window: Vec<&str> = (i + 1..i + 16).map(lower).collect();
                // ("A US defence official said American forces carried out
                // the strike": a state's forces, named after their own.)
                let own = window.iter().position(|w| {
                    matches!(*w, "it" | "its" | "they" | "their" | "forces" | "troops")
                });
                let act = own.and_then(|o| {
                    window[o + 1..]
                        .iter()
                        .position(|w| {
                            matches!(
                                *w,
                                "fired"
                                    | "carried"
                                    | "launched"
                                    | "detonated"
                                    | "staged"
                                    | "conducted"
                                    | "planted"
                            )
                        })
                        .map(|a| o + 1 + a)
                });
                if let Some(a) = act
                    && a < 15
                {
                    return Some((Claim::Claimed, i, i + 2 + a));
                }
            }
            "blamed" | "blames" | "blame" | "attributed" => return Some((Claim::Blamed, i, i + 1)),
            // "holds the FMLN responsible for", "soldiers were responsible
            // for": a verb of being or holding just before, "for" after.
            "responsible"
                if lower(i + 1) == "for"
                    && (i.saturating_sub(4)..i).any(|k| {
                        matches!(
                            lower(k),
                            "is" | "are"
                                | "was"
                                | "were"
                                | "be"
                                | "been"
                                | "held"
                                | "holds"
                                | "hold"
                                | "holding"
                        )
                    }) =>
            {
                return Some((Claim::Responsible, i, i + 1));
            }
            "allegiance" => return Some((Claim::Allegiance, i, i + 1)),
            // "armed men who said they belonged to the Nsiloulou faction".
            "belonged" | "belonging"
                if lower(i + 1) == "to"
                    && (i.saturating_sub(3)..i).any(|k| matches!(lower(k), "said" | "claimed")) =>
            {
                return Some((Claim::Allegiance, i, i + 2));
            }
            _ => {}
        }
    }
    None
}

/// The date nearest the cue: in the clause, else in the sentence. Returns
/// (value, first token, end token); a vague span gives no value.
fn pick_date(
    hits: &[dates::DateHit],
    tokens: &[Token],
    cue: usize,
    clause: (usize, usize),
    others: &[Cue],
) -> Option<(Option<DateValue>, usize, usize)> {
    // "officials said on Thursday", "told reporters on Saturday", "the ELN
    // on Monday claimed": when it was said, not when it happened.
    let telling = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "said"
                | "says"
                | "told"
                | "reported"
                | "announced"
                | "confirmed"
                | "stated"
                | "claimed"
                // "Police on Tuesday continued to question a man arrested
                // after …": the inquiry's day.
                | "continued"
        )
    };
    // ("claimed responsibility for Sunday's suicide attack": the day of
    // the incident, in the possessive.)
    let reported = |h: &dates::DateHit| {
        !possessive_at(tokens, h.last)
            && (tokens[h.first.saturating_sub(3)..h.first]
                .iter()
                .any(telling)
                || tokens.get(h.last).is_some_and(telling))
    };
    // "relatives of two hunters who were killed in 2020 staged a rally":
    // a date right after another incident's cue dates that incident.
    // Only a cue of another kind of incident: "a suicide bombing on Friday"
    // is one incident.
    let own_type = others
        .iter()
        .find(|c| c.first == cue)
        .map(|c| c.sub.event_type());
    let governed = |h: &dates::DateHit| {
        let mut j = h.first;
        if j > 0 && matches!(tokens[j - 1].lower.as_str(), "in" | "on" | "of" | "during") {
            j -= 1;
        }
        // Only a year or a month ("killed in 2020"): "killed on Thursday
        // when the bomb went off" dates the bombing too.
        let coarse = matches!(
            h.kind,
            DateKind::Date(Some(DateValue::Year(_) | DateValue::Month(..)))
        );
        coarse
            && own_type.is_some_and(|own| {
                others
                    .iter()
                    .any(|c| c.last == j && c.first != cue && c.sub.event_type() != own)
            })
    };
    // "The death toll from the bombing rose to seven on Saturday": when
    // the toll grew, not when the bombing happened.
    let revised = |h: &dates::DateHit| {
        tokens[h.first.saturating_sub(5)..h.first].iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "rose" | "risen" | "climbed" | "jumped" | "increased"
            )
        })
    };
    // "family members of a student who went missing 2 years ago staged a
    // sit-in on 2 January": a span counted back dates another happening
    // when the sentence names a date of its own.
    let ago = |h: &dates::DateHit| tokens[h.last - 1].lower == "ago";
    let dated = hits
        .iter()
        .any(|h| !ago(h) && matches!(h.kind, DateKind::Date(Some(_))));
    let hits: Vec<dates::DateHit> = hits
        .iter()
        .filter(|h| !(reported(h) || governed(h) || revised(h) || (dated && ago(h))))
        .copied()
        .collect();
    let hits = &hits[..];
    let dist = |h: &&dates::DateHit| h.first.abs_diff(cue);
    let in_clause = hits
        .iter()
        .filter(|h| h.first >= clause.0 && h.last <= clause.1)
        .min_by_key(dist);
    let hit = in_clause.or_else(|| hits.iter().min_by_key(dist))?;
    match hit.kind {
        DateKind::Date(v) => Some((v, hit.first, hit.last)),
        _ => Some((None, hit.first, hit.last)),
    }
}

/// An organisation the registry lacks, named as the subject right before
/// the cue, its acronym in brackets allowed between ("the West Papua
/// National Liberation Army (TPNPB) shot dead …", "the Phoenix Special
/// Guerrilla Force attacked …"): capitalised words, with "of", "for" and
/// "and" inside, ending in an organisation word. Returns (name, first,
/// end).
fn named_organisation(tokens: &[Token], cue: usize) -> Option<(String, usize, usize)> {
    let mut end = cue.min(tokens.len());
    if end >= 3 && tokens[end - 1].text == ")" && tokens[end - 3].text == "(" {
        end -= 3;
    }
    let last = end.checked_sub(1)?;
    // ("the Zimbabwe Republic Police": a state's police, named as such
    // elsewhere.)
    if !ORGANISATION_WORDS.contains(&tokens[last].lower.as_str())
        || !tokens[last].is_capitalised()
        || matches!(tokens[last].lower.as_str(), "police" | "guard")
    {
        return None;
    }
    let mut first = last;
    while first > 0 {
        let t = &tokens[first - 1];
        let glue = matches!(t.lower.as_str(), "of" | "for" | "and");
        if !(t.is_word() && (t.is_capitalised() || glue)) {
            break;
        }
        first -= 1;
    }
    while first < last && !tokens[first].is_capitalised() {
        first += 1;
    }
    // "Army" alone, "Government Forces", "Special Forces" name nobody.
    let distinctive = tokens[first..=last].iter().any(|t| {
        !ORGANISATION_WORDS.contains(&t.lower.as_str())
            && !matches!(
                t.lower.as_str(),
                "of" | "for"
                    | "and"
                    | "security"
                    | "government"
                    | "armed"
                    | "special"
                    | "joint"
                    | "national"
                    | "federal"
                    | "state"
                    | "regular"
            )
    });
    if last == first || !distinctive {
        return None;
    }
    let name = tokens[first..=last]
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Some((name, first, last + 1))
}

/// Whether the capitalised words from `from` on (at most four, glued by
/// single spaces) end an organisation's name ("… Special Guerrilla Force",
/// "… Group"), so that the place name before them is part of that name.
fn in_organisation_name(tokens: &[Token], from: usize) -> bool {
    let mut at = from;
    while at < tokens.len()
        && at < from + 4
        && tokens[at].is_word()
        && tokens[at].is_capitalised()
        && at > 0
        && tokens[at - 1].end + 1 == tokens[at].start
    {
        if ORGANISATION_WORDS.contains(&tokens[at].lower.as_str()) {
            return true;
        }
        at += 1;
    }
    false
}

/// Whether the region `region` is named right after the chosen place as
/// the area it lies in: only kind words, "in", "of" and commas between
/// ("Saida town in Ar Raqqa countryside", "Nejapa, San Salvador").
fn contains_place(tokens: &[Token], chosen: &Chosen, region: &Mention) -> bool {
    if region.start < chosen.end {
        return false;
    }
    let mut between: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.start >= chosen.end && t.end <= region.start)
        .collect();
    // "in Ar Raqqa": a word of the region's name the geoparser left out.
    if between
        .last()
        .is_some_and(|t| t.is_capitalised() && t.end + 1 == region.start)
    {
        between.pop();
    }
    between.len() <= 4
        && between.iter().all(|t| {
            matches!(
                t.lower.as_str(),
                "," | "in" | "of" | "the" | "town" | "village" | "city" | "area" | "district"
            )
        })
}

/// Whether the token at `at` follows a dash with a space on each side that
/// itself follows a capitalised word: the second half of "Tehran - District
/// 3" (ACLED writes a city's subdivision so), not of "Port-au-Prince".
fn spaced_dash_before(tokens: &[Token], at: usize) -> bool {
    let spaced = at >= 2
        && at < tokens.len()
        && matches!(tokens[at - 1].text.as_str(), "-" | "–")
        && tokens[at - 2].end < tokens[at - 1].start
        && tokens[at - 1].end < tokens[at].start
        && tokens[at - 2].is_capitalised()
        // "MONROE - Federal officials said …": a dateline, not a city's
        // part.
        && !(tokens[at - 2].text.chars().count() > 2
            && tokens[at - 2].text.chars().all(|c| !c.is_lowercase()))
        && tokens[at].is_capitalised();
    if !spaced {
        return false;
    }
    let after = (at..tokens.len())
        .find(|&i| !tokens[i].is_capitalised() || !tokens[i].is_word())
        .and_then(|i| tokens.get(i));
    !after.is_some_and(|t| ROUTE_WORDS.contains(&t.lower.as_str()))
}

/// A roundup's summary ("petrol bombs at an Easter parade in Northern
/// Ireland") tells of an incident its body places finer ("in the Creggan
/// area of Derry"): an event placed only at a region or a country merges
/// into one of the same type, on a compatible date, at a place inside it;
/// an undated one into a dated one of the same type at the same place.
fn merge_coarse_mentions(events: &mut Vec<ExtractedEvent>) {
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

/// Whether the place named at token `first` is only where victims were
/// taken ("taken to hospital in Yerevan", "evacuated to Kabul"; but a
/// protest "at the Regional Hospital in Tozeur" is there), whose flag was
/// waved ("the flags of Georgia and the European Union"), across whose
/// border something came ("the border with Pakistan") or where it was told
/// ("at a press briefing in N'Djamena").
fn not_where_it_happened(tokens: &[Token], first: usize) -> bool {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    if first < 2 {
        return false;
    }
    match lower(first - 1) {
        // "a press briefing in N'Djamena", "the police directorate in
        // Mitrovica": where it was told.
        // "An army spokesman in Juba said …": where the speaker sits.
        "in" if matches!(
            lower(first - 2),
            "briefing"
                | "conference"
                | "directorate"
                | "spokesman"
                | "spokeswoman"
                | "spokesperson"
        ) =>
        {
            true
        }
        // "accused Baku of trying to seize territory": the government.
        _ if matches!(lower(first - 1), "accused" | "blamed" | "urged" | "warned") => true,
        // "has died in hospital in Sisaket city from wounds".
        // "Another 39 were being treated in hospitals in Sousse".
        "in" if matches!(tokens[first - 2].text.as_str(), "hospital" | "hospitals") => {
            tokens[first.saturating_sub(8)..first - 2].iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "to" | "died" | "dies" | "treated" | "admitted"
                )
            })
        }
        // "are still being treated in Tizi Ouzou's university hospital":
        // the town's hospital, where the wounded lie.
        "in" | "at" => {
            let mut end = first;
            while tokens.get(end).is_some_and(Token::is_capitalised) {
                end += 1;
            }
            tokens[first.saturating_sub(5)..first - 1].iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "treated" | "admitted" | "taken" | "died" | "rushed" | "hospitalised"
                )
            }) && tokens[end..(end + 4).min(tokens.len())]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "hospital" | "hospitals" | "clinic"))
        }
        "to" => matches!(
            lower(first - 2),
            "taken" | "rushed" | "evacuated" | "airlifted" | "flown" | "transferred" | "road"
        ),
        // "the road to the state capital Malakal was unsafe".
        "capital" => tokens[first.saturating_sub(5)..first - 1]
            .windows(2)
            .any(|w| w[0].lower == "road" && w[1].lower == "to"),
        "of" => matches!(lower(first - 2), "flag" | "flags"),
        // "smuggled across the border with Pakistan": where things came from.
        "with" => matches!(lower(first - 2), "border" | "frontier"),
        // "among them traders from Algeria": where people came from (but
        // "marched from Leiston to Sizewell" is the march's way).
        // "when reinforcements arrived from Bouna": where they came from.
        "from" => {
            let people = lower(first - 2);
            matches!(
                people,
                "arrived" | "came" | "sent" | "dispatched" | "deployed"
            ) || tokens[first - 2].is_word()
                && !tokens[first - 2].is_capitalised()
                && people.ends_with('s')
                && !people.ends_with("ss")
                && !matches!(
                    people,
                    "kilometres" | "kilometers" | "miles" | "metres" | "meters"
                )
        }
        _ => false,
    }
}

/// The mentions without those the geoparser only guessed (a score under
/// one half) in a country no other place named is in, in a text whose
/// places lie mostly in one country: "Chinatown" in a story on Honiara is
/// Honiara's, not San Francisco's. So too such a town whose name is, each
/// time, only the first word of a longer one ("Cerro" of "Cerro Norte", a
/// Montevideo neighbourhood, is no Havana municipality).
fn lone_foreign_guesses_dropped(mentions: Vec<Mention>, chars: &[char]) -> Vec<Mention> {
    // Places and regions of a country, not its name or its people's: "in
    // Heidelberg in solidarity with Ukrainians" is no story of Ukraine.
    let mut places: HashMap<&Option<String>, Vec<&str>> = HashMap::new();
    for n in mentions.iter().filter(|n| n.kind != MentionKind::Country) {
        places.entry(&n.country).or_default().push(&n.gazetteer_id);
    }
    let named = |country: &Option<String>| places.get(country).map_or(0, Vec::len);
    // (Named three times at least: a short note naming two countries once
    // each has none.)
    let home = mentions
        .iter()
        .filter(|m| m.country.is_some())
        .max_by_key(|m| named(&m.country))
        .filter(|m| named(&m.country) >= 3)
        .map(|m| m.country.clone());
    let starts: HashSet<usize> = mentions.iter().map(|m| m.start).collect();
    let starts_longer_name = |m: &Mention| {
        word_after(chars, m.end).is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && !starts.contains(&(m.end + 1))
        })
    };
    let lone: Vec<bool> = mentions
        .iter()
        .map(|m| {
            m.kind == MentionKind::Place
                && home.as_ref().is_some_and(|h| *h != m.country)
                && places
                    .get(&m.country)
                    .is_none_or(|ids| ids.iter().all(|id| *id == m.gazetteer_id))
                && (m.score < 0.5
                    || mentions
                        .iter()
                        .filter(|n| n.gazetteer_id == m.gazetteer_id)
                        .all(starts_longer_name))
        })
        .collect();
    mentions
        .into_iter()
        .zip(lone)
        .filter(|(_, lone)| !lone)
        .map(|(m, _)| m)
        .collect()
}

/// Whether mention `m` at tokens `first..end` names a place in words that
/// say it is not where the incident was: where victims were taken or
/// people came from ([`not_where_it_happened`]), a landmark or building
/// named after a town ([`landmark_spelled_like_a_town`]), a capital that
/// stands for its government ([`speaks_as_government`]).
fn not_the_incidents_place(
    tokens: &[Token],
    mentions: &[&Mention],
    m: &Mention,
    first: usize,
    end: usize,
) -> bool {
    not_where_it_happened(tokens, first)
        // "Grad missiles", "Molotov cocktails": a weapon named after a place.
        || tokens
            .get(end)
            .is_some_and(|t| WEAPON_WORDS.contains(&t.lower.as_str()))
        || landmark_spelled_like_a_town(tokens, mentions, m, first, end)
        || (m.kind == MentionKind::Place && speaks_as_government(tokens, end))
}

/// Whether country `m`, named before token `end`, only says whose source
/// told the incident: "…, Algeria's defence ministry said".
fn country_as_speaker(tokens: &[Token], m: &Mention, end: usize) -> bool {
    m.kind == MentionKind::Country
        && possessive_at(tokens, end)
        && tokens[end + 2..(end + 7).min(tokens.len())]
            .iter()
            .any(|t| {
                matches!(
                    t.lower.as_str(),
                    "said" | "says" | "told" | "announced" | "reported" | "confirmed"
                )
            })
}

/// Whether the town named before token `end` stands for its country's
/// government, the subject of a verb of judging: "a Yazidi force Ankara
/// considers an affiliate of the PKK", "Moscow denied".
fn speaks_as_government(tokens: &[Token], end: usize) -> bool {
    tokens.get(end).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "considers"
                | "considered"
                | "regards"
                | "accuses"
                | "accused"
                | "denies"
                | "denied"
                | "insists"
                | "insisted"
                | "warns"
                | "warned"
                | "blames"
                | "blamed"
                | "condemned"
                | "condemns"
        )
    })
}

/// Whether the name at token `first` is in a list of a city's parts: "the
/// neighbourhoods of Bello Horizonte, Altagracia and …", "the districts of
/// …".
fn listed_as_parts(tokens: &[Token], first: usize) -> bool {
    let mut j = first;
    while j > 0
        && (tokens[j - 1].is_capitalised()
            || matches!(tokens[j - 1].text.as_str(), "," | "and" | "-"))
    {
        j -= 1;
    }
    j >= 2
        && tokens[j - 1].lower == "of"
        && matches!(
            tokens[j - 2].lower.as_str(),
            "neighbourhoods"
                | "neighborhoods"
                | "neighbourhood"
                | "neighborhood"
                | "districts"
                | "suburbs"
                | "quarters"
                | "barrios"
                | "sectors"
                | "wards"
                | "townships"
        )
}

/// "Beyazıt Square", "the Aqueduct of Valens" (the mention `m` at tokens
/// `first..end`): a landmark named like a town the gazetteer knows only by
/// another spelling (Doğubayazıt, Valencia), not that town.
fn landmark_spelled_like_a_town(
    tokens: &[Token],
    mentions: &[&Mention],
    m: &Mention,
    first: usize,
    end: usize,
) -> bool {
    let thing = |t: &Token| NAMED_THINGS.contains(&t.lower.as_str());
    // ("the Moreno and San Martin squares": past the other name.)
    let mut at = end;
    if tokens.get(at).is_some_and(|t| t.lower == "and") {
        at += 1;
        while tokens.get(at).is_some_and(Token::is_capitalised) {
            at += 1;
        }
    }
    let thing_after = tokens.get(at).is_some_and(thing);
    // "Bologna Centrale station": the second word of a station's name
    // after the city it is in, whatever town shares it.
    let after_a_place = first >= 1
        && tokens[first - 1].end + 1 == tokens[first].start
        && mentions.iter().any(|n| n.end == tokens[first - 1].end);
    // "the Sindh House in Islamabad": a building named after a region, in
    // another place.
    let named_building_elsewhere = at == end
        && tokens
            .get(end)
            .is_some_and(|t| t.is_capitalised() && thing(t))
        && tokens.get(end + 1).is_some_and(|t| t.lower == "in")
        && tokens
            .get(end + 2)
            .is_some_and(|t| mentions.iter().any(|n| n.start == t.start));
    if (after_a_place && thing_after) || named_building_elsewhere {
        return true;
    }
    let thing_of = first >= 2
        && tokens[first - 1].lower == "of"
        && tokens[first - 2].is_capitalised()
        && thing(&tokens[first - 2]);
    matches!(m.kind, MentionKind::Place | MentionKind::Admin2)
        && (thing_after || thing_of)
        && sitrep_geo::gazetteer::normalise(&m.text) != sitrep_geo::gazetteer::normalise(&m.name)
}

/// [`not_where_it_happened`] for a name starting at char `at` of the whole
/// text (the fallback place is chosen among all mentions, not a sentence's
/// tokens): the few words before it decide.
fn aside_at(chars: &[char], at: usize) -> bool {
    let tokens = tokens::tokenize(chars, at.saturating_sub(60), (at + 1).min(chars.len()));
    tokens
        .iter()
        .position(|t| t.start == at)
        .is_some_and(|first| not_where_it_happened(&tokens, first))
}

/// Verbs of a trend: what "has become deadlier over the past decade".
const CHANGE_VERBS: &[&str] = &[
    "become",
    "grown",
    "risen",
    "increased",
    "surged",
    "declined",
    "fallen",
    "dropped",
    "doubled",
    "tripled",
    "worsened",
    "intensified",
    "stepped",
    "expanded",
    "escalated",
    "spread",
];

/// How many tokens a wire dateline takes at the start of a sentence:
/// "DAMASCUS, Feb 4 -", "MOGADISHU, Somalia (Reuters) -", "YEREVAN —",
/// "LUCKNOW:" — a place in capitals, then a comma or an agency in brackets
/// with capitalised words and numbers, then a dash or colon. A bare name
/// before the dash must not be a country (`country_at`, given the first
/// token's offset): a brief's "SOMALIA - Mogadishu" or "IRAQ / Baghdad -"
/// heading names the incident's place ([`spaced_dash_before`] reads it).
/// 0 when there is none.
fn dateline_len(tokens: &[Token], country_at: impl Fn(usize) -> bool) -> usize {
    let shouted = |t: &Token| {
        t.is_word()
            && t.text.chars().any(char::is_alphabetic)
            && !t.text.chars().any(char::is_lowercase)
    };
    let dash = |t: &Token| matches!(t.text.as_str(), "-" | "–" | "—" | ":");
    let mut i = 0;
    // ("GANTA/MONROVIA –": filed from two places.)
    while i < tokens.len()
        && (shouted(&tokens[i])
            || (i > 0
                && matches!(tokens[i].text.as_str(), "-" | "." | "'" | "/")
                && tokens
                    .get(i + 1)
                    .is_some_and(|t| shouted(t) && t.start == tokens[i].end)))
    {
        i += 1;
    }
    let letters: usize = tokens[..i].iter().map(|t| t.text.chars().count()).sum();
    // Enough left after it to be a sentence of its own.
    let rest_from = |at: usize| if tokens.len() > at + 5 { at + 1 } else { 0 };
    match tokens.get(i) {
        _ if i == 0 || letters < 3 => 0,
        Some(t) if dash(t) && (t.text == ":" || !country_at(tokens[0].start)) => rest_from(i),
        Some(t) if dash(t) => 0,
        Some(t) if matches!(t.text.as_str(), "," | "(") => {
            while i < tokens.len() && i < 14 {
                let t = &tokens[i];
                if dash(t) {
                    return rest_from(i);
                }
                let fits = matches!(t.text.as_str(), "," | "(" | ")" | ".")
                    || t.is_capitalised()
                    || t.digits().is_some();
                if !fits {
                    return 0;
                }
                i += 1;
            }
            0
        }
        _ => 0,
    }
}

/// Whether the cue at chars `start..end` names a practice, not an
/// incident: an "-ing" noun with no article, possessive, number, auxiliary
/// or conjunction before it ("kidnapping by armed gangs", "Kidnapping for
/// ransom is a growing concern"; not "the kidnapping", "were kidnapping",
/// "arrested while protesting").
fn names_a_practice(chars: &[char], start: usize, end: usize) -> bool {
    let word: String = chars[start..end].iter().collect::<String>().to_lowercase();
    if !word.ends_with("ing") || word.contains(' ') {
        return false;
    }
    let before = tokens::tokenize(chars, start.saturating_sub(30), start);
    !before.last().is_some_and(|t| {
        t.digits().is_some()
            || casualties::number_at(std::slice::from_ref(t), 0).is_some()
            || matches!(
                t.lower.as_str(),
                "a" | "an"
                    | "the"
                    | "this"
                    | "that"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "s"
                    | "was"
                    | "were"
                    | "is"
                    | "are"
                    | "been"
                    | "be"
                    | "of"
                    | "while"
                    | "after"
                    | "before"
                    | "when"
                    | "by"
                    | "for"
                    | "since"
                    | "without"
            )
    })
}

/// Whether the words before a country's name at char `at` make it a part
/// or the whole of the country ("northern Gabon", "parts of Gabon", "across
/// Gabon"), not the country standing for a place in it.
fn names_part_of_country(chars: &[char], at: usize) -> bool {
    let from = at.saturating_sub(30);
    tokens::tokenize(chars, from, at)
        .iter()
        .rev()
        .take(3)
        .any(|t| {
            (DIRECTIONS.contains(&t.lower.as_str()) && !matches!(t.lower.as_str(), "-" | "the"))
                || matches!(
                    t.lower.as_str(),
                    "across" | "throughout" | "parts" | "part" | "all" | "over" | "nationwide"
                )
        })
}

/// The tokens a mention covers (end exclusive).
fn token_span(tokens: &[Token], m: &Mention) -> Option<(usize, usize)> {
    let first = tokens.iter().position(|t| t.start >= m.start)?;
    let last = tokens.iter().rposition(|t| t.end <= m.end)? + 1;
    (last > first).then_some((first, last))
}

fn place_of(m: &Mention) -> Place {
    Place {
        name: m.name.clone(),
        admin1: m.admin1.clone(),
        country: m.country.clone(),
        lat: m.lat,
        lon: m.lon,
        precision: match m.kind {
            MentionKind::Place => LocationPrecision::City,
            MentionKind::Admin2 => LocationPrecision::Admin2,
            MentionKind::Admin1 => LocationPrecision::Admin1,
            MentionKind::Country | MentionKind::Region => LocationPrecision::Country,
        },
        gazetteer_id: m.gazetteer_id.clone(),
    }
}

/// The first line of the document, without a site name after " | ".
fn detect_title(chars: &[char]) -> Option<String> {
    let text: String = chars.iter().take(2000).collect();
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.to_lowercase().starts_with("published"))?;
    let title = line.split(" | ").next().unwrap_or(line).trim();
    (!title.is_empty()).then(|| title.to_owned())
}

/// A `Published:`/`Date:` line near the top, else an HTML publication
/// timestamp (`article:published_time`, `datePublished`, `<time datetime>`).
fn detect_published(raw: &str, chars: &[char]) -> Option<NaiveDate> {
    let head: String = chars.iter().take(4000).collect();
    for line in head.lines().take(40) {
        let line = line.trim().trim_start_matches(['*', '_']);
        let lower = line.to_lowercase();
        // "Published: …" opening the line, or after a separator in a
        // byline ("17–23 October 2026 · compiled by the desk · published
        // Saturday 24 October 2026").
        let at = ["published", "date:", "posted", "updated"]
            .iter()
            .filter_map(|p| {
                lower
                    .match_indices(p)
                    .map(|(i, _)| i)
                    .find(|&i| i == 0 || lower[..i].trim_end().ends_with(['·', '|', '•', '—']))
            })
            .min();
        if let Some(at) = at {
            let line = &line[at..];
            let lc: Vec<char> = line.chars().collect();
            let tokens = tokens::tokenize(&lc, 0, lc.len());
            let found = dates::find_dates(&tokens, None)
                .into_iter()
                .find_map(|h| match h.kind {
                    DateKind::Date(Some(DateValue::Day(d))) => Some(d),
                    _ => None,
                });
            if found.is_some() {
                return found;
            }
        }
    }
    // A short line near the top with a full date: "Dushanbe, 9 October
    // 2023" under a press release's heading, "14 September 2022 · 4 min
    // read" under a headline. (The input's own lines too: unwrapping may
    // have run a slug and its date line into one.)
    let raw_lines = if raw.trim_start().starts_with('<') {
        None
    } else {
        Some(raw.lines().take(15))
    };
    for line in head.lines().take(15).chain(raw_lines.into_iter().flatten()) {
        let lc: Vec<char> = line.chars().collect();
        let mut tokens = tokens::tokenize(&lc, 0, lc.len());
        if tokens.iter().filter(|t| t.is_word()).count() > 12 {
            // A wire story's dateline opening a long line ("DUMAGUETE,
            // Philippines, May 20, 2023 (Archipelago Press) - Communist
            // guerrillas …"): the words before its dash.
            let Some(dash) = tokens
                .iter()
                .take(16)
                .position(|t| matches!(t.text.as_str(), "-" | "–" | "—"))
            else {
                continue;
            };
            tokens.truncate(dash);
        }
        let with_year = |h: &dates::DateHit| {
            tokens[h.first..h.last]
                .iter()
                .any(|t| t.digits().is_some_and(|y| y >= 1900))
        };
        if let Some(d) = dates::find_dates(&tokens, None)
            .into_iter()
            .filter(with_year)
            .find_map(|h| match h.kind {
                DateKind::Date(Some(DateValue::Day(d))) => Some(d),
                _ => None,
            })
        {
            return Some(d);
        }
    }
    for key in ["published_time", "datePublished", "datetime="] {
        let Some(at) = raw.find(key) else {
            continue;
        };
        let window: String = raw[at..].chars().take(80).collect();
        let bytes = window.as_bytes();
        for s in 0..bytes.len().saturating_sub(10) {
            if let Some(part) = window.get(s..s + 10)
                && let Ok(d) = NaiveDate::parse_from_str(part, "%Y-%m-%d")
            {
                return Some(d);
            }
        }
    }
    None
}

/// Whether a possessive "'s" starts at token `at` (the tokeniser splits
/// "Sydney's" into "Sydney", "'", "s").
fn possessive_at(tokens: &[Token], at: usize) -> bool {
    tokens
        .get(at)
        .is_some_and(|t| matches!(t.text.as_str(), "'" | "’"))
        && tokens.get(at + 1).is_some_and(|t| t.lower == "s")
}

/// Whether the line holding char `at` is a photo's caption ("Police
/// officers at the spot where the men were beaten. Photo: Courier"): what a
/// picture shows, told again in the story.
fn caption_line(chars: &[char], at: usize) -> bool {
    let from = chars[..at]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |p| p + 1);
    let to = chars[at..]
        .iter()
        .position(|c| *c == '\n')
        .map_or(chars.len(), |p| at + p);
    let line: String = chars[from..to].iter().collect();
    [
        "Photo:",
        "Photograph:",
        "Photo credit",
        "(Photo",
        "Pictured:",
    ]
    .iter()
    .any(|mark| line.contains(mark))
}

/// Whether two events are of one kind (same type, both violent, or both a
/// crowd's).
fn same_kind(a: &ExtractedEvent, b: &ExtractedEvent) -> bool {
    // ("Police fire tear gas at march" over a body whose marchers threw
    // bottles: one demonstration.)
    let crowd = |t: EventType| matches!(t, EventType::Protests | EventType::Riots);
    let (a, b) = (a.event_type, b.event_type);
    a == b || (violent(a) && violent(b)) || (crowd(a) && crowd(b))
}

/// Whether incidents of type `t` are armed violence: battles, explosions
/// and remote violence, violence against civilians.
fn violent(t: EventType) -> bool {
    matches!(
        t,
        EventType::ViolenceAgainstCivilians
            | EventType::ExplosionsRemoteViolence
            | EventType::Battles
    )
}

/// A heading line: the whole line, no closing stop, at most 20 words.
fn is_headline(chars: &[char], start: usize, end: usize, tokens: &[Token]) -> bool {
    // ("4. SCENARIOS": past the section's number.)
    let mut at = start;
    while at > 0 && chars[at - 1] == ' ' {
        at -= 1;
    }
    if at > 0 && matches!(chars[at - 1], '.' | ')') {
        let mut digits = at - 1;
        while digits > 0 && chars[digits - 1].is_ascii_digit() {
            digits -= 1;
        }
        if digits < at - 1 {
            at = digits;
        }
    }
    let line_start = at == 0 || chars[..at].iter().rev().find(|c| **c != ' ') == Some(&'\n');
    let line_end = chars[end..]
        .iter()
        .find(|c| **c != ' ')
        .is_none_or(|c| *c == '\n');
    // (A quote closes a line only after a stop: '… he said."', not
    // 'Scenario B — "Brittle standoff"'.)
    let closed = match chars[..end] {
        [.., before, '"' | '”'] => matches!(before, '.' | '!' | '?' | ','),
        [.., last] => matches!(last, '.' | '!' | '?' | ':' | ';'),
        [] => false,
    };
    line_start && line_end && !closed && tokens.iter().filter(|t| t.is_word()).count() <= 20
}

/// Whether a heading opens scenarios: it names them, or gives an outcome
/// its probability ("2. Contested result (35%)").
fn opens_scenarios(line: &[char], tokens: &[Token]) -> bool {
    tokens
        .iter()
        .any(|t| matches!(t.lower.as_str(), "scenario" | "scenarios"))
        || line.windows(2).any(|w| w == ['%', ')'])
}

/// Whether a heading opens a summary of the body: "KEY POINTS",
/// "Highlights", "In brief".
fn opens_summary(tokens: &[Token]) -> bool {
    let words: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    // ("This week in brief", "Summary of the day", "Top lines".)
    words.len() <= 6
        && (words.windows(2).any(|w| {
            matches!(
                w,
                ["key", "points" | "developments"]
                    | ["in", "brief"]
                    | ["at", "a"]
                    | ["top", "lines" | "stories" | "headlines"]
            )
        }) || words.iter().any(|w| matches!(*w, "highlights" | "summary")))
}

/// Whether the words after char `end` make the name before it a firm's or
/// an outlet's ("Cordillera Advisory", "the Moscow Times", "Kenya
/// Airways"), not a place.
fn names_a_firm(chars: &[char], end: usize) -> bool {
    const FIRM_WORDS: &[&str] = &[
        "advisory",
        "consulting",
        "consultancy",
        "insights",
        "partners",
        "associates",
        "ltd",
        "limited",
        "inc",
        "holdings",
        "capital",
        "media",
        "times",
        "herald",
        "tribune",
        "observer",
        "gazette",
        "airways",
        "airlines",
        "red",
    ];
    word_after(chars, end).is_some_and(|word| {
        word.chars().next().is_some_and(char::is_uppercase)
            && FIRM_WORDS.contains(&word.to_lowercase().as_str())
    })
}

/// The word right after char `end`, one space away.
fn word_after(chars: &[char], end: usize) -> Option<String> {
    let rest = &chars[end.min(chars.len())..];
    let gap = rest.iter().take_while(|c| **c == ' ').count();
    let word: String = rest[gap..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .collect();
    (gap == 1 && !word.is_empty()).then_some(word)
}

/// A foiled plot's perpetrator is the plotter: "Austrian police arrested a
/// man planning an attack for the Islamic State" names the police, who are
/// no perpetrator, and the group, which is, wherever the text puts it.
fn plotters_not_police(event: &mut ExtractedEvent) {
    if event.status != Status::Foiled {
        return;
    }
    let state = |a: &EventActor| generic::is_state_force(&a.name);
    for a in &mut event.actors {
        if a.role == ActorRole::Perpetrator && state(a) {
            a.role = ActorRole::Other;
        }
    }
    if !event
        .actors
        .iter()
        .any(|a| a.role == ActorRole::Perpetrator)
        && let Some(plotter) = event
            .actors
            .iter_mut()
            .find(|a| !state(a) && a.role == ActorRole::Other)
    {
        plotter.role = ActorRole::Perpetrator;
    }
}

/// A group with a province in the incident's country acts there through it,
/// as ACLED codes it: "Islamic State" fighters in Cabo Delgado are the
/// Islamic State Mozambique Province, in Borno the West Africa Province.
fn provincial_branch(event: &mut ExtractedEvent, registry: &Registry) {
    let Some(country) = event.location.country.as_deref() else {
        return;
    };
    for a in &mut event.actors {
        let provinces: Vec<&str> = registry
            .affiliates(&a.name)
            .filter(|p| p.name.ends_with(" Province") && p.country.as_deref() == Some(country))
            .map(|p| p.name.as_str())
            .collect();
        if let [province] = provinces[..] {
            a.name = province.to_owned();
        }
    }
}

/// Drops an actor whose child organisation is also named ("Islamic State"
/// beside "Islamic State Khorasan Province").
fn prefer_children(actors: &mut Vec<EventActor>, registry: &Registry) {
    let parents: Vec<String> = actors
        .iter()
        .filter_map(|a| registry.by_name(&a.name).and_then(|e| e.parent.clone()))
        .collect();
    actors.retain(|a| !parents.contains(&a.name));
}

/// "the detained persons were members of a cell in contact with … the
/// Islamic State Khorasan Province": after an arrest, a sentence that ties
/// those held to a group names the group behind their plot.
fn members_of_group(
    tokens: &[Token],
    hits: &[actors::ActorHit],
    state: &State,
    paragraph: usize,
) -> bool {
    !hits.is_empty()
        && state
            .last_recent(paragraph)
            .is_some_and(|e| e.sub_event_type == SubEventType::Arrests)
        && tokens.iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "members" | "member" | "cell" | "affiliated" | "linked" | "loyal" | "behalf"
            )
        })
}

/// "were members of the PKK", "was a member of al-Shabaab": an actor at
/// `first` that says whose people someone was.
fn membership_before(tokens: &[Token], first: usize) -> bool {
    let mut k = first;
    if k > 0 && tokens[k - 1].lower == "the" {
        k -= 1;
    }
    k >= 3
        && tokens[k - 1].lower == "of"
        && matches!(tokens[k - 2].lower.as_str(), "member" | "members")
        && matches!(
            tokens[k - 3].lower.as_str(),
            "were" | "was" | "a" | "are" | "is"
        )
}

/// "was preparing a suicide attack", "were planning an attack": a cue at
/// `cue` that a plan word governs.
fn plotted_at(tokens: &[Token], cue: usize) -> bool {
    let plan = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "preparing" | "planning" | "plotting" | "plotted" | "planned"
        )
    };
    // "were preparing to carry out a terrorist act": the plan word before
    // its infinitive, no clause break between.
    let before_infinitive = (cue.saturating_sub(8)..cue).any(|j| {
        plan(&tokens[j])
            && tokens.get(j + 1).is_some_and(|t| t.lower == "to")
            && !tokens[j..cue]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "," | "and" | ";" | "but"))
    });
    before_infinitive || tokens[cue.saturating_sub(3)..cue].iter().any(plan)
}

/// "confirmed the abduction", "condemned this attack": a cue at `cue` that
/// names, as the object of a verb of telling or judging, an incident
/// already told.
fn refers_back(tokens: &[Token], cue: usize) -> bool {
    // ("an investigation into the killing in Masaya".)
    let object = cue >= 2
        && matches!(tokens[cue - 1].lower.as_str(), "the" | "this" | "that")
        && (matches!(
            tokens[cue - 2].lower.as_str(),
            "confirmed" | "condemned" | "denounced" | "reported" | "described" | "investigating"
        ) || (tokens[cue - 2].lower == "into"
            && cue >= 3
            && matches!(
                tokens[cue - 3].lower.as_str(),
                "investigation" | "inquiry" | "probe" | "enquiry"
            )))
        // "called the attack \"a cowardly act\"": the incident told, named.
        || (cue >= 2
            && tokens[cue - 1].lower == "the"
            && matches!(tokens[cue - 2].lower.as_str(), "called" | "branded" | "termed")
            && tokens.get(cue + 1).is_some_and(|t| {
                matches!(t.lower.as_str(), "a" | "an" | "\"" | "“" | "'" | "‘")
            }));
    // "— the fourth fatal shooting in the Brussels region since New Year":
    // the incident told, counted in a series.
    let counted = (cue.saturating_sub(3)..cue).any(|j| {
        j > 0
            && tokens[j - 1].lower == "the"
            && (casualties::ordinal(&tokens[j].lower).is_some() || tokens[j].lower == "latest")
    });
    // "The bombing came two days after gunmen … shot dead a rubber
    // tapper": the incident told, set beside another.
    let set_beside = tokens[cue + 1..(cue + 3).min(tokens.len())]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "came" | "comes" | "followed" | "follows"));
    object || counted || set_beside
}

/// "investigators were satisfied the attack was religiously motivated",
/// "no evidence that Friday's attack was linked to them": a cue at `cue`
/// that describes an incident told, however far back.
fn describes_told(tokens: &[Token], cue: usize) -> bool {
    retells_when(tokens, cue) || {
        definite_at(tokens, cue)
            && tokens
                .get(cue + 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "was" | "is" | "are" | "were"))
            && tokens.get(cue + 2).is_some_and(|t| {
                t.lower.ends_with("ly")
                    || matches!(
                        t.lower.as_str(),
                        "motivated" | "linked" | "connected" | "related" | "an" | "a"
                    )
                    // "The protests are the largest youth-led mobilisation
                    // in a decade".
                    || (t.lower == "the"
                        && tokens.get(cue + 3).is_some_and(|n| {
                            n.lower.ends_with("est")
                                || matches!(
                                    n.lower.as_str(),
                                    "latest" | "worst" | "first" | "second" | "third"
                                )
                        }))
            })
    }
}

/// "The attack took place at around 8:30 p.m. on Sunday", "Friday's
/// shooting happened": the incident told, placed in time again.
fn retells_when(tokens: &[Token], cue: usize) -> bool {
    definite_at(tokens, cue)
        && match tokens.get(cue + 1).map(|t| t.lower.as_str()) {
            Some("took") => tokens.get(cue + 2).is_some_and(|t| t.lower == "place"),
            Some(w) => matches!(w, "happened" | "occurred" | "unfolded"),
            None => false,
        }
}

/// "the attack", "Friday's attack": a cue at `cue` with a definite article
/// or a weekday's possessive before it.
fn definite_at(tokens: &[Token], cue: usize) -> bool {
    cue >= 1
        && (tokens[cue - 1].lower == "the"
            || (cue >= 3
                && possessive_at(tokens, cue - 2)
                && dates::weekday_named(&tokens[cue - 3].lower).is_some()))
}

/// "Groups of masked young men began hurling Molotov cocktails at the
/// building": a clause that tells how the protest told before turned.
fn crowd_turned(tokens: &[Token], state: &State, paragraph: usize) -> bool {
    state
        .last_recent(paragraph)
        .is_some_and(|e| e.event_type == EventType::Protests)
        && cues::crowd_violence(tokens)
}

/// "Police moved in after about an hour, dispersing the crowd": a clause
/// that tells how the protest told before was met.
fn police_moved_in(tokens: &[Token], state: &State, paragraph: usize) -> bool {
    state
        .last_recent(paragraph)
        .is_some_and(|e| e.sub_event_type == SubEventType::PeacefulProtest)
        && cues::police_intervened(tokens)
}

/// "The devices struck the base early on Sunday": a clause that tells of
/// the impact of what the sentence before called an attack, and may date
/// it.
fn tells_of_impact(tokens: &[Token]) -> bool {
    tokens.iter().any(|t| {
        generic::is_strike_verb(&t.text)
            || matches!(
                t.lower.as_str(),
                "hit" | "hitting" | "exploded" | "detonated"
            )
    })
}

/// Whether `text` is a live blog with its newest update first: at least
/// three lines that are only a time ("Sat 08:15", "22:30 EAT"), mostly
/// each earlier than the one before.
fn newest_first(text: &str) -> bool {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let stamp = |line: &str| -> Option<u32> {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() || words.len() > 3 {
            return None;
        }
        let (day, time) = match DAYS
            .iter()
            .position(|d| words[0].to_lowercase().starts_with(d))
        {
            Some(d) => (d as u32, *words.get(1)?),
            None => (0, words[0]),
        };
        let (h, m) = time.split_once(':')?;
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 && m.to_string().len() <= 2).then_some(day * 1440 + h * 60 + m)
    };
    let stamps: Vec<u32> = text.lines().filter_map(|l| stamp(l.trim())).collect();
    let falling = stamps.windows(2).filter(|w| w[1] < w[0]).count();
    stamps.len() >= 3 && falling * 2 > stamps.len() - 1
}

/// Whether `date` is at most two years before `published`: news, not the
/// background a report recalls.
fn recent(date: DateValue, published: NaiveDate) -> bool {
    match date {
        DateValue::Year(y) => published.year() - y < 2,
        DateValue::Month(y, m) => {
            (published.year() - y) * 12 + published.month() as i32 - m as i32 <= 24
        }
        DateValue::Day(d) => (published - d).num_days() <= 731,
    }
}

/// "Hours later", "minutes later", "later that day", "the same day": the
/// sentence's incident falls on the day of the one told before it.
fn same_day_as_before(tokens: &[Token]) -> bool {
    tokens.windows(2).any(|w| {
        matches!(
            (w[0].lower.as_str(), w[1].lower.as_str()),
            ("hours" | "minutes" | "moments", "later") | ("same", "day")
        )
    }) || tokens
        .windows(3)
        .any(|w| w[0].lower == "later" && w[1].lower == "that" && w[2].lower == "day")
}

/// A demonstration a later sentence shows turning violent ("groups of
/// protesters smashed shop windows") is a riot, its crowd rioters.
fn turn_to_riot(event: &mut ExtractedEvent, tokens: &[Token]) {
    let protesters = generic::crowd(event.sub_event_type, event.location.country.as_deref());
    event.sub_event_type = SubEventType::ViolentDemonstration;
    event.event_type = EventType::Riots;
    let rioters = generic::crowd(event.sub_event_type, event.location.country.as_deref());
    for a in &mut event.actors {
        if Some(&a.name) == protesters.as_ref()
            && let Some(name) = &rioters
        {
            a.name = name.clone();
        }
    }
    if let (Some(first), Some(last)) = (tokens.first(), tokens.last()) {
        event.evidence.push(Evidence {
            field: "event_type",
            start: first.start,
            end: last.end,
        });
    }
}

/// The actors ACLED names by kind: the crowd of a protest or riot (which
/// is the actor 1 of such events, whoever else is named), else the state
/// force the sentence blames or names as the actor when the registry named
/// none.
fn add_generic_actors(
    event: &mut ExtractedEvent,
    tokens: &[Token],
    cue: usize,
    crowd_home: Option<&str>,
) {
    let country = event.location.country.clone();
    if let Some(crowd) = generic::crowd(event.sub_event_type, crowd_home.or(country.as_deref())) {
        for a in &mut event.actors {
            if a.role == ActorRole::Perpetrator {
                a.role = ActorRole::Other;
            }
        }
        event.actors.insert(0, EventActor::perpetrator(crowd));
        return;
    }
    // A foiled plot's perpetrator is the plotter, not the police.
    if event.status != Status::Occurred
        || event
            .actors
            .iter()
            .any(|a| a.role == ActorRole::Perpetrator)
    {
        return;
    }
    let found = claimed_state_force(tokens, find_claim(tokens), country.as_deref())
        .or_else(|| generic::state_force(tokens, cue, country.as_deref()))
        .or_else(|| generic::striking_state(tokens, cue))
        .or_else(|| named_organisation(tokens, cue));
    if let Some(found) = found {
        push_perpetrator(event, tokens, found);
    }
}

/// Adds the actor named by tokens `first..last` as the perpetrator.
fn push_perpetrator(
    event: &mut ExtractedEvent,
    tokens: &[Token],
    (name, first, last): (String, usize, usize),
) {
    event.actors.push(EventActor {
        name,
        role: ActorRole::Perpetrator,
        claimed: false,
    });
    event.evidence.push(Evidence {
        field: "actors",
        start: tokens[first].start,
        end: tokens[last - 1].end,
    });
}

/// Words that name a kind of division after a place name ("Monywa district").
const DIVISION_WORDS: &[&str] = &[
    "region",
    "province",
    "state",
    "district",
    "county",
    "township",
    "municipality",
    "governorate",
    "oblast",
    "department",
    "prefecture",
    "territory",
    "sub",
    "-",
    "lga",
    "city",
    "town",
    "village",
];

/// Whether two spellings name the same region: equal once normalised, or
/// one the start of the other ("Shan" and "Shan State", "Sumy" and "Sumy
/// Oblast").
fn same_region_name(a: &str, b: &str) -> bool {
    let (a, b) = (
        sitrep_geo::gazetteer::normalise(a),
        sitrep_geo::gazetteer::normalise(b),
    );
    a == b || a.starts_with(&b) || b.starts_with(&a)
}

/// Whether the gazetteer entry chosen for the words at `chosen` bears
/// another name than those words (found by one of its alternate names:
/// "Khar" for Haar), diacritics and case aside.
fn by_other_spelling(tokens: &[Token], chosen: &Chosen) -> bool {
    let norm = sitrep_geo::gazetteer::normalise;
    let surface: Vec<&str> = tokens
        .iter()
        .filter(|t| t.start >= chosen.start && t.end <= chosen.end && t.is_word())
        .map(|t| t.text.as_str())
        .collect();
    // ("the Djiboutian capital": a capital the words name, no spelling.)
    !surface.is_empty()
        && !surface.iter().any(|w| w.eq_ignore_ascii_case("capital"))
        && norm(&surface.join(" ")) != norm(&chosen.place.name)
}

/// Nouns after a name that make it the name of a thing, not of where an
/// incident happened ("Carnot middle school", "the Mercedes plant").
const NAMED_THINGS: &[&str] = &[
    "middle",
    "station",
    "airport",
    "house",
    "squares",
    "school",
    "plant",
    "factory",
    "brigade",
    "brigades",
    "war",
    "neighborhood",
    "neighbourhood",
    "gate",
    "company",
    "church",
    "cathedral",
    "mosque",
    "temple",
    "hospital",
    "hotel",
    "stadium",
    "university",
    "college",
    "catholic",
    "square",
    "aqueduct",
    "palace",
    "tomb",
    "shrine",
    "basilica",
    "fortress",
    "monastery",
];

/// A small place found by one of its alternate names while a town at least
/// ten times its size (`largest_exact`) bears the name itself ("Kaluga": the
/// city of 340,000, and Kaluha, a Ukrainian village of 900 GeoNames also
/// spells so). Votes of the text's other places ("… invasion of Ukraine")
/// must not move the name to it.
fn variant_hamlet(c: &sitrep_geoparse::resolve::Cand, largest_exact: u64) -> bool {
    c.kind == MentionKind::Place && !c.exact && largest_exact >= 10 * c.population.max(1_000)
}

/// The names right after a place that qualify it: those in the brackets
/// that follow ("(Irumu, Ituri)"), or up to two after commas ("Sumy,
/// Ukraine"), each a run of capitalised words without division words.
fn qualifier_names(tokens: &[Token], at: usize) -> Vec<String> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let run = |mut i: usize| -> (String, usize) {
        let mut words: Vec<&str> = Vec::new();
        while let Some(t) = tokens.get(i) {
            let joiner = t.text == "-" && tokens.get(i + 1).is_some_and(Token::is_capitalised);
            if !(t.is_capitalised()
                || joiner
                || (t.is_word()
                    && !words.is_empty()
                    && matches!(
                        t.lower.as_str(),
                        "de" | "del" | "al" | "el" | "ash" | "as" | "ad"
                    )))
            {
                break;
            }
            words.push(&t.text);
            i += 1;
        }
        while words
            .last()
            .is_some_and(|w| DIVISION_WORDS.contains(&w.to_lowercase().as_str()))
        {
            words.pop();
        }
        let mut name = String::new();
        for w in words {
            if !name.is_empty() && w != "-" && !name.ends_with('-') {
                name.push(' ');
            }
            name.push_str(w);
        }
        // Skip the division words after the run ("Sagaing region").
        while tokens
            .get(i)
            .is_some_and(|t| DIVISION_WORDS.contains(&t.lower.as_str()))
        {
            i += 1;
        }
        (name, i)
    };
    let mut out = Vec::new();
    match lower(at) {
        "(" => {
            let mut i = at + 1;
            while i < tokens.len() && out.len() < 4 {
                let (name, next) = run(i);
                if !name.is_empty() {
                    out.push(name);
                }
                i = next;
                match lower(i) {
                    "," => i += 1,
                    _ => break,
                }
            }
        }
        "," => {
            let mut i = at + 1;
            while out.len() < 2 {
                // "BOGOTA, Aug 22 -": a dateline's date, not a region.
                if tokens
                    .get(i)
                    .is_some_and(|t| sitrep_geoparse::lexicon::is_month(&t.text))
                {
                    break;
                }
                let (name, next) = run(i);
                if name.is_empty() {
                    break;
                }
                out.push(name);
                if lower(next) != "," {
                    break;
                }
                i = next + 1;
            }
        }
        _ => {}
    }
    out
}

fn place_of_cand(c: sitrep_geoparse::resolve::Cand) -> Place {
    Place {
        name: c.name,
        admin1: c.admin1,
        country: c.country,
        lat: c.lat,
        lon: c.lon,
        precision: match c.kind {
            MentionKind::Place => LocationPrecision::City,
            MentionKind::Admin2 => LocationPrecision::Admin2,
            MentionKind::Admin1 => LocationPrecision::Admin1,
            MentionKind::Country | MentionKind::Region => LocationPrecision::Country,
        },
        gazetteer_id: c.id,
    }
}

/// What speaks for a group rather than acts: its papers, broadcasts and
/// spokesmen.
const SPEECH_NOUNS: &[&str] = &[
    "document",
    "documents",
    "communique",
    "communiques",
    "communiqué",
    "statement",
    "statements",
    "report",
    "reports",
    "radio",
    "station",
    "broadcast",
    "letter",
    "letters",
    "spokesman",
    "spokesmen",
    "spokeswoman",
    "spokesperson",
    "proposal",
    "mouthpiece",
    "newspaper",
    "website",
    "negotiators",
    "delegation",
];

/// "the FMLN communique on the incidents", "a spokesman of the URNG": the
/// actor spanning `first..last` only names whose paper or voice the
/// sentence quotes, so the verb is not its deed.
fn speaks_for(tokens: &[Token], first: usize, last: usize) -> bool {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    if SPEECH_NOUNS.contains(&lower(last)) {
        return true;
    }
    let mut k = first;
    if k > 0 && matches!(lower(k - 1), "the" | "a" | "an") {
        k -= 1;
    }
    k >= 2 && matches!(lower(k - 1), "of" | "for") && SPEECH_NOUNS.contains(&lower(k - 2))
}

/// "the Syrian Democratic Forces say a Turkish drone struck one of their
/// vehicles": the actor ending at `last` tells of the incident at `cue`
/// after it — unless of its own deed ("Islamic State said … that one of its
/// soldiers had carried out the attack").
fn tells_of(tokens: &[Token], last: usize, cue: usize) -> bool {
    last < cue
        && matches!(
            tokens[last].lower.as_str(),
            "say" | "says" | "said" | "told" | "stated"
        )
        && !tokens[last..cue]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "its" | "their" | "our" | "it" | "they"))
}

/// "US soldiers were attacked", "the rebels have been repelled by the
/// army": the actor ending at `last` is the subject of a passive verb
/// before or at the cue, so it suffered the incident ("were killed" only
/// counts the dead, on either side). A comma or a
/// relative or time word ends the subject's clause first ("ISKP, which was
/// founded in 2015, attacked …"), and past a comma only the cue itself
/// counts as the verb; "was believed to" reports, it is no passive of the
/// incident.
fn passive_subject(tokens: &[Token], last: usize, cue: usize) -> bool {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let mut comma = false;
    for j in last..=cue.min(last + 12) {
        match lower(j) {
            ";" | "which" | "who" | "that" | "when" | "after" | "while" => return false,
            "," => comma = true,
            // Past a comma only the incident's own verb: "a leader of the
            // Contras, was gunned down".
            "was" | "were" | "been" | "being" | "is" | "are" if comma && j + 1 != cue => {}
            "was" | "were" | "been" | "being" | "is" | "are" => {
                let verb = lower(j + 1);
                // A toll ("two rebels were killed") leaves the side of a
                // clash an actor of it: only verbs of being attacked count.
                let participle = (verb.ends_with("ed")
                    || matches!(verb, "hit" | "struck" | "beaten" | "taken" | "caught"))
                    && !matches!(
                        verb,
                        "killed"
                            | "wounded"
                            | "injured"
                            | "believed"
                            | "reported"
                            | "said"
                            | "thought"
                            | "suspected"
                            | "alleged"
                            | "accused"
                            | "blamed"
                            | "expected"
                            | "involved"
                            | "based"
                            | "linked"
                            | "backed"
                            | "armed"
                            | "called"
                            | "named"
                            | "led"
                    );
                if participle {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The state force a blame names: "blames officers of the armed forces
/// for", "blamed the army" (within eight words after the word), or "hold
/// the government and the army responsible for" (before it). Returns what
/// [`generic::state_force`] returns, the span within `tokens`.
fn claimed_state_force(
    tokens: &[Token],
    claim: Option<(Claim, usize, usize)>,
    country: Option<&str>,
) -> Option<(String, usize, usize)> {
    match claim? {
        (Claim::Responsible, s, _) => {
            let from = s.saturating_sub(10);
            let before = tokens.get(from..s)?;
            generic::state_force(before, before.len(), country)
                .map(|(name, a, b)| (name, a + from, b + from))
        }
        // "The Kyrgyz defence ministry confirmed that its forces had
        // carried out …", "A US defence official said American forces
        // carried out the strike".
        (Claim::Claimed, s, e) => generic::own_forces(tokens, s, e).or_else(|| {
            let between = tokens.get(s + 1..e)?;
            generic::state_force(between, between.len(), None)
                .map(|(name, a, b)| (name, a + s + 1, b + s + 1))
        }),
        // "Lebanese officials and Hamas blamed Israel".
        (Claim::Blamed, _, e) => {
            let end = (e + 8).min(tokens.len());
            let after = tokens.get(e..end)?;
            generic::state_force(after, after.len(), country)
                .map(|(name, a, b)| (name, a + e, b + e))
                .or_else(|| generic::named_state(tokens, e))
        }
        _ => None,
    }
}

/// "The governor blamed separatist fighters": the country's one separatist
/// group the registry knows ("Ambazonian Separatists" in Cameroon), named
/// by its kind. Returns (name, first, end) of the words blamed.
fn blamed_separatists(
    registry: &Registry,
    tokens: &[Token],
    claim: Option<(Claim, usize, usize)>,
    country: Option<&str>,
) -> Option<(String, usize, usize)> {
    let (Claim::Blamed, _, e) = claim? else {
        return None;
    };
    let at = (e..(e + 4).min(tokens.len()))
        .find(|&i| matches!(tokens[i].lower.as_str(), "separatist" | "separatists"))?;
    let mut groups = (0..registry.len())
        .filter_map(|i| registry.get(i))
        .filter(|a| a.kind == "rebel" && a.country.as_deref() == country)
        .filter(|a| {
            std::iter::once(&a.name)
                .chain(&a.aliases)
                .any(|n| n.to_lowercase().contains("separatist"))
        });
    match (groups.next(), groups.next()) {
        (Some(group), None) => Some((group.name.clone(), at, at + 1)),
        _ => None,
    }
}

/// Whether the claim word at `at` speaks of responsibility or credit
/// ("claimed responsibility", "were responsible for", "claimed credit"),
/// not a bare "claims that".
fn claims_responsibility(tokens: &[Token], at: usize) -> bool {
    tokens.iter().skip(at).take(3).any(|t| {
        matches!(
            t.lower.as_str(),
            "responsibility" | "responsible" | "credit"
        )
    })
}

/// Whether an incident of this kind is done by someone to someone: fighting,
/// explosions, violence against civilians, riots, looting and arson.
fn has_perpetrator(sub: SubEventType) -> bool {
    matches!(
        sub.event_type(),
        EventType::Battles
            | EventType::ExplosionsRemoteViolence
            | EventType::ViolenceAgainstCivilians
            | EventType::Riots
    ) || sub == SubEventType::LootingPropertyDestruction
}

/// "U.S. State Department", "US President": a registry hit that spells
/// only a country ("US", "U.S." for the US military) qualifies the name
/// after it, which names no armed force, so it is not that actor ("the US
/// struck" still is).
fn country_as_modifier(tokens: &[Token], hit: &actors::ActorHit) -> bool {
    let letters: String = tokens[hit.first..hit.last]
        .iter()
        .flat_map(|t| t.text.chars())
        .filter(|c| c.is_alphabetic())
        .collect();
    sitrep_geo::countries::country_code(&letters).is_some()
        && tokens
            .get(hit.last)
            .is_some_and(|t| t.is_capitalised() && !generic::is_force_word(&t.lower))
}

/// "an attack on the FMLN", "fighting against ISKP": the actor at `first`
/// follows a word that marks a target, within three tokens. "At 0640 an
/// FMLN unit attacked" and "on 12 May ISKP bombed" name a time, not a
/// target: a number between the word and the actor rules it out.
fn target_after(tokens: &[Token], first: usize) -> bool {
    (first.saturating_sub(3)..first)
        .rev()
        .find(|&j| {
            matches!(
                tokens[j].lower.as_str(),
                "against" | "targeting" | "on" | "at"
            )
        })
        .is_some_and(|j| {
            // "on 3 May", "on Wednesday when Maoist rebels …": a time, and
            // a clause of its own.
            !tokens[j + 1..first].iter().any(|t| {
                t.text.chars().any(|c| c.is_ascii_digit())
                    || matches!(t.lower.as_str(), "when" | "after" | "as" | "while")
            })
        })
}

/// Whether the actor at token `first` opens a clause after the cue at
/// `cue` that tells how the incident came about: "… were killed when
/// Maoist rebels blew up their van", "… died after the army shelled".
fn subject_of_how(tokens: &[Token], cue: usize, first: usize) -> bool {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    // Past "about 30 members of the": who, of the group, did it.
    let mut k = first;
    while k > cue + 1
        && first - k < 7
        && (tokens[k - 1].digits().is_some()
            || matches!(
                lower(k - 1),
                "the"
                    | "a"
                    | "an"
                    | "about"
                    | "some"
                    | "around"
                    | "nearly"
                    | "dozens"
                    | "hundreds"
                    | "members"
                    | "fighters"
                    | "militants"
                    | "gunmen"
                    | "suspected"
                    | "of"
            ))
    {
        k -= 1;
    }
    k > cue + 1 && matches!(lower(k - 1), "when" | "after" | "as")
}

/// "kidnapped by guerrillas of the ELN", "shot by a group of terrorists
/// from the FAL": the "by" of a passive whose agent is members of the actor
/// at `first`. Between them only words, the last "of" or "from" (and
/// "the"); no other preposition, conjunction or punctuation.
fn agent_member_by(tokens: &[Token], first: usize) -> Option<usize> {
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let mut k = first;
    // "of the so-called Islamic State in the Greater Sahara".
    if k >= 3 && matches!(lower(k - 3), "so" | "self") && lower(k - 2) == "-" {
        k -= 3;
    }
    if k > 0 && matches!(lower(k - 1), "the" | "a" | "an") {
        k -= 1;
    }
    if k == 0 || !matches!(lower(k - 1), "of" | "from") {
        return None;
    }
    (k.saturating_sub(9)..k - 1).rev().find(|&j| {
        lower(j) == "by"
            && tokens[j + 1..k - 1].iter().all(|t| {
                (t.is_word() || t.text == "-")
                    && !matches!(
                        t.lower.as_str(),
                        "in" | "at"
                            | "on"
                            | "during"
                            | "with"
                            | "for"
                            | "to"
                            | "and"
                            | "or"
                            | "after"
                            | "near"
                            | "against"
                            | "into"
                            | "by"
                            | "who"
                            | "which"
                    )
            })
    })
}

/// "killed by ISKP", "claimed by the group": the actor at `first` is the
/// agent of a passive; "used by the US-led coalition" is not an agent.
fn agent_by(tokens: &[Token], first: usize) -> bool {
    let at = (first.saturating_sub(2)..first)
        .rev()
        .find(|&j| tokens[j].lower == "by")
        .or_else(|| agent_member_by(tokens, first));
    at.is_some_and(|j| {
        j == 0
            || !matches!(
                tokens[j - 1].lower.as_str(),
                "used"
                    | "led"
                    | "backed"
                    | "supported"
                    | "owned"
                    | "operated"
                    | "run"
                    | "hosted"
                    | "funded"
                    | "organised"
                    | "organized"
                    | "called"
                    | "followed"
                    | "held"
                    | "controlled"
                    | "governed"
                    | "founded"
                    | "formed"
                    // "the offensive by the FMLN": the campaign's agent,
                    // not the incident's.
                    | "offensive"
                    | "campaign"
            ) && !generic::attackers_fate(tokens, j)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Token> {
        let chars: Vec<char> = text.chars().collect();
        tokens::tokenize(&chars, 0, chars.len())
    }

    fn at(tokens: &[Token], word: &str) -> usize {
        tokens
            .iter()
            .position(|t| t.text == word)
            .unwrap_or(usize::MAX)
    }

    fn cand(name: &str, population: u64, exact: bool) -> sitrep_geoparse::resolve::Cand {
        sitrep_geoparse::resolve::Cand {
            kind: MentionKind::Place,
            id: format!("gn:{name}"),
            name: name.to_owned(),
            country: None,
            admin1: None,
            lat: 0.0,
            lon: 0.0,
            population,
            exact,
        }
    }

    #[test]
    fn a_country_named_whole_or_in_part() {
        let part = |text: &str| {
            let chars: Vec<char> = text.chars().collect();
            names_part_of_country(&chars, text.rfind("Gabon").unwrap_or(0))
        };
        assert!(part("Gunmen struck in northern Gabon"));
        assert!(part("Protests spread across Gabon"));
        assert!(!part("Police in Gabon"));
    }

    #[test]
    fn a_hamlet_of_another_spelling_is_no_rival_of_a_city() {
        assert!(variant_hamlet(&cand("Kaluha", 949, false), 340_851));
        // Found by its own name, or as large as a tenth of the city: kept.
        assert!(!variant_hamlet(&cand("Kaluga", 949, true), 340_851));
        assert!(!variant_hamlet(&cand("Baneh", 104_799, false), 611));
    }

    #[test]
    fn a_place_found_by_an_alternate_name_is_read_by_another_spelling() {
        let t = words("Clashes broke out in Khar tehsil.");
        let khar = &t[at(&t, "Khar")];
        let chosen = |name: &str| Chosen {
            place: Place {
                name: name.to_owned(),
                admin1: None,
                country: None,
                lat: 0.0,
                lon: 0.0,
                precision: LocationPrecision::City,
                gazetteer_id: String::new(),
            },
            start: khar.start,
            end: khar.end,
        };
        assert!(by_other_spelling(&t, &chosen("Haar")));
        assert!(!by_other_spelling(&t, &chosen("Khār")));
    }

    #[test]
    fn a_capital_that_judges_is_its_government() {
        let tokens = words("a Yazidi force Ankara considers an affiliate of the PKK");
        assert!(speaks_as_government(&tokens, at(&tokens, "Ankara") + 1));
        let tokens = words("a drone hit a vehicle near Sinjar on Tuesday");
        assert!(!speaks_as_government(&tokens, at(&tokens, "Sinjar") + 1));
    }

    #[test]
    fn a_time_before_the_actor_is_no_target() {
        let t = words("AT 0515 A FRONT UNIT ATTACKED THE BARRACKS.");
        assert!(!target_after(&t, at(&t, "FRONT")));
        let t = words("The rebels launched an attack on the Front near the river.");
        assert!(target_after(&t, at(&t, "Front")));
    }

    #[test]
    fn a_country_before_a_title_is_no_force() {
        let t = words("The U.S. Embassy condemned the bombing.");
        let hit = actors::ActorHit {
            first: 1,
            last: at(&t, "Embassy"),
            actor: 0,
        };
        assert!(country_as_modifier(&t, &hit));
        let t = words("U.S. troops fired on the convoy.");
        let hit = actors::ActorHit {
            first: 0,
            last: at(&t, "troops"),
            actor: 0,
        };
        assert!(!country_as_modifier(&t, &hit));
    }

    #[test]
    fn the_subject_of_a_passive_attack_suffered_it() {
        let t = words("THE FRONT PATROL WAS AMBUSHED NEAR THE BRIDGE.");
        assert!(passive_subject(&t, at(&t, "PATROL"), at(&t, "AMBUSHED")));
        let t = words("A leader of the Front, was gunned down at his home.");
        assert!(passive_subject(&t, at(&t, ","), at(&t, "gunned")));
        // A relative clause, a toll or a report is no passive of the deed.
        let t = words("The Front, which was founded in 1980, attacked the post.");
        assert!(!passive_subject(&t, 2, at(&t, "attacked")));
        let t = words("Two Front fighters were killed in the clash.");
        assert!(!passive_subject(&t, 2, at(&t, "clash")));
        let t = words("The Front was believed to have attacked the post.");
        assert!(!passive_subject(&t, 2, at(&t, "attacked")));
    }

    #[test]
    fn papers_and_spokesmen_speak_for_a_group() {
        let t = words("THE FRONT COMMUNIQUE DESCRIBED THE AMBUSH.");
        assert!(speaks_for(&t, 1, 2));
        let t = words("A spokesman for the Front said the ambush failed.");
        assert!(speaks_for(&t, 4, 5));
        let t = words("Front fighters ambushed a patrol.");
        assert!(!speaks_for(&t, 0, 1));
    }

    #[test]
    fn members_of_a_group_after_by_are_its_agents() {
        let t = words("TWO ENGINEERS WERE KIDNAPPED BY REBELS OF THE FRONT ON MONDAY.");
        assert!(agent_by(&t, at(&t, "FRONT")));
        let t = words("Two engineers were kidnapped by a cell of the Front.");
        assert!(agent_by(&t, at(&t, "Front")));
        let t = words(
            "A unit was attacked by several hundred armed terrorists of the so-called Front.",
        );
        assert!(agent_by(&t, at(&t, "Front")));
        // "by" governs another phrase: "in" comes between.
        let t = words("He was hit by a car in an area of the Front.");
        assert!(!agent_by(&t, at(&t, "Front")));
        // The agent of a campaign, not of the incident.
        let t = words("Homes were bombed during the offensive by the Front.");
        assert!(!agent_by(&t, at(&t, "Front")));
    }

    #[test]
    fn responsibility_is_held_claimed_or_denied() {
        let t = words("The minister holds the Front responsible for the bombing.");
        assert!(matches!(
            find_claim(&t),
            Some((Claim::Responsible, s, _)) if s == at(&t, "responsible")
        ));
        assert!(claims_responsibility(&t, at(&t, "responsible")));
        let t = words("No group has claimed responsibility for the blast.");
        assert!(find_claim(&t).is_none());
        let t = words("The Front denied in a call to a radio station any responsibility.");
        assert!(find_claim(&t).is_none());
        let t = words("The Front claims that the army shelled the town.");
        assert!(!claims_responsibility(&t, at(&t, "claims")));
    }

    #[test]
    fn a_blame_names_the_state_force() {
        let t = words("A LETTER BLAMES OFFICERS OF THE ARMED FORCES FOR THE MURDER.");
        let claim = find_claim(&t);
        assert_eq!(
            claimed_state_force(&t, claim, Some("SV")).map(|f| f.0),
            Some("Military Forces of El Salvador".to_owned())
        );
        let t = words("WE HOLD THE ARMY RESPONSIBLE FOR THE ATTACK.");
        assert_eq!(
            claimed_state_force(&t, find_claim(&t), Some("GT")).map(|f| f.0),
            Some("Military Forces of Guatemala".to_owned())
        );
    }

    #[test]
    fn the_main_country_counts_names_and_demonyms() {
        let text = "SALVADORAN TROOPS ENTERED THE TOWN. THE SALVADORAN PRESIDENT \
                    SPOKE IN EL SALVADOR, AND A GUEST FROM MEXICO LEFT.";
        assert_eq!(Extractor::main_country(text).as_deref(), Some("SV"));
        assert_eq!(Extractor::main_country("IN AND CAN ARE NO COUNTRIES"), None);
    }

    #[test]
    fn only_violence_has_a_perpetrator() {
        assert!(has_perpetrator(SubEventType::Attack));
        assert!(has_perpetrator(SubEventType::LootingPropertyDestruction));
        assert!(!has_perpetrator(SubEventType::Agreement));
        assert!(!has_perpetrator(SubEventType::PeacefulProtest));
    }
}
