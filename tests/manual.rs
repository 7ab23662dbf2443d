//! `policykg completions SHELL` and `policykg man`: generated from the clap definitions, so they
//! list every command there is; the manual page must be roff that groff reads without complaint.

use std::process::Command;

use clap::CommandFactory;

use crate::util::policykg;

/// Every subcommand of policykg, as the clap definitions give them.
fn subcommands() -> Vec<String> {
    policykg::cli::Args::command().get_subcommands().map(|c| c.get_name().to_string()).collect()
}

#[test]
fn the_bash_completion_offers_every_subcommand_and_every_diagram_view() {
    let out = policykg().args(["completions", "bash"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8(out.stdout).unwrap();
    let names = subcommands();
    // The commands of the README's table, written here by hand, are among them.
    for known in ["connect", "paths", "neighbors", "rank", "query", "export", "diagram", "completions", "man"] {
        assert!(names.iter().any(|n| n == known), "no subcommand {known}");
    }
    for name in &names {
        // bash's completion lists the words after `policykg` in one `opts="…"` line.
        assert!(script.split_whitespace().any(|w| w == name || w.trim_matches('"') == name), "bash: no {name}");
    }
    for view in ["overview", "bridge", "entity", "region-tree", "ontology"] {
        assert!(script.contains(view), "bash: no diagram view {view}");
    }
    assert!(script.contains("complete -F"), "not a bash completion script");
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_one_is_refused() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = policykg().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("connect") && script.contains("diagram"), "{shell}: {script}");
    }
    let out = policykg().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// groff's reading of a page: its text, and any warning it gave.
fn groff(roff: &[u8]) -> Option<(String, String)> {
    use std::io::Write;
    let mut child = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(roff).unwrap();
    let checked = child.wait_with_output().unwrap();
    assert!(checked.status.success());
    let mut child = Command::new("groff")
        // -P-cbou: plain characters, no overstriking for bold and underline.
        .args(["-man", "-Tutf8", "-P-cbou"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(roff).unwrap();
    let text = child.wait_with_output().unwrap();
    Some((String::from_utf8_lossy(&text.stdout).into_owned(), String::from_utf8_lossy(&checked.stderr).into_owned()))
}

#[test]
fn the_man_page_is_roff_that_groff_reads_and_names_every_subcommand() {
    let out = policykg().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let roff = out.stdout;
    let text = String::from_utf8(roff.clone()).unwrap();
    assert!(text.starts_with(".ie") || text.starts_with(".TH") || text.contains("\n.TH policykg 1"), "{text}");
    assert!(text.contains(".SH NAME") && text.contains(".SH SYNOPSIS"), "{text}");
    match groff(&roff) {
        Some((rendered, warnings)) => {
            assert!(warnings.is_empty(), "groff warns: {warnings}");
            assert!(rendered.contains("NAME") && rendered.contains("policykg"), "{rendered}");
            for name in subcommands() {
                assert!(rendered.contains(&format!("policykg-{name}")), "no policykg-{name} in {rendered}");
            }
        }
        None => eprintln!("groff is not installed: only the page's structure was checked"),
    }
}

#[test]
fn man_into_a_folder_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = policykg().args(["man", "-o", dir.path().to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let mut expected: Vec<String> = vec!["policykg.1".into()];
    expected.extend(subcommands().iter().map(|n| format!("policykg-{n}.1")));
    expected.push("policykg-diagram-entity.1".into());
    for file in &expected {
        let page = std::fs::read_to_string(dir.path().join(file)).unwrap_or_else(|_| panic!("no {file}"));
        assert!(page.contains(".TH"), "{file} has no title line");
    }
    let query = std::fs::read_to_string(dir.path().join("policykg-query.1")).unwrap();
    assert!(query.contains("lang\\-tags"), "the query page lists --lang-tags");
    // A folder that does not exist is refused in one line.
    let out = policykg().args(["man", "-o", dir.path().join("missing").to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}
