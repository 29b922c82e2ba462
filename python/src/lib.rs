//! `sdklint._native`: the Rust side of the Python package. It only loads settings, runs the
//! library with the GIL released and hands back the library's own JSON text (the `check --format
//! json` contract, rendered by `sdklint::report::json`), so that the Python API cannot drift from
//! the CLI's output. The Python wrapper (`python/sdklint/__init__.py`) turns that text into dicts.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use sdklint::baseline::Baseline;
use sdklint::bundle::FileBytes;
use sdklint::config::{Config, Date};
use sdklint::inventory::SdkDb;
use sdklint::inventory::user::with_user_files;
use sdklint::{BundleReport, Options, report, rules};

create_exception!(
    sdklint,
    SdklintError,
    PyException,
    "A bundle, configuration or SDK database sdklint could not read; the message is the CLI's."
);

fn error(err: impl std::fmt::Display) -> PyErr {
    SdklintError::new_err(err.to_string())
}

/// The built-in SDK database plus the user's files, as `--sdk-db` loads them, or plus
/// `(file name, TOML text)` sources already read (shipped to Spark workers by the driver, so that
/// every worker matches against the same definitions).
fn load_db(sdk_db: &[PathBuf], sources: Vec<(String, String)>) -> PyResult<Arc<SdkDb>> {
    if !sources.is_empty() {
        let mut all: Vec<(String, String)> = SdkDb::builtin_sources()
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        all.extend(sources);
        return SdkDb::from_sources(&all).map(Arc::new).map_err(error);
    }
    if sdk_db.is_empty() {
        return Ok(Arc::new(SdkDb::builtin().clone()));
    }
    with_user_files(sdk_db).map(Arc::new).map_err(error)
}

/// The settings of many lint calls, loaded once: configuration and SDK database.
#[pyclass(frozen, module = "sdklint._native")]
struct Linter {
    options: Options,
    /// The config's `baseline` file, applied to every report as `sdklint check` applies it.
    baseline: Option<Baseline>,
    /// The CLI's warning lines about expired suppressions (without `warning: `).
    warnings: Vec<String>,
}

/// A Python `bytes` kept alive by the caller's frame while the library reads it in place.
struct Borrowed(Arc<PyBackedBytes>);

impl AsRef<[u8]> for Borrowed {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

#[pymethods]
impl Linter {
    /// `config_text` (TOML, named `config_name` in errors) or `config_path`, and `sdk_db`
    /// (files or directories of `sdks/`-format TOML added to the built-in database) or
    /// `sdk_db_sources` (the `(file name, text)` of such files).
    #[new]
    #[pyo3(signature = (
        config_text=None, config_path=None, sdk_db=Vec::new(), config_name="<config>",
        sdk_db_sources=Vec::new(), baseline_source=None
    ))]
    fn new(
        config_text: Option<&str>,
        config_path: Option<PathBuf>,
        sdk_db: Vec<PathBuf>,
        config_name: &str,
        sdk_db_sources: Vec<(String, String)>,
        baseline_source: Option<(String, String)>,
    ) -> PyResult<Self> {
        let db = load_db(&sdk_db, sdk_db_sources)?;
        let config = match (config_text, config_path) {
            (Some(text), _) => Config::parse_with(config_name, text, &db).map_err(error)?,
            (None, Some(path)) => Config::load_with(&path, &db).map_err(error)?,
            (None, None) => Config::default(),
        };
        let warnings = config
            .expired(Date::today())
            .map(|entry| {
                format!(
                    "{}: suppression of {} expired on {} and no longer applies ({})",
                    entry.origin,
                    entry.rule,
                    entry.expires.map(|d| d.to_string()).unwrap_or_default(),
                    entry.reason
                )
            })
            .collect();
        let baseline = match (baseline_source, &config.baseline) {
            (Some((name, text)), _) => Some(Baseline::parse(&name, &text).map_err(error)?),
            (None, Some(path)) => Some(Baseline::load(path).map_err(error)?),
            (None, None) => None,
        };
        Ok(Self {
            baseline,
            options: Options {
                config,
                sdk_db: Some(db),
                ..Options::default()
            },
            warnings,
        })
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// The config's `baseline` path, resolved against the config file's folder, if any.
    #[getter]
    fn baseline_path(&self) -> Option<PathBuf> {
        self.options.config.baseline.clone()
    }

    /// The JSON report of the bundle at `path` (a file or a bundle directory).
    fn lint_path(&self, py: Python<'_>, path: PathBuf) -> PyResult<String> {
        py.detach(|| sdklint::lint(&path, &self.options).map(|r| self.render(r)))
            .map_err(error)
    }

    /// The JSON report of a single-file bundle held in `data`, named `name` in the report.
    fn lint_bytes(&self, py: Python<'_>, data: PyBackedBytes, name: PathBuf) -> PyResult<String> {
        let data = Arc::new(data);
        let bytes = FileBytes::from_owner(Borrowed(Arc::clone(&data)));
        // `data` outlives the call, so the Python object is released with the GIL held.
        py.detach(move || sdklint::lint_bytes(&name, bytes, &self.options).map(|r| self.render(r)))
            .map_err(error)
    }

    /// The facts of the bundle at `path`, as `sdklint facts --format json` prints them.
    fn facts_path(&self, py: Python<'_>, path: PathBuf) -> PyResult<String> {
        py.detach(|| sdklint::facts(&path, &self.options).map(|facts| to_json(&facts)))
            .map_err(error)?
    }

    /// The facts of a single-file bundle held in `data`.
    fn facts_bytes(&self, py: Python<'_>, data: PyBackedBytes, name: PathBuf) -> PyResult<String> {
        let data = Arc::new(data);
        let bytes = FileBytes::from_owner(Borrowed(Arc::clone(&data)));
        py.detach(move || {
            sdklint::facts_bytes(&name, bytes, &self.options).map(|facts| to_json(&facts))
        })
        .map_err(error)?
    }

    /// The SDK database in use, as `sdklint sdks --format json` prints it.
    fn sdks(&self) -> PyResult<String> {
        let sdks: Vec<_> = self.options.sdk_db().iter().collect();
        to_json(&sdks)
    }
}

impl Linter {
    /// The `check --format json` document of one report, baseline applied.
    fn render(&self, mut report: BundleReport) -> String {
        if let Some(baseline) = &self.baseline {
            baseline.mark(&mut report);
        }
        report::json::render(&[report])
    }
}

fn to_json(value: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(error)
}

/// The rules, as `sdklint rules --format json` prints them.
#[pyfunction]
fn rules_json() -> String {
    rules::catalog::render_json()
}

/// The library's version, which is also the `tool.version` of every report.
#[pyfunction]
fn version() -> &'static str {
    sdklint::VERSION
}

/// The `schema_version` of the JSON reports.
#[pyfunction]
fn schema_version() -> u32 {
    report::json::SCHEMA_VERSION
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("SdklintError", m.py().get_type::<SdklintError>())?;
    m.add_class::<Linter>()?;
    m.add_function(wrap_pyfunction!(rules_json, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(schema_version, m)?)?;
    Ok(())
}
