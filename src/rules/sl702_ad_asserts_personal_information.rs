use super::ad_copy::{AdCopyData, Reading, merge_key};
use super::{AdFinding, Clause, Rule, Severity, declare_rule};
use crate::facts::Location;
use crate::facts::ad::Ad;

declare_rule! {
    /// ## What it checks
    /// An ad text (`sdklint copy`) that tells the reader something personal about themselves —
    /// their age, where they live, their name, their marital, parental, employment or housing
    /// status: "We know you're 45", "People in Boston like you…", "Hi Sarah, …", "Recently
    /// divorced? You're single again…". One finding per ad text and kind of information.
    ///
    /// What counts, within one clause, in English, Spanish, German and French
    /// (`src/rules/data/ad_copy.toml`):
    /// - **age**: the reader as the subject of "being" followed by a number from 13 to 120
    ///   ("you're 45", "Sie sind 45", "tienes 45 años", "vous avez 45 ans"), a second person
    ///   before a number with an age unit ("a tus 45 años"), or a decade ("in your 40s"); not
    ///   a number followed by another unit ("you're 30 minutes away", "you are 100% covered");
    /// - **location**: the reader's place of living followed by a capitalized place name ("you
    ///   live in Boston", "du wohnst in Köln"), or a group in a place compared with the reader
    ///   ("people in Boston like you"); not where a product is made ("Made in Germany");
    /// - **name**: a greeting followed by a capitalized name at the start of a clause ("Hi
    ///   Sarah,", "Hola María"), except the words greetings take ("Hello everyone", "Hi there");
    /// - **status**: the reader as the subject of "being" followed by a status ("you're
    ///   divorced", "eres madre soltera", "Sie sind arbeitslos", "vous êtes célibataire"), or a
    ///   group word before one, a word apart at most ("other singles", "other Christian
    ///   singles");
    /// - **personal details**: the advertiser claiming to know one ("We know your age");
    /// - **merge field**: a mail-merge placeholder for a personal detail (`{first_name}`,
    ///   `[City]`, `%AGE%`, `*|FNAME|*`), which becomes the reader's own data when the ad is sent.
    ///
    /// Blind spots: assertions without these shapes ("Born in 1979? This is for you", "Turning
    /// 50?"), a status without a copula or group word before it ("Hispanic singles near you"),
    /// a lower-case place name, a name after anything but a greeting, and an age written in words
    /// ("forty-five") are missed; a capitalized word after "you're in" ("You're in Luck!") reads
    /// as a place.
    ///
    /// ## Why
    /// X's policies for conversion tracking and custom audiences
    /// (<https://business.x.com/en/help/ads-policies/campaign-considerations/policies-for-conversion-tracking-and-custom-audiences>)
    /// forbid ads that assert or imply knowledge of personally identifiable information about
    /// the person who sees them, even when the ad was neither created nor targeted with such
    /// information. An ad that greets the reader by name or states their age shows them that
    /// the advertiser holds their personal data.
    ///
    /// ## How to fix
    /// Describe the offer and who it is for in the third person, without claiming to know the
    /// reader: "Plans for people over 40" instead of "We know you're 45"; "Now in Boston" instead
    /// of "People in Boston like you"; no greeting by name and no merge fields in ad copy. If a
    /// match is wrong, suppress it in `sdklint.toml` with an `[[ignore]]` entry (`rule =
    /// "SL702"`, `bundle = "ads/*.csv"`) and the reason.
    ///
    /// ## Example
    /// ```text
    /// ads.jsonl:4  error  SL702  ad-asserts-personal-information  ad fall-3 body: "We know you're 45" asserts the reader's age ("you're 45")
    /// ```
    pub static SL702 = {
        code: "SL702",
        name: "ad-asserts-personal-information",
        clause: Clause::AdCopy,
        severity: Severity::Error,
        check_ad: check,
    };
}

/// One assertion found: what kind of information, the word span (or the byte offset of a merge
/// field) and the words as written.
struct Assertion {
    kind: &'static str,
    /// Word index, for the clause and the line.
    word: Option<usize>,
    /// Byte offset, for merge fields.
    byte: usize,
    shown: String,
}

fn check(rule: &Rule, ad: &Ad) -> Vec<AdFinding> {
    let data = AdCopyData::builtin();
    let texts: Vec<&str> = ad.fields.iter().map(|f| f.text.as_str()).collect();
    let lang = data.language_of(&texts);
    let mut out = Vec::new();
    for field in &ad.fields {
        let r = Reading::new(&field.text, lang);
        let mut found = assertions(&r);
        found.extend(merge_fields(&field.text, data));
        let mut kinds = Vec::new();
        for a in found {
            if kinds.contains(&a.kind) {
                continue;
            }
            kinds.push(a.kind);
            // A merge field is shown with the clause of the first word in or after it.
            let word = a
                .word
                .or_else(|| r.words.iter().position(|w| w.start >= a.byte));
            let (mut excerpt, line) = match word {
                Some(i) => (r.excerpt(r.words[i].clause), r.line_offset(i)),
                None => (a.shown.clone(), field.text[..a.byte].matches('\n').count()),
            };
            if !excerpt.contains(&a.shown) {
                // A merge field opening the clause: show the line it is on.
                let start = field.text[..a.byte].rfind('\n').map_or(0, |n| n + 1);
                let end = field.text[a.byte..]
                    .find('\n')
                    .map_or(field.text.len(), |n| a.byte + n);
                excerpt = field.text[start..end].chars().take(100).collect();
            }
            let message = format!(
                "\"{excerpt}\" asserts the reader's {} (\"{}\")",
                a.kind, a.shown
            );
            let locator = format!("ad {} {}: {excerpt}", ad.id, field.name);
            out.push(AdFinding {
                ad: ad.id.clone(),
                field: field.name.clone(),
                line: field.line + line,
                finding: rule.finding(message, Vec::new(), vec![Location::new(&ad.file, locator)]),
            });
        }
    }
    out
}

/// Age, location, name, status and claimed knowledge in one text, in text order.
fn assertions(r: &Reading<'_>) -> Vec<Assertion> {
    let lang = r.lang;
    let mut out = Vec::new();
    let mut push = |kind: &'static str, start: usize, len: usize| {
        out.push(Assertion {
            kind,
            word: Some(start),
            byte: 0,
            shown: r.original(start, len).to_string(),
        });
    };
    for i in 0..r.words.len() {
        let clause = r.words[i].clause;
        let same = |j: usize| r.words.get(j).is_some_and(|w| w.clause == clause);
        // Age: a number after "you are", or with an age unit after a second person.
        if let Some(age) = age_at(r, i) {
            push("age", age.0, age.1);
        }
        // Status: "you are" (+ fillers) + a status; a group word + a status.
        if let Some(len) = r.any_at(&lang.copulas, i) {
            let mut j = i + len;
            while same(j) && r.any_at(&lang.fillers, j).is_some() {
                j += 1;
            }
            if same(j)
                && let Some(status) = r.any_at(&lang.status, j)
            {
                push("status", i, j + status - i);
            }
        }
        // One word may stand between: "other Christian singles", "d'autres célibataires".
        if let Some(len) = r.any_at(&lang.group, i)
            && let Some((at, status)) = (i + len..i + len + 2)
                .filter(|&j| same(j))
                .find_map(|j| r.any_at(&lang.status, j).map(|s| (j, s)))
        {
            push("status", i, at + status - i);
        }
        // Location: where the reader lives + a capitalized place name.
        if let Some(len) = r.any_at(&lang.lives, i) {
            let place = i + len;
            let made_here = i > 0 && same(i - 1) && r.any_at(&lang.places_made, i - 1).is_some();
            let direct = (i..place).any(|k| r.any_at(&lang.second_person, k).is_some());
            let range = r.clause_words(clause);
            let compared = r
                .find_between(&lang.like_you, place, range.end, clause)
                .or_else(|| r.find_between(&lang.second_person, place, range.end, clause))
                .is_some();
            if same(place) && r.words[place].capitalized && !made_here && (direct || compared) {
                push("location", i, len + 1);
            }
        }
        // Name: a greeting opening a clause + a capitalized word that is not a greeting's word.
        if let Some(len) = r.any_at(&lang.greetings, i) {
            let name = i + len;
            let opens = i == 0 || r.words[i - 1].clause != clause;
            if opens
                && same(name)
                && r.words[name].capitalized
                && !r.words[name].text.chars().all(|c| c.is_numeric())
                && r.any_at(&lang.not_names, name).is_none()
                && r.any_at(&lang.second_person, name).is_none()
            {
                push("name", i, len + 1);
            }
        }
        // Claimed knowledge of a personal detail: "we know" … "your" + an attribute.
        if let Some(len) = r.any_at(&lang.knowledge, i) {
            let range = r.clause_words(clause);
            let detail = (i + len..range.end).find_map(|k| {
                let you = r.any_at(&lang.second_person, k)?;
                let attribute = r.any_at(&lang.attributes, k + you)?;
                same(k + you).then_some(k + you + attribute)
            });
            if let Some(end) = detail {
                push("personal details", i, end - i);
            }
        }
    }
    out
}

/// An age at word `i`: (first word, length) of the words that state it.
fn age_at(r: &Reading<'_>, i: usize) -> Option<(usize, usize)> {
    let lang = r.lang;
    let word = &r.words[i];
    if !word.text.chars().all(|c| c.is_ascii_digit()) || word.text.len() > 3 {
        return None;
    }
    let n: u32 = word.text.parse().ok()?;
    let clause = word.clause;
    let next = r.words.get(i + 1).filter(|w| w.clause == clause);
    let unit = next.is_some() && r.any_at(&lang.age_units, i + 1).is_some();
    let other_unit = next.is_some() && r.any_at(&lang.not_age, i + 1).is_some();
    let after = r.text[word.end..].chars().next();
    let before = r.text[..word.start].chars().next_back();
    // 45% off, 4.5 stars, 10:30, 1/2, $45, #45: not an age.
    let part_of_number = matches!(after, Some('.' | ',' | ':' | '/'))
        && r.text[word.end..]
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit());
    if other_unit
        || part_of_number
        || matches!(after, Some('%' | '+'))
        || matches!(before, Some('$' | '€' | '£' | '#' | '+'))
    {
        return None;
    }
    let decade = next.is_some_and(|w| w.text == "s")
        && n.is_multiple_of(10)
        && r.ends_before(&lang.second_person, i, 0).is_some();
    if decade && (10..=90).contains(&n) {
        let (s, _) = r.ends_before(&lang.second_person, i, 0)?;
        return Some((s, i + 2 - s));
    }
    if !(13..=120).contains(&n) {
        return None;
    }
    let span_end = if unit { i + 2 } else { i + 1 };
    let copula = (0..=1).find_map(|gap| {
        let (s, len) = r.ends_before(&lang.copulas, i, gap)?;
        let filler_ok = gap == 0 || r.any_at(&lang.fillers, s + len).is_some();
        filler_ok.then_some(s)
    });
    if let Some(s) = copula {
        return Some((s, span_end - s));
    }
    if unit {
        let (s, _) = r.find_between(&lang.second_person, i.saturating_sub(3), i, clause)?;
        return Some((s, span_end - s));
    }
    None
}

/// Mail-merge placeholders for personal details in the raw text: `{first_name}`, `{{city}}`,
/// `[FirstName]`, `%AGE%`, `*|FNAME|*`. Their names are compared across every language.
fn merge_fields(text: &str, data: &AdCopyData) -> Vec<Assertion> {
    const PAIRS: &[(&str, &str)] = &[
        ("*|", "|*"),
        ("{{", "}}"),
        ("{", "}"),
        ("[", "]"),
        ("%", "%"),
    ];
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let found = PAIRS.iter().find_map(|(open, close)| {
            let inner = rest.strip_prefix(open)?;
            let end = inner.find(close).filter(|&e| e > 0 && e <= 40)?;
            let name = &inner[..end];
            let known = data
                .languages
                .iter()
                .any(|l| l.merge_fields.contains(&merge_key(name)));
            let plain = name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | ' ' | '.' | '-'));
            (known && plain).then(|| open.len() + end + close.len())
        });
        match found {
            Some(len) => {
                out.push(Assertion {
                    kind: "details through a merge field",
                    word: None,
                    byte: at,
                    shown: text[at..at + len].to_string(),
                });
                at += len;
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy::AdField;

    fn kinds(text: &str) -> Vec<String> {
        let ad = Ad {
            file: "ads.txt".into(),
            id: "a-1".into(),
            line: 1,
            fields: vec![AdField {
                name: "body".into(),
                text: text.into(),
                line: 1,
            }],
        };
        check(&SL702, &ad)
            .into_iter()
            .map(|f| {
                let m = f.finding.message;
                let kind = m.split("asserts the reader's ").nth(1).unwrap_or_default();
                kind.split(" (").next().unwrap_or_default().to_string()
            })
            .collect()
    }

    #[test]
    fn each_kind_of_personal_information() {
        let cases: &[(&str, &[&str])] = &[
            ("We know you're 45", &["age"]),
            ("Made for your 30s", &["age"]),
            ("Du bist 52 Jahre jung", &["age"]),
            ("A tus 45 años, cuida tu espalda", &["age"]),
            ("You live in Denver? Try us", &["location"]),
            ("Hey Jordan, ready?", &["name"]),
            ("You're newly engaged!", &["status"]),
            ("We know your birthday is coming", &["personal details"]),
            // One finding per kind: the two merge fields are one.
            (
                "Hi *|FNAME|*, see %CITY% deals",
                &["details through a merge field"],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(kinds(text), *expected, "{text}");
        }
    }

    #[test]
    fn numbers_greetings_and_places_that_say_nothing_about_the_reader() {
        for text in [
            "You're 30 minutes away",
            "You are 100% covered",
            "You're 4.5 stars happier",
            "You are $45 richer",
            "You're 12 steps from done",
            "Hello everyone, welcome",
            "Hi there!",
            "Made in Germany for people like you",
            "You're a single click away",
            "We know you're busy",
            "Use code {PROMO} at checkout",
        ] {
            assert_eq!(kinds(text), Vec::<String>::new(), "{text}");
        }
    }
}
