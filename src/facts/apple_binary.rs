//! Mach-O facts: one [`AppleBinary`] per image analysed (a thin file, a fat slice, or an object
//! inside a static archive), filled by `extract::macho::extract_binary`.
//!
//! Names are kept as the image spells them; lists are sorted so that matchers can binary-search
//! them. The C strings and CFString literals of an image go to `Facts::strings`, not here.

use serde::Serialize;

use super::Location;

/// What kind of Mach-O file an image is (`filetype` in its header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BinaryKind {
    /// `MH_EXECUTABLE`: an app or extension's main executable.
    Executable,
    /// `MH_DYLIB`: a dynamic library or framework binary.
    Dylib,
    /// `MH_BUNDLE`: a loadable bundle.
    Bundle,
    /// `MH_OBJECT`: an object file, as static libraries hold them.
    Object,
    /// Any other file type (`MH_DYLINKER`, `MH_KEXT_BUNDLE`, …).
    Other,
}

impl BinaryKind {
    pub fn from_filetype(filetype: u32) -> Self {
        match filetype {
            0x1 => BinaryKind::Object,
            0x2 => BinaryKind::Executable,
            0x6 => BinaryKind::Dylib,
            0x8 => BinaryKind::Bundle,
            _ => BinaryKind::Other,
        }
    }
}

/// How a library is linked (the load command that names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// `LC_LOAD_DYLIB`.
    Normal,
    /// `LC_LOAD_WEAK_DYLIB`: the image still runs when the library is missing.
    Weak,
    /// `LC_REEXPORT_DYLIB`.
    Reexport,
    /// `LC_LOAD_UPWARD_DYLIB`.
    Upward,
    /// `LC_LAZY_LOAD_DYLIB`.
    Lazy,
}

/// A library the image links (`@rpath/AppsFlyerLib.framework/AppsFlyerLib`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedLibrary {
    pub install_name: String,
    pub kind: LinkKind,
    /// `6.9.0`, as the load command records the version linked against.
    pub current_version: String,
    pub location: Location,
}

impl LinkedLibrary {
    pub fn weak(&self) -> bool {
        self.kind == LinkKind::Weak
    }

    /// The framework name when the install name is `…/X.framework/X` or
    /// `…/X.framework/Versions/A/X`: `AppsFlyerLib`.
    pub fn framework(&self) -> Option<&str> {
        framework_of(&self.install_name)
    }
}

/// The framework name of an install name (`@rpath/X.framework/X` → `X`).
pub fn framework_of(install_name: &str) -> Option<&str> {
    let mut parts = install_name.rsplit('/');
    let binary = parts.next()?;
    for dir in parts {
        if let Some(name) = dir.strip_suffix(".framework") {
            return (name == binary).then_some(name);
        }
    }
    None
}

/// An image's own identity (`LC_ID_DYLIB`): what other images link it as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DylibId {
    pub install_name: String,
    pub current_version: String,
    pub compatibility_version: String,
}

/// How an Objective-C class name was found (see `apple::macho`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClassSource {
    /// An `_OBJC_CLASS_$_X` symbol.
    Symbol,
    /// `__objc_classlist` → `class_ro_t` → name.
    ClassList,
    /// A `__objc_classname` string (may also be a protocol or category name).
    ClassName,
}

/// An Objective-C class the image implements (`defined`) or only uses (imported
/// `_OBJC_CLASS_$_X`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjcClass {
    pub name: String,
    pub defined: bool,
    pub source: ClassSource,
    pub location: Location,
}

/// A Swift type (or only its module) named by a mangled symbol or a `__swift5_typeref` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SwiftType {
    pub module: String,
    pub name: Option<String>,
    /// Named by a symbol defined in this image.
    pub defined: bool,
    pub location: Location,
}

/// A byte range of the file the facts were read from (absolute: a fat slice's offset included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ByteRange {
    pub offset: u64,
    pub size: u64,
}

/// The image's symbol table, summarised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SymbolSummary {
    /// Undefined external symbols (resolved from other images): how many.
    pub imported_count: usize,
    /// Defined external, non-private symbols: how many.
    pub exported_count: usize,
    /// Sorted; at most `apple::macho::MAX_KEPT_SYMBOLS` (the first ones in the table).
    pub imported: Vec<String>,
    /// Sorted; at most `apple::macho::MAX_KEPT_SYMBOLS`.
    pub exported: Vec<String>,
}

/// One Mach-O image (a slice of it) with what it reveals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppleBinary {
    /// Path inside the bundle (`Payload/Shop.app/Frameworks/AppsFlyerLib.framework/AppsFlyerLib`).
    pub path: String,
    /// The static-archive member (`ADJConfig.o`), for objects inside a `.a`.
    pub member: Option<String>,
    /// `arm64`, `x86_64`, `arm64e`, `armv7`, …
    pub arch: String,
    pub kind: BinaryKind,
    /// Where the image lies in the file (a whole thin file: offset 0).
    pub image: ByteRange,
    /// `ios`, `ios-simulator`, `macos`, … from `LC_BUILD_VERSION` or `LC_VERSION_MIN_*`.
    pub platform: Option<String>,
    pub min_os: Option<String>,
    pub sdk: Option<String>,
    pub id: Option<DylibId>,
    /// In load-command order.
    pub linked_libraries: Vec<LinkedLibrary>,
    pub rpaths: Vec<String>,
    /// Sorted by name, one per name (defined wins over imported).
    pub objc_classes: Vec<ObjcClass>,
    /// Objective-C selectors the image implements or sends, sorted and unique
    /// (`requestTrackingAuthorizationWithCompletionHandler:`).
    pub selectors: Vec<String>,
    /// Sorted by module and name.
    pub swift_types: Vec<SwiftType>,
    pub symbols: SymbolSummary,
    /// The code signature (`LC_CODE_SIGNATURE`) bytes, absolute in the file: the superblob with the
    /// CodeDirectory, requirements and entitlements.
    pub code_signature: Option<ByteRange>,
    /// Whether its arm64 code was walked for call sites (`Facts::call_sites`): the app's own
    /// executables and extensions are; frameworks, other slices and objects are not.
    pub calls_walked: bool,
    /// File and `arch[ member]` locator of the image itself.
    pub location: Location,
}

impl AppleBinary {
    /// An arm64 iOS executable at `path` in which nothing has been found yet: the start of a
    /// hand-built binary for rules and inventory tests.
    pub fn arm64_executable(path: &str) -> AppleBinary {
        AppleBinary {
            path: path.into(),
            member: None,
            arch: "arm64".into(),
            kind: BinaryKind::Executable,
            image: ByteRange { offset: 0, size: 0 },
            platform: Some("ios".into()),
            min_os: None,
            sdk: None,
            id: None,
            linked_libraries: Vec::new(),
            rpaths: Vec::new(),
            objc_classes: Vec::new(),
            selectors: Vec::new(),
            swift_types: Vec::new(),
            symbols: SymbolSummary::default(),
            code_signature: None,
            calls_walked: false,
            location: Location::new(path, "arm64"),
        }
    }

    /// A location inside this image: `arm64 ADJConfig.o: objc class ADJConfig`.
    pub fn locate(&self, what: impl std::fmt::Display) -> Location {
        Location::new(&self.path, format!("{}: {what}", self.location.locator))
    }

    /// Whether the image implements or sends the selector `name`.
    pub fn has_selector(&self, name: &str) -> bool {
        self.selectors
            .binary_search_by(|s| s.as_str().cmp(name))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_names_from_install_names() {
        assert_eq!(
            framework_of("@rpath/AppsFlyerLib.framework/AppsFlyerLib"),
            Some("AppsFlyerLib")
        );
        assert_eq!(
            framework_of("/System/Library/Frameworks/AdSupport.framework/Versions/A/AdSupport"),
            Some("AdSupport")
        );
        assert_eq!(framework_of("/usr/lib/libobjc.A.dylib"), None);
        assert_eq!(framework_of("@rpath/X.framework/Y"), None);
        assert_eq!(framework_of("AppsFlyerLib"), None);
    }
}
