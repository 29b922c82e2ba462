//! Android formats: binary and text XML, the typed manifest, DEX.

pub mod aab_proto;
pub mod arsc;
pub mod axml;
pub mod class_file;
pub mod dex;
pub mod jvm_code;
pub mod library_files;
pub mod manifest;
pub mod permissions;
pub mod res_value;
pub mod signing;
pub mod string_pool;
pub mod text_xml;
pub mod xml;
