//! Process hardening at start-up, before any secret is read.
//!
//! A crash (or a signal such as SIGABRT or SIGQUIT) under `ulimit -c
//! unlimited` would write the process's memory, master password included,
//! to a core file. As KeePassXC does, the core limit is set to 0 and the
//! process is marked non-dumpable (Linux `PR_SET_DUMPABLE`), which also
//! keeps other processes of the same user from attaching with ptrace or
//! reading its memory through `/proc`.

/// Set the core file limit to 0 and mark the process non-dumpable.
/// Failures are ignored: neither call can fail for an unprivileged process
/// on Linux, and on other systems the first one is the best available.
pub fn harden() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        let _ = setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        );
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{DumpableBehavior, set_dumpable_behavior};
        let _ = set_dumpable_behavior(DumpableBehavior::NotDumpable);
    }
}

/// Whether the process is marked dumpable (Linux).
#[cfg(target_os = "linux")]
pub fn dumpable() -> bool {
    use rustix::process::{DumpableBehavior, dumpable_behavior};
    dumpable_behavior().is_ok_and(|b| b != DumpableBehavior::NotDumpable)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn hardening_marks_the_process_non_dumpable() {
        // The test process itself: harmless to harden.
        super::harden();
        assert!(!super::dumpable());
    }
}
