//! The text report's batch features: events grouped with a count, a totals line after several
//! bundles, "no bundles found in DIR", and `facts --section`.

use assert_cmd::Command;

fn sdklint(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_batch_ends_with_a_totals_line() {
    let (code, out, _) = sdklint(&[
        "check",
        "--color",
        "never",
        "fixtures/no-sdk.apk",
        "fixtures/appsflyer-adjust.apk",
        "fixtures/README.md",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        out.lines().last().unwrap(),
        "Total: 3 bundles · 1 error · 2 warnings · 2 info · 1 bundle with errors · 1 unreadable"
    );
    // One bundle: no totals line.
    let (_, out, _) = sdklint(&["check", "fixtures/no-sdk.apk"]);
    assert!(!out.contains("Total:"), "{out}");
}

#[test]
fn a_directory_without_bundles_says_so() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "no bundle here").unwrap();
    let (code, out, err) = sdklint(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    // The count of files passed over, then the error.
    assert_eq!(
        err.trim_end(),
        format!(
            "note: skipped 1 file that is not a bundle (--verbose lists them)\nerror: no bundles found in {}",
            dir.path().display()
        )
    );
    // The machine formats carry it as an unreadable bundle.
    let (_, sarif, _) = sdklint(&["check", "--format", "sarif", dir.path().to_str().unwrap()]);
    assert!(sarif.contains("no bundles found in"), "{sarif}");
}

#[test]
fn events_are_grouped_by_sdk_and_name_with_a_count() {
    let (_, out, _) = sdklint(&["check", "fixtures/appsflyer-adjust.apk"]);
    let events: Vec<&str> = out
        .lines()
        .skip_while(|l| l.trim() != "Events")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        events,
        [
            "    appsflyer  af_add_to_cart  1×  classes.dex: Lcom/example/shop/MainActivity;->onAddToCart(Ljava/lang/String;)V",
            "    appsflyer  af_purchase     1×  classes.dex: Lcom/example/shop/MainActivity;->onPurchaseCompleted(Ljava/lang/String;D)V",
            "    adjust     abc123          1×  classes.dex: Lcom/example/shop/MainActivity;->onPurchaseCompleted(Ljava/lang/String;D)V",
        ]
    );
}

#[test]
fn facts_prints_one_section() {
    let (code, out, _) = sdklint(&[
        "facts",
        "--section",
        "permissions",
        "fixtures/appsflyer-adjust.apk",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "fixtures/appsflyer-adjust.apk\n\
         \x20 android apk · com.example.shop 2.3.0 (code 42) · minSdk 21 · targetSdk 34\n\
         \x20 permissions (4)\n\
         \x20   android.permission.INTERNET\n\
         \x20   android.permission.ACCESS_NETWORK_STATE\n\
         \x20   com.google.android.gms.permission.AD_ID\n\
         \x20   android.permission.WRITE_EXTERNAL_STORAGE (maxSdkVersion 28)\n"
    );
    let (_, out, _) = sdklint(&["facts", "--section", "signing", "fixtures/no-sdk.apk"]);
    assert!(
        out.contains("    v2  CN=sdklint-fixtures  SHA-256 f45938f0"),
        "{out}"
    );
    let (code, _, err) = sdklint(&["facts", "--section", "nope", "fixtures/shop.ipa"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no section \"nope\"; this bundle has: strings, bundles,"),
        "{err}"
    );
}
