//! Reading input files that may be someone else's: only regular files
//! (a FIFO blocks a read forever, `/dev/zero` never ends), within a size
//! cap checked before the read, into memory zeroed on drop.

use std::io::Read;
use std::path::Path;

/// Longest first line read from a password file.
pub const MAX_PASSWORD_LINE_BYTES: u64 = 64 * 1024;

/// Why a file was refused before it was read.
#[derive(Debug)]
pub enum FileError {
    NotFound,
    IsDirectory,
    /// A FIFO, socket or device: reading it could block forever or never end.
    NotRegular(&'static str),
    TooLarge {
        limit: u64,
    },
    Io(std::io::Error),
}

impl FileError {
    /// The reason, for a message that names the file and says what to do.
    pub fn reason(&self) -> String {
        match self {
            FileError::NotFound => "no such file".to_owned(),
            FileError::IsDirectory => "is a directory".to_owned(),
            FileError::NotRegular(kind) => {
                format!(
                    "is a {kind}, not a regular file (it is not read: it could block or never end)"
                )
            }
            FileError::TooLarge { limit } => format!("is larger than {}", show_bytes(*limit)),
            FileError::Io(e) => io_reason(e),
        }
    }
}

/// An I/O error as a message says it ("permission denied", "no such
/// file", else the system's words).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        _ => e.to_string(),
    }
}

/// `1 GiB`, `64 MiB`, `512 KiB`, `12 bytes`.
pub fn show_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    if n >= KIB * KIB * KIB && n.is_multiple_of(KIB * KIB * KIB) {
        format!("{} GiB", n / (KIB * KIB * KIB))
    } else if n >= KIB * KIB {
        format!("{} MiB", n / (KIB * KIB))
    } else if n >= KIB {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

/// What a file that is not a regular file is, as a message names it.
pub fn kind_of(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_char_device() {
            return "character device";
        }
        if ft.is_block_device() {
            return "block device";
        }
    }
    if ft.is_dir() {
        return "directory";
    }
    "special file"
}

/// Open a file that must be a regular file, without blocking on a FIFO
/// (opened non-blocking, then checked on the open descriptor, so a file
/// swapped in after a first look is caught too).
pub fn open_regular(path: &Path) -> Result<std::fs::File, FileError> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(FileError::NotFound),
        Err(e) => return Err(FileError::Io(e)),
        Ok(m) if m.is_dir() => return Err(FileError::IsDirectory),
        Ok(m) if !m.is_file() => return Err(FileError::NotRegular(kind_of(&m.file_type()))),
        Ok(_) => {}
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = opts.open(path).map_err(FileError::Io)?;
    let meta = file.metadata().map_err(FileError::Io)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular(kind_of(&meta.file_type())));
    }
    Ok(file)
}

/// Read a whole regular file of at most `limit` bytes, into memory that is
/// zeroed when dropped.
pub fn read_regular(path: &Path, limit: u64) -> Result<zeroize::Zeroizing<Vec<u8>>, FileError> {
    let file = open_regular(path)?;
    let len = file.metadata().map_err(FileError::Io)?.len();
    if len > limit {
        return Err(FileError::TooLarge { limit });
    }
    let mut buf = zeroize::Zeroizing::new(Vec::with_capacity(len as usize));
    // The file may grow while it is read: never past the limit.
    file.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(FileError::Io)?;
    if buf.len() as u64 > limit {
        return Err(FileError::TooLarge { limit });
    }
    Ok(buf)
}

/// The first line of a regular file (a password file), without its line
/// ending; at most [`MAX_PASSWORD_LINE_BYTES`] are read.
pub fn read_first_line(path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>, FileError> {
    let file = open_regular(path)?;
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    file.take(MAX_PASSWORD_LINE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(FileError::Io)?;
    match buf.iter().position(|b| *b == b'\n') {
        Some(i) => buf.truncate(i),
        None if buf.len() as u64 > MAX_PASSWORD_LINE_BYTES => {
            return Err(FileError::TooLarge {
                limit: MAX_PASSWORD_LINE_BYTES,
            });
        }
        None => {}
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(buf)
}
