//! The facts of `sdklint copy`: an ad's texts, read from an ad file by [`crate::copy`] and checked
//! by the ad-copy rules. Here, with the other facts rules read, so that rules need nothing of the
//! module that reads ad files.

use serde::Serialize;

/// One ad: its id, where it is, and its texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ad {
    /// The file the ad was read from, as given.
    pub file: String,
    /// The id column or key, else `file:line`.
    pub id: String,
    /// The 1-based line the ad starts on.
    pub line: usize,
    pub fields: Vec<AdField>,
}

/// One text of an ad: a headline, a body, a call to action, or (plain text) the whole paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdField {
    /// `headline`, `body`, `cta` or `text`.
    pub name: String,
    pub text: String,
    /// The 1-based line the text starts on.
    pub line: usize,
}
