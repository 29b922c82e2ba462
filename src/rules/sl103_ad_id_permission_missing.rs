use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::{Location, Platform};
use crate::inventory::Category;

/// The permission Google Play services require, from Android 13 (API 33) on, before an app or its
/// SDKs may read the advertising id.
pub const AD_ID_PERMISSION: &str = "com.google.android.gms.permission.AD_ID";

/// The first target SDK at which the advertising id reads as zeros without [`AD_ID_PERMISSION`].
const AD_ID_TARGET_SDK: u32 = 33;

declare_rule! {
    /// ## What it checks
    /// An Android app that targets API 33 or later and embeds an attribution or advertising SDK,
    /// but does not declare `com.google.android.gms.permission.AD_ID` in its manifest. This is
    /// Google's requirement (Google Play services), not a clause of X's policy. An app that tags
    /// itself child-directed (the child-directed signals of SL501, from the app's own code) is
    /// never told to add the permission: Google Play's Families policy forbids it for children.
    ///
    /// ## Why
    /// From Android 13 on, Google Play services return a zeroed advertising id to apps that target
    /// API 33+ without this permission. Attribution SDKs then fall back to other signals, or lose
    /// install attribution silently, so the conversion data sent to X's measurement partners differs
    /// from what the app's privacy notice and consent flow describe. Either declare the permission
    /// (and cover the advertising id in notice, consent and opt-out), or, for an app that must not
    /// use the advertising id (such as one directed to children), make sure no SDK depends on it.
    ///
    /// ## How to fix
    /// Add the permission to `AndroidManifest.xml` (most SDKs' own manifests merge it in; a
    /// `tools:node="remove"` somewhere may have dropped it):
    /// ```xml
    /// <uses-permission android:name="com.google.android.gms.permission.AD_ID" />
    /// ```
    /// If the app must not use the advertising id, keep it out and disable the SDKs' ad-id
    /// collection instead (e.g. AppsFlyer `setDisableAdvertisingIdentifiers(true)`).
    ///
    /// ## Example
    /// ```text
    /// warning  SL103 ad-id-permission-missing  targetSdk 34 and AppsFlyer, Adjust embedded, but com.google.android.gms.permission.AD_ID is not declared
    ///          AndroidManifest.xml: uses-sdk targetSdkVersion=34
    ///          AndroidManifest.xml: searched 3 uses-permission elements for com.google.android.gms.permission.AD_ID
    /// ```
    pub static SL103 = {
        code: "SL103",
        name: "ad-id-permission-missing",
        clause: Clause::Integration,
        severity: Severity::Warning,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let facts = cx.facts;
    if facts.platform != Platform::Android || facts.has_permission(AD_ID_PERMISSION) {
        return Vec::new();
    }
    let Some(target) = facts
        .app
        .target_os
        .as_deref()
        .and_then(|t| t.parse::<u32>().ok())
    else {
        return Vec::new();
    };
    if target < AD_ID_TARGET_SDK {
        return Vec::new();
    }
    let involved: Vec<_> = cx
        .inventory
        .sdks
        .iter()
        .filter(|hit| {
            hit.categories
                .iter()
                .any(|c| matches!(c, Category::Attribution | Category::Advertising))
        })
        .collect();
    if involved.is_empty() {
        return Vec::new();
    }
    // Google Play's Families policy forbids the AD_ID permission in apps for children: an app
    // that tags its requests child-directed is never told to add it.
    if super::sl501_child_directed_with_tracking::child_directed(cx)
        .iter()
        .any(|s| !s.weak)
    {
        return Vec::new();
    }
    let names: Vec<&str> = involved.iter().map(|hit| hit.name.as_str()).collect();
    let mut evidence = Vec::new();
    if let Some(manifest) = &facts.manifest_file {
        evidence.push(Location::new(
            manifest.as_str(),
            format!("uses-sdk targetSdkVersion={target}"),
        ));
    }
    // The SDKs are named in the message; the evidence is where the permission was looked for.
    evidence.extend(super::searched::permissions(facts, AD_ID_PERMISSION));
    vec![rule.finding(
        format!(
            "targetSdk {target} and {} embedded, but {AD_ID_PERMISSION} is not declared",
            names.join(", ")
        ),
        involved.iter().map(|hit| hit.id.clone()).collect(),
        evidence,
    )]
}
