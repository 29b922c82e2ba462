//! One Mach-O image: header, load commands, sections, symbols, Objective-C classes and
//! selectors, Swift type names, C strings and CFStrings.

use super::*;

/// How a dylib is linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `LC_LOAD_DYLIB`.
    Normal,
    /// `LC_LOAD_WEAK_DYLIB`: the image runs without it.
    Weak,
    /// `LC_REEXPORT_DYLIB`.
    Reexport,
    /// `LC_LOAD_UPWARD_DYLIB`.
    Upward,
    /// `LC_LAZY_LOAD_DYLIB`.
    Lazy,
}

/// A dylib reference (`LC_*_DYLIB`) or identity (`LC_ID_DYLIB`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dylib<'a> {
    pub install_name: &'a str,
    pub kind: LinkKind,
    /// `xxxx.yy.zz` packed in nibbles, as the load command stores it.
    pub current_version: u32,
    pub compatibility_version: u32,
}

/// How an Objective-C class was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClassSource {
    /// An `_OBJC_CLASS_$_X` symbol (defined here, or undefined: imported).
    Symbol,
    /// `__objc_classlist` → `class_t` → `class_ro_t` → name.
    ClassList,
    /// A `__objc_classname` string (also holds protocol and category names).
    ClassName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjcClass<'a> {
    pub name: &'a str,
    /// Implemented in this image; otherwise only imported.
    pub defined: bool,
    pub source: ClassSource,
}

/// A Swift nominal type (or only its module) named by a mangled symbol or a type reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SwiftType {
    pub module: String,
    /// The type's name (nested types joined with `.`), when the demangler could read it.
    pub name: Option<String>,
    /// Named by a symbol defined in this image.
    pub defined: bool,
}

/// A C string with its place: the section (`__TEXT,__cstring`) and the offset inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionString<'a> {
    pub section: &'static str,
    pub offset: u64,
    pub value: Cow<'a, str>,
}

/// Everything read from one Mach-O image. Parts that could not be read are in `problems`.
#[derive(Debug, Clone, Default)]
pub struct Image<'a> {
    pub cputype: u32,
    pub cpusubtype: u32,
    pub filetype: u32,
    pub is_64: bool,
    /// `LC_BUILD_VERSION` platform number, or the platform an `LC_VERSION_MIN_*` implies.
    pub platform: Option<u32>,
    /// Minimum OS and SDK, `xxxx.yy.zz` packed in nibbles.
    pub min_os: Option<u32>,
    pub sdk: Option<u32>,
    pub id: Option<Dylib<'a>>,
    pub dylibs: Vec<Dylib<'a>>,
    pub rpaths: Vec<&'a str>,
    /// `LC_CODE_SIGNATURE` data offset and size, relative to the image.
    pub code_signature: Option<(u32, u32)>,
    pub imported_symbols: Vec<&'a str>,
    pub exported_symbols: Vec<&'a str>,
    pub imported_count: usize,
    pub exported_count: usize,
    /// Sorted by name; one entry per name, defined over imported.
    pub objc_classes: Vec<ObjcClass<'a>>,
    /// Sorted and unique.
    pub selectors: Vec<&'a str>,
    /// Sorted and unique.
    pub swift_types: Vec<SwiftType>,
    /// `__cstring` and `__swift5_reflstr` strings, in section order.
    pub strings: Vec<SectionString<'a>>,
    /// `__cfstring` literals, in section order (offset = record index).
    pub cfstrings: Vec<SectionString<'a>>,
    /// Call sites found by the arm64 code walk ([`Image::parse_with_calls`] only), in address order.
    pub calls: Vec<crate::apple::calls::Call<'a>>,
    /// Whether the code walk ran (an arm64 executable or bundle with a `__text` and a filter).
    pub code_walked: bool,
    pub problems: Vec<MachError>,
}

/// A class's name, its instance methods and its class methods: `(selector, implementation address)`.
pub(super) type ClassMethods<'a> = (&'a str, Vec<(&'a str, u64)>, Vec<(&'a str, u64)>);

/// A section with its bytes in the image (empty for zero-fill sections).
pub(super) struct Sect<'a> {
    pub(super) segname: &'a str,
    pub(super) name: &'a str,
    pub(super) addr: u64,
    pub(super) size: u64,
    pub(super) kind: u32,
    pub(super) data: &'a [u8],
    /// 1-based position among all the image's sections, as a symbol's `n_sect` counts them.
    pub(super) ordinal: usize,
    /// The section's relocation entries (`reloff`, `nreloc` × 8 bytes; relocatable objects
    /// only), empty when they do not lie within the image.
    pub(super) relocs: &'a [u8],
}

impl Sect<'_> {
    pub(super) fn is(&self, name: &str) -> bool {
        self.name == name
    }
    pub(super) fn holds_cstrings(&self) -> bool {
        self.kind == S_CSTRING_LITERALS
            || matches!(
                self.name,
                "__cstring" | "__objc_classname" | "__objc_methname"
            )
    }
}

impl<'a> Image<'a> {
    /// Read the Mach-O image `bytes`. Fails only when nothing can be said (a bad header, load
    /// commands past the end); a damaged symbol table or section is a `problem` of a partial result.
    pub fn parse(bytes: &'a [u8]) -> Result<Image<'a>, MachError> {
        Self::parse_with_calls(bytes, None)
    }

    /// [`Image::parse`], and when `calls` is given and the image is an arm64 executable or
    /// bundle, walk its `__text` for the calls the filter asks for ([`super::calls`]).
    pub fn parse_with_calls(
        bytes: &'a [u8],
        calls: Option<&crate::apple::calls::CallFilter>,
    ) -> Result<Image<'a>, MachError> {
        let magic = read_u32_be(bytes, 0).ok_or(MachError::Truncated {
            what: "Mach-O header",
            offset: 0,
            len: bytes.len(),
        })?;
        let (is_64, le) = match magic {
            MH_MAGIC_64 => (true, false),
            MH_CIGAM_64 => (true, true),
            MH_MAGIC => (false, false),
            MH_CIGAM => (false, true),
            _ => return Err(MachError::BadMagic { magic }),
        };
        let header_len = if is_64 { 32 } else { 28 };
        let field = |o| {
            let b: [u8; 4] = bytes.get(o..o + 4)?.try_into().ok()?;
            Some(if le {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            })
        };
        let (Some(ncmds), Some(sizeofcmds)) = (field(16), field(20)) else {
            return Err(MachError::Truncated {
                what: "Mach-O header",
                offset: 0,
                len: bytes.len(),
            });
        };
        if bytes.len() < header_len {
            return Err(MachError::Truncated {
                what: "Mach-O header",
                offset: 0,
                len: bytes.len(),
            });
        }
        if ncmds > MAX_LOAD_COMMANDS {
            return Err(MachError::TooManyLoadCommands {
                count: ncmds,
                limit: MAX_LOAD_COMMANDS,
            });
        }
        if header_len as u64 + u64::from(sizeofcmds) > bytes.len() as u64 {
            return Err(MachError::LoadCommandsPastEnd {
                offset: header_len,
                size: sizeofcmds,
                len: bytes.len(),
            });
        }
        precheck_segments(bytes, header_len, ncmds, is_64, le)?;
        let mut image = Image::default();
        let macho = match MachO::parse(bytes, 0) {
            Ok(m) => m,
            Err(strict) => {
                // Lossy mode skips a symbol table or segment that lies past the end; keep what
                // remains and say what was lost.
                let m = MachO::parse_lossy(bytes, 0).map_err(|e| MachError::Malformed {
                    what: "load commands",
                    offset: header_len,
                    message: e.to_string(),
                })?;
                image.problems.push(MachError::Malformed {
                    what: "image",
                    offset: 0,
                    message: format!("read partly: {strict}"),
                });
                m
            }
        };
        image.cputype = macho.header.cputype;
        image.cpusubtype = macho.header.cpusubtype;
        image.filetype = macho.header.filetype;
        image.is_64 = macho.is_64;
        image.read_load_commands(bytes, &macho);
        let sections = sections(bytes, &macho, &mut image.problems);
        let resolver = Resolver::new(&sections, &macho, image.is_64, le);
        image.read_symbols(bytes, &macho);
        image.read_objc(&sections, &resolver);
        image.read_strings(bytes, &macho, &sections, &resolver);
        if let Some(filter) = calls.filter(|f| !f.is_empty())
            && image.cputype == CPU_TYPE_ARM64
            && le
            // Executables (apps and their extensions) and loadable bundles: the app's own code.
            && matches!(image.filetype, 0x2 | 0x8)
            && let Some(map) = super::code_map::build(bytes, &macho, &sections, &resolver)
        {
            let walk = crate::apple::calls::walk(&map, filter);
            image.code_walked = true;
            if walk.skipped_bytes > 0 {
                image.problems.push(MachError::CodeWalkLimit {
                    message: format!(
                        "{} of {} bytes of __text walked",
                        map.text.len() - walk.skipped_bytes,
                        map.text.len()
                    ),
                });
            }
            if walk.dropped_calls > 0 {
                image.problems.push(MachError::CodeWalkLimit {
                    message: format!(
                        "{} call sites kept, {} more dropped",
                        walk.calls.len(),
                        walk.dropped_calls
                    ),
                });
            }
            image.calls = walk.calls;
        }
        image.finish();
        Ok(image)
    }

    /// The architecture name (`arm64`, `x86_64`, `arm64e`, `armv7`).
    pub fn arch(&self) -> String {
        arch_name(self.cputype, self.cpusubtype)
    }

    pub fn is_object(&self) -> bool {
        self.filetype == MH_OBJECT
    }

    pub(super) fn read_load_commands(&mut self, bytes: &'a [u8], macho: &MachO<'a>) {
        for lc in &macho.load_commands {
            let dylib = |cmd: &goblin::mach::load_command::DylibCommand, kind| {
                let at = lc.offset.checked_add(cmd.dylib.name as usize)?;
                Some(Dylib {
                    install_name: c_str(bytes, at)?,
                    kind,
                    current_version: cmd.dylib.current_version,
                    compatibility_version: cmd.dylib.compatibility_version,
                })
            };
            let linked = match &lc.command {
                CommandVariant::LoadDylib(c) => dylib(c, LinkKind::Normal),
                CommandVariant::LoadWeakDylib(c) => dylib(c, LinkKind::Weak),
                CommandVariant::ReexportDylib(c) => dylib(c, LinkKind::Reexport),
                CommandVariant::LoadUpwardDylib(c) => dylib(c, LinkKind::Upward),
                CommandVariant::LazyLoadDylib(c) => dylib(c, LinkKind::Lazy),
                CommandVariant::IdDylib(c) => {
                    self.id = dylib(c, LinkKind::Normal);
                    None
                }
                CommandVariant::Rpath(c) => {
                    if let Some(path) = lc
                        .offset
                        .checked_add(c.path as usize)
                        .and_then(|at| c_str(bytes, at))
                    {
                        self.rpaths.push(path);
                    }
                    None
                }
                CommandVariant::BuildVersion(c) => {
                    self.platform = Some(c.platform);
                    self.min_os = Some(c.minos);
                    self.sdk = (c.sdk != 0).then_some(c.sdk);
                    None
                }
                CommandVariant::VersionMinIphoneos(c)
                | CommandVariant::VersionMinMacosx(c)
                | CommandVariant::VersionMinTvos(c)
                | CommandVariant::VersionMinWatchos(c) => {
                    // LC_BUILD_VERSION wins when both are present.
                    if self.platform.is_none() {
                        self.platform = Some(match lc.command {
                            CommandVariant::VersionMinMacosx(_) => 1,
                            CommandVariant::VersionMinTvos(_) => 3,
                            CommandVariant::VersionMinWatchos(_) => 4,
                            _ => 2,
                        });
                        self.min_os = Some(c.version);
                        self.sdk = (c.sdk != 0).then_some(c.sdk);
                    }
                    None
                }
                CommandVariant::CodeSignature(c) => {
                    self.code_signature = Some((c.dataoff, c.datasize));
                    None
                }
                _ => None,
            };
            if let Some(d) = linked {
                self.dylibs.push(d);
            }
        }
    }

    pub(super) fn read_symbols(&mut self, bytes: &'a [u8], macho: &MachO<'a>) {
        let symtab = macho.load_commands.iter().find_map(|lc| match &lc.command {
            CommandVariant::Symtab(c) => Some(*c),
            _ => None,
        });
        let Some(symtab) = symtab else { return };
        if symtab.nsyms > MAX_SYMBOLS {
            self.problems.push(MachError::TooManySymbols {
                count: symtab.nsyms,
                limit: MAX_SYMBOLS,
            });
            return;
        }
        let entry = if self.is_64 { 16u64 } else { 12 };
        if u64::from(symtab.symoff) + u64::from(symtab.nsyms) * entry > bytes.len() as u64 {
            self.problems.push(MachError::SymbolsPastEnd {
                offset: symtab.symoff,
                count: symtab.nsyms,
                len: bytes.len(),
            });
            return;
        }
        let mut classes = Vec::new();
        let table = symtab::SymbolTable::new(
            bytes,
            symtab.symoff,
            symtab.nsyms,
            symtab.stroff,
            self.is_64,
            macho.little_endian,
        );
        for (index, symbol) in table.iter().enumerate() {
            let (name, nlist) = match symbol {
                Ok(s) => s,
                Err(e) => {
                    self.problems.push(MachError::Malformed {
                        what: "symbol",
                        offset: symtab.symoff as usize + index * entry as usize,
                        message: e.to_string(),
                    });
                    break;
                }
            };
            if nlist.n_type & N_STAB != 0 || name.is_empty() {
                continue;
            }
            let undefined = nlist.n_type & N_TYPE == N_UNDF && nlist.n_value == 0;
            let external = nlist.n_type & N_EXT != 0;
            if undefined {
                if external {
                    self.imported_count += 1;
                    if self.imported_symbols.len() < MAX_KEPT_SYMBOLS {
                        self.imported_symbols.push(name);
                    }
                }
            } else if external && nlist.n_type & N_PEXT == 0 {
                self.exported_count += 1;
                if self.exported_symbols.len() < MAX_KEPT_SYMBOLS {
                    self.exported_symbols.push(name);
                }
            }
            if let Some(class) = name.strip_prefix("_OBJC_CLASS_$_")
                && !class.is_empty()
            {
                classes.push(ObjcClass {
                    name: class,
                    defined: !undefined,
                    source: ClassSource::Symbol,
                });
            } else if let Some((module, ty)) = demangle_swift_symbol(name) {
                self.swift_types.push(SwiftType {
                    module,
                    name: ty,
                    defined: !undefined,
                });
            }
        }
        self.objc_classes.extend(classes);
        self.read_bound_imports(bytes, macho);
    }

    /// Stripped images keep the names of what they import in their bind opcodes (`LC_DYLD_INFO`)
    /// even when the symbol table has lost them: add those not already seen. (goblin's
    /// `MachO::imports` indexes its tables with unchecked ordinals from the opcodes and panics on
    /// a bad one, so the opcodes are walked here, for the names only.)
    pub(super) fn read_bound_imports(&mut self, bytes: &'a [u8], macho: &MachO<'a>) {
        let Some(info) = macho.load_commands.iter().find_map(|lc| match &lc.command {
            CommandVariant::DyldInfo(c) | CommandVariant::DyldInfoOnly(c) => Some(*c),
            _ => None,
        }) else {
            return;
        };
        let mut seen: std::collections::HashSet<&str> =
            self.imported_symbols.iter().copied().collect();
        let mut added: Vec<&'a str> = Vec::new();
        for (off, size) in [
            (info.bind_off, info.bind_size),
            (info.weak_bind_off, info.weak_bind_size),
            (info.lazy_bind_off, info.lazy_bind_size),
        ] {
            let Some(opcodes) = (off as usize)
                .checked_add(size as usize)
                .and_then(|end| bytes.get(off as usize..end))
            else {
                if size != 0 {
                    self.problems.push(MachError::Malformed {
                        what: "bind opcodes",
                        offset: off as usize,
                        message: format!("{size} bytes run past the end of the image"),
                    });
                }
                continue;
            };
            for name in bind_symbol_names(opcodes) {
                if seen.insert(name) {
                    added.push(name);
                }
            }
        }
        for name in &added {
            if let Some(class) = name.strip_prefix("_OBJC_CLASS_$_")
                && !class.is_empty()
            {
                self.objc_classes.push(ObjcClass {
                    name: class,
                    defined: false,
                    source: ClassSource::Symbol,
                });
            }
        }
        self.imported_count += added.len();
        let room = MAX_KEPT_SYMBOLS.saturating_sub(self.imported_symbols.len());
        self.imported_symbols.extend(added.into_iter().take(room));
    }

    pub(super) fn read_objc(&mut self, sections: &[Sect<'a>], resolver: &Resolver<'_, 'a>) {
        let ptr = if self.is_64 { 8 } else { 4 };
        for sect in sections.iter().filter(|s| s.is("__objc_methname")) {
            self.selectors
                .extend(split_c_strings(sect.data).map(|(_, s)| s));
        }
        if !self.is_object() {
            for sect in sections.iter().filter(|s| s.is("__objc_selrefs")) {
                for chunk in sect.data.chunks_exact(ptr) {
                    if let Some(name) = resolver.c_string_at(resolver.read_ptr(chunk)) {
                        self.selectors.push(name);
                    }
                }
            }
        }
        let mut from_list = 0usize;
        let mut list_entries = 0usize;
        if !self.is_object() {
            for sect in sections.iter().filter(|s| s.is("__objc_classlist")) {
                for chunk in sect.data.chunks_exact(ptr) {
                    list_entries += 1;
                    if let Some((name, methods)) = resolver.class_info(resolver.read_ptr(chunk)) {
                        from_list += 1;
                        self.selectors.extend(methods);
                        self.objc_classes.push(ObjcClass {
                            name,
                            defined: true,
                            source: ClassSource::ClassList,
                        });
                    }
                }
            }
        }
        // A class list whose pointers resolve nowhere (an unknown encoding): fall back to the
        // class name strings. Objects need no fallback: their symbol table always names the
        // classes they define (the linker resolves references through it), and their
        // `__objc_classname` holds category and protocol names besides.
        if list_entries > 0 && from_list == 0 {
            for sect in sections.iter().filter(|s| s.is("__objc_classname")) {
                self.objc_classes
                    .extend(split_c_strings(sect.data).map(|(_, name)| ObjcClass {
                        name,
                        defined: true,
                        source: ClassSource::ClassName,
                    }));
            }
        }
        for sect in sections.iter().filter(|s| s.is("__swift5_typeref")) {
            for name in swift_typerefs(sect.data) {
                if let Some((module, ty)) = demangle_nominal(&name) {
                    self.swift_types.push(SwiftType {
                        module,
                        name: ty,
                        defined: false,
                    });
                }
            }
        }
    }

    pub(super) fn read_strings(
        &mut self,
        bytes: &'a [u8],
        macho: &MachO<'a>,
        sections: &[Sect<'a>],
        resolver: &Resolver<'_, 'a>,
    ) {
        for sect in sections {
            let label = match (sect.segname, sect.name) {
                (_, "__cstring") => "__cstring",
                (_, "__swift5_reflstr") => "__swift5_reflstr",
                _ => continue,
            };
            self.strings.extend(
                split_c_strings(sect.data).map(|(offset, value)| SectionString {
                    section: label,
                    offset: offset as u64,
                    value: Cow::Borrowed(value),
                }),
            );
        }
        let (record, ptr) = if self.is_64 { (32, 8) } else { (16, 4) };
        let object = self.filetype == MH_OBJECT;
        for sect in sections.iter().filter(|s| s.is("__cfstring")) {
            // In a relocatable object the character pointer is a relocation: its target is a
            // symbol's address plus the stored addend, or (section-relative) the stored address.
            // A record no relocation covers is left unresolved rather than read at its stored
            // value (often 0, the start of some section).
            let relocated = object.then(|| relocations(sect.relocs, resolver.le));
            for (index, rec) in sect.data.chunks_exact(record).enumerate() {
                let flags = resolver.read_u32(&rec[ptr..ptr + 4]);
                let stored = resolver.read_ptr(&rec[2 * ptr..3 * ptr]);
                let target = match &relocated {
                    None => stored,
                    Some(relocs) => {
                        let at = (index * record + 2 * ptr) as u32;
                        match relocs.get(&at) {
                            Some(Reloc::Symbol(sym)) => {
                                let Some(symbol) = symbol_value(bytes, macho, *sym) else {
                                    continue;
                                };
                                symbol.wrapping_add(stored)
                            }
                            Some(Reloc::Section) => stored,
                            None => continue,
                        }
                    }
                };
                let length = resolver.read_ptr(&rec[3 * ptr..4 * ptr]);
                if let Some(value) = resolver.cf_string(target, length, flags) {
                    self.cfstrings.push(SectionString {
                        section: "__cfstring",
                        offset: index as u64,
                        value,
                    });
                }
            }
        }
    }

    pub(super) fn finish(&mut self) {
        // A Swift class seen only by its Objective-C runtime name is a Swift type of its module.
        for class in &self.objc_classes {
            if let Some((module, name)) = objc_runtime_swift_class(class.name) {
                self.swift_types.push(SwiftType {
                    module,
                    name: Some(name),
                    defined: class.defined,
                });
            }
        }
        self.objc_classes.sort_by(|a, b| {
            a.name
                .cmp(b.name)
                .then(b.defined.cmp(&a.defined))
                .then(a.source.cmp(&b.source))
        });
        self.objc_classes
            .dedup_by(|later, first| later.name == first.name);
        self.selectors.sort_unstable();
        self.selectors.dedup();
        self.swift_types.sort_by(|a, b| {
            (&a.module, &a.name)
                .cmp(&(&b.module, &b.name))
                .then(b.defined.cmp(&a.defined))
        });
        self.swift_types
            .dedup_by(|later, first| later.module == first.module && later.name == first.name);
    }
}

/// What goblin assumes without checking: a `__TEXT` segment mapped at or above its file offset
/// (it subtracts one from the other to place `LC_MAIN`'s entry point, which overflows otherwise).
pub(super) fn precheck_segments(
    bytes: &[u8],
    header_len: usize,
    ncmds: u32,
    is_64: bool,
    le: bool,
) -> Result<(), MachError> {
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let u64_at = |at: usize| -> Option<u64> {
        let b: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
        Some(if le {
            u64::from_le_bytes(b)
        } else {
            u64::from_be_bytes(b)
        })
    };
    let mut at = header_len;
    for _ in 0..ncmds {
        let (Some(cmd), Some(size)) = (u32_at(at), u32_at(at + 4)) else {
            return Ok(()); // goblin reports the truncation
        };
        let segment = match (cmd, is_64) {
            (0x19, true) => u64_at(at + 24).zip(u64_at(at + 40)),
            (0x1, false) => u32_at(at + 24)
                .zip(u32_at(at + 32))
                .map(|(v, f)| (u64::from(v), u64::from(f))),
            _ => None,
        };
        if let Some((vmaddr, fileoff)) = segment
            && bytes.get(at + 8..at + 15) == Some(b"__TEXT\0")
            && vmaddr < fileoff
        {
            return Err(MachError::Malformed {
                what: "__TEXT segment",
                offset: at,
                message: format!("mapped at {vmaddr:#x}, below its file offset {fileoff:#x}"),
            });
        }
        if size < 8 {
            return Ok(());
        }
        at = at.saturating_add(size as usize);
    }
    Ok(())
}

/// Every section of the image with its bytes; a section whose bytes lie past the end is a problem
/// and is left out.
pub(super) fn sections<'a>(
    bytes: &'a [u8],
    macho: &MachO<'a>,
    problems: &mut Vec<MachError>,
) -> Vec<Sect<'a>> {
    let mut out = Vec::new();
    let mut ordinal = 0usize;
    let (command_len, header_len) = if macho.is_64 {
        (72u64, 80u64)
    } else {
        (56, 68)
    };
    for segment in macho.segments.iter() {
        // The section headers follow the segment command inside its cmdsize: a count that does
        // not fit is not iterated (goblin would read on through the file).
        let room = u64::from(segment.cmdsize).saturating_sub(command_len) / header_len;
        if u64::from(segment.nsects) > room {
            problems.push(MachError::Malformed {
                what: "segment",
                offset: 0,
                message: format!(
                    "{} claims {} sections, more than its load command holds ({room})",
                    fixed_name(&segment.segname),
                    segment.nsects
                ),
            });
            ordinal += segment.nsects as usize;
            continue;
        }
        for section in segment {
            ordinal += 1;
            let Ok((section, _)) = section else {
                problems.push(MachError::Malformed {
                    what: "section header",
                    offset: 0,
                    message: format!("in segment {} is unreadable", fixed_name(&segment.segname)),
                });
                break;
            };
            let kind = section.flags & 0xff;
            let zerofill = matches!(kind, S_ZEROFILL | S_GB_ZEROFILL | S_THREAD_LOCAL_ZEROFILL);
            let start = section.offset as usize;
            let data = if zerofill {
                &[][..]
            } else {
                match usize::try_from(section.size)
                    .ok()
                    .and_then(|size| bytes.get(start..start.checked_add(size)?))
                {
                    Some(d) => d,
                    None => {
                        problems.push(MachError::Malformed {
                            what: "section",
                            offset: start,
                            message: format!(
                                "{},{} ({} bytes) runs past the end of the image ({} bytes)",
                                fixed_name(&section.segname),
                                fixed_name(&section.sectname),
                                section.size,
                                bytes.len()
                            ),
                        });
                        continue;
                    }
                }
            };
            let relocs = (section.reloff as usize)
                .checked_add(section.nreloc as usize * 8)
                .and_then(|end| bytes.get(section.reloff as usize..end))
                .unwrap_or(&[]);
            out.push(Sect {
                segname: fixed_name_ref(bytes, &section.segname),
                name: fixed_name_ref(bytes, &section.sectname),
                addr: section.addr,
                size: section.size,
                kind,
                data,
                ordinal,
                relocs,
            });
        }
    }
    out
}

/// What a relocation entry of an object file points a field at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reloc {
    /// `r_extern`: the symbol of that index (its address plus the stored addend).
    Symbol(u32),
    /// A section-relative entry: the stored value is the target's address.
    Section,
}

/// The non-scattered relocation entries of a section by `r_address`. Only little-endian
/// images are read (every iOS architecture); scattered entries (32-bit targets), whose fields
/// hold the target's address, are left to the stored value.
fn relocations(entries: &[u8], le: bool) -> std::collections::HashMap<u32, Reloc> {
    let mut out = std::collections::HashMap::new();
    if !le {
        return out;
    }
    for entry in entries.chunks_exact(8) {
        let address = u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
        let info = u32::from_le_bytes([entry[4], entry[5], entry[6], entry[7]]);
        if address & 0x8000_0000 != 0 {
            continue; // R_SCATTERED
        }
        let reloc = if info & (1 << 27) != 0 {
            Reloc::Symbol(info & 0x00ff_ffff)
        } else {
            Reloc::Section
        };
        out.entry(address).or_insert(reloc);
    }
    out
}

/// `n_value` of symbol `index` of the image's `LC_SYMTAB`, if the table holds it.
fn symbol_value(bytes: &[u8], macho: &MachO<'_>, index: u32) -> Option<u64> {
    let symtab = macho
        .load_commands
        .iter()
        .find_map(|lc| match &lc.command {
            CommandVariant::Symtab(c) => Some(*c),
            _ => None,
        })?;
    if index >= symtab.nsyms {
        return None;
    }
    symtab::nlist_at(
        bytes,
        symtab.symoff,
        index,
        macho.is_64,
        macho.little_endian,
    )
    .map(|n| n.n_value)
}

/// Section and segment names are 16-byte fields; the known ones map to `'static` strings, others
/// are lost (they are not used).
pub(super) fn fixed_name_ref<'a>(_bytes: &'a [u8], raw: &[u8; 16]) -> &'a str {
    pub(super) const KNOWN: &[&str] = &[
        "__TEXT",
        "__DATA",
        "__text",
        "__stubs",
        "__auth_stubs",
        "__objc_stubs",
        "__got",
        "__auth_got",
        "__la_symbol_ptr",
        "__DATA_CONST",
        "__DATA_DIRTY",
        "__cstring",
        "__objc_classname",
        "__objc_methname",
        "__objc_methtype",
        "__objc_selrefs",
        "__objc_classlist",
        "__objc_classrefs",
        "__objc_const",
        "__objc_data",
        "__cfstring",
        "__ustring",
        "__swift5_typeref",
        "__swift5_reflstr",
    ];
    let name = fixed_name(raw);
    KNOWN.iter().find(|k| **k == name).copied().unwrap_or("")
}

pub(super) fn fixed_name(raw: &[u8; 16]) -> String {
    let end = raw.iter().position(|&b| b == 0).unwrap_or(16);
    String::from_utf8_lossy(&raw[..end]).into_owned()
}

/// The NUL-terminated UTF-8 strings of a C-string section with their offsets; empty strings and
/// invalid UTF-8 are skipped.
pub(super) fn split_c_strings(data: &[u8]) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0usize;
    data.split(|&b| b == 0).filter_map(move |chunk| {
        let at = offset;
        offset += chunk.len() + 1;
        if chunk.is_empty() {
            return None;
        }
        std::str::from_utf8(chunk).ok().map(|s| (at, s))
    })
}

/// A NUL-terminated UTF-8 string at `at`.
pub(super) fn c_str(bytes: &[u8], at: usize) -> Option<&str> {
    let data = bytes.get(at..)?;
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    std::str::from_utf8(&data[..end]).ok()
}

/// `arm64`, `x86_64`, `arm64e`, … or `cputype 0x… subtype 0x…` for unknown pairs.
pub fn arch_name(cputype: u32, cpusubtype: u32) -> String {
    let subtype = cpusubtype & 0x00ff_ffff;
    get_arch_name_from_types(cputype, subtype)
        .map(str::to_string)
        .unwrap_or_else(|| format!("cputype {cputype:#x} subtype {subtype:#x}"))
}

/// The platform name of an `LC_BUILD_VERSION` platform number (`<mach-o/loader.h>` `PLATFORM_*`).
pub fn platform_name(platform: u32) -> Cow<'static, str> {
    Cow::Borrowed(match platform {
        1 => "macos",
        2 => "ios",
        3 => "tvos",
        4 => "watchos",
        5 => "bridgeos",
        6 => "mac-catalyst",
        7 => "ios-simulator",
        8 => "tvos-simulator",
        9 => "watchos-simulator",
        10 => "driverkit",
        11 => "visionos",
        12 => "visionos-simulator",
        n => return Cow::Owned(format!("platform {n}")),
    })
}

/// A dylib version, `xxxx.yy.zz` packed in nibbles → `6.9.0`.
pub fn dylib_version(v: u32) -> String {
    format!("{}.{}.{}", v >> 16, (v >> 8) & 0xff, v & 0xff)
}

/// An OS version, `xxxx.yy.zz` packed in nibbles → `14.0` or `14.0.1`.
pub fn version_string(v: u32) -> String {
    let (major, minor, patch) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
    if patch == 0 {
        format!("{major}.{minor}")
    } else {
        format!("{major}.{minor}.{patch}")
    }
}
