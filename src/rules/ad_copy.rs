//! How the ad-copy rules (SL701, SL702) read one ad text: its language, its words and clauses,
//! and the phrases of `data/ad_copy.toml` found among them.
//!
//! The words are [`prose_words`] (shared with SL601's lexicons, folded to lower-case ASCII), so
//! a phrase of the data file matches `Êtes-vous`, `you’re` and `YOU'RE` alike. The language is
//! chosen once per ad from its stopwords, and only that language's phrases are used: French `du`
//! ("of the") must not read as German `du` ("you"). Phrases match inside one clause only
//! ("Get tested for HIV — free clinics near you" is two clauses).

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::sensitive::{Lexicon, ProseWord, fold, prose_words};

const SOURCE: &str = include_str!("data/ad_copy.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    everyone_terms: Vec<String>,
    providers: Vec<String>,
    language: Vec<RawLanguage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    id: String,
    stopwords: Vec<String>,
    second_person: Vec<String>,
    possessives: Vec<String>,
    #[serde(default)]
    capitalized: Vec<String>,
    copulas: Vec<String>,
    fillers: Vec<String>,
    group: Vec<String>,
    like_you: Vec<String>,
    as_a: Vec<String>,
    first_person: Vec<String>,
    everyone: Vec<String>,
    organization: Vec<String>,
    question_words: Vec<String>,
    knowledge: Vec<String>,
    attributes: Vec<String>,
    lives: Vec<String>,
    places_made: Vec<String>,
    age_units: Vec<String>,
    not_age: Vec<String>,
    status: Vec<String>,
    greetings: Vec<String>,
    not_names: Vec<String>,
    merge_fields: Vec<String>,
}

/// A phrase: folded words.
pub type Phrase = Vec<String>;

/// One language's phrases (see the data file for what each list means).
#[derive(Debug)]
pub struct Language {
    pub id: String,
    /// The stopwords and the one-word second-person entries: what tells the language.
    telltales: HashSet<String>,
    pub second_person: Vec<Phrase>,
    pub possessives: Vec<Phrase>,
    capitalized: HashSet<String>,
    pub copulas: Vec<Phrase>,
    pub fillers: Vec<Phrase>,
    pub group: Vec<Phrase>,
    pub like_you: Vec<Phrase>,
    pub as_a: Vec<Phrase>,
    pub first_person: Vec<Phrase>,
    pub everyone: Vec<Phrase>,
    pub organization: Vec<Phrase>,
    pub question_words: Vec<Phrase>,
    pub knowledge: Vec<Phrase>,
    pub attributes: Vec<Phrase>,
    pub lives: Vec<Phrase>,
    pub places_made: Vec<Phrase>,
    pub age_units: Vec<Phrase>,
    pub not_age: Vec<Phrase>,
    pub status: Vec<Phrase>,
    pub greetings: Vec<Phrase>,
    pub not_names: Vec<Phrase>,
    /// Letters and digits only: `first_name` is `firstname`.
    pub merge_fields: HashSet<String>,
}

/// The ad-copy data: the terms every reader has, and the languages.
#[derive(Debug)]
pub struct AdCopyData {
    pub everyone_terms: HashSet<String>,
    pub providers: HashSet<String>,
    pub languages: Vec<Language>,
}

impl AdCopyData {
    /// The embedded data file; a unit test loads it, so this cannot fail.
    pub fn builtin() -> &'static AdCopyData {
        static DATA: OnceLock<AdCopyData> = OnceLock::new();
        DATA.get_or_init(|| {
            AdCopyData::parse(SOURCE)
                .unwrap_or_else(|e| panic!("src/rules/data/ad_copy.toml is invalid: {e}"))
        })
    }

    fn parse(text: &str) -> Result<AdCopyData, String> {
        let raw: RawData = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let lexicon = Lexicon::builtin();
        for (key, terms) in [
            ("everyone_terms", &raw.everyone_terms),
            ("providers", &raw.providers),
        ] {
            if let Some(term) = terms.iter().find(|t| !lexicon.has_term(t)) {
                return Err(format!(
                    "{key}: `{term}` is not a term of the sensitive lexicons"
                ));
            }
        }
        let mut languages = Vec::new();
        for l in raw.language {
            let key = |name: &str| format!("language {}: {name}", l.id);
            let list = |name: &str, entries: &[String]| -> Result<Vec<Phrase>, String> {
                entries
                    .iter()
                    .map(|e| phrase(e).map_err(|m| format!("{}: {m}", key(name))))
                    .collect()
            };
            let words = |name: &str, entries: &[String]| -> Result<HashSet<String>, String> {
                Ok(list(name, entries)?.into_iter().flatten().collect())
            };
            let second_person = list("second_person", &l.second_person)?;
            let mut telltales = words("stopwords", &l.stopwords)?;
            telltales.extend(
                second_person
                    .iter()
                    .filter(|p| p.len() == 1)
                    .flatten()
                    .cloned(),
            );
            languages.push(Language {
                telltales,
                possessives: list("possessives", &l.possessives)?,
                second_person,
                capitalized: words("capitalized", &l.capitalized)?,
                copulas: list("copulas", &l.copulas)?,
                fillers: list("fillers", &l.fillers)?,
                group: list("group", &l.group)?,
                like_you: list("like_you", &l.like_you)?,
                as_a: list("as_a", &l.as_a)?,
                first_person: list("first_person", &l.first_person)?,
                everyone: list("everyone", &l.everyone)?,
                organization: list("organization", &l.organization)?,
                question_words: list("question_words", &l.question_words)?,
                knowledge: list("knowledge", &l.knowledge)?,
                attributes: list("attributes", &l.attributes)?,
                lives: list("lives", &l.lives)?,
                places_made: list("places_made", &l.places_made)?,
                age_units: list("age_units", &l.age_units)?,
                not_age: list("not_age", &l.not_age)?,
                status: list("status", &l.status)?,
                greetings: list("greetings", &l.greetings)?,
                not_names: list("not_names", &l.not_names)?,
                merge_fields: l.merge_fields.iter().map(|f| merge_key(f)).collect(),
                id: l.id,
            });
        }
        if languages.is_empty() {
            return Err("no [[language]] table".to_string());
        }
        Ok(AdCopyData {
            everyone_terms: raw.everyone_terms.into_iter().collect(),
            providers: raw.providers.into_iter().collect(),
            languages,
        })
    }

    /// The language whose stopwords and second-person words occur most often in `texts`; the
    /// first (English) on a tie.
    pub fn language_of<'a>(&'a self, texts: &[&str]) -> &'a Language {
        let words: Vec<ProseWord> = texts.iter().flat_map(|t| prose_words(t)).collect();
        let mut best = &self.languages[0];
        let mut best_count = 0;
        for lang in &self.languages {
            let count = words
                .iter()
                .filter(|w| lang.telltales.contains(&w.text))
                .count();
            if count > best_count {
                best = lang;
                best_count = count;
            }
        }
        best
    }
}

/// A data-file entry as folded words; rejects what could never match.
fn phrase(entry: &str) -> Result<Phrase, String> {
    let words: Vec<String> = entry.split(' ').map(str::to_string).collect();
    let ok = words.iter().all(|w| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if !ok {
        return Err(format!(
            "`{entry}`: write folded lower-case ASCII words separated by one space"
        ));
    }
    Ok(words)
}

/// A merge field's name as compared: folded, letters and digits only.
pub fn merge_key(name: &str) -> String {
    fold(name).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A word of the text matches a phrase's word: equal, or its plural.
fn word_matches(phrase_word: &str, word: &str) -> bool {
    word == phrase_word
        || word
            .strip_prefix(phrase_word)
            .is_some_and(|rest| rest == "s" || rest == "es")
}

/// One ad text read for the ad-copy rules.
pub struct Reading<'a> {
    pub text: &'a str,
    pub words: Vec<ProseWord>,
    pub lang: &'a Language,
}

impl<'a> Reading<'a> {
    pub fn new(text: &'a str, lang: &'a Language) -> Self {
        Reading {
            text,
            words: prose_words(text),
            lang,
        }
    }

    /// The folded words, for [`Lexicon::find_in_words`].
    pub fn folded(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }

    /// Whether `phrase` occurs at word `i`, all of it in one clause (German `Sie` only when
    /// capitalized).
    pub fn phrase_at(&self, phrase: &Phrase, i: usize) -> bool {
        let Some(first) = self.words.get(i) else {
            return false;
        };
        i + phrase.len() <= self.words.len()
            && phrase.iter().zip(&self.words[i..]).all(|(p, w)| {
                w.clause == first.clause
                    && word_matches(p, &w.text)
                    && (!self.lang.capitalized.contains(p) || w.capitalized)
            })
    }

    /// The length of the longest phrase of `list` at word `i`.
    pub fn any_at(&self, list: &[Phrase], i: usize) -> Option<usize> {
        list.iter()
            .filter(|p| self.phrase_at(p, i))
            .map(Vec::len)
            .max()
    }

    /// A phrase of `list` that starts in `from..to` (clamped) inside `clause`: (start, len).
    pub fn find_between(
        &self,
        list: &[Phrase],
        from: usize,
        to: usize,
        clause: usize,
    ) -> Option<(usize, usize)> {
        (from..to.min(self.words.len()))
            .filter(|&i| self.words[i].clause == clause)
            .find_map(|i| self.any_at(list, i).map(|len| (i, len)))
    }

    /// A phrase of `list` that ends `gap` words before word `at`, in its clause: (start, len).
    pub fn ends_before(&self, list: &[Phrase], at: usize, gap: usize) -> Option<(usize, usize)> {
        let clause = self.words.get(at)?.clause;
        let end = at.checked_sub(gap)?;
        list.iter()
            .filter(|p| p.len() <= end)
            .map(|p| (end - p.len(), p))
            .find(|&(s, p)| self.words[s].clause == clause && self.phrase_at(p, s))
            .map(|(s, p)| (s, p.len()))
    }

    /// The word indexes of one clause.
    pub fn clause_words(&self, clause: usize) -> std::ops::Range<usize> {
        let start = self.words.iter().position(|w| w.clause == clause);
        match start {
            Some(s) => {
                let len = self.words[s..]
                    .iter()
                    .take_while(|w| w.clause == clause)
                    .count();
                s..s + len
            }
            None => 0..0,
        }
    }

    /// The word indexes of the sentence word `i` is in.
    pub fn sentence_words(&self, i: usize) -> std::ops::Range<usize> {
        let start = (0..=i.min(self.words.len().saturating_sub(1)))
            .rev()
            .find(|&k| self.words[k].sentence_start)
            .unwrap_or(0);
        let end = (i + 1..self.words.len())
            .find(|&k| self.words[k].sentence_start)
            .unwrap_or(self.words.len());
        start..end
    }

    /// Whether the clause ends with a question mark.
    pub fn is_question(&self, clause: usize) -> bool {
        let range = self.clause_words(clause);
        let Some(last) = range.end.checked_sub(1).and_then(|i| self.words.get(i)) else {
            return false;
        };
        self.text[last.end..]
            .chars()
            .find(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '”' | '’' | '»' | ')'))
            == Some('?')
    }

    /// The clause's text, ended by its `?` or `!`, at most 100 characters.
    pub fn excerpt(&self, clause: usize) -> String {
        let range = self.clause_words(clause);
        if range.is_empty() {
            return String::new();
        }
        let start = self.words[range.start].start;
        let mut end = self.words[range.end - 1].end;
        let after = &self.text[end..];
        let spaces = after.len() - after.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
        if let Some(c) = after[spaces..]
            .chars()
            .next()
            .filter(|c| matches!(c, '?' | '!'))
        {
            end += spaces + c.len_utf8();
        }
        let clause: String = self.text[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if clause.chars().count() > 100 {
            let cut: String = clause.chars().take(99).collect();
            format!("{cut}…")
        } else {
            clause
        }
    }

    /// The original text of words `start..start + len`.
    pub fn original(&self, start: usize, len: usize) -> &'a str {
        let end = (start + len).min(self.words.len());
        if start >= end {
            return "";
        }
        &self.text[self.words[start].start..self.words[end - 1].end]
    }

    /// How many line breaks come before word `i`: the line of a match inside a multi-line text.
    pub fn line_offset(&self, i: usize) -> usize {
        let at = self.words.get(i).map_or(0, |w| w.start);
        self.text[..at].matches('\n').count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_data_loads() {
        let data = AdCopyData::parse(SOURCE).unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = data.languages.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["en", "es", "de", "fr"]);
    }

    #[test]
    fn bad_entries_and_unknown_terms_are_rejected() {
        let err =
            AdCopyData::parse("everyone_terms = [\"pizza\"]\nproviders = []\nlanguage = []\n")
                .unwrap_err();
        assert_eq!(
            err,
            "everyone_terms: `pizza` is not a term of the sensitive lexicons"
        );
        let bad = SOURCE.replacen("\"you are\"", "\"You are\"", 1);
        assert_eq!(
            AdCopyData::parse(&bad).unwrap_err(),
            "language en: copulas: `You are`: write folded lower-case ASCII words separated by \
             one space"
        );
    }

    #[test]
    fn the_language_is_the_one_with_most_stopwords() {
        let data = AdCopyData::builtin();
        let lang = |t: &str| data.language_of(&[t]).id.as_str();
        assert_eq!(lang("Get the best deals on your phone"), "en");
        assert_eq!(lang("¿Tienes deudas? Te ayudamos con un plan"), "es");
        assert_eq!(
            lang("Hast du Schulden? Wir helfen dir und deiner Familie"),
            "de"
        );
        assert_eq!(lang("Vous avez des dettes ? Nous vous aidons"), "fr");
        assert_eq!(lang("OK"), "en");
    }

    #[test]
    fn phrases_stay_in_their_clause_and_german_sie_needs_its_capital() {
        let data = AdCopyData::builtin();
        let de = data.languages.iter().find(|l| l.id == "de").unwrap();
        let r = Reading::new("Haben Sie Schulden? Sie fragt nach ihren Kindern", de);
        let at = |word: &str| r.words.iter().position(|w| w.text == word).unwrap();
        assert!(r.any_at(&de.second_person, at("sie")).is_some());
        assert!(r.any_at(&de.second_person, at("ihren")).is_none());
        assert!(r.is_question(0));
        assert!(!r.is_question(1));
        assert_eq!(r.excerpt(0), "Haben Sie Schulden?");
        let en = &data.languages[0];
        let r = Reading::new("Get tested for HIV — free clinics near you", en);
        assert_ne!(r.words[3].clause, r.words[7].clause);
    }
}
