//! Declared SDKs: matching the libraries an AAB's build metadata lists (`dependencies.pb`, in
//! [`Facts::dependencies`]) against the SDK database's `android.maven` coordinates.
//!
//! A coordinate `group:artifact` matches a declared library with exactly that group and artifact
//! (any version, packaging or classifier). A match makes the SDK [`Confidence::Declared`], the
//! strongest confidence, and the version of the first matching coordinate (in the order the SDK's
//! file lists them, main artifact first) becomes the SDK's version. Declared libraries come first
//! in the evidence. An SDK seen only in build metadata is reported too: the build says it is
//! there even if shrinking renamed its classes.
//!
//! Cost: O(SDK coordinates × declared libraries), a few hundred by a few hundred at most.
//!
//! [`Facts::dependencies`]: crate::facts::Facts::dependencies

use super::hit::{MAX_EVIDENCE, SdkHit};
use super::schema::split_maven as split;
use super::{Confidence, SdkDb, SdkDef};
use crate::facts::Facts;
use crate::facts::dependencies::DeclaredDependency;

/// The libraries of `facts` that `sdk` declares, in the order of the SDK's coordinates.
fn declared<'f>(sdk: &SdkDef, facts: &'f Facts) -> Vec<&'f DeclaredDependency> {
    sdk.android
        .maven
        .iter()
        .filter_map(|c| split(c))
        .flat_map(|(group, artifact)| {
            facts
                .dependencies
                .iter()
                .filter(move |d| d.group == group && d.artifact == artifact)
        })
        .collect()
}

/// Upgrade the hits whose SDK the build metadata declares to [`Confidence::Declared`] (with the
/// declared version), and add SDKs seen only there. `hits` and the result are sorted by id.
pub(super) fn add_declared(db: &SdkDb, facts: &Facts, mut hits: Vec<SdkHit>) -> Vec<SdkHit> {
    if facts.dependencies.is_empty() {
        return hits;
    }
    for sdk in db.iter() {
        let declared = declared(sdk, facts);
        if declared.is_empty() {
            continue;
        }
        let version = declared.iter().find_map(|d| d.version.clone());
        let version_evidence = declared
            .iter()
            .find(|d| d.version.is_some())
            .map(|d| d.location.clone());
        let locations = declared.iter().map(|d| d.location.clone());
        match hits.binary_search_by(|hit| hit.id.as_str().cmp(&sdk.id)) {
            Ok(i) => {
                let hit = &mut hits[i];
                hit.confidence = hit.confidence.max(Confidence::Declared);
                if version.is_some() {
                    hit.version = version;
                    hit.version_evidence = version_evidence;
                }
                hit.add_evidence(locations, declared.len());
            }
            Err(i) => hits.insert(
                i,
                SdkHit {
                    version,
                    version_evidence,
                    ..SdkHit::new(
                        sdk,
                        Confidence::Declared,
                        locations.take(MAX_EVIDENCE).collect(),
                        declared.len(),
                    )
                },
            ),
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{BundleFormat, ClassFact, Location, Platform};
    use crate::inventory::Inventory;

    const FLYER: &str = r#"
        id = "flyer"
        name = "Flyer"
        vendor = "Flyer Inc."
        categories = ["attribution"]
        conversion_tracking = true
        [android]
        class_prefixes = ["com.flyer"]
        maven = ["com.flyer:flyer-sdk", "com.flyer:flyer-lite"]
    "#;
    const ADS: &str = r#"
        id = "ads"
        name = "Ads"
        vendor = "Ads Inc."
        categories = ["advertising"]
        conversion_tracking = false
        [android]
        class_prefixes = ["com.ads"]
        maven = ["com.ads:ads"]
    "#;

    fn dep(group: &str, artifact: &str, version: &str) -> DeclaredDependency {
        DeclaredDependency {
            group: group.into(),
            artifact: artifact.into(),
            version: Some(version.into()),
            direct_in: vec!["base".into()],
            location: Location::new("deps.pb", format!("{group}:{artifact}")),
        }
    }

    #[test]
    fn declared_upgrades_and_adds() {
        let db = SdkDb::from_sources(&[("flyer.toml", FLYER), ("ads.toml", ADS)]).unwrap();
        let mut facts = Facts::new("app.aab", Platform::Android, BundleFormat::Aab);
        facts.classes.push(ClassFact {
            name: "com.flyer.Lib".into(),
            defined: true,
            location: Location::new("classes.dex", "class Lcom/flyer/Lib;"),
        });
        facts.dependencies = vec![
            dep("com.flyer", "flyer-lite", "1.0"),
            dep("com.flyer", "flyer-sdk", "2.5.1"),
            dep("com.ads", "ads-extra", "9"),
            dep("com.ads", "ads", "3.0"),
        ];
        let inventory = Inventory::build(&db, &facts);
        let summary: Vec<_> = inventory
            .sdks
            .iter()
            .map(|h| {
                (
                    h.id.as_str(),
                    h.confidence,
                    h.version.as_deref(),
                    h.evidence_total,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("ads", Confidence::Declared, Some("3.0"), 1),
                // Its own class is in the bundle: defined outweighs declared.
                ("flyer", Confidence::Defined, Some("2.5.1"), 3),
            ]
        );
        let flyer = inventory.get("flyer").unwrap();
        assert_eq!(
            flyer.evidence[0].file, "classes.dex",
            "the code comes first"
        );
        assert_eq!(flyer.evidence[1].locator, "com.flyer:flyer-sdk");
    }

    #[test]
    fn coordinates_are_validated() {
        let bad = FLYER.replace("com.flyer:flyer-lite", "com.flyer");
        let err = SdkDb::from_sources(&[("flyer.toml", bad.as_str())]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "flyer.toml: android.maven[1]: `com.flyer` is not a Maven `group:artifact` coordinate"
        );
        let twice = ADS.replace("com.ads:ads", "com.flyer:flyer-sdk");
        let err = SdkDb::from_sources(&[("flyer.toml", FLYER), ("ads.toml", twice.as_str())])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "ads.toml: android.maven[0]: `com.flyer:flyer-sdk` is already claimed by `flyer` (flyer.toml)"
        );
    }
}
