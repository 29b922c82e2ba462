//! Android libraries (`.aar`) and Java archives (`.jar`), the forms in which Android SDKs ship:
//! the class files of `classes.jar` (or of the jar) are read, the SDK is found by its classes,
//! and no app-level rule runs on a library.

use std::io::Write;
use std::path::Path;

use sdklint::facts::BundleFormat;
use sdklint::facts::code::ArgValue;
use sdklint::inventory::ApiKind;
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

/// A jar of nothing but its manifest (the classes.jar of a resource-only AAR) is a jar with no
/// class and no SDK, not an unreadable input; a zip of neither classes nor a manifest is.
#[test]
fn a_jar_of_no_class_is_an_empty_jar() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, entries: &[&str]| {
        let path = dir.path().join(name);
        let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for entry in entries {
            out.start_file(*entry, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(b"Manifest-Version: 1.0\r\n").unwrap();
        }
        out.finish().unwrap();
        path
    };
    let report = lint(
        &write("classes.jar", &["META-INF/MANIFEST.MF"]),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(report.facts.format, BundleFormat::Jar);
    assert!(report.facts.classes.is_empty());
    assert!(report.inventory.sdks.is_empty());
    assert!(report.facts.errors.is_empty(), "{:?}", report.facts.errors);
    let error = lint(
        &write("notes.jar", &["META-INF/MANIFEST.MF", "notes.txt"]),
        &Options::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("not an APK, AAB, split set, IPA, AAR or JAR"),
        "{error}"
    );
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

/// The methods' bytecode of a library is walked as DEX bytecode is: calls into the SDK
/// database's APIs, with the literals `ldc` loaded right before them, give events and API calls
/// owned by the library's own code; a literal that reaches the call only on some paths (a switch,
/// a branch) is not taken for its argument.
#[test]
fn calls_in_library_bytecode_give_events_and_api_calls() {
    let report = lint(
        Path::new("fixtures/shop-analytics.aar"),
        &Options::default(),
    )
    .unwrap();
    let facts = &report.facts;
    assert!(facts.errors.is_empty(), "{:?}", facts.errors);
    let log_event = "Lcom/appsflyer/AppsFlyerLib;->logEvent(Ljava/lang/Object;Ljava/lang/String;Ljava/util/Map;)V";
    let sites: Vec<(&str, &str, Option<&str>)> = facts
        .call_sites
        .iter()
        .map(|s| (s.caller.as_str(), s.callee.as_str(), s.string_arg(1)))
        .collect();
    let tracking = "Lcom/example/shop/analytics/ShopTracking;";
    let stop = "Lcom/appsflyer/AppsFlyerLib;->stop(ZLjava/lang/Object;)V";
    assert_eq!(
        sites,
        [
            (
                &*format!("{tracking}->purchase(Ljava/lang/String;D)V"),
                log_event,
                Some("af_purchase")
            ),
            (
                &*format!("{tracking}->pregnancyTest(JI)V"),
                log_event,
                Some("af_pregnancy_test_purchase")
            ),
            (&*format!("{tracking}->level(IZ)V"), log_event, None),
            (
                &*format!("{tracking}->milestone(I)V"),
                log_event,
                Some("af_achievement_unlocked")
            ),
            (&*format!("{tracking}->optOut()V"), stop, None),
        ]
    );
    let opt_out = facts.call_sites.last().unwrap();
    assert_eq!(*opt_out.args, [Some(ArgValue::Int(1)), None]);
    assert_eq!(
        opt_out.location.file,
        "classes.jar!/com/example/shop/analytics/ShopTracking.class"
    );

    let events: Vec<(&str, &str)> = report
        .inventory
        .events
        .iter()
        .map(|e| (e.sdk.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(
        events,
        [
            ("appsflyer", "af_purchase"),
            ("appsflyer", "af_pregnancy_test_purchase"),
            ("appsflyer", "af_achievement_unlocked"),
        ]
    );
    let kinds: Vec<ApiKind> = report.inventory.api_calls.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ApiKind::Event,
            ApiKind::Event,
            ApiKind::Event,
            ApiKind::Event,
            ApiKind::OptOut
        ]
    );
    // Rules about what is there fire (a sensitive event name); rules about what is missing
    // (consent, opt-out instructions, notices) do not: a library is a part of an app.
    let mut rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
    rules.sort();
    assert_eq!(rules, ["SL101", "SL601"]);
    assert_eq!(facts.app_calls("appsflyer"), None);
}

/// An unused opcode stops the walk of its method only, with an error naming the method; the
/// calls of every other method are still found.
#[test]
fn invalid_bytecode_loses_only_its_method() {
    use sdklint::android::class_file::ClassFile;
    let entry = "com/example/shop/analytics/ShopTracking.class";
    let mut aar =
        zip::ZipArchive::new(std::fs::File::open("fixtures/shop-analytics.aar").unwrap()).unwrap();
    let mut jar_bytes = Vec::new();
    std::io::Read::read_to_end(&mut aar.by_name("classes.jar").unwrap(), &mut jar_bytes).unwrap();
    let mut jar = zip::ZipArchive::new(std::io::Cursor::new(jar_bytes)).unwrap();
    let mut class = Vec::new();
    std::io::Read::read_to_end(&mut jar.by_name(entry).unwrap(), &mut class).unwrap();
    // The offset of `optOut`'s first instruction in the class file.
    let at = {
        let parsed = ClassFile::parse(&class).unwrap();
        let methods = parsed.methods().unwrap();
        let method = methods.iter().find(|m| m.name == "optOut").unwrap();
        let code = method.code.as_ref().unwrap();
        code.bytecode.as_ptr() as usize - class.as_ptr() as usize
    };
    class[at] = 0xcb;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.jar");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    out.start_file(entry, zip::write::SimpleFileOptions::default())
        .unwrap();
    out.write_all(&class).unwrap();
    out.finish().unwrap();
    let report = lint(&path, &Options::default()).unwrap();
    let errors: Vec<String> = report
        .facts
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.file, e.message))
        .collect();
    assert_eq!(
        errors,
        [format!(
            "{entry}: Lcom/example/shop/analytics/ShopTracking;->optOut()V: bytecode offset 0: \
             unused opcode 0xcb"
        )]
    );
    assert_eq!(report.facts.call_sites.len(), 4);
    assert_eq!(report.inventory.events.len(), 3);
}

/// An AAR's other contents: `jni/<abi>/*.so` read as an APK's native libraries (their strings
/// with them), `R.txt` resources and `proguard.txt` keep rules as facts, and nothing of them
/// misread as SDK evidence: AppsFlyer stays `referenced` (by the module's code), though the
/// consumer rules keep `com.appsflyer.**` and the native library names AppsFlyer's endpoint.
#[test]
fn aar_native_libraries_r_txt_and_keep_rules() {
    let report = lint(
        Path::new("fixtures/shop-analytics.aar"),
        &Options::default(),
    )
    .unwrap();
    let facts = &report.facts;
    let libs: Vec<(&str, &str, &str)> = facts
        .native_libraries
        .iter()
        .map(|l| (l.path.as_str(), l.abi.as_str(), l.machine.as_str()))
        .collect();
    assert_eq!(
        libs,
        [
            ("jni/arm64-v8a/libtracker.so", "arm64-v8a", "aarch64"),
            ("jni/armeabi-v7a/libtracker.so", "armeabi-v7a", "arm"),
        ]
    );
    assert!(
        facts.native_libraries[0]
            .exported
            .iter()
            .any(|s| s == "tracker_endpoint"),
        "{:?}",
        facts.native_libraries[0].exported
    );
    assert!(
        facts
            .strings
            .iter()
            .any(|s| s.value == "https://launches.appsflyer.com/api/"
                && s.location.file == "jni/arm64-v8a/libtracker.so"),
        "native strings are read"
    );
    let resources: Vec<(&str, &str)> = facts
        .library
        .resources
        .iter()
        .map(|r| (r.kind.as_str(), r.name.as_str()))
        .collect();
    assert_eq!(
        resources,
        [
            ("string", "shop_analytics_dev_key"),
            ("string", "shop_analytics_endpoint"),
            ("xml", "shop_analytics_backup_rules"),
            ("styleable", "ShopBanner"),
            ("styleable", "ShopBanner_campaign"),
        ]
    );
    let keeps: Vec<(&str, &str, &str)> = facts
        .library
        .keep_rules
        .iter()
        .map(|k| {
            (
                k.directive.as_str(),
                k.class.as_str(),
                k.location.locator.as_str(),
            )
        })
        .collect();
    assert_eq!(
        keeps,
        [
            ("-keep", "com.example.shop.analytics.**", "line 3"),
            ("-keep", "com.appsflyer.**", "line 4"),
            ("-keepclassmembers", "*", "line 5"),
        ]
    );
    assert!(facts.errors.is_empty(), "{:?}", facts.errors);
    let af = report.inventory.get("appsflyer").unwrap();
    assert_eq!(af.confidence.as_str(), "referenced");
    assert!(
        af.evidence
            .iter()
            .all(|e| e.file.starts_with("classes.jar!/")),
        "{:?}",
        af.evidence
    );
}

/// A class that only a descriptor names (a parameter type) is in no `CONSTANT_Class`, yet the
/// code depends on it: it is a referenced class, and evidence for its SDK.
#[test]
fn classes_named_only_by_descriptors_are_referenced() {
    use sdklint::android::class_file::ClassFile;
    let mut aar =
        zip::ZipArchive::new(std::fs::File::open("fixtures/shop-analytics.aar").unwrap()).unwrap();
    let mut jar_bytes = Vec::new();
    std::io::Read::read_to_end(&mut aar.by_name("classes.jar").unwrap(), &mut jar_bytes).unwrap();
    let mut jar = zip::ZipArchive::new(std::io::Cursor::new(jar_bytes)).unwrap();
    let mut class = Vec::new();
    let entry = "com/example/shop/analytics/ShopTracking.class";
    std::io::Read::read_to_end(&mut jar.by_name(entry).unwrap(), &mut class).unwrap();
    let parsed = ClassFile::parse(&class).unwrap();
    let event_type = "com/appsflyer/AFInAppEventType";
    assert!(
        !parsed.classes().any(|c| c == event_type),
        "not a CONSTANT_Class"
    );
    assert!(parsed.descriptor_classes().iter().any(|c| c == event_type));

    let report = lint(
        Path::new("fixtures/shop-analytics.aar"),
        &Options::default(),
    )
    .unwrap();
    let class = report
        .facts
        .classes
        .iter()
        .find(|c| c.name == "com.appsflyer.AFInAppEventType")
        .expect("a referenced class");
    assert!(!class.defined);
    assert_eq!(class.location.file, format!("classes.jar!/{entry}"));
    let af = report.inventory.get("appsflyer").unwrap();
    assert_eq!(af.evidence_total, 2, "{:?}", af.evidence);
}
