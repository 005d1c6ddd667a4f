//! kdbx-audit: audit KeePass vaults for password hygiene.
//!
//! Data flows one way: command line → [`unlock`] (the only module that knows
//! the `keepass` crate) → [`model`] (secrets wrapped in [`secret::Secret`]) →
//! [`checks`] (one module per check, stable rule ids) → [`report::Report`]
//! (serde, no secrets; [`baseline`] marks what is new) → [`render`] (the
//! [`plan`] first, then details) → [`exit::exit_code`].

pub mod app;
pub mod audit;
pub mod baseline;
pub mod breach;
pub mod checks;
pub mod cli;
pub mod exit;
pub mod i18n;
pub mod limits;
pub mod model;
pub mod password;
pub mod plan;
pub mod policy;
pub mod process;
pub mod refs;
pub mod render;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod secret;
pub mod sites;
pub mod union_find;
pub mod unlock;
pub mod url;
