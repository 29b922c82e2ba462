//! An Android library's text files: `R.txt` (the symbol table AGP writes into every `.aar`:
//! `int <type> <name> <id>`, or `int[] styleable <name> { <ids> }`) and `proguard.txt` (the
//! consumer rules R8 merges into the app's configuration; syntax in the ProGuard manual,
//! "Usage": `-keep[,modifiers] [annotation] [access] class|interface|enum <name> [extends …]
//! [{ members }]`, `#` comments, member blocks over several lines).
//!
//! Both are read line by line from borrowed text; a line that does not have the expected shape
//! is skipped and counted, never an error for the bundle. At most [`MAX_ENTRIES`] entries are
//! kept per file.

use crate::facts::Location;
use crate::facts::library::{KeepRule, LibraryResource};

/// Most resources or keep rules kept from one file.
pub const MAX_ENTRIES: usize = 100_000;

/// The resources `R.txt` declares (named `file` in locations), and how many lines were not
/// understood.
pub fn r_txt(file: &str, text: &str) -> (Vec<LibraryResource>, usize) {
    let mut out = Vec::new();
    let mut bad = 0;
    for (i, line) in text.lines().enumerate() {
        let mut words = line.split_whitespace();
        let (Some(kind), Some(ty), Some(name)) = (words.next(), words.next(), words.next()) else {
            bad += usize::from(!line.trim().is_empty());
            continue;
        };
        let is_name = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        };
        if !matches!(kind, "int" | "int[]") || !is_name(ty) || !is_name(name) {
            bad += 1;
            continue;
        }
        if out.len() < MAX_ENTRIES {
            out.push(LibraryResource {
                kind: ty.to_string(),
                name: name.to_string(),
                location: Location::new(file, format!("line {}", i + 1)),
            });
        }
    }
    (out, bad)
}

/// `-keep…` options that name no class: attributes, parameter names, packages, directories,
/// Kotlin metadata (ProGuard manual, "Keep options" and "Obfuscation options").
const KEEP_WITHOUT_CLASS: [&str; 5] = [
    "-keepattributes",
    "-keepparameternames",
    "-keeppackagenames",
    "-keepdirectories",
    "-keepkotlinmetadata",
];

/// The class patterns of the `-keep…` rules of `proguard.txt` (named `file` in locations), and
/// how many keep rules named no class. A rule may go on over lines (Kochava Tracker 5.6's
/// `-keepclassmembers, includecode class` has its class on the next line).
pub fn keep_rules(file: &str, text: &str) -> (Vec<KeepRule>, usize) {
    let mut out = Vec::new();
    let mut bad = 0;
    let mut in_members = false;
    // A rule whose `class` keyword ended its line: its directive and line number.
    let mut pending: Option<(&str, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let mut line = line.split('#').next().unwrap_or("");
        if let Some((directive, at)) = pending.take() {
            match line.split_whitespace().next() {
                None => {
                    pending = Some((directive, at));
                    continue;
                }
                Some(class) if !class.starts_with('-') && !class.starts_with('{') => {
                    if out.len() < MAX_ENTRIES {
                        out.push(KeepRule {
                            directive: directive.to_string(),
                            class: class.trim_end_matches(',').to_string(),
                            location: Location::new(file, format!("line {at}")),
                        });
                    }
                    in_members = line.contains('{') && !line.contains('}');
                    continue;
                }
                Some(_) => bad += 1,
            }
        }
        // A member block `{ … }` may span lines; only what is outside it names classes.
        if in_members {
            match line.split_once('}') {
                Some((_, rest)) => {
                    in_members = false;
                    line = rest;
                }
                None => continue,
            }
        }
        if let Some((before, after)) = line.split_once('{') {
            in_members = !after.contains('}');
            line = before;
        }
        let mut words = line.split_whitespace();
        let Some(directive) = words.next() else {
            continue;
        };
        let directive = directive.split(',').next().unwrap_or(directive);
        if !directive.starts_with("-keep") || KEEP_WITHOUT_CLASS.contains(&directive) {
            continue;
        }
        let mut after_keyword = words
            .skip_while(|w| !matches!(*w, "class" | "interface" | "enum" | "@interface"))
            .peekable();
        if after_keyword.next().is_some() && after_keyword.peek().is_none() {
            pending = Some((directive, i + 1));
            continue;
        }
        let class = after_keyword.next().map(|w| w.trim_end_matches(','));
        match class {
            Some(class) if !class.is_empty() => {
                if out.len() < MAX_ENTRIES {
                    out.push(KeepRule {
                        directive: directive.to_string(),
                        class: class.to_string(),
                        location: Location::new(file, format!("line {}", i + 1)),
                    });
                }
            }
            _ => bad += 1,
        }
    }
    bad += usize::from(pending.is_some());
    (out, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_txt_lines() {
        let (res, bad) = r_txt(
            "R.txt",
            "int string app_name 0x7f0f0001\nint[] styleable Banner { 0x7f040001 }\n\ngarbage\nlong x y 1\n",
        );
        let got: Vec<(&str, &str, &str)> = res
            .iter()
            .map(|r| {
                (
                    r.kind.as_str(),
                    r.name.as_str(),
                    r.location.locator.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("string", "app_name", "line 1"),
                ("styleable", "Banner", "line 2")
            ]
        );
        assert_eq!(bad, 2);
    }

    #[test]
    fn keep_rules_across_member_blocks_and_comments() {
        let text = "\
# -keep class com.commented.Out
-keep class com.a.** { *; }
-keepclassmembers,allowobfuscation class * extends com.b.Base {
    -keep class com.inside.Block
    public <init>(...);
}
-keep public interface com.c.Listener
-keepnames @com.d.Keep class com.d.**
-dontwarn com.e.**
-keep
-keepattributes Signature
-keepattributes *Annotation*
-keepclassmembers, includecode class
com.f.sdk.* { *;}
-keep class com.g.Member {
    void set(***);
}
-keep class
";
        let (rules, bad) = keep_rules("proguard.txt", text);
        let got: Vec<(&str, &str, &str)> = rules
            .iter()
            .map(|r| {
                (
                    r.directive.as_str(),
                    r.class.as_str(),
                    r.location.locator.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("-keep", "com.a.**", "line 2"),
                ("-keepclassmembers", "*", "line 3"),
                ("-keep", "com.c.Listener", "line 7"),
                ("-keepnames", "com.d.**", "line 8"),
                ("-keepclassmembers", "com.f.sdk.*", "line 13"),
                ("-keep", "com.g.Member", "line 15"),
            ]
        );
        // `-keep` alone, and the `-keep class` the text ends on.
        assert_eq!(bad, 2);
    }
}
