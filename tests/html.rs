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

/// The element's text nodes joined by spaces, whitespace runs collapsed; pieces a `<wbr>` splits
/// (a long symbol's break opportunities) are joined back without one.
fn text(el: ElementRef<'_>) -> String {
    const WBR: &str = "\u{0}";
    let pieces: Vec<&str> = el
        .descendants()
        .filter_map(|node| match node.value() {
            scraper::Node::Text(t) => Some(&**t),
            scraper::Node::Element(e) if e.name() == "wbr" => Some(WBR),
            _ => None,
        })
        .collect();
    pieces
        .join(" ")
        .replace(&format!(" {WBR} "), "")
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
        // Links are in-page, or to X's policy page and vendors' pages (plain links: nothing is
        // loaded from them).
        for a in root.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            assert!(
                href.starts_with('#') || href.starts_with("https://"),
                "{what}: {href}"
            );
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
        "bundle file fixtures/shop.ipa app name Shop bundle id com.example.shop version 2.3.0 \
         build 42 min iOS 14.0 iOS SDK 16.0 SHA-256 \
         f1d154210d973578eba3300f40df2fad11bfa4021a5e9ed2ae76360b311595f5 signing team ABCDE12345"
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
    report.findings[0].evidence[0].locator = evil.into();
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

/// A reviewer reads the verdict first: whether X's policy applies and why, then pass / fail per
/// clause with failing clauses first; then the findings (errors first), the SDKs, the identity,
/// the permissions.
#[test]
fn the_page_opens_with_the_verdict() {
    let report = lint(Path::new("fixtures/appsflyer-adjust-no-adid.apk"));
    let doc = render(std::slice::from_ref(&report));
    let root = doc.root_element();
    let bundle = one(root, "section.bundle");
    let order: Vec<String> = bundle
        .children()
        .filter_map(ElementRef::wrap)
        .filter_map(|el| {
            let v = el.value();
            match (v.name(), v.attr("id")) {
                ("div", _) if v.has_class("verdict", scraper::CaseSensitivity::CaseSensitive) => {
                    Some("verdict".to_string())
                }
                ("h3", Some(id)) => Some(id.trim_start_matches("bundle-0-").to_string()),
                _ => None,
            }
        })
        .collect();
    assert_eq!(
        order[..5],
        ["verdict", "findings", "sdks", "identity", "permissions"]
    );

    let verdict = one(bundle, "div.verdict");
    let x_policy = text(one(verdict, "p.x-policy"));
    assert!(
        x_policy
            .starts_with("X's conversion-tracking policy: applies — Adjust, AppsFlyer embedded"),
        "{x_policy}"
    );
    assert!(
        one(verdict, "p.x-policy a")
            .value()
            .attr("href")
            .unwrap()
            .starts_with("https://business.x.com/")
    );
    let rows: Vec<String> = verdict.select(&sel("tbody tr")).map(text).collect();
    assert_eq!(rows.len(), 8);
    // Columns: clause, result, errors, warnings, info, suppressed/baselined.
    assert_eq!(rows[0], "Consent fail 1 0 0 0");
    assert_eq!(rows[1], "Integration warn 0 1 0 0");
    assert_eq!(rows[2], "Notice warn 0 1 0 0");
    assert_eq!(rows[3], "Opt-out warn 0 1 0 0");
    assert_eq!(rows[4], "Inventory pass 0 0 2 0");
    assert!(
        rows[5..].iter().all(|r| r.contains(" pass 0 0 0 0")),
        "{rows:?}"
    );
    // The findings follow the same order: the error first.
    let first = bundle.select(&sel("article.finding")).next().unwrap();
    assert_eq!(first.value().attr("data-rule"), Some("SL301"));

    let identity = text(one(bundle, "dl.identity"));
    assert!(identity.contains("app name Example Shop"), "{identity}");
    assert!(
        identity.contains(
            "signer (v2) CN=sdklint-fixtures SHA-256 \
             f45938f0223e99b50cfc32b7f4a452785b1a3fa3e1f297a7d63ccc4ab6d4db49"
        ),
        "{identity}"
    );
    let dangerous: Vec<String> = bundle
        .select(&sel("ul.permissions li.dangerous"))
        .map(text)
        .collect();
    assert_eq!(
        dangerous,
        ["android.permission.WRITE_EXTERNAL_STORAGE dangerous"]
    );
    let adjust = one(bundle, "tr.sdk[data-sdk=\"adjust\"]");
    let links: Vec<(Option<&str>, String)> = adjust
        .select(&sel("a"))
        .map(|a| (a.value().attr("href"), text(a)))
        .collect();
    // The vendor's page, then the SDK's tracker page on Exodus Privacy (the database's exodus_id).
    assert_eq!(
        links,
        [
            (
                Some("https://dev.adjust.com/en/sdk/android"),
                "Adjust GmbH".to_string()
            ),
            (
                Some("https://reports.exodus-privacy.eu.org/en/trackers/52/"),
                "Exodus".to_string()
            ),
        ]
    );
}

/// Long symbols get a break opportunity after each `/`, `.`, `$` or `;`, and nowhere else.
#[test]
fn long_symbols_wrap_at_separators() {
    let report = lint(Path::new("fixtures/appsflyer-adjust-no-adid.apk"));
    let page = html::render(std::slice::from_ref(&report), &[], SdkDb::builtin()).unwrap();
    assert!(
        // minijinja escapes `/` as `&#x2f;`.
        page.contains("Lcom&#x2f;<wbr>adjust&#x2f;<wbr>sdk&#x2f;<wbr>Adjust;"),
        "no break opportunities in class names"
    );
    assert!(!page.contains("Adj<wbr>"));
    // The CSS no longer breaks anywhere.
    assert!(!page.contains("break-all"));
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

/// Run headless Chromium on `page` with the network pointed nowhere (`--proxy-server` to a closed
/// port) at a 1280×800 window, with `extra` arguments; its stdout.
fn chromium(page: &Path, profile: &Path, extra: &[String]) -> String {
    let out = std::process::Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--proxy-server=127.0.0.1:9",
            "--window-size=1280,800",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Opt-in: the verdict is above the fold of a 1280×800 window, the findings come after it, the
/// page loads nothing from the network, and a screenshot of it goes to `docs/html-report.png`.
/// `cargo test --test html -- --ignored`.
#[test]
#[ignore = "needs /usr/bin/chromium (apt-get install chromium)"]
fn chromium_shows_the_verdict_above_the_fold() {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "this opt-in test needs /usr/bin/chromium: `apt-get install -y --no-install-recommends chromium`"
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let status = sdklint()
        .args(["check", "--format", "html", "--fail-on", "never", "-o"])
        .arg(&page)
        .arg("fixtures/appsflyer-adjust-no-adid.apk")
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(0));
    let html = std::fs::read_to_string(&page).unwrap();

    // A copy with a probe that writes the layout into the DOM for --dump-dom to show.
    let probe = r#"<script>
addEventListener('load', () => {
  const box = s => document.querySelector(s).getBoundingClientRect();
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify({
    height: innerHeight,
    verdict_bottom: box('div.verdict').bottom,
    findings_top: box('h3[id$="-findings"]').top,
    sdks_top: box('h3[id$="-sdks"]').top,
    resources: performance.getEntriesByType('resource').length,
  });
  document.body.append(out);
});
</script>"#;
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{probe}</body>"))).unwrap();
    let dom = chromium(
        &probed,
        &dir.path().join("profile"),
        &[
            "--dump-dom".to_string(),
            "--virtual-time-budget=2000".to_string(),
        ],
    );
    let doc = Html::parse_document(&dom);
    let probe: serde_json::Value =
        serde_json::from_str(&text(one(doc.root_element(), "pre#probe"))).unwrap();
    let height = probe["height"].as_f64().unwrap();
    let verdict_bottom = probe["verdict_bottom"].as_f64().unwrap();
    assert!(
        verdict_bottom > 0.0 && verdict_bottom <= height,
        "verdict ends at {verdict_bottom}px, the window is {height}px: {probe}"
    );
    assert!(
        probe["findings_top"].as_f64().unwrap() >= verdict_bottom,
        "{probe}"
    );
    assert!(
        probe["sdks_top"].as_f64().unwrap() > probe["findings_top"].as_f64().unwrap(),
        "{probe}"
    );
    assert_eq!(probe["resources"], 0, "the page loaded something: {probe}");

    // The screenshot in the docs is of the page as shipped (no probe).
    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/html-report.png");
    chromium(
        &page,
        &dir.path().join("profile2"),
        &[format!("--screenshot={}", shot.display())],
    );
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

/// An event name logged from many call sites is one row: its count, the first three sites and
/// how many more (a game logging `level_N` from every level stays a readable page).
#[test]
fn events_are_one_row_per_name_with_their_call_sites() {
    let mut report = lint(Path::new("fixtures/sensitive-events.apk"));
    let names_before = {
        let mut names: Vec<_> = report.inventory.events.iter().map(|e| &e.name).collect();
        names.dedup();
        names.len()
    };
    let first = report.inventory.events[0].clone();
    for i in 0..5 {
        let mut copy = first.clone();
        copy.location.locator = format!("Lcom/example/Level{i};->finish()V").into();
        report.inventory.events.push(copy);
    }
    let page = html::render(std::slice::from_ref(&report), &[], SdkDb::builtin()).unwrap();
    let doc = Html::parse_document(&page);
    let rows: Vec<ElementRef> = doc
        .select(&Selector::parse("table.events tbody tr").unwrap())
        .collect();
    assert_eq!(rows.len(), names_before);
    let row = text(rows[0]);
    assert!(row.contains(&format!("{}", first.name)), "{row}");
    assert!(row.contains("6×"), "{row}");
    assert!(row.contains("… and 3 more"), "{row}");
    assert!(row.contains("Level0"), "{row}");
    assert!(!row.contains("Level4"), "{row}");
    let sites = report.inventory.events.len();
    assert!(
        page.contains(&format!("({names_before} names, {sites} call sites)")),
        "heading counts names and call sites"
    );
}
