//! ELF shared libraries as Android ships them (`lib/<abi>/*.so`): what they link against, what
//! they export and import, and the printable strings of their read-only data.
//!
//! Format: the System V ABI's ELF specification (gABI, "Object Files" chapter) and its processor
//! supplements; Android's loader additionally wants little-endian files with a `PT_DYNAMIC`
//! segment (bionic's `linker_phdr.cpp`). Parsing is done by goblin (`goblin::elf`), the crate made
//! for the job: it reads from a borrowed slice through scroll's bounds-checked `pread`, keeps the
//! symbol tables lazy, and refuses counts larger than the file. Before handing bytes to goblin
//! this module checks the ELF header's table positions itself, so that a table past the end of the
//! file gets an error naming its offset and count.
//!
//! What is read:
//! - `DT_NEEDED` and `DT_SONAME` from the dynamic section;
//! - `.dynsym`: exported symbols (defined, global or weak, default or protected visibility) and
//!   imported ones (undefined); the counts are exact, the names kept are capped at
//!   [`MAX_SYMBOLS`] per list and, together, at [`symbol_name_budget`] bytes;
//! - printable strings of at least [`MIN_STRING_CHARS`] characters (see
//!   [`super::strings`]) from the read-only data sections: `SHT_PROGBITS` sections named
//!   `.rodata*` that are allocated, not writable and not executable. That is where C and C++
//!   string literals, and the data of Flutter's AOT snapshot in `libapp.so`, live.
//!   `.data.rel.ro` is not scanned: it holds pointers that need relocation (to strings that are in
//!   `.rodata`), not text. At most [`MAX_STRINGS`] strings are kept per library.
//!
//! Producer quirks tolerated: libraries without section headers (stripped by packers or
//! `sstrip`; Android's loader does not need them) are scanned through their read-only,
//! non-executable `PT_LOAD` segments instead; section headers that point past the end of the file
//! are reported and then ignored the same way (a truncated segment is scanned as far as it goes);
//! anything else goblin can recover from in its
//! permissive mode (a damaged hash table, a bad dynamic string table) is reported and parsing
//! goes on with what remains.

use goblin::container::{Container, Ctx, Endian};
use goblin::elf::{Elf, header, program_header, section_header, sym};
use goblin::options::ParseOptions;

use super::strings::printable_runs;

/// Symbol names kept per list (exported, imported); the counts stay exact.
pub const MAX_SYMBOLS: usize = 10_000;
/// Strings kept per library.
pub const MAX_STRINGS: usize = 100_000;

/// Bytes of symbol names kept per library: 4 × the file plus 1 MiB ([`symbol_name_budget`]).
/// A real library's names add up to less than its string table; a crafted one can point 10,000
/// symbols at one 1 MB name (10 GB of copies without this bound). Symbols past it are counted,
/// not kept, and the library is marked truncated.
pub fn symbol_name_budget(file_len: usize) -> usize {
    file_len.saturating_mul(4).saturating_add(1 << 20)
}
/// The shortest printable run reported as a string, in characters.
pub const MIN_STRING_CHARS: usize = 5;

/// Why a library could not be read, or what was wrong with the part that was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ElfError {
    #[error("not an ELF file (bytes {found:02x?} at offset 0x0)")]
    NotElf { found: Vec<u8> },
    #[error("truncated ELF header: the file has {len} bytes, the header needs {needed}")]
    TruncatedHeader { len: usize, needed: usize },
    #[error("unsupported ELF file: {what}")]
    Unsupported { what: String },
    #[error(
        "{what} end past the end of the file (offset {offset:#x}, count {count}, entry size {entry_size}, file size {len:#x})"
    )]
    TablePastEnd {
        what: &'static str,
        offset: u64,
        count: u64,
        entry_size: u64,
        len: usize,
    },
    #[error("{what} have entry size {found}, expected {expected} (offset {offset:#x})")]
    BadEntrySize {
        what: &'static str,
        offset: u64,
        found: u64,
        expected: u64,
    },
    #[error("section {name} ends past the end of the file (offset {offset:#x}, size {size:#x})")]
    SectionPastEnd {
        name: String,
        offset: u64,
        size: u64,
    },
    #[error("a {kind} segment ends past the end of the file (offset {offset:#x}, size {size:#x})")]
    SegmentPastEnd {
        kind: &'static str,
        offset: u64,
        size: u64,
    },
    #[error("malformed ELF: {message}")]
    Malformed { message: String },
}

/// A parsed shared library, borrowing from its bytes.
#[derive(Debug)]
pub struct ElfLibrary<'a> {
    /// 32 or 64.
    pub bits: u8,
    /// `aarch64`, `arm`, `x86`, `x86_64`, `riscv64`, …
    pub machine: String,
    pub soname: Option<&'a str>,
    /// `DT_NEEDED`, in order.
    pub needed: Vec<&'a str>,
    /// Exported dynamic symbols (sorted, at most [`MAX_SYMBOLS`]).
    pub exported: Vec<&'a str>,
    pub exported_count: usize,
    /// Imported dynamic symbols (sorted, at most [`MAX_SYMBOLS`]).
    pub imported: Vec<&'a str>,
    pub imported_count: usize,
    /// What was wrong but did not stop the parse; the result is partial where these say so.
    pub problems: Vec<ElfError>,
    regions: Vec<Region<'a>>,
}

/// A stretch of read-only data scanned for strings.
#[derive(Debug)]
struct Region<'a> {
    /// `.rodata`, or `segment` when there are no section headers.
    name: String,
    /// Virtual address of `bytes[0]`.
    addr: u64,
    bytes: &'a [u8],
}

/// A string found in read-only data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElfString<'a> {
    /// The section it is in (`.rodata`), or `segment`.
    pub region: &'a str,
    /// Its virtual address, as disassemblers and `llvm-objdump` show it.
    pub addr: u64,
    pub text: &'a str,
}

impl<'a> ElfLibrary<'a> {
    /// The printable strings of the read-only data, in address order per region, found lazily
    /// (callers keep at most [`MAX_STRINGS`]).
    pub fn strings(&self) -> impl Iterator<Item = ElfString<'_>> {
        self.regions.iter().flat_map(|region| {
            printable_runs(region.bytes, MIN_STRING_CHARS).map(move |run| ElfString {
                region: &region.name,
                addr: region.addr.wrapping_add(run.offset as u64),
                text: run.text,
            })
        })
    }
}

/// Parse a little-endian ELF shared library (32- or 64-bit).
pub fn parse(bytes: &[u8]) -> Result<ElfLibrary<'_>, ElfError> {
    let mut problems = Vec::new();
    let ctx = check_ident(bytes)?;
    let header = Elf::parse_header(bytes).map_err(malformed)?;
    check_tables(bytes, &header, ctx, &mut problems)?;

    // Strict first; when that fails, or the checks above already found a table to ignore,
    // permissive: goblin then skips the parts it cannot read.
    let strict = if problems.is_empty() {
        Elf::parse(bytes)
    } else {
        Err(goblin::error::Error::Malformed(String::new()))
    };
    let elf = match strict {
        Ok(elf) => elf,
        Err(err) => {
            if problems.is_empty() {
                problems.push(malformed(err));
            }
            Elf::parse_with_opts(bytes, &ParseOptions::permissive()).map_err(malformed)?
        }
    };

    // Permissive goblin drops a dynamic section it cannot read; say so.
    for ph in &elf.program_headers {
        if ph.p_type == program_header::PT_DYNAMIC
            && slice(bytes, ph.p_offset, ph.p_filesz).is_none()
        {
            problems.push(ElfError::SegmentPastEnd {
                kind: "PT_DYNAMIC",
                offset: ph.p_offset,
                size: ph.p_filesz,
            });
        }
    }

    let mut exported = Vec::new();
    let mut imported = Vec::new();
    let (mut exported_count, mut imported_count) = (0, 0);
    // Names are borrowed here but copied into the facts: many symbols can name one long string
    // (or its tails), so what is kept is bounded by the file, not by the symbol count.
    let mut name_budget = symbol_name_budget(bytes.len());
    let mut keep = |name: &str| match name_budget.checked_sub(name.len() + 1) {
        Some(left) => {
            name_budget = left;
            true
        }
        None => false,
    };
    for symbol in elf.dynsyms.iter() {
        let Some(name) = elf
            .dynstrtab
            .get_at(symbol.st_name)
            .filter(|n| !n.is_empty())
        else {
            continue;
        };
        let bind = symbol.st_bind();
        if !matches!(bind, sym::STB_GLOBAL | sym::STB_WEAK | sym::STB_GNU_UNIQUE) {
            continue;
        }
        if symbol.st_shndx == section_header::SHN_UNDEF as usize {
            imported_count += 1;
            if imported.len() < MAX_SYMBOLS && keep(name) {
                imported.push(name);
            }
        } else if matches!(
            symbol.st_visibility(),
            sym::STV_DEFAULT | sym::STV_PROTECTED
        ) {
            exported_count += 1;
            if exported.len() < MAX_SYMBOLS && keep(name) {
                exported.push(name);
            }
        }
    }
    exported.sort_unstable();
    imported.sort_unstable();

    let regions = read_only_regions(bytes, &elf, &mut problems);
    Ok(ElfLibrary {
        bits: if ctx.container.is_big() { 64 } else { 32 },
        machine: machine_name(header.e_machine),
        soname: elf.soname,
        needed: elf.libraries.clone(),
        exported,
        exported_count,
        imported,
        imported_count,
        problems,
        regions,
    })
}

fn malformed(err: goblin::error::Error) -> ElfError {
    ElfError::Malformed {
        message: err.to_string(),
    }
}

/// Magic, class and byte order, before anything else is read.
fn check_ident(bytes: &[u8]) -> Result<Ctx, ElfError> {
    if bytes.len() < header::SELFMAG || &bytes[..header::SELFMAG] != header::ELFMAG {
        return Err(ElfError::NotElf {
            found: bytes.iter().take(header::SELFMAG).copied().collect(),
        });
    }
    let container = match bytes.get(header::EI_CLASS) {
        Some(&header::ELFCLASS32) => Container::Little,
        Some(&header::ELFCLASS64) => Container::Big,
        other => {
            return Err(ElfError::Unsupported {
                what: format!("ELF class {other:?} at offset {:#x}", header::EI_CLASS),
            });
        }
    };
    match bytes.get(header::EI_DATA) {
        Some(&header::ELFDATA2LSB) => {}
        Some(&header::ELFDATA2MSB) => {
            return Err(ElfError::Unsupported {
                what: "big-endian (Android libraries are little-endian)".into(),
            });
        }
        other => {
            return Err(ElfError::Unsupported {
                what: format!("byte order {other:?} at offset {:#x}", header::EI_DATA),
            });
        }
    }
    let needed = if container.is_big() {
        header::header64::SIZEOF_EHDR
    } else {
        header::header32::SIZEOF_EHDR
    };
    if bytes.len() < needed {
        return Err(ElfError::TruncatedHeader {
            len: bytes.len(),
            needed,
        });
    }
    Ok(Ctx::new(container, Endian::Little))
}

/// The program header table must fit (without it nothing can be said); a section header table
/// that does not fit is reported and ignored.
fn check_tables(
    bytes: &[u8],
    header: &header::Header,
    ctx: Ctx,
    problems: &mut Vec<ElfError>,
) -> Result<(), ElfError> {
    let (ph_size, sh_size) = if ctx.container.is_big() {
        (
            program_header::program_header64::SIZEOF_PHDR,
            section_header::section_header64::SIZEOF_SHDR,
        )
    } else {
        (
            program_header::program_header32::SIZEOF_PHDR,
            section_header::section_header32::SIZEOF_SHDR,
        )
    };
    if header.e_phnum > 0 {
        if u64::from(header.e_phentsize) != ph_size as u64 {
            return Err(ElfError::BadEntrySize {
                what: "program headers",
                offset: header.e_phoff,
                found: header.e_phentsize.into(),
                expected: ph_size as u64,
            });
        }
        table_fits(
            bytes,
            "program headers",
            header.e_phoff,
            header.e_phnum.into(),
            ph_size,
        )?;
    }
    if header.e_shoff != 0 && header.e_shnum > 0 {
        let fits = if u64::from(header.e_shentsize) != sh_size as u64 {
            Err(ElfError::BadEntrySize {
                what: "section headers",
                offset: header.e_shoff,
                found: header.e_shentsize.into(),
                expected: sh_size as u64,
            })
        } else {
            table_fits(
                bytes,
                "section headers",
                header.e_shoff,
                header.e_shnum.into(),
                sh_size,
            )
        };
        if let Err(err) = fits {
            problems.push(err);
        }
    }
    Ok(())
}

fn table_fits(
    bytes: &[u8],
    what: &'static str,
    offset: u64,
    count: u64,
    entry_size: usize,
) -> Result<(), ElfError> {
    let end = count
        .checked_mul(entry_size as u64)
        .and_then(|size| size.checked_add(offset));
    match end {
        Some(end) if end <= bytes.len() as u64 => Ok(()),
        _ => Err(ElfError::TablePastEnd {
            what,
            offset,
            count,
            entry_size: entry_size as u64,
            len: bytes.len(),
        }),
    }
}

/// `.rodata*` sections, or read-only non-executable `PT_LOAD` segments without section headers.
fn read_only_regions<'a>(
    bytes: &'a [u8],
    elf: &Elf<'a>,
    problems: &mut Vec<ElfError>,
) -> Vec<Region<'a>> {
    let mut regions = Vec::new();
    if elf.section_headers.len() > 1 {
        for (index, sh) in elf.section_headers.iter().enumerate() {
            let name = elf.shdr_strtab.get_at(sh.sh_name).unwrap_or("");
            let flags = sh.sh_flags as u32;
            let read_only = sh.sh_type == section_header::SHT_PROGBITS
                && flags & section_header::SHF_ALLOC != 0
                && flags & (section_header::SHF_WRITE | section_header::SHF_EXECINSTR) == 0;
            if !read_only || !(name == ".rodata" || name.starts_with(".rodata.")) {
                continue;
            }
            let name = if name.is_empty() {
                format!("section #{index}")
            } else {
                name.to_string()
            };
            match slice(bytes, sh.sh_offset, sh.sh_size) {
                Some(data) => regions.push(Region {
                    name,
                    addr: sh.sh_addr,
                    bytes: data,
                }),
                None => problems.push(ElfError::SectionPastEnd {
                    name,
                    offset: sh.sh_offset,
                    size: sh.sh_size,
                }),
            }
        }
        return disjoint(bytes, regions);
    }
    for ph in &elf.program_headers {
        if ph.p_type != program_header::PT_LOAD || ph.p_flags != program_header::PF_R {
            continue;
        }
        // A segment cut short (a truncated file) is scanned as far as it goes.
        let data = slice(bytes, ph.p_offset, ph.p_filesz).or_else(|| {
            problems.push(ElfError::SegmentPastEnd {
                kind: "PT_LOAD",
                offset: ph.p_offset,
                size: ph.p_filesz,
            });
            bytes.get(usize::try_from(ph.p_offset).ok()?..)
        });
        if let Some(data) = data {
            regions.push(Region {
                name: "segment".into(),
                addr: ph.p_vaddr,
                bytes: data,
            });
        }
    }
    disjoint(bytes, regions)
}

/// The regions with every file byte in at most one of them: sorted by file offset, a region that
/// starts inside an earlier one keeps only its part past that one's end. Real libraries never
/// overlap; a crafted one with 1,000 headers over the same 400 KB made 1,000 copies of its
/// strings (430 MiB).
fn disjoint<'a>(file: &'a [u8], mut regions: Vec<Region<'a>>) -> Vec<Region<'a>> {
    let offset = |r: &Region<'_>| r.bytes.as_ptr() as usize - file.as_ptr() as usize;
    regions.sort_by_key(|r| (offset(r), std::cmp::Reverse(r.bytes.len())));
    let mut covered = 0usize;
    let mut out = Vec::with_capacity(regions.len());
    for mut region in regions {
        let start = offset(&region);
        let end = start + region.bytes.len();
        if end <= covered {
            continue;
        }
        if start < covered {
            let skip = covered - start;
            region.bytes = &region.bytes[skip..];
            region.addr = region.addr.wrapping_add(skip as u64);
        }
        covered = end;
        out.push(region);
    }
    out
}

fn slice(bytes: &[u8], offset: u64, size: u64) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(size).ok()?)?;
    bytes.get(start..end)
}

fn machine_name(machine: u16) -> String {
    match machine {
        header::EM_AARCH64 => "aarch64".into(),
        header::EM_ARM => "arm".into(),
        header::EM_386 => "x86".into(),
        header::EM_X86_64 => "x86_64".into(),
        header::EM_RISCV => "riscv".into(),
        header::EM_MIPS => "mips".into(),
        other => format!("machine {other}"),
    }
}
