use super::ad_copy::{AdCopyData, Reading};
use super::sensitive::{Lexicon, TermHit};
use super::{AdFinding, Clause, Rule, Severity, declare_rule};
use crate::facts::Location;
use crate::facts::ad::Ad;

declare_rule! {
    /// ## What it checks
    /// An ad text (`sdklint copy`) that speaks to the reader about a sensitive category — crime,
    /// health, genetic or biometric data, negative financial status, political views, racial or
    /// ethnic origin, religion or philosophy, sex life, trade-union membership — as if it knew
    /// the reader belongs to it: "Struggling with your debt?", "Are you HIV positive?", "Other
    /// Christian singles near you", "Your arrest record can be erased". One finding per ad text
    /// and category, naming the term and what ties it to the reader.
    ///
    /// A sensitive term (the lexicons SL601 uses, in English, Spanish, German and French) is tied
    /// to the reader, within one clause, by:
    /// - a second-person word up to four words before it, or a second-person pronoun up to three
    ///   after (you, your; tú, tu, te, usted, su, tienes; du, dein, `Sie`, `Ihre` with their
    ///   capital; tu, ton, vous, votre) — for a term that names a provider or a place (therapist,
    ///   pharmacy, church) only a second person right before it ("your therapist");
    /// - a group word right before it that puts the reader in the group ("other", "fellow";
    ///   otros; andere; d'autres);
    /// - a comparison with the reader later in the clause ("Électeurs de gauche comme vous");
    /// - "as a" opening the clause right before it, with the reader in the sentence ("As a
    ///   Democrat, you know…", "Como votante del partido, tu voz cuenta");
    /// - a short question with no subject of its own ("Struggling with debt?", "¿Deudas?").
    ///
    /// What is fine and does not fire: information addressed to everyone ("Get tested for HIV —
    /// free clinics near you": the dash ends the clause; "Anyone can get help with debt"); the
    /// advertiser's own identity or product, a term next to an organization or product noun or
    /// after a first-person word ("a Christian bookstore", "HIV clinics", "our Catholic
    /// charity"); a provider near the reader ("Find a therapist near you"); a possessive after
    /// the term that belongs to another noun ("Don't let debt hold your business back");
    /// questions about facts ("Is HIV curable?"); and attributes every reader has
    /// ("Take care of your health", "Discover your DNA"). The words are in
    /// `src/rules/data/ad_copy.toml`.
    ///
    /// Blind spots: the rule reads words, not meaning. An implication without a sensitive term
    /// ("Tired of hiding who you really are?"), with the reader as a third person ("People with
    /// diabetes should…" fires nothing), in a language it does not cover, or spread over two
    /// sentences ("Struggling? Debt relief is here.") is missed; a second person that belongs to
    /// someone else in the clause ("Help your mother with her diabetes") fires.
    ///
    /// ## Why
    /// X's policies for conversion tracking and custom audiences
    /// (<https://business.x.com/en/help/ads-policies/campaign-considerations/policies-for-conversion-tracking-and-custom-audiences>)
    /// forbid ads that assert or imply knowledge of sensitive information about the person who
    /// sees them, even when the ad was neither created nor targeted with such information. An
    /// ad that asks "Are you HIV positive?" tells everyone who sees it, and anyone looking over
    /// their shoulder, that X's advertiser believes they are.
    ///
    /// ## How to fix
    /// Speak about the offer, not about the reader: "Debt relief programs — free consultation"
    /// instead of "Struggling with your debt?"; "HIV testing, free and confidential" instead of
    /// "Are you HIV positive?"; "A Christian dating community" instead of "Other Christian
    /// singles near you". If a match is wrong, suppress it in `sdklint.toml` with an
    /// `[[ignore]]` entry (`rule = "SL701"`, `bundle = "ads/*.csv"`) and the reason.
    ///
    /// ## Example
    /// ```text
    /// ads.csv:3  error  SL701  ad-implies-sensitive-knowledge  ad spring-1 headline: "Struggling with your debt?" implies sensitive knowledge about the reader: negative financial status ("debt", addressed as "your")
    /// ```
    pub static SL701 = {
        code: "SL701",
        name: "ad-implies-sensitive-knowledge",
        clause: Clause::AdCopy,
        severity: Severity::Error,
        check_ad: check,
    };
}

fn check(rule: &Rule, ad: &Ad) -> Vec<AdFinding> {
    let data = AdCopyData::builtin();
    let texts: Vec<&str> = ad.fields.iter().map(|f| f.text.as_str()).collect();
    let lang = data.language_of(&texts);
    let lexicon = Lexicon::builtin();
    let mut out = Vec::new();
    for field in &ad.fields {
        let reading = Reading::new(&field.text, lang);
        let mut seen = Vec::new();
        for hit in lexicon.find_in_words(&reading.folded()) {
            if seen.contains(&hit.category) {
                continue;
            }
            let Some(tie) = tie_to_reader(&reading, &hit, data) else {
                continue;
            };
            seen.push(hit.category);
            let excerpt = reading.excerpt(reading.words[hit.start].clause);
            let message = format!(
                "\"{excerpt}\" implies sensitive knowledge about the reader: {} (\"{}\", {tie})",
                hit.label,
                reading.original(hit.start, hit.len)
            );
            let locator = format!("ad {} {}: {excerpt}", ad.id, field.name);
            out.push(AdFinding {
                ad: ad.id.clone(),
                field: field.name.clone(),
                line: field.line + reading.line_offset(hit.start),
                finding: rule.finding(message, Vec::new(), vec![Location::new(&ad.file, locator)]),
            });
        }
    }
    out
}

/// What ties the sensitive term `hit` to the reader, for the message; `None` when nothing does or
/// a guard says the term is about someone or something else.
fn tie_to_reader(r: &Reading<'_>, hit: &TermHit, data: &AdCopyData) -> Option<String> {
    let lang = r.lang;
    let (start, end) = (hit.start, hit.start + hit.len);
    let clause = r.words[start].clause;
    let words = r.clause_words(clause);
    let your_term = r.ends_before(&lang.second_person, start, 0).is_some();
    let names_organization = r
        .find_between(&lang.organization, end, end + 2, clause)
        .or_else(|| r.find_between(&lang.organization, start.saturating_sub(2), start, clause))
        .is_some();
    if names_organization && !your_term {
        return None;
    }
    if let Some((g, len)) = (0..=1).find_map(|gap| r.ends_before(&lang.group, start, gap)) {
        return Some(format!(
            "\"{}\" puts the reader in the group",
            r.original(g, len)
        ));
    }
    // A first-person or everyone word speaks of the term unless the reader comes in between:
    // "We're a Catholic charity", but "We can erase your arrest record"; "Anyone can get
    // help", but "Todos tus problemas de deudas".
    let reader_between = |(i, len): (usize, usize)| {
        let (from, to) = if i < start {
            (i + len, start)
        } else {
            (end, i)
        };
        r.find_between(&lang.second_person, from, to, clause)
            .is_some()
    };
    let advertiser_speaks = r
        .find_between(&lang.first_person, start.saturating_sub(3), start, clause)
        .is_some_and(|at| !reader_between(at));
    let to_everyone = (words.start..words.end)
        .filter_map(|i| r.any_at(&lang.everyone, i).map(|len| (i, len)))
        .any(|at| !reader_between(at));
    if advertiser_speaks || to_everyone || data.everyone_terms.contains(&hit.term) {
        return None;
    }
    // Before the term any second person; after it only a pronoun ("singles near you"), not a
    // possessive of another noun ("debt holding your business back"). A provider ("Find a
    // therapist near you") only with a second person right before it ("your therapist").
    let pronoun_after = (end..end + 3)
        .filter(|&i| i < words.end && r.any_at(&lang.possessives, i).is_none())
        .find_map(|i| r.any_at(&lang.second_person, i).map(|len| (i, len)));
    let addressed = if data.providers.contains(&hit.term) {
        (0..=1).find_map(|gap| r.ends_before(&lang.second_person, start, gap))
    } else {
        r.find_between(&lang.second_person, start.saturating_sub(4), start, clause)
            .or(pronoun_after)
    };
    if let Some((i, len)) = addressed {
        return Some(format!("addressed as \"{}\"", r.original(i, len)));
    }
    // "As a Democrat, you know…": the clause opens with "as a" right before the term, and the
    // reader is in the sentence.
    let as_a = (0..=1)
        .find_map(|gap| r.ends_before(&lang.as_a, start, gap))
        .filter(|&(i, _)| i == words.start);
    if let Some((i, len)) = as_a {
        let sentence = r.sentence_words(start);
        let reader = (sentence.start..sentence.end)
            .find_map(|k| r.any_at(&lang.second_person, k).map(|len| (k, len)));
        if reader.is_some() {
            return Some(format!("\"{}\" makes the reader one", r.original(i, len)));
        }
    }
    if let Some((i, len)) = r.find_between(&lang.like_you, end, words.end, clause) {
        return Some(format!(
            "compared with the reader, \"{}\"",
            r.original(i, len)
        ));
    }
    let bare_question = r.is_question(clause)
        && words.len() <= 6
        && r.any_at(&lang.question_words, words.start).is_none()
        && r.find_between(&lang.first_person, words.start, words.end, clause)
            .is_none();
    bare_question.then(|| "a question to the reader".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy::AdField;

    fn ad(text: &str) -> Ad {
        Ad {
            file: "ads.txt".into(),
            id: "a-1".into(),
            line: 7,
            fields: vec![AdField {
                name: "text".into(),
                text: text.into(),
                line: 7,
            }],
        }
    }

    fn messages(text: &str) -> Vec<String> {
        check(&SL701, &ad(text))
            .into_iter()
            .map(|f| f.finding.message)
            .collect()
    }

    #[test]
    fn each_tie_to_the_reader_is_named() {
        let cases = [
            ("Struggling with your debt?", "addressed as \"your\""),
            (
                "Other Christian singles",
                "\"Other\" puts the reader in the group",
            ),
            (
                "Électeurs de gauche comme vous",
                "compared with the reader, \"comme vous\"",
            ),
            ("Depressed?", "a question to the reader"),
        ];
        for (text, tie) in cases {
            let got = messages(text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert!(got[0].ends_with(&format!("{tie})")), "{text}: {}", got[0]);
        }
    }

    #[test]
    fn guards_keep_the_advertiser_everyone_and_facts_out() {
        for text in [
            "We're a Catholic charity serving you since 1950",
            "Our Christian bookstore welcomes you",
            "Anyone with debt can call you back? No: anyone can call us",
            "Is HIV curable? Learn the facts.",
            "Protect your health this winter",
            "HIV testing near you",
            "Your local Christian bookstore",
            "Don't let debt hold your business back",
            "Find a therapist near you",
            "Mosques near you",
        ] {
            assert_eq!(messages(text), Vec::<String>::new(), "{text}");
        }
        // "your" right before the term outweighs the product noun after it, and the reader
        // between the advertiser (or everyone) and the term ties it to the reader.
        for text in [
            "Your HIV test results are ready",
            "We can erase your arrest record",
            "Nous effaçons votre casier judiciaire",
            "Todos tus problemas de deudas, resueltos",
            "Your therapist, on your phone",
            "Debt is crushing you?",
        ] {
            assert_eq!(messages(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn the_line_is_the_line_of_the_term_and_one_finding_per_category() {
        let found = check(
            &SL701,
            &ad("New in town?\nStruggling with your debt?\nYour debts, your loans"),
        );
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].ad.as_str()), (8, "a-1"));
        assert_eq!(
            found[0].finding.evidence[0].locator,
            "ad a-1 text: Struggling with your debt?"
        );
    }
}
