use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::Location;

declare_rule! {
    /// ## What it checks
    /// Parts of the bundle that sdklint could not read: a DEX file with a damaged table, an entry
    /// that does not inflate, and the like. The rest of the bundle was analysed.
    ///
    /// ## Why
    /// Every other rule can only speak for what was read. An SDK whose classes sit in an unreadable
    /// DEX file goes unreported, and so do its consent calls, so a clean result on a partly
    /// unreadable bundle is not a clean bill of health. Damaged entries in a store build also point
    /// to a broken build pipeline or to tampering.
    ///
    /// ## How to fix
    /// Rebuild the bundle and check it with the platform's own tools (`apksigner verify`,
    /// `bundletool validate`). If the bundle installs and runs, report the entry to sdklint's
    /// maintainers: Android tolerates something sdklint does not yet.
    ///
    /// ## Example
    /// ```text
    /// warning  SL902 bundle-partly-unreadable  classes3.dex could not be read: string_ids table ends past the file (offset 0x70, count 4294967295)
    /// ```
    pub static SL902 = {
        code: "SL902",
        name: "bundle-partly-unreadable",
        clause: Clause::Integrity,
        severity: Severity::Warning,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    cx.facts
        .errors
        .iter()
        .map(|err| {
            rule.finding(
                format!("{} could not be read: {}", err.file, err.message),
                Vec::new(),
                vec![Location::new(err.file.as_str(), "entry")],
            )
        })
        .collect()
}
