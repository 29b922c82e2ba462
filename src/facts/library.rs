//! Facts from an Android library's (`.aar`) own files besides its code: the resources its
//! `R.txt` declares and the class patterns its consumer `proguard.txt` keeps.
//!
//! Kept rules are facts, not SDK evidence: a library keeps the classes of a dependency it calls
//! (`-keep class com.appsflyer.** { *; }`) whether or not the app ends up with that dependency
//! (it is often optional, and paired with `-dontwarn`), so a kept name is no build metadata
//! naming the SDK as part of the app, which is what `declared` confidence means.

use serde::Serialize;

use super::Location;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LibraryFiles {
    /// `R.txt`: the library's resources, in file order.
    pub resources: Vec<LibraryResource>,
    /// `proguard.txt`: the classes its keep rules name, in file order.
    pub keep_rules: Vec<KeepRule>,
}

/// One line of `R.txt` (`int string app_name 0x7f0f0001`, `int[] styleable Banner { … }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LibraryResource {
    /// The resource type (`string`, `xml`, `styleable`).
    pub kind: String,
    pub name: String,
    /// `{file: "R.txt", locator: "line 3"}`.
    pub location: Location,
}

/// A `-keep…` rule of a consumer ProGuard / R8 file and the class pattern it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeepRule {
    /// `-keep`, `-keepclassmembers`, `-keepnames`, … (its `,modifiers` dropped).
    pub directive: String,
    /// The class specification's name as written: `com.appsflyer.**`, `*`, `com.a.B`.
    pub class: String,
    /// `{file: "proguard.txt", locator: "line 3"}`.
    pub location: Location,
}
