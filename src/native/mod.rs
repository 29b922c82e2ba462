//! Native and cross-platform code: ELF shared libraries (`lib/<abi>/*.so`), React Native bundles
//! (plain JavaScript or Hermes bytecode), and the printable strings inside them.
//!
//! Each parser reads a borrowed `&[u8]`, checks every count and offset against the bytes it has
//! before using it, and returns a typed error naming the offset; none of them allocates from a
//! count it has not checked, and none executes anything.
//!
//! - [`elf`]: shared libraries through goblin (needed libraries, soname, dynamic symbols, strings
//!   of read-only data). Flutter's `libapp.so` is such a library and is read the same way.
//! - [`hermes`]: the string table of Hermes bytecode (`index.android.bundle` compiled by hermesc).
//! - [`js`]: string literals and tracking-style calls of plain JavaScript, by a small tokenizer.
//! - [`strings`]: printable runs (ASCII and UTF-8) in binary data.
//!
//! Not read (no real file could be produced or obtained to test against): Unity's
//! `global-metadata.dat` string literal table.

pub mod elf;
pub mod hermes;
pub mod js;
pub mod strings;
