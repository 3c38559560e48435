//! Dates in text, resolved against the publication date: absolute ("22 March
//! 2024", "2024-03-22", "March 22, 2024"), partial ("22 March", "in January",
//! "on Friday", "early on Sunday, 31 July" — the year is the latest one that
//! puts the date on or before publication and, with a weekday, on that
//! weekday), relative ("yesterday", "last year") and vague spans ("over the
//! past two years", "since 2021") that resolve to nothing rather than a guess.
//! Spans between two years ("between 2014 and 2017") are marked historical.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::tokens::Token;

/// A resolved date at its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
}

impl DateValue {
    /// Whether the whole span lies after `day`: a time still to come.
    pub fn after(self, day: NaiveDate) -> bool {
        match self {
            DateValue::Day(d) => d > day,
            DateValue::Month(y, m) => (y, m) > (day.year(), day.month()),
            DateValue::Year(y) => y > day.year(),
        }
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn render(self) -> String {
        match self {
            DateValue::Day(d) => d.format("%Y-%m-%d").to_string(),
            DateValue::Month(y, m) => format!("{y:04}-{m:02}"),
            DateValue::Year(y) => format!("{y:04}"),
        }
    }

    /// Whether the whole span lies before `other`'s ("in 2024" before
    /// 21 April 2026; not March 2026 before 2026, which contains it).
    pub fn before(self, other: DateValue) -> bool {
        !self.compatible(other) && self.render() < other.render()
    }

    /// Whether two dates may be the same day (one contains the other).
    pub fn compatible(self, other: DateValue) -> bool {
        let a = self.render();
        let b = other.render();
        a.starts_with(&b) || b.starts_with(&a)
    }
}

/// What a date expression said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// A date (None when it cannot be resolved, e.g. "22 March" without a
    /// publication date).
    Date(Option<DateValue>),
    /// A vague span: the date is unknown.
    Vague,
    /// A span between two years: a historical or generic statement.
    Historical,
}

/// One date expression: token indexes (end exclusive) and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateHit {
    pub first: usize,
    pub last: usize,
    pub kind: DateKind,
}

fn month(token: &Token) -> Option<u32> {
    // Month names are capitalised: "march" and "may" are verbs.
    if !token.is_capitalised() {
        return None;
    }
    month_number(&token.lower)
}

/// The month a lower-cased month name or abbreviation names.
pub(crate) fn month_number(lower: &str) -> Option<u32> {
    let m = match lower {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        // "may" the verb is lowercase.
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// The day a live blog's entry stamp ("Sat 08:15", "Saturday 01:40",
/// "21:15") names: the first such weekday from `published` on, or the day
/// of publication itself; the day its relative dates ("last night") count
/// from and its undated incidents happened.
pub fn entry_day(tokens: &[Token], published: NaiveDate) -> Option<NaiveDate> {
    let clock = |hour: &Token, colon: &Token, minute: &Token| {
        colon.text == ":" && hour.digits().is_some_and(|h| h < 24) && minute.digits().is_some()
    };
    if let [hour, colon, minute] = tokens {
        return clock(hour, colon, minute).then_some(published);
    }
    let [day, hour, colon, minute] = tokens else {
        return None;
    };
    let short = |w: &str| {
        [
            ("mon", Weekday::Mon),
            ("tue", Weekday::Tue),
            ("wed", Weekday::Wed),
            ("thu", Weekday::Thu),
            ("fri", Weekday::Fri),
            ("sat", Weekday::Sat),
            ("sun", Weekday::Sun),
        ]
        .into_iter()
        .find_map(|(name, d)| (name == w).then_some(d))
    };
    let weekday = weekday(day).or_else(|| short(&day.lower))?;
    if !clock(hour, colon, minute) {
        return None;
    }
    published
        .iter_days()
        .take(7)
        .find(|d| d.weekday() == weekday)
}

fn weekday(token: &Token) -> Option<Weekday> {
    weekday_named(&token.lower)
}

/// The weekday a lower-cased weekday name names.
pub(crate) fn weekday_named(lower: &str) -> Option<Weekday> {
    let d = match lower {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    };
    Some(d)
}

fn year(token: &Token) -> Option<i32> {
    if token.text.len() != 4 {
        return None;
    }
    let y = token.digits()?;
    (1900..=2100).contains(&y).then_some(y as i32)
}

fn day_of_month(token: &Token) -> Option<u32> {
    token.digits().filter(|d| (1..=31).contains(d))
}

fn number_word(word: &str) -> bool {
    matches!(
        word,
        "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "few"
            | "several"
    ) || word.chars().all(|c| c.is_ascii_digit())
}

/// The day `day` of `month`, in the latest year that puts it on or before
/// `published` (and on `weekday` when given, looking back up to 11 years).
fn infer_day(
    published: NaiveDate,
    month: u32,
    day: u32,
    weekday: Option<Weekday>,
) -> Option<NaiveDate> {
    let mut fallback = None;
    for back in 0..12 {
        let Some(date) = NaiveDate::from_ymd_opt(published.year() - back, month, day) else {
            continue;
        };
        if date > published {
            continue;
        }
        match weekday {
            Some(w) if date.weekday() != w => fallback = fallback.or(Some(date)),
            _ => return Some(date),
        }
    }
    fallback
}

fn infer_month(published: NaiveDate, month: u32) -> (i32, u32) {
    if month <= published.month() {
        (published.year(), month)
    } else {
        (published.year() - 1, month)
    }
}

/// Every date expression in `tokens`, left to right.
pub fn find_dates(tokens: &[Token], published: Option<NaiveDate>) -> Vec<DateHit> {
    let mut hits = Vec::new();
    let lower = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let hit = |last: usize, value: Option<DateValue>| DateHit {
            first: i,
            last,
            kind: DateKind::Date(value),
        };
        // 2024-03-22
        if let (Some(y), "-", Some(m), "-", Some(d)) = (
            year(t),
            lower(i + 1),
            tokens.get(i + 2).and_then(Token::digits),
            lower(i + 3),
            tokens.get(i + 4).and_then(Token::digits),
        ) && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
        {
            hits.push(hit(i + 5, Some(DateValue::Day(date))));
            i += 5;
            continue;
        }
        if i > 0
            && matches!(lower(i - 1), "since" | "until")
            && (month(t).is_some() || weekday(t).is_some() || day_month(tokens, i).is_some())
        {
            let last = match day_month(tokens, i) {
                Some((end, ..)) => end,
                None if tokens.get(i + 1).and_then(year).is_some() => i + 2,
                None => i + 1,
            };
            hits.push(DateHit {
                first: i - 1,
                last,
                kind: DateKind::Vague,
            });
            i = last;
            continue;
        }
        // "Bloody January", "Black September": a name, not a date (but
        // "Easter Monday" and "Good Friday" are days).
        if month(t).is_some()
            && i >= 2
            && tokens[i - 1].is_word()
            && tokens[i - 1].text.starts_with(char::is_uppercase)
            && month(&tokens[i - 1]).is_none()
            && weekday(&tokens[i - 1]).is_none()
            && tokens.get(i + 1).and_then(Token::digits).is_none()
        {
            i += 1;
            continue;
        }
        // Friday[,] 22 March [2024] / Friday alone
        if let Some(w) = weekday(t) {
            let mut j = i + 1;
            if lower(j) == "," {
                j += 1;
            }
            if let Some((last, m, d, y)) = day_month(tokens, j) {
                let value = resolve_day(published, m, d, y, Some(w));
                hits.push(hit(last, value));
                i = last;
                continue;
            }
            // "in the early hours of Thursday last week": that weekday of
            // the week before publication's.
            if lower(i + 1) == "last" && lower(i + 2) == "week" {
                let value = published.map(|p| {
                    DateValue::Day(
                        monday_of(p, 1) + Duration::days(i64::from(w.num_days_from_monday())),
                    )
                });
                hits.push(hit(i + 3, value));
                i += 3;
                continue;
            }
            // "a rally for next Saturday", "officials will brief parliament
            // on Wednesday": the one to come.
            let ahead = (i > 0 && matches!(lower(i - 1), "next" | "coming"))
                || tokens[i.saturating_sub(8)..i]
                    .iter()
                    .rev()
                    .take_while(|t| !matches!(t.text.as_str(), "." | ";" | ","))
                    .any(|t| matches!(t.lower.as_str(), "will" | "due" | "scheduled"));
            let value = published.map(|p| {
                if ahead {
                    let on =
                        (w.num_days_from_monday() + 7 - p.weekday().num_days_from_monday()) % 7;
                    return DateValue::Day(
                        p + Duration::days(i64::from(if on == 0 { 7 } else { on })),
                    );
                }
                let back = (p.weekday().num_days_from_monday() + 7 - w.num_days_from_monday()) % 7;
                DateValue::Day(p - Duration::days(i64::from(back)))
            });
            hits.push(hit(i + 1, value));
            i += 1;
            continue;
        }
        if let Some((last, m, d, y)) = day_month(tokens, i) {
            let value = resolve_day(published, m, d, y, None);
            hits.push(hit(last, value));
            i = last;
            continue;
        }
        if let Some(m) = month(t) {
            // "in June last year".
            if matches!(lower(i + 1), "last" | "this") && lower(i + 2) == "year" {
                let back = i32::from(lower(i + 1) == "last");
                hits.push(hit(
                    i + 3,
                    published.map(|p| DateValue::Month(p.year() - back, m)),
                ));
                i += 3;
                continue;
            }
            if let Some(y) = tokens.get(i + 1).and_then(year) {
                hits.push(hit(i + 2, Some(DateValue::Month(y, m))));
                i += 2;
                continue;
            }
            let value = published.map(|p| {
                let (y, m) = infer_month(p, m);
                DateValue::Month(y, m)
            });
            hits.push(hit(i + 1, value));
            i += 1;
            continue;
        }
        // "in the 1970s": a decade, history.
        if t.text.len() == 5
            && t.text.ends_with('s')
            && t.text[..4]
                .parse::<i32>()
                .is_ok_and(|y| (1900..2100).contains(&y) && y % 10 == 0)
        {
            hits.push(DateHit {
                first: i,
                last: i + 1,
                kind: DateKind::Historical,
            });
            i += 1;
            continue;
        }
        if let Some(y) = year(t) {
            let prev = if i > 0 { lower(i - 1) } else { "" };
            // "citizens born between 1996 and 2004", "born in 1999": when
            // people were born, not when anything happened.
            if (i.saturating_sub(4)..i).any(|j| lower(j) == "born") {
                i += 1;
                continue;
            }
            // "of 1935 Orchard St., Alexandria": a house number.
            let street = (i + 2..(i + 5).min(tokens.len())).any(|j| {
                matches!(
                    lower(j),
                    "st" | "street"
                        | "ave"
                        | "avenue"
                        | "road"
                        | "rd"
                        | "drive"
                        | "lane"
                        | "blvd"
                        | "boulevard"
                )
            }) && tokens.get(i + 1).is_some_and(Token::is_capitalised);
            if street {
                i += 1;
                continue;
            }
            if prev == "between"
                && lower(i + 1) == "and"
                && tokens.get(i + 2).and_then(year).is_some()
            {
                hits.push(DateHit {
                    first: i - 1,
                    last: i + 3,
                    kind: DateKind::Historical,
                });
                i += 3;
                continue;
            }
            if matches!(prev, "since" | "until" | "before") {
                hits.push(DateHit {
                    first: i - 1,
                    last: i + 1,
                    kind: DateKind::Vague,
                });
                i += 1;
                continue;
            }
            if matches!(
                prev,
                "in" | "during" | "of" | "early" | "late" | "mid" | "-" | ","
            ) {
                hits.push(hit(i + 1, Some(DateValue::Year(y))));
            }
            i += 1;
            continue;
        }
        match (t.lower.as_str(), lower(i + 1), lower(i + 2)) {
            ("yesterday", _, _) => {
                hits.push(hit(
                    i + 1,
                    published.map(|p| DateValue::Day(p - Duration::days(1))),
                ));
            }
            ("today", _, _) | ("tonight", _, _) => {
                hits.push(hit(i + 1, published.map(DateValue::Day)));
            }
            // "Twelve years ago", "two days ago", "a month ago".
            // ("a" counts one; a figure up to 200 or a number word, read as
            // tolls are read.)
            (n, unit, "ago")
                if matches!(n, "a" | "an")
                    || crate::casualties::number_at(tokens, i)
                        .is_some_and(|(v, end)| end == i + 1 && (1..=200).contains(&v)) =>
            {
                let n = crate::casualties::number_at(tokens, i).map_or(1, |(v, _)| v);
                let value = published.and_then(|p| match unit {
                    "day" | "days" => Some(DateValue::Day(p - Duration::days(i64::from(n)))),
                    "week" | "weeks" => {
                        let d = p - Duration::days(7 * i64::from(n));
                        Some(DateValue::Month(d.year(), d.month()))
                    }
                    "month" | "months" => {
                        let months = p.year() * 12 + p.month0() as i32 - n as i32;
                        Some(DateValue::Month(
                            months.div_euclid(12),
                            months.rem_euclid(12) as u32 + 1,
                        ))
                    }
                    "year" | "years" => Some(DateValue::Year(p.year() - n as i32)),
                    _ => None,
                });
                if matches!(
                    unit,
                    "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
                ) {
                    hits.push(hit(i + 3, value));
                    i += 3;
                    continue;
                }
            }
            ("last", "night", _) => {
                hits.push(hit(
                    i + 2,
                    published.map(|p| DateValue::Day(p - Duration::days(1))),
                ));
                i += 2;
                continue;
            }
            // "early this morning", "this afternoon": the day of publication.
            ("this", "morning" | "afternoon" | "evening", _) => {
                hits.push(hit(i + 2, published.map(DateValue::Day)));
                i += 2;
                continue;
            }
            ("last" | "this", "year", _) => {
                let back = i32::from(t.lower == "last");
                hits.push(hit(
                    i + 2,
                    published.map(|p| DateValue::Year(p.year() - back)),
                ));
                i += 2;
                continue;
            }
            // "Last week, armed men attacked …", "marched on Parliament this
            // week": the month of the week before publication, or of the
            // week's days up to it, when they lie in one ("over the last
            // week" is a span).
            // ("This week's headline": the issue's, not an incident's.)
            ("last" | "this", "week", _)
                if !matches!(
                    lower(i.wrapping_sub(1)),
                    "the" | "over" | "past" | "in" | "during" | "for" | "within"
                ) && !(t.lower == "this"
                    && (matches!(lower(i + 2), "'" | "’")
                        || lower(i.wrapping_sub(1)) == "later")) =>
            {
                let last = t.lower == "last";
                let value = published.and_then(|p| {
                    let monday = monday_of(p, i64::from(last));
                    let end = if last { monday + Duration::days(6) } else { p };
                    (monday.month() == end.month())
                        .then(|| DateValue::Month(monday.year(), monday.month()))
                });
                hits.push(match value {
                    Some(v) => hit(i + 2, Some(v)),
                    None => DateHit {
                        first: i,
                        last: i + 2,
                        kind: DateKind::Vague,
                    },
                });
                i += 2;
                continue;
            }
            // "Earlier this month, residents of Bayamo held a protest" ("later
            // this month" is to come: no date).
            ("this", "month", _) => {
                hits.push(if lower(i.wrapping_sub(1)) == "later" {
                    DateHit {
                        first: i,
                        last: i + 2,
                        kind: DateKind::Vague,
                    }
                } else {
                    hit(
                        i + 2,
                        published.map(|p| DateValue::Month(p.year(), p.month())),
                    )
                });
                i += 2;
                continue;
            }
            ("last", "month", _) => {
                let value = published.map(|p| {
                    if p.month() == 1 {
                        DateValue::Month(p.year() - 1, 12)
                    } else {
                        DateValue::Month(p.year(), p.month() - 1)
                    }
                });
                hits.push(hit(i + 2, value));
                i += 2;
                continue;
            }
            ("past" | "last", n, unit)
                if number_word(n)
                    && matches!(unit, "years" | "months" | "weeks" | "decades" | "days") =>
            {
                hits.push(DateHit {
                    first: i,
                    last: i + 3,
                    kind: DateKind::Vague,
                });
                i += 3;
                continue;
            }
            ("recent", "years" | "months" | "weeks", _)
            | ("for", "years" | "decades" | "months", _) => {
                hits.push(DateHit {
                    first: i,
                    last: i + 2,
                    kind: DateKind::Vague,
                });
                i += 2;
                continue;
            }
            ("last" | "past", "week" | "weeks" | "year" | "years", _) => {
                hits.push(DateHit {
                    first: i,
                    last: i + 2,
                    kind: DateKind::Vague,
                });
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    hits
}

/// The Monday of `day`'s week, or of the week `weeks_back` before it.
fn monday_of(day: NaiveDate, weeks_back: i64) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()) + 7 * weeks_back)
}

/// Whether the date `h` names a day or the week before publication
/// ("Last week, armed men attacked homes": a week is as good as a day; a
/// month, "in April", is not).
pub fn pins_a_day_or_week(tokens: &[Token], h: &DateHit) -> bool {
    match h.kind {
        DateKind::Date(Some(DateValue::Day(_))) => true,
        DateKind::Date(Some(DateValue::Month(..))) => {
            matches!(tokens[h.first].lower.as_str(), "last" | "this")
                && tokens.get(h.first + 1).is_some_and(|t| t.lower == "week")
        }
        _ => false,
    }
}

/// `22 March [2024]` or `March 22[,] [2024]` starting at `i`: (end, month,
/// day, year).
fn day_month(tokens: &[Token], i: usize) -> Option<(usize, u32, u32, Option<i32>)> {
    let at = |k: usize| tokens.get(k);
    let year_after = |k: usize| -> (usize, Option<i32>) {
        match at(k).and_then(year) {
            Some(y) => (k + 1, Some(y)),
            None if at(k).is_some_and(|t| t.lower == ",") => match at(k + 1).and_then(year) {
                Some(y) => (k + 2, Some(y)),
                None => (k, None),
            },
            None => (k, None),
        }
    };
    if let (Some(d), Some(m)) = (at(i).and_then(day_of_month), at(i + 1).and_then(month)) {
        let (end, y) = year_after(i + 2);
        return Some((end, m, d, y));
    }
    if let (Some(m), Some(d)) = (at(i).and_then(month), at(i + 1).and_then(day_of_month))
        && at(i + 1).is_some_and(|t| t.text.len() <= 4)
    {
        let (end, y) = year_after(i + 2);
        return Some((end, m, d, y));
    }
    None
}

fn resolve_day(
    published: Option<NaiveDate>,
    month: u32,
    day: u32,
    year: Option<i32>,
    weekday: Option<Weekday>,
) -> Option<DateValue> {
    let date = match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day),
        None => infer_day(published?, month, day, weekday),
    };
    date.map(DateValue::Day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn resolve(text: &str, published: &str) -> Vec<Option<String>> {
        let chars: Vec<char> = text.chars().collect();
        let tokens = tokenize(&chars, 0, chars.len());
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        find_dates(&tokens, published)
            .into_iter()
            .map(|h| match h.kind {
                DateKind::Date(v) => v.map(DateValue::render),
                DateKind::Vague => None,
                DateKind::Historical => Some("historical".into()),
            })
            .collect()
    }

    #[test]
    fn last_week_is_the_month_it_lies_in() {
        // Published on Thursday 20 August: last week ran 10–16 August.
        assert_eq!(
            resolve("Last week, armed men attacked homes.", "2026-08-20"),
            vec![Some("2026-08".to_string())]
        );
        // Published on 5 August: last week ran 27 July – 2 August.
        assert_eq!(
            resolve("Last week, armed men attacked homes.", "2026-08-05"),
            vec![None]
        );
        assert_eq!(resolve("over the last week", "2026-08-20"), vec![None]);
        // Published on Saturday 24 October: this week ran from Monday 19.
        assert_eq!(
            resolve("Youths marched on parliament this week.", "2026-10-24"),
            vec![Some("2026-10".to_string())]
        );
        // Published on Tuesday 2 June: this week began on 1 June.
        assert_eq!(
            resolve("Youths marched on parliament this week.", "2026-06-02"),
            vec![Some("2026-06".to_string())]
        );
        // Published on Thursday 2 July: this week began on 29 June.
        assert_eq!(
            resolve("Youths marched on parliament this week.", "2026-07-02"),
            vec![None]
        );
    }

    #[test]
    fn a_span_before_another() {
        let day = DateValue::Day(NaiveDate::from_ymd_opt(2026, 4, 21).unwrap_or_default());
        assert!(DateValue::Year(2024).before(day));
        assert!(!DateValue::Year(2026).before(day));
        assert!(!DateValue::Month(2026, 5).before(day));
    }

    #[test]
    fn thursday_last_week() {
        // Published on Wednesday 2 September 2026: last week ran 24–30 August.
        assert_eq!(
            resolve(
                "That record was broken on Thursday last week.",
                "2026-09-02"
            ),
            vec![Some("2026-08-27".to_string())]
        );
    }

    #[test]
    fn this_month_is_the_publications() {
        assert_eq!(
            resolve(
                "Earlier this month, residents held a protest.",
                "2026-07-15"
            ),
            vec![Some("2026-07".to_string())]
        );
        assert_eq!(
            resolve("Unions called for convoys later this month.", "2026-07-15"),
            vec![None]
        );
    }

    #[test]
    fn a_weekday_after_will_is_to_come() {
        // Published on Tuesday 13 January 2026.
        assert_eq!(
            resolve(
                "Officials will brief a committee on Wednesday.",
                "2026-01-13"
            ),
            vec![Some("2026-01-14".to_string())]
        );
        assert_eq!(
            resolve(
                "Officials are due to brief a committee on Wednesday.",
                "2026-01-13"
            ),
            vec![Some("2026-01-14".to_string())]
        );
        assert_eq!(
            resolve("Gunmen killed two men on Wednesday.", "2026-01-13"),
            vec![Some("2026-01-07".to_string())]
        );
    }

    #[test]
    fn next_saturday_is_to_come() {
        // Published on Friday 8 September 2023.
        assert_eq!(
            resolve("a rally for next Saturday", "2023-09-08"),
            vec![Some("2023-09-09".to_string())]
        );
        assert_eq!(
            resolve("a rally on Saturday", "2023-09-08"),
            vec![Some("2023-09-02".to_string())]
        );
    }

    #[test]
    fn spans_ago_count_back_from_publication() {
        assert_eq!(
            resolve("Twelve years ago a policeman was shot dead", "2010-05-01"),
            vec![Some("1998".to_string())]
        );
        assert_eq!(
            resolve("two days ago", "2010-05-01"),
            vec![Some("2010-04-29".to_string())]
        );
        assert_eq!(
            resolve("three months ago", "2010-02-01"),
            vec![Some("2009-11".to_string())]
        );
    }

    #[test]
    fn a_house_number_is_no_year() {
        assert_eq!(
            resolve("Henry, 19, of 1935 Orchard St., Alexandria", "2010-05-01"),
            vec![]
        );
    }

    #[test]
    fn a_month_of_last_year() {
        assert_eq!(
            resolve("In June last year a councillor was stabbed.", "2026-10-27"),
            vec![Some("2025-06".to_string())]
        );
    }

    #[test]
    fn birth_years_are_no_dates() {
        assert_eq!(
            resolve(
                "On 20 April 2026 five citizens born between 1996 and 2004 were detained.",
                "2026-04-22"
            ),
            vec![Some("2026-04-20".to_string())]
        );
        assert_eq!(resolve("a man born in 1999", "2026-04-22"), vec![]);
    }

    #[test]
    fn partial_dates_take_the_year_before_publication() {
        let one = |t: &str, p: &str| resolve(t, p).into_iter().next().flatten();
        assert_eq!(
            one("on 22 March", "2024-04-15").as_deref(),
            Some("2024-03-22")
        );
        assert_eq!(
            one("on 22 March", "2024-02-01").as_deref(),
            Some("2023-03-22")
        );
        assert_eq!(one("in January", "2024-04-15").as_deref(), Some("2024-01"));
        assert_eq!(one("in November", "2024-04-15").as_deref(), Some("2023-11"));
        assert_eq!(
            one("on Friday", "2024-03-25").as_deref(),
            Some("2024-03-22")
        );
        assert_eq!(one("last year", "2024-03-25").as_deref(), Some("2023"));
        assert_eq!(
            one("early on Sunday, 31 July", "2023-02-10").as_deref(),
            Some("2022-07-31")
        );
        assert_eq!(
            one("March 22, 2024", "2025-01-01").as_deref(),
            Some("2024-03-22")
        );
        assert_eq!(
            one("Published: 2024-04-15", "2025-01-01").as_deref(),
            Some("2024-04-15")
        );
        assert_eq!(
            one("in July 2022", "2024-04-15").as_deref(),
            Some("2022-07")
        );
    }

    #[test]
    fn vague_spans_and_historical_ranges() {
        assert_eq!(resolve("over the past two years", "2024-04-15"), [None]);
        assert_eq!(resolve("since 2021", "2024-04-15"), [None]);
        assert_eq!(resolve("since January", "2024-04-15"), [None]);
        assert!(resolve("as they march on", "2024-04-15").is_empty());
        assert_eq!(
            resolve("between 2014 and 2017", "2024-04-15"),
            [Some("historical".to_owned())]
        );
        assert!(resolve("officials may act", "2024-04-15").is_empty());
    }
}
