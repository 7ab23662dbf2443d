//! Embeds YASGUI (npm `@zazuko/yasgui`, installed into `web/node_modules` by `npm ci` in `web/`)
//! into the binary when it is there. Without it the build still succeeds, and the explorer's query
//! page says in one line that the editor was not built in.

use std::path::Path;

fn main() {
    let build = Path::new("web/node_modules/@zazuko/yasgui/build");
    println!("cargo::rerun-if-changed={}", build.display());
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
