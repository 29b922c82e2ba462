//! The manifest parsers on real producer output (fixtures/manifests, built from
//! fixtures/src/manifests by aapt2 and aapt; built by `cargo xtask fixtures`), on mutations of
//! those bytes that packers and damaged files produce, and on every truncation and byte flip.

use sdklint::android::axml::{self, AxmlError};
use sdklint::android::manifest::{
    self, Component, ComponentKind, Manifest, ManifestError, MetaData, UsesPermission,
};
use sdklint::android::text_xml::{self, TextXmlError};
use sdklint::android::xml::{ANDROID_NS, AttrValue, XmlElement, attr};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn perm(name: &str, max_sdk_version: Option<u32>) -> UsesPermission {
    UsesPermission {
        name: name.to_owned(),
        max_sdk_version,
    }
}

fn meta(name: &str, value: &str) -> MetaData {
    MetaData {
        name: name.to_owned(),
        value: Some(value.to_owned()),
    }
}

fn component(kind: ComponentKind, name: &str) -> Component {
    Component {
        kind,
        name: name.to_owned(),
    }
}

/// What fixtures/src/manifests/rich.xml declares. The two references differ by form: binary
/// XML holds resource ids (which aapt and aapt2 assign differently), text keeps `@string/x`.
fn rich(string_ref: &str, xml_ref: &str) -> Manifest {
    use ComponentKind::*;
    Manifest {
        package: Some("com.example.shop".into()),
        version_code: Some("4021".into()),
        version_name: Some("4.2.1".into()),
        min_sdk: Some(21),
        target_sdk: Some(34),
        min_sdk_codename: None,
        target_sdk_codename: None,
        unterminated_strings: Vec::new(),
        label: Some("Shop".into()),
        permissions: vec![
            perm("android.permission.INTERNET", None),
            perm("android.permission.ACCESS_NETWORK_STATE", None),
            perm("com.google.android.gms.permission.AD_ID", None),
            perm("android.permission.READ_EXTERNAL_STORAGE", Some(32)),
            perm("android.permission.ACCESS_FINE_LOCATION", Some(30)),
        ],
        meta_data: vec![
            meta("com.appsflyer.ApiKey", "af-dev-key-123"),
            meta("firebase_analytics_collection_enabled", "false"),
            meta("com.google.android.gms.version", "12451000"),
            meta("com.example.greeting", "Grüße 👋"),
            meta("com.facebook.sdk.ApplicationId", string_ref),
            meta("com.google.android.gms.ads.flag.OPTIMIZE", xml_ref),
        ],
        components: vec![
            component(Activity, "com.example.shop.MainActivity"),
            component(Activity, "com.example.shop.CheckoutActivity"),
            component(Activity, "com.facebook.FacebookActivity"),
            component(ActivityAlias, "com.example.shop.Launcher"),
            component(Service, "com.example.shop.sync.SyncService"),
            component(Receiver, "com.appsflyer.SingleInstallBroadcastReceiver"),
            component(Provider, "androidx.startup.InitializationProvider"),
        ],
    }
}

/// rich.xml as aapt2 compiles it: aapt2 numbers the string type 0x01.
fn rich_aapt2() -> Manifest {
    rich("@0x7f010000", "@0x7f020000")
}

/// rich.xml as aapt (v1) compiles it: aapt v1 reserves type 0x01 for attrs, strings get 0x03.
fn rich_aapt() -> Manifest {
    rich("@0x7f030000", "@0x7f020000")
}

fn minimal() -> Manifest {
    Manifest {
        package: Some("org.example.min".into()),
        components: vec![component(ComponentKind::Activity, "org.example.min.Main")],
        ..Manifest::default()
    }
}

fn utf8() -> Manifest {
    Manifest {
        package: Some("com.example.utf8".into()),
        version_code: Some("7".into()),
        version_name: Some("1.0 – café".into()),
        min_sdk: Some(24),
        target_sdk: Some(33),
        label: Some("Ünïcödé".into()),
        permissions: vec![perm("android.permission.INTERNET", None)],
        meta_data: vec![meta("greeting", "日本語 👋")],
        components: vec![component(ComponentKind::Activity, "com.example.utf8.Main")],
        ..Manifest::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Real producer output

#[test]
fn aapt2_and_aapt_output_decode_to_the_declared_manifest() {
    let aapt2 = manifest::parse(&fixture("manifests/rich.aapt2.axml")).unwrap();
    let aapt = manifest::parse(&fixture("manifests/rich.aapt.axml")).unwrap();
    assert_eq!(aapt2, rich_aapt2());
    assert_eq!(aapt, rich_aapt());
    // The producers differ in that one resource id and nowhere else.
    let mut aapt_renumbered = aapt;
    aapt_renumbered.meta_data[4].value = Some("@0x7f010000".into());
    assert_eq!(aapt_renumbered, aapt2);
}

#[test]
fn text_form_gives_the_same_manifest_except_references() {
    let text = manifest::parse(&fixture("src/manifests/rich.xml")).unwrap();
    assert_eq!(text, rich("@string/facebook_app_id", "@xml/ads_config"));
}

#[test]
fn minimal_manifest_in_all_three_forms() {
    for name in [
        "manifests/minimal.aapt2.axml",
        "manifests/minimal.aapt.axml",
        "src/manifests/minimal.xml",
    ] {
        assert_eq!(
            manifest::parse(&fixture(name)).unwrap(),
            minimal(),
            "{name}"
        );
    }
}

#[test]
fn utf8_string_pools_from_both_producers() {
    for name in ["manifests/utf8.aapt2.axml", "manifests/utf8.aapt.axml"] {
        let bytes = fixture(name);
        // The string pool right after the 8-byte XML header has the UTF-8 flag (0x100).
        assert_eq!(u16_at(&bytes, 8), 0x0001, "{name}");
        assert_ne!(
            u32_at(&bytes, 8 + 16) & 0x100,
            0,
            "{name}: not a UTF-8 pool"
        );
        assert_eq!(manifest::parse(&bytes).unwrap(), utf8(), "{name}");
        let root = axml::parse(&bytes).unwrap();
        let app = root.children_named("application").next().unwrap();
        assert_eq!(
            app.android_attr("label", attr::LABEL).map(|a| &a.value),
            Some(&AttrValue::String("Ünïcödé".into())),
            "{name}"
        );
    }
    // The rich fixtures have UTF-16 pools (flag clear) and surrogate pairs in them.
    assert_eq!(
        u32_at(&fixture("manifests/rich.aapt2.axml"), 8 + 16) & 0x100,
        0
    );
}

#[test]
fn typed_attribute_values() {
    let root = axml::parse(&fixture("manifests/rich.aapt.axml")).unwrap();
    let value =
        |e: &XmlElement, name: &str, id: u32| e.android_attr(name, id).unwrap().value.clone();
    assert_eq!(
        value(&root, "versionCode", attr::VERSION_CODE),
        AttrValue::Int(4021)
    );
    assert_eq!(
        value(&root, "versionName", attr::VERSION_NAME),
        AttrValue::String("4.2.1".into())
    );
    let app = root.children_named("application").next().unwrap();
    assert_eq!(
        value(app, "allowBackup", attr::ALLOW_BACKUP),
        AttrValue::Bool(false)
    );
    let metas: Vec<_> = app.children_named("meta-data").collect();
    assert_eq!(
        value(metas[1], "value", attr::VALUE),
        AttrValue::Bool(false)
    );
    assert_eq!(
        value(metas[2], "value", attr::VALUE),
        AttrValue::Int(12_451_000)
    );
    assert_eq!(
        value(metas[4], "value", attr::VALUE),
        AttrValue::Reference(0x7f03_0000)
    );
    assert_eq!(
        value(metas[5], "resource", attr::RESOURCE),
        AttrValue::Reference(0x7f02_0000)
    );
    // `package` has no resource id; aapt v1 keeps the raw strings of plain attributes, so
    // platformBuildVersionCode reads as the raw "29" (what XmlPullParser would return).
    assert_eq!(root.plain_attr("package").unwrap().resource_id, None);
    assert_eq!(
        root.plain_attr("platformBuildVersionCode").unwrap().value,
        AttrValue::String("29".into())
    );
    let aapt2 = axml::parse(&fixture("manifests/rich.aapt2.axml")).unwrap();
    assert_eq!(
        aapt2.plain_attr("platformBuildVersionCode").unwrap().value,
        AttrValue::Int(29)
    );
}

#[test]
fn decoded_tree_snapshot() {
    // Every value type a manifest uses: int, string, bool, reference; nesting to intent-filter.
    let root = axml::parse(&fixture("manifests/rich.aapt2.axml")).unwrap();
    insta::assert_json_snapshot!("rich_aapt2_tree", root);
}

// ---------------------------------------------------------------------------------------------
// Not a manifest

#[test]
fn neither_binary_nor_text_is_a_clean_error() {
    for bytes in [
        &b""[..],
        b"PK\x03\x04\x14\x00",
        b"  hello",
        b"\x00\x00\x00\x00",
    ] {
        let err = manifest::parse(bytes).unwrap_err();
        assert!(matches!(err, ManifestError::NotManifest), "{err:?}");
        assert_eq!(
            err.to_string(),
            "not an Android manifest: neither binary XML nor text XML"
        );
    }
    let err = manifest::parse(b"\xEF\xBB\xBF\n <resources/>").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not an Android manifest: the root element is <resources>, not <manifest>"
    );
}

#[test]
fn text_manifest_with_bom_utf16_codename_and_undeclared_prefix() {
    let text = r#"<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:a="http://schemas.android.com/apk/res/android" package="p.q" a:versionCode="3">
  <uses-sdk a:minSdkVersion="21" a:targetSdkVersion="Tiramisu" />
  <uses-permission-sdk-m a:name="android.permission.CAMERA" a:maxSdkVersion="x" />
  <application tools:replace="a:label">
    <service a:name="Svc" /><provider a:name="" /><receiver />
    <meta-data a:name="k" />
  </application>
</manifest>"#;
    let expected = Manifest {
        package: Some("p.q".into()),
        version_code: Some("3".into()),
        min_sdk: Some(21),
        target_sdk_codename: Some("Tiramisu".into()),
        permissions: vec![perm("android.permission.CAMERA", None)],
        meta_data: vec![MetaData {
            name: "k".into(),
            value: None,
        }],
        components: vec![component(ComponentKind::Service, "p.q.Svc")],
        ..Manifest::default()
    };
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(manifest::parse(&bom).unwrap(), expected);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(manifest::parse(&utf16).unwrap(), expected);

    let root = text_xml::parse(text.as_bytes()).unwrap();
    let app = root.children_named("application").next().unwrap();
    assert_eq!(app.attributes[0].name, "tools:replace");
    assert_eq!(app.attributes[0].namespace, None);
    assert_eq!(
        root.attributes.len(),
        2,
        "xmlns declarations are not attributes"
    );
    assert_eq!(root.attributes[1].namespace.as_deref(), Some(ANDROID_NS));
}

#[test]
fn depth_limit_in_both_parsers() {
    let deep = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
    assert!(matches!(
        text_xml::parse(deep.as_bytes()),
        Err(TextXmlError::TooDeep { .. })
    ));
    let ok = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
    assert!(text_xml::parse(ok.as_bytes()).is_ok());

    // Binary: repeat the <activity> start tag of a real file 200 times.
    let bytes = fixture("manifests/minimal.aapt2.axml");
    let starts: Vec<_> = chunks(&bytes).filter(|c| c.kind == 0x0102).collect();
    let activity = starts.last().unwrap();
    let tag = bytes[activity.offset..activity.offset + activity.size].to_vec();
    let mut deep = bytes[..activity.offset].to_vec();
    for _ in 0..200 {
        deep.extend_from_slice(&tag);
    }
    deep.extend_from_slice(&bytes[activity.offset..]);
    fix_outer_size(&mut deep);
    let err = axml::parse(&deep).unwrap_err();
    assert!(matches!(err, AxmlError::TooDeep { .. }), "{err:?}");
}

#[test]
fn attribute_count_limits() {
    let bytes = fixture("manifests/minimal.aapt2.axml");
    let activity = chunks(&bytes).filter(|c| c.kind == 0x0102).last().unwrap();
    let tag = &bytes[activity.offset..activity.offset + activity.size];
    let ext = usize::from(u16_at(tag, 2));
    let attr_start = ext + usize::from(u16_at(tag, ext + 8));
    assert_eq!(u16_at(tag, ext + 12), 1, "one android:name attribute");
    let record = &tag[attr_start..attr_start + 20];

    // A count the chunk cannot hold is refused before anything is allocated for it.
    let mut past = bytes.clone();
    past[activity.offset + ext + 12..][..2].copy_from_slice(&1000u16.to_le_bytes());
    assert_eq!(
        axml::parse(&past).unwrap_err(),
        AxmlError::AttributesPastChunk {
            offset: activity.offset,
            count: 1000,
            attribute_size: 20
        }
    );

    // Counts the chunk does hold: up to the limit they are read, past it refused.
    let with_attributes = |count: usize| {
        let mut tag = tag[..attr_start].to_vec();
        for _ in 0..count {
            tag.extend_from_slice(record);
        }
        let size = tag.len() as u32;
        tag[4..8].copy_from_slice(&size.to_le_bytes());
        tag[ext + 12..ext + 14].copy_from_slice(&(count as u16).to_le_bytes());
        let mut out = bytes[..activity.offset].to_vec();
        out.extend_from_slice(&tag);
        out.extend_from_slice(&bytes[activity.offset + activity.size..]);
        fix_outer_size(&mut out);
        out
    };
    let root = axml::parse(&with_attributes(axml::MAX_ATTRIBUTES)).unwrap();
    let app = root.children_named("application").next().unwrap();
    assert_eq!(app.children[0].attributes.len(), axml::MAX_ATTRIBUTES);
    assert_eq!(
        axml::parse(&with_attributes(axml::MAX_ATTRIBUTES + 1)).unwrap_err(),
        AxmlError::TooManyAttributes {
            offset: activity.offset,
            count: axml::MAX_ATTRIBUTES as u16 + 1
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Tolerance: mutations of real bytes

#[test]
fn odd_header_size_on_the_xml_chunk() {
    for name in ["manifests/rich.aapt2.axml", "manifests/rich.aapt.axml"] {
        let expected = manifest::parse(&fixture(name)).unwrap();
        for header_size in [0u16, 4, 0x10, 0x1c, 0xffff] {
            let mut bytes = fixture(name);
            bytes[2..4].copy_from_slice(&header_size.to_le_bytes());
            assert_eq!(
                manifest::parse(&bytes).unwrap(),
                expected,
                "{name} {header_size}"
            );
        }
    }
}

#[test]
fn other_outer_chunk_type_and_trailing_bytes() {
    let mut bytes = fixture("manifests/rich.aapt2.axml");
    bytes[0..2].copy_from_slice(&0x0000u16.to_le_bytes());
    bytes.extend_from_slice(b"appended junk that is not a chunk");
    assert_eq!(manifest::parse(&bytes).unwrap(), rich_aapt2());
}

#[test]
fn extra_duplicated_and_garbage_namespace_chunks() {
    let bytes = fixture("manifests/rich.aapt2.axml");
    let real_ns = chunks(&bytes).find(|c| c.kind == 0x0100).unwrap();
    let real_ns = bytes[real_ns.offset..real_ns.offset + real_ns.size].to_vec();
    let garbage_ns = node_chunk(0x0100, &[0x7fff_ffff, 0xffff_fffe]);
    let garbage_end = node_chunk(0x0101, &[0x1234, 0x5678]);
    let first_element = chunks(&bytes).find(|c| c.kind == 0x0102).unwrap().offset;
    let mut mutated = bytes[..first_element].to_vec();
    for chunk in [&real_ns, &garbage_ns, &garbage_end, &garbage_end, &real_ns] {
        mutated.extend_from_slice(chunk);
    }
    mutated.extend_from_slice(&bytes[first_element..]);
    fix_outer_size(&mut mutated);
    assert_eq!(manifest::parse(&mutated).unwrap(), rich_aapt2());
    assert_eq!(axml::parse(&mutated).unwrap(), axml::parse(&bytes).unwrap());
}

#[test]
fn unknown_chunks_between_nodes_are_skipped() {
    let bytes = fixture("manifests/rich.aapt.axml");
    let second_element = chunks(&bytes)
        .filter(|c| c.kind == 0x0102)
        .nth(1)
        .unwrap()
        .offset;
    let mut mutated = bytes[..second_element].to_vec();
    mutated.extend_from_slice(&node_chunk(0x0777, &[1, 2, 3]));
    mutated.extend_from_slice(&node_chunk(0x017f, &[1, 2, 3]));
    mutated.extend_from_slice(&bytes[second_element..]);
    fix_outer_size(&mut mutated);
    assert_eq!(manifest::parse(&mutated).unwrap(), rich_aapt());
}

#[test]
fn attributes_named_only_by_resource_id() {
    for (name, expected) in [
        ("manifests/rich.aapt2.axml", rich_aapt2()),
        ("manifests/rich.aapt.axml", rich_aapt()),
    ] {
        let mut bytes = fixture(name);
        let pool = pool(&bytes);
        let named_by_id = resource_map_len(&bytes);
        assert!(named_by_id >= 8, "{name}: resource map too short");
        // Blank every string the resource map covers: zero length, first unit NUL.
        for index in 0..named_by_id {
            let at = pool.string_offset(&bytes, index);
            bytes[at..at + 4].fill(0);
        }
        assert_eq!(manifest::parse(&bytes).unwrap(), expected, "{name}");
        let root = axml::parse(&bytes).unwrap();
        let uses_sdk = root.children_named("uses-sdk").next().unwrap();
        let names: Vec<_> = uses_sdk
            .attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["minSdkVersion", "targetSdkVersion"], "{name}");

        // The same with obfuscated (non-empty, wrong) names instead of blank ones.
        let mut bytes = fixture(name);
        for index in 0..named_by_id {
            let at = pool.string_offset(&bytes, index);
            let len = usize::from(u16_at(&bytes, at));
            for unit in 0..len {
                bytes[at + 2 + 2 * unit..at + 4 + 2 * unit].copy_from_slice(&0x78u16.to_le_bytes());
            }
        }
        assert_eq!(
            manifest::parse(&bytes).unwrap(),
            expected,
            "{name} obfuscated"
        );
    }
}

#[test]
fn namespace_less_android_attributes() {
    let mut bytes = fixture("manifests/rich.aapt2.axml");
    for at in attributes(&bytes) {
        bytes[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    }
    assert_eq!(manifest::parse(&bytes).unwrap(), rich_aapt2());
    let root = axml::parse(&bytes).unwrap();
    assert!(root.attributes.iter().all(|a| a.namespace.is_none()));
}

#[test]
fn raw_value_wins_for_plain_attributes_typed_value_for_framework_ones() {
    let mut bytes = fixture("manifests/rich.aapt.axml");
    let pool = pool(&bytes);
    let package = (0..pool.count)
        .find(|&i| pool.utf16(&bytes, i) == "package")
        .unwrap();
    let decoy = (0..pool.count)
        .find(|&i| pool.utf16(&bytes, i) == "com.facebook.FacebookActivity")
        .unwrap();
    let version_name = (0..pool.count)
        .find(|&i| pool.utf16(&bytes, i) == "4.2.1")
        .unwrap();
    for at in attributes(&bytes) {
        let name = u32_at(&bytes, at + 4);
        // package: point the typed value at a decoy; android:versionName: point the raw one.
        if name == package {
            bytes[at + 16..at + 20].copy_from_slice(&decoy.to_le_bytes());
        } else if u32_at(&bytes, at + 8) == version_name {
            bytes[at + 8..at + 12].copy_from_slice(&decoy.to_le_bytes());
        }
    }
    assert_eq!(manifest::parse(&bytes).unwrap(), rich_aapt());
}

#[test]
fn string_count_past_the_chunk_is_a_clean_error() {
    let mut bytes = fixture("manifests/rich.aapt2.axml");
    bytes[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = axml::parse(&bytes).unwrap_err();
    assert_eq!(
        err,
        AxmlError::StringPoolPastChunk {
            offset: 8,
            count: u32::MAX
        }
    );
    assert_eq!(
        err.to_string(),
        "string pool ends past the chunk (offset 0x8, count 4294967295)"
    );
    let err = manifest::parse(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "string pool ends past the chunk (offset 0x8, count 4294967295)"
    );
}

#[test]
fn bogus_string_offsets_and_lengths_do_not_sink_the_document() {
    let mut bytes = fixture("manifests/rich.aapt2.axml");
    let pool = pool(&bytes);
    let find = |text: &str| {
        (0..pool.count)
            .find(|&i| pool.utf16(&bytes, i) == text)
            .unwrap()
    };
    let (greeting, api_key) = (find("Grüße 👋"), find("af-dev-key-123"));
    // One string whose length runs past the pool, one whose offset points past it.
    let at = pool.string_offset(&bytes, greeting);
    bytes[at..at + 2].copy_from_slice(&0x7fffu16.to_le_bytes());
    let entry = pool.entries + 4 * api_key as usize;
    bytes[entry..entry + 4].copy_from_slice(&0x00ff_ffffu32.to_le_bytes());

    let mut expected = rich_aapt2();
    expected.meta_data[0].value = Some(String::new());
    expected.meta_data[3].value = Some(String::new());
    assert_eq!(manifest::parse(&bytes).unwrap(), expected);
}

#[test]
fn truncated_files_are_clean_errors() {
    let bytes = fixture("manifests/rich.aapt2.axml");
    let half = &bytes[..bytes.len() / 2];
    assert_eq!(
        axml::parse(half).unwrap_err(),
        AxmlError::ChunkPastEnd {
            offset: 0,
            size: bytes.len() as u32,
            end: half.len()
        }
    );
    // With the outer size patched to match, the chunk cut in half is the one reported.
    let mut patched = half.to_vec();
    fix_outer_size(&mut patched);
    let cut = chunks(&bytes)
        .find(|c| c.offset + c.size > half.len())
        .unwrap();
    let err = axml::parse(&patched).unwrap_err();
    assert!(
        matches!(err, AxmlError::ChunkPastEnd { offset, .. } if offset == cut.offset),
        "{err:?}"
    );
    // Cut exactly between two chunks: the open elements are closed, as on the platform.
    let tenth_tag = chunks(&bytes).filter(|c| c.kind == 0x0102).nth(10).unwrap();
    let mut at_boundary = bytes[..tenth_tag.offset].to_vec();
    fix_outer_size(&mut at_boundary);
    let partial = manifest::parse(&at_boundary).unwrap();
    assert_eq!(partial.package.as_deref(), Some("com.example.shop"));
    assert!(partial.components.len() < rich_aapt2().components.len());
}

#[test]
fn fuzzish_truncations_and_byte_flips_never_panic() {
    let start = std::time::Instant::now();
    // The real file cut at every length (the outer chunk size then claims too much) ...
    let rich = fixture("manifests/rich.aapt2.axml");
    for len in 0..=rich.len() {
        assert!(manifest::parse(&rich[..len]).is_err() || len == rich.len());
    }
    let small_files = ["manifests/minimal.aapt2.axml", "manifests/utf8.aapt.axml"];
    for name in small_files {
        let small = fixture(name);
        // ... and, on the small files, with the outer size patched so the cut reaches the
        // inner chunks, then every byte flipped three ways.
        for len in 8..=small.len() {
            let mut patched = small[..len].to_vec();
            fix_outer_size(&mut patched);
            let _ = manifest::parse(&patched);
        }
        let mut bytes = small.clone();
        for at in 0..small.len() {
            for flip in [0xff, 0x80, 0x01] {
                bytes[at] = small[at] ^ flip;
                let _ = manifest::parse(&bytes);
            }
            bytes[at] = small[at];
        }
    }
    // Text: the small source at every length, the rich one at every 8th.
    let text = fixture("src/manifests/minimal.xml");
    for len in 0..=text.len() {
        let _ = manifest::parse(&text[..len]);
    }
    let text = fixture("src/manifests/rich.xml");
    for len in (0..=text.len()).step_by(8) {
        let _ = manifest::parse(&text[..len]);
    }
    // A budget, not a benchmark: keeps the loop under two seconds in debug builds.
    let elapsed = start.elapsed();
    assert!(elapsed.as_millis() < 2000, "took {elapsed:?}");
}

// ---------------------------------------------------------------------------------------------
// Byte-level helpers for the mutations (independent of the parser under test)

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn fix_outer_size(bytes: &mut [u8]) {
    let len = bytes.len() as u32;
    bytes[4..8].copy_from_slice(&len.to_le_bytes());
}

struct ChunkAt {
    offset: usize,
    kind: u16,
    size: usize,
}

/// The chunks inside the XML chunk of a well-formed file.
fn chunks(bytes: &[u8]) -> impl Iterator<Item = ChunkAt> + '_ {
    let mut at = usize::from(u16_at(bytes, 2));
    std::iter::from_fn(move || {
        if at + 8 > bytes.len() {
            return None;
        }
        let chunk = ChunkAt {
            offset: at,
            kind: u16_at(bytes, at),
            size: u32_at(bytes, at + 4) as usize,
        };
        at += chunk.size;
        Some(chunk)
    })
}

/// A tree node chunk (16-byte node header: line 1, no comment) with these u32 fields after it.
fn node_chunk(kind: u16, fields: &[u32]) -> Vec<u8> {
    let mut c = Vec::new();
    c.extend_from_slice(&kind.to_le_bytes());
    c.extend_from_slice(&16u16.to_le_bytes());
    c.extend_from_slice(&(16 + 4 * fields.len() as u32).to_le_bytes());
    c.extend_from_slice(&1u32.to_le_bytes());
    c.extend_from_slice(&u32::MAX.to_le_bytes());
    for f in fields {
        c.extend_from_slice(&f.to_le_bytes());
    }
    c
}

/// Offsets of every attribute record of every start tag.
fn attributes(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    for c in chunks(bytes).filter(|c| c.kind == 0x0102) {
        let ext = c.offset + usize::from(u16_at(bytes, c.offset + 2));
        let start = ext + usize::from(u16_at(bytes, ext + 8));
        let size = usize::from(u16_at(bytes, ext + 10));
        let count = usize::from(u16_at(bytes, ext + 12));
        out.extend((0..count).map(|i| start + i * size));
    }
    out
}

fn resource_map_len(bytes: &[u8]) -> u32 {
    let map = chunks(bytes).find(|c| c.kind == 0x0180).unwrap();
    ((map.size - 8) / 4) as u32
}

/// The UTF-16 string pool of a fixture (at offset 8).
struct Pool {
    count: u32,
    entries: usize,
    strings: usize,
}

fn pool(bytes: &[u8]) -> Pool {
    assert_eq!(u16_at(bytes, 8), 1);
    assert_eq!(
        u32_at(bytes, 8 + 16) & 0x100,
        0,
        "helpers expect a UTF-16 pool"
    );
    Pool {
        count: u32_at(bytes, 8 + 8),
        entries: 8 + usize::from(u16_at(bytes, 8 + 2)),
        strings: 8 + u32_at(bytes, 8 + 20) as usize,
    }
}

impl Pool {
    fn string_offset(&self, bytes: &[u8], index: u32) -> usize {
        self.strings + u32_at(bytes, self.entries + 4 * index as usize) as usize
    }

    fn utf16(&self, bytes: &[u8], index: u32) -> String {
        let at = self.string_offset(bytes, index);
        let len = usize::from(u16_at(bytes, at));
        let units: Vec<u16> = (0..len).map(|i| u16_at(bytes, at + 2 + 2 * i)).collect();
        String::from_utf16_lossy(&units)
    }
}

/// A string of the pool whose NUL is overwritten (a mutation of aapt2's real output): it is read
/// by its length prefix, as before, and reported, since the platform's `stringAt` rejects it.
#[test]
fn unterminated_pool_string_is_read_and_reported() {
    let mut bytes = std::fs::read("fixtures/manifests/minimal.aapt2.axml").unwrap();
    // aapt2 writes this manifest's pool in UTF-16: `manifest` and its NUL unit.
    let name = b"m\0a\0n\0i\0f\0e\0s\0t\0\0\0";
    let at = bytes
        .windows(name.len())
        .position(|w| w == name)
        .expect("the element name is in the pool");
    bytes[at + 16] = b'x';
    let manifest = sdklint::android::manifest::parse(&bytes).expect("still readable");
    assert_eq!(manifest.package.as_deref(), Some("org.example.min"));
    assert_eq!(
        manifest.unterminated_strings.len(),
        1,
        "{:?}",
        manifest.unterminated_strings
    );

    let clean = std::fs::read("fixtures/manifests/minimal.aapt2.axml").unwrap();
    let clean = sdklint::android::manifest::parse(&clean).unwrap();
    assert!(clean.unterminated_strings.is_empty());
}

/// The same mutation inside a real APK (`no-sdk.apk`, aapt2's manifest): the bundle is still
/// read, and SL901 says what the device does with the string.
#[test]
fn unterminated_manifest_string_in_an_apk_is_sl901() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unterminated.apk");
    let mut source =
        zip::ZipArchive::new(std::fs::File::open("fixtures/no-sdk.apk").unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let name = b"m\0a\0n\0i\0f\0e\0s\0t\0\0\0";
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let entry_name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if entry_name == "AndroidManifest.xml" {
            let at = bytes.windows(name.len()).position(|w| w == name).unwrap();
            bytes[at + 16] = b'x';
        }
        out.start_file(entry_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    let report = sdklint::lint(&path, &sdklint::Options::default()).unwrap();
    assert_eq!(report.facts.app.id.as_deref(), Some("com.example.nosdk"));
    let sl901: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "SL901")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        sl901,
        [
            "binary XML strings without their terminating NUL (AndroidManifest.xml); Android reads no string there, so the device and analysis tools see different manifests"
        ]
    );
}
