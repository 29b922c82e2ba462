//! Android libraries (`.aar`) and Java archives (`.jar`): the manifest of an AAR and the JVM class
//! files of its `classes.jar` and `libs/*.jar`, or of the JAR itself.
//!
//! Each class file gives the class it defines, the classes its constant pool and its
//! descriptors name (parameter, return and field types: `referenced`, as DEX `type_ids` list
//! them), and its
//! string constants ([`crate::android::class_file`]), so an SDK's library is matched by the same
//! class signatures as its code in an APK. A string is owned by the class whose file holds it.
//! The methods' bytecode is walked ([`crate::android::jvm_code`]) for the calls the
//! [`CallFilter`] asks for, with their constant arguments, as DEX bytecode is: so a library's
//! events and API calls are found. An AAR's `jni/<abi>/*.so` are read as an APK's native
//! libraries, its `R.txt` and `proguard.txt` as [`crate::facts::library`] facts.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::ExtractError;
use super::code::{CallFilter, MAX_CODE_ERRORS};
use crate::android::class_file::{self, ClassFile};
use crate::android::jvm_code::{self, Value};
use crate::android::library_files;
use crate::android::manifest;
use crate::bundle::{BundleError, ZipBundle};
use crate::facts::code::{ArgValue, CallSite};
use crate::facts::{
    BundleFormat, ClassFact, Facts, Location, Platform, ReadError, SharedStr, StringFact,
};

/// At most this many unreadable class files are named per archive; the rest are counted.
const MAX_CLASS_ERRORS: usize = 20;

pub(super) fn extract_aar(
    path: &Path,
    zip: &ZipBundle,
    filter: &CallFilter,
) -> Result<Facts, ExtractError> {
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
            Ok(inner) => classes.read_archive(&inner, &format!("{jar}!/"), filter)?,
            Err(err) if err.is_fatal() => return Err(err.into()),
            Err(err) => facts.errors.push(ReadError {
                file: jar.clone(),
                message: err.to_string(),
            }),
        }
    }
    classes.into_facts(&mut facts);
    super::native::extract_aar_native(zip, &mut facts)?;
    read_library_files(zip, &mut facts)?;
    facts
        .anomalies
        .extend(super::integrity::facts_of(zip.anomalies()));
    Ok(facts)
}

/// `R.txt` and `proguard.txt` of an AAR, when present; lines not understood are counted in one
/// error per file (the rest stands).
fn read_library_files(zip: &ZipBundle, facts: &mut Facts) -> Result<(), ExtractError> {
    type Parse<T> = fn(&str, &str) -> (Vec<T>, usize);
    fn read<T>(
        zip: &ZipBundle,
        facts: &mut Facts,
        name: &str,
        parse: Parse<T>,
    ) -> Result<Vec<T>, ExtractError> {
        if !zip.names().iter().any(|n| n == name) {
            return Ok(Vec::new());
        }
        let bytes = match zip.read(name) {
            Ok(bytes) => bytes,
            Err(err) if err.is_fatal() => return Err(err.into()),
            Err(err) => {
                facts.errors.push(ReadError {
                    file: name.into(),
                    message: err.to_string(),
                });
                return Ok(Vec::new());
            }
        };
        let (items, bad) = parse(name, &String::from_utf8_lossy(&bytes));
        if bad > 0 {
            facts.errors.push(ReadError {
                file: name.into(),
                message: format!("{bad} lines not understood"),
            });
        }
        Ok(items)
    }
    facts.library.resources = read(zip, facts, "R.txt", library_files::r_txt)?;
    facts.library.keep_rules = read(zip, facts, "proguard.txt", library_files::keep_rules)?;
    Ok(())
}

pub(super) fn extract_jar(
    path: &Path,
    zip: &ZipBundle,
    filter: &CallFilter,
) -> Result<Facts, ExtractError> {
    let mut facts = Facts::new(
        path.display().to_string(),
        Platform::Android,
        BundleFormat::Jar,
    );
    let mut classes = Classes::default();
    classes.read_archive(zip, "", filter)?;
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
    call_sites: Vec<CallSite>,
    errors: Vec<ReadError>,
    error_count: usize,
    code_errors: Vec<ReadError>,
    code_error_count: usize,
}

/// The calls `filter` wants in the methods of `class` (the class file `file`), and the methods
/// whose bytecode could not be walked to the end (their calls before the error are kept).
fn calls(class: &ClassFile<'_>, file: &str, filter: &CallFilter) -> (Vec<CallSite>, Vec<String>) {
    let mut sites = Vec::new();
    let mut errors = Vec::new();
    if filter.is_empty() {
        return (sites, errors);
    }
    let this = class.this_class();
    let methods = match class.methods() {
        Ok(methods) => methods,
        Err(err) => {
            errors.push(format!("methods: {err}"));
            return (sites, errors);
        }
    };
    let mut found = Vec::new();
    for method in methods {
        let Some(code) = &method.code else { continue };
        found.clear();
        let result = jvm_code::walk(
            class,
            code,
            |callee| filter.matches_internal(&callee.class, &callee.name),
            &mut found,
        );
        let caller: SharedStr = format!("L{this};->{}{}", method.name, method.descriptor).into();
        if let Err(err) = result {
            errors.push(format!("{caller}: {err}"));
        }
        for call in found.drain(..) {
            let params = jvm_code::parameters(&call.callee.descriptor)
                .map(|(p, _)| p)
                .unwrap_or_default();
            let args: Vec<Option<ArgValue>> = call
                .args
                .into_iter()
                .zip(params)
                .map(|(value, reference)| match value {
                    Value::String(s) if reference => Some(ArgValue::String(s.into())),
                    Value::Int(v) if !reference => Some(ArgValue::Int(v)),
                    _ => None,
                })
                .collect();
            sites.push(CallSite {
                callee: format!(
                    "L{};->{}{}",
                    call.callee.class, call.callee.name, call.callee.descriptor
                )
                .into(),
                caller: caller.clone(),
                args: std::sync::Arc::from(args),
                location: Location::new(file, &caller),
            });
        }
    }
    (sites, errors)
}

/// A class file read, or `(file, why not)`.
type ClassResult = Result<OneClass, (String, String)>;

/// One class file's contribution.
struct OneClass {
    file: String,
    defined: Option<String>,
    referenced: Vec<String>,
    strings: Vec<String>,
    call_sites: Vec<CallSite>,
    /// Methods whose bytecode could not be (fully) walked: `method: why`.
    code_errors: Vec<String>,
}

impl Classes {
    /// Reads every `.class` entry of `zip`; `prefix` names the archive in locations
    /// (`classes.jar!/`).
    fn read_archive(
        &mut self,
        zip: &ZipBundle,
        prefix: &str,
        filter: &CallFilter,
    ) -> Result<(), ExtractError> {
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
                    Ok(class) => {
                        let (call_sites, code_errors) = calls(&class, &file, filter);
                        Ok(OneClass {
                            defined: class_file::java_name(&class.this_class()),
                            referenced: class
                                .classes()
                                .chain(class.descriptor_classes())
                                .filter_map(|c| class_file::java_name(&c))
                                .collect(),
                            strings: class.strings().map(|s| s.into_owned()).collect(),
                            call_sites,
                            code_errors,
                            file,
                        })
                    }
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
        self.call_sites.extend(class.call_sites);
        for message in class.code_errors {
            self.code_error_count += 1;
            if self.code_errors.len() < MAX_CODE_ERRORS {
                self.code_errors.push(ReadError {
                    file: class.file.clone(),
                    message,
                });
            }
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
                location: Location::new(file, crate::facts::shared_str::string_locator(i)),
            });
        }
        facts.call_sites = self.call_sites;
        facts.errors.extend(self.errors);
        facts.errors.extend(self.code_errors);
        if self.code_error_count > MAX_CODE_ERRORS {
            facts.errors.push(ReadError {
                file: "classes".into(),
                message: format!(
                    "… and {} more methods not fully read",
                    self.code_error_count - MAX_CODE_ERRORS
                ),
            });
        }
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
