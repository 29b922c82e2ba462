//! Explicit resource limits for reading a bundle.
//!
//! A bundle is untrusted input: a zip bomb, a central directory that claims millions of entries or an
//! entry that inflates to gigabytes must end with a clear error, never exhaust memory. Every limit
//! here is checked *before* the memory it guards is allocated, and each can be raised on the command
//! line (`--max-entries`, `--max-entry-bytes`, `--max-total-bytes`).

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
}

impl Limits {
    /// 200,000 entries.
    pub const DEFAULT_MAX_ENTRIES: usize = 200_000;
    /// 1 GiB.
    pub const DEFAULT_MAX_ENTRY_BYTES: u64 = 1 << 30;
    /// 4 GiB: enough for every DEX and manifest of a 2 GB app, which compresses about 2:1.
    pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 4 << 30;
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: Self::DEFAULT_MAX_ENTRIES,
            max_entry_bytes: Self::DEFAULT_MAX_ENTRY_BYTES,
            max_total_bytes: Self::DEFAULT_MAX_TOTAL_BYTES,
        }
    }
}
