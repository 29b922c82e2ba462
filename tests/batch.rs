//! Batch runs: `sdklint check DIR` and many paths, in parallel, JSON Lines, `--quiet`, colors.

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A directory tree holding three fixtures (one nested), one file named as an APK that is not one,
/// and one file that is no bundle.
fn tree() -> TempDir {
    let dir = TempDir::new().unwrap();
    let nested = dir.path().join("release/2.3");
    std::fs::create_dir_all(&nested).unwrap();
    for (fixture, to) in [
        ("no-sdk.apk", dir.path().join("a-no-sdk.apk")),
        ("appsflyer-adjust-no-adid.apk", nested.join("shop.apk")),
        ("branch-referenced.apk", dir.path().join("c-links.apk")),
    ] {
        std::fs::copy(format!("fixtures/{fixture}"), to).unwrap();
    }
    std::fs::write(dir.path().join("b-broken.apk"), "not a zip").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored: not a bundle").unwrap();
    dir
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_directory_is_searched_and_one_failure_stops_nothing() {
    let dir = tree();
    let root = dir.path().to_str().unwrap();
    for jobs in ["1", "4"] {
        let (code, out, err) = run(&["check", "--format", "jsonl", "--jobs", jobs, root]);
        // The broken bundle makes the run exit 2; the others are still reported, in path order.
        assert_eq!(code, 2, "{err}");
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
            .collect();
        let names: Vec<String> = lines
            .iter()
            .map(|l| {
                let path = l["path"].as_str().unwrap();
                path.strip_prefix(root).unwrap().to_string()
            })
            .collect();
        assert_eq!(
            names,
            [
                "/a-no-sdk.apk",
                "/b-broken.apk",
                "/c-links.apk",
                "/release/2.3/shop.apk"
            ]
        );
        assert!(lines.iter().all(|l| l["schema_version"] == 2));
        assert!(
            lines[1]["error"]
                .as_str()
                .unwrap()
                .contains("not a recognised bundle")
        );
        assert_eq!(lines[2]["sdks"][0]["id"], "branch");
        assert_eq!(lines[3]["app"]["id"], "com.example.shop");
        // One error (the broken bundle), and the count of the files passed over.
        let errors: Vec<_> = err
            .lines()
            .filter(|l| !l.starts_with("note: skipped"))
            .collect();
        assert_eq!(errors.len(), 1, "{err}");
    }
}

#[test]
fn exit_code_is_the_worst_of_the_bundles() {
    let dir = tree();
    let nested = dir.path().join("release");
    let (code, _, _) = run(&[
        "check",
        "--fail-on",
        "warning",
        "fixtures/no-sdk.apk",
        nested.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let (code, _, _) = run(&["check", "fixtures/no-sdk.apk", "fixtures/twitter-kit.apk"]);
    assert_eq!(code, 0);
}

#[test]
fn quiet_prints_nothing_but_keeps_the_exit_code() {
    let (code, out, err) = run(&[
        "check",
        "-q",
        "--fail-on",
        "warning",
        "fixtures/appsflyer-adjust-no-adid.apk",
    ]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", ""));
}

#[test]
fn colors_only_when_asked_or_on_a_terminal() {
    let (_, plain, _) = run(&["check", "fixtures/branch-referenced.apk"]);
    assert!(!plain.contains('\x1b'));
    let (_, colored, _) = run(&[
        "check",
        "--color",
        "always",
        "fixtures/branch-referenced.apk",
    ]);
    assert!(colored.contains("\x1b[1;33mwarning"), "{colored}");
}

// ---- discovery by content -----------------------------------------------------------------------

use sdklint::batch::{self, Input};
use sdklint::bundle::Limits;
use std::path::{Path, PathBuf};

fn copy(from: &str, to: &Path) {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::copy(format!("fixtures/{from}"), to).unwrap();
}

/// A tree of fixtures under names that say nothing: what is found must be found by content.
fn odd_names() -> TempDir {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    // One app as a split set, saved under names no tool uses for one.
    copy("appsflyer-adjust-splits/base.apk", &d.join("shop/app.apk"));
    copy(
        "appsflyer-adjust-splits/split_config.fr.apk",
        &d.join("shop/app-fr.apk"),
    );
    // The same set under the names a device uses.
    copy(
        "appsflyer-adjust-splits/base.apk",
        &d.join("device/base.apk"),
    );
    copy(
        "appsflyer-adjust-splits/split_config.fr.apk",
        &d.join("device/split_config.fr.apk"),
    );
    copy("ios/bin/App", &d.join("vendor/binary"));
    copy("ios/bin/libAdjustSdk.a", &d.join("vendor/libAdjustSdk.a"));
    copy("ios/bin/libAdjustSdk.a", &d.join("vendor/adjust-static"));
    copy(
        "manifests/rich.aapt2.axml",
        &d.join("unpacked/AndroidManifest.xml"),
    );
    copy(
        "src/apk/no-sdk/AndroidManifest.xml",
        &d.join("source/AndroidManifest.xml"),
    );
    copy(
        "src/apk/appsflyer-adjust/res/values/strings.xml",
        &d.join("source/strings.xml"),
    );
    copy("branch-referenced.apk", &d.join("downloads/artifact.bin"));
    copy("shop.ipa", &d.join("downloads/build-42"));
    copy(
        "native/arm64-v8a/libtracker.so",
        &d.join("lib/libtracker.so"),
    );
    std::fs::write(d.join("notes.txt"), "release notes").unwrap();
    dir
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap().display().to_string()
}

#[test]
fn discovery_goes_by_content_not_by_name() {
    let dir = odd_names();
    let root = dir.path();
    let found = batch::discover(root, &Limits::default()).unwrap();
    let bundles: Vec<String> = found.bundles.iter().map(|p| rel(root, p)).collect();
    assert_eq!(
        bundles,
        [
            "device",
            "downloads/artifact.bin",
            "downloads/build-42",
            "shop",
            "source/AndroidManifest.xml",
            "unpacked/AndroidManifest.xml",
            "vendor/adjust-static",
            "vendor/binary",
            "vendor/libAdjustSdk.a",
        ]
    );
    let skipped: Vec<(String, &str)> = found
        .skipped
        .iter()
        .map(|s| (rel(root, &s.path), s.reason.as_str()))
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert_eq!(skipped[0].0, "lib/libtracker.so");
    assert!(skipped[0].1.starts_with("an ELF file"), "{skipped:?}");
    assert_eq!(skipped[1].0, "notes.txt");
    assert!(skipped[1].1.starts_with("not a bundle"), "{skipped:?}");
    assert_eq!(skipped[2].0, "source/strings.xml");
    assert!(skipped[2].1.contains("root is <resources>"), "{skipped:?}");
}

#[test]
fn what_discovery_finds_lints_as_the_bundle_it_is() {
    let dir = odd_names();
    let root = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["check", "--format", "jsonl", "--fail-on", "never", root]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let by_name = |name: &str| {
        lines
            .iter()
            .find(|l| l["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not reported: {out}"))
    };
    // Both split directories are one app each, with the French split's strings merged in.
    for set in ["/shop", "/device"] {
        let app = by_name(set);
        assert_eq!(app["format"], "apk-dir", "{app}");
        assert_eq!(app["app"]["id"], "com.example.shop");
    }
    assert_eq!(by_name("artifact.bin")["sdks"][0]["id"], "branch");
    assert_eq!(by_name("build-42")["platform"], "ios");
    assert_eq!(by_name("vendor/binary")["format"], "mach-o");
    assert_eq!(by_name("adjust-static")["format"], "static-library");
    assert_eq!(lines.len(), 9, "{out}");
}

#[test]
fn the_fixtures_directory_holds_one_split_set_not_two_apps() {
    let found = batch::discover(Path::new("fixtures"), &Limits::default()).unwrap();
    let splits = PathBuf::from("fixtures/appsflyer-adjust-splits");
    assert!(found.bundles.contains(&splits), "{:?}", found.bundles);
    assert!(
        !found
            .bundles
            .iter()
            .any(|p| p.starts_with(&splits) && *p != splits),
        "a split APK linted on its own: {:?}",
        found.bundles
    );
    // The bare Mach-O files, the static library and the compiled manifests are found too.
    for path in [
        "fixtures/ios/bin/App",
        "fixtures/ios/bin/libAdjustSdk.a",
        "fixtures/manifests/rich.aapt2.axml",
        "fixtures/adjust-sdk.jar",
        "fixtures/appsflyer-sdk.aar",
    ] {
        assert!(found.bundles.contains(&PathBuf::from(path)), "{path}");
    }
}

#[test]
fn versions_of_one_app_side_by_side_are_separate_apps() {
    // Same package, neither APK a split: two builds of one app, not a split set.
    let dir = TempDir::new().unwrap();
    copy("appsflyer-adjust.apk", &dir.path().join("v1.apk"));
    copy("appsflyer-adjust-no-adid.apk", &dir.path().join("v2.apk"));
    let found = batch::discover(dir.path(), &Limits::default()).unwrap();
    let names: Vec<String> = found.bundles.iter().map(|p| rel(dir.path(), p)).collect();
    assert_eq!(names, ["v1.apk", "v2.apk"]);
}

#[test]
fn discovery_stops_at_its_depth_limit_and_says_so() {
    let dir = TempDir::new().unwrap();
    let mut deep = dir.path().to_path_buf();
    for level in 0..=batch::MAX_DEPTH {
        deep.push(format!("d{level}"));
    }
    copy("no-sdk.apk", &deep.join("app.apk"));
    copy("no-sdk.apk", &dir.path().join("d0/app.apk"));
    let found = batch::discover(dir.path(), &Limits::default()).unwrap();
    assert_eq!(found.bundles, [dir.path().join("d0/app.apk")]);
    assert_eq!(found.skipped.len(), 1);
    assert_eq!(found.skipped[0].path, deep);
    assert!(found.skipped[0].reason.contains("16 directories deep"));
}

#[test]
fn a_directory_without_bundles_is_one_unreadable_input() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "no bundle here").unwrap();
    let expanded = batch::expand(&[dir.path().to_path_buf()], &Limits::default());
    assert_eq!(expanded.inputs, [Input::Empty(dir.path().to_path_buf())]);
    assert_eq!(expanded.skipped.len(), 1, "{:?}", expanded.skipped);
    assert_eq!(expanded.skipped[0].path, dir.path().join("notes.txt"));
    let (code, _, err) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no bundles found in"), "{err}");
}

// ---- exit policy --------------------------------------------------------------------------------

#[test]
fn exit_policy_unreadable_beats_findings_and_baselined_findings_do_not_count() {
    use sdklint::rules::Severity;
    let options = sdklint::Options::default();
    let apk = PathBuf::from("fixtures/appsflyer-adjust-no-adid.apk");
    let report = sdklint::lint(&apk, &options).unwrap();
    let inputs = [Input::Bundle(apk.clone())];
    let plain = batch::run(&inputs, &options, &Default::default(), &|_| {}).unwrap();
    assert_eq!(
        plain.exit_code(Some(Severity::Warning)),
        batch::EXIT_FINDINGS
    );
    assert_eq!(plain.exit_code(None), batch::EXIT_CLEAN);
    let findings = &plain.reports[0].findings;
    assert_eq!(
        batch::exit_code(findings, 1, Some(Severity::Warning)),
        batch::EXIT_TROUBLE
    );

    let baselined = batch::BatchOptions {
        jobs: Some(1),
        baseline: Some(sdklint::baseline::Baseline::of(&[report])),
    };
    let marked = batch::run(&inputs, &options, &baselined, &|_| {}).unwrap();
    assert!(!marked.reports[0].findings.is_empty());
    assert_eq!(marked.exit_code(Some(Severity::Info)), batch::EXIT_CLEAN);
}

/// `run_each` hands results over in input order, window by window: when input `i` reaches the
/// sink, no input past `i`'s window has started, so a long run holds one window of reports.
#[test]
fn run_each_streams_in_input_order_one_window_at_a_time() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let options = sdklint::Options::default();
    let fixtures = [
        "no-sdk.apk",
        "branch-referenced.apk",
        "appsflyer-adjust-no-adid.apk",
    ];
    let inputs: Vec<Input> = (0..11)
        .map(|i| match i {
            5 => Input::Bundle(PathBuf::from("fixtures/does-not-exist.apk")),
            _ => Input::Bundle(PathBuf::from(format!("fixtures/{}", fixtures[i % 3]))),
        })
        .collect();
    let jobs = 2;
    let window = jobs * batch::WINDOW_PER_JOB;
    let started = AtomicUsize::new(0);
    let mut seen = Vec::new();
    let run = batch::BatchOptions {
        jobs: Some(jobs),
        baseline: None,
    };
    batch::run_each(
        &inputs,
        &options,
        &run,
        &|_| {
            started.fetch_add(1, Ordering::SeqCst);
        },
        &mut |input, result| {
            let i = inputs.iter().position(|x| std::ptr::eq(x, input)).unwrap();
            let done = started.load(Ordering::SeqCst);
            assert!(
                done <= (i / window + 1) * window,
                "input {i} reached the sink after {done} inputs were done"
            );
            seen.push((i, result.is_ok()));
            std::ops::ControlFlow::Continue(())
        },
    )
    .unwrap();
    let expected: Vec<(usize, bool)> = (0..11).map(|i| (i, i != 5)).collect();
    assert_eq!(seen, expected);
}

// ---- files passed over --------------------------------------------------------------------------

#[test]
fn check_counts_the_files_it_passed_over_and_lists_them_with_verbose() {
    let dir = tree();
    let root = dir.path().to_str().unwrap();

    let (_, _, err) = run(&["check", root, "--format", "json"]);
    assert!(
        err.contains("note: skipped 1 file that is not a bundle (--verbose lists them)"),
        "{err}"
    );
    assert!(
        !err.contains("notes.txt"),
        "listed without --verbose: {err}"
    );

    let (_, _, err) = run(&["check", root, "--format", "json", "--verbose"]);
    let notes = dir.path().join("notes.txt");
    let line = err
        .lines()
        .find(|l| l.starts_with(&format!("skipped {}: ", notes.display())))
        .unwrap_or_else(|| panic!("notes.txt not listed: {err}"));
    assert!(
        line.len() > format!("skipped {}: ", notes.display()).len(),
        "no reason: {line}"
    );
    assert!(!err.contains("note: skipped"), "{err}");

    let (_, _, err) = run(&["check", root, "--format", "json", "--quiet"]);
    assert!(!err.contains("skipped"), "--quiet prints it: {err}");
}
