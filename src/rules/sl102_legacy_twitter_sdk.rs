use super::{Clause, Context, Finding, Rule, Severity, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The bundle embeds a discontinued SDK from Twitter: Twitter Kit (`com.twitter.sdk.android.core`,
    /// `.tweetui`, `.tweetcomposer` on Android; not Fabric's core, which legacy Crashlytics ships) or the MoPub ads
    /// SDK (`com.mopub`). One finding per SDK, with the classes that revealed it.
    ///
    /// ## Why
    /// Twitter ended support for Twitter Kit on 2018-10-31 and Fabric has been shut down; MoPub was sold
    /// to AppLovin in 2022 and retired. None of them receives security fixes, follows current X
    /// APIs, or honours today's platform privacy requirements (Android's AD_ID permission, iOS
    /// privacy manifests), and none is part of X's conversion tracking: X measures app conversions
    /// through its mobile measurement partners (Adjust, AppsFlyer, Branch, Kochava, Singular). An
    /// app that still ships one carries unmaintained code that may read the advertising id or call
    /// retired X endpoints, and its privacy notice may describe a data flow that no longer exists.
    ///
    /// ## How to fix
    /// Remove the dependency (`com.twitter.sdk.android:twitter`, `:twitter-core`, `:tweet-ui`,
    /// `:tweet-composer`, `io.fabric.sdk.android:fabric`, `com.mopub:mopub-sdk`). Share to X with
    /// an `Intent` to `https://twitter.com/intent/tweet?text=…` (or the X app's share target), sign
    /// in with X through OAuth 2.0 in a browser tab, and measure X campaigns through one of X's
    /// mobile measurement partners.
    ///
    /// ## Example
    /// ```text
    /// warning  SL102  legacy-twitter-sdk  Twitter Kit is embedded (defined): discontinued, remove it
    ///          classes.dex: class Lcom/twitter/sdk/android/core/Twitter;
    /// ```
    pub static SL102 = {
        code: "SL102",
        name: "legacy-twitter-sdk",
        clause: Clause::Inventory,
        severity: Severity::Warning,
        check: check,
    };
}

/// SDK ids of the discontinued Twitter SDKs, and since when each is unsupported.
const LEGACY: &[(&str, &str)] = &[
    ("twitter-kit", "support ended 2018-10-31"),
    ("mopub", "retired after its sale to AppLovin in 2022"),
];

fn check(rule: &Rule, cx: &Context<'_>) -> Vec<Finding> {
    cx.inventory
        .sdks
        .iter()
        .filter_map(|hit| {
            let (_, status) = LEGACY.iter().find(|(id, _)| *id == hit.id)?;
            Some(rule.finding(
                format!(
                    "{} is embedded ({}): {status}; remove it",
                    hit.name,
                    hit.confidence.as_str()
                ),
                vec![hit.id.clone()],
                hit.evidence.clone(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::facts::{BundleFormat, ClassFact, Facts, Location, Platform};
    use crate::inventory::{Inventory, SdkDb};

    fn run(classes: &[&str]) -> Vec<(String, String)> {
        let mut facts = Facts::new("a.apk", Platform::Android, BundleFormat::Apk);
        let mut classes = classes.to_vec();
        classes.sort();
        for class in classes {
            facts.classes.push(ClassFact {
                name: class.to_string(),
                defined: true,
                location: Location::new("classes.dex", format!("class {class}")),
            });
        }
        let inventory = Inventory::build(SdkDb::builtin(), &facts);
        let config = Config::default();
        let cx = Context {
            facts: &facts,
            inventory: &inventory,
            db: SdkDb::builtin(),
            config: &config,
        };
        SL102
            .check(&cx)
            .into_iter()
            .map(|f| (f.sdks[0].clone(), f.message))
            .collect()
    }

    #[test]
    fn twitter_kit_and_mopub_not_fabric() {
        assert_eq!(
            run(&["com.mopub.common.MoPub", "com.twitter.sdk.android.core.TwitterCore"]),
            [
                (
                    "mopub".to_string(),
                    "MoPub is embedded (defined): retired after its sale to AppLovin in 2022; remove it"
                        .to_string()
                ),
                (
                    "twitter-kit".to_string(),
                    "Twitter Kit is embedded (defined): support ended 2018-10-31; remove it"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_x_app_and_lookalikes_are_not_twitter_kit() {
        assert!(
            run(&[
                "com.twitter.android.composer.ComposerActivity",
                "com.twitter.sdk.androidx.Foo",
                "com.mopubx.Ads",
            ])
            .is_empty()
        );
    }
}
