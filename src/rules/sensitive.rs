//! Sensitive-category lexicons and the matcher SL601 uses on conversion event names and SL701 on
//! ad copy: one set of terms for both.
//!
//! The lexicons are data: one TOML file per category under `src/rules/data/sensitive/`
//! (format, tokenization and guard semantics in that directory's `README.md`), embedded at build
//! time and validated when first used. This module holds the mechanism:
//!
//! - [`tokenize`] cuts an event name into lower-case words at non-alphanumeric characters,
//!   camelCase humps, the last capital of an acronym run (`HIVTest` → `hiv`, `test`) and
//!   letter/digit changes, so `af_purchase_pregnancy_test`, `viewedDebtReliefOffer`,
//!   `union-membership.signup` and `Political Donation` all read as words;
//! - [`Lexicon::find`] looks each word up in one index of every term's first word (its plural
//!   with `s` / `es` stripped too), checks the term's remaining words in order, drops the hits an
//!   `allow` phrase of the same category covers, and keeps per category the earliest (then
//!   longest) hit. Cost: O(words × terms sharing a first word), independent of the lexicon size;
//! - for prose, [`prose_words`] cuts ad text into words without camelCase splitting (`YouTube`
//!   stays one word), with byte offsets, capitals and clauses, folded to ASCII ([`fold`]:
//!   `Dépression` → `depression`) so the ASCII lexicons cover accented languages, and
//!   [`Lexicon::find_in_words`] returns every hit with its position.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The sensitive categories of X's policy, in the order the policy lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SensitiveCategory {
    Crime,
    Health,
    GeneticBiometric,
    NegativeFinancial,
    Political,
    RacialEthnic,
    Religious,
    SexLife,
    TradeUnion,
}

impl SensitiveCategory {
    /// Every category, in policy order.
    pub const ALL: [SensitiveCategory; 9] = [
        SensitiveCategory::Crime,
        SensitiveCategory::Health,
        SensitiveCategory::GeneticBiometric,
        SensitiveCategory::NegativeFinancial,
        SensitiveCategory::Political,
        SensitiveCategory::RacialEthnic,
        SensitiveCategory::Religious,
        SensitiveCategory::SexLife,
        SensitiveCategory::TradeUnion,
    ];

    /// The id used in lexicon files (`negative-financial`).
    pub fn as_str(self) -> &'static str {
        match self {
            SensitiveCategory::Crime => "crime",
            SensitiveCategory::Health => "health",
            SensitiveCategory::GeneticBiometric => "genetic-biometric",
            SensitiveCategory::NegativeFinancial => "negative-financial",
            SensitiveCategory::Political => "political",
            SensitiveCategory::RacialEthnic => "racial-ethnic",
            SensitiveCategory::Religious => "religious",
            SensitiveCategory::SexLife => "sex-life",
            SensitiveCategory::TradeUnion => "trade-union",
        }
    }

    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == id)
    }
}

/// The embedded lexicon files, `(file name, TOML text)`.
const BUILTIN_SOURCES: &[(&str, &str)] = &[
    ("crime.toml", include_str!("data/sensitive/crime.toml")),
    ("health.toml", include_str!("data/sensitive/health.toml")),
    (
        "genetic_biometric.toml",
        include_str!("data/sensitive/genetic_biometric.toml"),
    ),
    (
        "negative_financial.toml",
        include_str!("data/sensitive/negative_financial.toml"),
    ),
    (
        "political.toml",
        include_str!("data/sensitive/political.toml"),
    ),
    (
        "racial_ethnic.toml",
        include_str!("data/sensitive/racial_ethnic.toml"),
    ),
    (
        "religious.toml",
        include_str!("data/sensitive/religious.toml"),
    ),
    (
        "sex_life.toml",
        include_str!("data/sensitive/sex_life.toml"),
    ),
    (
        "trade_union.toml",
        include_str!("data/sensitive/trade_union.toml"),
    ),
];

/// Why a lexicon file was rejected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LexiconError {
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: {key}: {message}")]
    Invalid {
        file: String,
        key: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    id: String,
    label: String,
    terms: Vec<String>,
    #[serde(default)]
    allow: Vec<String>,
}

/// One category's terms and guards, words split.
#[derive(Debug, Clone)]
struct CategoryLexicon {
    category: SensitiveCategory,
    label: String,
    terms: Vec<Vec<String>>,
    allow: Vec<Vec<String>>,
}

/// Every category's lexicon, and an index from a term's first word to the terms starting with it.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// In policy order.
    categories: Vec<CategoryLexicon>,
    /// First word → (category index, term index).
    index: HashMap<String, Vec<(usize, usize)>>,
}

/// A sensitive term found in a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LexiconMatch {
    pub category: SensitiveCategory,
    /// How findings name the category (`negative financial status`).
    pub label: String,
    /// The term as the lexicon writes it (`pregnancy test`).
    pub term: String,
}

impl Lexicon {
    /// The embedded lexicons. They are checked by a unit test, so loading them cannot fail.
    pub fn builtin() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            Lexicon::from_sources(BUILTIN_SOURCES)
                .unwrap_or_else(|e| panic!("the built-in sensitive lexicon is invalid: {e}"))
        })
    }

    /// Parses and validates `(file name, TOML text)` sources, one category each; every category
    /// must be given exactly once.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Lexicon, LexiconError> {
        let mut categories: Vec<CategoryLexicon> = Vec::new();
        for &(file, text) in sources {
            let raw: RawLexicon = toml::from_str(text).map_err(|e| LexiconError::Syntax {
                file: file.to_string(),
                message: e.message().to_string(),
            })?;
            let invalid = |key: &str, message: String| LexiconError::Invalid {
                file: file.to_string(),
                key: key.to_string(),
                message,
            };
            let category = SensitiveCategory::from_id(&raw.id).ok_or_else(|| {
                let known: Vec<&str> = SensitiveCategory::ALL.iter().map(|c| c.as_str()).collect();
                invalid(
                    "id",
                    format!("`{}` is not one of {}", raw.id, known.join(", ")),
                )
            })?;
            if categories.iter().any(|c| c.category == category) {
                return Err(invalid("id", format!("`{}` is given twice", raw.id)));
            }
            if raw.terms.is_empty() {
                return Err(invalid("terms", "is empty".to_string()));
            }
            let terms = phrases(&raw.terms).map_err(|m| invalid("terms", m))?;
            let allow = phrases(&raw.allow).map_err(|m| invalid("allow", m))?;
            categories.push(CategoryLexicon {
                category,
                label: raw.label,
                terms,
                allow,
            });
        }
        if let Some(missing) = SensitiveCategory::ALL
            .iter()
            .find(|c| !categories.iter().any(|l| l.category == **c))
        {
            return Err(LexiconError::Invalid {
                file: "(lexicon)".to_string(),
                key: "id".to_string(),
                message: format!("no file for category `{}`", missing.as_str()),
            });
        }
        categories.sort_by_key(|c| c.category);
        let mut index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (ci, cat) in categories.iter().enumerate() {
            for (ti, term) in cat.terms.iter().enumerate() {
                index.entry(term[0].clone()).or_default().push((ci, ti));
            }
        }
        Ok(Lexicon { categories, index })
    }

    /// The sensitive terms in `name`, at most one per category, in policy order.
    pub fn find(&self, name: &str) -> Vec<LexiconMatch> {
        // Per category: the earliest hit, the longest at that start.
        let mut best: Vec<Option<TermHit>> = vec![None; self.categories.len()];
        for hit in self.find_in_words(&tokenize(name)) {
            let ci = self.category_index(hit.category);
            let better = match &best[ci] {
                None => true,
                Some(b) => hit.start == b.start && hit.len > b.len,
            };
            if better {
                best[ci] = Some(hit);
            }
        }
        best.into_iter()
            .flatten()
            .map(|hit| LexiconMatch {
                category: hit.category,
                label: hit.label,
                term: hit.term,
            })
            .collect()
    }

    /// Every sensitive term in `words` (already cut by [`tokenize`] or [`prose_words`]) that no
    /// `allow` phrase covers: per start word and category, the longest term; in word order.
    pub fn find_in_words<S: AsRef<str>>(&self, words: &[S]) -> Vec<TermHit> {
        let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
        let mut hits = Vec::new();
        for start in 0..words.len() {
            // Per category: (len, term index) of the longest term starting here.
            let mut here: Vec<Option<(usize, usize)>> = vec![None; self.categories.len()];
            for key in singulars(words[start]) {
                let Some(entries) = self.index.get(key) else {
                    continue;
                };
                for &(ci, ti) in entries {
                    let term = &self.categories[ci].terms[ti];
                    if !occurs_at(term, &words, start)
                        || self.categories[ci]
                            .allow
                            .iter()
                            .any(|a| covers(a, &words, start, term.len()))
                    {
                        continue;
                    }
                    if here[ci].is_none_or(|(len, _)| term.len() > len) {
                        here[ci] = Some((term.len(), ti));
                    }
                }
            }
            for (ci, hit) in here.into_iter().enumerate() {
                if let Some((len, ti)) = hit {
                    let cat = &self.categories[ci];
                    hits.push(TermHit {
                        category: cat.category,
                        label: cat.label.clone(),
                        term: cat.terms[ti].join(" "),
                        start,
                        len,
                    });
                }
            }
        }
        hits
    }

    /// Whether `phrase` (words separated by one space) is a term of some category.
    pub fn has_term(&self, phrase: &str) -> bool {
        let words: Vec<&str> = phrase.split(' ').collect();
        self.categories
            .iter()
            .any(|c| c.terms.iter().any(|t| t.iter().eq(words.iter())))
    }

    fn category_index(&self, category: SensitiveCategory) -> usize {
        self.categories
            .iter()
            .position(|c| c.category == category)
            .expect("every category has a lexicon")
    }
}

/// A sensitive term found at a position of a word list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHit {
    pub category: SensitiveCategory,
    pub label: String,
    /// The term as the lexicon writes it.
    pub term: String,
    /// Index of the first word matched, and how many words the term spans.
    pub start: usize,
    pub len: usize,
}

/// Splits and checks lexicon entries: lower-case ASCII words separated by single spaces, each
/// entry tokenizing to exactly its own words (so it can match), no duplicates.
fn phrases(entries: &[String]) -> Result<Vec<Vec<String>>, String> {
    let mut out: Vec<Vec<String>> = Vec::with_capacity(entries.len());
    for entry in entries {
        let words: Vec<String> = entry.split(' ').map(str::to_string).collect();
        let well_formed = words.iter().all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !well_formed {
            return Err(format!(
                "`{entry}`: write lower-case ASCII letters and digits, words separated by one space"
            ));
        }
        if tokenize(entry) != words {
            return Err(format!(
                "`{entry}` can never match: names are cut between letters and digits (write `{}`)",
                tokenize(entry).join(" ")
            ));
        }
        if out.contains(&words) {
            return Err(format!("`{entry}` is listed twice"));
        }
        out.push(words);
    }
    Ok(out)
}

/// The keys a word may be indexed under: itself, and without a plural `s` / `es`.
fn singulars(word: &str) -> impl Iterator<Item = &str> {
    let s = word.strip_suffix('s').filter(|w| !w.is_empty());
    let es = word.strip_suffix("es").filter(|w| !w.is_empty());
    std::iter::once(word).chain(s).chain(es)
}

/// Whether a term's word matches a name's word: equal, or the name's word is its plural.
fn word_matches(term_word: &str, word: &str) -> bool {
    word == term_word
        || word
            .strip_prefix(term_word)
            .is_some_and(|rest| rest == "s" || rest == "es")
}

fn occurs_at<S: AsRef<str>>(phrase: &[String], words: &[S], start: usize) -> bool {
    start + phrase.len() <= words.len()
        && phrase
            .iter()
            .zip(&words[start..])
            .all(|(p, w)| word_matches(p, w.as_ref()))
}

/// Whether the guard `allow` occurs in `words` over the whole span `[start, start + len)`.
fn covers<S: AsRef<str>>(allow: &[String], words: &[S], start: usize, len: usize) -> bool {
    let end = start + len;
    let first = end.saturating_sub(allow.len());
    (first..=start).any(|s| s + allow.len() >= end && occurs_at(allow, words, s))
}

/// Cuts a name into lower-case words; see the [module docs](self).
pub fn tokenize(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p))
            && prev.is_alphanumeric()
        {
            let next = chars.get(i + 1).copied();
            let hump = prev.is_lowercase() && c.is_uppercase();
            let acronym_end =
                prev.is_uppercase() && c.is_uppercase() && next.is_some_and(|n| n.is_lowercase());
            let digit_change = prev.is_numeric() != c.is_numeric();
            if (hump || acronym_end || digit_change) && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// One word of prose (ad copy), as [`prose_words`] cuts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseWord {
    /// Lower-case, accents folded: `Dépression` → `depression`, `Führungszeugnis` →
    /// `fuhrungszeugnis`, `ß` → `ss`.
    pub text: String,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// The first letter was upper-case (German `Sie` / `Ihre` address the reader, `sie` / `ihre`
    /// do not).
    pub capitalized: bool,
    /// The word opens a sentence (text start, or after `.`, `!`, `?` or a line break), where
    /// capitals say nothing.
    pub sentence_start: bool,
    /// Index of the clause the word is in: clauses end at `.`, `!`, `?`, `¿`, `¡`, `;`, `:`,
    /// brackets, line breaks, dashes `–` `—` and a spaced ` - `.
    pub clause: usize,
}

/// Cuts prose into words at every character that is not a letter or digit (apostrophes too:
/// `you're` → `you`, `re`; `l'argent` → `l`, `argent`) and between letters and digits (`45yo` →
/// `45`, `yo`), unlike [`tokenize`] not at camelCase humps (`YouTube` stays one word). Words are
/// folded to lower-case ASCII where an accent is all that differs, so the ASCII lexicons match
/// them.
pub fn prose_words(text: &str) -> Vec<ProseWord> {
    let mut words = Vec::new();
    let mut clause = 0;
    let mut sentence_start = true;
    let mut current: Option<(usize, bool)> = None; // (start, capitalized)
    let mut prev_numeric = false;
    let flush = |words: &mut Vec<ProseWord>,
                 current: &mut Option<(usize, bool)>,
                 end: usize,
                 clause: usize,
                 sentence_start: &mut bool| {
        if let Some((start, capitalized)) = current.take() {
            words.push(ProseWord {
                text: fold(&text[start..end]),
                start,
                end,
                capitalized,
                sentence_start: *sentence_start,
                clause,
            });
            *sentence_start = false;
        }
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            if current.is_some() && prev_numeric != c.is_numeric() {
                flush(&mut words, &mut current, at, clause, &mut sentence_start);
            }
            if current.is_none() {
                current = Some((at, c.is_uppercase()));
            }
            prev_numeric = c.is_numeric();
            continue;
        }
        flush(&mut words, &mut current, at, clause, &mut sentence_start);
        let spaced = |j: usize| chars.get(j).is_none_or(|&(_, c)| c.is_whitespace());
        let ends_sentence = matches!(c, '.' | '!' | '?' | '\n' | '\r' | '¿' | '¡' | '…');
        let ends_clause = ends_sentence
            || matches!(c, ';' | ':' | '(' | ')' | '[' | ']' | '–' | '—' | '|' | '•')
            || (c == '-' && i > 0 && spaced(i - 1) && spaced(i + 1));
        if ends_clause && words.last().is_some_and(|w| w.clause == clause) {
            clause += 1;
        }
        if ends_sentence {
            sentence_start = true;
        }
    }
    flush(
        &mut words,
        &mut current,
        text.len(),
        clause,
        &mut sentence_start,
    );
    words
}

/// Lower-case, accents removed (canonical decomposition without its combining marks), and the
/// letters that have no decomposition spelled out.
pub fn fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::with_capacity(word.len());
    for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Whether a string from code looks like a snake_case or kebab-case event name: 3 to 64
/// lower-case ASCII letters, digits, `_` or `-`, starting with a letter, with at least one `_` or
/// `-` (`hiv_test_ordered`, `union-signup`). Filters the strings of a DEX file before
/// [`Lexicon::find`] reads them: UI text has spaces, class and resource names have dots or
/// slashes, camelCase and UPPER_CASE strings are mostly the method, field and constant names every
/// DEX string table holds (`onUnionSignup`), and one-word strings are too common to read.
pub fn looks_like_event_name(s: &str) -> bool {
    (3..=64).contains(&s.len())
        && s.as_bytes()[0].is_ascii_lowercase()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        && s.bytes().any(|b| b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(name: &str) -> Vec<String> {
        tokenize(name)
    }

    #[test]
    fn tokenizes_every_naming_style() {
        let cases: &[(&str, &[&str])] = &[
            (
                "af_purchase_pregnancy_test",
                &["af", "purchase", "pregnancy", "test"],
            ),
            (
                "viewedDebtReliefOffer",
                &["viewed", "debt", "relief", "offer"],
            ),
            (
                "union-membership.signup",
                &["union", "membership", "signup"],
            ),
            ("Political Donation", &["political", "donation"]),
            ("HIVTestOrdered", &["hiv", "test", "ordered"]),
            ("orderHIV", &["order", "hiv"]),
            ("covid19_vaccine", &["covid", "19", "vaccine"]),
            ("fb_mobile_purchase", &["fb", "mobile", "purchase"]),
            ("__x__", &["x"]),
            ("", &[]),
            ("ÉtatCivil", &["état", "civil"]),
        ];
        for (name, expected) in cases {
            assert_eq!(words(name), *expected, "{name}");
        }
    }

    fn first(name: &str) -> Option<(SensitiveCategory, String)> {
        Lexicon::builtin()
            .find(name)
            .into_iter()
            .next()
            .map(|m| (m.category, m.term))
    }

    #[test]
    fn the_builtin_lexicon_loads_with_every_category() {
        let lexicon = Lexicon::from_sources(BUILTIN_SOURCES).unwrap_or_else(|e| panic!("{e}"));
        let cats: Vec<_> = lexicon.categories.iter().map(|c| c.category).collect();
        assert_eq!(cats, SensitiveCategory::ALL);
    }

    #[test]
    fn one_hit_and_one_guard_per_category() {
        use SensitiveCategory::*;
        let hits: &[(&str, SensitiveCategory, &str)] = &[
            ("mugshot_search_started", Crime, "mugshot"),
            ("af_pregnancy_test_purchase", Health, "pregnancy test"),
            ("orderHIVTestKit", Health, "hiv"),
            ("dna_test_kit_ordered", GeneticBiometric, "dna test"),
            (
                "debt_consolidation_lead",
                NegativeFinancial,
                "debt consolidation",
            ),
            ("viewedDebtReliefOffer", NegativeFinancial, "debt relief"),
            ("political_donation", Political, "political donation"),
            ("ethnicity_selected", RacialEthnic, "ethnicity"),
            ("church_donation", Religious, "church donation"),
            ("lgbtq_community_joined", SexLife, "lgbtq"),
            ("union_membership_signup", TradeUnion, "union membership"),
            ("unions_joined", TradeUnion, "union"),
        ];
        for (name, category, term) in hits {
            assert_eq!(first(name), Some((*category, term.to_string())), "{name}");
        }
        let guarded = [
            "true_crime_episode_played",
            "health_potion_bought",
            "HealthBarFull",
            "device_fingerprint_sent",
            "technical_debt_report",
            "political_game_level",
            "ethnic_food_order",
            "prayer_pose_completed",
            "escort_mission_failed",
            "credit_union_linked",
            "unionPayAdded",
        ];
        for name in guarded {
            assert_eq!(first(name), None, "{name}");
        }
    }

    #[test]
    fn everyday_names_do_not_match() {
        for name in [
            "party_mode_unlocked",
            "level_complete",
            "credit_card_added",
            "race_won",
            "temple_run_started",
            "notifications_disabled",
            "vote_for_map",
            "af_purchase",
            "af_content_view",
            "period_selected",
            "sex_selected",
        ] {
            assert_eq!(first(name), None, "{name}");
        }
    }

    #[test]
    fn a_guard_only_covers_its_own_words() {
        // "health potion" guards `health`, not the pregnancy test logged next to it.
        let found = Lexicon::builtin().find("health_potion_and_pregnancy_test");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].term, "pregnancy test");
        // The longest term at the earliest position wins; other categories are reported too.
        let found = Lexicon::builtin().find("sexual_health_clinic");
        let got: Vec<(SensitiveCategory, &str)> = found
            .iter()
            .map(|m| (m.category, m.term.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (SensitiveCategory::Health, "sexual health"),
                (SensitiveCategory::SexLife, "sexual"),
            ]
        );
    }

    #[test]
    fn plurals_match_but_other_endings_do_not() {
        assert!(word_matches("union", "unions"));
        assert!(word_matches("symptom", "symptoms"));
        assert!(word_matches("church", "churches"));
        assert!(!word_matches("union", "unionx"));
        assert!(!word_matches("dna", "dnas2"));
        assert_eq!(first("debtor_list"), None);
    }

    #[test]
    fn bad_lexicon_files_are_rejected() {
        let good = BUILTIN_SOURCES.to_vec();
        let with = |file: &'static str, text: &'static str| {
            let mut sources = good.clone();
            sources.retain(|(f, _)| *f != file);
            sources.push((file, text));
            Lexicon::from_sources(&sources).unwrap_err().to_string()
        };
        assert_eq!(
            with(
                "crime.toml",
                "id = \"crimes\"\nlabel = \"c\"\nterms = [\"x\"]\n"
            ),
            "crime.toml: id: `crimes` is not one of crime, health, genetic-biometric, \
             negative-financial, political, racial-ethnic, religious, sex-life, trade-union"
        );
        assert_eq!(
            with(
                "crime.toml",
                "id = \"crime\"\nlabel = \"c\"\nterms = [\"Arrest\"]\n"
            ),
            "crime.toml: terms: `Arrest`: write lower-case ASCII letters and digits, words \
             separated by one space"
        );
        assert_eq!(
            with(
                "crime.toml",
                "id = \"crime\"\nlabel = \"c\"\nterms = [\"covid19\"]\n"
            ),
            "crime.toml: terms: `covid19` can never match: names are cut between letters and \
             digits (write `covid 19`)"
        );
        assert_eq!(
            with(
                "crime.toml",
                "id = \"crime\"\nlabel = \"c\"\nterms = [\"a b\", \"a b\"]\n"
            ),
            "crime.toml: terms: `a b` is listed twice"
        );
        assert_eq!(
            with("crime.toml", "id = \"crime\"\nlabel = \"c\"\nterms = []\n"),
            "crime.toml: terms: is empty"
        );
        assert!(
            with("crime.toml", "id = \"crime\"\nterms = [\"x\"]\n").starts_with("crime.toml: ")
        );
        assert_eq!(
            with(
                "crime.toml",
                "id = \"health\"\nlabel = \"c\"\nterms = [\"x\"]\n"
            ),
            "crime.toml: id: `health` is given twice"
        );
        let mut missing = good.clone();
        missing.retain(|(f, _)| *f != "crime.toml");
        assert_eq!(
            Lexicon::from_sources(&missing).unwrap_err().to_string(),
            "(lexicon): id: no file for category `crime`"
        );
    }

    #[test]
    fn other_languages_match_and_code_abbreviations_do_not() {
        use SensitiveCategory::*;
        assert_eq!(first("vih_test_ordered"), Some((Health, "vih".into())));
        assert_eq!(
            first("deuda_consolidacion_lead"),
            Some((NegativeFinancial, "deuda".into()))
        );
        assert_eq!(
            first("schufa_check_started"),
            Some((NegativeFinancial, "schufa".into()))
        );
        assert_eq!(
            first("casier_judiciaire_vu"),
            Some((Crime, "casier judiciaire".into()))
        );
        for no in [
            "std_dev_computed",
            "spd_limit_set",
            "politica_privacidad_vista",
            "raza_perro",
        ] {
            assert_eq!(first(no), None, "{no}");
        }
    }

    #[test]
    fn prose_words_fold_accents_and_keep_capitals_clauses_and_offsets() {
        let text = "Êtes-vous endetté ? Ihre Schulden — YouTube, l'argent: 45yo straße";
        let words = prose_words(text);
        let folded: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            folded,
            [
                "etes", "vous", "endette", "ihre", "schulden", "youtube", "l", "argent", "45",
                "yo", "strasse"
            ]
        );
        for w in &words {
            assert_eq!(fold(&text[w.start..w.end]), w.text);
        }
        let clauses: Vec<usize> = words.iter().map(|w| w.clause).collect();
        assert_eq!(clauses, [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3]);
        let starts: Vec<bool> = words.iter().map(|w| w.sentence_start).collect();
        assert_eq!(starts[..4], [true, false, false, true]);
        assert!(words[3].capitalized && !words[4].text.is_empty());
        assert!(!words[6].capitalized);
        // A hyphen inside a word does not end the clause; a spaced one does.
        let words = prose_words("HIV-positive - you");
        assert_eq!((words[1].clause, words[2].clause), (0, 1));
    }

    #[test]
    fn find_in_words_gives_every_hit_with_its_span() {
        let words: Vec<String> = prose_words("Your arrest record and your debts, deine Schulden")
            .into_iter()
            .map(|w| w.text)
            .collect();
        let hits: Vec<(SensitiveCategory, String, usize, usize)> = Lexicon::builtin()
            .find_in_words(&words)
            .into_iter()
            .map(|h| (h.category, h.term, h.start, h.len))
            .collect();
        use SensitiveCategory::*;
        let expected = [
            (Crime, "arrest record", 1, 2),
            (NegativeFinancial, "debt", 5, 1),
            (NegativeFinancial, "schulden", 7, 1),
        ]
        .map(|(c, t, s, l)| (c, t.to_string(), s, l));
        assert_eq!(hits, expected);
        assert!(Lexicon::builtin().has_term("arrest record"));
        assert!(!Lexicon::builtin().has_term("arrest records"));
    }

    #[test]
    fn event_name_shape() {
        for yes in ["hiv_test_ordered", "union-signup", "af_2nd_dose"] {
            assert!(looks_like_event_name(yes), "{yes}");
        }
        for no in [
            "hiv",
            "viewedHivTestKit",
            "onUnionSignup",
            "EVENT_HIV_TEST",
            "Order an HIV test",
            "com.example.Health",
            "Lcom/example/Health;",
            "_private_name",
            "ab",
            "health_ü",
        ] {
            assert!(!looks_like_event_name(no), "{no}");
        }
    }
}
