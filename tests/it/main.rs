//! The integration tests, one binary (so that the helpers in `common`
//! compile once): the real `kdbx-audit` binary and the library on fixture
//! vaults written by keepassxc-cli and pykeepass (tests/fixtures), a fake
//! range API on 127.0.0.1, and the HTML report in headless Chromium.
//!
//! Each module is one area; its doc comment says what it pins.

mod common;

mod accounts;
mod architecture;
mod attacks;
mod breach_offline;
mod breach_online;
mod cli;
mod family;
mod history;
mod html_chromium;
mod json_contract;
mod no_leak;
mod passkeys;
mod phones;
mod reports;
mod snapshots;
mod vault_facts;
