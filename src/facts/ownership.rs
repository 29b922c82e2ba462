//! Ownership: whose code a class, string, string resource or call site belongs to — the app's, or
//! an SDK's of the database.
//!
//! Compact: a small list of owners (index 0 is always the app) and, per table of [`Facts`], an
//! owner index parallel to the table. Computed once after extraction (`Ownership::compute`, in `extract::ownership`:
//! it reads the SDK database, which facts must not depend on);
//! a [`Facts`] value without it (hand-built, or before computing) counts everything as the app's.
//!
//! - A class is an SDK's when the SDK database's class signatures cover it, unless it lies in the
//!   app's own package (the manifest package), which is the app's even under an SDK prefix. With
//!   an `--exodus-trackers` list, a class no database SDK owns but a tracker's code signature
//!   covers is that tracker's (`exodus:<id>`, or the SDK whose `exodus_id` it is). Code of the
//!   shared third-party libraries `extract/data/library_namespaces.txt` lists (support and
//!   runtime libraries, Play services' and Firebase's common code, the Facebook SDK's core) is a
//!   library's: neither the app's nor an SDK's. Code of libraries none of these knows counts as
//!   the app's.
//! - A DEX string is owned by the class whose method code loads it (`const-string`, the first
//!   such class); a string no code loads is the app's.
//! - A Mach-O string is owned by the SDK whose `[ios] frameworks` name the framework it was read
//!   from (`Foo.framework/…`), else by the app. Native and JavaScript strings are the app's.
//! - String resources are the app's (merged library resources cannot be told apart).
//! - A call site is owned by its caller's class. On iOS the caller is an Objective-C method
//!   (`-[AppsFlyerLib start]`: the class's SDK, by `[ios]` signatures) or a function (the app's);
//!   the callee belongs to the SDK of the receiver's class, or with an unknown receiver or a
//!   function, to the SDK whose `[[ios.apis]]` list the selector or symbol.

use serde::Serialize;

use super::Facts;

/// SDK ids of the trackers of an `--exodus-trackers` list start with this (`exodus:69`). Here, in
/// the leaf that names owners, so that facts, the matcher and the Exodus import share it without
/// importing one another.
pub const EXODUS_ID_PREFIX: &str = "exodus:";

/// An index into [`Ownership::owners`]; [`APP`] is the app.
pub type OwnerId = u16;

/// The app's owner id.
pub const APP: OwnerId = 0;

/// Who owns an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Owner {
    App,
    /// An SDK of the database, by id.
    Sdk(String),
    /// A shared third-party library that is no SDK of the database, by the namespace of
    /// `extract/data/library_namespaces.txt` that covers it (`com.facebook`): not the app's.
    Library(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ownership {
    /// `owners[0]` is [`Owner::App`] once computed.
    pub owners: Vec<Owner>,
    /// Parallel to `Facts::classes`.
    pub classes: Vec<OwnerId>,
    /// Parallel to `Facts::strings`.
    pub strings: Vec<OwnerId>,
    /// Parallel to `Facts::string_resources`.
    pub string_resources: Vec<OwnerId>,
    /// Parallel to `Facts::call_sites`: the owner of the caller's class.
    pub call_sites: Vec<OwnerId>,
    /// Parallel to `Facts::call_sites`: the owner of the callee's class.
    pub callees: Vec<OwnerId>,
    /// Indices into `Facts::call_sites`, sorted by caller, so that [`Facts::caller_is_app`] is a
    /// binary search (a linear scan per API call took minutes on an app with 100,000 calls).
    #[serde(skip)]
    pub callers_sorted: Vec<u32>,
}

impl Ownership {
    /// The owner `id` stands for; the app for an unknown id.
    pub fn owner(&self, id: OwnerId) -> &Owner {
        const APP_OWNER: &Owner = &Owner::App;
        self.owners.get(id as usize).unwrap_or(APP_OWNER)
    }

    /// The SDK id owning the item at `index` of `table`, or `None` when the app or a library
    /// owns it.
    pub fn sdk_of(&self, table: &[OwnerId], index: usize) -> Option<&str> {
        match self.owner(table.get(index).copied().unwrap_or(APP)) {
            Owner::Sdk(id) => Some(id),
            Owner::App | Owner::Library(_) => None,
        }
    }

    /// Whether the app owns the item at `index` of `table` (neither an SDK nor a library does).
    pub fn is_app(&self, table: &[OwnerId], index: usize) -> bool {
        *self.owner(table.get(index).copied().unwrap_or(APP)) == Owner::App
    }

    /// Whether a library (not an SDK of the database, not the app) owns the item at `index`.
    pub fn is_library(&self, table: &[OwnerId], index: usize) -> bool {
        matches!(
            self.owner(table.get(index).copied().unwrap_or(APP)),
            Owner::Library(_)
        )
    }

    pub fn string_is_app(&self, index: usize) -> bool {
        self.is_app(&self.strings, index)
    }

    pub fn call_site_is_app(&self, index: usize) -> bool {
        self.is_app(&self.call_sites, index)
    }
}

/// How the app's own code calls one SDK: the number of call sites (distinct calling method and
/// called method) and the first of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppCalls<'a> {
    pub count: usize,
    pub first: Option<AppCall<'a>>,
}

/// One call of the app's into an SDK, in smali form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppCall<'a> {
    pub callee: &'a str,
    pub caller: &'a str,
}

impl Facts {
    /// The call sites in app-owned code that invoke SDK `sdk`'s classes (the calls into the APIs
    /// the database lists, which are the ones extracted). `None` where calls are not known: an
    /// iOS bundle none of whose binaries had its code walked (a vendor framework), or a bundle
    /// whose ownership was not computed.
    pub fn app_calls(&self, sdk: &str) -> Option<AppCalls<'_>> {
        // An Exodus tracker (`exodus:<id>`) may own classes, but calls into it are not extracted
        // (only the database's APIs are): its calls are unknown, not none.
        if sdk.starts_with(EXODUS_ID_PREFIX) {
            return None;
        }
        let walked = match self.platform {
            // A library (`.aar`, `.jar`) has no app: its calls are the library's, none the app's.
            super::Platform::Android => !matches!(
                self.format,
                super::BundleFormat::Aar | super::BundleFormat::Jar
            ),
            super::Platform::Ios => self.apple_binaries.iter().any(|b| b.calls_walked),
        };
        if !walked || self.ownership.callees.len() != self.call_sites.len() {
            return None;
        }
        let api_calls = self
            .call_sites
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                self.ownership.call_site_is_app(*i)
                    && self.ownership.sdk_of(&self.ownership.callees, *i) == Some(sdk)
            })
            .map(|(_, c)| AppCall {
                callee: c.callee.as_str(),
                caller: c.caller.as_str(),
            });
        // Calls into the SDK's other methods (`Branch.getAutoInstance`, `AppEventsLogger
        // .activateApp`), recorded as (callee, caller) pairs by the DEX walk.
        let other_calls = self
            .sdk_invokes
            .iter()
            .filter(|(callee, caller)| {
                self.class_owner_is(caller, None) && self.class_owner_is(callee, Some(sdk))
            })
            .map(|(callee, caller)| AppCall {
                callee: callee.as_str(),
                caller: caller.as_str(),
            });
        let mut seen = std::collections::HashSet::new();
        let mut calls = api_calls
            .chain(other_calls)
            .filter(|c| seen.insert((c.caller, c.callee)));
        let first = calls.next();
        Some(AppCalls {
            count: first.map_or(0, |_| 1 + calls.count()),
            first,
        })
    }

    /// Whether the class of smali method `method` (`Lcom/a/B;->m()V`) is owned by SDK `sdk`, or
    /// by the app for `None` (a class not in the table is the app's).
    fn class_owner_is(&self, method: &str, sdk: Option<&str>) -> bool {
        let class = method.split_once("->").map_or(method, |(c, _)| c);
        // `Lcom/a/B;` → `com.a.B` (here, not through `android::dex`: facts depend on no parser).
        let Some(name) = class
            .strip_prefix('L')
            .and_then(|c| c.strip_suffix(';'))
            .map(|c| c.replace('/', "."))
        else {
            return sdk.is_none();
        };
        let index = self
            .classes
            .binary_search_by(|c| c.name.as_str().cmp(&name))
            .ok();
        match (index, sdk) {
            (Some(i), None) => self.ownership.is_app(&self.ownership.classes, i),
            (None, None) => true,
            (Some(i), Some(id)) => self.ownership.sdk_of(&self.ownership.classes, i) == Some(id),
            (None, Some(_)) => false,
        }
    }

    /// Whether the call site whose caller is `caller` (smali form, as in `CallSite::caller` and
    /// an API call's locator) is the app's code. Unknown callers are the app's.
    pub fn caller_is_app(&self, caller: &str) -> bool {
        // Every call site of one caller has the same owner: its caller's class.
        let sorted = &self.ownership.callers_sorted;
        let found = if sorted.len() == self.call_sites.len() {
            sorted
                .binary_search_by(|&i| self.call_sites[i as usize].caller.as_str().cmp(caller))
                .ok()
                .map(|k| sorted[k] as usize)
        } else {
            // Hand-built facts without computed ownership.
            self.call_sites.iter().position(|c| c.caller == caller)
        };
        found.is_none_or(|i| self.ownership.call_site_is_app(i))
    }
}
