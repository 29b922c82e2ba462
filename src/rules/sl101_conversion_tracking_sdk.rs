use super::{Clause, Context, Finding, Rule, Severity, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Reports every conversion-tracking SDK the bundle embeds: attribution SDKs (AppsFlyer, Adjust,
    /// Branch, Kochava, Singular, …) and the app-event SDKs of ad platforms (Meta app events,
    /// Firebase / Google Analytics, TikTok). One finding per SDK, with the classes, symbols or
    /// manifest keys that revealed it and how sure sdklint is (`declared`, `defined`, `referenced`,
    /// `string`).
    ///
    /// ## Why
    /// X's policy for conversion tracking and custom audiences applies to every app that ships such
    /// an SDK: the app must give users notice that third parties collect data for conversion
    /// tracking and interest-based ads, obtain consent before that collection, explain how to opt
    /// out of X's interest-based advertising, keep sensitive categories out of conversion events and
    /// audiences, and stay out of apps directed to children under 13. This finding is informational:
    /// it tells you the policy applies and which SDK brings it in.
    ///
    /// ## How to fix
    /// Nothing to fix by itself. Check that the other rules (notice, consent, opt-out, sensitive
    /// categories, children) pass, and remove SDKs the app no longer uses.
    ///
    /// ## Example
    /// ```text
    /// info  SL101 conversion-tracking-sdk  AppsFlyer (attribution) is embedded (defined): X's conversion-tracking policy applies
    ///         classes2.dex: class Lcom/appsflyer/AppsFlyerLib;
    /// ```
    pub static SL101 = {
        code: "SL101",
        name: "conversion-tracking-sdk",
        clause: Clause::Inventory,
        severity: Severity::Info,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    cx.inventory
        .sdks
        .iter()
        .filter(|hit| hit.conversion_tracking)
        .map(|hit| {
            let categories: Vec<&str> = hit.categories.iter().map(|c| c.as_str()).collect();
            rule.finding(
                format!(
                    "{} ({}) is embedded ({}): {}",
                    hit.name,
                    categories.join(", "),
                    hit.confidence.as_str(),
                    if hit.x_partner {
                        "one of X's Mobile Measurement Partners, so X's conversion-tracking policy applies"
                    } else {
                        "not an X measurement partner: X's policy applies if its conversions reach X"
                    }
                ),
                vec![hit.id.clone()],
                hit.evidence.clone(),
            )
        })
        .collect()
}
