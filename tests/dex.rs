//! The DEX reader against real dexer output (smali, see fixtures/src/dex/) and inputs derived from it.

use std::borrow::Cow;

use sdklint::android::dex::{Dex, DexError, descriptor_to_java_name};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/dex/{name}.dex", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn tracking_app() -> Vec<u8> {
    fixture("tracking-app")
}

fn put_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn get_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

fn strs<'a>(v: &'a [Cow<'_, str>]) -> Vec<&'a str> {
    v.iter().map(|c| c.as_ref()).collect()
}

const DEFINED: [&str; 4] = [
    "Lcom/appsflyer/AppsFlyerLib;",
    "Lcom/example/Greeting;",
    "Lcom/example/MainApplication$ConversionListener;",
    "Lcom/example/MainApplication;",
];

#[test]
fn header_and_counts() {
    let bytes = tracking_app();
    let dex = Dex::parse(&bytes).unwrap();
    assert_eq!(dex.version(), 35);
    assert_eq!(dex.string_count(), 51);
    assert_eq!(dex.type_count(), 17);
    assert_eq!(dex.proto_count(), 12);
    assert_eq!(dex.method_count(), 21);
    assert_eq!(dex.class_def_count(), 4);
    assert_eq!(dex.header().file_size as usize, bytes.len());
    assert_eq!(dex.header().container_size, None);
    assert!(dex.checksum_matches());

    let bytes = fixture("hello-api28");
    let dex = Dex::parse(&bytes).unwrap();
    assert_eq!(dex.version(), 39);
    assert!(dex.checksum_matches());
    assert_eq!(
        strs(&dex.defined_classes().unwrap()),
        ["Lcom/example/Hello;"]
    );
    assert_eq!(
        strs(&dex.referenced_classes().unwrap()),
        ["Ljava/lang/Object;", "Ljava/lang/String;"]
    );
}

#[test]
fn defined_and_referenced_classes() {
    let bytes = tracking_app();
    let dex = Dex::parse(&bytes).unwrap();
    assert_eq!(strs(&dex.defined_classes().unwrap()), DEFINED);
    // Branch is only called, never defined; Bar only appears as the array type [Lcom/foo/Bar;;
    // the primitive array [[I and the primitives D and V are not classes.
    assert_eq!(
        strs(&dex.referenced_classes().unwrap()),
        [
            "Landroid/app/Application;",
            "Landroid/content/Context;",
            "Lcom/appsflyer/attribution/AppsFlyerConversionListener;",
            "Lcom/foo/Bar;",
            "Lio/branch/referral/Branch;",
            "Ljava/lang/Double;",
            "Ljava/lang/Object;",
            "Ljava/lang/String;",
            "Ljava/util/HashMap;",
            "Ljava/util/Map;",
        ]
    );
    let java: Vec<_> = DEFINED
        .iter()
        .filter_map(|d| descriptor_to_java_name(d))
        .collect();
    assert_eq!(
        java,
        [
            "com.appsflyer.AppsFlyerLib",
            "com.example.Greeting",
            "com.example.MainApplication$ConversionListener",
            "com.example.MainApplication"
        ]
    );
}

#[test]
fn class_defs_fields() {
    let bytes = tracking_app();
    let dex = Dex::parse(&bytes).unwrap();
    let defs: Vec<_> = dex.class_defs().collect::<Result<_, _>>().unwrap();
    let flags: Vec<_> = defs.iter().map(|d| d.access_flags).collect();
    assert_eq!(flags, [0x0401, 0x0011, 0x0010, 0x0001]);
    let main = defs[3];
    assert_eq!(
        dex.type_descriptor(main.class_idx).unwrap(),
        "Lcom/example/MainApplication;"
    );
    assert_eq!(
        dex.type_descriptor(main.superclass_idx.unwrap()).unwrap(),
        "Landroid/app/Application;"
    );
    assert_eq!(
        dex.string(main.source_file_idx.unwrap()).unwrap(),
        "MainApplication.java"
    );
    assert_eq!(main.interfaces_off, 0);
    assert_ne!(main.class_data_off, 0);
    // The listener implements the AppsFlyer interface: a type_list at interfaces_off.
    assert_ne!(defs[2].interfaces_off, 0);
    // Greeting has a static String constant.
    assert_ne!(defs[1].static_values_off, 0);
    assert_eq!(defs[0].static_values_off, 0);
}

#[test]
fn strings_ascii_unicode_and_nul() {
    let bytes = tracking_app();
    let dex = Dex::parse(&bytes).unwrap();
    let all: Vec<Cow<'_, str>> = dex.strings().collect::<Result<_, _>>().unwrap();
    assert_eq!(all.len(), 51);
    for s in [
        "af_purchase",
        "af_revenue",
        "af_dev_key_123",
        "logEvent",
        "Lio/branch/referral/Branch;",
        "[Lcom/foo/Bar;",
    ] {
        assert!(all.iter().any(|a| a == s), "{s} missing");
    }
    // Every ASCII string is borrowed, not copied (U+0000 is stored as C0 80, so it needs decoding).
    for s in &all {
        if s.is_ascii() && !s.contains('\0') {
            assert!(matches!(s, Cow::Borrowed(_)), "{s:?} was copied");
        }
    }
    let welcome = all.iter().find(|s| s.starts_with("Grü")).unwrap();
    assert_eq!(welcome, "Grüße, 世界");
    assert!(matches!(welcome, Cow::Borrowed(_)));
    // U+1F600 is stored as a surrogate pair (ED A0 BD ED B8 80) and U+0000 as C0 80.
    let banner = all.iter().find(|s| s.starts_with("Caf")).unwrap();
    assert_eq!(banner, "Café \u{1F600} done");
    assert!(all.iter().any(|s| s == "a\0b"));
    assert_eq!(dex.string(5).unwrap(), "Grüße, 世界");
    assert_eq!(
        dex.string(51),
        Err(DexError::IndexOutOfRange {
            what: "string_ids",
            index: 51,
            count: 51
        })
    );
}

#[test]
fn method_refs() {
    let bytes = tracking_app();
    let dex = Dex::parse(&bytes).unwrap();
    let rendered: Vec<String> = dex.methods().map(|m| m.unwrap().to_string()).collect();
    assert_eq!(
        rendered,
        [
            "Landroid/app/Application;-><init>()V",
            "Landroid/app/Application;->onCreate()V",
            "Lcom/appsflyer/AppsFlyerLib;-><init>()V",
            "Lcom/appsflyer/AppsFlyerLib;->getInstance()Lcom/appsflyer/AppsFlyerLib;",
            "Lcom/appsflyer/AppsFlyerLib;->init(Ljava/lang/String;Lcom/appsflyer/attribution/AppsFlyerConversionListener;Landroid/content/Context;)Lcom/appsflyer/AppsFlyerLib;",
            "Lcom/appsflyer/AppsFlyerLib;->logEvent(Landroid/content/Context;Ljava/lang/String;Ljava/util/Map;)V",
            "Lcom/appsflyer/AppsFlyerLib;->start(Landroid/content/Context;)V",
            "Lcom/example/Greeting;-><init>()V",
            "Lcom/example/Greeting;->banner()Ljava/lang/String;",
            "Lcom/example/Greeting;->separator()Ljava/lang/String;",
            "Lcom/example/MainApplication$ConversionListener;-><init>()V",
            "Lcom/example/MainApplication$ConversionListener;->onConversionDataFail(Ljava/lang/String;)V",
            "Lcom/example/MainApplication$ConversionListener;->onConversionDataSuccess(Ljava/util/Map;)V",
            "Lcom/example/MainApplication;-><init>()V",
            "Lcom/example/MainApplication;->onCreate()V",
            "Lcom/example/MainApplication;->onPurchase(D)V",
            "Lio/branch/referral/Branch;->getAutoInstance(Landroid/content/Context;)Lio/branch/referral/Branch;",
            "Ljava/lang/Double;->valueOf(D)Ljava/lang/Double;",
            "Ljava/lang/Object;-><init>()V",
            "Ljava/util/HashMap;-><init>()V",
            "Ljava/util/Map;->put(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
        ]
    );
    let log_event = dex.method(5).unwrap();
    assert_eq!(log_event.class, "Lcom/appsflyer/AppsFlyerLib;");
    assert_eq!(log_event.name, "logEvent");
    assert_eq!(log_event.proto.shorty, "VLLL");
    assert_eq!(log_event.proto.return_type, "V");
    assert_eq!(
        strs(&log_event.proto.parameters),
        [
            "Landroid/content/Context;",
            "Ljava/lang/String;",
            "Ljava/util/Map;"
        ]
    );
    assert_eq!(
        log_event.proto.descriptor(),
        "(Landroid/content/Context;Ljava/lang/String;Ljava/util/Map;)V"
    );
    let id = dex.method_id(16).unwrap();
    assert_eq!(
        dex.type_descriptor(u32::from(id.class_idx)).unwrap(),
        "Lio/branch/referral/Branch;"
    );
    assert_eq!(dex.string(id.name_idx).unwrap(), "getAutoInstance");
    assert_eq!(dex.proto(u32::from(id.proto_idx)).unwrap().shorty, "LL");
    assert!(matches!(
        dex.method(21),
        Err(DexError::IndexOutOfRange {
            what: "method_ids",
            ..
        })
    ));
}

#[test]
fn rejects_bad_headers_clearly() {
    let good = tracking_app();

    let mut b = good.clone();
    b[..4].copy_from_slice(b"PK\x03\x04");
    assert!(matches!(Dex::parse(&b), Err(DexError::BadMagic { .. })));

    for (version, n) in [(b"034", 34), (b"042", 42), (b"009", 9), (b"013", 13)] {
        let mut b = good.clone();
        b[4..7].copy_from_slice(version);
        assert_eq!(
            Dex::parse(&b).unwrap_err(),
            DexError::UnsupportedVersion { version: n }
        );
    }
    let mut b = good.clone();
    b[4..7].copy_from_slice(b"042");
    assert_eq!(
        Dex::parse(&b).unwrap_err().to_string(),
        "unsupported DEX version 042 (supported: 035 to 041)"
    );

    let mut b = good.clone();
    put_u32(&mut b, 0x28, 0x7856_3412);
    assert_eq!(Dex::parse(&b).unwrap_err(), DexError::ReverseEndian);
    put_u32(&mut b, 0x28, 0);
    assert_eq!(
        Dex::parse(&b).unwrap_err(),
        DexError::BadEndianTag { tag: 0 }
    );

    let mut b = good.clone();
    put_u32(&mut b, 0x38, 0xFFFF_FFFF);
    let err = Dex::parse(&b).unwrap_err();
    assert_eq!(
        err.to_string(),
        "string_ids table ends past the file (offset 0x70, count 4294967295)"
    );

    let mut b = good.clone();
    put_u32(&mut b, 0x64, good.len() as u32);
    assert_eq!(
        Dex::parse(&b).unwrap_err(),
        DexError::TableOutOfBounds {
            table: "class_defs",
            offset: good.len() as u32,
            count: 4
        }
    );
    // offset + count * size overflows u32 (and would overflow usize on 32-bit targets).
    put_u32(&mut b, 0x64, 0xFFFF_FFF0);
    assert!(matches!(
        Dex::parse(&b),
        Err(DexError::TableOutOfBounds {
            table: "class_defs",
            ..
        })
    ));

    let mut b = good.clone();
    put_u32(&mut b, 0x24, 0x6C);
    assert!(matches!(
        Dex::parse(&b),
        Err(DexError::BadHeaderSize {
            header_size: 0x6C,
            ..
        })
    ));

    let mut b = good.clone();
    put_u32(&mut b, 0x20, good.len() as u32 + 1);
    assert!(matches!(
        Dex::parse(&b),
        Err(DexError::FileSizeTooLarge { .. })
    ));

    assert_eq!(
        Dex::parse(b"dex\n035\0").unwrap_err(),
        DexError::TooShort { len: 8 }
    );
    assert_eq!(Dex::parse(b"").unwrap_err(), DexError::TooShort { len: 0 });
}

#[test]
fn tolerated_quirks() {
    let good = tracking_app();
    // Versions 036..=041 share the layout; a 035 file relabelled still reads the same.
    for v in [b"036", b"037", b"038", b"039", b"040", b"041"] {
        let mut b = good.clone();
        b[4..7].copy_from_slice(v);
        let dex = Dex::parse(&b).unwrap();
        assert_eq!(
            dex.version(),
            std::str::from_utf8(v).unwrap().parse::<u16>().unwrap()
        );
        assert_eq!(strs(&dex.defined_classes().unwrap()), DEFINED);
    }
    // Trailing bytes after file_size are ignored.
    let mut b = good.clone();
    b.extend_from_slice(&[0xAB; 100]);
    let dex = Dex::parse(&b).unwrap();
    assert_eq!(dex.data().len(), good.len());
    assert!(dex.checksum_matches());
    // An edited file still reads; only the checksum tells (it covers everything after itself).
    let mut b = good.clone();
    let last = b.len() - 1;
    b[last] ^= 0x01;
    assert!(!Dex::parse(&b).unwrap().checksum_matches());
    // A larger header_size is tolerated.
    let mut b = good.clone();
    put_u32(&mut b, 0x24, 0x80);
    assert_eq!(Dex::parse(&b).unwrap().method_count(), 21);
    // A corrupt string is an error for that string only.
    let mut b = good.clone();
    let string_ids_off = get_u32(&b, 0x3C) as usize;
    put_u32(&mut b, string_ids_off + 4 * 3, good.len() as u32 + 10);
    let dex = Dex::parse(&b).unwrap();
    assert!(matches!(
        dex.string(3),
        Err(DexError::Truncated {
            what: "string_data_item",
            ..
        })
    ));
    assert_eq!(dex.string(4).unwrap(), "Greeting.java");
}

/// Rewrites a version 035 file as the first (only) DEX of a version 041 container: the header grows
/// by 8 bytes (container_size, header_offset), so every offset the reader follows moves by 8.
fn to_v41_container(good: &[u8]) -> Vec<u8> {
    const SHIFT: u32 = 8;
    let mut b = good[..0x70].to_vec();
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&good[0x70..]);
    b[4..7].copy_from_slice(b"041");
    let total = b.len() as u32;
    put_u32(&mut b, 0x20, total);
    put_u32(&mut b, 0x24, 0x78);
    put_u32(&mut b, 0x70, total);
    put_u32(&mut b, 0x74, 0);
    for field in [0x34, 0x3C, 0x44, 0x4C, 0x54, 0x5C, 0x64, 0x6C] {
        let v = get_u32(&b, field);
        put_u32(&mut b, field, v + SHIFT);
    }
    let (n, off) = (get_u32(&b, 0x38) as usize, get_u32(&b, 0x3C) as usize);
    for i in 0..n {
        let v = get_u32(&b, off + 4 * i);
        put_u32(&mut b, off + 4 * i, v + SHIFT);
    }
    let (n, off) = (get_u32(&b, 0x48) as usize, get_u32(&b, 0x4C) as usize);
    for i in 0..n {
        let at = off + 12 * i + 8;
        let v = get_u32(&b, at);
        if v != 0 {
            put_u32(&mut b, at, v + SHIFT);
        }
    }
    b
}

#[test]
fn version_41_container() {
    let good = tracking_app();
    let b = to_v41_container(&good);
    let dex = Dex::parse(&b).unwrap();
    assert_eq!(dex.version(), 41);
    assert_eq!(dex.header().container_size, Some(b.len() as u32));
    assert_eq!(strs(&dex.defined_classes().unwrap()), DEFINED);
    assert_eq!(dex.method(5).unwrap().name, "logEvent");
    assert_eq!(dex.string(2).unwrap(), "Café \u{1F600} done");

    let mut c = b.clone();
    put_u32(&mut c, 0x74, 0x1000);
    assert_eq!(
        Dex::parse(&c).unwrap_err(),
        DexError::NotContainerStart {
            header_offset: 0x1000
        }
    );
    let mut c = b.clone();
    put_u32(&mut c, 0x70, b.len() as u32 + 1);
    assert!(matches!(
        Dex::parse(&c),
        Err(DexError::BadContainerSize { .. })
    ));
}

/// Reads everything the API offers; must never panic, whatever the bytes.
fn exercise(bytes: &[u8]) {
    let Ok(dex) = Dex::parse(bytes) else { return };
    let _ = dex.checksum_matches();
    for s in dex.strings() {
        let _ = s;
    }
    for i in 0..dex.type_count() {
        let _ = dex.type_descriptor(i);
    }
    for d in dex.class_defs() {
        let _ = d;
    }
    let _ = dex.defined_classes();
    let _ = dex.referenced_classes();
    for i in 0..dex.proto_count() {
        let _ = dex.proto(i);
    }
    for m in dex.methods().flatten() {
        let _ = m.to_string();
    }
}

#[test]
fn truncated_at_every_length() {
    let good = tracking_app();
    for len in 0..=good.len() {
        let cut = &good[..len];
        let parsed = Dex::parse(cut);
        if len < good.len() {
            assert!(parsed.is_err(), "parsed a file cut at {len}");
        }
        exercise(cut);
        // Also claim the cut length as file_size, so parsing gets past the header and the
        // table bounds and item reads meet the cut instead.
        if len >= 0x70 {
            let mut patched = cut.to_vec();
            put_u32(&mut patched, 0x20, len as u32);
            exercise(&patched);
        }
    }
}

#[test]
fn random_byte_flips_never_panic() {
    let good = tracking_app();
    let data_off = get_u32(&good, 0x6C) as usize;
    // xorshift64: deterministic, no dependency.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..4000 {
        let mut b = good.clone();
        // Mostly header and id tables, sometimes anywhere (string data, type lists).
        let span = if round % 4 == 0 { b.len() } else { data_off };
        for _ in 0..1 + next() % 4 {
            let at = (next() % span as u64) as usize;
            b[at] = next() as u8;
        }
        exercise(&b);
    }
}
