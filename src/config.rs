//! Configuration that rules read. `sdklint.toml` (markets, severity overrides, suppressions) comes
//! with the policy-rules work; until then every rule runs at its default severity.

/// Settings for one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {}
