//! Explicit resource limits for reading a bundle.
//!
//! A bundle is untrusted input: a zip bomb, a central directory that claims millions of entries or an
//! entry that inflates to gigabytes must end with a clear error, never exhaust memory. Every limit
//! here is checked *before* the memory it guards is allocated, and each can be raised on the command
//! line (`--max-entries`, `--max-entry-bytes`, `--max-total-bytes`, `--max-memory`,
//! `--max-inflate-ratio`).
//!
//! # The memory budget
//! [`Limits::max_memory`] caps the inflated entries alive at one time in one bundle: an entry's
//! declared size is charged before its buffer is allocated and given back when the bytes are
//! dropped, and an entry that inflates past what it declared is cut off at the budget. Stored
//! entries are read from the memory map and cost nothing. What the parsers build from the bytes
//! is bounded by each parser's own limits, all relative to its input: DEX and Hermes string
//! tables at 4 × the file ([`crate::android::dex::Dex::string_scan_budget`]), ELF strings from
//! disjoint regions only, ELF and Mach-O symbol names copied at most 4 × the file + 1 MiB, one
//! copy of each ARSC type name and of each resource value, Mach-O architectures at 16. Together
//! these keep every hostile input we know of (the 1 GiB zip bomb, DEX, Hermes and ARSC tables that
//! share one long string, ARSC type chunks that name one long type, ELF headers over one segment,
//! ELF and Mach-O symbol tables whose 10,000 entries name one 1 MiB string) under 256 MiB; the
//! generated cases are in `tests/memory_bounds.rs`.

/// Limits applied while opening and reading one bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most entries a zip may list in its central directory. Large real apps hold tens of
    /// thousands (a 2 GB game with its assets stays well under 200,000).
    pub max_entries: usize,
    /// Most bytes one entry may inflate to. The largest entries sdklint reads are DEX files
    /// (the format caps one at 4 GiB, real ones stay under 100 MB) and native libraries.
    pub max_entry_bytes: u64,
    /// Most bytes all entries read from one bundle may inflate to, added up.
    pub max_total_bytes: u64,
    /// Most bytes of inflated entries one bundle may hold in memory at once.
    pub max_memory: u64,
    /// Most bytes an entry larger than [`Limits::RATIO_CHECK_FLOOR`] may declare per compressed
    /// byte. Real DEX files, native libraries, manifests and scripts inflate 2–10 : 1; a zip bomb
    /// 1,000 : 1.
    pub max_inflate_ratio: u64,
}

impl Limits {
    /// 200,000 entries.
    pub const DEFAULT_MAX_ENTRIES: usize = 200_000;
    /// 1 GiB.
    pub const DEFAULT_MAX_ENTRY_BYTES: u64 = 1 << 30;
    /// 4 GiB: enough for every DEX and manifest of a 2 GB app, which compresses about 2:1.
    pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 4 << 30;
    /// 512 MiB: 2 × the largest real DEX or native library we have seen, with room for both
    /// cores to hold one each.
    pub const DEFAULT_MAX_MEMORY: u64 = 512 << 20;
    /// 100 : 1.
    pub const DEFAULT_MAX_INFLATE_RATIO: u64 = 100;
    /// Entries up to 16 MiB may inflate at any ratio (a small, very regular resource table is
    /// harmless); the ratio limit applies above it.
    pub const RATIO_CHECK_FLOOR: u64 = 16 << 20;
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: Self::DEFAULT_MAX_ENTRIES,
            max_entry_bytes: Self::DEFAULT_MAX_ENTRY_BYTES,
            max_total_bytes: Self::DEFAULT_MAX_TOTAL_BYTES,
            max_memory: Self::DEFAULT_MAX_MEMORY,
            max_inflate_ratio: Self::DEFAULT_MAX_INFLATE_RATIO,
        }
    }
}
