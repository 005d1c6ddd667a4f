//! kdbx-audit: audit KeePass vaults for password hygiene.
//!
//! Data flows one way, and the modules follow it:
//!
//! 1. [`app`]: settings from the command line ([`cli`]) and the files of
//!    [`config`], the vaults to open, where the report goes;
//! 2. [`unlock`]: credentials, bounds checked before any work, the only
//!    module that knows the `keepass` crate; it builds the
//! 3. [`model`]: the normalised vault, secrets wrapped in [`secret::Secret`];
//! 4. [`lookups`]: every breach verdict, made once, before any check;
//! 5. [`checks`]: pure functions of the model, the policy and the verdicts,
//!    one module per check, the rules in the [`rules`] registry;
//! 6. [`report`]: the serde report ([`audit`] assembles it; no secret can be
//!    put in it), the baseline comparison and the action plan;
//! 7. [`render`]: text, JSON, Markdown and HTML, from the report alone;
//! 8. [`exit`]: the exit status, decided in one place.
//!
//! Around them: [`error`] (the one error type), [`input`] (capped reads of
//! files that may be someone else's), [`i18n`] (English and Japanese),
//! [`sanitize`] (untrusted text made safe for each format), [`sites`] (the
//! site directories), [`url`], [`phone`] (phone numbers as people write
//! them, never shown whole), [`process`] (hardening at start-up).

pub mod app;
pub mod audit;
pub mod checks;
pub mod cli;
pub mod config;
pub mod error;
pub mod exit;
pub mod i18n;
pub mod input;
pub mod lookups;
pub mod model;
pub mod phone;
pub mod process;
pub mod render;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod secret;
pub mod sites;
pub mod text;
pub mod union_find;
pub mod unlock;
pub mod url;
