//! The vocabulary configuration and rules share: [`Severity`], [`Clause`] and the registry of
//! rule identities ([`RULES`], [`find`]).
//!
//! A leaf: it imports nothing of the crate. `config` reads `sdklint.toml` against it (is `SL103`
//! a rule? is `ad-id-permission-missing`?) without depending on `rules`, which depends on
//! `config` for each rule's settings. Each rule's file in `src/rules/` declares its code, name,
//! clause and severity next to its check; a unit test in `rules` holds this list equal to those
//! declarations.

use serde::Serialize;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The part of X's policy (or of sdklint's own checks) a rule enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clause {
    Inventory,
    Integration,
    Notice,
    Consent,
    OptOut,
    Children,
    Sensitive,
    /// What ads say to the reader (`sdklint copy`).
    AdCopy,
    Integrity,
}

/// A rule's identity: what `sdklint.toml`, reports and baselines name it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleId {
    pub code: &'static str,
    pub name: &'static str,
}

/// Every rule, bundle and ad-copy rules alike, in code order.
pub static RULES: &[RuleId] = &[
    RuleId {
        code: "SL101",
        name: "conversion-tracking-sdk",
    },
    RuleId {
        code: "SL102",
        name: "legacy-twitter-sdk",
    },
    RuleId {
        code: "SL103",
        name: "ad-id-permission-missing",
    },
    RuleId {
        code: "SL104",
        name: "sdk-privacy-manifest-missing",
    },
    RuleId {
        code: "SL201",
        name: "att-usage-description-missing",
    },
    RuleId {
        code: "SL202",
        name: "privacy-manifest-tracking-undeclared",
    },
    RuleId {
        code: "SL203",
        name: "tracking-domains-undeclared",
    },
    RuleId {
        code: "SL204",
        name: "advertising-purpose-undeclared",
    },
    RuleId {
        code: "SL205",
        name: "no-privacy-notice-surface",
    },
    RuleId {
        code: "SL301",
        name: "no-consent-mechanism",
    },
    RuleId {
        code: "SL302",
        name: "collection-before-consent",
    },
    RuleId {
        code: "SL303",
        name: "att-never-requested",
    },
    RuleId {
        code: "SL401",
        name: "no-opt-out-instructions",
    },
    RuleId {
        code: "SL501",
        name: "child-directed-with-tracking",
    },
    RuleId {
        code: "SL502",
        name: "age-collection-with-tracking",
    },
    RuleId {
        code: "SL601",
        name: "sensitive-conversion-event",
    },
    RuleId {
        code: "SL602",
        name: "sensitive-data-app-with-tracking",
    },
    RuleId {
        code: "SL603",
        name: "sensitive-data-declared-for-tracking",
    },
    RuleId {
        code: "SL701",
        name: "ad-implies-sensitive-knowledge",
    },
    RuleId {
        code: "SL702",
        name: "ad-asserts-personal-information",
    },
    RuleId {
        code: "SL901",
        name: "bundle-tampering",
    },
    RuleId {
        code: "SL902",
        name: "bundle-partly-unreadable",
    },
];

/// The rule with this code (`SL101`, any case) or name (`conversion-tracking-sdk`).
pub fn find(code_or_name: &str) -> Option<&'static RuleId> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
