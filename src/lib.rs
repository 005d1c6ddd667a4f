//! kdbx-audit: audit KeePass vaults for password hygiene.
//!
//! Data flows one way: command line → [`unlock`] (the only module that knows
//! the `keepass` crate) → [`model`] (secrets wrapped in [`secret::Secret`]) →
//! [`checks`] (one module per check, stable rule ids) → [`report::Report`]
//! (serde, no secrets; [`baseline`] marks what is new) → [`render`] (the
//! [`plan`] first, then details) → [`exit::exit_code`].

pub mod app;
pub mod audit;
pub mod breach;
pub mod checks;
pub mod cli;
pub mod config;
pub mod error;
pub mod exit;
pub mod i18n;
pub mod input;
pub mod model;
pub mod process;
pub mod render;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod secret;
pub mod sites;
pub mod union_find;
pub mod unlock;
pub mod url;
