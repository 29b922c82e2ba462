//! Tolerant zip reading: the tampered fixtures (built by `xtask/src/tampered.rs` from real APKs)
//! give the anomalies they were made with and, where Android would see the same content, the
//! same SDKs as their source; untampered fixtures give none; mutations of real fixtures end in a
//! typed one-line error or a partial result, never a panic. A last group pins what the `zip`
//! crate does with the same files, which is why sdklint reads zips itself.

use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sdklint::bundle::{self, Bundle, Limits, ZipBundle};
use sdklint::facts::integrity::AnomalyKind;
use sdklint::{Options, lint};
use tempfile::TempDir;

const AF_ADJUST: &str = "fixtures/appsflyer-adjust.apk";
const NO_SDK: &str = "fixtures/no-sdk.apk";

/// (kind, file, android_rejects) of every anomaly, sorted.
fn anomalies(path: &Path) -> Vec<(AnomalyKind, String, bool)> {
    let report = lint(path, &Options::default()).expect("readable");
    let mut out: Vec<_> = report
        .facts
        .anomalies
        .iter()
        .map(|a| (a.kind, a.location.file.to_string(), a.android_rejects))
        .collect();
    out.sort();
    out
}

fn sdk_ids(path: &Path) -> Vec<String> {
    let report = lint(path, &Options::default()).expect("readable");
    report.inventory.sdks.iter().map(|s| s.id.clone()).collect()
}

fn sl901_messages(path: &Path) -> Vec<String> {
    lint(path, &Options::default())
        .expect("readable")
        .findings
        .into_iter()
        .filter(|f| f.rule == "SL901")
        .map(|f| f.message)
        .collect()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(format!("fixtures/{name}.apk"))
}

#[test]
fn untampered_fixtures_have_no_anomaly() {
    for name in [
        "no-sdk",
        "appsflyer-adjust",
        "appsflyer-adjust-no-adid",
        "facebook-firebase",
        "branch-referenced",
        "data-descriptors",
    ] {
        let path = fixture(name);
        assert_eq!(anomalies(&path), [], "{name}");
        assert_eq!(sl901_messages(&path), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn data_descriptors_are_tolerated_and_read() {
    // Every entry has flag bit 3 (checked below, on the raw bytes), and the content is the same.
    let bytes = std::fs::read(fixture("data-descriptors")).unwrap();
    assert_eq!(bytes[6] & 0x08, 0x08, "first local header has bit 3");
    assert_eq!(
        sdk_ids(&fixture("data-descriptors")),
        sdk_ids(Path::new(AF_ADJUST))
    );
}

#[test]
fn local_name_mismatch() {
    let path = fixture("tampered-local-name");
    assert_eq!(
        anomalies(&path),
        [(
            AnomalyKind::LocalHeaderMismatch,
            "classes2.dex".into(),
            true
        )]
    );
    assert_eq!(sdk_ids(&path), ["adjust", "appsflyer"]);
    assert_eq!(
        sl901_messages(&path),
        [
            "local headers that disagree with the central directory (classes2.dex); Android refuses such a bundle"
        ]
    );
    let facts = lint(&path, &Options::default()).unwrap().facts;
    assert!(
        facts.anomalies[0].message.contains("name \"classes9.dex\""),
        "{}",
        facts.anomalies[0].message
    );
}

#[test]
fn unknown_method_in_local_headers() {
    let path = fixture("tampered-local-method");
    assert_eq!(
        anomalies(&path),
        [
            (
                AnomalyKind::UnknownLocalMethod,
                "AndroidManifest.xml".into(),
                false
            ),
            (AnomalyKind::UnknownLocalMethod, "classes.dex".into(), false),
        ]
    );
    assert_eq!(sdk_ids(&path), sdk_ids(Path::new(AF_ADJUST)));
    assert_eq!(
        sl901_messages(&path),
        [
            "unknown compression methods in local headers (2 entries: AndroidManifest.xml, classes.dex); Android reads it by the central directory, strict zip tools fail"
        ]
    );
}

#[test]
fn duplicate_classes_dex_reads_the_first() {
    // The first classes.dex holds Adjust; the second, appended, is no-sdk's: a reader that lets
    // the last record win (as the zip crate does, below) would not see Adjust.
    let path = fixture("tampered-duplicate-dex");
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::DuplicateEntry, "classes.dex".into(), true)]
    );
    assert_eq!(sdk_ids(&path), ["adjust", "appsflyer"]);
    let zip = open_zip(&path);
    assert_eq!(
        zip.names().iter().filter(|n| *n == "classes.dex").count(),
        1,
        "names lists each name once"
    );
}

#[test]
fn prefix_with_adjusted_offsets() {
    let path = fixture("tampered-prefix");
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::PrefixBytes, "tampered-prefix.apk".into(), true)]
    );
    assert_eq!(sdk_ids(&path), sdk_ids(Path::new(NO_SDK)));
    assert_eq!(open_zip(&path).prefix_len(), 512);
    assert_eq!(
        sl901_messages(&path),
        ["bytes before the zip archive (tampered-prefix.apk); Android refuses such a bundle"]
    );
}

#[test]
fn janus_dex_prefix() {
    let path = fixture("tampered-janus");
    assert!(matches!(
        bundle::open(&path, &Limits::default()),
        Ok(Bundle::Apk(_))
    ));
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::DexPrefix, "tampered-janus.apk".into(), true)]
    );
    let report = lint(&path, &Options::default()).unwrap();
    assert_eq!(report.facts.app.id.as_deref(), Some("com.example.nosdk"));
    assert!(report.facts.anomalies[0].message.contains("CVE-2017-13156"));
}

// ---- mutations of real fixtures ----

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Offset of the end-of-central-directory record (no comment in the fixtures).
fn eocd(bytes: &[u8]) -> usize {
    let at = bytes.len() - 22;
    assert_eq!(&bytes[at..at + 4], b"PK\x05\x06");
    at
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// Offset of the central-directory record of `name`.
fn central_record(bytes: &[u8], name: &str) -> usize {
    let end = eocd(bytes);
    let mut at = u32_at(bytes, end + 16) as usize;
    loop {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02", "record at {at:#x}");
        let n = u16::from_le_bytes([bytes[at + 28], bytes[at + 29]]) as usize;
        let x = u16::from_le_bytes([bytes[at + 30], bytes[at + 31]]) as usize;
        let c = u16::from_le_bytes([bytes[at + 32], bytes[at + 33]]) as usize;
        if &bytes[at + 46..at + 46 + n] == name.as_bytes() {
            return at;
        }
        at += 46 + n + x + c;
    }
}

fn open_zip(path: &Path) -> ZipBundle {
    let bytes = bundle::FileBytes::map(path).unwrap();
    ZipBundle::open(path, bytes, &Limits::default()).unwrap()
}

struct Run {
    code: i32,
    stderr: String,
}

fn check(path: &Path) -> Run {
    let out = Command::cargo_bin("sdklint")
        .unwrap()
        .arg("check")
        .arg(path)
        .output()
        .unwrap();
    Run {
        code: out.status.code().expect("exited, not killed"),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn assert_one_line_error(run: &Run, path: &Path, needles: &[&str]) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with(&format!("error: {}: ", path.display())),
        "{}",
        lines[0]
    );
    for needle in needles {
        assert!(lines[0].contains(needle), "{needle:?} not in {}", lines[0]);
    }
}

#[test]
fn truncated_central_directory() {
    let dir = TempDir::new().unwrap();
    let bytes = std::fs::read(AF_ADJUST).unwrap();
    let end = eocd(&bytes);
    let cd = u32_at(&bytes, end + 16) as usize;
    // Cut in the middle of the central directory: the end record is gone.
    let path = write(&dir, "cut.apk", &bytes[..cd + 60]);
    assert_one_line_error(&check(&path), &path, &["truncated"]);
    // Keep the end record but shrink the directory's recorded size.
    let mut short = bytes.clone();
    let size = u32_at(&bytes, end + 12);
    short[end + 12..end + 16].copy_from_slice(&(size - 100).to_le_bytes());
    let path = write(&dir, "short.apk", &short);
    assert_one_line_error(&check(&path), &path, &["central directory"]);
}

#[test]
fn eocd_claiming_65535_entries_in_an_empty_directory() {
    let dir = TempDir::new().unwrap();
    let mut bytes = std::fs::read(AF_ADJUST).unwrap();
    let end = eocd(&bytes);
    bytes[end + 8..end + 12].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    bytes[end + 12..end + 16].copy_from_slice(&0u32.to_le_bytes());
    let path = write(&dir, "many.apk", &bytes);
    assert_one_line_error(
        &check(&path),
        &path,
        &["central directory of 0 bytes cannot hold 65535 entries"],
    );
}

#[test]
fn entry_offset_past_the_end() {
    let dir = TempDir::new().unwrap();
    let bytes = std::fs::read(AF_ADJUST).unwrap();
    // The manifest unreachable: nothing can be said, exit 2 naming the entry.
    let mut bad = bytes.clone();
    let at = central_record(&bytes, "AndroidManifest.xml");
    bad[at + 42..at + 46].copy_from_slice(&0x7FFF_0000u32.to_le_bytes());
    let path = write(&dir, "manifest.apk", &bad);
    assert_one_line_error(
        &check(&path),
        &path,
        &["AndroidManifest.xml", "past the end of the file"],
    );
    // 0xFFFFFFFF means "see the zip64 extra field", which this record does not have: the
    // central directory itself is damaged (libziparchive refuses it too).
    let mut bad = bytes.clone();
    let at = central_record(&bytes, "classes2.dex");
    bad[at + 42..at + 46].copy_from_slice(&u32::MAX.to_le_bytes());
    let path = write(&dir, "dex2.apk", &bad);
    assert_one_line_error(&check(&path), &path, &["no zip64 extra field"]);
}

#[test]
fn one_entry_offset_past_the_end_gives_a_partial_result() {
    let dir = TempDir::new().unwrap();
    let bytes = std::fs::read(AF_ADJUST).unwrap();
    let mut bad = bytes.clone();
    let at = central_record(&bytes, "classes2.dex");
    bad[at + 42..at + 46].copy_from_slice(&0x00FF_0000u32.to_le_bytes());
    let path = write(&dir, "dex2.apk", &bad);
    let report = lint(&path, &Options::default()).unwrap();
    assert_eq!(report.facts.errors.len(), 1, "{:?}", report.facts.errors);
    assert!(
        report.facts.errors[0]
            .message
            .contains("local header offset 0xff0000 lies past the end of the file"),
        "{}",
        report.facts.errors[0].message
    );
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::BadLocalHeader, "classes2.dex".into(), true)]
    );
    assert!(report.findings.iter().any(|f| f.rule == "SL902"));
}

#[test]
fn prefix_without_adjusted_offsets() {
    // `cat stub app.apk` without `zip -A`: offsets count from the archive, not the file.
    let dir = TempDir::new().unwrap();
    let mut bytes = vec![0u8; 1000];
    bytes.extend(std::fs::read(AF_ADJUST).unwrap());
    let path = write(&dir, "glued.apk", &bytes);
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::PrefixBytes, "glued.apk".into(), true)]
    );
    assert_eq!(sdk_ids(&path), ["adjust", "appsflyer"]);
    let report = lint(&path, &Options::default()).unwrap();
    assert!(
        report.facts.anomalies[0]
            .message
            .contains("count from the start of the archive, 1000 bytes in")
    );
}

#[test]
fn comment_is_fine_trailing_bytes_are_not() {
    let dir = TempDir::new().unwrap();
    let bytes = std::fs::read(NO_SDK).unwrap();
    let end = eocd(&bytes);
    let comment = b"built by a pipeline that likes comments PK\x05\x06 even fake records";
    let mut commented = bytes.clone();
    commented[end + 20..end + 22].copy_from_slice(&(comment.len() as u16).to_le_bytes());
    commented.extend_from_slice(comment);
    let path = write(&dir, "comment.apk", &commented);
    assert_eq!(anomalies(&path), []);
    let mut trailing = bytes.clone();
    trailing.extend_from_slice(&[0u8; 100]);
    let path = write(&dir, "trailing.apk", &trailing);
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::TrailingBytes, "trailing.apk".into(), true)]
    );
}

#[test]
fn crc_mismatch_is_recorded_and_the_content_still_read() {
    let dir = TempDir::new().unwrap();
    let mut bytes = std::fs::read(AF_ADJUST).unwrap();
    // Change the declared CRC of classes.dex in both headers: no header mismatch, only content.
    let at = central_record(&bytes, "classes.dex");
    let local = u32_at(&bytes, at + 42) as usize;
    for field in [at + 16, local + 14] {
        bytes[field] ^= 0xFF;
    }
    let path = write(&dir, "crc.apk", &bytes);
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::CrcMismatch, "classes.dex".into(), false)]
    );
    assert_eq!(sdk_ids(&path), ["adjust", "appsflyer"]);
}

#[test]
fn data_descriptor_that_disagrees() {
    let dir = TempDir::new().unwrap();
    let mut bytes = std::fs::read(fixture("data-descriptors")).unwrap();
    let at = central_record(&bytes, "classes.dex");
    let local = u32_at(&bytes, at + 42) as usize;
    let n = u16::from_le_bytes([bytes[local + 26], bytes[local + 27]]) as usize;
    let x = u16::from_le_bytes([bytes[local + 28], bytes[local + 29]]) as usize;
    let descriptor = local + 30 + n + x + u32_at(&bytes, at + 20) as usize;
    assert_eq!(&bytes[descriptor..descriptor + 4], b"PK\x07\x08");
    bytes[descriptor + 4] ^= 0xFF; // its CRC
    let path = write(&dir, "dd.apk", &bytes);
    assert_eq!(
        anomalies(&path),
        [(
            AnomalyKind::DataDescriptorMismatch,
            "classes.dex".into(),
            true
        )]
    );
    assert_eq!(sdk_ids(&path), ["adjust", "appsflyer"]);
}

#[test]
fn encryption_flag_on_a_plain_entry() {
    let dir = TempDir::new().unwrap();
    let mut bytes = std::fs::read(AF_ADJUST).unwrap();
    let at = central_record(&bytes, "classes2.dex");
    let local = u32_at(&bytes, at + 42) as usize;
    bytes[at + 8] |= 1;
    bytes[local + 6] |= 1;
    let path = write(&dir, "enc.apk", &bytes);
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::EncryptionFlag, "classes2.dex".into(), false)]
    );
    assert_eq!(sdk_ids(&path), ["adjust", "appsflyer"]);
}

#[test]
fn unsupported_central_method_is_an_anomaly_and_a_read_error() {
    let dir = TempDir::new().unwrap();
    let mut bytes = std::fs::read(AF_ADJUST).unwrap();
    let at = central_record(&bytes, "classes2.dex");
    let local = u32_at(&bytes, at + 42) as usize;
    for field in [at + 10, local + 8] {
        bytes[field..field + 2].copy_from_slice(&99u16.to_le_bytes());
    }
    let path = write(&dir, "m99.apk", &bytes);
    assert_eq!(
        anomalies(&path),
        [(AnomalyKind::UnknownMethod, "classes2.dex".into(), true)]
    );
    let report = lint(&path, &Options::default()).unwrap();
    assert_eq!(report.facts.errors.len(), 1);
    assert!(
        report.facts.errors[0]
            .message
            .contains("compression method 99")
    );
}

#[test]
fn stored_entries_are_sliced_from_the_map() {
    let path = Path::new(AF_ADJUST);
    let zip = open_zip(path);
    let file = std::fs::read(path).unwrap();
    let arsc = zip.read_shared("resources.arsc").unwrap();
    assert_eq!(arsc.len(), 564);
    // The slice points into the memory map, not into a copy.
    let mut expected = Vec::new();
    zip::ZipArchive::new(std::fs::File::open(path).unwrap())
        .unwrap()
        .by_name("resources.arsc")
        .unwrap()
        .read_to_end(&mut expected)
        .unwrap();
    assert_eq!(&*arsc, &expected[..]);
    assert!(file.windows(arsc.len()).any(|w| w == &*arsc));
}

#[test]
fn limits_still_apply() {
    let path = Path::new(AF_ADJUST);
    let bytes = bundle::FileBytes::map(path).unwrap();
    let limits = Limits {
        max_entry_bytes: 1000,
        ..Limits::default()
    };
    let zip = ZipBundle::open(path, bytes, &limits).unwrap();
    let err = zip.read("classes.dex").unwrap_err().to_string();
    assert!(
        err.contains("classes.dex: inflates past the limit of 1000 bytes"),
        "{err}"
    );
}

#[test]
fn no_panic_on_truncation_or_corruption() {
    // Every cut of the central directory and end record, and every byte of them flipped.
    let bytes = std::fs::read(AF_ADJUST).unwrap();
    let end = eocd(&bytes);
    let cd = u32_at(&bytes, end + 16) as usize;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("m.apk");
    let limits = Limits::default();
    for len in (cd..bytes.len()).step_by(7) {
        let map = write_and_map(&path, &bytes[..len]);
        let _ = ZipBundle::open(&path, map, &limits);
    }
    for i in cd..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0xA5;
        let map = write_and_map(&path, &bad);
        if let Ok(zip) = ZipBundle::open(&path, map, &limits) {
            for name in zip.names().to_vec() {
                let _ = zip.read(&name);
            }
            let _ = zip.anomalies();
        }
    }
}

fn write_and_map(path: &Path, bytes: &[u8]) -> bundle::FileBytes {
    std::fs::write(path, bytes).unwrap();
    bundle::FileBytes::map(path).unwrap()
}

// ---- what the zip crate (9.8) does with the same files ----

fn zip_crate_read(path: &Path, name: &str) -> Result<Vec<u8>, String> {
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(path).unwrap()).map_err(|e| e.to_string())?;
    let mut file = archive.by_name(name).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    file.read_to_end(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

#[test]
fn zip_crate_baseline() {
    let ours = |path: &Path, name: &str| open_zip(path).read(name).unwrap();
    // Tolerated: local name and local method are not looked at by by_name, prefixes are skipped.
    for (fixture_name, entry) in [
        ("tampered-local-name", "classes2.dex"),
        ("tampered-local-method", "classes.dex"),
        ("tampered-prefix", "classes.dex"),
        ("data-descriptors", "classes.dex"),
    ] {
        let path = fixture(fixture_name);
        assert_eq!(
            zip_crate_read(&path, entry).as_deref(),
            Ok(&ours(&path, entry)[..]),
            "{fixture_name}"
        );
    }
    // Duplicates: the crate keys entries by name and the LAST record wins (no-sdk's DEX), hiding
    // the first, which is what sdklint reads (Adjust's).
    let path = fixture("tampered-duplicate-dex");
    let crate_dex = zip_crate_read(&path, "classes.dex").unwrap();
    let no_sdk_dex = zip_crate_read(Path::new(NO_SDK), "classes.dex").unwrap();
    let af_dex = zip_crate_read(Path::new(AF_ADJUST), "classes.dex").unwrap();
    assert_eq!(crate_dex, no_sdk_dex);
    assert_eq!(ours(&path, "classes.dex"), af_dex);
    // A CRC that does not match fails the read; Android does not check it.
    let dir = TempDir::new().unwrap();
    let mut bytes = std::fs::read(AF_ADJUST).unwrap();
    let at = central_record(&bytes, "classes.dex");
    let local = u32_at(&bytes, at + 42) as usize;
    for field in [at + 16, local + 14] {
        bytes[field] ^= 0xFF;
    }
    let crc = write(&dir, "crc.apk", &bytes);
    let err = zip_crate_read(&crc, "classes.dex").unwrap_err();
    assert!(err.contains("checksum"), "{err}");
    assert_eq!(ours(&crc, "classes.dex"), af_dex);
}

/// zipflinger's padding before the first entry (a local header with an empty name and no data,
/// listed nowhere) is what AGP writes and Android installs: no anomaly, the same content.
#[test]
fn zipflinger_virtual_entry_is_benign() {
    let path = fixture("zipflinger-virtual-entry");
    assert_eq!(anomalies(&path), []);
    assert_eq!(sl901_messages(&path), Vec::<String>::new());
    assert_eq!(sdk_ids(&path), sdk_ids(Path::new(NO_SDK)));
    assert_eq!(open_zip(&path).prefix_len(), 132, "the padding is there");
}
