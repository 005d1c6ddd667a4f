//! The `kdbx-audit` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(kdbx_audit::app::main_with_args())
}
