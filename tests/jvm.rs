//! Android libraries (`.aar`) and Java archives (`.jar`), the forms in which Android SDKs ship:
//! the class files of `classes.jar` (or of the jar) are read, the SDK is found by its classes,
//! and no app-level rule runs on a library.

use std::io::Write;
use std::path::Path;

use sdklint::facts::BundleFormat;
use sdklint::{Options, lint};

#[test]
fn aar_is_read_through_its_classes_jar() {
    let report = lint(Path::new("fixtures/appsflyer-sdk.aar"), &Options::default()).unwrap();
    let facts = &report.facts;
    assert_eq!(facts.format, BundleFormat::Aar);
    assert_eq!(facts.app.id.as_deref(), Some("com.appsflyer"));
    assert!(facts.has_permission("com.google.android.gms.permission.AD_ID"));
    let defined: Vec<&str> = facts
        .classes
        .iter()
        .filter(|c| c.defined)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        defined,
        [
            "com.appsflyer.AFInAppEventType",
            "com.appsflyer.AppsFlyerLib"
        ]
    );
    assert!(
        facts
            .classes
            .iter()
            .any(|c| c.name == "java.lang.Object" && !c.defined)
    );
    let af = report.inventory.get("appsflyer").expect("AppsFlyer found");
    assert!(
        af.evidence[0]
            .file
            .starts_with("classes.jar!/com/appsflyer/"),
        "{:?}",
        af.evidence
    );
    // A library has no app: no app-level finding, and no "called from the app" count.
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["SL101"]);
    assert_eq!(facts.app_calls("appsflyer"), None);
}

/// Strings after the two-slot `long` and `double` constants are read, and each string is owned
/// by the class whose file holds it: the SDK's.
#[test]
fn class_file_strings_belong_to_their_class() {
    let report = lint(Path::new("fixtures/appsflyer-sdk.aar"), &Options::default()).unwrap();
    let facts = &report.facts;
    let strings: Vec<&str> = facts.strings.iter().map(|s| s.value.as_str()).collect();
    for expected in [
        "af_purchase",
        "af_level_achieved",
        "https://launches.appsflyer.com/api/v6.14/androidevent",
    ] {
        assert!(strings.contains(&expected), "{expected}: {strings:?}");
    }
    for (i, _) in facts.strings.iter().enumerate() {
        assert!(
            !facts.ownership.string_is_app(i),
            "string #{i} is the SDK's"
        );
    }
}

#[test]
fn jar_of_class_files() {
    let report = lint(Path::new("fixtures/adjust-sdk.jar"), &Options::default()).unwrap();
    assert_eq!(report.facts.format, BundleFormat::Jar);
    let ids: Vec<&str> = report
        .inventory
        .sdks
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, ["adjust"]);
    assert!(report.facts.errors.is_empty(), "{:?}", report.facts.errors);
}

/// A class file that is not one is named in the errors; the other classes are still read.
#[test]
fn a_broken_class_file_loses_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.jar");
    let mut source =
        zip::ZipArchive::new(std::fs::File::open("fixtures/adjust-sdk.jar").unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.start_file("com/example/Broken.class", options).unwrap();
    out.write_all(&[0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52, 0, 9, 99])
        .unwrap();
    out.finish().unwrap();
    let report = lint(&path, &Options::default()).unwrap();
    assert_eq!(report.inventory.sdks.len(), 1);
    assert_eq!(report.facts.errors.len(), 1, "{:?}", report.facts.errors);
    let error = &report.facts.errors[0];
    assert_eq!(error.file, "com/example/Broken.class");
    assert!(
        error.message.contains("unknown tag 99"),
        "{}",
        error.message
    );
}
