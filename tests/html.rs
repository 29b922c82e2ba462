//! The HTML report (`--format html`): every fixture rendered and parsed back with a real HTML
//! parser (scraper, html5ever underneath), its sections and counts checked against the report it
//! was rendered from; untrusted text stays text; `-o FILE` and stdout; an opt-in check in
//! headless Chromium (`cargo test --test html -- --ignored`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scraper::{ElementRef, Html, Selector};

use sdklint::inventory::SdkDb;
use sdklint::report::html;
use sdklint::report::junit::Unreadable;
use sdklint::{BundleReport, Options};

/// Every bundle shipped in `fixtures/`: APKs, the AAB, the split sets and the IPAs.
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new("fixtures");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("apk" | "aab" | "apks" | "xapk" | "ipa")
            )
        })
        .collect();
    out.push(dir.join("appsflyer-adjust-splits"));
    out.sort();
    out
}

fn lint(path: &Path) -> BundleReport {
    sdklint::lint(path, &Options::default()).unwrap()
}

fn render(reports: &[BundleReport]) -> Html {
    let page = html::render(reports, &[], SdkDb::builtin()).unwrap();
    Html::parse_document(&page)
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn count(scope: ElementRef<'_>, css: &str) -> usize {
    scope.select(&sel(css)).count()
}

/// The element's text nodes joined by spaces, whitespace runs collapsed.
fn text(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn one<'a>(scope: ElementRef<'a>, css: &str) -> ElementRef<'a> {
    let selector = sel(css);
    let mut found = scope.select(&selector);
    let first = found.next().unwrap_or_else(|| panic!("no {css}"));
    assert!(found.next().is_none(), "more than one {css}");
    first
}

#[test]
fn every_fixture_renders_with_its_sections_and_counts() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 25, "{} fixtures", fixtures.len());
    for path in &fixtures {
        let report = lint(path);
        let doc = render(std::slice::from_ref(&report));
        assert!(
            doc.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            doc.errors
        );
        let root = doc.root_element();
        let bundle = one(root, "section.bundle");
        let facts = &report.facts;
        let what = path.display();

        assert_eq!(
            text(one(bundle, "h2")),
            facts.app.id.clone().unwrap(),
            "{what}"
        );
        let identity = text(one(bundle, "dl.identity"));
        assert!(identity.contains(&facts.path), "{what}: {identity}");
        for value in [&facts.app.version, &facts.app.min_os, &facts.app.target_os]
            .into_iter()
            .flatten()
        {
            assert!(identity.contains(value.as_str()), "{what}: {identity}");
        }

        assert_eq!(
            count(bundle, "tr.sdk"),
            report.inventory.sdks.len(),
            "{what}"
        );
        for hit in &report.inventory.sdks {
            let row = one(bundle, &format!("tr.sdk[data-sdk=\"{}\"]", hit.id));
            let row_text = text(row);
            assert!(row_text.contains(&hit.name), "{what}: {row_text}");
            assert!(
                row_text.contains(hit.confidence.as_str()),
                "{what}: {row_text}"
            );
            assert_eq!(count(row, "ul.evidence li"), hit.evidence.len(), "{what}");
        }

        // Eight clauses, each finding under its own, each with its explain text.
        assert_eq!(count(bundle, "div.clause"), 8, "{what}");
        assert_eq!(
            count(bundle, "article.finding"),
            report.findings.len(),
            "{what}"
        );
        for clause in [
            "inventory",
            "integration",
            "notice",
            "consent",
            "opt-out",
            "children",
            "sensitive",
            "integrity",
        ] {
            let div = one(root, &format!("#clause-0-{clause}"));
            let expected = report
                .findings
                .iter()
                .filter(|f| sdklint::rules::catalog::clause_str(f.clause) == clause)
                .count();
            assert_eq!(count(div, "article.finding"), expected, "{what} {clause}");
        }
        for finding in &report.findings {
            let article = bundle
                .select(&sel(&format!(
                    "article.finding[data-rule=\"{}\"]",
                    finding.rule
                )))
                .find(|a| text(*a).contains(&finding.message))
                .unwrap_or_else(|| panic!("{what}: no article for {}", finding.message));
            assert_eq!(
                article.value().attr("data-severity"),
                Some(finding.severity.as_str())
            );
            assert_eq!(count(article, "ul.evidence li"), finding.evidence.len());
            let explain = text(one(article, "details .explain"));
            assert!(explain.contains("What it checks"), "{what}: {explain}");
            assert!(explain.contains("How to fix"), "{what}: {explain}");
        }

        let events = report.inventory.events.len();
        assert_eq!(count(bundle, "table.events tbody tr"), events, "{what}");
        let calls = report
            .inventory
            .api_calls
            .iter()
            .filter(|c| c.kind != sdklint::inventory::ApiKind::Event)
            .count();
        assert_eq!(count(bundle, "table.api-calls tbody tr"), calls, "{what}");
        assert_eq!(
            count(bundle, "table.errors tbody tr"),
            facts.errors.len(),
            "{what}"
        );
        assert_eq!(
            count(bundle, "table.anomalies tbody tr"),
            facts.anomalies.len(),
            "{what}"
        );
        let ios = facts.platform == sdklint::facts::Platform::Ios;
        // The matrix has a row per manifest and per embedded framework without one.
        let rows = !facts.apple.privacy_manifests.is_empty() || !facts.apple.frameworks.is_empty();
        assert_eq!(
            count(bundle, "table.privacy"),
            usize::from(ios && rows),
            "{what}"
        );

        // Self-contained: no external stylesheet, script, image, frame or font.
        assert_eq!(count(root, "link, img, iframe, object, embed"), 0, "{what}");
        assert_eq!(count(root, "script[src]"), 0, "{what}");
        assert_eq!(count(root, "script"), 1, "{what}");
        for a in root.select(&sel("a[href]")) {
            assert!(a.value().attr("href").unwrap().starts_with('#'), "{what}");
        }
    }
}

#[test]
fn android_key_texts() {
    let doc = render(&[lint(Path::new("fixtures/facebook-firebase-collect.apk"))]);
    let root = doc.root_element();
    let consent = one(root, "#clause-0-consent");
    // No X measurement partner: X's policy may apply, so SL302 is one step lower (info).
    assert_eq!(count(consent, "article.finding.info"), 2);
    let consent_text = text(consent);
    assert!(consent_text.contains("SL302 collection-before-consent"));
    assert!(consent_text.contains(
        "Meta App Events (Facebook SDK) collects before consent: com.facebook.sdk.AutoLogAppEventsEnabled"
    ));
    let events: Vec<String> = root
        .select(&sel("table.events tbody tr td:nth-child(2)"))
        .map(text)
        .collect();
    assert_eq!(
        events,
        [
            "fb_mobile_complete_registration",
            "fb_mobile_purchase",
            "purchase"
        ]
    );
    // Every clause has rules now: an empty one says which rules checked it.
    let notice = text(one(root, "#clause-0-notice"));
    assert!(
        notice.contains("checked by") || notice.contains("SL2"),
        "{notice}"
    );

    // Child-directed and age calls with their constant arguments.
    let doc = render(&[lint(Path::new("fixtures/admob-kids.apk"))]);
    let rows: Vec<String> = doc
        .root_element()
        .select(&sel("table.api-calls tbody tr"))
        .map(text)
        .collect();
    assert_eq!(rows.len(), 5);
    assert!(rows[0].starts_with("child-directed Google Mobile Ads (AdMob / Ad Manager)"));
    assert!(rows[0].contains("setTagForChildDirectedTreatment(I)"));
    assert!(rows[0].contains("(1) classes.dex : Lcom/example/kids/App;->onCreate()V"));
    assert!(rows[1].contains(r#"("G")"#), "{}", rows[1]);
    assert!(rows[2].starts_with("age "), "{}", rows[2]);

    // Packaging anomalies, with whether Android accepts them.
    let doc = render(&[lint(Path::new("fixtures/tampered-janus.apk"))]);
    let root = doc.root_element();
    let anomaly = text(one(root, "table.anomalies tbody tr"));
    assert!(anomaly.starts_with("dex-prefix"), "{anomaly}");
    assert_eq!(
        count(one(root, "#clause-0-integrity"), "article.finding"),
        1
    );
}

#[test]
fn ios_identity_partner_badge_and_privacy_matrix() {
    let doc = render(&[lint(Path::new("fixtures/shop.ipa"))]);
    let root = doc.root_element();
    let identity = text(one(root, "dl.identity"));
    assert_eq!(
        identity,
        "bundle file fixtures/shop.ipa bundle id com.example.shop version 2.3.0 build 42 \
         min iOS 14.0 iOS SDK 16.0"
    );
    let appsflyer = one(root, "tr.sdk[data-sdk=\"appsflyer\"]");
    assert_eq!(text(one(appsflyer, ".b-partner")), "X partner");
    assert!(text(appsflyer).contains("Payload/Shop.app/Frameworks/AppsFlyerLib.framework"));

    let rows: Vec<ElementRef<'_>> = root.select(&sel("table.privacy > tbody > tr")).collect();
    assert_eq!(rows.len(), 3);
    let framework = text(rows[0]);
    assert!(
        framework.starts_with(
            "AppsFlyerLib.framework framework Payload/Shop.app/Frameworks/AppsFlyerLib.framework yes \
             https://att-launches.appsflyersdk.com https://att-conversions.appsflyersdk.com"
        ),
        "{framework}"
    );
    let data_types: Vec<String> = rows[0]
        .select(&sel("td table > tbody > tr"))
        .map(text)
        .collect();
    assert_eq!(
        data_types,
        [
            "DeviceID no yes ThirdPartyAdvertising , Analytics",
            "ProductInteraction no no Analytics"
        ]
    );
    let full = one(
        rows[0],
        "code[title=\"NSPrivacyCollectedDataTypeDeviceID\"]",
    );
    assert_eq!(text(full), "DeviceID");
    let app = text(rows[1]);
    assert!(
        app.starts_with("Shop.app app Payload/Shop.app yes"),
        "{app}"
    );
    assert!(app.contains("PurchaseHistory yes yes"), "{app}");
    assert!(text(rows[2]).starts_with("ShopKit_Privacy.bundle resource bundle"));
}

/// Untrusted text from a real bundle's report — the app id, a finding's message and evidence, an
/// unreadable entry — patched to hold markup: the page shows it as text and runs nothing of it.
#[test]
fn untrusted_text_stays_text() {
    let evil = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let mut report = lint(Path::new("fixtures/appsflyer-adjust-no-adid.apk"));
    report.facts.app.id = Some(format!("com.example{evil}"));
    report.findings[0].message.push_str(evil);
    report.findings[0].evidence[0].locator = evil.to_string();
    report.inventory.events.clear();
    report.facts.errors.push(sdklint::facts::ReadError {
        file: evil.to_string(),
        message: "\"quoted\" & <b>bold</b>".to_string(),
    });
    let page = html::render(
        std::slice::from_ref(&report),
        &[Unreadable {
            path: evil,
            message: evil,
        }],
        SdkDb::builtin(),
    )
    .unwrap();
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<img"));
    let doc = Html::parse_document(&page);
    let root = doc.root_element();
    assert_eq!(count(root, "script"), 1);
    assert_eq!(count(root, "img, b"), 0);
    assert_eq!(
        text(one(root, "section.bundle h2")),
        format!("com.example{evil}")
    );
    assert!(text(root).contains(&report.findings[0].message));
    let error = text(one(root, "table.errors tbody tr"));
    assert_eq!(error, format!("{evil} \"quoted\" & <b>bold</b>"));
    let title = text(one(root, "title"));
    assert_eq!(title, format!("sdklint report: com.example{evil}"));
    // The unreadable bundle is listed as text in the table of bundles.
    assert!(text(one(root, "nav.toc")).contains(evil));
}

fn sdklint() -> Command {
    Command::cargo_bin("sdklint").unwrap()
}

#[test]
fn cli_writes_to_file_or_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    let out = sdklint()
        .args(["check", "--format", "html", "-o"])
        .arg(&file)
        .arg("fixtures/facebook-firebase-collect.apk")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("<!DOCTYPE html>"));

    let out = sdklint()
        .args([
            "check",
            "--format",
            "html",
            "fixtures/facebook-firebase-collect.apk",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), written);

    // Several bundles, one unreadable: a table of bundles, one section each, exit code 2.
    let out = sdklint()
        .args([
            "check",
            "--format",
            "html",
            "fixtures/shop.ipa",
            "fixtures/no-sdk.apk",
            "fixtures/README.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = Html::parse_document(&String::from_utf8(out.stdout).unwrap());
    let root = doc.root_element();
    assert_eq!(count(root, "section.bundle"), 2);
    let toc: Vec<String> = root.select(&sel("nav.toc tbody tr")).map(text).collect();
    assert_eq!(toc.len(), 3);
    // Columns: path, app, SDKs, then finding counts (which grow as rules are added).
    assert!(
        toc[0].starts_with("fixtures/shop.ipa com.example.shop 1 "),
        "{}",
        toc[0]
    );
    assert!(
        toc[1].starts_with("fixtures/no-sdk.apk com.example.nosdk 0 "),
        "{}",
        toc[1]
    );
    assert!(
        toc[2].starts_with("fixtures/README.md unreadable"),
        "{}",
        toc[2]
    );

    // --fail-on applies as for every format.
    let status = sdklint()
        .args(["check", "--format", "html", "--fail-on", "info", "-o"])
        .arg(&file)
        .arg("fixtures/facebook-firebase-collect.apk")
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
}

/// Opt-in: render the page in headless Chromium (Debian package `chromium`) and check the text
/// a reader sees, script included. `cargo test --test html -- --ignored`; fails, saying so, when
/// Chromium is not installed (an opt-in test never passes without running).
#[test]
#[ignore = "needs /usr/bin/chromium (apt-get install chromium)"]
fn chromium_renders_the_page() {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "this opt-in test needs /usr/bin/chromium: `apt-get install -y --no-install-recommends chromium`"
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let status = sdklint()
        .args(["check", "--format", "html", "--fail-on", "never", "-o"])
        .arg(&page)
        .args([
            "fixtures/facebook-firebase-collect.apk",
            "fixtures/shop.ipa",
        ])
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(0));
    let profile = dir.path().join("profile");
    let out = std::process::Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = Html::parse_document(&String::from_utf8(out.stdout).unwrap());
    let root = dom.root_element();
    // The script ran: the severity filter is shown.
    assert_eq!(one(root, "#filter").value().attr("class"), Some("on"));
    assert_eq!(count(root, "section.bundle"), 2);
    let page_text = text(root);
    for expected in [
        "com.example.social",
        "com.example.shop",
        "Findings by policy clause",
        "SL302 collection-before-consent",
        "fb_mobile_purchase",
        "X partner",
        "NSPrivacyTracking",
        "https://att-launches.appsflyersdk.com",
    ] {
        assert!(page_text.contains(expected), "missing {expected:?}");
    }
}
