//! The `policykg` binary: parse the arguments, run, and turn the outcome into an exit code.

use std::io::Write;
use std::process::ExitCode;

use policykg::cli::ExitStatus;

fn main() -> ExitCode {
    let args = policykg::cli::parse_args();
    let status = match policykg::cli::run(args) {
        Ok(status) => status,
        // A closed pipe (`policykg … | head`) is the reader's choice, not an error.
        Err(err) if err.chain().any(is_broken_pipe) => ExitStatus::Success,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            writeln!(stderr, "policykg: error: {err:#}").ok();
            ExitStatus::Error
        }
    };
    if policykg::cli::must_skip_exit_handlers() {
        std::io::stdout().flush().ok();
        std::io::stderr().flush().ok();
        // SAFETY: `_exit` ends the process without running exit handlers or destructors; the
        // output is flushed above, and a thread that still reads a store writes nothing.
        unsafe { libc::_exit(status.code().into()) }
    }
    status.into()
}

fn is_broken_pipe(cause: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == BrokenPipe)
        || cause.downcast_ref::<serde_json::Error>().is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
}
