//! Embeds YASGUI (npm `@zazuko/yasgui`, installed into `web/node_modules` by `npm ci` in `web/`)
//! into the binary when it is there. Without it the build still succeeds, and the explorer's query
//! page says in one line that the editor was not built in.

use std::path::Path;

fn main() {
    let build = Path::new("web/node_modules/@zazuko/yasgui/build");
    // Watch a path that exists: cargo reruns a build script that watches a missing path on every build.
    // Without node_modules, `web/` itself changes when `npm ci` creates it.
    let watched = if build.is_dir() { build } else { Path::new("web") };
    println!("cargo::rerun-if-changed={}", watched.display());
    println!("cargo::rustc-check-cfg=cfg(yasgui)");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut found = true;
    for file in ["yasgui.min.js", "yasgui.min.css"] {
        let from = build.join(file);
        let contents = std::fs::read(&from).unwrap_or_else(|_| {
            found = false;
            Vec::new()
        });
        std::fs::write(out.join(file), contents).expect("OUT_DIR is writable");
    }
    if found {
        println!("cargo::rustc-cfg=yasgui");
    }
}
