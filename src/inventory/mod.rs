//! (being written) The SDK database and the matcher.
