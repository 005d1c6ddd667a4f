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
        let zero = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit reads a valid rlimit structure.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, &zero);
        }
    }
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_DUMPABLE, 0) takes integer arguments only.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Whether the process is marked dumpable (Linux), for tests.
#[cfg(target_os = "linux")]
pub fn dumpable() -> bool {
    // SAFETY: prctl(PR_GET_DUMPABLE) takes no pointer.
    unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) != 0 }
}
