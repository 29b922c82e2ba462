//! Batch runs: `sdklint check DIR` and many paths, in parallel, JSON Lines, `--quiet`, colors.

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A directory tree holding three fixtures (one nested) and one file that is not an APK.
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
    std::fs::write(dir.path().join("notes.txt"), "ignored: not a bundle name").unwrap();
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
        assert_eq!(err.lines().count(), 1, "{err}");
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
