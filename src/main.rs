//! The `policykg` binary: parse the arguments, run, and turn the outcome into an exit code.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = policykg::cli::parse_args();
    match policykg::cli::run(args) {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`policykg … | head`) is the reader's choice, not an error.
            if err.chain().any(is_broken_pipe) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            writeln!(stderr, "policykg: error: {err:#}").ok();
            policykg::cli::ExitStatus::Error.into()
        }
    }
}

fn is_broken_pipe(cause: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == BrokenPipe)
        || cause.downcast_ref::<serde_json::Error>().is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
}
