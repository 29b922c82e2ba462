use std::collections::BTreeMap;

use super::{Clause, Context, Finding, Rule, Severity, declare_rule};
use crate::facts::integrity::{Anomaly, AnomalyKind};

declare_rule! {
    /// ## What it checks
    /// The zip structure of the bundle, as the tolerant reader recorded it: bytes or a whole DEX
    /// file before the archive, bytes after it, two entries with one name, local headers that
    /// disagree with the central directory (name, sizes, CRC, method, flags), unknown compression
    /// methods, data descriptors that disagree, fake encryption flags, invalid names, and content
    /// that does not match its declared size or CRC; and binary-XML manifest strings without their
    /// terminating NUL, which sdklint reads by their length while Android reads no string there.
    /// One finding per kind of anomaly, with every entry concerned as evidence.
    ///
    /// ## Why
    /// aapt2, zipalign, apksigner and bundletool never write these. They appear when an APK was
    /// modified after the build: repackaged with injected code, patched to hide code from
    /// analysis tools (a bogus method in a local header, a second `classes.dex`, a DEX glued in
    /// front of the archive), or broken by a faulty pipeline. An SDK hidden this way still
    /// collects and sends data, so a review of the app's conversion tracking and consent cannot
    /// rely on what such a bundle appears to contain. sdklint reads each entry the way Android
    /// does (by the central directory) so that the inventory shows what runs; the finding says
    /// whether Android would install the bundle at all.
    ///
    /// ## How to fix
    /// Rebuild the bundle from source with the standard toolchain (AGP, or aapt2 + zipalign +
    /// apksigner) and check it with `apksigner verify -v` and `zipalign -c -p 4`. If a third-party
    /// packer or protector produced it, review what it changes and test the unprotected build.
    /// Never ship a bundle whose structure you cannot explain.
    ///
    /// ## Example
    /// ```text
    /// warning  SL901 bundle-tampering  unknown compression methods in local headers (2 entries: AndroidManifest.xml, classes.dex); Android reads them by the central directory, strict zip tools fail
    /// ```
    pub static SL901 = {
        code: "SL901",
        name: "bundle-tampering",
        clause: Clause::Integrity,
        severity: Severity::Warning,
        check: check,
    };
}

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    let mut by_kind: BTreeMap<AnomalyKind, Vec<&Anomaly>> = BTreeMap::new();
    for anomaly in &cx.facts.anomalies {
        by_kind.entry(anomaly.kind).or_default().push(anomaly);
    }
    by_kind
        .into_iter()
        .map(|(kind, anomalies)| {
            let mut files: Vec<&str> = anomalies.iter().map(|a| a.location.file.as_str()).collect();
            files.dedup();
            let listed = match files.as_slice() {
                [one] => one.to_string(),
                many => format!("{} entries: {}", many.len(), many.join(", ")),
            };
            let verdict = if kind == AnomalyKind::UnterminatedString {
                "Android reads no string there, so the device and analysis tools see different manifests"
            } else if anomalies.iter().any(|a| a.android_rejects) {
                "Android refuses such a bundle"
            } else {
                "Android reads it by the central directory, strict zip tools fail"
            };
            rule.finding(
                format!("{} ({listed}); {verdict}", kind.describe()),
                Vec::new(),
                anomalies.iter().map(|a| a.location.clone()).collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facts::{BundleFormat, Facts, Location, Platform};
    use crate::inventory::Inventory;

    fn anomaly(kind: AnomalyKind, file: &str, android_rejects: bool) -> Anomaly {
        Anomaly {
            kind,
            message: String::new(),
            android_rejects,
            location: Location::new(file, "local header at 0x0"),
        }
    }

    fn run(anomalies: Vec<Anomaly>) -> Vec<Finding> {
        let mut facts = Facts::new("app.apk", Platform::Android, BundleFormat::Apk);
        facts.anomalies = anomalies;
        let inventory = Inventory::default();
        let config = Config::default();
        check(
            &SL901,
            &Context {
                facts: &facts,
                inventory: &inventory,
                db: crate::inventory::SdkDb::builtin(),
                config: &config,
            },
        )
    }

    #[test]
    fn one_finding_per_kind_with_every_entry() {
        let findings = run(vec![
            anomaly(
                AnomalyKind::UnknownLocalMethod,
                "AndroidManifest.xml",
                false,
            ),
            anomaly(AnomalyKind::UnknownLocalMethod, "classes.dex", false),
            anomaly(AnomalyKind::DuplicateEntry, "classes.dex", true),
        ]);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "entry names listed twice in the central directory (classes.dex); Android refuses such a bundle",
                "unknown compression methods in local headers (2 entries: AndroidManifest.xml, classes.dex); Android reads it by the central directory, strict zip tools fail",
            ]
        );
        assert_eq!(findings[1].evidence.len(), 2);
        assert!(findings.iter().all(|f| f.severity == Severity::Warning));
    }

    #[test]
    fn silent_without_anomalies() {
        assert!(run(Vec::new()).is_empty());
    }
}
