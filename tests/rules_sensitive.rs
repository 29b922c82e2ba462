//! SL601 sensitive-conversion-event and SL602 sensitive-data-app-with-tracking on the committed
//! fixtures: which fixtures fire (only these two codes are looked at, so other rules do not
//! change the table), exact messages and evidence, and the market exceptions of `sdklint.toml`.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const OURS: &[&str] = &["SL601", "SL602"];

/// `check --format json [extra] fixtures/<fixture>`: (exit code, the bundle object).
fn check(fixture: &str, extra: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(Path::new("fixtures").join(fixture))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{fixture}: bad JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), doc["bundles"][0].clone())
}

/// (rule, severity, message, evidence as `file: locator`) of our findings, in report order.
fn ours(bundle: &Value) -> Vec<(String, String, String, Vec<String>)> {
    bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| OURS.contains(&f["rule"].as_str().unwrap()))
        .map(|f| {
            assert_eq!(f["clause"], "sensitive");
            assert!(!f["sdks"].as_array().unwrap().is_empty());
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        format!(
                            "{}: {}",
                            e["file"].as_str().unwrap(),
                            e["locator"].as_str().unwrap()
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn codes(bundle: &Value) -> BTreeSet<String> {
    ours(bundle).into_iter().map(|f| f.0).collect()
}

#[test]
fn fixture_table() {
    let table: &[(&str, &[&str])] = &[
        // Fire.
        ("sensitive-events.apk", &["SL601"]),
        ("health-connect.apk", &["SL602"]),
        ("shop-health.ipa", &["SL602"]),
        // Near misses: game-like event names; health permissions without tracking; the same
        // iOS app without HealthKit.
        ("sensitive-events-game.apk", &[]),
        ("health-connect-no-tracking.apk", &[]),
        ("shop.ipa", &[]),
        // Tracking apps with ordinary events (Android bytecode and React Native JavaScript).
        ("appsflyer-adjust.apk", &[]),
        ("facebook-firebase.apk", &[]),
        ("react-native-tracker.apk", &[]),
        ("react-native-hermes.apk", &[]),
        ("appsflyer-adjust.aab", &[]),
        ("no-sdk.apk", &[]),
    ];
    for (fixture, expected) in table {
        let (_, bundle) = check(fixture, &[]);
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(codes(&bundle), expected, "{fixture}");
    }
}

const WELLNESS: &str = "classes.dex: Lcom/example/wellness/MainActivity;";

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn sensitive_events_one_finding_per_name() {
    let (code, bundle) = check("sensitive-events.apk", &[]);
    assert_eq!(code, 1);
    let got = ours(&bundle);
    let expected = [
        (
            "error",
            "Google Analytics for Firebase event \"political_donation\" is about political views \
             (\"political donation\"): literal name passed to logEvent (confidence high)",
            vec![format!("{WELLNESS}->onDonate()V")],
        ),
        (
            "error",
            "AppsFlyer event \"debt_consolidation_lead\" is about negative financial status \
             (\"debt consolidation\"): literal name passed to logEvent (confidence high)",
            vec![format!("{WELLNESS}->onLoanLead()V")],
        ),
        (
            "error",
            "AppsFlyer event \"af_pregnancy_test_purchase\" is about health (\"pregnancy test\"): \
             literal name passed to logEvent (confidence high)",
            vec![format!("{WELLNESS}->onTestKitBought()V")],
        ),
        (
            "error",
            "AppsFlyer event \"union_membership_signup\" is about trade-union membership (\"union \
             membership\"): literal name passed to logEvent (confidence high)",
            vec![format!("{WELLNESS}->onUnionSignup()V")],
        ),
        (
            "warning",
            "AppsFlyer event \"viewed_hiv_test_kit\" is about health (\"hiv\"): string in \
             classes.dex, which calls logEvent with a name that is not a literal (confidence low)",
            vec![
                s("classes.dex: string #71"),
                s(
                    "classes.dex: Lcom/example/wellness/Tracker;->track(Landroid/content/Context;Ljava/lang/String;)V",
                ),
            ],
        ),
    ];
    let expected: Vec<(String, String, String, Vec<String>)> = expected
        .into_iter()
        .map(|(sev, msg, ev)| (s("SL601"), s(sev), s(msg), ev))
        .collect();
    assert_eq!(got, expected);
    // The SDK named is the one the event went through.
    let sdks: Vec<&str> = bundle["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "SL601")
        .map(|f| f["sdk"].as_str().unwrap())
        .collect();
    assert_eq!(
        sdks,
        [
            "firebase-analytics",
            "appsflyer",
            "appsflyer",
            "appsflyer",
            "appsflyer"
        ]
    );
}

#[test]
fn health_data_apps_with_tracking() {
    let (_, bundle) = check("health-connect.apk", &[]);
    assert_eq!(
        ours(&bundle),
        [(
            s("SL602"),
            s("warning"),
            s(
                "the app has access to health data (android.permission.health.READ_HEART_RATE, \
               android.permission.health.READ_STEPS, android.permission.health.WRITE_EXERCISE) and \
               embeds AppsFlyer (conversion tracking)"
            ),
            vec![
                s("AndroidManifest.xml: uses-permission android.permission.health.READ_HEART_RATE"),
                s("AndroidManifest.xml: uses-permission android.permission.health.READ_STEPS"),
                s("AndroidManifest.xml: uses-permission android.permission.health.WRITE_EXERCISE"),
                s("classes.dex: class Lcom/appsflyer/AppsFlyerLib;"),
            ],
        )]
    );
    let (_, bundle) = check("shop-health.ipa", &[]);
    assert_eq!(
        ours(&bundle),
        [(
            s("SL602"),
            s("warning"),
            s(
                "the app has access to health data (com.apple.developer.healthkit, \
               NSHealthShareUsageDescription) and embeds AppsFlyer (conversion tracking)"
            ),
            vec![
                s(
                    "Payload/Shop.app/embedded.mobileprovision: entitlement com.apple.developer.healthkit"
                ),
                s("Payload/Shop.app/Info.plist: key NSHealthShareUsageDescription"),
                // The SDK's own binary (defined) comes before its Info.plist (declared).
                s(
                    "Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib: \
                   arm64: LC_ID_DYLIB @rpath/AppsFlyerLib.framework/AppsFlyerLib"
                ),
            ],
        )]
    );
}

/// (severity, message) of the SL601 findings for `event` with `sdklint.toml` = `toml`.
fn with_config(toml: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sdklint.toml");
    std::fs::write(&config, toml).unwrap();
    let (_, bundle) = check(
        "sensitive-events.apk",
        &["--config", config.to_str().unwrap()],
    );
    ours(&bundle)
        .into_iter()
        .filter(|f| f.0 == "SL601")
        .map(|f| (f.1, f.2))
        .collect()
}

fn severity_of<'a>(findings: &'a [(String, String)], event: &str) -> &'a str {
    let needle = format!("event \"{event}\"");
    &findings
        .iter()
        .find(|(_, m)| m.contains(&needle))
        .unwrap_or_else(|| panic!("{event} not in {findings:?}"))
        .0
}

#[test]
fn market_exceptions_through_the_cli() {
    let cases: &[(&str, &str, &str)] = &[
        // (sdklint.toml, trade-union severity, political severity)
        ("", "error", "error"),
        ("markets = [\"US\"]\n", "info", "error"),
        ("political_certified = true\n", "error", "error"),
        (
            "markets = [\"US\"]\npolitical_certified = true\n",
            "info",
            "info",
        ),
        (
            "markets = [\"US\", \"EU\"]\npolitical_certified = true\n",
            "error",
            "error",
        ),
    ];
    for (toml, union, political) in cases {
        let findings = with_config(toml);
        assert_eq!(findings.len(), 5, "{toml}");
        assert_eq!(
            severity_of(&findings, "union_membership_signup"),
            *union,
            "{toml}"
        );
        assert_eq!(
            severity_of(&findings, "political_donation"),
            *political,
            "{toml}"
        );
        // Never an exception for the other categories.
        assert_eq!(
            severity_of(&findings, "af_pregnancy_test_purchase"),
            "error"
        );
        assert_eq!(severity_of(&findings, "debt_consolidation_lead"), "error");
    }
    let findings = with_config("markets = [\"US\"]\npolitical_certified = true\n");
    let political = findings
        .iter()
        .find(|(_, m)| m.contains("political_donation"))
        .unwrap();
    assert_eq!(
        political.1,
        "Google Analytics for Firebase event \"political_donation\" is about political views \
         (\"political donation\"): literal name passed to logEvent (confidence high); info only: \
         the app's data is US-only (markets = [\"US\"]) and the advertiser is certified for US \
         political ads (political_certified = true), an exception the policy makes for political \
         views"
    );
}

#[test]
fn explain_prints_the_documentation() {
    for code in OURS {
        let out = Command::cargo_bin("sdklint")
            .unwrap()
            .args(["explain", code])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains(
                "X's conversion tracking and custom audiences policy (sdklint's summary)"
            ),
            "{code}"
        );
        assert!(text.contains("4. No sensitive categories"), "{code}");
    }
}

#[test]
fn a_truncated_fixture_is_an_error_not_a_crash() {
    // Rules read no bytes; the bundle reader turns a cut file into a typed error.
    let bytes = std::fs::read("fixtures/sensitive-events.apk").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.apk");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    // A zip cut in half has no central directory: a usage-level error (2), never a crash.
    assert_eq!(out.status.code(), Some(2));
}
