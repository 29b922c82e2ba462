//! The resource table reader and the resource facts on real producer output: the
//! `localized-strings` APKs (aapt2, aapt v1, aapt2 `--enable-sparse-encoding`, see
//! fixtures/README.md) and `facebook-firebase.apk`; offset16 tables and compact entries, which
//! the aapt2 here cannot write, and bad input are derived from those tables by patching bytes.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

use sdklint::android::arsc::{self, ArscError, ResValue};
use sdklint::facts::Facts;
use sdklint::{Options, facts};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn entries(apk: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(apk).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn arsc_of(apk: &str) -> Vec<u8> {
    entries(&fixture(apk))
        .into_iter()
        .find(|(n, _)| n == "resources.arsc")
        .unwrap()
        .1
}

fn facts_of(apk: &str) -> Facts {
    facts(&fixture(apk), &Options::default()).unwrap()
}

/// `(locator, value)` of every string resource, in fact order.
fn string_facts(facts: &Facts) -> Vec<(String, String)> {
    facts
        .string_resources
        .iter()
        .map(|s| {
            assert_eq!(s.location.file, "resources.arsc");
            (s.location.locator.to_string(), s.value.to_string())
        })
        .collect()
}

/// `(name, locale, value)` of every string entry a table yields, sorted.
fn table_strings(bytes: &[u8]) -> BTreeSet<(String, String, String)> {
    let table = arsc::parse(bytes).unwrap();
    assert_eq!(table.issues(), []);
    table
        .string_entries()
        .map(|e| {
            let e = e.unwrap();
            assert_eq!(e.package, "com.example.recipes");
            assert_eq!(e.type_name, "string");
            assert!(!e.other_qualifiers);
            (
                e.name.to_string(),
                e.locale.to_owned(),
                e.value().into_owned(),
            )
        })
        .collect()
}

const OPT_OUT_DEFAULT: &str = "We measure how well our ads on X work with conversion tracking. To stop X from using this app's activity for ads, visit https://x.com/settings/ads_preferences. To opt out of interest-based ads from other companies, visit https://optout.aboutads.info.";
const OPT_OUT_FR: &str = "Nous mesurons l’efficacité de nos publicités sur X grâce au suivi des conversions. Pour empêcher X d’utiliser l’activité de cette application à des fins publicitaires, rendez-vous sur https://x.com/settings/ads_preferences. Pour refuser la publicité ciblée d’autres sociétés, rendez-vous sur https://optout.aboutads.info.";
const OPT_OUT_DE: &str = "Wir messen mit Conversion-Tracking, wie gut unsere Anzeigen auf X wirken. Um X die Nutzung der Aktivität in dieser App für Werbung zu untersagen, besuche https://x.com/settings/ads_preferences. Interessenbasierte Werbung anderer Unternehmen deaktivierst du unter https://optout.aboutads.info.";

/// The string resources of `localized-strings`, as aapt2 orders them (types, then keys, sorted;
/// configurations default, fil, de, fr, pt-BR).
fn expected_aapt2() -> Vec<(&'static str, &'static str)> {
    vec![
        // `@string/privacy_title`, followed.
        ("string/about_title", "Privacy"),
        ("string/age_continue", "Continue"),
        ("string/age_prompt", "Enter your date of birth"),
        ("string/app_name", "Pocket Recipes"),
        ("string/empty_state", ""),
        ("string/opt_out_notice", OPT_OUT_DEFAULT),
        (
            "string/privacy_policy_url",
            "https://recipes.example.com/privacy",
        ),
        ("string/privacy_title", "Privacy"),
        ("string/settings_title", "Settings"),
        // Styled: the spans live in the pool's style table; the text is plain.
        (
            "string/welcome_html",
            "Welcome to Pocket Recipes, café edition",
        ),
        // `values-b+fil`: a packed three-letter language code.
        (
            "string/age_prompt (fil)",
            "Ilagay ang iyong petsa ng kapanganakan",
        ),
        ("string/age_prompt (de)", "Gib dein Geburtsdatum ein"),
        ("string/opt_out_notice (de)", OPT_OUT_DE),
        (
            "string/age_prompt (fr)",
            "Saisissez votre date de naissance",
        ),
        ("string/opt_out_notice (fr)", OPT_OUT_FR),
        (
            "string/age_prompt (pt-BR)",
            "Informe sua data de nascimento",
        ),
    ]
}

fn owned(list: Vec<(&str, &str)>) -> Vec<(String, String)> {
    list.into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

#[test]
fn aapt2_string_resources_per_locale() {
    let facts = facts_of("localized-strings.apk");
    assert_eq!(string_facts(&facts), owned(expected_aapt2()));
    assert_eq!(facts.errors, []);
    let fr = facts
        .string_resources
        .iter()
        .find(|s| s.locale == "fr" && s.name == "opt_out_notice")
        .unwrap();
    assert_eq!(fr.value, OPT_OUT_FR);
}

#[test]
fn aapt_v1_gives_the_same_strings_in_its_own_order() {
    let facts = facts_of("localized-strings-aapt.apk");
    let mut expected = owned(expected_aapt2());
    let mut got = string_facts(&facts);
    // aapt v1 keeps declaration order and numbers the types differently.
    assert_ne!(got, expected);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(facts.errors, []);
}

#[test]
fn sparse_tables_give_the_same_result() {
    let dense = arsc_of("localized-strings.apk");
    let sparse = arsc_of("localized-strings-sparse.apk");
    assert_eq!(table_strings(&sparse), table_strings(&dense));
    assert_eq!(
        string_facts(&facts_of("localized-strings-sparse.apk")),
        owned(expected_aapt2())
    );
    // The localized string chunks really are sparse (and only they).
    let table = arsc::parse(&sparse).unwrap();
    let chunks: Vec<(&str, &str, bool)> = table
        .type_chunks()
        .map(|c| (c.type_name, c.locale, c.sparse))
        .collect();
    assert_eq!(
        chunks,
        [
            ("array", "", false),
            ("bool", "", false),
            ("color", "", false),
            ("integer", "", false),
            ("plurals", "", false),
            ("string", "", false),
            ("string", "fil", true),
            ("string", "de", true),
            ("string", "fr", true),
            ("string", "pt-BR", true),
        ]
    );
    // Lookups in sparse chunks: present and absent entries.
    assert_eq!(
        table.resolve_for(0x7f06_0002, "pt-BR"),
        Some(ResValue::String("Informe sua data de nascimento".into()))
    );
    assert_eq!(
        table.resolve_for(0x7f06_0005, "pt-BR"),
        Some(ResValue::String(OPT_OUT_DEFAULT.into()))
    );
}

/// The aapt2 table rewritten as newer aapt2 writes it with `--enable-compact-entries` and
/// 16-bit offsets: every dense type chunk gets `FLAG_OFFSET16` (offsets / 4 as u16, 0xFFFF for
/// none) and every simple entry becomes an 8-byte compact entry in place.
fn offset16_compact(bytes: &[u8]) -> Vec<u8> {
    let chunks: Vec<usize> = arsc::parse(bytes)
        .unwrap()
        .type_chunks()
        .map(|c| c.offset)
        .collect();
    let mut out = bytes.to_vec();
    let u16_at = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]);
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    for chunk in chunks {
        let header_size = usize::from(u16_at(bytes, chunk + 2));
        let count = u32_at(bytes, chunk + 12) as usize;
        let entries = chunk + u32_at(bytes, chunk + 16) as usize;
        assert_eq!(bytes[chunk + 9], 0, "dense chunk expected");
        out[chunk + 9] = 0x02;
        for i in 0..count {
            let off = u32_at(bytes, chunk + header_size + 4 * i);
            let short = if off == u32::MAX {
                0xFFFF
            } else {
                assert_eq!(off % 4, 0);
                u16::try_from(off / 4).unwrap()
            };
            let at = chunk + header_size + 2 * i;
            out[at..at + 2].copy_from_slice(&short.to_le_bytes());
            if off == u32::MAX {
                continue;
            }
            let entry = entries + off as usize;
            let size = usize::from(u16_at(bytes, entry));
            let flags = u16_at(bytes, entry + 2);
            let key = u32_at(bytes, entry + 4);
            if flags & 0x0001 != 0 {
                continue; // a bag stays a full entry
            }
            let data_type = bytes[entry + size + 3];
            let data = u32_at(bytes, entry + size + 4);
            let compact_flags = flags | 0x0008 | (u16::from(data_type) << 8);
            out[entry..entry + 2].copy_from_slice(&u16::try_from(key).unwrap().to_le_bytes());
            out[entry + 2..entry + 4].copy_from_slice(&compact_flags.to_le_bytes());
            out[entry + 4..entry + 8].copy_from_slice(&data.to_le_bytes());
            out[entry + 8..entry + 16].fill(0xEE);
        }
    }
    out
}

#[test]
fn offset16_tables_and_compact_entries_give_the_same_result() {
    let dense = arsc_of("localized-strings.apk");
    let compact = offset16_compact(&dense);
    assert_ne!(compact, dense);
    assert_eq!(table_strings(&compact), table_strings(&dense));
    let table = arsc::parse(&compact).unwrap();
    assert!(table.type_chunks().all(|c| c.offset16 && !c.sparse));
    assert_eq!(table.resolve(0x7f02_0000), Some(ResValue::Bool(false)));
    assert_eq!(table.resolve(0x7f04_0000), Some(ResValue::Int(13)));
    assert_eq!(
        table.resolve(0x7f03_0000),
        Some(ResValue::Color(0xffff_6a00))
    );
    assert_eq!(table.resolve(0x7f01_0000), Some(ResValue::Bag));
    assert_eq!(
        table.name(0x7f06_0006).as_deref(),
        Some("string/privacy_policy_url")
    );
}

#[test]
fn resolve_names_bags_references_and_locales() {
    let bytes = arsc_of("localized-strings.apk");
    let table = arsc::parse(&bytes).unwrap();
    let packages: Vec<(u8, &str)> = table
        .packages()
        .iter()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    assert_eq!(packages, [(0x7f, "com.example.recipes")]);
    let names: Vec<(u32, Option<String>, Option<ResValue<'_>>)> = [
        0x7f01_0000,
        0x7f02_0000,
        0x7f03_0000,
        0x7f04_0000,
        0x7f05_0000,
        0x7f06_0000,
        0x7f06_0006,
        0x7f06_000a, // past the last string
        0x7f07_0000, // no such type
        0x0104_000a, // @android:string/ok: not in this table
    ]
    .into_iter()
    .map(|id| (id, table.name(id), table.resolve(id)))
    .collect();
    let s = |v: &'static str| Some(ResValue::String(v.into()));
    assert_eq!(
        names,
        [
            (0x7f01_0000, Some("array/diets".into()), Some(ResValue::Bag)),
            (
                0x7f02_0000,
                Some("bool/analytics_enabled".into()),
                Some(ResValue::Bool(false))
            ),
            (
                0x7f03_0000,
                Some("color/brand".into()),
                Some(ResValue::Color(0xffff_6a00))
            ),
            (
                0x7f04_0000,
                Some("integer/minimum_age".into()),
                Some(ResValue::Int(13))
            ),
            (
                0x7f05_0000,
                Some("plurals/recipes_count".into()),
                Some(ResValue::Bag)
            ),
            // about_title = @string/privacy_title, followed.
            (0x7f06_0000, Some("string/about_title".into()), s("Privacy")),
            (
                0x7f06_0006,
                Some("string/privacy_policy_url".into()),
                s("https://recipes.example.com/privacy")
            ),
            (0x7f06_000a, None, None),
            (0x7f07_0000, None, None),
            (0x0104_000a, None, None),
        ]
    );
    assert_eq!(
        table.resolve_for(0x7f06_0002, "fr"),
        s("Saisissez votre date de naissance")
    );
    assert_eq!(
        table.resolve_for(0x7f06_0002, "fil"),
        s("Ilagay ang iyong petsa ng kapanganakan")
    );
    // Not translated into German: the default.
    assert_eq!(table.resolve_for(0x7f06_0003, "de"), s("Pocket Recipes"));
}

fn meta(facts: &Facts) -> Vec<(&str, Option<&str>, Option<&str>)> {
    facts
        .meta_data
        .iter()
        .map(|m| (m.name.as_str(), m.value.as_deref(), m.reference.as_deref()))
        .collect()
}

#[test]
fn facebook_app_id_meta_data_is_resolved() {
    let facts = facts_of("facebook-firebase.apk");
    assert_eq!(
        meta(&facts),
        [
            (
                "com.facebook.sdk.ApplicationId",
                Some("1234567890123456"),
                Some("@0x7f010001")
            ),
            (
                "com.facebook.sdk.ClientToken",
                Some("0123456789abcdef0123456789abcdef"),
                Some("@0x7f010002")
            ),
            (
                "com.facebook.sdk.AutoLogAppEventsEnabled",
                Some("false"),
                None
            ),
            (
                "com.facebook.sdk.AdvertiserIDCollectionEnabled",
                Some("true"),
                None
            ),
            ("firebase_analytics_collection_enabled", Some("false"), None),
            (
                "google_analytics_default_allow_ad_storage",
                Some("false"),
                None
            ),
        ]
    );
    assert_eq!(
        string_facts(&facts),
        owned(vec![
            ("string/app_name", "Example Social"),
            ("string/facebook_app_id", "1234567890123456"),
            (
                "string/facebook_client_token",
                "0123456789abcdef0123456789abcdef"
            ),
        ])
    );
}

#[test]
fn meta_data_references_to_strings_booleans_and_integers() {
    for (apk, ids) in [
        (
            "localized-strings.apk",
            ["@0x7f060006", "@0x7f020000", "@0x7f040000"],
        ),
        (
            "localized-strings-aapt.apk",
            ["@0x7f020003", "@0x7f030000", "@0x7f040000"],
        ),
    ] {
        let facts = facts_of(apk);
        assert_eq!(
            meta(&facts),
            [
                (
                    "com.example.recipes.PRIVACY_POLICY_URL",
                    Some("https://recipes.example.com/privacy"),
                    Some(ids[0])
                ),
                (
                    "com.example.recipes.ANALYTICS_ENABLED",
                    Some("false"),
                    Some(ids[1])
                ),
                ("com.example.recipes.MINIMUM_AGE", Some("13"), Some(ids[2])),
                ("com.example.recipes.BUILD_FLAVOR", Some("store"), None),
            ],
            "{apk}"
        );
    }
}

// ---- bad input ----

/// Parses `bytes` and walks everything the reader offers; returns the error texts seen.
fn exercise(bytes: &[u8]) -> Result<Vec<String>, ArscError> {
    let table = arsc::parse(bytes)?;
    let mut seen: Vec<String> = table.issues().iter().map(|e| e.to_string()).collect();
    for entry in table.string_entries() {
        if let Err(err) = entry {
            seen.push(err.to_string());
        }
    }
    for chunk in table.type_chunks() {
        for index in 0..chunk.slots.min(64) {
            let id = (u32::from(chunk.package_id) << 24) | (u32::from(chunk.type_id) << 16) | index;
            let _ = table.name(id);
            let _ = table.resolve(id);
            let _ = table.resolve_for(id, "fr");
        }
    }
    Ok(seen)
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
}

/// Offset of the first package chunk (after the 12-byte table header and the global pool).
fn package_offset(b: &[u8]) -> usize {
    12 + u32_at(b, 16)
}

#[test]
fn global_string_count_past_the_pool_is_an_error() {
    let mut bad = arsc_of("localized-strings.apk");
    bad[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        arsc::parse(&bad).unwrap_err().to_string(),
        "string pool ends past the chunk (offset 0xc, count 4294967295)"
    );
}

#[test]
fn key_string_count_past_the_pool_loses_the_package_only() {
    let mut bad = arsc_of("localized-strings.apk");
    let package = package_offset(&bad);
    let keys = package + u32_at(&bad, package + 276);
    bad[keys + 8..keys + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let table = arsc::parse(&bad).unwrap();
    let issues: Vec<String> = table.issues().iter().map(|e| e.to_string()).collect();
    assert_eq!(
        issues,
        [
            format!("string pool ends past the chunk (offset 0x{keys:x}, count 4294967295)"),
            format!("package has no key name string pool (offset 0x{package:x})"),
        ]
    );
    assert_eq!(table.string_entries().count(), 0);
    assert_eq!(table.resolve(0x7f06_0006), None);
}

/// The offset of the type chunk for `type_name` in `locale`.
fn chunk_offset(bytes: &[u8], type_name: &str, locale: &str) -> usize {
    arsc::parse(bytes)
        .unwrap()
        .type_chunks()
        .find(|c| c.type_name == type_name && c.locale == locale)
        .unwrap()
        .offset
}

#[test]
fn entry_offsets_past_the_chunk_lose_those_entries() {
    let good = arsc_of("localized-strings.apk");
    let fr = chunk_offset(&good, "string", "fr");
    let header_size = usize::from(u16::from_le_bytes([good[fr + 2], good[fr + 3]]));
    let mut bad = good.clone();
    // Entry 2 (age_prompt) and entry 5 (opt_out_notice) of the fr chunk point far away.
    for index in [2, 5] {
        let at = fr + header_size + 4 * index;
        bad[at..at + 4].copy_from_slice(&0x00FF_FF00u32.to_le_bytes());
    }
    let table = arsc::parse(&bad).unwrap();
    assert_eq!(table.issues(), []);
    let results: Vec<_> = table.string_entries().collect();
    let errors: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
        .collect();
    // One error per chunk, however many of its entries are bad.
    assert_eq!(
        errors,
        [format!(
            "entry 2 runs past its type chunk (chunk offset 0x{fr:x}, entry offset 16776960)"
        )]
    );
    let locales: Vec<&str> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|e| e.locale)
        .collect();
    assert!(!locales.contains(&"fr"), "{locales:?}");
    assert_eq!(locales.len(), expected_aapt2().len() - 2);
    // Lookups skip the damaged entry and fall back to the default.
    assert_eq!(
        table.resolve_for(0x7f06_0002, "fr"),
        Some(ResValue::String("Enter your date of birth".into()))
    );

    // An entry count that runs the offset table past the entries loses the chunk.
    let mut bad = good.clone();
    bad[fr + 12..fr + 16].copy_from_slice(&u32::MAX.to_le_bytes());
    let table = arsc::parse(&bad).unwrap();
    let issues: Vec<String> = table.issues().iter().map(|e| e.to_string()).collect();
    let entries_start = u32_at(&good, fr + 16);
    assert_eq!(
        issues,
        [format!(
            "type chunk entry table runs past the entries (offset 0x{fr:x}, count 4294967295, entries start {entries_start})"
        )]
    );
    assert_eq!(table.type_chunks().count(), 9);
}

#[test]
fn truncation_at_every_length() {
    let good = arsc_of("localized-strings.apk");
    let mut outcomes = BTreeSet::new();
    for len in 0..good.len() {
        match exercise(&good[..len]) {
            Ok(seen) => {
                // Cut inside the package: the table says so.
                assert!(
                    seen.iter().any(|s| s.contains("past its container")
                        || s.contains("truncated chunk header")
                        || s.contains("malformed chunk header")),
                    "{len}: {seen:?}"
                );
                outcomes.insert("partial".to_string());
            }
            Err(err) => {
                outcomes.insert(err.to_string().split(" (").next().unwrap().to_string());
            }
        }
    }
    assert_eq!(exercise(&good).unwrap(), Vec::<String>::new());
    assert!(outcomes.contains("partial"), "{outcomes:?}");
    assert!(
        outcomes.contains("not a resource table: too short"),
        "{outcomes:?}"
    );
}

#[test]
fn truncated_table_keeps_what_comes_before_the_cut() {
    let good = arsc_of("localized-strings.apk");
    // Cut just before the last chunk (the pt-BR strings): everything else is still there.
    let pt = chunk_offset(&good, "string", "pt-BR");
    let table = arsc::parse(&good[..pt + 30]).unwrap();
    let issues: Vec<String> = table.issues().iter().map(|e| e.to_string()).collect();
    assert_eq!(issues.len(), 3, "{issues:?}");
    assert!(
        issues[0].starts_with("chunk ends past its container (offset 0x0,"),
        "{issues:?}"
    );
    let strings: Vec<_> = table.string_entries().map(Result::unwrap).collect();
    assert_eq!(strings.len(), expected_aapt2().len() - 1);
}

#[test]
fn random_byte_flips_never_panic() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for apk in [
        "localized-strings.apk",
        "localized-strings-sparse.apk",
        "facebook-firebase.apk",
    ] {
        let good = arsc_of(apk);
        let compact = offset16_compact(&arsc_of("localized-strings.apk"));
        for base in [&good, &compact] {
            for _ in 0..600 {
                let mut bad = base.to_vec();
                for _ in 0..1 + next() % 8 {
                    let at = (next() % bad.len() as u64) as usize;
                    bad[at] = next() as u8;
                }
                let _ = exercise(&bad);
            }
        }
    }
}

// ---- a whole APK with a bad resources.arsc ----

fn sdklint(args: &[&str], path: &Path) -> (i32, String, String) {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn with_arsc(dir: &TempDir, name: &str, arsc: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (entry, bytes) in entries(&fixture("localized-strings.apk")) {
        let bytes = if entry == "resources.arsc" {
            arsc.to_vec()
        } else {
            bytes
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        writer.start_file(entry.as_str(), options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    path
}

#[test]
fn garbage_resources_arsc_still_gives_manifest_and_dex_facts() {
    let dir = TempDir::new().unwrap();
    let path = with_arsc(&dir, "garbage.apk", b"these bytes are not a resource table");
    let (code, stdout, stderr) = sdklint(&["facts", "--format", "json"], &path);
    assert_eq!(code, 0, "{stderr}");
    let facts: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(facts["app"]["id"], "com.example.recipes");
    assert!(!facts["classes"].as_array().unwrap().is_empty());
    assert_eq!(facts["string_resources"], Value::Array(vec![]));
    assert_eq!(
        facts["errors"],
        serde_json::json!([{
            "file": "resources.arsc",
            "message": "not a resource table: chunk type 0x6874 at offset 0x0, expected 0x0002"
        }])
    );
    // Unresolved references keep their text.
    assert_eq!(facts["meta_data"][0]["value"], "@0x7f060006");
    assert_eq!(facts["meta_data"][0]["reference"], "@0x7f060006");

    // `check` reports the damage as SL902 and still succeeds.
    let (code, stdout, stderr) = sdklint(&["check", "--format", "json"], &path);
    assert_eq!(code, 0, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let findings = doc["bundles"][0]["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["rule"] == "SL902"),
        "{findings:?}"
    );
}

#[test]
fn damaged_resources_arsc_gives_a_partial_result() {
    let good = arsc_of("localized-strings.apk");
    let fr = chunk_offset(&good, "string", "fr");
    let dir = TempDir::new().unwrap();
    let path = with_arsc(&dir, "cut.apk", &good[..fr + 40]);
    let facts = facts(&path, &Options::default()).unwrap();
    let locales: BTreeSet<&str> = facts
        .string_resources
        .iter()
        .map(|s| s.locale.as_str())
        .collect();
    assert_eq!(locales, BTreeSet::from(["", "de", "fil"]));
    assert!(!facts.errors.is_empty());
    assert!(facts.errors.iter().all(|e| e.file == "resources.arsc"));
    // The meta-data still resolves: its entries come before the cut.
    assert_eq!(
        facts.meta_data[0].value.as_deref(),
        Some("https://recipes.example.com/privacy")
    );
}

// ---- opt-in: a large real table ----

/// The platform's own resource table (`android-framework-res`, API 29, 31.9 MB, 106 locales)
/// read completely: `SDKLINT_FRAMEWORK_RES=/usr/share/android-framework-res/framework-res.apk
/// cargo test --release --test resources -- --ignored`. Measured in release on this machine:
/// parse 15 ms, all 160,063 string entries decoded in 180 ms.
#[test]
#[ignore = "needs SDKLINT_FRAMEWORK_RES"]
fn framework_res_table_reads_fully() {
    let apk = std::env::var_os("SDKLINT_FRAMEWORK_RES").expect("set SDKLINT_FRAMEWORK_RES");
    let bytes = entries(Path::new(&apk))
        .into_iter()
        .find(|(n, _)| n == "resources.arsc")
        .unwrap()
        .1;
    let table = arsc::parse(&bytes).unwrap();
    assert_eq!(table.issues(), []);
    let mut locales = BTreeSet::new();
    let mut count = 0;
    for entry in table.string_entries() {
        let entry = entry.unwrap();
        count += 1;
        locales.insert(entry.locale.to_owned());
    }
    assert!(count > 100_000, "{count}");
    assert!(
        locales.contains("sr-Latn") && locales.contains("pt-BR"),
        "{locales:?}"
    );
    let s = |v: &'static str| Some(ResValue::String(v.into()));
    assert_eq!(table.name(0x0104_0000).as_deref(), Some("string/cancel"));
    assert_eq!(table.resolve(0x0104_0000), s("Cancel"));
    assert_eq!(table.resolve_for(0x0104_0000, "fr"), s("Annuler"));
    assert_eq!(table.resolve_for(0x0104_0000, "sr-Latn"), s("Otkaži"));
}
