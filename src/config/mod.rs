//! Configuration read from files: the policy file (`kdbx-audit.toml`:
//! categories, severities, thresholds, `[[ignore]]` tables, `[[vault]]`
//! tables) and the household file (`--family`), every problem located by
//! line and column.

pub mod household;
pub mod ignore;
pub mod policy;
pub mod toml;

pub use household::{PasswordSpec, VaultSpec};
pub use ignore::{Ignore, IgnoreTarget};
pub use toml::{PolicyError, Problem};
