//! Mach-O: thin images, fat (universal) binaries and static archives, read through goblin.
//!
//! # The format
//! A Mach-O image is a header, `ncmds` load commands and the segments they describe (Apple's
//! `<mach-o/loader.h>`, `<mach-o/nlist.h>` and `<mach-o/fat.h>` in the open-source cctools and
//! dyld trees are the authoritative description). A fat binary is a big-endian header
//! (`0xcafebabe`, or `0xcafebabf` with 64-bit offsets) followed by one `fat_arch` record per slice;
//! each slice is a Mach-O image or, for a static library, an `ar` archive (`!<arch>\n`, BSD
//! variant with `#1/NN` long names and a `__.SYMDEF` index) of Mach-O object files.
//! Objective-C metadata follows the modern runtime's layout (`objc4`'s `objc-runtime-new.h`:
//! `class_t` → `class_ro_t` → `name`); Swift names follow the Swift ABI's mangling document
//! (`docs/ABI/Mangling.rst` in the Swift repository).
//!
//! # What is read
//! [`images`] walks the container (fat → slices, archive → members) and returns one [`Unit`] per
//! Mach-O image; [`Image::parse`] reads one image: CPU type, file type, load commands (dylibs with
//! their link kind, rpaths, `LC_ID_DYLIB`, `LC_BUILD_VERSION` / `LC_VERSION_MIN_*`,
//! `LC_CODE_SIGNATURE`), the symbol table (imported and exported symbols, `_OBJC_CLASS_$_X`,
//! Swift symbols), Objective-C classes and selectors, Swift type names, C strings (`__cstring`)
//! and CFString literals (`__cfstring`).
//!
//! # Producer quirks tolerated
//! - **Objective-C classes.** Linked images list their classes in `__objc_classlist`; each entry
//!   is a pointer to a `class_t`, whose `data` points to a `class_ro_t` holding the name pointer.
//!   Those pointers are stored the way the linker wrote them: plain unslid addresses (ld64 before
//!   chained fixups, ld64.lld 14), or *chained-fixup* rebases (ld64 for iOS 13.4+ targets:
//!   `DYLD_CHAINED_PTR_64` with a 36-bit target, `DYLD_CHAINED_PTR_64_OFFSET` with an offset from
//!   the image base, arm64e with 43-bit or 32-bit targets). Rather than interpret
//!   `LC_DYLD_CHAINED_FIXUPS`, a pointer is decoded by trying each encoding in turn and keeping the
//!   first that lands inside a section of the right kind (`class_t` in a data section, the name in
//!   a C-string section). When no class resolves that way (relocatable objects, whose pointers are
//!   relocations; unknown encodings), the class names come from the `__objc_classname` C strings
//!   instead, which also hold protocol and category names: [`ClassSource`] says which way each
//!   class was found. Classes named by symbols (`_OBJC_CLASS_$_X`, kept in objects and unstripped
//!   images) are always exact.
//! - **Selectors.** ld64 keeps `__objc_methname`; ld64.lld 14 merges it into `__cstring`. So
//!   selectors come from `__objc_methname` where present, and in linked images also from the
//!   `__objc_selrefs` pointers (decoded as above).
//! - **CFStrings.** `__cfstring` records point to their characters; the pointer is decoded as above
//!   and must land in a C-string (`__cstring`) or `__ustring` section. In relocatable objects (the
//!   members of a static library) the pointer is a relocation: an external one (clang's arm64 and
//!   x86_64 output, to a local `l_.str` symbol, stored pointer 0) targets the symbol's address plus
//!   the stored addend, a section-relative one the stored address. A record no relocation covers
//!   stays unresolved (its characters are still in `__cstring`) instead of being read at its
//!   stored value, which read 16 bytes from the start of some section.
//! - **Archive members** that are not Mach-O (LLVM bitcode from `-embed-bitcode` builds, stray
//!   text files) are reported as units with an error and skipped.
//!
//! # Limits
//! Checked before anything is allocated from the count they guard: [`MAX_ARCHS`] slices,
//! [`MAX_LOAD_COMMANDS`] load commands, [`MAX_SYMBOLS`] symbols, [`MAX_ARCHIVE_MEMBERS`] archive
//! members; at most [`MAX_KEPT_SYMBOLS`] imported and exported symbol names are kept per image
//! (all are counted). A slice that overlaps another or runs past the end of the file, and an
//! archive member that runs past the end of its archive, is an error for that unit only.
//!
//! # Why goblin
//! goblin parses Mach-O headers, load commands, segments, nlist symbol tables and `ar` archives
//! over borrowed bytes with bounds-checked reads, and is fuzzed. What it does not do is done here:
//! fat headers are walked by hand (goblin's `MultiArch` neither reads `0xcafebabf` nor checks
//! overlaps, and it silently returns an empty slice for one past the end), as are the
//! Objective-C, Swift and CFString structures, which goblin does not model.

use std::borrow::Cow;
use std::ops::Range;

use goblin::archive::Archive;
use goblin::mach::MachO;
use goblin::mach::constants::cputype::get_arch_name_from_types;
use goblin::mach::load_command::CommandVariant;

/// At most this many slices in a fat binary (real ones have 1–4; Apple's tools cap at a few more).
pub const MAX_ARCHS: u32 = 16;
/// At most this many load commands in one image (large apps have about a hundred).
pub const MAX_LOAD_COMMANDS: u32 = 16_384;
/// At most this many symbol-table entries in one image.
pub const MAX_SYMBOLS: u32 = 8_000_000;
/// At most this many members in one static archive (large vendor archives have a few thousand).
pub const MAX_ARCHIVE_MEMBERS: usize = 100_000;
/// At most this many imported and this many exported symbol names are kept per image.
pub const MAX_KEPT_SYMBOLS: usize = 10_000;

const FAT_MAGIC: u32 = 0xcafe_babe;
const FAT_MAGIC_64: u32 = 0xcafe_babf;
const MH_MAGIC: u32 = 0xfeed_face;
const MH_CIGAM: u32 = 0xcefa_edfe;
const MH_MAGIC_64: u32 = 0xfeed_facf;
const MH_CIGAM_64: u32 = 0xcffa_edfe;
/// The magic of a Unix `ar` archive (static library).
pub const AR_MAGIC: &[u8] = b"!<arch>\n";
const AR_HEADER_LEN: usize = 60;

const CPU_TYPE_ARM64: u32 = 0x0100_000c;
const CPU_SUBTYPE_ARM64E: u32 = 2;
const MH_OBJECT: u32 = 0x1;

const N_STAB: u8 = 0xe0;
const N_PEXT: u8 = 0x10;
const N_TYPE: u8 = 0x0e;
const N_EXT: u8 = 0x01;
const N_UNDF: u8 = 0x0;

const S_ZEROFILL: u32 = 0x1;
const S_CSTRING_LITERALS: u32 = 0x2;
const S_GB_ZEROFILL: u32 = 0xc;
const S_THREAD_LOCAL_ZEROFILL: u32 = 0x12;

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// One Mach-O image.
    Thin,
    /// A fat (universal) binary.
    Fat,
    /// An `ar` archive (a thin static library).
    Archive,
}

/// Recognise a Mach-O image, a fat binary or an `ar` archive by its magic.
pub fn sniff(head: &[u8]) -> Option<Container> {
    if head.starts_with(AR_MAGIC) {
        return Some(Container::Archive);
    }
    let magic = u32::from_be_bytes(head.get(..4)?.try_into().ok()?);
    match magic {
        FAT_MAGIC | FAT_MAGIC_64 => Some(Container::Fat),
        MH_MAGIC | MH_CIGAM | MH_MAGIC_64 | MH_CIGAM_64 => Some(Container::Thin),
        _ => None,
    }
}

/// Why a file, a slice, an archive member or part of an image could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MachError {
    #[error("not a Mach-O file, fat binary or ar archive (first bytes {magic:#010x})")]
    BadMagic { magic: u32 },
    #[error("file ends at {len} bytes, inside the {what} at offset {offset:#x}")]
    Truncated {
        what: &'static str,
        offset: usize,
        len: usize,
    },
    #[error("fat header claims {count} architectures, more than the limit of {limit}")]
    TooManyArchs { count: u32, limit: u32 },
    #[error(
        "fat slice {index} ({arch}) at offset {offset:#x}, size {size}, runs past the end of the file ({len} bytes)"
    )]
    SlicePastEnd {
        index: usize,
        arch: String,
        offset: u64,
        size: u64,
        len: usize,
    },
    #[error("fat slice {index} ({arch}) at offset {offset:#x} overlaps slice {other}")]
    SliceOverlap {
        index: usize,
        arch: String,
        offset: u64,
        other: usize,
    },
    #[error("{count} load commands, more than the limit of {limit}")]
    TooManyLoadCommands { count: u32, limit: u32 },
    #[error(
        "load commands end past the end of the image (offset {offset:#x} + sizeofcmds {size} > {len} bytes)"
    )]
    LoadCommandsPastEnd {
        offset: usize,
        size: u32,
        len: usize,
    },
    #[error("symbol table claims {count} symbols, more than the limit of {limit}")]
    TooManySymbols { count: u32, limit: u32 },
    #[error(
        "symbol table at offset {offset:#x} ({count} symbols) ends past the end of the image ({len} bytes)"
    )]
    SymbolsPastEnd { offset: u32, count: u32, len: usize },
    #[error("archive holds more than {limit} members")]
    TooManyMembers { limit: usize },
    #[error(
        "archive member {name} at offset {offset:#x}, size {size}, runs past the end of the archive ({len} bytes)"
    )]
    MemberPastEnd {
        name: String,
        offset: usize,
        size: usize,
        len: usize,
    },
    #[error("archive member header at offset {offset:#x} is malformed: {reason}")]
    BadMemberHeader { offset: usize, reason: String },
    #[error("archive member {name} is {what}, not a Mach-O object: not analysed")]
    NotMachO { name: String, what: &'static str },
    #[error("code walk stopped at the limit: {message}")]
    CodeWalkLimit { message: String },
    #[error("{what} at offset {offset:#x}: {message}")]
    Malformed {
        what: &'static str,
        offset: usize,
        message: String,
    },
}

mod code_map;
mod container;
mod image;
mod objc;
mod swift;
mod symtab;

pub use container::*;
pub use image::*;
use objc::*;
use swift::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demangles_common_nominal_prefixes() {
        let d = |s| demangle_swift_symbol(s);
        assert_eq!(
            d("_$s14KochavaTracker0B0C6sharedACvpZ"),
            Some(("KochavaTracker".to_string(), None))
        );
        assert_eq!(
            d("$s12FBSDKCoreKit13AppEventsUtilC6sharedACvpZ"),
            Some((
                "FBSDKCoreKit".to_string(),
                Some("AppEventsUtil".to_string())
            ))
        );
        assert_eq!(
            d("_$s4main3FooC3BarV4bazzyyF"),
            Some(("main".to_string(), Some("Foo.Bar".to_string())))
        );
        assert_eq!(
            d("_$s8Singular6ConfigVMn"),
            Some(("Singular".to_string(), Some("Config".to_string())))
        );
        assert_eq!(
            d("_$sSo8NSObjectCMa"),
            Some(("__C".to_string(), Some("NSObject".to_string())))
        );
        assert_eq!(d("_$sSS"), None);
        assert_eq!(d("_OBJC_CLASS_$_Adjust"), None);
        assert_eq!(d("_$s"), None);
        assert_eq!(d("_$s99999999999999999999999x"), None);
    }

    #[test]
    fn objc_runtime_names_of_swift_classes() {
        let c = objc_runtime_swift_class;
        assert_eq!(
            c("_TtC9InMobiSDK5IMSdk"),
            Some(("InMobiSDK".to_string(), "IMSdk".to_string()))
        );
        for name in [
            "_TtCs12_SwiftObject",
            "_TtCC9InMobiSDK5IMSdk4Impl",
            "_TtC9InMobiSDK",
            "_TtC9InMobiSDK5IMSdkX",
            "_TtC99999999999999999999x",
            "IMSdk",
        ] {
            assert_eq!(c(name), None, "{name}");
        }
    }

    #[test]
    fn typerefs_skip_symbolic_references() {
        let data = b"12AppsFlyerLib6LoggerC\0\x01\x10\x00\x00\x00\0So8NSObjectC\0";
        assert_eq!(
            swift_typerefs(data),
            ["12AppsFlyerLib6LoggerC", "So8NSObjectC"]
        );
        assert_eq!(
            demangle_nominal("12AppsFlyerLib6LoggerC"),
            Some(("AppsFlyerLib".to_string(), Some("Logger".to_string())))
        );
    }

    #[test]
    fn versions_and_platforms() {
        assert_eq!(version_string(0x000e_0000), "14.0");
        assert_eq!(version_string(0x0006_0900), "6.9");
        assert_eq!(version_string(0x000e_0501), "14.5.1");
        assert_eq!(platform_name(2), "ios");
        assert_eq!(platform_name(7), "ios-simulator");
        assert_eq!(platform_name(99), "platform 99");
    }

    #[test]
    fn sniffs_containers() {
        assert_eq!(sniff(b"!<arch>\nxx"), Some(Container::Archive));
        assert_eq!(
            sniff(&[0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]),
            Some(Container::Fat)
        );
        assert_eq!(sniff(&[0xcf, 0xfa, 0xed, 0xfe]), Some(Container::Thin));
        assert_eq!(sniff(b"dex\n035\0"), None);
        assert_eq!(sniff(b"ab"), None);
    }
}
