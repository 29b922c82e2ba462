//! sdklint: find conversion-tracking SDKs in mobile app bundles and check them against X's policy
//! for conversion tracking and custom audiences.
//!
//! The flow is one way: [`bundle::open`] → extractors → [`facts::Facts`] → [`inventory`] →
//! [`rules`] → [`report`].

pub mod android;
pub mod facts;
pub mod inventory;
