//! Opt-in checks on real third-party Android builds that their authors committed to GitHub
//! (`tests/corpus/fetch-apps.sh`, 47 APKs in `$SDKLINT_CORPUS/apps`):
//! `SDKLINT_CORPUS=<dir> cargo test --test corpus_apps -- --ignored`. Never committed, never in
//! CI. Each app's expected SDKs (id, confidence), mentions, X policy verdict and rule codes are
//! the values judged correct against the app (its classes and strings, its build.gradle at the
//! pinned commit); see the comments in fetch-apps.sh for what each app is.

use std::path::PathBuf;

use sdklint::Options;

fn apps_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("SDKLINT_CORPUS").expect("set SDKLINT_CORPUS to the corpus dir"))
        .join("apps")
}

struct App {
    file: &'static str,
    sdks: &'static [(&'static str, &'static str)],
    mentions: &'static [&'static str],
    x_policy: &'static str,
    rules: &'static [&'static str],
}

const APPS: &[App] = &[
    App {
        file: "000HelloWorld000+chatKotlin",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "007shyamagarwal+BloodLife",
        sdks: &[("firebase-analytics", "defined")],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "007spectre+ChatApp",
        sdks: &[("firebase-analytics", "defined")],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "0206cho+InhaMap",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "024N+Currency-App",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "024N+ncclife-App",
        sdks: &[
            ("firebase-analytics", "defined"),
            ("google-analytics-legacy", "defined"),
            ("google-mobile-ads", "defined"),
            ("google-sign-in", "defined"),
            ("google-tag-manager", "defined"),
            ("onesignal", "defined"),
        ],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "0Ashwajeet9+GateForFree",
        sdks: &[
            ("firebase-analytics", "defined"),
            ("google-sign-in", "defined"),
        ],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "0RootLoL0+lootboxsuperabilities",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "0kstudios+TicTacGo",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "0lukayode+GP-Calculator",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "0martel+Sports_News",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "0n1s+tourism_ke",
        sdks: &[
            ("firebase-analytics", "defined"),
            ("google-analytics-legacy", "defined"),
            ("google-mobile-ads", "defined"),
            ("google-sign-in", "defined"),
            ("google-tag-manager", "defined"),
        ],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "0rbianta+GitHub-Mobile",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "0xB4D4SS+HandyReviews",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "0xCAFEADD1C7+spotinder",
        sdks: &[("firebase-analytics", "defined")],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "0xJihan+Age-Calculator",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "0xJihan+expense-tracker",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "1-creator+achat",
        sdks: &[
            ("facebook-app-events", "defined"),
            ("facebook-login", "defined"),
            ("facebook-share", "defined"),
            ("firebase-analytics", "defined"),
            ("google-sign-in", "defined"),
        ],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "10-kapilkori+whats_app_status_downloader",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "100sun+ah_maj_da",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "106306028+ForutneSticks-Android-APP",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "10773n+Spotifystatistics",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "107sinha+Sports",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "10godFather18+FastMes",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "11051564+MyGymCompanion",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "1231varun+GoGoAnime-App",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "13bhavya+YoutubeIntegrate",
        sdks: &[("google-sign-in", "defined")],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "1595ayush+ExpenseTracker",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "18074382+BarberMe0.01",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "19740027+yemekapp",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "1993Atikur+AutoCallRecorder",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "19jayaprakash+FoodOrderApp",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "2018ti+AS-chat",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "87rjg+LetsChat",
        sdks: &[
            ("firebase-analytics", "defined"),
            ("google-sign-in", "defined"),
        ],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "AbdooRaf3+googlesignup",
        sdks: &[
            ("firebase-analytics", "defined"),
            ("google-sign-in", "defined"),
        ],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "Ahelii16+Chatter",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "AlbVal97+FirebaseFunctionalities",
        sdks: &[("google-sign-in", "defined")],
        mentions: &["facebook-app-events", "twitter-kit"],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "AppsFlyerSDK+appsflyer-android-app",
        sdks: &[("appsflyer", "defined")],
        mentions: &[],
        x_policy: "applies",
        rules: &["SL101", "SL205", "SL301", "SL401"],
    },
    App {
        file: "Bhagavad-Gita-App+BhagavadGita-android",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "Bonkahe+HealthShine-App",
        sdks: &[("firebase-analytics", "defined")],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "Cybertron-Avneesh+COVID-19-App",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "Cybertron-Avneesh+Test-Your-Brain",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "ESENS12+AndroidRecipe",
        sdks: &[],
        mentions: &[],
        x_policy: "not-applicable",
        rules: &[],
    },
    App {
        file: "Gui55+AnalyticsExampleC",
        sdks: &[
            ("firebase-analytics", "defined"),
            ("google-analytics-legacy", "defined"),
            ("google-tag-manager", "defined"),
        ],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "MishaVernik+Facebook-DeepLink",
        sdks: &[
            ("branch", "defined"),
            ("facebook-app-events", "defined"),
            ("facebook-login", "defined"),
            ("facebook-share", "defined"),
            ("google-mobile-ads", "defined"),
        ],
        mentions: &["crashlytics"],
        x_policy: "applies",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "swkokr+facebooklogin",
        sdks: &[
            ("facebook-app-events", "defined"),
            ("facebook-login", "defined"),
            ("facebook-share", "defined"),
        ],
        mentions: &[],
        x_policy: "may-apply",
        rules: &["SL101", "SL205", "SL301", "SL302", "SL401"],
    },
    App {
        file: "vyeoh-branch+android_web_view_sample",
        sdks: &[("branch", "defined"), ("google-mobile-ads", "defined")],
        mentions: &["crashlytics"],
        x_policy: "applies",
        rules: &["SL101", "SL205", "SL301", "SL401"],
    },
];

/// Every app of the table is there (an empty or partial folder fails: run fetch-apps.sh), and
/// gives exactly its judged SDKs, mentions, X policy verdict and rule codes.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn real_apps_give_their_judged_answers() {
    let dir = apps_dir();
    let present = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "apk"))
                .count()
        })
        .unwrap_or(0);
    assert!(
        present > 0,
        "no APK in {}: run tests/corpus/fetch-apps.sh",
        dir.display()
    );
    let mut wrong = Vec::new();
    for app in APPS {
        let path = dir.join(format!("{}.apk", app.file));
        let report = sdklint::lint(&path, &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e} (run tests/corpus/fetch-apps.sh)", path.display()));
        let sdks: Vec<(&str, &str)> = report
            .inventory
            .sdks
            .iter()
            .map(|h| (h.id.as_str(), h.confidence.as_str()))
            .collect();
        let mentions: Vec<&str> = report
            .inventory
            .mentions
            .iter()
            .map(|h| h.id.as_str())
            .collect();
        let mut rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        rules.sort_unstable();
        rules.dedup();
        let got = (sdks, mentions, report.x_policy.status.as_str(), rules);
        let want = (
            app.sdks.to_vec(),
            app.mentions.to_vec(),
            app.x_policy,
            app.rules.to_vec(),
        );
        if got != want {
            wrong.push(format!("{}:\n  got  {got:?}\n  want {want:?}", app.file));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(APPS.len(), 47);
}

/// The app's calls into its SDKs, any method of theirs, and only from the app's own code (not
/// from the SDKs' or shared libraries'); and no event the app logs comes from SDK or library
/// code.
#[test]
#[ignore = "needs SDKLINT_CORPUS"]
fn app_calls_are_the_apps_own() {
    let dir = apps_dir();
    // Counts checked against each app's sources at the pinned commit.
    let cases: &[(&str, &[(&str, usize)])] = &[
        // Facebook core's Bolts listener calls AppEventsLogger, not the app.
        (
            "1-creator+achat",
            &[("facebook-app-events", 0), ("firebase-analytics", 0)],
        ),
        // ShareItApplication.onCreate calls AppEventsLogger.activateApp; ShareFragment the
        // LoginButton.
        (
            "swkokr+facebooklogin",
            &[
                ("facebook-app-events", 1),
                ("facebook-login", 2),
                ("facebook-share", 0),
            ],
        ),
        // CustomApp calls Branch.enableLogging and getAutoInstance, MainActivity activateApp;
        // AdMob's legacy com.google.ads classes calling GMA are not the app.
        (
            "MishaVernik+Facebook-DeepLink",
            &[
                ("branch", 2),
                ("facebook-app-events", 1),
                ("google-mobile-ads", 0),
            ],
        ),
        (
            "vyeoh-branch+android_web_view_sample",
            &[("branch", 16), ("google-mobile-ads", 0)],
        ),
        // The play-services umbrella's SDKs are embedded, not called; MainActivity starts OneSignal.
        (
            "024N+ncclife-App",
            &[
                ("onesignal", 4),
                ("google-mobile-ads", 0),
                ("firebase-analytics", 0),
            ],
        ),
        (
            "AbdooRaf3+googlesignup",
            &[("google-sign-in", 4), ("firebase-analytics", 0)],
        ),
        // The Google Sign-In code of MainActivity is commented out.
        ("0Ashwajeet9+GateForFree", &[("google-sign-in", 0)]),
        ("AppsFlyerSDK+appsflyer-android-app", &[("appsflyer", 1)]),
        ("Gui55+AnalyticsExampleC", &[("firebase-analytics", 2)]),
    ];
    for (file, want) in cases {
        let path = dir.join(format!("{file}.apk"));
        let report = sdklint::lint(&path, &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e} (run tests/corpus/fetch-apps.sh)", path.display()));
        for (sdk, count) in *want {
            assert_eq!(
                report.facts.app_calls(sdk).map(|c| c.count),
                Some(*count),
                "{file}: {sdk}"
            );
        }
        let app = report.facts.app.id.clone().unwrap_or_default();
        for event in &report.inventory.events {
            assert!(
                event.location.locator.contains(&app.replace('.', "/")),
                "{file}: event {:?} not from the app's code",
                event.name
            );
        }
    }
}
