//! Where the report goes: standard output or a file, written so that a
//! hostile file system around the output path cannot turn the write
//! against the user (see [`write_report`]), and never over one of the
//! run's inputs.

use std::io::Write;
use std::path::Path;

use crate::error::AppError;

/// Write the report to a file.
///
/// A regular file (or a new one) is written atomically: a temporary file
/// beside the target, then a rename, so a scheduled job never reads half a
/// report. The output path may be in a shared directory (`/tmp`), where
/// another user can plant something there first:
/// - a symbolic link is never followed by hand; one owned by another user
///   is refused (the kernel's protected-symlink rule would refuse to follow
///   it too), and one of our own is opened through the kernel, which
///   follows it under that rule, and written in place;
/// - a FIFO, socket or device is refused (a planted FIFO would receive
///   the whole report), except `/dev/null`; standard output (`-o -`, or no
///   `-o`) is the way to stream.
pub fn write_report(path: &Path, data: &str) -> Result<(), AppError> {
    let shown = crate::sanitize::terminal(&path.display().to_string());
    let fail =
        |e: std::io::Error| AppError::new(format!("cannot write the report to {shown}: {e}"));
    let refuse = |why: &str| {
        AppError::new(format!("cannot write the report to {shown}: {why}")).with_hint(
            "write to a regular file you own, or to standard output (-o - or no -o)".to_owned(),
        )
    };
    if path.as_os_str() == "-" {
        return write_stdout(data);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                if m.uid() != rustix::process::geteuid().as_raw() {
                    return Err(refuse(
                        "it is a symbolic link owned by another user (it is not followed)",
                    ));
                }
            }
            return write_in_place(path, data, &refuse, &fail);
        }
        Ok(m) if !m.is_file() => {
            if is_dev_null(&m) {
                return Ok(());
            }
            return Err(refuse(&format!(
                "it is a {}, not a regular file",
                crate::input::kind_of(&m.file_type())
            )));
        }
        _ => {}
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(data.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Open `path` through the kernel (which follows a link under its own
/// rules), non-blocking so that a FIFO cannot stall the run, and write only
/// if what was opened is a regular file.
fn write_in_place(
    path: &Path,
    data: &str,
    refuse: &dyn Fn(&str) -> AppError,
    fail: &dyn Fn(std::io::Error) -> AppError,
) -> Result<(), AppError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .mode(0o600);
    }
    let mut f = match opts.open(path) {
        Ok(f) => f,
        // A FIFO with no reader (ENXIO): still a FIFO.
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) => {
            return Err(refuse("the link points to a named pipe (FIFO)"));
        }
        Err(e) => return Err(fail(e)),
    };
    let meta = f.metadata().map_err(fail)?;
    if !meta.is_file() {
        if is_dev_null(&meta) {
            return Ok(());
        }
        return Err(refuse(&format!(
            "the link points to a {}, not a regular file",
            crate::input::kind_of(&meta.file_type())
        )));
    }
    f.set_len(0).map_err(fail)?;
    f.write_all(data.as_bytes()).map_err(fail)?;
    f.sync_all().map_err(fail)
}

/// `/dev/null` (character device 1:3 on Linux): writing to it is harmless.
fn is_dev_null(m: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        if m.file_type().is_char_device()
            && let Ok(null) = std::fs::metadata("/dev/null")
        {
            return m.rdev() == null.rdev();
        }
    }
    let _ = m;
    false
}

/// Write a report to `-o PATH` ([`write_report`]), or to standard output
/// without one.
pub fn write_out(output: Option<&Path>, data: &str) -> Result<(), AppError> {
    match output {
        Some(path) => write_report(path, data),
        None => write_stdout(data),
    }
}

/// Write to stdout. A closed pipe (`| head`, `| true`) ends the writing
/// quietly; the run still exits with the status it computed.
pub fn write_stdout(data: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(data.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::new(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Refuse an output path that is the same file as one of the run's inputs
/// (directly, through a link, or a hard link): writing the report there
/// would destroy the vault, the key file or another input for good.
pub fn refuse_output_over_inputs(
    output: Option<&Path>,
    inputs: &[(&str, &Path)],
) -> Result<(), AppError> {
    let Some(out) = output else { return Ok(()) };
    if out.as_os_str() == "-" {
        return Ok(());
    }
    let Some(out_id) = file_id(out) else {
        return Ok(());
    };
    for (what, p) in inputs {
        if file_id(p) == Some(out_id) {
            return Err(AppError::new(format!(
                "-o {} is the {what} {}: writing the report there would destroy it",
                crate::sanitize::terminal(&out.display().to_string()),
                crate::sanitize::terminal(&p.display().to_string())
            ))
            .with_hint("write the report to another file".to_owned()));
        }
    }
    Ok(())
}

/// Device and inode of an existing file (links followed).
fn file_id(p: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(p).ok()?;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        None
    }
}
