//! Facts from Android resources: the string resources of `resources.arsc` (see
//! `extract::resources`), in every locale, for the rules that look for notice, opt-out and
//! age-gate text.

use serde::Serialize;

use super::{Location, SharedStr};

/// A string resource: `@string/name` in one locale.
///
/// Every configuration that gives the string a value yields one item (a `values-night` or
/// `values-v26` variant too, with the locale of its configuration); identical name, locale and
/// value appear once. A string whose value is a reference to another string (`@string/other`)
/// carries the string it resolves to in the same locale. Bags (`<string-array>`, `<plurals>`)
/// are not listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StringResource {
    /// Resource name (`privacy_policy_url`).
    pub name: String,
    /// The locale of the configuration as a BCP 47 tag (`fr`, `pt-BR`, `fil`, `sr-Latn`), empty
    /// for the default configuration.
    pub locale: String,
    /// The text; one allocation per distinct text of the table (the same value in 80 locales, or
    /// a crafted table pointing 65,536 entries at one 100 KB string, is held once).
    pub value: SharedStr,
    /// `{file: "resources.arsc", locator: "string/privacy_policy_url (fr)"}`; the default
    /// locale has no parenthesis.
    pub location: Location,
}
