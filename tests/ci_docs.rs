//! The CI documentation is what runs: README opens with the install command; the command that
//! `action.yml` runs is the one docs/ci.md shows, and it works on the fixtures (one analysis,
//! SARIF, HTML and step summary); the workflow only passes inputs the action declares; the SARIF
//! upload is skipped for pull requests from forks.

use std::path::{Path, PathBuf};

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The lines of `text` that start (after indentation) with `prefix`.
fn lines_starting<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with(prefix))
        .collect()
}

/// The names under `inputs:` in action.yml (two-space indented keys).
fn action_inputs(action: &str) -> Vec<String> {
    action
        .lines()
        .skip_while(|l| *l != "inputs:")
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .filter_map(|l| {
            let key = l.strip_prefix("  ")?.strip_suffix(':')?;
            (!key.starts_with(' ')).then(|| key.to_string())
        })
        .collect()
}

/// A directory holding only the `sdklint` binary under test, to put first on PATH.
fn bin_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sdklint"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn readme_starts_with_the_install_command() {
    let readme = read("README.md");
    let first_block = readme.split("```sh\n").nth(1).unwrap();
    assert!(
        first_block.starts_with("cargo install --locked --path ."),
        "{first_block}"
    );
}

/// "What it prints" is what `sdklint check` prints on that fixture today, line for line.
#[test]
fn readme_example_output_is_what_sdklint_prints() {
    let readme = read("README.md");
    let command = "$ sdklint check fixtures/appsflyer-adjust-no-adid.apk\n";
    let shown = readme
        .split(command)
        .nth(1)
        .expect("the example in README.md");
    let shown = shown.split("```").next().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sdklint"))
        .args(["check", "fixtures/appsflyer-adjust-no-adid.apk"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the example has errors");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), shown);
}

#[test]
fn the_action_runs_the_documented_command_and_it_works_on_the_fixtures() {
    let action = read("action.yml");
    let docs = read("docs/ci.md");
    let commands = lines_starting(&action, "sdklint check");
    assert_eq!(commands.len(), 1, "{commands:?}");
    let command = commands[0];
    assert!(
        lines_starting(&docs, "sdklint check").contains(&command),
        "docs/ci.md does not show the action's command: {command}"
    );

    let dir = tempfile::TempDir::new().unwrap();
    let summary = dir.path().join("summary.md");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(command)
        .current_dir(dir.path())
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir().display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("FAIL_ON", "error")
        .env("SARIF", "sdklint.sarif")
        .env("HTML", "sdklint-report.html")
        .env("ARGS", "--color never")
        .env(
            "BUNDLES",
            format!(
                "{}/appsflyer-adjust-no-adid.apk {}/shop.ipa",
                fixtures.display(),
                fixtures.display()
            ),
        )
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors in both fixtures: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Total: 2 bundles"), "{stdout}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("sdklint.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 2);
    let html = std::fs::read_to_string(dir.path().join("sdklint-report.html")).unwrap();
    assert!(html.contains("class=\"verdict\""));
    let markdown = std::fs::read_to_string(dir.path().join("sdklint-summary.md")).unwrap();
    assert!(markdown.contains("SL301"), "{markdown}");
}

#[test]
fn the_workflow_passes_only_declared_inputs_and_forks_skip_the_upload() {
    let action = read("action.yml");
    let docs = read("docs/ci.md");
    let inputs = action_inputs(&action);
    assert_eq!(
        inputs,
        [
            "bundles",
            "fail-on",
            "sarif",
            "html",
            "upload-sarif",
            "args"
        ]
    );
    // The workflow's `with:` under the sdklint step.
    let step: Vec<&str> = docs
        .lines()
        .skip_while(|l| !l.contains("uses: your-org/sdklint@"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty() && !l.trim_start().starts_with("- "))
        .collect();
    let keys: Vec<&str> = step
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.starts_with('#') && *l != "with:")
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .collect();
    assert_eq!(keys, ["bundles", "fail-on"], "{step:?}");
    for key in keys {
        assert!(inputs.iter().any(|i| i == key), "{key} is not an input");
    }
    // Uploads through the current major of upload-sarif, never on a fork's pull request.
    for text in [&action, &docs] {
        assert!(text.contains("uses: github/codeql-action/upload-sarif@v4"));
        assert!(
            text.contains("github.event.pull_request.head.repo.full_name == github.repository")
        );
        assert!(!text.contains("upload-sarif@v3"));
    }
    // The action installs from its own checkout, with the lock file.
    assert!(action.contains(r#"cargo install --locked --path "$SDKLINT_SOURCE""#));
    assert!(action.contains("SDKLINT_SOURCE: ${{ github.action_path }}"));
}
