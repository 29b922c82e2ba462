//! Tampered APK fixtures, derived from the built `no-sdk.apk` and `appsflyer-adjust.apk` the way
//! such APKs arise in the wild: by patching bytes of a real APK, by gluing bytes in front of it
//! (then fixing the offsets with `zip -A`, as self-extractor builders do), or by re-zipping it with
//! a stream writer. Offsets are taken from the `zip` crate's reading of the source APK (an
//! independent parser: not sdklint's), patched values are checked before they are written, and
//! every output is listed, with what it should yield, in `fixtures/README.md`.
//!
//! They are rebuilt whenever their source APK is (`cargo xtask fixtures`, or naming `no-sdk` or
//! `appsflyer-adjust`); the bytes depend only on the source APKs and the commands below.

use std::fs;
use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use super::{Paths, Result, UNZIP, ZIP, fresh_dir, normalize_tree, run, write_if_changed};

const AF_ADJUST: &str = "appsflyer-adjust";
const NO_SDK: &str = "no-sdk";
/// A compression method no zip reader knows.
const BOGUS_METHOD: u16 = 0xBEEF;

/// Derive every tampered fixture whose source APK is among `names` (all when `names` is empty).
pub fn build(paths: &Paths, names: &[String]) -> Result<()> {
    let wanted = |source: &str| names.is_empty() || names.iter().any(|n| n == source);
    let work = fresh_dir(&paths.build.join("tampered"))?;
    let apk = |name: &str| paths.fixtures.join(format!("{name}.apk"));
    if wanted(AF_ADJUST) {
        let source = fs::read(apk(AF_ADJUST))?;
        step("tampered-local-name", || local_name(&source), paths)?;
        step("tampered-local-method", || local_method(&source), paths)?;
        step(
            "tampered-duplicate-dex",
            || duplicate_dex(&work, &apk(AF_ADJUST), &apk(NO_SDK)),
            paths,
        )?;
        step(
            "data-descriptors",
            || stream_written(&work, &apk(AF_ADJUST)),
            paths,
        )?;
    }
    if wanted(NO_SDK) {
        step("tampered-prefix", || prefixed(&work, &apk(NO_SDK)), paths)?;
        step(
            "zipflinger-virtual-entry",
            || virtual_entry(&work, &apk(NO_SDK)),
            paths,
        )?;
        step(
            "tampered-janus",
            || {
                janus(
                    &work,
                    &apk(NO_SDK),
                    &paths.fixtures.join("dex/hello-api28.dex"),
                )
            },
            paths,
        )?;
    }
    Ok(())
}

fn step(name: &str, make: impl FnOnce() -> Result<Vec<u8>>, paths: &Paths) -> Result<()> {
    println!("==> tampered {name}");
    let bytes = make().map_err(|e| format!("tampered {name}: {e}"))?;
    write_if_changed(&paths.fixtures.join(format!("{name}.apk")), &bytes)
}

/// Local header offset of `entry`, as the zip crate reads it.
fn header_start(apk: &[u8], entry: &str) -> Result<usize> {
    let mut archive = zip::ZipArchive::new(Cursor::new(apk))?;
    let file = archive.by_name(entry)?;
    Ok(usize::try_from(file.header_start())?)
}

fn patch(bytes: &mut [u8], at: usize, expected: &[u8], new: &[u8]) -> Result<()> {
    let old = bytes
        .get_mut(at..at + expected.len())
        .ok_or("patch offset past the end")?;
    if old != expected {
        return Err(format!("expected {expected:02x?} at {at:#x}, found {old:02x?}").into());
    }
    old.copy_from_slice(new);
    Ok(())
}

/// `classes2.dex` (AppsFlyer) gets the local name `classes9.dex`: a streaming reader, which sees
/// only local headers, no longer finds a second DEX; the central directory still names it.
fn local_name(source: &[u8]) -> Result<Vec<u8>> {
    let mut out = source.to_vec();
    let at = header_start(source, "classes2.dex")?;
    patch(&mut out, at + 30, b"classes2.dex", b"classes9.dex")?;
    Ok(out)
}

/// The local headers of `AndroidManifest.xml` and `classes.dex` declare compression method
/// 0xBEEF (the central directory still says deflated): the anti-analysis trick that breaks
/// apktool, jadx and `ZipInputStream` while Android installs the APK.
fn local_method(source: &[u8]) -> Result<Vec<u8>> {
    let mut out = source.to_vec();
    for entry in ["AndroidManifest.xml", "classes.dex"] {
        let at = header_start(source, entry)? + 8;
        patch(
            &mut out,
            at,
            &8u16.to_le_bytes(),
            &BOGUS_METHOD.to_le_bytes(),
        )?;
    }
    Ok(out)
}

/// A second `classes.dex` (no-sdk's, without any SDK) appended after the first (Adjust's): the
/// "Master Key" layout. `zip` cannot write two entries with one name, so the second is added as
/// `classes.dey` and renamed in its local header and its central-directory record.
fn duplicate_dex(work: &Path, source: &Path, clean: &Path) -> Result<Vec<u8>> {
    let dir = fresh_dir(&work.join("duplicate"))?;
    let dex = unzip_to_vec(clean, "classes.dex")?;
    fs::write(dir.join("classes.dey"), dex)?;
    normalize_tree(&dir)?;
    let out = dir.join("out.apk");
    fs::copy(source, &out)?;
    run(Command::new(ZIP.bin).current_dir(&dir).args([
        "-X",
        "-D",
        "-q",
        "-9",
        "out.apk",
        "classes.dey",
    ]))?;
    let mut bytes = fs::read(&out)?;
    let local = header_start(&bytes, "classes.dey")?;
    let central = {
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..]))?;
        let file = archive.by_name("classes.dey")?;
        usize::try_from(file.central_header_start())?
    };
    patch(&mut bytes, local + 30, b"classes.dey", b"classes.dex")?;
    patch(&mut bytes, central + 46, b"classes.dey", b"classes.dex")?;
    Ok(bytes)
}

/// Every entry re-zipped by `zip` writing to a pipe: it cannot seek back to fill in the local
/// headers, so each entry carries a data descriptor (flag bit 3), as stream writers (Java's
/// `ZipOutputStream`) do. Not tampering: no anomaly is expected.
fn stream_written(work: &Path, source: &Path) -> Result<Vec<u8>> {
    let dir = fresh_dir(&work.join("stream"))?;
    run(Command::new(UNZIP.bin)
        .args(["-q", "-o"])
        .arg(source)
        .arg("-d")
        .arg(&dir))?;
    normalize_tree(&dir)?;
    let mut names = Vec::new();
    list_files(&dir, &dir, &mut names)?;
    names.sort();
    let output = super::command_env(Command::new("sh").current_dir(&dir).arg("-c").arg(format!(
        "{} -X -D -q -n .arsc - {} | cat",
        ZIP.bin,
        names.join(" ")
    )))
    .output()?;
    if !output.status.success() || output.stdout.is_empty() {
        return Err(format!(
            "zip to a pipe failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(output.stdout)
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in super::sorted_entries(dir)? {
        if entry.is_dir() {
            list_files(root, &entry, out)?;
        } else {
            let rel = entry.strip_prefix(root)?;
            out.push(rel.to_str().ok_or("non-UTF-8 path")?.to_owned());
        }
    }
    Ok(())
}

/// A 512-byte shell stub before the APK, offsets fixed with `zip -A` (as for a self-extractor):
/// every offset in the central directory counts from the start of the file.
fn prefixed(work: &Path, source: &Path) -> Result<Vec<u8>> {
    let mut stub = b"#!/bin/sh\necho 'not an installer'\nexit 0\n".to_vec();
    stub.resize(512, b'\n');
    glue_and_adjust(work, "prefix", &stub, source)
}

/// Not tampering: the padding AGP's zipflinger leaves where it removed or realigned an entry, a
/// "virtual entry" (a local header with an empty name, no data and a 102-byte extra field, as
/// `ApiDemos-debug.apk` starts with), listed in no central directory record; offsets fixed with
/// `zip -A`. Android installs such an APK.
fn virtual_entry(work: &Path, source: &Path) -> Result<Vec<u8>> {
    let extra_len: u16 = 102;
    let mut header = b"PK\x03\x04".to_vec();
    for field in [0u16, 0, 0, 0x0821, 0x0221] {
        // version, flags, method, time, date
        header.extend(field.to_le_bytes());
    }
    header.extend([0u8; 12]); // CRC-32, compressed and uncompressed size
    header.extend(0u16.to_le_bytes()); // name length
    header.extend(extra_len.to_le_bytes());
    header.resize(header.len() + usize::from(extra_len), 0);
    glue_and_adjust(work, "virtual-entry", &header, source)
}

/// A DEX file glued in front of the APK (Janus, CVE-2017-13156), offsets fixed with `zip -A`,
/// then the DEX header's `file_size` set to the whole file and its Adler-32 checksum recomputed,
/// so that the file is a valid DEX (whose data runs to the end) and a valid zip at once.
fn janus(work: &Path, source: &Path, dex: &Path) -> Result<Vec<u8>> {
    let dex = fs::read(dex)?;
    let mut bytes = glue_and_adjust(work, "janus", &dex, source)?;
    let size = u32::try_from(bytes.len())?;
    let old_size = u32::try_from(dex.len())?;
    patch(
        &mut bytes,
        0x20,
        &old_size.to_le_bytes(),
        &size.to_le_bytes(),
    )?;
    let checksum = adler32(&bytes[12..]);
    bytes[8..12].copy_from_slice(&checksum.to_le_bytes());
    Ok(bytes)
}

fn glue_and_adjust(work: &Path, name: &str, prefix: &[u8], source: &Path) -> Result<Vec<u8>> {
    let dir = fresh_dir(&work.join(name))?;
    let out = dir.join("out.apk");
    let mut bytes = prefix.to_vec();
    bytes.extend(fs::read(source)?);
    fs::write(&out, bytes)?;
    run(Command::new(ZIP.bin).args(["-A", "-q"]).arg(&out))?;
    Ok(fs::read(&out)?)
}

fn unzip_to_vec(apk: &Path, entry: &str) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(fs::File::open(apk)?)?;
    let mut file = archive.by_name(entry)?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut out)?;
    Ok(out)
}

/// The DEX header checksum (zlib's Adler-32, RFC 1950 section 8.2).
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}
