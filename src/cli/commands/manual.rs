//! `policykg completions SHELL` and `policykg man [-o DIR]`: shell completions (clap_complete) and
//! manual pages in roff (clap_mangen), both generated from the clap definitions of this binary, so
//! they list every command and option there is.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::ExitStatus;
use crate::cli::input::write_atomically;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command into DIR (policykg.1, policykg-query.1, policykg-diagram-entity.1 …)
    /// instead of the page of policykg itself to standard output.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// The clap command of the binary, built (global options propagated, display names such as
/// `policykg-query` set).
fn command() -> clap::Command {
    let mut cmd = crate::cli::Args::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Writes the completion script for `args.shell` to standard output.
pub fn run_completions(args: CompletionsArgs) -> anyhow::Result<ExitStatus> {
    let mut cmd = command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "policykg", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// Renders one manual page (section 1) in roff.
fn page(cmd: clap::Command) -> anyhow::Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut roff)?;
    Ok(roff)
}

/// Every page under `cmd`: its own and, depth first, those of its visible subcommands.
fn pages(cmd: &clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name()).to_string();
    out.push((format!("{name}.1"), page(cmd.clone())?));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages(sub, out)?;
    }
    Ok(())
}

/// Writes the page of `policykg` to standard output, or every page into a folder, each file whole.
pub fn run_man(args: ManArgs) -> anyhow::Result<ExitStatus> {
    let cmd = command();
    let Some(dir) = args.output else {
        let roff = page(cmd)?;
        let mut out = std::io::stdout().lock();
        out.write_all(&roff)?;
        out.flush()?;
        return Ok(ExitStatus::Success);
    };
    if !dir.is_dir() {
        anyhow::bail!("{}: not a folder; create it first, or name another with -o", dir.display());
    }
    let mut all = Vec::new();
    pages(&cmd, &mut all)?;
    for (file, roff) in &all {
        write_atomically(&Path::new(&dir).join(file), roff)?;
    }
    eprintln!("policykg: wrote {} manual pages to {}", all.len(), dir.display());
    Ok(ExitStatus::Success)
}
