//! Android libraries (`.aar`) and Java archives (`.jar`): the manifest of an AAR and the JVM class
//! files of its `classes.jar` and `libs/*.jar`, or of the JAR itself.
//!
//! Each class file gives the class it defines, the classes its constant pool names and its
//! string constants ([`crate::android::class_file`]), so an SDK's library is matched by the same
//! class signatures as its code in an APK. A string is owned by the class whose file holds it.
//! Not read yet: the bytecode (no call sites), and the native libraries under `jni/<abi>/`.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::ExtractError;
use crate::android::class_file::{self, ClassFile};
use crate::android::manifest;
use crate::bundle::{BundleError, ZipBundle};
use crate::facts::{BundleFormat, ClassFact, Facts, Location, Platform, ReadError, StringFact};

/// At most this many unreadable class files are named per archive; the rest are counted.
const MAX_CLASS_ERRORS: usize = 20;

pub(super) fn extract_aar(path: &Path, zip: &ZipBundle) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(
        path.display().to_string(),
        Platform::Android,
        BundleFormat::Aar,
    );
    let name = "AndroidManifest.xml";
    let bytes = zip.read(name)?;
    let parsed = manifest::parse(&bytes).map_err(|err| ExtractError::Unreadable {
        path: path.to_path_buf(),
        entry: name.into(),
        message: err.to_string(),
    })?;
    super::android::add_manifest(&mut facts, &parsed, name);
    let jars: Vec<&String> = zip
        .names()
        .iter()
        .filter(|n| *n == "classes.jar" || (n.starts_with("libs/") && n.ends_with(".jar")))
        .collect();
    let mut classes = Classes::default();
    for jar in jars {
        match zip.open_nested(jar) {
            Ok(inner) => classes.read_archive(&inner, &format!("{jar}!/"))?,
            Err(err) if err.is_fatal() => return Err(err.into()),
            Err(err) => facts.errors.push(ReadError {
                file: jar.clone(),
                message: err.to_string(),
            }),
        }
    }
    classes.into_facts(&mut facts);
    facts
        .anomalies
        .extend(super::integrity::facts_of(zip.anomalies()));
    Ok(facts)
}

pub(super) fn extract_jar(path: &Path, zip: &ZipBundle) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(
        path.display().to_string(),
        Platform::Android,
        BundleFormat::Jar,
    );
    let mut classes = Classes::default();
    classes.read_archive(zip, "")?;
    classes.into_facts(&mut facts);
    facts
        .anomalies
        .extend(super::integrity::facts_of(zip.anomalies()));
    Ok(facts)
}

/// What the class files of one bundle gave.
#[derive(Default)]
struct Classes {
    /// Java name → (defined here, the class file that defines it or first names it).
    names: HashMap<String, (bool, String)>,
    /// `(string, file, defining class)`.
    strings: Vec<(String, String, String)>,
    errors: Vec<ReadError>,
    error_count: usize,
}

/// A class file read, or `(file, why not)`.
type ClassResult = Result<OneClass, (String, String)>;

/// One class file's contribution.
struct OneClass {
    file: String,
    defined: Option<String>,
    referenced: Vec<String>,
    strings: Vec<String>,
}

impl Classes {
    /// Reads every `.class` entry of `zip`; `prefix` names the archive in locations
    /// (`classes.jar!/`).
    fn read_archive(&mut self, zip: &ZipBundle, prefix: &str) -> Result<(), ExtractError> {
        let names: Vec<&String> = zip
            .names()
            .iter()
            .filter(|n| n.ends_with(".class"))
            .collect();
        let results: Vec<Result<ClassResult, BundleError>> = names
            .par_iter()
            .map(|name| {
                let bytes = zip.read_shared(name)?;
                let file = format!("{prefix}{name}");
                Ok(match ClassFile::parse(&bytes) {
                    Ok(class) => Ok(OneClass {
                        defined: class_file::java_name(&class.this_class()),
                        referenced: class
                            .classes()
                            .filter_map(|c| class_file::java_name(&c))
                            .collect(),
                        strings: class.strings().map(|s| s.into_owned()).collect(),
                        file,
                    }),
                    Err(err) => Err((file, err.to_string())),
                })
            })
            .collect();
        for result in results {
            match result {
                Ok(Ok(class)) => self.add(class),
                Ok(Err((file, message))) => self.error(file, message),
                Err(err) if err.is_fatal() => return Err(err.into()),
                Err(err) => self.error(format!("{prefix}?"), err.to_string()),
            }
        }
        Ok(())
    }

    fn add(&mut self, class: OneClass) {
        if let Some(name) = &class.defined {
            self.names.insert(name.clone(), (true, class.file.clone()));
        }
        for name in class.referenced {
            self.names
                .entry(name)
                .or_insert_with(|| (false, class.file.clone()));
        }
        let owner = class.defined.unwrap_or_default();
        for s in class.strings {
            self.strings.push((s, class.file.clone(), owner.clone()));
        }
    }

    fn error(&mut self, file: String, message: String) {
        self.error_count += 1;
        if self.errors.len() < MAX_CLASS_ERRORS {
            self.errors.push(ReadError { file, message });
        }
    }

    fn into_facts(self, facts: &mut Facts) {
        let mut classes: Vec<ClassFact> = self
            .names
            .into_iter()
            .map(|(name, (defined, file))| ClassFact {
                location: Location::new(file, format!("class L{};", name.replace('.', "/"))),
                name,
                defined,
            })
            .collect();
        classes.sort_by(|a, b| a.name.cmp(&b.name));
        facts.classes = classes;
        // Each string is owned by the class whose file holds it (`Facts::string_loaders`).
        let mut loaders: HashMap<String, u32> = HashMap::new();
        for (i, (value, file, owner)) in self.strings.into_iter().enumerate() {
            if !owner.is_empty() {
                let id = *loaders.entry(owner.clone()).or_insert_with(|| {
                    facts.loader_classes.push(owner);
                    (facts.loader_classes.len() - 1) as u32
                });
                facts.string_loaders.push((i as u32, id));
            }
            facts.strings.push(StringFact {
                value,
                location: Location::new(file, format!("string #{i}")),
            });
        }
        facts.errors.extend(self.errors);
        if self.error_count > MAX_CLASS_ERRORS {
            facts.errors.push(ReadError {
                file: "classes".into(),
                message: format!(
                    "… and {} more class files not read",
                    self.error_count - MAX_CLASS_ERRORS
                ),
            });
        }
    }
}
