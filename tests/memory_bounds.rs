//! Hostile inputs end cleanly within the memory bound (issue 12): every input that once blew
//! memory, run through the `sdklint` binary inside an APK, must exit with 0, 1 or 2 (never a
//! signal) and no run may peak above 256 MiB resident.
//!
//! The peak is the largest `ru_maxrss` of the children this test waited for, so the bound holds
//! for every one of them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The bound issue 12 sets for every bad input we know.
const MAX_RSS_BYTES: u64 = 256 << 20;

fn regression(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/regressions/{name}")).unwrap()
}

/// An APK (stored entries) of the minimal manifest plus `entries`.
fn apk(dir: &Path, name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let manifest = std::fs::read("fixtures/manifests/minimal.aapt2.axml").unwrap();
    let has_manifest = entries.iter().any(|(n, _)| *n == "AndroidManifest.xml");
    if !has_manifest {
        zip.start_file("AndroidManifest.xml", stored).unwrap();
        zip.write_all(&manifest).unwrap();
    }
    for (entry, bytes) in entries {
        zip.start_file(*entry, stored).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    path
}

/// A DEX whose `count` string_ids all point at one string of `len` bytes (the input that made
/// the process abort asking for 10 GB), laid out as `gen_amp_inputs.py` does.
fn dex_sharing_one_string(len: usize, count: usize) -> Vec<u8> {
    let ids_off = 0x70usize;
    let data_off = ids_off + 4 * count;
    let mut out = vec![0u8; data_off];
    for i in 0..count {
        out[ids_off + 4 * i..ids_off + 4 * i + 4].copy_from_slice(&(data_off as u32).to_le_bytes());
    }
    out.push(0); // uleb128 utf16_size, not checked by readers
    out.extend(std::iter::repeat_n(b'A', len));
    out.push(0);
    out[..8].copy_from_slice(b"dex\n035\0");
    let size = out.len() as u32;
    out[0x20..0x24].copy_from_slice(&size.to_le_bytes());
    out[0x24..0x28].copy_from_slice(&0x70u32.to_le_bytes());
    out[0x28..0x2c].copy_from_slice(&0x1234_5678u32.to_le_bytes());
    out[0x38..0x3c].copy_from_slice(&(count as u32).to_le_bytes());
    out[0x3c..0x40].copy_from_slice(&(ids_off as u32).to_le_bytes());
    out
}

/// A Hermes bundle (version 96 layout, as `src/native/hermes.rs` documents it from hermesc's
/// `BytecodeFileFormat.h`) whose `count` string table entries all name one overflow string of
/// `len` bytes: 10 GB of copies for 100,000 entries of 100 KB.
fn hermes_sharing_one_string(len: usize, count: usize) -> Vec<u8> {
    let u32le = |v: usize| (v as u32).to_le_bytes();
    let file_len = 128 + 4 + 4 * count + 8 + len;
    let mut out = Vec::with_capacity(file_len);
    out.extend(0x1F19_03C1_03BC_1FC6u64.to_le_bytes());
    out.extend(96u32.to_le_bytes());
    out.extend([0u8; 20]);
    // fileLength, globalCodeIndex, functionCount, stringKindCount, identifierCount, stringCount,
    // overflowStringCount, stringStorageSize.
    for field in [file_len, 0, 0, 1, 0, count, 1, len] {
        out.extend(u32le(field));
    }
    out.resize(128, 0);
    out.extend(u32le(count)); // one run of `count` strings of kind 0
    for _ in 0..count {
        out.extend((0xFFu32 << 24).to_le_bytes()); // length 255: overflow entry 0
    }
    out.extend(u32le(0));
    out.extend(u32le(len));
    out.extend(std::iter::repeat_n(b'A', len));
    assert_eq!(out.len(), file_len);
    out
}

/// A UTF-16 `ResStringPool` chunk of `strings`, as `gen_amp_inputs.py` writes it.
fn string_pool(strings: &[String]) -> Vec<u8> {
    let mut offsets = Vec::new();
    let mut data = Vec::new();
    for s in strings {
        offsets.extend((data.len() as u32).to_le_bytes());
        let units: Vec<u16> = s.encode_utf16().collect();
        let n = units.len();
        if n >= 0x8000 {
            data.extend((0x8000 | (n >> 16) as u16).to_le_bytes());
            data.extend((n as u16).to_le_bytes());
        } else {
            data.extend((n as u16).to_le_bytes());
        }
        data.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        data.extend([0, 0]);
    }
    while data.len() % 4 != 0 {
        data.push(0);
    }
    let header = 28u32;
    let start = header + 4 * strings.len() as u32;
    let size = header as usize + offsets.len() + data.len();
    let mut out = Vec::new();
    out.extend(1u16.to_le_bytes());
    out.extend((header as u16).to_le_bytes());
    out.extend((size as u32).to_le_bytes());
    out.extend((strings.len() as u32).to_le_bytes());
    out.extend([0u8; 8]); // styleCount, flags (UTF-16)
    out.extend(start.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(offsets);
    out.extend(data);
    out
}

/// A resource table whose one `string` type chunk has `count` entries that all share one entry
/// record naming global string 0, `len` characters long: 6.5 GB of copies for 65,536 entries of
/// 100 KB (it peaked at 795 MiB against the 256 MiB decoding budget when each entry copied its
/// value twice).
fn arsc_sharing_one_value(len: usize, count: usize) -> Vec<u8> {
    let type_pool = string_pool(&["string".into()]);
    let key_pool = string_pool(&["k".into()]);
    // ResTable_entry { size 8, flags 0, key 0 } + Res_value { size 8, 0, TYPE_STRING, data 0 }.
    let entry: Vec<u8> = [8u16.to_le_bytes(), 0u16.to_le_bytes()]
        .concat()
        .into_iter()
        .chain(0u32.to_le_bytes())
        .chain(8u16.to_le_bytes())
        .chain([0, 3])
        .chain(0u32.to_le_bytes())
        .collect();
    let start = 24 + 4 * count;
    let mut type_chunk = Vec::new();
    type_chunk.extend(0x0201u16.to_le_bytes());
    type_chunk.extend(24u16.to_le_bytes());
    type_chunk.extend(((start + entry.len()) as u32).to_le_bytes());
    type_chunk.extend([1, 0, 0, 0]); // id 1, flags, reserved
    type_chunk.extend((count as u32).to_le_bytes());
    type_chunk.extend((start as u32).to_le_bytes());
    type_chunk.extend(4u32.to_le_bytes()); // a 4-byte ResTable_config: the default
    type_chunk.extend(std::iter::repeat_n(0u8, 4 * count)); // every slot at offset 0
    type_chunk.extend(&entry);
    let body = [type_pool.clone(), key_pool, type_chunk].concat();
    let mut package = Vec::new();
    package.extend(0x0200u16.to_le_bytes());
    package.extend(288u16.to_le_bytes());
    package.extend(((288 + body.len()) as u32).to_le_bytes());
    package.extend(0x7fu32.to_le_bytes());
    let mut name = vec![0u8; 256];
    name[0] = b'x';
    package.extend(name);
    for field in [288, 0, 288 + type_pool.len(), 0, 0] {
        package.extend((field as u32).to_le_bytes());
    }
    package.extend(body);
    let global = string_pool(&["A".repeat(len)]);
    let mut table = Vec::new();
    table.extend(2u16.to_le_bytes());
    table.extend(12u16.to_le_bytes());
    table.extend(((12 + global.len() + package.len()) as u32).to_le_bytes());
    table.extend(1u32.to_le_bytes());
    table.extend(global);
    table.extend(package);
    table
}

/// An arm64 shared library, written by the `object` crate, that exports `count` symbols all
/// named by one `len`-byte string of `.dynstr`: 10 GB of copies for 10,000 symbols of 1 MB,
/// had the facts copied every name (each name is borrowed by the parser).
fn elf_sharing_one_name(len: usize, count: usize) -> Vec<u8> {
    use object::elf;
    use object::write::elf::{FileHeader, ProgramHeader, Sym, Writer};
    let name = vec![b'A'; len];
    let mut out = Vec::new();
    let mut w = Writer::new(object::Endianness::Little, true, &mut out);
    // One read-only PT_LOAD maps the file at address 0 (addresses are file offsets), and
    // PT_DYNAMIC names the symbol and string tables, as a loader (and goblin) finds them.
    w.reserve_file_header();
    w.reserve_program_headers(2);
    let id = w.add_dynamic_string(&name);
    w.reserve_null_dynamic_symbol_index();
    for _ in 0..count {
        w.reserve_dynamic_symbol_index();
    }
    // A SysV hash table gives the symbol count (goblin takes it from there).
    let symbols = count as u32 + 1;
    let hash = w.reserve_hash(1, symbols);
    let dynsym = w.reserve_dynsym();
    let dynstr = w.reserve_dynstr().unwrap();
    let dynamic_entries = 6;
    let dynamic = w.reserve_dynamic(dynamic_entries);
    w.reserve_shstrtab_section_index();
    w.reserve_hash_section_index();
    w.reserve_dynsym_section_index();
    w.reserve_dynstr_section_index();
    w.reserve_dynamic_section_index();
    w.reserve_shstrtab().unwrap();
    w.reserve_section_headers();
    let file_len = w.reserved_len();
    w.write_file_header(&FileHeader {
        os_abi: elf::ELFOSABI_NONE,
        abi_version: 0,
        e_type: elf::ET_DYN,
        e_machine: elf::EM_AARCH64,
        e_entry: 0,
        e_flags: Default::default(),
    })
    .unwrap();
    w.write_align_program_headers();
    w.write_program_header(&ProgramHeader {
        p_type: elf::PT_LOAD,
        p_flags: elf::PF_R,
        p_offset: 0,
        p_vaddr: 0,
        p_paddr: 0,
        p_filesz: file_len,
        p_memsz: file_len,
        p_align: 0x1000,
    });
    let dynamic_len = (dynamic_entries * 16) as u64;
    w.write_program_header(&ProgramHeader {
        p_type: elf::PT_DYNAMIC,
        p_flags: elf::PF_R,
        p_offset: dynamic,
        p_vaddr: dynamic,
        p_paddr: dynamic,
        p_filesz: dynamic_len,
        p_memsz: dynamic_len,
        p_align: 8,
    });
    let name_hash = elf::hash(&name);
    w.write_hash(1, symbols, |_| Some(name_hash));
    let st_name = w.dynamic_string_offset(Some(id));
    w.write_null_dynamic_symbol();
    for i in 0..count {
        w.write_dynamic_symbol(&Sym {
            section: None,
            st_name,
            st_info: elf::SymbolInfo::new(elf::STB_GLOBAL, elf::STT_FUNC),
            st_other: Default::default(),
            st_shndx: elf::SHN_ABS,
            st_value: 0x1000 + 16 * i as u64,
            st_size: 16,
        });
    }
    w.write_dynstr();
    w.write_align_dynamic();
    w.write_dynamic(elf::DT_HASH, hash).unwrap();
    w.write_dynamic(elf::DT_SYMTAB, dynsym).unwrap();
    w.write_dynamic(elf::DT_STRTAB, dynstr).unwrap();
    w.write_dynamic(elf::DT_STRSZ, u64::from(w.dynstr_len()))
        .unwrap();
    w.write_dynamic(elf::DT_SYMENT, 24).unwrap();
    w.write_dynamic(elf::DT_NULL, 0).unwrap();
    w.write_shstrtab();
    w.write_null_section_header();
    w.write_shstrtab_section_header();
    w.write_hash_section_header(hash);
    w.write_dynsym_section_header(dynsym, 1);
    w.write_dynstr_section_header(dynstr);
    w.write_dynamic_section_header(dynamic);
    out
}

/// An arm64 Mach-O object, written by the `object` crate with one symbol of a `len`-byte name and
/// `count` short-named ones, whose symbol table is then pointed at the long name for every
/// symbol: `count` symbols named by one string, as a crafted image can have them.
fn macho_sharing_one_name(len: usize, count: usize) -> Vec<u8> {
    use object::read::macho::MachHeader;
    use object::write::{Object, StandardSection, Symbol, SymbolSection};
    use object::{Architecture, BinaryFormat, Endianness, SymbolFlags, SymbolKind, SymbolScope};
    let mut obj = Object::new(
        BinaryFormat::MachO,
        Architecture::Aarch64,
        Endianness::Little,
    );
    obj.set_mangling(object::write::Mangling::None);
    let text = obj.section_id(StandardSection::Text);
    obj.append_section_data(text, &[0xc0, 0x03, 0x5f, 0xd6], 4); // ret
    let symbol = |name: Vec<u8>| Symbol {
        name,
        value: 0,
        size: 0,
        kind: SymbolKind::Text,
        scope: SymbolScope::Dynamic,
        weak: false,
        section: SymbolSection::Section(text),
        flags: SymbolFlags::None,
    };
    obj.add_symbol(symbol(vec![b'A'; len]));
    for i in 0..count {
        obj.add_symbol(symbol(format!("_s{i}").into_bytes()));
    }
    let mut bytes = obj.write().unwrap();
    let header = object::macho::MachHeader64::<Endianness>::parse(&*bytes, 0).unwrap();
    let endian = header.endian().unwrap();
    let mut commands = header.load_commands(endian, &*bytes, 0).unwrap();
    let symtab = loop {
        let command = commands.next().unwrap().expect("the object has LC_SYMTAB");
        if let Some(symtab) = command.symtab().unwrap() {
            break *symtab;
        }
    };
    let (symoff, nsyms, stroff) = (
        symtab.symoff.get(endian) as usize,
        symtab.nsyms.get(endian) as usize,
        symtab.stroff.get(endian) as usize,
    );
    let strx = |b: &[u8], i: usize| {
        let at = symoff + 16 * i;
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
    };
    let long = (0..nsyms)
        .map(|i| strx(&bytes, i))
        .find(|&x| bytes[stroff + x..].starts_with(&[b'A'; 64]))
        .unwrap() as u32;
    for i in 0..nsyms {
        let at = symoff + 16 * i;
        bytes[at..at + 4].copy_from_slice(&long.to_le_bytes());
    }
    bytes
}

/// `sdklint facts --format json` of `path`, which must exit 0.
fn facts_json(path: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_sdklint"))
        .args(["facts", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn peak_rss_of_children() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    // Linux reports kilobytes.
    usage.ru_maxrss as u64 * 1024
}

#[test]
fn every_hostile_input_ends_within_256_mib() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let macho_path = d.join("symbols-10k-names.o");
    std::fs::write(&macho_path, macho_sharing_one_name(1 << 20, 10_000)).unwrap();
    let bundles = [
        apk(
            d,
            "dex-strings.apk",
            &[("classes.dex", &regression("amp-dex-strings.bin"))],
        ),
        apk(
            d,
            "dex-100k-strings.apk",
            &[("classes.dex", &dex_sharing_one_string(100_000, 100_000))],
        ),
        apk(
            d,
            "dex-defs.apk",
            &[("classes.dex", &regression("amp-dex-defs.bin"))],
        ),
        apk(
            d,
            "arsc-typename.apk",
            &[("resources.arsc", &regression("amp-arsc-typename.bin"))],
        ),
        apk(
            d,
            "axml-attrs.apk",
            &[("AndroidManifest.xml", &regression("amp-axml-attrs.bin"))],
        ),
        apk(
            d,
            "elf-segments.apk",
            &[("lib/arm64-v8a/libx.so", &regression("amp-elf-segments.bin"))],
        ),
        apk(
            d,
            "hermes-100k-strings.apk",
            &[(
                "assets/index.android.bundle",
                &hermes_sharing_one_string(100_000, 100_000),
            )],
        ),
        apk(
            d,
            "arsc-shared-value.apk",
            &[("resources.arsc", &arsc_sharing_one_value(100_000, 65_536))],
        ),
        PathBuf::from(&macho_path),
        apk(
            d,
            "elf-10k-names.apk",
            &[(
                "lib/arm64-v8a/libx.so",
                &elf_sharing_one_name(1 << 20, 10_000),
            )],
        ),
        PathBuf::from("tests/regressions/zip-bomb-1g.apk"),
        PathBuf::from("tests/regressions/zip-liar-600m.apk"),
    ];
    for bundle in &bundles {
        let out = Command::new(env!("CARGO_BIN_EXE_sdklint"))
            .args(["check", "--format", "json"])
            .arg(bundle)
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{}: ended with {:?}: {}",
            bundle.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let peak = peak_rss_of_children();
        assert!(
            peak <= MAX_RSS_BYTES,
            "{}: peak RSS {} MiB so far, over {} MiB",
            bundle.display(),
            peak >> 20,
            MAX_RSS_BYTES >> 20
        );
    }
}

/// The bomb and the liar are refused with a one-line error naming the entry and the limit, and
/// the DEX tables that share one string end as a partial result saying what could not be read.
#[test]
fn hostile_inputs_say_what_was_refused() {
    let run = |path: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_sdklint"))
            .args(["check", "--format", "json"])
            .arg(path)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(Path::new("tests/regressions/zip-bomb-1g.apk"));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("classes2.dex") && err.contains("more than 100:1"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (code, _, err) = run(Path::new("tests/regressions/zip-liar-600m.apk"));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("classes.dex") && err.contains("--max-inflate-ratio"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let bundle = apk(
        dir.path(),
        "dex-100k-strings.apk",
        &[("classes.dex", &dex_sharing_one_string(100_000, 100_000))],
    );
    let (code, out, _) = run(&bundle);
    assert!(matches!(code, Some(0 | 1)), "{code:?}");
    assert!(
        out.contains("SL902") && out.contains("string_ids: its strings add up to more than"),
        "{out}"
    );

    let bundle = apk(
        dir.path(),
        "hermes-100k-strings.apk",
        &[(
            "assets/index.android.bundle",
            &hermes_sharing_one_string(100_000, 100_000),
        )],
    );
    let (code, out, _) = run(&bundle);
    assert!(matches!(code, Some(0 | 1)), "{code:?}");
    assert!(
        out.contains("SL902") && out.contains("the string table adds up to more than"),
        "{out}"
    );

    // Every symbol is counted, a few names are kept, and the library says it was cut short.
    let bundle = apk(
        dir.path(),
        "elf-10k-names.apk",
        &[(
            "lib/arm64-v8a/libx.so",
            &elf_sharing_one_name(1 << 20, 10_000),
        )],
    );
    let facts = facts_json(&bundle);
    let lib = &facts["native_libraries"][0];
    assert_eq!(lib["exported_count"], 10_000);
    assert_eq!(lib["truncated"], true);
    // 4 × the 1.3 MB file + 1 MiB of names: six copies of the 1 MiB name, not 10,000.
    let kept = lib["exported"].as_array().unwrap();
    assert!((1..=8).contains(&kept.len()), "{} names kept", kept.len());

    // The same for a Mach-O image given bare, as a vendor's binary is.
    let image = dir.path().join("hostile.o");
    std::fs::write(&image, macho_sharing_one_name(1 << 20, 10_000)).unwrap();
    let facts = facts_json(&image);
    let binary = &facts["apple_binaries"][0];
    assert_eq!(binary["symbols"]["exported_count"], 10_001);
    let kept = binary["symbols"]["exported"].as_array().unwrap();
    assert!((1..=8).contains(&kept.len()), "{} names kept", kept.len());
    let errors = facts["errors"].to_string();
    assert!(
        errors.contains("names add up to more than") && errors.contains("4 × the image + 1 MiB"),
        "{errors}"
    );

    // The table is read up to the decoding budget (so each of its entries was decoded), and
    // what was read is one shared value.
    let bundle = apk(
        dir.path(),
        "arsc-shared-value.apk",
        &[("resources.arsc", &arsc_sharing_one_value(100_000, 65_536))],
    );
    let (code, out, _) = run(&bundle);
    assert!(matches!(code, Some(0 | 1)), "{code:?}");
    assert!(
        out.contains("SL902") && out.contains("decoded strings exceed"),
        "{out}"
    );
}

/// `--max-memory` is enforced where the memory is taken: a real APK whose deflated DEX (5,260
/// bytes) does not fit a 4,096-byte budget ends with exit 2 naming the entry and the flag; with
/// the default budget the same APK is read.
#[test]
fn memory_budget_refuses_an_entry_that_does_not_fit() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sdklint"))
            .arg("check")
            .args(args)
            .arg("fixtures/appsflyer-adjust.apk")
            .output()
            .unwrap()
    };
    let out = run(&["--max-memory", "4096"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--max-memory") && err.contains(".dex") && err.contains("4096"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(run(&[]).status.code(), Some(1));
}
