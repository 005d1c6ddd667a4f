//! Configuration read from files: the policy file (`kdbx-audit.toml`:
//! categories, severities, thresholds, ignores, `[[vault]]` tables) and the
//! household file (`--family`), with errors located by line and column.

pub mod policy;
