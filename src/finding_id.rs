//! One finding identity, shared by the baseline, `sdklint diff` and SARIF `partialFingerprints`.
//!
//! A [`FindingId`] must survive a rebuild of the same app, so it holds only what names the
//! problem:
//! - the rule code;
//! - the ids of the SDKs the finding names, sorted and deduplicated;
//! - the finding's *own* evidence, normalized: the locators of its evidence minus the locations
//!   that only show an SDK is present (those in the SDK inventory, already covered by the SDK ids),
//!   with the entry name dropped and every run of ASCII digits written `#`, sorted and deduplicated.
//!   `meta-data com.facebook.sdk.AdvertiserIDCollectionEnabled` stays as is;
//!   `uses-sdk targetSdkVersion=34` becomes `uses-sdk targetSdkVersion=#`, `string #1234`
//!   becomes `string ##`.
//!
//! Also left out: the lines that say where a rule looked for something missing
//! (`searched 16 string resources …`): they count what the app carries, not what is wrong.
//!
//! Left out on purpose: the bundle path (builds land in different places), the entry name
//! (`classes2.dex` becomes `classes3.dex` when a multidex build grows), numbers (versions, target
//! SDKs, string-pool indexes, offsets, line numbers change every release), the message (its
//! wording may change with sdklint) and the severity (a config change must not make old findings
//! new).

use std::collections::BTreeSet;

use crate::inventory::Inventory;
use crate::rules::{Finding, Severity};

/// Where a finding stands: the one place every reporter and the exit code read it from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingStatus<'a> {
    /// New or unaccounted for: counts toward `--fail-on`.
    Active,
    /// An `[[ignore]]` entry of `sdklint.toml` accepts it.
    Suppressed { reason: &'a str },
    /// The `--baseline` file holds it: known, not new.
    Baselined,
}

impl Finding {
    /// Suppression wins over the baseline (suppressed findings are never baselined).
    pub fn status(&self) -> FindingStatus<'_> {
        if self.suppressed {
            let reason = self.suppression.as_ref().map_or("", |s| s.reason.as_str());
            FindingStatus::Suppressed { reason }
        } else if self.baselined {
            FindingStatus::Baselined
        } else {
            FindingStatus::Active
        }
    }

    /// Whether this finding makes the run fail under `--fail-on` (`threshold` is `None` for
    /// `never`): active and at least that severe. The exit code and every reporter use this.
    pub fn counts_toward_fail_on(&self, threshold: Option<Severity>) -> bool {
        self.status() == FindingStatus::Active && threshold.is_some_and(|t| self.severity >= t)
    }

    /// The finding's fingerprint: the hash of its [`FindingId`], which SARIF
    /// (`partialFingerprints`) and the JSON report (`fingerprint`) carry, for bundles and ad
    /// files alike. `inventory` resolves SDK names in the evidence; ad findings pass an empty one.
    pub fn fingerprint(&self, inventory: &Inventory) -> String {
        FindingId::of(self, inventory).hash()
    }
}

/// What identifies a finding across builds (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FindingId {
    pub rule: String,
    pub sdks: Vec<String>,
    pub evidence: Vec<String>,
}

impl FindingId {
    /// The identity of `finding`, whose bundle's SDK inventory is `inventory`.
    pub fn of(finding: &Finding, inventory: &Inventory) -> FindingId {
        let sdk_evidence: BTreeSet<_> = inventory
            .sdks
            .iter()
            .flat_map(|hit| &hit.evidence)
            .collect();
        let evidence: BTreeSet<String> = finding
            .evidence
            .iter()
            .filter(|loc| !sdk_evidence.contains(loc) && !crate::rules::is_searched(&loc.locator))
            .map(|loc| normalize(&loc.locator))
            .collect();
        let mut sdks = finding.sdks.clone();
        sdks.sort();
        sdks.dedup();
        FindingId {
            rule: finding.rule.to_string(),
            sdks,
            evidence: evidence.into_iter().collect(),
        }
    }

    /// A stable 64-bit hash of the identity, as 16 hex digits (SARIF `partialFingerprints`).
    pub fn hash(&self) -> String {
        let mut hasher = Fnv1a::default();
        hasher.write(&self.rule);
        hasher.write("\u{1}sdks");
        for sdk in &self.sdks {
            hasher.write(sdk);
        }
        hasher.write("\u{1}evidence");
        for key in &self.evidence {
            hasher.write(key);
        }
        format!("{:016x}", hasher.0)
    }
}

/// Every run of ASCII digits becomes `#`.
fn normalize(locator: &str) -> String {
    let mut out = String::with_capacity(locator.len());
    let mut in_digits = false;
    for c in locator.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// 64-bit FNV-1a: tiny, stable across Rust versions and platforms (unlike `DefaultHasher`).
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, text: &str) {
        for byte in text.bytes().chain(std::iter::once(0)) {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Location;
    use crate::rules::{Clause, Severity};

    fn finding(file: &str, locator: &str, sdks: &[&str]) -> Finding {
        Finding {
            rule: "SL103",
            name: "ad-id-permission-missing",
            severity: Severity::Error,
            clause: Clause::Inventory,
            message: "m".into(),
            sdks: sdks.iter().map(|s| s.to_string()).collect(),
            evidence: vec![Location::new(file, locator)],
            suppressed: false,
            suppression: None,
            baselined: false,
        }
    }

    #[test]
    fn digits_collapse() {
        assert_eq!(
            normalize("uses-sdk targetSdkVersion=34"),
            "uses-sdk targetSdkVersion=#"
        );
        assert_eq!(normalize("string #1234 a1b22"), "string ## a#b#");
    }

    #[test]
    fn volatile_parts_do_not_change_the_identity() {
        let inv = Inventory::default();
        let id = |f: &Finding| FindingId::of(f, &inv);
        let base = finding(
            "AndroidManifest.xml",
            "uses-sdk targetSdkVersion=33",
            &["adjust", "appsflyer"],
        );
        let bumped = finding(
            "AndroidManifest.xml",
            "uses-sdk targetSdkVersion=34",
            &["appsflyer", "adjust"],
        );
        let moved = finding(
            "classes3.dex",
            "uses-sdk targetSdkVersion=33",
            &["adjust", "appsflyer"],
        );
        assert_eq!(id(&base), id(&bumped));
        assert_eq!(id(&base).hash(), id(&bumped).hash());
        assert_eq!(id(&base).hash(), id(&moved).hash());
        let other_sdk = finding(
            "AndroidManifest.xml",
            "uses-sdk targetSdkVersion=33",
            &["adjust"],
        );
        assert_ne!(id(&base).hash(), id(&other_sdk).hash());
        let other_locator = finding(
            "AndroidManifest.xml",
            "meta-data x",
            &["adjust", "appsflyer"],
        );
        assert_ne!(id(&base).hash(), id(&other_locator).hash());
    }

    #[test]
    fn hash_is_stable() {
        // A changed value here silently renames every finding on code-scanning dashboards:
        // bump `sarif::FINGERPRINT_KEY` with it.
        let f = finding(
            "AndroidManifest.xml",
            "uses-sdk targetSdkVersion=34",
            &["adjust"],
        );
        let h = FindingId::of(&f, &Inventory::default()).hash();
        assert_eq!(h, "56f6faadf403fcaf");
    }

    /// The three layers that match findings across builds (diff, baseline, SARIF) agree that a
    /// targetSdk bump does not make a finding new.
    #[test]
    fn diff_baseline_and_sarif_agree_across_a_target_sdk_bump() {
        use crate::BundleReport;
        use crate::facts::{BundleFormat, Facts, Platform};

        let report = |target: u32| BundleReport {
            facts: Facts::new("app.apk", Platform::Android, BundleFormat::Apk),
            inventory: Inventory::default(),
            findings: vec![finding(
                "AndroidManifest.xml",
                &format!("uses-sdk targetSdkVersion={target}"),
                &["adjust"],
            )],
            x_policy: crate::rules::x_policy::assess(&Inventory::default(), None),
        };
        let (old, mut new) = (report(33), report(34));

        let changes = crate::diff::diff(&old, &new);
        assert!(changes.findings_new.is_empty(), "{changes:?}");
        assert!(changes.findings_fixed.is_empty(), "{changes:?}");

        crate::baseline::Baseline::of(std::slice::from_ref(&old)).mark(&mut new);
        assert!(new.findings[0].baselined);

        let sarif_fingerprint = |report: &BundleReport| -> String {
            let log: serde_json::Value = serde_json::from_str(&crate::report::sarif::render(
                std::slice::from_ref(report),
                &[],
                &Default::default(),
            ))
            .unwrap();
            log["runs"][0]["results"][0]["partialFingerprints"]
                [crate::report::sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(sarif_fingerprint(&old), sarif_fingerprint(&new));

        // A different finding is new to all three.
        let mut other = report(34);
        other.findings[0].sdks = vec!["appsflyer".into()];
        assert_eq!(crate::diff::diff(&old, &other).findings_new.len(), 1);
        crate::baseline::Baseline::of(std::slice::from_ref(&old)).mark(&mut other);
        assert!(!other.findings[0].baselined);
        assert_ne!(sarif_fingerprint(&old), sarif_fingerprint(&other));
    }
}
