//! The evidence of a finding about something *missing*: where sdklint looked and what for.
//!
//! A missing privacy notice has no location of its own, and citing an SDK class instead says
//! nothing (the same class stood under four findings). So each such finding gets one line per
//! surface it searched — `resources.arsc: searched 16 string resources (every locale) for a
//! privacy-policy URL or notice wording` — and names its SDKs once, in the message and `sdks`.
//! Counts are of what was searched, so a reader can tell "looked and found none" from "had
//! nothing to look at".

use crate::facts::{Facts, Location, Platform};
use crate::inventory::Inventory;

/// How every line of this module starts; [`is_searched`] tells such lines from a finding's own
/// evidence (a baseline must not see a finding as new because the app grew a string).
const SEARCHED: &str = "searched ";

/// Whether `locator` is a line of this module (where a rule looked), not evidence of its own.
pub fn is_searched(locator: &str) -> bool {
    locator.starts_with(SEARCHED)
}

/// Where [`super::consent_data::texts`] looks, one line per surface: string resources, manifest
/// `<meta-data>` values, code strings outside the SDKs' code, Info.plist values and localized
/// usage descriptions. A bundle without any of them gets one line saying so.
pub fn texts(facts: &Facts, looked_for: &str) -> Vec<Location> {
    lines(facts, looked_for, true)
}

/// [`texts`] for the rules that read string resources and code strings only (IAB keys).
pub fn resources_and_code(facts: &Facts, looked_for: &str) -> Vec<Location> {
    lines(facts, looked_for, false)
}

fn lines(facts: &Facts, looked_for: &str, all: bool) -> Vec<Location> {
    let mut out = Vec::new();
    if let Some(first) = facts.string_resources.first() {
        out.push(Location::new(
            first.location.file.as_str(),
            format!(
                "{SEARCHED}{} (every locale) for {looked_for}",
                count(facts.string_resources.len(), "string resource")
            ),
        ));
    }
    let meta = facts.meta_data.iter().filter(|m| m.value.is_some()).count();
    if let (Some(first), true) = (facts.meta_data.first(), all && meta > 0) {
        out.push(Location::new(
            first.location.file.as_str(),
            format!(
                "{SEARCHED}{} for {looked_for}",
                count(meta, "<meta-data> value")
            ),
        ));
    }
    // Code strings no SDK's code owns, in one line: a count per DEX would crowd out the rest
    // (reports show the first few lines). Strings no method loads (names, descriptors) count
    // as the app's, as `texts` reads them, so "outside the SDKs' code" rather than "the app's".
    let mut files: Vec<&str> = Vec::new();
    let mut n = 0;
    for (i, s) in facts.strings.iter().enumerate() {
        if facts.ownership.string_is_app(i) {
            n += 1;
            // Strings come grouped by file: the last file seen is almost always this one (a
            // 159-DEX app has millions of strings; a scan of the list per string dominated).
            let file = s.location.file.as_str();
            let last = files
                .last()
                .is_some_and(|l| std::ptr::eq(*l, file) || *l == file);
            if !last && !files.contains(&file) {
                files.push(file);
            }
        }
    }
    if let Some(first) = files.first() {
        let spread = if files.len() > 1 {
            format!(", in {} files,", files.len())
        } else {
            String::new()
        };
        out.push(Location::new(
            *first,
            format!(
                "{SEARCHED}{} outside the SDKs' code{spread} for {looked_for}",
                count(n, "string")
            ),
        ));
    }
    let plist = &facts.apple.info_plist_keys;
    if let (Some(first), true) = (plist.first(), all) {
        out.push(Location::new(
            first.location.file.as_str(),
            format!(
                "{SEARCHED}{} for {looked_for}",
                count(plist.len(), "Info.plist key")
            ),
        ));
    }
    let usage = &facts.apple.usage_descriptions;
    if let (Some(first), true) = (usage.first(), all) {
        out.push(Location::new(
            first.location.file.as_str(),
            format!(
                "{SEARCHED}{} (every locale) for {looked_for}",
                count(usage.len(), "usage description")
            ),
        ));
    }
    if out.is_empty() {
        out.push(Location::new(
            facts.path.as_str(),
            format!(
                "{SEARCHED}nothing for {looked_for}: the app has no string resources and no \
                 strings in its own code"
            ),
        ));
    }
    out
}

/// Where the app's own calls into SDK APIs were searched for `looked_for`, in one line: how
/// many there were (Android DEX, iOS arm64 code) and in how many files.
pub fn api_calls(facts: &Facts, inventory: &Inventory, looked_for: &str) -> Vec<Location> {
    let mut files: Vec<&str> = Vec::new();
    let mut n = 0;
    for call in super::consent_data::app_api_calls(facts, inventory) {
        n += 1;
        if !files.contains(&call.location.file.as_str()) {
            files.push(&call.location.file);
        }
    }
    let owner = app_code_owner(facts);
    let Some(first) = files.first() else {
        // Where the app's code is: the first call site's file, else (iOS) its own executable.
        let file = facts
            .call_sites
            .first()
            .map(|c| c.location.file.as_str())
            .or_else(|| app_binary(facts))
            .unwrap_or(facts.path.as_str());
        return vec![Location::new(
            file,
            format!(
                "{SEARCHED}{owner} for {looked_for}: it calls no SDK consent, opt-out, \
                 child-directed or age API"
            ),
        )];
    };
    let spread = if files.len() > 1 {
        format!(", in {} files,", files.len())
    } else {
        String::new()
    };
    vec![Location::new(
        *first,
        format!(
            "{SEARCHED}{} from {owner}{spread} for {looked_for}",
            count(
                n,
                "call to an SDK consent, opt-out, child-directed or age API"
            )
        ),
    )]
}

/// The searched line for a missing manifest permission.
pub fn permissions(facts: &Facts, looked_for: &str) -> Option<Location> {
    let manifest = facts.manifest_file.as_deref()?;
    Some(Location::new(
        manifest,
        format!(
            "{SEARCHED}{} for {looked_for}",
            count(facts.permissions.len(), "uses-permission element")
        ),
    ))
}

/// The first Mach-O image outside every `*.framework/`: the app's own executable.
pub fn app_binary(facts: &Facts) -> Option<&str> {
    facts
        .apple_binaries
        .iter()
        .map(|b| b.path.as_str())
        .find(|p| super::consent_data::outside_frameworks(p))
}

/// `1 string`, `2 strings`; `1 call to an X`, `2 calls to an X` (the first word takes the `s`).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    match noun.split_once(' ') {
        Some((head, rest)) if head == "call" => format!("{n} {head}s {rest}"),
        _ => format!("{n} {noun}s"),
    }
}

/// "the app's own code (package com.example.shop)": what "app-owned" means in this bundle.
fn app_code_owner(facts: &Facts) -> String {
    match (&facts.app.id, facts.platform) {
        (Some(id), Platform::Android) => format!("the app's own code (package {id})"),
        _ => "the app's own code".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::consent_data::test_support::{facts_with, push_loaded_string};
    use super::*;
    use crate::facts::ownership::Ownership;
    use crate::facts::resources::StringResource;
    use crate::inventory::SdkDb;

    #[test]
    fn one_line_per_surface_with_what_was_searched() {
        let mut facts = facts_with(
            Platform::Android,
            &["com.appsflyer.AppsFlyerLib", "com.example.shop.App"],
        );
        facts.app.id = Some("com.example.shop".into());
        facts.string_resources.push(StringResource {
            name: "app_name".into(),
            locale: String::new(),
            value: "Shop".into(),
            location: Location::new("resources.arsc", "string/app_name"),
        });
        push_loaded_string(&mut facts, "hello", "com.example.shop.App");
        push_loaded_string(
            &mut facts,
            "opt out of logging",
            "com.appsflyer.AppsFlyerLib",
        );
        facts.ownership = Ownership::compute(SdkDb::builtin(), &facts);
        let lines = texts(&facts, "opt-out wording");
        assert_eq!(
            lines,
            [
                Location::new(
                    "resources.arsc",
                    "searched 1 string resource (every locale) for opt-out wording"
                ),
                // AppsFlyer's own string is not the app's: one string searched, not two.
                Location::new(
                    "classes.dex",
                    "searched 1 string outside the SDKs' code for opt-out wording"
                ),
            ]
        );
    }

    #[test]
    fn nothing_to_search_says_so() {
        let facts = Facts::new(
            "app.apk",
            Platform::Android,
            crate::facts::BundleFormat::Apk,
        );
        let lines = texts(&facts, "a privacy-policy URL");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].file, "app.apk");
        assert!(lines[0].locator.starts_with("searched nothing for"));
        let inventory = Inventory::build(SdkDb::builtin(), &facts);
        let calls = api_calls(&facts, &inventory, "a consent API call");
        assert_eq!(
            calls[0].locator,
            "searched the app's own code for a consent API call: it calls no SDK consent, \
             opt-out, child-directed or age API"
        );
    }
}
